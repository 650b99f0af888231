/* One OpenAPI operation: a route, and the integration its
 * x-amazon-apigateway-integration describes (one node shared by the
 * operations whose integrations say the same). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "openapi_parts.h"

static const aw_iprop S_integration_rows[] = {
    {"type", NULL, NULL, NULL},
    {"uri", NULL, NULL, NULL},
    {"httpMethod", NULL, NULL, NULL},
    {"connectionType", NULL, NULL, NULL},
    {"connectionId", NULL, NULL, NULL},
    {"credentials", "role", aw_iput_credentials, NULL},
    {"contentHandling", "contentHandling", aw_iput_content_handling, NULL},
    {"timeoutInMillis", "timeout", aw_iput_millis, NULL},
    {"payloadFormatVersion", "payloadFormat", aw_iput_payload, NULL},
    {"passthroughBehavior", NULL, aw_iput_derived, NULL},
    {"cacheKeyParameters", NULL, aw_iput_derived, NULL},
    {"requestTemplates", NULL, NULL, NULL},
    {"requestParameters", NULL, NULL, NULL},
    {"responses", NULL, NULL, NULL},
    {"integrationSubtype", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const char *S_json_template(aw_import *im, const aw_doc *templates)
{
    return aw_import_ref_text(im, aw_import_get(templates, "application/json"), "the request template");
}

/* The S3 object action an HTTP method performs on a path ("GET" GetObject),
 * as the format spells a call by path; NULL for other methods. */
static const char *S_s3_action(const char *method)
{
    static const struct { const char *method, *action; } actions[] = {
        {"GET", "GetObject"}, {"PUT", "PutObject"}, {"DELETE", "DeleteObject"}, {"HEAD", "HeadObject"},
    };
    for (size_t i = 0; method && i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(actions[i].method, method) == 0)
            return actions[i].action;
    return NULL;
}

/* "arn:aws:apigateway:R:dynamodb:action/GetItem": service and action;
 * "arn:aws:apigateway:R:s3:path/BUCKET/KEY" with httpMethod GET: service,
 * the object action the method implies, and the path. */
void aw_import_service_uri(aw_import *im, aw_doc *node, const aw_doc *uri, const char *method)
{
    const char *text = aw_import_ref_text_kept(im, uri);
    const char *action = text ? strstr(text, ":action/") : NULL;
    const char *path = text && !action ? strstr(text, ":path/") : NULL;
    const char *end = action ? action : path;
    const char *start = end;
    while (start && start > text && start[-1] != ':')
        start--;
    bool s3 = path && (size_t)(end - start) == 2 && strncmp(start, "s3", 2) == 0;
    const char *s3_action = s3 ? S_s3_action(method) : NULL;
    if (!action && !s3_action) {
        if (text)
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &uri->loc,
                             "the service integration's uri '%s' is neither an action call nor an S3 object "
                             "call by GET, PUT, DELETE or HEAD, which the diagram format can say; it is left out",
                             text);
        return;
    }
    aw_itree_set_string(im, node, "service", aw_arena_strndup(im->arena, start, (size_t)(end - start)), &uri->loc);
    aw_itree_set_string(im, node, "action", action ? action + 8 : s3_action, &uri->loc);
    if (path)
        aw_itree_set_string(im, node, "path", aw_import_pseudo_text(im, path + 6, &uri->loc, "the service path"),
                            &uri->loc);
}

/* A DynamoDB call's table is named in its mapping template:
 * "TableName": "orders" makes table orders the integration's target. */
void aw_import_table_target(aw_import *im, aw_doc *node, const char *tmpl, const aw_loc *loc)
{
    const aw_doc *service = aw_itree_get(node, "service");
    const char *at = tmpl ? strstr(tmpl, "\"TableName\"") : NULL;
    if (!at || !service || strcmp(service->as.string.chars, "dynamodb") != 0)
        return;
    at = strchr(at + 11, '"');
    const char *end = at ? strchr(at + 1, '"') : NULL;
    if (!end || end == at + 1 || memchr(at, '$', (size_t)(end - at)))
        return;     /* a table chosen per request is no one store */
    const char *name = aw_arena_strndup(im->arena, at + 1, (size_t)(end - at - 1));
    aw_itree_set_string(im, node, "target", aw_import_store_named(im, "dynamodb", name, loc), loc);
}

static void S_mock(aw_openapi *o, aw_doc *node, const aw_doc *ext)
{
    const char *request = S_json_template(o->im, aw_import_get(ext, "requestTemplates"));
    aw_itree_set_string(o->im, node, "requestTemplate", request, &ext->loc);
}

