/* Checks every string of every element, through the field tables, for
 * ${ref:ID.ATTR}: unknown ids and attributes, and references in fields
 * the deployment emitters do not resolve, are located errors. */
#include "resolve_text_refs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/text_refs.h"

/* The fields whose text the emitters resolve references in. */
static const struct { aw_kind kind; const char *field; } S_resolved[] = {
    {AW_KIND_INTEGRATION, "url"},
    {AW_KIND_INTEGRATION, "role"},
    {AW_KIND_INTEGRATION, "path"},
    {AW_KIND_INTEGRATION, "requestTemplate"},
    {AW_KIND_INTEGRATION, "requestParameters"},
    {AW_KIND_INTEGRATION, "parameterMappings"},
};

#define S_RESOLVED_TEXT "an integration's url, role, path, requestTemplate, requestParameters and parameterMappings"

#define S_RESOLVED_COUNT (sizeof S_resolved / sizeof S_resolved[0])

typedef struct refctx {
    const aw_model *model;
    aw_diags *diags;
    size_t errors;
    const aw_node *node;
    bool resolved;              /* the field being walked is one of S_resolved */
    const aw_field *resolved_fields[S_RESOLVED_COUNT];  /* S_resolved in the field tables */
} refctx;

static void S_error(refctx *c, const aw_loc *loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void S_error(refctx *c, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *d = aw_diag_vadd(c->diags, AW_SEV_ERROR, "bad-reference", loc, fmt, ap);
    va_end(ap);
    d->element = c->node->id;
    c->errors++;
}

static void S_check_text(refctx *c, const char *text, const aw_loc *loc, const char *field)
{
    aw_text_ref ref;
    for (const char *p = text; aw_text_ref_next(p, &ref); p = ref.start + ref.len) {
        int n = (int)(ref.len > 120 ? 120 : ref.len);
        if (!c->resolved) {
            S_error(c, loc, "'%s' of '%s' holds the reference %.*s, but references are resolved in "
                    S_RESOLVED_TEXT " only", field, c->node->id, n, ref.start);
            return;
        }
        if (!ref.attr_len) {
            S_error(c, loc, "'%s' of '%s' holds %.*s; write a reference as ${ref:ID.ATTRIBUTE}, such as "
                    "${ref:orders-queue.arn}", field, c->node->id, n, ref.start);
            continue;
        }
        char id[160];
        snprintf(id, sizeof id, "%.*s", (int)(ref.id_len < 150 ? ref.id_len : 150), ref.id);
        const aw_node *target = aw_model_find(c->model, id);
        if (!target) {
            S_error(c, loc, "'%s' of '%s' refers to '%s', which is no element of the diagram", field, c->node->id, id);
        } else if (!aw_text_ref_attr_ok(target, ref.attr, ref.attr_len)) {
            const char *attrs = aw_text_ref_attrs(target);
            S_error(c, loc, "'%s' of '%s' asks for '%.*s' of %s '%s', which offers %s", field, c->node->id,
                    (int)(ref.attr_len < 40 ? ref.attr_len : 40), ref.attr, aw_kind_descs[target->kind].doc, id,
                    attrs ? attrs : "nothing to refer to");
        }
    }
}

static void S_walk(refctx *c, const aw_struct_desc *desc, const void *base, const aw_loc *locs, const aw_loc *own);

static void S_walk_field(refctx *c, const aw_field *f, const void *base, const aw_loc *loc)
{
    const void *p = (const char *)base + f->offset;
    if (f->type == AW_F_STRING && *(const char *const *)p) {
        S_check_text(c, *(const char *const *)p, loc, f->name);
    } else if (f->type == AW_F_STRINGS) {
        const aw_strings *list = p;
        for (size_t i = 0; i < list->count; i++)
            S_check_text(c, list->items[i], loc, f->name);
    } else if (f->type == AW_F_MAP) {
        const aw_map *map = p;
        for (size_t i = 0; i < map->count; i++)
            S_check_text(c, map->items[i].value, &map->items[i].loc, f->name);
    } else if (f->type == AW_F_OBJECT && *(void *const *)p) {
        const char *sub = *(const char *const *)p;
        S_walk(c, f->sub, sub, *(aw_loc *const *)(sub + f->sub->field_locs_offset),
               (const aw_loc *)(sub + f->sub->loc_offset));
    } else if (f->type == AW_F_OBJECTS) {
        const char *items;
        size_t n = aw_field_objects(f, base, &items);
        for (size_t i = 0; i < n; i++) {
            const char *sub = items + i * f->sub->size;
            S_walk(c, f->sub, sub, *(aw_loc *const *)(sub + f->sub->field_locs_offset),
                   (const aw_loc *)(sub + f->sub->loc_offset));
        }
    }
}

static void S_walk(refctx *c, const aw_struct_desc *desc, const void *base, const aw_loc *locs, const aw_loc *own)
{
    bool outer = c->resolved;
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_loc *loc = locs && locs[i].line ? &locs[i] : own;
        S_walk_field(c, &desc->fields[i], base, loc);
        c->resolved = outer;
    }
}

/* Every field of every element is asked: the fields are told apart by
 * their entries in the tables, found once, not by name. */
static bool S_is_resolved(const refctx *c, const aw_field *f)
{
    for (size_t i = 0; i < S_RESOLVED_COUNT; i++)
        if (c->resolved_fields[i] == f)
            return true;
    return false;
}

static void S_check_node(refctx *c, const aw_node *node)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    const void *base = (const char *)node + kd->union_offset;
    size_t common = aw_node_common_desc.field_count;
    c->node = node;
    c->resolved = false;
    S_walk(c, &aw_node_common_desc, node, node->field_locs, &node->loc);
    for (size_t i = 0; i < kd->desc->field_count; i++) {
        const aw_field *f = &kd->desc->fields[i];
        const aw_loc *loc = node->field_locs && node->field_locs[common + i].line ? &node->field_locs[common + i]
                                                                                   : &node->loc;
        c->resolved = S_is_resolved(c, f);
        S_walk_field(c, f, base, loc);
    }
}

size_t aw_resolve_text_refs(const aw_model *model, aw_diags *diags)
{
    refctx c = {model, diags, 0, NULL, false, {NULL}};
    for (size_t i = 0; i < S_RESOLVED_COUNT; i++)
        c.resolved_fields[i] = aw_struct_field(aw_kind_descs[S_resolved[i].kind].desc, S_resolved[i].field);
    for (size_t i = 0; i < model->node_count; i++)
        S_check_node(&c, model->nodes[i]);
    return c.errors;
}
