/* app.c: see app.h. */
#include "app/app.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sound/audio.h"
#include "screen/display.h"
#include "platform/clock.h"
#include "platform/paths.h"
#include "core/classlog.h"
#include "core/progress.h"
#include "remote/proto.h"
#include "remote/remote.h"
#include "core/session.h"
#include "core/units.h"
#include "platform/watchdog.h"

#define QUIT_CONFIRM_MS    5000
#define VOLUME_STEP        5
#define IDLE_WAIT_MS       250
#define SAVE_EVERY_MS      5000
#define INPUT_POLL_MS      20  /* keys are looked for this often where SDL cannot wait */
#define INPUT_FD_CAP_MS    250 /* with the window's input on a descriptor: a safety net */
#define SEND_IDLE_MS       15  /* a new state holds up the frame while phones are given it, */
#define SEND_WAIT_MS       250 /* but no longer than this in all */
#define SAVE_FAILED_NOTICE "The class's place cannot be saved: after a power cut, start again"
#define NOTICE_SHOW_MS     60000 /* how long a notice at start stays on the screen */

typedef struct app {
    const plan *plan;
    session *session;
    display *disp;
    audio *au;
    remote *rm;
    watchdog *wd;      /* NULL when not a systemd service */
    Uint32 wake_event; /* pushed by the remote thread when a command waits */
    int wake_pipe[2];  /* written with it: wait_input's sleep where SDL does not, or -1 */
    int input_fd;      /* the window's input (the X server's connection), or -1 */
    bool sdl_waits;    /* SDL blocks until input or a wake-up (Wayland) */
    bool blank;
    bool running;
    int64_t quit_armed_until; /* a first Q or Escape arms, a second quits */
    int volume;
    bool muted;
    int64_t saved_at;                 /* when progress was last written */
    bool save_failed;                 /* the last save failed: the screen says so */
    char notice[PROGRESS_NOTICE_LEN]; /* a quiet line for the screen, or "" */
    int64_t notice_until;
    classlog *log;                  /* NULL when none could be opened */
    bool log_failed;                /* a line could not be written: said once */
    bool sound_known, sound_device; /* the sound device as last logged */
    char sound_notice[160];         /* and the sound's notice ("" none) */
    /* The session's events as taken after each command, with who gave it ("keys",
     * "phone 3fa9c1"); the clock's own events have none. */
    struct pending {
        session_event ev;
        char by[24];
    } pending[64];
    int npending;
    int log_from;  /* the first pending event for the log (the start's own are skipped) */
    bool no_sound; /* --mute: no device to come or go */
    /* Music changes a person made this turn, for the log with the session's events. */
    struct music_change {
        classlog_music_kind what;
        int volume;
        char by[24];
    } music[32];
    int nmusic;
    char track[256]; /* the music file last logged as started, "" none */
    /* The finished class's summary for the controlling phones (proto_summary_json):
     * read from the log once when the class finishes, dropped when it goes on. */
    char *summary;
    bool summary_due; /* the class has just finished: sum it up after the log's lines */
    int wall_clock;   /* --wall-clock: CLI_WALL_AUTO, _TRUSTED or _UNTRUSTED */
} app;

/* Say something that went wrong but let the class go on: one line on stderr (the
 * journal) and, for a minute, on the screen. */
static void tell(app *a, int64_t now, const char *text)
{
    fprintf(stderr, "nurture: %s\n", text);
    snprintf(a->notice, sizeof a->notice, "%s", text);
    a->notice_until = now + NOTICE_SHOW_MS;
    classlog_notice(a->log, a->session, text);
}

/* Can the wall clock measure a stop now: as --wall-clock says, or (auto) when the
 * kernel says NTP keeps it right. */
static bool wall_trusted(const app *a)
{
    return a->wall_clock == CLI_WALL_TRUSTED ||
           (a->wall_clock == CLI_WALL_AUTO && clock_wall_synced());
}

