/* cli.c: see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void cli_usage(FILE *out)
{
    fputs("Usage: nurture [OPTION]...\n"
          "Run a massage class on the projector: strokes, timers, music, the phone remote.\n"
          "\n"
          "  --plan NAME|FILE     the class to run (default " CLI_DEFAULT_PLAN ");\n"
          "                       NAME is a plan in scenes/, see --list\n"
          "  --list               list the built-in classes\n"
          "  --check FILE...      check plan files; print problems as FILE:LINE:COL: message\n"
          "  --start N[.M]        begin at segment N, step M (counting from 1)\n"
          "  --window             a window instead of fullscreen\n"
          "  --size WxH           the window's size, e.g. 1280x720\n"
          "  --text               a plain text view in the terminal\n"
          "  --help               this help;  --version  the version\n"
          "\n"
          "Keys: Right/Space/Enter next, Left/Backspace back, P pause, + and - a minute\n"
          "more or less, R restart, Q quit.\n",
          out);
}

static int parse_start(const char *s, int *seg, int *step)
{
    char *end;
    long n = strtol(s, &end, 10), m = 1;
    if (end == s || n < 1 || n > 1000) return -1;
    if (*end == '.') {
        const char *p = end + 1;
        m = strtol(p, &end, 10);
        if (end == p || m < 1 || m > 1000) return -1;
    }
    if (*end) return -1;
    *seg = (int)n;
    *step = (int)m;
    return 0;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X')) return -1;
    const char *p = end + 1;
    long y = strtol(p, &end, 10);
    if (end == p || *end || x < 320 || y < 240 || x > 16384 || y > 16384) return -1;
    *w = (int)x;
    *h = (int)y;
    return 0;
}

int cli_parse(int argc, char **argv, cli_options *o, FILE *err)
{
    enum {
        OPT_PLAN = 256,
        OPT_LIST,
        OPT_CHECK,
        OPT_START,
        OPT_WINDOW,
        OPT_SIZE,
        OPT_TEXT,
        OPT_VERSION
    };
    static const struct option opts[] = {
        {"plan", required_argument, NULL, OPT_PLAN}, {"list", no_argument, NULL, OPT_LIST},
        {"check", no_argument, NULL, OPT_CHECK},     {"start", required_argument, NULL, OPT_START},
        {"window", no_argument, NULL, OPT_WINDOW},   {"size", required_argument, NULL, OPT_SIZE},
        {"text", no_argument, NULL, OPT_TEXT},       {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION}, {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof(*o));
    o->plan = CLI_DEFAULT_PLAN;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_PLAN: o->plan = optarg; break;
        case OPT_LIST: o->list = true; break;
        case OPT_CHECK: o->check = true; break;
        case OPT_START:
            if (parse_start(optarg, &o->start_segment, &o->start_step)) {
                fprintf(err,
                        "nurture: --start '%s': write a segment number, or segment.step "
                        "(e.g. 4 or 4.2)\n",
                        optarg);
                return -1;
            }
            break;
        case OPT_WINDOW: o->window = true; break;
        case OPT_SIZE:
            if (parse_size(optarg, &o->width, &o->height)) {
                fprintf(err, "nurture: --size '%s': write WIDTHxHEIGHT, e.g. 1280x720\n", optarg);
                return -1;
            }
            break;
        case OPT_TEXT: o->text = true; break;
        case 'h': o->help = true; break;
        case OPT_VERSION: o->version = true; break;
        case ':':
            fprintf(err, "nurture: %s needs a value (see nurture --help)\n", argv[optind - 1]);
            return -1;
        default:
            fprintf(err, "nurture: unknown option '%s' (see nurture --help)\n", argv[optind - 1]);
            return -1;
        }
    }
    o->files = argv + optind;
    o->nfiles = argc - optind;
    if (o->nfiles && !o->check) {
        fprintf(err, "nurture: unexpected '%s' (to run a plan file use --plan FILE)\n",
                o->files[0]);
        return -1;
    }
    if (o->check && !o->nfiles) {
        fprintf(err, "nurture: --check needs the files to check\n");
        return -1;
    }
    return 0;
}
