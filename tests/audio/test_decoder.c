/* test_decoder.c: music files of every kind the instructor may bring, and the player
 * that strings them together. The files are made at test time with sox. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audiotest.h"
#include "sound/decoder.h"
#include "sound/music.h"
#include "testing.h"

#define RATE 48000

static char dir[PATH_MAX];

static int sh(const char *fmt, const char *a, int rate, int channels)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, a, rate, channels);
    return system(cmd);
}

/* A one-second tone file: 440 Hz on the left (or mono), 660 Hz on the right. */
static int make_tone(const char *name, int rate, int channels)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return sh(channels == 1 ? "sox -q -n -r %2$d -c 1 '%1$s' synth 1 sine 440 vol 0.5"
                            : "sox -q -n -r %2$d -c 2 '%1$s' synth 1 sine 440 sine 660 vol 0.5",
              path, rate, channels);
}

static size_t decode_all(decoder *d, float **out)
{
    size_t cap = RATE, n = 0;
    *out = malloc(2 * cap * sizeof(float));
    for (;;) {
        if (n + 1000 > cap) {
            cap *= 2;
            *out = realloc(*out, 2 * cap * sizeof(float));
        }
        size_t got = decoder_read(d, *out + 2 * n, 1000);
        if (!got) break;
        n += got;
    }
    return n;
}

TEST(test_decoder__every_format_rate_and_layout)
{
    static const char *const formats[] = {"wav", "flac", "ogg", "mp3"};
    static const int rates[] = {22050, 44100, 48000, 96000};
    for (int f = 0; f < 4; f++)
        for (int r = 0; r < 4; r++)
            for (int ch = 1; ch <= 2; ch++) {
                if (f == 3 && rates[r] > 48000) continue; /* MP3 stops at 48 kHz */
                char name[64], path[PATH_MAX + 64], err[160] = "";
                snprintf(name, sizeof name, "tone-%d-%d.%s", rates[r], ch, formats[f]);
                snprintf(path, sizeof path, "%s/%s", dir, name);
                if (make_tone(name, rates[r], ch) != 0) {
                    fprintf(stderr, "cannot make %s with sox\n", name);
                    CHECK(0);
                    continue;
                }
                decoder *d = decoder_open(path, RATE, err, sizeof err);
                if (!d) {
                    fprintf(stderr, "%s: %s\n", name, err);
                    CHECK(d != NULL);
                    continue;
                }
                CHECK_INT(decoder_file_rate(d), rates[r]);
                CHECK_INT(decoder_file_channels(d), ch);
                int64_t expected_left = decoder_frames_left(d);
                float *x;
                size_t n = decode_all(d, &x);
                /* one second at the output rate; MP3 carries encoder delay and padding
                 * (up to about two frames: 80 ms) */
                size_t slack = f == 3 ? 3840 : 64;
                bool length_ok = n + slack >= RATE && n <= RATE + slack;
                double fl = at_frequency(x, n / 4, 3 * n / 4, 0, RATE);
                double fr = at_frequency(x, n / 4, 3 * n / 4, 1, RATE);
                double want_r = ch == 1 ? 440 : 660;
                bool pitch_ok = fabs(fl - 440) < 2 && fabs(fr - want_r) < 3;
                double level = at_rms(x, n / 4, 3 * n / 4, 0);
                bool level_ok = level > 0.3 && level < 0.4; /* 0.5 / sqrt(2) */
                if (!length_ok || !pitch_ok || !level_ok)
                    fprintf(stderr, "%s: %zu frames, %.1f Hz / %.1f Hz, rms %.3f\n", name, n, fl,
                            fr, level);
                CHECK(length_ok && pitch_ok && level_ok);
                CHECK(expected_left < 0 || llabs(expected_left - (int64_t)n) <= (int64_t)slack);
                CHECK_INT(decoder_frames_left(d), 0);
                free(x);
                decoder_close(d);
            }
}

