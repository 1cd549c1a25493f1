/* pair.h: who may control the class from a phone.
 *
 * A phone becomes a controller by presenting the numeric code shown on the projector,
 * or the one-time token of the pairing QR code, or by being allowed from a phone that
 * already controls (pair_grant). It is then given a device: a public id and a secret key
 * (256 random bits, hex), which cross the network this once. On every later connection
 * the console sends a fresh random challenge and the phone proves it holds the key with
 * HMAC-SHA256(key, "nurture-hello:" + challenge); the key itself is never sent again, and
 * a proof is good for its one challenge only. The console keeps each device's id, key,
 * the time it paired and the time it was last used in a file of the state folder
 * (PAIR_DEVICES_FILE, in the owner-only state folder); a device unused for
 * PAIR_EXPIRE_DAYS is forgotten. HMAC, SHA-256, base64 and randomness come from
 * OpenSSL's libcrypto.
 *
 * After each successful pairing the one-time token is replaced, and so is the code
 * unless it was fixed (--pin). Wrong codes are limited per address (an IPv6 address
 * counts with its whole /64): beyond PAIR_MAX_TRIES_PER_ADDR a minute that address is
 * refused for the rest of the minute. Beyond PAIR_MAX_TRIES_OVERALL wrong codes a minute
 * from everywhere, nobody is refused: the code is replaced by a new random one (even a
 * fixed one, for the rest of the run), so the guesses made so far are worth nothing and
 * the instructor pairs with the code the projector then shows. Tokens (128 bits) and
 * device proofs (256 bits) cannot be guessed and are never limited. Codes, tokens and
 * proofs are compared in constant time.
 *
 * Owned by the remote thread; no locking inside. Messages go to stderr and never hold a
 * code, token or key. */
#ifndef NURTURE_PAIR_H
#define NURTURE_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/units.h"

#define PAIR_CODE_DIGITS        6
#define PAIR_ID_LEN             16 /* hex characters of a device's public id */
#define PAIR_KEY_LEN            64 /* hex characters of a device's secret key */
#define PAIR_QR_LEN             22 /* base64url characters of a one-time token */
#define PAIR_CHALLENGE_LEN      43 /* base64url characters of a challenge (32 bytes) */
#define PAIR_PROOF_LEN          64 /* hex characters of an HMAC-SHA256 */
#define PAIR_PROOF_PREFIX       "nurture-hello:"
#define PAIR_MAX_DEVICES        64 /* the least recently used is forgotten beyond this */
#define PAIR_EXPIRE_DAYS        30
#define PAIR_MAX_TRIES_PER_ADDR 5
#define PAIR_MAX_TRIES_OVERALL  20
#define PAIR_WINDOW_MS          MINUTE_MS /* wrong tries are counted over this */
#define PAIR_DEVICES_FILE       "remote-devices"

enum {
    PAIR_OK = 0,
    PAIR_WRONG = -1,   /* a wrong code or token */
    PAIR_LIMITED = -2, /* this address made too many wrong tries this minute */
    PAIR_CHANGED = -3, /* a wrong code, and too many overall: the code was replaced */
    PAIR_FAILED = -4,  /* no randomness */
};

/* What a phone is given when it pairs. */
typedef struct pair_device {
    char id[PAIR_ID_LEN + 1];
    char key[PAIR_KEY_LEN + 1];
} pair_device;

typedef struct pair pair;

/* Load the paired devices from `state_dir` (created if missing; NULL: remember nothing
 * across restarts), forgetting those unused for PAIR_EXPIRE_DAYS. `pin` fixes the code
 * (PIN_MIN_DIGITS to PIN_MAX_DIGITS digits, core/status.h), NULL draws a random one.
 * NULL with a message in `err` on a bad pin or no randomness. A state folder that cannot
 * be read or written is not an error: pairings then last until the console stops, and
 * `err` says why. */
pair *pair_create(const char *state_dir, const char *pin, char *err, size_t errlen);
void pair_destroy(pair *p);

const char *pair_code(const pair *p);     /* the code to show */
const char *pair_qr_token(const pair *p); /* the one-time token for the pairing QR */

/* Pair with a code from the phone at `addr` (an IP address as text). PAIR_OK fills
 * `dev` with a new device; the other results change nothing but the count of wrong
 * tries (and the code, for PAIR_CHANGED). */
int pair_with_code(pair *p, const char *addr, const char *code, int64_t now_ms, pair_device *dev);

/* Pair with the one-time QR token: PAIR_OK or PAIR_WRONG, never limited. */
int pair_with_token(pair *p, const char *token, pair_device *dev);

/* A new device for a phone a controller allowed: PAIR_OK or PAIR_FAILED. */
int pair_grant(pair *p, pair_device *dev);

/* A fresh challenge (PAIR_CHALLENGE_LEN + 1 bytes): 0, or -1 without randomness. */
int pair_challenge(char *out);

/* Does `proof` (hex) answer `challenge` for the device `id`? A right proof marks the
 * device used now (`now_s`: seconds since 1970). An unknown, expired or forgotten id is
 * false. */
bool pair_prove(pair *p, const char *id, const char *challenge, const char *proof, int64_t now_s);

/* The proof a phone holding `key` gives for `challenge` (PAIR_PROOF_LEN + 1 bytes), as
 * the page computes it: for tests and the documentation's example. 0 or -1. */
int pair_proof_of(const char *key, const char *challenge, char *out);

/* Forget one device (a phone that forgets itself). False when it was not known. */
bool pair_forget(pair *p, const char *id);

/* Forget every device, and draw a new code (unless fixed) and one-time token. */
void pair_revoke_all(pair *p);

size_t pair_device_count(const pair *p);

/* Equal bytes, in a time that depends only on `n` (OpenSSL's CRYPTO_memcmp). */
bool pair_equal(const void *a, const void *b, size_t n);

/* The key wrong tries from `addr` are counted under: the address itself, or for IPv6 its
 * /64 (an IPv4 address mapped into IPv6 counts as IPv4). `out` holds 64 bytes. */
void pair_addr_key(const char *addr, char *out, size_t size);

#endif