static void S_http(aw_openapi *o, aw_doc *node, const aw_doc *ext)
{
    aw_import *im = o->im;
    const char *conn = aw_import_text(im, aw_import_get(ext, "connectionType"), NULL);
    bool vpc = conn && strcmp(conn, "VPC_LINK") == 0;
    aw_itree_set_string(im, node, "type", vpc ? "private" : "http", &ext->loc);
    const aw_doc *uri = aw_import_get(ext, "uri"), *method = aw_import_get(ext, "httpMethod");
    /* An HTTP API's private integration calls a listener, which a
     * template's body names by reference; a document of its own, by text. */
    if (uri && vpc && !o->rest && uri->kind == AW_DOC_OBJECT)
        aw_import_v2_listener(im, node, uri);
    else if (uri)
        aw_itree_set_string(im, node, "url", aw_import_ref_text(im, uri, "the integration's uri"), &uri->loc);
    if (method)
        aw_iput_text(im, node, &(aw_iprop){"httpMethod", "httpMethod", NULL, NULL}, method);
    const aw_doc *link = aw_import_get(ext, "connectionId");
    const char *link_id = link ? aw_import_node_id(im, aw_import_ref(im, link)) : NULL;
    if (link_id)
        aw_itree_set_string(im, node, "vpcLink", link_id, &link->loc);
    const char *link_text = link && !link_id ? aw_import_text(im, link, "connectionId") : NULL;
    const char *listener = NULL;
    if (link_text) {
        link_id = aw_import_existing_vpc_link(im, link_text, &link->loc, &listener);
        aw_itree_set_string(im, node, "vpcLink", link_id, &link->loc);
        aw_itree_set_string(im, node, "listener", listener, &link->loc);
    }
}

static void S_aws(aw_openapi *o, aw_doc *node, const aw_doc *ext, const char *type)
{
    aw_import *im = o->im;
    const aw_doc *uri = aw_import_get(ext, "uri");
    const char *subtype = aw_import_text(im, aw_import_get(ext, "integrationSubtype"), NULL);
    const char *text = uri ? aw_import_text(im, uri, NULL) : NULL;
    /* A Lambda invocation URI, or (HTTP APIs) the function's ARN itself. */
    bool lambda = !subtype && (aw_import_ref(im, uri) || (text && (strstr(text, ":lambda:path/") ||
                                                                   (strncmp(text, "arn:", 4) == 0 &&
                                                                    strstr(text, ":function:")))));
    if (lambda) {
        /* aws_proxy, or aws: a custom integration whose request template
         * shapes the function's event (its responses are reported). */
        const char *alias = NULL;
        const char *fn = aw_import_function_target(im, uri, &alias);
        aw_itree_set_string(im, node, "type", "lambda", &ext->loc);
        if (strcmp(type, "aws_proxy") != 0) {
            aw_itree_set_string(im, node, "style", "custom", &ext->loc);
            aw_itree_set_string(im, node, "requestTemplate",
                                S_json_template(im, aw_import_get(ext, "requestTemplates")), &ext->loc);
        }
        aw_itree_set_string(im, node, "function", fn, &uri->loc);
        aw_itree_set_string(im, node, "alias", alias, &uri->loc);
        if (!fn)
            aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", &uri->loc, "%s",
                             "the Lambda integration's uri names no function");
        return;
    }
    aw_itree_set_string(im, node, "type", "aws", &ext->loc);
    const char *tmpl = S_json_template(im, aw_import_get(ext, "requestTemplates"));
    if (!subtype && aw_import_sqs_query(im, node, uri, aw_import_get(ext, "requestParameters"), tmpl, &ext->loc))
        return;
    if (subtype) {
        size_t dash = strcspn(subtype, "-");
        char *service = aw_arena_strndup(im->arena, subtype, dash);
        for (char *p = service; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        aw_itree_set_string(im, node, "service", strcmp(service, "eventbridge") == 0 ? "events"
                                                 : strcmp(service, "stepfunctions") == 0 ? "states" : service,
                            &ext->loc);
        aw_itree_set_string(im, node, "action", subtype[dash] ? subtype + dash + 1 : NULL, &ext->loc);
        const aw_doc *params = aw_import_get(ext, "requestParameters");
        if (params)
            aw_import_service_parameters(im, node, params);
    } else if (uri) {
        aw_import_service_uri(im, node, uri, aw_import_text(im, aw_import_get(ext, "httpMethod"), NULL));
    }
    aw_itree_set_string(im, node, "requestTemplate", tmpl, &ext->loc);
    aw_import_table_target(im, node, tmpl, &ext->loc);
}

