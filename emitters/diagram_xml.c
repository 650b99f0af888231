/* A diagram in the XML spelling, for `archway convert --to xml`: scalar
 * fields as attributes, objects and lists as child elements, exactly as
 * docs/diagram-format.md maps them. Driven by the field tables. */
#include "emitters.h"

#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "sorted_map.h"

static bool S_is_scalar(const aw_field *f)
{
    return f->type != AW_F_STRINGS && f->type != AW_F_REFS && f->type != AW_F_MAP && f->type != AW_F_OBJECT &&
           f->type != AW_F_OBJECTS;
}

static void S_text(aw_strbuf *out, const char *s, bool attr)
{
    aw_strbuf_xml_escaped(out, s, strlen(s), attr);
}

static void S_attributes(aw_strbuf *out, const aw_model *m, const aw_struct_desc *desc, const void *base)
{
    aw_strbuf text = AW_STRBUF_INIT;
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        if (!S_is_scalar(f) || !aw_field_is_set(f, base))
            continue;
        text.len = 0;
        if (!aw_field_format_param(&text, m, f, base))
            aw_field_format_scalar(&text, f, base);
        aw_strbuf_printf(out, " %s=\"", f->name);
        aw_strbuf_xml_escaped(out, text.data ? text.data : "", text.len, 1);
        aw_strbuf_putc(out, '"');
    }
    aw_strbuf_free(&text);
}

static bool S_has_children(const aw_struct_desc *desc, const void *base)
{
    for (size_t i = 0; i < desc->field_count; i++)
        if (!S_is_scalar(&desc->fields[i]) && aw_field_is_set(&desc->fields[i], base))
            return true;
    return false;
}

static void S_element(aw_strbuf *out, const aw_model *m, const char *name, const aw_struct_desc *desc, const void *base, int depth);

static void S_text_items(aw_strbuf *out, const aw_field *f, const void *base, int depth)
{
    const void *p = (const char *)base + f->offset;
    size_t count = f->type == AW_F_STRINGS ? ((const aw_strings *)p)->count : ((const aw_refs *)p)->count;
    for (size_t i = 0; i < count; i++) {
        const char *s = f->type == AW_F_STRINGS ? ((const aw_strings *)p)->items[i]
                                                : ((const aw_refs *)p)->items[i].id;
        aw_strbuf_indent(out, depth);
        aw_strbuf_printf(out, "<%s>", f->item);
        S_text(out, s, false);
        aw_strbuf_printf(out, "</%s>\n", f->item);
    }
}

static void S_children(aw_strbuf *out, const aw_model *m, const aw_struct_desc *desc, const void *base, int depth)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        if (S_is_scalar(f) || !aw_field_is_set(f, base))
            continue;
        const void *p = (const char *)base + f->offset;
        if (f->type == AW_F_OBJECT) {
            S_element(out, m, f->name, f->sub, *(const void *const *)p, depth);
            continue;
        }
        aw_strbuf_indent(out, depth);
        aw_strbuf_printf(out, "<%s>\n", f->name);
        if (f->type == AW_F_STRINGS || f->type == AW_F_REFS) {
            S_text_items(out, f, base, depth + 1);
        } else if (f->type == AW_F_MAP) {
            aw_pair *sorted = aw_map_sorted(p);
            for (size_t k = 0; k < ((const aw_map *)p)->count; k++) {
                aw_strbuf_indent(out, depth + 1);
                aw_strbuf_puts(out, "<entry key=\"");
                S_text(out, sorted[k].key, true);
                aw_strbuf_puts(out, "\" value=\"");
                S_text(out, sorted[k].value, true);
                aw_strbuf_puts(out, "\"/>\n");
            }
            free(sorted);
        } else {
            const char *items;
            size_t count = aw_field_objects(f, base, &items);
            for (size_t k = 0; k < count; k++)
                S_element(out, m, f->item, f->sub, items + k * f->sub->size, depth + 1);
        }
        aw_strbuf_indent(out, depth);
        aw_strbuf_printf(out, "</%s>\n", f->name);
    }
}

static void S_element(aw_strbuf *out, const aw_model *m, const char *name, const aw_struct_desc *desc, const void *base, int depth)
{
    aw_strbuf_indent(out, depth);
    aw_strbuf_printf(out, "<%s", name);
    S_attributes(out, m, desc, base);
    if (!S_has_children(desc, base)) {
        aw_strbuf_puts(out, "/>\n");
        return;
    }
    aw_strbuf_puts(out, ">\n");
    S_children(out, m, desc, base, depth + 1);
    aw_strbuf_indent(out, depth);
    aw_strbuf_printf(out, "</%s>\n", name);
}

static void S_node(aw_strbuf *out, const aw_model *m, const aw_node *node, int depth)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    const void *kind_base = (const char *)node + kd->union_offset;
    aw_strbuf_indent(out, depth);
    aw_strbuf_printf(out, "<%s", kd->name);
    S_attributes(out, m, &aw_node_common_desc, node);
    S_attributes(out, m, kd->desc, kind_base);
    if (!S_has_children(&aw_node_common_desc, node) && !S_has_children(kd->desc, kind_base)) {
        aw_strbuf_puts(out, "/>\n");
        return;
    }
    aw_strbuf_puts(out, ">\n");
    S_children(out, m, &aw_node_common_desc, node, depth + 1);
    S_children(out, m, kd->desc, kind_base, depth + 1);
    aw_strbuf_indent(out, depth);
    aw_strbuf_printf(out, "</%s>\n", kd->name);
}

void aw_emit_xml(const aw_model *model, aw_strbuf *out)
{
    const aw_model *m = model;
    aw_strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<diagram");
    S_attributes(out, m, &aw_diagram_desc, model);
    aw_strbuf_puts(out, ">\n");
    /* Same order as the JSON spelling: regions and tags, nodes, edges. */
    for (size_t i = 0; i < aw_diagram_desc.field_count; i++) {
        const aw_field *f = &aw_diagram_desc.fields[i];
        if (strcmp(f->name, "edges") == 0 && model->node_count) {
            aw_strbuf_puts(out, "  <nodes>\n");
            for (size_t n = 0; n < model->node_count; n++)
                S_node(out, m, model->nodes[n], 2);
            aw_strbuf_puts(out, "  </nodes>\n");
        }
        if (S_is_scalar(f) || !aw_field_is_set(f, model))
            continue;
        aw_struct_desc one = aw_diagram_desc;
        one.fields = f;
        one.field_count = 1;
        S_children(out, m, &one, model, 1);
    }
    aw_strbuf_puts(out, "</diagram>\n");
}
