/* Benchmark of the lint alone (aw_lint_run, every rule) on generated
 * diagrams of 1,000 and 10,000 routes, against parse + build + resolve of
 * the same text in the same run; then of each rule alone at both sizes,
 * so that a rule whose cost grows faster than the diagram shows itself.
 * Two shapes: the realistic estate of gen_diagram.h (APIs of about 200
 * routes), and one API per route, which is where a rule that walks the
 * whole diagram once per API, stage or route turns quadratic. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>     /* mallopt() */
#endif

#include "../compiler/lint.h"
#include "bench_util.h"
#include "gen_diagram.h"

#define TARGET_ROUTES 10000
#define TARGET_MS 200.0
#define RUNS 7
#define RULE_RUNS 9
/* A rule grows faster than the diagram when its time per route grows more
 * than GROWTH_LIMIT times from 1,000 routes to 10,000, and more than
 * WALK_LIMIT times as much as the engine's own walk of the nodes does: a
 * quadratic rule's grows tenfold and more (10x to 45x for the ones this
 * benchmark caught), while a linear rule's grows two to four times, up to
 * eight on a busy machine, only because the large diagram no longer fits
 * the caches, which the walk feels too. When the walk itself grows more
 * than UNSTEADY_LIMIT times, other work on the machine blurs everything
 * and the verdict is left open. */
#define GROWTH_LIMIT 8.0
#define WALK_LIMIT 3.0
#define UNSTEADY_LIMIT 5.0
/* Rules whose own time at the large size is under this many milliseconds
 * are too quick for their growth to stand out of timer noise. */
#define NOISE_MS 0.25

#define MAX_RULES 256

static const size_t S_sizes[] = {1000, TARGET_ROUTES};
#define SIZE_COUNT (sizeof S_sizes / sizeof S_sizes[0])

/* ---- the second shape: one API per route -------------------------------- */

/* routes REST APIs of one route each (a fifth have a second), with two
 * stages, an IAM authorizer, a Lambda function, a client and, for one in
 * eight, a usage plan; throttles, caches, overrides, API keys and
 * suppressions (used and unused) vary so that the per-API, per-stage and
 * per-route rules and the engine's bookkeeping all have work. */
