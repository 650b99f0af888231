/* Offered traffic over time: the clients' profiles, or the pattern and rate
 * given on the command line, as requests/s at any moment of a run. */
#ifndef AW_SIM_TRAFFIC_H
#define AW_SIM_TRAFFIC_H

#include "sim.h"

/* The traffic each source sends in this run (out: one per source, or one
 * for the whole model when it has no clients and opt->rps is set) and the
 * run's duration. Returns how many sources there are; 0 when there is no
 * traffic. */
size_t aw_sim_traffic_plan(const aw_sim_model *m, const aw_sim_options *opt, aw_sim_traffic *out,
                           double *duration_s);

/* Requests/s of one source at time t of a run of the given duration. */
double aw_sim_traffic_rate(const aw_sim_traffic *t, double at_s, double duration_s);

#endif
