/* test_layers: the display draws only what changes (display.c). Headless, on the
 * software renderer, with the display's own counters:
 *   - a stroke animating reuses its static layer: no layer drawn again, nothing
 *     rasterised or uploaded, only its live regions touched, a small part of the screen;
 *   - a static card draws and presents nothing between the timer's seconds, and only
 *     the band's clocks when a second passes; paused, only the class clock;
 *   - a frame made of a reused layer and redrawn regions has the same pixels as the same
 *     frame drawn from nothing (another display), for a stroke (across its change of
 *     side), a relaxation card and a talk card;
 *   - a notice, a new step or the quit prompt draw the layer again;
 *   - a step shown again (back, then on) draws its layer again from what is kept: no
 *     text rasterised, no art rasterised or uploaded;
 * and the line the console shows after a stop (progress_stop_notice), at its longest,
 * fits the foot of a 4:3 projector's 1024x768 at the legible size, and of 1280x720. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "core/library.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/session.h"
#include "screen/display.h"
#include "default_class.h"
#include "pixels.h"
#include "testing.h"

#define W 1280
#define H 720

static library lib;
static plan *pl;
static uint32_t *a_px, *b_px;

static const audio_status music = {.device_ok = true, .volume = 70};

static display *headless(void)
{
    char err[256];
    display_config cfg = {.headless = true, .width = W, .height = H};
    display *d = display_create(&cfg, err, sizeof err);
    if (!d) fprintf(stderr, "cannot draw headless: %s\n", err);
    return d;
}

static session *at(int seg, int step)
{
    session *s = session_create(pl, 0);
    default_class_go(s, seg, step, 1000);
    return s;
}

static display_frame frame(const session *s, int64_t now)
{
    return (display_frame){.plan = pl, .session = s, .now_ms = now, .audio = &music};
}

static display_stats stats(const display *d)
{
    display_stats st;
    display_get_stats(d, &st);
    return st;
}

/* Draw the session at `now` on `d` (which has drawn earlier frames) and on a new display;
 * returns the pixels that differ. */
static long differs_from_fresh(display *d, session *s, int64_t now)
{
    session_tick(s, now);
    display_frame f = frame(s, now);
    display_draw(d, &f);
    display_read(d, a_px, W * 4);
    display *fresh = headless();
    if (!fresh) return -1;
    display_draw(fresh, &f);
    display_read(fresh, b_px, W * 4);
    display_destroy(fresh);
    return pixels_differ(a_px, b_px, W, H, 0xffffffffu, "a reused layer against a fresh frame");
}

TEST(test_layers__a_stroke_reuses_its_layer)
{
    display *d = headless();
    int seg = pl->massage[0];
    CHECK(d && seg >= 0);
    if (!d || seg < 0) return;
    session *s = at(seg, 0);
    /* a first frame, and a second to cache the hands and the count's glyphs */
    for (int64_t t = 1000; t <= 1100; t += 50) {
        session_tick(s, t);
        display_frame f = frame(s, t);
        display_draw(d, &f);
    }
    display_stats before = stats(d);
    CHECK(before.layers >= 1);
    long most = 0;
    int frames = 0;
    for (int64_t t = 1116; t < 1116 + 60 * 16; t += 16) {
        session_tick(s, t);
        display_frame f = frame(s, t);
        display_draw(d, &f);
        display_stats now = stats(d);
        if (now.last_pixels > most) most = now.last_pixels;
        frames++;
    }
    display_stats after = stats(d);
    CHECK_INT(after.layers, before.layers);
    CHECK_INT(after.rasterised, before.rasterised);
    CHECK_INT(after.uploads, before.uploads);
    /* every frame moved the hands: at least the stage was drawn each time */
    CHECK(after.frames - before.frames == (unsigned long)frames);
    CHECK(after.regions - before.regions >= (unsigned long)frames);
    /* and no frame touched as much as half of the screen */
    if (most >= (long)W * H / 2) fprintf(stderr, "a steady frame touched %ld pixels\n", most);
    CHECK(most > 0 && most < (long)W * H / 2);
    CHECK(after.last_calls > 0 && after.last_calls < 200);
    session_destroy(s);
    display_destroy(d);
}

