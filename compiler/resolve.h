/* The resolver: turns a built model into a resolved one. It checks ids and
 * references (resolving them to pointers), duplicate routes and stages,
 * path syntax, which fields fit which variant of a node, which elements fit
 * which API type, edges and call cycles, and fills the defaults that depend
 * on the API type. */
#ifndef AW_RESOLVE_H
#define AW_RESOLVE_H

#include "../ir/ir.h"
#include "diag.h"

/* Returns the number of errors it added. Safe on a model with build
 * errors: unresolvable references stay NULL. */
size_t aw_resolve_model(aw_model *model, aw_diags *diags);

#endif
