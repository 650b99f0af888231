/* Functions fed by queues and streams: an event source mapping for each
 * delivery edge (queue or stream -> function) and the statements the
 * function's execution role needs to read from that source, and nothing
 * more. */
#include "cfn.h"
#include "../ir/ir_fields.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What Lambda needs to poll a source, per engine (Lambda developer guide:
 * "Using Lambda with Amazon SQS", "... with Kinesis Data Streams"). */
typedef struct source_kind {
    aw_store_engine engine;
    const char *service;        /* in the source's ARN */
    const char *resource;       /* before the name in the ARN */
    const char *actions;        /* space-separated, for the role */
    const char *starting;       /* StartingPosition; NULL: none */
} source_kind;

static const source_kind S_sources[] = {
    {AW_STORE_SQS, "sqs", "", "sqs:ReceiveMessage sqs:DeleteMessage sqs:GetQueueAttributes", NULL},
    {AW_STORE_KINESIS, "kinesis", "stream/",
     "kinesis:DescribeStream kinesis:DescribeStreamSummary kinesis:GetRecords kinesis:GetShardIterator "
     "kinesis:ListShards", "LATEST"},
};

static const source_kind *S_source_kind(const aw_node *store)
{
    for (size_t i = 0; i < sizeof S_sources / sizeof S_sources[0]; i++)
        if (S_sources[i].engine == store->as.datastore.engine)
            return &S_sources[i];
    return NULL;
}

static const char *S_engine_name(const aw_node *store)
{
    const aw_field *f = aw_struct_field(aw_kind_descs[AW_KIND_DATASTORE].desc, "engine");
    return aw_enum_name(f, (int)store->as.datastore.engine);
}

#define NO_EDGE SIZE_MAX

void aw_cfn_access_init(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    c->delivery_head = malloc((m->node_count ? m->node_count : 1) * sizeof *c->delivery_head);
    c->delivery_next = malloc((m->edge_count ? m->edge_count : 1) * sizeof *c->delivery_next);
    if (!c->delivery_head || !c->delivery_next)
        abort();
    for (size_t i = 0; i < m->node_count; i++)
        c->delivery_head[i] = NO_EDGE;
    /* Walked backwards so that each list is in diagram order. */
    for (size_t i = m->edge_count; i-- > 0;) {
        const aw_edge *e = &m->edges[i];
        c->delivery_next[i] = NO_EDGE;
        if (!e->from.node || !e->to.node || e->from.node->kind != AW_KIND_DATASTORE ||
            e->to.node->kind != AW_KIND_FUNCTION)
            continue;
        c->delivery_next[i] = c->delivery_head[e->to.node->index];
        c->delivery_head[e->to.node->index] = i;
    }
}

void aw_cfn_access_free(aw_cfn *c)
{
    free(c->delivery_head);
    free(c->delivery_next);
    c->delivery_head = c->delivery_next = NULL;
}

/* The ARN of a queue or stream: as the diagram gives it, else built from
 * its name in this stack's partition, region and account. */
static void S_source_arn(const source_kind *k, const aw_node *store, aw_subst *s)
{
    const aw_datastore *ds = &store->as.datastore;
    if (ds->arn) {
        aw_subst_lit(s, ds->arn);
        return;
    }
    aw_subst_arn(s, k->service, true);
    aw_subst_lit(s, k->resource);
    aw_subst_lit(s, ds->resource_name ? ds->resource_name : store->id);
}

