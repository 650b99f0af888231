/* The simulation model's routes (each route on each stage of its API, with
 * the throttles, authorizer, cache and integration a request meets) and its
 * traffic sources (the diagram's clients), and the driver that builds it. */
#include <stdlib.h>
#include <string.h>

#include "../ir/aws_limits.h"
#include "client_mix.h"
#include "model_builder.h"

/* Each route's throttle overrides in the stages, as lists through their
 * items (a route's own scan of every stage's overrides would be routes x
 * overrides on an estate). */
typedef struct S_overrides {
    int64_t *first;             /* route node index -> its first override, -1 */
    struct S_override {
        const aw_node *stage;
        size_t k;               /* in the stage's routeThrottles */
        int64_t next;
    } *items;
} S_overrides;

/* A client's usage-plan gates, one pair per plan and API key, kept in a
 * list per key node. */
typedef struct S_key_gate {
    const aw_node *plan;
    int64_t quota, throttle;    /* hops, -1 none */
    int64_t next;
} S_key_gate;

/* What the routes and sources are built from, indexed once. */
typedef struct S_index {
    aw_api_index api;
    S_overrides ovr;
    const aw_node **plans;      /* the usage plans */
    size_t plan_count;
    int64_t *key_first;         /* API key node index -> its first S_key_gate, -1 */
    S_key_gate *keys;
    size_t key_count, key_cap;
    int64_t ws_connects;        /* the account's WebSocket connect bucket, -1 until needed */
} S_index;

static bool S_overrides_index(const aw_model *m, S_overrides *o)
{
    size_t total = 0, n = m->node_count ? m->node_count : 1;
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_STAGE)
            total += m->nodes[i]->as.stage.route_throttle_count;
    o->first = malloc(n * sizeof *o->first);
    o->items = malloc((total ? total : 1) * sizeof *o->items);
    if (!o->first || !o->items)
        return false;
    for (size_t i = 0; i < m->node_count; i++)
        o->first[i] = -1;
    /* Backwards, so that each list holds the diagram's order. */
    size_t at = total;
    for (size_t i = m->node_count; i-- > 0;) {
        const aw_node *s = m->nodes[i];
        for (size_t k = s->kind == AW_KIND_STAGE ? s->as.stage.route_throttle_count : 0; k-- > 0;) {
            const aw_route_throttle *rt = &s->as.stage.route_throttles[k];
            if (!rt->route.node || !AW_IS_SET(rt->rate))
                continue;
            int64_t *head = &o->first[rt->route.node->index];
            o->items[--at] = (struct S_override){s, k, *head};
            *head = (int64_t)at;
        }
    }
    return true;
}

static bool S_index_build(const aw_model *m, S_index *x)
{
    size_t n = m->node_count ? m->node_count : 1;
    *x = (S_index){.ws_connects = -1};
    x->plans = malloc(n * sizeof *x->plans);
    x->key_first = malloc(n * sizeof *x->key_first);
    if (!x->plans || !x->key_first || !aw_api_index_build(m, &x->api) || !S_overrides_index(m, &x->ovr))
        return false;
    for (size_t i = 0; i < m->node_count; i++) {
        x->key_first[i] = -1;
        if (m->nodes[i]->kind == AW_KIND_USAGE_PLAN)
            x->plans[x->plan_count++] = m->nodes[i];
    }
    return true;
}

static void S_index_free(S_index *x)
{
    aw_api_index_free(&x->api);
    free(x->ovr.first), free(x->ovr.items), free(x->plans), free(x->key_first), free(x->keys);
}

/* The route's own limit on this stage: the stage's override, else the
 * route's throttle; -1 when neither. */
static int64_t S_route_bucket(aw_sim_builder *b, const S_index *x, const aw_node *route, const aw_node *stage,
                              const char *sim_id)
{
    const S_overrides *o = &x->ovr;
    const char *id = aw_sim_builder_name(b, "route", sim_id);
    for (int64_t i = stage ? o->first[route->index] : -1; i >= 0; i = o->items[i].next) {
        if (o->items[i].stage != stage)
            continue;
        size_t k = o->items[i].k;
        const aw_route_throttle *rt = &stage->as.stage.route_throttles[k];
        int64_t h = aw_sim_builder_bucket(b, id, route->id, "routeThrottle", rt->rate, rt->burst);
        const char *at[] = {"routeThrottles", aw_arena_printf(b->arena, "%zu", k), NULL};
        aw_sim_builder_throttle_knobs(b, h, stage->id, at, -1);
        return h;
    }
    const aw_throttle *t = route->as.route.throttle;
    if (!t || !AW_IS_SET(t->rate))
        return -1;
    int64_t h = aw_sim_builder_bucket(b, id, route->id, "routeThrottle", t->rate, t->burst);
    aw_sim_builder_throttle_knobs(b, h, route->id, (const char *[]){"throttle", NULL}, (int64_t)route->index);
    return h;
}