TEST(test_layers__a_static_card_draws_nothing_between_seconds)
{
    display *d = headless();
    int seg = default_class_first_of(pl, KIND_TALK);
    CHECK(d && seg >= 0);
    if (!d || seg < 0) return;
    session *s = at(seg, 0);
    session_tick(s, 1000);
    display_frame f = frame(s, 1000);
    display_draw(d, &f);
    /* the next second caches the digits it shows */
    for (int64_t t = 2000; t <= 4000; t += 1000) {
        session_tick(s, t);
        f = frame(s, t);
        display_draw(d, &f);
    }
    display_stats before = stats(d);
    for (int64_t t = 4100; t < 5000; t += 100) {
        session_tick(s, t);
        f = frame(s, t);
        display_draw(d, &f);
    }
    display_stats mid = stats(d);
    CHECK(mid.draws > before.draws);
    CHECK_INT(mid.frames, before.frames);
    CHECK_INT(mid.calls, before.calls);
    CHECK_INT(mid.regions, before.regions);
    /* a second later: the timer and the class clock, and nothing else */
    session_tick(s, 5000);
    f = frame(s, 5000);
    display_draw(d, &f);
    display_stats next = stats(d);
    CHECK_INT(next.frames, mid.frames + 1);
    CHECK_INT(next.layers, mid.layers);
    CHECK(next.regions - mid.regions >= 1 && next.regions - mid.regions <= 3);
    CHECK_INT(next.uploads, mid.uploads);
    CHECK(next.last_pixels > 0 && next.last_pixels < (long)W * H / 10);
    /* paused: nothing, second after second */
    session_cmd pause = {.kind = SESSION_TOGGLE_PAUSE};
    session_apply(s, &pause, 5000);
    f = frame(s, 5000);
    display_draw(d, &f);
    display_stats paused = stats(d);
    for (int64_t t = 6000; t < 12000; t += 1000) {
        session_tick(s, t);
        f = frame(s, t);
        display_draw(d, &f);
    }
    /* (the class clock, which counts the class's own time, goes on) */
    display_stats later = stats(d);
    CHECK(later.frames - paused.frames <= 6);
    CHECK_INT(later.regions - paused.regions, later.frames - paused.frames);
    CHECK_INT(later.layers, paused.layers);
    CHECK(later.last_pixels < (long)W * H / 20);
    session_destroy(s);
    display_destroy(d);
}

TEST(test_layers__reused_frames_equal_fresh_ones)
{
    display *d = headless();
    CHECK(d != NULL);
    if (!d) return;
    int massage = pl->massage[0];
    const plan_segment *mseg = &pl->segments[massage];
    /* a stroke on both sides, to cross its change of side */
    int both = 0;
    for (size_t i = 0; i < mseg->nsteps; i++)
        if (mseg->steps[i].side == SIDE_BOTH) both = (int)i;
    session *s = at(massage, both);
    int64_t pass = mseg->steps[both].stroke->pass_ms;
    int64_t half = mseg->steps[both].time_ms / 2;
    const int64_t times[] = {1000,
                             1016,
                             1000 + pass / 3,
                             1000 + pass + 40,
                             1000 + half - 20,
                             1000 + half + 30,
                             1000 + half + pass / 2};
    for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
        long n = differs_from_fresh(d, s, times[i]);
        if (n) fprintf(stderr, "stroke at %lld ms: %ld pixels differ\n", (long long)times[i], n);
        CHECK_INT(n, 0);
    }
    session_destroy(s);
    int relax = default_class_first_of(pl, KIND_RELAXATION),
        talk = default_class_first_of(pl, KIND_TALK);
    int kinds[2] = {relax, talk};
    for (int k = 0; k < 2; k++) {
        if (kinds[k] < 0) continue;
        s = at(kinds[k], 0);
        for (int64_t t = 1000; t < 1000 + 12 * 700; t += 700) {
            long n = differs_from_fresh(d, s, t);
            if (n)
                fprintf(stderr, "segment %d at %lld ms: %ld pixels differ\n", kinds[k] + 1,
                        (long long)t, n);
            CHECK_INT(n, 0);
        }
        session_destroy(s);
    }
    display_destroy(d);
}

