/* `archway simulate DIAGRAM [options]`: compiles the diagram, builds its
 * simulation model, runs it and prints the report (text or JSON). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../compiler/compile.h"
#include "../compiler/conditions_apply.h"
#include "param_values.h"
#include "../sim/sim_cost.h"
#include "../sim/advise.h"
#include "../sim/report.h"
#include "simulate.h"
#include "usage.h"

enum { S_OK = 0, S_FOUND = 1, S_USAGE = 2 };

typedef struct S_args {
    const char *file, *format, *output, *pattern;
    aw_sim_options sim;
    const char **faults;
    size_t fault_count;
    const char **latencies;     /* --latency HOP=FILE|exponential */
    size_t latency_count;
    aw_spelling spelling;
    double *table;
    aw_sim_slo slo;
    bool advise;                /* --slo or --target-rps: search, then advise */
    size_t runs;                /* --runs N: seeds seed .. seed + N - 1, on every core */
    double target_rps;
    aw_map params;              /* --param NAME=VALUE: the deployment simulated */
} S_args;

static int S_usage(const char *fmt, const char *arg)
{
    return aw_cli_usage("simulate", fmt, arg);
}

static const char S_help[] =
    "usage: archway simulate [--pattern constant|ramp|spike|wave|FILE] [--rps N] [--duration S]\n"
    "                        [--seed N] [--fail HOP=KIND:VALUE[@FROM-TO]]... [--format text|json]\n"
    "                        [--engine auto|discrete|fluid] [--slo OBJECTIVE] [--target-rps N] [--runs N]\n"
    "                        [--latency HOP=FILE]... [--idle-lifetime S|never] [--param NAME=VALUE]...\n"
    "                        [-o FILE] FILE\n"
    "Simulates the diagram's clients (or --rps spread over its routes) request by request, or\n"
    "as rates per 10 ms step when that would be more than 20 million requests (--engine).\n"
    "  --pattern  replaces the clients' profiles; FILE holds one rate (requests/s) per second\n"
    "  --rps      total offered rate; with the clients' profiles, scales them to it\n"
    "  --fail     errors:0.2, latency:x3, down:2 (targets lost), throttle:50 (requests/s)\n"
    "  --latency HOP=FILE  service times from a histogram (lines 'UPPER_MS COUNT'), or =exponential\n"
    "  --slo p99=800ms,errors=0.1%  the highest rate within it (default errors=0.1%)\n"
    "  --target-rps N  and the changes that would make the diagram hold N requests/s\n"
    "  --idle-lifetime  seconds a Lambda environment stays warm unused (default 600; AWS gives none)\n"
    "  --runs N   N runs with seeds seed .. seed+N-1 on every core: mean and range per route\n"
    "  --param NAME=VALUE  a diagram parameter's value (default: its default); elements whose\n"
    "             condition is then false are left out\n"
    "Exit status: 0 simulated, 1 the diagram has errors, 2 bad usage or unreadable input.";

static bool S_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && *out >= 0 && !isinf(*out);
}

/* A pattern file: one rate per line, or "second,rate"; # comments. */
static const char *S_read_table(S_args *a, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return "cannot read the pattern file";
    size_t cap = 0, n = 0;
    char line[256];
    const char *why = NULL;
    while (!why && fgets(line, sizeof line, f)) {
        char *s = line + strspn(line, " \t");
        if (*s == '#' || *s == '\n' || *s == '\0')
            continue;
        char *comma = strchr(s, ',');
        char *v = comma ? comma + 1 : s, *end;
        double rate = strtod(v, &end);
        if (end == v || !(rate >= 0) || isinf(rate) || strspn(end, " \t\r\n") != strlen(end)) {
            why = "the pattern file should hold one rate per line (or second,rate)";
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            double *t = realloc(a->table, cap * sizeof *t);
            if (!t)
                abort();
            a->table = t;
        }
        a->table[n++] = rate;
    }
    fclose(f);
    if (!why && !n)
        why = "the pattern file holds no rates";
    a->sim.table = a->table, a->sim.table_len = n;
    return why;
}

static const char *S_pattern(S_args *a, const char *v)
{
    static const char *const names[] = {"constant", "ramp", "spike", "wave"};
    a->sim.pattern_set = true;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(v, names[i]) == 0) {
            a->sim.pattern = (aw_sim_profile)i;
            return NULL;
        }
    a->sim.pattern = AW_SIM_TABLE;
    return S_read_table(a, v);
}

