/* test_pair.c: pairing codes, one-time tokens, remembered devices and the limits on
 * wrong tries, with a made-up clock and a temporary state folder. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remote/pair.h"
#include "testing.h"

static char dir[64];

static void fresh_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (dir[0] && system(cmd) != 0) fprintf(stderr, "cannot clean %s\n", dir);
    snprintf(dir, sizeof dir, "/tmp/nurture-pair-XXXXXX");
    if (!mkdtemp(dir)) abort();
}

TEST(test_pair__random_code_and_token)
{
    char err[256];
    pair *p = pair_create(NULL, NULL, err, sizeof err);
    CHECK(p != NULL);
    const char *c = pair_code(p);
    CHECK_INT(strlen(c), PAIR_CODE_DIGITS);
    CHECK_INT(strspn(c, "0123456789"), PAIR_CODE_DIGITS);
    CHECK_INT(strlen(pair_qr_token(p)), PAIR_QR_LEN);
    CHECK(strspn(pair_qr_token(p),
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          PAIR_QR_LEN);
    pair *q = pair_create(NULL, NULL, err, sizeof err);
    CHECK(strcmp(pair_qr_token(p), pair_qr_token(q)) != 0);
    pair_destroy(p);
    pair_destroy(q);
    CHECK(pair_create(NULL, "12a4", err, sizeof err) == NULL && err[0]);
    CHECK(pair_create(NULL, "123", err, sizeof err) == NULL);
}

TEST(test_pair__code_token_device)
{
    char err[256], dev[PAIR_DEVICE_LEN + 1], dev2[PAIR_DEVICE_LEN + 1];
    fresh_dir();
    pair *p = pair_create(dir, "4321", err, sizeof err);
    CHECK(p && !err[0]);
    CHECK_INT(pair_with_code(p, "a", "1234", 1000, dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "43210", 1000, dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "432", 1000, dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "", 1000, dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "4321", 1000, dev), PAIR_OK);
    CHECK_INT(strlen(dev), PAIR_DEVICE_LEN);
    CHECK(pair_knows_device(p, dev));
    CHECK_STR(pair_code(p), "4321"); /* a fixed code stays */
    /* The one-time token works once. */
    char tok[PAIR_QR_LEN + 1];
    snprintf(tok, sizeof tok, "%s", pair_qr_token(p));
    CHECK_INT(pair_with_token(p, "b", tok, 1000, dev2), PAIR_OK);
    CHECK(strcmp(tok, pair_qr_token(p)) != 0);
    CHECK_INT(pair_with_token(p, "b", tok, 1000, dev2), PAIR_WRONG);
    CHECK(strcmp(dev, dev2) != 0);
    CHECK_INT(pair_device_count(p), 2);
    /* A device token with one character changed, or cut short, is unknown. */
    char bad[PAIR_DEVICE_LEN + 1];
    memcpy(bad, dev, sizeof bad);
    bad[5] = bad[5] == '0' ? '1' : '0';
    CHECK(!pair_knows_device(p, bad));
    bad[PAIR_DEVICE_LEN - 1] = '\0';
    CHECK(!pair_knows_device(p, bad));
    CHECK(!pair_knows_device(p, ""));
    pair_destroy(p);

    /* The pairings survive a restart; the file holds hashes, not the tokens. */
    p = pair_create(dir, NULL, err, sizeof err);
    CHECK(pair_knows_device(p, dev) && pair_knows_device(p, dev2));
    char path[128], text[1024] = "";
    snprintf(path, sizeof path, "%s/%s", dir, PAIR_DEVICES_FILE);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK(strstr(text, dev) == NULL);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 077) == 0);

    /* A random code changes once used; revoking forgets everyone. */
    char code[16];
    snprintf(code, sizeof code, "%s", pair_code(p));
    CHECK_INT(pair_with_code(p, "c", code, 1000, dev2), PAIR_OK);
    CHECK(strcmp(code, pair_code(p)) != 0 || 1); /* may repeat by chance (1 in 10^6) */
    pair_revoke_all(p);
    CHECK(!pair_knows_device(p, dev) && !pair_knows_device(p, dev2));
    CHECK_INT(pair_device_count(p), 0);
    pair_destroy(p);
    p = pair_create(dir, NULL, err, sizeof err);
    CHECK(!pair_knows_device(p, dev));
    pair_destroy(p);
}

