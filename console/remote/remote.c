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
#include <sys/socket.h>
#include <time.h>

#include "remote/pair.h"
#include "remote/proto.h"
#include "platform/clock.h"

#define INBOX_CAP        128  /* commands waiting for the main thread */
#define REPLY_QUEUE_MAX  32   /* replies waiting for one phone before it is dropped */
#define STALL_MS         8000 /* a phone that takes no data this long is dropped */
#define PING_SECS        5    /* ping a phone that has been quiet this long */
#define HANGUP_SECS      12   /* hang up on a phone quiet this long (no pong) */
#define HOUSEKEEPING_MS  1000 /* how often stalls are looked for */
#define ADDRESS_CHECK_MS 5000 /* how often the LAN address is looked up again */
#define STATE_BUF        (256 * 1024)
#define REPRINT_MS       20 /* a state printed this long ago is printed again (its `now`) */
#define SEND_BUFFER      (32 * 1024) /* the kernel's send buffer per phone (it doubles it) */

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
    out_msg *q_head, *q_tail; /* replies to send, oldest first */
    int q_len;
    bool sent_any, sent_controller; /* the state it has: seq and role */
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
    _Atomic int64_t clock_offset; /* the console's clock minus CLOCK_MONOTONIC, ms */

    pthread_mutex_t lock;
    /* Protected by lock. */
    remote_cmd inbox[INBOX_CAP];
    size_t in_head, in_len;
    void *new_state; /* a state tree not yet taken by the remote thread */
    uint64_t new_seq;
    out_msg *rep_head, *rep_tail; /* replies from the main thread */
    bool revoke;
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
    /* The state as printed for a follower [0] and a controller [1] (STATE_BUF bytes,
     * the text after LWS_PRE): one print serves every phone of a broadcast. */
    struct printed {
        char *buf;
        int len;
        uint64_t seq;
        int64_t at; /* when printed: its `now`; printed again after REPRINT_MS */
        bool valid;
    } printed[2];

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
    snprintf(st.code, sizeof st.code, "%s", pair_code(r->pair));
    snprintf(st.url, sizeof st.url, "%s", r->url);
    snprintf(st.pair_url, sizeof st.pair_url, "%s?pair=%s", r->url, pair_qr_token(r->pair));
    pthread_mutex_lock(&r->lock);
    bool changed = memcmp(&st, &r->status, sizeof st) != 0;
    r->status = st;
    pthread_mutex_unlock(&r->lock);
    if (changed) wake_main(r); /* so the projector shows it */
}

/* --- Sending (remote thread) --------------------------------------------------------- */

static bool state_stale(const remote *r, const conn *c)
{
    return r->state &&
           (!c->sent_any || c->sent_seq != r->seq || c->sent_controller != c->controller);
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

static void reply(remote *r, conn *c, const proto_msg *m, proto_error e, const char *device)
{
    proto_reply rp = {
        .has_id = m->has_id,
        .id = m->id,
        .error = e,
        .device = device,
        .role = m->type == PROTO_CMD && e == PROTO_OK ? NULL
                                                      : (c->controller ? "controller" : "follower"),
    };
    char *text = proto_reply_json(&rp);
    if (!text) return;
    enqueue(r, c, out_new(text, c->id));
    free(text);
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
        struct printed *p = &r->printed[c->controller];
        int64_t now = clock_now_ms();
        if (!p->valid || p->seq != r->seq || now - p->at > REPRINT_MS) {
            p->len = proto_state_print(r->state, console_ms(r), c->controller, p->buf + LWS_PRE,
                                       STATE_BUF - LWS_PRE);
            p->seq = r->seq;
            p->at = now;
            p->valid = true;
        }
        char *text = p->buf + LWS_PRE;
        int len = p->len;
        c->sent_any = true;
        c->sent_seq = r->seq;
        c->sent_controller = c->controller;
        if (len < 0) {
            lwsl_err("remote: the class state is too large to send\n");
        } else if (lws_write(c->wsi, (unsigned char *)text, (size_t)len, LWS_WRITE_TEXT) < len) {
            return -1;
        }
    }
    if (c->q_head || state_stale(r, c)) want_write(c);
    return 0;
}

/* --- Receiving (remote thread) ------------------------------------------------------- */

static void set_role(remote *r, conn *c, bool controller)
{
    if (c->controller == controller) return;
    c->controller = controller;
    update_status(r);
    if (state_stale(r, c)) want_write(c);
}

static void on_pair(remote *r, conn *c, const proto_msg *m)
{
    char device[PAIR_DEVICE_LEN + 1];
    int64_t now = clock_now_ms();
    int rc = m->code[0] ? pair_with_code(r->pair, c->addr, m->code, now, device)
                        : pair_with_token(r->pair, c->addr, m->token, now, device);
    if (rc == PAIR_LIMITED) {
        reply(r, c, m, PROTO_E_TOO_MANY_TRIES, NULL);
        return;
    }
    if (rc != PAIR_OK) {
        reply(r, c, m, PROTO_E_WRONG_CODE, NULL);
        return;
    }
    lwsl_user("remote: phone %s paired\n", c->addr);
    set_role(r, c, true); /* the reply, sent before the state, names the new role */
    reply(r, c, m, PROTO_OK, device);
    update_status(r); /* a fresh code and QR token */
}

