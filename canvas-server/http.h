/* What the canvas server's parts share inside: the server's state, one
 * request and its reply, the route table's types, and the helpers that
 * write JSON and RFC 9457 problem documents. Nothing here leaves the room. */
#ifndef AW_HTTP_H
#define AW_HTTP_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../ir/strbuf.h"
#include "../sim/cost_prices.h"
#include "checking.h"
#include "events.h"
#include "metrics.h"
#include "server.h"
#include "sessions.h"
#include "sim_jobs.h"

struct aw_server {
    struct MHD_Daemon *daemon;
    aw_server_config cfg;
    aw_store *store;
    aw_events *events;
    aw_sessions *sessions;      /* browsers signed in with the token */
    aw_metrics metrics;
    aw_sim_jobs *sims;          /* simulation runs off the request threads */
    aw_price_list prices;       /* built-in list, loaded once for the cost artifact */
    bool prices_ok;
    bool store_tells;           /* the store reports every change (aw_store_watch) */
    uint16_t port;
    char *web_root;             /* realpath of cfg.web_dir, or NULL */
    pthread_mutex_t log_lock;
    pthread_mutex_t active_lock;
    pthread_cond_t idle;
    pthread_mutex_t wake_lock;  /* orders a deferred reply's suspend before its resume */
    unsigned active;            /* requests between arrival and completion */
    atomic_size_t body_bytes;   /* request bodies held in memory now */
};

/* A reply a handler fills; the dispatcher turns it into a response. */
typedef struct aw_reply {
    unsigned status;
    aw_strbuf body;
    const char *type;           /* Content-Type; NULL: application/json */
    const char *cache;          /* Cache-Control; NULL: no-store */
    char etag[64];              /* quoted, or empty */
    char location[96];          /* or empty */
    const char *allow;          /* for 405 and OPTIONS */
    char cookie[160];           /* Set-Cookie, or empty */
    struct MHD_Response *raw;   /* a response built by the handler (files, streams) */
    bool deferred;              /* aw_request_defer() was called: no reply yet */
} aw_reply;

#define AW_MAX_PARAMS 3

/* One request, from its first header to the completion callback. */
typedef struct aw_request {
    aw_server *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *url;
    aw_strbuf body;
    bool too_large;             /* body past max_body: read and dropped, then 413 */
    bool too_busy;              /* bodies in memory past max_bodies: dropped, then 503 */
    bool timed_out;
    int64_t ids[AW_MAX_PARAMS]; /* {n} segments of the route, in order */
    const char *word;           /* the {s} segment (a rule id, an artifact name) */
    char word_buf[128];
    int route;                  /* index in the route table, or one of aw_route_miss */
    double started;             /* monotonic seconds */
    unsigned status;
    size_t bytes_out;
    /* A reply that waits for something (a save's commit) without holding
     * the thread: see aw_request_defer(). */
    void (*finish)(struct aw_request *rq, aw_reply *rp);
    void (*pending_free)(void *pending);
    void *pending;
    bool suspended, woken;      /* guarded by srv->wake_lock */
} aw_request;

/* Leaves rp unanswered: the connection is suspended (its thread serves
 * others) until aw_request_wake(), then finish(rq, rp) builds the reply.
 * pending is the handler's, freed with pending_free when the request ends. */
void aw_request_defer(aw_request *rq, aw_reply *rp, void (*finish)(aw_request *, aw_reply *), void *pending,
                      void (*pending_free)(void *));
/* Called from any thread once what a deferred reply waits for is there. */
void aw_request_wake(aw_request *rq);

typedef void (*aw_handler)(aw_request *rq, aw_reply *rp);

/* What a request's route is when no row of the table answers it. */
typedef enum aw_route_miss {
    AW_ROUTE_NONE = -1,         /* no pattern matches (or refused before routing) */
    AW_ROUTE_WRONG_METHOD = -2, /* a pattern matches with another method */
    AW_ROUTE_STATIC = -3,       /* answered from the static files */
} aw_route_miss;

typedef struct aw_http_route {
    const char *method;
    const char *pattern;        /* "/api/diagrams/{n}/revisions/{n}"; {s}: one free segment */
    aw_handler handler;
    const char *summary;        /* for the index page */
} aw_http_route;

/* The route table (routes.c) and its length. */
extern const aw_http_route aw_http_routes[];
extern const size_t aw_http_route_count;

