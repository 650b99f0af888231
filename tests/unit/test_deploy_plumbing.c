/* The deployment emitters' plumbing: the JSON writer's layout, strings in
 * Fn::Sub syntax (escaping, Ref and GetAtt for lone placeholders), and
 * logical ids derived from diagram ids, and the hash deployments are named
 * after. */
#include "test_support.h"
#include "../../compiler/artifacts.h"
#include "../../emitters/deploy.h"

#include <jansson.h>

static char *S_written(void (*body)(aw_jw *w))
{
    aw_strbuf out = AW_STRBUF_INIT;
    aw_jw w;
    aw_jw_init(&w, &out);
    body(&w);
    aw_jw_finish(&w);
    return aw_strbuf_detach(&out, NULL);
}

static void S_nested(aw_jw *w)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "a", "x\"y");
    aw_jw_key(w, "empty");
    aw_jw_array(w);
    aw_jw_end_array(w);
    aw_jw_key(w, "ref");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "Ref", "X");
    aw_jw_end_object(w);
    aw_jw_key(w, "list");
    aw_jw_array_inline(w);
    aw_jw_int(w, 1);
    aw_jw_object_inline(w);
    aw_jw_member_bool(w, "b", true);
    aw_jw_end_object(w);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

/* The hash of a text is the same whatever pieces it is fed in, and any
 * changed, added or removed byte changes it; its value is pinned, so that
 * a deployment keeps its name from one machine or release to the next. */
static uint64_t S_hash_in_pieces(const char *text, size_t piece)
{
    aw_text_hash h;
    aw_text_hash_init(&h, AW_DEPLOY_HASH_SEED);
    size_t len = strlen(text);
    for (size_t at = 0; at < len; at += piece)
        aw_text_hash_add(&h, text + at, len - at < piece ? len - at : piece);
    return aw_text_hash_end(&h);
}

START_TEST(test_text_hash_whatever_the_pieces)
{
    static const char text[] = "{\"openapi\": \"3.0.1\", \"paths\": {\"/orders/{id}\": {\"get\": {}}}}";
    uint64_t whole = S_hash_in_pieces(text, sizeof text);
    for (size_t piece = 1; piece < sizeof text; piece++)
        ck_assert_uint_eq(S_hash_in_pieces(text, piece), whole);
    ck_assert_uint_eq(whole, 0x80592bff9254b427ULL);
    char changed[sizeof text];
    for (size_t i = 0; i + 1 < sizeof text; i++) {
        memcpy(changed, text, sizeof text);
        changed[i] ^= 0x20;
        ck_assert_uint_ne(S_hash_in_pieces(changed, 7), whole);
        changed[i] = '\0';     /* a shorter text, every byte before the same */
        ck_assert_uint_ne(S_hash_in_pieces(changed, 3), whole);
    }
    ck_assert_uint_ne(S_hash_in_pieces("", 1), S_hash_in_pieces(" ", 1));
}
END_TEST

START_TEST(test_writer_layout)
{
    char *text = S_written(S_nested);
    ck_assert_str_eq(text, "{\n  \"a\": \"x\\\"y\",\n  \"empty\": [],\n  \"ref\": {\"Ref\": \"X\"},\n"
                           "  \"list\": [1, {\"b\": true}]\n}\n");
    free(text);
}
END_TEST

/* A value written apart at the depth where it will stand splices in as if
 * written in place. */
START_TEST(test_writer_splice_at_depth)
{
    aw_strbuf part = AW_STRBUF_INIT, out = AW_STRBUF_INIT;
    aw_jw pw, w;
    aw_jw_init_at(&pw, &part, 1);
    aw_jw_object(&pw);
    aw_jw_member_int(&pw, "n", 2);
    aw_jw_end_object(&pw);
    aw_jw_init(&w, &out);
    aw_jw_object(&w);
    aw_jw_key(&w, "inner");
    aw_jw_raw_value(&w, part.data, part.len);
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
    ck_assert_str_eq(out.data, "{\n  \"inner\": {\n    \"n\": 2\n  }\n}\n");
    aw_strbuf_free(&part);
    aw_strbuf_free(&out);
}
END_TEST

