/* HTTP and WebSocket APIs of a template (AWS::ApiGatewayV2::*): the API,
 * its routes, integrations, stages, authorizers, VPC links and domain. */
#include <string.h>

#include "cfn_types.h"

static const aw_iprop S_api_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"ProtocolType", NULL, NULL, NULL},
    {"DisableExecuteApiEndpoint", "disableDefaultEndpoint", aw_iput_bool, NULL},
    {"CorsConfiguration", "cors", aw_iput_object, aw_import_cors_rows},
    {"RouteSelectionExpression", "routeSelectionExpression", aw_iput_text, NULL},
    {"ApiKeySelectionExpression", "apiKeySelectionExpression", aw_iput_text, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {"Body", NULL, NULL, NULL},
    /* A build sets it on every body: no field of the diagram says it. */
    {"FailOnWarnings", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_v2_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)logical_id;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *protocol = aw_import_get(props, "ProtocolType");
    const char *p = aw_import_text(im, protocol, "ProtocolType");
    const char *type = p && strcmp(p, "WEBSOCKET") == 0 ? "websocket" : "http";
    aw_itree_set_string(im, node, "type", type, protocol ? &protocol->loc : &res->loc);
    aw_import_props(im, node, props, S_api_rows, logical_id);
    const aw_doc *body = aw_import_definition(im, aw_import_get(props, "Body"), NULL);
    if (body)
        aw_import_openapi(im, body, node, type);
}

/* "GET /pets/{id}" is a method and a path; "$connect" a WebSocket key;
 * "$default" on an HTTP API is the catch-all, ANY /{proxy+} in the format. */
static void S_route_key(aw_import *im, aw_doc *node, const aw_doc *key, bool websocket)
{
    const char *text = aw_import_text(im, key, "RouteKey");
    if (!text)
        return;
    const char *space = strchr(text, ' ');
    if (websocket || !space) {
        if (!websocket && strcmp(text, "$default") == 0) {
            aw_itree_set_string(im, node, "method", "ANY", &key->loc);
            aw_itree_set_string(im, node, "path", "/{proxy+}", &key->loc);
            return;
        }
        aw_itree_set_string(im, node, "routeKey", text, &key->loc);
        return;
    }
    aw_itree_set_string(im, node, "method", aw_arena_strndup(im->arena, text, (size_t)(space - text)), &key->loc);
    aw_itree_set_string(im, node, "path", space + 1, &key->loc);
}

static const aw_iprop S_route_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"RouteKey", NULL, NULL, NULL},
    {"OperationName", NULL, aw_iput_derived, NULL},
    {"AuthorizationType", NULL, NULL, NULL},
    {"AuthorizerId", "authorizer", aw_iput_ref, NULL},
    {"AuthorizationScopes", "scopes", aw_iput_strings, NULL},
    {"ApiKeyRequired", "apiKeyRequired", aw_iput_bool, NULL},
    {"Target", "integration", aw_iput_ref, NULL},
    {"RouteResponseSelectionExpression", "twoWay", aw_iput_two_way, NULL},
    {NULL, NULL, NULL, NULL},
};

static bool S_is_websocket(aw_import *im, const char *api_id)
{
    const aw_doc *api = api_id ? aw_strset_find(&im->ids, api_id) : NULL;
    const aw_doc *type = aw_itree_get(api, "type");
    return type && type->kind == AW_DOC_STRING && strcmp(type->as.string.chars, "websocket") == 0;
}

void aw_tpl_v2_route(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "ApiId", "route");
    aw_itree_set_string(im, node, "api", api, &node->loc);
    S_route_key(im, node, aw_import_get(props, "RouteKey"), S_is_websocket(im, api));
    const char *type = aw_import_text(im, aw_import_get(props, "AuthorizationType"), NULL);
    if (type && strcmp(type, "AWS_IAM") == 0)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &aw_import_get(props, "AuthorizationType")->loc,
                         "AuthorizationType AWS_IAM of %s needs an iam authorizer element; add one to the diagram",
                         logical_id);
    aw_import_props(im, node, props, S_route_rows, logical_id);
}

