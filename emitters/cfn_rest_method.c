/* A REST method as an AWS::ApiGateway::Method, from its OpenAPI operation
 * as the Body path writes it, under the names API Gateway's import gives
 * each part: authorization, request parameters, model and validator,
 * method responses, and the integration with its responses. */
#include "cfn_rest_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an operation may hold; each part is read below, or documents the
 * method for readers only. */
static const aw_rest_form_row S_operation_rows[] = {
    {"operationId", NULL},
    {"tags", NULL},
    {"summary", NULL},
    {"description", NULL},
    {"parameters", NULL},
    {"requestBody", NULL},
    {"security", NULL},
    {"responses", NULL},
    {"x-amazon-apigateway-integration", NULL},
    {"x-amazon-apigateway-request-validator", NULL},
    /* IAM in place of a JWT authorizer, for an import of the document
     * alone (openapi.c): the template attaches the authorizer. */
    {"x-amazon-apigateway-auth", NULL},
    {"x-archway-route", NULL},
    {"x-archway-integration", NULL},
};

/* Type, PassthroughBehavior and the responses are written in their own
 * spelling below. */
static const aw_rest_form_row S_integration_rows[] = {
    {"type", NULL},
    {"passthroughBehavior", NULL},
    {"responses", NULL},
    {"httpMethod", "IntegrationHttpMethod"},
    {"uri", "Uri"},
    {"credentials", "Credentials"},
    {"connectionType", "ConnectionType"},
    {"connectionId", "ConnectionId"},
    {"requestParameters", "RequestParameters"},
    {"requestTemplates", "RequestTemplates"},
    {"contentHandling", "ContentHandling"},
    {"timeoutInMillis", "TimeoutInMillis"},
    {"cacheKeyParameters", "CacheKeyParameters"},
    {"cacheNamespace", "CacheNamespace"},
};

static const aw_rest_form_row S_response_rows[] = {
    {"statusCode", "StatusCode"},
    {"responseParameters", "ResponseParameters"},
    {"responseTemplates", "ResponseTemplates"},
    {"contentHandling", "ContentHandling"},
};

#define S_COUNT(rows) (sizeof(rows) / sizeof(rows)[0])

