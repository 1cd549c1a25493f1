/* test_proto.c: the remote's protocol, decoded and encoded without a network, on the
 * fixture library and the minimal plan. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classlog.h"
#include "core/library.h"
#include "core/plan.h"
#include "remote/proto.h"
#include "core/session.h"
#include "core/units.h"
#include "testing.h"

#ifndef FIXTURE
#error "FIXTURE must name tests/plans"
#endif

static library lib;
static plan *pl;

static proto_error decode(const char *text, proto_msg *m)
{
    return proto_decode(text, strlen(text), m);
}

TEST(test_proto__commands)
{
    proto_msg m;
    CHECK_INT(decode("{\"v\":2,\"id\":7,\"type\":\"cmd\",\"cmd\":\"next\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_CMD && m.has_id && m.id == 7);
    CHECK(m.cmd.kind == REMOTE_SESSION && m.cmd.session.kind == SESSION_NEXT);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":4,\"step\":1}", &m),
              PROTO_OK);
    CHECK(!m.has_id && m.cmd.session.kind == SESSION_GOTO && m.cmd.session.segment == 4 &&
          m.cmd.session.step == 1);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":2}", &m), PROTO_OK);
    CHECK(m.cmd.session.step == 0);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"adjust\",\"minutes\":-2}", &m), PROTO_OK);
    CHECK(m.cmd.session.kind == SESSION_ADJUST && m.cmd.session.delta_ms == -120000);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"volume\",\"value\":60}", &m), PROTO_OK);
    CHECK(m.cmd.kind == REMOTE_VOLUME && m.cmd.value == 60);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"mute\",\"value\":true}", &m), PROTO_OK);
    CHECK(m.cmd.kind == REMOTE_MUTE && m.cmd.value == 1);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"blank\",\"value\":false}", &m), PROTO_OK);
    CHECK(m.cmd.kind == REMOTE_BLANK && m.cmd.value == 0);
    CHECK_INT(decode("{\"v\":2,\"type\":\"cmd\",\"cmd\":\"next-track\"}", &m), PROTO_OK);
    CHECK(m.cmd.kind == REMOTE_NEXT_TRACK);
    static const struct {
        const char *name;
        session_cmd_kind kind;
    } simple[] = {{"back", SESSION_BACK},
                  {"pause", SESSION_PAUSE},
                  {"resume", SESSION_RESUME},
                  {"toggle-pause", SESSION_TOGGLE_PAUSE},
                  {"restart", SESSION_RESTART}};
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "{\"v\":2,\"type\":\"cmd\",\"cmd\":\"%s\"}", simple[i].name);
        CHECK_INT(decode(buf, &m), PROTO_OK);
        CHECK(m.cmd.kind == REMOTE_SESSION && m.cmd.session.kind == simple[i].kind);
    }
}

TEST(test_proto__hello_and_pair)
{
    proto_msg m;
    CHECK_INT(decode("{\"v\":2,\"type\":\"hello\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_HELLO && m.device[0] == '\0' && m.proof[0] == '\0');
    CHECK_INT(decode("{\"v\":2,\"type\":\"hello\",\"device\":\"abc\",\"proof\":\"def\"}", &m),
              PROTO_OK);
    CHECK_STR(m.device, "abc");
    CHECK_STR(m.proof, "def");
    /* A device without its proof, or a proof without a device: both or neither. */
    CHECK_INT(decode("{\"v\":2,\"type\":\"hello\",\"device\":\"abc\"}", &m), PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"hello\",\"proof\":\"abc\"}", &m), PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"pair\",\"code\":\"123456\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_PAIR);
    CHECK_STR(m.code, "123456");
    CHECK_INT(decode("{\"v\":2,\"type\":\"pair\",\"token\":\"tok\"}", &m), PROTO_OK);
    CHECK_STR(m.token, "tok");
    CHECK_INT(decode("{\"v\":2,\"type\":\"pair\"}", &m), PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"pair\",\"code\":\"1\",\"token\":\"t\"}", &m),
              PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"pair\",\"code\":\"1234567890123\"}", &m),
              PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"hello\",\"device\":7,\"proof\":\"x\"}", &m),
              PROTO_E_BAD_VALUE);
    /* Asking, answering, opening the code, forgetting. */
    CHECK_INT(decode("{\"v\":2,\"type\":\"ask\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_ASK);
    CHECK_INT(decode("{\"v\":2,\"type\":\"open\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_OPEN);
    CHECK_INT(decode("{\"v\":2,\"type\":\"forget\"}", &m), PROTO_OK);
    CHECK(m.type == PROTO_FORGET);
    CHECK_INT(decode("{\"v\":2,\"type\":\"answer\",\"phone\":3,\"allow\":true}", &m), PROTO_OK);
    CHECK(m.type == PROTO_ANSWER && m.phone == 3 && m.allow);
    CHECK_INT(decode("{\"v\":2,\"type\":\"answer\",\"phone\":3,\"allow\":false}", &m), PROTO_OK);
    CHECK(!m.allow);
    CHECK_INT(decode("{\"v\":2,\"type\":\"answer\",\"phone\":3}", &m), PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"answer\",\"phone\":0,\"allow\":true}", &m),
              PROTO_E_BAD_VALUE);
    CHECK_INT(decode("{\"v\":2,\"type\":\"answer\",\"allow\":1,\"phone\":2}", &m),
              PROTO_E_BAD_VALUE);
}

/* Every string to a phone is valid UTF-8 (core/utf8.h, test_utf8): the state, replies,
 * the challenge and the askers. */
TEST(test_proto__utf8)
{
    /* In the state: a music file named with bytes that are not UTF-8. */
    session *s = session_create(pl, 0);
    audio_status au = {.device_ok = true,
                       .volume = 70,
                       .track = "Berceuse \xE9t\xE9.ogg",
                       .notice = "cut \xE2\x80"};
    void *st = proto_state_build(s, &au, false, NULL, 0, 1);
    char buf[16384];
    CHECK(proto_state_print(st, 0, false, false, buf, sizeof buf) > 0);
    cJSON *o = cJSON_Parse(buf);
    cJSON *music = cJSON_GetObjectItem(o, "music");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(music, "track")),
              "Berceuse \xEF\xBF\xBDt\xEF\xBF\xBD.ogg");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(music, "notice")), "cut ");
    cJSON_Delete(o);
    proto_state_free(st);
    session_destroy(s);
    /* Replies, the challenge and the askers are cleaned too. */
    proto_reply odd = {.error = PROTO_E_FAILED, .message = "no \xFF"};
    char *r = proto_reply_json(&odd);
    CHECK(strstr(r, "no \xEF\xBF\xBD") != NULL);
    free(r);
    proto_ask asks[] = {{.phone = 4, .from = "10.42.0.7"}, {.phone = 9, .from = "bad\xC3"}};
    r = proto_asks_json(asks, 2);
    CHECK_STR(r, "{\"v\":2,\"type\":\"asks\",\"asks\":[{\"phone\":4,\"from\":\"10.42.0.7\"},"
                 "{\"phone\":9,\"from\":\"bad\"}]}");
    free(r);
    r = proto_challenge_json("abc");
    CHECK_STR(r, "{\"v\":2,\"type\":\"challenge\",\"challenge\":\"abc\"}");
    free(r);
}

