/* Numeric fields given by a deploy-time Number parameter ("${param:NAME}"
 * where a number goes): each takes the parameter's value, so that every
 * later check, the simulator and the cost model judge a number. */
#ifndef AW_RESOLVE_NUM_PARAMS_H
#define AW_RESOLVE_NUM_PARAMS_H

#include "../ir/ir.h"
#include "diag.h"

/* Gives each numeric field bound to a parameter the value values holds for
 * it (parameter name -> value; NULL or empty: none given), else the
 * parameter's default. The parameter must be declared, of type Number,
 * with a default, and its value a number the field's own range allows
 * (whole for integer fields; a duration's in the unit the field names).
 * Reports each failure where the placeholder stands and returns the
 * number of errors. */
size_t aw_resolve_num_params(aw_model *model, const aw_map *values, aw_diags *diags);

#endif