/* The stage's default throttle, which AWS applies to each route apart
 * (as the capacity rules count it): a bucket per route. */
static int64_t S_stage_bucket(aw_sim_builder *b, const aw_node *stage, const char *sim_id)
{
    const aw_throttle *t = stage ? stage->as.stage.throttle : NULL;
    if (!t || !AW_IS_SET(t->rate))
        return -1;
    const char *id = AW_SIM_CONCAT(b, "stage:", stage->id, "/", sim_id);
    int64_t h = aw_sim_builder_bucket(b, id, stage->id, "stage", t->rate, t->burst);
    aw_sim_builder_throttle_knobs(b, h, stage->id, (const char *[]){"throttle", NULL}, (int64_t)stage->index);
    return h;
}

/* New WebSocket connections per account: one bucket for every $connect. */
static int64_t S_connect_bucket(aw_sim_builder *b, S_index *x)
{
    double rate = aw_limit_value(AW_LIMIT_WS_NEW_CONNECTIONS);
    if (x->ws_connects < 0)
        x->ws_connects = aw_sim_builder_bucket(b, "account:websocket-connects", NULL, "websocketConnects", rate,
                                               (int64_t)rate);
    return x->ws_connects;
}

static const aw_node *S_authorizer_of(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->auth_none)
        return NULL;
    if (r->authorizer.node)
        return r->authorizer.node;
    const aw_node *api = r->api.node;
    return api ? api->as.api.default_authorizer.node : NULL;
}

/* A REST stage cache answers GET requests, unless the route turns it off;
 * a route with a time to live of its own has a cache of its own. */
static int64_t S_route_cache(aw_sim_builder *b, const aw_node *route, const aw_node *stage)
{
    const aw_route *r = &route->as.route;
    int64_t h = stage && r->method == AW_METHOD_GET ? b->stage_cache[stage->index] : -1;
    const aw_route_cache *rc = r->cache;
    if (h < 0 || !rc || !AW_IS_SET(rc->ttl_ms) || rc->ttl_ms == b->hops[h].ttl_ms)
        return h >= 0 && rc && !rc->enabled ? -1 : h;
    if (!rc->enabled)
        return -1;
    const char *rid = AW_SIM_CONCAT(b, route->id, "/", stage->id);
    int64_t own = aw_sim_builder_hop(b, aw_sim_builder_name(b, "routecache", rid), route->id, "cache",
                                     AW_SIM_HOP_CACHE);
    if (own >= 0) {
        b->hops[own].ttl_ms = rc->ttl_ms;
        b->hops[own].keys = b->hops[h].keys;
    }
    return own;
}

static void S_route_on_stage(aw_sim_builder *b, S_index *x, aw_sim_route *out, const aw_node *route,
                             const aw_node *stage, bool several, int64_t account)
{
    const aw_route *r = &route->as.route;
    out->route = route->id;
    out->stage = stage ? stage->id : NULL;
    out->id = several ? AW_SIM_CONCAT(b, route->id, "@", stage->id) : route->id;
    out->api_type = r->api.node ? r->api.node->as.api.type : AW_API_UNSET;
    out->route_key = r->route_key;
    if (out->api_type == AW_API_WEBSOCKET)
        out->ws = !r->route_key ? AW_SIM_WS_MESSAGE : strcmp(r->route_key, "$connect") == 0 ? AW_SIM_WS_CONNECT
                : strcmp(r->route_key, "$disconnect") == 0 ? AW_SIM_WS_DISCONNECT : AW_SIM_WS_MESSAGE;
    out->gates = aw_arena_alloc(b->arena, 4 * sizeof *out->gates);
    int64_t gates[4] = {S_route_bucket(b, x, route, stage, out->id), S_stage_bucket(b, stage, out->id),
                        out->ws == AW_SIM_WS_CONNECT ? S_connect_bucket(b, x) : -1, account};
    for (int g = 0; g < 4; g++)
        if (gates[g] >= 0)
            out->gates[out->gate_count++] = (uint32_t)gates[g];
    const aw_node *auth = S_authorizer_of(route);
    out->authorizer = auth ? b->node_hop[auth->index] : -1;
    out->cache = S_route_cache(b, route, stage);
    const aw_node *in = r->integration.node;
    out->target = in ? aw_sim_builder_target(b, in) : -1;
    out->timeout_ms = in && AW_IS_SET(in->as.integration.timeout_ms) ? in->as.integration.timeout_ms : 29000.0;
}

