/* The simulator's event queue, in order of (time, sequence), so that
 * events at the same time run in the order they were scheduled. While few
 * events are pending (a pool's few slots, a function's few executions) it
 * is a sorted array, whose pop is an increment and whose push moves the
 * later events up one; beyond AW_HEAP_SMALL it is a 4-ary heap, until it
 * holds AW_HEAP_FEW again. Either pops the same events in the same order. */
#ifndef AW_SIM_HEAP_H
#define AW_SIM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* What an event is for: a request's id (its service ends), or a timer's
 * number with AW_EVENT_TIMER set. */
#define AW_EVENT_TIMER 0x80000000u

typedef struct aw_event {
    double t;                   /* seconds, never negative */
    uint32_t ref;
} aw_event;

/* 16 bytes, compared as one 128-bit integer: hi holds the time's bits
 * (a time that is never negative orders as its bits do), lo the sequence
 * (32 bits) above the ref. */
typedef struct aw_heap_item {
    uint64_t lo, hi;
} aw_heap_item;

/* Owns its array; free with aw_heap_free(). Sorted, the events are
 * items[head .. head + count), earliest first; as a heap, head is 0. */
typedef struct aw_heap {
    aw_heap_item *items;
    size_t count, cap, head;
    uint64_t next_seq;          /* below 2^32: renumbered when it gets there */
    bool big;                   /* a heap (else sorted) */
} aw_heap;

/* A heap above this many events, sorted again at this many. */
#define AW_HEAP_SMALL 24
#define AW_HEAP_FEW 8
/* Where the sorted events may lie: items[0 .. AW_HEAP_ROOM). */
#define AW_HEAP_ROOM 64

/* As a heap, slots past the last event hold AW_HEAP_NONE, later than any
 * event, at least AW_HEAP_PAD of them: every node's four children can be
 * compared. */
#define AW_HEAP_PAD 4
#define AW_HEAP_NONE ((aw_heap_item){UINT64_MAX, UINT64_MAX})

/* heap.c: doubles the array (false: out of memory); renumbers the
 * sequences 0, 1, ... in their order, keeping every comparison; turns the
 * sorted events into a heap, and a heap of few into sorted events; moves
 * the sorted events down to items[0]. */
bool aw_heap_grow(aw_heap *h);
void aw_heap_renumber(aw_heap *h);
void aw_heap_to_big(aw_heap *h);
void aw_heap_to_small(aw_heap *h);
void aw_heap_compact(aw_heap *h);
void aw_heap_free(aw_heap *h);

/* The rest is inline: every request's event is pushed and popped once.
 * A 4-ary heap is shallower than a binary one, its four 16-byte children
 * share a cache line, and both directions move a hole instead of swapping.
 * Compared without branches: event times are random, so a branch on them
 * is mispredicted half the time, and a conditional move is not. */
static inline unsigned __int128 aw_heap_key(const aw_heap_item *a)
{
    return (unsigned __int128)a->hi << 64 | a->lo;
}

static inline bool aw_heap_before(const aw_heap_item *a, const aw_heap_item *b)
{
    return aw_heap_key(a) < aw_heap_key(b);
}

/* Puts ev in the hole at i, or above it where it belongs, moving the
 * later events it passes down into the hole. */
static inline void aw_heap_climb(aw_heap *h, size_t i, aw_heap_item ev)
{
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!aw_heap_before(&ev, &h->items[parent]))
            break;
        h->items[i] = h->items[parent];
        i = parent;
    }
    h->items[i] = ev;
}

/* Into the sorted events: those later than ev move up one, from the end,
 * where a new event mostly belongs. Its sequence being the greatest, a new
 * event comes before another only by its time: the times alone compare. */
static inline void aw_heap_insert(aw_heap *h, aw_heap_item ev)
{
    if (h->head + h->count == AW_HEAP_ROOM)
        aw_heap_compact(h);
    size_t i = h->head + h->count++;
    while (i > h->head && ev.hi < h->items[i - 1].hi) {
        h->items[i] = h->items[i - 1];
        i--;
    }
    h->items[i] = ev;
}

/* False when out of memory. */
static inline bool aw_heap_push(aw_heap *h, double t, uint32_t ref)
{
    if (h->count + AW_HEAP_PAD >= h->cap && !aw_heap_grow(h))
        return false;
    if (h->next_seq >> 32)
        aw_heap_renumber(h);
    aw_heap_item ev = {.lo = h->next_seq++ << 32 | ref};
    memcpy(&ev.hi, &t, sizeof t);
    if (!h->big && h->count < AW_HEAP_SMALL) {
        aw_heap_insert(h, ev);
        return true;
    }
    if (!h->big)
        aw_heap_to_big(h);
    aw_heap_climb(h, h->count++, ev);
    return true;
}

/* The earliest event's time, INFINITY when there is none. */
static inline double aw_heap_next_time(const aw_heap *h)
{
    if (!h->count)
        return __builtin_inf();
    double t;
    memcpy(&t, &h->items[h->head].hi, sizeof t);
    return t;
}

/* Removes the earliest event into *ev (the queue must hold one). As a
 * heap, Floyd's way down: the hole at the top follows the earliest child to the bottom
 * without comparing with the last event at each level, and the last event
 * then climbs back from there, rarely more than a level, being late. */
static inline void aw_heap_pop(aw_heap *h, aw_event *ev)
{
    memcpy(&ev->t, &h->items[h->head].hi, sizeof ev->t);
    ev->ref = (uint32_t)h->items[h->head].lo;
    if (!h->big) {
        h->head = --h->count ? h->head + 1 : 0;
        return;
    }
    if (h->count <= AW_HEAP_FEW + 1) {
        aw_heap_to_small(h);        /* sorted, the earliest first */
        h->head = 1, h->count--;
        return;
    }
    aw_heap_item last = h->items[--h->count];
    h->items[h->count] = AW_HEAP_NONE;
    size_t i = 0, n = h->count;
    if (!n)
        return;
    /* Every node has four children, the missing ones the padding that
     * comes last: two pairs, then their winners, by masks, not branches. */
    for (size_t first = 1; first < n; first = 4 * i + 1) {
        const aw_heap_item *c = &h->items[first];
        size_t a = aw_heap_before(&c[1], &c[0]), b = 2 + aw_heap_before(&c[3], &c[2]);
        size_t take_b = -(size_t)aw_heap_before(&c[b], &c[a]);
        size_t best = first + ((b & take_b) | (a & ~take_b));
        h->items[i] = h->items[best];
        i = best;
    }
    aw_heap_climb(h, i, last);
}

#endif