static const char *S_value(int argc, char **argv, int *i)
{
    const char *eq = strchr(argv[*i], '=');
    if (eq && strncmp(argv[*i], "--", 2) == 0 && eq > argv[*i] + 2 && !strchr(argv[*i] + 2, ':'))
        return eq + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool S_is(const char *arg, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static aw_sim_engine_kind S_engine(const char *v)
{
    static const char *const names[] = {"auto", "discrete", "fluid"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(v, names[i]) == 0)
            return (aw_sim_engine_kind)i;
    return (aw_sim_engine_kind)-1;
}

/* Returns S_OK, or the exit status of a usage error already reported. */
static int S_parse(int argc, char **argv, S_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        double d;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            puts(S_help);
            return -1;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->file)
                return S_usage("takes one diagram file (got '%s' too)", arg);
            a->file = arg;
            continue;
        }
        if (strcmp(arg, "--json") == 0 || strcmp(arg, "--xml") == 0) {
            a->spelling = arg[2] == 'j' ? AW_SPELLING_JSON : AW_SPELLING_XML;
            continue;
        }
        if (!(v = S_value(argc, argv, &i)))
            return S_usage("%s needs a value", arg);
        if (S_is(arg, "--format"))
            a->format = v;
        else if (strcmp(arg, "-o") == 0 || S_is(arg, "--output"))
            a->output = v;
        else if (S_is(arg, "--pattern")) {
            const char *why = S_pattern(a, v);
            if (why)
                return S_usage(why[0] == 'c' ? "%s: cannot read the pattern file" : "%s", why[0] == 'c' ? v : why);
        } else if (S_is(arg, "--rps") && S_number(v, &d) && d > 0)
            a->sim.rps = d;
        else if (S_is(arg, "--duration") && S_number(v, &d) && d > 0 && d <= 86400.0 * 7)
            a->sim.duration_s = d;
        else if (S_is(arg, "--idle-lifetime") && strcmp(v, "never") == 0)
            a->sim.idle_s = -1;
        else if (S_is(arg, "--idle-lifetime") && S_number(v, &d) && d > 0 && d <= 86400.0 * 7)
            a->sim.idle_s = d;
        else if (S_is(arg, "--idle-lifetime"))
            return S_usage("%s needs seconds (at most a week) or 'never'", arg);
        else if (S_is(arg, "--seed") && S_number(v, &d) && d == floor(d) && d < 1.8e19)
            a->sim.seed = (uint64_t)d;
        else if (S_is(arg, "--engine") && (a->sim.engine = S_engine(v)) != (aw_sim_engine_kind)-1)
            continue;
        else if (S_is(arg, "--engine"))
            return S_usage("unknown --engine '%s' (auto, discrete or fluid)", v);
        else if (S_is(arg, "--runs") && S_number(v, &d) && d >= 1 && d <= 1000 && d == floor(d))
            a->runs = (size_t)d;
        else if (S_is(arg, "--runs"))
            return S_usage("%s needs a whole number from 1 to 1000", arg);
        else if (S_is(arg, "--target-rps") && S_number(v, &d) && d > 0)
            a->target_rps = d, a->advise = true;
        else if (S_is(arg, "--target-rps"))
            return S_usage("%s needs a positive number of requests/s", arg);
        else if (S_is(arg, "--slo")) {
            const char *why = aw_sim_slo_parse(v, &a->slo);
            if (why)
                return S_usage("--slo: %s", why);
            a->advise = true;
        } else if (S_is(arg, "--param")) {
            if (!aw_cli_param_add(&a->params, v))
                return S_usage("%s needs NAME=VALUE, each NAME once", arg);
        } else if (S_is(arg, "--latency"))
            a->latencies[a->latency_count++] = v;
        else if (S_is(arg, "--fail"))
            a->faults[a->fault_count++] = v;
        else if (S_is(arg, "--rps") || S_is(arg, "--duration") || S_is(arg, "--seed"))
            return S_usage("%s needs a positive number (duration: seconds, at most a week)", arg);
        else
            return S_usage("unknown option '%s'", arg);
    }
    if (!a->file)
        return S_usage("%s", "needs a diagram file");
    if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0)
        return S_usage("unknown --format '%s' (text or json)", a->format);
    return S_OK;
}

