/* cli.c: see cli.h. */
#include "core/cli.h"

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
          "  --resume             continue the class that was interrupted\n"
          "  --port N             the phone remote's port (default 8080)\n"
          "  --no-remote          no phone remote\n"
          "  --pin CODE           a fixed pairing code instead of a fresh one\n"
          "  --music DIR          play the music files of a folder (default: built-in music)\n"
          "  --mute               no sound at all\n"
          "  --volume PERCENT     the music's volume at start (default 70)\n"
          "  --audio WHERE        sound out of: default, hdmi, hdmi2, headphones,\n"
          "                       or card:NAME (a card as `aplay -l` names it)\n"
          "  --wifi-ssid NAME     the room's Wi-Fi, shown as a QR code to join it,\n"
          "  --wifi-password WORD   with its password (tools/hotspot sets both)\n"
          "  --render OUT.png     draw one frame to a PNG file and exit, with\n"
          "    --at N.M --time S  segment N, step M, S seconds into it (and --size WxH)\n"
          "  --help               this help;  --version  the version\n"
          "\n"
          "Keys: Right, Space or Enter next; Left or Backspace back; P pause; ] and [\n"
          "a minute more or less; + and - volume; M mute; B blank; F fullscreen;\n"
          "C shows the phones' pairing code for a minute; K forgets every paired phone;\n"
          "Q twice to quit.\n",
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

static int parse_int(const char *s, long min, long max, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < min || v > max) return -1;
    *out = (int)v;
    return 0;
}

bool cli_valid_pin(const char *pin)
{
    size_t n = strlen(pin);
    return n >= 4 && n <= 8 && strspn(pin, "0123456789") == n;
}

int cli_parse_size(const char *s, int *w, int *h)
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

