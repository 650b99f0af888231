/* The access the template grants, and nothing more: each function's role
 * allows the actions its edges to data stores and APIs draw, on those
 * only; a queue or stream that delivers to a function gets its event
 * source mapping and the role the actions Lambda polls it with; an
 * AWS-service integration without a role gets one allowed its action on
 * its target. */
#include "cfn.h"
#include "../ir/ir_fields.h"
#include "../ir/store_access.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef aw_store_access engine_access;

static const engine_access *S_engine(const aw_node *store)
{
    return aw_store_access_find(store->as.datastore.engine);
}

static const char *S_engine_name(const aw_node *store)
{
    const aw_field *f = aw_struct_field(aw_kind_descs[AW_KIND_DATASTORE].desc, "engine");
    return aw_enum_name(f, (int)store->as.datastore.engine);
}

#define NO_EDGE SIZE_MAX

/* A delivery edge into a function; an access edge out of it. */
static bool S_delivery(const aw_edge *e)
{
    return aw_edge_delivers(e);
}

static bool S_access(const aw_edge *e)
{
    return e->from.node && e->to.node && e->from.node->kind == AW_KIND_FUNCTION &&
           e->to.node->kind == AW_KIND_DATASTORE && (e->access || e->actions.count);
}

/* A function's call of an API of the diagram (the API, one stage or one
 * route): a WebSocket API's @connections, to post to its clients, or an
 * HTTP or REST API's routes, which IAM authorization lets it invoke. */
static const aw_node *S_called_api(const aw_edge *e)
{
    const aw_node *from = e->from.node, *to = e->to.node;
    if (!from || !to || from->kind != AW_KIND_FUNCTION)
        return NULL;
    if (to->kind == AW_KIND_API)
        return to;
    return to->kind == AW_KIND_STAGE || to->kind == AW_KIND_ROUTE ? to->owner_api : NULL;
}

void aw_cfn_access_init(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    c->edge_head = malloc((m->node_count ? m->node_count : 1) * sizeof *c->edge_head);
    c->edge_next = malloc((m->edge_count ? m->edge_count : 1) * sizeof *c->edge_next);
    if (!c->edge_head || !c->edge_next)
        abort();
    for (size_t i = 0; i < m->node_count; i++)
        c->edge_head[i] = NO_EDGE;
    /* Walked backwards so that each list is in diagram order; an edge is
     * in the list of the function it concerns. */
    for (size_t i = m->edge_count; i-- > 0;) {
        const aw_edge *e = &m->edges[i];
        c->edge_next[i] = NO_EDGE;
        const aw_node *fn = S_delivery(e) ? e->to.node : S_access(e) || S_called_api(e) ? e->from.node : NULL;
        if (!fn)
            continue;
        c->edge_next[i] = c->edge_head[fn->index];
        c->edge_head[fn->index] = i;
    }
}

void aw_cfn_access_free(aw_cfn *c)
{
    free(c->edge_head);
    free(c->edge_next);
    c->edge_head = c->edge_next = NULL;
}

/* A statement's Resource: the ARN, and with sub a second resource under
 * it (a table's indexes, a bucket's objects). Frees arn. */
static void S_resource(aw_cfn *c, aw_subst *arn, const char *sub)
{
    aw_jw_key(c->w, "Resource");
    if (!sub) {
        aw_deploy_write_subst(&c->d, c->w, arn);
        return;
    }
    aw_subst under = AW_SUBST_INIT;
    aw_strbuf_puts(&under.text, arn->text.data);  /* already in Fn::Sub syntax */
    under.has_ref = arn->has_ref;
    aw_subst_lit(&under, sub);
    aw_jw_array(c->w);
    aw_deploy_write_subst(&c->d, c->w, arn);
    aw_deploy_write_subst(&c->d, c->w, &under);
    aw_jw_end_array(c->w);
}