/* ---- progress on a terminal ------------------------------------------------- */

typedef struct S_progress {
    struct timespec start;
    bool shown;
} S_progress;

static double S_elapsed(const struct timespec *from)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - from->tv_sec) + (double)(now.tv_nsec - from->tv_nsec) / 1e9;
}

/* A bar on stderr once a run has taken more than half a second. */
static void S_progress_show(void *ctx, double fraction)
{
    S_progress *p = ctx;
    if (!p->shown && S_elapsed(&p->start) < 0.5)
        return;
    p->shown = true;
    char bar[41];
    int filled = (int)(fraction * 40.0);
    for (int i = 0; i < 40; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\rsimulating [%s] %3.0f%%", bar, fraction * 100.0);
}

/* ---- the command ----------------------------------------------------------------- */

static int S_write(const S_args *a, const aw_strbuf *out)
{
    FILE *f = a->output && strcmp(a->output, "-") != 0 ? fopen(a->output, "w") : stdout;
    if (!f) {
        perror(a->output);
        return S_USAGE;
    }
    bool ok = fwrite(out->data, 1, out->len, f) == out->len;
    ok = (f == stdout ? fflush(f) : fclose(f)) == 0 && ok;
    return ok ? S_OK : S_USAGE;
}

/* Reads a whole file into the arena; NULL if it cannot. */
static char *S_slurp(const char *path, aw_arena *arena, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap), *out = NULL;
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *grown = cap < (64u << 20) ? realloc(buf, cap *= 2) : NULL;
            if (!grown)
                break;
            buf = grown;
        }
    }
    if (buf && !ferror(f) && n < cap) {
        out = aw_arena_strndup(arena, buf, n);
        *len = n;
    }
    free(buf);
    fclose(f);
    return out;
}

/* --latency HOP=exponential (same mean) or HOP=FILE (a histogram). */
static int S_latencies(S_args *a, aw_sim_model *m, aw_arena *arena)
{
    for (size_t i = 0; i < a->latency_count; i++) {
        const char *v = a->latencies[i], *eq = strchr(v, '=');
        int64_t h = eq ? aw_sim_hop_named(m, v, (size_t)(eq - v)) : -1;
        if (h < 0)
            return S_usage("--latency '%s' should name a hop of the model: HOP=FILE or HOP=exponential", v);
        aw_sim_dist *d = &m->hops[h].latency;
        if (strcmp(eq + 1, "exponential") == 0) {
            d->kind = AW_SIM_DIST_EXPONENTIAL;
            continue;
        }
        size_t len;
        char *text = S_slurp(eq + 1, arena, &len), buf[200];
        if (!text)
            return S_usage("--latency: cannot read '%s'", eq + 1);
        const char *why = aw_sim_dist_parse(text, len, arena, d, buf, sizeof buf);
        if (why) {
            fprintf(stderr, "%s: %s\n", eq + 1, why);
            return S_USAGE;
        }
    }
    return S_OK;
}

/* --runs N: independent seeds on every core, summed up. */
static int S_runs(S_args *a, const aw_sim_model *m, aw_sim_fault *faults)
{
    aw_sim_options *opts = calloc(a->runs, sizeof *opts);
    aw_sim_result **results = calloc(a->runs, sizeof *results);
    const char **errors = calloc(a->runs, sizeof *errors);
    if (!opts || !results || !errors)
        abort();
    for (size_t i = 0; i < a->runs; i++) {
        opts[i] = a->sim;
        opts[i].seed = a->sim.seed + i;
        opts[i].progress = NULL;
    }
    size_t threads = aw_sim_threads();
    aw_sim_run_batch(m, opts, a->runs, threads, results, errors);
    int code = S_OK;
    for (size_t i = 0; code == S_OK && i < a->runs; i++)
        if (!results[i])
            code = S_usage("%s", errors[i]);
    if (code == S_OK) {
        aw_strbuf out = AW_STRBUF_INIT;
        if (strcmp(a->format, "json") == 0)
            aw_sim_runs_report_json(m, (const aw_sim_result *const *)results, a->runs, &out);
        else
            aw_sim_runs_report_text(m, (const aw_sim_result *const *)results, a->runs,
                                    threads < a->runs ? threads : a->runs, &out);
        code = S_write(a, &out);
        aw_strbuf_free(&out);
    }
    for (size_t i = 0; i < a->runs; i++)
        aw_sim_result_free(results[i]);
    free(opts), free(results), free(errors), free(faults);
    return code;
}

