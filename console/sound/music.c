/* music.c: see music.h. */
#include "sound/music.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "sound/decoder.h"
#include "sound/synth.h"

#define BLOCK    1024 /* frames made at a time */
#define NAME_LEN 256

struct player {
    int rate;
    synth *syn; /* the built-in music; NULL while files play */
    char *dir;
    char **names; /* the folder's music files, sorted */
    size_t nnames;
    size_t *order, next; /* play order (shuffled or not), position in it */
    bool shuffle;
    uint64_t rng;
    decoder *cur, *nxt; /* playing, and fading in */
    char cur_name[NAME_LEN], nxt_name[NAME_LEN];
    size_t fade_pos, fade_len;
    size_t empty_tracks;           /* tracks in a row that gave (almost) no sound */
    size_t cur_frames, nxt_frames; /* frames each has given */
    char **bad; /* files that would not play (or gave under a second): not tried again */
    size_t nbad, bad_listed; /* how many; how many the last listing of the folder passed by */
    bool no_next; /* nothing could follow the playing track: not tried again until it ends */
    float tmp[2 * BLOCK];
    char notice[MUSIC_NOTICE_LEN];
    bool has_notice;
};

/* Say something once: the same words as the last notice are not said again (a broken
 * file met again at every round of the folder). */
__attribute__((format(printf, 2, 3))) static void set_notice(player *p, const char *fmt, ...)
{
    char text[MUSIC_NOTICE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (strcmp(text, p->notice) == 0) return;
    memcpy(p->notice, text, sizeof text);
    p->has_notice = true;
    fprintf(stderr, "nurture: music: %s\n", p->notice);
}

static int by_name(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    int c = strcasecmp(a, b);
    return c ? c : strcmp(a, b);
}

static uint64_t next_random(player *p)
{
    p->rng ^= p->rng << 13;
    p->rng ^= p->rng >> 7;
    p->rng ^= p->rng << 17;
    return p->rng;
}

static bool is_bad(const player *p, const char *name)
{
    for (size_t i = 0; i < p->nbad; i++)
        if (strcmp(p->bad[i], name) == 0) return true;
    return false;
}

/* A file that would not play is set aside for the rest of the class: never tried again
 * at each round or, worse, at each block. */
static void mark_bad(player *p, const char *name)
{
    if (!name[0] || is_bad(p, name)) return;
    char **grown = realloc(p->bad, (p->nbad + 1) * sizeof(char *));
    if (!grown) return;
    p->bad = grown;
    if ((p->bad[p->nbad] = strdup(name))) p->nbad++;
}

/* The folder's music files but those set aside, sorted by name; -1 when the folder
 * cannot be read. */
static int list_folder(player *p)
{
    p->bad_listed = 0;
    DIR *d = opendir(p->dir);
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!decoder_is_music_name(e->d_name)) continue;
        if (is_bad(p, e->d_name)) {
            p->bad_listed++;
            continue;
        }
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", p->dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (p->nnames == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(p->names, cap * sizeof(char *));
            if (!grown) break;
            p->names = grown;
        }
        if (!(p->names[p->nnames] = strdup(e->d_name))) break;
        p->nnames++;
    }
    closedir(d);
    if (p->nnames) qsort(p->names, p->nnames, sizeof(char *), by_name);
    return 0;
}

static void forget_folder(player *p)
{
    for (size_t i = 0; i < p->nnames; i++)
        free(p->names[i]);
    free(p->names);
    free(p->order);
    p->names = NULL;
    p->order = NULL;
    p->nnames = p->next = 0;
}

/* Lay out the next round of the play order; shuffled rounds never start with the track
 * that ended the last one (`last`, an index of names). */
static void new_round(player *p, size_t last)
{
    for (size_t i = 0; i < p->nnames; i++)
        p->order[i] = i;
    if (p->shuffle && p->nnames > 1) {
        for (size_t i = p->nnames - 1; i > 0; i--) {
            size_t j = (size_t)(next_random(p) % (i + 1));
            size_t t = p->order[i];
            p->order[i] = p->order[j];
            p->order[j] = t;
        }
        if (p->order[0] == last) {
            p->order[0] = p->order[p->nnames - 1];
            p->order[p->nnames - 1] = last;
        }
    }
    p->next = 0;
}

