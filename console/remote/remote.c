/* remote.c: see remote.h.
 *
 * Threads. The remote thread runs the lws service loop and owns the lws context, every
 * connection, the pairing state and the state tree it sends. The main thread owns the
 * session and publishes. They meet only in the fields under `lock`:
 *   - inbox: commands from controllers, drained by the main thread (`wake` tells it);
 *   - outbox: the newest state tree and the replies to commands, taken by the remote
 *     thread when lws_cancel_service() wakes it (LWS_CALLBACK_EVENT_WAIT_CANCELLED);
 *   - status: what the projector shows about phones.
 *
 * Writing. lws writes only in SERVER_WRITEABLE, one lws_write per callback. A phone
 * gets its replies in order, then the newest state if it has not seen it: states are
 * never queued, so a slow phone skips states instead of piling them up. A phone whose
 * replies pile up beyond REPLY_QUEUE_MAX, or that takes no data for STALL_MS while we
 * have some for it, is dropped; a phone that stops answering pings is hung up by lws
 * (the vhost's retry_and_idle_policy). Connections are closed by lws_set_timeout(...,
 * LWS_TO_KILL_ASYNC), never freed inside their own callbacks. */
#include "remote/remote.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <libwebsockets.h>
#include <net/if.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "remote/pair.h"
#include "remote/proto.h"
#include "platform/clock.h"
#include "core/units.h"

#define INBOX_CAP        128  /* commands waiting for the main thread */
#define REPLY_QUEUE_MAX  32   /* replies waiting for one phone before it is dropped */
#define STALL_MS         8000 /* a phone that takes no data this long is dropped */
#define PING_SECS        5    /* ping a phone that has been quiet this long */
#define HANGUP_SECS      12   /* hang up on a phone quiet this long (no pong) */
#define HOUSEKEEPING_MS  5000 /* how often stalls and the address are looked at, */
#define COUNTDOWN_MS     1000 /* and how often while the code shows for a minute */
#define ADDRESS_CHECK_MS 5000 /* how often the LAN address is looked up again */
#define STATE_BUF        (256 * 1024)
#define REPRINT_MS       20 /* a state printed this long ago is printed again (its `now`) */
#define SEND_BUFFER      (32 * 1024) /* the kernel's send buffer per phone (it doubles it) */
#define OPEN_MS          MINUTE_MS   /* the code shows this long when the instructor asks */
#define MAX_PER_ADDR     16          /* connections from one address */
#define MAX_CONNS        256         /* connections in all (fewer with a low open-files limit) */
#define MAX_ASKS         8           /* phones waiting for a controller's answer */
#define MAX_HOSTS        24          /* names the console answers to */
#define REFUSAL_LOG_MS   MINUTE_MS   /* refusals are counted, and told at most this often */
#define HOTSPOT_ADDRESS  "10.42.0.1" /* tools/hotspot's address for the console */

typedef struct out_msg {
    struct out_msg *next;
    uint64_t client; /* who it is for (replies from the main thread) */
    size_t len;
    unsigned char buf[]; /* LWS_PRE bytes of headroom, then the text */
} out_msg;

/* One phone: lws's per-session data. Remote thread only. */
typedef struct conn {
    struct conn *next; /* in remote.conns */
    struct lws *wsi;
    uint64_t id;
    bool controller;
    bool dropping;
    char addr[64];
    char device[PAIR_ID_LEN + 1];           /* the device it controls as, or "" */
    char challenge[PAIR_CHALLENGE_LEN + 1]; /* for its hello, good for one proof */
    bool challenge_used;
    bool asking, ask_has_id; /* waiting for a controller's answer to its `ask` */
    int64_t ask_id;
    out_msg *q_head, *q_tail; /* replies to send, oldest first */
    int q_len;
    bool sent_any, sent_controller, sent_open; /* the state it has: seq, role, pairing */
    uint64_t sent_seq;
    int64_t waiting_since;          /* when we asked to write and lws has not let us yet, or 0 */
    bool rx_mid, rx_big, rx_binary; /* the message being received */
    size_t rx_len;
    char rx[PROTO_MAX_MESSAGE + 1];
} conn;

struct remote {
    /* Set at creation, then read-only. */
    void (*wake)(void *ctx);
    void *wake_ctx;
    int port;
    char *origin; /* the phone page's folder */
    struct lws_context *ctx;
    struct lws_protocols protocols[3];
    struct lws_http_mount mount;
    struct lws_protocol_vhost_options mimes[3];
    lws_retry_bo_t retry;
    pthread_t thread;
    bool thread_started;
    atomic_bool stop;
    atomic_bool closing;          /* destroying: no more waking the main thread */
    atomic_uint_fast64_t given;   /* the newest state seq every phone has been given */
    atomic_uint_fast64_t handed;  /* states written to phones, ever: remote_wait_sent */
    _Atomic int64_t clock_offset; /* the console's clock minus CLOCK_MONOTONIC, ms */

    pthread_mutex_t lock;
    /* Protected by lock. */
    remote_cmd inbox[INBOX_CAP];
    size_t in_head, in_len;
    void *new_state; /* a state tree not yet taken by the remote thread */
    uint64_t new_seq;
    out_msg *rep_head, *rep_tail; /* replies from the main thread */
    bool revoke;
    bool open_asked; /* the console's key: show the code for a minute */
    remote_status status;