void aw_tpl_put_function(aw_import *im, aw_doc *node, const aw_doc *uri)
{
    const char *alias = NULL;
    const char *fn = aw_import_function_target(im, uri, &alias);
    if (!fn) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", &uri->loc, "%s",
                         "the Lambda integration's URI names no function of this template");
        return;
    }
    aw_itree_set_string(im, node, "function", fn, &uri->loc);
    aw_itree_set_string(im, node, "alias", alias, &uri->loc);
}

/* IntegrationSubtype "SQS-SendMessage" is service sqs, action SendMessage. */
static void S_subtype(aw_import *im, aw_doc *node, const aw_doc *v)
{
    static const struct {
        const char *prefix, *service;
    } services[] = {{"SQS-", "sqs"}, {"EventBridge-", "events"}, {"Kinesis-", "kinesis"},
                    {"StepFunctions-", "states"}, {"AppConfig-", "appconfig"}};
    const char *text = aw_import_text(im, v, "IntegrationSubtype");
    for (size_t i = 0; text && i < sizeof services / sizeof *services; i++) {
        size_t n = strlen(services[i].prefix);
        if (strncmp(text, services[i].prefix, n) == 0) {
            aw_itree_set_string(im, node, "type", "aws", &v->loc);
            aw_itree_set_string(im, node, "service", services[i].service, &v->loc);
            aw_itree_set_string(im, node, "action", text + n, &v->loc);
        }
    }
}

static const aw_iprop S_integration_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"IntegrationType", NULL, NULL, NULL},
    {"IntegrationSubtype", NULL, NULL, NULL},
    {"IntegrationUri", NULL, NULL, NULL},
    {"IntegrationMethod", NULL, NULL, NULL},
    {"ConnectionType", NULL, aw_iput_derived, NULL},
    {"ConnectionId", "vpcLink", aw_iput_ref, NULL},
    {"PayloadFormatVersion", "payloadFormat", aw_iput_payload, NULL},
    {"TimeoutInMillis", "timeout", aw_iput_millis_param, NULL},
    {"CredentialsArn", "role", aw_iput_credentials, NULL},
    {"ContentHandlingStrategy", "contentHandling", aw_iput_content_handling, NULL},
    {"RequestParameters", NULL, NULL, NULL},
    {"RequestTemplates", NULL, NULL, NULL},
    {"TemplateSelectionExpression", NULL, NULL, NULL},
    {"PassthroughBehavior", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

/* A private integration's listener: a load balancer of the template, or
 * one outside it whose listener ARN is a parameter ("InventoryAlbListenerArn"
 * names load balancer inventory-alb). What the template does not say of
 * it (its type, listeners, capacity) is the diagram's to add. */
void aw_import_v2_listener(aw_import *im, aw_doc *node, const aw_doc *uri)
{
    const char *lb = aw_import_node_id(im, aw_import_ref(im, uri));
    const aw_doc_member *ref = aw_doc_member_find(uri, "Ref");
    if (!lb && ref && ref->value->kind == AW_DOC_STRING && aw_import_get(im->parameters, ref->value->as.string.chars)) {
        const char *param = ref->value->as.string.chars;
        size_t n = strlen(param), k = strlen("ListenerArn");
        const char *base = n > k && strcmp(param + n - k, "ListenerArn") == 0 ? aw_arena_strndup(im->arena, param, n - k)
                                                                              : param;
        aw_doc *lb_node = aw_itree_node(im, "loadBalancer", base, &uri->loc);
        aw_itree_set_string(im, lb_node, "type", "alb", &uri->loc);
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &uri->loc,
                         "the listener is template parameter %s: load balancer '%s' is added to the diagram as an "
                         "application load balancer; set its type, listeners and capacity there",
                         param, aw_itree_id(lb_node));
        lb = aw_itree_id(lb_node);
    }
    if (lb)
        aw_itree_set_string(im, node, "listener", lb, &uri->loc);
    else
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &uri->loc, "%s",
                         "the private integration's listener is not a load balancer of this template; "
                         "give the integration its listener in the diagram");
}

/* A WebSocket API's AWS integration: a custom Lambda integration by the
 * function's invocation URI, else a service call by action or path. */
