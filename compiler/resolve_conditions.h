/* The resolver's pass over deploy-time conditions: each declaration is
 * well formed and free of cycles, each element's 'condition' and each
 * ${if:NAME} names a declared one, and an element deployed always never
 * depends on one deployed under a condition (CloudFormation refuses the
 * reference), nor one under another condition. */
#ifndef AW_RESOLVE_CONDITIONS_H
#define AW_RESOLVE_CONDITIONS_H

#include "../ir/ir.h"
#include "diag.h"

/* Returns the errors added (warnings are not counted). */
size_t aw_resolve_conditions(const aw_model *model, aw_diags *diags);

#endif
