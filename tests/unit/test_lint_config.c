/* Unit tests of project configuration files (compiler/lint_config.c):
 * what a file sets and in which order, each kind of mistake with its
 * place and wording, how a file is found beside a diagram and read once,
 * and how its settings combine with the command line's. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../compiler/lint_config.h"
#include "test_support.h"

static aw_lint_config_file file;

static void S_teardown(void)
{
    aw_lint_config_file_free(&file);
}

static aw_compile_status S_parse(const char *text)
{
    return aw_lint_config_parse(&file, "archway.json", text, strlen(text));
}

/* The file's one mistake: an error with this code, place and wording. */
static void S_only_error(const char *code, unsigned line, unsigned col, const char *message)
{
    ck_assert_int_eq(file.status, AW_COMPILE_ERRORS);
    const aw_diag *d = aw_test_one_diag(&file.diags, AW_SEV_ERROR, code);
    aw_test_assert_loc(&d->loc, "archway.json", line, col, NULL);
    ck_assert_str_eq(d->message, message);
}

/* The level the file gives a rule, the last override winning as in the
 * lint engine; AW_LEVEL_DEFAULT if it says nothing of it. */
static aw_rule_level S_level_of(const char *id)
{
    aw_rule_level level = AW_LEVEL_DEFAULT;
    for (size_t i = 0; i < file.override_count; i++)
        if (file.overrides[i].rule == aw_rule_find(id))
            level = file.overrides[i].level;
    return level;
}

/* ---- what a file sets ---------------------------------------------------- */

START_TEST(test_empty_object_sets_nothing)
{
    ck_assert_int_eq(S_parse("{}"), AW_COMPILE_OK);
    ck_assert_uint_eq(file.diags.count, 0);
    ck_assert_uint_eq(file.override_count, 0);
    ck_assert_int_eq(file.werror, -1);
    ck_assert_int_eq(file.unused_suppressions, AW_LEVEL_DEFAULT);
}
END_TEST

START_TEST(test_rule_beats_its_category_in_any_order)
{
    ck_assert_int_eq(S_parse("{\"rules\": {\"AW-SEC-001\": \"warning\", \"Security\": \"off\", "
                             "\"aw-thr-006\": \"error\"}, \"werror\": true, \"unusedSuppressions\": \"note\"}"),
                     AW_COMPILE_OK);
    ck_assert_int_eq(S_level_of("AW-SEC-001"), AW_LEVEL_WARNING);
    ck_assert_int_eq(S_level_of("AW-SEC-002"), AW_LEVEL_OFF);
    ck_assert_int_eq(S_level_of("AW-SEC-013"), AW_LEVEL_OFF);
    ck_assert_int_eq(S_level_of("AW-THR-006"), AW_LEVEL_ERROR);
    ck_assert_int_eq(S_level_of("AW-THR-001"), AW_LEVEL_DEFAULT);
    ck_assert_int_eq(file.werror, 1);
    ck_assert_int_eq(file.unused_suppressions, AW_LEVEL_NOTE);
    /* every security rule once for the category, then the two rules */
    size_t security = 0;
    for (size_t i = 0; i < aw_rule_count; i++)
        security += aw_rules[i].category == AW_CAT_SECURITY;
    ck_assert_uint_eq(file.override_count, security + 2);
}
END_TEST

/* ---- mistakes ------------------------------------------------------------- */

/* One mistake per file, with the one error it must give. */
static const struct {
    const char *text, *code;
    unsigned line, col;
    const char *message;
} S_mistakes[] = {
    {"{\"werror\": false,\n \"rule\": {}}", "unknown-field", 2, 2,
     "unknown key 'rule' in the configuration (rules, unusedSuppressions or werror); did you mean 'rules'?"},
    {"{\"rules\": {\"AW-CAP-01\": \"off\"}}", "unknown-rule", 1, 12,
     "unknown rule or category 'AW-CAP-01'; did you mean 'AW-CAP-001'?"},
    {"{\"rules\": {\"capasity\": \"off\"}}", "unknown-rule", 1, 12,
     "unknown rule or category 'capasity'; did you mean 'capacity'?"},
    {"{\"rules\": {\"everything\": \"off\"}}", "unknown-rule", 1, 12,
     "unknown rule or category 'everything' (see 'archway rules')"},
    {"{\"rules\": {\"AW-SEC-001\": \"warn\"}}", "bad-value", 1, 26,
     "level 'warn' of rule 'AW-SEC-001' is not off, note, warning or error"},
    {"{\"unusedSuppressions\": \"of\"}", "bad-value", 1, 24,
     "level 'of' of 'unusedSuppressions' is not off, note, warning or error; did you mean 'off'?"},
    {"{\"rules\": {\"cost\": false}}", "wrong-type", 1, 20,
     "the level of category 'cost' must be a string (off, note, warning or error), found boolean"},
    {"{\"rules\": [\"AW-SEC-001\"]}", "wrong-type", 1, 11,
     "'rules' must be an object of rule ids or categories and their levels, found array"},
    {"{\"werror\": 1}", "wrong-type", 1, 12, "'werror' must be true or false, found number"},
    {"\n  [1]", "json-type", 2, 3, "a configuration file must be a JSON object, found array"},
    {"{\"rules\": {\"AW-SEC-001\": \"off\",\n}}", "json-syntax", 1, 31, "trailing comma before '}'"},
};

