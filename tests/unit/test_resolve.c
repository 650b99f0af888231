/* Unit tests of the resolver: references resolved to the right nodes, the
 * API each element belongs to, the defaults that depend on the API type,
 * and one exact diagnostic for each rule a whole diagram must follow. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/compile.h"
#include "../../ir/ir_fields.h"
#include "../../compiler/diag_format.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------ */

AW_TEST_COMPILE_FIXTURE("t.json")

static void S_assert_related(const aw_diag *d, unsigned line, unsigned col, const char *message)
{
    ck_assert_uint_eq(d->related.line, line);
    ck_assert_uint_eq(d->related.col, col);
    ck_assert_str_eq(d->related_message, message);
}

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"

/* ---- one diagram that uses every kind of reference ------------------------ */

static const char S_full[] =
    HEAD
    /* 2 */ "{\"kind\": \"api\", \"id\": \"http-api\", \"type\": \"http\", \"defaultAuthorizer\": \"jwt\"},\n"
    /* 3 */ "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com\"},\n"
    /* 4 */ "{\"kind\": \"authorizer\", \"id\": \"lam-auth\", \"type\": \"lambda\", \"function\": \"auth-fn\"},\n"
    /* 5 */ "{\"kind\": \"route\", \"id\": \"r-get\", \"api\": \"http-api\", \"method\": \"GET\", \"path\": \"/pets\", \"integration\": \"lam-int\"},\n"
    /* 6 */ "{\"kind\": \"route\", \"id\": \"r-public\", \"api\": \"http-api\", \"method\": \"GET\", \"path\": \"/health\",\n"
    /* 7 */ " \"authorizer\": \"none\", \"noneReason\": \"load balancer probe\", \"integration\": \"web-int\"},\n"
    /* 8 */ "{\"kind\": \"route\", \"id\": \"r-admin\", \"api\": \"http-api\", \"method\": \"POST\", \"path\": \"/admin/{proxy+}\",\n"
    /* 9 */ " \"authorizer\": \"lam-auth\", \"integration\": \"priv-int\"},\n"
    /* 10 */ "{\"kind\": \"integration\", \"id\": \"lam-int\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    /* 11 */ "{\"kind\": \"integration\", \"id\": \"web-int\", \"type\": \"http\", \"url\": \"https://example.com\", \"timeout\": \"5s\"},\n"
    /* 12 */ "{\"kind\": \"integration\", \"id\": \"priv-int\", \"type\": \"private\", \"vpcLink\": \"link\", \"listener\": \"nlb\"},\n"
    /* 13 */ "{\"kind\": \"vpcLink\", \"id\": \"link\", \"targets\": [\"nlb\"]},\n"
    /* 14 */ "{\"kind\": \"loadBalancer\", \"id\": \"nlb\", \"type\": \"nlb\"},\n"
    /* 15 */ "{\"kind\": \"stage\", \"id\": \"http-prod\", \"name\": \"prod\", \"api\": \"http-api\"},\n"
    /* 16 */ "{\"kind\": \"api\", \"id\": \"rest-api\", \"type\": \"rest\"},\n"
    /* 17 */ "{\"kind\": \"route\", \"id\": \"rr\", \"api\": \"rest-api\", \"method\": \"GET\", \"path\": \"/pets/{id}\", \"integration\": \"rest-int\"},\n"
    /* 18 */ "{\"kind\": \"route\", \"id\": \"rm\", \"api\": \"rest-api\", \"method\": \"GET\", \"path\": \"/ping\", \"integration\": \"mock-int\"},\n"
    /* 19 */ "{\"kind\": \"route\", \"id\": \"rw\", \"api\": \"rest-api\", \"method\": \"PUT\", \"path\": \"/pets/{id}\", \"integration\": \"aws-int\"},\n"
    /* 20 */ "{\"kind\": \"integration\", \"id\": \"rest-int\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    /* 21 */ "{\"kind\": \"integration\", \"id\": \"mock-int\", \"type\": \"mock\"},\n"
    /* 22 */ "{\"kind\": \"integration\", \"id\": \"aws-int\", \"type\": \"aws\", \"service\": \"dynamodb\", \"action\": \"PutItem\",\n"
    /* 23 */ " \"role\": \"arn:aws:iam::1:role/r\", \"target\": \"table\"},\n"
    /* 24 */ "{\"kind\": \"stage\", \"id\": \"rest-prod\", \"name\": \"prod\", \"api\": \"rest-api\",\n"
    /* 25 */ " \"routeThrottles\": [{\"route\": \"rr\", \"rate\": 5, \"burst\": 10}]},\n"
    /* 26 */ "{\"kind\": \"apiKey\", \"id\": \"key\"},\n"
    /* 27 */ "{\"kind\": \"usagePlan\", \"id\": \"plan\", \"stages\": [\"rest-prod\"], \"apiKeys\": [\"key\"]},\n"
    /* 28 */ "{\"kind\": \"api\", \"id\": \"ws-api\", \"type\": \"websocket\"},\n"
    /* 29 */ "{\"kind\": \"route\", \"id\": \"ws-connect\", \"api\": \"ws-api\", \"routeKey\": \"$connect\", \"integration\": \"ws-int\"},\n"
    /* 30 */ "{\"kind\": \"integration\", \"id\": \"ws-int\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    /* 31 */ "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
    /* 32 */ "{\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"nodejs22.x\"},\n"
    /* 33 */ "{\"kind\": \"datastore\", \"id\": \"table\", \"engine\": \"dynamodb\"},\n"
    /* 34 */ "{\"kind\": \"httpBackend\", \"id\": \"backend\", \"url\": \"https://legacy.example.com\"},\n"
    /* 35 */ "{\"kind\": \"client\", \"id\": \"web\", \"stage\": \"http-prod\", \"traffic\": {\"rate\": 10},\n"
    /* 36 */ " \"mix\": [{\"route\": \"r-get\", \"weight\": 3}, {\"route\": \"r-public\"}]}\n"
    "], \"edges\": [\n"
    /* 38 */ "{\"from\": \"fn\", \"to\": \"table\"},\n"
    /* 39 */ "{\"id\": \"legacy-call\", \"from\": \"fn\", \"to\": \"backend\", \"holdsConnection\": true},\n"
    /* 40 */ "{\"from\": \"web\", \"to\": \"http-prod\"}\n"
    "]}\n";

START_TEST(test_references_resolved)
{
    S_compile_clean(S_full);
    const aw_route *r = &S_node("r-get")->as.route;
    ck_assert_ptr_eq(r->api.node, S_node("http-api"));
    ck_assert_ptr_eq(r->integration.node, S_node("lam-int"));
    ck_assert_ptr_null(r->authorizer.node);            /* none named: the API's default applies */
    ck_assert_ptr_eq(S_node("r-admin")->as.route.authorizer.node, S_node("lam-auth"));
    ck_assert_ptr_eq(S_node("http-api")->as.api.default_authorizer.node, S_node("jwt"));
    ck_assert_ptr_eq(S_node("lam-int")->as.integration.function.node, S_node("fn"));
    ck_assert_ptr_eq(S_node("lam-auth")->as.authorizer.function.node, S_node("auth-fn"));
    const aw_integration *priv = &S_node("priv-int")->as.integration;
    ck_assert_ptr_eq(priv->vpc_link.node, S_node("link"));
    ck_assert_ptr_eq(priv->listener.node, S_node("nlb"));
    ck_assert_ptr_eq(S_node("link")->as.vpc_link.targets.items[0].node, S_node("nlb"));
    ck_assert_ptr_eq(S_node("aws-int")->as.integration.target.node, S_node("table"));
    ck_assert_ptr_eq(S_node("http-prod")->as.stage.api.node, S_node("http-api"));
    const aw_stage *rest_prod = &S_node("rest-prod")->as.stage;
    ck_assert_ptr_eq(rest_prod->route_throttles[0].route.node, S_node("rr"));
    const aw_usage_plan *plan = &S_node("plan")->as.usage_plan;
    ck_assert_ptr_eq(plan->stages.items[0].node, S_node("rest-prod"));
    ck_assert_ptr_eq(plan->api_keys.items[0].node, S_node("key"));
    const aw_client *c = &S_node("web")->as.client;
    ck_assert_ptr_eq(c->stage.node, S_node("http-prod"));
    ck_assert_ptr_eq(c->mix[0].route.node, S_node("r-get"));
    ck_assert_ptr_eq(c->mix[1].route.node, S_node("r-public"));
    ck_assert_ptr_null(c->api_key.node);
    ck_assert_ptr_null(c->api_key.id);
    const aw_edge *e = comp.model->edges;
    ck_assert_ptr_eq(e[0].from.node, S_node("fn"));
    ck_assert_ptr_eq(e[0].to.node, S_node("table"));
    ck_assert_ptr_eq(e[1].to.node, S_node("backend"));
    ck_assert_ptr_eq(e[2].from.node, S_node("web"));
}
END_TEST

START_TEST(test_edge_ids)
{
    S_compile_clean(S_full);
    ck_assert_uint_eq(comp.model->edge_count, 3);
    ck_assert_str_eq(comp.model->edges[0].id, "fn->table");
    ck_assert_str_eq(comp.model->edges[1].id, "legacy-call");
    ck_assert_str_eq(comp.model->edges[2].id, "web->http-prod");
    for (size_t i = 0; i < comp.model->edge_count; i++)
        ck_assert_uint_eq(comp.model->edges[i].index, i);
}
END_TEST

START_TEST(test_owner_api)
{
    S_compile_clean(S_full);
    aw_node *http = S_node("http-api"), *rest = S_node("rest-api"), *ws = S_node("ws-api");
    ck_assert_ptr_eq(http->owner_api, http);
    ck_assert_ptr_eq(S_node("r-get")->owner_api, http);
    ck_assert_ptr_eq(S_node("http-prod")->owner_api, http);
    ck_assert_ptr_eq(S_node("lam-int")->owner_api, http);
    ck_assert_ptr_eq(S_node("web-int")->owner_api, http);
    ck_assert_ptr_eq(S_node("priv-int")->owner_api, http);
    ck_assert_ptr_eq(S_node("lam-auth")->owner_api, http);
    ck_assert_ptr_eq(S_node("jwt")->owner_api, http);      /* through the default authorizer */
    ck_assert_ptr_eq(S_node("rr")->owner_api, rest);
    ck_assert_ptr_eq(S_node("rest-prod")->owner_api, rest);
    ck_assert_ptr_eq(S_node("rest-int")->owner_api, rest);
    ck_assert_ptr_eq(S_node("mock-int")->owner_api, rest);
    ck_assert_ptr_eq(S_node("ws-int")->owner_api, ws);
    ck_assert_ptr_eq(S_node("ws-connect")->owner_api, ws);
    /* Nodes outside any API. */
    ck_assert_ptr_null(S_node("fn")->owner_api);
    ck_assert_ptr_null(S_node("table")->owner_api);
    ck_assert_ptr_null(S_node("plan")->owner_api);
    ck_assert_ptr_null(S_node("web")->owner_api);
    ck_assert_ptr_null(S_node("link")->owner_api);
}
END_TEST

START_TEST(test_auth_none)
{
    S_compile_clean(S_full);
    const aw_route *pub = &S_node("r-public")->as.route;
    ck_assert(pub->auth_none);
    ck_assert_str_eq(pub->authorizer.id, "none");
    ck_assert_ptr_null(pub->authorizer.node);
    ck_assert_str_eq(pub->none_reason, "load balancer probe");
    ck_assert(!S_node("r-get")->as.route.auth_none);
    ck_assert(!S_node("r-admin")->as.route.auth_none);
}
END_TEST

START_TEST(test_api_type_defaults)
{
    S_compile_clean(S_full);
    /* Integration timeouts: 30s on HTTP, 29s on REST and WebSocket. */
    const aw_integration *lam = &S_node("lam-int")->as.integration;
    ck_assert(lam->timeout_ms == 30000);
    ck_assert_int_eq(lam->payload_format, AW_PAYLOAD_2_0);
    const aw_integration *rest = &S_node("rest-int")->as.integration;
    ck_assert(rest->timeout_ms == 29000);
    ck_assert_int_eq(rest->payload_format, AW_PAYLOAD_1_0);
    const aw_integration *ws = &S_node("ws-int")->as.integration;
    ck_assert(ws->timeout_ms == 29000);
    ck_assert_int_eq(ws->payload_format, AW_PAYLOAD_1_0);
    ck_assert(S_node("aws-int")->as.integration.timeout_ms == 29000);
    ck_assert(S_node("priv-int")->as.integration.timeout_ms == 30000);
    /* An explicit timeout stays. */
    ck_assert(S_node("web-int")->as.integration.timeout_ms == 5000);
    ck_assert_int_eq(S_node("web-int")->as.integration.payload_format, AW_PAYLOAD_UNSET);
    /* Mocks answer 200 at once. */
    const aw_integration *mock = &S_node("mock-int")->as.integration;
    ck_assert_int_eq(mock->status_code, 200);
    ck_assert(!AW_IS_SET(mock->timeout_ms));
    /* API key source on REST only; the route selection on WebSocket only. */
    ck_assert_int_eq(S_node("rest-api")->as.api.api_key_source, AW_KEYSRC_HEADER);
    ck_assert_int_eq(S_node("http-api")->as.api.api_key_source, AW_KEYSRC_UNSET);
    ck_assert_int_eq(S_node("ws-api")->as.api.api_key_source, AW_KEYSRC_UNSET);
    ck_assert_str_eq(S_node("ws-api")->as.api.route_selection, "$request.body.action");
    ck_assert_ptr_null(S_node("http-api")->as.api.route_selection);
    ck_assert_ptr_null(S_node("rest-api")->as.api.route_selection);
    /* Authorizers. */
    const aw_authorizer *la = &S_node("lam-auth")->as.authorizer;
    ck_assert_int_eq(la->lambda_type, AW_LAMBDA_AUTH_REQUEST);
    ck_assert(la->result_ttl_ms == 300000);
    ck_assert_int_eq(la->payload_format, AW_PAYLOAD_2_0);
    /* It caches, so it needs a cache key: the same default the OpenAPI
     * document and the template both write. */
    ck_assert_uint_eq(la->identity_sources.count, 1);
    ck_assert_str_eq(la->identity_sources.items[0], "$request.header.Authorization");
    const aw_authorizer *jwt = &S_node("jwt")->as.authorizer;
    ck_assert_uint_eq(jwt->identity_sources.count, 1);
    ck_assert_str_eq(jwt->identity_sources.items[0], "$request.header.Authorization");
    /* Data stores. */
    ck_assert_int_eq(S_node("table")->as.datastore.capacity_mode, AW_CAPMODE_ON_DEMAND);
}
END_TEST

START_TEST(test_explicit_values_kept)
{
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\", \"routeSelectionExpression\": \"$request.body.op\"},\n"
                    "{\"kind\": \"api\", \"id\": \"rest\", \"type\": \"rest\", \"apiKeySource\": \"authorizer\"},\n"
                    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"rest\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\",\n"
                    " \"authorizer\": \"tok\"},\n"
                    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\", \"payloadFormat\": \"1.0\",\n"
                    " \"timeout\": \"10s\"},\n"
                    "{\"kind\": \"authorizer\", \"id\": \"tok\", \"type\": \"lambda\", \"function\": \"fn\", \"lambdaType\": \"token\",\n"
                    " \"resultTtl\": \"0s\"},\n"
                    "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"statusCode\": 503},\n"
                    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"}\n"
                    "]}");
    ck_assert_str_eq(S_node("ws")->as.api.route_selection, "$request.body.op");
    ck_assert_int_eq(S_node("rest")->as.api.api_key_source, AW_KEYSRC_AUTHORIZER);
    ck_assert(S_node("i")->as.integration.timeout_ms == 10000);
    ck_assert_int_eq(S_node("i")->as.integration.payload_format, AW_PAYLOAD_1_0);
    const aw_authorizer *tok = &S_node("tok")->as.authorizer;
    ck_assert_int_eq(tok->lambda_type, AW_LAMBDA_AUTH_TOKEN);
    ck_assert(tok->result_ttl_ms == 0);
    ck_assert_int_eq(tok->payload_format, AW_PAYLOAD_UNSET);   /* REST: no payload versions */
    ck_assert_uint_eq(tok->identity_sources.count, 1);
    ck_assert_str_eq(tok->identity_sources.items[0], "method.request.header.Authorization");
    /* An integration no route uses belongs to no API; mocks still answer 200. */
    ck_assert_ptr_null(S_node("m")->owner_api);
    ck_assert_int_eq(S_node("m")->as.integration.status_code, 503);
}
END_TEST

START_TEST(test_order_does_not_matter)
{
    /* References may point forwards and backwards. */
    S_compile_clean(HEAD
                    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"}\n"
                    "]}");
    ck_assert_ptr_eq(S_node("r")->as.route.api.node, S_node("api"));
    ck_assert_ptr_eq(S_node("i")->owner_api, S_node("api"));
    ck_assert(S_node("i")->as.integration.timeout_ms == 30000);
}
END_TEST

/* ---- references and ids -------------------------------------------------- */

START_TEST(test_unknown_reference)
{
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"orders-fn\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"order-fn\"}\n"
              "]}");
    S_only_error("unknown-reference", 3, 66, "i",
                 "'function' names \"order-fn\", which is not a node; did you mean \"orders-fn\"?");
    ck_assert_str_eq(comp.diags.items[0].loc.path, "/nodes/1/function");
    ck_assert_ptr_null(S_node("i")->as.integration.function.node);
}
END_TEST