static void S_action_words(aw_jw *w, const char *actions)
{
    for (const char *p = actions; p && *p;) {
        size_t n = strcspn(p, " ");
        aw_jw_stringf(w, "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
    }
}

/* The actions an access edge grants: as typed, else the engine's for its
 * level. Written into w when w is not NULL; returns whether there are any. */
static bool S_edge_actions(const aw_edge *e, const engine_access *k, aw_jw *w)
{
    if (e->actions.count) {
        for (size_t i = 0; w && i < e->actions.count; i++)
            aw_jw_string(w, e->actions.items[i]);
        return true;
    }
    const char *read, *write;
    bool any = aw_store_access_actions(k, e->access, &read, &write);
    if (w) {
        S_action_words(w, read);
        S_action_words(w, write);
    }
    return any;
}

/* The statement an edge puts in its function's role; false when it gives
 * none (an engine without IAM access, whose ARN is not known). */
static bool S_statement_fits(const aw_edge *e)
{
    if (S_called_api(e))
        return false;   /* in a policy of its own: aw_cfn_api_policies() */
    const aw_node *store = S_delivery(e) ? e->from.node : e->to.node;
    const engine_access *k = S_engine(store);
    if (S_delivery(e))
        return k && k->consume;
    return (k || store->as.datastore.arn) && S_edge_actions(e, k, NULL);
}

/* execute-api:ManageConnections on a WebSocket API's @connections, or
 * execute-api:Invoke on what the edge names of an HTTP or REST API. */
static void S_api_statement(aw_cfn *c, const aw_edge *e, const aw_node *api)
{
    static const char *const methods[] = {NULL, "*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    const aw_node *to = e->to.node;
    bool ws = api->as.api.type == AW_API_WEBSOCKET;
    aw_subst arn = AW_SUBST_INIT;
    aw_cfn_execute_api_arn(c, api, &arn);
    aw_subst_lit(&arn, "/");
    aw_subst_lit(&arn, to->kind == AW_KIND_STAGE ? aw_deploy_name(to) : "*");
    const aw_route *r = to->kind == AW_KIND_ROUTE ? &to->as.route : NULL;
    if (ws) {
        aw_subst_lit(&arn, "/*/@connections/*");
    } else if (r && r->path) {
        aw_subst_lit(&arn, "/");
        aw_subst_lit(&arn, methods[r->method]);
        aw_strbuf path = AW_STRBUF_INIT;
        aw_deploy_policy_path(&path, r->path);
        aw_subst_lit(&arn, path.data);
        aw_strbuf_free(&path);
    } else {
        aw_subst_lit(&arn, "/*");
    }
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Effect", "Allow");
    aw_jw_member_string(c->w, "Action", ws ? "execute-api:ManageConnections" : "execute-api:Invoke");
    S_resource(c, &arn, NULL);
    aw_jw_end_object(c->w);
}

static void S_statement(aw_cfn *c, const aw_edge *e)
{
    aw_jw *w = c->w;
    bool delivery = S_delivery(e);
    const aw_node *store = delivery ? e->from.node : e->to.node;
    const engine_access *k = S_engine(store);
    aw_jw_object(w);
    aw_jw_member_string(w, "Effect", "Allow");
    aw_jw_key(w, "Action");
    aw_jw_array(w);
    if (delivery)
        S_action_words(w, k->consume);
    else
        S_edge_actions(e, k, w);
    aw_jw_end_array(w);
    aw_subst arn = AW_SUBST_INIT;
    if (k)
        aw_deploy_store_arn(store, &arn);
    else
        aw_subst_lit(&arn, store->as.datastore.arn);
    S_resource(c, &arn, k && !delivery ? k->sub : NULL);
    aw_jw_end_object(w);
}

/* A role's Policies with one policy of this name, open at its Statement
 * list; S_policy_close() ends them. */
static void S_policy_open(aw_jw *w, const char *name)
{
    aw_jw_key(w, "Policies");
    aw_jw_array(w);
    aw_jw_object(w);
    aw_jw_member_string(w, "PolicyName", name);
    aw_jw_key(w, "PolicyDocument");
    aw_jw_object(w);
    aw_jw_member_string(w, "Version", "2012-10-17");
    aw_jw_key(w, "Statement");
    aw_jw_array(w);
}

static void S_policy_close(aw_jw *w)
{
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
    aw_jw_end_array(w);
}

/* Why the template cannot grant a function's access itself: it does not
 * create the function, or the function runs as a role the diagram names.
 * NULL when the template creates the role. */
static const char *S_outside_role(const aw_node *fn)
{
    if (fn->as.function.existing)
        return "is not created by this template";
    if (fn->as.function.role)
        return "runs as the role it names, which this template does not change";
    return NULL;
}

/* Whether fn's role needs any statement of its own. */
static bool S_has_access(const aw_cfn *c, const aw_node *fn)
{
    for (size_t i = c->edge_head[fn->index]; i != NO_EDGE; i = c->edge_next[i])
        if (S_statement_fits(&c->d.model->edges[i]))
            return true;
    return false;
}

void aw_cfn_role_policies(aw_cfn *c, const aw_node *fn)
{
    if (!S_has_access(c, fn) && !fn->as.function.statement_count)
        return;
    aw_jw *w = c->w;
    S_policy_open(w, "diagram-access");
    for (size_t i = c->edge_head[fn->index]; i != NO_EDGE; i = c->edge_next[i])
        if (S_statement_fits(&c->d.model->edges[i]))
            S_statement(c, &c->d.model->edges[i]);
    aw_cfn_lambda_statements(c, fn);
    S_policy_close(w);
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

static void S_event_source(aw_cfn *c, const aw_edge *e, const engine_access *k)
{
    const aw_node *store = e->from.node, *fn = e->to.node;
    if (!S_batch_fits(c, e, store))
        return;
    char id[600];
    snprintf(id, sizeof id, "%sFrom%sEventSource", aw_logical_id(&c->d.ids, fn), aw_logical_id(&c->d.ids, store));
    aw_cfn_resource(c, fn, id, "AWS::Lambda::EventSourceMapping");
    aw_subst arn = AW_SUBST_INIT, target = AW_SUBST_INIT;
    aw_deploy_store_arn(store, &arn);
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
    if (e->max_concurrency != AW_UNSET_INT && store->as.datastore.engine == AW_STORE_SQS) {
        aw_jw_key(c->w, "ScalingConfig");
        aw_jw_object_inline(c->w);
        aw_jw_member_int(c->w, "MaximumConcurrency", e->max_concurrency);
        aw_jw_end_object(c->w);
    }
    aw_cfn_resource_end(c);
    if (S_outside_role(fn))
        aw_deploy_note(&c->d, fn, &e->loc, "function '%s' %s: give its execution role "
                       "%s on '%s' in a policy of your own", fn->id, S_outside_role(fn), k->consume, store->id);
}

void aw_cfn_event_sources(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *fn = m->nodes[i];
        if (fn->kind != AW_KIND_FUNCTION)
            continue;
        for (size_t k = c->edge_head[fn->index]; k != NO_EDGE; k = c->edge_next[k]) {
            const aw_edge *e = &m->edges[k];
            const engine_access *kind = S_delivery(e) ? S_engine(e->from.node) : NULL;
            if (kind && kind->consume)
                S_event_source(c, e, kind);
            else if (S_delivery(e))
                aw_deploy_note(&c->d, e->from.node, &e->loc, "delivery from %s '%s' to function '%s' is left to "
                               "another stack: the template creates event source mappings for SQS queues and Kinesis "
                               "streams only", S_engine_name(e->from.node), e->from.node->id, fn->id);
            else if (S_outside_role(fn))
                aw_deploy_note(&c->d, fn, &e->loc, "function '%s' %s: give its execution "
                               "role the access edge \"%s\" draws in a policy of your own", fn->id,
                               S_outside_role(fn), e->id);
        }
    }
}

static void S_write_assume_role_policy(aw_jw *w, const char *service)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "Version", "2012-10-17");
    aw_jw_key(w, "Statement");
    aw_jw_array(w);
    aw_jw_object(w);
    aw_jw_member_string(w, "Effect", "Allow");
    aw_jw_key(w, "Principal");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "Service", service);
    aw_jw_end_object(w);
    aw_jw_member_string(w, "Action", "sts:AssumeRole");
    aw_jw_end_object(w);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

