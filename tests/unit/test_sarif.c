/* Unit tests of the SARIF log of `check --format sarif` (compiler/lint_sarif.c),
 * read back with jansson the way a code-review tool reads it: suppressed
 * findings, levels, locations and related ones, descriptors, URIs. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/lint.h"
#include "../../compiler/lint_sarif.h"
#include "../../compiler/version.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
#define API "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
#define FN "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n" \
           "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
#define ROUTE(extra) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                     "\"integration\": \"integ\"" extra "}\n"
#define END "]}\n"

static json_t *sarif;      /* the log under test, read back */
static aw_arena arena;      /* for diagnostics made by hand */
static aw_diags diags;
static bool have_diags;

static void S_free_all(void)
{
    S_teardown();
    json_decref(sarif);
    sarif = NULL;
    if (have_diags) {
        aw_diags_free(&diags);
        aw_arena_free(&arena);
        have_diags = false;
    }
}

/* A fresh list for diagnostics made by hand. */
static aw_diags *S_diags(void)
{
    ck_assert(!have_diags);
    aw_arena_init(&arena);
    aw_diags_init(&diags, &arena);
    have_diags = true;
    return &diags;
}

/* Writes the log of a run into out (caller frees). */
static void S_write_raw(const aw_sarif_input *inputs, size_t count, const char *base_dir, int exit_code,
                        aw_strbuf *out)
{
    aw_sarif_run run = {.inputs = inputs, .input_count = count, .base_dir = base_dir, .exit_code = exit_code,
                        .successful = exit_code != 2};
    aw_sarif_write(&run, out);
}

/* Writes the log of a run and reads it back into `sarif`. */
static void S_write(const aw_sarif_input *inputs, size_t count, const char *base_dir, int exit_code)
{
    aw_strbuf out = AW_STRBUF_INIT;
    S_write_raw(inputs, count, base_dir, exit_code, &out);
    json_error_t error;
    sarif = json_loadb(out.data, out.len, JSON_REJECT_DUPLICATES, &error);
    ck_assert_msg(sarif != NULL, "the log is not JSON: %s (line %d)", error.text, error.line);
    aw_strbuf_free(&out);
}

/* Lints the compile of text (which must compile cleanly) and writes its log,
 * the file named t.json in /src. */
static void S_lint_and_write(const char *text)
{
    S_compile_clean(text);
    aw_lint_run(&comp, NULL);
    aw_sarif_input input = {"t.json", &comp.diags};
    S_write(&input, 1, "/src", comp.status == AW_COMPILE_OK ? 0 : 1);
}

/* The value at path in the log: "runs/0/results/1/level", array indexes as
 * numbers; NULL if there is none. */
static json_t *S_at(const char *path)
{
    json_t *v = sarif;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *part = strtok(buf, "/"); part && v; part = strtok(NULL, "/"))
        v = json_is_array(v) ? json_array_get(v, strtoul(part, NULL, 10)) : json_object_get(v, part);
    return v;
}

static const char *S_str(const char *path)
{
    json_t *v = S_at(path);
    ck_assert_msg(json_is_string(v), "no string at %s", path);
    return json_string_value(v);
}

static long long S_int(const char *path)
{
    json_t *v = S_at(path);
    ck_assert_msg(json_is_integer(v), "no integer at %s", path);
    return json_integer_value(v);
}

static size_t S_size(const char *path)
{
    json_t *v = S_at(path);
    ck_assert_msg(json_is_array(v), "no array at %s", path);
    return json_array_size(v);
}

static size_t S_rule_index(const char *id)
{
    const aw_rule *rule = aw_rule_find(id);
    ck_assert_ptr_nonnull(rule);
    return (size_t)(rule - aw_rules);
}

/* ---- findings ------------------------------------------------------------------ */

START_TEST(test_suppressed_finding_listed_with_justification)
{
    S_lint_and_write(HEAD API FN ROUTE(", \"suppress\": [{\"rule\": \"AW-SEC-001\", \"reason\": \"status page\"}]") END);
    ck_assert_uint_eq(S_size("runs/0/results"), 1);
    ck_assert_str_eq(S_str("runs/0/results/0/ruleId"), "AW-SEC-001");
    ck_assert_str_eq(S_str("runs/0/results/0/level"), "warning");
    ck_assert_uint_eq(S_size("runs/0/results/0/suppressions"), 1);
    ck_assert_str_eq(S_str("runs/0/results/0/suppressions/0/kind"), "inSource");
    ck_assert_str_eq(S_str("runs/0/results/0/suppressions/0/justification"), "status page");
    ck_assert_int_eq(S_int("runs/0/invocations/0/exitCode"), 0);
}
END_TEST

