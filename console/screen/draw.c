/* draw.c: see draw.h. */
#include "screen/draw.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "core/units.h"

#define FEATHER   1.0f /* pixels across which an edge fades out */
#define MAX_STRIP 512  /* points along a strip */
#define SPAN_AREA 4096 /* an opaque shape this big (its box, in pixels) is filled in rows */
#define MAX_SPANS 512  /* rows of a shape sent in one call */

static SDL_Vertex verts[4 * MAX_STRIP + 8];
static int idx[18 * MAX_STRIP + 8];
static SDL_FPoint scratch[MAX_STRIP + 8];
static SDL_FRect spans[MAX_SPANS];
static draw_counts counts;
/* A batch of convex shapes sent as one draw call (draw_batch_begin/end). */
static SDL_Renderer *batch_ren;
static int batch_nv, batch_ni;

void draw_flush(void)
{
    if (batch_ni) {
        counts.calls++;
        SDL_RenderGeometry(batch_ren, NULL, verts, batch_nv, idx, batch_ni);
    }
    batch_nv = batch_ni = 0;
}

void draw_batch_begin(SDL_Renderer *r)
{
    draw_flush();
    batch_ren = r;
}

void draw_batch_end(void)
{
    draw_flush();
    batch_ren = NULL;
}

draw_counts draw_counted(void)
{
    return counts;
}

void draw_count_upload(void)
{
    counts.uploads++;
}

void draw_geometry(SDL_Renderer *r, SDL_Texture *t, const SDL_Vertex *v, int nv, const int *ix,
                   int ni)
{
    draw_flush(); /* in order */
    counts.calls++;
    SDL_RenderGeometry(r, t, v, nv, ix, ni);
}

void draw_copy(SDL_Renderer *r, SDL_Texture *t, const SDL_Rect *src, const SDL_Rect *dst)
{
    draw_flush(); /* in order */
    counts.calls++;
    SDL_RenderCopy(r, t, src, dst);
}

void draw_copy_turned(SDL_Renderer *r, SDL_Texture *t, const SDL_FRect *dst, double angle,
                      const SDL_FPoint *centre, bool mirror)
{
    counts.calls++;
    if (angle == 0.0 && !mirror)
        SDL_RenderCopyF(r, t, NULL, dst); /* the plain copy is the fast one in software */
    else
        SDL_RenderCopyExF(r, t, NULL, dst, angle, centre,
                          mirror ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
}

SDL_Color draw_alpha(SDL_Color c, float alpha)
{
    if (alpha < 0.0f) alpha = 0.0f;
    if (alpha > 1.0f) alpha = 1.0f;
    c.a = (Uint8)(c.a * alpha + 0.5f);
    return c;
}

static SDL_Vertex vtx(float x, float y, SDL_Color c)
{
    return (SDL_Vertex){.position = {x, y}, .color = c};
}

static int segments_for(float radius)
{
    int n = (int)(radius * 0.9f) + 12;
    return n > 128 ? 128 : n;
}

/* Does the renderer draw in software (where a triangle costs its whole bounding box)? */
static bool software(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(r, &info) == 0 && !strcmp(info.name, "software");
}

/* Where the line y = yc crosses the convex polygon q: false when it misses it. */
static bool row_extent(const SDL_FPoint *q, int m, float yc, float *x0, float *x1)
{
    bool hit = false;
    for (int i = 0; i < m; i++) {
        const SDL_FPoint *a = &q[i], *b = &q[(i + 1) % m];
        float lo = a->y < b->y ? a->y : b->y, hi = a->y < b->y ? b->y : a->y;
        if (yc < lo || yc > hi) continue;
        float xs[2] = {a->x, b->x};
        int k = 2;
        if (hi - lo > 1e-6f) {
            xs[0] = a->x + (yc - a->y) * (b->x - a->x) / (b->y - a->y);
            k = 1;
        }
        for (int j = 0; j < k; j++) {
            if (!hit || xs[j] < *x0) *x0 = xs[j];
            if (!hit || xs[j] > *x1) *x1 = xs[j];
            hit = true;
        }
    }
    return hit;
}

/* Fill the inside of the convex polygon q (opaque colour c) as rows of whole pixels: a
 * pixel whose centre lies within half a pixel of the polygon. Its feathered edge is
 * drawn over these rows afterwards; where the two overlap, c over c stays c. Rows of
 * the same extent go as one rectangle, a shape's rows in one call. */
static void fill_rows(SDL_Renderer *r, const SDL_FPoint *q, int m, SDL_Color c)
{
    float ymin = q[0].y, ymax = q[0].y;
    for (int i = 1; i < m; i++) {
        if (q[i].y < ymin) ymin = q[i].y;
        if (q[i].y > ymax) ymax = q[i].y;
    }
    SDL_BlendMode mode;
    Uint8 cr, cg, cb, ca;
    SDL_GetRenderDrawBlendMode(r, &mode);
    SDL_GetRenderDrawColor(r, &cr, &cg, &cb, &ca);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE); /* opaque: a plain fill */
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
    int n = 0;
    for (int y = (int)ceilf(ymin - 1.0f); y <= (int)floorf(ymax); y++) {
        float yc = y + 0.5f, x0 = 0, x1 = 0;
        float at = yc < ymin ? ymin : yc > ymax ? ymax : yc;
        if (!row_extent(q, m, at, &x0, &x1)) continue;
        int a = (int)ceilf(x0 - 1.0f), b = (int)floorf(x1);
        if (b < a) continue;
        SDL_FRect row = {(float)a, (float)y, (float)(b - a + 1), 1.0f};
        if (n > 0 && spans[n - 1].x == row.x && spans[n - 1].w == row.w &&
            spans[n - 1].y + spans[n - 1].h == row.y) {
            spans[n - 1].h += 1.0f;
            continue;
        }
        if (n == MAX_SPANS) {
            counts.calls++;
            SDL_RenderFillRectsF(r, spans, n);
            n = 0;
        }
        spans[n++] = row;
    }
    if (n) {
        counts.calls++;
        SDL_RenderFillRectsF(r, spans, n);
    }
    SDL_SetRenderDrawBlendMode(r, mode);
    SDL_SetRenderDrawColor(r, cr, cg, cb, ca);
}

