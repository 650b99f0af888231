/* Deploy-time conditions: what the resolver refuses, the values check and
 * simulate read them with, and what a template writes of them. */
#include "test_build_support.h"

#include "../../ir/conditions.h"
#include "../../ir/text_if.h"
#include "../../compiler/conditions_apply.h"

AW_TEST_BUILD_FIXTURE()

/* An HTTP API whose debug route and function exist outside production, and
 * whose stage's log level differs by environment. */
static const char S_env[] =
    "{\"archway\": 1, \"name\": \"env\",\n"
    " \"parameters\": [{\"name\": \"Env\", \"default\": \"dev\", \"allowedValues\": [\"dev\", \"prod\"]}],\n"
    " \"conditions\": [{\"name\": \"IsProd\", \"equals\": [\"${param:Env}\", \"prod\"]},\n"
    "                {\"name\": \"NotProd\", \"not\": \"IsProd\"}],\n"
    " \"nodes\": [\n"
    "  {\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
    "  {\"kind\": \"stage\", \"id\": \"s\", \"api\": \"a\", \"name\": \"live\", \"autoDeploy\": true,\n"
    "   \"throttle\": {\"rate\": 10, \"burst\": 20},\n"
    "   \"variables\": {\"level\": \"${if:IsProd}warn${else}debug${end}\"}},\n"
    "  {\"kind\": \"function\", \"id\": \"dbg\", \"runtime\": \"python3.13\", \"condition\": \"NotProd\"},\n"
    "  {\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"dbg\", \"condition\": \"NotProd\"},\n"
    "  {\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/debug\",\n"
    "   \"integration\": \"i\", \"condition\": \"NotProd\"}\n"
    " ]}\n";

START_TEST(values_follow_defaults_and_given_values)
{
    aw_test_assert_clean(&b.c, S_compile(S_env, AW_SPELLING_JSON));
    const aw_model *m = b.c.model;
    ck_assert_int_eq(aw_condition_value(m, "IsProd", NULL), 0);
    ck_assert_int_eq(aw_condition_value(m, "NotProd", NULL), 1);
    aw_pair prod = {"Env", "prod", {0}};
    aw_map given = {&prod, 1};
    ck_assert_int_eq(aw_condition_value(m, "IsProd", &given), 1);
    ck_assert_int_eq(aw_condition_value(m, "NotProd", &given), 0);
    ck_assert(!aw_node_deployed(m, aw_test_node(&b.c, "r"), &given));
    ck_assert(aw_node_deployed(m, aw_test_node(&b.c, "r"), NULL));
    ck_assert(aw_node_deployed(m, aw_test_node(&b.c, "a"), &given));
    ck_assert_int_eq(aw_condition_value(m, "Nope", NULL), -1);
}
END_TEST

START_TEST(template_writes_conditions_and_choices)
{
    S_build(S_env, AW_SPELLING_JSON);
    json_t *t = b.template;
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Resources|RRoute|Condition")), "NotProd");
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Resources|DbgFunction|Condition")), "NotProd");
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Resources|DbgInvokedByAPermission|Condition")), "NotProd");
    ck_assert_ptr_null(aw_test_json_at(t, "|Resources|SStage|Condition"));
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Resources|SStage|Properties|StageVariables|level|Fn::If|0")),
                     "IsProd");
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Resources|SStage|Properties|StageVariables|level|Fn::If|2")),
                     "debug");
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Conditions|IsProd|Fn::Equals|0|Ref")), "Env");
    ck_assert_str_eq(json_string_value(aw_test_json_at(t, "|Conditions|NotProd|Fn::Not|0|Condition")), "IsProd");
    ck_assert_ptr_nonnull(aw_test_json_at(t, "|Parameters|Env"));
}
END_TEST

