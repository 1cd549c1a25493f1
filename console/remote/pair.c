/* pair.c: see pair.h. */
#include "remote/pair.h"

#include <errno.h>
#include <fcntl.h>
#include <libwebsockets.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/fsutil.h"

#define HASH_LEN 32 /* SHA-256 */

typedef struct known {
    uint8_t hash[HASH_LEN];
    int64_t since; /* seconds since 1970, when it paired */
} known;

/* The wrong tries from one address: the times of the last few, newest first. */
typedef struct tries {
    char addr[64];
    int64_t at[PAIR_MAX_TRIES_PER_ADDR];
} tries;

#define ADDR_SLOTS 64

struct pair {
    char *file; /* the devices file, or NULL */
    bool fixed; /* the code came from --pin */
    char code[16];
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
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom((char *)buf + got, n - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

static int sha256(const void *data, size_t len, uint8_t out[HASH_LEN])
{
    unsigned int n = 0;
    return EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 && n == HASH_LEN ? 0 : -1;
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

static int from_hex(const char *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < 2 * n; i++) {
        int c = in[i], v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else
            return -1;
        if (i % 2)
            out[i / 2] = (uint8_t)(out[i / 2] << 4 | v);
        else
            out[i / 2] = (uint8_t)v;
    }
    return 0;
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
    unsigned char raw[16];
    char b64[32];
    if (random_bytes(raw, sizeof raw)) return -1;
    int n = lws_b64_encode_string_url((const char *)raw, sizeof raw, b64, sizeof b64);
    if (n < PAIR_QR_LEN) return -1;
    memcpy(p->qr, b64, PAIR_QR_LEN); /* 16 bytes are 22 characters, then padding */
    p->qr[PAIR_QR_LEN] = '\0';
    return 0;
}

/* --- The devices file: one "HASH SINCE" line per device ------------------------------ */

static void load_devices(pair *p)
{
    FILE *f = fopen(p->file, "r");
    if (!f) return;
    char line[160];
    while (p->ndevices < PAIR_MAX_DEVICES && fgets(line, sizeof line, f)) {
        known *d = &p->devices[p->ndevices];
        long long since = 0;
        char hex[2 * HASH_LEN + 1];
        if (sscanf(line, "%64s %lld", hex, &since) < 1 || strlen(hex) != 2 * HASH_LEN) continue;
        if (from_hex(hex, d->hash, HASH_LEN)) continue;
        d->since = since;
        p->ndevices++;
    }
    fclose(f);
}

/* The list of remembered devices, one "HASH SINCE" line each, replaced atomically. */
static int save_devices(const pair *p)
{
    if (!p->file) return 0;
    size_t line = 2 * HASH_LEN + 24, cap = p->ndevices * line + 1;
    char *text = malloc(cap), *at = text;
    if (!text) return -1;
    *text = '\0';
    for (size_t i = 0; i < p->ndevices; i++) {
        char hex[2 * HASH_LEN + 1];
        to_hex(p->devices[i].hash, HASH_LEN, hex);
        at += snprintf(at, cap - (size_t)(at - text), "%s %lld\n", hex,
                       (long long)p->devices[i].since);
    }
    int rc = fsutil_write_atomic(p->file, text, (size_t)(at - text));
    free(text);
    return rc;
}

pair *pair_create(const char *state_dir, const char *pin, char *err, size_t errlen)
{
    if (errlen) err[0] = '\0';
    if (pin) {
        size_t n = strlen(pin);
        bool digits = n >= 4 && n <= 10;
        for (size_t i = 0; digits && i < n; i++)
            digits = pin[i] >= '0' && pin[i] <= '9';
        if (!digits) {
            snprintf(err, errlen, "the pairing code must be 4 to 10 digits");
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
        load_devices(p);
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

static bool recent(int64_t at, int64_t now_ms)
{
    return at != 0 && now_ms - at < PAIR_WINDOW_MS;
}

static tries *find_addr(pair *p, const char *addr, bool create, int64_t now_ms)
{
    tries *oldest = &p->addrs[0];
    for (size_t i = 0; i < ADDR_SLOTS; i++) {
        tries *t = &p->addrs[i];
        if (t->addr[0] && !strcmp(t->addr, addr)) return t;
        if (!recent(t->at[0], now_ms) || t->at[0] < oldest->at[0]) oldest = t;
    }
    if (!create) return NULL;
    memset(oldest, 0, sizeof(*oldest));
    snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
    return oldest;
}

static void push_time(int64_t *at, size_t n, int64_t now_ms)
{
    memmove(at + 1, at, (n - 1) * sizeof(*at));
    at[0] = now_ms ? now_ms : 1;
}

static bool limited(pair *p, const char *addr, int64_t now_ms)
{
    if (recent(p->overall[PAIR_MAX_TRIES_OVERALL - 1], now_ms)) return true;
    tries *t = find_addr(p, addr, false, now_ms);
    return t && recent(t->at[PAIR_MAX_TRIES_PER_ADDR - 1], now_ms);
}

static void count_wrong(pair *p, const char *addr, int64_t now_ms)
{
    push_time(p->overall, PAIR_MAX_TRIES_OVERALL, now_ms);
    tries *t = find_addr(p, addr, true, now_ms);
    push_time(t->at, PAIR_MAX_TRIES_PER_ADDR, now_ms);
}

/* --- Pairing ------------------------------------------------------------------------- */

static int add_device(pair *p, char *device)
{
    uint8_t raw[PAIR_DEVICE_LEN / 2];
    if (random_bytes(raw, sizeof raw)) return -1;
    to_hex(raw, sizeof raw, device);
    known d = {.since = (int64_t)time(NULL)};
    if (sha256(device, PAIR_DEVICE_LEN, d.hash)) return -1;
    if (p->ndevices == PAIR_MAX_DEVICES) { /* forget the oldest pairing */
        memmove(p->devices, p->devices + 1, (PAIR_MAX_DEVICES - 1) * sizeof(known));
        p->ndevices--;
    }
    p->devices[p->ndevices++] = d;
    if (save_devices(p))
        lwsl_warn("cannot save the paired phones in %s: they stay paired until the console stops\n",
                  p->file);
    /* What was used up is replaced. */
    if (new_qr_token(p) || new_code(p)) return -1;
    return 0;
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

static int try_secret(pair *p, const char *addr, const char *given, const char *secret,
                      int64_t now_ms, char *device)
{
    if (limited(p, addr, now_ms)) return PAIR_LIMITED;
    if (!matches(given, secret)) {
        count_wrong(p, addr, now_ms);
        return PAIR_WRONG;
    }
    return add_device(p, device) ? PAIR_WRONG : PAIR_OK;
}

int pair_with_code(pair *p, const char *addr, const char *code, int64_t now_ms, char *device)
{
    return try_secret(p, addr, code, p->code, now_ms, device);
}

int pair_with_token(pair *p, const char *addr, const char *token, int64_t now_ms, char *device)
{
    return try_secret(p, addr, token, p->qr, now_ms, device);
}

bool pair_knows_device(const pair *p, const char *device)
{
    if (strlen(device) != PAIR_DEVICE_LEN) return false;
    uint8_t h[HASH_LEN];
    if (sha256(device, PAIR_DEVICE_LEN, h)) return false;
    bool found = false;
    for (size_t i = 0; i < p->ndevices; i++)
        found |= pair_equal(h, p->devices[i].hash, HASH_LEN);
    return found;
}

void pair_revoke_all(pair *p)
{
    p->ndevices = 0;
    if (save_devices(p)) lwsl_warn("cannot clear the paired phones in %s\n", p->file);
    if (new_qr_token(p) || new_code(p)) lwsl_err("no random numbers for the pairing code\n");
}
