/* Unit tests of the compatibility rules (AW-COMPAT-*): for each, diagrams
 * that trip it, with where the finding points, and ones that do not. Only
 * AW-COMPAT findings are counted, so other families' rules may fire freely. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define API(type, extra) "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"" type "\"" extra "},\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
#define LAMBDA(extra) "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"" extra "},\n"
#define MOCK "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
#define ROUTE(extra) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                     "\"integration\": \"i\"" extra "}"
#define WS_ROUTE(id, key, extra) "{\"kind\": \"route\", \"id\": \"" id "\", \"api\": \"api\", \"routeKey\": \"" key "\", " \
                                 "\"integration\": \"i\"" extra "}"
#define STAGE(extra) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"" extra "}"
#define END "\n]}\n"

/* The rule fires `expected` times and no other rule of its family does. */
static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* The finding of code on element, which must be there. */
static const aw_diag *S_finding(const char *code, const char *element)
{
    for (size_t i = 0; i < comp.diags.count; i++) {
        const aw_diag *d = &comp.diags.items[i];
        if (strcmp(d->code, code) == 0 && d->element && strcmp(d->element, element) == 0)
            return d;
    }
    ck_abort_msg("no %s on %s", code, element);
    return NULL;
}

static void S_assert_related(const aw_diag *d, unsigned line, unsigned col, const char *message)
{
    ck_assert_uint_eq(d->related.line, line);
    ck_assert_uint_eq(d->related.col, col);
    ck_assert_str_eq(d->related_message, message);
}

/* ---- authorizer types, across the three rules ------------------------------ */

/* The API's default authorizer, which no route relies on: it still belongs
 * to the API and must fit it. */
static const struct {
    const char *api_type, *authorizer, *code, *field, *message, *related;
} S_authorizer_cases[] = {
    {"http", "\"type\": \"cognito\", \"userPool\": \"arn:p\"", "AW-COMPAT-001", "type",
     "authorizer 'a' is a Cognito user pool authorizer, which HTTP APIs do not support",
     "'api' is an HTTP API that uses it"},
    {"http", "\"type\": \"lambda\", \"function\": \"fn\", \"lambdaType\": \"token\"", "AW-COMPAT-001", "lambdaType",
     "authorizer 'a' is a Lambda token authorizer, which HTTP APIs do not support",
     "'api' is an HTTP API that uses it"},
    /* A REST API's JWT authorizer must list its signing algorithms. */
    {"rest", "\"type\": \"jwt\", \"issuer\": \"https://id.example.com\"", "AW-COMPAT-002", "type",
     "authorizer 'a' is a JWT authorizer that lists no signing algorithms (\"algorithms\"), which REST APIs do "
     "not support", "'api' is a REST API that uses it"},
    /* ... and reads its token from a request header. */
    {"rest", "\"type\": \"jwt\", \"issuer\": \"https://id.example.com\", \"audiences\": [\"x\"], "
     "\"algorithms\": [\"RS256\"], \"identitySources\": [\"method.request.querystring.token\"]", "AW-COMPAT-002",
     "identitySources", "authorizer 'a' is a JWT authorizer whose identity source is not a request header "
     "(method.request.header.NAME), which REST APIs do not support", "'api' is a REST API that uses it"},
    /* An HTTP API's JWT authorizer has one issuer and takes no algorithms or claims. */
    {"http", "\"type\": \"jwt\", \"issuer\": \"https://id.example.com\", \"audiences\": [\"x\"], "
     "\"algorithms\": [\"RS256\"]", "AW-COMPAT-001", "algorithms",
     "authorizer 'a' restricts the signing algorithms it accepts, which HTTP APIs do not support",
     "'api' is an HTTP API that uses it"},
    {"http", "\"type\": \"jwt\", \"issuers\": [{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"]}, "
     "{\"issuer\": \"https://b.example.com\", \"audiences\": [\"y\"]}]", "AW-COMPAT-001", "issuers",
     "authorizer 'a' trusts several issuers, which HTTP APIs do not support", "'api' is an HTTP API that uses it"},
    {"http", "\"type\": \"jwt\", \"issuers\": [{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], "
     "\"claims\": [{\"name\": \"tenant\", \"values\": [\"t1\"]}]}]", "AW-COMPAT-001", "issuers",
     "authorizer 'a' checks further claims, which HTTP APIs do not support", "'api' is an HTTP API that uses it"},
    {"websocket", "\"type\": \"cognito\", \"userPool\": \"arn:p\"", "AW-COMPAT-003", "type",
     "authorizer 'a' is a Cognito user pool authorizer, which WebSocket APIs do not support",
     "'api' is a WebSocket API that uses it"},
};

