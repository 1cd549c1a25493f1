/* app.h: the running console. Owns the session and wires the display, the audio and
 * the remote to it in one main loop, a flat list of named steps:
 *
 *   wait for input (or the next frame / the next second) -> handle keys and window
 *   events -> drain the phones' commands -> tick the session -> let the music react to
 *   its events -> tell the phones -> write the events to the class log (classlog.h: who
 *   caused each, the keys or which phone) -> save progress (a failed save is said once
 *   on stderr and shown on the screen) -> draw (the screen reads the session itself)
 *
 * What goes wrong while the class runs (a save or a log line that fails, a damaged
 * progress file set aside at --resume) is one quiet line at the foot of the screen,
 * the same on stderr and in the class log; the class goes on.
 *
 * Main thread only. */
#ifndef NURTURE_APP_H
#define NURTURE_APP_H

#include "core/cli.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/session.h"
#include "screen/art.h"

/* The program's exit status, one list for main() and the run modes. */
typedef enum app_exit {
    EXIT_OK = 0,      /* done: the class was quit, the files are fine, the frame written */
    EXIT_INVALID = 1, /* a problem with a file, the class or the machine (no screen...) */
    EXIT_USAGE = 2,   /* the command line asks for something that cannot be */
} app_exit;

/* Move `s` to the --start segment and step of `o`, if given. Returns 0, or -1 after
 * telling the user that the class has no such segment or step. */
int app_go_to_start(session *s, const cli_options *o, int64_t now_ms);

/* Say that the stroke library or its art has problems: `d`'s, then where they are. */
void app_library_problems(const diag *d);

/* Wait for the art check `*job` (art_check_start), if any, and forget it (*job NULL).
 * Returns 0, or -1 after saying its problems (app_library_problems), after the notice of
 * a saved place that `saved` set aside at the start (else it would never be told). */
int app_art_joined(art_check_job **job, const progress_file *saved);

/* Run the class of `p` until the instructor quits. With --resume, `saved` is what
 * progress_load read: the class continues from it when it belongs to `p`, and its
 * notice (what was set aside, or that nothing was found) shows on the screen for a
 * while. NULL: a new class. `check`: the art check still running (or NULL), joined once
 * the window is open and before anything else starts; when it failed the window
 * closes and the console stops as it would have before opening it (EXIT_INVALID). */
app_exit app_run(const cli_options *o, const plan *p, progress_file *saved, art_check_job *check);

/* Draw the one frame the projector would show at --at N.M, --time seconds into that
 * step, into the PNG file --render names (--size, default 1920x1080), with no screen
 * needed. The class is walked to that step at the plan's own times, so its clocks
 * read as in a class that kept to the plan. With --pin the welcome screen shows that
 * join code. */
app_exit app_render(const cli_options *o, const plan *p);

#endif
