/* A sliding-window maximum (window_max.h). */
#include <stdlib.h>

#include "window_max.h"

static bool S_grow(aw_window_max *w)
{
    size_t cap = w->cap ? w->cap * 2 : 16;
    double *t = malloc(cap * sizeof *t), *v = malloc(cap * sizeof *v);
    if (!t || !v) {
        free(t), free(v);
        return false;
    }
    for (size_t i = 0; i < w->len; i++) {
        t[i] = w->t[(w->first + i) % w->cap];
        v[i] = w->v[(w->first + i) % w->cap];
    }
    free(w->t), free(w->v);
    w->t = t, w->v = v, w->cap = cap, w->first = 0;
    return true;
}

bool aw_window_max_push(aw_window_max *w, double t, double v)
{
    /* A value at or below a newer one can never be the largest again. */
    while (w->len && w->v[(w->first + w->len - 1) % w->cap] <= v)
        w->len--;
    if (w->len == w->cap && !S_grow(w))
        return false;
    size_t at = (w->first + w->len++) % w->cap;
    w->t[at] = t, w->v[at] = v;
    return true;
}

double aw_window_max_since(aw_window_max *w, double after)
{
    while (w->len && w->t[w->first] <= after)
        w->first = (w->first + 1) % w->cap, w->len--;
    return w->len ? w->v[w->first] : 0.0;
}

void aw_window_max_free(aw_window_max *w)
{
    free(w->t), free(w->v);
    *w = (aw_window_max){0};
}
