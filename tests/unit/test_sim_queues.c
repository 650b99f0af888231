/* SQS queues and their Lambda consumers in the simulator: with batches of
 * one and a fixed concurrency the queue is M/M/c, so its messages wait
 * what Erlang C says and Little's law ties the backlog to that wait; a
 * consumer slower than its queue's arrivals builds a backlog that ages; the
 * mapping scales by 300 batches a minute from five; a FIFO queue runs one
 * batch per message group; failing batches come back after the visibility
 * timeout until the redrive policy dead-letters them; a batch that runs past
 * the visibility timeout is received again. Every message is accounted for. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "../../sim/sim.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

/* An API that sends each request to queue q, which function fn consumes. */
#define QUEUE_DIAGRAM(rate, queue, fn, edge)                                                                   \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"                                                         \
    "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": " rate "}},\n"         \
    "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"                  \
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"test\", \"api\": \"api\"},\n"                           \
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"POST\", \"path\": \"/p\", "          \
    "\"integration\": \"i\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"                           \
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"aws\", \"service\": \"sqs\", \"action\": "         \
    "\"SendMessage\", \"role\": \"arn:aws:iam::123456789012:role/send\", \"target\": \"q\"},\n"                \
    "{\"kind\": \"datastore\", \"id\": \"q\", \"engine\": \"sqs\", \"latency\": {\"p50\": \"10ms\", "          \
    "\"p99\": \"10ms\"}" queue "},\n"                                                                          \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\"" fn "}],\n"                          \
    "\"edges\": [{\"from\": \"q\", \"to\": \"fn\"" edge "}]}\n"

static aw_arena arena;
static aw_sim_result *result;

static void S_done(void)
{
    aw_sim_result_free(result);
    result = NULL;
    aw_arena_free(&arena);
    aw_arena_init(&arena);
    S_teardown();
}

static const aw_sim_consumer_stats *S_run(const char *text, double duration_s, bool exponential)
{
    S_compile(text);
    if (comp.diags.errors)
        aw_test_dump_diags(&comp.diags);
    ck_assert_uint_eq(comp.diags.errors, 0);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->consumer_count, 1);
    aw_sim_options opt = {.engine = AW_SIM_DISCRETE, .seed = 5, .duration_s = duration_s, .exponential = exponential};
    const char *error;
    result = aw_sim_run(m, &opt, &error);
    ck_assert_msg(result != NULL, "%s", error);
    ck_assert_uint_eq(result->consumer_count, 1);
    const aw_sim_consumer_stats *s = &result->consumers[0];
    /* Every message sent is done, dead-lettered or still in the queue. */
    ck_assert_uint_eq(s->sent, s->deleted + s->dead_lettered + s->left);
    return s;
}

/* 30 messages/s, 100 ms each (exponential), 4 batches of one at a time:
 * M/M/4 at 3 erlangs, Erlang C 27/53, so the mean wait is 27/53 of a
 * service time; and the mean backlog is the arrival rate times it. Over
 * 16 seeds, 2.4 million messages gave a mean wait with a relative standard
 * deviation of 0.64%, so 3% is more than four of them (600,000 gave 1.4%:
 * a test that passed by its seed's luck). */
START_TEST(test_mm_c_queue_waits_what_erlang_c_says)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("30", "", ", \"latency\": {\"p50\": \"100ms\", \"p99\": \"100ms\"}",
                                                         ", \"batchSize\": 1, \"maximumConcurrency\": 4"),
                                           80000, true);
    ck_assert_uint_gt(s->received, 500000);
    double wq_ms = s->wait.sum_ms / (double)s->wait.count;
    double expected = 27.0 / 53.0 * 100.0;
    ck_assert_msg(fabs(wq_ms / expected - 1.0) < 0.03, "mean wait %.3f ms, Erlang C %.3f ms", wq_ms, expected);
    double lambda = (double)s->sent / result->duration_s;
    double backlog = s->backlog_area / result->duration_s;
    ck_assert_msg(fabs(backlog / (lambda * wq_ms / 1000.0) - 1.0) < 0.02, "backlog %.4f, lambda x Wq %.4f", backlog,
                  lambda * wq_ms / 1000.0);
    ck_assert_int_eq(s->max_running, 4);
    ck_assert_double_eq_tol(s->running_area / result->duration_s, 3.0, 0.06);
}
END_TEST

/* 10 messages/s, 1 s each, at most 2 at a time: 8 more a second wait, and
 * the oldest waits ever longer. */
