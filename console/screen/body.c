/* body.c: see body.h.
 *
 * A drawing is a union of convex shapes (circles, tapered limbs, soft boxes). It is
 * drawn twice: once grown by the outline's width in the outline colour, then at its
 * size in its fill colours, which leaves a clean outline around the whole silhouette.
 * Details (faces, spine, clothes' seams) go on top. */
#include "screen/body.h"

#include <math.h>
#include <stdlib.h>

#include "screen/draw.h"
#include "screen/theme.h"
#include "core/units.h"

#define HAND_TEXTURE 2 /* left and right */

struct body_cache {
    SDL_Renderer *ren;
    bool targets;
    SDL_Texture *view[VIEW_COUNT];
    int view_size[VIEW_COUNT];
    SDL_Color view_field[VIEW_COUNT];
    SDL_Texture *hand[HAND_TEXTURE];
    int hand_size;
};

/* --- Drawing in unit coordinates ------------------------------------------------- */

typedef struct pen {
    SDL_Renderer *r;
    SDL_FRect a;
    float grow;   /* pixels added to every shape (the outline pass) */
    bool outline; /* every shape in `line` */
    SDL_Color line;
} pen;

static float X(const pen *p, float x)
{
    return p->a.x + x * p->a.w;
}

static float Y(const pen *p, float y)
{
    return p->a.y + y * p->a.h;
}

static float S(const pen *p, float s)
{
    return s * p->a.w;
}

static SDL_Color ink(const pen *p, SDL_Color fill)
{
    return p->outline ? p->line : fill;
}

static void circle(const pen *p, float x, float y, float r, SDL_Color c)
{
    draw_circle(p->r, X(p, x), Y(p, y), S(p, r) + p->grow, ink(p, c));
}

static void ellipse(const pen *p, float x, float y, float rx, float ry, float angle, SDL_Color c)
{
    draw_ellipse(p->r, X(p, x), Y(p, y), S(p, rx) + p->grow, S(p, ry) + p->grow, angle, ink(p, c));
}

static void limb(const pen *p, float x0, float y0, float r0, float x1, float y1, float r1,
                 SDL_Color c)
{
    draw_capsule(p->r, X(p, x0), Y(p, y0), S(p, r0) + p->grow, X(p, x1), Y(p, y1),
                 S(p, r1) + p->grow, ink(p, c));
}

/* A soft box: a superellipse |x/rx|^4 + |y/ry|^4 = 1, convex and rounded. */
static void softbox(const pen *p, float cx, float cy, float rx, float ry, SDL_Color c)
{
    SDL_FPoint pts[96];
    float gx = S(p, rx) + p->grow, gy = S(p, ry) + p->grow;
    for (int i = 0; i < 96; i++) {
        float t = (float)TAU * (float)i / 96.0f, ct = cosf(t), st = sinf(t);
        float x = copysignf(powf(fabsf(ct), 0.5f), ct), y = copysignf(powf(fabsf(st), 0.5f), st);
        pts[i] = (SDL_FPoint){X(p, cx) + gx * x, Y(p, cy) + gy * y};
    }
    draw_convex(p->r, pts, 96, ink(p, c));
}

/* A line detail (never grown). */
static void arc(const pen *p, float x, float y, float r, float a0, float a1, float w, SDL_Color c)
{
    draw_arc(p->r, X(p, x), Y(p, y), S(p, r), S(p, w) < 1.5f ? 1.5f : S(p, w), a0, a1, c);
}

static void dashes(const pen *p, float x, float y0, float y1, float w, SDL_Color c)
{
    float step = 0.04f;
    for (float y = y0; y < y1 - 0.01f; y += step) {
        float e = y + step * 0.55f < y1 ? y + step * 0.55f : y1;
        draw_capsule(p->r, X(p, x), Y(p, y), S(p, w), X(p, x), Y(p, e), S(p, w), c);
    }
}

