/* cli.c: see cli.h. */
#include "core/cli.h"

#include "core/status.h"

#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define F(field) offsetof(cli_options, field)

// clang-format off
/* An entry: name, settings key, kind, value in --help, min, max, default, help line,
 * field, second field, then any of .negated, .secret, .none, .needs, .choices. */
#define OPT(name_, key_, kind_, arg_, min_, max_, def_, help_, field_, field2_, ...)            \
    {.name = name_, .key = key_, .kind = kind_, .arg = arg_, .min = min_, .max = max_,          \
     .def = def_, .help = help_, .field = field_, .field2 = field2_, __VA_ARGS__}

static const char *const wall_clock_words[] = {"auto", "trusted", "untrusted", NULL};

static const cli_option table[] = {
    OPT("plan", "plan", CLI_TEXT, "NAME|FILE", 0, 0, "baby-week-1",
        "the class to run: a plan of scenes/ (see --list)\nor a plan file", F(plan), 0),
    OPT("list", NULL, CLI_FLAG, NULL, 0, 0, NULL, "list the built-in classes", F(list), 0),
    OPT("check", NULL, CLI_FLAG, "FILE...", 0, 0, NULL,
        "check plan files; print problems as FILE:LINE:COL: message\n"
        "and advice as FILE:LINE:COL: warning: message", F(check), 0),
    OPT("strict", NULL, CLI_FLAG, NULL, 0, 0, NULL, "with --check: warnings fail the check too",
        F(strict), 0, .needs = "check"),
    OPT("start", NULL, CLI_POSITION, "N[.M]", 1, 1000, NULL,
        "begin at segment N, step M (counting from 1)", F(start_segment), F(start_step)),
    OPT("window", "window", CLI_FLAG, NULL, 0, 0, NULL, "a window instead of fullscreen", F(window), 0),
    OPT("size", "size", CLI_SIZE, "WxH", 0, 0, NULL, "the window's size, e.g. 1280x720",
        F(width), F(height)),
    OPT("text", NULL, CLI_FLAG, NULL, 0, 0, NULL, "a plain text view in the terminal", F(text), 0),
    OPT("resume", NULL, CLI_FLAG, NULL, 0, 0, NULL, "continue the class that was interrupted",
        F(resume), 0),
    OPT("wall-clock", "wall_clock", CLI_CHOICE, "TRUST", 0, 0, "auto",
        "with --resume: count the time the console was off\n"
        "as class time, by the wall clock (auto: trusted\n"
        "when NTP keeps it right; up to 2 hours)", F(wall_clock), 0, .choices = wall_clock_words),
    OPT("port", "port", CLI_INT, "N", 0, 65535, "8080",
        "the phone remote's port; 0 takes any free one\nand prints it at start", F(port), 0),
    OPT("no-remote", "remote", CLI_FLAG, NULL, 0, 0, NULL, "no phone remote (remote: false)",
        F(no_remote), 0, .negated = true),
    OPT("pin", "pin", CLI_DIGITS, "CODE", PIN_MIN_DIGITS, PIN_MAX_DIGITS, NULL,
        "a fixed pairing code, not a fresh one", F(pin), 0),
    OPT("music", "music", CLI_TEXT, "DIR", 0, 0, NULL,
        "play the music files of a folder (default: built-in music)", F(music_dir), 0,
        .none = "built-in"),
    OPT("mute", "mute", CLI_FLAG, NULL, 0, 0, NULL, "no sound at all", F(mute), 0),
    OPT("volume", "volume", CLI_INT, "PERCENT", 0, 100, "70", "the music's volume at start",
        F(volume), 0),
    OPT("audio", "audio", CLI_AUDIO, "WHERE", 0, 0, NULL,
        "where the sound goes; card:NAME is a card\nas `aplay -l` names it", F(audio), F(audio_card)),
    OPT("wifi-ssid", "wifi_ssid", CLI_BYTES, "NAME", 1, 32, NULL,
        "the room's Wi-Fi, shown as a QR code to join it;\ntools/hotspot sets it", F(wifi_ssid), 0),
    OPT("wifi-password", "wifi_password", CLI_PRINTABLE, "WORD", 8, 63, NULL,
        "the Wi-Fi's password", F(wifi_password), 0, .secret = true, .needs = "wifi-ssid"),
    OPT("render", NULL, CLI_TEXT, "OUT.png", 0, 0, NULL,
        "draw one frame to a PNG file and exit (at --size WxH)", F(render), 0),
    OPT("at", NULL, CLI_POSITION, "N.M", 1, 1000, NULL, "with --render: segment N, step M",
        F(at_segment), F(at_step), .needs = "render"),
    OPT("time", NULL, CLI_SECONDS, "S", 0, 86400, NULL, "with --render: S seconds into the step",
        F(at_time), 0, .needs = "render"),
    OPT("log", NULL, CLI_FLAG, "[FILE|last]", 0, 0, NULL,
        "print a summary of a class's log (default: the last\nclass): planned and actual times, pauses, overtime",
        F(log), 0),
    OPT("csv", NULL, CLI_FLAG, NULL, 0, 0, NULL, "with --log: the summary as CSV", F(csv), 0,
        .needs = "log"),
    OPT("help", NULL, CLI_FLAG, NULL, 0, 0, NULL, "this help", F(help), 0),
    OPT("version", NULL, CLI_FLAG, NULL, 0, 0, NULL, "the version", F(version), 0),
};
// clang-format on

