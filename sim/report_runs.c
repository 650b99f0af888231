/* Several runs of one model (seeds) summed up: per route the mean and the
 * range of what was served, refused and how slow, so that a reader sees
 * how much of a figure is chance. */
#include <math.h>
#include <stdio.h>

#include "../emitters/json_writer.h"
#include "report.h"

typedef struct S_spread {
    double mean, min, max;
} S_spread;

static S_spread S_of(const aw_sim_result *const *runs, size_t n, size_t route, double (*get)(const aw_sim_route_stats *))
{
    S_spread s = {0, INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++) {
        double v = get(&runs[i]->routes[route]);
        s.mean += v / (double)n;
        s.min = fmin(s.min, v), s.max = fmax(s.max, v);
    }
    return s;
}

static double S_served(const aw_sim_route_stats *s)
{
    return (double)s->served;
}

static double S_refused(const aw_sim_route_stats *s)
{
    return (double)(s->causes[AW_SIM_THROTTLED] + s->causes[AW_SIM_QUOTA]);
}

static double S_failed(const aw_sim_route_stats *s)
{
    return (double)(s->offered - s->served) - S_refused(s);
}

static double S_p99(const aw_sim_route_stats *s)
{
    return aw_hist_quantile(&s->latency, 0.99);
}

void aw_sim_runs_report_text(const aw_sim_model *m, const aw_sim_result *const *runs, size_t n, size_t threads,
                             aw_strbuf *out)
{
    aw_strbuf_printf(out, "%zu %s runs of %g s (seeds %llu to %llu) on %zu thread%s\n\n", n,
                     runs[0]->fluid ? "fluid" : "discrete-event", runs[0]->duration_s,
                     (unsigned long long)runs[0]->seed, (unsigned long long)runs[n - 1]->seed, threads,
                     threads == 1 ? "" : "s");
    aw_strbuf_printf(out, "%-24s %28s %12s %12s %26s\n", "route", "served: mean (min-max)", "429 mean", "5xx mean",
                     "p99 ms: mean (min-max)");
    for (size_t r = 0; r < m->route_count; r++) {
        S_spread s = S_of(runs, n, r, S_served), q = S_of(runs, n, r, S_refused), f = S_of(runs, n, r, S_failed),
                 p = S_of(runs, n, r, S_p99);
        if (s.max <= 0 && q.max <= 0 && f.max <= 0)
            continue;
        char served[64], p99[64];
        snprintf(served, sizeof served, "%.0f (%.0f-%.0f)", s.mean, s.min, s.max);
        snprintf(p99, sizeof p99, "%.1f (%.1f-%.1f)", p.mean, p.min, p.max);
        aw_strbuf_printf(out, "%-24.24s %28s %12.0f %12.0f %26s\n", m->routes[r].id, served, q.mean, f.mean, p99);
    }
}

static void S_member(aw_jw *w, const char *key, S_spread s)
{
    aw_jw_key(w, key);
    aw_jw_object_inline(w);
    aw_jw_member_number(w, "mean", round(s.mean * 1000) / 1000);
    aw_jw_member_number(w, "min", round(s.min * 1000) / 1000);
    aw_jw_member_number(w, "max", round(s.max * 1000) / 1000);
    aw_jw_end_object(w);
}

void aw_sim_runs_report_json(const aw_sim_model *m, const aw_sim_result *const *runs, size_t n, aw_strbuf *out)
{
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_int(&w, "simulationRuns", 1);
    aw_jw_member_string(&w, "engine", runs[0]->fluid ? "fluid" : "discrete-event");
    aw_jw_member_number(&w, "durationS", runs[0]->duration_s);
    aw_jw_key(&w, "seeds");
    aw_jw_array_inline(&w);
    for (size_t i = 0; i < n; i++)
        aw_jw_int(&w, (int64_t)runs[i]->seed);
    aw_jw_end_array(&w);
    aw_jw_key(&w, "routes");
    aw_jw_array(&w);
    for (size_t r = 0; r < m->route_count; r++) {
        aw_jw_object(&w);
        aw_jw_member_string(&w, "id", m->routes[r].id);
        S_member(&w, "served", S_of(runs, n, r, S_served));
        S_member(&w, "throttled", S_of(runs, n, r, S_refused));
        S_member(&w, "failed", S_of(runs, n, r, S_failed));
        S_member(&w, "p99Ms", S_of(runs, n, r, S_p99));
        aw_jw_end_object(&w);
    }
    aw_jw_end_array(&w);
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}
