/* test_session.c: the class engine, driven through whole classes with a fake clock.
 *
 * Plans are built by hand in memory (no loader): a fixture holds the plan, its
 * segments and their steps. Time is whatever `now` the test passes. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/session.h"
#include "testing.h"

#define SECOND       ((int64_t)1000)
#define MINUTE       (60 * SECOND)
#define MAX_SEGMENTS 8
#define MAX_STEPS    8

typedef struct fixture {
    plan p;
    plan_segment segments[MAX_SEGMENTS];
    plan_step steps[MAX_SEGMENTS][MAX_STEPS];
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->p.file = "test.yaml";
    f->p.name = "test";
    f->p.title = "Test class";
    f->p.segments = f->segments;
}

/* Append a segment of `nsteps` untimed steps; returns its index. */
static int add_segment(fixture *f, plan_kind kind, int64_t duration_ms, bool auto_advance,
                       size_t nsteps)
{
    size_t i = f->p.nsegments++;
    plan_segment *g = &f->segments[i];
    g->kind = kind;
    g->title = "segment";
    g->duration_ms = duration_ms;
    g->auto_advance = auto_advance;
    g->chime = CHIME_BOTH;
    g->steps = f->steps[i];
    g->nsteps = nsteps;
    for (size_t j = 0; j < nsteps; j++)
        f->steps[i][j].title = "step";
    f->p.length_ms += duration_ms;
    return (int)i;
}

static void set_step_time(fixture *f, int segment, int step, int64_t time_ms)
{
    f->steps[segment][step].time_ms = time_ms;
}

/* A class run by hand: welcome 10m (2 steps), talk 5m, permission 3m (3 steps),
 * massage 15m (4 steps), closing 5m (2 steps). */
static void standard_plan(fixture *f)
{
    fixture_init(f);
    add_segment(f, KIND_WELCOME, 10 * MINUTE, false, 2);
    add_segment(f, KIND_TALK, 5 * MINUTE, false, 1);
    add_segment(f, KIND_PERMISSION, 3 * MINUTE, false, 3);
    add_segment(f, KIND_MASSAGE, 15 * MINUTE, false, 4);
    add_segment(f, KIND_CLOSING, 5 * MINUTE, false, 2);
}

/* A class that runs itself: welcome 3m (steps 1m, 1m, last), talk 2m, massage 4m
 * (steps 90s, 90s, untimed last), closing 1m. It finishes at 10:00. */
static void auto_plan(fixture *f)
{
    fixture_init(f);
    add_segment(f, KIND_WELCOME, 3 * MINUTE, true, 3);
    set_step_time(f, 0, 0, MINUTE);
    set_step_time(f, 0, 1, MINUTE);
    set_step_time(f, 0, 2, MINUTE);
    add_segment(f, KIND_TALK, 2 * MINUTE, true, 1);
    add_segment(f, KIND_MASSAGE, 4 * MINUTE, true, 3);
    set_step_time(f, 2, 0, 90 * SECOND);
    set_step_time(f, 2, 1, 90 * SECOND);
    add_segment(f, KIND_CLOSING, MINUTE, true, 1);
}

/* --- Helpers ----------------------------------------------------------------------- */

static const char *event_name(session_event_kind kind)
{
    switch (kind) {
    case SESSION_EV_SEGMENT_STARTED: return "SEGMENT_STARTED";
    case SESSION_EV_STEP_STARTED: return "STEP_STARTED";
    case SESSION_EV_TWO_MINUTES: return "TWO_MINUTES";
    case SESSION_EV_TIME_UP: return "TIME_UP";
    case SESSION_EV_PAUSED: return "PAUSED";
    case SESSION_EV_RESUMED: return "RESUMED";
    case SESSION_EV_TIME_CHANGED: return "TIME_CHANGED";
    case SESSION_EV_CLASS_FINISHED: return "CLASS_FINISHED";
    }
    return "?";
}

/* Whether the oldest queued event is `kind` at segment/step; takes it. */
static bool event_is(session *s, session_event_kind kind, int segment, int step)
{
    session_event ev;
    if (!session_next_event(s, &ev)) {
        fprintf(stderr, "    no event, expected %s %d/%d\n", event_name(kind), segment, step);
        return false;
    }
    if (ev.kind != kind || ev.segment != segment || ev.step != step) {
        fprintf(stderr, "    got %s %d/%d, expected %s %d/%d\n", event_name(ev.kind), ev.segment,
                ev.step, event_name(kind), segment, step);
        return false;
    }
    return true;
}

/* A new segment: SEGMENT_STARTED, then STEP_STARTED for its first step. */
static bool segment_began(session *s, int segment)
{
    bool began = event_is(s, SESSION_EV_SEGMENT_STARTED, segment, 0);
    bool first_step = event_is(s, SESSION_EV_STEP_STARTED, segment, 0);
    return began && first_step;
}

static bool no_events(session *s)
{
    session_event ev;
    bool none = true;
    while (session_next_event(s, &ev)) {
        fprintf(stderr, "    unexpected %s %d/%d\n", event_name(ev.kind), ev.segment, ev.step);
        none = false;
    }
    return none;
}

static void drain(session *s)
{
    session_event ev;
    while (session_next_event(s, &ev))
        ;
}

static size_t take_events(session *s, session_event *out, size_t cap)
{
    size_t n = 0;
    while (n < cap && session_next_event(s, &out[n]))
        n++;
    return n;
}

static int command(session *s, session_cmd_kind kind, int64_t now)
{
    session_cmd c = {.kind = kind};
    return session_apply(s, &c, now);
}

static int go_to(session *s, int segment, int step, int64_t now)
{
    session_cmd c = {.kind = SESSION_GOTO, .segment = segment, .step = step};
    return session_apply(s, &c, now);
}

static int adjust(session *s, int64_t delta_ms, int64_t now)
{
    session_cmd c = {.kind = SESSION_ADJUST, .delta_ms = delta_ms};
    return session_apply(s, &c, now);
}

/* A session on `f`, created at `now`, with its creation events taken. */
static session *start(fixture *f, int64_t now)
{
    session *s = session_create(&f->p, now);
    if (s) drain(s);
    return s;
}

typedef struct saved_buf {
    session_saved saved;
    session_saved_segment segments[MAX_SEGMENTS];
} saved_buf;

static void save_into(const session *s, saved_buf *b)
{
    memset(b, 0, sizeof(*b));
    b->saved.segments = b->segments;
    session_save(s, &b->saved);
}

static void copy_saved(saved_buf *to, const saved_buf *from)
{
    *to = *from;
    to->saved.segments = to->segments;
}

static bool saved_equal(const saved_buf *a, const saved_buf *b)
{
    const session_saved *x = &a->saved, *y = &b->saved;
    if (x->segment != y->segment || x->step != y->step || x->paused != y->paused ||
        x->finished != y->finished || x->class_ms != y->class_ms || x->step_ms != y->step_ms ||
        x->nsegments != y->nsegments) {
        fprintf(stderr,
                "    saved states differ: %d/%d/%d/%d/%" PRId64 "/%" PRId64
                " vs %d/%d/%d/%d/%" PRId64 "/%" PRId64 "\n",
                x->segment, x->step, x->paused, x->finished, x->class_ms, x->step_ms, y->segment,
                y->step, y->paused, y->finished, y->class_ms, y->step_ms);
        return false;
    }
    for (size_t i = 0; i < x->nsegments; i++) {
        const session_saved_segment *g = &x->segments[i], *h = &y->segments[i];
        if (g->elapsed_ms != h->elapsed_ms || g->extra_ms != h->extra_ms ||
            g->warned != h->warned || g->timeup != h->timeup) {
            fprintf(stderr, "    segment %zu differs\n", i);
            return false;
        }
    }
    return true;
}

/* Everything the getters show, for "nothing changed" and "same state" checks. */
typedef struct snapshot {
    int segment, step;
    bool paused, finished;
    int64_t class_ms, step_ms, elapsed_ms, total_ms, remaining_ms, overtime_ms;
} snapshot;

static snapshot snap(const session *s)
{
    return (snapshot){.segment = session_segment(s),
                      .step = session_step(s),
                      .paused = session_paused(s),
                      .finished = session_finished(s),
                      .class_ms = session_class_ms(s),
                      .step_ms = session_step_ms(s),
                      .elapsed_ms = session_elapsed_ms(s),
                      .total_ms = session_total_ms(s),
                      .remaining_ms = session_remaining_ms(s),
                      .overtime_ms = session_overtime_ms(s)};
}

