/* textview.h: the class in a terminal, for a console without a screen (over ssh, or
 * while setting up). One status line per change; single keys drive the session.
 *
 * Keys: n, Space or Enter next; b back; p pause/resume; + and - a minute more or less;
 * r restart; q quit. Runs on the main thread, which owns the session. */
#ifndef NURTURE_TEXTVIEW_H
#define NURTURE_TEXTVIEW_H

#include <signal.h>

#include "core/session.h"

/* Drive `s` until q is typed, stdin closes, or *quit becomes non-zero. */
void textview_run(session *s, volatile sig_atomic_t *quit);

#endif
