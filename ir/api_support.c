/* The API-type support table and the index of which APIs use each node. */
#include "api_support.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_limits.h"
#include "ir_fields.h"
#include "jwt.h"

#define T(t) AW_API_TYPE_BIT(t)

static const char *const S_type_titles[] = {"", "HTTP", "REST", "WebSocket"};
static const char *const S_type_articles[] = {"", "an", "a", "a"};

const char *aw_api_type_title(aw_api_type type)
{
    return (unsigned)type <= AW_API_WEBSOCKET ? S_type_titles[type] : "";
}

const char *aw_api_type_article(aw_api_type type)
{
    return (unsigned)type <= AW_API_WEBSOCKET ? S_type_articles[type] : "";
}

double aw_api_max_timeout_ms(aw_api_type type, bool *raisable)
{
    if (raisable)
        *raisable = type == AW_API_REST;
    return aw_limit_value(type == AW_API_HTTP        ? AW_LIMIT_TIMEOUT_HTTP_MS
                          : type == AW_API_WEBSOCKET ? AW_LIMIT_TIMEOUT_WEBSOCKET_MS
                                                     : AW_LIMIT_TIMEOUT_REST_MS);
}

/* Caching a decision for 0 s is no caching, which every API type can do. */
static bool S_caches(const aw_node *authorizer)
{
    return authorizer->as.authorizer.result_ttl_ms > 0;
}

/* Execution logs "off" is what an API type without them has anyway. */
static bool S_logs_execution(const aw_node *stage)
{
    return stage->as.stage.log_level != AW_LOGLEVEL_OFF;
}

/* WebSocket APIs authorize when a connection opens, on $connect only. */
static bool S_authorizes_message(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    return r->authorizer.node && !(r->route_key && strcmp(r->route_key, "$connect") == 0);
}

/* "twoWay": false is what every API type does. */
static bool S_answers_client(const aw_node *route)
{
    return route->as.route.two_way;
}

/* HTTP and WebSocket APIs offer only the TLS 1.2 security policy. */
static bool S_domain_allows_tls10(const aw_node *api)
{
    return api->as.api.domain && api->as.api.domain->min_tls == AW_TLS_1_0;
}

/* AWS service integrations that HTTP APIs offer as first-class subtypes:
 * service, and the actions it takes. */
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

bool aw_http_aws_subtype(const aw_integration *in)
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

static bool S_not_http_subtype(const aw_node *integ)
{
    return !aw_http_aws_subtype(&integ->as.integration);
}

static bool S_jwt_without_algorithms(const aw_node *authorizer)
{
    return authorizer->as.authorizer.algorithms.count == 0;
}

/* A REST API's JWT authorizer reads the token from a request header
 * (rest-api-jwt-authorizer.html); an HTTP API's may read a query parameter. */
static bool S_jwt_reads_no_header(const aw_node *authorizer)
{
    static const char prefix[] = "method.request.header.";
    const aw_authorizer *au = &authorizer->as.authorizer;
    if (au->type != AW_AUTH_JWT)
        return false;
    for (size_t i = 0; i < au->identity_sources.count; i++)
        if (strncmp(au->identity_sources.items[i], prefix, sizeof prefix - 1) != 0)
            return true;
    return false;
}

static bool S_several_issuers(const aw_node *authorizer)
{
    return authorizer->as.authorizer.issuer_count > 1;
}

static bool S_checks_claims(const aw_node *authorizer)
{
    return aw_jwt_checks_claims(&authorizer->as.authorizer);
}

