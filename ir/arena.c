/* Bump allocator: large blocks carved front to back, freed all at once. */
#define _DEFAULT_SOURCE     /* mmap's MAP_ANONYMOUS and madvise */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

/* Blocks start small and double up to a cap, so a tiny compile stays tiny
 * and a big one makes few, large (mmap-backed, already zeroed) blocks. */
#define AW_ARENA_FIRST_BLOCK (64 * 1024)
#define AW_ARENA_MAX_BLOCK (8 * 1024 * 1024 - 64)
#define AW_ARENA_ALIGN 16

struct aw_arena_block {
    aw_arena_block *next;
    size_t used;
    size_t size;
    size_t mapped;          /* length of the mapping, or 0 if from calloc */
    _Alignas(AW_ARENA_ALIGN) unsigned char data[];
};

void aw_arena_init(aw_arena *arena)
{
    arena->head = NULL;
    arena->total = 0;
}

/* Blocks of 2 MiB and more are mapped 2 MiB-aligned and offered to the
 * kernel for transparent huge pages: a big compile then takes one page
 * fault per 2 MiB instead of one per 4 KiB, which on virtual machines is
 * most of the cost of filling fresh memory. Fresh mappings are zeroed. */
#define AW_HUGE_PAGE (2u * 1024u * 1024u)

static aw_arena_block *S_map_block(size_t total)
{
    size_t len = (total + AW_HUGE_PAGE - 1) & ~(size_t)(AW_HUGE_PAGE - 1);
    char *raw = mmap(NULL, len + AW_HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    char *start = (char *)(((uintptr_t)raw + AW_HUGE_PAGE - 1) & ~(uintptr_t)(AW_HUGE_PAGE - 1));
    if (start > raw)
        munmap(raw, (size_t)(start - raw));
    size_t tail = (size_t)(raw + len + AW_HUGE_PAGE - (start + len));
    if (tail)
        munmap(start + len, tail);
#ifdef MADV_HUGEPAGE
    madvise(start, len, MADV_HUGEPAGE);
#endif
    aw_arena_block *block = (aw_arena_block *)start;
    block->mapped = len;
    block->size = len - sizeof *block;
    return block;
}

static aw_arena_block *S_new_block(aw_arena *arena, size_t size)
{
    aw_arena_block *block = NULL;
    if (sizeof *block + size >= AW_HUGE_PAGE)
        block = S_map_block(sizeof *block + size);
    if (!block) {
        /* calloc: the block arrives zeroed, so allocations need not clear
         * their memory one by one. */
        block = calloc(1, sizeof *block + size);
        if (!block) {
            fputs("archway: out of memory\n", stderr);
            abort();
        }
        block->size = size;
    }
    arena->total += sizeof *block + block->size;
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

void *aw_arena_grow(aw_arena *arena, void *items, size_t count, size_t size)
{
    if (count && (count & (count - 1)))
        return items;
    void *bigger = aw_arena_alloc(arena, (count ? count * 2 : 4) * size);
    if (count)
        memcpy(bigger, items, count * size);
    return bigger;
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

char *aw_arena_join(aw_arena *arena, const char *const *parts)
{
    size_t len = 0;
    for (const char *const *p = parts; *p; p++)
        len += strlen(*p);
    char *out = aw_arena_alloc(arena, len + 1), *at = out;
    for (const char *const *p = parts; *p; p++) {
        size_t n = strlen(*p);
        memcpy(at, *p, n);
        at += n;
    }
    *at = '\0';
    return out;
}

void aw_arena_free(aw_arena *arena)
{
    aw_arena_block *block = arena->head;
    while (block) {
        aw_arena_block *next = block->next;
        if (block->mapped)
            munmap(block, block->mapped);
        else
            free(block);
        block = next;
    }
    arena->head = NULL;
    arena->total = 0;
}
