/* The deploy-time fields of the diagram format (usage plans' per-route
 * throttles, per-route caching, Route 53 aliases of custom domains): each
 * read from both spellings, refused with its place when wrong, and written
 * into the template as AWS reads it. */

#include "test_lint_support.h"
#include "test_build_support.h"

AW_TEST_BUILD_FIXTURE()

static json_t *S_at(json_t *root, const char *path)
{
    return aw_test_json_at(root, path);
}

static const char *S_str(json_t *root, const char *path)
{
    return json_string_value(S_at(root, path));
}

static double S_num(json_t *root, const char *path)
{
    json_t *v = S_at(root, path);
    ck_assert_msg(json_is_number(v), "%s is not a number", path);
    return json_number_value(v);
}

/* The one diagnostic of the compile, an error with this code, place and
 * wording. */
static void S_only_error(const char *file, const char *code, unsigned line, unsigned col, const char *element,
                         const char *message)
{
    aw_test_compile_diag_at(&b.c, file, AW_SEV_ERROR, code, line, col, element, message);
}

/* Builds a diagram that compiles cleanly and deploys, and insists that the
 * build warned with exactly this message at line and column. */
static void S_build_warns(const char *text, const char *message, unsigned line, unsigned col)
{
    aw_test_assert_clean(&b.c, S_compile(text, AW_SPELLING_JSON));
    ck_assert(aw_artifacts_build(&b.c, &b.artifacts));
    for (size_t i = 0; i < b.c.diags.count; i++) {
        const aw_diag *d = &b.c.diags.items[i];
        if (d->severity == AW_SEV_WARNING && strcmp(d->message, message) == 0) {
            aw_test_assert_loc(&d->loc, "t.json", line, col, NULL);
            return;
        }
    }
    aw_test_dump_diags(&b.c.diags);
    ck_abort_msg("no warning \"%s\"", message);
}

/* Compiles a JSON diagram cleanly and lints it: the one finding of code
 * (and of its family), at line and column. */
static const aw_diag *S_lint_finding(const char *text, const char *code, unsigned line, unsigned col)
{
    const aw_diag *d = aw_test_lint_expect(&b.c, S_compile(text, AW_SPELLING_JSON), code, 1);
    aw_test_assert_loc(&d->loc, "t.json", line, col, NULL);
    return d;
}

/* ---- usage plans: per-route throttles -------------------------------------- */

#define PLAN_HEAD                                                                                                 \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                          \
    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"                                                 \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"                                         \
    "{\"kind\": \"route\", \"id\": \"book\", \"api\": \"a\", \"method\": \"POST\", \"path\": \"/shipments/{id}\","  \
    " \"integration\": \"i\", \"apiKeyRequired\": true},\n"                                                     \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\","                                 \
    " \"throttle\": {\"rate\": 100, \"burst\": 200}},\n"                                                      \
    "{\"kind\": \"apiKey\", \"id\": \"k\"},\n"

static const char plan_json[] = PLAN_HEAD
    "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"], \"apiKeys\": [\"k\"],\n"
    " \"throttle\": {\"rate\": 10, \"burst\": 20},\n"
    " \"routeThrottles\": [{\"route\": \"book\", \"rate\": 2, \"burst\": 4}]}\n"
    "]}";

static const char plan_xml[] =
    "<diagram archway=\"1\" name=\"t\"><nodes>\n"
    "<api id=\"a\" type=\"rest\"/>\n"
    "<integration id=\"i\" type=\"mock\"/>\n"
    "<route id=\"book\" api=\"a\" method=\"POST\" path=\"/shipments/{id}\" integration=\"i\" apiKeyRequired=\"true\"/>\n"
    "<stage id=\"s\" name=\"prod\" api=\"a\"/>\n"
    "<apiKey id=\"k\"/>\n"
    "<usagePlan id=\"p\">\n"
    "  <stages><stage>s</stage></stages><apiKeys><apiKey>k</apiKey></apiKeys>\n"
    "  <throttle rate=\"10\" burst=\"20\"/>\n"
    "  <routeThrottles><routeThrottle route=\"book\" rate=\"2\" burst=\"4\"/></routeThrottles>\n"
    "</usagePlan>\n"
    "</nodes></diagram>\n";

