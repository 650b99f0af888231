/* A set of strings with open addressing, for duplicate detection in
 * linear time (route keys, stage names). Keys are not copied. */
#ifndef AW_STRSET_H
#define AW_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aw_strset {
    const char **keys;
    void **values;
    size_t cap, count;
} aw_strset;

void aw_strset_init(aw_strset *s);
void aw_strset_free(aw_strset *s);
/* Makes room for n keys at once, so a known-size fill never regrows. */
void aw_strset_reserve(aw_strset *s, size_t n);
/* Inserts key with value; if the key is present already, returns false and
 * sets *existing to the value stored first. */
bool aw_strset_insert(aw_strset *s, const char *key, void *value, void **existing);
/* The value stored for key, or NULL. */
void *aw_strset_find(const aw_strset *s, const char *key);

#endif
