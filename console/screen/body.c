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

#define DOT_MAX 64 /* dots up to this radius in pixels are copied from a texture */

struct body_cache {
    SDL_Renderer *ren;
    const rig *rg;
    art *art;
    contact_mark mark;
    SDL_Texture *dots[DOT_MAX + 1]; /* a white dot of each radius the hands use, or NULL */
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
    for (int i = 0; i <= DOT_MAX; i++)
        if (b->dots[i]) SDL_DestroyTexture(b->dots[i]);
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

/* Drawing into a texture made for it (bake_begin, shapes, bake_end): `side` pixels
 * square, cleared to `ink` with no cover, so that the blended edges of shapes in `ink`
 * keep its colour. NULL where the renderer cannot draw into textures. */
typedef struct bake {
    SDL_Texture *was;
    Uint8 r, g, b, a;
} bake;

static SDL_Texture *bake_begin(body_cache *b, int side, SDL_Color ink, bake *k)
{
    if (!SDL_RenderTargetSupported(b->ren)) return NULL;
    SDL_Texture *t =
        SDL_CreateTexture(b->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, side, side);
    if (!t) return NULL;
    draw_count_upload();
    draw_flush();
    k->was = SDL_GetRenderTarget(b->ren);
    SDL_GetRenderDrawColor(b->ren, &k->r, &k->g, &k->b, &k->a);
    SDL_SetRenderTarget(b->ren, t);
    SDL_SetRenderDrawColor(b->ren, ink.r, ink.g, ink.b, 0);
    SDL_RenderClear(b->ren);
    return t;
}

static void bake_end(body_cache *b, SDL_Texture *t, const bake *k)
{
    draw_flush();
    SDL_SetRenderTarget(b->ren, k->was);
    SDL_SetRenderDrawColor(b->ren, k->r, k->g, k->b, k->a);
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
}

/* The ring of `ring` pixels and its centre dot as a texture (made when the size
 * changes), or NULL where the renderer cannot draw into textures. */
static SDL_Texture *mark_texture(body_cache *b, float ring, float w)
{
    contact_mark *m = &b->mark;
    if (m->tex && m->ring == ring && m->width == w) return m->tex;
    if (m->tex) SDL_DestroyTexture(m->tex);
    *m = (contact_mark){.ring = ring, .width = w};
    int side = 2 * (int)ceilf(ring + w + 3.0f);
    bake k;
    SDL_Texture *t = bake_begin(b, side, mark_ink, &k);
    if (!t) return NULL;
    float c = side / 2.0f;
    draw_arc(b->ren, c, c, ring, w, 0.0f, (float)TAU, mark_ink);
    draw_circle(b->ren, c, c, w * 1.1f, mark_ink);
    bake_end(b, t, &k);
    m->tex = t;
    m->side = side;
    return t;
}

/* A white dot of `radius` pixels as a texture (tinted where it is copied). */
static void prepare_dot(body_cache *b, int radius)
{
    if (radius < 1 || radius > DOT_MAX || b->dots[radius]) return;
    static const SDL_Color white = {255, 255, 255, 255};
    int side = 2 * (radius + 2);
    bake k;
    SDL_Texture *t = bake_begin(b, side, white, &k);
    if (!t) return;
    draw_circle(b->ren, side / 2.0f, side / 2.0f, (float)radius, white);
    bake_end(b, t, &k);
    b->dots[radius] = t;
}

/* A dot of `rad` pixels at (x, y) in `c`: copied from its texture when there is one. */
static void dot(body_cache *b, float x, float y, float rad, SDL_Color c)
{
    long r = lroundf(rad);
    SDL_Texture *t = r >= 1 && r <= DOT_MAX ? b->dots[r] : NULL;
    if (!t) {
        draw_circle(b->ren, x, y, rad, c);
        return;
    }
    int side = 2 * ((int)r + 2);
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    SDL_Rect dst = {(int)lroundf(x - side / 2.0f), (int)lroundf(y - side / 2.0f), side, side};
    draw_copy(b->ren, t, NULL, &dst);
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
    prepare_dot(b, (int)lroundf(mark_width(size) * 1.1f));
    for (long r = lroundf(trail_radius(area, 0.0f)); r <= lroundf(trail_radius(area, 1.0f)); r++)
        prepare_dot(b, (int)r);
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
}
