/* device.h: the sound output, one PortAudio stream (ALSA on the Pi).
 *
 * Opening initialises PortAudio afresh and closing terminates it, so each retry sees
 * the devices present now (a USB speaker plugged in since). ALSA's own complaints are
 * silenced while PortAudio probes: a missing device is reported once, calmly, by the
 * caller. Main thread only; `fill` runs on PortAudio's real-time thread. */
#ifndef NURTURE_DEVICE_H
#define NURTURE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

/* Fill `frames` interleaved stereo float frames. `underflow`: PortAudio reports that
 * the output ran dry before this buffer. Must not allocate, lock, log or block. */
typedef void (*device_fill_fn)(void *ctx, float *out, unsigned long frames, bool underflow);

typedef struct device device;

/* Open and start the default output at `rate` (stereo float32), with buffers of
 * `frames_per_buffer` frames and at least `latency_s` seconds of output latency.
 * NULL with a short reason in `err` when there is no usable device. */
device *device_open(int rate, unsigned long frames_per_buffer, double latency_s,
                    device_fill_fn fill, void *ctx, char *err, size_t errlen);
/* Is the stream still running? (false after a host error, e.g. the device vanished) */
bool device_running(device *d);
/* Stop and close; the callback has returned for good when this returns. `drain`: play
 * what is queued first (a clean stop), else drop it (a device in trouble). NULL is
 * fine. */
void device_close(device *d, bool drain);
/* The name of the device in use. */
const char *device_name(const device *d);

#endif
