/* What `archway build` writes deploys and behaves as drawn: hard limits
 * refused, account prerequisites named, one authorizer in both documents,
 * snapshots (deployments, Lambda versions) that change whenever what they
 * snapshot changes, every stage reachable and its address right, and no
 * setting dropped without a word. Small diagrams, built in memory. */
#include <jansson.h>

#include "test_support.h"
#include "../../compiler/artifacts.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define FN_LAST(extra) "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"" extra "}"
#define FN(extra) FN_LAST(extra) ",\n"
#define LAMBDA(extra) "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"" extra "},\n"
#define ROUTE(id, path, extra) "{\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"api\", \"method\": \"GET\", " \
                               "\"path\": \"" path "\", \"integration\": \"i\"" extra "},\n"
#define WS_ROUTE(id, key) "{\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"api\", \"routeKey\": \"" key "\", " \
                          "\"integration\": \"i\"},\n"
#define STAGE(id, name, extra) "{\"kind\": \"stage\", \"id\": \"" id "\", \"name\": \"" name "\", \"api\": \"api\"" \
                               extra "}"
#define END "\n]}\n"
/* An HTTP API with one Lambda route and one stage (extra: the stage's). */
#define HTTP_API(stage_extra)                                                                                   \
    HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" FN("") LAMBDA("") ROUTE("r", "/p", "")          \
    STAGE("s", "prod", ", \"autoDeploy\": true" stage_extra) END

typedef struct built {
    bool ok;                    /* nothing was refused */
    json_t *template;
    json_t *openapi;            /* the first OpenAPI document, if any */
} built;

static json_t *S_parse(const aw_artifact *a)
{
    json_error_t err;
    json_t *doc = json_loadb(a->data, a->len, 0, &err);
    ck_assert_msg(doc, "%s is not JSON: %s", a->name, err.text);
    return doc;
}

/* Compiles text (which must compile cleanly) and builds it. */
static built S_build(const char *text)
{
    aw_test_assert_clean(&comp, S_compile(text));
    aw_artifacts arts;
    built b = {aw_artifacts_build(&comp, &arts), NULL, NULL};
    for (size_t i = 0; i < arts.count; i++) {
        if (strcmp(arts.items[i].name, "template.json") == 0)
            b.template = S_parse(&arts.items[i]);
        else if (!b.openapi && strstr(arts.items[i].name, ".openapi.json"))
            b.openapi = S_parse(&arts.items[i]);
    }
    aw_artifacts_free(&arts);
    return b;
}

static void S_free(built *b)
{
    json_decref(b->template);
    json_decref(b->openapi);
}

/* Builds text, which must deploy. */
static built S_build_ok(const char *text)
{
    built b = S_build(text);
    if (!b.ok)
        aw_test_dump_diags(&comp.diags);
    ck_assert(b.ok);
    ck_assert_ptr_nonnull(b.template);
    return b;
}

/* The diagnostic of code whose message holds fragment, or NULL. */
static const aw_diag *S_diag(const char *code, const char *fragment)
{
    for (size_t i = 0; i < comp.diags.count; i++) {
        const aw_diag *d = &comp.diags.items[i];
        if (strcmp(d->code, code) == 0 && strstr(d->message, fragment))
            return d;
    }
    return NULL;
}

static void S_assert_diag(const char *code, const char *fragment)
{
    if (!S_diag(code, fragment))
        aw_test_dump_diags(&comp.diags);
    ck_assert_msg(S_diag(code, fragment), "no %s saying \"%s\"", code, fragment);
}

static json_t *S_resources(const built *b)
{
    return json_object_get(b->template, "Resources");
}

/* The logical id of the one resource of type (a copy, to outlive the
 * template); NULL when there is none. */
static char *S_logical_id(const built *b, const char *type)
{
    const char *id, *found = NULL;
    json_t *res;
    json_object_foreach(S_resources(b), id, res) {
        if (strcmp(json_string_value(json_object_get(res, "Type")), type) == 0) {
            ck_assert_msg(!found, "two resources of type %s", type);
            found = id;
        }
    }
    return found ? strdup(found) : NULL;
}

