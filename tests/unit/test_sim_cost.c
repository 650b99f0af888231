/* The bill of a simulation run against a hand computation: the run's own
 * counts, scaled from its seconds to AWS's 730-hour month, at the built-in
 * us-east-1 prices. */
#include <check.h>
#include <math.h>

#include "../../sim/cost_estimate.h"
#include "../../sim/sim_cost.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

/* A REST API whose one route runs a 1 GB x86 function for exactly 120 ms,
 * and nothing else that bills; the route guarded as auth and nodes say. */
#define S_DIAGRAM(auth, nodes)                                                                                 \
    "{\"archway\": 1, \"name\": \"t\", \"regions\": [\"us-east-1\"], \"nodes\": [\n"                           \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"                      \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"},\n"                               \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "               \
    "\"integration\": \"integ\", " auth "},\n" nodes                                                               \
    "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"               \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", \"memory\": 1024, "                  \
    "\"coldStart\": \"0ms\", \"latency\": {\"p50\": \"120ms\", \"p99\": \"120ms\"}},\n"                           \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 50}}\n"                     \
    "]}\n"

/* Runs the diagram for 60 s and checks its bill against the hand
 * computation: the API's requests and the function's, nothing else. */
static void S_priced_as_by_hand(const char *diagram)
{
    S_compile_clean(diagram);
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
    /* Nothing stands for an authorizer function on the way. */
    for (size_t i = 0; i < m->hop_count; i++)
        ck_assert_int_ne(m->hops[i].kind, AW_SIM_HOP_AUTHORIZER);

    aw_sim_cost_free(&cost);
    aw_sim_result_free(r);
    aw_arena_free(&arena);
}

START_TEST(test_run_priced_as_by_hand)
{
    S_priced_as_by_hand(S_DIAGRAM("\"authorizer\": \"none\", \"noneReason\": \"test\"", ""));
}
END_TEST

/* A REST API's JWT authorizer validates tokens in API Gateway ("Control
 * access to REST APIs using JWT authorizers": no function to run): the run
 * and the bill are those of the open route, no authorizer hop, no Lambda
 * invocation more. */
START_TEST(test_rest_jwt_authorizer_invokes_no_function)
{
    S_priced_as_by_hand(S_DIAGRAM("\"authorizer\": \"jwt\", \"scopes\": [\"p:read\"]",
                                  "{\"kind\": \"authorizer\", \"id\": \"jwt\", \"type\": \"jwt\", "
                                  "\"algorithms\": [\"RS256\"], \"issuers\": [{\"issuer\": \"https://id.example.com\", "
                                  "\"audiences\": [\"p\"]}, {\"issuer\": \"https://id2.example.com\", "
                                  "\"audiences\": [\"p\"], \"claims\": [{\"name\": \"org\", \"required\": true}]}]},\n"));
}
END_TEST

/* The simulator's traffic sources and the cost estimate read a client's
 * route mix alike: its entries with a positive weight (a mix of weights of
 * 0 sends nothing: the estimate used to spread such a client over every
 * route), or every route of its API alike when it draws no mix. */
START_TEST(test_route_mix_read_alike)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"api\", \"id\": \"a1\", \"type\": \"http\"},\n"
              "{\"kind\": \"api\", \"id\": \"a2\", \"type\": \"http\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s1\", \"name\": \"test\", \"api\": \"a1\"},\n"
              "{\"kind\": \"stage\", \"id\": \"s2\", \"name\": \"test\", \"api\": \"a2\"},\n"
              "{\"kind\": \"route\", \"id\": \"r1\", \"api\": \"a1\", \"method\": \"GET\", \"path\": \"/1\", "
              "\"integration\": \"m\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
              "{\"kind\": \"route\", \"id\": \"r2\", \"api\": \"a1\", \"method\": \"GET\", \"path\": \"/2\", "
              "\"integration\": \"m\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
              "{\"kind\": \"route\", \"id\": \"r3\", \"api\": \"a2\", \"method\": \"GET\", \"path\": \"/3\", "
              "\"integration\": \"m2\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
              "{\"kind\": \"route\", \"id\": \"r4\", \"api\": \"a2\", \"method\": \"GET\", \"path\": \"/4\", "
              "\"integration\": \"m2\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
              "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\"},\n"
              "{\"kind\": \"integration\", \"id\": \"m2\", \"type\": \"mock\"},\n"
              "{\"kind\": \"client\", \"id\": \"c1\", \"stage\": \"s1\", \"traffic\": {\"rate\": 40}, \"mix\": ["
              "{\"route\": \"r1\", \"weight\": 3}, {\"route\": \"r2\", \"weight\": 1}, {\"route\": \"r2\", \"weight\": 0}]},\n"
              "{\"kind\": \"client\", \"id\": \"c2\", \"stage\": \"s2\", \"traffic\": {\"rate\": 10}},\n"
              "{\"kind\": \"client\", \"id\": \"c3\", \"stage\": \"s1\", \"traffic\": {\"rate\": 20}, "
              "\"mix\": [{\"route\": \"r1\", \"weight\": 0}]}\n"
              "]}\n");
    if (comp.diags.errors)
        aw_test_dump_diags(&comp.diags);
    ck_assert_uint_eq(comp.diags.errors, 0);
    double *rate = aw_client_route_rates(comp.model);
    ck_assert_ptr_nonnull(rate);
    static const struct {
        const char *route;
        double rps;
    } expected[] = {{"r1", 30}, {"r2", 10}, {"r3", 5}, {"r4", 5}};
    for (size_t i = 0; i < 4; i++)
        ck_assert_double_eq_tol(rate[S_node(expected[i].route)->index], expected[i].rps, 1e-9);
    /* The sources' weights give the same shares. */
    aw_arena arena;
    aw_arena_init(&arena);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->source_count, 3);
    ck_assert_uint_eq(m->sources[2].route_count, 0);
    for (size_t s = 0; s < 2; s++) {
        const aw_sim_source *src = &m->sources[s];
        double total = 0;
        for (size_t k = 0; k < src->route_count; k++)
            total += src->weights[k];
        double mean = src->traffic.rate;
        ck_assert_uint_eq(src->route_count, 2);
        for (size_t k = 0; k < src->route_count; k++) {
            const aw_node *route = S_node(m->routes[src->routes[k]].route);
            ck_assert_double_eq_tol(mean * src->weights[k] / total, rate[route->index], 1e-9);
        }
    }
    free(rate);
    aw_arena_free(&arena);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_cost");
    TCase *tc = aw_test_tcase(s, "cost", NULL, S_teardown);
    tcase_add_test(tc, test_run_priced_as_by_hand);
    tcase_add_test(tc, test_rest_jwt_authorizer_invokes_no_function);
    tcase_add_test(tc, test_route_mix_read_alike);
    return s;
}

AW_TEST_MAIN(S_suite)
