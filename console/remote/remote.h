/* remote.h: the phone remote, a libwebsockets server on its own thread.
 *
 * It serves the phone page over HTTP and a websocket at /ws, to requests for this
 * machine's own names only (its addresses with the port, localhost, the hotspot's
 * address, its host name), within a limit of connections per address and in all.
 * Phones that paired control the class; others follow it read-only. Control is given,
 * not taken: the pairing code (and the QR code that carries a one-time token) may be
 * shown and used only while no phone controls, or for a minute after the instructor
 * asks (remote_open_pairing, or "add a phone" on a controlling phone); otherwise a
 * phone asks, and a controlling phone allows or refuses. The remote thread owns the lws context and
 * its connections; it talks to the main thread only through two queues:
 *   - commands from phones go into an inbox; `wake` is called (from the remote thread)
 *     so the main loop drains it with remote_next_command() and answers each with
 *     remote_reply();
 *   - the main thread publishes the class state with remote_publish(); the remote
 *     thread sends it to every phone.
 * All functions here are for the main thread. */
#ifndef NURTURE_REMOTE_H
#define NURTURE_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/session.h"
#include "core/status.h"  /* audio_status, remote_status */
#include "remote/proto.h" /* remote_cmd */

typedef struct remote remote;

typedef struct remote_config {
    int port;                /* TCP port (--port); 0 for any free one */
    const char *pin;         /* a fixed pairing code, or NULL for a fresh random one */
    const char *media_dir;   /* where the phone page lives */
    const char *state_dir;   /* where paired devices are remembered; NULL: nowhere */
    void (*wake)(void *ctx); /* called on the remote thread when a command is queued */
    void *wake_ctx;
} remote_config;

/* Start serving. NULL (and a message in `err`) when the port cannot be opened. */
remote *remote_create(const remote_config *cfg, char *err, size_t errlen);
void remote_destroy(remote *r);

/* Take the next command from a phone; false when there is none. */
bool remote_next_command(remote *r, remote_cmd *cmd);

/* Answer a command: `error` 0 for ok, else a code with a plain message. */
void remote_reply(remote *r, const remote_cmd *cmd, int error, const char *message);

/* Publish the class state to every phone (only sent when something changed).
 * `summary`: the finished class's summary for the controllers (proto_summary_json), or
 * NULL. */
void remote_publish(remote *r, const session *s, const audio_status *au, bool blank,
                    const char *summary, int64_t now_ms);

/* Wait, at most `max_ms`, until every phone has been given the last state published
 * (written to its socket): the main loop lets a new state reach the phones before it
 * spends its time drawing. Returns at once when every phone has it. */
void remote_wait_sent(remote *r, int max_ms);

/* Forget every paired phone: they become followers until paired again. */
void remote_revoke_all(remote *r);

/* Show the pairing code (and its QR code) for a minute, though a phone controls: the
 * instructor adds a phone. */
void remote_open_pairing(remote *r);

void remote_get_status(const remote *r, remote_status *st);

#endif