    /* Remote thread only. */
    pair *pair;
    void *state; /* the newest state tree, numbered seq */
    uint64_t seq;
    conn *conns;
    uint64_t next_client;
    lws_sorted_usec_list_t sul;
    int64_t address_checked;
    char url[128];
    int64_t open_until; /* the code shows until then (the instructor asked), or 0 */
    bool code_open;     /* the code (and its QR) may be shown and used now */
    int controllers;
    char hosts[MAX_HOSTS][80]; /* the Host headers we answer to */
    int nhosts;
    int max_conns;
    /* Connections, counted from accept to close: per address and per descriptor. */
    struct peer {
        char addr[INET6_ADDRSTRLEN];
        int n;
    } * peers;      /* max_conns slots */
    short *fd_peer; /* fd_cap entries: the peer slot of an open descriptor, or -1 */
    int fd_cap, nconns;
    int64_t refusals_told;
    long refused_conns, refused_hosts; /* since they were last told */
    /* The state as printed for a follower or a controller, with the code closed or
     * open [controller + 2 * code_open] (STATE_BUF bytes,
     * the text after LWS_PRE): one print serves every phone of a broadcast. */
    struct printed {
        char *buf;
        int len;
        uint64_t seq;
        int64_t at; /* when printed: its `now`; printed again after REPRINT_MS */
        bool valid;
    } printed[4];

    /* Main thread only. */
    proto_fingerprint fp;
    bool published;
    uint64_t pub_seq;
};

static int64_t console_ms(const remote *r)
{
    return clock_now_ms() + atomic_load(&r->clock_offset);
}

static out_msg *out_new(const char *text, uint64_t client)
{
    size_t n = strlen(text);
    out_msg *m = malloc(sizeof(*m) + LWS_PRE + n + 1);
    if (!m) return NULL;
    m->next = NULL;
    m->client = client;
    m->len = n;
    memcpy(m->buf + LWS_PRE, text, n + 1);
    return m;
}

static void free_msgs(out_msg *m)
{
    while (m) {
        out_msg *next = m->next;
        free(m);
        m = next;
    }
}

/* --- Where the page is: the first LAN address ---------------------------------------- */

static void find_url(int port, char *out, size_t size)
{
    char host[INET_ADDRSTRLEN] = "127.0.0.1";
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs) == 0) {
        for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
            if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
            if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
            const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)i->ifa_addr;
            if (inet_ntop(AF_INET, &in->sin_addr, host, sizeof host)) break;
        }
        freeifaddrs(ifs);
    }
    if (port == 80)
        snprintf(out, size, "http://%s/", host);
    else
        snprintf(out, size, "http://%s:%d/", host, port);
}

/* --- Status for the projector (remote thread) ---------------------------------------- */

static void wake_main(remote *r)
{
    if (r->wake && !atomic_load(&r->closing)) r->wake(r->wake_ctx);
}

static void want_write(conn *c);
static bool state_stale(const remote *r, const conn *c);
static void schedule_housekeeping(remote *r);

/* A refusal, counted: the first since they were last told brings the housekeeping
 * that tells them near (it runs seldom otherwise). */
static void count_refusal(remote *r, long *count)
{
    bool first = !r->refused_conns && !r->refused_hosts;
    (*count)++;
    if (first) schedule_housekeeping(r);
}

/* What the projector shows, and whether the code is open: only while no phone controls,
 * or for a minute after the instructor asked. */
static void update_status(remote *r)
{
    remote_status st;
    memset(&st, 0, sizeof st);
    for (const conn *c = r->conns; c; c = c->next) {
        if (c->dropping) continue;
        if (c->controller)
            st.controllers++;
        else
            st.followers++;
    }
    r->controllers = st.controllers;
    int64_t now = clock_now_ms();
    if (r->open_until && now >= r->open_until) r->open_until = 0;
    bool open = st.controllers == 0 || r->open_until;
    if (open != r->code_open) {
        r->code_open = open;
        for (conn *c = r->conns; c; c = c->next) /* their state names it */
            if (state_stale(r, c)) want_write(c);
    }
    snprintf(st.url, sizeof st.url, "%s", r->url);
    if (open) {
        snprintf(st.code, sizeof st.code, "%s", pair_code(r->pair));
        snprintf(st.pair_url, sizeof st.pair_url, "%s?pair=%s", r->url, pair_qr_token(r->pair));
        st.open_ms = r->open_until ? r->open_until - now : 0;
    }
    pthread_mutex_lock(&r->lock);
    bool changed = memcmp(&st, &r->status, sizeof st) != 0;
    r->status = st;
    pthread_mutex_unlock(&r->lock);
    if (changed) wake_main(r); /* so the projector shows it */
}

/* --- Sending (remote thread) --------------------------------------------------------- */

static bool state_stale(const remote *r, const conn *c)
{
    return r->state && (!c->sent_any || c->sent_seq != r->seq ||
                        c->sent_controller != c->controller || c->sent_open != r->code_open);
}

static void want_write(conn *c)
{
    if (c->dropping) return;
    if (!c->waiting_since) c->waiting_since = clock_now_ms();
    lws_callback_on_writable(c->wsi);
}

static void drop(remote *r, conn *c, const char *why)
{
    if (c->dropping) return;
    lwsl_user("remote: dropping phone %s: %s\n", c->addr, why);
    c->dropping = true;
    lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    update_status(r);
}

static void enqueue(remote *r, conn *c, out_msg *m)
{
    if (!m) return;
    if (c->dropping || c->q_len >= REPLY_QUEUE_MAX) {
        free(m);
        drop(r, c, "too many replies waiting");
        return;
    }
    if (c->q_tail)
        c->q_tail->next = m;
    else
        c->q_head = m;
    c->q_tail = m;
    c->q_len++;
    want_write(c);
}