TEST(test_decoder__unreadable_files_say_why)
{
    char path[PATH_MAX + 64], err[160] = "";
    snprintf(path, sizeof path, "%s/broken.mp3", dir);
    FILE *f = fopen(path, "w");
    fputs("this is not music\n", f);
    fclose(f);
    CHECK(decoder_open(path, RATE, err, sizeof err) == NULL);
    CHECK(err[0] != '\0');
    CHECK(decoder_open("/nonexistent/x.wav", RATE, err, sizeof err) == NULL);
    CHECK(decoder_is_music_name("Song.MP3") && decoder_is_music_name("a.flac"));
    CHECK(decoder_is_music_name("b.ogg") && decoder_is_music_name("c.wav"));
    CHECK(!decoder_is_music_name("cover.jpg") && !decoder_is_music_name("._a.mp3"));
    CHECK(!decoder_is_music_name(".mp3") && !decoder_is_music_name("notes.txt"));
}

/* A folder of two ten-second tracks, a broken one, and a picture. */
static void make_folder(const char *sub)
{
    char cmd[PATH_MAX * 3];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%1$s/%2$s' && cd '%1$s/%2$s' && "
             "sox -q -n -r 44100 -c 2 'b second.flac' synth 10 sine 330 vol 0.5 && "
             "sox -q -n -r 48000 -c 1 'A first.wav' synth 10 sine 550 vol 0.5 && "
             "echo junk > 'c broken.ogg' && echo picture > cover.jpg",
             dir, sub);
    CHECK(system(cmd) == 0);
}

TEST(test_decoder__player_plays_a_folder_in_order_with_crossfades)
{
    make_folder("music");
    char path[PATH_MAX + 16], notice[MUSIC_NOTICE_LEN];
    snprintf(path, sizeof path, "%s/music", dir);
    music_config cfg = {.dir = path, .rate = RATE, .seed = 1};
    player *p = player_create(&cfg);
    CHECK_INT(player_track_count(p), 3);
    CHECK_STR(player_track_name(p, 0), "A first.wav");
    CHECK_STR(player_track_name(p, 2), "c broken.ogg");
    size_t n = 20 * RATE;
    float *x = malloc(2 * n * sizeof(float));
    for (size_t done = 0; done < n; done += 4800) {
        player_render(p, x + 2 * done, 4800);
        if (done == 0) CHECK_STR(player_track(p), "A first.wav");
    }
    /* first A (550 Hz), crossfading into b (330 Hz) from 6 s to 10 s; then the broken
     * one is skipped with a notice, and A comes round again from 12 s */
    CHECK(at_tone(x, RATE / 2, RATE, 0, 550, RATE) > 0.3);
    CHECK(at_tone(x, RATE / 2, RATE, 0, 330, RATE) < 0.01);
    CHECK(at_tone(x, 8 * RATE, 9 * RATE, 0, 330, RATE) > 0.1);
    CHECK(at_tone(x, 8 * RATE, 9 * RATE, 0, 550, RATE) > 0.1);
    CHECK(at_tone(x, 21 * RATE / 2, 23 * RATE / 2, 0, 330, RATE) > 0.3);
    CHECK(at_tone(x, 21 * RATE / 2, 23 * RATE / 2, 0, 550, RATE) < 0.01);
    CHECK(at_tone(x, 17 * RATE, 18 * RATE, 0, 550, RATE) > 0.3);
    CHECK(player_take_notice(p, notice, sizeof notice));
    CHECK(strstr(notice, "c broken.ogg") != NULL);
    /* an equal-power crossfade of two tones keeps the level, and nothing clicks */
    for (size_t w = 0; w + RATE / 10 <= 19 * RATE; w += RATE / 10) {
        double r = at_rms(x, w, w + RATE / 10, 0);
        if (r < 0.3 || r > 0.42) {
            fprintf(stderr, "level %.3f at %.1f s\n", r, (double)w / RATE);
            CHECK(0);
            break;
        }
    }
    CHECK(at_max_step(x, 0, n) < 0.08);
    free(x);
    player_destroy(p);
}

TEST(test_decoder__player_next_and_shuffle)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/music", dir);
    music_config cfg = {.dir = path, .rate = RATE, .seed = 5, .shuffle = true};
    player *p = player_create(&cfg);
    float *x = malloc(2 * 8 * RATE * sizeof(float));
    player_render(p, x, RATE / 2);
    char first[256];
    snprintf(first, sizeof first, "%s", player_track(p));
    player_next(p); /* a crossfade starts now and ends MUSIC_CROSSFADE_S later */
    player_render(p, x, (size_t)((MUSIC_CROSSFADE_S + 0.2) * RATE));
    CHECK(player_track(p) && strcmp(player_track(p), first) != 0);
    free(x);
    player_destroy(p);
}

