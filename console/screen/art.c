/* art.c: see art.h. */
#include "screen/art.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/draw.h"

#define ART_CHECK_SIZE 32 /* what art_check rasterises each file at */

typedef struct art_piece {
    SDL_Texture *tex;
    SDL_Rect crop; /* where it sits in the view's square, in pixels (after any flip) */
} art_piece;

typedef struct art_view {
    int size;                       /* the square's side the pieces were made for */
    art_piece base;                 /* the view's own art (crop: the whole square) */
    art_piece parts[RIG_MAX_PARTS]; /* each part, cropped */
    SDL_Texture *rest;              /* base and parts at rest, over `field` */
    int rest_size;
    SDL_Color rest_field;
} art_view;

struct art {
    SDL_Renderer *ren;
    const rig *rg;
    art_view views[VIEW_COUNT];
    /* the left hand and the right one (its mirror image), see-through where each
     * contact works */
    SDL_Texture *hand[2][CONTACT_COUNT];
    int hand_size[CONTACT_COUNT]; /* the size each contact's pair was made at */
};

/* The file `name` of the rig's folder, rasterised `size` pixels square: 32-bit pixels
 * with alpha, in SDL_image's own order (only the part kept is converted, by the blit
 * into its texture's surface). */
static SDL_Surface *rasterise(const rig *rg, const char *name, int size, char *why, size_t whylen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", rg->dir, name);
    size_t len = 0;
    char *bytes = SDL_LoadFile(path, &len);
    if (!bytes) {
        snprintf(why, whylen, "cannot be read");
        return NULL;
    }
    /* Only what looks like SVG goes to the parser (which leaks on other bytes). */
    SDL_Surface *s = NULL;
    if (len > 0 && strstr(bytes, "<svg")) {
        SDL_RWops *rw = SDL_RWFromConstMem(bytes, (int)len);
        if (rw) {
            s = IMG_LoadSizedSVG_RW(rw, size, size);
            SDL_RWclose(rw);
        }
    }
    SDL_free(bytes);
    if (!s) {
        snprintf(why, whylen, len > 0 ? "is not an SVG drawing SDL_image can read" : "is empty");
        return NULL;
    }
    if (!SDL_ISPIXELFORMAT_ALPHA(s->format->format) || s->format->BytesPerPixel != 4) {
        /* (SDL_image gives 32-bit pixels with alpha: other formats are converted) */
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        if (!c) snprintf(why, whylen, "cannot be converted: %s", SDL_GetError());
        s = c;
    }
    return s;
}

