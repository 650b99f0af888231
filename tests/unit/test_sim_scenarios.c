/* The simulator on small diagrams: what a user relies on when reading its
 * report (throttles answer 429, Lambda holds c/d requests/s, failures land
 * in the right seconds with the right status, timeouts answer 504 while the
 * function runs on, the authorizer cache spares the function, the same seed
 * gives the same bytes). */
#include <check.h>
#include <math.h>

#include "../../sim/dist.h"
#include "../../sim/report.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define REST_HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
                  "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"
#define STAGE(throttle) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"" throttle "},\n"
#define ROUTE(auth) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                    "\"integration\": \"integ\", " auth "},\n"
#define PUBLIC "\"authorizer\": \"none\", \"noneReason\": \"test\""
#define MOCK "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"mock\"},\n"
#define LAMBDA(extra) "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"" extra "},\n"
#define FN(extra) "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"" extra "},\n"
#define CLIENT(rate) "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": " rate "}}\n"
#define END "]}\n"

static aw_arena arena;
static aw_sim_model *model;
static aw_sim_result *result;

static void S_done(void)
{
    aw_sim_result_free(result);
    result = NULL;
    aw_arena_free(&arena);
    S_teardown();
}

/* Compiles text (cleanly) and builds its simulation model. */
static void S_model(const char *text)
{
    S_compile_clean(text);
    aw_arena_init(&arena);
    model = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(model);
}

static const aw_sim_result *S_simulate(const char *text, double duration_s, const char *fault)
{
    S_model(text);
    aw_sim_fault f;
    char buf[200];
    if (fault)
        ck_assert_ptr_null(aw_sim_fault_parse(model, fault, &f, buf, sizeof buf));
    aw_sim_options opt = {.duration_s = duration_s, .seed = 42, .faults = &f, .fault_count = fault != NULL};
    const char *error;
    result = aw_sim_run(model, &opt, &error);
    ck_assert_msg(result != NULL, "%s", error);
    return result;
}

static int64_t S_hop(const char *id)
{
    int64_t h = aw_sim_hop_find(model, id);
    ck_assert_msg(h >= 0, "no hop %s", id);
    return h;
}

START_TEST(test_stage_throttle_answers_429)
{
    const aw_sim_result *r = S_simulate(REST_HEAD STAGE(", \"throttle\": {\"rate\": 100, \"burst\": 100}")
                                        ROUTE(PUBLIC) MOCK CLIENT("200") END, 60, NULL);
    const aw_sim_route_stats *s = &r->routes[0];
    ck_assert_double_eq_tol((double)s->offered / 60.0, 200.0, 200.0 * 0.03);
    /* 100 per second and the bucket it starts with, no more. */
    ck_assert_uint_le(s->served, 100 * 60 + 100);
    ck_assert_uint_ge(s->served, 100 * 60 - 100);
    ck_assert_uint_eq(s->causes[AW_SIM_THROTTLED], s->offered - s->served);
    ck_assert_int_eq(r->bottleneck, S_hop("stage:s/r"));
}
END_TEST

/* The account bucket is the limit the lint judges by: a raised or lowered
 * accountThrottle replaces AWS's default of 10000/s, burst 5000. */
START_TEST(test_account_throttle_from_the_diagram)
{
    S_model("{\"archway\": 1, \"name\": \"t\", \"accountThrottle\": {\"rate\": 300, \"burst\": 600}, "
            "\"nodes\": [\n{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"
            STAGE("") ROUTE(PUBLIC) MOCK CLIENT("10") END);
    const aw_sim_hop *account = &model->hops[S_hop("account")];
    ck_assert_double_eq(account->rate, 300.0);
    ck_assert_double_eq(account->burst, 600.0);
}
END_TEST

/* A call to a hop that makes calls of its own waits for them: the function
 * (10 ms) calls the backend twice (20 ms each), which calls the table three
 * times (5 ms each): 80 ms, and six table calls a request. */
