/* What each hop admits, queues or refuses while a simulation runs: token
 * buckets and quotas, Lambda concurrency with its shared pool, scaling and
 * cold starts, pools with FIFO queues, and the faults injected into them. */
#include <math.h>
#include <stdlib.h>

#include "hop_fast.h"

const aw_sim_fault *aw_sim_hop_fault_find(const aw_sim_engine *e, uint32_t h, aw_sim_fault_kind kind)
{
    for (size_t i = 0; i < e->opt->fault_count; i++) {
        const aw_sim_fault *f = &e->opt->faults[i];
        if (f->hop == h && f->kind == kind && e->now >= f->from_s && e->now < f->to_s)
            return f;
    }
    return NULL;
}


/* ---- gates --------------------------------------------------------------- */

bool aw_sim_gate_has(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    if (s->def->kind == AW_SIM_HOP_QUOTA)
        return s->tokens >= 1.0;
    const aw_sim_fault *f = aw_sim_hop_fault(e, h, AW_FAULT_THROTTLE);
    double rate = f ? f->value : s->def->rate;
    s->tokens = aw_sim_min(s->def->burst, s->tokens + rate * (e->now - s->refilled));
    s->refilled = e->now;
    return s->tokens >= 1.0;
}

void aw_sim_gate_take(aw_sim_engine *e, uint32_t h)
{
    e->hops[h].tokens -= 1.0;
}

/* ---- service hops -------------------------------------------------------- */

/* Slots of hop h while a fault takes targets away: losing k of n targets
 * loses k/n of the slots. */
int64_t aw_sim_hop_servers_faulted(const aw_sim_engine *e, uint32_t h)
{
    const aw_sim_hop *d = e->hops[h].def;
    const aw_sim_fault *f = aw_sim_hop_fault_find(e, h, AW_FAULT_DOWN);
    if (!f)
        return d->servers;
    double per = d->kind == AW_SIM_HOP_POOL && d->keys > 0 ? (double)d->servers / (double)d->keys : 1.0;
    return (int64_t)fmax(0.0, (double)d->servers - floor(f->value * per + 0.5));
}

int64_t aw_sim_hop_slots(const aw_sim_hop *d)
{
    if (d->servers > 0)
        return d->servers;
    return d->kind == AW_SIM_HOP_LAMBDA && d->shared_pool == -2 ? 0 : INT64_MAX;
}

bool aw_sim_hop_fault_throttles(aw_sim_engine *e, uint32_t h)
{
    const aw_sim_fault *f = aw_sim_hop_fault_find(e, h, AW_FAULT_THROTTLE);
    aw_sim_hop_state *s = &e->hops[h];
    return f && !aw_sim_take(&s->fault_tokens, &s->fault_refilled, f->value, fmax(1.0, f->value), e->now);
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
    e->out_of_memory |= !aw_heap_push(&e->heap, at, AW_EVENT_TIMER | h);
}

void aw_sim_hop_enqueue(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    aw_sim_hop_state *s = &e->hops[h];
    aw_sim_hop_account_inline(e, h);
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
    aw_sim_hop_account_inline(e, h);
    s->queue_len--;
    q->queued = 0;
    return q;
}

aw_sim_req *aw_sim_hop_dequeue(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    if (s->busy >= aw_sim_hop_servers(e, h))
        return NULL;
    aw_sim_req *q = s->head;
    s->head = q->next;
    if (!s->head)
        s->tail = NULL;
    q->queued = 0;
    aw_sim_hop_account_inline(e, h);
    s->queue_len--;
    e->res->hops[h].wait_sum += e->now - (q->phase != S_PH_TARGET ? q->t_call : q->t_target);
    e->res->hops[h].admitted++;
    aw_sim_hop_busy(e, h, 1);
    return q;
}

/* The same, out of line, for the engine's general path. */
int aw_sim_hop_enter(aw_sim_engine *e, uint32_t h, aw_sim_req *q)
{
    return aw_sim_hop_enter_inline(e, h, q);
}

aw_sim_req *aw_sim_hop_leave(aw_sim_engine *e, uint32_t h, double since)
{
    return aw_sim_hop_leave_inline(e, h, since);
}

void aw_sim_hop_account(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_account_inline(e, h);
}
