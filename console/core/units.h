/* units.h: the units the console counts in, named once.
 *
 * Times are int64_t milliseconds everywhere (the session, the plan, the phones'
 * protocol); these name the common spans so that "a minute" is written one way.
 * TAU is a whole turn in radians (2 pi), for the animations, the drawings and the
 * oscillators. Header only. */
#ifndef NURTURE_UNITS_H
#define NURTURE_UNITS_H

#define SECOND_MS 1000
#define MINUTE_MS (60 * SECOND_MS)
#define HOUR_MS   (60LL * MINUTE_MS)

#define TAU 6.283185307179586

#endif
