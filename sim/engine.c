/* The discrete-event simulator: requests arrive from the traffic sources,
 * take a token from every gate, pass the authorizer and the cache, and hold
 * their integration's hop while it works and calls what stands behind it.
 * Events live in one heap; requests come from a free list, so memory grows
 * with what is in flight, not with the length of the run. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "engine_direct.h"


/* ---- requests ------------------------------------------------------------- */

bool aw_sim_req_block(aw_sim_engine *e)
{
    if ((e->block_count + 1) * AW_SIM_REQ_BLOCK > AW_EVENT_TIMER) {     /* ids must not reach the timers' */
        e->out_of_memory = true;
        return false;
    }
    void **blocks = realloc(e->blocks, (e->block_count + 1) * sizeof *blocks);
    aw_sim_req *b = malloc(AW_SIM_REQ_BLOCK * sizeof *b);
    if (!blocks || !b) {
        free(b);
        e->blocks = blocks ? blocks : e->blocks;
        e->out_of_memory = true;
        return false;
    }
    e->blocks = blocks;
    e->blocks[e->block_count++] = b;
    for (size_t i = 0; i < AW_SIM_REQ_BLOCK; i++)
        b[i] = (aw_sim_req){.next = i + 1 < AW_SIM_REQ_BLOCK ? &b[i + 1] : NULL,
                            .id = (uint32_t)((e->block_count - 1) * AW_SIM_REQ_BLOCK + i)};
    e->free_list = b;
    return true;
}

aw_sim_second *aw_sim_engine_second_grow(aw_sim_engine *e, size_t s)
{
    aw_sim_result *r = e->res;
    size_t n = s + 1 > r->seconds * 2 ? s + 1 : r->seconds * 2;
    aw_sim_second *series = realloc(r->series, n * sizeof *series);
    if (!series) {
        e->out_of_memory = true;
        return NULL;
    }
    memset(series + r->seconds, 0, (n - r->seconds) * sizeof *series);
    r->series = series, r->seconds = n;
    return &r->series[s];
}

void aw_sim_engine_answer(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause)
{
    aw_sim_answer(e, q, cause);
}

/* Calls within calls: deep enough for any diagram, and a bound on a
 * cycle, which a resolved model has not. */
#define S_MAX_DEPTH 16

static void S_call_chain(aw_sim_engine *e, aw_sim_req *q, uint32_t h);

static void S_serve(aw_sim_engine *e, aw_sim_req *q, uint32_t h)
{
    const aw_sim_hop *d = &e->m->hops[h];
    if (q->phase == S_PH_CALL && d->call_count && !q->call_held && q->depth < S_MAX_DEPTH) {
        S_call_chain(e, q, h);
        return;
    }
    const aw_sim_dist *dist = &d->latency;
    aw_sim_dist exponential;    /* --exponential: the same mean; copied only then */
    if (e->opt->exponential && dist->kind != AW_SIM_DIST_NONE) {
        exponential = *dist;
        exponential.kind = AW_SIM_DIST_EXPONENTIAL;
        dist = &exponential;
    }
    aw_sim_start(e, q, d, aw_sim_dist_sample(dist, &e->rng) * aw_sim_hop_latency_factor(e, h));
}

static void S_target(aw_sim_engine *e, aw_sim_req *q);
static void S_next_call(aw_sim_engine *e, aw_sim_req *q);
static void S_target_end(aw_sim_engine *e, aw_sim_req *q);

/* The hop whose connection the target holds for its whole invocation (an
 * edge with holdsConnection; the first, if several), or -1. */
static int64_t S_held_hop(const aw_sim_hop *t)
{
    for (size_t c = 0; c < t->call_count; c++)
        if (t->calls[c].holds_connection)
            return t->calls[c].hop;
    return -1;
}

static void S_hold_got(aw_sim_engine *e, aw_sim_req *q)
{
    q->held = q->callee + 1;
    q->t_held = e->now;
    q->phase = S_PH_TARGET;
    S_serve(e, q, q->at);
}

/* The target took the request: it takes the connection it holds first
 * (which may mean waiting for one), then works. */
