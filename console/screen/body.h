/* body.h: the body drawings strokes are animated over, and the massaging hands.
 *
 * Each view (library.h) is drawn in a square `area` whose unit coordinates are those
 * of the stroke paths, with the landmarks of scenes/README.md: simple, friendly,
 * anti-aliased shapes with a soft outline. A drawing is made once per view and size
 * into a texture (when the renderer has render targets) and reused every frame.
 *
 * Main thread only. */
#ifndef NURTURE_BODY_H
#define NURTURE_BODY_H

#include <SDL.h>
#include <stdbool.h>

#include "screen/anim.h"
#include "core/library.h"

typedef struct body_cache body_cache;

body_cache *body_create(SDL_Renderer *ren);
void body_destroy(body_cache *b);

/* Draw the view in `area` (a square, in pixels) over a field of colour `field`. */
void body_draw(body_cache *b, stroke_view view, SDL_Rect area, SDL_Color field);

/* Paint both hands' textures for `area` now (while drawing a layer), so the frames
 * that move them only copy them. */
void body_prepare_hands(body_cache *b, SDL_Rect area);

/* Draw a hand at `pos` (unit coordinates of `area`), seen from above, fingers up. */
void body_draw_hand(body_cache *b, SDL_Rect area, anim_pt pos, bool left, float alpha);

/* The path a hand follows, faint and dotted, with an arrowhead at its end. */
void body_draw_guide(SDL_Renderer *r, SDL_Rect area, const stroke_hand *h, bool mirrored,
                     SDL_Color c);

/* The last moments of a hand's glide, as dots that fade. */
void body_draw_trail(SDL_Renderer *r, SDL_Rect area, const anim_pt *pts, size_t n, SDL_Color c);

/* Draw the view directly (no cache): what body_draw puts in its texture. */
void body_paint(SDL_Renderer *r, stroke_view view, SDL_FRect area);

#endif