/* Draw `parts` twice: grown in the outline colour, then filled. */
static void silhouette(SDL_Renderer *r, SDL_FRect a, void (*parts)(const pen *))
{
    float w = a.w * 0.006f < 1.5f ? 1.5f : a.w * 0.006f;
    pen outline = {r, a, w, true, THEME_SKIN_LINE};
    pen fill = {r, a, 0.0f, false, THEME_SKIN_LINE};
    parts(&outline);
    parts(&fill);
}

static const SDL_Color skin = THEME_SKIN, cloth = THEME_CLOTH, hair = THEME_HAIR;
static const SDL_Color line = THEME_SKIN_LINE, blush = THEME_TERRA_SOFT;

/* --- Baby, front and back ---------------------------------------------------------- */

static void baby_limbs(const pen *p, float s)
{
    float x = s < 0 ? 1.0f : 0.0f;
    /* arm: shoulder, elbow, wrist, hand */
    limb(p, x + s * 0.38f, 0.25f, 0.040f, x + s * 0.27f, 0.36f, 0.036f, skin);
    limb(p, x + s * 0.27f, 0.36f, 0.036f, x + s * 0.22f, 0.46f, 0.029f, skin);
    circle(p, x + s * 0.21f, 0.50f, 0.036f, skin);
    /* leg: hip, knee, ankle, foot */
    limb(p, x + s * 0.44f, 0.57f, 0.060f, x + s * 0.40f, 0.74f, 0.047f, skin);
    limb(p, x + s * 0.40f, 0.74f, 0.047f, x + s * 0.39f, 0.89f, 0.032f, skin);
    ellipse(p, x + s * 0.39f, 0.935f, 0.034f, 0.045f, 0.0f, skin);
}

static void baby_parts(const pen *p)
{
    baby_limbs(p, -1.0f);
    baby_limbs(p, 1.0f);
    limb(p, 0.38f, 0.255f, 0.042f, 0.62f, 0.255f, 0.042f, skin); /* shoulders */
    softbox(p, 0.50f, 0.405f, 0.130f, 0.170f, skin);             /* torso */
    limb(p, 0.44f, 0.555f, 0.055f, 0.56f, 0.555f, 0.055f, skin); /* hips */
    limb(p, 0.50f, 0.19f, 0.040f, 0.50f, 0.25f, 0.045f, skin);   /* neck */
    circle(p, 0.50f, 0.13f, 0.085f, skin);                       /* head */
}

static void nappy_parts(const pen *p)
{
    softbox(p, 0.50f, 0.565f, 0.105f, 0.052f, cloth);
}

static void nappy(SDL_Renderer *r, SDL_FRect a)
{
    float w = a.w * 0.005f < 1.2f ? 1.2f : a.w * 0.005f;
    pen o = {r, a, w, true, line}, f = {r, a, 0.0f, false, line};
    nappy_parts(&o);
    nappy_parts(&f);
}

static void baby_front(SDL_Renderer *r, SDL_FRect a)
{
    pen p = {r, a, 0.0f, false, line};
    silhouette(r, a, baby_parts);
    nappy(r, a);
    SDL_Color soft = draw_alpha(line, 0.9f);
    /* a calm, awake face */
    circle(&p, 0.465f, 0.125f, 0.0085f, line);
    circle(&p, 0.535f, 0.125f, 0.0085f, line);
    arc(&p, 0.50f, 0.140f, 0.028f, 0.55f, 2.59f, 0.006f, soft);
    circle(&p, 0.445f, 0.150f, 0.014f, draw_alpha(blush, 0.6f));
    circle(&p, 0.555f, 0.150f, 0.014f, draw_alpha(blush, 0.6f));
    arc(&p, 0.50f, 0.062f, 0.020f, 3.6f, 5.4f, 0.006f, soft); /* a curl of hair */
    circle(&p, 0.50f, 0.45f, 0.006f, draw_alpha(line, 0.7f)); /* navel */
    arc(&p, 0.50f, 0.30f, 0.10f, 1.15f, 1.99f, 0.004f, draw_alpha(line, 0.35f)); /* ribs */
}

