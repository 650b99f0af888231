/* `archway sim-input`: the simulation model of a diagram as versioned JSON
 * (docs/simulation-format.md), for our simulator and for other tools. */
#include "../sim/sim_model.h"
#include "emitters.h"
#include "json_writer.h"

static void S_dist(aw_jw *w, const aw_sim_dist *d)
{
    aw_jw_key(w, "latency");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "distribution", aw_sim_dist_kind_name(d->kind));
    if (d->kind != AW_SIM_DIST_NONE)
        aw_jw_member_number(w, "meanMs", d->mean_ms);
    if (d->kind == AW_SIM_DIST_LOGNORMAL) {
        aw_jw_member_number(w, "mu", d->mu);
        aw_jw_member_number(w, "sigma", d->sigma);
    }
    if (AW_IS_SET(d->p50_ms))
        aw_jw_member_number(w, "p50Ms", d->p50_ms);
    if (AW_IS_SET(d->p99_ms))
        aw_jw_member_number(w, "p99Ms", d->p99_ms);
    aw_jw_member_string(w, "source", AW_IS_SET(d->p50_ms) ? "diagram" : "default");
    aw_jw_end_object(w);
}

/* Members that are zero mean "does not apply" and are left out. */
static void S_nonzero(aw_jw *w, const char *key, double v)
{
    if (v != 0)
        aw_jw_member_number(w, key, v);
}

static void S_hop(aw_jw *w, const aw_sim_model *m, const aw_sim_hop *h)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "id", h->id);
    aw_jw_member_string(w, "kind", aw_sim_hop_kind_name(h->kind));
    aw_jw_member_string(w, "role", h->role);
    if (h->node)
        aw_jw_member_string(w, "node", h->node);
    S_nonzero(w, h->kind == AW_SIM_HOP_QUOTA ? "limit" : "rate", h->rate);
    S_nonzero(w, "burst", h->burst);
    if (h->kind == AW_SIM_HOP_LAMBDA || h->kind == AW_SIM_HOP_POOL)
        aw_jw_member_int(w, "servers", h->servers);
    S_nonzero(w, "capacity", h->capacity);
    if (h->shared_pool >= 0)
        aw_jw_member_string(w, "sharedPool", m->hops[h->shared_pool].id);
    S_nonzero(w, "provisioned", (double)h->provisioned);
    S_nonzero(w, "coldStartMs", h->cold_start_ms);
    S_nonzero(w, "scaleRate", h->scale_rate);
    S_nonzero(w, "scaleBurst", h->scale_burst);
    if (h->kind == AW_SIM_HOP_POOL) {
        aw_jw_member_bool(w, "queue", h->queue);
        if (h->queue)
            aw_jw_member_number(w, "queueTimeoutMs", h->queue_timeout_ms);
    }
    S_nonzero(w, "timeoutMs", h->timeout_ms);
    S_nonzero(w, "errorRate", h->error_rate);
    S_nonzero(w, "ttlMs", h->ttl_ms);
    S_nonzero(w, h->kind == AW_SIM_HOP_POOL ? "targets" : "keys", (double)h->keys);
    if (h->auth_function >= 0)
        aw_jw_member_string(w, "function", m->hops[h->auth_function].id);
    if (h->kind == AW_SIM_HOP_MOCK)
        aw_jw_member_int(w, "status", h->status);
    if (h->kind >= AW_SIM_HOP_LAMBDA && h->kind != AW_SIM_HOP_MOCK && h->shared_pool != -2)
        S_dist(w, &h->latency);
    if (h->call_count) {
        aw_jw_key(w, "calls");
        aw_jw_array(w);
        for (size_t c = 0; c < h->call_count; c++) {
            aw_jw_object_inline(w);
            aw_jw_member_string(w, "hop", m->hops[h->calls[c].hop].id);
            aw_jw_member_number(w, "perRequest", h->calls[c].per_request);
            if (h->calls[c].holds_connection)
                aw_jw_member_bool(w, "holdsConnection", true);
            aw_jw_end_object(w);
        }
        aw_jw_end_array(w);
    }
    aw_jw_end_object(w);
}

static void S_hop_list(aw_jw *w, const char *key, const aw_sim_model *m, const uint32_t *hops, size_t count)
{
    aw_jw_key(w, key);
    aw_jw_array_inline(w);
    for (size_t i = 0; i < count; i++)
        aw_jw_string(w, m->hops[hops[i]].id);
    aw_jw_end_array(w);
}

static void S_hop_ref(aw_jw *w, const char *key, const aw_sim_model *m, int64_t hop)
{
    if (hop >= 0)
        aw_jw_member_string(w, key, m->hops[hop].id);
}

