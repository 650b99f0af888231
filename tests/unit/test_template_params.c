/* Deploy-time parameters: declared in either spelling, ${param:Name} in
 * string fields checked with its place, and written into the template as
 * CloudFormation parameters with Ref and Fn::Sub (passed down to nested
 * stacks), while the OpenAPI documents keep the placeholder. */

#include "test_build_support.h"
#include "../../bench/gen_diagram.h"
#include "../../compiler/artifacts.h"

AW_TEST_BUILD_FIXTURE()

static const char *S_str(json_t *root, const char *path)
{
    const char *s = json_string_value(aw_test_json_at(root, path));
    ck_assert_msg(s, "%s is no string", path);
    return s;
}

/* The one diagnostic of the compile, at this place of t.json. */
static void S_only(aw_severity sev, const char *code, unsigned line, unsigned col, const char *element,
                   const char *message)
{
    aw_test_compile_diag_at(&b.c, "t.json", sev, code, line, col, element, message);
}

/* Replaces every `from` in text by `to`; the caller frees the result. */
static char *S_replace(const char *text, const char *from, const char *to)
{
    size_t n = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
        n++;
    char *out = malloc(strlen(text) + n * (tl > fl ? tl - fl : 0) + 1), *w = out;
    ck_assert_ptr_nonnull(out);
    for (const char *p = text, *q; (q = strstr(p, from)) || *p; p = q + fl) {
        size_t keep = q ? (size_t)(q - p) : strlen(p);
        memcpy(w, p, keep);
        w += keep;
        if (!q)
            break;
        memcpy(w, to, tl);
        w += tl;
    }
    *w = '\0';
    return out;
}

/* ---- a diagram that uses every kind of parameter ---------------------------- */

static const char full_json[] =
    "{\"archway\": 1, \"name\": \"t\",\n"
    "\"parameters\": [\n"
    " {\"name\": \"LogLevel\", \"default\": \"info\", \"allowedValues\": [\"debug\", \"info\"],"
    " \"description\": \"how much the function logs\"},\n"
    " {\"name\": \"Subnets\", \"type\": \"CommaDelimitedList\", \"description\": \"subnets\"},\n"
    " {\"name\": \"Backend\", \"description\": \"backend host\"},\n"
    " {\"name\": \"Retention\", \"type\": \"Number\", \"default\": \"30\"}],\n"
    "\"nodes\": [\n"
    "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
    "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"live\", \"api\": \"a\","
    " \"description\": \"logs kept ${param:Retention} days\"},\n"
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\",\n"
    " \"environment\": {\"LEVEL\": \"${param:LogLevel}\", \"NOTE\": \"at ${param:LogLevel}, ${kept}\"},\n"
    " \"vpc\": {\"subnets\": [\"${param:Subnets}\"], \"securityGroups\": [\"sg-0123456789abcdef0\"]}},\n"
    "{\"kind\": \"integration\", \"id\": \"fi\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
    "{\"kind\": \"integration\", \"id\": \"hi\", \"type\": \"http\", \"url\": \"https://${param:Backend}/items\"},\n"
    "{\"kind\": \"route\", \"id\": \"r1\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/f\", \"integration\": \"fi\"},\n"
    "{\"kind\": \"route\", \"id\": \"r2\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/h\", \"integration\": \"hi\"}\n"
    "]}";

static const char full_xml[] =
    "<diagram archway=\"1\" name=\"t\"><nodes>\n"
    "<api id=\"a\" type=\"http\"/>\n"
    "<stage id=\"s\" name=\"live\" api=\"a\" description=\"logs kept ${param:Retention} days\"/>\n"
    "<function id=\"fn\" runtime=\"python3.12\">\n"
    " <environment><entry key=\"LEVEL\" value=\"${param:LogLevel}\"/>"
    "<entry key=\"NOTE\" value=\"at ${param:LogLevel}, ${kept}\"/></environment>\n"
    " <vpc><subnets><subnet>${param:Subnets}</subnet></subnets>"
    "<securityGroups><securityGroup>sg-0123456789abcdef0</securityGroup></securityGroups></vpc>\n"
    "</function>\n"
    "<integration id=\"fi\" type=\"lambda\" function=\"fn\"/>\n"
    "<integration id=\"hi\" type=\"http\" url=\"https://${param:Backend}/items\"/>\n"
    "<route id=\"r1\" api=\"a\" method=\"GET\" path=\"/f\" integration=\"fi\"/>\n"
    "<route id=\"r2\" api=\"a\" method=\"GET\" path=\"/h\" integration=\"hi\"/>\n"
    "</nodes>\n"
    "<parameters>\n"
    " <parameter name=\"LogLevel\" default=\"info\" description=\"how much the function logs\">"
    "<allowedValues><value>debug</value><value>info</value></allowedValues></parameter>\n"
    " <parameter name=\"Subnets\" type=\"CommaDelimitedList\" description=\"subnets\"/>\n"
    " <parameter name=\"Backend\" description=\"backend host\"/>\n"
    " <parameter name=\"Retention\" type=\"Number\" default=\"30\"/>\n"
    "</parameters></diagram>\n";

