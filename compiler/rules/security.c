/* Security rules (AW-SEC-*): who may call an API, how it is reached, and
 * what secrets its configuration gives away. Catalogue entries: rules.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../ir/ir_fields.h"
#include "../../ir/jwt.h"
#include "rules.h"
#include "secrets.h"

/* ---- helpers ------------------------------------------------------------- */

static const char *S_route_label(const aw_node *route, char *buf, size_t size)
{
    const aw_route *r = &route->as.route;
    static const char *const methods[] = {"", "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    if (r->route_key)
        snprintf(buf, size, "%s", r->route_key);
    else
        snprintf(buf, size, "%s %s", (unsigned)r->method < sizeof methods / sizeof *methods ? methods[r->method] : "",
                 r->path ? r->path : "");
    return buf;
}

/* The authorizer that guards a route: its own, else its API's default
 * (which an explicit "none" opts out of). */
static const aw_node *S_route_authorizer(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->authorizer.node)
        return r->authorizer.node;
    const aw_node *api = r->api.node;
    if (r->auth_none || !api || api->kind != AW_KIND_API)
        return NULL;
    return api->as.api.default_authorizer.node;
}

/* "none" with a reason is the diagram's way of saying "public on purpose". */
static bool S_public_on_purpose(const aw_route *r)
{
    return r->auth_none && r->none_reason && r->none_reason[0];
}

static bool S_strings_has(const aw_strings *s, const char *value)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i], value) == 0)
            return true;
    return false;
}

static const aw_api *S_api_of_route(const aw_node *route)
{
    const aw_node *api = route->as.route.api.node;
    return api && api->kind == AW_KIND_API ? &api->as.api : NULL;
}

#define EACH_NODE(ctx, kind_, n)                                                                                \
    for (size_t n##_i = 0; n##_i < (ctx)->model->node_count; n##_i++)                                           \
        for (const aw_node *n = (ctx)->model->nodes[n##_i]; n && n->kind == (kind_); n = NULL)

/* ---- AW-SEC-001..003: who may call a route ------------------------------- */

void aw_sec001_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_ROUTE, node) {
        const aw_route *r = &node->as.route;
        const aw_api *api = S_api_of_route(node);
        /* WebSocket routes other than $connect cannot carry an authorizer
         * (AW-SEC-002 covers $connect); browsers send CORS preflights
         * without credentials, so OPTIONS must stay open. */
        if (!api || api->type == AW_API_WEBSOCKET || api->endpoint == AW_ENDPOINT_PRIVATE ||
            r->method == AW_METHOD_OPTIONS)
            continue;
        if (S_route_authorizer(node) || r->api_key_required || S_public_on_purpose(r))
            continue;
        char label[256];
        S_route_label(node, label, sizeof label);
        aw_diag *d;
        if (r->auth_none)
            d = aw_lint_report(ctx, node, aw_node_field_loc(node, "authorizer"), &r->api.node->loc,
                               "route '%s' (%s) is public (authorizer \"none\") but gives no noneReason", node->id,
                               label);
        else
            d = aw_lint_report(ctx, node, &node->loc, &r->api.node->loc,
                               "route '%s' (%s) has no authorizer and no API key: anyone who can reach the API "
                               "can call it",
                               node->id, label);
        aw_lint_relate(ctx, d, "API '%s' is reachable from the internet", r->api.node->id);
    }
}

static bool S_is_connect(const aw_node *route)
{
    const char *key = route->as.route.route_key;
    return key && strcmp(key, "$connect") == 0;
}

/* A WebSocket API without a $connect route has nowhere to authorize: every
 * connection is accepted, the most open case of all. */
static void S_report_no_connect(aw_lint_ctx *ctx, const bool *has_connect)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        if (node->as.api.type == AW_API_WEBSOCKET && !has_connect[node->index])
            aw_lint_report(ctx, node, &node->loc, NULL,
                           "WebSocket API '%s' has no $connect route, so nothing authorizes a connection: any "
                           "client may connect and send every route's messages",
                           node->id);
    }
}

void aw_sec002_check(aw_lint_ctx *ctx)
{
    bool *has_connect = calloc(ctx->model->node_count ? ctx->model->node_count : 1, sizeof *has_connect);
    if (!has_connect)
        return;
    EACH_NODE(ctx, AW_KIND_ROUTE, node) {
        const aw_route *r = &node->as.route;
        const aw_api *api = S_api_of_route(node);
        if (!api || api->type != AW_API_WEBSOCKET || !S_is_connect(node))
            continue;
        has_connect[r->api.node->index] = true;
        if (S_route_authorizer(node) || S_public_on_purpose(r))
            continue;
        aw_diag *d = aw_lint_report(ctx, node, &node->loc, &r->api.node->loc,
                                    "WebSocket route '%s' ($connect) has no authorizer: any client may open a "
                                    "connection and send every route's messages",
                                    node->id);
        aw_lint_relate(ctx, d, "WebSocket API '%s' is declared here", r->api.node->id);
    }
    S_report_no_connect(ctx, has_connect);
    free(has_connect);
}

