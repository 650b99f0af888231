/* The traffic simulator: runs a simulation model (sim_model.h) request by
 * request (discrete events) or as rates per time step (fluid), and returns
 * what each route and hop saw. Library code: no printing, no HTTP. */
#ifndef AW_SIM_H
#define AW_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "hist.h"
#include "sim_model.h"

/* What became of a request, and the status the client sees. */
typedef enum aw_sim_cause {
    AW_SIM_OK,                  /* 200 */
    AW_SIM_CACHED,              /* 200 from the stage cache */
    AW_SIM_THROTTLED,           /* 429: a token bucket was empty */
    AW_SIM_QUOTA,               /* 429: the usage plan's quota is spent */
    AW_SIM_AUTH_FAILED,         /* 500: the Lambda authorizer failed or was throttled */
    AW_SIM_LAMBDA_THROTTLED,    /* 500: no concurrency or scaling left */
    AW_SIM_FUNCTION_ERROR,      /* 502: the function failed or ran past its timeout */
    AW_SIM_DOWNSTREAM_ERROR,    /* 502: a backend, pool or database failed or refused */
    AW_SIM_TIMEOUT,             /* 504: the integration timed out */
    AW_SIM_CAUSE_COUNT,
} aw_sim_cause;

int aw_sim_cause_status(aw_sim_cause cause);
const char *aw_sim_cause_name(aw_sim_cause cause);

/* --fail: what breaks, from when to when. */
typedef enum aw_sim_fault_kind {
    AW_FAULT_ERRORS,            /* value: error fraction */
    AW_FAULT_LATENCY,           /* value: factor on service times */
    AW_FAULT_DOWN,              /* value: targets (or servers) lost */
    AW_FAULT_THROTTLE,          /* value: requests/s the hop still takes */
} aw_sim_fault_kind;

typedef struct aw_sim_fault {
    uint32_t hop;
    aw_sim_fault_kind kind;
    double value;
    double from_s, to_s;
} aw_sim_fault;

/* Parses "HOP=errors:0.2@60s-120s" (also latency:x3, down:2, throttle:50;
 * without "@..." for the whole run). HOP is a hop id or a diagram element
 * id. Returns NULL, or a message saying what is wrong (static or in buf). */
const char *aw_sim_fault_parse(const aw_sim_model *m, const char *text, aw_sim_fault *out, char *buf, size_t size);

/* Which engine runs: request by request, rates per step, or the first
 * unless the run would simulate more than AW_SIM_FLUID_THRESHOLD requests. */
typedef enum aw_sim_engine_kind { AW_SIM_AUTO, AW_SIM_DISCRETE, AW_SIM_FLUID } aw_sim_engine_kind;
#define AW_SIM_FLUID_THRESHOLD 2e7

/* How long Lambda keeps an idle execution environment. AWS documents no
 * figure ("a non-deterministic period of time"); published measurements
 * put it between 5 and 15 minutes, so 10 is assumed (--idle-lifetime). */
#define AW_SIM_IDLE_S 600.0
struct aw_sim_options;
/* The idle lifetime the options ask for, in seconds (INFINITY: never). */
double aw_sim_idle_lifetime(const struct aw_sim_options *opt);

/* The hop a user names: its id ("fn:orders"), or the diagram element's id
 * for the hop that serves it (not its throttles); -1 if none. */
int64_t aw_sim_hop_named(const aw_sim_model *m, const char *id, size_t len);

/* An empirical distribution from a histogram's text (lines "UPPER_MS
 * COUNT", bounds rising; # comments), its arrays in arena. NULL, or what
 * is wrong (static or in buf). */
const char *aw_sim_dist_parse(const char *text, size_t len, aw_arena *arena, aw_sim_dist *out, char *buf,
                              size_t size);

struct aw_sim_result;
/* A caller's eye on a run under way (a server's progress bar, its live
 * picture, its cancel button): called with the fraction done, the time
 * simulated so far and the result so far (counts, histograms and the
 * hops' busy time cover [0, now_s]; duration_s is not yet set). Returning
 * false stops the run: aw_sim_run() then returns NULL with the error
 * AW_SIM_CANCELLED. Called on the running thread. */
typedef bool (*aw_sim_watch_fn)(void *ctx, double fraction, double now_s, const struct aw_sim_result *so_far);
extern const char AW_SIM_CANCELLED[];

typedef struct aw_sim_options {
    aw_sim_engine_kind engine;
    double duration_s;          /* <= 0: the clients' longest duration */
    uint64_t seed;
    double rps;                 /* > 0: total offered rate, replacing the clients' */
    bool pattern_set;           /* pattern replaces the clients' profiles */
    aw_sim_profile pattern;
    const double *table;        /* AW_SIM_TABLE: requests/s of each second */
    size_t table_len;
    const aw_sim_fault *faults;
    size_t fault_count;
    bool exponential;           /* exponential service times with the same means (oracle tests) */
    double idle_s;              /* a Lambda environment idle this long is gone: 0 the default
                                 * (AW_SIM_IDLE_S), < 0 never */
    void (*progress)(void *ctx, double fraction);
    void *progress_ctx;
    aw_sim_watch_fn watch;      /* NULL: none (see aw_sim_tick) */
    void *watch_ctx;
} aw_sim_options;

typedef struct aw_sim_route_stats {
    uint64_t offered, served;
    uint64_t causes[AW_SIM_CAUSE_COUNT];
    aw_hist latency;
} aw_sim_route_stats;