static void baby_back(SDL_Renderer *r, SDL_FRect a)
{
    pen p = {r, a, 0.0f, false, line};
    silhouette(r, a, baby_parts);
    /* hair on the back of the head */
    circle(&p, 0.50f, 0.115f, 0.070f, hair);
    nappy(r, a);
    SDL_Color soft = draw_alpha(line, 0.45f);
    dashes(&p, 0.50f, 0.24f, 0.50f, 0.003f, soft);            /* spine */
    arc(&p, 0.445f, 0.31f, 0.045f, 3.5f, 5.0f, 0.004f, soft); /* shoulder blades */
    arc(&p, 0.555f, 0.31f, 0.045f, 4.42f, 5.92f, 0.004f, soft);
    draw_capsule(r, X(&p, 0.50f), Y(&p, 0.545f), S(&p, 0.003f), X(&p, 0.50f), Y(&p, 0.61f),
                 S(&p, 0.003f), draw_alpha(line, 0.6f)); /* between the buttocks */
}

/* --- Baby's leg and foot ------------------------------------------------------------ */

static void leg_parts(const pen *p)
{
    limb(p, 0.50f, -0.10f, 0.115f, 0.50f, 0.08f, 0.110f, skin);
    limb(p, 0.50f, 0.08f, 0.110f, 0.50f, 0.45f, 0.082f, skin);
    limb(p, 0.50f, 0.45f, 0.082f, 0.50f, 0.74f, 0.060f, skin);
    circle(p, 0.50f, 0.80f, 0.066f, skin);
    ellipse(p, 0.50f, 0.868f, 0.140f, 0.086f, 0.0f, skin);
    static const float toes[5][3] = {{0.405f, 0.945f, 0.032f},
                                     {0.468f, 0.957f, 0.025f},
                                     {0.523f, 0.955f, 0.022f},
                                     {0.572f, 0.946f, 0.020f},
                                     {0.614f, 0.930f, 0.018f}};
    for (int i = 0; i < 5; i++)
        circle(p, toes[i][0], toes[i][1], toes[i][2], skin);
}

static void baby_leg(SDL_Renderer *r, SDL_FRect a)
{
    pen p = {r, a, 0.0f, false, line};
    silhouette(r, a, leg_parts);
    SDL_Color soft = draw_alpha(line, 0.45f);
    arc(&p, 0.50f, 0.47f, 0.040f, 3.6f, 5.8f, 0.004f, soft); /* knee */
    arc(&p, 0.50f, 0.08f, 0.10f, 0.6f, 2.5f, 0.004f, soft);  /* a crease at the top */
    arc(&p, 0.50f, 0.76f, 0.055f, 0.3f, 2.8f, 0.004f, soft); /* ankle */
}

/* --- Baby's face ------------------------------------------------------------------- */

static void face_parts(const pen *p)
{
    circle(p, 0.13f, 0.50f, 0.075f, skin);
    circle(p, 0.87f, 0.50f, 0.075f, skin);
    circle(p, 0.50f, 0.50f, 0.36f, skin);
}

