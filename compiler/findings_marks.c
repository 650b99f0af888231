/* Findings as picture marks: errors outline red, warnings amber, and the
 * rule id goes into the tooltip. */
#include "findings_marks.h"

#include <stdlib.h>

aw_render_mark *aw_findings_marks(const aw_diags *diags, size_t *count)
{
    aw_render_mark *marks = calloc(diags->count + 1, sizeof *marks);
    if (!marks)
        abort();
    *count = 0;
    for (size_t i = 0; i < diags->count; i++) {
        const aw_diag *d = &diags->items[i];
        if (d->suppressed || !d->element || d->severity == AW_SEV_NOTE)
            continue;
        aw_render_level level = d->severity == AW_SEV_ERROR ? AW_RENDER_LEVEL_ERROR : AW_RENDER_LEVEL_WARNING;
        marks[(*count)++] = (aw_render_mark){d->element, level, d->code};
    }
    return marks;
}
