/* The simulator against queueing theory (shared reference: queueing.md):
 * Erlang B for a Lambda at its concurrency, Erlang C for a pool with a
 * queue, Little's law on every hop, and the token bucket's bound; and the
 * faults that change a hop for a while (lost targets, a slow database). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/engine_state.h"
#include "../../sim/sim.h"
#include "test_support.h"

/* One route, one client, and the hop behind it; a mock when target < 0. */
typedef struct S_chain {
    aw_sim_hop hops[2];
    aw_sim_route route;
    aw_sim_source source;
    aw_sim_model model;
    uint32_t route_index, gate;
    double weight;
} S_chain;

static void S_chain_init(S_chain *c, aw_sim_hop_kind kind, int64_t servers, double mean_ms, double rps)
{
    *c = (S_chain){0};
    c->hops[0] = (aw_sim_hop){.id = "account", .kind = AW_SIM_HOP_BUCKET, .rate = 1e12, .burst = 1e12,
                              .shared_pool = -1, .auth_function = -1};
    c->hops[1] = (aw_sim_hop){.id = "server", .kind = kind, .servers = servers, .provisioned = servers,
                              .shared_pool = -1, .auth_function = -1, .queue = kind == AW_SIM_HOP_POOL,
                              .scale_rate = 1e9, .scale_burst = 1e9,
                              .latency = {.kind = AW_SIM_DIST_EXPONENTIAL, .mean_ms = mean_ms}};
    c->route = (aw_sim_route){.id = "r", .route = "r", .gates = &c->gate, .gate_count = 1, .authorizer = -1,
                              .cache = -1, .target = 1, .timeout_ms = 1e12};
    c->weight = 1.0;
    c->source = (aw_sim_source){.id = "client", .routes = &c->route_index, .weights = &c->weight, .route_count = 1,
                                .traffic = {.profile = AW_SIM_CONSTANT, .rate = rps, .peak_rate = rps}};
    c->model = (aw_sim_model){.hops = c->hops, .hop_count = 2, .routes = &c->route, .route_count = 1,
                              .sources = &c->source, .source_count = 1};
}

static aw_sim_result *S_run(const aw_sim_model *m, double duration_s, uint64_t seed)
{
    aw_sim_options opt = {.duration_s = duration_s, .seed = seed};
    const char *error;
    aw_sim_result *r = aw_sim_run(m, &opt, &error);
    ck_assert_msg(r != NULL, "simulation failed: %s", error);
    return r;
}

/* runs[0..n) of the model for duration_s each, seeded first_seed onwards,
 * on every core. */
static void S_run_seeded(const aw_sim_model *m, double duration_s, uint64_t first_seed, size_t n,
                         aw_sim_result **runs)
{
    aw_sim_options opts[8];
    const char *errors[8];
    ck_assert_uint_le(n, 8);
    for (size_t k = 0; k < n; k++)
        opts[k] = (aw_sim_options){.duration_s = duration_s, .seed = first_seed + k};
    aw_sim_run_batch(m, opts, n, aw_sim_threads(), runs, errors);
    for (size_t k = 0; k < n; k++)
        ck_assert_msg(runs[k] != NULL, "seed %llu: %s", (unsigned long long)(first_seed + k), errors[k]);
}

static double S_erlang_b(int c, double a)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

/* M/M/c/c: a Lambda with concurrency c and no queue loses the Erlang-B
 * fraction, and the client sees each loss as a 500. One run of 10^6
 * requests is unbiased but noisy: over 24 seeds its relative standard
 * deviation was 0.54% (c = 10, 7 erlangs), so 1% would be 1.9 standard
 * deviations. Four runs of 10^6 requests with their own seeds, on every
 * core, and their mean: 0.27%, and 1% is 3.7 of them. Each run alone must
 * be within 2.5% (4.6). */
