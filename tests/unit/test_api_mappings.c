/* What a method maps and answers beside its integration: parameter
 * mappings, declared request parameters, integration and method responses,
 * content handling and gateway responses; read from either spelling,
 * refused where API Gateway would refuse them, and written into the
 * OpenAPI documents and templates. */
#include <jansson.h>

#include "test_json_support.h"
#include "test_lint_support.h"
#include "test_support.h"
#include "../../compiler/artifacts.h"

AW_TEST_COMPILE_FIXTURE("t.json")

/* A REST API "shop" with stage "prod", and the nodes given. */
#define REST(api_fields, nodes)                                                                               \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                        \
    " {\"kind\": \"api\", \"id\": \"shop\", \"type\": \"rest\"" api_fields "},\n"                            \
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"shop\"},\n" nodes "]}"

#define ROUTE(path, integ, extra)                                                                             \
    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"" path "\","    \
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"" integ "\"" extra "}\n"

#define HTTP_INTEG(extra)                                                                                     \
    " {\"kind\": \"integration\", \"id\": \"up\", \"type\": \"http\", \"url\": \"https://up.example.com/items\"" \
    extra "},\n"

static const char S_full_json[] =
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
    " {\"kind\": \"api\", \"id\": \"shop\", \"type\": \"rest\", \"gatewayResponses\": [\n"
    "   {\"type\": \"ACCESS_DENIED\", \"statusCode\": 404, \"headers\": {\"X-Why\": \"'hidden'\"}}]},\n"
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"shop\"},\n"
    " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"responses\": [\n"
    "   {\"statusCode\": 200, \"templates\": {\"application/json\": \"{}\"}, \"contentHandling\": \"convert-to-text\"},\n"
    "   {\"pattern\": \"5\\\\d{2}\", \"statusCode\": 503, \"headers\": {\"Retry-After\": \"'5'\"}}]},\n"
    " {\"kind\": \"integration\", \"id\": \"up\", \"type\": \"http\", \"url\": \"https://up.example.com/\","
    " \"contentHandling\": \"convert-to-binary\","
    " \"parameterMappings\": {\"integration.request.header.X-Id\": \"context.requestId\"}},\n"
    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/a\","
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"m\","
    " \"parameters\": [{\"in\": \"query\", \"name\": \"q\", \"required\": true}]},\n"
    " {\"kind\": \"route\", \"id\": \"r2\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/b\","
    " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"up\"}\n"
    "]}";

static const char S_full_xml[] =
    "<diagram archway=\"1\" name=\"t\"><nodes>\n"
    "<api id=\"shop\" type=\"rest\"><gatewayResponses>\n"
    " <gatewayResponse type=\"ACCESS_DENIED\" statusCode=\"404\"><headers><entry key=\"X-Why\" value=\"'hidden'\"/>"
    "</headers></gatewayResponse></gatewayResponses></api>\n"
    "<stage id=\"prod\" name=\"prod\" api=\"shop\"/>\n"
    "<integration id=\"m\" type=\"mock\"><responses>\n"
    " <response statusCode=\"200\" contentHandling=\"convert-to-text\"><templates>"
    "<entry key=\"application/json\" value=\"{}\"/></templates></response>\n"
    " <response pattern=\"5\\d{2}\" statusCode=\"503\"><headers><entry key=\"Retry-After\" value=\"'5'\"/></headers>"
    "</response></responses></integration>\n"
    "<integration id=\"up\" type=\"http\" url=\"https://up.example.com/\" contentHandling=\"convert-to-binary\">"
    "<parameterMappings><entry key=\"integration.request.header.X-Id\" value=\"context.requestId\"/>"
    "</parameterMappings></integration>\n"
    "<route id=\"r\" api=\"shop\" method=\"GET\" path=\"/a\" authorizer=\"none\" noneReason=\"test\" integration=\"m\">"
    "<parameters><parameter in=\"query\" name=\"q\" required=\"true\"/></parameters></route>\n"
    "<route id=\"r2\" api=\"shop\" method=\"GET\" path=\"/b\" authorizer=\"none\" noneReason=\"test\" integration=\"up\"/>\n"
    "</nodes></diagram>\n";

/* The same model, whichever spelling it came in. */
static void S_assert_full_model(void)
{
    const aw_api *a = &S_node("shop")->as.api;
    ck_assert_uint_eq(a->gateway_response_count, 1);
    ck_assert_int_eq(a->gateway_responses[0].type, AW_GWR_ACCESS_DENIED);
    ck_assert_int_eq(a->gateway_responses[0].status_code, 404);
    ck_assert_str_eq(a->gateway_responses[0].headers.items[0].value, "'hidden'");
    const aw_integration *m = &S_node("m")->as.integration;
    ck_assert_uint_eq(m->response_count, 2);
    ck_assert_ptr_null(m->responses[0].pattern);
    ck_assert_int_eq(m->responses[0].content_handling, AW_CONVERT_TEXT);
    ck_assert_str_eq(m->responses[0].templates.items[0].key, "application/json");
    ck_assert_str_eq(m->responses[1].pattern, "5\\d{2}");
    ck_assert_int_eq(m->responses[1].status_code, 503);
    const aw_integration *up = &S_node("up")->as.integration;
    ck_assert_int_eq(up->content_handling, AW_CONVERT_BINARY);
    ck_assert_str_eq(up->parameter_mappings.items[0].key, "integration.request.header.X-Id");
    const aw_route *r = &S_node("r")->as.route;
    ck_assert_uint_eq(r->parameter_count, 1);
    ck_assert_int_eq(r->parameters[0].in, AW_PARAM_QUERY);
    ck_assert(r->parameters[0].required);
}

