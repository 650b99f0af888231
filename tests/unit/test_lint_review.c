/* Unit tests of what the lint-rule review changed: each check now does what
 * its explanation says (WebSocket APIs without $connect, block-list denies,
 * private integrations over HTTP, REST domains without a TLS policy, CORS
 * origin patterns, bursts, low-quota regions) and each severity matches
 * what happens on AWS. A diagram that trips each change and one that does
 * not. */
#include <check.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define END "\n]}\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
           "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
#define STAGE(api) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"" api "\", " \
                   "\"throttle\": {\"rate\": 10, \"burst\": 20}},\n"
#define OPEN_ROUTE(api, integ) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"" api "\", \"method\": \"GET\", " \
                               "\"path\": \"/x\", \"authorizer\": \"none\", \"noneReason\": \"public data\", " \
                               "\"integration\": \"" integ "\"}"

static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* ---- AW-SEC-002, AW-SEC-003: WebSocket APIs ---------------------------------- */

#define WS(routes) HEAD "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n" STAGE("ws") FN routes END
#define WS_ROUTE(id, key, extra) "{\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"ws\", \"routeKey\": \"" key \
                                 "\", \"integration\": \"i\"" extra "}"
#define LAMBDA_AUTH "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", " \
                    "\"identitySources\": [\"route.request.header.Authorization\"]},\n"

START_TEST(test_sec002_api_without_connect)
{
    const aw_diag *d = S_expect(WS(WS_ROUTE("send", "sendMessage", "")), "AW-SEC-002", 1);
    aw_test_assert_element(d, "ws");
    ck_assert_str_eq(d->message, "WebSocket API 'ws' has no $connect route, so nothing authorizes a connection: any "
                                 "client may connect and send every route's messages");
    S_teardown();
    S_expect(WS(LAMBDA_AUTH WS_ROUTE("c", "$connect", ", \"authorizer\": \"la\"") ",\n"
                WS_ROUTE("send", "sendMessage", "")),
             "AW-SEC-002", 0);
}
END_TEST

START_TEST(test_sec003_skips_websocket_messages)
{
    /* only $connect can carry an authorizer; the key on sendMessage is metering */
    S_expect(WS(LAMBDA_AUTH WS_ROUTE("c", "$connect", ", \"authorizer\": \"la\", \"apiKeyRequired\": true") ",\n"
                WS_ROUTE("send", "sendMessage", ", \"apiKeyRequired\": true") ",\n"
                "{\"kind\": \"usagePlan\", \"id\": \"up\", \"stages\": [\"s\"]}"),
             "AW-SEC-003", 0);
    S_teardown();
    /* a REST route with a key and no authorizer still counts */
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n" STAGE("a") FN
             "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", "
             "\"apiKeyRequired\": true, \"integration\": \"i\"},\n"
             "{\"kind\": \"usagePlan\", \"id\": \"up\", \"stages\": [\"s\"]}" END,
             "AW-SEC-003", 1);
}
END_TEST

/* ---- AW-SEC-004, AW-SEC-005: JWT authorizers that cannot work ------------------ */

#define JWT_API(auth) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n" \
    STAGE("a") FN "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\"" auth "},\n" \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", " \
    "\"scopes\": [\"orders/read\"], \"integration\": \"i\"}" END

START_TEST(test_sec004_005_are_errors)
{
    const aw_diag *d = S_expect(JWT_API(", \"issuer\": \"https://id.example.com/\""), "AW-SEC-004", 1);
    ck_assert_int_eq(d->severity, AW_SEV_ERROR);
    ck_assert_ptr_nonnull(strstr(d->message, "cannot create the authorizer or accepts no token"));
    S_teardown();
    d = S_expect(JWT_API(", \"issuer\": \"http://id.example.com/\", \"audiences\": [\"app\"]"), "AW-SEC-005", 1);
    ck_assert_int_eq(d->severity, AW_SEV_ERROR);
    S_teardown();
    S_expect(JWT_API(", \"issuer\": \"https://id.example.com/\", \"audiences\": [\"app\"]"), "AW-SEC-004", 0);
}
END_TEST

/* On a REST API, each issuer of the list is judged: the one without
 * audiences, and the one whose URL API Gateway refuses, pointed at. */
