/* Unit tests of the observability (AW-OBS-*) and cost (AW-COST-*) rules:
 * for each, a diagram that trips it and one that does not. */
#include <check.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define API(type, extra) "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"" type "\", \"defaultAuthorizer\": \"iam\"" extra "},\n"
#define BODY "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n" \
             "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
             "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n" \
             "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
             "\"integration\": \"integ\"},\n"
#define STAGE(name, extra) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"" name "\", \"api\": \"api\"" extra "}\n"
#define END "]}\n"
#define GOOD_LOG ", \"accessLog\": {\"destination\": \"g\", \"format\": \"$context.requestId $context.integration.status\"}"
#define GOOD GOOD_LOG ", \"detailedMetrics\": true, \"logLevel\": \"error\""
/* A REST feature, so that AW-COST-002 stays quiet where it is not tested. */
#define VALIDATED ", \"requestValidation\": \"all\""

/* The rule fires `expected` times and no other rule of its family does. */
static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* ---- observability ----------------------------------------------------------- */

START_TEST(test_obs001)
{
    const aw_diag *d = S_expect(HEAD API("http", "") BODY STAGE("live", ", \"detailedMetrics\": true") END, "AW-OBS-001", 1);
    aw_test_assert_element(d, "s");
    ck_assert_str_eq(d->message, "production stage 's' (live) writes no access log; it counts as production "
                                 "because its name is \"live\"");
    ck_assert_uint_eq(d->related.line, 2);
    S_teardown();
    /* production by tag */
    d = S_expect(HEAD API("http", "") BODY STAGE("v1", ", \"tags\": {\"Environment\": \"Production\"}, \"detailedMetrics\": true") END,
                 "AW-OBS-001", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "because its tag Environment is \"Production\""));
    S_teardown();
    S_expect(HEAD API("http", "") BODY STAGE("prod", GOOD) END, "AW-OBS-001", 0);
    S_teardown();
    S_expect(HEAD API("http", "") BODY STAGE("staging", "") END, "AW-OBS-001", 0);
}
END_TEST

START_TEST(test_obs002)
{
    const aw_diag *d = S_expect(HEAD API("http", "") BODY
                                STAGE("dev", ", \"accessLog\": {\"destination\": \"g\", \"format\": \"$context.status\"}") END,
                                "AW-OBS-002", 1);
    ck_assert_str_eq(d->message, "access log format of stage 's' lacks the request id ($context.requestId) and the "
                                 "integration status ($context.integration.status)");
    ck_assert_str_eq(d->loc.path, "/nodes/5/accessLog/format");
    S_teardown();
    S_expect(HEAD API("http", "") BODY
             STAGE("dev", ", \"accessLog\": {\"destination\": \"g\", \"format\": \"$context.extendedRequestId "
                          "$context.integrationStatus\"}") END,
             "AW-OBS-002", 0);
}
END_TEST

START_TEST(test_obs003)
{
    const aw_diag *d = S_expect(HEAD API("rest", VALIDATED) BODY STAGE("prod", GOOD) END, "AW-OBS-003", 1);
    aw_test_assert_element(d, "s");
    ck_assert_str_eq(d->related_message, "REST API 'api' is declared here");
    S_teardown();
    S_expect(HEAD API("rest", VALIDATED) BODY STAGE("prod", GOOD ", \"tracing\": true") END, "AW-OBS-003", 0);
    S_teardown();
    /* HTTP APIs cannot trace */
    S_expect(HEAD API("http", "") BODY STAGE("prod", GOOD) END, "AW-OBS-003", 0);
}
END_TEST

START_TEST(test_obs004)
{
    S_expect(HEAD API("http", "") BODY STAGE("$default", ", \"tags\": {\"env\": \"prod\"}" GOOD_LOG) END, "AW-OBS-004", 1);
    S_teardown();
    S_expect(HEAD API("http", "") BODY STAGE("$default", ", \"tags\": {\"env\": \"prod\"}" GOOD) END, "AW-OBS-004", 0);
}
END_TEST

/* ---- cost -------------------------------------------------------------------- */

#define CACHE ", \"cache\": {\"enabled\": true, \"encrypted\": true}"
#define CLIENT(rate) ",{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": " rate \
                     ", \"duration\": \"1m\"}, \"mix\": [{\"route\": \"r\", \"weight\": 1}]}\n"