void draw_convex(SDL_Renderer *r, const SDL_FPoint *in, int n, SDL_Color c)
{
    if (n > DRAW_MAX_POINTS) n = DRAW_MAX_POINTS;
    /* Drop points that repeat their neighbour: their edges have no direction. */
    SDL_FPoint p[DRAW_MAX_POINTS];
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && fabsf(in[i].x - p[m - 1].x) + fabsf(in[i].y - p[m - 1].y) < 0.01f) continue;
        p[m++] = in[i];
    }
    while (m > 1 && fabsf(p[0].x - p[m - 1].x) + fabsf(p[0].y - p[m - 1].y) < 0.01f)
        m--;
    if (m < 3 || c.a == 0) return;
    float area = 0.0f, cx = 0.0f, cy = 0.0f;
    for (int i = 0; i < m; i++) {
        const SDL_FPoint *a = &p[i], *b = &p[(i + 1) % m];
        area += a->x * b->y - b->x * a->y;
        cx += a->x;
        cy += a->y;
    }
    float sign = area > 0.0f ? 1.0f : -1.0f;
    SDL_Color clear = c;
    clear.a = 0;
    /* A big opaque shape in software: its inside in rows of pixels, not a fan of
     * triangles each as big as the shape (see fill_rows). */
    float x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
    for (int i = 1; i < m; i++) {
        x0 = p[i].x < x0 ? p[i].x : x0, x1 = p[i].x > x1 ? p[i].x : x1;
        y0 = p[i].y < y0 ? p[i].y : y0, y1 = p[i].y > y1 ? p[i].y : y1;
    }
    bool rows = c.a == 255 && (x1 - x0) * (y1 - y0) >= SPAN_AREA && software(r);
    if (rows && batch_ren) draw_flush(); /* the shapes before it first */
    /* in a batch, after the shapes before it (sent first when there is no room) */
    if (batch_ren &&
        (r != batch_ren || batch_nv + 1 + 2 * m > (int)(sizeof verts / sizeof *verts) ||
         batch_ni + 9 * m > (int)(sizeof idx / sizeof *idx)))
        draw_flush();
    bool batched = batch_ren == r;
    int base = batched ? batch_nv : 0;
    int nv = base, ni = batched ? batch_ni : 0;
    verts[nv++] = vtx(cx / m, cy / m, c);
    for (int i = 0; i < m; i++) {
        const SDL_FPoint *a = &p[(i + m - 1) % m], *b = &p[i], *d = &p[(i + 1) % m];
        float e1x = b->x - a->x, e1y = b->y - a->y, e2x = d->x - b->x, e2y = d->y - b->y;
        float l1 = hypotf(e1x, e1y), l2 = hypotf(e2x, e2y);
        float n1x = sign * e1y / l1, n1y = -sign * e1x / l1;
        float n2x = sign * e2y / l2, n2y = -sign * e2x / l2;
        float mx = n1x + n2x, my = n1y + n2y, ml = hypotf(mx, my);
        if (ml < 1e-4f) {
            mx = n1x;
            my = n1y;
        } else {
            mx /= ml;
            my /= ml;
        }
        float dot = mx * n1x + my * n1y;
        float k = 0.5f * FEATHER / (dot > 0.5f ? dot : 0.5f);
        verts[nv++] = vtx(b->x - mx * k, b->y - my * k, c);
        verts[nv++] = vtx(b->x + mx * k, b->y + my * k, clear);
    }
    if (rows) {
        SDL_FPoint inside[DRAW_MAX_POINTS];
        for (int i = 0; i < m; i++)
            inside[i] = verts[base + 1 + 2 * i].position;
        fill_rows(r, inside, m, c);
    }
    for (int i = 0; i < m; i++) {
        int in0 = base + 1 + 2 * i, out0 = in0 + 1;
        int in1 = base + 1 + 2 * ((i + 1) % m), out1 = in1 + 1;
        if (!rows) idx[ni++] = base, idx[ni++] = in0, idx[ni++] = in1;
        idx[ni++] = in0, idx[ni++] = out0, idx[ni++] = in1;
        idx[ni++] = in1, idx[ni++] = out0, idx[ni++] = out1;
    }
    if (batched) {
        batch_nv = nv;
        batch_ni = ni;
        return;
    }
    counts.calls++;
    SDL_RenderGeometry(r, NULL, verts, nv, idx, ni);
}

