/* A REST API whose methods are template resources instead of an OpenAPI
 * Body, for a JWT authorizer, which CloudFormation spells for REST and no
 * OpenAPI extension does: its resource tree, models, validators and
 * gateway responses, read from the document the Body path writes
 * (authorizers: cfn_rest_authorizers.c; methods: cfn_rest_method.c). */
#include "cfn_rest_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openapi.h"

/* ---- values and names ------------------------------------------------------------- */

static bool S_reference(const json_t *v)
{
    static const char *const keys[] = {"Ref", "Fn::GetAtt", "Fn::Sub"};
    if (json_object_size(v) != 1)
        return false;
    const char *key = json_object_iter_key(json_object_iter((json_t *)v));
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

void aw_rest_form_value(aw_jw *w, const json_t *v)
{
    const char *key;
    json_t *member;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        if (S_reference(v))
            aw_jw_object_inline(w);
        else
            aw_jw_object(w);
        json_object_foreach((json_t *)v, key, member) {
            aw_jw_key(w, key);
            aw_rest_form_value(w, member);
        }
        aw_jw_end_object(w);
        break;
    case JSON_ARRAY:
        aw_jw_array(w);
        json_array_foreach(v, i, member) aw_rest_form_value(w, member);
        aw_jw_end_array(w);
        break;
    case JSON_STRING:
        aw_jw_string(w, json_string_value(v));
        break;
    case JSON_INTEGER:
        aw_jw_int(w, (int64_t)json_integer_value(v));
        break;
    case JSON_REAL:
        aw_jw_number(w, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        aw_jw_bool(w, json_is_true(v));
        break;
    case JSON_NULL:
        aw_jw_string(w, "null");
        break;
    }
}

/* text as a part of a logical id: letters and digits, each word's first
 * letter upper case; '{' of a path parameter reads "By", a greedy '+' "Any",
 * so that "/a/{b}" and "/a/b" differ. */
static void S_camel(aw_strbuf *b, const char *text)
{
    bool upper = true;
    for (const char *p = text; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (ch == '{' || ch == '+')
            aw_strbuf_puts(b, ch == '{' ? "By" : "Any");
        if (!alnum) {
            upper = true;
            continue;
        }
        aw_strbuf_putc(b, upper && ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : (char)ch);
        upper = false;
    }
}

void aw_rest_form_part_id(const aw_rest_form *f, const char *text, const char *word, char *buf, size_t size)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, aw_logical_id(&f->c->d.ids, f->api));
    S_camel(&b, text);
    snprintf(buf, size, "%s%s", b.data, word);
    aw_strbuf_free(&b);
}

const char *aw_rest_form_path_stem(aw_rest_form *f, const char *path)
{
    const char *stem = aw_strset_find(&f->paths, path);
    if (stem)
        return stem;
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, aw_logical_id(&f->c->d.ids, f->api));
    S_camel(&b, strcmp(path, "/") == 0 ? "Root" : path);
    /* Logical ids hold 255 characters: a long path keeps its start and a
     * hash of the whole, so that ids stay apart. */
    if (b.len > 200) {
        b.len = 190;
        aw_strbuf_printf(&b, "%08llx", (unsigned long long)(aw_text_hash_of(path, strlen(path)) & 0xffffffffu));
    }
    /* Two paths whose words agree ("/a-b", "/aB") are numbered apart. */
    size_t len = b.len;
    for (unsigned n = 2; aw_strset_find(&f->stems, b.data); n++) {
        b.len = len;
        aw_strbuf_printf(&b, "%u", n);
    }
    char *copy = aw_arena_strdup(&f->arena, b.data);
    aw_strbuf_free(&b);
    aw_strset_insert(&f->stems, copy, copy, NULL);
    aw_strset_insert(&f->paths, aw_arena_strdup(&f->arena, path), copy, NULL);
    return copy;
}

void aw_rest_form_resource_ref(aw_rest_form *f, const char *path)
{
    if (strcmp(path, "/") == 0) {
        aw_cfn_getatt(f->c->w, f->api_id, "RootResourceId");
        return;
    }
    char id[300];
    snprintf(id, sizeof id, "%sResource", aw_rest_form_path_stem(f, path));
    aw_cfn_ref(f->c->w, id);
}

void aw_rest_form_part_open(aw_rest_form *f, const aw_node *node, const char *id, const char *type)
{
    aw_cfn_resource(f->c, node, id, type);
    aw_jw_key(f->c->w, "RestApiId");
    aw_cfn_ref(f->c->w, f->api_id);
}

