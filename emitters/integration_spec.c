/* Works out each kind of integration per API type: Lambda proxy, HTTP
 * proxy, private through a VPC link, mock, and direct AWS service calls
 * (REST "aws" with a URI, HTTP first-class subtypes with parameters). */
#include "integration_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


typedef struct integ_ctx {
    const aw_deploy *d;
    aw_integration_spec *spec;
    const aw_node *route;
    const aw_node *node;
    const aw_integration *in;
    aw_api_type type;
} integ_ctx;

static const char *const S_methods_upper[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

int aw_integration_status_code(const aw_node *integ)
{
    const aw_integration *in = &integ->as.integration;
    if (in->type == AW_INTEG_MOCK && in->status_code != AW_UNSET_INT)
        return (int)in->status_code;
    return 200;
}

static void S_timeout(integ_ctx *c)
{
    if (AW_IS_SET(c->in->timeout_ms))
        c->spec->timeout_ms = (int64_t)c->in->timeout_ms;
}

static void S_http_method(integ_ctx *c)
{
    c->spec->http_method = S_methods_upper[c->in->http_method ? c->in->http_method : AW_METHOD_ANY];
}

/* Adds a request parameter, or empties the one of that key; the spec keeps
 * them in key order. */
static aw_subst *S_param(integ_ctx *c, const char *key)
{
    aw_integration_spec *s = c->spec;
    for (size_t i = 0; i < s->param_count; i++)
        if (strcmp(s->params[i].key, key) == 0) {
            aw_subst_free(&s->params[i].value);     /* the diagram's own mapping wins */
            s->params[i].value = (aw_subst)AW_SUBST_INIT;
            return &s->params[i].value;
        }
    aw_spec_param *grown = realloc(s->params, (s->param_count + 1) * sizeof *grown);
    if (!grown)
        abort();
    s->params = grown;
    size_t at = s->param_count;
    while (at > 0 && strcmp(s->params[at - 1].key, key) > 0)
        at--;
    memmove(&s->params[at + 1], &s->params[at], (s->param_count - at) * sizeof *s->params);
    s->param_count++;
    size_t n = strlen(key) + 1;
    s->params[at].key = malloc(n);
    if (!s->params[at].key)
        abort();
    memcpy(s->params[at].key, key, n);
    s->params[at].value = (aw_subst)AW_SUBST_INIT;
    return &s->params[at].value;
}

static void S_param_text(integ_ctx *c, const char *key, const char *value)
{
    aw_subst_lit(S_param(c, key), value);
}

/* ---- URLs ------------------------------------------------------------------ */

typedef struct url_parts {
    const char *host;           /* after "://", or the start */
    size_t host_len;
    const char *path;           /* first '/' after the host, or "" */
} url_parts;

static url_parts S_split_url(const char *url)
{
    url_parts u;
    const char *p = strstr(url, "://");
    u.host = p ? p + 3 : url;
    const char *slash = strchr(u.host, '/');
    u.path = slash ? slash : "";
    u.host_len = slash ? (size_t)(slash - u.host) : strlen(u.host);
    const char *colon = memchr(u.host, ':', u.host_len);
    if (colon)
        u.host_len = (size_t)(colon - u.host);
    return u;
}

/* Each {name} or {name+} of a path template, without braces or '+' (a
 * ${...} is none). */
static void S_each_template_name(const char *path, void (*fn)(integ_ctx *c, const char *name, size_t len),
                                 integ_ctx *c)
{
    for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end)
            return;
        if (p > path && p[-1] == '$') {
            p = end;    /* a ${...} placeholder or reference, not a path parameter */
            continue;
        }
        size_t n = (size_t)(end - p - 1);
        if (n && p[n] == '+')
            n--;
        fn(c, p + 1, n);
        p = end;
    }
}

/* A REST http_proxy URI's {name} comes from the method's path. */
static void S_rest_path_mapping(integ_ctx *c, const char *name, size_t len)
{
    char key[300], value[300];
    snprintf(key, sizeof key, "integration.request.path.%.*s", (int)len, name);
    snprintf(value, sizeof value, "method.request.path.%.*s", (int)len, name);
    S_param_text(c, key, value);
}

/* HTTP APIs map a URL template's {name} to $request.path.name. */
static void S_http_path_override(aw_strbuf *out, const char *path)
{
    for (const char *p = path; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (end) {
            size_t n = (size_t)(end - p - 1);
            if (n && p[n] == '+')
                n--;
            aw_strbuf_puts(out, "$request.path.");
            aw_strbuf_put(out, p + 1, n);
            p = end;
            continue;
        }
        aw_strbuf_putc(out, *p);
    }
}