static void S_aws_call(aw_import *im, aw_doc *node, const aw_doc *props, const aw_doc *uri, const aw_loc *loc)
{
    const char *text = aw_import_raw_text(uri);
    if (text && strstr(text, ":lambda:path/")) {
        aw_itree_set_string(im, node, "type", "lambda", loc);
        aw_itree_set_string(im, node, "style", "custom", loc);
        aw_tpl_put_function(im, node, uri);
        return;
    }
    aw_itree_set_string(im, node, "type", "aws", loc);
    if (!aw_import_is_sqs_query(uri))     /* read with its template, below */
        aw_import_service_uri(im, node, uri, aw_import_text(im, aw_import_get(props, "IntegrationMethod"), NULL));
}

static void S_integration_kind(aw_import *im, aw_doc *node, const aw_doc *props)
{
    const aw_doc *type_doc = aw_import_get(props, "IntegrationType");
    const char *type = aw_import_text(im, type_doc, "IntegrationType");
    const aw_doc *uri = aw_import_get(props, "IntegrationUri");
    const aw_loc *loc = type_doc ? &type_doc->loc : &props->loc;
    bool vpc = aw_import_get(props, "ConnectionId") != NULL;
    if (!type)
        return;
    if (strcmp(type, "AWS_PROXY") == 0 && !aw_import_get(props, "IntegrationSubtype")) {
        aw_itree_set_string(im, node, "type", "lambda", loc);
        if (uri)
            aw_tpl_put_function(im, node, uri);
    } else if (strcmp(type, "HTTP_PROXY") == 0 || strcmp(type, "HTTP") == 0) {
        aw_itree_set_string(im, node, "type", vpc ? "private" : "http", loc);
        const char *m = aw_import_text(im, aw_import_get(props, "IntegrationMethod"), "IntegrationMethod");
        aw_itree_set_string(im, node, "httpMethod", m, loc);
        if (uri && !vpc)
            aw_itree_set_string(im, node, "url", aw_import_ref_text(im, uri, "IntegrationUri"), &uri->loc);
        else if (uri)
            aw_import_v2_listener(im, node, uri);
    } else if (strcmp(type, "MOCK") == 0) {
        aw_itree_set_string(im, node, "type", "mock", loc);
    } else if (strcmp(type, "AWS") == 0 && uri) {
        S_aws_call(im, node, props, uri, loc);
    } else {
        S_subtype(im, node, aw_import_get(props, "IntegrationSubtype"));
    }
}

/* An HTTP API's parameter mappings ("overwrite:path": "/v2$request.path");
 * a constant header appended to an HTTP backend's request is its headers'
 * entry, as a build writes that. */
void aw_import_v2_mappings(aw_import *im, aw_doc *node, const aw_doc *params)
{
    static const char header[] = "append:header.";
    const aw_doc *type = aw_itree_get(node, "type");
    bool http = type && (strcmp(type->as.string.chars, "http") == 0 || strcmp(type->as.string.chars, "private") == 0);
    aw_doc *map = aw_itree_object(im, &params->loc), *headers = aw_itree_object(im, &params->loc);
    for (size_t i = 0; params->kind == AW_DOC_OBJECT && i < params->as.object.count; i++) {
        const aw_doc_member *m = &params->as.object.members[i];
        const char *text = aw_import_ref_text(im, m->value, m->key);
        bool constant = http && text && !strchr(text, '$') && strncmp(m->key, header, sizeof header - 1) == 0;
        if (text)
            aw_itree_set(im, constant ? headers : map, constant ? m->key + sizeof header - 1 : m->key,
                         aw_itree_string(im, text, &m->value->loc));
    }
    if (map->as.object.count)
        aw_itree_set(im, node, "parameterMappings", map);
    if (headers->as.object.count)
        aw_itree_set(im, node, "headers", headers);
}