static void reply_with(remote *r, conn *c, const proto_msg *m, proto_error e, const char *message,
                       const pair_device *dev)
{
    proto_reply rp = {
        .has_id = m->has_id,
        .id = m->id,
        .error = e,
        .message = message,
        .device = dev ? dev->id : NULL,
        .key = dev ? dev->key : NULL,
        .role = m->type == PROTO_CMD && e == PROTO_OK ? NULL
                                                      : (c->controller ? "controller" : "follower"),
    };
    char *text = proto_reply_json(&rp);
    if (!text) return;
    enqueue(r, c, out_new(text, c->id));
    OPENSSL_cleanse(text, strlen(text)); /* it may hold a device's key */
    free(text);
}

static void reply(remote *r, conn *c, const proto_msg *m, proto_error e)
{
    reply_with(r, c, m, e, NULL, NULL);
}

/* Has every phone been given the newest state? Tell remote_wait_sent. */
static void note_given(remote *r)
{
    for (conn *c = r->conns; c; c = c->next)
        if (!c->dropping && state_stale(r, c)) return;
    atomic_store(&r->given, r->seq);
}

static int conn_write(remote *r, conn *c)
{
    if (c->dropping) return -1;
    c->waiting_since = 0;
    if (c->q_head) {
        out_msg *m = c->q_head;
        c->q_head = m->next;
        if (!c->q_head) c->q_tail = NULL;
        c->q_len--;
        int n = lws_write(c->wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT);
        bool short_write = n < (int)m->len;
        free(m);
        if (short_write) return -1;
    } else if (state_stale(r, c)) {
        struct printed *p = &r->printed[c->controller + 2 * r->code_open];
        int64_t now = clock_now_ms();
        if (!p->valid || p->seq != r->seq || now - p->at > REPRINT_MS) {
            p->len = proto_state_print(r->state, console_ms(r), c->controller, r->code_open,
                                       p->buf + LWS_PRE, STATE_BUF - LWS_PRE);
            p->seq = r->seq;
            p->at = now;
            p->valid = true;
        }
        char *text = p->buf + LWS_PRE;
        int len = p->len;
        c->sent_any = true;
        c->sent_seq = r->seq;
        c->sent_controller = c->controller;
        c->sent_open = r->code_open;
        if (len < 0) {
            lwsl_err("remote: the class state is too large to send\n");
        } else if (lws_write(c->wsi, (unsigned char *)text, (size_t)len, LWS_WRITE_TEXT) < len) {
            return -1;
        }
        atomic_fetch_add(&r->handed, 1);
    }
    if (c->q_head || state_stale(r, c)) want_write(c);
    note_given(r);
    return 0;
}

/* --- Receiving (remote thread) ------------------------------------------------------- */

/* --- Asking for control (remote thread) ---------------------------------------------- */

/* Tell every controller who is asking now. */
static void tell_asks(remote *r, conn *only)
{
    proto_ask asks[MAX_ASKS];
    size_t n = 0;
    for (conn *c = r->conns; c && n < MAX_ASKS; c = c->next)
        if (c->asking && !c->dropping) asks[n++] = (proto_ask){.phone = c->id, .from = c->addr};
    char *text = proto_asks_json(asks, n);
    if (!text) return;
    for (conn *c = r->conns; c; c = c->next)
        if (c->controller && !c->dropping && (!only || c == only))
            enqueue(r, c, out_new(text, c->id));
    free(text);
}

/* Answer a phone's `ask`, which waited for a controller. */
static void answer_ask(remote *r, conn *c, proto_error e, const pair_device *dev)
{
    proto_msg m = {.type = PROTO_ASK, .has_id = c->ask_has_id, .id = c->ask_id};
    c->asking = false;
    reply_with(r, c, &m, e, NULL, dev);
}

static void set_role(remote *r, conn *c, bool controller)
{
    if (c->controller == controller) return;
    c->controller = controller;
    if (!controller) c->device[0] = '\0';
    update_status(r);
    if (controller) {
        if (c->asking) answer_ask(r, c, PROTO_OK, NULL);
        tell_asks(r, c);
    } else if (r->controllers == 0) {
        /* Nobody can answer now: the code shows, the askers may type it. */
        for (conn *a = r->conns; a; a = a->next)
            if (a->asking) answer_ask(r, a, PROTO_E_NO_CONTROLLER, NULL);
    }
    if (state_stale(r, c)) want_write(c);
}

/* A phone that was given a device controls with it. */
static void now_controls(remote *r, conn *c, const pair_device *dev, const char *how)
{
    snprintf(c->device, sizeof c->device, "%s", dev->id);
    lwsl_user("remote: phone %s controls the class now (%s)\n", c->addr, how);
    set_role(r, c, true);
}

static void on_pair(remote *r, conn *c, const proto_msg *m)
{
    if (!r->code_open) {
        reply(r, c, m, PROTO_E_PAIRING_CLOSED);
        return;
    }
    pair_device dev;
    int rc = m->code[0] ? pair_with_code(r->pair, c->addr, m->code, clock_now_ms(), &dev)
                        : pair_with_token(r->pair, m->token, &dev);
    if (rc == PAIR_LIMITED) {
        reply(r, c, m, PROTO_E_TOO_MANY_TRIES);
    } else if (rc == PAIR_CHANGED) {
        reply_with(r, c, m, PROTO_E_WRONG_CODE,
                   "That code is not right, and the screen now shows a new one.", NULL);
        update_status(r);
    } else if (rc != PAIR_OK) {
        reply(r, c, m, PROTO_E_WRONG_CODE);
    } else {
        r->open_until = 0; /* the minute the instructor gave is used */
        now_controls(r, c, &dev, m->code[0] ? "the code" : "the QR code");
        reply_with(r, c, m, PROTO_OK, NULL, &dev); /* before the state: it names the role */
        OPENSSL_cleanse(&dev, sizeof dev);
        update_status(r); /* a fresh code and QR token */
    }
}