#define REST_JWT_API(issuers) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"defaultAuthorizer\": \"jwt\"},\n" \
    STAGE("a") FN "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"algorithms\": [\"RS256\"], " \
    "\"issuers\": [" issuers "]},\n" \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", " \
    "\"scopes\": [\"orders/read\"], \"integration\": \"i\"}" END
#define GOOD_ISSUER "{\"issuer\": \"https://a.example.com\", \"audiences\": [\"app\"]}"

START_TEST(test_sec004_005_judge_each_rest_issuer)
{
    const aw_diag *d = S_expect(REST_JWT_API(GOOD_ISSUER ", {\"issuer\": \"https://b.example.com\"}"), "AW-SEC-004", 1);
    ck_assert_str_eq(d->message, "JWT authorizer 'jwt' lists no audiences for issuer 'https://b.example.com': API "
                                 "Gateway matches every token's aud or client_id against them, so it cannot create "
                                 "the authorizer or accepts no token");
    ck_assert_str_eq(d->loc.path, "/nodes/4/issuers/1/issuer");
    S_teardown();
    static const struct {
        const char *url, *problem;
    } bad[] = {
        {"http://b.example.com", "is not an https:// URL"},
        {"https:///tenant", "is an https:// URL without a host"},
        {"https://user@b.example.com", "carries user information"},
        {"https://b.example.com/?tenant=1", "has a query string"},
        {"https://b.example.com/#x", "has a fragment"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[2048], want[512];
        snprintf(text, sizeof text, REST_JWT_API(GOOD_ISSUER ", {\"issuer\": \"%s\", \"audiences\": [\"app\"]}"),
                 bad[i].url);
        d = S_expect(text, "AW-SEC-005", 1);
        snprintf(want, sizeof want, "JWT authorizer 'jwt' has issuer '%s', which %s: no token from an OpenID "
                 "Connect provider validates against it", bad[i].url, bad[i].problem);
        ck_assert_str_eq(d->message, want);
        ck_assert_str_eq(d->loc.path, "/nodes/4/issuers/1/issuer");
        S_teardown();
    }
    S_expect(REST_JWT_API(GOOD_ISSUER), "AW-SEC-005", 0);
    S_teardown();
    S_expect(REST_JWT_API(GOOD_ISSUER), "AW-SEC-004", 0);
}
END_TEST

/* ---- AW-SEC-006: a block-list is no allow-list ------------------------------------ */

#define POLICY_API(deny) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"wafWebAcl\": \"arn:aws:wafv2:" \
    "us-east-1:123456789012:regional/webacl/w/1\", \"resourcePolicy\": {\"statements\": [" \
    "{\"effect\": \"allow\", \"principals\": [\"*\"]}, {\"effect\": \"deny\", \"principals\": [\"*\"], " deny "}]}},\n" \
    STAGE("a") FN OPEN_ROUTE("a", "i") END

START_TEST(test_sec006_block_list)
{
    S_expect(POLICY_API("\"sourceIps\": [\"203.0.113.7/32\"]"), "AW-SEC-006", 1);
    S_teardown();
    S_expect(POLICY_API("\"notSourceIps\": [\"198.51.100.0/24\"]"), "AW-SEC-006", 0);
}
END_TEST

/* ---- AW-SEC-009: private integrations are HTTP unless told otherwise ------------- */

#define PRIVATE(integ, protocol) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n" STAGE("a") \
    OPEN_ROUTE("a", "p") ",\n" \
    "{\"kind\": \"vpcLink\", \"id\": \"vl\", \"targets\": [\"lb\"], \"subnets\": [\"subnet-1\"], " \
    "\"securityGroups\": [\"sg-1\"]},\n" \
    "{\"kind\": \"loadBalancer\", \"id\": \"lb\", \"type\": \"alb\", \"listeners\": [{\"port\": 443, " \
    "\"protocol\": \"" protocol "\"}]},\n" \
    "{\"kind\": \"integration\", \"id\": \"p\", \"type\": \"private\", \"vpcLink\": \"vl\", \"listener\": \"lb\", " \
    "\"listenerPort\": 443" integ "}" END

START_TEST(test_sec009_private)
{
    const aw_diag *d = S_expect(PRIVATE("", "HTTPS"), "AW-SEC-009", 1);
    ck_assert_str_eq(d->message, "integration 'p' sends requests over plain HTTP inside the VPC: a private "
                                 "integration without an https:// url uses HTTP");
    S_teardown();
    d = S_expect(PRIVATE(", \"url\": \"https://svc.internal.example.com/\"", "HTTP"), "AW-SEC-009", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "to an HTTP listener (port 443)"));
    S_teardown();
    S_expect(PRIVATE(", \"url\": \"https://svc.internal.example.com/\"", "HTTPS"), "AW-SEC-009", 0);
    S_teardown();
    /* a TCP listener may pass TLS through to the targets */
    S_expect(PRIVATE(", \"url\": \"https://svc.internal.example.com/\"", "TCP"), "AW-SEC-009", 0);
}
END_TEST

