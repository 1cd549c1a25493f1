/* proto.c: see proto.h. Every byte of JSON goes through cJSON. */
#include "remote/proto.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/plan.h"
#include "core/units.h"
#include "core/utf8.h"

static const struct {
    const char *code, *message;
} errors[PROTO_E_COUNT] = {
    [PROTO_OK] = {"ok", "done"},
    [PROTO_E_TOO_BIG] = {"too-big", "That message is too long."},
    [PROTO_E_BINARY] = {"binary", "Only text messages are understood."},
    [PROTO_E_BAD_JSON] = {"bad-json", "That message is not a JSON object."},
    [PROTO_E_BAD_VERSION] = {"bad-version",
                             "This console speaks version 2 of the protocol. Reload the page."},
    [PROTO_E_BAD_TYPE] = {"bad-type", "Unknown message type."},
    [PROTO_E_BAD_COMMAND] = {"bad-command", "Unknown command."},
    [PROTO_E_BAD_VALUE] = {"bad-value", "A value is missing or out of range."},
    [PROTO_E_NOT_PAIRED] = {"not-paired", "This phone only follows the class. Ask to control it."},
    [PROTO_E_WRONG_CODE] = {"wrong-code",
                            "That code is not right. Check the screen and try again."},
    [PROTO_E_TOO_MANY_TRIES] = {"too-many-tries", "Too many tries, wait a minute."},
    [PROTO_E_UNKNOWN_DEVICE] = {"unknown-device",
                                "This phone is no longer paired. Ask to control it again."},
    [PROTO_E_PAIRING_CLOSED] = {"pairing-closed",
                                "Another phone controls the class: ask it to let this one "
                                "control too."},
    [PROTO_E_NO_CONTROLLER] = {"no-controller",
                               "No phone controls the class now: type the code on the screen."},
    [PROTO_E_REFUSED] = {"refused", "The phone that controls the class said no."},
    [PROTO_E_NOT_ASKING] = {"not-asking", "That phone is not asking any more."},
    [PROTO_E_RANGE] = {"out-of-range", "There is no such segment or step."},
    [PROTO_E_FINISHED] = {"finished", "The class has finished."},
    [PROTO_E_BUSY] = {"busy", "The console is busy, try again."},
    [PROTO_E_FAILED] = {"failed", "The console could not do that."},
};

const char *proto_error_code(proto_error e)
{
    return e >= 0 && e < PROTO_E_COUNT ? errors[e].code : errors[PROTO_E_FAILED].code;
}

const char *proto_error_message(proto_error e)
{
    return e >= 0 && e < PROTO_E_COUNT ? errors[e].message : errors[PROTO_E_FAILED].message;
}

proto_error proto_error_from_session(int session_err)
{
    switch (session_err) {
    case SESSION_OK: return PROTO_OK;
    case SESSION_ERANGE: return PROTO_E_RANGE;
    case SESSION_EFINISHED: return PROTO_E_FINISHED;
    default: return PROTO_E_FAILED;
    }
}

/* --- Decoding ------------------------------------------------------------------------ */

/* An integer in [lo, hi] written as a JSON number with no fraction. */
static bool get_int(const cJSON *obj, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(it)) return false;
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < (double)lo || d > (double)hi) return false;
    *out = (int64_t)d;
    return true;
}

/* A string of 1 to `max` bytes copied into `out`. */
static bool get_str(const cJSON *obj, const char *key, size_t max, char *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(it) || !it->valuestring) return false;
    size_t n = strlen(it->valuestring);
    if (n == 0 || n > max) return false;
    memcpy(out, it->valuestring, n + 1);
    return true;
}

