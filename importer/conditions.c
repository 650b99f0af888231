/* A template's Conditions into the diagram's conditions (an expression
 * nested in another becomes a condition of its own, named after it), the
 * parameters they compare into the diagram's parameters, a resource's
 * Condition into its element's condition, and Fn::If of two texts into
 * ${if:NAME}THEN${else}ELSE${end}. What the format cannot say (pseudo
 * parameters, other functions) is reported where it stands. */
#include <stdio.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "cfn_types.h"

typedef struct S_conds {
    aw_import *im;
    aw_doc *list;               /* the diagram's conditions */
} S_conds;

static const aw_doc *S_only(const aw_doc *v, const char *key)
{
    return v && v->kind == AW_DOC_OBJECT && v->as.object.count == 1 ? aw_import_get(v, key) : NULL;
}

/* The diagram's condition of that name, or NULL. */
static aw_doc *S_declared(const aw_import *im, const char *name)
{
    aw_doc *list = aw_itree_get(im->diagram, "conditions");
    for (size_t i = 0; list && i < list->as.array.count; i++) {
        const aw_doc *n = aw_import_get(list->as.array.items[i], "name");
        if (n && n->kind == AW_DOC_STRING && strcmp(n->as.string.chars, name) == 0)
            return list->as.array.items[i];
    }
    return NULL;
}

/* The template parameter as a diagram parameter, declared once. */
static bool S_parameter(aw_import *im, const char *name, const aw_loc *loc)
{
    static const char *const types[] = {"String", "Number", "CommaDelimitedList", NULL};
    const aw_doc *decl = aw_import_get(im->parameters, name);
    const char *type = aw_import_text(im, aw_import_get(decl, "Type"), NULL);
    size_t t = 0;
    while (types[t] && (!type || strcmp(types[t], type) != 0))
        t++;
    if (!decl || !types[t])
        return false;
    aw_doc *list = aw_itree_get(im->diagram, "parameters");
    for (size_t i = 0; list && i < list->as.array.count; i++)
        if (strcmp(aw_import_get(list->as.array.items[i], "name")->as.string.chars, name) == 0)
            return true;
    if (!list) {
        list = aw_itree_array(im, loc);
        aw_itree_set(im, im->diagram, "parameters", list);
    }
    aw_doc *p = aw_itree_object(im, &decl->loc);
    aw_itree_set_string(im, p, "name", name, loc);
    aw_itree_set_string(im, p, "type", types[t], loc);
    const aw_doc *def = aw_import_get(decl, "Default"), *allowed = aw_import_get(decl, "AllowedValues");
    aw_itree_set_string(im, p, "default", aw_import_text(im, def, NULL), def ? &def->loc : loc);
    aw_itree_set_string(im, p, "description", aw_import_text(im, aw_import_get(decl, "Description"), NULL), loc);
    if (allowed && allowed->kind == AW_DOC_ARRAY) {
        aw_doc *values = aw_itree_array(im, &allowed->loc);
        for (size_t i = 0; i < allowed->as.array.count; i++)
            aw_itree_push(im, values, aw_itree_string(im, aw_import_text(im, allowed->as.array.items[i], NULL),
                                                       &allowed->as.array.items[i]->loc));
        aw_itree_set(im, p, "allowedValues", values);
    }
    aw_itree_push(im, list, p);
    return true;
}

/* An operand of Fn::Equals as diagram text: a literal, or a parameter. */
static const char *S_operand(S_conds *c, const aw_doc *v)
{
    const aw_doc *ref = S_only(v, "Ref");
    if (!ref)
        return v->kind == AW_DOC_OBJECT || v->kind == AW_DOC_ARRAY ? NULL : aw_import_text(c->im, v, NULL);
    if (ref->kind != AW_DOC_STRING || !S_parameter(c->im, ref->as.string.chars, &v->loc))
        return NULL;
    return aw_arena_printf(c->im->arena, "${param:%s}", ref->as.string.chars);
}

static bool S_expression(S_conds *c, const char *name, const aw_doc *e);

/* An operand of Fn::Not, And or Or: a condition's name, or an expression
 * made a condition of its own. */
