/* session.c: see session.h.
 *
 * Time is processed in slices. Each slice runs from now to the next moment something
 * can happen in the current segment (two minutes left, time up, the step's planned time
 * over), or to the end of the time being processed, whichever comes first; after each
 * slice the warnings fire and the auto-advance rules are applied, and the rest of the
 * time goes on in the new step or segment. So a jump of an hour in one tick passes
 * every boundary in order, with its events, and without recursion.
 *
 * The hold: a segment moves on by itself only because its countdown ran out during the
 * visit (or its steps ran out after that). When the instructor lands on a step by hand
 * (NEXT, BACK, GOTO, restore) or the engine enters a segment whose countdown is already
 * over, the segment is "held": it never moves on by itself, or the class would bounce
 * straight out of a segment the instructor just chose, or skip a segment whose time was
 * used up on an earlier visit. Adding time that lifts the countdown above zero releases
 * the hold, so the segment moves on when that time runs out. */
#include "core/session.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_EVENTS 64 /* the event ring; the oldest are dropped on overflow */

/* One segment's countdown, kept across visits. */
typedef struct segment_clock {
    int64_t elapsed_ms; /* time spent in the segment while not paused, >= 0 */
    int64_t extra_ms;   /* added (> 0) or removed (< 0) time; duration + extra >= 0 */
    bool warned;        /* TWO_MINUTES fired; re-armed when remaining > 2 minutes */
    int64_t warned_at;  /* elapsed_ms when it fired in this run, -1 when unknown */
    bool timeup;        /* TIME_UP fired; re-armed when remaining > 0 */
} segment_clock;

/* Main thread only, like the whole session. */
struct session {
    const plan *p;
    segment_clock *clocks; /* p->nsegments entries */
    int segment, step;
    bool paused, finished;
    bool hold; /* see the top of this file */
    int64_t class_ms, step_ms;
    int64_t now_ms; /* the latest `now` seen: the time base */
    session_event events[SESSION_EVENTS];
    size_t ev_first, ev_count;
};

/* --- Small helpers ----------------------------------------------------------------- */

