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
/* n samples of the same value (the fluid model's weighted draws). */
void aw_hist_add_n(aw_hist *h, double ms, uint64_t n);
/* The q-quantile (0..1) in milliseconds: the middle of its bucket, the
 * exact maximum for q = 1; 0 when empty. */
double aw_hist_quantile(const aw_hist *h, double q);
void aw_hist_merge(aw_hist *into, const aw_hist *from);

#endif
