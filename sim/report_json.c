/* The JSON report of a simulation run (docs/simulation-format.md, "Results"). */
#include <math.h>
#include <stdio.h>

#include "../emitters/json_writer.h"
#include "report.h"

#define S_RESULT_VERSION 1

/* Status counts keyed by the HTTP status as a string, in status order. */
static void S_status(aw_jw *w, const uint64_t *causes)
{
    static const int codes[] = {200, 429, 500, 502, 504};
    aw_jw_key(w, "status");
    aw_jw_object_inline(w);
    for (size_t c = 0; c < sizeof codes / sizeof *codes; c++) {
        uint64_t n = 0;
        for (int k = 0; k < AW_SIM_CAUSE_COUNT; k++)
            n += aw_sim_cause_status((aw_sim_cause)k) == codes[c] ? causes[k] : 0;
        if (n) {
            char key[8];
            snprintf(key, sizeof key, "%d", codes[c]);
            aw_jw_member_int(w, key, (int64_t)n);
        }
    }
    aw_jw_end_object(w);
}

static void S_causes(aw_jw *w, const uint64_t *causes)
{
    aw_jw_key(w, "causes");
    aw_jw_object_inline(w);
    for (int k = 0; k < AW_SIM_CAUSE_COUNT; k++)
        if (causes[k])
            aw_jw_member_int(w, aw_sim_cause_name((aw_sim_cause)k), (int64_t)causes[k]);
    aw_jw_end_object(w);
}

/* Milliseconds to the microsecond: enough for any reader, and stable. */
static void S_ms(aw_jw *w, const char *key, double ms)
{
    aw_jw_member_number(w, key, round(ms * 1000.0) / 1000.0);
}

static void S_route(aw_jw *w, const aw_sim_route *route, const aw_sim_route_stats *s)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "id", route->id);
    aw_jw_member_int(w, "offered", (int64_t)s->offered);
    aw_jw_member_int(w, "served", (int64_t)s->served);
    S_status(w, s->causes);
    S_causes(w, s->causes);
    aw_jw_key(w, "latencyMs");
    aw_jw_object_inline(w);
    for (int k = 0; k < AW_SIM_QUANTILES; k++)
        S_ms(w, aw_sim_quantile_name[k], aw_hist_quantile(&s->latency, aw_sim_quantile_at[k]));
    S_ms(w, "mean", s->latency.count ? s->latency.sum_ms / (double)s->latency.count : 0.0);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

static void S_hop(aw_jw *w, const aw_sim_model *m, const aw_sim_result *r, size_t h)
{
    const aw_sim_hop_stats *s = &r->hops[h];
    double t = r->duration_s;
    aw_jw_object(w);
    aw_jw_member_string(w, "id", m->hops[h].id);
    aw_jw_member_string(w, "kind", aw_sim_hop_kind_name(m->hops[h].kind));
    aw_jw_member_int(w, "arrivals", (int64_t)s->arrivals);
    aw_jw_member_int(w, "admitted", (int64_t)s->admitted);
    aw_jw_member_int(w, "rejected", (int64_t)s->rejected);
    aw_jw_member_int(w, "errors", (int64_t)s->errors);
    double u = aw_sim_hop_utilisation(m, r, h);
    if (!isnan(u))
        aw_jw_member_number(w, "utilisation", round(u * 10000.0) / 10000.0);
    aw_jw_member_number(w, "meanInService", round(s->busy_area / t * 1000.0) / 1000.0);
    aw_jw_member_int(w, "maxInService", s->max_busy);
    aw_jw_key(w, "queue");
    aw_jw_object_inline(w);
    aw_jw_member_number(w, "mean", round(s->queue_area / t * 1000.0) / 1000.0);
    aw_jw_member_int(w, "max", s->max_queue);
    aw_jw_member_int(w, "queued", (int64_t)s->queued);
    aw_jw_member_int(w, "timedOut", (int64_t)s->queue_timeouts);
    S_ms(w, "meanWaitMs", s->queued ? s->wait_sum / (double)s->queued * 1000.0 : 0.0);
    aw_jw_end_object(w);
    if (s->completed)
        S_ms(w, "meanTimeMs", s->time_sum / (double)s->completed * 1000.0);
    if (m->hops[h].kind == AW_SIM_HOP_LAMBDA)
        aw_jw_member_int(w, "coldStarts", (int64_t)s->cold_starts);
    if ((m->hops[h].kind == AW_SIM_HOP_CACHE || m->hops[h].kind == AW_SIM_HOP_AUTHORIZER) && s->arrivals)
        aw_jw_member_number(w, "hitRatio", round((double)s->admitted / (double)s->arrivals * 10000.0) / 10000.0);
    aw_jw_end_object(w);
}