/* What both spellings deploy: each use in the stack's terms, each
 * parameter declared as written, the OpenAPI document as written. */
static void S_assert_full(void)
{
    const aw_model *m = b.c.model;
    ck_assert_uint_eq(m->parameter_count, 4);
    ck_assert_int_eq(m->parameters[1].type, AW_TPARAM_LIST);
    ck_assert_uint_eq(m->parameters[0].allowed_values.count, 2);
    json_t *t = b.template;
    const char *env = "Resources|FnFunction|Properties|Environment|Variables";
    char path[200];
    snprintf(path, sizeof path, "%s|LEVEL|Ref", env);
    ck_assert_str_eq(S_str(t, path), "LogLevel");
    snprintf(path, sizeof path, "%s|NOTE|Fn::Sub", env);
    ck_assert_str_eq(S_str(t, path), "at ${LogLevel}, ${!kept}");
    /* The list parameter is the whole list of subnets. */
    ck_assert_str_eq(S_str(t, "Resources|FnFunction|Properties|VpcConfig|SubnetIds|Ref"), "Subnets");
    ck_assert_str_eq(S_str(t, "Resources|AApi|Properties|Body|paths|/h|get|x-amazon-apigateway-integration|uri|Fn::Sub"),
                     "https://${Backend}/items");
    ck_assert_str_eq(S_str(t, "Resources|SStage|Properties|Description|Fn::Sub"), "logs kept ${Retention} days");
    ck_assert_str_eq(S_str(t, "Parameters|LogLevel|Type"), "String");
    ck_assert_str_eq(S_str(t, "Parameters|LogLevel|Default"), "info");
    ck_assert_str_eq(S_str(t, "Parameters|LogLevel|AllowedValues|1"), "info");
    ck_assert_str_eq(S_str(t, "Parameters|LogLevel|Description"), "how much the function logs");
    ck_assert_str_eq(S_str(t, "Parameters|Subnets|Type"), "CommaDelimitedList");
    ck_assert_str_eq(S_str(t, "Parameters|Retention|Type"), "Number");
    ck_assert_str_eq(S_str(t, "Parameters|Retention|Default"), "30");
    ck_assert_str_eq(S_str(b.openapi, "paths|/h|get|x-amazon-apigateway-integration|uri"),
                     "https://${param:Backend}/items");
}

START_TEST(test_parameters_json)
{
    S_build(full_json, AW_SPELLING_JSON);
    S_assert_full();
}
END_TEST

START_TEST(test_parameters_xml)
{
    S_build(full_xml, AW_SPELLING_XML);
    S_assert_full();
}
END_TEST

/* The same bytes on every build. */
START_TEST(test_parameters_deterministic)
{
    S_build(full_json, AW_SPELLING_JSON);
    aw_artifacts first = b.artifacts;
    memset(&b.artifacts, 0, sizeof b.artifacts);
    ck_assert(aw_artifacts_build(&b.c, &b.artifacts));
    ck_assert_uint_eq(first.count, b.artifacts.count);
    for (size_t i = 0; i < first.count; i++) {
        ck_assert_uint_eq(first.items[i].len, b.artifacts.items[i].len);
        ck_assert(memcmp(first.items[i].data, b.artifacts.items[i].data, first.items[i].len) == 0);
    }
    aw_artifacts_free(&first);
}
END_TEST

/* A published version names the parameters of the function's settings, so
 * that a new value publishes a new version for the alias. */
