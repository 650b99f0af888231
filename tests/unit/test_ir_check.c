/* The IR verifier finds nothing wrong in clean compiles and catches each
 * kind of broken invariant when one is planted. */
#include <check.h>

#include "../../compiler/compile.h"
#include "../../ir/ir_check.h"
#include "test_support.h"

static const char diagram[] =
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
    " {\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
    " {\"kind\": \"route\", \"id\": \"r1\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/a\",\n"
    "  \"integration\": \"i1\", \"authorizer\": \"none\", \"noneReason\": \"public\"},\n"
    " {\"kind\": \"integration\", \"id\": \"i1\", \"type\": \"lambda\", \"function\": \"f1\"},\n"
    " {\"kind\": \"function\", \"id\": \"f1\", \"runtime\": \"nodejs22.x\"},\n"
    " {\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"dynamodb\"},\n"
    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"api\"}\n"
    "], \"edges\": [{\"from\": \"f1\", \"to\": \"db\"}]}\n";

AW_TEST_COMPILE_FIXTURE("t.json")

static void S_compile_diagram(void)
{
    ck_assert_int_eq(S_compile(diagram), AW_COMPILE_OK);
}

START_TEST(clean_compile_passes)
{
    S_compile_diagram();
    ck_assert_uint_eq(aw_model_check(comp.model, NULL), 0);
}
END_TEST

START_TEST(catches_wrong_reference_kind)
{
    S_compile_diagram();
    S_node("r1")->as.route.integration.node = S_node("f1");
    ck_assert_uint_ge(aw_model_check(comp.model, NULL), 1);
}
END_TEST

START_TEST(catches_bad_index_and_enum)
{
    S_compile_diagram();
    S_node("f1")->index = 0;
    S_node("api")->as.api.type = (aw_api_type)99;
    ck_assert_uint_ge(aw_model_check(comp.model, NULL), 2);
}
END_TEST

START_TEST(catches_range_owner_and_auth_none)
{
    S_compile_diagram();
    S_node("f1")->as.function.memory_mb = 64;
    ck_assert_uint_eq(aw_model_check(comp.model, NULL), 1);
    S_node("r1")->owner_api = NULL;
    ck_assert_uint_eq(aw_model_check(comp.model, NULL), 2);
    S_node("r1")->as.route.auth_none = false;
    ck_assert_uint_eq(aw_model_check(comp.model, NULL), 3);
}
END_TEST

START_TEST(catches_missing_required_and_unresolved)
{
    S_compile_diagram();
    S_node("f1")->as.function.runtime = NULL;
    comp.model->edges[0].to.node = NULL;
    ck_assert_uint_eq(aw_model_check(comp.model, NULL), 2);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("ir_check");
    TCase *tc = aw_test_tcase(s, "verifier", NULL, S_teardown);
    tcase_add_test(tc, clean_compile_passes);
    tcase_add_test(tc, catches_wrong_reference_kind);
    tcase_add_test(tc, catches_bad_index_and_enum);
    tcase_add_test(tc, catches_range_owner_and_auth_none);
    tcase_add_test(tc, catches_missing_required_and_unresolved);
    return s;
}

AW_TEST_MAIN(S_suite)
