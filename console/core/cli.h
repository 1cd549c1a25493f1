/* cli.h: the command line, the contract the tests and the systemd unit rely on.
 *
 *   nurture                      run the default class (baby course, week 1), fullscreen
 *     --plan NAME|FILE           another class;   --list   list the built-in classes
 *     --check FILE...            validate plan files, print FILE:LINE:COL: message
 *       [--strict]               (and FILE:LINE:COL: warning: message; --strict fails on them)
 *     --start N[.M]              begin at segment N, step M (1-based)
 *     --window [--size WxH]      a window instead of fullscreen
 *     --text                     a plain text view in the terminal instead of the screen
 *     --resume                   continue the class that was interrupted
 *     --port N | --no-remote     phone remote port (default 8080), or none
 *     --pin CODE                 a fixed pairing code instead of a fresh random one
 *     --music DIR | --mute       a music folder (default: built-in calm music), or silence
 *     --volume PERCENT           the music's volume at start (default 70)
 *     --audio WHERE              sound out of: default, hdmi, hdmi2, headphones, card:NAME
 *     --wifi-ssid NAME --wifi-password WORD   the room's Wi-Fi (tools/hotspot), for the
 *                                welcome screen's join-the-Wi-Fi QR code
 *     --render OUT.png --at N.M --time SECONDS [--size WxH]   draw one frame, exit
 *
 * Settings files (settings.h) give defaults; the command line overrides them.
 * Parsing only fills cli_options; it opens no file and starts nothing. */
#ifndef NURTURE_CLI_H
#define NURTURE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#define CLI_DEFAULT_PLAN   "baby-week-1"
#define CLI_DEFAULT_PORT   8080
#define CLI_DEFAULT_VOLUME 70

typedef struct cli_options {
    const char *plan; /* name or file; CLI_DEFAULT_PLAN when not given */
    bool plan_given;  /* --plan was on the command line */
    bool help, version, list, check, window, text;
    bool strict;                   /* --check fails on warnings too */
    int start_segment, start_step; /* 1-based; 0 when not given */
    int width, height;             /* --size; 0 when not given */
    bool resume;
    int port; /* CLI_DEFAULT_PORT when not given */
    bool no_remote;
    const char *pin;       /* NULL when not given */
    const char *music_dir; /* NULL: built-in music */
    bool mute;
    int volume;                /* percent, CLI_DEFAULT_VOLUME when not given */
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

/* Set every option to its default. */
void cli_init(cli_options *o);

/* Fill `o` from argv, over what is already there (defaults and settings). On a
 * mistake, prints a one-line message and a hint to `err` and returns -1. */
int cli_parse(int argc, char **argv, cli_options *o, FILE *err);

/* Is `pin` a pairing code: 4 to 8 digits? */
bool cli_valid_pin(const char *pin);

/* Parse WIDTHxHEIGHT (320x240 to 16384x16384) into *w and *h; 0 or -1. */
int cli_parse_size(const char *s, int *w, int *h);

/* The ALSA card of an --audio value: NULL for "default", the Raspberry Pi's card names
 * for "hdmi" (HDMI 0), "hdmi2" (HDMI 1) and "headphones" (the 3.5 mm jack of a Pi 4),
 * NAME for "card:NAME" (e.g. a USB speaker, as `aplay -l` names it). Returns 0, or -1
 * for anything else. The card is `value` itself or a string literal. */
int cli_audio_card(const char *value, const char **card);

/* Is `ssid` a Wi-Fi name (1 to 32 bytes), `password` a WPA2 password (8 to 63
 * printable ASCII characters)? */
bool cli_wifi_ssid_ok(const char *ssid);
bool cli_wifi_password_ok(const char *password);

/* The --help text. */
void cli_usage(FILE *out);

#endif
