/* Unit tests of the Lambda runtime table (ir/runtimes.c), the resolver's
 * check of runtime names, the lint clock, and the deprecated-runtime rules
 * AW-COMPAT-006..007 judged on fixed days. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../ir/runtimes.h"
#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define FUNCTION(runtime, extra) \
    "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
    "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"" runtime "\"" extra "}\n]}\n"
#define EXISTING ", \"existing\": true, \"arn\": \"arn:aws:lambda:us-east-1:123456789012:function:fn\""

/* ---- the table ------------------------------------------------------------- */

START_TEST(test_table_sorted_dated_and_closed)
{
    ck_assert(aw_lint_date_valid(aw_runtimes_taken));
    ck_assert_ptr_nonnull(strstr(aw_runtimes_source, "docs.aws.amazon.com"));
    for (size_t i = 0; i < aw_runtime_count; i++) {
        const aw_runtime *rt = &aw_runtimes[i];
        if (i > 0)
            ck_assert_msg(strcmp(aw_runtimes[i - 1].id, rt->id) < 0, "%s out of order", rt->id);
        ck_assert_ptr_eq(aw_runtime_find(rt->id), rt);
        ck_assert_msg(!rt->deprecated || aw_lint_date_valid(rt->deprecated), "%s", rt->id);
        ck_assert_msg(!rt->block_create || aw_lint_date_valid(rt->block_create), "%s", rt->id);
        ck_assert_msg(!rt->block_update || aw_lint_date_valid(rt->block_update), "%s", rt->id);
        ck_assert_msg(!rt->block_create || !rt->block_update || strcmp(rt->block_create, rt->block_update) <= 0,
                      "%s", rt->id);
        /* blocks come with a deprecation */
        ck_assert_msg(rt->deprecated || (!rt->block_create && !rt->block_update), "%s", rt->id);
        /* A successor is the newest of its line: one move, never two. */
        const aw_runtime *next = aw_runtime_find(rt->successor);
        ck_assert_msg(!rt->successor || (next && !next->successor), "%s", rt->id);
    }
    ck_assert_ptr_null(aw_runtime_find("nodejs22"));
    ck_assert_ptr_null(aw_runtime_find(NULL));
}
END_TEST

/* ---- the resolver ------------------------------------------------------------- */

START_TEST(test_unknown_runtime_suggests_newest)
{
    S_compile(FUNCTION("nodejs2.x", ""));
    aw_test_compile_diag_at(&comp, "t.json", AW_SEV_ERROR, "unknown-runtime", 2, 45, "fn",
                            "unknown Lambda runtime 'nodejs2.x' in function 'fn'; did you mean 'nodejs24.x'?");
    S_teardown();
    S_compile(FUNCTION("pyhton3.12", ""));
    aw_test_compile_diag(&comp, AW_SEV_ERROR, "unknown-runtime");
    ck_assert_ptr_nonnull(strstr(comp.diags.items[0].message, "did you mean 'python3.12'?"));
    S_teardown();
    S_compile(FUNCTION("cobol85", ""));
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "unknown-runtime");
    ck_assert_ptr_nonnull(strstr(d->message, aw_runtimes_source));
    S_teardown();
    /* Every runtime of the table is known, deprecated ones too. */
    for (size_t i = 0; i < aw_runtime_count; i++) {
        char text[256];
        snprintf(text, sizeof text, FUNCTION("%s", ""), aw_runtimes[i].id);
        ck_assert_int_eq(S_compile(text), AW_COMPILE_OK);
        S_teardown();
    }
}
END_TEST

/* ---- the clock ------------------------------------------------------------------ */

START_TEST(test_dates_and_today)
{
    ck_assert(aw_lint_date_valid("2028-02-29"));
    ck_assert(!aw_lint_date_valid("2026-02-29"));
    ck_assert(!aw_lint_date_valid("1900-02-29"));
    ck_assert(aw_lint_date_valid("2000-02-29"));
    ck_assert(!aw_lint_date_valid("2026-13-01"));
    ck_assert(!aw_lint_date_valid("2026-1-01"));
    ck_assert(!aw_lint_date_valid("2026-01-01x"));
    ck_assert(!aw_lint_date_valid("+026-01-01"));
    ck_assert(!aw_lint_date_valid(NULL));
    char day[AW_DATE_SIZE], saved[64] = "";
    const char *env = getenv(AW_TODAY_ENV);
    snprintf(saved, sizeof saved, "%s", env ? env : "");
    aw_lint_config cfg = {.today = "2030-01-02"};
    aw_lint_today(&cfg, day);
    ck_assert_str_eq(day, "2030-01-02");
    setenv(AW_TODAY_ENV, "2031-05-06", 1);
    aw_lint_today(NULL, day);
    ck_assert_str_eq(day, "2031-05-06");
    aw_lint_today(&cfg, day);       /* the configuration wins */
    ck_assert_str_eq(day, "2030-01-02");
    setenv(AW_TODAY_ENV, "someday", 1);
    aw_lint_today(NULL, day);       /* not a date: the system's day */
    ck_assert(aw_lint_date_valid(day));
    ck_assert_str_ne(day, "someday");
    if (env)
        setenv(AW_TODAY_ENV, saved, 1);
    else
        unsetenv(AW_TODAY_ENV);
}
END_TEST

