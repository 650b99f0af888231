/* Unit tests of the lint engine (overrides, suppressions, unknown and
 * unused suppressions, where findings point) and of every security rule: one diagram that
 * trips it and one that does not. */
#include <check.h>
#include <string.h>

#include "../../compiler/lint.h"
#include "../../compiler/rules/secrets.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
           "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
#define JWT "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com/\", " \
            "\"audiences\": [\"app\"]},\n"
#define IAM "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
/* Scopes keep JWT-guarded routes clear of AW-SEC-018, which has tests of its own. */
#define ROUTE(extra) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                     "\"scopes\": [\"t/read\"], \"integration\": \"integ\"" extra "}\n"
#define END "]}\n"

/* Compiles text cleanly (warnings of the compile itself are a test bug)
 * and lints it with the given overrides. */
static void S_lint(const char *text, const aw_lint_override *overrides, size_t count)
{
    aw_compile_status status = S_compile(text);
    if (status != AW_COMPILE_OK || comp.diags.count)
        aw_test_dump_diags(&comp.diags);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    ck_assert_uint_eq(comp.diags.count, 0);
    aw_lint_config cfg = {.overrides = overrides, .override_count = count};
    aw_lint_run(&comp, &cfg);
}

/* Diagnostics with this code: unsuppressed, or suppressed. */
static size_t S_count(const char *code, bool suppressed)
{
    size_t n = 0;
    for (size_t i = 0; i < comp.diags.count; i++)
        n += strcmp(comp.diags.items[i].code, code) == 0 && comp.diags.items[i].suppressed == suppressed;
    return n;
}

static const aw_diag *S_first(const char *code)
{
    for (size_t i = 0; i < comp.diags.count; i++)
        if (strcmp(comp.diags.items[i].code, code) == 0)
            return &comp.diags.items[i];
    ck_abort_msg("no %s", code);
    return NULL;
}

/* The rule fires exactly `expected` times on text, and no other rule of
 * its family fires (other families may rightly have a say). */
static void S_expect(const char *text, const char *code, size_t expected)
{
    S_lint(text, NULL, 0);
    size_t family = 0;
    for (size_t i = 0; i < comp.diags.count; i++)
        family += strncmp(comp.diags.items[i].code, code, 7) == 0;
    if (S_count(code, false) != expected || family != expected)
        aw_test_dump_diags(&comp.diags);
    ck_assert_uint_eq(S_count(code, false), expected);
    ck_assert_uint_eq(family, expected);
}

/* ---- the engine ------------------------------------------------------------ */

static const char S_open_route[] = HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" FN ROUTE("") END;

START_TEST(test_finding_names_element_and_places)
{
    S_lint(S_open_route, NULL, 0);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_WARNING, "AW-SEC-001");
    aw_test_assert_element(d, "r");
    S_assert_loc(&d->loc, 5, 1, "/nodes/3");
    S_assert_loc(&d->related, 2, 1, "/nodes/0");
    ck_assert_str_eq(d->related_message, "API 'api' is reachable from the internet");
}
END_TEST

START_TEST(test_override_off_and_error)
{
    aw_lint_override o[2];
    ck_assert_ptr_null(aw_lint_override_parse("aw-sec-001=error", &o[0]));
    S_lint(S_open_route, o, 1);
    aw_test_compile_diag(&comp, AW_SEV_ERROR, "AW-SEC-001");
    S_teardown();
    /* the later override wins */
    ck_assert_ptr_null(aw_lint_override_parse("AW-SEC-001=off", &o[1]));
    S_lint(S_open_route, o, 2);
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_int_eq(comp.status, AW_COMPILE_OK);
}
END_TEST

START_TEST(test_override_parse_errors)
{
    aw_lint_override o;
    ck_assert_ptr_nonnull(aw_lint_override_parse("AW-SEC-999=off", &o));
    ck_assert_ptr_nonnull(aw_lint_override_parse("AW-SEC-001", &o));
    ck_assert_ptr_nonnull(aw_lint_override_parse("AW-SEC-001=loud", &o));
    ck_assert_ptr_null(aw_lint_override_parse("AW-SEC-001=note", &o));
    ck_assert_int_eq(o.level, AW_LEVEL_NOTE);
}
END_TEST

