/* The deployable artifacts of a compiled diagram: one OpenAPI document per
 * HTTP or REST API and one CloudFormation template for the whole diagram.
 * What the emitters cannot express becomes diagnostics of the compilation.
 * Shared by `archway build` and the canvas server. */
#ifndef AW_ARTIFACTS_H
#define AW_ARTIFACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "lint.h"

typedef struct aw_artifact {
    char *name;                 /* file name, e.g. "orders-api.openapi.json" */
    char *data;                 /* malloc'd bytes, NUL-terminated */
    size_t len;
} aw_artifact;

typedef struct aw_artifacts {
    aw_artifact *items;         /* malloc'd; in a stable order */
    size_t count;
} aw_artifacts;

/* Emits every artifact of a compilation without errors (the caller has
 * linted it as it sees fit). Diagnostics of what cannot be deployed as
 * drawn are added to c->diags (code "not-deployable": errors; "deploy-approximation":
 * warnings; "deploy-note": notes), sorted, and c->status updated. Returns
 * whether no error was added; the artifacts are filled either way. Free
 * them with aw_artifacts_free(). */
bool aw_artifacts_build(aw_compilation *c, aw_artifacts *out);
/* What `archway build` does after a clean compile: lints c (cfg as for
 * aw_lint_run) while the emitters write on other threads, so the two
 * overlap. The build is kept only when the lint allows it (no errors, and
 * no warnings with werror) and the diagram deploys as drawn; when the lint
 * forbids it, out stays empty and no emitter's diagnostic is added, as if
 * the build had not run. Returns whether out holds the build. */
bool aw_artifacts_build_linted(aw_compilation *c, const aw_lint_config *cfg, bool werror, aw_artifacts *out);
void aw_artifacts_free(aw_artifacts *a);
/* Appends a file: name is copied, data (malloc'd) becomes the list's. */
void aw_artifacts_add(aw_artifacts *out, const char *name, char *data, size_t len);

#endif
