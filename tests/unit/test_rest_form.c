/* A REST API with a JWT authorizer is built as template resources (no
 * OpenAPI Body): each method guarded as drawn, the resource tree, every
 * authorizer kind, and an OpenAPI file that cannot be imported open. */
#include "test_build_support.h"
#include "../../ir/strbuf.h"

static aw_test_built b;

/* Builds text; returns whether it deploys. */
static bool S_try(const char *text)
{
    ck_assert_int_eq(aw_test_built_compile(&b, text, AW_SPELLING_JSON), AW_COMPILE_OK);
    bool ok = aw_artifacts_build(&b.c, &b.artifacts);
    aw_test_json_documents(&b.artifacts, &b.template, &b.openapi);
    return ok;
}

static void S_build(const char *text)
{
    if (!S_try(text))
        aw_test_dump_diags(&b.c.diags);
    ck_assert_msg(b.template, "the diagram does not deploy");
}

static void S_teardown(void)
{
    aw_test_built_free(&b);
}

static json_t *S_at(json_t *root, const char *path)
{
    return aw_test_json_at(root, path);
}

static const char *S_str(json_t *root, const char *path)
{
    return json_string_value(S_at(root, path));
}

/* The properties of resource id of the template. */
static json_t *S_props(const char *id)
{
    json_t *res = json_object_get(json_object_get(b.template, "Resources"), id);
    ck_assert_msg(res, "no resource %s", id);
    return json_object_get(res, "Properties");
}

static size_t S_count(const char *type)
{
    const char *id;
    json_t *res;
    size_t n = 0;
    json_object_foreach(json_object_get(b.template, "Resources"), id, res) n +=
        strcmp(json_string_value(json_object_get(res, "Type")), type) == 0;
    return n;
}

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define ROUTE(id, method, path, extra)                                                                        \
    " {\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"shop\", \"method\": \"" method "\", \"path\": \"" path \
    "\", \"integration\": \"call\"" extra "},\n"
/* A REST API "shop" with every kind of authorizer; its routes follow. */
#define SHOP(routes)                                                                                          \
    HEAD " {\"kind\": \"api\", \"id\": \"shop\", \"type\": \"rest\"},\n"                                      \
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"shop\"},\n"                      \
    " {\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"algorithms\": [\"RS256\", \"ES384\"],"  \
    " \"issuers\": [{\"issuer\": \"https://id.example.com/\", \"audiences\": [\"shop\", \"app\"],"            \
    " \"claims\": [{\"name\": \"tenant\", \"values\": [\"acme\"], \"required\": true}]},"                     \
    " {\"issuer\": \"https://login.example.org\", \"audiences\": [\"shop-web\"]}]},\n"                         \
    " {\"kind\": \"authorizer\", \"id\": \"pool\", \"type\": \"cognito\","                                    \
    " \"userPool\": \"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Shop\"},\n"                \
    " {\"kind\": \"authorizer\", \"id\": \"gate\", \"type\": \"lambda\", \"function\": \"gate-fn\","           \
    " \"lambdaType\": \"request\", \"identitySources\": [\"$request.header.X-Key\"]},\n"                       \
    " {\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"                                      \
    " {\"kind\": \"function\", \"id\": \"gate-fn\", \"runtime\": \"nodejs22.x\"},\n"                          \
    " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"                               \
    " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n" routes     \
    " {\"kind\": \"route\", \"id\": \"last\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/z\","      \
    " \"authorizer\": \"jwt\", \"scopes\": [\"z:read\"], \"integration\": \"call\"}\n]}"

