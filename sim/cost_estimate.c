/* `archway cost` (cost_estimate.h): turns the diagram's traffic into usage
 * for a month, one scenario per growth multiplier, each priced for one
 * region by aw_cost_price() and multiplied by the number of regions. */
#include "cost_estimate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost_traffic.h"

static bool S_fail(char *err, size_t size, const char *msg)
{
    snprintf(err, size, "%s", msg);
    return false;
}

static double S_sum_routes(const aw_model *m, const double *rate)
{
    double sum = 0;
    for (size_t i = 0; i < m->node_count; i++)
        sum += m->nodes[i]->kind == AW_KIND_ROUTE ? rate[i] : 0;
    return sum;
}

/* The route rates at growth 1 for all regions together: the clients' own,
 * or a total they share out (evenly over every route when none is drawn). */
static bool S_route_rates(const aw_model *m, const aw_cost_request *req, aw_cost_estimate *e, double **out, char *err,
                          size_t err_size)
{
    double *rate = aw_client_route_rates(m);
    if (!rate)
        abort();
    double drawn = S_sum_routes(m, rate);
    double total = !isnan(req->rps) ? req->rps : !isnan(req->monthly_requests) ? req->monthly_requests / AW_COST_MONTH_S : NAN;
    e->basis = !isnan(req->rps) ? "rps" : !isnan(req->monthly_requests) ? "monthly-requests" : "clients";
    if (isnan(total) && drawn <= 0) {
        free(rate);
        return S_fail(err, err_size,
                      "the diagram draws no clients with a traffic rate: give --rps N or --monthly-requests N");
    }
    if (!isnan(total)) {
        size_t routes = 0;
        for (size_t i = 0; i < m->node_count; i++)
            routes += m->nodes[i]->kind == AW_KIND_ROUTE;
        if (routes == 0) {
            free(rate);
            return S_fail(err, err_size, "the diagram has no routes to send traffic to");
        }
        if (drawn > 0)
            aw_cost_note(&e->notes, "the total is shared out over the routes as the clients the diagram draws share "
                                    "theirs");
        else
            aw_cost_note(&e->notes, "the diagram draws no client traffic: the total is spread evenly over its %zu route%s",
                         routes, routes == 1 ? "" : "s");
        for (size_t i = 0; i < m->node_count; i++)
            if (m->nodes[i]->kind == AW_KIND_ROUTE)
                rate[i] = drawn > 0 ? total * rate[i] / drawn : total / (double)routes;
    }
    e->rps = isnan(total) ? drawn : total;
    *out = rate;
    return true;
}

static bool S_is_connect(const aw_node *route)
{
    return route->as.route.route_key && strcmp(route->as.route.route_key, "$connect") == 0;
}

/* The rows shown as traffic, and the function rates behind them. */
static void S_rows(const aw_model *m, const double *route_rate, const double *node_rate, aw_cost_estimate *e)
{
    size_t n = m->node_count ? m->node_count : 1;
    e->routes = calloc(n, sizeof *e->routes);
    e->functions = calloc(n, sizeof *e->functions);
    if (!e->routes || !e->functions)
        abort();
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind == AW_KIND_ROUTE) {
            e->routes[e->route_count++] = (aw_cost_route_row){node, route_rate[i]};
            if (S_is_connect(node))
                e->connections_per_s += route_rate[i];
        } else if (node->kind == AW_KIND_FUNCTION && node_rate[i] > 0) {
            const aw_latency *l = node->as.function.latency;
            /* The median taken as the mean, as the capacity rules do. */
            double ms = l && AW_IS_SET(l->p50_ms) ? l->p50_ms : NAN;
            e->functions[e->function_count++] = (aw_cost_function_row){node, node_rate[i], ms};
        }
    }
}

static void S_cache_note(const aw_model *m, aw_cost_estimate *e)
{
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *st = m->nodes[i];
        if (st->kind == AW_KIND_STAGE && st->as.stage.cache && st->as.stage.cache->enabled) {
            aw_cost_note(&e->notes, "stage '%s' caches responses, but its hit ratio is not known: every request is "
                                    "counted at the back end", st->id);
        }
    }
}

/* Says which price a scenario lacked (aw_cost_price() notes it first as
 * "no price for ..."); always false. */
