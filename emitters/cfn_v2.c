/* ApiGatewayV2 resources of HTTP and WebSocket APIs: the API, its
 * authorizers, integrations, routes, stages with default and per-route
 * settings and access logs, deployments, and custom domains. */
#include "cfn.h"
#include "design_meta.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/jwt.h"
#include "integration_spec.h"

typedef struct v2 {
    aw_cfn *c;
    const aw_node *api;
    aw_api_type type;
    char api_id[300];
    aw_node_set preflighted;    /* routes given an OPTIONS route beside them */
    aw_node_set answered;       /* integrations given an integration response */
} v2;

static bool S_is_ws(const v2 *v)
{
    return v->type == AW_API_WEBSOCKET;
}

static void S_api_ref(v2 *v)
{
    aw_jw_key(v->c->w, "ApiId");
    aw_cfn_ref(v->c->w, v->api_id);
}

/* The Api's properties, in its resource opened by aw_cfn_resource(), and
 * its end. */
static void S_api_properties(v2 *v)
{
    aw_cfn *c = v->c;
    const aw_api *a = &v->api->as.api;
    aw_jw_member_string(c->w, "Name", aw_deploy_name(v->api));
    if (v->api->description)
        aw_jw_member_string(c->w, "Description", v->api->description);
    aw_jw_member_string(c->w, "ProtocolType", S_is_ws(v) ? "WEBSOCKET" : "HTTP");
    if (S_is_ws(v)) {
        aw_jw_member_string(c->w, "RouteSelectionExpression",
                            a->route_selection ? a->route_selection : "$request.body.action");
        if (a->api_key_selection)
            aw_jw_member_string(c->w, "ApiKeySelectionExpression", a->api_key_selection);
    }
    if (a->disable_default_endpoint)
        aw_jw_member_bool(c->w, "DisableExecuteApiEndpoint", true);
    if (a->cors && !S_is_ws(v)) {
        const aw_cors *cors = a->cors;
        const struct { const char *key; const aw_strings *list; } lists[] = {
            {"AllowOrigins", &cors->allow_origins}, {"AllowMethods", &cors->allow_methods},
            {"AllowHeaders", &cors->allow_headers}, {"ExposeHeaders", &cors->expose_headers},
        };
        aw_jw_key(c->w, "CorsConfiguration");
        aw_jw_object(c->w);
        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
            if (!lists[i].list->count)
                continue;
            aw_jw_key(c->w, lists[i].key);
            aw_jw_array_inline(c->w);
            for (size_t k = 0; k < lists[i].list->count; k++)
                aw_jw_string(c->w, lists[i].list->items[k]);
            aw_jw_end_array(c->w);
        }
        if (cors->allow_credentials)
            aw_jw_member_bool(c->w, "AllowCredentials", true);
        if (AW_IS_SET(cors->max_age_ms))
            aw_jw_member_int(c->w, "MaxAge", (int64_t)(cors->max_age_ms / 1000));
        aw_jw_end_object(c->w);
    }
    aw_cfn_tags_map(c, v->api);
    aw_cfn_resource_end(c);
}

/* "$request.header.X" is "route.request.header.X" on WebSocket APIs. */
static void S_identity_sources(v2 *v, const aw_authorizer *au)
{
    aw_jw *w = v->c->w;
    aw_jw_key(w, "IdentitySource");
    aw_jw_array_inline(w);
    for (size_t i = 0; i < au->identity_sources.count; i++) {
        const char *src = au->identity_sources.items[i];
        if (S_is_ws(v) && strncmp(src, "$request.", 9) == 0)
            aw_jw_stringf(w, "route.request.%s", src + 9);
        else
            aw_jw_string(w, src);
    }
    if (!au->identity_sources.count && au->type == AW_AUTH_JWT)
        aw_jw_string(w, "$request.header.Authorization");
    aw_jw_end_array(w);
}

