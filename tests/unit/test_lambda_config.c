/* Unit tests of a Lambda function's deployment settings: code from a local
 * directory or inline, environment, role and policies, VPC, tracing and
 * name, read from both spellings, refused where Lambda would refuse them,
 * judged by AW-FN-001..004, and written into the template. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../../compiler/artifacts.h"
#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define END "\n]}\n"
#define FN(extra) "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"" extra "}"
#define VPC ", \"vpc\": {\"subnets\": [\"subnet-0a1b2c3d\"], \"securityGroups\": [\"sg-0a1b2c3d\"]}"

static const char S_json[] =
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", \"functionName\": \"orders-fn\",\n"
    " \"inlineCode\": \"def handler(e, c):\\n    return 1\\n\", \"tracing\": \"active\",\n"
    " \"environment\": {\"TABLE\": \"orders\", \"MODE\": \"fast\"},\n"
    " \"managedPolicies\": [\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"],\n"
    " \"policyStatements\": [{\"effect\": \"deny\", \"actions\": [\"s3:DeleteObject\"], \"resources\": [\"*\"]}],\n"
    " \"vpc\": {\"subnets\": [\"subnet-0a1b2c3d\", \"subnet-1a1b2c3d\"], \"securityGroups\": [\"sg-0a1b2c3d\"]}},\n"
    "{\"kind\": \"function\", \"id\": \"fn2\", \"runtime\": \"java21\", \"codeUri\": \"build/fn2.zip\",\n"
    " \"role\": \"arn:aws:iam::123456789012:role/legacy\", \"tracing\": \"pass-through\"}\n"
    "]}\n";

static const char S_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<diagram archway=\"1\" name=\"t\">\n"
    "  <nodes>\n"
    "    <function id=\"fn\" runtime=\"python3.12\" functionName=\"orders-fn\" tracing=\"active\"\n"
    "              inlineCode=\"def handler(e, c):&#10;    return 1&#10;\">\n"
    "      <environment><entry key=\"TABLE\" value=\"orders\"/><entry key=\"MODE\" value=\"fast\"/></environment>\n"
    "      <managedPolicies><policyArn>arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess</policyArn></managedPolicies>\n"
    "      <policyStatements><statement effect=\"deny\"><actions><action>s3:DeleteObject</action></actions>"
    "<resources><resource>*</resource></resources></statement></policyStatements>\n"
    "      <vpc><subnets><subnet>subnet-0a1b2c3d</subnet><subnet>subnet-1a1b2c3d</subnet></subnets>"
    "<securityGroups><securityGroup>sg-0a1b2c3d</securityGroup></securityGroups></vpc>\n"
    "    </function>\n"
    "    <function id=\"fn2\" runtime=\"java21\" codeUri=\"build/fn2.zip\" "
    "role=\"arn:aws:iam::123456789012:role/legacy\" tracing=\"pass-through\"/>\n"
    "  </nodes>\n"
    "</diagram>\n";

/* What both spellings of the diagram above say. */
static void S_assert_read(void)
{
    const aw_function *f = &S_node("fn")->as.function;
    ck_assert_str_eq(f->function_name, "orders-fn");
    ck_assert_str_eq(f->inline_code, "def handler(e, c):\n    return 1\n");
    ck_assert_ptr_null(f->code_uri);
    ck_assert_int_eq(f->tracing, AW_TRACING_ACTIVE);
    ck_assert_uint_eq(f->environment.count, 2);
    ck_assert_str_eq(f->environment.items[1].key, "MODE");
    ck_assert_str_eq(f->environment.items[1].value, "fast");
    ck_assert_uint_eq(f->managed_policies.count, 1);
    ck_assert_uint_eq(f->statement_count, 1);
    ck_assert_int_eq(f->statements[0].effect, AW_EFFECT_DENY);
    ck_assert_str_eq(f->statements[0].actions.items[0], "s3:DeleteObject");
    ck_assert_ptr_nonnull(f->vpc);
    ck_assert_uint_eq(f->vpc->subnets.count, 2);
    ck_assert_str_eq(f->vpc->security_groups.items[0], "sg-0a1b2c3d");
    const aw_function *g = &S_node("fn2")->as.function;
    ck_assert_str_eq(g->code_uri, "build/fn2.zip");
    ck_assert_str_eq(g->role, "arn:aws:iam::123456789012:role/legacy");
    ck_assert_int_eq(g->tracing, AW_TRACING_PASS_THROUGH);
    ck_assert_ptr_null(g->vpc);
}

