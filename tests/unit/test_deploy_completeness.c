/* Nothing that matters for deployment is dropped: for every sample, each
 * route, stage, stage throttle, route throttle (the stage's, else the
 * route's own in every stage), authorizer, usage plan, API key
 * and function (with its code, name, environment, VPC and tracing) of the
 * diagram is found in the emitted template or OpenAPI documents, with its
 * values. */
#include <glob.h>
#include <jansson.h>
#include <math.h>

#include "test_support.h"
#include "../../compiler/artifacts.h"

static const char *const S_methods[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
static const char *const S_oas_methods[] = {NULL, "x-amazon-apigateway-any-method", "get", "post", "put", "patch",
                                            "delete", "head", "options"};

typedef struct built {
    aw_compilation c;
    aw_artifacts artifacts;
    json_t *template;
    json_t *resources;
} built;

static json_t *S_parse(const aw_artifact *a)
{
    json_error_t err;
    json_t *doc = json_loadb(a->data, a->len, 0, &err);
    ck_assert_msg(doc, "%s is not JSON: %s (line %d)", a->name, err.text, err.line);
    return doc;
}

static void S_build(built *b, const char *path)
{
    memset(b, 0, sizeof *b);
    ck_assert_int_eq(aw_compile_file(&b->c, path, AW_SPELLING_AUTO), AW_COMPILE_OK);
    ck_assert_msg(aw_artifacts_build(&b->c, &b->artifacts), "%s does not deploy", path);
    for (size_t i = 0; i < b->artifacts.count; i++)
        if (strcmp(b->artifacts.items[i].name, "template.json") == 0)
            b->template = S_parse(&b->artifacts.items[i]);
    ck_assert_ptr_nonnull(b->template);
    b->resources = json_object_get(b->template, "Resources");
    ck_assert_ptr_nonnull(b->resources);
}

static void S_free(built *b)
{
    json_decref(b->template);
    aw_artifacts_free(&b->artifacts);
    aw_compilation_free(&b->c);
}

/* A resource of a type whose property `key` is the string `value`; its
 * logical id goes to *logical when that is not NULL. */
static json_t *S_find(const built *b, const char *type, const char *key, const char *value, const char **logical)
{
    const char *id;
    json_t *res;
    json_object_foreach(b->resources, id, res) {
        if (strcmp(json_string_value(json_object_get(res, "Type")), type) != 0)
            continue;
        json_t *v = json_object_get(json_object_get(res, "Properties"), key);
        if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) {
            if (logical)
                *logical = id;
            return res;
        }
    }
    return NULL;
}

static json_t *S_find_resource(const built *b, const char *type, const char *key, const char *value)
{
    return S_find(b, type, key, value, NULL);
}

static const char *S_name(const aw_node *n)
{
    return n->name ? n->name : n->id;
}

static void S_route_key(const aw_node *route, char *buf, size_t size)
{
    const aw_route *r = &route->as.route;
    if (r->route_key)
        snprintf(buf, size, "%s", r->route_key);
    else
        snprintf(buf, size, "%s %s", S_methods[r->method], r->path);
}

static double S_number(json_t *v)
{
    return json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
}

/* The REST API's OpenAPI body as the template embeds it. */
static json_t *S_rest_body(const built *b, const aw_node *api)
{
    json_t *res = S_find_resource(b, "AWS::ApiGateway::RestApi", "Name", S_name(api));
    ck_assert_msg(res, "no RestApi for API %s", api->id);
    return json_object_get(json_object_get(res, "Properties"), "Body");
}

/* An HTTP API's OpenAPI body, when the template declares it so; NULL for
 * one in resource form. */
static json_t *S_http_body(const built *b, const aw_node *api)
{
    if (api->as.api.type != AW_API_HTTP)
        return NULL;
    json_t *res = S_find_resource(b, "AWS::ApiGatewayV2::Api", "Name", S_name(api));
    return res ? json_object_get(json_object_get(res, "Properties"), "Body") : NULL;
}