TEST(test_proto__refusals)
{
    static const struct {
        const char *text;
        proto_error e;
    } cases[] = {
        {"", PROTO_E_BAD_JSON},
        {"{", PROTO_E_BAD_JSON},
        {"null", PROTO_E_BAD_JSON},
        {"[1]", PROTO_E_BAD_JSON},
        {"{\"v\":2,\"type\":\"hello\"} x", PROTO_E_BAD_JSON},
        {"{\"type\":\"hello\"}", PROTO_E_BAD_VERSION},
        {"{\"v\":\"1\",\"type\":\"hello\"}", PROTO_E_BAD_VERSION},
        {"{\"v\":1,\"type\":\"hello\"}", PROTO_E_BAD_VERSION},
        {"{\"v\":1.5,\"type\":\"hello\"}", PROTO_E_BAD_VERSION},
        {"{\"v\":2}", PROTO_E_BAD_TYPE},
        {"{\"v\":2,\"type\":3}", PROTO_E_BAD_TYPE},
        {"{\"v\":2,\"type\":\"state\"}", PROTO_E_BAD_TYPE},
        {"{\"v\":2,\"type\":\"cmd\"}", PROTO_E_BAD_COMMAND},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"NEXT\"}", PROTO_E_BAD_COMMAND},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\"}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":-1}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":1,\"step\":\"1\"}",
         PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":1e300}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"adjust\",\"minutes\":0}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"adjust\",\"minutes\":61}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"adjust\",\"minutes\":0.5}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"volume\",\"value\":101}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"volume\",\"value\":true}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"mute\",\"value\":1}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"type\":\"cmd\",\"cmd\":\"blank\"}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"id\":-1,\"type\":\"hello\"}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"id\":1.5,\"type\":\"hello\"}", PROTO_E_BAD_VALUE},
        {"{\"v\":2,\"id\":9007199254740993000,\"type\":\"hello\"}", PROTO_E_BAD_VALUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        proto_msg m;
        proto_error e = decode(cases[i].text, &m);
        if (e != cases[i].e) fprintf(stderr, "case %zu: %s\n", i, cases[i].text);
        CHECK_INT(e, cases[i].e);
    }
    /* The id is kept for the reply even when the rest is wrong. */
    proto_msg m;
    CHECK_INT(decode("{\"v\":2,\"id\":9,\"type\":\"cmd\",\"cmd\":\"fly\"}", &m),
              PROTO_E_BAD_COMMAND);
    CHECK(m.has_id && m.id == 9);
    /* Too long, even when valid; embedded NUL bytes end nothing early. */
    char big[PROTO_MAX_MESSAGE + 2];
    memset(big, ' ', sizeof big);
    memcpy(big, "{\"v\":2,\"type\":\"hello\"}", 22);
    CHECK_INT(proto_decode(big, PROTO_MAX_MESSAGE, &m), PROTO_OK);
    CHECK_INT(proto_decode(big, PROTO_MAX_MESSAGE + 1, &m), PROTO_E_TOO_BIG);
    CHECK_INT(proto_decode("{\"v\":2,\"type\":\"hello\"}\0xx", 25, &m), PROTO_E_BAD_JSON);
}

