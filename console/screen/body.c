/* body.c: see body.h. The drawings themselves are the rig's SVG files (art.c). */
#include "screen/body.h"

#include <math.h>
#include <stdlib.h>

#include "screen/draw.h"
#include "screen/theme.h"
#include "core/units.h"

/* A contact's ring and its centre dot, drawn once into a texture for a hand's size and
 * copied at every frame (as triangles, the software renderer paid for each of the ring's
 * hundreds with a surface of its own: half of a stroke's frame). */
typedef struct contact_mark {
    SDL_Texture *tex;
    int side;          /* the texture's side in pixels; the mark's centre is its middle */
    float ring, width; /* what it was drawn for */
} contact_mark;

#define DOT_MAX   56 /* dots up to this radius are copied from a texture (3300 pixels wide) */
#define DOT_BATCH 64 /* dots sent in one draw call */

struct body_cache {
    SDL_Renderer *ren;
    const rig *rg;
    art *art;
    contact_mark mark;
    SDL_Texture *dots; /* white dots of radius 1 to dots_max side by side (dot_x), or NULL */
    int dots_max, dots_w, dots_h;
    /* dots waiting to be drawn in one call (dots_flush): a square each, tinted by its
     * vertices' colour */
    SDL_Vertex dot_v[4 * DOT_BATCH];
    int dot_i[6 * DOT_BATCH];
    int ndots;
};

body_cache *body_create(SDL_Renderer *ren)
{
    body_cache *b = calloc(1, sizeof(*b));
    if (!b) return NULL;
    b->ren = ren;
    return b;
}

void body_destroy(body_cache *b)
{
    if (!b) return;
    if (b->mark.tex) SDL_DestroyTexture(b->mark.tex);
    if (b->dots) SDL_DestroyTexture(b->dots);
    art_destroy(b->art);
    free(b);
}

/* The art of `rg`, made anew when the rig changes. */
static art *art_of(body_cache *b, const rig *rg)
{
    if (!rg) return NULL;
    if (b->rg != rg) {
        art_destroy(b->art);
        b->art = art_create(b->ren, rg);
        b->rg = rg;
    }
    return b->art;
}

void body_draw(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area, SDL_Color field,
               const rig_pose *pose)
{
    art *a = art_of(b, rg);
    if (a) art_draw_view(a, view, area, field, pose);
}

void body_draw_run_on(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area, SDL_Rect panel)
{
    art *a = art_of(b, rg);
    if (a) art_draw_run_on(a, view, area, panel);
}

int body_hand_size(const rig *rg, stroke_view view, SDL_Rect area)
{
    float f = rg && (unsigned)view < VIEW_COUNT ? rg->views[view].hand : 0.22f;
    int size = (int)(area.w * f);
    return size < 12 ? 12 : size;
}

static const SDL_Color mark_ink = THEME_INK_TERRA;

/* The size of a contact's ring and of its strokes, for a hand `size` pixels square. */
static float mark_ring(int size, stroke_contact contact)
{
    return size * (contact == CONTACT_PALM ? 0.16f : 0.09f);
}

static float mark_width(int size)
{
    return size * 0.03f < 2.0f ? 2.0f : size * 0.03f;
}

/* How much of a pixel whose centre is `d` pixels from a centre a disc of `radius` covers,
 * and a ring of `width` at `radius`: their edges fade out across a pixel, as the
 * shapes of draw.c do. */
static float cover_disc(float d, float radius)
{
    float c = radius + 0.5f - d;
    return c < 0.0f ? 0.0f : c > 1.0f ? 1.0f : c;
}

static float cover_ring(float d, float radius, float width)
{
    return cover_disc(fabsf(d - radius), width / 2.0f);
}

/* A surface `w` x `h` covering nothing yet (SDL clears it). */
static SDL_Surface *ink_surface(int w, int h)
{
    return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}

static void set_cover(SDL_Surface *s, int x, int y, SDL_Color ink, float cover)
{
    Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch);
    Uint32 a = (Uint32)(cover * 255.0f + 0.5f);
    row[x] = a << 24 | (Uint32)ink.r << 16 | (Uint32)ink.g << 8 | ink.b;
}

