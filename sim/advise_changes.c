/* What each hop needs to carry the demand of a run with every limit lifted
 * (its arrivals, and by Little's law the slots they occupy) against the
 * limit the diagram gives it, sized with Erlang B (no queue) or Erlang C
 * (a queue), and expressed as the diagram's own numbers: a number that
 * sets several hops (a stage's throttle, each route's bucket) is changed
 * once, to what the most demanding of them needs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise_changes.h"
#include "erlang.h"

/* Headroom on rates: Poisson arrivals overrun a bucket set to their mean. */
#define S_RATE_HEADROOM 1.2
/* A pool with a queue is large enough when at most this share of callers waits. */
#define S_POOL_WAIT 0.05

void aw_sim_advice_unlimit(aw_sim_hop *hops, size_t count)
{
    for (size_t h = 0; h < count; h++) {
        aw_sim_hop *d = &hops[h];
        if (d->kind == AW_SIM_HOP_BUCKET || d->kind == AW_SIM_HOP_QUOTA)
            d->rate = d->burst = 1e15;
        if (d->kind == AW_SIM_HOP_LAMBDA || d->kind == AW_SIM_HOP_POOL)
            d->servers = 0, d->scale_rate = d->scale_burst = 1e15, d->capacity = 0;
        if (d->kind == AW_SIM_HOP_LAMBDA && d->shared_pool >= 0)
            d->shared_pool = -1;
        if (d->kind == AW_SIM_HOP_SERVICE)
            d->rate = 0;
    }
}

static double S_round_up(double v)
{
    double step = v < 100 ? 1 : v < 1000 ? 10 : v < 10000 ? 100 : 1000;
    return ceil(v / step) * step;
}

static int64_t S_servers(double a, double share, double (*erlang)(double, double))
{
    int64_t c = (int64_t)floor(a) + 1;
    while (erlang((double)c, a) > share && c < 10000000)
        c += c < 1000 ? 1 : c / 100;
    return c;
}

/* The changes being worked out: at_knob maps a knob to its change (-1). */
typedef struct S_work {
    aw_sim_advice *adv;
    const aw_sim_model *m;
    int64_t *at_knob;
} S_work;

