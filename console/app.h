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

#include "cli.h"
#include "plan.h"

/* Run the class of `p` until the instructor quits. With --resume, continue from the
 * saved progress when it belongs to `p`. Returns the exit status. */
int app_run(const cli_options *o, const plan *p);

#endif
