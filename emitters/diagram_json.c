/* Canonical JSON of a diagram: what `archway ir` prints and what
 * `archway convert --to json` writes. Driven by the field tables. */
#include "emitters.h"

#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "sorted_map.h"

typedef struct writer {
    aw_strbuf *out;
    bool locations;
    const aw_model *model;      /* the numeric fields its parameters give */
} writer;

static void S_struct(writer *w, const aw_struct_desc *desc, const void *base, int depth);

static void S_string(writer *w, const char *s)
{
    aw_strbuf_json_string(w->out, s, strlen(s));
}

/* Opens a member: comma from the previous one, newline, indent, key. */
static void S_key(writer *w, bool *first, int depth, const char *key)
{
    aw_strbuf_puts(w->out, *first ? "\n" : ",\n");
    *first = false;
    aw_strbuf_indent(w->out, depth);
    S_string(w, key);
    aw_strbuf_puts(w->out, ": ");
}

static void S_location(writer *w, bool *first, int depth, const aw_loc *loc)
{
    if (!w->locations || loc->line == 0)
        return;
    S_key(w, first, depth, "$location");
    aw_strbuf_puts(w->out, "{\"file\": ");
    S_string(w, loc->file ? loc->file : "");
    aw_strbuf_printf(w->out, ", \"line\": %u, \"column\": ", loc->line);
    if (loc->col == AW_NO_COLUMN)
        aw_strbuf_puts(w->out, "null");
    else
        aw_strbuf_printf(w->out, "%u", loc->col);
    aw_strbuf_puts(w->out, ", \"path\": ");
    S_string(w, loc->path ? loc->path : "");
    aw_strbuf_putc(w->out, '}');
}

static void S_list_open(writer *w, size_t count)
{
    aw_strbuf_puts(w->out, count ? "[" : "[]");
}

static void S_list_item(writer *w, size_t i, int depth)
{
    aw_strbuf_puts(w->out, i ? ",\n" : "\n");
    aw_strbuf_indent(w->out, depth);
}

static void S_list_close(writer *w, size_t count, int depth)
{
    if (!count)
        return;
    aw_strbuf_putc(w->out, '\n');
    aw_strbuf_indent(w->out, depth);
    aw_strbuf_putc(w->out, ']');
}

static void S_map(writer *w, const aw_map *map, int depth)
{
    aw_pair *sorted = aw_map_sorted(map);
    aw_strbuf_putc(w->out, '{');
    bool first = true;
    for (size_t i = 0; i < map->count; i++) {
        S_key(w, &first, depth + 1, sorted[i].key);
        S_string(w, sorted[i].value);
    }
    aw_strbuf_putc(w->out, '\n');
    aw_strbuf_indent(w->out, depth);
    aw_strbuf_putc(w->out, '}');
    free(sorted);
}

static void S_value(writer *w, const aw_field *f, const void *base, int depth)
{
    const void *p = (const char *)base + f->offset;
    aw_strbuf param = AW_STRBUF_INIT;
    if (aw_field_format_param(&param, w->model, f, base)) {
        S_string(w, param.data);
        aw_strbuf_free(&param);
        return;
    }
    switch (f->type) {
    case AW_F_STRING:
    case AW_F_DURATION:
    case AW_F_ENUM:
    case AW_F_REF: {
        aw_strbuf text = AW_STRBUF_INIT;
        aw_field_format_scalar(&text, f, base);
        aw_strbuf_json_string(w->out, text.data ? text.data : "", text.len);
        aw_strbuf_free(&text);
        break;
    }
    case AW_F_BOOL:
    case AW_F_INT:
    case AW_F_NUMBER:
        aw_field_format_scalar(w->out, f, base);
        break;
    case AW_F_STRINGS: {
        const aw_strings *list = p;
        S_list_open(w, list->count);
        for (size_t i = 0; i < list->count; i++) {
            S_list_item(w, i, depth + 1);
            S_string(w, list->items[i]);
        }
        S_list_close(w, list->count, depth);
        break;
    }
    case AW_F_REFS: {
        const aw_refs *list = p;
        S_list_open(w, list->count);
        for (size_t i = 0; i < list->count; i++) {
            S_list_item(w, i, depth + 1);
            S_string(w, list->items[i].id);
        }
        S_list_close(w, list->count, depth);
        break;
    }
    case AW_F_MAP:
        S_map(w, p, depth);
        break;
    case AW_F_OBJECT:
        S_struct(w, f->sub, *(const void *const *)p, depth);
        break;
    case AW_F_OBJECTS: {
        const char *items;
        size_t count = aw_field_objects(f, base, &items);
        S_list_open(w, count);
        for (size_t i = 0; i < count; i++) {
            S_list_item(w, i, depth + 1);
            S_struct(w, f->sub, items + i * f->sub->size, depth + 1);
        }
        S_list_close(w, count, depth);
        break;
    }
    }
}

static void S_fields(writer *w, bool *first, const aw_struct_desc *desc, const void *base, int depth)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        if (!aw_field_is_set(f, base))
            continue;
        S_key(w, first, depth, f->name);
        S_value(w, f, base, depth);
    }
}

static void S_close(writer *w, int depth)
{
    aw_strbuf_putc(w->out, '\n');
    aw_strbuf_indent(w->out, depth);
    aw_strbuf_putc(w->out, '}');
}

static void S_struct(writer *w, const aw_struct_desc *desc, const void *base, int depth)
{
    bool first = true;
    aw_strbuf_putc(w->out, '{');
    S_location(w, &first, depth + 1, (const aw_loc *)((const char *)base + desc->loc_offset));
    S_fields(w, &first, desc, base, depth + 1);
    if (first)
        aw_strbuf_putc(w->out, '}');
    else
        S_close(w, depth);
}

static void S_node(writer *w, const aw_node *node, int depth)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    bool first = true;
    aw_strbuf_putc(w->out, '{');
    S_key(w, &first, depth + 1, "kind");
    S_string(w, kd->name);
    S_location(w, &first, depth + 1, &node->loc);
    S_fields(w, &first, &aw_node_common_desc, node, depth + 1);
    S_fields(w, &first, kd->desc, (const char *)node + kd->union_offset, depth + 1);
    S_close(w, depth);
}

void aw_emit_json(const aw_model *model, aw_strbuf *out, bool locations)
{
    writer w = {out, locations, model};
    bool first = true;
    aw_strbuf_putc(out, '{');
    S_location(&w, &first, 1, &model->loc);
    for (size_t i = 0; i < aw_diagram_desc.field_count; i++) {
        const aw_field *f = &aw_diagram_desc.fields[i];
        if (strcmp(f->name, "edges") == 0) {
            /* Nodes are not a table field (each has its own kind table);
             * they come right before the edges that join them. */
            S_key(&w, &first, 1, AW_NODES_FIELD);
            S_list_open(&w, model->node_count);
            for (size_t n = 0; n < model->node_count; n++) {
                S_list_item(&w, n, 2);
                S_node(&w, model->nodes[n], 2);
            }
            S_list_close(&w, model->node_count, 1);
        }
        if (!aw_field_is_set(f, model))
            continue;
        S_key(&w, &first, 1, f->name);
        S_value(&w, f, model, 1);
    }
    S_close(&w, 0);
    aw_strbuf_putc(out, '\n');
}