START_TEST(test_unknown_reference_suggests_right_kind)
{
    /* "fn-2" is nearer, but a function cannot be an API. */
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"fn-1\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"api\", \"id\": \"fn-api\", \"type\": \"http\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"fn-2\"}\n"
              "]}");
    S_only_error("unknown-reference", 4, 53, "s", "'api' names \"fn-2\", which is not a node");
}
END_TEST

START_TEST(test_wrong_reference_kind)
{
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"fn\"}\n"
              "]}");
    const aw_diag *d = S_only_error("wrong-reference", 3, 53, "s", "'api' must name an api, but \"fn\" is a function");
    S_assert_related(d, 2, 1, "\"fn\" is defined here");
}
END_TEST

START_TEST(test_reference_in_list_and_sub_object)
{
    S_compile(HEAD
              "{\"kind\": \"apiKey\", \"id\": \"k\"},\n"
              "{\"kind\": \"usagePlan\", \"id\": \"p\", \"apiKeys\": [\"k\", \"k2\"]},\n"
              "{\"kind\": \"client\", \"id\": \"c\", \"traffic\": {\"rate\": 1}, \"mix\": [{\"route\": \"k\"}]}\n"
              "]}");
    ck_assert_uint_eq(comp.diags.count, 2);
    const aw_diag *d = &comp.diags.items[0];
    ck_assert_str_eq(d->code, "unknown-reference");
    ck_assert_str_eq(d->message, "'apiKeys' names \"k2\", which is not a node; did you mean \"k\"?");
    ck_assert_uint_eq(d->loc.line, 3);
    ck_assert_uint_eq(d->loc.col, 51);
    ck_assert_str_eq(d->loc.path, "/nodes/1/apiKeys/1");
    ck_assert_str_eq(d->element, "p");
    d = &comp.diags.items[1];
    ck_assert_str_eq(d->code, "wrong-reference");
    ck_assert_str_eq(d->message, "'route' must name a route, but \"k\" is an apiKey");
    ck_assert_uint_eq(d->loc.line, 4);
    ck_assert_uint_eq(d->loc.col, 73);
    ck_assert_str_eq(d->loc.path, "/nodes/2/mix/0/route");
    ck_assert_str_eq(d->element, "c");
}
END_TEST

