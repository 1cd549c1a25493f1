/* anim.c: see anim.h. */
#include "screen/anim.h"

#include <stdio.h>
#include <string.h>

#include <math.h>

#define SUBDIV       16    /* straight pieces per curve segment when measuring length */
#define SAME_POINT   1e-4f /* points closer than this are the same */
#define FADE         0.12f /* part of a pass a lifted hand takes to fade out or in */
#define WAITING      0.35f /* how visible a hand is while it waits for its turn */
#define EDGE_FADE    0.08f /* a hand that moves the whole pass dims at its ends */
#define EDGE_VISIBLE 0.25f

float anim_ease(float u)
{
    if (u <= 0.0f) return 0.0f;
    if (u >= 1.0f) return 1.0f;
    return 0.5f - 0.5f * cosf((float)M_PI * u);
}

static float dist(anim_pt a, anim_pt b)
{
    return hypotf(a.x - b.x, a.y - b.y);
}

static anim_pt pt(const float (*pts)[2], size_t i)
{
    return (anim_pt){pts[i][0], pts[i][1]};
}

bool anim_path_closed(const float (*pts)[2], size_t n)
{
    return n >= 4 && dist(pt(pts, 0), pt(pts, n - 1)) < SAME_POINT;
}

/* Control point k of the curve, with the ends repeated (open) or wrapped (closed). */
static anim_pt control(const float (*pts)[2], size_t n, bool closed, long k)
{
    if (closed) {
        long m = (long)n - 1; /* the last point repeats the first */
        k %= m;
        if (k < 0) k += m;
        return pt(pts, (size_t)k);
    }
    if (k < 0) k = 0;
    if (k > (long)n - 1) k = (long)n - 1;
    return pt(pts, (size_t)k);
}

/* Uniform Catmull-Rom on segment i (from point i to point i + 1), t in [0, 1]. */
static anim_pt curve(const float (*pts)[2], size_t n, bool closed, size_t i, float t)
{
    anim_pt p0 = control(pts, n, closed, (long)i - 1), p1 = control(pts, n, closed, (long)i);
    anim_pt p2 = control(pts, n, closed, (long)i + 1), p3 = control(pts, n, closed, (long)i + 2);
    float t2 = t * t, t3 = t2 * t;
    anim_pt r;
    r.x = 0.5f * (2 * p1.x + (-p0.x + p2.x) * t + (2 * p0.x - 5 * p1.x + 4 * p2.x - p3.x) * t2 +
                  (-p0.x + 3 * p1.x - 3 * p2.x + p3.x) * t3);
    r.y = 0.5f * (2 * p1.y + (-p0.y + p2.y) * t + (2 * p0.y - 5 * p1.y + 4 * p2.y - p3.y) * t2 +
                  (-p0.y + 3 * p1.y - 3 * p2.y + p3.y) * t3);
    return r;
}

float anim_path_length(const float (*pts)[2], size_t n)
{
    if (n < 2) return 0.0f;
    bool closed = anim_path_closed(pts, n);
    float len = 0.0f;
    anim_pt prev = pt(pts, 0);
    for (size_t i = 0; i + 1 < n; i++) {
        for (int k = 1; k <= SUBDIV; k++) {
            anim_pt p = curve(pts, n, closed, i, (float)k / SUBDIV);
            len += dist(prev, p);
            prev = p;
        }
    }
    return len;
}

anim_pt anim_path_point(const float (*pts)[2], size_t n, float u)
{
    if (n == 0) return (anim_pt){0.5f, 0.5f};
    if (n == 1 || u <= 0.0f) return pt(pts, 0);
    if (u >= 1.0f) return pt(pts, n - 1);
    float total = anim_path_length(pts, n);
    if (total < SAME_POINT) return pt(pts, 0);
    bool closed = anim_path_closed(pts, n);
    float want = u * total, walked = 0.0f;
    anim_pt prev = pt(pts, 0);
    for (size_t i = 0; i + 1 < n; i++) {
        for (int k = 1; k <= SUBDIV; k++) {
            anim_pt p = curve(pts, n, closed, i, (float)k / SUBDIV);
            float d = dist(prev, p);
            if (walked + d >= want && d > 0.0f) {
                float f = (want - walked) / d;
                return (anim_pt){prev.x + (p.x - prev.x) * f, prev.y + (p.y - prev.y) * f};
            }
            walked += d;
            prev = p;
        }
    }
    return pt(pts, n - 1);
}

anim_pt anim_mirror(anim_pt p)
{
    return (anim_pt){1.0f - p.x, p.y};
}

static anim_pt place(anim_pt p, bool mirrored)
{
    return mirrored ? anim_mirror(p) : p;
}

/* Does the hand end where it starts (a loop, or there and back)? */
static bool returns(const stroke_hand *h)
{
    return dist(pt(h->pts, 0), pt(h->pts, h->npts - 1)) < 0.02f;
}

