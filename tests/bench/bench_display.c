/* bench_display.c: what a frame of the projector costs. Draws a massage step (a stroke
 * moving) and a static talk step at 1920x1080 into a headless target, a few hundred
 * frames each at 60 Hz steps, and prints the mean and worst frame time and how much text
 * was rasterised in the steady frames. tools/bench runs it. Not a test. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "screen/display.h"
#include "core/library.h"
#include "platform/paths.h"
#include "core/plan.h"
#include "core/session.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(display *d, const plan *p, int segment, const char *what)
{
    session *s = session_create(p, 0);
    session_cmd go = {.kind = SESSION_GOTO, .segment = segment, .step = 0};
    session_apply(s, &go, 0);
    const int warm = 40, frames = 300;
    double total = 0, worst = 0;
    unsigned long text_before = 0;
    for (int i = 0; i < warm + frames; i++) {
        int64_t t = 1000 + (int64_t)i * 16;
        session_tick(s, t);
        display_frame f = {.plan = p, .session = s, .now_ms = t};
        if (i == warm) text_before = display_text_rasterised(d);
        double t0 = now_s();
        display_draw(d, &f);
        double dt = (now_s() - t0) * 1000;
        if (i >= warm) {
            total += dt;
            if (dt > worst) worst = dt;
        }
    }
    printf("%-28s mean %6.2f ms  worst %6.2f ms  text rasterised in %d frames: %lu\n", what,
           total / frames, worst, frames, display_text_rasterised(d) - text_before);
    session_destroy(s);
}

int main(void)
{
    char dir[4096], file[4200];
    snprintf(dir, sizeof dir, "%s/scenes", paths_data_dir());
    library lib;
    diag dg;
    diag_init(&dg);
    if (library_load(&lib, dir, &dg) != 0 || paths_plan_file("baby-week-1", file, sizeof file))
        return 1;
    plan *p = plan_load(file, &lib, &dg);
    if (!p) return 1;
    SDL_Init(SDL_INIT_EVENTS);
    char err[256];
    display_config cfg = {.headless = true, .width = 1920, .height = 1080};
    display *d = display_create(&cfg, err, sizeof err);
    if (!d) {
        fprintf(stderr, "bench_display: %s\n", err);
        return 1;
    }
    run(d, p, p->massage[0], "massage step, 1920x1080");
    int talk = 0;
    while ((size_t)talk < p->nsegments && p->segments[talk].kind != KIND_TALK)
        talk++;
    if ((size_t)talk < p->nsegments) run(d, p, talk, "talk step, 1920x1080");
    display_destroy(d);
    SDL_Quit();
    plan_destroy(p);
    library_release(&lib);
    diag_release(&dg);
    return 0;
}