static const char *S_named(S_conds *c, const char *outer, size_t k, const aw_doc *v)
{
    const aw_doc *cond = S_only(v, "Condition");
    if (cond)
        return cond->kind == AW_DOC_STRING ? cond->as.string.chars : NULL;
    const char *name = aw_arena_printf(c->im->arena, "%sPart%zu", outer, k + 1);
    return S_expression(c, name, v) ? name : NULL;
}

static bool S_names(S_conds *c, const char *name, const aw_doc *args, aw_doc *out)
{
    for (size_t i = 0; args && args->kind == AW_DOC_ARRAY && i < args->as.array.count; i++) {
        const char *operand = S_named(c, name, i, args->as.array.items[i]);
        if (!operand)
            return false;
        aw_itree_push(c->im, out, aw_itree_string(c->im, operand, &args->as.array.items[i]->loc));
    }
    return args && args->kind == AW_DOC_ARRAY;
}

/* Declares condition name as expression e; false (nothing declared) when
 * the format cannot say it. */
static bool S_expression(S_conds *c, const char *name, const aw_doc *e)
{
    static const struct {
        const char *fn, *field;
    } forms[] = {{"Fn::Equals", "equals"}, {"Fn::Not", "not"}, {"Fn::And", "and"}, {"Fn::Or", "or"}};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        const aw_doc *args = S_only(e, forms[f].fn);
        if (!args)
            continue;
        aw_doc *cond = aw_itree_object(c->im, &e->loc), *list = aw_itree_array(c->im, &args->loc);
        bool ok = true;
        for (size_t i = 0; f == 0 && args->kind == AW_DOC_ARRAY && i < args->as.array.count && ok; i++) {
            const char *text = S_operand(c, args->as.array.items[i]);
            ok = text != NULL;
            if (ok)
                aw_itree_push(c->im, list, aw_itree_string(c->im, text, &args->as.array.items[i]->loc));
        }
        ok = ok && (f == 0 ? args->kind == AW_DOC_ARRAY : S_names(c, name, args, list));
        if (!ok)
            return false;
        aw_itree_set_string(c->im, cond, "name", name, &e->loc);
        if (f == 1 && list->as.array.count == 1)
            aw_itree_set(c->im, cond, "not", list->as.array.items[0]);
        else
            aw_itree_set(c->im, cond, forms[f].field, list);
        aw_itree_push(c->im, c->list, cond);
        return true;
    }
    return false;
}

/* A condition whose operands name one that could not be carried goes too. */
static bool S_drop_dangling(S_conds *c)
{
    static const char *const fields[] = {"not", "and", "or", NULL};
    for (size_t i = 0; i < c->list->as.array.count; i++) {
        const aw_doc *cond = c->list->as.array.items[i];
        for (size_t f = 0; fields[f]; f++) {
            const aw_doc *v = aw_import_get(cond, fields[f]);
            size_t n = !v ? 0 : v->kind == AW_DOC_ARRAY ? v->as.array.count : 1;
            for (size_t k = 0; k < n; k++) {
                const aw_doc *op = v->kind == AW_DOC_ARRAY ? v->as.array.items[k] : v;
                if (S_declared(c->im, op->as.string.chars))
                    continue;
                aw_import_report(c->im, AW_SEV_WARNING, "AW-IMPORT-003", &cond->loc,
                                 "condition %s reads condition %s, which is not carried; it is left out",
                                 aw_import_get(cond, "name")->as.string.chars, op->as.string.chars);
                c->im->counts.unmapped++;
                memmove(&c->list->as.array.items[i], &c->list->as.array.items[i + 1],
                        (c->list->as.array.count - i - 1) * sizeof(aw_doc *));
                c->list->as.array.count--;
                return true;
            }
        }
    }
    return false;
}

void aw_import_conditions(aw_import *im)
{
    const aw_doc *section = aw_import_get(im->root, "Conditions");
    if (!section || section->kind != AW_DOC_OBJECT || !section->as.object.count)
        return;
    S_conds c = {im, aw_itree_array(im, &section->loc)};
    aw_itree_set(im, im->diagram, "conditions", c.list);
    for (size_t i = 0; i < section->as.object.count; i++) {
        const aw_doc_member *m = &section->as.object.members[i];
        size_t before = c.list->as.array.count;
        if (S_expression(&c, m->key, m->value))
            continue;
        c.list->as.array.count = before;    /* parts of it made so far go too */
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-003", &m->key_loc,
                         "condition %s is not carried: the diagram's conditions compare texts and parameters "
                         "(Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition), not pseudo parameters or other "
                         "functions; what uses it is imported as deployed always",
                         m->key);
    }
    while (S_drop_dangling(&c))
        ;
}

