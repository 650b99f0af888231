/* Timing helpers the benchmarks share: a monotonic clock in milliseconds
 * and the median of a set of runs. Header-only. */
#ifndef AW_BENCH_UTIL_H
#define AW_BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>

static inline double aw_bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int aw_bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v (so that v[0] is the minimum afterwards) and returns its median. */
static inline double aw_bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, aw_bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
