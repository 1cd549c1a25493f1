/* classlog.c: see classlog.h. */
#include "core/classlog.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/utf8.h"
#include "platform/fsutil.h"

#define LOG_PREFIX "class-"
#define LOG_SUFFIX ".jsonl"

struct classlog {
    int fd;
    bool fresh; /* a new file: the "class" line goes first */
    char name[64];
    char path[PATH_MAX]; /* the file, for classlog_sum_own */
    const plan *p;
    int seg, step;     /* the step entered last, -1 when none (or left at the end) */
    int64_t step_base; /* its segment's active time when it was entered */
    int64_t paused_at; /* the class clock when paused, -1 when not */
    int64_t *totals;   /* each segment's total as last logged, for "time" */
    int err;           /* the first write's error, 0 */
};

/* --- Writing ----------------------------------------------------------------------- */

static int logs_dir(const char *state_dir, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/logs", state_dir ? state_dir : "");
    if (!state_dir || n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

static int is_log(const struct dirent *e)
{
    size_t n = strlen(e->d_name), s = strlen(LOG_SUFFIX);
    return !strncmp(e->d_name, LOG_PREFIX, strlen(LOG_PREFIX)) && n > s &&
           !strcmp(e->d_name + n - s, LOG_SUFFIX);
}

/* Keep the newest CLASSLOG_KEEP logs of `dir` (their names sort by their start). */
static void rotate(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, is_log, alphasort);
    if (n < 0) return;
    for (int i = 0; i < n; i++) {
        if (i < n - CLASSLOG_KEEP) {
            char path[PATH_MAX];
            if (snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name) < (int)sizeof path)
                unlink(path);
        }
        free(list[i]);
    }
    free(list);
}

classlog *classlog_open(const char *state_dir, const char *resume_name, const session *s)
{
    char dir[PATH_MAX - 80], path[PATH_MAX];
    if (logs_dir(state_dir, dir, sizeof dir) || fsutil_mkdirs(dir)) return NULL;
    classlog *l = calloc(1, sizeof(*l));
    if (!l) return NULL;
    l->p = session_plan(s);
    l->totals = calloc(l->p->nsegments, sizeof(*l->totals));
    l->fd = -1;
    l->seg = l->step = -1;
    l->paused_at = session_paused(s) ? session_class_ms(s) : -1;
    if (!l->totals) goto fail;
    for (size_t i = 0; i < l->p->nsegments; i++)
        l->totals[i] = session_segment_total_ms(s, (int)i);
    if (resume_name && *resume_name && !strchr(resume_name, '/') &&
        strlen(resume_name) < sizeof l->name) {
        snprintf(path, sizeof path, "%s/%s", dir, resume_name);
        l->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC); /* only a log that is there */
        if (l->fd >= 0) {
            snprintf(l->name, sizeof l->name, "%s", resume_name);
            snprintf(l->path, sizeof l->path, "%s", path);
        }
    }
    if (l->fd < 0) {
        char stamp[32];
        time_t t = time(NULL);
        struct tm tm;
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&t, &tm));
        for (int i = 1; l->fd < 0 && i < 100; i++) {
            if (i == 1)
                snprintf(l->name, sizeof l->name, LOG_PREFIX "%s" LOG_SUFFIX, stamp);
            else
                snprintf(l->name, sizeof l->name, LOG_PREFIX "%s-%d" LOG_SUFFIX, stamp, i);
            snprintf(path, sizeof path, "%s/%s", dir, l->name);
            l->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
            if (l->fd < 0 && errno != EEXIST) break;
        }
        if (l->fd < 0) goto fail;
        snprintf(l->path, sizeof l->path, "%s", path);
        l->fresh = true;
        rotate(dir);
    }
    return l;
fail : {
    int saved = errno;
    free(l->totals);
    free(l);
    errno = saved;
    return NULL;
}
}

const char *classlog_name(const classlog *l)
{
    return l ? l->name : NULL;
}

bool classlog_ok(const classlog *l, int *errno_out)
{
    if (l && l->err && errno_out) *errno_out = l->err;
    return l && !l->err;
}

