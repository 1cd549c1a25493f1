/* ring.c: see ring.h.
 *
 * `head` counts elements ever written, `tail` elements ever read; both only grow
 * (size_t wraps harmlessly, the capacity is a power of two). Only the writer stores
 * `head` and only the reader stores `tail`: each loads its own position relaxed and the
 * other's with acquire, and publishes with release. */
#include "sound/ring.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct ring {
    size_t elem, cap, mask;
    _Alignas(64) atomic_size_t head; /* written by the producer */
    _Alignas(64) atomic_size_t tail; /* written by the consumer */
    unsigned char *buf;
};

ring *ring_create(size_t elem_size, size_t min_count)
{
    if (elem_size == 0 || min_count == 0 || min_count > ((size_t)1 << 30)) return NULL;
    size_t cap = 1;
    while (cap < min_count)
        cap <<= 1;
    ring *r = calloc(1, sizeof(*r));
    if (!r) return NULL;
    r->buf = calloc(cap, elem_size);
    if (!r->buf) {
        free(r);
        return NULL;
    }
    r->elem = elem_size;
    r->cap = cap;
    r->mask = cap - 1;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    return r;
}

void ring_destroy(ring *r)
{
    if (!r) return;
    free(r->buf);
    free(r);
}

size_t ring_capacity(const ring *r)
{
    return r->cap;
}

size_t ring_writable(const ring *r)
{
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    return r->cap - (head - tail);
}

size_t ring_readable(const ring *r)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    return head - tail;
}

/* Copy `n` elements between the ring at position `pos` and `flat`, in two pieces when
 * the span wraps. */
static void copy_span(const ring *r, size_t pos, void *flat, size_t n, int to_ring)
{
    size_t at = pos & r->mask;
    size_t first = n < r->cap - at ? n : r->cap - at;
    unsigned char *ring0 = r->buf + at * r->elem;
    unsigned char *f = flat;
    if (to_ring) {
        memcpy(ring0, f, first * r->elem);
        memcpy(r->buf, f + first * r->elem, (n - first) * r->elem);
    } else {
        memcpy(f, ring0, first * r->elem);
        memcpy(f + first * r->elem, r->buf, (n - first) * r->elem);
    }
}

size_t ring_write(ring *r, const void *src, size_t n)
{
    size_t room = ring_writable(r);
    if (n > room) n = room;
    if (n == 0) return 0;
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    copy_span(r, head, (void *)src, n, 1);
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return n;
}

size_t ring_read(ring *r, void *dst, size_t n)
{
    size_t avail = ring_readable(r);
    if (n > avail) n = avail;
    if (n == 0) return 0;
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    copy_span(r, tail, dst, n, 0);
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    return n;
}

size_t ring_discard(ring *r, size_t n)
{
    size_t avail = ring_readable(r);
    if (n > avail) n = avail;
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    return n;
}
