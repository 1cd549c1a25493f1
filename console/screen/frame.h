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

typedef struct display_rect {
    int x, y, w, h;
} display_rect;

typedef struct display_box {
    display_rect box;   /* the box the text was given */
    display_rect drawn; /* the pixels it covers */
    int px;             /* the size it was drawn at */
    int min_px;         /* the smallest size it was allowed */
    bool fits;          /* it fits its box at min_px or more */
    char text[48];      /* the start of the text, for messages */
} display_box;

#endif
