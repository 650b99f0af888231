/* The simulator's event queue: a binary min-heap on (time, sequence), so
 * that events at the same time run in the order they were scheduled. */
#ifndef AW_SIM_HEAP_H
#define AW_SIM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct aw_event {
    double t;                   /* seconds */
    uint64_t seq;
    uint32_t type, gen;
    void *p;                    /* the request, or NULL */
    uint64_t arg;
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
