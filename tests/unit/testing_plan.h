/* testing_plan.h: the fixture library (tests/plans/fixture/scenes) and its small plan
 * (tests/plans/good/minimal.yaml), for the unit tests that run a real class. */
#ifndef NURTURE_TESTING_PLAN_H
#define NURTURE_TESTING_PLAN_H

#include <stdlib.h>

#include "core/library.h"
#include "core/plan.h"

/* Load both into `lib` and return the plan; aborts when they do not load. */
static inline plan *testing_minimal_plan(library *lib)
{
    diag d;
    diag_init(&d);
    if (library_load(lib, FIXTURE "/fixture/scenes", &d) != 0) abort();
    plan *p = plan_load(FIXTURE "/good/minimal.yaml", lib, &d);
    if (!p) abort();
    diag_release(&d);
    return p;
}

static inline void testing_release_plan(plan *p, library *lib)
{
    plan_destroy(p);
    library_release(lib);
}

#endif
