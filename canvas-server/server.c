/* The canvas server's daemon: libmicrohttpd with epoll and a thread pool,
 * the limits of docs/reliability.md, and the path of every request: checks
 * before the body (length, origin, token), the body, the route's handler,
 * then security headers on the response and one access-log line. */
#define _XOPEN_SOURCE 700    /* realpath() */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http.h"

void aw_server_config_init(aw_server_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->address = "127.0.0.1";
    cfg->port = 8080;
    /* A save waits for its commit without holding a thread (the connection
     * is suspended), so threads only parse, check and answer; 16 measured
     * no worse than 4 for reads and saves, and a large diagram being
     * checked holds up fewer connections. */
    cfg->threads = 16;
    cfg->max_body = 8u * 1024u * 1024u;
    cfg->max_bodies = 256u * 1024u * 1024u;
    cfg->max_url = 2048;
    cfg->max_connections = 1024;    /* libmicrohttpd shares it out among the worker threads */
    cfg->max_per_ip = 64;
    cfg->connection_memory = 64u * 1024u;
    cfg->idle_timeout_s = 30;
    cfg->request_timeout_s = 30;
    cfg->max_streams = 256;
    cfg->session_ttl_s = 12 * 3600;     /* a working day: sign in once in the morning */
    cfg->max_sessions = 1024;
    cfg->keepalive_s = 15;
    cfg->sim_workers = 1;           /* of two cores, one stays with the requests */
    cfg->sim_max_jobs = 8;
    cfg->sim_seconds = 120;
    cfg->sim_max_duration_s = 3600;
    cfg->sim_max_rps = 1e6;
    cfg->sim_max_requests = 1e9;    /* past 2e7 the fluid engine runs: time grows with duration, not requests */
}

/* ---- checks before the body ---- */

static bool S_changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

/* A state-changing request from a page of another origin is refused: its
 * Origin must name this very host (over http, or https through a proxy that
 * ends TLS), and browsers that say so must not call it cross-site.
 * Requests without either header come from programs. */
