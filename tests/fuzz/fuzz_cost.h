/* What the fuzz targets share: CPU time, and the check that aborts (so that
 * libFuzzer keeps the input) when an input costs more than its size
 * justifies under the target's bounds. */
#ifndef AW_FUZZ_COST_H
#define AW_FUZZ_COST_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double aw_fuzz_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Bounds: fixed_ms plus us_per_byte a byte of time; mem_per_byte times the
 * size plus mem_fixed of memory. */
static inline void aw_fuzz_check_cost(size_t size, double ms, size_t memory, double fixed_ms, double us_per_byte,
                                      size_t mem_per_byte, size_t mem_fixed)
{
    double ms_bound = fixed_ms + us_per_byte * (double)size / 1000.0;
    size_t mem_bound = mem_per_byte * size + mem_fixed;
    if (ms > ms_bound || memory > mem_bound) {
        fprintf(stderr, "fuzz: an input of %zu bytes took %.1f ms (bound %.1f) and %zu bytes of memory (bound %zu)\n",
                size, ms, ms_bound, memory, mem_bound);
        abort();
    }
}

#endif
