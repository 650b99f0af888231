/* OpenAPI security schemes (components.securitySchemes, Swagger's
 * securityDefinitions) with API Gateway's authorizer extensions, and
 * request validators. */
#include <string.h>

#include "openapi_parts.h"

void aw_openapi_unmapped(aw_openapi *o, const char *key, const aw_loc *loc, const char *where)
{
    o->im->counts.unmapped++;
    aw_import_report(o->im, AW_SEV_WARNING, "AW-IMPORT-003", loc,
                     "%s of %s has no place in the diagram format; it is left out", key, where);
}

static const aw_doc *S_schemes(const aw_openapi *o)
{
    return o->swagger ? aw_import_get(o->doc, "securityDefinitions")
                      : aw_import_get(aw_import_get(o->doc, "components"), "securitySchemes");
}

/* Scheme names are the ids of the API's authorizers in a diagram Archway
 * built; an id already taken (a second API's scheme of the same name) gets
 * a suffix, so the node is found through the import's own table. */
const char *aw_openapi_authorizer(aw_openapi *o, const char *scheme)
{
    const aw_doc *node = aw_strset_find(&o->schemes, scheme);
    return node ? aw_itree_id(node) : NULL;
}

static const aw_iprop S_authorizer_rows[] = {
    {"type", NULL, NULL, NULL},
    {"authorizerUri", NULL, NULL, NULL},
    {"identitySource", "identitySources", aw_iput_source_list, NULL},
    {"authorizerResultTtlInSeconds", "resultTtl", aw_iput_seconds, NULL},
    {"authorizerPayloadFormatVersion", "payloadFormat", aw_iput_text, NULL},
    {"enableSimpleResponses", "simpleResponses", aw_iput_bool, NULL},
    {"providerARNs", NULL, NULL, NULL},
    {"jwtConfiguration", NULL, NULL, NULL},
    {"authorizerCredentials", "role", aw_iput_credentials, NULL},
    {"identityValidationExpression", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_lambda_authorizer(aw_openapi *o, aw_doc *node, const aw_doc *ext, const char *type)
{
    aw_itree_set_string(o->im, node, "type", "lambda", &ext->loc);
    if (o->rest)
        aw_itree_set_string(o->im, node, "lambdaType", strcmp(type, "token") == 0 ? "token" : "request", &ext->loc);
    const aw_doc *uri = aw_import_get(ext, "authorizerUri");
    const char *alias = NULL;
    const char *fn = uri ? aw_import_function_target(o->im, uri, &alias) : NULL;
    aw_itree_set_string(o->im, node, "function", fn, uri ? &uri->loc : NULL);
}

static void S_scheme(aw_openapi *o, const aw_doc_member *m)
{
    const aw_doc *ext = aw_import_get(m->value, "x-amazon-apigateway-authorizer");
    const char *authtype = aw_import_text(o->im, aw_import_get(m->value, "x-amazon-apigateway-authtype"), NULL);
    const char *type = aw_import_text(o->im, aw_import_get(ext, "type"), NULL);
    if (!ext && !(authtype && strcmp(authtype, "awsSigv4") == 0))
        return;     /* api_key and plain schemes: read with each operation */
    aw_doc *node = aw_itree_node(o->im, "authorizer", m->key, &m->value->loc);
    aw_strset_insert(&o->schemes, m->key, node, NULL);
    aw_import_meta_note(o->im, node, aw_import_get(m->value, "x-archway-authorizer"));
    if (!ext) {
        aw_itree_set_string(o->im, node, "type", "iam", &m->value->loc);
        return;
    }
    if (type && strcmp(type, "jwt") == 0) {
        aw_itree_set_string(o->im, node, "type", "jwt", &ext->loc);
        aw_import_props(o->im, node, aw_import_get(ext, "jwtConfiguration"), aw_import_jwt_rows, m->key);
    } else if (type && strcmp(type, "cognito_user_pools") == 0) {
        aw_itree_set_string(o->im, node, "type", "cognito", &ext->loc);
        const aw_doc *pools = aw_import_get(ext, "providerARNs");
        if (pools && pools->kind == AW_DOC_ARRAY && pools->as.array.count)
            aw_itree_set_string(o->im, node, "userPool",
                                aw_import_text(o->im, pools->as.array.items[0], "providerARNs"), &pools->loc);
        const aw_doc *header = aw_import_get(m->value, "name");
        const char *name = aw_import_text(o->im, header, NULL);
        if (name && strcmp(name, "Authorization") != 0) {
            aw_doc *list = aw_itree_array(o->im, &header->loc);
            aw_itree_push(o->im, list, aw_itree_string(o->im, aw_arena_printf(o->im->arena, "method.request.header.%s", name), &header->loc));
            aw_itree_set(o->im, node, "identitySources", list);
        }
    } else {
        S_lambda_authorizer(o, node, ext, type ? type : "request");
    }
    aw_import_props(o->im, node, ext, S_authorizer_rows, m->key);
}

void aw_openapi_security_schemes(aw_openapi *o)
{
    const aw_doc *schemes = S_schemes(o);
    for (size_t i = 0; schemes && schemes->kind == AW_DOC_OBJECT && i < schemes->as.object.count; i++)
        S_scheme(o, &schemes->as.object.members[i]);
}

const char *aw_openapi_validator(aw_openapi *o, const aw_doc *name)
{
    const char *text = aw_import_text(o->im, name, "x-amazon-apigateway-request-validator");
    const aw_doc *v = aw_import_get(aw_import_get(o->doc, "x-amazon-apigateway-request-validators"), text ? text : "");
    if (!v) {
        if (text)
            aw_import_report(o->im, AW_SEV_WARNING, "AW-IMPORT-004", &name->loc,
                             "request validator '%s' is not defined in x-amazon-apigateway-request-validators; "
                             "it is left out",
                             text);
        return NULL;
    }
    const aw_doc *b = aw_import_get(v, "validateRequestBody"), *p = aw_import_get(v, "validateRequestParameters");
    bool body = b && b->kind == AW_DOC_BOOL && b->as.boolean, params = p && p->kind == AW_DOC_BOOL && p->as.boolean;
    return body && params ? "all" : body ? "body" : params ? "params" : "none";
}