static char *S_generate_one_api_each(size_t routes, size_t *len)
{
    static const char *const cache = ", \"cache\": {\"enabled\": true, \"sizeGb\": 0.5}";
    static const char *const no_log = ", \"suppress\": [{\"rule\": \"AW-OBS-001\", \"reason\": \"Logged elsewhere.\"}]";
    static const char *const stale = ", \"suppress\": [{\"rule\": \"AW-SEC-001\", \"reason\": \"Was public.\"}]";
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"one API per route\", \"nodes\": [\n");
    for (size_t i = 0, written = 0; written < routes; i++) {
        char throttle[64], override[96] = "";
        aw_strbuf_printf(&b, "%s{\"kind\": \"api\", \"id\": \"a%zu\", \"type\": \"rest\", \"endpoint\": \"regional\", "
                             "\"defaultAuthorizer\": \"iam%zu\"},\n", i ? ",\n" : "", i, i);
        aw_strbuf_printf(&b, "{\"kind\": \"authorizer\", \"id\": \"iam%zu\", \"type\": \"iam\"},\n", i);
        aw_strbuf_printf(&b, "{\"kind\": \"function\", \"id\": \"fn%zu\", \"runtime\": \"nodejs22.x\", "
                             "\"latency\": {\"p50\": \"100ms\", \"p99\": \"300ms\"}},\n", i);
        aw_strbuf_printf(&b, "{\"kind\": \"integration\", \"id\": \"in%zu\", \"type\": \"lambda\", "
                             "\"function\": \"fn%zu\"},\n", i, i);
        snprintf(throttle, sizeof throttle, ", \"throttle\": {\"rate\": %d, \"burst\": %d}", 500, 900);
        aw_strbuf_printf(&b, "{\"kind\": \"route\", \"id\": \"r%zu\", \"api\": \"a%zu\", \"method\": \"GET\", "
                             "\"path\": \"/x\", \"integration\": \"in%zu\"%s%s%s},\n", i, i, i,
                         i % 4 == 1 ? ", \"apiKeyRequired\": true" : "", i % 3 == 0 ? throttle : "",
                         i % 7 == 0 ? stale : "");
        written++;
        if (i % 5 == 0 && written < routes) {
            aw_strbuf_printf(&b, "{\"kind\": \"route\", \"id\": \"r%zub\", \"api\": \"a%zu\", \"method\": \"POST\", "
                                 "\"path\": \"/x\", \"integration\": \"in%zu\"%s},\n", i, i, i, throttle);
            written++;
        }
        if (i % 9 == 0)
            snprintf(override, sizeof override,
                     ", \"routeThrottles\": [{\"route\": \"r%zu\", \"rate\": 50, \"burst\": 80}]", i);
        snprintf(throttle, sizeof throttle, ", \"throttle\": {\"rate\": %d, \"burst\": %d}", 100, 200);
        aw_strbuf_printf(&b, "{\"kind\": \"stage\", \"id\": \"s%zu\", \"name\": \"prod\", "
                             "\"api\": \"a%zu\"%s%s%s%s},\n",
                         i, i, i % 2 == 0 ? cache : "", i % 4 == 0 || i % 4 == 3 ? throttle : "", override,
                         i % 3 == 0 ? no_log : "");
        aw_strbuf_printf(&b, "{\"kind\": \"stage\", \"id\": \"t%zu\", \"name\": \"dev\", \"api\": \"a%zu\"%s},\n", i,
                         i, i % 10 == 0 ? throttle : "");
        aw_strbuf_printf(&b, "{\"kind\": \"client\", \"id\": \"c%zu\", \"stage\": \"s%zu\", "
                             "\"traffic\": {\"profile\": \"constant\", \"rate\": 1}}", i, i);
        if (i % 8 == 0)
            aw_strbuf_printf(&b, ",\n{\"kind\": \"usagePlan\", \"id\": \"p%zu\", \"stages\": [\"s%zu\"], "
                                 "\"throttle\": {\"rate\": 10, \"burst\": 20}}", i, i);
    }
    aw_strbuf_puts(&b, "\n]}\n");
    return aw_strbuf_detach(&b, len);
}

typedef struct size_result {
    size_t routes, nodes, input_bytes;
    double compile_ms, lint_ms;         /* medians */
    size_t findings, kept;              /* aw_lint_run's count; what the list kept */
    double engine_ms;                   /* a run with every rule off: the engine's own walk */
    size_t per_rule[MAX_RULES];         /* findings of each rule alone, by catalogue index */
    double rule_ms[MAX_RULES];          /* each rule alone, fastest run, the engine's walk included */
} size_result;

/* Lints c with only `only` enabled (NULL: every rule; c itself: none);
 * returns the findings. */
static size_t S_lint(aw_compilation *c, const void *only, aw_lint_override *overrides)
{
    size_t n = 0;
    for (size_t i = 0; only && i < aw_rule_count; i++)
        if ((const void *)&aw_rules[i] != only)
            overrides[n++] = (aw_lint_override){&aw_rules[i], AW_LEVEL_OFF};
    aw_lint_config cfg = {.overrides = overrides, .override_count = n};
    return aw_lint_run(c, &cfg);
}

/* Puts a compilation that had no diagnostics back as it was before it was
 * linted, so that one compile serves every run of every rule. The
 * messages stay in the arena until the compilation is freed. */
static void S_unlint(aw_compilation *c)
{
    c->diags.count = c->diags.errors = c->diags.warnings = c->diags.suppressed = 0;
    c->diags.truncated = false;
    c->status = AW_COMPILE_OK;
}

typedef char *(*S_generator)(size_t routes, size_t *len);

