/* Unit tests of `archway cost` (sim/cost*.c): bills of small diagrams
 * worked out by hand from the built-in us-east-1 prices, at and just past
 * tier boundaries, for each API type, Lambda, caches, growth, regions and
 * the free tier; price lists that are wrong; options that are wrong. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "../../sim/cost_estimate.h"
#include "../../sim/cost_traffic.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

static aw_price_list prices;
static aw_cost_estimate est;
static bool have_est;

static void S_setup(void)
{
    ck_assert(aw_price_list_load_builtin(&prices));
}

static void S_cleanup(void)
{
    if (have_est)
        aw_cost_estimate_free(&est);
    have_est = false;
    aw_price_list_free(&prices);
    S_teardown();
}

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"regions\": [\"us-east-1\"], \"nodes\": [\n"
#define END "]}\n"
/* An HTTP API whose one route calls an HTTP back end: API requests only. */
#define HTTP_API                                                                                                  \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"                                                  \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"                               \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "               \
    "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"                            \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"http\", \"url\": \"https://b.example.com/p\", "        \
    "\"backend\": \"b\"},\n"                                                                                       \
    "{\"kind\": \"httpBackend\", \"id\": \"b\", \"url\": \"https://b.example.com\"}\n"

/* Estimates text with the options given as flag/value pairs (NULL-ended). */
static const aw_cost_estimate *S_estimate(const char *text, ...)
{
    aw_test_assert_clean(&comp, S_compile(text));
    aw_cost_request req;
    aw_cost_request_init(&req);
    va_list ap;
    va_start(ap, text);
    for (const char *flag; (flag = va_arg(ap, const char *));) {
        const char *value = aw_cost_flag_arity(flag) ? va_arg(ap, const char *) : NULL;
        const char *why = aw_cost_request_set(&req, flag, value);
        ck_assert_msg(!why, "%s %s", flag, why);
    }
    va_end(ap);
    char err[512];
    bool ok = aw_cost_estimate_run(comp.model, "t.json", &prices, &req, &est, err, sizeof err);
    have_est = true;
    ck_assert_msg(ok, "%s", err);
    return &est;
}

/* The sum of the lines of scenario k on one meter. */
static double S_meter_cost(size_t k, aw_meter meter)
{
    double sum = 0;
    for (size_t i = 0; i < est.scenarios[k].region.count; i++)
        sum += est.scenarios[k].region.lines[i].meter == meter ? est.scenarios[k].region.lines[i].cost : 0;
    return sum;
}

static double S_meter_quantity(size_t k, aw_meter meter)
{
    double sum = 0;
    for (size_t i = 0; i < est.scenarios[k].region.count; i++)
        sum += est.scenarios[k].region.lines[i].meter == meter ? est.scenarios[k].region.lines[i].quantity : 0;
    return sum;
}

/* Whether a note of the estimate says this. */
static bool S_noted(const char *text)
{
    for (size_t i = 0; i < est.notes.note_count; i++)
        if (strstr(est.notes.notes[i], text))
            return true;
    return false;
}

#define ASSERT_MONEY(actual, expected) ck_assert_msg(fabs((actual) - (expected)) < 1e-6, "%.9f != %.9f", (double)(actual), (double)(expected))

/* ---- tiers ----------------------------------------------------------------- */

START_TEST(test_http_tier_boundary)
{
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "300000000", NULL);
    ck_assert_uint_eq(est.scenarios[0].region.count, 1);
    ASSERT_MONEY(est.scenarios[0].total, 300.0);
    S_cleanup(), S_setup();
    /* one more million: at $0.90 */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "301000000", NULL);
    ck_assert_uint_eq(est.scenarios[0].region.count, 2);
    ASSERT_MONEY(est.scenarios[0].region.lines[0].quantity, 300e6);
    ASSERT_MONEY(est.scenarios[0].region.lines[1].quantity, 1e6);
    ASSERT_MONEY(est.scenarios[0].region.lines[1].unit_price, 0.90);
    ASSERT_MONEY(est.scenarios[0].total, 300.90);
}
END_TEST

