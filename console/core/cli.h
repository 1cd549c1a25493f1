/* cli.h: the console's options, the contract the tests and the systemd unit rely on.
 *
 * One table (cli_table) lists every option once: its name on the command line, its key
 * in the settings files (settings.h), the kind and range of its value, its default and
 * its line of --help. The command line (cli_parse), the settings files (settings_apply)
 * and the help (cli_usage) are all read from it, so they cannot disagree; `nurture
 * --help` shows it.
 *
 * Settings files give defaults; the command line overrides them. Parsing only fills
 * cli_options; it opens no file and starts nothing. */
#ifndef NURTURE_CLI_H
#define NURTURE_CLI_H

#include <stdbool.h>
#include <stdio.h>

typedef struct cli_options {
    const char *plan; /* name or file; the table's default when not given */
    bool plan_given;  /* --plan was on the command line */
    bool help, version, list, check, window, text;
    bool log, csv;                 /* --log [FILE|last], --csv */
    bool strict;                   /* --check fails on warnings too */
    int start_segment, start_step; /* 1-based; 0 when not given */
    int width, height;             /* --size; 0 when not given */
    bool resume;
    int wall_clock; /* CLI_WALL_AUTO, _TRUSTED or _UNTRUSTED: may a stop count as class time? */
    int port;       /* the table's default when not given */
    bool no_remote;
    const char *pin;       /* NULL when not given */
    const char *music_dir; /* NULL: built-in music */
    bool mute;
    int volume;                /* percent, the table's default when not given */
    const char *audio;         /* --audio as given ("hdmi"...), NULL when not given */
    const char *audio_card;    /* its ALSA card ("vc4hdmi0"...); NULL: the default device */
    const char *wifi_ssid;     /* the room's Wi-Fi name, NULL when there is none */
    const char *wifi_password; /* its WPA2 password, NULL with no Wi-Fi name */
    const char *render;        /* --render OUT.png, NULL when not given */
    int at_segment, at_step;   /* --at N.M, 1-based; 0 when not given */
    double at_time;            /* --time SECONDS into that step */
    char **files;              /* positional arguments (files for --check) */
    int nfiles;
} cli_options;

/* What kind of value an option takes. */
typedef enum cli_kind {
    CLI_FLAG,      /* none on the command line; true or false in the settings */
    CLI_TEXT,      /* any text: a name, a file, a folder */
    CLI_INT,       /* a whole number from min to max */
    CLI_DIGITS,    /* min to max digits (a pairing code) */
    CLI_BYTES,     /* min to max bytes of text (a Wi-Fi name) */
    CLI_PRINTABLE, /* min to max printable ASCII characters (a Wi-Fi password) */
    CLI_SIZE,      /* WIDTHxHEIGHT, from CLI_SIZE_MIN_W x CLI_SIZE_MIN_H to CLI_SIZE_MAX */
    CLI_POSITION,  /* a segment N or a step N.M, each from 1 to max */
    CLI_SECONDS,   /* seconds, fractions allowed, from min to below max */
    CLI_AUDIO,     /* where the sound goes: default, hdmi, hdmi2, headphones, card:NAME */
    CLI_CHOICE,    /* one word of the option's `choices`; its index is the value */
} cli_kind;

/* --wall-clock: the words of its `choices`, in this order. */
enum { CLI_WALL_AUTO, CLI_WALL_TRUSTED, CLI_WALL_UNTRUSTED };

#define CLI_SIZE_MIN_W 320
#define CLI_SIZE_MIN_H 240
#define CLI_SIZE_MAX   16384

/* One option. `field` (and `field2`: the height, the step, the audio card) are
 * offsets into cli_options of the value's kind: bool for CLI_FLAG, int for numbers and
 * choices, const char * for texts, double for seconds. */
typedef struct cli_option {
    const char *name; /* on the command line, without "--" */
    const char *key;  /* in the settings files, or NULL: the command line only */
    cli_kind kind;
    const char *arg;  /* the value as --help names it ("N", "DIR"); NULL for a flag */
    int min, max;     /* the range of a number, or the length of a text */
    const char *def;  /* the default, as written on the command line; NULL: none */
    const char *help; /* its line of --help ('\n' goes on the next line) */
    size_t field, field2;
    bool negated;      /* the settings key says the opposite (remote: false is --no-remote) */
    bool secret;       /* the value is never echoed in a message */
    const char *none;  /* a settings value that means "not set" ("music: built-in") */
    const char *needs; /* the option this one goes with ("render"), or NULL */
    const char *const *choices; /* CLI_CHOICE: its words, NULL-terminated */
} cli_option;

/* The table, `*n` options long. */
const cli_option *cli_table(size_t *n);

/* The range of a number, or of a text's length, or the choices, in words: "0 to 100",
 * "6 to 10 digits", "default, hdmi, ... or card:NAME", "auto, trusted or untrusted";
 * "" for the other kinds. --help and the messages about a value show it. */
void cli_range(const cli_option *opt, char *buf, size_t size);

/* Set every option to its default. */
void cli_init(cli_options *o);

/* Give option `opt` the text `value` (a flag: NULL sets it). Returns 0, or -1 with
 * what a right value looks like in `why` ("write a whole number from 0 to 100"). The
 * value is kept by pointer: it must outlive `o`. */
int cli_set(const cli_option *opt, const char *value, cli_options *o, char *why, size_t size);

/* Does `o` have option `opt` set: a flag true, a text given? (Numbers: always.) */
bool cli_is_set(const cli_option *opt, const cli_options *o);

/* The option named `name` (without "--"), or NULL. */
const cli_option *cli_find(const char *name);

/* Set a flag as a settings file says (`on` is the key's value; a negated key is the
 * flag's opposite). */
void cli_set_flag(const cli_option *opt, bool on, cli_options *o);

/* Fill `o` from argv, over what is already there (defaults and settings). On a
 * mistake, prints a one-line message and a hint to `err` and returns -1. */
int cli_parse(int argc, char **argv, cli_options *o, FILE *err);

/* The --help text: every option of the table, the settings keys, the keys. */
void cli_usage(FILE *out);

#endif