START_TEST(test_a_slow_consumer_builds_an_aging_backlog)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("10", "", ", \"latency\": {\"p50\": \"1s\", \"p99\": \"1s\"}",
                                                         ", \"batchSize\": 1, \"maximumConcurrency\": 2"),
                                           120, false);
    ck_assert_int_eq(s->max_running, 2);
    ck_assert_uint_le(s->deleted, 2 * 120 + 2);
    ck_assert_uint_ge(s->left, 7 * 120);
    ck_assert_int_ge(s->max_backlog, 7 * 120);
    ck_assert(s->series[100].backlog > s->series[50].backlog && s->series[50].backlog > s->series[10].backlog);
    ck_assert(s->series[100].age_ms > 40000.0);
}
END_TEST

/* A backlog from the start: five batches at once, then 300 more a minute. */
START_TEST(test_the_mapping_scales_300_a_minute_from_five)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("1000", "", ", \"latency\": {\"p50\": \"2s\", \"p99\": \"2s\"}",
                                                         ", \"batchSize\": 1"),
                                           30, false);
    ck_assert_int_ge(s->series[0].running, 5);
    for (size_t t = 0; t < 30; t++) {
        ck_assert_int_le(s->series[t].running, (int64_t)(5.0 + 5.0 * (double)(t + 1)));
        ck_assert_int_ge(s->series[t].running, (int64_t)(5.0 + 5.0 * (double)t) - 1);
    }
}
END_TEST

/* A FIFO queue with three message groups runs three batches at most. */
START_TEST(test_fifo_runs_one_batch_per_group)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("50", ", \"fifo\": true, \"messageGroups\": 3",
                                                         ", \"latency\": {\"p50\": \"500ms\", \"p99\": \"500ms\"}",
                                                         ", \"batchSize\": 1"),
                                           60, false);
    ck_assert_int_eq(s->max_running, 3);
    ck_assert_uint_le(s->deleted, 3 * 2 * 60 + 3);
}
END_TEST

/* A function that always fails: each message is received maxReceiveCount
 * times, a visibility timeout apart, then dead-lettered. */
START_TEST(test_failures_return_then_go_to_the_dead_letter_queue)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("20", ", \"visibilityTimeout\": \"2s\", \"maxReceiveCount\": 3",
                                                         ", \"errorRate\": 1, \"latency\": {\"p50\": \"50ms\", \"p99\": \"50ms\"}",
                                                         ", \"batchSize\": 5"),
                                           60, false);
    ck_assert_uint_eq(s->deleted, 0);
    ck_assert_uint_eq(s->failed_batches, s->batches);
    ck_assert_uint_ge(s->dead_lettered, s->sent - 20 * 6);
    ck_assert_uint_ge(s->returned, 2 * s->dead_lettered);
    /* The third receive of each comes two timeouts after the first: at least 4 s old. */
    ck_assert(s->wait.max_ms >= 4000.0);
}
END_TEST

/* A function that runs longer than the visibility timeout: its messages
 * show again while it works, and are processed twice. */
START_TEST(test_a_batch_past_the_visibility_timeout_is_received_again)
{
    const aw_sim_consumer_stats *s = S_run(QUEUE_DIAGRAM("5", ", \"visibilityTimeout\": \"1s\"",
                                                         ", \"timeout\": \"10s\", \"latency\": {\"p50\": \"3s\", \"p99\": \"3s\"}",
                                                         ", \"batchSize\": 1"),
                                           60, false);
    ck_assert_uint_gt(s->redelivered, 0);
    ck_assert_uint_gt(s->received, s->sent);
}
END_TEST

/* The fluid model against the discrete engine on the same queue: the mean
 * of four seeds of the discrete engine, the fluid model once. Counts as a
 * share of the messages sent; the figures of the mapping relative to the
 * discrete engine's (docs/simulation-format.md gives the tolerances and
 * what was measured; AW_SIM_SHOW=1 prints the differences). */
enum { S_SEEDS = 4 };

typedef struct S_figures {
    double counts[6];           /* sent, received, deleted, returned, dead-lettered, left */
    double batches, concurrency, backlog, age_p99;
} S_figures;

static S_figures S_figures_of(const aw_sim_result *r)
{
    const aw_sim_consumer_stats *s = &r->consumers[0];
    return (S_figures){.counts = {(double)s->sent, (double)s->received, (double)s->deleted, (double)s->returned,
                                  (double)s->dead_lettered, (double)s->left},
                       .batches = (double)s->batches,
                       .concurrency = s->running_area / r->duration_s,
                       .backlog = s->backlog_area / r->duration_s,
                       .age_p99 = aw_hist_quantile(&s->wait, 0.99)};
}