START_TEST(test_finding_places_and_related_location)
{
    S_lint_and_write(HEAD API FN ROUTE("") END);
    ck_assert_uint_eq(S_size("runs/0/results"), 1);
    size_t index = S_rule_index("AW-SEC-001");
    ck_assert_int_eq(S_int("runs/0/results/0/ruleIndex"), (long long)index);
    char path[64];
    snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/id", index);
    ck_assert_str_eq(S_str(path), "AW-SEC-001");
    ck_assert_ptr_null(S_at("runs/0/results/0/suppressions"));
    ck_assert_str_eq(S_str("runs/0/results/0/message/text"),
                     "route 'r' (GET /p) has no authorizer and no API key: anyone who can reach the API can call it");
    ck_assert_str_eq(S_str("runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri"), "t.json");
    ck_assert_str_eq(S_str("runs/0/results/0/locations/0/physicalLocation/artifactLocation/uriBaseId"), "SRCROOT");
    ck_assert_int_eq(S_int("runs/0/results/0/locations/0/physicalLocation/region/startLine"), 5);
    ck_assert_int_eq(S_int("runs/0/results/0/locations/0/physicalLocation/region/startColumn"), 1);
    ck_assert_str_eq(S_str("runs/0/results/0/locations/0/logicalLocations/0/name"), "r");
    ck_assert_str_eq(S_str("runs/0/results/0/locations/0/logicalLocations/1/fullyQualifiedName"), "/nodes/3");
    ck_assert_uint_eq(S_size("runs/0/results/0/relatedLocations"), 1);
    ck_assert_str_eq(S_str("runs/0/results/0/relatedLocations/0/message/text"),
                     "API 'api' is reachable from the internet");
    ck_assert_int_eq(S_int("runs/0/results/0/relatedLocations/0/physicalLocation/region/startLine"), 2);
    ck_assert_int_eq(S_int("runs/0/results/0/relatedLocations/0/physicalLocation/region/startColumn"), 1);
}
END_TEST

START_TEST(test_file_without_findings_has_empty_results)
{
    S_lint_and_write(HEAD API FN "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
                     ROUTE(", \"authorizer\": \"iam\"") END);
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_uint_eq(S_size("runs"), 1);
    ck_assert_uint_eq(S_size("runs/0/results"), 0);
    ck_assert_uint_eq(S_size("runs/0/artifacts"), 1);
    ck_assert_str_eq(S_str("runs/0/artifacts/0/location/uri"), "t.json");
    ck_assert_str_eq(S_str("runs/0/artifacts/0/roles/0"), "analysisTarget");
    ck_assert(json_is_true(S_at("runs/0/invocations/0/executionSuccessful")));
    ck_assert_str_eq(S_str("version"), "2.1.0");
    ck_assert_str_eq(S_str("runs/0/columnKind"), "unicodeCodePoints");
    ck_assert_str_eq(S_str("runs/0/tool/driver/name"), "archway");
    ck_assert_str_eq(S_str("runs/0/tool/driver/version"), AW_VERSION);
    ck_assert_str_eq(S_str("runs/0/tool/driver/informationUri"), AW_HOME_URL);
    /* the whole catalogue, even with nothing found */
    ck_assert_uint_eq(S_size("runs/0/tool/driver/rules"), aw_rule_count);
}
END_TEST

/* ---- levels and descriptors --------------------------------------------------------- */

