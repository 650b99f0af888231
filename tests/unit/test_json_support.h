/* What the tests of built documents share: an artifact parsed as JSON, and
 * a value found in it by a path. Header-only, static inline, as
 * test_support.h. */
#ifndef AW_TEST_JSON_SUPPORT_H
#define AW_TEST_JSON_SUPPORT_H

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/artifacts.h"

/* The artifact's bytes as JSON (the caller owns the value); fails the test
 * when they are not JSON. */
static inline json_t *aw_test_json_parse(const aw_artifact *a)
{
    json_error_t err;
    json_t *doc = json_loadb(a->data, a->len, 0, &err);
    ck_assert_msg(doc, "%s is not JSON: %s (line %d)", a->name, err.text, err.line);
    return doc;
}

/* The template (template.json) and the first OpenAPI document of a build,
 * parsed; either is left NULL when the build wrote none. */
static inline void aw_test_json_documents(const aw_artifacts *arts, json_t **template, json_t **openapi)
{
    for (size_t i = 0; i < arts->count; i++) {
        const aw_artifact *a = &arts->items[i];
        if (strcmp(a->name, "template.json") == 0)
            *template = aw_test_json_parse(a);
        else if (!*openapi && strstr(a->name, ".openapi.json"))
            *openapi = aw_test_json_parse(a);
    }
}

/* A value by path: members separated by '|' (JSON keys hold '/'), array
 * items by their index; NULL when there is none. */
static inline json_t *aw_test_json_at(json_t *root, const char *path)
{
    char *buf = strdup(path);       /* whole: a test may look up a key of any length */
    ck_assert_ptr_nonnull(buf);
    json_t *v = root;
    char *save = NULL;
    for (char *part = strtok_r(buf, "|", &save); part && v; part = strtok_r(NULL, "|", &save))
        v = json_is_array(v) ? json_array_get(v, (size_t)strtoul(part, NULL, 10)) : json_object_get(v, part);
    free(buf);
    return v;
}

#endif