START_TEST(test_authorizer_types)
{
    char text[1024];
    snprintf(text, sizeof text,
             HEAD "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"%s\", \"defaultAuthorizer\": \"a\"},\n" FN
                  "{\"kind\": \"authorizer\", \"id\": \"a\", %s}" END,
             S_authorizer_cases[_i].api_type, S_authorizer_cases[_i].authorizer);
    const aw_diag *d = S_expect(text, S_authorizer_cases[_i].code, 1);
    ck_assert_str_eq(d->message, S_authorizer_cases[_i].message);
    aw_test_assert_element(d, "a");
    char path[64];
    snprintf(path, sizeof path, "/nodes/2/%s", S_authorizer_cases[_i].field);
    ck_assert_str_eq(d->loc.path, path);
    ck_assert_uint_eq(d->related.line, 2);
    ck_assert_str_eq(d->related_message, S_authorizer_cases[_i].related);
}
END_TEST

START_TEST(test_authorizer_types_that_fit)
{
    S_expect(HEAD API("rest", ", \"defaultAuthorizer\": \"a\"")
             "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"cognito\", \"userPool\": \"arn:p\"}" END,
             "AW-COMPAT-002", 0);
    S_teardown();
    S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"a\"")
             "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com\"}" END,
             "AW-COMPAT-001", 0);
    S_teardown();
    S_expect(HEAD API("rest", ", \"defaultAuthorizer\": \"a\"") FN
             "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"lambda\", \"function\": \"fn\", \"lambdaType\": \"token\"}" END,
             "AW-COMPAT-002", 0);
    S_teardown();
    /* What REST JWT authorizers offer: several issuers, claims, algorithms. */
    S_expect(HEAD API("rest", ", \"defaultAuthorizer\": \"a\"")
             "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"jwt\", \"algorithms\": [\"RS256\", \"ES256\"], "
             "\"identitySources\": [\"method.request.header.X-Token\"], "
             "\"issuers\": [{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], "
             "\"claims\": [{\"name\": \"tenant\", \"values\": [\"t1\"], \"required\": true}]}, "
             "{\"issuer\": \"https://b.example.com\", \"audiences\": [\"y\"]}]}" END,
             "AW-COMPAT-002", 0);
    S_teardown();
    /* One issuer in the list form is what an HTTP API's authorizer holds. */
    S_expect(HEAD API("http", ", \"defaultAuthorizer\": \"a\"")
             "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"jwt\", "
             "\"issuers\": [{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"]}]}" END,
             "AW-COMPAT-001", 0);
}
END_TEST

/* ---- AW-COMPAT-001: HTTP APIs ------------------------------------------------ */

START_TEST(test_compat001_mock)
{
    const aw_diag *d = S_expect(HEAD API("http", "") MOCK ROUTE("") END, "AW-COMPAT-001", 1);
    ck_assert_str_eq(d->message, "integration 'i' is a mock integration, which HTTP APIs do not support");
    aw_test_assert_element(d, "i");
    S_assert_loc(&d->loc, 3, 44, "/nodes/1/type");
    S_assert_related(d, 2, 38, "'api' is an HTTP API that uses it");
    S_teardown();
    S_expect(HEAD API("rest", "") MOCK ROUTE("") END, "AW-COMPAT-001", 0);
}
END_TEST

