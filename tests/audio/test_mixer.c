/* test_mixer.c: the mix rendered to memory: fades, volume curve, mute, chimes. */
#include <math.h>
#include <stdlib.h>

#include "audiotest.h"
#include "sound/chime.h"
#include "sound/mixer.h"
#include "testing.h"

#define RATE 48000

/* A source of constant value on both channels, which counts what it gives. */
typedef struct dc_source {
    float value;
    size_t given, limit; /* limit: frames it can give in all (0: no limit) */
} dc_source;

static size_t dc_read(void *ctx, float *out, size_t n)
{
    dc_source *s = ctx;
    if (s->limit && s->given + n > s->limit) n = s->limit - s->given;
    for (size_t i = 0; i < 2 * n; i++)
        out[i] = s->value;
    s->given += n;
    return n;
}

static float *render(mixer *m, size_t frames)
{
    float *buf = malloc(2 * frames * sizeof(float));
    /* in uneven pieces, as a sound card asks */
    for (size_t done = 0, piece = 333; done < frames; done += piece, piece = piece * 7 % 2000 + 1)
        mixer_render(m, buf + 2 * done, piece < frames - done ? piece : frames - done);
    return buf;
}

static void cmd(mixer *m, mixer_cmd_kind kind, float value, double fade_s)
{
    mixer_cmd c = {.kind = kind, .value = value, .fade_frames = (uint32_t)(fade_s * RATE)};
    mixer_apply(m, &c);
}

static void chime(mixer *m, chime_sound sound)
{
    mixer_cmd c = {.kind = MIXER_CHIME, .chime = sound};
    mixer_apply(m, &c);
}

/* A fresh mixer at full volume, unmuted, music level 0, with the volume ramp done. */
static mixer *fresh(dc_source *src)
{
    mixer *m = mixer_create(RATE, dc_read, src);
    cmd(m, MIXER_MUTE, 0, 0);
    free(render(m, RATE / 2));
    return m;
}

TEST(test_mixer__fade_in_is_smooth_and_as_long_as_asked)
{
    dc_source src = {.value = 0.5f};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 1.0f, 2.0);
    size_t n = 3 * RATE;
    float *out = render(m, n);
    CHECK(fabs(out[0]) < 1e-6);
    CHECK(at_max_step(out, 0, n) < 1e-4); /* 0.01% of full scale */
    bool monotonic = true;
    for (size_t i = 1; i < n; i++)
        monotonic &= out[2 * i] >= out[2 * (i - 1)];
    CHECK(monotonic);
    size_t reached = 0; /* the first frame at the final value */
    while (reached < n && out[2 * reached] < 0.5f)
        reached++;
    CHECK(reached >= 2 * RATE - 2 && reached <= 2 * RATE + 2);
    CHECK(out[2 * (RATE - 1)] > 0.05f && out[2 * (RATE - 1)] < 0.3f); /* half way: (1/2)^2 */
    CHECK(fabs(out[2 * (n - 1)] - 0.5f) < 1e-6);
    CHECK(fabsf(mixer_music_level(m) - 1.0f) < 1e-6f);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__fade_between_levels_and_a_change_midway)
{
    dc_source src = {.value = 0.8f};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 0.8f, 0);
    free(render(m, 100));
    cmd(m, MIXER_LEVEL, 0.3f, 3.0);
    float *a = render(m, RATE); /* a third of the way down */
    CHECK(at_max_step(a, 0, RATE) < 1e-4);
    cmd(m, MIXER_LEVEL, 1.0f, 2.0); /* changed its mind: back up, from where it is */
    float *b = render(m, 3 * RATE);
    CHECK(fabs(b[0] - a[2 * (RATE - 1)]) < 1e-4);
    CHECK(at_max_step(b, 0, 3 * RATE) < 1e-4);
    CHECK(fabs(b[2 * (3 * RATE - 1)] - 0.8f) < 1e-6);
    CHECK(fabsf(mixer_music_target(m) - 1.0f) < 1e-6f);
    free(a);
    free(b);
    mixer_destroy(m);
}

