/* The fluid (rate-based) model: the same hops as the discrete-event engine,
 * but flows of requests per time step instead of requests, so that any rate
 * costs the same. Gates pass the share of their flow their tokens allow;
 * Lambda and pools carry what their slots allow by Little's law (slots over
 * the time a request holds one), pools keep a backlog and fail what would
 * wait past their timeout; authorizer and stage caches miss at the renewal
 * rate 1 / (1 + rate per key x TTL). Below capacity, Lambda loses what
 * Erlang B says c slots at that load lose, and a pool's callers wait what
 * Erlang C says, so that the fluid agrees with the discrete engine near
 * saturation too. Latencies are drawn a few times per
 * route and step, weighted by the flow, for the percentiles and the share
 * of answers past the integration's timeout. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "erlang.h"
#include "fluid_queues.h"
#include "second_latency.h"
#include "traffic.h"
#include "window_max.h"

#define S_DT 0.01       /* seconds per step */
#define S_DRAWS 4       /* latency draws per route and step */

typedef struct S_hop {
    double tokens, envs, scale_tokens, backlog;
    aw_window_max used;         /* Lambda: environments used, over the idle lifetime */
    double demand, prev_served, served, refused_frac, fail_frac, wait_s, hold_s;
    double peak;                /* most in service in one step */
    double held, held_rate;     /* connections its callers hold throughout (Little's law), and their rate */
    double arrivals, admitted, rejected, errors, cold, completed;
    uint32_t stamp;
} S_hop;

/* Flows through gates: per source or per route, its gate list, and what
 * the gates refuse and why. */
typedef struct S_lists {
    const uint32_t **gates;
    size_t *counts;
    double *flow, *refused;
    aw_sim_cause *why;
} S_lists;

typedef struct S_fluid {
    const aw_sim_model *m;
    S_lists src, rt;
    double *offered;                        /* per route, requests so far */
    const aw_sim_options *opt;
    aw_rng rng;
    S_hop *hops;
    double *flow, *residual, *causes;       /* per route (causes: route x cause) */
    double *gate_demand;
    aw_sim_traffic *traffic;
    size_t source_count;
    uint32_t *all_routes;
    double *series;                         /* per second: offered + causes */
    aw_sec_latency seconds;                 /* per second: latency percentiles (into res->series) */
    aw_fluid_queues queues;                 /* SQS consumers */
    aw_fluid_queue_step *queue_in;          /* per consumer: what this step gives it */
    double t, duration;
    double idle_s;                          /* Lambda environments' idle lifetime */
    bool out_of_memory;
    uint32_t step;
    aw_sim_result *res;
} S_fluid;

static const aw_sim_fault *S_fault(const S_fluid *f, size_t h, aw_sim_fault_kind kind)
{
    for (size_t i = 0; i < f->opt->fault_count; i++) {
        const aw_sim_fault *x = &f->opt->faults[i];
        if (x->hop == h && x->kind == kind && f->t >= x->from_s && f->t < x->to_s)
            return x;
    }
    return NULL;
}

static double S_factor(const S_fluid *f, size_t h)
{
    const aw_sim_fault *x = S_fault(f, h, AW_FAULT_LATENCY);
    return x ? x->value : 1.0;
}

static double S_error_rate(const S_fluid *f, size_t h)
{
    const aw_sim_fault *x = S_fault(f, h, AW_FAULT_ERRORS);
    return x ? x->value : f->m->hops[h].error_rate;
}

/* ---- gates ------------------------------------------------------------------ */

/* The share of `demand` requests/s a bucket (or quota) passes this step. */
static double S_bucket_pass(S_fluid *f, size_t h, double demand)
{
    const aw_sim_hop *d = &f->m->hops[h];
    S_hop *s = &f->hops[h];
    if (d->kind != AW_SIM_HOP_QUOTA) {
        const aw_sim_fault *x = S_fault(f, h, AW_FAULT_THROTTLE);
        s->tokens = fmin(d->burst, s->tokens + (x ? x->value : d->rate) * S_DT);
    }
    double want = demand * S_DT, got = fmin(want, s->tokens);
    s->tokens -= got;
    s->arrivals += want, s->admitted += got, s->rejected += want - got;
    return want > 0 ? got / want : 1.0;
}