#define S_ERLANG_RUNS 4
START_TEST(test_erlang_b)
{
    static const struct {
        int c;
        double a, b;
    } cases[] = {{10, 7.0, 0.0787408830}, {5, 2.0, 0.0366972477}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_double_eq_tol(S_erlang_b(cases[i].c, cases[i].a), cases[i].b, 1e-9);
        S_chain c;
        double mean_ms = 100.0, rps = cases[i].a / (mean_ms / 1000.0);
        S_chain_init(&c, AW_SIM_HOP_LAMBDA, cases[i].c, mean_ms, rps);
        aw_sim_result *runs[S_ERLANG_RUNS];
        uint64_t first_seed = 1 + i * S_ERLANG_RUNS;
        S_run_seeded(&c.model, 1e6 / rps, first_seed, S_ERLANG_RUNS, runs);
        double mean = 0;
        for (size_t k = 0; k < S_ERLANG_RUNS; k++) {
            const aw_sim_result *r = runs[k];
            ck_assert_uint_ge(r->requests, 995000);
            ck_assert_uint_eq(r->routes[0].causes[AW_SIM_LAMBDA_THROTTLED] + r->routes[0].served, r->requests);
            double lost = (double)r->routes[0].causes[AW_SIM_LAMBDA_THROTTLED] / (double)r->requests;
            ck_assert_msg(fabs(lost / cases[i].b - 1.0) < 0.025, "c=%d A=%g seed %llu: lost %.6f, Erlang B %.6f",
                          cases[i].c, cases[i].a, (unsigned long long)(first_seed + k), lost, cases[i].b);
            mean += lost / S_ERLANG_RUNS;
        }
        if (getenv("AW_SIM_SHOW"))
            fprintf(stderr, "c=%d A=%g: mean loss of %d runs %.6f, Erlang B %.6f (%+.2f%%)\n", cases[i].c, cases[i].a,
                    S_ERLANG_RUNS, mean, cases[i].b, (mean / cases[i].b - 1.0) * 100.0);
        ck_assert_msg(fabs(mean / cases[i].b - 1.0) < 0.01, "c=%d A=%g: lost %.6f, Erlang B %.6f", cases[i].c,
                      cases[i].a, mean, cases[i].b);
        for (size_t k = 0; k < S_ERLANG_RUNS; k++)
            aw_sim_result_free(runs[k]);
    }
}
END_TEST

/* M/M/c: a pool with a queue makes an arrival wait with Erlang C's
 * probability, for Wq on average. One run of 10^6 requests is noisier here
 * than for Erlang B: over 24 seeds its relative standard deviation was
 * about 1% for the probability of waiting and 2% for Wq (c = 10, 7
 * erlangs). The mean of six runs with their own seeds: 0.4% and 0.8%, so
 * 1.5% and 3% are about four of them. Each run alone must be within 4%
 * and 8%. */
#define S_ERLANG_C_RUNS 6
START_TEST(test_erlang_c)
{
    static const struct {
        int c;
        double a, wait_p, wq;       /* Wq in mean service times */
    } cases[] = {{10, 7.0, 0.2217312159, 0.0739104053}, {5, 2.0, 0.0597014925, 0.0199004975}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        S_chain c;
        double mean_ms = 100.0, rps = cases[i].a / (mean_ms / 1000.0);
        S_chain_init(&c, AW_SIM_HOP_POOL, cases[i].c, mean_ms, rps);
        aw_sim_result *runs[S_ERLANG_C_RUNS];
        uint64_t first_seed = 11 + i * S_ERLANG_C_RUNS;
        S_run_seeded(&c.model, 1e6 / rps, first_seed, S_ERLANG_C_RUNS, runs);
        double waited = 0, wq = 0;
        for (size_t k = 0; k < S_ERLANG_C_RUNS; k++) {
            const aw_sim_result *r = runs[k];
            ck_assert_uint_eq(r->routes[0].served, r->requests);
            const aw_sim_hop_stats *h = &r->hops[1];
            double run_waited = (double)h->queued / (double)h->arrivals;
            double run_wq = h->wait_sum / (double)h->arrivals / (mean_ms / 1000.0);
            ck_assert_msg(fabs(run_waited / cases[i].wait_p - 1.0) < 0.04, "c=%d seed %llu: waited %.6f, Erlang C %.6f",
                          cases[i].c, (unsigned long long)(first_seed + k), run_waited, cases[i].wait_p);
            ck_assert_msg(fabs(run_wq / cases[i].wq - 1.0) < 0.08, "c=%d seed %llu: Wq %.6f, expected %.6f", cases[i].c,
                          (unsigned long long)(first_seed + k), run_wq, cases[i].wq);
            waited += run_waited / S_ERLANG_C_RUNS;
            wq += run_wq / S_ERLANG_C_RUNS;
            aw_sim_result_free(runs[k]);
        }
        if (getenv("AW_SIM_SHOW"))
            fprintf(stderr, "c=%d: waited %+.2f%%, Wq %+.2f%% against Erlang C (mean of %d runs)\n", cases[i].c,
                    (waited / cases[i].wait_p - 1.0) * 100.0, (wq / cases[i].wq - 1.0) * 100.0, S_ERLANG_C_RUNS);
        ck_assert_msg(fabs(waited / cases[i].wait_p - 1.0) < 0.015, "c=%d: waited %.6f, Erlang C %.6f", cases[i].c,
                      waited, cases[i].wait_p);
        ck_assert_msg(fabs(wq / cases[i].wq - 1.0) < 0.03, "c=%d: Wq %.6f, expected %.6f", cases[i].c, wq,
                      cases[i].wq);
    }
}
END_TEST