static bool snap_equal(snapshot a, snapshot b)
{
    bool same = a.segment == b.segment && a.step == b.step && a.paused == b.paused &&
                a.finished == b.finished && a.class_ms == b.class_ms && a.step_ms == b.step_ms &&
                a.elapsed_ms == b.elapsed_ms && a.total_ms == b.total_ms &&
                a.remaining_ms == b.remaining_ms && a.overtime_ms == b.overtime_ms;
    if (!same)
        fprintf(stderr,
                "    states differ: %d/%d p%d f%d class %" PRId64 " step %" PRId64
                " elapsed %" PRId64 " total %" PRId64 " vs %d/%d p%d f%d class %" PRId64
                " step %" PRId64 " elapsed %" PRId64 " total %" PRId64 "\n",
                a.segment, a.step, a.paused, a.finished, a.class_ms, a.step_ms, a.elapsed_ms,
                a.total_ms, b.segment, b.step, b.paused, b.finished, b.class_ms, b.step_ms,
                b.elapsed_ms, b.total_ms);
    return same;
}

/* The full state, including every segment's clock, is unchanged. */
static bool unchanged(const session *s, const saved_buf *before)
{
    saved_buf now;
    save_into(s, &now);
    return saved_equal(&now, before);
}

/* --- Creation ---------------------------------------------------------------------- */

TEST(test_session__create_starts_at_the_first_step)
{
    fixture f;
    standard_plan(&f);
    session *s = session_create(&f.p, 1000);
    CHECK(s != NULL);
    if (!s) return;
    CHECK(session_plan(s) == &f.p);
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 0);
    CHECK(!session_paused(s));
    CHECK(!session_finished(s));
    CHECK_INT(session_class_ms(s), 0);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), 0);
    CHECK_INT(session_total_ms(s), 10 * MINUTE);
    CHECK_INT(session_remaining_ms(s), 10 * MINUTE);
    CHECK_INT(session_overtime_ms(s), 0);
    CHECK(segment_began(s, 0));
    CHECK(no_events(s));

    /* time counts from the `now` given at creation, not from zero */
    session_tick(s, 1000 + 90 * SECOND);
    CHECK_INT(session_class_ms(s), 90 * SECOND);
    CHECK_INT(session_step_ms(s), 90 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 90 * SECOND);
    CHECK_INT(session_remaining_ms(s), 510 * SECOND);
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__destroy_null_is_a_no_op)
{
    session_destroy(NULL); /* the case fails by crashing (ASan in build/asan) */
}

TEST(test_session__next_event_on_an_empty_queue)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_event ev = {.kind = SESSION_EV_PAUSED, .segment = 7, .step = 7};
    CHECK(!session_next_event(s, &ev));
    CHECK(!session_next_event(s, &ev));
    session_destroy(s);
}

/* --- Navigation -------------------------------------------------------------------- */

TEST(test_session__next_moves_through_steps_and_segments)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);

    session_tick(s, 30 * SECOND);
    CHECK_INT(command(s, SESSION_NEXT, 30 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), 30 * SECOND);

    session_tick(s, 40 * SECOND);
    CHECK_INT(session_step_ms(s), 10 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 40 * SECOND);

    CHECK_INT(command(s, SESSION_NEXT, 40 * SECOND), SESSION_OK);
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 1);
    CHECK_INT(session_step(s), 0);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), 0);
    CHECK_INT(session_total_ms(s), 5 * MINUTE);
    CHECK_INT(session_class_ms(s), 40 * SECOND);

    CHECK_INT(command(s, SESSION_NEXT, 41 * SECOND), SESSION_OK);
    CHECK(segment_began(s, 2));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__next_past_the_end_finishes_the_class)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    CHECK_INT(go_to(s, 4, 1, 0), SESSION_OK);
    drain(s);
    session_tick(s, MINUTE);
    CHECK_INT(command(s, SESSION_NEXT, MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_CLASS_FINISHED, 4, 1));
    CHECK(no_events(s));
    CHECK(session_finished(s));
    CHECK_INT(session_segment(s), 4);
    CHECK_INT(session_step(s), 1);

    /* every clock stops */
    session_tick(s, 30 * MINUTE);
    CHECK_INT(session_class_ms(s), MINUTE);
    CHECK_INT(session_step_ms(s), MINUTE);
    CHECK_INT(session_elapsed_ms(s), MINUTE);
    CHECK_INT(session_remaining_ms(s), 4 * MINUTE);
    CHECK(no_events(s)); /* no TWO_MINUTES or TIME_UP for a finished class */
    session_destroy(s);
}

TEST(test_session__a_finished_class_refuses_other_commands)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 4, 1, 0);
    command(s, SESSION_NEXT, MINUTE);
    drain(s);
    saved_buf before;
    save_into(s, &before);

    static const session_cmd_kind refused[] = {SESSION_NEXT, SESSION_PAUSE, SESSION_RESUME,
                                               SESSION_TOGGLE_PAUSE, SESSION_ADJUST};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        session_cmd c = {.kind = refused[i], .delta_ms = MINUTE};
        CHECK_INT(session_apply(s, &c, 2 * MINUTE), SESSION_EFINISHED);
        CHECK(unchanged(s, &before));
        CHECK(no_events(s));
    }
    CHECK(session_finished(s));
    session_destroy(s);
}

TEST(test_session__back_from_finished_reenters_the_last_step)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 4, 1, 0);
    command(s, SESSION_NEXT, MINUTE);
    drain(s);

    CHECK_INT(command(s, SESSION_BACK, 10 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 4, 1));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 4, 1));
    CHECK(no_events(s));
    CHECK(!session_finished(s));
    CHECK_INT(session_segment(s), 4);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), MINUTE); /* the countdown goes on where it was */

    /* the class clock goes on from where it stopped: the finished time is not counted */
    CHECK_INT(session_class_ms(s), MINUTE);
    session_tick(s, 11 * MINUTE);
    CHECK_INT(session_class_ms(s), 2 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), 2 * MINUTE);

    /* and it can finish again */
    CHECK_INT(command(s, SESSION_NEXT, 11 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_CLASS_FINISHED, 4, 1));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__goto_and_restart_work_when_finished)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 4, 1, 0);
    command(s, SESSION_NEXT, 0);
    drain(s);

    /* the same place as where it finished still re-enters the segment */
    CHECK_INT(go_to(s, 4, 1, 0), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 4, 1));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 4, 1));
    CHECK(no_events(s));
    CHECK(!session_finished(s));

    command(s, SESSION_NEXT, 0);
    drain(s);
    CHECK_INT(go_to(s, 1, 0, 0), SESSION_OK);
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK(!session_finished(s));

    go_to(s, 4, 1, 0);
    command(s, SESSION_NEXT, 0);
    drain(s);
    CHECK_INT(go_to(s, 9, 0, 0), SESSION_ERANGE); /* still checked when finished */
    CHECK(session_finished(s));
    CHECK(no_events(s));
    CHECK_INT(command(s, SESSION_RESTART, MINUTE), SESSION_OK);
    CHECK(segment_began(s, 0));
    CHECK(no_events(s));
    CHECK(!session_finished(s));
    session_destroy(s);
}

TEST(test_session__back_within_and_across_segments)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 3, 2, 0);
    drain(s);

    session_tick(s, 20 * SECOND);
    CHECK_INT(command(s, SESSION_BACK, 20 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 1));
    CHECK(no_events(s));
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), 20 * SECOND);

    command(s, SESSION_BACK, 20 * SECOND);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 0));
    CHECK(no_events(s));

    /* from the first step to the last step of the previous segment */
    CHECK_INT(command(s, SESSION_BACK, 30 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 2, 2));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 2, 2));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 2);
    CHECK_INT(session_step(s), 2);
    CHECK_INT(session_elapsed_ms(s), 0);
    CHECK_INT(session_total_ms(s), 3 * MINUTE);
    session_destroy(s);
}