/* Every route on every stage of its API (or alone when it has none);
 * first[i] is route node i's first sim route, its stages following in
 * the API's stage order. */
static aw_sim_route *S_routes(aw_sim_builder *b, S_index *x, int64_t account, size_t *count, int64_t *first)
{
    const aw_model *m = b->ir;
    size_t total = 0;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        first[i] = -1;
        if (n->kind == AW_KIND_ROUTE && n->as.route.api.node) {
            size_t c = x->api.stages[n->as.route.api.node->index];
            total += c ? c : 1;
        }
    }
    aw_sim_route *routes = aw_arena_alloc(b->arena, (total ? total : 1) * sizeof *routes);
    size_t k = 0;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_ROUTE || !n->as.route.api.node)
            continue;
        size_t api = n->as.route.api.node->index;
        first[i] = (int64_t)k;
        if (!x->api.stages[api])
            S_route_on_stage(b, x, &routes[k++], n, NULL, false, account);
        for (int64_t s = x->api.first_stage[api]; s >= 0; s = x->api.next[s])
            S_route_on_stage(b, x, &routes[k++], n, m->nodes[s], x->api.stages[api] > 1, account);
    }
    *count = k;
    return routes;
}

/* ---- traffic sources ---------------------------------------------------------- */

static int64_t S_route_on(const aw_sim_model *sm, int64_t first, const char *stage)
{
    if (first < 0)
        return -1;
    const char *route = sm->routes[first].route;
    if (!stage)     /* a client without a stage, on an API without stages */
        return sm->routes[first].stage ? -1 : first;
    for (size_t k = (size_t)first; k < sm->route_count && sm->routes[k].route == route; k++)
        if (sm->routes[k].stage && stage && strcmp(sm->routes[k].stage, stage) == 0)
            return (int64_t)k;
    return -1;
}

static aw_sim_traffic S_traffic(const aw_traffic *t)
{
    static const aw_sim_profile profiles[] = {
        [AW_PROFILE_UNSET] = AW_SIM_CONSTANT, [AW_PROFILE_CONSTANT] = AW_SIM_CONSTANT, [AW_PROFILE_RAMP] = AW_SIM_RAMP,
        [AW_PROFILE_SPIKE] = AW_SIM_SPIKE, [AW_PROFILE_DIURNAL] = AW_SIM_WAVE,
    };
    aw_sim_traffic out = {.profile = profiles[t->profile], .rate = AW_IS_SET(t->rate) ? t->rate : 0.0};
    out.peak_rate = AW_IS_SET(t->peak_rate) ? t->peak_rate : out.rate;
    out.duration_s = AW_IS_SET(t->duration_ms) ? t->duration_ms / 1000.0 : 60.0;
    out.ramp_s = AW_IS_SET(t->ramp_ms) ? t->ramp_ms / 1000.0 : out.duration_s;
    return out;
}

static bool S_refs_have(const aw_refs *refs, const aw_node *node)
{
    for (size_t i = 0; i < refs->count; i++)
        if (refs->items[i].node == node)
            return true;
    return false;
}

/* The quota and throttle hops of a plan for an API key, made once: AWS
 * meters each key apart. */
