/* render_offscreen.c: the renderers the Pi draws with, without a screen. For each
 * renderer named on the command line ("opengles2", "software"): an SDL window on the
 * video driver of $SDL_VIDEODRIVER (the tests use "offscreen": EGL through Mesa), the
 * renderer asked for by name as the kiosk does (SDL_RENDER_DRIVER), a frame drawn with
 * a clear, filled rectangles, a blended rectangle and a texture, then read back and
 * checked pixel by pixel.
 *
 *   render_offscreen opengles2 software      exit 0 when every renderer drew right */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testing.h"

enum { W = 320, H = 180 };

static const char *renderer_name;

static Uint32 pixel_at(const Uint32 *px, int x, int y)
{
    return px[y * W + x] & 0xFFFFFFu; /* RGB888 in an ARGB8888 word */
}

static int near(Uint32 got, Uint32 want)
{
    for (int shift = 0; shift < 24; shift += 8) {
        int a = (int)((got >> shift) & 0xFF), b = (int)((want >> shift) & 0xFF);
        if (abs(a - b) > 3) return 0;
    }
    return 1;
}

#define CHECK_PIXEL(px, x, y, want)                                                                \
    do {                                                                                           \
        Uint32 got_ = pixel_at(px, x, y);                                                          \
        if (!near(got_, want)) {                                                                   \
            fprintf(stderr, "%s:%d: %s: pixel (%d,%d) is %06X, expected %06X\n", __FILE__,         \
                    __LINE__, renderer_name, x, y, (unsigned)got_, (unsigned)(want));              \
            testing_failures_in_case++;                                                            \
        }                                                                                          \
    } while (0)

TEST(test_render__draws_and_reads_back)
{
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, renderer_name);
    SDL_Window *win = SDL_CreateWindow("Nurture render check", 0, 0, W, H, 0);
    CHECK(win != NULL);
    if (!win) {
        fprintf(stderr, "no window: %s\n", SDL_GetError());
        return;
    }
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, 0);
    CHECK(ren != NULL);
    if (!ren) {
        fprintf(stderr, "no %s renderer: %s\n", renderer_name, SDL_GetError());
        SDL_DestroyWindow(win);
        return;
    }
    SDL_RendererInfo info;
    CHECK(SDL_GetRendererInfo(ren, &info) == 0);
    /* SDL falls back to another renderer silently: make sure it is the one asked for. */
    CHECK_STR(info.name, renderer_name);
    printf("%s: SDL picked the '%s' renderer on the '%s' video driver\n", renderer_name, info.name,
           SDL_GetCurrentVideoDriver());

    /* The room's colours: cream background, terracotta and sage shapes. */
    SDL_SetRenderDrawColor(ren, 0xF3, 0xEA, 0xDC, 0xFF);
    SDL_RenderClear(ren);
    SDL_SetRenderDrawColor(ren, 0xC8, 0x6B, 0x4E, 0xFF);
    SDL_RenderFillRect(ren, &(SDL_Rect){20, 20, 100, 60});
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ren, 0x00, 0x00, 0x00, 0x80); /* half black over the cream */
    SDL_RenderFillRect(ren, &(SDL_Rect){200, 20, 60, 60});
    /* A texture (how text and images reach the screen): 2x2 sage, scaled up. */
    Uint32 tex_px[4] = {0xFF8FA98Fu, 0xFF8FA98Fu, 0xFF8FA98Fu, 0xFF8FA98Fu};
    SDL_Texture *tex =
        SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 2, 2);
    CHECK(tex != NULL);
    if (tex) {
        SDL_UpdateTexture(tex, NULL, tex_px, 2 * 4);
        SDL_RenderCopy(ren, tex, NULL, &(SDL_Rect){40, 110, 80, 40});
    }
    static Uint32 px[W * H];
    memset(px, 0, sizeof px);
    CHECK(SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, W * 4) == 0);
    CHECK_PIXEL(px, 5, 5, 0xF3EADCu);     /* background */
    CHECK_PIXEL(px, 300, 170, 0xF3EADCu); /* the far corner */
    CHECK_PIXEL(px, 70, 50, 0xC86B4Eu);   /* inside the rectangle */
    CHECK_PIXEL(px, 19, 50, 0xF3EADCu);   /* just outside it */
    CHECK_PIXEL(px, 119, 79, 0xC86B4Eu);  /* its last pixel */
    CHECK_PIXEL(px, 120, 80, 0xF3EADCu);  /* and just past it */
    CHECK_PIXEL(px, 230, 50, 0x797570u);  /* blended: half of the cream */
    CHECK_PIXEL(px, 80, 130, 0x8FA98Fu);  /* the texture */
    SDL_RenderPresent(ren);
    if (tex) SDL_DestroyTexture(tex);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: render_offscreen RENDERER...\n");
        return 2;
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "render_offscreen: cannot start SDL video (%s): %s\n",
                getenv("SDL_VIDEODRIVER") ? getenv("SDL_VIDEODRIVER") : "default", SDL_GetError());
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        renderer_name = argv[i];
        testing_run(argv[i], test_render__draws_and_reads_back);
    }
    SDL_Quit();
    return testing_end();
}