static void S_authorizer(v2 *v, const aw_node *node)
{
    aw_cfn *c = v->c;
    const aw_authorizer *au = &node->as.authorizer;
    if (au->type == AW_AUTH_IAM)
        return;         /* a route setting, not a resource */
    if (au->type == AW_AUTH_COGNITO) {
        aw_deploy_report(&c->d, node, NULL, "%s APIs have no Cognito user pool authorizers; '%s' is left out of "
                                            "API '%s'", aw_api_type_title(v->type), node->id, v->api->id);
        return;
    }
    char id[300];
    aw_cfn_id(c, node, "Authorizer", id, sizeof id);
    aw_cfn_resource(c, node, id, "AWS::ApiGatewayV2::Authorizer");
    S_api_ref(v);
    aw_jw_member_string(c->w, "Name", aw_deploy_name(node));
    if (au->type == AW_AUTH_JWT) {
        aw_jw_member_string(c->w, "AuthorizerType", "JWT");
        S_identity_sources(v, au);
        aw_jw_key(c->w, "JwtConfiguration");
        aw_jw_object(c->w);
        /* One issuer on HTTP APIs: the rules refuse more. */
        const aw_strings *aud = aw_jwt_issuer_audiences(au, 0);
        if (aud->count) {
            aw_jw_key(c->w, "Audience");
            aw_jw_array_inline(c->w);
            for (size_t i = 0; i < aud->count; i++)
                aw_jw_string(c->w, aud->items[i]);
            aw_jw_end_array(c->w);
        }
        aw_jw_member_string(c->w, "Issuer", aw_jwt_issuer_url(au, 0));
        aw_jw_end_object(c->w);
    } else {
        aw_jw_member_string(c->w, "AuthorizerType", "REQUEST");
        aw_subst uri = AW_SUBST_INIT;
        aw_deploy_lambda_invocation_uri(&c->d, au->function.node, &uri);
        aw_jw_key(c->w, "AuthorizerUri");
        aw_deploy_write_subst(&c->d, c->w, &uri);
        bool created;
        if (aw_deploy_invokes_with_role(node, &created)) {
            aw_subst role = AW_SUBST_INIT;
            aw_deploy_invoke_credentials(&c->d, node, &role);
            aw_jw_key(c->w, "AuthorizerCredentialsArn");
            aw_deploy_write_subst(&c->d, c->w, &role);
        }
        if (au->identity_sources.count)
            S_identity_sources(v, au);
        if (!S_is_ws(v)) {
            aw_jw_member_string(c->w, "AuthorizerPayloadFormatVersion",
                                au->payload_format == AW_PAYLOAD_1_0 ? "1.0" : "2.0");
            if (au->simple_responses)
                aw_jw_member_bool(c->w, "EnableSimpleResponses", true);
            if (AW_IS_SET(au->result_ttl_ms))
                aw_jw_member_int(c->w, "AuthorizerResultTtlInSeconds", (int64_t)(au->result_ttl_ms / 1000));
        }
    }
    aw_cfn_resource_end(c);
}

static void S_integration_id(v2 *v, const aw_node *integ, char *buf, size_t size)
{
    /* An integration that routes of several APIs share is one resource per API. */
    if (integ->owner_api == v->api)
        aw_cfn_id(v->c, integ, "Integration", buf, size);
    else
        snprintf(buf, size, "%s%sIntegration", aw_logical_id(&v->c->d.ids, integ),
                 aw_logical_id(&v->c->d.ids, v->api));
}

static const char *S_upper_type(const char *type)
{
    static const struct { const char *lower, *upper; } names[] = {
        {"aws_proxy", "AWS_PROXY"}, {"http_proxy", "HTTP_PROXY"}, {"mock", "MOCK"}, {"aws", "AWS"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].lower, type) == 0)
            return names[i].upper;
    return type;
}

/* A hard limit: API Gateway refuses an integration that waits longer, and
 * the stack with it (reported). */
static bool S_timeout_fits(v2 *v, const aw_node *integ, int64_t ms)
{
    double max_ms = aw_api_max_timeout_ms(v->type, NULL);
    if (ms <= max_ms)
        return true;
    aw_deploy_report(&v->c->d, integ, aw_node_field_loc(integ, "timeout"),
                     "integration '%s' waits %lld ms; %s APIs allow at most %g ms, a limit that cannot be raised",
                     integ->id, (long long)ms, aw_api_type_title(v->type), max_ms);
    return false;
}