static void S_begin(aw_sim_engine *e, aw_sim_req *q)
{
    int64_t h = S_held_hop(&e->m->hops[q->at]);
    if (h < 0) {
        S_serve(e, q, q->at);
        return;
    }
    q->phase = S_PH_HOLD;
    q->callee = (uint32_t)h;
    q->t_call = e->now;
    int got = aw_sim_hop_enter(e, q->callee, q);
    if (got > 0) {
        S_hold_got(e, q);
    } else if (got < 0) {
        q->phase = S_PH_TARGET;
        q->cause = AW_SIM_DOWNSTREAM_ERROR;
        S_target_end(e, q);
    }
}

void aw_sim_engine_begin(aw_sim_engine *e, aw_sim_req *q)
{
    S_begin(e, q);
}

/* A waiter that a queue now lets through carries on where it waited. */
void aw_sim_engine_resume(aw_sim_engine *e, aw_sim_req *q, uint32_t h)
{
    if (q->phase == S_PH_HOLD)
        S_hold_got(e, q);
    else if (q->phase == S_PH_TARGET)
        S_begin(e, q);
    else
        S_serve(e, q, h);
}

/* The REST stage cache: a hit answers at once; a miss goes on and fills
 * the entry when it succeeds. */
static void S_cache(aw_sim_engine *e, aw_sim_req *q)
{
    int64_t c = e->m->routes[q->route].cache;
    if (c >= 0) {
        aw_sim_hop_state *s = &e->hops[c];
        q->key = (uint32_t)aw_rng_below(&e->rng, (uint64_t)s->def->keys);
        e->res->hops[c].arrivals++;
        if (s->expiry[q->key] > e->now) {
            e->res->hops[c].admitted++;
            aw_sim_engine_answer(e, q, AW_SIM_CACHED);
            return;
        }
        q->cache_miss = 1;
    }
    S_target(e, q);
}

/* The Lambda authorizer: a cached result for this identity passes at once;
 * otherwise its function runs first. */
static void S_authorize(aw_sim_engine *e, aw_sim_req *q)
{
    int64_t a = e->m->routes[q->route].authorizer;
    if (a < 0) {
        S_cache(e, q);
        return;
    }
    aw_sim_hop_state *s = &e->hops[a];
    uint32_t key = (uint32_t)aw_rng_below(&e->rng, (uint64_t)s->def->keys);
    e->res->hops[a].arrivals++;
    if (s->expiry[key] > e->now) {
        e->res->hops[a].admitted++;
        S_cache(e, q);
        return;
    }
    q->key = key;
    q->phase = S_PH_AUTH;
    q->at = (uint32_t)s->def->auth_function;
    q->t_target = e->now;
    if (aw_sim_hop_enter(e, q->at, q) < 0)
        aw_sim_engine_answer(e, q, AW_SIM_AUTH_FAILED);
    else
        S_serve(e, q, q->at);
}

static void S_authorized(aw_sim_engine *e, aw_sim_req *q)
{
    aw_sim_hop_leave(e, q->at, q->t_target);
    int64_t a = e->m->routes[q->route].authorizer;
    if (aw_sim_hop_fails(e, q->at)) {
        e->res->hops[q->at].errors++;
        aw_sim_engine_answer(e, q, AW_SIM_AUTH_FAILED);
        return;
    }
    e->hops[a].expiry[q->key] = e->now + e->hops[a].def->ttl_ms / 1000.0;
    S_cache(e, q);
}

static void S_target(aw_sim_engine *e, aw_sim_req *q)
{
    const aw_sim_route *r = &e->m->routes[q->route];
    q->t_integ = e->now;
    q->reached = 1;
    if (r->target < 0 || e->m->hops[r->target].kind == AW_SIM_HOP_MOCK) {
        aw_sim_engine_answer(e, q, AW_SIM_OK);
        return;
    }
    q->phase = S_PH_TARGET;
    q->at = (uint32_t)r->target;
    q->t_target = e->now;
    int got = aw_sim_hop_enter(e, q->at, q);
    if (got < 0)
        aw_sim_engine_answer(e, q, aw_sim_refusal(&e->m->hops[q->at]));
    else if (got > 0)
        S_begin(e, q);
}

/* ---- the direct path (engine_direct.h) -------------------------------------- */

