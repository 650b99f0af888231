/* "Did you mean": the nearest known name to a misspelt one. */
#ifndef AW_SUGGEST_H
#define AW_SUGGEST_H

#include <stdbool.h>
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

/* A compile's allowance of suggestion work, so that thousands of missing
 * references in a big diagram cannot cost thousands of scans of it: every
 * scan is paid for by the candidates it tries, and once the allowance is
 * spent the remaining messages go without "did you mean" (as compilers
 * stop spell-checking after a while). The allowance grows with the diagram:
 * AW_SUGGEST_SCANS scans of all candidates, and AW_SUGGEST_MIN_TRIES at
 * least, so that small diagrams always get every suggestion. */
#define AW_SUGGEST_SCANS 16u
#define AW_SUGGEST_MIN_TRIES 65536u

typedef struct aw_suggest_budget {
    size_t left;
} aw_suggest_budget;

void aw_suggest_budget_init(aw_suggest_budget *b, size_t candidates);
/* Whether a scan of `tries` candidates may run; takes them if so. */
bool aw_suggest_budget_take(aw_suggest_budget *b, size_t tries);

/* Edit distance (insertions, deletions, substitutions and swaps of
 * neighbouring characters), case-sensitive; gives up (returns limit+1) once the
 * distance must exceed limit. Only the cells within limit of the diagonal
 * are computed: the cost is the length times (2 * limit + 1). */
size_t aw_edit_distance(const char *a, const char *b, size_t limit);

#endif
