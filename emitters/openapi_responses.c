/* Integration, method and gateway responses, and declared request
 * parameters, of REST APIs in OpenAPI (x-amazon-apigateway-integration's
 * responses, x-amazon-apigateway-gateway-responses). */
#include "openapi_responses.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"

static const char *const S_handlings[] = {NULL, "CONVERT_TO_TEXT", "CONVERT_TO_BINARY"};

static bool S_map_has(const aw_map *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->items[i].key, key) == 0)
            return true;
    return false;
}

/* A map's entries as members, each key with a prefix ("method.response.header."). */
static void S_prefixed_members(aw_jw *w, const char *prefix, const aw_map *map)
{
    for (size_t i = 0; i < map->count; i++) {
        aw_strbuf key = AW_STRBUF_INIT;
        aw_strbuf_printf(&key, "%s%s", prefix, map->items[i].key);
        aw_jw_member_string(w, key.data, map->items[i].value);
        aw_strbuf_free(&key);
    }
}

/* The fixed headers the diagram does not map itself, then the diagram's. */
static void S_header_members(aw_jw *w, const char *prefix, const aw_openapi_fixed_headers *fixed, const aw_map *own)
{
    for (size_t i = 0; fixed && i < fixed->count; i++) {
        if (S_map_has(own, fixed->names[i]))
            continue;
        aw_strbuf key = AW_STRBUF_INIT;
        aw_strbuf_printf(&key, "%s%s", prefix, fixed->names[i]);
        aw_jw_member_string(w, key.data, fixed->values[i]);
        aw_strbuf_free(&key);
    }
    S_prefixed_members(w, prefix, own);
}

static void S_templates(aw_jw *w, const char *key, const aw_map *templates)
{
    if (!templates->count)
        return;
    aw_jw_key(w, key);
    aw_jw_object(w);
    S_prefixed_members(w, "", templates);
    aw_jw_end_object(w);
}

/* ---- integration and method responses ---------------------------------------- */

void aw_openapi_integration_responses(aw_jw *w, const aw_integration *in, const aw_openapi_fixed_headers *fixed)
{
    aw_jw_key(w, "responses");
    aw_jw_object(w);
    for (size_t i = 0; i < in->response_count; i++) {
        const aw_integration_response *r = &in->responses[i];
        aw_jw_key(w, r->pattern ? r->pattern : "default");
        aw_jw_object(w);
        aw_jw_key(w, "statusCode");
        aw_jw_stringf(w, "%lld", (long long)r->status_code);
        if (r->headers.count || (fixed && fixed->count)) {
            aw_jw_key(w, "responseParameters");
            aw_jw_object(w);
            S_header_members(w, "method.response.header.", fixed, &r->headers);
            aw_jw_end_object(w);
        }
        S_templates(w, "responseTemplates", &r->templates);
        if (r->content_handling)
            aw_jw_member_string(w, "contentHandling", S_handlings[r->content_handling]);
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
}

static int S_compare_status(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void S_declare_header(aw_jw *w, aw_strset *seen, const char *name)
{
    if (!aw_strset_insert(seen, name, NULL, NULL))
        return;
    aw_jw_key(w, name);
    aw_jw_object(w);
    aw_jw_key(w, "schema");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "type", "string");
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* One method response: every header any integration response of that
 * status maps, which API Gateway requires declared before it maps them. */
static void S_method_response(aw_jw *w, const aw_integration *in, int64_t status, const aw_openapi_fixed_headers *fixed)
{
    aw_jw_key(w, "headers");
    aw_jw_object(w);
    aw_strset seen;
    aw_strset_init(&seen);
    for (size_t i = 0; fixed && i < fixed->count; i++)
        S_declare_header(w, &seen, fixed->names[i]);
    for (size_t i = 0; i < in->response_count; i++)
        for (size_t k = 0; in->responses[i].status_code == status && k < in->responses[i].headers.count; k++)
            S_declare_header(w, &seen, in->responses[i].headers.items[k].key);
    aw_strset_free(&seen);
    aw_jw_end_object(w);
}

static bool S_status_has_headers(const aw_integration *in, int64_t status, const aw_openapi_fixed_headers *fixed)
{
    if (fixed && fixed->count)
        return true;
    for (size_t i = 0; i < in->response_count; i++)
        if (in->responses[i].status_code == status && in->responses[i].headers.count)
            return true;
    return false;
}

void aw_openapi_method_responses(aw_jw *w, const aw_integration *in, const aw_openapi_fixed_headers *fixed)
{
    int64_t *statuses = malloc(in->response_count * sizeof *statuses);
    if (!statuses)
        abort();
    for (size_t i = 0; i < in->response_count; i++)
        statuses[i] = in->responses[i].status_code;
    qsort(statuses, in->response_count, sizeof *statuses, S_compare_status);
    for (size_t i = 0; i < in->response_count; i++) {
        if (i && statuses[i] == statuses[i - 1])
            continue;
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)statuses[i]);
        aw_jw_key(w, key);
        aw_jw_object(w);
        aw_jw_member_string(w, "description", "Mapped from the integration's response");
        if (S_status_has_headers(in, statuses[i], fixed))
            S_method_response(w, in, statuses[i], fixed);
        aw_jw_end_object(w);
    }
    free(statuses);
}

