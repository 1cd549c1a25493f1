/* test_text: wrapping (pure, with a fixed-width measure), fitting real fonts into
 * boxes, the fallback for scripts a face lacks, and the cache that rasterises a string
 * once. */
#include <SDL.h>
#include <string.h>

#include "testing.h"
#include "screen/text.h"

/* Every byte but UTF-8 continuation bytes is 10 pixels wide. */
static int fixed(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    int w = 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) w += 10;
    return w;
}

static char got[16][64];

static size_t wrap(const char *s, int width)
{
    text_line lines[16];
    size_t n = text_wrap(s, width, fixed, NULL, lines, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        snprintf(got[i], sizeof got[i], "%.*s", (int)lines[i].len, s + lines[i].start);
    return n;
}

TEST(test_text__wraps_at_spaces)
{
    CHECK_INT(wrap("one two three", 80), 2);
    CHECK_STR(got[0], "one two");
    CHECK_STR(got[1], "three");
    CHECK_INT(wrap("one two three", 130), 1);
    CHECK_INT(wrap("   spaced    out   ", 60), 2);
    CHECK_STR(got[0], "spaced");
    CHECK_STR(got[1], "out");
    CHECK_INT(wrap("", 100), 0);
}

TEST(test_text__breaks_a_word_only_when_it_is_too_wide)
{
    CHECK_INT(wrap("a verylongword b", 50), 4);
    CHECK_STR(got[0], "a");
    CHECK_STR(got[1], "veryl");
    CHECK_STR(got[2], "ongwo");
    CHECK_STR(got[3], "rd b");
    /* never inside a UTF-8 character, and always at least one character a line */
    CHECK_INT(wrap("\xCE\xB1\xCE\xB2\xCE\xB3", 10), 3);
    CHECK_STR(got[0], "\xCE\xB1");
    CHECK_INT(wrap("xyz", 1), 3);
}

TEST(test_text__keeps_line_breaks)
{
    CHECK_INT(wrap("first\nsecond line", 200), 2);
    CHECK_STR(got[0], "first");
    CHECK_STR(got[1], "second line");
}

static SDL_Surface *surface;
static SDL_Renderer *ren;

TEST(test_text__fits_the_box_and_shrinks_only_when_needed)
{
    char err[256];
    text_cache *t = text_create(ren, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return;
    text_style st = {.font = FONT_BODY, .px = 40, .min_px = 30, .color = {0x33, 0x26, 0x1E, 255}};
    SDL_Rect wide = {10, 10, 1000, 200};
    text_result r = text_draw(t, "Hands take turns gliding", &st, wide, 255);
    CHECK_INT(r.px, 40);
    CHECK_INT(r.lines, 1);
    CHECK(r.fits);
    SDL_Rect narrow = {10, 10, 300, 200};
    r = text_draw(t, "Hands take turns gliding from hip to ankle", &st, narrow, 255);
    CHECK(r.lines > 1);
    CHECK(r.rect.w <= narrow.w && r.rect.h <= narrow.h);
    SDL_Rect tiny = {10, 10, 300, 60};
    r = text_draw(t, "Hands take turns gliding from hip to ankle, like gently pulling a rope.", &st,
                  tiny, 255);
    CHECK(r.rect.w <= tiny.w && r.rect.h <= tiny.h); /* never spills ... */
    CHECK(!r.fits);                                  /* ... and says it had to go small */
    text_destroy(t);
}

TEST(test_text__draws_a_string_once)
{
    char err[256];
    text_cache *t = text_create(ren, err, sizeof err);
    if (!t) return;
    text_style st = {.font = FONT_TITLE, .px = 50, .color = {0x33, 0x26, 0x1E, 255}};
    SDL_Rect box = {0, 0, 600, 100};
    text_begin_frame(t);
    text_draw(t, "Indian milking", &st, box, 255);
    unsigned long once = text_rasterised(t);
    CHECK(once >= 1);
    for (int i = 0; i < 5; i++) {
        text_begin_frame(t);
        text_draw(t, "Indian milking", &st, box, 255);
    }
    CHECK_INT(text_rasterised(t), once);
    /* clock digits come from cached glyphs: a new time rasterises nothing */
    text_draw_clock(t, "12:34", FONT_TITLE, 50, st.color, 0, 0, ALIGN_LEFT, 255);
    unsigned long glyphs = text_rasterised(t);
    text_draw_clock(t, "+0:59", FONT_TITLE, 50, st.color, 0, 0, ALIGN_LEFT, 255);
    text_draw_clock(t, "7:08", FONT_TITLE, 50, st.color, 0, 0, ALIGN_LEFT, 255);
    CHECK_INT(text_rasterised(t), glyphs);
    CHECK_INT(text_clock_width(t, "10:00", FONT_TITLE, 50, st.color),
              text_clock_width(t, "11:11", FONT_TITLE, 50, st.color));
    text_destroy(t);
}

/* Count pixels of text colour in a box: a string drawn in a fallback font shows. */
static int inked(SDL_Rect r)
{
    SDL_RenderFlush(ren);
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            Uint32 p = ((Uint32 *)((Uint8 *)surface->pixels + y * surface->pitch))[x];
            if (((p >> 8) & 0xFF) < 0x80) n++;
        }
    return n;
}

TEST(test_text__greek_and_cyrillic_fall_back_to_a_face_that_has_them)
{
    char err[256];
    text_cache *t = text_create(ren, err, sizeof err);
    if (!t) return;
    SDL_SetRenderDrawColor(ren, 0xF3, 0xEB, 0xDD, 255);
    SDL_RenderClear(ren);
    text_style st = {.font = FONT_TITLE, .px = 40, .color = {0x33, 0x26, 0x1E, 255}};
    text_result g = text_draw(t, "Καλώς ήρθατε", &st, (SDL_Rect){0, 0, 600, 60}, 255);
    text_result c = text_draw(t, "Добро пожаловать", &st, (SDL_Rect){0, 100, 600, 60}, 255);
    text_result f = text_draw(t, "Accueil · välkommen", &st, (SDL_Rect){0, 200, 600, 60}, 255);
    CHECK(g.rect.w > 150 && c.rect.w > 150 && f.rect.w > 150);
    CHECK(inked(g.rect) > 500);
    CHECK(inked(c.rect) > 500);
    text_destroy(t);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    surface = SDL_CreateRGBSurfaceWithFormat(0, 800, 400, 32, SDL_PIXELFORMAT_ARGB8888);
    ren = SDL_CreateSoftwareRenderer(surface);
    RUN(test_text__wraps_at_spaces);
    RUN(test_text__breaks_a_word_only_when_it_is_too_wide);
    RUN(test_text__keeps_line_breaks);
    RUN(test_text__fits_the_box_and_shrinks_only_when_needed);
    RUN(test_text__draws_a_string_once);
    RUN(test_text__greek_and_cyrillic_fall_back_to_a_face_that_has_them);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surface);
    SDL_Quit();
    return testing_end();
}