void aw_sec003_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_ROUTE, node) {
        const aw_route *r = &node->as.route;
        const aw_api *api = S_api_of_route(node);
        /* WebSocket routes other than $connect cannot carry an authorizer,
         * and an open $connect is AW-SEC-002's finding. */
        if (!r->api_key_required || (api && api->type == AW_API_WEBSOCKET) || S_route_authorizer(node) ||
            S_public_on_purpose(r))
            continue;
        char label[256];
        aw_lint_report(ctx, node, aw_node_field_loc(node, "apiKeyRequired"), NULL,
                       "route '%s' (%s) is protected by an API key alone", node->id,
                       S_route_label(node, label, sizeof label));
    }
}

/* ---- AW-SEC-004..005: JWT authorizers ------------------------------------- */

/* Where issuer i of a JWT authorizer is written: its entry in issuers, or
 * the one-issuer form's issuer field. */
static const aw_loc *S_jwt_issuer_loc(const aw_node *node, size_t i)
{
    const aw_authorizer *a = &node->as.authorizer;
    if (!a->issuer_count)
        return aw_node_field_loc(node, "issuer");
    const aw_field *f = aw_struct_field(aw_kind_descs[AW_KIND_AUTHORIZER].desc, "issuers");
    return aw_struct_field_loc(f->sub, &a->issuers[i], "issuer");
}

void aw_sec004_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_AUTHORIZER, node) {
        const aw_authorizer *a = &node->as.authorizer;
        if (a->type != AW_AUTH_JWT)
            continue;
        for (size_t i = 0; i < aw_jwt_issuer_count(a); i++)
            if (aw_jwt_issuer_audiences(a, i)->count == 0)
                aw_lint_report(ctx, node, S_jwt_issuer_loc(node, i), NULL,
                               "JWT authorizer '%s' lists no audiences%s%s%s: API Gateway matches every token's aud "
                               "or client_id against them, so it cannot create the authorizer or accepts no token",
                               node->id, a->issuer_count ? " for issuer '" : "",
                               a->issuer_count ? aw_jwt_issuer_url(a, i) : "", a->issuer_count ? "'" : "");
    }
}

void aw_sec005_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_AUTHORIZER, node) {
        const aw_authorizer *a = &node->as.authorizer;
        if (a->type != AW_AUTH_JWT)
            continue;
        for (size_t i = 0; i < aw_jwt_issuer_count(a); i++) {
            const char *url = aw_jwt_issuer_url(a, i);
            const char *problem = aw_jwt_issuer_problem(url);
            if (problem)
                aw_lint_report(ctx, node, S_jwt_issuer_loc(node, i), NULL,
                               "JWT authorizer '%s' has issuer '%s', which %s: no token from an OpenID Connect "
                               "provider validates against it", node->id, url, problem);
        }
    }
}

/* ---- AW-SEC-006..008: resource policies ----------------------------------- */

#define STATEMENTS "resourcePolicy/statements"

/* "Allow everyone, then deny whoever is not on this list" is the usual
 * way to write an allow-list, so a deny of every address outside some
 * ranges counts as the open allow's condition. A deny of some addresses
 * (a block-list) leaves the rest of the internet allowed and does not. */
static bool S_has_conditional_deny(const aw_resource_policy *p)
{
    for (size_t i = 0; i < p->statement_count; i++)
        if (p->statements[i].effect == AW_EFFECT_DENY && p->statements[i].not_source_ips.count)
            return true;
    return false;
}

void aw_sec006_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_resource_policy *p = node->as.api.policy;
        if (p && S_has_conditional_deny(p))
            continue;
        for (size_t i = 0; p && i < p->statement_count; i++) {
            const aw_policy_statement *st = &p->statements[i];
            if (st->effect != AW_EFFECT_ALLOW || !S_strings_has(&st->principals, "*"))
                continue;
            if (st->source_ips.count || st->source_vpcs.count || st->source_vpces.count || st->source_accounts.count)
                continue;
            aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_API, STATEMENTS, st, "principals"), NULL,
                           "resource policy statement %zu of API '%s' allows principal \"*\" with no condition",
                           i + 1, node->id);
        }
    }
}

