/* Checks of mapping expressions, request parameters and responses, one
 * table of accepted forms per place an expression stands. */
#include "resolve_mappings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/strset.h"

/* The fields of a Lambda integration that only its custom style uses. */
static const char *const S_custom_only[] = {"requestTemplate", "responses"};
#define S_CUSTOM_ONLY (sizeof S_custom_only / sizeof S_custom_only[0])

typedef struct mapctx {
    aw_diags *diags;
    size_t errors;
    /* Looked up by name once per pass, not for each element. */
    const aw_field *custom_only[S_CUSTOM_ONLY];
    const aw_struct_desc *responses, *params;
} mapctx;

static void S_error(mapctx *c, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void S_error(mapctx *c, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *d = aw_diag_vadd(c->diags, AW_SEV_ERROR, "bad-mapping", loc, fmt, ap);
    va_end(ap);
    d->element = node->id;
    c->errors++;
}

/* Forms of an expression: a prefix followed by a name (when it ends in
 * '.'), or a whole word that may also take ".name" (a JSONPath, for bodies). */
typedef struct forms {
    const char *const *prefixes;
    bool quoted_ok;             /* 'static text' */
    const char *spelling;       /* the forms, for messages */
} forms;

static const char *const S_method_sources[] = {
    "method.request.path.", "method.request.querystring.", "method.request.header.",
    "method.request.multivaluequerystring.", "method.request.multivalueheader.", "method.request.body",
    "context.", "stageVariables.", NULL};
static const char *const S_rest_targets[] = {
    "integration.request.path.", "integration.request.querystring.", "integration.request.header.",
    "integration.request.multivaluequerystring.", "integration.request.multivalueheader.", NULL};
static const char *const S_http_targets[] = {
    "append:header.", "overwrite:header.", "remove:header.", "append:querystring.", "overwrite:querystring.",
    "remove:querystring.", "overwrite:path", NULL};
static const char *const S_response_sources[] = {
    "integration.response.header.", "integration.response.multivalueheader.", "integration.response.body",
    "context.", "stageVariables.", NULL};
static const char *const S_gateway_sources[] = {
    "method.request.path.", "method.request.querystring.", "method.request.header.",
    "method.request.multivaluequerystring.", "method.request.multivalueheader.", "stageVariables.", NULL};

static const forms S_rest_source = {S_method_sources, true,
    "method.request.{path|querystring|header}.NAME, method.request.body, context.NAME, stageVariables.NAME or 'text'"};
static const forms S_rest_target = {S_rest_targets, false, "integration.request.{path|querystring|header}.NAME"};
static const forms S_http_target = {S_http_targets, false,
    "{append|overwrite|remove}:{header|querystring}.NAME or overwrite:path"};
static const forms S_response_source = {S_response_sources, true,
    "integration.response.header.NAME, integration.response.body(.JSONPath), context.NAME, stageVariables.NAME "
    "or 'text'"};
static const forms S_gateway_source = {S_gateway_sources, true,
    "method.request.{path|querystring|header}.NAME, stageVariables.NAME or 'text'"};

static bool S_name_char(char ch)
{
    return ch > ' ' && ch < 0x7f && !strchr("'\"(),;{}", ch);
}

static bool S_name_ok(const char *p)
{
    if (!*p)
        return false;
    for (; *p; p++)
        if (!S_name_char(*p))
            return false;
    return true;
}

static bool S_matches(const forms *f, const char *text)
{
    size_t n = strlen(text);
    if (f->quoted_ok && n >= 2 && text[0] == '\'' && text[n - 1] == '\'')
        return true;
    for (const char *const *p = f->prefixes; *p; p++) {
        size_t k = strlen(*p);
        if (strncmp(text, *p, k) != 0)
            continue;
        if ((*p)[k - 1] == '.')
            return S_name_ok(text + k);
        return text[k] == '\0' || (text[k] == '.' && S_name_ok(text + k + 1));
    }
    return false;
}

/* The name after "method.request.path.", when the expression has one. */
static const char *S_method_path_name(const char *text)
{
    static const char prefix[] = "method.request.path.";
    return strncmp(text, prefix, sizeof prefix - 1) == 0 ? text + sizeof prefix - 1 : NULL;
}

static bool S_path_has(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = path ? strchr(path, '{') : NULL; p; p = strchr(p + 1, '{'))
        if (strncmp(p + 1, name, n) == 0 && (p[n + 1] == '}' || (p[n + 1] == '+' && p[n + 2] == '}')))
            return true;
    return false;
}