/* ---- AW-SEC-010: TLS policies of custom domains ------------------------------------ */

#define DOMAIN(type, endpoint, tls) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"" type "\"" endpoint \
    ", \"disableDefaultEndpoint\": true, \"customDomain\": {\"domainName\": \"a.example.com\"" tls "}},\n" \
    STAGE("a") FN OPEN_ROUTE("a", "i") END

START_TEST(test_sec010_domains)
{
    /* a regional REST domain without a policy counts like an edge one */
    const aw_diag *d = S_expect(DOMAIN("rest", ", \"endpoint\": \"regional\", \"wafWebAcl\": \"w\"", ""),
                                "AW-SEC-010", 1);
    ck_assert_str_eq(d->message, "custom domain 'a.example.com' of REST API 'a' sets no minTls, so nothing in the "
                                 "diagram keeps TLS 1.0 off it");
    S_teardown();
    S_expect(DOMAIN("rest", ", \"endpoint\": \"regional\", \"wafWebAcl\": \"w\"", ", \"minTls\": \"1.2\""),
             "AW-SEC-010", 0);
    S_teardown();
    /* HTTP APIs have TLS 1.2 only: "1.0" cannot deploy, a compatibility error */
    S_expect(DOMAIN("http", "", ", \"minTls\": \"1.0\""), "AW-SEC-010", 0);
    S_teardown();
    d = S_expect(DOMAIN("http", "", ", \"minTls\": \"1.0\""), "AW-COMPAT-001", 1);
    ck_assert_str_eq(d->message, "API 'a' has a custom domain with the TLS 1.0 security policy, which HTTP APIs do "
                                 "not support");
    S_teardown();
    S_expect(DOMAIN("http", "", ""), "AW-SEC-010", 0);
}
END_TEST

/* ---- AW-SEC-012: origin patterns ---------------------------------------------------- */

#define CORS_API(origin) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"cors\": {\"allowOrigins\": " \
    "[\"" origin "\"], \"allowCredentials\": true}},\n" STAGE("a") FN OPEN_ROUTE("a", "i") END

/* Each origin beside allowCredentials, and whether it is any origin. */
static const struct {
    const char *diagram;
    size_t findings;
} S_origins[] = {
    {CORS_API("https://*"), 1},
    {CORS_API("http://*"), 1},
    {CORS_API("https://*.example.com"), 0},
    {CORS_API("https://app.example.com"), 0},
};

START_TEST(test_sec012_patterns)
{
    const aw_diag *d = S_expect(S_origins[_i].diagram, "AW-SEC-012", S_origins[_i].findings);
    if (_i == 0)
        ck_assert_str_eq(d->message, "CORS of API 'a' allows credentials from any origin (\"https://*\")");
}
END_TEST

/* ---- AW-COMPAT-001: AWS service actions HTTP APIs do not integrate ----------------- */

#define AWS_CALL(service, action) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n" STAGE("a") \
    OPEN_ROUTE("a", "c") ",\n" \
    "{\"kind\": \"integration\", \"id\": \"c\", \"type\": \"aws\", \"service\": \"" service "\", \"action\": \"" \
    action "\", \"role\": \"arn:aws:iam::123456789012:role/r\"}" END

START_TEST(test_compat001_aws_actions)
{
    const aw_diag *d = S_expect(AWS_CALL("dynamodb", "PutItem"), "AW-COMPAT-001", 1);
    aw_test_assert_element(d, "c");
    S_teardown();
    S_expect(AWS_CALL("sqs", "SendMessage"), "AW-COMPAT-001", 0);
}
END_TEST

/* ---- AW-THR-002, AW-THR-003, AW-THR-004, AW-THR-006 ---------------------------------- */

