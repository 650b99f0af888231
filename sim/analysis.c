/* Figures derived from a finished run: how busy each hop was, and which hop
 * limits the chain. */
#include <math.h>

#include "sim.h"

double aw_sim_hop_utilisation(const aw_sim_model *m, const aw_sim_result *r, size_t h)
{
    const aw_sim_hop *d = &m->hops[h];
    const aw_sim_hop_stats *s = &r->hops[h];
    double t = r->duration_s;
    if (!(t > 0))
        return NAN;
    switch (d->kind) {
    case AW_SIM_HOP_BUCKET:
        return d->rate > 0 ? (double)s->admitted / (d->rate * t) : NAN;
    case AW_SIM_HOP_QUOTA:
        return d->rate > 0 ? (double)s->admitted / d->rate : NAN;
    case AW_SIM_HOP_LAMBDA: {
        double c = (double)d->servers;
        if (d->servers <= 0 && d->shared_pool >= 0)
            c = (double)m->hops[d->shared_pool].servers;
        return c > 0 ? s->busy_area / (c * t) : NAN;
    }
    case AW_SIM_HOP_POOL:
        return d->servers > 0 ? s->busy_area / ((double)d->servers * t) : NAN;
    case AW_SIM_HOP_SERVICE:
        return d->rate > 0 ? (double)s->admitted / (d->rate * t) : NAN;
    default:
        return NAN;
    }
}

int64_t aw_sim_bottleneck(const aw_sim_model *m, const aw_sim_result *r)
{
    int64_t most = -1, busiest = -1;
    uint64_t refused = 0;
    double top = 0.0;
    for (size_t h = 0; h < m->hop_count; h++) {
        /* Refused or made to wait: both say the hop ran out of room. */
        uint64_t hit = r->hops[h].rejected + r->hops[h].queued;
        if (hit > refused)
            refused = hit, most = (int64_t)h;
        double u = aw_sim_hop_utilisation(m, r, h);
        if (!isnan(u) && u > top)
            top = u, busiest = (int64_t)h;
    }
    return most >= 0 ? most : busiest;
}
