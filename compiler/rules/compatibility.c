/* Compatibility rules (AW-COMPAT-*): what the diagram asks of an API that
 * its type does not offer. The resolver only fills the defaults that depend
 * on the type; these rules judge what the diagram writes. Catalogue
 * entries: rules.c. */
#include <stdlib.h>
#include <string.h>

#include "../../ir/ir_fields.h"
#include "rules.h"

#define T(t) (1u << (t))

static const char *const S_type_names[] = {"", "HTTP", "REST", "WebSocket"};
static const char *const S_type_articles[] = {"", "an", "a", "a"};

/* ---- which APIs use a node --------------------------------------------- */

/* The first API of each type that uses a node, by node index. An API uses
 * itself, its routes and stages, its default authorizer, and the
 * integration and authorizer of each of its routes (a route without an
 * authorizer of its own uses the API's default unless it says "none").
 * Integrations and authorizers may serve APIs of several types, and must
 * fit every one of them, not only their owner's. */
typedef const aw_node *api_users[AW_API_WEBSOCKET + 1];

static void S_add_user(api_users *users, const aw_node *node, const aw_node *api)
{
    if (!node || !api || api->kind != AW_KIND_API)
        return;
    aw_api_type t = api->as.api.type;
    if (t > AW_API_UNSET && t <= AW_API_WEBSOCKET && !users[node->index][t])
        users[node->index][t] = api;
}

/* The table for the whole model; the caller frees it. NULL when out of
 * memory, and the rules then report nothing. */
static api_users *S_api_users(const aw_model *m)
{
    api_users *users = calloc(m->node_count ? m->node_count : 1, sizeof *users);
    for (size_t i = 0; users && i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind == AW_KIND_API) {
            S_add_user(users, n, n);
            S_add_user(users, n->as.api.default_authorizer.node, n);
        } else if (n->kind == AW_KIND_STAGE) {
            S_add_user(users, n, n->owner_api);
        } else if (n->kind == AW_KIND_ROUTE && n->owner_api) {
            const aw_route *r = &n->as.route;
            const aw_node *auth = r->authorizer.node;
            if (!auth && !r->auth_none)
                auth = n->owner_api->as.api.default_authorizer.node;
            S_add_user(users, n, n->owner_api);
            S_add_user(users, r->integration.node, n->owner_api);
            S_add_user(users, auth, n->owner_api);
        }
    }
    return users;
}

/* ---- AW-COMPAT-001..003: what each API type lacks ------------------------ */

/* One row per setting that only some API types support. A row applies
 * when the diagram writes the field (a default filled in by the resolver
 * does not count), with the value given, if any, and the extra condition,
 * if any. */
typedef struct compat_fit {
    aw_kind kind;
    const char *field;
    int value;                  /* enum: the value that matters; 0 = any */
    const char *text;           /* string: the value that matters; NULL = any */
    bool (*also)(const aw_node *node);
    unsigned types;             /* the API types that support it */
    const char *what;           /* what the element does, after its name */
} compat_fit;

/* WebSocket APIs authorize when a connection opens, on $connect only. */
static bool S_authorizes_message(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    return r->authorizer.node && !(r->route_key && strcmp(r->route_key, "$connect") == 0);
}

static const compat_fit S_fits[] = {
    {AW_KIND_API, "resourcePolicy", 0, NULL, NULL, T(AW_API_REST), "has a resource policy"},
    {AW_KIND_API, "models", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "defines request models"},
    {AW_KIND_API, "requestValidation", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "validates requests"},
    {AW_KIND_API, "apiKeySource", 0, NULL, NULL, T(AW_API_REST), "sets an API key source"},
    {AW_KIND_API, "binaryMediaTypes", 0, NULL, NULL, T(AW_API_REST), "lists binary media types"},
    {AW_KIND_API, "wafWebAcl", 0, NULL, NULL, T(AW_API_REST), "is protected by an AWS WAF web ACL"},
    {AW_KIND_API, "endpoint", AW_ENDPOINT_EDGE, NULL, NULL, T(AW_API_REST), "has an edge-optimized endpoint"},
    {AW_KIND_API, "endpoint", AW_ENDPOINT_PRIVATE, NULL, NULL, T(AW_API_REST), "has a private endpoint"},
    {AW_KIND_API, "routeSelectionExpression", 0, NULL, NULL, T(AW_API_WEBSOCKET),
     "has a route selection expression"},
    {AW_KIND_API, "apiKeySelectionExpression", 0, NULL, NULL, T(AW_API_WEBSOCKET),
     "has an API key selection expression"},
    {AW_KIND_API, "cors", 0, NULL, NULL, T(AW_API_HTTP) | T(AW_API_REST), "has CORS settings"},
    {AW_KIND_ROUTE, "routeKey", 0, "$default", NULL, T(AW_API_HTTP) | T(AW_API_WEBSOCKET),
     "is the catch-all route $default"},
    {AW_KIND_ROUTE, "authorizer", 0, NULL, S_authorizes_message, T(AW_API_HTTP) | T(AW_API_REST),
     "has an authorizer but is not the $connect route"},
    {AW_KIND_ROUTE, "requestValidation", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "validates requests"},
    {AW_KIND_ROUTE, "requestModel", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "names a request model"},
    {AW_KIND_ROUTE, "apiKeyRequired", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "requires an API key"},
    {AW_KIND_STAGE, "cache", 0, NULL, NULL, T(AW_API_REST), "configures a cache cluster"},
    {AW_KIND_STAGE, "canary", 0, NULL, NULL, T(AW_API_REST), "has a canary deployment"},
    {AW_KIND_STAGE, "tracing", 0, NULL, NULL, T(AW_API_REST), "turns on X-Ray tracing"},
    {AW_KIND_STAGE, "autoDeploy", 0, NULL, NULL, T(AW_API_HTTP) | T(AW_API_WEBSOCKET), "deploys automatically"},
    {AW_KIND_INTEGRATION, "type", AW_INTEG_MOCK, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "is a mock integration"},
    {AW_KIND_INTEGRATION, "requestTemplate", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "has a mapping template"},
    {AW_KIND_INTEGRATION, "payloadFormat", AW_PAYLOAD_2_0, NULL, NULL, T(AW_API_HTTP),
     "asks for Lambda payload format 2.0"},
    {AW_KIND_AUTHORIZER, "type", AW_AUTH_JWT, NULL, NULL, T(AW_API_HTTP), "is a JWT authorizer"},
    {AW_KIND_AUTHORIZER, "type", AW_AUTH_COGNITO, NULL, NULL, T(AW_API_REST), "is a Cognito user pool authorizer"},
    {AW_KIND_AUTHORIZER, "lambdaType", AW_LAMBDA_AUTH_TOKEN, NULL, NULL, T(AW_API_REST),
     "is a Lambda token authorizer"},
    {AW_KIND_AUTHORIZER, "payloadFormat", AW_PAYLOAD_2_0, NULL, NULL, T(AW_API_HTTP),
     "asks for Lambda payload format 2.0"},
};