/* ---- the rules ------------------------------------------------------------------ */

/* Lints text judged on `day`; the number of findings of code. */
static size_t S_findings_on(const char *text, const char *day, const char *code)
{
    S_teardown();
    ck_assert_int_eq(S_compile(text), AW_COMPILE_OK);
    aw_lint_config cfg = {.today = day};
    aw_lint_run(&comp, &cfg);
    size_t n = 0;
    for (size_t i = 0; i < comp.diags.count; i++)
        n += strcmp(comp.diags.items[i].code, code) == 0;
    return n;
}

START_TEST(test_compat006_deprecated_warns)
{
    /* nodejs22.x: deprecated 2027-04-30, creation blocked 2027-06-01 */
    ck_assert_uint_eq(S_findings_on(FUNCTION("nodejs22.x", ""), "2027-04-29", "AW-COMPAT-006"), 0);
    ck_assert_uint_eq(S_findings_on(FUNCTION("nodejs22.x", ""), "2027-04-30", "AW-COMPAT-006"), 1);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_WARNING, "AW-COMPAT-006");
    ck_assert_str_eq(d->message, "function 'fn' runs on nodejs22.x, deprecated since 2027-04-30: it gets no more "
                                 "security patches; Lambda refuses to create functions on it from 2027-06-01; move "
                                 "it to nodejs24.x");
    aw_test_assert_loc(&d->loc, "t.json", 2, 45, "/nodes/0/runtime");
    /* once creation is blocked, AW-COMPAT-007 says so instead */
    ck_assert_uint_eq(S_findings_on(FUNCTION("nodejs22.x", ""), "2027-06-01", "AW-COMPAT-006"), 0);
    /* a function that exists already is not created: a warning, whatever the day */
    ck_assert_uint_eq(S_findings_on(FUNCTION("nodejs20.x", EXISTING), "2026-06-15", "AW-COMPAT-006"), 1);
    ck_assert_str_eq(comp.diags.items[0].message,
                     "function 'fn' runs on nodejs20.x, deprecated since 2026-04-30: it gets no more security "
                     "patches; Lambda refuses updates to functions on it from 2027-03-03; move it to nodejs24.x");
    ck_assert_uint_eq(S_findings_on(FUNCTION("nodejs20.x", EXISTING), "2040-01-01", "AW-COMPAT-007"), 0);
    /* the newest runtimes are clean today */
    ck_assert_uint_eq(S_findings_on(FUNCTION("python3.14", ""), "2026-12-06", "AW-COMPAT-006"), 0);
}
END_TEST

START_TEST(test_compat007_creation_blocked_is_an_error)
{
    ck_assert_uint_eq(S_findings_on(FUNCTION("python3.10", ""), "2027-01-31", "AW-COMPAT-007"), 0);
    ck_assert_uint_eq(S_findings_on(FUNCTION("python3.10", ""), "2027-02-01", "AW-COMPAT-007"), 1);
    const aw_diag *d = aw_test_compile_diag(&comp, AW_SEV_ERROR, "AW-COMPAT-007");
    ck_assert_str_eq(d->message, "function 'fn' runs on python3.10, on which Lambda has refused to create functions "
                                 "since 2027-02-01, so the stack cannot create it; move it to python3.14");
    /* no dates announced: nothing to report, however late */
    ck_assert_uint_eq(S_findings_on(FUNCTION("ruby4.0", ""), "2040-01-01", "AW-COMPAT-007"), 0);
    ck_assert_uint_eq(S_findings_on(FUNCTION("ruby4.0", ""), "2040-01-01", "AW-COMPAT-006"), 0);
    /* an update block the sources do not settle is left out of the message */
    ck_assert_uint_eq(S_findings_on(FUNCTION("python3.7", EXISTING), "2026-12-06", "AW-COMPAT-006"), 1);
    ck_assert_str_eq(comp.diags.items[0].message, "function 'fn' runs on python3.7, deprecated since 2023-12-04: it "
                                                  "gets no more security patches; move it to python3.14");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint runtimes");
    TCase *tc = aw_test_tcase(s, "runtimes", NULL, S_teardown);
    tcase_add_test(tc, test_table_sorted_dated_and_closed);
    tcase_add_test(tc, test_unknown_runtime_suggests_newest);
    tcase_add_test(tc, test_dates_and_today);
    tcase_add_test(tc, test_compat006_deprecated_warns);
    tcase_add_test(tc, test_compat007_creation_blocked_is_an_error);
    return s;
}

AW_TEST_MAIN(S_suite)
