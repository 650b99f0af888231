/* The archway command line: a table of subcommands over the library. Exit
 * status: 0 clean, 1 errors found, 2 bad usage, unreadable input or a
 * configuration file with errors. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/artifacts.h"
#include "../compiler/compile.h"
#include "../compiler/conditions_apply.h"
#include "../compiler/findings_marks.h"
#include "../compiler/lint.h"
#include "../compiler/lint_config.h"
#include "../compiler/lint_sarif.h"
#include "../compiler/memory_policy.h"
#include "../compiler/output_file.h"
#include "../compiler/position_write.h"
#include "../compiler/readers.h"
#include "../compiler/version.h"
#include "../emitters/emitters.h"
#include "../emitters/render.h"
#include "../sim/cost_estimate.h"
#include "../sim/sim_overlay.h"
#include "serve.h"
#include "docs.h"
#include "import.h"
#include "param_values.h"
#include "simulate.h"

enum { EXIT_CLEAN = 0, EXIT_FOUND = 1, EXIT_USAGE = 2 };

typedef struct options {
    const char *format;         /* check: text|json|sarif; convert: json|xml; schema: json|xsd */
    const char *output;         /* -o FILE */
    const char *color;          /* auto|always|never */
    aw_spelling spelling;
    bool locations;
    bool quote;
    bool werror;                /* check: warnings count as errors for the exit status */
    bool markdown;              /* rules: print docs/rules.md */
    bool collapse;              /* render: routes grouped by path prefix */
    bool with_findings;         /* render: lint findings outlined */
    const char *with_simulation;    /* render: a simulation result drawn over the diagram */
    bool write;                 /* layout: positions written into the diagram */
    aw_lint_override *overrides;    /* check: --rule ID=LEVEL, in order */
    size_t override_count;
    const char *config;         /* check, build: --config FILE */
    bool no_config;             /* --no-config: no archway.json beside the diagrams */
    const char *today;          /* check, build: --today YYYY-MM-DD, for dated rules */
    aw_map params;              /* check, cost: --param NAME=VALUE, the deployment judged */
    bool one_deployment;        /* check (not build): elements under false conditions left out */
    aw_lint_config_set *configs;    /* the configuration files read so far */
    aw_cost_request cost;       /* cost: its options (sim/cost_options.c) */
    const char **files;
    int file_count;
} options;

typedef struct command {
    const char *name;
    int (*run)(options *opt);
    const char *usage;
    const char *summary;
} command;