START_TEST(test_json_spelling_reaches_the_model)
{
    S_compile_clean(S_full_json);
    S_assert_full_model();
}
END_TEST

START_TEST(test_xml_spelling_reaches_the_model)
{
    compiled = true;
    aw_test_assert_clean(&comp, aw_compile_buffer(&comp, "t.xml", S_full_xml, strlen(S_full_xml), AW_SPELLING_XML));
    S_assert_full_model();
}
END_TEST

/* ---- refused with a location ---------------------------------------------------- */

START_TEST(test_mapping_to_an_unknown_place_is_located)
{
    S_compile(REST("", HTTP_INTEG(",\n \"parameterMappings\": {\"integration.request.body.X\": \"context.requestId\"}")
                   ROUTE("/items", "up", "")));
    S_only_error("bad-mapping", 5, 54, "up", "parameterMappings of 'up' maps 'integration.request.body.X'; give "
                 "integration.request.{path|querystring|header}.NAME");
}
END_TEST

START_TEST(test_mapping_from_an_unknown_source_is_located)
{
    S_compile(REST("", HTTP_INTEG(",\n \"parameterMappings\": {\"integration.request.header.X\": \"$context.requestId\"}")
                   ROUTE("/items", "up", "")));
    S_only_error("bad-mapping", 5, 56, "up", "parameterMappings of 'up' maps 'integration.request.header.X' from "
                 "\"$context.requestId\"; give method.request.{path|querystring|header}.NAME, method.request.body, "
                 "context.NAME, stageVariables.NAME or 'text'");
}
END_TEST

START_TEST(test_mapped_path_parameter_must_be_in_the_path)
{
    S_compile(REST("", HTTP_INTEG(",\n \"parameterMappings\": {\"integration.request.path.id\": \"method.request.path.id\"}")
                   ROUTE("/items", "up", "")));
    S_only_error("bad-mapping", 5, 55, "up", "integration 'up' maps path parameter 'id', which the path /items of "
                 "route 'r' does not have");
}
END_TEST

START_TEST(test_declared_path_parameter_must_be_in_the_path)
{
    S_compile(REST("", HTTP_INTEG("") ROUTE("/items", "up", ",\n \"parameters\": [{\"in\": \"path\", \"name\": \"id\"}]")));
    S_only_error("bad-mapping", 6, 40, "r", "route 'r' declares path parameter 'id', which its path /items does not have");
}
END_TEST

/* Each declared parameter is its own key: two different ones are no
 * duplicate, and the same one twice is. */
START_TEST(test_parameters_are_duplicates_only_when_the_same)
{
    S_compile_clean(REST("", HTTP_INTEG("") ROUTE("/items", "up", ",\n \"parameters\": [{\"in\": \"query\", "
                                                    "\"name\": \"port\"}, {\"in\": \"header\", \"name\": \"X-Units\"}]")));
    S_teardown();
    S_compile(REST("", HTTP_INTEG("") ROUTE("/items", "up", ",\n \"parameters\": [{\"in\": \"query\", \"name\": "
                                              "\"port\"}, {\"in\": \"query\", \"name\": \"port\"}]")));
    S_only_error("bad-mapping", 6, 74, "r", "route 'r' declares query parameter 'port' twice");
}
END_TEST

START_TEST(test_two_default_responses_are_refused)
{
    S_compile(REST("", " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"responses\": [\n"
                       "  {\"statusCode\": 200},\n  {\"statusCode\": 201}]},\n" ROUTE("/a", "m", "")));
    S_only_error("bad-mapping", 6, 18, "m", "integration 'm' has two responses with no pattern (two default responses)");
}
END_TEST

START_TEST(test_response_header_from_nowhere_is_refused)
{
    S_compile(REST("", " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"responses\": [\n"
                       "  {\"statusCode\": 200, \"headers\": {\"X-A\": \"integration.response.header\"}}]},\n"
                       ROUTE("/a", "m", "")));
    S_only_error("bad-mapping", 5, 42, "m", "a response header of 'm' maps 'X-A' from \"integration.response.header\"; "
                 "give integration.response.header.NAME, integration.response.body(.JSONPath), context.NAME, "
                 "stageVariables.NAME or 'text'");
}
END_TEST

START_TEST(test_gateway_response_twice_is_refused)
{
    S_compile(REST(", \"gatewayResponses\": [{\"type\": \"THROTTLED\"},\n {\"type\": \"THROTTLED\"}]",
                   HTTP_INTEG("") ROUTE("/items", "up", "")));
    S_only_error("bad-mapping", 3, 11, "shop", "API 'shop' gives gateway response THROTTLED twice");
}
END_TEST

