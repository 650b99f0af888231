/* Cost rules (AW-COST-*): configuration that bills for something the
 * diagram gets little or nothing from. The prices behind the thresholds
 * are quoted, with their date, in the rules' explanations (rules.c); the
 * checks themselves compare only rates and features. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "../../ir/ir_fields.h"
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

void aw_cost001_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_STAGE, node) {
        const aw_stage *st = &node->as.stage;
        if (!st->cache || !st->cache->enabled)
            continue;
        /* The traffic the stage can see: its throttle, and, when the diagram
         * draws clients of it that all declare their rates, their sum. */
        double throttle = st->throttle && AW_IS_SET(st->throttle->rate) ? st->throttle->rate : INFINITY;
        double clients = 0;
        size_t client_count = 0;
        const aw_node *first_client = NULL;
        bool all_known = true;
        EACH_NODE(ctx, AW_KIND_CLIENT, cl) {
            if (cl->as.client.stage.node != node)
                continue;
            double peak = S_client_peak(&cl->as.client);
            all_known = all_known && AW_IS_SET(peak);
            clients += AW_IS_SET(peak) ? peak : 0;
            client_count++;
            if (!first_client)
                first_client = cl;
        }
        bool by_clients = client_count && all_known && clients < throttle;
        double rate = by_clients ? clients : throttle;
        if (!(rate < S_CACHE_MIN_RPS))
            continue;
        const aw_loc *related = by_clients ? &first_client->loc
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
            aw_lint_relate(ctx, d, "the stage's throttle lets through %g requests/s", rate);
    }
}

/* ---- AW-COST-002: a REST API that could be an HTTP API -------------------- */

/* AWS service integrations that HTTP APIs offer as first-class subtypes:
 * service, and the prefix of the actions it takes. */
static const struct {
    const char *service;
    const char *actions[4];
} S_http_aws_subtypes[] = {
    {"sqs", {"SendMessage", "ReceiveMessage", "DeleteMessage", "PurgeQueue"}},
    {"events", {"PutEvents"}},
    {"eventbridge", {"PutEvents"}},
    {"states", {"StartExecution", "StartSyncExecution", "StopExecution"}},
    {"stepfunctions", {"StartExecution", "StartSyncExecution", "StopExecution"}},
    {"kinesis", {"PutRecord"}},
    {"appconfig", {"GetConfiguration"}},
};

static bool S_http_has_aws_subtype(const aw_integration *in)
{
    for (size_t i = 0; in->service && in->action && i < sizeof S_http_aws_subtypes / sizeof *S_http_aws_subtypes; i++) {
        if (strcasecmp(in->service, S_http_aws_subtypes[i].service) != 0)
            continue;
        for (size_t k = 0; k < 4 && S_http_aws_subtypes[i].actions[k]; k++)
            if (strcmp(in->action, S_http_aws_subtypes[i].actions[k]) == 0)
                return true;
    }
    return false;
}

static bool S_validates(aw_validation v)
{
    return v == AW_VALIDATE_BODY || v == AW_VALIDATE_PARAMS || v == AW_VALIDATE_ALL;
}

/* The authorizers an HTTP API has too: IAM, and Lambda of the request
 * kind. Cognito pools need rewriting as a JWT authorizer, and token
 * authorizers as request ones, so they count as REST features. */
static bool S_http_has_authorizer(const aw_node *auth)
{
    if (!auth || auth->kind != AW_KIND_AUTHORIZER)
        return true;
    const aw_authorizer *a = &auth->as.authorizer;
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
    return in->type != AW_INTEG_AWS || S_http_has_aws_subtype(in);
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

/* Whether anything of the API's routes, stages and usage plans needs REST;
 * counts its routes into *routes. */
static bool S_parts_rest_only(const aw_model *model, const aw_node *apinode, size_t *routes)
{
    const aw_api *api = &apinode->as.api;
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind == AW_KIND_ROUTE && n->as.route.api.node == apinode) {
            const aw_route *r = &n->as.route;
            const aw_node *auth = r->authorizer.node ? r->authorizer.node
                                  : r->auth_none    ? NULL
                                                    : api->default_authorizer.node;
            ++*routes;
            if (r->api_key_required || S_validates(r->request_validation) || r->request_model ||
                !S_http_has_authorizer(auth) || !S_http_has_integration(r->integration.node))
                return true;
        } else if (n->kind == AW_KIND_STAGE && n->as.stage.api.node == apinode) {
            const aw_stage *st = &n->as.stage;
            if ((st->cache && st->cache->enabled) || st->canary || st->tracing)
                return true;
        } else if (n->kind == AW_KIND_USAGE_PLAN) {
            const aw_refs *stages = &n->as.usage_plan.stages;
            for (size_t k = 0; k < stages->count; k++)
                if (stages->items[k].node && stages->items[k].node->kind == AW_KIND_STAGE &&
                    stages->items[k].node->as.stage.api.node == apinode)
                    return true;
        }
    }
    return false;
}

void aw_cost002_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        if (node->as.api.type != AW_API_REST || S_api_level_rest_only(&node->as.api))
            continue;
        size_t routes = 0;
        if (S_parts_rest_only(ctx->model, node, &routes) || routes == 0)
            continue;
        aw_lint_report(ctx, node, aw_node_field_loc(node, "type"), NULL,
                       "REST API '%s' uses only what HTTP APIs also offer; as an HTTP API its requests would "
                       "cost about 70%% less",
                       node->id);
    }
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
