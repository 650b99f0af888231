/* The knobs of the simulation model: which number of the diagram sets
 * which figure of a hop, so that advice can name the field to change. */
#include <stdlib.h>
#include <string.h>

#include "model_builder.h"

int64_t aw_sim_builder_knob(aw_sim_builder *b, int64_t h, const char *element, aw_sim_figure figure, double value,
                            const char *what, const char *const *path)
{
    if (h < 0)
        return -1;
    if (b->knob_count == b->knob_cap) {
        size_t cap = b->knob_cap ? b->knob_cap * 2 : 32;
        aw_sim_knob *k = realloc(b->knobs, cap * sizeof *k);
        if (!k) {
            b->failed = true;
            return -1;
        }
        b->knobs = k, b->knob_cap = cap;
    }
    aw_sim_knob *k = &b->knobs[b->knob_count];
    *k = (aw_sim_knob){.element = element, .what = what, .figure = figure, .value = value};
    for (size_t i = 0; i < 3 && path[i]; i++)
        k->path[i] = path[i];
    aw_sim_builder_knob_share(b, h, (int64_t)b->knob_count);
    return (int64_t)b->knob_count++;
}

void aw_sim_builder_knob_share(aw_sim_builder *b, int64_t h, int64_t k)
{
    aw_sim_hop *hop = &b->hops[h];
    if (k >= 0 && hop->knob_count < AW_SIM_HOP_KNOBS)
        hop->knobs[hop->knob_count++] = (uint32_t)k;
}

static const char *S_throttle_words(const char *role, bool burst)
{
    static const struct {
        const char *role, *rate, *burst;
    } words[] = {
        {"account", "account throttle rate (a quota increase)", "account throttle burst (a quota increase)"},
        {"stage", "stage throttle rate", "stage throttle burst"},
        {"routeThrottle", "route throttle rate", "route throttle burst"},
        {"usagePlan", "usage plan throttle rate", "usage plan throttle burst"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i].role, role) == 0)
            return burst ? words[i].burst : words[i].rate;
    return burst ? "throttle burst" : "throttle rate";
}

void aw_sim_builder_throttle_knobs(aw_sim_builder *b, int64_t h, const char *element, const char *const *at,
                                   int64_t memo)
{
    if (h < 0)
        return;
    if (memo >= 0 && b->node_knob[memo] >= 0) {
        aw_sim_builder_knob_share(b, h, b->node_knob[memo]);
        aw_sim_builder_knob_share(b, h, b->node_knob[memo] + 1);
        return;
    }
    const char *path[4] = {at[0], at[1], NULL, NULL};
    size_t n = at[1] ? 2 : 1;
    const aw_sim_hop *hop = &b->hops[h];
    double rate = hop->rate, burst = hop->burst;
    const char *role = hop->role;
    path[n] = "rate";
    int64_t k = aw_sim_builder_knob(b, h, element, AW_SIM_FIG_RATE, rate, S_throttle_words(role, false), path);
    path[n] = "burst";
    aw_sim_builder_knob(b, h, element, AW_SIM_FIG_BURST, burst, S_throttle_words(role, true), path);
    if (memo >= 0)
        b->node_knob[memo] = k;
}
