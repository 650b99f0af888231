/* The event queue (see heap.h): a 4-ary min-heap, shallower than a binary
 * one, whose four children share a cache line or two; both directions move
 * a hole instead of swapping. */
#include <stdlib.h>
#include <string.h>

#include "heap.h"

/* Without branches: event times are random, so a branch on them is
 * mispredicted half the time, and a conditional move is not. Times are
 * never negative, so their bits order as integers do, and (time, sequence)
 * compares as one 128-bit integer. */
static inline unsigned __int128 S_key(const aw_event *a)
{
    uint64_t bits;
    memcpy(&bits, &a->t, sizeof bits);
    return (unsigned __int128)bits << 64 | a->seq;
}

static inline bool S_before(const aw_event *a, const aw_event *b)
{
    return S_key(a) < S_key(b);
}

bool aw_heap_push(aw_heap *h, aw_event ev)
{
    if (h->count == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 1024;
        aw_event *items = realloc(h->items, cap * sizeof *items);
        if (!items)
            return false;
        h->items = items, h->cap = cap;
    }
    ev.seq = h->next_seq++;
    size_t i = h->count++;
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!S_before(&ev, &h->items[parent]))
            break;
        h->items[i] = h->items[parent];
        i = parent;
    }
    h->items[i] = ev;
    return true;
}

/* Floyd's way down: the hole at the top follows the earliest child to the
 * bottom without comparing with the last event at each level, and the last
 * event then climbs back from there, rarely more than a level, being late. */
bool aw_heap_pop(aw_heap *h, aw_event *ev)
{
    if (!h->count)
        return false;
    *ev = h->items[0];
    aw_event last = h->items[--h->count];
    size_t i = 0, n = h->count;
    if (!n)
        return true;
    for (;;) {
        size_t first = 4 * i + 1;
        if (first >= n)
            break;
        size_t best;
        if (first + 4 <= n) {   /* four children: two pairs, then their winners */
            const aw_event *c = &h->items[first];
            size_t a = S_before(&c[1], &c[0]), b = 2 + S_before(&c[3], &c[2]);
            best = first + (S_before(&c[b], &c[a]) ? b : a);
        } else {
            best = first;
            for (size_t c = first + 1; c < n; c++)
                best = S_before(&h->items[c], &h->items[best]) ? c : best;
        }
        h->items[i] = h->items[best];
        i = best;
    }
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!S_before(&last, &h->items[parent]))
            break;
        h->items[i] = h->items[parent];
        i = parent;
    }
    h->items[i] = last;
    return true;
}

void aw_heap_free(aw_heap *h)
{
    free(h->items);
    *h = (aw_heap){0};
}
