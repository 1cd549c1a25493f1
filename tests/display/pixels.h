/* pixels.h: two frames of 32-bit pixels compared, for the display's test programs
 * (test_layers, test_fade). Header only. */
#ifndef NURTURE_TESTS_PIXELS_H
#define NURTURE_TESTS_PIXELS_H

#include <stdint.h>
#include <stdio.h>

/* How many of the w x h pixels differ in the bits of `mask`; when any do, one line
 * names them with `what` and the box they lie in. */
static inline long pixels_differ(const uint32_t *a, const uint32_t *b, int w, int h, uint32_t mask,
                                 const char *what)
{
    long n = 0;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (long i = 0; i < (long)w * h; i++)
        if ((a[i] & mask) != (b[i] & mask)) {
            n++;
            int x = (int)(i % w), y = (int)(i / w);
            x0 = x < x0 ? x : x0, y0 = y < y0 ? y : y0, x1 = x > x1 ? x : x1, y1 = y > y1 ? y : y1;
        }
    if (n)
        fprintf(stderr, "%s: %ld pixels differ, between %d,%d and %d,%d\n", what, n, x0, y0, x1,
                y1);
    return n;
}

#endif