/* A REST route's integration may map only path parameters its path has. */
static void S_check_path_sources(mapctx *c, const aw_node *route)
{
    const aw_node *integ = route->as.route.integration.node;
    if (!integ || !route->owner_api || route->owner_api->as.api.type != AW_API_REST)
        return;
    const aw_map *map = &integ->as.integration.parameter_mappings;
    for (size_t i = 0; i < map->count; i++) {
        const char *name = S_method_path_name(map->items[i].value);
        if (name && !S_path_has(route->as.route.path, name))
            S_error(c, integ, &map->items[i].loc, "integration '%s' maps path parameter '%s', which the path %s of "
                    "route '%s' does not have", integ->id, name,
                    route->as.route.path ? route->as.route.path : "(none)", route->id);
    }
}

static void S_check_map(mapctx *c, const aw_node *node, const aw_map *map, const char *what, const forms *keys,
                        const forms *values)
{
    for (size_t i = 0; i < map->count; i++) {
        const aw_pair *p = &map->items[i];
        if (keys && !S_matches(keys, p->key))
            S_error(c, node, &p->loc, "%s of '%s' maps '%s'; give %s", what, node->id, p->key, keys->spelling);
        else if (!keys && !S_name_ok(p->key))
            S_error(c, node, &p->loc, "%s of '%s' names header '%s', which is no header name", what, node->id,
                    p->key);
        if (values && !S_matches(values, p->value))
            S_error(c, node, &p->loc, "%s of '%s' maps '%s' from \"%s\"; give %s", what, node->id, p->key,
                    p->value, values->spelling);
    }
}

static void S_check_content_types(mapctx *c, const aw_node *node, const aw_map *templates, const char *what)
{
    for (size_t i = 0; i < templates->count; i++) {
        const char *slash = strchr(templates->items[i].key, '/');
        if (!slash || slash == templates->items[i].key || !slash[1])
            S_error(c, node, &templates->items[i].loc, "%s of '%s' keys a template by '%s', which is no content "
                    "type such as application/json", what, node->id, templates->items[i].key);
    }
}

static const aw_struct_desc *S_sub(aw_kind kind, const char *field)
{
    return aw_struct_field(aw_kind_descs[kind].desc, field)->sub;
}

/* A Lambda proxy integration passes the request and the function's answer
 * through: templates and responses are for custom ones only. */
static void S_check_lambda_style(mapctx *c, const aw_node *node)
{
    const aw_integration *in = &node->as.integration;
    if (in->type != AW_INTEG_LAMBDA || in->style == AW_LAMBDA_STYLE_CUSTOM)
        return;
    for (size_t i = 0; i < S_CUSTOM_ONLY; i++) {
        if (!aw_field_is_set(c->custom_only[i], &node->as.integration))
            continue;
        const char *name = S_custom_only[i];
        aw_diag *d = aw_diag_add(c->diags, AW_SEV_WARNING, "unused-field", aw_node_field_loc(node, name),
                                 "'%s' does not apply to a Lambda proxy integration and is ignored; give integration "
                                 "'%s' \"style\": \"custom\" to map the event and the answer", name, node->id);
        d->element = node->id;
    }
}

static void S_check_integration(mapctx *c, const aw_node *node)
{
    const aw_integration *in = &node->as.integration;
    S_check_lambda_style(c, node);
    aw_api_type t = node->owner_api ? node->owner_api->as.api.type : AW_API_UNSET;
    if (in->parameter_mappings.count && t == AW_API_HTTP && in->type == AW_INTEG_AWS)
        S_error(c, node, aw_node_field_loc(node, "parameterMappings"), "integration '%s' calls an AWS service from "
                "an HTTP API, whose parameters are its 'requestParameters'", node->id);
    else if (t == AW_API_HTTP)
        S_check_map(c, node, &in->parameter_mappings, "parameterMappings", &S_http_target, NULL);
    else if (t == AW_API_REST)
        S_check_map(c, node, &in->parameter_mappings, "parameterMappings", &S_rest_target, &S_rest_source);
    const aw_struct_desc *rd = c->responses;
    aw_strset patterns;
    aw_strset_init(&patterns);
    for (size_t i = 0; i < in->response_count; i++) {
        const aw_integration_response *r = &in->responses[i];
        const char *key = r->pattern ? r->pattern : "";
        if (r->pattern && (!*r->pattern || strcmp(r->pattern, "default") == 0))
            S_error(c, node, aw_struct_field_loc(rd, r, "pattern"), "integration '%s' has a response with pattern "
                    "\"%s\"; leave 'pattern' out for the default response", node->id, r->pattern);
        if (!aw_strset_insert(&patterns, key, NULL, NULL))
            S_error(c, node, aw_struct_field_loc(rd, r, r->pattern ? "pattern" : "statusCode"),
                    "integration '%s' has two responses with %s%s%s", node->id, r->pattern ? "pattern '" : "no pattern",
                    r->pattern ? r->pattern : "", r->pattern ? "'" : " (two default responses)");
        S_check_map(c, node, &r->headers, "a response header", NULL, &S_response_source);
        S_check_content_types(c, node, &r->templates, "a response");
    }
    aw_strset_free(&patterns);
}