/* Finds the route of method and path; fills rq's parameters. Returns its
 * index, AW_ROUTE_NONE, or AW_ROUTE_WRONG_METHOD (allow then lists the
 * methods that path takes, comma-separated). */
int aw_http_route_match(aw_request *rq, const char *path, char *allow, size_t allow_size);

/* ---- handlers (one file per group) ---- */
void aw_api_health(aw_request *rq, aw_reply *rp);
void aw_api_metrics(aw_request *rq, aw_reply *rp);
void aw_api_index(aw_request *rq, aw_reply *rp);
void aw_api_static(aw_request *rq, aw_reply *rp);
void aw_api_diagrams_list(aw_request *rq, aw_reply *rp);
void aw_api_diagram_create(aw_request *rq, aw_reply *rp);
void aw_api_diagram_get(aw_request *rq, aw_reply *rp);
void aw_api_diagram_update(aw_request *rq, aw_reply *rp);
void aw_api_diagram_delete(aw_request *rq, aw_reply *rp);
void aw_api_revisions_list(aw_request *rq, aw_reply *rp);
void aw_api_revision_get(aw_request *rq, aw_reply *rp);
void aw_api_revision_restore(aw_request *rq, aw_reply *rp);
void aw_api_revisions_diff(aw_request *rq, aw_reply *rp);
void aw_api_findings(aw_request *rq, aw_reply *rp);
void aw_api_artifacts_list(aw_request *rq, aw_reply *rp);
void aw_api_artifact_get(aw_request *rq, aw_reply *rp);
void aw_api_events(aw_request *rq, aw_reply *rp);
void aw_api_check(aw_request *rq, aw_reply *rp);
void aw_api_rules_list(aw_request *rq, aw_reply *rp);
void aw_api_simulation_start(aw_request *rq, aw_reply *rp);
void aw_api_simulations_list(aw_request *rq, aw_reply *rp);
void aw_api_diagram_simulations(aw_request *rq, aw_reply *rp);
void aw_api_simulation_get(aw_request *rq, aw_reply *rp);
void aw_api_simulation_cancel(aw_request *rq, aw_reply *rp);
void aw_api_rule_get(aw_request *rq, aw_reply *rp);
void aw_api_schema_diagram(aw_request *rq, aw_reply *rp);
void aw_api_session_open(aw_request *rq, aw_reply *rp);
void aw_api_session_close(aw_request *rq, aw_reply *rp);

/* Whether the request may use the API: no token configured, the token as a
 * Bearer header, or the cookie of a live session (auth.c). */
bool aw_request_authorised(aw_request *rq);

/* Checks the revision the request names ({n}/revisions/{n}); false with
 * the reply set when it is missing or has errors (422 saying refusal, with
 * the findings). Free k with aw_checked_free() in every case. */
bool aw_revision_checked(aw_request *rq, aw_reply *rp, aw_checked *k, const char *refusal);

/* ---- replies ---- */

/* An RFC 9457 problem document: the status, a fixed title for it, and a
 * detail for the user (never internal detail). */
void aw_reply_problem(aw_reply *rp, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A problem that also carries the findings of a diagram (JSON text). */
void aw_reply_problem_findings(aw_reply *rp, unsigned status, const char *detail, const char *findings);
/* The reason phrase of a status, "Not Found". */
const char *aw_status_title(unsigned status);
/* The reply for a store failure: 404, 412 or 500 (logged). */
void aw_reply_store_status(aw_request *rq, aw_reply *rp, aw_store_status st);

/* A query argument, or NULL. */
const char *aw_request_arg(aw_request *rq, const char *name);
/* A request header, or NULL. */
const char *aw_request_header(aw_request *rq, const char *name);

/* Writes "key": for the JSON objects the handlers build by hand. */
void aw_json_key(aw_strbuf *b, const char *key);
void aw_json_str(aw_strbuf *b, const char *s);
/* Writes , "key": "2026-12-06T23:31:34.123Z" (UTC) of ms since the epoch. */
void aw_json_time(aw_strbuf *b, const char *key, int64_t ms);

/* Monotonic seconds. */
double aw_now_s(void);

/* Writes one JSON log line (access log, failures), whole, under a lock. */
void aw_server_log(aw_server *srv, const char *line, size_t len);

#endif