TEST(test_session__back_on_the_first_step_is_out_of_range)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 5 * SECOND);
    saved_buf before;
    save_into(s, &before);
    CHECK_INT(command(s, SESSION_BACK, 5 * SECOND), SESSION_ERANGE);
    CHECK(unchanged(s, &before));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__goto)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);

    CHECK_INT(go_to(s, 3, 2, 10 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 3, 2));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 2));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 3);
    CHECK_INT(session_step(s), 2);

    /* within the segment: only the step starts */
    CHECK_INT(go_to(s, 3, 0, 20 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 0));
    CHECK(no_events(s));

    /* the current step: it starts again, the step clock too, not the countdown */
    session_tick(s, 30 * SECOND);
    CHECK_INT(session_step_ms(s), 10 * SECOND);
    CHECK_INT(go_to(s, 3, 0, 30 * SECOND), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 0));
    CHECK(no_events(s));
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_elapsed_ms(s), 20 * SECOND);
    session_destroy(s);
}

TEST(test_session__goto_out_of_range_changes_nothing)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 3, 1, 0);
    session_tick(s, 7 * SECOND);
    drain(s);
    saved_buf before;
    save_into(s, &before);

    static const int bad[][2] = {{-1, 0}, {5, 0},       {INT_MAX, 0}, {INT_MIN, 0},
                                 {0, -1}, {0, 2},       {1, 1},       {3, 4},
                                 {4, 2},  {3, INT_MAX}, {-1, -1},     {2, INT_MIN}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_INT(go_to(s, bad[i][0], bad[i][1], 7 * SECOND), SESSION_ERANGE);
        CHECK(unchanged(s, &before));
        CHECK(no_events(s));
    }
    session_destroy(s);
}

TEST(test_session__unknown_command_is_refused)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    saved_buf before;
    save_into(s, &before);
    session_cmd c = {.kind = (session_cmd_kind)99};
    CHECK_INT(session_apply(s, &c, 0), SESSION_ERANGE);
    CHECK(unchanged(s, &before));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__step_clock_restarts_on_every_step_change)
{
    fixture f;
    standard_plan(&f);
    add_segment(&f, KIND_REST, 5 * MINUTE, true, 2); /* segment 5: auto steps */
    set_step_time(&f, 5, 0, 10 * SECOND);
    session *s = start(&f, 0);
    int64_t t = 0;

    t += 3 * SECOND;
    command(s, SESSION_NEXT, t);
    CHECK_INT(session_step_ms(s), 0);
    t += 3 * SECOND;
    session_tick(s, t);
    CHECK_INT(session_step_ms(s), 3 * SECOND);
    command(s, SESSION_BACK, t);
    CHECK_INT(session_step_ms(s), 0);
    t += 3 * SECOND;
    go_to(s, 3, 3, t);
    CHECK_INT(session_step_ms(s), 0);
    t += 3 * SECOND;
    go_to(s, 5, 0, t);
    CHECK_INT(session_step_ms(s), 0);
    t += 12 * SECOND; /* auto: the step moved on at 10s, 2s ago */
    session_tick(s, t);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_step_ms(s), 2 * SECOND);
    session_destroy(s);
}

/* --- Clocks ------------------------------------------------------------------------ */

TEST(test_session__a_segment_countdown_continues_where_it_was)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 3 * MINUTE);
    go_to(s, 1, 0, 3 * MINUTE);
    session_tick(s, 4 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), MINUTE);
    CHECK_INT(session_remaining_ms(s), 4 * MINUTE);

    command(s, SESSION_BACK, 4 * MINUTE);
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_elapsed_ms(s), 3 * MINUTE);
    CHECK_INT(session_remaining_ms(s), 7 * MINUTE);
    session_tick(s, 5 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), 4 * MINUTE);
    CHECK_INT(session_class_ms(s), 5 * MINUTE);

    command(s, SESSION_NEXT, 5 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), MINUTE);
    session_destroy(s);
}

TEST(test_session__pause_freezes_segment_and_step_clocks_not_the_class_clock)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, MINUTE);
    CHECK_INT(command(s, SESSION_PAUSE, MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_PAUSED, 0, 0));
    CHECK(no_events(s));
    CHECK(session_paused(s));

    session_tick(s, 20 * MINUTE); /* well past the segment's end: no warnings */
    CHECK(no_events(s));
    CHECK_INT(session_class_ms(s), 20 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), MINUTE);
    CHECK_INT(session_step_ms(s), MINUTE);
    CHECK_INT(session_remaining_ms(s), 9 * MINUTE);

    CHECK_INT(command(s, SESSION_RESUME, 20 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    CHECK(no_events(s));
    CHECK(!session_paused(s));
    session_tick(s, 21 * MINUTE);
    CHECK_INT(session_class_ms(s), 21 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), 2 * MINUTE);
    CHECK_INT(session_step_ms(s), 2 * MINUTE);
    session_destroy(s);
}

TEST(test_session__pause_events_only_when_the_state_changes)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);

    CHECK_INT(command(s, SESSION_RESUME, 0), SESSION_OK); /* not paused: silent */
    CHECK(no_events(s));
    CHECK_INT(command(s, SESSION_PAUSE, 0), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_PAUSED, 0, 0));
    CHECK_INT(command(s, SESSION_PAUSE, 0), SESSION_OK); /* twice: OK and silent */
    CHECK(no_events(s));
    CHECK(session_paused(s));
    CHECK_INT(command(s, SESSION_TOGGLE_PAUSE, 0), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    CHECK(!session_paused(s));
    CHECK_INT(command(s, SESSION_TOGGLE_PAUSE, 0), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_PAUSED, 0, 0));
    CHECK(session_paused(s));
    CHECK_INT(command(s, SESSION_RESUME, 0), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    CHECK_INT(command(s, SESSION_RESUME, 0), SESSION_OK);
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__navigation_while_paused_keeps_the_class_paused)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    command(s, SESSION_PAUSE, 0);
    drain(s);

    command(s, SESSION_NEXT, MINUTE);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));
    CHECK(session_paused(s));
    command(s, SESSION_NEXT, MINUTE);
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK(session_paused(s));
    session_tick(s, 2 * MINUTE);
    CHECK_INT(session_elapsed_ms(s), 0);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_class_ms(s), 2 * MINUTE);

    command(s, SESSION_BACK, 2 * MINUTE);
    CHECK(session_paused(s));
    go_to(s, 3, 3, 2 * MINUTE);
    CHECK(session_paused(s));
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 0, 1));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(event_is(s, SESSION_EV_SEGMENT_STARTED, 3, 3));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 3, 3));
    CHECK(no_events(s));

    /* finishing keeps the paused state too, and so does coming back */
    command(s, SESSION_NEXT, 2 * MINUTE);
    command(s, SESSION_NEXT, 2 * MINUTE);
    command(s, SESSION_NEXT, 2 * MINUTE);
    CHECK(session_finished(s));
    CHECK(session_paused(s));
    command(s, SESSION_BACK, 3 * MINUTE);
    CHECK(session_paused(s));
    CHECK_INT(session_class_ms(s), 2 * MINUTE);
    session_destroy(s);
}

TEST(test_session__time_going_backwards_counts_as_no_time)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 10 * SECOND);
    session_tick(s, 20 * SECOND);
    CHECK_INT(session_class_ms(s), 10 * SECOND);
    session_tick(s, 15 * SECOND);
    CHECK_INT(session_class_ms(s), 10 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 10 * SECOND);
    session_tick(s, -1000 * MINUTE);
    CHECK_INT(session_class_ms(s), 10 * SECOND);
    session_tick(s, 21 * SECOND); /* only the time after the latest `now` counts */
    CHECK_INT(session_class_ms(s), 11 * SECOND);

    CHECK_INT(command(s, SESSION_NEXT, 5 * SECOND), SESSION_OK);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_class_ms(s), 11 * SECOND);
    CHECK_INT(session_step_ms(s), 0);
    session_tick(s, 22 * SECOND);
    CHECK_INT(session_class_ms(s), 12 * SECOND);
    CHECK_INT(session_step_ms(s), SECOND);
    CHECK_INT(session_elapsed_ms(s), 12 * SECOND);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__a_command_counts_the_time_before_it)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    /* no tick: the 30 seconds before NEXT belong to step 0 and segment 0 */
    command(s, SESSION_NEXT, 30 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 30 * SECOND);
    CHECK_INT(session_step_ms(s), 0);
    CHECK_INT(session_class_ms(s), 30 * SECOND);
    /* and PAUSE pauses from its own `now` on */
    command(s, SESSION_PAUSE, 40 * SECOND);
    session_tick(s, 100 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 40 * SECOND);
    CHECK_INT(session_step_ms(s), 10 * SECOND);
    session_destroy(s);
}

