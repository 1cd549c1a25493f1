/* mixer.c: see mixer.h. */
#include "sound/mixer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A linear ramp from `from` to `to` over `len` frames, `pos` of them done. The value is
 * computed from the position rather than accumulated, so it lands exactly. */
typedef struct ramp {
    float from, to;
    uint32_t len, pos;
} ramp;

struct mixer {
    int rate;
    mixer_source_fn source;
    void *source_ctx;
    ramp level, volume, mute;
    chime_bank chimes;
    float music[2 * MIXER_BLOCK];
    float music_gain[MIXER_BLOCK], fx_gain[MIXER_BLOCK];
};

static float ramp_value(const ramp *r)
{
    if (r->pos >= r->len) return r->to;
    return r->from + (r->to - r->from) * ((float)r->pos / (float)r->len);
}

static bool ramp_resting(const ramp *r)
{
    return r->pos >= r->len;
}

static void ramp_to(ramp *r, float to, uint32_t len)
{
    r->from = ramp_value(r);
    r->to = to;
    r->len = len;
    r->pos = 0;
}

static float ramp_next(ramp *r)
{
    float v = ramp_value(r);
    if (r->pos < r->len) r->pos++;
    return v;
}

static void ramp_set(ramp *r, float v)
{
    r->from = r->to = v;
    r->len = r->pos = 0;
}

float mixer_volume_gain(float percent)
{
    float p = percent < 0 ? 0 : percent > 100 ? 1 : percent / 100.0f;
    return p * p * p;
}

float mixer_level_gain(float level)
{
    float l = level < 0 ? 0 : level > 1 ? 1 : level;
    return l * l;
}

mixer *mixer_create(int rate, mixer_source_fn source, void *source_ctx)
{
    mixer *m = calloc(1, sizeof(*m));
    if (!m) return NULL;
    m->rate = rate;
    m->source = source;
    m->source_ctx = source_ctx;
    ramp_set(&m->level, 0);
    ramp_set(&m->volume, 100);
    ramp_set(&m->mute, 1);
    chime_init(&m->chimes, rate);
    return m;
}

void mixer_destroy(mixer *m)
{
    free(m);
}

static float clamp01(float v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

void mixer_apply(mixer *m, const mixer_cmd *cmd)
{
    switch (cmd->kind) {
    case MIXER_LEVEL: ramp_to(&m->level, clamp01(cmd->value), cmd->fade_frames); break;
    case MIXER_VOLUME: {
        float p = cmd->value < 0 ? 0 : cmd->value > 100 ? 100 : cmd->value;
        ramp_to(&m->volume, p, (uint32_t)(MIXER_VOLUME_FADE_S * m->rate));
        break;
    }
    case MIXER_MUTE:
        ramp_to(&m->mute, cmd->value != 0 ? 0.0f : 1.0f, (uint32_t)(MIXER_MUTE_FADE_S * m->rate));
        break;
    case MIXER_CHIME: chime_play(&m->chimes, cmd->chime); break;
    }
}

bool mixer_music_frozen(const mixer *m)
{
    return ramp_resting(&m->level) && m->level.to == 0;
}

/* Softly compress peaks above MIXER_LIMIT so the sum of buses never clips hard. */
static float soft_limit(float x)
{
    float a = fabsf(x);
    if (a <= MIXER_LIMIT) return x;
    float room = 1.0f - MIXER_LIMIT;
    float y = MIXER_LIMIT + room * tanhf((a - MIXER_LIMIT) / room);
    return x < 0 ? -y : y;
}

static size_t render_block(mixer *m, float *out, size_t n)
{
    size_t missing = 0;
    bool frozen = mixer_music_frozen(m);
    if (!frozen) {
        size_t got = m->source ? m->source(m->source_ctx, m->music, n) : 0;
        if (got < n) {
            memset(m->music + 2 * got, 0, 2 * (n - got) * sizeof(float));
            missing = n - got;
        }
    }
    for (size_t f = 0; f < n; f++) {
        float master = mixer_volume_gain(ramp_next(&m->volume)) * ramp_next(&m->mute);
        m->fx_gain[f] = master;
        m->music_gain[f] = frozen ? 0 : master * mixer_level_gain(ramp_next(&m->level));
    }
    if (frozen) {
        memset(out, 0, 2 * n * sizeof(float));
    } else {
        for (size_t f = 0; f < n; f++) {
            out[2 * f] = m->music[2 * f] * m->music_gain[f];
            out[2 * f + 1] = m->music[2 * f + 1] * m->music_gain[f];
        }
    }
    chime_mix(&m->chimes, out, n, m->fx_gain);
    for (size_t i = 0; i < 2 * n; i++)
        out[i] = soft_limit(out[i]);
    return missing;
}

size_t mixer_render(mixer *m, float *out, size_t frames)
{
    size_t missing = 0;
    while (frames) {
        size_t n = frames < MIXER_BLOCK ? frames : MIXER_BLOCK;
        missing += render_block(m, out, n);
        out += 2 * n;
        frames -= n;
    }
    return missing;
}

float mixer_music_level(const mixer *m)
{
    return ramp_value(&m->level);
}

float mixer_music_target(const mixer *m)
{
    return m->level.to;
}

float mixer_master_gain(const mixer *m)
{
    return mixer_volume_gain(ramp_value(&m->volume)) * ramp_value(&m->mute);
}

bool mixer_chiming(const mixer *m)
{
    return chime_ringing(&m->chimes);
}