static proto_error decode_cmd(const cJSON *root, remote_cmd *c)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "cmd");
    if (!cJSON_IsString(name) || !name->valuestring) return PROTO_E_BAD_COMMAND;
    const char *n = name->valuestring;
    static const struct {
        const char *name;
        session_cmd_kind kind;
    } simple[] = {
        {"next", SESSION_NEXT},
        {"back", SESSION_BACK},
        {"pause", SESSION_PAUSE},
        {"resume", SESSION_RESUME},
        {"toggle-pause", SESSION_TOGGLE_PAUSE},
        {"restart", SESSION_RESTART},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        if (!strcmp(n, simple[i].name)) {
            c->kind = REMOTE_SESSION;
            c->session.kind = simple[i].kind;
            return PROTO_OK;
        }
    }
    int64_t v;
    if (!strcmp(n, "goto")) {
        int64_t step = 0;
        if (!get_int(root, "segment", 0, 9999, &v)) return PROTO_E_BAD_VALUE;
        if (cJSON_HasObjectItem(root, "step") && !get_int(root, "step", 0, 9999, &step))
            return PROTO_E_BAD_VALUE;
        c->kind = REMOTE_SESSION;
        c->session.kind = SESSION_GOTO;
        c->session.segment = (int)v;
        c->session.step = (int)step;
        return PROTO_OK;
    }
    if (!strcmp(n, "adjust")) {
        if (!get_int(root, "minutes", -PROTO_MAX_MINUTES, PROTO_MAX_MINUTES, &v) || v == 0)
            return PROTO_E_BAD_VALUE;
        c->kind = REMOTE_SESSION;
        c->session.kind = SESSION_ADJUST;
        c->session.delta_ms = v * MINUTE_MS;
        return PROTO_OK;
    }
    if (!strcmp(n, "volume")) {
        if (!get_int(root, "value", 0, 100, &v)) return PROTO_E_BAD_VALUE;
        c->kind = REMOTE_VOLUME;
        c->value = (int)v;
        return PROTO_OK;
    }
    if (!strcmp(n, "mute") || !strcmp(n, "blank")) {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(root, "value");
        if (!cJSON_IsBool(b)) return PROTO_E_BAD_VALUE;
        c->kind = n[0] == 'm' ? REMOTE_MUTE : REMOTE_BLANK;
        c->value = cJSON_IsTrue(b);
        return PROTO_OK;
    }
    if (!strcmp(n, "next-track")) {
        c->kind = REMOTE_NEXT_TRACK;
        return PROTO_OK;
    }
    return PROTO_E_BAD_COMMAND;
}

static proto_error decode_root(const cJSON *root, proto_msg *m)
{
    if (!cJSON_IsObject(root)) return PROTO_E_BAD_JSON;
    if (cJSON_HasObjectItem(root, "id")) {
        int64_t id;
        /* Ids are whole numbers a phone's JavaScript can hold exactly. */
        if (!get_int(root, "id", 0, (INT64_C(1) << 53), &id)) return PROTO_E_BAD_VALUE;
        m->has_id = true;
        m->id = id;
    }
    int64_t v;
    if (!get_int(root, "v", 0, 1000, &v) || v != PROTO_VERSION) return PROTO_E_BAD_VERSION;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    if (!cJSON_IsString(type) || !type->valuestring) return PROTO_E_BAD_TYPE;
    const char *t = type->valuestring;
    if (!strcmp(t, "hello")) {
        m->type = PROTO_HELLO;
        bool device = cJSON_HasObjectItem(root, "device"),
             proof = cJSON_HasObjectItem(root, "proof");
        if (device != proof) return PROTO_E_BAD_VALUE; /* both or neither */
        if (device && (!get_str(root, "device", PROTO_TOKEN_MAX, m->device) ||
                       !get_str(root, "proof", PROTO_TOKEN_MAX, m->proof)))
            return PROTO_E_BAD_VALUE;
        return PROTO_OK;
    }
    static const struct {
        const char *name;
        proto_type type;
    } bare[] = {{"ask", PROTO_ASK}, {"open", PROTO_OPEN}, {"forget", PROTO_FORGET}};
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
        if (!strcmp(t, bare[i].name)) {
            m->type = bare[i].type;
            return PROTO_OK;
        }
    }
    if (!strcmp(t, "answer")) {
        m->type = PROTO_ANSWER;
        int64_t phone;
        const cJSON *allow = cJSON_GetObjectItemCaseSensitive(root, "allow");
        if (!get_int(root, "phone", 1, (INT64_C(1) << 53), &phone) || !cJSON_IsBool(allow))
            return PROTO_E_BAD_VALUE;
        m->phone = (uint64_t)phone;
        m->allow = cJSON_IsTrue(allow);
        return PROTO_OK;
    }
    if (!strcmp(t, "pair")) {
        m->type = PROTO_PAIR;
        bool code = get_str(root, "code", PROTO_CODE_MAX, m->code);
        bool token = get_str(root, "token", PROTO_TOKEN_MAX, m->token);
        return code != token ? PROTO_OK : PROTO_E_BAD_VALUE; /* exactly one of the two */
    }
    if (!strcmp(t, "cmd")) {
        m->type = PROTO_CMD;
        return decode_cmd(root, &m->cmd);
    }
    return PROTO_E_BAD_TYPE;
}

