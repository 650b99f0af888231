/* Numeric fields a Number parameter gives ("${param:NAME}" where a number
 * goes): checks judge its default or the value given, the template refers to
 * the parameter, both spellings keep it, and an import brings it back. */

#include "test_build_support.h"
#include "../../compiler/conditions_apply.h"
#include "../../emitters/emitters.h"
#include "../../ir/strbuf.h"
#include "../../importer/import.h"

AW_TEST_BUILD_FIXTURE()

static void S_only(aw_severity sev, const char *code, unsigned line, unsigned col, const char *element,
                   const char *message)
{
    aw_test_compile_diag_at(&b.c, "t.json", sev, code, line, col, element, message);
}

/* A function sized by parameters, behind an HTTP API whose stage a third
 * parameter throttles. */
static const char sized_json[] =
    "{\"archway\": 1, \"name\": \"t\",\n"
    "\"parameters\": [{\"name\": \"Mem\", \"type\": \"Number\", \"default\": \"512\"},\n"
    " {\"name\": \"Secs\", \"type\": \"Number\", \"default\": \"20\"},\n"
    " {\"name\": \"Rate\", \"type\": \"Number\", \"default\": \"25.5\"}],\n"
    "\"nodes\": [\n"
    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
    "{\"kind\": \"stage\", \"id\": \"s\", \"api\": \"a\", \"name\": \"dev\", \"autoDeploy\": true,\n"
    " \"throttle\": {\"rate\": \"${param:Rate}\", \"burst\": 50}},\n"
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"memory\": \"${param:Mem}\",\n"
    " \"timeout\": \"${param:Secs}\"},\n"
    "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", \"integration\": \"i\"}\n"
    "]}";

static const char sized_xml[] =
    "<diagram archway=\"1\" name=\"t\">\n"
    "<parameters><parameter name=\"Mem\" type=\"Number\" default=\"512\"/>\n"
    " <parameter name=\"Secs\" type=\"Number\" default=\"20\"/>\n"
    " <parameter name=\"Rate\" type=\"Number\" default=\"25.5\"/></parameters>\n"
    "<nodes>\n"
    "<api id=\"a\" type=\"http\"/>\n"
    "<stage id=\"s\" api=\"a\" name=\"dev\" autoDeploy=\"true\"><throttle rate=\"${param:Rate}\" burst=\"50\"/></stage>\n"
    "<function id=\"fn\" runtime=\"python3.13\" memory=\"${param:Mem}\" timeout=\"${param:Secs}\"/>\n"
    "<integration id=\"i\" type=\"lambda\" function=\"fn\"/>\n"
    "<route id=\"r\" api=\"a\" method=\"GET\" path=\"/x\" integration=\"i\"/>\n"
    "</nodes></diagram>\n";

static const aw_function *S_fn(void)
{
    return &aw_model_find(b.c.model, "fn")->as.function;
}

/* The checks see the defaults, in the field's own unit. */
static void S_assert_defaults(void)
{
    ck_assert_int_eq(S_fn()->memory_mb, 512);
    ck_assert_double_eq(S_fn()->timeout_ms, 20000);
    ck_assert_double_eq(aw_model_find(b.c.model, "s")->as.stage.throttle->rate, 25.5);
    ck_assert_str_eq(aw_model_num_param(b.c.model, &S_fn()->memory_mb), "Mem");
    ck_assert_str_eq(aw_model_num_param(b.c.model, &S_fn()->timeout_ms), "Secs");
}

START_TEST(test_defaults_json)
{
    aw_test_assert_clean(&b.c, S_compile(sized_json, AW_SPELLING_JSON));
    S_assert_defaults();
}
END_TEST

/* Many functions, each sized by one of two parameters or by a number: every
 * field finds its own parameter (the lookup is a search by slot, built once
 * for all the fields an emitter writes), and a plain field none. */
START_TEST(test_many_fields_find_their_parameter)
{
    aw_strbuf d = AW_STRBUF_INIT;
    aw_strbuf_puts(&d, "{\"archway\": 1, \"name\": \"t\",\n\"parameters\": [{\"name\": \"Small\", \"type\": "
                       "\"Number\", \"default\": \"256\"}, {\"name\": \"Big\", \"type\": \"Number\", \"default\": "
                       "\"2048\"}],\n\"nodes\": [\n");
    for (int i = 0; i < 300; i++)
        aw_strbuf_printf(&d, "%s{\"kind\": \"function\", \"id\": \"f%d\", \"runtime\": \"python3.13\", "
                         "\"memory\": %s}\n", i ? "," : "", i,
                         i % 3 == 0 ? "\"${param:Small}\"" : i % 3 == 1 ? "\"${param:Big}\"" : "1024");
    aw_strbuf_puts(&d, "]}");
    ck_assert_int_eq(S_compile(d.data, AW_SPELLING_JSON), AW_COMPILE_OK);
    for (int i = 0; i < 300; i++) {
        char id[16];
        snprintf(id, sizeof id, "f%d", i);
        const aw_function *fn = &aw_model_find(b.c.model, id)->as.function;
        const char *param = aw_model_num_param(b.c.model, &fn->memory_mb);
        if (i % 3 == 2) {
            ck_assert_ptr_null(param);
            ck_assert_int_eq(fn->memory_mb, 1024);
        } else {
            ck_assert_str_eq(param, i % 3 == 0 ? "Small" : "Big");
            ck_assert_int_eq(fn->memory_mb, i % 3 == 0 ? 256 : 2048);
        }
        ck_assert_ptr_null(aw_model_num_param(b.c.model, &fn->timeout_ms));
    }
    aw_strbuf_free(&d);
}
END_TEST

