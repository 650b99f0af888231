/* The simulator's event queue: a min-heap on (time, sequence), so
 * that events at the same time run in the order they were scheduled. */
#ifndef AW_SIM_HEAP_H
#define AW_SIM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 32 bytes: the heap moves many of them. A request's event is its service
 * ending, or its wait in a queue running out while it is queued; gen must
 * match the request's, else the event is stale. */
typedef struct aw_event {
    double t;                   /* seconds, never negative (compared by its bits) */
    void *p;
    uint64_t seq;               /* ties run in the order pushed */
    uint32_t gen;
} aw_event;

/* Owns its array; free with aw_heap_free(). */
typedef struct aw_heap {
    aw_event *items;
    size_t count, cap;
    uint64_t next_seq;
} aw_heap;

/* False when out of memory. */
bool aw_heap_push(aw_heap *h, aw_event ev);
/* Removes the earliest event into *ev; false when empty. */
bool aw_heap_pop(aw_heap *h, aw_event *ev);
void aw_heap_free(aw_heap *h);

#endif