/* Flows through a list of gates level by level: every bucket's demand at
 * one level is summed over the flows that reach it, then each flow keeps
 * the share its bucket passes. flows[i] uses gates lists[i] (count[i]). */
static void S_gates(S_fluid *f, double *flows, const uint32_t *const *lists, const size_t *counts, size_t n,
                    double *refused, aw_sim_cause *why)
{
    for (size_t level = 0; level < 4; level++) {
        bool any = false;
        for (size_t i = 0; i < n; i++)
            if (level < counts[i]) {
                f->gate_demand[lists[i][level]] += flows[i];
                any = true;
            }
        if (!any)
            return;
        for (size_t i = 0; i < n; i++) {
            if (level >= counts[i])
                continue;
            uint32_t g = lists[i][level];
            if (f->gate_demand[g] >= 0) {       /* first flow of this bucket: settle it */
                double pass = S_bucket_pass(f, g, f->gate_demand[g]);
                f->gate_demand[g] = -1.0 - pass;
            }
            double pass = -1.0 - f->gate_demand[g];
            refused[i] += flows[i] * (1.0 - pass);
            if (pass < 1.0)
                why[i] = f->m->hops[g].kind == AW_SIM_HOP_QUOTA ? AW_SIM_QUOTA : AW_SIM_THROTTLED;
            flows[i] *= pass;
        }
        for (size_t i = 0; i < n; i++)
            if (level < counts[i])
                f->gate_demand[lists[i][level]] = 0.0;
    }
}

/* ---- service hops ----------------------------------------------------------- */

/* The mean time a request holds hop h: its own work and the calls it makes
 * (with the waits at their queues, as of the last step). */
static double S_hold(const S_fluid *f, size_t h)
{
    const aw_sim_hop *d = &f->m->hops[h];
    double s = d->latency.mean_ms / 1000.0 * S_factor(f, h);
    for (size_t c = 0; c < d->call_count; c++) {
        size_t k = d->calls[c].hop;
        s += d->calls[c].per_request * (f->m->hops[k].latency.mean_ms / 1000.0 * S_factor(f, k) + f->hops[k].wait_s);
    }
    return s;
}

/* Slots of hop h now (INFINITY: no limit), after lost targets. */
static double S_slots(const S_fluid *f, size_t h)
{
    const aw_sim_hop *d = &f->m->hops[h];
    if (d->servers <= 0)
        return INFINITY;
    const aw_sim_fault *x = S_fault(f, h, AW_FAULT_DOWN);
    if (!x)
        return (double)d->servers;
    double per = d->kind == AW_SIM_HOP_POOL && d->keys > 0 ? (double)d->servers / (double)d->keys : 1.0;
    return fmax(0.0, (double)d->servers - floor(x->value * per + 0.5));
}

/* A Lambda's concurrency this step: its limit, the environments it has and
 * may start (scaling), and its share of the shared pool (set by caller). */
static double S_lambda_slots(S_fluid *f, size_t h)
{
    const aw_sim_hop *d = &f->m->hops[h];
    S_hop *s = &f->hops[h];
    double want = fmin(S_slots(f, h), s->demand * s->hold_s);
    /* Environments unused for the idle lifetime are gone: those beyond the
     * most in use within it (reused newest first, as the engine does). */
    if (f->idle_s < INFINITY)
        s->envs = fmin(s->envs, fmax((double)d->provisioned, aw_window_max_since(&s->used, f->t - f->idle_s)));
    s->scale_tokens = fmin(d->scale_burst, s->scale_tokens + d->scale_rate * S_DT);
    if (want > s->envs) {
        double add = fmin(want - s->envs, s->scale_tokens);
        s->scale_tokens -= add, s->envs += add, s->cold += add;
    }
    double used = fmin(want, s->envs);
    if (f->idle_s < INFINITY)
        f->out_of_memory |= !aw_window_max_push(&s->used, f->t, used);
    return used;
}

/* What each service hop carries this step; refused_frac is the share of
 * its demand it turns away (or fails from its queue). */