static json_t *S_props(const built *b, const char *logical)
{
    return json_object_get(json_object_get(S_resources(b), logical), "Properties");
}

/* The logical id of the one resource of type when text is built; the
 * compile is released, so that the caller can build a variant. */
static char *S_built_id(const char *text, const char *type)
{
    built b = S_build_ok(text);
    char *id = S_logical_id(&b, type);
    ck_assert_msg(id, "no %s", type);
    S_free(&b);
    S_teardown();
    return id;
}

/* Building a and b gives resources of type with different logical ids, and
 * building a twice gives the same one. */
static void S_assert_id_changes(const char *a, const char *b, const char *type)
{
    char *first = S_built_id(a, type), *again = S_built_id(a, type), *other = S_built_id(b, type);
    ck_assert_str_eq(first, again);
    ck_assert_msg(strcmp(first, other) != 0, "%s keeps logical id %s", type, first);
    free(first);
    free(again);
    free(other);
}

/* ---- review defect 2: hard timeout limits -------------------------------------- */

static const struct {
    const char *api_type, *timeout;
    bool deploys;
} S_timeouts[] = {
    {"http", "30s", true}, {"http", "31s", false}, {"websocket", "29s", true}, {"websocket", "29500ms", false},
};

START_TEST(test_timeout_above_hard_limit_is_not_written)
{
    char text[2048];
    bool ws = strcmp(S_timeouts[_i].api_type, "websocket") == 0;
    snprintf(text, sizeof text,
             HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"%s\"},\n" FN("")
             "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\", \"timeout\": \"%s\"},\n"
             "%s" STAGE("s", "prod", ", \"autoDeploy\": true") END,
             S_timeouts[_i].api_type, S_timeouts[_i].timeout, ws ? WS_ROUTE("r", "$default") : ROUTE("r", "/p", ""));
    built b = S_build(text);
    ck_assert_int_eq(b.ok, S_timeouts[_i].deploys);
    if (!S_timeouts[_i].deploys)
        S_assert_diag("not-deployable", "a limit that cannot be raised");
    S_free(&b);
}
END_TEST

/* ---- review defect 3: the account's CloudWatch role ------------------------------ */

START_TEST(test_websocket_logging_names_the_account_role)
{
    built b = S_build_ok(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"websocket\"},\n" FN("") LAMBDA("")
                         WS_ROUTE("r", "$default") STAGE("s", "prod", ", \"autoDeploy\": true, \"logLevel\": \"error\"") END);
    S_assert_diag("deploy-note", "WebSocket API logging needs the CloudWatch Logs role");
    S_free(&b);
}
END_TEST

START_TEST(test_http_stage_without_logging_needs_no_role)
{
    built b = S_build_ok(HTTP_API(""));
    ck_assert_ptr_null(S_diag("deploy-note", "CloudWatch Logs role"));
    S_free(&b);
}
END_TEST

/* ---- review defect 4: one authorizer in both documents --------------------------- */

START_TEST(test_caching_authorizer_has_one_cache_key_everywhere)
{
    built b = S_build_ok(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"a\"},\n"
                         FN("") LAMBDA("")
                         "{\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"nodejs22.x\"},\n"
                         "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"lambda\", \"function\": \"auth-fn\"},\n"
                         ROUTE("r", "/p", "") STAGE("s", "prod", ", \"autoDeploy\": true") END);
    /* The template's body and the document written beside it hold the
     * same authorizer: one cache key, one time to live. */
    char *id = S_logical_id(&b, "AWS::ApiGatewayV2::Api");
    json_t *docs[] = {json_object_get(S_props(&b, id), "Body"), b.openapi};
    for (size_t i = 0; i < 2; i++) {
        json_t *scheme = json_object_get(json_object_get(json_object_get(docs[i], "components"), "securitySchemes"), "a");
        json_t *ext = json_object_get(scheme, "x-amazon-apigateway-authorizer");
        ck_assert_int_eq(json_integer_value(json_object_get(ext, "authorizerResultTtlInSeconds")), 300);
        ck_assert_str_eq(json_string_value(json_object_get(ext, "identitySource")), "$request.header.Authorization");
    }
    ck_assert_ptr_null(S_logical_id(&b, "AWS::ApiGatewayV2::Authorizer"));
    free(id);
    S_free(&b);
}
END_TEST

