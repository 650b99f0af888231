/* The event queue's rare steps (see heap.h): growing, renumbering the
 * sequences when they run out, turning from sorted to heap and back. */
#include <stdlib.h>
#include <string.h>

#include "heap.h"

static int S_by_key(const void *a, const void *b)
{
    unsigned __int128 x = aw_heap_key(a), y = aw_heap_key(b);
    return (x > y) - (x < y);
}

/* After 2^32 pushes the sequences start again from 0: the events in the
 * heap are renumbered 0, 1, ... in their order, which keeps every
 * comparison as it was; sorted, they are a heap still. */
void aw_heap_renumber(aw_heap *h)
{
    aw_heap_compact(h);
    qsort(h->items, h->count, sizeof *h->items, S_by_key);
    for (size_t i = 0; i < h->count; i++)
        h->items[i].lo = (uint64_t)i << 32 | (uint32_t)h->items[i].lo;
    h->next_seq = h->count;
}

bool aw_heap_grow(aw_heap *h)
{
    size_t cap = h->cap ? h->cap * 2 : 1024;
    aw_heap_item *items = realloc(h->items, cap * sizeof *items);
    if (!items)
        return false;
    for (size_t i = h->cap; i < cap; i++)
        items[i] = AW_HEAP_NONE;
    h->items = items, h->cap = cap;
    return true;
}

void aw_heap_compact(aw_heap *h)
{
    memmove(h->items, h->items + h->head, h->count * sizeof *h->items);
    h->head = 0;
}

/* Sorted from items[0] on, the events are a heap already; the slots past
 * them, used while sorted, become padding again (those beyond the room
 * never stopped being). */
void aw_heap_to_big(aw_heap *h)
{
    aw_heap_compact(h);
    for (size_t i = h->count; i < AW_HEAP_ROOM + AW_HEAP_PAD && i < h->cap; i++)
        h->items[i] = AW_HEAP_NONE;
    h->big = true;
}

void aw_heap_to_small(aw_heap *h)
{
    qsort(h->items, h->count, sizeof *h->items, S_by_key);
    h->big = false;
}

void aw_heap_free(aw_heap *h)
{
    free(h->items);
    *h = (aw_heap){0};
}