proto_error proto_decode(const char *buf, size_t len, proto_msg *m)
{
    memset(m, 0, sizeof(*m));
    if (len > PROTO_MAX_MESSAGE) return PROTO_E_TOO_BIG;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
    if (!root) return PROTO_E_BAD_JSON;
    /* Nothing but white space may follow the object. */
    for (; end && end < buf + len; end++) {
        if (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\r') {
            cJSON_Delete(root);
            return PROTO_E_BAD_JSON;
        }
    }
    proto_error e = decode_root(root, m);
    cJSON_Delete(root);
    return e;
}

/* --- Encoding ------------------------------------------------------------------------ */

static cJSON *new_message(const char *type)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddNumberToObject(o, "v", PROTO_VERSION);
    cJSON_AddStringToObject(o, "type", type);
    return o;
}

/* Every string value in the tree made valid UTF-8 in place (the names are our own). */
static void clean_tree(cJSON *o)
{
    for (cJSON *it = o; it; it = it->next) {
        if (cJSON_IsString(it) && it->valuestring) {
            size_t n = strlen(it->valuestring), cap = n * 3 + 1;
            char *clean = cJSON_malloc(cap);
            if (clean && utf8_clean(it->valuestring, clean, cap) == n &&
                !memcmp(clean, it->valuestring, n)) {
                cJSON_free(clean);
            } else if (clean) {
                cJSON_free(it->valuestring);
                it->valuestring = clean;
            }
        }
        if (it->child) clean_tree(it->child);
    }
}

static char *print_clean(cJSON *o)
{
    clean_tree(o);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

char *proto_challenge_json(const char *challenge)
{
    cJSON *o = new_message("challenge");
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "challenge", challenge);
    return print_clean(o);
}

char *proto_asks_json(const proto_ask *asks, size_t n)
{
    cJSON *o = new_message("asks");
    if (!o) return NULL;
    cJSON *list = cJSON_AddArrayToObject(o, "asks");
    for (size_t i = 0; list && i < n; i++) {
        cJSON *a = cJSON_CreateObject();
        if (!a) break;
        cJSON_AddItemToArray(list, a);
        cJSON_AddNumberToObject(a, "phone", (double)asks[i].phone);
        cJSON_AddStringToObject(a, "from", asks[i].from);
    }
    return print_clean(o);
}

char *proto_reply_json(const proto_reply *r)
{
    cJSON *o = new_message("reply");
    if (!o) return NULL;
    if (r->has_id)
        cJSON_AddNumberToObject(o, "id", (double)r->id);
    else
        cJSON_AddNullToObject(o, "id");
    cJSON_AddBoolToObject(o, "ok", r->error == PROTO_OK);
    if (r->error != PROTO_OK) {
        cJSON *e = cJSON_AddObjectToObject(o, "error");
        if (e) {
            cJSON_AddStringToObject(e, "code", proto_error_code(r->error));
            cJSON_AddStringToObject(e, "message",
                                    r->message ? r->message : proto_error_message(r->error));
        }
    }
    if (r->device) cJSON_AddStringToObject(o, "device", r->device);
    if (r->key) cJSON_AddStringToObject(o, "key", r->key);
    if (r->role) cJSON_AddStringToObject(o, "role", r->role);
    return print_clean(o);
}

