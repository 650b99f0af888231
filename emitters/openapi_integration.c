/* x-amazon-apigateway-integration for each kind of integration and API
 * type: Lambda proxy, HTTP proxy, private through a VPC link, mock, and
 * direct AWS service calls (REST "aws" with a URI, HTTP first-class
 * subtypes with parameters). */
#include "openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sorted_map.h"

typedef struct integ_ctx {
    const aw_deploy *d;
    aw_jw *w;
    const aw_node *route;
    const aw_node *node;
    const aw_integration *in;
    aw_api_type type;
} integ_ctx;

static const char *const S_methods_upper[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

int aw_openapi_status_code(const aw_node *integ)
{
    const aw_integration *in = &integ->as.integration;
    if (in->type == AW_INTEG_MOCK && in->status_code != AW_UNSET_INT)
        return (int)in->status_code;
    return 200;
}

static void S_timeout(integ_ctx *c)
{
    if (AW_IS_SET(c->in->timeout_ms))
        aw_jw_member_int(c->w, "timeoutInMillis", (int64_t)c->in->timeout_ms);
}

static void S_http_method(integ_ctx *c)
{
    aw_method m = c->in->http_method ? c->in->http_method : AW_METHOD_ANY;
    aw_jw_member_string(c->w, "httpMethod", S_methods_upper[m]);
}

/* ---- URLs ------------------------------------------------------------------ */

typedef struct url_parts {
    const char *scheme_end;     /* after "://", or the start */
    const char *path;           /* first '/' after the host, or "" */
    size_t host_len;
} url_parts;

static url_parts S_split_url(const char *url)
{
    url_parts u;
    const char *p = strstr(url, "://");
    u.scheme_end = p ? p + 3 : url;
    const char *slash = strchr(u.scheme_end, '/');
    u.path = slash ? slash : "";
    u.host_len = slash ? (size_t)(slash - u.scheme_end) : strlen(u.scheme_end);
    return u;
}

/* A REST http_proxy URI's {name} parameters come from the method's path. */
static void S_rest_path_mapping(void *ctx, const char *name, size_t len)
{
    aw_jw *w = ctx;
    char key[300], value[300];
    int n = (int)len;
    if (len && name[len - 1] == '+')
        n--;
    snprintf(key, sizeof key, "integration.request.path.%.*s", n, name);
    snprintf(value, sizeof value, "method.request.path.%.*s", n, name);
    aw_jw_member_string(w, key, value);
}

/* HTTP APIs map a URL template's {name} to $request.path.name. */
static void S_http_path_override(aw_strbuf *out, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            if (end) {
                size_t n = (size_t)(end - p - 1);
                if (n && p[n] == '+')
                    n--;
                aw_strbuf_puts(out, "$request.path.");
                aw_strbuf_put(out, p + 1, n);
                p = end;
                continue;
            }
        }
        aw_strbuf_putc(out, *p);
    }
}

/* Request parameters of an HTTP proxy towards a URL: path mappings and
 * the headers the diagram adds. */
static void S_proxy_parameters(integ_ctx *c, const char *url, bool private_http_api)
{
    const aw_map *headers = &c->in->headers;
    url_parts u = S_split_url(url ? url : "");
    bool rest_path_params = c->type == AW_API_REST && url && strchr(u.path, '{');
    bool override_path = private_http_api && u.path[0];
    if (!headers->count && !rest_path_params && !override_path)
        return;
    aw_jw_key(c->w, "requestParameters");
    aw_jw_object(c->w);
    if (rest_path_params)
        aw_openapi_each_path_param(u.path, S_rest_path_mapping, c->w);
    if (override_path) {
        aw_strbuf path = AW_STRBUF_INIT;
        S_http_path_override(&path, u.path);
        aw_jw_member_string(c->w, "overwrite:path", path.data);
        aw_strbuf_free(&path);
    }
    aw_pair *sorted = aw_map_sorted(headers);
    for (size_t i = 0; i < headers->count; i++) {
        aw_strbuf key = AW_STRBUF_INIT, value = AW_STRBUF_INIT;
        if (c->type == AW_API_REST) {
            aw_strbuf_printf(&key, "integration.request.header.%s", sorted[i].key);
            aw_strbuf_printf(&value, "'%s'", sorted[i].value);
        } else {
            aw_strbuf_printf(&key, "append:header.%s", sorted[i].key);
            aw_strbuf_puts(&value, sorted[i].value);
        }
        aw_jw_member_string(c->w, key.data, value.data);
        aw_strbuf_free(&key);
        aw_strbuf_free(&value);
    }
    free(sorted);
    aw_jw_end_object(c->w);
}

