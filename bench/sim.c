/* Benchmark of the simulator: simulated requests per CPU-second of the
 * discrete-event engine on a 3-hop chain (stage and account throttles,
 * Lambda, a database pool with a queue) at 10^6 requests, and its peak
 * memory; the M/M/c/c model here and in SimPy (bench/mmcc_simpy.py) in the
 * same run; a minute at 10^8 requests/s in the fluid model; independent
 * seeds on one core and on all. Targets: 5 million requests per
 * CPU-second, 100 times SimPy's rate, the fluid minute under a second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../sim/sim.h"
#include "bench_util.h"
#include "gen_diagram.h"

/* Runs per median: 5, or what --runs says (1 under callgrind). */
static int S_runs = 5;
#define S_RUNS_MAX 99
#define REQUESTS 1e6
#define SIMPY_REQUESTS 100000

static double S_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long S_maxrss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/* The chain: two gates, a function holding 100 executions of 15 ms that
 * calls a 40-connection pool once (5 ms), at 5,000 requests/s. */
typedef struct S_chain {
    aw_sim_hop hops[4];
    aw_sim_call call;
    uint32_t gates[2], route_index;
    double weight;
    aw_sim_route route;
    aw_sim_source source;
    aw_sim_model model;
} S_chain;

static void S_chain_init(S_chain *c)
{
    memset(c, 0, sizeof *c);
    c->hops[0] = (aw_sim_hop){.id = "stage", .kind = AW_SIM_HOP_BUCKET, .rate = 8000, .burst = 4000,
                              .shared_pool = -1, .auth_function = -1};
    c->hops[1] = (aw_sim_hop){.id = "account", .kind = AW_SIM_HOP_BUCKET, .rate = 10000, .burst = 5000,
                              .shared_pool = -1, .auth_function = -1};
    c->call = (aw_sim_call){.hop = 3, .per_request = 1};
    c->hops[2] = (aw_sim_hop){.id = "fn", .kind = AW_SIM_HOP_LAMBDA, .servers = 100, .shared_pool = -1,
                              .auth_function = -1, .scale_rate = 100, .scale_burst = 1000, .cold_start_ms = 300,
                              .timeout_ms = 3000, .calls = &c->call, .call_count = 1,
                              .latency = aw_sim_dist_fit(12, 60, 0)};
    c->hops[3] = (aw_sim_hop){.id = "db", .kind = AW_SIM_HOP_POOL, .servers = 40, .queue = true,
                              .queue_timeout_ms = 1000, .shared_pool = -1, .auth_function = -1,
                              .latency = {.kind = AW_SIM_DIST_EXPONENTIAL, .mean_ms = 5}};
    c->gates[0] = 0, c->gates[1] = 1;
    c->weight = 1;
    c->route = (aw_sim_route){.id = "r", .route = "r", .gates = c->gates, .gate_count = 2, .authorizer = -1,
                              .cache = -1, .target = 2, .timeout_ms = 29000};
    c->source = (aw_sim_source){.id = "client", .routes = &c->route_index, .weights = &c->weight, .route_count = 1,
                                .traffic = {.profile = AW_SIM_CONSTANT, .rate = 5000, .peak_rate = 5000}};
    c->model = (aw_sim_model){.hops = c->hops, .hop_count = 4, .routes = &c->route, .route_count = 1,
                              .sources = &c->source, .source_count = 1};
}

/* Median CPU milliseconds of S_runs runs; *out keeps the last result. */
static double S_time(const aw_sim_model *m, const aw_sim_options *opt, aw_sim_result **out)
{
    double ms[S_RUNS_MAX];
    for (int i = 0; i < S_runs; i++) {
        const char *error;
        double t0 = S_cpu_ms();
        aw_sim_result *r = aw_sim_run(m, opt, &error);
        ms[i] = S_cpu_ms() - t0;
        if (!r) {
            fprintf(stderr, "bench/sim: %s\n", error);
            exit(1);
        }
        if (i + 1 < S_runs)
            aw_sim_result_free(r);
        else
            *out = r;
    }
    return aw_bench_median(ms, S_runs);
}