bool aw_integration_path_override(const char *url, aw_strbuf *out)
{
    url_parts u = S_split_url(url ? url : "");
    if (!u.path[0])
        return false;
    S_http_path_override(out, u.path);
    return true;
}

/* Request parameters of an HTTP proxy towards a URL: path mappings and
 * the headers the diagram adds. */
static void S_proxy_parameters(integ_ctx *c, const char *url, bool private_http_api)
{
    url_parts u = S_split_url(url ? url : "");
    if (c->type == AW_API_REST && url)
        S_each_template_name(u.path, S_rest_path_mapping, c);
    aw_strbuf path = AW_STRBUF_INIT;
    if (private_http_api && aw_integration_path_override(url, &path))
        S_param_text(c, "overwrite:path", path.data);
    aw_strbuf_free(&path);
    const aw_map *headers = &c->in->headers;
    for (size_t i = 0; i < headers->count; i++) {
        aw_strbuf key = AW_STRBUF_INIT, value = AW_STRBUF_INIT;
        if (c->type == AW_API_HTTP) {
            aw_strbuf_printf(&key, "append:header.%s", headers->items[i].key);
            aw_strbuf_puts(&value, headers->items[i].value);
        } else {
            aw_strbuf_printf(&key, "integration.request.header.%s", headers->items[i].key);
            aw_strbuf_printf(&value, "'%s'", headers->items[i].value);
        }
        S_param_text(c, key.data, value.data);
        aw_strbuf_free(&key);
        aw_strbuf_free(&value);
    }
}

/* ---- one builder per integration kind ---------------------------------------- */

static void S_invoke_credentials(integ_ctx *c)
{
    bool created;
    if (!c->spec->credentials.text.len && aw_deploy_invokes_with_role(c->node, &created))
        aw_deploy_invoke_credentials(c->d, c->node, &c->spec->credentials);
}

/* A custom Lambda integration invokes the function with the event its
 * mapping template makes (the request body when none) and answers through
 * integration responses; API Gateway spells it as an AWS call. */
static void S_lambda_custom(integ_ctx *c)
{
    aw_integration_spec *spec = c->spec;
    spec->type = "aws";
    spec->http_method = "POST";
    aw_deploy_lambda_alias_uri(c->d, c->in->function.node, c->in->alias, &spec->uri);
    S_invoke_credentials(c);
    spec->request_template = c->in->request_template;
    if (c->type == AW_API_REST)
        spec->passthrough = spec->request_template ? "never" : "when_no_match";
    spec->responses = true;
    spec->status = 200;
    S_timeout(c);
}

static void S_lambda(integ_ctx *c)
{
    S_invoke_credentials(c);
    if (c->in->style == AW_LAMBDA_STYLE_CUSTOM && c->type != AW_API_HTTP) {
        S_lambda_custom(c);
        return;
    }
    c->spec->type = "aws_proxy";
    c->spec->http_method = "POST";
    aw_deploy_lambda_alias_uri(c->d, c->in->function.node, c->in->alias, &c->spec->uri);
    if (c->type == AW_API_HTTP)
        c->spec->payload_format = c->in->payload_format == AW_PAYLOAD_1_0 ? "1.0" : "2.0";
    if (c->type == AW_API_REST)
        c->spec->passthrough = "when_no_match";
    S_timeout(c);
}

static void S_http(integ_ctx *c)
{
    c->spec->type = "http_proxy";
    S_http_method(c);
    aw_subst_text(c->d, c->node, &c->spec->uri, c->in->url);
    if (c->type == AW_API_HTTP)
        c->spec->payload_format = "1.0";
    else if (c->type == AW_API_REST)
        c->spec->passthrough = "when_no_match";
    S_proxy_parameters(c, c->in->url, false);
    S_timeout(c);
}

/* A URL the diagram does not give passes the request path on as the
 * caller sent it, as an HTTP API does: the route's path, with a greedy
 * {proxy+} as {proxy}. WebSocket routes have no path. */
static void S_route_path_template(integ_ctx *c, aw_strbuf *uri)
{
    const char *path = c->type == AW_API_REST ? c->route->as.route.path : NULL;
    for (const char *p = path ? path : ""; *p; p++)
        if (!(*p == '+' && p[1] == '}'))
            aw_strbuf_putc(uri, *p);
}