/* L = lambda W on every hop: the time-average in the hop equals the
 * departure rate times the mean time spent there. */
static void S_little(const aw_sim_model *m, const aw_sim_result *r)
{
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop_stats *s = &r->hops[h];
        if (!s->completed)
            continue;
        double l = (s->busy_area + s->queue_area) / r->duration_s;
        double lw = (double)s->completed / r->duration_s * (s->time_sum / (double)s->completed);
        ck_assert_msg(fabs(l - lw) <= 1e-6 * fmax(1.0, l), "hop %s: L %.9f, lambda W %.9f", m->hops[h].id, l, lw);
    }
}

START_TEST(test_little)
{
    S_chain c;
    S_chain_init(&c, AW_SIM_HOP_POOL, 8, 50.0, 200.0);
    c.hops[1].queue_timeout_ms = 60.0;      /* some waiters give up */
    aw_sim_result *r = S_run(&c.model, 200.0, 3);
    ck_assert_uint_gt(r->hops[1].queue_timeouts, 0);
    S_little(&c.model, r);
    aw_sim_result_free(r);
}
END_TEST

/* Starting full, a bucket admits at most burst + rate * t in any window of
 * length t, and burst + floor(rate * T) under saturation for T. */
START_TEST(test_token_bucket)
{
    aw_sim_hop hop = {.id = "b", .kind = AW_SIM_HOP_BUCKET, .rate = 50.0, .burst = 20.0};
    aw_sim_model m = {.hops = &hop, .hop_count = 1};
    aw_sim_hop_state state = {.def = &hop, .tokens = hop.burst};
    aw_sim_options opt = {0};
    aw_sim_engine e = {.m = &m, .opt = &opt, .hops = &state};
    aw_rng_seed(&e.rng, 5);
    /* 30 simultaneous arrivals into the full bucket: exactly 20 pass. */
    size_t n = 0;
    for (int i = 0; i < 30; i++)
        if (aw_sim_gate_has(&e, 0))
            aw_sim_gate_take(&e, 0), n++;
    ck_assert_uint_eq(n, 20);
    /* Poisson arrivals at three times the rate for 100 s. */
    state.tokens = hop.burst, state.refilled = 0;
    size_t cap = 8192, count = 0;
    double *admitted = malloc(cap * sizeof *admitted);
    for (e.now = 0; e.now < 100.0; e.now += aw_rng_exp(&e.rng, 1.0 / 150.0)) {
        if (!aw_sim_gate_has(&e, 0))
            continue;
        aw_sim_gate_take(&e, 0);
        admitted[count++] = e.now;
        ck_assert_uint_lt(count, cap);
    }
    ck_assert_uint_le(count, 20 + 50 * 100);
    ck_assert_uint_ge(count, 50 * 100);
    static const double windows[] = {0.01, 0.1, 0.5, 1.0, 7.0, 33.0};
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++)
        for (size_t i = 0, j = 0; i < count; i++) {
            while (j < count && admitted[j] <= admitted[i] + windows[w])
                j++;
            ck_assert_msg((double)(j - i) <= hop.burst + hop.rate * windows[w] + 1e-9,
                          "%zu admitted within %g s from %g", j - i, windows[w], admitted[i]);
        }
    free(admitted);
}
END_TEST

/* Losing 2 of 4 targets from 10 s to 20 s halves the slots: each second
 * serves what Erlang B says 40, then 20, then 40 slots serve again. */