START_TEST(test_compat001_shared_integration)
{
    /* The mock belongs to the REST API, but an HTTP API uses it too. */
    const aw_diag *d = S_expect(HEAD
                                "{\"kind\": \"api\", \"id\": \"rest\", \"type\": \"rest\"},\n"
                                "{\"kind\": \"api\", \"id\": \"http\", \"type\": \"http\"},\n" MOCK
                                "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"rest\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
                                "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"http\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"}"
                                END,
                                "AW-COMPAT-001", 1);
    S_assert_related(d, 3, 39, "'http' is an HTTP API that uses it");
}
END_TEST


START_TEST(test_compat001_every_setting)
{
    S_expect(HEAD API("http", ", \"endpoint\": \"edge\", \"wafWebAcl\": \"arn:w\", \"binaryMediaTypes\": [\"image/png\"], "
                              "\"requestValidation\": \"all\", \"apiKeySource\": \"header\", "
                              "\"models\": [{\"name\": \"M\", \"schema\": \"{}\"}], "
                              "\"routeSelectionExpression\": \"$request.body.action\", "
                              "\"resourcePolicy\": {\"statements\": [{\"effect\": \"allow\", \"principals\": [\"*\"]}]}")
             FN "{\"kind\": \"authorizer\", \"id\": \"tok\", \"type\": \"lambda\", \"function\": \"fn\", \"lambdaType\": \"token\"},\n"
             "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"aws\", \"service\": \"sqs\", \"action\": \"SendMessage\", "
             "\"role\": \"arn:r\", \"requestTemplate\": \"{}\"},\n"
             ROUTE(", \"authorizer\": \"tok\", \"apiKeyRequired\": true, \"requestValidation\": \"body\", \"requestModel\": \"M\"")
             ",\n" STAGE(", \"tracing\": true, \"cache\": {\"sizeGb\": 0.5}, \"canary\": {\"percent\": 10}") END,
             "AW-COMPAT-001", 16);
    S_teardown();
    /* the same settings where they belong, or switched off */
    S_expect(HEAD API("http", ", \"endpoint\": \"regional\", \"cors\": {}") FN LAMBDA(", \"payloadFormat\": \"2.0\"")
             "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", \"payloadFormat\": \"2.0\"},\n"
             ROUTE(", \"authorizer\": \"la\", \"apiKeyRequired\": false") ",\n"
             STAGE(", \"tracing\": false, \"autoDeploy\": true") END,
             "AW-COMPAT-001", 0);
}
END_TEST

START_TEST(test_compat001_usage_plan)
{
    const aw_diag *d = S_expect(HEAD API("http", "") STAGE("") ",\n"
                                "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"]}" END,
                                "AW-COMPAT-001", 1);
    ck_assert_str_eq(d->message, "usage plan 'p' covers stage 's', but HTTP APIs have no usage plans");
    aw_test_assert_element(d, "p");
    S_assert_loc(&d->loc, 4, 45, "/nodes/2/stages/0");
    S_assert_related(d, 2, 38, "stage 's' belongs to HTTP API 'api'");
    S_teardown();
    S_expect(HEAD API("websocket", "") STAGE("") ",\n" "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"]}" END,
             "AW-COMPAT-001", 0);
}
END_TEST

/* ---- AW-COMPAT-002: REST APIs ------------------------------------------------ */


