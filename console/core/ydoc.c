/* ydoc.c: see ydoc.h. libyaml's event parser feeds an explicit stack, so hostile
 * nesting cannot overflow the C stack, and every node keeps its start mark. */
#include "core/ydoc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "platform/fsutil.h"

#define YDOC_MAX_NODES 200000

/* A container being filled: children collect in malloc'd vectors until it closes,
 * then move into the arena at their final size. */
typedef struct frame {
    ynode *node;
    ynode **items, **vals;
    size_t n, cap;
    ynode *key; /* MAP: a key waiting for its value */
} frame;

typedef struct builder {
    const char *bytes; /* the input, to place reader errors given as byte offsets */
    size_t len;
    arena *a;
    const char *path;
    diag *d;
    frame stack[YDOC_MAX_DEPTH];
    int depth;
    size_t nodes;
    ynode *root;
    int ndocs;
    int failed;
} builder;

const char *ydoc_kind_name(ynode_kind kind)
{
    switch (kind) {
    case YNODE_SCALAR: return "a single value";
    case YNODE_SEQ: return "a list";
    case YNODE_MAP: return "a set of keys";
    }
    return "?";
}

/* libyaml speaks of tokens and contexts; say what a person can fix. */
static const char *plain_problem(const char *problem)
{
    if (!problem) return "this is not valid YAML";
    if (strstr(problem, "mapping values are not allowed"))
        return "a ':' followed by a space inside a text: put the whole text in quotes";
    if (strstr(problem, "tab character")) return "a tab character: indent with spaces, not tabs";
    if (strstr(problem, "cannot start any token"))
        return "this character cannot start a value here (indent with spaces, not tabs, "
               "and put texts starting with special characters in quotes)";
    if (strstr(problem, "did not find expected key"))
        return "this line does not line up with the keys above it: check its indentation";
    if (strstr(problem, "did not find expected '-'"))
        return "this line does not line up with the list above it: check its indentation";
    if (strstr(problem, "UTF-8") || strstr(problem, "octet"))
        return "the file is not UTF-8 text: save it as UTF-8 in your editor";
    if (strstr(problem, "control characters"))
        return "the file holds control characters or binary data, not text";
    if (strstr(problem, "found unexpected end of stream"))
        return "the file ends in the middle of a value: is a closing quote or bracket missing?";
    if (strstr(problem, "found unknown escape character"))
        return "unknown escape after '\\' in a double-quoted text: use single quotes instead";
    return NULL;
}