START_TEST(test_rest_tiers)
{
    const aw_region_prices *r = aw_price_list_region(&prices, "us-east-1");
    const aw_metered_price *m = &r->meters[AW_METER_REST_REQUESTS];
    aw_tier_span spans[8];
    /* exactly the first tier: 333 million at $3.50 */
    size_t n = aw_tiered_spans(m, 0, 333e6, NULL, spans, 8);
    ck_assert_uint_eq(n, 1);
    ASSERT_MONEY(spans[0].cost, 1165.50);
    /* one request past it is the second tier's */
    n = aw_tiered_spans(m, 0, 333e6 + 1, NULL, spans, 8);
    ck_assert_uint_eq(n, 2);
    ASSERT_MONEY(spans[1].quantity, 1);
    ASSERT_MONEY(spans[1].cost, 2.80e-6);
    /* a billion: 333M x 3.50 + 667M x 2.80 */
    n = aw_tiered_spans(m, 0, 1e9, NULL, spans, 8);
    ck_assert_uint_eq(n, 2);
    ASSERT_MONEY(spans[0].cost + spans[1].cost, 1165.50 + 1867.60);
    /* billed after 19 billion already: 1 billion in the 3rd tier, the rest in the 4th */
    n = aw_tiered_spans(m, 19e9, 2e9, NULL, spans, 8);
    ck_assert_uint_eq(n, 2);
    ASSERT_MONEY(spans[0].cost, 1000 * 2.38);
    ASSERT_MONEY(spans[1].cost, 1000 * 1.51);
}
END_TEST

/* ---- each API type ------------------------------------------------------------ */

START_TEST(test_rest_with_cache)
{
    S_estimate(HEAD
               "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
               "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", "
               "\"cache\": {\"enabled\": true, \"sizeGb\": 0.5}},\n"
               "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
               "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"
               "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\", \"statusCode\": 200}\n" END,
               "--monthly-requests", "1000000", NULL);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_REST_REQUESTS), 3.50);
    /* 730 hours of the 0.5 GB cache at $0.020 */
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_COUNT), 730);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_COUNT), 14.60);
    ASSERT_MONEY(est.scenarios[0].total, 18.10);
}
END_TEST

#define WS_API                                                                                                    \
    "{\"kind\": \"api\", \"id\": \"ws\", \"type\": \"websocket\", \"routeSelectionExpression\": \"$request.body.action\"},\n" \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"ws\"},\n"                                \
    "{\"kind\": \"route\", \"id\": \"connect\", \"api\": \"ws\", \"routeKey\": \"$connect\", \"integration\": \"m\"},\n" \
    "{\"kind\": \"route\", \"id\": \"send\", \"api\": \"ws\", \"routeKey\": \"send\", \"integration\": \"m\"},\n"  \
    "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\", \"statusCode\": 200},\n"                      \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"profile\": \"constant\", \"rate\": 1}, " \
    "\"mix\": [{\"route\": \"connect\", \"weight\": 1}, {\"route\": \"send\", \"weight\": 1}]}\n"

START_TEST(test_websocket)
{
    /* 2 million spread by the mix: 1 million connections, 1 million messages
     * of 40 KB, each two 32 KB increments; 10 minutes per connection */
    S_estimate(HEAD WS_API END, "--monthly-requests", "2000000", "--message-kb", "40", "--session-minutes", "10",
               NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_WS_MESSAGES), 2e6);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_WS_MESSAGES), 2.00);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_WS_MINUTES), 10e6);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_WS_MINUTES), 2.50);
    ASSERT_MONEY(est.scenarios[0].total, 4.50);
    S_cleanup(), S_setup();
    /* exactly 32 KB is one increment; without a session length, no minutes and a note */
    S_estimate(HEAD WS_API END, "--monthly-requests", "2000000", "--message-kb", "32", NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_WS_MESSAGES), 1e6);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_WS_MINUTES), 0);
    ck_assert(S_noted("give --session-minutes N"));
}
END_TEST

START_TEST(test_http_512k_increments)
{
    /* 600 KB requests are two 512 KB increments each */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "1000000", "--message-kb", "600", NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_HTTP_REQUESTS), 2e6);
    ASSERT_MONEY(est.scenarios[0].total, 2.00);
}
END_TEST

/* ---- Lambda --------------------------------------------------------------------- */

#define LAMBDA_API(fn_extra)                                                                                      \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"                                                  \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"                               \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "               \
    "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"                            \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"                   \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"" fn_extra "}\n"

