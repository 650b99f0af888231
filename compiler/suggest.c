/* Edit distance and nearest-name suggestions for misspelt fields and values. */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

#define AW_SUGGEST_MAX_LEN 64

/* A cell outside the band counts as too far. */
#define S_FAR ((size_t)-1 / 2)

size_t aw_edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strnlen(a, AW_SUGGEST_MAX_LEN + 1), lb = strnlen(b, AW_SUGGEST_MAX_LEN + 1);
    if (la > AW_SUGGEST_MAX_LEN || lb > AW_SUGGEST_MAX_LEN)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    /* Three rows of the optimal-string-alignment table: a swap of two
     * neighbouring letters ("stgae") counts as one edit, as people type. */
    size_t rows[3][AW_SUGGEST_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j <= limit ? j : S_FAR;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > limit ? i - limit : 1, hi = i + limit < lb ? i + limit : lb;
        cur[0] = i <= limit ? i : S_FAR;
        if (lo > 1)
            cur[lo - 1] = S_FAR;
        size_t best = cur[0];
        for (size_t j = lo; j <= hi; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j - 1] + cost;
            if (j < i + limit && prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < v)
                v = before[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (hi < lb)
            cur[hi + 1] = S_FAR;
        if (best > limit)
            return limit + 1;
        size_t *oldest = before;
        before = prev;
        prev = cur;
        cur = oldest;
    }
    return prev[lb] <= limit ? prev[lb] : limit + 1;
}

void aw_suggest_budget_init(aw_suggest_budget *b, size_t candidates)
{
    size_t scans = candidates * AW_SUGGEST_SCANS;
    b->left = scans > AW_SUGGEST_MIN_TRIES ? scans : AW_SUGGEST_MIN_TRIES;
}

bool aw_suggest_budget_take(aw_suggest_budget *b, size_t tries)
{
    if (tries > b->left)
        return false;
    b->left -= tries;
    return true;
}

void aw_suggest_init(aw_suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->best_distance = (size_t)-1;
}

static int S_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The most edits a suggestion for word may need (see aw_suggest_result). */
static size_t S_allowed(const char *word)
{
    size_t len = strnlen(word, AW_SUGGEST_MAX_LEN + 1);
    size_t allowed = len / 3 < 2 ? len / 3 : 2;
    return allowed == 0 && len >= 2 ? 1 : allowed;
}

void aw_suggest_try(aw_suggest *s, const char *candidate)
{
    if (!candidate || s->best_distance == 0)
        return;
    if (S_equal_nocase(s->word, candidate)) {
        s->best = candidate;
        s->best_distance = 0;
        return;
    }
    /* Only a candidate better than the best so far, and close enough to be
     * suggested at all, matters: the smaller limit narrows the band. */
    size_t limit = S_allowed(s->word);
    if (s->best && s->best_distance - 1 < limit)
        limit = s->best_distance - 1;
    size_t d = aw_edit_distance(s->word, candidate, limit);
    if (d <= limit) {
        s->best = candidate;
        s->best_distance = d;
    }
}

const char *aw_suggest_result(const aw_suggest *s)
{
    return s->best && s->best_distance <= S_allowed(s->word) ? s->best : NULL;
}
