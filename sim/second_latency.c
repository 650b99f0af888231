/* Per-second latency percentiles (see second_latency.h). */
#include <stdlib.h>
#include <string.h>

#include "second_latency.h"

const double aw_sim_quantile_at[AW_SIM_QUANTILES] = {0.50, 0.90, 0.99, 0.999, 1.0};
const char *const aw_sim_quantile_name[AW_SIM_QUANTILES] = {"p50", "p90", "p99", "p999", "max"};

bool aw_sec_latency_reach(aw_sec_latency *l, size_t sec)
{
    size_t cap = l->cap ? l->cap : 4;
    while (sec - l->base >= cap)
        cap *= 2;
    aw_sec_live *live = calloc(cap, sizeof *live);
    uint64_t *open = calloc(cap, sizeof *open);
    if (!live || !open) {
        free(live), free(open);
        return false;
    }
    for (size_t s = l->base; s < l->base + l->cap; s++) {
        memcpy(&live[s & (cap - 1)], &l->live[s & (l->cap - 1)], sizeof *live);
        open[s & (cap - 1)] = l->open[s & (l->cap - 1)];
    }
    free(l->live), free(l->open);
    l->live = live, l->open = open, l->cap = cap;
    return true;
}

/* The second's quantiles in one walk over its used buckets, as
 * aw_hist_quantile() reads a histogram; the buckets are cleared behind. */
static void S_read_and_clear(aw_sec_live *s, double *out)
{
    uint64_t rank[AW_SIM_QUANTILES], seen = 0;
    for (int k = 0; k < AW_SIM_QUANTILES; k++) {
        rank[k] = (uint64_t)(aw_sim_quantile_at[k] * (double)s->count);
        out[k] = s->max_ms;
    }
    rank[AW_SIM_QUANTILES - 1] = UINT64_MAX;       /* the maximum is max_ms: never reached here */
    int k = 0;
    for (unsigned w = 0; w < AW_SEC_WORDS; w++) {
        for (uint64_t bits = s->used[w]; bits; bits &= bits - 1) {
            unsigned i = w * 64 + (unsigned)__builtin_ctzll(bits);
            seen += s->bucket[i];
            s->bucket[i] = 0;
            for (; seen > rank[k]; k++) {
                double v = aw_hist_bucket_ms(i);
                out[k] = v < s->max_ms ? v : s->max_ms;
            }
        }
        s->used[w] = 0;
    }
    s->count = 0, s->max_ms = 0;
}

void aw_sec_latency_settle(aw_sec_latency *l, aw_sim_second *series, size_t seconds, size_t now_sec)
{
    size_t end = now_sec == SIZE_MAX ? l->base + l->cap : now_sec;
    while (l->cap && l->base < end && (now_sec == SIZE_MAX || !l->open[l->base & (l->cap - 1)])) {
        aw_sec_live *s = &l->live[l->base & (l->cap - 1)];
        if (s->count) {
            double q[AW_SIM_QUANTILES];
            S_read_and_clear(s, q);
            if (l->base < seconds)
                memcpy(series[l->base].latency_ms, q, sizeof q);
        }
        l->open[l->base & (l->cap - 1)] = 0;
        l->base++;
    }
}

void aw_sec_latency_free(aw_sec_latency *l)
{
    free(l->live), free(l->open);
    *l = (aw_sec_latency){0};
}