#define NOPTS (sizeof table / sizeof table[0])

const cli_option *cli_table(size_t *n)
{
    *n = NOPTS;
    return table;
}

const cli_option *cli_find(const char *name)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (!strcmp(table[i].name, name)) return &table[i];
    return NULL;
}

/* Field access by offset. */
#define AT(o, off, type) ((type *)((char *)(o) + (off)))

static int parse_long(const char *s, long min, long max, long *out, const char **end)
{
    char *e;
    long v = strtol(s, &e, 10);
    if (e == s || v < min || v > max || (!end && *e)) return -1;
    if (end) *end = e;
    *out = v;
    return 0;
}

static int parse_position(const char *s, int max, int *seg, int *step)
{
    long n, m = 1;
    const char *end;
    if (parse_long(s, 1, max, &n, &end)) return -1;
    if (*end == '.' && parse_long(end + 1, 1, max, &m, &end)) return -1;
    if (*end) return -1;
    *seg = (int)n;
    *step = (int)m;
    return 0;
}

static int parse_size(const char *s, int *w, int *h)
{
    long x, y;
    const char *end;
    if (parse_long(s, CLI_SIZE_MIN_W, CLI_SIZE_MAX, &x, &end) || (*end != 'x' && *end != 'X') ||
        parse_long(end + 1, CLI_SIZE_MIN_H, CLI_SIZE_MAX, &y, NULL))
        return -1;
    *w = (int)x;
    *h = (int)y;
    return 0;
}

/* Is `s` min to max characters long, each of `chars` (NULL: any byte; "" printable)? */
static bool text_ok(const char *s, int min, int max, const char *chars)
{
    size_t n = strlen(s);
    if (n < (size_t)min || n > (size_t)max) return false;
    if (chars && *chars) return strspn(s, chars) == n;
    for (const char *p = s; chars && *p; p++)
        if (*p < 0x20 || *p > 0x7e) return false;
    return true;
}

/* The ALSA card of an --audio value: NULL for "default", the Raspberry Pi's card names
 * for "hdmi" (HDMI 0), "hdmi2" (HDMI 1) and "headphones" (the 3.5 mm jack of a Pi 4),
 * NAME for "card:NAME" (e.g. a USB speaker, as `aplay -l` names it). Returns 0, or -1
 * for anything else. The card is `value` itself or a string literal. */
static const char *const audio_names[][2] = {
    {"default", NULL},
    {"hdmi", "vc4hdmi0"},
    {"hdmi2", "vc4hdmi1"},
    {"headphones", "Headphones"},
};
#define NAUDIO (sizeof audio_names / sizeof audio_names[0])