TEST(test_decoder__nothing_playable_falls_back_to_the_built_in_music)
{
    char path[PATH_MAX + 16], notice[MUSIC_NOTICE_LEN], cmd[PATH_MAX * 4];
    snprintf(path, sizeof path, "%s/junk", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && echo x > '%s/a.mp3' && echo y > '%s/b.wav'", path,
             path, path);
    CHECK(system(cmd) == 0);
    const char *folders[] = {path, "/nonexistent/music"};
    for (int i = 0; i < 2; i++) {
        music_config cfg = {.dir = folders[i], .rate = RATE, .seed = 3};
        player *p = player_create(&cfg);
        float *x = malloc(2 * 10 * RATE * sizeof(float));
        player_render(p, x, 10 * RATE);
        CHECK(player_track(p) == NULL);
        CHECK(at_rms(x, 5 * RATE, 10 * RATE, 0) > 0.02); /* the generated music plays */
        CHECK(player_take_notice(p, notice, sizeof notice));
        CHECK(strstr(notice, "built-in music") != NULL);
        free(x);
        player_destroy(p);
    }
}

/* Stderr into a file while `render` runs; the lines the player said there ("nurture:
 * music: ..."). */
static int said_while(player *p, float *x, size_t frames)
{
    char log[PATH_MAX + 16];
    snprintf(log, sizeof log, "%s/said.log", dir);
    fflush(stderr);
    int saved = dup(2), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    for (size_t done = 0; done < frames; done += 1024) /* as the music thread does */
        player_render(p, x + 2 * done, frames - done < 1024 ? frames - done : 1024);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(log, "r");
    char line[512];
    int n = 0;
    while (f && fgets(line, sizeof line, f)) {
        fputs(line, stderr);
        n += strncmp(line, "nurture: music: ", 16) == 0;
    }
    if (f) fclose(f);
    return n;
}

/* The level of every second of [from, to): the quietest. */
static double quietest_second(const float *x, size_t from, size_t to)
{
    double q = 1;
    for (size_t w = from; w + RATE <= to; w += RATE) {
        double r = at_rms(x, w, w + RATE, 0);
        if (r < q) q = r;
    }
    return q;
}

/* A WAV file with a header and no sound at all. */
static void make_empty_wav(const char *path)
{
    static const unsigned char wav[44] = {'R', 'I', 'F',  'F',  36,  0,   0,   0,    'W', 'A', 'V',
                                          'E', 'f', 'm',  't',  ' ', 16,  0,   0,    0,   1,   0,
                                          2,   0,   0x80, 0xbb, 0,   0,   0,   0xee, 2,   0,   4,
                                          0,   16,  0,    'd',  'a', 't', 'a', 0,    0,   0,   0};
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(wav, 1, sizeof wav, f) == sizeof wav);
    if (f) fclose(f);
}

/* Mid-class the instructor's folder is emptied, or its files replaced with junk: the
 * track playing goes on to its end (its file is open), then the built-in music, with
 * one notice; nothing is tried again and again, and the music never stops. */
TEST(test_decoder__the_folder_emptied_or_filled_with_junk_mid_class)
{
    for (int junk = 0; junk < 2; junk++) {
        char path[PATH_MAX + 16], cmd[PATH_MAX * 4], notice[MUSIC_NOTICE_LEN];
        snprintf(path, sizeof path, "%s/changing%d", dir, junk);
        snprintf(cmd, sizeof cmd,
                 "mkdir -p '%1$s' && cd '%1$s' && "
                 "sox -q -n -r 48000 -c 2 a.wav synth 6 sine 550 vol 0.5 && "
                 "sox -q -n -r 44100 -c 1 b.flac synth 6 sine 330 vol 0.5",
                 path);
        CHECK(system(cmd) == 0);
        music_config cfg = {.dir = path, .rate = RATE, .seed = 5};
        player *p = player_create(&cfg);
        size_t n = 40 * RATE;
        float *x = malloc(2 * n * sizeof(float));
        said_while(p, x, RATE);
        CHECK_STR(player_track(p), "a.wav");
        snprintf(cmd, sizeof cmd, "cd '%s' && rm -f a.wav b.flac", path);
        CHECK(system(cmd) == 0);
        if (junk) {
            snprintf(cmd, sizeof cmd,
                     "cd '%s' && head -c 65536 /dev/urandom > r.ogg && "
                     "head -c 65536 /dev/urandom > r.mp3 && head -c 65536 /dev/urandom > r.wav && "
                     ": > zero.flac && mkdir x.flac",
                     path);
            CHECK(system(cmd) == 0);
            snprintf(cmd, sizeof cmd, "%s/silent.wav", path);
            make_empty_wav(cmd);
        }
        int said = said_while(p, x + 2 * RATE, n - RATE);
        CHECK(said >= 1 && said <= 2); /* the fall back, and at most a skipped file */
        CHECK(player_track(p) == NULL);
        CHECK(player_take_notice(p, notice, sizeof notice));
        CHECK(strstr(notice, "built-in music") != NULL);
        /* a.wav went on (alone, or fading into a junk file a decoder took for music) */
        CHECK(at_tone(x, 3 * RATE, 4 * RATE, 0, 550, RATE) > 0.1);
        /* sound in every second: a.wav to its end, then the built-in music (which comes
         * in within a second, its own fade) */
        CHECK(quietest_second(x, 0, 5 * RATE) > 0.1);
        CHECK(quietest_second(x, 7 * RATE, n) > 0.01);
        free(x);
        player_destroy(p);
    }
}