START_TEST(test_calls_within_calls)
{
    const aw_sim_result *r = S_simulate(
        REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA("")
        FN(", \"coldStart\": \"0ms\", \"latency\": {\"p50\": \"10ms\", \"p99\": \"10ms\"}")
        "{\"kind\": \"httpBackend\", \"id\": \"be\", \"url\": \"http://be.internal.example.com\", "
        "\"latency\": {\"p50\": \"20ms\", \"p99\": \"20ms\"}},\n"
        "{\"kind\": \"datastore\", \"id\": \"tbl\", \"engine\": \"dynamodb\", "
        "\"latency\": {\"p50\": \"5ms\", \"p99\": \"5ms\"}},\n"
        CLIENT("100") "], \"edges\": [{\"from\": \"fn\", \"to\": \"be\", \"callsPerRequest\": 2},\n"
        "{\"from\": \"be\", \"to\": \"tbl\", \"callsPerRequest\": 3}]}\n", 20, NULL);
    const aw_sim_route_stats *s = &r->routes[0];
    ck_assert_uint_eq(s->served, s->offered);
    ck_assert_double_eq_tol(s->latency.max_ms, 80.0, 1e-6);
    ck_assert_double_eq_tol(s->latency.sum_ms / (double)s->offered, 80.0, 1e-6);
    uint64_t calls = r->hops[S_hop("fn:fn")].admitted;
    ck_assert_uint_eq(r->hops[S_hop("http:be")].arrivals, 2 * calls);
    ck_assert_uint_eq(r->hops[S_hop("db:tbl")].arrivals, 6 * calls);
    /* The backend is held while its own calls run: 20 + 3 x 5 ms a call. */
    const aw_sim_hop_stats *be = &r->hops[S_hop("http:be")];
    ck_assert_double_eq_tol(be->time_sum / (double)be->completed, 0.035, 1e-9);
}
END_TEST

#define FN50 FN(", \"reservedConcurrency\": 50, \"coldStart\": \"0ms\", " \
                "\"latency\": {\"p50\": \"200ms\", \"p99\": \"200ms\"}")

/* 50 copies of 200 ms hold 250 requests/s; beyond, Lambda throttles and
 * API Gateway answers 500. */
START_TEST(test_lambda_holds_c_over_d)
{
    const aw_sim_result *r = S_simulate(REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA("") FN50 CLIENT("1000") END, 60, NULL);
    const aw_sim_route_stats *s = &r->routes[0];
    ck_assert_double_eq_tol((double)s->served / 60.0, 250.0, 250.0 * 0.02);
    ck_assert_uint_eq(s->causes[AW_SIM_LAMBDA_THROTTLED], s->offered - s->served);
    ck_assert_int_eq(r->bottleneck, S_hop("fn:fn"));
    ck_assert_double_eq_tol(aw_sim_hop_utilisation(model, r, (size_t)S_hop("fn:fn")), 1.0, 0.02);
    S_done();
    /* Well below: Erlang B for 50 servers at 20 erlangs is below 10^-9. */
    r = S_simulate(REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA("") FN50 CLIENT("100") END, 60, NULL);
    ck_assert_uint_eq(r->routes[0].served, r->routes[0].offered);
}
END_TEST

/* errors:1 from 10 s to 20 s: every answer of those seconds is a 502, and
 * no other second has one. */
START_TEST(test_injected_failure_in_its_seconds)
{
    const aw_sim_result *r = S_simulate(REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA("") FN50 CLIENT("50") END, 30,
                                        "fn=errors:1@10s-20s");
    ck_assert_uint_ge(r->seconds, 30);
    for (size_t t = 0; t < 30; t++) {
        const aw_sim_second *s = &r->series[t];
        bool failing = t >= 10 && t < 20;
        ck_assert_msg(failing ? s->causes[AW_SIM_FUNCTION_ERROR] > 30 : s->causes[AW_SIM_FUNCTION_ERROR] == 0,
                      "second %zu: %llu function errors", t, (unsigned long long)s->causes[AW_SIM_FUNCTION_ERROR]);
        if (failing)
            ck_assert_uint_eq(s->causes[AW_SIM_OK], 0);
    }
}
END_TEST

/* A function slower than its integration's timeout: the client gets a 504
 * at the timeout, while the function runs to its end (and holds its
 * concurrency). */
START_TEST(test_timeout_answers_504)
{
    const aw_sim_result *r = S_simulate(REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA(", \"timeout\": \"1s\"")
                                        FN(", \"timeout\": \"5s\", \"coldStart\": \"0ms\", "
                                           "\"latency\": {\"p50\": \"2s\", \"p99\": \"2s\"}") CLIENT("10") END,
                                        20, NULL);
    const aw_sim_route_stats *s = &r->routes[0];
    ck_assert_uint_eq(s->causes[AW_SIM_TIMEOUT], s->offered);
    ck_assert_double_eq_tol(s->latency.max_ms, 1000.0, 1e-6);
    const aw_sim_hop_stats *fn = &r->hops[S_hop("fn:fn")];
    ck_assert_double_eq_tol(fn->time_sum / (double)fn->completed, 2.0, 1e-9);
}
END_TEST