/* ---- declared request parameters ------------------------------------------- */

/* Where a mapping source or declaration puts a parameter: the key that
 * names it, normalised to the single-value spelling. */
static const struct { const char *prefix, *in, *key; } S_sources[] = {
    {"method.request.querystring.", "query", "method.request.querystring."},
    {"method.request.multivaluequerystring.", "query", "method.request.querystring."},
    {"method.request.header.", "header", "method.request.header."},
    {"method.request.multivalueheader.", "header", "method.request.header."},
};

static const char *const S_declared_keys[] = {NULL, NULL, "method.request.querystring.", "method.request.header."};
static const char *const S_declared_in[] = {NULL, NULL, "query", "header"};

static const aw_map *S_mappings(const aw_node *route)
{
    const aw_node *integ = route->as.route.integration.node;
    return integ ? &integ->as.integration.parameter_mappings : NULL;
}

bool aw_openapi_has_request_params(const aw_node *route)
{
    if (!route)
        return false;
    for (size_t i = 0; i < route->as.route.parameter_count; i++)
        if (route->as.route.parameters[i].in != AW_PARAM_PATH)
            return true;
    const aw_map *map = S_mappings(route);
    for (size_t i = 0; map && i < map->count; i++)
        for (size_t k = 0; k < sizeof S_sources / sizeof S_sources[0]; k++)
            if (strncmp(map->items[i].value, S_sources[k].prefix, strlen(S_sources[k].prefix)) == 0)
                return true;
    return false;
}

typedef struct param {
    char *key;                  /* method.request.querystring.NAME or ...header.NAME */
    const char *in, *name;
    bool required;
} param;

typedef struct params {
    param *items;
    size_t count;
    aw_strset keys;
} params;

static void S_add(params *ps, const char *key_prefix, const char *in, const char *name, bool required)
{
    aw_strbuf key = AW_STRBUF_INIT;
    aw_strbuf_printf(&key, "%s%s", key_prefix, name);
    size_t at = (size_t)(uintptr_t)aw_strset_find(&ps->keys, key.data);
    if (at) {
        ps->items[at - 1].required |= required;
        aw_strbuf_free(&key);
        return;
    }
    param *grown = realloc(ps->items, (ps->count + 1) * sizeof *grown);
    if (!grown)
        abort();
    ps->items = grown;
    ps->items[ps->count] = (param){aw_strbuf_detach(&key, NULL), in, name, required};
    ps->count++;
    /* The set holds the key strings, which stay put, and index + 1. */
    aw_strset_insert(&ps->keys, ps->items[ps->count - 1].key, (void *)(uintptr_t)ps->count, NULL);
}

/* Declared parameters first, in the diagram's order, then those the
 * mappings read that the route does not declare (not required). */
static void S_collect(const aw_node *route, params *ps)
{
    memset(ps, 0, sizeof *ps);
    aw_strset_init(&ps->keys);
    for (size_t i = 0; i < route->as.route.parameter_count; i++) {
        const aw_request_param *p = &route->as.route.parameters[i];
        if (p->in == AW_PARAM_QUERY || p->in == AW_PARAM_HEADER)
            S_add(ps, S_declared_keys[p->in], S_declared_in[p->in], p->name, p->required);
    }
    const aw_map *map = S_mappings(route);
    for (size_t i = 0; map && i < map->count; i++)
        for (size_t k = 0; k < sizeof S_sources / sizeof S_sources[0]; k++) {
            size_t n = strlen(S_sources[k].prefix);
            if (strncmp(map->items[i].value, S_sources[k].prefix, n) == 0)
                S_add(ps, S_sources[k].key, S_sources[k].in, map->items[i].value + n, false);
        }
}

static void S_release(params *ps)
{
    for (size_t i = 0; i < ps->count; i++)
        free(ps->items[i].key);
    free(ps->items);
    aw_strset_free(&ps->keys);
}

