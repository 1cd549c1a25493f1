/* decoder.c: see decoder.h. */
#include "sound/decoder.h"

#include <errno.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IN_BLOCK 4096 /* file frames read at a time */

struct decoder {
    SNDFILE *f;
    SF_INFO info;
    int rate;
    double ratio;   /* output frames per file frame */
    SRC_STATE *src; /* NULL when the rates match */
    float *raw;     /* IN_BLOCK * channels, as read */
    float *in;      /* IN_BLOCK stereo frames, waiting to be resampled */
    size_t in_len, in_pos;
    int64_t file_left; /* file frames not yet read, -1 unknown */
    bool file_ended, ended;
};

int decoder_is_music_name(const char *name)
{
    static const char *const exts[] = {".wav", ".flac", ".ogg", ".oga", ".mp3", NULL};
    size_t n = strlen(name);
    if (name[0] == '.') return 0; /* hidden files, including "._x.mp3" from macOS */
    for (int i = 0; exts[i]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcasecmp(name + n - e, exts[i]) == 0) return 1;
    }
    return 0;
}

decoder *decoder_open(const char *path, int rate, char *err, size_t errlen)
{
    decoder *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, errlen, "%s", strerror(errno));
        free(d);
        return NULL;
    }
    fclose(probe);
    d->f = sf_open(path, SFM_READ, &d->info);
    if (!d->f) {
        /* it can be read, so whatever libsndfile says, it is not music to it */
        snprintf(err, errlen, "not a music file that can be played");
        free(d);
        return NULL;
    }
    if (d->info.channels < 1 || d->info.channels > 64 || d->info.samplerate < 1000 ||
        d->info.samplerate > 768000) {
        snprintf(err, errlen, "unusual format (%d channels at %d Hz)", d->info.channels,
                 d->info.samplerate);
        goto fail;
    }
    if (d->info.frames == 0) { /* a header and nothing after it */
        snprintf(err, errlen, "no sound in it");
        goto fail;
    }
    d->rate = rate;
    d->ratio = (double)rate / d->info.samplerate;
    d->file_left = d->info.frames > 0 ? (int64_t)d->info.frames : -1;
    d->raw = malloc(sizeof(float) * IN_BLOCK * (size_t)d->info.channels);
    d->in = malloc(sizeof(float) * IN_BLOCK * 2);
    if (!d->raw || !d->in) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (d->info.samplerate != rate) {
        int e = 0;
        /* The fastest sinc converter: 97 dB SNR over 80% of the band is more than calm
         * music on classroom speakers needs, and it is light enough for a Pi. */
        d->src = src_new(SRC_SINC_FASTEST, 2, &e);
        if (!d->src) {
            snprintf(err, errlen, "resampler: %s", src_strerror(e));
            goto fail;
        }
    }
    return d;
fail:
    decoder_close(d);
    return NULL;
}

void decoder_close(decoder *d)
{
    if (!d) return;
    if (d->f) sf_close(d->f);
    if (d->src) src_delete(d->src);
    free(d->raw);
    free(d->in);
    free(d);
}

/* Read the next block of the file into `in`, as stereo. */
static void fill_input(decoder *d)
{
    int ch = d->info.channels;
    sf_count_t got = d->file_ended ? 0 : sf_readf_float(d->f, d->raw, IN_BLOCK);
    if (got <= 0) {
        d->file_ended = true;
        got = 0;
    }
    for (sf_count_t i = 0; i < got; i++) {
        const float *r = d->raw + i * ch;
        float l = r[0], rr = ch > 1 ? r[1] : r[0];
        if (ch > 2) { /* fold the other channels in, keeping the level */
            float rest = 0;
            for (int c = 2; c < ch; c++)
                rest += r[c];
            rest *= 0.5f / (float)(ch - 2);
            l = 0.7f * l + rest;
            rr = 0.7f * rr + rest;
        }
        d->in[2 * i] = l;
        d->in[2 * i + 1] = rr;
    }
    d->in_len = (size_t)got;
    d->in_pos = 0;
    if (d->file_left > 0) d->file_left = got < d->file_left ? d->file_left - got : 0;
}

size_t decoder_read(decoder *d, float *out, size_t frames)
{
    size_t done = 0;
    while (done < frames && !d->ended) {
        if (d->in_pos == d->in_len && !d->file_ended) fill_input(d);
        if (!d->src) {
            size_t n = d->in_len - d->in_pos;
            if (n == 0) {
                d->ended = d->file_ended;
                continue;
            }
            if (n > frames - done) n = frames - done;
            memcpy(out + 2 * done, d->in + 2 * d->in_pos, n * 2 * sizeof(float));
            d->in_pos += n;
            done += n;
            continue;
        }
        SRC_DATA s = {
            .data_in = d->in + 2 * d->in_pos,
            .input_frames = (long)(d->in_len - d->in_pos),
            .data_out = out + 2 * done,
            .output_frames = (long)(frames - done),
            .end_of_input = d->file_ended && d->in_pos == d->in_len ? 1 : 0,
            .src_ratio = d->ratio,
        };
        if (src_process(d->src, &s) != 0) {
            d->ended = true;
            break;
        }
        d->in_pos += (size_t)s.input_frames_used;
        done += (size_t)s.output_frames_gen;
        if (s.end_of_input && s.output_frames_gen == 0) d->ended = true;
    }
    return done;
}

int64_t decoder_frames_left(const decoder *d)
{
    if (d->ended) return 0;
    if (d->file_left < 0) return -1;
    double in = (double)d->file_left + (double)(d->in_len - d->in_pos);
    return (int64_t)(in * d->ratio);
}

int decoder_file_rate(const decoder *d)
{
    return d->info.samplerate;
}

int decoder_file_channels(const decoder *d)
{
    return d->info.channels;
}
