/* The simulation model: every route of a diagram as the chain of hops a
 * request passes, each hop with its capacity, latency and errors, and the
 * clients as traffic sources. Built from the resolved IR alone; written by
 * `archway sim-input` and run by the simulator. */
#ifndef AW_SIM_MODEL_H
#define AW_SIM_MODEL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ir/arena.h"
#include "../ir/ir.h"

#define AW_SIM_FORMAT_VERSION 1

/* AWS defaults the diagram does not spell (see docs/simulation-format.md
 * for their sources); the account throttle, Lambda's regional
 * concurrency and WebSocket connects per second come from the dated table in ir/aws_limits.c. */
#define AW_SIM_SCALE_ENVS 1000.0        /* new environments per function ... */
#define AW_SIM_SCALE_WINDOW_S 10.0      /* ... every 10 s, refilled continuously */
#define AW_SIM_IDENTITIES 1000          /* distinct callers an authorizer cache sees */
#define AW_SIM_CACHE_KEYS 1000          /* distinct cache keys per route */
/* SQS event source mappings (Lambda's "Configuring scaling behavior for SQS
 * event source mappings"): five batches at once when messages appear, up
 * to 300 more a minute while they remain, at most 1000; SQS's own default
 * visibility timeout and Lambda's default batch size. */
#define AW_SIM_SQS_START 5.0
#define AW_SIM_SQS_SCALE_PER_S (300.0 / 60.0)
#define AW_SIM_SQS_MAX 1000
#define AW_SIM_SQS_VISIBILITY_MS 30000.0
#define AW_SIM_SQS_BATCH 10

typedef enum aw_sim_dist_kind {
    AW_SIM_DIST_NONE,           /* no time at all */
    AW_SIM_DIST_CONSTANT,
    AW_SIM_DIST_EXPONENTIAL,
    AW_SIM_DIST_LOGNORMAL,      /* fitted to p50 and p99 */
    AW_SIM_DIST_EMPIRICAL,      /* a histogram read from a file */
} aw_sim_dist_kind;

/* A service-time distribution in milliseconds. */
typedef struct aw_sim_dist {
    aw_sim_dist_kind kind;
    double mean_ms;             /* constant, exponential; lognormal: its mean */
    double mu, sigma;           /* lognormal of ln(ms) */
    double p50_ms, p99_ms;      /* as the diagram gave them (NAN if not) */
    const double *bounds_ms;    /* empirical: bucket upper bounds, ascending */
    const double *cumulative;   /* empirical: cumulative fraction at each bound */
    size_t buckets;
} aw_sim_dist;

typedef enum aw_sim_hop_kind {
    AW_SIM_HOP_BUCKET,          /* token bucket: account, stage, route, usage plan */
    AW_SIM_HOP_QUOTA,           /* usage-plan quota: a count for the period */
    AW_SIM_HOP_AUTHORIZER,      /* Lambda authorizer result cache, then its function */
    AW_SIM_HOP_CACHE,           /* REST stage cache */
    AW_SIM_HOP_LAMBDA,          /* concurrency, no queue; cold starts */
    AW_SIM_HOP_POOL,            /* servers with a FIFO queue: databases, targets, backends */
    AW_SIM_HOP_SERVICE,         /* managed service: latency and errors, no limit */
    AW_SIM_HOP_MOCK,            /* answered by API Gateway itself */
    AW_SIM_HOP_KIND_COUNT,
} aw_sim_hop_kind;

/* Which figure of a hop a number of the diagram sets. */
typedef enum aw_sim_figure {
    AW_SIM_FIG_RATE,            /* bucket, service: rate (several numbers add up) */
    AW_SIM_FIG_BURST,           /* bucket: burst */
    AW_SIM_FIG_SERVERS,         /* lambda: reserved concurrency; pool: its size */
    AW_SIM_FIG_PROVISIONED,     /* lambda: environments kept warm */
    AW_SIM_FIG_TARGETS,         /* pool of targets: how many (its slots scale with them) */
    AW_SIM_FIG_CAPACITY,        /* pool sized by the requests/s it carries */
} aw_sim_figure;