START_TEST(test_version_names_parameters)
{
    char *text = S_replace(full_json, "\"runtime\": \"python3.12\",", "\"runtime\": \"python3.12\", "
                           "\"provisionedConcurrency\": 2,");
    S_build(text, AW_SPELLING_JSON);
    free(text);
    const char *key;
    json_t *res;
    size_t versions = 0;
    json_object_foreach(json_object_get(b.template, "Resources"), key, res) {
        if (strcmp(S_str(res, "Type"), "AWS::Lambda::Version") != 0)
            continue;
        versions++;
        const char *description = S_str(res, "Properties|Description|Fn::Sub");
        ck_assert_msg(strstr(description, ", LogLevel ${LogLevel}"), "version description: %s", description);
        ck_assert_ptr_null(strstr(description, "Subnets"));
    }
    ck_assert_uint_eq(versions, 1);
}
END_TEST

/* A stage named by a parameter: the stage and its invoke URL take the
 * value; the output's description, which must stay text, names it. */
START_TEST(test_stage_name_parameter)
{
    char *named = S_replace(full_json, "\"name\": \"live\"", "\"name\": \"${param:Stage}\"");
    char *text = S_replace(named, "\"parameters\": [\n", "\"parameters\": [\n {\"name\": \"Stage\", \"default\": \"live\"},\n");
    free(named);
    S_build(text, AW_SPELLING_JSON);
    free(text);
    ck_assert_str_eq(S_str(b.template, "Resources|SStage|Properties|StageName|Ref"), "Stage");
    ck_assert_str_eq(S_str(b.template, "Outputs|SInvokeUrl|Value|Fn::Sub"),
                     "https://${AApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}");
    ck_assert_str_eq(S_str(b.template, "Outputs|SInvokeUrl|Description"), "invoke URL of stage '<Stage>' of API 'a'");
}
END_TEST

/* A parameter of the diagram may not take the name of one the template
 * makes of its own: the build says which and refuses. */
START_TEST(test_parameter_named_like_the_templates_own)
{
    char *named = S_replace(full_json, "Backend", "CodeBucket");
    aw_test_assert_clean(&b.c, S_compile(named, AW_SPELLING_JSON));
    free(named);
    ck_assert(!aw_artifacts_build(&b.c, &b.artifacts));
    size_t found = 0;
    for (size_t i = 0; i < b.c.diags.count; i++)
        found += b.c.diags.items[i].severity == AW_SEV_ERROR &&
                 strstr(b.c.diags.items[i].message, "parameter 'CodeBucket' of the diagram has the name of the "
                                                     "template's own parameter") != NULL;
    ck_assert_uint_eq(found, 1);
}
END_TEST

/* A placeholder in a field the template writes as a key (a REST selection
 * pattern, a key of the API's body) is refused by the build, on the element. */
START_TEST(test_parameter_in_a_template_key)
{
    aw_test_assert_clean(&b.c, S_compile("{\"archway\": 1, \"name\": \"t\",\n"
                                         "\"parameters\": [{\"name\": \"Pat\"}],\n\"nodes\": [\n"
                                         "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"rest\"},\n"
                                         "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\", \"responses\": "
                                         "[{\"statusCode\": 200}, {\"pattern\": \"${param:Pat}\", \"statusCode\": 400}]},\n"
                                         "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", "
                                         "\"path\": \"/x\", \"integration\": \"i\"},\n"
                                         "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"live\", \"api\": \"a\"}]}",
                                         AW_SPELLING_JSON));
    ck_assert(!aw_artifacts_build(&b.c, &b.artifacts));
    const aw_diag *d = aw_test_one_diag(&b.c.diags, AW_SEV_ERROR, "not-deployable");
    aw_test_assert_loc(&d->loc, "t.json", 4, 1, NULL);
    ck_assert_str_eq(d->message, "parameter 'Pat' stands in \"${param:Pat}\", which the template writes as a key, "
                                 "where CloudFormation fills in nothing");
}
END_TEST

/* ---- what the resolver refuses ---------------------------------------------- */

#define ONE_PARAM_HEAD                                                                                           \
    "{\"archway\": 1, \"name\": \"t\",\n"                                                                      \
    "\"parameters\": [{\"name\": \"Level\", \"default\": \"info\", \"allowedValues\": [\"info\", \"debug\"]}],\n" \
    "\"nodes\": [\n"                                                                                           \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\",\n"

/* A diagram, and the one diagnostic it gives: severity, code, line and
 * column in t.json, element, message. */
