/* A latency histogram with log-spaced buckets (32 per power of two, about
 * 3% wide) over microseconds: fixed memory, however many samples. */
#ifndef AW_SIM_HIST_H
#define AW_SIM_HIST_H

#include <stdint.h>
#include <string.h>

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
    if (us < 64)
        return (unsigned)(int)us;
    /* A double's exponent and the top five bits of its mantissa are the
     * power of two and the 32nd of it, as for the whole microseconds: no
     * conversion to an integer and no count of its leading zeros. */
    uint64_t bits;
    memcpy(&bits, &us, sizeof bits);
    uint64_t i = (bits >> 47) - ((1023u + 6u) << 5) + 64u;
    return i < AW_HIST_BUCKETS ? (unsigned)i : AW_HIST_BUCKETS - 1;
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