static uint32_t hash_text(uint32_t h, const char *s)
{
    /* FNV-1a: only to notice that a text changed. */
    if (!s) return h * 16777619u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ 0xff) * 16777619u;
}

/* The time the step's planned length runs out, or 0 when it has none or is stopped. */
static int64_t step_deadline(const session *s, int64_t now_ms)
{
    if (session_paused(s) || session_finished(s)) return 0;
    const plan_step *st = &session_plan(s)->segments[session_segment(s)].steps[session_step(s)];
    if (st->time_ms <= 0) return 0;
    return now_ms + st->time_ms - session_step_ms(s);
}

void proto_fingerprint_of(proto_fingerprint *fp, const session *s, const audio_status *au,
                          bool blank, const char *summary, int64_t now_ms)
{
    memset(fp, 0, sizeof(*fp));
    fp->plan = session_plan(s);
    fp->segment = session_segment(s);
    fp->step = session_step(s);
    fp->paused = session_paused(s);
    fp->finished = session_finished(s);
    fp->blank = blank;
    fp->total_ms = session_total_ms(s);
    /* Running clocks are shown as deadlines, which stay put while time passes. */
    bool stopped = fp->paused || fp->finished;
    fp->deadline = stopped ? session_remaining_ms(s) : now_ms + session_remaining_ms(s);
    fp->step_deadline = step_deadline(s, now_ms);
    fp->class_started = fp->finished ? -session_class_ms(s) : now_ms - session_class_ms(s);
    if (au) {
        fp->has_audio = true;
        fp->muted = au->muted;
        fp->device_ok = au->device_ok;
        fp->volume = au->volume;
        fp->music_level = (int)lroundf(au->music_level * 100.0f);
        fp->texts = hash_text(hash_text(2166136261u, au->notice), au->track);
    }
    if (summary && fp->finished) fp->summary = hash_text(2166136261u, summary) | 1;
}

static void add_text_or_null(cJSON *o, const char *key, const char *text)
{
    if (text)
        cJSON_AddStringToObject(o, key, text);
    else
        cJSON_AddNullToObject(o, key);
}

static const char *side_name(plan_side side)
{
    switch (side) {
    case SIDE_BOTH: return "both";
    case SIDE_LEFT: return "left";
    case SIDE_RIGHT: return "right";
    default: return NULL;
    }
}

static cJSON *plan_json(const plan *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "title", p->title);
    add_text_or_null(o, "subtitle", p->subtitle);
    cJSON_AddStringToObject(o, "audience", p->audience == AUDIENCE_PEER ? "peer" : "baby");
    cJSON_AddNumberToObject(o, "length_ms", (double)p->length_ms);
    cJSON *segs = cJSON_AddArrayToObject(o, "segments");
    for (size_t i = 0; segs && i < p->nsegments; i++) {
        const plan_segment *g = &p->segments[i];
        cJSON *seg = cJSON_CreateObject();
        if (!seg) break;
        cJSON_AddItemToArray(segs, seg);
        cJSON_AddStringToObject(seg, "kind", plan_kind_name(g->kind));
        cJSON_AddStringToObject(seg, "title", g->title);
        cJSON_AddNumberToObject(seg, "duration_ms", (double)g->duration_ms);
        cJSON *steps = cJSON_AddArrayToObject(seg, "steps");
        for (size_t j = 0; steps && j < g->nsteps; j++)
            cJSON_AddItemToArray(steps, cJSON_CreateString(g->steps[j].title));
    }
    cJSON *m = cJSON_AddArrayToObject(o, "massage");
    for (int i = 0; m && i < 2; i++)
        cJSON_AddItemToArray(m, cJSON_CreateNumber(p->massage[i]));
    return o;
}

static cJSON *texts_json(const strv *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < v->n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v->v[i]));
    return a;
}

/* The talk's prompts, and the permission cues on the step that shows them: the same
 * words as the projector. */
