/* The run summary and the live per-hop picture (sim_outcome.h), read from
 * the simulator's result as its report is. */
#include "sim_outcome.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void S_member(aw_strbuf *b, const char *key, double v, bool first)
{
    aw_strbuf_printf(b, "%s\"%s\": ", first ? "" : ", ", key);
    if (isfinite(v))
        aw_strbuf_number(b, round(v * 1000.0) / 1000.0);
    else
        aw_strbuf_puts(b, "null");
}

void aw_sim_summary_json(const aw_sim_model *m, const aw_sim_result *r, const aw_sim_cost *cost, aw_strbuf *out)
{
    uint64_t offered = 0, served = 0, throttled = 0, failed = 0;
    aw_hist *all = calloc(1, sizeof *all);
    if (!all)
        abort();
    for (size_t i = 0; i < m->route_count; i++) {
        const aw_sim_route_stats *s = &r->routes[i];
        offered += s->offered;
        served += s->served;
        throttled += s->causes[AW_SIM_THROTTLED] + s->causes[AW_SIM_QUOTA];
        for (int c = AW_SIM_AUTH_FAILED; c < AW_SIM_CAUSE_COUNT; c++)
            failed += s->causes[c];
        aw_hist_merge(all, &s->latency);
    }
    aw_strbuf_printf(out, "{\"offered\": %llu, \"served\": %llu, \"throttled\": %llu, \"failed\": %llu, ",
                     (unsigned long long)offered, (unsigned long long)served, (unsigned long long)throttled,
                     (unsigned long long)failed);
    S_member(out, "p50Ms", aw_hist_quantile(all, 0.50), true);
    S_member(out, "p99Ms", aw_hist_quantile(all, 0.99), false);
    aw_strbuf_puts(out, ", \"bottleneck\": ");
    if (r->bottleneck >= 0)
        aw_strbuf_json_string(out, m->hops[r->bottleneck].id, strlen(m->hops[r->bottleneck].id));
    else
        aw_strbuf_puts(out, "null");
    S_member(out, "costPerMonth", cost ? round(cost->bill.total * 100.0) / 100.0 : NAN, false);
    aw_strbuf_puts(out, "}");
    free(all);
}

/* Whether route rt's requests pass hop h on their way. */
static bool S_route_passes(const aw_sim_route *rt, size_t h)
{
    if (rt->authorizer == (int64_t)h || rt->cache == (int64_t)h || rt->target == (int64_t)h)
        return true;
    for (size_t g = 0; g < rt->gate_count; g++)
        if (rt->gates[g] == h)
            return true;
    return false;
}

static double S_hop_p99(const aw_sim_model *m, const aw_sim_result *r, size_t h)
{
    double worst = NAN;
    for (size_t i = 0; i < m->route_count; i++)
        if (r->routes[i].latency.count && S_route_passes(&m->routes[i], h)) {
            double p = aw_hist_quantile(&r->routes[i].latency, 0.99);
            worst = isnan(worst) || p > worst ? p : worst;
        }
    return worst;
}

void aw_sim_hops_json(const aw_sim_model *m, const aw_sim_result *r, double now_s, aw_strbuf *out)
{
    /* The utilisation so far: the same measure over the time simulated. */
    aw_sim_result so_far = *r;
    so_far.duration_s = now_s;
    aw_strbuf_puts(out, "[");
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop *hop = &m->hops[h];
        aw_strbuf_puts(out, h ? ", {\"hop\": " : "{\"hop\": ");
        aw_strbuf_json_string(out, hop->id, strlen(hop->id));
        aw_strbuf_puts(out, ", \"node\": ");
        if (hop->node)
            aw_strbuf_json_string(out, hop->node, strlen(hop->node));
        else
            aw_strbuf_puts(out, "null");
        S_member(out, "rps", now_s > 0 ? (double)r->hops[h].arrivals / now_s : 0.0, false);
        S_member(out, "utilisation", now_s > 0 ? aw_sim_hop_utilisation(m, &so_far, h) : NAN, false);
        S_member(out, "p99Ms", S_hop_p99(m, r, h), false);
        aw_strbuf_puts(out, "}");
    }
    aw_strbuf_puts(out, "]");
}
