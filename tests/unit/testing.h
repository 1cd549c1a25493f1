/* testing.h: the smallest test harness that does the job.
 *
 * A test program defines cases with TEST(test_<module>__<case>) and lists them in
 * main() with RUN(...). `prog` runs every case, `prog NAME` runs one. Each failed
 * CHECK prints FILE:LINE and the expression, and the case goes on; the program ends
 * with "N passed, N failed" and exits 1 if any case failed. */
#ifndef NURTURE_TESTING_H
#define NURTURE_TESTING_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int testing_failures_in_case;
static int testing_passed, testing_failed;
static const char *testing_only;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            testing_failures_in_case++;                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long testing_a = (long long)(a), testing_b = (long long)(b);                          \
        if (testing_a != testing_b) {                                                              \
            fprintf(stderr, "%s:%d: CHECK_INT failed: %s == %lld, expected %s == %lld\n",          \
                    __FILE__, __LINE__, #a, testing_a, #b, testing_b);                             \
            testing_failures_in_case++;                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *testing_a = (a), *testing_b = (b);                                             \
        if (!testing_a || !testing_b || strcmp(testing_a, testing_b) != 0) {                       \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s == \"%s\", expected \"%s\"\n", __FILE__,  \
                    __LINE__, #a, testing_a ? testing_a : "(null)",                                \
                    testing_b ? testing_b : "(null)");                                             \
            testing_failures_in_case++;                                                            \
        }                                                                                          \
    } while (0)

static inline void testing_run(const char *name, void (*fn)(void))
{
    if (testing_only && strcmp(testing_only, name) != 0) return;
    testing_failures_in_case = 0;
    fn();
    if (testing_failures_in_case) {
        fprintf(stderr, "FAIL %s\n", name);
        testing_failed++;
    } else {
        printf("ok   %s\n", name);
        testing_passed++;
    }
}

#define RUN(name) testing_run(#name, name)

/* Make `dir` (TESTING_DIR_MAX bytes) a new empty folder /tmp/nurture-NAME-XXXXXX,
 * removing the one it named before, with its files. Aborts when none can be made. */
#define TESTING_DIR_MAX 64
/* Remove the folder `dir` with what it holds (nothing when `dir` is ""). */
static inline void testing_remove_dir(const char *dir)
{
    char cmd[TESTING_DIR_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (dir[0] && system(cmd) != 0) fprintf(stderr, "cannot clean %s\n", dir);
}

static inline void testing_fresh_dir(char *dir, const char *name)
{
    testing_remove_dir(dir);
    snprintf(dir, TESTING_DIR_MAX, "/tmp/nurture-%s-XXXXXX", name);
    if (!mkdtemp(dir)) abort();
}

static inline void testing_begin(int argc, char **argv)
{
    testing_only = argc > 1 ? argv[1] : NULL;
}

static inline int testing_end(void)
{
    printf("%d passed, %d failed\n", testing_passed, testing_failed);
    if (testing_passed + testing_failed == 0) {
        fprintf(stderr, "no test case ran\n");
        return 1;
    }
    return testing_failed ? 1 : 0;
}

#endif
