/* What the deployed APIs do, read from the built documents: each test
 * builds a small diagram and asserts the property a deployed API needs to
 * behave as drawn (cache keys, error mappings, CORS answers, policy
 * resources, queue triggers, WebSocket models, backend paths). */
#include <glob.h>

#include "test_support.h"
#include "test_json_support.h"
#include "../../ir/strbuf.h"

typedef struct built {
    aw_compilation c;
    aw_artifacts artifacts;
    json_t *template;
    json_t *openapi;            /* the first OpenAPI document; NULL if none */
} built;

static built b;

/* Builds a diagram; returns whether it deployed without errors. */
static bool S_build(const char *text)
{
    memset(&b, 0, sizeof b);
    ck_assert_int_eq(aw_compile_buffer(&b.c, "t.json", text, strlen(text), AW_SPELLING_JSON), AW_COMPILE_OK);
    bool ok = aw_artifacts_build(&b.c, &b.artifacts);
    aw_test_json_documents(&b.artifacts, &b.template, &b.openapi);
    return ok;
}

static void S_build_clean(const char *text)
{
    bool ok = S_build(text);
    if (!ok)
        aw_test_dump_diags(&b.c.diags);
    ck_assert_msg(ok, "the diagram does not deploy");
}

static void S_teardown(void)
{
    json_decref(b.template);
    json_decref(b.openapi);
    aw_artifacts_free(&b.artifacts);
    aw_compilation_free(&b.c);
    memset(&b, 0, sizeof b);
}

static json_t *S_at(json_t *root, const char *path)
{
    return aw_test_json_at(root, path);
}

static const char *S_str(json_t *root, const char *path)
{
    return json_string_value(S_at(root, path));
}

/* Whether a diagnostic with this code mentions text. */
static bool S_reported(const char *code, const char *text)
{
    for (size_t i = 0; i < b.c.diags.count; i++) {
        const aw_diag *d = &b.c.diags.items[i];
        if (strcmp(d->code, code) == 0 && strstr(d->message, text))
            return true;
    }
    return false;
}

/* A REST API "pets" with stage "prod" and the nodes given. */
#define REST(nodes)                                                                                           \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                        \
    " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\"},\n"                                          \
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\"},\n" nodes "]}"

#define MOCK " {\"kind\": \"integration\", \"id\": \"mock\", \"type\": \"mock\"},\n"

/* ---- 16: resource policies match concrete paths ---------------------------- */

START_TEST(test_policy_path_parameters_become_wildcards)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\", \"resourcePolicy\": {\"statements\": [\n"
                  "   {\"effect\": \"allow\", \"principals\": [\"*\"]},\n"
                  "   {\"effect\": \"deny\", \"principals\": [\"*\"], \"resources\": [\"DELETE /pets/{petId}\","
                  " \"GET /files/{path+}\"], \"notSourceIps\": [\"10.0.0.0/8\"]}]}},\n"
                  " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\"},\n" MOCK
                  " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"DELETE\", \"path\": "
                  "\"/pets/{petId}\", \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"mock\"}\n"
                  "]}");
    json_t *res = S_at(b.openapi, "x-amazon-apigateway-policy|Statement|1|Resource");
    ck_assert_str_eq(json_string_value(json_array_get(res, 0)), "execute-api:/*/DELETE/pets/*");
    ck_assert_str_eq(json_string_value(json_array_get(res, 1)), "execute-api:/*/GET/files/*");
}
END_TEST

/* ---- 12: AWS service errors are errors ------------------------------------- */

START_TEST(test_rest_aws_errors_keep_their_class)
{
    S_build_clean(REST(" {\"kind\": \"datastore\", \"id\": \"devices\", \"engine\": \"dynamodb\"},\n"
                       " {\"kind\": \"integration\", \"id\": \"get\", \"type\": \"aws\", \"service\": \"dynamodb\","
                       " \"action\": \"GetItem\", \"role\": \"arn:aws:iam::123456789012:role/r\", \"target\": \"devices\","
                       " \"requestTemplate\": \"{}\"},\n"
                       " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/d/{id}\","
                       " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"get\"}\n"));
    json_t *op = S_at(b.openapi, "paths|/d/{id}|get");
    ck_assert_str_eq(S_str(op, "x-amazon-apigateway-integration|responses|default|statusCode"), "200");
    ck_assert_str_eq(S_str(op, "x-amazon-apigateway-integration|responses|4\\d{2}|statusCode"), "400");
    ck_assert_str_eq(S_str(op, "x-amazon-apigateway-integration|responses|5\\d{2}|statusCode"), "500");
    ck_assert_ptr_nonnull(S_at(op, "responses|400"));
    ck_assert_ptr_nonnull(S_at(op, "responses|500"));
}
END_TEST

/* ---- 19: a private integration keeps the request path ------------------------ */

