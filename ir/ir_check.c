/* The IR verifier. It trusts nothing the compiler did: indexes, id lookup,
 * reference targets and kinds, enum and numeric ranges, required fields,
 * list shapes, API ownership and locations are all checked from scratch. */
#include "ir_check.h"

#include <string.h>

#include "ir_fields.h"

typedef struct checker {
    const aw_model *model;
    FILE *out;
    size_t problems;
} checker;

static void S_problem(checker *c, const char *where, const char *what, const char *field)
{
    c->problems++;
    if (c->out)
        fprintf(c->out, "ir check: %s: %s%s%s\n", where ? where : "(diagram)", what, field ? ": " : "",
                field ? field : "");
}

static bool S_node_in_model(const aw_model *m, const aw_node *n)
{
    return n->index < m->node_count && m->nodes[n->index] == n;
}

static void S_check_ref(checker *c, const char *where, const aw_field *f, const aw_ref *ref)
{
    if (!ref->node) {
        bool none_ok = ref->id && strcmp(ref->id, "none") == 0 && (f->flags & AW_FF_NONE_OK);
        if (ref->id && !none_ok)
            S_problem(c, where, "unresolved reference", f->name);
        return;
    }
    if (!S_node_in_model(c->model, ref->node))
        S_problem(c, where, "reference to a node outside the model", f->name);
    else if (!(f->ref_kinds & (1u << ref->node->kind)))
        S_problem(c, where, "reference to a node of the wrong kind", f->name);
    else if (!ref->id || strcmp(ref->id, ref->node->id) != 0)
        S_problem(c, where, "reference id and target disagree", f->name);
}

static void S_check_number(checker *c, const char *where, const aw_field *f, double v)
{
    if (((f->flags & AW_FF_MIN) && v < f->min) || ((f->flags & AW_FF_MAX) && v > f->max))
        S_problem(c, where, "value out of its range", f->name);
}

static void S_check_struct(checker *c, const char *where, const aw_struct_desc *desc, const void *base)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        const void *p = (const char *)base + f->offset;
        if ((f->flags & AW_FF_REQUIRED) && !aw_field_is_set(f, base))
            S_problem(c, where, "required field not set", f->name);
        if (!aw_field_is_set(f, base))
            continue;
        switch (f->type) {
        case AW_F_INT:
            S_check_number(c, where, f, (double)*(const int64_t *)p);
            break;
        case AW_F_NUMBER:
        case AW_F_DURATION:
            S_check_number(c, where, f, *(const double *)p);
            break;
        case AW_F_ENUM:
            if (!aw_enum_name(f, *(const int *)p))
                S_problem(c, where, "enum value out of range", f->name);
            break;
        case AW_F_REF:
            S_check_ref(c, where, f, p);
            break;
        case AW_F_REFS: {
            const aw_refs *refs = p;
            for (size_t k = 0; k < refs->count; k++)
                S_check_ref(c, where, f, &refs->items[k]);
            break;
        }
        case AW_F_STRINGS: {
            const aw_strings *list = p;
            for (size_t k = 0; k < list->count; k++)
                if (!list->items[k])
                    S_problem(c, where, "NULL string in a list", f->name);
            break;
        }
        case AW_F_MAP: {
            const aw_map *map = p;
            for (size_t k = 0; k < map->count; k++)
                if (!map->items[k].key || !map->items[k].value)
                    S_problem(c, where, "map entry without key or value", f->name);
            break;
        }
        case AW_F_OBJECT:
            S_check_struct(c, where, f->sub, *(const void *const *)p);
            break;
        case AW_F_OBJECTS: {
            const char *items;
            size_t count = aw_field_objects(f, base, &items);
            if (!items) {
                S_problem(c, where, "list with a count but no items", f->name);
                break;
            }
            for (size_t k = 0; k < count; k++)
                S_check_struct(c, where, f->sub, items + k * f->sub->size);
            break;
        }
        default:
            break;
        }
    }
}

static void S_check_owner(checker *c, const aw_node *n)
{
    const aw_node *expected = NULL;
    if (n->kind == AW_KIND_API)
        expected = n;
    else if (n->kind == AW_KIND_ROUTE)
        expected = n->as.route.api.node;
    else if (n->kind == AW_KIND_STAGE)
        expected = n->as.stage.api.node;
    else
        return;
    if (n->owner_api != expected)
        S_problem(c, n->id, "owner API differs from the node's api reference", NULL);
}

size_t aw_model_check(const aw_model *model, FILE *out)
{
    checker c = {model, out, 0};
    S_check_struct(&c, NULL, &aw_diagram_desc, model);
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (!n) {
            S_problem(&c, NULL, "NULL node in the node list", NULL);
            continue;
        }
        if (n->index != i)
            S_problem(&c, n->id, "node index does not match its position", NULL);
        if (n->kind < AW_KIND_FIRST || n->kind > AW_KIND_LAST) {
            S_problem(&c, n->id, "node kind out of range", NULL);
            continue;
        }
        if (!n->id || aw_model_find(model, n->id) != n)
            S_problem(&c, n->id, "id missing, duplicated or not indexed", NULL);
        if (n->loc.line && !n->loc.file)
            S_problem(&c, n->id, "location with a line but no file", NULL);
        if (n->kind == AW_KIND_ROUTE &&
            n->as.route.auth_none != (n->as.route.authorizer.id && strcmp(n->as.route.authorizer.id, "none") == 0))
            S_problem(&c, n->id, "auth_none disagrees with the authorizer id", NULL);
        S_check_owner(&c, n);
        S_check_struct(&c, n->id, &aw_node_common_desc, n);
        const aw_kind_desc *kd = &aw_kind_descs[n->kind];
        S_check_struct(&c, n->id, kd->desc, (const char *)n + kd->union_offset);
    }
    for (size_t i = 0; i < model->edge_count; i++) {
        const aw_edge *e = &model->edges[i];
        if (e->index != i)
            S_problem(&c, e->id, "edge index does not match its position", NULL);
        /* The edges' fields were checked with the diagram's. */
    }
    return c.problems;
}