/* a + b, saturated, for b >= 0 (the clocks only grow) */
static int64_t add_clamped(int64_t a, int64_t b)
{
    assert(b >= 0);
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static const plan_segment *segment_at(const session *s, int i)
{
    return &s->p->segments[i];
}

static const plan_segment *current_segment(const session *s)
{
    return segment_at(s, s->segment);
}

static segment_clock *current_clock(const session *s)
{
    return &s->clocks[s->segment];
}

static int last_step(const plan_segment *seg)
{
    return (int)seg->nsteps - 1;
}

static int64_t total_of(const session *s, int i)
{
    return segment_at(s, i)->duration_ms + s->clocks[i].extra_ms;
}

static int64_t remaining_of(const session *s, int i)
{
    /* total >= 0 and elapsed >= 0, so this cannot overflow */
    return total_of(s, i) - s->clocks[i].elapsed_ms;
}

static bool advances_by_itself(const plan_segment *seg)
{
    return seg->auto_advance && seg->kind != KIND_PERMISSION;
}

static void emit(session *s, session_event_kind kind)
{
    if (s->ev_count == SESSION_EVENTS) {
        s->ev_first = (s->ev_first + 1) % SESSION_EVENTS;
        s->ev_count--;
    }
    size_t i = (s->ev_first + s->ev_count) % SESSION_EVENTS;
    s->events[i] = (session_event){.kind = kind, .segment = s->segment, .step = s->step};
    s->ev_count++;
}

/* --- Moving around ----------------------------------------------------------------- */

static void enter_segment(session *s, int segment, int step)
{
    s->segment = segment;
    s->step = step;
    s->step_ms = 0;
    s->hold = remaining_of(s, segment) <= 0;
    emit(s, SESSION_EV_SEGMENT_STARTED);
    emit(s, SESSION_EV_STEP_STARTED);
}

/* A step of the current segment. `by_hand` is false only for a step that moved on by
 * itself: that one keeps the segment's hold as it was. */
static void enter_step(session *s, int step, bool by_hand)
{
    s->step = step;
    s->step_ms = 0;
    if (by_hand) s->hold = remaining_of(s, s->segment) <= 0;
    emit(s, SESSION_EV_STEP_STARTED);
}

/* Go to a place by hand. Leaving the finished state always counts as entering the
 * segment, even the last one, so listeners redraw it over the end screen. */
static void go_to(session *s, int segment, int step)
{
    bool reenter = s->finished || segment != s->segment;
    s->finished = false;
    if (reenter)
        enter_segment(s, segment, step);
    else
        enter_step(s, step, true);
}

static void finish(session *s)
{
    s->finished = true;
    emit(s, SESSION_EV_CLASS_FINISHED);
}

static void next(session *s)
{
    const plan_segment *seg = current_segment(s);
    if (s->step < last_step(seg))
        enter_step(s, s->step + 1, true);
    else if ((size_t)s->segment + 1 < s->p->nsegments)
        enter_segment(s, s->segment + 1, 0);
    else
        finish(s);
}

static int back(session *s)
{
    if (s->finished) {
        /* the place the class finished at: the last step of the last segment */
        int segment = (int)s->p->nsegments - 1;
        go_to(s, segment, last_step(segment_at(s, segment)));
    } else if (s->step > 0) {
        enter_step(s, s->step - 1, true);
    } else if (s->segment > 0) {
        int segment = s->segment - 1;
        enter_segment(s, segment, last_step(segment_at(s, segment)));
    } else {
        return SESSION_ERANGE; /* there is nothing before the first step */
    }
    return SESSION_OK;
}

static bool place_exists(const plan *p, int segment, int step)
{
    if (segment < 0 || (size_t)segment >= p->nsegments) return false;
    return step >= 0 && (size_t)step < p->segments[segment].nsteps;
}

static void set_paused(session *s, bool paused)
{
    if (s->paused == paused) return;
    s->paused = paused;
    emit(s, paused ? SESSION_EV_PAUSED : SESSION_EV_RESUMED);
}

/* Fire the warnings the countdown crossed in going from `before` to now. */
static void fire_crossings(session *s, int64_t before)
{
    segment_clock *c = current_clock(s);
    int64_t after = remaining_of(s, s->segment);
    if (!c->warned && before > SESSION_TWO_MINUTES_MS && after <= SESSION_TWO_MINUTES_MS) {
        c->warned = true;
        c->warned_at = c->elapsed_ms;
        emit(s, SESSION_EV_TWO_MINUTES);
    }
    if (!c->timeup && before > 0 && after <= 0) {
        c->timeup = true;
        emit(s, SESSION_EV_TIME_UP);
    }
}

static void adjust(session *s, int64_t delta_ms)
{
    segment_clock *c = current_clock(s);
    int64_t duration = current_segment(s)->duration_ms;
    int64_t before = remaining_of(s, s->segment);

    /* saturate rather than overflow, and keep 0 <= duration + extra <= INT64_MAX */
    int64_t extra = c->extra_ms;
    if (delta_ms >= 0)
        extra = extra > INT64_MAX - delta_ms ? INT64_MAX : extra + delta_ms;
    else
        extra = extra < INT64_MIN - delta_ms ? INT64_MIN : extra + delta_ms;
    if (extra < -duration) extra = -duration;
    if (extra > INT64_MAX - duration) extra = INT64_MAX - duration;
    c->extra_ms = extra;
    emit(s, SESSION_EV_TIME_CHANGED);

    int64_t after = remaining_of(s, s->segment);
    if (after > SESSION_TWO_MINUTES_MS) c->warned = false;
    if (after > 0) {
        c->timeup = false;
        s->hold = false;
    }
    fire_crossings(s, before);
}

static void restart(session *s)
{
    memset(s->clocks, 0, s->p->nsegments * sizeof(*s->clocks));
    set_paused(s, false);
    s->finished = false;
    s->class_ms = 0;
    enter_segment(s, 0, 0);
}

/* --- Letting time pass ------------------------------------------------------------- */

/* Move on by itself if the current place says so. Returns whether it moved. */
static bool auto_advance(session *s)
{
    const plan_segment *seg = current_segment(s);
    if (!advances_by_itself(seg)) return false;
    if (s->step < last_step(seg)) {
        int64_t planned = seg->steps[s->step].time_ms;
        if (planned <= 0 || s->step_ms < planned) return false;
        enter_step(s, s->step + 1, false);
        return true;
    }
    if (s->hold || remaining_of(s, s->segment) > 0) return false;
    if ((size_t)s->segment + 1 < s->p->nsegments)
        enter_segment(s, s->segment + 1, 0);
    else
        finish(s);
    return true;
}

/* How long until something can happen in the current place, capped at `limit`. */
static int64_t next_slice(const session *s, int64_t limit)
{
    const plan_segment *seg = current_segment(s);
    const segment_clock *c = current_clock(s);
    int64_t remaining = remaining_of(s, s->segment);
    int64_t d = limit;
    if (!c->warned && remaining > SESSION_TWO_MINUTES_MS)
        d = min64(d, remaining - SESSION_TWO_MINUTES_MS);
    if (remaining > 0) d = min64(d, remaining); /* time up, and the auto segment's end */
    if (advances_by_itself(seg) && s->step < last_step(seg)) {
        int64_t planned = seg->steps[s->step].time_ms;
        if (planned > s->step_ms) d = min64(d, planned - s->step_ms);
    }
    return d;
}

/* Let `dt` >= 0 milliseconds pass. With dt == 0 it only applies pending moves. */
static void run(session *s, int64_t dt)
{
    if (s->finished) return;
    if (s->paused) {
        s->class_ms = add_clamped(s->class_ms, dt);
        return;
    }
    for (;;) {
        if (auto_advance(s)) {
            if (s->finished) return; /* the class clock stops here; the rest is lost */
            continue;
        }
        if (dt == 0) return;
        int64_t d = next_slice(s, dt); /* > 0: a boundary at 0 was handled above */
        int64_t before = remaining_of(s, s->segment);
        s->class_ms = add_clamped(s->class_ms, d);
        s->step_ms = add_clamped(s->step_ms, d);
        segment_clock *c = current_clock(s);
        c->elapsed_ms = add_clamped(c->elapsed_ms, d);
        dt -= d;
        fire_crossings(s, before);
    }
}

/* Process the time from the last call to `now_ms`; an earlier `now_ms` is no time. */
static void catch_up(session *s, int64_t now_ms)
{
    if (now_ms <= s->now_ms) return;
    int64_t dt = (s->now_ms < 0 && now_ms > INT64_MAX + s->now_ms) ? INT64_MAX : now_ms - s->now_ms;
    s->now_ms = now_ms;
    run(s, dt);
}

/* --- The API ----------------------------------------------------------------------- */

session *session_create(const plan *p, int64_t now_ms)
{
    assert(p && p->nsegments >= 1 && p->nsegments <= INT32_MAX);
    for (size_t i = 0; i < p->nsegments; i++)
        assert(p->segments[i].nsteps >= 1 && p->segments[i].nsteps <= INT32_MAX);

    session *s = calloc(1, sizeof(*s));
    if (!s) goto fail;
    s->clocks = calloc(p->nsegments, sizeof(*s->clocks));
    if (!s->clocks) goto fail;
    s->p = p;
    s->now_ms = now_ms;
    enter_segment(s, 0, 0);
    return s;

fail:
    session_destroy(s);
    return NULL;
}

void session_destroy(session *s)
{
    if (!s) return;
    free(s->clocks);
    free(s);
}

int session_apply(session *s, const session_cmd *cmd, int64_t now_ms)
{
    catch_up(s, now_ms);
    bool works_finished =
        cmd->kind == SESSION_BACK || cmd->kind == SESSION_GOTO || cmd->kind == SESSION_RESTART;
    if (s->finished && !works_finished) return SESSION_EFINISHED;

    switch (cmd->kind) {
    case SESSION_NEXT: next(s); break;
    case SESSION_BACK:
        if (back(s) != SESSION_OK) return SESSION_ERANGE;
        break;
    case SESSION_GOTO:
        if (!place_exists(s->p, cmd->segment, cmd->step)) return SESSION_ERANGE;
        go_to(s, cmd->segment, cmd->step);
        break;
    case SESSION_PAUSE: set_paused(s, true); break;
    case SESSION_RESUME: set_paused(s, false); break;
    case SESSION_TOGGLE_PAUSE: set_paused(s, !s->paused); break;
    case SESSION_ADJUST: adjust(s, cmd->delta_ms); break;
    case SESSION_RESTART: restart(s); break;
    default: return SESSION_ERANGE;
    }
    run(s, 0); /* e.g. time removed from an auto segment, or resumed after it ran out */
    return SESSION_OK;
}

void session_tick(session *s, int64_t now_ms)
{
    catch_up(s, now_ms);
}

bool session_next_event(session *s, session_event *ev)
{
    if (s->ev_count == 0) return false;
    *ev = s->events[s->ev_first];
    s->ev_first = (s->ev_first + 1) % SESSION_EVENTS;
    s->ev_count--;
    return true;
}

const plan *session_plan(const session *s)
{
    return s->p;
}

int session_segment(const session *s)
{
    return s->segment;
}

int session_step(const session *s)
{
    return s->step;
}

bool session_paused(const session *s)
{
    return s->paused;
}

bool session_finished(const session *s)
{
    return s->finished;
}

int64_t session_class_ms(const session *s)
{
    return s->class_ms;
}

int64_t session_step_ms(const session *s)
{
    return s->step_ms;
}

int64_t session_elapsed_ms(const session *s)
{
    return current_clock(s)->elapsed_ms;
}

int64_t session_total_ms(const session *s)
{
    return total_of(s, s->segment);
}

int64_t session_remaining_ms(const session *s)
{
    return remaining_of(s, s->segment);
}

int64_t session_overtime_ms(const session *s)
{
    int64_t remaining = remaining_of(s, s->segment);
    return remaining < 0 ? -remaining : 0;
}

int64_t session_segment_elapsed_ms(const session *s, int i)
{
    assert(i >= 0 && (size_t)i < s->p->nsegments);
    return s->clocks[i].elapsed_ms;
}

int64_t session_segment_total_ms(const session *s, int i)
{
    assert(i >= 0 && (size_t)i < s->p->nsegments);
    return total_of(s, i);
}

int64_t session_two_minutes_ago_ms(const session *s)
{
    const segment_clock *c = current_clock(s);
    if (!c->warned || c->warned_at < 0) return -1;
    return c->elapsed_ms - c->warned_at;
}

void session_save(const session *s, session_saved *out)
{
    assert(out->segments);
    out->segment = s->segment;
    out->step = s->step;
    out->paused = s->paused;
    out->finished = s->finished;
    out->class_ms = s->class_ms;
    out->step_ms = s->step_ms;
    out->nsegments = s->p->nsegments;
    for (size_t i = 0; i < s->p->nsegments; i++) {
        const segment_clock *c = &s->clocks[i];
        out->segments[i] = (session_saved_segment){.elapsed_ms = c->elapsed_ms,
                                                   .extra_ms = c->extra_ms,
                                                   .warned = c->warned,
                                                   .timeup = c->timeup};
    }
}

static bool saved_fits(const plan *p, const session_saved *in)
{
    if (in->nsegments != p->nsegments || !in->segments) return false;
    if (!place_exists(p, in->segment, in->step)) return false;
    if (in->class_ms < 0 || in->step_ms < 0) return false;
    for (size_t i = 0; i < p->nsegments; i++) {
        const session_saved_segment *g = &in->segments[i];
        int64_t duration = p->segments[i].duration_ms;
        if (g->elapsed_ms < 0) return false;
        if (g->extra_ms < -duration || g->extra_ms > INT64_MAX - duration) return false;
    }
    return true;
}

int session_restore(session *s, const session_saved *in, int64_t now_ms)
{
    if (!saved_fits(s->p, in)) return SESSION_ERANGE;

    for (size_t i = 0; i < s->p->nsegments; i++) {
        const session_saved_segment *g = &in->segments[i];
        segment_clock *c = &s->clocks[i];
        c->elapsed_ms = g->elapsed_ms;
        c->extra_ms = g->extra_ms;
        /* a flag the countdown contradicts (the plan's times were edited) is re-armed */
        int64_t remaining = remaining_of(s, (int)i);
        c->warned = g->warned && remaining <= SESSION_TWO_MINUTES_MS;
        c->warned_at = -1; /* it fired before the power cut: no cue now */
        c->timeup = g->timeup && remaining <= 0;
    }
    s->finished = false;
    s->class_ms = in->class_ms;
    s->now_ms = now_ms;
    enter_segment(s, in->segment, in->step);
    s->step_ms = in->step_ms;
    set_paused(s, in->paused);
    if (in->finished) finish(s);
    run(s, 0);
    return SESSION_OK;
}
