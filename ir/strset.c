/* Open-addressed string set, hashed a word at a time, grown at half load. */
#include "strset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aw_strset_init(aw_strset *s)
{
    memset(s, 0, sizeof *s);
}

void aw_strset_free(aw_strset *s)
{
    free(s->keys);
    free(s->values);
    memset(s, 0, sizeof *s);
}

/* Eight bytes a step, each step's high bits folded down, since the slot
 * comes from the low ones. No hash value is kept or shown anywhere: only
 * the slots depend on it, and they never order what a caller sees. */
static size_t S_hash(const char *k)
{
    size_t len = strlen(k);
    uint64_t h = 1469598103934665603ull ^ len, w;
    for (; len >= 8; k += 8, len -= 8) {
        memcpy(&w, k, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, k, len);
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 32));
}

static size_t S_slot(const aw_strset *s, const char *key)
{
    size_t mask = s->cap - 1, i = S_hash(key) & mask;
    while (s->keys[i] && strcmp(s->keys[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static void S_rehash(aw_strset *s, size_t cap)
{
    aw_strset bigger = {NULL, NULL, cap, 0};
    bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
    bigger.values = calloc(bigger.cap, sizeof *bigger.values);
    if (!bigger.keys || !bigger.values) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->keys[i])
            continue;
        size_t j = S_slot(&bigger, s->keys[i]);
        bigger.keys[j] = s->keys[i];
        bigger.values[j] = s->values[i];
        bigger.count++;
    }
    free(s->keys);
    free(s->values);
    *s = bigger;
}

void aw_strset_reserve(aw_strset *s, size_t n)
{
    size_t cap = s->cap ? s->cap : 64;
    while (cap < n * 2 + 2)
        cap *= 2;
    if (cap > s->cap)
        S_rehash(s, cap);
}

bool aw_strset_insert(aw_strset *s, const char *key, void *value, void **existing)
{
    if ((s->count + 1) * 2 > s->cap)
        S_rehash(s, s->cap ? s->cap * 2 : 64);
    size_t i = S_slot(s, key);
    if (s->keys[i]) {
        if (existing)
            *existing = s->values[i];
        return false;
    }
    s->keys[i] = key;
    s->values[i] = value;
    s->count++;
    return true;
}

void *aw_strset_find(const aw_strset *s, const char *key)
{
    if (!s->cap)
        return NULL;
    size_t i = S_slot(s, key);
    return s->keys[i] ? s->values[i] : NULL;
}