static const struct {
    const char *diagram;
    aw_severity sev;
    const char *code;
    unsigned line, col;
    const char *element, *message;
} refusals[] = {
    {ONE_PARAM_HEAD " \"environment\": {\"AA\": \"${param:Level}\", \"BB\": \"${param:Levl}\"}}\n]}",
     AW_SEV_ERROR, "unknown-parameter", 5, 48, "fn",
     "'environment' of 'fn' uses parameter 'Levl', which the diagram's 'parameters' do not declare; did you mean "
     "'Level'?"},
    {ONE_PARAM_HEAD " \"environment\": {\"AA\": \"info\"}}\n]}", AW_SEV_WARNING, "unused-parameter", 2, 25, NULL,
     "parameter 'Level' is declared but no field uses it; write ${param:Level} where its value goes, or remove it"},
    {"{\"archway\": 1, \"name\": \"t\",\n"
     "\"parameters\": [{\"name\": \"Level\",\n"
     "  \"default\": \"loud\", \"allowedValues\": [\"info\"]}],\n"
     "\"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"description\": \"${param:Level}\"}]}",
     AW_SEV_ERROR, "bad-parameter", 3, 14, NULL,
     "the default \"loud\" of parameter 'Level' is not one of its allowedValues"},
    {"{\"archway\": 1, \"name\": \"t\",\n"
     "\"parameters\": [{\"name\": \"Days\", \"type\": \"Number\", \"default\": \"a week\"}],\n"
     "\"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"description\": \"${param:Days}\"}]}",
     AW_SEV_ERROR, "bad-parameter", 2, 62, NULL, "parameter 'Days' is a Number, but its default \"a week\" is not"},
    {"{\"archway\": 1, \"name\": \"t\",\n"
     "\"parameters\": [{\"name\": \"Hosts\", \"type\": \"CommaDelimitedList\"}],\n"
     "\"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\",\n"
     " \"description\": \"hosts: ${param:Hosts}\"}]}",
     AW_SEV_ERROR, "bad-parameter", 4, 17, "a",
     "'description' of 'a' holds list parameter 'Hosts' among other text; a CommaDelimitedList stands alone in its "
     "string"},
    {ONE_PARAM_HEAD " \"tags\": {\"${param:Level}\": \"x\", \"level\": \"${param:Level}\"}}\n]}",
     AW_SEV_ERROR, "bad-parameter", 5, 29, "fn",
     "'tags' of 'fn' holds ${param:Level} in a key, which a template cannot fill in"},
    {"{\"archway\": 1,\n \"name\": \"shop ${param:Env}\",\n"
     "\"parameters\": [{\"name\": \"Env\"}],\n"
     "\"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"description\": \"${param:Env}\"}]}",
     AW_SEV_ERROR, "bad-parameter", 2, 10, NULL,
     "'name' holds ${param:Env} in a field of the diagram itself; parameters fill in fields of elements and edges"},
    {"{\"archway\": 1, \"name\": \"t\",\n"
     "\"parameters\": [{\"name\": \"Env\"},\n {\"name\": \"Env\"}],\n"
     "\"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\", \"description\": \"${param:Env}\"}]}",
     AW_SEV_ERROR, "duplicate-parameter", 3, 11, NULL, "the diagram declares parameter 'Env' twice"},
    {ONE_PARAM_HEAD " \"environment\": {\"AA\": \"${param:Level}\", \"BB\": \"${param:}\"}}\n]}",
     AW_SEV_ERROR, "bad-parameter", 5, 48, "fn",
     "'environment' of 'fn' holds ${param:}; write a parameter as ${param:NAME}, NAME letters and digits, such as "
     "${param:StageName}"},
};

START_TEST(test_refused)
{
    aw_compile_status st = S_compile(refusals[_i].diagram, AW_SPELLING_JSON);
    ck_assert_int_eq(st == AW_COMPILE_OK, refusals[_i].sev != AW_SEV_ERROR);
    S_only(refusals[_i].sev, refusals[_i].code, refusals[_i].line, refusals[_i].col, refusals[_i].element,
           refusals[_i].message);
}
END_TEST

START_TEST(test_undeclared_parameter_xml)
{
    ck_assert_int_ne(S_compile("<diagram archway=\"1\" name=\"t\"><nodes>\n"
                               "<integration id=\"h\" type=\"http\"\n"
                               "  url=\"https://${param:Host}/\"/>\n"
                               "</nodes></diagram>\n", AW_SPELLING_XML), AW_COMPILE_OK);
    aw_test_compile_diag_at(&b.c, "t.xml", AW_SEV_ERROR, "unknown-parameter", 2, AW_NO_COLUMN, "h",
                            "'url' of 'h' uses parameter 'Host', which the diagram's 'parameters' do not declare");
}
END_TEST

