/* OpenAPI 3.0 documents of HTTP and REST APIs with the API Gateway
 * extensions: paths and operations from routes, integrations, security
 * schemes and authorizers, CORS, resource policies, request validators and
 * models, endpoint configuration and gateway responses. */
#include "openapi.h"
#include "../ir/ir_fields.h"
#include "openapi_responses.h"

#include "design_meta.h"
#include "integration_spec.h"
#include "openapi_docs.h"
#include "../ir/jwt.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct doc {
    const aw_deploy *d;
    aw_jw *w;
    const aw_node *api;
    const aw_api *a;
    aw_api_type type;
    const aw_node **routes;     /* the API's routes, by path then method */
    size_t route_count;
    bool cached;                /* REST: a stage of the API caches responses */
    aw_openapi_responses_memo responses;        /* the refusals written, for the next routes */
} doc;

/* ---- small helpers --------------------------------------------------------- */

const char *aw_openapi_method_key(aw_method method)
{
    static const char *const keys[] = {NULL, NULL, "get", "post", "put", "patch", "delete", "head", "options"};
    return (unsigned)method < sizeof keys / sizeof keys[0] ? keys[method] : NULL;
}

void aw_openapi_each_path_param(const char *path, void (*fn)(void *ctx, const char *name, size_t len), void *ctx)
{
    for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end)
            return;
        fn(ctx, p + 1, (size_t)(end - p - 1));
        p = end;
    }
}

static const char *S_route_path(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    return r->path ? r->path : r->route_key;   /* "$default" on HTTP APIs */
}

static int S_compare_routes(const void *a, const void *b)
{
    const aw_node *x = *(const aw_node *const *)a, *y = *(const aw_node *const *)b;
    int c = strcmp(S_route_path(x), S_route_path(y));
    if (c)
        return c;
    return (int)x->as.route.method - (int)y->as.route.method;
}

static void S_collect_routes(doc *o)
{
    const aw_api_parts *parts = aw_deploy_api_parts(o->d, o->api);
    o->routes = malloc((parts->route_count ? parts->route_count : 1) * sizeof *o->routes);
    if (!o->routes)
        abort();
    o->route_count = 0;
    for (size_t i = 0; i < parts->route_count; i++)
        if (S_route_path(parts->routes[i]))
            o->routes[o->route_count++] = parts->routes[i];
    qsort(o->routes, o->route_count, sizeof *o->routes, S_compare_routes);
}

static bool S_any_api_key_required(const doc *o)
{
    for (size_t i = 0; i < o->route_count; i++)
        if (o->routes[i]->as.route.api_key_required)
            return true;
    return false;
}

static const char *const S_validators[] = {NULL, "none", "body", "params", "all"};

/* ---- security ---------------------------------------------------------------- */

static void S_identity_source(doc *o, const aw_authorizer *au, const char *fallback)
{
    aw_strbuf s = AW_STRBUF_INIT;
    if (o->type == AW_API_REST)
        aw_deploy_rest_identity_sources(&au->identity_sources, &s);
    else
        for (size_t i = 0; i < au->identity_sources.count; i++) {
            if (i)
                aw_strbuf_putc(&s, ',');
            aw_strbuf_puts(&s, au->identity_sources.items[i]);
        }
    aw_jw_member_string(o->w, "identitySource", s.len ? s.data : fallback);
    aw_strbuf_free(&s);
}

/* The header a REST token authorizer reads, from its identity source. */
static const char *S_token_header(const aw_authorizer *au)
{
    static const char *const prefixes[] = {"$request.header.", "method.request.header."};
    if (au->identity_sources.count)
        for (size_t i = 0; i < 2; i++)
            if (strncmp(au->identity_sources.items[0], prefixes[i], strlen(prefixes[i])) == 0)
                return au->identity_sources.items[0] + strlen(prefixes[i]);
    return "Authorization";
}

static void S_authorizer_credentials(doc *o, const aw_node *node)
{
    bool created;
    if (!aw_deploy_invokes_with_role(node, &created))
        return;
    aw_subst role = AW_SUBST_INIT;
    aw_deploy_invoke_credentials(o->d, node, &role);
    aw_jw_key(o->w, "authorizerCredentials");
    aw_deploy_write_subst(o->d, o->w, &role);
}

static void S_lambda_authorizer(doc *o, const aw_node *node)
{
    const aw_authorizer *au = &node->as.authorizer;
    bool token = o->type == AW_API_REST && au->lambda_type == AW_LAMBDA_AUTH_TOKEN;
    aw_jw_member_string(o->w, "type", "apiKey");
    aw_jw_member_string(o->w, "name", token ? S_token_header(au) : "Unused");
    aw_jw_member_string(o->w, "in", "header");
    if (o->type == AW_API_REST)
        aw_jw_member_string(o->w, "x-amazon-apigateway-authtype", "custom");
    aw_jw_key(o->w, "x-amazon-apigateway-authorizer");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "type", token ? "token" : "request");
    aw_subst uri = AW_SUBST_INIT;
    aw_deploy_lambda_invocation_uri(o->d, au->function.node, &uri);
    aw_jw_key(o->w, "authorizerUri");
    aw_deploy_write_subst(o->d, o->w, &uri);
    S_authorizer_credentials(o, node);
    if (!token)
        S_identity_source(o, au, o->type == AW_API_REST ? "method.request.header.Authorization"
                                                         : "$request.header.Authorization");
    if (AW_IS_SET(au->result_ttl_ms))
        aw_jw_member_int(o->w, "authorizerResultTtlInSeconds", (int64_t)(au->result_ttl_ms / 1000));
    if (o->type == AW_API_HTTP) {
        aw_jw_member_string(o->w, "authorizerPayloadFormatVersion",
                            au->payload_format == AW_PAYLOAD_1_0 ? "1.0" : "2.0");
        if (au->simple_responses)
            aw_jw_member_bool(o->w, "enableSimpleResponses", true);
    }
    aw_jw_end_object(o->w);
}

/* Whether the API type has this kind of authorizer; reports it if not. */
static bool S_authorizer_fits(doc *o, const aw_node *node)
{
    if (o->type != AW_API_HTTP || node->as.authorizer.type != AW_AUTH_COGNITO)
        return true;
    aw_deploy_report(o->d, node, NULL, "HTTP APIs have no Cognito user pool authorizers; '%s' is left out of "
                                       "API '%s'", node->id, o->api->id);
    return false;
}

/* A REST API's JWT authorizer. No OpenAPI extension spells one for REST
 * (the x-amazon-apigateway-authorizer page gives the jwt type for HTTP
 * APIs only), so the document says what it is in standard OpenAPI: an
 * openIdConnect scheme at the first issuer's discovery document, which
 * API Gateway reads too ("Create a JWT authorizer for a REST API"), the
 * rest in words. The template deploys the authorizer itself
 * (cfn_rest_form.c, which finds it by this scheme's name). */
