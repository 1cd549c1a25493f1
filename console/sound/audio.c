/* audio.c: see audio.h.
 *
 * Threads and what they own:
 *   main thread     this struct (all but the atomics), the device, the command ring's
 *                   producer side; and the mixer while no stream runs
 *   audio callback  the mixer while a stream runs; consumer of the command ring and of
 *                   the music ring; writes the atomics
 *   music thread    its player (synth or files), producer of the music ring
 * The mixer changes hands only when the stream is closed: device_close returns after
 * the callback has finished for good, and device_open starts it afresh. */
#include "sound/audio.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sound/device.h"
#include "sound/mixer.h"
#include "sound/music.h"
#include "sound/ring.h"
#include "platform/clock.h"

#define AUDIO_RATE        48000
#define AUDIO_BUFFER      1024  /* frames per callback: ~21 ms */
#define AUDIO_LATENCY_S   0.40  /* a busy Pi needs headroom; calm music needs no low latency */
#define MUSIC_RING_FRAMES 65536 /* ~1.4 s between the music thread and the callback */
#define COMMAND_RING      256
#define RETRY_MS          3000  /* look for a sound device again this often, */
#define RETRY_SLOW_MS     10000 /* and after RETRY_FAST_TRIES, this often: each try */
#define RETRY_FAST_TRIES  20    /* loads and unloads ALSA's plugins, which costs a little */
#define STALL_MS          2500  /* a stream that plays nothing this long is lost */
#define START_FADE_MS     5000  /* the first music of the class comes in softly */
#define SEGMENT_FADE_MS   3000
#define PAUSE_FADE_MS     2000
#define NOTICE_SHOW_MS    15000 /* how long a music notice stays on the screen */

#define NOTICE_NO_DEVICE "No sound device: the class goes on in silence"
#define NOTICE_LOST      "Sound device lost: the class goes on, trying again"
#define NOTICE_SILENT    "Sound is off for this class (--mute)"

struct audio {
    /* --- main thread ------------------------------------------------------------- */
    mixer *mix;   /* see the top of the file */
    ring *cmds;   /* mixer_cmd, main -> callback */
    ring *frames; /* stereo frames, music thread -> callback */
    music *mus;
    device *dev;
    bool want_device;  /* false with --mute: no device for this class */
    bool lost;         /* a device played and then failed */
    bool said_missing; /* the missing device was reported */
    bool resync;       /* a command did not fit in the ring: send the whole state again */
    int64_t retry_at;  /* next attempt to open; INT64_MIN: at the first poll */
    int retries;       /* attempts since the device last played */
    uint64_t seen_frames;
    int64_t seen_at;
    int64_t played_ms; /* sound played by closed streams */
    uint64_t frames_at_open;
    bool paused;
    int volume;
    bool muted;
    float level, segment_level; /* the music level faded to, and the segment's */
    bool started;               /* the first segment's music has been asked for */
    char music_notice[MUSIC_NOTICE_LEN];
    int64_t music_notice_until;
    int64_t now;
    char track[256];

    /* --- written by the callback, read by the main thread -------------------------- */
    atomic_uint underruns;
    atomic_uint_least64_t frames_played;
};

static uint32_t ms_to_frames(int ms)
{
    return (uint32_t)((int64_t)ms * AUDIO_RATE / 1000);
}

/* The mixer's music source: the ring the music thread fills (callback thread). */
static size_t pull_music(void *ctx, float *frames, size_t n)
{
    audio *a = ctx;
    return ring_read(a->frames, frames, n);
}

/* The PortAudio callback: commands in, one buffer out, counters up. No allocation,
 * lock, log or I/O anywhere below. */
static void fill(void *ctx, float *out, unsigned long frames, bool underflow)
{
    audio *a = ctx;
    if (underflow) atomic_fetch_add_explicit(&a->underruns, 1, memory_order_relaxed);
    mixer_cmd c;
    while (ring_read(a->cmds, &c, 1))
        mixer_apply(a->mix, &c);
    mixer_render(a->mix, out, frames);
    atomic_fetch_add_explicit(&a->frames_played, frames, memory_order_release);
}

/* Hand a command to whoever owns the mixer now. */
static void send(audio *a, const mixer_cmd *c)
{
    if (!a->dev) {
        mixer_apply(a->mix, c);
        return;
    }
    if (a->resync || ring_write(a->cmds, c, 1) != 1) a->resync = true;
}

