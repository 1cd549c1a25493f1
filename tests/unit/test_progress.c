/* test_progress.c: the class's place across power cuts, in a state folder of its own.
 *
 * A real save of a class is cut short and torn at every byte offset; the newest file
 * may be empty, from a future version, a folder, or gone with its whole folder. Every
 * time, reading it back for --resume gives the save before it (kept beside it) or
 * nothing with a notice, sets the bad file aside as progress.json.bad-TIME, and never
 * crashes (the asan build runs this too). Whether the wall clock was trusted at a save
 * is kept (a file from before it was recorded: not trusted), and a stop is counted as
 * class time only when trusted at both ends and between 0 and 2 hours long. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/library.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/session.h"
#include "platform/fsutil.h"
#include "testing.h"
#include "testing_plan.h"

#define SECOND ((int64_t)1000)

static char dir[TESTING_DIR_MAX];
static library lib;
static plan *pl;

static void path_of(char *out, size_t size, const char *name)
{
    if (snprintf(out, size, "%s/%s", dir, name) >= (int)size) abort();
}

static void put(const char *name, const char *data, size_t len)
{
    char path[TESTING_DIR_MAX + 64];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (len && fwrite(data, 1, len, f) != len) abort();
    fclose(f);
}

static char *get(const char *name, size_t *len)
{
    *len = 0;
    char path[TESTING_DIR_MAX + 64];
    path_of(path, sizeof path, name);
    return fsutil_read_file(path, 1 << 16, len);
}

/* How many files of the state folder start with `prefix`; with `remove`, delete them. */
static int count_files(const char *prefix, int remove)
{
    DIR *h = opendir(dir);
    if (!h) return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(h));) {
        if (strncmp(e->d_name, prefix, strlen(prefix))) continue;
        n++;
        if (remove) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) != 0 && rmdir(path) != 0) abort();
        }
    }
    closedir(h);
    return n;
}

/* A class at segment `seg`, step `step`, `ms` into it, saved; its place kept. */
typedef struct place {
    int segment, step;
    int64_t class_ms;
} place;

static bool trusted_saves = true; /* what progress_save is told of the wall clock */

static place save_at(int seg, int step, int64_t ms)
{
    session *s = session_create(pl, 0);
    session_cmd go = {.kind = SESSION_GOTO, .segment = seg, .step = step};
    CHECK_INT(session_apply(s, &go, 0), SESSION_OK);
    session_tick(s, ms);
    CHECK_INT(progress_save(s, pl->file, "class-test.jsonl", trusted_saves), 0);
    place p = {session_segment(s), session_step(s), session_class_ms(s)};
    session_destroy(s);
    return p;
}

/* Load for --resume; the place restored (segment -1 when none). */
static place resume(progress_file *pf)
{
    place p = {-1, -1, -1};
    if (progress_load(pf) != 0) return p;
    session *s = session_create(pl, 0);
    if (progress_restore(s, pf, pl->file, 5000) == 0)
        p = (place){session_segment(s), session_step(s), session_class_ms(s)};
    session_destroy(s);
    return p;
}

static int same(place a, place b)
{
    return a.segment == b.segment && a.step == b.step && a.class_ms == b.class_ms;
}

TEST(test_progress__saves_and_resumes)
{
    count_files("progress", 1);
    place a = save_at(2, 1, 90 * SECOND);
    progress_file pf;
    place r = resume(&pf);
    CHECK(same(r, a));
    CHECK_STR(pf.notice, "");
    CHECK(!pf.set_aside);
    CHECK_STR(pf.log, "class-test.jsonl");
    CHECK(pf.saved_at > 0);
    progress_file_release(&pf);
    /* the second save keeps the first beside it */
    place b = save_at(3, 0, 10 * SECOND);
    CHECK(same(resume(&pf), b));
    progress_file_release(&pf);
    CHECK_INT(count_files("progress.prev.json", 0), 1);
}

/* Every byte offset of the newest write: cut short there, or torn there (the new bytes
 * up to it over the old file's). With the save before it kept, that one is continued;
 * without, nothing, with a notice. The bad file is always set aside whole. */