/* Take the session's events that wait, as caused by `by` (NULL: the clock). */
static void take_events(app *a, const char *by)
{
    session_event ev;
    while (a->npending < (int)(sizeof a->pending / sizeof a->pending[0]) &&
           session_next_event(a->session, &ev)) {
        struct pending *p = &a->pending[a->npending++];
        p->ev = ev;
        snprintf(p->by, sizeof p->by, "%s", by ? by : "");
    }
}

/* Runs on the remote thread: SDL_PushEvent is thread-safe. */
static void wake_main(void *ctx)
{
    app *a = ctx;
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = a->wake_event;
    SDL_PushEvent(&ev);
    if (a->wake_pipe[1] >= 0) {
        char one = 1;
        if (write(a->wake_pipe[1], &one, 1) < 0) { /* full: a wake-up already waits */
        }
    }
}

/* Wait up to `ms` for input (an event in `ev`: true) or the time. A phone's command
 * ends the wait at once: the remote thread writes to wake_pipe. Under X11 the loop waits
 * on the X server's connection beside the pipe, once SDL has drained what Xlib read
 * (SDL's own wake-up from another thread goes through the X server and back, a round
 * trip that a loaded machine stretches). On KMS (the Pi) and offscreen there is no such
 * descriptor and SDL would look for input every millisecond, a thousand wake-ups a
 * second on an idle screen: there the loop looks every INPUT_POLL_MS for keys. On
 * Wayland SDL blocks itself. (poll's timeout, unlike SDL's semaphores, does not follow
 * the wall clock, which may be stepped.) */
static bool wait_input(app *a, SDL_Event *ev, int ms)
{
    if (a->sdl_waits || a->wake_pipe[0] < 0) return SDL_WaitEventTimeout(ev, ms);
    int64_t until = clock_now_ms() + ms;
    int cap = a->input_fd >= 0 ? INPUT_FD_CAP_MS : INPUT_POLL_MS;
    for (;;) {
        if (SDL_PollEvent(ev)) return true;
        int64_t left = until - clock_now_ms();
        if (left <= 0) return false;
        struct pollfd pfd[2] = {{.fd = a->wake_pipe[0], .events = POLLIN},
                                {.fd = a->input_fd, .events = POLLIN}};
        if (poll(pfd, a->input_fd >= 0 ? 2 : 1, (int)(left < cap ? left : cap)) > 0 &&
            pfd[0].revents) {
            char buf[64];
            while (read(a->wake_pipe[0], buf, sizeof buf) > 0) {
            }
        }
    }
}

static void apply(app *a, session_cmd_kind kind, int64_t delta_ms)
{
    session_cmd cmd = {.kind = kind, .delta_ms = delta_ms};
    session_apply(a->session, &cmd, clock_now_ms());
    take_events(a, "keys");
}

/* A music change for the log, by `by`; a run of volume changes by the same hand within
 * one turn (a key held down) is one line. */
static void note_music(app *a, classlog_music_kind what, const char *by)
{
    struct music_change *last = a->nmusic ? &a->music[a->nmusic - 1] : NULL;
    if (what == CLASSLOG_VOLUME && last && last->what == what && !strcmp(last->by, by)) {
        last->volume = a->volume;
        return;
    }
    if (a->nmusic == (int)(sizeof a->music / sizeof a->music[0])) return;
    struct music_change *m = &a->music[a->nmusic++];
    m->what = what;
    m->volume = a->volume;
    snprintf(m->by, sizeof m->by, "%s", by);
}

static void set_volume(app *a, int volume, const char *by)
{
    volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    if (volume != a->volume) {
        a->volume = volume;
        note_music(a, CLASSLOG_VOLUME, by);
    }
    audio_set_volume(a->au, a->volume);
}

static void set_muted(app *a, bool muted, const char *by)
{
    if (muted != a->muted) note_music(a, muted ? CLASSLOG_MUTE : CLASSLOG_UNMUTE, by);
    a->muted = muted;
    audio_set_muted(a->au, a->muted);
}

static void next_track(app *a, const char *by)
{
    note_music(a, CLASSLOG_SKIP, by);
    audio_next_track(a->au);
}

