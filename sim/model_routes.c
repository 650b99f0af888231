/* The simulation model's routes (each route on each stage of its API, with
 * the throttles, authorizer, cache and integration a request meets) and its
 * traffic sources (the diagram's clients), and the driver that builds it. */
#include <stdlib.h>
#include <string.h>

#include "../ir/aws_limits.h"
#include "model_builder.h"

/* The stages of each API as linked lists through node indexes. */
typedef struct S_stages {
    int64_t *first;     /* api node index -> first stage, -1 */
    int64_t *next;      /* stage or route node index -> next of the same API, -1 */
    size_t *count;      /* api node index -> how many stages */
    int64_t *first_route;   /* api node index -> first route in node order, -1 */
    size_t *route_count;    /* api node index -> how many routes */
} S_stages;

static bool S_stages_index(const aw_model *m, S_stages *s)
{
    size_t n = m->node_count ? m->node_count : 1;
    s->first = malloc(n * sizeof *s->first);
    s->next = malloc(n * sizeof *s->next);
    s->count = calloc(n, sizeof *s->count);
    s->first_route = malloc(n * sizeof *s->first_route);
    s->route_count = calloc(n, sizeof *s->route_count);
    if (!s->first || !s->next || !s->count || !s->first_route || !s->route_count)
        return false;
    for (size_t i = 0; i < m->node_count; i++)
        s->first[i] = s->next[i] = s->first_route[i] = -1;
    for (size_t i = m->node_count; i-- > 0;) {
        const aw_node *node = m->nodes[i];
        const aw_node *api = node->kind == AW_KIND_STAGE   ? node->as.stage.api.node
                             : node->kind == AW_KIND_ROUTE ? node->as.route.api.node
                                                           : NULL;
        if (!api)
            continue;
        bool stage = node->kind == AW_KIND_STAGE;
        int64_t *head = stage ? &s->first[api->index] : &s->first_route[api->index];
        s->next[i] = *head;
        *head = (int64_t)i;
        (stage ? s->count : s->route_count)[api->index]++;
    }
    return true;
}

static void S_stages_free(S_stages *s)
{
    free(s->first), free(s->next), free(s->count), free(s->first_route), free(s->route_count);
}

/* The route's own limit on this stage: the stage's override, else the
 * route's throttle; -1 when neither. */
