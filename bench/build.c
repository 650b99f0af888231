/* Benchmark of `archway build`'s work on generated diagrams of 1,000 to
 * 20,000 routes: compile (parse, build, resolve), then lint with every rule
 * while the emitters write every deployment format (OpenAPI documents and the
 * CloudFormation templates, nested stacks past one stack's limits),
 * against the compile alone in the same run; then AWS's cfn-lint over the
 * 10,000-route estate's templates, for its count of findings. Given route
 * counts as arguments, measures only those (7 runs each, no cfn-lint).
 * The builds run one after another in one process, as the canvas server
 * runs them, with the allocator settings archway sets for itself. */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/artifacts.h"
#include "../compiler/lint.h"
#include "../compiler/memory_policy.h"
#include "bench_util.h"
#include "gen_diagram.h"

#define TARGET_ROUTES 10000
#define TARGET_MS 300.0
#define MAX_RUNS 16

typedef struct phase_times {
    double compile, lint_emit, total;   /* lint_emit: the lint and the emitters, overlapping */
} phase_times;

typedef struct build_figures {
    size_t bytes, problems, stacks;     /* stacks: nested templates */
} build_figures;

/* Writes the templates of a build into dir (which exists). */
static bool S_write_templates(const aw_artifacts *a, const char *dir)
{
    for (size_t i = 0; i < a->count; i++) {
        if (strncmp(a->items[i].name, "template", 8) != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, a->items[i].name);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(a->items[i].data, 1, a->items[i].len, f) != a->items[i].len || fclose(f) != 0)
            return false;
    }
    return true;
}

/* One build: false if the diagram does not compile. With lint_dir, writes
 * the templates there too. */
static bool S_build_once(const char *text, size_t len, phase_times *t, build_figures *fig, const char *lint_dir)
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
    /* As `archway build` does: the lint overlaps the emitters. */
    aw_artifacts artifacts;
    size_t errors_before = c.diags.errors;
    aw_artifacts_build_linted(&c, NULL, false, &artifacts);
    double t3 = aw_bench_now_ms();
    *fig = (build_figures){0, c.diags.errors - errors_before, 0};
    for (size_t i = 0; i < artifacts.count; i++) {
        fig->bytes += artifacts.items[i].len;
        fig->stacks += strncmp(artifacts.items[i].name, "template-part", 13) == 0;
    }
    if (lint_dir && !S_write_templates(&artifacts, lint_dir))
        fprintf(stderr, "cannot write the templates for cfn-lint\n");
    aw_artifacts_free(&artifacts);
    aw_compilation_free(&c);
    *t = (phase_times){t1 - t0, t3 - t1, t3 - t0};
    return true;
}

static bool S_measure(size_t routes, size_t runs, const char *lint_dir)
{
    size_t len;
    char *text = aw_bench_generate_json(routes, &len);
    phase_times t[MAX_RUNS], warm;
    double compile[MAX_RUNS], lint_emit[MAX_RUNS], total[MAX_RUNS];
    build_figures fig;
    bool ok = S_build_once(text, len, &warm, &fig, lint_dir);
    for (size_t i = 0; ok && i < runs; i++) {
        ok = S_build_once(text, len, &t[i], &fig, NULL);
        compile[i] = t[i].compile, lint_emit[i] = t[i].lint_emit, total[i] = t[i].total;
    }
    free(text);
    if (!ok) {
        printf("%6zu routes: the generated diagram does not compile\n", routes);
        return false;
    }
    double c = aw_bench_median(compile, runs), le = aw_bench_median(lint_emit, runs);
    double all = aw_bench_median(total, runs);
    printf("%6zu routes, %5.1f MiB in, %5.1f MiB out: build %7.1f ms (compile %6.1f, lint beside emit %6.1f); "
           "%.1f us/route; build/compile %.2fx",
           routes, (double)len / 1048576.0, (double)fig.bytes / 1048576.0, all, c, le, all * 1000.0 / (double)routes,
           all / c);
    if (fig.stacks)
        printf("; %zu nested stacks", fig.stacks);
    if (fig.problems)
        printf("; %zu not-deployable reports", fig.problems);
    if (routes == TARGET_ROUTES)
        printf("  [target < %.0f ms, deployable: %s]", TARGET_MS,
               all < TARGET_MS && !fig.problems ? "met" : "MISSED");
    putchar('\n');
    return true;
}

