/* Sampling of service-time distributions (sim_model.h). */
#ifndef AW_SIM_DIST_H
#define AW_SIM_DIST_H

#include "rng.h"
#include "sim_model.h"

#include <math.h>

/* A draw from an empirical histogram, in milliseconds. */
double aw_sim_dist_empirical(const aw_sim_dist *d, aw_rng *r);

/* One draw in milliseconds; inline, as every service time is one. */
static inline double aw_sim_dist_sample(const aw_sim_dist *d, aw_rng *r)
{
    switch (d->kind) {
    case AW_SIM_DIST_CONSTANT: return d->mean_ms;
    case AW_SIM_DIST_EXPONENTIAL: return aw_rng_exp(r, d->mean_ms);
    case AW_SIM_DIST_LOGNORMAL: return exp(d->mu + d->sigma * aw_rng_normal(r));
    case AW_SIM_DIST_EMPIRICAL: return d->buckets ? aw_sim_dist_empirical(d, r) : 0.0;
    default: return 0.0;
    }
}

#endif
