/* art.c: see art.h. */
#include "screen/art.h"

#include <SDL_image.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/draw.h"

#define ART_CHECK_SIZE 32 /* what art_check rasterises each file at */
#define ART_COARSE     64 /* a part's box is found on a picture this size first */
#define ART_MARGIN     2  /* coarse pixels kept around it (a thin edge they may miss) */

typedef struct art_piece {
    SDL_Texture *tex;
    SDL_Rect crop; /* where it sits in the view's square, in pixels (after any flip) */
} art_piece;

typedef struct art_view {
    int size;                       /* the square's side the pieces were made for */
    art_piece base;                 /* the view's own art, cropped */
    art_piece parts[RIG_MAX_PARTS]; /* each part, cropped */
    SDL_Texture *rest;              /* base and parts at rest, over `field` */
    int rest_size;
    SDL_Color rest_field;
} art_view;

struct art {
    SDL_Renderer *ren;
    const rig *rg;
    art_view views[VIEW_COUNT];
    /* the left hand and the right one (its mirror image), cropped, see-through where
     * each contact works */
    art_piece hand[2][CONTACT_COUNT];
    int hand_size[CONTACT_COUNT]; /* the size each contact's pair was made at */
};

/* An art file's bytes (NUL-terminated), or NULL with `why` said. */
static char *read_art(const rig *rg, const char *name, size_t *len, char *why, size_t whylen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", rg->dir, name);
    char *bytes = SDL_LoadFile(path, len);
    if (!bytes) snprintf(why, whylen, "cannot be read");
    return bytes;
}

/* SDL_image's picture as 32-bit pixels with alpha (it gives those: others converted). */
static SDL_Surface *with_alpha(SDL_Surface *s, char *why, size_t whylen)
{
    if (!s || (SDL_ISPIXELFORMAT_ALPHA(s->format->format) && s->format->BytesPerPixel == 4))
        return s;
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (!c) snprintf(why, whylen, "cannot be converted: %s", SDL_GetError());
    return c;
}

/* The drawing `bytes` rasterised `size` pixels square. Only what looks like SVG goes to
 * the parser (which leaks on other bytes). */