/* cfn-lint over the templates in dir: prints the count of its errors and
 * warnings, and how many of them are W3002 (a nested stack's TemplateURL
 * is a local file, for `aws cloudformation package`: by design). */
static void S_cfn_lint(const char *dir)
{
    if (system("command -v cfn-lint >/dev/null 2>&1") != 0) {
        printf("cfn-lint over the %d-route estate: SKIPPED (cfn-lint is not installed)\n", TARGET_ROUTES);
        return;
    }
    char cmd[2048], path[1024];
    snprintf(path, sizeof path, "%s/cfn-lint.out", dir);
    snprintf(cmd, sizeof cmd, "cfn-lint --format parseable -- %s/template*.json > %s 2>&1", dir, path);
    double t0 = aw_bench_now_ms();
    int rc = system(cmd);
    double ms = aw_bench_now_ms() - t0;
    FILE *f = fopen(path, "r");
    size_t findings = 0, by_design = 0, templates = 0;
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        const char *rule = strstr(line, ":W");
        rule = rule ? rule : strstr(line, ":E");
        if (!rule)
            continue;
        findings++;
        by_design += strncmp(rule, ":W3002:", 7) == 0;
    }
    if (f)
        fclose(f);
    snprintf(cmd, sizeof cmd, "ls %s/template*.json | wc -l > %s", dir, path);
    if (system(cmd) == 0 && (f = fopen(path, "r"))) {
        if (fscanf(f, "%zu", &templates) != 1)
            templates = 0;
        fclose(f);
    }
    printf("cfn-lint over the %d-route estate: %zu templates, %zu errors and warnings (%zu of them W3002, a nested "
           "stack's local TemplateURL, by design), exit %d, %.0f s\n",
           TARGET_ROUTES, templates, findings, by_design, rc, ms / 1000.0);
}

/* Removes the files in dir, then dir. */
static void S_remove_dir(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

/* The route counts given as arguments, 7 runs each; false if one is not a
 * positive number. */
static bool S_measure_given(int argc, char **argv)
{
    bool ok = true;
    for (int i = 1; i < argc; i++) {
        char *end;
        unsigned long routes = strtoul(argv[i], &end, 10);
        if (*end || routes == 0) {
            fprintf(stderr, "usage: %s [ROUTES...]\n", argv[0]);
            return false;
        }
        ok &= S_measure(routes, 7, NULL);
    }
    return ok;
}

int main(int argc, char **argv)
{
    aw_memory_policy_apply();     /* as archway itself runs */
    static const struct {
        size_t routes, runs;
    } sizes[] = {{1000, 11}, {5000, 7}, {10000, 7}, {20000, 3}};
    printf("archway build: compile + lint + OpenAPI + CloudFormation, medians of several runs\n");
    if (argc > 1)
        return S_measure_given(argc, argv) ? 0 : 1;
    char lint_dir[] = "/tmp/archway-bench-build-XXXXXX";
    bool lint = mkdtemp(lint_dir) != NULL && !getenv("ARCHWAY_BENCH_NO_CFN_LINT");
    bool ok = true;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        ok &= S_measure(sizes[i].routes, sizes[i].runs, lint && sizes[i].routes == TARGET_ROUTES ? lint_dir : NULL);
    if (lint)
        S_cfn_lint(lint_dir);
    S_remove_dir(lint_dir);
    return ok ? 0 : 1;
}