static void S_rest_jwt_scheme(doc *o, const aw_node *node)
{
    const aw_authorizer *au = &node->as.authorizer;
    const char *first = aw_jwt_issuer_url(au, 0);
    size_t len = first ? strlen(first) : 0;
    aw_jw_member_string(o->w, "type", "openIdConnect");
    aw_jw_key(o->w, "openIdConnectUrl");
    aw_jw_stringf(o->w, "%.*s/.well-known/openid-configuration", (int)(len && first[len - 1] == '/' ? len - 1 : len),
                  first ? first : "");
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, "JWT authorizer, validated by API Gateway: tokens of ");
    for (size_t i = 0, n = aw_jwt_issuer_count(au); i < n; i++) {
        const aw_strings *aud = aw_jwt_issuer_audiences(au, i);
        aw_strbuf_printf(&text, "%s%s for ", i ? (i + 1 == n ? " or " : ", ") : "", aw_jwt_issuer_url(au, i));
        for (size_t k = 0; k < aud->count; k++)
            aw_strbuf_printf(&text, "%s%s", k ? ", " : "", aud->items[k]);
    }
    aw_strbuf_puts(&text, ", signed with ");
    for (size_t i = 0; i < au->algorithms.count; i++)
        aw_strbuf_printf(&text, "%s%s", i ? ", " : "", au->algorithms.items[i]);
    aw_strbuf_puts(&text, ". Deployed by the CloudFormation template, which this document does not replace.");
    aw_jw_member_string(o->w, "description", text.data);
    aw_strbuf_free(&text);
}

static void S_security_scheme(doc *o, const aw_node *node)
{
    const aw_authorizer *au = &node->as.authorizer;
    aw_jw_key(o->w, node->id);
    aw_jw_object(o->w);
    switch (au->type) {
    case AW_AUTH_IAM:
        aw_jw_member_string(o->w, "type", "apiKey");
        aw_jw_member_string(o->w, "name", "Authorization");
        aw_jw_member_string(o->w, "in", "header");
        aw_jw_member_string(o->w, "x-amazon-apigateway-authtype", "awsSigv4");
        break;
    case AW_AUTH_JWT:
        if (o->type == AW_API_REST) {
            S_rest_jwt_scheme(o, node);
            break;
        }
        aw_jw_member_string(o->w, "type", "oauth2");
        aw_openapi_docs_flows(o->d, o->w, o->api, node);
        aw_jw_key(o->w, "x-amazon-apigateway-authorizer");
        aw_jw_object(o->w);
        aw_jw_member_string(o->w, "type", "jwt");
        aw_jw_key(o->w, "jwtConfiguration");
        aw_jw_object(o->w);
        /* An HTTP API's authorizer has one issuer: the rules refuse more. */
        aw_jw_member_string(o->w, "issuer", aw_jwt_issuer_url(au, 0));
        aw_jw_key(o->w, "audience");
        aw_jw_array_inline(o->w);
        const aw_strings *aud = aw_jwt_issuer_audiences(au, 0);
        for (size_t i = 0; i < aud->count; i++)
            aw_jw_string(o->w, aud->items[i]);
        aw_jw_end_array(o->w);
        aw_jw_end_object(o->w);
        S_identity_source(o, au, "$request.header.Authorization");
        aw_jw_end_object(o->w);
        break;
    case AW_AUTH_COGNITO:
        /* Always the API-key spelling AWS documents for user-pool
         * authorizers: the header named here is the authorizer's identity
         * source, and an oauth2 scheme names none, so REST import would
         * create an authorizer that reads no token. */
        aw_jw_member_string(o->w, "type", "apiKey");
        aw_jw_member_string(o->w, "name", S_token_header(au));
        aw_jw_member_string(o->w, "in", "header");
        aw_jw_member_string(o->w, "x-amazon-apigateway-authtype", "cognito_user_pools");
        aw_jw_key(o->w, "x-amazon-apigateway-authorizer");
        aw_jw_object(o->w);
        aw_jw_member_string(o->w, "type", "cognito_user_pools");
        aw_jw_key(o->w, "providerARNs");
        aw_jw_array(o->w);
        {
            aw_subst s = AW_SUBST_INIT;
            aw_subst_lit(&s, au->user_pool);
            aw_deploy_write_subst(o->d, o->w, &s);
        }
        aw_jw_end_array(o->w);
        aw_jw_end_object(o->w);
        break;
    case AW_AUTH_LAMBDA:
        S_lambda_authorizer(o, node);
        break;
    case AW_AUTH_UNSET:
        break;
    }
    if (o->d->in_template)
        aw_design_meta_member(o->w, "x-archway-authorizer", o->d, node);
    aw_jw_end_object(o->w);
}

/* The components.schemas name of a model's local definition: the model's
 * name and the definition's, letters and digits only, as REST API model
 * names must be ("ShipmentRequest" + "party" -> "ShipmentRequestParty"). */
void aw_openapi_definition_name(aw_strbuf *b, const char *model, const char *def)
{
    aw_strbuf_puts(b, model);
    bool upper = true;
    for (const char *p = def; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            upper = true;
            continue;
        }
        aw_strbuf_putc(b, upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : (char)c);
        upper = false;
    }
}

/* A JSON value of a model's schema, written through the writer so that
 * the layout is ours. JSON Schema draft 4's "$schema" and "id" have no
 * place in an OpenAPI schema object, and its local "#/definitions/x"
 * become schemas of their own. */
static void S_json_value(doc *o, const char *model, json_t *v, int depth)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        aw_jw_object(o->w);
        const char *key;
        json_t *member;
        json_object_foreach(v, key, member) {
            if (depth == 0 && (strcmp(key, "$schema") == 0 || strcmp(key, "id") == 0 || strcmp(key, "definitions") == 0))
                continue;
            aw_jw_key(o->w, key);
            const char *ref = json_string_value(member);
            if (strcmp(key, "$ref") == 0 && ref && strncmp(ref, "#/definitions/", 14) == 0) {
                aw_strbuf b = AW_STRBUF_INIT;
                aw_strbuf_puts(&b, "#/components/schemas/");
                aw_openapi_definition_name(&b, model, ref + 14);
                aw_jw_string(o->w, b.data);
                aw_strbuf_free(&b);
            } else {
                S_json_value(o, model, member, depth + 1);
            }
        }
        aw_jw_end_object(o->w);
        break;
    }
    case JSON_ARRAY: {
        aw_jw_array(o->w);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) S_json_value(o, model, item, depth + 1);
        aw_jw_end_array(o->w);
        break;
    }
    case JSON_STRING:
        aw_jw_string(o->w, json_string_value(v));
        break;
    case JSON_INTEGER:
        aw_jw_int(o->w, (int64_t)json_integer_value(v));
        break;
    case JSON_REAL:
        aw_jw_number(o->w, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        aw_jw_bool(o->w, json_is_true(v));
        break;
    case JSON_NULL:
        aw_jw_string(o->w, "null");
        break;
    }
}