/* Every prefix and every single-byte change of a valid message decodes or is refused,
 * never crashes (run under the sanitizers by tools/check). */
TEST(test_proto__mutations)
{
    const char *good =
        "{\"v\":2,\"id\":12,\"type\":\"cmd\",\"cmd\":\"goto\",\"segment\":3,\"step\":2}";
    size_t n = strlen(good);
    char buf[128];
    proto_msg m;
    for (size_t i = 0; i <= n; i++)
        CHECK(proto_decode(good, i, &m) != PROTO_OK || i == n);
    for (size_t i = 0; i < n; i++) {
        for (int b = 0; b < 256; b += 7) {
            memcpy(buf, good, n);
            buf[i] = (char)b;
            proto_error e = proto_decode(buf, n, &m);
            CHECK(e >= PROTO_OK && e < PROTO_E_COUNT);
        }
    }
}

TEST(test_proto__replies)
{
    proto_reply ok = {.has_id = true, .id = 7};
    char *s = proto_reply_json(&ok);
    CHECK_STR(s, "{\"v\":2,\"type\":\"reply\",\"id\":7,\"ok\":true}");
    free(s);
    proto_reply bad = {.error = PROTO_E_NOT_PAIRED, .role = "follower"};
    s = proto_reply_json(&bad);
    cJSON *o = cJSON_Parse(s);
    CHECK(o && cJSON_IsNull(cJSON_GetObjectItem(o, "id")));
    CHECK(cJSON_IsFalse(cJSON_GetObjectItem(o, "ok")));
    cJSON *e = cJSON_GetObjectItem(o, "error");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "code")), "not-paired");
    CHECK(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(e, "message"))) > 10);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "role")), "follower");
    cJSON_Delete(o);
    free(s);
    /* Text with quotes and control characters is escaped by cJSON. */
    proto_reply odd = {.error = PROTO_E_FAILED, .message = "say \"hi\"\n\x01"};
    s = proto_reply_json(&odd);
    o = cJSON_Parse(s);
    e = cJSON_GetObjectItem(o, "error");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "message")), "say \"hi\"\n\x01");
    cJSON_Delete(o);
    free(s);
    for (int i = 0; i < PROTO_E_COUNT; i++)
        CHECK(proto_error_code(i)[0] && proto_error_message(i)[0]);
    CHECK_INT(proto_error_from_session(SESSION_ERANGE), PROTO_E_RANGE);
    CHECK_INT(proto_error_from_session(SESSION_EFINISHED), PROTO_E_FINISHED);
    CHECK_INT(proto_error_from_session(SESSION_OK), PROTO_OK);
}