static void send_state(audio *a, uint32_t fade)
{
    mixer_cmd v = {.kind = MIXER_VOLUME, .value = (float)a->volume};
    mixer_cmd m = {.kind = MIXER_MUTE, .value = a->muted ? 1.0f : 0.0f};
    mixer_cmd l = {.kind = MIXER_LEVEL, .value = a->level, .fade_frames = fade};
    send(a, &v);
    send(a, &m);
    send(a, &l);
}

static void set_level(audio *a, float level, int fade_ms)
{
    a->level = level;
    mixer_cmd c = {.kind = MIXER_LEVEL, .value = level, .fade_frames = ms_to_frames(fade_ms)};
    send(a, &c);
}

static bool open_device(audio *a)
{
    char err[200];
    a->resync = false;
    a->dev = device_open(AUDIO_RATE, AUDIO_BUFFER, AUDIO_LATENCY_S, fill, a, err, sizeof err);
    if (a->dev) {
        a->seen_frames = a->frames_at_open = atomic_load(&a->frames_played);
        a->seen_at = a->now;
        fprintf(stderr, "nurture: audio: playing on %s\n", device_name(a->dev));
        return true;
    }
    if (!a->lost && !a->said_missing)
        fprintf(stderr, "nurture: audio: %s (%s)\n", NOTICE_NO_DEVICE, err);
    a->said_missing = true;
    return false;
}

static void close_device(audio *a, bool drain)
{
    if (!a->dev) return;
    device_close(a->dev, drain);
    a->dev = NULL;
    uint64_t played = atomic_load(&a->frames_played) - a->frames_at_open;
    a->played_ms += (int64_t)(played * 1000 / AUDIO_RATE);
    /* The mixer is the main thread's again: apply what the callback left unread. */
    mixer_cmd c;
    while (ring_read(a->cmds, &c, 1))
        mixer_apply(a->mix, &c);
    if (a->resync) {
        a->resync = false;
        send_state(a, 0);
    }
}

/* A new piece each class, unless the config or NURTURE_MUSIC_SEED (for tests) fixes it. */
static uint64_t music_seed(const audio_config *cfg)
{
    if (cfg->seed) return cfg->seed;
    const char *env = getenv("NURTURE_MUSIC_SEED");
    if (env && *env) return strtoull(env, NULL, 10);
    return (uint64_t)time(NULL) ^ (uint64_t)clock_now_ms() << 20;
}

audio *audio_create(const audio_config *cfg)
{
    audio *a = calloc(1, sizeof(*a));
    if (!a) return NULL;
    atomic_init(&a->underruns, 0);
    atomic_init(&a->frames_played, 0);
    a->volume = cfg->volume < 0 ? 0 : cfg->volume > 100 ? 100 : cfg->volume;
    a->muted = cfg->mute;
    a->want_device = !a->muted;
    a->retry_at = INT64_MIN;
    a->now = clock_now_ms();
    a->cmds = ring_create(sizeof(mixer_cmd), COMMAND_RING);
    a->frames = ring_create(2 * sizeof(float), MUSIC_RING_FRAMES);
    a->mix = mixer_create(AUDIO_RATE, pull_music, a);
    if (!a->cmds || !a->frames || !a->mix) goto fail;
    music_config mc = {
        .dir = cfg->music_dir,
        .shuffle = cfg->shuffle,
        .rate = AUDIO_RATE,
        .seed = music_seed(cfg),
    };
    a->mus = music_create(&mc, a->frames);
    if (!a->mus) goto fail;
    send_state(a, 0);
    if (a->want_device) open_device(a);
    return a;
fail:
    audio_destroy(a);
    return NULL;
}

void audio_destroy(audio *a)
{
    if (!a) return;
    bool had = a->dev || a->played_ms;
    if (a->dev && !a->resync) { /* fade out, so the last sound is not cut */
        mixer_cmd quiet = {.kind = MIXER_MUTE, .value = 1};
        send(a, &quiet);
        struct timespec ts = {.tv_nsec = (long)(MIXER_MUTE_FADE_S * 1e9) + 50000000L};
        nanosleep(&ts, NULL);
    }
    close_device(a, true);
    music_destroy(a->mus);
    if (had || a->want_device)
        fprintf(stderr, "nurture: audio: %u underruns in %.1f s of sound\n",
                atomic_load(&a->underruns), (double)a->played_ms / 1000.0);
    mixer_destroy(a->mix);
    ring_destroy(a->frames);
    ring_destroy(a->cmds);
    free(a);
}