START_TEST(test_unknown_gateway_response_type_is_refused)
{
    S_compile(REST(", \"gatewayResponses\": [{\"type\": \"THROTTLE\"}]", HTTP_INTEG("") ROUTE("/items", "up", "")));
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "bad-value");
    S_assert_loc(&d->loc, 2, 78, NULL);
    ck_assert_ptr_nonnull(strstr(d->message, "THROTTLED"));
}
END_TEST

START_TEST(test_xml_mapping_error_names_its_line)
{
    static const char xml[] =
        "<diagram archway=\"1\" name=\"t\"><nodes>\n"
        "<api id=\"shop\" type=\"rest\"/>\n"
        "<integration id=\"up\" type=\"http\" url=\"https://up.example.com/\">\n"
        "<parameterMappings>\n"
        "<entry key=\"integration.request.header.X\" value=\"method.request.cookie.c\"/>\n"
        "</parameterMappings></integration>\n"
        "<route id=\"r\" api=\"shop\" method=\"GET\" path=\"/a\" authorizer=\"none\" noneReason=\"t\" integration=\"up\"/>\n"
        "</nodes></diagram>\n";
    compiled = true;
    aw_compile_buffer(&comp, "t.xml", xml, strlen(xml), AW_SPELLING_XML);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "bad-mapping");
    aw_test_assert_loc(&d->loc, "t.xml", 5, AW_NO_COLUMN, NULL);
    aw_test_assert_element(d, "up");
}
END_TEST

START_TEST(test_http_api_service_call_keeps_request_parameters)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\"},\n"
              " {\"kind\": \"datastore\", \"id\": \"q\", \"engine\": \"sqs\"},\n"
              " {\"kind\": \"integration\", \"id\": \"send\", \"type\": \"aws\", \"service\": \"sqs\", \"action\": "
              "\"SendMessage\", \"target\": \"q\", \"requestParameters\": {\"MessageBody\": \"$request.body\"},\n"
              "  \"parameterMappings\": {\"overwrite:header.X\": \"$context.requestId\"}},\n"
              " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"POST\", \"path\": \"/m\","
              " \"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"send\"}\n]}");
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "bad-mapping");
    S_assert_loc(&d->loc, 5, 24, NULL);
}
END_TEST

/* ---- written into the documents ------------------------------------------------ */

typedef struct built {
    aw_artifacts artifacts;
    json_t *template, *openapi;
} built;

static built b;

static json_t *S_parse(const aw_artifact *a)
{
    json_error_t err;
    json_t *doc = json_loadb(a->data, a->len, 0, &err);
    ck_assert_msg(doc, "%s is not JSON: %s", a->name, err.text);
    return doc;
}

static void S_build(const char *text)
{
    S_compile(text);
    bool ok = aw_artifacts_build(&comp, &b.artifacts);
    if (!ok)
        aw_test_dump_diags(&comp.diags);
    ck_assert(ok);
    for (size_t i = 0; i < b.artifacts.count; i++) {
        const aw_artifact *a = &b.artifacts.items[i];
        if (strcmp(a->name, "template.json") == 0)
            b.template = S_parse(a);
        else if (!b.openapi && strstr(a->name, ".openapi.json"))
            b.openapi = S_parse(a);
    }
}

static void S_build_teardown(void)
{
    json_decref(b.template);
    json_decref(b.openapi);
    aw_artifacts_free(&b.artifacts);
    memset(&b, 0, sizeof b);
    S_teardown();
}

static json_t *S_at(json_t *root, const char *path)
{
    return aw_test_json_at(root, path);
}

static const char *S_str(json_t *root, const char *path)
{
    json_t *v = S_at(root, path);
    ck_assert_msg(json_is_string(v), "no string at %s", path);
    return json_string_value(v);
}

/* Compiles text, which must not deploy, and insists that a diagnostic says why. */
static void S_build_refused(const char *text, const char *why)
{
    S_compile(text);
    ck_assert(!aw_artifacts_build(&comp, &b.artifacts));
    bool named = false;
    for (size_t i = 0; i < comp.diags.count; i++)
        named |= strstr(comp.diags.items[i].message, why) != NULL;
    ck_assert_msg(named, "no diagnostic says \"%s\"", why);
}

START_TEST(test_responses_map_and_declare_their_headers)
{
    S_build(S_full_json);
    json_t *op = S_at(b.openapi, "paths|/a|get");
    json_t *ir = S_at(op, "x-amazon-apigateway-integration|responses");
    ck_assert_uint_eq(json_object_size(ir), 2);
    ck_assert_str_eq(S_str(ir, "default|statusCode"), "200");
    ck_assert_str_eq(S_str(ir, "default|contentHandling"), "CONVERT_TO_TEXT");
    ck_assert_str_eq(S_str(ir, "default|responseTemplates|application/json"), "{}");
    ck_assert_str_eq(S_str(ir, "5\\d{2}|statusCode"), "503");
    ck_assert_str_eq(S_str(ir, "5\\d{2}|responseParameters|method.response.header.Retry-After"), "'5'");
    /* API Gateway refuses a mapping to a header the method response does not declare. */
    ck_assert_ptr_nonnull(S_at(op, "responses|503|headers|Retry-After"));
    ck_assert_ptr_nonnull(S_at(op, "responses|200"));
    /* ... and beside them only the 429 every route can answer (the account
     * throttle), which the documentation declares. */
    ck_assert_ptr_nonnull(S_at(op, "responses|429"));
    ck_assert_uint_eq(json_object_size(S_at(op, "responses")), 3);
}
END_TEST

