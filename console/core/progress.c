/* progress.c: see progress.h. */
#include "core/progress.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "platform/fsutil.h"

#define PROGRESS_VERSION   1
#define PROGRESS_MAX_BYTES (1024 * 1024) /* a class of 1000 segments is about 100 KB */

static char state_dir[PATH_MAX];

const char *progress_state_dir(void)
{
    if (state_dir[0]) {
        /* a folder that vanished mid-class is made again for the next save; one that
         * cannot be made lets that save fail and say so */
        fsutil_mkdirs(state_dir);
        return state_dir;
    }
    const char *env = getenv("NURTURE_STATE_DIR");
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (env && *env)
        n = snprintf(state_dir, sizeof state_dir, "%s", env);
    else if (xdg && *xdg)
        n = snprintf(state_dir, sizeof state_dir, "%s/nurture", xdg);
    else if (home && *home)
        n = snprintf(state_dir, sizeof state_dir, "%s/.local/state/nurture", home);
    else
        return NULL;
    if (n < 0 || (size_t)n >= sizeof state_dir - 32 || fsutil_mkdirs(state_dir) != 0) {
        state_dir[0] = '\0';
        return NULL;
    }
    return state_dir;
}

static int state_path(char *out, size_t size, const char *name)
{
    const char *dir = progress_state_dir();
    if (!dir) return -1;
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

#define PROGRESS_FILE "progress.json"
#define PREVIOUS_FILE "progress.prev.json"

int progress_save(const session *s, const char *plan_file, const char *log_name, bool wall_trusted)
{
    char path[PATH_MAX], prev[PATH_MAX];
    if (state_path(path, sizeof path, PROGRESS_FILE) ||
        state_path(prev, sizeof prev, PREVIOUS_FILE)) {
        errno = ENOENT;
        return -1;
    }
    const plan *p = session_plan(s);
    session_saved_segment *segs = calloc(p->nsegments, sizeof(*segs));
    if (!segs) return -1;
    session_saved sv = {.segments = segs};
    session_save(s, &sv);
    int rc = -1;
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "segments");
    if (!arr) goto out;
    char real[PATH_MAX];
    cJSON_AddNumberToObject(root, "version", PROGRESS_VERSION);
    cJSON_AddStringToObject(root, "plan", realpath(plan_file, real) ? real : plan_file);
    if (log_name) cJSON_AddStringToObject(root, "log", log_name);
    cJSON_AddNumberToObject(root, "saved_at", (double)time(NULL));
    cJSON_AddBoolToObject(root, "wall_clock_trusted", wall_trusted);
    cJSON_AddNumberToObject(root, "segment", sv.segment);
    cJSON_AddNumberToObject(root, "step", sv.step);
    cJSON_AddBoolToObject(root, "paused", sv.paused);
    cJSON_AddBoolToObject(root, "finished", sv.finished);
    cJSON_AddNumberToObject(root, "class_ms", (double)sv.class_ms);
    cJSON_AddNumberToObject(root, "step_ms", (double)sv.step_ms);
    for (size_t i = 0; i < sv.nsegments; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddNumberToObject(o, "elapsed_ms", (double)segs[i].elapsed_ms);
        cJSON_AddNumberToObject(o, "extra_ms", (double)segs[i].extra_ms);
        cJSON_AddBoolToObject(o, "warned", segs[i].warned);
        cJSON_AddBoolToObject(o, "timeup", segs[i].timeup);
    }
    text = cJSON_Print(root);
    if (text) rc = fsutil_write_atomic_keep(path, prev, text, strlen(text));
out:
    cJSON_free(text);
    cJSON_Delete(root);
    free(segs);
    return rc;
}

void progress_file_release(progress_file *pf)
{
    free(pf->saved.segments);
    pf->saved.segments = NULL;
    pf->found = false;
}

/* A whole number of milliseconds (or a count) within +-1e12, else `*bad`. */
static int64_t get_ms(const cJSON *o, const char *key, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= -1e12 && v->valuedouble <= 1e12)) {
        *bad = 1;
        return 0;
    }
    return (int64_t)v->valuedouble;
}

/* A true or false, else `*bad`. */
static bool get_bool(const cJSON *o, const char *key, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsBool(v)) *bad = 1;
    return cJSON_IsTrue(v);
}