static int S_usage_error(const char *fmt, const char *arg)
{
    fputs("archway: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'archway --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Writes bytes to a file (compiler/output_file.h says how, safely). */
static int S_write_file(const char *path, const char *data, size_t len)
{
    int err = aw_output_write(path, data, len);
    if (err)
        fprintf(stderr, "archway: cannot write %s: %s\n", path, strerror(err));
    return err ? EXIT_USAGE : EXIT_CLEAN;
}

/* Writes bytes to -o FILE or to standard output. */
static int S_write_output(const options *opt, const char *data, size_t len)
{
    if (!opt->output || strcmp(opt->output, "-") == 0) {
        fwrite(data, 1, len, stdout);
        return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE;
    }
    return S_write_file(opt->output, data, len);
}

static bool S_color(const options *opt)
{
    if (strcmp(opt->color, "always") == 0)
        return true;
    if (strcmp(opt->color, "never") == 0)
        return false;
    return isatty(fileno(stderr)) && getenv("NO_COLOR") == NULL;
}

/* Compiles one file and prints its diagnostics in text form to stderr. */
static aw_compile_status S_compile_one(const options *opt, const char *file, aw_compilation *c)
{
    aw_compile_status status = aw_compile_file(c, file, opt->spelling);
    aw_diags_print_text(&c->diags, stderr, opt->quote, S_color(opt));
    return status;
}

static int S_exit_for(aw_compile_status status)
{
    return status == AW_COMPILE_UNREADABLE ? EXIT_USAGE : status == AW_COMPILE_ERRORS ? EXIT_FOUND : EXIT_CLEAN;
}

/* The configuration file that governs a diagram, if any; its diagnostics
 * go into c the first time it is used, to be printed with the diagram's. */
static const aw_lint_config_file *S_project_config(const options *opt, const char *file, const char *path,
                                                   aw_compilation *c)
{
    if (opt->no_config && !path)
        return NULL;
    bool fresh;
    const aw_lint_config_file *f = aw_lint_config_set_for(opt->configs, file, path, &fresh);
    if (fresh && f->diags.count) {
        aw_diags_append(&c->diags, &f->diags);
        aw_diags_sort(&c->diags);
    }
    return f;
}

/* A configuration file among the diagrams (a glob of a whole directory) is checked
 * as the configuration it is; c gets an empty model to hold its diagnostics. */
static int S_check_config_file(const options *opt, const char *file, aw_compilation *c)
{
    c->model = aw_model_new();
    if (!c->model)
        abort();
    aw_diags_init(&c->diags, &c->model->arena);
    const aw_lint_config_file *f = S_project_config(opt, file, file, c);
    return f->status == AW_COMPILE_OK ? EXIT_CLEAN : EXIT_USAGE;
}

/* What a command does with a file that compiled cleanly, given its lint
 * configuration: lints it alone (check), or lints it while it builds. */
typedef int (*lint_step)(aw_compilation *c, const aw_lint_config *cfg, bool werror, void *ctx);

/* Compiles one file for check and, when it compiles cleanly, lints it with
 * its configuration (through step, when given); returns the exit status it
 * deserves, whether warnings count as errors for it, and (if compiled is
 * not NULL) how the compile itself went. A configuration with errors lints
 * nothing (exit status 2). */
static int S_check_one_with(const options *opt, const char *file, aw_compilation *c, bool *werror,
                            aw_compile_status *compiled, lint_step step, void *ctx)
{
    if (compiled)
        *compiled = AW_COMPILE_UNREADABLE;
    *werror = opt->werror;
    if (aw_lint_config_named(file))
        return S_check_config_file(opt, file, c);
    aw_compile_status status = aw_compile_file(c, file, opt->spelling);
    if (compiled)
        *compiled = status;
    const aw_lint_config_file *project = S_project_config(opt, file, opt->config, c);
    if (project && project->status != AW_COMPILE_OK) {
        if (status == AW_COMPILE_OK)
            aw_diag_add(&c->diags, AW_SEV_NOTE, "not-linted", &(aw_loc){.file = c->model->loc.file},
                        "not linted: its configuration %s %s", project->path,
                        project->status == AW_COMPILE_UNREADABLE ? "cannot be read" : "has errors");
        return EXIT_USAGE;
    }
    *werror |= project && project->werror == 1;
    if (status == AW_COMPILE_OK && opt->one_deployment) {
        aw_conditions_apply(c, &opt->params);
        status = c->status;
    }
    if (status == AW_COMPILE_OK) {
        aw_lint_config cli = {.overrides = opt->overrides, .override_count = opt->override_count, .today = opt->today};
        aw_lint_override *to_free;
        aw_lint_config cfg = aw_lint_config_merge(project, &cli, &to_free);
        if (step) {
            int code = step(c, &cfg, *werror, ctx);
            free(to_free);
            return code;
        }
        aw_lint_run(c, &cfg);
        free(to_free);
        status = c->status;
    }
    int code = S_exit_for(status);
    if (code == EXIT_CLEAN && *werror && c->diags.warnings)
        code = EXIT_FOUND;
    return code;
}

static int S_check_one(const options *opt, const char *file, aw_compilation *c, bool *werror,
                       aw_compile_status *compiled)
{
    return S_check_one_with(opt, file, c, werror, compiled, NULL, NULL);
}

/* The diagnostics of every file checked as one SARIF log on stdout. */
static void S_print_sarif(const options *opt, const aw_compilation *all, int exit_code)
{
    char cwd[4096];
    bool know_cwd = getcwd(cwd, sizeof cwd) != NULL;
    aw_sarif_input *inputs = calloc((size_t)opt->file_count, sizeof *inputs);
    if (!inputs)
        abort();
    for (int i = 0; i < opt->file_count; i++)
        inputs[i] = (aw_sarif_input){.path = opt->files[i], .diags = &all[i].diags};
    aw_sarif_run run = {.inputs = inputs, .input_count = (size_t)opt->file_count, .base_dir = know_cwd ? cwd : NULL,
                        .exit_code = exit_code, .successful = exit_code != EXIT_USAGE};
    aw_strbuf out = AW_STRBUF_INIT;
    aw_sarif_write(&run, &out);
    fwrite(out.data, 1, out.len, stdout);
    aw_strbuf_free(&out);
    free(inputs);
}

static int S_run_check(options *opt)
{
    if (opt->file_count == 0)
        return S_usage_error("%s", "check needs at least one diagram file");
    opt->one_deployment = true;
    bool json = strcmp(opt->format, "json") == 0, sarif = strcmp(opt->format, "sarif") == 0;
    if (!json && !sarif && strcmp(opt->format, "text") != 0)
        return S_usage_error("unknown --format '%s' for check (text, json or sarif)", opt->format);
    int worst = EXIT_CLEAN;
    aw_compilation *all = calloc((size_t)opt->file_count, sizeof *all);
    aw_arena arena;
    aw_arena_init(&arena);
    aw_diags merged;
    aw_diags_init(&merged, &arena);
    merged.limit = 0;
    size_t errors = 0, warnings = 0, suppressed = 0;
    aw_lint_config_set configs = {0};
    opt->configs = &configs;
    bool werror_warned = false;     /* warnings where they count as errors */
    for (int i = 0; i < opt->file_count; i++) {
        bool werror;
        int code = S_check_one(opt, opt->files[i], &all[i], &werror, NULL);
        werror_warned |= werror && all[i].diags.warnings;
        if (code == EXIT_USAGE || (code == EXIT_FOUND && worst == EXIT_CLEAN))
            worst = code;
        errors += all[i].diags.errors, warnings += all[i].diags.warnings, suppressed += all[i].diags.suppressed;
        if (json)
            aw_diags_append(&merged, &all[i].diags);
        else if (!sarif)
            aw_diags_print_text(&all[i].diags, stderr, opt->quote, S_color(opt));
    }
    if (json)
        aw_diags_print_json(&merged, stdout);
    else if (sarif)
        S_print_sarif(opt, all, worst);
    else {
        fprintf(stderr, "%d file%s checked: %zu error%s, %zu warning%s", opt->file_count,
                opt->file_count == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
        if (suppressed)
            fprintf(stderr, " (%zu suppressed)", suppressed);
        fputs(!werror_warned ? "\n"
              : opt->werror  ? "; warnings are errors (--werror)\n"
                             : "; warnings are errors (\"werror\": true in " AW_LINT_CONFIG_NAME ")\n",
              stderr);
    }
    aw_diags_free(&merged);
    aw_arena_free(&arena);
    for (int i = 0; i < opt->file_count; i++)
        aw_compilation_free(&all[i]);
    free(all);
    aw_lint_config_set_free(&configs);
    return worst;
}

static int S_run_rules(options *opt)
{
    if (opt->markdown) {
        if (opt->file_count)
            return S_usage_error("rules --markdown takes no rule id (got '%s')", opt->files[0]);
        aw_rules_print_markdown(stdout);
    } else if (opt->file_count == 0) {
        aw_rules_print_list(stdout);
    } else {
        for (int i = 0; i < opt->file_count; i++) {
            const aw_rule *rule = aw_rule_find(opt->files[i]);
            if (!rule)
                return S_usage_error("unknown rule '%s' (see 'archway rules')", opt->files[i]);
            if (i)
                putchar('\n');
            aw_rule_print(rule, stdout);
        }
    }
    return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE;
}

/* Compiles the single input of ir/convert; prints diagnostics; returns the
 * exit status, with c ready for emitting when it is EXIT_CLEAN. */
static int S_compile_single(options *opt, aw_compilation *c, const char *what)
{
    if (opt->file_count != 1) {
        S_usage_error("%s needs exactly one diagram file", what);
        return -EXIT_USAGE;
    }
    return S_exit_for(S_compile_one(opt, opt->files[0], c));
}

static int S_run_ir(options *opt)
{
    aw_compilation c = {0};
    int code = S_compile_single(opt, &c, "ir");
    if (code < 0)
        return -code;
    if (code == EXIT_CLEAN) {
        aw_strbuf out = AW_STRBUF_INIT;
        aw_emit_json(c.model, &out, opt->locations);
        code = S_write_output(opt, out.data, out.len);
        aw_strbuf_free(&out);
    }
    aw_compilation_free(&c);
    return code;
}

static int S_run_convert(options *opt)
{
    bool xml = strcmp(opt->format, "xml") == 0;
    if (!xml && strcmp(opt->format, "json") != 0)
        return S_usage_error("convert needs --to json or --to xml (got '%s')", opt->format);
    aw_compilation c = {0};
    int code = S_compile_single(opt, &c, "convert");
    if (code < 0)
        return -code;
    if (code == EXIT_CLEAN) {
        aw_strbuf out = AW_STRBUF_INIT;
        if (xml)
            aw_emit_xml(c.model, &out);
        else
            aw_emit_json(c.model, &out, false);
        code = S_write_output(opt, out.data, out.len);
        aw_strbuf_free(&out);
    }
    aw_compilation_free(&c);
    return code;
}

/* sim-input: the simulation model of a diagram that compiles. */
static int S_run_sim_input(options *opt)
{
    aw_compilation c = {0};
    int code = S_compile_single(opt, &c, "sim-input");
    if (code < 0)
        return -code;
    if (code == EXIT_CLEAN) {
        aw_strbuf out = AW_STRBUF_INIT;
        if (!aw_emit_sim_input(c.model, &out))
            abort();
        code = S_write_output(opt, out.data, out.len);
        aw_strbuf_free(&out);
    }
    aw_compilation_free(&c);
    return code;
}

/* Creates dir and its missing parents. */
static bool S_make_dirs(const char *dir)
{
    int err = aw_output_make_dirs(dir);
    return err ? (errno = err, false) : true;
}

/* build's lint step: the lint and the emitters at once. */
static int S_lint_and_build(aw_compilation *c, const aw_lint_config *cfg, bool werror, void *artifacts)
{
    return aw_artifacts_build_linted(c, cfg, werror, artifacts) ? EXIT_CLEAN : EXIT_FOUND;
}

/* build: compile, lint, emit the deployable configuration into -o DIR.
 * Nothing is written unless the whole diagram deploys as drawn. */
static int S_run_build(options *opt)
{
    if (!opt->output)
        return S_usage_error("%s", "build needs -o DIR, the directory to write into");
    aw_compilation c = {0};
    if (opt->file_count != 1)
        return S_usage_error("%s", "build needs exactly one diagram file");
    aw_lint_config_set configs = {0};
    opt->configs = &configs;
    bool werror;
    aw_artifacts artifacts = {0};
    int code = S_check_one_with(opt, opt->files[0], &c, &werror, NULL, S_lint_and_build, &artifacts);
    aw_diags_print_text(&c.diags, stderr, opt->quote, S_color(opt));
    if (code == EXIT_CLEAN && !S_make_dirs(opt->output)) {
        perror(opt->output);
        code = EXIT_USAGE;
    }
    for (size_t i = 0; code == EXIT_CLEAN && i < artifacts.count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", opt->output, artifacts.items[i].name);
        code = S_write_file(path, artifacts.items[i].data, artifacts.items[i].len);
    }
    if (code == EXIT_CLEAN)
        fprintf(stderr, "%s: %zu file%s written to %s\n", opt->files[0], artifacts.count,
                artifacts.count == 1 ? "" : "s", opt->output);
    else if (code == EXIT_FOUND)
        fprintf(stderr, "%s: nothing written: the diagram does not deploy as drawn\n", opt->files[0]);
    aw_artifacts_free(&artifacts);
    aw_compilation_free(&c);
    aw_lint_config_set_free(&configs);
    return code;
}

/* Compiles the one diagram of render or layout and, with --with-findings,
 * lints it. Returns -1 when the model can be drawn (*code then says what
 * the diagram's findings deserve), else the exit status. */
static int S_compile_for_picture(options *opt, aw_compilation *c, const char *what, int *code)
{
    if (opt->file_count != 1)
        return S_usage_error("%s needs exactly one diagram file", what);
    aw_compile_status compiled = AW_COMPILE_UNREADABLE;
    if (opt->with_findings) {
        aw_lint_config_set *configs = calloc(1, sizeof *configs);
        opt->configs = configs;
        bool werror;
        *code = S_check_one(opt, opt->files[0], c, &werror, &compiled);
        aw_diags_print_text(&c->diags, stderr, opt->quote, S_color(opt));
        aw_lint_config_set_free(configs);
        free(configs);
        opt->configs = NULL;
        if (*code == EXIT_USAGE && compiled == AW_COMPILE_OK)
            return EXIT_USAGE;
    } else {
        compiled = S_compile_one(opt, opt->files[0], c);
        *code = S_exit_for(compiled);
    }
    return compiled == AW_COMPILE_OK ? -1 : S_exit_for(compiled);
}

/* render: a picture of the diagram in DOT, SVG, PNG or PDF. The exit
 * status is the diagram's (1 when --with-findings shows errors), or 2 for
 * a picture too large to lay out. */
static int S_run_render(options *opt)
{
    aw_render_format format;
    if (!aw_render_format_parse(*opt->format ? opt->format : "svg", &format))
        return S_usage_error("render needs --format dot, svg, png or pdf (got '%s')", opt->format);
    if ((format == AW_RENDER_PNG || format == AW_RENDER_PDF) && (!opt->output || strcmp(opt->output, "-") == 0))
        return S_usage_error("render --format %s needs -o FILE (it is not text)", opt->format);
    aw_compilation c = {0};
    int code = EXIT_CLEAN;
    int failed = S_compile_for_picture(opt, &c, "render", &code);
    if (failed >= 0)
        return aw_compilation_free(&c), failed;
    size_t mark_count = 0;
    aw_render_mark *marks = opt->with_findings ? aw_findings_marks(&c.diags, &mark_count) : NULL;
    aw_render_options ro = {.collapse = opt->collapse, .marks = marks, .mark_count = mark_count};
    aw_sim_overlay sim = {0};
    if (opt->with_simulation) {
        bool read = aw_sim_overlay_load_file(&sim, c.model, opt->with_simulation);
        aw_diags_print_text(&sim.diags, stderr, opt->quote, S_color(opt));
        if (!read)
            return free(marks), aw_sim_overlay_free(&sim), aw_compilation_free(&c), EXIT_USAGE;
        ro.loads = sim.loads, ro.load_count = sim.load_count, ro.load_summary = sim.summary;
    }
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    if (aw_render(c.model, &ro, format, &out, &err) != AW_RENDER_OK) {
        fprintf(stderr, "%s: cannot render: %s\n", opt->files[0], err.data);
        code = EXIT_USAGE;
    } else {
        int written = S_write_output(opt, out.data, out.len);
        code = written != EXIT_CLEAN ? written : code;
    }
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
    free(marks);
    if (opt->with_simulation)
        aw_sim_overlay_free(&sim);
    aw_compilation_free(&c);
    return code;
}

/* layout --write: the diagram file itself gets the positions, through a
 * temporary file and a rename. */
static int S_write_positions(const options *opt, const aw_compilation *c, const aw_layout *layout)
{
    const aw_source *src = c->diags.source_count ? &c->diags.sources[0] : NULL;
    if (!src || strcmp(opt->files[0], "-") == 0)
        return S_usage_error("%s", "layout --write needs a diagram file, not standard input");
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    int code = EXIT_USAGE;
    if (!aw_positions_write(src->text, src->len, layout, &out, &err))
        fprintf(stderr, "%s: positions not written: %s\n", opt->files[0], err.data);
    else if ((code = S_write_file(opt->files[0], out.data, out.len)) == EXIT_CLEAN)
        fprintf(stderr, "%s: %zu positions written\n", opt->files[0], layout->count);
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
    return code;
}

/* layout: where Graphviz puts every node, as JSON for the canvas, or
 * written into the diagram with --write. */
static int S_run_layout(options *opt)
{
    if (opt->write && opt->output)
        return S_usage_error("%s", "layout takes --write or -o FILE, not both");
    aw_compilation c = {0};
    int code = EXIT_CLEAN;
    int failed = S_compile_for_picture(opt, &c, "layout", &code);
    if (failed >= 0)
        return aw_compilation_free(&c), failed;
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    if (aw_layout_compute(c.model, &layout, &err) != AW_RENDER_OK) {
        fprintf(stderr, "%s: cannot lay out: %s\n", opt->files[0], err.data);
        code = EXIT_USAGE;
    } else if (opt->write) {
        code = S_write_positions(opt, &c, &layout);
    } else {
        aw_strbuf out = AW_STRBUF_INIT;
        aw_layout_write_json(&layout, &out);
        code = S_write_output(opt, out.data, out.len);
        aw_strbuf_free(&out);
    }
    aw_layout_free(&layout);
    aw_strbuf_free(&err);
    aw_compilation_free(&c);
    return code;
}

static int S_run_schema(options *opt)
{
    const char *text;
    if (strcmp(opt->format, "json") == 0)
        text = aw_json_schema_text();
    else if (strcmp(opt->format, "xsd") == 0)
        text = aw_xsd_text();
    else
        return S_usage_error("schema needs --format json or --format xsd (got '%s')", opt->format);
    if (opt->file_count)
        return S_usage_error("schema takes no files (got '%s')", opt->files[0]);
    return S_write_output(opt, text, strlen(text));
}

/* cost: the monthly cost of a diagram's traffic (docs/cost.md). A price
 * list or an estimate that cannot be made is exit status 2. */
static int S_run_cost(options *opt)
{
    bool json = strcmp(opt->format, "json") == 0;
    if (!json && *opt->format && strcmp(opt->format, "text") != 0)
        return S_usage_error("unknown --format '%s' for cost (text or json)", opt->format);
    if (opt->file_count != 1)
        return S_usage_error("%s", "cost needs exactly one diagram file");
    aw_price_list prices;
    bool loaded = opt->cost.prices_file ? aw_price_list_load_file(&prices, opt->cost.prices_file)
                                        : aw_price_list_load_builtin(&prices);
    aw_diags_print_text(&prices.diags, stderr, opt->quote, S_color(opt));
    aw_compilation c = {0};
    int code = EXIT_USAGE;
    if (loaded && aw_compile_file(&c, opt->files[0], opt->spelling) == AW_COMPILE_OK)
        aw_conditions_apply(&c, &opt->params);
    if (loaded) {
        aw_diags_print_text(&c.diags, stderr, opt->quote, S_color(opt));
        code = S_exit_for(c.status);
    }
    if (code == EXIT_CLEAN) {
        aw_cost_estimate e;
        char err[512];
        if (aw_cost_estimate_run(c.model, opt->files[0], &prices, &opt->cost, &e, err, sizeof err)) {
            aw_strbuf out = AW_STRBUF_INIT;
            (json ? aw_cost_write_json : aw_cost_write_text)(&e, &out);
            code = S_write_output(opt, out.data, out.len);
            aw_strbuf_free(&out);
        } else {
            fprintf(stderr, "archway: cost: %s\n", err);
            code = EXIT_USAGE;
        }
        aw_cost_estimate_free(&e);
    }
    if (c.model)
        aw_compilation_free(&c);
    aw_price_list_free(&prices);
    return code;
}

static int S_run_help(options *opt);

static int S_run_version(options *opt)
{
    (void)opt;
    printf("archway %s (diagram format %d)\n", AW_VERSION, AW_FORMAT_VERSION_TEXT);
    return EXIT_CLEAN;
}

static const command commands[] = {
    {"check", S_run_check,
     "check [--format text|json|sarif] [--rule ID=off|note|warning|error]... [--werror] [--no-quote]\n"
     "                     [--config FILE | --no-config] [--today YYYY-MM-DD] [--param NAME=VALUE]...\n"
     "                     [--color auto|always|never] FILE...",
     "compile diagrams, lint them, and report diagnostics"},
    {"build", S_run_build,
     "build [--rule ID=LEVEL]... [--werror] [--config FILE | --no-config] [--today YYYY-MM-DD] -o DIR FILE",
     "check a diagram, then write its OpenAPI documents and CloudFormation template"},
    {"cost", S_run_cost,
     "cost [--rps N | --monthly-requests N] [--growth 1,10,100] [--regions N] [--region NAME]\n"
     "                     [--format text|json] [--prices FILE] [--free-tier] [--callers N] [--message-kb N]\n"
     "                     [--response-kb N] [--session-minutes N] [--param NAME=VALUE]... [-o OUT] FILE",
     "estimate the monthly AWS cost of a diagram's traffic"},
    {"rules", S_run_rules, "rules [ID...] [--markdown]", "list the lint rules, or explain some"},
    {"ir", S_run_ir, "ir [--locations] [-o OUT] FILE", "print the resolved model as canonical JSON"},
    {"convert", S_run_convert, "convert --to json|xml [-o OUT] FILE", "rewrite a diagram in the other spelling"},
    {"sim-input", S_run_sim_input, "sim-input [-o OUT] FILE",
     "print the simulation model: each route's chain of hops, and the traffic"},
    {"render", S_run_render,
     "render [--format dot|svg|png|pdf] [--collapse] [--with-findings] [--with-simulation RESULT.json]\n"
     "                     -o FILE FILE",
     "draw the diagram with Graphviz (clusters per API and stage, a legend)"},
    {"layout", S_run_layout, "layout [--write | -o OUT] FILE",
     "compute canvas positions with Graphviz (JSON), or --write them into the diagram"},
    {"schema", S_run_schema, "schema --format json|xsd [-o OUT]", "print the JSON Schema or XSD of the format"},
    {"version", S_run_version, "version", "print the version"},
    {"help", S_run_help, "help", "print this help"},
    {NULL, NULL, NULL, NULL},
};

/* Commands that parse their own options (the simulator has many). */
typedef struct own_command {
    const char *name;
    int (*main)(int argc, char **argv);     /* the arguments after the name */
    const char *usage;
    const char *summary;
} own_command;

static const own_command own_commands[] = {
    {"simulate", aw_cli_simulate,
     "simulate [--pattern constant|ramp|spike|wave|FILE] [--rps N] [--duration S] [--seed N]\n"
     "                     [--fail HOP=KIND:VALUE[@FROM-TO]]... [--latency HOP=FILE]... [--engine auto|discrete|fluid]\n"
     "                     [--slo OBJECTIVE] [--target-rps N] [--runs N] [--format text|json] [-o OUT] FILE",
     "simulate the diagram's traffic: status codes, latencies, bottleneck, what to change"},
    {"serve", aw_cli_serve,
     "serve [--db FILE|postgres://...] [--listen ADDR:PORT] [--web DIR] [--token TOKEN]\n"
     "                     | serve --db FILE --backup COPY",
     "serve diagrams to the canvas over HTTP, with history, checks and artifacts"},
    {"docs", aw_cli_docs, "docs [--today YYYY-MM-DD] [--config FILE | --no-config] -o DIR FILE...",
     "write a design-document bundle: a Markdown page, its picture, the OpenAPI documents"},
    {"import", aw_cli_import, "import [--to json|xml] [-o DIAGRAM] [--runtime RUNTIME] [--no-layout] [--quiet] TEMPLATE|OPENAPI",
     "read a CloudFormation or SAM template, or an OpenAPI document, into a diagram"},
    {NULL, NULL, NULL, NULL},
};

static int S_run_help(options *opt)
{
    (void)opt;
    puts("usage: archway COMMAND [OPTIONS] [FILE...]\n\n"
         "Archway compiles API Gateway architecture diagrams (JSON or XML) and checks them.\n\n"
         "Commands:");
    for (const command *c = commands; c->name; c++)
        printf("  %-10s %s\n             archway %s\n", c->name, c->summary, c->usage);
    for (const own_command *c = own_commands; c->name; c++)
        printf("  %-10s %s\n             archway %s\n", c->name, c->summary, c->usage);
    puts("\nCommon options:\n"
         "  --json, --xml      read FILE as this spelling whatever its name\n"
         "  -                  read the diagram from standard input\n"
         "  --today YYYY-MM-DD the day dated rules (Lambda runtime deprecation) judge by;\n"
         "                     default $ARCHWAY_TODAY, else today (UTC)\n"
         "  --param NAME=VALUE check, cost: the value of a diagram parameter for the deployment\n"
         "                     judged (elements under a false condition left out); default its default\n\n"
         "Exit status: 0 no errors (warnings allowed), 1 errors found in a diagram,\n"
         "2 bad usage, unreadable input, or a configuration file (archway.json) with errors.");
    return EXIT_CLEAN;
}

static const char *S_value(int argc, char **argv, int *i, const char *flag)
{
    const char *eq = strchr(argv[*i], '=');
    if (eq && strncmp(argv[*i], flag, (size_t)(eq - argv[*i])) == 0)
        return eq + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static void S_free_options(options *opt)
{
    free(opt->files);
    free(opt->overrides);
    aw_cli_params_free(&opt->params);
}

static bool S_flag_is(const char *arg, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int main(int argc, char **argv)
{
    aw_memory_policy_apply();
    if (argc < 2)
        return S_run_help(NULL), EXIT_USAGE;
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        name = "help";
    else if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        name = "version";
    for (const own_command *own = own_commands; own->name; own++)
        if (strcmp(own->name, name) == 0)
            return own->main(argc - 2, argv + 2);
    const command *cmd = commands;
    while (cmd->name && strcmp(cmd->name, name) != 0)
        cmd++;
    if (!cmd->name)
        return S_usage_error("unknown command '%s'", name);

    options opt = {.format = "", .color = "auto", .quote = true};
    opt.files = calloc((size_t)argc, sizeof *opt.files);
    opt.overrides = calloc((size_t)argc, sizeof *opt.overrides);
    if (!opt.files || !opt.overrides)
        abort();
    if (strcmp(cmd->name, "check") == 0)
        opt.format = "text";
    aw_cost_request_init(&opt.cost);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (strcmp(a, "-") == 0 || a[0] != '-') {
            opt.files[opt.file_count++] = a;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                opt.files[opt.file_count++] = argv[i];
        } else if (S_flag_is(a, "--format") || S_flag_is(a, "--to")) {
            if (!(v = S_value(argc, argv, &i, S_flag_is(a, "--to") ? "--to" : "--format")))
                return S_free_options(&opt), S_usage_error("%s needs a value", a);
            opt.format = v;
        } else if (strcmp(a, "-o") == 0 || S_flag_is(a, "--output")) {
            if (!(v = S_value(argc, argv, &i, "--output")))
                return S_free_options(&opt), S_usage_error("%s needs a file name", a);
            opt.output = v;
        } else if (S_flag_is(a, "--color")) {
            if (!(v = S_value(argc, argv, &i, "--color")))
                return S_free_options(&opt), S_usage_error("%s needs a value", a);
            opt.color = v;
        } else if (S_flag_is(a, "--rule")) {
            if (!(v = S_value(argc, argv, &i, "--rule")))
                return S_free_options(&opt), S_usage_error("%s needs ID=off|note|warning|error", a);
            const char *why = aw_lint_override_parse(v, &opt.overrides[opt.override_count]);
            if (why) {
                char msg[256];
                snprintf(msg, sizeof msg, "--rule '%s' %s", v, why);
                return S_free_options(&opt), S_usage_error("%s", msg);
            }
            opt.override_count++;
        } else if (S_flag_is(a, "--config")) {
            if (!(v = S_value(argc, argv, &i, "--config")))
                return S_free_options(&opt), S_usage_error("%s needs a file name", a);
            opt.config = v;
        } else if ((cmd->run == S_run_check || cmd->run == S_run_cost) && S_flag_is(a, "--param")) {
            if (!(v = S_value(argc, argv, &i, "--param")) || !aw_cli_param_add(&opt.params, v))
                return S_free_options(&opt), S_usage_error("%s needs NAME=VALUE, each NAME once", a);
        } else if (S_flag_is(a, "--today")) {
            if (!(v = S_value(argc, argv, &i, "--today")) || !aw_lint_date_valid(v))
                return S_free_options(&opt), S_usage_error("%s needs a date written YYYY-MM-DD", a);
            opt.today = v;
        } else if (strcmp(a, "--no-config") == 0) {
            opt.no_config = true;
        } else if (strcmp(a, "--werror") == 0) {
            opt.werror = true;
        } else if (strcmp(a, "--collapse") == 0) {
            opt.collapse = true;
        } else if (strcmp(a, "--with-findings") == 0) {
            opt.with_findings = true;
        } else if (S_flag_is(a, "--with-simulation")) {
            if (!(v = S_value(argc, argv, &i, "--with-simulation")))
                return S_free_options(&opt), S_usage_error("%s needs the file of a simulation result", a);
            opt.with_simulation = v;
        } else if (strcmp(a, "--write") == 0) {
            opt.write = true;
        } else if (strcmp(a, "--markdown") == 0) {
            opt.markdown = true;
        } else if (strcmp(a, "--locations") == 0) {
            opt.locations = true;
        } else if (strcmp(a, "--no-quote") == 0) {
            opt.quote = false;
        } else if (strcmp(a, "--json") == 0) {
            opt.spelling = AW_SPELLING_JSON;
        } else if (strcmp(a, "--xml") == 0) {
            opt.spelling = AW_SPELLING_XML;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: archway %s\n", cmd->usage);
            return S_free_options(&opt), EXIT_CLEAN;
        } else if (cmd->run == S_run_cost && aw_cost_flag_arity(a) >= 0) {
            if (aw_cost_flag_arity(a) && !(v = S_value(argc, argv, &i, a)))
                return S_free_options(&opt), S_usage_error("%s needs a value", a);
            const char *why = aw_cost_request_set(&opt.cost, a, v);
            if (why) {
                char msg[256];
                snprintf(msg, sizeof msg, "%.*s %s", (int)strcspn(a, "="), a, why);
                return S_free_options(&opt), S_usage_error("%s", msg);
            }
        } else {
            int code = S_usage_error("unknown option '%s'", a);
            S_free_options(&opt);
            return code;
        }
    }
    const char *env_today = getenv(AW_TODAY_ENV);
    if (env_today && *env_today && !aw_lint_date_valid(env_today))
        return S_free_options(&opt), S_usage_error("%s", AW_TODAY_ENV " must be a date written YYYY-MM-DD");
    int code = cmd->run(&opt);
    S_free_options(&opt);
    return code;
}