static int64_t num(cJSON *o, const char *key)
{
    return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

TEST(test_proto__state)
{
    session *s = session_create(pl, 1000);
    audio_status au = {.device_ok = true, .volume = 70, .music_level = 0.4f, .notice = NULL};
    void *st = proto_state_build(s, &au, false, NULL, 1000, 1);
    char buf[16384];
    CHECK(proto_state_print(st, 5000, true, true, buf, sizeof buf) > 0);
    cJSON *o = cJSON_Parse(buf);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "type")), "state");
    CHECK_INT(num(o, "seq"), 1);
    CHECK_INT(num(o, "now"), 5000);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "role")), "controller");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "pairing")), "code");
    CHECK_INT(num(o, "deadline"), 1000 + 300000);
    CHECK_INT(num(o, "class_started"), 1000);
    cJSON *pj = cJSON_GetObjectItem(o, "plan");
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(pj, "segments")), 7);
    CHECK_INT(cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(pj, "massage"), 1)), 5);
    cJSON *music = cJSON_GetObjectItem(o, "music");
    CHECK_INT(num(music, "volume"), 70);
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(music, "level")) == 0.4);
    cJSON_Delete(o);
    /* The same tree printed again for a follower, later. */
    CHECK(proto_state_print(st, 6000, false, false, buf, sizeof buf) > 0);
    o = cJSON_Parse(buf);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "role")), "follower");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "pairing")), "ask");
    CHECK_INT(num(o, "now"), 6000);
    cJSON_Delete(o);
    CHECK_INT(proto_state_print(st, 6000, false, false, buf, 100), -1);
    proto_state_free(st);

    /* Paused: no deadline, the remaining time instead; no audio: music is null. */
    session_cmd pause = {.kind = SESSION_PAUSE};
    session_apply(s, &pause, 61000);
    st = proto_state_build(s, NULL, true, NULL, 61000, 2);
    CHECK(proto_state_print(st, 61000, false, false, buf, sizeof buf) > 0);
    o = cJSON_Parse(buf);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "deadline")));
    CHECK_INT(num(o, "remaining_ms"), 240000);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "music")));
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(o, "blank")));
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "cues")));
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(o, "prompts")), 0);
    cJSON_Delete(o);
    proto_state_free(st);

    /* The permission step that shows the cues carries every cue of the card, and a
     * step's words come with it. */
    const plan_segment *perm = &pl->segments[1];
    session_cmd go = {.kind = SESSION_GOTO, .segment = 1, .step = (int)perm->nsteps - 1};
    CHECK_INT(session_apply(s, &go, 62000), SESSION_OK);
    st = proto_state_build(s, NULL, false, NULL, 62000, 3);
    CHECK(proto_state_print(st, 62000, false, false, buf, sizeof buf) > 0);
    o = cJSON_Parse(buf);
    cJSON *cues = cJSON_GetObjectItem(o, "cues");
    const strv *lists[3] = {&perm->card->yes, &perm->card->no, &perm->card->if_no};
    const char *keys[3] = {"yes", "no", "if_no"};
    for (int i = 0; i < 3; i++) {
        cJSON *a = cJSON_GetObjectItem(cues, keys[i]);
        CHECK_INT(cJSON_GetArraySize(a), (int)lists[i]->n);
        for (size_t k = 0; k < lists[i]->n; k++)
            CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(a, (int)k)), lists[i]->v[k]);
    }
    cJSON_Delete(o);
    proto_state_free(st);
    go.step = 0;
    CHECK_INT(session_apply(s, &go, 63000), SESSION_OK);
    st = proto_state_build(s, NULL, false, NULL, 63000, 4);
    CHECK(proto_state_print(st, 63000, false, false, buf, sizeof buf) > 0);
    o = cJSON_Parse(buf);
    CHECK(perm->nsteps < 2 || cJSON_IsNull(cJSON_GetObjectItem(o, "cues")));
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "step_title")), perm->steps[0].title);
    cJSON_Delete(o);
    proto_state_free(st);
    session_destroy(s);
}

