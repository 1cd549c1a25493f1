/* device.c: see device.h. */
#include "sound/device.h"

#include <alsa/asoundlib.h>
#include <portaudio.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct device {
    PaStream *stream;
    device_fill_fn fill;
    void *ctx;
    char name[128];
};

/* ALSA prints every failed probe of its configuration to stderr; say nothing. */
static void alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt,
                       ...)
{
    (void)file, (void)line, (void)function, (void)err, (void)fmt;
}

static int on_output(const void *in, void *out, unsigned long frames,
                     const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)in, (void)time;
    device *d = user;
    d->fill(d->ctx, out, frames, (flags & paOutputUnderflow) != 0);
    return paContinue;
}

/* Pa_Initialize probes every host API; JACK's client library prints its failure to find
 * a JACK server straight to stderr, three times. Hide stderr for the probe only. */
static PaError initialize_quietly(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0) dup2(null, STDERR_FILENO);
    PaError e = Pa_Initialize();
    if (saved >= 0 && null >= 0) dup2(saved, STDERR_FILENO);
    if (saved >= 0) close(saved);
    if (null >= 0) close(null);
    return e;
}

device *device_open(int rate, unsigned long frames_per_buffer, double latency_s,
                    device_fill_fn fill, void *ctx, char *err, size_t errlen)
{
    snd_lib_error_set_handler(alsa_quiet);
    PaError e = initialize_quietly();
    if (e != paNoError) {
        snprintf(err, errlen, "%s", Pa_GetErrorText(e));
        return NULL;
    }
    device *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, errlen, "out of memory");
        Pa_Terminate();
        return NULL;
    }
    d->fill = fill;
    d->ctx = ctx;
    PaDeviceIndex dev = Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev == paNoDevice ? NULL : Pa_GetDeviceInfo(dev);
    if (!info) {
        snprintf(err, errlen, "no output device");
        goto fail;
    }
    snprintf(d->name, sizeof d->name, "%s", info->name);
    PaStreamParameters out = {
        .device = dev,
        .channelCount = 2,
        .sampleFormat = paFloat32,
        .suggestedLatency =
            info->defaultHighOutputLatency > latency_s ? info->defaultHighOutputLatency : latency_s,
    };
    e = Pa_OpenStream(&d->stream, NULL, &out, rate, frames_per_buffer, paClipOff | paDitherOff,
                      on_output, d);
    if (e != paNoError) {
        d->stream = NULL;
        snprintf(err, errlen, "%s: %s", d->name, Pa_GetErrorText(e));
        goto fail;
    }
    e = Pa_StartStream(d->stream);
    if (e != paNoError) {
        snprintf(err, errlen, "%s: %s", d->name, Pa_GetErrorText(e));
        goto fail;
    }
    return d;
fail:
    device_close(d, false);
    return NULL;
}

bool device_running(device *d)
{
    return d && d->stream && Pa_IsStreamActive(d->stream) == 1;
}

void device_close(device *d, bool drain)
{
    if (!d) return;
    if (d->stream) {
        if (drain && Pa_IsStreamActive(d->stream) == 1)
            Pa_StopStream(d->stream);
        else
            Pa_AbortStream(d->stream);
        Pa_CloseStream(d->stream);
    }
    free(d);
    Pa_Terminate();
}

const char *device_name(const device *d)
{
    return d->name;
}