/* A model as one schema, then each of its local definitions. */
static void S_schemas_of_model(doc *o, const aw_model_def *md)
{
    json_error_t err;
    json_t *root = md->schema ? json_loads(md->schema, JSON_REJECT_DUPLICATES, &err) : NULL;
    aw_jw_key(o->w, md->name);
    if (!root || !json_is_object(root)) {
        aw_deploy_report(o->d, o->api, &md->loc,
                         "model \"%s\" has no schema that is a JSON object (%s); it is written as an empty schema",
                         md->name, root ? "not an object" : md->schema ? err.text : "no schema");
        aw_jw_object(o->w);
        aw_jw_end_object(o->w);
        json_decref(root);
        return;
    }
    S_json_value(o, md->name, root, 0);
    json_t *defs = json_object_get(root, "definitions");
    const char *key;
    json_t *def;
    if (json_is_object(defs))
        json_object_foreach(defs, key, def) {
            aw_strbuf name = AW_STRBUF_INIT;
            aw_openapi_definition_name(&name, md->name, key);
            aw_jw_key(o->w, name.data);
            aw_strbuf_free(&name);
            /* depth 1: a definition's own "id" or "definitions" stay. */
            S_json_value(o, md->name, def, 1);
        }
    json_decref(root);
}

static void S_components(doc *o)
{
    bool api_keys = o->type == AW_API_REST && S_any_api_key_required(o);
    bool models = o->type == AW_API_REST && o->a->model_count;
    /* Authorizers in diagram order, each once: those the API's routes use. */
    aw_node_set used;
    aw_node_set_init(&used);
    for (size_t i = 0; i < o->route_count; i++)
        aw_node_set_add(&used, aw_deploy_route_authorizer(o->routes[i]));
    aw_node_set_sort(&used);
    if (api_keys || models || used.count) {
        aw_jw_key(o->w, "components");
        aw_jw_object(o->w);
        if (api_keys || used.count) {
            aw_jw_key(o->w, "securitySchemes");
            aw_jw_object(o->w);
            if (api_keys) {
                aw_jw_key(o->w, "api_key");
                aw_jw_object(o->w);
                aw_jw_member_string(o->w, "type", "apiKey");
                aw_jw_member_string(o->w, "name", "x-api-key");
                aw_jw_member_string(o->w, "in", "header");
                aw_jw_end_object(o->w);
            }
            for (size_t i = 0; i < used.count; i++)
                if (S_authorizer_fits(o, used.items[i]))
                    S_security_scheme(o, used.items[i]);
            aw_jw_end_object(o->w);
        }
        if (models) {
            aw_jw_key(o->w, "schemas");
            aw_jw_object(o->w);
            for (size_t i = 0; i < o->a->model_count; i++)
                S_schemas_of_model(o, &o->a->models[i]);
            aw_jw_end_object(o->w);
        }
        aw_jw_end_object(o->w);
    }
    aw_node_set_free(&used);
}

/* ---- operations ------------------------------------------------------------ */

/* A response header (or parameter's schema) that holds a string. */
static void S_string_schema(aw_jw *w)
{
    aw_jw_key(w, "schema");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "type", "string");
    aw_jw_end_object(w);
}

static void S_string_header(aw_jw *w, const char *name)
{
    aw_jw_key(w, name);
    aw_jw_object(w);
    S_string_schema(w);
    aw_jw_end_object(w);
}

/* A path parameter; a greedy {proxy+} is the parameter "proxy", as API
 * Gateway names it. */
static void S_path_param(void *ctx, const char *name, size_t len)
{
    aw_jw *w = ctx;
    if (len && name[len - 1] == '+')
        len--;
    aw_jw_object(w);
    aw_jw_key(w, "name");
    aw_jw_string_len(w, name, len);
    aw_jw_member_string(w, "in", "path");
    aw_jw_member_bool(w, "required", true);
    S_string_schema(w);
    aw_jw_end_object(w);
}

/* ---- cache keys ---------------------------------------------------------------- */

static bool S_any_stage_cached(const doc *o)
{
    const aw_api_parts *parts = aw_deploy_api_parts(o->d, o->api);
    for (size_t i = 0; o->type == AW_API_REST && i < parts->stage_count; i++) {
        const aw_cache *cache = parts->stages[i]->as.stage.cache;
        if (cache && cache->enabled)
            return true;
    }
    return false;
}

typedef struct key_sink {
    void (*fn)(void *ctx, const char *key);
    void *ctx;
} key_sink;

/* prefix and the first len bytes of name, handed to fn as one string: on
 * the stack, as nearly every key fits there (keys are made for every route,
 * where an allocation costs more than the copies), else on the heap, so
 * that a long name is never cut short. */
static void S_with_key(const char *prefix, const char *name, size_t len, void (*fn)(void *ctx, const char *key),
                       void *ctx)
{
    char small[256];
    aw_strbuf big = AW_STRBUF_INIT;
    size_t at = strlen(prefix);
    if (at + len < sizeof small) {
        memcpy(small, prefix, at);
        memcpy(small + at, name, len);
        small[at + len] = '\0';
        fn(ctx, small);
        return;
    }
    aw_strbuf_put(&big, prefix, at);
    aw_strbuf_put(&big, name, len);
    fn(ctx, big.data);
    aw_strbuf_free(&big);
}

static void S_path_key(void *ctx, const char *name, size_t len)
{
    const key_sink *sink = ctx;
    if (len && name[len - 1] == '+')
        len--;
    S_with_key("method.request.path.", name, len, sink->fn, sink->ctx);
}

/* What a cached response is keyed on: every path parameter, so that
 * /members/A is never served to /members/B, and the caller's identity as
 * the route's authorizer reads it, so that one caller's data is never
 * served to another. Parameters of the context or stage variables are not
 * request parameters and cannot be keys. */