/* A class on a fake clock to its end through a real class log, the log summed up as the
 * console does when the class finishes, in its three forms. */
static char *finished_summary(session *s, char *dir)
{
    classlog *l = classlog_open(dir, NULL, s);
    CHECK(l != NULL);
    if (!l) return NULL;
    classlog_begin(l, s, false, -1, false);
    session_event ev;
    int64_t t = 0;
    for (int i = 0; i < 40 && !session_finished(s); i++) {
        while (session_next_event(s, &ev))
            classlog_event(l, s, &ev, i ? "phone 3fa9c1" : NULL);
        t += 2 * MINUTE_MS;
        session_cmd c = {.kind = i == 2 ? SESSION_ADJUST : SESSION_NEXT, .delta_ms = MINUTE_MS};
        CHECK_INT(session_apply(s, &c, t), SESSION_OK);
    }
    while (session_next_event(s, &ev))
        classlog_event(l, s, &ev, "phone 3fa9c1");
    CHECK(session_finished(s));
    classlog_track(l, s, "Berceuse \xE9t\xE9.ogg");
    classlog_sum *m = classlog_sum_own(l);
    CHECK(m != NULL);
    char *forms[3] = {NULL, NULL, NULL};
    classlog_format f[3] = {CLASSLOG_JSON, CLASSLOG_TEXT, CLASSLOG_CSV};
    for (int i = 0; i < 3; i++) {
        size_t len;
        FILE *out = open_memstream(&forms[i], &len);
        classlog_sum_print(m, f[i], out);
        fclose(out);
    }
    char *json = proto_summary_json(forms[0], forms[1], forms[2]);
    for (int i = 0; i < 3; i++)
        free(forms[i]);
    classlog_sum_destroy(m);
    classlog_close(l, s, false);
    return json;
}

/* The finished class's summary goes to controllers only; followers get null, and so
 * does everyone while the class runs. */
