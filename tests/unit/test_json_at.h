/* Reading built documents in tests: a value of a jansson tree by a path of
 * members separated by '|' (JSON keys hold '/'), array items by index. */
#ifndef AW_TEST_JSON_AT_H
#define AW_TEST_JSON_AT_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NULL when any step of the path is missing. */
static inline json_t *aw_test_json_at(json_t *root, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *v = root;
    char *save = NULL;
    for (char *part = strtok_r(buf, "|", &save); part && v; part = strtok_r(NULL, "|", &save))
        v = json_is_array(v) ? json_array_get(v, (size_t)strtoul(part, NULL, 10)) : json_object_get(v, part);
    return v;
}

#endif
