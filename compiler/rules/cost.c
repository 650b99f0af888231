/* Cost rules (AW-COST-*): configuration that bills for something the
 * diagram gets little or nothing from. The prices behind the thresholds
 * are quoted, with their date, in the rules' explanations (rules.c); the
 * checks themselves compare only rates and features. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../ir/api_support.h"
#include "../../ir/aws_limits.h"
#include "../../ir/ir_fields.h"
#include "../../ir/jwt.h"
#include "rules.h"

#define EACH_NODE(ctx, kind_, n)                                                                                \
    for (size_t n##_i = 0; n##_i < (ctx)->model->node_count; n##_i++)                                           \
        for (const aw_node *n = (ctx)->model->nodes[n##_i]; n && n->kind == (kind_); n = NULL)

/* ---- AW-COST-001: a cache the traffic cannot pay for ---------------------- */

/* Below this many requests per second, even a cache that answered every
 * request saves less back-end work than its smallest size costs; see the
 * explanation of AW-COST-001 for the arithmetic. */
#define S_CACHE_MIN_RPS 10.0

/* What a client may send at most: its peak rate, else its base rate;
 * NAN when it declares no traffic (then it bounds nothing). */
static double S_client_peak(const aw_client *cl)
{
    if (!cl->traffic)
        return NAN;
    double peak = cl->traffic->rate;
    if (AW_IS_SET(cl->traffic->peak_rate) && (!AW_IS_SET(peak) || cl->traffic->peak_rate > peak))
        peak = cl->traffic->peak_rate;
    return peak;
}

/* The clients drawn of each stage, gathered in one pass over the diagram:
 * by stage node index, their summed peak rates, how many there are, the
 * first of them, and whether any leaves its rate unsaid. */
typedef struct S_stage_clients {
    double sum;
    size_t count;
    const aw_node *first;
    bool unknown;
} S_stage_clients;

static S_stage_clients *S_clients_by_stage(const aw_model *m)
{
    S_stage_clients *by = calloc(m->node_count ? m->node_count : 1, sizeof *by);
    for (size_t i = 0; by && i < m->node_count; i++) {
        const aw_node *cl = m->nodes[i];
        const aw_node *stage = cl->kind == AW_KIND_CLIENT ? cl->as.client.stage.node : NULL;
        if (!stage)
            continue;
        S_stage_clients *c = &by[stage->index];
        double peak = S_client_peak(&cl->as.client);
        c->unknown |= !AW_IS_SET(peak);
        c->sum += AW_IS_SET(peak) ? peak : 0;
        c->count++;
        if (!c->first)
            c->first = cl;
    }
    return by;
}

/* The routes of each API as linked lists: first[api index], then next[]. */
typedef struct S_api_routes {
    size_t *first, *next;       /* node index + 1; 0 ends a list */
    double *override;           /* per route, the current stage's override */
    size_t *stamp;              /* per route, the stage that set override */
} S_api_routes;

static bool S_api_routes_build(const aw_model *m, S_api_routes *g)
{
    size_t n = m->node_count ? m->node_count : 1;
    g->first = calloc(n, sizeof *g->first), g->next = calloc(n, sizeof *g->next);
    g->override = calloc(n, sizeof *g->override), g->stamp = calloc(n, sizeof *g->stamp);
    if (!g->first || !g->next || !g->override || !g->stamp)
        return false;
    for (size_t i = m->node_count; i-- > 0;) {
        const aw_node *r = m->nodes[i];
        if (r->kind != AW_KIND_ROUTE || !r->owner_api)
            continue;
        g->next[i] = g->first[r->owner_api->index];
        g->first[r->owner_api->index] = i + 1;
    }
    return true;
}

static void S_api_routes_free(S_api_routes *g)
{
    free(g->first), free(g->next), free(g->override), free(g->stamp);
}

/* What the stage's GET routes may receive together: API Gateway throttles
 * per method or route, each at the tightest of the stage's rate, its
 * override for the route and the route's own throttle, so N routes see up to
 * N times the stage rate; at most the account's throttle. Only GET responses
 * are cached by default. */
