/* The allocator settings archway runs with: a block freed by one build is
 * kept for the next (served from the heap, not a mapping of its own, and
 * the heap not trimmed), so a repeated build reuses its pages instead of
 * faulting fresh ones in. Measured through glibc's own accounting, which
 * the sanitizers' allocator replaces: there these tests are not run. */
#define _DEFAULT_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/memory_policy.h"
#include "test_support.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>

#define BLOCK (24u * 1024u * 1024u)     /* a big template or simulation model */

START_TEST(test_a_big_block_comes_from_the_heap_and_stays_there)
{
    aw_memory_policy_apply();
    char *block = malloc(BLOCK);
    ck_assert_ptr_nonnull(block);
    memset(block, 1, BLOCK);
    struct mallinfo2 held = mallinfo2();
    ck_assert_uint_lt(held.hblkhd, BLOCK);          /* not a mapping of its own */
    ck_assert_uint_ge(held.arena, BLOCK);
    free(block);
    struct mallinfo2 after = mallinfo2();
    ck_assert_uint_ge(after.arena, held.arena);     /* kept, not trimmed */
    ck_assert_uint_ge(after.fordblks, BLOCK);
    char *again = malloc(BLOCK);
    ck_assert_ptr_nonnull(again);
    ck_assert_uint_eq(mallinfo2().arena, after.arena);  /* reused: the heap did not grow */
    free(again);
}
END_TEST

START_TEST(test_without_the_settings_glibc_gives_the_block_back)
{
    /* The default this replaces, so the first test means something. */
    char *block = malloc(BLOCK);
    ck_assert_ptr_nonnull(block);
    ck_assert_uint_ge(mallinfo2().hblkhd, BLOCK);
    free(block);
    ck_assert_uint_lt(mallinfo2().hblkhd, BLOCK);
}
END_TEST
#endif

static Suite *S_suite(void)
{
    Suite *s = suite_create("memory_policy");
    TCase *tc = aw_test_tcase(s, "memory_policy", NULL, NULL);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    tcase_add_test(tc, test_without_the_settings_glibc_gives_the_block_back);
    tcase_add_test(tc, test_a_big_block_comes_from_the_heap_and_stays_there);
#else
    (void)tc;
#endif
    return s;
}

AW_TEST_MAIN(S_suite)
