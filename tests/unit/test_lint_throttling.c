/* Unit tests of the throttling rules (AW-THR-*): for each, a diagram that
 * trips it, with where the finding points, and one that does not. Only
 * AW-THR findings are counted, so other families' rules may fire freely. */
#include <check.h>
#include <string.h>

#include "test_lint_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

#define HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n" \
             "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", \"defaultAuthorizer\": \"iam\"},\n" \
             "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n" \
             "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"mock\"},\n"
#define ROUTE(extra) "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", " \
                     "\"integration\": \"integ\"" extra "}"
#define STAGE(extra) "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"" extra "}"
#define THROTTLE(rate, burst) ", \"throttle\": {\"rate\": " #rate ", \"burst\": " #burst "}"
#define OVERRIDE(rate, burst) ", \"routeThrottles\": [{\"route\": \"r\", \"rate\": " #rate ", \"burst\": " #burst "}]"
#define PLAN(extra) "{\"kind\": \"usagePlan\", \"id\": \"plan\", \"stages\": [\"s\"]" extra "}"
#define QUOTA ", \"quota\": {\"limit\": 100000, \"period\": \"month\"}"
#define END "\n]}\n"

/* The rule fires `expected` times and no other rule of its family does. */
static const aw_diag *S_expect(const char *text, const char *code, size_t expected)
{
    return aw_test_lint_expect(&comp, S_compile(text), code, expected);
}

START_TEST(test_thr001)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE("") END, "AW-THR-001", 1);
    ck_assert_str_eq(d->message, "stage 's' has no throttle, so its routes draw on the account-level limit shared "
                                 "by every API in the region");
    aw_test_assert_element(d, "s");
    S_assert_loc(&d->loc, 6, 1, "/nodes/4");
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) END, "AW-THR-001", 0);
    S_teardown();
    /* every route throttled on its own, or by the stage's override */
    S_expect(HEAD ROUTE(THROTTLE(100, 200)) ",\n" STAGE("") END, "AW-THR-001", 0);
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(OVERRIDE(100, 200)) END, "AW-THR-001", 0);
}
END_TEST

START_TEST(test_thr002)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(500, 100)) END, "AW-THR-002", 1);
    ck_assert_str_eq(d->message, "stage 's' has a burst of 100, less than half a second of its rate of 500 "
                                 "requests/s");
    S_assert_loc(&d->loc, 6, 95, "/nodes/4/throttle/burst");
    S_teardown();
    /* route throttle, stage override, usage plan */
    S_expect(HEAD ROUTE(THROTTLE(50, 10)) ",\n" STAGE(THROTTLE(100, 200)) END, "AW-THR-002", 1);
    S_teardown();
    d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200) OVERRIDE(50.5, 25)) END, "AW-THR-002", 1);
    ck_assert_str_eq(d->message, "the override of route 'r' in stage 's' has a burst of 25, less than half a second "
                                 "of its rate of 50.5 requests/s");
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(20, 5) QUOTA) END, "AW-THR-002", 1);
    S_teardown();
    /* burst equal to the rate, half of it, and a stage closed on purpose (0/0) */
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 100)) END, "AW-THR-002", 0);
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 50)) END, "AW-THR-002", 0);
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(0, 0)) END, "AW-THR-002", 0);
}
END_TEST

START_TEST(test_thr003)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(15000, 20000)) END, "AW-THR-003", 1);
    ck_assert_str_eq(d->message, "stage 's' allows 15000 requests/s with a burst of 20000, beyond the account's "
                                 "regional quota of 10000 requests/s and burst 5000");
    S_assert_loc(&d->loc, 6, 81, "/nodes/4/throttle/rate");
    S_teardown();
    d = S_expect(HEAD ROUTE(THROTTLE(12000, 12000)) END, "AW-THR-003", 1);
    aw_test_assert_element(d, "r");
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(5000, 5000)) END, "AW-THR-003", 0);
}
END_TEST

