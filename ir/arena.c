/* Bump allocator: large blocks carved front to back, freed all at once. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks start small and double up to a cap, so a tiny compile stays tiny
 * and a big one makes few, large (mmap-backed, already zeroed) blocks. */
#define AW_ARENA_FIRST_BLOCK (64 * 1024)
#define AW_ARENA_MAX_BLOCK (4 * 1024 * 1024)
#define AW_ARENA_ALIGN 16

struct aw_arena_block {
    aw_arena_block *next;
    size_t used;
    size_t size;
    _Alignas(AW_ARENA_ALIGN) unsigned char data[];
};

void aw_arena_init(aw_arena *arena)
{
    arena->head = NULL;
    arena->total = 0;
}

static aw_arena_block *S_new_block(aw_arena *arena, size_t size)
{
    /* calloc: the block arrives zeroed (large blocks are fresh mmap pages
     * that cost no memset), so allocations need not clear their memory. */
    aw_arena_block *block = calloc(1, sizeof *block + size);
    if (!block) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    block->size = size;
    arena->total += sizeof *block + size;
    return block;
}

void *aw_arena_alloc(aw_arena *arena, size_t size)
{
    size = (size + AW_ARENA_ALIGN - 1) & ~(size_t)(AW_ARENA_ALIGN - 1);
    if (size == 0)
        size = AW_ARENA_ALIGN;
    aw_arena_block *block = arena->head;
    if (!block || block->size - block->used < size) {
        size_t next = block ? block->size * 2 : AW_ARENA_FIRST_BLOCK;
        if (next > AW_ARENA_MAX_BLOCK)
            next = AW_ARENA_MAX_BLOCK;
        if (block && size > next / 4) {
            /* A large request gets a block of its own behind the current
             * one, so the space left in the current block is not wasted. */
            block = S_new_block(arena, size);
            block->next = arena->head->next;
            arena->head->next = block;
        } else {
            block = S_new_block(arena, size > next ? size : next);
            block->next = arena->head;
            arena->head = block;
        }
    }
    void *p = block->data + block->used;
    block->used += size;
    return p;
}

char *aw_arena_strndup(aw_arena *arena, const char *s, size_t len)
{
    char *copy = aw_arena_alloc(arena, len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *aw_arena_strdup(aw_arena *arena, const char *s)
{
    return s ? aw_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *aw_arena_printf(aw_arena *arena, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0)
        return aw_arena_strdup(arena, "");
    if ((size_t)len < sizeof small)
        return aw_arena_strndup(arena, small, (size_t)len);
    char *out = aw_arena_alloc(arena, (size_t)len + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return out;
}

void aw_arena_free(aw_arena *arena)
{
    aw_arena_block *block = arena->head;
    while (block) {
        aw_arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->head = NULL;
    arena->total = 0;
}
