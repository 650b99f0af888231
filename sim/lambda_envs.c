/* A function's idle execution environments while a simulation runs: a
 * ring of the times they went idle, reused newest first (so the oldest
 * stay idle longest), and gone once idle for the run's idle lifetime;
 * provisioned environments never go. */
#include <math.h>
#include <stdlib.h>

#include "engine_state.h"

double aw_sim_idle_lifetime(const aw_sim_options *opt)
{
    return opt->idle_s < 0 ? INFINITY : opt->idle_s > 0 ? opt->idle_s : AW_SIM_IDLE_S;
}

/* Oldest first. */
void aw_sim_env_expire(aw_sim_engine *e, aw_sim_hop_state *s)
{
    double before = e->now - e->idle_s;
    while (s->idle_len && s->envs > s->def->provisioned && s->idle[s->idle_first] <= before) {
        s->idle_first = (s->idle_first + 1) & (s->idle_cap - 1);
        s->idle_len--;
        s->envs--;
    }
}

bool aw_sim_env_grow(aw_sim_engine *e, aw_sim_hop_state *s)
{
    size_t cap = s->idle_cap ? s->idle_cap * 2 : 16;
    double *ring = malloc(cap * sizeof *ring);
    if (!ring) {
        e->out_of_memory = true;
        return false;
    }
    for (size_t i = 0; i < s->idle_len; i++)
        ring[i] = s->idle[(s->idle_first + i) & (s->idle_cap - 1)];
    free(s->idle);
    s->idle = ring, s->idle_cap = cap, s->idle_first = 0;
    return true;
}