/* The surface as a texture to blend (and the surface freed). */
static SDL_Texture *ink_texture(body_cache *b, SDL_Surface *s)
{
    SDL_Texture *t = SDL_CreateTextureFromSurface(b->ren, s);
    SDL_FreeSurface(s);
    if (!t) return NULL;
    draw_count_upload();
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* The ring of `ring` pixels and its centre dot as a texture (made when the size
 * changes), or NULL when it cannot be made (then they are drawn as shapes). */
static SDL_Texture *mark_texture(body_cache *b, float ring, float w)
{
    contact_mark *m = &b->mark;
    if (m->tex && m->ring == ring && m->width == w) return m->tex;
    if (m->tex) SDL_DestroyTexture(m->tex);
    *m = (contact_mark){.ring = ring, .width = w};
    int side = 2 * (int)ceilf(ring + w + 3.0f);
    SDL_Surface *s = ink_surface(side, side);
    if (!s) return NULL;
    float c = side / 2.0f;
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            float d = hypotf(x + 0.5f - c, y + 0.5f - c);
            float ring_c = cover_ring(d, ring, w), dot_c = cover_disc(d, w * 1.1f);
            set_cover(s, x, y, mark_ink, ring_c > dot_c ? ring_c : dot_c);
        }
    m->tex = ink_texture(b, s);
    m->side = side;
    return m->tex;
}

/* Where the dot of radius r (1 to DOT_MAX) starts in the sheet: each is 2r + 4 wide. */
static int dot_x(int r)
{
    return (r - 1) * (r + 4);
}

/* White dots of every radius from 1 to `max` pixels side by side in one texture
 * (tinted where they are copied), made again only when a bigger one is needed. */
static void prepare_dots(body_cache *b, int max)
{
    if (max > DOT_MAX) max = DOT_MAX;
    if (max < 1 || (b->dots && b->dots_max >= max)) return;
    if (b->dots) SDL_DestroyTexture(b->dots);
    b->dots = NULL;
    b->dots_max = 0;
    static const SDL_Color white = {255, 255, 255, 255};
    int w = dot_x(max + 1), h = 2 * max + 4;
    SDL_Surface *s = ink_surface(w, h);
    if (!s) return;
    for (int r = 1; r <= max; r++) {
        int side = 2 * r + 4, x0 = dot_x(r);
        float c = side / 2.0f;
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                set_cover(s, x0 + x, y, white, cover_disc(hypotf(x + 0.5f - c, y + 0.5f - c), r));
    }
    b->dots = ink_texture(b, s);
    if (b->dots) b->dots_max = max, b->dots_w = w, b->dots_h = h;
}

/* Draw the dots waiting (dot), all in one call. */
static void dots_flush(body_cache *b)
{
    if (b->ndots) draw_geometry(b->ren, b->dots, b->dot_v, 4 * b->ndots, b->dot_i, 6 * b->ndots);
    b->ndots = 0;
}

/* A dot of `rad` pixels at (x, y) in `c`: a square of the sheet when it has one, sent
 * with the others at dots_flush (whole pixels, as a copy: the software renderer then
 * copies it rather than rasterising two triangles). */
static void dot(body_cache *b, float x, float y, float rad, SDL_Color c)
{
    int r = (int)lroundf(rad);
    if (!b->dots || r < 1 || r > b->dots_max) {
        draw_circle(b->ren, x, y, rad, c);
        return;
    }
    if (b->ndots == DOT_BATCH) dots_flush(b);
    int side = 2 * r + 4;
    float x0 = (float)lroundf(x - side / 2.0f), y0 = (float)lroundf(y - side / 2.0f);
    float u0 = (float)dot_x(r) / b->dots_w, u1 = (float)(dot_x(r) + side) / b->dots_w;
    float v1 = (float)side / b->dots_h;
    SDL_Vertex *v = &b->dot_v[4 * b->ndots];
    v[0] = (SDL_Vertex){{x0, y0}, c, {u0, 0.0f}};
    v[1] = (SDL_Vertex){{x0 + side, y0}, c, {u1, 0.0f}};
    v[2] = (SDL_Vertex){{x0 + side, y0 + side}, c, {u1, v1}};
    v[3] = (SDL_Vertex){{x0, y0 + side}, c, {u0, v1}};
    int *i = &b->dot_i[6 * b->ndots], k = 4 * b->ndots;
    i[0] = k, i[1] = k + 1, i[2] = k + 2, i[3] = k, i[4] = k + 2, i[5] = k + 3;
    b->ndots++;
}

