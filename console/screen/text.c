/* text.c: see text.h. */
#include "screen/text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"
#include "screen/draw.h"

#define ENTRIES       384  /* cached text blocks */
#define GLYPH_SETS    16   /* cached clock glyph sets */
#define STALE_FRAMES  1200 /* an entry unused this long may go */
#define MAX_TEXT      1500 /* longer strings are cut (no plan needs that much) */
#define MAX_LINES     64
#define SHRINK        0.93f
#define SMALLEST_PX   8
#define FALLBACKS     3
#define CLOCK_GLYPHS  "0123456789:+- "
#define NCLOCK_GLYPHS (sizeof(CLOCK_GLYPHS) - 1)

typedef struct entry {
    uint64_t hash;
    char *str; /* NULL: free slot */
    text_style st;
    int box_w, box_h;
    int font_index;   /* which font of the fallback chain */
    text_line *lines; /* the layout, kept until the block is drawn */
    size_t nlines;
    bool drawn; /* rasterised (tex may still be NULL for an empty block) */
    SDL_Texture *tex;
    int tw, th;
    text_result fit; /* rect relative to the box's top left */
    unsigned long last_used;
} entry;

typedef struct glyph_set {
    bool used;
    text_font font;
    int px;
    SDL_Color color;
    SDL_Texture *tex[NCLOCK_GLYPHS];
    int w[NCLOCK_GLYPHS], h;
    int digit_advance;
    unsigned long last_used;
} glyph_set;

struct text_cache {
    SDL_Renderer *ren;
    TTF_Font *fonts[FONT_COUNT][FALLBACKS]; /* face, then its fallbacks (NULL if none) */
    entry entries[ENTRIES];
    glyph_set glyphs[GLYPH_SETS];
    unsigned long frame;
    unsigned long rasterised;
    char buf[MAX_TEXT + 8]; /* a NUL-terminated piece of a string being measured */
    char fallback[200];     /* which face's font was missing, "" when none */
};

/* The font files of each face, first found wins: the data folder's media/fonts (for a
 * bundled copy), then Debian's packages (fonts-quicksand, fonts-noto-core,
 * fonts-dejavu-core). */
static const char *const face_files[FONT_COUNT][FALLBACKS] = {
    [FONT_TITLE] = {"quicksand/Quicksand-Bold.ttf", "noto/NotoSans-Bold.ttf",
                    "dejavu/DejaVuSans-Bold.ttf"},
    [FONT_HEADING] = {"quicksand/Quicksand-Bold.ttf", "noto/NotoSans-Regular.ttf",
                      "dejavu/DejaVuSans.ttf"},
    [FONT_BODY] = {"noto/NotoSans-Regular.ttf", "dejavu/DejaVuSans.ttf", NULL},
    [FONT_BODY_BOLD] = {"noto/NotoSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf", NULL},
};

static TTF_Font *open_face(const char *rel)
{
    char path[4200];
    const char *base = strrchr(rel, '/');
    snprintf(path, sizeof path, "%s/media/fonts/%s", paths_data_dir(), base ? base + 1 : rel);
    TTF_Font *f = TTF_OpenFont(path, 24);
    if (!f) {
        const char *dir = getenv("NURTURE_FONT_DIR");
        snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/fonts/truetype", rel);
        f = TTF_OpenFont(path, 24);
    }
    if (f) TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    SDL_ClearError(); /* a missing bundled copy is no error */
    return f;
}

text_cache *text_create(SDL_Renderer *ren, char *err, size_t errlen)
{
    /* counted: every cache's TTF_Quit matches its own TTF_Init */
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    text_cache *t = calloc(1, sizeof(*t));
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->ren = ren;
    for (int f = 0; f < FONT_COUNT; f++) {
        int n = 0;
        for (int k = 0; k < FALLBACKS; k++) {
            if (!face_files[f][k]) continue;
            TTF_Font *font = open_face(face_files[f][k]);
            if (font) t->fonts[f][n++] = font;
            if (font && k > 0 && n == 1 && !t->fallback[0]) { /* the first found stands in */
                const char *want = strrchr(face_files[f][0], '/') + 1;
                const char *got = strrchr(face_files[f][k], '/') + 1;
                snprintf(t->fallback, sizeof t->fallback,
                         "The font %s is missing: the screen uses %s instead", want, got);
            }
        }
        if (n == 0) {
            snprintf(err, errlen,
                     "no font found for text (install fonts-quicksand and fonts-noto-core)");
            text_destroy(t);
            return NULL;
        }
    }
    return t;
}

