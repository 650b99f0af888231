/* The simulation report as a table for the terminal: per route what was
 * offered and what came back, per hop how busy it was, and the bottleneck. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/* A count with thousands separators. */
static const char *S_count(uint64_t v, char *buf, size_t size)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *S_ms(double ms, char *buf, size_t size)
{
    if (ms >= 10000.0)
        snprintf(buf, size, "%.1fs", ms / 1000.0);
    else if (ms >= 100.0)
        snprintf(buf, size, "%.0fms", ms);
    else
        snprintf(buf, size, "%.1fms", ms);
    return buf;
}

static uint64_t S_status_count(const uint64_t *causes, int status)
{
    uint64_t n = 0;
    for (int k = 0; k < AW_SIM_CAUSE_COUNT; k++)
        n += aw_sim_cause_status((aw_sim_cause)k) == status ? causes[k] : 0;
    return n;
}

static int S_width(const aw_sim_model *m, bool hops)
{
    size_t w = 5;
    for (size_t i = 0; i < (hops ? m->hop_count : m->route_count); i++) {
        size_t n = strlen(hops ? m->hops[i].id : m->routes[i].id);
        w = n > w ? n : w;
    }
    return (int)(w > 48 ? 48 : w);
}

static void S_routes(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out)
{
    int w = S_width(m, false);
    aw_strbuf_printf(out, "%-*s %10s %10s %9s %9s %9s %9s %8s %8s %8s %8s %8s\n", w, "route", "offered", "served",
                     "429", "500", "502", "504", "p50", "p90", "p99", "p99.9", "max");
    for (size_t i = 0; i < m->route_count; i++) {
        const aw_sim_route_stats *s = &r->routes[i];
        if (!s->offered)
            continue;
        char c[7][32], l[5][32];
        aw_strbuf_printf(out, "%-*.*s %10s %10s %9s %9s %9s %9s %8s %8s %8s %8s %8s\n", w, w, m->routes[i].id,
                         S_count(s->offered, c[0], 32), S_count(s->served, c[1], 32),
                         S_count(S_status_count(s->causes, 429), c[2], 32),
                         S_count(S_status_count(s->causes, 500), c[3], 32),
                         S_count(S_status_count(s->causes, 502), c[4], 32),
                         S_count(S_status_count(s->causes, 504), c[5], 32),
                         S_ms(aw_hist_quantile(&s->latency, 0.5), l[0], 32),
                         S_ms(aw_hist_quantile(&s->latency, 0.9), l[1], 32),
                         S_ms(aw_hist_quantile(&s->latency, 0.99), l[2], 32),
                         S_ms(aw_hist_quantile(&s->latency, 0.999), l[3], 32), S_ms(s->latency.max_ms, l[4], 32));
    }
}

static void S_hops(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out)
{
    int w = S_width(m, true);
    aw_strbuf_printf(out, "\n%-*s %-10s %6s %12s %11s %10s %9s %8s\n", w, "hop", "kind", "busy", "in service",
                     "queue", "refused", "errors", "cold");
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop_stats *s = &r->hops[h];
        if (!s->arrivals)
            continue;
        double u = aw_sim_hop_utilisation(m, r, h);
        char busy[16], serv[32], queue[32], c[3][32];
        if (isnan(u))
            snprintf(busy, sizeof busy, "-");
        else
            snprintf(busy, sizeof busy, "%.0f%%", u * 100.0);
        snprintf(serv, sizeof serv, "%.1f/%lld", s->busy_area / r->duration_s, (long long)s->max_busy);
        snprintf(queue, sizeof queue, "%.1f/%lld", s->queue_area / r->duration_s, (long long)s->max_queue);
        aw_strbuf_printf(out, "%-*.*s %-10s %6s %12s %11s %10s %9s %8s\n", w, w, m->hops[h].id,
                         aw_sim_hop_kind_name(m->hops[h].kind), busy, serv, queue, S_count(s->rejected, c[0], 32),
                         S_count(s->errors, c[1], 32),
                         m->hops[h].kind == AW_SIM_HOP_LAMBDA ? S_count(s->cold_starts, c[2], 32) : "");
    }
}

void aw_sim_report_text(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out)
{
    char n[32];
    aw_strbuf_printf(out, "%s simulation of %g s, seed %llu: %s requests, %.1f requests/s offered\n",
                     r->fluid ? "Fluid (rate-based)" : "Discrete-event", r->duration_s, (unsigned long long)r->seed,
                     S_count(r->requests, n, sizeof n), r->offered_rps);
    if (r->bottleneck >= 0) {
        const aw_sim_hop_stats *b = &r->hops[r->bottleneck];
        char q[32];
        if (b->rejected || b->queued)
            aw_strbuf_printf(out, "bottleneck: %s (refused %s requests, queued %s)\n", m->hops[r->bottleneck].id,
                             S_count(b->rejected, n, sizeof n), S_count(b->queued, q, sizeof q));
        else
            aw_strbuf_printf(out, "nothing refused for lack of capacity; busiest hop: %s (%.0f%%)\n",
                             m->hops[r->bottleneck].id, aw_sim_hop_utilisation(m, r, (size_t)r->bottleneck) * 100.0);
    }
    if (r->websocket) {
        char c[32], msg[32];
        aw_strbuf_printf(out, "WebSocket: %s connections (at most %lld open), %s messages, %.1f connection minutes\n",
                         S_count((uint64_t)llround(r->ws.connects), c, sizeof c), (long long)r->ws.peak_open,
                         S_count((uint64_t)llround(r->ws.messages), msg, sizeof msg), r->ws.connection_seconds / 60.0);
    }
    aw_strbuf_puts(out, "\n");
    S_routes(m, r, out);
    S_hops(m, r, out);
    aw_sim_report_queues_text(m, r, out);
    aw_strbuf_puts(out, "\nbusy: tokens or slots in use over those available; in service and queue: mean/max.\n");
    if (r->cost)
        aw_sim_cost_write_text(r->cost, r->duration_s, out);
}