/* A status the diagram's integration responses declare is not declared a
 * second time by the documentation's refusals (duplicate keys). */
START_TEST(test_declared_statuses_are_not_declared_twice)
{
    S_build(REST("", " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"responses\": [\n"
                     "   {\"statusCode\": 200},\n"
                     "   {\"pattern\": \"slow.*\", \"statusCode\": 429, \"headers\": {\"X-Wait\": \"'9'\"}}]},\n"
                     ROUTE("/a", "m", "")));
    size_t documents = 0;
    for (size_t i = 0; i < b.artifacts.count; i++) {
        const aw_artifact *a = &b.artifacts.items[i];
        if (!strstr(a->name, ".openapi.json") && strcmp(a->name, "template.json") != 0)
            continue;
        json_error_t err;
        json_t *doc = json_loadb(a->data, a->len, JSON_REJECT_DUPLICATES, &err);
        ck_assert_msg(doc, "%s: %s (line %d)", a->name, err.text, err.line);
        json_decref(doc);
        documents++;
    }
    ck_assert_uint_eq(documents, 2);
    ck_assert_ptr_nonnull(S_at(b.openapi, "paths|/a|get|responses|429|headers|X-Wait"));
}
END_TEST

START_TEST(test_declared_and_mapped_parameters_are_method_parameters)
{
    S_build(REST("", HTTP_INTEG(", \"parameterMappings\": {\"integration.request.querystring.t\": "
                                "\"method.request.header.X-Tenant\", \"integration.request.querystring.p\": "
                                "\"method.request.multivaluequerystring.page\"}")
                 ROUTE("/items", "up", ", \"requestValidation\": \"params\", \"parameters\": [{\"in\": \"header\", "
                                       "\"name\": \"X-Tenant\", \"required\": true}]")));
    json_t *params = S_at(b.openapi, "paths|/items|get|parameters");
    ck_assert_uint_eq(json_array_size(params), 2);
    ck_assert_str_eq(S_str(params, "0|name"), "X-Tenant");
    ck_assert_str_eq(S_str(params, "0|in"), "header");
    ck_assert(json_is_true(S_at(params, "0|required")));
    ck_assert_str_eq(S_str(params, "1|name"), "page");
    ck_assert_str_eq(S_str(params, "1|in"), "query");
    ck_assert_ptr_null(S_at(params, "1|required"));
    json_t *integ = S_at(b.openapi, "paths|/items|get|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(integ, "requestParameters|integration.request.querystring.t"),
                     "method.request.header.X-Tenant");
    ck_assert_str_eq(S_str(b.openapi, "paths|/items|get|x-amazon-apigateway-request-validator"), "params");
}
END_TEST

START_TEST(test_own_mapping_wins_over_the_derived_one)
{
    S_build(REST("", " {\"kind\": \"integration\", \"id\": \"up\", \"type\": \"http\", \"url\": "
                     "\"https://up.example.com/items/{id}\", \"parameterMappings\": {\"integration.request.path.id\": "
                     "\"method.request.querystring.item\"}},\n" ROUTE("/items/{id}", "up", "")));
    json_t *rp = S_at(b.openapi, "paths|/items/{id}|get|x-amazon-apigateway-integration|requestParameters");
    ck_assert_uint_eq(json_object_size(rp), 1);
    ck_assert_str_eq(S_str(rp, "integration.request.path.id"), "method.request.querystring.item");
}
END_TEST

START_TEST(test_gateway_responses_merge_with_the_built_in_ones)
{
    S_build(REST(", \"cors\": {\"allowOrigins\": [\"https://a.example.com\"]}, \"gatewayResponses\": [\n"
                 " {\"type\": \"THROTTLED\", \"statusCode\": 503, \"headers\": {\"Retry-After\": \"'30'\"}},\n"
                 " {\"type\": \"MISSING_AUTHENTICATION_TOKEN\", \"statusCode\": 404,"
                 " \"templates\": {\"application/json\": \"{\\\"error\\\": \\\"not-found\\\"}\"}}]",
                 HTTP_INTEG("") ROUTE("/items", "up", "")));
    json_t *g = S_at(b.openapi, "x-amazon-apigateway-gateway-responses");
    ck_assert_str_eq(S_str(g, "THROTTLED|statusCode"), "503");
    ck_assert_str_eq(S_str(g, "THROTTLED|responseParameters|gatewayresponse.header.Retry-After"), "'30'");
    ck_assert_str_eq(S_str(g, "THROTTLED|responseTemplates|application/json"),
                     "{\"message\": $context.error.messageString}");
    ck_assert_str_eq(S_str(g, "MISSING_AUTHENTICATION_TOKEN|statusCode"), "404");
    ck_assert_str_eq(S_str(g, "MISSING_AUTHENTICATION_TOKEN|responseParameters|"
                              "gatewayresponse.header.Access-Control-Allow-Origin"), "'https://a.example.com'");
    ck_assert_str_eq(S_str(g, "MISSING_AUTHENTICATION_TOKEN|responseTemplates|application/json"),
                     "{\"error\": \"not-found\"}");
}
END_TEST