/* The box of the pixels a surface draws (alpha > 0); w 0 when it draws nothing. */
static SDL_Rect drawn_box(SDL_Surface *s)
{
    int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
    const Uint32 alpha = s->format->Amask;
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if (row[x] & alpha) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
    }
    SDL_UnlockSurface(s);
    return x1 < 0 ? (SDL_Rect){0, 0, 0, 0} : (SDL_Rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

static int check_file(const rig *rg, const char *name, diag *d)
{
    char why[160], path[4096];
    snprintf(path, sizeof path, "%s/%s", rg->dir, name);
    SDL_Surface *s = rasterise(rg, name, ART_CHECK_SIZE, why, sizeof why);
    if (s && drawn_box(s).w == 0) snprintf(why, sizeof why, "draws nothing");
    int bad = !s || drawn_box(s).w == 0;
    if (s) SDL_FreeSurface(s);
    if (bad) diag_add(d, path, 0, 0, "this art file %s (named in %s)", why, rg->path);
    return bad ? -1 : 0;
}

int art_check(const rig *rg, diag *d)
{
    int bad = 0;
    for (int v = 0; v < VIEW_COUNT; v++) {
        const rig_view *rv = &rg->views[v];
        if (!rv->present) continue;
        bad |= check_file(rg, rv->art, d);
        for (size_t i = 0; i < rv->nparts; i++) {
            /* a file shared by two parts (a mirror) is checked once */
            size_t j = 0;
            while (j < i && strcmp(rv->parts[j].art, rv->parts[i].art))
                j++;
            if (j == i) bad |= check_file(rg, rv->parts[i].art, d);
        }
    }
    if (rg->hand_art) bad |= check_file(rg, rg->hand_art, d);
    return bad ? -1 : 0;
}

art *art_create(SDL_Renderer *ren, const rig *rg)
{
    art *a = calloc(1, sizeof(*a));
    if (!a) return NULL;
    a->ren = ren;
    a->rg = rg;
    return a;
}

static void drop(SDL_Texture **t)
{
    if (*t) SDL_DestroyTexture(*t);
    *t = NULL;
}

static void drop_view(art_view *v)
{
    drop(&v->base.tex);
    for (int i = 0; i < RIG_MAX_PARTS; i++)
        drop(&v->parts[i].tex);
    drop(&v->rest);
    v->size = 0;
    v->rest_size = 0;
}

void art_destroy(art *a)
{
    if (!a) return;
    for (int v = 0; v < VIEW_COUNT; v++)
        drop_view(&a->views[v]);
    for (int c = 0; c < CONTACT_COUNT; c++) {
        drop(&a->hand[0][c]);
        drop(&a->hand[1][c]);
    }
    free(a);
}

/* A texture of `s` cropped to `box`, mirrored when `flip`. */
static SDL_Texture *texture_of(SDL_Renderer *ren, SDL_Surface *s, SDL_Rect box, bool flip)
{
    SDL_Surface *c = SDL_CreateRGBSurfaceWithFormat(0, box.w, box.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c) return NULL;
    SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
    SDL_BlitSurface(s, &box, c, NULL);
    if (flip) {
        SDL_LockSurface(c);
        for (int y = 0; y < c->h; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)c->pixels + y * c->pitch);
            for (int x = 0; x < c->w / 2; x++) {
                Uint32 t = row[x];
                row[x] = row[c->w - 1 - x];
                row[c->w - 1 - x] = t;
            }
        }
        SDL_UnlockSurface(c);
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ren, c);
    draw_count_upload();
    SDL_FreeSurface(c);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* A piece of the picture `s` (`size` square): cropped to `box` (the whole square when
 * `box` is NULL), mirrored when `flip`. */
static void piece_of(art *a, SDL_Surface *s, const SDL_Rect *box, int size, bool flip,
                     art_piece *out)
{
    SDL_Rect b = box ? *box : (SDL_Rect){0, 0, s->w, s->h};
    if (b.w <= 0) return;
    out->tex = texture_of(a->ren, s, b, flip);
    out->crop = b;
    if (flip) out->crop.x = size - (b.x + b.w);
}

static void make_piece(art *a, const char *name, int size, bool flip, art_piece *out)
{
    char why[160];
    SDL_Surface *s = rasterise(a->rg, name, size, why, sizeof why);
    if (!s) return;
    piece_of(a, s, NULL, size, flip, out);
    SDL_FreeSurface(s);
}

/* The view's pieces at `size` pixels, made when the size changes. A file shared by
 * parts (a limb and its mirror image) is rasterised once for all of them. */
static art_view *pieces(art *a, stroke_view view, int size)
{
    art_view *v = &a->views[view];
    if (v->size == size) return v;
    drop_view(v);
    v->size = size;
    const rig_view *rv = &a->rg->views[view];
    if (!rv->present) return v;
    make_piece(a, rv->art, size, false, &v->base);
    bool made[RIG_MAX_PARTS] = {false};
    for (size_t i = 0; i < rv->nparts; i++) {
        if (made[i]) continue;
        char why[160];
        SDL_Surface *s = rasterise(a->rg, rv->parts[i].art, size, why, sizeof why);
        if (!s) continue;
        SDL_Rect box = drawn_box(s);
        for (size_t k = i; k < rv->nparts; k++) {
            if (made[k] || strcmp(rv->parts[k].art, rv->parts[i].art)) continue;
            piece_of(a, s, &box, size, rv->parts[k].flip, &v->parts[k]);
            made[k] = true;
        }
        SDL_FreeSurface(s);
    }
    return v;
}

