/* The IR verifier: walks a resolved model and counts broken invariants.
 * Tests and debug builds run it after every compile. */
#ifndef AW_IR_CHECK_H
#define AW_IR_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "ir.h"

/* Returns the number of problems found; describes each on out (may be NULL). */
size_t aw_model_check(const aw_model *model, FILE *out);

#endif