#define THR(regions, throttle, extra) "{\"archway\": 1, \"name\": \"t\"" regions ", \"nodes\": [\n" \
    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"wafWebAcl\": \"w\"},\n" FN OPEN_ROUTE("a", "i") ",\n" \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"a\", \"throttle\": " throttle extra "}" END

START_TEST(test_thr002_bursts)
{
    /* AWS's own account shape: half a second of traffic */
    S_expect(THR("", "{\"rate\": 10000, \"burst\": 5000}", ""), "AW-THR-002", 0);
    S_teardown();
    S_expect(THR("", "{\"rate\": 100, \"burst\": 50}", ""), "AW-THR-002", 0);
    S_teardown();
    const aw_diag *d = S_expect(THR("", "{\"rate\": 100, \"burst\": 0}", ""), "AW-THR-002", 1);
    ck_assert_str_eq(d->message, "stage 's' has a burst of 0, so it refuses every request with 429 whatever its rate "
                                 "of 100 requests/s");
    S_teardown();
    S_expect(THR("", "{\"rate\": 100, \"burst\": 49}", ""), "AW-THR-002", 1);
}
END_TEST

START_TEST(test_thr003_low_regions)
{
    const aw_diag *d = S_expect(THR(", \"regions\": [\"us-east-1\", \"eu-south-1\"]", "{\"rate\": 4000, \"burst\": 2000}",
                                    ""),
                                "AW-THR-003", 1);
    ck_assert_str_eq(d->message, "stage 's' allows 4000 requests/s with a burst of 2000, beyond the account's "
                                 "regional quota of 2500 requests/s and burst 1250 (the default in eu-south-1, one "
                                 "of the regions that start lower)");
    S_teardown();
    S_expect(THR(", \"regions\": [\"us-east-1\"]", "{\"rate\": 4000, \"burst\": 2000}", ""), "AW-THR-003", 0);
    S_teardown();
    /* a raised quota declared for the account */
    S_expect(THR(", \"regions\": [\"eu-south-1\"], \"accountThrottle\": {\"rate\": 5000, \"burst\": 2500}",
                 "{\"rate\": 4000, \"burst\": 2000}", ""),
             "AW-THR-003", 0);
}
END_TEST

START_TEST(test_thr004_006_are_notes)
{
    const aw_diag *d = S_expect(THR("", "{\"rate\": 10, \"burst\": 20}",
                                    ", \"routeThrottles\": [{\"route\": \"r\", \"rate\": 50, \"burst\": 100}]"),
                                "AW-THR-004", 1);
    ck_assert_int_eq(d->severity, AW_SEV_NOTE);
    S_teardown();
    d = S_expect(THR("", "{\"rate\": 10, \"burst\": 20}", "},\n{\"kind\": \"usagePlan\", \"id\": \"up\", "
                                                          "\"stages\": [\"s\"]"),
                 "AW-THR-006", 1);
    ck_assert_int_eq(d->severity, AW_SEV_NOTE);
}
END_TEST

/* ---- AW-CAP-001: the regional pool is shared ------------------------------------- */

#define TWO_FNS(reserve) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n" \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"a\", \"throttle\": {\"rate\": 3000, " \
    "\"burst\": 3000}},\n" \
    "{\"kind\": \"function\", \"id\": \"f1\", \"runtime\": \"nodejs22.x\", \"latency\": {\"p50\": \"200ms\", " \
    "\"p99\": \"400ms\"}},\n" \
    "{\"kind\": \"function\", \"id\": \"f2\", \"runtime\": \"nodejs22.x\", \"latency\": {\"p50\": \"200ms\", " \
    "\"p99\": \"400ms\"}},\n" \
    "{\"kind\": \"function\", \"id\": \"other\", \"runtime\": \"nodejs22.x\"" reserve "},\n" \
    "{\"kind\": \"integration\", \"id\": \"i1\", \"type\": \"lambda\", \"function\": \"f1\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"i2\", \"type\": \"lambda\", \"function\": \"f2\"},\n" \
    "{\"kind\": \"route\", \"id\": \"r1\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/one\", " \
    "\"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"i1\"},\n" \
    "{\"kind\": \"route\", \"id\": \"r2\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/two\", " \
    "\"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"i2\"}" END

