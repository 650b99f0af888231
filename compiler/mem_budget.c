/* Counting allocators for jansson and libxml2. Sizes come from
 * malloc_usable_size(), not from a header, so memory allocated before the
 * allocators were installed is freed just as well. */
#define _GNU_SOURCE     /* malloc_usable_size() */

#include "mem_budget.h"

#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct budget {
    bool counting;
    bool exceeded;
    size_t live;            /* may run below zero through frees of memory
                             * taken before counting began: kept signed-safe */
    size_t freed_early;
    size_t limit;
    size_t peak;            /* the most live at once */
} budget;

static _Thread_local budget S_b;
static _Thread_local size_t S_last_peak;

/* Whether n more bytes fit; marks the budget exceeded if not. */
static bool S_fits(size_t n)
{
    if (!S_b.counting)
        return true;
    if (S_b.live + n > S_b.limit + S_b.freed_early) {
        S_b.exceeded = true;
        return false;
    }
    return true;
}

static void S_count(void *p, bool add)
{
    if (!S_b.counting || !p)
        return;
    size_t n = malloc_usable_size(p);
    if (add) {
        S_b.live += n;
        if (S_b.live > S_b.peak)
            S_b.peak = S_b.live;
    }
    else if (S_b.live >= n)
        S_b.live -= n;
    else
        S_b.freed_early += n - S_b.live, S_b.live = 0;
}

static void *S_malloc(size_t n)
{
    if (!S_fits(n))
        return NULL;
    void *p = malloc(n);
    S_count(p, true);
    return p;
}

static void S_free(void *p)
{
    S_count(p, false);
    free(p);
}

static void *S_realloc(void *p, size_t n)
{
    size_t old = p ? malloc_usable_size(p) : 0;
    if (n > old && !S_fits(n - old))
        return NULL;
    S_count(p, false);
    void *q = realloc(p, n);
    S_count(q ? q : p, true);
    return q;
}

static char *S_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = S_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void S_install(void)
{
    json_set_alloc_funcs(S_malloc, S_free);
    xmlMemSetup(S_free, S_malloc, S_realloc, S_strdup);
}

void aw_mem_budget_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, S_install);
}

void aw_mem_budget_begin(size_t limit)
{
    aw_mem_budget_install();
    S_b = (budget){.counting = true, .limit = limit};
}

size_t aw_mem_budget_live(void)
{
    return S_b.live;
}

size_t aw_mem_budget_peak(void)
{
    return S_b.counting ? S_b.peak : S_last_peak;
}

bool aw_mem_budget_exceeded(void)
{
    return S_b.exceeded;
}

void aw_mem_budget_report(aw_diags *diags, const aw_loc *loc, unsigned factor)
{
    aw_diag_add(diags, AW_SEV_ERROR, "too-complex", loc,
                "reading this diagram needs more than %u times its size in memory (very long keys above "
                "very many values, or a great many tiny values?); it is refused",
                factor);
}

bool aw_mem_budget_end(void)
{
    bool exceeded = S_b.exceeded;
    S_last_peak = S_b.peak;
    S_b = (budget){0};
    return exceeded;
}
