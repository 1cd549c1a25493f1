/* ring.h: a single-producer/single-consumer ring of fixed-size elements.
 *
 * One thread writes, one other thread reads; neither ever blocks, locks or allocates
 * (the memory is taken once by ring_create). The positions are C11 atomics: the writer
 * publishes with a release store after copying, the reader acquires before copying, so
 * the elements it sees are complete. Used for the audio commands (main thread ->
 * callback) and the music frames (music thread -> callback).
 *
 * Ownership: ring_create/ring_destroy on a thread that neither side is using the ring;
 * ring_write and ring_writable by the producer only; ring_read, ring_readable and
 * ring_discard by the consumer only. */
#ifndef NURTURE_RING_H
#define NURTURE_RING_H

#include <stddef.h>

typedef struct ring ring;

/* A ring for at least `min_count` elements of `elem_size` bytes (rounded up to a power
 * of two). NULL when out of memory. */
ring *ring_create(size_t elem_size, size_t min_count);
void ring_destroy(ring *r);

size_t ring_capacity(const ring *r); /* in elements */

/* Producer: copy up to `n` elements in; returns how many were written. */
size_t ring_write(ring *r, const void *src, size_t n);
size_t ring_writable(const ring *r);

/* Consumer: copy up to `n` elements out; returns how many were read. */
size_t ring_read(ring *r, void *dst, size_t n);
size_t ring_readable(const ring *r);
/* Consumer: drop up to `n` elements without copying; returns how many. */
size_t ring_discard(ring *r, size_t n);

#endif