static void S_check_route(const built *b, const aw_node *route)
{
    const aw_node *api = route->owner_api;
    json_t *http_body = S_http_body(b, api);
    if (api->as.api.type == AW_API_REST || http_body) {
        const aw_route *r = &route->as.route;
        json_t *paths = json_object_get(http_body ? http_body : S_rest_body(b, api), "paths");
        json_t *op = json_object_get(json_object_get(paths, r->path ? r->path : r->route_key),
                                      S_oas_methods[r->method] ? S_oas_methods[r->method] : S_oas_methods[1]);
        ck_assert_msg(op, "route %s is missing from the body of %s", route->id, api->id);
        ck_assert_str_eq(json_string_value(json_object_get(op, "operationId")), route->id);
        ck_assert_msg(json_object_get(op, "x-amazon-apigateway-integration"), "route %s has no integration", route->id);
        return;
    }
    char key[512];
    S_route_key(route, key, sizeof key);
    json_t *res = S_find_resource(b, "AWS::ApiGatewayV2::Route", "RouteKey", key);
    ck_assert_msg(res, "route %s (%s) has no Route resource", route->id, key);
    ck_assert_msg(json_object_get(json_object_get(res, "Properties"), "Target"), "route %s has no target", route->id);
}

/* The settings object that carries a stage's default throttle. */
static json_t *S_stage_defaults(json_t *props, bool rest)
{
    if (!rest)
        return json_object_get(props, "DefaultRouteSettings");
    json_t *settings = json_object_get(props, "MethodSettings");
    size_t i;
    json_t *s;
    json_array_foreach(settings, i, s) if (strcmp(json_string_value(json_object_get(s, "ResourcePath")), "/*") == 0)
        return s;
    return NULL;
}

/* The per-route or per-method setting of a stage for route, or NULL. */
static json_t *S_route_setting(json_t *props, bool rest, const aw_node *route)
{
    if (!rest) {
        char key[512];
        S_route_key(route, key, sizeof key);
        return json_object_get(json_object_get(props, "RouteSettings"), key);
    }
    /* Method settings name a resource path with '/' escaped as "~1". */
    const aw_route *r = &route->as.route;
    char escaped[512] = "/";
    size_t n = 1;
    for (const char *p = r->path; *p && n + 3 < sizeof escaped; p++) {
        if (*p == '/')
            escaped[n++] = '~', escaped[n++] = '1';
        else
            escaped[n++] = *p;
    }
    escaped[n] = '\0';
    size_t k;
    json_t *s, *found = NULL;
    json_array_foreach(json_object_get(props, "MethodSettings"), k, s) {
        const char *method = json_string_value(json_object_get(s, "HttpMethod"));
        if (strcmp(method, r->method == AW_METHOD_ANY ? "*" : S_methods[r->method]) == 0 &&
            strcmp(json_string_value(json_object_get(s, "ResourcePath")), escaped) == 0)
            found = s;
    }
    return found;
}

/* The throttle a route gets in a stage: the stage's own for it, else the
 * route's, which applies in every stage; NULL for neither. */
static bool S_expected_route_rate(const aw_node *stage, const aw_node *route, double *rate)
{
    const aw_stage *st = &stage->as.stage;
    for (size_t i = 0; i < st->route_throttle_count; i++)
        if (st->route_throttles[i].route.node == route) {
            *rate = st->route_throttles[i].rate;
            return true;
        }
    if (!route->as.route.throttle)
        return false;
    *rate = route->as.route.throttle->rate;
    return true;
}