void aw_tpl_v2_integration(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "ApiId", "integration");
    const aw_doc *api_type = api ? aw_itree_get(aw_strset_find(&im->ids, api), "type") : NULL;
    S_integration_kind(im, node, props);
    aw_import_props(im, node, props, S_integration_rows, logical_id);
    aw_tpl_v2_request_template(im, node, props, logical_id);
    const aw_doc *tmpl = aw_itree_get(node, "requestTemplate");
    const aw_doc *params = aw_import_get(props, "RequestParameters");
    const aw_doc *type = aw_itree_get(node, "type");
    bool query = type && strcmp(type->as.string.chars, "aws") == 0 &&
                 aw_import_is_sqs_query(aw_import_get(props, "IntegrationUri"));
    if (query) {
        aw_itree_remove(node, "requestTemplate");
        aw_import_sqs_query(im, node, aw_import_get(props, "IntegrationUri"), params,
                            tmpl ? tmpl->as.string.chars : NULL, tmpl ? &tmpl->loc : NULL);
    } else if (tmpl) {
        aw_import_table_target(im, node, tmpl->as.string.chars, &tmpl->loc);
    }
    if (query && aw_import_sqs_derived_params(params))
        params = NULL;      /* the form's Content-Type and the action, which a build writes again */
    if (params && aw_itree_get(node, "service")) {
        aw_import_service_parameters(im, node, params);
    } else if (params && api_type && strcmp(api_type->as.string.chars, "http") == 0) {
        aw_import_v2_mappings(im, node, params);
    } else if (params) {
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &params->loc,
                         "RequestParameters of %s (parameter mappings) have no place in the diagram format; "
                         "they are left out",
                         logical_id);
    }
    aw_import_target_from_refs(im, node);
}

static const aw_iprop S_route_settings_rows[] = {
    {"ThrottlingRateLimit", "rate", aw_iput_int_param, NULL},
    {"ThrottlingBurstLimit", "burst", aw_iput_int_param, NULL},
    {"DetailedMetricsEnabled", NULL, NULL, NULL},
    {"LoggingLevel", NULL, NULL, NULL},
    {"DataTraceEnabled", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_v2_stage_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"StageName", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"AutoDeploy", "autoDeploy", aw_iput_bool, NULL},
    {"DefaultRouteSettings", NULL, NULL, NULL},
    {"RouteSettings", NULL, NULL, NULL},
    {"AccessLogSettings", "accessLog", aw_iput_object, aw_import_access_log_rows},
    {"StageVariables", "variables", aw_iput_map, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {"DeploymentId", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_default_route_settings(aw_import *im, aw_doc *node, const aw_doc *settings, const char *owner)
{
    aw_doc *throttle = aw_itree_object(im, &settings->loc);
    aw_import_props(im, throttle, settings, S_route_settings_rows, owner);
    if (throttle->as.object.count)
        aw_itree_set(im, node, "throttle", throttle);
    const aw_doc *metrics = aw_import_get(settings, "DetailedMetricsEnabled");
    if (metrics)
        aw_iput_bool(im, node, &(aw_iprop){"DetailedMetricsEnabled", "detailedMetrics", NULL, NULL}, metrics);
    const aw_doc *level = aw_import_get(settings, "LoggingLevel");
    if (level)
        aw_iput_lower(im, node, &(aw_iprop){"LoggingLevel", "logLevel", NULL, NULL}, level);
}

/* RouteSettings are keyed by route key; the diagram's route throttles name
 * the route by id, found among the routes already made for this API. */
static const char *S_route_by_key(aw_import *im, const char *api, const char *key)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *n = im->nodes->as.array.items[i];
        const aw_doc *a = aw_itree_get(n, "api"), *m = aw_itree_get(n, "method"), *p = aw_itree_get(n, "path"),
                     *k = aw_itree_get(n, "routeKey");
        if (!a || strcmp(a->as.string.chars, api) != 0)
            continue;
        const char *own = k ? k->as.string.chars
                          : m && p ? aw_arena_printf(im->arena, "%s %s", m->as.string.chars, p->as.string.chars)
                                   : NULL;
        if (own && strcmp(own, key) == 0)
            return aw_itree_id(n);
    }
    return NULL;
}

static void S_route_settings(aw_import *im, aw_doc *node, const char *api, const aw_doc *settings, const char *owner)
{
    aw_doc *list = aw_itree_array(im, &settings->loc);
    for (size_t i = 0; settings->kind == AW_DOC_OBJECT && i < settings->as.object.count; i++) {
        const aw_doc_member *m = &settings->as.object.members[i];
        const char *route = api ? S_route_by_key(im, api, m->key) : NULL;
        if (!route) {
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &m->key_loc,
                             "route settings for '%s' name no route of the stage's API; they are left out", m->key);
            continue;
        }
        aw_doc *item = aw_itree_object(im, &m->key_loc);
        aw_itree_set_string(im, item, "route", route, &m->key_loc);
        aw_import_props(im, item, m->value, S_route_settings_rows, owner);
        aw_itree_push(im, list, item);
    }
    if (list->as.array.count)
        aw_itree_set(im, node, "routeThrottles", list);
}

