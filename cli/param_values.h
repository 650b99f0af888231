/* --param NAME=VALUE, as check, cost and simulate take it: the value a
 * diagram parameter has for the run, in place of its default. */
#ifndef AW_CLI_PARAM_VALUES_H
#define AW_CLI_PARAM_VALUES_H

#include <stdbool.h>

#include "../ir/ir.h"

/* Adds NAME=VALUE to values (items malloc'd, pointing into arg, which
 * must outlive them); false when arg has no '=' or an empty name, or
 * names a parameter given before. */
bool aw_cli_param_add(aw_map *values, const char *arg);
/* Frees what aw_cli_param_add allocated. */
void aw_cli_params_free(aw_map *values);

#endif
