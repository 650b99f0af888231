/* The diagram's conditions: finding one by name and its value once the
 * parameters have values (their defaults, or values given for a run), so
 * that check, simulate and cost see one deployment of the diagram. */
#ifndef AW_CONDITIONS_H
#define AW_CONDITIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

const aw_condition *aw_condition_find(const aw_model *model, const char *name, size_t len);

/* The value of the condition: 1 true, 0 false, -1 unknown (a parameter it
 * reads has no default and `values` gives none, or the name is unknown).
 * values maps parameter names to the values that replace their defaults;
 * may be NULL. Conditions form no cycle once resolved; a cycle reads as
 * unknown all the same. */
int aw_condition_value(const aw_model *model, const char *name, const aw_map *values);

/* Whether node is deployed with those values: true without a condition,
 * or when its condition is not known to be false. */
bool aw_node_deployed(const aw_model *model, const aw_node *node, const aw_map *values);

#endif
