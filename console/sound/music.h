/* music.h: what the music bus plays, and the thread that keeps it coming.
 *
 * A player produces an endless stream of stereo frames at the device rate: the built-in
 * generated music (synth), or the music files of a folder (decoder), in alphabetical or
 * shuffled order, the next track cross-fading in (equal power, MUSIC_CROSSFADE_S) as the
 * last one ends or when asked. The folder is read again at each round, so files taken
 * away or added during the class are seen. A file that cannot be read, holds no sound or
 * under a second of it is skipped with one notice and set aside for the rest of the class
 * (never tried again and again); a folder with nothing playable (emptied, or junk)
 * falls back to the built-in music for the rest of the class, with one notice.
 *
 * The music thread runs a player and streams its frames into an SPSC ring that the
 * audio callback reads; it sleeps while the ring is full (the music then pauses where
 * it is, e.g. while the music level rests at 0 or no device plays). Only the thread
 * touches its player; the main thread talks to it through atomics and a small locked
 * mailbox for notices (never touched by the callback). */
#ifndef NURTURE_MUSIC_H
#define NURTURE_MUSIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sound/ring.h"

#define MUSIC_CROSSFADE_S 4.0
#define MUSIC_NOTICE_LEN  200

typedef struct music_config {
    const char *dir; /* NULL: the built-in music */
    bool shuffle;
    int rate;
    uint64_t seed; /* for the generated music and the shuffle */
} music_config;

/* --- The player: single-threaded, used by the music thread and by tests ------------- */

typedef struct player player;

player *player_create(const music_config *cfg);
void player_destroy(player *p);
/* Fill `frames` interleaved stereo frames (never fewer). */
void player_render(player *p, float *out, size_t frames);
/* Cross-fade to the next track now (no effect on the built-in music). */
void player_next(player *p);
/* The playing file's name, or NULL for the built-in music. */
const char *player_track(const player *p);
/* Take the latest notice ("Skipped ...", "No music files in ..."), if any. */
bool player_take_notice(player *p, char *buf, size_t len);
/* How many files the folder offered (after filtering by extension). */
size_t player_track_count(const player *p);
const char *player_track_name(const player *p, size_t i);

/* --- The thread ------------------------------------------------------------------------ */

typedef struct music music;

/* Start the music thread writing into `out` (a ring of stereo frames: elements of two
 * floats). NULL when out of memory or no thread could be started. */
music *music_create(const music_config *cfg, ring *out);
/* Stop and join the thread. */
void music_destroy(music *m);
void music_next(music *m);
/* Main thread: the latest notice and the track name, copied out. */
bool music_take_notice(music *m, char *buf, size_t len);
void music_track(music *m, char *buf, size_t len);

#endif
