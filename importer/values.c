/* Template values: literals, and the intrinsic functions whose result is
 * known without deploying (a parameter's default, Fn::Sub over known
 * names, Fn::Join, a reference to a resource the diagram models). */
#include <stdlib.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "importer.h"

const aw_doc *aw_import_get(const aw_doc *object, const char *key)
{
    const aw_doc_member *m = aw_doc_member_find(object, key);
    return m ? m->value : NULL;
}

const aw_doc *aw_import_resource(const aw_import *im, const char *logical_id)
{
    if (logical_id && im->indexed)
        return aw_strset_find(&im->resource_index, logical_id);
    return logical_id ? aw_import_get(im->resources, logical_id) : NULL;
}

void aw_import_index_resources(aw_import *im, bool on)
{
    if (im->indexed)
        aw_strset_free(&im->resource_index);
    im->indexed = false;
    if (!on || !im->resources || im->resources->kind != AW_DOC_OBJECT)
        return;
    aw_strset_init(&im->resource_index);
    /* The first of a repeated key, as aw_import_get() finds it. */
    for (size_t i = 0; i < im->resources->as.object.count; i++)
        aw_strset_insert(&im->resource_index, im->resources->as.object.members[i].key,
                         im->resources->as.object.members[i].value, NULL);
    im->indexed = true;
}

const char *aw_import_resource_type(const aw_doc *resource)
{
    const aw_doc *t = aw_import_get(resource, "Type");
    return t && t->kind == AW_DOC_STRING ? t->as.string.chars : "";
}

const char *aw_import_node_id(const aw_import *im, const char *logical_id)
{
    const aw_doc *node = logical_id ? aw_strset_find(&im->made, logical_id) : NULL;
    return node ? aw_itree_id(node) : NULL;
}

void aw_import_node_made(aw_import *im, const char *logical_id, aw_doc *node)
{
    aw_strset_insert(&im->made, logical_id, node, NULL);
}

/* The one member of an intrinsic function object, or NULL. */
static const aw_doc_member *S_intrinsic(const aw_doc *v, const char *name)
{
    if (!v || v->kind != AW_DOC_OBJECT || v->as.object.count != 1)
        return NULL;
    const aw_doc_member *m = &v->as.object.members[0];
    return strcmp(m->key, name) == 0 ? m : NULL;
}

static const char *S_param_default(aw_import *im, const char *name)
{
    const aw_doc *def = aw_import_get(aw_import_get(im->parameters, name), "Default");
    if (!def)
        return NULL;
    if (def->kind == AW_DOC_STRING)
        return def->as.string.chars;
    if (def->kind == AW_DOC_NUMBER)
        return aw_arena_printf(im->arena, "%.17g", def->as.number.value);
    return NULL;
}

/* ${Name} of Fn::Sub: a parameter with a default, a variable given in the
 * function's second form, or nothing known. */
static const char *S_sub_name(aw_import *im, const char *name, const aw_doc *vars)
{
    const aw_doc *given = aw_import_get(vars, name);
    if (given)
        return aw_import_text(im, given, NULL);
    return S_param_default(im, name);
}

static const char *S_sub(aw_import *im, const aw_doc *arg)
{
    const aw_doc *text = arg, *vars = NULL;
    if (arg->kind == AW_DOC_ARRAY && arg->as.array.count == 2) {
        text = arg->as.array.items[0];
        vars = arg->as.array.items[1];
    }
    if (text->kind != AW_DOC_STRING)
        return NULL;
    aw_strbuf out = AW_STRBUF_INIT;
    const char *s = text->as.string.chars;
    bool known = true;
    while (*s && known) {
        const char *open = strstr(s, "${");
        if (!open) {
            aw_strbuf_puts(&out, s);
            break;
        }
        aw_strbuf_put(&out, s, (size_t)(open - s));
        const char *close = strchr(open, '}');
        if (!close) {
            aw_strbuf_puts(&out, open);
            break;
        }
        if (open[2] == '!') {           /* ${!Literal} stays ${Literal} */
            aw_strbuf_puts(&out, "${");
            aw_strbuf_put(&out, open + 3, (size_t)(close - open - 2));
        } else {
            char *name = aw_arena_strndup(im->arena, open + 2, (size_t)(close - open - 2));
            const char *value = S_sub_name(im, name, vars);
            known = value != NULL;
            if (value)
                aw_strbuf_puts(&out, value);
        }
        s = close + 1;
    }
    const char *result = known ? aw_arena_strndup(im->arena, out.data ? out.data : "", out.len) : NULL;
    aw_strbuf_free(&out);
    return result;
}