const char *text_font_fallback(const text_cache *t)
{
    return t && t->fallback[0] ? t->fallback : NULL;
}

static void drop_entry(entry *e)
{
    if (e->tex) SDL_DestroyTexture(e->tex);
    free(e->lines);
    free(e->str);
    memset(e, 0, sizeof(*e));
}

static void drop_glyphs(glyph_set *g)
{
    for (size_t i = 0; i < NCLOCK_GLYPHS; i++)
        if (g->tex[i]) SDL_DestroyTexture(g->tex[i]);
    memset(g, 0, sizeof(*g));
}

void text_destroy(text_cache *t)
{
    if (!t) return;
    for (int i = 0; i < ENTRIES; i++)
        if (t->entries[i].str) drop_entry(&t->entries[i]);
    for (int i = 0; i < GLYPH_SETS; i++)
        if (t->glyphs[i].used) drop_glyphs(&t->glyphs[i]);
    for (int f = 0; f < FONT_COUNT; f++)
        for (int k = 0; k < FALLBACKS; k++)
            if (t->fonts[f][k]) TTF_CloseFont(t->fonts[f][k]);
    free(t);
    TTF_Quit();
}

void text_begin_frame(text_cache *t)
{
    t->frame++;
}

unsigned long text_rasterised(const text_cache *t)
{
    return t->rasterised;
}

/* --- Wrapping ---------------------------------------------------------------------- */

