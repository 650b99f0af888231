/* Picks the engine for a run: request by request while that takes seconds,
 * the fluid model beyond. */
#include <stdlib.h>

#include "traffic.h"

double aw_sim_expected_requests(const aw_sim_model *m, const aw_sim_options *opt)
{
    size_t n = m->source_count ? m->source_count : 1;
    aw_sim_traffic *t = calloc(n, sizeof *t);
    double duration, total = 0;
    size_t count = t ? aw_sim_traffic_plan(m, opt, t, &duration) : 0;
    /* The midpoint rule over a thousand slices is within a fraction of a
     * percent for these profiles. */
    for (size_t i = 0; i < count; i++)
        for (int k = 0; k < 1000; k++)
            total += aw_sim_traffic_rate(&t[i], (k + 0.5) * duration / 1000.0, duration) * duration / 1000.0;
    free(t);
    return total;
}

aw_sim_result *aw_sim_run(const aw_sim_model *m, const aw_sim_options *opt, const char **error)
{
    bool fluid = opt->engine == AW_SIM_FLUID ||
                 (opt->engine == AW_SIM_AUTO && aw_sim_expected_requests(m, opt) > AW_SIM_FLUID_THRESHOLD);
    return fluid ? aw_sim_run_fluid(m, opt, error) : aw_sim_run_discrete(m, opt, error);
}