static const char *S_join(aw_import *im, const aw_doc *arg)
{
    if (arg->kind != AW_DOC_ARRAY || arg->as.array.count != 2 || arg->as.array.items[0]->kind != AW_DOC_STRING ||
        arg->as.array.items[1]->kind != AW_DOC_ARRAY)
        return NULL;
    const char *sep = arg->as.array.items[0]->as.string.chars;
    const aw_doc *list = arg->as.array.items[1];
    aw_strbuf out = AW_STRBUF_INIT;
    bool known = true;
    for (size_t i = 0; i < list->as.array.count && known; i++) {
        const char *part = aw_import_text(im, list->as.array.items[i], NULL);
        known = part != NULL;
        if (part) {
            if (i)
                aw_strbuf_puts(&out, sep);
            aw_strbuf_puts(&out, part);
        }
    }
    const char *result = known ? aw_arena_strndup(im->arena, out.data ? out.data : "", out.len) : NULL;
    aw_strbuf_free(&out);
    return result;
}

static const char *S_resolve(aw_import *im, const aw_doc *v)
{
    const aw_doc_member *m;
    if (v->kind == AW_DOC_STRING)
        return v->as.string.chars;
    if (v->kind == AW_DOC_NUMBER)
        return aw_arena_printf(im->arena, "%.17g", v->as.number.value);
    if (v->kind == AW_DOC_BOOL)
        return v->as.boolean ? "true" : "false";
    if ((m = S_intrinsic(v, "Ref")) && m->value->kind == AW_DOC_STRING)
        return S_param_default(im, m->value->as.string.chars);
    if ((m = S_intrinsic(v, "Fn::Sub")))
        return S_sub(im, m->value);
    if ((m = S_intrinsic(v, "Fn::Join")))
        return S_join(im, m->value);
    if ((m = S_intrinsic(v, "Fn::If")))
        return aw_import_choice(im, m->value);
    return NULL;
}

const char *aw_import_text(aw_import *im, const aw_doc *v, const char *what)
{
    if (!v)
        return NULL;
    const char *s = S_resolve(im, v);
    if (!s && what)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &v->loc,
                         "%s is not a value known before deployment (an intrinsic function over parameters "
                         "without defaults, resources or pseudo parameters); it is left out",
                         what);
    return s;
}

bool aw_import_number(aw_import *im, const aw_doc *v, double *out)
{
    if (v && v->kind == AW_DOC_NUMBER) {
        *out = v->as.number.value;
        return true;
    }
    const char *s = aw_import_text(im, v, NULL);
    char *end = NULL;
    double d = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end)
        return false;
    *out = d;
    return true;
}

/* The first resource named inside a Fn::Sub text: ${Name} or ${Name.Attr}. */
static const char *S_sub_ref(aw_import *im, const aw_doc *arg)
{
    const aw_doc *text = arg->kind == AW_DOC_ARRAY && arg->as.array.count ? arg->as.array.items[0] : arg;
    if (text->kind != AW_DOC_STRING)
        return NULL;
    for (const char *s = strstr(text->as.string.chars, "${"); s; s = strstr(s + 2, "${")) {
        size_t n = strcspn(s + 2, ".}");
        char *name = aw_arena_strndup(im->arena, s + 2, n);
        if (aw_import_resource(im, name))
            return name;
    }
    return NULL;
}

const char *aw_import_ref(aw_import *im, const aw_doc *v)
{
    const aw_doc_member *m;
    if (!v)
        return NULL;
    if ((m = S_intrinsic(v, "Ref")) && m->value->kind == AW_DOC_STRING)
        return aw_import_resource(im, m->value->as.string.chars) ? m->value->as.string.chars : NULL;
    if ((m = S_intrinsic(v, "Fn::GetAtt"))) {
        const aw_doc *a = m->value;
        if (a->kind == AW_DOC_ARRAY && a->as.array.count >= 1 && a->as.array.items[0]->kind == AW_DOC_STRING)
            return a->as.array.items[0]->as.string.chars;
        if (a->kind == AW_DOC_STRING)
            return aw_arena_strndup(im->arena, a->as.string.chars, strcspn(a->as.string.chars, "."));
    }
    if ((m = S_intrinsic(v, "Fn::Sub")))
        return S_sub_ref(im, m->value);
    /* Fn::Join ["/", ["integrations", {"Ref": "X"}]]: the resource joined in. */
    if ((m = S_intrinsic(v, "Fn::Join")) && m->value->kind == AW_DOC_ARRAY && m->value->as.array.count == 2) {
        const aw_doc *list = m->value->as.array.items[1];
        for (size_t i = 0; list->kind == AW_DOC_ARRAY && i < list->as.array.count; i++) {
            const char *found = aw_import_ref(im, list->as.array.items[i]);
            if (found)
                return found;
        }
    }
    return NULL;
}