/* Kept aside (aw_cfn_kept): every function's role trusts the same service. */
void aw_cfn_assume_role_policy(aw_cfn *c, const char *service)
{
    aw_jw_key(c->w, "AssumeRolePolicyDocument");
    aw_jw w;
    bool same = c->assume_role.service && strcmp(c->assume_role.service, service) == 0;
    if (aw_cfn_kept_stale(c, &c->assume_role.kept, same, &w)) {
        S_write_assume_role_policy(&w, service);
        c->assume_role.service = service;
    }
    aw_jw_raw_value(c->w, c->assume_role.kept.text.data, c->assume_role.kept.text.len);
}

/* The resource an integration's role may act on: the target store (and
 * its indexes or objects), or the default event bus. */
static void S_integration_resource(aw_cfn *c, const aw_node *store)
{
    aw_subst arn = AW_SUBST_INIT;
    const engine_access *k = store ? S_engine(store) : NULL;
    if (!store) {
        aw_subst_arn(&arn, "events", true);
        aw_subst_lit(&arn, "event-bus/default");
    } else {
        aw_deploy_store_arn(store, &arn);
    }
    S_resource(c, &arn, k ? k->sub : NULL);
}

/* A role API Gateway assumes for node, named after it and word, with one
 * policy of one Allow statement; S_gateway_role_close() ends it. */