START_TEST(test_private_default_url_keeps_the_path)
{
    S_build_clean(REST(" {\"kind\": \"loadBalancer\", \"id\": \"nlb\", \"type\": \"nlb\","
                       " \"arn\": \"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/legacy/abc\"},\n"
                       " {\"kind\": \"vpcLink\", \"id\": \"link\", \"targets\": [\"nlb\"]},\n"
                       " {\"kind\": \"integration\", \"id\": \"legacy\", \"type\": \"private\", \"vpcLink\": \"link\","
                       " \"listener\": \"nlb\", \"listenerPort\": 8080},\n"
                       " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"ANY\", \"path\": "
                       "\"/legacy/{proxy+}\", \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"legacy\"}\n"));
    json_t *in = S_at(b.openapi, "paths|/legacy/{proxy+}|x-amazon-apigateway-any-method|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(in, "uri"), "http://${NlbDnsName}:8080/legacy/{proxy}");
    ck_assert_str_eq(S_str(in, "requestParameters|integration.request.path.proxy"), "method.request.path.proxy");
}
END_TEST

/* ---- 5: a cache never serves one member's or caller's data to another ---------- */

START_TEST(test_cache_keys_on_path_and_caller)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\"},\n"
                  " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\","
                  " \"cache\": {\"ttl\": \"60s\", \"encrypted\": true}},\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"authorizer\", \"id\": \"tenant\", \"type\": \"lambda\", \"lambdaType\": \"request\","
                  " \"function\": \"auth-fn\", \"identitySources\": [\"$request.header.X-Tenant\"]},\n"
                  " {\"kind\": \"integration\", \"id\": \"get\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                  " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": "
                  "\"/members/{memberId}/history\", \"authorizer\": \"tenant\", \"integration\": \"get\"}\n"
                  "]}");
    json_t *op = S_at(b.openapi, "paths|/members/{memberId}/history|get");
    json_t *keys = S_at(op, "x-amazon-apigateway-integration|cacheKeyParameters");
    ck_assert_uint_eq(json_array_size(keys), 2);
    ck_assert_str_eq(json_string_value(json_array_get(keys, 0)), "method.request.path.memberId");
    ck_assert_str_eq(json_string_value(json_array_get(keys, 1)), "method.request.header.X-Tenant");
    /* A key must be a parameter of the method. */
    ck_assert_str_eq(S_str(op, "parameters|1|name"), "X-Tenant");
    ck_assert_str_eq(S_str(op, "parameters|1|in"), "header");
}
END_TEST

/* Names longer than any fixed room a writer might keep: a path parameter,
 * the token header a cache is keyed on, and the allowed origin every
 * answer carries are written whole, never cut short. */