static void S_actions(aw_jw *w, const char *actions)
{
    aw_jw_key(w, "Action");
    aw_jw_array(w);
    for (const char *p = actions; *p;) {
        size_t n = strcspn(p, " ");
        aw_jw_stringf(w, "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
    }
    aw_jw_end_array(w);
}

/* Whether fn's role needs any statement of its own. */
static bool S_has_access(const aw_cfn *c, const aw_node *fn)
{
    for (size_t i = c->delivery_head[fn->index]; i != NO_EDGE; i = c->delivery_next[i])
        if (S_source_kind(c->d.model->edges[i].from.node))
            return true;
    return false;
}

void aw_cfn_role_policies(aw_cfn *c, const aw_node *fn)
{
    if (!S_has_access(c, fn))
        return;
    aw_jw *w = c->w;
    aw_jw_key(w, "Policies");
    aw_jw_array(w);
    aw_jw_object(w);
    aw_jw_member_string(w, "PolicyName", "diagram-access");
    aw_jw_key(w, "PolicyDocument");
    aw_jw_object(w);
    aw_jw_member_string(w, "Version", "2012-10-17");
    aw_jw_key(w, "Statement");
    aw_jw_array(w);
    for (size_t i = c->delivery_head[fn->index]; i != NO_EDGE; i = c->delivery_next[i]) {
        const aw_node *store = c->d.model->edges[i].from.node;
        const source_kind *k = S_source_kind(store);
        if (!k)
            continue;
        aw_jw_object(w);
        aw_jw_member_string(w, "Effect", "Allow");
        S_actions(w, k->actions);
        aw_subst arn = AW_SUBST_INIT;
        S_source_arn(k, store, &arn);
        aw_jw_key(w, "Resource");
        aw_deploy_write_subst(&c->d, w, &arn);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
    aw_jw_end_array(w);
}

/* The batch settings Lambda accepts for this source; reports the others. */
static bool S_batch_fits(aw_cfn *c, const aw_edge *e, const aw_node *store)
{
    const aw_datastore *ds = &store->as.datastore;
    bool sqs = ds->engine == AW_STORE_SQS;
    if (sqs && ds->fifo && e->batch_size != AW_UNSET_INT && e->batch_size > 10)
        aw_deploy_report(&c->d, store, &e->loc, "Lambda reads at most 10 messages at a time from FIFO queue '%s'; edge "
                         "\"%s\" asks for %lld", store->id, e->id, (long long)e->batch_size);
    else if (sqs && ds->fifo && AW_IS_SET(e->batch_window_ms) && e->batch_window_ms > 0)
        aw_deploy_report(&c->d, store, &e->loc, "Lambda has no batching window for FIFO queues; remove 'batchWindow' "
                         "from edge \"%s\"", e->id);
    else if (sqs && e->batch_size != AW_UNSET_INT && e->batch_size > 10 &&
             !(AW_IS_SET(e->batch_window_ms) && e->batch_window_ms >= 1000))
        aw_deploy_report(&c->d, store, &e->loc, "a batch of more than 10 messages needs a 'batchWindow' of at least 1s; "
                         "edge \"%s\" has none", e->id);
    else
        return true;
    return false;
}

static void S_event_source(aw_cfn *c, const aw_edge *e, const source_kind *k)
{
    const aw_node *store = e->from.node, *fn = e->to.node;
    if (!S_batch_fits(c, e, store))
        return;
    char id[600];
    snprintf(id, sizeof id, "%sFrom%sEventSource", aw_logical_id(&c->d.ids, fn), aw_logical_id(&c->d.ids, store));
    aw_cfn_resource(c, fn, id, "AWS::Lambda::EventSourceMapping");
    aw_subst arn = AW_SUBST_INIT, target = AW_SUBST_INIT;
    S_source_arn(k, store, &arn);
    aw_jw_key(c->w, "EventSourceArn");
    aw_deploy_write_subst(&c->d, c->w, &arn);
    /* The alias, when there is one, so that deliveries use its
     * provisioned concurrency as the APIs' calls do. */
    aw_deploy_function_arn(&c->d, fn, &target);
    aw_jw_key(c->w, "FunctionName");
    aw_deploy_write_subst(&c->d, c->w, &target);
    if (e->batch_size != AW_UNSET_INT)
        aw_jw_member_int(c->w, "BatchSize", e->batch_size);
    if (AW_IS_SET(e->batch_window_ms))
        aw_jw_member_int(c->w, "MaximumBatchingWindowInSeconds", (int64_t)((e->batch_window_ms + 999) / 1000));
    if (k->starting)
        aw_jw_member_string(c->w, "StartingPosition", k->starting);
    aw_cfn_resource_end(c);
    if (fn->as.function.existing)
        aw_deploy_note(&c->d, fn, &e->loc, "function '%s' is not created by this template: give its execution role "
                       "%s on '%s' in a policy of your own", fn->id, k->actions, store->id);
}

void aw_cfn_event_sources(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *fn = m->nodes[i];
        if (fn->kind != AW_KIND_FUNCTION)
            continue;
        for (size_t k = c->delivery_head[fn->index]; k != NO_EDGE; k = c->delivery_next[k]) {
            const aw_edge *e = &m->edges[k];
            const source_kind *kind = S_source_kind(e->from.node);
            if (kind)
                S_event_source(c, e, kind);
            else
                aw_deploy_note(&c->d, e->from.node, &e->loc, "delivery from %s '%s' to function '%s' is left to "
                               "another stack: the template creates event source mappings for SQS queues and Kinesis "
                               "streams only", S_engine_name(e->from.node), e->from.node->id, fn->id);
        }
    }
}