/* Draw the view's pieces in order, at `origin`, posed (or at rest). */
static void draw_pieces(art *a, stroke_view view, art_view *v, SDL_FPoint origin,
                        const rig_pose *pose)
{
    const rig_view *rv = &a->rg->views[view];
    rig_pose rest;
    if (!pose) {
        rig_pose_rest(&rest);
        pose = &rest;
    }
    /* in order: parts below 0, the view's art, parts above (stable within an order) */
    int lo = 0, hi = 0;
    for (size_t i = 0; i < rv->nparts; i++) {
        if (rv->parts[i].order < lo) lo = rv->parts[i].order;
        if (rv->parts[i].order > hi) hi = rv->parts[i].order;
    }
    float px = (float)v->size;
    for (int o = lo; o <= hi; o++) {
        if (o == 0 && v->base.tex) {
            SDL_FRect r = {origin.x, origin.y, px, px};
            draw_copy_turned(a->ren, v->base.tex, &r, 0.0, NULL, false);
        }
        for (size_t i = 0; i < rv->nparts; i++) {
            const art_piece *p = &v->parts[i];
            if (rv->parts[i].order != o || !p->tex) continue;
            rig_place pl = rig_part_place(rv, pose, (int)i);
            float pivx = rv->parts[i].pivot[0] * px, pivy = rv->parts[i].pivot[1] * px;
            SDL_FRect r = {(float)p->crop.x, pivy + ((float)p->crop.y - pivy) * pl.stretch,
                           (float)p->crop.w, (float)p->crop.h * pl.stretch};
            float dx = pl.pivot[0] * px - pivx, dy = pl.pivot[1] * px - pivy;
            r.x += dx + origin.x;
            r.y += dy + origin.y;
            SDL_FPoint centre = {pivx + dx + origin.x - r.x, pivy + dy + origin.y - r.y};
            draw_copy_turned(a->ren, p->tex, &r, pl.turn, &centre, false);
        }
    }
}

void art_draw_view(art *a, stroke_view view, SDL_Rect area, SDL_Color field, const rig_pose *pose)
{
    if ((unsigned)view >= VIEW_COUNT || area.w <= 0) return;
    art_view *v = pieces(a, view, area.w);
    SDL_FPoint at = {(float)area.x, (float)area.y};
    if (pose || !SDL_RenderTargetSupported(a->ren)) {
        draw_pieces(a, view, v, at, pose);
        return;
    }
    if (!v->rest || v->rest_size != area.w || memcmp(&v->rest_field, &field, sizeof field)) {
        drop(&v->rest);
        v->rest = SDL_CreateTexture(a->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                    area.w, area.w);
        draw_count_upload();
        if (!v->rest) {
            draw_pieces(a, view, v, at, NULL);
            return;
        }
        v->rest_size = area.w;
        v->rest_field = field;
        draw_flush(); /* shapes batched so far belong to the target before this one */
        SDL_Texture *was = SDL_GetRenderTarget(a->ren);
        SDL_Rect clip;
        SDL_RenderGetClipRect(a->ren, &clip);
        SDL_SetRenderTarget(a->ren, v->rest);
        SDL_SetRenderDrawColor(a->ren, field.r, field.g, field.b, 255);
        SDL_RenderClear(a->ren);
        draw_pieces(a, view, v, (SDL_FPoint){0, 0}, NULL);
        SDL_SetRenderTarget(a->ren, was);
        if (clip.w) SDL_RenderSetClipRect(a->ren, &clip);
    }
    draw_copy(a->ren, v->rest, NULL, &area);
}

/* How much of the hand's fill shows inside a see-through disc (its rim fades to whole;
 * the outline stays whole, so the hand keeps its shape). */
#define ART_CLEAR_KEEP 0.3f

/* Make the discs of the hand's picture `s` (`size` square) see-through. */
static void clear_discs(SDL_Surface *s, const rig_disc *discs, size_t n, int size)
{
    if (n == 0) return;
    /* how much of each pixel to keep: the least any disc leaves */
    float *keep = malloc(sizeof(float) * (size_t)s->w * (size_t)s->h);
    if (!keep) return;
    for (int i = 0; i < s->w * s->h; i++)
        keep[i] = 1.0f;
    for (size_t k = 0; k < n; k++) {
        float cx = discs[k].x * size, cy = discs[k].y * size, r = discs[k].r * size;
        int x0 = (int)(cx - r), x1 = (int)(cx + r) + 1, y0 = (int)(cy - r), y1 = (int)(cy + r) + 1;
        for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < s->h; y++)
            for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < s->w; x++) {
                float dx = x + 0.5f - cx, dy = y + 0.5f - cy, d2 = dx * dx + dy * dy;
                if (d2 >= r * r) continue;
                float t = (SDL_sqrtf(d2) / r - 0.7f) / 0.3f; /* the rim: 0 to 1 */
                float kp = t <= 0 ? ART_CLEAR_KEEP : ART_CLEAR_KEEP + (1 - ART_CLEAR_KEEP) * t;
                float *at = &keep[y * s->w + x];
                if (kp < *at) *at = kp;
            }
    }
    const SDL_PixelFormat *f = s->format;
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++) {
            float kp = keep[y * s->w + x];
            if (kp >= 1.0f) continue;
            Uint8 cr, cg, cb, ca;
            SDL_GetRGBA(row[x], f, &cr, &cg, &cb, &ca);
            if (cr + cg + cb < 3 * 0x78) continue; /* the outline stays */
            row[x] = SDL_MapRGBA(f, cr, cg, cb, (Uint8)(ca * kp + 0.5f));
        }
    }
    SDL_UnlockSurface(s);
    free(keep);
}

