/* Checks every string of every element, through the field tables, for
 * ${ref:ID.ATTR}: unknown ids and attributes, and references in fields
 * the deployment emitters do not resolve, are located errors. */
#include "resolve_text_refs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "string_walk.h"
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

/* Every string of every element is asked: the fields are told apart by
 * their entries in the tables, found once, not by name. */
static bool S_is_resolved(const refctx *c, const aw_field *f)
{
    for (size_t i = 0; i < S_RESOLVED_COUNT; i++)
        if (c->resolved_fields[i] == f)
            return true;
    return false;
}

static void S_visit(void *ctx, const aw_string_visit *v)
{
    refctx *c = ctx;
    if (v->key)
        return;
    c->node = v->node;
    c->resolved = !v->common && S_is_resolved(c, v->top);
    S_check_text(c, v->text, v->loc, v->field);
}

size_t aw_resolve_text_refs(const aw_model *model, aw_diags *diags)
{
    refctx c = {model, diags, 0, NULL, false, {NULL}};
    for (size_t i = 0; i < S_RESOLVED_COUNT; i++)
        c.resolved_fields[i] = aw_struct_field(aw_kind_descs[S_resolved[i].kind].desc, S_resolved[i].field);
    aw_strings_walk_marked_nodes(model, S_visit, &c);
    return c.errors;
}