START_TEST(test_levels_and_compiler_codes)
{
    aw_diags *d = S_diags();
    aw_loc json_loc = {"t.json", "/nodes/0", 3, 7};
    aw_loc xml_loc = {"t.json", "/diagram/nodes/api/@type", 4, AW_NO_COLUMN};
    aw_loc whole_file = {"t.json", NULL, 0, AW_NO_COLUMN};
    aw_diag_add(d, AW_SEV_NOTE, "AW-OBS-003", &json_loc, "a note");
    aw_diag_add(d, AW_SEV_WARNING, "unused-field", &xml_loc, "a warning");
    aw_diag_add(d, AW_SEV_ERROR, "too-complex", &whole_file, "an error");
    aw_diag_add(d, AW_SEV_ERROR, "bad-id", &json_loc, "another error");
    aw_sarif_input input = {"t.json", d};
    S_write(&input, 1, "/src", 1);

    ck_assert_str_eq(S_str("runs/0/results/0/level"), "note");
    ck_assert_str_eq(S_str("runs/0/results/1/level"), "warning");
    ck_assert_str_eq(S_str("runs/0/results/2/level"), "error");
    /* a line but no column (XML); no line at all: an empty region at the start */
    ck_assert_int_eq(S_int("runs/0/results/1/locations/0/physicalLocation/region/startLine"), 4);
    ck_assert_ptr_null(S_at("runs/0/results/1/locations/0/physicalLocation/region/startColumn"));
    ck_assert_ptr_null(S_at("runs/0/results/2/locations/0/physicalLocation/region/startLine"));
    ck_assert_int_eq(S_int("runs/0/results/2/locations/0/physicalLocation/region/charOffset"), 0);
    ck_assert_int_eq(S_int("runs/0/results/2/locations/0/physicalLocation/region/charLength"), 0);
    ck_assert_ptr_null(S_at("runs/0/results/2/locations/0/logicalLocations"));

    /* the catalogue in order, then the compiler's codes that occur, sorted */
    ck_assert_uint_eq(S_size("runs/0/tool/driver/rules"), aw_rule_count + 3);
    char path[96];
    for (size_t i = 0; i < aw_rule_count; i++) {
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/id", i);
        ck_assert_str_eq(S_str(path), aw_rules[i].id);
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/defaultConfiguration/level", i);
        ck_assert_str_eq(S_str(path), aw_severity_name(aw_rules[i].severity));
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/properties/category", i);
        ck_assert_str_eq(S_str(path), aw_rule_category_name(aw_rules[i].category));
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/help/text", i);
        ck_assert_str_eq(S_str(path), aw_rules[i].explanation);
    }
    const char *codes[] = {"bad-id", "too-complex", "unused-field"};
    const char *names[] = {"CompilerBadId", "CompilerTooComplex", "CompilerUnusedField"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/id", aw_rule_count + i);
        ck_assert_str_eq(S_str(path), codes[i]);
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/name", aw_rule_count + i);
        ck_assert_str_eq(S_str(path), names[i]);
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/helpUri", aw_rule_count + i);
        ck_assert_str_eq(S_str(path), AW_HOME_URL "/blob/main/docs/diagram-format.md");
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/help/text", aw_rule_count + i);
        ck_assert_ptr_nonnull(strstr(S_str(path), "docs/diagram-format.md"));
    }
    ck_assert_int_eq(S_int("runs/0/results/0/ruleIndex"), (long long)S_rule_index("AW-OBS-003"));
    ck_assert_int_eq(S_int("runs/0/results/1/ruleIndex"), (long long)aw_rule_count + 2);
    ck_assert_int_eq(S_int("runs/0/results/2/ruleIndex"), (long long)aw_rule_count + 1);
    ck_assert_int_eq(S_int("runs/0/results/3/ruleIndex"), (long long)aw_rule_count);
}
END_TEST