START_TEST(test_suppression_keeps_finding_aside)
{
    S_lint(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" FN
                ROUTE(", \"suppress\": [{\"rule\": \"AW-SEC-001\", \"reason\": \"status page\"}]") END,
           NULL, 0);
    ck_assert_uint_eq(comp.diags.count, 1);
    ck_assert_uint_eq(comp.diags.warnings, 0);
    ck_assert_uint_eq(comp.diags.suppressed, 1);
    const aw_diag *d = S_first("AW-SEC-001");
    ck_assert(d->suppressed);
    ck_assert_str_eq(d->suppress_reason, "status page");
    aw_test_assert_element(d, "r");
}
END_TEST

START_TEST(test_unknown_rule_warns)
{
    S_lint(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"iam\"},\n" IAM FN
                ROUTE(",\n \"suppress\": [{\"rule\": \"AW-SEC-0001\", \"reason\": \"typo\"}]") END,
           NULL, 0);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_WARNING, "unknown-rule");
    ck_assert_str_eq(d->message, "suppression of unknown rule 'AW-SEC-0001' in route 'r'; did you mean 'AW-SEC-001'?");
    S_assert_loc(&d->loc, 7, 24, NULL);
    aw_test_assert_element(d, "r");
}
END_TEST

/* A route with an authorizer: AW-SEC-001 finds nothing on it. */
#define GUARDED(extra) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", " \
                       "\"defaultAuthorizer\": \"iam\"},\n" IAM FN ROUTE(extra) END
#define SUPPRESS_SEC001(reason) "{\"rule\": \"AW-SEC-001\", \"reason\": \"" reason "\"}"

START_TEST(test_unused_suppression_warns)
{
    S_lint(GUARDED(",\n \"suppress\": [" SUPPRESS_SEC001("was public once") "]"), NULL, 0);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_WARNING, "unused-suppression");
    ck_assert_str_eq(d->message, "suppression of rule 'AW-SEC-001' in route 'r' suppresses nothing: the rule finds "
                                 "nothing on this element");
    S_assert_loc(&d->loc, 7, 24, "/nodes/4/suppress/0/rule");
    aw_test_assert_element(d, "r");
}
END_TEST

START_TEST(test_unused_suppression_of_rule_off)
{
    /* A rule that did not run proves nothing: its suppressions stand. */
    aw_lint_override o;
    ck_assert_ptr_null(aw_lint_override_parse("AW-SEC-001=off", &o));
    S_lint(GUARDED(", \"suppress\": [" SUPPRESS_SEC001("x") "]"), &o, 1);
    ck_assert_uint_eq(comp.diags.count, 0);
}
END_TEST

START_TEST(test_unused_suppression_levels)
{
    S_compile_clean(GUARDED(", \"suppress\": [" SUPPRESS_SEC001("x") "]"));
    aw_lint_config cfg = {.unused_suppressions = AW_LEVEL_OFF};
    aw_lint_run(&comp, &cfg);
    ck_assert_uint_eq(comp.diags.count, 0);
    S_teardown();
    S_compile_clean(GUARDED(", \"suppress\": [" SUPPRESS_SEC001("x") "]"));
    cfg.unused_suppressions = AW_LEVEL_ERROR;
    aw_lint_run(&comp, &cfg);
    aw_test_compile_diag(&comp, AW_SEV_ERROR, "unused-suppression");
}
END_TEST