TEST(test_proto__summary)
{
    char dir[TESTING_DIR_MAX];
    testing_fresh_dir(dir, "proto-summary");
    session *s = session_create(pl, 0);
    char *sum = finished_summary(s, dir);
    CHECK(sum != NULL);
    if (!sum) return;
    char buf[65536];
    void *st = proto_state_build(s, NULL, false, sum, 3 * HOUR_MS, 9);
    CHECK(proto_state_print(st, 3 * HOUR_MS, true, false, buf, sizeof buf) > 0);
    cJSON *o = cJSON_Parse(buf);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(o, "finished")));
    cJSON *j = cJSON_GetObjectItem(o, "summary");
    CHECK(cJSON_IsObject(j));
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "title")), pl->title);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "ended")), "finished");
    /* A row per segment of the plan: planned, took, over. */
    cJSON *segs = cJSON_GetObjectItem(j, "segments");
    CHECK_INT(cJSON_GetArraySize(segs), (int)pl->nsegments);
    int64_t planned = 0, took = 0, over = 0;
    for (int i = 0; i < cJSON_GetArraySize(segs); i++) {
        cJSON *g = cJSON_GetArrayItem(segs, i);
        CHECK_INT(num(g, "segment"), i);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(g, "title")), pl->segments[i].title);
        CHECK_INT(num(g, "planned_ms"), pl->segments[i].duration_ms);
        CHECK(cJSON_IsNumber(cJSON_GetObjectItem(g, "took_ms")));
        CHECK(cJSON_IsNumber(cJSON_GetObjectItem(g, "over_ms")));
        CHECK(cJSON_IsTrue(cJSON_GetObjectItem(g, "reached")));
        planned += num(g, "planned_ms");
        took += num(g, "took_ms");
        over += num(g, "over_ms");
    }
    cJSON *total = cJSON_GetObjectItem(j, "total");
    CHECK_INT(num(total, "planned_ms"), planned);
    CHECK_INT(num(total, "took_ms"), took);
    CHECK_INT(num(total, "over_ms"), over);
    CHECK_INT(num(total, "added_ms"), MINUTE_MS);
    CHECK_INT(num(cJSON_GetObjectItem(j, "pauses"), "count"), 0);
    CHECK_INT(num(cJSON_GetObjectItem(j, "pauses"), "total_ms"), 0);
    cJSON *who = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "minutes"), 0);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(who, "by")), "phone 3fa9c1");
    CHECK_INT(num(who, "added"), 1);
    CHECK_INT(num(who, "added_ms"), MINUTE_MS);
    CHECK_INT(num(who, "removed"), 0);
    CHECK_INT(num(cJSON_GetObjectItem(j, "music"), "tracks"), 1);
    /* The same summary as text and CSV. */
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(j, "text"));
    const char *csv = cJSON_GetStringValue(cJSON_GetObjectItem(j, "csv"));
    CHECK(text && strstr(text, pl->title) == text && strstr(text, "; finished."));
    CHECK(text && strstr(text, "phone 3fa9c1 +1 -0"));
    CHECK(csv && strstr(csv, "segment,title,planned_s,") == csv);
    CHECK(csv && strstr(csv, "\n1,\"Welcome\",300,"));
    cJSON_Delete(o);
    /* A follower of the same state: null. */
    CHECK(proto_state_print(st, 3 * HOUR_MS, false, false, buf, sizeof buf) > 0);
    CHECK(strstr(buf, "phone 3fa9c1") == NULL);
    o = cJSON_Parse(buf);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "summary")));
    cJSON_Delete(o);
    /* And the controller again after the follower: the summary is back. */
    CHECK(proto_state_print(st, 3 * HOUR_MS, true, true, buf, sizeof buf) > 0);
    CHECK(strstr(buf, "\"summary\":{") != NULL);
    proto_state_free(st);
    /* The fingerprint changes when the summary comes. */
    proto_fingerprint a, b;
    proto_fingerprint_of(&a, s, NULL, false, NULL, 3 * HOUR_MS);
    proto_fingerprint_of(&b, s, NULL, false, sum, 3 * HOUR_MS);
    CHECK(memcmp(&a, &b, sizeof a) != 0);
    /* A class going on again (back): no summary for anyone, whatever is passed. */
    session_cmd back = {.kind = SESSION_BACK};
    CHECK_INT(session_apply(s, &back, 3 * HOUR_MS), SESSION_OK);
    proto_fingerprint_of(&b, s, NULL, false, sum, 3 * HOUR_MS);
    CHECK_INT(b.summary, 0);
    st = proto_state_build(s, NULL, false, sum, 3 * HOUR_MS, 10);
    CHECK(proto_state_print(st, 3 * HOUR_MS, true, false, buf, sizeof buf) > 0);
    o = cJSON_Parse(buf);
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(o, "summary")));
    cJSON_Delete(o);
    proto_state_free(st);
    free(sum);
    /* Every string valid UTF-8; not an object: no summary. */
    sum = proto_summary_json("{\"title\":\"caf\xE9s\"}", "t\xFF", NULL);
    CHECK(sum && !strcmp(sum, "{\"title\":\"caf\xEF\xBF\xBDs\",\"text\":\"t\xEF\xBF\xBD\","
                              "\"csv\":null}"));
    free(sum);
    CHECK(proto_summary_json("[1]", "t", "c") == NULL);
    char *big = malloc(PROTO_SUMMARY_MAX + 1);
    memset(big, 'x', PROTO_SUMMARY_MAX);
    big[PROTO_SUMMARY_MAX] = '\0';
    CHECK(proto_summary_json("{}", big, "c") == NULL); /* would not fit a state */
    free(big);
    CHECK(proto_summary_json("{", "t", "c") == NULL);
    CHECK(proto_summary_json(NULL, "t", "c") == NULL);
    session_destroy(s);
    testing_remove_dir(dir);
}

