/* Emitters: each writes one output format from the IR alone. Output goes
 * into a caller-owned aw_strbuf; the same model always gives the same bytes. */
#ifndef AW_EMITTERS_H
#define AW_EMITTERS_H

#include <stdbool.h>

#include "../ir/ir.h"
#include "../ir/strbuf.h"

/* The diagram in canonical JSON: the format's field order, defaults filled
 * in, maps sorted by key, unset values left out. With locations, every
 * object carries a "$location" member (file, line, column, path). */
void aw_emit_json(const aw_model *model, aw_strbuf *out, bool locations);

/* The same diagram in the XML spelling (no locations). */
void aw_emit_xml(const aw_model *model, aw_strbuf *out);

/* The simulation model (docs/simulation-format.md) as JSON; false when
 * out of memory. */
bool aw_emit_sim_input(const aw_model *model, aw_strbuf *out);

/* Where deployment emitters report what their target cannot express (the
 * caller turns each report into a diagnostic); nothing is dropped silently. */
typedef enum aw_emit_severity {
    AW_EMIT_NOTE,       /* left to another stack, by design */
    AW_EMIT_WARNING,    /* expressed approximately */
    AW_EMIT_ERROR,      /* lost: the deployment would lack it */
} aw_emit_severity;

/* node is NULL for a report about the diagram as a whole. */
typedef struct aw_emit_sink {
    void (*report)(void *ctx, aw_emit_severity severity, const aw_node *node, const aw_loc *loc,
                   const char *message);
    void *ctx;
} aw_emit_sink;

/* What the deployment emitters share about one model: logical ids and
 * indexes of each API's parts, made once however many documents are
 * written, and safe to share between threads that emit documents at the
 * same time. The model must outlive it. */
typedef struct aw_deploy aw_deploy;

aw_deploy *aw_deploy_new(const aw_model *model);
void aw_deploy_delete(aw_deploy *d);

/* OpenAPI 3.0 document of one HTTP or REST API with the API Gateway
 * extensions, in the form `import-api` / `import-rest-api` take. Values
 * known only at deploy time are ${...} placeholders in Fn::Sub syntax.
 * What it cannot express goes to sink. */
void aw_emit_openapi(const aw_deploy *d, const aw_node *api, aw_strbuf *out, const aw_emit_sink *sink);

/* Files written beside a document: each name (malloc'd) and text. The
 * caller owns them; aw_emit_files_free() releases them. */
typedef struct aw_emit_file {
    char *name;
    aw_strbuf text;
} aw_emit_file;

typedef struct aw_emit_files {
    aw_emit_file *items;
    size_t count;
} aw_emit_files;

void aw_emit_files_free(aw_emit_files *files);

/* One CloudFormation template (JSON) that deploys every API of the diagram
 * with the functions, VPC links and log groups it defines. When it would
 * break a limit of one stack and children is not NULL, out holds a root
 * template of nested stacks instead, and children the templates of those
 * stacks ("template-partN.json", to be written beside it); with children
 * NULL, the limits broken are reported. */
void aw_emit_cloudformation(const aw_deploy *d, aw_strbuf *out, aw_emit_files *children, const aw_emit_sink *sink);

#endif
