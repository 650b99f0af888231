/* "Did you mean": edit distances and which misspellings get a suggestion. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

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

/* The whole optimal-string-alignment table, as the banded one must agree. */
static size_t S_reference_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), t[16][16];
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            if (!i || !j) {
                t[i][j] = i + j;
                continue;
            }
            size_t v = t[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (t[i - 1][j] + 1 < v)
                v = t[i - 1][j] + 1;
            if (t[i][j - 1] + 1 < v)
                v = t[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && t[i - 2][j - 2] + 1 < v)
                v = t[i - 2][j - 2] + 1;
            t[i][j] = v;
        }
    return t[la][lb];
}

START_TEST(banded_distance_agrees)
{
    unsigned seed = 12345;
    char a[16], b[16];
    for (int n = 0; n < 50000; n++) {
        size_t la = (seed = seed * 1103515245u + 12345u) >> 16 & 15, lb = (seed = seed * 1103515245u + 12345u) >> 16 & 15;
        for (size_t i = 0; i < la; i++)
            a[i] = "abc"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
        for (size_t i = 0; i < lb; i++)
            b[i] = "abc"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
        a[la] = b[lb] = '\0';
        size_t limit = n % 4, want = S_reference_distance(a, b);
        ck_assert_uint_eq(aw_edit_distance(a, b, limit), want <= limit ? want : limit + 1);
    }
}
END_TEST

START_TEST(budget_is_spent)
{
    aw_suggest_budget b;
    aw_suggest_budget_init(&b, 1000000);
    for (unsigned i = 0; i < AW_SUGGEST_SCANS; i++)
        ck_assert(aw_suggest_budget_take(&b, 1000000));
    ck_assert(!aw_suggest_budget_take(&b, 1000000));
    aw_suggest_budget_init(&b, 10);     /* small diagrams: always enough */
    for (int i = 0; i < 1000; i++)
        ck_assert(aw_suggest_budget_take(&b, 10));
}
END_TEST

START_TEST(long_names_read_no_further)
{
    /* A name past the 64 bytes worth comparing is not read to its end:
     * thousands of unknown 1 MiB keys cost no more than short ones. The
     * buffer has no terminating NUL, so reading on would be caught by the
     * sanitizer build. */
    char *long_name = malloc(100);
    memset(long_name, 'm', 100);
    ck_assert_uint_eq(aw_edit_distance(long_name, "memory", 2), 3);
    ck_assert_uint_eq(aw_edit_distance("memory", long_name, 2), 3);
    free(long_name);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("suggest");
    TCase *tc = aw_test_tcase(s, "suggest", NULL, NULL);
    tcase_add_test(tc, distances);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, banded_distance_agrees);
    tcase_add_test(tc, budget_is_spent);
    tcase_add_test(tc, long_names_read_no_further);
    return s;
}

AW_TEST_MAIN(S_suite)
