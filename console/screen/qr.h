/* qr.h: a QR code (libqrencode) as a texture of one pixel per module, with the quiet
 * zone of four modules, to be scaled by a whole number with nearest-pixel sampling so
 * every module stays crisp. Main thread only. */
#ifndef NURTURE_QR_H
#define NURTURE_QR_H

#include <SDL.h>

/* The QR code of `text`, dark on a light field, or NULL. `*modules` gets its width in
 * modules, quiet zone included. */
SDL_Texture *qr_texture(SDL_Renderer *r, const char *text, int *modules);

/* The text of a QR code that joins a WPA Wi-Fi network (the WIFI: format phones read),
 * with `\ ; , : "` escaped. Returns 0, or -1 when it does not fit in `size`. */
int qr_wifi_text(const char *ssid, const char *password, char *out, size_t size);

#endif
