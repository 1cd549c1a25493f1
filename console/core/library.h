/* library.h: the stroke library and the shared cards, loaded from scenes/.
 *
 * Every stroke is described once, in scenes/strokes/<area>.yaml, with the words shown
 * on screen and the motion the projector animates. Cards (scenes/cards/NAME.yaml) hold
 * texts that many classes share: the permission ritual with its yes and no cues, the
 * safety guidance, what to do when a baby says no. Plans refer to both by id.
 *
 * The format is documented in scenes/README.md. A library is immutable after
 * library_load() and may then be read from any thread. */
#ifndef NURTURE_LIBRARY_H
#define NURTURE_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/view.h"

/* A part of the baby that the hands move (gentle movements): its turn (degrees,
 * clockwise) and stretch at `n` moments spread evenly over a pass, the last one
 * joining the first of the next pass. */
typedef struct stroke_move {
    int part; /* index in the rig's view */
    float *turn, *stretch;
    size_t n;
} stroke_move;

/* One hand's part of a stroke: it travels along `pts` (a smooth curve through the
 * points) during the fraction [from, to] of one pass, and rests or lifts otherwise. */
typedef struct stroke_hand {
    bool left;      /* which hand is drawn: the left or the right one */
    float from, to; /* 0 <= from < to <= 1 */
    float (*pts)[2];
    size_t npts; /* >= 2 */
    int holds;   /* a landmark of the view it holds and moves with (gentle movements), or -1 */
    int reach;   /* where its fingers point: degrees clockwise from up (the stroke's unless
                    the hand says) */
} stroke_hand;

/* Oil and a stroke: most strokes are done with oiled hands; face strokes with none; a
 * step that wipes the oil off the hands makes them clean again (see plan_lint). */
typedef enum stroke_oil {
    OIL_YES,  /* done with oil on the hands (the default) */
    OIL_NO,   /* done with clean hands, no oil (the face) */
    OIL_WIPE, /* wipes the oil off the hands */
} stroke_oil;

#define STROKE_MAX_HANDS 8 /* entries under a motion's `hands` */

typedef struct stroke {
    const char *id;          /* kebab-case, unique in the library */
    const char *name;        /* shown as the step's title */
    const char *area;        /* body area, e.g. "legs", "tummy", "back" */
    const char *instruction; /* one line shown under the animation */
    int reps;                /* default repetitions, >= 1 */
    int64_t pass_ms;         /* one pass of the motion: the tempo */
    bool sided;              /* done on one side, then the other (legs, arms) */
    stroke_oil oil;          /* with oil, without, or wiping it off */
    stroke_view view;
    stroke_contact contact;
    int reach; /* where the masseur's fingers point: degrees clockwise from up (0, 90, 180, 270);
                  a hand may point its own way (stroke_hand.reach) */
    stroke_move *moves; /* the baby's parts that move, or none */
    size_t nmoves;
    stroke_hand *hands; /* the motion; 1 to STROKE_MAX_HANDS for a valid library */
    size_t nhands;
    const char *file; /* where it was defined, for messages */
    int line, col;
} stroke;

typedef struct card {
    const char *id;
    const char *title;
    const char *text; /* a short paragraph, may be NULL */
    strv steps;       /* steps shown one after another (e.g. the ritual) */
    strv yes;         /* yes / engagement cues */
    strv no;          /* no / disengagement cues */
    strv if_no;       /* what to do when the answer is no */
    const char *file;
    int line, col;
} card;

struct rig;

typedef struct library {
    arena mem;
    struct rig *rig; /* the body drawings' rig: views, parts, landmarks (core/rig.h) */
    stroke *strokes;
    size_t nstrokes;
    card *cards;
    size_t ncards;
} library;

/* Load the rig (dir/../media/art/rig.yaml: the data folder's art), then every .yaml
 * file of dir/strokes and dir/cards (in name order); a stroke's path may name the
 * rig's landmarks and its moves the rig's parts. Returns 0 when all loaded cleanly,
 * -1 after adding problems to `d`; the library then holds whatever did load, and must
 * be released either way. */
int library_load(library *lib, const char *dir, diag *d);
void library_release(library *lib);

/* Check one file of strokes (or of cards) on its own, as `nurture --check` does for
 * files in strokes/ and cards/, against the rig of `lib`. Returns 0 when it is fine. */
int library_check_file(const library *lib, const char *path, bool cards, diag *d);

/* Lookup by id; NULL when unknown. */
const stroke *library_stroke(const library *lib, const char *id);
const card *library_card(const library *lib, const char *id);

/* The closest known stroke or card id, for "did you mean" hints; NULL if none. */
const char *library_suggest_stroke(const library *lib, const char *id);
const char *library_suggest_card(const library *lib, const char *id);

#endif