static void S_private(integ_ctx *c)
{
    const aw_node *link = c->in->vpc_link.node, *lb = c->in->listener.node;
    const char *link_stem = aw_logical_id(&c->d->ids, link);
    const char *lb_stem = aw_logical_id(&c->d->ids, lb);
    aw_integration_spec *spec = c->spec;
    char name[300];
    spec->type = "http_proxy";
    spec->vpc_link = true;
    if (link->as.vpc_link.existing && link->as.vpc_link.arn) {
        aw_subst_lit(&spec->connection_id, link->as.vpc_link.arn);
    } else if (link->as.vpc_link.existing) {
        snprintf(name, sizeof name, "%sVpcLinkId", link_stem);
        aw_deploy_parameter(c->d, &spec->connection_id, link, name, NULL, "id of the existing VPC link '%s'", link->id);
    } else {
        aw_subst_ref_of(&spec->connection_id, link_stem, "VpcLink");
    }
    S_http_method(c);
    /* HTTP APIs address the listener by ARN and rewrite the path; REST and
     * WebSocket APIs call the Network Load Balancer's URL. */
    if (c->type == AW_API_HTTP) {
        snprintf(name, sizeof name, "%sListenerArn", lb_stem);
        aw_deploy_parameter(c->d, &spec->uri, lb, name, NULL,
                            "ARN of the listener of load balancer '%s' that the VPC link reaches", lb->id);
        spec->payload_format = "1.0";
        url_parts u = S_split_url(c->in->url ? c->in->url : "");
        if (c->in->url && strncmp(c->in->url, "https://", 8) == 0 && u.host_len)
            snprintf(spec->tls_server_name, sizeof spec->tls_server_name, "%.*s", (int)u.host_len, u.host);
    } else {
        if (c->in->url) {
            aw_subst_text(c->d, c->node, &spec->uri, c->in->url);
        } else {
            int64_t port = c->in->listener_port != AW_UNSET_INT ? c->in->listener_port : 80;
            aw_subst_lit(&spec->uri, "http://");
            snprintf(name, sizeof name, "%sDnsName", lb_stem);
            aw_deploy_parameter(c->d, &spec->uri, lb, name, NULL, "DNS name of the Network Load Balancer '%s'", lb->id);
            aw_strbuf_printf(&spec->uri.text, ":%lld", (long long)port);
            S_route_path_template(c, &spec->uri.text);
        }
        if (c->type == AW_API_REST)
            spec->passthrough = "when_no_match";
    }
    if (c->type == AW_API_REST && !c->in->url && c->route->as.route.path)
        S_each_template_name(c->route->as.route.path, S_rest_path_mapping, c);
    S_proxy_parameters(c, c->in->url, c->type == AW_API_HTTP);
    S_timeout(c);
}

