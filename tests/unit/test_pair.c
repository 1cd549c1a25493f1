/* test_pair.c: pairing codes, one-time tokens, devices and their proofs, expiry and the
 * limits on wrong tries, with a made-up clock and a temporary state folder. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "remote/pair.h"
#include "testing.h"

static char dir[TESTING_DIR_MAX];

static void fresh_dir(void)
{
    testing_fresh_dir(dir, "pair");
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
    /* A fixed code: PIN_MIN_DIGITS to PIN_MAX_DIGITS digits, as the options say. */
    CHECK(pair_create(NULL, "12a456", err, sizeof err) == NULL && err[0]);
    CHECK(pair_create(NULL, "12345", err, sizeof err) == NULL);
    CHECK(pair_create(NULL, "12345678901", err, sizeof err) == NULL);
    q = pair_create(NULL, "123456", err, sizeof err);
    CHECK(q && !strcmp(pair_code(q), "123456"));
    pair_destroy(q);
    q = pair_create(NULL, "1234567890", err, sizeof err);
    CHECK(q && !strcmp(pair_code(q), "1234567890"));
    pair_destroy(q);
}

/* A phone proves its device with the key it was given, for one challenge. */
static bool proves(pair *p, const pair_device *d, const char *challenge)
{
    char proof[PAIR_PROOF_LEN + 1];
    return pair_proof_of(d->key, challenge, proof) == 0 &&
           pair_prove(p, d->id, challenge, proof, (int64_t)time(NULL));
}

TEST(test_pair__code_token_device)
{
    char err[256], ch[PAIR_CHALLENGE_LEN + 1], ch2[PAIR_CHALLENGE_LEN + 1];
    pair_device dev, dev2;
    fresh_dir();
    pair *p = pair_create(dir, "654321", err, sizeof err);
    CHECK(p && !err[0]);
    CHECK_INT(pair_with_code(p, "a", "123456", 1000, &dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "6543210", 1000, &dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "65432", 1000, &dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "", 1000, &dev), PAIR_WRONG);
    CHECK_INT(pair_with_code(p, "a", "654321", 1000, &dev), PAIR_OK);
    CHECK_INT(strlen(dev.id), PAIR_ID_LEN);
    CHECK_INT(strlen(dev.key), PAIR_KEY_LEN);
    CHECK_STR(pair_code(p), "654321"); /* a fixed code stays */
    /* The one-time token works once, and is never limited. */
    char tok[PAIR_QR_LEN + 1];
    snprintf(tok, sizeof tok, "%s", pair_qr_token(p));
    CHECK_INT(pair_with_token(p, tok, &dev2), PAIR_OK);
    CHECK(strcmp(tok, pair_qr_token(p)) != 0);
    CHECK_INT(pair_with_token(p, tok, &dev2), PAIR_WRONG);
    CHECK(strcmp(dev.id, dev2.id) != 0 && strcmp(dev.key, dev2.key) != 0);
    CHECK_INT(pair_device_count(p), 2);

    /* Proofs: right for its challenge only, with its own key only. */
    CHECK(pair_challenge(ch) == 0 && pair_challenge(ch2) == 0);
    CHECK_INT(strlen(ch), PAIR_CHALLENGE_LEN);
    CHECK(strcmp(ch, ch2) != 0);
    CHECK(proves(p, &dev, ch) && proves(p, &dev2, ch));
    char proof[PAIR_PROOF_LEN + 1];
    CHECK(pair_proof_of(dev.key, ch, proof) == 0);
    CHECK(!pair_prove(p, dev.id, ch2, proof, (int64_t)time(NULL))); /* another challenge */
    CHECK(!pair_prove(p, dev2.id, ch, proof, (int64_t)time(NULL))); /* another device */
    proof[5] = proof[5] == '0' ? '1' : '0';
    CHECK(!pair_prove(p, dev.id, ch, proof, (int64_t)time(NULL)));
    CHECK(!pair_prove(p, "", ch, proof, (int64_t)time(NULL)));
    CHECK(!pair_prove(p, dev.id, ch, "", (int64_t)time(NULL)));
    /* HMAC-SHA256(key, 'nurture-hello:' + challenge) as docs/PROTOCOL.md says (the value
     * is Python's hmac module's). */
    CHECK(pair_proof_of("k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", proof) == 0);
    CHECK_STR(proof, "d5d54c399a33d2d3c6aabffb75c40b24850c4b1f691a4b168c9a2d003ffc721e");
    pair_destroy(p);

    /* The pairings survive a restart, with their last use; the file is the owner's. */
    p = pair_create(dir, NULL, err, sizeof err);
    CHECK(proves(p, &dev, ch) && proves(p, &dev2, ch));
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, PAIR_DEVICES_FILE);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 077) == 0);

    /* A phone forgets itself; the other stays. */
    CHECK(pair_forget(p, dev.id));
    CHECK(!pair_forget(p, dev.id));
    CHECK(!proves(p, &dev, ch) && proves(p, &dev2, ch));

    /* A random code changes once used; revoking forgets everyone. */
    char code[16];
    snprintf(code, sizeof code, "%s", pair_code(p));
    CHECK_INT(pair_with_code(p, "c", code, 1000, &dev), PAIR_OK);
    pair_revoke_all(p);
    CHECK(!proves(p, &dev, ch) && !proves(p, &dev2, ch));
    CHECK_INT(pair_device_count(p), 0);
    pair_destroy(p);
    p = pair_create(dir, NULL, err, sizeof err);
    CHECK(!proves(p, &dev2, ch));
    pair_destroy(p);
}

