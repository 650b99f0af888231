/* The resolver's checks of a function's deployment settings (code, name,
 * environment, role, policies, VPC): what Lambda or IAM would refuse, and
 * settings that an existing function ignores. */
#ifndef AW_FUNCTION_CHECK_H
#define AW_FUNCTION_CHECK_H

#include <stddef.h>

#include "../ir/ir.h"
#include "diag.h"

/* Reports into diags on the function node; returns the number of errors. */
size_t aw_function_check(aw_diags *diags, const aw_node *node);

#endif
