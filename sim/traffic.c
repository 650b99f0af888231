/* Traffic profiles as rates over time (see traffic.h). The shapes:
 * constant; ramp from rate to peakRate over rampS, then steady; spike at
 * peakRate for a tenth of the run from its first third; wave from rate up
 * to peakRate and back once over the run (a day, for a diurnal client). */
#include <math.h>

#include "traffic.h"

double aw_sim_traffic_rate(const aw_sim_traffic *t, double at, double duration)
{
    /* A client's own profile keeps its own length (a day, for a diurnal
     * one), however long the run. */
    if (t->duration_s > 0)
        duration = t->duration_s;
    switch (t->profile) {
    case AW_SIM_RAMP: {
        double f = t->ramp_s > 0 ? fmin(1.0, at / t->ramp_s) : 1.0;
        return t->rate + (t->peak_rate - t->rate) * f;
    }
    case AW_SIM_SPIKE: {
        double from = duration / 3.0, len = fmax(1.0, duration / 10.0);
        return at >= from && at < from + len ? t->peak_rate : t->rate;
    }
    case AW_SIM_WAVE:
        return t->rate + (t->peak_rate - t->rate) * (1.0 - cos(6.283185307179586 * at / duration)) / 2.0;
    case AW_SIM_TABLE: {
        size_t s = at < 0 ? 0 : (size_t)at;
        return t->table_len ? t->table[s < t->table_len ? s : t->table_len - 1] * t->rate : 0.0;
    }
    default:
        return t->rate;
    }
}

/* The pattern the command line asks for, at total rate N, for a source
 * that sends `share` of it. */
static aw_sim_traffic S_pattern(const aw_sim_options *opt, double share, double duration)
{
    double n = opt->rps * share;
    aw_sim_traffic t = {.profile = opt->pattern, .rate = n, .peak_rate = n, .duration_s = duration,
                        .ramp_s = duration};
    if (opt->pattern == AW_SIM_RAMP)
        t.rate = n / 10.0;
    else if (opt->pattern == AW_SIM_SPIKE || opt->pattern == AW_SIM_WAVE)
        t.rate = n / 5.0;
    else if (opt->pattern == AW_SIM_TABLE)
        t.rate = share, t.table = opt->table, t.table_len = opt->table_len;
    return t;
}

size_t aw_sim_traffic_plan(const aw_sim_model *m, const aw_sim_options *opt, aw_sim_traffic *out, double *duration)
{
    size_t n = m->source_count;
    double base = 0.0, longest = 0.0;
    for (size_t i = 0; i < n; i++) {
        base += m->sources[i].traffic.rate;
        longest = fmax(longest, m->sources[i].traffic.duration_s);
    }
    bool table = opt->pattern_set && opt->pattern == AW_SIM_TABLE;
    *duration = opt->duration_s > 0 ? opt->duration_s : table ? (double)opt->table_len : longest > 0 ? longest : 60.0;
    if (n == 0) {
        /* No clients: the given rate spread evenly over every route. */
        if (!(opt->rps > 0) && !table)
            return 0;
        aw_sim_options o = *opt;
        if (!opt->pattern_set)
            o.pattern = AW_SIM_CONSTANT;
        out[0] = S_pattern(&o, 1.0, *duration);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        double share = base > 0 ? m->sources[i].traffic.rate / base : 1.0 / (double)n;
        if (opt->pattern_set && (opt->rps > 0 || table)) {
            out[i] = S_pattern(opt, share, *duration);
        } else if (opt->pattern_set) {
            aw_sim_options o = *opt;
            o.rps = fmax(m->sources[i].traffic.rate, m->sources[i].traffic.peak_rate) / (share > 0 ? share : 1.0);
            out[i] = S_pattern(&o, share, *duration);
        } else {
            out[i] = m->sources[i].traffic;
            double scale = opt->rps > 0 && base > 0 ? opt->rps / base : 1.0;
            out[i].rate *= scale, out[i].peak_rate *= scale;
        }
    }
    return base > 0 || opt->rps > 0 || table ? n : 0;
}
