/* A REST API's gateway responses, what API Gateway answers when it refuses
 * or fails a request itself: x-amazon-apigateway-gateway-responses (a map
 * of type -> response) and AWS::ApiGateway::GatewayResponse resources, read
 * through one table; what 'archway build' writes by itself is left out. */
#include <string.h>

#include "cfn_types.h"
#include "openapi_parts.h"

static void S_headers(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_import_prefixed_map(im, target, row->field, value, "gatewayresponse.header.");
}

static const aw_iprop S_response_rows[] = {
    {"statusCode", "statusCode", aw_iput_int, NULL},
    {"StatusCode", "statusCode", aw_iput_int, NULL},
    {"responseParameters", "headers", S_headers, NULL},
    {"ResponseParameters", "headers", S_headers, NULL},
    {"responseTemplates", "templates", aw_iput_map, NULL},
    {"ResponseTemplates", "templates", aw_iput_map, NULL},
    {"ResponseType", NULL, NULL, NULL},
    {"RestApiId", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static bool S_text_is(const aw_doc *object, const char *key, const char *text)
{
    const aw_doc *v = aw_itree_get(object, key);
    return v && v->kind == AW_DOC_STRING && strcmp(v->as.string.chars, text) == 0;
}

/* What a build adds to every API: THROTTLED answers 429 with Retry-After
 * and the error message; with the API's cors, the origin headers. */
static void S_drop_build_defaults(const aw_doc *api, aw_doc *r, const char *type)
{
    aw_doc *headers = aw_itree_get(r, "headers");
    if (strcmp(type, "THROTTLED") == 0) {
        const aw_doc *status = aw_itree_get(r, "statusCode");
        if (status && status->kind == AW_DOC_NUMBER && status->as.number.value == 429)
            aw_itree_remove(r, "statusCode");
        if (headers && S_text_is(headers, "Retry-After", "'1'"))
            aw_itree_remove(headers, "Retry-After");
        aw_doc *templates = aw_itree_get(r, "templates");
        if (templates && templates->as.object.count == 1 &&
            S_text_is(templates, "application/json", "{\"message\": $context.error.messageString}"))
            aw_itree_remove(r, "templates");
    }
    if (headers && !headers->as.object.count)
        aw_itree_remove(r, "headers");
    aw_import_drop_cors_headers(api, r);
}

/* Adds the response of that type to the API, unless only the build's. */
static void S_add(aw_import *im, aw_doc *api, const char *type, const aw_doc *value, const aw_loc *loc)
{
    aw_doc *r = aw_itree_object(im, loc);
    aw_itree_set_string(im, r, "type", type, loc);
    aw_import_props(im, r, value, S_response_rows, type);
    S_drop_build_defaults(api, r, type);
    if (r->as.object.count == 1)
        return;
    aw_doc *list = aw_itree_get(api, "gatewayResponses");
    if (!list) {
        list = aw_itree_array(im, loc);
        aw_itree_set(im, api, "gatewayResponses", list);
    }
    aw_itree_push(im, list, r);
}

void aw_openapi_gateway_responses_read(aw_openapi *o, const aw_doc *responses)
{
    for (size_t i = 0; responses->kind == AW_DOC_OBJECT && i < responses->as.object.count; i++) {
        const aw_doc_member *m = &responses->as.object.members[i];
        S_add(o->im, o->api, m->key, m->value, &m->key_loc);
    }
}

void aw_tpl_gateway_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "RestApiId", "gateway response");
    const aw_doc *type = aw_import_get(props, "ResponseType");
    const char *type_text = aw_import_text(im, type, "ResponseType");
    if (!api || !type_text)
        return;
    (void)logical_id;
    aw_tpl_rest_cors(im, api);
    S_add(im, aw_strset_find(&im->ids, api), type_text, props, &type->loc);
}
