/* Unit tests of the capacity rules (AW-CAP-*): for each, a diagram that
 * trips it, with the numbers of its message, and one that does not. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
             "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", \"defaultAuthorizer\": \"iam\"},\n" \
             "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
#define STAGE(rate) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", " \
                    "\"throttle\": {\"rate\": " rate ", \"burst\": 2000}},\n"
#define ROUTE(integ) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                     "\"integration\": \"" integ "\"},\n"
#define LAMBDA(extra) "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"" extra "},\n"
#define FN(extra) "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"" extra "}\n"
#define END "]}\n"

/* The rule fires `expected` times and no other rule of its family does. */
static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

static void S_has(const aw_diag *d, const char *text)
{
    if (!strstr(d->message, text))
        ck_abort_msg("'%s' not in '%s'", text, d->message);
}

START_TEST(test_cap001)
{
    const aw_diag *d = S_expect(HEAD STAGE("1000") ROUTE("integ") LAMBDA("")
                                FN(", \"reservedConcurrency\": 10, \"latency\": {\"p50\": \"800ms\", \"p99\": \"2s\"}") END,
                                "AW-CAP-001", 1);
    aw_test_assert_element(d, "fn");
    S_has(d, "1,000 requests/s at 800 ms");
    S_has(d, "need 800 concurrent executions");
    S_has(d, "allows 10, so it holds only about 12.5 requests/s");
    ck_assert_str_eq(d->related_message, "route 'r' sends it up to 1,000 requests/s on stage 'prod'");
    S_teardown();
    /* a route override tightens the stage: 10 x 0.8 s = 8 concurrent */
    S_expect(HEAD "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", "
                  "\"throttle\": {\"rate\": 1000, \"burst\": 2000}, \"routeThrottles\": [{\"route\": \"r\", \"rate\": 10, \"burst\": 20}]},\n"
                  ROUTE("integ") LAMBDA("")
                  FN(", \"reservedConcurrency\": 10, \"latency\": {\"p50\": \"800ms\", \"p99\": \"2s\"}") END,
             "AW-CAP-001", 0);
    S_teardown();
    /* unreserved: the regional 1,000; no stage means the 10,000 account quota, x 50 ms = 500 */
    S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"latency\": {\"p50\": \"50ms\", \"p99\": \"200ms\"}") END, "AW-CAP-001", 0);
    S_teardown();
    d = S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"latency\": {\"p50\": \"150ms\", \"p99\": \"900ms\"}") END,
                 "AW-CAP-001", 1);
    S_has(d, "need 1,500 concurrent executions, but the regional pool it shares allows 1,000");
    S_teardown();
    /* no latency: nothing to reason with */
    S_expect(HEAD STAGE("1000") ROUTE("integ") LAMBDA("") FN(", \"reservedConcurrency\": 1") END, "AW-CAP-001", 0);
}
END_TEST

#define DB(limits) ",{\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"rds\"" limits "}" \
                   "], \"edges\": [{\"from\": \"fn\", \"to\": \"db\", \"callsPerRequest\": 2, \"holdsConnection\": true}]}\n"

START_TEST(test_cap002)
{
    const aw_diag *d = S_expect(HEAD STAGE("100") ROUTE("integ") LAMBDA("")
                                FN(", \"reservedConcurrency\": 500, \"latency\": {\"p50\": \"100ms\", \"p99\": \"1s\"}")
                                DB(", \"maxConnections\": 100"),
                                "AW-CAP-002", 1);
    aw_test_assert_element(d, "fn");
    S_has(d, "may run 500 copies");
    S_has(d, "the database allows 100 (maxConnections)");
    ck_assert_str_eq(d->related_message, "database 'db' runs out of connections here");
    S_teardown();
    /* a pool of 600 is enough */
    S_expect(HEAD STAGE("100") ROUTE("integ") LAMBDA("")
             FN(", \"reservedConcurrency\": 500, \"latency\": {\"p50\": \"100ms\", \"p99\": \"1s\"}")
             DB(", \"maxConnections\": 1000, \"poolSize\": 600"),
             "AW-CAP-002", 0);
    S_teardown();
    /* behind a pool a connection is lent per call: 1,000/s x 2 calls x 100 ms = 200 in
     * use, above a pool of 150, and the excess waits */
    d = S_expect(HEAD STAGE("1000") ROUTE("integ") LAMBDA("") FN(", \"latency\": {\"p50\": \"200ms\", \"p99\": \"1s\"}")
                 DB(", \"maxConnections\": 1000, \"poolSize\": 150, \"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}"),
                 "AW-CAP-002", 1);
    S_has(d, "keep about 200 connections in use at once");
    S_has(d, "more than its poolSize of 150: the excess waits");
    S_teardown();
    /* the proxy's fix clears the finding: 1,000 function copies, but only 100 in a call at once */
    S_expect(HEAD STAGE("1000") ROUTE("integ") LAMBDA("") FN(", \"latency\": {\"p50\": \"1s\", \"p99\": \"2s\"}")
             DB(", \"maxConnections\": 500, \"poolSize\": 150, \"latency\": {\"p50\": \"50ms\", \"p99\": \"300ms\"}"),
             "AW-CAP-002", 0);
}
END_TEST

