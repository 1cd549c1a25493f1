/* fuzz_plan.c: libFuzzer on the plan loader. Whatever the bytes, plan_load_buffer must
 * return a plan or NULL with at least one message, never crash, never leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/library.h"
#include "core/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static library lib;
static int lib_loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lib_loaded) {
        diag d;
        diag_init(&d);
        if (library_load(&lib, FIXTURE "/fixture/scenes", &d) != 0) abort();
        diag_release(&d);
        lib_loaded = 1;
    }
    diag d;
    diag_init(&d);
    plan *p = plan_load_buffer("fuzz.yaml", (const char *)data, size, &lib, &d);
    if (!p && d.count == 0) abort(); /* a refusal must always say why */
    plan_destroy(p);
    diag_release(&d);
    return 0;
}