START_TEST(test_json_reads)
{
    S_compile_clean(S_json);
    S_assert_read();
    /* a statement's effect is allow when unset */
    S_teardown();
    S_compile_clean(HEAD FN(", \"policyStatements\": [{\"actions\": [\"sqs:*\"], \"resources\": [\"*\"]}]") END);
    ck_assert_int_eq(S_node("fn")->as.function.statements[0].effect, AW_EFFECT_ALLOW);
}
END_TEST

START_TEST(test_xml_reads)
{
    compiled = true;
    aw_test_assert_clean(&comp, aw_compile_buffer(&comp, "t.xml", S_xml, strlen(S_xml), AW_SPELLING_XML));
    S_assert_read();
}
END_TEST

/* Each refusal of a setting of function fn (line 2), where it points and
 * what it says. */
static const struct {
    const char *fields;
    unsigned col;
    const char *message;
} S_refusals[] = {
    {", \"codeUri\": \"src\", \"inlineCode\": \"x\"", 91,
     "function 'fn' gives both 'codeUri' and 'inlineCode'; give one"},
    {", \"functionName\": \"my fn\"", 75,
     "'functionName' of function 'fn' is \"my fn\"; a Lambda function name holds only letters, digits, '-' and '_'"},
    {", \"environment\": {\"9LIVES\": \"x\"}", 75,
     "'environment' cannot have the key \"9LIVES\": its keys must match ^[A-Za-z][A-Za-z0-9_]+$"},
    {", \"environment\": {\"X\": \"x\"}", 75, "'environment' cannot have the key \"X\": its keys must match ^[A-Za-z][A-Za-z0-9_]+$"},
    {", \"environment\": {\"AWS_REGION\": \"x\"}", 89,
     "environment variable 'AWS_REGION' of function 'fn' is one Lambda sets itself and refuses to take; rename it"},
    {", \"role\": \"legacy-role\"", 67,
     "'role' of function 'fn' is \"legacy-role\"; give an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"},
    {", \"managedPolicies\": [\"arn:aws:iam::aws:role/x\"]", 78,
     "managed policy \"arn:aws:iam::aws:role/x\" of function 'fn' is no policy ARN (arn:aws:iam::aws:policy/NAME, "
     "or your account's)"},
    {", \"role\": \"arn:aws:iam::123456789012:role/r\", "
     "\"managedPolicies\": [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]", 122,
     "function 'fn' runs as the role it names in 'role', which the template does not create or change; give that "
     "role these policies where it is defined, or drop 'role'"},
};

START_TEST(test_refused)
{
    char text[1024];
    for (size_t i = 0; i < sizeof S_refusals / sizeof S_refusals[0]; i++) {
        snprintf(text, sizeof text, HEAD FN("%s") END, S_refusals[i].fields);
        S_compile(text);
        S_only_error("bad-value", 2, S_refusals[i].col, "fn", S_refusals[i].message);
        S_teardown();
    }
    S_compile(HEAD "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"java21\", \"inlineCode\": \"x\"}" END);
    S_only_error("bad-value", 2, 69, "fn", "function 'fn' runs java21, which cannot take 'inlineCode' (Node.js and "
                 "Python only); give 'codeUri' instead");
    S_teardown();
    S_compile(HEAD FN(", \"vpc\": {\"subnets\": [\"subnet-0a1b2c3d\"]}") END);
    ck_assert_uint_eq(comp.diags.count, 1);
    ck_assert_str_eq(comp.diags.items[0].code, "missing-field");
    S_teardown();
    S_compile(HEAD FN(", \"tracing\": \"on\"") END);
    ck_assert_uint_eq(comp.diags.count, 1);
    ck_assert_str_eq(comp.diags.items[0].code, "bad-value");
    S_teardown();
    /* an existing function is not created: its deployment settings are ignored */
    S_compile(HEAD FN(", \"existing\": true, \"environment\": {\"AB\": \"b\"}") END);
    S_only_diag(AW_SEV_WARNING, "unused-field", 2, 92, "fn", "'environment' does not apply to an existing function, "
                "which the template does not create, and is ignored");
}
END_TEST

