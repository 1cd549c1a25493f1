/* test_synth.c: the built-in music: deterministic, soft, steady, never looping.
 *
 * `test_synth --wav FILE SECONDS [SEED]` writes the music to a WAV file instead, to
 * listen to it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audiotest.h"
#include "sound/synth.h"
#include "testing.h"

#define RATE 48000

static float *render(uint64_t seed, size_t frames)
{
    synth *s = synth_create(RATE, seed);
    float *buf = malloc(2 * frames * sizeof(float));
    for (size_t done = 0, piece = 1000; done < frames; done += piece, piece = piece % 3000 + 517)
        synth_render(s, buf + 2 * done, piece < frames - done ? piece : frames - done);
    synth_destroy(s);
    return buf;
}

TEST(test_synth__same_seed_same_music)
{
    size_t n = 5 * RATE;
    float *a = render(42, n), *b = render(42, n), *c = render(43, n);
    CHECK(memcmp(a, b, 2 * n * sizeof(float)) == 0);
    CHECK(memcmp(a, c, 2 * n * sizeof(float)) != 0);
    free(a);
    free(b);
    free(c);
}

TEST(test_synth__soft_steady_and_smooth)
{
    for (uint64_t seed = 1; seed <= 2; seed++) {
        size_t n = 60 * RATE;
        float *x = render(seed, n);
        double peak = at_peak(x, 0, n);
        double rms = (at_rms(x, 0, n, 0) + at_rms(x, 0, n, 1)) / 2;
        printf("  seed %d: peak %.3f, rms %.3f, largest step %.4f, bend %.4f\n", (int)seed, peak,
               rms, at_max_step(x, 0, n), at_max_bend(x, 0, n));
        CHECK(peak <= SYNTH_PEAK + 1e-6);
        CHECK(rms > 0.06 && rms < 0.3);
        /* it fades in over the first seconds, then never drops out or jumps in level */
        CHECK(at_peak(x, 0, RATE / 100) < 0.01);
        for (size_t w = 5; w + 5 <= 60; w += 5) {
            double r = at_rms(x, w * RATE, (w + 5) * RATE, 0);
            CHECK(r > rms / 4 && r < rms * 2.5);
        }
        /* no clicks: the signal moves as soft tones do, never jumps */
        CHECK(at_max_step(x, 0, n) < 0.08);
        CHECK(at_max_bend(x, 0, n) < 0.02);
        /* soft: little energy up high (the low-pass and slow attacks) */
        double high = at_tone(x, 10 * RATE, 20 * RATE, 0, 6000, RATE);
        CHECK(high < 0.002);
        free(x);
    }
}

typedef struct note_log {
    int *midi, *len;
    size_t n, cap;
} note_log;

static void log_note(void *ctx, int midi, int eighths)
{
    note_log *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->midi = realloc(l->midi, l->cap * sizeof(int));
        l->len = realloc(l->len, l->cap * sizeof(int));
    }
    l->midi[l->n] = midi;
    l->len[l->n] = eighths;
    l->n++;
}

TEST(test_synth__an_hour_of_melody_without_repetition)
{
    for (uint64_t seed = 7; seed <= 9; seed++) {
        synth *s = synth_create(RATE, seed);
        note_log l = {0};
        synth_set_note_log(s, log_note, &l);
        int bars = SYNTH_BPM * 60 / 4; /* an hour at 4/4 */
        synth_compose(s, bars);
        /* a calm melody: one note every couple of beats, in a singable range */
        double per_minute = (double)l.n / 60.0;
        printf("  seed %d: %zu notes, %.0f a minute\n", (int)seed, l.n, per_minute);
        CHECK(per_minute > 10 && per_minute < 50);
        int lo = 200, hi = 0;
        for (size_t i = 0; i < l.n; i++) {
            if (l.midi[i] < lo) lo = l.midi[i];
            if (l.midi[i] > hi) hi = l.midi[i];
            CHECK(l.len[i] >= 1 && l.len[i] <= 32);
        }
        CHECK(lo >= 55 && hi <= 92);
        /* no stretch of 12 notes (pitch and length) comes back within the hour */
        enum { SPAN = 12 };
        size_t repeats = 0;
        for (size_t i = 0; i + SPAN <= l.n; i++)
            for (size_t j = i + 1; j + SPAN <= l.n; j++) {
                size_t k = 0;
                while (k < SPAN && l.midi[i + k] == l.midi[j + k] && l.len[i + k] == l.len[j + k])
                    k++;
                if (k == SPAN) repeats++;
            }
        CHECK_INT(repeats, 0);
        free(l.midi);
        free(l.len);
        synth_destroy(s);
    }
}

static void put_le(FILE *f, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        fputc((int)(v >> (8 * i)) & 0xFF, f);
}

static int write_wav(const char *path, double seconds, uint64_t seed)
{
    size_t n = (size_t)(seconds * RATE);
    float *x = render(seed, n);
    FILE *f = fopen(path, "wb");
    if (!f) return 1;
    uint32_t data = (uint32_t)(n * 4);
    fputs("RIFF", f);
    put_le(f, 36 + data, 4);
    fputs("WAVEfmt ", f);
    put_le(f, 16, 4);
    put_le(f, 1, 2);
    put_le(f, 2, 2);
    put_le(f, RATE, 4);
    put_le(f, RATE * 4, 4);
    put_le(f, 4, 2);
    put_le(f, 16, 2);
    fputs("data", f);
    put_le(f, data, 4);
    for (size_t i = 0; i < 2 * n; i++)
        put_le(f, (uint32_t)(int16_t)lrintf(x[i] * 32767.0f), 2);
    free(x);
    return fclose(f) != 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "--wav"))
        return write_wav(argv[2], atof(argv[3]), argc > 4 ? strtoull(argv[4], NULL, 10) : 1);
    testing_begin(argc, argv);
    RUN(test_synth__same_seed_same_music);
    RUN(test_synth__soft_steady_and_smooth);
    RUN(test_synth__an_hour_of_melody_without_repetition);
    return testing_end();
}