START_TEST(test_long_names_are_written_whole)
{
    char param[401], header[401], origin[701];
    aw_test_fill(param, sizeof param, 'p');
    aw_test_fill(header, sizeof header, 'h');
    snprintf(origin, sizeof origin, "https://%0*d.example.com", (int)sizeof origin - 21, 0);
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_printf(&text,
                     "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                     " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\", \"cors\": {\"allowOrigins\": [\"%s\"]}},\n"
                     " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\","
                     " \"cache\": {\"ttl\": \"60s\", \"encrypted\": true}},\n"
                     " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                     " {\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"nodejs22.x\"},\n"
                     " {\"kind\": \"authorizer\", \"id\": \"tok\", \"type\": \"lambda\", \"lambdaType\": \"token\","
                     " \"function\": \"auth-fn\", \"identitySources\": [\"$request.header.%s\"]},\n"
                     " {\"kind\": \"integration\", \"id\": \"get\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                     " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/m/{%s}\","
                     " \"authorizer\": \"tok\", \"integration\": \"get\"}\n"
                     "]}",
                     origin, header, param);
    S_build_clean(text.data);
    aw_strbuf path = AW_STRBUF_INIT, key = AW_STRBUF_INIT;
    aw_strbuf_printf(&path, "paths|/m/{%s}|get", param);
    json_t *op = S_at(b.openapi, path.data);
    ck_assert_ptr_nonnull(op);
    ck_assert_str_eq(S_str(op, "parameters|0|name"), param);
    json_t *keys = S_at(op, "x-amazon-apigateway-integration|cacheKeyParameters");
    ck_assert_uint_eq(json_array_size(keys), 2);
    aw_strbuf_printf(&key, "method.request.path.%s", param);
    ck_assert_str_eq(json_string_value(json_array_get(keys, 0)), key.data);
    key.len = 0;
    aw_strbuf_printf(&key, "method.request.header.%s", header);
    ck_assert_str_eq(json_string_value(json_array_get(keys, 1)), key.data);
    key.len = 0;
    aw_strbuf_printf(&key, "'%s'", origin);
    ck_assert_str_eq(S_str(b.openapi, "x-amazon-apigateway-gateway-responses|DEFAULT_4XX|responseParameters|"
                                      "gatewayresponse.header.Access-Control-Allow-Origin"),
                     key.data);
    aw_strbuf_free(&key);
    aw_strbuf_free(&path);
    aw_strbuf_free(&text);
}
END_TEST

/* A route's path, a stage's mapping on the custom domain and a usage
 * plan's method key, longer than any fixed room a writer might keep, are
 * written whole into the template: cut short, they would name a route or
 * a mapping that does not exist. And what the build says of them is whole. */
START_TEST(test_long_route_keys_and_mapped_paths_are_written_whole)
{
    char path[701], base[301], domain[1201];
    aw_test_fill(domain, sizeof domain, 'd');
    memcpy(domain + sizeof domain - 13, ".example.com", 13);
    aw_test_fill(path, sizeof path, 'x');
    path[0] = '/';
    aw_test_fill(base, sizeof base, 'b');
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_printf(&text,
                     "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                     " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\", \"disableDefaultEndpoint\": true,"
                     " \"customDomain\": {\"domainName\": \"%s\", \"basePath\": \"%s\"}},\n"
                     " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"h\","
                     " \"routeThrottles\": [{\"route\": \"r\", \"rate\": 10, \"burst\": 20}]},\n"
                     " {\"kind\": \"stage\", \"id\": \"dev\", \"name\": \"dev\", \"api\": \"h\"},\n"
                     " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                     " {\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                     " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"%s\","
                     " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"i\"},\n"
                     " {\"kind\": \"api\", \"id\": \"rp\", \"type\": \"rest\"},\n"
                     " {\"kind\": \"stage\", \"id\": \"v1\", \"name\": \"v1\", \"api\": \"rp\"},\n"
                     " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\"},\n"
                     " {\"kind\": \"route\", \"id\": \"rr\", \"api\": \"rp\", \"method\": \"POST\", \"path\": \"%s\","
                     " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"m\", \"apiKeyRequired\": true},\n"
                     " {\"kind\": \"apiKey\", \"id\": \"k\"},\n"
                     " {\"kind\": \"usagePlan\", \"id\": \"plan\", \"stages\": [\"v1\"], \"apiKeys\": [\"k\"],"
                     " \"throttle\": {\"rate\": 100, \"burst\": 200},"
                     " \"routeThrottles\": [{\"route\": \"rr\", \"rate\": 5, \"burst\": 10}]}\n"
                     "]}",
                     domain, base, path, path);
    S_build_clean(text.data);
    aw_strbuf want = AW_STRBUF_INIT;
    /* The note on how the domain maps the stages is longer than any fixed
     * room for a message: the diagnostic shortens the long name in its
     * middle, and says the rest. */
    bool noted = false;
    for (size_t i = 0; i < b.c.diags.count; i++) {
        const char *m = b.c.diags.items[i].message;
        noted |= strncmp(m, "custom domain ddd", 17) == 0 &&
                 strstr(m, "maps stage 'prod' at its base path and, as the API's default endpoint is off, each other "
                           "stage at '<base path>-<stage>'");
    }
    ck_assert_msg(noted, "the domain's note is cut short or missing");
    /* The stage's override of the route, keyed by its route key. */
    aw_strbuf_printf(&want, "Resources|ProdStage|Properties|RouteSettings|GET %s|ThrottlingRateLimit", path);
    ck_assert_ptr_nonnull(S_at(b.template, want.data));
    /* The other stage's mapping: "<base path>-<stage>". */
    want.len = 0;
    aw_strbuf_printf(&want, "%s-dev", base);
    bool mapped = false;
    const char *name;
    json_t *res;
    json_object_foreach(json_object_get(b.template, "Resources"), name, res) {
        const char *key = json_string_value(S_at(res, "Properties|ApiMappingKey"));
        mapped |= key && strcmp(key, want.data) == 0;
    }
    ck_assert_msg(mapped, "no mapping of the dev stage at its whole path");
    /* The usage plan's throttle of the method: "<path>/<METHOD>". */
    json_t *throttle = NULL;
    json_object_foreach(json_object_get(b.template, "Resources"), name, res)
        if (strcmp(S_str(res, "Type"), "AWS::ApiGateway::UsagePlan") == 0)
            throttle = S_at(res, "Properties|ApiStages|0|Throttle");
    ck_assert_ptr_nonnull(throttle);
    want.len = 0;
    aw_strbuf_printf(&want, "%s/POST", path);
    ck_assert_ptr_nonnull(json_object_get(throttle, want.data));
    aw_strbuf_free(&want);
    aw_strbuf_free(&text);
}
END_TEST

START_TEST(test_no_cache_keys_without_a_cache)
{
    S_build_clean(REST(" {\"kind\": \"integration\", \"id\": \"mock\", \"type\": \"mock\"},\n"
                       " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/p/{id}\","
                       " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"mock\"}\n"));
    ck_assert_ptr_null(S_at(b.openapi, "paths|/p/{id}|get|x-amazon-apigateway-integration|cacheKeyParameters"));
}
END_TEST

/* ---- 14: REST CORS on every answer a browser reads -------------------------------- */

START_TEST(test_rest_cors_on_actual_responses_errors_and_any_paths)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\", \"cors\": {\"allowOrigins\":"
                  " [\"https://app.example.com\"], \"allowCredentials\": true}},\n"
                  " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"mock\", \"type\": \"mock\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"web\", \"type\": \"http\", \"url\": \"https://legacy.example.com/{proxy}\"},\n"
                  " {\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
                  " {\"kind\": \"route\", \"id\": \"status\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/status\","
                  " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"mock\"},\n"
                  " {\"kind\": \"route\", \"id\": \"legacy\", \"api\": \"pets\", \"method\": \"ANY\", \"path\": "
                  "\"/legacy/{proxy+}\", \"authorizer\": \"iam\", \"integration\": \"web\"}\n"
                  "]}");
    json_t *get = S_at(b.openapi, "paths|/status|get");
    ck_assert_ptr_nonnull(S_at(get, "responses|200|headers|Access-Control-Allow-Origin"));
    ck_assert_ptr_nonnull(S_at(get, "responses|200|headers|Access-Control-Allow-Credentials"));
    ck_assert_str_eq(S_str(get, "x-amazon-apigateway-integration|responses|default|responseParameters|"
                                "method.response.header.Access-Control-Allow-Origin"),
                     "'https://app.example.com'");
    ck_assert_str_eq(S_str(get, "x-amazon-apigateway-integration|responses|default|responseParameters|"
                                "method.response.header.Access-Control-Allow-Credentials"),
                     "'true'");
    json_t *gw = S_at(b.openapi, "x-amazon-apigateway-gateway-responses");
    ck_assert_str_eq(S_str(gw, "DEFAULT_4XX|responseParameters|gatewayresponse.header.Access-Control-Allow-Credentials"),
                     "'true'");
    ck_assert_str_eq(S_str(gw, "DEFAULT_5XX|responseParameters|gatewayresponse.header.Access-Control-Allow-Credentials"),
                     "'true'");
    /* The preflight of an authorized ANY path is answered without auth. */
    json_t *options = S_at(b.openapi, "paths|/legacy/{proxy+}|options");
    ck_assert_ptr_nonnull(options);
    ck_assert_uint_eq(json_array_size(S_at(options, "security")), 0);
    ck_assert_str_eq(S_str(options, "x-amazon-apigateway-integration|type"), "mock");
}
END_TEST