void draw_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    int n = segments_for(radius);
    for (int i = 0; i < n; i++) {
        float t = (float)TAU * (float)i / (float)n;
        scratch[i] = (SDL_FPoint){cx + radius * cosf(t), cy + radius * sinf(t)};
    }
    draw_convex(r, scratch, n, c);
}

/* Append the arc of a circle from a0 to a1 (a1 > a0) to scratch. */
static int arc_points(int n, float cx, float cy, float radius, float a0, float a1, int steps)
{
    for (int i = 0; i <= steps && n < DRAW_MAX_POINTS; i++) {
        float a = a0 + (a1 - a0) * (float)i / (float)steps;
        scratch[n++] = (SDL_FPoint){cx + radius * cosf(a), cy + radius * sinf(a)};
    }
    return n;
}

void draw_capsule(SDL_Renderer *r, float x0, float y0, float r0, float x1, float y1, float r1,
                  SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, d = hypotf(dx, dy);
    if (d <= fabsf(r0 - r1) + 0.01f) {
        if (r0 > r1)
            draw_circle(r, x0, y0, r0, c);
        else
            draw_circle(r, x1, y1, r1, c);
        return;
    }
    float theta = atan2f(dy, dx), phi = asinf((r0 - r1) / d);
    float half = (float)M_PI / 2 + phi;
    int s0 = segments_for(r0) / 2 + 2, s1 = segments_for(r1) / 2 + 2;
    int n = arc_points(0, x1, y1, r1, theta - half, theta + half, s1);
    n = arc_points(n, x0, y0, r0, theta + half, theta + (float)TAU - half, s0);
    draw_convex(r, scratch, n, c);
}

static int round_rect_points(SDL_FRect q, float rad)
{
    float lim = (q.w < q.h ? q.w : q.h) / 2;
    if (rad > lim) rad = lim;
    if (rad < 0.5f) rad = 0.5f;
    int s = segments_for(rad) / 4 + 3;
    const float h = (float)M_PI / 2;
    int n = arc_points(0, q.x + q.w - rad, q.y + q.h - rad, rad, 0, h, s);
    n = arc_points(n, q.x + rad, q.y + q.h - rad, rad, h, 2 * h, s);
    n = arc_points(n, q.x + rad, q.y + rad, rad, 2 * h, 3 * h, s);
    n = arc_points(n, q.x + q.w - rad, q.y + rad, rad, 3 * h, 4 * h, s);
    return n;
}

void draw_round_rect(SDL_Renderer *r, SDL_FRect q, float rad, SDL_Color c)
{
    if (q.w <= 0 || q.h <= 0) return;
    int n = round_rect_points(q, rad);
    draw_convex(r, scratch, n, c);
}

