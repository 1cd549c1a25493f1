/* qr.c: see qr.h. */
#include "screen/qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "screen/draw.h"
#include "screen/theme.h"

#define QUIET 4

SDL_Texture *qr_texture(SDL_Renderer *r, const char *text, int *modules)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return NULL;
    int n = q->width + 2 * QUIET;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Texture *t = NULL;
    if (s) {
        SDL_Color light = THEME_CARD, dark = THEME_INK;
        Uint32 lp = SDL_MapRGBA(s->format, light.r, light.g, light.b, 255);
        Uint32 dp = SDL_MapRGBA(s->format, dark.r, dark.g, dark.b, 255);
        SDL_FillRect(s, NULL, lp);
        for (int y = 0; y < q->width; y++)
            for (int x = 0; x < q->width; x++)
                if (q->data[y * q->width + x] & 1) {
                    Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (y + QUIET) * s->pitch);
                    row[x + QUIET] = dp;
                }
        t = SDL_CreateTextureFromSurface(r, s);
        draw_count_upload();
        if (t) SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
        SDL_FreeSurface(s);
    }
    QRcode_free(q);
    *modules = t ? n : 0;
    return t;
}

/* Copy `s` escaping the characters the WIFI: format reserves; false when out is full. */
static bool put_escaped(const char *s, char **at, const char *end)
{
    for (; *s; s++) {
        bool special = strchr("\\;,:\"", *s) != NULL;
        if (*at + special + 1 >= end) return false;
        if (special) *(*at)++ = '\\';
        *(*at)++ = *s;
    }
    return true;
}

int qr_wifi_text(const char *ssid, const char *password, char *out, size_t size)
{
    char *at = out;
    const char *end = out + size;
    int n = snprintf(out, size, "WIFI:T:WPA;S:");
    if (n < 0 || (size_t)n >= size) return -1;
    at += n;
    if (!put_escaped(ssid, &at, end) || at + 3 >= end) return -1;
    memcpy(at, ";P:", 3);
    at += 3;
    if (!put_escaped(password, &at, end) || at + 3 >= end) return -1;
    memcpy(at, ";;", 3);
    return 0;
}