static void S_each_auto_cache_key(const aw_node *route, void (*fn)(void *ctx, const char *key), void *ctx)
{
    key_sink sink = {fn, ctx};
    aw_openapi_each_path_param(S_route_path(route), S_path_key, &sink);
    const aw_node *auth = aw_deploy_route_authorizer(route);
    if (!auth)
        return;
    const aw_authorizer *au = &auth->as.authorizer;
    bool sources = au->type == AW_AUTH_LAMBDA && au->lambda_type != AW_LAMBDA_AUTH_TOKEN && au->identity_sources.count;
    if (!sources) {
        const char *header = au->type == AW_AUTH_IAM ? "Authorization" : S_token_header(au);
        S_with_key("method.request.header.", header, strlen(header), fn, ctx);
        return;
    }
    for (size_t i = 0; i < au->identity_sources.count; i++) {
        aw_strbuf key = AW_STRBUF_INIT;
        aw_deploy_rest_identity_source(au->identity_sources.items[i], &key);
        if (strncmp(key.data, "method.request.", 15) == 0)
            fn(ctx, key.data);
        aw_strbuf_free(&key);
    }
}

typedef struct key_match {
    const char *key;
    bool found;
} key_match;

static void S_match_key(void *ctx, const char *key)
{
    key_match *m = ctx;
    m->found |= strcmp(m->key, key) == 0;
}

/* The keys above, then those the route's cache names besides them. */
static void S_each_cache_key(const doc *o, const aw_node *route, void (*fn)(void *ctx, const char *key), void *ctx)
{
    (void)o;
    S_each_auto_cache_key(route, fn, ctx);
    const aw_route_cache *cache = route->as.route.cache;
    for (size_t i = 0; cache && i < cache->keys.count; i++) {
        key_match m = {cache->keys.items[i], false};
        S_each_auto_cache_key(route, S_match_key, &m);
        if (!m.found)
            fn(ctx, m.key);
    }
}
typedef struct key_param_ctx {
    aw_jw *w;
    const aw_node *route;
} key_param_ctx;

/* A header or query string cache key as a parameter of the operation (path
 * parameters are declared from the path; declared ones, with the route's). */
static void S_key_param(void *ctx, const char *key)
{
    static const struct { const char *prefix, *in; } kinds[] = {
        {"method.request.header.", "header"}, {"method.request.querystring.", "query"},
    };
    const key_param_ctx *k = ctx;
    aw_jw *w = k->w;
    if (aw_openapi_request_param_written(k->route, key))
        return;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = strlen(kinds[i].prefix);
        if (strncmp(key, kinds[i].prefix, n) != 0)
            continue;
        aw_jw_object(w);
        aw_jw_member_string(w, "name", key + n);
        aw_jw_member_string(w, "in", kinds[i].in);
        S_string_schema(w);
        aw_jw_end_object(w);
    }
}

static void S_key_string(void *ctx, const char *key)
{
    aw_jw_string(ctx, key);
}

static void S_count_key(void *ctx, const char *key)
{
    (void)key;
    ++*(size_t *)ctx;
}

static void S_cache_key_parameters(doc *o, const aw_node *route)
{
    size_t n = 0;
    if (o->cached)
        S_each_cache_key(o, route, S_count_key, &n);
    if (!n)
        return;
    aw_jw_key(o->w, "cacheKeyParameters");
    aw_jw_array(o->w);
    S_each_cache_key(o, route, S_key_string, o->w);
    aw_jw_end_array(o->w);
}

/* The operation's parameters: its path's, and on a cached API the headers
 * and query strings its responses are keyed on. */
static void S_parameters(doc *o, const char *path, const aw_node *route)
{
    size_t keys = 0;
    if (route && o->cached)
        S_each_cache_key(o, route, S_count_key, &keys);
    bool declared = o->type == AW_API_REST && aw_openapi_has_request_params(route);
    if (!strchr(path, '{') && !keys && !declared)
        return;
    aw_jw_key(o->w, "parameters");
    aw_jw_array(o->w);
    aw_openapi_each_path_param(path, S_path_param, o->w);
    if (declared)
        aw_openapi_request_params(o->w, route);
    key_param_ctx kc = {o->w, declared ? route : NULL};
    if (keys)
        S_each_cache_key(o, route, S_key_param, &kc);
    aw_jw_end_array(o->w);
}

static void S_security(doc *o, const aw_node *route)
{
    const aw_node *auth = aw_deploy_route_authorizer(route);
    aw_authorizer_type t = auth ? auth->as.authorizer.type : AW_AUTH_UNSET;
    if (o->type == AW_API_HTTP && t == AW_AUTH_COGNITO)
        auth = NULL;    /* reported with the security schemes */
    bool key = o->type == AW_API_REST && route->as.route.api_key_required;
    aw_jw_key(o->w, "security");
    aw_jw_array(o->w);
    if (auth || key) {
        aw_jw_object_inline(o->w);
        if (auth) {
            aw_jw_key(o->w, auth->id);
            aw_jw_array(o->w);
            for (size_t i = 0; i < route->as.route.scopes.count; i++)
                aw_jw_string(o->w, route->as.route.scopes.items[i]);
            aw_jw_end_array(o->w);
        }
        if (key) {
            aw_jw_key(o->w, "api_key");
            aw_jw_array_inline(o->w);
            aw_jw_end_array(o->w);
        }
        aw_jw_end_object(o->w);
    }
    aw_jw_end_array(o->w);
    /* An import of this document would attach no JWT authorizer to a REST
     * method (no extension spells one): the method asks for IAM signatures
     * instead (x-amazon-apigateway-auth), so that such an import fails
     * closed rather than open. The template deploys the authorizer. */
    if (o->type == AW_API_REST && t == AW_AUTH_JWT) {
        aw_jw_key(o->w, "x-amazon-apigateway-auth");
        aw_jw_object_inline(o->w);
        aw_jw_member_string(o->w, "type", "AWS_IAM");
        aw_jw_end_object(o->w);
    }
}

static void S_template_map(aw_jw *w, const char *key, const char *content_type, const char *text)
{
    aw_jw_key(w, key);
    aw_jw_object(w);
    aw_jw_member_string(w, content_type, text);
    aw_jw_end_object(w);
}

/* The integration responses that keep an AWS service's error an error:
 * selection patterns match the service's HTTP status. */
static const struct { const char *pattern, *status; } S_error_classes[] = {
    {"4\\d{2}", "400"},
    {"5\\d{2}", "500"},
};

/* REST methods whose integration is no proxy (mocks, AWS services) answer
 * for themselves, so their responses must carry the CORS headers that a
 * browser reads on the actual response; the preflight is not enough. The
 * origin is static: the first, as the preflight's. */
static bool S_answers_cors(const doc *o, const aw_node *integ)
{
    aw_integration_type t = integ ? integ->as.integration.type : AW_INTEG_UNSET;
    bool custom = t == AW_INTEG_LAMBDA && integ->as.integration.style == AW_LAMBDA_STYLE_CUSTOM;
    return o->type == AW_API_REST && o->a->cors && (t == AW_INTEG_MOCK || t == AW_INTEG_AWS || custom);
}