/* An authorizer whose results are cached for 5 minutes runs its function
 * about once per caller in a minute, not once per request: a little more,
 * as a caller's second request may come while its first is still being
 * authorized (at 200 requests/s and 100 ms, 20 are). */
START_TEST(test_authorizer_cache)
{
    const aw_sim_result *r = S_simulate(
        REST_HEAD STAGE("") ROUTE("\"authorizer\": \"auth\"")
        "{\"kind\": \"authorizer\", \"id\": \"auth\", \"type\": \"lambda\", \"lambdaType\": \"request\", "
        "\"function\": \"auth-fn\", \"identitySources\": [\"method.request.header.Authorization\"]},\n"
        "{\"kind\": \"function\", \"id\": \"auth-fn\", \"runtime\": \"nodejs22.x\"},\n" MOCK CLIENT("200") END,
        60, NULL);
    const aw_sim_hop_stats *fn = &r->hops[S_hop("fn:auth-fn")];
    ck_assert_uint_le(fn->arrivals, AW_SIM_IDENTITIES * 105 / 100);
    ck_assert_uint_ge(fn->arrivals, AW_SIM_IDENTITIES * 9 / 10);
    ck_assert_uint_eq(r->routes[0].served, r->routes[0].offered);
}
END_TEST

START_TEST(test_same_seed_same_bytes)
{
    const char *text = REST_HEAD STAGE(", \"throttle\": {\"rate\": 100, \"burst\": 50}") ROUTE(PUBLIC) LAMBDA("")
        FN(", \"reservedConcurrency\": 20, \"latency\": {\"p50\": \"80ms\", \"p99\": \"400ms\"}") CLIENT("150") END;
    aw_strbuf a = AW_STRBUF_INIT, b = AW_STRBUF_INIT, c = AW_STRBUF_INIT;
    S_simulate(text, 20, NULL);
    aw_sim_report_json(model, result, &a);
    S_done();
    S_simulate(text, 20, NULL);
    aw_sim_report_json(model, result, &b);
    aw_sim_options opt = {.duration_s = 20, .seed = 43};
    const char *error;
    aw_sim_result *other = aw_sim_run(model, &opt, &error);
    aw_sim_report_json(model, other, &c);
    ck_assert_str_eq(a.data, b.data);
    ck_assert_str_ne(a.data, c.data);
    aw_sim_result_free(other);
    aw_strbuf_free(&a), aw_strbuf_free(&b), aw_strbuf_free(&c);
}
END_TEST

START_TEST(test_fault_messages)
{
    S_model(REST_HEAD STAGE("") ROUTE(PUBLIC) LAMBDA("") FN50 CLIENT("1") END);
    aw_sim_fault f;
    char buf[200];
    ck_assert_ptr_null(aw_sim_fault_parse(model, "fn:fn=latency:x3@1m-2m", &f, buf, sizeof buf));
    ck_assert_int_eq(f.kind, AW_FAULT_LATENCY);
    ck_assert_double_eq(f.value, 3.0);
    ck_assert_double_eq(f.from_s, 60.0);
    ck_assert_double_eq(f.to_s, 120.0);
    ck_assert_str_eq(aw_sim_fault_parse(model, "nope=errors:0.1", &f, buf, sizeof buf),
                     "no hop or element 'nope' in the simulation model (see archway sim-input)");
    ck_assert_str_eq(aw_sim_fault_parse(model, "fn=errors:2", &f, buf, sizeof buf),
                     "fault 'errors' takes a fraction from 0 to 1, not '2'");
    ck_assert_str_eq(aw_sim_fault_parse(model, "account=errors:0.5", &f, buf, sizeof buf),
                     "fault 'errors' applies to functions, pools and services; 'account' is a bucket");
    ck_assert_ptr_null(aw_sim_fault_parse(model, "account=throttle:100@10s-20s", &f, buf, sizeof buf));
    ck_assert_str_eq(aw_sim_fault_parse(model, "fn=melt:1", &f, buf, sizeof buf),
                     "unknown fault 'melt' (errors, latency, down or throttle)");
    ck_assert_str_eq(aw_sim_fault_parse(model, "fn=errors:0.1@20s-10s", &f, buf, sizeof buf),
                     "the window '@20s-10s' should be FROM-TO with FROM before TO, e.g. @60s-120s");
}
END_TEST

