/* schema.c: see schema.h. */
#include "core/schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"

void schema_error(schema_ctx *c, const ynode *at, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    diag_add(c->d, c->path, at ? at->line : 1, at ? at->col : 1, "%s", text);
    c->errors++;
}

static size_t count_names(const char *const *names)
{
    size_t n = 0;
    while (names && names[n])
        n++;
    return n;
}

int schema_keys(schema_ctx *c, const ynode *map, const char *what, const char *const *allowed,
                const char *const *required)
{
    int before = c->errors;
    if (!map || map->kind != YNODE_MAP) {
        schema_error(c, map, "%s should be a set of 'key: value' lines, not %s", what,
                     map ? ydoc_kind_name(map->kind) : "nothing");
        return -1;
    }
    size_t nallowed = count_names(allowed);
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = map->items[i];
        size_t j = 0;
        while (j < nallowed && strcmp(allowed[j], k->str) != 0)
            j++;
        if (j < nallowed) continue;
        const char *hint = diag_suggest(k->str, allowed, nallowed);
        if (hint)
            schema_error(c, k, "'%s' is not a key of %s; did you mean '%s'?", k->str, what, hint);
        else
            schema_error(c, k, "'%s' is not a key of %s", k->str, what);
    }
    for (size_t j = 0; required && required[j]; j++)
        if (!ydoc_get(map, required[j]))
            schema_error(c, map, "%s needs a '%s:'", what, required[j]);
    return c->errors == before ? 0 : -1;
}

static const ynode *scalar(schema_ctx *c, const ynode *map, const char *key, const char *expect)
{
    const ynode *v = ydoc_get(map, key);
    if (!v) return NULL;
    if (v->kind != YNODE_SCALAR) {
        schema_error(c, v, "'%s' should be %s, not %s", key, expect, ydoc_kind_name(v->kind));
        return NULL;
    }
    return v;
}

static bool is_blank(const ynode *v)
{
    for (size_t i = 0; i < v->len; i++)
        if (!isspace((unsigned char)v->str[i])) return false;
    return true;
}

const char *schema_text(schema_ctx *c, const ynode *map, const char *key, bool required)
{
    const ynode *v = ydoc_get(map, key);
    if (!v) {
        if (required) schema_error(c, map, "'%s:' is missing", key);
        return NULL;
    }
    if (!(v = scalar(c, map, key, "a text"))) return NULL;
    if (is_blank(v)) {
        schema_error(c, v, "'%s' is empty", key);
        return NULL;
    }
    if (strlen(v->str) != v->len) {
        schema_error(c, v, "'%s' holds a NUL character", key);
        return NULL;
    }
    return arena_strndup(c->mem, v->str, v->len);
}

int schema_int(schema_ctx *c, const ynode *map, const char *key, int min, int max, int def)
{
    const ynode *v = scalar(c, map, key, "a whole number");
    if (!v) return def;
    char *end;
    long n = strtol(v->str, &end, 10);
    if (v->quoted || v->len == 0 || *end || end == v->str) {
        schema_error(c, v, "'%s' should be a whole number, not '%s'", key, v->str);
        return def;
    }
    if (n < min || n > max) {
        schema_error(c, v, "'%s' is %ld; it should be from %d to %d", key, n, min, max);
        return def;
    }
    return (int)n;
}

bool schema_bool(schema_ctx *c, const ynode *map, const char *key, bool def)
{
    const ynode *v = scalar(c, map, key, "true or false");
    if (!v) return def;
    if (!strcmp(v->str, "true") || !strcmp(v->str, "yes")) return true;
    if (!strcmp(v->str, "false") || !strcmp(v->str, "no")) return false;
    schema_error(c, v, "'%s' should be true or false, not '%s'", key, v->str);
    return def;
}