START_TEST(test_content_handling_reaches_rest_and_websocket)
{
    S_build(REST("", HTTP_INTEG(", \"contentHandling\": \"convert-to-binary\"") ROUTE("/items", "up", "")));
    ck_assert_str_eq(S_str(b.openapi, "paths|/items|get|x-amazon-apigateway-integration|contentHandling"),
                     "CONVERT_TO_BINARY");
    S_build_teardown();
    S_build("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
            " {\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n"
            " {\"kind\": \"integration\", \"id\": \"up\", \"type\": \"http\", \"url\": \"https://up.example.com/\","
            " \"contentHandling\": \"convert-to-text\"},\n"
            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"ws\", \"routeKey\": \"$default\", \"integration\": \"up\"}\n"
            "]}");
    ck_assert_str_eq(S_str(b.template, "Resources|UpIntegration|Properties|ContentHandlingStrategy"),
                     "CONVERT_TO_TEXT");
}
END_TEST

START_TEST(test_http_api_mappings_reach_the_template)
{
    S_build("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
            " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\"},\n"
            " {\"kind\": \"integration\", \"id\": \"up\", \"type\": \"http\", \"url\": \"https://up.example.com/\","
            " \"parameterMappings\": {\"append:header.X-Request\": \"$context.requestId\", \"remove:querystring.debug\": "
            "\"''\"}},\n"
            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"/a\","
            " \"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"up\"}\n]}");
    /* The API's body holds its integrations. */
    json_t *rp = S_at(b.template, "Resources|HApi|Properties|Body|paths|/a|get|x-amazon-apigateway-integration|"
                                  "requestParameters");
    ck_assert_str_eq(S_str(rp, "append:header.X-Request"), "$context.requestId");
    ck_assert_str_eq(S_str(rp, "remove:querystring.debug"), "''");
}
END_TEST

START_TEST(test_rest_only_settings_do_not_deploy_on_http_apis)
{
    S_build_refused("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                    " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\", \"gatewayResponses\": [{\"type\": "
                    "\"THROTTLED\"}]},\n" HTTP_INTEG("")
                    " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"/a\","
                    " \"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"up\"}\n]}",
                    "gateway responses of its own");
}
END_TEST

/* ---- custom Lambda integrations and calls by path -------------------------------- */

#define MOCK_INTEG " {\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\"},\n"
#define FUNCTION " {\"kind\": \"function\", \"id\": \"price\", \"runtime\": \"nodejs22.x\", \"handler\": \"index.handler\"},\n"

