/* decoder.h: one music file as a stream of stereo float frames at the device rate.
 *
 * libsndfile reads WAV, FLAC, Ogg Vorbis and MP3 (and more) at any sample rate and
 * channel count; the frames are brought to stereo (mono doubled; beyond two channels
 * the rest folded into both sides) and resampled with libsamplerate when the rate
 * differs. Streamed a block at a time: a file is never loaded whole.
 *
 * Blocking I/O: for the music thread (or tests), never the audio callback. One thread
 * uses a decoder. */
#ifndef NURTURE_DECODER_H
#define NURTURE_DECODER_H

#include <stddef.h>
#include <stdint.h>

typedef struct decoder decoder;

/* Open `path` for output at `rate` frames per second. NULL with a short reason in `err`
 * when it cannot be read. */
decoder *decoder_open(const char *path, int rate, char *err, size_t errlen);
void decoder_close(decoder *d);

/* Read up to `frames` interleaved stereo frames; fewer only at the end of the file.
 * Returns 0 at the end (or on a read error, after which the file counts as ended). */
size_t decoder_read(decoder *d, float *out, size_t frames);

/* Frames left at the output rate (an estimate when resampling); -1 when unknown. */
int64_t decoder_frames_left(const decoder *d);

int decoder_file_rate(const decoder *d);
int decoder_file_channels(const decoder *d);

/* Is `name` a music file by its extension (.wav .flac .ogg .oga .mp3, any case)? */
int decoder_is_music_name(const char *name);

#endif
