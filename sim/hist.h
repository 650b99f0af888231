/* A latency histogram with log-spaced buckets (32 per power of two, about
 * 3% wide) over microseconds: fixed memory, however many samples. */
#ifndef AW_SIM_HIST_H
#define AW_SIM_HIST_H

#include <stdint.h>

#define AW_HIST_BUCKETS (64 + 40 * 32)

typedef struct aw_hist {
    uint64_t count;
    double sum_ms, max_ms;
    uint64_t bucket[AW_HIST_BUCKETS];
} aw_hist;

void aw_hist_add(aw_hist *h, double ms);
/* The bucket of a latency, and n samples of it added into a histogram by
 * that bucket (a latency counted in several histograms is placed once);
 * inline, as every answer takes both. */
static inline unsigned aw_hist_bucket(double ms)
{
    double us = ms >= 0 ? ms * 1000.0 : 0.0;
    uint64_t u = us >= 1.8e19 ? UINT64_MAX : (uint64_t)us;
    if (u < 64)
        return (unsigned)u;
    unsigned e = 63u - (unsigned)__builtin_clzll(u);     /* 6.. */
    unsigned i = 64u + (e - 6u) * 32u + (unsigned)((u >> (e - 5u)) & 31u);
    return i < AW_HIST_BUCKETS ? i : AW_HIST_BUCKETS - 1;
}

static inline void aw_hist_add_at(aw_hist *h, unsigned bucket, double ms, uint64_t n)
{
    if (!(ms >= 0))
        ms = 0;
    h->bucket[bucket] += n;
    h->count += n;
    h->sum_ms += ms * (double)n;
    if (n && ms > h->max_ms)
        h->max_ms = ms;
}
/* n samples of the same value (the fluid model's weighted draws). */
void aw_hist_add_n(aw_hist *h, double ms, uint64_t n);
/* The q-quantile (0..1) in milliseconds: the middle of its bucket, the
 * exact maximum for q = 1; 0 when empty. */
double aw_hist_quantile(const aw_hist *h, double q);
void aw_hist_merge(aw_hist *into, const aw_hist *from);
/* The middle of bucket i in milliseconds: what a quantile falling into it
 * reads (no more than the largest sample). */
double aw_hist_bucket_ms(unsigned i);

#endif
