/* pair.h: who may control the class from a phone.
 *
 * A phone becomes a controller by presenting the numeric code shown on the projector,
 * or the one-time token inside the QR code's address. It then receives a device token
 * (128 random bits, hex) that it keeps and presents again on every reconnect; the
 * console remembers the SHA-256 of each device token in a file of the state folder,
 * so pairings survive restarts of the console and the file holds nothing a phone could
 * present (SHA-256 from OpenSSL's libcrypto).
 *
 * After each successful pairing the one-time token is replaced, and so is the code
 * unless it was fixed (--pin), so a code read off the screen later is of no use.
 * Wrong tries are limited per address and overall (PAIR_MAX_TRIES_* per minute); once
 * over the limit every try is refused, even a right one, until the minute has passed.
 * Codes and tokens are compared in constant time.
 *
 * Owned by the remote thread; no locking inside. */
#ifndef NURTURE_PAIR_H
#define NURTURE_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAIR_CODE_DIGITS        6
#define PAIR_DEVICE_LEN         32 /* hex characters of a device token */
#define PAIR_QR_LEN             22 /* base64url characters of a one-time token */
#define PAIR_MAX_DEVICES        16 /* the oldest pairing is forgotten beyond this */
#define PAIR_MAX_TRIES_PER_ADDR 5
#define PAIR_MAX_TRIES_OVERALL  20
#define PAIR_WINDOW_MS          60000
#define PAIR_DEVICES_FILE       "remote-devices"

enum { PAIR_OK = 0, PAIR_WRONG = -1, PAIR_LIMITED = -2 };

typedef struct pair pair;

/* Load the paired devices from `state_dir` (created if missing; NULL: remember nothing
 * across restarts). `pin` fixes the code (digits only, 4 to 10 of them), NULL draws a
 * random one. NULL with a message in `err` on a bad pin or no randomness. A state
 * folder that cannot be read or written is not an error: pairings then last until the
 * console stops, and `err` says why. */
pair *pair_create(const char *state_dir, const char *pin, char *err, size_t errlen);
void pair_destroy(pair *p);

const char *pair_code(const pair *p);     /* the code to show */
const char *pair_qr_token(const pair *p); /* the one-time token for the QR address */

/* Pair with a code, or a one-time QR token, from the phone at `addr` (an IP address
 * as text). PAIR_OK fills `device` (PAIR_DEVICE_LEN + 1 bytes) with a new device token;
 * PAIR_WRONG and PAIR_LIMITED change nothing but the count of wrong tries. */
int pair_with_code(pair *p, const char *addr, const char *code, int64_t now_ms, char *device);
int pair_with_token(pair *p, const char *addr, const char *token, int64_t now_ms, char *device);

/* Is `device` a token this console gave out and has not revoked? */
bool pair_knows_device(const pair *p, const char *device);

/* Forget every device, and draw a new code (unless fixed) and one-time token. */
void pair_revoke_all(pair *p);

size_t pair_device_count(const pair *p);

/* Equal bytes, in a time that depends only on `n` (OpenSSL's CRYPTO_memcmp). */
bool pair_equal(const void *a, const void *b, size_t n);

#endif
