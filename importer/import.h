/* archway import: a CloudFormation or SAM template, or an OpenAPI 3.0 /
 * Swagger 2.0 document with API Gateway's extensions, read into a diagram.
 * The library entry the CLI (and a server) call; nothing here prints. */
#ifndef AW_IMPORT_H
#define AW_IMPORT_H

#include <stddef.h>

#include "../compiler/compile.h"

typedef struct aw_import_summary {
    const char *input_kind;     /* "CloudFormation template", "SAM template",
                                 * "OpenAPI 3.0 document", "Swagger 2.0 document" */
    size_t resources;           /* template resources read */
    size_t imported;            /* ... carried whole (or made again by build) */
    size_t partly;              /* ... carried with properties left out */
    size_t skipped;             /* ... with no element in the format */
    size_t operations;          /* OpenAPI operations read */
    size_t unmapped;            /* properties, sections and extensions left out */
    size_t nodes, edges;        /* what the diagram holds */
} aw_import_summary;

/* An import: the diagram's model (resolved, with canvas positions), its
 * diagnostics (what was left out, located in the input) and the summary,
 * all in the model's arena. */
typedef struct aw_import_result {
    aw_model *model;
    aw_diags diags;
    aw_import_summary summary;
    aw_compile_status status;   /* UNREADABLE: the input could not be read or
                                 * parsed; ERRORS: the diagram it gives does
                                 * not compile; OK otherwise (warnings say
                                 * what was left out) */
} aw_import_result;

typedef struct aw_import_options {
    /* Runtime of the Lambda functions the input names only by ARN (it does
     * not say theirs, and the format needs one); NULL: such a function is
     * an error that asks for this option. */
    const char *external_runtime;
    /* Leave the canvas positions out (no Graphviz layout), which is most
     * of an import's time on a large API. */
    bool no_layout;
} aw_import_options;

/* Imports the file ("-" reads standard input; includes are then refused);
 * options may be NULL. Free the result with aw_import_result_free() in
 * every case. */
aw_compile_status aw_import_file(aw_import_result *r, const char *path, const aw_import_options *options);
/* The same for text in memory named name (copied; includes are refused). */
aw_compile_status aw_import_buffer(aw_import_result *r, const char *name, const char *text, size_t len,
                                   const aw_import_options *options);
void aw_import_result_free(aw_import_result *r);

/* The summary as one line: "SAM template: 12 resources (9 imported, 2 in
 * part, 1 not), 14 operations; 5 things left out; diagram of 23 elements
 * and 2 edges". Static-free: written into buf of size n. */
void aw_import_summary_line(const aw_import_summary *s, char *buf, size_t n);

#endif