TEST(test_mixer__level_zero_pauses_the_music_source)
{
    dc_source src = {.value = 0.5f};
    mixer *m = fresh(&src);
    CHECK(mixer_music_frozen(m));
    free(render(m, RATE));
    CHECK_INT(src.given, 0);
    cmd(m, MIXER_LEVEL, 0.5f, 2.0);
    free(render(m, RATE));
    CHECK_INT(src.given, RATE);
    cmd(m, MIXER_LEVEL, 0, 2.0);
    free(render(m, 3 * RATE));
    size_t given = src.given;
    CHECK(mixer_music_frozen(m));
    float *out = render(m, RATE);
    CHECK_INT(src.given, given); /* resting at 0: not read, so the music waits */
    CHECK(at_peak(out, 0, RATE) == 0);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__missing_music_is_counted_and_silent)
{
    dc_source src = {.value = 0.5f, .limit = 1000};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 1, 0);
    float *out = malloc(2 * 3000 * sizeof(float));
    CHECK_INT(mixer_render(m, out, 3000), 2000);
    CHECK(fabs(out[2 * 999] - 0.5f) < 1e-6 && out[2 * 1000] == 0);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__volume_follows_a_cubic_curve_smoothly)
{
    CHECK(mixer_volume_gain(0) == 0);
    CHECK(fabsf(mixer_volume_gain(100) - 1) < 1e-6f);
    CHECK(fabsf(mixer_volume_gain(50) - 0.125f) < 1e-6f);
    CHECK(fabsf(mixer_volume_gain(70) - 0.343f) < 1e-5f);
    CHECK(mixer_volume_gain(150) == 1 && mixer_volume_gain(-5) == 0);
    for (int p = 1; p <= 100; p++)
        CHECK(mixer_volume_gain((float)p) > mixer_volume_gain((float)(p - 1)));
    /* 5% steps near the top are about 1 dB, at the bottom more: like a hardware knob */
    double top = 20 * log10(mixer_volume_gain(100) / mixer_volume_gain(95));
    CHECK(top > 1.0 && top < 2.0);
    CHECK(fabsf(mixer_level_gain(0.5f) - 0.25f) < 1e-6f);

    dc_source src = {.value = 1.0f};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 1, 0);
    cmd(m, MIXER_VOLUME, 50, 0);
    float *out = render(m, RATE);
    CHECK(at_max_step(out, 0, RATE) < 2e-4); /* a ramp, not a jump */
    CHECK(fabs(out[2 * (RATE - 1)] - 0.125) < 1e-5);
    size_t ramp = 0;
    while (out[2 * ramp] > 0.125f + 1e-5f)
        ramp++;
    CHECK(ramp >= (size_t)(MIXER_VOLUME_FADE_S * RATE) - 2);
    CHECK(fabsf(mixer_master_gain(m) - 0.125f) < 1e-5f);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__mute_is_silence_without_a_click)
{
    dc_source src = {.value = 0.9f};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 1, 0);
    free(render(m, 100));
    cmd(m, MIXER_MUTE, 1, 0);
    size_t n = RATE, fade = (size_t)(MIXER_MUTE_FADE_S * RATE);
    float *out = render(m, n);
    CHECK(at_max_step(out, 0, n) < 1e-3); /* a short ramp down */
    CHECK(at_peak(out, fade + 1, n) == 0);
    free(out);
    chime(m, CHIME_SOUND_END); /* a chime while muted is not heard either */
    out = render(m, n);
    CHECK(at_peak(out, 0, n) == 0);
    free(out);
    cmd(m, MIXER_MUTE, 0, 0); /* and back, as smoothly */
    out = render(m, n);
    CHECK(at_rms(out, n / 2, n, 0) > 0.5);
    free(out);
    mixer_cmd quiet = {.kind = MIXER_LEVEL, .value = 0};
    mixer_apply(m, &quiet);
    free(render(m, 5 * RATE));
    cmd(m, MIXER_LEVEL, 1, 0);
    cmd(m, MIXER_MUTE, 1, 0);
    free(render(m, RATE));
    cmd(m, MIXER_MUTE, 0, 0);
    out = render(m, n);
    CHECK(at_max_step(out, 0, n) < 1e-3);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__chime_is_soft_bounded_and_ends)
{
    dc_source src = {.value = 0.5f};
    mixer *m = fresh(&src); /* music level 0: the chime is not ducked by it */
    chime(m, CHIME_SOUND_END);
    CHECK(mixer_chiming(m));
    double len = chime_length_s(CHIME_SOUND_END);
    size_t n = (size_t)((len + 0.5) * RATE);
    float *out = render(m, n);
    double peak = at_peak(out, 0, n);
    CHECK(peak > 0.15 && peak <= 2 * CHIME_STRIKE_PEAK);
    /* a gentle attack: the first millisecond is quiet, no sample jumps */
    CHECK(at_peak(out, 0, RATE / 1000) < 0.02);
    CHECK(at_max_step(out, 0, n) < 0.1);
    /* the bell's marker partial rings after the second strike */
    size_t from = (size_t)(0.6 * RATE), to = from + RATE / 4;
    double mark = at_tone(out, from, to, 0, CHIME_LOW_HZ * CHIME_MARK_RATIO, RATE);
    double off = at_tone(out, from, to, 0, 1234.0, RATE);
    CHECK(mark > 0.01 && mark > 20 * off);
    /* it decays: each second quieter than the one before, then silence */
    double last = 1;
    for (int s = 1; s < 5; s++) {
        double r = at_rms(out, (size_t)s * RATE, (size_t)(s + 1) * RATE, 0);
        CHECK(r < last);
        last = r;
    }
    CHECK(at_peak(out, (size_t)(len * RATE), n) < 1e-4);
    CHECK(!mixer_chiming(m));
    CHECK_INT(src.given, 0);
    free(out);

    /* the warning chime is a single softer strike */
    chime(m, CHIME_SOUND_WARNING);
    out = render(m, RATE);
    CHECK(at_peak(out, 0, RATE) < peak && at_peak(out, 0, RATE) > 0.1);
    free(out);
    mixer_destroy(m);
}

