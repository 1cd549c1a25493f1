/* watchdog.c: see watchdog.h. */
#include "platform/watchdog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef NURTURE_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

struct watchdog {
    int64_t interval_ms; /* WatchdogSec, 0 when off */
    int64_t every_ms;    /* how often to kick */
    int64_t kicked_at;   /* -1 before the first kick */
    char status[256];    /* the last status line sent */
};

static void notify(const char *state)
{
#ifdef NURTURE_HAVE_SYSTEMD
    sd_notify(0, state);
#else
    (void)state;
#endif
}

watchdog *watchdog_create(void)
{
#ifdef NURTURE_HAVE_SYSTEMD
    const char *sock = getenv("NOTIFY_SOCKET");
    if (!sock || !*sock) return NULL;
    watchdog *w = calloc(1, sizeof(*w));
    if (!w) return NULL;
    uint64_t usec = 0;
    /* > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is us. */
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        w->interval_ms = (int64_t)(usec / 1000);
        /* Four kicks per interval: a slow turn or two never lets it lapse. */
        w->every_ms = w->interval_ms / 4;
    }
    w->kicked_at = -1;
    return w;
#else
    return NULL;
#endif
}

void watchdog_destroy(watchdog *w)
{
    free(w);
}

void watchdog_status(watchdog *w, const char *status)
{
    if (!w || !status || !strcmp(w->status, status)) return;
    snprintf(w->status, sizeof w->status, "%s", status);
    char msg[sizeof w->status + 8];
    snprintf(msg, sizeof msg, "STATUS=%s", w->status);
    /* A status line is one line: systemd reads newline-separated assignments. */
    for (char *p = msg; *p; p++)
        if (*p == '\n') *p = ' ';
    notify(msg);
}

void watchdog_ready(watchdog *w, const char *status)
{
    if (!w) return;
    notify("READY=1");
    watchdog_status(w, status);
}

void watchdog_kick(watchdog *w, int64_t now_ms)
{
    if (!w || !w->interval_ms) return;
    if (w->kicked_at >= 0 && now_ms - w->kicked_at < w->every_ms) return;
    w->kicked_at = now_ms;
    notify("WATCHDOG=1");
}

void watchdog_stopping(watchdog *w)
{
    if (!w) return;
    notify("STOPPING=1");
}

int64_t watchdog_interval_ms(const watchdog *w)
{
    return w ? w->interval_ms : 0;
}