START_TEST(test_none_only_where_allowed)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"none\"}\n"
              "]}");
    S_only_error("unknown-reference", 2, 67, "api", "'defaultAuthorizer' names \"none\", which is not a node");
}
END_TEST

START_TEST(test_duplicate_id)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"x\", \"type\": \"http\"},\n"
              "{\"kind\": \"function\", \"id\": \"x\", \"runtime\": \"nodejs22.x\"}\n"
              "]}");
    const aw_diag *d = S_only_error("duplicate-id", 3, 28, "x", "the id \"x\" is used twice");
    S_assert_related(d, 2, 23, "first used here, by an API");
}
END_TEST

START_TEST(test_bad_ids)
{
    S_compile(HEAD
              "{\"kind\": \"apiKey\", \"id\": \"\"},\n"
              "{\"kind\": \"apiKey\", \"id\": \"a b\"},\n"
              "{\"kind\": \"apiKey\", \"id\": \"none\"},\n"
              "{\"kind\": \"apiKey\", \"id\": \"caf\xc3\xa9\"},\n"
              "{\"kind\": \"apiKey\", \"id\": \"ok-1_2.3\"}\n"
              "]}");
    ck_assert_uint_eq(comp.diags.count, 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(comp.diags.items[i].code, "bad-id");
        ck_assert_uint_eq(comp.diags.items[i].loc.line, i + 2);
        ck_assert_uint_eq(comp.diags.items[i].loc.col, 26);
    }
    ck_assert_str_eq(comp.diags.items[2].message, "id \"none\" is reserved for routes without an authorizer");
}
END_TEST