TEST(test_progress__cut_and_torn_at_every_offset)
{
    count_files("progress", 1);
    save_at(1, 0, 20 * SECOND);
    size_t olen, nlen;
    char *old = get("progress.json", &olen);
    place a = save_at(2, 1, 95 * SECOND);
    char *prev = get("progress.prev.json", &olen);
    char *newest = get("progress.json", &nlen);
    CHECK(prev && newest && !strcmp(prev, old));
    int bad_seen = 0;
    for (size_t k = 0; k < nlen; k++) {
        for (int torn = 0; torn < 2; torn++) {
            for (int with_prev = 0; with_prev < 2; with_prev++) {
                count_files("progress", 1);
                char buf[1 << 16];
                memcpy(buf, newest, k);
                size_t len = k;
                if (torn && olen > k) {
                    memcpy(buf + k, prev + k, olen - k);
                    len = olen;
                }
                put("progress.json", buf, len);
                if (with_prev) put("progress.prev.json", prev, olen);
                progress_file pf;
                place r = resume(&pf);
                if (torn && pf.notice[0] == '\0') {
                    /* the torn bytes happened to be whole JSON: it is read as it is */
                    CHECK(r.segment >= 0);
                } else if (with_prev) {
                    /* the save before: segment 2 step 1 at 20 s */
                    if (!(r.segment == 1 && r.step == 0 && r.class_ms == 20 * SECOND)) {
                        fprintf(stderr, "offset %zu torn %d: got %d.%d\n", k, torn, r.segment,
                                r.step);
                        CHECK(0);
                    }
                    CHECK(strstr(pf.notice, "continued from the save before") != NULL);
                } else {
                    CHECK_INT(r.segment, -1);
                    CHECK(strstr(pf.notice, "starts afresh") != NULL);
                }
                CHECK(pf.set_aside == (pf.notice[0] != '\0'));
                if (pf.notice[0]) {
                    bad_seen++;
                    CHECK(strstr(pf.notice, "kept as progress.json.bad-") != NULL);
                    CHECK_INT(count_files("progress.json.bad-", 0), 1);
                    size_t kept_len = 0;
                    DIR *h = opendir(dir);
                    for (struct dirent *e; h && (e = readdir(h));)
                        if (!strncmp(e->d_name, "progress.json.bad-", 18)) {
                            free(get(e->d_name, &kept_len));
                        }
                    if (h) closedir(h);
                    CHECK_INT(kept_len, len);
                }
                progress_file_release(&pf);
            }
        }
    }
    CHECK(bad_seen >= (int)nlen * 2); /* every cut at least, with and without the save before */
    /* the whole newest file is the newest place */
    count_files("progress", 1);
    put("progress.json", newest, nlen);
    progress_file pf;
    CHECK(same(resume(&pf), a));
    progress_file_release(&pf);
    free(old);
    free(prev);
    free(newest);
}

/* Files that were never a save of this version: each set aside, with a notice. */
TEST(test_progress__empty_future_folder_garbage)
{
    const char *cases[] = {
        "",
        "{\"version\": 2, \"plan\": \"x\", \"segments\": [{}]}",
        "{\"version\": 1}",
        "[1, 2, 3]",
        "\xff\xfe\x00garbage",
        "{\"version\": 1, \"plan\": \"/x\", \"segment\": 1e300, \"step\": 0, \"segments\": []}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        count_files("progress", 1);
        put("progress.json", cases[i], i == 4 ? 10 : strlen(cases[i]));
        progress_file pf;
        CHECK_INT(resume(&pf).segment, -1);
        CHECK(strstr(pf.notice, "kept as progress.json.bad-") != NULL);
        CHECK(strstr(pf.notice, "starts afresh") != NULL);
        CHECK(pf.set_aside);
        CHECK_INT(count_files("progress.json.bad-", 0), 1);
        if (i == 1) CHECK(strstr(pf.notice, "newer") != NULL);
        if (i == 0) CHECK(strstr(pf.notice, "empty") != NULL);
        progress_file_release(&pf);
    }
    /* a folder where the file should be: set aside too, and the next save works */
    count_files("progress", 1);
    char path[TESTING_DIR_MAX + 64];
    path_of(path, sizeof path, "progress.json");
    CHECK_INT(mkdir(path, 0700), 0);
    progress_file pf;
    CHECK_INT(resume(&pf).segment, -1);
    CHECK(strstr(pf.notice, "folder") != NULL);
    CHECK_INT(count_files("progress.json.bad-", 0), 1);
    progress_file_release(&pf);
    place a = save_at(4, 0, SECOND);
    CHECK(same(resume(&pf), a));
    progress_file_release(&pf);
    /* a save that does not fit the plan (edited since): starts afresh, says so */
    count_files("progress", 1);
    session *s = session_create(pl, 0);
    progress_save(s, pl->file, NULL, true);
    session_destroy(s);
    size_t len;
    char *text = get("progress.json", &len);
    char *seg = strstr(text, "\"segment\":");
    CHECK(seg != NULL);
    if (seg) seg[11] = '9'; /* "segment":\t0 -> 9: there is no tenth segment */
    put("progress.json", text, len);
    free(text);
    CHECK_INT(resume(&pf).segment, -1);
    CHECK(strstr(pf.notice, "does not fit this plan") != NULL);
    progress_file_release(&pf);
}

