/* clock.c: see clock.h. */
#include "platform/clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

/* systemd-timesyncd touches it on each synchronisation; /run is emptied at boot. */
#define TIMESYNCD_MARK "/run/systemd/timesync/synchronized"
#define RATE_MAX       1000

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int rate = 1;     /* written once, under `once`, before any reader sees it */
static int64_t start_ms; /* the real clock when the test hook's clock started */

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The test hook: $NURTURE_CLOCK_RATE, a whole number from 1 to RATE_MAX; anything else
 * is the ordinary clock. */
static void read_rate(void)
{
    const char *env = getenv("NURTURE_CLOCK_RATE");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (!*end && n >= 1 && n <= RATE_MAX) rate = (int)n;
    }
    start_ms = real_ms();
}

int64_t clock_now_ms(void)
{
    pthread_once(&once, read_rate);
    int64_t now = real_ms();
    return rate == 1 ? now : start_ms + (now - start_ms) * rate;
}

int clock_rate(void)
{
    pthread_once(&once, read_rate);
    return rate;
}

bool clock_wall_synced(void)
{
    struct timex tx = {.modes = 0}; /* 0: read only, no privilege needed */
    int state = adjtimex(&tx);
    if (state >= 0) return state != TIME_ERROR && !(tx.status & STA_UNSYNC);
    return errno == EPERM && access(TIMESYNCD_MARK, F_OK) == 0;
}