TEST(test_proto__fingerprint_still_while_running)
{
    session *s = session_create(pl, 0);
    proto_fingerprint a, b;
    session_tick(s, 10);
    proto_fingerprint_of(&a, s, NULL, false, NULL, 10);
    /* Time passing moves no deadline: nothing to publish. */
    for (int64_t t = 11; t < 20000; t += 337) {
        session_tick(s, t);
        proto_fingerprint_of(&b, s, NULL, false, NULL, t);
        CHECK(!memcmp(&a, &b, sizeof a));
    }
    session_cmd next = {.kind = SESSION_NEXT};
    session_apply(s, &next, 20000);
    proto_fingerprint_of(&b, s, NULL, false, NULL, 20000);
    CHECK(memcmp(&a, &b, sizeof a) != 0);
    proto_fingerprint_of(&a, s, NULL, true, NULL, 20000);
    CHECK(memcmp(&a, &b, sizeof a) != 0);
    audio_status au = {.volume = 50};
    proto_fingerprint_of(&a, s, &au, false, NULL, 20000);
    au.volume = 55;
    proto_fingerprint_of(&b, s, &au, false, NULL, 20000);
    CHECK(memcmp(&a, &b, sizeof a) != 0);
    session_destroy(s);
}

TEST(test_proto__origin)
{
    CHECK(proto_origin_allowed("http://192.168.4.1:8080", "192.168.4.1:8080"));
    CHECK(proto_origin_allowed("HTTP://Nurture.local:8080", "nurture.local:8080"));
    CHECK(proto_origin_allowed("https://pi", "pi"));
    CHECK(!proto_origin_allowed("http://evil.example", "192.168.4.1:8080"));
    CHECK(!proto_origin_allowed("http://192.168.4.1:8081", "192.168.4.1:8080"));
    CHECK(!proto_origin_allowed("http://192.168.4.1:8080.evil", "192.168.4.1:8080"));
    CHECK(!proto_origin_allowed("http://192.168.4", "192.168.4.1:8080"));
    CHECK(!proto_origin_allowed("null", "pi"));
    CHECK(!proto_origin_allowed("file://", "pi"));
    CHECK(!proto_origin_allowed("http://pi", ""));
    CHECK(!proto_origin_allowed(NULL, "pi"));
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    diag d;
    diag_init(&d);
    if (library_load(&lib, FIXTURE "/fixture/scenes", &d) ||
        !(pl = plan_load(FIXTURE "/good/minimal.yaml", &lib, &d))) {
        diag_print(&d, stderr);
        return 1;
    }
    diag_release(&d);
    RUN(test_proto__commands);
    RUN(test_proto__hello_and_pair);
    RUN(test_proto__utf8);
    RUN(test_proto__refusals);
    RUN(test_proto__mutations);
    RUN(test_proto__replies);
    RUN(test_proto__state);
    RUN(test_proto__summary);
    RUN(test_proto__fingerprint_still_while_running);
    RUN(test_proto__origin);
    plan_destroy(pl);
    library_release(&lib);
    return testing_end();
}