START_TEST(test_compat002_payload_format)
{
    const aw_diag *d = S_expect(HEAD API("rest", "") FN LAMBDA(", \"payloadFormat\": \"2.0\"") ROUTE("") END,
                                "AW-COMPAT-002", 1);
    ck_assert_str_eq(d->message, "integration 'i' asks for Lambda payload format 2.0, which REST APIs do not support");
    S_assert_loc(&d->loc, 4, 89, "/nodes/2/payloadFormat");
    S_teardown();
    d = S_expect(HEAD API("rest", ", \"defaultAuthorizer\": \"la\"") FN LAMBDA("")
                 "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", \"payloadFormat\": \"2.0\"},\n"
                 ROUTE("") END,
                 "AW-COMPAT-002", 1);
    aw_test_assert_element(d, "la");
    S_teardown();
    /* 1.0 written, or the default the resolver fills in */
    S_expect(HEAD API("rest", "") FN LAMBDA(", \"payloadFormat\": \"1.0\"") ROUTE("") END, "AW-COMPAT-002", 0);
    S_teardown();
    S_expect(HEAD API("rest", "") FN LAMBDA("") ROUTE("") END, "AW-COMPAT-002", 0);
    S_teardown();
    /* An HTTP API's route uses the integration first, so its default is 2.0;
     * the diagram did not ask for it, and a REST API sends 1.0 anyway. */
    S_expect(HEAD "{\"kind\": \"api\", \"id\": \"http\", \"type\": \"http\"},\n" API("rest", "") FN LAMBDA("")
             "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"http\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
             ROUTE("") END,
             "AW-COMPAT-002", 0);
}
END_TEST

START_TEST(test_compat002_newer_settings)
{
    const aw_diag *d = S_expect(HEAD API("rest", ", \"apiKeySelectionExpression\": \"$request.header.x-api-key\"") MOCK
                                "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"routeKey\": \"$default\", \"integration\": \"i\"},\n"
                                STAGE(", \"autoDeploy\": true") END,
                                "AW-COMPAT-002", 3);
    ck_assert_str_eq(d->message, "API 'api' has an API key selection expression, which REST APIs do not support");
    ck_assert_uint_eq(d->related.line, 0);
    S_teardown();
    S_expect(HEAD API("rest", "") MOCK ROUTE("") ",\n" STAGE(", \"autoDeploy\": false") END, "AW-COMPAT-002", 0);
}
END_TEST

/* ---- AW-COMPAT-003: WebSocket APIs ------------------------------------------- */

START_TEST(test_compat003_cors)
{
    const aw_diag *d = S_expect(HEAD API("websocket", ", \"cors\": {}") STAGE("") END, "AW-COMPAT-003", 1);
    ck_assert_str_eq(d->message, "API 'api' has CORS settings, which WebSocket APIs do not support");
    S_assert_loc(&d->loc, 2, 59, "/nodes/0/cors");
    ck_assert_uint_eq(d->related.line, 0);
    ck_assert_ptr_null(d->related_message);
}
END_TEST

START_TEST(test_compat003_authorizers)
{
    /* An authorizer on a route other than $connect, and one of a type
     * WebSocket APIs do not have. */
    S_expect(HEAD API("websocket", "") FN LAMBDA("")
                                "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
                                "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com\"},\n"
                                WS_ROUTE("send", "sendMessage", ", \"authorizer\": \"iam\"") ",\n"
                                WS_ROUTE("conn", "$connect", ", \"authorizer\": \"jwt\"") END,
                                "AW-COMPAT-003", 2);
    const aw_diag *d = S_finding("AW-COMPAT-003", "jwt");
    ck_assert_str_eq(d->message, "authorizer 'jwt' is a JWT authorizer, which WebSocket APIs do not support");
    const aw_diag *e = S_finding("AW-COMPAT-003", "send");
    ck_assert_str_eq(e->message,
                     "route 'send' has an authorizer but is not the $connect route, which WebSocket APIs do not support");
    S_assert_loc(&e->loc, 7, 108, "/nodes/5/authorizer");
    S_assert_related(e, 2, 38, "'api' is a WebSocket API");
    S_teardown();
    S_expect(HEAD API("websocket", "") FN LAMBDA("")
             "{\"kind\": \"authorizer\", \"id\": \"la\", \"type\": \"lambda\", \"function\": \"fn\", \"lambdaType\": \"request\"},\n"
             WS_ROUTE("conn", "$connect", ", \"authorizer\": \"la\"") ",\n"
             WS_ROUTE("send", "sendMessage", ", \"authorizer\": \"none\"") END,
             "AW-COMPAT-003", 0);
}
END_TEST