/* ---- 18, 20: SQS from REST and WebSocket APIs; FIFO message ids ---------------------- */

#define QUEUE(name, extra)                                                                                      \
    " {\"kind\": \"datastore\", \"id\": \"q\", \"engine\": \"sqs\", \"resourceName\": \"" name "\"" extra "},\n"
#define SEND(extra)                                                                                             \
    " {\"kind\": \"integration\", \"id\": \"send\", \"type\": \"aws\", \"service\": \"sqs\", \"action\": \"SendMessage\","    \
    " \"role\": \"arn:aws:iam::123456789012:role/r\"" extra "},\n"                                                  \
    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"POST\", \"path\": \"/jobs\","                   \
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"send\"}\n"

START_TEST(test_rest_sqs_calls_the_queue_path_form_encoded)
{
    S_build_clean(REST(QUEUE("jobs", "") SEND(", \"target\": \"q\"")));
    json_t *in = S_at(b.openapi, "paths|/jobs|post|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(in, "uri"), "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/jobs");
    ck_assert_str_eq(S_str(in, "requestParameters|integration.request.header.Content-Type"),
                     "'application/x-www-form-urlencoded'");
    ck_assert_str_eq(S_str(in, "requestTemplates|application/json"),
                     "Action=SendMessage&MessageBody=$util.urlEncode($input.body)");
    ck_assert(!S_reported("deploy-approximation", "FIFO"));
}
END_TEST

START_TEST(test_rest_sqs_without_a_queue_is_not_deployable)
{
    ck_assert(!S_build(REST(SEND(""))));
    ck_assert(S_reported("not-deployable", "names its queue in the request path"));
}
END_TEST

START_TEST(test_fifo_send_with_ids_is_clean)
{
    S_build_clean(REST(QUEUE("jobs.fifo", ", \"fifo\": true")
                       SEND(", \"target\": \"q\", \"requestTemplate\": \"Action=SendMessage&MessageGroupId=g"
                            "&MessageDeduplicationId=$context.requestId&MessageBody=$input.body\"")));
    ck_assert(!S_reported("deploy-approximation", "FIFO"));
}
END_TEST

/* ---- 13: a queue delivers to its consumer ------------------------------------------------ */

/* A function, a queue and the edges given. */
#define CONSUMER(queue_extra, edges)                                                                            \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                        \
    " {\"kind\": \"function\", \"id\": \"worker\", \"runtime\": \"nodejs22.x\"},\n"                                \
    " {\"kind\": \"datastore\", \"id\": \"other\", \"engine\": \"sqs\"},\n"                                         \
    " {\"kind\": \"datastore\", \"id\": \"jobs\", \"engine\": \"sqs\"" queue_extra "}\n"                              \
    "], \"edges\": [" edges "]}"

/* The resource of a type in the template; NULL when there is none. */
static json_t *S_resource(const char *type)
{
    const char *id;
    json_t *res;
    json_object_foreach(S_at(b.template, "Resources"), id, res) if (strcmp(S_str(res, "Type"), type) == 0) return res;
    return NULL;
}

START_TEST(test_queue_delivery_creates_a_mapping_and_exactly_its_access)
{
    S_build_clean(CONSUMER(", \"resourceName\": \"jobs-q\"", "{\"from\": \"jobs\", \"to\": \"worker\", \"batchSize\": 25,"
                           " \"batchWindow\": \"2s\"}, {\"from\": \"worker\", \"to\": \"other\"}"));
    json_t *esm = S_resource("AWS::Lambda::EventSourceMapping");
    ck_assert_ptr_nonnull(esm);
    const char *arn = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs-q";
    ck_assert_str_eq(S_str(esm, "Properties|EventSourceArn|Fn::Sub"), arn);
    ck_assert_str_eq(S_str(esm, "Properties|FunctionName|Fn::GetAtt|0"), "WorkerFunction");
    ck_assert_int_eq(json_integer_value(S_at(esm, "Properties|BatchSize")), 25);
    ck_assert_int_eq(json_integer_value(S_at(esm, "Properties|MaximumBatchingWindowInSeconds")), 2);
    json_t *statements = S_at(S_resource("AWS::IAM::Role"), "Properties|Policies|0|PolicyDocument|Statement");
    ck_assert_uint_eq(json_array_size(statements), 1);
    json_t *actions = S_at(statements, "0|Action");
    ck_assert_uint_eq(json_array_size(actions), 3);
    ck_assert_str_eq(json_string_value(json_array_get(actions, 0)), "sqs:ReceiveMessage");
    ck_assert_str_eq(json_string_value(json_array_get(actions, 1)), "sqs:DeleteMessage");
    ck_assert_str_eq(json_string_value(json_array_get(actions, 2)), "sqs:GetQueueAttributes");
    ck_assert_str_eq(S_str(statements, "0|Resource|Fn::Sub"), arn);
}
END_TEST

START_TEST(test_queue_arn_given_is_used_as_is)
{
    S_build_clean(CONSUMER(", \"existing\": true, \"arn\": \"arn:aws:sqs:eu-west-1:123456789012:jobs\"",
                           "{\"from\": \"jobs\", \"to\": \"worker\"}"));
    json_t *esm = S_resource("AWS::Lambda::EventSourceMapping");
    ck_assert_str_eq(S_str(esm, "Properties|EventSourceArn"), "arn:aws:sqs:eu-west-1:123456789012:jobs");
    ck_assert_ptr_null(S_at(esm, "Properties|BatchSize"));
}
END_TEST

START_TEST(test_fifo_batches_beyond_lambda_limits_are_not_deployable)
{
    ck_assert(!S_build(CONSUMER(", \"fifo\": true, \"resourceName\": \"jobs.fifo\"",
                                "{\"from\": \"jobs\", \"to\": \"worker\", \"batchSize\": 50}")));
    ck_assert(S_reported("not-deployable", "at most 10 messages"));
    S_teardown();
    ck_assert(!S_build(CONSUMER("", "{\"from\": \"jobs\", \"to\": \"worker\", \"batchSize\": 50}")));
    ck_assert(S_reported("not-deployable", "needs a 'batchWindow'"));
}
END_TEST

START_TEST(test_batch_settings_off_a_delivery_edge_are_reported)
{
    S_build_clean(CONSUMER("", "{\"from\": \"worker\", \"to\": \"jobs\", \"batchSize\": 5}"));
    ck_assert(S_reported("unused-field", "apply to delivery from a queue or stream"));
    ck_assert_ptr_null(S_resource("AWS::Lambda::EventSourceMapping"));
}
END_TEST

/* ---- 17: WebSocket messages are validated against their models ---------------------------- */

START_TEST(test_websocket_models_validate_messages)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"game\", \"type\": \"websocket\", \"requestValidation\": \"body\",\n"
                  "  \"models\": [{\"name\": \"Move\", \"schema\": \"{\\\"type\\\": \\\"object\\\", \\\"required\\\": [\\\"x\\\"]}\"}]},\n"
                  " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"game\"},\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                  " {\"kind\": \"route\", \"id\": \"move\", \"api\": \"game\", \"routeKey\": \"move\", \"requestModel\": \"Move\","
                  " \"integration\": \"call\"},\n"
                  " {\"kind\": \"route\", \"id\": \"chat\", \"api\": \"game\", \"routeKey\": \"chat\", \"integration\": \"call\"}\n"
                  "]}");
    json_t *model = S_resource("AWS::ApiGatewayV2::Model");
    ck_assert_ptr_nonnull(model);
    ck_assert_str_eq(S_str(model, "Properties|Name"), "Move");
    ck_assert_str_eq(S_str(model, "Properties|Schema|type"), "object");
    json_t *route = S_at(b.template, "Resources|MoveRoute");
    ck_assert_str_eq(S_str(route, "Properties|RequestModels|$default"), "Move");
    ck_assert_str_eq(S_str(route, "Properties|ModelSelectionExpression"), "$request.body.action");
    ck_assert_str_eq(S_str(route, "DependsOn|0"), "GameMoveModel");
    ck_assert_ptr_null(S_at(b.template, "Resources|ChatRoute|Properties|RequestModels"));
}
END_TEST

