/* diag.h: problems found in a user's file, reported as FILE:LINE:COL: message.
 *
 * Loaders never print: they add diagnostics here and return an error, and the caller
 * decides where the words go (the terminal for --check, the screen otherwise).
 * Messages are plain words for a non-programmer: say what is wrong and what to do.
 *
 * Two kinds: an error makes the file unusable (diag_add); a warning is advice about a
 * file that loads and runs (diag_warn), printed as FILE:LINE:COL: warning: message.
 * `nurture --check` fails on errors, and on warnings too with --strict. Checks that
 * warn add to the same diag as the loader, after it succeeded.
 *
 * Lines and columns are 1-based; 0 means "the whole file". A diag is owned by one
 * thread (the caller of the loader). */
#ifndef NURTURE_DIAG_H
#define NURTURE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct diag_msg {
    char *file;
    int line, col;
    bool warning; /* advice, not an error */
    char *text;
} diag_msg;

typedef struct diag {
    diag_msg *msgs;
    size_t count, cap;
    size_t limit; /* stop recording after this many (0: the default of 100) */
    size_t dropped;
    size_t warnings; /* how many of the messages (recorded or dropped) are warnings */
} diag;

void diag_init(diag *d);
void diag_release(diag *d);

/* Record one problem (an error). The text is formatted like printf. */
void diag_add(diag *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Record one warning: the file works, but something in it is probably not meant. */
void diag_warn(diag *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* How many errors were reported (recorded or dropped). */
size_t diag_errors(const diag *d);

/* Print every problem as FILE:LINE:COL: message (warnings as FILE:LINE:COL: warning:
 * message), in file order (stable by line). */
void diag_print(const diag *d, FILE *out);

/* The candidate closest to `word` by edit distance when it is close enough to be a
 * likely typo, else NULL. For "did you mean ...?" hints. */
const char *diag_suggest(const char *word, const char *const *candidates, size_t n);

/* The end of a message about an unknown `word`: "; did you mean 'NAME'?" with
 * diag_suggest's candidate, or "" when there is none. Written into `buf`, returned. */
const char *diag_did_you_mean(const char *word, const char *const *candidates, size_t n, char *buf,
                              size_t size);

#endif