/* The radius of a trail's dot over `area`, `f` from 0 (its tail) to 1 (its head). */
static float trail_radius(SDL_Rect area, float f)
{
    return area.w * (0.008f + 0.018f * f);
}

void body_prepare(body_cache *b, const rig *rg, stroke_view view, stroke_contact contact,
                  SDL_Rect area)
{
    art *a = art_of(b, rg);
    if (!a) return;
    art_prepare_view(a, view, area.w);
    int size = body_hand_size(rg, view, area);
    art_prepare_hand(a, size, contact);
    if ((unsigned)contact < CONTACT_COUNT)
        mark_texture(b, mark_ring(size, contact), mark_width(size));
    long small = lroundf(mark_width(size) * 1.1f), trail = lroundf(trail_radius(area, 1.0f));
    prepare_dots(b, (int)(small > trail ? small : trail));
}

size_t body_hands_at(const stroke *s, const rig_view *rv, const rig_pose *pose, float phase,
                     bool mirrored, body_hand *out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nhands && n < STROKE_MAX_HANDS; i++) {
        if (!anim_hand_shown(s, i, phase)) continue;
        anim_hand h = anim_hand_at(&s->hands[i], phase, mirrored);
        body_hand *bh = &out[n++];
        *bh = (body_hand){.pos = h.pos,
                          .left = h.left,
                          .contact = s->contact,
                          .reach = (float)(mirrored ? 360 - s->hands[i].reach : s->hands[i].reach),
                          .alpha = h.alpha};
        if (s->hands[i].holds >= 0) {
            bh->pos = anim_held(rv, pose, s->hands[i].holds, mirrored);
        } else if (h.active) {
            /* the way it goes: from a moment before to a moment after */
            anim_hand was = anim_hand_at(&s->hands[i], phase - 0.012f, mirrored);
            anim_hand next = anim_hand_at(&s->hands[i], phase + 0.012f, mirrored);
            float dx = next.pos.x - was.pos.x, dy = next.pos.y - was.pos.y;
            if (was.active && next.active && dx * dx + dy * dy > 0.004f * 0.004f)
                bh->heading = (anim_pt){dx, dy};
        }
    }
    return n;
}

void body_draw_hand(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area,
                    const body_hand *h)
{
    art *a = art_of(b, rg);
    if (!a || h->alpha <= 0.01f) return;
    SDL_FPoint at = {area.x + h->pos.x * area.w, area.y + h->pos.y * area.h};
    art_draw_hand(a, at, body_hand_size(rg, view, area), h->left, h->contact, h->reach, h->alpha);
}

/* Where the point `q` of the hand's square (a left hand's) is on the screen: the hand
 * drawn with its contact at `at`, `size` pixels square, turned `reach` degrees. */
static SDL_FPoint on_hand(const rig *rg, const body_hand *h, SDL_FPoint at, int size,
                          const float q[2])
{
    const float *c = rg->contact[h->contact];
    float dx = (q[0] - c[0]) * size, dy = (q[1] - c[1]) * size;
    if (!h->left) dx = -dx; /* the right hand is the mirror image */
    float t = h->reach * (float)(TAU / 360.0), ct = cosf(t), st = sinf(t);
    return (SDL_FPoint){at.x + dx * ct - dy * st, at.y + dx * st + dy * ct};
}

