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

#include "platform/fsutil.h"

#define LOG_PREFIX "class-"
#define LOG_SUFFIX ".jsonl"

struct classlog {
    int fd;
    bool fresh; /* a new file: the "class" line goes first */
    char name[64];
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
        if (l->fd >= 0) snprintf(l->name, sizeof l->name, "%s", resume_name);
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

void classlog_begin(classlog *l, const session *s, bool resumed, int64_t off_s, bool counted)
{
    if (!l) return;
    const plan *p = l->p;
    if (l->fresh) {
        cJSON *o = line(s, "class", NULL);
        cJSON_AddStringToObject(o, "plan", p->file);
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
    cJSON_AddStringToObject(o, "text", text);
    put(l, o);
}

void classlog_sound(classlog *l, const session *s, bool device, const char *text)
{
    if (!l) return;
    cJSON *o = line(s, "sound", NULL);
    cJSON_AddBoolToObject(o, "device", device);
    if (text) cJSON_AddStringToObject(o, "text", text);
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
    int added, removed; /* how many times */
} who_sum;

typedef struct summary {
    char title[120], plan[200], started[32], ended[16];
    seg_sum *segs;
    int nsegs;
    int64_t class_ms, off_s, counted_s; /* the stops' time off, and how much was counted */
    int resumes, counted, notices, damaged, pauses; /* counted: resumes whose stop was */
    who_sum who[MAX_WHO];
    int nwho;
    char first_notice[160];
} summary;

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
static seg_sum *seg_of(summary *m, const cJSON *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "segment");
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble >= m->nsegs) return NULL;
    return &m->segs[(int)v->valuedouble];
}

static void tally_who(summary *m, const char *by, int64_t delta)
{
    if (!by) by = "the clock";
    int i = 0;
    while (i < m->nwho && strcmp(m->who[i].by, by))
        i++;
    if (i == m->nwho) {
        if (m->nwho == MAX_WHO) return;
        snprintf(m->who[m->nwho++].by, sizeof m->who[0].by, "%s", by);
    }
    if (delta > 0) m->who[i].added++;
    if (delta < 0) m->who[i].removed++;
}

static void read_class(summary *m, const cJSON *o)
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

static void read_line(summary *m, const cJSON *o)
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
    }
}

static const char *clock_of(int64_t ms, char *buf, size_t size)
{
    plan_format_clock(ms, buf, size);
    return buf;
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

static void print_csv(const summary *m, FILE *out)
{
    fputs("segment,title,planned_s,added_s,removed_s,actual_s,over_s,pauses,paused_s,reached\n",
          out);
    for (int i = 0; i < m->nsegs; i++) {
        const seg_sum *g = &m->segs[i];
        int64_t over = g->actual > g->total ? g->actual - g->total : 0;
        fprintf(out, "%d,", i + 1);
        csv_text(out, g->title);
        fprintf(out, ",%.0f,%.0f,%.0f,%.0f,%.0f,%d,%.0f,%s\n", g->planned / 1000.0,
                g->added / 1000.0, g->removed / 1000.0, g->actual / 1000.0, over / 1000.0,
                g->pauses, g->paused / 1000.0, g->reached ? "yes" : "no");
    }
}

static void print_text(const summary *m, FILE *out)
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
        int64_t over = g->actual > g->total ? g->actual - g->total : 0;
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
    int64_t paused = 0;
    for (int i = 0; i < m->nsegs; i++)
        paused += m->segs[i].paused;
    fprintf(out, "Pauses: %d, %s in all.\n", m->pauses, clock_of(paused, a, sizeof a));
    if (m->nwho) {
        fputs("Minutes added or removed:", out);
        for (int i = 0; i < m->nwho; i++)
            fprintf(out, "%s %s +%d -%d", i ? ";" : "", m->who[i].by, m->who[i].added,
                    m->who[i].removed);
        fputs(".\n", out);
    }
    fprintf(out, "Overtime: %s in %d segment%s.\n", to ? clock_of(to, a, sizeof a) : "none", over_n,
            over_n == 1 ? "" : "s");
    if (m->notices) fprintf(out, "Notices: %d (the first: %s).\n", m->notices, m->first_notice);
    if (m->damaged) fprintf(out, "Lines not whole, skipped: %d.\n", m->damaged);
}

int classlog_summary(const char *text, size_t len, bool csv, FILE *out)
{
    summary m;
    memset(&m, 0, sizeof m);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n) {
            cJSON *o = cJSON_ParseWithLength(p, n);
            if (cJSON_IsObject(o))
                read_line(&m, o);
            else
                m.damaged++;
            cJSON_Delete(o);
        }
        p += n + 1;
    }
    if (!m.segs) return -1;
    if (csv)
        print_csv(&m, out);
    else
        print_text(&m, out);
    free(m.segs);
    return 0;
}