/* A new line: the event, the wall clock, the class clock, who. */
static cJSON *line(const session *s, const char *ev, const char *by)
{
    cJSON *o = cJSON_CreateObject();
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    char at[48], day[32];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", gmtime_r(&ts.tv_sec, &tm));
    snprintf(at, sizeof at, "%s.%03ldZ", day, ts.tv_nsec / 1000000);
    cJSON_AddStringToObject(o, "ev", ev);
    cJSON_AddStringToObject(o, "at", at);
    cJSON_AddNumberToObject(o, "class_ms", (double)session_class_ms(s));
    if (by) cJSON_AddStringToObject(o, "by", by);
    return o;
}

/* Write the line whole with one write() and sync it; it is freed. */
static void put(classlog *l, cJSON *o)
{
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t n = text ? strlen(text) : 0;
    char *buf = text ? malloc(n + 1) : NULL;
    if (!buf) {
        if (!l->err) l->err = ENOMEM;
        cJSON_free(text);
        return;
    }
    memcpy(buf, text, n);
    buf[n] = '\n';
    cJSON_free(text);
    size_t done = 0;
    while (done < n + 1) {
        ssize_t w = write(l->fd, buf + done, n + 1 - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (!l->err) l->err = w < 0 ? errno : EIO;
            break;
        }
        done += (size_t)w;
    }
    if (done == n + 1 && fdatasync(l->fd) != 0 && !l->err) l->err = errno;
    free(buf);
}

static void add_int(cJSON *o, const char *key, int64_t v)
{
    cJSON_AddNumberToObject(o, key, (double)v);
}

/* A text from outside the console's own files (a file name, a notice): made valid
 * UTF-8 so every line stays readable JSON. */
static void add_text(cJSON *o, const char *key, const char *text)
{
    size_t n = strlen(text), cap = n * 3 + 1;
    char *clean = malloc(cap);
    if (!clean) return;
    utf8_clean(text, clean, cap);
    cJSON_AddStringToObject(o, key, clean);
    free(clean);
}

void classlog_begin(classlog *l, const session *s, bool resumed, int64_t off_s, bool counted)
{
    if (!l) return;
    const plan *p = l->p;
    if (l->fresh) {
        cJSON *o = line(s, "class", NULL);
        add_text(o, "plan", p->file);
        cJSON_AddStringToObject(o, "title", p->title);
        cJSON *arr = cJSON_AddArrayToObject(o, "segments");
        for (size_t i = 0; arr && i < p->nsegments; i++) {
            cJSON *g = cJSON_CreateObject();
            cJSON_AddStringToObject(g, "title", p->segments[i].title);
            add_int(g, "planned_ms", p->segments[i].duration_ms);
            cJSON_AddItemToArray(arr, g);
        }
        put(l, o);
    }
    if (resumed) {
        cJSON *o = line(s, "resumed", NULL);
        add_int(o, "segment", session_segment(s));
        add_int(o, "step", session_step(s));
        if (off_s >= 0) add_int(o, "off_s", off_s);
        cJSON_AddBoolToObject(o, "counted", counted);
        put(l, o);
    }
}

static int64_t step_planned(const classlog *l, int seg, int step)
{
    return l->p->segments[seg].steps[step].time_ms;
}

/* The step entered last is left: its times. */
static void left(classlog *l, const session *s, const char *by)
{
    if (l->seg < 0) return;
    int64_t seg_ms = session_segment_elapsed_ms(s, l->seg);
    int64_t step_ms = seg_ms - l->step_base;
    cJSON *o = line(s, "left", by);
    add_int(o, "segment", l->seg);
    add_int(o, "step", l->step);
    add_int(o, "planned_ms", step_planned(l, l->seg, l->step));
    add_int(o, "step_ms", step_ms > 0 ? step_ms : 0);
    add_int(o, "segment_ms", seg_ms);
    add_int(o, "segment_total_ms", session_segment_total_ms(s, l->seg));
    put(l, o);
    l->seg = -1;
}

