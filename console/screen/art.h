/* art.h: the body drawings, from the SVG files the rig names (media/art/), as textures.
 *
 * Every file is rasterised by SDL_image (IMG_LoadSizedSVG_RW) at the size it is shown
 * at, once, and kept as a texture: crisp on any screen, never an upscaled bitmap. Each
 * picture (a view's art, a part, the hand) is cropped to what it draws, so moving it
 * costs a small copy; and only its box is rasterised: found on a coarse picture first,
 * then the file's canvas (its root element's viewBox, width and height) is moved to that
 * box, so the pixels are the ones the whole square would have had there. A view at rest
 * is composed once (its art and every part) into one texture per size.
 *
 * art_check reads every file the rig names and refuses one that is missing, empty or
 * draws nothing, naming it: the console stops at start on such a file, and --check
 * says the same. art_check_start runs it on a thread of its own, so that the console
 * opens its window meanwhile; the check makes surfaces only (SDL_image, nanosvg), never
 * a texture or a video call, and writes to a diag of its own, handed over at the join.
 * Everything else is main thread only (it owns its textures). */
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

/* art_check on a thread of its own: started by art_check_start, waited for by
 * art_check_join (before anything uses the art, and before SDL_Quit).
 * The rig must stay loaded until the join. Until then the job's diag is the thread's. */
typedef struct art_check_job {
    const rig *rg;
    diag d;             /* the check's problems: the thread's until the join */
    int result;         /* art_check's */
    SDL_Thread *thread; /* the one running it (NULL: it ran at start, when none could) */
} art_check_job;

void art_check_start(art_check_job *job, const rig *rg);

/* Wait for the check. Returns art_check's result; `out` (not initialised before)
 * becomes the check's diag, which the caller prints and releases. A join again waits
 * for nothing and gives an empty diag. */
int art_check_join(art_check_job *job, diag *out);

/* The file `name` of the rig's folder as drawn `size` pixels square, cropped to what it
 * draws: a new surface of `crop`'s size (32-bit with alpha, SDL_image's own order), its
 * place in the square in `crop`. NULL when the file cannot be read or draws nothing. */
SDL_Surface *art_rasterise(const rig *rg, const char *name, int size, SDL_Rect *crop);

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
