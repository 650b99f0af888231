/* What `build` keeps of a diagram's design facts in its template's Archway
 * metadata (docs/import.md): ids and only what no property says, the rest
 * of the diagram at template level, and never a new deployment or Lambda
 * version for a changed design fact. */
#include <stdio.h>
#include <stdlib.h>

#include "test_build_support.h"
#include "../../emitters/design_meta.h"

static char *S_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* text with the first `from` replaced by `to` (which must be there). */
static char *S_replace(char *text, const char *from, const char *to)
{
    char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "no %s", from);
    size_t head = (size_t)(at - text), n = strlen(text) - head - strlen(from);
    char *out = malloc(head + strlen(to) + n + 1);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcpy(out + head + strlen(to), at + strlen(from));
    free(text);
    return out;
}

/* The template a diagram builds into (owned by the caller). */
static json_t *S_template(const char *text)
{
    aw_test_built b = {0};
    b.compiled = true;
    ck_assert_int_eq(aw_compile_buffer(&b.c, "t.json", text, strlen(text), AW_SPELLING_JSON), AW_COMPILE_OK);
    bool ok = aw_artifacts_build(&b.c, &b.artifacts);
    if (!ok)
        aw_test_dump_diags(&b.c.diags);
    ck_assert(ok);
    aw_test_json_documents(&b.artifacts, &b.template, &b.openapi);
    json_t *t = json_incref(b.template);
    aw_test_built_free(&b);
    return t;
}

static void S_same_logical_ids(json_t *a, json_t *b)
{
    json_t *ra = json_object_get(a, "Resources"), *rb = json_object_get(b, "Resources");
    const char *key;
    json_t *value;
    ck_assert_uint_eq(json_object_size(ra), json_object_size(rb));
    json_object_foreach (ra, key, value)
        ck_assert_msg(json_object_get(rb, key) != NULL, "resource %s is another after a design change", key);
}

START_TEST(test_a_design_fact_publishes_no_new_version_or_deployment)
{
    /* A Lambda version (provisioned concurrency) and an HTTP API
     * deployment (a stage without autoDeploy); then a REST deployment. */
    char *http = S_replace(S_read("samples/bff-http-jwt.json"), "\"autoDeploy\": true", "\"autoDeploy\": false");
    char *http2 = S_replace(S_replace(strdup(http), "\"coldStart\": \"420ms\"", "\"coldStart\": \"430ms\""),
                            "\"x\": 340", "\"x\": 360");
    json_t *a = S_template(http), *b = S_template(http2);
    ck_assert(!json_equal(a, b));       /* the metadata says what changed */
    S_same_logical_ids(a, b);
    json_decref(a);
    json_decref(b);
    char *rest = S_read("samples/health-mocks.json");
    char *rest2 = S_replace(strdup(rest), "\"p50\": \"40ms\"", "\"p50\": \"45ms\"");
    a = S_template(rest);
    b = S_template(rest2);
    ck_assert(!json_equal(a, b));
    S_same_logical_ids(a, b);
    json_decref(a);
    json_decref(b);
    free(http);
    free(http2);
    free(rest);
    free(rest2);
}
END_TEST

START_TEST(test_metadata_holds_ids_and_only_what_no_property_says)
{
    char *text = S_read("samples/bff-http-jwt.json");
    json_t *t = S_template(text);
    json_t *fn = aw_test_json_at(t, "Resources|CartFunction|Metadata|Archway");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "id")), "cart-fn");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "coldStart")), "450ms");
    /* MemorySize says the memory; the metadata does not say it again. */
    ck_assert_ptr_nonnull(aw_test_json_at(t, "Resources|CartFunction|Properties|MemorySize"));
    ck_assert_ptr_null(json_object_get(fn, "memory"));
    /* Only the resource that carries the element holds its metadata. */
    ck_assert_ptr_null(aw_test_json_at(t, "Resources|CartRole|Metadata"));
    json_t *top = aw_test_json_at(t, "Metadata|Archway");
    ck_assert_int_eq(json_integer_value(json_object_get(top, "version")), 1);
    size_t clients = 0;
    json_t *e;
    size_t i;
    json_array_foreach (json_object_get(top, "elements"), i, e)
        clients += strcmp(json_string_value(json_object_get(e, "kind")), "client") == 0;
    ck_assert_uint_eq(clients, 2);
    json_decref(t);
    free(text);
}
END_TEST

/* The hash that names deployments and versions leaves out the metadata
 * members, each a line of its own with the comma before it, and nothing
 * else: the same keys inside a string, or words with a 'w' in them, count. */
START_TEST(test_the_deployment_hash_skips_exactly_the_metadata_lines)
{
    static const char with[] = "{\n  \"Type\": \"AWS::Lambda::Function\",\n"
                               "  \"Metadata\": {\"Archway\": {\"id\": \"fn\"}},\n"
                               "  \"Properties\": {\n    \"Handler\": \"x-archway-route.how\",\n"
                               "    \"x-archway-route\": {\"id\": \"r\"}\n  }\n}";
    static const char without[] = "{\n  \"Type\": \"AWS::Lambda::Function\"\n"
                                  "  \"Properties\": {\n    \"Handler\": \"x-archway-route.how\"\n  }\n}";
    uint64_t h = aw_design_meta_hash(AW_DEPLOY_HASH_SEED, with, sizeof with - 1);
    ck_assert_uint_eq(h, aw_text_hash_of(without, sizeof without - 1));
    /* a key that does not start its line is text like any other */
    static const char inline_key[] = "{\"a\": 1, \"x-archway-route\": {}}";
    ck_assert_uint_eq(aw_design_meta_hash(AW_DEPLOY_HASH_SEED, inline_key, sizeof inline_key - 1),
                      aw_text_hash_of(inline_key, sizeof inline_key - 1));
    static const char other[] = "{\n  \"x-amazon-apigateway-gateway-responses\": {\"www\": \"hway\"}\n}";
    ck_assert_uint_eq(aw_design_meta_hash(AW_DEPLOY_HASH_SEED, other, sizeof other - 1),
                      aw_text_hash_of(other, sizeof other - 1));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("design_meta");
    TCase *tc = aw_test_tcase(s, "metadata", NULL, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_design_fact_publishes_no_new_version_or_deployment);
    tcase_add_test(tc, test_metadata_holds_ids_and_only_what_no_property_says);
    tcase_add_test(tc, test_the_deployment_hash_skips_exactly_the_metadata_lines);
    return s;
}

AW_TEST_MAIN(S_suite)
