/* The simulator and the capacity rules agree: for every function of every
 * sample with reserved concurrency and a latency, the rate at which the
 * simulator first loses requests there (1% of them) is the rate AW-CAP-001
 * predicts (concurrency x 1000 / p50), or, where the function holds a
 * connection to a database that refuses beyond its maxConnections, the
 * rate AW-CAP-002's connection limit predicts the same way, within 5%,
 * once two differences of definition are accounted for:
 *
 * - the rules ask whether the average concurrency fits (Little's law with
 *   p50 as the mean); the simulator loses 1% of requests where the Erlang B
 *   loss of c slots reaches 1%, at a load A1 below c (A1/c = 0.76 for c =
 *   60, 0.87 for c = 150), because arrivals are random;
 * - an execution lasts the lognormal mean of the diagram's p50 and p99
 *   (e^(sigma^2/2) times p50) plus the calls it makes, not p50.
 *
 * So the simulator's first-loss rate must be A1/c x p50/hold x the rules'
 * rate. 5% covers the bisection's 1% steps and the noise of a 1% loss
 * measured on 20,000 requests (0.07% absolute). Steady state: cold starts
 * are left out (provisioned = concurrency), callees other than such a
 * database have no limit. */
#include <check.h>
#include <math.h>

#include "../../compiler/lint.h"
#include "../../sim/erlang.h"
#include "../../sim/sim.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define LOSS 0.01
#define REQUESTS 20000.0

static aw_arena arena;

static void S_done(void)
{
    aw_arena_free(&arena);
    S_teardown();
}

