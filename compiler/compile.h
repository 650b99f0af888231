/* The compile driver: reads a diagram (file, stdin or memory), picks the
 * front end, builds and resolves the model. This is the library entry
 * point the CLI and the canvas server share. */
#ifndef AW_COMPILE_H
#define AW_COMPILE_H

#include <stddef.h>

#include "../ir/ir.h"
#include "diag.h"

typedef enum aw_spelling {
    AW_SPELLING_AUTO,   /* by file extension, else by the first character */
    AW_SPELLING_JSON,
    AW_SPELLING_XML,
} aw_spelling;

typedef enum aw_compile_status {
    AW_COMPILE_OK,          /* no errors (warnings possible) */
    AW_COMPILE_ERRORS,      /* diagnostics with errors; the model is partial */
    AW_COMPILE_UNREADABLE,  /* the input could not be read at all */
} aw_compile_status;

/* A compile: the model plus its diagnostics, both in the model's arena. */
typedef struct aw_compilation {
    aw_model *model;
    aw_diags diags;
    aw_compile_status status;
} aw_compilation;

/* Compiles text held in memory; name is used in locations. The text is
 * copied into the model's arena. Returns the status; free the
 * compilation with aw_compilation_free() in every case. */
aw_compile_status aw_compile_buffer(aw_compilation *c, const char *name, const char *text, size_t len,
                                    aw_spelling spelling);
/* Compiles a file; "-" reads standard input. */
aw_compile_status aw_compile_file(aw_compilation *c, const char *path, aw_spelling spelling);
void aw_compilation_free(aw_compilation *c);

#endif
