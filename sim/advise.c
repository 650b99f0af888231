/* The highest rate a diagram holds within a service-level objective, found
 * by simulation (doubling, then bisection), and the changes that would make
 * it hold a target rate. The changes come from a run of the same model with
 * every limit lifted: what each hop is then asked for (its arrivals, and by
 * Little's law the slots they occupy) against the limit the diagram gives
 * it, sized with Erlang B (no queue: Lambda) or Erlang C (pools). The
 * changed model is simulated again to check that it holds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "erlang.h"

/* Headroom on rates: Poisson arrivals overrun a bucket set to their mean. */
#define S_RATE_HEADROOM 1.2
/* A pool is large enough when at most this share of callers waits. */
#define S_POOL_WAIT 0.05
#define S_BISECT_STEPS 12

const char *aw_sim_slo_parse(const char *text, aw_sim_slo *out)
{
    *out = (aw_sim_slo){.quantile = 0.99, .latency_ms = 0, .errors = 1.0};
    static const struct {
        const char *name;
        double q;
    } quantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}};
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *eq = memchr(p, '=', len);
        if (!eq)
            return "an objective is p99=800ms,errors=0.1% (p50, p90, p99 or p999, and errors)";
        char *end;
        double v = strtod(eq + 1, &end);
        size_t key = (size_t)(eq - p);
        size_t unit = (size_t)(p + len - end);
        if (end == eq + 1 || !(v >= 0))
            return "an objective's value is a number: p99=800ms, errors=0.1%";
        if (key == 6 && strncmp(p, "errors", 6) == 0) {
            bool percent = unit == 1 && *end == '%';
            if (unit && !percent)
                return "errors is a percentage (0.1%) or a fraction (0.001)";
            out->errors = percent ? v / 100.0 : v;
            if (out->errors > 1)
                return "errors is at most 100%";
        } else {
            size_t k = 0;
            while (k < 4 && !(strlen(quantiles[k].name) == key && strncmp(p, quantiles[k].name, key) == 0))
                k++;
            if (k == 4)
                return "an objective names p50, p90, p99, p999 or errors";
            double scale = unit == 2 && strncmp(end, "ms", 2) == 0 ? 1.0 : unit == 1 && *end == 's' ? 1000.0 : -1;
            if (scale < 0)
                return "a latency objective is in ms or s: p99=800ms";
            out->quantile = quantiles[k].q, out->latency_ms = v * scale;
        }
        p += len + (p[len] == ',');
    }
    return NULL;
}

bool aw_sim_slo_met(const aw_sim_model *m, const aw_sim_result *r, const aw_sim_slo *slo, double *p, double *errors)
{
    aw_hist *all = calloc(1, sizeof *all);
    if (!all)
        abort();
    uint64_t served = 0;
    for (size_t i = 0; i < m->route_count; i++) {
        aw_hist_merge(all, &r->routes[i].latency);
        served += r->routes[i].served;
    }
    *p = aw_hist_quantile(all, slo->quantile);
    *errors = all->count ? (double)(all->count - served) / (double)all->count : 0.0;
    bool met = all->count && *errors <= slo->errors && (slo->latency_ms <= 0 || *p <= slo->latency_ms);
    free(all);
    return met;
}

/* ---- the search ---------------------------------------------------------------- */

typedef struct S_search {
    const aw_sim_model *m;
    aw_sim_options opt;
    const aw_sim_slo *slo;
    int runs;
    const char *error;
} S_search;

/* Whether the model holds `rps` (the clients' mix at constant rates);
 * -1 when the run fails. */
static int S_holds(S_search *s, const aw_sim_model *m, double rps, double *p, double *errors)
{
    s->opt.rps = rps;
    s->runs++;
    aw_sim_result *r = aw_sim_run(m, &s->opt, &s->error);
    if (!r)
        return -1;
    bool met = aw_sim_slo_met(m, r, s->slo, p, errors);
    aw_sim_result_free(r);
    return met;
}

static double S_base_rate(const aw_sim_model *m)
{
    double base = 0;
    for (size_t i = 0; i < m->source_count; i++)
        base += m->sources[i].traffic.rate;
    return base > 0 ? base : 100.0;
}

/* Doubles (or halves) from the clients' own rate to bracket the limit,
 * then bisects to 1%. Returns the highest rate that held, 0 if none. */