static void entered(classlog *l, const session *s, const session_event *ev, const char *by)
{
    bool here = ev->segment == session_segment(s) && ev->step == session_step(s);
    l->seg = ev->segment;
    l->step = ev->step;
    l->step_base = session_segment_elapsed_ms(s, ev->segment) - (here ? session_step_ms(s) : 0);
    const plan_segment *g = &l->p->segments[ev->segment];
    cJSON *o = line(s, "entered", by);
    add_int(o, "segment", ev->segment);
    add_int(o, "step", ev->step);
    cJSON_AddStringToObject(o, "title", g->steps[ev->step].title);
    add_int(o, "planned_ms", g->steps[ev->step].time_ms);
    add_int(o, "segment_planned_ms", g->duration_ms);
    put(l, o);
}

static void segment_line(classlog *l, const session *s, const char *ev, int seg, const char *by)
{
    cJSON *o = line(s, ev, by);
    add_int(o, "segment", seg);
    put(l, o);
}

void classlog_event(classlog *l, const session *s, const session_event *ev, const char *by)
{
    if (!l) return;
    switch (ev->kind) {
    case SESSION_EV_SEGMENT_STARTED: break; /* its STEP_STARTED follows */
    case SESSION_EV_STEP_STARTED:
        left(l, s, by);
        entered(l, s, ev, by);
        break;
    case SESSION_EV_PAUSED:
        l->paused_at = session_class_ms(s);
        segment_line(l, s, "pause", ev->segment, by);
        break;
    case SESSION_EV_RESUMED: {
        cJSON *o = line(s, "unpause", by);
        add_int(o, "segment", ev->segment);
        if (l->paused_at >= 0) add_int(o, "paused_ms", session_class_ms(s) - l->paused_at);
        l->paused_at = -1;
        put(l, o);
        break;
    }
    case SESSION_EV_TIME_CHANGED: {
        int64_t total = session_segment_total_ms(s, ev->segment);
        cJSON *o = line(s, "time", by);
        add_int(o, "segment", ev->segment);
        add_int(o, "delta_ms", total - l->totals[ev->segment]);
        add_int(o, "segment_total_ms", total);
        l->totals[ev->segment] = total;
        put(l, o);
        break;
    }
    case SESSION_EV_TWO_MINUTES: segment_line(l, s, "two_minutes", ev->segment, NULL); break;
    case SESSION_EV_TIME_UP: segment_line(l, s, "time_up", ev->segment, NULL); break;
    case SESSION_EV_CLASS_FINISHED:
        left(l, s, by);
        put(l, line(s, "finished", by));
        break;
    }
}

void classlog_notice(classlog *l, const session *s, const char *text)
{
    if (!l) return;
    cJSON *o = line(s, "notice", NULL);
    add_text(o, "text", text ? text : "");
    put(l, o);
}

void classlog_sound(classlog *l, const session *s, bool device, const char *text)
{
    if (!l) return;
    cJSON *o = line(s, "sound", NULL);
    cJSON_AddBoolToObject(o, "device", device);
    if (text) add_text(o, "text", text);
    put(l, o);
}

void classlog_music(classlog *l, const session *s, classlog_music_kind what, int volume,
                    const char *by)
{
    static const char *const names[] = {
        [CLASSLOG_VOLUME] = "volume",
        [CLASSLOG_MUTE] = "mute",
        [CLASSLOG_UNMUTE] = "unmute",
        [CLASSLOG_SKIP] = "skip",
    };
    if (!l || what < 0 || what > CLASSLOG_SKIP) return;
    cJSON *o = line(s, "music", by);
    cJSON_AddStringToObject(o, "what", names[what]);
    if (what == CLASSLOG_VOLUME) add_int(o, "volume", volume);
    put(l, o);
}

void classlog_track(classlog *l, const session *s, const char *file)
{
    if (!l || !file) return;
    cJSON *o = line(s, "track", NULL);
    add_text(o, "file", file);
    put(l, o);
}

void classlog_close(classlog *l, const session *s, bool quit)
{
    if (!l) return;
    if (quit) {
        left(l, s, NULL);
        put(l, line(s, "quit", NULL));
    }
    close(l->fd);
    free(l->totals);
    free(l);
}