static void S_serve(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    double *slots = f->gate_demand;     /* reused as scratch: per hop */
    for (size_t h = 0; h < m->hop_count; h++) {
        S_hop *s = &f->hops[h];
        s->hold_s = S_hold(f, h);
        slots[h] = m->hops[h].kind == AW_SIM_HOP_LAMBDA && m->hops[h].shared_pool != -2 ? S_lambda_slots(f, h) : 0;
    }
    /* Functions without reserved concurrency share the pool: each gets its
     * share of what they want together. */
    for (size_t h = 0; h < m->hop_count; h++) {
        if (m->hops[h].shared_pool != -2)
            continue;
        double wanted = 0;
        for (size_t k = 0; k < m->hop_count; k++)
            wanted += m->hops[k].shared_pool == (int64_t)h ? slots[k] : 0.0;
        double share = wanted > (double)m->hops[h].servers ? (double)m->hops[h].servers / wanted : 1.0;
        for (size_t k = 0; k < m->hop_count; k++)
            if (m->hops[k].shared_pool == (int64_t)h)
                slots[k] *= share;
        f->hops[h].served = wanted * share;     /* in use, for its utilisation */
        f->hops[h].peak = fmax(f->hops[h].peak, wanted * share);
        f->res->hops[h].busy_area += wanted * share * S_DT;
    }
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop *d = &m->hops[h];
        S_hop *s = &f->hops[h];
        if (d->kind < AW_SIM_HOP_LAMBDA || d->shared_pool == -2)
            continue;
        double want = s->demand * S_DT, carried;
        const aw_sim_fault *thr = S_fault(f, h, AW_FAULT_THROTTLE);
        double cap = thr ? thr->value : INFINITY;
        if (d->kind == AW_SIM_HOP_LAMBDA) {
            cap = fmin(cap, s->hold_s > 0 ? slots[h] / s->hold_s : INFINITY);
            carried = fmin(want, cap * S_DT);
            /* Arrivals that find all c busy, although c/d would carry them
             * on average (only where the limit is the concurrency itself). */
            double c = S_slots(f, h);
            if (isfinite(c) && d->shared_pool < 0 && carried > 0)
                carried = fmin(carried, want * (1.0 - aw_erlang_b(c, s->demand * s->hold_s)));
        } else if (d->kind == AW_SIM_HOP_POOL) {
            cap = fmin(cap, s->hold_s > 0 ? S_slots(f, h) / s->hold_s : INFINITY);
            double backlog = s->backlog + want;
            carried = fmin(backlog, cap * S_DT);
            backlog -= carried;
            double room = d->queue ? (d->queue_timeout_ms > 0 ? cap * d->queue_timeout_ms / 1000.0 : INFINITY) : 0.0;
            double over = fmax(0.0, backlog - room);
            s->backlog = backlog - over;
            s->rejected += over;
            double c = S_slots(f, h), a = s->demand * s->hold_s;
            double queued_wait = isfinite(c) && a < c && s->hold_s > 0 ? aw_erlang_c(c, a) * s->hold_s / (c - a) : 0.0;
            s->wait_s = cap > 0 && isfinite(cap) ? s->backlog / cap + queued_wait : 0.0;
            f->res->hops[h].queue_area += s->backlog * S_DT;
            want = carried + over;      /* what left the hop this step, served or failed */
        } else if (d->kind == AW_SIM_HOP_SERVICE && d->rate > 0) {
            s->tokens = fmin(d->burst, s->tokens + d->rate * S_DT);
            carried = fmin(fmin(want, s->tokens), cap * S_DT);
            s->tokens -= carried;
        } else {
            carried = fmin(want, cap * S_DT);
        }
        if (d->kind != AW_SIM_HOP_POOL)
            s->rejected += want - carried;
        s->arrivals += s->demand * S_DT;
        s->admitted += carried;
        s->completed += carried;
        s->served = carried / S_DT;
        s->refused_frac = want > 0 ? (want - carried) / want : 0.0;
        if (s->held > 0 && d->kind == AW_SIM_HOP_POOL) {
            /* Held connections: refused beyond the slots (Erlang B without
             * a queue; with one, what exceeds them waits out its timeout). */
            double c = S_slots(f, h);
            double lost = !isfinite(c) ? 0.0 : d->queue ? fmax(0.0, 1.0 - c / s->held) : aw_erlang_b(c, s->held);
            s->refused_frac = fmax(s->refused_frac, lost);
            s->arrivals += s->held_rate * S_DT;
            s->admitted += s->held_rate * S_DT * (1.0 - lost);
            s->rejected += s->held_rate * S_DT * lost;
            f->res->hops[h].busy_area += fmin(s->held, c) * S_DT;
        }
        f->res->hops[h].busy_area += carried / S_DT * s->hold_s * S_DT;
        s->peak = fmax(s->peak, carried / S_DT * s->hold_s + fmin(s->held, S_slots(f, h)));
    }
}

