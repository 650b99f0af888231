/* The IR verifier finds nothing wrong in clean compiles and catches each
 * kind of broken invariant when one is planted. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/compile.h"
#include "../../ir/ir_check.h"

static const char diagram[] =
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
    " {\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
    " {\"kind\": \"route\", \"id\": \"r1\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/a\",\n"
    "  \"integration\": \"i1\", \"authorizer\": \"none\", \"noneReason\": \"public\"},\n"
    " {\"kind\": \"integration\", \"id\": \"i1\", \"type\": \"lambda\", \"function\": \"f1\"},\n"
    " {\"kind\": \"function\", \"id\": \"f1\", \"runtime\": \"nodejs20.x\"},\n"
    " {\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"dynamodb\"},\n"
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"api\"}\n"
    "], \"edges\": [{\"from\": \"f1\", \"to\": \"db\"}]}\n";

static aw_compilation S_compile(void)
{
    aw_compilation c;
    aw_compile_status status = aw_compile_buffer(&c, "t.json", diagram, strlen(diagram), AW_SPELLING_JSON);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    return c;
}

static aw_node *S_find(aw_compilation *c, const char *id)
{
    aw_node *n = aw_model_find(c->model, id);
    ck_assert_ptr_nonnull(n);
    return n;
}

START_TEST(clean_compile_passes)
{
    aw_compilation c = S_compile();
    ck_assert_uint_eq(aw_model_check(c.model, NULL), 0);
    aw_compilation_free(&c);
}
END_TEST

START_TEST(catches_wrong_reference_kind)
{
    aw_compilation c = S_compile();
    S_find(&c, "r1")->as.route.integration.node = S_find(&c, "f1");
    ck_assert_uint_ge(aw_model_check(c.model, NULL), 1);
    aw_compilation_free(&c);
}
END_TEST

START_TEST(catches_bad_index_and_enum)
{
    aw_compilation c = S_compile();
    S_find(&c, "f1")->index = 0;
    S_find(&c, "api")->as.api.type = (aw_api_type)99;
    ck_assert_uint_ge(aw_model_check(c.model, NULL), 2);
    aw_compilation_free(&c);
}
END_TEST

START_TEST(catches_range_owner_and_auth_none)
{
    aw_compilation c = S_compile();
    S_find(&c, "f1")->as.function.memory_mb = 64;
    ck_assert_uint_eq(aw_model_check(c.model, NULL), 1);
    S_find(&c, "r1")->owner_api = NULL;
    ck_assert_uint_eq(aw_model_check(c.model, NULL), 2);
    S_find(&c, "r1")->as.route.auth_none = false;
    ck_assert_uint_eq(aw_model_check(c.model, NULL), 3);
    aw_compilation_free(&c);
}
END_TEST

START_TEST(catches_missing_required_and_unresolved)
{
    aw_compilation c = S_compile();
    S_find(&c, "f1")->as.function.runtime = NULL;
    c.model->edges[0].to.node = NULL;
    ck_assert_uint_eq(aw_model_check(c.model, NULL), 2);
    aw_compilation_free(&c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ir_check");
    TCase *tc = tcase_create("verifier");
    tcase_add_test(tc, clean_compile_passes);
    tcase_add_test(tc, catches_wrong_reference_kind);
    tcase_add_test(tc, catches_bad_index_and_enum);
    tcase_add_test(tc, catches_range_owner_and_auth_none);
    tcase_add_test(tc, catches_missing_required_and_unresolved);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