static void add_words(cJSON *o, const plan_segment *g, int step)
{
    cJSON_AddItemToObject(o, "prompts", texts_json(&g->prompts));
    if (!plan_step_shows_cues(g, step)) {
        cJSON_AddNullToObject(o, "cues");
        return;
    }
    cJSON *c = cJSON_AddObjectToObject(o, "cues");
    if (!c) return;
    cJSON_AddItemToObject(c, "yes", texts_json(&g->card->yes));
    cJSON_AddItemToObject(c, "no", texts_json(&g->card->no));
    cJSON_AddItemToObject(c, "if_no", texts_json(&g->card->if_no));
}

static void add_next(cJSON *o, const session *s)
{
    const plan *p = session_plan(s);
    size_t seg = (size_t)session_segment(s), step = (size_t)session_step(s) + 1;
    if (step >= p->segments[seg].nsteps) {
        seg++;
        step = 0;
    }
    if (session_finished(s) || seg >= p->nsegments) {
        cJSON_AddNullToObject(o, "next");
        return;
    }
    cJSON *n = cJSON_AddObjectToObject(o, "next");
    if (!n) return;
    const plan_segment *g = &p->segments[seg];
    cJSON_AddNumberToObject(n, "segment", (double)seg);
    cJSON_AddNumberToObject(n, "step", (double)step);
    cJSON_AddStringToObject(n, "kind", plan_kind_name(g->kind));
    cJSON_AddStringToObject(n, "segment_title", g->title);
    cJSON_AddStringToObject(n, "title", g->steps[step].title);
}

static void add_music(cJSON *o, const audio_status *au)
{
    if (!au) {
        cJSON_AddNullToObject(o, "music");
        return;
    }
    cJSON *m = cJSON_AddObjectToObject(o, "music");
    if (!m) return;
    cJSON_AddNumberToObject(m, "volume", au->volume);
    cJSON_AddBoolToObject(m, "muted", au->muted);
    cJSON_AddNumberToObject(m, "level", lroundf(au->music_level * 100.0f) / 100.0);
    cJSON_AddBoolToObject(m, "device", au->device_ok);
    add_text_or_null(m, "track", au->track);
    add_text_or_null(m, "notice", au->notice);
}

static void add_ms_or_null(cJSON *o, const char *key, bool present, int64_t ms)
{
    if (present)
        cJSON_AddNumberToObject(o, key, (double)ms);
    else
        cJSON_AddNullToObject(o, key);
}

/* A state as built: the tree, and the summary a controller is given (or NULL). */
typedef struct proto_state {
    cJSON *tree;
    char *summary;
} proto_state;

char *proto_summary_json(const char *json, const char *text, const char *csv)
{
    cJSON *o = json ? cJSON_Parse(json) : NULL;
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(o, "text");
    cJSON_DeleteItemFromObjectCaseSensitive(o, "csv");
    add_text_or_null(o, "text", text);
    add_text_or_null(o, "csv", csv);
    char *out = print_clean(o);
    if (out && strlen(out) > PROTO_SUMMARY_MAX) {
        free(out);
        return NULL;
    }
    return out;
}