static const char *const S_cors_actual[] = {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"};

static size_t S_cors_actual_count(const doc *o)
{
    return o->a->cors->allow_credentials ? 2 : 1;
}

/* An integration response's mapping of the CORS headers. */
static void S_cors_response_parameters(doc *o)
{
    const aw_cors *c = o->a->cors;
    aw_jw_key(o->w, "responseParameters");
    aw_jw_object(o->w);
    for (size_t i = 0; i < S_cors_actual_count(o); i++) {
        char key[80];
        snprintf(key, sizeof key, "method.response.header.%s", S_cors_actual[i]);
        aw_jw_key(o->w, key);
        aw_jw_stringf(o->w, "'%s'", i ? "true" : c->allow_origins.count ? c->allow_origins.items[0] : "*");
    }
    aw_jw_end_object(o->w);
}

/* A method response's declaration of the CORS headers. */
static void S_cors_response_headers(doc *o)
{
    aw_jw_key(o->w, "headers");
    aw_jw_object(o->w);
    for (size_t i = 0; i < S_cors_actual_count(o); i++) {
        S_string_header(o->w, S_cors_actual[i]);
    }
    aw_jw_end_object(o->w);
}

static void S_integration_response(doc *o, const char *pattern, const char *status, const char *body, bool cors)
{
    aw_jw_key(o->w, pattern);
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "statusCode", status);
    if (body)
        S_template_map(o->w, "responseTemplates", "application/json", body);
    if (cors)
        S_cors_response_parameters(o);
    aw_jw_end_object(o->w);
}

static void S_method_response(doc *o, const char *status, const char *description, bool cors)
{
    aw_jw_key(o->w, status);
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "description", description);
    if (cors)
        S_cors_response_headers(o);
    aw_jw_end_object(o->w);
}

/* The diagram's own responses of a REST integration (written by
 * openapi_responses.c), with the CORS headers a browser reads. */
static void S_own_responses(doc *o, const aw_node *integ,
                            void (*write)(aw_jw *w, const aw_integration *in, const aw_openapi_fixed_headers *fixed))
{
    const char *values[2];
    aw_strbuf origin = AW_STRBUF_INIT;
    aw_openapi_fixed_headers cors = {S_cors_actual, values, 0};
    if (S_answers_cors(o, integ)) {
        const aw_cors *c = o->a->cors;
        aw_strbuf_printf(&origin, "'%s'", c->allow_origins.count ? c->allow_origins.items[0] : "*");
        values[0] = origin.data;
        values[1] = "'true'";
        cors.count = S_cors_actual_count(o);
    }
    write(o->w, &integ->as.integration, &cors);
    aw_strbuf_free(&origin);
}

/* x-amazon-apigateway-integration, spelt from the integration's spec. */
/* An OpenAPI body holds numbers as numbers, where CloudFormation's Ref of
 * a Number parameter gives text: a timeout a parameter gives is written as
 * its default, and a REST API's template (whose methods are that body)
 * says that a value given at deployment does not reach it. */
static void S_timeout(doc *o, const aw_node *integ, int64_t ms)
{
    const char *param = aw_model_num_param(o->d->model, &integ->as.integration.timeout_ms);
    aw_jw_member_int(o->w, "timeoutInMillis", ms);
    if (param && o->d->in_template)
        aw_deploy_warn(o->d, integ, aw_node_field_loc(integ, "timeout"), "integration '%s': a REST API's OpenAPI "
                       "body holds timeoutInMillis %lld, the default of parameter '%s'; a value given at deployment "
                       "does not change a REST integration's timeout", integ->id, (long long)ms, param);
}

