/* Draws service times from a hop's distribution. */
#include <math.h>

#include "dist.h"

double aw_sim_dist_empirical(const aw_sim_dist *d, aw_rng *r)
{
    double u = aw_rng_uniform(r);
    size_t lo = 0, hi = d->buckets - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->cumulative[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* Uniform within the bucket, between the previous bound and this one. */
    double from = lo ? d->bounds_ms[lo - 1] : 0.0, c0 = lo ? d->cumulative[lo - 1] : 0.0;
    double width = d->cumulative[lo] - c0;
    return from + (d->bounds_ms[lo] - from) * (width > 0 ? (u - c0) / width : 0.5);
}