/* Line and column (in characters) of a byte offset, for libyaml's reader errors. */
static void place_offset(const builder *b, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < b->len; i++) {
        unsigned char ch = (unsigned char)b->bytes[i];
        if (ch == '\n') {
            ++*line;
            *col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static void report_parser_error(builder *b, const yaml_parser_t *p)
{
    const char *plain = plain_problem(p->problem);
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (p->error == YAML_READER_ERROR) {
        /* A bad trailing octet is reported at itself: point at its character's start. */
        size_t at = p->problem_offset;
        for (int k = 0;
             k < 3 && at > 0 && at < b->len && p->problem && strstr(p->problem, "trailing") &&
             ((unsigned char)b->bytes[at] & 0xC0) != 0xC0;
             k++)
            at--;
        place_offset(b, at, &line, &col);
    }
    if (p->error == YAML_MEMORY_ERROR) {
        diag_add(b->d, b->path, 0, 0, "out of memory while reading the file");
    } else if (plain) {
        diag_add(b->d, b->path, line, col, "%s", plain);
    } else {
        diag_add(b->d, b->path, line, col, "this is not valid YAML (%s%s%s)",
                 p->context ? p->context : "", p->context ? ": " : "",
                 p->problem ? p->problem : "unknown problem");
    }
    b->failed = 1;
}

static ynode *new_node(builder *b, ynode_kind kind, const yaml_mark_t *m)
{
    if (++b->nodes > YDOC_MAX_NODES) {
        diag_add(b->d, b->path, (int)m->line + 1, (int)m->column + 1,
                 "the file has too many values (more than %d)", YDOC_MAX_NODES);
        b->failed = 1;
        return NULL;
    }
    ynode *n = arena_alloc(b->a, sizeof(*n));
    if (!n) {
        diag_add(b->d, b->path, 0, 0, "out of memory while reading the file");
        b->failed = 1;
        return NULL;
    }
    n->kind = kind;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

static int frame_push_child(builder *b, frame *f, ynode *child)
{
    if (f->node->kind == YNODE_MAP && !f->key) {
        if (child->kind != YNODE_SCALAR) {
            diag_add(b->d, b->path, child->line, child->col, "a key must be a plain word, not %s",
                     ydoc_kind_name(child->kind));
            b->failed = 1;
            return -1;
        }
        f->key = child;
        return 0;
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        ynode **items = realloc(f->items, cap * sizeof(*items));
        if (!items) goto oom;
        f->items = items;
        if (f->node->kind == YNODE_MAP) {
            ynode **vals = realloc(f->vals, cap * sizeof(*vals));
            if (!vals) goto oom;
            f->vals = vals;
        }
        f->cap = cap;
    }
    if (f->node->kind == YNODE_MAP) {
        f->items[f->n] = f->key;
        f->vals[f->n] = child;
        f->key = NULL;
    } else {
        f->items[f->n] = child;
    }
    f->n++;
    return 0;
oom:
    diag_add(b->d, b->path, 0, 0, "out of memory while reading the file");
    b->failed = 1;
    return -1;
}

/* Attach a finished node to its parent, or make it the root. */
static int attach(builder *b, ynode *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    return frame_push_child(b, &b->stack[b->depth - 1], n);
}

static int cmp_key(const void *x, const void *y)
{
    const ynode *a = *(ynode *const *)x, *c = *(ynode *const *)y;
    int r = strcmp(a->str, c->str);
    if (r) return r;
    return a->line != c->line ? (a->line < c->line ? -1 : 1) : (a->col < c->col ? -1 : 1);
}

static void check_duplicate_keys(builder *b, const frame *f)
{
    if (f->n < 2) return;
    ynode **sorted = malloc(f->n * sizeof(*sorted));
    if (!sorted) return;
    memcpy(sorted, f->items, f->n * sizeof(*sorted));
    qsort(sorted, f->n, sizeof(*sorted), cmp_key);
    for (size_t i = 1; i < f->n; i++) {
        if (strcmp(sorted[i - 1]->str, sorted[i]->str) == 0) {
            diag_add(b->d, b->path, sorted[i]->line, sorted[i]->col,
                     "'%s' is written twice here (first on line %d)", sorted[i]->str,
                     sorted[i - 1]->line);
            b->failed = 1;
        }
    }
    free(sorted);
}

static int open_container(builder *b, ynode_kind kind, const yaml_event_t *ev)
{
    if (b->depth == YDOC_MAX_DEPTH) {
        diag_add(b->d, b->path, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                 "the file is nested too deeply (more than %d levels)", YDOC_MAX_DEPTH);
        b->failed = 1;
        return -1;
    }
    ynode *n = new_node(b, kind, &ev->start_mark);
    if (!n) return -1;
    b->stack[b->depth++] = (frame){.node = n};
    return 0;
}

static int close_container(builder *b)
{
    frame *f = &b->stack[b->depth - 1];
    ynode *n = f->node;
    int rc = 0;
    if (n->kind == YNODE_MAP) check_duplicate_keys(b, f);
    n->n = f->n;
    if (f->n) {
        n->items = arena_calloc(b->a, f->n, sizeof(ynode *));
        if (n->kind == YNODE_MAP) n->vals = arena_calloc(b->a, f->n, sizeof(ynode *));
        if (!n->items || (n->kind == YNODE_MAP && !n->vals)) {
            diag_add(b->d, b->path, 0, 0, "out of memory while reading the file");
            b->failed = 1;
            rc = -1;
        } else {
            memcpy(n->items, f->items, f->n * sizeof(ynode *));
            if (n->kind == YNODE_MAP) memcpy(n->vals, f->vals, f->n * sizeof(ynode *));
        }
    }
    free(f->items);
    free(f->vals);
    b->depth--;
    return rc ? rc : attach(b, n);
}

static int refuse_extras(builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
                         const yaml_char_t *tag, int implicit_tag)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (anchor) {
        diag_add(b->d, b->path, line, col,
                 "anchors ('&') are not used in Nurture's files: write the value out");
        b->failed = 1;
        return -1;
    }
    if (tag && !implicit_tag) {
        diag_add(b->d, b->path, line, col, "tags ('!') are not used in Nurture's files");
        b->failed = 1;
        return -1;
    }
    return 0;
}

static int on_event(builder *b, const yaml_event_t *ev)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->ndocs > 1) {
            diag_add(b->d, b->path, line, col,
                     "a second document ('---') in one file: one plan per file");
            b->failed = 1;
            return -1;
        }
        return 0;
    case YAML_ALIAS_EVENT:
        diag_add(b->d, b->path, line, col,
                 "aliases ('*') are not used in Nurture's files: write the value out");
        b->failed = 1;
        return -1;
    case YAML_SCALAR_EVENT: {
        const yaml_char_t *tag = ev->data.scalar.tag;
        int implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
        if (refuse_extras(b, ev, ev->data.scalar.anchor, tag, implicit)) return -1;
        ynode *n = new_node(b, YNODE_SCALAR, &ev->start_mark);
        if (!n) return -1;
        n->len = ev->data.scalar.length;
        n->str = arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
        if (!n->str) {
            diag_add(b->d, b->path, 0, 0, "out of memory while reading the file");
            b->failed = 1;
            return -1;
        }
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        return attach(b, n);
    }
    case YAML_SEQUENCE_START_EVENT:
        if (refuse_extras(b, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
                          ev->data.sequence_start.implicit))
            return -1;
        return open_container(b, YNODE_SEQ, ev);
    case YAML_MAPPING_START_EVENT:
        if (refuse_extras(b, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
                          ev->data.mapping_start.implicit))
            return -1;
        return open_container(b, YNODE_MAP, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return close_container(b);
    default: return 0;
    }
}

