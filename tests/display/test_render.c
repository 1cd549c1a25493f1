/* test_render: every step of every plan in scenes/ drawn headless as the projector
 * would show it, at 1280x720 and 1920x1080 (and a 4:3 projector at 1024x768 for every
 * third step), checking that SDL reports no error, every text box lies inside the safe
 * area and fits at a legible size, the frame is not blank, a steady frame rasterises
 * no text, and a stroke's hands are in different places at different times. */
#include <SDL.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "screen/anim.h"
#include "screen/display.h"
#include "core/library.h"
#include "platform/paths.h"
#include "core/plan.h"
#include "core/session.h"
#include "testing.h"

static library lib;
static plan *plans[32];
static size_t nplans;
static uint32_t *pixels;
static int frames;

static const audio_status music = {.device_ok = true, .volume = 70};
static remote_status phones = {.controllers = 1, .followers = 2};

static session *session_at(const plan *p, int seg, int step, int64_t in_step_ms)
{
    session *s = session_create(p, 0);
    session_cmd go = {.kind = SESSION_GOTO, .segment = seg, .step = step};
    session_apply(s, &go, 1000);
    session_tick(s, 1000 + in_step_ms);
    session_event ev;
    while (session_next_event(s, &ev)) {
    }
    return s;
}

static display_frame frame_of(const plan *p, const session *s, int64_t now)
{
    return (display_frame){
        .plan = p, .session = s, .now_ms = now, .audio = &music, .remote = &phones};
}