static void S_integration(doc *o, const aw_node *route, const aw_node *integ)
{
    aw_integration_spec spec;
    if (!aw_integration_spec_build(o->d, route, integ, o->type, &spec))
        return;
    aw_jw *w = o->w;
    aw_jw_key(w, "x-amazon-apigateway-integration");
    aw_jw_object(w);
    aw_jw_member_string(w, "type", spec.type);
    if (spec.subtype)
        aw_jw_member_string(w, "integrationSubtype", spec.subtype);
    if (spec.vpc_link) {
        aw_jw_member_string(w, "connectionType", "VPC_LINK");
        aw_jw_key(w, "connectionId");
        aw_deploy_write_subst(o->d, w, &spec.connection_id);
    }
    if (spec.http_method)
        aw_jw_member_string(w, "httpMethod", spec.http_method);
    if (spec.uri.text.len) {
        aw_jw_key(w, "uri");
        aw_deploy_write_subst(o->d, w, &spec.uri);
    }
    if (spec.credentials.text.len) {
        aw_jw_key(w, "credentials");
        aw_deploy_write_subst(o->d, w, &spec.credentials);
    }
    if (spec.payload_format)
        aw_jw_member_string(w, "payloadFormatVersion", spec.payload_format);
    if (spec.tls_server_name[0]) {
        aw_jw_key(w, "tlsConfig");
        aw_jw_object(w);
        aw_jw_member_string(w, "serverNameToVerify", spec.tls_server_name);
        aw_jw_end_object(w);
    }
    if (spec.param_count) {
        aw_jw_key(w, "requestParameters");
        aw_jw_object(w);
        for (size_t i = 0; i < spec.param_count; i++) {
            aw_jw_key(w, spec.params[i].key);
            aw_deploy_write_subst(o->d, w, &spec.params[i].value);
        }
        aw_jw_end_object(w);
    }
    if (spec.request_template_refs.text.len) {
        aw_jw_key(w, "requestTemplates");
        aw_jw_object(w);
        aw_jw_key(w, "application/json");
        aw_deploy_write_subst(o->d, w, &spec.request_template_refs);
        aw_jw_end_object(w);
    } else if (spec.request_template) {
        S_template_map(w, "requestTemplates", "application/json", spec.request_template);
    }
    if (spec.passthrough)
        aw_jw_member_string(w, "passthroughBehavior", spec.passthrough);
    if (spec.content_handling)
        aw_jw_member_string(w, "contentHandling", spec.content_handling);
    if (spec.timeout_ms)
        S_timeout(o, integ, spec.timeout_ms);
    S_cache_key_parameters(o, route);
    if (spec.responses && integ->as.integration.response_count) {
        S_own_responses(o, integ, aw_openapi_integration_responses);
    } else if (spec.responses) {
        bool cors = S_answers_cors(o, integ);
        char status[AW_INT_SPELL_ROOM];
        aw_int_spell(spec.status, status);
        aw_jw_key(w, "responses");
        aw_jw_object(w);
        S_integration_response(o, "default", status, spec.response_body, cors);
        for (size_t i = 0; spec.error_classes && i < sizeof S_error_classes / sizeof S_error_classes[0]; i++)
            S_integration_response(o, S_error_classes[i].pattern, S_error_classes[i].status, NULL, cors);
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
    aw_integration_spec_free(&spec);
}

static void S_operation(doc *o, const aw_node *route)
{
    const aw_route *r = &route->as.route;
    const char *key = aw_openapi_method_key(r->method);
    aw_jw_key(o->w, key ? key : "x-amazon-apigateway-any-method");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "operationId", route->id);
    aw_openapi_docs_operation(o->d, o->w, o->api, route);
    S_parameters(o, S_route_path(route), route);
    if (o->type == AW_API_REST && r->request_model) {
        aw_jw_key(o->w, "requestBody");
        aw_jw_object(o->w);
        aw_jw_member_bool(o->w, "required", true);
        aw_jw_key(o->w, "content");
        aw_jw_object(o->w);
        const char *ctype = "application/json";
        for (size_t i = 0; i < o->a->model_count; i++)
            if (strcmp(o->a->models[i].name, r->request_model) == 0 && o->a->models[i].content_type)
                ctype = o->a->models[i].content_type;
        aw_jw_key(o->w, ctype);
        aw_jw_object(o->w);
        aw_jw_key(o->w, "schema");
        aw_jw_object(o->w);
        aw_jw_key(o->w, "$ref");
        aw_jw_stringf(o->w, "#/components/schemas/%s", r->request_model);
        aw_jw_end_object(o->w);
        aw_jw_end_object(o->w);
        aw_jw_end_object(o->w);
        aw_jw_end_object(o->w);
    }
    if (o->type == AW_API_REST && r->request_validation)
        aw_jw_member_string(o->w, "x-amazon-apigateway-request-validator", S_validators[r->request_validation]);
    S_security(o, route);
    const aw_node *integ = r->integration.node;
    /* REST methods answer with the status their integration responses map
     * to; HTTP APIs pass responses through whatever they are. */
    aw_jw_key(o->w, "responses");
    aw_jw_object(o->w);
    if (o->type == AW_API_REST && integ && integ->as.integration.response_count) {
        S_own_responses(o, integ, aw_openapi_method_responses);
        goto responses_done;
    }
    char status[AW_INT_SPELL_ROOM];
    aw_int_spell(integ ? aw_integration_status_code(integ) : 200, status);
    bool cors = S_answers_cors(o, integ);
    S_method_response(o, o->type == AW_API_REST ? status : "default",
                      integ && integ->as.integration.type != AW_INTEG_MOCK && integ->as.integration.type != AW_INTEG_AWS
                          ? "The integration's response, passed through"
                          : "The integration's response",
                      cors);
    bool aws_errors = o->type == AW_API_REST && integ && integ->as.integration.type == AW_INTEG_AWS;
    for (size_t i = 0; aws_errors && i < sizeof S_error_classes / sizeof S_error_classes[0]; i++)
        S_method_response(o, S_error_classes[i].status, "The service's error", cors);
responses_done:
    aw_openapi_docs_responses(&o->responses, o->w, o->api, route);
    aw_jw_end_object(o->w);
    if (integ)
        S_integration(o, route, integ);
    else
        aw_deploy_report(o->d, route, NULL, "route '%s' has no integration, which API Gateway requires to deploy it",
                         route->id);
    if (o->d->in_template)
        aw_design_meta_operation(o->w, o->d, route);
    aw_jw_end_object(o->w);
}

/* ---- CORS ------------------------------------------------------------------- */

static void S_string_list(aw_jw *w, const char *key, const aw_strings *list)
{
    aw_jw_key(w, key);
    aw_jw_array_inline(w);
    for (size_t i = 0; i < list->count; i++)
        aw_jw_string(w, list->items[i]);
    aw_jw_end_array(w);
}

static void S_http_cors(doc *o)
{
    const aw_cors *c = o->a->cors;
    aw_jw_key(o->w, "x-amazon-apigateway-cors");
    aw_jw_object(o->w);
    if (c->allow_origins.count)
        S_string_list(o->w, "allowOrigins", &c->allow_origins);
    if (c->allow_methods.count)
        S_string_list(o->w, "allowMethods", &c->allow_methods);
    if (c->allow_headers.count)
        S_string_list(o->w, "allowHeaders", &c->allow_headers);
    if (c->expose_headers.count)
        S_string_list(o->w, "exposeHeaders", &c->expose_headers);
    if (c->allow_credentials)
        aw_jw_member_bool(o->w, "allowCredentials", true);
    if (AW_IS_SET(c->max_age_ms))
        aw_jw_member_int(o->w, "maxAge", (int64_t)(c->max_age_ms / 1000));
    aw_jw_end_object(o->w);
}

/* "'a,b,c'": a static header value of a REST mapping. */
static void S_joined_literal(aw_strbuf *b, const aw_strings *list, const char *fallback)
{
    aw_strbuf_putc(b, '\'');
    if (!list->count)
        aw_strbuf_puts(b, fallback);
    for (size_t i = 0; i < list->count; i++) {
        if (i)
            aw_strbuf_putc(b, ',');
        aw_strbuf_puts(b, list->items[i]);
    }
    aw_strbuf_putc(b, '\'');
}

static void S_cors_header_value(doc *o, const char *header, const aw_strings *list, const char *fallback)
{
    aw_strbuf key = AW_STRBUF_INIT, value = AW_STRBUF_INIT;
    aw_strbuf_printf(&key, "method.response.header.%s", header);
    S_joined_literal(&value, list, fallback);
    aw_jw_member_string(o->w, key.data, value.data);
    aw_strbuf_free(&key);
    aw_strbuf_free(&value);
}

/* Opens an unauthenticated OPTIONS operation of path up to its open
 * responses object; route, when given, names it; group is a route of the
 * path, whose documentation group the operation joins. */
static void S_preflight_open(doc *o, const aw_node *route, const char *path, const aw_node *group)
{
    aw_jw_key(o->w, "options");
    aw_jw_object(o->w);
    aw_jw_key(o->w, "operationId");
    if (route)
        aw_jw_stringf(o->w, "%s-preflight", route->id);
    else
        aw_openapi_docs_preflight_id(o->w, path);
    aw_openapi_docs_preflight(o->w, group);
    S_parameters(o, path, NULL);
    aw_jw_key(o->w, "security");
    aw_jw_array(o->w);
    aw_jw_end_array(o->w);
    aw_jw_key(o->w, "responses");
    aw_jw_object(o->w);
}

/* REST APIs answer CORS preflights with an OPTIONS method per path, a mock
 * whose response carries the Access-Control headers. A static header holds
 * one origin only. */
