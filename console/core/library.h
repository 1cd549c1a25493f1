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

/* The body drawings a motion path can be drawn over. The coordinates of every view
 * are a unit square: x from 0 (left of the screen) to 1, y from 0 (top) to 1. */
typedef enum stroke_view {
    VIEW_BABY_FRONT, /* baby on its back, head at the top, seen from above */
    VIEW_BABY_BACK,  /* baby on its tummy, head at the top */
    VIEW_BABY_LEG,   /* close-up of one leg and foot, hip at the top */
    VIEW_BABY_FACE,  /* close-up of the face */
    VIEW_CHILD_BACK, /* a seated child's back, head and shoulders at the top */
    VIEW_COUNT
} stroke_view;

/* One hand's part of a stroke: it travels along `pts` (a smooth curve through the
 * points) during the fraction [from, to] of one pass, and rests or lifts otherwise. */
typedef struct stroke_hand {
    bool left;      /* which hand is drawn: the left or the right one */
    float from, to; /* 0 <= from < to <= 1 */
    float (*pts)[2];
    size_t npts; /* >= 2 */
} stroke_hand;

/* Oil and a stroke: most strokes are done with oiled hands; face strokes with none; a
 * step that wipes the oil off the hands makes them clean again (see plan_lint). */
typedef enum stroke_oil {
    OIL_YES,  /* done with oil on the hands (the default) */
    OIL_NO,   /* done with clean hands, no oil (the face) */
    OIL_WIPE, /* wipes the oil off the hands */
} stroke_oil;

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
    stroke_hand *hands; /* the motion; nhands >= 1 for a valid library */
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

typedef struct library {
    arena mem;
    stroke *strokes;
    size_t nstrokes;
    card *cards;
    size_t ncards;
} library;

/* Load every .yaml file of dir/strokes and dir/cards (in name order). Returns 0 when all
 * loaded cleanly, -1 after adding problems to `d`; the library then holds whatever
 * did load, and must be released either way. */
int library_load(library *lib, const char *dir, diag *d);
void library_release(library *lib);

/* Check one file of strokes (or of cards) on its own, as `nurture --check` does for
 * files in strokes/ and cards/. Returns 0 when it is fine. */
int library_check_file(const char *path, bool cards, diag *d);

/* Lookup by id; NULL when unknown. */
const stroke *library_stroke(const library *lib, const char *id);
const card *library_card(const library *lib, const char *id);

/* The closest known stroke or card id, for "did you mean" hints; NULL if none. */
const char *library_suggest_stroke(const library *lib, const char *id);
const char *library_suggest_card(const library *lib, const char *id);

/* The view's name as written in files ("baby-front", ...). */
const char *library_view_name(stroke_view view);

#endif
