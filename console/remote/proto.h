/* proto.h: the phone remote's JSON protocol, version 2 (docs/PROTOCOL.md).
 *
 * Pure: no I/O, no threads, no clock. Decoding turns one text message from a phone
 * into a proto_msg or an error code; encoding builds the replies and the class state
 * with cJSON. Every message carries "v": PROTO_VERSION.
 *
 * The state is built in two parts so the class is serialised once per change: the main
 * thread builds the tree (proto_state_build), and the remote thread prints it for each
 * phone with that phone's role and the console's clock at the moment of sending
 * (proto_state_print), so a phone that connects late still learns the clock right.
 * Every string the console sends is made valid UTF-8 (core/utf8.h). */
#ifndef NURTURE_PROTO_H
#define NURTURE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/session.h"
#include "core/status.h" /* audio_status */

#define PROTO_VERSION     2
#define PROTO_SUBPROTOCOL "nurture.v2"
#define PROTO_MAX_MESSAGE 1024 /* bytes of one message from a phone; longer ones are refused */
#define PROTO_TOKEN_MAX   64   /* longest token a phone may present */
#define PROTO_CODE_MAX    12   /* longest pairing code a phone may present */
#define PROTO_MAX_MINUTES 60   /* largest time adjustment in one command */
#define PROTO_SUMMARY_MAX (64 * 1024) /* longest summary a state carries (a class's is ~10 KB) */

typedef enum proto_error {
    PROTO_OK = 0,
    PROTO_E_TOO_BIG,        /* the message is longer than PROTO_MAX_MESSAGE */
    PROTO_E_BINARY,         /* a binary frame */
    PROTO_E_BAD_JSON,       /* not a JSON object */
    PROTO_E_BAD_VERSION,    /* "v" missing or not PROTO_VERSION */
    PROTO_E_BAD_TYPE,       /* "type" missing or unknown */
    PROTO_E_BAD_COMMAND,    /* "cmd" missing or unknown */
    PROTO_E_BAD_VALUE,      /* a field of the wrong type or out of its range */
    PROTO_E_NOT_PAIRED,     /* a command from a phone that is not a controller */
    PROTO_E_WRONG_CODE,     /* pairing: the code or the one-time token is wrong */
    PROTO_E_TOO_MANY_TRIES, /* pairing: too many wrong tries, wait a minute */
    PROTO_E_UNKNOWN_DEVICE, /* hello: this device is not (or no longer) paired, or bad proof */
    PROTO_E_PAIRING_CLOSED, /* pair: a phone controls; the code is not open, ask instead */
    PROTO_E_NO_CONTROLLER,  /* ask: no phone controls; type the code instead */
    PROTO_E_REFUSED,        /* ask: the controlling phone said no */
    PROTO_E_NOT_ASKING,     /* answer: that phone is not asking (any more) */
    PROTO_E_RANGE,          /* the class has no such segment or step */
    PROTO_E_FINISHED,       /* the class has finished */
    PROTO_E_BUSY,           /* the console has too many commands waiting */
    PROTO_E_FAILED,         /* anything else the console could not do */
    PROTO_E_COUNT
} proto_error;

/* The error's code as sent ("too-big", "not-paired", ...) and a plain default message. */
const char *proto_error_code(proto_error e);
const char *proto_error_message(proto_error e);

/* The error a session_apply() result means (SESSION_OK is PROTO_OK). */
proto_error proto_error_from_session(int session_err);

/* A command from a phone, as decoded and as queued for the main loop. */
typedef enum remote_cmd_kind {
    REMOTE_SESSION,    /* a session command: `session` holds it */
    REMOTE_VOLUME,     /* set the volume to `value` percent */
    REMOTE_MUTE,       /* mute when `value` is 1, unmute when 0 */
    REMOTE_NEXT_TRACK, /* the next music file */
    REMOTE_BLANK,      /* blank the screen when `value` is 1 */
} remote_cmd_kind;

typedef struct remote_cmd {
    remote_cmd_kind kind;
    session_cmd session;
    int value;
    uint64_t client; /* who asked, for the reply */
    char phone[8];   /* and which paired phone: its device id's first characters */
    int64_t id;      /* the phone's request id, echoed in the reply */
} remote_cmd;

typedef enum proto_type {
    PROTO_HELLO,  /* who I am: a device id and its proof for this connection's challenge */
    PROTO_PAIR,   /* become a controller with the code or a one-time QR token */
    PROTO_ASK,    /* ask the controlling phones for control */
    PROTO_ANSWER, /* a controller allows or refuses a phone that asks */
    PROTO_OPEN,   /* a controller: show the code on the projector for a minute */
    PROTO_FORGET, /* a controller: forget this phone's pairing */
    PROTO_CMD,    /* drive the class */
} proto_type;