/* ---- review defect 6: a route's own throttle ------------------------------------- */

START_TEST(test_route_throttle_in_every_stage_unless_the_stage_says_otherwise)
{
    built b = S_build_ok(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n" FN("") LAMBDA("")
                         ROUTE("r", "/p", ", \"throttle\": {\"rate\": 600, \"burst\": 900}")
                         STAGE("s1", "prod", "") ",\n"
                         STAGE("s2", "test", ", \"routeThrottles\": [{\"route\": \"r\", \"rate\": 5, \"burst\": 10}]") END);
    const struct { const char *stage; double rate; } expected[] = {{"S1Stage", 600}, {"S2Stage", 5}};
    for (size_t k = 0; k < 2; k++) {
        json_t *settings = json_object_get(S_props(&b, expected[k].stage), "MethodSettings");
        ck_assert_uint_eq(json_array_size(settings), 2);
        json_t *s = json_array_get(settings, 1);
        ck_assert_str_eq(json_string_value(json_object_get(s, "ResourcePath")), "/~1p");
        ck_assert(json_number_value(json_object_get(s, "ThrottlingRateLimit")) == expected[k].rate);
    }
    S_free(&b);
}
END_TEST

/* ---- review defect 8: versions follow the function -------------------------------- */

START_TEST(test_version_follows_the_function)
{
    S_assert_id_changes(HEAD FN_LAST(", \"memory\": 512, \"provisionedConcurrency\": 2") END,
                        HEAD FN_LAST(", \"memory\": 1024, \"provisionedConcurrency\": 2") END, "AWS::Lambda::Version");
    /* New code comes as a new value of the code prefix parameter. */
    built b = S_build_ok(HEAD FN_LAST(", \"provisionedConcurrency\": 2") END);
    char *id = S_logical_id(&b, "AWS::Lambda::Version");
    json_t *sub = json_object_get(json_object_get(S_props(&b, id), "Description"), "Fn::Sub");
    ck_assert_ptr_nonnull(strstr(json_string_value(sub), "${CodePrefix}fn.zip"));
    free(id);
    S_free(&b);
}
END_TEST

/* ---- estates: parameters do not grow with the functions ------------------------- */

#define RUNTIME_FN(id, runtime, extra) \
    "{\"kind\": \"function\", \"id\": \"" id "\", \"runtime\": \"" runtime "\"" extra "}"

START_TEST(test_function_parameters_do_not_grow_with_functions)
{
    built b = S_build_ok(HEAD RUNTIME_FN("a", "nodejs22.x", "") ",\n" RUNTIME_FN("b", "python3.12", "") ",\n"
                         RUNTIME_FN("c", "provided.al2023", "") ",\n"
                         RUNTIME_FN("d", "python3.12", ", \"handler\": \"app.main\"") ",\n"
                         RUNTIME_FN("e", "java21", "") ",\n" RUNTIME_FN("f", "java17", "") END);
    const struct { const char *fn, *handler, *key; } expected[] = {
        {"AFunction", "index.handler", "${CodePrefix}a.zip"}, {"BFunction", "index.handler", "${CodePrefix}b.zip"},
        {"CFunction", "bootstrap", "${CodePrefix}c.zip"}, {"DFunction", "app.main", "${CodePrefix}d.zip"},
        {"EFunction", NULL, "${CodePrefix}e.zip"}, {"FFunction", NULL, "${CodePrefix}f.zip"},
    };
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        json_t *props = S_props(&b, expected[i].fn);
        json_t *handler = json_object_get(props, "Handler");
        if (expected[i].handler)
            ck_assert_str_eq(json_string_value(handler), expected[i].handler);
        else    /* no convention names a Java class: the deployer gives it, once for all */
            ck_assert_str_eq(json_string_value(json_object_get(handler, "Ref")), "JavaHandler");
        json_t *key = json_object_get(json_object_get(props, "Code"), "S3Key");
        ck_assert_str_eq(json_string_value(json_object_get(key, "Fn::Sub")), expected[i].key);
    }
    json_t *params = json_object_get(b.template, "Parameters");
    ck_assert_uint_eq(json_object_size(params), 3);
    ck_assert_ptr_nonnull(json_object_get(params, "CodeBucket"));
    ck_assert_ptr_nonnull(json_object_get(params, "CodePrefix"));
    ck_assert_ptr_nonnull(json_object_get(params, "JavaHandler"));
    S_free(&b);
}
END_TEST