int classlog_last(const char *state_dir, char *path, size_t size)
{
    char dir[PATH_MAX - 80];
    if (logs_dir(state_dir, dir, sizeof dir)) return -1;
    struct dirent **list;
    int n = scandir(dir, &list, is_log, alphasort);
    if (n < 0) return -1;
    int rc = -1;
    struct timespec best = {0, 0};
    for (int i = 0; i < n; i++) {
        char p[PATH_MAX + 256];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, list[i]->d_name);
        /* the newest written, a resumed class too; the later name on a tie */
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
            (st.st_mtim.tv_sec > best.tv_sec ||
             (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec >= best.tv_nsec))) {
            best = st.st_mtim;
            rc = snprintf(path, size, "%s", p) < (int)size ? 0 : -1;
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

/* --- Reading ----------------------------------------------------------------------- */

typedef struct seg_sum {
    char title[80];
    int64_t planned, total, actual, added, removed, paused;
    int pauses;
    bool reached, open;
} seg_sum;

#define MAX_WHO 8
typedef struct who_sum {
    char by[24];
    int added, removed;           /* how many times */
    int64_t added_ms, removed_ms; /* and how much */
} who_sum;

struct classlog_sum {
    char title[120], plan[200], started[32], ended[16];
    seg_sum *segs;
    int nsegs;
    int64_t class_ms, off_s, counted_s; /* the stops' time off, and how much was counted */
    int resumes, counted, notices, damaged, pauses; /* counted: resumes whose stop was */
    who_sum who[MAX_WHO];
    int nwho;
    char first_notice[160];
    int tracks, volume_changes, mutes, skips; /* the music */
};

static int64_t num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble > -1e15 && v->valuedouble < 1e15
               ? (int64_t)v->valuedouble
               : 0;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The segment a line names, or NULL. */
static seg_sum *seg_of(classlog_sum *m, const cJSON *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "segment");
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble >= m->nsegs) return NULL;
    return &m->segs[(int)v->valuedouble];
}

static void tally_who(classlog_sum *m, const char *by, int64_t delta)
{
    if (!by) by = "the clock";
    int i = 0;
    while (i < m->nwho && strcmp(m->who[i].by, by))
        i++;
    if (i == m->nwho) {
        if (m->nwho == MAX_WHO) return;
        snprintf(m->who[m->nwho++].by, sizeof m->who[0].by, "%s", by);
    }
    if (delta > 0) {
        m->who[i].added++;
        m->who[i].added_ms += delta;
    }
    if (delta < 0) {
        m->who[i].removed++;
        m->who[i].removed_ms -= delta;
    }
}

static void read_class(classlog_sum *m, const cJSON *o)
{
    snprintf(m->title, sizeof m->title, "%s", str(o, "title") ? str(o, "title") : "?");
    snprintf(m->plan, sizeof m->plan, "%s", str(o, "plan") ? str(o, "plan") : "?");
    snprintf(m->started, sizeof m->started, "%.19s", str(o, "at") ? str(o, "at") : "?");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "segments");
    int n = cJSON_GetArraySize(arr);
    if (m->segs || !cJSON_IsArray(arr) || n <= 0 || n > 1000) return;
    m->segs = calloc((size_t)n, sizeof(*m->segs));
    if (!m->segs) return;
    m->nsegs = n;
    for (int i = 0; i < n; i++) {
        const cJSON *g = cJSON_GetArrayItem(arr, i);
        snprintf(m->segs[i].title, sizeof m->segs[i].title, "%s",
                 str(g, "title") ? str(g, "title") : "?");
        m->segs[i].planned = m->segs[i].total = num(g, "planned_ms");
    }
}

static void read_music(classlog_sum *m, const cJSON *o)
{
    const char *what = str(o, "what");
    if (!what) return;
    m->volume_changes += !strcmp(what, "volume");
    m->mutes += !strcmp(what, "mute");
    m->skips += !strcmp(what, "skip");
}