START_TEST(test_cap001_shared_pool)
{
    /* 600 + 600 concurrent executions from one pool of 1,000 */
    const aw_diag *d = S_expect(TWO_FNS(""), "AW-CAP-001", 1);
    ck_assert_str_eq(d->message, "Lambda 'f1' and 1 other function without reserved concurrency need 1,200 "
                                 "concurrent executions together (it alone 600), but the regional pool they share "
                                 "holds 1,000: Lambda throttles the excess and API Gateway answers 500");
    S_teardown();
    /* what another function reserves leaves the pool: 600 alone is then too many */
    S_expect(TWO_FNS(", \"reservedConcurrency\": 500"), "AW-CAP-001", 2);
}
END_TEST

/* ---- AW-COST-001: stage throttles apply per route ----------------------------------- */

#define GET_ROUTE(n) "{\"kind\": \"route\", \"id\": \"g" #n "\", \"api\": \"a\", \"method\": \"GET\", " \
    "\"path\": \"/p" #n "\", \"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"i\"},\n"
#define CACHED(routes) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n" FN routes \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"a\", \"throttle\": {\"rate\": 4, " \
    "\"burst\": 8}, \"cache\": {\"sizeGb\": 0.5, \"encrypted\": true}}" END

START_TEST(test_cost001_per_route)
{
    /* three GET routes at 4 requests/s each: 12 requests/s can reach the cache */
    S_expect(CACHED(GET_ROUTE(1) GET_ROUTE(2) GET_ROUTE(3)), "AW-COST-001", 0);
    S_teardown();
    /* one GET route and a POST: 4 requests/s, and only GETs are cached */
    const aw_diag *d = S_expect(CACHED(GET_ROUTE(1)
                                       "{\"kind\": \"route\", \"id\": \"p\", \"api\": \"a\", \"method\": \"POST\", "
                                       "\"path\": \"/p1\", \"authorizer\": \"none\", \"noneReason\": \"t\", "
                                       "\"integration\": \"i\"},\n"),
                                "AW-COST-001", 1);
    ck_assert_str_eq(d->related_message, "the stage's throttles let through 4 requests/s to its 1 GET route");
}
END_TEST

/* ---- AW-THR-007: a plan whose keys are all disabled --------------------------------- */

#define KEY_PLAN(enabled) HEAD "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"wafWebAcl\": \"w\"},\n" \
    STAGE("a") FN "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", " \
    "\"authorizer\": \"none\", \"noneReason\": \"metered\", \"apiKeyRequired\": true, \"integration\": \"i\"},\n" \
    "{\"kind\": \"apiKey\", \"id\": \"k\", \"enabled\": " enabled "},\n" \
    "{\"kind\": \"usagePlan\", \"id\": \"up\", \"stages\": [\"s\"], \"apiKeys\": [\"k\"], " \
    "\"quota\": {\"limit\": 10, \"period\": \"day\"}}" END

START_TEST(test_thr007_disabled_keys)
{
    S_expect(KEY_PLAN("false"), "AW-THR-007", 1);
    S_teardown();
    S_expect(KEY_PLAN("true"), "AW-THR-007", 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint review");
    TCase *tc = aw_test_tcase(s, "verdicts", NULL, S_teardown);
    tcase_add_test(tc, test_sec002_api_without_connect);
    tcase_add_test(tc, test_sec003_skips_websocket_messages);
    tcase_add_test(tc, test_sec004_005_are_errors);
    tcase_add_test(tc, test_sec004_005_judge_each_rest_issuer);
    tcase_add_test(tc, test_sec006_block_list);
    tcase_add_test(tc, test_sec009_private);
    tcase_add_test(tc, test_sec010_domains);
    tcase_add_loop_test(tc, test_sec012_patterns, 0, (int)(sizeof S_origins / sizeof *S_origins));
    tcase_add_test(tc, test_compat001_aws_actions);
    tcase_add_test(tc, test_thr002_bursts);
    tcase_add_test(tc, test_thr003_low_regions);
    tcase_add_test(tc, test_thr004_006_are_notes);
    tcase_add_test(tc, test_cap001_shared_pool);
    tcase_add_test(tc, test_cost001_per_route);
    tcase_add_test(tc, test_thr007_disabled_keys);
    return s;
}

AW_TEST_MAIN(S_suite)
