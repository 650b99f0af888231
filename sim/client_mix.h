/* Which routes a diagram's client calls, and how often each: the one
 * reading of a client's route mix that the simulator's traffic sources and
 * the cost estimate both use. */
#ifndef AW_SIM_CLIENT_MIX_H
#define AW_SIM_CLIENT_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ir/ir.h"

/* Each API's routes and stages, as lists through node indexes (built once
 * per model: a walk over every node per client would be clients x nodes). */
typedef struct aw_api_index {
    const aw_model *m;
    int64_t *first_route;       /* api node index -> its first route in node order, -1 */
    int64_t *first_stage;       /* api node index -> its first stage, -1 */
    int64_t *next;              /* route or stage node index -> the next of the same API, -1 */
    size_t *routes, *stages;    /* api node index -> how many */
} aw_api_index;

/* false when out of memory (nothing to free then). */
bool aw_api_index_build(const aw_model *m, aw_api_index *out);
void aw_api_index_free(aw_api_index *x);

/* The API whose routes the client calls: its stage's (NULL without one). */
const aw_node *aw_client_api(const aw_node *client);

/* How many routes aw_client_mix() can give the client at most. */
size_t aw_client_mix_cap(const aw_api_index *x, const aw_node *client);

/* The routes the client calls, with their weights, into routes[] and
 * weights[] (aw_client_mix_cap() long): the entries of its mix with a
 * positive weight whose route is one of its stage's API (for a client
 * without a stage: of an API without stages), in the mix's order; with no
 * mix at all, every route of its stage's API, alike, in the diagram's
 * order. Returns how many; *total gets the weights' sum. */
size_t aw_client_mix(const aw_api_index *x, const aw_node *client, const aw_node **routes, double *weights,
                     double *total);

#endif