static double S_cacheable_rate(const aw_model *m, const aw_node *stage, S_api_routes *g, size_t *routes)
{
    const aw_stage *st = &stage->as.stage;
    double stage_rate = st->throttle && AW_IS_SET(st->throttle->rate) ? st->throttle->rate : INFINITY;
    for (size_t k = 0; k < st->route_throttle_count; k++) {
        const aw_node *r = st->route_throttles[k].route.node;
        if (r)
            g->override[r->index] = st->route_throttles[k].rate, g->stamp[r->index] = stage->index + 1;
    }
    double sum = 0, account;
    int64_t burst;
    aw_account_throttle(m, &account, &burst, NULL);
    *routes = 0;
    for (size_t i = stage->owner_api ? g->first[stage->owner_api->index] : 0; i; i = g->next[i - 1]) {
        const aw_route *r = &m->nodes[i - 1]->as.route;
        if (r->method != AW_METHOD_GET && r->method != AW_METHOD_ANY)
            continue;
        double rate = g->stamp[i - 1] == stage->index + 1 ? g->override[i - 1] : stage_rate;
        if (r->throttle && AW_IS_SET(r->throttle->rate) && r->throttle->rate < rate)
            rate = r->throttle->rate;
        sum += rate;
        ++*routes;
    }
    return sum < account ? sum : account;
}

void aw_cost001_check(aw_lint_ctx *ctx)
{
    S_stage_clients *by_stage = S_clients_by_stage(ctx->model);
    S_api_routes routes = {0};
    if (!by_stage || !S_api_routes_build(ctx->model, &routes)) {
        free(by_stage);
        S_api_routes_free(&routes);
        return;
    }
    EACH_NODE(ctx, AW_KIND_STAGE, node) {
        const aw_stage *st = &node->as.stage;
        /* Only REST stages have caches (elsewhere AW-COMPAT-001/003 speak). */
        if (!st->cache || !st->cache->enabled || !node->owner_api || node->owner_api->as.api.type != AW_API_REST)
            continue;
        /* The traffic the stage can see: what its throttles let through its
         * GET routes, and, when the diagram draws clients of it that all
         * declare their rates, their sum. */
        size_t get_routes;
        double throttle = S_cacheable_rate(ctx->model, node, &routes, &get_routes);
        const S_stage_clients *c = &by_stage[node->index];
        double clients = c->sum;
        size_t client_count = c->count;
        const aw_node *first_client = c->first;
        bool by_clients = client_count && !c->unknown && clients < throttle;
        double rate = by_clients ? clients : throttle;
        if (!(rate < S_CACHE_MIN_RPS))
            continue;
        const aw_loc *related = by_clients || !st->throttle
                                    ? (by_clients ? &first_client->loc : NULL)
                                    : aw_lint_sub_field_loc(AW_KIND_STAGE, "throttle", st->throttle, "rate");
        aw_diag *d = aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_STAGE, "cache", st->cache, "enabled"),
                                    related,
                                    "stage '%s' pays for a %g GB cache, but at most %g requests/s reach it, too "
                                    "few for the cache to save what it costs",
                                    node->id, st->cache->size_gb, rate);
        if (by_clients && client_count == 1)
            aw_lint_relate(ctx, d, "client '%s' sends it at most %g requests/s", first_client->id, rate);
        else if (by_clients)
            aw_lint_relate(ctx, d, "its %zu clients, '%s' first, send it at most %g requests/s together",
                           client_count, first_client->id, rate);
        else
            aw_lint_relate(ctx, d, "the stage's throttles let through %g requests/s to its %zu GET route%s", rate,
                           get_routes, get_routes == 1 ? "" : "s");
    }
    S_api_routes_free(&routes);
    free(by_stage);
}

/* ---- AW-COST-002: a REST API that could be an HTTP API -------------------- */

static bool S_validates(aw_validation v)
{
    return v == AW_VALIDATE_BODY || v == AW_VALIDATE_PARAMS || v == AW_VALIDATE_ALL;
}

/* The authorizers an HTTP API has too: IAM, Lambda of the request kind,
 * and JWT with one issuer and no claim rules (its algorithms are a REST
 * setting an HTTP API does without). Cognito pools need rewriting as a JWT
 * authorizer, and token authorizers as request ones, so they count as REST
 * features, as do several issuers and claim rules. */
static bool S_http_has_authorizer(const aw_node *auth)
{
    if (!auth || auth->kind != AW_KIND_AUTHORIZER)
        return true;
    const aw_authorizer *a = &auth->as.authorizer;
    if (a->type == AW_AUTH_JWT)
        return aw_jwt_issuer_count(a) <= 1 && !aw_jwt_checks_claims(a);
    return a->type == AW_AUTH_IAM || (a->type == AW_AUTH_LAMBDA && a->lambda_type != AW_LAMBDA_AUTH_TOKEN);
}

static bool S_http_has_integration(const aw_node *integ)
{
    if (!integ || integ->kind != AW_KIND_INTEGRATION)
        return true;
    const aw_integration *in = &integ->as.integration;
    if (in->request_template)
        return false;   /* mapping templates are REST's; HTTP maps parameters only */
    if (in->type == AW_INTEG_MOCK)
        return false;
    return in->type != AW_INTEG_AWS || aw_http_aws_subtype(in);
}