static void S_close(const char *what, const char *figure, double discrete, double fluid, double tolerance, double *worst)
{
    double off = fabs(fluid - discrete);
    *worst = fmax(*worst, off / tolerance);
    if (getenv("AW_SIM_SHOW"))
        fprintf(stderr, "%s, %s: discrete %.1f, fluid %.1f, tolerance %.1f\n", what, figure, discrete, fluid, tolerance);
    ck_assert_msg(off <= tolerance, "%s, %s: discrete %.3f, fluid %.3f (within %.3f)", what, figure, discrete, fluid,
                  tolerance);
}

static void S_agree(const char *what, const char *text, double duration_s, bool backlog)
{
    S_compile(text);
    ck_assert_uint_eq(comp.diags.errors, 0);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    aw_sim_options opts[S_SEEDS + 1];
    aw_sim_result *runs[S_SEEDS + 1];
    const char *errors[S_SEEDS + 1];
    for (int k = 0; k <= S_SEEDS; k++)
        opts[k] = (aw_sim_options){.engine = k < S_SEEDS ? AW_SIM_DISCRETE : AW_SIM_FLUID, .seed = 3 + (uint64_t)k,
                                   .duration_s = duration_s};
    aw_sim_run_batch(m, opts, S_SEEDS + 1, aw_sim_threads(), runs, errors);
    S_figures d = {0}, f;
    for (int k = 0; k <= S_SEEDS; k++) {
        ck_assert_msg(runs[k] != NULL, "%s", errors[k]);
        ck_assert_uint_eq(runs[k]->consumer_count, 1);
        S_figures x = S_figures_of(runs[k]);
        if (k == S_SEEDS) {
            f = x;
            break;
        }
        for (int i = 0; i < 6; i++)
            d.counts[i] += x.counts[i] / S_SEEDS;
        d.batches += x.batches / S_SEEDS, d.concurrency += x.concurrency / S_SEEDS;
        d.backlog += x.backlog / S_SEEDS, d.age_p99 += x.age_p99 / S_SEEDS;
    }
    static const char *const names[6] = {"sent", "received", "deleted", "returned", "dead-lettered", "left"};
    double worst = 0, sent = d.counts[0];
    for (int i = 0; i < 6; i++)
        S_close(what, names[i], d.counts[i], f.counts[i], 0.02 * sent + 3.0 * sqrt(d.counts[i] / S_SEEDS + 1.0), &worst);
    S_close(what, "batches", d.batches, f.batches, 0.20 * d.batches, &worst);
    S_close(what, "mean concurrency", d.concurrency, f.concurrency, 0.10 * d.concurrency, &worst);
    S_close(what, "p99 age (ms)", d.age_p99, f.age_p99, 0.20 * d.age_p99, &worst);
    if (backlog)
        S_close(what, "mean backlog", d.backlog, f.backlog, 0.15 * d.backlog, &worst);
    if (getenv("AW_SIM_SHOW"))
        fprintf(stderr, "%s: the largest difference is %.2f of its tolerance\n", what, worst);
    for (int k = 0; k <= S_SEEDS; k++)
        aw_sim_result_free(runs[k]);
}

/* Batches of up to five of a function that fails 5% of its invocations,
 * back after 2 s, dead-lettered at their third receive: at 120 messages/s
 * below the mapping's eight batches, at 200 beyond them (the backlog
 * grows for the two minutes). */
#define S_AGREE_DIAGRAM(rate)                                                                                   \
    QUEUE_DIAGRAM(rate, ", \"visibilityTimeout\": \"2s\", \"maxReceiveCount\": 3",                          \
                  ", \"errorRate\": 0.05, \"latency\": {\"p50\": \"200ms\", \"p99\": \"800ms\"}",              \
                  ", \"batchSize\": 5, \"maximumConcurrency\": 8")

START_TEST(test_the_fluid_model_agrees)
{
    S_agree("below the limit", S_AGREE_DIAGRAM("120"), 120, false);
    S_done();
    S_agree("beyond the limit", S_AGREE_DIAGRAM("200"), 120, true);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_queues");
    TCase *tc = aw_test_tcase(s, "queues", NULL, S_done);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mm_c_queue_waits_what_erlang_c_says);
    tcase_add_test(tc, test_a_slow_consumer_builds_an_aging_backlog);
    tcase_add_test(tc, test_the_mapping_scales_300_a_minute_from_five);
    tcase_add_test(tc, test_fifo_runs_one_batch_per_group);
    tcase_add_test(tc, test_failures_return_then_go_to_the_dead_letter_queue);
    tcase_add_test(tc, test_a_batch_past_the_visibility_timeout_is_received_again);
    tcase_add_test(tc, test_the_fluid_model_agrees);
    return s;
}

AW_TEST_MAIN(S_suite)
