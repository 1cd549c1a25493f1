/* test_cli.c: the options table is what --help shows, and the command line and the
 * settings files accept and refuse the same values of every option because both read
 * the table. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/settings.h"
#include "testing.h"

/* Not inlined: GCC takes open_memstream's buffer for a local that dies. */
__attribute__((noinline)) static char *help_text(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cli_usage(f);
    fclose(f);
    return buf;
}

/* Every line of --help that names an option, in order, is the table's; each shows
 * the option's value, every line of its help, its range and its default. */
TEST(test_cli__help_is_the_table)
{
    size_t n;
    const cli_option *t = cli_table(&n);
    char *help = help_text();
    size_t seen = 0;
    char *save = NULL;
    char *copy = strdup(help);
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "  --", 4)) continue;
        char name[32];
        CHECK(sscanf(line + 4, "%31[a-z-]", name) == 1);
        CHECK(seen < n);
        if (seen >= n) break;
        CHECK_STR(name, t[seen].name);
        char head[64];
        snprintf(head, sizeof head, "  --%s%s%s ", t[seen].name, t[seen].arg ? " " : "",
                 t[seen].arg ? t[seen].arg : "");
        CHECK(strncmp(line, head, strlen(head)) == 0);
        seen++;
    }
    CHECK_INT((int)seen, (int)n);
    const char *keys = strstr(help, "Their keys:");
    for (size_t i = 0; i < n; i++) {
        /* Each line of the help text, and the default, as the table says. */
        char *lines = strdup(t[i].help);
        for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            if (!strstr(help, l)) fprintf(stderr, "--%s: '%s' not in --help\n", t[i].name, l);
            CHECK(strstr(help, l) != NULL);
        }
        free(lines);
        /* The range and the default, from the table's numbers, on the option's own
         * lines (up to the next option). */
        char head[64];
        snprintf(head, sizeof head, "  --%s ", t[i].name);
        const char *own = strstr(help, head);
        CHECK(own != NULL);
        const char *next = own ? strstr(own + 1, "\n  --") : NULL;
        size_t len = own ? (next ? (size_t)(next - own) : strlen(own)) : 0;
        char *lines_of = strndup(own ? own : "", len);
        char want[96];
        if (t[i].kind == CLI_INT || t[i].kind == CLI_DIGITS || t[i].kind == CLI_BYTES ||
            t[i].kind == CLI_PRINTABLE) {
            snprintf(want, sizeof want, "(%d to %d", t[i].min, t[i].max);
            if (!strstr(lines_of, want)) fprintf(stderr, "--%s: no '%s'\n", t[i].name, want);
            CHECK(strstr(lines_of, want) != NULL);
        }
        if (t[i].kind == CLI_AUDIO)
            CHECK(strstr(lines_of, "hdmi2") && strstr(lines_of, "or card:NAME"));
        if (t[i].kind == CLI_CHOICE) {
            CHECK(t[i].choices && t[i].choices[0] && t[i].choices[1]);
            for (size_t k = 0; t[i].choices && t[i].choices[k]; k++) {
                snprintf(want, sizeof want, "%s%s", t[i].choices[k + 1] ? "" : "or ",
                         t[i].choices[k]);
                if (!strstr(lines_of, want)) fprintf(stderr, "--%s: no '%s'\n", t[i].name, want);
                CHECK(strstr(lines_of, want) != NULL);
            }
        }
        if (t[i].def) {
            snprintf(want, sizeof want, "default %s)", t[i].def);
            CHECK(strstr(lines_of, want) != NULL);
        }
        free(lines_of);
        /* Every settings key is listed after "keys:". */
        if (t[i].key) {
            char key[48];
            snprintf(key, sizeof key, " %s", t[i].key);
            CHECK(keys && strstr(keys, key));
        }
    }
    free(copy);
    free(help);
}

/* cli_init gives each option the table's default, as the command line would. */
TEST(test_cli__defaults_from_the_table)
{
    size_t n;
    const cli_option *t = cli_table(&n);
    cli_options o, want;
    cli_init(&o);
    memset(&want, 0, sizeof want);
    char why[128];
    int defaults = 0;
    for (size_t i = 0; i < n; i++) {
        if (!t[i].def) continue;
        defaults++;
        CHECK(cli_set(&t[i], t[i].def, &want, why, sizeof why) == 0);
    }
    CHECK(defaults >= 3); /* plan, port, volume at least */
    CHECK_STR(o.plan, want.plan);
    CHECK_STR(o.plan, "baby-week-1");
    CHECK_INT(o.port, want.port);
    CHECK_INT(o.volume, want.volume);
    CHECK(o.port > 0 && o.volume > 0);
}

