/* Lambda execution environments expire after their idle lifetime: a quiet
 * period longer than it brings the cold starts back, a shorter one (or a
 * lifetime of "never") does not, and provisioned environments stay; in
 * both engines. */
#include <check.h>

#include "../../sim/sim.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define DIAGRAM(provisioned)                                                                                   \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                         \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 20}},\n"               \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"                                              \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"test\", \"api\": \"api\"},\n"                           \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "           \
    "\"integration\": \"i\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"                           \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"                \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", \"coldStart\": \"300ms\", "         \
    "\"reservedConcurrency\": 100," provisioned " \"latency\": {\"p50\": \"100ms\", \"p99\": \"100ms\"}}]}\n"

#define BUSY 60
#define RPS 20.0

static aw_arena arena;
static double table[BUSY + 1200 + BUSY];

static void S_done(void)
{
    aw_arena_free(&arena);
    aw_arena_init(&arena);
    S_teardown();
}

/* Cold starts of fn over a minute busy, `quiet` seconds of nothing, and
 * (when again) a minute busy. */
static uint64_t S_cold(const aw_sim_model *m, aw_sim_engine_kind engine, size_t quiet, bool again, double idle_s)
{
    size_t n = 0;
    for (size_t i = 0; i < BUSY; i++)
        table[n++] = RPS;
    for (size_t i = 0; i < quiet; i++)
        table[n++] = 0;
    for (size_t i = 0; again && i < BUSY; i++)
        table[n++] = RPS;
    aw_sim_options opt = {.engine = engine, .seed = 3, .pattern_set = true, .pattern = AW_SIM_TABLE,
                          .table = table, .table_len = n, .duration_s = (double)n, .idle_s = idle_s};
    const char *error;
    aw_sim_result *r = aw_sim_run(m, &opt, &error);
    ck_assert_msg(r != NULL, "%s", error);
    uint64_t cold = r->hops[aw_sim_hop_find(m, "fn:fn")].cold_starts;
    aw_sim_result_free(r);
    return cold;
}

static aw_sim_model *S_model(const char *text)
{
    S_compile(text);
    ck_assert_uint_eq(comp.diags.errors, 0);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    return m;
}

START_TEST(test_cold_starts_come_back_after_the_idle_lifetime)
{
    const aw_sim_model *m = S_model(DIAGRAM(""));
    aw_sim_engine_kind engine = _i ? AW_SIM_FLUID : AW_SIM_DISCRETE;
    uint64_t first = S_cold(m, engine, 700, false, 0);
    ck_assert_uint_gt(first, 0);
    /* The default lifetime (600 s) is past after 700 s of quiet: the
     * second minute starts cold again, about as many as the first. */
    uint64_t back = S_cold(m, engine, 700, true, 0) - first;
    ck_assert_uint_ge(back, first / 2);
    ck_assert_uint_le(back, first * 2);
    /* Within the lifetime, or with none, the environments are still there
     * (the discrete engine may start one or two more for a burst above the
     * first minute's). */
    ck_assert_uint_le(S_cold(m, engine, 500, true, 0) - first, 2);
    ck_assert_uint_le(S_cold(m, engine, 1200, true, -1) - first, 2);
    ck_assert_uint_le(S_cold(m, engine, 700, true, 900) - first, 2);
    /* A shorter lifetime set: gone after 300 s. */
    ck_assert_uint_ge(S_cold(m, engine, 500, true, 300) - first, first / 2);
}
END_TEST

START_TEST(test_provisioned_environments_stay)
{
    const aw_sim_model *m = S_model(DIAGRAM(" \"provisionedConcurrency\": 10,"));
    aw_sim_engine_kind engine = _i ? AW_SIM_FLUID : AW_SIM_DISCRETE;
    /* 20/s of 100 ms use two environments at a time, rarely more than 8:
     * ten kept warm start none cold, before the quiet or after. */
    ck_assert_uint_eq(S_cold(m, engine, 700, true, 0), 0);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_idle");
    TCase *tc = aw_test_tcase(s, "idle lifetime", NULL, S_done);
    tcase_add_loop_test(tc, test_cold_starts_come_back_after_the_idle_lifetime, 0, 2);
    tcase_add_loop_test(tc, test_provisioned_environments_stay, 0, 2);
    return s;
}

AW_TEST_MAIN(S_suite)
