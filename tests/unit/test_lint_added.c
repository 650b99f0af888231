/* Unit tests of the rules the lint review found missing: execution logging
 * (AW-OBS-005), AWS WAF (AW-SEC-017), scopes (AW-SEC-018), credentials in
 * the query string (AW-SEC-019), Lambda timeouts below the p99 (AW-CAP-010),
 * WebSocket new connections (AW-THR-008) and API keys clients send
 * (AW-THR-009). For each, diagrams that trip it and diagrams that do not. */
#include <check.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define END "\n]}\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
           "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
#define ROUTE(extra) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", " \
                     "\"integration\": \"i\"" extra "}"
#define PUBLIC ", \"authorizer\": \"none\", \"noneReason\": \"public data\""
#define STAGE(name, extra) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"" name "\", \"api\": \"a\", " \
                           "\"throttle\": {\"rate\": 10, \"burst\": 20}" extra "},\n"
#define API(type, extra) "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"" type "\"" extra "},\n"
#define WAF ", \"wafWebAcl\": \"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/w/1\""

static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* The rule fires once, on element, saying message. */
static void S_expect_one(const char *text, const char *code, const char *element, const char *message)
{
    const aw_diag *d = S_expect(text, code, 1);
    aw_test_assert_element(d, element);
    ck_assert_str_eq(d->message, message);
    S_teardown();
}

/* Everything else a production stage should have, so that only AW-OBS-005 speaks. */
#define WATCHED ", \"tracing\": true, \"detailedMetrics\": true, \"accessLog\": {\"destination\": \"logs\", " \
                "\"format\": \"$context.requestId $context.integration.status\"}"

/* ---- AW-OBS-005 ------------------------------------------------------------------ */

START_TEST(test_obs005)
{
    S_expect_one(HEAD API("rest", WAF) STAGE("prod", WATCHED ", \"logLevel\": \"off\"") FN ROUTE(PUBLIC) END,
                 "AW-OBS-005", "s",
                 "production stage 's' of REST API 'a' writes no execution log (logLevel off); it counts as "
                 "production because its name is \"prod\"");
    /* unset is off too; WebSocket stages have execution logs as well */
    S_expect(HEAD API("websocket", "") STAGE("live", ", \"detailedMetrics\": true, \"accessLog\": {\"destination\": \"logs\", \"format\": "
                                                  "\"$context.requestId $context.integration.status\"}") FN
             "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"a\", \"routeKey\": \"$connect\", \"integration\": \"i\"" PUBLIC "}"
             END, "AW-OBS-005", 1);
    S_teardown();
    S_expect(HEAD API("rest", WAF) STAGE("prod", WATCHED ", \"logLevel\": \"error\"") FN ROUTE(PUBLIC) END, "AW-OBS-005", 0);
    S_teardown();
    /* HTTP APIs have no execution logs; non-production stages are not judged */
    S_expect(HEAD API("http", "") STAGE("prod", WATCHED) FN ROUTE(PUBLIC) END, "AW-OBS-005", 0);
    S_teardown();
    S_expect(HEAD API("rest", "") STAGE("dev", "") FN ROUTE(PUBLIC) END, "AW-OBS-005", 0);
}
END_TEST

/* ---- AW-SEC-017 ------------------------------------------------------------------ */

START_TEST(test_sec017)
{
    const aw_diag *d = S_expect(HEAD API("rest", ", \"endpoint\": \"regional\"") STAGE("prod", "") FN ROUTE(PUBLIC) END,
                                "AW-SEC-017", 1);
    aw_test_assert_element(d, "a");
    ck_assert_str_eq(d->related_message, "stage 's' counts as production because its name is \"prod\"");
    S_teardown();
    S_expect(HEAD API("rest", ", \"endpoint\": \"regional\"" WAF) STAGE("prod", "") FN ROUTE(PUBLIC) END,
             "AW-SEC-017", 0);
    S_teardown();
    /* HTTP APIs cannot attach a web ACL; private APIs are reached from VPCs */
    S_expect(HEAD API("http", "") STAGE("prod", "") FN ROUTE(PUBLIC) END, "AW-SEC-017", 0);
    S_teardown();
    S_expect(HEAD API("rest", ", \"endpoint\": \"private\", \"resourcePolicy\": {\"statements\": [{\"effect\": "
                              "\"allow\", \"principals\": [\"*\"], \"sourceVpces\": [\"vpce-1\"]}]}")
             STAGE("prod", "") FN ROUTE("") END, "AW-SEC-017", 0);
}
END_TEST

