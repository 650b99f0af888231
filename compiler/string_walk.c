/* The walk over every string of a diagram, driven by the field tables, so
 * that a field added to a table is covered by every pass over text. */
#include "string_walk.h"

typedef struct walk {
    aw_string_visitor fn;
    void *ctx;
    aw_string_visit v;
} walk;

static void S_visit(walk *w, const char *field, const char *text, const aw_loc *loc, bool key)
{
    if (!text)
        return;
    w->v.field = field;
    w->v.text = text;
    w->v.loc = loc;
    w->v.key = key;
    w->fn(w->ctx, &w->v);
}

static void S_walk(walk *w, const aw_struct_desc *desc, const void *base, const aw_loc *locs, const aw_loc *own);

static void S_walk_sub(walk *w, const aw_struct_desc *desc, const char *sub)
{
    S_walk(w, desc, sub, *(aw_loc *const *)(sub + desc->field_locs_offset), (const aw_loc *)(sub + desc->loc_offset));
}

static void S_walk_field(walk *w, const aw_field *f, const void *base, const aw_loc *loc)
{
    const void *p = (const char *)base + f->offset;
    if (f->type == AW_F_STRING) {
        S_visit(w, f->name, *(const char *const *)p, loc, false);
    } else if (f->type == AW_F_STRINGS) {
        const aw_strings *list = p;
        for (size_t i = 0; i < list->count; i++)
            S_visit(w, f->name, list->items[i], loc, false);
    } else if (f->type == AW_F_MAP) {
        const aw_map *map = p;
        for (size_t i = 0; i < map->count; i++) {
            S_visit(w, f->name, map->items[i].key, &map->items[i].loc, true);
            S_visit(w, f->name, map->items[i].value, &map->items[i].loc, false);
        }
    } else if (f->type == AW_F_OBJECT && *(void *const *)p) {
        S_walk_sub(w, f->sub, *(const char *const *)p);
    } else if (f->type == AW_F_OBJECTS) {
        const char *items;
        size_t n = aw_field_objects(f, base, &items);
        for (size_t i = 0; i < n; i++)
            S_walk_sub(w, f->sub, items + i * f->sub->size);
    }
}

static void S_walk(walk *w, const aw_struct_desc *desc, const void *base, const aw_loc *locs, const aw_loc *own)
{
    for (size_t i = 0; i < desc->field_count; i++)
        S_walk_field(w, &desc->fields[i], base, locs && locs[i].line ? &locs[i] : own);
}

void aw_strings_walk_node(const aw_node *node, aw_string_visitor fn, void *ctx)
{
    walk w = {fn, ctx, {.node = node}};
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    size_t common = aw_node_common_desc.field_count;
    w.v.common = true;
    for (size_t i = 0; i < common; i++) {
        w.v.top = &aw_node_common_desc.fields[i];
        const aw_loc *loc = node->field_locs && node->field_locs[i].line ? &node->field_locs[i] : &node->loc;
        S_walk_field(&w, w.v.top, node, loc);
    }
    w.v.common = false;
    const void *base = (const char *)node + kd->union_offset;
    for (size_t i = 0; i < kd->desc->field_count; i++) {
        w.v.top = &kd->desc->fields[i];
        const aw_loc *loc = node->field_locs && node->field_locs[common + i].line ? &node->field_locs[common + i]
                                                                                   : &node->loc;
        S_walk_field(&w, w.v.top, base, loc);
    }
}

void aw_strings_walk_marked_nodes(const aw_model *model, aw_string_visitor fn, void *ctx)
{
    for (size_t i = 0; i < model->node_count; i++)
        if (!model->nodes[i]->plain_text)
            aw_strings_walk_node(model->nodes[i], fn, ctx);
}

/* The strings of the diagram's own fields, not its elements'. */
static void S_walk_diagram(const aw_model *model, aw_string_visitor fn, void *ctx)
{
    walk w = {fn, ctx, {.node = NULL}};
    for (size_t i = 0; i < aw_diagram_desc.field_count; i++) {
        w.v.top = &aw_diagram_desc.fields[i];
        const aw_loc *loc = model->field_locs && model->field_locs[i].line ? &model->field_locs[i] : &model->loc;
        S_walk_field(&w, w.v.top, model, loc);
    }
}

void aw_strings_walk_marked(const aw_model *model, aw_string_visitor fn, void *ctx)
{
    if (!model->plain_text)
        S_walk_diagram(model, fn, ctx);
    aw_strings_walk_marked_nodes(model, fn, ctx);
}
