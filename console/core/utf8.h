/* utf8.h: text made valid UTF-8.
 *
 * Strings from outside the console's own files (a music file's name, a notice built
 * around one) may hold any bytes. What the console sends phones and writes to the class
 * log must be valid UTF-8 (a browser closes a websocket on invalid text; a JSON reader
 * may refuse the line), so such strings go through utf8_clean first. Pure, no state. */
#ifndef NURTURE_UTF8_H
#define NURTURE_UTF8_H

#include <stddef.h>

/* Copy `in` (NULL reads as "") into `out` (`size` bytes) as valid UTF-8: a byte that
 * does not begin a well-formed character (overlong forms, surrogates and code points
 * past U+10FFFF included) becomes U+FFFD, a character cut off at the very end is left
 * out, and a text too long for `out` is cut between characters. Returns the bytes
 * written (`out` is always terminated when `size` > 0). Three bytes of `out` per byte
 * of `in`, plus one, always suffice. */
size_t utf8_clean(const char *in, char *out, size_t size);

#endif
