/* Canvas positions for an imported diagram, from the Graphviz layout that
 * `archway layout` computes, so that it opens tidy on the canvas. */
#include <math.h>

#include "../emitters/render.h"
#include "importer.h"

void aw_import_place(aw_model *model, aw_diags *diags)
{
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    if (aw_layout_compute(model, &layout, &err) != AW_RENDER_OK) {
        aw_loc loc = model->loc;
        aw_diag_add(diags, AW_SEV_WARNING, "AW-IMPORT-008", &loc, "the diagram is written without positions: %.*s",
                    (int)err.len, err.data ? err.data : "");
        aw_strbuf_free(&err);
        return;
    }
    for (size_t i = 0; i < layout.count; i++) {
        aw_node *node = (aw_node *)layout.places[i].node;
        if (node->position)
            continue;       /* kept from the template's metadata */
        aw_position *p = aw_arena_alloc(&model->arena, sizeof *p);
        /* Whole canvas units: the same layout always gives the same text. */
        p->x = round(layout.places[i].x);
        p->y = round(layout.places[i].y);
        p->loc = node->loc;
        p->field_locs = aw_arena_alloc(&model->arena, 2 * sizeof(aw_loc));
        p->field_locs[0] = p->field_locs[1] = node->loc;
        node->position = p;
    }
    aw_layout_free(&layout);
    aw_strbuf_free(&err);
}
