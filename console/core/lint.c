/* lint.c: see lint.h. */
#include "core/lint.h"

#include <stdio.h>
#include <strings.h>

#include "core/schema.h"

static size_t check_length(const plan *p, diag *d)
{
    int64_t sum = 0;
    for (size_t i = 0; i < p->nsegments; i++)
        sum += p->segments[i].duration_ms;
    int64_t diff = sum - p->length_ms;
    if (diff <= LINT_LENGTH_SLACK_MS && diff >= -LINT_LENGTH_SLACK_MS) return 0;
    char total[32], length[32], by[32];
    schema_format_duration(sum, total, sizeof total);
    schema_format_duration(p->length_ms, length, sizeof length);
    schema_format_duration(diff, by, sizeof by);
    diag_warn(d, p->file, p->length_line, p->length_col,
              "the segments' durations add up to %s, %s %s than the class's length of %s: "
              "shorten or lengthen a segment, or change the length",
              total, by, diff > 0 ? "more" : "less", length);
    return 1;
}

static bool is_tummy(const stroke *s)
{
    return s && s->area && !strcasecmp(s->area, "tummy");
}

static size_t check_feeds(const plan *p, diag *d)
{
    size_t found = 0;
    const plan_segment *feed = NULL;
    int64_t since = 0; /* planned time from the end of the feed to the current segment */
    for (size_t i = 0; i < p->nsegments; i++) {
        const plan_segment *seg = &p->segments[i];
        if (seg->kind == KIND_REST && seg->feed) {
            feed = seg;
            since = 0;
            continue;
        }
        if (!feed) continue;
        if (seg->kind == KIND_MASSAGE) {
            int64_t at = since;
            for (size_t j = 0; j < seg->nsteps && at < LINT_FEED_WAIT_MS; j++) {
                const plan_step *st = &seg->steps[j];
                if (is_tummy(st->stroke)) {
                    char after[32];
                    schema_format_duration(at, after, sizeof after);
                    diag_warn(d, p->file, st->line, st->col,
                              "tummy strokes %s after a feed (the rest at line %d says "
                              "'feed: true'): babies need 30 to 45 minutes after a feed; do "
                              "the tummy before the feed, or leave it out of this segment",
                              after, feed->line);
                    found++;
                    break;
                }
                at += st->time_ms;
            }
        }
        since += seg->duration_ms;
    }
    return found;
}

static size_t check_oil(const plan *p, diag *d)
{
    if (p->audience != AUDIENCE_BABY) return 0;
    size_t found = 0;
    for (size_t i = 0; i < p->nsegments; i++) {
        const plan_segment *seg = &p->segments[i];
        if (seg->kind != KIND_MASSAGE) continue;
        /* The permission ritual that opens the segment puts oil in the palm. */
        bool oily = true;
        const plan_step *oiled_by = NULL;
        for (size_t j = 0; j < seg->nsteps; j++) {
            const plan_step *st = &seg->steps[j];
            const stroke *s = st->stroke;
            if (!s) continue;
            if (s->oil == OIL_YES) {
                oily = true;
                oiled_by = st;
            } else if (s->oil == OIL_WIPE) {
                oily = false;
            } else if (oily) {
                char from[160];
                if (oiled_by)
                    snprintf(from, sizeof from, "from '%s' (line %d)", oiled_by->title,
                             oiled_by->line);
                else
                    snprintf(from, sizeof from, "from the permission ritual");
                diag_warn(d, p->file, st->line, st->col,
                          "'%s' is done with no oil, but the hands still have oil on them %s: "
                          "put a step that wipes the hands before it (a stroke with "
                          "'oil: wipe', such as wipe-hands)",
                          s->name, from);
                found++;
                oily = false; /* one warning for a run of face strokes */
            }
        }
    }
    return found;
}

size_t plan_lint(const plan *p, diag *d)
{
    if (!p) return 0;
    return check_length(p, d) + check_feeds(p, d) + check_oil(p, d);
}