START_TEST(test_jwt_api_has_no_body_and_a_jwt_authorizer)
{
    S_build(SHOP(""));
    ck_assert_ptr_null(S_at(S_props("ShopRestApi"), "Body"));
    json_t *auth = S_props("JwtAuthorizer");
    ck_assert_str_eq(S_str(auth, "Type"), "JWT");
    ck_assert_str_eq(S_str(auth, "IdentitySource"), "method.request.header.Authorization");
    ck_assert_str_eq(S_str(auth, "JwtConfiguration|DefaultAlgorithms|1"), "ES384");
    ck_assert_str_eq(S_str(auth, "JwtConfiguration|Issuers|0|Audiences|1"), "app");
    ck_assert_str_eq(S_str(auth, "JwtConfiguration|Issuers|1|Issuer"), "https://login.example.org");
    json_t *claim = S_at(auth, "JwtConfiguration|Issuers|0|AdditionalClaims|0");
    ck_assert_str_eq(S_str(claim, "ClaimName"), "tenant");
    ck_assert_str_eq(S_str(claim, "Format"), "SINGLE_STRING");
    ck_assert_str_eq(S_str(claim, "ExpectedValues|0"), "acme");
    ck_assert(json_is_true(S_at(claim, "Required")));
    ck_assert_ptr_null(S_at(auth, "JwtConfiguration|Issuers|1|AdditionalClaims"));
    json_t *method = S_props("LastMethod");
    ck_assert_str_eq(S_str(method, "AuthorizationType"), "JWT");
    ck_assert_str_eq(S_str(method, "AuthorizerId|Ref"), "JwtAuthorizer");
    ck_assert_str_eq(S_str(method, "AuthorizationScopes|0"), "z:read");
    ck_assert_str_eq(S_str(method, "HttpMethod"), "GET");
    ck_assert_str_eq(S_str(method, "Integration|Type"), "AWS_PROXY");
}
END_TEST

/* Each method keeps its own authorizer, whatever its kind, and its key. */
START_TEST(test_every_authorizer_kind_is_attached)
{
    S_build(SHOP(ROUTE("open", "GET", "/open", ", \"authorizer\": \"none\", \"noneReason\": \"health\"")
                 ROUTE("signed", "POST", "/signed", ", \"authorizer\": \"iam\"")
                 ROUTE("pooled", "GET", "/pooled", ", \"authorizer\": \"pool\", \"scopes\": [\"shop/read\"]")
                 ROUTE("gated", "PUT", "/gated", ", \"authorizer\": \"gate\", \"apiKeyRequired\": true")));
    ck_assert_str_eq(S_str(S_props("OpenMethod"), "AuthorizationType"), "NONE");
    json_t *signed_ = S_props("SignedMethod");
    ck_assert_str_eq(S_str(signed_, "AuthorizationType"), "AWS_IAM");
    ck_assert_ptr_null(S_at(signed_, "AuthorizerId"));
    json_t *pooled = S_props("PooledMethod");
    ck_assert_str_eq(S_str(pooled, "AuthorizationType"), "COGNITO_USER_POOLS");
    ck_assert_str_eq(S_str(pooled, "AuthorizerId|Ref"), "PoolAuthorizer");
    ck_assert_str_eq(S_str(pooled, "AuthorizationScopes|0"), "shop/read");
    json_t *gated = S_props("GatedMethod");
    ck_assert_str_eq(S_str(gated, "AuthorizationType"), "CUSTOM");
    ck_assert(json_is_true(S_at(gated, "ApiKeyRequired")));
    json_t *pool = S_props("PoolAuthorizer");
    ck_assert_str_eq(S_str(pool, "Type"), "COGNITO_USER_POOLS");
    ck_assert_str_eq(S_str(pool, "ProviderARNs|0"), "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Shop");
    ck_assert_str_eq(S_str(pool, "IdentitySource"), "method.request.header.Authorization");
    json_t *gate = S_props("GateAuthorizer");
    ck_assert_str_eq(S_str(gate, "Type"), "REQUEST");
    ck_assert_str_eq(S_str(gate, "IdentitySource"), "method.request.header.X-Key");
    ck_assert_ptr_nonnull(strstr(S_str(gate, "AuthorizerUri|Fn::Sub"), "${GateFunction.Arn}"));
    /* IAM is a method's authorization type alone: no authorizer resource. */
    ck_assert_uint_eq(S_count("AWS::ApiGateway::Authorizer"), 3);
}
END_TEST