void art_prepare_hand(art *a, int size, stroke_contact contact)
{
    if (!a->rg->hand_art || size < 4 || (unsigned)contact >= CONTACT_COUNT ||
        a->hand_size[contact] == size)
        return;
    char why[160];
    SDL_Surface *s = rasterise(a->rg, a->rg->hand_art, size, why, sizeof why);
    if (s) clear_discs(s, a->rg->clear[contact], a->rg->nclear[contact], size);
    for (int i = 0; i < 2; i++) {
        drop(&a->hand[i][contact]);
        art_piece p = {0};
        if (s) piece_of(a, s, NULL, size, i == 1, &p);
        a->hand[i][contact] = p.tex;
    }
    if (s) SDL_FreeSurface(s);
    a->hand_size[contact] = size;
}

void art_draw_run_on(art *a, stroke_view view, SDL_Rect area, SDL_Rect panel)
{
    if ((unsigned)view >= VIEW_COUNT || area.w <= 2) return;
    unsigned cut = a->rg->views[view].cut;
    if (!cut) return;
    art_view *v = pieces(a, view, area.w);
    const art_piece *b = &v->base;
    if (!b->tex) return;
    int size = v->size;
    /* the row (or column) of pixels one in from the edge, drawn on to the panel's edge;
     * only where the picture reaches that edge */
    int below = panel.y + panel.h - (area.y + area.h),
        right = panel.x + panel.w - (area.x + area.w);
    struct {
        unsigned bit;
        bool reaches;
        SDL_Rect src, dst;
    } runs[] = {
        {RIG_CUT_TOP,
         b->crop.y == 0,
         {0, 1, b->crop.w, 1},
         {area.x + b->crop.x, panel.y, b->crop.w, area.y - panel.y}},
        {RIG_CUT_BOTTOM,
         b->crop.y + b->crop.h == size,
         {0, b->crop.h - 2, b->crop.w, 1},
         {area.x + b->crop.x, area.y + area.h, b->crop.w, below}},
        {RIG_CUT_LEFT,
         b->crop.x == 0,
         {1, 0, 1, b->crop.h},
         {panel.x, area.y + b->crop.y, area.x - panel.x, b->crop.h}},
        {RIG_CUT_RIGHT,
         b->crop.x + b->crop.w == size,
         {b->crop.w - 2, 0, 1, b->crop.h},
         {area.x + area.w, area.y + b->crop.y, right, b->crop.h}},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
        if ((cut & runs[i].bit) && runs[i].reaches && runs[i].dst.w > 0 && runs[i].dst.h > 0)
            draw_copy(a->ren, b->tex, &runs[i].src, &runs[i].dst);
}

void art_prepare_view(art *a, stroke_view view, int size)
{
    if ((unsigned)view < VIEW_COUNT && size > 0) pieces(a, view, size);
}

void art_draw_hand(art *a, SDL_FPoint at, int size, bool left, stroke_contact contact, float reach,
                   float alpha)
{
    if ((unsigned)contact >= CONTACT_COUNT) return;
    art_prepare_hand(a, size, contact);
    SDL_Texture *t = a->hand[left ? 0 : 1][contact];
    if (!t) return;
    const float *c = a->rg->contact[contact];
    float cx = left ? c[0] : 1.0f - c[0];
    SDL_FRect r = {at.x - cx * size, at.y - c[1] * size, (float)size, (float)size};
    SDL_SetTextureAlphaMod(t, (Uint8)(alpha * 255.0f));
    SDL_FPoint centre = {cx * size, c[1] * size};
    draw_copy_turned(a->ren, t, &r, reach, &centre, false);
}
