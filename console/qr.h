/* qr.h: a QR code (libqrencode) as a texture of one pixel per module, with the quiet
 * zone of four modules, to be scaled by a whole number with nearest-pixel sampling so
 * every module stays crisp. Main thread only. */
#ifndef NURTURE_QR_H
#define NURTURE_QR_H

#include <SDL.h>

/* The QR code of `text`, dark on a light field, or NULL. `*modules` gets its width in
 * modules, quiet zone included. */
SDL_Texture *qr_texture(SDL_Renderer *r, const char *text, int *modules);

#endif