void aw_openapi_request_params(aw_jw *w, const aw_node *route)
{
    params ps;
    S_collect(route, &ps);
    for (size_t i = 0; i < ps.count; i++) {
        aw_jw_object(w);
        aw_jw_member_string(w, "name", ps.items[i].name);
        aw_jw_member_string(w, "in", ps.items[i].in);
        if (ps.items[i].required)
            aw_jw_member_bool(w, "required", true);
        aw_jw_key(w, "schema");
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "type", "string");
        aw_jw_end_object(w);
        aw_jw_end_object(w);
    }
    S_release(&ps);
}

bool aw_openapi_request_param_written(const aw_node *route, const char *key)
{
    if (!route)
        return false;
    params ps;
    S_collect(route, &ps);
    bool found = aw_strset_find(&ps.keys, key) != NULL;
    S_release(&ps);
    return found;
}

/* ---- gateway responses -------------------------------------------------------- */

/* The response types the document always writes, first and in this order;
 * the 4XX and 5XX defaults only to carry CORS headers. */
static const aw_gateway_response_type S_built_in[] = {AW_GWR_THROTTLED, AW_GWR_DEFAULT_4XX, AW_GWR_DEFAULT_5XX};

static const char *S_type_name(aw_gateway_response_type t)
{
    const aw_field *f = aw_struct_field(aw_struct_field(aw_kind_descs[AW_KIND_API].desc, "gatewayResponses")->sub,
                                        "type");
    return aw_enum_name(f, (int)t);
}

static const aw_gateway_response *S_own(const aw_api *a, aw_gateway_response_type t)
{
    for (size_t i = 0; i < a->gateway_response_count; i++)
        if (a->gateway_responses[i].type == t)
            return &a->gateway_responses[i];
    return NULL;
}

static bool S_cors(const aw_api *a)
{
    return a->cors && a->cors->allow_origins.count;
}

/* Throttled callers are told when to come back; with CORS, error answers
 * carry the origin header (and the credentials flag, without which a
 * browser hides a credentialed request's error) so that browsers can read
 * them. The diagram's headers and templates win over these. */
static void S_gateway_response(aw_jw *w, const aw_api *a, aw_gateway_response_type t, const aw_gateway_response *own)
{
    static const aw_map none = {NULL, 0};
    const aw_map *headers = own ? &own->headers : &none;
    bool throttled = t == AW_GWR_THROTTLED;
    aw_jw_key(w, S_type_name(t));
    aw_jw_object(w);
    if (own && own->status_code != AW_UNSET_INT) {
        aw_jw_key(w, "statusCode");
        aw_jw_stringf(w, "%lld", (long long)own->status_code);
    } else if (throttled) {
        aw_jw_member_string(w, "statusCode", "429");
    }
    const char *names[3], *values[3];
    aw_strbuf origin = AW_STRBUF_INIT;
    aw_openapi_fixed_headers fixed = {names, values, 0};
    if (throttled) {
        names[fixed.count] = "Retry-After";
        values[fixed.count++] = "'1'";
    }
    if (S_cors(a)) {
        aw_strbuf_printf(&origin, "'%s'", a->cors->allow_origins.items[0]);
        names[fixed.count] = "Access-Control-Allow-Origin";
        values[fixed.count++] = origin.data;
        if (a->cors->allow_credentials) {
            names[fixed.count] = "Access-Control-Allow-Credentials";
            values[fixed.count++] = "'true'";
        }
    }
    if (fixed.count || headers->count) {
        aw_jw_key(w, "responseParameters");
        aw_jw_object(w);
        S_header_members(w, "gatewayresponse.header.", &fixed, headers);
        aw_jw_end_object(w);
    }
    aw_strbuf_free(&origin);
    if (own && own->templates.count) {
        S_templates(w, "responseTemplates", &own->templates);
    } else if (throttled) {
        aw_jw_key(w, "responseTemplates");
        aw_jw_object(w);
        aw_jw_member_string(w, "application/json", "{\"message\": $context.error.messageString}");
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
}

void aw_openapi_gateway_responses(aw_jw *w, const aw_api *a)
{
    aw_jw_key(w, "x-amazon-apigateway-gateway-responses");
    aw_jw_object(w);
    for (size_t i = 0; i < sizeof S_built_in / sizeof S_built_in[0]; i++) {
        const aw_gateway_response *own = S_own(a, S_built_in[i]);
        if (S_built_in[i] == AW_GWR_THROTTLED || own || S_cors(a))
            S_gateway_response(w, a, S_built_in[i], own);
    }
    for (size_t i = 0; i < a->gateway_response_count; i++) {
        const aw_gateway_response *own = &a->gateway_responses[i];
        bool built_in = false;
        for (size_t k = 0; k < sizeof S_built_in / sizeof S_built_in[0]; k++)
            built_in |= own->type == S_built_in[k];
        if (!built_in)
            S_gateway_response(w, a, own->type, own);
    }
    aw_jw_end_object(w);
}