/* ---- 15: HTTP preflights never reach an authorizer ---------------------------------------- */

/* The Route resource with this route key; NULL when there is none. */
START_TEST(test_http_preflights_bypass_authorized_catch_alls)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"edge\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\","
                  " \"cors\": {\"allowOrigins\": [\"https://app.example.com\"]}},\n"
                  " {\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com\","
                  " \"audiences\": [\"app\"]},\n"
                  " {\"kind\": \"stage\", \"id\": \"live\", \"name\": \"live\", \"api\": \"edge\"},\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                  " {\"kind\": \"route\", \"id\": \"catch-all\", \"api\": \"edge\", \"routeKey\": \"$default\","
                  " \"integration\": \"call\"},\n"
                  " {\"kind\": \"route\", \"id\": \"items\", \"api\": \"edge\", \"method\": \"ANY\", \"path\": \"/items\","
                  " \"integration\": \"call\"}\n"
                  "]}");
    /* The template deploys the document itself: the same unauthenticated
     * OPTIONS operations, in the Api's body. */
    json_t *body = S_at(b.template, "Resources|EdgeApi|Properties|Body");
    const char *paths[] = {"paths|/{proxy+}|options", "paths|/items|options"};
    for (size_t i = 0; i < 2; i++) {
        json_t *docs[] = {b.openapi, body};
        for (size_t k = 0; k < 2; k++) {
            json_t *op = S_at(docs[k], paths[i]);
            ck_assert_msg(op, "no operation %s", paths[i]);
            ck_assert_uint_eq(json_array_size(S_at(op, "security")), 0);
            ck_assert_ptr_nonnull(S_at(op, "x-amazon-apigateway-integration"));
        }
    }
    /* The routes come with the Api, which the deployment names. */
    ck_assert_ptr_null(S_resource("AWS::ApiGatewayV2::Route"));
    json_t *deployment = S_resource("AWS::ApiGatewayV2::Deployment");
    ck_assert_ptr_nonnull(deployment);
    ck_assert_str_eq(S_str(deployment, "Properties|ApiId|Ref"), "EdgeApi");
}
END_TEST

/* ---- JWT authorizers in their list form ------------------------------------------------------ */

/* An HTTP API's JWT authorizer spelt with "issuers" (one entry) deploys as
 * the one-issuer form does. */
