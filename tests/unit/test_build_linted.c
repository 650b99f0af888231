/* `archway build` lints a diagram while its emitters write: for every
 * sample, the overlapped build gives the same files and the same
 * diagnostics as linting first and building after; a lint that forbids the
 * build (errors, or warnings with werror) leaves no files and no emitter's
 * diagnostic, as if the build had not run. */
#include <glob.h>

#include "test_support.h"
#include "../../compiler/artifacts.h"
#include "../../compiler/lint.h"
#include "../../ir/strbuf.h"

/* One diagnostic as a line: severity, code, place, element, message. */
static void S_line(aw_strbuf *out, const aw_diag *d)
{
    aw_strbuf_printf(out, "%d %s %s:%u:%u %s %s\n", (int)d->severity, d->code ? d->code : "-",
                     d->loc.file ? d->loc.file : "-", d->loc.line, d->loc.col, d->element ? d->element : "-",
                     d->message);
}

static char *S_diags_text(const aw_diags *diags)
{
    aw_strbuf out = AW_STRBUF_INIT;
    for (size_t i = 0; i < diags->count; i++)
        S_line(&out, &diags->items[i]);
    return aw_strbuf_detach(&out, NULL);
}

/* The build as it ran before the overlap: lint, then emit when allowed. */
static bool S_sequential(aw_compilation *c, bool werror, aw_artifacts *out)
{
    memset(out, 0, sizeof *out);
    aw_lint_run(c, NULL);
    if (c->status != AW_COMPILE_OK || (werror && c->diags.warnings))
        return false;
    return aw_artifacts_build(c, out);
}

static size_t S_built, S_refused;

static void S_assert_same(const char *path, bool werror)
{
    aw_compilation one, two;
    ck_assert_int_eq(aw_compile_file(&one, path, AW_SPELLING_AUTO), AW_COMPILE_OK);
    ck_assert_int_eq(aw_compile_file(&two, path, AW_SPELLING_AUTO), AW_COMPILE_OK);
    aw_artifacts a, b;
    bool built_a = S_sequential(&one, werror, &a);
    bool built_b = aw_artifacts_build_linted(&two, NULL, werror, &b);
    ck_assert_msg(built_a == built_b, "%s: built %d one way, %d the other", path, built_a, built_b);
    ck_assert_int_eq(one.status, two.status);
    char *da = S_diags_text(&one.diags), *db = S_diags_text(&two.diags);
    ck_assert_msg(strcmp(da, db) == 0, "%s: the diagnostics differ:\n%s\n----\n%s", path, da, db);
    ck_assert_uint_eq(a.count, b.count);
    if (!built_b)
        ck_assert_uint_eq(b.count, 0);
    built_b ? S_built++ : S_refused++;
    for (size_t i = 0; i < a.count; i++) {
        ck_assert_str_eq(a.items[i].name, b.items[i].name);
        ck_assert_msg(a.items[i].len == b.items[i].len && memcmp(a.items[i].data, b.items[i].data, a.items[i].len) == 0,
                      "%s: %s differs", path, a.items[i].name);
    }
    free(da);
    free(db);
    aw_artifacts_free(&a);
    aw_artifacts_free(&b);
    aw_compilation_free(&one);
    aw_compilation_free(&two);
}

START_TEST(test_every_sample_builds_the_same_overlapped)
{
    glob_t g;
    ck_assert_int_eq(glob("samples/*.json", 0, NULL, &g), 0);
    ck_assert_uint_gt(g.gl_pathc, 5);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        S_assert_same(g.gl_pathv[i], false);
        S_assert_same(g.gl_pathv[i], true);
    }
    globfree(&g);
    /* Both ways through: samples that build, and some a lint refuses. */
    ck_assert_uint_gt(S_built, 5);
    ck_assert_uint_gt(S_refused, 1);
}
END_TEST

/* A lint error forbids the build even where the diagram also holds what
 * cannot deploy: no file, and no not-deployable report beside the error. */
START_TEST(test_lint_errors_forbid_the_build)
{
    static const char text[] =
        "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
        "{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"},\n"
        "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.13\",\n"
        " \"environment\": {\"DB_PASSWORD\": \"hunter2-Xq81\"}},\n"
        "{\"kind\": \"integration\", \"id\": \"m\", \"type\": \"mock\"},\n"
        "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"a\", \"method\": \"GET\", \"path\": \"/x\", \"integration\": \"m\"},\n"
        "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"live\", \"api\": \"a\"}]}";
    aw_compilation c;
    ck_assert_int_eq(aw_compile_buffer(&c, "t.json", text, strlen(text), AW_SPELLING_JSON), AW_COMPILE_OK);
    aw_artifacts out;
    ck_assert(!aw_artifacts_build_linted(&c, NULL, false, &out));
    ck_assert_uint_eq(out.count, 0);
    ck_assert_uint_gt(c.diags.errors, 0);
    for (size_t i = 0; i < c.diags.count; i++)
        ck_assert_msg(strcmp(c.diags.items[i].code, "not-deployable") != 0, "an emitter's report: %s",
                      c.diags.items[i].message);
    aw_compilation_free(&c);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("build_linted");
    TCase *tc = tcase_create("overlap");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_sample_builds_the_same_overlapped);
    tcase_add_test(tc, test_lint_errors_forbid_the_build);
    suite_add_tcase(s, tc);
    return s;
}

AW_TEST_MAIN(S_suite)