/* One compile (timed) and one lint of every rule on it (timed), which
 * sets r's counts; keep, when not NULL, receives the compilation. */
static bool S_compile_and_lint(const char *text, size_t len, double *compile_ms, double *lint_ms, size_result *r,
                               aw_compilation *keep)
{
    aw_compilation c;
    double t0 = aw_bench_now_ms();
    aw_compile_status st = aw_compile_buffer(&c, "generated.json", text, len, AW_SPELLING_JSON);
    double t1 = aw_bench_now_ms();
    if (st != AW_COMPILE_OK || c.diags.count) {
        fprintf(stderr, "the generated diagram does not compile cleanly:\n");
        aw_diags_print_text(&c.diags, stderr, false, false);
        aw_compilation_free(&c);
        return false;
    }
    r->findings = S_lint(&c, NULL, NULL);
    *lint_ms = aw_bench_now_ms() - t1;
    *compile_ms = t1 - t0;
    r->nodes = c.model->node_count;
    r->kept = c.diags.count;
    if (keep)
        *keep = c;
    else
        aw_compilation_free(&c);
    return true;
}

/* Compile and lint with every rule, as `archway check` does them. */
static bool S_measure(size_result *r, S_generator generate, size_t routes)
{
    memset(r, 0, sizeof *r);
    r->routes = routes;
    char *text = generate(routes, &r->input_bytes);
    double compile[RUNS], lint[RUNS];
    bool ok = true;
    for (size_t i = 0; ok && i <= RUNS; i++)    /* the first is a warm-up */
        ok = S_compile_and_lint(text, r->input_bytes, &compile[i ? i - 1 : 0], &lint[i ? i - 1 : 0], r, NULL);
    free(text);
    if (!ok)
        return false;
    r->compile_ms = aw_bench_median(compile, RUNS);
    r->lint_ms = aw_bench_median(lint, RUNS);
    return true;
}

/* Time of linting c with only `only` (see S_lint): the fastest of
 * RULE_RUNS runs, the least disturbed by other work on the machine;
 * *findings gets the count. */
static double S_time_alone(aw_compilation *c, const void *only, aw_lint_override *overrides, size_t *findings)
{
    double ms[RULE_RUNS];
    for (size_t i = 0; i < RULE_RUNS; i++) {
        double t0 = aw_bench_now_ms();
        *findings = S_lint(c, only, overrides);
        ms[i] = aw_bench_now_ms() - t0;
        S_unlint(c);
    }
    aw_bench_median(ms, RULE_RUNS);     /* sorts: the fastest comes first */
    return ms[0];
}

/* Each rule alone on one compilation, its findings undone after every
 * run; the engine's walk of the diagram (suppressions, sorting) is
 * measured with every rule off and taken off each. */
static bool S_measure_rules(size_result *r, S_generator generate, size_t routes)
{
    r->routes = routes;
    size_t len;
    char *text = generate(r->routes, &len);
    double compile_ms, lint_ms;
    aw_compilation c;
    size_result scratch;
    bool ok = S_compile_and_lint(text, len, &compile_ms, &lint_ms, &scratch, &c);
    free(text);
    if (!ok)
        return false;
    aw_lint_override *overrides = malloc(aw_rule_count * sizeof *overrides);
    if (!overrides || aw_rule_count > MAX_RULES)
        abort();
    S_unlint(&c);
    size_t none;
    r->engine_ms = S_time_alone(&c, &c, overrides, &none);
    for (size_t k = 0; k < aw_rule_count; k++)
        r->rule_ms[k] = S_time_alone(&c, &aw_rules[k], overrides, &r->per_rule[k]);
    free(overrides);
    aw_compilation_free(&c);
    return true;
}

static double S_us_per_route(double ms, size_t routes)
{
    return ms * 1000.0 / (double)routes;
}

