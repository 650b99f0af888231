/* archway import: its options, and the diagram and summary it prints. The
 * work is the library's (importer/import.h). */
#include "import.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../compiler/output_file.h"
#include "../emitters/emitters.h"
#include "../importer/import.h"

enum { EXIT_CLEAN = 0, EXIT_FOUND = 1, EXIT_USAGE = 2 };

typedef struct import_options {
    const char *file;
    const char *output;
    const char *to;             /* json or xml; by -o's extension when NULL */
    aw_import_options import;
    bool quiet;
} import_options;

static int S_usage(const char *fmt, const char *arg)
{
    fputs("archway: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'archway --help'.\n", stderr);
    return EXIT_USAGE;
}

static int S_parse(int argc, char **argv, import_options *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--to") == 0 || strcmp(a, "--runtime") == 0) && !has_value)
            return S_usage("%s needs a value", a);
        if (strcmp(a, "-o") == 0)
            o->output = argv[++i];
        else if (strcmp(a, "--to") == 0)
            o->to = argv[++i];
        else if (strcmp(a, "--runtime") == 0)
            o->import.external_runtime = argv[++i];
        else if (strcmp(a, "--no-layout") == 0)
            o->import.no_layout = true;
        else if (strcmp(a, "--quiet") == 0)
            o->quiet = true;
        else if (a[0] == '-' && a[1] != '\0')
            return S_usage("import: unknown option '%s'", a);
        else if (o->file)
            return S_usage("%s", "import takes one template or OpenAPI file");
        else
            o->file = a;
    }
    if (!o->file)
        return S_usage("%s", "import needs a template or OpenAPI file");
    if (!o->to) {
        size_t n = o->output ? strlen(o->output) : 0;
        o->to = n > 4 && strcmp(o->output + n - 4, ".xml") == 0 ? "xml" : "json";
    }
    if (strcmp(o->to, "json") != 0 && strcmp(o->to, "xml") != 0)
        return S_usage("import: --to takes json or xml (got '%s')", o->to);
    return EXIT_CLEAN;
}

static int S_write(const import_options *o, const aw_model *model)
{
    aw_strbuf out = AW_STRBUF_INIT;
    if (strcmp(o->to, "xml") == 0)
        aw_emit_xml(model, &out);
    else
        aw_emit_json(model, &out, false);
    int code = EXIT_CLEAN;
    if (!o->output || strcmp(o->output, "-") == 0) {
        fwrite(out.data, 1, out.len, stdout);
        code = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE;
    } else {
        int err = aw_output_write(o->output, out.data, out.len);
        if (err)
            fprintf(stderr, "archway: cannot write %s: %s\n", o->output, strerror(err));
        code = err ? EXIT_USAGE : EXIT_CLEAN;
    }
    aw_strbuf_free(&out);
    return code;
}

int aw_cli_import(int argc, char **argv)
{
    import_options o = {0};
    int code = S_parse(argc, argv, &o);
    if (code != EXIT_CLEAN)
        return code;
    aw_import_result r;
    aw_compile_status status = aw_import_file(&r, o.file, &o.import);
    aw_diags_print_text(&r.diags, stderr, true, isatty(fileno(stderr)));
    if (status == AW_COMPILE_OK)
        code = S_write(&o, r.model);
    else
        code = status == AW_COMPILE_UNREADABLE ? EXIT_USAGE : EXIT_FOUND;
    if (status != AW_COMPILE_UNREADABLE && !o.quiet) {
        char line[512];
        aw_import_summary_line(&r.summary, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    aw_import_result_free(&r);
    return code;
}