void aw_sim_report_json(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out)
{
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_int(&w, "simulationResult", S_RESULT_VERSION);
    aw_jw_member_string(&w, "engine", r->fluid ? "fluid" : "discrete-event");
    aw_jw_member_int(&w, "seed", (int64_t)r->seed);
    aw_jw_member_number(&w, "durationS", r->duration_s);
    aw_jw_member_int(&w, "requests", (int64_t)r->requests);
    aw_jw_member_number(&w, "offeredRps", round(r->offered_rps * 1000.0) / 1000.0);
    if (r->bottleneck >= 0)
        aw_jw_member_string(&w, "bottleneck", m->hops[r->bottleneck].id);
    else {
        aw_jw_key(&w, "bottleneck");
        aw_jw_raw_value(&w, "null", 4);
    }
    if (r->websocket) {
        aw_jw_key(&w, "websocket");
        aw_jw_object_inline(&w);
        aw_jw_member_int(&w, "connects", llround(r->ws.connects));
        aw_jw_member_int(&w, "disconnects", llround(r->ws.disconnects));
        aw_jw_member_int(&w, "messages", llround(r->ws.messages));
        aw_jw_member_number(&w, "connectionMinutes", round(r->ws.connection_seconds / 60.0 * 1000.0) / 1000.0);
        aw_jw_member_int(&w, "peakConnections", r->ws.peak_open);
        aw_jw_end_object(&w);
    }
    if (r->cost)
        aw_sim_cost_write_json(&w, r->cost);
    aw_jw_key(&w, "routes");
    aw_jw_array(&w);
    for (size_t i = 0; i < m->route_count; i++)
        S_route(&w, &m->routes[i], &r->routes[i]);
    aw_jw_end_array(&w);
    aw_jw_key(&w, "hops");
    aw_jw_array(&w);
    for (size_t h = 0; h < m->hop_count; h++)
        S_hop(&w, m, r, h);
    aw_jw_end_array(&w);
    aw_sim_report_queues_json(&w, m, r);
    aw_jw_key(&w, "series");
    aw_jw_array(&w);
    for (size_t i = 0; i < r->seconds; i++) {
        const aw_sim_second *s = &r->series[i];
        uint64_t answered = 0;
        for (int k = 0; k < AW_SIM_CAUSE_COUNT; k++)
            answered += s->causes[k];
        aw_jw_object_inline(&w);
        aw_jw_member_int(&w, "t", (int64_t)i);
        aw_jw_member_int(&w, "offered", (int64_t)s->offered);
        S_status(&w, s->causes);
        S_ms(&w, "meanLatencyMs", answered ? s->latency_sum_ms / (double)answered : 0.0);
        if (answered) {
            aw_jw_key(&w, "latencyMs");
            aw_jw_object_inline(&w);
            for (int k = 0; k < AW_SIM_QUANTILES; k++)
                S_ms(&w, aw_sim_quantile_name[k], s->latency_ms[k]);
            aw_jw_end_object(&w);
        }
        aw_jw_end_object(&w);
    }
    aw_jw_end_array(&w);
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}