void aw_sec007_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_resource_policy *p = node->as.api.policy;
        for (size_t i = 0; p && i < p->statement_count; i++) {
            const aw_policy_statement *st = &p->statements[i];
            if (st->effect != AW_EFFECT_ALLOW)
                continue;
            const char *all = S_strings_has(&st->source_ips, "0.0.0.0/0") ? "0.0.0.0/0"
                              : S_strings_has(&st->source_ips, "::/0")    ? "::/0"
                                                                          : NULL;
            if (all)
                aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_API, STATEMENTS, st, "sourceIps"), NULL,
                               "resource policy statement %zu of API '%s' allows source IP %s, i.e. every "
                               "address",
                               i + 1, node->id, all);
        }
    }
}

void aw_sec008_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_api *api = &node->as.api;
        if (api->endpoint == AW_ENDPOINT_PRIVATE && (!api->policy || api->policy->statement_count == 0))
            aw_lint_report(ctx, node, aw_node_field_loc(node, "endpoint"), NULL,
                           "private API '%s' has no resource policy, so API Gateway will not deploy it",
                           node->id);
    }
}

/* ---- AW-SEC-009..012: transport and browsers ------------------------------ */

/* The protocol of the load balancer listener a private integration names
 * by its port, or NULL. */
static const char *S_listener_protocol(const aw_integration *in)
{
    const aw_node *lb = in->listener.node;
    if (!lb || lb->kind != AW_KIND_LOAD_BALANCER)
        return NULL;
    for (size_t i = 0; i < lb->as.load_balancer.listener_count; i++)
        if (lb->as.load_balancer.listeners[i].port == in->listener_port)
            return lb->as.load_balancer.listeners[i].protocol;
    return NULL;
}

/* Why an integration's traffic is plain HTTP, or NULL when it is not: an
 * http:// URL; a private integration with no URL, which API Gateway sends
 * over HTTP; or one to a load balancer's HTTP listener, which cannot speak
 * TLS (a TCP listener may pass TLS through to the targets). */
static const char *S_plain_http(const aw_integration *in, char *buf, size_t size)
{
    if (in->type != AW_INTEG_HTTP && in->type != AW_INTEG_PRIVATE)
        return NULL;
    if (in->url && strncasecmp(in->url, "http://", 7) == 0)
        snprintf(buf, size, "over plain http:// (%s)%s", in->url,
                 in->type == AW_INTEG_PRIVATE ? ", unencrypted inside the VPC" : "");
    else if (in->type != AW_INTEG_PRIVATE)
        return NULL;
    else if (!in->url)
        snprintf(buf, size, "over plain HTTP inside the VPC: a private integration without an https:// url "
                            "uses HTTP");
    else if (S_listener_protocol(in) && strcasecmp(S_listener_protocol(in), "HTTP") == 0)
        snprintf(buf, size, "to an HTTP listener (port %lld), so over plain HTTP inside the VPC",
                 (long long)in->listener_port);
    else
        return NULL;
    return buf;
}

void aw_sec009_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_INTEGRATION, node) {
        const aw_integration *in = &node->as.integration;
        char why[512];
        if (!S_plain_http(in, why, sizeof why))
            continue;
        const aw_node *backend = in->backend.node;
        const aw_loc *loc = aw_node_field_loc(node, in->url ? "url" : "listener");
        aw_diag *d = aw_lint_report(ctx, node, loc ? loc : &node->loc, backend ? &backend->loc : NULL,
                                    "integration '%s' sends requests %s", node->id, why);
        if (backend)
            aw_lint_relate(ctx, d, "backend '%s' is declared here", backend->id);
    }
}

/* HTTP and WebSocket APIs have only the TLS 1.2 policy (AW-COMPAT-001 and
 * 003 refuse "1.0" there), and private REST APIs default to it. */
void aw_sec010_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_api *api = &node->as.api;
        const aw_custom_domain *dom = api->domain;
        if (!dom || api->type != AW_API_REST || api->endpoint == AW_ENDPOINT_PRIVATE)
            continue;
        const aw_loc *loc = aw_lint_sub_field_loc(AW_KIND_API, "customDomain", dom, "minTls");
        if (dom->min_tls == AW_TLS_1_0)
            aw_lint_report(ctx, node, loc, NULL, "custom domain '%s' of API '%s' accepts TLS 1.0",
                           dom->domain_name ? dom->domain_name : "", node->id);
        else if (dom->min_tls == AW_TLS_UNSET)
            aw_lint_report(ctx, node, loc ? loc : &dom->loc, NULL,
                           "custom domain '%s' of REST API '%s' sets no minTls, so nothing in the diagram keeps "
                           "TLS 1.0 off it",
                           dom->domain_name ? dom->domain_name : "", node->id);
    }
}

