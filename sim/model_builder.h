/* Shared by the files that build the simulation model from the IR
 * (model_build.c: hops; model_routes.c: routes, sources, the driver).
 * Not for other callers: they use aw_sim_model_build(). */
#ifndef AW_SIM_MODEL_BUILDER_H
#define AW_SIM_MODEL_BUILDER_H

#include "sim_model.h"

/* The model while it is built: hops grow in a malloc'd array, copied into
 * the arena at the end; per-node tables map IR nodes to hops (-1: none). */
typedef struct aw_sim_builder {
    const aw_model *ir;
    aw_arena *arena;
    aw_sim_hop *hops;
    size_t count, cap;
    int64_t *node_hop;          /* function, datastore, balancer, backend, authorizer, integration */
    int64_t *stage_cache;
    int64_t shared_pool;        /* the unreserved Lambda pool, -1 until needed */
    aw_sim_knob *knobs;         /* grown like hops, copied at the end */
    size_t knob_count, knob_cap;
    int64_t *node_knob;         /* stage, route, usage plan: its throttle's rate knob, -1 */
    bool failed;
} aw_sim_builder;

/* A new hop; -1 (and b->failed) when out of memory. */
int64_t aw_sim_builder_hop(aw_sim_builder *b, const char *id, const char *node, const char *role,
                           aw_sim_hop_kind kind);
int64_t aw_sim_builder_bucket(aw_sim_builder *b, const char *id, const char *node, const char *role, double rate,
                              int64_t burst);
/* A knob of hop h: the number at path (up to three keys, NULL-ended) of
 * element; its index, or -1 (and b->failed) when out of memory. */
int64_t aw_sim_builder_knob(aw_sim_builder *b, int64_t h, const char *element, aw_sim_figure figure, double value,
                            const char *what, const char *const *path);
/* Hop h is set by knob k too. */
void aw_sim_builder_knob_share(aw_sim_builder *b, int64_t h, int64_t k);
/* The rate and burst knobs of the throttle bucket h obeys, at `at` (one or
 * two keys, NULL-ended) in element; memo (a node index, or -1 for none)
 * shares them among the buckets of one throttle. */
void aw_sim_builder_throttle_knobs(aw_sim_builder *b, int64_t h, const char *element, const char *const *at,
                                   int64_t memo);
/* The strings one after another, in the builder's arena (aw_arena_join):
 * the builder names tens of thousands of hops and routes on an estate, and
 * a printf format costs more than the copies. */
#define AW_SIM_CONCAT(b, ...) ((const char *)aw_arena_join((b)->arena, (const char *const[]){__VA_ARGS__, NULL}))
/* "prefix:id" in the arena. */
const char *aw_sim_builder_name(aw_sim_builder *b, const char *prefix, const char *id);

void aw_sim_builder_function(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_datastore(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_load_balancer(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_backend(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_stage(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_authorizer(aw_sim_builder *b, const aw_node *n);
void aw_sim_builder_edges(aw_sim_builder *b);
/* Sizes the pools that have a capacity, once the calls are known. */
void aw_sim_builder_size_pools(aw_sim_builder *b);
/* The model's SQS consumers, from the delivery edges (model_consumers.c). */
void aw_sim_builder_consumers(aw_sim_builder *b, aw_sim_model *sm);
/* The hop an integration hands its requests to (made on first use). */
int64_t aw_sim_builder_target(aw_sim_builder *b, const aw_node *integration);

#endif