static int S_advise(S_args *a, const aw_sim_model *m, aw_sim_fault *faults)
{
    aw_sim_advice advice;
    const char *error;
    bool ok = aw_sim_advise(m, &a->sim, &a->slo, a->target_rps, &advice, &error);
    free(faults);
    if (!ok)
        return S_usage("%s", error);
    aw_strbuf out = AW_STRBUF_INIT;
    if (strcmp(a->format, "json") == 0)
        aw_sim_advice_json(m, &advice, &out);
    else
        aw_sim_advice_text(m, &advice, &out);
    int code = S_write(a, &out);
    aw_strbuf_free(&out);
    aw_sim_advice_free(&advice);
    return code;
}

static int S_simulate(S_args *a, const aw_model *ir, const aw_sim_model *m)
{
    aw_sim_fault *faults = calloc(a->fault_count ? a->fault_count : 1, sizeof *faults);
    if (!faults)
        abort();
    for (size_t i = 0; i < a->fault_count; i++) {
        char buf[256];
        const char *why = aw_sim_fault_parse(m, a->faults[i], &faults[i], buf, sizeof buf);
        if (why) {
            free(faults);
            return S_usage("--fail: %s", why);
        }
    }
    a->sim.faults = faults, a->sim.fault_count = a->fault_count;
    if (a->advise)
        return S_advise(a, m, faults);
    if (a->runs > 1)
        return S_runs(a, m, faults);
    S_progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    if (isatty(fileno(stderr)))
        a->sim.progress = S_progress_show, a->sim.progress_ctx = &progress;
    const char *error;
    aw_sim_result *r = aw_sim_run(m, &a->sim, &error);
    if (progress.shown)
        fputs("\r\033[K", stderr);
    free(faults);
    if (!r)
        return S_usage("%s", error);
    aw_sim_cost cost;
    char why[256];
    if (aw_sim_cost_price(ir, m, r, &cost, why, sizeof why))
        r->cost = &cost;
    else
        fprintf(stderr, "archway simulate: the run is not priced: %s\n", why);
    aw_strbuf out = AW_STRBUF_INIT;
    if (strcmp(a->format, "json") == 0)
        aw_sim_report_json(m, r, &out);
    else
        aw_sim_report_text(m, r, &out);
    int code = S_write(a, &out);
    aw_strbuf_free(&out);
    aw_sim_result_free(r);
    aw_sim_cost_free(&cost);
    return code;
}

int aw_cli_simulate(int argc, char **argv)
{
    S_args a = {.format = "text", .sim = {.seed = 1}, .slo = {.quantile = 0.99, .errors = 0.001}};
    a.faults = calloc((size_t)argc + 1, sizeof *a.faults);
    a.latencies = calloc((size_t)argc + 1, sizeof *a.latencies);
    if (!a.faults || !a.latencies)
        abort();
    int code = S_parse(argc, argv, &a);
    if (code != S_OK) {
        aw_cli_params_free(&a.params);
        free(a.faults), free(a.latencies), free(a.table);
        return code < 0 ? S_OK : code;
    }
    aw_compilation c = {0};
    aw_compile_status status = aw_compile_file(&c, a.file, a.spelling);
    if (status == AW_COMPILE_OK) {
        aw_conditions_apply(&c, &a.params);
        status = c.status;
    }
    aw_diags_print_text(&c.diags, stderr, true, false);
    code = status == AW_COMPILE_UNREADABLE ? S_USAGE : status == AW_COMPILE_ERRORS ? S_FOUND : S_OK;
    if (code == S_OK) {
        aw_arena arena;
        aw_arena_init(&arena);
        aw_sim_model *m = aw_sim_model_build(c.model, &arena);
        if (!m)
            abort();
        code = S_latencies(&a, m, &arena);
        if (code == S_OK)
            code = S_simulate(&a, c.model, m);
        aw_arena_free(&arena);
    }
    aw_compilation_free(&c);
    aw_cli_params_free(&a.params);
    free(a.faults), free(a.latencies), free(a.table);
    return code;
}