void audio_on_session_event(audio *a, const session *s, const session_event *ev)
{
    if (!a || !s || !ev) return;
    const plan *p = session_plan(s);
    if (!p || ev->segment < 0 || (size_t)ev->segment >= p->nsegments) return;
    const plan_segment *seg = &p->segments[ev->segment];
    mixer_cmd chime = {.kind = MIXER_CHIME};
    switch (ev->kind) {
    case SESSION_EV_SEGMENT_STARTED:
        a->segment_level = (float)seg->music / 100.0f;
        if (!a->paused)
            set_level(a, a->segment_level, a->started ? SEGMENT_FADE_MS : START_FADE_MS);
        a->started = true;
        break;
    case SESSION_EV_PAUSED:
        a->paused = true;
        set_level(a, 0, PAUSE_FADE_MS);
        break;
    case SESSION_EV_RESUMED:
        a->paused = false;
        set_level(a, a->segment_level, PAUSE_FADE_MS);
        break;
    case SESSION_EV_TIME_UP:
        if (seg->chime == CHIME_NONE) break;
        chime.chime = CHIME_SOUND_END;
        send(a, &chime);
        break;
    case SESSION_EV_TWO_MINUTES:
        if (seg->chime != CHIME_BOTH) break;
        chime.chime = CHIME_SOUND_WARNING;
        send(a, &chime);
        break;
    default: break;
    }
}

void audio_set_volume(audio *a, int percent)
{
    if (!a) return;
    a->volume = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    mixer_cmd c = {.kind = MIXER_VOLUME, .value = (float)a->volume};
    send(a, &c);
}

void audio_set_muted(audio *a, bool muted)
{
    if (!a) return;
    a->muted = muted;
    mixer_cmd c = {.kind = MIXER_MUTE, .value = muted ? 1.0f : 0.0f};
    send(a, &c);
}

void audio_next_track(audio *a)
{
    if (a) music_next(a->mus);
}

static void watch_device(audio *a)
{
    uint64_t frames = atomic_load_explicit(&a->frames_played, memory_order_acquire);
    if (frames != a->seen_frames) {
        a->seen_frames = frames;
        a->seen_at = a->now;
    }
    bool stalled = a->now - a->seen_at > (int64_t)STALL_MS * clock_rate(); /* real time */
    if (!stalled && device_running(a->dev)) return;
    fprintf(stderr, "nurture: audio: %s\n", NOTICE_LOST);
    close_device(a, false);
    a->lost = true;
    a->retry_at = a->now + RETRY_MS;
}

void audio_poll(audio *a, int64_t now_ms)
{
    if (!a) return;
    a->now = now_ms;
    char notice[MUSIC_NOTICE_LEN];
    if (music_take_notice(a->mus, notice, sizeof notice)) {
        memcpy(a->music_notice, notice, sizeof notice);
        a->music_notice_until = now_ms + NOTICE_SHOW_MS;
    }
    music_track(a->mus, a->track, sizeof a->track);
    if (a->dev) {
        watch_device(a);
    } else if (a->want_device) {
        if (a->retry_at == INT64_MIN) a->retry_at = now_ms + RETRY_MS;
        if (now_ms >= a->retry_at) {
            if (open_device(a)) {
                if (a->lost) fprintf(stderr, "nurture: audio: the sound is back\n");
                a->lost = false;
                a->retries = 0;
            } else {
                a->retries++;
                a->retry_at = now_ms + (a->retries < RETRY_FAST_TRIES ? RETRY_MS : RETRY_SLOW_MS);
            }
        }
    }
    if (a->dev && a->resync && ring_writable(a->cmds) >= 3) {
        a->resync = false;
        send_state(a, ms_to_frames(PAUSE_FADE_MS));
    }
}

void audio_get_status(const audio *a, audio_status *st)
{
    memset(st, 0, sizeof(*st));
    if (!a) return;
    st->device_ok = a->dev != NULL;
    st->muted = a->muted;
    st->volume = a->volume;
    st->music_level = a->level;
    if (a->want_device && !a->dev)
        st->notice = a->lost ? NOTICE_LOST : NOTICE_NO_DEVICE;
    else if (!a->want_device && !a->muted) /* unmuted, but --mute holds */
        st->notice = NOTICE_SILENT;
    else if (a->music_notice[0] && a->now < a->music_notice_until)
        st->notice = a->music_notice;
    st->track = a->track[0] ? a->track : NULL;
    st->underruns = atomic_load_explicit(&a->underruns, memory_order_relaxed);
}
