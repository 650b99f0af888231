/* What the traffic of a simulation run costs: its counts become the usage
 * aw_cost_price() reads, over the run's duration. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_cost.h"

/* A route's requests: every one offered, answered 429 included (AWS does
 * not say whether those are billed: docs/cost.md, "Throttles"). The route's
 * copies on several stages add up. */
static aw_cost_route_usage *S_routes(const aw_model *ir, const aw_sim_model *m, const aw_sim_result *r, size_t *count)
{
    aw_cost_route_usage *u = calloc(m->route_count ? m->route_count : 1, sizeof *u);
    if (!u)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < m->route_count; i++) {
        const aw_node *route = aw_model_find(ir, m->routes[i].route);
        if (!route || route->kind != AW_KIND_ROUTE)
            continue;
        u[n++] = (aw_cost_route_usage){route, (double)r->routes[i].offered, NAN, NAN};
    }
    *count = n;
    return u;
}

/* A function's invocations are the requests its hop started (throttled
 * ones are not billed), their duration the mean time they held it: its own
 * work, a cold start and the calls it waited for, as Lambda bills them. */
static aw_cost_function_usage *S_functions(const aw_model *ir, const aw_sim_model *m, const aw_sim_result *r,
                                           size_t *count)
{
    aw_cost_function_usage *u = calloc(m->hop_count ? m->hop_count : 1, sizeof *u);
    if (!u)
        abort();
    size_t n = 0;
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop *d = &m->hops[h];
        const aw_sim_hop_stats *s = &r->hops[h];
        const aw_node *fn = d->kind == AW_SIM_HOP_LAMBDA && d->node ? aw_model_find(ir, d->node) : NULL;
        if (!fn || fn->kind != AW_KIND_FUNCTION || s->admitted == 0)
            continue;
        /* To the microsecond: times are differences of clock readings, and a
         * constant 120 ms must not come back as 120.0000001 (billed 121). */
        double ms = s->completed ? round(s->time_sum / (double)s->completed * 1e6) / 1e3 : NAN;
        u[n++] = (aw_cost_function_usage){fn, (double)s->admitted, ms};
    }
    *count = n;
    return u;
}

bool aw_sim_cost_price(const aw_model *ir, const aw_sim_model *m, const aw_sim_result *r, aw_sim_cost *out, char *err,
                       size_t err_size)
{
    memset(out, 0, sizeof *out);   /* an empty bill and arena, freed as they are */
    out->region = ir->regions.count ? ir->regions.items[0] : "us-east-1";
    if (!aw_price_list_load_builtin(&out->prices)) {
        snprintf(err, err_size, "the built-in price list does not load");
        return false;
    }
    out->taken = out->prices.taken, out->currency = out->prices.currency;
    /* A run is priced even where the list lacks the diagram's region: at
     * the list's first one, and the bill says so. */
    const char *wanted = out->region;
    const aw_region_prices *prices = aw_price_list_region(&out->prices, wanted);
    if (!prices && out->prices.region_count)
        prices = &out->prices.regions[0], out->region = prices->region;
    if (!prices) {
        snprintf(err, err_size, "the built-in price list has no regions");
        return false;
    }
    aw_cost_usage usage = {.period_s = r->duration_s, .connection_minutes = r->ws.connection_seconds / 60.0};
    aw_cost_route_usage *routes = S_routes(ir, m, r, &usage.route_count);
    aw_cost_function_usage *functions = S_functions(ir, m, r, &usage.function_count);
    usage.routes = routes, usage.functions = functions;
    aw_cost_options opt = {0};
    bool ok = aw_cost_price(ir, prices, &usage, &opt, &out->bill);
    if (wanted != out->region)
        aw_cost_note(&out->bill, "the built-in prices have no region %s: priced at %s's (`archway cost --prices FILE` "
                     "takes a list with yours)", wanted, out->region);
    free(routes);
    free(functions);
    if (!ok)
        snprintf(err, err_size, "%s", out->bill.note_count ? out->bill.notes[0] : "a charge has no price");
    return ok;
}

void aw_sim_cost_free(aw_sim_cost *c)
{
    aw_cost_breakdown_free(&c->bill);
    aw_price_list_free(&c->prices);
}