static void S_check_stage(const built *b, const aw_node *stage)
{
    const aw_stage *st = &stage->as.stage;
    bool rest = stage->owner_api->as.api.type == AW_API_REST;
    json_t *res = S_find_resource(b, rest ? "AWS::ApiGateway::Stage" : "AWS::ApiGatewayV2::Stage", "StageName",
                                  S_name(stage));
    ck_assert_msg(res, "stage %s has no Stage resource", stage->id);
    json_t *props = json_object_get(res, "Properties");
    if (st->throttle) {
        json_t *defaults = S_stage_defaults(props, rest);
        ck_assert_msg(defaults, "stage %s lost its throttle", stage->id);
        ck_assert(fabs(S_number(json_object_get(defaults, "ThrottlingRateLimit")) - st->throttle->rate) < 1e-9);
        ck_assert_int_eq(json_integer_value(json_object_get(defaults, "ThrottlingBurstLimit")), st->throttle->burst);
    }
    const aw_model *m = b->c.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        double rate;
        if (route->kind != AW_KIND_ROUTE || route->owner_api != stage->owner_api ||
            !S_expected_route_rate(stage, route, &rate))
            continue;
        json_t *found = S_route_setting(props, rest, route);
        ck_assert_msg(found, "stage %s lost the throttle of route %s", stage->id, route->id);
        ck_assert_msg(fabs(S_number(json_object_get(found, "ThrottlingRateLimit")) - rate) < 1e-9,
                      "stage %s gives route %s the rate %g, not %g", stage->id, route->id,
                      S_number(json_object_get(found, "ThrottlingRateLimit")), rate);
    }
    if (st->access_log)
        ck_assert_msg(json_object_get(props, rest ? "AccessLogSetting" : "AccessLogSettings"),
                      "stage %s lost its access log", stage->id);
}

static void S_check_authorizer(const built *b, const aw_node *auth, const aw_node *api)
{
    json_t *http_body = S_http_body(b, api);
    if (api->as.api.type == AW_API_REST || http_body) {
        json_t *body = http_body ? http_body : S_rest_body(b, api);
        json_t *schemes = json_object_get(json_object_get(body, "components"), "securitySchemes");
        ck_assert_msg(json_object_get(schemes, auth->id), "authorizer %s is missing from %s", auth->id, api->id);
    } else if (auth->as.authorizer.type != AW_AUTH_IAM) {
        ck_assert_msg(S_find_resource(b, "AWS::ApiGatewayV2::Authorizer", "Name", S_name(auth)),
                      "authorizer %s has no Authorizer resource", auth->id);
    }
}

static void S_check_usage_plan(const built *b, const aw_node *plan)
{
    const aw_usage_plan *up = &plan->as.usage_plan;
    const char *plan_id = NULL;
    json_t *res = S_find(b, "AWS::ApiGateway::UsagePlan", "UsagePlanName", S_name(plan), &plan_id);
    ck_assert_msg(res, "usage plan %s has no UsagePlan resource", plan->id);
    json_t *props = json_object_get(res, "Properties");
    ck_assert_int_eq(json_array_size(json_object_get(props, "ApiStages")), up->stages.count);
    if (up->throttle)
        ck_assert(fabs(S_number(json_object_get(json_object_get(props, "Throttle"), "RateLimit")) - up->throttle->rate) <
                  1e-9);
    if (up->quota)
        ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(props, "Quota"), "Limit")),
                         up->quota->limit);
    size_t keys = 0;
    const char *id;
    json_t *r;
    json_object_foreach(b->resources, id, r) {
        json_t *ref = json_object_get(json_object_get(json_object_get(r, "Properties"), "UsagePlanId"), "Ref");
        keys += strcmp(json_string_value(json_object_get(r, "Type")), "AWS::ApiGateway::UsagePlanKey") == 0 &&
                json_is_string(ref) && strcmp(json_string_value(ref), plan_id) == 0;
    }
    ck_assert_uint_eq(keys, up->api_keys.count);
}

