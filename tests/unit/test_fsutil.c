/* test_fsutil.c: atomic writes and state folders, in a temporary folder: the file is
 * replaced whole, the folders are the user's alone, and a symlink planted beside the
 * file (at the temporary name the write used to take, or at the file itself) is never
 * followed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "testing.h"

static char dir[TESTING_DIR_MAX];

static void fresh_dir(void)
{
    testing_fresh_dir(dir, "fsutil");
}

/* The whole content of `path` ("" when missing), in a static buffer. */
static const char *slurp(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

/* How many entries `d` holds, "." and ".." aside. */
static int entries(const char *d)
{
    DIR *h = opendir(d);
    if (!h) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(h));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(h);
    return n;
}

TEST(test_fsutil__write_replaces_whole_file)
{
    fresh_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/progress.json", dir);
    CHECK_INT(fsutil_write_atomic(path, "first", 5), 0);
    CHECK_STR(slurp(path), "first");
    CHECK_INT(fsutil_write_atomic(path, "second and longer", 17), 0);
    CHECK_STR(slurp(path), "second and longer");
    CHECK_INT(fsutil_write_atomic(path, "3", 1), 0);
    CHECK_STR(slurp(path), "3");
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_INT(entries(dir), 1); /* no temporary file left behind */
}

TEST(test_fsutil__mkdirs_makes_private_folders)
{
    fresh_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    mode_t old = umask(0);
    CHECK_INT(fsutil_mkdirs(path), 0);
    umask(old);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
    snprintf(path, sizeof path, "%s/a", dir);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT(fsutil_mkdirs(path), 0); /* already there */
}

/* Someone who can write in the folder plants a symlink at the temporary name the old
 * code used (FILE.tmp), pointing at a file of the console user's: the write must not
 * go through it. */
TEST(test_fsutil__planted_symlink_at_temp_name_not_followed)
{
    fresh_dir();
    char path[128], tmp[140], victim[128];
    snprintf(path, sizeof path, "%s/paired", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    write_file(victim, "precious");
    CHECK_INT(symlink(victim, tmp), 0);
    CHECK_INT(fsutil_write_atomic(path, "devices", 7), 0);
    CHECK_STR(slurp(victim), "precious");
    CHECK_STR(slurp(path), "devices");
    struct stat st;
    CHECK(lstat(tmp, &st) == 0 && S_ISLNK(st.st_mode)); /* left as it was */
}

/* A symlink at the file itself is replaced by the new file, its target untouched. */
TEST(test_fsutil__symlink_at_path_replaced_not_followed)
{
    fresh_dir();
    char path[128], victim[128];
    snprintf(path, sizeof path, "%s/progress.json", dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    write_file(victim, "precious");
    CHECK_INT(symlink(victim, path), 0);
    CHECK_INT(fsutil_write_atomic(path, "state", 5), 0);
    CHECK_STR(slurp(victim), "precious");
    struct stat st;
    CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
    CHECK_STR(slurp(path), "state");
}

TEST(test_fsutil__failure_reported_and_nothing_left)
{
    fresh_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/missing/file", dir);
    errno = 0;
    CHECK_INT(fsutil_write_atomic(path, "x", 1), -1);
    CHECK_INT(errno, ENOENT);
    /* A folder where the file should be: rename fails, the temporary file goes. */
    snprintf(path, sizeof path, "%s/taken", dir);
    CHECK_INT(mkdir(path, 0700), 0);
    char inner[160];
    snprintf(inner, sizeof inner, "%s/x", path);
    write_file(inner, "x");
    CHECK_INT(fsutil_write_atomic(path, "x", 1), -1);
    CHECK_INT(entries(dir), 1);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_fsutil__write_replaces_whole_file);
    RUN(test_fsutil__mkdirs_makes_private_folders);
    RUN(test_fsutil__planted_symlink_at_temp_name_not_followed);
    RUN(test_fsutil__symlink_at_path_replaced_not_followed);
    RUN(test_fsutil__failure_reported_and_nothing_left);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot clean %s\n", dir);
    return testing_end();
}