static void on_key(app *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    bool quit_key = key == SDLK_q || key == SDLK_ESCAPE;
    if (!quit_key) a->quit_armed_until = 0;
    switch (key) {
    case SDLK_RIGHT:
    case SDLK_DOWN:
    case SDLK_PAGEDOWN:
    case SDLK_SPACE:
    case SDLK_RETURN:
    case SDLK_KP_ENTER: apply(a, SESSION_NEXT, 0); break;
    case SDLK_LEFT:
    case SDLK_UP:
    case SDLK_PAGEUP:
    case SDLK_BACKSPACE: apply(a, SESSION_BACK, 0); break;
    case SDLK_p: apply(a, SESSION_TOGGLE_PAUSE, 0); break;
    case SDLK_RIGHTBRACKET: apply(a, SESSION_ADJUST, MINUTE_MS); break;
    case SDLK_LEFTBRACKET: apply(a, SESSION_ADJUST, -MINUTE_MS); break;
    case SDLK_b:
    case SDLK_PERIOD: a->blank = !a->blank; break;
    case SDLK_f: display_toggle_fullscreen(a->disp); break;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS: set_volume(a, a->volume + VOLUME_STEP, "keys"); break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS: set_volume(a, a->volume - VOLUME_STEP, "keys"); break;
    case SDLK_m: set_muted(a, !a->muted, "keys"); break;
    case SDLK_k: remote_revoke_all(a->rm); break;
    case SDLK_c: remote_open_pairing(a->rm); break; /* add a phone: the code for a minute */
    case SDLK_q:
    case SDLK_ESCAPE:
        if (k->repeat) break;
        if (a->quit_armed_until > clock_now_ms())
            a->running = false;
        else
            a->quit_armed_until = clock_now_ms() + QUIT_CONFIRM_MS;
        break;
    default: break;
    }
}

static void handle_sdl_event(app *a, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT: a->running = false; break; /* the window manager or SIGTERM asks */
    case SDL_KEYDOWN: on_key(a, &ev->key); break;
    case SDL_WINDOWEVENT:
        /* uncovered, resized or restored: the whole screen again */
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
            ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            ev->window.event == SDL_WINDOWEVENT_RESTORED)
            display_expose(a->disp);
        break;
    default: break;
    }
}

/* The commands apply at the loop's `now`, the time every other step of this turn uses,
 * so the state published after them is the one the next turns publish too. */
static void drain_remote(app *a, int64_t now)
{
    remote_cmd cmd;
    while (remote_next_command(a->rm, &cmd)) {
        int err = 0;
        const char *msg = NULL;
        char by[24];
        snprintf(by, sizeof by, "phone %s", cmd.phone);
        switch (cmd.kind) {
        case REMOTE_SESSION: {
            err = session_apply(a->session, &cmd.session, now);
            take_events(a, by);
            if (err == SESSION_ERANGE) msg = "there is no such segment or step";
            if (err == SESSION_EFINISHED) msg = "the class has finished";
            break;
        }
        case REMOTE_VOLUME: set_volume(a, cmd.value, by); break;
        case REMOTE_MUTE: set_muted(a, cmd.value != 0, by); break;
        case REMOTE_NEXT_TRACK: next_track(a, by); break;
        case REMOTE_BLANK: a->blank = cmd.value != 0; break;
        }
        remote_reply(a->rm, &cmd, err, msg);
    }
}

/* Everyone reacts to what happened; true when the session changed. With `bell`, the
 * bells (time up, two minutes left) are not rung but the last is kept there. */
static bool react_to_session(app *a, session_event *bell)
{
    take_events(a, NULL);
    for (int i = 0; i < a->npending; i++) {
        const session_event *ev = &a->pending[i].ev;
        if (bell && (ev->kind == SESSION_EV_TIME_UP || ev->kind == SESSION_EV_TWO_MINUTES))
            *bell = *ev;
        else
            audio_on_session_event(a->au, a->session, ev);
    }
    return a->npending > 0;
}