typedef struct aw_sim_hop_stats {
    uint64_t arrivals, admitted, rejected, errors, completed, cold_starts, queued, queue_timeouts;
    double busy_area, queue_area;       /* integrals over time (slot-seconds) */
    double time_sum;                    /* seconds spent in the hop by completed work */
    double wait_sum;                    /* seconds waited in the queue */
    int64_t max_busy, max_queue;
} aw_sim_hop_stats;

/* The latency quantiles a report gives, as a route's and a second's
 * latencyMs: p50, p90, p99, p999 and max (1). */
#define AW_SIM_QUANTILES 5
extern const double aw_sim_quantile_at[AW_SIM_QUANTILES];
extern const char *const aw_sim_quantile_name[AW_SIM_QUANTILES];

/* One second of the run: what was offered in it, and what was answered in
 * it with the latencies of those answers. */
typedef struct aw_sim_second {
    uint64_t offered;
    uint64_t causes[AW_SIM_CAUSE_COUNT];
    double latency_sum_ms;
    double latency_ms[AW_SIM_QUANTILES];
} aw_sim_second;

/* WebSocket APIs: connections and messages (what API Gateway bills). A
 * $disconnect closes the oldest open connection; those still open at the
 * end count until then. */
typedef struct aw_sim_ws_stats {
    double connects, disconnects, messages;     /* counts (fractional in the fluid model) */
    double connection_seconds;
    int64_t peak_open;
    double open, last;          /* while running */
} aw_sim_ws_stats;

/* One second of an SQS consumer: the most messages waiting, the age of the
 * oldest then, the most batches running. */
typedef struct aw_sim_queue_second {
    int64_t backlog, running;
    double age_ms;
} aw_sim_queue_second;

/* An SQS queue and its consumer (the model's consumers, in order). */
typedef struct aw_sim_consumer_stats {
    uint64_t sent;              /* messages the queue took */
    uint64_t received;          /* receives: messages handed to the function, again after a failure */
    uint64_t deleted;           /* done: their batch succeeded within the visibility timeout */
    uint64_t returned;          /* visible again after a failed batch */
    uint64_t dead_lettered;     /* failed their last receive (maxReceiveCount) */
    uint64_t redelivered;       /* their batch ran past the visibility timeout: received again */
    uint64_t left;              /* still in the queue at the end */
    uint64_t batches, failed_batches, throttled;        /* invocations; failed; refused by Lambda */
    double backlog_area, running_area;  /* integrals over time */
    int64_t max_backlog, max_running;
    aw_hist wait;               /* a message's age when received */
    aw_sim_queue_second *series;
    size_t seconds;
} aw_sim_consumer_stats;

typedef struct aw_sim_result {
    bool fluid;                 /* rates per time step, not requests */
    double duration_s, offered_rps;
    uint64_t seed, events, requests;
    size_t peak_in_flight;
    aw_sim_route_stats *routes; /* per model route */
    aw_sim_hop_stats *hops;     /* per model hop */
    aw_sim_second *series;
    size_t seconds;
    int64_t bottleneck;         /* hop, -1 when nothing limits */
    aw_sim_ws_stats ws;
    bool websocket;             /* the model has WebSocket routes */
    const struct aw_sim_cost *cost;     /* its bill, when the caller priced it (borrowed) */
    aw_sim_consumer_stats *consumers;   /* per model consumer; NULL in the fluid model */
    size_t consumer_count;
} aw_sim_result;

/* Counts a WebSocket answer of route kind `ws` (amount requests, OK or
 * not) at time t. */
void aw_sim_ws_count(aw_sim_ws_stats *s, aw_sim_ws_kind ws, bool ok, double amount, double t);
/* Closes the books at the end of the run. */
void aw_sim_ws_finish(aw_sim_ws_stats *s, double t);

/* What the engines call every 65,536 events (discrete) or 1,024 steps
 * (fluid): the options' progress and watch functions. false: stop. */
bool aw_sim_tick(const aw_sim_options *opt, double fraction, double now_s, const aw_sim_result *so_far);

/* Runs the model with the engine the options ask for; NULL with *error set
 * when the options do not fit it (e.g. no traffic at all). The caller
 * frees the result. */
aw_sim_result *aw_sim_run(const aw_sim_model *m, const aw_sim_options *opt, const char **error);
/* The two engines themselves. */
aw_sim_result *aw_sim_run_discrete(const aw_sim_model *m, const aw_sim_options *opt, const char **error);
aw_sim_result *aw_sim_run_fluid(const aw_sim_model *m, const aw_sim_options *opt, const char **error);
/* Runs count independent simulations (opts[i] gives results[i], or NULL
 * and errors[i]) on up to `threads` threads, this one included. Progress
 * callbacks in opts must be safe to call from any thread. */
void aw_sim_run_batch(const aw_sim_model *m, const aw_sim_options *opts, size_t count, size_t threads,
                      aw_sim_result **results, const char **errors);
/* The cores this machine has online. */
size_t aw_sim_threads(void);

/* How many requests the options' traffic offers over the run. */
double aw_sim_expected_requests(const aw_sim_model *m, const aw_sim_options *opt);
void aw_sim_result_free(aw_sim_result *r);

/* How busy hop h was over the run, 0..1 (can pass 1 for a bucket that
 * started full): slots in use over slots, or tokens taken over tokens
 * given; NAN for a hop without a capacity. */
double aw_sim_hop_utilisation(const aw_sim_model *m, const aw_sim_result *r, size_t h);
/* The hop that refused or queued the most requests for lack of capacity
 * (tokens, concurrency, slots), else the busiest one; -1 when none has a
 * limit. */
int64_t aw_sim_bottleneck(const aw_sim_model *m, const aw_sim_result *r);

#endif
