/* The steps every request takes, inline in the event loop (run.c) and the
 * engine (engine.c): its work's start and its event, its answer; and the
 * direct path of a route with neither authorizer nor cache whose target is
 * plain (aw_sim_engine_plan; most routes of most diagrams): the target's
 * entry, a draw, and at its event the exit and the answer, without the
 * phases of calls, held connections and failures the general path asks
 * about at every step. Private to the simulator. */
#ifndef AW_SIM_ENGINE_DIRECT_H
#define AW_SIM_ENGINE_DIRECT_H

#include "dist.h"
#include "hop_fast.h"

/* engine.c: a waiter that a queue now lets through carries on where it
 * waited. */
void aw_sim_engine_resume(aw_sim_engine *e, aw_sim_req *q, uint32_t h);

AW_SIM_HOT void aw_sim_push(aw_sim_engine *e, double t, aw_sim_req *q)
{
    e->out_of_memory |= !aw_heap_push(&e->heap, t, q->id);
}

/* Work of ms milliseconds (a cold start's more) starts now on hop d; its
 * end is the request's event. */
AW_SIM_HOT void aw_sim_start(aw_sim_engine *e, aw_sim_req *q, const aw_sim_hop *d, double ms)
{
    if (q->cold)
        ms += d->cold_start_ms;
    q->t_start = e->now;
    aw_sim_push(e, e->now + ms / 1000.0, q);
}

/* What the client hears when target d refuses a request. */
static inline aw_sim_cause aw_sim_refusal(const aw_sim_hop *d)
{
    return d->kind == AW_SIM_HOP_LAMBDA ? AW_SIM_LAMBDA_THROTTLED : AW_SIM_DOWNSTREAM_ERROR;
}

/* Whether work on hop d ran past the function's own timeout. */
static inline bool aw_sim_ran_past(const aw_sim_engine *e, const aw_sim_req *q, const aw_sim_hop *d)
{
    return d->timeout_ms > 0 && (e->now - q->t_start) * 1000.0 > d->timeout_ms;
}

/* The answer the client gets (frees q). A request that reached its
 * integration and took longer than its timeout gets a 504 at the timeout,
 * whatever the backend did after. */
AW_SIM_HOT void aw_sim_answer(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause)
{
    const aw_sim_route *r = &e->m->routes[q->route];
    double t = e->now;
    if (q->reached && (t - q->t_integ) * 1000.0 > r->timeout_ms) {
        cause = AW_SIM_TIMEOUT;
        t = q->t_integ + r->timeout_ms / 1000.0;
    }
    if (r->ws)
        aw_sim_ws_count(&e->res->ws, r->ws, cause == AW_SIM_OK, 1.0, t);
    aw_sim_route_stats *rs = &e->res->routes[q->route];
    rs->causes[cause]++;        /* served and requests are summed at the end */
    double ms = (t - q->t0) * 1000.0;
    unsigned bucket = aw_hist_bucket(ms);
    aw_hist_add_at(&rs->latency, bucket, ms, 1);
    size_t arrived = (size_t)(int64_t)q->t0;
    bool current = t >= e->arrival_from && t < e->arrival_end;     /* mostly: the second of the last arrival */
    aw_sim_second *sec = current ? &e->res->series[e->arrival_sec] : aw_sim_engine_second(e, t);
    if (sec) {
        sec->causes[cause]++;
        sec->latency_sum_ms += ms;
        if (current) {
            e->seconds.open[arrived & (e->seconds.cap - 1)]--;
            aw_sec_latency_add(&e->seconds, e->arrival_sec, bucket, ms, 1);
        } else {
            e->out_of_memory |= !aw_sec_latency_answer(&e->seconds, (size_t)(sec - e->res->series), arrived, bucket,
                                                       ms, 1);
        }
    }
    aw_sim_req_free(e, q);
}

/* Request q takes route q->route, marked direct, to its target h. A
 * request that waits in the target's queue resumes on the general path,
 * which does the same for it. */
AW_SIM_HOT void aw_sim_direct_admit(aw_sim_engine *e, aw_sim_req *q, uint32_t h)
{
    q->t_integ = q->t_target = e->now;
    q->reached = q->direct = 1;
    q->phase = S_PH_TARGET;
    q->at = h;
    const aw_sim_hop *d = e->hops[h].def;
    int got = aw_sim_hop_enter_inline(e, h, q);
    if (got > 0)
        aw_sim_start(e, q, d, aw_sim_dist_sample(&d->latency, &e->rng));
    else if (got < 0)
        aw_sim_engine_answer(e, q, aw_sim_refusal(d));      /* rare: out of line */
}

/* The event of a direct request: its target's work is over. */
AW_SIM_HOT void aw_sim_direct_end(aw_sim_engine *e, aw_sim_req *q)
{
    uint32_t h = q->at;
    const aw_sim_hop *d = e->hops[h].def;
    aw_sim_req *next = aw_sim_hop_leave_inline(e, h, q->t_target);
    aw_sim_cause cause = AW_SIM_OK;
    if (aw_sim_ran_past(e, q, d)) {
        cause = AW_SIM_FUNCTION_ERROR;
        e->res->hops[h].errors++;
    }
    aw_sim_answer(e, q, cause);
    if (next)
        aw_sim_engine_resume(e, next, h);
}

#endif