/* The key's throttle on the one method, beside the plan's own. */
static void S_assert_plan_throttles(void)
{
    const aw_usage_plan *up = &aw_test_node(&b.c, "p")->as.usage_plan;
    ck_assert_uint_eq(up->route_throttle_count, 1);
    ck_assert_ptr_eq(up->route_throttles[0].route.node, aw_test_node(&b.c, "book"));
    json_t *plan = S_at(b.template, "Resources|PUsagePlan|Properties");
    ck_assert_ptr_nonnull(plan);
    ck_assert_double_eq(S_num(plan, "ApiStages|0|Throttle|/shipments/{id}/POST|RateLimit"), 2);
    ck_assert_double_eq(S_num(plan, "ApiStages|0|Throttle|/shipments/{id}/POST|BurstLimit"), 4);
    ck_assert_double_eq(S_num(plan, "Throttle|RateLimit"), 10);
    ck_assert_uint_eq(json_object_size(S_at(plan, "ApiStages|0|Throttle")), 1);
}

START_TEST(test_plan_route_throttle_json)
{
    S_build(plan_json, AW_SPELLING_JSON);
    S_assert_plan_throttles();
}
END_TEST

START_TEST(test_plan_route_throttle_xml)
{
    S_build(plan_xml, AW_SPELLING_XML);
    S_assert_plan_throttles();
}
END_TEST

START_TEST(test_plan_route_throttle_of_uncovered_api)
{
    S_compile(PLAN_HEAD
              "{\"kind\": \"api\", \"id\": \"b\", \"type\": \"rest\"},\n"
              "{\"kind\": \"route\", \"id\": \"other\", \"api\": \"b\", \"method\": \"GET\", \"path\": \"/\", "
              "\"integration\": \"i\"},\n"
              "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"],\n"
              " \"routeThrottles\": [{\"route\": \"other\", \"rate\": 2, \"burst\": 4}]}\n"
              "]}",
              AW_SPELLING_JSON);
    S_only_error("t.json", "foreign-route", 10, 31, "p",
                 "route \"other\" belongs to API \"b\", none of whose stages usage plan 'p' covers");
}
END_TEST

START_TEST(test_plan_route_throttle_without_rate_xml)
{
    S_compile("<diagram archway=\"1\" name=\"t\"><nodes>\n"
              "<usagePlan id=\"p\">\n"
              "  <routeThrottles><routeThrottle route=\"book\" burst=\"4\"/></routeThrottles>\n"
              "</usagePlan>\n"
              "</nodes></diagram>\n",
              AW_SPELLING_XML);
    ck_assert_int_eq(b.c.status, AW_COMPILE_ERRORS);
    ck_assert_uint_ge(b.c.diags.count, 1);
    const aw_diag *d = &b.c.diags.items[0];
    aw_test_assert_loc(&d->loc, "t.xml", 3, 0, NULL);
    ck_assert_str_eq(d->message, "<routeThrottle> is missing the required attribute 'rate'");
}
END_TEST

START_TEST(test_plan_route_throttle_above_the_plan_is_noted)
{
    const aw_diag *d = S_lint_finding(PLAN_HEAD
              "{\"kind\": \"usagePlan\", \"id\": \"p\", \"stages\": [\"s\"], \"apiKeys\": [\"k\"],\n"
              " \"throttle\": {\"rate\": 10, \"burst\": 20}, \"quota\": {\"limit\": 1000, \"period\": \"day\"},\n"
              " \"routeThrottles\": [{\"route\": \"book\", \"rate\": 50, \"burst\": 100}]}\n"
              "]}",
              "AW-THR-004", 9, 47);
    ck_assert_ptr_nonnull(strstr(d->message, "the override of route 'book' in usage plan 'p'"));
    ck_assert_ptr_nonnull(strstr(d->message, "the per-key throttle of usage plan 'p'"));
}
END_TEST

/* ---- per-route caching ------------------------------------------------------ */

#define CACHE_HEAD                                                                                                \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                          \
    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"                                                 \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"                                         \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\", \"throttle\": {\"rate\": 9, \"burst\": 9},\n" \
    " \"cache\": {\"sizeGb\": 0.5, \"ttl\": \"60s\", \"encrypted\": true}},\n"

static const char cache_json[] = CACHE_HEAD
    "{\"kind\": \"route\", \"id\": \"list\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/rewards/{tier}\",\n"
    " \"integration\": \"i\", \"cache\": {\"ttl\": \"3600s\", \"keys\": [\"method.request.querystring.lang\"]}},\n"
    "{\"kind\": \"route\", \"id\": \"fresh\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/balance\",\n"
    " \"integration\": \"i\", \"cache\": {\"enabled\": false}}\n"
    "]}";