void aw_sec011_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_api *api = &node->as.api;
        if (!api->domain || api->disable_default_endpoint)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "disableDefaultEndpoint"), &api->domain->loc,
                                    "API '%s' keeps its default execute-api endpoint next to its custom domain",
                                    node->id);
        aw_lint_relate(ctx, d, "custom domain '%s' is declared here",
                       api->domain->domain_name ? api->domain->domain_name : "");
    }
}

/* An origin whose host is any host: a star, alone or after a scheme. */
static const char *S_any_origin(const aw_strings *origins)
{
    for (size_t i = 0; i < origins->count; i++) {
        const char *o = origins->items[i], *sep = strstr(o, "://");
        if (strcmp(sep ? sep + 3 : o, "*") == 0)
            return o;
    }
    return NULL;
}

void aw_sec012_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_API, node) {
        const aw_cors *cors = node->as.api.cors;
        const char *any = cors && cors->allow_credentials ? S_any_origin(&cors->allow_origins) : NULL;
        if (!any)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_API, "cors", cors, "allowCredentials"),
                                    aw_lint_sub_field_loc(AW_KIND_API, "cors", cors, "allowOrigins"),
                                    "CORS of API '%s' allows credentials from any origin (\"%s\")", node->id, any);
        aw_lint_relate(ctx, d, "origin \"%s\" is allowed here", any);
    }
}

/* ---- AW-SEC-013: secrets in configuration --------------------------------- */

static void S_scan(aw_lint_ctx *ctx, const aw_node *node, const aw_loc *loc, const char *what, const char *value)
{
    aw_secret_match m;
    if (!value || !aw_secret_find(value, &m))
        return;
    char masked[16];
    aw_secret_mask(value + m.start, m.len, masked, sizeof masked);
    aw_diag *d = aw_lint_report(ctx, node, loc, NULL, "%s of %s '%s' holds what looks like %s (%s)", what,
                                aw_kind_name(node->kind), node->id, m.kind, masked);
    /* The quoted source line would show what the message masks. */
    aw_diag_set_secret(ctx->diags, d, value + m.start, m.len);
}

static void S_scan_map(aw_lint_ctx *ctx, const aw_node *node, const aw_map *map, const char *what)
{
    char label[160];
    for (size_t i = 0; i < map->count; i++) {
        snprintf(label, sizeof label, "%s '%s'", what, map->items[i].key);
        S_scan(ctx, node, &map->items[i].loc, label, map->items[i].value);
    }
}

void aw_sec013_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *node = ctx->model->nodes[i];
        if (node->kind == AW_KIND_STAGE) {
            S_scan_map(ctx, node, &node->as.stage.variables, "variable");
            if (node->as.stage.canary)
                S_scan_map(ctx, node, &node->as.stage.canary->variables, "canary variable");
        } else if (node->kind == AW_KIND_INTEGRATION) {
            const aw_integration *in = &node->as.integration;
            S_scan(ctx, node, aw_node_field_loc(node, "url"), "the URL", in->url);
            S_scan_map(ctx, node, &in->headers, "header");
            S_scan(ctx, node, aw_node_field_loc(node, "body"), "the body", in->body);
        } else if (node->kind == AW_KIND_HTTP_BACKEND) {
            S_scan(ctx, node, aw_node_field_loc(node, "url"), "the URL", node->as.http_backend.url);
        }
    }
}

/* ---- AW-SEC-014: CORS preflights refused ------------------------------------ */

/* Whether an anonymous request to the route is refused (401 or 403). */
static bool S_refuses_anonymous(const aw_node *route)
{
    return S_route_authorizer(route) || route->as.route.api_key_required;
}

/* The path whose preflights the route answers: its own for ANY and OPTIONS
 * routes, every path for an HTTP API's $default; NULL for other routes. */
static const char *S_preflight_path(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->route_key)
        return strcmp(r->route_key, "$default") == 0 ? "/{proxy+}" : NULL;
    return r->method == AW_METHOD_ANY || r->method == AW_METHOD_OPTIONS ? r->path : NULL;
}

/* "API id" newline "path", the key of an API's path. */
static char *S_path_key(const aw_node *route, const char *path)
{
    const char *api = route->as.route.api.node->id;
    size_t a = strlen(api), p = strlen(path);
    char *key = malloc(a + p + 2);
    if (key) {
        memcpy(key, api, a);
        key[a] = '\n';
        memcpy(key + a + 1, path, p + 1);
    }
    return key;
}

