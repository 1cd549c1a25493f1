/* clock.h: the console's one clock for "now", and whether the wall clock can be trusted.
 *
 * Monotonic milliseconds (CLOCK_MONOTONIC): never jumps with the wall clock (NTP, a Pi
 * with no real-time clock setting its date late), counts from an arbitrary start, so
 * only differences mean anything. Every module that asks for the time asks here; the
 * session never does (its clock is passed in). Safe from any thread.
 *
 * A test hook: with $NURTURE_CLOCK_RATE=N (a whole number, 2 to 1000) the clock runs N
 * times fast from its first reading, so a long class passes in minutes (tests/remote/
 * soak.py). Everything timed by it runs fast with it: the class's clocks, saves, notices.
 * What waits on the outside world in real time (the frame's pace, a sound device or a
 * phone that stopped taking data) multiplies its wait by clock_rate().
 *
 * The wall clock (time(2)) is what a power cut's length is measured by, and only while
 * something keeps it right: a Pi without a clock battery or network boots with the date
 * it last saw, or 1970. clock_wall_synced asks the kernel. */
#ifndef NURTURE_CLOCK_H
#define NURTURE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

int64_t clock_now_ms(void);
/* How many times fast the clock runs: 1 but under the test hook. */
int clock_rate(void);

/* Is the wall clock synchronised by NTP (systemd-timesyncd, chrony, ntpd), as the kernel
 * says (adjtimex(2) read only: its state is not TIME_ERROR and STA_UNSYNC is clear)?
 * Where a sandbox forbids even that reading (systemd's ProtectClock= refuses adjtimex
 * whatever it is asked), systemd-timesyncd's mark answers instead: the file
 * /run/systemd/timesync/synchronized, made at its first synchronisation since boot.
 * False when neither can say. */
bool clock_wall_synced(void);

#endif
