/* What each hop admits, queues or refuses while a simulation runs: token
 * buckets and quotas, Lambda concurrency with its shared pool, scaling and
 * cold starts, pools with FIFO queues, and the faults injected into them. */
#include <math.h>
#include <stdlib.h>

#include "engine_state.h"

const aw_sim_fault *aw_sim_hop_fault_find(const aw_sim_engine *e, uint32_t h, aw_sim_fault_kind kind)
{
    for (size_t i = 0; i < e->opt->fault_count; i++) {
        const aw_sim_fault *f = &e->opt->faults[i];
        if (f->hop == h && f->kind == kind && e->now >= f->from_s && e->now < f->to_s)
            return f;
    }
    return NULL;
}

/* fmin without its call: tokens are never NaN. */
static inline double S_min(double a, double b)
{
    return a < b ? a : b;
}

static bool S_take(double *tokens, double *refilled, double rate, double burst, double now)
{
    *tokens = S_min(burst, *tokens + rate * (now - *refilled));
    *refilled = now;
    if (*tokens < 1.0)
        return false;
    *tokens -= 1.0;
    return true;
}

void aw_sim_hop_account(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_stats *st = &e->res->hops[h];
    double dt = e->now - s->last;
    st->busy_area += (double)s->busy * dt;
    st->queue_area += (double)s->queue_len * dt;
    s->last = e->now;
}

static void S_busy(aw_sim_engine *e, uint32_t h, int64_t delta)
{
    aw_sim_hop_account(e, h);
    aw_sim_hop_state *s = &e->hops[h];
    s->busy += delta;
    if (s->busy > e->res->hops[h].max_busy)
        e->res->hops[h].max_busy = s->busy;
}

/* ---- gates --------------------------------------------------------------- */

bool aw_sim_gate_has(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    if (s->def->kind == AW_SIM_HOP_QUOTA)
        return s->tokens >= 1.0;
    const aw_sim_fault *f = aw_sim_hop_fault(e, h, AW_FAULT_THROTTLE);
    double rate = f ? f->value : s->def->rate;
    s->tokens = S_min(s->def->burst, s->tokens + rate * (e->now - s->refilled));
    s->refilled = e->now;
    return s->tokens >= 1.0;
}

void aw_sim_gate_take(aw_sim_engine *e, uint32_t h)
{
    e->hops[h].tokens -= 1.0;
}

/* ---- service hops -------------------------------------------------------- */

/* Slots of hop h now (INT64_MAX: no limit), after lost targets. */
static inline int64_t S_servers(const aw_sim_engine *e, uint32_t h)
{
    const aw_sim_hop *d = e->hops[h].def;
    if (d->servers <= 0)
        return d->kind == AW_SIM_HOP_LAMBDA && d->shared_pool == -2 ? 0 : INT64_MAX;
    const aw_sim_fault *f = aw_sim_hop_fault(e, h, AW_FAULT_DOWN);
    if (!f)
        return d->servers;
    /* Losing k of n targets loses k/n of the slots. */
    double per = d->kind == AW_SIM_HOP_POOL && d->keys > 0 ? (double)d->servers / (double)d->keys : 1.0;
    return (int64_t)fmax(0.0, (double)d->servers - floor(f->value * per + 0.5));
}

static inline bool S_fault_throttles(aw_sim_engine *e, uint32_t h)
{
    if (!e->hops[h].has_fault)
        return false;
    const aw_sim_fault *f = aw_sim_hop_fault_find(e, h, AW_FAULT_THROTTLE);
    aw_sim_hop_state *s = &e->hops[h];
    return f && !S_take(&s->fault_tokens, &s->fault_refilled, f->value, fmax(1.0, f->value), e->now);
}

static bool S_lambda_enter(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    const aw_sim_hop *d = s->def;
    if (s->busy >= S_servers(e, h))
        return false;
    aw_sim_hop_state *pool = d->shared_pool >= 0 ? &e->hops[d->shared_pool] : NULL;
    if (pool && pool->busy >= S_servers(e, (uint32_t)d->shared_pool))
        return false;
    q->cold = false;
    if (!aw_sim_env_warm(e, h)) {
        /* A new execution environment: only as fast as Lambda scales. */
        if (!S_take(&s->scale_tokens, &s->scaled, d->scale_rate, d->scale_burst, e->now))
            return false;
        s->envs++;
        q->cold = true;
        e->res->hops[h].cold_starts++;
    }
    S_busy(e, h, 1);
    if (pool) {
        S_busy(e, (uint32_t)d->shared_pool, 1);
        e->res->hops[d->shared_pool].arrivals++;
        e->res->hops[d->shared_pool].admitted++;
    }
    return true;
}