START_TEST(test_id_length_limit)
{
    char text[1024];
    char id[130];
    memset(id, 'a', 129);
    id[129] = '\0';
    snprintf(text, sizeof text, HEAD "{\"kind\": \"apiKey\", \"id\": \"%.128s\"},\n{\"kind\": \"apiKey\", \"id\": \"%s\"}\n]}",
             id + 1, id);
    S_compile(text);
    S_only_error("bad-id", 3, 26, id, NULL);
}
END_TEST

START_TEST(test_no_cascade_from_unresolved)
{
    /* A route whose API is missing gets one error, not more about its shape
     * or about the stages and clients that name it. */
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"nope\", \"path\": \"bad\", \"integration\": \"i\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\",\n"
              " \"routeThrottles\": [{\"route\": \"r\", \"rate\": 1, \"burst\": 1}]},\n"
              "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 1}, \"mix\": [{\"route\": \"r\"}]}\n"
              "]}");
    S_only_error("unknown-reference", 4, 37, "r", "'api' names \"nope\", which is not a node");
}
END_TEST

/* ---- routes --------------------------------------------------------------- */

#define ROUTES_HEAD HEAD \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"http\", \"url\": \"https://example.com\"},\n"

START_TEST(test_duplicate_route)
{
    S_compile(ROUTES_HEAD
              "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p/{id}\", \"integration\": \"i\"},\n"
              "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p/{key}\", \"integration\": \"i\"}\n"
              "]}");
    const aw_diag *d = S_only_error("duplicate-route", 5, 69, "b",
                                    "route 'b' repeats route 'a' of API \"api\": GET /p/{key} and GET /p/{id} differ "
                                    "only in parameter names");
    S_assert_related(d, 4, 69, "route 'a' has it first");
}
END_TEST

START_TEST(test_same_path_other_method)
{
    S_compile_clean(ROUTES_HEAD
                    "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"api\", \"method\": \"POST\", \"path\": \"/p\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"api\", \"method\": \"ANY\", \"path\": \"/p\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"d\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p/{proxy+}\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"e\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p/{id}\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"f\", \"api\": \"api\", \"routeKey\": \"$default\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"route\", \"id\": \"g\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"}\n"
                    "]}");
}
END_TEST

static const struct {
    const char *path;
    const char *message;
} S_bad_paths[] = {
    {"p", "path \"p\" must start with '/'"},
    {"", "path \"\" must start with '/'"},
    {"/p/", "path \"/p/\" must not end with '/'"},
    {"/a//b", "path \"/a//b\" has an empty segment"},
    {"//", "path \"//\" has an empty segment"},
    {"/{proxy+}/x", "path \"/{proxy+}/x\": the greedy parameter \"{proxy+}\" must be the last segment"},
    {"/{}", "path \"/{}\": \"{}\" is not a parameter such as {id} or {proxy+}"},
    {"/{+}", "path \"/{+}\": \"{+}\" is not a parameter such as {id} or {proxy+}"},
    {"/{a b}", "path \"/{a b}\": \"{a b}\" is not a parameter such as {id} or {proxy+}"},
    {"/{id", "path \"/{id\": \"{id\" is not a parameter such as {id} or {proxy+}"},
    {"/x{id}", "path \"/x{id}\" contains '{', which a resource path may not"},
    {"/p?q=1", "path \"/p?q=1\" contains '?', which a resource path may not"},
    {"/caf\xc3\xa9", "path \"/caf\xc3\xa9\" contains '\xc3\xa9', which a resource path may not"},
    {"/a b", "path \"/a b\" contains ' ', which a resource path may not"},
};

START_TEST(test_bad_paths)
{
    char text[1024];
    snprintf(text, sizeof text,
             ROUTES_HEAD "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"%s\", "
                         "\"integration\": \"i\"}\n]}",
             S_bad_paths[_i].path);
    S_compile(text);
    S_only_error("bad-path", 4, 69, "r", S_bad_paths[_i].message);
}
END_TEST