TEST(test_session__a_class_that_finished_meanwhile_refuses_next)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, MINUTE, true, 1);
    session *s = start(&f, 0);
    /* the class runs out at 1:00; the command at 2:00 finds it finished */
    CHECK_INT(command(s, SESSION_NEXT, 2 * MINUTE), SESSION_EFINISHED);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(event_is(s, SESSION_EV_CLASS_FINISHED, 0, 0));
    CHECK(no_events(s));
    CHECK(session_finished(s));
    CHECK_INT(session_class_ms(s), MINUTE);
    session_destroy(s);
}

/* --- Warnings ---------------------------------------------------------------------- */

TEST(test_session__two_minutes_and_time_up_fire_exactly_once)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);

    session_tick(s, 8 * MINUTE - 1);
    CHECK_INT(session_remaining_ms(s), 2 * MINUTE + 1);
    CHECK(no_events(s));
    session_tick(s, 8 * MINUTE);
    CHECK_INT(session_remaining_ms(s), 2 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(no_events(s));
    session_tick(s, 8 * MINUTE + 1);
    session_tick(s, 9 * MINUTE);
    CHECK(no_events(s));

    session_tick(s, 10 * MINUTE - 1);
    CHECK_INT(session_remaining_ms(s), 1);
    CHECK(no_events(s));
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), 0);
    CHECK_INT(session_overtime_ms(s), 0);

    /* overtime: the countdown goes negative, nothing fires again */
    session_tick(s, 11 * MINUTE + 500);
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), -MINUTE - 500);
    CHECK_INT(session_overtime_ms(s), MINUTE + 500);
    CHECK_INT(session_elapsed_ms(s), 11 * MINUTE + 500);
    CHECK(!session_finished(s)); /* a segment run by hand waits for the instructor */
    CHECK_INT(session_segment(s), 0);
    session_destroy(s);
}

TEST(test_session__warnings_carry_the_current_step)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    command(s, SESSION_NEXT, MINUTE);
    drain(s);
    session_tick(s, 8 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 1));
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 1));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__one_long_tick_fires_both_warnings_in_order)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 20 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_overtime_ms(s), 10 * MINUTE);
    session_destroy(s);
}

TEST(test_session__no_warning_on_entering_a_short_segment)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_TALK, 2 * MINUTE, false, 1);
    add_segment(&f, KIND_TALK, 90 * SECOND, false, 1);
    add_segment(&f, KIND_TALK, 2 * MINUTE + 1, false, 1);
    session *s = start(&f, 0);

    session_tick(s, 2 * MINUTE - 1);
    CHECK(no_events(s));
    session_tick(s, 2 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0)); /* time up fires, two minutes never did */
    CHECK(no_events(s));

    command(s, SESSION_NEXT, 2 * MINUTE);
    drain(s);
    session_tick(s, 5 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));

    /* a millisecond over two minutes is a crossing, one millisecond in */
    command(s, SESSION_NEXT, 5 * MINUTE);
    drain(s);
    session_tick(s, 5 * MINUTE + 1);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 2, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

/* The glow after two minutes: only for a segment with more than two minutes ahead at
 * its start, counted from the warning in the segment's own time. */
TEST(test_session__two_minute_cue_only_after_a_crossing)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_TALK, 2 * MINUTE, false, 1);
    add_segment(&f, KIND_TALK, 3 * MINUTE, false, 1);
    add_segment(&f, KIND_TALK, 4 * MINUTE, false, 1);
    session *s = start(&f, 0);

    /* a two-minute segment: no cue at its start, nor later */
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    session_tick(s, 5 * SECOND);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    session_tick(s, 3 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);

    /* three minutes: the cue starts one minute in, and counts the segment's time */
    command(s, SESSION_NEXT, 3 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    session_tick(s, 4 * MINUTE - 1);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    session_tick(s, 4 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), 0);
    session_tick(s, 4 * MINUTE + 3 * SECOND);
    CHECK_INT(session_two_minutes_ago_ms(s), 3 * SECOND);
    command(s, SESSION_PAUSE, 4 * MINUTE + 3 * SECOND);
    session_tick(s, 5 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), 3 * SECOND); /* paused: the cue waits */
    command(s, SESSION_RESUME, 5 * MINUTE);

    /* time added above two minutes re-arms it; the next crossing starts it again */
    adjust(s, MINUTE, 5 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);

    /* the next segment has its own: nothing until its own crossing */
    command(s, SESSION_NEXT, 5 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    session_tick(s, 7 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), 0);

    /* removing time so that it crosses at once starts the cue at once */
    command(s, SESSION_BACK, 7 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), -1);
    adjust(s, -MINUTE, 7 * MINUTE);
    CHECK_INT(session_two_minutes_ago_ms(s), 0);
    session_destroy(s);
}

TEST(test_session__no_warning_again_when_coming_back)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 9 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    go_to(s, 1, 0, 9 * MINUTE);
    session_tick(s, 10 * MINUTE);
    go_to(s, 0, 0, 10 * MINUTE);
    drain(s);
    session_tick(s, 10 * MINUTE + 30 * SECOND);
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), 30 * SECOND);
    session_tick(s, 11 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    go_to(s, 1, 0, 11 * MINUTE);
    go_to(s, 0, 1, 11 * MINUTE);
    drain(s);
    session_tick(s, 12 * MINUTE);
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__warnings_fire_whatever_the_chime_setting)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    f.segments[0].chime = CHIME_NONE;
    session *s = start(&f, 0);
    session_tick(s, 6 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

/* --- Adding and removing time ------------------------------------------------------- */

TEST(test_session__adding_time_rearms_the_warnings)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 9 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));

    CHECK_INT(adjust(s, 2 * MINUTE, 9 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_total_ms(s), 12 * MINUTE);
    CHECK_INT(session_remaining_ms(s), 3 * MINUTE);
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    session_tick(s, 12 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    session_tick(s, 13 * MINUTE);
    CHECK(no_events(s));
    CHECK_INT(session_overtime_ms(s), MINUTE);

    /* still overtime after adding: nothing is re-armed */
    adjust(s, 30 * SECOND, 13 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK_INT(session_remaining_ms(s), -30 * SECOND);
    session_tick(s, 13 * MINUTE + 1);
    CHECK(no_events(s));

    /* 30 s left: time up re-armed, two minutes not */
    adjust(s, MINUTE, 13 * MINUTE + 1);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), 30 * SECOND - 1);
    session_tick(s, 13 * MINUTE + 30 * SECOND);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__removing_time_fires_warnings_at_once)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, MINUTE);

    adjust(s, -6 * MINUTE, MINUTE); /* 9 -> 3 minutes left */
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_total_ms(s), 4 * MINUTE);
    adjust(s, -MINUTE, MINUTE); /* exactly two minutes left */
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(no_events(s));
    adjust(s, -1, MINUTE); /* below two minutes, but no crossing */
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    adjust(s, -2 * MINUTE + 1, MINUTE); /* exactly zero left */
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), 0);
    CHECK_INT(session_total_ms(s), MINUTE);

    /* from above two minutes to overtime in one go: both, in order */
    go_to(s, 1, 0, MINUTE);
    drain(s);
    adjust(s, -10 * MINUTE, MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 1, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 1, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__removing_time_from_a_short_segment_is_no_crossing)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_TALK, 90 * SECOND, false, 1);
    session *s = start(&f, 0);
    adjust(s, -30 * SECOND, 0);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), MINUTE);
    session_destroy(s);
}

