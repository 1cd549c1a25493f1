/* fsutil.h: reading a whole file, and the two file-system chores that must survive a
 * power cut.
 *
 * Used by every module that keeps something on disk (the class's place, the paired
 * phones). Safe to call from any thread; each call touches only the paths it is given. */
#ifndef NURTURE_FSUTIL_H
#define NURTURE_FSUTIL_H

#include <stddef.h>

/* Create `path` and its missing parents (mode 0700: the state folder is the console
 * user's alone). Returns 0, or -1 with errno. */
int fsutil_mkdirs(const char *path);

/* Replace `path` with `len` bytes of `data` so that a power cut leaves the old file or
 * the new one, never half of either: write a temporary file beside it (a fresh name
 * made by mkstemp, mode 0600, so nothing planted at a temporary name is opened or
 * followed), fsync it, rename it over `path` (a symlink at `path` is replaced, not
 * followed), fsync the folder. Returns 0, or -1 with errno (no temporary file left). */
int fsutil_write_atomic(const char *path, const void *data, size_t len);

/* The same, and the file it replaces is kept as `keep` (renamed, just before the new
 * one takes its name), so a newest file found damaged after a power cut can fall back
 * to the one before it. At every moment `path` or `keep` holds a whole file (once one
 * was written). Returns 0, or -1 with errno (`path` is then as it was, or at `keep`). */
int fsutil_write_atomic_keep(const char *path, const char *keep, const void *data, size_t len);

/* Read the regular file `path` whole into a malloc'd, NUL-terminated buffer that the
 * caller frees; its length (without the NUL) in *len. NULL with errno on failure:
 * EISDIR/EINVAL when it is not a regular file, EFBIG when it is over `max` bytes,
 * ENOMEM, or the error of opening or reading it. */
char *fsutil_read_file(const char *path, size_t max, size_t *len);

#endif