/* One Resource per path segment, shared prefixes once; "/" is the root. */
START_TEST(test_paths_become_one_resource_tree)
{
    S_build(SHOP(ROUTE("root", "GET", "/", "") ROUTE("one", "GET", "/a/{b}", "") ROUTE("two", "GET", "/a/b", "")
                 ROUTE("three", "GET", "/a/{b}/c", "")));
    ck_assert_str_eq(S_str(S_props("RootMethod"), "ResourceId|Fn::GetAtt|1"), "RootResourceId");
    ck_assert_uint_eq(S_count("AWS::ApiGateway::Resource"), 5);   /* a, {b}, b, c, z */
    ck_assert_str_eq(S_str(S_props("ShopAResource"), "PathPart"), "a");
    ck_assert_str_eq(S_str(S_props("ShopAResource"), "ParentId|Fn::GetAtt|0"), "ShopRestApi");
    ck_assert_str_eq(S_str(S_props("ShopAByBResource"), "PathPart"), "{b}");
    ck_assert_str_eq(S_str(S_props("ShopAByBResource"), "ParentId|Ref"), "ShopAResource");
    ck_assert_str_eq(S_str(S_props("ShopABResource"), "PathPart"), "b");
    ck_assert_str_eq(S_str(S_props("ShopAByBCResource"), "ParentId|Ref"), "ShopAByBResource");
    ck_assert_str_eq(S_str(S_props("ThreeMethod"), "ResourceId|Ref"), "ShopAByBCResource");
    ck_assert(json_is_true(S_at(S_props("ThreeMethod"), "RequestParameters|method.request.path.b")));
}
END_TEST

/* Without a JWT authorizer, a REST API keeps its Body and no Method. */
START_TEST(test_rest_without_jwt_keeps_its_body)
{
    S_build(HEAD " {\"kind\": \"api\", \"id\": \"shop\", \"type\": \"rest\"},\n"
                 " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"shop\"},\n"
                 " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                 " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                 " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/p\","
                 " \"integration\": \"call\"}\n]}");
    ck_assert_ptr_nonnull(S_at(S_props("ShopRestApi"), "Body|paths|/p|get"));
    ck_assert_uint_eq(S_count("AWS::ApiGateway::Method"), 0);
    ck_assert_uint_eq(S_count("AWS::ApiGateway::Resource"), 0);
}
END_TEST

/* The OpenAPI file says what the authorizer is in standard OpenAPI, and an
 * import of it guards the method with IAM rather than leaving it open. */
START_TEST(test_openapi_file_imports_closed)
{
    S_build(SHOP(""));
    json_t *scheme = S_at(b.openapi, "components|securitySchemes|jwt");
    ck_assert_str_eq(S_str(scheme, "type"), "openIdConnect");
    ck_assert_str_eq(S_str(scheme, "openIdConnectUrl"), "https://id.example.com/.well-known/openid-configuration");
    ck_assert_ptr_nonnull(strstr(S_str(scheme, "description"), "https://login.example.org for shop-web"));
    json_t *op = S_at(b.openapi, "paths|/z|get");
    ck_assert_str_eq(S_str(op, "security|0|jwt|0"), "z:read");
    ck_assert_str_eq(S_str(op, "x-amazon-apigateway-auth|type"), "AWS_IAM");
    ck_assert_ptr_nonnull(strstr(S_str(b.openapi, "info|description"), "CloudFormation template"));
}
END_TEST

/* Such an API stays in one nested stack while it fits one: one that cannot
 * (261 routes, each a Resource and a Method) is spread over stacks as any
 * API, each path beside the first method that uses it, and its deployment
 * waits for every method, in whichever stack. */