/* ---- AW-SEC-018, AW-SEC-019 --------------------------------------------------------- */

#define JWT_AUTH "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com/\", " \
                 "\"audiences\": [\"app\"]},\n"
#define LAMBDA_AUTH(source) "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", " \
                            "\"identitySources\": [\"" source "\"]},\n"

START_TEST(test_sec018)
{
    const aw_diag *d = S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"jwt\"") STAGE("dev", "") JWT_AUTH FN
                                ROUTE("") END, "AW-SEC-018", 1);
    ck_assert_str_eq(d->message, "route 'r' is guarded by JWT authorizer 'jwt' but requires no scopes: every valid "
                                 "token of the issuer for the authorizer's audiences passes, ID tokens included");
    S_teardown();
    S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"jwt\"") STAGE("dev", "") JWT_AUTH FN
             ROUTE(", \"scopes\": [\"orders/read\"]") END, "AW-SEC-018", 0);
    S_teardown();
    /* a REST Cognito authorizer without scopes takes ID tokens too */
    S_expect(HEAD API("rest", ", \"defaultAuthorizer\": \"pool\"") STAGE("dev", "")
             "{\"kind\": \"authorizer\", \"id\": \"pool\", \"type\": \"cognito\", \"userPool\": "
             "\"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ab12Cd34E\"},\n" FN ROUTE("") END,
             "AW-SEC-018", 1);
    S_teardown();
    /* a Lambda authorizer decides for itself */
    S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"la\"") STAGE("dev", "")
             LAMBDA_AUTH("$request.header.Authorization") FN ROUTE("") END, "AW-SEC-018", 0);
}
END_TEST

START_TEST(test_sec019)
{
    const aw_diag *d = S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"la\"") STAGE("dev", "")
                                LAMBDA_AUTH("$request.querystring.token") FN ROUTE("") END, "AW-SEC-019", 1);
    aw_test_assert_element(d, "la");
    S_teardown();
    S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"la\"") STAGE("dev", "")
             LAMBDA_AUTH("$request.header.Authorization") FN ROUTE("") END, "AW-SEC-019", 0);
    S_teardown();
    /* browsers cannot set headers on a WebSocket handshake */
    S_expect(HEAD API("websocket", "") STAGE("dev", "") LAMBDA_AUTH("route.request.querystring.token") FN
             "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"a\", \"routeKey\": \"$connect\", \"authorizer\": \"la\", "
             "\"integration\": \"i\"}" END, "AW-SEC-019", 0);
}
END_TEST

/* ---- AW-CAP-010 ------------------------------------------------------------------ */