static bool S_same_origin(aw_request *rq)
{
    const char *site = aw_request_header(rq, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return false;
    const char *origin = aw_request_header(rq, "Origin");
    if (!origin)
        return true;
    const char *host = aw_request_header(rq, "Host");
    const char *rest = strncmp(origin, "http://", 7) == 0    ? origin + 7
                       : strncmp(origin, "https://", 8) == 0 ? origin + 8
                                                              : NULL;
    return host && rest && strcmp(rest, host) == 0;
}

static bool S_needs_token(const char *url)
{
    return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0 || strcmp(url, "/metrics") == 0;
}

/* What a request is refused for before its body is read: 0 if nothing. */
static unsigned S_refusal(aw_request *rq, aw_reply *rp)
{
    aw_server *srv = rq->srv;
    const char *length = aw_request_header(rq, "Content-Length");
    if (length && strtoull(length, NULL, 10) > srv->cfg.max_body)
        return aw_reply_problem(rp, 413, "the body is larger than %zu bytes", srv->cfg.max_body), 413;
    if (S_changes_state(rq->method) && !S_same_origin(rq))
        return aw_reply_problem(rp, 403, "requests that change diagrams must come from this server's own pages"), 403;
    if (S_needs_token(rq->url) && !aw_request_authorised(rq))
        return aw_reply_problem(rp, 401, "this server needs 'Authorization: Bearer TOKEN' or a session from POST /api/session"), 401;
    return 0;
}

/* ---- responses ---- */

static const char S_csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                            "frame-ancestors 'none'";

static const char *const S_security_headers[][2] = {
    {"Content-Security-Policy", S_csp},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
};

static enum MHD_Result S_queue(aw_request *rq, aw_reply *rp)
{
    struct MHD_Response *r = rp->raw;
    if (!r) {
        size_t len = rp->body.len;
        char *data = aw_strbuf_detach(&rp->body, &len);
        r = MHD_create_response_from_buffer(len, data ? data : (char *)"", data ? MHD_RESPMEM_MUST_FREE
                                                                               : MHD_RESPMEM_PERSISTENT);
        rq->bytes_out = len;
        MHD_add_response_header(r, "Content-Type", rp->type ? rp->type : "application/json");
    }
    for (size_t i = 0; i < sizeof S_security_headers / sizeof S_security_headers[0]; i++)
        MHD_add_response_header(r, S_security_headers[i][0], S_security_headers[i][1]);
    MHD_add_response_header(r, "Cache-Control", rp->cache ? rp->cache : "no-store");
    if (rp->etag[0])
        MHD_add_response_header(r, "ETag", rp->etag);
    if (rp->location[0])
        MHD_add_response_header(r, "Location", rp->location);
    if (rp->allow)
        MHD_add_response_header(r, "Allow", rp->allow);
    if (rp->cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rp->cookie);
    rq->status = rp->status;
    enum MHD_Result ok = MHD_queue_response(rq->conn, rp->status, r);
    MHD_destroy_response(r);
    return ok;
}

void aw_request_defer(aw_request *rq, aw_reply *rp, void (*finish)(aw_request *, aw_reply *), void *pending,
                      void (*pending_free)(void *))
{
    rq->finish = finish, rq->pending = pending, rq->pending_free = pending_free;
    rp->deferred = true;
}

void aw_request_wake(aw_request *rq)
{
    aw_server *srv = rq->srv;   /* once resumed, rq may end and be freed at any moment */
    pthread_mutex_lock(&srv->wake_lock);
    rq->woken = true;
    if (rq->suspended)
        MHD_resume_connection(rq->conn);
    pthread_mutex_unlock(&srv->wake_lock);
}

/* Suspends a deferred reply's connection unless it was woken already;
 * true when it was (the reply can be finished now). */
static bool S_suspend_unless_woken(aw_request *rq)
{
    pthread_mutex_lock(&rq->srv->wake_lock);
    bool woken = rq->woken;
    if (!woken) {
        MHD_suspend_connection(rq->conn);
        rq->suspended = true;
    }
    pthread_mutex_unlock(&rq->srv->wake_lock);
    return woken;
}

static void S_dispatch(aw_request *rq, aw_reply *rp)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", rq->url);
    char allow[128] = "";
    rq->route = aw_http_route_match(rq, path, allow, sizeof allow);
    if (rq->route >= 0) {
        aw_http_routes[rq->route].handler(rq, rp);
    } else if (rq->route == AW_ROUTE_WRONG_METHOD && strcmp(rq->method, "OPTIONS") == 0) {
        rp->status = 204;
        rp->allow = strdup(allow);
    } else if (rq->route == AW_ROUTE_WRONG_METHOD) {
        aw_reply_problem(rp, 405, "%s is not allowed here; allowed: %s", rq->method, allow);
        rp->allow = strdup(allow);
    } else if (strncmp(rq->url, "/api/", 5) != 0 && (!strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD"))) {
        aw_api_static(rq, rp);
    } else {
        aw_reply_problem(rp, 404, "no such resource");
    }
}

/* What the raw request target said, before MHD decoded it: the one place
 * that sees it whole (with its query) and undecoded. The answer travels to
 * the first call of S_answer() as the request's state, without allocating,
 * so that a connection that dies before its handler runs leaks nothing. */
static char S_target_too_long, S_target_has_nul;

static void *S_target_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    aw_server *srv = cls;
    if (strlen(uri) > srv->cfg.max_url)
        return &S_target_too_long;
    return strstr(uri, "%00") ? &S_target_has_nul : NULL;
}

