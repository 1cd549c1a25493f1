/* fsutil.c: see fsutil.h. */
#include "platform/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsutil_mkdirs(const char *path)
{
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* The atomic write, keeping the file it replaces as `keep` when that is not NULL. */
static int write_atomic(const char *path, const char *keep, const void *data, size_t len)
{
    /* A fresh name each time, created by mkstemp (O_CREAT | O_EXCL, mode 0600): a file
     * or a symlink someone planted at a temporary name is never opened, let alone
     * followed. */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) return -1;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    const char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, p + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    ok &= close(fd) == 0;
    /* The file it replaces becomes `keep` (rename is atomic too): at every moment one of
     * the two names holds a whole file. A missing `path` (the first save) is no error. */
    if (ok && keep && rename(path, keep) != 0 && errno != ENOENT) ok = 0;
    /* rename() replaces `path` itself, even a symlink, never the file it points to. */
    if (!ok || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        return -1;
    }
    /* Make the rename itself durable. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        int dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    return 0;
}

int fsutil_write_atomic(const char *path, const void *data, size_t len)
{
    return write_atomic(path, NULL, data, len);
}

int fsutil_write_atomic_keep(const char *path, const char *keep, const void *data, size_t len)
{
    return write_atomic(path, keep, data, len);
}

char *fsutil_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    char *buf = NULL;
    int err = 0;
    if (fstat(fileno(f), &st) != 0)
        err = errno;
    else if (!S_ISREG(st.st_mode))
        err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    else if ((unsigned long long)st.st_size > max)
        err = EFBIG;
    else if (!(buf = malloc((size_t)st.st_size + 1)))
        err = ENOMEM;
    else {
        *len = fread(buf, 1, (size_t)st.st_size, f);
        if (ferror(f)) err = EIO;
        buf[*len] = '\0';
    }
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    return buf;
}
