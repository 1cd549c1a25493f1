/* test_fade: a new step fades in (display.c), in a real window on SDL's software
 * renderer (run under Xvfb by ctest):
 *   - from a card to the next segment's first step, the fade's first frame is the old
 *     step (the old picture copied whole), half way the pixels that differ much between
 *     the two are in between, every frame of it is the whole screen, at 30 frames a
 *     second (its frames blend two screens on the CPU), then 60 again;
 *   - when it is over, the window holds exactly what a frame drawn whole at the same
 *     moment holds: after a card, after a stroke (its hands gone), after two steps
 *     within one fade, and after a notice that came mid-fade; the later fades' frames
 *     far apart, so that the last one of the fade still shows a little of the old
 *     step. The steps faded to are cards: a stroke's hands are drawn afresh each frame,
 *     their edges not bit for bit the same as when the whole frame is drawn.
 * The frames' times are given, not waited for: the test does not depend on the
 * machine's speed. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "screen/display.h"
#include "default_class.h"
#include "pixels.h"
#include "testing.h"

#define W       1280
#define H       720
#define FADE_MS 500 /* display.c's */

static library lib;
static plan *pl;
static uint32_t *old_px, *first_px, *mid_px, *end_px, *full_px;
static const audio_status music = {.device_ok = true, .volume = 70};

static display *window(void)
{
    char err[256];
    display_config cfg = {.window = true, .width = W, .height = H};
    display *d = display_create(&cfg, err, sizeof err);
    if (!d) fprintf(stderr, "cannot open a window: %s\n", err);
    return d;
}

static display_stats draw(display *d, session *s, int64_t now, const char *notice)
{
    session_tick(s, now);
    display_frame f = {.plan = pl, .session = s, .now_ms = now, .audio = &music, .notice = notice};
    display_draw(d, &f);
    SDL_PumpEvents();
    display_stats st;
    display_get_stats(d, &st);
    return st;
}

/* Frames every `every` ms from `t` for `span` ms; returns the time after the last. */
static int64_t frames(display *d, session *s, int64_t t, int64_t span, int every,
                      const char *notice)
{
    for (int64_t end = t + span; t < end; t += every)
        draw(d, s, t, notice);
    return t;
}

static void read_window(display *d, uint32_t *px)
{
    CHECK(display_read(d, px, W * 4) == 0);
}

static int distance(uint32_t a, uint32_t b)
{
    int n = 0;
    for (int sh = 0; sh < 24; sh += 8)
        n += abs((int)((a >> sh) & 255) - (int)((b >> sh) & 255));
    return n;
}

/* The window after the fade against the same moment drawn whole. */
static void check_settled(const char *what, display *d, session *s, int64_t now, const char *notice)
{
    read_window(d, end_px);
    display_expose(d);
    draw(d, s, now, notice);
    read_window(d, full_px);
    /* colour only: a window's pixels may have no alpha */
    long n = pixels_differ(end_px, full_px, W, H, 0xffffffu, what);
    CHECK_INT(n, 0);
}

TEST(test_fade__a_new_step_fades_in_at_30_frames_a_second)
{
    display *d = window();
    int rest = default_class_first_of(pl, KIND_REST);
    CHECK(d && rest >= 0 && rest + 1 < (int)pl->nsegments);
    if (!d || rest < 0) return;
    session *s = session_create(pl, 0);
    default_class_go(s, rest, 0, 1000);
    for (int64_t t = 1000; t <= 1100; t += 50)
        draw(d, s, t, NULL);
    CHECK_INT(display_frame_ms(d), 16);
    read_window(d, old_px);
    int64_t t0 = 2000;
    default_class_go(s, rest + 1, 0, t0);
    draw(d, s, t0, NULL);
    read_window(d, first_px);
    int slow = 0, frames = 0;
    for (int64_t t = t0 + 33; t <= t0 + FADE_MS + 33; t += 33) {
        display_stats st = draw(d, s, t, NULL);
        CHECK_INT(st.last_pixels, (long)W * H); /* a fade frame is the whole screen */
        if (t < t0 + FADE_MS) frames++, slow += display_frame_ms(d) == 33;
        if (t == t0 + 264) read_window(d, mid_px); /* half way */
    }
    CHECK(frames >= 10);
    CHECK_INT(slow, frames);
    CHECK_INT(display_frame_ms(d), 16); /* the fade is over */
    check_settled("a card, then a permission step", d, s, t0 + FADE_MS + 33, NULL);
    /* where the steps differ much: the first frame is the old step, half way they are in
     * between */
    long strong = 0, was_old = 0, between = 0;
    for (long i = 0; i < (long)W * H; i++) {
        if (distance(old_px[i], end_px[i]) < 120) continue;
        strong++;
        was_old += distance(first_px[i], old_px[i]) <= 3;
        between += distance(mid_px[i], old_px[i]) > 30 && distance(mid_px[i], end_px[i]) > 30;
    }
    fprintf(stderr, "of %ld pixels that differ much: %ld old at first, %ld in between half way\n",
            strong, was_old, between);
    CHECK(strong > 1000);
    CHECK(was_old > strong * 9 / 10);
    CHECK(between > strong * 8 / 10);
    session_destroy(s);
    display_destroy(d);
}

TEST(test_fade__nothing_of_the_old_step_is_left)
{
    display *d = window();
    int seg = pl->massage[0], rest = default_class_first_of(pl, KIND_REST);
    CHECK(d && seg >= 0 && rest >= 0 && rest + 1 < (int)pl->nsegments);
    if (!d || seg < 0 || rest < 0) return;
    session *s = session_create(pl, 0);
    /* a stroke, its hands moving, then a card: the hands are gone */
    default_class_go(s, seg, 1, 1000);
    int64_t t = frames(d, s, 1000, 500, 16, NULL);
    default_class_go(s, rest, 0, t);
    t = frames(d, s, t, FADE_MS + 100, 60, NULL);
    check_settled("a stroke, then a card", d, s, t, NULL);
    /* the stroke again, and another card within its fade */
    default_class_go(s, seg, 1, t);
    t = frames(d, s, t, 200, 16, NULL);
    default_class_go(s, rest + 1, 0, t);
    t = frames(d, s, t, FADE_MS + 100, 60, NULL);
    check_settled("two steps within one fade", d, s, t, NULL);
    /* a notice comes mid-fade: the layer is drawn again under the fade */
    default_class_go(s, rest, 0, t);
    t = frames(d, s, t, 150, 16, NULL);
    const char *notice = "The sound card is gone: the class goes on without music";
    t = frames(d, s, t, FADE_MS + 100, 60, notice);
    check_settled("a notice mid-fade", d, s, t, notice);
    session_destroy(s);
    display_destroy(d);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    /* the renderer whose screen keeps its pixels: the one that fades in part */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    pl = default_class_load(&lib);
    if (!pl) return 1;
    old_px = malloc((size_t)W * H * 4);
    first_px = malloc((size_t)W * H * 4);
    mid_px = malloc((size_t)W * H * 4);
    end_px = malloc((size_t)W * H * 4);
    full_px = malloc((size_t)W * H * 4);
    RUN(test_fade__a_new_step_fades_in_at_30_frames_a_second);
    RUN(test_fade__nothing_of_the_old_step_is_left);
    free(old_px);
    free(first_px);
    free(mid_px);
    free(end_px);
    free(full_px);
    plan_destroy(pl);
    library_release(&lib);
    SDL_Quit();
    return testing_end();
}
