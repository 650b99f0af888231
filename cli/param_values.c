/* --param NAME=VALUE (param_values.h). */
#include "param_values.h"

#include <stdlib.h>
#include <string.h>

bool aw_cli_param_add(aw_map *values, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return false;
    size_t len = (size_t)(eq - arg);
    for (size_t i = 0; i < values->count; i++)
        if (strlen(values->items[i].key) == len && strncmp(values->items[i].key, arg, len) == 0)
            return false;
    aw_pair *items = realloc(values->items, (values->count + 1) * sizeof *items);
    char *name = malloc(len + 1);
    if (!items || !name)
        abort();
    memcpy(name, arg, len);
    name[len] = '\0';
    values->items = items;
    values->items[values->count++] = (aw_pair){.key = name, .value = eq + 1};
    return true;
}

void aw_cli_params_free(aw_map *values)
{
    for (size_t i = 0; i < values->count; i++)
        free((char *)values->items[i].key);
    free(values->items);
    values->items = NULL;
    values->count = 0;
}
