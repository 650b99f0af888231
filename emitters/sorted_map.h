/* Map entries in key order, for canonical output. */
#ifndef AW_SORTED_MAP_H
#define AW_SORTED_MAP_H

#include "../ir/ir.h"

/* Returns a malloc'd copy of the entries sorted by key (NULL when empty);
 * the caller frees it. */
aw_pair *aw_map_sorted(const aw_map *map);

#endif
