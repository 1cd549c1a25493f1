/* audio.h: calm music and chimes through PortAudio.
 *
 * One output stream mixes a music bus (built-in generated music, or the files of a
 * folder) and an effects bus (chimes), with a master volume. The PortAudio callback
 * never allocates, locks, logs or does I/O: it reads rings and atomics filled by the
 * main thread and the decoder thread, and counts underruns.
 *
 * When there is no sound device the class goes on in silence: audio_create still
 * returns an object, its status carries a quiet notice for the screen, and the device
 * is retried every few seconds from audio_poll().
 *
 * Every change of the music level is a fade: the class's first music comes in over five
 * seconds, a segment change over three, pause and resume over two. Chimes (a soft bell,
 * see chime.h) are never ducked by the music level but follow the volume and the mute.
 *
 * All functions are for the main thread, which owns the audio object, and accept NULL,
 * meaning "no audio". The modules behind it: device (PortAudio), mixer (the pure mix
 * in the callback), music (the thread that plays synth or files into a ring), ring. */
#ifndef NURTURE_AUDIO_H
#define NURTURE_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/session.h"
#include "core/status.h" /* audio_status */

typedef struct audio audio;

typedef struct audio_config {
    const char *music_dir; /* NULL: the built-in calm music */
    bool mute;             /* run silent on purpose: no device is opened for this run,
                              even if unmuted later (the status then says so) */
    int volume;            /* master volume in percent at start, 0 to 100 (clamped) */
    bool shuffle;          /* play the folder's files shuffled, not alphabetically */
    uint64_t seed;         /* for the generated music and the shuffle; 0: from the clock */
} audio_config;

/* Start the audio engine. NULL only when out of memory. */
audio *audio_create(const audio_config *cfg);
void audio_destroy(audio *a);

/* React to the class: fade the music to each segment's level (silence when paused,
 * back up on resume), chime when the time is up or two minutes are left as the plan
 * says. Called by the main loop for every session event. */
void audio_on_session_event(audio *a, const session *s, const session_event *ev);

void audio_set_volume(audio *a, int percent); /* 0 to 100, faded, never a click */
void audio_set_muted(audio *a, bool muted);
void audio_next_track(audio *a);

/* Housekeeping once per main-loop turn: retry a lost device, start the next file. */
void audio_poll(audio *a, int64_t now_ms);

void audio_get_status(const audio *a, audio_status *st);

#endif
