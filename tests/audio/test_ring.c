/* test_ring.c: the SPSC ring, alone and between two threads. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "sound/ring.h"
#include "testing.h"

TEST(test_ring__fills_wraps_and_empties)
{
    ring *r = ring_create(sizeof(int), 5);
    CHECK_INT(ring_capacity(r), 8);
    CHECK_INT(ring_writable(r), 8);
    int in[12], out[12];
    for (int i = 0; i < 12; i++)
        in[i] = i;
    CHECK_INT(ring_write(r, in, 12), 8); /* only what fits */
    CHECK_INT(ring_writable(r), 0);
    CHECK_INT(ring_read(r, out, 5), 5);
    CHECK(out[0] == 0 && out[4] == 4);
    CHECK_INT(ring_write(r, in + 8, 4), 4); /* wraps */
    CHECK_INT(ring_readable(r), 7);
    CHECK_INT(ring_discard(r, 1), 1);
    CHECK_INT(ring_read(r, out, 12), 6);
    for (int i = 0; i < 6; i++)
        CHECK_INT(out[i], 6 + i);
    CHECK_INT(ring_read(r, out, 1), 0);
    ring_destroy(r);
    ring_destroy(NULL);
    CHECK(ring_create(4, 0) == NULL);
}

#define STRESS_COUNT 2000000u

static void *producer(void *arg)
{
    ring *r = arg;
    uint32_t next = 0, block[37];
    while (next < STRESS_COUNT) {
        size_t n = 0;
        while (n < 37 && next + n < STRESS_COUNT) {
            block[n] = next + (uint32_t)n;
            n++;
        }
        size_t w = ring_write(r, block, n);
        next += (uint32_t)w;
    }
    return NULL;
}

TEST(test_ring__two_threads_pass_every_element_in_order)
{
    ring *r = ring_create(sizeof(uint32_t), 64);
    pthread_t t;
    pthread_create(&t, NULL, producer, r);
    uint32_t expect = 0, buf[50];
    int bad = 0;
    while (expect < STRESS_COUNT) {
        size_t n = ring_read(r, buf, 1 + expect % 50);
        for (size_t i = 0; i < n; i++)
            bad += buf[i] != expect++;
    }
    pthread_join(t, NULL);
    CHECK_INT(bad, 0);
    CHECK_INT(ring_readable(r), 0);
    ring_destroy(r);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_ring__fills_wraps_and_empties);
    RUN(test_ring__two_threads_pass_every_element_in_order);
    return testing_end();
}
