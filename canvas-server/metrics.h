/* The server's own figures for /metrics, in the Prometheus text format:
 * requests by route and status, a latency histogram, compile time, and the
 * database size. Counters are atomics, so requests never wait on them. */
#ifndef AW_METRICS_H
#define AW_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "../ir/strbuf.h"

#define AW_METRICS_ROUTES 40        /* route table rows, plus static files and no route */
#define AW_METRICS_STATUSES 24
#define AW_METRICS_BUCKETS 12

typedef struct aw_histogram {
    atomic_uint_fast64_t buckets[AW_METRICS_BUCKETS + 1];  /* the last one is +Inf */
    atomic_uint_fast64_t count;
    atomic_uint_fast64_t sum_us;
} aw_histogram;

typedef struct aw_metrics {
    atomic_uint_fast64_t requests[AW_METRICS_ROUTES][AW_METRICS_STATUSES];
    aw_histogram latency;
    aw_histogram compile;
    atomic_uint_fast64_t saves;
    atomic_uint_fast64_t stale_writes;
} aw_metrics;

/* route: a row of the route table, or an aw_route_miss (http.h). */
void aw_metrics_request(aw_metrics *m, int route, unsigned status, double seconds);
void aw_metrics_compile(aw_metrics *m, double seconds);
/* Appends the exposition; route names come from the route table. */
void aw_metrics_write(const aw_metrics *m, int64_t db_bytes, unsigned streams, aw_strbuf *out);

#endif