/* ---- one writer per integration kind --------------------------------------- */

static void S_lambda(integ_ctx *c)
{
    const aw_node *fn = c->in->function.node;
    aw_jw_member_string(c->w, "type", "aws_proxy");
    aw_jw_member_string(c->w, "httpMethod", "POST");
    aw_subst uri = AW_SUBST_INIT;
    aw_deploy_lambda_invocation_uri(c->d, fn, &uri);
    aw_jw_key(c->w, "uri");
    aw_deploy_write_subst(c->d, c->w, &uri);
    if (c->type == AW_API_HTTP)
        aw_jw_member_string(c->w, "payloadFormatVersion", c->in->payload_format == AW_PAYLOAD_1_0 ? "1.0" : "2.0");
    else
        aw_jw_member_string(c->w, "passthroughBehavior", "when_no_match");
    S_timeout(c);
}

static void S_http(integ_ctx *c)
{
    aw_jw_member_string(c->w, "type", "http_proxy");
    S_http_method(c);
    aw_subst uri = AW_SUBST_INIT;
    aw_subst_lit(&uri, c->in->url);
    aw_jw_key(c->w, "uri");
    aw_deploy_write_subst(c->d, c->w, &uri);
    if (c->type == AW_API_HTTP)
        aw_jw_member_string(c->w, "payloadFormatVersion", "1.0");
    else
        aw_jw_member_string(c->w, "passthroughBehavior", "when_no_match");
    S_proxy_parameters(c, c->in->url, false);
    S_timeout(c);
}

static void S_private(integ_ctx *c)
{
    const aw_node *link = c->in->vpc_link.node, *lb = c->in->listener.node;
    const char *link_stem = aw_logical_id(&c->d->ids, link);
    const char *lb_stem = aw_logical_id(&c->d->ids, lb);
    aw_jw_member_string(c->w, "type", "http_proxy");
    aw_jw_member_string(c->w, "connectionType", "VPC_LINK");
    aw_subst s = AW_SUBST_INIT;
    if (link->as.vpc_link.existing && link->as.vpc_link.arn)
        aw_subst_lit(&s, link->as.vpc_link.arn);
    else if (link->as.vpc_link.existing)
        aw_subst_reff(&s, "%sVpcLinkId", link_stem);
    else
        aw_subst_reff(&s, "%sVpcLink", link_stem);
    aw_jw_key(c->w, "connectionId");
    aw_deploy_write_subst(c->d, c->w, &s);
    S_http_method(c);
    /* HTTP APIs address the listener by ARN and rewrite the path; REST
     * APIs call the Network Load Balancer's URL. */
    if (c->type == AW_API_HTTP) {
        aw_subst_reff(&s, "%sListenerArn", lb_stem);
        aw_jw_key(c->w, "uri");
        aw_deploy_write_subst(c->d, c->w, &s);
        aw_jw_member_string(c->w, "payloadFormatVersion", "1.0");
        url_parts u = S_split_url(c->in->url ? c->in->url : "");
        if (c->in->url && strncmp(c->in->url, "https://", 8) == 0 && u.host_len) {
            aw_jw_key(c->w, "tlsConfig");
            aw_jw_object(c->w);
            char host[512];
            snprintf(host, sizeof host, "%.*s", (int)u.host_len, u.scheme_end);
            char *colon = strchr(host, ':');
            if (colon)
                *colon = '\0';
            aw_jw_member_string(c->w, "serverNameToVerify", host);
            aw_jw_end_object(c->w);
        }
    } else {
        if (c->in->url) {
            aw_subst_lit(&s, c->in->url);
        } else {
            int64_t port = c->in->listener_port != AW_UNSET_INT ? c->in->listener_port : 80;
            aw_subst_lit(&s, "http://");
            aw_subst_reff(&s, "%sDnsName", lb_stem);
            aw_strbuf_printf(&s.text, ":%lld", (long long)port);
        }
        aw_jw_key(c->w, "uri");
        aw_deploy_write_subst(c->d, c->w, &s);
        aw_jw_member_string(c->w, "passthroughBehavior", "when_no_match");
    }
    S_proxy_parameters(c, c->in->url, c->type == AW_API_HTTP);
    S_timeout(c);
}

