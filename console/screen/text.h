/* text.h: text on the projector, through SDL_ttf, rasterised once and cached.
 *
 * Text is drawn into a box: wrapped at word boundaries (inside a word only when the
 * word alone is wider than the box), and shrunk in steps from its preferred size until
 * every line fits the box's width and the lines fit its height. The result (a texture
 * of the whole block) is cached under the string, font, sizes, colour, alignment and
 * box, so a frame that shows the same text as the last one rasterises nothing; entries
 * not used for a while are dropped. text_rasterised() counts rasterisations, for tests.
 *
 * Fonts: a rounded face for titles (Quicksand) and a legible one for body text (Noto
 * Sans). A string with a character its face lacks is drawn, whole, in the first
 * fallback that has every character (Noto Sans, then DejaVu Sans).
 *
 * Digits for clocks are drawn from cached single glyphs at fixed advances, so a
 * running timer rasterises nothing once its glyphs are cached.
 *
 * Main thread only (it owns SDL textures). The wrapping itself (text_wrap) is pure. */
#ifndef NURTURE_TEXT_H
#define NURTURE_TEXT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum text_font {
    FONT_TITLE,     /* rounded, bold: titles, timers, big numbers */
    FONT_HEADING,   /* rounded, medium weight: labels and list items */
    FONT_BODY,      /* legible: instructions and paragraphs */
    FONT_BODY_BOLD, /* legible, bold: emphasis */
    FONT_COUNT
} text_font;

typedef enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } text_align;

typedef enum text_valign { VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM } text_valign;

typedef struct text_style {
    text_font font;
    int px;     /* preferred size in pixels */
    int min_px; /* smallest size it may shrink to (0: px) */
    SDL_Color color;
    text_align align;   /* of the lines inside the box */
    text_valign valign; /* where the lines sit in the box: top (the default), middle, bottom */
    float line_height;  /* as a multiple of the font's own line skip (0: 1, the skip itself) */
} text_style;

/* What one text_draw did. */
typedef struct text_result {
    SDL_Rect rect; /* the pixels covered */
    int px;        /* the size used */
    int lines;
    bool fits; /* it fits the box at min_px or above */
} text_result;

typedef struct text_cache text_cache;

/* Open the fonts (first found of each face: the data folder's media/fonts, then
 * $NURTURE_FONT_DIR or /usr/share/fonts/truetype). NULL with a message in `err` when a
 * face has no font at all. */
text_cache *text_create(SDL_Renderer *ren, char *err, size_t errlen);
void text_destroy(text_cache *t);
/* When a face's own font was missing and a fallback stands in: a line saying which
 * (for the screen and the journal); NULL when every face has its own font. */
const char *text_font_fallback(const text_cache *t);

/* Call once per frame: drops entries not used for many frames. */
void text_begin_frame(text_cache *t);

/* Draw `s` fitted into `box`, with the texture's alpha scaled by `alpha` (0 to 255). */
text_result text_draw(text_cache *t, const char *s, const text_style *st, SDL_Rect box,
                      Uint8 alpha);

/* Where text_draw would put `s`, without drawing it: the layout is cached, and the
 * block is rasterised only when it is first drawn. */
text_result text_fit(text_cache *t, const char *s, const text_style *st, SDL_Rect box);

/* Draw a clock like "12:05" or "+0:30" from cached glyphs, digits at a fixed advance,
 * with its left (align LEFT), centre or right at x and its top at y. Returns its
 * width. Characters other than digits, ':', '+', '-' and ' ' are skipped. */
int text_draw_clock(text_cache *t, const char *s, text_font font, int px, SDL_Color color, int x,
                    int y, text_align align, Uint8 alpha);
int text_clock_width(text_cache *t, const char *s, text_font font, int px, SDL_Color color);

/* Height of a line of text at `px` in `font` (its line skip). */
int text_line_skip(text_cache *t, text_font font, int px);

/* Number of strings and glyphs rasterised since creation. */
unsigned long text_rasterised(const text_cache *t);

/* --- Wrapping, pure ------------------------------------------------------------- */

typedef struct text_line {
    size_t start, len; /* bytes of the string */
} text_line;

/* Width in pixels of `len` bytes of `s`. */
typedef int (*text_measure_fn)(void *ctx, const char *s, size_t len);

/* Break `s` into lines no wider than `width`: at spaces, at '\n', and inside a word
 * (at a UTF-8 character boundary) only when the word alone is too wide. Spaces at a
 * break are dropped. Writes at most `max` lines; returns the number of lines needed. */
size_t text_wrap(const char *s, int width, text_measure_fn measure, void *ctx, text_line *lines,
                 size_t max);

#endif