START_TEST(test_http_jwt_in_list_form_writes_its_one_issuer)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"edge\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n"
                  " {\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\","
                  " \"issuers\": [{\"issuer\": \"https://id.example.com\", \"audiences\": [\"app\", \"cli\"]}]},\n"
                  " {\"kind\": \"stage\", \"id\": \"live\", \"name\": \"live\", \"api\": \"edge\"},\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                  " {\"kind\": \"route\", \"id\": \"items\", \"api\": \"edge\", \"method\": \"GET\", \"path\": \"/items\","
                  " \"scopes\": [\"items:read\"], \"integration\": \"call\"}\n"
                  "]}");
    json_t *body = S_at(b.template, "Resources|EdgeApi|Properties|Body|components|securitySchemes|jwt|"
                                    "x-amazon-apigateway-authorizer|jwtConfiguration");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(S_str(body, "issuer"), "https://id.example.com");
    ck_assert_str_eq(S_str(body, "audience|1"), "cli");
    json_t *scheme = S_at(b.openapi, "components|securitySchemes|jwt|x-amazon-apigateway-authorizer|jwtConfiguration");
    ck_assert_str_eq(S_str(scheme, "issuer"), "https://id.example.com");
    ck_assert_str_eq(S_str(scheme, "audience|0"), "app");
}
END_TEST

/* ---- 11: canaries and stage variables that change nothing are reported ------------------------ */

/* A REST API whose stage has variables and a canary overriding one. */
#define CANARY(url, variable)                                                                                  \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                         \
    " {\"kind\": \"api\", \"id\": \"pets\", \"type\": \"rest\"},\n"                                                \
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"pets\", \"variables\": {\"" variable    \
    "\": \"blue\"}, \"canary\": {\"percent\": 10, \"variables\": {\"" variable "\": \"green\"}}},\n"                   \
    " {\"kind\": \"integration\", \"id\": \"web\", \"type\": \"http\", \"url\": \"" url "\"},\n"                     \
    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/p\","                 \
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"web\"}\n"                               \
    "]}"

START_TEST(test_inert_canary_and_stage_variables_are_reported)
{
    S_build_clean(CANARY("https://blue.example.com/p", "backend"));
    ck_assert(S_reported("deploy-approximation", "stage variables of stage 'prod' that no integration"));
    ck_assert(S_reported("deploy-approximation", "the canary of stage 'prod' runs the stage's own deployment"));
}
END_TEST

START_TEST(test_canary_whose_overrides_are_read_is_clean)
{
    S_build_clean(CANARY("https://${stageVariables.backend}.example.com/p", "backend"));
    ck_assert(!S_reported("deploy-approximation", "stage variables of stage"));
    ck_assert(!S_reported("deploy-approximation", "canary"));
}
END_TEST

/* A REST API whose Lambda integration invokes the alias each stage names. */
#define ALIASED(dev_variables)                                                                                 \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                         \
    " {\"kind\": \"api\", \"id\": \"loyalty\", \"type\": \"rest\"},\n"                                             \
    " {\"kind\": \"stage\", \"id\": \"dev\", \"name\": \"dev\", \"api\": \"loyalty\", \"variables\": " dev_variables "},\n" \
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"loyalty\", \"variables\": {\"lambdaAlias\":"    \
    " \"live\"}, \"canary\": {\"percent\": 10, \"variables\": {\"lambdaAlias\": \"release-43\"}}},\n"                   \
    " {\"kind\": \"function\", \"id\": \"balance-fn\", \"runtime\": \"nodejs22.x\"},\n"                               \
    " {\"kind\": \"integration\", \"id\": \"balance\", \"type\": \"lambda\", \"function\": \"balance-fn\","           \
    " \"alias\": \"${stageVariables.lambdaAlias}\"},\n"                                                            \
    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"loyalty\", \"method\": \"GET\", \"path\": \"/b\","              \
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"balance\"}\n"                           \
    "]}"

START_TEST(test_stage_variable_chooses_the_alias_and_each_is_permitted)
{
    S_build_clean(ALIASED("{\"lambdaAlias\": \"dev\"}"));
    ck_assert_str_eq(S_str(b.openapi, "paths|/b|get|x-amazon-apigateway-integration|uri"),
                     "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                     "${BalanceFunction.Arn}:${!stageVariables.lambdaAlias}/invocations");
    const char *aliases[] = {"Dev", "Live", "Release43"}, *values[] = {"dev", "live", "release-43"};
    for (size_t i = 0; i < 3; i++) {
        char path[200], arn[100];
        snprintf(path, sizeof path, "Resources|Balance%sInvokedByLoyaltyPermission|Properties|FunctionName|Fn::Sub",
                 aliases[i]);
        snprintf(arn, sizeof arn, "${BalanceFunction.Arn}:%s", values[i]);
        ck_assert_msg(S_str(b.template, path), "no permission for alias %s", values[i]);
        ck_assert_str_eq(S_str(b.template, path), arn);
    }
    /* Only the aliases are invoked: no permission on the bare function. */
    ck_assert_ptr_null(S_at(b.template, "Resources|BalanceInvokedByLoyaltyPermission"));
    /* The canary's override now chooses its alias: it is no longer inert. */
    ck_assert(!S_reported("deploy-approximation", "canary"));
}
END_TEST

START_TEST(test_stage_without_the_alias_variable_is_not_deployable)
{
    ck_assert(!S_build(ALIASED("{}")));
    ck_assert(S_reported("not-deployable", "does not set stage variable 'lambdaAlias'"));
    S_teardown();
    ck_assert(!S_build(ALIASED("{\"lambdaAlias\": \"dev:1\"}")));
    ck_assert(S_reported("not-deployable", "which is no Lambda alias name"));
}
END_TEST

/* ---- least privilege: roles from the edges and integrations ------------------------------------ */

/* The statements of a role's first policy. */
static json_t *S_role_statements(const char *role)
{
    char path[300];
    snprintf(path, sizeof path, "Resources|%s|Properties|Policies|0|PolicyDocument|Statement", role);
    return S_at(b.template, path);
}

START_TEST(test_function_role_allows_exactly_its_edges)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"datastore\", \"id\": \"orders\", \"engine\": \"dynamodb\"},\n"
                  " {\"kind\": \"datastore\", \"id\": \"docs\", \"engine\": \"s3\", \"resourceName\": \"docs-bucket\"},\n"
                  " {\"kind\": \"datastore\", \"id\": \"alerts\", \"engine\": \"sns\", \"arn\": "
                  "\"arn:aws:sns:eu-west-1:123456789012:alerts\"}\n"
                  "], \"edges\": [{\"from\": \"fn\", \"to\": \"orders\", \"access\": \"read\"},"
                  " {\"from\": \"fn\", \"to\": \"docs\", \"access\": \"write\"},"
                  " {\"from\": \"fn\", \"to\": \"alerts\", \"actions\": [\"sns:Publish\"]}]}");
    json_t *st = S_role_statements("FnRole");
    ck_assert_uint_eq(json_array_size(st), 3);
    /* Read on a table: its items and indexes, no write. */
    ck_assert_str_eq(S_str(st, "0|Action|0"), "dynamodb:GetItem");
    for (size_t i = 0; i < json_array_size(S_at(st, "0|Action")); i++)
        ck_assert(!strstr(json_string_value(json_array_get(S_at(st, "0|Action"), i)), "Put"));
    ck_assert_str_eq(S_str(st, "0|Resource|0|Fn::Sub"),
                     "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders");
    ck_assert_str_eq(S_str(st, "0|Resource|1|Fn::Sub"),
                     "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders/index/*");
    ck_assert_str_eq(S_str(st, "1|Action|0"), "s3:PutObject");
    ck_assert_str_eq(S_str(st, "1|Resource|1|Fn::Sub"), "arn:${AWS::Partition}:s3:::docs-bucket/*");
    ck_assert_uint_eq(json_array_size(S_at(st, "2|Action")), 1);
    ck_assert_str_eq(S_str(st, "2|Resource"), "arn:aws:sns:eu-west-1:123456789012:alerts");
    ck_assert(!S_reported("deploy-note", "gets no access to"));
}
END_TEST

