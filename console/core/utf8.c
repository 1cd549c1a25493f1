/* utf8.c: see utf8.h. */
#include "core/utf8.h"

#include <stdbool.h>
#include <string.h>

/* The length of the well-formed character at `s` (at most `n` bytes), or 0. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the second byte's range (Unicode's table 3-7) */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F; /* nothing past U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

/* Is the text from `s` (`n` bytes) the beginning of a character cut off by its end? */
static bool utf8_cut(const unsigned char *s, size_t n)
{
    unsigned char full[4] = {0};
    if (n == 0 || n >= 4) return false;
    memcpy(full, s, n);
    for (size_t i = n; i < 4; i++)
        full[i] = 0x80; /* any continuation that fits every range's low end */
    if (s[0] == 0xE0 && n == 1) full[1] = 0xA0;
    if (s[0] == 0xF0 && n == 1) full[1] = 0x90;
    size_t len = utf8_char(full, 4);
    return len > n;
}

size_t utf8_clean(const char *in, char *out, size_t size)
{
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    if (size == 0) return 0;
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t n = strlen((const char *)s), w = 0;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_char(s + i, n - i);
        const char *from = (const char *)s + i;
        size_t take = len;
        if (!len) {
            if (utf8_cut(s + i, n - i)) break; /* cut off at the end: left out */
            from = repl;
            take = 3;
            len = 1;
        }
        if (w + take >= size) break; /* full: cut between characters */
        memcpy(out + w, from, take);
        w += take;
        i += len;
    }
    out[w] = '\0';
    return w;
}