bool aw_sim_engine_plan(aw_sim_engine *e)
{
    const aw_sim_model *m = e->m;
    for (size_t h = 0; h < m->hop_count; h++) {
        aw_sim_hop_state *s = &e->hops[h];
        const aw_sim_hop *d = s->def;
        bool service = d->kind == AW_SIM_HOP_LAMBDA || d->kind == AW_SIM_HOP_POOL || d->kind == AW_SIM_HOP_SERVICE;
        s->plain = service && !d->call_count && !(d->error_rate > 0) && !s->has_fault && s->consumer < 0 &&
                   !e->opt->exponential;
    }
    e->direct = calloc(m->route_count ? m->route_count : 1, sizeof *e->direct);
    if (!e->direct)
        return false;
    for (size_t i = 0; i < m->route_count; i++) {
        const aw_sim_route *r = &m->routes[i];
        e->direct[i] = r->authorizer < 0 && r->cache < 0 && r->target >= 0 && e->hops[r->target].plain;
    }
    return true;
}

/* A call to a hop that makes calls of its own: a child request does the
 * hop's work and those calls, as a target does, while the caller waits in
 * its call; the caller entered the hop, the child leaves it. */
static void S_call_chain(aw_sim_engine *e, aw_sim_req *q, uint32_t h)
{
    aw_sim_req *c = aw_sim_req_new(e);
    if (!c)
        return;         /* out of memory: the run stops */
    c->parent = q;
    c->route = q->route;
    c->depth = (uint8_t)(q->depth + 1);
    c->phase = S_PH_TARGET;
    c->at = h;
    c->t_target = q->t_call;
    c->cold = q->cold;
    q->cold = 0;
    S_begin(e, c);
}

/* The end of a request: the client's answer, or for a child its caller's
 * call, which fails if the child did. */
static void S_finish(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause)
{
    aw_sim_req *caller = q->parent;
    if (!caller && q->batch) {
        aw_sim_consumer_done(e, q, cause);
        return;
    }
    if (!caller) {
        aw_sim_engine_answer(e, q, cause);
        return;
    }
    aw_sim_req_free(e, q);
    if (cause == AW_SIM_OK) {
        S_next_call(e, caller);
        return;
    }
    caller->cause = AW_SIM_DOWNSTREAM_ERROR;
    caller->phase = S_PH_TARGET;
    S_target_end(e, caller);
}

/* The target's own work and calls are over: it lets go, and the request
 * is answered. */
static void S_target_end(aw_sim_engine *e, aw_sim_req *q)
{
    uint32_t h = q->at;
    const aw_sim_hop *d = &e->m->hops[h];
    aw_sim_req *next = aw_sim_hop_leave(e, h, q->t_target), *next_held = NULL;
    uint32_t held = q->held;
    if (held) {
        next_held = aw_sim_hop_leave(e, held - 1, q->t_held);
        q->held = 0;
    }
    aw_sim_cause cause = q->cause;
    if (cause == AW_SIM_OK && aw_sim_hop_fails(e, h))
        cause = d->kind == AW_SIM_HOP_LAMBDA ? AW_SIM_FUNCTION_ERROR : AW_SIM_DOWNSTREAM_ERROR;
    if (cause == AW_SIM_OK && aw_sim_ran_past(e, q, d))
        cause = AW_SIM_FUNCTION_ERROR;     /* the function ran past its own timeout */
    if (cause != AW_SIM_OK)
        e->res->hops[h].errors++;
    if (cause == AW_SIM_OK && q->cache_miss) {
        aw_sim_hop_state *c = &e->hops[e->m->routes[q->route].cache];
        c->expiry[q->key] = e->now + c->def->ttl_ms / 1000.0;
    }
    bool message = cause == AW_SIM_OK && e->hops[h].consumer >= 0;
    S_finish(e, q, cause);
    if (next)
        aw_sim_engine_resume(e, next, h);
    if (next_held)
        aw_sim_engine_resume(e, next_held, held - 1);
    if (message)
        aw_sim_queue_put(e, h);
}

/* How many times one call is made: the whole part of callsPerRequest, and
 * one more with the probability of its fraction (no draw when it has none). */
static uint32_t S_repeats(aw_sim_engine *e, double per)
{
    double whole = floor(per);
    return (uint32_t)whole + (per > whole && aw_rng_uniform(&e->rng) < per - whole);
}

