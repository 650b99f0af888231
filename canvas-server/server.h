/* `archway serve`: the canvas server. It stores diagrams and their history
 * (store.h), checks them on every save with the same library functions the
 * command line calls, and answers JSON over HTTP (docs/server-api.md). */
#ifndef AW_SERVER_H
#define AW_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"

typedef struct aw_server_config {
    const char *address;        /* numeric IPv4 or IPv6 address to bind; "127.0.0.1" */
    uint16_t port;              /* 0: an ephemeral port (tests) */
    const char *token;          /* required of /api and /metrics when set; NULL: none */
    const char *web_dir;        /* static files; NULL: a plain index of the API */
    unsigned threads;           /* worker threads polling connections */
    size_t max_body;            /* bytes; larger bodies get 413 */
    size_t max_bodies;          /* bytes of request bodies held at once, all requests; then 503 */
    size_t max_url;             /* bytes; longer request targets get 414 */
    unsigned max_connections;   /* in total */
    unsigned max_per_ip;        /* from one address */
    size_t connection_memory;   /* per-connection buffer for headers (bytes) */
    unsigned idle_timeout_s;    /* a connection silent this long is closed */
    unsigned request_timeout_s; /* a request whose body takes longer gets 408 */
    unsigned max_streams;       /* open change streams in total */
    unsigned keepalive_s;       /* comment lines on idle change streams */
    unsigned session_ttl_s;     /* a browser session's life from signing in (cookie) */
    unsigned max_sessions;      /* live sessions; past it the oldest gives way */
    unsigned sim_workers;       /* simulations run at once */
    unsigned sim_max_jobs;      /* simulations queued or running at once; more get 503 */
    double sim_seconds;         /* wall-clock seconds a simulation may take */
    double sim_max_duration_s;  /* simulated seconds a run may ask for */
    double sim_max_rps;         /* requests/s a run (or its advice) may ask for */
    double sim_max_requests;    /* requests a run's traffic may offer in all */
    FILE *access_log;           /* one JSON line per request; NULL: none */
} aw_server_config;

/* The defaults of docs/reliability.md, bound to 127.0.0.1:8080. */
void aw_server_config_init(aw_server_config *cfg);

typedef struct aw_server aw_server;

/* Starts serving store (borrowed; it must outlive the server). NULL on
 * failure, with the reason in err. */
aw_server *aw_server_start(const aw_server_config *cfg, aw_store *store, char *err, size_t err_size);
/* The port bound (the ephemeral one when config asked for 0). */
uint16_t aw_server_port(const aw_server *srv);
/* Stops accepting, closes change streams, lets requests in flight finish
 * (for a few seconds at most), then stops and frees the server. */
void aw_server_stop(aw_server *srv);

/* Checks and stores every diagram file of dir (*.json, *.xml, by name) as a
 * new diagram: a new database's first content. Returns how many were
 * stored; -1 if dir cannot be read. */
int aw_server_seed(aw_store *store, const char *dir);

/* What `archway serve` was asked to do (cli/serve.c reads its flags). */
typedef struct aw_serve_options {
    aw_server_config cfg;
    const char *db;             /* a SQLite file or postgres://... */
    const char *samples;        /* seeds a new database; NULL: ./samples when there */
    const char *backup;         /* copy the database here and stop; NULL: serve */
    bool quiet;                 /* no access log on stdout */
} aw_serve_options;

/* Opens (creates, migrates, seeds) the database, then serves it until
 * SIGINT or SIGTERM, or copies it to opt->backup. Returns the exit status:
 * 0, or 2 when the database or the address cannot be had. */
int aw_serve_run(const aw_serve_options *opt);

#endif