int ydoc_parse(arena *a, const char *path, const char *bytes, size_t len, ynode **root, diag *d)
{
    builder b = {.bytes = bytes, .len = len, .a = a, .path = path, .d = d};
    *root = NULL;
    if (len == 0) {
        diag_add(d, path, 1, 1, "the file is empty");
        return -1;
    }
    if (len > YDOC_MAX_BYTES) {
        diag_add(d, path, 1, 1, "the file is too large (%zu KB; a plan file is at most %d KB)",
                 len / 1024, YDOC_MAX_BYTES / 1024);
        return -1;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_add(d, path, 0, 0, "out of memory while reading the file");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)bytes, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&b, &parser);
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        int rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
        if (rc || done) break;
    }
    yaml_parser_delete(&parser);
    while (b.depth > 0) { /* stopped half-way: free the open frames */
        b.depth--;
        free(b.stack[b.depth].items);
        free(b.stack[b.depth].vals);
    }
    if (b.failed) return -1;
    if (!b.root || (b.root->kind == YNODE_SCALAR && b.root->len == 0 && !b.root->quoted)) {
        diag_add(d, path, 1, 1, "the file is empty (only blank lines or comments)");
        return -1;
    }
    *root = b.root;
    return 0;
}

char *ydoc_read_file(const char *path, size_t *len, diag *d)
{
    char *buf = fsutil_read_file(path, YDOC_MAX_BYTES, len);
    if (buf) return buf;
    if (errno == EISDIR || errno == EINVAL)
        diag_add(d, path, 0, 0, "this is not a regular file");
    else if (errno == EFBIG)
        diag_add(d, path, 1, 1, "the file is too large (a plan file is at most %d KB)",
                 YDOC_MAX_BYTES / 1024);
    else if (errno == ENOMEM)
        diag_add(d, path, 0, 0, "out of memory while reading the file");
    else
        diag_add(d, path, 0, 0, "cannot open the file: %s", strerror(errno));
    return NULL;
}

int ydoc_load_file(arena *a, const char *path, ynode **root, diag *d)
{
    size_t len;
    *root = NULL;
    char *buf = ydoc_read_file(path, &len, d);
    if (!buf) return -1;
    int rc = ydoc_parse(a, path, buf, len, root, d);
    free(buf);
    return rc;
}

const ynode *ydoc_get(const ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->items[i]->str, key) == 0) return map->vals[i];
    return NULL;
}