/* Writes the integration's resource; false when the API type cannot
 * express it (reported). */
static bool S_integration(v2 *v, const aw_node *route, const aw_node *integ)
{
    aw_cfn *c = v->c;
    aw_integration_spec spec;
    if (!aw_integration_spec_build(&c->d, route, integ, v->type, &spec))
        return false;
    if (!S_timeout_fits(v, integ, spec.timeout_ms)) {
        aw_integration_spec_free(&spec);
        return false;
    }
    char id[600];
    S_integration_id(v, integ, id, sizeof id);
    aw_cfn_resource(c, integ, id, "AWS::ApiGatewayV2::Integration");
    S_api_ref(v);
    if (integ->description)
        aw_jw_member_string(c->w, "Description", integ->description);
    aw_jw_member_string(c->w, "IntegrationType", S_upper_type(spec.type));
    if (spec.subtype)
        aw_jw_member_string(c->w, "IntegrationSubtype", spec.subtype);
    if (spec.vpc_link) {
        aw_jw_member_string(c->w, "ConnectionType", "VPC_LINK");
        aw_jw_key(c->w, "ConnectionId");
        aw_deploy_write_subst(&c->d, c->w, &spec.connection_id);
    }
    if (spec.http_method)
        aw_jw_member_string(c->w, "IntegrationMethod", spec.http_method);
    if (spec.uri.text.len) {
        aw_jw_key(c->w, "IntegrationUri");
        aw_deploy_write_subst(&c->d, c->w, &spec.uri);
    }
    if (spec.credentials.text.len) {
        aw_jw_key(c->w, "CredentialsArn");
        aw_deploy_write_subst(&c->d, c->w, &spec.credentials);
    }
    if (spec.payload_format)
        aw_jw_member_string(c->w, "PayloadFormatVersion", spec.payload_format);
    if (spec.tls_server_name[0]) {
        aw_jw_key(c->w, "TlsConfig");
        aw_jw_object(c->w);
        aw_jw_member_string(c->w, "ServerNameToVerify", spec.tls_server_name);
        aw_jw_end_object(c->w);
    }
    if (spec.param_count) {
        aw_jw_key(c->w, "RequestParameters");
        aw_jw_object(c->w);
        for (size_t i = 0; i < spec.param_count; i++) {
            aw_jw_key(c->w, spec.params[i].key);
            aw_deploy_write_subst(&c->d, c->w, &spec.params[i].value);
        }
        aw_jw_end_object(c->w);
    }
    if (spec.request_template) {
        aw_jw_key(c->w, "RequestTemplates");
        aw_jw_object(c->w);
        aw_jw_key(c->w, "$default");
        if (spec.request_template_refs.text.len)
            aw_deploy_write_subst(&c->d, c->w, &spec.request_template_refs);
        else
            aw_jw_string(c->w, spec.request_template);
        aw_jw_end_object(c->w);
        aw_jw_member_string(c->w, "TemplateSelectionExpression", "\\$default");
        aw_jw_member_string(c->w, "PassthroughBehavior", "WHEN_NO_MATCH");
    }
    if (spec.content_handling)
        aw_jw_member_string(c->w, "ContentHandlingStrategy", spec.content_handling);
    if (spec.timeout_ms && !aw_cfn_member_param(c->w, c->d.model, "TimeoutInMillis", &integ->as.integration.timeout_ms))
        aw_jw_member_int(c->w, "TimeoutInMillis", spec.timeout_ms);
    aw_cfn_resource_end(c);
    /* A proxy passes the backend's answer on by itself; a mock or a service
     * call needs an integration response to send one. */
    bool proxy = strcmp(spec.type, "aws_proxy") == 0 || strcmp(spec.type, "http_proxy") == 0;
    if (S_is_ws(v) && !proxy && aw_cfn_ws_answered(c, v->api, integ)) {
        aw_cfn_integration_response(c, integ, v->api_id, id, spec.response_body);
        aw_node_set_add(&v->answered, integ);
    } else if (spec.response_body) {
        aw_deploy_warn(&c->d, integ, aw_node_field_loc(integ, "body"), "no two-way route ('twoWay') of API '%s' "
                       "calls WebSocket mock '%s', so its 'body' is sent to no client", v->api->id, integ->id);
    }
    aw_integration_spec_free(&spec);
    return true;
}