/* The share of hop h's carried requests that fail: its own errors, or a
 * call that is refused or fails (calls are made one after another). */
static double S_fail(S_fluid *f, size_t h)
{
    S_hop *s = &f->hops[h];
    if (s->stamp == f->step)
        return s->fail_frac;
    s->stamp = f->step;
    s->fail_frac = 0.0;     /* a cycle (not in a resolved model) ends here */
    const aw_sim_hop *d = &f->m->hops[h];
    double ok = 1.0 - S_error_rate(f, h);
    for (size_t c = 0; c < d->call_count; c++) {
        size_t k = d->calls[c].hop;
        double callee_ok = (1.0 - f->hops[k].refused_frac) * (1.0 - S_fail(f, k));
        ok *= pow(callee_ok, d->calls[c].holds_connection ? 1.0 : d->calls[c].per_request);
    }
    return s->fail_frac = 1.0 - ok;
}

/* The renewal miss rate of a cache of `keys` keys kept ttl_ms, at `rate`. */
static double S_miss(double rate, int64_t keys, double ttl_ms)
{
    double per_key = keys > 0 ? rate / (double)keys : rate;
    return 1.0 / (1.0 + per_key * ttl_ms / 1000.0);
}

/* ---- one step ----------------------------------------------------------------- */

static double *S_cause(S_fluid *f, size_t r, aw_sim_cause c)
{
    return &f->causes[r * AW_SIM_CAUSE_COUNT + c];
}

static double *S_sec(S_fluid *f, size_t slot)
{
    size_t sec = (size_t)f->t;
    return &f->series[sec * (AW_SIM_CAUSE_COUNT + 2) + slot];
}

/* Whole samples of `amount` requests for the histogram, carrying the
 * fractions over from step to step. */
static uint64_t S_whole(double *residual, double amount)
{
    *residual += amount;
    double n = floor(*residual);
    *residual -= n;
    return (uint64_t)n;
}

/* n answers of route r with latency ms this step, for the route and the
 * second. */
static void S_latency(S_fluid *f, size_t r, double ms, uint64_t n)
{
    unsigned bucket = aw_hist_bucket(ms);
    aw_hist_add_at(&f->res->routes[r].latency, bucket, ms, n);
    f->res->series[(size_t)f->t].latency_sum_ms += ms * (double)n;
    f->out_of_memory |= !aw_sec_latency_answer(&f->seconds, (size_t)f->t, AW_SEC_UNCOUNTED, bucket, ms, n);
}

/* Answers of route r this step; ms < 0: answered later, with a latency
 * drawn by the caller. */
static void S_answer_at(S_fluid *f, size_t r, aw_sim_cause c, double amount, double ms)
{
    *S_cause(f, r, c) += amount;
    *S_sec(f, 1 + (size_t)c) += amount;
    if (f->m->routes[r].ws)
        aw_sim_ws_count(&f->res->ws, f->m->routes[r].ws, c == AW_SIM_OK, amount, f->t);
    if (ms >= 0)
        S_latency(f, r, ms, S_whole(&f->residual[2 * r + 1], amount));
}

static void S_answer(S_fluid *f, size_t r, aw_sim_cause c, double amount)
{
    S_answer_at(f, r, c, amount, -1.0);
}

/* Refused by a gate, a throttle or a cache hit: answered at once. */
static void S_answer_now(S_fluid *f, size_t r, aw_sim_cause c, double amount)
{
    S_answer_at(f, r, c, amount, 0.0);
}