/* A number of the diagram that sets a figure of one hop or several (a
 * stage's throttle sets the bucket of each of its routes): where advice
 * would change it, spelt as the diagram's JSON spells it. */
typedef struct aw_sim_knob {
    const char *element;        /* the diagram element's id; NULL: the diagram's top level */
    const char *path[4];        /* keys from the element down to the number, NULL-ended;
                                 * an array item by its index in decimal */
    const char *what;           /* in words: "stage throttle rate", "reservedConcurrency" */
    aw_sim_figure figure;
    double value;               /* as the diagram gives it, or the default it stands for */
} aw_sim_knob;

#define AW_SIM_HOP_KNOBS 2

/* A call a hop makes while it works: to another hop, n times a request. */
typedef struct aw_sim_call {
    uint32_t hop;
    double per_request;
    bool holds_connection;      /* held for the caller's whole invocation */
} aw_sim_call;

typedef struct aw_sim_hop {
    const char *id;             /* unique: "account", "stage:prod", "fn:orders" ... */
    const char *node;           /* the diagram element, NULL for the account */
    const char *role;           /* account, stage, route, usagePlan, quota, ... */
    aw_sim_hop_kind kind;
    double rate, burst;         /* bucket: tokens per second, bucket size; quota: limit */
    int64_t servers;            /* lambda, pool: concurrent slots; 0 = unlimited */
    double capacity;            /* pool: requests/s its slots carry (sets servers), 0 none */
    int64_t shared_pool;        /* lambda: index of the shared pool hop it draws on, -1 own */
    int64_t provisioned;        /* lambda: environments kept warm */
    double cold_start_ms;
    double scale_rate, scale_burst;     /* lambda: new environments per second, at most */
    bool queue;                 /* pool: callers wait for a slot (else refused) */
    double queue_timeout_ms;    /* pool: how long a caller waits for a slot */
    double timeout_ms;          /* lambda: the function's own timeout; 0 none */
    double error_rate;
    double ttl_ms;              /* authorizer, cache */
    int64_t keys;               /* authorizer identities, cache keys */
    int64_t auth_function;      /* authorizer: its Lambda hop, -1 none */
    int64_t status;             /* mock: the status it answers */
    aw_sim_dist latency;
    aw_sim_call *calls;
    size_t call_count;
    uint32_t knobs[AW_SIM_HOP_KNOBS];  /* the model's knobs that set its figures */
    uint32_t knob_count;
} aw_sim_hop;

/* What a WebSocket route's requests are: connections opened or closed,
 * or messages. */
typedef enum aw_sim_ws_kind { AW_SIM_WS_NONE, AW_SIM_WS_CONNECT, AW_SIM_WS_DISCONNECT, AW_SIM_WS_MESSAGE } aw_sim_ws_kind;

/* A route as deployed on one stage: the chain a request passes. */
typedef struct aw_sim_route {
    const char *id;             /* route id, "@stage" added when on several stages */
    const char *route;          /* the route's node id */
    const char *stage;          /* the stage's node id, NULL when the API has none */
    aw_api_type api_type;
    const char *route_key;      /* WebSocket: $connect, $disconnect, $default, an action */
    aw_sim_ws_kind ws;
    uint32_t *gates;            /* bucket hops, checked in AWS's order */
    size_t gate_count;
    int64_t authorizer;         /* hop or -1 */
    int64_t cache;              /* hop or -1 */
    int64_t target;             /* the integration's hop or -1 (no integration) */
    double timeout_ms;          /* the integration's timeout */
} aw_sim_route;