static const char *S_authorization_type(const aw_node *auth)
{
    if (!auth)
        return "NONE";
    switch (auth->as.authorizer.type) {
    case AW_AUTH_IAM: return "AWS_IAM";
    case AW_AUTH_JWT: return "JWT";
    case AW_AUTH_LAMBDA: return "CUSTOM";
    default: return "NONE";
    }
}

/* A route's Target: "integrations/<id>". */
static void S_route_target(v2 *v, const aw_node *integ)
{
    char integ_id[600];
    S_integration_id(v, integ, integ_id, sizeof integ_id);
    aw_subst target = AW_SUBST_INIT;
    aw_subst_lit(&target, "integrations/");
    aw_subst_ref(&target, integ_id);
    aw_jw_key(v->c->w, "Target");
    aw_deploy_write_subst(&v->c->d, v->c->w, &target);
}

/* ---- WebSocket request models ----------------------------------------------- */

static void S_model_id(v2 *v, const char *model, char *buf, size_t size)
{
    snprintf(buf, size, "%s%sModel", aw_logical_id(&v->c->d.ids, v->api), model);
}

/* A WebSocket API's models, each an AWS::ApiGatewayV2::Model whose schema
 * is the diagram's JSON Schema (draft 4, as API Gateway reads it). */
static void S_models(v2 *v)
{
    aw_cfn *c = v->c;
    const aw_api *a = &v->api->as.api;
    for (size_t i = 0; S_is_ws(v) && i < a->model_count; i++) {
        const aw_model_def *md = &a->models[i];
        json_error_t err;
        json_t *schema = md->schema ? json_loads(md->schema, JSON_REJECT_DUPLICATES, &err) : NULL;
        if (!json_is_object(schema)) {
            aw_deploy_report(&c->d, v->api, &md->loc, "model \"%s\" has no schema that is a JSON object (%s)", md->name,
                             schema ? "not an object" : md->schema ? err.text : "no schema");
            json_decref(schema);
            continue;
        }
        char id[600];
        S_model_id(v, md->name, id, sizeof id);
        aw_cfn_resource(c, v->api, id, "AWS::ApiGatewayV2::Model");
        S_api_ref(v);
        aw_jw_member_string(c->w, "Name", md->name);
        aw_jw_member_string(c->w, "ContentType", md->content_type ? md->content_type : "application/json");
        char *text = json_dumps(schema, JSON_COMPACT | JSON_PRESERVE_ORDER);
        aw_jw_key(c->w, "Schema");
        aw_jw_raw_value(c->w, text, strlen(text));
        free(text);
        json_decref(schema);
        aw_cfn_resource_end(c);
    }
}

/* The model a WebSocket route validates its messages against: its own,
 * when the route (else its API) asks for body validation. NULL: none. */
static const char *S_route_model(const v2 *v, const aw_node *route)
{
    const aw_route *r = &route->as.route;
    aw_validation val = r->request_validation ? r->request_validation : v->api->as.api.request_validation;
    if (!S_is_ws(v) || !r->request_model)
        return NULL;
    return val == AW_VALIDATE_BODY || val == AW_VALIDATE_ALL ? r->request_model : NULL;
}

/* The route validates every message against its model: the selection
 * expression always falls back to the "$default" entry. */
static void S_route_model_members(v2 *v, const char *model)
{
    aw_cfn *c = v->c;
    const char *selection = v->api->as.api.route_selection;
    aw_jw_member_string(c->w, "ModelSelectionExpression", selection ? selection : "$request.body.action");
    aw_jw_key(c->w, "RequestModels");
    aw_jw_object_inline(c->w);
    aw_jw_member_string(c->w, "$default", model);
    aw_jw_end_object(c->w);
}