/* Offered flows from the sources, through their own gates, into routes. */
static void S_offer(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    for (size_t i = 0; i < f->source_count; i++) {
        f->src.flow[i] = aw_sim_traffic_rate(&f->traffic[i], f->t, f->duration);
        f->src.refused[i] = 0, f->src.why[i] = AW_SIM_OK;
        *S_sec(f, 0) += f->src.flow[i] * S_DT;
    }
    S_gates(f, f->src.flow, f->src.gates, f->src.counts, f->source_count, f->src.refused, f->src.why);
    memset(f->flow, 0, m->route_count * sizeof *f->flow);
    for (size_t i = 0; i < f->source_count; i++) {
        const aw_sim_source *src = m->source_count ? &m->sources[i] : NULL;
        size_t n = src ? src->route_count : m->route_count;
        double total = 0;
        for (size_t k = 0; k < n; k++)
            total += src ? src->weights[k] : 1.0;
        for (size_t k = 0; k < n; k++) {
            size_t r = src ? src->routes[k] : k;
            double share = (src ? src->weights[k] : 1.0) / total;
            f->offered[r] += (f->src.flow[i] + f->src.refused[i]) * share * S_DT;
            f->flow[r] += f->src.flow[i] * share;
            if (f->src.refused[i] > 0)
                S_answer_now(f, r, f->src.why[i], f->src.refused[i] * share * S_DT);
        }
    }
    for (size_t r = 0; r < m->route_count; r++)
        f->rt.refused[r] = 0, f->rt.why[r] = AW_SIM_OK;
    S_gates(f, f->flow, f->rt.gates, f->rt.counts, m->route_count, f->rt.refused, f->rt.why);
    for (size_t r = 0; r < m->route_count; r++)
        if (f->rt.refused[r] > 0)
            S_answer_now(f, r, f->rt.why[r], f->rt.refused[r] * S_DT);
}

/* What each service hop is asked for this step: targets and authorizer
 * functions by the routes, callees by their callers (as of the last step). */
static void S_demands(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    for (size_t h = 0; h < m->hop_count; h++)
        f->hops[h].demand = 0;
    for (size_t r = 0; r < m->route_count; r++)
        if (m->routes[r].authorizer >= 0)
            f->hops[m->routes[r].authorizer].demand += f->flow[r];
    for (size_t r = 0; r < m->route_count; r++) {
        const aw_sim_route *rt = &m->routes[r];
        double flow = f->flow[r];
        if (rt->authorizer >= 0) {
            const aw_sim_hop *a = &m->hops[rt->authorizer];
            S_hop *as = &f->hops[rt->authorizer];
            f->hops[a->auth_function].demand += flow * S_miss(as->demand, a->keys, a->ttl_ms);
            flow *= 1.0 - as->refused_frac;    /* the authorizer's failures, as of the last step */
        }
        if (rt->cache >= 0)
            f->hops[rt->cache].demand += flow;
    }
    for (size_t r = 0; r < m->route_count; r++) {
        const aw_sim_route *rt = &m->routes[r];
        if (rt->target < 0)
            continue;
        double flow = f->flow[r] * (rt->authorizer >= 0 ? 1.0 - f->hops[rt->authorizer].refused_frac : 1.0);
        if (rt->cache >= 0)
            flow *= S_miss(f->hops[rt->cache].demand, m->hops[rt->cache].keys, m->hops[rt->cache].ttl_ms);
        f->hops[rt->target].demand += flow;
    }
    for (size_t i = 0; i < m->consumer_count; i++)     /* batches of SQS messages */
        f->hops[m->consumers[i].function].demand += aw_fluid_queues_batch_rate(&f->queues, i);
    for (size_t h = 0; h < m->hop_count; h++)
        f->hops[h].held = f->hops[h].held_rate = 0;
    for (size_t h = 0; h < m->hop_count; h++)
        for (size_t c = 0; c < m->hops[h].call_count; c++) {
            const aw_sim_call *call = &m->hops[h].calls[c];
            if (call->holds_connection)     /* one connection per running copy of the caller */
                f->hops[call->hop].held += f->hops[h].prev_served * f->hops[h].hold_s,
                    f->hops[call->hop].held_rate += f->hops[h].prev_served;
            else
                f->hops[call->hop].demand += f->hops[h].prev_served * call->per_request;
        }
}