static void on_command(remote *r, conn *c, proto_msg *m)
{
    if (!c->controller) {
        reply(r, c, m, PROTO_E_NOT_PAIRED, NULL);
        return;
    }
    m->cmd.client = c->id;
    m->cmd.id = m->has_id ? m->id : -1;
    pthread_mutex_lock(&r->lock);
    bool full = r->in_len == INBOX_CAP;
    if (!full) r->inbox[(r->in_head + r->in_len++) % INBOX_CAP] = m->cmd;
    pthread_mutex_unlock(&r->lock);
    if (full)
        reply(r, c, m, PROTO_E_BUSY, NULL);
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
        reply(r, c, &m, e, NULL);
        return;
    }
    switch (m.type) {
    case PROTO_HELLO:
        if (m.token[0] && !pair_knows_device(r->pair, m.token)) {
            set_role(r, c, false);
            reply(r, c, &m, PROTO_E_UNKNOWN_DEVICE, NULL);
        } else {
            if (m.token[0]) set_role(r, c, true);
            reply(r, c, &m, PROTO_OK, NULL);
        }
        break;
    case PROTO_PAIR: on_pair(r, c, &m); break;
    case PROTO_CMD: on_command(r, c, &m); break;
    }
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

/* Refuse a websocket that is not ours: another path, or a page from another site (a
 * browser always sends Origin; other programs may send anything, so they are let in
 * and still need pairing to control). */
static bool refuse(struct lws *wsi)
{
    char uri[16], origin[256], host[256];
    if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0 || strcmp(uri, "/ws"))
        return true;
    int n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);
    if (n <= 0) return false;
    if (n >= (int)sizeof origin || lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0 ||
        lws_hdr_copy(wsi, host, sizeof host, WSI_TOKEN_HOST) <= 0)
        return true;
    if (proto_origin_allowed(origin, host)) return false;
    lwsl_user("remote: refused a page from %s\n", origin);
    return true;
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
    update_status(r);
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
    bool revoke = r->revoke;
    r->new_state = NULL;
    r->rep_head = r->rep_tail = NULL;
    r->revoke = false;
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
            c->controller = false;
        update_status(r);
        lwsl_user("remote: every paired phone was forgotten\n");
    }
    if (state || revoke) {
        for (conn *c = r->conns; c; c = c->next)
            if (state_stale(r, c)) want_write(c);
    }
}

static void housekeeping(lws_sorted_usec_list_t *sul)
{
    remote *r = lws_container_of(sul, remote, sul);
    int64_t now = clock_now_ms();
    for (conn *c = r->conns; c; c = c->next)
        if (c->waiting_since && now - c->waiting_since > STALL_MS) drop(r, c, "it stopped reading");
    if (now - r->address_checked >= ADDRESS_CHECK_MS) {
        r->address_checked = now;
        char url[sizeof r->url];
        find_url(r->port, url, sizeof url);
        if (strcmp(url, r->url)) {
            snprintf(r->url, sizeof r->url, "%s", url);
            update_status(r);
        }
    }
    lws_sul_schedule(r->ctx, 0, &r->sul, housekeeping, HOUSEKEEPING_MS * LWS_US_PER_MS);
}

static int on_phone(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len)
{
    remote *r = lws_context_user(lws_get_context(wsi));
    conn *c = user;
    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: return refuse(wsi) ? -1 : 0;
    case LWS_CALLBACK_ESTABLISHED: conn_open(r, c, wsi); break;
    case LWS_CALLBACK_CLOSED: conn_close(r, c); break;
    case LWS_CALLBACK_RECEIVE: conn_receive(r, c, in, len); break;
    case LWS_CALLBACK_SERVER_WRITEABLE: return conn_write(r, c);
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED: take_outbox(r); break;
    default: break;
    }
    return 0;
}

/* Plain HTTP (the page); a websocket that asks for no subprotocol lands here and is
 * refused. */
static int on_http(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                   size_t len)
{
    if (reason == LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION) return -1;
    return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static void *service_main(void *arg)
{
    remote *r = arg;
    lws_sul_schedule(r->ctx, 0, &r->sul, housekeeping, HOUSEKEEPING_MS * LWS_US_PER_MS);
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
    r->printed[0].buf = malloc(STATE_BUF);
    r->printed[1].buf = malloc(STATE_BUF);
    if (!r->origin || !r->printed[0].buf || !r->printed[1].buf) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    snprintf(r->origin, n, "%s/remote", cfg->media_dir ? cfg->media_dir : ".");
    find_url(r->port, r->url, sizeof r->url);
    r->address_checked = clock_now_ms();

    r->protocols[0] = (struct lws_protocols){.name = "http", .callback = on_http};
    r->protocols[1] = (struct lws_protocols){
        .name = PROTO_SUBPROTOCOL,
        .callback = on_phone,
        .per_session_data_size = sizeof(conn),
        .rx_buffer_size = PROTO_MAX_MESSAGE,
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
    info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
                   LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
    r->ctx = lws_create_context(&info);
    if (!r->ctx) {
        snprintf(err, errlen, "cannot serve the phone page on port %d (is it in use?)", cfg->port);
        goto fail;
    }
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
    free(r->printed[0].buf);
    free(r->printed[1].buf);
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

void remote_publish(remote *r, const session *s, const audio_status *au, bool blank, int64_t now_ms)
{
    if (!r || !s) return;
    atomic_store(&r->clock_offset, now_ms - clock_now_ms());
    proto_fingerprint fp;
    proto_fingerprint_of(&fp, s, au, blank, now_ms);
    if (r->published && !memcmp(&fp, &r->fp, sizeof fp)) return;
    void *state = proto_state_build(s, au, blank, now_ms, r->pub_seq + 1);
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

void remote_revoke_all(remote *r)
{
    if (!r) return;
    pthread_mutex_lock(&r->lock);
    r->revoke = true;
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
