/* The simulation model's queue consumers: each delivery edge from an SQS
 * queue to a function, with the event source mapping's figures from the
 * edge and the queue's from the queue (AWS defaults for the rest). */
#include <string.h>

#include "model_builder.h"
#include "../ir/store_access.h"

static bool S_is_consumer(const aw_sim_builder *b, const aw_edge *e)
{
    return aw_edge_delivers(e) && e->from.node->as.datastore.engine == AW_STORE_SQS &&
           b->node_hop[e->from.node->index] >= 0 && b->node_hop[e->to.node->index] >= 0;
}

static void S_consumer(aw_sim_builder *b, aw_sim_consumer *c, const aw_edge *e)
{
    const aw_node *q = e->from.node, *fn = e->to.node;
    const aw_datastore *d = &q->as.datastore;
    *c = (aw_sim_consumer){
        .id = AW_SIM_CONCAT(b, "sqs:", q->id, ">", fn->id),
        .queue_node = q->id,
        .function_node = fn->id,
        .queue = (uint32_t)b->node_hop[q->index],
        .function = (uint32_t)b->node_hop[fn->index],
        .batch_size = e->batch_size != AW_UNSET_INT ? e->batch_size : AW_SIM_SQS_BATCH,
        .batch_window_ms = AW_IS_SET(e->batch_window_ms) && !d->fifo ? e->batch_window_ms : 0.0,
        .max_concurrency = e->max_concurrency != AW_UNSET_INT ? e->max_concurrency : AW_SIM_SQS_MAX,
        .visibility_ms = AW_IS_SET(d->visibility_timeout_ms) ? d->visibility_timeout_ms : AW_SIM_SQS_VISIBILITY_MS,
        .max_receives = d->max_receive_count != AW_UNSET_INT ? d->max_receive_count : 0,
        .fifo = d->fifo,
        .groups = d->fifo && d->message_groups != AW_UNSET_INT ? d->message_groups : 0,
    };
}

void aw_sim_builder_consumers(aw_sim_builder *b, aw_sim_model *sm)
{
    const aw_model *m = b->ir;
    size_t n = 0;
    for (size_t i = 0; i < m->edge_count; i++)
        n += S_is_consumer(b, &m->edges[i]);
    sm->consumers = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *sm->consumers);
    for (size_t i = 0; i < m->edge_count; i++)
        if (S_is_consumer(b, &m->edges[i]))
            S_consumer(b, &sm->consumers[sm->consumer_count++], &m->edges[i]);
}
