/* chime.c: see chime.h. */
#include "sound/chime.h"

#include <math.h>
#include <string.h>

#include "core/units.h"

#define ATTACK_S   0.006
#define SILENT_ENV 1e-5f /* a voice ends when every partial is this quiet */

static const double ratios[CHIME_PARTIALS] = {1.0, 2.0, CHIME_MARK_RATIO, 4.07};
static const float amps[CHIME_PARTIALS] = {1.0f, 0.30f, 0.45f, 0.12f};
static const double taus[CHIME_PARTIALS] = {1.6, 1.0, 0.8, 0.4}; /* seconds to 1/e */

void chime_init(chime_bank *b, int rate)
{
    memset(b, 0, sizeof(*b));
    b->rate = rate;
    b->attack = (uint32_t)(ATTACK_S * rate);
    if (b->attack < 1) b->attack = 1;
}

static void strike(chime_bank *b, double hz, float gain, double delay_s)
{
    chime_voice *v = NULL;
    for (int i = 0; i < CHIME_VOICES && !v; i++)
        if (!b->voice[i].active) v = &b->voice[i];
    if (!v) { /* replace the one that has rung longest */
        v = &b->voice[0];
        for (int i = 1; i < CHIME_VOICES; i++)
            if (b->voice[i].age > v->age) v = &b->voice[i];
    }
    float amp_sum = 0;
    for (int p = 0; p < CHIME_PARTIALS; p++)
        amp_sum += amps[p];
    memset(v, 0, sizeof(*v));
    v->active = true;
    v->delay = (uint32_t)(delay_s * b->rate);
    v->gain = gain * CHIME_STRIKE_PEAK / amp_sum;
    for (int p = 0; p < CHIME_PARTIALS; p++) {
        v->inc[p] = TAU * hz * ratios[p] / b->rate;
        v->env[p] = amps[p];
        v->decay[p] = (float)exp(-1.0 / (taus[p] * b->rate));
    }
}

void chime_play(chime_bank *b, chime_sound sound)
{
    if (sound == CHIME_SOUND_END) {
        strike(b, CHIME_HIGH_HZ, 0.8f, 0.0);
        strike(b, CHIME_LOW_HZ, 1.0f, 0.55);
    } else {
        strike(b, CHIME_LOW_HZ, 0.7f, 0.0);
    }
}

double chime_length_s(chime_sound sound)
{
    /* the slowest partial falls from 1 to SILENT_ENV in tau * ln(1e5) */
    double ring = taus[0] * log(1.0 / SILENT_ENV);
    return sound == CHIME_SOUND_END ? 0.55 + ring : ring;
}

bool chime_ringing(const chime_bank *b)
{
    for (int i = 0; i < CHIME_VOICES; i++)
        if (b->voice[i].active) return true;
    return false;
}

static void mix_voice(const chime_bank *b, chime_voice *v, float *out, size_t frames,
                      const float *gains)
{
    for (size_t f = 0; f < frames && v->active; f++) {
        if (v->delay) {
            v->delay--;
            continue;
        }
        float attack = 1.0f;
        if (v->age < b->attack)
            attack = 0.5f - 0.5f * cosf((float)M_PI * (float)v->age / (float)b->attack);
        float s = 0;
        bool audible = false;
        for (int p = 0; p < CHIME_PARTIALS; p++) {
            s += v->env[p] * (float)sin(v->phase[p]);
            v->phase[p] += v->inc[p];
            if (v->phase[p] > TAU) v->phase[p] -= TAU;
            v->env[p] *= v->decay[p];
            audible |= v->env[p] > SILENT_ENV;
        }
        s *= v->gain * attack * (gains ? gains[f] : 1.0f);
        out[2 * f] += s;
        out[2 * f + 1] += s;
        v->age++;
        if (!audible) v->active = false;
    }
}

void chime_mix(chime_bank *b, float *out, size_t frames, const float *gains)
{
    for (int i = 0; i < CHIME_VOICES; i++)
        if (b->voice[i].active) mix_voice(b, &b->voice[i], out, frames, gains);
}