/* The builder marks the elements none of whose strings holds "${", and the
 * passes over markers skip only those: a placeholder in an XML map entry's
 * key or value, a list item or a sub-object is still found. */
START_TEST(test_markers_found_in_every_place)
{
    ck_assert_int_ne(S_compile("<diagram archway=\"1\" name=\"t\"><nodes>\n"
                               "<api id=\"a\" type=\"http\"/>\n"
                               "<function id=\"f1\" runtime=\"python3.12\"><environment>\n"
                               "  <entry key=\"AA\" value=\"${param:Value}\"/></environment></function>\n"
                               "<function id=\"f2\" runtime=\"python3.12\"><tags>\n"
                               "  <entry key=\"${param:Key}\" value=\"v\"/></tags></function>\n"
                               "<vpcLink id=\"l\"><subnets><subnet>${param:Item}</subnet></subnets></vpcLink>\n"
                               "</nodes></diagram>\n", AW_SPELLING_XML), AW_COMPILE_OK);
    static const char *const used[] = {"parameter 'Value'", "${param:Key}", "parameter 'Item'"};
    for (size_t u = 0; u < sizeof used / sizeof used[0]; u++) {
        size_t found = 0;
        for (size_t i = 0; i < b.c.diags.count; i++)
            found += strstr(b.c.diags.items[i].message, used[u]) != NULL;
        ck_assert_msg(found == 1, "parameter %s reported %zu times", used[u], found);
    }
    ck_assert(aw_model_find(b.c.model, "a")->plain_text);
    ck_assert(!aw_model_find(b.c.model, "f1")->plain_text);
    ck_assert(!aw_model_find(b.c.model, "f2")->plain_text);
    ck_assert(!aw_model_find(b.c.model, "l")->plain_text);
}
END_TEST

/* The diagram's own fields are marked the same way: a placeholder in an
 * edge's list or a key of the diagram's tags is found, and a diagram
 * without one is marked plain (its elements' markers are their own). */
START_TEST(test_diagram_markers)
{
    static const char *const nodes = "\"nodes\": [{\"kind\": \"function\", \"id\": \"f\", \"runtime\": "
                                     "\"python3.12\", \"description\": \"${param:Own}\"},\n"
                                     "{\"kind\": \"datastore\", \"id\": \"d\", \"engine\": \"dynamodb\"}]";
    static const struct {
        const char *fields, *used;
    } cases[] = {
        {"\"edges\": [{\"from\": \"f\", \"to\": \"d\", \"actions\": [\"${param:Act}\"]}],\n", "parameter 'Act'"},
        {"\"tags\": {\"${param:Key}\": \"v\"},\n", "${param:Key}"},
        {"\"edges\": [{\"from\": \"f\", \"to\": \"d\", \"actions\": [\"dynamodb:GetItem\"]}],\n", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "{\"archway\": 1, \"name\": \"t\",\n%s%s}", cases[i].fields, nodes);
        ck_assert_int_ne(S_compile(text, AW_SPELLING_JSON), AW_COMPILE_OK);
        ck_assert_int_eq(b.c.model->plain_text, cases[i].used == NULL);
        ck_assert(!aw_model_find(b.c.model, "f")->plain_text);
        ck_assert(aw_model_find(b.c.model, "d")->plain_text);
        size_t found = 0, own = 0;
        for (size_t k = 0; k < b.c.diags.count; k++) {
            found += cases[i].used && strstr(b.c.diags.items[k].message, cases[i].used) != NULL;
            own += strstr(b.c.diags.items[k].message, "parameter 'Own'") != NULL;
        }
        ck_assert_msg(found == (cases[i].used != NULL), "%s reported %zu times", cases[i].used, found);
        ck_assert_uint_eq(own, 1);
        aw_test_built_free(&b);
    }
}
END_TEST

/* More parameters than a template takes: one error, at the first too many,
 * and no scan of the uses. */
START_TEST(test_too_many_parameters)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, "{\"archway\": 1, \"name\": \"t\",\n\"parameters\": [\n");
    for (int i = 0; i < 201; i++)
        aw_strbuf_printf(&text, "%s{\"name\": \"P%d\"}\n", i ? "," : "", i);
    aw_strbuf_puts(&text, "]}");
    ck_assert_int_ne(S_compile(text.data, AW_SPELLING_JSON), AW_COMPILE_OK);
    aw_strbuf_free(&text);
    S_only(AW_SEV_ERROR, "too-many-parameters", 203, 2, NULL,
           "the diagram declares 201 parameters; a CloudFormation template takes at most 200");
}
END_TEST