static void S_mock(integ_ctx *c)
{
    aw_integration_spec *spec = c->spec;
    spec->type = "mock";
    spec->status = aw_integration_status_code(c->node);
    snprintf(spec->mock_template, sizeof spec->mock_template, "{\"statusCode\": %d}", spec->status);
    spec->request_template = c->in->request_template ? c->in->request_template : spec->mock_template;
    spec->responses = true;
    spec->response_body = c->in->body;
    if (c->type == AW_API_REST)
        spec->passthrough = "when_no_match";
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
        aw_deploy_queue_url(target, s);
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
        aw_subst_arn(s, "states", true);
        aw_subst_lit(s, "stateMachine:");
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
    char *save = NULL;
    for (char *name = strtok_r(names, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
        if (S_map_has(&c->in->request_parameters, name))
            continue;
        bool targetable = sa->from_target && strcmp(sa->from_target, name) == 0;
        aw_subst probe = AW_SUBST_INIT;
        bool derived = targetable && S_parameter_from_target(c, name, &probe);
        aw_subst_free(&probe);
        if (!derived) {
            aw_deploy_report(c->d, c->node, NULL, "%s needs the request parameter %s: add it to 'requestParameters'%s",
                             sa->subtype, name, targetable ? " or give a matching 'target'" : "");
            complete = false;
        }
    }
    return complete;
}

/* The queue of an SQS call as the query API's path names it:
 * "ACCOUNT/NAME", from the target's ARN when it gives one. */
static void S_queue_path(const aw_node *queue, aw_subst *uri)
{
    const aw_datastore *ds = &queue->as.datastore;
    const char *arn = ds->arn, *parts[6] = {0};
    size_t n = 0;
    for (const char *p = arn; p && n < 6; p = strchr(p, ':'), p = p ? p + 1 : NULL)
        parts[n++] = p;
    if (n == 6 && parts[5][0] && parts[4] + 1 < parts[5]) {
        aw_strbuf_put(&uri->text, parts[4], (size_t)(parts[5] - parts[4]) - 1);
        aw_subst_lit(uri, "/");
        aw_subst_lit(uri, parts[5]);
        return;
    }
    aw_subst_ref(uri, "AWS::AccountId");
    aw_subst_lit(uri, "/");
    aw_subst_lit(uri, ds->resource_name ? ds->resource_name : queue->id);
}

static bool S_is_sqs(const integ_ctx *c)
{
    return c->in->type == AW_INTEG_AWS && c->in->service && strcasecmp(c->in->service, "sqs") == 0;
}

/* Whether an SQS call outside HTTP APIs names its queue; reports if not. */
static bool S_sqs_has_queue(integ_ctx *c)
{
    const aw_node *queue = c->in->target.node;
    if (queue && queue->kind == AW_KIND_DATASTORE && queue->as.datastore.engine == AW_STORE_SQS)
        return true;
    aw_deploy_report(c->d, c->node, NULL, "an SQS call names its queue in the request path: give integration '%s' "
                                          "a 'target' SQS queue", c->node->id);
    return false;
}

/* SQS speaks a query protocol: the queue is the request's path and the
 * body is form-encoded, so "action/SendMessage" alone reaches no queue.
 * REST and WebSocket integrations call the queue's path with the action in
 * the body (the diagram's template, else the request body as the message). */
static void S_sqs_query(integ_ctx *c)
{
    aw_integration_spec *spec = c->spec;
    aw_subst_arn(&spec->uri, "apigateway", false);
    aw_subst_lit(&spec->uri, "sqs:path/");
    S_queue_path(c->in->target.node, &spec->uri);
    S_param_text(c, "integration.request.header.Content-Type", "'application/x-www-form-urlencoded'");
    if (!c->in->request_template) {
        aw_strbuf_printf(&spec->default_template, "Action=%s&MessageBody=$util.urlEncode($input.body)", c->in->action);
        spec->request_template = spec->default_template.data;
    }
}

/* The HTTP method a call by path takes: the integration's own, else the
 * one its action implies (S3's object actions), else POST. */
static const char *S_path_method(integ_ctx *c)
{
    static const struct { const char *action, *method; } implied[] = {
        {"GetObject", "GET"}, {"PutObject", "PUT"}, {"DeleteObject", "DELETE"}, {"HeadObject", "HEAD"},
    };
    if (c->in->http_method && c->in->http_method != AW_METHOD_ANY)
        return S_methods_upper[c->in->http_method];
    for (size_t i = 0; i < sizeof implied / sizeof implied[0]; i++)
        if (c->in->action && strcasecmp(c->in->action, implied[i].action) == 0)
            return implied[i].method;
    return "POST";
}

/* A call by path: the service's path after "path/", whose {name}s come from
 * the method's path parameters of the same name (REST). */
static void S_aws_path(integ_ctx *c)
{
    aw_integration_spec *spec = c->spec;
    spec->http_method = S_path_method(c);
    aw_subst_arn(&spec->uri, "apigateway", false);
    aw_subst_lit(&spec->uri, c->in->service);
    aw_subst_lit(&spec->uri, ":path/");
    aw_subst_text(c->d, c->node, &spec->uri, c->in->path[0] == '/' ? c->in->path + 1 : c->in->path);
    if (c->type == AW_API_REST)
        S_each_template_name(c->in->path, S_rest_path_mapping, c);
}

static void S_aws(integ_ctx *c)
{
    aw_integration_spec *spec = c->spec;
    if (c->in->role)
        aw_subst_text(c->d, c->node, &spec->credentials, c->in->role);
    else
        aw_subst_ref_of(&spec->credentials, aw_logical_id(&c->d->ids, c->node), "CredentialsRole.Arn");
    S_timeout(c);
    if (c->type == AW_API_HTTP) {
        const aw_service_action *sa = aw_service_action_find(c->in->service, c->in->action);
        spec->type = "aws_proxy";
        spec->subtype = sa->subtype;
        spec->payload_format = "1.0";
        for (size_t i = 0; i < c->in->request_parameters.count; i++) {
            const aw_pair *pair = &c->in->request_parameters.items[i];
            aw_subst_text(c->d, c->node, S_param(c, pair->key), pair->value);
        }
        if (sa->from_target && !S_map_has(&c->in->request_parameters, sa->from_target))
            S_parameter_from_target(c, sa->from_target, S_param(c, sa->from_target));
        return;
    }
    spec->type = "aws";
    spec->http_method = "POST";
    spec->request_template = c->in->request_template;
    aw_subst *uri = &spec->uri;
    if (c->in->path) {
        S_aws_path(c);
    } else if (S_is_sqs(c)) {
        S_sqs_query(c);
    } else {
        aw_subst_arn(uri, "apigateway", false);
        aw_subst_lit(uri, c->in->service);
        aw_subst_lit(uri, ":action/");
        aw_subst_lit(uri, c->in->action);
    }
    if (c->type == AW_API_REST)
        spec->passthrough = spec->request_template ? "never" : "when_no_match";
    spec->responses = true;
    spec->status = 200;
    /* The default response catches every status the service answers; a
     * service's error would otherwise reach the caller as a 200. */
    spec->error_classes = c->type == AW_API_REST;
}

/* Whether the API type can express the integration; reports why not. */
static bool S_expressible(integ_ctx *c)
{
    const aw_node *store;
    if (c->in->type == AW_INTEG_AWS && !c->in->role && !aw_deploy_integration_role(c->node, &store)) {
        aw_deploy_report(c->d, c->node, NULL, "integration '%s' has no 'role', and the template can create one only "
                         "for a 'target' data store of service %s (or EventBridge's default bus): give either",
                         c->node->id, c->in->service);
        return false;
    }
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
    if (S_is_sqs(c) && !c->in->path)
        return S_sqs_has_queue(c);
    if (c->in->type == AW_INTEG_AWS && !c->in->path && c->in->service && strcasecmp(c->in->service, "s3") == 0) {
        aw_deploy_report(c->d, c->node, NULL, "Amazon S3 is called by path, not by action: give integration '%s' a "
                         "'path' such as BUCKET/{key}", c->node->id);
        return false;
    }
    return true;
}

/* The diagram's parameter mappings, spelt as API Gateway spells them
 * (checked by the resolver), and the request body's conversion. An HTTP
 * API's AWS call takes its parameters from requestParameters instead. */
static void S_mappings(integ_ctx *c)
{
    static const char *const handlings[] = {NULL, "CONVERT_TO_TEXT", "CONVERT_TO_BINARY"};
    if (!(c->type == AW_API_HTTP && c->in->type == AW_INTEG_AWS))
        for (size_t i = 0; i < c->in->parameter_mappings.count; i++) {
            const aw_pair *pair = &c->in->parameter_mappings.items[i];
            aw_subst_text(c->d, c->node, S_param(c, pair->key), pair->value);
        }
    c->spec->content_handling = handlings[c->in->content_handling];
}

static void (*const S_builders[])(integ_ctx *c) = {
    [AW_INTEG_LAMBDA] = S_lambda,
    [AW_INTEG_HTTP] = S_http,
    [AW_INTEG_PRIVATE] = S_private,
    [AW_INTEG_MOCK] = S_mock,
    [AW_INTEG_AWS] = S_aws,
};

bool aw_integration_spec_build(const aw_deploy *d, const aw_node *route, const aw_node *integ, aw_api_type type,
                               aw_integration_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    integ_ctx c = {d, spec, route, integ, &integ->as.integration, type};
    if (!S_expressible(&c))
        return false;
    S_builders[c.in->type](&c);
    S_mappings(&c);
    if (spec->request_template && strstr(spec->request_template, "${ref:"))
        aw_subst_text(d, integ, &spec->request_template_refs, spec->request_template);
    return true;
}

void aw_integration_spec_free(aw_integration_spec *spec)
{
    aw_subst_free(&spec->uri);
    aw_subst_free(&spec->credentials);
    aw_subst_free(&spec->connection_id);
    aw_subst_free(&spec->request_template_refs);
    aw_strbuf_free(&spec->default_template);
    for (size_t i = 0; i < spec->param_count; i++) {
        free(spec->params[i].key);
        aw_subst_free(&spec->params[i].value);
    }
    free(spec->params);
    memset(spec, 0, sizeof *spec);
}
