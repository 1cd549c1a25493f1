/* mixer.h: the audio mix, pure and offline-testable.
 *
 * Two buses into one stereo output: the music bus (pulled from a source: the ring the
 * music thread fills, or anything a test supplies) at the segment's music level, and
 * the effects bus (chimes), which the music level never ducks. Both go through the
 * master volume and the mute. Every gain is a per-sample ramp, so nothing clicks:
 *
 *   music level  linear ramp of the level (0..1) over the fade asked for; the gain is
 *                level^2, so a fade sounds even to the ear (MIXER_LEVEL)
 *   volume       linear ramp of the percent over MIXER_VOLUME_FADE_S, gain (p/100)^3,
 *                the cubic curve of PulseAudio and ALSA mixers (MIXER_VOLUME)
 *   mute         linear ramp to 0 or 1 over MIXER_MUTE_FADE_S; muted is exact silence
 *
 * When the music level rests at 0 the source is not read at all, so music pauses where
 * it was (a file or the generated music continue from there when the level comes up).
 *
 * A mixer is created and destroyed on the main thread; in between, exactly one thread
 * at a time calls mixer_apply and mixer_render (the audio callback while the stream
 * runs, the main thread while it does not). mixer_apply and mixer_render never
 * allocate, lock, block or log. */
#ifndef NURTURE_MIXER_H
#define NURTURE_MIXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sound/chime.h"

#define MIXER_BLOCK         1024 /* frames rendered per internal block */
#define MIXER_VOLUME_FADE_S 0.25
#define MIXER_MUTE_FADE_S   0.08
#define MIXER_LIMIT         0.90f /* above this the output is softly compressed */

/* Fill `frames` interleaved stereo frames; return how many were available (the rest are
 * left as they are and counted as missing). */
typedef size_t (*mixer_source_fn)(void *ctx, float *frames, size_t n);

typedef enum mixer_cmd_kind {
    MIXER_LEVEL,  /* music level `value` 0..1, faded over `fade_frames` */
    MIXER_VOLUME, /* master volume `value` in percent 0..100 */
    MIXER_MUTE,   /* `value` nonzero: muted */
    MIXER_CHIME,  /* play chime `chime` */
} mixer_cmd_kind;

typedef struct mixer_cmd {
    mixer_cmd_kind kind;
    float value;
    uint32_t fade_frames;
    chime_sound chime;
} mixer_cmd;

typedef struct mixer mixer;

mixer *mixer_create(int rate, mixer_source_fn source, void *source_ctx);
void mixer_destroy(mixer *m);

void mixer_apply(mixer *m, const mixer_cmd *cmd);

/* Render `frames` interleaved stereo frames into `out` (overwritten). Returns how many
 * frames of music the source could not supply (0 when it kept up or was not read). */
size_t mixer_render(mixer *m, float *out, size_t frames);

/* The state as of the last render, for status and tests. */
float mixer_music_level(const mixer *m);  /* the level now, 0..1 */
float mixer_music_target(const mixer *m); /* where it is fading to */
bool mixer_music_frozen(const mixer *m);  /* resting at level 0, source not read */
float mixer_master_gain(const mixer *m);  /* volume x mute now */
bool mixer_chiming(const mixer *m);

/* The curves, exposed so tests check them: percent -> gain. */
float mixer_volume_gain(float percent); /* (p/100)^3 */
float mixer_level_gain(float level);    /* level^2 */

#endif