typedef enum aw_sim_profile {
    AW_SIM_CONSTANT, AW_SIM_RAMP, AW_SIM_SPIKE, AW_SIM_WAVE, AW_SIM_TABLE,
} aw_sim_profile;

/* A rate over time, in requests per second. */
typedef struct aw_sim_traffic {
    aw_sim_profile profile;
    double rate, peak_rate;
    double duration_s, ramp_s;
    const double *table;        /* table: rate of each second */
    size_t table_len;
} aw_sim_traffic;

typedef struct aw_sim_source {
    const char *id;             /* client id */
    aw_sim_traffic traffic;
    uint32_t *routes;           /* sim routes it calls ... */
    double *weights;            /* ... with their relative weights */
    size_t route_count;
    uint32_t *gates;            /* usage-plan buckets and quotas of its API key */
    size_t gate_count;
} aw_sim_source;

/* An SQS queue's event source mapping: Lambda polls the queue and invokes
 * the function with batches of its messages. Messages are the successful
 * calls to the queue's hop. */
typedef struct aw_sim_consumer {
    const char *id;             /* "sqs:QUEUE>FUNCTION" */
    const char *queue_node, *function_node;
    uint32_t queue, function;   /* hops */
    int64_t batch_size;         /* messages per invocation, at most */
    double batch_window_ms;     /* longest wait to fill a batch */
    int64_t max_concurrency;    /* batches at once, at most (AWS: 1000) */
    double visibility_ms;       /* a received message stays hidden this long */
    int64_t max_receives;       /* redrive: receives before the dead-letter queue; 0 none */
    bool fifo;
    int64_t groups;             /* FIFO: message groups, one batch each at a time; 0 unbounded */
} aw_sim_consumer;

/* A mapping's scaling dt seconds on: it grows while messages wait and
 * shrinks back to the start when none do, at the same pace. Both engines
 * scale this way. */
static inline double aw_sim_sqs_scaled(double allowed, bool pressing, double dt)
{
    double step = AW_SIM_SQS_SCALE_PER_S * dt;
    return pressing ? fmin(AW_SIM_SQS_MAX, allowed + step) : fmax(AW_SIM_SQS_START, allowed - step);
}

/* The batches it may run at once with that scaling: whole ones, within its
 * maximum concurrency and (FIFO) its message groups. */
static inline double aw_sim_sqs_limit(const aw_sim_consumer *d, double allowed)
{
    double limit = fmin(floor(allowed), (double)d->max_concurrency);
    return d->groups > 0 ? fmin(limit, (double)d->groups) : limit;
}

typedef struct aw_sim_model {
    const char *name;
    aw_sim_hop *hops;
    size_t hop_count;
    aw_sim_route *routes;
    size_t route_count;
    aw_sim_source *sources;
    size_t source_count;
    aw_sim_knob *knobs;
    size_t knob_count;
    aw_sim_consumer *consumers;
    size_t consumer_count;
} aw_sim_model;

/* Builds the simulation model of a resolved model; everything lives in
 * arena (the caller's). Returns NULL when it runs out of memory. */
aw_sim_model *aw_sim_model_build(const aw_model *model, aw_arena *arena);

/* A lognormal fitted to p50 and p99, a constant when they are equal, or a
 * constant of fallback_ms when the diagram gives no latency. */
aw_sim_dist aw_sim_dist_fit(double p50_ms, double p99_ms, double fallback_ms);

const char *aw_sim_hop_kind_name(aw_sim_hop_kind kind);
const char *aw_sim_dist_kind_name(aw_sim_dist_kind kind);
const char *aw_sim_profile_name(aw_sim_profile profile);

/* The model as sim-input JSON (docs/simulation-format.md) into out (the
 * caller's). */
struct aw_strbuf;
void aw_sim_model_write_json(const aw_sim_model *m, struct aw_strbuf *out);

/* The hop with this id, or -1. */
int64_t aw_sim_hop_find(const aw_sim_model *m, const char *id);

#endif