START_TEST(test_custom_lambda_maps_the_event_and_the_answer)
{
    S_build(REST("", FUNCTION
                 " {\"kind\": \"integration\", \"id\": \"quote\", \"type\": \"lambda\", \"function\": \"price\","
                 " \"style\": \"custom\", \"requestTemplate\": \"{\\\"sku\\\": \\\"$input.params('sku')\\\"}\","
                 " \"responses\": [{\"statusCode\": 200}, {\"pattern\": \".*BadRequest.*\", \"statusCode\": 400}]},\n"
                 ROUTE("/quotes/{sku}", "quote", "")));
    json_t *in = S_at(b.openapi, "paths|/quotes/{sku}|get|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(in, "type"), "aws");
    ck_assert_str_eq(S_str(in, "httpMethod"), "POST");
    ck_assert_ptr_nonnull(strstr(S_str(in, "uri"), ":lambda:path/2015-03-31/functions/"));
    ck_assert_str_eq(S_str(in, "requestTemplates|application/json"), "{\"sku\": \"$input.params('sku')\"}");
    ck_assert_str_eq(S_str(in, "passthroughBehavior"), "never");
    ck_assert_str_eq(S_str(in, "responses|.*BadRequest.*|statusCode"), "400");
    ck_assert_ptr_null(S_at(in, "credentials"));
    ck_assert_ptr_nonnull(S_at(b.openapi, "paths|/quotes/{sku}|get|responses|400"));
}
END_TEST

START_TEST(test_proxy_lambda_ignores_templates_with_a_warning)
{
    S_compile(REST("", FUNCTION " {\"kind\": \"integration\", \"id\": \"quote\", \"type\": \"lambda\","
                   " \"function\": \"price\",\n \"responses\": [{\"statusCode\": 200}]},\n" ROUTE("/q", "quote", "")));
    S_only_diag(AW_SEV_WARNING, "unused-field", 6, 15, "quote", "'responses' does not apply to a Lambda proxy "
                "integration and is ignored; give integration 'quote' \"style\": \"custom\" to map the event and the answer");
}
END_TEST

#define BUCKET " {\"kind\": \"datastore\", \"id\": \"images\", \"engine\": \"s3\", \"resourceName\": \"shop-images\"},\n"

START_TEST(test_s3_object_by_path_with_a_role_for_that_action)
{
    S_build(REST("", BUCKET " {\"kind\": \"integration\", \"id\": \"image\", \"type\": \"aws\", \"service\": \"s3\","
                 " \"action\": \"GetObject\", \"path\": \"shop-images/{sku}.png\", \"target\": \"images\"},\n"
                 ROUTE("/images/{sku}", "image", "")));
    json_t *in = S_at(b.openapi, "paths|/images/{sku}|get|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(in, "httpMethod"), "GET");
    ck_assert_str_eq(S_str(in, "uri"), "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/shop-images/{sku}.png");
    ck_assert_str_eq(S_str(in, "requestParameters|integration.request.path.sku"), "method.request.path.sku");
    json_t *st = S_at(b.template, "Resources|ImageCredentialsRole|Properties|Policies|0|PolicyDocument|Statement|0");
    ck_assert_str_eq(S_str(st, "Action"), "s3:GetObject");
    ck_assert_str_eq(S_str(st, "Resource|1|Fn::Sub"), "arn:${AWS::Partition}:s3:::shop-images/*");
}
END_TEST

START_TEST(test_s3_by_action_is_not_deployable)
{
    S_build_refused(REST("", BUCKET " {\"kind\": \"integration\", \"id\": \"image\", \"type\": \"aws\", \"service\":"
                         " \"s3\", \"action\": \"GetObject\", \"target\": \"images\"},\n" ROUTE("/images/{sku}", "image", "")),
                    "Amazon S3 is called by path, not by action");
}
END_TEST

START_TEST(test_sns_publish_gets_a_role_for_its_topic)
{
    S_build(REST("", " {\"kind\": \"datastore\", \"id\": \"alerts\", \"engine\": \"sns\", \"resourceName\": \"shop-alerts\"},\n"
                 " {\"kind\": \"integration\", \"id\": \"notify\", \"type\": \"aws\", \"service\": \"sns\","
                 " \"action\": \"Publish\", \"target\": \"alerts\", \"requestTemplate\": \"Action=Publish\"},\n"
                 ROUTE("/alerts", "notify", "")));
    json_t *in = S_at(b.openapi, "paths|/alerts|get|x-amazon-apigateway-integration");
    ck_assert_str_eq(S_str(in, "uri"), "arn:${AWS::Partition}:apigateway:${AWS::Region}:sns:action/Publish");
    json_t *st = S_at(b.template, "Resources|NotifyCredentialsRole|Properties|Policies|0|PolicyDocument|Statement|0");
    ck_assert_str_eq(S_str(st, "Action"), "sns:Publish");
    ck_assert_str_eq(S_str(st, "Resource|Fn::Sub"), "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:shop-alerts");
}
END_TEST

START_TEST(test_websocket_custom_lambda_is_an_aws_integration)
{
    S_build("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
            " {\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n" FUNCTION
            " {\"kind\": \"integration\", \"id\": \"quote\", \"type\": \"lambda\", \"function\": \"price\","
            " \"style\": \"custom\", \"requestTemplate\": \"$input.body\"},\n"
            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"ws\", \"routeKey\": \"$default\", \"integration\": \"quote\"}\n"
            "]}");
    json_t *p = S_at(b.template, "Resources|QuoteIntegration|Properties");
    ck_assert_str_eq(S_str(p, "IntegrationType"), "AWS");
    ck_assert_str_eq(S_str(p, "RequestTemplates|$default"), "$input.body");
}
END_TEST

/* ---- roles API Gateway invokes functions with ------------------------------------ */

START_TEST(test_integration_invoked_with_a_created_role_needs_no_permission)
{
    S_build(REST("", FUNCTION " {\"kind\": \"integration\", \"id\": \"quote\", \"type\": \"lambda\","
                 " \"function\": \"price\", \"invokeWith\": \"role\"},\n" ROUTE("/q", "quote", "")));
    ck_assert_str_eq(S_str(b.openapi, "paths|/q|get|x-amazon-apigateway-integration|credentials"),
                     "${QuoteInvokeRole.Arn}");
    json_t *st = S_at(b.template, "Resources|QuoteInvokeRole|Properties|Policies|0|PolicyDocument|Statement|0");
    ck_assert_str_eq(S_str(st, "Action"), "lambda:InvokeFunction");
    ck_assert_str_eq(S_str(st, "Resource|0|Fn::GetAtt|0"), "PriceFunction");
    ck_assert_str_eq(S_str(st, "Resource|1|Fn::Sub"), "${PriceFunction.Arn}:*");
    ck_assert_ptr_null(S_at(b.template, "Resources|PriceInvokedByShopPermission"));
}
END_TEST

START_TEST(test_authorizer_invoked_with_its_given_role)
{
    S_build(REST(", \"defaultAuthorizer\": \"gate\"", FUNCTION
                 " {\"kind\": \"authorizer\", \"id\": \"gate\", \"type\": \"lambda\", \"function\": \"price\","
                 " \"role\": \"arn:aws:iam::123456789012:role/gate-invoker\"},\n" MOCK_INTEG
                 " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"shop\", \"method\": \"GET\", \"path\": \"/a\","
                 " \"integration\": \"m\"}\n"));
    ck_assert_str_eq(S_str(b.openapi, "components|securitySchemes|gate|x-amazon-apigateway-authorizer|"
                                      "authorizerCredentials"), "arn:aws:iam::123456789012:role/gate-invoker");
    ck_assert_ptr_null(S_at(b.template, "Resources|PriceInvokedByShopPermission"));
    ck_assert_ptr_null(S_at(b.template, "Resources|GateInvokeRole"));
}
END_TEST

START_TEST(test_http_authorizer_invoked_with_a_created_role)
{
    S_build("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
            " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\", \"defaultAuthorizer\": \"gate\"},\n" FUNCTION
            " {\"kind\": \"authorizer\", \"id\": \"gate\", \"type\": \"lambda\", \"function\": \"price\","
            " \"invokeWith\": \"role\", \"identitySources\": [\"$request.header.Authorization\"]},\n" HTTP_INTEG("")
            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"/a\","
            " \"integration\": \"up\"}\n]}");
    ck_assert_str_eq(S_str(b.template, "Resources|HApi|Properties|Body|components|securitySchemes|gate|"
                                       "x-amazon-apigateway-authorizer|authorizerCredentials|Fn::GetAtt|0"),
                     "GateInvokeRole");
    ck_assert_ptr_nonnull(S_at(b.template, "Resources|GateInvokeRole"));
}
END_TEST

/* ---- references to other elements inside text ----------------------------------- */

#define FLOW " {\"kind\": \"datastore\", \"id\": \"checkout-flow\", \"engine\": \"stepfunctions\", \"resourceName\": \"checkout\"},\n"

START_TEST(test_reference_in_a_template_becomes_the_stack_arn)
{
    S_build(REST("", FLOW " {\"kind\": \"integration\", \"id\": \"start\", \"type\": \"aws\", \"service\": \"states\","
                 " \"action\": \"StartExecution\", \"target\": \"checkout-flow\", \"requestTemplate\": "
                 "\"{\\\"stateMachineArn\\\": \\\"${ref:checkout-flow.arn}\\\", \\\"name\\\": \\\"${context.requestId}\\\"}\"},\n"
                 ROUTE("/checkout", "start", "")));
    /* The standalone document keeps the stack's placeholders in Fn::Sub's
     * spelling, as its other deploy-time values; the template substitutes them. */
    ck_assert_str_eq(S_str(b.openapi, "paths|/checkout|get|x-amazon-apigateway-integration|requestTemplates|"
                                      "application/json"),
                     "{\"stateMachineArn\": \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:"
                     "stateMachine:checkout\", \"name\": \"${!context.requestId}\"}");
    json_t *body = S_at(b.template, "Resources|ShopRestApi|Properties|Body");
    ck_assert_str_eq(S_str(body, "paths|/checkout|get|x-amazon-apigateway-integration|requestTemplates|"
                                 "application/json|Fn::Sub"),
                     "{\"stateMachineArn\": \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:"
                     "stateMachine:checkout\", \"name\": \"${!context.requestId}\"}");
}
END_TEST

START_TEST(test_reference_in_service_parameters_gives_the_queue_url)
{
    S_build("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
            " {\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\"},\n"
            " {\"kind\": \"datastore\", \"id\": \"orders-queue\", \"engine\": \"sqs\", \"resourceName\": \"orders\"},\n"
            " {\"kind\": \"integration\", \"id\": \"send\", \"type\": \"aws\", \"service\": \"sqs\", \"action\":"
            " \"SendMessage\", \"role\": \"arn:aws:iam::123456789012:role/sender\", \"requestParameters\": "
            "{\"QueueUrl\": \"${ref:orders-queue.url}\", \"MessageBody\": \"$request.body\"}},\n"
            " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"POST\", \"path\": \"/o\","
            " \"authorizer\": \"none\", \"noneReason\": \"t\", \"integration\": \"send\"}\n]}");
    ck_assert_str_eq(S_str(b.template, "Resources|HApi|Properties|Body|paths|/o|post|x-amazon-apigateway-integration|"
                                       "requestParameters|QueueUrl|Fn::Sub"),
                     "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/orders");
}
END_TEST

START_TEST(test_reference_to_an_unknown_element_is_located)
{
    S_compile(REST("", FLOW " {\"kind\": \"integration\", \"id\": \"start\", \"type\": \"aws\", \"service\": \"states\","
                   " \"action\": \"StartExecution\", \"target\": \"checkout-flow\",\n"
                   " \"requestTemplate\": \"{\\\"stateMachineArn\\\": \\\"${ref:checkout.arn}\\\"}\"},\n"
                   ROUTE("/checkout", "start", "")));
    S_only_error("bad-reference", 6, 21, "start", "'requestTemplate' of 'start' refers to 'checkout', which is no "
                 "element of the diagram");
}
END_TEST

START_TEST(test_reference_to_an_attribute_not_offered_is_located)
{
    S_compile(REST("", FLOW " {\"kind\": \"integration\", \"id\": \"start\", \"type\": \"aws\", \"service\": \"states\","
                   " \"action\": \"StartExecution\", \"target\": \"checkout-flow\",\n"
                   " \"requestTemplate\": \"${ref:checkout-flow.url}\"},\n" ROUTE("/checkout", "start", "")));
    S_only_error("bad-reference", 6, 21, "start", "'requestTemplate' of 'start' asks for 'url' of data store "
                 "'checkout-flow', which offers arn, name");
}
END_TEST

START_TEST(test_reference_where_none_is_resolved_is_refused)
{
    S_compile(REST("", FLOW HTTP_INTEG("") ROUTE("/items", "up", ",\n \"description\": \"see ${ref:checkout-flow.arn}\"")));
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "bad-reference");
    ck_assert_ptr_nonnull(strstr(d->message, "references are resolved in an integration's url, role"));
}
END_TEST

/* ---- AW-IAM-002: an account written out where a reference would do ------------------ */

#define START_WITH(template)                                                                                  \
    REST("", FLOW " {\"kind\": \"integration\", \"id\": \"start\", \"type\": \"aws\", \"service\": \"states\","        \
         " \"action\": \"StartExecution\", \"target\": \"checkout-flow\", \"requestTemplate\": \"" template "\"},\n"   \
         ROUTE("/checkout", "start", ""))

START_TEST(test_arn_of_a_drawn_element_with_its_account_is_a_finding)
{
    const aw_diag *d = aw_test_lint_expect(&comp, S_compile(START_WITH(
        "{\\\"stateMachineArn\\\": \\\"arn:aws:states:eu-west-1:123456789012:stateMachine:checkout\\\"}")),
        "AW-IAM-002", 1);
    aw_test_assert_element(d, "start");
    ck_assert_ptr_nonnull(strstr(d->message, "write ${ref:checkout-flow.arn}"));
}
END_TEST

START_TEST(test_arn_of_something_not_drawn_or_a_reference_is_none)
{
    aw_test_lint_expect(&comp, S_compile(START_WITH(
        "{\\\"a\\\": \\\"arn:aws:states:eu-west-1:123456789012:stateMachine:billing\\\", "
        "\\\"b\\\": \\\"${ref:checkout-flow.arn}\\\"}")), "AW-IAM-002", 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("api_mappings");
    TCase *tc = aw_test_tcase(s, "read", NULL, S_teardown);
    tcase_add_test(tc, test_json_spelling_reaches_the_model);
    tcase_add_test(tc, test_xml_spelling_reaches_the_model);
    tcase_add_test(tc, test_mapping_to_an_unknown_place_is_located);
    tcase_add_test(tc, test_mapping_from_an_unknown_source_is_located);
    tcase_add_test(tc, test_mapped_path_parameter_must_be_in_the_path);
    tcase_add_test(tc, test_declared_path_parameter_must_be_in_the_path);
    tcase_add_test(tc, test_two_default_responses_are_refused);
    tcase_add_test(tc, test_response_header_from_nowhere_is_refused);
    tcase_add_test(tc, test_gateway_response_twice_is_refused);
    tcase_add_test(tc, test_unknown_gateway_response_type_is_refused);
    tcase_add_test(tc, test_xml_mapping_error_names_its_line);
    tcase_add_test(tc, test_http_api_service_call_keeps_request_parameters);
    tcase_add_test(tc, test_arn_of_a_drawn_element_with_its_account_is_a_finding);
    tcase_add_test(tc, test_arn_of_something_not_drawn_or_a_reference_is_none);
    tc = aw_test_tcase(s, "emit", NULL, S_build_teardown);
    tcase_add_test(tc, test_responses_map_and_declare_their_headers);
    tcase_add_test(tc, test_declared_statuses_are_not_declared_twice);
    tcase_add_test(tc, test_declared_and_mapped_parameters_are_method_parameters);
    tcase_add_test(tc, test_parameters_are_duplicates_only_when_the_same);
    tcase_add_test(tc, test_own_mapping_wins_over_the_derived_one);
    tcase_add_test(tc, test_gateway_responses_merge_with_the_built_in_ones);
    tcase_add_test(tc, test_content_handling_reaches_rest_and_websocket);
    tcase_add_test(tc, test_http_api_mappings_reach_the_template);
    tcase_add_test(tc, test_rest_only_settings_do_not_deploy_on_http_apis);
    tcase_add_test(tc, test_custom_lambda_maps_the_event_and_the_answer);
    tcase_add_test(tc, test_proxy_lambda_ignores_templates_with_a_warning);
    tcase_add_test(tc, test_s3_object_by_path_with_a_role_for_that_action);
    tcase_add_test(tc, test_s3_by_action_is_not_deployable);
    tcase_add_test(tc, test_sns_publish_gets_a_role_for_its_topic);
    tcase_add_test(tc, test_websocket_custom_lambda_is_an_aws_integration);
    tcase_add_test(tc, test_integration_invoked_with_a_created_role_needs_no_permission);
    tcase_add_test(tc, test_authorizer_invoked_with_its_given_role);
    tcase_add_test(tc, test_http_authorizer_invoked_with_a_created_role);
    tcase_add_test(tc, test_reference_in_a_template_becomes_the_stack_arn);
    tcase_add_test(tc, test_reference_in_service_parameters_gives_the_queue_url);
    tcase_add_test(tc, test_reference_to_an_unknown_element_is_located);
    tcase_add_test(tc, test_reference_to_an_attribute_not_offered_is_located);
    tcase_add_test(tc, test_reference_where_none_is_resolved_is_refused);
    return s;
}

AW_TEST_MAIN(S_suite)