/* "when_no_match" -> "WHEN_NO_MATCH": the template's enumerations. */
static void S_upper_member(aw_jw *w, const char *key, const json_t *value)
{
    const char *text = json_string_value(value);
    if (!text)
        return;
    aw_strbuf b = AW_STRBUF_INIT;
    for (const char *p = text; *p; p++)
        aw_strbuf_putc(&b, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
    aw_jw_member_string(w, key, b.data);
    aw_strbuf_free(&b);
}

static void S_integration_responses(aw_rest_form *f, const json_t *responses)
{
    aw_jw *w = f->c->w;
    const char *pattern;
    json_t *r;
    if (!json_object_size(responses))
        return;
    aw_jw_key(w, "IntegrationResponses");
    aw_jw_array(w);
    json_object_foreach((json_t *)responses, pattern, r) {
        aw_jw_object(w);
        if (strcmp(pattern, "default") != 0)
            aw_jw_member_string(w, "SelectionPattern", pattern);
        aw_rest_form_members(f, r, S_response_rows, S_COUNT(S_response_rows), "an integration response's");
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

static void S_integration(aw_rest_form *f, const json_t *in)
{
    aw_jw *w = f->c->w;
    aw_jw_key(w, "Integration");
    aw_jw_object(w);
    S_upper_member(w, "Type", json_object_get(in, "type"));
    aw_rest_form_members(f, in, S_integration_rows, S_COUNT(S_integration_rows), "an integration's");
    S_upper_member(w, "PassthroughBehavior", json_object_get(in, "passthroughBehavior"));
    S_integration_responses(f, json_object_get(in, "responses"));
    aw_jw_end_object(w);
}

/* The model a media type's schema names ("#/components/schemas/Name"). */
static const char *S_model_name(const json_t *media)
{
    const char *ref = json_string_value(json_object_get(json_object_get(media, "schema"), "$ref"));
    static const char prefix[] = "#/components/schemas/";
    return ref && strncmp(ref, prefix, sizeof prefix - 1) == 0 ? ref + sizeof prefix - 1 : NULL;
}

/* The models content names, as key: RequestModels (or a response's
 * ResponseModels), {media type: model name}; or DependsOn, their
 * resources, since a Method names a model by name and must wait for it. */
static void S_models(aw_rest_form *f, const char *key, const json_t *content)
{
    aw_jw *w = f->c->w;
    bool depends = strcmp(key, "DependsOn") == 0, open = false;
    const char *type;
    json_t *media;
    json_object_foreach((json_t *)content, type, media) {
        const char *name = S_model_name(media);
        if (!name)
            continue;
        if (!open) {
            aw_jw_key(w, key);
            depends ? aw_jw_array_inline(w) : aw_jw_object(w);
            open = true;
        }
        if (depends) {
            char id[300];
            aw_rest_form_part_id(f, name, "Model", id, sizeof id);
            aw_jw_string(w, id);
        } else {
            aw_jw_member_string(w, type, name);
        }
    }
    if (open)
        depends ? aw_jw_end_array(w) : aw_jw_end_object(w);
}

static void S_method_responses(aw_rest_form *f, const json_t *responses)
{
    aw_jw *w = f->c->w;
    const char *status, *header;
    json_t *r, *h;
    aw_jw_key(w, "MethodResponses");
    aw_jw_array(w);
    json_object_foreach((json_t *)responses, status, r) {
        aw_jw_object(w);
        aw_jw_member_string(w, "StatusCode", status);
        const json_t *headers = json_object_get(r, "headers");
        if (json_object_size(headers)) {
            aw_jw_key(w, "ResponseParameters");
            aw_jw_object(w);
            json_object_foreach((json_t *)headers, header, h) {
                aw_jw_keyf(w, "method.response.header.%s", header);
                aw_jw_bool(w, false);
            }
            aw_jw_end_object(w);
        }
        S_models(f, "ResponseModels", json_object_get(r, "content"));
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

/* Parameters as method.request.{path,querystring,header}.NAME: required. */
static void S_request_parameters(aw_jw *w, const json_t *params)
{
    static const struct { const char *in, *where; } kinds[] = {
        {"path", "path"}, {"query", "querystring"}, {"header", "header"},
    };
    size_t i;
    json_t *p;
    if (!json_array_size(params))
        return;
    aw_jw_key(w, "RequestParameters");
    aw_jw_object(w);
    json_array_foreach(params, i, p) {
        const char *in = json_string_value(json_object_get(p, "in"));
        const char *name = json_string_value(json_object_get(p, "name"));
        for (size_t k = 0; in && name && k < sizeof kinds / sizeof kinds[0]; k++) {
            if (strcmp(in, kinds[k].in) != 0)
                continue;
            aw_jw_keyf(w, "method.request.%s.%s", kinds[k].where, name);
            aw_jw_bool(w, json_is_true(json_object_get(p, "required")));
        }
    }
    aw_jw_end_object(w);
}

/* AuthorizationType, AuthorizerId and AuthorizationScopes of the security
 * requirement's authorizer; ApiKeyRequired for its API key. */
static void S_authorization(aw_rest_form *f, const json_t *op)
{
    static const char *const types[] = {
        [AW_AUTH_UNSET] = "NONE", [AW_AUTH_IAM] = "AWS_IAM", [AW_AUTH_COGNITO] = "COGNITO_USER_POOLS",
        [AW_AUTH_JWT] = "JWT", [AW_AUTH_LAMBDA] = "CUSTOM",
    };
    aw_jw *w = f->c->w;
    const json_t *requirement = json_array_get(json_object_get(op, "security"), 0);
    const aw_node *auth = NULL;
    const json_t *scopes = NULL;
    bool key = false;
    const char *name;
    json_t *list;
    json_object_foreach((json_t *)requirement, name, list) {
        const aw_node *node = aw_model_find(f->c->d.model, name);
        key |= strcmp(name, "api_key") == 0;
        if (node && node->kind == AW_KIND_AUTHORIZER)
            auth = node, scopes = list;
    }
    aw_authorizer_type t = auth ? auth->as.authorizer.type : AW_AUTH_UNSET;
    aw_jw_member_string(w, "AuthorizationType", types[t]);
    if (t != AW_AUTH_UNSET && t != AW_AUTH_IAM) {
        char id[300];
        aw_cfn_id(f->c, auth, "Authorizer", id, sizeof id);
        aw_jw_key(w, "AuthorizerId");
        aw_cfn_ref(w, id);
    }
    if (json_array_size(scopes)) {
        aw_jw_key(w, "AuthorizationScopes");
        aw_rest_form_value(w, scopes);
    }
    if (key)
        aw_jw_member_bool(w, "ApiKeyRequired", true);
}

/* The Method's logical id: its route's, else (a CORS preflight) its
 * path's and verb's. */
static const aw_node *S_method_id(aw_rest_form *f, const char *path, const char *verb, const json_t *op, char *buf,
                                  size_t size)
{
    const char *op_id = json_string_value(json_object_get(op, "operationId"));
    const aw_node *route = op_id ? aw_model_find(f->c->d.model, op_id) : NULL;
    if (route && route->kind == AW_KIND_ROUTE) {
        aw_cfn_id(f->c, route, "Method", buf, size);
        return route;
    }
    bool any = strcmp(verb, "x-amazon-apigateway-any-method") == 0;
    snprintf(buf, size, "%s%c%sMethod", aw_rest_form_path_stem(f, path), any ? 'A' : verb[0] - 'a' + 'A',
             any ? "ny" : verb + 1);
    return NULL;
}

static void S_record(aw_rest_form *f, const char *id)
{
    if (f->method_count == f->method_cap) {
        f->method_cap = f->method_cap ? 2 * f->method_cap : 16;
        f->methods = realloc(f->methods, f->method_cap * sizeof *f->methods);
        if (!f->methods)
            abort();
    }
    f->methods[f->method_count++] = aw_arena_strdup(&f->arena, id);
}

void aw_rest_form_method(aw_rest_form *f, const char *path, const char *verb, const json_t *op)
{
    aw_cfn *c = f->c;
    aw_jw *w = c->w;
    char id[300];
    const aw_node *route = S_method_id(f, path, verb, op, id, sizeof id);
    const json_t *content = json_object_get(json_object_get(op, "requestBody"), "content");
    aw_rest_form_members(f, op, S_operation_rows, S_COUNT(S_operation_rows), "an operation's");
    S_record(f, id);
    aw_cfn_resource_typed(c, route ? route : f->api, id, "AWS::ApiGateway::Method");
    S_models(f, "DependsOn", content);
    aw_cfn_properties(c);
    aw_jw_key(w, "RestApiId");
    aw_cfn_ref(w, f->api_id);
    aw_jw_key(w, "ResourceId");
    aw_rest_form_resource_ref(f, path);
    char method[16] = "ANY";
    for (size_t i = 0; strcmp(verb, "x-amazon-apigateway-any-method") != 0 && i < sizeof method; i++)
        if (!(method[i] = (char)(verb[i] >= 'a' && verb[i] <= 'z' ? verb[i] - 'a' + 'A' : verb[i])))
            break;
    aw_jw_member_string(w, "HttpMethod", method);
    const char *op_id = json_string_value(json_object_get(op, "operationId"));
    if (op_id)
        aw_jw_member_string(w, "OperationName", op_id);
    S_authorization(f, op);
    S_request_parameters(w, json_object_get(op, "parameters"));
    S_models(f, "RequestModels", content);
    const char *validator = json_string_value(json_object_get(op, "x-amazon-apigateway-request-validator"));
    bool api_validator = !validator;
    if (!validator)
        validator = json_string_value(json_object_get(f->doc, "x-amazon-apigateway-request-validator"));
    api_validator &= validator != NULL;
    if (validator) {
        aw_rest_form_part_id(f, validator, "Validator", id, sizeof id);
        aw_jw_key(w, "RequestValidatorId");
        aw_cfn_ref(w, id);
    }
    S_method_responses(f, json_object_get(op, "responses"));
    const json_t *in = json_object_get(op, "x-amazon-apigateway-integration");
    if (in)
        S_integration(f, in);
    aw_rest_form_end(f, json_object_get(op, "x-archway-route"), json_object_get(op, "x-archway-integration"),
                     api_validator);
}