static void S_chain_bench(const aw_sim_model *m)
{
    aw_sim_options opt = {.engine = AW_SIM_DISCRETE, .duration_s = REQUESTS / 5000.0, .seed = 1};
    long rss0 = S_maxrss_kb();
    aw_sim_result *r;
    double ms = S_time(m, &opt, &r);
    double rate = (double)r->requests / (ms / 1000.0);
    char n[32];
    printf("3-hop chain (throttles, Lambda 100, pool 40), %s requests: %.0f ms CPU (median of %d), "
           "%.2f million simulated requests per CPU-second (target 5: %s)\n",
           aw_bench_commas(n, sizeof n, r->requests), ms, S_runs, rate / 1e6, rate >= 5e6 ? "met" : "not met");
    printf("  %llu events; at most %zu requests in flight; peak RSS %ld KiB (%+ld KiB over the set-up)\n",
           (unsigned long long)r->events, r->peak_in_flight, S_maxrss_kb(), S_maxrss_kb() - rss0);
    aw_sim_result_free(r);
}

/* M/M/c/c with c = 10 and 7 erlangs, here and in SimPy. */
static void S_mmcc_bench(const aw_sim_model *chain)
{
    (void)chain;
    S_chain c;
    S_chain_init(&c);
    c.hops[2] = (aw_sim_hop){.id = "fn", .kind = AW_SIM_HOP_LAMBDA, .servers = 10, .provisioned = 10,
                             .shared_pool = -1, .auth_function = -1, .scale_rate = 1e9, .scale_burst = 1e9,
                             .latency = {.kind = AW_SIM_DIST_EXPONENTIAL, .mean_ms = 100}};
    c.route.gate_count = 0;
    c.source.traffic.rate = c.source.traffic.peak_rate = 70;
    aw_sim_options opt = {.engine = AW_SIM_DISCRETE, .duration_s = REQUESTS / 70.0, .seed = 1};
    aw_sim_result *r;
    double ms = S_time(&c.model, &opt, &r);
    double ours = (double)r->requests / (ms / 1000.0);
    double lost = (double)r->routes[0].causes[AW_SIM_LAMBDA_THROTTLED] / (double)r->requests;
    printf("M/M/c/c (c = 10, 7 erlangs), 10^6 requests: %.2f million per CPU-second, lost %.5f "
           "(Erlang B 0.07874)\n", ours / 1e6, lost);
    aw_sim_result_free(r);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 bench/mmcc_simpy.py %d 10 70 10 1 2>&1", SIMPY_REQUESTS);
    FILE *p = popen(cmd, "r");
    double n = 0, simpy_lost = 0, cpu = 0, simpy = 0;
    int got = p ? fscanf(p, "%lf %lf %lf %lf", &n, &simpy_lost, &cpu, &simpy) : 0;
    if (p)
        pclose(p);
    if (got != 4 || !(simpy > 0)) {
        printf("  SimPy: not available (python3-simpy is installed by make deps)\n");
        return;
    }
    printf("  SimPy 2 (python3-simpy), %.0f requests: %.0f per CPU-second, lost %.5f; Archway is %.0f times "
           "as fast (target 100: %s)\n", n, simpy, simpy_lost, ours / simpy, ours >= 100 * simpy ? "met" : "not met");
}

static void S_fluid_bench(const aw_sim_model *m)
{
    aw_sim_options opt = {.engine = AW_SIM_FLUID, .duration_s = 60, .rps = 1e8, .seed = 1};
    double ms[S_RUNS_MAX];
    for (int i = 0; i < S_runs; i++) {
        const char *error;
        double t0 = aw_bench_now_ms();
        aw_sim_result *r = aw_sim_run(m, &opt, &error);
        ms[i] = aw_bench_now_ms() - t0;
        aw_sim_result_free(r);
    }
    double median = aw_bench_median(ms, S_runs);
    printf("fluid model, 60 s at 10^8 requests/s on the chain: %.1f ms (median of %d; target under 1,000: %s)\n",
           median, S_runs, median < 1000 ? "met" : "not met");
}