START_TEST(always_deployed_element_cannot_use_a_conditional_one)
{
    char text[sizeof S_env + 16];
    snprintf(text, sizeof text, "%s", S_env);
    /* The integration loses its condition: the function it calls may be absent. */
    char *at = strstr(text, "\"function\": \"dbg\", \"condition\": \"NotProd\"");
    ck_assert_ptr_nonnull(at);
    at = strstr(at, ", \"condition\"");
    memset(at, ' ', strlen(", \"condition\": \"NotProd\""));
    S_compile(text, AW_SPELLING_JSON);
    ck_assert_uint_ge(b.c.diags.errors, 1);
    bool found = false;
    for (size_t i = 0; i < b.c.diags.count; i++)
        found |= strcmp(b.c.diags.items[i].code, "condition-mismatch") == 0 &&
                 strcmp(b.c.diags.items[i].element, "i") == 0;
    ck_assert(found);
}
END_TEST

/* Compiles S_env and judges it with Env=env; returns the elements it had. */
static size_t S_apply_env(const char *env)
{
    aw_test_assert_clean(&b.c, S_compile(S_env, AW_SPELLING_JSON));
    size_t before = b.c.model->node_count;
    aw_pair value = {"Env", env, {0}};
    aw_map given = {&value, 1};
    aw_conditions_apply(&b.c, &given);
    return before;
}

START_TEST(a_deployment_leaves_out_what_it_does_not_create)
{
    size_t before = S_apply_env("prod");
    ck_assert_int_eq(b.c.status, AW_COMPILE_OK);
    ck_assert_uint_eq(b.c.model->node_count, before - 3);
    ck_assert_ptr_null(aw_model_find(b.c.model, "r"));
    ck_assert_ptr_null(aw_model_find(b.c.model, "dbg"));
    for (size_t i = 0; i < b.c.model->node_count; i++)
        ck_assert_uint_eq(b.c.model->nodes[i]->index, i);
    const aw_diag *d = aw_test_one_diag(&b.c.diags, AW_SEV_NOTE, "conditions-assumed");
    ck_assert_str_eq(d->message, "judged as deployed with Env=prod (given); IsProd true, NotProd false; left out: "
                                 "'dbg', 'i', 'r'");
}
END_TEST

START_TEST(a_value_the_parameter_does_not_allow_is_an_error)
{
    size_t before = S_apply_env("qa");
    ck_assert_int_eq(b.c.status, AW_COMPILE_ERRORS);
    ck_assert_uint_eq(b.c.model->node_count, before);
    aw_test_one_diag(&b.c.diags, AW_SEV_ERROR, "bad-param-value");
}
END_TEST

START_TEST(choices_are_found_whole)
{
    aw_text_if it;
    ck_assert(aw_text_if_next("arn:aws:${if:IsProd}a:b${else}c:d${end}:x", &it));
    ck_assert_uint_eq(it.name_len, 6);
    ck_assert_uint_eq(it.then_len, 3);
    ck_assert(strncmp(it.else_text, "c:d", it.else_len) == 0 && it.else_len == 3);
    ck_assert_uint_eq(it.len, strlen("${if:IsProd}a:b${else}c:d${end}"));
    ck_assert(aw_text_if_next("${if:IsProd}only${end}", &it) && !it.else_text);
    ck_assert(aw_text_if_next("${if:Bad-Name}x${end}", &it) && it.name_len == 0);
    ck_assert(aw_text_if_next("${if:Open}x", &it) && it.len == 0);
    ck_assert(!aw_text_if_next("arn:aws:s3:::bucket", &it));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("conditions");
    TCase *tc = aw_test_tcase(s, "conditions", NULL, S_teardown);
    tcase_add_test(tc, values_follow_defaults_and_given_values);
    tcase_add_test(tc, template_writes_conditions_and_choices);
    tcase_add_test(tc, always_deployed_element_cannot_use_a_conditional_one);
    tcase_add_test(tc, a_deployment_leaves_out_what_it_does_not_create);
    tcase_add_test(tc, a_value_the_parameter_does_not_allow_is_an_error);
    tcase_add_test(tc, choices_are_found_whole);
    return s;
}

AW_TEST_MAIN(S_suite)