void *proto_state_build(const session *s, const audio_status *au, bool blank, const char *summary,
                        int64_t now_ms, uint64_t seq)
{
    proto_state *state = calloc(1, sizeof(*state));
    if (!state) return NULL;
    cJSON *o = state->tree = new_message("state");
    if (!o || (summary && session_finished(s) && !(state->summary = strdup(summary)))) {
        proto_state_free(state);
        return NULL;
    }
    const plan *p = session_plan(s);
    int seg = session_segment(s), step = session_step(s);
    const plan_segment *g = &p->segments[seg];
    const plan_step *st = &g->steps[step];
    bool paused = session_paused(s), finished = session_finished(s);
    bool running = !paused && !finished;

    cJSON_AddNumberToObject(o, "seq", (double)seq);
    cJSON_AddNumberToObject(o, "now", (double)now_ms);
    cJSON_AddStringToObject(o, "role", "follower");
    cJSON_AddItemToObject(o, "plan", plan_json(p));
    cJSON_AddNumberToObject(o, "segment", seg);
    cJSON_AddNumberToObject(o, "step", step);
    cJSON_AddStringToObject(o, "kind", plan_kind_name(g->kind));
    cJSON_AddStringToObject(o, "title", g->title);
    cJSON_AddStringToObject(o, "step_title", st->title);
    add_text_or_null(o, "text", st->text);
    add_text_or_null(o, "segment_text", g->text);
    add_text_or_null(o, "card_text", plan_card_text(g));
    add_words(o, g, step);
    add_text_or_null(o, "stroke", st->stroke ? st->stroke->id : NULL);
    add_text_or_null(o, "side", side_name(st->side));
    /* Whose left, in the words the projector shows (the parent faces the baby). */
    char side_words[160];
    plan_side_words(p, st, st->side == SIDE_BOTH ? SIDE_LEFT : st->side, st->side == SIDE_BOTH,
                    side_words, sizeof side_words);
    add_text_or_null(o, "side_words", side_words[0] ? side_words : NULL);
    cJSON_AddNumberToObject(o, "reps", st->reps);
    add_next(o, s);
    cJSON_AddBoolToObject(o, "paused", paused);
    cJSON_AddBoolToObject(o, "finished", finished);
    int64_t remaining = session_remaining_ms(s);
    cJSON_AddNumberToObject(o, "total_ms", (double)session_total_ms(s));
    cJSON_AddNumberToObject(o, "remaining_ms", (double)remaining);
    add_ms_or_null(o, "deadline", running, now_ms + remaining);
    int64_t sd = step_deadline(s, now_ms);
    add_ms_or_null(o, "step_deadline", sd != 0, sd);
    cJSON_AddNumberToObject(o, "class_ms", (double)session_class_ms(s));
    add_ms_or_null(o, "class_started", !finished, now_ms - session_class_ms(s));
    add_music(o, au);
    cJSON_AddBoolToObject(o, "blank", blank);
    cJSON_AddStringToObject(o, "pairing", "ask");
    cJSON_AddNullToObject(o, "summary"); /* set for each phone as it is printed */
    clean_tree(o);                       /* file names and notices may hold any bytes */
    return state;
}

void proto_state_free(void *state)
{
    proto_state *st = state;
    if (!st) return;
    cJSON_Delete(st->tree);
    free(st->summary);
    free(st);
}

int proto_state_print(void *state, int64_t now_ms, bool controller, bool code_open, char *buf,
                      size_t size)
{
    proto_state *st = state;
    cJSON *o = st ? st->tree : NULL;
    if (!o || size > INT32_MAX) return -1;
    /* The summary says who did what: for the phones that control only. It was made
     * valid UTF-8 by proto_summary_json and goes out as it is. */
    cJSON *sum = controller && st->summary ? cJSON_CreateRaw(st->summary) : cJSON_CreateNull();
    if (!sum || !cJSON_ReplaceItemInObjectCaseSensitive(o, "summary", sum)) {
        cJSON_Delete(sum); /* never a summary left from another phone's print */
        return -1;
    }
    cJSON_ReplaceItemInObjectCaseSensitive(o, "now", cJSON_CreateNumber((double)now_ms));
    cJSON_ReplaceItemInObjectCaseSensitive(
        o, "role", cJSON_CreateString(controller ? "controller" : "follower"));
    cJSON_ReplaceItemInObjectCaseSensitive(o, "pairing",
                                           cJSON_CreateString(code_open ? "code" : "ask"));
    if (!cJSON_PrintPreallocated(o, buf, (int)size, false)) return -1;
    return (int)strlen(buf);
}

bool proto_origin_allowed(const char *origin, const char *host)
{
    if (!origin || !host || !*host) return false;
    if (!strncasecmp(origin, "http://", 7))
        origin += 7;
    else if (!strncasecmp(origin, "https://", 8))
        origin += 8;
    else
        return false; /* "null" (a file or a sandbox) and every other scheme */
    size_t n = strlen(origin);
    if (n && origin[n - 1] == '/') n--;
    return n == strlen(host) && !strncasecmp(origin, host, n);
}