static int64_t S_route_bucket(aw_sim_builder *b, const aw_node *route, const aw_node *stage, const char *sim_id)
{
    const char *id = aw_sim_builder_name(b, "route", sim_id);
    for (size_t k = 0; stage && k < stage->as.stage.route_throttle_count; k++) {
        const aw_route_throttle *rt = &stage->as.stage.route_throttles[k];
        if (rt->route.node == route && AW_IS_SET(rt->rate)) {
            int64_t h = aw_sim_builder_bucket(b, id, route->id, "routeThrottle", rt->rate, rt->burst);
            const char *at[] = {"routeThrottles", aw_arena_printf(b->arena, "%zu", k), NULL};
            aw_sim_builder_throttle_knobs(b, h, stage->id, at, -1);
            return h;
        }
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
    const char *id = aw_arena_printf(b->arena, "stage:%s/%s", stage->id, sim_id);
    int64_t h = aw_sim_builder_bucket(b, id, stage->id, "stage", t->rate, t->burst);
    aw_sim_builder_throttle_knobs(b, h, stage->id, (const char *[]){"throttle", NULL}, (int64_t)stage->index);
    return h;
}

/* New WebSocket connections per account: one bucket for every $connect. */
static int64_t S_connect_bucket(aw_sim_builder *b)
{
    int64_t h = aw_sim_model_find_in(b, "account:websocket-connects");
    double rate = aw_limit_value(AW_LIMIT_WS_NEW_CONNECTIONS);
    return h >= 0 ? h : aw_sim_builder_bucket(b, "account:websocket-connects", NULL, "websocketConnects", rate,
                                              (int64_t)rate);
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

static void S_route_on_stage(aw_sim_builder *b, aw_sim_route *out, const aw_node *route, const aw_node *stage,
                             bool several, int64_t account)
{
    const aw_route *r = &route->as.route;
    out->route = route->id;
    out->stage = stage ? stage->id : NULL;
    out->id = several ? aw_arena_printf(b->arena, "%s@%s", route->id, stage->id) : route->id;
    out->api_type = r->api.node ? r->api.node->as.api.type : AW_API_UNSET;
    out->route_key = r->route_key;
    if (out->api_type == AW_API_WEBSOCKET)
        out->ws = !r->route_key ? AW_SIM_WS_MESSAGE : strcmp(r->route_key, "$connect") == 0 ? AW_SIM_WS_CONNECT
                : strcmp(r->route_key, "$disconnect") == 0 ? AW_SIM_WS_DISCONNECT : AW_SIM_WS_MESSAGE;
    out->gates = aw_arena_alloc(b->arena, 4 * sizeof *out->gates);
    int64_t gates[4] = {S_route_bucket(b, route, stage, out->id), S_stage_bucket(b, stage, out->id),
                        out->ws == AW_SIM_WS_CONNECT ? S_connect_bucket(b) : -1, account};
    for (int g = 0; g < 4; g++)
        if (gates[g] >= 0)
            out->gates[out->gate_count++] = (uint32_t)gates[g];
    const aw_node *auth = S_authorizer_of(route);
    out->authorizer = auth ? b->node_hop[auth->index] : -1;
    /* A REST stage cache answers GET requests. */
    out->cache = stage && r->method == AW_METHOD_GET ? b->stage_cache[stage->index] : -1;
    const aw_node *in = r->integration.node;
    out->target = in ? aw_sim_builder_target(b, in) : -1;
    out->timeout_ms = in && AW_IS_SET(in->as.integration.timeout_ms) ? in->as.integration.timeout_ms : 29000.0;
}

/* Every route on every stage of its API (or alone when it has none);
 * first[i] is route node i's first sim route, its stages following in
 * the API's stage order. */
static aw_sim_route *S_routes(aw_sim_builder *b, const S_stages *st, int64_t account, size_t *count,
                              int64_t *first)
{
    const aw_model *m = b->ir;
    size_t total = 0;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        first[i] = -1;
        if (n->kind == AW_KIND_ROUTE && n->as.route.api.node) {
            size_t c = st->count[n->as.route.api.node->index];
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
        if (!st->count[api])
            S_route_on_stage(b, &routes[k++], n, NULL, false, account);
        for (int64_t s = st->first[api]; s >= 0; s = st->next[s])
            S_route_on_stage(b, &routes[k++], n, m->nodes[s], st->count[api] > 1, account);
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

/* The usage-plan throttle and quota of the client's API key on its stage:
 * one bucket per plan and key, as AWS meters them. */
static void S_key_gates(aw_sim_builder *b, aw_sim_source *src, const aw_node *stage, const aw_node *key)
{
    const aw_model *m = b->ir;
    size_t plans = 0;
    for (size_t i = 0; i < m->node_count; i++)
        plans += m->nodes[i]->kind == AW_KIND_USAGE_PLAN;
    src->gates = aw_arena_alloc(b->arena, (2 * plans + 1) * sizeof *src->gates);
    for (size_t i = 0; key && i < m->node_count; i++) {
        const aw_node *p = m->nodes[i];
        if (p->kind != AW_KIND_USAGE_PLAN || !S_refs_have(&p->as.usage_plan.stages, stage) ||
            !S_refs_have(&p->as.usage_plan.api_keys, key))
            continue;
        const aw_usage_plan *up = &p->as.usage_plan;
        const char *pk = aw_arena_printf(b->arena, "%s/%s", p->id, key->id);
        if (up->quota && up->quota->limit != AW_UNSET_INT) {
            const char *qid = aw_sim_builder_name(b, "quota", pk);
            int64_t h = aw_sim_model_find_in(b, qid);
            if (h < 0 && (h = aw_sim_builder_hop(b, qid, p->id, "quota", AW_SIM_HOP_QUOTA)) >= 0)
                b->hops[h].rate = (double)up->quota->limit;
            if (h >= 0)
                src->gates[src->gate_count++] = (uint32_t)h;
        }
        if (up->throttle && AW_IS_SET(up->throttle->rate)) {
            const char *tid = aw_sim_builder_name(b, "plan", pk);
            int64_t h = aw_sim_model_find_in(b, tid);
            if (h < 0) {
                h = aw_sim_builder_bucket(b, tid, p->id, "usagePlan", up->throttle->rate, up->throttle->burst);
                aw_sim_builder_throttle_knobs(b, h, p->id, (const char *[]){"throttle", NULL}, (int64_t)p->index);
            }
            if (h >= 0)
                src->gates[src->gate_count++] = (uint32_t)h;
        }
    }
}

static void S_source(aw_sim_builder *b, aw_sim_model *sm, const S_stages *st, aw_sim_source *src, const aw_node *n,
                     const int64_t *first)
{
    const aw_client *c = &n->as.client;
    const aw_node *stage = c->stage.node;
    src->id = n->id;
    src->traffic = c->traffic ? S_traffic(c->traffic) : (aw_sim_traffic){.profile = AW_SIM_CONSTANT, .duration_s = 60};
    size_t cap = c->mix_count;
    const aw_node *api = stage ? stage->as.stage.api.node : NULL;
    if (!cap && api)
        cap = st->route_count[api->index];
    src->routes = aw_arena_alloc(b->arena, (cap ? cap : 1) * sizeof *src->routes);
    src->weights = aw_arena_alloc(b->arena, (cap ? cap : 1) * sizeof *src->weights);
    for (size_t k = 0; k < c->mix_count; k++) {
        const aw_node *r = c->mix[k].route.node;
        int64_t sr = r ? S_route_on(sm, first[r->index], stage ? stage->id : NULL) : -1;
        if (sr < 0 || !(c->mix[k].weight > 0))
            continue;
        src->routes[src->route_count] = (uint32_t)sr;
        src->weights[src->route_count++] = c->mix[k].weight;
    }
    /* No mix: every route of the API alike, in the diagram's order. */
    for (int64_t i = !c->mix_count && api ? st->first_route[api->index] : -1; i >= 0; i = st->next[i]) {
        int64_t sr = S_route_on(sm, first[i], stage ? stage->id : NULL);
        if (sr < 0)
            continue;
        src->routes[src->route_count] = (uint32_t)sr;
        src->weights[src->route_count++] = 1.0;
    }
    S_key_gates(b, src, stage, c->api_key.node);
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
    S_stages st = {0};
    aw_sim_model *sm = aw_arena_alloc(arena, sizeof *sm);
    bool ok = b.node_hop && b.stage_cache && b.node_knob && first && S_stages_index(ir, &st);
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
        sm->routes = S_routes(&b, &st, account, &sm->route_count, first);
        for (size_t i = 0; i < ir->node_count; i++)
            sm->source_count += ir->nodes[i]->kind == AW_KIND_CLIENT;
        sm->sources = aw_arena_alloc(arena, (sm->source_count ? sm->source_count : 1) * sizeof *sm->sources);
        for (size_t i = 0, k = 0; i < ir->node_count; i++)
            if (ir->nodes[i]->kind == AW_KIND_CLIENT)
                S_source(&b, sm, &st, &sm->sources[k++], ir->nodes[i], first);
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
    S_stages_free(&st);
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
