/* Compatibility rules (AW-COMPAT-*): what the diagram asks of an API that
 * its type does not offer. The resolver only fills the defaults that depend
 * on the type; these rules judge what the diagram writes. Catalogue
 * entries: rules.c. */
#include <stdlib.h>
#include <string.h>

#include "../../ir/api_support.h"
#include "../../ir/ir_fields.h"
#include "rules.h"

/* Reports the settings of node that api's type does not support; indexes
 * holds each fit's field index. */
static void S_check_node(aw_lint_ctx *ctx, const aw_node *node, const aw_node *api, const int *indexes)
{
    aw_api_type type = api->as.api.type;
    for (size_t i = 0; i < aw_api_support_count; i++) {
        const aw_api_support *fit = &aw_api_supports[i];
        if (fit->kind != node->kind || (fit->types & AW_API_TYPE_BIT(type)) ||
            !aw_api_support_applies(node, fit, indexes[i]))
            continue;
        bool shared = node->kind == AW_KIND_INTEGRATION || node->kind == AW_KIND_AUTHORIZER;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, fit->field),
                                    api != node ? aw_node_field_loc(api, "type") : NULL,
                                    "%s '%s' %s, which %s APIs do not support", aw_kind_descs[node->kind].doc,
                                    node->id, fit->what, aw_api_type_title(type));
        if (api != node)
            aw_lint_relate(ctx, d, "'%s' is %s %s API%s", api->id, aw_api_type_article(type), aw_api_type_title(type),
                           shared ? " that uses it" : "");
    }
}

/* A usage plan belongs to no API; each stage it covers brings its own. */
static void S_check_usage_plan(aw_lint_ctx *ctx, const aw_node *node, aw_api_type type)
{
    if (AW_USAGE_PLAN_API_TYPES & AW_API_TYPE_BIT(type))
        return;
    const aw_refs *stages = &node->as.usage_plan.stages;
    for (size_t k = 0; k < stages->count; k++) {
        const aw_node *stage = stages->items[k].node;
        const aw_node *api = stage ? stage->owner_api : NULL;
        if (!api || api->as.api.type != type)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, &stages->items[k].loc, aw_node_field_loc(api, "type"),
                                    "usage plan '%s' covers stage '%s', but %s APIs have no usage plans",
                                    node->id, stage->id, aw_api_type_title(type));
        aw_lint_relate(ctx, d, "stage '%s' belongs to %s API '%s'", stage->id, aw_api_type_title(type), api->id);
    }
}

/* What the three API-type rules share in one lint run: which APIs use
 * each node, and each support row's field position. */
typedef struct support_index {
    aw_api_users *users;
    int *indexes;
} support_index;

static const char S_support_key = 0;

static void S_support_release(void *data)
{
    support_index *si = data;
    free(si->users);
    free(si->indexes);
    free(si);
}

static void *S_support_make(aw_lint_ctx *ctx)
{
    support_index *si = calloc(1, sizeof *si);
    if (!si)
        return NULL;
    si->users = aw_api_users_index(ctx->model);
    si->indexes = malloc(aw_api_support_count * sizeof *si->indexes);
    if (!si->users || !si->indexes) {
        S_support_release(si);
        return NULL;
    }
    /* Field positions looked up once, not by name for every node. */
    aw_api_support_indexes(si->indexes);
    return si;
}

static void S_check_type(aw_lint_ctx *ctx, aw_api_type type)
{
    const aw_model *m = ctx->model;
    support_index *si = aw_lint_shared(ctx, &S_support_key, S_support_make, S_support_release);
    if (!si)
        return;
    aw_api_users *users = si->users;
    const int *indexes = si->indexes;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind == AW_KIND_USAGE_PLAN)
            S_check_usage_plan(ctx, node, type);
        else if (users[i][type])
            S_check_node(ctx, node, users[i][type], indexes);
    }
}

void aw_compat001_check(aw_lint_ctx *ctx)
{
    S_check_type(ctx, AW_API_HTTP);
}

void aw_compat002_check(aw_lint_ctx *ctx)
{
    S_check_type(ctx, AW_API_REST);
}

void aw_compat003_check(aw_lint_ctx *ctx)
{
    S_check_type(ctx, AW_API_WEBSOCKET);
}

/* ---- AW-COMPAT-004: WebSocket routes by method and path -------------------- */

void aw_compat004_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        const aw_node *api = node->kind == AW_KIND_ROUTE ? node->owner_api : NULL;
        /* The resolver lets a WebSocket route through without a route key
         * only when it has a whole method and path. */
        if (!api || api->as.api.type != AW_API_WEBSOCKET || node->as.route.route_key)
            continue;
        const aw_route *r = &node->as.route;
        const char *method = aw_enum_name(aw_struct_field(aw_kind_descs[AW_KIND_ROUTE].desc, "method"), r->method);
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "method"), aw_node_field_loc(api, "type"),
                                    "route '%s' is %s %s, but WebSocket APIs route messages by route key, "
                                    "never by method and path",
                                    node->id, method ? method : "?", r->path ? r->path : "");
        aw_lint_relate(ctx, d, "'%s' is a WebSocket API", api->id);
    }
}

