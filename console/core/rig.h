/* rig.h: the body drawings as data: which art file draws each view, the parts of a
 * view that move (a pivot, a parent, a drawing order), and its named landmarks.
 *
 * The rig is media/art/rig.yaml (format in scenes/README.md). It is read like the plans
 * (ydoc + schema): every problem is reported as FILE:LINE:COL in `d`. Points are in the
 * view's unit square (x from 0 at the left of the screen to 1, y from 0 at the top).
 *
 * A part turns about its pivot and may be drawn shorter along its length (`stretch`, a
 * limb seen foreshortened); a child part is carried by its parent. A landmark may ride
 * on a part (`left-knee` on the left thigh), so it moves when the part moves.
 *
 * A close-up may be `cut` at an edge of its square (a forearm or a thigh running on out
 * of the picture): there the drawing runs on to the edge of the panel it is shown in.
 *
 * The masseur's hand is drawn from `hand.art` (a left hand, seen from above, fingers
 * up, in its own unit square; the right hand is its mirror image) with the points each
 * contact (palm, thumbs, fingertips, little-finger edge) works with, and for each the
 * discs of the hand that are see-through while it works (the part that touches, so what
 * it touches shows).
 *
 * Immutable after rig_load; any thread may read it. Pure: no SDL. */
#ifndef NURTURE_RIG_H
#define NURTURE_RIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/view.h"

#define RIG_MAX_PARTS 24
#define RIG_MAX_DISCS 8 /* see-through discs of one contact */

/* The edges of a view's square, as bits of rig_view.cut. */
enum { RIG_CUT_TOP = 1, RIG_CUT_BOTTOM = 2, RIG_CUT_LEFT = 4, RIG_CUT_RIGHT = 8 };

typedef struct rig_part {
    const char *name;
    const char *art; /* file name in the art folder, drawn in the view's frame */
    bool flip;       /* the art mirrored about x = 0.5 (a right limb from a left one) */
    float pivot[2];  /* where it turns, at rest */
    int parent;      /* index of the part carrying it, or -1 */
    int order;       /* drawn in increasing order; the view's own art is order 0 */
    int line, col;
} rig_part;

typedef struct rig_landmark {
    const char *name;
    float at[2]; /* at rest */
    int part;    /* the part it rides on, or -1 */
} rig_landmark;

typedef struct rig_view {
    bool present;
    const char *art; /* the view's drawing, parts left out */
    rig_part *parts;
    size_t nparts;
    rig_landmark *marks;
    size_t nmarks;
    float hand;   /* the masseur's hand's size, a fraction of the view's side (its scale) */
    unsigned cut; /* RIG_CUT_* bits: the edges where the drawing runs on out of the square */
} rig_view;

/* A disc of the hand's square: centre and radius, in the square's units. */
typedef struct rig_disc {
    float x, y, r;
} rig_disc;

typedef struct rig {
    arena mem;
    const char *path; /* the rig file */
    const char *dir;  /* its folder: art names are relative to it */
    rig_view views[VIEW_COUNT];
    const char *hand_art;                         /* the masseur's left hand */
    float contact[CONTACT_COUNT][2];              /* where each contact is on the hand's square */
    rig_disc clear[CONTACT_COUNT][RIG_MAX_DISCS]; /* see-through while that contact works */
    size_t nclear[CONTACT_COUNT];
} rig;

/* Load a rig file. Returns 0, or -1 after adding problems to `d` (the rig must be
 * released either way). Every view of library.h must be there. */
int rig_load(rig *r, const char *path, diag *d);
/* The same over `len` bytes already read from `path` (which names the file in messages
 * and is the folder art names are relative to). */
int rig_load_buffer(rig *r, const char *path, const char *bytes, size_t len, diag *d);
void rig_release(rig *r);

/* Lookup by name in a view: index, or -1. */
int rig_part_index(const rig_view *v, const char *name);
int rig_landmark_index(const rig_view *v, const char *name);

/* A pose: each part's turn (degrees, clockwise on screen) and stretch (1 at rest). */
typedef struct rig_pose {
    float turn[RIG_MAX_PARTS];
    float stretch[RIG_MAX_PARTS];
} rig_pose;

void rig_pose_rest(rig_pose *p);

/* Where a part is drawn in a pose: its pivot's place, its total turn and its stretch.
 * Its art is drawn turned by `turn` about `pivot` and scaled by `stretch` along y about
 * the pivot's height (before turning). */
typedef struct rig_place {
    float pivot[2];
    float turn; /* degrees */
    float stretch;
} rig_place;

rig_place rig_part_place(const rig_view *v, const rig_pose *p, int part);

/* A point given at rest on `part` (or on nothing: -1), where the pose puts it. */
void rig_point(const rig_view *v, const rig_pose *p, int part, const float rest[2], float out[2]);

#endif