static void S_gateway_role_open(aw_cfn *c, const aw_node *node, const char *word, const char *policy)
{
    char id[300];
    aw_cfn_id(c, node, word, id, sizeof id);
    aw_cfn_resource(c, node, id, "AWS::IAM::Role");
    aw_cfn_assume_role_policy(c, "apigateway.amazonaws.com");
    S_policy_open(c->w, policy);
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Effect", "Allow");
}

static void S_gateway_role_close(aw_cfn *c, const aw_node *node)
{
    aw_jw_end_object(c->w);
    S_policy_close(c->w);
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
}

static void S_integration_role(aw_cfn *c, const aw_node *integ, const aw_node *store)
{
    S_gateway_role_open(c, integ, "CredentialsRole", "integration-access");
    aw_jw_key(c->w, "Action");
    aw_jw_stringf(c->w, "%s:%s", store ? S_engine(store)->service : "events", integ->as.integration.action);
    S_integration_resource(c, store);
    S_gateway_role_close(c, integ);
}

void aw_cfn_integration_roles(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i], *store;
        if (n->kind == AW_KIND_INTEGRATION && n->owner_api && aw_deploy_integration_role(n, &store))
            S_integration_role(c, n, store);
    }
}

/* A function's calls of the diagram's APIs go in an AWS::IAM::Policy of
 * their own rather than in its role: a REST API's body names the function,
 * so the role naming the API would close a circle of references. */
static void S_api_policy(aw_cfn *c, const aw_node *fn)
{
    const aw_model *m = c->d.model;
    bool any = false;
    for (size_t i = c->edge_head[fn->index]; i != NO_EDGE && !any; i = c->edge_next[i])
        any = S_called_api(&m->edges[i]) != NULL;
    if (!any || S_outside_role(fn))
        return;
    char id[300], role[300];
    aw_cfn_id(c, fn, "ApiAccessPolicy", id, sizeof id);
    aw_cfn_id(c, fn, "Role", role, sizeof role);
    aw_cfn_resource(c, fn, id, "AWS::IAM::Policy");
    aw_jw_member_string(c->w, "PolicyName", "api-access");
    aw_jw_key(c->w, "Roles");
    aw_jw_array_inline(c->w);
    aw_cfn_ref(c->w, role);
    aw_jw_end_array(c->w);
    aw_jw_key(c->w, "PolicyDocument");
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Version", "2012-10-17");
    aw_jw_key(c->w, "Statement");
    aw_jw_array(c->w);
    for (size_t i = c->edge_head[fn->index]; i != NO_EDGE; i = c->edge_next[i]) {
        const aw_node *api = S_called_api(&m->edges[i]);
        if (api)
            S_api_statement(c, &m->edges[i], api);
    }
    aw_jw_end_array(c->w);
    aw_jw_end_object(c->w);
    aw_cfn_resource_end(c);
}

void aw_cfn_api_policies(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_FUNCTION)
            S_api_policy(c, m->nodes[i]);
}

static void S_invoke_role(aw_cfn *c, const aw_node *node, const aw_node *fn)
{
    S_gateway_role_open(c, node, "InvokeRole", "invoke-function");
    aw_jw_member_string(c->w, "Action", "lambda:InvokeFunction");
    aw_subst arn = AW_SUBST_INIT;
    aw_deploy_function_arn(&c->d, fn, &arn);
    S_resource(c, &arn, ":*");
    S_gateway_role_close(c, node);
}

void aw_cfn_invoke_roles(aw_cfn *c)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        bool created = false;
        if (!n->owner_api || (n->kind != AW_KIND_INTEGRATION && n->kind != AW_KIND_AUTHORIZER) ||
            !aw_deploy_invokes_with_role(n, &created) || !created)
            continue;
        const aw_ref *fn = n->kind == AW_KIND_INTEGRATION ? &n->as.integration.function : &n->as.authorizer.function;
        if (fn->node)
            S_invoke_role(c, n, fn->node);
    }
}
