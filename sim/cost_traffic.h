/* Where a diagram's route traffic goes on to (cost_traffic.c): the rates
 * it puts on every node through integrations, authorizers and edges. */
#ifndef AW_COST_TRAFFIC_H
#define AW_COST_TRAFFIC_H

#include "cost.h"

/* The authorizer a route's requests pass, if any: its own, else its API's
 * default unless it says "none". */
const aw_node *aw_cost_route_authorizer(const aw_node *route);

/* Requests per second reaching every node, by node index, when each route
 * sends route_rate[route->index]: its integration's target, Lambda
 * authorizers (at most callers / TTL a second when they cache results and
 * callers is set), and along edges times callsPerRequest. What it had to
 * assume goes into notes (when not NULL). The caller frees the array; NULL when out of memory. */
double *aw_cost_node_rates(const aw_model *model, const double *route_rate, double callers, aw_cost_breakdown *notes);

#endif