/* The members of a node but its id as one line of text: operations whose
 * integrations say the same share one node. */
static void S_signature(const aw_doc *node, aw_strbuf *out)
{
    for (size_t i = 0; i < node->as.object.count; i++) {
        const aw_doc_member *m = &node->as.object.members[i];
        if (strcmp(m->key, "id") == 0)
            continue;
        aw_strbuf_puts(out, m->key);
        aw_strbuf_putc(out, '=');
        aw_itree_text(m->value, out);
        aw_strbuf_putc(out, '\n');
    }
}

void aw_openapi_fill_integration(aw_openapi *o, aw_doc *node, const aw_doc *ext)
{
    const char *type = aw_import_text(o->im, aw_import_get(ext, "type"), "the integration's type");
    char *lower = aw_arena_strdup(o->im->arena, type ? type : "");
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (strcmp(lower, "mock") == 0) {
        aw_itree_set_string(o->im, node, "type", "mock", &ext->loc);
        S_mock(o, node, ext);
    } else if (strncmp(lower, "http", 4) == 0) {
        S_http(o, node, ext);
    } else if (strncmp(lower, "aws", 3) == 0) {
        S_aws(o, node, ext, lower);
    }
    const aw_doc *responses = aw_import_get(ext, "responses");
    if (responses)
        aw_openapi_read_responses(o, node, responses);
    const aw_doc *params = aw_import_get(ext, "requestParameters");
    if (params && !aw_import_get(ext, "integrationSubtype") && o->rest)
        aw_openapi_read_mappings(o, node, params);
    else if (params && !aw_import_get(ext, "integrationSubtype"))
        aw_import_v2_mappings(o->im, node, params);
    aw_import_target_from_refs(o->im, node);
    aw_import_props(o->im, node, ext, S_integration_rows, "x-amazon-apigateway-integration");
}

/* Builds the integration apart, then keeps it or the equal one met before. */
static const char *S_integration(aw_openapi *o, const aw_doc *ext, const char *route_id)
{
    aw_import *im = o->im;
    aw_doc *probe = aw_itree_object(im, &ext->loc);
    aw_openapi_fill_integration(o, probe, ext);
    aw_strbuf sig = AW_STRBUF_INIT;
    S_signature(probe, &sig);
    const char *key = aw_arena_strndup(im->arena, sig.data ? sig.data : "", sig.len);
    aw_strbuf_free(&sig);
    aw_doc *known = aw_strset_find(&o->integrations, key);
    if (known)
        return aw_itree_id(known);
    const aw_doc *fn = aw_itree_get(probe, "function");
    const char *base = fn ? aw_arena_printf(im->arena, "%s-%s-integration", o->api_id, fn->as.string.chars)
                          : aw_arena_printf(im->arena, "%s-integration", route_id);
    aw_doc *node = aw_itree_node(im, "integration", base, &ext->loc);
    for (size_t i = 0; i < probe->as.object.count; i++)
        aw_itree_set(im, node, probe->as.object.members[i].key, probe->as.object.members[i].value);
    aw_strset_insert(&o->integrations, key, node, NULL);
    return aw_itree_id(node);
}

static void S_security(aw_openapi *o, aw_doc *route, const aw_doc *security)
{
    aw_import *im = o->im;
    if (security->kind != AW_DOC_ARRAY)
        return;
    if (!security->as.array.count && aw_import_get(o->doc, "security"))
        aw_itree_set_string(im, route, "authorizer", "none", &security->loc);
    if (security->as.array.count > 1)
        aw_openapi_unmapped(o, "a second security requirement", &security->as.array.items[1]->loc,
                            "the operation (the diagram takes one authorizer per route)");
    const aw_doc *req = security->as.array.count ? security->as.array.items[0] : NULL;
    for (size_t i = 0; req && req->kind == AW_DOC_OBJECT && i < req->as.object.count; i++) {
        const aw_doc_member *m = &req->as.object.members[i];
        const char *auth = aw_openapi_authorizer(o, m->key);
        if (!auth) {
            aw_itree_set(im, route, "apiKeyRequired", aw_itree_bool(im, true, &m->key_loc));
            continue;
        }
        aw_itree_set_string(im, route, "authorizer", auth, &m->key_loc);
        aw_iput_strings(im, route, &(aw_iprop){"scopes", "scopes", NULL, NULL}, m->value);
    }
}