START_TEST(test_long_path_message_clipped)
{
    /* A message quoting a long path shows its start, cut at a character
     * boundary with an ellipsis, and still says what is wrong. */
    char text[8192];
    char path[3001];
    path[0] = '/';
    memset(path + 1, 'a', 2997);
    memcpy(path + 2998, "\xc3\xa9", 3);
    snprintf(text, sizeof text,
             ROUTES_HEAD "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"%s\", "
                         "\"integration\": \"i\"}\n]}",
             path);
    S_compile(text);
    const aw_diag *d = S_only_error("bad-path", 4, 69, "r", NULL);
    char want[4096];
    snprintf(want, sizeof want, "path \"%.*s\xe2\x80\xa6\" contains '\xc3\xa9', which a resource path may not",
             (int)AW_ECHO_MAX - 1, path);
    ck_assert_str_eq(d->message, want);
}
END_TEST

START_TEST(test_websocket_route_needs_key)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"ws\", \"integration\": \"i\"}\n"
              "]}");
    S_only_error("route-shape", 4, 1, "r", "a route of a WebSocket API needs a 'routeKey' such as \"$connect\"");
}
END_TEST

START_TEST(test_websocket_route_half_method_path)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"ws\", \"method\": \"POST\", \"integration\": \"i\"}\n"
              "]}");
    S_only_error("route-shape", 4, 53, "r",
                 "a route of a WebSocket API needs a 'routeKey' such as \"$connect\", not 'method' and 'path'");
}
END_TEST

START_TEST(test_websocket_route_by_method_path)
{
    /* A whole method and path is a key of the wrong kind, which AW-COMPAT-004
     * reports; the resolver checks it as any other route's. */
#define WS_PATH_ROUTE(path) HEAD "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n" \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n" \
    "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"ws\", \"method\": \"POST\", \"path\": \"" path "\", \"integration\": \"i\"}\n]}"
    S_compile_clean(WS_PATH_ROUTE("/send"));
    ck_assert_ptr_null(S_node("a")->as.route.route_key);
    S_teardown();
    S_compile(WS_PATH_ROUTE("send"));
    S_only_error("bad-path", 4, 69, "a", "path \"send\" must start with '/'");
#undef WS_PATH_ROUTE
}
END_TEST

START_TEST(test_route_key_on_http)
{
    S_compile(ROUTES_HEAD
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"routeKey\": \"$connect\", \"integration\": \"i\"}\n"
              "]}");
    S_only_error("bad-route-key", 4, 56, "r", "route key \"$connect\" is not one of $default");
}
END_TEST

START_TEST(test_route_needs_method_and_path)
{
    S_compile(ROUTES_HEAD
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"path\": \"/\", \"integration\": \"i\"}\n"
              "]}");
    S_only_error("route-shape", 4, 1, "r", "route 'r' needs both 'method' and 'path'");
}
END_TEST

START_TEST(test_websocket_route_keys)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"ws\", \"routeKey\": \"$connect\", \"integration\": \"i\"},\n"
              "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"ws\", \"routeKey\": \"send message\", \"integration\": \"i\"},\n"
              "{\"kind\": \"route\", \"id\": \"c\", \"api\": \"ws\", \"routeKey\": \"\", \"integration\": \"i\"},\n"
              "{\"kind\": \"route\", \"id\": \"d\", \"api\": \"ws\", \"routeKey\": \"$connect\", \"integration\": \"i\"}\n"
              "]}");
    ck_assert_uint_eq(comp.diags.count, 3);
    ck_assert_str_eq(comp.diags.items[0].message, "route key \"send message\" must not contain white space");
    ck_assert_str_eq(comp.diags.items[1].message, "route key must not be empty");
    ck_assert_str_eq(comp.diags.items[2].code, "duplicate-route");
    ck_assert_str_eq(comp.diags.items[2].message, "route 'd' repeats the route key \"$connect\" of API \"ws\"");
    ck_assert_uint_eq(comp.diags.items[2].loc.col, 55);
    ck_assert_uint_eq(comp.diags.items[2].related.line, 4);
}
END_TEST

START_TEST(test_none_reason_without_none)
{
    S_compile(ROUTES_HEAD
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\",\n"
              " \"noneReason\": \"public\"}\n"
              "]}");
    S_only_diag(AW_SEV_WARNING, "unused-field", 5, 16, "r", "'noneReason' only applies with authorizer \"none\"");
    ck_assert_uint_eq(comp.diags.warnings, 1);
    ck_assert_uint_eq(comp.diags.errors, 0);
}
END_TEST

START_TEST(test_unknown_request_model)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"models\": [{\"name\": \"Pet\", \"schema\": \"{}\"}]},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"POST\", \"path\": \"/\", \"integration\": \"i\",\n"
              " \"requestModel\": \"Dog\"}\n"
              "]}");
    S_only_error("unknown-reference", 5, 18, "r", "'requestModel' names \"Dog\", which API \"api\" does not define");
}
END_TEST

/* ---- variants and API types ----------------------------------------------- */

START_TEST(test_variant_missing_field)
{
    /* 'role' may be left out: the template then creates one. */
    S_compile(HEAD "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"aws\", \"service\": \"sqs\"}\n]}");
    ck_assert_uint_eq(comp.diags.count, 1);
    ck_assert_str_eq(comp.diags.items[0].message, "integration 'i' of type \"aws\" needs 'action'");
    ck_assert_uint_eq(comp.diags.items[0].loc.col, 1);
    ck_assert_str_eq(comp.diags.items[0].element, "i");
}
END_TEST

START_TEST(test_variant_unused_field)
{
    S_compile(HEAD "{\"kind\": \"datastore\", \"id\": \"d\", \"engine\": \"s3\", \"readCapacity\": 5}\n]}");
    S_only_diag(AW_SEV_WARNING, "unused-field", 2, 66, "d",
                "'readCapacity' does not apply to a datastore of engine \"s3\" and is ignored");
}
END_TEST

START_TEST(test_api_type_fit_left_to_lint)
{
    /* What an API type does not offer compiles: the compatibility rules
     * (AW-COMPAT-*) report it on the resolved model. */
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"cors\": {}},\n"
                    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
                    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
                    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", \"cache\": {\"sizeGb\": 0.5}},\n"
                    "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"]}\n"
                    "]}");
    ck_assert_ptr_eq(S_node("i")->owner_api, S_node("api"));
}
END_TEST