static S_key_gate *S_key_gate_of(aw_sim_builder *b, S_index *x, const aw_node *p, const aw_node *key)
{
    for (int64_t i = x->key_first[key->index]; i >= 0; i = x->keys[i].next)
        if (x->keys[i].plan == p)
            return &x->keys[i];
    if (x->key_count == x->key_cap) {
        size_t cap = x->key_cap ? x->key_cap * 2 : 16;
        S_key_gate *grown = realloc(x->keys, cap * sizeof *grown);
        if (!grown) {
            b->failed = true;
            return NULL;
        }
        x->keys = grown, x->key_cap = cap;
    }
    const aw_usage_plan *up = &p->as.usage_plan;
    const char *pk = AW_SIM_CONCAT(b, p->id, "/", key->id);
    S_key_gate *g = &x->keys[x->key_count];
    *g = (S_key_gate){p, -1, -1, x->key_first[key->index]};
    x->key_first[key->index] = (int64_t)x->key_count++;
    if (up->quota && up->quota->limit != AW_UNSET_INT &&
        (g->quota = aw_sim_builder_hop(b, aw_sim_builder_name(b, "quota", pk), p->id, "quota", AW_SIM_HOP_QUOTA)) >= 0)
        b->hops[g->quota].rate = (double)up->quota->limit;
    if (up->throttle && AW_IS_SET(up->throttle->rate)) {
        g->throttle = aw_sim_builder_bucket(b, aw_sim_builder_name(b, "plan", pk), p->id, "usagePlan",
                                            up->throttle->rate, up->throttle->burst);
        aw_sim_builder_throttle_knobs(b, g->throttle, p->id, (const char *[]){"throttle", NULL}, (int64_t)p->index);
    }
    return g;
}

/* The usage-plan quotas and throttles of the client's API key on its stage. */
static void S_key_gates(aw_sim_builder *b, S_index *x, aw_sim_source *src, const aw_node *stage, const aw_node *key)
{
    src->gates = aw_arena_alloc(b->arena, (2 * x->plan_count + 1) * sizeof *src->gates);
    for (size_t i = 0; key && i < x->plan_count; i++) {
        const aw_node *p = x->plans[i];
        if (!S_refs_have(&p->as.usage_plan.stages, stage) || !S_refs_have(&p->as.usage_plan.api_keys, key))
            continue;
        const S_key_gate *g = S_key_gate_of(b, x, p, key);
        if (g && g->quota >= 0)
            src->gates[src->gate_count++] = (uint32_t)g->quota;
        if (g && g->throttle >= 0)
            src->gates[src->gate_count++] = (uint32_t)g->throttle;
    }
}

static void S_source(aw_sim_builder *b, aw_sim_model *sm, S_index *x, aw_sim_source *src, const aw_node *n,
                     const int64_t *first)
{
    const aw_client *c = &n->as.client;
    const aw_node *stage = c->stage.node;
    src->id = n->id;
    src->traffic = c->traffic ? S_traffic(c->traffic) : (aw_sim_traffic){.profile = AW_SIM_CONSTANT, .duration_s = 60};
    size_t cap = aw_client_mix_cap(&x->api, n);
    const aw_node **mix = aw_arena_alloc(b->arena, (cap ? cap : 1) * sizeof *mix);
    src->routes = aw_arena_alloc(b->arena, (cap ? cap : 1) * sizeof *src->routes);
    src->weights = aw_arena_alloc(b->arena, (cap ? cap : 1) * sizeof *src->weights);
    double total;
    size_t count = aw_client_mix(&x->api, n, mix, src->weights, &total);
    for (size_t k = 0; k < count; k++) {
        int64_t sr = S_route_on(sm, first[mix[k]->index], stage ? stage->id : NULL);
        if (sr < 0)
            continue;
        src->routes[src->route_count] = (uint32_t)sr;
        src->weights[src->route_count++] = src->weights[k];
    }
    S_key_gates(b, x, src, stage, c->api_key.node);
}

/* ---- the driver ------------------------------------------------------------------ */

static void S_hops(aw_sim_builder *b)
{
    static void (*const by_kind[AW_KIND_COUNT])(aw_sim_builder *, const aw_node *) = {
        [AW_KIND_FUNCTION] = aw_sim_builder_function, [AW_KIND_DATASTORE] = aw_sim_builder_datastore,
        [AW_KIND_LOAD_BALANCER] = aw_sim_builder_load_balancer, [AW_KIND_HTTP_BACKEND] = aw_sim_builder_backend,
        [AW_KIND_STAGE] = aw_sim_builder_stage,
    };
    for (size_t i = 0; i < b->ir->node_count; i++)
        if (by_kind[b->ir->nodes[i]->kind])
            by_kind[b->ir->nodes[i]->kind](b, b->ir->nodes[i]);
    /* Authorizers refer to their functions' hops: after them. */
    for (size_t i = 0; i < b->ir->node_count; i++)
        if (b->ir->nodes[i]->kind == AW_KIND_AUTHORIZER)
            aw_sim_builder_authorizer(b, b->ir->nodes[i]);
    aw_sim_builder_edges(b);
    aw_sim_builder_size_pools(b);
}