int progress_parse(const char *text, size_t len, progress_file *pf, char *why, size_t size)
{
    memset(pf, 0, sizeof(*pf));
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *planj = cJSON_GetObjectItemCaseSensitive(root, "plan");
    const cJSON *log = cJSON_GetObjectItemCaseSensitive(root, "log");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "segments");
    int n = cJSON_GetArraySize(arr);
    int bad = 0;
    if (!cJSON_IsObject(root)) {
        snprintf(why, size, len ? "not whole: cut short or torn" : "empty");
        bad = 1;
    } else if (!cJSON_IsNumber(v) || v->valuedouble != PROGRESS_VERSION) {
        snprintf(why, size, "%s",
                 !cJSON_IsNumber(v)                  ? "no version"
                 : v->valuedouble > PROGRESS_VERSION ? "a newer version"
                                                     : "an older version");
        bad = 1;
    } else if (!cJSON_IsString(planj) || strlen(planj->valuestring) >= sizeof pf->plan ||
               (log && (!cJSON_IsString(log) || strlen(log->valuestring) >= sizeof pf->log ||
                        strchr(log->valuestring, '/'))) ||
               !cJSON_IsArray(arr) || n <= 0 || n > 1000) {
        snprintf(why, size, "no plan or segments");
        bad = 1;
    }
    session_saved_segment *segs = bad ? NULL : calloc((size_t)n, sizeof(*segs));
    if (!bad && !segs) {
        snprintf(why, size, "out of memory");
        bad = 1;
    }
    for (int i = 0; !bad && i < n; i++) {
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        segs[i].elapsed_ms = get_ms(o, "elapsed_ms", &bad);
        segs[i].extra_ms = get_ms(o, "extra_ms", &bad);
        segs[i].warned = get_bool(o, "warned", &bad);
        segs[i].timeup = get_bool(o, "timeup", &bad);
    }
    if (!bad) {
        session_saved *sv = &pf->saved;
        sv->nsegments = (size_t)n;
        sv->segments = segs;
        sv->segment = (int)get_ms(root, "segment", &bad);
        sv->step = (int)get_ms(root, "step", &bad);
        sv->class_ms = get_ms(root, "class_ms", &bad);
        sv->step_ms = get_ms(root, "step_ms", &bad);
        sv->paused = get_bool(root, "paused", &bad);
        sv->finished = get_bool(root, "finished", &bad);
        if (cJSON_GetObjectItemCaseSensitive(root, "saved_at")) {
            int64_t at = get_ms(root, "saved_at", &bad);
            pf->saved_at = at > 0 ? at : 0;
        }
        /* a file from before the flag: the wall clock is not known to have been right */
        if (cJSON_GetObjectItemCaseSensitive(root, "wall_clock_trusted"))
            pf->wall_trusted = get_bool(root, "wall_clock_trusted", &bad);
        snprintf(pf->plan, sizeof pf->plan, "%s", planj->valuestring);
        if (cJSON_IsString(log)) snprintf(pf->log, sizeof pf->log, "%s", log->valuestring);
    }
    cJSON_Delete(root);
    if (bad && segs) snprintf(why, size, "a value missing or out of range");
    if (bad) {
        free(segs);
        memset(pf, 0, sizeof(*pf));
        return -1;
    }
    pf->found = true;
    return 0;
}

/* snprintf for messages, which may be cut short. */
__attribute__((format(printf, 3, 4))) static void say(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* Move the unusable `path` aside as NAME.bad-TIME; its new name (without the folder) in
 * `kept`. Returns 0, or -1 with errno. */
static int set_aside(const char *path, char *kept, size_t size)
{
    char stamp[32], to[PATH_MAX];
    time_t t = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&t, &tm));
    for (int i = 0; i < 100; i++) {
        int n = i ? snprintf(to, sizeof to, "%s.bad-%s-%d", path, stamp, i)
                  : snprintf(to, sizeof to, "%s.bad-%s", path, stamp);
        if (n < 0 || (size_t)n >= sizeof to) break;
        struct stat st;
        if (lstat(to, &st) == 0) continue; /* never over an earlier one */
        if (rename(path, to) != 0) return -1;
        const char *slash = strrchr(to, '/');
        say(kept, size, "%s", slash ? slash + 1 : to);
        return 0;
    }
    errno = EEXIST;
    return -1;
}

/* Read one progress file. 1: read into `pf`; 0: there is none; -1: it cannot be used
 * and was set aside (or not), said in `what`. */
static int load_one(const char *path, progress_file *pf, char *what, size_t size)
{
    size_t len = 0;
    char why[96] = "";
    char *text = fsutil_read_file(path, PROGRESS_MAX_BYTES, &len);
    if (!text && errno == ENOENT) return 0;
    if (!text) snprintf(why, sizeof why, "%s", errno == EISDIR ? "a folder" : strerror(errno));
    int rc = text && progress_parse(text, len, pf, why, sizeof why) == 0 ? 1 : -1;
    free(text);
    if (rc == 1) return 1;
    char kept[PATH_MAX];
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (set_aside(path, kept, sizeof kept) == 0)
        say(what, size, "%s was unusable (%s) and is kept as %s", name, why, kept);
    else
        say(what, size, "%s was unusable (%s) and cannot be set aside (%s)", name, why,
            strerror(errno));
    return -1;
}

