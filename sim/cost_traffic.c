/* Traffic for cost estimates: the mean rate each route gets from the
 * clients a diagram draws (aw_client_route_rates, reading their route mix
 * as the simulator's traffic sources do: client_mix.h), and where that
 * traffic goes on to. */
#include "cost_traffic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "client_mix.h"
#include "cost_estimate.h"

/* A client's mean rate over a month: a diurnal profile swings between its
 * base and peak rates every day, so it averages their midpoint; a ramp or a
 * spike is an event on top of the base rate, which is what a month sees. */
static double S_client_mean(const aw_client *c)
{
    const aw_traffic *t = c->traffic;
    if (!t || !AW_IS_SET(t->rate))
        return 0;
    if (t->profile == AW_PROFILE_DIURNAL && AW_IS_SET(t->peak_rate))
        return (t->rate + t->peak_rate) / 2.0;
    return t->rate;
}

double *aw_client_route_rates(const aw_model *m)
{
    double *rate = calloc(m->node_count ? m->node_count : 1, sizeof *rate);
    aw_api_index x;
    if (!rate || !aw_api_index_build(m, &x)) {
        free(rate);
        return NULL;
    }
    size_t cap = 1;
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_CLIENT && aw_client_mix_cap(&x, m->nodes[i]) > cap)
            cap = aw_client_mix_cap(&x, m->nodes[i]);
    const aw_node **routes = malloc(cap * sizeof *routes);
    double *weights = malloc(cap * sizeof *weights);
    for (size_t i = 0; routes && weights && i < m->node_count; i++) {
        if (m->nodes[i]->kind != AW_KIND_CLIENT)
            continue;
        double total, mean = S_client_mean(&m->nodes[i]->as.client);
        size_t n = aw_client_mix(&x, m->nodes[i], routes, weights, &total);
        for (size_t k = 0; k < n; k++)
            rate[routes[k]->index] += mean * weights[k] / total;
    }
    bool ok = routes && weights;
    free(routes), free(weights);
    aw_api_index_free(&x);
    if (!ok) {
        free(rate);
        return NULL;
    }
    return rate;
}

const aw_node *aw_cost_route_authorizer(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->authorizer.node)
        return r->authorizer.node;
    if (r->authorizer.id || !r->api.node)
        return NULL;
    return r->api.node->as.api.default_authorizer.node;
}

/* The node an integration hands a request to. */
static const aw_node *S_integration_target(const aw_node *in)
{
    if (!in || in->kind != AW_KIND_INTEGRATION)
        return NULL;
    const aw_integration *ig = &in->as.integration;
    switch (ig->type) {
    case AW_INTEG_LAMBDA: return ig->function.node;
    case AW_INTEG_HTTP: return ig->backend.node;
    case AW_INTEG_PRIVATE: return ig->listener.node;
    case AW_INTEG_AWS: return ig->target.node;
    default: return NULL;
    }
}

/* Lambda authorizers: each request asks, unless the answer for its caller
 * is still cached; with `callers` distinct identities and a TTL of T
 * seconds, at most callers / T asks a second reach the function. */
static void S_authorizer_rates(const aw_model *m, const double *route_rate, double callers, double *rate,
                               aw_cost_breakdown *notes)
{
    size_t n = m->node_count ? m->node_count : 1;
    double *asks = calloc(n, sizeof *asks);
    if (!asks)
        abort();
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *a = m->nodes[i]->kind == AW_KIND_ROUTE ? aw_cost_route_authorizer(m->nodes[i]) : NULL;
        if (a && a->as.authorizer.type == AW_AUTH_LAMBDA)
            asks[a->index] += route_rate[i];
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *a = m->nodes[i];
        const aw_node *fn = a->kind == AW_KIND_AUTHORIZER ? a->as.authorizer.function.node : NULL;
        if (!fn || asks[i] <= 0)
            continue;
        double ttl_s = AW_IS_SET(a->as.authorizer.result_ttl_ms) ? a->as.authorizer.result_ttl_ms / 1000.0 : 0;
        double r = asks[i];
        if (ttl_s > 0 && AW_IS_SET(callers))
            r = fmin(r, callers / ttl_s);
        else if (ttl_s > 0 && notes)
            aw_cost_note(notes,
                         "authorizer '%s' caches results for %g s, but how many distinct callers share them is not "
                         "known: every request is counted as an invocation (--callers N lowers it to N / %g a second)",
                         a->id, ttl_s, ttl_s);
        rate[fn->index] += r;
    }
    free(asks);
}

/* Pushes rates along edges in topological order (Kahn), so a node passes
 * on all it receives, times callsPerRequest; nodes on a cycle pass nothing. */
static void S_edge_rates(const aw_model *m, double *rate, aw_cost_breakdown *notes)
{
    size_t n = m->node_count ? m->node_count : 1;
    size_t *indegree = calloc(n, sizeof *indegree), *start = calloc(n + 1, sizeof *start);
    size_t *out = malloc((m->edge_count ? m->edge_count : 1) * sizeof *out), *queue = malloc(n * sizeof *queue);
    size_t *fill = calloc(n, sizeof *fill);
    if (!indegree || !start || !out || !queue || !fill)
        abort();
    for (size_t e = 0; e < m->edge_count; e++)
        if (m->edges[e].from.node && m->edges[e].to.node) {
            start[m->edges[e].from.node->index + 1]++;
            indegree[m->edges[e].to.node->index]++;
        }
    for (size_t i = 0; i < m->node_count; i++)
        start[i + 1] += start[i];
    for (size_t e = 0; e < m->edge_count; e++)
        if (m->edges[e].from.node && m->edges[e].to.node) {
            size_t f = m->edges[e].from.node->index;
            out[start[f] + fill[f]++] = e;
        }
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < m->node_count; i++)
        if (!indegree[i])
            queue[tail++] = i;
    while (head < tail) {
        size_t v = queue[head++];
        for (size_t k = start[v]; k < start[v + 1]; k++) {
            const aw_edge *e = &m->edges[out[k]];
            size_t to = e->to.node->index;
            rate[to] += rate[v] * (AW_IS_SET(e->calls_per_request) ? e->calls_per_request : 1.0);
            if (--indegree[to] == 0)
                queue[tail++] = to;
        }
    }
    if (tail < m->node_count && notes)
        aw_cost_note(notes, "%zu node%s on a cycle of edges pass on no traffic", m->node_count - tail,
                     m->node_count - tail == 1 ? "" : "s");
    free(indegree), free(start), free(out), free(queue), free(fill);
}

double *aw_cost_node_rates(const aw_model *m, const double *route_rate, double callers, aw_cost_breakdown *notes)
{
    double *rate = calloc(m->node_count ? m->node_count : 1, sizeof *rate);
    if (!rate)
        return NULL;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        const aw_node *to = route->kind == AW_KIND_ROUTE ? S_integration_target(route->as.route.integration.node) : NULL;
        if (to)
            rate[to->index] += route_rate[i];
    }
    S_authorizer_rates(m, route_rate, callers, rate, notes);
    S_edge_rates(m, rate, notes);
    return rate;
}
