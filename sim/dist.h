/* Sampling of service-time distributions (sim_model.h). */
#ifndef AW_SIM_DIST_H
#define AW_SIM_DIST_H

#include "rng.h"
#include "sim_model.h"

/* One draw in milliseconds. */
double aw_sim_dist_sample(const aw_sim_dist *d, aw_rng *r);

#endif