/* The rules sorted by their time at the large size, slowest first. */
static const size_result *S_sort_by;
static int S_by_time_desc(const void *a, const void *b)
{
    double x = S_sort_by->rule_ms[*(const size_t *)a], y = S_sort_by->rule_ms[*(const size_t *)b];
    return (x < y) - (x > y);
}

/* Per-route growth of a time from the small size to the large. */
static double S_growth(double small_ms, const size_result *small, double big_ms, const size_result *big)
{
    return S_us_per_route(big_ms, big->routes) / S_us_per_route(small_ms, small->routes);
}

/* Each rule's time at both sizes, slowest first; returns how many grow
 * faster than the diagram; *unsteady says the verdict was left open. */
static size_t S_report_rules(const char *title, const size_result *small, const size_result *big, bool *unsteady)
{
    size_t order[MAX_RULES];
    for (size_t k = 0; k < aw_rule_count; k++)
        order[k] = k;
    S_sort_by = big;
    qsort(order, aw_rule_count, sizeof *order, S_by_time_desc);
    char a[32], b[32];
    aw_bench_commas(a, sizeof a, small->routes);
    aw_bench_commas(b, sizeof b, big->routes);
    double walk = S_growth(small->engine_ms, small, big->engine_ms, big);
    *unsteady = walk > UNSTEADY_LIMIT;
    printf("\n== %s: each rule alone, fastest of %d runs\n", title, RULE_RUNS);
    printf("  (the engine's own walk, every rule off, in every row: %.3f ms at %s routes, %.3f at %s, per route "
           "%.2fx)\n",
           small->engine_ms, a, big->engine_ms, b, walk);
    printf("  %-14s %9s %9s %9s %7s %8s %9s\n", "rule", "ms", "us/route", "us/route", "growth", "vs walk", "findings");
    printf("  %-14s %9s %9s %9s %7s %8s %9s\n", "", b, a, b, "", "", b);
    size_t faster = 0, shown = 0, silent = 0;
    for (size_t i = 0; i < aw_rule_count; i++) {
        size_t k = order[i];
        double g = S_growth(small->rule_ms[k], small, big->rule_ms[k], big);
        bool grows = !*unsteady && big->rule_ms[k] - big->engine_ms >= NOISE_MS && g > GROWTH_LIMIT &&
                     g > WALK_LIMIT * walk;
        faster += grows;
        silent += big->per_rule[k] == 0;
        if (i >= 10 && !grows)
            continue;
        shown++;
        printf("  %-14s %9.2f %9.3f %9.3f %6.2fx %7.2fx %9zu%s\n", aw_rules[k].id, big->rule_ms[k],
               S_us_per_route(small->rule_ms[k], small->routes), S_us_per_route(big->rule_ms[k], big->routes), g,
               g / walk, big->per_rule[k], grows ? "  grows faster than the diagram" : "");
    }
    if (shown < aw_rule_count)
        printf("  ... %zu more, each under %.2f ms\n", aw_rule_count - shown, big->rule_ms[order[9]]);
    printf("  rules with findings at %s routes: %zu of %zu\n", b, aw_rule_count - silent, aw_rule_count);
    if (*unsteady)
        printf("  no verdict: the walk grew %.1fx per route, other work on the machine blurs the timings\n", walk);
    return faster;
}

/* One shape at every size: compile and lint, their table and linearity.
 * False if its diagram does not compile. */
