/* ydoc.h: a YAML file as a small tree of nodes that remember where they were written.
 *
 * libyaml does the parsing (and the UTF-8 checking); this module turns its event
 * stream into a tree so that loaders can walk it by key and report every problem at
 * the line and column of the offending node.
 *
 * Deliberately refused, with a clear message: more than one document, anchors and
 * aliases, tags, nesting deeper than YDOC_MAX_DEPTH, files over YDOC_MAX_BYTES.
 * Maps keep their keys in file order; keys must be plain text and not repeat.
 *
 * Every node lives in the caller's arena and is immutable once ydoc_parse returns. */
#ifndef NURTURE_YDOC_H
#define NURTURE_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"

#define YDOC_MAX_BYTES (1024 * 1024) /* a plan is a few KB; 1 MB is generous */
#define YDOC_MAX_DEPTH 32

typedef enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP } ynode_kind;

typedef struct ynode ynode;
struct ynode {
    ynode_kind kind;
    int line, col;   /* 1-based position of the node's first character */
    const char *str; /* SCALAR: the value, NUL-terminated, UTF-8 */
    size_t len;      /* SCALAR: bytes in str (a value may hold NUL bytes) */
    bool quoted;     /* SCALAR: written in quotes or as a block, so never a number */
    ynode **items;   /* SEQ: n items; MAP: n keys, and vals[i] is the value of items[i] */
    ynode **vals;
    size_t n;
};

/* Parse `len` bytes read from `path` (used in messages only). On success *root is
 * the document's top node and 0 is returned; on failure problems are added to `d`
 * and -1 is returned. An empty document is an error. */
int ydoc_parse(arena *a, const char *path, const char *bytes, size_t len, ynode **root, diag *d);

/* Read a whole file into a malloc'd, NUL-terminated buffer that the caller frees.
 * Files that cannot be read, are not regular files or are over YDOC_MAX_BYTES are
 * reported in `d` and give NULL. */
char *ydoc_read_file(const char *path, size_t *len, diag *d);

/* ydoc_read_file, then ydoc_parse. */
int ydoc_load_file(arena *a, const char *path, ynode **root, diag *d);

/* The value of `key` in a MAP node, or NULL. */
const ynode *ydoc_get(const ynode *map, const char *key);

/* Human name of a node's kind for messages: "a list", "a set of keys", "a text". */
const char *ydoc_kind_name(ynode_kind kind);

#endif
