/* "Did you mean": edit distances and which misspellings get a suggestion. */
#include <check.h>

#include "../../compiler/suggest.h"
#include "test_support.h"

static const char *S_best(const char *word, const char *const *names)
{
    aw_suggest s;
    aw_suggest_init(&s, word);
    for (; *names; names++)
        aw_suggest_try(&s, *names);
    return aw_suggest_result(&s);
}

START_TEST(distances)
{
    ck_assert_uint_eq(aw_edit_distance("route", "route", 3), 0);
    ck_assert_uint_eq(aw_edit_distance("methd", "method", 3), 1);
    ck_assert_uint_eq(aw_edit_distance("stgae", "stage", 3), 1);     /* a swap is one edit */
    ck_assert_uint_eq(aw_edit_distance("GTE", "GET", 3), 1);
    ck_assert_uint_eq(aw_edit_distance("kitten", "sitting", 3), 3);
    ck_assert_uint_eq(aw_edit_distance("a", "abcdefgh", 3), 4);      /* gives up past the limit */
}
END_TEST

START_TEST(suggestions)
{
    static const char *const fields[] = {"method", "path", "routeKey", "throttle", "burst", "rate", NULL};
    ck_assert_str_eq(S_best("methd", fields), "method");
    ck_assert_str_eq(S_best("burts", fields), "burst");
    ck_assert_str_eq(S_best("RouteKey", fields), "routeKey");     /* case only */
    ck_assert_ptr_null(S_best("colour", fields));                /* nothing close */
    ck_assert_ptr_null(S_best("pa", fields));                    /* too short to guess */
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("suggest");
    TCase *tc = aw_test_tcase(s, "suggest", NULL, NULL);
    tcase_add_test(tc, distances);
    tcase_add_test(tc, suggestions);
    return s;
}

AW_TEST_MAIN(S_suite)
