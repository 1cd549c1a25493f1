/* clock.h: the console's one clock for "now".
 *
 * Monotonic milliseconds (CLOCK_MONOTONIC): never jumps with the wall clock (NTP, a Pi
 * with no real-time clock setting its date late), counts from an arbitrary start, so
 * only differences mean anything. Every module that asks for the time asks here; the
 * session never does (its clock is passed in). Safe from any thread. */
#ifndef NURTURE_CLOCK_H
#define NURTURE_CLOCK_H

#include <stdint.h>

int64_t clock_now_ms(void);

#endif