/* One latency draw of a request that the target carries, in ms. */
static double S_draw(S_fluid *f, size_t t)
{
    const aw_sim_hop *d = &f->m->hops[t];
    double ms = aw_sim_dist_sample(&d->latency, &f->rng) * S_factor(f, t) + f->hops[t].wait_s * 1000.0;
    for (size_t c = 0; c < d->call_count; c++) {
        size_t k = d->calls[c].hop;
        double per = d->calls[c].per_request, n = floor(per) + (aw_rng_uniform(&f->rng) < per - floor(per));
        for (double i = 0; i < n; i++)
            ms += aw_sim_dist_sample(&f->m->hops[k].latency, &f->rng) * S_factor(f, k) + f->hops[k].wait_s * 1000.0;
    }
    return ms;
}

/* What becomes of each route's flow past its gates. */
static void S_outcomes(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    for (size_t r = 0; r < m->route_count; r++) {
        const aw_sim_route *rt = &m->routes[r];
        double flow = f->flow[r] * S_DT;
        if (rt->authorizer >= 0) {
            const aw_sim_hop *a = &m->hops[rt->authorizer];
            size_t fn = (size_t)a->auth_function;
            double miss = S_miss(f->hops[rt->authorizer].demand, a->keys, a->ttl_ms);
            double pass = 1.0 - miss + miss * (1.0 - f->hops[fn].refused_frac) * (1.0 - S_fail(f, fn));
            f->hops[rt->authorizer].arrivals += flow, f->hops[rt->authorizer].admitted += flow * (1.0 - miss);
            f->hops[rt->authorizer].refused_frac = 1.0 - pass;
            S_answer_now(f, r, AW_SIM_AUTH_FAILED, flow * (1.0 - pass));
            flow *= pass;
        }
        if (rt->cache >= 0) {
            double miss = S_miss(f->hops[rt->cache].demand, m->hops[rt->cache].keys, m->hops[rt->cache].ttl_ms);
            S_answer_now(f, r, AW_SIM_CACHED, flow * (1.0 - miss));
            f->hops[rt->cache].arrivals += flow, f->hops[rt->cache].admitted += flow * (1.0 - miss);
            flow *= miss;
        }
        if (rt->target < 0 || m->hops[rt->target].kind == AW_SIM_HOP_MOCK) {
            S_answer_now(f, r, AW_SIM_OK, flow);
        } else {
            size_t t = (size_t)rt->target;
            bool lambda = m->hops[t].kind == AW_SIM_HOP_LAMBDA;
            double refused = flow * f->hops[t].refused_frac;
            S_answer_now(f, r, lambda ? AW_SIM_LAMBDA_THROTTLED : AW_SIM_DOWNSTREAM_ERROR, refused);
            flow -= refused;
            double failed = flow * S_fail(f, t);
            S_answer(f, r, lambda ? AW_SIM_FUNCTION_ERROR : AW_SIM_DOWNSTREAM_ERROR, failed);
            double late = 0, draws[S_DRAWS];
            for (int k = 0; k < S_DRAWS; k++) {
                draws[k] = S_draw(f, t);
                late += draws[k] > rt->timeout_ms;
            }
            double ok = flow - failed;
            S_answer(f, r, AW_SIM_TIMEOUT, ok * late / S_DRAWS);
            S_answer(f, r, AW_SIM_OK, ok * (1.0 - late / S_DRAWS));
            for (int k = 0; k < S_DRAWS; k++) {
                uint64_t n = S_whole(&f->residual[2 * r], flow / S_DRAWS);
                S_latency(f, r, fmin(draws[k], rt->timeout_ms), n);
            }
        }
    }
}

/* What each SQS consumer's queue took this step and what its function
 * does with a batch: the share refused, and, from draws of its time, the
 * shares failing (its errors, calls, its own timeout) and running past the
 * visibility timeout. */
static void S_queues(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    for (size_t i = 0; i < m->consumer_count; i++) {
        const aw_sim_consumer *c = &m->consumers[i];
        size_t q = c->queue, fn = c->function;
        double late = 0, over = 0, timeout_ms = m->hops[fn].timeout_ms;
        for (int k = 0; k < S_DRAWS; k++) {
            double ms = S_draw(f, fn);
            late += ms > c->visibility_ms;
            over += timeout_ms > 0 && ms > timeout_ms;
        }
        f->queue_in[i] = (aw_fluid_queue_step){
            .sent = f->hops[q].served * S_DT * (1.0 - S_fail(f, q)),
            .hold_s = f->hops[fn].hold_s,
            .refused = f->hops[fn].refused_frac,
            .failed = 1.0 - (1.0 - S_fail(f, fn)) * (1.0 - over / S_DRAWS),
            .late = late / S_DRAWS,
        };
    }
    aw_fluid_queues_step(&f->queues, f->t, f->queue_in);
}