/* The turn's events go into the class log (after the phones were told: each line is
 * synced to the card), and are done with. */
static void log_events(app *a)
{
    for (int i = a->log_from; i < a->npending; i++) {
        const struct pending *p = &a->pending[i];
        classlog_event(a->log, a->session, &p->ev, p->by[0] ? p->by : NULL);
        if (p->ev.kind == SESSION_EV_CLASS_FINISHED) a->summary_due = true;
    }
    a->npending = a->log_from = 0;
    for (int i = 0; i < a->nmusic; i++)
        classlog_music(a->log, a->session, a->music[i].what, a->music[i].volume, a->music[i].by);
    a->nmusic = 0;
}

/* The class's log summed up for the controlling phones, read and parsed once, in
 * classlog's three forms; NULL when the log cannot be read. */
static char *phones_summary(const classlog *log)
{
    classlog_sum *m = classlog_sum_own(log);
    if (!m) return NULL;
    char *forms[3] = {NULL, NULL, NULL};
    static const classlog_format which[3] = {CLASSLOG_JSON, CLASSLOG_TEXT, CLASSLOG_CSV};
    for (int i = 0; i < 3; i++) {
        size_t len;
        FILE *out = open_memstream(&forms[i], &len);
        if (!out) continue;
        classlog_sum_print(m, which[i], out);
        fclose(out);
    }
    classlog_sum_destroy(m);
    char *json = proto_summary_json(forms[0], forms[1], forms[2]);
    for (int i = 0; i < 3; i++)
        free(forms[i]);
    return json;
}

/* Once the class has finished and its last lines are in the log, the summary for the
 * phones; dropped when the class goes on (back, goto, restart). True when it changed. */
static bool update_summary(app *a)
{
    bool finished = session_finished(a->session), due = a->summary_due && finished;
    a->summary_due = false;
    if (!due && (finished || !a->summary)) return false;
    free(a->summary);
    a->summary = due ? phones_summary(a->log) : NULL;
    if (due && !a->summary) fprintf(stderr, "nurture: the class log cannot be summed up\n");
    return true;
}

/* A music file started: its name into the class log. */
static void watch_track(app *a, const audio_status *as)
{
    const char *track = as->track ? as->track : "";
    if (!strcmp(track, a->track)) return;
    if (*track) classlog_track(a->log, a->session, track);
    snprintf(a->track, sizeof a->track, "%s", track);
}

/* A stop counted as class time: the session's clocks run from the moment it stopped
 * to `now` a second at a time, as the loop's ticks would have run them, so its
 * warnings, time-ups and steps that move on by themselves happen, each logged when it
 * happens. The sound hears them too, but of the bells only the last, and only when it
 * is the segment on the screen's: the others were for a room the console was not in. */
static void catch_up(app *a, int64_t from, int64_t now)
{
    session_event bell = {.segment = -1};
    for (int64_t t = from; t < now;) {
        t = now - t > SECOND_MS ? t + SECOND_MS : now;
        session_tick(a->session, t);
        react_to_session(a, &bell);
        log_events(a);
    }
    if (bell.segment >= 0 && bell.segment == session_segment(a->session))
        audio_on_session_event(a->au, a->session, &bell);
}

/* Keep the class's place on disk: at once after a change, else every few seconds. */
static void save_progress(app *a, int64_t now, bool changed)
{
    if (changed || now - a->saved_at >= SAVE_EVERY_MS) {
        bool failed =
            progress_save(a->session, a->plan->file, classlog_name(a->log), wall_trusted(a)) != 0;
        /* Said once when saving starts failing (a full or read-only card), and on the
         * screen for as long as it fails: --resume would not find this class. */
        if (failed && !a->save_failed)
            fprintf(stderr, "nurture: cannot save the class's place in %s: %s\n",
                    progress_state_dir() ? progress_state_dir() : "(no state folder)",
                    strerror(errno));
        if (failed && !a->save_failed) classlog_notice(a->log, a->session, SAVE_FAILED_NOTICE);
        a->save_failed = failed;
        a->saved_at = now;
    }
    int err = 0;
    if (a->log && !a->log_failed && !classlog_ok(a->log, &err)) {
        a->log_failed = true;
        char text[PROGRESS_NOTICE_LEN];
        snprintf(text, sizeof text, "The class log cannot be written (%s): the class goes on",
                 strerror(err));
        tell(a, now, text);
    }
}

