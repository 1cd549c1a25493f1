/* audiotest.h: small helpers shared by the sound tests: levels, steps, tones. */
#ifndef NURTURE_AUDIOTEST_H
#define NURTURE_AUDIOTEST_H

#include <math.h>
#include <stddef.h>

/* RMS of channel `ch` (0 or 1) of interleaved stereo frames [from, to). */
static inline double at_rms(const float *x, size_t from, size_t to, int ch)
{
    double s = 0;
    for (size_t i = from; i < to; i++)
        s += (double)x[2 * i + ch] * x[2 * i + ch];
    return to > from ? sqrt(s / (double)(to - from)) : 0;
}

static inline double at_peak(const float *x, size_t from, size_t to)
{
    double p = 0;
    for (size_t i = 2 * from; i < 2 * to; i++)
        if (fabs(x[i]) > p) p = fabs(x[i]);
    return p;
}

/* The largest change between consecutive samples of either channel. */
static inline double at_max_step(const float *x, size_t from, size_t to)
{
    double m = 0;
    for (size_t i = from + 1; i < to; i++)
        for (int ch = 0; ch < 2; ch++) {
            double d = fabs((double)x[2 * i + ch] - x[2 * (i - 1) + ch]);
            if (d > m) m = d;
        }
    return m;
}

/* The largest second difference: a click (a jump of size d) shows as about d, while a
 * tone of amplitude A at f Hz never exceeds A (2 pi f / rate)^2. */
static inline double at_max_bend(const float *x, size_t from, size_t to)
{
    double m = 0;
    for (size_t i = from + 2; i < to; i++)
        for (int ch = 0; ch < 2; ch++) {
            double d =
                fabs((double)x[2 * i + ch] - 2.0 * x[2 * (i - 1) + ch] + x[2 * (i - 2) + ch]);
            if (d > m) m = d;
        }
    return m;
}

/* Amplitude of the `hz` component of channel `ch` over [from, to) (Goertzel). */
static inline double at_tone(const float *x, size_t from, size_t to, int ch, double hz, int rate)
{
    double w = 2 * M_PI * hz / rate, c = 2 * cos(w), s1 = 0, s2 = 0;
    for (size_t i = from; i < to; i++) {
        double s0 = x[2 * i + ch] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - c * s1 * s2;
    return 2 * sqrt(power > 0 ? power : 0) / (double)(to - from);
}

/* Frequency of channel `ch` over [from, to) from its upward zero crossings, with
 * linear interpolation between samples. */
static inline double at_frequency(const float *x, size_t from, size_t to, int ch, int rate)
{
    double first = -1, last = -1;
    int crossings = 0;
    for (size_t i = from + 1; i < to; i++) {
        float a = x[2 * (i - 1) + ch], b = x[2 * i + ch];
        if (a < 0 && b >= 0) {
            double t = (double)(i - 1) + a / (double)(a - b);
            if (first < 0)
                first = t;
            else
                crossings++;
            last = t;
        }
    }
    return crossings ? crossings * (double)rate / (last - first) : 0;
}

#endif
