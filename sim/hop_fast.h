/* A service hop's entry and exit, inline: every request passes both once
 * or more, and their common case (a slot free, no fault) is a few adds;
 * faults and queues stay out of line in hop_state.c. Private to the simulator. */
#ifndef AW_SIM_HOP_FAST_H
#define AW_SIM_HOP_FAST_H

#include "engine_state.h"

/* hop_state.c: slots while a fault takes targets away; without one;
 * whether a throttle
 * fault refuses now; a caller into hop h's queue; the queue's head into
 * a slot just freed (NULL when none is free). */
int64_t aw_sim_hop_servers_faulted(const aw_sim_engine *e, uint32_t h);
/* Slots of hop d without a fault (INT64_MAX: no limit), set once. */
int64_t aw_sim_hop_slots(const aw_sim_hop *d);
bool aw_sim_hop_fault_throttles(aw_sim_engine *e, uint32_t h);
void aw_sim_hop_enqueue(aw_sim_engine *e, uint32_t h, aw_sim_req *q);
aw_sim_req *aw_sim_hop_dequeue(aw_sim_engine *e, uint32_t h);

/* fmin without its call: tokens are never NaN. */
static inline double aw_sim_min(double a, double b)
{
    return a < b ? a : b;
}

/* A token from a bucket refilled at `rate` up to `burst`, if it has one. */
static inline bool aw_sim_take(double *tokens, double *refilled, double rate, double burst, double now)
{
    *tokens = aw_sim_min(burst, *tokens + rate * (now - *refilled));
    *refilled = now;
    if (*tokens < 1.0)
        return false;
    *tokens -= 1.0;
    return true;
}

static inline void aw_sim_hop_account_inline(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_stats *st = e->hops[h].st;
    double dt = e->now - s->last;
    st->busy_area += (double)s->busy * dt;
    st->queue_area += (double)s->queue_len * dt;
    s->last = e->now;
}

static inline void aw_sim_hop_busy(aw_sim_engine *e, uint32_t h, int64_t delta)
{
    aw_sim_hop_account_inline(e, h);
    aw_sim_hop_state *s = &e->hops[h];
    s->busy += delta;
    if (s->busy > e->hops[h].st->max_busy)
        e->hops[h].st->max_busy = s->busy;
}

/* Slots of hop h now (INT64_MAX: no limit), after lost targets. */
static inline int64_t aw_sim_hop_servers(const aw_sim_engine *e, uint32_t h)
{
    const aw_sim_hop_state *s = &e->hops[h];
    return s->has_fault && s->def->servers > 0 ? aw_sim_hop_servers_faulted(e, h) : s->slots;
}

static inline bool aw_sim_hop_throttled(aw_sim_engine *e, uint32_t h)
{
    return e->hops[h].has_fault && aw_sim_hop_fault_throttles(e, h);
}

static inline bool aw_sim_lambda_enter(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    const aw_sim_hop *d = s->def;
    if (s->busy >= aw_sim_hop_servers(e, h))
        return false;
    aw_sim_hop_state *pool = d->shared_pool >= 0 ? &e->hops[d->shared_pool] : NULL;
    if (pool && pool->busy >= aw_sim_hop_servers(e, (uint32_t)d->shared_pool))
        return false;
    q->cold = false;
    if (!aw_sim_env_warm(e, h)) {
        /* A new execution environment: only as fast as Lambda scales. */
        if (!aw_sim_take(&s->scale_tokens, &s->scaled, d->scale_rate, d->scale_burst, e->now))
            return false;
        s->envs++;
        q->cold = true;
        e->hops[h].st->cold_starts++;
    }
    aw_sim_hop_busy(e, h, 1);
    if (pool) {
        aw_sim_hop_busy(e, (uint32_t)d->shared_pool, 1);
        e->hops[d->shared_pool].st->arrivals++;
        e->hops[d->shared_pool].st->admitted++;
    }
    return true;
}

/* Enters hop h: 1 started (service begins now), 0 queued, -1 refused. */
static inline int aw_sim_hop_enter_inline(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_stats *st = e->hops[h].st;
    st->arrivals++;
    bool ok;
    switch (s->def->kind) {
    case AW_SIM_HOP_LAMBDA:
        ok = !aw_sim_hop_throttled(e, h) && aw_sim_lambda_enter(e, h, q);
        break;
    case AW_SIM_HOP_POOL:
        if (aw_sim_hop_throttled(e, h)) {
            ok = false;
        } else if (s->busy < aw_sim_hop_servers(e, h)) {
            aw_sim_hop_busy(e, h, 1);
            ok = true;
        } else if (s->def->queue) {
            aw_sim_hop_enqueue(e, h, q);
            return 0;
        } else {
            ok = false;
        }
        break;
    case AW_SIM_HOP_SERVICE:
        ok = !aw_sim_hop_throttled(e, h) &&
             (s->def->rate <= 0 || aw_sim_take(&s->tokens, &s->refilled, s->def->rate, s->def->burst, e->now));
        if (ok)
            aw_sim_hop_busy(e, h, 1);
        break;
    default:
        ok = true;
        aw_sim_hop_busy(e, h, 1);
        break;
    }
    if (!ok) {
        st->rejected++;
        return -1;
    }
    st->admitted++;
    return 1;
}

/* Leaves hop h, entered at time `since`; a waiter that now gets the slot
 * is returned (its service starts now), else NULL. */
static inline aw_sim_req *aw_sim_hop_leave_inline(aw_sim_engine *e, uint32_t h, double since)
{
    aw_sim_hop_state *s = &e->hops[h];
    e->hops[h].st->completed++;
    e->hops[h].st->time_sum += e->now - since;
    aw_sim_hop_busy(e, h, -1);
    if (s->def->kind == AW_SIM_HOP_LAMBDA)
        aw_sim_env_idle(e, h, e->now);
    if (s->def->kind == AW_SIM_HOP_LAMBDA && s->def->shared_pool >= 0) {
        uint32_t pool = (uint32_t)s->def->shared_pool;
        e->hops[pool].st->completed++;
        e->hops[pool].st->time_sum += e->now - since;
        aw_sim_hop_busy(e, pool, -1);
    }
    return s->head ? aw_sim_hop_dequeue(e, h) : NULL;
}

#endif
