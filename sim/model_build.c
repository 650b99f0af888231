/* The hops of the simulation model: one per element of the resolved IR that
 * limits, delays or fails a request, with the figures the diagram gives and
 * AWS defaults for the rest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_builder.h"
#include "../ir/aws_limits.h"
#include "../ir/store_access.h"

/* Latencies assumed when the diagram gives none (stated in sim-input as
 * "source": "default"): they keep the chain's timing plausible, not exact. */
#define S_DEFAULT_FUNCTION_MS 100.0
#define S_DEFAULT_STORE_MS 10.0
#define S_DEFAULT_BACKEND_MS 100.0
/* RDS Proxy waits up to 120 s for a connection (ConnectionBorrowTimeout). */
#define S_POOL_BORROW_MS 120000.0
/* A queue in front of targets or a backend is bounded by the longest
 * integration timeout: nobody waits longer for an answer. */
#define S_TARGET_QUEUE_MS 30000.0
/* DynamoDB keeps up to 300 s of unused provisioned capacity as burst. */
#define S_DYNAMO_BURST_S 300.0

aw_sim_dist aw_sim_dist_fit(double p50_ms, double p99_ms, double fallback_ms)
{
    aw_sim_dist d = {.kind = AW_SIM_DIST_CONSTANT, .p50_ms = p50_ms, .p99_ms = p99_ms};
    if (!AW_IS_SET(p50_ms) || p50_ms <= 0) {
        d.mean_ms = AW_IS_SET(p50_ms) ? 0.0 : fallback_ms;
        d.kind = d.mean_ms > 0 ? AW_SIM_DIST_CONSTANT : AW_SIM_DIST_NONE;
        return d;
    }
    if (!AW_IS_SET(p99_ms) || p99_ms <= p50_ms * 1.0001) {
        d.mean_ms = p50_ms;
        return d;
    }
    /* ln X ~ N(mu, sigma): the median is e^mu, the 99th percentile
     * e^(mu + 2.326348 sigma). */
    d.kind = AW_SIM_DIST_LOGNORMAL;
    d.mu = log(p50_ms);
    d.sigma = (log(p99_ms) - d.mu) / 2.3263478740408408;
    d.mean_ms = exp(d.mu + d.sigma * d.sigma / 2.0);
    return d;
}

static aw_sim_dist S_latency(const aw_latency *l, double fallback_ms)
{
    return l ? aw_sim_dist_fit(l->p50_ms, l->p99_ms, fallback_ms) : aw_sim_dist_fit(NAN, NAN, fallback_ms);
}

int64_t aw_sim_builder_hop(aw_sim_builder *b, const char *id, const char *node, const char *role, aw_sim_hop_kind kind)
{
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        aw_sim_hop *h = realloc(b->hops, cap * sizeof *h);
        if (!h) {
            b->failed = true;
            return -1;
        }
        b->hops = h, b->cap = cap;
    }
    aw_sim_hop *h = &b->hops[b->count];
    *h = (aw_sim_hop){.id = id, .node = node, .role = role, .kind = kind, .shared_pool = -1,
                      .auth_function = -1, .latency = {.kind = AW_SIM_DIST_NONE, .p50_ms = NAN, .p99_ms = NAN}};
    return (int64_t)b->count++;
}

int64_t aw_sim_builder_bucket(aw_sim_builder *b, const char *id, const char *node, const char *role, double rate, int64_t burst)
{
    int64_t h = aw_sim_builder_hop(b, id, node, role, AW_SIM_HOP_BUCKET);
    if (h >= 0) {
        b->hops[h].rate = rate;
        /* AWS requires both figures; a diagram that gives only the rate gets
         * a bucket of one second's worth. */
        b->hops[h].burst = burst != AW_UNSET_INT ? (double)burst : fmax(1.0, ceil(rate));
    }
    return h;
}

const char *aw_sim_builder_name(aw_sim_builder *b, const char *prefix, const char *id)
{
    return AW_SIM_CONCAT(b, prefix, ":", id);
}

/* ---- compute and data ------------------------------------------------------ */