static const char cache_xml[] =
    "<diagram archway=\"1\" name=\"t\"><nodes>\n"
    "<api id=\"a\" type=\"rest\"/>\n"
    "<integration id=\"i\" type=\"mock\"/>\n"
    "<stage id=\"s\" name=\"prod\" api=\"a\"><throttle rate=\"9\" burst=\"9\"/>"
    "<cache sizeGb=\"0.5\" ttl=\"60s\" encrypted=\"true\"/></stage>\n"
    "<route id=\"list\" api=\"a\" method=\"GET\" path=\"/rewards/{tier}\" integration=\"i\">\n"
    "  <cache ttl=\"3600s\"><keys><key>method.request.querystring.lang</key></keys></cache>\n"
    "</route>\n"
    "<route id=\"fresh\" api=\"a\" method=\"GET\" path=\"/balance\" integration=\"i\"><cache enabled=\"false\"/></route>\n"
    "</nodes></diagram>\n";

/* The stage's method settings give each route its caching, with the
 * stage's throttle and encryption kept; the OpenAPI operation is keyed on
 * the path parameter and the declared query string. */
static void S_assert_route_caches(void)
{
    json_t *settings = S_at(b.template, "Resources|SStage|Properties|MethodSettings");
    ck_assert_uint_eq(json_array_size(settings), 3);
    ck_assert_str_eq(S_str(settings, "1|ResourcePath"), "/~1rewards~1{tier}");
    ck_assert_str_eq(S_str(settings, "1|HttpMethod"), "GET");
    ck_assert(json_is_true(S_at(settings, "1|CachingEnabled")));
    ck_assert_double_eq(S_num(settings, "1|CacheTtlInSeconds"), 3600);
    ck_assert(json_is_true(S_at(settings, "1|CacheDataEncrypted")));
    ck_assert_double_eq(S_num(settings, "1|ThrottlingRateLimit"), 9);
    ck_assert_str_eq(S_str(settings, "2|ResourcePath"), "/~1balance");
    ck_assert(json_is_false(S_at(settings, "2|CachingEnabled")));
    ck_assert_ptr_null(S_at(settings, "2|CacheTtlInSeconds"));
    json_t *op = S_at(b.openapi, "paths|/rewards/{tier}|get");
    json_t *keys = S_at(op, "x-amazon-apigateway-integration|cacheKeyParameters");
    ck_assert_uint_eq(json_array_size(keys), 2);
    ck_assert_str_eq(S_str(keys, "0"), "method.request.path.tier");
    ck_assert_str_eq(S_str(keys, "1"), "method.request.querystring.lang");
    ck_assert_str_eq(S_str(op, "parameters|1|name"), "lang");
    ck_assert_str_eq(S_str(op, "parameters|1|in"), "query");
}

START_TEST(test_route_cache_json)
{
    S_build(cache_json, AW_SPELLING_JSON);
    S_assert_route_caches();
}
END_TEST

START_TEST(test_route_cache_xml)
{
    S_build(cache_xml, AW_SPELLING_XML);
    S_assert_route_caches();
}
END_TEST

START_TEST(test_route_cache_on_a_post_is_refused)
{
    S_compile(CACHE_HEAD
              "{\"kind\": \"route\", \"id\": \"book\", \"api\": \"a\", \"method\": \"POST\", \"path\": \"/b\",\n"
              " \"integration\": \"i\", \"cache\": {\"ttl\": \"60s\"}}\n"
              "]}",
              AW_SPELLING_JSON);
    S_only_error("t.json", "bad-value", 7, 31, "book",
                 "route 'book' turns caching on for POST: a stage cache answers GET methods only, as a cached "
                 "answer of any other would reach callers without the call running");
}
END_TEST

START_TEST(test_route_cache_key_that_is_no_parameter)
{
    S_compile(CACHE_HEAD
              "{\"kind\": \"route\", \"id\": \"list\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/r\",\n"
              " \"integration\": \"i\", \"cache\": {\"keys\": [\"querystring.lang\"]}}\n"
              "]}",
              AW_SPELLING_JSON);
    S_only_error("t.json", "bad-value", 7, 40, "list",
                 "cache key 'querystring.lang' of route 'list' is not method.request.header.NAME, "
                 "method.request.querystring.NAME or method.request.path.NAME");
}
END_TEST