static aw_deploy S_context(bool in_template)
{
    aw_deploy d;
    memset(&d, 0, sizeof d);
    d.in_template = in_template;
    return d;
}

static char *S_subst_written(aw_deploy *d, aw_subst *s)
{
    aw_strbuf out = AW_STRBUF_INIT;
    aw_jw w;
    aw_jw_init(&w, &out);
    aw_deploy_write_subst(d, &w, s);
    return aw_strbuf_detach(&out, NULL);
}

START_TEST(test_subst_escapes_literal_placeholders)
{
    aw_deploy t = S_context(true), doc = S_context(false);
    aw_subst s = AW_SUBST_INIT;
    aw_subst_lit(&s, "http://${stageVariables.host}/");
    aw_subst_ref(&s, "AWS::Region");
    char *text = S_subst_written(&t, &s);
    ck_assert_str_eq(text, "{\"Fn::Sub\": \"http://${!stageVariables.host}/${AWS::Region}\"}");
    free(text);
    /* Without placeholders the text is plain, unescaped, in both modes. */
    aw_subst_lit(&s, "http://${stageVariables.host}/");
    text = S_subst_written(&t, &s);
    ck_assert_str_eq(text, "\"http://${stageVariables.host}/\"");
    free(text);
    aw_subst_lit(&s, "a${!b}");
    text = S_subst_written(&doc, &s);
    ck_assert_str_eq(text, "\"a${!b}\"");
    free(text);
}
END_TEST

START_TEST(test_subst_lone_placeholders_become_ref_and_getatt)
{
    aw_deploy t = S_context(true);
    aw_subst s = AW_SUBST_INIT;
    aw_subst_ref(&s, "OrdersVpcLink");
    char *text = S_subst_written(&t, &s);
    ck_assert_str_eq(text, "{\"Ref\": \"OrdersVpcLink\"}");
    free(text);
    aw_subst_ref(&s, "OrdersFunction.Arn");
    text = S_subst_written(&t, &s);
    ck_assert_str_eq(text, "{\"Fn::GetAtt\": [\"OrdersFunction\", \"Arn\"]}");
    free(text);
    aw_subst_ref(&s, "AWS::Region");
    text = S_subst_written(&t, &s);
    ck_assert_str_eq(text, "{\"Ref\": \"AWS::Region\"}");
    free(text);
    /* In a document of its own, placeholders stay text. */
    aw_deploy doc = S_context(false);
    aw_subst_ref(&s, "OrdersFunction.Arn");
    text = S_subst_written(&doc, &s);
    ck_assert_str_eq(text, "\"${OrdersFunction.Arn}\"");
    free(text);
}
END_TEST

AW_TEST_COMPILE_FIXTURE("ids.json")

START_TEST(test_logical_ids_readable_and_unique_per_kind)
{
    S_compile_clean("{\"archway\": 1, \"name\": \"ids\", \"nodes\": ["
              "{\"kind\": \"api\", \"id\": \"orders-api\", \"type\": \"http\"},"
              "{\"kind\": \"api\", \"id\": \"orders\", \"type\": \"http\"},"
              "{\"kind\": \"function\", \"id\": \"get-order-fn\", \"runtime\": \"nodejs22.x\"},"
              "{\"kind\": \"function\", \"id\": \"9lives\", \"runtime\": \"nodejs22.x\"},"
              "{\"kind\": \"route\", \"id\": \"get-order\", \"api\": \"orders\", \"method\": \"GET\","
              " \"path\": \"/o\", \"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"m\"},"
              "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"lambda\", \"function\": \"9lives\"}]}");
    aw_logical_ids ids;
    aw_logical_ids_init(&ids, comp.model);
    const aw_model *m = comp.model;
    ck_assert_str_eq(aw_logical_id(&ids, aw_model_find(m, "orders-api")), "Orders");
    ck_assert_str_eq(aw_logical_id(&ids, aw_model_find(m, "orders")), "Orders2");
    ck_assert_str_eq(aw_logical_id(&ids, aw_model_find(m, "get-order-fn")), "GetOrder");
    ck_assert_str_eq(aw_logical_id(&ids, aw_model_find(m, "get-order")), "GetOrder");
    ck_assert_str_eq(aw_logical_id(&ids, aw_model_find(m, "9lives")), "N9lives");
    aw_logical_ids_free(&ids);
}
END_TEST

