/* REST request models from an OpenAPI body's schemas (components.schemas,
 * Swagger's definitions), and the local definitions a build hoisted out of
 * a model into schemas of their own folded back into it. */
#include <string.h>

#include "../ir/strbuf.h"
#include "openapi_parts.h"

#define S_COMPONENT "#/components/schemas/"

/* The local definition a "$ref" names when it is one of folded's schemas
 * (schema name -> definition), or NULL. */
static const char *S_folded_ref(const aw_doc *ref, const aw_doc *folded)
{
    if (!folded || ref->kind != AW_DOC_STRING || strncmp(ref->as.string.chars, S_COMPONENT, strlen(S_COMPONENT)))
        return NULL;
    const aw_doc *def = aw_import_get(folded, ref->as.string.chars + strlen(S_COMPONENT));
    return def && def->kind == AW_DOC_STRING ? def->as.string.chars : NULL;
}

/* A schema back to JSON text, as the format's model holds it; a $ref to
 * one of folded's schemas as the local definition it was. */
static void S_json(const aw_doc *d, const aw_doc *folded, aw_strbuf *out)
{
    switch (d->kind) {
    case AW_DOC_NULL:
        aw_strbuf_puts(out, "null");
        break;
    case AW_DOC_BOOL:
        aw_strbuf_puts(out, d->as.boolean ? "true" : "false");
        break;
    case AW_DOC_NUMBER:
        aw_strbuf_number(out, d->as.number.value);
        break;
    case AW_DOC_STRING:
        aw_strbuf_json_string(out, d->as.string.chars, d->as.string.len);
        break;
    case AW_DOC_ARRAY:
        aw_strbuf_putc(out, '[');
        for (size_t i = 0; i < d->as.array.count; i++) {
            aw_strbuf_puts(out, i ? ", " : "");
            S_json(d->as.array.items[i], folded, out);
        }
        aw_strbuf_putc(out, ']');
        break;
    case AW_DOC_OBJECT:
        aw_strbuf_putc(out, '{');
        for (size_t i = 0; i < d->as.object.count; i++) {
            const aw_doc_member *m = &d->as.object.members[i];
            const char *def = strcmp(m->key, "$ref") == 0 ? S_folded_ref(m->value, folded) : NULL;
            aw_strbuf_puts(out, i ? ", " : "");
            aw_strbuf_json_string(out, m->key, strlen(m->key));
            aw_strbuf_puts(out, ": ");
            if (def) {
                aw_strbuf ref = AW_STRBUF_INIT;
                aw_strbuf_printf(&ref, "#/definitions/%s", def);
                aw_strbuf_json_string(out, ref.data, ref.len);
                aw_strbuf_free(&ref);
            } else {
                S_json(m->value, folded, out);
            }
        }
        aw_strbuf_putc(out, '}');
        break;
    }
}

void aw_import_schema_text(const aw_doc *schema, aw_strbuf *out)
{
    S_json(schema, NULL, out);
}

static aw_doc *S_model(aw_import *im, const aw_doc_member *m)
{
    aw_strbuf text = AW_STRBUF_INIT;
    S_json(m->value, NULL, &text);
    aw_doc *model = aw_itree_object(im, &m->key_loc);
    aw_itree_set_string(im, model, "name", m->key, &m->key_loc);
    aw_itree_set_string(im, model, "schema", aw_arena_strndup(im->arena, text.data, text.len), &m->value->loc);
    aw_strbuf_free(&text);
    return model;
}

void aw_openapi_models(aw_openapi *o)
{
    const aw_doc *schemas = o->swagger ? aw_import_get(o->doc, "definitions")
                                       : aw_import_get(aw_import_get(o->doc, "components"), "schemas");
    if (!schemas || schemas->kind != AW_DOC_OBJECT || !schemas->as.object.count)
        return;
    aw_doc *list = aw_itree_array(o->im, &schemas->loc);
    for (size_t i = 0; i < schemas->as.object.count; i++)
        aw_itree_push(o->im, list, S_model(o->im, &schemas->as.object.members[i]));
    if (o->rest) {
        aw_itree_set(o->im, o->api, "models", list);
        aw_import_meta_schemas(o->im, o->api, schemas);
    } else {
        aw_openapi_unmapped(o, "components.schemas", &schemas->loc, "an HTTP API (models are REST only)");
    }
}

/* ---- definitions a build hoisted --------------------------------------------- */

static bool S_refers_to(const aw_doc *v, const char *schema)
{
    if (v->kind == AW_DOC_ARRAY) {
        for (size_t i = 0; i < v->as.array.count; i++)
            if (S_refers_to(v->as.array.items[i], schema))
                return true;
    } else if (v->kind == AW_DOC_OBJECT) {
        for (size_t i = 0; i < v->as.object.count; i++) {
            const aw_doc_member *m = &v->as.object.members[i];
            const char *ref = strcmp(m->key, "$ref") == 0 && m->value->kind == AW_DOC_STRING
                                  ? m->value->as.string.chars : NULL;
            if ((ref && strncmp(ref, S_COMPONENT, strlen(S_COMPONENT)) == 0 &&
                 strcmp(ref + strlen(S_COMPONENT), schema) == 0) || S_refers_to(m->value, schema))
                return true;
        }
    }
    return false;
}

