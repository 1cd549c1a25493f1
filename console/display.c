/* display.c: see display.h. (Placeholder: a calm empty screen until the scenes land.) */
#include "display.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

struct display {
    SDL_Window *win;
    SDL_Renderer *ren;
};

display *display_create(const display_config *cfg, char *err, size_t errlen)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "%s", SDL_GetError());
        return NULL;
    }
    display *d = calloc(1, sizeof(*d));
    if (!d) return NULL;
    int w = cfg->width ? cfg->width : 1280, h = cfg->height ? cfg->height : 720;
    Uint32 flags = cfg->window ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
    d->win =
        SDL_CreateWindow("Nurture", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (d->win) d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_PRESENTVSYNC);
    if (!d->win || !d->ren) {
        snprintf(err, errlen, "%s", SDL_GetError());
        display_destroy(d);
        return NULL;
    }
    return d;
}

void display_destroy(display *d)
{
    if (!d) return;
    if (d->ren) SDL_DestroyRenderer(d->ren);
    if (d->win) SDL_DestroyWindow(d->win);
    free(d);
}

void display_on_session_event(display *d, const session_event *ev, int64_t now_ms)
{
    (void)d, (void)ev, (void)now_ms;
}

void display_draw(display *d, const display_frame *f)
{
    (void)f;
    SDL_SetRenderDrawColor(d->ren, 0xF3, 0xEA, 0xDC, 0xFF);
    SDL_RenderClear(d->ren);
    SDL_RenderPresent(d->ren);
}

bool display_animating(const display *d, const display_frame *f)
{
    (void)d, (void)f;
    return false;
}

void display_toggle_fullscreen(display *d)
{
    Uint32 fs = SDL_GetWindowFlags(d->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(d->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
}

int display_save_png(display *d, const char *path, char *err, size_t errlen)
{
    (void)d, (void)path;
    snprintf(err, errlen, "not available yet");
    return -1;
}
