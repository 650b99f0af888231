/* Edit distance and nearest-name suggestions for misspelt fields and values. */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

#define AW_SUGGEST_MAX_LEN 64

size_t aw_edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > AW_SUGGEST_MAX_LEN || lb > AW_SUGGEST_MAX_LEN)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[AW_SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
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

void aw_suggest_try(aw_suggest *s, const char *candidate)
{
    if (!candidate)
        return;
    size_t d = S_equal_nocase(s->word, candidate) ? 0 : aw_edit_distance(s->word, candidate, 3);
    if (d < s->best_distance) {
        s->best = candidate;
        s->best_distance = d;
    }
}

const char *aw_suggest_result(const aw_suggest *s)
{
    if (!s->best)
        return NULL;
    size_t len = strlen(s->word);
    size_t allowed = len / 3 < 2 ? len / 3 : 2;
    if (allowed == 0 && len >= 2)
        allowed = 1;
    return s->best_distance <= allowed ? s->best : NULL;
}
