/* "Did you mean": the nearest known name to a misspelt one. */
#ifndef AW_SUGGEST_H
#define AW_SUGGEST_H

#include <stddef.h>

/* Tracks the best candidate seen so far. Feed names with aw_suggest_try(). */
typedef struct aw_suggest {
    const char *word;
    const char *best;
    size_t best_distance;
} aw_suggest;

void aw_suggest_init(aw_suggest *s, const char *word);
void aw_suggest_try(aw_suggest *s, const char *candidate);
/* The best candidate if it is close enough to be a likely typo (edit
 * distance at most 2, and at most a third of the word's length, or a
 * case-insensitive match), else NULL. */
const char *aw_suggest_result(const aw_suggest *s);

/* Edit distance (insertions, deletions, substitutions and swaps of
 * neighbouring characters), case-sensitive; gives up (returns limit+1) once the
 * distance must exceed limit. */
size_t aw_edit_distance(const char *a, const char *b, size_t limit);

#endif