int schema_parse_duration(const char *s, int64_t *ms)
{
    int64_t total = 0;
    int seen = 0; /* units used so far, in order h, m, s */
    const char *p = s;
    while (*p == ' ')
        p++;
    if (!*p) return -1;
    while (*p) {
        if (!isdigit((unsigned char)*p)) return -1;
        int64_t n = 0;
        while (isdigit((unsigned char)*p)) {
            n = n * 10 + (*p++ - '0');
            if (n > 1000000) return -1;
        }
        int unit;
        int64_t scale;
        switch (*p++) {
        case 'h': unit = 1, scale = HOUR_MS; break;
        case 'm': unit = 2, scale = MINUTE_MS; break;
        case 's': unit = 3, scale = SECOND_MS; break;
        default: return -1;
        }
        if (unit <= seen) return -1; /* "5m1h" or "3m3m" */
        seen = unit;
        total += n * scale;
        while (*p == ' ')
            p++;
    }
    *ms = total;
    return 0;
}

int64_t schema_duration(schema_ctx *c, const ynode *map, const char *key, int64_t min_ms,
                        int64_t max_ms, int64_t def)
{
    const ynode *v = ydoc_get(map, key);
    if (!v) {
        if (def < 0) schema_error(c, map, "'%s:' is missing (for example '%s: 5m')", key, key);
        return def;
    }
    if (!(v = scalar(c, map, key, "a duration"))) return -1;
    int64_t ms;
    if (schema_parse_duration(v->str, &ms) != 0) {
        bool number = v->len > 0 && strspn(v->str, "0123456789") == v->len;
        if (number)
            schema_error(c, v, "'%s' is a bare number: write %sm for minutes or %ss for seconds",
                         v->str, v->str, v->str);
        else
            schema_error(c, v, "'%s' is not a duration: write it like 45s, 3m, 1m30s or 1h",
                         v->str);
        return -1;
    }
    if (ms < min_ms || ms > max_ms) {
        char lo[32], hi[32];
        schema_format_duration(min_ms, lo, sizeof lo);
        schema_format_duration(max_ms, hi, sizeof hi);
        schema_error(c, v, "'%s' of '%s' is out of range: from %s to %s", v->str, key, lo, hi);
        return -1;
    }
    return ms;
}

void schema_format_duration(int64_t ms, char *buf, size_t size)
{
    long long s = (long long)((ms < 0 ? -ms : ms) / SECOND_MS);
    if (s % 60 == 0)
        snprintf(buf, size, "%lldm", s / 60);
    else if (s < 60)
        snprintf(buf, size, "%llds", s);
    else
        snprintf(buf, size, "%lldm%llds", s / 60, s % 60);
}

int schema_enum(schema_ctx *c, const ynode *map, const char *key, const char *const *names, int def)
{
    const ynode *v = scalar(c, map, key, "a single word");
    if (!v) return ydoc_get(map, key) ? -1 : def;
    size_t n = count_names(names);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], v->str)) return (int)i;
    char list[256] = "";
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof(list) - used, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
                 names[i]);
    }
    const char *hint = diag_suggest(v->str, names, n);
    if (hint)
        schema_error(c, v, "'%s' is not a %s; did you mean '%s'? (one of %s)", v->str, key, hint,
                     list);
    else
        schema_error(c, v, "'%s' is not a %s: write one of %s", v->str, key, list);
    return -1;
}

const ynode *schema_list(schema_ctx *c, const ynode *map, const char *key, bool required)
{
    const ynode *v = ydoc_get(map, key);
    if (!v) {
        if (required) schema_error(c, map, "'%s:' is missing", key);
        return NULL;
    }
    if (v->kind != YNODE_SEQ) {
        schema_error(c, v, "'%s' should be a list (lines starting with '- '), not %s", key,
                     ydoc_kind_name(v->kind));
        return NULL;
    }
    return v;
}

strv schema_texts(schema_ctx *c, const ynode *map, const char *key)
{
    strv out = {0};
    const ynode *list = schema_list(c, map, key, false);
    if (!list || list->n == 0) return out;
    out.v = arena_calloc(c->mem, list->n, sizeof(char *));
    if (!out.v) return out;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *v = list->items[i];
        if (v->kind != YNODE_SCALAR || is_blank(v) || strlen(v->str) != v->len) {
            schema_error(c, v, "each item of '%s' should be a line of text", key);
            continue;
        }
        out.v[out.n++] = arena_strndup(c->mem, v->str, v->len);
    }
    return out;
}

bool schema_is_id(const char *s)
{
    if (!*s || *s == '-') return false;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
        if (!ok || (*p == '-' && (p[1] == '-' || p[1] == '\0'))) return false;
    }
    return true;
}