#define PRIVATE(lb) "{\"kind\": \"integration\", \"id\": \"pi\", \"type\": \"private\", \"vpcLink\": \"link\", " \
                    "\"listener\": \"nlb\", \"url\": \"https://x.internal.example.com/\"},\n" \
                    "{\"kind\": \"vpcLink\", \"id\": \"link\", \"targets\": [\"nlb\"]},\n" \
                    "{\"kind\": \"loadBalancer\", \"id\": \"nlb\", \"type\": \"nlb\"" lb "}\n"

START_TEST(test_cap003)
{
    const aw_diag *d = S_expect(HEAD STAGE("1000") ROUTE("pi") PRIVATE(", \"targets\": 4, \"targetCapacity\": 150") END,
                                "AW-CAP-003", 1);
    aw_test_assert_element(d, "nlb");
    S_has(d, "serves 600 requests/s (4 targets x 150), but the routes reaching it may send 1,000 requests/s");
    S_teardown();
    S_expect(HEAD STAGE("1000") ROUTE("pi") PRIVATE(", \"targets\": 8, \"targetCapacity\": 150") END, "AW-CAP-003", 0);
    S_teardown();
    S_expect(HEAD STAGE("1000") ROUTE("pi") PRIVATE("") END, "AW-CAP-003", 0);
}
END_TEST

#define DYNAMO(action, wcu) "{\"kind\": \"integration\", \"id\": \"ai\", \"type\": \"aws\", \"service\": \"dynamodb\", " \
                            "\"action\": \"" action "\", \"role\": \"arn:aws:iam::123456789012:role/r\", \"target\": \"t\"},\n" \
                            "{\"kind\": \"datastore\", \"id\": \"t\", \"engine\": \"dynamodb\", \"capacityMode\": \"provisioned\", " \
                            "\"readCapacity\": 100, \"writeCapacity\": " wcu "}\n"

START_TEST(test_cap004)
{
    const aw_diag *d = S_expect(HEAD STAGE("500") ROUTE("ai") DYNAMO("PutItem", "50") END, "AW-CAP-004", 1);
    aw_test_assert_element(d, "t");
    S_has(d, "provisioned with 50 write units per second, but the routes writing to it may send 500 writes/s");
    S_teardown();
    S_expect(HEAD STAGE("500") ROUTE("ai") DYNAMO("PutItem", "600") END, "AW-CAP-004", 0);
    S_teardown();
    /* reads do not count against write capacity */
    S_expect(HEAD STAGE("500") ROUTE("ai") DYNAMO("GetItem", "50") END, "AW-CAP-004", 0);
}
END_TEST

#define API_OF(type, endpoint) "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"" type "\"" endpoint ", \"defaultAuthorizer\": \"iam\"},\n" \
    "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
#define WS_ROUTE "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"routeKey\": \"$default\", " \
                 "\"integration\": \"integ\"},\n"

/* Hard limits are errors; REST regional and private APIs may raise theirs. */
/* A Lambda authorizer without caching runs on every request of its routes. */
#define AUTH_HEAD(ttl) "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", \"defaultAuthorizer\": \"la\"},\n" \
    "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"auth-fn\", " \
    "\"identitySources\": [\"method.request.header.Authorization\"], \"resultTtl\": \"" ttl "\"},\n" \
    "{\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"python3.12\", \"reservedConcurrency\": 10, " \
    "\"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}},\n"