START_TEST(test_shared_integration_owner)
{
    /* The mock belongs to the REST API, whose route uses it first. */
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"rest\", \"type\": \"rest\"},\n"
                    "{\"kind\": \"api\", \"id\": \"http\", \"type\": \"http\"},\n"
                    "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\"},\n"
                    "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"rest\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"m\"},\n"
                    "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"http\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"m\"}\n"
                    "]}");
    ck_assert_ptr_eq(S_node("m")->owner_api, S_node("rest"));
}
END_TEST

START_TEST(test_default_authorizer_owner)
{
    /* No route relies on the default, yet it belongs to the API that names it. */
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"defaultAuthorizer\": \"a\"},\n"
                    "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"iam\"}\n"
                    "]}");
    ck_assert_ptr_eq(S_node("a")->owner_api, S_node("api"));
}
END_TEST

START_TEST(test_public_route_does_not_use_default)
{
    /* Only "none" routes: the default authorizer still belongs to the API,
     * and the routes use no authorizer. */
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"a\"},\n"
                    "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\",\n"
                    " \"authorizer\": \"none\", \"noneReason\": \"status page\"}\n"
                    "]}");
    ck_assert_ptr_eq(S_node("a")->owner_api, S_node("api"));
    ck_assert_int_eq(S_node("a")->as.authorizer.payload_format, AW_PAYLOAD_2_0);
    ck_assert(S_node("r")->as.route.auth_none);
}
END_TEST

/* ---- stages, clients and data stores ----------------------------------- */

START_TEST(test_duplicate_stage)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s1\", \"name\": \"prod\", \"api\": \"api\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s2\", \"name\": \"prod\", \"api\": \"api\"}\n"
              "]}");
    const aw_diag *d = S_only_error("duplicate-stage", 4, 39, "s2", "API \"api\" has two stages named \"prod\"");
    S_assert_related(d, 3, 39, "stage 's1' has it first");
}
END_TEST

START_TEST(test_same_stage_name_other_api)
{
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"
                    "{\"kind\": \"api\", \"id\": \"b\", \"type\": \"rest\"},\n"
                    "{\"kind\": \"stage\", \"id\": \"s1\", \"name\": \"prod\", \"api\": \"a\"},\n"
                    "{\"kind\": \"stage\", \"id\": \"s2\", \"name\": \"prod\", \"api\": \"b\"}\n"
                    "]}");
}
END_TEST

START_TEST(test_stage_names)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s1\", \"name\": \"v 1\", \"api\": \"api\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s2\", \"api\": \"api\"}\n"
              "]}");
    ck_assert_uint_eq(comp.diags.count, 2);
    ck_assert_str_eq(comp.diags.items[0].code, "bad-stage-name");
    ck_assert_uint_eq(comp.diags.items[0].loc.col, 39);
    ck_assert_str_eq(comp.diags.items[1].code, "missing-field");
    ck_assert_str_eq(comp.diags.items[1].message, "stage 's2' needs a 'name': the stage name, e.g. \"prod\"");
    ck_assert_uint_eq(comp.diags.items[1].loc.col, 1);
}
END_TEST

START_TEST(test_lambda_alias_forms)
{
    /* A literal alias and a stage variable are fine; anything else is not. */
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"integration\", \"id\": \"a\", \"type\": \"lambda\", \"function\": \"fn\", \"alias\": \"live\"},\n"
              "{\"kind\": \"integration\", \"id\": \"b\", \"type\": \"lambda\", \"function\": \"fn\", "
              "\"alias\": \"${stageVariables.lambdaAlias}\"},\n"
              "{\"kind\": \"integration\", \"id\": \"c\", \"type\": \"lambda\", \"function\": \"fn\", \"alias\": \"v1:live\"}\n"
              "]}");
    S_only_error("bad-value", 5, 81, "c",
                 "'alias' of integration 'c' is \"v1:live\"; give a Lambda alias (letters, digits, '-', '_') or "
                 "${stageVariables.NAME}");
}
END_TEST

/* JWT authorizers: one spelling of the issuers, and only what API Gateway
 * accepts in them. Each line 2, at the column of what is wrong. */
static const struct {
    const char *fields, *code;
    unsigned col;
    const char *message;
} S_bad_jwt[] = {
    {"\"audiences\": [\"x\"]", "missing-field", 1,
     "authorizer 'a' of type \"jwt\" needs 'issuer' (with its 'audiences') or 'issuers'"},
    {"\"issuer\": \"https://a.example.com\", \"issuers\": [{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"]}]",
     "bad-value", 60, "authorizer 'a' lists 'issuers' and also 'issuer': give each issuer its audiences inside 'issuers'"},
    {"\"issuers\": [{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"]}, "
     "{\"issuer\": \"https://b.example.com\", \"audiences\": [\"y\"]}]",
     "duplicate", 130, "authorizer 'a' trusts issuer 'https://b.example.com' twice; list its audiences once"},
    {"\"issuers\": [{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"], \"claims\": [{\"name\": \"scope\"}]}]",
     "bad-value", 138, "authorizer 'a' lists claim 'scope', which API Gateway checks itself; a claim rule may not "
     "name iss, aud, exp, nbf, iat, scope or scp"},
    {"\"issuers\": [{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"], "
     "\"claims\": [{\"name\": \"tenant\"}, {\"name\": \"tenant\", \"required\": true}]}]",
     "duplicate", 158, "authorizer 'a' lists claim 'tenant' twice for issuer 'https://b.example.com'"},
    {"\"issuers\": [{\"issuer\": \"https://b.example.com\", \"audiences\": [\"x\"], "
     "\"claims\": [{\"name\": \"tenant\", \"values\": [\"\"]}]}]",
     "bad-value", 158, "claim 'tenant' of authorizer 'a' accepts an empty value, which API Gateway refuses"},
    {"\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], \"algorithms\": [\"HS256\"]", "bad-value", 119,
     "authorizer 'a' accepts algorithm 'HS256', which API Gateway does not offer; give RS256, RS384, RS512, ES256, "
     "ES384 or ES512"},
};

START_TEST(test_bad_jwt_authorizers)
{
    char text[1024];
    snprintf(text, sizeof text, HEAD "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"jwt\", %s}\n]}",
             S_bad_jwt[_i].fields);
    S_compile(text);
    S_only_error(S_bad_jwt[_i].code, 2, S_bad_jwt[_i].col, "a", S_bad_jwt[_i].message);
}
END_TEST

