/* A simulation result read back for a picture (`render --with-simulation`):
 * the JSON of `simulate --format json` checked against the diagram it is
 * drawn on, and turned into the renderer's loads, one per element. */
#ifndef AW_SIM_OVERLAY_H
#define AW_SIM_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "../compiler/diag.h"
#include "../emitters/render.h"

/* Everything lives in the overlay's arena; aw_sim_overlay_free() releases
 * it. The loads point into it and stay valid until then. */
typedef struct aw_sim_overlay {
    aw_arena arena;
    aw_diags diags;             /* what is wrong with the file, with file:line */
    aw_render_load *loads;      /* one per diagram element the run measured, in model order */
    size_t load_count;
    const char *summary;        /* one line: what was run and where it broke */
} aw_sim_overlay;

/* Reads the result in file `path` and matches it to model. Returns false,
 * with errors in ov->diags, when the file cannot be read, is not a
 * simulation result of a version this program reads, or names a hop or a
 * route the diagram does not have (a result of another diagram). The
 * caller frees ov either way. */
bool aw_sim_overlay_load_file(aw_sim_overlay *ov, const aw_model *model, const char *path);
/* The same from text already in memory (copied). */
bool aw_sim_overlay_load_text(aw_sim_overlay *ov, const aw_model *model, const char *file, const char *text,
                              size_t len);
void aw_sim_overlay_free(aw_sim_overlay *ov);

#endif