static int64_t S_unreserved_pool(aw_sim_builder *b)
{
    if (b->shared_pool >= 0)
        return b->shared_pool;
    int64_t reserved = 0;
    for (size_t i = 0; i < b->ir->node_count; i++) {
        const aw_node *n = b->ir->nodes[i];
        if (n->kind == AW_KIND_FUNCTION && n->as.function.reserved_concurrency != AW_UNSET_INT)
            reserved += n->as.function.reserved_concurrency;
    }
    b->shared_pool = aw_sim_builder_hop(b, "lambda:unreserved", NULL, "unreservedConcurrency", AW_SIM_HOP_LAMBDA);
    if (b->shared_pool >= 0) {
        int64_t left = (int64_t)aw_limit_value(AW_LIMIT_LAMBDA_CONCURRENCY) - reserved;
        b->hops[b->shared_pool].servers = left > 0 ? left : 0;
        b->hops[b->shared_pool].shared_pool = -2;   /* marks the pool itself */
    }
    return b->shared_pool;
}

void aw_sim_builder_function(aw_sim_builder *b, const aw_node *n)
{
    const aw_function *f = &n->as.function;
    int64_t pool = f->reserved_concurrency == AW_UNSET_INT ? S_unreserved_pool(b) : -1;
    int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, "fn", n->id), n->id, "function", AW_SIM_HOP_LAMBDA);
    if (h < 0)
        return;
    aw_sim_hop *hop = &b->hops[h];
    hop->servers = f->reserved_concurrency == AW_UNSET_INT ? 0 : f->reserved_concurrency;
    hop->shared_pool = pool;
    hop->provisioned = f->provisioned_concurrency == AW_UNSET_INT ? 0 : f->provisioned_concurrency;
    hop->cold_start_ms = AW_IS_SET(f->cold_start_ms) ? f->cold_start_ms : 0.0;
    hop->scale_rate = AW_SIM_SCALE_ENVS / AW_SIM_SCALE_WINDOW_S;
    hop->scale_burst = AW_SIM_SCALE_ENVS;
    hop->timeout_ms = AW_IS_SET(f->timeout_ms) ? f->timeout_ms : 3000.0;
    hop->error_rate = AW_IS_SET(f->error_rate) ? f->error_rate : 0.0;
    hop->latency = S_latency(f->latency, S_DEFAULT_FUNCTION_MS);
    if (f->reserved_concurrency != AW_UNSET_INT)
        aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_SERVERS, (double)hop->servers, "reservedConcurrency",
                            (const char *[]){"reservedConcurrency", NULL});
    aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_PROVISIONED, (double)hop->provisioned, "provisionedConcurrency",
                        (const char *[]){"provisionedConcurrency", NULL});
    b->node_hop[n->index] = h;
}

void aw_sim_builder_datastore(aw_sim_builder *b, const aw_node *n)
{
    const aw_datastore *d = &n->as.datastore;
    bool relational = d->engine == AW_STORE_RDS || d->engine == AW_STORE_AURORA;
    int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, "db", n->id), n->id, "datastore",
                          relational ? AW_SIM_HOP_POOL : AW_SIM_HOP_SERVICE);
    if (h < 0)
        return;
    aw_sim_hop *hop = &b->hops[h];
    hop->latency = S_latency(d->latency, S_DEFAULT_STORE_MS);
    if (relational) {
        bool pooled = d->pool_size != AW_UNSET_INT;
        int64_t limit = pooled ? d->pool_size : d->max_connections;
        hop->servers = limit == AW_UNSET_INT ? 0 : limit;
        hop->queue = pooled;    /* a proxy queues borrowers; a bare database refuses */
        hop->queue_timeout_ms = S_POOL_BORROW_MS;
        const char *key = pooled ? "poolSize" : "maxConnections";
        if (limit != AW_UNSET_INT)
            aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_SERVERS, (double)limit, key, (const char *[]){key, NULL});
    } else if (d->engine == AW_STORE_DYNAMODB && d->capacity_mode == AW_CAPMODE_PROVISIONED) {
        /* Reads and writes together: a call is one unit of either kind. */
        double units = (d->read_capacity == AW_UNSET_INT ? 0.0 : (double)d->read_capacity) +
                       (d->write_capacity == AW_UNSET_INT ? 0.0 : (double)d->write_capacity);
        if (units > 0)
            hop->rate = units, hop->burst = units * S_DYNAMO_BURST_S;
        if (d->read_capacity != AW_UNSET_INT)
            aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_RATE, (double)d->read_capacity, "readCapacity",
                                (const char *[]){"readCapacity", NULL});
        if (d->write_capacity != AW_UNSET_INT)
            aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_RATE, (double)d->write_capacity, "writeCapacity",
                                (const char *[]){"writeCapacity", NULL});
    }
    b->node_hop[n->index] = h;
}