#define TIMED_FN(timeout, p99) HEAD API("http", "") STAGE("dev", "") \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"" timeout ", \"latency\": {\"p50\": \"100ms\", " \
    "\"p99\": \"" p99 "\"}},\n" \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n" \
    "{\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"dynamodb\", \"latency\": {\"p50\": \"5ms\", \"p99\": \"500ms\"}},\n" \
    ROUTE(PUBLIC) "], \"edges\": [{\"from\": \"fn\", \"to\": \"db\", \"callsPerRequest\": 2}]}\n"

START_TEST(test_cap010)
{
    /* 2.5 s of its own plus two calls of 500 ms: beyond the 3 s default */
    const aw_diag *d = S_expect(TIMED_FN("", "2500ms"), "AW-CAP-010", 1);
    ck_assert_str_eq(d->message, "Lambda 'fn' stops after 3 s (Lambda's default, as no timeout is written), but its "
                                 "p99 with the calls it makes is 3.5 s: its slowest requests are cut off and answered "
                                 "with an error");
    S_teardown();
    S_expect(TIMED_FN(", \"timeout\": \"2s\"", "1500ms"), "AW-CAP-010", 1);
    S_teardown();
    S_expect(TIMED_FN(", \"timeout\": \"10s\"", "2500ms"), "AW-CAP-010", 0);
    S_teardown();
    /* exactly the default: 2 s plus 2 x 500 ms */
    S_expect(TIMED_FN("", "2s"), "AW-CAP-010", 0);
}
END_TEST

/* ---- AW-THR-008 ------------------------------------------------------------------ */

#define WS_CONNECT(stage_throttle, extra) HEAD API("websocket", "") \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"a\", \"throttle\": " stage_throttle extra "},\n" \
    FN "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"a\", \"routeKey\": \"$connect\", \"integration\": \"i\"" PUBLIC "}" END

START_TEST(test_thr008)
{
    S_expect_one(WS_CONNECT("{\"rate\": 800, \"burst\": 1000}", ""), "AW-THR-008", "c",
                 "the WebSocket $connect routes may accept 800 new connections/s together ('c' up to 800), above the "
                 "account's quota of 500 new connections per second in the region");
    /* the stage's override for $connect keeps it within the quota */
    S_expect(WS_CONNECT("{\"rate\": 800, \"burst\": 1000}",
                        ", \"routeThrottles\": [{\"route\": \"c\", \"rate\": 300, \"burst\": 300}]"),
             "AW-THR-008", 0);
    S_teardown();
    S_expect(WS_CONNECT("{\"rate\": 500, \"burst\": 500}", ""), "AW-THR-008", 0);
}
END_TEST

/* ---- AW-THR-009 ------------------------------------------------------------------ */

#define KEYED(key_extra, plan) HEAD API("rest", "") STAGE("dev", "") FN ROUTE(PUBLIC ", \"apiKeyRequired\": true") ",\n" \
    "{\"kind\": \"apiKey\", \"id\": \"k\"" key_extra "},\n{\"kind\": \"apiKey\", \"id\": \"spare\"},\n" \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"apiKey\": \"k\", \"traffic\": {\"rate\": 1}, " \
    "\"mix\": [{\"route\": \"r\", \"weight\": 1}]},\n" \
    "{\"kind\": \"usagePlan\", \"id\": \"up\", \"stages\": [\"s\"], \"quota\": {\"limit\": 100, \"period\": \"day\"}" \
    plan "}" END

START_TEST(test_thr009)
{
    /* the plan's other key keeps AW-THR-007 quiet */
    S_expect_one(KEYED(", \"enabled\": false", ", \"apiKeys\": [\"k\", \"spare\"]"), "AW-THR-009", "c",
                 "client 'c' sends API key 'k', which is disabled: API Gateway refuses every call with 403 Forbidden");
    /* in no plan of its stage: the plan lists another key */
    const aw_diag *d = S_expect(HEAD API("rest", "") STAGE("dev", "") FN ROUTE(PUBLIC ", \"apiKeyRequired\": true") ",\n"
                 "{\"kind\": \"apiKey\", \"id\": \"k\"},\n{\"kind\": \"apiKey\", \"id\": \"other\"},\n"
                 "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"apiKey\": \"k\", \"traffic\": {\"rate\": 1}},\n"
                 "{\"kind\": \"usagePlan\", \"id\": \"up\", \"stages\": [\"s\"], \"quota\": {\"limit\": 100, "
                 "\"period\": \"day\"}, \"apiKeys\": [\"other\"]}" END,
                 "AW-THR-009", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "which no usage plan covering stage 's' lists"));
    /* listed by the plan, or by nothing: a plan that lists no keys has them
     * managed elsewhere */
    static const char *const accepted[] = {KEYED("", ", \"apiKeys\": [\"k\"]"), KEYED("", "")};
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
        S_teardown();
        S_expect(accepted[i], "AW-THR-009", 0);
    }
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint added rules");
    TCase *tc = aw_test_tcase(s, "added", NULL, S_teardown);
    tcase_add_test(tc, test_obs005);
    tcase_add_test(tc, test_sec017);
    tcase_add_test(tc, test_sec018);
    tcase_add_test(tc, test_sec019);
    tcase_add_test(tc, test_cap010);
    tcase_add_test(tc, test_thr008);
    tcase_add_test(tc, test_thr009);
    return s;
}

AW_TEST_MAIN(S_suite)