TEST(test_session__total_time_never_goes_below_zero)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 1, 0, 0);
    drain(s);
    adjust(s, -60 * MINUTE, 0);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 1, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 1, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));
    CHECK_INT(session_total_ms(s), 0);
    CHECK_INT(session_remaining_ms(s), 0);
    adjust(s, -MINUTE, 0);
    CHECK_INT(session_total_ms(s), 0);
    drain(s);

    /* added time counts from zero, not from the removed hour */
    adjust(s, MINUTE, 0);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 1, 0));
    CHECK_INT(session_total_ms(s), MINUTE);
    session_tick(s, MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));

    /* in overtime the clamp is on the total, and the overtime is the time spent */
    session_tick(s, 2 * MINUTE);
    adjust(s, -5 * MINUTE, 2 * MINUTE);
    CHECK_INT(session_total_ms(s), 0);
    CHECK_INT(session_overtime_ms(s), 2 * MINUTE);
    session_destroy(s);
}

TEST(test_session__huge_adjustments_saturate)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, MINUTE);
    adjust(s, INT64_MAX, MINUTE);
    CHECK_INT(session_total_ms(s), INT64_MAX);
    adjust(s, INT64_MAX, MINUTE);
    CHECK_INT(session_total_ms(s), INT64_MAX);
    CHECK_INT(session_remaining_ms(s), INT64_MAX - MINUTE);
    adjust(s, INT64_MIN, MINUTE);
    CHECK_INT(session_total_ms(s), 0);
    adjust(s, INT64_MIN, MINUTE);
    CHECK_INT(session_total_ms(s), 0);
    CHECK_INT(session_overtime_ms(s), MINUTE);
    adjust(s, 3 * MINUTE, MINUTE);
    CHECK_INT(session_total_ms(s), 3 * MINUTE);
    session_destroy(s);
}

TEST(test_session__adjust_changes_only_the_current_segment)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    adjust(s, MINUTE, 0);
    go_to(s, 1, 0, 0);
    CHECK_INT(session_total_ms(s), 5 * MINUTE);
    adjust(s, -2 * MINUTE, 0);
    CHECK_INT(session_total_ms(s), 3 * MINUTE);
    command(s, SESSION_BACK, 0);
    CHECK_INT(session_total_ms(s), 11 * MINUTE);
    command(s, SESSION_NEXT, 0);
    CHECK_INT(session_total_ms(s), 3 * MINUTE);
    session_destroy(s);
}

TEST(test_session__adjust_while_paused)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    command(s, SESSION_PAUSE, MINUTE);
    drain(s);
    CHECK_INT(adjust(s, -8 * MINUTE, 2 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(no_events(s));
    CHECK(session_paused(s));
    CHECK_INT(session_remaining_ms(s), MINUTE);
    session_tick(s, 10 * MINUTE);
    CHECK(no_events(s));
    command(s, SESSION_RESUME, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    session_tick(s, 11 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

/* --- Advancing by itself ----------------------------------------------------------- */

TEST(test_session__auto_steps_move_on_their_time)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, 3 * MINUTE, true, 3);
    set_step_time(&f, 0, 0, 30 * SECOND);
    set_step_time(&f, 0, 1, 30 * SECOND);
    set_step_time(&f, 0, 2, 30 * SECOND); /* the last step's time moves nothing */
    add_segment(&f, KIND_TALK, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);

    session_tick(s, 30 * SECOND - 1);
    CHECK(no_events(s));
    CHECK_INT(session_step(s), 0);
    session_tick(s, 30 * SECOND);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));
    CHECK_INT(session_step_ms(s), 0);
    session_tick(s, 45 * SECOND);
    CHECK_INT(session_step_ms(s), 15 * SECOND);

    /* at 1:00 two minutes are left and step 1 is over: the warning comes first */
    session_tick(s, 60 * SECOND);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 1));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 2));
    CHECK(no_events(s));

    session_tick(s, 90 * SECOND);
    CHECK(no_events(s));
    CHECK_INT(session_step(s), 2);
    CHECK_INT(session_step_ms(s), 30 * SECOND);

    session_tick(s, 3 * MINUTE - 1);
    CHECK(no_events(s));
    session_tick(s, 3 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 2));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_elapsed_ms(s), 0);

    /* the next segment is run by hand: it stays, in overtime */
    session_tick(s, 30 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 1, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 1);
    CHECK_INT(session_elapsed_ms(s), 27 * MINUTE);
    session_destroy(s);
}

TEST(test_session__an_untimed_step_waits_for_next)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_TALK, 1 * MINUTE, true, 2); /* both steps untimed */
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_step(s), 0);
    CHECK_INT(session_step_ms(s), 10 * MINUTE);

    /* NEXT by hand onto the last step after time up: held, the instructor chose it */
    command(s, SESSION_NEXT, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    session_tick(s, 20 * MINUTE);
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_overtime_ms(s), 19 * MINUTE);
    command(s, SESSION_NEXT, 20 * MINUTE);
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__next_by_hand_before_time_up_still_advances)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_TALK, 1 * MINUTE, true, 2);
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    command(s, SESSION_NEXT, 10 * SECOND);
    drain(s);
    session_tick(s, 2 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 1));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_elapsed_ms(s), MINUTE); /* the leftover minute went on */
    session_destroy(s);
}

TEST(test_session__steps_longer_than_the_segment)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_MASSAGE, MINUTE, true, 2);
    set_step_time(&f, 0, 0, 90 * SECOND);
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    session_tick(s, MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_step(s), 0); /* the step runs its planned time */
    session_tick(s, 90 * SECOND - 1);
    CHECK(no_events(s));
    /* the last step comes after time up: the segment moves on at once */
    session_tick(s, 90 * SECOND);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__auto_segment_carries_the_leftover_time)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, MINUTE, true, 1);
    add_segment(&f, KIND_TALK, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    session_tick(s, 100 * SECOND);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_elapsed_ms(s), 40 * SECOND);
    CHECK_INT(session_step_ms(s), 40 * SECOND);
    CHECK_INT(session_class_ms(s), 100 * SECOND);
    command(s, SESSION_BACK, 100 * SECOND);
    CHECK_INT(session_elapsed_ms(s), MINUTE); /* not a millisecond more */
    CHECK_INT(session_remaining_ms(s), 0);
    session_destroy(s);
}

TEST(test_session__back_into_a_timed_up_auto_segment_holds_it)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, MINUTE, true, 1);
    add_segment(&f, KIND_TALK, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    session_tick(s, 100 * SECOND);
    command(s, SESSION_BACK, 100 * SECOND);
    drain(s);

    session_tick(s, 200 * SECOND);
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_overtime_ms(s), 100 * SECOND);

    /* added time releases the hold: the segment moves on when it runs out */
    adjust(s, 2 * MINUTE, 200 * SECOND);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_remaining_ms(s), 20 * SECOND);
    session_tick(s, 220 * SECOND - 1);
    CHECK(no_events(s));
    session_tick(s, 220 * SECOND);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_elapsed_ms(s), 40 * SECOND);
    session_destroy(s);
}

TEST(test_session__auto_entering_a_timed_up_segment_holds_it)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, MINUTE, true, 1);
    add_segment(&f, KIND_TALK, MINUTE, true, 1);
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);
    go_to(s, 1, 0, 0);
    session_tick(s, 2 * MINUTE);
    go_to(s, 0, 0, 2 * MINUTE);
    drain(s);
    CHECK_INT(session_segment(s), 0);
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 1); /* not skipped to segment 2 */
    CHECK_INT(session_overtime_ms(s), 7 * MINUTE);
    session_destroy(s);
}

TEST(test_session__removing_time_from_an_auto_segment_moves_on)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, 10 * MINUTE, true, 1);
    add_segment(&f, KIND_TALK, 10 * MINUTE, true, 2);
    set_step_time(&f, 1, 0, 5 * MINUTE);
    add_segment(&f, KIND_REST, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);

    adjust(s, -9 * MINUTE, MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));

    /* not on the last step: the steps go on by their time, then it moves on */
    adjust(s, -10 * MINUTE, 2 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 1, 0));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 1, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(no_events(s));
    session_tick(s, 6 * MINUTE);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 1, 1));
    CHECK(segment_began(s, 2));
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__pause_stops_auto_advance_and_resume_catches_up)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, 10 * MINUTE, true, 2);
    set_step_time(&f, 0, 0, 30 * SECOND);
    add_segment(&f, KIND_TALK, 5 * MINUTE, false, 1);
    session *s = start(&f, 0);

    command(s, SESSION_PAUSE, 20 * SECOND);
    session_tick(s, 5 * MINUTE);
    CHECK(event_is(s, SESSION_EV_PAUSED, 0, 0));
    CHECK(no_events(s));
    command(s, SESSION_RESUME, 5 * MINUTE);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    session_tick(s, 5 * MINUTE + 10 * SECOND);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));

    /* time removed while paused: time up now, the move waits for RESUME */
    command(s, SESSION_PAUSE, 5 * MINUTE + 10 * SECOND);
    adjust(s, -10 * MINUTE, 6 * MINUTE);
    CHECK(event_is(s, SESSION_EV_PAUSED, 0, 1));
    CHECK(event_is(s, SESSION_EV_TIME_CHANGED, 0, 1));
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 1));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 1));
    CHECK(no_events(s));
    session_tick(s, 7 * MINUTE);
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    command(s, SESSION_RESUME, 7 * MINUTE);
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 1));
    CHECK(segment_began(s, 1));
    CHECK(no_events(s));
    CHECK(!session_paused(s));
    session_destroy(s);
}

