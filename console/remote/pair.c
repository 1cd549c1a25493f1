/* pair.c: see pair.h. */
#include "remote/pair.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "platform/fsutil.h"

#define EXPIRE_S   ((int64_t)PAIR_EXPIRE_DAYS * 24 * 3600)
#define USE_SAVE_S 3600 /* a device's last use is written at most this often */

typedef struct known {
    char id[PAIR_ID_LEN + 1];
    char key[PAIR_KEY_LEN + 1];
    int64_t since, used; /* seconds since 1970: when it paired, when it was last used */
} known;

/* The wrong tries from one address (or /64): the times of the last few, newest first. */
typedef struct tries {
    char addr[64];
    int64_t at[PAIR_MAX_TRIES_PER_ADDR];
} tries;

#define ADDR_SLOTS 64

struct pair {
    char *file; /* the devices file, or NULL */
    bool fixed; /* the code came from --pin (until the overall limit replaced it) */
    char code[PIN_MAX_DIGITS + 1];
    char qr[PAIR_QR_LEN + 1];
    known devices[PAIR_MAX_DEVICES];
    size_t ndevices;
    tries addrs[ADDR_SLOTS];
    int64_t overall[PAIR_MAX_TRIES_OVERALL]; /* newest first */
};

bool pair_equal(const void *a, const void *b, size_t n)
{
    /* OpenSSL's constant-time comparison: its time depends only on n. */
    return CRYPTO_memcmp(a, b, n) == 0;
}

