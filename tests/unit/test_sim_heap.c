/* The simulator's event queue: events come out by time, those at the same
 * time in the order they were pushed, whether the queue is a sorted array
 * or a heap at the time, and that order survives the 32-bit sequences
 * running out and being renumbered. Same order, same report. */
#include <check.h>
#include <math.h>

#include "../../sim/heap.h"
#include "test_support.h"

/* Pushes `n` events at a few distinct times (many ties), refs in push
 * order, and checks that they pop by time and then by ref. */
static void S_check_order(aw_heap *h, uint32_t n)
{
    uint64_t x = 12345;
    for (uint32_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        ck_assert(aw_heap_push(h, (double)(x >> 61), i));
    }
    double last_t = -1;
    uint32_t last_ref = 0;
    for (uint32_t i = 0; i < n; i++) {
        ck_assert(aw_heap_next_time(h) < INFINITY);
        aw_event ev;
        aw_heap_pop(h, &ev);
        ck_assert(ev.t >= last_t);
        if (ev.t == last_t)
            ck_assert_uint_gt(ev.ref, last_ref);
        last_t = ev.t, last_ref = ev.ref;
    }
    ck_assert(aw_heap_next_time(h) == INFINITY);
}

START_TEST(test_ties_pop_in_push_order)
{
    aw_heap h = {0};
    S_check_order(&h, 5000);
    aw_heap_free(&h);
}
END_TEST

START_TEST(test_ties_keep_their_order_across_the_renumbering)
{
    aw_heap h = {0};
    /* Half the pushes before the sequences run out, half after. */
    h.next_seq = (1ull << 32) - 2500;
    S_check_order(&h, 5000);
    ck_assert_uint_le(h.next_seq, 5000);      /* renumbered from the 2,500 it held */
    aw_heap_free(&h);
}
END_TEST

START_TEST(test_events_in_the_heap_while_it_renumbers_keep_their_order)
{
    aw_heap h = {0};
    h.next_seq = (1ull << 32) - 3;
    for (uint32_t i = 0; i < 6; i++)        /* the 4th push renumbers the first three */
        ck_assert(aw_heap_push(&h, 1.0, i));
    ck_assert(aw_heap_push(&h, 0.5, 6));
    aw_event ev;
    aw_heap_pop(&h, &ev);
    ck_assert_uint_eq(ev.ref, 6);
    for (uint32_t i = 0; i < 6; i++) {
        aw_heap_pop(&h, &ev);
        ck_assert(ev.t == 1.0);
        ck_assert_uint_eq(ev.ref, i);
    }
    aw_heap_free(&h);
}
END_TEST

/* Pushes and pops in turn, the count wandering between none and 60, so
 * the queue turns from sorted to heap and back many times; each pop must
 * be the earliest pending event, the first pushed of equal times. */
START_TEST(test_pops_the_earliest_through_sorted_and_heap)
{
    enum { MAX = 64 };
    aw_heap h = {0};
    double t[MAX];
    uint32_t ref[MAX], n = 0, pushed = 0;
    uint64_t x = 99;
    double now = 0;
    for (int step = 0; step < 200000; step++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        /* Long runs of pushes, then of pops, at times on a coarse grid. */
        bool push = n == 0 || (n < 60 && ((step / 97) % 2 ? (x >> 40) % 4 != 0 : (x >> 40) % 4 == 0));
        if (push) {
            t[n] = now + (double)((x >> 58) % 8) / 4;
            ref[n] = pushed++;
            ck_assert(aw_heap_push(&h, t[n], ref[n]));
            n++;
            continue;
        }
        uint32_t best = 0;
        for (uint32_t i = 1; i < n; i++)
            if (t[i] < t[best] || (t[i] == t[best] && ref[i] < ref[best]))
                best = i;
        aw_event ev;
        aw_heap_pop(&h, &ev);
        ck_assert(ev.t == t[best]);
        ck_assert_uint_eq(ev.ref, ref[best]);
        now = ev.t;
        t[best] = t[n - 1], ref[best] = ref[n - 1], n--;
    }
    aw_heap_free(&h);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_heap");
    TCase *tc = aw_test_tcase(s, "heap", NULL, NULL);
    tcase_add_test(tc, test_ties_pop_in_push_order);
    tcase_add_test(tc, test_ties_keep_their_order_across_the_renumbering);
    tcase_add_test(tc, test_events_in_the_heap_while_it_renumbers_keep_their_order);
    tcase_add_test(tc, test_pops_the_earliest_through_sorted_and_heap);
    return s;
}

AW_TEST_MAIN(S_suite)