static char cfg[] = "/tmp/nurture-test-cli-XXXXXX";

/* Does the command line take `--name value`, and the settings file `key: value`,
 * and do both leave `o` the same? Returns 1 when both accept, 0 when both refuse,
 * -1 when they disagree. */
static int both_ways(const cli_option *opt, const char *value, bool quote)
{
    cli_options a, b;
    cli_init(&a);
    cli_init(&b);
    /* A Wi-Fi password needs its name, on both sides. */
    char arg[256];
    snprintf(arg, sizeof arg, "--%s", opt->name);
    bool ssid = !strcmp(opt->name, "wifi-password");
    char *argv[] = {"nurture", "--wifi-ssid", "Room", arg, (char *)value, NULL};
    char **args = ssid ? argv : argv + 2;
    int argc = (opt->kind == CLI_FLAG ? 2 : 3) + (ssid ? 2 : 0);
    args[0] = "nurture";
    FILE *null = fopen("/dev/null", "w");
    bool cl = cli_parse(argc, args, &a, null) == 0;
    fclose(null);

    FILE *f = fopen(cfg, "w");
    if (ssid) fprintf(f, "wifi_ssid: Room\n");
    if (opt->kind == CLI_FLAG)
        fprintf(f, "%s: %s\n", opt->key, opt->negated ? "false" : "true");
    else
        fprintf(f, quote ? "%s: \"%s\"\n" : "%s: %s\n", opt->key, value);
    fclose(f);
    diag d;
    diag_init(&d);
    bool st = settings_apply(&b, &d) == 0;
    diag_release(&d);
    int rc = cl != st ? -1 : cl;
    if (rc == 1) {
        a.files = b.files = NULL;
        a.nfiles = b.nfiles = 0;
        a.plan_given = b.plan_given = false;
        /* Texts are compared by content: one side points into argv, the other into
         * the settings' memory. */
        const char **ta = (const char **)((char *)&a + opt->field);
        const char **tb = (const char **)((char *)&b + opt->field);
        if (opt->kind == CLI_TEXT || opt->kind == CLI_DIGITS || opt->kind == CLI_BYTES ||
            opt->kind == CLI_PRINTABLE || opt->kind == CLI_AUDIO) {
            if ((*ta == NULL) != (*tb == NULL) || (*ta && strcmp(*ta, *tb))) rc = -1;
            *ta = *tb = NULL;
            if (opt->kind == CLI_AUDIO) {
                ta = (const char **)((char *)&a + opt->field2);
                tb = (const char **)((char *)&b + opt->field2);
                if ((*ta == NULL) != (*tb == NULL) || (*ta && strcmp(*ta, *tb))) rc = -1;
                *ta = *tb = NULL;
            }
        }
        if (ssid) a.wifi_ssid = b.wifi_ssid = NULL;
        if (memcmp(&a, &b, sizeof a)) rc = -1;
    }
    settings_release();
    if (rc < 0)
        fprintf(stderr, "--%s '%s': the command line and the settings disagree\n", opt->name,
                value ? value : "");
    return rc;
}

static void repeat(char *buf, int n, char c)
{
    memset(buf, c, (size_t)n);
    buf[n] = '\0';
}