static SDL_Surface *rasterise_whole(const char *bytes, size_t len, int size, char *why,
                                    size_t whylen)
{
    SDL_Surface *s = NULL;
    if (len > 0 && strstr(bytes, "<svg")) {
        SDL_RWops *rw = SDL_RWFromConstMem(bytes, (int)len);
        if (rw) {
            s = IMG_LoadSizedSVG_RW(rw, size, size);
            SDL_RWclose(rw);
        }
    }
    if (!s) {
        snprintf(why, whylen, len > 0 ? "is not an SVG drawing SDL_image can read" : "is empty");
        return NULL;
    }
    return with_alpha(s, why, whylen);
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

/* --- A part of a drawing: its root element's canvas moved to the part's box -------
 *
 * nanosvg (inside SDL_image) clears, fills and un-premultiplies its whole canvas, so a
 * limb rasterised over the view's square costs the square. Its canvas is the root
 * element's width, height and viewBox: the same drawing with a viewBox of only the
 * part's box (in the drawing's units) and a width and height of the box's pixels
 * rasterises at the same scale, each pixel where it was, over the box alone. The root
 * element is found and rewritten with expat; a root whose canvas is not a plain square
 * (units other than px, a viewBox of another shape) is rasterised whole. */

typedef struct root_edit {
    XML_Parser parser;
    SDL_Rect box; /* in pixels of the `size` square */
    int size;
    long at, len;   /* the root's start tag in the bytes, when found */
    char tag[2048]; /* its replacement */
    bool ok;
} root_edit;

/* A length in px (a number, or one ending in "px"), or -1. */
static double px_length(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (end == v || (*end && strcmp(end, "px"))) return -1;
    return x;
}

static bool add_text(char *out, size_t cap, size_t *n, const char *text)
{
    size_t k = strlen(text);
    if (*n + k >= cap) return false;
    memcpy(out + *n, text, k + 1);
    *n += k;
    return true;
}

/* ` name="value"`, the value escaped again (expat gave it decoded). */
static bool add_attribute(char *out, size_t cap, size_t *n, const char *name, const char *value)
{
    bool fits =
        add_text(out, cap, n, " ") && add_text(out, cap, n, name) && add_text(out, cap, n, "=\"");
    for (const char *c = value; fits && *c; c++) {
        char one[2] = {*c, 0};
        fits = add_text(out, cap, n,
                        *c == '&'   ? "&amp;"
                        : *c == '<' ? "&lt;"
                        : *c == '"' ? "&quot;"
                                    : one);
    }
    return fits && add_text(out, cap, n, "\"");
}

static void XMLCALL on_root(void *data, const XML_Char *name, const XML_Char **atts)
{
    root_edit *e = data;
    long at = XML_GetCurrentByteIndex(e->parser), len = XML_GetCurrentByteCount(e->parser);
    XML_StopParser(e->parser, XML_FALSE); /* only the root element is wanted */
    if (strcmp(name, "svg")) return;
    double w = -1, h = -1, vb[4] = {0};
    int nvb = 0;
    for (int i = 0; atts[i]; i += 2) {
        if (!strcmp(atts[i], "width")) w = px_length(atts[i + 1]);
        if (!strcmp(atts[i], "height")) h = px_length(atts[i + 1]);
        if (!strcmp(atts[i], "viewBox")) {
            const char *c = atts[i + 1];
            for (nvb = 0; nvb < 4; nvb++) {
                char *end;
                while (*c == ' ' || *c == ',')
                    c++;
                vb[nvb] = strtod(c, &end);
                if (end == c) break;
                c = end;
            }
        }
    }
    if (w <= 0 || w != h || nvb != 4 || vb[2] <= 0 || vb[2] != vb[3]) return;
    size_t n = 0;
    bool fits = add_text(e->tag, sizeof e->tag, &n, "<svg");
    for (int i = 0; fits && atts[i]; i += 2)
        if (strcmp(atts[i], "width") && strcmp(atts[i], "height") && strcmp(atts[i], "viewBox"))
            fits = add_attribute(e->tag, sizeof e->tag, &n, atts[i], atts[i + 1]);
    double unit = vb[2] / e->size; /* the drawing's units per pixel */
    char canvas[160];
    snprintf(canvas, sizeof canvas, " width=\"%d\" height=\"%d\" viewBox=\"%.9g %.9g %.9g %.9g\">",
             e->box.w, e->box.h, vb[0] + e->box.x * unit, vb[1] + e->box.y * unit, e->box.w * unit,
             e->box.h * unit);
    if (!fits || !add_text(e->tag, sizeof e->tag, &n, canvas)) return;
    e->at = at;
    e->len = len;
    e->ok = at >= 0 && len > 0;
}

/* The drawing `bytes` (`size` square) rasterised over `box` only, or NULL when its
 * root element cannot be moved (the caller rasterises it whole). */
static SDL_Surface *rasterise_box(const char *bytes, size_t len, int size, SDL_Rect box)
{
    root_edit e = {.box = box, .size = size};
    e.parser = XML_ParserCreate(NULL);
    if (!e.parser) return NULL;
    XML_SetUserData(e.parser, &e);
    XML_SetStartElementHandler(e.parser, on_root);
    XML_Parse(e.parser, bytes, (int)len, XML_TRUE);
    XML_ParserFree(e.parser);
    if (!e.ok || (size_t)(e.at + e.len) > len) return NULL;
    size_t tag = strlen(e.tag), rest = len - (size_t)(e.at + e.len);
    char *moved = malloc((size_t)e.at + tag + rest + 1);
    if (!moved) return NULL;
    memcpy(moved, bytes, (size_t)e.at);
    memcpy(moved + e.at, e.tag, tag);
    memcpy(moved + e.at + tag, bytes + e.at + e.len, rest);
    moved[e.at + tag + rest] = '\0';
    SDL_Surface *s = NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(moved, (int)((size_t)e.at + tag + rest));
    if (rw) {
        s = IMG_LoadSizedSVG_RW(rw, box.w, box.h);
        SDL_RWclose(rw);
    }
    free(moved);
    char why[160];
    s = with_alpha(s, why, sizeof why);
    if (s && (s->w != box.w || s->h != box.h)) { /* not the canvas asked for: not used */
        SDL_FreeSurface(s);
        s = NULL;
    }
    return s;
}

static int check_file(const rig *rg, const char *name, diag *d)
{
    char why[160] = "", path[4096];
    snprintf(path, sizeof path, "%s/%s", rg->dir, name);
    size_t len = 0;
    char *bytes = read_art(rg, name, &len, why, sizeof why);
    SDL_Surface *s = bytes ? rasterise_whole(bytes, len, ART_CHECK_SIZE, why, sizeof why) : NULL;
    SDL_free(bytes);
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

static int check_main(void *data)
{
    art_check_job *job = data;
    job->result = art_check(job->rg, &job->d);
    return 0;
}

/* An SDL thread, not a bare one: SDL frees what it keeps per thread (the text of
 * SDL_GetError) when its own threads end. */
void art_check_start(art_check_job *job, const rig *rg)
{
    *job = (art_check_job){.rg = rg};
    diag_init(&job->d);
    job->thread = SDL_CreateThread(check_main, "nurture-art", job);
    if (!job->thread) check_main(job); /* no thread to be had: the check now, here */
}

int art_check_join(art_check_job *job, diag *out)
{
    if (job->thread) SDL_WaitThread(job->thread, NULL);
    job->thread = NULL;
    *out = job->d;
    diag_init(&job->d);
    return job->result;
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
        drop(&a->hand[0][c].tex);
        drop(&a->hand[1][c].tex);
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

/* A drawing's picture at `size`, cropped to what it draws: the pixels of `crop` (its
 * box in the `size` square) are at `inner` in `s`. */
typedef struct art_pic {
    SDL_Surface *s;
    SDL_Rect inner, crop;
} art_pic;

/* A coordinate of a coarse picture (ART_COARSE square) in the `size` square. */
static int from_coarse(int c, int size, bool up)
{
    if (c <= 0) return 0;
    if (c >= ART_COARSE) return size;
    return (c * size + (up ? ART_COARSE - 1 : 0)) / ART_COARSE;
}

/* The file `name` rasterised at `size`, cropped to what it draws: its box is found on a
 * coarse picture first, then only that box (with a margin) is rasterised at `size`.
 * False when it cannot be read or draws nothing. */
static bool picture(const rig *rg, const char *name, int size, art_pic *out)
{
    char why[160];
    size_t len = 0;
    char *bytes = read_art(rg, name, &len, why, sizeof why);
    if (!bytes) return false;
    SDL_Rect box = {0, 0, size, size};
    SDL_Surface *s = NULL;
    if (size > 2 * ART_COARSE) {
        SDL_Surface *coarse = rasterise_whole(bytes, len, ART_COARSE, why, sizeof why);
        SDL_Rect c = coarse ? drawn_box(coarse) : (SDL_Rect){0, 0, 0, 0};
        if (coarse) SDL_FreeSurface(coarse);
        if (c.w == 0) {
            SDL_free(bytes);
            return false;
        }
        int x0 = from_coarse(c.x - ART_MARGIN, size, false);
        int y0 = from_coarse(c.y - ART_MARGIN, size, false);
        int x1 = from_coarse(c.x + c.w + ART_MARGIN, size, true);
        int y1 = from_coarse(c.y + c.h + ART_MARGIN, size, true);
        box = (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
        if (box.w < size || box.h < size) s = rasterise_box(bytes, len, size, box);
    }
    if (!s) {
        box = (SDL_Rect){0, 0, size, size};
        s = rasterise_whole(bytes, len, size, why, sizeof why);
    }
    SDL_free(bytes);
    if (!s) return false;
    SDL_Rect d = drawn_box(s);
    if (d.w == 0) {
        SDL_FreeSurface(s);
        return false;
    }
    *out = (art_pic){s, d, {box.x + d.x, box.y + d.y, d.w, d.h}};
    return true;
}

SDL_Surface *art_rasterise(const rig *rg, const char *name, int size, SDL_Rect *crop)
{
    art_pic p;
    if (!picture(rg, name, size, &p)) return NULL;
    SDL_Surface *c =
        SDL_CreateRGBSurfaceWithFormat(0, p.inner.w, p.inner.h, 32, p.s->format->format);
    if (c) {
        SDL_SetSurfaceBlendMode(p.s, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(p.s, &p.inner, c, NULL);
        *crop = p.crop;
    }
    SDL_FreeSurface(p.s);
    return c;
}

/* A piece of the picture `p` (of a `size` square), mirrored when `flip`. */
static void piece_of(art *a, const art_pic *p, int size, bool flip, art_piece *out)
{
    out->tex = texture_of(a->ren, p->s, p->inner, flip);
    out->crop = p->crop;
    if (flip) out->crop.x = size - (p->crop.x + p->crop.w);
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
    art_pic p;
    if (picture(a->rg, rv->art, size, &p)) {
        piece_of(a, &p, size, false, &v->base);
        SDL_FreeSurface(p.s);
    }
    bool made[RIG_MAX_PARTS] = {false};
    for (size_t i = 0; i < rv->nparts; i++) {
        if (made[i] || !picture(a->rg, rv->parts[i].art, size, &p)) continue;
        for (size_t k = i; k < rv->nparts; k++) {
            if (made[k] || strcmp(rv->parts[k].art, rv->parts[i].art)) continue;
            piece_of(a, &p, size, rv->parts[k].flip, &v->parts[k]);
            made[k] = true;
        }
        SDL_FreeSurface(p.s);
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
            const SDL_Rect *c = &v->base.crop;
            SDL_FRect r = {origin.x + (float)c->x, origin.y + (float)c->y, (float)c->w,
                           (float)c->h};
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

/* Make the discs of the hand's picture see-through: `s` holds part of the `size` square,
 * its pixel (x, y) being the square's (x + off.x, y + off.y). */
static void clear_discs(SDL_Surface *s, SDL_Point off, const rig_disc *discs, size_t n, int size)
{
    if (n == 0) return;
    /* how much of each pixel to keep: the least any disc leaves */
    float *keep = malloc(sizeof(float) * (size_t)s->w * (size_t)s->h);
    if (!keep) return;
    for (int i = 0; i < s->w * s->h; i++)
        keep[i] = 1.0f;
    for (size_t k = 0; k < n; k++) {
        /* the disc's centre in the surface's pixels (the square's, less the offset) */
        float cx = discs[k].x * size - (float)off.x, cy = discs[k].y * size - (float)off.y,
              r = discs[k].r * size;
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
    for (int i = 0; i < 2; i++)
        drop(&a->hand[i][contact].tex);
    art_pic p;
    if (picture(a->rg, a->rg->hand_art, size, &p)) {
        SDL_Point off = {p.crop.x - p.inner.x, p.crop.y - p.inner.y};
        clear_discs(p.s, off, a->rg->clear[contact], a->rg->nclear[contact], size);
        for (int i = 0; i < 2; i++)
            piece_of(a, &p, size, i == 1, &a->hand[i][contact]);
        SDL_FreeSurface(p.s);
    }
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
    const art_piece *h = &a->hand[left ? 0 : 1][contact];
    if (!h->tex) return;
    const float *c = a->rg->contact[contact];
    float cx = left ? c[0] : 1.0f - c[0];
    /* the hand's square, the contact on `at`; the picture is the part of it drawn */
    float sx = at.x - cx * size, sy = at.y - c[1] * size;
    SDL_FRect r = {sx + (float)h->crop.x, sy + (float)h->crop.y, (float)h->crop.w,
                   (float)h->crop.h};
    SDL_SetTextureAlphaMod(h->tex, (Uint8)(alpha * 255.0f));
    SDL_FPoint centre = {cx * size - (float)h->crop.x, c[1] * size - (float)h->crop.y};
    draw_copy_turned(a->ren, h->tex, &r, reach, &centre, false);
}