START_TEST(test_lambda_by_architecture)
{
    /* arm64, 1024 MB, 100 ms: 1M x 0.1 s x 1 GB = 100,000 GB-s at $0.0000133334 */
    S_estimate(HEAD LAMBDA_API(", \"architecture\": \"arm64\", \"memory\": 1024, "
                               "\"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}") END,
               "--monthly-requests", "1000000", NULL);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_LAMBDA_REQUESTS), 0.20);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_LAMBDA_ARM), 100000);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_LAMBDA_ARM), 1.33334);
    ASSERT_MONEY(est.scenarios[0].total, 1.00 + 0.20 + 1.33334);
    S_cleanup(), S_setup();
    /* x86_64, 512 MB, 199.2 ms billed as 200 ms: 100,000 GB-s at $0.0000166667 */
    S_estimate(HEAD LAMBDA_API(", \"architecture\": \"x86_64\", \"memory\": 512, "
                               "\"latency\": {\"p50\": \"199.2ms\", \"p99\": \"300ms\"}") END,
               "--monthly-requests", "1000000", NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_LAMBDA_X86), 100000);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_LAMBDA_X86), 1.66667);
}
END_TEST

START_TEST(test_provisioned_concurrency)
{
    /* 2 environments of 1 GB for 730 hours: 5,256,000 GB-s at $0.0000041667;
     * 1M x 0.1 s spread over the month keeps well under 2 busy, so all the
     * duration runs at the provisioned rate, $0.0000097222 */
    S_estimate(HEAD LAMBDA_API(", \"architecture\": \"x86_64\", \"memory\": 1024, \"provisionedConcurrency\": 2, "
                               "\"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}") END,
               "--monthly-requests", "1000000", NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_PROVISIONED_X86), 5256000);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_PROVISIONED_X86), 5256000 * 0.0000041667);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_PROVISIONED_DURATION_X86), 100000 * 0.0000097222);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_LAMBDA_X86), 0);
}
END_TEST

START_TEST(test_authorizer_cache_and_edges)
{
    const char *text = HEAD
        "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\", \"defaultAuthorizer\": \"auth\"},\n"
        "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"
        "{\"kind\": \"authorizer\", \"id\": \"auth\", \"type\": \"lambda\", \"function\": \"authfn\", "
        "\"identitySources\": [\"$request.header.Authorization\"], \"resultTtl\": \"300s\"},\n"
        "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", \"integration\": \"i\"},\n"
        "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
        "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"},\n"
        "{\"kind\": \"function\", \"id\": \"helper\", \"runtime\": \"python3.12\"},\n"
        "{\"kind\": \"function\", \"id\": \"authfn\", \"runtime\": \"python3.12\"}\n"
        "], \"edges\": [{\"from\": \"fn\", \"to\": \"helper\", \"callsPerRequest\": 2}]}\n";
    /* 10 requests/s; 600 callers and a 300 s TTL: 2 authorizer calls a second */
    S_estimate(text, "--rps", "10", "--callers", "600", NULL);
    ck_assert_uint_eq(est.function_count, 3);
    ck_assert_str_eq(est.functions[0].function->id, "fn");
    ASSERT_MONEY(est.functions[0].rps, 10);
    ck_assert_str_eq(est.functions[1].function->id, "helper");
    ASSERT_MONEY(est.functions[1].rps, 20);
    ck_assert_str_eq(est.functions[2].function->id, "authfn");
    ASSERT_MONEY(est.functions[2].rps, 2);
    /* (10 + 20 + 2) a second for a month at $0.20 a million */
    ASSERT_MONEY(S_meter_cost(0, AW_METER_LAMBDA_REQUESTS), 32 * AW_COST_MONTH_S * 0.20 / 1e6);
    S_cleanup(), S_setup();
    /* callers unknown: every request asks, and a note says so, whatever the growth rows */
    S_estimate(text, "--rps", "10", "--growth", "2,3", NULL);
    ASSERT_MONEY(est.functions[2].rps, 10);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_LAMBDA_REQUESTS), 2 * (10 + 20 + 10) * AW_COST_MONTH_S);
    ck_assert(S_noted("--callers N lowers it to N / 300 a second"));
    ck_assert(S_noted("spread evenly over its 1 route"));
}
END_TEST

