/* session.h: the class engine, a pure state machine over a plan.
 *
 * It knows where the class is (segment and step), how long the class has run, how
 * much time the current segment has left or how far it has run over, and whether the
 * class is paused. It does no I/O and reads no clock: every call takes `now_ms`, a
 * monotonic time in milliseconds supplied by the caller, so tests can drive an hour of
 * class in microseconds. Time never runs backwards: an earlier `now_ms` counts as no
 * time passing.
 *
 * The clocks:
 *   - the class clock is the wall time since the class started (or restarted). It
 *     keeps running while paused (a feed does not stop the hour booked in the hall)
 *     and stops when the class is finished;
 *   - each segment has its own countdown: planned duration plus minutes added or
 *     removed, minus the time spent in it while not paused. Leaving a segment and
 *     coming back continues its countdown where it was;
 *   - the step clock is the time spent in the current step while not paused.
 *
 * Advancing: nothing moves by itself unless the segment says `advance: auto`. Then
 * each step moves on when its planned time is over, and after the last step the
 * segment moves on when its countdown reaches zero. A permission segment never
 * advances by itself, whatever the plan says.
 *
 * The hold: when the instructor lands on a step by hand (NEXT, BACK, GOTO, restore)
 * while the segment's countdown is already over, or the class enters a segment whose
 * time was used up on an earlier visit, that segment does not move on by itself (it
 * would bounce straight out of a place the instructor chose). Steps still move on by
 * their time. Adding time that lifts the countdown above zero ends the hold: the
 * segment moves on when that time runs out. Steps with no planned time (time_ms 0)
 * wait for NEXT even in an auto segment. If the countdown ran out during the visit and
 * the last step is reached by its predecessor's time, the segment moves on at once.
 *
 * The warnings: TWO_MINUTES fires when the countdown crosses from above two minutes to
 * two minutes or less (at exactly 2:00), TIME_UP when it crosses from above zero to
 * zero or less (at exactly 0:00), each once per crossing, whatever the segment's chime
 * setting. Entering a segment that has two minutes or less is no crossing. Only the
 * current segment's countdown runs, so warnings only fire for it. Time added so the
 * countdown is above a threshold again re-arms that warning; time removed so that it
 * crosses one fires it at once (both, in order, if it crosses both). The segment's
 * total (planned + added) never goes below zero.
 *
 * Finishing: NEXT on the last step of the last segment, or the last auto segment
 * running out, finishes the class. The class then stays at that last place with every
 * clock stopped; only BACK (to the last step of the last segment), GOTO and RESTART
 * work, and they re-enter the segment (SEGMENT_STARTED, STEP_STARTED) with the class
 * clock going on from where it stopped. The paused state is kept across finishing.
 *
 * Event order: a segment change queues SEGMENT_STARTED then STEP_STARTED; a step change
 * within the segment only STEP_STARTED, and every step change (even GOTO to the current
 * step) restarts the step clock. ADJUST queues TIME_CHANGED, then any warning it
 * causes. An auto segment running out queues TIME_UP, then SEGMENT_STARTED and
 * STEP_STARTED of the next one (or CLASS_FINISHED). PAUSED and RESUMED are queued only
 * when the paused state really changes, by whatever call changes it (RESTART and
 * session_restore too). Events carry the segment and step current when they happen.
 *
 * Events are queued as they happen and read with session_next_event(): the rest of
 * the program (screen, music, phones) reacts to them. Owned by the main thread. */
#ifndef NURTURE_SESSION_H
#define NURTURE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"

#define SESSION_TWO_MINUTES_MS (2 * MINUTE_MS)

enum { SESSION_OK = 0, SESSION_ERANGE = -1, SESSION_EFINISHED = -2 };

typedef enum session_cmd_kind {
    SESSION_NEXT,         /* next step, or first step of the next segment */
    SESSION_BACK,         /* previous step, or last step of the previous segment */
    SESSION_GOTO,         /* segment `segment`, step `step` (0-based) */
    SESSION_PAUSE,        /* pause the segment and step clocks */
    SESSION_RESUME,       /* resume them */
    SESSION_TOGGLE_PAUSE, /* pause or resume */
    SESSION_ADJUST,       /* add `delta_ms` (negative: remove) to the current segment */
    SESSION_RESTART,      /* back to the start, every clock at zero */
} session_cmd_kind;

typedef struct session_cmd {
    session_cmd_kind kind;
    int segment, step; /* SESSION_GOTO */
    int64_t delta_ms;  /* SESSION_ADJUST */
} session_cmd;

