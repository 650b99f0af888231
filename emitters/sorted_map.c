/* Map entries in key order, so that canonical output does not depend on
 * the order a diagram happened to list them in. */
#include "sorted_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_compare(const void *a, const void *b)
{
    return strcmp(((const aw_pair *)a)->key, ((const aw_pair *)b)->key);
}

aw_pair *aw_map_sorted(const aw_map *map)
{
    if (map->count == 0)
        return NULL;
    aw_pair *copy = malloc(map->count * sizeof *copy);
    if (!copy) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    memcpy(copy, map->items, map->count * sizeof *copy);
    qsort(copy, map->count, sizeof *copy, S_compare);
    return copy;
}