static void S_mock(integ_ctx *c)
{
    int status = aw_openapi_status_code(c->node);
    aw_jw_member_string(c->w, "type", "mock");
    aw_jw_key(c->w, "requestTemplates");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "application/json");
    if (c->in->request_template)
        aw_jw_string(c->w, c->in->request_template);
    else
        aw_jw_stringf(c->w, "{\"statusCode\": %d}", status);
    aw_jw_end_object(c->w);
    aw_jw_member_string(c->w, "passthroughBehavior", "when_no_match");
    aw_jw_key(c->w, "responses");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "default");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "statusCode");
    aw_jw_stringf(c->w, "%d", status);
    if (c->in->body) {
        aw_jw_key(c->w, "responseTemplates");
        aw_jw_object(c->w);
        aw_jw_member_string(c->w, "application/json", c->in->body);
        aw_jw_end_object(c->w);
    }
    aw_jw_end_object(c->w);
    aw_jw_end_object(c->w);
}

static void S_role(integ_ctx *c)
{
    aw_subst s = AW_SUBST_INIT;
    aw_subst_lit(&s, c->in->role);
    aw_jw_key(c->w, "credentials");
    aw_deploy_write_subst(c->d, c->w, &s);
}

/* A parameter of a first-class HTTP API integration that the target data
 * store supplies: its queue URL, stream name or state machine ARN. */
static bool S_parameter_from_target(integ_ctx *c, const char *name, aw_subst *s)
{
    const aw_node *target = c->in->target.node;
    if (!target)
        return false;
    const aw_datastore *ds = &target->as.datastore;
    const char *res = ds->resource_name ? ds->resource_name : target->id;
    if (strcmp(name, "QueueUrl") == 0 && ds->engine == AW_STORE_SQS) {
        aw_subst_lit(s, "https://sqs.");
        aw_subst_ref(s, "AWS::Region");
        aw_subst_lit(s, ".");
        aw_subst_ref(s, "AWS::URLSuffix");
        aw_subst_lit(s, "/");
        aw_subst_ref(s, "AWS::AccountId");
        aw_subst_lit(s, "/");
        aw_subst_lit(s, res);
        return true;
    }
    if (strcmp(name, "StreamName") == 0 && ds->engine == AW_STORE_KINESIS) {
        aw_subst_lit(s, res);
        return true;
    }
    if (strcmp(name, "StateMachineArn") == 0 && ds->engine == AW_STORE_STEPFUNCTIONS) {
        if (ds->arn) {
            aw_subst_lit(s, ds->arn);
            return true;
        }
        aw_subst_lit(s, "arn:");
        aw_subst_ref(s, "AWS::Partition");
        aw_subst_lit(s, ":states:");
        aw_subst_ref(s, "AWS::Region");
        aw_subst_lit(s, ":");
        aw_subst_ref(s, "AWS::AccountId");
        aw_subst_lit(s, ":stateMachine:");
        aw_subst_lit(s, res);
        return true;
    }
    return false;
}

static bool S_map_has(const aw_map *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->items[i].key, key) == 0)
            return true;
    return false;
}

/* Whether every parameter the subtype requires is given or derivable;
 * reports each one missing. */
static bool S_service_parameters_complete(integ_ctx *c, const aw_service_action *sa)
{
    bool complete = true;
    char names[256];
    snprintf(names, sizeof names, "%s", sa->required);
    for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
        if (S_map_has(&c->in->request_parameters, name))
            continue;
        aw_subst probe = AW_SUBST_INIT;
        bool derived = sa->from_target && strcmp(sa->from_target, name) == 0 && S_parameter_from_target(c, name, &probe);
        aw_subst_free(&probe);
        if (!derived) {
            aw_deploy_report(c->d, c->node, NULL,
                             "%s needs the request parameter %s: add it to 'requestParameters'%s", sa->subtype, name,
                             sa->from_target && strcmp(sa->from_target, name) == 0 ? " or give a matching 'target'" : "");
            complete = false;
        }
    }
    return complete;
}