static int audio_card(const char *value, const char **card)
{
    for (size_t i = 0; i < NAUDIO; i++) {
        if (!strcmp(value, audio_names[i][0])) {
            *card = audio_names[i][1];
            return 0;
        }
    }
    /* card:NAME, NAME as ALSA spells card ids: letters, digits, '_' and '-'. */
    if (strncmp(value, "card:", 5) ||
        !text_ok(value + 5, 1, 31,
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"))
        return -1;
    *card = value + 5;
    return 0;
}

void cli_range(const cli_option *opt, char *buf, size_t size)
{
    static const char *const units[] = {
        [CLI_INT] = "",
        [CLI_DIGITS] = " digits",
        [CLI_BYTES] = " characters",
        [CLI_PRINTABLE] = " letters, digits or signs",
    };
    if (size) buf[0] = '\0';
    if ((size_t)opt->kind < sizeof units / sizeof units[0] && units[opt->kind]) {
        snprintf(buf, size, "%d to %d%s", opt->min, opt->max, units[opt->kind]);
    } else if (opt->kind == CLI_AUDIO) {
        for (size_t i = 0, n = 0; i < NAUDIO && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s, ", audio_names[i][0]);
        strncat(buf, "or card:NAME", size - strlen(buf) - 1);
    } else if (opt->kind == CLI_CHOICE) {
        for (size_t i = 0, n = 0; opt->choices[i] && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", opt->choices[i],
                                  !opt->choices[i + 1]   ? ""
                                  : !opt->choices[i + 2] ? " or "
                                                         : ", ");
    }
}

/* The index of `value` among `choices`, or -1. */
static int choice_of(const char *const *choices, const char *value)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(choices[i], value)) return i;
    return -1;
}

int cli_set(const cli_option *opt, const char *value, cli_options *o, char *why, size_t size)
{
    bool ok = true;
    long n;
    char range[64];
    cli_range(opt, range, sizeof range);
    switch (opt->kind) {
    case CLI_FLAG: *AT(o, opt->field, bool) = true; return 0;
    case CLI_TEXT: break;
    case CLI_INT:
        ok = parse_long(value, opt->min, opt->max, &n, NULL) == 0;
        if (ok)
            *AT(o, opt->field, int) = (int)n;
        else
            snprintf(why, size, "write a whole number from %s", range);
        return ok ? 0 : -1;
    case CLI_DIGITS:
        ok = text_ok(value, opt->min, opt->max, "0123456789");
        snprintf(why, size, "write %s", range);
        break;
    case CLI_BYTES:
        ok = text_ok(value, opt->min, opt->max, NULL);
        snprintf(why, size, "write %s", range);
        break;
    case CLI_PRINTABLE:
        ok = text_ok(value, opt->min, opt->max, "");
        snprintf(why, size, "write %s", range);
        break;
    case CLI_SIZE:
        ok = parse_size(value, AT(o, opt->field, int), AT(o, opt->field2, int)) == 0;
        snprintf(why, size, "write WIDTHxHEIGHT from %dx%d to %dx%d, e.g. 1280x720", CLI_SIZE_MIN_W,
                 CLI_SIZE_MIN_H, CLI_SIZE_MAX, CLI_SIZE_MAX);
        return ok ? 0 : -1;
    case CLI_POSITION:
        ok = parse_position(value, opt->max, AT(o, opt->field, int), AT(o, opt->field2, int)) == 0;
        snprintf(why, size, "write a segment number, or segment.step (e.g. 4 or 4.2)");
        return ok ? 0 : -1;
    case CLI_SECONDS: {
        char *end;
        double s = strtod(value, &end);
        ok = end != value && !*end && s >= opt->min && s < opt->max;
        if (ok) *AT(o, opt->field, double) = s;
        snprintf(why, size, "write seconds from %d to below %d, e.g. 12.5", opt->min, opt->max);
        return ok ? 0 : -1;
    }
    case CLI_AUDIO:
        ok = audio_card(value, AT(o, opt->field2, const char *)) == 0;
        snprintf(why, size, "write %s", range);
        break;
    case CLI_CHOICE: {
        int i = choice_of(opt->choices, value);
        if (i >= 0) *AT(o, opt->field, int) = i;
        snprintf(why, size, "write %s", range);
        return i >= 0 ? 0 : -1;
    }
    }
    if (ok)
        *AT(o, opt->field, const char *) = opt->none && !strcmp(value, opt->none) ? NULL : value;
    return ok ? 0 : -1;
}

bool cli_is_set(const cli_option *opt, const cli_options *o)
{
    switch (opt->kind) {
    case CLI_FLAG: return *AT(o, opt->field, const bool);
    case CLI_TEXT:
    case CLI_DIGITS:
    case CLI_BYTES:
    case CLI_PRINTABLE:
    case CLI_AUDIO: return *AT(o, opt->field, const char *const) != NULL;
    default: return true;
    }
}

void cli_set_flag(const cli_option *opt, bool on, cli_options *o)
{
    *AT(o, opt->field, bool) = opt->negated ? !on : on;
}

void cli_init(cli_options *o)
{
    memset(o, 0, sizeof(*o));
    char why[128];
    for (size_t i = 0; i < NOPTS; i++)
        if (table[i].def && cli_set(&table[i], table[i].def, o, why, sizeof why)) abort();
}

void cli_usage(FILE *out)
{
    fputs("Usage: nurture [OPTION]...\n"
          "Run a massage class on the projector: strokes, timers, music, the phone remote.\n"
          "\n",
          out);
    for (size_t i = 0; i < NOPTS; i++) {
        const cli_option *opt = &table[i];
        char head[48];
        snprintf(head, sizeof head, "  --%s%s%s", opt->name, opt->arg ? " " : "",
                 opt->arg ? opt->arg : "");
        fprintf(out, "%-22s ", head);
        int col = 23;
        for (const char *p = opt->help; *p; p++, col++) {
            fputc(*p, out);
            if (*p == '\n') col = fprintf(out, "%-22s ", "") - 1;
        }
        /* Its range and default, on a line of their own when they do not fit. */
        char range[96], tail[128] = "";
        cli_range(opt, range, sizeof range);
        if (range[0] && opt->def)
            snprintf(tail, sizeof tail, "(%s, default %s)", range, opt->def);
        else if (range[0] || opt->def)
            snprintf(tail, sizeof tail, "(%s%s)", range[0] ? range : "default ",
                     range[0] ? "" : opt->def);
        if (tail[0] && col + 1 + (int)strlen(tail) > 80)
            fprintf(out, "\n%-22s %s", "", tail);
        else if (tail[0])
            fprintf(out, " %s", tail);
        fputc('\n', out);
    }
    fputs("\nSettings files (/etc/nurture/nurture.conf, ~/.config/nurture/nurture.conf,\n"
          "or $NURTURE_CONFIG) give the same options as `key: value` lines; the command\n"
          "line wins. Their keys:",
          out);
    size_t last = 0;
    for (size_t i = 0; i < NOPTS; i++)
        if (table[i].key) last = i;
    int col = 22;
    for (size_t i = 0; i <= last; i++) {
        if (!table[i].key) continue;
        int len = (int)strlen(table[i].key) + 2;
        bool wrap = col + len > 80;
        fprintf(out, "%s%s%s", wrap ? "\n" : " ", table[i].key, i < last ? "," : ".");
        col = wrap ? len - 1 : col + len;
    }
    fputs("\n\nKeys: Right, Space or Enter next; Left or Backspace back; P pause; ] and [\n"
          "a minute more or less; + and - volume; M mute; B blank; F fullscreen;\n"
          "C shows the phones' pairing code for a minute; K forgets every paired phone;\n"
          "Q twice to quit.\n",
          out);
}

int cli_parse(int argc, char **argv, cli_options *o, FILE *err)
{
    static struct option opts[NOPTS + 1];
    for (size_t i = 0; i < NOPTS; i++)
        opts[i] = (struct option){table[i].name,
                                  table[i].kind == CLI_FLAG ? no_argument : required_argument, NULL,
                                  256 + (int)i};
    opterr = 0;
    optind = 1;
    int c, index = 0;
    bool given[NOPTS] = {false};
    while ((c = getopt_long(argc, argv, ":h", opts, &index)) != -1) {
        if (c == 'h') c = 256 + (int)(cli_find("help") - table);
        if (c == ':') {
            fprintf(err, "nurture: %s needs a value (see nurture --help)\n", argv[optind - 1]);
            return -1;
        }
        if (c < 256 || c >= 256 + (int)NOPTS) {
            fprintf(err, "nurture: unknown option '%s' (see nurture --help)\n", argv[optind - 1]);
            return -1;
        }
        const cli_option *opt = &table[c - 256];
        char why[128];
        if (cli_set(opt, optarg, o, why, sizeof why)) {
            if (opt->secret)
                fprintf(err, "nurture: --%s: %s\n", opt->name, why);
            else
                fprintf(err, "nurture: --%s '%s': %s\n", opt->name, optarg, why);
            return -1;
        }
        if (opt->field == F(plan)) o->plan_given = true;
        given[opt - table] = true;
    }
    o->files = argv + optind;
    o->nfiles = argc - optind;
    for (size_t i = 0; i < NOPTS; i++) {
        const cli_option *need = table[i].needs ? cli_find(table[i].needs) : NULL;
        if (given[i] && need && !cli_is_set(need, o)) {
            fprintf(err, "nurture: --%s goes with --%s%s%s\n", table[i].name, need->name,
                    need->arg ? " " : "", need->arg ? need->arg : "");
            return -1;
        }
    }
    if (o->log && o->nfiles > 1) {
        fprintf(err, "nurture: --log reads one file (or last)\n");
        return -1;
    }
    if (o->nfiles && !o->check && !o->log) {
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
