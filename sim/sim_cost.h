/* The bill of a simulation run: the traffic the simulator carried, kept up
 * for a month, priced by aw_cost_price() like `archway cost` prices a
 * diagram's clients. */
#ifndef AW_SIM_COST_H
#define AW_SIM_COST_H

#include "cost.h"
#include "sim.h"

typedef struct aw_sim_cost {
    const char *region;         /* borrowed from the IR, or a literal */
    const char *taken;          /* the price list's date; owned by prices */
    const char *currency;       /* owned by prices */
    aw_cost_breakdown bill;     /* one region, a month at the run's rates */
    aw_price_list prices;       /* owns what the bill's lines name */
} aw_sim_cost;

/* Prices run r of model m, built from ir, at the built-in prices of the
 * diagram's first region (us-east-1 when it names none; the list's first
 * region, with a note, when it lacks that one): each route's
 * offered requests (as `archway cost` counts them), each function's
 * invocations and mean run time, the WebSocket connection minutes. *out
 * is the caller's to release with aw_sim_cost_free() whatever the result;
 * false with why in err when something has no price. */
bool aw_sim_cost_price(const aw_model *ir, const aw_sim_model *m, const aw_sim_result *r, aw_sim_cost *out, char *err,
                       size_t err_size);
void aw_sim_cost_free(aw_sim_cost *c);

#endif