START_TEST(test_route_cache_path_key_outside_the_path_xml)
{
    S_compile("<diagram archway=\"1\" name=\"t\"><nodes>\n"
              "<api id=\"a\" type=\"rest\"/>\n"
              "<integration id=\"i\" type=\"mock\"/>\n"
              "<route id=\"list\" api=\"a\" method=\"GET\" path=\"/r/{id}\" integration=\"i\">\n"
              "  <cache><keys><key>method.request.path.tier</key></keys></cache>\n"
              "</route>\n"
              "</nodes></diagram>\n",
              AW_SPELLING_XML);
    S_only_error("t.xml", "bad-value", 5, 0, "list",
                 "cache key 'method.request.path.tier' of route 'list' names no parameter of its path /r/{id}");
}
END_TEST

START_TEST(test_route_cache_without_a_cached_stage_is_reported)
{
    S_build_warns("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                  "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"
                  "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"
                  "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\"},\n"
                  "{\"kind\": \"route\", \"id\": \"list\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/r\",\n"
                  " \"integration\": \"i\", \"cache\": {\"ttl\": \"60s\"}}\n"
                  "]}",
                  "route 'list' sets its caching, but no stage of API 'a' has a cache cluster, so it changes nothing",
                  6, 31);
}
END_TEST

/* ---- Route 53 alias records of custom domains -------------------------------- */

#define DOMAIN_HEAD                                                                                               \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                          \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"},\n"                                         \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"i\"},\n" \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"a\"},\n"

/* The record's zone, name and alias target as the template has them. */
static void S_assert_record(const char *zone_key, const char *zone, const char *dns_attr, const char *zone_attr)
{
    json_t *rec = S_at(b.template, "Resources|ADomainRecord");
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(S_str(rec, "Type"), "AWS::Route53::RecordSet");
    ck_assert_str_eq(S_str(rec, zone_key), zone);
    ck_assert_str_eq(S_str(rec, "Properties|Name"), "api.shop.example.com");
    ck_assert_str_eq(S_str(rec, "Properties|Type"), "A");
    ck_assert_str_eq(S_str(rec, "Properties|AliasTarget|DNSName|Fn::GetAtt|0"), "ADomainName");
    ck_assert_str_eq(S_str(rec, "Properties|AliasTarget|DNSName|Fn::GetAtt|1"), dns_attr);
    ck_assert_str_eq(S_str(rec, "Properties|AliasTarget|HostedZoneId|Fn::GetAtt|0"), "ADomainName");
    ck_assert_str_eq(S_str(rec, "Properties|AliasTarget|HostedZoneId|Fn::GetAtt|1"), zone_attr);
}

START_TEST(test_domain_record_rest_regional_json)
{
    S_build(DOMAIN_HEAD
            "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"customDomain\": {\"domainName\": "
            "\"api.shop.example.com\", \"hostedZoneId\": \"Z0EXAMPLE\"}}\n"
            "]}",
            AW_SPELLING_JSON);
    S_assert_record("Properties|HostedZoneId", "Z0EXAMPLE", "RegionalDomainName", "RegionalHostedZoneId");
}
END_TEST

START_TEST(test_domain_record_rest_edge_json)
{
    S_build(DOMAIN_HEAD
            "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"endpoint\": \"edge\", \"customDomain\": "
            "{\"domainName\": \"api.shop.example.com\", \"hostedZoneName\": \"shop.example.com.\"}}\n"
            "]}",
            AW_SPELLING_JSON);
    S_assert_record("Properties|HostedZoneName", "shop.example.com.", "DistributionDomainName",
                    "DistributionHostedZoneId");
}
END_TEST

START_TEST(test_domain_record_zone_name_xml)
{
    S_build("<diagram archway=\"1\" name=\"t\"><nodes>\n"
            "<integration id=\"i\" type=\"mock\"/>\n"
            "<route id=\"r\" api=\"a\" method=\"GET\" path=\"/\" integration=\"i\"/>\n"
            "<stage id=\"s\" name=\"prod\" api=\"a\"/>\n"
            "<api id=\"a\" type=\"rest\"><customDomain domainName=\"api.shop.example.com\" "
            "hostedZoneName=\"Shop.Example.com\"/></api>\n"
            "</nodes></diagram>\n",
            AW_SPELLING_XML);
    S_assert_record("Properties|HostedZoneName", "Shop.Example.com.", "RegionalDomainName", "RegionalHostedZoneId");
}
END_TEST