/* ---- review defect 9: deployments follow the API ----------------------------------- */

#define V2_DEPLOYED(integ_extra, audience, route_extra)                                                        \
    HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" FN("") LAMBDA(integ_extra)              \
    "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com\", "  \
    "\"audiences\": [\"" audience "\"]},\n" ROUTE("r", "/p", route_extra) STAGE("s", "prod", "") END

START_TEST(test_v2_deployment_follows_integrations_and_authorization)
{
    const char *type = "AWS::ApiGatewayV2::Deployment";
    S_assert_id_changes(V2_DEPLOYED(", \"timeout\": \"5s\"", "shop", ""),
                        V2_DEPLOYED(", \"timeout\": \"6s\"", "shop", ""), type);
    S_assert_id_changes(V2_DEPLOYED("", "shop", ""), V2_DEPLOYED("", "shop", ", \"authorizer\": \"jwt\""), type);
    S_assert_id_changes(V2_DEPLOYED("", "shop", ", \"authorizer\": \"jwt\""),
                        V2_DEPLOYED("", "store", ", \"authorizer\": \"jwt\""), type);
}
END_TEST

/* ---- HTTP APIs through their OpenAPI body ------------------------------------------ */

/* Whether two documents say the same, leaving out the Archway metadata
 * members (x-archway-*) that only a template's body carries; a body's
 * Fn::Sub is the document's placeholder text. */
static bool S_same_but_metadata(json_t *body, json_t *doc)
{
    json_t *sub = json_is_object(body) ? json_object_get(body, "Fn::Sub") : NULL;
    if (sub && json_is_string(doc))
        return json_equal(sub, doc);
    if (json_is_object(body) && json_is_object(doc)) {
        const char *key;
        json_t *v;
        size_t own = 0;
        json_object_foreach(body, key, v) {
            if (strncmp(key, "x-archway-", 10) == 0)
                continue;
            own++;
            if (!S_same_but_metadata(v, json_object_get(doc, key)))
                return false;
        }
        return own == json_object_size(doc);
    }
    if (json_is_array(body) && json_is_array(doc)) {
        if (json_array_size(body) != json_array_size(doc))
            return false;
        for (size_t i = 0; i < json_array_size(body); i++)
            if (!S_same_but_metadata(json_array_get(body, i), json_array_get(doc, i)))
                return false;
        return true;
    }
    return json_equal(body, doc);
}

