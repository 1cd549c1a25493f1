/* arena.h: a bump allocator for data that is loaded once and freed all at once.
 *
 * A loaded plan or stroke library is immutable after load and dies as a whole, so
 * every string and array of it comes from one arena: freeing it is one call, and a
 * loader that stops half-way through leaks nothing.
 *
 * Invariants: memory from arena_alloc() is zeroed and aligned for any type; it stays
 * valid until arena_release(). Owned by whoever owns the loaded object. */
#ifndef NURTURE_ARENA_H
#define NURTURE_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head; /* newest block first */
    size_t total;      /* bytes handed out, for limits and statistics */
} arena;

/* A list of strings, its array and its strings in an arena (schema_texts builds them). */
typedef struct strv {
    const char **v;
    size_t n;
} strv;

/* Start an empty arena in caller storage. */
void arena_init(arena *a);

/* Free every block; the arena is empty and reusable afterwards. */
void arena_release(arena *a);

/* Zeroed memory of `size` bytes, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);

/* Zeroed array of `n` elements of `size` bytes, NULL on overflow or out of memory. */
void *arena_calloc(arena *a, size_t n, size_t size);

/* A NUL-terminated copy of `len` bytes of `s` (which may hold no NUL). */
char *arena_strndup(arena *a, const char *s, size_t len);

/* A NUL-terminated copy of `s`. */
char *arena_strdup(arena *a, const char *s);

#endif