static void baby_face(SDL_Renderer *r, SDL_FRect a)
{
    pen p = {r, a, 0.0f, false, line};
    silhouette(r, a, face_parts);
    SDL_Color soft = draw_alpha(line, 0.85f);
    arc(&p, 0.13f, 0.50f, 0.035f, 1.9f, 4.4f, 0.006f, draw_alpha(line, 0.5f)); /* ears */
    arc(&p, 0.87f, 0.50f, 0.035f, -1.26f, 1.26f, 0.006f, draw_alpha(line, 0.5f));
    arc(&p, 0.38f, 0.43f, 0.065f, 3.75f, 5.65f, 0.007f, soft); /* eyebrows */
    arc(&p, 0.62f, 0.43f, 0.065f, 3.77f, 5.67f, 0.007f, soft);
    circle(&p, 0.38f, 0.455f, 0.024f, line); /* eyes */
    circle(&p, 0.62f, 0.455f, 0.024f, line);
    circle(&p, 0.388f, 0.447f, 0.007f, (SDL_Color)THEME_CARD);
    circle(&p, 0.628f, 0.447f, 0.007f, (SDL_Color)THEME_CARD);
    arc(&p, 0.50f, 0.535f, 0.032f, 0.5f, 2.64f, 0.007f, soft); /* nose */
    circle(&p, 0.34f, 0.58f, 0.055f, draw_alpha(blush, 0.55f));
    circle(&p, 0.66f, 0.58f, 0.055f, draw_alpha(blush, 0.55f));
    arc(&p, 0.50f, 0.625f, 0.08f, 0.55f, 2.59f, 0.008f, soft);                /* smile */
    arc(&p, 0.50f, 0.16f, 0.05f, 0.3f, 2.2f, 0.008f, draw_alpha(line, 0.7f)); /* curl */
    arc(&p, 0.44f, 0.19f, 0.04f, 3.8f, 5.6f, 0.007f, draw_alpha(line, 0.5f));
}

/* --- A seated child, from behind --------------------------------------------------- */

static void child_arm(const pen *p, float s)
{
    float x = s < 0 ? 1.0f : 0.0f;
    limb(p, x + s * 0.28f, 0.36f, 0.052f, x + s * 0.25f, 0.47f, 0.046f, cloth); /* sleeve */
    limb(p, x + s * 0.25f, 0.47f, 0.040f, x + s * 0.24f, 0.60f, 0.036f, skin);
    limb(p, x + s * 0.24f, 0.60f, 0.036f, x + s * 0.24f, 0.77f, 0.031f, skin);
    ellipse(p, x + s * 0.24f, 0.80f, 0.033f, 0.042f, 0.0f, skin);
}

static void child_parts(const pen *p)
{
    /* a stool under the child */
    child_arm(p, -1.0f);
    child_arm(p, 1.0f);
    limb(p, 0.50f, 0.24f, 0.045f, 0.50f, 0.33f, 0.050f, skin);    /* neck */
    limb(p, 0.30f, 0.365f, 0.055f, 0.70f, 0.365f, 0.055f, cloth); /* shoulders */
    softbox(p, 0.50f, 0.605f, 0.195f, 0.272f, cloth);             /* back, in a T-shirt */
    circle(p, 0.39f, 0.175f, 0.026f, skin);                       /* ears */
    circle(p, 0.61f, 0.175f, 0.026f, skin);
    circle(p, 0.50f, 0.16f, 0.11f, hair); /* the back of the head */
}

static void child_back(SDL_Renderer *r, SDL_FRect a)
{
    pen p = {r, a, 0.0f, false, line};
    SDL_Color wood = THEME_SAND_DEEP;
    draw_round_rect(r, (SDL_FRect){X(&p, 0.27f), Y(&p, 0.875f), S(&p, 0.46f), S(&p, 0.04f)},
                    S(&p, 0.02f), wood);
    draw_capsule(r, X(&p, 0.31f), Y(&p, 0.9f), S(&p, 0.014f), X(&p, 0.31f), Y(&p, 0.99f),
                 S(&p, 0.014f), wood);
    draw_capsule(r, X(&p, 0.69f), Y(&p, 0.9f), S(&p, 0.014f), X(&p, 0.69f), Y(&p, 0.99f),
                 S(&p, 0.014f), wood);
    silhouette(r, a, child_parts);
    SDL_Color soft = draw_alpha(line, 0.4f);
    arc(&p, 0.50f, 0.255f, 0.075f, 0.55f, 2.59f, 0.005f, draw_alpha(line, 0.6f)); /* collar */
    dashes(&p, 0.50f, 0.35f, 0.84f, 0.0035f, soft);                               /* spine */
    arc(&p, 0.40f, 0.47f, 0.07f, 3.4f, 4.9f, 0.005f, soft); /* shoulder blades */
    arc(&p, 0.60f, 0.47f, 0.07f, 4.52f, 6.02f, 0.005f, soft);
    arc(&p, 0.50f, 0.10f, 0.05f, 0.9f, 2.4f, 0.006f, draw_alpha(line, 0.35f)); /* hair */
}