START_TEST(test_http_api_deploys_its_openapi_document)
{
    built b = S_build_ok(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n"
                         FN("") LAMBDA(", \"timeout\": \"5s\"")
                         "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", "
                         "\"issuer\": \"https://id.example.com\", \"audiences\": [\"shop\"]},\n"
                         ROUTE("r", "/p", ", \"throttle\": {\"rate\": 5, \"burst\": 10}")
                         STAGE("s", "prod", ", \"autoDeploy\": true") END);
    char *api = S_logical_id(&b, "AWS::ApiGatewayV2::Api");
    json_t *props = S_props(&b, api);
    ck_assert(json_is_true(json_object_get(props, "FailOnWarnings")));
    ck_assert_msg(S_same_but_metadata(json_object_get(props, "Body"), b.openapi),
                  "the template's body and the OpenAPI document differ");
    /* Never a body and route resources on one API. */
    const char *parts[] = {"AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration",
                           "AWS::ApiGatewayV2::Authorizer"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_ptr_null(S_logical_id(&b, parts[i]));
    /* The route's throttle is a stage setting still; the stage names the
     * Api, which brings the route, and waits for nothing else. */
    char *stage = S_logical_id(&b, "AWS::ApiGatewayV2::Stage");
    json_t *setting = json_object_get(json_object_get(S_props(&b, stage), "RouteSettings"), "GET /p");
    ck_assert_int_eq(json_integer_value(json_object_get(setting, "ThrottlingBurstLimit")), 10);
    ck_assert_ptr_null(json_object_get(json_object_get(S_resources(&b), stage), "DependsOn"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(S_props(&b, stage), "ApiId"), "Ref")), api);
    free(stage);
    free(api);
    S_free(&b);
}
END_TEST

/* A timeout given at deployment is a Ref, text where the body holds a
 * number: that API keeps its resources, and the parameter its effect. */
START_TEST(test_http_timeout_parameter_keeps_resource_form)
{
    built b = S_build_ok("{\"archway\": 1, \"name\": \"t\", \"parameters\": [{\"name\": \"Wait\", "
                         "\"type\": \"Number\", \"default\": \"5000\"}],\n\"nodes\": [\n"
                         "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
                         FN("") LAMBDA(", \"timeout\": \"${param:Wait}\"") ROUTE("r", "/p", "")
                         STAGE("s", "prod", ", \"autoDeploy\": true") END);
    char *api = S_logical_id(&b, "AWS::ApiGatewayV2::Api"), *integ = S_logical_id(&b, "AWS::ApiGatewayV2::Integration");
    ck_assert_ptr_null(json_object_get(S_props(&b, api), "Body"));
    ck_assert_ptr_nonnull(integ);
    json_t *timeout = json_object_get(S_props(&b, integ), "TimeoutInMillis");
    ck_assert_str_eq(json_string_value(json_object_get(timeout, "Ref")), "Wait");
    char *route = S_logical_id(&b, "AWS::ApiGatewayV2::Route");
    ck_assert_ptr_nonnull(route);
    free(route);
    free(integ);
    free(api);
    S_free(&b);
}
END_TEST

/* A design fact (a position) changes the body's metadata, not what
 * deploys: the deployment keeps its id. */
START_TEST(test_v2_body_deployment_ignores_design_facts)
{
    const char *type = "AWS::ApiGatewayV2::Deployment";
    char *a = S_built_id(V2_DEPLOYED("", "shop", ", \"position\": {\"x\": 1, \"y\": 2}"), type);
    char *b = S_built_id(V2_DEPLOYED("", "shop", ", \"position\": {\"x\": 300, \"y\": 2}"), type);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_rest_deployment_follows_integrations)
{
    S_assert_id_changes(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n" FN("")
                        LAMBDA(", \"timeout\": \"5s\"") ROUTE("r", "/p", "") STAGE("s", "prod", "") END,
                        HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n" FN("")
                        LAMBDA(", \"timeout\": \"6s\"") ROUTE("r", "/p", "") STAGE("s", "prod", "") END,
                        "AWS::ApiGateway::Deployment");
}
END_TEST

/* A REST API with a JWT authorizer, written as resources: the
 * deployment's id follows every method, integration, model and authorizer,
 * and it waits for every method. */