/* At every option's edges, both ways agree: the range is read from one table. */
TEST(test_cli__command_line_and_settings_agree)
{
    size_t n;
    const cli_option *t = cli_table(&n);
    int keyed = 0;
    for (size_t i = 0; i < n; i++) {
        const cli_option *opt = &t[i];
        if (!opt->key) continue;
        keyed++;
        char v[128];
        switch (opt->kind) {
        case CLI_FLAG: CHECK(both_ways(opt, NULL, false) == 1); break;
        case CLI_INT:
            snprintf(v, sizeof v, "%d", opt->min);
            CHECK(both_ways(opt, v, false) == 1);
            snprintf(v, sizeof v, "%d", opt->max);
            CHECK(both_ways(opt, v, false) == 1);
            snprintf(v, sizeof v, "%d", opt->min - 1);
            CHECK(both_ways(opt, v, false) == 0);
            snprintf(v, sizeof v, "%d", opt->max + 1);
            CHECK(both_ways(opt, v, false) == 0);
            break;
        case CLI_DIGITS:
        case CLI_BYTES:
        case CLI_PRINTABLE: {
            char c = opt->kind == CLI_DIGITS ? '7' : 'k';
            repeat(v, opt->min, c);
            CHECK(both_ways(opt, v, true) == 1);
            repeat(v, opt->max, c);
            CHECK(both_ways(opt, v, true) == 1);
            repeat(v, opt->max + 1, c);
            CHECK(both_ways(opt, v, true) == 0);
            if (opt->min > 1) {
                repeat(v, opt->min - 1, c);
                CHECK(both_ways(opt, v, true) == 0);
            }
            if (opt->kind == CLI_DIGITS) {
                repeat(v, opt->min, c);
                v[0] = 'x';
                CHECK(both_ways(opt, v, true) == 0);
            }
            break;
        }
        case CLI_SIZE:
            CHECK(both_ways(opt, "1280x720", false) == 1);
            snprintf(v, sizeof v, "%dx%d", CLI_SIZE_MIN_W, CLI_SIZE_MIN_H);
            CHECK(both_ways(opt, v, false) == 1);
            snprintf(v, sizeof v, "%dx%d", CLI_SIZE_MIN_W - 1, CLI_SIZE_MIN_H);
            CHECK(both_ways(opt, v, false) == 0);
            snprintf(v, sizeof v, "%dx%d", CLI_SIZE_MAX, CLI_SIZE_MAX + 1);
            CHECK(both_ways(opt, v, false) == 0);
            break;
        case CLI_AUDIO:
            CHECK(both_ways(opt, "hdmi", false) == 1);
            CHECK(both_ways(opt, "card:USB_1", false) == 1);
            CHECK(both_ways(opt, "speakers", false) == 0);
            break;
        case CLI_CHOICE:
            for (size_t k = 0; opt->choices[k]; k++)
                CHECK(both_ways(opt, opt->choices[k], false) == 1);
            snprintf(v, sizeof v, "%.2s", opt->choices[0]); /* a word cut short */
            CHECK(both_ways(opt, v, false) == 0);
            snprintf(v, sizeof v, "%s", opt->choices[1]);
            v[0] = (char)(v[0] - 'a' + 'A'); /* Trusted: the words are as written */
            CHECK(both_ways(opt, v, false) == 0);
            CHECK(both_ways(opt, "sometimes", false) == 0);
            CHECK(both_ways(opt, "", true) == 0);
            break;
        case CLI_TEXT:
            CHECK(both_ways(opt, "some-name", false) == 1);
            if (opt->none) CHECK(both_ways(opt, opt->none, false) == 1);
            break;
        default: CHECK(!"a settings key of a kind this test does not know"); break;
        }
    }
    CHECK(keyed >= 10);
}

/* An option that goes with another is refused without it, on the command line and in
 * the settings files, by the table's `needs`. */
TEST(test_cli__an_option_needs_its_partner)
{
    size_t n;
    const cli_option *t = cli_table(&n);
    int needing = 0;
    for (size_t i = 0; i < n; i++) {
        const cli_option *need = t[i].needs ? cli_find(t[i].needs) : NULL;
        if (!t[i].needs) continue;
        needing++;
        CHECK(need != NULL);
        if (!need) continue;
        char value[64] = "", arg[64], msg[512] = "";
        int len = t[i].min > 0 ? t[i].min : 1;
        if (t[i].kind == CLI_POSITION)
            snprintf(value, sizeof value, "1.1");
        else if (t[i].kind == CLI_SECONDS)
            snprintf(value, sizeof value, "1");
        else
            repeat(value, len, t[i].kind == CLI_DIGITS ? '7' : 'k');
        snprintf(arg, sizeof arg, "--%s", t[i].name);
        char *argv[] = {"nurture", arg, value, NULL};
        cli_options o;
        cli_init(&o);
        FILE *f = fmemopen(msg, sizeof msg - 1, "w");
        CHECK(cli_parse(t[i].kind == CLI_FLAG ? 2 : 3, argv, &o, f) != 0);
        fclose(f);
        char want[64];
        snprintf(want, sizeof want, "goes with --%s", need->name);
        if (!strstr(msg, want)) fprintf(stderr, "--%s alone: '%s'\n", t[i].name, msg);
        CHECK(strstr(msg, want) != NULL);
        if (!t[i].key || !need->key) continue;
        f = fopen(cfg, "w");
        fprintf(f, "%s: \"%s\"\n", t[i].key, value);
        fclose(f);
        diag d;
        diag_init(&d);
        cli_init(&o);
        CHECK(settings_apply(&o, &d) != 0);
        CHECK(d.count == 1 && strstr(d.msgs[0].text, need->key));
        diag_release(&d);
        settings_release();
    }
    CHECK(needing >= 4); /* strict, at, time, wifi-password at least */
}