/* The folder read again at each round: files taken away or added during the class are
 * seen then (nothing left: the caller falls back to the built-in music). */
static void next_round(player *p)
{
    char last[NAME_LEN] = "";
    if (p->nnames) snprintf(last, sizeof last, "%s", p->names[p->order[p->nnames - 1]]);
    forget_folder(p);
    if (list_folder(p) != 0 || !p->nnames) return;
    p->order = calloc(p->nnames, sizeof(size_t));
    if (!p->order) {
        forget_folder(p);
        return;
    }
    size_t at = 0;
    for (size_t i = 0; i < p->nnames; i++)
        if (strcmp(p->names[i], last) == 0) at = i;
    new_round(p, at);
}

static void use_builtin(player *p)
{
    decoder_close(p->cur);
    decoder_close(p->nxt);
    p->cur = p->nxt = NULL;
    p->cur_name[0] = p->nxt_name[0] = '\0';
}

/* Open the next readable file of the order, skipping those that are not (with one
 * notice naming the first, when another file plays instead); NULL when none of the
 * folder can be played: the caller's notice says so. */
static decoder *open_next(player *p, char *name)
{
    char skipped[NAME_LEN] = "", why[160] = "";
    size_t nskipped = 0;
    bool fresh = false; /* the folder has been read again in this call */
    for (;;) {
        if (p->next == p->nnames) {
            if (fresh) return NULL; /* a whole new round tried: nothing plays */
            next_round(p);
            fresh = true;
            if (!p->nnames) return NULL;
        }
        const char *n = p->names[p->order[p->next++]];
        char path[4096], err[160];
        snprintf(path, sizeof path, "%s/%s", p->dir, n);
        decoder *d = decoder_open(path, p->rate, err, sizeof err);
        int64_t len = d ? decoder_frames_left(d) : -1;
        if (d && len >= 0 && len < p->rate) { /* a header and (almost) no sound */
            decoder_close(d);
            d = NULL;
            snprintf(err, sizeof err, "under a second of sound");
        }
        if (d) {
            snprintf(name, NAME_LEN, "%s", n);
            if (nskipped == 1) set_notice(p, "Skipped %s: %s", skipped, why);
            if (nskipped > 1)
                set_notice(p, "Skipped %s (%s) and %zu more", skipped, why, nskipped - 1);
            return d;
        }
        mark_bad(p, n);
        if (!nskipped++) {
            snprintf(skipped, sizeof skipped, "%s", n);
            snprintf(why, sizeof why, "%s", err);
        }
    }
}

player *player_create(const music_config *cfg)
{
    player *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    p->rate = cfg->rate;
    p->shuffle = cfg->shuffle;
    p->rng = cfg->seed * 2654435761u + 88172645463325252ull;
    p->fade_len = (size_t)(MUSIC_CROSSFADE_S * cfg->rate);
    if (cfg->dir) {
        p->dir = strdup(cfg->dir);
        if (!p->dir) goto fail;
        if (list_folder(p) != 0)
            set_notice(p, "Cannot open the music folder %s: built-in music instead", cfg->dir);
        else if (p->nnames == 0)
            set_notice(p, "No music files in %s: built-in music instead", cfg->dir);
        if (p->nnames) {
            p->order = calloc(p->nnames, sizeof(size_t));
            if (!p->order) goto fail;
            new_round(p, 0);
        }
    }
    if (p->nnames == 0) {
        p->syn = synth_create(cfg->rate, cfg->seed);
        if (!p->syn) goto fail;
    }
    return p;
fail:
    player_destroy(p);
    return NULL;
}

void player_destroy(player *p)
{
    if (!p) return;
    use_builtin(p);
    synth_destroy(p->syn);
    forget_folder(p);
    for (size_t i = 0; i < p->nbad; i++)
        free(p->bad[i]);
    free(p->bad);
    free(p->dir);
    free(p);
}

/* The files gave nothing playable: go on with the generated music for the rest of the
 * class (a folder that gave no sound is not tried again in a loop). */
static void fall_back(player *p)
{
    use_builtin(p);
    if (!p->syn) p->syn = synth_create(p->rate, p->rng);
    if (p->nnames || p->bad_listed)
        set_notice(p, "None of the music in %s can be played: built-in music instead", p->dir);
    else
        set_notice(p, "No music files in %s now: built-in music instead", p->dir);
}