TEST(test_mixer__chime_follows_the_volume)
{
    dc_source src = {.value = 0};
    mixer *loud = fresh(&src), *soft = fresh(&src);
    cmd(soft, MIXER_VOLUME, 50, 0);
    free(render(soft, RATE));
    chime(loud, CHIME_SOUND_WARNING);
    chime(soft, CHIME_SOUND_WARNING);
    float *a = render(loud, RATE), *b = render(soft, RATE);
    CHECK(fabs(at_peak(b, 0, RATE) / at_peak(a, 0, RATE) - 0.125) < 1e-3);
    free(a);
    free(b);
    mixer_destroy(loud);
    mixer_destroy(soft);
}

TEST(test_mixer__many_chimes_never_clip)
{
    dc_source src = {.value = 1.0f};
    mixer *m = fresh(&src);
    cmd(m, MIXER_LEVEL, 1, 0);
    for (int i = 0; i < 10; i++)
        chime(m, i % 2 ? CHIME_SOUND_END : CHIME_SOUND_WARNING);
    float *out = render(m, 2 * RATE);
    CHECK(at_peak(out, 0, 2 * RATE) <= 1.0);
    free(out);
    mixer_destroy(m);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_mixer__fade_in_is_smooth_and_as_long_as_asked);
    RUN(test_mixer__fade_between_levels_and_a_change_midway);
    RUN(test_mixer__level_zero_pauses_the_music_source);
    RUN(test_mixer__missing_music_is_counted_and_silent);
    RUN(test_mixer__volume_follows_a_cubic_curve_smoothly);
    RUN(test_mixer__mute_is_silence_without_a_click);
    RUN(test_mixer__chime_is_soft_bounded_and_ends);
    RUN(test_mixer__chime_follows_the_volume);
    RUN(test_mixer__many_chimes_never_clip);
    return testing_end();
}
