/* test_render: every step of every plan in scenes/ drawn headless as the projector
 * would show it, at 1920x1080, 1280x720 and on a 4:3 projector at 1024x768 (a sample on
 * a 5:4 monitor at 1280x1024 and on a 4K projector at 3840x2160), every page
 * of it (the frame time driven through the pages that turn by themselves), checking
 * that SDL reports no error, every text box lies inside the safe area and fits at a
 * legible size, every authored text of the step (its segment's title and opening
 * words, the step's title and text, a talk's prompts, the permission cues) is drawn
 * whole on one of its pages, the frame is not blank, a steady frame rasterises no text,
 * and a stroke's hands are in different places at different times. */
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

/* The authored texts a step shows, over all its pages. */
static size_t authored(const plan *p, int sg, int st, const char **out, size_t max)
{
    const plan_segment *seg = &p->segments[sg];
    const plan_step *step = &seg->steps[st];
    const card *k = seg->card;
    size_t n = 0;
#define ADD(x)                                                                                     \
    do {                                                                                           \
        if ((x) && n < max) out[n++] = (x);                                                        \
    } while (0)
    if (seg->kind != KIND_MASSAGE || st == 0) ADD(seg->title);
    ADD(step->title);
    ADD(step->text);
    if (st == 0) {
        ADD(seg->text);
        if (k) ADD(k->text);
    }
    if (seg->kind == KIND_WELCOME) {
        ADD(p->title);
        if (st == 0) ADD(p->subtitle);
    }
    for (size_t i = 0; i < seg->prompts.n; i++)
        ADD(seg->prompts.v[i]);
    if (seg->kind == KIND_PERMISSION && k && (size_t)st + 1 == seg->nsteps) {
        const strv *lists[3] = {&k->yes, &k->no, &k->if_no};
        for (int l = 0; l < 3; l++)
            for (size_t i = 0; i < lists[l]->n; i++)
                ADD(lists[l]->v[i]);
    }
#undef ADD
    return n;
}

/* One page of a step: returns the pages the step has. Marks the authored texts found
 * whole in a text box. */
static int check_frame(display *d, const plan *p, int seg, int step, int64_t in_step, int w, int h,
                       const char **want, bool *found, size_t nwant)
{
    char where[160];
    snprintf(where, sizeof where, "%s at %d.%d, %dx%d, %.1f s", p->name, seg + 1, step + 1, w, h,
             in_step / 1000.0);
    session *s = session_at(p, seg, step, in_step);
    if (session_segment(s) != seg || session_step(s) != step) {
        fprintf(stderr, "%s: the class moved on by itself\n", where);
        CHECK(0);
        session_destroy(s);
        return 1;
    }
    display_frame f = frame_of(p, s, 1000 + in_step);
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
                    "%s: text \"%.60s\" box %d,%d %dx%d drawn %d,%d %dx%d at %dpx (min %d), %s\n",
                    where, b->text, b->box.x, b->box.y, b->box.w, b->box.h, b->drawn.x, b->drawn.y,
                    b->drawn.w, b->drawn.h, b->px, b->min_px, b->fits ? "fits" : "does not fit");
        CHECK(ok);
        for (size_t k = 0; k < nwant; k++)
            if (!found[k] && strstr(b->text, want[k])) found[k] = true;
    }
    int pages = display_pages(d);
    double sd = spread(d, w, h);
    if (sd < 10) fprintf(stderr, "%s: the frame is nearly blank (spread %.1f)\n", where, sd);
    CHECK(sd >= 10);
    /* The same frame again rasterises no text. */
    unsigned long before = display_text_rasterised(d);
    display_draw(d, &f);
    CHECK_INT(display_text_rasterised(d), before);
    session_destroy(s);
    return pages;
}

/* Every page of a step; every authored text of it must be drawn on one of them. */
static void check_step(display *d, const plan *p, int seg, int step, int w, int h)
{
    const char *want[64];
    bool found[64] = {false};
    size_t nwant = authored(p, seg, step, want, 64);
    int pages = 1;
    for (int k = 0; k < pages && k < 8; k++) {
        int got = check_frame(d, p, seg, step, 1700 + (int64_t)k * DISPLAY_PAGE_MS, w, h, want,
                              found, nwant);
        if (k == 0) pages = got;
        CHECK(got == pages);
    }
    CHECK(pages < 8);
    for (size_t k = 0; k < nwant; k++) {
        if (!found[k])
            fprintf(stderr, "%s at %d.%d, %dx%d: \"%s\" is not on the screen (%d page%s)\n",
                    p->name, seg + 1, step + 1, w, h, want[k], pages, pages == 1 ? "" : "s");
        CHECK(found[k]);
    }
}