START_TEST(test_unused_suppression_elsewhere_and_repeated)
{
    /* The finding is on the route; the API's suppression takes nothing,
     * and the route's second one repeats its first. */
    S_lint(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\",\n"
                " \"suppress\": [" SUPPRESS_SEC001("whole API") "]},\n" FN
                ROUTE(",\n \"suppress\": [" SUPPRESS_SEC001("status page") ",\n"
                      "  " SUPPRESS_SEC001("again") "]") END,
           NULL, 0);
    ck_assert_uint_eq(comp.diags.suppressed, 1);
    ck_assert_uint_eq(S_count("unused-suppression", false), 2);
    ck_assert_uint_eq(comp.diags.count, 3);
    const aw_diag *api = &comp.diags.items[0];
    ck_assert_str_eq(api->code, "unused-suppression");
    aw_test_assert_element(api, "api");
    S_assert_loc(&api->loc, 3, 24, "/nodes/0/suppress/0/rule");
    const aw_diag *again = &comp.diags.items[2];
    ck_assert_str_eq(again->code, "unused-suppression");
    ck_assert_str_eq(again->message, "suppression of rule 'AW-SEC-001' in route 'r' repeats an earlier one and "
                                     "suppresses nothing");
    S_assert_loc(&again->loc, 8, 12, "/nodes/3/suppress/1/rule");
    S_assert_loc(&again->related, 7, 24, "/nodes/3/suppress/0/rule");
    ck_assert_str_eq(again->related_message, "the first suppression of 'AW-SEC-001' is here");
}
END_TEST

START_TEST(test_no_lint_after_errors)
{
    aw_compile_status status = S_compile(HEAD "{\"kind\": \"api\", \"id\": \"api\"}" END);
    ck_assert_int_eq(status, AW_COMPILE_ERRORS);
    size_t before = comp.diags.count;
    ck_assert_uint_eq(aw_lint_run(&comp, NULL), 0);
    ck_assert_uint_eq(comp.diags.count, before);
}
END_TEST

START_TEST(test_catalogue_in_id_order)
{
    ck_assert_uint_ge(aw_rule_count, 13);
    for (size_t i = 0; i < aw_rule_count; i++) {
        ck_assert_ptr_nonnull(aw_rules[i].check);
        ck_assert(strlen(aw_rules[i].explanation) > 100);
        if (i)
            ck_assert_int_lt(strcmp(aw_rules[i - 1].id, aw_rules[i].id), 0);
    }
    char link[64];
    aw_rule_doc_link(aw_rule_find("AW-SEC-013"), link, sizeof link);
    ck_assert_str_eq(link, "docs/rules.md#aw-sec-013");
}
END_TEST

/* ---- security rules --------------------------------------------------------- */

START_TEST(test_sec001)
{
    S_expect(S_open_route, "AW-SEC-001", 1);
    S_teardown();
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" FN
                  ROUTE(", \"authorizer\": \"none\", \"noneReason\": \"public catalogue\"") END,
             "AW-SEC-001", 0);
    S_teardown();
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n" JWT FN
                  ROUTE("") END,
             "AW-SEC-001", 0);
}
END_TEST

START_TEST(test_sec002)
{
    static const char ws[] = HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"websocket\"},\n" FN
                                  "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"api\", \"routeKey\": \"$connect\", "
                                  "\"integration\": \"integ\"%s}\n" END;
    char text[1024];
    snprintf(text, sizeof text, ws, "");
    S_expect(text, "AW-SEC-002", 1);
    S_teardown();
    /* with a Lambda authorizer on $connect */
    snprintf(text, sizeof text,
             HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"websocket\"},\n" FN
                  "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", "
                  "\"identitySources\": [\"route.request.header.Auth\"]},\n"
                  "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"api\", \"routeKey\": \"$connect\", "
                  "\"integration\": \"integ\", \"authorizer\": \"la\"}\n" END);
    S_expect(text, "AW-SEC-002", 0);
}
END_TEST

START_TEST(test_sec003)
{
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n" FN ROUTE(", \"apiKeyRequired\": true") END,
             "AW-SEC-003", 1);
    S_teardown();
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n" IAM FN
                  ROUTE(", \"apiKeyRequired\": true, \"authorizer\": \"iam\"") END,
             "AW-SEC-003", 0);
}
END_TEST

#define JWT_API HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n"

START_TEST(test_sec004)
{
    S_expect(JWT_API "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://i.example.com\"},\n" FN
                     ROUTE("") END,
             "AW-SEC-004", 1);
    S_teardown();
    S_expect(JWT_API JWT FN ROUTE("") END, "AW-SEC-004", 0);
}
END_TEST