START_TEST(test_compat003_rest_only_settings)
{
    S_expect(HEAD API("websocket", ", \"endpoint\": \"private\", \"apiKeySource\": \"header\"") FN
             LAMBDA(", \"payloadFormat\": \"2.0\"") WS_ROUTE("conn", "$connect", "") ",\n"
             STAGE(", \"tracing\": true, \"cache\": {\"sizeGb\": 0.5}") END,
             "AW-COMPAT-003", 5);
    S_teardown();
    /* what WebSocket APIs do have */
    S_expect(HEAD API("websocket", ", \"endpoint\": \"regional\", \"requestValidation\": \"body\", "
                                   "\"routeSelectionExpression\": \"$request.body.type\", "
                                   "\"apiKeySelectionExpression\": \"$request.header.x-api-key\"")
             MOCK WS_ROUTE("conn", "$connect", ", \"apiKeyRequired\": true") ",\n"
             WS_ROUTE("dflt", "$default", "") ",\n" STAGE(", \"autoDeploy\": true") END,
             "AW-COMPAT-003", 0);
}
END_TEST

/* ---- AW-COMPAT-004: WebSocket routes by method and path ------------------------ */

START_TEST(test_compat004)
{
    const aw_diag *d = S_expect(HEAD API("websocket", "") MOCK ROUTE("") END, "AW-COMPAT-004", 1);
    ck_assert_str_eq(d->message,
                     "route 'r' is GET /p, but WebSocket APIs route messages by route key, never by method and path");
    aw_test_assert_element(d, "r");
    S_assert_loc(&d->loc, 4, 54, "/nodes/2/method");
    S_assert_related(d, 2, 38, "'api' is a WebSocket API");
    S_teardown();
    S_expect(HEAD API("websocket", "") MOCK WS_ROUTE("r", "sendMessage", "") END, "AW-COMPAT-004", 0);
    S_teardown();
    S_expect(HEAD API("http", "") FN LAMBDA("") ROUTE("") END, "AW-COMPAT-004", 0);
}
END_TEST

/* ---- AW-COMPAT-005: connection state without $connect and $disconnect ---------- */

#define TABLE(engine) "{\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"" engine "\"}"
#define EDGES(...) "\n], \"edges\": [\n" __VA_ARGS__ "\n]}\n"

START_TEST(test_compat005)
{
    const aw_diag *d = S_expect(HEAD API("websocket", "") FN LAMBDA("") WS_ROUTE("conn", "$connect", "") ",\n"
                                WS_ROUTE("send", "sendMessage", "") ",\n" TABLE("dynamodb")
                                EDGES("{\"from\": \"fn\", \"to\": \"db\"}"),
                                "AW-COMPAT-005", 1);
    ck_assert_str_eq(d->message, "WebSocket API 'api' stores data from its routes, so it likely keeps state per "
                                 "connection, but has no $disconnect route to remove it when a connection closes");
    aw_test_assert_element(d, "api");
    S_assert_loc(&d->loc, 2, 38, "/nodes/0/type");
    S_assert_related(d, 7, 1, "route 'conn' reaches data store 'db'");
    ck_assert_int_eq(d->severity, AW_SEV_WARNING);
    S_teardown();
    /* through the functions the route's function calls, edges in any order */
    d = S_expect(HEAD API("websocket", "") FN LAMBDA("") "{\"kind\": \"function\", \"id\": \"mid\", \"runtime\": \"nodejs22.x\"},\n"
                 "{\"kind\": \"function\", \"id\": \"store-fn\", \"runtime\": \"nodejs22.x\"},\n"
                 WS_ROUTE("dflt", "$default", "") ",\n" TABLE("aurora")
                 EDGES("{\"from\": \"store-fn\", \"to\": \"db\"},\n{\"from\": \"mid\", \"to\": \"store-fn\"},\n"
                       "{\"from\": \"fn\", \"to\": \"store-fn\"},\n{\"from\": \"fn\", \"to\": \"mid\"}"),
                 "AW-COMPAT-005", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "no $connect or $disconnect route to record and remove it"));
    S_teardown();
    /* an AWS service integration that writes to the table */
    d = S_expect(HEAD API("websocket", "")
                 "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"aws\", \"service\": \"dynamodb\", \"action\": "
                 "\"PutItem\", \"role\": \"arn:r\", \"target\": \"db\"},\n"
                 WS_ROUTE("bye", "$disconnect", "") ",\n" TABLE("dynamodb") END,
                 "AW-COMPAT-005", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "no $connect route to record it when a connection opens"));
}
END_TEST

