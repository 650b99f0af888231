/* Memory that the parsing libraries (jansson, libxml2) allocate for a front
 * end, counted per thread and refused beyond a limit, so that an input can
 * cost no more memory than its size justifies (limits.h: AW_TREE_BUDGET).
 * The counting allocators are installed once for the whole process; they
 * count only on a thread between aw_mem_budget_begin() and _end(), and
 * behave exactly as malloc and free everywhere else. */
#ifndef AW_MEM_BUDGET_H
#define AW_MEM_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Installs the counting allocators into jansson and libxml2 (once). */
void aw_mem_budget_install(void);
/* This thread: counts library allocations from zero, and makes them fail
 * once more than limit bytes are live. */
void aw_mem_budget_begin(size_t limit);
/* Bytes the libraries hold now on this thread (since begin). */
size_t aw_mem_budget_live(void);
/* The most bytes the libraries held at once, in the current counting
 * period or else in the last one on this thread. */
size_t aw_mem_budget_peak(void);
/* Whether an allocation was refused since begin. */
bool aw_mem_budget_exceeded(void);
/* Stops counting; returns whether an allocation was refused. */
bool aw_mem_budget_end(void);

/* The one diagnostic for an input whose reading outgrew its budget, which
 * allows factor times its size (limits.h). */
void aw_mem_budget_report(aw_diags *diags, const aw_loc *loc, unsigned factor);

#endif