START_TEST(test_sec005)
{
    S_expect(JWT_API "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"http://i.example.com\", "
                     "\"audiences\": [\"a\"]},\n" FN ROUTE("") END,
             "AW-SEC-005", 1);
    S_teardown();
    S_expect(JWT_API JWT FN ROUTE("") END, "AW-SEC-005", 0);
}
END_TEST

#define POLICY_API(statements) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"iam\", " \
                               "\"resourcePolicy\": {\"statements\": [" statements "]}},\n" IAM FN ROUTE("") END

START_TEST(test_sec006)
{
    S_expect(POLICY_API("{\"effect\": \"allow\", \"principals\": [\"*\"]}"), "AW-SEC-006", 1);
    S_teardown();
    S_expect(POLICY_API("{\"effect\": \"allow\", \"principals\": [\"*\"], \"sourceVpces\": [\"vpce-1\"]}"), "AW-SEC-006", 0);
    S_teardown();
    /* the allow-list idiom: allow everyone, deny whoever is not listed */
    S_expect(POLICY_API("{\"effect\": \"allow\", \"principals\": [\"*\"]}, {\"effect\": \"deny\", \"principals\": [\"*\"], "
                        "\"notSourceIps\": [\"192.0.2.0/24\"]}"),
             "AW-SEC-006", 0);
}
END_TEST

START_TEST(test_sec007)
{
    S_expect(POLICY_API("{\"effect\": \"allow\", \"principals\": [\"*\"], \"sourceIps\": [\"0.0.0.0/0\"]}"), "AW-SEC-007", 1);
    S_teardown();
    S_expect(POLICY_API("{\"effect\": \"allow\", \"principals\": [\"*\"], \"sourceIps\": [\"192.0.2.0/24\"]}"), "AW-SEC-007", 0);
}
END_TEST

START_TEST(test_sec008)
{
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"private\"},\n" FN ROUTE("") END,
             "AW-SEC-008", 1);
    ck_assert_int_eq(comp.status, AW_COMPILE_ERRORS);
    S_teardown();
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"private\", "
                  "\"resourcePolicy\": {\"statements\": [{\"effect\": \"allow\", \"principals\": [\"*\"], "
                  "\"sourceVpces\": [\"vpce-1\"]}]}},\n" FN ROUTE("") END,
             "AW-SEC-008", 0);
}
END_TEST

#define HTTP_INTEG(url) JWT_API JWT "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"http\", \"url\": \"" url "\"},\n" \
                        ROUTE("") END

START_TEST(test_sec009)
{
    S_expect(HTTP_INTEG("http://legacy.example.com"), "AW-SEC-009", 1);
    S_teardown();
    S_expect(HTTP_INTEG("https://legacy.example.com"), "AW-SEC-009", 0);
}
END_TEST

#define DOMAIN_API(type, extra, domain) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"" type \
    "\", \"defaultAuthorizer\": \"iam\", \"disableDefaultEndpoint\": true" extra ", \"customDomain\": {\"domainName\": " \
    "\"a.example.com\"" domain "}},\n" IAM FN ROUTE("") END

START_TEST(test_sec010)
{
    S_expect(DOMAIN_API("regional", "", ", \"minTls\": \"1.0\""), "AW-SEC-010", 1);
    S_teardown();
    S_expect(DOMAIN_API("edge", "", ""), "AW-SEC-010", 1);
    S_teardown();
    S_expect(DOMAIN_API("regional", "", ""), "AW-SEC-010", 1);     /* unset: whatever the endpoint type */
    S_teardown();
    S_expect(DOMAIN_API("regional", "", ", \"minTls\": \"1.2\""), "AW-SEC-010", 0);
    S_teardown();
    S_expect(DOMAIN_API("edge", "", ", \"minTls\": \"1.2\""), "AW-SEC-010", 0);
}
END_TEST

