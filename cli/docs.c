/* `archway docs -o DIR FILE...`: a design-document bundle per diagram
 * (compiler/docs_bundle.h) written into DIR: a Markdown page, its picture
 * and the OpenAPI documents it links to. A diagram that compiles gets its
 * bundle even with lint errors (the page lists them; exit status 1). */
#include "docs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/docs_bundle.h"
#include "../compiler/lint.h"
#include "../compiler/lint_config.h"
#include "../compiler/output_file.h"

enum { EXIT_CLEAN = 0, EXIT_FOUND = 1, EXIT_USAGE = 2 };

typedef struct docs_args {
    const char *output, *today, *config;
    bool no_config, color;
    aw_spelling spelling;
    const char **files;
    int file_count;
} docs_args;

static const char S_usage_text[] =
    "usage: archway docs [--today YYYY-MM-DD] [--config FILE | --no-config] [--json | --xml] -o DIR FILE...\n"
    "Writes DIR/<name>.md (the design page of each diagram), DIR/<name>.svg (its picture)\n"
    "and DIR/<name>/<api>.openapi.json (the OpenAPI documents the page links to).\n";

static int S_usage(const char *fmt, const char *arg)
{
    fputs("archway docs: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'archway docs --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Creates dir and its parents; false with errno set if it cannot. */
static bool S_make_dirs(const char *dir)
{
    int err = aw_output_make_dirs(dir);
    return err ? (errno = err, false) : true;
}

/* A diagram's file name without directory or spelling: the bundle's stem. */
static void S_stem(const char *file, char *buf, size_t size)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    size_t n = strlen(base);
    if (n > 5 && (strcmp(base + n - 5, ".json") == 0))
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
        n -= 4;
    snprintf(buf, size, "%.*s", (int)n, strcmp(file, "-") == 0 ? "diagram" : base);
}

static int S_parse(int argc, char **argv, docs_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool takes = !strcmp(arg, "-o") || !strcmp(arg, "--output") || !strcmp(arg, "--today") ||
                     !strcmp(arg, "--config");
        if (takes && i + 1 >= argc)
            return S_usage("%s needs a value", arg);
        if (!strcmp(arg, "-o") || !strcmp(arg, "--output"))
            a->output = argv[++i];
        else if (!strcmp(arg, "--today") && aw_lint_date_valid(argv[i + 1]))
            a->today = argv[++i];
        else if (!strcmp(arg, "--today"))
            return S_usage("--today needs a date written YYYY-MM-DD (got '%s')", argv[i + 1]);
        else if (!strcmp(arg, "--config"))
            a->config = argv[++i];
        else if (!strcmp(arg, "--no-config"))
            a->no_config = true;
        else if (!strcmp(arg, "--json") || !strcmp(arg, "--xml"))
            a->spelling = arg[2] == 'j' ? AW_SPELLING_JSON : AW_SPELLING_XML;
        else if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return fputs(S_usage_text, stdout), -1;
        else if (arg[0] == '-' && arg[1])
            return S_usage("unknown option '%s'", arg);
        else
            a->files[a->file_count++] = arg;
    }
    if (!a->output)
        return S_usage("%s", "docs needs -o DIR, the directory to write the bundle into");
    if (!a->file_count)
        return S_usage("%s", "docs needs at least one diagram file");
    for (int i = 0; i < a->file_count; i++)
        for (int k = 0; k < i; k++) {
            char x[512], y[512];
            S_stem(a->files[i], x, sizeof x);
            S_stem(a->files[k], y, sizeof y);
            if (!strcmp(x, y))
                return S_usage("two diagrams would both write the page '%s.md'", x);
        }
    return EXIT_CLEAN;
}

/* Compiles and lints one diagram with its project configuration; *linted
 * says whether it compiled far enough to be documented. */
static int S_check(const docs_args *a, aw_lint_config_set *configs, const char *file, aw_compilation *c, bool *linted)
{
    *linted = false;
    aw_compile_status status = aw_compile_file(c, file, a->spelling);
    if (status != AW_COMPILE_OK)
        return status == AW_COMPILE_UNREADABLE ? EXIT_USAGE : EXIT_FOUND;
    bool fresh;
    const aw_lint_config_file *project =
        a->no_config && !a->config ? NULL : aw_lint_config_set_for(configs, file, a->config, &fresh);
    if (project && project->status != AW_COMPILE_OK) {
        aw_diags_append(&c->diags, &project->diags);
        return EXIT_USAGE;
    }
    aw_lint_config cli = {.today = a->today};
    aw_lint_override *to_free;
    aw_lint_config cfg = aw_lint_config_merge(project, &cli, &to_free);
    aw_lint_run(c, &cfg);
    free(to_free);
    *linted = true;
    return c->status == AW_COMPILE_OK ? EXIT_CLEAN : EXIT_FOUND;
}

static int S_write(const docs_args *a, const aw_artifact *f)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a->output, f->name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    bool made = S_make_dirs(path);
    *slash = '/';
    int err = made ? aw_output_write(path, f->data, f->len) : errno;
    if (err)
        fprintf(stderr, "archway docs: cannot write %s: %s\n", path, strerror(err));
    return err ? EXIT_USAGE : EXIT_CLEAN;
}

static int S_one(const docs_args *a, aw_lint_config_set *configs, const char *file)
{
    aw_compilation c = {0};
    bool compiled;
    int code = S_check(a, configs, file, &c, &compiled);
    aw_artifacts bundle = {0};
    aw_strbuf err = AW_STRBUF_INIT;
    char stem[512];
    S_stem(file, stem, sizeof stem);
    if (compiled && !aw_docs_bundle_build(&c, file, stem, &bundle, &err)) {
        fprintf(stderr, "archway docs: %s: %s\n", file, err.data);
        code = EXIT_USAGE;
    }
    aw_diags_print_text(&c.diags, stderr, true, a->color);
    for (size_t i = 0; code != EXIT_USAGE && i < bundle.count; i++)
        if (S_write(a, &bundle.items[i]) != EXIT_CLEAN)
            code = EXIT_USAGE;
    if (bundle.count && code != EXIT_USAGE)
        fprintf(stderr, "%s: %zu files written to %s (%s.md)\n", file, bundle.count, a->output, stem);
    aw_artifacts_free(&bundle);
    aw_strbuf_free(&err);
    aw_compilation_free(&c);
    return code;
}

int aw_cli_docs(int argc, char **argv)
{
    docs_args a = {0};
    a.files = calloc((size_t)argc + 1, sizeof *a.files);
    if (!a.files)
        abort();
    a.color = isatty(STDERR_FILENO);
    int code = S_parse(argc, argv, &a);
    if (code) {
        free(a.files);
        return code < 0 ? EXIT_CLEAN : code;
    }
    if (!S_make_dirs(a.output)) {
        fprintf(stderr, "archway docs: cannot create %s: %s\n", a.output, strerror(errno));
        free(a.files);
        return EXIT_USAGE;
    }
    aw_lint_config_set configs = {0};
    for (int i = 0; i < a.file_count; i++) {
        int one = S_one(&a, &configs, a.files[i]);
        code = one > code ? one : code;
    }
    aw_lint_config_set_free(&configs);
    free(a.files);
    return code;
}