/* A band `width` wide along the points, feathered on both sides. */
static void draw_strip(SDL_Renderer *r, const SDL_FPoint *p, int n, bool closed, float width,
                       SDL_Color c)
{
    if (n < 2 || c.a == 0) return;
    if (n > MAX_STRIP) n = MAX_STRIP;
    draw_flush(); /* (a strip uses the buffers from their start) */
    SDL_Color clear = c;
    clear.a = 0;
    float hw = width / 2 - FEATHER / 2;
    if (hw < 0.0f) hw = 0.0f;
    int nv = 0, ni = 0;
    for (int i = 0; i < n; i++) {
        int ia = closed ? (i + n - 1) % n : (i > 0 ? i - 1 : i);
        int ib = closed ? (i + 1) % n : (i < n - 1 ? i + 1 : i);
        float tx = p[ib].x - p[ia].x, ty = p[ib].y - p[ia].y, tl = hypotf(tx, ty);
        if (tl < 1e-4f) tl = 1e-4f;
        float nx = -ty / tl, ny = tx / tl;
        float o = hw + FEATHER;
        verts[nv++] = vtx(p[i].x + nx * o, p[i].y + ny * o, clear);
        verts[nv++] = vtx(p[i].x + nx * hw, p[i].y + ny * hw, c);
        verts[nv++] = vtx(p[i].x - nx * hw, p[i].y - ny * hw, c);
        verts[nv++] = vtx(p[i].x - nx * o, p[i].y - ny * o, clear);
    }
    int segs = closed ? n : n - 1;
    for (int i = 0; i < segs; i++) {
        int a = 4 * i, b = 4 * ((i + 1) % n);
        for (int k = 0; k < 3; k++) {
            idx[ni++] = a + k, idx[ni++] = a + k + 1, idx[ni++] = b + k;
            idx[ni++] = b + k, idx[ni++] = a + k + 1, idx[ni++] = b + k + 1;
        }
    }
    counts.calls++;
    SDL_RenderGeometry(r, NULL, verts, nv, idx, ni);
}

void draw_arc(SDL_Renderer *r, float cx, float cy, float radius, float width, float a0, float a1,
              SDL_Color c)
{
    if (a1 < a0) {
        float t = a0;
        a0 = a1;
        a1 = t;
    }
    int steps = (int)((a1 - a0) / (float)TAU * (float)segments_for(radius) * 2) + 4;
    if (steps > MAX_STRIP - 1) steps = MAX_STRIP - 1;
    SDL_FPoint pts[MAX_STRIP];
    for (int i = 0; i <= steps; i++) {
        float a = a0 + (a1 - a0) * (float)i / (float)steps;
        pts[i] = (SDL_FPoint){cx + radius * cosf(a), cy + radius * sinf(a)};
    }
    draw_strip(r, pts, steps + 1, false, width, c);
    /* Round ends: half discs beyond each end. */
    float hw = width / 2;
    for (int e = 0; e < 2; e++) {
        float a = e ? a1 : a0;
        float ex = cx + radius * cosf(a), ey = cy + radius * sinf(a);
        int k = arc_points(0, ex, ey, hw, a + (e ? 0.0f : (float)M_PI),
                           a + (e ? (float)M_PI : (float)TAU), 10);
        draw_convex(r, scratch, k, c);
    }
}

void draw_round_frame(SDL_Renderer *r, SDL_FRect q, float rad, float width, SDL_Color c)
{
    if (q.w <= 0 || q.h <= 0) return;
    int n = round_rect_points(q, rad);
    SDL_FPoint pts[DRAW_MAX_POINTS];
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 &&
            fabsf(scratch[i].x - pts[m - 1].x) + fabsf(scratch[i].y - pts[m - 1].y) < 0.01f)
            continue;
        pts[m++] = scratch[i];
    }
    draw_strip(r, pts, m, true, width, c);
}

void draw_arrowhead(SDL_Renderer *r, float x, float y, float a, float size, SDL_Color c)
{
    float dx = cosf(a), dy = sinf(a);
    SDL_FPoint p[3] = {
        {x + dx * size * 0.6f, y + dy * size * 0.6f},
        {x - dx * size * 0.4f - dy * size * 0.45f, y - dy * size * 0.4f + dx * size * 0.45f},
        {x - dx * size * 0.4f + dy * size * 0.45f, y - dy * size * 0.4f - dx * size * 0.45f},
    };
    draw_convex(r, p, 3, c);
}