static void read_line(classlog_sum *m, const cJSON *o)
{
    const char *ev = str(o, "ev");
    if (!ev) {
        m->damaged++;
        return;
    }
    if (!strcmp(ev, "class")) {
        read_class(m, o);
        return;
    }
    if (!m->segs) return;
    int64_t cms = num(o, "class_ms");
    if (cms > m->class_ms) m->class_ms = cms;
    seg_sum *g = seg_of(m, o);
    if (!strcmp(ev, "resumed")) {
        m->resumes++;
        m->off_s += num(o, "off_s");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "counted"))) {
            m->counted++;
            m->counted_s += num(o, "off_s");
        }
        snprintf(m->ended, sizeof m->ended, "%s", "");
    } else if (!strcmp(ev, "entered") && g) {
        g->reached = g->open = true;
        m->ended[0] = '\0';
    } else if (!strcmp(ev, "left") && g) {
        g->open = false;
        int64_t a = num(o, "segment_ms");
        if (a > g->actual) g->actual = a;
        g->total = num(o, "segment_total_ms");
    } else if (!strcmp(ev, "pause") && g) {
        g->pauses++;
        m->pauses++;
    } else if (!strcmp(ev, "unpause") && g) {
        g->paused += num(o, "paused_ms");
    } else if (!strcmp(ev, "time") && g) {
        int64_t d = num(o, "delta_ms");
        if (d > 0) g->added += d;
        if (d < 0) g->removed -= d;
        g->total = num(o, "segment_total_ms");
        tally_who(m, str(o, "by"), d);
    } else if (!strcmp(ev, "finished") || (!strcmp(ev, "quit") && strcmp(m->ended, "finished"))) {
        snprintf(m->ended, sizeof m->ended, "%s", ev);
    } else if (!strcmp(ev, "notice")) {
        if (!m->notices++ && str(o, "text"))
            snprintf(m->first_notice, sizeof m->first_notice, "%s", str(o, "text"));
    } else if (!strcmp(ev, "music")) {
        read_music(m, o);
    } else if (!strcmp(ev, "track")) {
        m->tracks++;
    }
}

static const char *clock_of(int64_t ms, char *buf, size_t size)
{
    plan_format_clock(ms, buf, size);
    return buf;
}

static int64_t over_of(const seg_sum *g)
{
    return g->actual > g->total ? g->actual - g->total : 0;
}

static int64_t paused_of(const classlog_sum *m)
{
    int64_t paused = 0;
    for (int i = 0; i < m->nsegs; i++)
        paused += m->segs[i].paused;
    return paused;
}