anim_hand anim_hand_at(const stroke_hand *h, float phase, bool mirrored)
{
    anim_hand r = {.left = h->left != mirrored};
    if (phase < 0.0f) phase = 0.0f;
    if (phase > 1.0f) phase = 1.0f;
    float span = h->to - h->from;
    anim_pt start = pt(h->pts, 0), end = pt(h->pts, h->npts - 1);
    if (phase >= h->from && phase <= h->to && span > 0.0f) {
        float u = (phase - h->from) / span;
        r.active = true;
        r.along = anim_ease(u);
        r.pos = place(anim_path_point(h->pts, h->npts, r.along), mirrored);
        r.alpha = 1.0f;
        /* A hand that glides the whole pass and then jumps back dims at the jump. */
        if (span >= 0.999f && !returns(h)) {
            float edge = u < 1.0f - u ? u : 1.0f - u;
            if (edge < EDGE_FADE) r.alpha = EDGE_VISIBLE + (1.0f - EDGE_VISIBLE) * edge / EDGE_FADE;
        }
        return r;
    }
    /* Lifted: fade out where the glide ended, then wait, faint, where the next begins. */
    float gap = 1.0f - span;
    float since = phase > h->to ? phase - h->to : phase + 1.0f - h->to;
    float fade = gap / 2 < FADE ? gap / 2 : FADE;
    if (fade > 0.0f && since < fade) {
        r.pos = place(end, mirrored);
        r.alpha = 1.0f - since / fade;
    } else if (fade > 0.0f && since < 2 * fade) {
        r.pos = place(start, mirrored);
        r.alpha = WAITING * (since - fade) / fade;
    } else {
        r.pos = place(start, mirrored);
        r.alpha = WAITING;
    }
    return r;
}

size_t anim_trail(const stroke_hand *h, float phase, bool mirrored, float span, anim_pt *out,
                  size_t max)
{
    if (max == 0 || phase < h->from || phase > h->to || h->to <= h->from) return 0;
    float hspan = h->to - h->from;
    size_t n = 0;
    for (size_t i = 0; i < max; i++) {
        float t = phase - span * (float)i / (float)(max > 1 ? max - 1 : 1);
        if (t < h->from) t = h->from;
        float along = anim_ease((t - h->from) / hspan);
        out[n++] = place(anim_path_point(h->pts, h->npts, along), mirrored);
        if (t <= h->from) break;
    }
    return n;
}

anim_cycle anim_cycle_at(const stroke *s, const plan_step *st, int64_t step_ms)
{
    anim_cycle c = {0};
    int64_t pass = s->pass_ms > 0 ? s->pass_ms : 3000;
    if (step_ms < 0) step_ms = 0;
    bool both = s->sided && st->side == SIDE_BOTH;
    int64_t passes = step_ms / pass;
    c.phase = (float)(step_ms % pass) / (float)pass;
    c.both = both;
    bool right = s->sided && st->side == SIDE_RIGHT;
    if (st->reps > 0 || st->time_ms <= 0) {
        c.reps = st->reps > 0 ? st->reps : (s->reps > 0 ? s->reps : 1);
        int64_t total = both ? 2 * (int64_t)c.reps : c.reps;
        int64_t idx = passes;
        if (idx >= total) {
            c.done = true;
            idx = total - 1;
        }
        if (both) right = idx >= c.reps;
        c.rep = (int)(both ? idx % c.reps : idx) + 1;
    } else {
        c.left_ms = st->time_ms - step_ms;
        if (c.left_ms <= 0) {
            c.done = true;
            c.left_ms = 0;
        }
        if (both) {
            /* Change sides at the pass boundary nearest half the time. */
            int64_t half = (st->time_ms / 2 + pass / 2) / pass;
            right = passes >= (half > 0 ? half : 1);
        }
    }
    c.mirrored = right;
    c.side = s->sided && st->side != SIDE_NONE ? (right ? SIDE_RIGHT : SIDE_LEFT) : SIDE_NONE;
    return c;
}

bool anim_hand_shown(const stroke *s, size_t i, float phase)
{
    size_t pick = i;
    float best = 2.0f;
    for (size_t k = 0; k < s->nhands; k++) {
        const stroke_hand *h = &s->hands[k];
        if (h->left != s->hands[i].left) continue;
        float wait =
            phase >= h->from && phase <= h->to ? -1.0f : fmodf(h->from - phase + 1.0f, 1.0f);
        if (wait < best) {
            best = wait;
            pick = k;
        }
    }
    return pick == i;
}

/* The part or landmark of the other side: left-x <-> right-x (-1 when there is none). */
static int other_side(const char *name, int (*find)(const rig_view *, const char *),
                      const rig_view *v)
{
    char buf[64];
    if (!strncmp(name, "left-", 5))
        snprintf(buf, sizeof buf, "right-%s", name + 5);
    else if (!strncmp(name, "right-", 6))
        snprintf(buf, sizeof buf, "left-%s", name + 6);
    else
        return find(v, name);
    return find(v, buf);
}

void anim_pose(const stroke *s, const rig_view *v, float phase, bool mirrored, rig_pose *out)
{
    rig_pose_rest(out);
    if (!v) return;
    for (size_t i = 0; i < s->nmoves; i++) {
        const stroke_move *m = &s->moves[i];
        if (m->part < 0 || (size_t)m->part >= v->nparts || m->n < 1) continue;
        int part = mirrored ? other_side(v->parts[m->part].name, rig_part_index, v) : m->part;
        if (part < 0) continue;
        float t = phase * (float)m->n;
        size_t k = (size_t)t;
        if (k >= m->n) k = m->n - 1;
        size_t k1 = (k + 1) % m->n;
        float u = anim_ease(t - (float)k);
        float turn = m->turn[k] + (m->turn[k1] - m->turn[k]) * u;
        out->turn[part] = mirrored ? -turn : turn;
        if (m->stretch) out->stretch[part] = m->stretch[k] + (m->stretch[k1] - m->stretch[k]) * u;
    }
}

anim_pt anim_held(const rig_view *v, const rig_pose *pose, int landmark, bool mirrored)
{
    if (!v || landmark < 0 || (size_t)landmark >= v->nmarks) return (anim_pt){0.5f, 0.5f};
    int m = mirrored ? other_side(v->marks[landmark].name, rig_landmark_index, v) : landmark;
    if (m < 0) m = landmark;
    float out[2];
    rig_point(v, pose, v->marks[m].part, v->marks[m].at, out);
    return (anim_pt){out[0], out[1]};
}