START_TEST(test_sec011)
{
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"iam\", "
                  "\"customDomain\": {\"domainName\": \"a.example.com\", \"minTls\": \"1.2\"}},\n" IAM FN ROUTE("") END,
             "AW-SEC-011", 1);
    S_teardown();
    S_expect(DOMAIN_API("regional", "", ", \"minTls\": \"1.2\""), "AW-SEC-011", 0);
}
END_TEST

#define CORS_API(cors) HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\", " \
                       "\"cors\": " cors "},\n" JWT FN ROUTE("") END

START_TEST(test_sec012)
{
    S_expect(CORS_API("{\"allowOrigins\": [\"*\"], \"allowCredentials\": true}"), "AW-SEC-012", 1);
    S_teardown();
    S_expect(CORS_API("{\"allowOrigins\": [\"https://app.example.com\"], \"allowCredentials\": true}"), "AW-SEC-012", 0);
    S_teardown();
    S_expect(CORS_API("{\"allowOrigins\": [\"*\"]}"), "AW-SEC-012", 0);
}
END_TEST

/* A function's edge to a data store of an engine, with the edge's extra fields. */
#define STORE_EDGE(engine, extra)                                                                              \
    HEAD "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"                              \
    "{\"kind\": \"datastore\", \"id\": \"store\", \"engine\": \"" engine "\"}\n"                                  \
    "], \"edges\": [{\"from\": \"fn\", \"to\": \"store\"" extra "}]}\n"

START_TEST(test_iam001)
{
    /* No access at all, and a level the engine has no action for. */
    S_expect(STORE_EDGE("dynamodb", ""), "AW-IAM-001", 1);
    S_teardown();
    S_expect(STORE_EDGE("sns", ", \"access\": \"read\""), "AW-IAM-001", 1);
    S_teardown();
    S_expect(STORE_EDGE("aurora", ", \"access\": \"write\""), "AW-IAM-001", 1);
    S_teardown();
    /* Clean: a level with actions, typed actions, a database without a level. */
    S_expect(STORE_EDGE("dynamodb", ", \"access\": \"read\""), "AW-IAM-001", 0);
    S_teardown();
    S_expect(STORE_EDGE("sns", ", \"access\": \"write\""), "AW-IAM-001", 0);
    S_teardown();
    S_expect(STORE_EDGE("s3", ", \"actions\": [\"s3:GetObject\"]"), "AW-IAM-001", 0);
    S_teardown();
    S_expect(STORE_EDGE("rds", ""), "AW-IAM-001", 0);
}
END_TEST

#define STAGE_VAR(value) JWT_API JWT FN ROUTE("") "," "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"api\", " \
                         "\"variables\": {\"v\": \"" value "\"}, \"throttle\": {\"rate\": 100, \"burst\": 200}}\n" END