static void csv_text(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void print_csv(const classlog_sum *m, FILE *out)
{
    fputs("segment,title,planned_s,added_s,removed_s,actual_s,over_s,pauses,paused_s,reached\n",
          out);
    for (int i = 0; i < m->nsegs; i++) {
        const seg_sum *g = &m->segs[i];
        fprintf(out, "%d,", i + 1);
        csv_text(out, g->title);
        fprintf(out, ",%.0f,%.0f,%.0f,%.0f,%.0f,%d,%.0f,%s\n", g->planned / 1000.0,
                g->added / 1000.0, g->removed / 1000.0, g->actual / 1000.0, over_of(g) / 1000.0,
                g->pauses, g->paused / 1000.0, g->reached ? "yes" : "no");
    }
}

/* How the log ends: "finished", "quit" or "cut-off" (a power cut or a crash). */
static const char *ending(const classlog_sum *m)
{
    return !strcmp(m->ended, "finished") ? "finished"
           : !strcmp(m->ended, "quit")   ? "quit"
                                         : "cut-off";
}

static void print_text(const classlog_sum *m, FILE *out)
{
    char a[32], b[32], c[32], d[32];
    fprintf(out, "%s (%s)\n", m->title, m->plan);
    const char *end = !strcmp(m->ended, "finished") ? "finished"
                      : !strcmp(m->ended, "quit")   ? "quit before the end"
                                                    : "cut off (a power cut or a crash)";
    fprintf(out, "Started %s UTC; the class clock reached %s; %s.\n", m->started,
            clock_of(m->class_ms, a, sizeof a), end);
    if (m->resumes) {
        fprintf(out, "Continued after a stop %d time%s (the console off about %s, ", m->resumes,
                m->resumes == 1 ? "" : "s", clock_of(m->off_s * 1000, a, sizeof a));
        if (m->counted && m->counted < m->resumes)
            fprintf(out, "%s of it counted as class time).\n",
                    clock_of(m->counted_s * 1000, a, sizeof a));
        else
            fprintf(out, "%scounted as class time).\n", m->counted ? "" : "not ");
    }
    fprintf(out, "\n    %-32s %8s %8s %8s %8s\n", "Segment", "planned", "+/-", "actual", "over");
    int64_t tp = 0, tadj = 0, ta = 0, to = 0;
    int over_n = 0;
    for (int i = 0; i < m->nsegs; i++) {
        const seg_sum *g = &m->segs[i];
        int64_t adj = g->added - g->removed;
        int64_t over = over_of(g);
        tp += g->planned;
        tadj += adj;
        ta += g->actual;
        to += over;
        over_n += over > 0;
        char adjs[48] = "", overs[32] = "-";
        if (adj)
            snprintf(adjs, sizeof adjs, "%s%s", adj > 0 ? "+" : "", clock_of(adj, b, sizeof b));
        if (over) clock_of(over, overs, sizeof overs);
        fprintf(out, "%3d %-32.32s %8s %8s %8s %8s%s\n", i + 1, g->title,
                clock_of(g->planned, a, sizeof a), adjs[0] ? adjs : "-",
                g->reached ? clock_of(g->actual, c, sizeof c) : "-", g->reached ? overs : "-",
                !g->reached               ? "  (not reached)"
                : g->open && !m->ended[0] ? "  (cut off)"
                                          : "");
    }
    char adjs[48] = "-";
    if (tadj) snprintf(adjs, sizeof adjs, "%s%s", tadj > 0 ? "+" : "", clock_of(tadj, b, sizeof b));
    fprintf(out, "    %-32s %8s %8s %8s %8s\n\n", "In all", clock_of(tp, a, sizeof a), adjs,
            clock_of(ta, c, sizeof c), to ? clock_of(to, d, sizeof d) : "-");
    fprintf(out, "Pauses: %d, %s in all.\n", m->pauses, clock_of(paused_of(m), a, sizeof a));
    if (m->nwho) {
        fputs("Minutes added or removed:", out);
        for (int i = 0; i < m->nwho; i++)
            fprintf(out, "%s %s +%d -%d", i ? ";" : "", m->who[i].by, m->who[i].added,
                    m->who[i].removed);
        fputs(".\n", out);
    }
    fprintf(out, "Overtime: %s in %d segment%s.\n", to ? clock_of(to, a, sizeof a) : "none", over_n,
            over_n == 1 ? "" : "s");
    if (m->tracks || m->volume_changes || m->mutes || m->skips)
        fprintf(out,
                "Music: %d track%s started; the volume changed %d time%s, muted %d, "
                "skipped %d.\n",
                m->tracks, m->tracks == 1 ? "" : "s", m->volume_changes,
                m->volume_changes == 1 ? "" : "s", m->mutes, m->skips);
    if (m->notices) fprintf(out, "Notices: %d (the first: %s).\n", m->notices, m->first_notice);
    if (m->damaged) fprintf(out, "Lines not whole, skipped: %d.\n", m->damaged);
}

static void add_ms(cJSON *o, const char *key, int64_t ms)
{
    cJSON_AddNumberToObject(o, key, (double)ms);
}

static cJSON *json_of(const classlog_sum *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "title", m->title);
    cJSON_AddStringToObject(o, "plan", m->plan);
    cJSON_AddStringToObject(o, "started", m->started);
    cJSON_AddStringToObject(o, "ended", ending(m));
    add_ms(o, "class_ms", m->class_ms);
    cJSON_AddNumberToObject(o, "resumes", m->resumes);
    int64_t tp = 0, tadd = 0, trem = 0, ta = 0, to = 0;
    int over_n = 0;
    cJSON *segs = cJSON_AddArrayToObject(o, "segments");
    for (int i = 0; segs && i < m->nsegs; i++) {
        const seg_sum *g = &m->segs[i];
        cJSON *j = cJSON_CreateObject();
        if (!j) break;
        cJSON_AddItemToArray(segs, j);
        int64_t over = over_of(g);
        tp += g->planned;
        tadd += g->added;
        trem += g->removed;
        ta += g->actual;
        to += over;
        over_n += over > 0;
        cJSON_AddNumberToObject(j, "segment", i);
        cJSON_AddStringToObject(j, "title", g->title);
        add_ms(j, "planned_ms", g->planned);
        add_ms(j, "added_ms", g->added);
        add_ms(j, "removed_ms", g->removed);
        if (g->reached)
            add_ms(j, "took_ms", g->actual);
        else
            cJSON_AddNullToObject(j, "took_ms");
        add_ms(j, "over_ms", over);
        cJSON_AddNumberToObject(j, "pauses", g->pauses);
        add_ms(j, "paused_ms", g->paused);
        cJSON_AddBoolToObject(j, "reached", g->reached);
        cJSON_AddBoolToObject(j, "cut_off", g->reached && g->open && !m->ended[0]);
    }
    cJSON *t = cJSON_AddObjectToObject(o, "total");
    if (t) {
        add_ms(t, "planned_ms", tp);
        add_ms(t, "added_ms", tadd);
        add_ms(t, "removed_ms", trem);
        add_ms(t, "took_ms", ta);
        add_ms(t, "over_ms", to);
        cJSON_AddNumberToObject(t, "over_segments", over_n);
    }
    cJSON *p = cJSON_AddObjectToObject(o, "pauses");
    if (p) {
        cJSON_AddNumberToObject(p, "count", m->pauses);
        add_ms(p, "total_ms", paused_of(m));
    }
    cJSON *who = cJSON_AddArrayToObject(o, "minutes");
    for (int i = 0; who && i < m->nwho; i++) {
        cJSON *w = cJSON_CreateObject();
        if (!w) break;
        cJSON_AddItemToArray(who, w);
        cJSON_AddStringToObject(w, "by", m->who[i].by);
        cJSON_AddNumberToObject(w, "added", m->who[i].added);
        cJSON_AddNumberToObject(w, "removed", m->who[i].removed);
        add_ms(w, "added_ms", m->who[i].added_ms);
        add_ms(w, "removed_ms", m->who[i].removed_ms);
    }
    cJSON *mu = cJSON_AddObjectToObject(o, "music");
    if (mu) {
        cJSON_AddNumberToObject(mu, "tracks", m->tracks);
        cJSON_AddNumberToObject(mu, "volume_changes", m->volume_changes);
        cJSON_AddNumberToObject(mu, "mutes", m->mutes);
        cJSON_AddNumberToObject(mu, "skips", m->skips);
    }
    cJSON *n = cJSON_AddObjectToObject(o, "notices");
    if (n) {
        cJSON_AddNumberToObject(n, "count", m->notices);
        if (m->notices)
            cJSON_AddStringToObject(n, "first", m->first_notice);
        else
            cJSON_AddNullToObject(n, "first");
    }
    cJSON_AddNumberToObject(o, "damaged_lines", m->damaged);
    return o;
}