START_TEST(test_losing_targets)
{
    S_chain c;
    S_chain_init(&c, AW_SIM_HOP_POOL, 40, 100.0, 600.0);
    c.hops[1].queue = false;
    c.hops[1].keys = 4;
    c.hops[1].latency.kind = AW_SIM_DIST_CONSTANT;
    aw_sim_fault down = {.hop = 1, .kind = AW_FAULT_DOWN, .value = 2, .from_s = 10, .to_s = 20};
    aw_sim_options opt = {.duration_s = 30, .seed = 4, .faults = &down, .fault_count = 1};
    const char *error;
    aw_sim_result *r = aw_sim_run(&c.model, &opt, &error);
    double full = 600 * (1 - S_erlang_b(40, 60)), half = 600 * (1 - S_erlang_b(20, 60));
    double in = 0, out = 0;
    for (size_t t = 1; t < 30; t++) {
        if (t == 10 || t == 20)
            continue;       /* the seconds that straddle the change */
        double served = (double)r->series[t].causes[AW_SIM_OK];
        if (t > 10 && t < 20)
            in += served / 9.0;
        else
            out += served / 18.0;
    }
    ck_assert_msg(fabs(in / half - 1) < 0.05, "served %.1f/s with 2 targets, Erlang B says %.1f", in, half);
    ck_assert_msg(fabs(out / full - 1) < 0.05, "served %.1f/s with 4 targets, Erlang B says %.1f", out, full);
    aw_sim_result_free(r);
}
END_TEST

/* A database five times slower from 10 s to 20 s: the answers of those
 * seconds take five times as long, and only those. */
START_TEST(test_latency_spike)
{
    S_chain c;
    S_chain_init(&c, AW_SIM_HOP_POOL, 0, 100.0, 200.0);
    c.hops[1].latency.kind = AW_SIM_DIST_CONSTANT;
    aw_sim_fault slow = {.hop = 1, .kind = AW_FAULT_LATENCY, .value = 5, .from_s = 10, .to_s = 20};
    aw_sim_options opt = {.duration_s = 30, .seed = 4, .faults = &slow, .fault_count = 1};
    const char *error;
    aw_sim_result *r = aw_sim_run(&c.model, &opt, &error);
    for (size_t t = 1; t < 30; t++) {
        const aw_sim_second *s = &r->series[t];
        double mean = s->latency_sum_ms / (double)s->causes[AW_SIM_OK];
        if (t >= 11 && t < 20)
            ck_assert_double_eq_tol(mean, 500.0, 1e-6);
        else if (t < 10 || t > 20)
            ck_assert_double_eq_tol(mean, 100.0, 1e-6);
    }
    aw_sim_result_free(r);
}
END_TEST

/* The same database five times slower from 10 s to 20 s, its service times
 * exponential (mean 100 ms, so a second's p99, about 4.6 means, is near
 * 460 ms): the per-second p99 shows the spike in the seconds answered
 * within it (near 2.3 s) and nowhere else, in both engines; a second's
 * percentiles are ordered and never above its maximum. */
START_TEST(test_latency_spike_in_its_seconds_p99)
{
    static const aw_sim_engine_kind engines[] = {AW_SIM_DISCRETE, AW_SIM_FLUID};
    for (size_t k = 0; k < sizeof engines / sizeof *engines; k++) {
        S_chain c;
        S_chain_init(&c, AW_SIM_HOP_POOL, 0, 100.0, 200.0);
        aw_sim_fault slow = {.hop = 1, .kind = AW_FAULT_LATENCY, .value = 5, .from_s = 10, .to_s = 20};
        aw_sim_options opt = {.engine = engines[k], .duration_s = 30, .seed = 4, .faults = &slow, .fault_count = 1};
        const char *error;
        aw_sim_result *r = aw_sim_run(&c.model, &opt, &error);
        ck_assert_msg(r != NULL, "simulation failed: %s", error);
        ck_assert_uint_ge(r->seconds, 30);
        for (size_t t = 0; t < 30; t++) {
            const double *q = r->series[t].latency_ms;
            for (int i = 1; i < AW_SIM_QUANTILES; i++)
                ck_assert_msg(q[i - 1] <= q[i], "engine %zu second %zu: %s %g above %s %g", k, t,
                              aw_sim_quantile_name[i - 1], q[i - 1], aw_sim_quantile_name[i], q[i]);
            if (t >= 12 && t < 20)
                ck_assert_msg(q[2] > 1200.0, "engine %zu second %zu: p99 %g ms in the spike", k, t, q[2]);
            else if (t < 9 || t >= 26)
                ck_assert_msg(q[2] > 200.0 && q[2] < 1000.0, "engine %zu second %zu: p99 %g ms outside it", k, t, q[2]);
        }
        aw_sim_result_free(r);
    }
}
END_TEST