static int random_bytes(void *buf, size_t n)
{
    return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

static void to_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static bool is_hex(const char *s, size_t n)
{
    return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* `n` random bytes as base64url without padding (OpenSSL's EVP_EncodeBlock, then the
 * two characters that differ swapped). `out` holds 4 * n / 3 + 4 bytes. */
static int random_b64url(size_t n, char *out, size_t len)
{
    unsigned char raw[32];
    if (n > sizeof raw || random_bytes(raw, n)) return -1;
    int w = EVP_EncodeBlock((unsigned char *)out, raw, (int)n);
    while (w > 0 && out[w - 1] == '=')
        w--;
    out[w] = '\0';
    for (char *c = out; *c; c++)
        *c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
    return (size_t)w == len ? 0 : -1;
}

static int new_code(pair *p)
{
    if (p->fixed) return 0;
    uint32_t x;
    do { /* no modulo bias: draw again above the largest multiple of 10^6 */
        if (random_bytes(&x, sizeof x)) return -1;
    } while (x >= 4000000000u);
    snprintf(p->code, sizeof p->code, "%06u", (unsigned)(x % 1000000u));
    return 0;
}

static int new_qr_token(pair *p)
{
    char b64[32];
    if (random_b64url(16, b64, PAIR_QR_LEN)) return -1;
    memcpy(p->qr, b64, PAIR_QR_LEN + 1);
    return 0;
}

int pair_challenge(char *out)
{
    char b64[48];
    if (random_b64url(32, b64, PAIR_CHALLENGE_LEN)) return -1;
    memcpy(out, b64, PAIR_CHALLENGE_LEN + 1);
    return 0;
}

/* Draw a new code (unless fixed) and one-time token: what was shown is used up. */
static void renew(pair *p)
{
    if (new_qr_token(p) || new_code(p))
        fprintf(stderr, "nurture: no random numbers for the pairing code\n");
}

/* --- The devices file: one "ID KEY SINCE USED" line per device ------------------------ */

static void load_devices(pair *p, int64_t now_s)
{
    FILE *f = fopen(p->file, "r");
    if (!f) return;
    char line[256];
    size_t expired = 0;
    while (p->ndevices < PAIR_MAX_DEVICES && fgets(line, sizeof line, f)) {
        known *d = &p->devices[p->ndevices];
        long long since = 0, used = 0;
        if (sscanf(line, "%16s %64s %lld %lld", d->id, d->key, &since, &used) != 4) continue;
        if (!is_hex(d->id, PAIR_ID_LEN) || !is_hex(d->key, PAIR_KEY_LEN)) continue;
        d->since = since;
        d->used = used;
        if (now_s - d->used > EXPIRE_S) {
            expired++;
            continue;
        }
        p->ndevices++;
    }
    fclose(f);
    if (expired)
        fprintf(stderr, "nurture: forgot %zu phone(s) unused for %d days\n", expired,
                PAIR_EXPIRE_DAYS);
}

/* The list of remembered devices, replaced atomically. */
static int save_devices(const pair *p)
{
    if (!p->file) return 0;
    size_t line = PAIR_ID_LEN + PAIR_KEY_LEN + 48, cap = p->ndevices * line + 1;
    char *text = malloc(cap), *at = text;
    if (!text) return -1;
    *text = '\0';
    for (size_t i = 0; i < p->ndevices; i++) {
        const known *d = &p->devices[i];
        at += snprintf(at, cap - (size_t)(at - text), "%s %s %lld %lld\n", d->id, d->key,
                       (long long)d->since, (long long)d->used);
    }
    int rc = fsutil_write_atomic(p->file, text, (size_t)(at - text));
    OPENSSL_cleanse(text, cap);
    free(text);
    if (rc)
        fprintf(stderr,
                "nurture: cannot save the paired phones in %s: they stay paired until the "
                "console stops\n",
                p->file);
    return rc;
}

pair *pair_create(const char *state_dir, const char *pin, char *err, size_t errlen)
{
    if (errlen) err[0] = '\0';
    if (pin) {
        size_t n = strlen(pin);
        bool digits = n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS;
        for (size_t i = 0; digits && i < n; i++)
            digits = pin[i] >= '0' && pin[i] <= '9';
        if (!digits) {
            snprintf(err, errlen, "the pairing code must be %d to %d digits", PIN_MIN_DIGITS,
                     PIN_MAX_DIGITS);
            return NULL;
        }
    }
    pair *p = calloc(1, sizeof(*p));
    if (!p) goto fail;
    if (pin) {
        p->fixed = true;
        snprintf(p->code, sizeof p->code, "%s", pin);
    }
    if (new_code(p) || new_qr_token(p)) {
        snprintf(err, errlen, "no random numbers for the pairing code");
        goto fail;
    }
    if (state_dir && *state_dir) {
        size_t n = strlen(state_dir) + sizeof PAIR_DEVICES_FILE + 1;
        p->file = malloc(n);
        if (!p->file) goto fail;
        snprintf(p->file, n, "%s/%s", state_dir, PAIR_DEVICES_FILE);
        if (fsutil_mkdirs(state_dir))
            snprintf(err, errlen,
                     "cannot create %s (%s): phones stay paired until the console stops", state_dir,
                     strerror(errno));
        load_devices(p, (int64_t)time(NULL));
    }
    return p;
fail:
    pair_destroy(p);
    return NULL;
}

void pair_destroy(pair *p)
{
    if (!p) return;
    free(p->file);
    OPENSSL_cleanse(p, sizeof(*p));
    free(p);
}

const char *pair_code(const pair *p)
{
    return p->code;
}

const char *pair_qr_token(const pair *p)
{
    return p->qr;
}

size_t pair_device_count(const pair *p)
{
    return p->ndevices;
}

/* --- Wrong tries ---------------------------------------------------------------------- */

void pair_addr_key(const char *addr, char *out, size_t size)
{
    struct in6_addr a6;
    if (!strncmp(addr, "::ffff:", 7) && strchr(addr + 7, '.')) addr += 7;
    if (strchr(addr, ':') && inet_pton(AF_INET6, addr, &a6) == 1) {
        memset(a6.s6_addr + 8, 0, 8); /* the /64 */
        char text[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, &a6, text, sizeof text)) {
            snprintf(out, size, "%s/64", text);
            return;
        }
    }
    snprintf(out, size, "%s", addr);
}

static bool recent(int64_t at, int64_t now_ms)
{
    return at != 0 && now_ms - at < PAIR_WINDOW_MS;
}

static tries *find_addr(pair *p, const char *key, bool create, int64_t now_ms)
{
    tries *oldest = &p->addrs[0];
    for (size_t i = 0; i < ADDR_SLOTS; i++) {
        tries *t = &p->addrs[i];
        if (t->addr[0] && !strcmp(t->addr, key)) return t;
        if (!recent(t->at[0], now_ms) || t->at[0] < oldest->at[0]) oldest = t;
    }
    if (!create) return NULL;
    memset(oldest, 0, sizeof(*oldest));
    snprintf(oldest->addr, sizeof oldest->addr, "%s", key);
    return oldest;
}

static void push_time(int64_t *at, size_t n, int64_t now_ms)
{
    memmove(at + 1, at, (n - 1) * sizeof(*at));
    at[0] = now_ms ? now_ms : 1;
}

/* --- Pairing ------------------------------------------------------------------------- */

static known *find_device(pair *p, const char *id)
{
    if (!is_hex(id, PAIR_ID_LEN)) return NULL;
    for (size_t i = 0; i < p->ndevices; i++)
        if (!strcmp(p->devices[i].id, id)) return &p->devices[i];
    return NULL;
}

static void remove_device(pair *p, known *d)
{
    size_t i = (size_t)(d - p->devices);
    OPENSSL_cleanse(d, sizeof(*d));
    memmove(d, d + 1, (p->ndevices - i - 1) * sizeof(known));
    p->ndevices--;
}

int pair_grant(pair *p, pair_device *dev)
{
    uint8_t raw[PAIR_KEY_LEN / 2];
    known d = {0};
    do {
        if (random_bytes(raw, PAIR_ID_LEN / 2)) return PAIR_FAILED;
        to_hex(raw, PAIR_ID_LEN / 2, d.id);
    } while (find_device(p, d.id));
    if (random_bytes(raw, sizeof raw)) return PAIR_FAILED;
    to_hex(raw, sizeof raw, d.key);
    OPENSSL_cleanse(raw, sizeof raw);
    d.since = d.used = (int64_t)time(NULL);
    if (p->ndevices == PAIR_MAX_DEVICES) { /* forget the least recently used */
        known *lru = &p->devices[0];
        for (size_t i = 1; i < p->ndevices; i++)
            if (p->devices[i].used < lru->used) lru = &p->devices[i];
        fprintf(stderr, "nurture: %d phones are paired: forgot the one unused the longest\n",
                PAIR_MAX_DEVICES);
        remove_device(p, lru);
    }
    p->devices[p->ndevices++] = d;
    save_devices(p);
    memcpy(dev->id, d.id, sizeof dev->id);
    memcpy(dev->key, d.key, sizeof dev->key);
    OPENSSL_cleanse(&d, sizeof d);
    return PAIR_OK;
}

/* Compare `given` with `secret` in constant time over `secret`'s length; a `given` of
 * another length is wrong, which tells nothing about the secret beyond its length. */
static bool matches(const char *given, const char *secret)
{
    size_t n = strlen(secret);
    char buf[80] = "";
    size_t g = strlen(given);
    if (n >= sizeof buf) return false;
    memcpy(buf, given, g < n ? g : n);
    return pair_equal(buf, secret, n) && g == n;
}

static int paired(pair *p, pair_device *dev)
{
    int rc = pair_grant(p, dev);
    renew(p); /* what was used up is replaced */
    return rc;
}

int pair_with_code(pair *p, const char *addr, const char *code, int64_t now_ms, pair_device *dev)
{
    char key[64];
    pair_addr_key(addr, key, sizeof key);
    tries *t = find_addr(p, key, false, now_ms);
    if (t && recent(t->at[PAIR_MAX_TRIES_PER_ADDR - 1], now_ms)) return PAIR_LIMITED;
    if (matches(code, p->code)) return paired(p, dev);
    t = find_addr(p, key, true, now_ms);
    push_time(t->at, PAIR_MAX_TRIES_PER_ADDR, now_ms);
    if (recent(t->at[PAIR_MAX_TRIES_PER_ADDR - 1], now_ms))
        fprintf(stderr, "nurture: too many wrong codes from %s: it waits a minute\n", key);
    push_time(p->overall, PAIR_MAX_TRIES_OVERALL, now_ms);
    if (!recent(p->overall[PAIR_MAX_TRIES_OVERALL - 1], now_ms)) return PAIR_WRONG;
    /* Too many guesses from everywhere: they are all worth nothing now. */
    p->fixed = false;
    memset(p->overall, 0, sizeof p->overall);
    renew(p);
    fprintf(stderr, "nurture: %d wrong codes within a minute: the projector shows a new code\n",
            PAIR_MAX_TRIES_OVERALL);
    return PAIR_CHANGED;
}

int pair_with_token(pair *p, const char *token, pair_device *dev)
{
    if (!matches(token, p->qr)) return PAIR_WRONG;
    return paired(p, dev);
}

int pair_proof_of(const char *key, const char *challenge, char *out)
{
    char msg[sizeof PAIR_PROOF_PREFIX + PAIR_CHALLENGE_LEN + 1];
    if (strlen(challenge) != PAIR_CHALLENGE_LEN) return -1;
    int n = snprintf(msg, sizeof msg, "%s%s", PAIR_PROOF_PREFIX, challenge);
    uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const uint8_t *)msg, (size_t)n, mac, &len) ||
        len != PAIR_PROOF_LEN / 2)
        return -1;
    to_hex(mac, len, out);
    return 0;
}

bool pair_prove(pair *p, const char *id, const char *challenge, const char *proof, int64_t now_s)
{
    known *d = find_device(p, id);
    if (!d || !is_hex(proof, PAIR_PROOF_LEN)) return false;
    if (now_s - d->used > EXPIRE_S) {
        remove_device(p, d);
        save_devices(p);
        return false;
    }
    char want[PAIR_PROOF_LEN + 1];
    if (pair_proof_of(d->key, challenge, want)) return false;
    bool ok = pair_equal(want, proof, PAIR_PROOF_LEN);
    if (ok && now_s - d->used >= USE_SAVE_S) {
        d->used = now_s;
        save_devices(p);
    } else if (ok) {
        d->used = now_s;
    }
    return ok;
}

bool pair_forget(pair *p, const char *id)
{
    known *d = find_device(p, id);
    if (!d) return false;
    remove_device(p, d);
    save_devices(p);
    return true;
}

void pair_revoke_all(pair *p)
{
    OPENSSL_cleanse(p->devices, sizeof p->devices);
    p->ndevices = 0;
    save_devices(p);
    renew(p);
}
