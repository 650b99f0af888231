/* The simulator's watch hook (aw_sim_options.watch, aw_sim_tick): both
 * engines call it while they run, with the result so far, and stop when it
 * says so; watching a run changes nothing in its result. The canvas server
 * builds its progress events, live per-hop pictures and cancel on it. */
#include <check.h>

#include "../../sim/report.h"
#include "../../sim/sim.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

static aw_arena arena;
static const aw_sim_model *model;

static void S_setup(void)
{
    compiled = true;
    ck_assert_int_eq(aw_compile_file(&comp, "samples/bff-http-jwt.json", AW_SPELLING_AUTO), AW_COMPILE_OK);
    aw_arena_init(&arena);
    model = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(model);
}

static void S_done(void)
{
    aw_arena_free(&arena);
    S_teardown();
}

/* What a watch saw; it stops the run at its stop_at-th call (0: never). */
typedef struct seen {
    int calls, stop_at;
    double last_fraction, last_now;
    uint64_t last_requests;
    bool went_back;             /* a figure that fell between two calls */
} seen;

static bool S_watch(void *ctx, double fraction, double now_s, const aw_sim_result *so_far)
{
    seen *s = ctx;
    s->calls++;
    s->went_back |= fraction < s->last_fraction || now_s < s->last_now || fraction > 1.0;
    if (!so_far->fluid)
        s->went_back |= so_far->requests < s->last_requests;
    s->last_fraction = fraction, s->last_now = now_s, s->last_requests = so_far->requests;
    return s->stop_at == 0 || s->calls < s->stop_at;
}

static char *S_report(aw_sim_options *opt)
{
    const char *error = NULL;
    aw_sim_result *r = aw_sim_run(model, opt, &error);
    ck_assert_msg(r != NULL, "%s", error);
    aw_strbuf out = AW_STRBUF_INIT;
    aw_sim_report_json(model, r, &out);
    aw_sim_result_free(r);
    return aw_strbuf_detach(&out, NULL);
}

static void S_check_engine(aw_sim_engine_kind engine)
{
    aw_sim_options opt = {.engine = engine, .rps = 3000, .duration_s = 120, .seed = 5};
    char *plain = S_report(&opt);
    seen watched = {0};
    opt.watch = S_watch, opt.watch_ctx = &watched;
    char *with_watch = S_report(&opt);
    ck_assert_str_eq(plain, with_watch);        /* watching changes nothing */
    ck_assert_int_gt(watched.calls, 3);
    ck_assert(!watched.went_back);
    ck_assert_double_gt(watched.last_now, 0);
    free(plain), free(with_watch);
    seen stopper = {.stop_at = 3};
    opt.watch_ctx = &stopper;
    const char *error = NULL;
    ck_assert_ptr_null(aw_sim_run(model, &opt, &error));
    ck_assert_ptr_eq(error, AW_SIM_CANCELLED);
    ck_assert_int_eq(stopper.calls, 3);         /* not called again once it said stop */
}

START_TEST(test_discrete_engine_is_watched_and_stopped)
{
    S_check_engine(AW_SIM_DISCRETE);
}
END_TEST

START_TEST(test_fluid_engine_is_watched_and_stopped)
{
    S_check_engine(AW_SIM_FLUID);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_watch");
    TCase *tc = aw_test_tcase(s, "watch", S_setup, S_done);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_discrete_engine_is_watched_and_stopped);
    tcase_add_test(tc, test_fluid_engine_is_watched_and_stopped);
    return s;
}

AW_TEST_MAIN(S_suite)
