/* What the server says about a simulation run besides the simulator's own
 * report: the headline figures a run history lists, and the per-hop
 * picture the change stream carries while a run goes. */
#ifndef AW_SIM_OUTCOME_H
#define AW_SIM_OUTCOME_H

#include "../ir/strbuf.h"
#include "../sim/sim.h"
#include "../sim/sim_cost.h"

/* {"offered", "served", "throttled", "failed", "p50Ms", "p99Ms",
 * "bottleneck", "costPerMonth"} of finished run r; cost may be NULL
 * (costPerMonth is then null). Appended to out. */
void aw_sim_summary_json(const aw_sim_model *m, const aw_sim_result *r, const aw_sim_cost *cost, aw_strbuf *out);

/* [{"hop", "node", "rps", "utilisation", "p99Ms"}, ...] of r over the
 * first now_s seconds simulated (r may be a run under way). p99Ms is the
 * highest p99 of the routes whose requests pass the hop as gate,
 * authorizer, cache or integration; null for other hops, as is the
 * utilisation of a hop without a capacity. Appended to out. */
void aw_sim_hops_json(const aw_sim_model *m, const aw_sim_result *r, double now_s, aw_strbuf *out);

#endif
