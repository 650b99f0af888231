/* A check's findings as marks for a picture (`render --with-findings`):
 * the library function the CLI and the canvas server share. */
#ifndef AW_FINDINGS_MARKS_H
#define AW_FINDINGS_MARKS_H

#include <stddef.h>

#include "../emitters/render.h"
#include "diag.h"

/* One mark per error or warning that names an element and was not
 * suppressed; notes are left out. The array is malloc'd (the caller frees
 * it); its strings point into the diagnostics, which must outlive it. */
aw_render_mark *aw_findings_marks(const aw_diags *diags, size_t *count);

#endif