TEST(test_session__a_permission_segment_never_advances_by_itself)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_PERMISSION, 3 * MINUTE, true, 3);
    set_step_time(&f, 0, 0, 10 * SECOND);
    set_step_time(&f, 0, 1, 10 * SECOND);
    set_step_time(&f, 0, 2, 10 * SECOND);
    add_segment(&f, KIND_MASSAGE, 10 * MINUTE, true, 1);
    session *s = start(&f, 0);
    session_tick(s, 60 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 0);
    CHECK_INT(session_step_ms(s), 60 * MINUTE);
    CHECK_INT(session_overtime_ms(s), 57 * MINUTE);
    CHECK(!session_finished(s));

    /* on its last step, by hand, still held */
    go_to(s, 0, 2, 60 * MINUTE);
    adjust(s, 5 * MINUTE, 60 * MINUTE);
    adjust(s, -5 * MINUTE, 60 * MINUTE);
    session_tick(s, 120 * MINUTE);
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 2);
    session_destroy(s);
}

TEST(test_session__a_segment_run_by_hand_never_advances)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_MASSAGE, MINUTE, false, 2);
    set_step_time(&f, 0, 0, 10 * SECOND);
    set_step_time(&f, 0, 1, 10 * SECOND);
    add_segment(&f, KIND_REST, MINUTE, false, 1);
    session *s = start(&f, 0);
    session_tick(s, 60 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 0);
    session_destroy(s);
}

TEST(test_session__auto_advancing_past_the_last_segment_finishes)
{
    fixture f;
    fixture_init(&f);
    add_segment(&f, KIND_WELCOME, 5 * MINUTE, false, 1);
    add_segment(&f, KIND_CLOSING, MINUTE, true, 1);
    session *s = start(&f, 0);
    go_to(s, 1, 0, 0);
    drain(s);
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0));
    CHECK(event_is(s, SESSION_EV_CLASS_FINISHED, 1, 0));
    CHECK(no_events(s));
    CHECK(session_finished(s));
    CHECK_INT(session_class_ms(s), MINUTE); /* stopped at the finish, not at 10:00 */
    CHECK_INT(session_elapsed_ms(s), MINUTE);
    CHECK_INT(session_remaining_ms(s), 0);
    session_destroy(s);
}

TEST(test_session__one_big_jump_passes_every_boundary_in_order)
{
    fixture f;
    auto_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 60 * MINUTE);

    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0)); /* 1:00 */
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 2)); /* 2:00 */
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 2));      /* 3:00 */
    CHECK(segment_began(s, 1));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0)); /* 5:00, no warning: only 2 min */
    CHECK(segment_began(s, 2));
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 2, 1)); /* 6:30 */
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 2, 1));  /* 7:00 */
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 2, 2)); /* 8:00 */
    CHECK(event_is(s, SESSION_EV_TIME_UP, 2, 2));      /* 9:00 */
    CHECK(segment_began(s, 3));
    CHECK(event_is(s, SESSION_EV_TIME_UP, 3, 0)); /* 10:00 */
    CHECK(event_is(s, SESSION_EV_CLASS_FINISHED, 3, 0));
    CHECK(no_events(s));
    CHECK(session_finished(s));
    CHECK_INT(session_class_ms(s), 10 * MINUTE);

    saved_buf b;
    save_into(s, &b);
    CHECK_INT(b.segments[0].elapsed_ms, 3 * MINUTE);
    CHECK_INT(b.segments[1].elapsed_ms, 2 * MINUTE);
    CHECK_INT(b.segments[2].elapsed_ms, 4 * MINUTE);
    CHECK_INT(b.segments[3].elapsed_ms, MINUTE);
    session_destroy(s);
}

TEST(test_session__a_big_jump_carries_leftover_into_the_middle_of_a_step)
{
    fixture f;
    auto_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 6 * MINUTE + 45 * SECOND); /* segment 2 started at 5:00 */
    drain(s);
    CHECK_INT(session_segment(s), 2);
    CHECK_INT(session_step(s), 1);
    CHECK_INT(session_step_ms(s), 15 * SECOND);
    CHECK_INT(session_elapsed_ms(s), 105 * SECOND);
    CHECK_INT(session_class_ms(s), 6 * MINUTE + 45 * SECOND);
    session_destroy(s);
}

/* Run the auto plan with ticks `step` ms apart until `end`; record events and state. */
static size_t run_in_ticks(fixture *f, int64_t step, int64_t end, session_event *evs, size_t cap,
                           saved_buf *out)
{
    session *s = session_create(&f->p, 0);
    size_t n = 0;
    if (!s) return 0;
    for (int64_t t = 0; t <= end; t += step) {
        session_tick(s, t);
        n += take_events(s, evs + n, cap - n);
    }
    session_tick(s, end);
    n += take_events(s, evs + n, cap - n);
    save_into(s, out);
    session_destroy(s);
    return n;
}

TEST(test_session__big_jumps_and_small_ticks_agree)
{
    fixture f;
    auto_plan(&f);
    session_event one[64], many[64];
    saved_buf a, b;
    size_t n1 = run_in_ticks(&f, 60 * MINUTE, 60 * MINUTE, one, 64, &a);
    static const int64_t steps[] = {1, 7, 999, SECOND, 61 * SECOND};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        size_t n2 = run_in_ticks(&f, steps[i], 12 * MINUTE, many, 64, &b);
        CHECK_INT(n2, n1);
        for (size_t j = 0; j < n1 && j < n2; j++) {
            CHECK_INT(many[j].kind, one[j].kind);
            CHECK_INT(many[j].segment, one[j].segment);
            CHECK_INT(many[j].step, one[j].step);
        }
        CHECK(saved_equal(&a, &b));
    }
    CHECK_INT(n1, 19); /* the 17 of the big jump and the 2 of creation */
}

TEST(test_session__extreme_times_do_not_overflow)
{
    fixture f;
    auto_plan(&f);
    add_segment(&f, KIND_REST, MINUTE, false, 1);
    session *s = start(&f, INT64_MIN);
    session_tick(s, INT64_MAX);
    CHECK_INT(session_segment(s), 4);
    CHECK_INT(session_class_ms(s), INT64_MAX);
    CHECK_INT(session_elapsed_ms(s), INT64_MAX - 10 * MINUTE);
    CHECK_INT(session_remaining_ms(s), MINUTE - (INT64_MAX - 10 * MINUTE));
    session_tick(s, INT64_MAX);
    CHECK_INT(session_class_ms(s), INT64_MAX);
    adjust(s, INT64_MAX, INT64_MAX);
    CHECK_INT(session_total_ms(s), INT64_MAX);
    drain(s);
    session_destroy(s);
}

/* --- Events ------------------------------------------------------------------------ */

TEST(test_session__the_event_ring_drops_the_oldest)
{
    fixture f;
    standard_plan(&f);
    session *s = session_create(&f.p, 0);
    /* 2 creation events + 70 toggles: the 8 oldest are dropped */
    for (int i = 0; i < 70; i++)
        command(s, SESSION_TOGGLE_PAUSE, 0);
    session_event evs[100];
    size_t n = take_events(s, evs, 100);
    CHECK_INT(n, 64);
    for (size_t i = 0; i < n; i++) {
        int toggle = 6 + (int)i; /* even toggles pause, odd ones resume */
        CHECK_INT(evs[i].kind, toggle % 2 == 0 ? SESSION_EV_PAUSED : SESSION_EV_RESUMED);
    }
    CHECK(no_events(s));

    /* and it works on after the overflow */
    command(s, SESSION_NEXT, 0);
    CHECK(event_is(s, SESSION_EV_STEP_STARTED, 0, 1));
    CHECK(no_events(s));

    /* exactly 64 fit */
    for (int i = 0; i < 64; i++)
        command(s, SESSION_TOGGLE_PAUSE, 0);
    n = take_events(s, evs, 100);
    CHECK_INT(n, 64);
    CHECK_INT(evs[0].kind, SESSION_EV_PAUSED);
    CHECK_INT(evs[63].kind, SESSION_EV_RESUMED);
    session_destroy(s);
}