START_TEST(test_jwt_authorizer_forms)
{
    /* One issuer either way, several issuers with claims, and algorithms. */
    S_compile_clean(HEAD
                    "{\"kind\": \"authorizer\", \"id\": \"a\", \"type\": \"jwt\", \"issuer\": \"https://a.example.com\", "
                    "\"audiences\": [\"x\"]},\n"
                    "{\"kind\": \"authorizer\", \"id\": \"b\", \"type\": \"jwt\", \"algorithms\": [\"RS256\", \"ES512\"], "
                    "\"issuers\": [{\"issuer\": \"https://a.example.com\", \"audiences\": [\"x\"], "
                    "\"claims\": [{\"name\": \"tenant\", \"values\": [\"t1\", \"t2\"], \"required\": true}]}, "
                    "{\"issuer\": \"https://b.example.com\", \"audiences\": [\"y\"]}]}\n"
                    "]}");
    const aw_authorizer *b = &S_node("b")->as.authorizer;
    ck_assert_uint_eq(b->issuer_count, 2);
    ck_assert_str_eq(b->issuers[1].issuer, "https://b.example.com");
    ck_assert_uint_eq(b->issuers[0].claim_count, 1);
    ck_assert(b->issuers[0].claims[0].required);
    ck_assert_uint_eq(b->issuers[0].claims[0].values.count, 2);
}
END_TEST

START_TEST(test_bad_cache_size)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", \"cache\": {\"sizeGb\": 1}}\n"
              "]}");
    S_only_error("bad-value", 3, 80, "s",
                 "cache size 1 GB is not one API Gateway offers (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)");
}
END_TEST

START_TEST(test_cache_sizes_offered)
{
    S_compile_clean(HEAD
                    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
                    "{\"kind\": \"stage\", \"id\": \"a\", \"name\": \"a\", \"api\": \"api\", \"cache\": {\"sizeGb\": 1.6}},\n"
                    "{\"kind\": \"stage\", \"id\": \"b\", \"name\": \"b\", \"api\": \"api\", \"cache\": {\"sizeGb\": 237}},\n"
                    "{\"kind\": \"stage\", \"id\": \"c\", \"name\": \"c\", \"api\": \"api\", \"cache\": {\"sizeGb\": 3, \"enabled\": false}}\n"
                    "]}");
}
END_TEST

START_TEST(test_provisioned_dynamodb)
{
    S_compile(HEAD "{\"kind\": \"datastore\", \"id\": \"t\", \"engine\": \"dynamodb\", \"capacityMode\": \"provisioned\"}\n]}");
    S_only_error("missing-field", 2, 72, "t",
                 "a provisioned DynamoDB table needs 'readCapacity' and 'writeCapacity'");
}
END_TEST

START_TEST(test_foreign_route_in_stage)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"
              "{\"kind\": \"api\", \"id\": \"b\", \"type\": \"rest\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
              "{\"kind\": \"route\", \"id\": \"rb\", \"api\": \"b\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\",\n"
              " \"routeThrottles\": [{\"route\": \"rb\", \"rate\": 1, \"burst\": 1}]}\n"
              "]}");
    S_only_error("foreign-route", 7, 31, "s",
                 "route \"rb\" belongs to API \"b\", not to API \"a\", which stage 's' deploys");
}
END_TEST

START_TEST(test_foreign_route_in_client)
{
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
              "{\"kind\": \"api\", \"id\": \"b\", \"type\": \"http\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"http\", \"url\": \"https://x.example.com\"},\n"
              "{\"kind\": \"route\", \"id\": \"rb\", \"api\": \"b\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\"},\n"
              "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 1}, \"mix\": [{\"route\": \"rb\"}]}\n"
              "]}");
    S_only_error("foreign-route", 7, 87, "c", "route \"rb\" is not part of API \"a\", which stage \"s\" deploys");
}
END_TEST

/* ---- edges and cycles ----------------------------------------------------- */

START_TEST(test_bad_edge)
{
    S_compile(HEAD
              "{\"kind\": \"apiKey\", \"id\": \"d\"},\n"
              "{\"kind\": \"function\", \"id\": \"f\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"datastore\", \"id\": \"s\", \"engine\": \"s3\"}\n"
              "], \"edges\": [\n"
              "  {\"from\": \"f\", \"to\": \"s\"},\n"
              "  {\"from\": \"d\", \"to\": \"f\"}\n"
              "]}");
    S_only_error("bad-edge", 7, 3, NULL,
                 "an edge cannot go from an apiKey (\"d\") to a function (\"f\"); links such as route to "
                 "integration are fields of the node");
    ck_assert_str_eq(comp.diags.items[0].loc.path, "/edges/1");
}
END_TEST

START_TEST(test_bad_edge_article)
{
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"f\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"}\n"
              "], \"edges\": [{\"from\": \"f\", \"to\": \"i\"}]}");
    S_only_error("bad-edge", 4, 14, NULL, "an edge cannot go from a function (\"f\") to an integration (\"i\")");
}
END_TEST

START_TEST(test_cycle)
{
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"a\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"function\", \"id\": \"b\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"function\", \"id\": \"c\", \"runtime\": \"nodejs22.x\"}\n"
              "], \"edges\": [\n"
              "  {\"from\": \"a\", \"to\": \"b\"},\n"
              "  {\"from\": \"b\", \"to\": \"c\"},\n"
              "  {\"from\": \"c\", \"to\": \"a\"}\n"
              "]}");
    S_only_error("cycle", 8, 3, "a", "calls form a cycle: a -> b -> c -> a");
}
END_TEST

START_TEST(test_self_call)
{
    S_compile(HEAD "{\"kind\": \"function\", \"id\": \"a\", \"runtime\": \"nodejs22.x\"}\n], \"edges\": [{\"from\": \"a\", \"to\": \"a\"}]}");
    S_only_error("cycle", 3, 14, "a", "\"a\" calls itself");
}
END_TEST

START_TEST(test_no_cycle_in_diamond)
{
    /* Two paths to the same node are not a cycle. */
    S_compile_clean(HEAD
                    "{\"kind\": \"function\", \"id\": \"a\", \"runtime\": \"nodejs22.x\"},\n"
                    "{\"kind\": \"function\", \"id\": \"b\", \"runtime\": \"nodejs22.x\"},\n"
                    "{\"kind\": \"function\", \"id\": \"c\", \"runtime\": \"nodejs22.x\"},\n"
                    "{\"kind\": \"function\", \"id\": \"d\", \"runtime\": \"nodejs22.x\"}\n"
                    "], \"edges\": [\n"
                    "  {\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"a\", \"to\": \"c\"},\n"
                    "  {\"from\": \"b\", \"to\": \"d\"}, {\"from\": \"c\", \"to\": \"d\"}, {\"from\": \"a\", \"to\": \"d\"}\n"
                    "]}");
}
END_TEST