/* Opens a route's resource; one that names a model waits for it. */
static void S_route_open(v2 *v, const aw_node *route, const char *id, const char *model)
{
    aw_cfn *c = v->c;
    if (!model) {
        aw_cfn_resource(c, route, id, "AWS::ApiGatewayV2::Route");
        return;
    }
    char model_id[600];
    S_model_id(v, model, model_id, sizeof model_id);
    aw_cfn_resource_key(c, route, id);
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Type", "AWS::ApiGatewayV2::Route");
    aw_jw_key(c->w, "DependsOn");
    aw_jw_array_inline(c->w);
    aw_jw_string(c->w, model_id);
    aw_jw_end_array(c->w);
    aw_cfn_properties(c);
}

static void S_route(v2 *v, const aw_node *route, bool integrated)
{
    aw_cfn *c = v->c;
    const aw_route *r = &route->as.route;
    char id[300];
    const char *model = S_route_model(v, route);
    aw_cfn_id(c, route, "Route", id, sizeof id);
    S_route_open(v, route, id, model);
    S_api_ref(v);
    aw_strbuf key = AW_STRBUF_INIT;
    aw_cfn_route_key(route, &key);
    aw_jw_member_string(c->w, "RouteKey", key.data);
    aw_strbuf_free(&key);
    aw_jw_member_string(c->w, "OperationName", route->id);
    const aw_node *auth = aw_deploy_route_authorizer(route);
    /* WebSocket APIs authorize the connection only. */
    if (S_is_ws(v) && (!r->route_key || strcmp(r->route_key, "$connect") != 0))
        auth = NULL;
    if (auth && auth->as.authorizer.type == AW_AUTH_COGNITO)
        auth = NULL;    /* reported with the authorizer */
    aw_jw_member_string(c->w, "AuthorizationType", S_authorization_type(auth));
    if (auth && auth->as.authorizer.type != AW_AUTH_IAM) {
        char auth_id[300];
        aw_cfn_id(c, auth, "Authorizer", auth_id, sizeof auth_id);
        aw_jw_key(c->w, "AuthorizerId");
        aw_cfn_ref(c->w, auth_id);
    }
    if (auth && r->scopes.count) {
        aw_jw_key(c->w, "AuthorizationScopes");
        aw_jw_array_inline(c->w);
        for (size_t i = 0; i < r->scopes.count; i++)
            aw_jw_string(c->w, r->scopes.items[i]);
        aw_jw_end_array(c->w);
    }
    if (S_is_ws(v) && r->api_key_required)
        aw_jw_member_bool(c->w, "ApiKeyRequired", true);
    if (model)
        S_route_model_members(v, model);
    if (integrated)
        S_route_target(v, r->integration.node);
    if (S_is_ws(v) && r->two_way)
        aw_jw_member_string(c->w, "RouteResponseSelectionExpression", "$default");
    aw_cfn_resource_end(c);
    if (S_is_ws(v) && r->two_way)
        aw_cfn_route_response(c, route, v->api_id, id);
}

/* ---- CORS preflights past authorized catch-all routes ------------------------ */

static void S_preflight_id(v2 *v, const aw_node *route, char *buf, size_t size)
{
    aw_cfn_id(v->c, route, "PreflightRoute", buf, size);
}

/* An unauthenticated OPTIONS route on the path an authorized catch-all
 * route would take preflights on, to the same integration: API Gateway
 * answers the preflight from the API's CORS configuration. Once per path,
 * and never where the diagram draws an OPTIONS route itself. */
static void S_preflight(v2 *v, const aw_node *route, aw_strset *paths)
{
    const char *path = aw_deploy_preflight_path(route);
    if (!path || !aw_strset_insert(paths, path, (void *)route, NULL))
        return;
    aw_cfn *c = v->c;
    char id[300], key[600];
    S_preflight_id(v, route, id, sizeof id);
    snprintf(key, sizeof key, "OPTIONS %s", path);
    aw_cfn_resource(c, route, id, "AWS::ApiGatewayV2::Route");
    S_api_ref(v);
    aw_jw_member_string(c->w, "RouteKey", key);
    aw_jw_member_string(c->w, "AuthorizationType", "NONE");
    S_route_target(v, route->as.route.integration.node);
    aw_cfn_resource_end(c);
    aw_node_set_add(&v->preflighted, route);
}