static void start_fade(player *p)
{
    if (p->nxt || p->no_next) return;
    p->nxt = open_next(p, p->nxt_name);
    p->no_next = !p->nxt;
    p->nxt_frames = 0;
    p->fade_pos = 0;
}

void player_next(player *p)
{
    if (!p->syn && p->cur) start_fade(p);
}

/* Read `n` frames of `d` into `out`, silence after its end; returns frames read. */
static size_t read_padded(decoder *d, float *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t r = decoder_read(d, out + 2 * got, n - got);
        if (r == 0) break;
        got += r;
    }
    memset(out + 2 * got, 0, 2 * (n - got) * sizeof(float));
    return got;
}

/* The playing track is over: one that gave under a second (junk that a decoder took for
 * music, a file with a header and no sound) counts as empty and is set aside. */
static void track_ended(player *p)
{
    if (p->cur_frames >= (size_t)p->rate) {
        p->empty_tracks = 0;
        return;
    }
    p->empty_tracks++;
    mark_bad(p, p->cur_name);
}

/* One block of at most BLOCK frames from the files; returns frames made (0: none
 * playable, the caller falls back). */
static size_t render_files(player *p, float *out, size_t n)
{
    /* Every file in turn played through with (almost) no sound: the built-in music
     * rather than silence for the whole class. */
    if (p->nnames && p->empty_tracks >= p->nnames) return 0;
    if (!p->cur) {
        p->cur = open_next(p, p->cur_name);
        if (!p->cur) return 0;
        p->cur_frames = 0;
        p->no_next = false;
    }
    if (!p->nxt) {
        int64_t left = decoder_frames_left(p->cur);
        if (left >= 0 && left <= (int64_t)p->fade_len) start_fade(p);
    }
    size_t got = read_padded(p->cur, out, n);
    p->cur_frames += got;
    if (p->nxt) {
        p->nxt_frames += read_padded(p->nxt, p->tmp, n);
        for (size_t f = 0; f < n; f++) {
            double th = (M_PI / 2) *
                        (double)(p->fade_pos < p->fade_len ? p->fade_pos : p->fade_len) /
                        (double)p->fade_len;
            float g_out = (float)cos(th), g_in = (float)sin(th);
            out[2 * f] = out[2 * f] * g_out + p->tmp[2 * f] * g_in;
            out[2 * f + 1] = out[2 * f + 1] * g_out + p->tmp[2 * f + 1] * g_in;
            if (p->fade_pos < p->fade_len) p->fade_pos++;
        }
        if (p->fade_pos >= p->fade_len) { /* the new track has taken over */
            track_ended(p);
            decoder_close(p->cur);
            p->cur = p->nxt;
            p->nxt = NULL;
            p->no_next = false;
            memcpy(p->cur_name, p->nxt_name, NAME_LEN);
            p->cur_frames = p->nxt_frames;
        }
        return n;
    }
    if (got < n) { /* ended with no fade (unknown length): the next starts right away */
        track_ended(p);
        decoder_close(p->cur);
        p->cur = NULL;
        p->cur_name[0] = '\0';
        if (p->empty_tracks >= p->nnames) return 0;
        if (got == 0) return render_files(p, out, n);
        return got;
    }
    return n;
}

void player_render(player *p, float *out, size_t frames)
{
    while (frames) {
        size_t n = frames < BLOCK ? frames : BLOCK;
        if (!p->syn) {
            n = render_files(p, out, n);
            if (n == 0) {
                fall_back(p);
                continue;
            }
        } else {
            synth_render(p->syn, out, n);
        }
        out += 2 * n;
        frames -= n;
    }
}

const char *player_track(const player *p)
{
    return !p->syn && p->cur ? p->cur_name : NULL;
}

bool player_take_notice(player *p, char *buf, size_t len)
{
    if (!p->has_notice) return false;
    snprintf(buf, len, "%s", p->notice);
    p->has_notice = false;
    return true;
}

size_t player_track_count(const player *p)
{
    return p->nnames;
}

const char *player_track_name(const player *p, size_t i)
{
    return i < p->nnames ? p->names[i] : NULL;
}

/* --- The thread ----------------------------------------------------------------------- */

