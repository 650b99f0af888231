/* The resolver's pass over ${ref:ID.ATTR} references inside string fields:
 * each names an element of the diagram and an attribute it offers, and
 * stands in a field whose emitters resolve it. */
#ifndef AW_RESOLVE_TEXT_REFS_H
#define AW_RESOLVE_TEXT_REFS_H

#include "../ir/ir.h"
#include "diag.h"

/* Runs after the id index is built; returns the errors added. */
size_t aw_resolve_text_refs(const aw_model *model, aw_diags *diags);

#endif
