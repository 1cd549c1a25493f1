/* test_utf8.c: text made valid UTF-8 for the phones and the class log. */
#include <string.h>

#include "core/utf8.h"
#include "testing.h"

/* Every string to a phone is valid UTF-8: bad bytes replaced, a cut character left out,
 * a text too long cut between characters. */
TEST(test_utf8__clean)
{
    char out[64];
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\xB5", "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\xB5"},
        {"bad\xFF"
         "byte",
         "bad\xEF\xBF\xBD"
         "byte"},
        {"latin1 caf\xE9.mp3", "latin1 caf\xEF\xBF\xBD.mp3"},
        {"\xC0\xAF overlong", "\xEF\xBF\xBD\xEF\xBF\xBD overlong"},
        {"\xED\xA0\x80 surrogate", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate"},
        {"\xF4\x90\x80\x80 past", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD past"},
        {"lone \x80 continuation", "lone \xEF\xBF\xBD continuation"},
        {"cut at the end \xE2\x80", "cut at the end "},
        {"cut at the end \xF0\x9F\x8E", "cut at the end "},
        {"cut in the middle \xE2\x80!", "cut in the middle \xEF\xBF\xBD\xEF\xBF\xBD!"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        utf8_clean(cases[i].in, out, sizeof out);
        CHECK_STR(out, cases[i].out);
    }
    /* Cut between characters when the room runs out: 5 bytes hold "ab" and one é. */
    CHECK_INT(utf8_clean("ab\xC3\xA9\xC3\xA9", out, 5), 4);
    CHECK_STR(out, "ab\xC3\xA9");
    CHECK_INT(utf8_clean("ab\xC3\xA9\xC3\xA9", out, 4), 2);
    CHECK_STR(out, "ab");
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_utf8__clean);
    return testing_end();
}
