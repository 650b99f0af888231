/* What a REST (or WebSocket) integration maps beside its target: its
 * integration responses, parameter mappings, content handling and
 * credentials, read from x-amazon-apigateway-integration; CloudFormation's
 * Integration is read as that extension, so one table serves both
 * spellings of an integration response. */
#include <string.h>

#include "openapi_parts.h"

/* API Gateway's CONVERT_TO_TEXT as the format's convert-to-text. */
void aw_iput_content_handling(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (!s)
        return;
    if (strcmp(s, "CONVERT_TO_TEXT") == 0 || strcmp(s, "CONVERT_TO_BINARY") == 0)
        aw_itree_set_string(im, target, row->field, s[11] == 'T' ? "convert-to-text" : "convert-to-binary",
                            &value->loc);
    else
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "%s '%s' is neither CONVERT_TO_TEXT nor CONVERT_TO_BINARY; it is left out", row->prop, s);
}

/* responseParameters: "method.response.header.NAME" -> value, as headers. */
static void S_response_headers(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_import_prefixed_map(im, target, row->field, value, "method.response.header.");
}

/* One integration response, as OpenAPI (statusCode, ...) and
 * CloudFormation (StatusCode, ..., SelectionPattern) spell it. */
static const aw_iprop S_response_rows[] = {
    {"statusCode", "statusCode", aw_iput_int, NULL},
    {"StatusCode", "statusCode", aw_iput_int, NULL},
    {"SelectionPattern", "pattern", aw_iput_text, NULL},
    {"responseParameters", "headers", S_response_headers, NULL},
    {"ResponseParameters", "headers", S_response_headers, NULL},
    {"responseTemplates", "templates", aw_iput_map, NULL},
    {"ResponseTemplates", "templates", aw_iput_map, NULL},
    {"contentHandling", "contentHandling", aw_iput_content_handling, NULL},
    {"ContentHandling", "contentHandling", aw_iput_content_handling, NULL},
    {NULL, NULL, NULL, NULL},
};

static aw_doc *S_response(aw_openapi *o, const char *pattern, const aw_doc *value, const aw_loc *loc)
{
    aw_doc *r = aw_itree_object(o->im, loc);
    if (pattern && strcmp(pattern, "default") != 0)
        aw_itree_set_string(o->im, r, "pattern", pattern, loc);
    aw_import_props(o->im, r, value, S_response_rows, "an integration response");
    aw_import_drop_cors_headers(o->api, r);
    return r;
}

/* The responses in the order written: a map of pattern -> response
 * (OpenAPI) or a list (CloudFormation). */
static aw_doc *S_responses(aw_openapi *o, const aw_doc *value)
{
    aw_doc *list = aw_itree_array(o->im, &value->loc);
    for (size_t i = 0; value->kind == AW_DOC_OBJECT && i < value->as.object.count; i++) {
        const aw_doc_member *m = &value->as.object.members[i];
        aw_itree_push(o->im, list, S_response(o, m->key, m->value, &m->key_loc));
    }
    for (size_t i = 0; value->kind == AW_DOC_ARRAY && i < value->as.array.count; i++)
        aw_itree_push(o->im, list, S_response(o, NULL, value->as.array.items[i], &value->as.array.items[i]->loc));
    return list;
}

static double S_status(const aw_doc *r)
{
    const aw_doc *s = aw_itree_get(r, "statusCode");
    return s && s->kind == AW_DOC_NUMBER ? s->as.number.value : -1;
}

/* Whether the response says only its pattern and status. */
static bool S_bare(const aw_doc *r, const char *pattern, double status)
{
    const aw_doc *p = aw_itree_get(r, "pattern");
    bool same_pattern = pattern ? p && strcmp(p->as.string.chars, pattern) == 0 : !p;
    size_t members = 1 + (p != NULL);
    return same_pattern && S_status(r) == status && r->as.object.count == members;
}

/* What 'archway build' writes for an integration without responses: an AWS
 * call's 200 with 4xx answered 400 and 5xx 500, a custom Lambda's 200. */
static bool S_build_defaults(const aw_doc *list, const char *type)
{
    size_t n = list->as.array.count;
    aw_doc *const *r = list->as.array.items;
    if (strcmp(type, "aws") == 0)
        return n == 3 && S_bare(r[0], NULL, 200) && S_bare(r[1], "4\\d{2}", 400) && S_bare(r[2], "5\\d{2}", 500);
    return n == 1 && S_bare(r[0], NULL, 200);
}