static void S_pool(aw_sim_builder *b, const aw_node *n, const char *prefix, const char *role, double capacity,
                   int64_t units, int64_t connections, const aw_latency *lat, double fallback_ms, double errors)
{
    int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, prefix, n->id), n->id, role, AW_SIM_HOP_POOL);
    if (h < 0)
        return;
    aw_sim_hop *hop = &b->hops[h];
    hop->latency = S_latency(lat, fallback_ms);
    hop->error_rate = errors;
    hop->queue = true;
    hop->queue_timeout_ms = S_TARGET_QUEUE_MS;
    /* With a capacity, the slots are sized once the calls are known
     * (aw_sim_builder_size_pools); else the connections, else no limit. */
    if (AW_IS_SET(capacity) && capacity > 0)
        hop->capacity = capacity * (double)units, hop->keys = units;
    else if (connections != AW_UNSET_INT)
        hop->servers = connections * units;
    b->node_hop[n->index] = h;
}

/* A backend's own figure that sizes it: its capacity, else its
 * connections. */
static void S_backend_knob(aw_sim_builder *b, int64_t h, const aw_node *n, double capacity, int64_t connections)
{
    if (AW_IS_SET(capacity) && capacity > 0)
        aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_CAPACITY, capacity, "capacity", (const char *[]){"capacity", NULL});
    else if (connections != AW_UNSET_INT)
        aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_SERVERS, (double)connections, "maxConnections",
                            (const char *[]){"maxConnections", NULL});
}

void aw_sim_builder_load_balancer(aw_sim_builder *b, const aw_node *n)
{
    const aw_load_balancer *lb = &n->as.load_balancer;
    int64_t targets = lb->targets == AW_UNSET_INT ? 1 : lb->targets;
    S_pool(b, n, "lb", "targets", lb->target_capacity, targets, lb->target_connections, lb->latency, 0.0, 0.0);
    int64_t h = b->node_hop[n->index];
    if (h < 0)
        return;
    b->hops[h].keys = targets;      /* targets, for losing some */
    aw_sim_builder_knob(b, h, n->id, AW_SIM_FIG_TARGETS, (double)targets, "targets", (const char *[]){"targets", NULL});
}

void aw_sim_builder_backend(aw_sim_builder *b, const aw_node *n)
{
    const aw_http_backend *be = &n->as.http_backend;
    S_pool(b, n, "http", "backend", be->capacity, 1, be->max_connections, be->latency, S_DEFAULT_BACKEND_MS,
           AW_IS_SET(be->error_rate) ? be->error_rate : 0.0);
    if (b->node_hop[n->index] >= 0)
        S_backend_knob(b, b->node_hop[n->index], n, be->capacity, be->max_connections);
}

/* Slots that carry a pool's capacity (Little's law: rate x the time a
 * request holds a slot, its own latency and the calls it makes), at least
 * one per target. */
void aw_sim_builder_size_pools(aw_sim_builder *b)
{
    for (size_t i = 0; i < b->count; i++) {
        aw_sim_hop *h = &b->hops[i];
        if (h->kind != AW_SIM_HOP_POOL || !(h->capacity > 0))
            continue;
        double hold_ms = h->latency.mean_ms;
        for (size_t c = 0; c < h->call_count; c++)
            hold_ms += h->calls[c].per_request * b->hops[h->calls[c].hop].latency.mean_ms;
        double units = h->keys > 0 ? (double)h->keys : 1.0;
        h->servers = (int64_t)fmax(units, llround(h->capacity * hold_ms / 1000.0));
    }
}

/* Calls along edges, from any hop to any hop; a queue's delivery to a
 * function is no call: the sender's answer does not wait for it. */