/* The sound device coming or going, and the music's notices (a file skipped, a folder
 * with nothing to play), go into the class log. */
static void watch_sound(app *a, const audio_status *as)
{
    if (!a->au || a->no_sound) return;
    const char *text = as->notice ? as->notice : "";
    bool device_changed = a->sound_known && a->sound_device != as->device_ok;
    bool notice_changed = *text && strcmp(text, a->sound_notice) != 0;
    if (device_changed || notice_changed || (!a->sound_known && !as->device_ok))
        classlog_sound(a->log, a->session, as->device_ok, *text ? text : NULL);
    a->sound_known = true;
    a->sound_device = as->device_ok;
    snprintf(a->sound_notice, sizeof a->sound_notice, "%s", text);
}

/* The line `systemctl status nurture` shows: the class and where it is. */
static void tell_systemd(app *a)
{
    if (!a->wd) return;
    char line[200];
    int seg = session_segment(a->session);
    const plan *p = a->plan;
    snprintf(line, sizeof line, "%s: %s%d/%zu %s", p->title,
             session_finished(a->session) ? "finished after "
             : session_paused(a->session) ? "paused in "
                                          : "",
             seg + 1, p->nsegments, p->segments[seg].title);
    watchdog_status(a->wd, line);
}

static void frame_of(app *a, int64_t now, display_frame *f, audio_status *as, remote_status *rs)
{
    audio_get_status(a->au, as);
    remote_get_status(a->rm, rs);
    *f = (display_frame){
        .plan = a->plan,
        .session = a->session,
        .now_ms = now,
        .blank = a->blank,
        .quit_prompt = a->quit_armed_until > now,
        .audio = a->au ? as : NULL,
        .remote = a->rm ? rs : NULL,
        .notice = a->save_failed          ? SAVE_FAILED_NOTICE
                  : now < a->notice_until ? a->notice
                                          : NULL,
    };
}

/* A phone's command or a key waits in the queue: it goes before the next frame. */
static bool input_waiting(const app *a)
{
    return SDL_HasEvent(a->wake_event) || SDL_HasEvent(SDL_KEYDOWN);
}

/* tools/bench's start-up measure: with $NURTURE_FIRST_FRAME_FILE set, the wall clock
 * (ns) when the first frame was presented is written there. */