struct music {
    player *p; /* the thread's only */
    ring *out; /* producer side: the thread */
    pthread_t thread;
    atomic_bool quit, next;
    int rate;
    pthread_mutex_t lock; /* guards the mailbox below; never taken by the callback */
    pthread_cond_t wake;  /* with lock: `quit` or `next` set (the main thread) */
    char notice[MUSIC_NOTICE_LEN];
    bool has_notice;
    char track[NAME_LEN];
};

/* The ring is full: sleep until the sound card (at `rate`) has emptied a quarter of it
 * (a third of a second with the console's ring), or a quit or next comes. Waking only
 * then, not every block, keeps an idle console idle; a second of sound stays queued. */
static void wait_for_room(music *m)
{
    size_t frames = ring_capacity(m->out) / 4;
    if (frames < BLOCK) frames = BLOCK;
    int64_t ns = (int64_t)frames * 1000000000 / (m->rate > 0 ? m->rate : 48000);
    struct timespec until; /* on the monotonic clock: a stepped wall clock changes nothing */
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += (time_t)(ns / 1000000000);
    until.tv_nsec += (long)(ns % 1000000000);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&m->lock);
    if (!atomic_load(&m->quit) && !atomic_load(&m->next))
        pthread_cond_timedwait(&m->wake, &m->lock, &until);
    pthread_mutex_unlock(&m->lock);
}

/* Tell the thread (main thread): it may be waiting for room in the ring. */
static void nudge(music *m)
{
    pthread_mutex_lock(&m->lock);
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
}

static void post(music *m)
{
    char notice[MUSIC_NOTICE_LEN];
    bool has = player_take_notice(m->p, notice, sizeof notice);
    const char *t = player_track(m->p);
    pthread_mutex_lock(&m->lock);
    if (has) {
        memcpy(m->notice, notice, sizeof notice);
        m->has_notice = true;
    }
    snprintf(m->track, sizeof m->track, "%s", t ? t : "");
    pthread_mutex_unlock(&m->lock);
}

static void *music_run(void *arg)
{
    music *m = arg;
    float buf[2 * BLOCK];
    post(m);
    while (!atomic_load(&m->quit)) {
        if (atomic_exchange(&m->next, false)) player_next(m->p);
        if (ring_writable(m->out) < BLOCK) {
            wait_for_room(m);
            continue;
        }
        player_render(m->p, buf, BLOCK);
        ring_write(m->out, buf, BLOCK);
        post(m);
    }
    return NULL;
}

music *music_create(const music_config *cfg, ring *out)
{
    music *m = calloc(1, sizeof(*m));
    if (!m) return NULL;
    m->out = out;
    m->rate = cfg->rate;
    atomic_init(&m->quit, false);
    atomic_init(&m->next, false);
    m->p = player_create(cfg);
    if (!m->p || pthread_mutex_init(&m->lock, NULL) != 0) {
        player_destroy(m->p);
        free(m);
        return NULL;
    }
    pthread_condattr_t attr;
    bool cond = pthread_condattr_init(&attr) == 0;
    if (cond) {
        cond = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
               pthread_cond_init(&m->wake, &attr) == 0;
        pthread_condattr_destroy(&attr);
    }
    if (!cond) {
        pthread_mutex_destroy(&m->lock);
        player_destroy(m->p);
        free(m);
        return NULL;
    }
    if (pthread_create(&m->thread, NULL, music_run, m) != 0) {
        pthread_cond_destroy(&m->wake);
        pthread_mutex_destroy(&m->lock);
        player_destroy(m->p);
        free(m);
        return NULL;
    }
    return m;
}

void music_destroy(music *m)
{
    if (!m) return;
    atomic_store(&m->quit, true);
    nudge(m);
    pthread_join(m->thread, NULL);
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->lock);
    player_destroy(m->p);
    free(m);
}

void music_next(music *m)
{
    if (!m) return;
    atomic_store(&m->next, true);
    nudge(m);
}

bool music_take_notice(music *m, char *buf, size_t len)
{
    pthread_mutex_lock(&m->lock);
    bool has = m->has_notice;
    if (has) snprintf(buf, len, "%s", m->notice);
    m->has_notice = false;
    pthread_mutex_unlock(&m->lock);
    return has;
}

void music_track(music *m, char *buf, size_t len)
{
    pthread_mutex_lock(&m->lock);
    snprintf(buf, len, "%s", m->track);
    pthread_mutex_unlock(&m->lock);
}