int progress_load(progress_file *pf)
{
    memset(pf, 0, sizeof(*pf));
    char path[PATH_MAX], prev[PATH_MAX];
    if (state_path(path, sizeof path, PROGRESS_FILE) ||
        state_path(prev, sizeof prev, PREVIOUS_FILE)) {
        say(pf->notice, sizeof pf->notice,
            "No state folder to resume from: the class starts afresh");
        return -1;
    }
    char what[PROGRESS_NOTICE_LEN] = "", what2[PROGRESS_NOTICE_LEN] = "";
    int newest = load_one(path, pf, what, sizeof what);
    if (newest == 1) return 0;
    progress_file before;
    int older = load_one(prev, &before, what2, sizeof what2);
    if (older == 1) {
        *pf = before;
        pf->set_aside = newest < 0;
        if (newest < 0)
            say(pf->notice, sizeof pf->notice, "%s: continued from the save before", what);
        return 0;
    }
    pf->set_aside = newest < 0 || older < 0;
    if (newest < 0 || older < 0)
        say(pf->notice, sizeof pf->notice, "%s: the class starts afresh",
            newest < 0 ? what : what2);
    else
        say(pf->notice, sizeof pf->notice, "No saved class in %s: the class starts afresh",
            progress_state_dir());
    return -1;
}

int progress_restore(session *s, progress_file *pf, const char *plan_file, int64_t now_ms)
{
    if (!pf->found) return -1;
    char real[PATH_MAX];
    if (strcmp(pf->plan, realpath(plan_file, real) ? real : plan_file) != 0) return -1;
    if (session_restore(s, &pf->saved, now_ms) == SESSION_OK) return 0;
    say(pf->notice, sizeof pf->notice,
        "The saved place does not fit this plan (edited since?): the class starts afresh");
    return -1;
}

progress_stop progress_judge_stop(const progress_file *pf, int64_t wall_now_s, bool trusted_now)
{
    progress_stop st = {.why = PROGRESS_STOP_UNKNOWN, .off_s = -1};
    if (!pf->saved_at) return st;
    st.off_s = wall_now_s - pf->saved_at;
    if (!pf->wall_trusted || !trusted_now)
        st.why = PROGRESS_STOP_UNTRUSTED;
    else if (st.off_s < 0)
        st.why = PROGRESS_STOP_BACKWARDS;
    else if (st.off_s > PROGRESS_COUNT_MAX_S)
        st.why = PROGRESS_STOP_TOO_LONG;
    else
        st.why = PROGRESS_STOP_COUNTED;
    return st;
}

/* "45 s", "12 min", "7 h": a stop's length in round numbers. */
static void say_length(int64_t s, char *buf, size_t size)
{
    if (s < 120)
        say(buf, size, "%lld s", (long long)s);
    else if (s < 5 * 3600)
        say(buf, size, "%lld min", (long long)(s + 30) / 60);
    else
        say(buf, size, "%lld h", (long long)(s + 1800) / 3600);
}

void progress_stop_notice(const progress_stop *st, char *buf, size_t size)
{
    /* Each fits one line at the foot of a 1024x768 screen (test_layers). */
    char len[32];
    bool known = st->off_s >= 0 && st->off_s < 48 * 3600;
    if (known) say_length(st->off_s, len, sizeof len);
    switch (st->why) {
    case PROGRESS_STOP_COUNTED:
        say(buf, size, "Continued after %s off: counted as class time", len);
        break;
    case PROGRESS_STOP_UNTRUSTED:
        if (known)
            say(buf, size, "Clock not synchronised: %s off, not counted", len);
        else
            say(buf, size, "Clock not synchronised: the time off is not counted");
        break;
    case PROGRESS_STOP_BACKWARDS:
        say(buf, size, "Continued; the wall clock went back: not counted");
        break;
    case PROGRESS_STOP_TOO_LONG:
        if (known)
            say(buf, size, "Continued after %s off: over 2 hours, not counted", len);
        else
            say(buf, size, "Continued after over 2 days off: not counted");
        break;
    case PROGRESS_STOP_UNKNOWN:
    default: say(buf, size, "Continued; the time off is unknown: not counted"); break;
    }
}