static void S_rest_preflight(doc *o, const char *path, const aw_node *group)
{
    const aw_cors *c = o->a->cors;
    aw_strings origin = {c->allow_origins.items, c->allow_origins.count ? 1 : 0};
    static const char *const headers[] = {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                                          "Access-Control-Allow-Headers", "Access-Control-Allow-Credentials",
                                          "Access-Control-Max-Age"};
    bool present[] = {true, true, true, c->allow_credentials, AW_IS_SET(c->max_age_ms)};
    S_preflight_open(o, NULL, path, group);
    aw_jw_key(o->w, "200");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "description", "CORS preflight answer");
    aw_jw_key(o->w, "headers");
    aw_jw_object(o->w);
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        if (!present[i])
            continue;
        S_string_header(o->w, headers[i]);
    }
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
    aw_jw_key(o->w, "x-amazon-apigateway-integration");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "type", "mock");
    aw_jw_key(o->w, "requestTemplates");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "application/json", "{\"statusCode\": 200}");
    aw_jw_end_object(o->w);
    aw_jw_member_string(o->w, "passthroughBehavior", "when_no_match");
    aw_jw_key(o->w, "responses");
    aw_jw_object(o->w);
    aw_jw_key(o->w, "default");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "statusCode", "200");
    aw_jw_key(o->w, "responseParameters");
    aw_jw_object(o->w);
    S_cors_header_value(o, headers[0], &origin, "*");
    S_cors_header_value(o, headers[1], &c->allow_methods, "OPTIONS");
    S_cors_header_value(o, headers[2], &c->allow_headers, "*");
    if (c->allow_credentials) {
        aw_strings yes = {(const char *[]){"true"}, 1};
        S_cors_header_value(o, headers[3], &yes, "");
    }
    if (AW_IS_SET(c->max_age_ms)) {
        char age[32];
        snprintf(age, sizeof age, "%lld", (long long)(c->max_age_ms / 1000));
        aw_strings value = {(const char *[]){age}, 1};
        S_cors_header_value(o, headers[4], &value, "");
    }
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
    aw_jw_end_object(o->w);
}

/* ---- paths --------------------------------------------------------------------- */

/* Whether route, an ANY route of the path group `path`, needs an OPTIONS
 * operation beside it (aw_deploy_preflight_path). */
static bool S_http_preflight_path(const aw_node *route, const char *path)
{
    const char *p = aw_deploy_preflight_path(route);
    return p && route->as.route.integration.node && strcmp(p, path) == 0;
}

/* Marks the paths whose OPTIONS the diagram answers itself; returns the
 * authorized $default route whose preflights need an OPTIONS /{proxy+},
 * or NULL. */
static const aw_node *S_http_preflight_paths(const doc *o, aw_strset *paths)
{
    const aw_node *catch_all = NULL;
    for (size_t i = 0; i < o->route_count; i++) {
        const aw_node *route = o->routes[i];
        const char *p = aw_deploy_preflight_path(route);
        if (route->as.route.method == AW_METHOD_OPTIONS && route->as.route.path)
            aw_strset_insert(paths, route->as.route.path, NULL, NULL);
        else if (p && route->as.route.route_key && route->as.route.integration.node)
            catch_all = route;
    }
    return catch_all;
}

/* An unauthenticated OPTIONS operation to the catch-all route's own
 * integration: API Gateway answers it from the CORS configuration. */
static void S_http_preflight(doc *o, const aw_node *route, const char *path)
{
    S_preflight_open(o, route, path, route);
    S_method_response(o, "204", "CORS preflight answer", false);
    aw_jw_end_object(o->w);
    S_integration(o, route, route->as.route.integration.node);
    aw_jw_end_object(o->w);
}

static void S_paths(doc *o)
{
    bool preflight = o->type == AW_API_REST && o->a->cors;
    if (preflight && o->a->cors->allow_origins.count > 1)
        aw_deploy_warn(o->d, o->api, o->a->cors->loc.line ? &o->a->cors->loc : NULL,
                         "a REST API answers CORS preflights with one static origin; the OPTIONS methods allow "
                         "\"%s\" only, and the other %zu origins need the integrations to answer CORS themselves",
                         o->a->cors->allow_origins.items[0], o->a->cors->allow_origins.count - 1);
    aw_strset preflights;       /* HTTP: paths with an OPTIONS route */
    aw_strset_init(&preflights);
    const aw_node *catch_all = S_http_preflight_paths(o, &preflights);
    aw_jw_key(o->w, "paths");
    aw_jw_object(o->w);
    for (size_t i = 0; i < o->route_count;) {
        const char *path = S_route_path(o->routes[i]);
        bool has_options = false;
        aw_jw_key(o->w, path);
        aw_jw_object(o->w);
        size_t j = i;
        for (; j < o->route_count && strcmp(S_route_path(o->routes[j]), path) == 0; j++) {
            S_operation(o, o->routes[j]);
            /* An ANY method would send the preflight through its authorizer
             * and integration: an explicit OPTIONS answers it first. */
            has_options |= o->routes[j]->as.route.method == AW_METHOD_OPTIONS;
        }
        if (preflight && !has_options)
            S_rest_preflight(o, path, o->routes[i]);
        for (size_t k = i; k < j; k++)
            if (S_http_preflight_path(o->routes[k], path) && aw_strset_insert(&preflights, path, NULL, NULL))
                S_http_preflight(o, o->routes[k], path);
        if (catch_all && strcmp(path, "/{proxy+}") == 0 && aw_strset_insert(&preflights, path, NULL, NULL))
            S_http_preflight(o, catch_all, path);
        aw_jw_end_object(o->w);
        i = j;
    }
    if (catch_all && aw_strset_insert(&preflights, "/{proxy+}", NULL, NULL)) {
        aw_jw_key(o->w, "/{proxy+}");
        aw_jw_object(o->w);
        S_http_preflight(o, catch_all, "/{proxy+}");
        aw_jw_end_object(o->w);
    }
    aw_jw_end_object(o->w);
    aw_strset_free(&preflights);
}

/* ---- REST API extensions --------------------------------------------------------- */

/* "GET /pets/{id}" -> "execute-api:/(any stage)/GET/pets/(any)". */
static void S_policy_resource(doc *o, const char *pattern)
{
    aw_strbuf b = AW_STRBUF_INIT;
    const char *space = strchr(pattern, ' ');
    aw_strbuf_puts(&b, "execute-api:/*/");
    if (space) {
        aw_strbuf_put(&b, pattern, (size_t)(space - pattern));
        aw_deploy_policy_path(&b, space + 1);
    } else {
        aw_strbuf_puts(&b, "*");
        aw_deploy_policy_path(&b, pattern[0] == '/' ? pattern : "/*");
    }
    aw_jw_string(o->w, b.data);
    aw_strbuf_free(&b);
}