void aw_import_resource_condition(aw_import *im, const aw_doc *resource, aw_doc *node)
{
    const aw_doc *cond = aw_import_get(resource, "Condition");
    if (!cond || !node)
        return;
    if (cond->kind == AW_DOC_STRING && S_declared(im, cond->as.string.chars)) {
        aw_itree_set_string(im, node, "condition", cond->as.string.chars, &cond->loc);
        return;
    }
    im->counts.unmapped++;
    aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-003", &cond->loc,
                     "the resource's Condition is not carried; its element is imported as deployed always");
}

const char *aw_import_choice(aw_import *im, const aw_doc *args)
{
    if (!args || args->kind != AW_DOC_ARRAY || args->as.array.count != 3 ||
        args->as.array.items[0]->kind != AW_DOC_STRING || !S_declared(im, args->as.array.items[0]->as.string.chars))
        return NULL;
    const aw_doc *no = args->as.array.items[2], *none = S_only(no, "Ref");
    bool left_out = none && none->kind == AW_DOC_STRING && strcmp(none->as.string.chars, "AWS::NoValue") == 0;
    const char *then = aw_import_text(im, args->as.array.items[1], NULL);
    const char *other = left_out ? NULL : aw_import_text(im, no, NULL);
    if (!then || (!left_out && !other))
        return NULL;
    return left_out ? aw_arena_printf(im->arena, "${if:%s}%s${end}", args->as.array.items[0]->as.string.chars, then)
                    : aw_arena_printf(im->arena, "${if:%s}%s${else}%s${end}", args->as.array.items[0]->as.string.chars,
                                      then, other);
}

/* ---- what sits inside a conditional resource ---------------------------- */

static const char *S_string(const aw_doc *node, const char *key)
{
    const aw_doc *v = aw_import_get(node, key);
    return v && v->kind == AW_DOC_STRING ? v->as.string.chars : NULL;
}

static const aw_doc *S_node(const aw_import *im, const char *id)
{
    for (size_t i = 0; id && i < im->nodes->as.array.count; i++)
        if (strcmp(S_string(im->nodes->as.array.items[i], "id"), id) == 0)
            return im->nodes->as.array.items[i];
    return NULL;
}

/* The one condition every route that names target through field has;
 * NULL when one has none, they differ, or none names it. */
static const char *S_users_condition(const aw_import *im, const char *target, const char *field)
{
    const char *found = NULL;
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *n = im->nodes->as.array.items[i];
        const char *named = S_string(n, field), *cond = S_string(n, "condition");
        if (!named || strcmp(named, target) != 0)
            continue;
        if (!cond || (found && strcmp(found, cond) != 0))
            return NULL;
        found = cond;
    }
    return found;
}

void aw_import_conditions_inherit(aw_import *im)
{
    if (!aw_itree_get(im->diagram, "conditions") || !im->nodes)
        return;
    /* Routes and stages of an API under a condition (a REST API's body
     * holds its routes: the API's Condition is theirs), then what only
     * such routes use. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < im->nodes->as.array.count; i++) {
            aw_doc *n = im->nodes->as.array.items[i];
            const char *kind = S_string(n, "kind"), *id = S_string(n, "id"), *cond = NULL;
            if (S_string(n, "condition"))
                continue;
            if (pass == 0 && (strcmp(kind, "route") == 0 || strcmp(kind, "stage") == 0))
                cond = S_string(S_node(im, S_string(n, "api")), "condition");
            else if (pass == 1 && strcmp(kind, "integration") == 0)
                cond = S_users_condition(im, id, "integration");
            else if (pass == 1 && strcmp(kind, "authorizer") == 0)
                cond = S_users_condition(im, id, "authorizer");
            if (cond)
                aw_itree_set_string(im, n, "condition", cond, &n->loc);
        }
}
