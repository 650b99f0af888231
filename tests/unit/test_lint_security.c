/* Unit tests of the security rules on how an API is reached
 * (AW-SEC-014..016): CORS preflights refused by an authorizer, unencrypted
 * caches, internet-facing load balancers behind private integrations. For
 * each, diagrams that trip it and diagrams that do not. */
#include <check.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define END "]}\n"
#define CORS ", \"cors\": {\"allowOrigins\": [\"https://app.example.com\"], \"allowHeaders\": [\"authorization\"]}"
#define API(type, extra) "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"" type "\", \"defaultAuthorizer\": \"jwt\"" \
                         extra "},\n"
#define JWT "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com/\", " \
            "\"audiences\": [\"app\"]},\n"
#define IAM "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
           "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
/* Scopes keep JWT-guarded routes clear of AW-SEC-018, which has tests of its own. */
#define ROUTE(id, method, path, extra) "{\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"api\", \"method\": \"" \
                                       method "\", \"path\": \"" path "\", \"scopes\": [\"t/read\"], " \
                                       "\"integration\": \"integ\"" extra "}"
#define DEFAULT_ROUTE(extra) "{\"kind\": \"route\", \"id\": \"d\", \"api\": \"api\", \"routeKey\": \"$default\", " \
                             "\"scopes\": [\"t/read\"], \"integration\": \"integ\"" extra "}"
#define OPEN ", \"authorizer\": \"none\", \"noneReason\": \"CORS preflight\""

static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* ---- AW-SEC-014 ------------------------------------------------------------ */

START_TEST(test_sec014_catch_alls_with_authorizers)
{
    const aw_diag *d = S_expect(HEAD API("http", CORS) JWT FN ROUTE("r", "ANY", "/{proxy+}", "") END, "AW-SEC-014", 1);
    aw_test_assert_element(d, "r");
    ck_assert_str_eq(d->message, "route 'r' (ANY /{proxy+}) takes the CORS preflights (OPTIONS, sent without "
                                 "credentials) of its path, and its authorizer 'jwt' refuses them with 401 or 403, "
                                 "so browsers block the cross-origin calls");
    ck_assert_str_eq(d->related_message, "API 'api' allows cross-origin calls here");
    S_teardown();
    d = S_expect(HEAD API("http", CORS) JWT FN DEFAULT_ROUTE("") END, "AW-SEC-014", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "of every path"));
    S_teardown();
    /* REST: the IAM default refuses the preflight an ANY method takes */
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"iam\"" CORS "},\n"
             IAM FN ROUTE("r", "ANY", "/orders", "") END, "AW-SEC-014", 1);
    S_teardown();
    /* an explicit OPTIONS route that requires authorization */
    S_expect(HEAD API("http", CORS) JWT FN ROUTE("o", "OPTIONS", "/orders", "") END, "AW-SEC-014", 1);
    S_teardown();
    /* an API key refuses anonymous preflights too */
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"" CORS "},\n" FN
             ROUTE("r", "ANY", "/orders", ", \"apiKeyRequired\": true, \"authorizer\": \"none\", \"noneReason\": \"k\"")
             END, "AW-SEC-014", 1);
}
END_TEST

START_TEST(test_sec014_clean)
{
    /* an open OPTIONS route of the same path answers the preflights */
    S_expect(HEAD API("http", CORS) JWT FN ROUTE("r", "ANY", "/{proxy+}", "") ",\n"
             ROUTE("o", "OPTIONS", "/{proxy+}", OPEN) END, "AW-SEC-014", 0);
    S_teardown();
    S_expect(HEAD API("http", CORS) JWT FN DEFAULT_ROUTE("") ",\n" ROUTE("o", "OPTIONS", "/{proxy+}", OPEN) END,
             "AW-SEC-014", 0);
    S_teardown();
    /* explicit methods: API Gateway answers the preflights itself */
    S_expect(HEAD API("http", CORS) JWT FN ROUTE("r", "GET", "/orders", "") END, "AW-SEC-014", 0);
    S_teardown();
    /* no CORS: no browser preflights to answer */
    S_expect(HEAD API("http", "") JWT FN ROUTE("r", "ANY", "/{proxy+}", "") END, "AW-SEC-014", 0);
    S_teardown();
    /* a catch-all that is public on purpose */
    S_expect(HEAD API("http", CORS) JWT FN ROUTE("r", "ANY", "/{proxy+}", OPEN) END, "AW-SEC-014", 0);
    S_teardown();
    /* an open OPTIONS route of another path does not cover this one */
    S_expect(HEAD API("http", CORS) JWT FN ROUTE("r", "ANY", "/{proxy+}", "") ",\n"
             ROUTE("o", "OPTIONS", "/orders", OPEN) END, "AW-SEC-014", 1);
}
END_TEST

/* ---- AW-SEC-015 ------------------------------------------------------------ */

#define CACHED(type, cache) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"" type "\", \"defaultAuthorizer\": \"iam\", " \
    "\"wafWebAcl\": \"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/w/1\"},\n" \
    IAM FN ROUTE("r", "GET", "/p", "") ",\n{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", " \
    "\"cache\": " cache "}\n" END

START_TEST(test_sec015)
{
    const aw_diag *d = S_expect(CACHED("rest", "{\"enabled\": true, \"sizeGb\": 0.5}"), "AW-SEC-015", 1);
    aw_test_assert_element(d, "s");
    ck_assert_str_eq(d->message, "stage 's' caches responses without encrypting them");
    S_teardown();
    S_expect(CACHED("rest", "{\"enabled\": true, \"sizeGb\": 0.5, \"encrypted\": true}"), "AW-SEC-015", 0);
    S_teardown();
    S_expect(CACHED("rest", "{\"enabled\": false, \"sizeGb\": 0.5}"), "AW-SEC-015", 0);
}
END_TEST

/* ---- AW-SEC-016 ------------------------------------------------------------ */

#define PRIVATE(scheme) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"iam\"},\n" IAM \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", \"integration\": \"mono\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"mono\", \"type\": \"private\", \"vpcLink\": \"link\", \"listener\": \"lb\", " \
    "\"url\": \"https://mono.internal.example.com/\"},\n" \
    "{\"kind\": \"vpcLink\", \"id\": \"link\", \"targets\": [\"lb\"]},\n" \
    "{\"kind\": \"loadBalancer\", \"id\": \"lb\", \"type\": \"nlb\"" scheme "}\n" END

START_TEST(test_sec016)
{
    const aw_diag *d = S_expect(PRIVATE(", \"scheme\": \"internet-facing\""), "AW-SEC-016", 1);
    aw_test_assert_element(d, "mono");
    ck_assert_str_eq(d->message, "private integration 'mono' goes to load balancer 'lb', which is internet-facing: "
                                 "callers can reach it directly and bypass the API's authorizers, throttles and "
                                 "firewall");
    ck_assert_str_eq(d->related_message, "load balancer 'lb' is internet-facing here");
    S_teardown();
    S_expect(PRIVATE(", \"scheme\": \"internal\""), "AW-SEC-016", 0);
    S_teardown();
    S_expect(PRIVATE(""), "AW-SEC-016", 0);     /* internal by default */
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint security");
    TCase *tc = aw_test_tcase(s, "reach", NULL, S_teardown);
    tcase_add_test(tc, test_sec014_catch_alls_with_authorizers);
    tcase_add_test(tc, test_sec014_clean);
    tcase_add_test(tc, test_sec015);
    tcase_add_test(tc, test_sec016);
    return s;
}

AW_TEST_MAIN(S_suite)