/* ---- the run ----------------------------------------------------------------------- */

static void S_step(S_fluid *f)
{
    S_offer(f);
    S_demands(f);
    S_serve(f);
    f->step++;
    S_outcomes(f);
    S_queues(f);
    for (size_t h = 0; h < f->m->hop_count; h++)
        f->hops[h].prev_served = f->hops[h].served;
}

static void *S_alloc(bool *ok, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    *ok &= p != NULL;
    return p;
}

static bool S_setup(S_fluid *f, const char **error)
{
    const aw_sim_model *m = f->m;
    bool ok = true;
    size_t n = m->source_count ? m->source_count : 1, r = m->route_count, h = m->hop_count;
    f->hops = S_alloc(&ok, h, sizeof *f->hops);
    f->gate_demand = S_alloc(&ok, h, sizeof *f->gate_demand);
    f->flow = S_alloc(&ok, r, sizeof *f->flow);
    f->offered = S_alloc(&ok, r, sizeof *f->offered);
    f->residual = S_alloc(&ok, 2 * r, sizeof *f->residual);
    f->causes = S_alloc(&ok, r * AW_SIM_CAUSE_COUNT, sizeof *f->causes);
    f->traffic = S_alloc(&ok, n, sizeof *f->traffic);
    S_lists *lists[2] = {&f->src, &f->rt};
    for (int l = 0; l < 2; l++) {
        size_t k = l ? (r ? r : 1) : n;
        lists[l]->gates = S_alloc(&ok, k, sizeof *lists[l]->gates);
        lists[l]->counts = S_alloc(&ok, k, sizeof *lists[l]->counts);
        lists[l]->flow = S_alloc(&ok, k, sizeof *lists[l]->flow);
        lists[l]->refused = S_alloc(&ok, k, sizeof *lists[l]->refused);
        lists[l]->why = S_alloc(&ok, k, sizeof *lists[l]->why);
    }
    if (!ok)
        return false;
    f->source_count = aw_sim_traffic_plan(m, f->opt, f->traffic, &f->duration);
    if (!f->source_count || !r) {
        *error = !r ? "the diagram has no routes to send traffic to"
                 : m->source_count ? "the diagram's clients send no traffic; give --rps"
                                   : "the diagram has no clients to send traffic; give --rps";
        return false;
    }
    size_t seconds = (size_t)ceil(f->duration) + 1;
    f->series = S_alloc(&ok, seconds * (AW_SIM_CAUSE_COUNT + 2), sizeof *f->series);
    f->res->series = S_alloc(&ok, seconds, sizeof *f->res->series);
    for (size_t i = 0; m->source_count && i < f->source_count; i++)
        f->src.gates[i] = m->sources[i].gates, f->src.counts[i] = m->sources[i].gate_count;
    for (size_t i = 0; i < r; i++)
        f->rt.gates[i] = m->routes[i].gates, f->rt.counts[i] = m->routes[i].gate_count;
    for (size_t i = 0; i < h; i++) {
        const aw_sim_hop *d = &m->hops[i];
        f->hops[i].tokens = d->kind == AW_SIM_HOP_QUOTA ? d->rate : d->burst;
        f->hops[i].envs = (double)d->provisioned;
        f->hops[i].scale_tokens = d->scale_burst;
    }
    f->queue_in = S_alloc(&ok, m->consumer_count, sizeof *f->queue_in);
    return ok && aw_fluid_queues_init(&f->queues, m, f->res, S_DT, f->duration);
}

static uint64_t S_round(double v)
{
    return v > 0 ? (uint64_t)llround(v) : 0;
}

