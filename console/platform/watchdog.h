/* watchdog.h: telling systemd how the console is, when it runs as the kiosk service
 * (tools/pi/nurture.service: Type=notify, WatchdogSec=30).
 *
 *   READY=1      once the screen is open and the class is loaded: systemd then counts
 *                the service as started
 *   WATCHDOG=1   from every turn of the main loop (at most every WatchdogSec/4): if the
 *                loop hangs, the kicks stop and systemd restarts the console
 *   STATUS=...   a line for `systemctl status nurture`
 *   STOPPING=1   when the console quits
 *
 * Through libsystemd's sd_notify. Outside systemd ($NOTIFY_SOCKET unset) watchdog_create
 * returns NULL and every call on NULL does nothing, so callers never check. Built without
 * libsystemd, the same calls are no-ops. Main thread only (NotifyAccess=main). */
#ifndef NURTURE_WATCHDOG_H
#define NURTURE_WATCHDOG_H

#include <stdint.h>

typedef struct watchdog watchdog;

/* The notifier when running under systemd, else NULL. */
watchdog *watchdog_create(void);
void watchdog_destroy(watchdog *w);

/* Say the console is up, with a status line (may be NULL). */
void watchdog_ready(watchdog *w, const char *status);

/* A main-loop turn: sends WATCHDOG=1 when the watchdog is on and it is time to. */
void watchdog_kick(watchdog *w, int64_t now_ms);

/* A new status line; sent only when it changed. */
void watchdog_status(watchdog *w, const char *status);

/* Say the console is quitting on purpose. */
void watchdog_stopping(watchdog *w);

/* The watchdog's interval in milliseconds, 0 when systemd set none. */
int64_t watchdog_interval_ms(const watchdog *w);

#endif
