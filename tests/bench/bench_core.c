/* bench_core.c: how fast the pure core is. Loads the shipped library and plans many
 * times, then runs every plan's whole class through the engine at 60 ticks a second.
 * Prints one line per measure; tools/bench runs it. Not a test: nothing is asserted. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/library.h"
#include "platform/paths.h"
#include "core/plan.h"
#include "core/session.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    const char *dir = paths_scenes_dir();
    char **names;
    int n = paths_list_plans(&names);
    if (n <= 0) return 1;

    const int loads = 50;
    double t0 = seconds();
    for (int i = 0; i < loads; i++) {
        library lib;
        diag d;
        diag_init(&d);
        library_load(&lib, dir, &d);
        diag_release(&d);
        library_release(&lib);
    }
    double lib_ms = (seconds() - t0) * 1000 / loads;

    library lib;
    diag d;
    diag_init(&d);
    if (library_load(&lib, dir, &d) != 0) return 1;
    t0 = seconds();
    int plans = 0;
    for (int i = 0; i < loads; i++) {
        for (int k = 0; k < n; k++) {
            char file[4200];
            paths_plan_file(names[k], file, sizeof file);
            plan_destroy(plan_load(file, &lib, &d));
            plans++;
        }
    }
    double plan_ms = (seconds() - t0) * 1000 / plans;

    long ticks = 0;
    t0 = seconds();
    for (int k = 0; k < n; k++) {
        char file[4200];
        paths_plan_file(names[k], file, sizeof file);
        plan *p = plan_load(file, &lib, &d);
        if (!p) continue;
        session *s = session_create(p, 0);
        session_event ev;
        /* Two hours of class at 60 ticks a second, NEXT every five minutes. */
        for (int64_t now = 0; now < 2 * 3600 * 1000; now += 16) {
            if (now % (5 * 60 * 1000) < 16) {
                session_cmd next = {.kind = SESSION_NEXT};
                session_apply(s, &next, now);
            }
            session_tick(s, now);
            while (session_next_event(s, &ev)) {
            }
            ticks++;
        }
        session_destroy(s);
        plan_destroy(p);
    }
    double tick_ns = (seconds() - t0) * 1e9 / (double)ticks;

    printf("library load        %8.2f ms  (%zu strokes, %zu cards)\n", lib_ms, lib.nstrokes,
           lib.ncards);
    printf("plan load + check   %8.3f ms  (mean of %d loads of %d plans)\n", plan_ms, plans, n);
    printf("session tick        %8.1f ns  (%ld ticks: every plan, two hours at 60 Hz)\n", tick_ns,
           ticks);
    for (int k = 0; k < n; k++)
        free(names[k]);
    free(names);
    diag_release(&d);
    library_release(&lib);
    return 0;
}