static void note_first_frame(void)
{
    const char *path = getenv("NURTURE_FIRST_FRAME_FILE");
    if (!path || !*path) return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    FILE *out = fopen(path, "w");
    if (!out) return;
    fprintf(out, "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    fclose(out);
}

/* How long to wait for the next frame while something moves: vsync usually paces the
 * loop, but a display without it (a dummy or virtual one) must not spin. */
static int frame_wait_ms(const app *a, int64_t last_frame)
{
    int64_t wait = display_frame_ms(a->disp) - (clock_now_ms() - last_frame) / clock_rate();
    return wait < 1 ? 1 : (int)wait;
}

/* How long to sleep when nothing moves: until the countdown's next whole second, or the
 * next periodic save if it comes first (so a power cut costs at most SAVE_EVERY_MS of a
 * running segment's clock, not that and a second). */
static int idle_wait_ms(const app *a)
{
    if (session_paused(a->session) || session_finished(a->session)) return IDLE_WAIT_MS * 4;
    int64_t rem = session_remaining_ms(a->session) % 1000;
    if (rem < 0) rem += 1000;
    int64_t wait = (rem ? rem : 1000) + 1;
    int64_t to_save = SAVE_EVERY_MS - (clock_now_ms() - a->saved_at);
    if (to_save < wait) wait = to_save < 1 ? 1 : to_save;
    return wait < IDLE_WAIT_MS * 4 ? (int)wait : IDLE_WAIT_MS * 4;
}

int app_go_to_start(session *s, const cli_options *o, int64_t now_ms)
{
    if (!o->start_segment) return 0;
    session_cmd go = {
        .kind = SESSION_GOTO, .segment = o->start_segment - 1, .step = o->start_step - 1};
    if (session_apply(s, &go, now_ms) == SESSION_OK) return 0;
    fprintf(stderr, "nurture: --start %d.%d: this class has %zu segments\n", o->start_segment,
            o->start_step, session_plan(s)->nsegments);
    return -1;
}

void app_library_problems(const diag *d)
{
    diag_print(d, stderr);
    fprintf(stderr,
            "nurture: the stroke library in %s/scenes or its art in %s/media/art has problems\n",
            paths_data_dir(), paths_data_dir());
}

int app_art_joined(art_check_job **job, const progress_file *saved)
{
    if (!*job) return 0;
    diag d;
    int rc = art_check_join(*job, &d);
    *job = NULL;
    if (rc != 0 && saved && saved->set_aside) fprintf(stderr, "nurture: %s\n", saved->notice);
    if (rc != 0) app_library_problems(&d);
    diag_release(&d);
    return rc;
}

app_exit app_run(const cli_options *o, const plan *p, progress_file *saved, art_check_job *check)
{
    char err[256] = "";
    app a = {
        .plan = p, .running = true, .volume = o->volume, .wake_pipe = {-1, -1}, .input_fd = -1};
    app_exit status = EXIT_INVALID;
    if (SDL_Init(SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        if (app_art_joined(&check, saved) != 0) return EXIT_INVALID; /* said first, as ever */
        fprintf(stderr, "nurture: cannot start SDL: %s\n", SDL_GetError());
        return EXIT_INVALID;
    }
    a.wake_event = SDL_RegisterEvents(1);
    display_config dc = {.window = o->window,
                         .width = o->width,
                         .height = o->height,
                         .wifi_ssid = o->wifi_ssid,
                         .wifi_password = o->wifi_password};
    a.disp = display_create(&dc, err, sizeof err);
    /* The art, checked while the window opened: a broken file closes it and stops the
     * console, named, before the class, its log or the sound start. */
    if (app_art_joined(&check, saved) != 0) goto out;
    if (!a.disp) {
        fprintf(stderr, "nurture: cannot open the screen: %s\n", err);
        goto out;
    }
    const char *driver = SDL_GetCurrentVideoDriver();
    a.sdl_waits = driver && !strcmp(driver, "wayland");
    a.input_fd = display_input_fd(a.disp);
    if (!a.sdl_waits && pipe(a.wake_pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(a.wake_pipe[i], F_SETFL, O_NONBLOCK);
            fcntl(a.wake_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    } else {
        a.wake_pipe[0] = a.wake_pipe[1] = -1;
    }
    int64_t now = clock_now_ms();
    a.wall_clock = o->wall_clock;
    a.session = session_create(p, now);
    if (!a.session) goto out;
    /* A stop counted as class time: the class is restored as of the moment it stopped,
     * and its clocks run on to now once the log and the sound are there (catch_up). */
    progress_stop stop = {.why = PROGRESS_STOP_UNKNOWN, .off_s = -1};
    if (saved && saved->found)
        stop = progress_judge_stop(saved, (int64_t)time(NULL), wall_trusted(&a));
    int64_t stopped_at = stop.why == PROGRESS_STOP_COUNTED ? now - stop.off_s * SECOND_MS : now;
    bool restored = saved && progress_restore(a.session, saved, p->file, stopped_at) == 0;
    bool counted = restored && stop.why == PROGRESS_STOP_COUNTED;
    if (!restored && app_go_to_start(a.session, o, now) != 0) {
        status = EXIT_USAGE;
        goto out;
    }
    /* The class log: its own file continued, or a new one. It starts at the place the
     * class starts: the first segment's events before a restore or --start are not. */
    take_events(&a, NULL);
    for (int i = 0; i < a.npending; i++)
        if (a.pending[i].ev.kind == SESSION_EV_SEGMENT_STARTED) a.log_from = i;
    a.no_sound = o->mute;
    a.log = classlog_open(progress_state_dir(), restored ? saved->log : NULL, a.session);
    if (!a.log) fprintf(stderr, "nurture: no class log: %s\n", strerror(errno));
    classlog_begin(a.log, a.session, restored, restored ? stop.off_s : -1, counted);
    /* A missing font first: a notice about the class's place, if any, shows over it. */
    const char *font = display_font_notice(a.disp);
    if (font) tell(&a, now, font);
    char said[PROGRESS_NOTICE_LEN];
    if (restored) progress_stop_notice(&stop, said, sizeof said);
    if (saved && saved->notice[0])
        tell(&a, now, saved->notice);
    else if (restored)
        tell(&a, now, said);
    audio_config ac = {.music_dir = o->music_dir, .mute = o->mute, .volume = a.volume};
    a.au = audio_create(&ac);
    if (counted) catch_up(&a, stopped_at, now);
    char media[4096];
    snprintf(media, sizeof media, "%s/media", paths_data_dir());
    remote_config rc = {.port = o->port,
                        .pin = o->pin,
                        .media_dir = media,
                        .state_dir = progress_state_dir(),
                        .wake = wake_main,
                        .wake_ctx = &a};
    if (!o->no_remote) {
        a.rm = remote_create(&rc, err, sizeof err);
        remote_status rs;
        remote_get_status(a.rm, &rs);
        /* The address to follow only: the code is for the projector, never the journal. */
        if (a.rm)
            fprintf(stderr, "nurture: phones join at %s\n", rs.url);
        else { /* the port taken, say: the class runs without phones, and says so */
            char text[PROGRESS_NOTICE_LEN];
            snprintf(text, sizeof text, "No phone remote (%.120s): the class goes on without", err);
            tell(&a, now, text);
        }
    }
    a.wd = watchdog_create();
    watchdog_ready(a.wd, p->title);

    bool animating = true, drawn_once = false;
    int64_t last_frame = 0;
    while (a.running) {
        SDL_Event ev;
        /* Step 1: wait for input, or the next frame, or the next second. */
        if (wait_input(&a, &ev, animating ? frame_wait_ms(&a, last_frame) : idle_wait_ms(&a))) {
            do
                handle_sdl_event(&a, &ev);
            while (SDL_PollEvent(&ev));
        }
        now = clock_now_ms();
        /* The loop is alive: tell systemd's watchdog (it restarts a hung console). */
        watchdog_kick(a.wd, now);
        /* Step 2: the phones' commands. */
        drain_remote(&a, now);
        /* Step 3: time passes. */
        session_tick(a.session, now);
        audio_poll(a.au, now);
        /* Step 4: everyone reacts to what happened. */
        bool changed = react_to_session(&a, NULL);
        /* Step 5: the phones see the new state at once, before the disk and the screen;
         * then the class log gets the turn's events and the class's place is saved (each
         * synced to the card). */
        audio_status as;
        remote_status rs;
        display_frame f;
        frame_of(&a, now, &f, &as, &rs);
        remote_publish(a.rm, a.session, a.au ? &as : NULL, a.blank, a.summary, now);
        /* the phones first, the drawing after */
        remote_wait_sent(a.rm, SEND_IDLE_MS, SEND_WAIT_MS);
        log_events(&a);
        watch_sound(&a, &as);
        watch_track(&a, &as);
        /* A class that just finished: its log, whole now, summed up for the phones. */
        if (update_summary(&a))
            remote_publish(a.rm, a.session, a.au ? &as : NULL, a.blank, a.summary, now);
        save_progress(&a, now, changed);
        tell_systemd(&a);
        /* Step 6: draw what changed and present it (vsync paces us while something
         * moves), unless more input came meanwhile: it is applied first. */
        if (input_waiting(&a)) continue;
        frame_of(&a, now, &f, &as, &rs);
        last_frame = now;
        display_draw(a.disp, &f);
        if (!drawn_once) note_first_frame();
        drawn_once = true;
        animating = display_animating(a.disp, &f);
    }
    status = EXIT_OK;
    /* The place at the quit too (Q twice, SIGTERM): the next --resume goes on from here. */
    save_progress(&a, now, true);
    watchdog_stopping(a.wd);
    classlog_close(a.log, a.session, true);
    a.log = NULL;
out:
    classlog_close(a.log, a.session, false);
    watchdog_destroy(a.wd);
    remote_destroy(a.rm);
    for (int i = 0; i < 2; i++)
        if (a.wake_pipe[i] >= 0) close(a.wake_pipe[i]);
    audio_destroy(a.au);
    session_destroy(a.session);
    display_destroy(a.disp);
    SDL_Quit();
    free(a.summary);
    return status;
}

/* --- One frame, headless (--render) ----------------------------------------------- */

/* How long a step is meant to take: its planned time (the loader works it out from a
 * stroke's repetitions), or else a share of the segment. */
static int64_t planned_step_ms(const plan_segment *seg, const plan_step *st)
{
    if (st->time_ms > 0) return st->time_ms;
    return seg->duration_ms / (int64_t)(seg->nsteps ? seg->nsteps : 1);
}

app_exit app_render(const cli_options *o, const plan *p)
{
    int seg = o->at_segment ? o->at_segment - 1 : 0;
    int step = o->at_step ? o->at_step - 1 : 0;
    if (seg < 0 || (size_t)seg >= p->nsegments || step < 0 ||
        (size_t)step >= p->segments[seg].nsteps) {
        fprintf(stderr, "nurture: --at %d.%d: this class has no such segment and step\n", seg + 1,
                step + 1);
        return EXIT_USAGE;
    }
    session *s = session_create(p, 0);
    if (!s) return EXIT_INVALID;
    int64_t t = 0;
    for (int i = 0; i < seg; i++)
        t += p->segments[i].duration_ms;
    const plan_segment *sg = &p->segments[seg];
    for (int k = 0; k <= step; k++) {
        session_cmd go = {.kind = SESSION_GOTO, .segment = seg, .step = k};
        session_apply(s, &go, t);
        if (k < step) t += planned_step_ms(sg, &sg->steps[k]);
    }
    t += (int64_t)(o->at_time * 1000.0 + 0.5);
    session_tick(s, t);
    session_event ev;
    while (session_next_event(s, &ev)) {
    }

    char err[256] = "";
    display_config dc = {.headless = true,
                         .width = o->width ? o->width : 1920,
                         .height = o->height ? o->height : 1080,
                         .wifi_ssid = o->wifi_ssid,
                         .wifi_password = o->wifi_password};
    display *d = display_create(&dc, err, sizeof err);
    if (!d) {
        fprintf(stderr, "nurture: cannot draw: %s\n", err);
        session_destroy(s);
        return EXIT_INVALID;
    }
    const char *font = display_font_notice(d);
    if (font) fprintf(stderr, "nurture: %s\n", font);
    audio_status as = {.device_ok = !o->mute, .muted = o->mute, .volume = o->volume};
    remote_status rs;
    memset(&rs, 0, sizeof rs);
    if (o->pin) {
        snprintf(rs.code, sizeof rs.code, "%s", o->pin);
        snprintf(rs.url, sizeof rs.url, "http://nurture.local:%d/", o->port);
        snprintf(rs.pair_url, sizeof rs.pair_url, "http://nurture.local:%d/?pair=%s", o->port,
                 o->pin);
    }
    display_frame f = {
        .plan = p,
        .session = s,
        .now_ms = t,
        .audio = &as,
        .remote = o->pin ? &rs : NULL,
        .notice = font,
    };
    display_draw(d, &f);
    app_exit status = EXIT_OK;
    if (display_save_png(d, o->render, err, sizeof err) != 0) {
        fprintf(stderr, "nurture: %s\n", err);
        status = EXIT_INVALID;
    }
    display_destroy(d);
    session_destroy(s);
    return status;
}