START_TEST(test_domain_without_zone_has_no_record)
{
    S_build(DOMAIN_HEAD
            "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\", \"customDomain\": {\"domainName\": "
            "\"api.shop.example.com\"}}\n"
            "]}",
            AW_SPELLING_JSON);
    ck_assert_ptr_nonnull(S_at(b.template, "Resources|ADomainName"));
    ck_assert_ptr_null(S_at(b.template, "Resources|ADomainRecord"));
}
END_TEST

START_TEST(test_domain_outside_its_zone_xml)
{
    S_compile("<diagram archway=\"1\" name=\"t\"><nodes>\n"
              "<api id=\"a\" type=\"http\">\n"
              "  <customDomain domainName=\"api.shopexample.com\" hostedZoneName=\"example.com\"/>\n"
              "</api>\n"
              "</nodes></diagram>\n",
              AW_SPELLING_XML);
    S_only_error("t.xml", "bad-value", 3, 0, "a",
                 "custom domain api.shopexample.com of API 'a' is not in hosted zone example.com, so Route 53 "
                 "cannot hold its record");
}
END_TEST

START_TEST(test_domain_with_two_zones)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"customDomain\": {\"domainName\": "
              "\"api.shop.example.com\",\n"
              " \"hostedZoneId\": \"Z0EXAMPLE\", \"hostedZoneName\": \"shop.example.com\"}}\n"
              "]}",
              AW_SPELLING_JSON);
    S_only_error("t.json", "bad-value", 3, 49, "a",
                 "the custom domain of API 'a' names its hosted zone twice, by 'hostedZoneId' and "
                 "'hostedZoneName'; give one");
}
END_TEST

/* ---- two-way WebSocket routes ------------------------------------------------- */

#define WS_HEAD                                                                                                   \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                          \
    "{\"kind\": \"api\", \"id\": \"w\", \"type\": \"websocket\"},\n"                                            \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"w\"},\n"

/* Whether the API's deployment waits for resource id. */
static bool S_deployment_waits_for(const char *id)
{
    const char *key;
    json_t *res;
    json_object_foreach(S_at(b.template, "Resources"), key, res) {
        if (strcmp(S_str(res, "Type"), "AWS::ApiGatewayV2::Deployment") != 0)
            continue;
        json_t *dep;
        size_t i;
        json_array_foreach(json_object_get(res, "DependsOn"), i, dep)
            if (strcmp(json_string_value(dep), id) == 0)
                return true;
    }
    return false;
}

START_TEST(test_two_way_lambda_route_json)
{
    S_build(WS_HEAD
            "{\"kind\": \"function\", \"id\": \"f\", \"runtime\": \"nodejs22.x\", \"handler\": \"index.handler\"},\n"
            "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"f\"},\n"
            "{\"kind\": \"route\", \"id\": \"echo\", \"api\": \"w\", \"routeKey\": \"$default\", \"integration\": \"i\","
            " \"twoWay\": true},\n"
            "{\"kind\": \"route\", \"id\": \"say\", \"api\": \"w\", \"routeKey\": \"say\", \"integration\": \"i\"}\n"
            "]}",
            AW_SPELLING_JSON);
    ck_assert(aw_test_node(&b.c, "echo")->as.route.two_way);
    ck_assert_str_eq(S_str(b.template, "Resources|EchoRoute|Properties|RouteResponseSelectionExpression"), "$default");
    ck_assert_ptr_null(S_at(b.template, "Resources|SayRoute|Properties|RouteResponseSelectionExpression"));
    json_t *rr = S_at(b.template, "Resources|EchoRouteResponse");
    ck_assert_str_eq(S_str(rr, "Type"), "AWS::ApiGatewayV2::RouteResponse");
    ck_assert_str_eq(S_str(rr, "Properties|RouteId|Ref"), "EchoRoute");
    ck_assert_str_eq(S_str(rr, "Properties|RouteResponseKey"), "$default");
    ck_assert_ptr_null(S_at(b.template, "Resources|SayRouteResponse"));
    /* A Lambda proxy answers by itself: no integration response. */
    ck_assert_ptr_null(S_at(b.template, "Resources|IIntegrationResponse"));
    ck_assert(S_deployment_waits_for("EchoRouteResponse"));
}
END_TEST

