/* Benchmark of `archway build`'s work on generated diagrams of 1,000 and
 * 10,000 routes: compile (parse, build, resolve), lint with every rule,
 * and emit every deployment format (OpenAPI documents and the
 * CloudFormation template), against the compile alone in the same run. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../compiler/artifacts.h"
#include "../compiler/lint.h"
#include "bench_util.h"
#include "gen_diagram.h"

#define TARGET_ROUTES 10000
#define TARGET_MS 300.0
#define MAX_RUNS 16

typedef struct phase_times {
    double compile, lint, emit, total;
} phase_times;

/* One build: false if the diagram does not compile. */
static bool S_build_once(const char *text, size_t len, phase_times *t, size_t *bytes, size_t *problems)
{
    aw_compilation c;
    double t0 = aw_bench_now_ms();
    aw_compile_status st = aw_compile_buffer(&c, "generated.json", text, len, AW_SPELLING_JSON);
    double t1 = aw_bench_now_ms();
    if (st != AW_COMPILE_OK) {
        aw_diags_print_text(&c.diags, stderr, false, false);
        aw_compilation_free(&c);
        return false;
    }
    aw_lint_run(&c, NULL);
    double t2 = aw_bench_now_ms();
    aw_artifacts artifacts;
    size_t errors_before = c.diags.errors;
    aw_artifacts_build(&c, &artifacts);
    double t3 = aw_bench_now_ms();
    *bytes = 0;
    for (size_t i = 0; i < artifacts.count; i++)
        *bytes += artifacts.items[i].len;
    *problems = c.diags.errors - errors_before;
    aw_artifacts_free(&artifacts);
    aw_compilation_free(&c);
    *t = (phase_times){t1 - t0, t2 - t1, t3 - t2, t3 - t0};
    return true;
}

static bool S_measure(size_t routes, size_t runs)
{
    size_t len;
    char *text = aw_bench_generate_json(routes, &len);
    phase_times t[MAX_RUNS], warm;
    double compile[MAX_RUNS], lint[MAX_RUNS], emit[MAX_RUNS], total[MAX_RUNS];
    size_t bytes = 0, problems = 0;
    bool ok = S_build_once(text, len, &warm, &bytes, &problems);
    for (size_t i = 0; ok && i < runs; i++) {
        ok = S_build_once(text, len, &t[i], &bytes, &problems);
        compile[i] = t[i].compile, lint[i] = t[i].lint, emit[i] = t[i].emit, total[i] = t[i].total;
    }
    free(text);
    if (!ok) {
        printf("%6zu routes: the generated diagram does not compile\n", routes);
        return false;
    }
    double c = aw_bench_median(compile, runs), l = aw_bench_median(lint, runs), e = aw_bench_median(emit, runs);
    double all = aw_bench_median(total, runs);
    printf("%6zu routes, %5.1f MiB in, %5.1f MiB out: build %7.1f ms (compile %6.1f, lint %6.1f, emit %6.1f); "
           "%.1f us/route; build/compile %.2fx",
           routes, (double)len / 1048576.0, (double)bytes / 1048576.0, all, c, l, e, all * 1000.0 / (double)routes,
           all / c);
    if (problems)
        printf("; %zu not-deployable reports", problems);
    if (routes == TARGET_ROUTES)
        printf("  [target < %.0f ms: %s]", TARGET_MS, all < TARGET_MS ? "met" : "MISSED");
    putchar('\n');
    return true;
}

int main(void)
{
    static const struct {
        size_t routes, runs;
    } sizes[] = {{1000, 11}, {5000, 7}, {10000, 7}, {20000, 3}};
    printf("archway build: compile + lint + OpenAPI + CloudFormation, medians of several runs\n");
    bool ok = true;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        ok &= S_measure(sizes[i].routes, sizes[i].runs);
    return ok ? 0 : 1;
}