static const char *const S_in_words[] = {NULL, "path", "query", "header"};

/* The route's declared request parameters (it has some). */
static void S_check_params(mapctx *c, const aw_node *node)
{
    const aw_route *r = &node->as.route;
    const aw_struct_desc *pd = c->params;
    /* The set keeps the keys' pointers: one buffer each, alive to the end. */
    aw_strset seen;
    aw_strset_init(&seen);
    char (*keys)[320] = calloc(r->parameter_count, sizeof *keys);
    if (!keys)
        abort();
    for (size_t i = 0; i < r->parameter_count; i++) {
        const aw_request_param *p = &r->parameters[i];
        if (!p->in || !p->name)
            continue;   /* reported by the builder */
        const aw_loc *loc = aw_struct_field_loc(pd, p, "name");
        char *key = keys[i];
        snprintf(key, sizeof *keys, "%s %.300s", S_in_words[p->in], p->name);
        if (!S_name_ok(p->name))
            S_error(c, node, loc, "route '%s' declares %s parameter '%s', which is no parameter name", node->id,
                    S_in_words[p->in], p->name);
        else if (!aw_strset_insert(&seen, key, NULL, NULL))
            S_error(c, node, loc, "route '%s' declares %s parameter '%s' twice", node->id, S_in_words[p->in],
                    p->name);
        else if (p->in == AW_PARAM_PATH && !S_path_has(r->path, p->name))
            S_error(c, node, loc, "route '%s' declares path parameter '%s', which its path %s does not have",
                    node->id, p->name, r->path ? r->path : "(none)");
    }
    aw_strset_free(&seen);
    free(keys);
}

static void S_check_route(mapctx *c, const aw_node *node)
{
    if (node->as.route.parameter_count)
        S_check_params(c, node);
    S_check_path_sources(c, node);
}

static void S_check_api(mapctx *c, const aw_node *node)
{
    const aw_api *a = &node->as.api;
    const aw_struct_desc *gd = S_sub(AW_KIND_API, "gatewayResponses");
    bool seen[AW_GWR_WAF_FILTERED + 1] = {false};
    for (size_t i = 0; i < a->gateway_response_count; i++) {
        const aw_gateway_response *g = &a->gateway_responses[i];
        if (g->type <= AW_GWR_UNSET || g->type > AW_GWR_WAF_FILTERED)
            continue;   /* reported by the builder */
        if (seen[g->type])
            S_error(c, node, aw_struct_field_loc(gd, g, "type"), "API '%s' gives gateway response %s twice",
                    node->id, aw_enum_name(aw_struct_field(gd, "type"), (int)g->type));
        seen[g->type] = true;
        S_check_map(c, node, &g->headers, "a gateway response header", NULL, &S_gateway_source);
        S_check_content_types(c, node, &g->templates, "a gateway response");
    }
}

size_t aw_resolve_mappings(const aw_model *model, aw_diags *diags)
{
    mapctx c = {
        .diags = diags,
        .responses = S_sub(AW_KIND_INTEGRATION, "responses"),
        .params = S_sub(AW_KIND_ROUTE, "parameters"),
    };
    for (size_t i = 0; i < S_CUSTOM_ONLY; i++)
        c.custom_only[i] = aw_struct_field(aw_kind_descs[AW_KIND_INTEGRATION].desc, S_custom_only[i]);
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind == AW_KIND_INTEGRATION)
            S_check_integration(&c, n);
        else if (n->kind == AW_KIND_ROUTE)
            S_check_route(&c, n);
        else if (n->kind == AW_KIND_API)
            S_check_api(&c, n);
    }
    return c.errors;
}
