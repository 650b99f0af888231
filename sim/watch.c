/* The one place the engines report to their caller while a run goes:
 * progress, the result so far, and whether to go on. */
#include "sim.h"

const char AW_SIM_CANCELLED[] = "the run was cancelled";

bool aw_sim_tick(const aw_sim_options *opt, double fraction, double now_s, const aw_sim_result *so_far)
{
    if (opt->progress)
        opt->progress(opt->progress_ctx, fraction);
    return !opt->watch || opt->watch(opt->watch_ctx, fraction, now_s, so_far);
}