static void on_hello(remote *r, conn *c, const proto_msg *m)
{
    if (!m->device[0]) {
        reply(r, c, m, PROTO_OK);
        return;
    }
    /* One proof per challenge: a hello seen on the network is worth nothing elsewhere. */
    bool ok = !c->challenge_used &&
              pair_prove(r->pair, m->device, c->challenge, m->proof, (int64_t)time(NULL));
    c->challenge_used = true;
    if (ok) {
        memcpy(c->device, m->device, PAIR_ID_LEN); /* a known id: PAIR_ID_LEN characters */
        c->device[PAIR_ID_LEN] = '\0';
        set_role(r, c, true);
        reply(r, c, m, PROTO_OK);
    } else {
        set_role(r, c, false);
        reply(r, c, m, PROTO_E_UNKNOWN_DEVICE);
    }
}

static void on_ask(remote *r, conn *c, const proto_msg *m)
{
    if (c->controller) {
        reply(r, c, m, PROTO_OK);
        return;
    }
    if (r->controllers == 0) {
        reply(r, c, m, PROTO_E_NO_CONTROLLER);
        return;
    }
    int waiting = 0;
    bool same_addr = false;
    for (const conn *a = r->conns; a; a = a->next) {
        if (!a->asking || a == c) continue;
        waiting++;
        same_addr |= !strcmp(a->addr, c->addr);
    }
    if (waiting >= MAX_ASKS || same_addr) {
        reply(r, c, m, PROTO_E_BUSY);
        return;
    }
    if (c->asking) answer_ask(r, c, PROTO_E_REFUSED, NULL); /* asked again: the new one counts */
    c->asking = true;
    c->ask_has_id = m->has_id;
    c->ask_id = m->id;
    tell_asks(r, NULL);
}

static void on_answer(remote *r, conn *c, const proto_msg *m)
{
    if (!c->controller) {
        reply(r, c, m, PROTO_E_NOT_PAIRED);
        return;
    }
    conn *a = r->conns;
    while (a && (a->id != m->phone || !a->asking || a->dropping))
        a = a->next;
    if (!a) {
        reply(r, c, m, PROTO_E_NOT_ASKING);
        return;
    }
    pair_device dev;
    if (!m->allow) {
        lwsl_user("remote: phone %s refused control to %s\n", c->addr, a->addr);
        answer_ask(r, a, PROTO_E_REFUSED, NULL);
    } else if (pair_grant(r->pair, &dev) != PAIR_OK) {
        answer_ask(r, a, PROTO_E_FAILED, NULL);
    } else {
        char how[96];
        snprintf(how, sizeof how, "allowed from %s", c->addr);
        a->asking = false;
        now_controls(r, a, &dev, how);
        answer_ask(r, a, PROTO_OK, &dev);
        OPENSSL_cleanse(&dev, sizeof dev);
    }
    reply(r, c, m, PROTO_OK);
    tell_asks(r, NULL);
}

static void on_open(remote *r, conn *c, const proto_msg *m)
{
    if (!c->controller) {
        reply(r, c, m, PROTO_E_NOT_PAIRED);
        return;
    }
    r->open_until = clock_now_ms() + OPEN_MS;
    lwsl_user("remote: the projector shows the pairing code for a minute (asked by %s)\n", c->addr);
    update_status(r);
    schedule_housekeeping(r); /* its countdown, every second */
    reply(r, c, m, PROTO_OK);
}

static void on_forget(remote *r, conn *c, const proto_msg *m)
{
    if (c->device[0] && pair_forget(r->pair, c->device))
        lwsl_user("remote: phone %s forgot its pairing\n", c->addr);
    set_role(r, c, false);
    reply(r, c, m, PROTO_OK);
}

static void on_command(remote *r, conn *c, proto_msg *m)
{
    if (!c->controller) {
        reply(r, c, m, PROTO_E_NOT_PAIRED);
        return;
    }
    m->cmd.client = c->id;
    snprintf(m->cmd.phone, sizeof m->cmd.phone, "%.6s", c->device);
    m->cmd.id = m->has_id ? m->id : -1;
    pthread_mutex_lock(&r->lock);
    bool full = r->in_len == INBOX_CAP;
    if (!full) r->inbox[(r->in_head + r->in_len++) % INBOX_CAP] = m->cmd;
    pthread_mutex_unlock(&r->lock);
    if (full)
        reply(r, c, m, PROTO_E_BUSY);
    else
        wake_main(r);
}

static void on_message(remote *r, conn *c)
{
    proto_msg m;
    proto_error e;
    if (c->rx_binary) {
        memset(&m, 0, sizeof m);
        e = PROTO_E_BINARY;
    } else if (c->rx_big) {
        memset(&m, 0, sizeof m);
        e = PROTO_E_TOO_BIG;
    } else {
        e = proto_decode(c->rx, c->rx_len, &m);
    }
    if (e != PROTO_OK) {
        reply(r, c, &m, e);
        return;
    }
    switch (m.type) {
    case PROTO_HELLO: on_hello(r, c, &m); break;
    case PROTO_PAIR: on_pair(r, c, &m); break;
    case PROTO_ASK: on_ask(r, c, &m); break;
    case PROTO_ANSWER: on_answer(r, c, &m); break;
    case PROTO_OPEN: on_open(r, c, &m); break;
    case PROTO_FORGET: on_forget(r, c, &m); break;
    case PROTO_CMD: on_command(r, c, &m); break;
    }
    OPENSSL_cleanse(&m, sizeof m);
}