/* The ziggurat's draws: the mean and the tail beyond the base layer's edge
 * (where the rare path draws) within four standard errors, and 64 bins of
 * equal probability within a chi-square a correct generator exceeds once
 * in 5,000 runs (63 degrees of freedom, 110). */
static void S_check_draws(const char *what, double (*draw)(aw_rng *), double (*cdf)(double), double mean,
                          double sd, double edge, double beyond)
{
    enum { N = 4000000, BINS = 64 };
    static uint64_t bins[BINS];
    memset(bins, 0, sizeof bins);
    aw_rng r;
    aw_rng_seed(&r, 9);
    double sum = 0, tail = 0;
    for (int i = 0; i < N; i++) {
        double x = draw(&r);
        sum += x;
        tail += fabs(x) > edge;
        int b = (int)(cdf(x) * BINS);
        bins[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
    }
    double chi = 0, expected = (double)N / BINS;
    for (int b = 0; b < BINS; b++)
        chi += ((double)bins[b] - expected) * ((double)bins[b] - expected) / expected;
    ck_assert_msg(fabs(sum / N - mean) < 4 * sd / sqrt(N), "%s: mean %g", what, sum / N);
    ck_assert_msg(fabs(tail - N * beyond) < 4 * sqrt(N * beyond), "%s: %g beyond %g, expected %g", what, tail, edge,
                  N * beyond);
    ck_assert_msg(chi < 110, "%s: chi-square %g over %d bins", what, chi, BINS);
}

static double S_exp1(aw_rng *r)
{
    return aw_rng_exp(r, 1.0);
}

static double S_exp_cdf(double x)
{
    return 1.0 - exp(-x);
}

static double S_normal_cdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* A client silent for some seconds (a rate of 0 in its table) offers
 * nothing in them: the look at its rate again each second brings no
 * request of its own. (The arrival drawn last in a busy second may fall
 * just past its end, as a rate is read when a gap is drawn.) */
START_TEST(test_silent_seconds_offer_nothing)
{
    static const double rates[] = {0, 0, 0, 200, 0, 0};
    S_chain c;
    S_chain_init(&c, AW_SIM_HOP_LAMBDA, 100, 10.0, 0);
    c.source.traffic = (aw_sim_traffic){.profile = AW_SIM_TABLE, .rate = 200, .peak_rate = 200, .table = rates, .table_len = 6};
    aw_sim_result *r = S_run(&c.model, 6.0, 11);
    ck_assert_uint_ge(r->seconds, 6);
    for (size_t i = 0; i < 6; i++)
        if (i != 3)
            ck_assert_msg(r->series[i].offered <= (i == 4), "second %zu offered %llu", i,
                          (unsigned long long)r->series[i].offered);
    ck_assert_uint_gt(r->series[3].offered, 150);
    ck_assert_uint_eq(r->routes[0].offered, r->series[3].offered + r->series[4].offered);
    aw_sim_result_free(r);
}
END_TEST

START_TEST(test_draws)
{
    S_check_draws("exponential", S_exp1, S_exp_cdf, 1.0, 1.0, 7.69711747013104972, exp(-7.69711747013104972));
    S_check_draws("normal", aw_rng_normal, S_normal_cdf, 0.0, 1.0, 3.6541528853610088,
                  erfc(3.6541528853610088 / sqrt(2.0)));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_oracle");
    TCase *tc = aw_test_tcase(s, "queueing", NULL, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_erlang_b);
    tcase_add_test(tc, test_erlang_c);
    tcase_add_test(tc, test_little);
    tcase_add_test(tc, test_token_bucket);
    tcase_add_test(tc, test_losing_targets);
    tcase_add_test(tc, test_latency_spike);
    tcase_add_test(tc, test_latency_spike_in_its_seconds_p99);
    tcase_add_test(tc, test_draws);
    tcase_add_test(tc, test_silent_seconds_offer_nothing);
    return s;
}

AW_TEST_MAIN(S_suite)