START_TEST(test_sec013)
{
    static const char *const secrets[] = {
        STAGE_VAR("AKIAIOSFODNN7EXAMPLE"),
        STAGE_VAR("ASIAY34FZKBOKMUTVV7A"),
        STAGE_VAR("Bearer abcdef0123456789"),
        STAGE_VAR("-----BEGIN RSA PRIVATE KEY-----MIIE-----END RSA PRIVATE KEY-----"),
        STAGE_VAR("host=db;password=hunter22"),
        STAGE_VAR("https://x.example.com/cb?token=abc123"),
        STAGE_VAR("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        STAGE_VAR("arn:aws:s3:::bucket password=hunter22"),
        STAGE_VAR("arn:x:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        STAGE_VAR("${stageVariables.a} Bearer abcdef0123456789"),
        /* a value longer than the detector's stack buffer */
        STAGE_VAR("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/partner/ApiCredentialsForTheOrdersService-Ab3dEf,"
                  "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/partner/ApiKeyForTheOrdersServiceAndItsReports,"
                  "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab,"
                  "password=hunter22"),
    };
    for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++) {
        S_expect(secrets[i], "AW-SEC-013", 1);
        ck_assert_ptr_null(strstr(S_first("AW-SEC-013")->message, "EXAMPLE"));
        S_teardown();
    }
    static const char *const clean[] = {
        STAGE_VAR("orders-table"),
        STAGE_VAR("Bearer ${stageVariables.token}"),
        STAGE_VAR("token=${stageVariables.t}"),
        STAGE_VAR("arn:aws:acm:us-east-1:123456789012:certificate/0b7e1c55-2f9a-4d3e-b8a1-93c6d2e4f701"),
        STAGE_VAR("/aws/apigateway/orders-service/production-access-logs"),
        STAGE_VAR("AKIAIOSFODNN7EXAMPLEX"),
        /* where a secret is kept, as the rule advises, is no secret */
        STAGE_VAR("arn:aws:secretsmanager:eu-west-1:123456789012:secret:ProdPartnerApiCredentialsForOrders2024-Ab3dEf"),
        STAGE_VAR("arn:aws:ssm:us-east-1:123456789012:parameter/prod/partner/ApiKeyForOrderService2024v3XYZ"),
        STAGE_VAR("secret=arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-Ab12Cd"),
        STAGE_VAR("{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:Rds-a1B2c3:"
                  "SecretString:password}}"),
        STAGE_VAR("token={{resolve:ssm-secure:/prod/token:1}}"),
        STAGE_VAR("arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"),
        /* names made of words, however long */
        STAGE_VAR("OrdersQueryHandlerProductionV2Beta7"),
        STAGE_VAR("${stageVariables.unclosed"),
    };
    for (size_t i = 0; i < sizeof clean / sizeof *clean; i++) {
        S_expect(clean[i], "AW-SEC-013", 0);
        S_teardown();
    }
}
END_TEST

START_TEST(test_sec013_places_and_masks)
{
    S_lint(JWT_API JWT FN ROUTE("") ","
           "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"dev\", \"api\": \"api\",\n"
           " \"variables\": {\"k\": \"AKIAIOSFODNN7EXAMPLE\"}, \"throttle\": {\"rate\": 100, \"burst\": 200}}\n" END,
           NULL, 0);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "AW-SEC-013");
    ck_assert_str_eq(d->message, "variable 'k' of stage 's' holds what looks like an AWS access key id (AKIA****)");
    S_assert_loc(&d->loc, 8, 21, "/nodes/5/variables/k");
    aw_test_assert_element(d, "s");
    ck_assert(aw_secret_entropy("abcd", 4) == 2.0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = aw_test_tcase(s, "engine", NULL, S_teardown);
    tcase_add_test(tc, test_finding_names_element_and_places);
    tcase_add_test(tc, test_override_off_and_error);
    tcase_add_test(tc, test_override_parse_errors);
    tcase_add_test(tc, test_suppression_keeps_finding_aside);
    tcase_add_test(tc, test_unknown_rule_warns);
    tcase_add_test(tc, test_unused_suppression_warns);
    tcase_add_test(tc, test_unused_suppression_of_rule_off);
    tcase_add_test(tc, test_unused_suppression_levels);
    tcase_add_test(tc, test_unused_suppression_elsewhere_and_repeated);
    tcase_add_test(tc, test_no_lint_after_errors);
    tcase_add_test(tc, test_catalogue_in_id_order);
    tc = aw_test_tcase(s, "security", NULL, S_teardown);
    tcase_add_test(tc, test_sec001);
    tcase_add_test(tc, test_sec002);
    tcase_add_test(tc, test_sec003);
    tcase_add_test(tc, test_sec004);
    tcase_add_test(tc, test_sec005);
    tcase_add_test(tc, test_sec006);
    tcase_add_test(tc, test_sec007);
    tcase_add_test(tc, test_sec008);
    tcase_add_test(tc, test_sec009);
    tcase_add_test(tc, test_sec010);
    tcase_add_test(tc, test_sec011);
    tcase_add_test(tc, test_sec012);
    tcase_add_test(tc, test_iam001);
    tcase_add_test(tc, test_sec013);
    tcase_add_test(tc, test_sec013_places_and_masks);
    return s;
}

AW_TEST_MAIN(S_suite)