void aw_tpl_v2_stage(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "ApiId", "stage");
    aw_itree_set_string(im, node, "api", api, &node->loc);
    aw_import_props(im, node, props, S_v2_stage_rows, logical_id);
    const aw_doc *defaults = aw_import_get(props, "DefaultRouteSettings");
    if (defaults)
        S_default_route_settings(im, node, defaults, logical_id);
    const aw_doc *per_route = aw_import_get(props, "RouteSettings");
    if (per_route)
        S_route_settings(im, node, api, per_route, logical_id);
}

static const aw_iprop S_v2_authorizer_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"Name", "name", aw_iput_text, NULL},
    {"AuthorizerType", NULL, NULL, NULL},
    {"AuthorizerUri", NULL, NULL, NULL},
    {"IdentitySource", "identitySources", aw_iput_strings, NULL},
    {"JwtConfiguration", NULL, NULL, NULL},
    {"AuthorizerPayloadFormatVersion", "payloadFormat", aw_iput_text, NULL},
    {"EnableSimpleResponses", "simpleResponses", aw_iput_bool, NULL},
    {"AuthorizerResultTtlInSeconds", "resultTtl", aw_iput_seconds, NULL},
    {"AuthorizerCredentialsArn", "role", aw_iput_credentials, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_authorizer_function(aw_import *im, aw_doc *node, const aw_doc *uri)
{
    const char *alias = NULL;
    const char *fn = uri ? aw_import_function_target(im, uri, &alias) : NULL;
    if (fn)
        aw_itree_set_string(im, node, "function", fn, &uri->loc);
    else if (uri)
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", &uri->loc, "%s",
                         "the authorizer's URI names no function of this template");
}

void aw_tpl_v2_authorizer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *type_doc = aw_import_get(props, "AuthorizerType");
    const char *type = aw_import_text(im, type_doc, "AuthorizerType");
    bool jwt = type && strcmp(type, "JWT") == 0;
    aw_itree_set_string(im, node, "type", jwt ? "jwt" : "lambda", type_doc ? &type_doc->loc : &node->loc);
    if (!jwt) {
        aw_itree_set_string(im, node, "lambdaType", "request", &node->loc);
        aw_tpl_authorizer_function(im, node, aw_import_get(props, "AuthorizerUri"));
    }
    aw_import_props(im, node, aw_import_get(props, "JwtConfiguration"), aw_import_jwt_rows, logical_id);
    aw_import_props(im, node, props, S_v2_authorizer_rows, logical_id);
}

static const aw_iprop S_vpc_link_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"SubnetIds", "subnets", aw_iput_strings, NULL},
    {"SecurityGroupIds", "securityGroups", aw_iput_strings, NULL},
    {"TargetArns", NULL, NULL, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_vpc_link(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    aw_import_props(im, node, props, S_vpc_link_rows, logical_id);
    const aw_doc *targets = aw_import_get(props, "TargetArns");
    aw_doc *list = aw_itree_array(im, targets ? &targets->loc : NULL);
    for (size_t i = 0; targets && targets->kind == AW_DOC_ARRAY && i < targets->as.array.count; i++) {
        const char *lb = aw_import_node_id(im, aw_import_ref(im, targets->as.array.items[i]));
        if (lb)
            aw_itree_push(im, list, aw_itree_string(im, lb, &targets->as.array.items[i]->loc));
        else
            aw_import_text(im, targets->as.array.items[i], "a VPC link target outside this template");
    }
    if (list->as.array.count)
        aw_itree_set(im, node, "targets", list);
}