START_TEST(test_resource_form_too_big_for_a_stack_is_spread)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, SHOP(""));
    text.len -= 3;      /* "\n]}": 260 routes more follow */
    aw_strbuf_puts(&text, ",\n");
    for (int i = 0; i < 260; i++)
        aw_strbuf_printf(&text, ROUTE("r%d", "GET", "/items%d", ", \"authorizer\": \"jwt\", \"scopes\": [\"a\"]"), i, i);
    text.len -= 2;      /* the last ",\n" */
    aw_strbuf_puts(&text, "\n]}");
    S_build(text.data);
    aw_strbuf_free(&text);
    size_t holding = 0, methods = 0, waited = 0, deployment_in = 0;
    bool has_methods[64] = {false};
    for (size_t i = 0; i < b.artifacts.count; i++) {
        const aw_artifact *a = &b.artifacts.items[i];
        size_t part = 0;
        if (sscanf(a->name, "template-part%zu.json", &part) != 1)
            continue;
        ck_assert_uint_lt(part, 64);
        json_t *child = aw_test_json_parse(a);
        const char *id;
        json_t *res;
        size_t here = 0;
        json_object_foreach(json_object_get(child, "Resources"), id, res) {
            const char *type = json_string_value(json_object_get(res, "Type"));
            here += strcmp(type, "AWS::ApiGateway::Method") == 0;
            if (strcmp(type, "AWS::ApiGateway::Deployment") == 0) {
                waited = json_array_size(json_object_get(res, "DependsOn"));
                deployment_in = part;
            }
        }
        ck_assert_uint_le(json_object_size(json_object_get(child, "Resources")), 500);
        ck_assert_uint_le(json_object_size(json_object_get(child, "Parameters")), 200);
        has_methods[part] = here > 0;
        holding += here > 0;
        methods += here;
        json_decref(child);
    }
    ck_assert_uint_ge(holding, 2);
    ck_assert_uint_eq(methods, 261);
    /* In its own stack, the methods it names; its stack comes after every
     * other that holds methods, by DependsOn or by a value it takes. */
    ck_assert_uint_ge(waited, 1);
    /* the root's stack resource of each child, by its template */
    const char *stack_of[64] = {NULL}, *id;
    json_t *res;
    json_object_foreach(S_at(b.template, "Resources"), id, res) {
        size_t part = 0;
        if (sscanf(S_str(res, "Properties|TemplateURL"), "template-part%zu.json", &part) == 1 && part < 64)
            stack_of[part] = id;
    }
    ck_assert_ptr_nonnull(stack_of[deployment_in]);
    char path[600];
    snprintf(path, sizeof path, "Resources|%s", stack_of[deployment_in]);
    char *root = json_dumps(S_at(b.template, path), JSON_COMPACT);
    for (size_t k = 1; k < 64; k++) {
        char other[600];
        if (!has_methods[k] || k == deployment_in)
            continue;
        snprintf(other, sizeof other, "\"%s\"", stack_of[k]);
        ck_assert_msg(strstr(root, other), "the deployment's stack %s does not wait for %s", stack_of[deployment_in],
                      other);
    }
    free(root);
}
END_TEST

/* A template past one stack's limits is split, the API's functions apart,
 * but the API written as resources whole in one child: its RestApi, every
 * Resource and Method, and the deployment that waits for them. */
START_TEST(test_resource_form_stays_whole_in_one_nested_stack)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, SHOP(""));
    text.len -= 3;
    aw_strbuf_puts(&text, ",\n");
    for (int i = 0; i < 110; i++)
        aw_strbuf_printf(&text, " {\"kind\": \"function\", \"id\": \"f%d\", \"runtime\": \"nodejs22.x\"},\n"
                         " {\"kind\": \"integration\", \"id\": \"i%d\", \"type\": \"lambda\", \"function\": \"f%d\"},\n"
                         " {\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/i%d\","
                         " \"authorizer\": \"jwt\", \"scopes\": [\"a\"], \"integration\": \"i%d\"},\n", i, i, i, i, i, i);
    text.len -= 2;
    aw_strbuf_puts(&text, "\n]}");
    S_build(text.data);
    aw_strbuf_free(&text);
    const char *holder = NULL;
    size_t children = 0, api_resources = 0;
    for (size_t i = 0; i < b.artifacts.count; i++) {
        const aw_artifact *a = &b.artifacts.items[i];
        if (!strstr(a->name, "template-part"))
            continue;
        children++;
        json_t *child = aw_test_json_parse(a);
        const char *id;
        json_t *res;
        json_object_foreach(json_object_get(child, "Resources"), id, res) {
            const char *type = json_string_value(json_object_get(res, "Type"));
            if (strncmp(type, "AWS::ApiGateway::", 17) != 0)
                continue;
            api_resources++;
            if (!holder)
                holder = a->name;
            ck_assert_msg(strcmp(holder, a->name) == 0, "%s (%s) is in %s, not with the API in %s", id, type,
                          a->name, holder);
        }
        json_decref(child);
    }
    ck_assert_uint_ge(children, 2);
    ck_assert_uint_ge(api_resources, 2 * 110 + 3);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("rest-form");
    TCase *tc = aw_test_tcase(s, "build", NULL, S_teardown);
    tcase_add_test(tc, test_jwt_api_has_no_body_and_a_jwt_authorizer);
    tcase_add_test(tc, test_every_authorizer_kind_is_attached);
    tcase_add_test(tc, test_paths_become_one_resource_tree);
    tcase_add_test(tc, test_rest_without_jwt_keeps_its_body);
    tcase_add_test(tc, test_openapi_file_imports_closed);
    tcase_add_test(tc, test_resource_form_too_big_for_a_stack_is_spread);
    tcase_add_test(tc, test_resource_form_stays_whole_in_one_nested_stack);
    return s;
}

AW_TEST_MAIN(S_suite)