void aw_sim_builder_edges(aw_sim_builder *b)
{
    size_t *count = calloc(b->count ? b->count : 1, sizeof *count);
    if (!count) {
        b->failed = true;
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t e = 0; e < b->ir->edge_count; e++) {
            const aw_edge *edge = &b->ir->edges[e];
            if (!edge->from.node || !edge->to.node || aw_edge_delivers(edge))
                continue;
            int64_t from = b->node_hop[edge->from.node->index], to = b->node_hop[edge->to.node->index];
            if (from < 0 || to < 0 || from == to)
                continue;
            aw_sim_hop *h = &b->hops[from];
            if (pass == 0) {
                count[from]++;
                continue;
            }
            double per = AW_IS_SET(edge->calls_per_request) ? edge->calls_per_request : 1.0;
            h->calls[h->call_count++] = (aw_sim_call){(uint32_t)to, per, edge->holds_connection};
        }
        for (size_t i = 0; pass == 0 && i < b->count; i++)
            if (count[i])
                b->hops[i].calls = aw_arena_alloc(b->arena, count[i] * sizeof *b->hops[i].calls);
    }
    free(count);
}

/* ---- API Gateway ------------------------------------------------------------- */

void aw_sim_builder_stage(aw_sim_builder *b, const aw_node *n)
{
    const aw_stage *s = &n->as.stage;
    const aw_node *api = s->api.node;
    if (s->cache && s->cache->enabled && api && api->as.api.type == AW_API_REST) {
        int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, "cache", n->id), n->id, "cache", AW_SIM_HOP_CACHE);
        if (h >= 0) {
            b->hops[h].ttl_ms = AW_IS_SET(s->cache->ttl_ms) ? s->cache->ttl_ms : 300000.0;
            b->hops[h].keys = AW_SIM_CACHE_KEYS;
            b->stage_cache[n->index] = h;
        }
    }
}

void aw_sim_builder_authorizer(aw_sim_builder *b, const aw_node *n)
{
    const aw_authorizer *a = &n->as.authorizer;
    const aw_node *fn = a->function.node;
    if (a->type != AW_AUTH_LAMBDA || !fn || b->node_hop[fn->index] < 0)
        return;
    int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, "auth", n->id), n->id, "authorizer", AW_SIM_HOP_AUTHORIZER);
    if (h < 0)
        return;
    b->hops[h].ttl_ms = AW_IS_SET(a->result_ttl_ms) ? a->result_ttl_ms : 300000.0;
    b->hops[h].keys = AW_SIM_IDENTITIES;
    b->hops[h].auth_function = b->node_hop[fn->index];
    b->node_hop[n->index] = h;
}

/* The hop an integration hands the request to. */
int64_t aw_sim_builder_target(aw_sim_builder *b, const aw_node *in)
{
    const aw_integration *ig = &in->as.integration;
    const aw_node *next = ig->type == AW_INTEG_LAMBDA    ? ig->function.node
                          : ig->type == AW_INTEG_PRIVATE ? ig->listener.node
                          : ig->type == AW_INTEG_HTTP    ? ig->backend.node
                          : ig->type == AW_INTEG_AWS     ? ig->target.node
                                                         : NULL;
    if (next && b->node_hop[next->index] >= 0)
        return b->node_hop[next->index];
    if (b->node_hop[in->index] >= 0)
        return b->node_hop[in->index];
    /* A mock, or a call to something the diagram does not draw: API
     * Gateway's own answer, or a service with no known limit. */
    bool mock = ig->type == AW_INTEG_MOCK;
    int64_t h = aw_sim_builder_hop(b, aw_sim_builder_name(b, mock ? "mock" : "svc", in->id), in->id, "integration",
                          mock ? AW_SIM_HOP_MOCK : AW_SIM_HOP_SERVICE);
    if (h >= 0) {
        b->hops[h].status = mock && ig->status_code != AW_UNSET_INT ? ig->status_code : 200;
        if (!mock)
            b->hops[h].latency = aw_sim_dist_fit(NAN, NAN, ig->type == AW_INTEG_AWS ? S_DEFAULT_STORE_MS
                                                                                  : S_DEFAULT_BACKEND_MS);
        b->node_hop[in->index] = h;
    }
    return h;
}

