/* fuzz_progress.c: libFuzzer on the saved progress (progress.h) and the class log's
 * summary (classlog.h), the two files a power cut may leave half-written. Whatever the
 * bytes, progress_parse reads or refuses with a reason, what it reads restores into a
 * class or is refused, and the summary of a log is printed or refused: never a crash
 * or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classlog.h"
#include "core/library.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static library lib;
static plan *pl;
static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pl) {
        diag d;
        diag_init(&d);
        if (library_load(&lib, FIXTURE "/fixture/scenes", &d) != 0) abort();
        pl = plan_load(FIXTURE "/good/minimal.yaml", &lib, &d);
        if (!pl) abort();
        diag_release(&d);
        sink = fopen("/dev/null", "w");
    }
    progress_file pf;
    char why[96] = "";
    if (progress_parse((const char *)data, size, &pf, why, sizeof why) == 0) {
        if (!pf.found || !pf.saved.segments || pf.saved.nsegments < 1 || pf.saved.nsegments > 1000)
            abort();
        session *s = session_create(pl, 0);
        if (session_restore(s, &pf.saved, 1000) == SESSION_OK) {
            session_tick(s, 1000 + 3600 * 1000);
            if (session_segment(s) < 0 || (size_t)session_segment(s) >= pl->nsegments) abort();
        }
        session_destroy(s);
        progress_file_release(&pf);
    } else if (!why[0]) {
        abort(); /* a refusal must always say why */
    }
    classlog_summary((const char *)data, size, (classlog_format)(size % 3), sink);
    return 0;
}