void body_paint(SDL_Renderer *r, stroke_view view, SDL_FRect a)
{
    switch (view) {
    case VIEW_BABY_FRONT: baby_front(r, a); break;
    case VIEW_BABY_BACK: baby_back(r, a); break;
    case VIEW_BABY_LEG: baby_leg(r, a); break;
    case VIEW_BABY_FACE: baby_face(r, a); break;
    case VIEW_CHILD_BACK: child_back(r, a); break;
    default: break;
    }
}

/* --- The cache --------------------------------------------------------------------- */

body_cache *body_create(SDL_Renderer *ren)
{
    body_cache *b = calloc(1, sizeof(*b));
    if (!b) return NULL;
    b->ren = ren;
    b->targets = SDL_RenderTargetSupported(ren);
    return b;
}

void body_destroy(body_cache *b)
{
    if (!b) return;
    for (int i = 0; i < VIEW_COUNT; i++)
        if (b->view[i]) SDL_DestroyTexture(b->view[i]);
    for (int i = 0; i < HAND_TEXTURE; i++)
        if (b->hand[i]) SDL_DestroyTexture(b->hand[i]);
    free(b);
}

static SDL_Texture *target(SDL_Renderer *r, int w, int h)
{
    SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    draw_count_upload();
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

static bool same_colour(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

void body_draw(body_cache *b, stroke_view view, SDL_Rect area, SDL_Color field)
{
    if ((unsigned)view >= VIEW_COUNT) return;
    SDL_Rect clip;
    SDL_RenderGetClipRect(b->ren, &clip);
    if (!b->targets) {
        SDL_RenderSetClipRect(b->ren, &area);
        body_paint(b->ren, view, (SDL_FRect){area.x, area.y, area.w, area.h});
        SDL_RenderSetClipRect(b->ren, clip.w ? &clip : NULL);
        return;
    }
    if (!b->view[view] || b->view_size[view] != area.w ||
        !same_colour(b->view_field[view], field)) {
        if (b->view[view]) SDL_DestroyTexture(b->view[view]);
        b->view[view] = target(b->ren, area.w, area.w);
        b->view_size[view] = area.w;
        b->view_field[view] = field;
        if (!b->view[view]) return;
        SDL_Texture *was = SDL_GetRenderTarget(b->ren);
        SDL_SetRenderTarget(b->ren, b->view[view]);
        SDL_SetRenderDrawColor(b->ren, field.r, field.g, field.b, 255);
        SDL_RenderClear(b->ren);
        body_paint(b->ren, view, (SDL_FRect){0, 0, area.w, area.w});
        SDL_SetRenderTarget(b->ren, was);
        if (clip.w) SDL_RenderSetClipRect(b->ren, &clip);
    }
    draw_copy(b->ren, b->view[view], NULL, &area);
}

/* --- Hands ------------------------------------------------------------------------- */

/* A mitten seen from above, fingers up, in a square `a` of unit coordinates centred
 * on the palm. The thumb is on the right for a left hand (palm down). */
static void hand_parts(const pen *p, bool left)
{
    float s = left ? 1.0f : -1.0f;
    SDL_Color c = THEME_HAND;
    limb(p, 0.5f + s * 0.20f, 0.56f, 0.075f, 0.5f + s * 0.36f, 0.36f, 0.068f, c); /* thumb */
    limb(p, 0.50f, 0.58f, 0.23f, 0.50f, 0.36f, 0.22f, c); /* palm, fingers */
}

static void paint_hand(SDL_Renderer *r, SDL_FRect a, bool left)
{
    float w = a.w * 0.035f < 1.2f ? 1.2f : a.w * 0.035f;
    pen o = {r, a, w, true, THEME_HAND_LINE}, f = {r, a, 0.0f, false, THEME_HAND_LINE};
    hand_parts(&o, left);
    hand_parts(&f, left);
    /* the gaps between the fingers, softly */
    pen d = f;
    SDL_Color g = draw_alpha((SDL_Color)THEME_HAND_LINE, 0.5f);
    for (int i = -1; i <= 1; i++) {
        float x = 0.5f + i * 0.105f - (left ? 0.02f : -0.02f);
        draw_capsule(r, X(&d, x), Y(&d, 0.16f), S(&d, 0.012f), X(&d, x), Y(&d, 0.30f),
                     S(&d, 0.012f), g);
    }
}

static int hand_size(SDL_Rect area)
{
    int size = (int)(area.w * 0.16f);
    return size < 8 ? 8 : size;
}

/* The hand's texture for a hand `size` pixels wide, painted once. */
static SDL_Texture *hand_texture(body_cache *b, int size, bool left)
{
    if (b->hand_size != size) {
        for (int i = 0; i < HAND_TEXTURE; i++) {
            if (b->hand[i]) SDL_DestroyTexture(b->hand[i]);
            b->hand[i] = NULL;
        }
        b->hand_size = size;
    }
    int i = left ? 0 : 1;
    if (b->hand[i]) return b->hand[i];
    b->hand[i] = target(b->ren, size, size);
    if (!b->hand[i]) return NULL;
    SDL_Texture *was = SDL_GetRenderTarget(b->ren);
    SDL_Rect clip;
    SDL_RenderGetClipRect(b->ren, &clip);
    SDL_SetRenderTarget(b->ren, b->hand[i]);
    /* Clear to the outline's colour, transparent, so the edges blend without a dark
     * fringe. */
    SDL_Color l = THEME_HAND_LINE;
    SDL_SetRenderDrawColor(b->ren, l.r, l.g, l.b, 0);
    SDL_SetRenderDrawBlendMode(b->ren, SDL_BLENDMODE_NONE);
    SDL_RenderClear(b->ren);
    SDL_SetRenderDrawBlendMode(b->ren, SDL_BLENDMODE_BLEND);
    paint_hand(b->ren, (SDL_FRect){0, 0, size, size}, left);
    SDL_SetRenderTarget(b->ren, was);
    if (clip.w) SDL_RenderSetClipRect(b->ren, &clip);
    return b->hand[i];
}

void body_prepare_hands(body_cache *b, SDL_Rect area)
{
    if (!b->targets) return;
    hand_texture(b, hand_size(area), true);
    hand_texture(b, hand_size(area), false);
}

void body_draw_hand(body_cache *b, SDL_Rect area, anim_pt pos, bool left, float alpha)
{
    if (alpha <= 0.01f) return;
    int size = hand_size(area);
    SDL_Rect at = {area.x + (int)(pos.x * area.w) - size / 2,
                   area.y + (int)(pos.y * area.h) - size / 2, size, size};
    if (!b->targets) {
        paint_hand(b->ren, (SDL_FRect){at.x, at.y, at.w, at.h}, left);
        return;
    }
    SDL_Texture *t = hand_texture(b, size, left);
    if (!t) return;
    SDL_SetTextureAlphaMod(t, (Uint8)(alpha * 235));
    draw_copy(b->ren, t, NULL, &at);
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

void body_draw_trail(SDL_Renderer *r, SDL_Rect area, const anim_pt *pts, size_t n, SDL_Color c)
{
    for (size_t i = 1; i < n; i++) {
        float f = 1.0f - (float)i / (float)n;
        float rad = area.w * (0.008f + 0.018f * f);
        draw_circle(r, area.x + pts[i].x * area.w, area.y + pts[i].y * area.h, rad,
                    draw_alpha(c, 0.45f * f));
    }
}