TEST(test_layers__a_notice_a_step_and_the_prompt_draw_the_layer_again)
{
    display *d = headless();
    int seg = default_class_first_of(pl, KIND_TALK);
    if (!d || seg < 0) return;
    session *s = at(seg, 0);
    display_frame f = frame(s, 1000);
    display_draw(d, &f);
    unsigned long layers = stats(d).layers;
    f.notice = "Music folder not found";
    display_draw(d, &f);
    CHECK_INT(stats(d).layers, layers + 1);
    f.notice = NULL;
    f.quit_prompt = true;
    display_draw(d, &f);
    CHECK_INT(stats(d).layers, layers + 2);
    f.quit_prompt = false;
    display_draw(d, &f);
    CHECK_INT(stats(d).layers, layers + 3);
    display_draw(d, &f);
    CHECK_INT(stats(d).layers, layers + 3);
    session_cmd next = {.kind = SESSION_NEXT};
    session_apply(s, &next, 1500);
    f.now_ms = 1500;
    display_draw(d, &f);
    CHECK_INT(stats(d).layers, layers + 4);
    session_destroy(s);
    display_destroy(d);
}

TEST(test_layers__a_step_shown_again_rasterises_nothing)
{
    display *d = headless();
    int seg = pl->massage[0];
    if (!d || seg < 0) return;
    session *s = at(seg, 0);
    int64_t now = 1000;
    display_frame f = frame(s, now);
    display_draw(d, &f);
    session_cmd next = {.kind = SESSION_NEXT}, back = {.kind = SESSION_BACK};
    session_apply(s, &next, now += 1000);
    f.now_ms = now;
    display_draw(d, &f);
    CHECK_INT(session_step(s), 1);
    session_apply(s, &back, now += 1000);
    f.now_ms = now;
    display_stats before = stats(d);
    display_draw(d, &f);
    display_stats after = stats(d);
    CHECK_INT(session_step(s), 0);
    CHECK_INT(after.layers, before.layers + 1);
    CHECK_INT(after.rasterised, before.rasterised);
    CHECK_INT(after.uploads, before.uploads);
    session_destroy(s);
    display_destroy(d);
}

/* Draw `text` as the notice of a talk card on `d` (w x h) and check it: drawn once,
 * whole, at the legible size (1/22 of the height), inside the safe area, and on one line
 * when `one_line`. */
static void check_notice(display *d, session *s, int w, int h, const char *text, bool one_line,
                         int64_t t)
{
    int legible = (h + 21) / 22;
    display_frame f = frame(s, t);
    f.notice = text;
    display_draw(d, &f);
    const display_box *boxes;
    size_t n = display_boxes(d, &boxes);
    display_rect safe = display_safe_area(d);
    int found = 0;
    for (size_t b = 0; b < n; b++) {
        const display_box *x = &boxes[b];
        if (strcmp(x->text, text)) continue;
        found++;
        bool ok = x->fits && x->px >= legible && x->drawn.x >= safe.x &&
                  x->drawn.x + x->drawn.w <= safe.x + safe.w && x->drawn.y >= safe.y &&
                  x->drawn.y + x->drawn.h <= safe.y + safe.h &&
                  (!one_line || x->drawn.h < 2 * x->px);
        if (!ok)
            fprintf(stderr, "%dx%d: \"%s\" drawn %dx%d at %d px (legible %d), %s\n", w, h, text,
                    x->drawn.w, x->drawn.h, x->px, legible, x->fits ? "fits" : "does not fit");
        CHECK(ok);
    }
    CHECK_INT(found, 1);
}

/* check_notice for each of `n` texts on a talk card at each of `nsizes` sizes; one line
 * is asked of text i when one_line[i]. */