void aw_rest_form_end(aw_rest_form *f, const json_t *meta, const json_t *integration_meta, bool api_validator)
{
    aw_jw *w = f->c->w;
    if (!meta) {
        aw_cfn_resource_end(f->c);
        return;
    }
    /* The design facts the Body's x-archway-* members hold, where the
     * import finds them for a resource (and which no deployment hash reads). */
    aw_jw_end_object(w);
    aw_jw_key(w, "Metadata");
    aw_jw_object_inline(w);
    aw_jw_key(w, "Archway");
    aw_rest_form_value(w, meta);
    if (integration_meta) {
        aw_jw_key(w, "ArchwayIntegration");
        aw_rest_form_value(w, integration_meta);
    }
    if (api_validator)
        aw_jw_member_string(w, "ArchwayValidation", "api");
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

bool aw_rest_form_members(aw_rest_form *f, const json_t *from, const aw_rest_form_row *rows, size_t count,
                          const char *what)
{
    const char *key;
    json_t *value;
    bool whole = true;
    json_object_foreach((json_t *)from, key, value) {
        size_t i = 0;
        while (i < count && strcmp(rows[i].member, key) != 0)
            i++;
        if (i == count) {
            aw_deploy_report(&f->c->d, f->api, NULL, "REST API '%s' is written as template resources (it has a JWT "
                             "authorizer), and %s member '%s' has no property there", f->api->id, what, key);
            whole = false;
        } else if (rows[i].property) {
            aw_jw_key(f->c->w, rows[i].property);
            aw_rest_form_value(f->c->w, value);
        }
    }
    return whole;
}

/* ---- the document ----------------------------------------------------------------- */

bool aw_rest_form_open(aw_rest_form *f, aw_cfn *c, const aw_node *api, const char *api_id)
{
    memset(f, 0, sizeof *f);
    f->c = c;
    f->api = api;
    f->api_id = api_id;
    aw_arena_init(&f->arena);
    aw_strset_init(&f->paths);
    aw_strset_init(&f->stems);
    aw_strset_init(&f->written);
    aw_strbuf text = AW_STRBUF_INIT;
    aw_jw w;
    aw_jw_init(&w, &text);
    aw_openapi_write(&c->d, &w, api);
    json_error_t err;
    f->doc = json_loadb(text.data, text.len, 0, &err);
    aw_strbuf_free(&text);
    if (!f->doc)
        aw_deploy_report(&c->d, api, NULL, "REST API '%s': its OpenAPI document could not be read back to write its "
                         "methods as template resources (%s)", api->id, err.text);
    return f->doc != NULL;
}

void aw_rest_form_close(aw_rest_form *f)
{
    json_decref(f->doc);
    free(f->methods);
    aw_strset_free(&f->paths);
    aw_strset_free(&f->stems);
    aw_strset_free(&f->written);
    aw_arena_free(&f->arena);
}

/* The document's members the RestApi takes (the others are written as
 * resources of their own, or document the API for readers only). */
static const aw_rest_form_row S_api_rows[] = {
    {"openapi", NULL},
    {"info", NULL},
    {"servers", NULL},
    {"tags", NULL},
    {"paths", NULL},
    {"components", NULL},
    {"x-amazon-apigateway-api-key-source", "ApiKeySourceType"},
    {"x-amazon-apigateway-binary-media-types", "BinaryMediaTypes"},
    {"x-amazon-apigateway-policy", "Policy"},
    {"x-amazon-apigateway-request-validators", NULL},
    {"x-amazon-apigateway-request-validator", NULL},
    {"x-amazon-apigateway-gateway-responses", NULL},
};

void aw_rest_form_api_properties(aw_rest_form *f)
{
    aw_rest_form_members(f, f->doc, S_api_rows, sizeof S_api_rows / sizeof S_api_rows[0], "the document's");
}

/* ---- models, validators, gateway responses -------------------------------------------- */

/* A model as drawn: its JSON Schema draft 4, which API Gateway's models
 * take (the document's schemas are that schema made OpenAPI's). */
static void S_models(aw_rest_form *f)
{
    const aw_api *a = &f->api->as.api;
    for (size_t i = 0; i < a->model_count; i++) {
        const aw_model_def *md = &a->models[i];
        char id[300];
        aw_rest_form_part_id(f, md->name, "Model", id, sizeof id);
        aw_rest_form_part_open(f, f->api, id, "AWS::ApiGateway::Model");
        aw_jw_member_string(f->c->w, "Name", md->name);
        aw_jw_member_string(f->c->w, "ContentType", md->content_type ? md->content_type : "application/json");
        json_t *schema = md->schema ? json_loads(md->schema, JSON_REJECT_DUPLICATES, NULL) : NULL;
        aw_jw_key(f->c->w, "Schema");
        if (json_is_object(schema)) {
            aw_rest_form_value(f->c->w, schema);
        } else {    /* reported by the document's writer */
            aw_jw_object(f->c->w);
            aw_jw_end_object(f->c->w);
        }
        json_decref(schema);
        aw_cfn_resource_end(f->c);
    }
}

static bool S_validator_used(const aw_rest_form *f, const char *name)
{
    const char *key = "x-amazon-apigateway-request-validator", *path;
    const char *fallback = json_string_value(json_object_get(f->doc, key));
    if (fallback && strcmp(fallback, name) == 0)
        return true;
    json_t *item, *op;
    json_object_foreach(json_object_get(f->doc, "paths"), path, item) {
        const char *verb;
        json_object_foreach(item, verb, op) {
            const char *v = json_string_value(json_object_get(op, key));
            if (v && strcmp(v, name) == 0)
                return true;
        }
    }
    return false;
}

static const aw_rest_form_row S_validator_rows[] = {
    {"validateRequestBody", "ValidateRequestBody"},
    {"validateRequestParameters", "ValidateRequestParameters"},
};

static void S_validators(aw_rest_form *f)
{
    const char *name;
    json_t *v;
    json_object_foreach(json_object_get(f->doc, "x-amazon-apigateway-request-validators"), name, v) {
        if (!S_validator_used(f, name))
            continue;
        char id[300];
        aw_rest_form_part_id(f, name, "Validator", id, sizeof id);
        aw_rest_form_part_open(f, f->api, id, "AWS::ApiGateway::RequestValidator");
        aw_jw_member_string(f->c->w, "Name", name);
        aw_rest_form_members(f, v, S_validator_rows, 2, "a request validator's");
        aw_cfn_resource_end(f->c);
    }
}

static const aw_rest_form_row S_gateway_response_rows[] = {
    {"statusCode", "StatusCode"},
    {"responseParameters", "ResponseParameters"},
    {"responseTemplates", "ResponseTemplates"},
};

static void S_gateway_responses(aw_rest_form *f)
{
    const char *type;
    json_t *r;
    json_object_foreach(json_object_get(f->doc, "x-amazon-apigateway-gateway-responses"), type, r) {
        /* "DEFAULT_4XX" -> "...Default4xxGatewayResponse" */
        char id[300], words[200];
        size_t n = 0;
        for (; type[n] && n < sizeof words - 1; n++)
            words[n] = (char)(type[n] >= 'A' && type[n] <= 'Z' ? type[n] - 'A' + 'a' : type[n]);
        words[n] = '\0';
        aw_rest_form_part_id(f, words, "GatewayResponse", id, sizeof id);
        aw_rest_form_part_open(f, f->api, id, "AWS::ApiGateway::GatewayResponse");
        aw_jw_member_string(f->c->w, "ResponseType", type);
        aw_rest_form_members(f, r, S_gateway_response_rows, 3, "a gateway response's");
        aw_cfn_resource_end(f->c);
    }
}

/* ---- resources and methods ------------------------------------------------------------ */

/* The Resource of path[0, len), after its parent's. */
static void S_resource(aw_rest_form *f, const char *path, size_t len)
{
    char *prefix = aw_arena_strndup(&f->arena, path, len);
    if (!aw_strset_insert(&f->written, prefix, prefix, NULL))
        return;
    const char *part = strrchr(prefix, '/') + 1;
    char *parent = aw_arena_strndup(&f->arena, prefix, part - prefix > 1 ? (size_t)(part - prefix - 1) : 1);
    char id[300];
    snprintf(id, sizeof id, "%sResource", aw_rest_form_path_stem(f, prefix));
    aw_rest_form_part_open(f, f->api, id, "AWS::ApiGateway::Resource");
    aw_jw_key(f->c->w, "ParentId");
    aw_rest_form_resource_ref(f, parent);
    aw_jw_member_string(f->c->w, "PathPart", part);
    aw_cfn_resource_end(f->c);
}

static bool S_is_operation(const char *key)
{
    static const char *const verbs[] = {"get", "put", "post", "delete", "options", "head", "patch",
                                        "x-amazon-apigateway-any-method"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(key, verbs[i]) == 0)
            return true;
    return false;
}

void aw_rest_form_resources(aw_rest_form *f)
{
    aw_rest_form_authorizers(f);
    S_models(f);
    S_validators(f);
    S_gateway_responses(f);
    const json_t *paths = json_object_get(f->doc, "paths");
    const char *path, *verb;
    json_t *item, *op;
    /* Each path's resources, shared prefixes once, parents first. */
    json_object_foreach((json_t *)paths, path, item) {
        for (size_t k = 1; path[0] == '/' && path[k - 1]; k++)
            if (path[k] == '/' || (path[k] == '\0' && k > 1))
                S_resource(f, path, k);
    }
    json_object_foreach((json_t *)paths, path, item) {
        json_object_foreach(item, verb, op) {
            if (S_is_operation(verb))
                aw_rest_form_method(f, path, verb, op);
        }
    }
}

void aw_rest_form_depends_on(aw_rest_form *f)
{
    if (!f->method_count)
        return;
    aw_jw_key(f->c->w, "DependsOn");
    aw_jw_array(f->c->w);
    for (size_t i = 0; i < f->method_count; i++)
        aw_jw_string(f->c->w, f->methods[i]);
    aw_jw_end_array(f->c->w);
}
