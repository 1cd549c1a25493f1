/* synth.h: the built-in calm music, generated as it plays.
 *
 * A slowly breathing pad (a few detuned sines per chord tone, each with a slow
 * amplitude LFO) on a chord progression chosen by a random walk over gentle diatonic
 * chords, changing every two or four bars; a soft bass; and a lullaby-like melody at
 * SYNTH_BPM, a seeded random walk over the major pentatonic scale in phrases of two or
 * four bars that end on a chord tone, with rests, breathing phrases left silent, and
 * rhythms sometimes echoed from the previous phrase. Every few minutes the key moves a
 * fourth or a fifth. Notes have slow attacks and long releases, chords cross-fade over
 * seconds; a small reverb and a gentle low-pass soften it all. Nothing is a loop, so
 * nothing repeats noticeably within an hour.
 *
 * Deterministic for a given seed. Pure: synth_create allocates (tables, reverb lines);
 * synth_render does not allocate, lock or do I/O. One thread uses a synth. */
#ifndef NURTURE_SYNTH_H
#define NURTURE_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#define SYNTH_BPM  66
#define SYNTH_PEAK 0.7f /* the output never goes beyond this */

typedef struct synth synth;

synth *synth_create(int rate, uint64_t seed);
void synth_destroy(synth *s);

/* Render `frames` interleaved stereo frames into `out` (overwritten). */
void synth_render(synth *s, float *out, size_t frames);

/* For tests: the melody as composed. `fn` is told each melody note as it starts (MIDI
 * pitch, length in eighth notes); synth_compose runs the composer for `bars` bars
 * without rendering any sound. */
typedef void (*synth_note_fn)(void *ctx, int midi, int eighths);
void synth_set_note_log(synth *s, synth_note_fn fn, void *ctx);
void synth_compose(synth *s, int bars);

#endif