START_TEST(test_rule_names_and_help)
{
    aw_sarif_input input = {"t.json", S_diags()};
    S_write(&input, 1, "/src", 0);
    char path[96];
    snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/name", S_rule_index("AW-OBS-003"));
    ck_assert_str_eq(S_str(path), "ProductionRestStageWithoutXrayTracing");    /* "REST", "X-Ray" */
    snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/helpUri", S_rule_index("AW-SEC-001"));
    ck_assert_str_eq(S_str(path), AW_HOME_URL "/blob/main/docs/rules.md#aw-sec-001");
    /* every name is PascalCase: letters and digits, a capital first, never two in a row */
    for (size_t i = 0; i < aw_rule_count; i++) {
        snprintf(path, sizeof path, "runs/0/tool/driver/rules/%zu/name", i);
        const char *name = S_str(path);
        ck_assert_msg(name[0] >= 'A' && name[0] <= 'Z', "%s", name);
        for (const char *p = name; *p; p++) {
            bool upper = *p >= 'A' && *p <= 'Z';
            ck_assert_msg(upper || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'), "%s", name);
            ck_assert_msg(!(upper && p > name && p[-1] >= 'A' && p[-1] <= 'Z'), "%s", name);
        }
    }
}
END_TEST

/* ---- files and URIs --------------------------------------------------------------- */

START_TEST(test_uris_of_inputs)
{
    aw_diags *d = S_diags();
    aw_loc config = {"conf/archway.json", "/rules", 2, 3};
    aw_diag_add(d, AW_SEV_ERROR, "unknown-rule", &config, "from a configuration file");
    aw_diags empty;
    aw_diags_init(&empty, &arena);
    aw_sarif_input inputs[] = {
        {"dir with space/\xc3\xa4#1.json", d}, {"/abs/x.xml", &empty}, {"../up.json", &empty},
        {"./a/../b.json", &empty},           {"-", &empty},         {"b.json", &empty},
    };
    S_write(inputs, 6, "/src/my dir", 1);
    ck_assert_str_eq(S_str("runs/0/originalUriBaseIds/SRCROOT/uri"), "file:///src/my%20dir/");
    ck_assert_str_eq(S_str("runs/0/artifacts/0/location/uri"), "dir%20with%20space/%C3%A4%231.json");
    ck_assert_str_eq(S_str("runs/0/artifacts/0/location/uriBaseId"), "SRCROOT");
    ck_assert_str_eq(S_str("runs/0/artifacts/0/mimeType"), "application/json");
    ck_assert_str_eq(S_str("runs/0/artifacts/1/location/uri"), "file:///abs/x.xml");
    ck_assert_ptr_null(S_at("runs/0/artifacts/1/location/uriBaseId"));
    ck_assert_str_eq(S_str("runs/0/artifacts/1/mimeType"), "application/xml");
    ck_assert_str_eq(S_str("runs/0/artifacts/2/location/uri"), "file:///src/up.json");   /* leaves %SRCROOT% */
    ck_assert_str_eq(S_str("runs/0/artifacts/3/location/uri"), "b.json");
    ck_assert_str_eq(S_str("runs/0/artifacts/4/description/text"), "standard input");
    ck_assert_ptr_null(S_at("runs/0/artifacts/4/location"));
    /* b.json again: the same file, the same artifact; then the file the diagnostic named */
    ck_assert_str_eq(S_str("runs/0/artifacts/5/location/uri"), "conf/archway.json");
    ck_assert_ptr_null(S_at("runs/0/artifacts/5/roles"));
    ck_assert_uint_eq(S_size("runs/0/artifacts"), 6);
    ck_assert_int_eq(S_int("runs/0/results/0/locations/0/physicalLocation/artifactLocation/index"), 5);
    json_decref(sarif);

    /* where %SRCROOT% is is unknown: relative paths stay as written */
    S_write(&inputs[2], 1, NULL, 0);
    ck_assert_ptr_null(S_at("runs/0/originalUriBaseIds"));
    ck_assert_str_eq(S_str("runs/0/artifacts/0/location/uri"), "../up.json");
    ck_assert_str_eq(S_str("runs/0/artifacts/0/location/uriBaseId"), "SRCROOT");
    aw_diags_free(&empty);
}
END_TEST

/* ---- the run ------------------------------------------------------------------------ */

START_TEST(test_cut_list_and_unreadable_input)
{
    aw_diags *d = S_diags();
    d->limit = 2;
    aw_loc loc = {"t.json", NULL, 1, 1};
    for (int i = 0; i < 3; i++)
        aw_diag_add(d, AW_SEV_ERROR, "bad-value", &loc, "error %d", i);
    ck_assert(d->truncated);
    aw_sarif_input input = {"t.json", d};
    S_write(&input, 1, "/src", 2);
    ck_assert(json_is_false(S_at("runs/0/invocations/0/executionSuccessful")));
    ck_assert_int_eq(S_int("runs/0/invocations/0/exitCode"), 2);
    ck_assert_uint_eq(S_size("runs/0/results"), 2);
    ck_assert_str_eq(S_str("runs/0/invocations/0/toolExecutionNotifications/0/level"), "warning");
    ck_assert_str_eq(S_str("runs/0/invocations/0/toolExecutionNotifications/0/message/text"),
                     "Only the first 2 diagnostics of this file are listed.");
}
END_TEST

START_TEST(test_same_bytes_every_time)
{
    S_compile_clean(HEAD API FN ROUTE("") END);
    aw_lint_run(&comp, NULL);
    aw_sarif_input input = {"t.json", &comp.diags};
    aw_strbuf a = AW_STRBUF_INIT, b = AW_STRBUF_INIT;
    S_write_raw(&input, 1, "/src", 0, &a);
    S_write_raw(&input, 1, "/src", 0, &b);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.data, b.data, a.len) == 0);
    aw_strbuf_free(&a);
    aw_strbuf_free(&b);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sarif");
    TCase *tc = aw_test_tcase(s, "findings", NULL, S_free_all);
    tcase_add_test(tc, test_suppressed_finding_listed_with_justification);
    tcase_add_test(tc, test_finding_places_and_related_location);
    tcase_add_test(tc, test_file_without_findings_has_empty_results);
    tc = aw_test_tcase(s, "descriptors", NULL, S_free_all);
    tcase_add_test(tc, test_levels_and_compiler_codes);
    tcase_add_test(tc, test_rule_names_and_help);
    tc = aw_test_tcase(s, "files", NULL, S_free_all);
    tcase_add_test(tc, test_uris_of_inputs);
    tc = aw_test_tcase(s, "run", NULL, S_free_all);
    tcase_add_test(tc, test_cut_list_and_unreadable_input);
    tcase_add_test(tc, test_same_bytes_every_time);
    return s;
}

AW_TEST_MAIN(S_suite)