typedef enum session_event_kind {
    SESSION_EV_SEGMENT_STARTED, /* entered `segment` (also at creation and restart) */
    SESSION_EV_STEP_STARTED,    /* entered `step` of `segment` */
    SESSION_EV_TWO_MINUTES,     /* the current segment has two minutes left */
    SESSION_EV_TIME_UP,         /* the current segment's countdown reached zero */
    SESSION_EV_PAUSED,
    SESSION_EV_RESUMED,
    SESSION_EV_TIME_CHANGED,   /* minutes were added to or removed from `segment` */
    SESSION_EV_CLASS_FINISHED, /* moved past the last step of the last segment */
} session_event_kind;

typedef struct session_event {
    session_event_kind kind;
    int segment, step;
} session_event;

/* Saved progress, enough to continue a class after a power cut (see session_save). */
typedef struct session_saved_segment {
    int64_t elapsed_ms, extra_ms;
    bool warned, timeup;
} session_saved_segment;

typedef struct session session;

/* A session at the first step of the first segment, at class time zero. Queues
 * SEGMENT_STARTED and STEP_STARTED. NULL when out of memory. */
session *session_create(const plan *p, int64_t now_ms);
void session_destroy(session *s);

/* Apply a command. Returns SESSION_OK, SESSION_ERANGE for a segment or step that does
 * not exist, or SESSION_EFINISHED for a command that needs a running class (only BACK,
 * GOTO and RESTART work once the class is finished). A failed command changes nothing.
 * The time up to `now_ms` is processed first, as by session_tick(), and the command
 * applies to the class as it is then (so a class that finished by itself meanwhile
 * refuses NEXT); only the command itself is undone when it fails. BACK on the very
 * first step, and an unknown command kind, are SESSION_ERANGE. */
int session_apply(session *s, const session_cmd *cmd, int64_t now_ms);

/* Let time pass: run the clocks, fire warnings, auto-advance. */
void session_tick(session *s, int64_t now_ms);

/* Take the oldest queued event; false when there is none. The queue holds at least
 * 64 events; if it overflows the oldest are dropped. */
bool session_next_event(session *s, session_event *ev);

/* --- The state as of the last call that took `now_ms` ----------------------------- */
const plan *session_plan(const session *s);
int session_segment(const session *s);
int session_step(const session *s);
bool session_paused(const session *s);
bool session_finished(const session *s);
int64_t session_class_ms(const session *s);     /* class clock */
int64_t session_step_ms(const session *s);      /* active time in this step */
int64_t session_elapsed_ms(const session *s);   /* active time in this segment */
int64_t session_total_ms(const session *s);     /* planned + added time of this segment */
int64_t session_remaining_ms(const session *s); /* total - elapsed; negative = overtime */
int64_t session_overtime_ms(const session *s);  /* max(0, -remaining) */
/* The same two clocks of any segment `i` (for the class log: a segment just left). */
int64_t session_segment_elapsed_ms(const session *s, int i);
int64_t session_segment_total_ms(const session *s, int i);
/* The segment's active time since TWO_MINUTES fired for it, or -1 when it has not
 * (a segment that began with two minutes or less never has; time added above two
 * minutes re-arms it; after session_restore it counts as not fired). For a cue that
 * shows for a while after the warning, never at the start of a short segment. */
int64_t session_two_minutes_ago_ms(const session *s);

/* --- Saving and restoring progress ------------------------------------------------- */
typedef struct session_saved {
    int segment, step;
    bool paused, finished;
    int64_t class_ms, step_ms;
    size_t nsegments;                /* must match the plan when restoring */
    session_saved_segment *segments; /* nsegments entries, owned by the caller */
} session_saved;

/* Copy the progress into `out`, whose `segments` must have room for the plan's
 * segments. */
void session_save(const session *s, session_saved *out);

/* Continue from saved progress at time `now_ms`. Returns SESSION_ERANGE (and changes
 * nothing) when it does not fit the plan. Queues SEGMENT_STARTED and STEP_STARTED.
 *
 * It fits when nsegments matches the plan, `segments` is not NULL, the segment and
 * step exist, class_ms, step_ms and every elapsed_ms are >= 0, and every segment's
 * total (planned + extra_ms) is >= 0 and fits in an int64_t. A warned or timeup flag the countdown
 * contradicts (a plan edited since) is re-armed. `now_ms` becomes the time base: the gap since the
 * save does not count. The segment is entered as by hand (see the hold); PAUSED or
 * RESUMED follow when the paused state changes, and CLASS_FINISHED when it is
 * finished. */
int session_restore(session *s, const session_saved *in, int64_t now_ms);

#endif