/* "#/components/schemas/Name" or "#/definitions/Name" of the JSON body. */
static void S_request_model(aw_openapi *o, aw_doc *route, const aw_doc *op)
{
    const aw_doc *schema = aw_import_get(
        aw_import_get(aw_import_get(aw_import_get(op, "requestBody"), "content"), "application/json"), "schema");
    const aw_doc *params = aw_import_get(op, "parameters");
    for (size_t i = 0; !schema && params && params->kind == AW_DOC_ARRAY && i < params->as.array.count; i++) {
        const char *in = aw_import_text(o->im, aw_import_get(params->as.array.items[i], "in"), NULL);
        if (in && strcmp(in, "body") == 0)
            schema = aw_import_get(params->as.array.items[i], "schema");
    }
    const char *ref = aw_import_text(o->im, aw_import_get(schema, "$ref"), NULL);
    const char *slash = ref ? strrchr(ref, '/') : NULL;
    if (slash && o->rest)
        aw_itree_set_string(o->im, route, "requestModel", slash + 1, &schema->loc);
}

/* The sentence of 'archway build' for a route without a description of
 * its own ("Answered by the Lambda function `x`. Public: no authorizer."):
 * the build's, not the user's, so it does not come back. */
static bool S_generated_description(const char *text)
{
    static const char *const auth_sentences[] = {". Public: no authorizer.", ". Callers sign their requests with ",
                                                 ". Authorized by the "};
    if (strncmp(text, "Answered by ", 12) != 0)
        return false;
    for (size_t i = 0; i < sizeof auth_sentences / sizeof *auth_sentences; i++)
        if (strstr(text, auth_sentences[i]))
            return true;
    return false;
}

static void S_description(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *text = aw_import_text(im, value, row->prop);
    if (text && !S_generated_description(text))
        aw_itree_set_string(im, target, row->field, text, &value->loc);
}

static const aw_iprop S_operation_rows[] = {
    {"operationId", NULL, NULL, NULL},
    {"summary", NULL, aw_iput_derived, NULL},
    {"description", "description", S_description, NULL},
    {"parameters", "parameters", aw_iput_parameters, NULL},
    {"requestBody", NULL, NULL, NULL},
    {"responses", NULL, aw_iput_derived, NULL},
    {"security", NULL, NULL, NULL},
    {"tags", NULL, aw_iput_derived, NULL},
    {"consumes", NULL, aw_iput_derived, NULL},
    {"produces", NULL, aw_iput_derived, NULL},
    {"x-amazon-apigateway-integration", NULL, NULL, NULL},
    {"x-amazon-apigateway-request-validator", NULL, NULL, NULL},
    {"x-archway-route", NULL, NULL, NULL},
    {"x-archway-integration", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_openapi_operation(aw_openapi *o, const char *path, const char *method, const aw_doc *op, const aw_loc *loc)
{
    aw_import *im = o->im;
    o->im->counts.operations++;
    const aw_doc *ext = aw_import_get(op, "x-amazon-apigateway-integration");
    if (!ext) {
        /* API Gateway's own import skips such a method with a warning too. */
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-012", loc,
                         "operation %s %s has no x-amazon-apigateway-integration; it is left out", method, path);
        return;
    }
    const char *op_id = aw_import_text(im, aw_import_get(op, "operationId"), NULL);
    aw_doc *route = aw_itree_node(im, "route", op_id ? op_id : aw_arena_printf(im->arena, "%s %s", method, path), loc);
    aw_itree_set_string(im, route, "api", o->api_id, loc);
    char *upper = aw_arena_strdup(im->arena, method);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    aw_itree_set_string(im, route, "method", upper, loc);
    aw_itree_set_string(im, route, "path", path, loc);
    const aw_doc *security = aw_import_get(op, "security");
    if (security)
        S_security(o, route, security);
    const aw_doc *validator = aw_import_get(op, "x-amazon-apigateway-request-validator");
    if (validator)
        aw_itree_set_string(im, route, "requestValidation", aw_openapi_validator(o, validator), &validator->loc);
    S_request_model(o, route, op);
    aw_import_props(im, route, op, S_operation_rows, aw_arena_printf(im->arena, "%s %s", upper, path));
    const char *integration = S_integration(o, ext, aw_itree_id(route));
    aw_itree_set_string(im, route, "integration", integration, &ext->loc);
    aw_import_meta_operation(im, route, aw_strset_find(&im->ids, integration), op);
    if (o->rest) {
        aw_import_drop_mapped_params(im, route, aw_strset_find(&im->ids, integration),
                                     aw_import_get(ext, "cacheKeyParameters"));
        aw_import_cache_keys(im, route, aw_import_get(ext, "cacheKeyParameters"));
    }
    else
        aw_itree_remove(route, "parameters");     /* the format declares them on REST methods only */
}