void body_draw_contact(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area,
                       const body_hand *h)
{
    if (!rg || h->alpha <= 0.01f || (unsigned)h->contact >= CONTACT_COUNT) return;
    SDL_FPoint at = {area.x + h->pos.x * area.w, area.y + h->pos.y * area.h};
    int size = body_hand_size(rg, view, area);
    static const SDL_Color light = THEME_CARD;
    SDL_Color mark = draw_alpha(mark_ink, h->alpha);
    float w = mark_width(size);
    /* a ring where it touches with a dot in it, and a dot on each see-through part
     * beyond it (the fingertips, the length of the little-finger edge) */
    float ring = mark_ring(size, h->contact);
    SDL_Texture *t = mark_texture(b, ring, w);
    if (t) {
        int side = b->mark.side;
        SDL_SetTextureAlphaMod(t, (Uint8)(h->alpha >= 1.0f ? 255 : h->alpha * 255.0f + 0.5f));
        SDL_Rect dst = {(int)lroundf(at.x - side / 2.0f), (int)lroundf(at.y - side / 2.0f), side,
                        side};
        draw_copy(b->ren, t, NULL, &dst);
    } else {
        draw_arc(b->ren, at.x, at.y, ring, w, 0.0f, (float)TAU, mark);
        draw_circle(b->ren, at.x, at.y, w * 1.1f, mark);
    }
    for (size_t k = 0; k < rg->nclear[h->contact]; k++) {
        const rig_disc *d = &rg->clear[h->contact][k];
        SDL_FPoint p = on_hand(rg, h, at, size, (const float[2]){d->x, d->y});
        float dx = p.x - at.x, dy = p.y - at.y;
        if (dx * dx + dy * dy > ring * ring) dot(b, p.x, p.y, w * 1.1f, mark);
    }
    dots_flush(b);
    /* the way it moves: an arrowhead just ahead of where it touches */
    float hx = h->heading.x * area.w, hy = h->heading.y * area.h;
    float len = sqrtf(hx * hx + hy * hy);
    if (len < 1e-4f) return;
    float ang = atan2f(hy, hx), big = size * 0.17f, ahead = ring + big * 0.6f;
    float x = at.x + hx / len * ahead, y = at.y + hy / len * ahead;
    draw_arrowhead(b->ren, x, y, ang, big * 1.45f, draw_alpha(light, h->alpha));
    draw_arrowhead(b->ren, x, y, ang, big, mark);
}

void body_draw_guide(SDL_Renderer *r, SDL_Rect area, const stroke_hand *h, bool mirrored,
                     SDL_Color c)
{
    float len = anim_path_length(h->pts, h->npts);
    if (len < 0.04f) return;
    int dots = (int)(len / 0.022f) + 2;
    if (dots > 120) dots = 120;
    float rad = area.w * 0.0045f < 1.2f ? 1.2f : area.w * 0.0045f;
    for (int i = 0; i < dots - 1; i++) {
        anim_pt p = anim_path_point(h->pts, h->npts, (float)i / (float)(dots - 1));
        if (mirrored) p = anim_mirror(p);
        draw_circle(r, area.x + p.x * area.w, area.y + p.y * area.h, rad, c);
    }
    anim_pt e = anim_path_point(h->pts, h->npts, 1.0f);
    anim_pt q = anim_path_point(h->pts, h->npts, 0.96f);
    if (mirrored) {
        e = anim_mirror(e);
        q = anim_mirror(q);
    }
    float ang = atan2f((e.y - q.y) * area.h, (e.x - q.x) * area.w);
    draw_arrowhead(r, area.x + e.x * area.w, area.y + e.y * area.h, ang, area.w * 0.035f, c);
}

void body_draw_trail(body_cache *b, SDL_Rect area, const anim_pt *pts, size_t n, SDL_Color c)
{
    for (size_t i = 1; i < n; i++) {
        float f = 1.0f - (float)i / (float)n;
        dot(b, area.x + pts[i].x * area.w, area.y + pts[i].y * area.h, trail_radius(area, f),
            draw_alpha(c, 0.45f * f));
    }
    dots_flush(b);
}