/* The paths that already have an OPTIONS route of the diagram's own. */
static void S_options_paths(const aw_api_parts *parts, aw_strset *paths)
{
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_route *r = &parts->routes[i]->as.route;
        if (r->method == AW_METHOD_OPTIONS && r->path)
            aw_strset_insert(paths, r->path, (void *)parts->routes[i], NULL);
    }
}

/* The stage-wide settings that every route setting repeats (HTTP APIs
 * log access only, so only WebSocket stages carry a logging level). */
static void S_stage_wide_settings(v2 *v, const aw_stage *st)
{
    aw_jw_member_bool(v->c->w, "DetailedMetricsEnabled", st->detailed_metrics);
    if (S_is_ws(v) && st->log_level)
        aw_jw_member_string(v->c->w, "LoggingLevel", aw_cfn_log_level(st->log_level));
}

static void S_route_settings(v2 *v, const aw_stage *st, const aw_cfn_override *list, size_t count)
{
    aw_cfn *c = v->c;
    if (!count)
        return;
    aw_jw_key(c->w, "RouteSettings");
    aw_jw_object(c->w);
    aw_strbuf key = AW_STRBUF_INIT;     /* one for all the routes */
    for (size_t i = 0; i < count; i++) {
        key.len = 0;
        aw_cfn_route_key(list[i].route, &key);
        aw_jw_key_len(c->w, key.data, key.len);
        aw_jw_object_inline(c->w);
        S_stage_wide_settings(v, st);
        aw_cfn_throttle_members(c->w, c->d.model, list[i].rate, list[i].burst);
        aw_jw_end_object(c->w);
    }
    aw_strbuf_free(&key);
    aw_jw_end_object(c->w);
}

/* A stage that names routes in its settings must come after them: API
 * Gateway rejects settings for a route it does not have yet. */
static void S_depends_on_routes(v2 *v, const aw_cfn_override *list, size_t count)
{
    if (!count || aw_deploy_api_body(&v->c->d, v->api))
        return;     /* a body's routes come with the Api, which the stage names */
    aw_jw_key(v->c->w, "DependsOn");
    aw_jw_array(v->c->w);
    for (size_t i = 0; i < count; i++) {
        char rid[300];
        aw_cfn_id(v->c, list[i].route, "Route", rid, sizeof rid);
        aw_jw_string(v->c->w, rid);
    }
    aw_jw_end_array(v->c->w);
}

static void S_stage(v2 *v, const aw_node *node, const char *deployment)
{
    aw_cfn *c = v->c;
    const aw_stage *st = &node->as.stage;
    char id[300];
    aw_cfn_override *overrides;
    size_t override_count = aw_cfn_route_overrides(c, node, &overrides);
    aw_cfn_id(c, node, "Stage", id, sizeof id);
    aw_cfn_resource_typed(c, node, id, "AWS::ApiGatewayV2::Stage");
    S_depends_on_routes(v, overrides, override_count);
    aw_cfn_properties(c);
    S_api_ref(v);
    aw_jw_member_string(c->w, "StageName", aw_deploy_name(node));
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    if (st->auto_deploy)
        aw_jw_member_bool(c->w, "AutoDeploy", true);
    else if (deployment) {
        aw_jw_key(c->w, "DeploymentId");
        aw_cfn_ref(c->w, deployment);
    }
    if (st->variables.count)
        aw_cfn_string_map(c->w, "StageVariables", &st->variables);
    aw_jw_key(c->w, "DefaultRouteSettings");
    aw_jw_object(c->w);
    S_stage_wide_settings(v, st);
    if (st->throttle)
        aw_cfn_throttle_members(c->w, c->d.model, &st->throttle->rate, &st->throttle->burst);
    aw_jw_end_object(c->w);
    S_route_settings(v, st, overrides, override_count);
    free(overrides);
    if (st->access_log)
        aw_cfn_access_log(c, node, "AccessLogSettings");
    aw_cfn_tags_map(c, node);
    aw_cfn_resource_end(c);
    aw_cfn_invoke_url(c, node, v->api_id, S_is_ws(v) ? "wss" : "https");
    if (S_is_ws(v))
        aw_cfn_logging_role_note(c, node);
}