START_TEST(test_compat005_quiet)
{
    /* both routes there */
    S_expect(HEAD API("websocket", "") FN LAMBDA("") WS_ROUTE("conn", "$connect", "") ",\n"
             WS_ROUTE("bye", "$disconnect", "") ",\n" TABLE("dynamodb") EDGES("{\"from\": \"fn\", \"to\": \"db\"}"),
             "AW-COMPAT-005", 0);
    S_teardown();
    /* a queue holds no connection state */
    S_expect(HEAD API("websocket", "") FN LAMBDA("") WS_ROUTE("send", "sendMessage", "") ",\n" TABLE("sqs")
             EDGES("{\"from\": \"fn\", \"to\": \"db\"}"),
             "AW-COMPAT-005", 0);
    S_teardown();
    /* a queue that delivers to a function that writes is not a call the route makes */
    S_expect(HEAD API("websocket", "") FN LAMBDA("") WS_ROUTE("send", "sendMessage", "") ",\n" TABLE("sqs") ",\n"
             "{\"kind\": \"function\", \"id\": \"worker\", \"runtime\": \"nodejs22.x\"},\n"
             "{\"kind\": \"datastore\", \"id\": \"t2\", \"engine\": \"dynamodb\"}"
             EDGES("{\"from\": \"fn\", \"to\": \"db\"},\n{\"from\": \"db\", \"to\": \"worker\"},\n"
                   "{\"from\": \"worker\", \"to\": \"t2\"}"),
             "AW-COMPAT-005", 0);
    S_teardown();
    /* not a WebSocket API */
    S_expect(HEAD API("http", "") FN LAMBDA("") ROUTE("") ",\n" TABLE("dynamodb") EDGES("{\"from\": \"fn\", \"to\": \"db\"}"),
             "AW-COMPAT-005", 0);
}
END_TEST

START_TEST(test_compat005_suppressed)
{
    S_compile(HEAD API("websocket", ", \"suppress\": [{\"rule\": \"AW-COMPAT-005\", \"reason\": \"stores messages only\"}]")
              FN LAMBDA("") WS_ROUTE("send", "sendMessage", "") ",\n" TABLE("dynamodb")
              EDGES("{\"from\": \"fn\", \"to\": \"db\"}"));
    ck_assert_uint_eq(comp.diags.count, 0);
    aw_lint_run(&comp, NULL);
    size_t found = 0;
    for (size_t i = 0; i < comp.diags.count; i++)
        if (strcmp(comp.diags.items[i].code, "AW-COMPAT-005") == 0) {
            ck_assert(comp.diags.items[i].suppressed);
            found++;
        }
    ck_assert_uint_eq(found, 1);
}
END_TEST

/* ---- AW-COMPAT-008: FIFO sends without their ids ----------------------------- */

#define SEND_ON(type, service, action, extra, queue) HEAD API(type, ", \"defaultAuthorizer\": \"iam\"") \
    "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"aws\", \"service\": \"" service "\", " \
    "\"action\": \"" action "\", \"role\": \"arn:aws:iam::123456789012:role/send\", \"target\": \"q\"" extra "},\n" \
    ROUTE("") ",\n{\"kind\": \"datastore\", \"id\": \"q\", \"engine\": \"" service "\"" queue "}" END
#define SEND(service, action, extra, queue) SEND_ON("http", service, action, extra, queue)
#define PARAMS(group, dedup) ", \"requestParameters\": {\"MessageBody\": \"$request.body\"" group dedup "}"
#define GROUP ", \"MessageGroupId\": \"$request.header.customer\""
#define DEDUP ", \"MessageDeduplicationId\": \"$request.header.idempotency-key\""
#define FIFO ", \"fifo\": true"