START_TEST(test_thr004)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200) OVERRIDE(300, 300)) END, "AW-THR-004", 1);
    ck_assert_str_eq(d->message, "the override of route 'r' in stage 's' allows 300 requests/s with a burst of 300, "
                                 "more than the default throttle of stage 's' (100 requests/s, burst 200)");
    aw_test_assert_element(d, "s");
    S_assert_loc(&d->related, 6, 81, "/nodes/4/throttle/rate");
    ck_assert_str_eq(d->related_message, "the default throttle of stage 's' is set here");
    S_teardown();
    d = S_expect(HEAD ROUTE(THROTTLE(100, 400)) ",\n" STAGE(THROTTLE(100, 200)) END, "AW-THR-004", 1);
    aw_test_assert_element(d, "r");
    S_teardown();
    /* the stage's override replaces the route's own throttle there */
    S_expect(HEAD ROUTE(THROTTLE(100, 400)) ",\n" STAGE(THROTTLE(100, 200) OVERRIDE(50, 100)) END, "AW-THR-004", 0);
}
END_TEST

START_TEST(test_thr005)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(150, 200) QUOTA) END,
                                "AW-THR-005", 1);
    ck_assert_str_eq(d->message, "usage plan 'plan' allows 150 requests/s with a burst of 200, more than the throttle "
                                 "of covered stage 's' (100 requests/s, burst 200)");
    aw_test_assert_element(d, "plan");
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(10, 20) QUOTA) END, "AW-THR-005", 0);
}
END_TEST

START_TEST(test_thr006)
{
    const aw_diag *d = S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(10, 20)) END,
                                "AW-THR-006", 1);
    aw_test_assert_element(d, "plan");
    S_assert_loc(&d->loc, 7, 1, "/nodes/5");
    S_teardown();
    S_expect(HEAD ROUTE("") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(10, 20) QUOTA) END, "AW-THR-006", 0);
}
END_TEST

START_TEST(test_thr007)
{
    const aw_diag *d = S_expect(HEAD ROUTE(", \"apiKeyRequired\": true") ",\n" STAGE(THROTTLE(100, 200)) END,
                                "AW-THR-007", 1);
    ck_assert_str_eq(d->message, "route 'r' requires an API key, but no usage plan covers stage 's', so every call "
                                 "to it there is refused with 403 Forbidden");
    aw_test_assert_element(d, "r");
    S_assert_loc(&d->related, 6, 1, "/nodes/4");
    S_teardown();
    S_expect(HEAD ROUTE(", \"apiKeyRequired\": true") ",\n" STAGE(THROTTLE(100, 200)) ",\n" PLAN(THROTTLE(10, 20) QUOTA) END,
             "AW-THR-007", 0);
    S_teardown();
    /* not deployed anywhere yet: nothing to refuse */
    S_expect(HEAD ROUTE(", \"apiKeyRequired\": true") END, "AW-THR-007", 0);
}
END_TEST

START_TEST(test_suppression)
{
    S_expect(HEAD ROUTE("") ",\n"
             STAGE(", \"suppress\": [{\"rule\": \"AW-THR-001\", \"reason\": \"sandbox, closed to the internet\"}]") END,
             "AW-THR-001", 0);
    ck_assert_uint_eq(comp.diags.suppressed, 1);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint_throttling");
    TCase *tc = aw_test_tcase(s, "throttling", NULL, S_teardown);
    tcase_add_test(tc, test_thr001);
    tcase_add_test(tc, test_thr002);
    tcase_add_test(tc, test_thr003);
    tcase_add_test(tc, test_thr004);
    tcase_add_test(tc, test_thr005);
    tcase_add_test(tc, test_thr006);
    tcase_add_test(tc, test_thr007);
    tcase_add_test(tc, test_suppression);
    return s;
}

AW_TEST_MAIN(S_suite)
