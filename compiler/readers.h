/* Front ends: each turns the bytes of one diagram spelling into a document
 * tree (doc.h). On failure they add diagnostics and return NULL; they never
 * print. The text need not be NUL-terminated and must outlive the tree. */
#ifndef AW_READERS_H
#define AW_READERS_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

aw_doc *aw_json_read(aw_arena *arena, aw_diags *diags, const char *file,
                     const char *text, size_t len);
aw_doc *aw_xml_read(aw_arena *arena, aw_diags *diags, const char *file,
                    const char *text, size_t len);

/* The XML Schema of diagram format version 1, generated from the field
 * tables (ir_fields.h). The returned text is static; do not free it. */
const char *aw_xsd_text(void);
/* The JSON Schema (draft 2020-12) of the same format; static text. */
const char *aw_json_schema_text(void);

#endif