int cli_audio_card(const char *value, const char **card)
{
    static const char *const names[][2] = {
        {"default", NULL},
        {"hdmi", "vc4hdmi0"},
        {"hdmi2", "vc4hdmi1"},
        {"headphones", "Headphones"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(value, names[i][0])) {
            *card = names[i][1];
            return 0;
        }
    }
    /* card:NAME, NAME as ALSA spells card ids: letters, digits, '_' and '-'. */
    const char *name = value + 5;
    size_t n = strlen(name);
    if (strncmp(value, "card:", 5) || !n || n > 31 ||
        strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return -1;
    *card = name;
    return 0;
}

bool cli_wifi_ssid_ok(const char *ssid)
{
    size_t n = strlen(ssid);
    return n >= 1 && n <= 32;
}

bool cli_wifi_password_ok(const char *password)
{
    size_t n = strlen(password);
    if (n < 8 || n > 63) return false;
    for (const char *p = password; *p; p++)
        if (*p < 0x20 || *p > 0x7e) return false;
    return true;
}

void cli_init(cli_options *o)
{
    memset(o, 0, sizeof(*o));
    o->plan = CLI_DEFAULT_PLAN;
    o->port = CLI_DEFAULT_PORT;
    o->volume = CLI_DEFAULT_VOLUME;
}

int cli_parse(int argc, char **argv, cli_options *o, FILE *err)
{
    enum {
        OPT_RESUME = 300,
        OPT_PORT,
        OPT_NO_REMOTE,
        OPT_PIN,
        OPT_MUSIC,
        OPT_MUTE,
        OPT_VOLUME,
        OPT_RENDER,
        OPT_AT,
        OPT_TIME,
        OPT_AUDIO,
        OPT_WIFI_SSID,
        OPT_WIFI_PASSWORD,
        OPT_PLAN = 256,
        OPT_LIST,
        OPT_CHECK,
        OPT_START,
        OPT_WINDOW,
        OPT_SIZE,
        OPT_TEXT,
        OPT_VERSION
    };
    // clang-format off
    static const struct option opts[] = {
        {"plan", required_argument, NULL, OPT_PLAN},
        {"list", no_argument, NULL, OPT_LIST},
        {"check", no_argument, NULL, OPT_CHECK},
        {"start", required_argument, NULL, OPT_START},
        {"window", no_argument, NULL, OPT_WINDOW},
        {"size", required_argument, NULL, OPT_SIZE},
        {"text", no_argument, NULL, OPT_TEXT},
        {"resume", no_argument, NULL, OPT_RESUME},
        {"port", required_argument, NULL, OPT_PORT},
        {"no-remote", no_argument, NULL, OPT_NO_REMOTE},
        {"pin", required_argument, NULL, OPT_PIN},
        {"music", required_argument, NULL, OPT_MUSIC},
        {"mute", no_argument, NULL, OPT_MUTE},
        {"volume", required_argument, NULL, OPT_VOLUME},
        {"render", required_argument, NULL, OPT_RENDER},
        {"at", required_argument, NULL, OPT_AT},
        {"time", required_argument, NULL, OPT_TIME},
        {"audio", required_argument, NULL, OPT_AUDIO},
        {"wifi-ssid", required_argument, NULL, OPT_WIFI_SSID},
        {"wifi-password", required_argument, NULL, OPT_WIFI_PASSWORD},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    // clang-format on
    opterr = 0;
    optind = 1;
    int c, index = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, &index)) != -1) {
        const char *bad = NULL; /* what is wrong with this option's value */
        switch (c) {
        case OPT_PLAN:
            o->plan = optarg;
            o->plan_given = true;
            break;
        case OPT_LIST: o->list = true; break;
        case OPT_CHECK: o->check = true; break;
        case OPT_START:
            if (parse_start(optarg, &o->start_segment, &o->start_step))
                bad = "write a segment number, or segment.step (e.g. 4 or 4.2)";
            break;
        case OPT_WINDOW: o->window = true; break;
        case OPT_SIZE:
            if (cli_parse_size(optarg, &o->width, &o->height))
                bad = "write WIDTHxHEIGHT, e.g. 1280x720";
            break;
        case OPT_TEXT: o->text = true; break;
        case OPT_RESUME: o->resume = true; break;
        case OPT_PORT:
            if (parse_int(optarg, 1, 65535, &o->port)) bad = "write a port number from 1 to 65535";
            break;
        case OPT_NO_REMOTE: o->no_remote = true; break;
        case OPT_PIN:
            if (cli_valid_pin(optarg))
                o->pin = optarg;
            else
                bad = "the code is 4 to 8 digits";
            break;
        case OPT_MUSIC: o->music_dir = optarg; break;
        case OPT_MUTE: o->mute = true; break;
        case OPT_VOLUME:
            if (parse_int(optarg, 0, 100, &o->volume)) bad = "write a level from 0 to 100";
            break;
        case OPT_RENDER: o->render = optarg; break;
        case OPT_AT:
            if (parse_start(optarg, &o->at_segment, &o->at_step))
                bad = "write segment.step, e.g. 4.2";
            break;
        case OPT_TIME: {
            char *end;
            o->at_time = strtod(optarg, &end);
            if (end == optarg || *end || !(o->at_time >= 0 && o->at_time < 86400))
                bad = "write seconds, e.g. 12.5";
            break;
        }
        case OPT_AUDIO:
            if (cli_audio_card(optarg, &o->audio_card)) {
                fprintf(err,
                        "nurture: --audio '%s': write default, hdmi, hdmi2, headphones, or "
                        "card:NAME\n",
                        optarg);
                return -1;
            }
            o->audio = optarg;
            break;
        case OPT_WIFI_SSID:
            if (!cli_wifi_ssid_ok(optarg)) {
                fprintf(err, "nurture: --wifi-ssid '%s': a Wi-Fi name is 1 to 32 characters\n",
                        optarg);
                return -1;
            }
            o->wifi_ssid = optarg;
            break;
        case OPT_WIFI_PASSWORD:
            if (!cli_wifi_password_ok(optarg)) {
                fprintf(err, "nurture: --wifi-password: a Wi-Fi password is 8 to 63 letters, "
                             "digits or signs\n");
                return -1;
            }
            o->wifi_password = optarg;
            break;
        case 'h': o->help = true; break;
        case OPT_VERSION: o->version = true; break;
        case ':':
            fprintf(err, "nurture: %s needs a value (see nurture --help)\n", argv[optind - 1]);
            return -1;
        default:
            fprintf(err, "nurture: unknown option '%s' (see nurture --help)\n", argv[optind - 1]);
            return -1;
        }
        if (bad) {
            fprintf(err, "nurture: --%s '%s': %s\n", opts[index].name, optarg, bad);
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
    if ((o->at_segment || o->at_time > 0) && !o->render) {
        fprintf(err, "nurture: --at and --time go with --render OUT.png\n");
        return -1;
    }
    if (o->wifi_password && !o->wifi_ssid) {
        fprintf(err, "nurture: a Wi-Fi password needs its Wi-Fi name (--wifi-ssid)\n");
        return -1;
    }
    if (o->check && !o->nfiles) {
        fprintf(err, "nurture: --check needs the files to check\n");
        return -1;
    }
    return 0;
}
