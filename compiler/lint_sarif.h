/* SARIF 2.1.0 output of `archway check`: the diagnostics of one or more
 * compiles as one log, so that code-review tools show the findings. */
#ifndef AW_LINT_SARIF_H
#define AW_LINT_SARIF_H

#include <stdbool.h>
#include <stddef.h>

#include "../ir/strbuf.h"
#include "diag.h"

/* One input of the log and what its compile (and lint run) found. */
typedef struct aw_sarif_input {
    const char *path;           /* as given to aw_compile_file(); "-" is standard input */
    const aw_diags *diags;      /* sorted; every one of them is about this input */
} aw_sarif_input;

/* One check of several inputs, written as one SARIF run. */
typedef struct aw_sarif_run {
    const aw_sarif_input *inputs;
    size_t input_count;
    /* Absolute directory that relative paths start from (the working
     * directory): the log's %SRCROOT%. NULL if unknown: the log then leaves
     * it to the reader to say where %SRCROOT% is. */
    const char *base_dir;
    int exit_code;              /* the exit status the check ends with */
    bool successful;            /* every input was read and checked */
} aw_sarif_run;

/* Appends the log to out (caller-owned): the whole rule catalogue, a
 * descriptor for each compiler diagnostic code that occurs, an artifact per
 * input, and a result per diagnostic, suppressed findings included with
 * their justification. The same run gives the same bytes. */
void aw_sarif_write(const aw_sarif_run *run, aw_strbuf *out);

#endif
