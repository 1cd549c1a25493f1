/* diag.c: see diag.h. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_DEFAULT_LIMIT 100

void diag_init(diag *d)
{
    memset(d, 0, sizeof(*d));
}

void diag_release(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->msgs[i].file);
        free(d->msgs[i].text);
    }
    free(d->msgs);
    diag_init(d);
}

static void diag_vadd(diag *d, bool warning, const char *file, int line, int col, const char *fmt,
                      va_list args)
{
    if (warning) d->warnings++;
    size_t limit = d->limit ? d->limit : DIAG_DEFAULT_LIMIT;
    if (d->count >= limit) {
        d->dropped++;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        diag_msg *m = realloc(d->msgs, cap * sizeof(*m));
        if (!m) {
            d->dropped++;
            return;
        }
        d->msgs = m;
        d->cap = cap;
    }
    va_list ap;
    va_copy(ap, args);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    char *f = strdup(file ? file : "?");
    if (!text || !f) {
        free(text);
        free(f);
        d->dropped++;
        return;
    }
    va_copy(ap, args);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->msgs[d->count++] =
        (diag_msg){.file = f, .line = line, .col = col, .warning = warning, .text = text};
}

void diag_add(diag *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, false, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_warn(diag *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, true, file, line, col, fmt, ap);
    va_end(ap);
}

size_t diag_errors(const diag *d)
{
    return d->count + d->dropped - d->warnings;
}

static int diag_cmp(const void *a, const void *b)
{
    const diag_msg *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x < y ? -1 : (x > y);
}

void diag_print(const diag *d, FILE *out)
{
    if (d->count == 0 && d->dropped == 0) return;
    /* Sort a copy of the pointers' order so printing does not change the record. */
    diag_msg *sorted = malloc(d->count * sizeof(*sorted) + 1);
    if (!sorted) return;
    if (d->count) memcpy(sorted, d->msgs, d->count * sizeof(*sorted));
    qsort(sorted, d->count, sizeof(*sorted), diag_cmp);
    for (size_t i = 0; i < d->count; i++) {
        const diag_msg *m = &sorted[i];
        fprintf(out, "%s:%d:%d: %s%s\n", m->file, m->line, m->col, m->warning ? "warning: " : "",
                m->text);
    }
    if (d->dropped) fprintf(out, "(%zu more problems not shown)\n", d->dropped);
    free(sorted);
}

/* Levenshtein distance with two rows; words here are short identifiers. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return (size_t)-1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof(size_t));
    }
    return prev[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    size_t len = strlen(word);
    size_t allowed = len < 4 ? 1 : len < 8 ? 2 : 3;
    return best && best_d <= allowed ? best : NULL;
}

const char *diag_did_you_mean(const char *word, const char *const *candidates, size_t n, char *buf,
                              size_t size)
{
    const char *hint = word ? diag_suggest(word, candidates, n) : NULL;
    if (hint)
        snprintf(buf, size, "; did you mean '%s'?", hint);
    else if (size)
        buf[0] = '\0';
    return buf;
}