const aw_api_support aw_api_supports[] = {
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
    {AW_KIND_API, "customDomain", 0, NULL, S_domain_allows_tls10, T(AW_API_REST),
     "has a custom domain with the TLS 1.0 security policy"},
    {AW_KIND_API, "cors", 0, NULL, NULL, T(AW_API_HTTP) | T(AW_API_REST), "has CORS settings"},
    {AW_KIND_ROUTE, "routeKey", 0, "$default", NULL, T(AW_API_HTTP) | T(AW_API_WEBSOCKET),
     "is the catch-all route $default"},
    {AW_KIND_ROUTE, "authorizer", 0, NULL, S_authorizes_message, T(AW_API_HTTP) | T(AW_API_REST),
     "has an authorizer but is not the $connect route"},
    {AW_KIND_ROUTE, "requestValidation", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "validates requests"},
    {AW_KIND_ROUTE, "requestModel", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "names a request model"},
    {AW_KIND_ROUTE, "apiKeyRequired", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "requires an API key"},
    {AW_KIND_ROUTE, "cache", 0, NULL, NULL, T(AW_API_REST), "configures per-method caching"},
    {AW_KIND_ROUTE, "twoWay", 0, NULL, S_answers_client, T(AW_API_WEBSOCKET),
     "is a two-way WebSocket route"},
    {AW_KIND_STAGE, "cache", 0, NULL, NULL, T(AW_API_REST), "configures a cache cluster"},
    {AW_KIND_STAGE, "logLevel", 0, NULL, S_logs_execution, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "writes execution logs (HTTP APIs log access only)"},
    {AW_KIND_STAGE, "canary", 0, NULL, NULL, T(AW_API_REST), "has a canary deployment"},
    {AW_KIND_STAGE, "tracing", 0, NULL, NULL, T(AW_API_REST), "turns on X-Ray tracing"},
    {AW_KIND_STAGE, "autoDeploy", 0, NULL, NULL, T(AW_API_HTTP) | T(AW_API_WEBSOCKET), "deploys automatically"},
    {AW_KIND_INTEGRATION, "type", AW_INTEG_MOCK, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "is a mock integration"},
    {AW_KIND_INTEGRATION, "type", AW_INTEG_AWS, NULL, S_not_http_subtype, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "calls an AWS service action that has no first-class HTTP API integration"},
    {AW_KIND_INTEGRATION, "requestTemplate", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "has a mapping template"},
    {AW_KIND_INTEGRATION, "payloadFormat", AW_PAYLOAD_2_0, NULL, NULL, T(AW_API_HTTP),
     "asks for Lambda payload format 2.0"},
    {AW_KIND_INTEGRATION, "contentHandling", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "converts the request body (contentHandling)"},
    {AW_KIND_INTEGRATION, "responses", 0, NULL, NULL, T(AW_API_REST), "declares integration responses"},
    {AW_KIND_INTEGRATION, "parameterMappings", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_HTTP),
     "maps request parameters"},
    {AW_KIND_ROUTE, "parameters", 0, NULL, NULL, T(AW_API_REST), "declares request parameters"},
    {AW_KIND_INTEGRATION, "style", AW_LAMBDA_STYLE_CUSTOM, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET),
     "is a custom (non-proxy) Lambda integration"},
    {AW_KIND_INTEGRATION, "path", 0, NULL, NULL, T(AW_API_REST) | T(AW_API_WEBSOCKET), "calls an AWS service by path"},
    {AW_KIND_API, "gatewayResponses", 0, NULL, NULL, T(AW_API_REST), "has gateway responses of its own"},
    /* A REST API's JWT authorizer must list the signing algorithms it
     * accepts (JwtConfigurationInput.defaultAlgorithms, required); an HTTP
     * API's takes one issuer with its audiences, and nothing more. */
    {AW_KIND_AUTHORIZER, "type", AW_AUTH_JWT, NULL, NULL, T(AW_API_HTTP) | T(AW_API_REST), "is a JWT authorizer"},
    {AW_KIND_AUTHORIZER, "type", AW_AUTH_JWT, NULL, S_jwt_without_algorithms, T(AW_API_HTTP) | T(AW_API_WEBSOCKET),
     "is a JWT authorizer that lists no signing algorithms (\"algorithms\")"},
    {AW_KIND_AUTHORIZER, "identitySources", 0, NULL, S_jwt_reads_no_header, T(AW_API_HTTP) | T(AW_API_WEBSOCKET),
     "is a JWT authorizer whose identity source is not a request header (method.request.header.NAME)"},
    {AW_KIND_AUTHORIZER, "algorithms", 0, NULL, NULL, T(AW_API_REST), "restricts the signing algorithms it accepts"},
    {AW_KIND_AUTHORIZER, "issuers", 0, NULL, S_several_issuers, T(AW_API_REST), "trusts several issuers"},
    {AW_KIND_AUTHORIZER, "issuers", 0, NULL, S_checks_claims, T(AW_API_REST), "checks further claims"},
    {AW_KIND_AUTHORIZER, "type", AW_AUTH_COGNITO, NULL, NULL, T(AW_API_REST), "is a Cognito user pool authorizer"},
    {AW_KIND_AUTHORIZER, "lambdaType", AW_LAMBDA_AUTH_TOKEN, NULL, NULL, T(AW_API_REST),
     "is a Lambda token authorizer"},
    {AW_KIND_AUTHORIZER, "payloadFormat", AW_PAYLOAD_2_0, NULL, NULL, T(AW_API_HTTP),
     "asks for Lambda payload format 2.0"},
    {AW_KIND_AUTHORIZER, "resultTtl", 0, NULL, S_caches, T(AW_API_HTTP) | T(AW_API_REST),
     "caches its decisions (WebSocket APIs authorize each connection once)"},
};

const size_t aw_api_support_count = sizeof aw_api_supports / sizeof *aw_api_supports;

void aw_api_support_indexes(int *indexes)
{
    for (size_t k = 0; k < aw_api_support_count; k++)
        indexes[k] = aw_struct_field_index(aw_kind_descs[aw_api_supports[k].kind].desc, aw_api_supports[k].field);
}

bool aw_api_support_applies(const aw_node *node, const aw_api_support *fit, int index)
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

static void S_add_user(aw_api_users *users, const aw_node *node, const aw_node *api)
{
    if (!node || !api || api->kind != AW_KIND_API)
        return;
    aw_api_type t = api->as.api.type;
    if (t > AW_API_UNSET && t <= AW_API_WEBSOCKET && !users[node->index][t])
        users[node->index][t] = api;
}

aw_api_users *aw_api_users_index(const aw_model *m)
{
    aw_api_users *users = calloc(m->node_count ? m->node_count : 1, sizeof *users);
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