/* Eight seeds one after another, then on every core. */
static void S_batch_bench(const aw_sim_model *m)
{
    enum { SEEDS = 8 };
    aw_sim_options opts[SEEDS];
    aw_sim_result *results[SEEDS];
    const char *errors[SEEDS];
    for (int i = 0; i < SEEDS; i++)
        opts[i] = (aw_sim_options){.engine = AW_SIM_DISCRETE, .duration_s = REQUESTS / 5000.0, .seed = 1 + i};
    double wall[2];
    size_t threads[2] = {1, aw_sim_threads()};
    for (int k = 0; k < 2; k++) {
        double t0 = aw_bench_now_ms();
        aw_sim_run_batch(m, opts, SEEDS, threads[k], results, errors);
        wall[k] = aw_bench_now_ms() - t0;
        for (int i = 0; i < SEEDS; i++)
            aw_sim_result_free(results[i]);
    }
    printf("8 seeds of the chain: %.0f ms on 1 thread, %.0f ms on %zu (%.2f times as fast; the machine is shared)\n",
           wall[0], wall[1], threads[1], wall[0] / wall[1]);
}

/* The simulation model of the 10,000-route estate (bench/gen_diagram.h):
 * its build walks every route on every stage, with the overrides, usage
 * plans and clients of each; a per-route scan of them would be quadratic. */
static void S_estate_bench(const aw_sim_model *chain)
{
    (void)chain;
    size_t len;
    char *text = aw_bench_generate_json(10000, &len);
    aw_compilation c;
    if (!text || aw_compile_buffer(&c, "estate.json", text, len, AW_SPELLING_JSON) != AW_COMPILE_OK) {
        printf("10,000-route estate: does not compile\n");
        free(text);
        return;
    }
    double ms[S_RUNS_MAX];
    size_t routes = 0, hops = 0;
    for (int i = 0; i < S_runs; i++) {
        aw_arena arena;
        aw_arena_init(&arena);
        double t0 = S_cpu_ms();
        aw_sim_model *m = aw_sim_model_build(c.model, &arena);
        ms[i] = S_cpu_ms() - t0;
        routes = m ? m->route_count : 0, hops = m ? m->hop_count : 0;
        aw_arena_free(&arena);
    }
    printf("simulation model of the 10,000-route estate (%zu sim routes, %zu hops): %.1f ms CPU (median of %d)\n",
           routes, hops, aw_bench_median(ms, (size_t)S_runs), S_runs);
    aw_compilation_free(&c);
    free(text);
}

/* The parts, each run when named on the command line (all when none is):
 * `bench/sim --runs 1 chain` is what callgrind is pointed at. */
static const struct {
    const char *name;
    void (*run)(const aw_sim_model *chain);
} S_parts[] = {
    {"chain", S_chain_bench},
    {"mmcc", S_mmcc_bench},
    {"fluid", S_fluid_bench},
    {"seeds", S_batch_bench},
    {"estate", S_estate_bench},
};
#define S_PART_COUNT (sizeof S_parts / sizeof S_parts[0])

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--runs") == 0) {
        S_runs = atoi(argv[2]);
        first = 3;
    }
    bool named[S_PART_COUNT] = {0}, any = false;
    for (int a = first; a <= argc; a++) {
        size_t k = 0;
        while (a < argc && k < S_PART_COUNT && strcmp(argv[a], S_parts[k].name) != 0)
            k++;
        if (k == S_PART_COUNT || S_runs < 1 || S_runs > S_RUNS_MAX) {
            fprintf(stderr, "usage: bench/sim [--runs 1..%d] [chain] [mmcc] [fluid] [seeds]\n", S_RUNS_MAX);
            return 2;
        }
        if (a < argc)
            named[k] = any = true;
    }
    S_chain c;
    S_chain_init(&c);
    for (size_t k = 0; k < S_PART_COUNT; k++)
        if (named[k] || !any)
            S_parts[k].run(&c.model);
    return 0;
}