START_TEST(test_cost001)
{
    const aw_diag *d = S_expect(HEAD API("rest", "") BODY STAGE("qa", ", \"throttle\": {\"rate\": 2, \"burst\": 4}" CACHE) END,
                                "AW-COST-001", 1);
    ck_assert_str_eq(d->message, "stage 's' pays for a 0.5 GB cache, but at most 2 requests/s reach it, too few for "
                                 "the cache to save what it costs");
    ck_assert_str_eq(d->related_message, "the stage's throttles let through 2 requests/s to its 1 GET route");
    S_teardown();
    /* bounded by its one client */
    d = S_expect(HEAD API("rest", "") BODY STAGE("qa", CACHE) CLIENT("0.5") END, "AW-COST-001", 1);
    ck_assert_str_eq(d->related_message, "client 'c' sends it at most 0.5 requests/s");
    S_teardown();
    S_expect(HEAD API("rest", "") BODY STAGE("qa", ", \"throttle\": {\"rate\": 50, \"burst\": 100}" CACHE) END,
             "AW-COST-001", 0);
    S_teardown();
    /* no throttle and no clients: the traffic is unknown */
    S_expect(HEAD API("rest", "") BODY STAGE("qa", CACHE) END, "AW-COST-001", 0);
}
END_TEST

START_TEST(test_cost002)
{
    const aw_diag *d = S_expect(HEAD API("rest", "") BODY STAGE("qa", "") END, "AW-COST-002", 1);
    aw_test_assert_element(d, "api");
    S_teardown();
    S_expect(HEAD API("rest", VALIDATED) BODY STAGE("qa", "") END, "AW-COST-002", 0);
    S_teardown();
    S_expect(HEAD API("rest", ", \"wafWebAcl\": \"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/1\"") BODY
             STAGE("qa", "") END,
             "AW-COST-002", 0);
    S_teardown();
    /* a usage plan on one of its stages */
    S_expect(HEAD API("rest", "") BODY STAGE("qa", "")
             ",{\"kind\": \"usagePlan\", \"id\": \"plan\", \"stages\": [\"s\"]}\n" END,
             "AW-COST-002", 0);
    S_teardown();
    S_expect(HEAD API("http", "") BODY STAGE("qa", "") END, "AW-COST-002", 0);
}
END_TEST

/* A JWT authorizer with one issuer is one an HTTP API has too; several
 * issuers, or claim rules, are what only a REST API's can do. */
#define JWT_REST(issuers) HEAD \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"jwt\"},\n" \
    "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"algorithms\": [\"RS256\"], " \
    "\"issuers\": [" issuers "]},\n" BODY STAGE("qa", "") END
#define ISSUER(host, claims) "{\"issuer\": \"https://" host "\", \"audiences\": [\"app\"]" claims "}"

START_TEST(test_cost002_jwt_authorizers)
{
    S_expect(JWT_REST(ISSUER("a.example.com", "")), "AW-COST-002", 1);
    S_teardown();
    S_expect(JWT_REST(ISSUER("a.example.com", "") ", " ISSUER("b.example.com", "")), "AW-COST-002", 0);
    S_teardown();
    S_expect(JWT_REST(ISSUER("a.example.com", ", \"claims\": [{\"name\": \"tenant\", \"required\": true}]")),
             "AW-COST-002", 0);
}
END_TEST

#define LAMBDA_AUTH(extra) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"la\"},\n" \
    "{\"kind\": \"function\", \"id\": \"af\", \"runtime\": \"nodejs22.x\"},\n" \
    "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"af\", " \
    "\"identitySources\": [\"$request.header.Authorization\"]" extra "},\n" \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n" \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", \"integration\": \"integ\"}\n" END

START_TEST(test_cost003)
{
    const aw_diag *d = S_expect(LAMBDA_AUTH(", \"resultTtl\": \"0s\""), "AW-COST-003", 1);
    aw_test_assert_element(d, "la");
    ck_assert_str_eq(d->related_message, "function 'af' runs once per request");
    S_teardown();
    S_expect(LAMBDA_AUTH(""), "AW-COST-003", 0);
    S_teardown();
    S_expect(LAMBDA_AUTH(", \"resultTtl\": \"60s\""), "AW-COST-003", 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint_obs_cost");
    TCase *tc = aw_test_tcase(s, "observability", NULL, S_teardown);
    tcase_add_test(tc, test_obs001);
    tcase_add_test(tc, test_obs002);
    tcase_add_test(tc, test_obs003);
    tcase_add_test(tc, test_obs004);
    tc = aw_test_tcase(s, "cost", NULL, S_teardown);
    tcase_add_test(tc, test_cost001);
    tcase_add_test(tc, test_cost002);
    tcase_add_test(tc, test_cost002_jwt_authorizers);
    tcase_add_test(tc, test_cost003);
    return s;
}

AW_TEST_MAIN(S_suite)
