/* cli.h: the command line, the contract the tests and the systemd unit rely on.
 *
 *   nurture                      run the default class (baby course, week 1), fullscreen
 *     --plan NAME|FILE           another class;   --list   list the built-in classes
 *     --check FILE...            validate plan files, print FILE:LINE:COL: message
 *     --start N[.M]              begin at segment N, step M (1-based)
 *     --window [--size WxH]      a window instead of fullscreen
 *     --text                     a plain text view in the terminal instead of the screen
 *
 * Parsing only fills cli_options; it opens no file and starts nothing. */
#ifndef NURTURE_CLI_H
#define NURTURE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#define CLI_DEFAULT_PLAN "baby-week-1"

typedef struct cli_options {
    const char *plan; /* name or file; CLI_DEFAULT_PLAN when not given */
    bool help, version, list, check, window, text;
    int start_segment, start_step; /* 1-based; 0 when not given */
    int width, height;             /* --size; 0 when not given */
    char **files;                  /* positional arguments (files for --check) */
    int nfiles;
} cli_options;

/* Fill `o` from argv. On a mistake, prints a one-line message and a hint to `err`
 * and returns -1. */
int cli_parse(int argc, char **argv, cli_options *o, FILE *err);

/* The --help text. */
void cli_usage(FILE *out);

#endif
