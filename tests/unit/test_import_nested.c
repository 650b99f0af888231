/* archway import of an estate cut into nested stacks: the root template,
 * its parts followed, gives the model the same estate gives as one
 * template, element for element, function ARNs passed in bundles (lists
 * picked from with Fn::Select) included; the parts stay where the root
 * is. */
#define _XOPEN_SOURCE 700   /* mkdtemp */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "test_support.h"
#include "../../bench/gen_estate.h"
#include "../../importer/import.h"

#define ROUTES 400

static char dir[1024];
static size_t parts;

/* A fresh directory under the system's temporary one, the estate in it. */
static void S_setup(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/archway-nested-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert(aw_bench_write_estate(dir, ROUTES, &parts));
}

static void S_teardown(void)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* The canonical JSON of the import of dir/name, without positions. */
static char *S_import_ir(const char *name, aw_import_result *r)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    aw_import_options options = {.no_layout = true};
    aw_compile_status st = aw_import_file(r, path, &options);
    if (st != AW_COMPILE_OK)
        aw_test_dump_diags(&r->diags);
    ck_assert_int_eq(st, AW_COMPILE_OK);
    aw_strbuf out = AW_STRBUF_INIT;
    aw_emit_json(r->model, &out, false);
    return out.data;
}

/* The model's elements by id: the parts hold them in another order. */
static json_t *S_by_id(const char *ir)
{
    json_error_t err;
    json_t *doc = json_loads(ir, 0, &err);
    ck_assert_ptr_nonnull(doc);
    json_t *nodes = json_object_get(doc, "nodes"), *by_id = json_object(), *node;
    size_t i;
    json_array_foreach(nodes, i, node)
        json_object_set(by_id, json_string_value(json_object_get(node, "id")), node);
    json_object_set_new(doc, "nodes", by_id);
    return doc;
}

/* How many times the parts pick a value from a bundle. */
static size_t S_picks(void)
{
    size_t picks = 0;
    for (size_t k = 1; k <= parts; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/template-part%zu.json", dir, k);
        json_error_t err;
        json_t *t = json_load_file(path, 0, &err);
        ck_assert_ptr_nonnull(t);
        char *text = json_dumps(t, JSON_COMPACT);
        for (const char *p = text; (p = strstr(p, "\"Fn::Select\"")); p++)
            picks++;
        free(text);
        json_decref(t);
    }
    return picks;
}

START_TEST(split_estate_imports_as_the_unsplit_one)
{
    ck_assert_uint_ge(parts, 2);
    ck_assert_uint_gt(S_picks(), 100);
    aw_import_result split, flat;
    char *a = S_import_ir("template.json", &split);
    char *b = S_import_ir("flat.json", &flat);
    json_t *x = S_by_id(a), *y = S_by_id(b);
    const char *id;
    json_t *node;
    json_object_foreach(json_object_get(x, "nodes"), id, node)
        ck_assert_msg(json_equal(node, json_object_get(json_object_get(y, "nodes"), id)),
                      "element %s differs from the unsplit import's", id);
    ck_assert_msg(json_equal(x, y), "%s", "the diagrams differ beside their elements");
    ck_assert_uint_eq(split.summary.nodes, flat.summary.nodes);
    ck_assert_uint_ge(split.summary.nodes, ROUTES);
    json_decref(x);
    json_decref(y);
    free(a);
    free(b);
    aw_import_result_free(&split);
    aw_import_result_free(&flat);
}
END_TEST

START_TEST(every_part_is_noted_as_followed)
{
    aw_import_result r;
    free(S_import_ir("template.json", &r));
    size_t followed = 0;
    for (size_t i = 0; i < r.diags.count; i++)
        followed += strcmp(r.diags.items[i].code, "AW-IMPORT-005") == 0 &&
                    strstr(r.diags.items[i].message, "nested stack") != NULL;
    ck_assert_uint_eq(followed, parts);
    aw_import_result_free(&r);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("import nested stacks");
    TCase *tc = tcase_create("estate");
    tcase_add_checked_fixture(tc, S_setup, S_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, split_estate_imports_as_the_unsplit_one);
    tcase_add_test(tc, every_part_is_noted_as_followed);
    suite_add_tcase(s, tc);
    return s;
}

AW_TEST_MAIN(S_suite)