static bool S_missing_price(const aw_cost_estimate *e, char *err, size_t err_size)
{
    for (size_t k = 0; k < e->scenario_count; k++)
        for (size_t i = 0; i < e->scenarios[k].region.note_count; i++)
            if (strncmp(e->scenarios[k].region.notes[i], "no price for ", 13) == 0)
                return S_fail(err, err_size, e->scenarios[k].region.notes[i]);
    return S_fail(err, err_size, "a price is missing");
}

/* One scenario: usage of one region for a month at `growth`. */
static bool S_scenario(const aw_model *m, const aw_region_prices *prices, const aw_cost_request *req,
                       const aw_cost_estimate *e, double growth, aw_cost_scenario *out)
{
    double share = growth / (double)e->regions;
    aw_cost_route_usage *ru = calloc(e->route_count ? e->route_count : 1, sizeof *ru);
    aw_cost_function_usage *fu = calloc(e->function_count ? e->function_count : 1, sizeof *fu);
    if (!ru || !fu)
        abort();
    for (size_t i = 0; i < e->route_count; i++)
        ru[i] = (aw_cost_route_usage){e->routes[i].route, e->routes[i].rps * share * AW_COST_MONTH_S, req->message_kb,
                                      req->response_kb};
    for (size_t i = 0; i < e->function_count; i++)
        fu[i] = (aw_cost_function_usage){e->functions[i].function, e->functions[i].rps * share * AW_COST_MONTH_S,
                                         e->functions[i].duration_ms};
    double minutes = AW_IS_SET(e->session_minutes) ? e->connections_per_s * share * AW_COST_MONTH_S * e->session_minutes : 0;
    aw_cost_usage usage = {AW_COST_MONTH_S, ru, e->route_count, fu, e->function_count, minutes};
    /* Free allowances are the account's, whatever the number of regions. */
    aw_cost_options opt = {.free_tier = req->free_tier, .free_share = 1.0 / (double)e->regions};
    out->growth = growth;
    bool ok = aw_cost_price(m, prices, &usage, &opt, &out->region);
    out->total = out->region.total * e->regions;
    free(ru), free(fu);
    return ok;
}

bool aw_cost_estimate_run(const aw_model *m, const char *diagram, const aw_price_list *list,
                          const aw_cost_request *req, aw_cost_estimate *e, char *err, size_t err_size)
{
    memset(e, 0, sizeof *e);
    aw_arena_init(&e->notes.arena);
    e->diagram = diagram;
    e->regions = req->regions;
    e->free_tier = req->free_tier;
    e->prices_file = list->file;
    e->prices_taken = list->taken;
    e->session_minutes = req->session_minutes;
    e->region = req->region ? req->region : m->regions.count ? m->regions.items[0] : "us-east-1";
    const aw_region_prices *prices = aw_price_list_region(list, e->region);
    if (!prices) {
        snprintf(err, err_size, "%s has no prices for region %s%s (give --prices FILE with them, or --region)",
                 list->file, e->region, m->regions.count || req->region ? "" : ", which the diagram does not name");
        return false;
    }
    double *route_rate;
    if (!S_route_rates(m, req, e, &route_rate, err, err_size))
        return false;
    double *node_rate = aw_cost_node_rates(m, route_rate, req->callers, &e->notes);
    if (!node_rate)
        abort();
    S_rows(m, route_rate, node_rate, e);
    free(route_rate), free(node_rate);
    if (e->connections_per_s > 0 && !AW_IS_SET(e->session_minutes))
        aw_cost_note(&e->notes, "WebSocket connection minutes are not priced: give --session-minutes N, how long a "
                                "connection stays open");
    S_cache_note(m, e);
    e->scenarios = calloc(req->growth_count, sizeof *e->scenarios);
    if (!e->scenarios)
        abort();
    bool ok = true;
    for (size_t i = 0; i < req->growth_count; i++, e->scenario_count++)
        ok &= S_scenario(m, prices, req, e, req->growth[i], &e->scenarios[i]);
    return ok || S_missing_price(e, err, err_size);
}

void aw_cost_estimate_free(aw_cost_estimate *e)
{
    for (size_t i = 0; i < e->scenario_count; i++)
        aw_cost_breakdown_free(&e->scenarios[i].region);
    free(e->scenarios);
    free(e->routes);
    free(e->functions);
    aw_cost_breakdown_free(&e->notes);
    memset(e, 0, sizeof *e);
}