/* Files that hold no sound (a header alone) or a blip under a second: the built-in music,
 * with one notice, not silence or blips for the whole class. */
TEST(test_decoder__files_without_sound_fall_back_to_the_built_in_music)
{
    char path[PATH_MAX + 16], file[PATH_MAX + 32], cmd[PATH_MAX * 3], err[160] = "";
    snprintf(path, sizeof path, "%s/silent", dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%1$s' && cd '%1$s' && "
             "sox -q -n -r 48000 -c 2 1.wav synth 0.1 sine 440 vol 0.5 && "
             "sox -q -n -r 44100 -c 1 2.flac synth 0.5 sine 440 vol 0.5",
             path);
    CHECK(system(cmd) == 0);
    snprintf(file, sizeof file, "%s/0.wav", path);
    make_empty_wav(file);
    CHECK(decoder_open(file, RATE, err, sizeof err) == NULL);
    CHECK_STR(err, "no sound in it");
    music_config cfg = {.dir = path, .rate = RATE, .seed = 6};
    player *p = player_create(&cfg);
    CHECK_INT(player_track_count(p), 3);
    size_t n = 40 * RATE;
    float *x = malloc(2 * n * sizeof(float));
    int said = said_while(p, x, n);
    CHECK(said == 1);
    CHECK(player_track(p) == NULL);
    CHECK(quietest_second(x, 20 * RATE, n) > 0.01);
    free(x);
    player_destroy(p);
}

TEST(test_decoder__the_music_thread_streams_into_a_ring)
{
    ring *r = ring_create(2 * sizeof(float), 8192);
    music_config cfg = {.rate = RATE, .seed = 9};
    music *m = music_create(&cfg, r);
    float *x = malloc(2 * RATE * sizeof(float));
    size_t got = 0;
    for (int tries = 0; tries < 400 && got < RATE; tries++) {
        got += ring_read(r, x + 2 * got, RATE - got);
        usleep(5000);
    }
    CHECK_INT(got, RATE);
    char track[64] = "x";
    music_track(m, track, sizeof track);
    CHECK_STR(track, "");
    music_next(m);
    music_destroy(m);
    ring_destroy(r);
    free(x);
}

int main(int argc, char **argv)
{
    snprintf(dir, sizeof dir, "%s/nurture-decoder-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (system("command -v sox >/dev/null") != 0) {
        fprintf(stderr, "test_decoder needs sox (tools/deps check installs it)\n");
        return 1;
    }
    testing_begin(argc, argv);
    RUN(test_decoder__every_format_rate_and_layout);
    RUN(test_decoder__unreadable_files_say_why);
    RUN(test_decoder__player_plays_a_folder_in_order_with_crossfades);
    RUN(test_decoder__player_next_and_shuffle);
    RUN(test_decoder__nothing_playable_falls_back_to_the_built_in_music);
    RUN(test_decoder__the_folder_emptied_or_filled_with_junk_mid_class);
    RUN(test_decoder__files_without_sound_fall_back_to_the_built_in_music);
    RUN(test_decoder__the_music_thread_streams_into_a_ring);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return testing_end();
}