START_TEST(test_throttle_caps_the_back_end)
{
    /* the stage lets 100 requests/s through: API Gateway counts the 300
     * offered, Lambda sees 100; with x2 growth and 2 regions, 300 a region
     * are offered and 100 get through in each */
    const char *text = HEAD
        "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
        "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\", \"throttle\": {\"rate\": 100, \"burst\": 200}},\n"
        "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
        "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"
        "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
        "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"}\n" END;
    S_estimate(text, "--rps", "300", "--growth", "1,2", "--regions", "2", NULL);
    ASSERT_MONEY(est.routes[0].limit, 100);
    ASSERT_MONEY(est.functions[0].rps, 200);     /* growth 1: 150 offered a region, 100 through, 2 regions */
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_HTTP_REQUESTS), 150 * AW_COST_MONTH_S);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_LAMBDA_REQUESTS), 100 * AW_COST_MONTH_S);
    ASSERT_MONEY(S_meter_quantity(1, AW_METER_HTTP_REQUESTS), 300 * AW_COST_MONTH_S);
    ASSERT_MONEY(S_meter_quantity(1, AW_METER_LAMBDA_REQUESTS), 100 * AW_COST_MONTH_S);
    ck_assert(S_noted("at growth x1, 1 route is offered more requests/s a region than its throttles let through "
                      "('r' 150.0 > 100.0)"));
    ck_assert(S_noted("at growth x2, 1 route is offered"));
}
END_TEST

/* ---- traffic, growth, regions, free tier ------------------------------------------ */

START_TEST(test_client_mix)
{
    const char *text = HEAD
        "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
        "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"
        "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/a\", "
        "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"
        "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/b\", "
        "\"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"i\"},\n"
        "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"http\", \"url\": \"https://b.example.com/p\"},\n"
        "{\"kind\": \"client\", \"id\": \"web\", \"stage\": \"s\", "
        "\"traffic\": {\"profile\": \"diurnal\", \"rate\": 10, \"peakRate\": 30}, "
        "\"mix\": [{\"route\": \"a\", \"weight\": 3}, {\"route\": \"b\", \"weight\": 1}]},\n"
        "{\"kind\": \"client\", \"id\": \"batch\", \"stage\": \"s\", \"traffic\": {\"profile\": \"constant\", \"rate\": 4}}\n"
        END;
    /* diurnal averages (10 + 30) / 2 = 20, 3:1; the mix-less client splits 4 evenly */
    S_estimate(text, NULL);
    ck_assert_str_eq(est.basis, "clients");
    ASSERT_MONEY(est.routes[0].rps, 15 + 2);
    ASSERT_MONEY(est.routes[1].rps, 5 + 2);
    S_cleanup(), S_setup();
    /* --rps keeps the shares: 17:7 of 48 */
    S_estimate(text, "--rps", "48", NULL);
    ASSERT_MONEY(est.routes[0].rps, 34);
    ASSERT_MONEY(est.routes[1].rps, 14);
}
END_TEST

START_TEST(test_growth_rows)
{
    /* 100 million, then x10 = 1 billion: 300M x $1.00 + 700M x $0.90 */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "100000000", "--growth", "1,10", NULL);
    ck_assert_uint_eq(est.scenario_count, 2);
    ASSERT_MONEY(est.scenarios[0].growth, 1);
    ASSERT_MONEY(est.scenarios[0].total, 100.00);
    ASSERT_MONEY(est.scenarios[1].growth, 10);
    ASSERT_MONEY(est.scenarios[1].total, 930.00);
}
END_TEST

START_TEST(test_regions_split_the_tiers)
{
    /* 600 million in one region: 300 + 270; in two, 300M each at $1.00 */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "600000000", NULL);
    ASSERT_MONEY(est.scenarios[0].total, 570.00);
    S_cleanup(), S_setup();
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "600000000", "--regions", "2", NULL);
    ASSERT_MONEY(est.scenarios[0].region.total, 300.00);
    ASSERT_MONEY(est.scenarios[0].total, 600.00);
}
END_TEST

START_TEST(test_free_tier)
{
    /* not taken off unless asked */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "3000000", NULL);
    ASSERT_MONEY(est.scenarios[0].total, 3.00);
    S_cleanup(), S_setup();
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "3000000", "--free-tier", NULL);
    ck_assert(est.scenarios[0].region.lines[0].free);
    ASSERT_MONEY(est.scenarios[0].region.lines[0].quantity, 1e6);
    ASSERT_MONEY(est.scenarios[0].total, 2.00);
    S_cleanup(), S_setup();
    /* the allowance is the account's: two regions get half of it each */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "3000000", "--free-tier", "--regions", "2", NULL);
    ASSERT_MONEY(est.scenarios[0].region.lines[0].quantity, 0.5e6);
    ASSERT_MONEY(est.scenarios[0].region.total, 1.00);
    ASSERT_MONEY(est.scenarios[0].total, 2.00);
}
END_TEST