/* The header key source is REST's default and means nothing without usage
 * plans, which the parts check; keys from an authorizer are a REST feature. */
static bool S_api_level_rest_only(const aw_api *api)
{
    return api->endpoint == AW_ENDPOINT_EDGE || api->endpoint == AW_ENDPOINT_PRIVATE ||
           (api->policy && api->policy->statement_count) || S_validates(api->request_validation) ||
           api->model_count || api->waf_web_acl || api->binary_media_types.count ||
           api->api_key_source == AW_KEYSRC_AUTHORIZER ||
           (api->domain && api->domain->min_tls == AW_TLS_1_0);
}

/* What the routes, stages and usage plans of each API need, gathered in
 * one pass over the diagram: by API node index, whether any part needs
 * REST, and how many routes it has. */
typedef struct S_api_parts {
    bool rest_only;
    size_t routes;
} S_api_parts;

/* The API n belongs to as a route or stage, if it is an API node. */
static const aw_node *S_part_api(const aw_node *n)
{
    const aw_node *api = n->kind == AW_KIND_ROUTE ? n->as.route.api.node
                         : n->kind == AW_KIND_STAGE ? n->as.stage.api.node
                                                    : NULL;
    return api && api->kind == AW_KIND_API ? api : NULL;
}

static bool S_route_rest_only(const aw_node *n, const aw_api *api)
{
    const aw_route *r = &n->as.route;
    const aw_node *auth = r->authorizer.node ? r->authorizer.node : r->auth_none ? NULL : api->default_authorizer.node;
    return r->api_key_required || S_validates(r->request_validation) || r->request_model ||
           !S_http_has_authorizer(auth) || !S_http_has_integration(r->integration.node);
}

static S_api_parts *S_parts_by_api(const aw_model *m)
{
    S_api_parts *by = calloc(m->node_count ? m->node_count : 1, sizeof *by);
    for (size_t i = 0; by && i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        const aw_node *api = S_part_api(n);
        if (n->kind == AW_KIND_ROUTE && api) {
            by[api->index].routes++;
            by[api->index].rest_only |= S_route_rest_only(n, &api->as.api);
        } else if (n->kind == AW_KIND_STAGE && api) {
            const aw_stage *st = &n->as.stage;
            by[api->index].rest_only |= (st->cache && st->cache->enabled) || st->canary || st->tracing;
        } else if (n->kind == AW_KIND_USAGE_PLAN) {
            const aw_refs *stages = &n->as.usage_plan.stages;
            for (size_t k = 0; k < stages->count; k++) {
                const aw_node *stage = stages->items[k].node;
                const aw_node *covered = stage && stage->kind == AW_KIND_STAGE ? S_part_api(stage) : NULL;
                if (covered)
                    by[covered->index].rest_only = true;
            }
        }
    }
    return by;
}

void aw_cost002_check(aw_lint_ctx *ctx)
{
    S_api_parts *by_api = S_parts_by_api(ctx->model);
    if (!by_api)
        return;
    EACH_NODE(ctx, AW_KIND_API, node) {
        if (node->as.api.type != AW_API_REST || S_api_level_rest_only(&node->as.api))
            continue;
        if (by_api[node->index].rest_only || by_api[node->index].routes == 0)
            continue;
        aw_lint_report(ctx, node, aw_node_field_loc(node, "type"), NULL,
                       "REST API '%s' uses only what HTTP APIs also offer; as an HTTP API its requests would "
                       "cost about 70%% less",
                       node->id);
    }
    free(by_api);
}

/* ---- AW-COST-003: an authorizer that caches nothing ------------------------ */

void aw_cost003_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_AUTHORIZER, node) {
        const aw_authorizer *a = &node->as.authorizer;
        /* WebSocket authorizers run once per connection, not per message. */
        if (a->type != AW_AUTH_LAMBDA || !AW_IS_SET(a->result_ttl_ms) || a->result_ttl_ms != 0 ||
            (node->owner_api && node->owner_api->as.api.type == AW_API_WEBSOCKET))
            continue;
        const aw_node *fn = a->function.node;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "resultTtl"), fn ? &fn->loc : NULL,
                                    "Lambda authorizer '%s' caches no results (resultTtl 0): every request "
                                    "invokes its function before the integration runs",
                                    node->id);
        if (fn)
            aw_lint_relate(ctx, d, "function '%s' runs once per request", fn->id);
    }
}