static void conn_receive(remote *r, conn *c, const void *in, size_t len)
{
    if (!c->rx_mid) { /* the first part of a message */
        c->rx_mid = true;
        c->rx_len = 0;
        c->rx_big = false;
        c->rx_binary = lws_frame_is_binary(c->wsi);
    }
    if (!c->rx_binary && !c->rx_big) {
        if (c->rx_len + len > PROTO_MAX_MESSAGE) {
            c->rx_big = true;
        } else {
            memcpy(c->rx + c->rx_len, in, len);
            c->rx_len += len;
        }
    }
    if (!lws_is_final_fragment(c->wsi) || lws_remaining_packet_payload(c->wsi)) return;
    c->rx_mid = false;
    if (!c->dropping) on_message(r, c);
}

/* --- Connections (remote thread) ----------------------------------------------------- */

/* --- Who may talk to us (remote thread) ---------------------------------------------- */

/* The Host headers we answer to: every address of this machine with the port, the
 * hotspot's address, localhost and the machine's own name (and NAME.local). A page
 * reached under any other name is another site's (DNS rebinding) and is refused. */
static void find_hosts(remote *r)
{
    r->nhosts = 0;
    const char *names[4] = {"localhost", HOTSPOT_ADDRESS, NULL, NULL};
    char host[64] = "", local[80] = "";
    if (gethostname(host, sizeof host - 1) == 0 && host[0]) {
        names[2] = host;
        snprintf(local, sizeof local, "%s.local", host);
        names[3] = local;
    }
    for (int i = 0; i < 4; i++)
        if (names[i]) snprintf(r->hosts[r->nhosts++], sizeof r->hosts[0], "%s", names[i]);
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs) != 0) return;
    for (struct ifaddrs *i = ifs; i && r->nhosts < MAX_HOSTS; i = i->ifa_next) {
        if (!i->ifa_addr || !(i->ifa_flags & IFF_UP)) continue;
        char text[INET6_ADDRSTRLEN];
        if (i->ifa_addr->sa_family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)i->ifa_addr;
            if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text))
                snprintf(r->hosts[r->nhosts++], sizeof r->hosts[0], "%s", text);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)(const void *)i->ifa_addr;
            if (IN6_IS_ADDR_LINKLOCAL(&in->sin6_addr)) continue; /* no zone in a URL */
            if (inet_ntop(AF_INET6, &in->sin6_addr, text, sizeof text))
                snprintf(r->hosts[r->nhosts++], sizeof r->hosts[0], "[%s]", text);
        }
    }
    freeifaddrs(ifs);
}

static bool host_known(const remote *r, const char *host)
{
    char with_port[96];
    for (int i = 0; i < r->nhosts; i++) {
        snprintf(with_port, sizeof with_port, "%s:%d", r->hosts[i], r->port);
        if (!strcasecmp(host, with_port)) return true;
        if (r->port == 80 && !strcasecmp(host, r->hosts[i])) return true;
    }
    return false;
}

/* Is this request for us: a Host we answer to, and no Origin but that Host's? */
static bool request_ours(remote *r, struct lws *wsi)
{
    char host[128], origin[256];
    int n = lws_hdr_total_length(wsi, WSI_TOKEN_HOST);
    if (n <= 0 || n >= (int)sizeof host ||
        lws_hdr_copy(wsi, host, sizeof host, WSI_TOKEN_HOST) <= 0)
        return false;
    if (!host_known(r, host)) {
        int64_t now = clock_now_ms();
        if (now - r->address_checked < 1000) return false;
        r->address_checked = now; /* a new address, perhaps: look again, once a second */
        find_hosts(r);
        if (!host_known(r, host)) return false;
    }
    n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);
    if (n <= 0) return true; /* not a browser's page: it still needs pairing to control */
    if (n >= (int)sizeof origin || lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0)
        return false;
    return proto_origin_allowed(origin, host);
}

/* Refuse a websocket that is not ours: another path, another Host, or a page from
 * another site. */
static bool refuse(remote *r, struct lws *wsi)
{
    char uri[16];
    if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0 || strcmp(uri, "/ws"))
        return true;
    if (request_ours(r, wsi)) return false;
    count_refusal(r, &r->refused_hosts);
    return true;
}

/* A connection just accepted (`fd`): refuse it with no more work when its address has
 * MAX_PER_ADDR open already, or the console max_conns. Counted until its descriptor
 * leaves lws's poll set. */