/* The state folder vanished (a card swapped, a folder removed): nothing to resume, said;
 * the next save makes the folder again. */
TEST(test_progress__state_folder_vanished)
{
    testing_remove_dir(dir);
    progress_file pf;
    CHECK_INT(resume(&pf).segment, -1);
    CHECK(strstr(pf.notice, "No saved class") != NULL);
    CHECK(!pf.set_aside); /* nothing was there to set aside */
    progress_file_release(&pf);
    testing_remove_dir(dir);
    place a = save_at(2, 0, 3 * SECOND);
    CHECK(same(resume(&pf), a));
    progress_file_release(&pf);
}

/* Whether the wall clock was trusted at the save comes back as saved; a file written
 * before it was recorded reads as not trusted, and a flag that is not true or false
 * makes the file unusable like any other bad value. */
TEST(test_progress__wall_clock_trust_kept)
{
    for (int trusted = 0; trusted < 2; trusted++) {
        count_files("progress", 1);
        trusted_saves = trusted;
        place a = save_at(2, 1, 30 * SECOND);
        progress_file pf;
        CHECK(same(resume(&pf), a));
        CHECK_INT(pf.wall_trusted, trusted);
        progress_file_release(&pf);
    }
    trusted_saves = true;
    /* an older file: the same save without the flag */
    count_files("progress", 1);
    place a = save_at(2, 1, 30 * SECOND);
    size_t len;
    char *text = get("progress.json", &len);
    char *flag = text ? strstr(text, "\"wall_clock_trusted\"") : NULL;
    CHECK(flag != NULL);
    if (!flag) return;
    char *eol = strchr(flag, '\n');
    memmove(flag, eol + 1, strlen(eol + 1) + 1); /* the whole line */
    put("progress.json", text, strlen(text));
    progress_file pf;
    CHECK(same(resume(&pf), a));
    CHECK_STR(pf.notice, "");
    CHECK(pf.saved_at > 0 && !pf.wall_trusted);
    progress_stop st = progress_judge_stop(&pf, pf.saved_at + 60, true);
    CHECK_INT(st.why, PROGRESS_STOP_UNTRUSTED);
    progress_file_release(&pf);
    /* a flag that is not a boolean: refused, set aside */
    count_files("progress", 1);
    char bad[1 << 16];
    size_t at = (size_t)(flag - text);
    snprintf(bad, sizeof bad, "%.*s\"wall_clock_trusted\": \"yes\",\n%s", (int)at, text, flag);
    put("progress.json", bad, strlen(bad));
    CHECK_INT(resume(&pf).segment, -1);
    CHECK(strstr(pf.notice, "out of range") && strstr(pf.notice, "kept as progress.json.bad-"));
    progress_file_release(&pf);
    free(text);
}

/* A stop counts as class time when the wall clock was trusted at the save and is now,
 * and it lasted 0 to 2 hours; each other case says why in a line that names no other. */
TEST(test_progress__which_stops_count)
{
    const int64_t at = 1800000000; /* 2027 */
    struct {
        int64_t saved_at, now;
        bool then, now_trusted;
        progress_stop_why why;
        const char *says;
    } cases[] = {
        {at, at, true, true, PROGRESS_STOP_COUNTED, "after 0 s off: counted as class time"},
        {at, at + 45, true, true, PROGRESS_STOP_COUNTED, "after 45 s off: counted"},
        {at, at + 12 * 60, true, true, PROGRESS_STOP_COUNTED, "after 12 min off: counted"},
        {at, at + 7200, true, true, PROGRESS_STOP_COUNTED, "after 120 min off: counted"},
        {at, at + 7201, true, true, PROGRESS_STOP_TOO_LONG, "120 min off: over 2 hours, not"},
        {at, at + 30 * 3600, true, true, PROGRESS_STOP_TOO_LONG, "30 h off: over 2 hours, not"},
        {at, at + 90 * 86400, true, true, PROGRESS_STOP_TOO_LONG, "over 2 days off: not counted"},
        {at, at - 1, true, true, PROGRESS_STOP_BACKWARDS, "wall clock went back: not counted"},
        {at, at + 12 * 60, false, true, PROGRESS_STOP_UNTRUSTED,
         "not synchronised: 12 min off, not"},
        {at, at + 12 * 60, true, false, PROGRESS_STOP_UNTRUSTED,
         "not synchronised: 12 min off, not"},
        {at, at - 3600, false, false, PROGRESS_STOP_UNTRUSTED, "the time off is not counted"},
        {0, at, true, true, PROGRESS_STOP_UNKNOWN, "the time off is unknown: not counted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        progress_file pf = {
            .found = true, .saved_at = cases[i].saved_at, .wall_trusted = cases[i].then};
        progress_stop st = progress_judge_stop(&pf, cases[i].now, cases[i].now_trusted);
        char text[PROGRESS_NOTICE_LEN];
        progress_stop_notice(&st, text, sizeof text);
        if (st.why != cases[i].why || !strstr(text, cases[i].says))
            fprintf(stderr, "case %zu: %d \"%s\"\n", i, (int)st.why, text);
        CHECK_INT(st.why, cases[i].why);
        CHECK(strstr(text, cases[i].says) != NULL);
        CHECK_INT(st.off_s, cases[i].saved_at ? cases[i].now - cases[i].saved_at : -1);
    }
}

