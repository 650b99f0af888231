/* The server's figures in the Prometheus text exposition format (version
 * 0.0.4): counters and histograms kept in atomics, written on demand. */
#include "metrics.h"

#include <inttypes.h>
#include <string.h>

#include "http.h"

static const unsigned S_statuses[AW_METRICS_STATUSES] = {
    200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 406, 408, 409, 412, 413, 414, 415, 422, 428, 429, 500, 503, 0,
};

/* Upper bounds of the buckets, in seconds. */
static const double S_bounds[AW_METRICS_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

static size_t S_status_slot(unsigned status)
{
    size_t i = 0;
    while (S_statuses[i] && S_statuses[i] != status)
        i++;
    return i;   /* the last, 0, stands for any other status */
}

static void S_observe(aw_histogram *h, double seconds)
{
    size_t i = 0;
    while (i < AW_METRICS_BUCKETS && seconds > S_bounds[i])
        i++;
    atomic_fetch_add(&h->buckets[i], 1);
    atomic_fetch_add(&h->count, 1);
    atomic_fetch_add(&h->sum_us, (uint_fast64_t)(seconds * 1e6));
}

void aw_metrics_request(aw_metrics *m, int route, unsigned status, double seconds)
{
    /* After the table's rows: static files, then everything else. */
    size_t slot = route >= 0                  ? (size_t)route
                  : route == AW_ROUTE_STATIC ? aw_http_route_count
                                             : aw_http_route_count + 1;
    if (slot < AW_METRICS_ROUTES)
        atomic_fetch_add(&m->requests[slot][S_status_slot(status)], 1);
    S_observe(&m->latency, seconds);
}

void aw_metrics_compile(aw_metrics *m, double seconds)
{
    S_observe(&m->compile, seconds);
}

static const char *S_route_label(size_t slot)
{
    if (slot < aw_http_route_count)
        return aw_http_routes[slot].pattern;
    return slot == aw_http_route_count ? "static" : "none";
}

static void S_histogram(aw_strbuf *out, const char *name, const char *help, const aw_histogram *h)
{
    aw_strbuf_printf(out, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
    uint_fast64_t cumulative = 0;
    for (size_t i = 0; i <= AW_METRICS_BUCKETS; i++) {
        cumulative += atomic_load(&h->buckets[i]);
        if (i < AW_METRICS_BUCKETS)
            aw_strbuf_printf(out, "%s_bucket{le=\"%g\"} %" PRIuFAST64 "\n", name, S_bounds[i], cumulative);
        else
            aw_strbuf_printf(out, "%s_bucket{le=\"+Inf\"} %" PRIuFAST64 "\n", name, cumulative);
    }
    aw_strbuf_printf(out, "%s_sum %.6f\n%s_count %" PRIuFAST64 "\n", name, (double)atomic_load(&h->sum_us) / 1e6,
                     name, atomic_load(&h->count));
}

void aw_metrics_write(const aw_metrics *m, int64_t db_bytes, unsigned streams, aw_strbuf *out)
{
    aw_strbuf_puts(out, "# HELP archway_http_requests_total Requests answered, by route and status.\n"
                        "# TYPE archway_http_requests_total counter\n");
    for (size_t r = 0; r < AW_METRICS_ROUTES && r < aw_http_route_count + 2; r++) {
        for (size_t s = 0; s < AW_METRICS_STATUSES; s++) {
            uint_fast64_t n = atomic_load(&m->requests[r][s]);
            if (!n)
                continue;
            const char *method = r < aw_http_route_count ? aw_http_routes[r].method : "GET";
            aw_strbuf_printf(out, "archway_http_requests_total{method=\"%s\",route=\"%s\",status=\"", method,
                             S_route_label(r));
            if (S_statuses[s])
                aw_strbuf_printf(out, "%u", S_statuses[s]);
            else
                aw_strbuf_puts(out, "other");
            aw_strbuf_printf(out, "\"} %" PRIuFAST64 "\n", n);
        }
    }
    S_histogram(out, "archway_http_request_duration_seconds", "Time from a request's first byte to its completion.",
                &m->latency);
    S_histogram(out, "archway_compile_duration_seconds", "Time to compile and lint a diagram.", &m->compile);
    aw_strbuf_printf(out,
                     "# HELP archway_saves_total Revisions saved.\n# TYPE archway_saves_total counter\n"
                     "archway_saves_total %" PRIuFAST64 "\n"
                     "# HELP archway_stale_writes_total Saves refused because another was made first (412).\n"
                     "# TYPE archway_stale_writes_total counter\narchway_stale_writes_total %" PRIuFAST64 "\n"
                     "# HELP archway_event_streams Open change streams.\n# TYPE archway_event_streams gauge\n"
                     "archway_event_streams %u\n"
                     "# HELP archway_database_bytes Size of the database.\n# TYPE archway_database_bytes gauge\n"
                     "archway_database_bytes %" PRId64 "\n",
                     atomic_load(&m->saves), atomic_load(&m->stale_writes), streams, db_bytes);
}
