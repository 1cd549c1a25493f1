/* test_classlog.c: the class log written through a class on a fake clock, read back as
 * a summary, as CSV and as JSON; music changes and tracks in it, valid UTF-8 whatever a
 * file is called; cut at every byte offset (a power cut) it still reads; the
 * oldest logs beyond CLASSLOG_KEEP are removed. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/classlog.h"
#include "core/library.h"
#include "core/plan.h"
#include "core/session.h"
#include "core/utf8.h"
#include "platform/fsutil.h"
#include "testing.h"
#include "testing_plan.h"

#define SECOND ((int64_t)1000)
#define MINUTE (60 * SECOND)

static char dir[TESTING_DIR_MAX];
static library lib;
static plan *pl;

static void drain(classlog *l, session *s, const char *by)
{
    session_event ev;
    while (session_next_event(s, &ev))
        classlog_event(l, s, &ev, by);
}

static void cmd(classlog *l, session *s, session_cmd_kind kind, int64_t delta, int64_t now,
                const char *by)
{
    session_cmd c = {.kind = kind, .delta_ms = delta};
    CHECK_INT(session_apply(s, &c, now), SESSION_OK);
    drain(l, s, by);
}

static char *slurp(const char *path, size_t *len)
{
    return fsutil_read_file(path, 1 << 20, len);
}

/* The summary of `text` in a form, in a static buffer; NULL when refused. */
static const char *summary_as(const char *text, size_t len, classlog_format format)
{
    static char out[16384];
    memset(out, 0, sizeof out);
    FILE *f = fmemopen(out, sizeof out - 1, "w");
    int rc = classlog_summary(text, len, format, f);
    fclose(f);
    return rc == 0 ? out : NULL;
}

static const char *summary(const char *text, size_t len, bool csv)
{
    return summary_as(text, len, csv ? CLASSLOG_CSV : CLASSLOG_TEXT);
}