/* ---- nested stacks ------------------------------------------------------------ */

static json_t *S_file(const char *name)
{
    for (size_t i = 0; i < b.artifacts.count; i++)
        if (strcmp(b.artifacts.items[i].name, name) == 0)
            return json_loadb(b.artifacts.items[i].data, b.artifacts.items[i].len, 0, NULL);
    return NULL;
}

/* An estate too big for one stack whose functions are tagged with a
 * string and a list parameter: every child that uses them declares them
 * with their type, and the root gives them, the list joined. */
START_TEST(test_parameters_reach_nested_stacks)
{
    size_t len;
    char *text = aw_bench_generate_json(400, &len);
    char *tagged = S_replace(text, "{\"service\": \"", "{\"zones\": \"${param:Zones}\", \"team-of\": \"${param:Team}\", "
                                                      "\"service\": \"");
    char *declared = S_replace(tagged, "\"archway\": 1,", "\"archway\": 1, \"parameters\": [{\"name\": \"Team\", "
                               "\"allowedValues\": [\"red\", \"blue\"]}, {\"name\": \"Zones\", \"type\": "
                               "\"CommaDelimitedList\"}],");
    free(text);
    free(tagged);
    b.compiled = true;
    aw_compile_status st = aw_compile_buffer(&b.c, "estate.json", declared, strlen(declared), AW_SPELLING_JSON);
    free(declared);
    ck_assert_int_eq(st, AW_COMPILE_OK);
    ck_assert(aw_artifacts_build(&b.c, &b.artifacts));
    json_t *root = S_file("template.json");
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(S_str(root, "Parameters|Zones|Type"), "CommaDelimitedList");
    ck_assert_str_eq(S_str(root, "Parameters|Team|AllowedValues|0"), "red");
    size_t children = 0;
    const char *key;
    json_t *res;
    json_object_foreach(json_object_get(root, "Resources"), key, res) {
        json_t *given = aw_test_json_at(res, "Properties|Parameters");
        if (strcmp(S_str(res, "Type"), "AWS::CloudFormation::Stack") != 0 || !json_object_get(given, "Team"))
            continue;
        children++;
        ck_assert_str_eq(S_str(given, "Team|Ref"), "Team");
        ck_assert_str_eq(S_str(given, "Zones|Fn::Join|0"), ",");
        ck_assert_str_eq(S_str(given, "Zones|Fn::Join|1|Ref"), "Zones");
        char name[64];
        snprintf(name, sizeof name, "%s", S_str(res, "Properties|TemplateURL"));
        json_t *child = S_file(name);
        ck_assert_ptr_nonnull(child);
        ck_assert_str_eq(S_str(child, "Parameters|Zones|Type"), "CommaDelimitedList");
        ck_assert_str_eq(S_str(child, "Parameters|Team|AllowedValues|1"), "blue");
        json_decref(child);
    }
    ck_assert_uint_gt(children, 1);
    json_decref(root);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("template_params");
    TCase *tc = aw_test_tcase(s, "emitted", NULL, S_teardown);
    tcase_add_test(tc, test_parameters_json);
    tcase_add_test(tc, test_parameters_xml);
    tcase_add_test(tc, test_parameters_deterministic);
    tcase_add_test(tc, test_version_names_parameters);
    tcase_add_test(tc, test_stage_name_parameter);
    tcase_add_test(tc, test_parameter_named_like_the_templates_own);
    tcase_add_test(tc, test_parameter_in_a_template_key);
    tc = aw_test_tcase(s, "refused", NULL, S_teardown);
    tcase_add_loop_test(tc, test_refused, 0, (int)(sizeof refusals / sizeof refusals[0]));
    tcase_add_test(tc, test_undeclared_parameter_xml);
    tcase_add_test(tc, test_markers_found_in_every_place);
    tcase_add_test(tc, test_diagram_markers);
    tcase_add_test(tc, test_too_many_parameters);
    tc = aw_test_tcase(s, "nested stacks", NULL, S_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_parameters_reach_nested_stacks);
    return s;
}

AW_TEST_MAIN(S_suite)
