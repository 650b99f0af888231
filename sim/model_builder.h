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
    bool failed;
} aw_sim_builder;

/* A new hop; -1 (and b->failed) when out of memory. */
int64_t aw_sim_builder_hop(aw_sim_builder *b, const char *id, const char *node, const char *role,
                           aw_sim_hop_kind kind);
int64_t aw_sim_builder_bucket(aw_sim_builder *b, const char *id, const char *node, const char *role, double rate,
                              int64_t burst);
/* The hop built so far with this id, or -1. */
int64_t aw_sim_model_find_in(const aw_sim_builder *b, const char *id);
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
/* The hop an integration hands its requests to (made on first use). */
int64_t aw_sim_builder_target(aw_sim_builder *b, const aw_node *integration);

#endif
