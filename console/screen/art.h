/* art.h: the body drawings, from the SVG files the rig names (media/art/), as textures.
 *
 * Every file is rasterised by SDL_image (IMG_LoadSizedSVG_RW) at the size it is shown
 * at, once, and kept as a texture: crisp on any screen, never an upscaled bitmap. A
 * part's picture is cropped to what it draws, so moving it costs a small copy. A view
 * at rest is composed once (its art and every part) into one texture per size.
 *
 * art_check reads every file the rig names and refuses one that is missing, empty or
 * draws nothing, naming it: the console stops at start on such a file, and --check
 * says the same. Main thread only (it owns its textures). */
#ifndef NURTURE_ART_H
#define NURTURE_ART_H

#include <SDL.h>
#include <stdbool.h>

#include "core/diag.h"
#include "core/rig.h"

typedef struct art art;

art *art_create(SDL_Renderer *ren, const rig *rg);
void art_destroy(art *a);

/* Check that every art file of the rig loads and draws something. Returns 0, or -1
 * after adding a problem naming each bad file to `d`. Needs no renderer. */
int art_check(const rig *rg, diag *d);

/* Draw a view into the square `area` over the colour `field`: at rest when `pose` is
 * NULL (one cached copy), or with its parts where the pose puts them. */
void art_draw_view(art *a, stroke_view view, SDL_Rect area, SDL_Color field, const rig_pose *pose);

/* Where the view is `cut` (rig.h), run its drawing on from `area`'s edge to `panel`'s
 * (the panel around it): the picture's last row of pixels drawn out, so a limb the
 * close-up cuts reaches the panel's edge. */
void art_draw_run_on(art *a, stroke_view view, SDL_Rect area, SDL_Rect panel);

/* Rasterise now (while drawing a cached layer) what later frames only copy: the view's
 * pieces at `size`, the hands (left and right) of `contact` at `size`. */
void art_prepare_view(art *a, stroke_view view, int size);
void art_prepare_hand(art *a, int size, stroke_contact contact);

/* Draw the masseur's hand so that the point of `contact` lands on `at` (pixels),
 * `size` pixels square, seen from above, its fingers pointing `reach` degrees clockwise
 * from up (turned about the contact); `alpha` 0 to 1. The hand is whole but for the
 * rig's see-through discs of that contact, where what is under it shows. */
void art_draw_hand(art *a, SDL_FPoint at, int size, bool left, stroke_contact contact, float reach,
                   float alpha);

#endif
