/* The resolver's pass over deploy-time parameters: each declaration is
 * well formed, each ${param:Name} in an element's string fields names a
 * declared one, and a declared one that nothing uses is pointed out. */
#ifndef AW_RESOLVE_PARAMS_H
#define AW_RESOLVE_PARAMS_H

#include "../ir/ir.h"
#include "diag.h"

/* Returns the errors added (warnings are not counted). */
size_t aw_resolve_params(const aw_model *model, aw_diags *diags);

#endif