static int64_t num(const cJSON *o, const char *key)
{
    return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const char *text_of(const cJSON *o, const char *key)
{
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return t ? t : "(none)";
}

static char logfile[256];

/* minimal.yaml: Welcome 5m, Asking permission 2m, Legs 10m (2 steps), Rest 5m (auto),
 * Asking again 2m, Tummy 5m. */
static void go(classlog *l, session *s, int seg, int64_t now, const char *by)
{
    session_cmd c = {.kind = SESSION_GOTO, .segment = seg, .step = 0};
    CHECK_INT(session_apply(s, &c, now), SESSION_OK);
    drain(l, s, by);
}

/* A line of the summary's table, as it must read. */
static const char *row(int n, const char *title, const char *planned, const char *adj,
                       const char *actual, const char *over)
{
    static char buf[160];
    snprintf(buf, sizeof buf, "%3d %-32.32s %8s %8s %8s %8s\n", n, title, planned, adj, actual,
             over);
    return buf;
}

TEST(test_classlog__a_whole_class)
{
    session *s = session_create(pl, 0);
    classlog *l = classlog_open(dir, NULL, s);
    CHECK(l != NULL);
    if (!l) return;
    snprintf(logfile, sizeof logfile, "%s/logs/%s", dir, classlog_name(l));
    classlog_begin(l, s, false, -1, false);
    drain(l, s, NULL); /* the first step, entered at the start */
    int64_t t = 6 * MINUTE;
    go(l, s, 1, t, "keys"); /* the welcome ran a minute over */
    t += 90 * SECOND;
    go(l, s, 2, t, "phone 3fa9c1"); /* Legs, 10 minutes and 2 more */
    cmd(l, s, SESSION_ADJUST, 2 * MINUTE, t, "phone 3fa9c1");
    t += 3 * MINUTE;
    cmd(l, s, SESSION_PAUSE, 0, t, "keys");
    t += 4 * MINUTE; /* a feed: paused four minutes, not counted */
    cmd(l, s, SESSION_RESUME, 0, t, "keys");
    /* The music: changed by hand, and a track named with bytes that are not UTF-8. */
    classlog_music(l, s, CLASSLOG_VOLUME, 60, "phone 3fa9c1");
    classlog_music(l, s, CLASSLOG_MUTE, 60, "keys");
    classlog_music(l, s, CLASSLOG_UNMUTE, 60, "keys");
    classlog_music(l, s, CLASSLOG_SKIP, 0, "phone 3fa9c1");
    classlog_track(l, s, "Berceuse \xE9t\xE9.wav");
    classlog_track(l, s, "cut \xE2\x80");
    t += 10 * MINUTE;
    cmd(l, s, SESSION_NEXT, 0, t, "keys"); /* the second stroke */
    t += 30 * SECOND;
    go(l, s, 3, t, "keys"); /* Rest, 5 minutes, moves on by itself */
    t += 5 * MINUTE;
    session_tick(s, t);
    drain(l, s, NULL);
    CHECK_INT(session_segment(s), 4);
    cmd(l, s, SESSION_ADJUST, -MINUTE, t, "keys"); /* Asking again: 1 minute */
    t += MINUTE;
    go(l, s, 5, t, "keys");
    classlog_notice(l, s, "The class's place cannot be saved");
    t += 4 * MINUTE;
    go(l, s, 6, t, "keys");
    t += MINUTE;
    for (int i = 0; i < 20 && !session_finished(s); i++)
        cmd(l, s, SESSION_NEXT, 0, t, "keys");
    CHECK(session_finished(s));
    CHECK(classlog_ok(l, NULL));
    classlog_close(l, s, true);
    session_destroy(s);

    size_t len;
    char *text = slurp(logfile, &len);
    CHECK(text != NULL);
    if (!text) return;
    /* every line whole JSON, ending in a newline */
    CHECK(len > 0 && text[len - 1] == '\n');
    CHECK(strstr(text, "\"ev\":\"class\"") == text + 1);
    CHECK(strstr(text, "\"by\":\"phone 3fa9c1\"") != NULL);
    CHECK(strstr(text, "\"paused_ms\":240000") != NULL);
    CHECK(strstr(text, "\"delta_ms\":120000") != NULL);
    CHECK(strstr(text, "\"delta_ms\":-60000") != NULL);
    CHECK(strstr(text, "\"ev\":\"finished\"") != NULL);
    /* The music's lines, with who; the whole log valid UTF-8. */
    CHECK(strstr(text, "\"by\":\"phone 3fa9c1\",\"what\":\"volume\",\"volume\":60}\n"));
    CHECK(strstr(text, "\"by\":\"keys\",\"what\":\"mute\"}\n"));
    CHECK(strstr(text, "\"by\":\"keys\",\"what\":\"unmute\"}\n"));
    CHECK(strstr(text, "\"by\":\"phone 3fa9c1\",\"what\":\"skip\"}\n"));
    CHECK(strstr(text, "\"file\":\"Berceuse \xEF\xBF\xBDt\xEF\xBF\xBD.wav\"}\n"));
    CHECK(strstr(text, "\"file\":\"cut \"}\n"));
    char *clean = malloc(len * 3 + 1);
    CHECK(clean && utf8_clean(text, clean, len * 3 + 1) == len && !memcmp(clean, text, len));
    free(clean);

    const char *sum = summary(text, len, false);
    CHECK(sum != NULL);
    if (sum) {
        printf("%s", sum);
        CHECK(strstr(sum, "A small class") != NULL);
        CHECK(strstr(sum, "; finished.") != NULL);
        CHECK(strstr(sum, "Overtime: 2:30 in 2 segments.") != NULL);
        CHECK(strstr(sum, row(1, "Welcome", "5:00", "-", "6:00", "1:00")) != NULL);
        CHECK(strstr(sum, row(2, "Asking permission", "2:00", "-", "1:30", "-")) != NULL);
        /* 3 + 10 + 0:30 minutes in Legs, the pause not counted */
        CHECK(strstr(sum, row(3, "Legs", "10:00", "+2:00", "13:30", "1:30")) != NULL);
        CHECK(strstr(sum, row(4, "Rest", "5:00", "-", "5:00", "-")) != NULL);
        CHECK(strstr(sum, row(5, "Asking again", "2:00", "-1:00", "1:00", "-")) != NULL);
        CHECK(strstr(sum, "Pauses: 1, 4:00 in all.") != NULL);
        CHECK(strstr(sum, "phone 3fa9c1 +1 -0; keys +0 -1") != NULL);
        CHECK(strstr(sum, "Notices: 1") != NULL);
        CHECK(strstr(sum, "Music: 2 tracks started; the volume changed 1 time, muted 1, "
                          "skipped 1.") != NULL);
    }
    const char *csv = summary(text, len, true);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(strstr(csv, "segment,title,planned_s,added_s,removed_s,actual_s,over_s,pauses,"
                          "paused_s,reached\n") == csv);
        CHECK(strstr(csv, "\n1,\"Welcome\",300,0,0,360,60,0,0,yes\n") != NULL);
        CHECK(strstr(csv, "\n3,\"Legs\",600,120,0,810,90,1,240,yes\n") != NULL);
    }
    /* The same as JSON: the phones' summary of a finished class. */
    const char *json = summary_as(text, len, CLASSLOG_JSON);
    cJSON *o = json ? cJSON_Parse(json) : NULL;
    CHECK(cJSON_IsObject(o));
    CHECK_STR(text_of(o, "title"), "A small class");
    CHECK_STR(text_of(o, "ended"), "finished");
    CHECK_INT(num(o, "class_ms"), 36 * MINUTE);
    const cJSON *segs = cJSON_GetObjectItemCaseSensitive(o, "segments");
    CHECK_INT(cJSON_GetArraySize(segs), 7);
    const cJSON *welcome = cJSON_GetArrayItem(segs, 0), *legs = cJSON_GetArrayItem(segs, 2);
    CHECK_INT(num(welcome, "segment"), 0);
    CHECK_STR(text_of(welcome, "title"), "Welcome");
    CHECK_INT(num(welcome, "planned_ms"), 5 * MINUTE);
    CHECK_INT(num(welcome, "took_ms"), 6 * MINUTE);
    CHECK_INT(num(welcome, "over_ms"), MINUTE);
    CHECK_STR(text_of(legs, "title"), "Legs");
    CHECK_INT(num(legs, "planned_ms"), 10 * MINUTE);
    CHECK_INT(num(legs, "added_ms"), 2 * MINUTE);
    CHECK_INT(num(legs, "took_ms"), 13 * MINUTE + 30 * SECOND);
    CHECK_INT(num(legs, "over_ms"), 90 * SECOND);
    CHECK_INT(num(legs, "pauses"), 1);
    CHECK_INT(num(legs, "paused_ms"), 4 * MINUTE);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(legs, "reached")));
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(legs, "cut_off")));
    CHECK_INT(num(cJSON_GetArrayItem(segs, 4), "removed_ms"), MINUTE);
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(o, "total");
    CHECK_INT(num(total, "planned_ms"), 30 * MINUTE);
    CHECK_INT(num(total, "took_ms"), 32 * MINUTE);
    CHECK_INT(num(total, "over_ms"), 150 * SECOND);
    CHECK_INT(num(total, "over_segments"), 2);
    const cJSON *pauses = cJSON_GetObjectItemCaseSensitive(o, "pauses");
    CHECK_INT(num(pauses, "count"), 1);
    CHECK_INT(num(pauses, "total_ms"), 4 * MINUTE);
    const cJSON *who = cJSON_GetObjectItemCaseSensitive(o, "minutes");
    CHECK_INT(cJSON_GetArraySize(who), 2);
    CHECK_STR(text_of(cJSON_GetArrayItem(who, 0), "by"), "phone 3fa9c1");
    CHECK_INT(num(cJSON_GetArrayItem(who, 0), "added"), 1);
    CHECK_INT(num(cJSON_GetArrayItem(who, 0), "added_ms"), 2 * MINUTE);
    CHECK_STR(text_of(cJSON_GetArrayItem(who, 1), "by"), "keys");
    CHECK_INT(num(cJSON_GetArrayItem(who, 1), "removed"), 1);
    CHECK_INT(num(cJSON_GetArrayItem(who, 1), "removed_ms"), MINUTE);
    const cJSON *music = cJSON_GetObjectItemCaseSensitive(o, "music");
    CHECK_INT(num(music, "tracks"), 2);
    CHECK_INT(num(music, "volume_changes"), 1);
    CHECK_INT(num(music, "mutes"), 1);
    CHECK_INT(num(music, "skips"), 1);
    CHECK_INT(num(cJSON_GetObjectItemCaseSensitive(o, "notices"), "count"), 1);
    CHECK_INT(num(o, "damaged_lines"), 0);
    cJSON_Delete(o);
    free(text);
}