static enum MHD_Result S_answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)version;
    aw_server *srv = cls;
    aw_request *rq = *state;
    aw_reply rp = {.status = 200};
    if (!rq || *state == &S_target_too_long || *state == &S_target_has_nul) {
        void *target = *state;
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *state = rq;
        *rq = (aw_request){.srv = srv, .conn = conn, .method = method, .url = url, .route = AW_ROUTE_NONE, .started = aw_now_s()};
        pthread_mutex_lock(&srv->active_lock);
        srv->active++;
        pthread_mutex_unlock(&srv->active_lock);
        if (target == &S_target_too_long)
            return aw_reply_problem(&rp, 414, "the request target is longer than %zu bytes", srv->cfg.max_url),
                   S_queue(rq, &rp);
        if (target == &S_target_has_nul)
            return aw_reply_problem(&rp, 400, "the request target holds a NUL byte"), S_queue(rq, &rp);
        return S_refusal(rq, &rp) ? S_queue(rq, &rp) : MHD_YES;
    }
    if (rq->finish) {     /* resumed: what the deferred reply waited for is there */
        rq->finish(rq, &rp);
        enum MHD_Result ok = S_queue(rq, &rp);
        aw_strbuf_free(&rp.body);
        return ok;
    }
    if (*upload_size) {
        /* Bodies are held whole (a diagram is checked as one text), so the
         * memory they take is bounded per request and for all together;
         * once refused, the rest of a body is read and dropped. */
        size_t n = *upload_size;
        if (rq->too_large || rq->too_busy) {
            /* refused already: the rest is dropped */
        } else if (rq->body.len + n > srv->cfg.max_body) {
            rq->too_large = true;
        } else if (atomic_fetch_add(&srv->body_bytes, n) + n > srv->cfg.max_bodies) {
            atomic_fetch_sub(&srv->body_bytes, n);
            rq->too_busy = true;
        } else {
            aw_strbuf_put(&rq->body, upload, n);
        }
        if (aw_now_s() - rq->started > srv->cfg.request_timeout_s)
            rq->timed_out = true;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large)
        aw_reply_problem(&rp, 413, "the body is larger than %zu bytes", srv->cfg.max_body);
    else if (rq->too_busy)
        aw_reply_problem(&rp, 503, "the server holds too many request bodies now; try again shortly");
    else if (rq->timed_out)
        aw_reply_problem(&rp, 408, "the body took longer than %u s to arrive", srv->cfg.request_timeout_s);
    else
        S_dispatch(rq, &rp);
    if (rp.deferred && !S_suspend_unless_woken(rq))
        return MHD_YES;
    if (rp.deferred)
        rq->finish(rq, &rp);
    enum MHD_Result ok = S_queue(rq, &rp);
    free((char *)rp.allow);
    aw_strbuf_free(&rp.body);
    return ok;
}

/* One access-log line per request, then the request's state is freed. */
static void S_completed(void *cls, struct MHD_Connection *conn, void **state, enum MHD_RequestTerminationCode why)
{
    (void)conn;
    aw_server *srv = cls;
    aw_request *rq = *state;
    if (!rq)
        return;
    double seconds = aw_now_s() - rq->started;
    aw_metrics_request(&srv->metrics, rq->route, rq->status, seconds);
    if (srv->cfg.access_log) {
        aw_strbuf line = AW_STRBUF_INIT;
        aw_strbuf_printf(&line, "{\"ts\": %.3f, ", (double)aw_store_now_ms() / 1000.0);
        aw_json_key(&line, "method");
        aw_json_str(&line, rq->method);
        aw_strbuf_puts(&line, ", ");
        aw_json_key(&line, "path");
        aw_json_str(&line, rq->url);
        aw_strbuf_printf(&line, ", \"route\": ");
        aw_json_str(&line, rq->route >= 0 ? aw_http_routes[rq->route].pattern : NULL);
        aw_strbuf_printf(&line, ", \"status\": %u, \"bytes_in\": %zu, \"bytes_out\": %zu, \"ms\": %.3f, "
                                "\"completed\": %s}\n",
                         rq->status, rq->body.len, rq->bytes_out, seconds * 1000.0,
                         why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "true" : "false");
        aw_server_log(srv, line.data, line.len);
        aw_strbuf_free(&line);
    }
    atomic_fetch_sub(&srv->body_bytes, rq->body.len);
    aw_strbuf_free(&rq->body);
    if (rq->pending_free)
        rq->pending_free(rq->pending);
    free(rq);
    *state = NULL;
    pthread_mutex_lock(&srv->active_lock);
    srv->active--;
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->active_lock);
}

/* libmicrohttpd's own complaints (malformed requests, refused connections)
 * go to the same log as the requests, as JSON lines. */
static void S_mhd_log(void *cls, const char *fmt, va_list ap)
{
    aw_server *srv = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    aw_strbuf line = AW_STRBUF_INIT;
    aw_strbuf_puts(&line, "{\"event\": \"http-error\", ");
    aw_json_key(&line, "message");
    aw_json_str(&line, msg);
    aw_strbuf_puts(&line, "}\n");
    aw_server_log(srv, line.data, line.len);
    aw_strbuf_free(&line);
}

/* ---- changes from other instances ---- */