/* A deployment for stages that do not deploy themselves; it waits for
 * every route of the API. A deployment is a snapshot: its id is a hash of
 * the API's resources as written (the text from `start` on: the API, its
 * authorizers, integrations and routes), so that any change to them
 * deploys anew. */
static void S_deployment(v2 *v, size_t start, const aw_node **routes, size_t count, char *id, size_t size)
{
    aw_cfn *c = v->c;
    uint64_t hash = aw_design_meta_hash(AW_DEPLOY_HASH_SEED, c->w->out->data + start, c->w->out->len - start);
    snprintf(id, size, "%sDeployment%08llx", aw_logical_id(&c->d.ids, v->api), (unsigned long long)(hash & 0xffffffffu));
    aw_cfn_resource_key(c, v->api, id);
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Type", "AWS::ApiGatewayV2::Deployment");
    if (count) {
        aw_jw_key(c->w, "DependsOn");
        aw_jw_array(c->w);
        for (size_t i = 0; i < count; i++) {
            char rid[300];
            aw_cfn_id(c, routes[i], "Route", rid, sizeof rid);
            aw_jw_string(c->w, rid);
            if (S_is_ws(v) && routes[i]->as.route.two_way) {
                aw_cfn_route_response_id(c, routes[i], rid, sizeof rid);
                aw_jw_string(c->w, rid);
            }
            if (!aw_node_set_has(&v->preflighted, routes[i]))
                continue;
            S_preflight_id(v, routes[i], rid, sizeof rid);
            aw_jw_string(c->w, rid);
        }
        /* A snapshot taken before an integration response would answer nothing. */
        for (size_t i = 0; i < v->answered.count; i++) {
            char iid[600], rid[700];
            S_integration_id(v, v->answered.items[i], iid, sizeof iid);
            aw_cfn_integration_response_id(iid, rid, sizeof rid);
            aw_jw_string(c->w, rid);
        }
        aw_jw_end_array(c->w);
    }
    aw_cfn_properties(c);
    S_api_ref(v);
    aw_jw_end_object(c->w);
    aw_jw_end_object(c->w);
}

static void S_domain(v2 *v)
{
    aw_cfn *c = v->c;
    const aw_custom_domain *dom = v->api->as.api.domain;
    char id[300];
    aw_cfn_id(c, v->api, "DomainName", id, sizeof id);
    aw_cfn_resource(c, v->api, id, "AWS::ApiGatewayV2::DomainName");
    aw_jw_member_string(c->w, "DomainName", dom->domain_name);
    aw_jw_key(c->w, "DomainNameConfigurations");
    aw_jw_array(c->w);
    aw_jw_object(c->w);
    aw_jw_key(c->w, "CertificateArn");
    aw_cfn_certificate(c, v->api);
    aw_jw_member_string(c->w, "EndpointType", "REGIONAL");
    aw_jw_member_string(c->w, "SecurityPolicy", dom->min_tls == AW_TLS_1_0 ? "TLS_1_0" : "TLS_1_2");
    aw_jw_end_object(c->w);
    aw_jw_end_array(c->w);
    aw_cfn_tags_map(c, v->api);
    aw_cfn_resource_end(c);
    aw_cfn_domain_mappings(c, v->api, id);
    aw_cfn_domain_record(c, v->api, id, false);
}

