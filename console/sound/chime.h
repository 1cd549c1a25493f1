/* chime.h: a soft synthesised bell, for the effects bus.
 *
 * A strike is a few inharmonic partials of a small bell (1, 2, 2.76 and 4.07 times the
 * fundamental), each with its own exponential decay (the high ones die first, so the
 * sound mellows), behind a raised-cosine attack of a few milliseconds (no click). The
 * peak of one strike is at most CHIME_STRIKE_PEAK; a chime is one or two strikes.
 *
 * Pure: no allocation, no I/O; a chime_bank lives in the caller's storage and is only
 * touched by one thread (the audio callback, through the mixer). */
#ifndef NURTURE_CHIME_H
#define NURTURE_CHIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHIME_PARTIALS    4
#define CHIME_VOICES      6
#define CHIME_STRIKE_PEAK 0.30f   /* largest |sample| of one strike */
#define CHIME_LOW_HZ      783.99  /* G5, the lower strike of every chime */
#define CHIME_HIGH_HZ     1046.50 /* C6 */
#define CHIME_MARK_RATIO  2.76    /* the partial tests listen for: 2.76 x CHIME_LOW_HZ */

typedef enum chime_sound {
    CHIME_SOUND_END,     /* time is up: two strikes, C6 then G5 */
    CHIME_SOUND_WARNING, /* two minutes left: one softer G5 */
} chime_sound;

typedef struct chime_voice {
    bool active;
    uint32_t delay; /* frames before the strike */
    uint32_t age;   /* frames since the strike */
    float gain;
    double phase[CHIME_PARTIALS], inc[CHIME_PARTIALS]; /* radians, per frame */
    float env[CHIME_PARTIALS], decay[CHIME_PARTIALS];  /* per-frame multipliers */
} chime_voice;

typedef struct chime_bank {
    int rate;
    uint32_t attack; /* frames */
    chime_voice voice[CHIME_VOICES];
} chime_bank;

void chime_init(chime_bank *b, int rate);
/* Start a chime; when every voice is busy the oldest is replaced. */
void chime_play(chime_bank *b, chime_sound sound);
/* Add `frames` stereo frames of the ringing voices to `out` (interleaved), times `gain`
 * per frame from `gains` (NULL: 1). */
void chime_mix(chime_bank *b, float *out, size_t frames, const float *gains);
bool chime_ringing(const chime_bank *b);
/* How long a chime rings, in seconds (until its voices are inaudible). */
double chime_length_s(chime_sound sound);

#endif