static bool S_has_star(const aw_strings *list)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i], "*") == 0)
            return true;
    return false;
}

static void S_condition(doc *o, const char *op, const char *key, const aw_strings *values, bool *open)
{
    if (!values->count)
        return;
    if (!*open) {
        aw_jw_key(o->w, "Condition");
        aw_jw_object(o->w);
        *open = true;
    }
    aw_jw_key(o->w, op);
    aw_jw_object(o->w);
    S_string_list(o->w, key, values);
    aw_jw_end_object(o->w);
}

static void S_policy(doc *o)
{
    const aw_resource_policy *p = o->a->policy;
    aw_jw_key(o->w, "x-amazon-apigateway-policy");
    aw_jw_object(o->w);
    aw_jw_member_string(o->w, "Version", "2012-10-17");
    aw_jw_key(o->w, "Statement");
    aw_jw_array(o->w);
    for (size_t i = 0; i < p->statement_count; i++) {
        const aw_policy_statement *st = &p->statements[i];
        aw_jw_object(o->w);
        aw_jw_member_string(o->w, "Effect", st->effect == AW_EFFECT_DENY ? "Deny" : "Allow");
        aw_jw_key(o->w, "Principal");
        if (!st->principals.count || S_has_star(&st->principals)) {
            aw_jw_string(o->w, "*");
        } else {
            aw_jw_object(o->w);
            S_string_list(o->w, "AWS", &st->principals);
            aw_jw_end_object(o->w);
        }
        aw_jw_key(o->w, "Action");
        aw_jw_array_inline(o->w);
        for (size_t k = 0; k < st->actions.count; k++)
            aw_jw_string(o->w, st->actions.items[k]);
        if (!st->actions.count)
            aw_jw_string(o->w, "execute-api:Invoke");
        aw_jw_end_array(o->w);
        aw_jw_key(o->w, "Resource");
        aw_jw_array(o->w);
        for (size_t k = 0; k < st->resources.count; k++)
            S_policy_resource(o, st->resources.items[k]);
        if (!st->resources.count)
            aw_jw_string(o->w, "execute-api:/*");
        aw_jw_end_array(o->w);
        bool open = false;
        S_condition(o, "IpAddress", "aws:SourceIp", &st->source_ips, &open);
        S_condition(o, "NotIpAddress", "aws:SourceIp", &st->not_source_ips, &open);
        if (st->source_vpcs.count || st->source_vpces.count || st->source_accounts.count) {
            if (!open) {
                aw_jw_key(o->w, "Condition");
                aw_jw_object(o->w);
                open = true;
            }
            aw_jw_key(o->w, "StringEquals");
            aw_jw_object(o->w);
            if (st->source_vpcs.count)
                S_string_list(o->w, "aws:SourceVpc", &st->source_vpcs);
            if (st->source_vpces.count)
                S_string_list(o->w, "aws:SourceVpce", &st->source_vpces);
            if (st->source_accounts.count)
                S_string_list(o->w, "aws:PrincipalAccount", &st->source_accounts);
            aw_jw_end_object(o->w);
        }
        if (open)
            aw_jw_end_object(o->w);
        aw_jw_end_object(o->w);
    }
    aw_jw_end_array(o->w);
    aw_jw_end_object(o->w);
}

static void S_validators_ext(doc *o)
{
    static const struct { const char *name; bool body, params; } v[] = {
        {"all", true, true}, {"body", true, false}, {"none", false, false}, {"params", false, true},
    };
    aw_jw_key(o->w, "x-amazon-apigateway-request-validators");
    aw_jw_object(o->w);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        aw_jw_key(o->w, v[i].name);
        aw_jw_object(o->w);
        aw_jw_member_bool(o->w, "validateRequestBody", v[i].body);
        aw_jw_member_bool(o->w, "validateRequestParameters", v[i].params);
        aw_jw_end_object(o->w);
    }
    aw_jw_end_object(o->w);
    if (o->a->request_validation)
        aw_jw_member_string(o->w, "x-amazon-apigateway-request-validator", S_validators[o->a->request_validation]);
}

static bool S_uses_validation(const doc *o)
{
    if (o->a->request_validation)
        return true;
    for (size_t i = 0; i < o->route_count; i++)
        if (o->routes[i]->as.route.request_validation)
            return true;
    return false;
}

/* ---- the document --------------------------------------------------------------- */

void aw_openapi_write(const aw_deploy *d, aw_jw *w, const aw_node *api)
{
    doc o = {.d = d, .w = w, .api = api, .a = &api->as.api, .type = api->as.api.type};
    o.cached = S_any_stage_cached(&o);
    S_collect_routes(&o);
    aw_jw_object(w);
    aw_jw_member_string(w, "openapi", "3.0.1");
    aw_openapi_docs_info(d, w, api);
    aw_openapi_docs_servers(d, w, api);
    aw_openapi_docs_tags(w, api, o.routes, o.route_count);
    S_paths(&o);
    S_components(&o);
    if (o.type == AW_API_HTTP) {
        if (o.a->cors)
            S_http_cors(&o);
        aw_jw_member_string(w, "x-amazon-apigateway-importexport-version", "1.0");
    } else {
        if (o.a->api_key_source)
            aw_jw_member_string(w, "x-amazon-apigateway-api-key-source",
                                o.a->api_key_source == AW_KEYSRC_AUTHORIZER ? "AUTHORIZER" : "HEADER");
        if (o.a->binary_media_types.count)
            S_string_list(w, "x-amazon-apigateway-binary-media-types", &o.a->binary_media_types);
        if (o.a->policy)
            S_policy(&o);
        if (S_uses_validation(&o))
            S_validators_ext(&o);
        aw_openapi_gateway_responses(w, o.a);
    }
    aw_jw_end_object(w);
    aw_openapi_docs_responses_free(&o.responses);
    free(o.routes);
}

void aw_emit_openapi(const aw_deploy *d, const aw_node *api, aw_strbuf *out, const aw_emit_sink *sink)
{
    aw_deploy local = *d;       /* the shared context, with this emission's sink */
    local.sink = sink;
    /* Room for the document at once (a route takes some 1.6 KB): growing
     * by doubling would copy it a dozen times, into fresh pages. */
    aw_strbuf_reserve(out, 8192 + 2048 * aw_deploy_api_parts(d, api)->route_count);
    aw_jw w;
    aw_jw_init(&w, out);
    /* A template reports every element once, for all its APIs, itself. */
    aw_deploy_report_unsupported(&local, api);
    aw_openapi_write(&local, &w, api);
    aw_jw_finish(&w);
}