/* Ids of 128 characters (the most a diagram allows) that differ only at
 * the end. */
#define LONG_ID(head, tail) head "-qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" tail
#define LONG_FN_A LONG_ID("balance-fn", "-a")
#define LONG_FN_B LONG_ID("balance-fn", "-b")
#define LONG_API LONG_ID("loyalty-ap", "-i")
#define LONG_DEV LONG_ID("loyalty-de", "-v")
#define LONG_LIVE LONG_ID("loyalty-li", "-v")

static const char *const S_long_ids_diagram =
    "{\"archway\": 1, \"name\": \"ids\", \"nodes\": ["
    "{\"kind\": \"api\", \"id\": \"" LONG_API "\", \"type\": \"rest\", \"endpoint\": \"regional\"},"
    "{\"kind\": \"stage\", \"id\": \"" LONG_DEV "\", \"name\": \"dev\", \"api\": \"" LONG_API "\","
    " \"variables\": {\"alias\": \"dev\"}},"
    "{\"kind\": \"stage\", \"id\": \"" LONG_LIVE "\", \"name\": \"live\", \"api\": \"" LONG_API "\","
    " \"variables\": {\"alias\": \"" LONG_ID("live-alias", "-z") "\"}},"
    "{\"kind\": \"function\", \"id\": \"" LONG_FN_A "\", \"runtime\": \"nodejs22.x\"},"
    "{\"kind\": \"function\", \"id\": \"" LONG_FN_B "\", \"runtime\": \"nodejs22.x\"},"
    "{\"kind\": \"route\", \"id\": \"a\", \"api\": \"" LONG_API "\", \"method\": \"GET\", \"path\": \"/a\","
    " \"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"ia\"},"
    "{\"kind\": \"route\", \"id\": \"b\", \"api\": \"" LONG_API "\", \"method\": \"GET\", \"path\": \"/b\","
    " \"authorizer\": \"none\", \"noneReason\": \"public\", \"integration\": \"ib\"},"
    "{\"kind\": \"integration\", \"id\": \"ia\", \"type\": \"lambda\", \"function\": \"" LONG_FN_A "\","
    " \"alias\": \"${stageVariables.alias}\"},"
    "{\"kind\": \"integration\", \"id\": \"ib\", \"type\": \"lambda\", \"function\": \"" LONG_FN_B "\","
    " \"alias\": \"${stageVariables.alias}\"}]}";

/* The template of a diagram that compiles and builds, parsed. */
static json_t *S_template_of(const char *text)
{
    S_compile(text);
    ck_assert_uint_eq(comp.diags.errors, 0);
    aw_artifacts a;
    ck_assert(aw_artifacts_build(&comp, &a));
    json_t *root = NULL;
    for (size_t i = 0; i < a.count; i++)
        if (strcmp(a.items[i].name, "template.json") == 0)
            root = json_loads(a.items[i].data, 0, NULL);
    aw_artifacts_free(&a);
    ck_assert_ptr_nonnull(root);
    return root;
}

START_TEST(test_long_ids_make_short_stems_that_stay_apart)
{
    S_compile(S_long_ids_diagram);
    aw_logical_ids ids;
    aw_logical_ids_init(&ids, comp.model);
    const char *a = aw_logical_id(&ids, aw_model_find(comp.model, LONG_FN_A));
    const char *b = aw_logical_id(&ids, aw_model_find(comp.model, LONG_FN_B));
    ck_assert_uint_eq(strlen(a), 64);
    ck_assert_uint_eq(strlen(b), 64);
    ck_assert_str_ne(a, b);
    ck_assert(strncmp(a, "BalanceFnQqqq", 13) == 0);    /* still read as the id */
    aw_logical_ids_free(&ids);
}
END_TEST

/* CloudFormation refuses a template whose resource, parameter or output
 * names pass 255 characters; names joined from three long stems did. */