static void S_next_call(aw_sim_engine *e, aw_sim_req *q)
{
    const aw_sim_hop *t = &e->m->hops[q->at];
    while (q->left == 0) {
        if (++q->call >= t->call_count) {
            S_target_end(e, q);
            return;
        }
        q->left = S_repeats(e, t->calls[q->call].per_request);
    }
    q->left--;
    q->phase = S_PH_CALL;
    q->callee = t->calls[q->call].hop;
    q->t_call = e->now;
    if (q->held == q->callee + 1) {     /* on the connection it holds */
        q->call_held = 1;
        S_serve(e, q, q->callee);
        return;
    }
    int got = aw_sim_hop_enter(e, q->callee, q);
    if (got < 0) {
        q->cause = AW_SIM_DOWNSTREAM_ERROR;
        S_target_end(e, q);
    } else if (got > 0) {
        S_serve(e, q, q->callee);
    }
}

static void S_work_done(aw_sim_engine *e, aw_sim_req *q)
{
    const aw_sim_hop *t = &e->m->hops[q->at];
    if (!t->call_count) {
        S_target_end(e, q);
        return;
    }
    q->call = 0;
    q->left = S_repeats(e, t->calls[0].per_request);
    S_next_call(e, q);
}

static void S_call_done(aw_sim_engine *e, aw_sim_req *q)
{
    uint32_t h = q->callee;
    aw_sim_req *next = q->call_held ? NULL : aw_sim_hop_leave(e, h, q->t_call);
    q->call_held = 0;
    bool message = false;
    if (aw_sim_hop_fails(e, h)) {
        e->res->hops[h].errors++;
        q->cause = AW_SIM_DOWNSTREAM_ERROR;
        q->phase = S_PH_TARGET;
        S_target_end(e, q);
    } else {
        message = e->hops[h].consumer >= 0;
        S_next_call(e, q);
    }
    if (next)
        aw_sim_engine_resume(e, next, h);
    if (message)
        aw_sim_queue_put(e, h);
}

static void S_done(aw_sim_engine *e, aw_sim_req *q)
{
    if (q->direct)
        aw_sim_direct_end(e, q);
    else if (q->phase == S_PH_AUTH)
        S_authorized(e, q);
    else if (q->phase == S_PH_TARGET)
        S_work_done(e, q);
    else
        S_call_done(e, q);
}

/* A caller waited as long as the queue allows (and has left it): it
 * fails now. */
static void S_queue_timeout(aw_sim_engine *e, aw_sim_req *q, uint32_t h)
{
    e->res->hops[h].queue_timeouts++;
    e->res->hops[h].rejected++;
    /* Its wait counts as time in the hop, as in the queue's integral. */
    e->res->hops[h].completed++;
    e->res->hops[h].time_sum += e->now - (q->phase != S_PH_TARGET ? q->t_call : q->t_target);
    if (q->phase == S_PH_TARGET) {
        S_finish(e, q, AW_SIM_DOWNSTREAM_ERROR);
        return;
    }
    /* A call timed out: the target gives up on it and fails. */
    q->phase = S_PH_TARGET;
    q->cause = AW_SIM_DOWNSTREAM_ERROR;
    S_target_end(e, q);
}

void aw_sim_engine_admit(aw_sim_engine *e, aw_sim_req *q)
{
    S_authorize(e, q);
}

/* A request has one event at most, its service's end, and lives until
 * after it: an event always finds its request. */
void aw_sim_engine_event(aw_sim_engine *e, const aw_event *ev)
{
    if (!(ev->ref & AW_EVENT_TIMER)) {
        S_done(e, aw_sim_req_at(e, ev->ref));
        return;
    }
    uint32_t n = ev->ref & ~AW_EVENT_TIMER;
    if (n >= e->m->hop_count) {     /* an SQS consumer's timer */
        aw_sim_consumer_timer(e, (uint32_t)(n - e->m->hop_count));
        return;
    }
    /* A queue's timer. */
    e->hops[n].timer_at = INFINITY;
    aw_sim_req *q;
    while ((q = aw_sim_hop_expired(e, n)))
        S_queue_timeout(e, q, n);
}
