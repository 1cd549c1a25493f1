/* frame.h: what one frame of the projector shows, and what it laid out.
 *
 * The display (display.h) and the scenes that draw its content (scene.h) both speak of
 * these; they live apart from both so that neither header needs the other. */
#ifndef NURTURE_FRAME_H
#define NURTURE_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/session.h"
#include "core/status.h" /* audio_status, remote_status */

/* What one frame shows. Pointers may be NULL when that part is absent. */
typedef struct display_frame {
    const plan *plan;
    const session *session;
    int64_t now_ms;              /* monotonic time of this frame */
    bool blank;                  /* the cover screen */
    bool quit_prompt;            /* "press Q again to quit" */
    const audio_status *audio;   /* music indicator and notices */
    const remote_status *remote; /* phones indicator, join code */
    const char *notice;          /* a quiet line at the bottom, or NULL */
} display_frame;

/* Texts too long for one screen (a cue list, a segment's opening words with the step)
 * go on pages that turn by themselves every DISPLAY_PAGE_MS of the step clock, with
 * "1 of 2" under them. */
#define DISPLAY_PAGE_MS 12000

typedef struct display_rect {
    int x, y, w, h;
} display_rect;

typedef struct display_box {
    display_rect box;   /* the box the text was given */
    display_rect drawn; /* the pixels it covers */
    int px;             /* the size it was drawn at */
    int min_px;         /* the smallest size it was allowed */
    bool fits;          /* it fits its box at min_px or more */
    const char *text;   /* the whole text, valid until the next display_draw */
} display_box;

#endif
