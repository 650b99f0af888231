/* The largest value seen over a sliding window of time (a monotone deque:
 * each push and expiry costs O(1) amortised). Used by the fluid model for
 * the Lambda environments used within their idle lifetime. */
#ifndef AW_SIM_WINDOW_MAX_H
#define AW_SIM_WINDOW_MAX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aw_window_max {
    double *t, *v;              /* a ring, values falling from the oldest */
    size_t first, len, cap;
} aw_window_max;

/* Adds v seen at time t (times rising); false when out of memory. */
bool aw_window_max_push(aw_window_max *w, double t, double v);
/* The largest value seen after time `after`, 0 when none. */
double aw_window_max_since(aw_window_max *w, double after);
void aw_window_max_free(aw_window_max *w);

#endif
