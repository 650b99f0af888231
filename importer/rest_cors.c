/* A REST API's CORS, which API Gateway has no setting for: OPTIONS
 * operations answered by a mock whose one response maps static
 * Access-Control-Allow-* headers (what SAM and 'archway build' write) are
 * read back as the API's cors, not as routes. */
#include <string.h>
#include <strings.h>

#include "../ir/strbuf.h"
#include "openapi_parts.h"

/* A static header value ('text') without its quotes, or NULL. */
static const char *S_static(aw_import *im, const aw_doc *params, const char *header)
{
    const char *v = aw_import_text(im, aw_import_get(params, aw_arena_printf(im->arena, "method.response.header.%s",
                                                                                header)),
                                   NULL);
    size_t n = v ? strlen(v) : 0;
    return n >= 2 && v[0] == '\'' && v[n - 1] == '\'' ? aw_arena_strndup(im->arena, v + 1, n - 2) : NULL;
}

static void S_list(aw_import *im, aw_doc *cors, const char *field, const char *text, const aw_loc *loc)
{
    if (text)
        aw_iput_source_list(im, cors, &(aw_iprop){field, field, NULL, NULL}, aw_itree_string(im, text, loc));
}

/* The one integration response of a map (OpenAPI) or a list (a Method
 * resource's IntegrationResponses), or NULL. */
static const aw_doc *S_only_response(const aw_doc *responses)
{
    if (responses && responses->kind == AW_DOC_OBJECT && responses->as.object.count == 1)
        return responses->as.object.members[0].value;
    if (responses && responses->kind == AW_DOC_ARRAY && responses->as.array.count == 1)
        return responses->as.array.items[0];
    return NULL;
}

aw_doc *aw_openapi_preflight_cors(aw_openapi *o, const aw_doc *op)
{
    aw_import *im = o->im;
    const aw_doc *ext = aw_import_get(op, "x-amazon-apigateway-integration");
    const char *type = aw_import_text(im, aw_import_get(ext, "type"), NULL);
    const aw_doc *only = S_only_response(aw_import_get(ext, "responses"));
    if (!o->rest || !type || strcasecmp(type, "mock") != 0 || !only)
        return NULL;
    const aw_doc *params = aw_import_get(only, "responseParameters");
    if (!params)
        params = aw_import_get(only, "ResponseParameters");
    const char *origin = S_static(im, params, "Access-Control-Allow-Origin");
    if (!origin)
        return NULL;
    aw_doc *cors = aw_itree_object(im, &ext->loc);
    S_list(im, cors, "allowOrigins", origin, &params->loc);
    S_list(im, cors, "allowMethods", S_static(im, params, "Access-Control-Allow-Methods"), &params->loc);
    S_list(im, cors, "allowHeaders", S_static(im, params, "Access-Control-Allow-Headers"), &params->loc);
    S_list(im, cors, "exposeHeaders", S_static(im, params, "Access-Control-Expose-Headers"), &params->loc);
    const char *credentials = S_static(im, params, "Access-Control-Allow-Credentials");
    if (credentials && strcmp(credentials, "true") == 0)
        aw_itree_set(im, cors, "allowCredentials", aw_itree_bool(im, true, &params->loc));
    const char *max_age = S_static(im, params, "Access-Control-Max-Age");
    if (max_age)
        aw_iput_seconds(im, cors, &(aw_iprop){"Access-Control-Max-Age", "maxAge", NULL, NULL},
                        aw_itree_string(im, max_age, &params->loc));
    return cors;
}

static bool S_same(const aw_doc *a, const aw_doc *b)
{
    aw_strbuf x = AW_STRBUF_INIT, y = AW_STRBUF_INIT;
    aw_itree_text(a, &x);
    aw_itree_text(b, &y);
    bool same = x.len == y.len && (!x.len || memcmp(x.data, y.data, x.len) == 0);
    aw_strbuf_free(&x);
    aw_strbuf_free(&y);
    return same;
}

void aw_openapi_rest_cors(aw_openapi *o)
{
    const aw_doc *paths = aw_import_get(o->doc, "paths");
    for (size_t i = 0; paths && paths->kind == AW_DOC_OBJECT && i < paths->as.object.count; i++) {
        aw_doc *cors = aw_openapi_preflight_cors(o, aw_import_get(paths->as.object.members[i].value, "options"));
        if (cors && !aw_itree_get(o->api, "cors")) {
            aw_itree_set(o->im, o->api, "cors", cors);
            return;
        }
    }
}

bool aw_openapi_is_preflight(aw_openapi *o, const char *path, const aw_doc *op, const aw_loc *loc)
{
    aw_doc *cors = aw_openapi_preflight_cors(o, op);
    const aw_doc *api_cors = aw_itree_get(o->api, "cors");
    if (!cors || !api_cors)
        return false;
    if (S_same(cors, api_cors))
        return true;
    aw_import_report(o->im, AW_SEV_WARNING, "AW-IMPORT-004", loc,
                     "the preflight of %s answers other CORS settings than the API's first one, and the diagram "
                     "holds one set per API; it is read as an OPTIONS route",
                     path);
    return false;
}

/* Whether the header value is 'text' for that text. */
static bool S_quoted(const aw_doc *v, const char *text)
{
    size_t n = strlen(text);
    return v && v->kind == AW_DOC_STRING && v->as.string.len == n + 2 && v->as.string.chars[0] == '\'' &&
           strncmp(v->as.string.chars + 1, text, n) == 0 && v->as.string.chars[n + 1] == '\'';
}

void aw_import_drop_cors_headers(const aw_doc *api, aw_doc *holder)
{
    aw_doc *headers = aw_itree_get(holder, "headers");
    const aw_doc *cors = aw_itree_get(api, "cors");
    const aw_doc *origins = aw_itree_get(cors, "allowOrigins");
    const aw_doc *credentials = aw_itree_get(cors, "allowCredentials");
    if (!headers || !origins || !origins->as.array.count || origins->as.array.items[0]->kind != AW_DOC_STRING)
        return;
    if (S_quoted(aw_itree_get(headers, "Access-Control-Allow-Origin"), origins->as.array.items[0]->as.string.chars))
        aw_itree_remove(headers, "Access-Control-Allow-Origin");
    if (credentials && credentials->kind == AW_DOC_BOOL && credentials->as.boolean &&
        S_quoted(aw_itree_get(headers, "Access-Control-Allow-Credentials"), "true"))
        aw_itree_remove(headers, "Access-Control-Allow-Credentials");
    if (!headers->as.object.count)
        aw_itree_remove(holder, "headers");
}