static void print_json(const classlog_sum *m, FILE *out)
{
    cJSON *o = json_of(m);
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (text) fprintf(out, "%s\n", text);
    cJSON_free(text);
}

classlog_sum *classlog_sum_read(const char *text, size_t len)
{
    classlog_sum *m = calloc(1, sizeof(*m));
    if (!m) return NULL;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n) {
            cJSON *o = cJSON_ParseWithLength(p, n);
            if (cJSON_IsObject(o))
                read_line(m, o);
            else
                m->damaged++;
            cJSON_Delete(o);
        }
        p += n + 1;
    }
    if (!m->segs) {
        free(m);
        return NULL;
    }
    return m;
}

classlog_sum *classlog_sum_own(const classlog *l)
{
    if (!l || !l->path[0]) return NULL;
    size_t len;
    char *text = fsutil_read_file(l->path, CLASSLOG_READ_MAX, &len);
    if (!text) return NULL;
    classlog_sum *m = classlog_sum_read(text, len);
    free(text);
    return m;
}

void classlog_sum_print(const classlog_sum *m, classlog_format format, FILE *out)
{
    if (!m) return;
    switch (format) {
    case CLASSLOG_TEXT: print_text(m, out); break;
    case CLASSLOG_CSV: print_csv(m, out); break;
    case CLASSLOG_JSON: print_json(m, out); break;
    }
}

void classlog_sum_destroy(classlog_sum *m)
{
    if (!m) return;
    free(m->segs);
    free(m);
}

int classlog_summary(const char *text, size_t len, classlog_format format, FILE *out)
{
    classlog_sum *m = classlog_sum_read(text, len);
    if (!m) return -1;
    classlog_sum_print(m, format, out);
    classlog_sum_destroy(m);
    return 0;
}
