/* fuzz_rig.c: libFuzzer on the rig loader (media/art/rig.yaml). Whatever the bytes,
 * rig_load_buffer gives a rig whose every name and index can be used, or -1 with at
 * least one message; never a crash or a leak. A rig that loads is posed at rest and
 * every part and landmark placed, as the screen would. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/rig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_view(const rig_view *v)
{
    rig_pose pose;
    rig_pose_rest(&pose);
    if (v->nparts > RIG_MAX_PARTS) abort();
    for (size_t i = 0; i < v->nparts; i++) {
        const rig_part *pt = &v->parts[i];
        if (!pt->name || !pt->art || pt->parent >= (int)v->nparts) abort();
        if (rig_part_index(v, pt->name) < 0) abort();
        rig_place pl = rig_part_place(v, &pose, (int)i);
        (void)pl;
    }
    for (size_t i = 0; i < v->nmarks; i++) {
        const rig_landmark *m = &v->marks[i];
        if (!m->name || m->part >= (int)v->nparts) abort();
        if (rig_landmark_index(v, m->name) < 0) abort();
        float out[2];
        rig_point(v, &pose, m->part, m->at, out);
        if (isnan(out[0]) || isnan(out[1])) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rig r;
    diag d;
    diag_init(&d);
    int rc = rig_load_buffer(&r, "fuzz/rig.yaml", (const char *)data, size, &d);
    if (rc != 0 && d.count == 0) abort(); /* a refusal must always say why */
    if (rc == 0) {
        if (!r.hand_art) abort();
        for (int i = 0; i < VIEW_COUNT; i++) {
            if (!r.views[i].present || !r.views[i].art) abort();
            use_view(&r.views[i]);
        }
    }
    rig_release(&r);
    diag_release(&d);
    return 0;
}
