/* The resolver's pass over what API Gateway maps between a method and its
 * integration: parameter mappings, declared request parameters, integration
 * and gateway responses. Each expression is checked against the forms API
 * Gateway accepts, so that a typo fails here with its location rather than
 * at deploy time. */
#ifndef AW_RESOLVE_MAPPINGS_H
#define AW_RESOLVE_MAPPINGS_H

#include "../ir/ir.h"
#include "diag.h"

/* Runs after references and owners are resolved; returns the errors added. */
size_t aw_resolve_mappings(const aw_model *model, aw_diags *diags);

#endif