/* A word from a list (--wall-clock): each word sets its own value, the default is one
 * of them, and a wrong word is refused by a message that lists them all, on the
 * command line and in the settings files alike. */
TEST(test_cli__a_word_from_a_list)
{
    size_t n;
    const cli_option *t = cli_table(&n);
    int lists = 0;
    for (size_t i = 0; i < n; i++) {
        const cli_option *opt = &t[i];
        if (opt->kind != CLI_CHOICE) continue;
        lists++;
        char range[128], want[160], arg[64], msg[512] = "";
        cli_range(opt, range, sizeof range);
        snprintf(want, sizeof want, "write %s", range);
        snprintf(arg, sizeof arg, "--%s", opt->name);
        cli_options o;
        cli_init(&o);
        int def = *(const int *)((const char *)&o + opt->field);
        CHECK(opt->def && def >= 0 && !strcmp(opt->choices[def], opt->def));
        int k = 0;
        for (; opt->choices[k]; k++) {
            CHECK(strstr(range, opt->choices[k]) != NULL);
            char *argv[] = {"nurture", arg, (char *)opt->choices[k], NULL};
            cli_init(&o);
            CHECK_INT(cli_parse(3, argv, &o, stderr), 0);
            CHECK_INT(*(const int *)((const char *)&o + opt->field), k);
        }
        CHECK(k >= 2);
        /* refused, the words listed: the command line ... */
        char *argv[] = {"nurture", arg, "sometimes", NULL};
        FILE *f = fmemopen(msg, sizeof msg - 1, "w");
        cli_init(&o);
        CHECK(cli_parse(3, argv, &o, f) != 0);
        fclose(f);
        if (!strstr(msg, want)) fprintf(stderr, "%s sometimes: '%s'\n", arg, msg);
        CHECK(strstr(msg, "'sometimes'") && strstr(msg, want));
        /* ... and the settings file, at the value's line and column */
        if (!opt->key) continue;
        f = fopen(cfg, "w");
        fprintf(f, "# the clock\n%s: sometimes\n", opt->key);
        fclose(f);
        diag d;
        diag_init(&d);
        cli_init(&o);
        CHECK(settings_apply(&o, &d) != 0);
        CHECK(d.count == 1 && strstr(d.msgs[0].text, want) && strstr(d.msgs[0].text, opt->key));
        CHECK(d.count == 1 && d.msgs[0].line == 2 && d.msgs[0].col == (int)strlen(opt->key) + 3);
        diag_release(&d);
        settings_release();
    }
    CHECK(lists >= 1); /* wall-clock */
    const cli_option *wall = cli_find("wall-clock");
    char range[128];
    CHECK(wall != NULL);
    if (wall) cli_range(wall, range, sizeof range);
    CHECK_STR(wall ? range : "", "auto, trusted or untrusted");
}

/* A fixed pairing code is at least six digits, everywhere. */
TEST(test_cli__pin_is_six_digits_or_more)
{
    cli_options o;
    cli_init(&o);
    FILE *null = fopen("/dev/null", "w");
    char *short_pin[] = {"nurture", "--pin", "12345", NULL};
    CHECK(cli_parse(3, short_pin, &o, null) != 0);
    char *pin[] = {"nurture", "--pin", "123456", NULL};
    CHECK(cli_parse(3, pin, &o, null) == 0);
    CHECK_STR(o.pin, "123456");
    fclose(null);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    /* The settings file the cases write (NURTURE_CONFIG: no other file is read). */
    int fd = mkstemp(cfg);
    if (fd < 0) return 1;
    close(fd);
    setenv("NURTURE_CONFIG", cfg, 1);
    RUN(test_cli__help_is_the_table);
    RUN(test_cli__defaults_from_the_table);
    RUN(test_cli__command_line_and_settings_agree);
    RUN(test_cli__an_option_needs_its_partner);
    RUN(test_cli__a_word_from_a_list);
    RUN(test_cli__pin_is_six_digits_or_more);
    unlink(cfg);
    return testing_end();
}
