/* scene.h: the layout of the projector and the scene of each kind of segment.
 *
 * Everything is placed in units of the screen: a safe area inside a 5% margin (for
 * projectors that crop), a header, the content, and the class-state band at the bottom
 * that never moves. Type comes in a few sizes on a scale tied to the screen's height;
 * body text is never below 1/22 of it. On a screen narrower than 3:2 (a 4:3 projector)
 * the band stacks the timeline above the timer.
 *
 * Nothing authored is left out: a text that does not fit beside the rest of a step goes
 * on a page of its own, and the pages turn by themselves (see DISPLAY_PAGE_MS). A
 * segment's own text and its card's text open the segment (its first step).
 *
 * Every text box drawn is recorded (display_box) so tests can check it stays inside the
 * safe area and fits, and that every authored text of a step is drawn.
 *
 * Layers: scene_draw draws what does not move (the static layer, which the display
 * caches in a texture) and registers each part that moves or changes by itself as a
 * live region (scene_live): a box the display copies the layer back under and redraws
 * alone, when the region's key (what it would show now) changes. Everything a layer
 * shows must be covered by scene_static_key: when that key changes, the display draws
 * the layer again. Main thread only. */
#ifndef NURTURE_SCENE_H
#define NURTURE_SCENE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "screen/body.h"
#include "screen/frame.h"
#include "screen/text.h"

#define SCENE_MAX_BOXES  128
#define SCENE_TEXT_BYTES 32768 /* the texts of a frame's boxes, for tests and --check */
#define SCENE_MAX_LIVE   12

/* The parts of a screen that move or change by themselves. */
typedef enum scene_live_kind {
    LIVE_STAGE,       /* a stroke's hands and trail, over its cached body drawing */
    LIVE_BREATH,      /* the breathing circle */
    LIVE_COUNT,       /* a stroke's repetitions, or its time left */
    LIVE_TIMER,       /* the band's countdown (display.c) */
    LIVE_CLASS_CLOCK, /* the band's class clock (display.c) */
    LIVE_TIMELINE,    /* the band's segments and progress (display.c) */
    LIVE_INDICATORS,  /* the band's music and phones (display.c) */
} scene_live_kind;

typedef struct scene_live {
    scene_live_kind kind;
    SDL_Rect box;  /* everything it draws is inside (the display clips to it) */
    SDL_Rect area; /* its own geometry: the body's square, the count's row */
    uint64_t key;  /* what it showed when last drawn (the display's) */
    bool drawn;
} scene_live;

typedef struct scene_layout {
    int w, h;
    bool narrow;     /* narrower than 3:2: the band stacks */
    SDL_Rect safe;   /* inside the margin */
    SDL_Rect header; /* eyebrow and title */
    SDL_Rect content;
    SDL_Rect band;   /* class state */
    SDL_Rect notice; /* a quiet line above the band */
    int gap;         /* the usual space between things */
    int px_title, px_lead, px_body, px_min, px_timer, px_display, px_small;
    float radius; /* corner radius of cards */
} scene_layout;

/* The layout of a w x h screen; with room for a notice of `notice_lines` lines (0: no
 * notice; 1; 2 for one too long for a line at the smallest legible size) at its foot. */
void scene_layout_for(scene_layout *l, int w, int h, int notice_lines);

typedef struct scene_ctx {
    SDL_Renderer *ren;
    text_cache *text;
    body_cache *body;
    scene_layout l;
    bool dusk;            /* the relaxation palette */
    SDL_Texture *qr;      /* the join QR code (modules at one pixel each), or NULL */
    int qr_size;          /* modules, with the quiet zone */
    SDL_Texture *wifi_qr; /* the QR code that joins the room's Wi-Fi, or NULL */
    int wifi_qr_size;
    SDL_Rect stage; /* the stroke animation's square (w 0: none) */
    display_box boxes[SCENE_MAX_BOXES];
    int nboxes;
    char strings[SCENE_TEXT_BYTES]; /* the boxes' texts */
    size_t nstrings;
    /* Paged text: the frame shows page (page_tick % its pages) of each paged text.
     * What a step draws as still content depends on its segment, its step and, when
     * `pages` > 1, on page_tick: a cache of still content is stale at a new tick. */
    int64_t page_tick; /* scene_page_tick() of the frame */
    int pages;         /* the most pages of any paged text of the frame (1: none turn) */
    scene_live live[SCENE_MAX_LIVE]; /* registered by the last scene_draw */
    int nlive;
} scene_ctx;

/* Start a frame: no boxes yet, and the frame's page tick. */
void scene_begin(scene_ctx *c, const display_frame *f);

/* Which turn of the pages a frame shows: the step clock over DISPLAY_PAGE_MS (the step
 * clock stops while the class is paused, so do the pages). */
int64_t scene_page_tick(const display_frame *f);

/* Draw text into `box`, recording the box. */
text_result scene_text(scene_ctx *c, const char *s, const text_style *st, SDL_Rect box,
                       Uint8 alpha);

/* A text style of the scale: font, preferred size and colour; left, top. */
text_style scene_style(const scene_ctx *c, text_font font, int px, SDL_Color color);

/* The static content of the current step of the frame's session (not the band), and
 * its live regions (appended to c->live). */
void scene_draw(scene_ctx *c, const display_frame *f);

/* Register a live region (ignored when the list is full). */
void scene_add_live(scene_ctx *c, scene_live_kind kind, SDL_Rect box, SDL_Rect area);

/* What a scene's live region (LIVE_STAGE, LIVE_BREATH, LIVE_COUNT) shows at this frame:
 * equal keys draw the same pixels. */
uint64_t scene_live_key(const scene_ctx *c, const display_frame *f, const scene_live *lv);

/* Draw a scene's live region at this frame, over its part of the layer. */
void scene_live_draw(scene_ctx *c, const display_frame *f, const scene_live *lv);

/* What the static layer of the current step shows, beyond the display's own inputs
 * (screen size, segment and step, cover, notice, prompt, join code): e.g. the side a
 * stroke is on, or the page tick when the layer last drawn has pages (c->pages > 1:
 * a long list turns its pages). A change draws the layer again. */
uint64_t scene_static_key(const scene_ctx *c, const display_frame *f);

/* Does the current scene move by itself (a stroke, the breathing circle)? */
bool scene_moves(const display_frame *f);

#endif