START_TEST(test_integration_without_role_gets_its_own)
{
    S_build_clean(REST(" {\"kind\": \"datastore\", \"id\": \"devices\", \"engine\": \"dynamodb\"},\n"
                       " {\"kind\": \"integration\", \"id\": \"get\", \"type\": \"aws\", \"service\": \"dynamodb\","
                       " \"action\": \"GetItem\", \"target\": \"devices\", \"requestTemplate\": \"{}\"},\n"
                       " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": \"/d/{id}\","
                       " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"get\"}\n"));
    json_t *role = S_at(b.template, "Resources|GetCredentialsRole");
    ck_assert_ptr_nonnull(role);
    ck_assert_str_eq(S_str(role, "Properties|AssumeRolePolicyDocument|Statement|0|Principal|Service"),
                     "apigateway.amazonaws.com");
    json_t *st = S_role_statements("GetCredentialsRole");
    ck_assert_uint_eq(json_array_size(st), 1);
    ck_assert_str_eq(S_str(st, "0|Action"), "dynamodb:GetItem");
    ck_assert_str_eq(S_str(st, "0|Resource|0|Fn::Sub"),
                     "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/devices");
    ck_assert_str_eq(S_str(b.openapi, "paths|/d/{id}|get|x-amazon-apigateway-integration|credentials"),
                     "${GetCredentialsRole.Arn}");
}
END_TEST

START_TEST(test_integration_without_role_or_target_is_not_deployable)
{
    ck_assert(!S_build(REST(" {\"kind\": \"integration\", \"id\": \"get\", \"type\": \"aws\", \"service\": "
                            "\"dynamodb\", \"action\": \"GetItem\", \"requestTemplate\": \"{}\"},\n"
                            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"pets\", \"method\": \"GET\", \"path\": "
                            "\"/d\", \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"get\"}\n")));
    ck_assert(S_reported("not-deployable", "has no 'role'"));
}
END_TEST