typedef struct proto_msg {
    proto_type type;
    bool has_id;
    int64_t id;                       /* the phone's request id, echoed in the reply */
    char token[PROTO_TOKEN_MAX + 1];  /* pair: the one-time QR token, or "" */
    char code[PROTO_CODE_MAX + 1];    /* pair: the numeric code, or "" */
    char device[PROTO_TOKEN_MAX + 1]; /* hello: the device id, or "" */
    char proof[PROTO_TOKEN_MAX + 1];  /* hello: the proof, "" exactly when device is */
    uint64_t phone;                   /* answer: which phone */
    bool allow;                       /* answer: allow it */
    remote_cmd cmd;                   /* PROTO_CMD (client is left 0) */
} proto_msg;

/* Decode one text message of `len` bytes. On an error `m->has_id` and `m->id` are
 * still filled when the message had a usable id, so the reply can name it. */
proto_error proto_decode(const char *buf, size_t len, proto_msg *m);

/* A reply, as a new string for free(); NULL when out of memory. `message` NULL means
 * the error's default message. `device` and `role` are added when not NULL. */
typedef struct proto_reply {
    bool has_id;
    int64_t id;
    proto_error error;
    const char *message;
    const char *device; /* pair, ask: the device id to keep */
    const char *key;    /* and its secret key (the only time it is sent) */
    const char *role;   /* "controller" or "follower" */
} proto_reply;
char *proto_reply_json(const proto_reply *r);

/* What the state shows, compared to decide whether anything changed. Zeroed before
 * filling so it can be compared with memcmp. */
typedef struct proto_fingerprint {
    const plan *plan;
    int segment, step;
    bool paused, finished, blank, has_audio, muted, device_ok;
    int64_t total_ms, deadline, step_deadline, class_started;
    int volume, music_level;
    uint32_t texts;   /* a hash of the audio's notice and track */
    uint32_t summary; /* a hash of the finished class's summary, 0 without one */
} proto_fingerprint;

void proto_fingerprint_of(proto_fingerprint *fp, const session *s, const audio_status *au,
                          bool blank, const char *summary, int64_t now_ms);

/* The summary of a finished class, for the controllers' state ("summary" in
 * docs/PROTOCOL.md): `json`, the class log summed up (classlog's JSON form, an object),
 * with `text` and `csv` (its text and CSV forms) added to it as "text" and "csv", every
 * string valid UTF-8. Built once when the class finishes. A new string for free(), or
 * NULL when `json` is not an object, the whole is longer than PROTO_SUMMARY_MAX (a state
 * must fit the remote's buffer), or out of memory. */
char *proto_summary_json(const char *json, const char *text, const char *csv);

/* The state (a tree, as void * to keep cJSON out of this header) for the class as of
 * `now_ms`, numbered `seq`. `au` may be NULL (no audio). `summary` (from
 * proto_summary_json, copied; NULL: none) goes to controllers while the class is
 * finished; followers never get it. NULL when out of memory. Free with
 * proto_state_free. */
void *proto_state_build(const session *s, const audio_status *au, bool blank, const char *summary,
                        int64_t now_ms, uint64_t seq);
void proto_state_free(void *state);

/* May a page from `origin` (the Origin header, e.g. "http://192.168.4.1:8080") open
 * the websocket of the console reached as `host` (the Host header)? Only when it is
 * the console's own page: same host and port, http or https. */
bool proto_origin_allowed(const char *origin, const char *host);

/* Print the state for one phone into `buf`: sets "now" (the console's clock now),
 * "role", "pairing" ("code" while the projector shows the code, else "ask") and
 * "summary" (the class's summary for a controller of a finished class, else null). Returns
 * the length, or -1 when it does not fit. */
int proto_state_print(void *state, int64_t now_ms, bool controller, bool code_open, char *buf,
                      size_t size);

/* The first message on a connection: the challenge the phone's hello proves its device
 * with. A new string for free(), or NULL. */
char *proto_challenge_json(const char *challenge);

/* The phones asking for control, for the controllers: `n` of them, each an id and an
 * address. A new string for free(), or NULL. */
typedef struct proto_ask {
    uint64_t phone;
    const char *from;
} proto_ask;
char *proto_asks_json(const proto_ask *asks, size_t n);

#endif
