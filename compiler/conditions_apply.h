/* One deployment of a diagram with conditions, for the commands that judge
 * what runs (check's lint, simulate, cost) rather than what may be deployed
 * (build): the parameters take their defaults or the values given
 * (--param NAME=VALUE), and the elements whose condition is then false are
 * left out of the model, with a note saying which values were assumed. */
#ifndef AW_CONDITIONS_APPLY_H
#define AW_CONDITIONS_APPLY_H

#include "../ir/ir.h"
#include "compile.h"

/* Checks values (parameter name -> value; may be empty) against the
 * diagram's parameters and, when they fit, leaves out of c's model every
 * element whose condition is false (and the edges that touch one), and
 * notes what was assumed. A value for no declared parameter, or one its
 * allowedValues do not hold, is an error in c (status AW_COMPILE_ERRORS).
 * Nothing happens to a diagram without conditions and values. Call it only
 * on a compile without errors; it reuses the model's arena. */
void aw_conditions_apply(aw_compilation *c, const aw_map *values);

#endif