/* Routes of APIs with CORS that take preflights, or NULL. */
static const char *S_cors_preflight_path(const aw_node *route)
{
    const aw_api *api = S_api_of_route(route);
    if (!api || !api->cors || api->type == AW_API_WEBSOCKET)
        return NULL;
    return S_preflight_path(route);
}

void aw_sec014_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    char **keys = calloc(m->node_count ? m->node_count : 1, sizeof *keys);
    aw_strset open;     /* paths with an OPTIONS route anyone may call */
    aw_strset_init(&open);
    for (size_t i = 0; keys && i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        const char *path = node->kind == AW_KIND_ROUTE ? S_cors_preflight_path(node) : NULL;
        if (!path || !(keys[i] = S_path_key(node, path)))
            continue;
        if (node->as.route.method == AW_METHOD_OPTIONS && !S_refuses_anonymous(node))
            aw_strset_insert(&open, keys[i], (void *)node, NULL);
    }
    for (size_t i = 0; keys && i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (!keys[i] || !S_refuses_anonymous(node) ||
            (node->as.route.method != AW_METHOD_OPTIONS && aw_strset_find(&open, keys[i])))
            continue;
        const aw_node *auth = S_route_authorizer(node);
        char label[256], who[160];
        if (auth)
            snprintf(who, sizeof who, "its authorizer '%s'", auth->id);
        else
            snprintf(who, sizeof who, "its API key requirement");
        const aw_node *api = node->as.route.api.node;
        aw_diag *d = aw_lint_report(ctx, node, &node->loc, &api->as.api.cors->loc,
                                    "route '%s' (%s) takes the CORS preflights (OPTIONS, sent without credentials) "
                                    "of %s, and %s refuses them with 401 or 403, so browsers block the "
                                    "cross-origin calls",
                                    node->id, S_route_label(node, label, sizeof label),
                                    node->as.route.route_key ? "every path" : "its path", who);
        aw_lint_relate(ctx, d, "API '%s' allows cross-origin calls here", api->id);
    }
    for (size_t i = 0; keys && i < m->node_count; i++)
        free(keys[i]);
    free(keys);
    aw_strset_free(&open);
}

/* ---- AW-SEC-015: unencrypted REST cache --------------------------------------- */

void aw_sec015_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_STAGE, node) {
        const aw_cache *cache = node->as.stage.cache;
        const aw_api *api = node->as.stage.api.node && node->as.stage.api.node->kind == AW_KIND_API
                                ? &node->as.stage.api.node->as.api
                                : NULL;
        if (!cache || !cache->enabled || cache->encrypted || !api || api->type != AW_API_REST)
            continue;
        aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_STAGE, "cache", cache, "encrypted"), NULL,
                       "stage '%s' caches responses without encrypting them", node->id);
    }
}

/* ---- AW-SEC-016: internet-facing load balancer behind a private integration --- */

void aw_sec016_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_INTEGRATION, node) {
        const aw_integration *in = &node->as.integration;
        const aw_node *lb = in->listener.node;
        if (in->type != AW_INTEG_PRIVATE || !lb || lb->kind != AW_KIND_LOAD_BALANCER ||
            lb->as.load_balancer.scheme != AW_SCHEME_INTERNET_FACING)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "listener"), aw_node_field_loc(lb, "scheme"),
                                    "private integration '%s' goes to load balancer '%s', which is internet-facing: "
                                    "callers can reach it directly and bypass the API's authorizers, throttles and "
                                    "firewall",
                                    node->id, lb->id);
        aw_lint_relate(ctx, d, "load balancer '%s' is internet-facing here", lb->id);
    }
}

/* ---- AW-SEC-017: public REST API without AWS WAF ------------------------------ */

/* Only REST APIs can attach a web ACL; private ones are reached from VPCs. */
void aw_sec017_check(aw_lint_ctx *ctx)
{
    EACH_NODE(ctx, AW_KIND_STAGE, node) {
        const aw_node *api = node->as.stage.api.node;
        char why[192];
        if (!api || api->kind != AW_KIND_API || api->as.api.type != AW_API_REST ||
            api->as.api.endpoint == AW_ENDPOINT_PRIVATE || api->as.api.waf_web_acl ||
            !aw_stage_production(node, why, sizeof why))
            continue;
        aw_diag *d = aw_lint_report(ctx, api, aw_node_field_loc(api, "wafWebAcl"), &node->loc,
                                    "REST API '%s' is reachable from the internet and has no AWS WAF web ACL in front "
                                    "of its production stage '%s'",
                                    api->id, node->id);
        aw_lint_relate(ctx, d, "stage '%s' counts as production because %s", node->id, why);
    }
}
