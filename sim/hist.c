/* Log-bucketed latency histogram (see hist.h). */
#include "hist.h"

static unsigned S_index(uint64_t us)
{
    if (us < 64)
        return (unsigned)us;
    unsigned e = 63u - (unsigned)__builtin_clzll(us);     /* 6.. */
    unsigned i = 64u + (e - 6u) * 32u + (unsigned)((us >> (e - 5u)) & 31u);
    return i < AW_HIST_BUCKETS ? i : AW_HIST_BUCKETS - 1;
}

/* The middle of bucket i, in microseconds. */
static double S_middle(unsigned i)
{
    if (i < 64)
        return i + 0.5;
    unsigned e = (i - 64u) / 32u + 6u, sub = (i - 64u) % 32u;
    double lo = (double)(32u + sub) * (double)(1ull << (e - 5u));
    return lo + (double)(1ull << (e - 5u)) / 2.0;
}

void aw_hist_add_n(aw_hist *h, double ms, uint64_t n)
{
    if (!(ms >= 0))
        ms = 0;
    double us = ms * 1000.0;
    h->bucket[S_index(us >= 1.8e19 ? UINT64_MAX : (uint64_t)us)] += n;
    h->count += n;
    h->sum_ms += ms * (double)n;
    if (n && ms > h->max_ms)
        h->max_ms = ms;
}

void aw_hist_add(aw_hist *h, double ms)
{
    aw_hist_add_n(h, ms, 1);
}

double aw_hist_quantile(const aw_hist *h, double q)
{
    if (!h->count)
        return 0.0;
    if (q >= 1.0)
        return h->max_ms;
    uint64_t rank = (uint64_t)(q * (double)h->count);     /* samples strictly below */
    uint64_t seen = 0;
    for (unsigned i = 0; i < AW_HIST_BUCKETS; i++) {
        seen += h->bucket[i];
        if (seen > rank) {
            double v = S_middle(i) / 1000.0;
            return v < h->max_ms ? v : h->max_ms;
        }
    }
    return h->max_ms;
}

void aw_hist_merge(aw_hist *into, const aw_hist *from)
{
    into->count += from->count;
    into->sum_ms += from->sum_ms;
    if (from->max_ms > into->max_ms)
        into->max_ms = from->max_ms;
    for (unsigned i = 0; i < AW_HIST_BUCKETS; i++)
        into->bucket[i] += from->bucket[i];
}