static bool accept_peer(remote *r, int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char addr[INET6_ADDRSTRLEN] = "";
    if (fd < 0 || fd >= r->fd_cap || getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
        return false;
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
    if (!strncmp(addr, "::ffff:", 7) && strchr(addr, '.'))
        memmove(addr, addr + 7, strlen(addr + 7) + 1);
    if (r->fd_peer[fd] >= 0) { /* a descriptor lws closed without telling us */
        r->peers[r->fd_peer[fd]].n--;
        r->fd_peer[fd] = -1;
        r->nconns--;
    }
    int slot = -1, free_slot = -1;
    for (int i = 0; i < r->max_conns && slot < 0; i++) {
        if (r->peers[i].n > 0 && !strcmp(r->peers[i].addr, addr)) slot = i;
        if (r->peers[i].n == 0 && free_slot < 0) free_slot = i;
    }
    if (r->nconns >= r->max_conns || (slot >= 0 && r->peers[slot].n >= MAX_PER_ADDR)) {
        count_refusal(r, &r->refused_conns);
        return false;
    }
    if (slot < 0) {
        slot = free_slot;
        snprintf(r->peers[slot].addr, sizeof r->peers[slot].addr, "%s", addr);
    }
    r->peers[slot].n++;
    r->fd_peer[fd] = (short)slot;
    r->nconns++;
    return true;
}

static void release_peer(remote *r, int fd)
{
    if (fd < 0 || fd >= r->fd_cap || r->fd_peer[fd] < 0) return;
    r->peers[r->fd_peer[fd]].n--;
    r->fd_peer[fd] = -1;
    r->nconns--;
}

/* Refusals are counted, and told at most once a REFUSAL_LOG_MS: a flood never floods
 * the journal. */
static void tell_refusals(remote *r, int64_t now)
{
    if (!r->refused_conns && !r->refused_hosts) return;
    if (r->refusals_told && now - r->refusals_told < REFUSAL_LOG_MS) return;
    r->refusals_told = now;
    if (r->refused_conns)
        lwsl_user("remote: refused %ld connection(s): too many from one address or in all\n",
                  r->refused_conns);
    if (r->refused_hosts)
        lwsl_user("remote: refused %ld request(s) for another site or name\n", r->refused_hosts);
    r->refused_conns = r->refused_hosts = 0;
}

static void conn_open(remote *r, conn *c, struct lws *wsi)
{
    memset(c, 0, sizeof(*c));
    c->wsi = wsi;
    c->id = ++r->next_client;
    lws_get_peer_simple(wsi, c->addr, sizeof c->addr);
    if (!strncmp(c->addr, "::ffff:", 7)) /* an IPv4 phone on the dual-stack socket */
        memmove(c->addr, c->addr + 7, strlen(c->addr + 7) + 1);
    /* A small send buffer: a phone that stops reading fills it after a few states and
     * is then dropped (STALL_MS) instead of holding the kernel's memory. */
    int sndbuf = SEND_BUFFER;
    setsockopt(lws_get_socket_fd(wsi), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    c->next = r->conns;
    r->conns = c;
    update_status(r);
    /* The first message: the challenge its hello proves a device with. */
    if (pair_challenge(c->challenge) == 0) {
        char *text = proto_challenge_json(c->challenge);
        if (text) enqueue(r, c, out_new(text, c->id));
        free(text);
    } else {
        c->challenge_used = true;
    }
    if (r->state) want_write(c);
}

static void conn_close(remote *r, conn *c)
{
    for (conn **p = &r->conns; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            break;
        }
    }
    free_msgs(c->q_head);
    c->q_head = c->q_tail = NULL;
    bool asked = c->asking;
    c->asking = false;
    update_status(r);
    if (r->controllers == 0)
        for (conn *a = r->conns; a; a = a->next)
            if (a->asking) answer_ask(r, a, PROTO_E_NO_CONTROLLER, NULL);
    if (asked) tell_asks(r, NULL);
    note_given(r);
}

static conn *find_conn(remote *r, uint64_t id)
{
    for (conn *c = r->conns; c; c = c->next)
        if (c->id == id) return c;
    return NULL;
}

/* The main thread left something in the outbox, or asked for a revocation. */
static void take_outbox(remote *r)
{
    pthread_mutex_lock(&r->lock);
    void *state = r->new_state;
    uint64_t seq = r->new_seq;
    out_msg *replies = r->rep_head;
    bool revoke = r->revoke, open = r->open_asked;
    r->new_state = NULL;
    r->rep_head = r->rep_tail = NULL;
    r->revoke = r->open_asked = false;
    pthread_mutex_unlock(&r->lock);

    if (state) {
        proto_state_free(r->state);
        r->state = state;
        r->seq = seq;
    }
    while (replies) {
        out_msg *m = replies;
        replies = m->next;
        m->next = NULL;
        conn *c = find_conn(r, m->client);
        if (c)
            enqueue(r, c, m);
        else
            free(m); /* the phone has gone */
    }
    if (revoke) {
        pair_revoke_all(r->pair);
        for (conn *c = r->conns; c; c = c->next)
            set_role(r, c, false);
        update_status(r);
        lwsl_user("remote: every paired phone was forgotten\n");
    }
    if (open) {
        r->open_until = clock_now_ms() + OPEN_MS;
        update_status(r);
        schedule_housekeeping(r); /* its countdown, every second */
        lwsl_user("remote: the projector shows the pairing code for a minute\n");
    }
    if (state || revoke) {
        for (conn *c = r->conns; c; c = c->next)
            if (state_stale(r, c)) want_write(c);
        note_given(r);
    }
}

static void housekeeping(lws_sorted_usec_list_t *sul);

/* The next housekeeping: every second while the code's minute counts down on the
 * projector or refusals wait to be told, else every few seconds (an idle console
 * wakes seldom). */
static void schedule_housekeeping(remote *r)
{
    bool soon = r->open_until || r->refused_conns || r->refused_hosts;
    int ms = soon ? COUNTDOWN_MS : HOUSEKEEPING_MS;
    lws_sul_schedule(r->ctx, 0, &r->sul, housekeeping, (lws_usec_t)ms * LWS_US_PER_MS);
}

static void housekeeping(lws_sorted_usec_list_t *sul)
{
    remote *r = lws_container_of(sul, remote, sul);
    int64_t now = clock_now_ms();
    for (conn *c = r->conns; c; c = c->next)
        if (c->waiting_since && now - c->waiting_since > (int64_t)STALL_MS * clock_rate())
            drop(r, c, "it stopped reading"); /* real time, under the clock's test hook too */
    if (now - r->address_checked >= ADDRESS_CHECK_MS - COUNTDOWN_MS / 2) {
        r->address_checked = now;
        char url[sizeof r->url];
        find_url(r->port, url, sizeof url);
        if (strcmp(url, r->url)) snprintf(r->url, sizeof r->url, "%s", url);
        find_hosts(r);
    }
    update_status(r); /* the code's minute may be over */
    tell_refusals(r, now);
    schedule_housekeeping(r);
}

static int on_phone(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len)
{
    remote *r = lws_context_user(lws_get_context(wsi));
    conn *c = user;
    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: return refuse(r, wsi) ? -1 : 0;
    case LWS_CALLBACK_ESTABLISHED: conn_open(r, c, wsi); break;
    case LWS_CALLBACK_CLOSED: conn_close(r, c); break;
    case LWS_CALLBACK_RECEIVE: conn_receive(r, c, in, len); break;
    case LWS_CALLBACK_SERVER_WRITEABLE: return conn_write(r, c);
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED: take_outbox(r); break;
    default: break;
    }
    return 0;
}