/* --- Restart ----------------------------------------------------------------------- */

TEST(test_session__restart_resets_everything)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    session_tick(s, 9 * MINUTE);
    adjust(s, MINUTE, 9 * MINUTE);
    go_to(s, 1, 0, 9 * MINUTE);
    session_tick(s, 20 * MINUTE);
    go_to(s, 3, 2, 20 * MINUTE);
    adjust(s, -MINUTE, 20 * MINUTE);
    command(s, SESSION_PAUSE, 21 * MINUTE);
    drain(s);

    CHECK_INT(command(s, SESSION_RESTART, 25 * MINUTE), SESSION_OK);
    CHECK(event_is(s, SESSION_EV_RESUMED, 3, 2));
    CHECK(segment_began(s, 0));
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 0);
    CHECK_INT(session_step(s), 0);
    CHECK(!session_paused(s));
    CHECK(!session_finished(s));
    CHECK_INT(session_class_ms(s), 0);
    CHECK_INT(session_step_ms(s), 0);

    saved_buf b;
    save_into(s, &b);
    for (size_t i = 0; i < f.p.nsegments; i++) {
        CHECK_INT(b.segments[i].elapsed_ms, 0);
        CHECK_INT(b.segments[i].extra_ms, 0);
        CHECK(!b.segments[i].warned);
        CHECK(!b.segments[i].timeup);
    }

    /* the clocks run from the restart, and the warnings fire again */
    session_tick(s, 33 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    CHECK(no_events(s));
    CHECK_INT(session_class_ms(s), 8 * MINUTE);
    session_destroy(s);
}

TEST(test_session__restart_when_running_does_not_resume)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 2, 1, 0);
    drain(s);
    command(s, SESSION_RESTART, 30 * SECOND);
    CHECK(segment_began(s, 0));
    CHECK(no_events(s));
    session_destroy(s);
}

/* --- Saving and restoring ---------------------------------------------------------- */

/* A class in the middle: warnings fired, time added, paused in the massage. */
static session *class_in_progress(fixture *f)
{
    standard_plan(f);
    session *s = start(f, 0);
    session_tick(s, 9 * MINUTE);
    adjust(s, MINUTE, 9 * MINUTE);
    go_to(s, 1, 0, 9 * MINUTE);
    session_tick(s, 12 * MINUTE);
    go_to(s, 3, 2, 12 * MINUTE);
    command(s, SESSION_PAUSE, 12 * MINUTE + 17 * SECOND);
    drain(s);
    return s;
}

TEST(test_session__save_and_restore_round_trip)
{
    fixture f;
    session *s = class_in_progress(&f);
    saved_buf a;
    save_into(s, &a);
    CHECK_INT(a.saved.segment, 3);
    CHECK_INT(a.saved.step, 2);
    CHECK(a.saved.paused);
    CHECK(!a.saved.finished);
    CHECK_INT(a.saved.class_ms, 12 * MINUTE + 17 * SECOND);
    CHECK_INT(a.saved.step_ms, 17 * SECOND);
    CHECK_INT(a.saved.nsegments, 5);
    CHECK_INT(a.segments[0].elapsed_ms, 9 * MINUTE);
    CHECK_INT(a.segments[0].extra_ms, MINUTE);
    CHECK(a.segments[0].warned);
    CHECK(!a.segments[0].timeup);
    CHECK_INT(a.segments[1].elapsed_ms, 3 * MINUTE);
    CHECK_INT(a.segments[3].elapsed_ms, 17 * SECOND);

    /* a new session, as after a power cut, with another time base */
    session *r = start(&f, 500);
    CHECK_INT(session_restore(r, &a.saved, 1000 * MINUTE), SESSION_OK);
    CHECK(event_is(r, SESSION_EV_SEGMENT_STARTED, 3, 2));
    CHECK(event_is(r, SESSION_EV_STEP_STARTED, 3, 2));
    CHECK(event_is(r, SESSION_EV_PAUSED, 3, 2));
    CHECK(no_events(r));
    CHECK(snap_equal(snap(r), snap(s)));
    saved_buf b;
    save_into(r, &b);
    CHECK(saved_equal(&a, &b));

    /* both go on the same way, `r` on a clock `offset` ahead */
    int64_t offset = 1000 * MINUTE - (12 * MINUTE + 17 * SECOND);
    command(s, SESSION_RESUME, 20 * MINUTE);
    command(r, SESSION_RESUME, 20 * MINUTE + offset);
    session_tick(s, 40 * MINUTE);
    session_tick(r, 40 * MINUTE + offset);
    command(s, SESSION_BACK, 40 * MINUTE);
    command(r, SESSION_BACK, 40 * MINUTE + offset);
    session_tick(s, 40 * MINUTE + 30 * SECOND);
    session_tick(r, 40 * MINUTE + 30 * SECOND + offset);
    CHECK(snap_equal(snap(r), snap(s)));
    save_into(s, &a);
    save_into(r, &b);
    CHECK(saved_equal(&a, &b));
    session_event es[64], er[64];
    size_t ns = take_events(s, es, 64), nr = take_events(r, er, 64);
    CHECK_INT(nr, ns);
    for (size_t i = 0; i < ns && i < nr; i++) {
        CHECK_INT(er[i].kind, es[i].kind);
        CHECK_INT(er[i].segment, es[i].segment);
        CHECK_INT(er[i].step, es[i].step);
    }
    CHECK(ns > 0);
    session_destroy(s);
    session_destroy(r);
}

TEST(test_session__restore_counts_time_from_its_own_now)
{
    fixture f;
    session *s = class_in_progress(&f);
    command(s, SESSION_RESUME, 13 * MINUTE);
    saved_buf a;
    save_into(s, &a);
    session_destroy(s);

    session *r = start(&f, 100 * MINUTE);
    CHECK_INT(session_restore(r, &a.saved, 5 * SECOND), SESSION_OK);
    CHECK(event_is(r, SESSION_EV_SEGMENT_STARTED, 3, 2));
    CHECK(event_is(r, SESSION_EV_STEP_STARTED, 3, 2));
    CHECK(no_events(r)); /* not paused before or after: no PAUSED or RESUMED */
    session_tick(r, 6 * SECOND);
    CHECK_INT(session_class_ms(r), 13 * MINUTE + SECOND);
    CHECK_INT(session_step_ms(r), 18 * SECOND);
    session_tick(r, 3 * SECOND);
    CHECK_INT(session_class_ms(r), 13 * MINUTE + SECOND);
    session_destroy(r);
}

TEST(test_session__restore_refuses_bad_data)
{
    fixture f;
    session *s = class_in_progress(&f);
    saved_buf good;
    save_into(s, &good);
    session *r = start(&f, 0);
    session_tick(r, MINUTE);
    saved_buf before;
    save_into(r, &before);

    for (int k = 0; k < 14; k++) {
        saved_buf bad;
        copy_saved(&bad, &good);
        switch (k) {
        case 0: bad.saved.nsegments = 4; break;
        case 1: bad.saved.nsegments = 6; break;
        case 2: bad.saved.segments = NULL; break;
        case 3: bad.saved.segment = -1; break;
        case 4: bad.saved.segment = 5; break;
        case 5: bad.saved.step = -1; break;
        case 6: bad.saved.step = 4; break;
        case 7: bad.saved.segment = 1, bad.saved.step = 1; break; /* a step of another */
        case 8: bad.saved.class_ms = -1; break;
        case 9: bad.saved.step_ms = -1; break;
        case 10: bad.segments[2].elapsed_ms = -1; break;
        case 11: bad.segments[4].extra_ms = -5 * MINUTE - 1; break;
        case 12: bad.segments[0].extra_ms = INT64_MAX; break;
        case 13: bad.segments[1].extra_ms = INT64_MIN; break;
        }
        CHECK_INT(session_restore(r, &bad.saved, 2 * MINUTE), SESSION_ERANGE);
        CHECK(unchanged(r, &before));
        CHECK(no_events(r));
    }

    /* the edges that do fit */
    saved_buf edge;
    copy_saved(&edge, &good);
    edge.segments[4].extra_ms = -5 * MINUTE;
    edge.saved.segment = 4;
    edge.saved.step = 1;
    edge.saved.class_ms = 0;
    edge.saved.step_ms = 0;
    edge.segments[2].elapsed_ms = 0;
    CHECK_INT(session_restore(r, &edge.saved, 2 * MINUTE), SESSION_OK);
    CHECK_INT(session_total_ms(r), 0);
    session_destroy(s);
    session_destroy(r);
}