/* A histogram read from text gives draws in its buckets' proportions. */
START_TEST(test_empirical_latency)
{
    static const char text[] = "# upper bound, count\n10 50\n25, 30\n\n100 15\n1000 5\n";
    aw_arena_init(&arena);
    aw_sim_dist d;
    char buf[200];
    ck_assert_ptr_null(aw_sim_dist_parse(text, sizeof text - 1, &arena, &d, buf, sizeof buf));
    ck_assert_int_eq(d.kind, AW_SIM_DIST_EMPIRICAL);
    ck_assert_double_eq_tol(d.mean_ms, (50 * 5 + 30 * 17.5 + 15 * 62.5 + 5 * 550) / 100.0, 1e-9);
    aw_rng rng;
    aw_rng_seed(&rng, 1);
    size_t below[4] = {0};
    static const double bounds[] = {10, 25, 100, 1000};
    for (int i = 0; i < 100000; i++) {
        double ms = aw_sim_dist_sample(&d, &rng);
        ck_assert(ms >= 0 && ms <= 1000);
        for (int b = 0; b < 4; b++)
            below[b] += ms <= bounds[b];
    }
    ck_assert_double_eq_tol(below[0] / 1e5, 0.50, 0.01);
    ck_assert_double_eq_tol(below[1] / 1e5, 0.80, 0.01);
    ck_assert_double_eq_tol(below[2] / 1e5, 0.95, 0.01);
    ck_assert_uint_eq(below[3], 100000);
    ck_assert_str_eq(aw_sim_dist_parse("10 5\n5 3\n", 10, &arena, &d, buf, sizeof buf),
                     "line 2: a bucket is 'UPPER_MS COUNT' with bounds rising, not '5 3'");
    ck_assert_str_eq(aw_sim_dist_parse("# nothing\n", 10, &arena, &d, buf, sizeof buf),
                     "the histogram has no bucket with a count");
}
END_TEST

#define WS(rate, mix) \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"websocket\", " \
    "\"routeSelectionExpression\": \"$request.body.action\"},\n" \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n" \
    "{\"kind\": \"route\", \"id\": \"connect\", \"api\": \"api\", \"routeKey\": \"$connect\", " \
    "\"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"integ\"},\n" \
    "{\"kind\": \"route\", \"id\": \"send\", \"api\": \"api\", \"routeKey\": \"send\", " \
    "\"integration\": \"integ\"},\n" MOCK \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": " rate "}, " \
    "\"mix\": [" mix "]}\n" END

/* Connections opened at 10 per second stay open to the end of a minute:
 * 600 connections, half a minute each on average. */
START_TEST(test_websocket_connections)
{
    const aw_sim_result *r = S_simulate(WS("100", "{\"route\": \"connect\", \"weight\": 1}, "
                                                  "{\"route\": \"send\", \"weight\": 9}"), 60, NULL);
    ck_assert(r->websocket);
    ck_assert_double_eq_tol(r->ws.connects, 600, 600 * 0.12);
    ck_assert_double_eq_tol(r->ws.messages, 5400, 5400 * 0.05);
    ck_assert_double_eq_tol(r->ws.connection_seconds / 60.0, r->ws.connects * 0.5, r->ws.connects * 0.5 * 0.08);
    ck_assert_int_eq(r->ws.peak_open, (int64_t)r->ws.connects);
    S_done();
    /* 1,000 new connections a second against the account's 500. */
    r = S_simulate(WS("1000", "{\"route\": \"connect\", \"weight\": 1}"), 60, NULL);
    ck_assert_double_eq_tol((double)r->routes[0].served, 500 * 60 + 500, 200);
    ck_assert_int_eq(r->bottleneck, S_hop("account:websocket-connects"));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_scenarios");
    TCase *tc = aw_test_tcase(s, "scenarios", NULL, S_done);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_stage_throttle_answers_429);
    tcase_add_test(tc, test_account_throttle_from_the_diagram);
    tcase_add_test(tc, test_lambda_holds_c_over_d);
    tcase_add_test(tc, test_injected_failure_in_its_seconds);
    tcase_add_test(tc, test_timeout_answers_504);
    tcase_add_test(tc, test_authorizer_cache);
    tcase_add_test(tc, test_same_seed_same_bytes);
    tcase_add_test(tc, test_fault_messages);
    tcase_add_test(tc, test_empirical_latency);
    tcase_add_test(tc, test_websocket_connections);
    tcase_add_test(tc, test_calls_within_calls);
    return s;
}

AW_TEST_MAIN(S_suite)