/* A change any instance made (PostgreSQL's NOTIFY), told to the streams. */
static void S_store_changed(void *ctx, int64_t id, int64_t revision)
{
    aw_server *srv = ctx;
    char data[160];
    if (revision == 0) {
        snprintf(data, sizeof data, "{\"diagram\": %lld, \"revision\": 0, \"errors\": 0, \"warnings\": 0}",
                 (long long)id);
        aw_events_publish(srv->events, id, "deleted", data);
        return;
    }
    aw_revision r;
    if (aw_store_get(srv->store, id, revision, &r) == AW_STORE_OK) {
        snprintf(data, sizeof data, "{\"diagram\": %lld, \"revision\": %lld, \"errors\": %d, \"warnings\": %d}",
                 (long long)id, (long long)revision, r.errors, r.warnings);
        aw_events_publish(srv->events, id, "saved", data);
    }
    aw_revision_free(&r);
}

/* ---- start and stop ---- */

static bool S_bind_address(const aw_server_config *cfg, struct sockaddr_storage *sa, bool *v6)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
    if (inet_pton(AF_INET, cfg->address, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons(cfg->port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, cfg->address, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(cfg->port);
        *v6 = true;
        return true;
    }
    return false;
}

aw_server *aw_server_start(const aw_server_config *cfg, aw_store *store, char *err, size_t err_size)
{
    struct sockaddr_storage sa;
    bool v6;
    if (!S_bind_address(cfg, &sa, &v6)) {
        snprintf(err, err_size, "'%s' is not a numeric IPv4 or IPv6 address", cfg->address);
        return NULL;
    }
    aw_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        abort();
    srv->cfg = *cfg;
    srv->store = store;
    if (cfg->web_dir && !(srv->web_root = realpath(cfg->web_dir, NULL))) {
        snprintf(err, err_size, "--web %s: no such directory", cfg->web_dir);
        free(srv);
        return NULL;
    }
    srv->prices_ok = aw_price_list_load_builtin(&srv->prices);
    srv->events = aw_events_new(cfg->keepalive_s, cfg->max_streams);
    srv->sessions = aw_sessions_new(cfg->session_ttl_s, cfg->max_sessions);
    srv->store_tells = aw_store_watch(store, S_store_changed, srv);
    if (!srv->store_tells) {
        /* The database's only server: runs left queued or running by the
         * previous one (killed, or the machine stopped) can never end. */
        aw_run_input gone = {.state = "failed", .result = "{\"error\": \"the server stopped before the run ended\"}"};
        aw_store_runs_abandon(store, &gone);
    }
    srv->sims = aw_sim_jobs_new(store, srv->events, cfg->sim_workers, cfg->sim_max_jobs, cfg->sim_seconds);
    pthread_mutex_init(&srv->log_lock, NULL);
    pthread_mutex_init(&srv->active_lock, NULL);
    pthread_mutex_init(&srv->wake_lock, NULL);
    pthread_cond_init(&srv->idle, NULL);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, S_answer, srv, MHD_OPTION_EXTERNAL_LOGGER, S_mhd_log, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->connection_memory, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)cfg->idle_timeout_s, MHD_OPTION_NOTIFY_COMPLETED, S_completed, srv, MHD_OPTION_URI_LOG_CALLBACK, S_target_seen, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, err_size, "cannot listen on %s port %u (in use, or not an address of this machine)",
                 cfg->address, (unsigned)cfg->port);
        aw_server_stop(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    return srv;
}

uint16_t aw_server_port(const aw_server *srv)
{
    return srv->port;
}

void aw_server_stop(aw_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon) {
        MHD_quiesce_daemon(srv->daemon);
        aw_events_close_all(srv->events);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 5;
        pthread_mutex_lock(&srv->active_lock);
        while (srv->active > aw_events_open(srv->events)
               && pthread_cond_timedwait(&srv->idle, &srv->active_lock, &until) == 0)
            ;
        pthread_mutex_unlock(&srv->active_lock);
        MHD_stop_daemon(srv->daemon);
    }
    if (srv->store_tells)
        aw_store_watch(srv->store, NULL, NULL);     /* the store outlives this server */
    aw_sim_jobs_free(srv->sims);    /* before the events its workers publish to */
    aw_events_free(srv->events);
    aw_sessions_free(srv->sessions);
    aw_price_list_free(&srv->prices);
    pthread_mutex_destroy(&srv->log_lock);
    pthread_mutex_destroy(&srv->active_lock);
    pthread_mutex_destroy(&srv->wake_lock);
    pthread_cond_destroy(&srv->idle);
    free(srv->web_root);
    free(srv);
}