/* ---- AW-COMPAT-005: connection state without $connect and $disconnect ---- */

/* Data stores that hold records a connection could leave behind: the
 * databases. Object stores, queues, streams, topics, event buses and state
 * machines do not count. */
static bool S_holds_records(const aw_node *node)
{
    if (!node || node->kind != AW_KIND_DATASTORE)
        return false;
    aw_store_engine e = node->as.datastore.engine;
    return e == AW_STORE_DYNAMODB || e == AW_STORE_RDS || e == AW_STORE_AURORA;
}

/* Function-to-function edges in order of callee (then of edge), so that the
 * callers of a function are one run of the array. */
static int S_by_callee(const void *a, const void *b)
{
    const aw_edge *x = *(const aw_edge *const *)a, *y = *(const aw_edge *const *)b;
    size_t xi = x->to.node->index, yi = y->to.node->index;
    if (xi != yi)
        return xi < yi ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* For each function, a database it reaches: through an edge of its own, or
 * through the functions it calls, at any depth (the nearest, in calls).
 * A breadth-first walk from the databases back along the calls, so each
 * function is visited once. NULL when out of memory. */
static const aw_node **S_function_stores(const aw_model *m)
{
    size_t n = m->node_count ? m->node_count : 1;
    const aw_node **store = calloc(n, sizeof *store);
    const aw_edge **calls = calloc(m->edge_count ? m->edge_count : 1, sizeof *calls);
    size_t *queue = calloc(n, sizeof *queue);
    size_t ncalls = 0, head = 0, tail = 0;
    if (!store || !calls || !queue) {
        free(store);
        free(calls);
        free(queue);
        return NULL;
    }
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_edge *e = &m->edges[i];
        const aw_node *from = e->from.node, *to = e->to.node;
        if (!from || !to || from->kind != AW_KIND_FUNCTION)
            continue;
        if (to->kind == AW_KIND_FUNCTION) {
            calls[ncalls++] = e;
        } else if (S_holds_records(to) && !store[from->index]) {
            store[from->index] = to;
            queue[tail++] = from->index;
        }
    }
    qsort(calls, ncalls, sizeof *calls, S_by_callee);
    while (head < tail) {
        size_t callee = queue[head++];
        size_t lo = 0, hi = ncalls;     /* the first call of callee */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (calls[mid]->to.node->index < callee)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < ncalls && calls[k]->to.node->index == callee; k++) {
            size_t caller = calls[k]->from.node->index;
            if (!store[caller]) {
                store[caller] = store[callee];
                queue[tail++] = caller;
            }
        }
    }
    free(calls);
    free(queue);
    return store;
}

/* The database a route's integration reaches, or NULL. */
static const aw_node *S_route_store(const aw_node *route, const aw_node **fn_store)
{
    const aw_node *integ = route->as.route.integration.node;
    if (!integ)
        return NULL;
    const aw_integration *in = &integ->as.integration;
    if (in->type == AW_INTEG_AWS)
        return S_holds_records(in->target.node) ? in->target.node : NULL;
    if (in->type == AW_INTEG_LAMBDA && in->function.node)
        return fn_store[in->function.node->index];
    return NULL;
}

/* What one WebSocket API has, gathered from its routes. */
typedef struct ws_state {
    bool has_connect, has_disconnect;
    const aw_node *route;       /* the first route that reaches a database */
    const aw_node *store;       /* the database it reaches */
} ws_state;

void aw_compat005_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const aw_node **fn_store = S_function_stores(m);
    ws_state *apis = calloc(m->node_count ? m->node_count : 1, sizeof *apis);
    for (size_t i = 0; fn_store && apis && i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        const aw_node *api = node->kind == AW_KIND_ROUTE ? node->owner_api : NULL;
        if (!api || api->as.api.type != AW_API_WEBSOCKET)
            continue;
        ws_state *st = &apis[api->index];
        const char *key = node->as.route.route_key;
        st->has_connect |= key && strcmp(key, "$connect") == 0;
        st->has_disconnect |= key && strcmp(key, "$disconnect") == 0;
        const aw_node *store = st->route ? NULL : S_route_store(node, fn_store);
        if (store) {
            st->route = node;
            st->store = store;
        }
    }
    for (size_t i = 0; fn_store && apis && i < m->node_count; i++) {
        const aw_node *api = m->nodes[i];
        const ws_state *st = &apis[i];
        if (api->kind != AW_KIND_API || !st->route || (st->has_connect && st->has_disconnect))
            continue;
        const char *missing = st->has_connect      ? "no $disconnect route to remove it when a connection closes"
                              : st->has_disconnect ? "no $connect route to record it when a connection opens"
                                                   : "no $connect or $disconnect route to record and remove it";
        aw_diag *d = aw_lint_report(ctx, api, aw_node_field_loc(api, "type"), &st->store->loc,
                                    "WebSocket API '%s' stores data from its routes, so it likely keeps state per "
                                    "connection, but has %s",
                                    api->id, missing);
        aw_lint_relate(ctx, d, "route '%s' reaches %s '%s'", st->route->id, aw_kind_descs[AW_KIND_DATASTORE].doc,
                       st->store->id);
    }
    free(fn_store);
    free(apis);
}