/* A device unused for 30 days is forgotten when the console starts. */
TEST(test_pair__unused_devices_expire)
{
    char err[256], path[128], ch[PAIR_CHALLENGE_LEN + 1];
    fresh_dir();
    snprintf(path, sizeof path, "%s/%s", dir, PAIR_DEVICES_FILE);
    long long now = (long long)time(NULL), day = 24 * 3600;
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    const char *key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    fprintf(f, "0000000000000001 %s %lld %lld\n", key, now - 90 * day, now - 31 * day);
    fprintf(f, "0000000000000002 %s %lld %lld\n", key, now - 90 * day, now - 29 * day);
    fprintf(f, "not a line\n");
    fclose(f);
    pair *p = pair_create(dir, NULL, err, sizeof err);
    CHECK_INT(pair_device_count(p), 1);
    pair_device old = {.id = "0000000000000001"}, recent = {.id = "0000000000000002"};
    memcpy(old.key, key, PAIR_KEY_LEN + 1);
    memcpy(recent.key, key, PAIR_KEY_LEN + 1);
    CHECK(pair_challenge(ch) == 0);
    CHECK(!proves(p, &old, ch) && proves(p, &recent, ch));
    pair_destroy(p);
}

TEST(test_pair__wrong_tries_limited)
{
    char err[256];
    pair_device dev;
    pair *p = pair_create(NULL, "123456", err, sizeof err);
    int64_t t = 100000;
    for (int i = 0; i < PAIR_MAX_TRIES_PER_ADDR; i++)
        CHECK_INT(pair_with_code(p, "10.0.0.1", "000000", t + i, &dev), PAIR_WRONG);
    /* Over the limit: even the right code is refused, from that address only; the
     * one-time token is never limited. */
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + 10, &dev), PAIR_LIMITED);
    CHECK_INT(pair_with_token(p, pair_qr_token(p), &dev), PAIR_OK);
    CHECK_INT(pair_with_code(p, "10.0.0.2", "123456", t + 10, &dev), PAIR_OK);
    /* A minute after the first wrong try, one more try is allowed. */
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + PAIR_WINDOW_MS - 1, &dev), PAIR_LIMITED);
    CHECK_INT(pair_with_code(p, "10.0.0.1", "123456", t + PAIR_WINDOW_MS, &dev), PAIR_OK);
    pair_destroy(p);

    /* IPv6: a whole /64 counts as one address. */
    p = pair_create(NULL, "123456", err, sizeof err);
    for (int i = 0; i < PAIR_MAX_TRIES_PER_ADDR; i++) {
        char addr[64];
        snprintf(addr, sizeof addr, "2001:db8:1:2::%x", i + 1);
        CHECK_INT(pair_with_code(p, addr, "000000", t, &dev), PAIR_WRONG);
    }
    CHECK_INT(pair_with_code(p, "2001:db8:1:2:aaaa::1", "123456", t, &dev), PAIR_LIMITED);
    CHECK_INT(pair_with_code(p, "2001:db8:1:3::1", "123456", t, &dev), PAIR_OK);
    char key[64];
    pair_addr_key("::ffff:10.0.0.7", key, sizeof key);
    CHECK_STR(key, "10.0.0.7");
    pair_addr_key("2001:db8:1:2:3:4:5:6", key, sizeof key);
    CHECK_STR(key, "2001:db8:1:2::/64");
    pair_destroy(p);

    /* Overall: beyond 20 wrong codes a minute the code is replaced, even a fixed one,
     * and nobody is locked out: the new code works at once from a fresh address. */
    p = pair_create(NULL, "123456", err, sizeof err);
    for (int i = 0; i < 2 * PAIR_MAX_TRIES_OVERALL; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.0.1.%d", i / 4);
        int rc = pair_with_code(p, addr, "999999", t, &dev);
        CHECK_INT(rc, (i + 1) % PAIR_MAX_TRIES_OVERALL ? PAIR_WRONG : PAIR_CHANGED);
    }
    CHECK(strcmp(pair_code(p), "123456") != 0);
    CHECK_INT(strlen(pair_code(p)), PAIR_CODE_DIGITS);
    CHECK_INT(pair_with_code(p, "10.0.2.1", "123456", t + 1, &dev), PAIR_WRONG);
    char code[16];
    snprintf(code, sizeof code, "%s", pair_code(p));
    CHECK_INT(pair_with_code(p, "10.0.2.2", code, t + 1, &dev), PAIR_OK);
    /* Many addresses do not overflow the table. */
    for (int i = 0; i < 1000; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
        pair_with_code(p, addr, "999999", t + 2 * PAIR_WINDOW_MS + i * 3000, &dev);
    }
    pair_destroy(p);
}

TEST(test_pair__least_recently_used_forgotten)
{
    char err[256], ch[PAIR_CHALLENGE_LEN + 1];
    pair_device first, dev;
    pair *p = pair_create(NULL, "123456", err, sizeof err);
    CHECK_INT(pair_grant(p, &first), PAIR_OK);
    for (int i = 0; i < PAIR_MAX_DEVICES - 1; i++)
        CHECK_INT(pair_grant(p, &dev), PAIR_OK);
    CHECK(pair_challenge(ch) == 0);
    CHECK(proves(p, &first, ch));
    CHECK_INT(pair_grant(p, &dev), PAIR_OK);
    CHECK_INT(pair_device_count(p), PAIR_MAX_DEVICES);
    CHECK(proves(p, &dev, ch));
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
    RUN(test_pair__unused_devices_expire);
    RUN(test_pair__wrong_tries_limited);
    RUN(test_pair__least_recently_used_forgotten);
    RUN(test_pair__equal);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (dir[0] && system(cmd) != 0) fprintf(stderr, "cannot clean %s\n", dir);
    return testing_end();
}