static aw_sim_change *S_add(S_work *w, uint32_t hop, const char *what, aw_sim_figure figure, int64_t knob,
                            double from, double to)
{
    aw_sim_advice *adv = w->adv;
    aw_sim_change *grown = realloc(adv->changes, (adv->change_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    adv->changes = grown;
    aw_sim_change *c = &adv->changes[adv->change_count++];
    *c = (aw_sim_change){.hop = hop, .what = what, .figure = figure, .knob = knob, .from = from, .to = to};
    if (knob >= 0)
        w->at_knob[knob] = (int64_t)(adv->change_count - 1);
    return c;
}

/* Figure f of hop h should be `want` (why: the reason): each knob that sets
 * it changes in proportion (one knob: to want), or, with none, the hop
 * itself (`what` names it). false: out of memory. */
static bool S_want(S_work *w, uint32_t h, aw_sim_figure f, double from, double want, const char *what, const char *why)
{
    const aw_sim_hop *d = &w->m->hops[h];
    double sum = 0;
    int n = 0;
    for (uint32_t i = 0; i < d->knob_count; i++)
        if (w->m->knobs[d->knobs[i]].figure == f)
            sum += w->m->knobs[d->knobs[i]].value, n++;
    if (!n) {
        aw_sim_change *c = S_add(w, h, what, f, -1, from, want);
        if (c)
            snprintf(c->why, sizeof c->why, "%s", why);
        return c != NULL;
    }
    for (uint32_t i = 0; i < d->knob_count; i++) {
        const aw_sim_knob *k = &w->m->knobs[d->knobs[i]];
        if (k->figure != f)
            continue;
        double to = n == 1 || !(sum > 0) ? want : ceil(k->value * want / sum);
        if (!(to > k->value))
            continue;
        int64_t at = w->at_knob[d->knobs[i]];
        aw_sim_change *c = at >= 0 ? &w->adv->changes[at] : S_add(w, h, k->what, f, d->knobs[i], k->value, to);
        if (!c)
            return false;
        if (at >= 0 && !(to > c->to))
            continue;
        c->to = to;
        snprintf(c->why, sizeof c->why, "%s", why);
    }
    return true;
}

static bool S_has(const aw_sim_model *m, const aw_sim_hop *d, aw_sim_figure f)
{
    for (uint32_t i = 0; i < d->knob_count; i++)
        if (m->knobs[d->knobs[i]].figure == f)
            return true;
    return false;
}

static bool S_bucket(S_work *w, uint32_t h, double rate)
{
    const aw_sim_hop *d = &w->m->hops[h];
    if (!(rate * S_RATE_HEADROOM > d->rate))
        return true;
    char why[200];
    double to = S_round_up(rate * S_RATE_HEADROOM);
    snprintf(why, sizeof why, "it is offered %.0f requests/s; 20%% more absorbs Poisson bursts", rate);
    bool ok = S_want(w, h, AW_SIM_FIG_RATE, d->rate, to, "throttle rate (a quota increase)", why);
    if (ok && d->kind == AW_SIM_HOP_BUCKET && d->burst < to) {
        snprintf(why, sizeof why, "a burst below the rate (%.0f) throttles the arrivals of a single second", to);
        ok = S_want(w, h, AW_SIM_FIG_BURST, d->burst, to, "throttle burst (a quota increase)", why);
    }
    return ok;
}

/* Concurrency: a function's own, or the shared pool of every function
 * drawing on it; a loss below the budget by Erlang B. */
static bool S_lambda(S_work *w, const aw_sim_result *u, uint32_t h, double a, double duration, double budget)
{
    const aw_sim_hop *d = &w->m->hops[h];
    if (d->shared_pool == -2) {
        a = 0;
        for (size_t k = 0; k < w->m->hop_count; k++)
            if (w->m->hops[k].shared_pool == (int64_t)h && u->hops[k].completed)
                a += (double)u->hops[k].arrivals / duration * u->hops[k].time_sum / (double)u->hops[k].completed;
    }
    int64_t c = S_servers(a, budget, aw_erlang_b);
    if (c <= d->servers)
        return true;
    char why[200];
    snprintf(why, sizeof why, "%.1f executions busy on average (Little's law), %lld keep throttles below %.3g%% (Erlang B)",
             a, (long long)c, budget * 100);
    return S_want(w, h, AW_SIM_FIG_SERVERS, (double)d->servers, (double)c,
                  "unreserved concurrency (regional quota less reserved)", why);
}

/* A pool's slots: with a queue, few callers wait (Erlang C); without,
 * few are refused (Erlang B); as targets, capacity or slots. */
static bool S_pool(S_work *w, uint32_t h, double a, double rate, double hold, double budget)
{
    const aw_sim_hop *d = &w->m->hops[h];
    int64_t c = d->queue ? S_servers(a, S_POOL_WAIT, aw_erlang_c) : S_servers(a, budget, aw_erlang_b);
    if (c <= d->servers)
        return true;
    char why[200];
    if (d->queue)
        snprintf(why, sizeof why, "%.1f requests held on average (%.0f/s x %.0f ms); %lld slots make at most %.0f%% wait (Erlang C)",
                 a, rate, hold * 1000, (long long)c, S_POOL_WAIT * 100);
    else
        snprintf(why, sizeof why, "%.1f requests held on average (%.0f/s x %.0f ms); %lld slots refuse below %.3g%% (Erlang B)",
                 a, rate, hold * 1000, (long long)c, budget * 100);
    double grow = (double)c / (double)d->servers;
    if (S_has(w->m, d, AW_SIM_FIG_TARGETS))
        return S_want(w, h, AW_SIM_FIG_TARGETS, (double)d->keys, ceil((double)d->keys * grow), "targets", why);
    if (S_has(w->m, d, AW_SIM_FIG_CAPACITY)) {
        const aw_sim_knob *k = NULL;
        for (uint32_t i = 0; !k; i++)
            if (w->m->knobs[d->knobs[i]].figure == AW_SIM_FIG_CAPACITY)
                k = &w->m->knobs[d->knobs[i]];
        return S_want(w, h, AW_SIM_FIG_CAPACITY, k->value, S_round_up(k->value * grow), "capacity", why);
    }
    return S_want(w, h, AW_SIM_FIG_SERVERS, (double)d->servers, (double)c, "slots", why);
}

/* Cold starts that alone could reach the latency quantile: environments
 * kept warm (provisioned concurrency) for the load the function carries,
 * the executions Erlang B gives it (no more than it reserves, as the
 * reservation grows to that too). */
static bool S_warm(S_work *w, const aw_sim_result *u, uint32_t h, double a, double budget)
{
    const aw_sim_hop *d = &w->m->hops[h];
    const aw_sim_slo *slo = &w->adv->slo;
    const aw_sim_hop_stats *s = &u->hops[h];
    if (!(slo->latency_ms > 0) || !(d->cold_start_ms > 0) || !s->admitted ||
        d->cold_start_ms + d->latency.mean_ms <= slo->latency_ms ||
        (double)s->cold_starts / (double)s->admitted <= (1.0 - slo->quantile) / 2.0)
        return true;
    int64_t c = S_servers(a, budget, aw_erlang_b);
    if (c <= d->provisioned)
        return true;
    char why[200];
    snprintf(why, sizeof why, "%.2f%% of invocations start cold (+%.0f ms), enough to reach p%g; %lld warm "
             "environments carry the load (billed by the hour)", 100.0 * (double)s->cold_starts / (double)s->admitted,
             d->cold_start_ms, slo->quantile * 100, (long long)c);
    return S_want(w, h, AW_SIM_FIG_PROVISIONED, (double)d->provisioned, (double)c, "provisionedConcurrency", why);
}

static bool S_hop(S_work *w, const aw_sim_result *u, uint32_t h, double duration, double budget)
{
    const aw_sim_hop *d = &w->m->hops[h];
    const aw_sim_hop_stats *s = &u->hops[h];
    double rate = (double)s->arrivals / duration;
    double hold = s->completed ? s->time_sum / (double)s->completed : 0.0;
    double a = rate * hold;     /* Little's law: slots in use on average */
    if (d->kind == AW_SIM_HOP_BUCKET || (d->kind == AW_SIM_HOP_SERVICE && d->rate > 0))
        return S_bucket(w, h, rate);
    if (d->kind == AW_SIM_HOP_LAMBDA && (d->servers > 0 || d->shared_pool == -2) &&
        !S_lambda(w, u, h, a, duration, budget))
        return false;
    if (d->kind == AW_SIM_HOP_LAMBDA)
        return d->shared_pool == -2 || S_warm(w, u, h, a, budget);
    if (d->kind == AW_SIM_HOP_POOL && d->servers > 0)
        return S_pool(w, h, a, rate, hold, budget);
    return true;    /* no limit, or a function judged with its shared pool */
}

bool aw_sim_advice_demand(aw_sim_advice *adv, const aw_sim_model *m, const aw_sim_result *u, double budget)
{
    S_work w = {adv, m, malloc((m->knob_count ? m->knob_count : 1) * sizeof *w.at_knob)};
    if (!w.at_knob)
        return false;
    for (size_t k = 0; k < m->knob_count; k++)
        w.at_knob[k] = -1;
    bool ok = true;
    for (size_t h = 0; ok && h < m->hop_count; h++)
        ok = S_hop(&w, u, (uint32_t)h, u->duration_s, budget);
    free(w.at_knob);
    return ok;
}

/* Figure f of hop d from `from` to `to`; slots that follow targets or
 * capacity grow in proportion, as the model's builder would size them. */
static void S_set(aw_sim_hop *d, aw_sim_figure f, double from, double to)
{
    double grow = from > 0 ? to / from : 1.0;
    double old = d->rate;
    switch (f) {
    case AW_SIM_FIG_RATE:
        d->rate += to - from;
        if (d->kind == AW_SIM_HOP_SERVICE && old > 0)
            d->burst *= d->rate / old;
        break;
    case AW_SIM_FIG_BURST: d->burst = to; break;
    case AW_SIM_FIG_SERVERS: d->servers = (int64_t)to; break;
    case AW_SIM_FIG_PROVISIONED: d->provisioned = (int64_t)to; break;
    case AW_SIM_FIG_TARGETS:
        d->keys = (int64_t)to;
        /* fall through */
    case AW_SIM_FIG_CAPACITY:
        d->servers = (int64_t)fmax((double)d->keys, ceil((double)d->servers * grow));
        d->capacity *= grow;
        break;
    }
}

bool aw_sim_advice_apply(const aw_sim_model *m, aw_sim_hop *hops, const aw_sim_advice *adv)
{
    int64_t *at_knob = malloc((m->knob_count ? m->knob_count : 1) * sizeof *at_knob);
    if (!at_knob)
        return false;
    for (size_t k = 0; k < m->knob_count; k++)
        at_knob[k] = -1;
    for (size_t i = 0; i < adv->change_count; i++) {
        const aw_sim_change *c = &adv->changes[i];
        if (c->knob >= 0)
            at_knob[c->knob] = (int64_t)i;
        else
            S_set(&hops[c->hop], c->figure, c->from, c->to);
    }
    for (size_t h = 0; h < m->hop_count; h++)
        for (uint32_t i = 0; i < hops[h].knob_count; i++) {
            int64_t at = at_knob[hops[h].knobs[i]];
            if (at >= 0)
                S_set(&hops[h], adv->changes[at].figure, adv->changes[at].from, adv->changes[at].to);
        }
    free(at_knob);
    return true;
}
