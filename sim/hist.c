/* Log-bucketed latency histogram (see hist.h). */
#include "hist.h"

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
    aw_hist_add_at(h, aw_hist_bucket(ms), ms, n);
}

void aw_hist_add(aw_hist *h, double ms)
{
    aw_hist_add_n(h, ms, 1);
}

double aw_hist_bucket_ms(unsigned i)
{
    return S_middle(i) / 1000.0;
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
            double v = aw_hist_bucket_ms(i);
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