/* Plain HTTP (the page), and every connection's accept and close; a websocket that
 * asks for no subprotocol lands here and is refused. */
static int on_http(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                   size_t len)
{
    remote *r = lws_context_user(lws_get_context(wsi));
    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: return -1;
    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: return accept_peer(r, (int)(intptr_t)in) ? 0 : -1;
    case LWS_CALLBACK_DEL_POLL_FD: release_peer(r, ((struct lws_pollargs *)in)->fd); return 0;
    case LWS_CALLBACK_FILTER_HTTP_CONNECTION:
        if (request_ours(r, wsi)) return 0;
        count_refusal(r, &r->refused_hosts);
        lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, NULL);
        return -1;
    default: return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

static void *service_main(void *arg)
{
    remote *r = arg;
    prctl(PR_SET_NAME, "nurture-remote"); /* so it can be told apart (and measured) */
    schedule_housekeeping(r);
    while (!atomic_load(&r->stop))
        if (lws_service(r->ctx, 0) < 0) break;
    return NULL;
}

/* --- The main thread's side ----------------------------------------------------------- */

static void log_line(int level, const char *line)
{
    (void)level;
    fprintf(stderr, "nurture: %s", line);
}

remote *remote_create(const remote_config *cfg, char *err, size_t errlen)
{
    lws_set_log_level(LLL_ERR | LLL_WARN | LLL_USER, log_line);
    remote *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    r->wake = cfg->wake;
    r->wake_ctx = cfg->wake_ctx;
    r->port = cfg->port;
    char pair_err[256];
    r->pair = pair_create(cfg->state_dir, cfg->pin, pair_err, sizeof pair_err);
    if (!r->pair) {
        snprintf(err, errlen, "%s", pair_err);
        goto fail;
    }
    if (pair_err[0]) fprintf(stderr, "nurture: %s\n", pair_err);
    size_t n = strlen(cfg->media_dir ? cfg->media_dir : ".") + sizeof "/remote";
    r->origin = malloc(n);
    bool printed = true;
    for (int i = 0; i < 4; i++)
        printed &= (r->printed[i].buf = malloc(STATE_BUF)) != NULL;
    if (!r->origin || !printed) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    snprintf(r->origin, n, "%s/remote", cfg->media_dir ? cfg->media_dir : ".");
    /* Room for every connection we let in below the open-files limit, so accept never
     * fails (a failing accept is retried at once, for ever). */
    struct rlimit nofile = {.rlim_cur = 1024};
    getrlimit(RLIMIT_NOFILE, &nofile);
    r->fd_cap = nofile.rlim_cur > 32767 ? 32767 : (int)nofile.rlim_cur;
    r->max_conns = r->fd_cap / 2 - 32 < MAX_CONNS ? r->fd_cap / 2 - 32 : MAX_CONNS;
    if (r->max_conns < MAX_PER_ADDR) r->max_conns = MAX_PER_ADDR;
    r->peers = calloc((size_t)r->max_conns, sizeof *r->peers);
    r->fd_peer = malloc((size_t)r->fd_cap * sizeof *r->fd_peer);
    if (!r->peers || !r->fd_peer) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    for (int i = 0; i < r->fd_cap; i++)
        r->fd_peer[i] = -1;

    r->protocols[0] = (struct lws_protocols){.name = "http", .callback = on_http};
    r->protocols[1] = (struct lws_protocols){
        .name = PROTO_SUBPROTOCOL,
        .callback = on_phone,
        .per_session_data_size = sizeof(conn),
        .rx_buffer_size = PROTO_MAX_MESSAGE,
        /* A state goes to the socket in one send (left 0, lws would cut every send to
         * rx_buffer_size: a 5 KB state in five pieces, each waiting for its own turn of
         * the service loop, 50 phones' pieces interleaved). */
        .tx_packet_size = STATE_BUF,
    };
    r->mimes[0] = (struct lws_protocol_vhost_options){
        .next = &r->mimes[1], .name = ".webmanifest", .value = "application/manifest+json"};
    r->mimes[1] = (struct lws_protocol_vhost_options){
        .next = &r->mimes[2], .name = ".svg", .value = "image/svg+xml"};
    r->mimes[2] = (struct lws_protocol_vhost_options){.name = ".json", .value = "application/json"};
    r->mount = (struct lws_http_mount){
        .mountpoint = "/",
        .mountpoint_len = 1,
        .origin = r->origin,
        .def = "index.html",
        .origin_protocol = LWSMPRO_FILE,
        .extra_mimetypes = r->mimes,
        .cache_max_age = 0,
        .cache_revalidate = 1,
    };
    r->retry = (lws_retry_bo_t){
        .secs_since_valid_ping = PING_SECS,
        .secs_since_valid_hangup = HANGUP_SECS,
    };
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = cfg->port;
    info.protocols = r->protocols;
    info.mounts = &r->mount;
    info.user = r;
    info.vhost_name = "nurture";
    info.retry_and_idle_policy = &r->retry;
    info.timeout_secs = 10;
    info.fd_limit_per_thread = (unsigned)r->fd_cap;
    info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
                   LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
    r->ctx = lws_create_context(&info);
    if (!r->ctx) {
        snprintf(err, errlen, "cannot serve the phone page on port %d (is it in use?)", cfg->port);
        goto fail;
    }
    /* Port 0 asks the system for any free port: learn which one it gave. */
    r->port = lws_get_vhost_listen_port(lws_get_vhost_by_name(r->ctx, "nurture"));
    find_url(r->port, r->url, sizeof r->url);
    find_hosts(r);
    r->address_checked = clock_now_ms();
    update_status(r);
    if (pthread_create(&r->thread, NULL, service_main, r) != 0) {
        snprintf(err, errlen, "cannot start the remote thread");
        goto fail;
    }
    r->thread_started = true;
    return r;
fail:
    remote_destroy(r);
    return NULL;
}