static void S_service_parameters(integ_ctx *c, const aw_service_action *sa)
{
    aw_jw_key(c->w, "requestParameters");
    aw_jw_object(c->w);
    bool derived_written = false;
    aw_pair *sorted = aw_map_sorted(&c->in->request_parameters);
    for (size_t i = 0; i <= c->in->request_parameters.count; i++) {
        const char *key = i < c->in->request_parameters.count ? sorted[i].key : NULL;
        /* The derived parameter takes its place in key order. */
        if (!derived_written && sa->from_target && !S_map_has(&c->in->request_parameters, sa->from_target) &&
            (!key || strcmp(sa->from_target, key) < 0)) {
            aw_subst s = AW_SUBST_INIT;
            if (S_parameter_from_target(c, sa->from_target, &s)) {
                aw_jw_key(c->w, sa->from_target);
                aw_deploy_write_subst(c->d, c->w, &s);
            }
            aw_subst_free(&s);
            derived_written = true;
        }
        if (!key)
            break;
        aw_subst s = AW_SUBST_INIT;
        aw_subst_lit(&s, sorted[i].value);
        aw_jw_key(c->w, key);
        aw_deploy_write_subst(c->d, c->w, &s);
    }
    free(sorted);
    aw_jw_end_object(c->w);
}

static void S_aws(integ_ctx *c)
{
    if (c->type == AW_API_HTTP) {
        const aw_service_action *sa = aw_service_action_find(c->in->service, c->in->action);
        aw_jw_member_string(c->w, "type", "aws_proxy");
        aw_jw_member_string(c->w, "integrationSubtype", sa->subtype);
        S_role(c);
        S_service_parameters(c, sa);
        aw_jw_member_string(c->w, "payloadFormatVersion", "1.0");
        S_timeout(c);
        return;
    }
    aw_jw_member_string(c->w, "type", "aws");
    aw_jw_member_string(c->w, "httpMethod", "POST");
    aw_subst uri = AW_SUBST_INIT;
    aw_subst_lit(&uri, "arn:");
    aw_subst_ref(&uri, "AWS::Partition");
    aw_subst_lit(&uri, ":apigateway:");
    aw_subst_ref(&uri, "AWS::Region");
    aw_subst_lit(&uri, ":");
    aw_subst_lit(&uri, c->in->service);
    aw_subst_lit(&uri, ":action/");
    aw_subst_lit(&uri, c->in->action);
    aw_jw_key(c->w, "uri");
    aw_deploy_write_subst(c->d, c->w, &uri);
    S_role(c);
    if (c->in->request_template) {
        aw_jw_key(c->w, "requestTemplates");
        aw_jw_object(c->w);
        aw_jw_member_string(c->w, "application/json", c->in->request_template);
        aw_jw_end_object(c->w);
    }
    aw_jw_member_string(c->w, "passthroughBehavior", c->in->request_template ? "never" : "when_no_match");
    S_timeout(c);
    aw_jw_key(c->w, "responses");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "default");
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "statusCode", "200");
    aw_jw_end_object(c->w);
    aw_jw_end_object(c->w);
}

/* Whether the API type can express the integration; reports why not. */
static bool S_expressible(integ_ctx *c)
{
    if (c->in->type == AW_INTEG_MOCK && c->type == AW_API_HTTP) {
        aw_deploy_report(c->d, c->node, NULL, "HTTP APIs have no mock integrations; route '%s' gets no integration",
                         c->route->id);
        return false;
    }
    if (c->in->type == AW_INTEG_AWS && c->type == AW_API_HTTP) {
        const aw_service_action *sa = aw_service_action_find(c->in->service, c->in->action);
        if (!sa) {
            aw_deploy_report(c->d, c->node, NULL,
                             "HTTP APIs call AWS services only through first-class integrations (SQS, EventBridge, "
                             "Kinesis, Step Functions, AppConfig); %s %s is not one, so route '%s' gets no integration",
                             c->in->service, c->in->action, c->route->id);
            return false;
        }
        return S_service_parameters_complete(c, sa);
    }
    return true;
}

static void (*const S_writers[])(integ_ctx *c) = {
    [AW_INTEG_LAMBDA] = S_lambda,
    [AW_INTEG_HTTP] = S_http,
    [AW_INTEG_PRIVATE] = S_private,
    [AW_INTEG_MOCK] = S_mock,
    [AW_INTEG_AWS] = S_aws,
};

bool aw_openapi_write_integration(const aw_deploy *d, aw_jw *w, const aw_node *route, const aw_node *integ)
{
    integ_ctx c = {d, w, route, integ, &integ->as.integration, route->owner_api->as.api.type};
    if (!S_expressible(&c))
        return false;
    aw_jw_key(w, "x-amazon-apigateway-integration");
    aw_jw_object(w);
    S_writers[c.in->type](&c);
    aw_jw_end_object(w);
    return true;
}