START_TEST(test_defaults_xml)
{
    aw_test_assert_clean(&b.c, S_compile(sized_xml, AW_SPELLING_XML));
    S_assert_defaults();
}
END_TEST

/* The canonical writer keeps the placeholder, not the value it stood for. */
START_TEST(test_writer_keeps_the_parameter)
{
    aw_test_assert_clean(&b.c, S_compile(sized_json, AW_SPELLING_JSON));
    aw_strbuf out = AW_STRBUF_INIT;
    aw_emit_json(b.c.model, &out, false);
    ck_assert_ptr_nonnull(strstr(out.data, "\"memory\": \"${param:Mem}\""));
    ck_assert_ptr_nonnull(strstr(out.data, "\"rate\": \"${param:Rate}\""));
    out.len = 0;
    aw_emit_xml(b.c.model, &out);
    ck_assert_ptr_nonnull(strstr(out.data, "memory=\"${param:Mem}\""));
    aw_strbuf_free(&out);
}
END_TEST

/* Compiles the sized diagram and judges it as deployed with Mem=value. */
static void S_give_mem(const char *value)
{
    aw_test_assert_clean(&b.c, S_compile(sized_json, AW_SPELLING_JSON));
    aw_pair given = {"Mem", value, {0}};
    aw_conditions_apply(&b.c, &(aw_map){&given, 1});
}

/* --param gives another value... */
START_TEST(test_given_value)
{
    S_give_mem("2048");
    ck_assert_int_eq(b.c.status, AW_COMPILE_OK);
    ck_assert_int_eq(S_fn()->memory_mb, 2048);
}
END_TEST

/* ... which the field's range still bounds. */
START_TEST(test_given_value_out_of_range)
{
    S_give_mem("64");
    ck_assert_int_eq(b.c.status, AW_COMPILE_ERRORS);
    aw_test_compile_diag_at(&b.c, "t.json", AW_SEV_ERROR, "bad-parameter", 9, 69, "fn",
                            "'memory' uses parameter 'Mem', whose given value 64 is out of range; the field must be "
                            "between 128 and 10240");
}
END_TEST

/* The template refers to the parameters and declares them as Numbers. */
START_TEST(test_template_refers_to_the_parameters)
{
    aw_test_built_build(&b, sized_json, AW_SPELLING_JSON);
    json_t *res = json_object_get(b.template, "Resources");
    const char *key;
    json_t *r, *fn = NULL, *stage = NULL;
    json_object_foreach(res, key, r) {
        const char *type = json_string_value(json_object_get(r, "Type"));
        if (strcmp(type, "AWS::Lambda::Function") == 0)
            fn = json_object_get(r, "Properties");
        if (strcmp(type, "AWS::ApiGatewayV2::Stage") == 0)
            stage = json_object_get(r, "Properties");
    }
    ck_assert_ptr_nonnull(fn);
    ck_assert_ptr_nonnull(stage);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(fn, "MemorySize"), "Ref")), "Mem");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(fn, "Timeout"), "Ref")), "Secs");
    json_t *settings = json_object_get(stage, "DefaultRouteSettings");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(settings, "ThrottlingRateLimit"), "Ref")),
                     "Rate");
    ck_assert_int_eq(json_integer_value(json_object_get(settings, "ThrottlingBurstLimit")), 50);
    json_t *mem = json_object_get(json_object_get(b.template, "Parameters"), "Mem");
    ck_assert_str_eq(json_string_value(json_object_get(mem, "Type")), "Number");
    ck_assert_str_eq(json_string_value(json_object_get(mem, "Default")), "512");
}
END_TEST

/* ---- what the resolver refuses ---------------------------------------------- */

#define HEAD(params)                                                            \
    "{\"archway\": 1, \"name\": \"t\",\n\"parameters\": [" params "],\n"           \
    "\"nodes\": [\n"