START_TEST(test_cap001_counts_uncached_authorizers)
{
    const aw_diag *d = S_expect(AUTH_HEAD("0s") STAGE("1000") ROUTE("integ") LAMBDA("") FN("") END, "AW-CAP-001", 1);
    aw_test_assert_element(d, "auth-fn");
    S_has(d, "1,000 requests/s at 100 ms");
    S_has(d, "need 100 concurrent executions, but its reserved concurrency allows 10");
    S_teardown();
    /* cached results: once per caller and TTL, not counted */
    S_expect(AUTH_HEAD("300s") STAGE("1000") ROUTE("integ") LAMBDA("") FN("") END, "AW-CAP-001", 0);
    S_teardown();
    /* a route that opts out of the default authorizer does not invoke it */
    S_expect(AUTH_HEAD("0s") STAGE("1000")
             "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
             "\"integration\": \"integ\", \"authorizer\": \"none\", \"noneReason\": \"health\"},\n" LAMBDA("") FN("") END,
             "AW-CAP-001", 0);
}
END_TEST

/* The account's quota caps what a route lets through; a raised one caps higher. */
START_TEST(test_cap001_account_throttle)
{
    const char *fn = FN(", \"reservedConcurrency\": 100, \"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}");
    char text[2048];
    snprintf(text, sizeof text, "%s%s%s%s%s",
             "{\"archway\": 1, \"name\": \"t\", \"accountThrottle\": {\"rate\": 20000, \"burst\": 10000}, \"nodes\": [\n"
             "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", \"defaultAuthorizer\": \"iam\"},\n"
             "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n",
             STAGE("15000"), ROUTE("integ"), LAMBDA(""), fn);
    strcat(text, END);
    const aw_diag *d = S_expect(text, "AW-CAP-001", 1);
    S_has(d, "15,000 requests/s at 100 ms");
    S_teardown();
    /* the default account caps the same stage at 10,000 */
    d = S_expect(HEAD STAGE("15000") ROUTE("integ") LAMBDA("")
                 FN(", \"reservedConcurrency\": 100, \"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}") END,
                 "AW-CAP-001", 1);
    S_has(d, "10,000 requests/s at 100 ms");
    S_teardown();
    /* a lower account (a newer region) caps an unthrottled route lower */
    snprintf(text, sizeof text, "%s%s%s%s",
             "{\"archway\": 1, \"name\": \"t\", \"accountThrottle\": {\"rate\": 2500, \"burst\": 1250}, \"nodes\": [\n"
             "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", \"defaultAuthorizer\": \"iam\"},\n"
             "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n",
             ROUTE("integ"), LAMBDA(""), fn);
    strcat(text, END);
    d = S_expect(text, "AW-CAP-001", 1);
    S_has(d, "2,500 requests/s at 100 ms");
}
END_TEST

START_TEST(test_cap005_hard_limits)
{
    const aw_diag *d = S_expect(API_OF("http", "") ROUTE("integ") LAMBDA(", \"timeout\": \"31s\"") FN("") END,
                                "AW-CAP-005", 1);
    ck_assert_int_eq(d->severity, AW_SEV_ERROR);
    S_has(d, "waits 31 s, beyond the 30 s maximum (a limit of HTTP APIs that cannot be raised)");
    S_teardown();
    S_expect(API_OF("http", "") ROUTE("integ") LAMBDA(", \"timeout\": \"30s\"") FN("") END, "AW-CAP-005", 0);
    S_teardown();
    d = S_expect(API_OF("websocket", "") WS_ROUTE LAMBDA(", \"timeout\": \"30s\"") FN("") END, "AW-CAP-005", 1);
    S_has(d, "beyond the 29 s maximum (a limit of WebSocket APIs that cannot be raised)");
    S_teardown();
    S_expect(API_OF("websocket", "") WS_ROUTE LAMBDA(", \"timeout\": \"29s\"") FN("") END, "AW-CAP-005", 0);
    S_teardown();
    d = S_expect(API_OF("rest", ", \"endpoint\": \"edge\"") ROUTE("integ") LAMBDA(", \"timeout\": \"40s\"") FN("") END,
                 "AW-CAP-005", 1);
    S_has(d, "the limit of edge-optimized REST APIs");
    S_teardown();
    /* regional REST: AW-CAP-009's, and this rule's family has that one finding only */
    S_expect(HEAD ROUTE("integ") LAMBDA(", \"timeout\": \"40s\"") FN(", \"timeout\": \"20s\"") END, "AW-CAP-009", 1);
}
END_TEST

