/* OpenAPI 3.0 and Swagger 2.0 with API Gateway's extensions: every
 * operation a route, its x-amazon-apigateway-integration an integration
 * (shared by the operations that call the same function alike), security
 * schemes with x-amazon-apigateway-authorizer the API's authorizers. */
#include <string.h>

#include "openapi_parts.h"

static const char *const S_methods[] = {"get", "put", "post", "delete", "options", "head", "patch", NULL};

/* Top-level extensions the API node holds, and the parts it does not. */
static const aw_iprop S_top_rows[] = {
    {"x-amazon-apigateway-api-key-source", "apiKeySource", aw_iput_lower, NULL},
    {"x-amazon-apigateway-binary-media-types", "binaryMediaTypes", aw_iput_strings, NULL},
    {"x-amazon-apigateway-cors", NULL, NULL, NULL},
    {"x-amazon-apigateway-endpoint-configuration", NULL, NULL, NULL},
    {"x-amazon-apigateway-request-validators", NULL, NULL, NULL},
    {"x-amazon-apigateway-request-validator", NULL, NULL, NULL},
    {"x-amazon-apigateway-importexport-version", NULL, aw_iput_derived, NULL},
    {"x-amazon-apigateway-policy", NULL, NULL, NULL},
    {"x-amazon-apigateway-gateway-responses", NULL, NULL, NULL},
    {"openapi", NULL, NULL, NULL},
    {"swagger", NULL, NULL, NULL},
    {"info", NULL, NULL, NULL},
    {"servers", NULL, NULL, NULL},
    {"paths", NULL, NULL, NULL},
    {"components", NULL, NULL, NULL},
    {"securityDefinitions", NULL, NULL, NULL},
    {"definitions", NULL, NULL, NULL},
    {"security", NULL, NULL, NULL},
    {"tags", NULL, aw_iput_derived, NULL},
    {"host", NULL, aw_iput_derived, NULL},
    {"basePath", NULL, aw_iput_derived, NULL},
    {"schemes", NULL, aw_iput_derived, NULL},
    {"consumes", NULL, aw_iput_derived, NULL},
    {"produces", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_top(aw_openapi *o)
{
    aw_import *im = o->im;
    aw_import_props(im, o->api, o->doc, S_top_rows, "the OpenAPI document");
    const aw_doc *cors = aw_import_get(o->doc, "x-amazon-apigateway-cors");
    if (cors)
        aw_iput_object(im, o->api, &(aw_iprop){"x-amazon-apigateway-cors", "cors", NULL, aw_import_cors_rows}, cors);
    const aw_doc *endpoint = aw_import_get(o->doc, "x-amazon-apigateway-endpoint-configuration");
    const aw_doc *servers = aw_import_get(o->doc, "servers");
    if (!endpoint && servers && servers->kind == AW_DOC_ARRAY && servers->as.array.count)
        endpoint = aw_import_get(servers->as.array.items[0], "x-amazon-apigateway-endpoint-configuration");
    const aw_doc *disable = aw_import_get(endpoint, "disableExecuteApiEndpoint");
    if (disable)
        aw_iput_bool(im, o->api, &(aw_iprop){"disableExecuteApiEndpoint", "disableDefaultEndpoint", NULL, NULL},
                     disable);
    const aw_doc *policy = aw_import_get(o->doc, "x-amazon-apigateway-policy");
    if (policy)
        aw_openapi_policy(o, policy);
    const aw_doc *gateway_responses = aw_import_get(o->doc, "x-amazon-apigateway-gateway-responses");
    if (gateway_responses)
        aw_openapi_gateway_responses_read(o, gateway_responses);
    const aw_doc *info = aw_import_get(o->doc, "info");
    if (!aw_itree_get(o->api, "name"))
        aw_itree_set_string(im, o->api, "name", aw_import_text(im, aw_import_get(info, "title"), NULL), &o->doc->loc);
    if (!aw_itree_get(o->api, "description"))
        aw_itree_set_string(im, o->api, "description", aw_import_text(im, aw_import_get(info, "description"), NULL),
                            &o->doc->loc);
}

static void S_api_validator(aw_openapi *o)
{
    const aw_doc *v = aw_import_get(o->doc, "x-amazon-apigateway-request-validator");
    const char *name = v ? aw_openapi_validator(o, v) : NULL;
    aw_itree_set_string(o->im, o->api, "requestValidation", name, v ? &v->loc : NULL);
}

static void S_operations(aw_openapi *o)
{
    const aw_doc *paths = aw_import_get(o->doc, "paths");
    for (size_t i = 0; paths && paths->kind == AW_DOC_OBJECT && i < paths->as.object.count; i++) {
        const aw_doc_member *p = &paths->as.object.members[i];
        for (size_t k = 0; p->value->kind == AW_DOC_OBJECT && k < p->value->as.object.count; k++) {
            const aw_doc_member *op = &p->value->as.object.members[k];
            const char *method = NULL;
            for (size_t m = 0; S_methods[m] && !method; m++)
                if (strcmp(op->key, S_methods[m]) == 0)
                    method = S_methods[m];
            if (strcmp(op->key, "x-amazon-apigateway-any-method") == 0)
                method = "any";
            if (method && !(strcmp(method, "options") == 0 && aw_openapi_is_preflight(o, p->key, op->value, &op->key_loc)))
                aw_openapi_operation(o, p->key, method, op->value, &op->key_loc);
            else if (method)
                o->im->counts.operations++;
            else if (strcmp(op->key, "parameters") != 0 && strcmp(op->key, "summary") != 0 &&
                     strcmp(op->key, "description") != 0)
                aw_openapi_unmapped(o, op->key, &op->key_loc, p->key);
        }
    }
}

void aw_import_openapi(aw_import *im, const aw_doc *doc, aw_doc *api, const char *api_type)
{
    if (!doc || doc->kind != AW_DOC_OBJECT) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-010", doc ? &doc->loc : &api->loc, "%s",
                         "the OpenAPI definition is not an object");
        return;
    }
    aw_openapi o = {im, doc, api, aw_itree_id(api), strcmp(api_type, "rest") == 0,
                    aw_import_get(doc, "swagger") != NULL, {0}, {0}};
    aw_strset_init(&o.schemes);
    aw_strset_init(&o.integrations);
    if (!aw_itree_get(api, "type"))
        aw_itree_set_string(im, api, "type", api_type, &doc->loc);
    aw_openapi_rest_cors(&o);
    S_top(&o);
    S_api_validator(&o);
    aw_openapi_security_schemes(&o);
    aw_openapi_models(&o);
    S_operations(&o);
    aw_strset_free(&o.schemes);
    aw_strset_free(&o.integrations);
}
