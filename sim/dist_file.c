/* Empirical latency distributions read from text: one histogram bucket a
 * line, "UPPER_MS COUNT" (or with a comma), bounds ascending, # comments.
 * A draw picks a bucket by its share and a point in it uniformly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

const char *aw_sim_dist_parse(const char *text, size_t len, aw_arena *arena, aw_sim_dist *out, char *buf, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    double *bounds = aw_arena_alloc(arena, lines * sizeof *bounds);
    double *cumulative = aw_arena_alloc(arena, lines * sizeof *cumulative);
    size_t n = 0, line = 0;
    double total = 0, weighted = 0;
    for (const char *p = text, *end = text + len; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char row[128];
        snprintf(row, sizeof row, "%.*s", (int)(l < sizeof row - 1 ? l : sizeof row - 1), p);
        p += l + 1;
        char *s = row + strspn(row, " \t\r");
        if (*s == '#' || *s == '\0')
            continue;
        char *e1, *e2;
        double upper = strtod(s, &e1);
        e1 += strspn(e1, " \t,");
        double count = strtod(e1, &e2);
        bool ok = e1 != s && e2 != e1 && strspn(e2, " \t\r") == strlen(e2) && upper > 0 && isfinite(upper) &&
                  count >= 0 && isfinite(count) && (n == 0 || upper > bounds[n - 1]);
        if (!ok) {
            snprintf(buf, size, "line %zu: a bucket is 'UPPER_MS COUNT' with bounds rising, not '%s'", line + 1, s);
            return buf;
        }
        weighted += count * ((n ? bounds[n - 1] : 0.0) + upper) / 2.0;
        total += count;
        bounds[n] = upper;
        cumulative[n++] = total;
    }
    if (!n || !(total > 0))
        return "the histogram has no bucket with a count";
    for (size_t i = 0; i < n; i++)
        cumulative[i] /= total;
    *out = (aw_sim_dist){.kind = AW_SIM_DIST_EMPIRICAL, .mean_ms = weighted / total, .p50_ms = NAN, .p99_ms = NAN,
                         .bounds_ms = bounds, .cumulative = cumulative, .buckets = n};
    return NULL;
}