static void S_route(aw_jw *w, const aw_sim_model *m, const aw_sim_route *r)
{
    static const char *const api_types[] = {"unknown", "http", "rest", "websocket"};
    aw_jw_object(w);
    aw_jw_member_string(w, "id", r->id);
    aw_jw_member_string(w, "route", r->route);
    if (r->stage)
        aw_jw_member_string(w, "stage", r->stage);
    aw_jw_member_string(w, "apiType", api_types[r->api_type]);
    if (r->route_key)
        aw_jw_member_string(w, "routeKey", r->route_key);
    S_hop_list(w, "gates", m, r->gates, r->gate_count);
    S_hop_ref(w, "authorizer", m, r->authorizer);
    S_hop_ref(w, "cache", m, r->cache);
    S_hop_ref(w, "target", m, r->target);
    aw_jw_member_number(w, "timeoutMs", r->timeout_ms);
    aw_jw_end_object(w);
}

static void S_source(aw_jw *w, const aw_sim_model *m, const aw_sim_source *s)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "id", s->id);
    aw_jw_key(w, "traffic");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "profile", aw_sim_profile_name(s->traffic.profile));
    aw_jw_member_number(w, "rate", s->traffic.rate);
    aw_jw_member_number(w, "peakRate", s->traffic.peak_rate);
    aw_jw_member_number(w, "durationS", s->traffic.duration_s);
    aw_jw_member_number(w, "rampS", s->traffic.ramp_s);
    aw_jw_end_object(w);
    aw_jw_key(w, "mix");
    aw_jw_array(w);
    for (size_t i = 0; i < s->route_count; i++) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "route", m->routes[s->routes[i]].id);
        aw_jw_member_number(w, "weight", s->weights[i]);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    S_hop_list(w, "gates", m, s->gates, s->gate_count);
    aw_jw_end_object(w);
}

static void S_consumer(aw_jw *w, const aw_sim_model *m, const aw_sim_consumer *c)
{
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "id", c->id);
    aw_jw_member_string(w, "queue", m->hops[c->queue].id);
    aw_jw_member_string(w, "function", m->hops[c->function].id);
    aw_jw_member_int(w, "batchSize", c->batch_size);
    aw_jw_member_number(w, "batchWindowMs", c->batch_window_ms);
    aw_jw_member_int(w, "maxConcurrency", c->max_concurrency);
    aw_jw_member_number(w, "visibilityTimeoutMs", c->visibility_ms);
    if (c->max_receives)
        aw_jw_member_int(w, "maxReceiveCount", c->max_receives);
    aw_jw_member_bool(w, "fifo", c->fifo);
    if (c->groups)
        aw_jw_member_int(w, "messageGroups", c->groups);
    aw_jw_end_object(w);
}

/* About what the document will take, generously: a hop is written in some
 * 320 bytes, a route in 380 (with ids of common length). Room reserved at
 * once spares an estate's document (tens of MiB) the copies of growing by
 * doubling and the fresh pages each copy faults in; room never written is
 * never touched. */
static size_t S_size_estimate(const aw_sim_model *m)
{
    size_t bytes = 4096 + 512 * (m->hop_count + m->route_count) + 384 * m->consumer_count;
    for (size_t i = 0; i < m->source_count; i++)
        bytes += 512 + 128 * m->sources[i].route_count;
    return bytes;
}

void aw_sim_model_write_json(const aw_sim_model *m, aw_strbuf *out)
{
    aw_strbuf_reserve(out, S_size_estimate(m));
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_int(&w, "simulationFormat", AW_SIM_FORMAT_VERSION);
    if (m->name)
        aw_jw_member_string(&w, "diagram", m->name);
    aw_jw_key(&w, "hops");
    aw_jw_array(&w);
    for (size_t i = 0; i < m->hop_count; i++)
        S_hop(&w, m, &m->hops[i]);
    aw_jw_end_array(&w);
    aw_jw_key(&w, "routes");
    aw_jw_array(&w);
    for (size_t i = 0; i < m->route_count; i++)
        S_route(&w, m, &m->routes[i]);
    aw_jw_end_array(&w);
    aw_jw_key(&w, "sources");
    aw_jw_array(&w);
    for (size_t i = 0; i < m->source_count; i++)
        S_source(&w, m, &m->sources[i]);
    aw_jw_end_array(&w);
    if (m->consumer_count) {
        aw_jw_key(&w, "consumers");
        aw_jw_array(&w);
        for (size_t i = 0; i < m->consumer_count; i++)
            S_consumer(&w, m, &m->consumers[i]);
        aw_jw_end_array(&w);
    }
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}

bool aw_emit_sim_input(const aw_model *model, aw_strbuf *out)
{
    aw_arena arena;
    aw_arena_init(&arena);
    aw_sim_model *m = aw_sim_model_build(model, &arena);
    if (m)
        aw_sim_model_write_json(m, out);
    aw_arena_free(&arena);
    return m != NULL;
}