START_TEST(test_two_cycles)
{
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"a\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"function\", \"id\": \"b\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"function\", \"id\": \"c\", \"runtime\": \"nodejs22.x\"}\n"
              "], \"edges\": [\n"
              "  {\"from\": \"a\", \"to\": \"b\"},\n"
              "  {\"from\": \"b\", \"to\": \"a\"},\n"
              "  {\"from\": \"c\", \"to\": \"c\"}\n"
              "]}");
    ck_assert_uint_eq(comp.diags.count, 2);
    ck_assert_str_eq(comp.diags.items[0].message, "calls form a cycle: a -> b -> a");
    ck_assert_str_eq(comp.diags.items[1].message, "\"c\" calls itself");
}
END_TEST

START_TEST(test_bad_edge_not_in_cycle)
{
    /* A rejected edge does not also count as a call. */
    S_compile(HEAD
              "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
              "{\"kind\": \"function\", \"id\": \"f\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"stage\", \"id\": \"d\", \"name\": \"s\", \"api\": \"a\"}\n"
              "], \"edges\": [{\"from\": \"f\", \"to\": \"d\"}, {\"from\": \"d\", \"to\": \"f\"}]}");
    S_only_error("bad-edge", 5, 40, NULL, NULL);
}
END_TEST

START_TEST(test_queue_feedback_is_not_a_cycle)
{
    /* A function that writes to the queue it consumes: delivery from the
     * queue is asynchronous, so no call ever waits on itself. */
    S_compile(HEAD
              "{\"kind\": \"function\", \"id\": \"f\", \"runtime\": \"nodejs22.x\"},\n"
              "{\"kind\": \"datastore\", \"id\": \"q\", \"engine\": \"sqs\"}\n"
              "], \"edges\": [{\"from\": \"f\", \"to\": \"q\"}, {\"from\": \"q\", \"to\": \"f\"}]}");
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_ptr_eq(comp.model->edges[1].to.node, aw_model_find(comp.model, "f"));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("resolve");
    TCase *resolved = aw_test_tcase(s, "resolved", NULL, S_teardown);
    tcase_add_test(resolved, test_references_resolved);
    tcase_add_test(resolved, test_queue_feedback_is_not_a_cycle);
    tcase_add_test(resolved, test_edge_ids);
    tcase_add_test(resolved, test_owner_api);
    tcase_add_test(resolved, test_auth_none);
    tcase_add_test(resolved, test_api_type_defaults);
    tcase_add_test(resolved, test_explicit_values_kept);
    tcase_add_test(resolved, test_order_does_not_matter);

    TCase *refs = aw_test_tcase(s, "references", NULL, S_teardown);
    tcase_add_test(refs, test_unknown_reference);
    tcase_add_test(refs, test_unknown_reference_suggests_right_kind);
    tcase_add_test(refs, test_wrong_reference_kind);
    tcase_add_test(refs, test_reference_in_list_and_sub_object);
    tcase_add_test(refs, test_none_only_where_allowed);
    tcase_add_test(refs, test_duplicate_id);
    tcase_add_test(refs, test_bad_ids);
    tcase_add_test(refs, test_id_length_limit);
    tcase_add_test(refs, test_no_cascade_from_unresolved);

    TCase *routes = aw_test_tcase(s, "routes", NULL, S_teardown);
    tcase_add_test(routes, test_duplicate_route);
    tcase_add_test(routes, test_same_path_other_method);
    tcase_add_loop_test(routes, test_bad_paths, 0, (int)(sizeof S_bad_paths / sizeof S_bad_paths[0]));
    tcase_add_test(routes, test_long_path_message_clipped);
    tcase_add_test(routes, test_websocket_route_needs_key);
    tcase_add_test(routes, test_websocket_route_half_method_path);
    tcase_add_test(routes, test_websocket_route_by_method_path);
    tcase_add_test(routes, test_route_key_on_http);
    tcase_add_test(routes, test_route_needs_method_and_path);
    tcase_add_test(routes, test_websocket_route_keys);
    tcase_add_test(routes, test_none_reason_without_none);
    tcase_add_loop_test(routes, test_bad_jwt_authorizers, 0, (int)(sizeof S_bad_jwt / sizeof S_bad_jwt[0]));
    tcase_add_test(routes, test_jwt_authorizer_forms);
    tcase_add_test(routes, test_unknown_request_model);

    TCase *fit = aw_test_tcase(s, "fit", NULL, S_teardown);
    tcase_add_test(fit, test_variant_missing_field);
    tcase_add_test(fit, test_lambda_alias_forms);
    tcase_add_test(fit, test_variant_unused_field);
    tcase_add_test(fit, test_api_type_fit_left_to_lint);
    tcase_add_test(fit, test_shared_integration_owner);
    tcase_add_test(fit, test_default_authorizer_owner);
    tcase_add_test(fit, test_public_route_does_not_use_default);

    TCase *stages = aw_test_tcase(s, "stages", NULL, S_teardown);
    tcase_add_test(stages, test_duplicate_stage);
    tcase_add_test(stages, test_same_stage_name_other_api);
    tcase_add_test(stages, test_stage_names);
    tcase_add_test(stages, test_bad_cache_size);
    tcase_add_test(stages, test_cache_sizes_offered);
    tcase_add_test(stages, test_provisioned_dynamodb);
    tcase_add_test(stages, test_foreign_route_in_stage);
    tcase_add_test(stages, test_foreign_route_in_client);

    TCase *edges = aw_test_tcase(s, "edges", NULL, S_teardown);
    tcase_add_test(edges, test_bad_edge);
    tcase_add_test(edges, test_bad_edge_article);
    tcase_add_test(edges, test_cycle);
    tcase_add_test(edges, test_self_call);
    tcase_add_test(edges, test_no_cycle_in_diamond);
    tcase_add_test(edges, test_two_cycles);
    tcase_add_test(edges, test_bad_edge_not_in_cycle);
    return s;
}

AW_TEST_MAIN(S_suite)
