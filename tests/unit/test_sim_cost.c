/* The bill of a simulation run against a hand computation: the run's own
 * counts, scaled from its seconds to AWS's 730-hour month, at the built-in
 * us-east-1 prices. */
#include <check.h>
#include <math.h>

#include "../../sim/sim_cost.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

/* A REST API whose one route runs a 1 GB x86 function for exactly 120 ms,
 * and nothing else that bills. */
static const char S_diagram[] =
    "{\"archway\": 1, \"name\": \"t\", \"regions\": [\"us-east-1\"], \"nodes\": [\n"
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
    "\"integration\": \"integ\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
    "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", \"memory\": 1024, "
    "\"coldStart\": \"0ms\", \"latency\": {\"p50\": \"120ms\", \"p99\": \"120ms\"}},\n"
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 50}}\n"
    "]}\n";

START_TEST(test_run_priced_as_by_hand)
{
    S_compile_clean(S_diagram);
    aw_arena arena;
    aw_arena_init(&arena);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    aw_sim_options opt = {.duration_s = 60, .seed = 5};
    const char *error;
    aw_sim_result *r = aw_sim_run(m, &opt, &error);
    ck_assert_msg(r != NULL, "%s", error);
    aw_sim_cost cost;
    char why[200];
    ck_assert_msg(aw_sim_cost_price(comp.model, m, r, &cost, why, sizeof why), "%s", why);

    /* 50 requests/s for 60 s: about 3,000 requests, 43,800 times over in
     * a month (2,628,000 s / 60 s), some 131 million: all in the first
     * tiers. REST requests $3.50 a million, Lambda requests $0.20 a
     * million, 0.12 s x 1 GB at $0.0000166667 a GB-second. */
    double n = (double)r->routes[0].offered, month = 730.0 * 3600.0 / 60.0;
    ck_assert_double_eq_tol(n, 3000.0, 3000.0 * 0.06);
    ck_assert_uint_eq(r->hops[aw_sim_hop_find(m, "fn:fn")].admitted, r->routes[0].offered);
    double by_hand = n * month * (3.50 / 1e6 + 0.20 / 1e6 + 0.120 * 1.0 * 0.0000166667);
    ck_assert_double_eq_tol(cost.bill.total, by_hand, 0.005);
    ck_assert_uint_eq(cost.bill.count, 3);
    ck_assert_str_eq(cost.region, "us-east-1");

    aw_sim_cost_free(&cost);
    aw_sim_result_free(r);
    aw_arena_free(&arena);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_cost");
    TCase *tc = aw_test_tcase(s, "cost", NULL, S_teardown);
    tcase_add_test(tc, test_run_priced_as_by_hand);
    return s;
}

AW_TEST_MAIN(S_suite)