#define REST_JWT(integ_extra, audience, scopes, model_max)                                                     \
    HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"models\": [{\"name\": \"Item\", "    \
    "\"schema\": \"{\\\"type\\\": \\\"object\\\", \\\"maxProperties\\\": " model_max "}\"}]},\n" FN("")              \
    LAMBDA(integ_extra)                                                                                        \
    "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"algorithms\": [\"RS256\"], "             \
    "\"issuers\": [{\"issuer\": \"https://id.example.com\", \"audiences\": [\"" audience "\"]}]},\n"          \
    ROUTE("r", "/p", ", \"authorizer\": \"jwt\", \"scopes\": [\"" scopes "\"], \"requestModel\": \"Item\"")         \
    ROUTE("q", "/p/{id}", ", \"authorizer\": \"none\"") STAGE("s", "prod", "") END

START_TEST(test_rest_resource_form_deployment_follows_everything)
{
    const char *type = "AWS::ApiGateway::Deployment";
    S_assert_id_changes(REST_JWT(", \"timeout\": \"5s\"", "shop", "a:read", "3"),
                        REST_JWT(", \"timeout\": \"6s\"", "shop", "a:read", "3"), type);
    S_assert_id_changes(REST_JWT("", "shop", "a:read", "3"), REST_JWT("", "store", "a:read", "3"), type);
    S_assert_id_changes(REST_JWT("", "shop", "a:read", "3"), REST_JWT("", "shop", "a:write", "3"), type);
    S_assert_id_changes(REST_JWT("", "shop", "a:read", "3"), REST_JWT("", "shop", "a:read", "4"), type);
    built b = S_build_ok(REST_JWT("", "shop", "a:read", "3"));
    char *deployment = S_logical_id(&b, type);
    json_t *after = json_object_get(json_object_get(S_resources(&b), deployment), "DependsOn");
    const char *id;
    json_t *res;
    size_t methods = 0;
    json_object_foreach(S_resources(&b), id, res) {
        if (strcmp(json_string_value(json_object_get(res, "Type")), "AWS::ApiGateway::Method") != 0)
            continue;
        methods++;
        bool waits = false;
        for (size_t i = 0; i < json_array_size(after); i++)
            waits |= strcmp(json_string_value(json_array_get(after, i)), id) == 0;
        ck_assert_msg(waits, "the deployment does not wait for %s", id);
    }
    ck_assert_uint_eq(methods, 2);
    free(deployment);
    S_free(&b);
}
END_TEST

/* ---- review defects 10 and 21: stages behind a disabled default endpoint ------------ */

#define DISABLED_REST(domain)                                                                                   \
    HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"disableDefaultEndpoint\": true" domain    \
    "},\n" FN("") LAMBDA("") ROUTE("r", "/p", "") STAGE("prod", "prod", "") ",\n"                            \
    STAGE("staging", "staging", "") END

START_TEST(test_disabled_endpoint_maps_every_stage)
{
    built b = S_build_ok(DISABLED_REST(", \"customDomain\": {\"domainName\": \"points.example.com\", "
                                       "\"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/x\", "
                                       "\"basePath\": \"points\"}"));
    ck_assert_str_eq(json_string_value(json_object_get(S_props(&b, "ApiBasePathMapping"), "BasePath")), "points");
    json_t *staging = S_props(&b, "StagingBasePathMapping");
    ck_assert_str_eq(json_string_value(json_object_get(staging, "BasePath")), "points-staging");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(staging, "Stage"), "Ref")), "StagingStage");
    /* The addresses that answer: the domain's, never execute-api. */
    json_t *outputs = json_object_get(b.template, "Outputs");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(outputs, "ProdInvokeUrl"), "Value")),
                     "https://points.example.com/points");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(outputs, "StagingInvokeUrl"), "Value")),
                     "https://points.example.com/points-staging");
    S_assert_diag("deploy-note", "each other stage at '<base path>-<stage>'");
    ck_assert_ptr_null(S_diag("deploy-note", "execute-api URLs"));
    S_free(&b);
}
END_TEST

START_TEST(test_disabled_endpoint_without_domain_is_unreachable)
{
    built b = S_build_ok(DISABLED_REST(""));
    S_assert_diag("deploy-approximation", "no client can reach stage 'staging'");
    ck_assert_ptr_null(json_object_get(b.template, "Outputs"));
    S_free(&b);
}
END_TEST

