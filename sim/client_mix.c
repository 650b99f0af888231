/* A client's routes and their weights (client_mix.h). */
#include <stdlib.h>

#include "client_mix.h"

bool aw_api_index_build(const aw_model *m, aw_api_index *x)
{
    size_t n = m->node_count ? m->node_count : 1;
    *x = (aw_api_index){m, malloc(n * sizeof *x->first_route), malloc(n * sizeof *x->first_stage),
                        malloc(n * sizeof *x->next), calloc(n, sizeof *x->routes), calloc(n, sizeof *x->stages)};
    if (!x->first_route || !x->first_stage || !x->next || !x->routes || !x->stages) {
        aw_api_index_free(x);
        return false;
    }
    for (size_t i = 0; i < m->node_count; i++)
        x->first_route[i] = x->first_stage[i] = x->next[i] = -1;
    /* Backwards, so that each list comes out in node order. */
    for (size_t i = m->node_count; i-- > 0;) {
        const aw_node *node = m->nodes[i];
        bool stage = node->kind == AW_KIND_STAGE;
        const aw_node *api = stage ? node->as.stage.api.node
                             : node->kind == AW_KIND_ROUTE ? node->as.route.api.node : NULL;
        if (!api)
            continue;
        int64_t *head = stage ? &x->first_stage[api->index] : &x->first_route[api->index];
        x->next[i] = *head;
        *head = (int64_t)i;
        (stage ? x->stages : x->routes)[api->index]++;
    }
    return true;
}

void aw_api_index_free(aw_api_index *x)
{
    free(x->first_route), free(x->first_stage), free(x->next), free(x->routes), free(x->stages);
    *x = (aw_api_index){0};
}

const aw_node *aw_client_api(const aw_node *client)
{
    const aw_node *stage = client->as.client.stage.node;
    return stage ? stage->as.stage.api.node : NULL;
}

size_t aw_client_mix_cap(const aw_api_index *x, const aw_node *client)
{
    const aw_client *c = &client->as.client;
    const aw_node *api = aw_client_api(client);
    return c->mix_count ? c->mix_count : api ? x->routes[api->index] : 0;
}

/* Whether the client can call route: one of its stage's API, or, without
 * a stage, of an API that has none. */
static bool S_callable(const aw_api_index *x, const aw_node *client, const aw_node *route)
{
    const aw_node *api = route ? route->as.route.api.node : NULL;
    if (!api)
        return false;
    return client->as.client.stage.node ? api == aw_client_api(client) : x->stages[api->index] == 0;
}

size_t aw_client_mix(const aw_api_index *x, const aw_node *client, const aw_node **routes, double *weights,
                     double *total)
{
    const aw_client *c = &client->as.client;
    size_t n = 0;
    *total = 0;
    for (size_t k = 0; k < c->mix_count; k++) {
        const aw_node *r = c->mix[k].route.node;
        if (!(c->mix[k].weight > 0) || !S_callable(x, client, r))
            continue;
        routes[n] = r, weights[n++] = c->mix[k].weight;
        *total += c->mix[k].weight;
    }
    const aw_node *api = aw_client_api(client);
    for (int64_t i = !c->mix_count && api ? x->first_route[api->index] : -1; i >= 0; i = x->next[i]) {
        routes[n] = x->m->nodes[i], weights[n++] = 1.0;
        *total += 1.0;
    }
    return n;
}