START_TEST(test_two_way_mock_route_xml)
{
    S_build("<diagram archway=\"1\" name=\"t\"><nodes>\n"
            "<api id=\"w\" type=\"websocket\"/>\n"
            "<stage id=\"s\" name=\"prod\" api=\"w\"/>\n"
            "<integration id=\"m\" type=\"mock\" body=\"{&quot;actions&quot;: [&quot;say&quot;]}\"/>\n"
            "<route id=\"help\" api=\"w\" routeKey=\"$default\" integration=\"m\" twoWay=\"true\"/>\n"
            "</nodes></diagram>\n",
            AW_SPELLING_XML);
    json_t *ir = S_at(b.template, "Resources|MIntegrationResponse");
    ck_assert_str_eq(S_str(ir, "Type"), "AWS::ApiGatewayV2::IntegrationResponse");
    ck_assert_str_eq(S_str(ir, "Properties|IntegrationId|Ref"), "MIntegration");
    ck_assert_str_eq(S_str(ir, "Properties|IntegrationResponseKey"), "$default");
    ck_assert_str_eq(S_str(ir, "Properties|TemplateSelectionExpression"), "\\$default");
    ck_assert_str_eq(S_str(ir, "Properties|ResponseTemplates|$default"), "{\"actions\": [\"say\"]}");
    ck_assert_ptr_nonnull(S_at(b.template, "Resources|HelpRouteResponse"));
    ck_assert(S_deployment_waits_for("MIntegrationResponse"));
    ck_assert(S_deployment_waits_for("HelpRouteResponse"));
}
END_TEST

START_TEST(test_one_way_mock_body_is_reported)
{
    S_build_warns(WS_HEAD
                  "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"body\": \"hi\"},\n"
                  "{\"kind\": \"route\", \"id\": \"help\", \"api\": \"w\", \"routeKey\": \"$default\", "
                  "\"integration\": \"m\"}\n"
                  "]}",
                  "no two-way route ('twoWay') of API 'w' calls WebSocket mock 'm', so its 'body' is sent to no client",
                  4, 60);
}
END_TEST

START_TEST(test_two_way_on_an_http_api_is_refused_by_the_lint)
{
    const aw_diag *d = S_lint_finding("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"http\", \"url\": \"https://x.example.com\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"/\","
              " \"integration\": \"i\", \"twoWay\": true}\n"
              "]}",
              "AW-COMPAT-001", 4, 102);
    ck_assert_str_eq(d->message, "route 'r' is a two-way WebSocket route, which HTTP APIs do not support");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("format_deploy");
    TCase *tc = aw_test_tcase(s, "usage plans", NULL, S_teardown);
    tcase_add_test(tc, test_plan_route_throttle_json);
    tcase_add_test(tc, test_plan_route_throttle_xml);
    tcase_add_test(tc, test_plan_route_throttle_of_uncovered_api);
    tcase_add_test(tc, test_plan_route_throttle_without_rate_xml);
    tcase_add_test(tc, test_plan_route_throttle_above_the_plan_is_noted);
    tc = aw_test_tcase(s, "route caches", NULL, S_teardown);
    tcase_add_test(tc, test_route_cache_json);
    tcase_add_test(tc, test_route_cache_xml);
    tcase_add_test(tc, test_route_cache_on_a_post_is_refused);
    tcase_add_test(tc, test_route_cache_key_that_is_no_parameter);
    tcase_add_test(tc, test_route_cache_path_key_outside_the_path_xml);
    tcase_add_test(tc, test_route_cache_without_a_cached_stage_is_reported);
    tc = aw_test_tcase(s, "domain records", NULL, S_teardown);
    tcase_add_test(tc, test_domain_record_rest_regional_json);
    tcase_add_test(tc, test_domain_record_rest_edge_json);
    tcase_add_test(tc, test_domain_record_zone_name_xml);
    tcase_add_test(tc, test_domain_without_zone_has_no_record);
    tcase_add_test(tc, test_domain_outside_its_zone_xml);
    tcase_add_test(tc, test_domain_with_two_zones);
    tc = aw_test_tcase(s, "two-way routes", NULL, S_teardown);
    tcase_add_test(tc, test_two_way_lambda_route_json);
    tcase_add_test(tc, test_two_way_mock_route_xml);
    tcase_add_test(tc, test_one_way_mock_body_is_reported);
    tcase_add_test(tc, test_two_way_on_an_http_api_is_refused_by_the_lint);
    return s;
}

AW_TEST_MAIN(S_suite)
