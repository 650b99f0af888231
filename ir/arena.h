/* Bump allocator for compile-time data: everything a compile creates lives
 * in one arena and is released by a single aw_arena_free(). */
#ifndef AW_ARENA_H
#define AW_ARENA_H

#include <stddef.h>

typedef struct aw_arena_block aw_arena_block;

typedef struct aw_arena {
    aw_arena_block *head;   /* newest block; allocations come from here */
    size_t total;           /* bytes obtained from malloc, for benchmarks */
} aw_arena;

void aw_arena_init(aw_arena *arena);
/* Zeroed memory aligned for any type; aborts only if malloc fails. */
void *aw_arena_alloc(aw_arena *arena, size_t size);
/* Room for one more item in an array grown only by this function: items
 * is kept while its room lasts (the room of count items is the next power
 * of two, at least 4), else copied into twice the room. Returns the array
 * to store into; the caller sets its count. */
void *aw_arena_grow(aw_arena *arena, void *items, size_t count, size_t size);
/* Copies of strings and memory; the arena owns the copies. */
char *aw_arena_strndup(aw_arena *arena, const char *s, size_t len);
char *aw_arena_strdup(aw_arena *arena, const char *s);
char *aw_arena_printf(aw_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The parts, up to a NULL, joined into one string: for names made for
 * every element, where printf's parsing of a format costs more than the
 * copying. */
char *aw_arena_join(aw_arena *arena, const char *const *parts);
/* Releases every block; the arena may be reused after aw_arena_init(). */
void aw_arena_free(aw_arena *arena);

#endif