/* Whether schema is named by anything but model and the schemas hoisted
 * out of it (defs, definition -> schema): a route's requestModel, another
 * schema's $ref. */
static bool S_used_elsewhere(aw_import *im, const char *api, const aw_doc *schemas, const char *model,
                             const aw_doc *defs, const char *schema)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *n = im->nodes->as.array.items[i];
        const char *of = aw_import_raw_text(aw_itree_get(n, "api")),
                   *uses = aw_import_raw_text(aw_itree_get(n, "requestModel"));
        if (of && uses && strcmp(of, api) == 0 && strcmp(uses, schema) == 0)
            return true;
    }
    for (size_t i = 0; i < schemas->as.object.count; i++) {
        const aw_doc_member *s = &schemas->as.object.members[i];
        bool own = strcmp(s->key, model) == 0;
        for (size_t k = 0; !own && k < defs->as.object.count; k++)
            own = aw_import_raw_text(defs->as.object.members[k].value) &&
                  strcmp(aw_import_raw_text(defs->as.object.members[k].value), s->key) == 0;
        if (!own && S_refers_to(s->value, schema))
            return true;
    }
    return false;
}

/* Of model's hoisted definitions (definition -> schema), those the body
 * still holds and nothing else names, as schema -> definition. */
static aw_doc *S_foldable(aw_import *im, const char *api, const aw_doc *schemas, const char *model,
                          const aw_doc *defs)
{
    aw_doc *folded = aw_itree_object(im, &defs->loc);
    for (size_t i = 0; defs->kind == AW_DOC_OBJECT && i < defs->as.object.count; i++) {
        const aw_doc_member *d = &defs->as.object.members[i];
        const char *schema = aw_import_raw_text(d->value);
        if (schema && aw_import_get(schemas, schema) && !aw_itree_get(folded, schema) &&
            !S_used_elsewhere(im, api, schemas, model, defs, schema))
            aw_itree_set_string(im, folded, schema, d->key, &d->value->loc);
    }
    return folded;
}

/* Model's schema with its folded schemas as its "definitions" again. */
static const char *S_folded_schema(aw_import *im, const aw_doc *schemas, const aw_doc *tree, const aw_doc *folded)
{
    aw_strbuf text = AW_STRBUF_INIT;
    S_json(tree, folded, &text);
    text.len--;     /* the closing brace: the definitions go last */
    text.data[text.len] = '\0';
    aw_strbuf_puts(&text, tree->as.object.count ? ", \"definitions\": {" : "\"definitions\": {");
    for (size_t i = 0; i < folded->as.object.count; i++) {
        const aw_doc_member *f = &folded->as.object.members[i];
        const char *def = aw_import_raw_text(f->value);
        aw_strbuf_puts(&text, i ? ", " : "");
        aw_strbuf_json_string(&text, def, strlen(def));
        aw_strbuf_puts(&text, ": ");
        S_json(aw_import_get(schemas, f->key), folded, &text);
    }
    aw_strbuf_puts(&text, "}}");
    const char *out = aw_arena_strndup(im->arena, text.data, text.len);
    aw_strbuf_free(&text);
    return out;
}

/* Removes the models folded names from list. */
static void S_drop_models(aw_doc *list, const aw_doc *folded)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->as.array.count; i++) {
        const char *name = aw_import_raw_text(aw_itree_get(list->as.array.items[i], "name"));
        if (!name || !aw_itree_get(folded, name))
            list->as.array.items[kept++] = list->as.array.items[i];
    }
    list->as.array.count = kept;
}

void aw_import_models_fold(aw_import *im, aw_doc *api, const aw_doc *schemas, const aw_doc *hoisted)
{
    aw_doc *list = aw_itree_get(api, "models");
    const char *api_id = aw_itree_id(api);
    for (size_t i = 0; list && list->kind == AW_DOC_ARRAY && hoisted->kind == AW_DOC_OBJECT &&
                       i < hoisted->as.object.count; i++) {
        const aw_doc_member *h = &hoisted->as.object.members[i];
        const aw_doc *tree = aw_import_get(schemas, h->key);
        /* a schema that has definitions of its own again was edited since */
        aw_doc *folded = tree && tree->kind == AW_DOC_OBJECT && !aw_import_get(tree, "definitions") &&
                                 h->value->kind == AW_DOC_OBJECT
                             ? S_foldable(im, api_id, schemas, h->key, h->value) : NULL;
        if (!folded || !folded->as.object.count)
            continue;
        for (size_t k = 0; k < list->as.array.count; k++) {
            aw_doc *model = list->as.array.items[k];
            const aw_doc *name = aw_itree_get(model, "name");
            if (aw_import_raw_text(name) && strcmp(aw_import_raw_text(name), h->key) == 0)
                aw_itree_set_string(im, model, "schema", S_folded_schema(im, schemas, tree, folded),
                                    &aw_itree_get(model, "schema")->loc);
        }
        S_drop_models(list, folded);
    }
}