aw_sim_model *aw_sim_model_build(const aw_model *ir, aw_arena *arena)
{
    size_t n = ir->node_count ? ir->node_count : 1;
    aw_sim_builder b = {.ir = ir, .arena = arena, .shared_pool = -1};
    b.node_hop = malloc(n * sizeof *b.node_hop);
    b.stage_cache = malloc(n * sizeof *b.stage_cache);
    b.node_knob = malloc(n * sizeof *b.node_knob);
    int64_t *first = malloc(n * sizeof *first);
    S_index x;
    aw_sim_model *sm = aw_arena_alloc(arena, sizeof *sm);
    bool ok = S_index_build(ir, &x) && b.node_hop && b.stage_cache && b.node_knob && first;
    for (size_t i = 0; ok && i < n; i++)
        b.node_hop[i] = b.stage_cache[i] = b.node_knob[i] = -1;
    if (ok) {
        sm->name = ir->name;
        /* The account's limit as the lint judges it: the diagram's
         * accountThrottle, else the default of its regions. */
        double account_rps;
        int64_t account_burst;
        aw_account_throttle(ir, &account_rps, &account_burst, NULL);
        int64_t account = aw_sim_builder_bucket(&b, "account", NULL, "account", account_rps, account_burst);
        aw_sim_builder_throttle_knobs(&b, account, NULL, (const char *[]){"accountThrottle", NULL}, -1);
        S_hops(&b);
        sm->routes = S_routes(&b, &x, account, &sm->route_count, first);
        for (size_t i = 0; i < ir->node_count; i++)
            sm->source_count += ir->nodes[i]->kind == AW_KIND_CLIENT;
        sm->sources = aw_arena_alloc(arena, (sm->source_count ? sm->source_count : 1) * sizeof *sm->sources);
        for (size_t i = 0, k = 0; i < ir->node_count; i++)
            if (ir->nodes[i]->kind == AW_KIND_CLIENT)
                S_source(&b, sm, &x, &sm->sources[k++], ir->nodes[i], first);
        aw_sim_builder_consumers(&b, sm);
        ok = !b.failed;
    }
    if (ok) {
        sm->hop_count = b.count;
        sm->hops = aw_arena_alloc(arena, (b.count ? b.count : 1) * sizeof *sm->hops);
        memcpy(sm->hops, b.hops, b.count * sizeof *sm->hops);
        sm->knob_count = b.knob_count;
        sm->knobs = aw_arena_alloc(arena, (b.knob_count ? b.knob_count : 1) * sizeof *sm->knobs);
        memcpy(sm->knobs, b.knobs, b.knob_count * sizeof *sm->knobs);
    }
    free(b.hops), free(b.node_hop), free(b.stage_cache), free(b.node_knob), free(b.knobs), free(first);
    S_index_free(&x);
    return ok ? sm : NULL;
}

int64_t aw_sim_hop_find(const aw_sim_model *m, const char *id)
{
    for (size_t i = 0; i < m->hop_count; i++)
        if (strcmp(m->hops[i].id, id) == 0)
            return (int64_t)i;
    return -1;
}

const char *aw_sim_hop_kind_name(aw_sim_hop_kind kind)
{
    static const char *const names[AW_SIM_HOP_KIND_COUNT] = {
        "bucket", "quota", "authorizer", "cache", "lambda", "pool", "service", "mock",
    };
    return kind < AW_SIM_HOP_KIND_COUNT ? names[kind] : "?";
}

const char *aw_sim_dist_kind_name(aw_sim_dist_kind kind)
{
    static const char *const names[] = {"none", "constant", "exponential", "lognormal", "empirical"};
    return kind <= AW_SIM_DIST_EMPIRICAL ? names[kind] : "?";
}

const char *aw_sim_profile_name(aw_sim_profile profile)
{
    static const char *const names[] = {"constant", "ramp", "spike", "wave", "table"};
    return profile <= AW_SIM_TABLE ? names[profile] : "?";
}