/* A diagram and its one diagnostic: line and column in t.json, element, message. */
static const struct {
    const char *diagram;
    unsigned line, col;
    const char *element, *message;
} refusals[] = {
    {HEAD("{\"name\": \"Mem\", \"default\": \"512\"}")
     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"memory\": \"${param:Mem}\"}]}",
     4, 69, "fn", "'memory' takes a number, but parameter 'Mem' is not declared \"type\": \"Number\""},
    {HEAD("{\"name\": \"Mem\", \"type\": \"Number\"}")
     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"memory\": \"${param:Mem}\"}]}",
     4, 69, "fn", "'memory' uses parameter 'Mem', which has no default; give it one, the value check, simulate and "
     "cost judge"},
    {HEAD("{\"name\": \"Mem\", \"type\": \"Number\", \"default\": \"64\"}")
     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"memory\": \"${param:Mem}\"}]}",
     4, 69, "fn", "'memory' uses parameter 'Mem', whose default 64 is out of range; the field must be between 128 "
     "and 10240"},
    {HEAD("{\"name\": \"Secs\", \"type\": \"Number\", \"default\": \"1000\"}")
     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"timeout\": \"${param:Secs}\"}]}",
     4, 70, "fn", "'timeout' uses parameter 'Secs', whose default 1000 seconds is out of range; the field must be "
     "between 1s and 900s"},
    {HEAD("{\"name\": \"Burst\", \"type\": \"Number\", \"default\": \"7.5\"}")
     "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
     "{\"kind\": \"stage\", \"id\": \"s\", \"api\": \"a\", \"name\": \"dev\", \"autoDeploy\": true,"
     " \"throttle\": {\"rate\": 5, \"burst\": \"${param:Burst}\"}}]}",
     5, 110, "s", "'burst' uses parameter 'Burst', whose default 7.5 is not a whole number"},
    {HEAD("{\"name\": \"Mem\", \"type\": \"Number\", \"default\": \"512\"}")
     "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\", \"memory\": \"${param:Memory}\","
     " \"timeout\": \"${param:Mem}\"}]}",
     4, 69, "fn", "'memory' uses parameter 'Memory', which the diagram's 'parameters' do not declare"},
};

START_TEST(test_refused)
{
    ck_assert_int_eq(S_compile(refusals[_i].diagram, AW_SPELLING_JSON), AW_COMPILE_ERRORS);
    const char *code = strstr(refusals[_i].message, "do not declare") ? "unknown-parameter" : "bad-parameter";
    S_only(AW_SEV_ERROR, code, refusals[_i].line, refusals[_i].col, refusals[_i].element, refusals[_i].message);
}
END_TEST

/* A placeholder in a field that takes none stays the type error it was. */
START_TEST(test_field_without_parameters)
{
    ck_assert_int_eq(S_compile(HEAD("{\"name\": \"N\", \"type\": \"Number\", \"default\": \"2\"}")
                               "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\","
                               " \"description\": \"${param:N}\", \"errorRate\": \"${param:N}\"}]}",
                               AW_SPELLING_JSON),
                     AW_COMPILE_ERRORS);
    S_only(AW_SEV_ERROR, "wrong-type", 4, 101, "fn",
           "'errorRate' must be a number, found \"${param:N}\"");
}
END_TEST

/* ---- import --------------------------------------------------------------------- */

START_TEST(test_import_keeps_number_parameters)
{
    static const char yaml[] =
        "Parameters:\n"
        "  Mem: {Type: Number, Default: 1024}\n"
        "  Env: {Type: String, Default: dev}\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Runtime: python3.13\n"
        "      Handler: app.handler\n"
        "      Code: {ZipFile: 'def handler(e, c): return e'}\n"
        "      Role: arn:aws:iam::123456789012:role/fn\n"
        "      MemorySize: !Ref Mem\n"
        "      Timeout: 30\n"
        "      Environment: {Variables: {ENV: !Ref Env}}\n";
    aw_import_result r;
    aw_import_options options = {0};
    aw_compile_status st = aw_import_buffer(&r, "t.yaml", yaml, strlen(yaml), &options);
    ck_assert_int_eq(st, AW_COMPILE_OK);
    const aw_node *fn = aw_model_find(r.model, "fn");
    ck_assert_ptr_nonnull(fn);
    ck_assert_str_eq(aw_model_num_param(r.model, &fn->as.function.memory_mb), "Mem");
    ck_assert_int_eq(fn->as.function.memory_mb, 1024);
    ck_assert_ptr_null(aw_model_num_param(r.model, &fn->as.function.timeout_ms));
    ck_assert_double_eq(fn->as.function.timeout_ms, 30000);
    aw_import_result_free(&r);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("number_params");
    TCase *tc = aw_test_tcase(s, "resolved", NULL, S_teardown);
    tcase_add_test(tc, test_defaults_json);
    tcase_add_test(tc, test_defaults_xml);
    tcase_add_test(tc, test_many_fields_find_their_parameter);
    tcase_add_test(tc, test_writer_keeps_the_parameter);
    tcase_add_test(tc, test_given_value);
    tcase_add_test(tc, test_given_value_out_of_range);
    tcase_add_test(tc, test_template_refers_to_the_parameters);
    tcase_add_loop_test(tc, test_refused, 0, (int)(sizeof refusals / sizeof refusals[0]));
    tcase_add_test(tc, test_field_without_parameters);
    tcase_add_test(tc, test_import_keeps_number_parameters);
    return s;
}

AW_TEST_MAIN(S_suite)
