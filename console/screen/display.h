/* display.h: the projector. SDL2 window (fullscreen by default), SDL_ttf text, the
 * scenes of every kind of segment, stroke animations and the class timer.
 *
 * The display draws from a snapshot (display_frame, screen/frame.h): const pointers to the plan and
 * the session plus the frame time. It owns SDL's video subsystem, the renderer, the
 * fonts and every cached texture; text is rasterised once and reused until it
 * changes. Main thread only. */
#ifndef NURTURE_DISPLAY_H
#define NURTURE_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/plan.h"
#include "core/session.h"
#include "screen/frame.h" /* display_frame, display_rect, display_box */

typedef struct display display;

typedef struct display_config {
    bool window;               /* a window instead of fullscreen */
    int width, height;         /* window size (0: 1280x720), or the size of a headless frame */
    bool headless;             /* draw into memory only (for --render): no window */
    const char *wifi_ssid;     /* the room's own Wi-Fi (tools/hotspot), or NULL: the join */
    const char *wifi_password; /* card then shows a QR code that joins it */
} display_config;

/* Open the window (or a headless target). NULL with a message in `err` on failure. */
display *display_create(const display_config *cfg, char *err, size_t errlen);
void display_destroy(display *d);

/* Draw the frame and present it: only what changed since the last one (see display.c);
 * nothing at all when nothing changed. */
void display_draw(display *d, const display_frame *f);

/* The window was uncovered or changed: the next display_draw draws and presents the
 * whole screen. */
void display_expose(display *d);

/* Does anything move at `now_ms` (an animation, a transition, a pulse)? When not, the
 * main loop sleeps until the next event or the next second of the timer. */
bool display_animating(const display *d, const display_frame *f);

/* How long a frame lasts while something moves, in ms: 16 (60 fps, paced by vsync too);
 * 33 while a step fades in on the software renderer (each of its frames blends two
 * whole screens on the CPU); 100 on SDL's dummy video driver, where no one sees the
 * frames (tests, a console run only for its phone remote) and drawing them would only
 * take the sound's CPU. */
int display_frame_ms(const display *d);

void display_toggle_fullscreen(display *d);

/* Write the last drawn frame as a PNG file. Returns 0, or -1 with a message in err. */
int display_save_png(display *d, const char *path, char *err, size_t errlen);

/* --- Checking a plan against the screen ------------------------------------------- */

/* Warn (diag_warn) about every authored text of `p` that cannot be shown at a legible
 * size on a w x h screen (body text at 1/22 of the height), even on a page of its own:
 * every step is drawn headless, every page of it, as the projector would (with a join
 * code on the welcome screen). Each text is reported once, at the line and column of
 * the step, segment, card or stroke that holds it. Returns the warnings added, or -1
 * when no headless screen could be made (a message in `err`). */
int display_lint(const plan *p, int w, int h, diag *d, char *err, size_t errlen);

/* --- What the last display_draw laid out, for tests ------------------------------- */

/* The text boxes of the last frame. */
size_t display_boxes(const display *d, const display_box **boxes);

/* The most pages any text of the last frame has (1 when nothing turns; see
 * DISPLAY_PAGE_MS in screen/frame.h): drawing the step DISPLAY_PAGE_MS later shows the
 * next page of each. */
int display_pages(const display *d);

/* The safe area (inside the margin projectors may crop) and the stroke animation's
 * square in the last frame (w == 0 when none was drawn). */
display_rect display_safe_area(const display *d);
display_rect display_stage(const display *d);

/* Copy the last frame's pixels (ARGB8888, rows `pitch` bytes apart) into `out`, which
 * holds the display's width x height. Returns 0, or -1. (A window drawn with GL keeps
 * only its static layer: that is what is read there.) */
int display_read(display *d, void *out, int pitch);

/* Strings and glyphs rasterised since creation: a steady frame adds none. */
unsigned long display_text_rasterised(const display *d);

/* What the display did since creation, for tests and tools/bench. */
typedef struct display_stats {
    unsigned long draws;      /* display_draw calls */
    unsigned long frames;     /* of those, frames that drew and presented something */
    unsigned long layers;     /* static layers drawn */
    unsigned long regions;    /* live regions drawn */
    unsigned long rasterised; /* strings and glyphs rasterised */
    unsigned long calls;      /* draw calls (shapes and copies), all displays */
    unsigned long uploads;    /* textures made or painted, all displays */
    unsigned long last_calls; /* in the last frame drawn */
    long last_pixels;         /* pixels the last frame drawn touched and presented */
} display_stats;

void display_get_stats(const display *d, display_stats *out);

/* The file descriptor on which the window's input arrives (the X server's connection
 * under X11), to wait on beside others with poll(2) after SDL's queue is drained; -1
 * where there is none to wait on (Wayland, KMS, offscreen, headless). */
int display_input_fd(const display *d);

/* The renderer's name ("software", "opengles2", ...). */
const char *display_renderer(const display *d);

/* A font stood in for a missing one: the line to tell (text_font_fallback), or NULL. */
const char *display_font_notice(const display *d);

#endif