/* The authorizers, integrations and routes of an API in resource form. */
static void S_route_resources(v2 *v, const aw_api_parts *parts)
{
    aw_cfn *c = v->c;
    aw_node_set authorizers, integrations;
    aw_node_set_init(&authorizers);
    aw_node_set_init(&integrations);
    for (size_t i = 0; i < parts->route_count; i++)
        aw_node_set_add(&authorizers, aw_deploy_route_authorizer(parts->routes[i]));
    aw_node_set_sort(&authorizers);
    for (size_t i = 0; i < authorizers.count; i++)
        S_authorizer(v, authorizers.items[i]);
    /* Each integration once, before the first route that targets it; one
     * that cannot be expressed leaves its routes without a target. */
    aw_strset failed, preflight_paths;
    aw_strset_init(&failed);
    aw_strset_init(&preflight_paths);
    S_options_paths(parts, &preflight_paths);
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *route = parts->routes[i], *integ = route->as.route.integration.node;
        bool integrated = false;
        if (!integ)
            aw_deploy_report(&c->d, route, NULL, "route '%s' has no integration, which API Gateway requires to "
                                                 "deploy it", route->id);
        else if (aw_strset_find(&failed, integ->id))
            integrated = false;
        else if (!aw_node_set_add(&integrations, integ))
            integrated = true;
        else if (!(integrated = S_integration(v, route, integ)))
            aw_strset_insert(&failed, integ->id, (void *)integ, NULL);
        S_route(v, route, integrated);
        if (integrated)
            S_preflight(v, route, &preflight_paths);
    }
    aw_strset_free(&preflight_paths);
    aw_strset_free(&failed);
    aw_node_set_free(&integrations);
    aw_node_set_free(&authorizers);
}

/* An API with a body: its routes, integrations and authorizers are the
 * document's (which reports what it cannot say); the timeouts are checked
 * here, as no resource of theirs is written. False, the Api resource left
 * open, when the body would not fit a nested stack: the API is then
 * written as resources, as aw_deploy_api_body() tells every writer that
 * asks after it. */
static bool S_body_api(v2 *v, const aw_api_parts *parts)
{
    aw_cfn *c = v->c;
    if (!aw_cfn_v2_body_api(c, v->api, v->api_id)) {
        if (!c->body_taken_back && !(c->body_taken_back = calloc(c->d.model->node_count, sizeof *c->body_taken_back)))
            abort();
        c->body_taken_back[v->api->index] = true;
        c->d.body_taken_back = c->body_taken_back;
        return false;
    }
    aw_node_set integrations;
    aw_node_set_init(&integrations);
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *integ = parts->routes[i]->as.route.integration.node;
        if (aw_node_set_add(&integrations, integ) && AW_IS_SET(integ->as.integration.timeout_ms))
            S_timeout_fits(v, integ, (int64_t)integ->as.integration.timeout_ms);
    }
    aw_node_set_free(&integrations);
    return true;
}

void aw_cfn_v2_api(aw_cfn *c, const aw_node *api)
{
    v2 v = {c, api, api->as.api.type, {0}, {0}, {0}};
    aw_node_set_init(&v.preflighted);
    aw_node_set_init(&v.answered);
    aw_cfn_id(c, api, "Api", v.api_id, sizeof v.api_id);
    size_t start = c->w->out->len;
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    bool body = parts->body && S_body_api(&v, parts);
    if (!body) {
        if (!parts->body)
            aw_cfn_resource(c, api, v.api_id, "AWS::ApiGatewayV2::Api");
        S_api_properties(&v);
        S_models(&v);
        S_route_resources(&v, parts);
    }
    char deployment[300] = "";
    bool needs_deployment = false;
    for (size_t i = 0; i < parts->stage_count; i++)
        needs_deployment |= !parts->stages[i]->as.stage.auto_deploy;
    /* A body's routes come with the Api: the deployment waits for it alone. */
    if (needs_deployment)
        S_deployment(&v, start, parts->routes, body ? 0 : parts->route_count, deployment, sizeof deployment);
    for (size_t i = 0; i < parts->stage_count; i++)
        S_stage(&v, parts->stages[i], needs_deployment ? deployment : NULL);
    if (api->as.api.domain)
        S_domain(&v);
    aw_node_set_free(&v.preflighted);
    aw_node_set_free(&v.answered);
}
