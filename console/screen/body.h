/* body.h: the body drawings strokes are animated over, and the massaging hands.
 *
 * Each view (library.h) is drawn in a square `area` whose unit coordinates are those
 * of the stroke paths, from the rig's SVG art (art.h): made once per view and size
 * into textures and reused every frame; a gentle movement's moving parts are drawn
 * over the view each frame.
 *
 * Main thread only. */
#ifndef NURTURE_BODY_H
#define NURTURE_BODY_H

#include <SDL.h>
#include <stdbool.h>

#include "screen/anim.h"
#include "screen/art.h"
#include "core/library.h"

typedef struct body_cache body_cache;

body_cache *body_create(SDL_Renderer *ren);
void body_destroy(body_cache *b);

/* Draw the view of the rig `rg` in `area` (a square, in pixels) over a field of colour
 * `field`: at rest when `pose` is NULL, else with the baby's parts where it puts them. */
void body_draw(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area, SDL_Color field,
               const rig_pose *pose);

/* Run the view's drawing on from `area` to the edges of `panel` (around it) where the
 * rig says the view is cut: a limb a close-up cuts reaches the panel's edge. */
void body_draw_run_on(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area,
                      SDL_Rect panel);

/* Rasterise the view's parts, the hands working with `contact`, their contact's mark and
 * the dots of their trails for `area` now (while drawing a layer), so the frames that
 * move them only copy them. */
void body_prepare(body_cache *b, const rig *rg, stroke_view view, stroke_contact contact,
                  SDL_Rect area);

/* A masseur's hand over a view. */
typedef struct body_hand {
    anim_pt pos;            /* where its contact touches, unit coordinates of the view */
    bool left;              /* the left hand (the right is its mirror image) */
    stroke_contact contact; /* the part that works */
    float reach;            /* the fingers point this many degrees clockwise from up */
    float alpha;            /* 0 to 1: faded while lifted or waiting */
    anim_pt heading;        /* the way the contact moves (unit coordinates), 0 when still */
} body_hand;

/* The hands of `s` to draw at `phase` of a pass (mirrored: the other side), the view
 * `rv` in `pose` (where a hand that holds a landmark is): writes at most
 * STROKE_MAX_HANDS to `out`, returns how many. */
size_t body_hands_at(const stroke *s, const rig_view *rv, const rig_pose *pose, float phase,
                     bool mirrored, body_hand *out);

/* Draw a hand (rg's hand art) seen from above with its contact on `h->pos` of `area`:
 * whole, and see-through only where that contact works (the rig's discs), so what it
 * touches shows. */
void body_draw_hand(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area,
                    const body_hand *h);

/* Mark the part of a hand that works: the rim of its see-through discs and a dot where
 * it touches, and an arrowhead the way it moves. Drawn after every hand, so that two
 * hands on one spot both show their contact. */
void body_draw_contact(body_cache *b, const rig *rg, stroke_view view, SDL_Rect area,
                       const body_hand *h);

/* The side of a hand's square over the view in `area`, in pixels (the rig's scale). */
int body_hand_size(const rig *rg, stroke_view view, SDL_Rect area);

/* The path a hand follows, faint and dotted, with an arrowhead at its end. */
void body_draw_guide(SDL_Renderer *r, SDL_Rect area, const stroke_hand *h, bool mirrored,
                     SDL_Color c);

/* The last moments of a hand's glide, as dots that fade (copied from textures that
 * body_prepare made for `area`). */
void body_draw_trail(body_cache *b, SDL_Rect area, const anim_pt *pts, size_t n, SDL_Color c);

#endif