static double S_max_rate(S_search *s)
{
    double p, e, lo = 0, hi = S_base_rate(s->m);
    int got;
    while ((got = S_holds(s, s->m, hi, &p, &e)) == 1 && hi < 1e9)
        lo = hi, hi *= 2;
    if (got < 0)
        return -1;
    if (got == 1)
        return hi;
    while (lo == 0 && hi > 0.01) {
        if ((got = S_holds(s, s->m, hi / 2, &p, &e)) < 0)
            return -1;
        if (got)
            lo = hi / 2;
        else
            hi /= 2;
    }
    for (int i = 0; lo > 0 && i < S_BISECT_STEPS && hi - lo > lo * 0.01; i++) {
        double mid = (lo + hi) / 2;
        if ((got = S_holds(s, s->m, mid, &p, &e)) < 0)
            return -1;
        if (got)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ---- the changes ------------------------------------------------------------------ */

/* The model with every limit lifted: what each hop would be asked for. */
static void S_unlimited(aw_sim_hop *hops, size_t count)
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

static int64_t S_erlang_b_servers(double a, double loss)
{
    int64_t c = (int64_t)floor(a) + 1;
    while (aw_erlang_b((double)c, a) > loss && c < 10000000)
        c += c < 1000 ? 1 : c / 100;
    return c;
}

static int64_t S_erlang_c_servers(double a, double wait)
{
    int64_t c = (int64_t)floor(a) + 1;
    while (aw_erlang_c((double)c, a) > wait && c < 10000000)
        c += c < 1000 ? 1 : c / 100;
    return c;
}

static bool S_add(aw_sim_advice *adv, uint32_t hop, const char *what, double from, double to)
{
    aw_sim_change *grown = realloc(adv->changes, (adv->change_count + 1) * sizeof *grown);
    if (!grown)
        return false;
    adv->changes = grown;
    adv->changes[adv->change_count] = (aw_sim_change){.hop = hop, .what = what, .from = from, .to = to};
    return true;
}

static const char *S_bucket_field(const char *role)
{
    return strcmp(role, "account") == 0 ? "account throttle (a quota increase)"
         : strcmp(role, "usagePlan") == 0 ? "usage plan throttle" : strcmp(role, "stage") == 0 ? "stage throttle"
                                                                  : "route throttle";
}

/* One hop: what the demand of the unlimited run needs, if more than it has. */
static bool S_change(aw_sim_advice *adv, const aw_sim_model *m, const aw_sim_result *u, size_t h, double duration,
                     double budget)
{
    const aw_sim_hop *d = &m->hops[h];
    const aw_sim_hop_stats *s = &u->hops[h];
    double rate = (double)s->arrivals / duration;
    double hold = s->completed ? s->time_sum / (double)s->completed : 0.0;
    double a = rate * hold;     /* Little's law: slots in use on average */
    char *why;
    if (d->kind == AW_SIM_HOP_BUCKET && rate * S_RATE_HEADROOM > d->rate) {
        if (!S_add(adv, (uint32_t)h, S_bucket_field(d->role), d->rate, S_round_up(rate * S_RATE_HEADROOM)))
            return false;
        why = adv->changes[adv->change_count++].why;
        snprintf(why, 200, "it is offered %.0f requests/s; 20%% more absorbs Poisson bursts", rate);
    } else if (d->kind == AW_SIM_HOP_LAMBDA && d->shared_pool >= 0) {
        return true;    /* judged with its pool */
    } else if (d->kind == AW_SIM_HOP_LAMBDA && (d->servers > 0 || d->shared_pool == -2)) {
        if (d->shared_pool == -2) {     /* the shared pool: every function drawing on it */
            a = 0;
            for (size_t k = 0; k < m->hop_count; k++)
                if (m->hops[k].shared_pool == (int64_t)h && u->hops[k].completed)
                    a += (double)u->hops[k].arrivals / duration * u->hops[k].time_sum / (double)u->hops[k].completed;
        }
        int64_t c = S_erlang_b_servers(a, budget);
        if (c <= d->servers)
            return true;
        bool pool = d->shared_pool == -2;
        if (!S_add(adv, (uint32_t)h, pool ? "unreserved concurrency (regional quota less reserved)"
                                          : "reservedConcurrency", (double)d->servers, (double)c))
            return false;
        why = adv->changes[adv->change_count++].why;
        snprintf(why, 200, "%.1f executions busy on average (Little's law), %lld keep throttles below %.3g%% (Erlang B)",
                 a, (long long)c, budget * 100);
    } else if (d->kind == AW_SIM_HOP_POOL && d->servers > 0) {
        int64_t c = S_erlang_c_servers(a, S_POOL_WAIT);
        if (c <= d->servers)
            return true;
        bool targets = strcmp(d->role, "targets") == 0 && d->keys > 0;
        double per = targets ? (double)d->servers / (double)d->keys : 1.0;
        double to = targets ? ceil((double)c / per) : (double)c;
        if (!S_add(adv, (uint32_t)h, targets ? "targets" : strcmp(d->role, "backend") == 0 ? "maxConnections"
                                                                                           : "poolSize",
                   targets ? (double)d->keys : (double)d->servers, to))
            return false;
        why = adv->changes[adv->change_count++].why;
        snprintf(why, 200, "%.1f requests held on average (%.0f/s x %.0f ms); %lld slots make at most %.0f%% wait (Erlang C)",
                 a, rate, hold * 1000, (long long)c, S_POOL_WAIT * 100);
    } else if (d->kind == AW_SIM_HOP_SERVICE && d->rate > 0 && rate * S_RATE_HEADROOM > d->rate) {
        if (!S_add(adv, (uint32_t)h, "capacity units", d->rate, S_round_up(rate * S_RATE_HEADROOM)))
            return false;
        why = adv->changes[adv->change_count++].why;
        snprintf(why, 200, "it is asked %.0f units/s; 20%% more absorbs bursts", rate);
    }
    return true;
}

static void S_apply(aw_sim_hop *hops, const aw_sim_advice *adv)
{
    for (size_t i = 0; i < adv->change_count; i++) {
        const aw_sim_change *c = &adv->changes[i];
        aw_sim_hop *d = &hops[c->hop];
        if (d->kind == AW_SIM_HOP_BUCKET || d->kind == AW_SIM_HOP_SERVICE)
            d->rate = c->to, d->burst = fmax(d->burst, c->to);
        else if (strcmp(c->what, "targets") == 0)
            d->servers = (int64_t)ceil((double)d->servers * c->to / (double)d->keys), d->keys = (int64_t)c->to;
        else
            d->servers = (int64_t)c->to;
    }
}

/* Runs the model with `hops` in place of its own. */
static aw_sim_result *S_run_with(S_search *s, aw_sim_hop *hops, double rps)
{
    aw_sim_model copy = *s->m;
    copy.hops = hops;
    s->opt.rps = rps;
    s->runs++;
    return aw_sim_run(&copy, &s->opt, &s->error);
}

static bool S_changes(S_search *s, aw_sim_advice *adv)
{
    const aw_sim_model *m = s->m;
    aw_sim_hop *hops = malloc((m->hop_count ? m->hop_count : 1) * sizeof *hops);
    if (!hops)
        return false;
    memcpy(hops, m->hops, m->hop_count * sizeof *hops);
    S_unlimited(hops, m->hop_count);
    aw_sim_result *u = S_run_with(s, hops, adv->target_rps);
    bool ok = u != NULL;
    /* Half the error budget for throttles: the rest is the diagram's own
     * error rates. */
    double budget = fmax(s->slo->errors / 2, 1e-6);
    for (size_t h = 0; ok && h < m->hop_count; h++)
        ok = S_change(adv, m, u, h, u->duration_s, budget);
    aw_sim_result_free(u);
    if (ok) {
        memcpy(hops, m->hops, m->hop_count * sizeof *hops);
        S_apply(hops, adv);
        aw_sim_model copy = *m;
        copy.hops = hops;
        aw_sim_result *v = S_run_with(s, hops, adv->target_rps);
        ok = v != NULL;
        if (ok)
            adv->verified = aw_sim_slo_met(&copy, v, s->slo, &adv->verified_p, &adv->verified_errors);
        aw_sim_result_free(v);
    }
    free(hops);
    return ok;
}

bool aw_sim_advise(const aw_sim_model *m, const aw_sim_options *opt, const aw_sim_slo *slo, double target_rps,
                   aw_sim_advice *out, const char **error)
{
    *out = (aw_sim_advice){.slo = *slo, .target_rps = target_rps};
    S_search s = {.m = m, .opt = *opt, .slo = slo};
    s.opt.pattern_set = true, s.opt.pattern = AW_SIM_CONSTANT, s.opt.progress = NULL;
    if (!(s.opt.duration_s > 0))
        s.opt.duration_s = 60;
    out->max_rps = S_max_rate(&s);
    bool ok = out->max_rps >= 0 && (target_rps <= 0 || S_changes(&s, out));
    out->runs = s.runs;
    *error = s.error ? s.error : "out of memory";
    return ok;
}

void aw_sim_advice_free(aw_sim_advice *a)
{
    free(a->changes);
    a->changes = NULL, a->change_count = 0;
}
