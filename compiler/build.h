/* The model builder: maps a document tree from either spelling onto the IR
 * through the field tables (ir_fields.h). */
#ifndef AW_BUILD_H
#define AW_BUILD_H

#include "../ir/ir.h"
#include "diag.h"
#include "doc.h"

/* Fills the empty model from the tree: every field typed, defaults from the
 * tables filled in, references left unresolved (ids only). Reports wrong
 * types, unknown or duplicate fields, missing required fields and values
 * out of range; returns the number of errors it added. The tree and the
 * model should share the model's arena: strings are not copied. */
size_t aw_build_model(aw_model *model, const aw_doc *root, aw_diags *diags);

#endif
