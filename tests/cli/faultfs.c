/* faultfs.c: an LD_PRELOAD shim that makes faults on demand while the console runs.
 *
 * $FAULT_DIR names a folder of switches, read at each call concerned:
 *   FAULT_DIR/full   exists: every file created by mkstemp, and every write() to a file,
 *                    under $FAULT_STATE (the state folder) fails with ENOSPC, as on a
 *                    full card (EROFS when the switch file holds "ro": a read-only one);
 *   FAULT_DIR/clock  holds seconds: the wall clock (time, clock_gettime(CLOCK_REALTIME))
 *                    is stepped by that many, as NTP does on a Pi that booted without
 *                    network. The monotonic clock is left alone.
 *   FAULT_DIR/ntp    holds what the kernel says of NTP (adjtimex): "synced", "unsynced",
 *                    or "denied" (EPERM, as systemd's ProtectClock= makes it); with
 *                    "denied marked", systemd-timesyncd's mark is there too (access() of
 *                    /run/systemd/timesync/synchronized).
 * Nothing else changes. For tests/cli/check-faults.sh only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

/* The text of switch `name` ("" when it is there but empty), or NULL when it is off. */
static const char *switch_on(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("FAULT_DIR");
    if (!dir) return NULL;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int full_errno(void)
{
    char buf[16];
    const char *v = switch_on("full", buf, sizeof buf);
    if (!v) return 0;
    return strncmp(v, "ro", 2) ? ENOSPC : EROFS;
}

static int in_state(const char *path)
{
    const char *st = getenv("FAULT_STATE");
    return st && path && !strncmp(path, st, strlen(st));
}

int mkstemp(char *tmpl)
{
    static int (*real)(char *);
    if (!real) real = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    int e;
    if (in_state(tmpl) && (e = full_errno())) {
        errno = e;
        return -1;
    }
    return real(tmpl);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd > 2 && getenv("FAULT_STATE")) {
        char link[64], path[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t len = readlink(link, path, sizeof path - 1);
        int e;
        if (len > 0) {
            path[len] = '\0';
            if (in_state(path) && (e = full_errno())) {
                errno = e;
                return -1;
            }
        }
    }
    return real(fd, buf, n);
}

static long clock_step(void)
{
    char buf[32];
    const char *v = switch_on("clock", buf, sizeof buf);
    return v ? strtol(v, NULL, 10) : 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    static int (*real)(clockid_t, struct timespec *);
    if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int rc = real(id, ts);
    if (rc == 0 && id == CLOCK_REALTIME) ts->tv_sec += clock_step();
    return rc;
}

time_t time(time_t *out)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out) *out = ts.tv_sec;
    return ts.tv_sec;
}

int adjtimex(struct timex *tx)
{
    static int (*real)(struct timex *);
    if (!real) real = (int (*)(struct timex *))dlsym(RTLD_NEXT, "adjtimex");
    char buf[32];
    const char *v = switch_on("ntp", buf, sizeof buf);
    if (!v) return real(tx);
    if (!strncmp(v, "denied", 6)) {
        errno = EPERM;
        return -1;
    }
    if (real(tx) < 0) memset(tx, 0, sizeof(*tx)); /* a sandbox around the tests */
    if (!strncmp(v, "synced", 6)) {
        tx->status &= ~STA_UNSYNC;
        return TIME_OK;
    }
    tx->status |= STA_UNSYNC;
    return TIME_ERROR;
}

int access(const char *path, int mode)
{
    static int (*real)(const char *, int);
    if (!real) real = (int (*)(const char *, int))dlsym(RTLD_NEXT, "access");
    char buf[32];
    const char *v = !strcmp(path, "/run/systemd/timesync/synchronized")
                        ? switch_on("ntp", buf, sizeof buf)
                        : NULL;
    if (!v) return real(path, mode);
    if (strstr(v, "marked")) return 0;
    errno = ENOENT;
    return -1;
}