TEST(test_session__restore_a_finished_class)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    go_to(s, 4, 1, 0);
    command(s, SESSION_NEXT, MINUTE);
    saved_buf a;
    save_into(s, &a);
    CHECK(a.saved.finished);

    session *r = start(&f, 0);
    CHECK_INT(session_restore(r, &a.saved, 0), SESSION_OK);
    CHECK(event_is(r, SESSION_EV_SEGMENT_STARTED, 4, 1));
    CHECK(event_is(r, SESSION_EV_STEP_STARTED, 4, 1));
    CHECK(event_is(r, SESSION_EV_CLASS_FINISHED, 4, 1));
    CHECK(no_events(r));
    CHECK(session_finished(r));
    CHECK_INT(command(r, SESSION_NEXT, 0), SESSION_EFINISHED);
    session_tick(r, MINUTE);
    CHECK_INT(session_class_ms(r), MINUTE);
    CHECK(snap_equal(snap(r), snap(s)));
    session_destroy(s);
    session_destroy(r);
}

TEST(test_session__restore_unpauses_a_paused_session)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    saved_buf a;
    save_into(s, &a);
    command(s, SESSION_PAUSE, 0);
    drain(s);
    CHECK_INT(session_restore(s, &a.saved, 0), SESSION_OK);
    CHECK(segment_began(s, 0));
    CHECK(event_is(s, SESSION_EV_RESUMED, 0, 0));
    CHECK(no_events(s));
    CHECK(!session_paused(s));
    session_destroy(s);
}

TEST(test_session__restore_rearms_flags_the_countdown_contradicts)
{
    fixture f;
    standard_plan(&f);
    session *s = start(&f, 0);
    saved_buf a;
    save_into(s, &a);
    a.segments[0].elapsed_ms = MINUTE;
    a.segments[0].warned = true; /* 9 minutes left: cannot have warned */
    a.segments[0].timeup = true;
    a.segments[1].elapsed_ms = 4 * MINUTE;
    a.segments[1].warned = true; /* 1 minute left: a real warning, kept */
    CHECK_INT(session_restore(s, &a.saved, 0), SESSION_OK);
    drain(s);
    session_tick(s, 8 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TWO_MINUTES, 0, 0));
    session_tick(s, 9 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 0, 0));
    CHECK(no_events(s));

    saved_buf b;
    save_into(s, &b);
    CHECK(b.segments[1].warned);
    go_to(s, 1, 0, 9 * MINUTE);
    drain(s);
    session_tick(s, 10 * MINUTE);
    CHECK(event_is(s, SESSION_EV_TIME_UP, 1, 0)); /* and no second TWO_MINUTES */
    CHECK(no_events(s));
    session_destroy(s);
}

TEST(test_session__restore_holds_a_timed_up_auto_segment)
{
    fixture f;
    auto_plan(&f);
    session *s = start(&f, 0);
    saved_buf a;
    save_into(s, &a);
    a.saved.segment = 1;
    a.segments[1].elapsed_ms = 3 * MINUTE;
    a.segments[1].timeup = true;
    CHECK_INT(session_restore(s, &a.saved, 0), SESSION_OK);
    drain(s);
    session_tick(s, 10 * MINUTE);
    CHECK(no_events(s));
    CHECK_INT(session_segment(s), 1);
    CHECK_INT(session_overtime_ms(s), 11 * MINUTE);
    session_destroy(s);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_session__create_starts_at_the_first_step);
    RUN(test_session__destroy_null_is_a_no_op);
    RUN(test_session__next_event_on_an_empty_queue);
    RUN(test_session__next_moves_through_steps_and_segments);
    RUN(test_session__next_past_the_end_finishes_the_class);
    RUN(test_session__a_finished_class_refuses_other_commands);
    RUN(test_session__back_from_finished_reenters_the_last_step);
    RUN(test_session__goto_and_restart_work_when_finished);
    RUN(test_session__back_within_and_across_segments);
    RUN(test_session__back_on_the_first_step_is_out_of_range);
    RUN(test_session__goto);
    RUN(test_session__goto_out_of_range_changes_nothing);
    RUN(test_session__unknown_command_is_refused);
    RUN(test_session__step_clock_restarts_on_every_step_change);
    RUN(test_session__a_segment_countdown_continues_where_it_was);
    RUN(test_session__pause_freezes_segment_and_step_clocks_not_the_class_clock);
    RUN(test_session__pause_events_only_when_the_state_changes);
    RUN(test_session__navigation_while_paused_keeps_the_class_paused);
    RUN(test_session__time_going_backwards_counts_as_no_time);
    RUN(test_session__a_command_counts_the_time_before_it);
    RUN(test_session__a_class_that_finished_meanwhile_refuses_next);
    RUN(test_session__two_minutes_and_time_up_fire_exactly_once);
    RUN(test_session__warnings_carry_the_current_step);
    RUN(test_session__one_long_tick_fires_both_warnings_in_order);
    RUN(test_session__no_warning_on_entering_a_short_segment);
    RUN(test_session__two_minute_cue_only_after_a_crossing);
    RUN(test_session__no_warning_again_when_coming_back);
    RUN(test_session__warnings_fire_whatever_the_chime_setting);
    RUN(test_session__adding_time_rearms_the_warnings);
    RUN(test_session__removing_time_fires_warnings_at_once);
    RUN(test_session__removing_time_from_a_short_segment_is_no_crossing);
    RUN(test_session__total_time_never_goes_below_zero);
    RUN(test_session__huge_adjustments_saturate);
    RUN(test_session__adjust_changes_only_the_current_segment);
    RUN(test_session__adjust_while_paused);
    RUN(test_session__auto_steps_move_on_their_time);
    RUN(test_session__an_untimed_step_waits_for_next);
    RUN(test_session__next_by_hand_before_time_up_still_advances);
    RUN(test_session__steps_longer_than_the_segment);
    RUN(test_session__auto_segment_carries_the_leftover_time);
    RUN(test_session__back_into_a_timed_up_auto_segment_holds_it);
    RUN(test_session__auto_entering_a_timed_up_segment_holds_it);
    RUN(test_session__removing_time_from_an_auto_segment_moves_on);
    RUN(test_session__pause_stops_auto_advance_and_resume_catches_up);
    RUN(test_session__a_permission_segment_never_advances_by_itself);
    RUN(test_session__a_segment_run_by_hand_never_advances);
    RUN(test_session__auto_advancing_past_the_last_segment_finishes);
    RUN(test_session__one_big_jump_passes_every_boundary_in_order);
    RUN(test_session__a_big_jump_carries_leftover_into_the_middle_of_a_step);
    RUN(test_session__big_jumps_and_small_ticks_agree);
    RUN(test_session__extreme_times_do_not_overflow);
    RUN(test_session__the_event_ring_drops_the_oldest);
    RUN(test_session__restart_resets_everything);
    RUN(test_session__restart_when_running_does_not_resume);
    RUN(test_session__save_and_restore_round_trip);
    RUN(test_session__restore_counts_time_from_its_own_now);
    RUN(test_session__restore_refuses_bad_data);
    RUN(test_session__restore_a_finished_class);
    RUN(test_session__restore_unpauses_a_paused_session);
    RUN(test_session__restore_rearms_flags_the_countdown_contradicts);
    RUN(test_session__restore_holds_a_timed_up_auto_segment);
    return testing_end();
}