TEST(test_pair__wrong_tries_limited)
{
    char err[256], dev[PAIR_DEVICE_LEN + 1];
    pair *p = pair_create(NULL, "123456", err, sizeof err);
    int64_t t = 100000;
    for (int i = 0; i < PAIR_MAX_TRIES_PER_ADDR; i++)
        CHECK_INT(pair_with_code(p, "10.0.0.1", "000000", t + i, dev), PAIR_WRONG);
    /* Over the limit: even the right code is refused, from that address only. */
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + 10, dev), PAIR_LIMITED);
    CHECK_INT(pair_with_token(p, "10.0.0.1", pair_qr_token(p), t + 10, dev), PAIR_LIMITED);
    CHECK_INT(pair_with_code(p, "10.0.0.2", "123456", t + 10, dev), PAIR_OK);
    /* A minute after the first wrong try, one more try is allowed. */
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + PAIR_WINDOW_MS - 1, dev), PAIR_LIMITED);
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + PAIR_WINDOW_MS, dev), PAIR_OK);
    pair_destroy(p);

    /* Overall: 20 wrong tries a minute from anywhere close pairing for everyone. */
    p = pair_create(NULL, "123456", err, sizeof err);
    for (int i = 0; i < PAIR_MAX_TRIES_OVERALL; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.0.1.%d", i);
        CHECK_INT(pair_with_code(p, addr, "999999", t, dev), PAIR_WRONG);
    }
    CHECK_INT(pair_with_code(p, "10.0.2.1", "123456", t + 1, dev), PAIR_LIMITED);
    CHECK_INT(pair_with_code(p, "10.0.2.1", "123456", t + PAIR_WINDOW_MS, dev), PAIR_OK);
    /* Many addresses do not overflow the table. */
    for (int i = 0; i < 1000; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
        pair_with_code(p, addr, "999999", t + 2 * PAIR_WINDOW_MS + i * 3000, dev);
    }
    pair_destroy(p);
}

TEST(test_pair__oldest_device_forgotten)
{
    char err[256], first[PAIR_DEVICE_LEN + 1], dev[PAIR_DEVICE_LEN + 1];
    pair *p = pair_create(NULL, "123456", err, sizeof err);
    CHECK_INT(pair_with_code(p, "a", "123456", 1, first), PAIR_OK);
    for (int i = 0; i < PAIR_MAX_DEVICES - 1; i++)
        CHECK_INT(pair_with_code(p, "a", "123456", 1, dev), PAIR_OK);
    CHECK(pair_knows_device(p, first));
    CHECK_INT(pair_with_code(p, "a", "123456", 1, dev), PAIR_OK);
    CHECK(!pair_knows_device(p, first) && pair_knows_device(p, dev));
    CHECK_INT(pair_device_count(p), PAIR_MAX_DEVICES);
    pair_destroy(p);
}

TEST(test_pair__equal)
{
    CHECK(pair_equal("abcdef", "abcdef", 6));
    CHECK(!pair_equal("abcdef", "abcdeg", 6));
    CHECK(!pair_equal("xbcdef", "abcdef", 6));
    CHECK(pair_equal("", "", 0));
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_pair__random_code_and_token);
    RUN(test_pair__code_token_device);
    RUN(test_pair__wrong_tries_limited);
    RUN(test_pair__oldest_device_forgotten);
    RUN(test_pair__equal);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (dir[0] && system(cmd) != 0) fprintf(stderr, "cannot clean %s\n", dir);
    return testing_end();
}