static size_t next_char(const char *s, size_t i)
{
    i++;
    while ((s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

size_t text_wrap(const char *s, int width, text_measure_fn measure, void *ctx, text_line *lines,
                 size_t max)
{
    size_t len = strlen(s), pos = 0, n = 0;
    while (pos < len) {
        while (s[pos] == ' ')
            pos++;
        if (pos >= len) break;
        size_t start = pos, end = pos, i = pos;
        while (i < len && s[i] != '\n') {
            size_t j = i;
            while (j < len && s[j] == ' ')
                j++;
            size_t word = j;
            while (j < len && s[j] != ' ' && s[j] != '\n')
                j++;
            if (j == word) break; /* only spaces left on this line */
            if (measure(ctx, s + start, j - start) <= width) {
                end = j;
                i = j;
                continue;
            }
            if (end == start) {
                /* One word wider than the box: break it where it stops fitting. */
                size_t k = next_char(s, start);
                end = k;
                while (k < j) {
                    size_t k2 = next_char(s, k);
                    if (measure(ctx, s + start, k2 - start) > width) break;
                    end = k = k2;
                }
            }
            break;
        }
        if (n < max) lines[n] = (text_line){start, end - start};
        n++;
        pos = end;
        while (pos < len && s[pos] == ' ')
            pos++;
        if (pos < len && s[pos] == '\n') pos++;
    }
    return n;
}

/* --- Fonts and measuring --------------------------------------------------------- */

typedef struct measure_ctx {
    text_cache *t;
    TTF_Font *font;
} measure_ctx;

static const char *piece(text_cache *t, const char *s, size_t len)
{
    if (len > MAX_TEXT) len = MAX_TEXT;
    memcpy(t->buf, s, len);
    t->buf[len] = '\0';
    return t->buf;
}

static int measure_sdl(void *ctx, const char *s, size_t len)
{
    measure_ctx *m = ctx;
    int w = 0, h = 0;
    if (TTF_SizeUTF8(m->font, piece(m->t, s, len), &w, &h) != 0) return 1 << 20;
    return w;
}

static uint32_t decode_utf8(const unsigned char *s, size_t *i)
{
    uint32_t c = s[*i];
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    (*i)++;
    while (extra-- > 0 && (s[*i] & 0xC0) == 0x80)
        c = (c << 6) | (s[(*i)++] & 0x3F);
    return c;
}

/* The first font of the face's chain that has every character of `s`. */
static int pick_font(text_cache *t, text_font face, const char *s)
{
    for (int k = 0; k < FALLBACKS && t->fonts[face][k]; k++) {
        bool all = true;
        for (size_t i = 0; s[i] && all;) {
            uint32_t c = decode_utf8((const unsigned char *)s, &i);
            if (c > ' ' && c != 0xA0 && !TTF_GlyphIsProvided32(t->fonts[face][k], c)) all = false;
        }
        if (all) return k;
    }
    return 0;
}

static float line_factor(const text_style *st)
{
    return st->line_height > 0.0f ? st->line_height : 1.0f;
}

/* Lay `s` out in the box: the size and the lines. */
static int layout(text_cache *t, TTF_Font *font, const char *s, const text_style *st, int box_w,
                  int box_h, text_line *lines, size_t *nlines, int *block_w, int *block_h,
                  bool *fits)
{
    int min_px = st->min_px > 0 ? st->min_px : st->px;
    int px = st->px;
    measure_ctx m = {t, font};
    for (;;) {
        TTF_SetFontSize(font, px);
        size_t n = text_wrap(s, box_w, measure_sdl, &m, lines, MAX_LINES);
        if (n > MAX_LINES) n = MAX_LINES;
        int skip = (int)(TTF_FontLineSkip(font) * line_factor(st) + 0.5f);
        int h = n ? (int)(n - 1) * skip + TTF_FontHeight(font) : 0;
        int w = 0;
        bool wide = false;
        for (size_t i = 0; i < n; i++) {
            int lw = measure_sdl(&m, s + lines[i].start, lines[i].len);
            if (lw > w) w = lw;
            if (lw > box_w) wide = true;
        }
        int next = (int)(px * SHRINK);
        if ((h <= box_h && !wide) || next < SMALLEST_PX) {
            *nlines = n;
            *block_w = w;
            *block_h = h;
            *fits = h <= box_h && !wide && px >= min_px;
            return px;
        }
        px = next;
    }
}

static SDL_Texture *rasterise(text_cache *t, TTF_Font *font, const char *s, const text_style *st,
                              const text_line *lines, size_t n, int bw, int bh)
{
    if (bw <= 0 || bh <= 0) return NULL;
    SDL_Surface *block = SDL_CreateRGBSurfaceWithFormat(0, bw, bh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!block) return NULL;
    SDL_FillRect(block, NULL, SDL_MapRGBA(block->format, st->color.r, st->color.g, st->color.b, 0));
    int skip = (int)(TTF_FontLineSkip(font) * line_factor(st) + 0.5f);
    for (size_t i = 0; i < n; i++) {
        if (lines[i].len == 0) continue;
        SDL_Surface *line =
            TTF_RenderUTF8_Blended(font, piece(t, s + lines[i].start, lines[i].len), st->color);
        if (!line) continue;
        SDL_SetSurfaceBlendMode(line, SDL_BLENDMODE_NONE);
        SDL_Rect at = {0, (int)i * skip, line->w, line->h};
        if (st->align == ALIGN_CENTER) at.x = (bw - line->w) / 2;
        if (st->align == ALIGN_RIGHT) at.x = bw - line->w;
        SDL_BlitSurface(line, NULL, block, &at);
        SDL_FreeSurface(line);
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->ren, block);
    SDL_FreeSurface(block);
    if (tex) SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    t->rasterised++;
    draw_count_upload();
    return tex;
}

static uint64_t hash_style(const char *s, const text_style *st, int w, int h)
{
    uint64_t x = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        x = (x ^ *p) * 1099511628211ULL;
    int v[] = {st->font,    st->px,
               st->min_px,  st->color.r,
               st->color.g, st->color.b,
               st->align,   (int)(st->line_height * 100),
               w,           h};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        x = (x ^ (uint64_t)(unsigned)v[i]) * 1099511628211ULL;
    return x;
}

static bool same_style(const text_style *a, const text_style *b)
{
    return a->font == b->font && a->px == b->px && a->min_px == b->min_px &&
           a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
           a->align == b->align && a->line_height == b->line_height;
}

static entry *free_slot(text_cache *t)
{
    entry *oldest = NULL;
    for (int i = 0; i < ENTRIES; i++) {
        entry *e = &t->entries[i];
        if (!e->str) return e;
        if (e->last_used != t->frame && (!oldest || e->last_used < oldest->last_used)) oldest = e;
    }
    if (!oldest) oldest = &t->entries[0];
    drop_entry(oldest);
    return oldest;
}

static entry *lookup(text_cache *t, const char *s, const text_style *st, SDL_Rect box)
{
    uint64_t h = hash_style(s, st, box.w, box.h);
    for (int i = 0; i < ENTRIES; i++) {
        entry *e = &t->entries[i];
        if (e->str && e->hash == h && e->box_w == box.w && e->box_h == box.h &&
            same_style(&e->st, st) && !strcmp(e->str, s)) {
            e->last_used = t->frame;
            return e;
        }
    }
    /* Let stale entries go before they crowd the table. */
    for (int i = 0; i < ENTRIES; i++) {
        entry *e = &t->entries[i];
        if (e->str && t->frame - e->last_used > STALE_FRAMES) drop_entry(e);
    }
    entry *e = free_slot(t);
    e->str = strdup(s);
    if (!e->str) return NULL;
    e->hash = h;
    e->st = *st;
    e->box_w = box.w;
    e->box_h = box.h;
    e->last_used = t->frame;
    e->font_index = pick_font(t, st->font, s);
    TTF_Font *font = t->fonts[st->font][e->font_index];
    text_line lines[MAX_LINES];
    size_t n = 0;
    int bw = 0, bh = 0;
    bool fits = false;
    int px = layout(t, font, s, st, box.w, box.h, lines, &n, &bw, &bh, &fits);
    /* Measuring is cheap; the block is rasterised only when it is first drawn. */
    e->lines = n ? malloc(n * sizeof(*lines)) : NULL;
    if (e->lines) memcpy(e->lines, lines, n * sizeof(*lines));
    e->nlines = e->lines ? n : 0;
    e->tw = bw;
    e->th = bh;
    e->fit = (text_result){.px = px, .lines = (int)n, .fits = fits};
    return e;
}

/* Rasterise an entry's block the first time it is drawn. */
static void ensure_drawn(text_cache *t, entry *e)
{
    if (e->drawn) return;
    e->drawn = true;
    TTF_Font *font = t->fonts[e->st.font][e->font_index];
    TTF_SetFontSize(font, e->fit.px);
    e->tex = rasterise(t, font, e->str, &e->st, e->lines, e->nlines, e->tw, e->th);
    free(e->lines);
    e->lines = NULL;
    e->nlines = 0;
}

static text_result place(const entry *e, const text_style *st, SDL_Rect box)
{
    text_result r = e->fit;
    r.rect.w = e->tw;
    r.rect.h = e->th;
    r.rect.x = box.x;
    if (st->align == ALIGN_CENTER) r.rect.x = box.x + (box.w - e->tw) / 2;
    if (st->align == ALIGN_RIGHT) r.rect.x = box.x + box.w - e->tw;
    r.rect.y = box.y;
    if (st->valign == VALIGN_MIDDLE) r.rect.y = box.y + (box.h - e->th) / 2;
    if (st->valign == VALIGN_BOTTOM) r.rect.y = box.y + box.h - e->th;
    return r;
}

text_result text_fit(text_cache *t, const char *s, const text_style *st, SDL_Rect box)
{
    text_result none = {.rect = {box.x, box.y, 0, 0}, .px = st->px, .fits = true};
    if (!s || !*s || box.w <= 0 || box.h <= 0) return none;
    entry *e = lookup(t, s, st, box);
    return e ? place(e, st, box) : none;
}

text_result text_draw(text_cache *t, const char *s, const text_style *st, SDL_Rect box, Uint8 alpha)
{
    text_result none = {.rect = {box.x, box.y, 0, 0}, .px = st->px, .fits = true};
    if (!s || !*s || box.w <= 0 || box.h <= 0) return none;
    entry *e = lookup(t, s, st, box);
    if (!e) return none;
    text_result r = place(e, st, box);
    ensure_drawn(t, e);
    if (e->tex && alpha > 0) {
        SDL_SetTextureAlphaMod(e->tex, alpha);
        draw_copy(t->ren, e->tex, NULL, &r.rect);
    }
    return r;
}

int text_line_skip(text_cache *t, text_font font, int px)
{
    TTF_SetFontSize(t->fonts[font][0], px);
    return TTF_FontLineSkip(t->fonts[font][0]);
}

/* --- Clock glyphs ------------------------------------------------------------------ */

static glyph_set *glyphs(text_cache *t, text_font font, int px, SDL_Color color)
{
    glyph_set *oldest = NULL;
    for (int i = 0; i < GLYPH_SETS; i++) {
        glyph_set *g = &t->glyphs[i];
        if (g->used && g->font == font && g->px == px && g->color.r == color.r &&
            g->color.g == color.g && g->color.b == color.b) {
            g->last_used = t->frame;
            return g;
        }
        if (!oldest || !g->used || (oldest->used && g->last_used < oldest->last_used)) oldest = g;
    }
    if (oldest->used) drop_glyphs(oldest);
    glyph_set *g = oldest;
    g->used = true;
    g->font = font;
    g->px = px;
    g->color = color;
    g->last_used = t->frame;
    TTF_Font *f = t->fonts[font][0];
    TTF_SetFontSize(f, px);
    g->h = TTF_FontHeight(f);
    for (size_t i = 0; i < NCLOCK_GLYPHS; i++) {
        char one[2] = {CLOCK_GLYPHS[i], 0};
        int w = 0, h = 0;
        TTF_SizeUTF8(f, one, &w, &h);
        g->w[i] = w;
        if (i < 10 && w > g->digit_advance) g->digit_advance = w;
        if (one[0] == ' ') continue;
        SDL_Surface *s = TTF_RenderUTF8_Blended(f, one, color);
        if (!s) continue;
        g->tex[i] = SDL_CreateTextureFromSurface(t->ren, s);
        if (g->tex[i]) SDL_SetTextureBlendMode(g->tex[i], SDL_BLENDMODE_BLEND);
        g->w[i] = s->w;
        SDL_FreeSurface(s);
        t->rasterised++;
        draw_count_upload();
    }
    return g;
}

static int glyph_index(char c)
{
    const char *p = strchr(CLOCK_GLYPHS, c);
    return p && c ? (int)(p - CLOCK_GLYPHS) : -1;
}

static int advance(const glyph_set *g, int i)
{
    return i < 10 ? g->digit_advance : g->w[i];
}

int text_clock_width(text_cache *t, const char *s, text_font font, int px, SDL_Color color)
{
    glyph_set *g = glyphs(t, font, px, color);
    int w = 0;
    for (const char *p = s; *p; p++) {
        int i = glyph_index(*p);
        if (i >= 0) w += advance(g, i);
    }
    return w;
}

int text_draw_clock(text_cache *t, const char *s, text_font font, int px, SDL_Color color, int x,
                    int y, text_align align, Uint8 alpha)
{
    glyph_set *g = glyphs(t, font, px, color);
    int w = 0;
    for (const char *p = s; *p; p++) {
        int i = glyph_index(*p);
        if (i >= 0) w += advance(g, i);
    }
    if (align == ALIGN_CENTER) x -= w / 2;
    if (align == ALIGN_RIGHT) x -= w;
    for (const char *p = s; *p; p++) {
        int i = glyph_index(*p);
        if (i < 0) continue;
        int adv = advance(g, i);
        if (g->tex[i]) {
            SDL_Rect r = {x + (adv - g->w[i]) / 2, y, g->w[i], g->h};
            SDL_SetTextureAlphaMod(g->tex[i], alpha);
            draw_copy(t->ren, g->tex[i], NULL, &r);
        }
        x += adv;
    }
    return w;
}