START_TEST(test_data_transfer)
{
    /* 10,485,760 responses of 1 MB (1,024 KB) = 10,240 GB, the end of the first tier at $0.09 */
    S_estimate(HEAD HTTP_API END, "--monthly-requests", "10485760", "--response-kb", "1024", NULL);
    ASSERT_MONEY(S_meter_quantity(0, AW_METER_DATA_OUT), 10240);
    ASSERT_MONEY(S_meter_cost(0, AW_METER_DATA_OUT), 921.60);
}
END_TEST

/* ---- the simulator's entry point ------------------------------------------------- */

START_TEST(test_price_simulated_usage)
{
    aw_test_assert_clean(&comp, S_compile(HEAD HTTP_API END));
    const aw_node *route = aw_model_find(comp.model, "r");
    /* 1,000 requests in an hour are 730,000 in a month */
    aw_cost_route_usage ru = {route, 1000, NAN, NAN};
    aw_cost_usage usage = {3600, &ru, 1, NULL, 0, 0};
    aw_cost_breakdown b;
    ck_assert(aw_cost_price(comp.model, aw_price_list_region(&prices, "us-east-1"), &usage, NULL, &b));
    ck_assert_uint_eq(b.count, 1);
    ASSERT_MONEY(b.lines[0].quantity, 730000);
    ASSERT_MONEY(b.total, 0.73);
    aw_cost_breakdown_free(&b);
}
END_TEST

/* ---- what is refused -------------------------------------------------------------- */

START_TEST(test_region_without_prices)
{
    aw_test_assert_clean(&comp, S_compile("{\"archway\": 1, \"name\": \"t\", \"regions\": [\"eu-west-1\"], \"nodes\": [\n" HTTP_API END));
    aw_cost_request req;
    aw_cost_request_init(&req);
    char err[512];
    ck_assert(!aw_cost_estimate_run(comp.model, "t.json", &prices, &req, &est, err, sizeof err));
    have_est = true;
    ck_assert_str_eq(err, "built-in prices has no prices for region eu-west-1 (give --prices FILE with them, or --region)");
}
END_TEST

START_TEST(test_meter_missing_from_prices)
{
    /* a list that prices HTTP requests only cannot price a Lambda function */
    static const char list[] =
        "{\"archwayPrices\": 1, \"currency\": \"USD\", \"taken\": \"2026-12-01\", \"regions\": {\"us-east-1\": {\n"
        "\"httpRequests\": {\"per\": 1000000, \"tiers\": [{\"price\": 1}], \"source\": \"https://x.example\"}}}}";
    aw_price_list_free(&prices);
    ck_assert(aw_price_list_load_text(&prices, "p.json", list, strlen(list)));
    aw_test_assert_clean(&comp, S_compile(HEAD LAMBDA_API(", \"latency\": {\"p50\": \"10ms\", \"p99\": \"20ms\"}") END));
    aw_cost_request req;
    aw_cost_request_init(&req);
    aw_cost_request_set(&req, "--rps", "1");
    char err[512];
    ck_assert(!aw_cost_estimate_run(comp.model, "t.json", &prices, &req, &est, err, sizeof err));
    have_est = true;
    ck_assert_str_eq(err, "no price for Lambda requests in us-east-1: 'fn' is left out");
}
END_TEST

/* The first error reading text as a price list. */
static const aw_diag *S_bad_prices(const char *text)
{
    aw_price_list_free(&prices);
    ck_assert(!aw_price_list_load_text(&prices, "p.json", text, strlen(text)));
    ck_assert_uint_ge(prices.diags.errors, 1);
    return &prices.diags.items[0];
}

#define PRICES(meter) "{\"archwayPrices\": 1, \"currency\": \"USD\", \"taken\": \"2026-12-01\",\n" \
                      "\"regions\": {\"us-east-1\": {\n" meter "}}}\n"