/* The load at which c slots lose LOSS of their arrivals (Erlang B). */
static double S_load_at_loss(double c)
{
    double lo = 0, hi = c * 2;
    for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (aw_erlang_b(c, mid) < LOSS)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The database whose connection fn holds and that refuses beyond its
 * limit (no queue), or -1. */
static int64_t S_refusing_db(const aw_sim_model *m, const aw_sim_hop *fn)
{
    for (size_t c = 0; c < fn->call_count; c++) {
        const aw_sim_hop *db = &m->hops[fn->calls[c].hop];
        if (fn->calls[c].holds_connection && db->kind == AW_SIM_HOP_POOL && !db->queue && db->servers > 0)
            return fn->calls[c].hop;
    }
    return -1;
}

/* The mean time a request holds hop h: its own work and the calls it
 * makes, each with the calls that callee makes in turn (a call on a held
 * connection is that hop's work alone). */
static double S_hold_ms(const aw_sim_model *m, size_t h, int depth)
{
    const aw_sim_hop *d = &m->hops[h];
    double ms = d->latency.mean_ms;
    for (size_t k = 0; k < d->call_count && depth < 16; k++) {
        size_t callee = d->calls[k].hop;
        double each = d->calls[k].holds_connection ? m->hops[callee].latency.mean_ms : S_hold_ms(m, callee, depth + 1);
        ms += d->calls[k].per_request * each;
    }
    return ms;
}

typedef struct S_probe {
    aw_sim_model model;
    aw_sim_hop *hops;
    aw_sim_route route;
    aw_sim_source source;
    uint32_t route_index;
    double weight;
} S_probe;

/* fn alone behind a route with no throttle; its callees without limits
 * except the database `keep`. */
static void S_probe_init(S_probe *p, const aw_sim_model *m, size_t fn, int64_t keep)
{
    *p = (S_probe){0};
    p->hops = malloc(m->hop_count * sizeof *p->hops);
    memcpy(p->hops, m->hops, m->hop_count * sizeof *p->hops);
    for (size_t h = 0; h < m->hop_count; h++) {
        aw_sim_hop *d = &p->hops[h];
        if (h == fn || (int64_t)h == keep)
            continue;
        d->servers = 0, d->rate = 0, d->error_rate = 0, d->capacity = 0, d->cold_start_ms = 0;
        d->shared_pool = d->shared_pool == -2 ? -2 : -1;   /* callees draw on no pool */
    }
    aw_sim_hop *f = &p->hops[fn];
    f->provisioned = f->servers, f->cold_start_ms = 0, f->error_rate = 0, f->timeout_ms = 0, f->shared_pool = -1;
    p->weight = 1;
    p->route = (aw_sim_route){.id = "probe", .route = "probe", .authorizer = -1, .cache = -1, .target = (int64_t)fn,
                              .timeout_ms = 1e12};
    p->source = (aw_sim_source){.id = "probe", .routes = &p->route_index, .weights = &p->weight, .route_count = 1,
                                .traffic = {.profile = AW_SIM_CONSTANT}};
    p->model = (aw_sim_model){.hops = p->hops, .hop_count = m->hop_count, .routes = &p->route, .route_count = 1,
                              .sources = &p->source, .source_count = 1};
}

static double S_loss(S_probe *p, double rps)
{
    p->source.traffic.rate = p->source.traffic.peak_rate = rps;
    aw_sim_options opt = {.engine = AW_SIM_DISCRETE, .duration_s = REQUESTS / rps, .seed = 9};
    const char *error;
    aw_sim_result *r = aw_sim_run(&p->model, &opt, &error);
    ck_assert_msg(r != NULL, "%s", error);
    double lost = 1.0 - (double)r->routes[0].served / (double)r->routes[0].offered;
    aw_sim_result_free(r);
    return lost;
}

/* The lowest rate that loses LOSS, to 1%, between lo and hi. */
static double S_first_loss(S_probe *p, double lo, double hi)
{
    while (hi - lo > lo * 0.01) {
        double mid = (lo + hi) / 2;
        if (S_loss(p, mid) < LOSS)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static bool S_has_finding(const char *code, const char *element)
{
    for (size_t i = 0; i < comp.diags.count; i++)
        if (strcmp(comp.diags.items[i].code, code) == 0 && comp.diags.items[i].element &&
            strcmp(comp.diags.items[i].element, element) == 0)
            return true;
    return false;
}

static size_t S_sample(const char *path)
{
    compiled = true;
    ck_assert_int_eq(aw_compile_file(&comp, path, AW_SPELLING_AUTO), AW_COMPILE_OK);
    aw_lint_config cfg = {0};
    aw_lint_run(&comp, &cfg);
    aw_arena_init(&arena);
    const aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    size_t checked = 0;
    for (size_t h = 0; h < m->hop_count; h++) {
        const aw_sim_hop *fn = &m->hops[h];
        if (fn->kind != AW_SIM_HOP_LAMBDA || fn->servers <= 0 || fn->shared_pool == -2 || !(fn->latency.p50_ms > 0))
            continue;
        int64_t db = S_refusing_db(m, fn);
        double c = (double)fn->servers;
        if (db >= 0 && (double)m->hops[db].servers < c) {
            c = (double)m->hops[db].servers;
            ck_assert_msg(S_has_finding("AW-CAP-002", fn->node), "%s: no AW-CAP-002 for %s", path, fn->node);
        }
        double rules = c * 1000.0 / fn->latency.p50_ms;
        double hold = S_hold_ms(m, h, 0);
        double expected = rules * (S_load_at_loss(c) / c) * (fn->latency.p50_ms / hold);
        S_probe p;
        S_probe_init(&p, m, h, db);
        double measured = S_first_loss(&p, expected * 0.8, expected * 1.2);
        free(p.hops);
        ck_assert_msg(fabs(measured / expected - 1.0) <= 0.05,
                      "%s, %s: the rules predict %.1f requests/s (c = %.0f, p50 %.0f ms), so first losses at %.1f; "
                      "the simulator loses 1%% from %.1f",
                      path, fn->id, rules, c, fn->latency.p50_ms, expected, measured);
        checked++;
    }
    S_done();
    return checked;
}

START_TEST(test_first_loss_matches_capacity_rules)
{
    static const char *const samples[] = {
        "samples/bff-http-jwt.json", "samples/flawed-everything.json", "samples/health-mocks.json",
        "samples/multi-stage-canary.json", "samples/orders-sqs-events.json", "samples/partner-rest-usage-plans.json",
        "samples/rest-dynamodb-direct.json", "samples/strangler-vpc-link.json", "samples/websocket-chat.json",
    };
    size_t checked = 0;
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
        checked += S_sample(samples[i]);
    ck_assert_uint_ge(checked, 15);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_capacity");
    TCase *tc = aw_test_tcase(s, "capacity", NULL, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_first_loss_matches_capacity_rules);
    return s;
}

AW_TEST_MAIN(S_suite)
