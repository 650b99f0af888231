/* Checking a diagram body for the server: the compile and lint the command
 * line runs (compiler/compile.c, compiler/lint.c), with the findings as JSON
 * for the store and the canvas. */
#ifndef AW_CHECKING_H
#define AW_CHECKING_H

#include <stdbool.h>
#include <stddef.h>

#include "../compiler/compile.h"
#include "../ir/strbuf.h"

typedef struct aw_checked {
    aw_compilation c;
    aw_strbuf findings;         /* aw_diags_write_json() of every diagnostic */
    bool readable;              /* false: not well-formed JSON or XML at all */
    const char *format;         /* "json" or "xml" */
    const char *name;           /* the diagram's name, or fallback; in c's arena or static */
    double seconds;             /* compile and lint time */
} aw_checked;

/* Checks text (JSON, or XML when it starts with '<') named file_name in
 * locations; name_fallback names a diagram that gives itself no name.
 * Free with aw_checked_free() in every case. */
void aw_check_text(aw_checked *out, const char *file_name, const char *text, size_t len, const char *name_fallback);
void aw_checked_free(aw_checked *k);

#endif
