/* default_class.h: the default class for the display's test programs that draw its
 * steps (test_layers, test_fade): the library and baby-week-1 loaded, a segment found by
 * its kind, a session moved to a step with its events taken. Header only. */
#ifndef NURTURE_TESTS_DEFAULT_CLASS_H
#define NURTURE_TESTS_DEFAULT_CLASS_H

#include <limits.h>
#include <stdio.h>

#include "core/library.h"
#include "core/plan.h"
#include "core/session.h"
#include "platform/paths.h"

/* Loads the library into `lib` and the default class; NULL (its problems printed) when
 * either cannot be read. */
static inline plan *default_class_load(library *lib)
{
    diag dg;
    diag_init(&dg);
    char file[PATH_MAX];
    plan *pl = NULL;
    if (library_load(lib, paths_scenes_dir(), &dg) == 0 &&
        !paths_plan_file("baby-week-1", file, sizeof file))
        pl = plan_load(file, lib, &dg);
    diag_print(&dg, stderr);
    diag_release(&dg);
    return pl;
}

/* The first segment of kind `k`, or -1. */
static inline int default_class_first_of(const plan *pl, plan_kind k)
{
    for (size_t i = 0; i < pl->nsegments; i++)
        if (pl->segments[i].kind == k) return (int)i;
    return -1;
}

/* Moves `s` to segment `seg`, step `step` at `now`, its events taken. */
static inline void default_class_go(session *s, int seg, int step, int64_t now)
{
    session_cmd cmd = {.kind = SESSION_GOTO, .segment = seg, .step = step};
    session_apply(s, &cmd, now);
    session_event ev;
    while (session_next_event(s, &ev)) {
    }
}

#endif