/* The XML spelling points at the element's line. */
START_TEST(test_refused_xml)
{
    static const char text[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<diagram archway=\"1\" name=\"t\">\n"
        "  <nodes>\n"
        "    <function id=\"fn\" runtime=\"nodejs22.x\">\n"
        "      <environment><entry key=\"AWS_REGION\" value=\"x\"/></environment>\n"
        "    </function>\n"
        "  </nodes>\n"
        "</diagram>\n";
    compiled = true;
    aw_compile_buffer(&comp, "t.xml", text, strlen(text), AW_SPELLING_XML);
    aw_test_compile_diag_at(&comp, "t.xml", AW_SEV_ERROR, "bad-value", 5, AW_NO_COLUMN, "fn", "environment variable "
                            "'AWS_REGION' of function 'fn' is one Lambda sets itself and refuses to take; rename it");
    S_teardown();
    static const char bad_enum[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<diagram archway=\"1\" name=\"t\">\n"
        "  <nodes>\n"
        "    <function id=\"fn\" runtime=\"nodejs22.x\" tracing=\"on\"/>\n"
        "  </nodes>\n"
        "</diagram>\n";
    compiled = true;
    ck_assert_int_ne(aw_compile_buffer(&comp, "t.xml", bad_enum, strlen(bad_enum), AW_SPELLING_XML), AW_COMPILE_OK);
    ck_assert_uint_ge(comp.diags.count, 1);
    ck_assert_uint_eq(comp.diags.items[0].loc.line, 4);
}
END_TEST

static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

/* An environment whose JSON {"V":"xxx..."} takes exactly `bytes` bytes. */
static char *S_environment_of(size_t bytes)
{
    static char text[8192];
    size_t value = bytes - strlen("{\"VV\":\"\"}");
    char *fill = malloc(value + 1);
    memset(fill, 'x', value);
    fill[value] = 0;
    snprintf(text, sizeof text, HEAD FN(", \"environment\": {\"VV\": \"%s\"}") END, fill);
    free(fill);
    return text;
}

START_TEST(test_fn001)
{
    S_expect(S_environment_of(4096), "AW-FN-001", 0);
    S_teardown();
    const aw_diag *d = S_expect(S_environment_of(4097), "AW-FN-001", 1);
    ck_assert_str_eq(d->message, "environment variables of function 'fn' take 4097 bytes as Lambda measures them, "
                                 "over its 4096-byte limit");
    S_teardown();
    /* quotes count escaped, as Lambda's JSON holds them */
    S_expect(HEAD FN(", \"environment\": {\"AB\": \"\\\"\\\"\"}") END, "AW-FN-001", 0);
}
END_TEST

/* Inline code over CloudFormation's 4 MB: longer than any string a diagram
 * may hold (1 MB), so the model is given it directly, as a future front
 * end with a higher cap would. */
START_TEST(test_fn001_inline_code)
{
    S_compile_clean(HEAD FN(", \"inlineCode\": \"x\"") END);
    size_t size = 4u * 1024u * 1024u + 1;
    char *code = aw_arena_alloc(&comp.model->arena, size + 1);
    memset(code, 'x', size);
    code[size] = 0;
    S_node("fn")->as.function.inline_code = code;
    aw_lint_run(&comp, NULL);
    ck_assert_uint_eq(comp.diags.count, 1);
    ck_assert_str_eq(comp.diags.items[0].code, "AW-FN-001");
    ck_assert_str_eq(comp.diags.items[0].message, "inline code of function 'fn' is 4194305 bytes, over the 4194304 "
                                                  "bytes CloudFormation takes inline");
}
END_TEST

START_TEST(test_fn002)
{
    const aw_diag *d = S_expect(HEAD FN(", \"environment\": {\"DB_PASSWORD\": \"hunter2\"}") END, "AW-FN-002", 1);
    ck_assert_str_eq(d->message, "environment variable 'DB_PASSWORD' of function 'fn' is named as a credential and "
                                 "holds a literal value");
    S_teardown();
    d = S_expect(HEAD FN(", \"environment\": {\"KEY_ID\": \"AKIAIOSFODNN7EXAMPLQ\"}") END, "AW-FN-002", 1);
    ck_assert_str_eq(d->message, "environment variable 'KEY_ID' of function 'fn' holds what looks like an AWS access "
                                 "key id (AKIA****)");
    S_teardown();
    /* references say where the secret is kept */
    S_expect(HEAD FN(", \"environment\": {\"DB_PASSWORD\": \"{{resolve:secretsmanager:db}}\", "
                     "\"API_TOKEN\": \"/prod/api/token\", \"CLIENT_SECRET\": "
                     "\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:c\", \"TOKEN_TABLE_NAME\": \"t\"}") END,
             "AW-FN-002", 0);
}
END_TEST

START_TEST(test_fn003)
{
    S_expect(HEAD FN(", \"functionName\": \"a234567890123456789012345678901234567890123456789012345678901234\"") END,
             "AW-FN-003", 0);
    S_teardown();
    S_expect(HEAD FN(", \"functionName\": \"a2345678901234567890123456789012345678901234567890123456789012345\"") END,
             "AW-FN-003", 1);
    S_teardown();
    const aw_diag *d = S_expect(HEAD FN(", \"functionName\": \"same\"") ",\n"
                                "{\"kind\": \"function\", \"id\": \"g\", \"runtime\": \"nodejs22.x\", "
                                "\"functionName\": \"same\"}" END, "AW-FN-003", 1);
    aw_test_assert_element(d, "g");
    ck_assert_str_eq(d->message, "functions 'fn' and 'g' are both named 'same'; the second cannot be created");
    ck_assert_uint_eq(d->loc.line, 3);
}
END_TEST

#define TABLE "{\"kind\": \"datastore\", \"id\": \"t\", \"engine\": \"dynamodb\"},\n" \
              "{\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"rds\"}\n"

START_TEST(test_fn004)
{
    const aw_diag *d = S_expect(HEAD FN(VPC) ",\n" TABLE "], \"edges\": [{\"from\": \"fn\", \"to\": \"t\", \"access\": "
                                "\"read\"}, {\"from\": \"fn\", \"to\": \"db\"}]}\n", "AW-FN-004", 1);
    ck_assert_int_eq(d->severity, AW_SEV_NOTE);
    ck_assert_str_eq(d->message, "function 'fn' runs in a VPC and calls datastore 't', which it reaches only through "
                                 "a VPC endpoint or a NAT gateway of that VPC");
    S_teardown();
    /* outside a VPC, AWS's endpoints are public */
    S_expect(HEAD FN("") ",\n" TABLE "], \"edges\": [{\"from\": \"fn\", \"to\": \"t\", \"access\": \"read\"}]}\n",
             "AW-FN-004", 0);
}
END_TEST

/* The template: the function's resource properties, and its role's. */
static json_t *S_template(const char *text)
{
    S_compile_clean(text);
    aw_artifacts artifacts;
    ck_assert(aw_artifacts_build(&comp, &artifacts));
    json_t *t = NULL;
    for (size_t i = 0; i < artifacts.count; i++)
        if (strcmp(artifacts.items[i].name, "template.json") == 0)
            t = json_loadb(artifacts.items[i].data, artifacts.items[i].len, 0, NULL);
    aw_artifacts_free(&artifacts);
    ck_assert_ptr_nonnull(t);
    return t;
}

static json_t *S_properties(json_t *t, const char *logical)
{
    json_t *p = json_object_get(json_object_get(json_object_get(t, "Resources"), logical), "Properties");
    ck_assert_msg(p != NULL, "no resource %s", logical);
    return p;
}

START_TEST(test_template)
{
    json_t *t = S_template(S_json);
    json_t *fn = S_properties(t, "FnFunction");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(fn, "Code"), "ZipFile")),
                     "def handler(e, c):\n    return 1\n");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "FunctionName")), "orders-fn");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(fn, "TracingConfig"), "Mode")), "Active");
    json_t *vars = json_object_get(json_object_get(fn, "Environment"), "Variables");
    ck_assert_str_eq(json_string_value(json_object_get(vars, "TABLE")), "orders");
    ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(fn, "VpcConfig"), "SubnetIds")), 2);
    json_t *role = S_properties(t, "FnRole");
    /* basic execution, VPC access, X-Ray, and the listed policy */
    json_t *managed = json_object_get(role, "ManagedPolicyArns");
    ck_assert_uint_eq(json_array_size(managed), 4);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(managed, 1), "Fn::Sub")),
                     "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    json_t *statement = json_array_get(json_object_get(json_object_get(json_array_get(
        json_object_get(role, "Policies"), 0), "PolicyDocument"), "Statement"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(statement, "Effect")), "Deny");
    /* a named role: no role resource, the ARN as written; code to package */
    json_t *fn2 = S_properties(t, "Fn2Function");
    ck_assert_str_eq(json_string_value(json_object_get(fn2, "Role")), "arn:aws:iam::123456789012:role/legacy");
    ck_assert_str_eq(json_string_value(json_object_get(fn2, "Code")), "build/fn2.zip");
    ck_assert_ptr_null(json_object_get(json_object_get(t, "Resources"), "Fn2Role"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(fn2, "TracingConfig"), "Mode")),
                     "PassThrough");
    /* no S3 parameters are asked for when no function needs them */
    ck_assert_ptr_null(json_object_get(json_object_get(t, "Parameters"), "CodeBucket"));
    json_decref(t);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lambda configuration");
    TCase *tc = aw_test_tcase(s, "lambda", NULL, S_teardown);
    tcase_add_test(tc, test_json_reads);
    tcase_add_test(tc, test_xml_reads);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_refused_xml);
    tcase_add_test(tc, test_fn001);
    tcase_add_test(tc, test_fn001_inline_code);
    tcase_add_test(tc, test_fn002);
    tcase_add_test(tc, test_fn003);
    tcase_add_test(tc, test_fn004);
    tcase_add_test(tc, test_template);
    return s;
}

AW_TEST_MAIN(S_suite)
