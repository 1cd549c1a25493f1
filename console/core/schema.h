/* schema.h: reading typed values out of a ydoc tree, with a message for every misfit.
 *
 * The plan and library loaders describe what they expect (which keys a map may have,
 * what each value must be) with these helpers; every problem is reported at the
 * offending node's line and column, in plain words, and counted in `errors` so a
 * loader can go on and report all problems in one run.
 *
 * A schema_ctx lives on the loader's stack for the duration of one file. */
#ifndef NURTURE_SCHEMA_H
#define NURTURE_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/ydoc.h"

typedef struct schema_ctx {
    arena *mem; /* where strings are copied */
    const char *path;
    diag *d;
    int errors;
} schema_ctx;

/* Report a problem at a node (or at line 1 when node is NULL). */
void schema_error(schema_ctx *c, const ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Check that `map` is a set of keys, that every key is one of `allowed` (NULL-ended)
 * and that every key of `required` (NULL-ended, may be NULL) is present. `what`
 * names the map in messages ("a segment"). Returns 0 when all is well. */
int schema_keys(schema_ctx *c, const ynode *map, const char *what, const char *const *allowed,
                const char *const *required);

/* A text value: a non-empty single value with no NUL byte, copied into the arena.
 * Returns NULL (after an error) when absent and `required`, or malformed. */
const char *schema_text(schema_ctx *c, const ynode *map, const char *key, bool required);

/* An integer within [min, max]; returns `def` when absent. */
int schema_int(schema_ctx *c, const ynode *map, const char *key, int min, int max, int def);

/* true/false (also yes/no); returns `def` when absent. */
bool schema_bool(schema_ctx *c, const ynode *map, const char *key, bool def);

/* A duration such as 3m or 1m30s within [min_ms, max_ms]; returns `def` when absent
 * and -1 (after an error) when malformed or required and absent (def < 0). */
int64_t schema_duration(schema_ctx *c, const ynode *map, const char *key, int64_t min_ms,
                        int64_t max_ms, int64_t def);

/* One of `names` (NULL-ended); returns its index, `def` when absent, -1 on error. */
int schema_enum(schema_ctx *c, const ynode *map, const char *key, const char *const *names,
                int def);

/* A list of texts (a YAML list of single values); empty when absent. */
strv schema_texts(schema_ctx *c, const ynode *map, const char *key);

/* The value of `key` when it is a list; NULL when absent (or after an error when it
 * is something else, or when required). */
const ynode *schema_list(schema_ctx *c, const ynode *map, const char *key, bool required);

/* Parse a duration such as "10m", "90s", "1m30s", "1h5m"; 0 and *ms set, or -1. */
int schema_parse_duration(const char *s, int64_t *ms);

/* Write a duration the way the files do, to the second: "62m", "1m30s", "45s". The
 * sign is dropped. */
void schema_format_duration(int64_t ms, char *buf, size_t size);

/* Is `s` an id: lower-case letters, digits and single '-' between them? */
bool schema_is_id(const char *s);

#endif
