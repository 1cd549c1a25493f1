/* app.h: the running console. Owns the session and wires the display, the audio and
 * the remote to it in one main loop, a flat list of named steps:
 *
 *   wait for input (or the next frame / the next second) -> handle keys and window
 *   events -> drain the phones' commands -> tick the session -> let the display, the
 *   music and the phones react to its events -> draw -> save progress
 *
 * Main thread only. */
#ifndef NURTURE_APP_H
#define NURTURE_APP_H

#include "core/cli.h"
#include "core/plan.h"
#include "core/session.h"

/* Move `s` to the --start segment and step of `o`, if given. Returns 0, or -1 after
 * telling the user that the class has no such segment or step. */
int app_go_to_start(session *s, const cli_options *o, int64_t now_ms);

/* Run the class of `p` until the instructor quits. With --resume, continue from the
 * saved progress when it belongs to `p`. Returns the exit status. */
int app_run(const cli_options *o, const plan *p);

/* Draw the one frame the projector would show at --at N.M, --time seconds into that
 * step, into the PNG file --render names (--size, default 1920x1080), with no screen
 * needed. The class is walked to that step at the plan's own times, so its clocks
 * read as in a class that kept to the plan. With --pin the welcome screen shows that
 * join code. Returns the exit status. */
int app_render(const cli_options *o, const plan *p);

#endif