START_TEST(test_function_calling_apis_gets_exactly_that)
{
    S_build_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  " {\"kind\": \"api\", \"id\": \"chat\", \"type\": \"websocket\"},\n"
                  " {\"kind\": \"stage\", \"id\": \"live\", \"name\": \"live\", \"api\": \"chat\"},\n"
                  " {\"kind\": \"api\", \"id\": \"admin\", \"type\": \"rest\"},\n"
                  " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"admin\"},\n"
                  " {\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
                  " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                  " {\"kind\": \"integration\", \"id\": \"call\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                  " {\"kind\": \"route\", \"id\": \"send\", \"api\": \"chat\", \"routeKey\": \"send\", \"integration\": \"call\"},\n"
                  " {\"kind\": \"route\", \"id\": \"purge\", \"api\": \"admin\", \"method\": \"DELETE\", \"path\": "
                  "\"/rooms/{roomId}\", \"authorizer\": \"iam\", \"integration\": \"call\"}\n"
                  "], \"edges\": [{\"from\": \"fn\", \"to\": \"chat\"}, {\"from\": \"fn\", \"to\": \"purge\"}]}");
    /* A policy of its own: the REST API's body names the function, whose
     * role naming the API would close a circle. */
    ck_assert_ptr_null(S_at(b.template, "Resources|FnRole|Properties|Policies"));
    json_t *policy = S_at(b.template, "Resources|FnApiAccessPolicy|Properties");
    ck_assert_str_eq(S_str(policy, "Roles|0|Ref"), "FnRole");
    json_t *st = S_at(policy, "PolicyDocument|Statement");
    ck_assert_uint_eq(json_array_size(st), 2);
    ck_assert_str_eq(S_str(st, "0|Action"), "execute-api:ManageConnections");
    ck_assert_str_eq(S_str(st, "0|Resource|Fn::Sub"),
                     "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ChatApi}/*/*/@connections/*");
    ck_assert_str_eq(S_str(st, "1|Action"), "execute-api:Invoke");
    ck_assert_str_eq(S_str(st, "1|Resource|Fn::Sub"),
                     "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${AdminRestApi}/*/DELETE/rooms/*");
}
END_TEST

/* No statement of any role or policy a sample's template creates allows
 * every action or every resource: each names what its edge or integration
 * reaches. */
static void S_check_statements(const char *sample, const char *role, json_t *statements)
{
    size_t i;
    json_t *st;
    json_array_foreach(statements, i, st) {
        const char *keys[] = {"Action", "Resource"};
        for (size_t k = 0; k < 2; k++) {
            json_t *v = json_object_get(st, keys[k]);
            ck_assert_msg(v, "%s: %s has a statement without %s", sample, role, keys[k]);
            json_t *items = json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
            size_t n;
            json_t *item;
            json_array_foreach(items, n, item) {
                if (json_object_get(item, "Fn::GetAtt"))
                    continue;   /* the ARN of one resource of the template */
                const char *text = json_is_string(item) ? json_string_value(item)
                                                        : json_string_value(json_object_get(item, "Fn::Sub"));
                ck_assert_msg(text && strcmp(text, "*") != 0 && !strstr(text, ":*:") && text[strlen(text) - 1] != ':',
                              "%s: %s allows %s \"%s\"", sample, role, keys[k], text ? text : "(not a string)");
            }
            json_decref(items);
        }
    }
}

START_TEST(test_sample_policies_name_what_they_allow)
{
    glob_t g;
    ck_assert_int_eq(glob("samples/*.json", 0, NULL, &g), 0);
    size_t roles = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (strstr(g.gl_pathv[i], "flawed-everything"))
            continue;   /* fails its lint on purpose */
        memset(&b, 0, sizeof b);
        ck_assert_int_eq(aw_compile_file(&b.c, g.gl_pathv[i], AW_SPELLING_AUTO), AW_COMPILE_OK);
        ck_assert_msg(aw_artifacts_build(&b.c, &b.artifacts), "%s does not deploy", g.gl_pathv[i]);
        for (size_t k = 0; k < b.artifacts.count; k++)
            if (strcmp(b.artifacts.items[k].name, "template.json") == 0)
                b.template = aw_test_json_parse(&b.artifacts.items[k]);
        const char *id;
        json_t *res;
        json_object_foreach(S_at(b.template, "Resources"), id, res) {
            if (strcmp(S_str(res, "Type"), "AWS::IAM::Policy") == 0)
                S_check_statements(g.gl_pathv[i], id, S_at(res, "Properties|PolicyDocument|Statement"));
            if (strcmp(S_str(res, "Type"), "AWS::IAM::Role") != 0)
                continue;
            roles++;
            size_t n;
            json_t *policy;
            json_array_foreach(S_at(res, "Properties|Policies"), n, policy)
                S_check_statements(g.gl_pathv[i], id, S_at(policy, "PolicyDocument|Statement"));
        }
        S_teardown();
    }
    globfree(&g);
    ck_assert_uint_ge(roles, 10);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("deploy-behaviour");
    TCase *tc = aw_test_tcase(s, "behaviour", NULL, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_policy_path_parameters_become_wildcards);
    tcase_add_test(tc, test_rest_aws_errors_keep_their_class);
    tcase_add_test(tc, test_private_default_url_keeps_the_path);
    tcase_add_test(tc, test_cache_keys_on_path_and_caller);
    tcase_add_test(tc, test_no_cache_keys_without_a_cache);
    tcase_add_test(tc, test_long_names_are_written_whole);
    tcase_add_test(tc, test_long_route_keys_and_mapped_paths_are_written_whole);
    tcase_add_test(tc, test_rest_cors_on_actual_responses_errors_and_any_paths);
    tcase_add_test(tc, test_rest_sqs_calls_the_queue_path_form_encoded);
    tcase_add_test(tc, test_rest_sqs_without_a_queue_is_not_deployable);
    tcase_add_test(tc, test_fifo_send_with_ids_is_clean);
    tcase_add_test(tc, test_queue_delivery_creates_a_mapping_and_exactly_its_access);
    tcase_add_test(tc, test_queue_arn_given_is_used_as_is);
    tcase_add_test(tc, test_fifo_batches_beyond_lambda_limits_are_not_deployable);
    tcase_add_test(tc, test_batch_settings_off_a_delivery_edge_are_reported);
    tcase_add_test(tc, test_websocket_models_validate_messages);
    tcase_add_test(tc, test_http_preflights_bypass_authorized_catch_alls);
    tcase_add_test(tc, test_http_jwt_in_list_form_writes_its_one_issuer);
    tcase_add_test(tc, test_inert_canary_and_stage_variables_are_reported);
    tcase_add_test(tc, test_canary_whose_overrides_are_read_is_clean);
    tcase_add_test(tc, test_function_role_allows_exactly_its_edges);
    tcase_add_test(tc, test_integration_without_role_gets_its_own);
    tcase_add_test(tc, test_integration_without_role_or_target_is_not_deployable);
    tcase_add_test(tc, test_sample_policies_name_what_they_allow);
    tcase_add_test(tc, test_function_calling_apis_gets_exactly_that);
    tcase_add_test(tc, test_stage_variable_chooses_the_alias_and_each_is_permitted);
    tcase_add_test(tc, test_stage_without_the_alias_variable_is_not_deployable);
    return s;
}

AW_TEST_MAIN(S_suite)