static display *headless(int w, int h)
{
    char err[256];
    display_config cfg = {.headless = true, .width = w, .height = h};
    display *d = display_create(&cfg, err, sizeof err);
    if (!d) fprintf(stderr, "cannot draw headless: %s\n", err);
    return d;
}

/* Every `every`th step of every plan, drawn headless at w x h. */
/* NURTURE_RENDER_EVERY=N draws only every Nth step at each size (tools/check-pi under
 * emulation, where a frame costs ten times more); the full run is the native one. */
static int thinned(int every)
{
    const char *e = getenv("NURTURE_RENDER_EVERY");
    int n = e ? atoi(e) : 1;
    return every * (n > 1 ? n : 1);
}

static void every_step(int w, int h, int every)
{
    every = thinned(every);
    display *d = headless(w, h);
    CHECK(d != NULL);
    int k = 0;
    for (size_t i = 0; d && i < nplans; i++)
        for (size_t sg = 0; sg < plans[i]->nsegments; sg++)
            for (size_t st = 0; st < plans[i]->segments[sg].nsteps; st++)
                if (k++ % every == 0) check_step(d, plans[i], (int)sg, (int)st, w, h);
    display_destroy(d);
}

TEST(test_render__every_step_at_1280x720)
{
    every_step(1280, 720, 1);
}

TEST(test_render__every_step_at_1920x1080)
{
    every_step(1920, 1080, 1);
}

TEST(test_render__every_step_at_1024x768)
{
    every_step(1024, 768, 1);
}

/* A 5:4 monitor, a sample of the steps (each with its pages): every authored word
 * there too, at a legible size. */
TEST(test_render__a_sample_at_1280x1024)
{
    every_step(1280, 1024, 3);
}

/* A 4K projector, a sample of the steps: the layout scales all the way up. */
TEST(test_render__a_sample_at_3840x2160)
{
    every_step(3840, 2160, 11);
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
    CHECK(d != NULL);
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
    CHECK(d != NULL);
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
    bool loaded = library_load(&lib, paths_scenes_dir(), &dg) == 0;
    char **names;
    int n = paths_list_plans(&names);
    for (int i = 0; i < n; i++) {
        char file[PATH_MAX];
        plan *p = NULL;
        if (nplans < 32 && !paths_plan_file(names[i], file, sizeof file))
            p = plan_load(file, &lib, &dg);
        if (p)
            plans[nplans++] = p;
        else
            loaded = false; /* a shipped plan this test cannot draw */
        free(names[i]);
    }
    if (n > 0) free(names);
    diag_print(&dg, stderr);
    diag_release(&dg);
    if (nplans == 0) fprintf(stderr, "no plan found in %s\n", paths_scenes_dir());
    if (!loaded) fprintf(stderr, "the shipped scenes do not all load (see above)\n");
    snprintf(phones.code, sizeof phones.code, "482193");
    snprintf(phones.url, sizeof phones.url, "http://192.168.4.1:8080/");
    snprintf(phones.pair_url, sizeof phones.pair_url, "http://192.168.4.1:8080/?pair=482193");
    pixels = malloc((size_t)3840 * 2160 * 4); /* the largest size drawn */
    RUN(test_render__every_stroke_moves);
    RUN(test_render__every_step_at_1280x720);
    RUN(test_render__every_step_at_1920x1080);
    RUN(test_render__every_step_at_1024x768);
    RUN(test_render__a_sample_at_1280x1024);
    RUN(test_render__a_sample_at_3840x2160);
    RUN(test_render__hands_are_elsewhere_later_in_the_pass);
    RUN(test_render__a_running_timer_rasterises_nothing_new);
    printf("%d frames checked in %zu plans\n", frames, nplans);
    free(pixels);
    for (size_t i = 0; i < nplans; i++)
        plan_destroy(plans[i]);
    library_release(&lib);
    SDL_Quit();
    int rc = testing_end();
    return nplans && loaded ? rc : 1;
}
