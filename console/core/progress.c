/* progress.c: see progress.h. */
#include "core/progress.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform/fsutil.h"

#define PROGRESS_VERSION   1
#define PROGRESS_MAX_BYTES (1024 * 1024) /* a class of 1000 segments is about 100 KB */

static char state_dir[PATH_MAX];

const char *progress_state_dir(void)
{
    if (state_dir[0]) return state_dir;
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

static int progress_path(char *out, size_t size)
{
    const char *dir = progress_state_dir();
    if (!dir) return -1;
    int n = snprintf(out, size, "%s/progress.json", dir);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int progress_save(const session *s, const char *plan_file)
{
    char path[PATH_MAX];
    if (progress_path(path, sizeof path)) return -1;
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
    if (text) rc = fsutil_write_atomic(path, text, strlen(text));
out:
    cJSON_free(text);
    cJSON_Delete(root);
    free(segs);
    return rc;
}

static cJSON *read_progress(void)
{
    char path[PATH_MAX];
    if (progress_path(path, sizeof path)) return NULL;
    size_t len;
    char *text = fsutil_read_file(path, PROGRESS_MAX_BYTES, &len);
    if (!text) return NULL;
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(v) || v->valueint != PROGRESS_VERSION) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int progress_saved_plan(char *plan_file, size_t size)
{
    cJSON *root = read_progress();
    const cJSON *saved = cJSON_GetObjectItemCaseSensitive(root, "plan");
    const cJSON *fin = cJSON_GetObjectItemCaseSensitive(root, "finished");
    int rc = -1;
    if (cJSON_IsString(saved) && !cJSON_IsTrue(fin) && strlen(saved->valuestring) < size) {
        snprintf(plan_file, size, "%s", saved->valuestring);
        rc = 0;
    }
    cJSON_Delete(root);
    return rc;
}

static int64_t get_ms(const cJSON *o, const char *key, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < -1e12 || v->valuedouble > 1e12) {
        *bad = 1;
        return 0;
    }
    return (int64_t)v->valuedouble;
}

int progress_restore(session *s, const char *plan_file, int64_t now_ms)
{
    cJSON *root = read_progress();
    if (!root) return -1;
    char real[PATH_MAX];
    const cJSON *saved_plan = cJSON_GetObjectItemCaseSensitive(root, "plan");
    if (!cJSON_IsString(saved_plan) ||
        strcmp(saved_plan->valuestring, realpath(plan_file, real) ? real : plan_file) != 0) {
        cJSON_Delete(root);
        return -1;
    }
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "segments");
    int n = cJSON_GetArraySize(arr);
    int bad = !cJSON_IsArray(arr) || n <= 0 || n > 1000;
    session_saved_segment *segs = bad ? NULL : calloc((size_t)n, sizeof(*segs));
    session_saved sv = {.nsegments = (size_t)(n > 0 ? n : 0), .segments = segs};
    if (!segs) bad = 1;
    for (int i = 0; !bad && i < n; i++) {
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        segs[i].elapsed_ms = get_ms(o, "elapsed_ms", &bad);
        segs[i].extra_ms = get_ms(o, "extra_ms", &bad);
        segs[i].warned = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "warned"));
        segs[i].timeup = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "timeup"));
    }
    if (!bad) {
        sv.segment = (int)get_ms(root, "segment", &bad);
        sv.step = (int)get_ms(root, "step", &bad);
        sv.class_ms = get_ms(root, "class_ms", &bad);
        sv.step_ms = get_ms(root, "step_ms", &bad);
        sv.paused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "paused"));
        sv.finished = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "finished"));
    }
    int rc = bad ? -1 : session_restore(s, &sv, now_ms) == SESSION_OK ? 0 : -1;
    free(segs);
    cJSON_Delete(root);
    return rc;
}