/* What --resume does with a stop counted: the class restored as of the moment it
 * stopped, then the session's clocks run on to now: the countdown goes down by the
 * stop, its warnings fire, an auto segment moves on; a paused class stays paused and
 * its countdown where it was. */
TEST(test_progress__a_counted_stop_runs_the_clocks_on)
{
    const int64_t now = 10 * 60 * SECOND, off = 6 * 60 * SECOND;
    for (int paused = 0; paused < 2; paused++) {
        for (int seg = 2; seg <= 3; seg++) { /* a massage; an auto rest of 5 min */
            count_files("progress", 1);
            session *s = session_create(pl, 0);
            session_cmd go = {.kind = SESSION_GOTO, .segment = seg, .step = 0};
            session_apply(s, &go, 0);
            session_tick(s, 150 * SECOND); /* 2:30 into it */
            if (paused) {
                session_cmd p = {.kind = SESSION_PAUSE};
                session_apply(s, &p, 150 * SECOND);
            }
            int64_t before = session_elapsed_ms(s), class_before = session_class_ms(s);
            CHECK_INT(progress_save(s, pl->file, NULL, true), 0);
            session_destroy(s);
            progress_file pf;
            CHECK_INT(progress_load(&pf), 0);
            progress_stop st = progress_judge_stop(&pf, pf.saved_at + off / SECOND, true);
            CHECK_INT(st.why, PROGRESS_STOP_COUNTED);
            s = session_create(pl, now);
            CHECK_INT(progress_restore(s, &pf, pl->file, now - st.off_s * SECOND), 0);
            session_event ev;
            while (session_next_event(s, &ev)) {
            }
            for (int64_t t = now - off; t < now;)
                session_tick(s, t += SECOND);
            bool up = false, two = false;
            while (session_next_event(s, &ev)) {
                up |= ev.kind == SESSION_EV_TIME_UP && ev.segment == seg;
                two |= ev.kind == SESSION_EV_TWO_MINUTES && ev.segment == seg;
            }
            CHECK_INT(session_paused(s), paused);
            /* the hall's hour runs on, paused or not */
            CHECK_INT(session_class_ms(s), class_before + off);
            if (paused) {
                CHECK_INT(session_segment(s), seg);
                CHECK_INT(session_elapsed_ms(s), before);
                CHECK(!up && !two);
            } else if (seg == 2) {
                CHECK_INT(session_segment(s), seg);
                CHECK_INT(session_elapsed_ms(s), before + off);
                CHECK(two && !up); /* 10 min: from 7:30 left to 1:30 */
            } else {
                CHECK(two && up); /* 5 min: from 2:30 left past 0: the rest moved on */
                CHECK_INT(session_segment(s), seg + 1);
                CHECK_INT(session_segment_elapsed_ms(s, seg), 5 * 60 * SECOND);
            }
            session_destroy(s);
            progress_file_release(&pf);
        }
    }
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    testing_fresh_dir(dir, "progress");
    setenv("NURTURE_STATE_DIR", dir, 1);
    pl = testing_minimal_plan(&lib);
    RUN(test_progress__saves_and_resumes);
    RUN(test_progress__cut_and_torn_at_every_offset);
    RUN(test_progress__empty_future_folder_garbage);
    RUN(test_progress__state_folder_vanished);
    RUN(test_progress__wall_clock_trust_kept);
    RUN(test_progress__which_stops_count);
    RUN(test_progress__a_counted_stop_runs_the_clocks_on);
    testing_release_plan(pl, &lib);
    testing_remove_dir(dir);
    return testing_end();
}