static void check_notices(const int (*sizes)[2], size_t nsizes, const char *const *texts,
                          const bool *one_line, size_t n)
{
    int seg = default_class_first_of(pl, KIND_TALK);
    CHECK(seg >= 0);
    for (size_t z = 0; z < nsizes && seg >= 0; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        char err[256];
        display_config cfg = {.headless = true, .width = w, .height = h};
        display *d = display_create(&cfg, err, sizeof err);
        CHECK(d != NULL);
        if (!d) return;
        session *s = at(seg, 0);
        for (size_t i = 0; i < n; i++)
            check_notice(d, s, w, h, texts[i], one_line[i], 1000 + (int64_t)i);
        session_destroy(s);
        display_destroy(d);
    }
}

/* Every kind of stop's line, with the longest numbers each can show, drawn at the foot
 * of the screen: whole, on one line, at the legible size, inside the safe area. */
TEST(test_layers__the_lines_after_a_stop_fit_a_small_screen)
{
    const struct {
        progress_stop_why why;
        int64_t off_s;
    } stops[] = {
        {PROGRESS_STOP_COUNTED, 119},
        {PROGRESS_STOP_COUNTED, 7200},
        {PROGRESS_STOP_UNTRUSTED, 5 * 3600 - 31},
        {PROGRESS_STOP_UNTRUSTED, 48 * 3600 - 1},
        {PROGRESS_STOP_UNTRUSTED, -1},
        {PROGRESS_STOP_BACKWARDS, -86400},
        {PROGRESS_STOP_TOO_LONG, 5 * 3600 - 31},
        {PROGRESS_STOP_TOO_LONG, 48 * 3600 - 1},
        {PROGRESS_STOP_TOO_LONG, 400 * 86400},
        {PROGRESS_STOP_UNKNOWN, -1},
    };
    enum { N = sizeof stops / sizeof stops[0] };
    char texts[N][PROGRESS_NOTICE_LEN];
    const char *ptrs[N];
    bool one_line[N];
    for (size_t i = 0; i < N; i++) {
        progress_stop st = {.why = stops[i].why, .off_s = stops[i].off_s};
        progress_stop_notice(&st, texts[i], sizeof texts[i]);
        ptrs[i] = texts[i];
        one_line[i] = true;
    }
    const int sizes[][2] = {{1024, 768}, {1280, 720}};
    check_notices(sizes, 2, ptrs, one_line, N);
}

/* A notice too long for one line at the legible size (the class's place that cannot be
 * saved, a music file's long name) takes two lines at that size, whole and inside the
 * safe area, rather than being shrunk out of reach; a short one keeps one line. */
TEST(test_layers__a_long_notice_takes_two_lines_not_a_smaller_size)
{
    static const char *const notices[] = {
        "The class's place cannot be saved: after a power cut, start again",
        "Cannot play Slaapliedjes voor kleine kinderen - Track 07 (live at the hall).flac: "
        "the next file plays",
        "Music folder not found",
    };
    static const bool one_line[] = {false, false, true};
    const int sizes[][2] = {{1024, 768}, {1280, 720}, {1920, 1080}};
    check_notices(sizes, 3, notices, one_line, 3);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    pl = default_class_load(&lib);
    if (!pl) return 1;
    a_px = malloc((size_t)W * H * 4);
    b_px = malloc((size_t)W * H * 4);
    RUN(test_layers__a_stroke_reuses_its_layer);
    RUN(test_layers__a_static_card_draws_nothing_between_seconds);
    RUN(test_layers__reused_frames_equal_fresh_ones);
    RUN(test_layers__a_notice_a_step_and_the_prompt_draw_the_layer_again);
    RUN(test_layers__a_step_shown_again_rasterises_nothing);
    RUN(test_layers__the_lines_after_a_stop_fit_a_small_screen);
    RUN(test_layers__a_long_notice_takes_two_lines_not_a_smaller_size);
    free(a_px);
    free(b_px);
    plan_destroy(pl);
    library_release(&lib);
    SDL_Quit();
    return testing_end();
}