/* A mock's one default response: its statusCode and body. */
static bool S_mock_shorthand(aw_openapi *o, aw_doc *node, const aw_doc *list)
{
    if (list->as.array.count != 1)
        return false;
    aw_doc *r = list->as.array.items[0];
    const aw_doc *templates = aw_itree_get(r, "templates");
    const aw_doc *body = aw_itree_get(templates, "application/json");
    size_t members = 1 + (templates != NULL);
    if (aw_itree_get(r, "pattern") || r->as.object.count != members ||
        (templates && (!body || templates->as.object.count != 1)))
        return false;
    aw_itree_set(o->im, node, "statusCode", aw_itree_get(r, "statusCode"));
    if (body)
        aw_itree_set(o->im, node, "body", (aw_doc *)body);
    return true;
}

void aw_openapi_read_responses(aw_openapi *o, aw_doc *node, const aw_doc *value)
{
    const aw_doc *type_doc = aw_itree_get(node, "type");
    const char *type = type_doc ? type_doc->as.string.chars : "";
    aw_doc *list = S_responses(o, value);
    if (!list->as.array.count || (strcmp(type, "mock") == 0 && S_mock_shorthand(o, node, list)) ||
        S_build_defaults(list, type))
        return;
    if (strcmp(type, "http") == 0 || strcmp(type, "private") == 0 ||
        (strcmp(type, "lambda") == 0 && !aw_itree_get(node, "style"))) {
        aw_import_report(o->im, AW_SEV_WARNING, "AW-IMPORT-002", &value->loc,
                         "a proxy integration's responses have no place in the diagram format (the backend's "
                         "answer is the response); they are left out");
        o->im->counts.unmapped++;
        return;
    }
    aw_itree_set(o->im, node, "responses", list);
}

/* The mappings a build derives itself: an HTTP proxy's path from the
 * URL's {proxy}, an S3 call's path parameters of the same name, an SQS
 * query call's form-encoded body. */
static bool S_derived_mapping(const aw_doc *node, const char *key, const char *value)
{
    static const char target[] = "integration.request.path.", source[] = "method.request.path.";
    const aw_doc *service = aw_itree_get(node, "service");
    if (service && strcmp(service->as.string.chars, "sqs") == 0 &&
        strcmp(key, "integration.request.header.Content-Type") == 0 &&
        strcmp(value, "'application/x-www-form-urlencoded'") == 0)
        return true;
    return strncmp(key, target, sizeof target - 1) == 0 && strncmp(value, source, sizeof source - 1) == 0 &&
           strcmp(key + sizeof target - 1, value + sizeof source - 1) == 0;
}

void aw_openapi_read_mappings(aw_openapi *o, aw_doc *node, const aw_doc *params)
{
    static const char header[] = "integration.request.header.";
    const aw_doc *type_doc = aw_itree_get(node, "type");
    bool http = type_doc && (strcmp(type_doc->as.string.chars, "http") == 0 ||
                             strcmp(type_doc->as.string.chars, "private") == 0);
    aw_doc *headers = aw_itree_object(o->im, &params->loc), *mappings = aw_itree_object(o->im, &params->loc);
    for (size_t i = 0; params->kind == AW_DOC_OBJECT && i < params->as.object.count; i++) {
        const aw_doc_member *m = &params->as.object.members[i];
        const char *v = aw_import_ref_text(o->im, m->value, m->key);
        size_t n = v ? strlen(v) : 0;
        if (!v || S_derived_mapping(node, m->key, v))
            continue;
        /* A constant header of an HTTP backend is its headers' entry. */
        if (http && strncmp(m->key, header, sizeof header - 1) == 0 && n >= 2 && v[0] == '\'' && v[n - 1] == '\'' &&
            !strstr(v, "${ref:"))
            aw_itree_set(o->im, headers, m->key + sizeof header - 1,
                         aw_itree_string(o->im, aw_arena_strndup(o->im->arena, v + 1, n - 2), &m->value->loc));
        else
            aw_itree_set(o->im, mappings, m->key, aw_itree_string(o->im, v, &m->value->loc));
    }
    if (headers->as.object.count)
        aw_itree_set(o->im, node, "headers", headers);
    if (mappings->as.object.count)
        aw_itree_set(o->im, node, "parameterMappings", mappings);
}