static bool S_str_is(json_t *v, const char *s)
{
    return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

/* Whether v is the diagram's text s as the template deploys it: the text,
 * or, where s holds a deploy-time parameter ${param:NAME}, its Ref (s the
 * placeholder alone) or the Fn::Sub that names it ${NAME}. */
static bool S_deploys_text(json_t *v, const char *s)
{
    const char *open = "${param:";
    if (!strstr(s, open))
        return S_str_is(v, s);
    size_t len = strlen(s), olen = strlen(open);
    json_t *ref = json_object_get(v, "Ref"), *sub = json_object_get(v, "Fn::Sub");
    if (json_is_string(ref))
        return strncmp(s, open, olen) == 0 && s[len - 1] == '}' &&
               strlen(json_string_value(ref)) == len - olen - 1 &&
               strncmp(json_string_value(ref), s + olen, len - olen - 1) == 0;
    if (!json_is_string(sub))
        return false;
    char expected[1024], *w = expected;
    for (const char *p = s; *p && w < expected + sizeof expected - 1; p++) {
        *w++ = *p;
        if (strncmp(p, open, olen) == 0)
            p += olen - 1, *w++ = '{';
    }
    *w = '\0';
    return strcmp(json_string_value(sub), expected) == 0;
}

/* Whether a function resource carries the function's deployment settings:
 * its code (a local path or inline), name, environment, VPC and tracing. */
static bool S_function_matches(json_t *props, const aw_function *fn)
{
    json_t *code = json_object_get(props, "Code");
    if (!S_str_is(json_object_get(props, "Runtime"), fn->runtime) ||
        (fn->code_uri && !S_str_is(code, fn->code_uri)) ||
        (fn->inline_code && !S_str_is(json_object_get(code, "ZipFile"), fn->inline_code)) ||
        (fn->function_name && !S_str_is(json_object_get(props, "FunctionName"), fn->function_name)))
        return false;
    json_t *vars = json_object_get(json_object_get(props, "Environment"), "Variables");
    if (json_object_size(vars) != fn->environment.count)
        return false;
    for (size_t k = 0; k < fn->environment.count; k++)
        if (!S_deploys_text(json_object_get(vars, fn->environment.items[k].key), fn->environment.items[k].value))
            return false;
    json_t *vpc = json_object_get(props, "VpcConfig");
    if (fn->vpc ? json_array_size(json_object_get(vpc, "SubnetIds")) != fn->vpc->subnets.count ||
                      json_array_size(json_object_get(vpc, "SecurityGroupIds")) != fn->vpc->security_groups.count
                : vpc != NULL)
        return false;
    const char *mode = fn->tracing == AW_TRACING_ACTIVE ? "Active" : fn->tracing ? "PassThrough" : NULL;
    json_t *tracing = json_object_get(json_object_get(props, "TracingConfig"), "Mode");
    return mode ? S_str_is(tracing, mode) : tracing == NULL;
}

static void S_check_function(const built *b, const aw_node *n)
{
    const char *id;
    json_t *res;
    json_object_foreach(b->resources, id, res) {
        if (S_str_is(json_object_get(res, "Type"), "AWS::Lambda::Function") &&
            S_function_matches(json_object_get(res, "Properties"), &n->as.function))
            return;
    }
    ck_abort_msg("function %s is missing, or some of its settings are", n->id);
}

static void S_check_sample(const char *path)
{
    built b;
    S_build(&b, path);
    const aw_model *m = b.c.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        switch (n->kind) {
        case AW_KIND_ROUTE:
            S_check_route(&b, n);
            if (n->as.route.authorizer.node)
                S_check_authorizer(&b, n->as.route.authorizer.node, n->owner_api);
            break;
        case AW_KIND_STAGE:
            S_check_stage(&b, n);
            break;
        case AW_KIND_USAGE_PLAN:
            S_check_usage_plan(&b, n);
            break;
        case AW_KIND_API_KEY:
            ck_assert_msg(S_find_resource(&b, "AWS::ApiGateway::ApiKey", "Name", S_name(n)), "API key %s is missing",
                          n->id);
            break;
        case AW_KIND_FUNCTION:
            if (!n->as.function.existing)
                S_check_function(&b, n);
            break;
        default:
            break;
        }
    }
    S_free(&b);
}

START_TEST(test_every_sample_deploys_whole)
{
    glob_t g;
    ck_assert_int_eq(glob("samples/*.json", 0, NULL, &g), 0);
    size_t checked = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        /* The flawed sample fails its lint on purpose; it is no deployment. */
        if (strstr(g.gl_pathv[i], "flawed-everything"))
            continue;
        S_check_sample(g.gl_pathv[i]);
        checked++;
    }
    globfree(&g);
    ck_assert_uint_ge(checked, 8);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("deploy-completeness");
    TCase *tc = aw_test_tcase(s, "samples", NULL, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_sample_deploys_whole);
    return s;
}

AW_TEST_MAIN(S_suite)