static bool S_shape(const char *title, S_generator generate, size_result *results)
{
    printf("\n== %s\n", title);
    printf("%8s %7s %9s %11s %8s %6s %12s %12s %9s\n", "routes", "nodes", "input MiB", "compile ms", "lint ms",
           "ratio", "lint us/rt", "compile us/rt", "findings");
    char routes[32];
    for (size_t i = 0; i < SIZE_COUNT; i++) {
        size_result *r = &results[i];
        if (!S_measure(r, generate, S_sizes[i]))
            return false;
        printf("%8s %7zu %9.1f %11.2f %8.2f %5.2fx %12.3f %12.3f %9zu\n",
               aw_bench_commas(routes, sizeof routes, r->routes), r->nodes, (double)r->input_bytes / 1048576.0,
               r->compile_ms, r->lint_ms, r->lint_ms / r->compile_ms, S_us_per_route(r->lint_ms, r->routes),
               S_us_per_route(r->compile_ms, r->routes), r->findings);
        fflush(stdout);
    }
    const size_result *small = &results[0], *big = &results[SIZE_COUNT - 1];
    char small_routes[32];
    printf("lint time per route at %s vs %s routes: %.2fx (1 = linear)\n",
           aw_bench_commas(routes, sizeof routes, big->routes),
           aw_bench_commas(small_routes, sizeof small_routes, small->routes),
           S_us_per_route(big->lint_ms, big->routes) / S_us_per_route(small->lint_ms, small->routes));
    for (size_t i = 0; i < SIZE_COUNT; i++)
        if (results[i].findings > results[i].kept)
            printf("note: %zu findings at %s routes, of which the diagnostics list keeps %zu; the others are "
                   "formatted and counted all the same\n",
                   results[i].findings, aw_bench_commas(routes, sizeof routes, results[i].routes), results[i].kept);
    return true;
}

static char *S_generate_estate(size_t routes, size_t *len)
{
    return aw_bench_generate_json(routes, len);
}

static const struct {
    const char *title;
    S_generator generate;
} S_shapes[] = {
    {"the estate of bench/gen_diagram.h, APIs of about 200 routes", S_generate_estate},
    {"one REST API per route", S_generate_one_api_each},
};
#define SHAPE_COUNT (sizeof S_shapes / sizeof S_shapes[0])

int main(void)
{
    printf("lint (aw_lint_run, every rule) of generated diagrams, wall clock, median of %d runs;\n"
           "compile = parse + build + resolve of the same text in the same run, ratio = lint / compile\n",
           RUNS);
    static size_result results[SHAPE_COUNT][SIZE_COUNT];
    for (size_t s = 0; s < SHAPE_COUNT; s++)
        if (!S_shape(S_shapes[s].title, S_shapes[s].generate, results[s]))
            return 1;
    const size_result *big = &results[0][SIZE_COUNT - 1];
    char routes[32];
    printf("\n%s routes of the estate linted in %.1f ms (target < %.0f ms): %s\n",
           aw_bench_commas(routes, sizeof routes, big->routes), big->lint_ms, TARGET_MS,
           big->lint_ms < TARGET_MS ? "met" : "MISSED");

    /* How each rule's work grows, measured with the allocator keeping what
     * is freed: otherwise the kernel's zeroing of fresh pages for every
     * array past malloc's mmap threshold would weigh on every run. */
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
    char small_routes[32];
    printf("\na rule grows faster than the diagram when its time per route grows more than %.0fx from\n"
           "%s to %s routes and more than %.0fx as much as the engine's own walk of the nodes (a\n"
           "quadratic rule's grows 10x and more; a linear rule's 2x to 4x, as the larger diagram\n"
           "outgrows the caches, and more on a busy machine)\n",
           GROWTH_LIMIT, aw_bench_commas(small_routes, sizeof small_routes, S_sizes[0]), routes, WALK_LIMIT);
    size_t faster = 0;
    bool unsteady = false;
    for (size_t s = 0; s < SHAPE_COUNT; s++) {
        for (size_t i = 0; i < SIZE_COUNT; i++)
            if (!S_measure_rules(&results[s][i], S_shapes[s].generate, S_sizes[i]))
                return 1;
        bool open;
        faster += S_report_rules(S_shapes[s].title, &results[s][0], &results[s][SIZE_COUNT - 1], &open);
        unsteady |= open;
    }
    printf("\n%s\n", faster     ? "some rule grows faster than the diagram: see above"
                     : unsteady ? "no rule grows faster than the diagram where the timings were steady; run again"
                                : "no rule grows faster than the diagram");
    return 0;
}