START_TEST(test_long_ids_give_names_cloudformation_takes)
{
    json_t *root = S_template_of(S_long_ids_diagram);
    size_t longest = 0, names = 0;
    static const char *const sections[] = {"Resources", "Parameters", "Outputs", "Conditions"};
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++) {
        const char *name;
        json_t *value;
        json_object_foreach(json_object_get(root, sections[k]), name, value) {
            ck_assert_msg(strlen(name) <= 255, "%s name of %zu characters: %s", sections[k], strlen(name), name);
            longest = strlen(name) > longest ? strlen(name) : longest;
            names++;
        }
    }
    ck_assert_uint_gt(names, 10);
    ck_assert_uint_gt(longest, 128);       /* some names join stems: the test means something */
    json_decref(root);
}
END_TEST

/* An id of 64 characters keeps its stem whole, even the 65 an "N" makes of
 * one that starts with a digit: only longer ids are shortened. */
START_TEST(test_ids_that_fit_keep_their_stems)
{
    char id[65];
    aw_test_fill(id, sizeof id, 'x');
    id[0] = '9';
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_printf(&text, "{\"archway\": 1, \"name\": \"ids\", \"nodes\": ["
                            "{\"kind\": \"function\", \"id\": \"%s\", \"runtime\": \"nodejs22.x\"}]}", id);
    S_compile_clean(text.data);
    aw_logical_ids ids;
    aw_logical_ids_init(&ids, comp.model);
    const char *stem = aw_logical_id(&ids, comp.model->nodes[0]);
    ck_assert_uint_eq(strlen(stem), 65);
    ck_assert(strncmp(stem, "N9", 2) == 0 && strcmp(stem + 2, id + 1) == 0);
    aw_logical_ids_free(&ids);
    aw_strbuf_free(&text);
}
END_TEST

/* A parameter's description is the diagram's, whole (CloudFormation takes
 * 4,000 characters). */
START_TEST(test_parameter_descriptions_are_whole)
{
    char description[1501];
    aw_test_fill(description, sizeof description, 'd');
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_printf(&text,
                     "{\"archway\": 1, \"name\": \"t\", \"parameters\": [{\"name\": \"Release\", \"default\": \"x\","
                     " \"description\": \"%s\"}], \"nodes\": ["
                     "{\"kind\": \"api\", \"id\": \"h\", \"type\": \"http\"},"
                     "{\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"h\","
                     " \"variables\": {\"release\": \"${param:Release}\"}},"
                     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},"
                     "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},"
                     "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"h\", \"method\": \"GET\", \"path\": \"/a\","
                     " \"authorizer\": \"none\", \"noneReason\": \"test\", \"integration\": \"i\"}]}",
                     description);
    json_t *root = S_template_of(text.data);
    const char *written = json_string_value(json_object_get(json_object_get(json_object_get(root, "Parameters"),
                                                                            "Release"), "Description"));
    ck_assert_ptr_nonnull(written);
    ck_assert_str_eq(written, description);
    json_decref(root);
    aw_strbuf_free(&text);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("deploy-plumbing");
    TCase *tc = aw_test_tcase(s, "writer", NULL, NULL);
    tcase_add_test(tc, test_writer_layout);
    tcase_add_test(tc, test_text_hash_whatever_the_pieces);
    tcase_add_test(tc, test_writer_splice_at_depth);
    tc = aw_test_tcase(s, "subst", NULL, NULL);
    tcase_add_test(tc, test_subst_escapes_literal_placeholders);
    tcase_add_test(tc, test_subst_lone_placeholders_become_ref_and_getatt);
    tc = aw_test_tcase(s, "ids", NULL, S_teardown);
    tcase_add_test(tc, test_logical_ids_readable_and_unique_per_kind);
    tcase_add_test(tc, test_long_ids_make_short_stems_that_stay_apart);
    tcase_add_test(tc, test_long_ids_give_names_cloudformation_takes);
    tcase_add_test(tc, test_ids_that_fit_keep_their_stems);
    tcase_add_test(tc, test_parameter_descriptions_are_whole);
    return s;
}

AW_TEST_MAIN(S_suite)