START_TEST(test_each_mistake)
{
    S_parse(S_mistakes[_i].text);
    S_only_error(S_mistakes[_i].code, S_mistakes[_i].line, S_mistakes[_i].col, S_mistakes[_i].message);
}
END_TEST

START_TEST(test_every_mistake_is_reported)
{
    S_parse("{\"rules\": {\"AW-SEC-0001\": \"off\", \"AW-SEC-002\": \"loud\"},\n \"werror\": null, \"color\": 1}");
    ck_assert_uint_eq(file.diags.errors, 4);
    ck_assert_uint_eq(file.override_count, 0);
}
END_TEST

/* ---- combining with the command line --------------------------------------- */

START_TEST(test_command_line_wins)
{
    S_parse("{\"rules\": {\"AW-SEC-001\": \"off\"}, \"unusedSuppressions\": \"error\"}");
    aw_lint_override cli_rule;
    ck_assert_ptr_null(aw_lint_override_parse("AW-SEC-001=note", &cli_rule));
    aw_lint_config cli = {.overrides = &cli_rule, .override_count = 1};
    aw_lint_override *to_free;
    aw_lint_config cfg = aw_lint_config_merge(&file, &cli, &to_free);
    ck_assert_uint_eq(cfg.override_count, 2);
    ck_assert_int_eq(cfg.overrides[0].level, AW_LEVEL_OFF);
    ck_assert_int_eq(cfg.overrides[1].level, AW_LEVEL_NOTE);
    ck_assert_int_eq(cfg.unused_suppressions, AW_LEVEL_ERROR);
    free(to_free);
    /* no file at all */
    cfg = aw_lint_config_merge(NULL, &cli, &to_free);
    ck_assert_uint_eq(cfg.override_count, 1);
    ck_assert_int_eq(cfg.unused_suppressions, AW_LEVEL_DEFAULT);
    free(to_free);
}
END_TEST

START_TEST(test_lints_with_the_file)
{
    static const char diagram[] =
        "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
        "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
        "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
        "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
        "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
        "\"integration\": \"integ\"}]}\n";
    S_parse("{\"rules\": {\"security\": \"error\"}}");
    aw_compilation c;
    ck_assert_int_eq(aw_compile_buffer(&c, "t.json", diagram, strlen(diagram), AW_SPELLING_JSON), AW_COMPILE_OK);
    aw_lint_override *to_free;
    aw_lint_config cfg = aw_lint_config_merge(&file, NULL, &to_free);
    aw_lint_run(&c, &cfg);
    free(to_free);
    aw_test_compile_diag(&c, AW_SEV_ERROR, "AW-SEC-001");
    aw_compilation_free(&c);
}
END_TEST

/* ---- finding and reading files ------------------------------------------------ */

START_TEST(test_beside_the_diagram)
{
    char buf[64];
    ck_assert(aw_lint_config_beside("samples/orders.json", buf, sizeof buf));
    ck_assert_str_eq(buf, "samples/archway.json");
    ck_assert(aw_lint_config_beside("/srv/a/b.xml", buf, sizeof buf));
    ck_assert_str_eq(buf, "/srv/a/archway.json");
    ck_assert(aw_lint_config_beside("orders.json", buf, sizeof buf));
    ck_assert_str_eq(buf, "archway.json");
    ck_assert(aw_lint_config_beside("-", buf, sizeof buf));
    ck_assert_str_eq(buf, "archway.json");
    ck_assert(!aw_lint_config_beside("a-directory-name-far-too-long-for-the-buffer-given/x.json", buf, 16));
    ck_assert(aw_lint_config_named("dir/archway.json"));
    ck_assert(aw_lint_config_named("archway.json"));
    ck_assert(!aw_lint_config_named("dir/archway.json.bak"));
    ck_assert(!aw_lint_config_named("my-archway.json"));
}
END_TEST