START_TEST(test_compat008)
{
    const aw_diag *d = S_expect(SEND("sqs", "SendMessage", PARAMS(GROUP, ""), FIFO), "AW-COMPAT-008", 1);
    aw_test_assert_element(d, "i");
    ck_assert_str_eq(d->message, "integration 'i' calls SendMessage on FIFO queue 'q' but does not pass a "
                                 "deduplication id (MessageDeduplicationId), and it does not deduplicate by content, "
                                 "so every call is refused");
    ck_assert_str_eq(d->related_message, "'q' is declared FIFO here");
    S_teardown();
    d = S_expect(SEND("sqs", "SendMessage", PARAMS("", DEDUP), FIFO), "AW-COMPAT-008", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "does not pass a message group id (MessageGroupId), so"));
    S_teardown();
    /* SNS Publish is no first-class HTTP API integration: a REST one */
    d = S_expect(SEND_ON("rest", "sns", "Publish", "", FIFO), "AW-COMPAT-008", 1);
    ck_assert_ptr_nonnull(strstr(d->message, "calls Publish on FIFO topic 'q' but does not pass a message group id "
                                             "(MessageGroupId) or a deduplication id"));
    S_teardown();
    /* REST: the ids in the mapping template */
    S_expect(SEND_ON("rest", "sqs", "SendMessage",
                     ", \"requestTemplate\": \"Action=SendMessage&MessageGroupId=$input.params('c')\"", FIFO),
             "AW-COMPAT-008", 1);
}
END_TEST

START_TEST(test_compat008_clean)
{
    S_expect(SEND("sqs", "SendMessage", PARAMS(GROUP, DEDUP), FIFO), "AW-COMPAT-008", 0);
    S_teardown();
    /* the queue deduplicates by content */
    S_expect(SEND("sqs", "SendMessage", PARAMS(GROUP, ""), FIFO ", \"contentBasedDeduplication\": true"),
             "AW-COMPAT-008", 0);
    S_teardown();
    /* a standard queue needs neither */
    S_expect(SEND("sqs", "SendMessage", PARAMS("", ""), ""), "AW-COMPAT-008", 0);
    S_teardown();
    /* other calls to a FIFO queue */
    S_expect(SEND_ON("rest", "sqs", "GetQueueAttributes", "", FIFO), "AW-COMPAT-008", 0);
    S_teardown();
    S_expect(SEND_ON("rest", "sqs", "SendMessage",
                     ", \"requestTemplate\": \"Action=SendMessage&MessageGroupId=$input.params('c')"
                     "&MessageDeduplicationId=$context.requestId\"", FIFO),
             "AW-COMPAT-008", 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint_compat");
    TCase *tc = aw_test_tcase(s, "compatibility", NULL, S_teardown);
    tcase_add_loop_test(tc, test_authorizer_types, 0, (int)(sizeof S_authorizer_cases / sizeof *S_authorizer_cases));
    tcase_add_test(tc, test_authorizer_types_that_fit);
    tcase_add_test(tc, test_compat001_mock);
    tcase_add_test(tc, test_compat001_shared_integration);
    tcase_add_test(tc, test_compat001_every_setting);
    tcase_add_test(tc, test_compat001_usage_plan);
    tcase_add_test(tc, test_compat002_payload_format);
    tcase_add_test(tc, test_compat002_newer_settings);
    tcase_add_test(tc, test_compat003_cors);
    tcase_add_test(tc, test_compat003_authorizers);
    tcase_add_test(tc, test_compat003_rest_only_settings);
    tcase_add_test(tc, test_compat004);
    tcase_add_test(tc, test_compat005);
    tcase_add_test(tc, test_compat005_quiet);
    tcase_add_test(tc, test_compat005_suppressed);
    tcase_add_test(tc, test_compat008);
    tcase_add_test(tc, test_compat008_clean);
    return s;
}

AW_TEST_MAIN(S_suite)