START_TEST(test_cap009_raisable_rest_limit)
{
    const aw_diag *d = S_expect(HEAD ROUTE("integ") LAMBDA(", \"timeout\": \"40s\"") FN(", \"timeout\": \"20s\"") END,
                                "AW-CAP-009", 1);
    ck_assert_int_eq(d->severity, AW_SEV_WARNING);
    aw_test_assert_element(d, "integ");
    S_has(d, "waits 40 s, beyond the 29 s maximum");
    S_has(d, "may ask AWS for more by a quota request");
    S_teardown();
    S_expect(API_OF("rest", ", \"endpoint\": \"private\"") ROUTE("integ") LAMBDA(", \"timeout\": \"300s\"") FN("") END,
             "AW-CAP-009", 1);
    S_teardown();
    S_expect(HEAD ROUTE("integ") LAMBDA(", \"timeout\": \"29s\"") FN(", \"timeout\": \"20s\"") END, "AW-CAP-009", 0);
}
END_TEST

START_TEST(test_cap008_provisioned_above_reserved)
{
    const aw_diag *d = S_expect(HEAD ROUTE("integ") LAMBDA("")
                                FN(", \"reservedConcurrency\": 5, \"provisionedConcurrency\": 10") END,
                                "AW-CAP-008", 1);
    ck_assert_int_eq(d->severity, AW_SEV_ERROR);
    aw_test_assert_element(d, "fn");
    ck_assert_str_eq(d->message, "function 'fn' asks for 10 provisioned concurrent executions but reserves only 5; "
                                 "Lambda refuses provisioned concurrency above the reserved");
    S_teardown();
    S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"reservedConcurrency\": 10, \"provisionedConcurrency\": 10") END,
             "AW-CAP-008", 0);
    S_teardown();
    /* nothing reserved: the function draws on the shared pool */
    S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"provisionedConcurrency\": 10") END, "AW-CAP-008", 0);
}
END_TEST

START_TEST(test_cap006)
{
    const aw_diag *d = S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"timeout\": \"60s\"") END, "AW-CAP-006", 1);
    aw_test_assert_element(d, "fn");
    S_has(d, "may run for 60 s, but integration 'integ' gives up after 29 s");
    S_teardown();
    S_expect(HEAD ROUTE("integ") LAMBDA("") FN(", \"timeout\": \"20s\"") END, "AW-CAP-006", 0);
}
END_TEST

#define BACKEND "{\"kind\": \"httpBackend\", \"id\": \"b\", \"url\": \"https://b.example.com\", " \
                "\"latency\": {\"p50\": \"1s\", \"p99\": \"3s\"}}], " \
                "\"edges\": [{\"from\": \"fn\", \"to\": \"b\", \"callsPerRequest\": 2}]}\n"

START_TEST(test_cap007)
{
    /* The function is cut off at its own 8 s first: AW-CAP-010, suppressed here. */
    const aw_diag *d = S_expect(HEAD STAGE("10") ROUTE("integ") LAMBDA(", \"timeout\": \"8s\"")
                                FN(", \"timeout\": \"8s\", \"latency\": {\"p50\": \"400ms\", \"p99\": \"4s\"}, "
                                   "\"suppress\": [{\"rule\": \"AW-CAP-010\", \"reason\": \"tested apart\"}]") "," BACKEND,
                                "AW-CAP-007", 1);
    aw_test_assert_element(d, "integ");
    S_has(d, "add up to 10 s (function 'fn' 4 s plus 6 s of the calls it makes), beyond its 8 s timeout");
    S_teardown();
    S_expect(HEAD STAGE("10") ROUTE("integ") LAMBDA(", \"timeout\": \"12s\"")
             FN(", \"timeout\": \"12s\", \"latency\": {\"p50\": \"400ms\", \"p99\": \"4s\"}") "," BACKEND,
             "AW-CAP-007", 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint_capacity");
    TCase *tc = aw_test_tcase(s, "capacity", NULL, S_teardown);
    tcase_add_test(tc, test_cap001);
    tcase_add_test(tc, test_cap002);
    tcase_add_test(tc, test_cap003);
    tcase_add_test(tc, test_cap004);
    tcase_add_test(tc, test_cap001_counts_uncached_authorizers);
    tcase_add_test(tc, test_cap001_account_throttle);
    tcase_add_test(tc, test_cap005_hard_limits);
    tcase_add_test(tc, test_cap008_provisioned_above_reserved);
    tcase_add_test(tc, test_cap009_raisable_rest_limit);
    tcase_add_test(tc, test_cap006);
    tcase_add_test(tc, test_cap007);
    return s;
}

AW_TEST_MAIN(S_suite)
