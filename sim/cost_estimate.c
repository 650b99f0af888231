/* `archway cost` (cost_estimate.h): turns the diagram's traffic into usage
 * for a month, one scenario per growth multiplier, each priced for one
 * region by aw_cost_price() and multiplied by the number of regions. */
#include "cost_estimate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/rules/rules.h"
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

/* The route rows, with the most each route's throttles let through in
 * one region (the capacity rules' figure). */
static void S_route_rows(const aw_model *m, const double *route_rate, aw_cost_estimate *e)
{
    double *limit = aw_route_rate_limits(m);
    e->routes = calloc(m->node_count ? m->node_count : 1, sizeof *e->routes);
    if (!limit || !e->routes)
        abort();
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_ROUTE)
            e->routes[e->route_count++] = (aw_cost_route_row){m->nodes[i], route_rate[i], limit[i]};
    free(limit);
}

/* What reaches each node of one region at `growth`: the routes' traffic as
 * far as their throttles let it through, then on through integrations,
 * authorizers and edges. With note set, routes offered more are noted;
 * flow_notes (or NULL) gets what the flow had to assume. */
static double *S_backend_rates(const aw_model *m, const aw_cost_request *req, aw_cost_estimate *e, double growth,
                               bool note, aw_cost_breakdown *flow_notes)
{
    double *served = calloc(m->node_count ? m->node_count : 1, sizeof *served);
    if (!served)
        abort();
    aw_strbuf over = AW_STRBUF_INIT;
    size_t over_count = 0;
    for (size_t i = 0; i < e->route_count; i++) {
        const aw_cost_route_row *r = &e->routes[i];
        double offered = r->rps * growth / (double)e->regions;
        served[r->route->index] = AW_IS_SET(r->limit) ? fmin(offered, r->limit) : offered;
        if (AW_IS_SET(r->limit) && offered > r->limit * (1 + 1e-9))
            aw_strbuf_printf(&over, "%s'%s' %.1f > %.1f", over_count++ ? ", " : "", r->route->id, offered, r->limit);
    }
    if (note && over_count)
        aw_cost_note(&e->notes,
                     "at growth x%g, %zu route%s offered more requests/s a region than %s throttles let through (%s): "
                     "API requests are counted as offered, what lies behind as let through",
                     growth, over_count, over_count == 1 ? " is" : "s are", over_count == 1 ? "its" : "their", over.data);
    aw_strbuf_free(&over);
    double *rate = aw_cost_node_rates(m, served, req->callers, flow_notes);
    if (!rate)
        abort();
    for (size_t i = 0; i < e->route_count; i++)
        if (S_is_connect(e->routes[i].route))
            rate[e->routes[i].route->index] = served[e->routes[i].route->index];
    free(served);
    return rate;
}

/* The function rows shown as traffic: growth 1, all regions together. */
static void S_function_rows(const aw_model *m, const double *rate, aw_cost_estimate *e)
{
    e->functions = calloc(m->node_count ? m->node_count : 1, sizeof *e->functions);
    if (!e->functions)
        abort();
    for (size_t i = 0; i < e->route_count; i++)
        if (S_is_connect(e->routes[i].route))
            e->connections_per_s += rate[e->routes[i].route->index] * e->regions;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind != AW_KIND_FUNCTION || rate[i] <= 0)
            continue;
        const aw_latency *l = node->as.function.latency;
        /* The median taken as the mean, as the capacity rules do. */
        double ms = l && AW_IS_SET(l->p50_ms) ? l->p50_ms : NAN;
        e->functions[e->function_count++] = (aw_cost_function_row){node, rate[i] * e->regions, ms};
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
                       aw_cost_estimate *e, double growth, aw_cost_scenario *out)
{
    double share = growth / (double)e->regions;
    double *rate = S_backend_rates(m, req, e, growth, true, NULL);
    aw_cost_route_usage *ru = calloc(e->route_count ? e->route_count : 1, sizeof *ru);
    aw_cost_function_usage *fu = calloc(e->function_count ? e->function_count : 1, sizeof *fu);
    if (!ru || !fu)
        abort();
    double connects = 0;
    for (size_t i = 0; i < e->route_count; i++) {
        ru[i] = (aw_cost_route_usage){e->routes[i].route, e->routes[i].rps * share * AW_COST_MONTH_S, req->message_kb,
                                      req->response_kb};
        connects += S_is_connect(e->routes[i].route) ? rate[e->routes[i].route->index] : 0;
    }
    for (size_t i = 0; i < e->function_count; i++) {
        const aw_cost_function_row *f = &e->functions[i];
        fu[i] = (aw_cost_function_usage){f->function, rate[f->function->index] * AW_COST_MONTH_S, f->duration_ms};
    }
    double minutes = AW_IS_SET(e->session_minutes) ? connects * AW_COST_MONTH_S * e->session_minutes : 0;
    aw_cost_usage usage = {AW_COST_MONTH_S, ru, e->route_count, fu, e->function_count, minutes};
    /* Free allowances are the account's, whatever the number of regions. */
    aw_cost_options opt = {.free_tier = req->free_tier, .free_share = 1.0 / (double)e->regions};
    out->growth = growth;
    bool ok = aw_cost_price(m, prices, &usage, &opt, &out->region);
    out->total = out->region.total * e->regions;
    free(ru), free(fu), free(rate);
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
    S_route_rows(m, route_rate, e);
    free(route_rate);
    double *growth1 = S_backend_rates(m, req, e, 1, false, &e->notes);
    S_function_rows(m, growth1, e);
    free(growth1);
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