/* ---- review defect 22: settings the API type lacks ---------------------------------- */

START_TEST(test_websocket_authorizer_cache_is_reported)
{
    built b = S_build(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"websocket\"},\n" FN("") LAMBDA("")
                      "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"lambda\", \"function\": \"fn\", "
                      "\"identitySources\": [\"route.request.querystring.token\"], \"resultTtl\": \"60s\"},\n"
                      "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"api\", \"routeKey\": \"$connect\", "
                      "\"integration\": \"i\", \"authorizer\": \"a\"},\n"
                      STAGE("s", "prod", ", \"autoDeploy\": true") END);
    ck_assert(!b.ok);
    S_assert_diag("not-deployable", "caches its decisions");
    S_free(&b);
}
END_TEST

START_TEST(test_http_execution_logging_is_reported)
{
    built b = S_build(HTTP_API(", \"logLevel\": \"error\""));
    ck_assert(!b.ok);
    S_assert_diag("not-deployable", "writes execution logs");
    S_free(&b);
}
END_TEST

/* ---- review defect 23: edge certificates live in us-east-1 -------------------------- */

#define EDGE(domain)                                                                                            \
    HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"edge\", \"customDomain\": " \
    domain "},\n" FN("") LAMBDA("") ROUTE("r", "/p", "") STAGE("s", "prod", "") END

START_TEST(test_edge_certificate_parameter_says_us_east_1)
{
    built b = S_build_ok(EDGE("{\"domainName\": \"pets.example.com\"}"));
    json_t *param = json_object_get(json_object_get(b.template, "Parameters"), "ApiCertificateArn");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(param, "Description")), "us-east-1"));
    S_free(&b);
}
END_TEST

START_TEST(test_edge_certificate_from_another_region_is_refused)
{
    built b = S_build(EDGE("{\"domainName\": \"pets.example.com\", "
                           "\"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/x\"}"));
    ck_assert(!b.ok);
    S_assert_diag("not-deployable", "must be in us-east-1, not in 'eu-west-1'");
    S_free(&b);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("deploy-semantics");
    TCase *tc = aw_test_tcase(s, "build", NULL, S_teardown);
    tcase_add_loop_test(tc, test_timeout_above_hard_limit_is_not_written, 0, sizeof S_timeouts / sizeof *S_timeouts);
    tcase_add_test(tc, test_websocket_logging_names_the_account_role);
    tcase_add_test(tc, test_http_stage_without_logging_needs_no_role);
    tcase_add_test(tc, test_caching_authorizer_has_one_cache_key_everywhere);
    tcase_add_test(tc, test_route_throttle_in_every_stage_unless_the_stage_says_otherwise);
    tcase_add_test(tc, test_version_follows_the_function);
    tcase_add_test(tc, test_function_parameters_do_not_grow_with_functions);
    tcase_add_test(tc, test_v2_deployment_follows_integrations_and_authorization);
    tcase_add_test(tc, test_http_api_deploys_its_openapi_document);
    tcase_add_test(tc, test_http_timeout_parameter_keeps_resource_form);
    tcase_add_test(tc, test_v2_body_deployment_ignores_design_facts);
    tcase_add_test(tc, test_rest_deployment_follows_integrations);
    tcase_add_test(tc, test_rest_resource_form_deployment_follows_everything);
    tcase_add_test(tc, test_disabled_endpoint_maps_every_stage);
    tcase_add_test(tc, test_disabled_endpoint_without_domain_is_unreachable);
    tcase_add_test(tc, test_websocket_authorizer_cache_is_reported);
    tcase_add_test(tc, test_http_execution_logging_is_reported);
    tcase_add_test(tc, test_edge_certificate_parameter_says_us_east_1);
    tcase_add_test(tc, test_edge_certificate_from_another_region_is_refused);
    return s;
}

AW_TEST_MAIN(S_suite)