/* The flows, as counts in the result the discrete engine gives. */
static void S_result(S_fluid *f)
{
    const aw_sim_model *m = f->m;
    aw_sim_result *res = f->res;
    res->fluid = true;
    res->duration_s = f->duration;
    res->seed = f->opt->seed;
    res->events = f->step;
    res->bottleneck = -1;
    for (size_t r = 0; r < m->route_count; r++) {
        aw_sim_route_stats *s = &res->routes[r];
        s->offered = S_round(f->offered[r]);
        res->requests += s->offered;
        for (int c = 0; c < AW_SIM_CAUSE_COUNT; c++)
            s->causes[c] = S_round(*S_cause(f, r, (aw_sim_cause)c));
        s->served = s->causes[AW_SIM_OK] + s->causes[AW_SIM_CACHED];
    }
    res->offered_rps = (double)res->requests / f->duration;
    for (size_t h = 0; h < m->hop_count; h++) {
        aw_sim_hop_stats *s = &res->hops[h];
        const S_hop *x = &f->hops[h];
        s->arrivals = S_round(x->arrivals), s->admitted = S_round(x->admitted), s->rejected = S_round(x->rejected);
        s->completed = S_round(x->completed), s->cold_starts = S_round(x->cold);
        s->time_sum = s->busy_area + s->queue_area;     /* Little's law, by construction */
        s->max_busy = (int64_t)ceil(x->peak);
    }
    res->seconds = (size_t)ceil(f->duration);
    for (size_t i = 0; res->series && i < res->seconds; i++) {
        const double *sec = &f->series[i * (AW_SIM_CAUSE_COUNT + 2)];
        res->series[i].offered = S_round(sec[0]);
        for (int c = 0; c < AW_SIM_CAUSE_COUNT; c++)
            res->series[i].causes[c] = S_round(sec[1 + c]);
    }
    aw_fluid_queues_finish(&f->queues);
    res->bottleneck = aw_sim_bottleneck(m, res);
    aw_sim_ws_finish(&res->ws, f->duration);
    for (size_t i = 0; i < m->route_count; i++)
        res->websocket |= m->routes[i].ws != AW_SIM_WS_NONE;
}

static void S_free(S_fluid *f)
{
    S_lists *lists[2] = {&f->src, &f->rt};
    for (int l = 0; l < 2; l++)
        free(lists[l]->gates), free(lists[l]->counts), free(lists[l]->flow), free(lists[l]->refused),
            free(lists[l]->why);
    for (size_t h = 0; f->hops && h < f->m->hop_count; h++)
        aw_window_max_free(&f->hops[h].used);
    free(f->hops), free(f->gate_demand), free(f->flow), free(f->offered), free(f->residual), free(f->causes);
    free(f->traffic), free(f->series);
    aw_sec_latency_free(&f->seconds);
    aw_fluid_queues_free(&f->queues);
    free(f->queue_in);
}

aw_sim_result *aw_sim_run_fluid(const aw_sim_model *m, const aw_sim_options *opt, const char **error)
{
    S_fluid f = {.m = m, .opt = opt, .idle_s = aw_sim_idle_lifetime(opt)};
    *error = NULL;
    aw_rng_seed(&f.rng, opt->seed);
    aw_sim_result *r = f.res = calloc(1, sizeof *r);
    bool ok = r && (r->routes = calloc(m->route_count ? m->route_count : 1, sizeof *r->routes)) &&
              (r->hops = calloc(m->hop_count ? m->hop_count : 1, sizeof *r->hops)) && S_setup(&f, error) && f.series;
    if (ok) {
        size_t steps = (size_t)ceil(f.duration / S_DT);
        bool going = true;
        for (size_t i = 0; going && i < steps; i++) {
            f.t = (double)i * S_DT;
            S_step(&f);
            aw_sec_latency_settle(&f.seconds, r->series, (size_t)ceil(f.duration) + 1, (size_t)f.t);
            if ((i & 0x3ff) == 0)
                going = aw_sim_tick(opt, f.t / f.duration, f.t, r);
        }
        if (!going)
            *error = AW_SIM_CANCELLED;
        aw_sec_latency_settle(&f.seconds, r->series, (size_t)ceil(f.duration) + 1, SIZE_MAX);
        S_result(&f);
        ok = going && r->series != NULL && !f.out_of_memory;
    }
    S_free(&f);
    if (!ok) {
        if (!*error)
            *error = "out of memory";
        aw_sim_result_free(r);
        return NULL;
    }
    return r;
}
