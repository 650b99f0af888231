/* Latency percentiles per second of a run: a histogram for each second that
 * may still be answered, kept in a ring, and turned into the second's
 * quantiles once no answer can come into it any more; memory grows with
 * the seconds a request stays in flight, not with the requests. */
#ifndef AW_SIM_SECOND_LATENCY_H
#define AW_SIM_SECOND_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "sim.h"

#define AW_SEC_WORDS ((AW_HIST_BUCKETS + 63) / 64)

/* A live second, with the route histograms' buckets; `used` marks the
 * buckets that hold samples, so that reading and clearing a second costs
 * what it holds, not the 1,344 buckets. */
typedef struct aw_sec_live {
    uint64_t count;
    double max_ms;
    uint64_t used[AW_SEC_WORDS];
    uint64_t bucket[AW_HIST_BUCKETS];
} aw_sec_live;

/* Second s lives in live[s & (cap - 1)] for base <= s < base + cap; open
 * counts, by the second they arrived in, the requests not yet answered
 * (an answer never comes before its request's arrival). Owns its arrays;
 * free with aw_sec_latency_free(). */
typedef struct aw_sec_latency {
    aw_sec_live *live;
    uint64_t *open;
    size_t base, cap;
} aw_sec_latency;

/* Makes room for second sec in the ring (false: out of memory). */
bool aw_sec_latency_reach(aw_sec_latency *l, size_t sec);

/* A request arrives in second `sec` (false: out of memory). */
static inline bool aw_sec_latency_arrive(aw_sec_latency *l, size_t sec)
{
    if (sec - l->base >= l->cap && !aw_sec_latency_reach(l, sec))
        return false;
    l->open[sec & (l->cap - 1)]++;
    return true;
}

/* n answers of latency ms into second sec, which the ring holds. */
static inline void aw_sec_latency_add(aw_sec_latency *l, size_t sec, unsigned bucket, double ms, uint64_t n)
{
    aw_sec_live *s = &l->live[sec & (l->cap - 1)];
    s->bucket[bucket] += n;
    s->used[bucket / 64] |= 1ull << (bucket % 64);
    s->count += n;
    s->max_ms = ms > s->max_ms ? ms : s->max_ms;
}

/* n answers of latency ms (in `bucket`, aw_hist_bucket) given in second
 * `sec`, of requests that arrived in second `arrived` (counted by
 * aw_sec_latency_arrive), or AW_SEC_UNCOUNTED; false: out of memory. */
#define AW_SEC_UNCOUNTED SIZE_MAX
static inline bool aw_sec_latency_answer(aw_sec_latency *l, size_t sec, size_t arrived, unsigned bucket, double ms,
                                         uint64_t n)
{
    if (arrived != AW_SEC_UNCOUNTED && arrived >= l->base)
        l->open[arrived & (l->cap - 1)]--;
    if (!n || sec < l->base)        /* a second already let go only at a run's end */
        return true;
    if (sec - l->base >= l->cap && !aw_sec_latency_reach(l, sec))
        return false;
    aw_sec_latency_add(l, sec, bucket, ms, n);
    return true;
}

/* Writes the quantiles of every second before `now_sec` that no request
 * in flight can still be answered in into series[] (of `seconds`), and
 * lets it go; SIZE_MAX: every second, at the end of a run. */
void aw_sec_latency_settle(aw_sec_latency *l, aw_sim_second *series, size_t seconds, size_t now_sec);
void aw_sec_latency_free(aw_sec_latency *l);

#endif
