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
#include "advise_changes.h"

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
    aw_sim_advice_unlimit(hops, m->hop_count);
    aw_sim_result *u = S_run_with(s, hops, adv->target_rps);
    bool ok = u != NULL;
    /* Half the error budget for throttles: the rest is the diagram's own
     * error rates. */
    double budget = fmax(s->slo->errors / 2, 1e-6);
    ok = ok && aw_sim_advice_demand(adv, m, u, budget);
    aw_sim_result_free(u);
    if (ok) {
        memcpy(hops, m->hops, m->hop_count * sizeof *hops);
        ok = aw_sim_advice_apply(m, hops, adv);
    }
    if (ok) {
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