static bool inside(display_rect a, display_rect b)
{
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

/* The spread of brightness over the frame: a blank frame has none. */
static double spread(display *d, int w, int h)
{
    if (display_read(d, pixels, w * 4) != 0) return 0.0;
    double sum = 0, sq = 0;
    long n = 0;
    for (int y = 0; y < h; y += 3)
        for (int x = 0; x < w; x += 3) {
            uint32_t p = pixels[y * w + x];
            double l = 0.3 * ((p >> 16) & 0xFF) + 0.59 * ((p >> 8) & 0xFF) + 0.11 * (p & 0xFF);
            sum += l;
            sq += l * l;
            n++;
        }
    double mean = sum / n;
    return sqrt(sq / n - mean * mean);
}

static void check_frame(display *d, const plan *p, int seg, int step, int w, int h)
{
    char where[160];
    snprintf(where, sizeof where, "%s at %d.%d, %dx%d", p->name, seg + 1, step + 1, w, h);
    session *s = session_at(p, seg, step, 1700);
    display_frame f = frame_of(p, s, 2700);
    SDL_ClearError();
    display_draw(d, &f);
    frames++;
    const char *e = SDL_GetError();
    if (*e) fprintf(stderr, "%s: SDL error: %s\n", where, e);
    CHECK(*e == '\0');
    const display_box *boxes;
    size_t n = display_boxes(d, &boxes);
    display_rect safe = display_safe_area(d);
    CHECK(safe.x >= w / 21 && safe.y >= h / 21);
    CHECK(n >= 3);
    int legible = (int)ceil(h / 22.0);
    for (size_t i = 0; i < n; i++) {
        const display_box *b = &boxes[i];
        bool small_print = !strncmp(b->text, "http", 4); /* the join address */
        bool ok = inside(b->box, safe) && inside(b->drawn, b->box) && b->fits &&
                  b->px >= b->min_px && (small_print || b->px >= legible);
        if (!ok)
            fprintf(stderr,
                    "%s: text \"%s\" box %d,%d %dx%d drawn %d,%d %dx%d at %dpx (min %d), %s\n",
                    where, b->text, b->box.x, b->box.y, b->box.w, b->box.h, b->drawn.x, b->drawn.y,
                    b->drawn.w, b->drawn.h, b->px, b->min_px, b->fits ? "fits" : "does not fit");
        CHECK(ok);
    }
    double sd = spread(d, w, h);
    if (sd < 10) fprintf(stderr, "%s: the frame is nearly blank (spread %.1f)\n", where, sd);
    CHECK(sd >= 10);
    /* The same frame again rasterises no text. */
    unsigned long before = display_text_rasterised(d);
    display_draw(d, &f);
    CHECK_INT(display_text_rasterised(d), before);
    session_destroy(s);
}

static void every_step(display *d, int w, int h, int every)
{
    int k = 0;
    for (size_t i = 0; i < nplans; i++)
        for (size_t sg = 0; sg < plans[i]->nsegments; sg++)
            for (size_t st = 0; st < plans[i]->segments[sg].nsteps; st++)
                if (k++ % every == 0) check_frame(d, plans[i], (int)sg, (int)st, w, h);
}

static display *headless(int w, int h)
{
    char err[256];
    display_config cfg = {.headless = true, .width = w, .height = h};
    display *d = display_create(&cfg, err, sizeof err);
    if (!d) fprintf(stderr, "cannot draw headless: %s\n", err);
    return d;
}

TEST(test_render__every_step_at_1280x720)
{
    display *d = headless(1280, 720);
    CHECK(d != NULL);
    if (d) every_step(d, 1280, 720, 1);
    display_destroy(d);
}

TEST(test_render__every_step_at_1920x1080)
{
    display *d = headless(1920, 1080);
    CHECK(d != NULL);
    if (d) every_step(d, 1920, 1080, 1);
    display_destroy(d);
}

TEST(test_render__a_sample_on_a_4_3_projector)
{
    display *d = headless(1024, 768);
    CHECK(d != NULL);
    if (d) every_step(d, 1024, 768, 3);
    display_destroy(d);
}

TEST(test_render__every_stroke_moves)
{
    for (size_t i = 0; i < lib.nstrokes; i++) {
        const stroke *s = &lib.strokes[i];
        float most = 0.0f;
        for (size_t k = 0; k < s->nhands; k++)
            for (int a = 0; a < 8; a++)
                for (int b = a + 1; b < 8; b++) {
                    anim_hand ha = anim_hand_at(&s->hands[k], a / 8.0f + 0.03f, false);
                    anim_hand hb = anim_hand_at(&s->hands[k], b / 8.0f + 0.03f, false);
                    float dd = hypotf(ha.pos.x - hb.pos.x, ha.pos.y - hb.pos.y);
                    if (dd > most) most = dd;
                }
        if (most < 0.005f) fprintf(stderr, "stroke %s: its hands do not move\n", s->id);
        CHECK(most >= 0.005f);
    }
}

/* Pixels of the animation that differ between two frames. */
static long stage_difference(display *d, const plan *p, int seg, int step, int64_t t1, int64_t t2,
                             int w, int h)
{
    uint32_t *a = malloc((size_t)w * h * 4);
    session *s1 = session_at(p, seg, step, t1), *s2 = session_at(p, seg, step, t2);
    display_frame f1 = frame_of(p, s1, 1000 + t1), f2 = frame_of(p, s2, 1000 + t2);
    display_draw(d, &f1);
    display_read(d, a, w * 4);
    display_draw(d, &f2);
    display_read(d, pixels, w * 4);
    display_rect st = display_stage(d);
    long diff = 0;
    for (int y = st.y; y < st.y + st.h; y++)
        for (int x = st.x; x < st.x + st.w; x++)
            diff += a[y * w + x] != pixels[y * w + x];
    free(a);
    session_destroy(s1);
    session_destroy(s2);
    return diff;
}

TEST(test_render__hands_are_elsewhere_later_in_the_pass)
{
    display *d = headless(1280, 720);
    if (!d) return;
    int checked = 0;
    for (size_t i = 0; i < nplans; i++) {
        const plan *p = plans[i];
        for (int m = 0; m < 2; m++) {
            const plan_segment *seg = &p->segments[p->massage[m]];
            for (size_t st = 0; st < seg->nsteps; st++) {
                int64_t pass = seg->steps[st].stroke->pass_ms;
                long diff = stage_difference(d, p, p->massage[m], (int)st, pass / 4,
                                             pass / 4 + pass / 2, 1280, 720);
                display_rect stage = display_stage(d);
                CHECK(stage.w > 200);
                if (diff < 150)
                    fprintf(stderr, "%s at %d.%zu (%s): the hands hardly move (%ld pixels)\n",
                            p->name, p->massage[m] + 1, st + 1, seg->steps[st].stroke->id, diff);
                CHECK(diff >= 150);
                checked++;
            }
        }
    }
    CHECK(checked > 0);
    display_destroy(d);
}

TEST(test_render__a_running_timer_rasterises_nothing_new)
{
    display *d = headless(1280, 720);
    if (!d || !nplans) return;
    const plan *p = plans[0];
    session *s = session_at(p, 0, 0, 0);
    display_frame f = frame_of(p, s, 1000);
    display_draw(d, &f);
    /* the digits 0-9 are all cached after a few seconds' worth of frames */
    for (int i = 1; i <= 12; i++) {
        session_tick(s, 1000 + i * 1000);
        f.now_ms = 1000 + i * 1000;
        display_draw(d, &f);
    }
    unsigned long before = display_text_rasterised(d);
    for (int i = 13; i <= 80; i++) {
        session_tick(s, 1000 + i * 1000);
        f.now_ms = 1000 + i * 1000;
        display_draw(d, &f);
    }
    CHECK_INT(display_text_rasterised(d), before);
    /* the cover screen and the quit prompt draw without trouble */
    f.blank = true;
    SDL_ClearError();
    display_draw(d, &f);
    f.quit_prompt = true;
    display_draw(d, &f);
    CHECK(*SDL_GetError() == '\0');
    session_destroy(s);
    display_destroy(d);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    diag dg;
    diag_init(&dg);
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/scenes", paths_data_dir());
    if (library_load(&lib, dir, &dg) != 0) diag_print(&dg, stderr);
    char **names;
    int n = paths_list_plans(&names);
    for (int i = 0; i < n; i++) {
        char file[PATH_MAX];
        if (nplans < 32 && !paths_plan_file(names[i], file, sizeof file)) {
            plan *p = plan_load(file, &lib, &dg);
            if (p) plans[nplans++] = p;
        }
        free(names[i]);
    }
    if (n > 0) free(names);
    diag_print(&dg, stderr);
    diag_release(&dg);
    if (nplans == 0) fprintf(stderr, "no plan found in %s\n", dir);
    snprintf(phones.code, sizeof phones.code, "4821");
    snprintf(phones.url, sizeof phones.url, "http://192.168.4.1:8080/");
    snprintf(phones.pair_url, sizeof phones.pair_url, "http://192.168.4.1:8080/?pair=4821");
    pixels = malloc((size_t)1920 * 1080 * 4);
    RUN(test_render__every_stroke_moves);
    RUN(test_render__every_step_at_1280x720);
    RUN(test_render__every_step_at_1920x1080);
    RUN(test_render__a_sample_on_a_4_3_projector);
    RUN(test_render__hands_are_elsewhere_later_in_the_pass);
    RUN(test_render__a_running_timer_rasterises_nothing_new);
    printf("%d frames checked in %zu plans\n", frames, nplans);
    free(pixels);
    for (size_t i = 0; i < nplans; i++)
        plan_destroy(plans[i]);
    library_release(&lib);
    SDL_Quit();
    return nplans ? testing_end() : 1;
}
