/* bench_display.c: what a frame of the projector costs. For each renderer named on the
 * command line (software, opengles2; on SDL's offscreen driver, a window as the console
 * opens it, so the software renderer draws into a window surface and GLES2 goes through
 * Mesa's EGL), each size (1280x720, 1920x1080, 3840x2160) and each kind of scene (the
 * welcome, a talk card, a stroke, the permission ritual), it draws the step's first frame
 * and then, past the half-second fade, 120 frames 16 ms apart, and prints per frame: the CPU time
 * of the process (median and 99th percentile; GL's work is in Mesa's threads, counted too), the
 * draw calls and uploads of a frame that drew, and how many of the frames drew anything. One line
 * of JSON per measurement follows the table. tools/bench runs it. Not a test. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/library.h"
#include "core/plan.h"
#include "core/session.h"
#include "platform/paths.h"
#include "screen/display.h"

#define FRAMES 120

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int first_of(const plan *p, plan_kind k)
{
    for (size_t i = 0; i < p->nsegments; i++)
        if (p->segments[i].kind == k) return (int)i;
    return -1;
}

typedef struct result {
    double median, p99, first;
    double calls, uploads; /* per frame that drew */
    int drawn;
} result;

static result run(display *d, const plan *p, int segment)
{
    static const audio_status music = {.device_ok = true, .volume = 70};
    session *s = session_create(p, 0);
    session_cmd go = {.kind = SESSION_GOTO, .segment = segment, .step = 0};
    session_apply(s, &go, 1000);
    session_event ev;
    while (session_next_event(s, &ev)) {
    }
    double t[FRAMES];
    result r = {0};
    display_stats before, after;
    unsigned long calls = 0, uploads = 0;
    for (int i = -1; i < FRAMES; i++) {
        int64_t now = 1000 + 16 * (int64_t)(i + 1) + (i >= 0 ? 600 : 0); /* past the fade */
        session_tick(s, now);
        display_frame f = {.plan = p, .session = s, .now_ms = now, .audio = &music};
        display_get_stats(d, &before);
        double c0 = cpu_ms();
        display_draw(d, &f);
        double dt = cpu_ms() - c0;
        display_get_stats(d, &after);
        if (i < 0) {
            r.first = dt;
            continue;
        }
        t[i] = dt;
        if (after.frames > before.frames) {
            r.drawn++;
            calls += after.calls - before.calls;
            uploads += after.uploads - before.uploads;
        }
    }
    qsort(t, FRAMES, sizeof *t, cmp_double);
    r.median = t[FRAMES / 2];
    r.p99 = t[FRAMES * 99 / 100];
    r.calls = r.drawn ? (double)calls / r.drawn : 0;
    r.uploads = r.drawn ? (double)uploads / r.drawn : 0;
    session_destroy(s);
    return r;
}

int main(int argc, char **argv)
{
    const char *renderers[] = {"software", "opengles2"};
    int nrenderers = 2;
    if (argc > 1) nrenderers = 0;
    for (int i = 1; i < argc && i < 3; i++)
        renderers[nrenderers++] = argv[i];
    char file[4200];
    library lib;
    diag dg;
    diag_init(&dg);
    if (library_load(&lib, paths_scenes_dir(), &dg) != 0 ||
        paths_plan_file("baby-week-1", file, sizeof file))
        return 1;
    plan *p = plan_load(file, &lib, &dg);
    if (!p) return 1;
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    SDL_Init(SDL_INIT_EVENTS);
    const struct {
        const char *name;
        int segment;
    } scenes[] = {
        {"welcome", first_of(p, KIND_WELCOME)},
        {"talk", first_of(p, KIND_TALK)},
        {"stroke", p->massage[0]},
        {"permission", first_of(p, KIND_PERMISSION)},
    };
    const int sizes[3][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    char json[64][320];
    int njson = 0;
    printf("%-10s %-10s %-10s %9s %9s %9s %7s %8s %6s\n", "renderer", "size", "scene", "median ms",
           "p99 ms", "first ms", "calls", "uploads", "drawn");
    for (int ri = 0; ri < nrenderers; ri++) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, renderers[ri]);
        for (int si = 0; si < 3; si++) {
            char err[256];
            display_config cfg = {.window = true, .width = sizes[si][0], .height = sizes[si][1]};
            display *d = display_create(&cfg, err, sizeof err);
            if (!d) {
                printf("%-10s %dx%d: %s\n", renderers[ri], sizes[si][0], sizes[si][1], err);
                continue;
            }
            const char *got = display_renderer(d);
            for (size_t k = 0; k < sizeof scenes / sizeof *scenes; k++) {
                if (scenes[k].segment < 0) continue;
                result r = run(d, p, scenes[k].segment);
                char size[32];
                snprintf(size, sizeof size, "%dx%d", sizes[si][0], sizes[si][1]);
                printf("%-10s %-10s %-10s %9.3f %9.3f %9.2f %7.1f %8.2f %3d/%d\n", got, size,
                       scenes[k].name, r.median, r.p99, r.first, r.calls, r.uploads, r.drawn,
                       FRAMES);
                if (njson < 64)
                    snprintf(json[njson++], sizeof json[0],
                             "{\"renderer\":\"%s\",\"size\":\"%s\",\"scene\":\"%s\","
                             "\"cpu_ms_median\":%.4f,\"cpu_ms_p99\":%.4f,\"first_ms\":%.3f,"
                             "\"calls_per_frame\":%.1f,\"uploads_per_frame\":%.3f,"
                             "\"frames_drawn\":%d,\"frames\":%d}",
                             got, size, scenes[k].name, r.median, r.p99, r.first, r.calls,
                             r.uploads, r.drawn, FRAMES);
            }
            display_destroy(d);
        }
    }
    for (int i = 0; i < njson; i++)
        printf("JSON %s\n", json[i]);
    SDL_Quit();
    plan_destroy(p);
    library_release(&lib);
    diag_release(&dg);
    return 0;
}