/* A power cut while a line was written: the log cut at every byte offset still reads,
 * once its first line is whole, and says how many lines it skipped. */
TEST(test_classlog__cut_at_every_offset)
{
    size_t len;
    char *text = slurp(logfile, &len);
    CHECK(text != NULL);
    if (!text) return;
    size_t first = (size_t)(strchr(text, '\n') - text);
    int refused = 0, read = 0;
    for (size_t k = 0; k <= len; k++) {
        const char *sum = summary(text, k, false);
        if (sum)
            read++;
        else
            refused++;
        if (k >= first && !sum) {
            fprintf(stderr, "refused at %zu\n", k);
            CHECK(0);
        }
        /* a line cut short is skipped and said */
        bool cut = k > first && k < len && text[k - 1] != '\n' && text[k] != '\n';
        if (sum && cut) CHECK(strstr(sum, "Lines not whole, skipped: 1.") != NULL);
        if (sum && k < (size_t)(strstr(text, "{\"ev\":\"finished\"") - text))
            CHECK(strstr(sum, "cut off") != NULL);
    }
    CHECK_INT(refused, (int)first);
    free(text);
}

/* Only the newest CLASSLOG_KEEP logs are kept; a resumed class appends to its own. */
TEST(test_classlog__rotated_and_resumed)
{
    char path[512];
    for (int i = 0; i < CLASSLOG_KEEP + 5; i++) {
        snprintf(path, sizeof path, "%s/logs/class-20200101-%06d.jsonl", dir, i);
        FILE *f = fopen(path, "w");
        if (f) fclose(f);
    }
    session *s = session_create(pl, 0);
    classlog *l = classlog_open(dir, NULL, s);
    CHECK(l != NULL);
    classlog_begin(l, s, false, -1, false);
    char name[64];
    snprintf(name, sizeof name, "%s", classlog_name(l));
    classlog_close(l, s, false);
    snprintf(path, sizeof path, "%s/logs", dir);
    DIR *h = opendir(path);
    int n = 0, oldest = 0;
    for (struct dirent *e; h && (e = readdir(h));) {
        n += e->d_name[0] != '.';
        oldest += !strcmp(e->d_name, "class-20200101-000000.jsonl");
    }
    if (h) closedir(h);
    CHECK_INT(n, CLASSLOG_KEEP);
    CHECK_INT(oldest, 0);
    /* resumed: the same file, a "resumed" line after the "class" line */
    l = classlog_open(dir, name, s);
    CHECK(l && !strcmp(classlog_name(l), name));
    classlog_begin(l, s, true, 42, true);
    classlog_close(l, s, true);
    snprintf(path, sizeof path, "%s/logs/%s", dir, name);
    size_t len;
    char *text = slurp(path, &len);
    CHECK(text && strstr(text, "\"ev\":\"class\"") && strstr(text, "\"off_s\":42"));
    CHECK(text && strstr(text, "\"counted\":true"));
    const char *sum = text ? summary(text, len, false) : NULL;
    CHECK(sum && strstr(sum, "Continued after a stop 1 time (the console off about 0:42, "
                             "counted as class time)."));
    CHECK(text && !strstr(strstr(text, "\"ev\":\"resumed\""), "\"ev\":\"class\""));
    char last[512];
    CHECK_INT(classlog_last(dir, last, sizeof last), 0);
    CHECK_STR(last, path);
    free(text);
    session_destroy(s);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    testing_fresh_dir(dir, "classlog");
    pl = testing_minimal_plan(&lib);
    RUN(test_classlog__a_whole_class);
    RUN(test_classlog__cut_at_every_offset);
    RUN(test_classlog__rotated_and_resumed);
    testing_release_plan(pl, &lib);
    testing_remove_dir(dir);
    return testing_end();
}