START_TEST(test_bad_price_lists)
{
    const aw_diag *d = S_bad_prices("{\"archwayPrices\": 1,\n \"currency\": \"USD\" \"taken\": 1}");
    ck_assert_uint_eq(d->loc.line, 2);
    d = S_bad_prices(PRICES("\"httpRequests\": {\"per\": 1000000, \"tiers\": [{\"price\": 1}]}"));
    ck_assert_uint_eq(d->loc.line, 3);
    ck_assert_str_eq(d->message, "price \"httpRequests\" of us-east-1 needs \"source\"");
    d = S_bad_prices(PRICES("\"httpRequests\": {\"per\": 1000000, \"source\": \"https://x.example\",\n"
                            "\"tiers\": [{\"upTo\": 5, \"price\": 1}, {\"upTo\": 3, \"price\": 1}, {\"price\": 1}]}"));
    ck_assert_uint_eq(d->loc.line, 4);
    ck_assert_ptr_nonnull(strstr(d->message, "ascending order (3 after 5)"));
    d = S_bad_prices(PRICES("\"httpRequest\": {}"));
    ck_assert_str_eq(d->message, "unknown price \"httpRequest\" in region us-east-1");
    d = S_bad_prices(PRICES("\"httpRequests\": {\"per\": 0, \"source\": \"https://x.example\", \"tiers\": [{\"price\": -1}]}"));
    ck_assert_ptr_nonnull(strstr(d->message, "\"per\" of price \"httpRequests\" of us-east-1 must be above 0"));
    d = S_bad_prices(PRICES("\"httpRequests\": {\"per\": 1, \"source\": \"https://x.example\", \"tiers\": [{\"price\": 1e300}]}"));
    ck_assert_ptr_nonnull(strstr(d->message, "at most 1e+15, found 1e+300"));
    d = S_bad_prices("{\"archwayPrices\": 1, \"currency\": \"USD\", \"taken\": \"December\", \"regions\": {}}");
    ck_assert_ptr_nonnull(strstr(d->message, "YYYY-MM-DD"));
}
END_TEST

START_TEST(test_bad_options)
{
    aw_cost_request req;
    aw_cost_request_init(&req);
    ck_assert_str_eq(aw_cost_request_set(&req, "--rps", "0"), "needs a number of requests per second above 0, at most 1e10");
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--rps", "1e300"));   /* the bill would overflow */
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--session-minutes", "121"));   /* connections last 2 hours at most */
    ck_assert_ptr_null(aw_cost_request_set(&req, "--session-minutes", "120"));
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--rps", "ten"));
    ck_assert_ptr_null(aw_cost_request_set(&req, "--rps", "10"));
    ck_assert_ptr_nonnull(strstr(aw_cost_request_set(&req, "--monthly-requests", "5"), "one way"));
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--growth", "1,,10"));
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--growth", "1,10,"));
    ck_assert_ptr_null(aw_cost_request_set(&req, "--growth", "1,2.5,100"));
    ck_assert_uint_eq(req.growth_count, 3);
    ck_assert_ptr_nonnull(aw_cost_request_set(&req, "--regions", "1.5"));
    ck_assert_int_eq(aw_cost_flag_arity("--free-tier"), 0);
    ck_assert_int_eq(aw_cost_flag_arity("--free-tier=yes"), -1);
    ck_assert_int_eq(aw_cost_flag_arity("--rps=5"), 1);
    ck_assert_int_eq(aw_cost_flag_arity("--format"), -1);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("cost");
    TCase *tc = aw_test_tcase(s, "cost", S_setup, S_cleanup);
    tcase_add_test(tc, test_http_tier_boundary);
    tcase_add_test(tc, test_rest_tiers);
    tcase_add_test(tc, test_rest_with_cache);
    tcase_add_test(tc, test_websocket);
    tcase_add_test(tc, test_http_512k_increments);
    tcase_add_test(tc, test_lambda_by_architecture);
    tcase_add_test(tc, test_provisioned_concurrency);
    tcase_add_test(tc, test_authorizer_cache_and_edges);
    tcase_add_test(tc, test_throttle_caps_the_back_end);
    tcase_add_test(tc, test_client_mix);
    tcase_add_test(tc, test_growth_rows);
    tcase_add_test(tc, test_regions_split_the_tiers);
    tcase_add_test(tc, test_free_tier);
    tcase_add_test(tc, test_data_transfer);
    tcase_add_test(tc, test_price_simulated_usage);
    tcase_add_test(tc, test_region_without_prices);
    tcase_add_test(tc, test_meter_missing_from_prices);
    tcase_add_test(tc, test_bad_price_lists);
    tcase_add_test(tc, test_bad_options);
    return s;
}

AW_TEST_MAIN(S_suite)