/* When a waiter gives up: a queue is FIFO and its timeout the same for
 * all, so the head's deadline comes first. */
static double S_deadline(const aw_sim_hop_state *s, const aw_sim_req *q)
{
    return (q->phase != S_PH_TARGET ? q->t_call : q->t_target) + s->def->queue_timeout_ms / 1000.0;
}

/* One timer per hop at most, for its head's deadline: a timeout event per
 * waiter would crowd the heap with events that mostly go stale. */
static void S_timer(aw_sim_engine *e, uint32_t h, double at)
{
    e->hops[h].timer_at = at;
    e->out_of_memory |= !aw_heap_push(&e->heap, (aw_event){.t = at, .p = NULL, .gen = h});
}

static void S_enqueue(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_account(e, h);
    q->next = NULL;
    q->queued = 1;
    if (s->tail)
        s->tail->next = q;
    else
        s->head = q;
    s->tail = q;
    s->queue_len++;
    aw_sim_hop_stats *st = &e->res->hops[h];
    st->queued++;
    if (s->queue_len > st->max_queue)
        st->max_queue = s->queue_len;
    if (s->def->queue_timeout_ms > 0 && s->timer_at == INFINITY)
        S_timer(e, h, S_deadline(s, q));
}

aw_sim_req *aw_sim_hop_expired(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_req *q = s->head;
    if (!q)
        return NULL;
    double deadline = S_deadline(s, q);
    if (deadline > e->now) {
        if (s->timer_at > deadline)
            S_timer(e, h, deadline);
        return NULL;
    }
    s->head = q->next;
    if (!s->head)
        s->tail = NULL;
    aw_sim_hop_account(e, h);
    s->queue_len--;
    q->queued = 0;
    return q;
}

int aw_sim_hop_enter(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_stats *st = &e->res->hops[h];
    st->arrivals++;
    bool ok;
    switch (s->def->kind) {
    case AW_SIM_HOP_LAMBDA:
        ok = !S_fault_throttles(e, h) && S_lambda_enter(e, h, q);
        break;
    case AW_SIM_HOP_POOL:
        if (S_fault_throttles(e, h)) {
            ok = false;
        } else if (s->busy < S_servers(e, h)) {
            S_busy(e, h, 1);
            ok = true;
        } else if (s->def->queue) {
            S_enqueue(e, h, q);
            return 0;
        } else {
            ok = false;
        }
        break;
    case AW_SIM_HOP_SERVICE:
        ok = !S_fault_throttles(e, h) &&
             (s->def->rate <= 0 || S_take(&s->tokens, &s->refilled, s->def->rate, s->def->burst, e->now));
        if (ok)
            S_busy(e, h, 1);
        break;
    default:
        ok = true;
        S_busy(e, h, 1);
        break;
    }
    if (!ok) {
        st->rejected++;
        return -1;
    }
    st->admitted++;
    return 1;
}

aw_sim_req *aw_sim_hop_leave(aw_sim_engine *e, uint32_t h, double since)
{
    aw_sim_hop_state *s = &e->hops[h];
    e->res->hops[h].completed++;
    e->res->hops[h].time_sum += e->now - since;
    S_busy(e, h, -1);
    if (s->def->kind == AW_SIM_HOP_LAMBDA)
        aw_sim_env_idle(e, h, e->now);
    if (s->def->kind == AW_SIM_HOP_LAMBDA && s->def->shared_pool >= 0) {
        uint32_t pool = (uint32_t)s->def->shared_pool;
        e->res->hops[pool].completed++;
        e->res->hops[pool].time_sum += e->now - since;
        S_busy(e, pool, -1);
    }
    while (s->head && s->busy < S_servers(e, h)) {
        aw_sim_req *q = s->head;
        s->head = q->next;
        if (!s->head)
            s->tail = NULL;
        q->queued = 0;
        aw_sim_hop_account(e, h);
        s->queue_len--;
        e->res->hops[h].wait_sum += e->now - (q->phase != S_PH_TARGET ? q->t_call : q->t_target);
        e->res->hops[h].admitted++;
        S_busy(e, h, 1);
        return q;
    }
    return NULL;
}