void remote_destroy(remote *r)
{
    if (!r) return;
    atomic_store(&r->closing, true);
    if (r->thread_started) {
        atomic_store(&r->stop, true);
        lws_cancel_service(r->ctx);
        pthread_join(r->thread, NULL);
    }
    /* The remote thread has stopped: destroying the context here closes every
     * connection (their CLOSED callbacks run on this thread). */
    if (r->ctx) lws_context_destroy(r->ctx);
    proto_state_free(r->state);
    proto_state_free(r->new_state);
    free_msgs(r->rep_head);
    pair_destroy(r->pair);
    free(r->origin);
    free(r->peers);
    free(r->fd_peer);
    for (int i = 0; i < 4; i++)
        free(r->printed[i].buf);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

bool remote_next_command(remote *r, remote_cmd *cmd)
{
    if (!r) return false;
    pthread_mutex_lock(&r->lock);
    bool got = r->in_len > 0;
    if (got) {
        *cmd = r->inbox[r->in_head];
        r->in_head = (r->in_head + 1) % INBOX_CAP;
        r->in_len--;
    }
    pthread_mutex_unlock(&r->lock);
    return got;
}

void remote_reply(remote *r, const remote_cmd *cmd, int error, const char *message)
{
    if (!r || !cmd) return;
    proto_reply rp = {
        .has_id = cmd->id >= 0,
        .id = cmd->id,
        .error = proto_error_from_session(error),
        .message = error ? message : NULL,
    };
    char *text = proto_reply_json(&rp);
    out_msg *m = text ? out_new(text, cmd->client) : NULL;
    free(text);
    if (!m) return;
    pthread_mutex_lock(&r->lock);
    if (r->rep_tail)
        r->rep_tail->next = m;
    else
        r->rep_head = m;
    r->rep_tail = m;
    pthread_mutex_unlock(&r->lock);
    lws_cancel_service(r->ctx);
}

void remote_publish(remote *r, const session *s, const audio_status *au, bool blank,
                    const char *summary, int64_t now_ms)
{
    if (!r || !s) return;
    atomic_store(&r->clock_offset, now_ms - clock_now_ms());
    proto_fingerprint fp;
    proto_fingerprint_of(&fp, s, au, blank, summary, now_ms);
    if (r->published && !memcmp(&fp, &r->fp, sizeof fp)) return;
    void *state = proto_state_build(s, au, blank, summary, now_ms, r->pub_seq + 1);
    if (!state) return;
    r->fp = fp;
    r->published = true;
    r->pub_seq++;
    pthread_mutex_lock(&r->lock);
    void *old = r->new_state;
    r->new_state = state;
    r->new_seq = r->pub_seq;
    pthread_mutex_unlock(&r->lock);
    proto_state_free(old);
    lws_cancel_service(r->ctx);
}

void remote_wait_sent(remote *r, int idle_ms, int max_ms)
{
    if (!r) return;
    int64_t now = clock_now_ms(), until = now + max_ms, quiet_until = now + idle_ms;
    uint_fast64_t handed = atomic_load(&r->handed);
    while (atomic_load(&r->given) < r->pub_seq && now < until && now < quiet_until) {
        struct timespec nap = {0, 200000}; /* 0.2 ms */
        nanosleep(&nap, NULL);
        now = clock_now_ms();
        uint_fast64_t h = atomic_load(&r->handed);
        if (h != handed) { /* a phone was given it: the others follow */
            handed = h;
            quiet_until = now + idle_ms;
        }
    }
}

void remote_revoke_all(remote *r)
{
    if (!r) return;
    pthread_mutex_lock(&r->lock);
    r->revoke = true;
    pthread_mutex_unlock(&r->lock);
    lws_cancel_service(r->ctx);
}

void remote_open_pairing(remote *r)
{
    if (!r) return;
    pthread_mutex_lock(&r->lock);
    r->open_asked = true;
    pthread_mutex_unlock(&r->lock);
    lws_cancel_service(r->ctx);
}

void remote_get_status(const remote *r, remote_status *st)
{
    if (!r) {
        memset(st, 0, sizeof(*st));
        return;
    }
    remote *w = (remote *)r; /* the lock is not part of the status */
    pthread_mutex_lock(&w->lock);
    *st = r->status;
    pthread_mutex_unlock(&w->lock);
}