/* Usage plans, and so API keys, cover stages of these types. */
#define USAGE_PLAN_TYPES (T(AW_API_REST) | T(AW_API_WEBSOCKET))

#define FIT_COUNT (sizeof S_fits / sizeof *S_fits)

/* index is the fit's field's position in its kind's field table. */
static bool S_fit_applies(const aw_node *node, const compat_fit *fit, int index)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    if (index < 0 || node->field_locs[aw_node_common_desc.field_count + (size_t)index].line == 0)
        return false;
    const aw_field *f = &kd->desc->fields[index];
    const void *p = aw_field_ptr((char *)node + kd->union_offset, f);
    if (f->type == AW_F_ENUM && fit->value && *(const int *)p != fit->value)
        return false;
    if (f->type == AW_F_STRING && fit->text && (!*(const char *const *)p || strcmp(*(const char *const *)p, fit->text)))
        return false;
    if (f->type == AW_F_BOOL && !*(const bool *)p)
        return false;           /* "tracing": false is fine anywhere */
    return !fit->also || fit->also(node);
}

/* Reports the settings of node that api's type does not support; indexes
 * holds each fit's field index. */
static void S_check_node(aw_lint_ctx *ctx, const aw_node *node, const aw_node *api, const int *indexes)
{
    aw_api_type type = api->as.api.type;
    for (size_t i = 0; i < FIT_COUNT; i++) {
        const compat_fit *fit = &S_fits[i];
        if (fit->kind != node->kind || (fit->types & T(type)) || !S_fit_applies(node, fit, indexes[i]))
            continue;
        bool shared = node->kind == AW_KIND_INTEGRATION || node->kind == AW_KIND_AUTHORIZER;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, fit->field),
                                    api != node ? aw_node_field_loc(api, "type") : NULL,
                                    "%s '%s' %s, which %s APIs do not support", aw_kind_descs[node->kind].doc,
                                    node->id, fit->what, S_type_names[type]);
        if (api != node)
            aw_lint_relate(ctx, d, "'%s' is %s %s API%s", api->id, S_type_articles[type], S_type_names[type],
                           shared ? " that uses it" : "");
    }
}

/* A usage plan belongs to no API; each stage it covers brings its own. */
static void S_check_usage_plan(aw_lint_ctx *ctx, const aw_node *node, aw_api_type type)
{
    if (USAGE_PLAN_TYPES & T(type))
        return;
    const aw_refs *stages = &node->as.usage_plan.stages;
    for (size_t k = 0; k < stages->count; k++) {
        const aw_node *stage = stages->items[k].node;
        const aw_node *api = stage ? stage->owner_api : NULL;
        if (!api || api->as.api.type != type)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, &stages->items[k].loc, aw_node_field_loc(api, "type"),
                                    "usage plan '%s' covers stage '%s', but %s APIs have no usage plans",
                                    node->id, stage->id, S_type_names[type]);
        aw_lint_relate(ctx, d, "stage '%s' belongs to %s API '%s'", stage->id, S_type_names[type], api->id);
    }
}

static void S_check_type(aw_lint_ctx *ctx, aw_api_type type)
{
    const aw_model *m = ctx->model;
    api_users *users = S_api_users(m);
    if (!users)
        return;
    /* Field positions looked up once, not by name for every node. */
    int indexes[FIT_COUNT];
    for (size_t k = 0; k < FIT_COUNT; k++)
        indexes[k] = aw_struct_field_index(aw_kind_descs[S_fits[k].kind].desc, S_fits[k].field);
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind == AW_KIND_USAGE_PLAN)
            S_check_usage_plan(ctx, node, type);
        else if (users[i][type])
            S_check_node(ctx, node, users[i][type], indexes);
    }
    free(users);
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