/* A fresh directory under the system's temporary one. */
static void S_temp_dir(char *dir, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, size, "%s/archway-config-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void S_write(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void S_remove(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

START_TEST(test_set_reads_each_file_once)
{
    char dir[256], a[512], b[512], other[512];
    S_temp_dir(dir, sizeof dir);
    S_write(dir, "archway.json", "{\"rules\": {\"AW-SEC-01\": \"off\"}}");
    snprintf(a, sizeof a, "%s/a.json", dir);
    snprintf(b, sizeof b, "%s/./b.json", dir);        /* another spelling of the same directory */
    snprintf(other, sizeof other, "%s/missing/c.json", dir);
    aw_lint_config_set set = {0};
    bool fresh;
    aw_lint_config_file *f = aw_lint_config_set_for(&set, a, NULL, &fresh);
    ck_assert_ptr_nonnull(f);
    ck_assert(fresh);
    ck_assert_int_eq(f->status, AW_COMPILE_ERRORS);
    ck_assert_uint_eq(f->diags.errors, 1);
    ck_assert_ptr_eq(aw_lint_config_set_for(&set, b, NULL, &fresh), f);
    ck_assert(!fresh);
    /* no file beside: none */
    ck_assert_ptr_null(aw_lint_config_set_for(&set, other, NULL, &fresh));
    /* one named that is not there: unreadable, once */
    aw_lint_config_file *named = aw_lint_config_set_for(&set, a, other, &fresh);
    ck_assert(fresh);
    ck_assert_int_eq(named->status, AW_COMPILE_UNREADABLE);
    ck_assert_str_eq(aw_test_one_diag(&named->diags, AW_SEV_ERROR, "unreadable")->message,
                     "cannot read the configuration: No such file or directory");
    ck_assert_ptr_eq(aw_lint_config_set_for(&set, b, other, &fresh), named);
    ck_assert(!fresh);
    ck_assert_uint_eq(set.count, 2);
    aw_lint_config_set_free(&set);
    S_remove(dir, "archway.json");
    rmdir(dir);
}
END_TEST

START_TEST(test_read_refuses_directories_and_huge_files)
{
    char dir[256], path[512];
    S_temp_dir(dir, sizeof dir);
    ck_assert_int_eq(aw_lint_config_read(&file, dir), AW_COMPILE_UNREADABLE);
    ck_assert_str_eq(file.diags.items[0].message, "cannot read the configuration: it is a directory");
    S_teardown();
    char *big = malloc(AW_LINT_CONFIG_MAX_BYTES + 2);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', AW_LINT_CONFIG_MAX_BYTES + 1);
    big[0] = '{';
    big[AW_LINT_CONFIG_MAX_BYTES] = '}';
    big[AW_LINT_CONFIG_MAX_BYTES + 1] = '\0';
    S_write(dir, "archway.json", big);
    free(big);
    snprintf(path, sizeof path, "%s/archway.json", dir);
    ck_assert_int_eq(aw_lint_config_read(&file, path), AW_COMPILE_ERRORS);
    aw_test_one_diag(&file.diags, AW_SEV_ERROR, "input-too-large");
    S_teardown();
    S_write(dir, "archway.json", "{\"werror\": true}\n");
    ck_assert_int_eq(aw_lint_config_read(&file, path), AW_COMPILE_OK);
    ck_assert(file.identified);
    ck_assert_int_eq(file.werror, 1);
    S_remove(dir, "archway.json");
    rmdir(dir);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint_config");
    TCase *tc = aw_test_tcase(s, "settings", NULL, S_teardown);
    tcase_add_test(tc, test_empty_object_sets_nothing);
    tcase_add_test(tc, test_rule_beats_its_category_in_any_order);
    tc = aw_test_tcase(s, "mistakes", NULL, S_teardown);
    tcase_add_loop_test(tc, test_each_mistake, 0, (int)(sizeof S_mistakes / sizeof *S_mistakes));
    tcase_add_test(tc, test_every_mistake_is_reported);
    tc = aw_test_tcase(s, "combining", NULL, S_teardown);
    tcase_add_test(tc, test_command_line_wins);
    tcase_add_test(tc, test_lints_with_the_file);
    tc = aw_test_tcase(s, "files", NULL, S_teardown);
    tcase_add_test(tc, test_beside_the_diagram);
    tcase_add_test(tc, test_set_reads_each_file_once);
    tcase_add_test(tc, test_read_refuses_directories_and_huge_files);
    return s;
}

AW_TEST_MAIN(S_suite)
