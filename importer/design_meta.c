/* The design facts `archway build` keeps in a template (resource and
 * template Metadata "Archway", x-archway-* members of a REST body) read
 * back into the diagram tree: ids, the fields no property holds, the
 * elements and edges no resource holds. The template's properties win:
 * metadata fills only what they leave unsaid (docs/import.md). */
#include <stdlib.h>
#include <string.h>

#include "importer.h"

#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"

typedef struct S_note {
    aw_doc *node;
    const aw_doc *meta;
} S_note;

struct aw_import_meta {
    S_note *notes;
    size_t count;
    S_note *schemas;            /* a REST API and its body's schemas */
    size_t schema_count;
    aw_strset renamed;          /* imported id -> the diagram's id */
    aw_strset by_id;            /* final id -> the note's metadata */
};

static const char *S_text(const aw_doc *v)
{
    return v && v->kind == AW_DOC_STRING ? v->as.string.chars : NULL;
}

static struct aw_import_meta *S_meta(aw_import *im)
{
    if (!im->meta) {
        im->meta = aw_arena_alloc(im->arena, sizeof *im->meta);
        memset(im->meta, 0, sizeof *im->meta);
        aw_strset_init(&im->meta->renamed);
        aw_strset_init(&im->meta->by_id);
    }
    return im->meta;
}

void aw_import_meta_note(aw_import *im, aw_doc *node, const aw_doc *meta)
{
    if (!node || !meta || meta->kind != AW_DOC_OBJECT)
        return;
    struct aw_import_meta *m = S_meta(im);
    m->notes = aw_arena_grow(im->arena, m->notes, m->count, sizeof *m->notes);
    m->notes[m->count++] = (S_note){node, meta};
}

void aw_import_meta_schemas(aw_import *im, aw_doc *api, const aw_doc *schemas)
{
    struct aw_import_meta *m = S_meta(im);
    m->schemas = aw_arena_grow(im->arena, m->schemas, m->schema_count, sizeof *m->schemas);
    m->schemas[m->schema_count++] = (S_note){api, schemas};
}

/* A REST API's models whose local definitions the build hoisted. */
static void S_fold_models(aw_import *im, aw_doc *api, const aw_doc *hoisted)
{
    for (size_t i = 0; i < im->meta->schema_count; i++)
        if (im->meta->schemas[i].node == api)
            aw_import_models_fold(im, api, im->meta->schemas[i].meta, hoisted);
}

void aw_import_meta_operation(aw_import *im, aw_doc *route, aw_doc *integration, const aw_doc *op)
{
    aw_import_meta_note(im, route, aw_import_get(op, "x-archway-route"));
    aw_import_meta_note(im, integration, aw_import_get(op, "x-archway-integration"));
}

/* ---- ids ------------------------------------------------------------------------ */

/* Text with each ${ref:ID. or ${ref:ID} naming a renamed element renamed;
 * NULL when nothing changes. */
static const char *S_renamed_text(aw_import *im, const char *s)
{
    static const char mark[] = "${ref:";
    if (!strstr(s, mark))
        return NULL;
    aw_strbuf out = AW_STRBUF_INIT;
    bool changed = false;
    for (const char *p = s; *p;) {
        const char *at = strstr(p, mark);
        if (!at) {
            aw_strbuf_puts(&out, p);
            break;
        }
        const char *id = at + sizeof mark - 1;
        size_t n = strcspn(id, ".}");
        char *key = aw_arena_strndup(im->arena, id, n);
        const char *to = aw_strset_find(&im->meta->renamed, key);
        aw_strbuf_put(&out, p, (size_t)(id - p));
        aw_strbuf_puts(&out, to ? to : key);
        changed |= to != NULL;
        p = id + n;
    }
    const char *result = changed ? aw_arena_strndup(im->arena, out.data, out.len) : NULL;
    aw_strbuf_free(&out);
    return result;
}

/* A scalar of field f as it should be, or NULL to keep it. */
typedef aw_doc *(*S_scalar_fn)(aw_import *im, const aw_doc *v, const aw_field *f);

static aw_doc *S_walk(aw_import *im, aw_doc *v, const aw_field *f, S_scalar_fn fn);

/* Every member of obj that a field of a (or b) describes, through fn. */
static void S_walk_struct(aw_import *im, aw_doc *obj, const aw_struct_desc *a, const aw_struct_desc *b,
                          S_scalar_fn fn)
{
    for (size_t i = 0; obj && obj->kind == AW_DOC_OBJECT && i < obj->as.object.count; i++) {
        aw_doc_member *m = &obj->as.object.members[i];
        const aw_field *f = aw_struct_field(a, m->key);
        if (!f && b)
            f = aw_struct_field(b, m->key);
        if (f)
            m->value = S_walk(im, m->value, f, fn);
    }
}

static aw_doc *S_walk(aw_import *im, aw_doc *v, const aw_field *f, S_scalar_fn fn)
{
    if (v->kind == AW_DOC_ARRAY) {
        for (size_t i = 0; i < v->as.array.count; i++)
            if (f->type == AW_F_OBJECTS)
                S_walk_struct(im, v->as.array.items[i], f->sub, NULL, fn);
            else if (f->type == AW_F_REFS)
                v->as.array.items[i] = S_walk(im, v->as.array.items[i], &(aw_field){.type = AW_F_REF}, fn);
    } else if (v->kind == AW_DOC_OBJECT && f->type == AW_F_OBJECT) {
        S_walk_struct(im, v, f->sub, NULL, fn);
    } else if (v->kind != AW_DOC_OBJECT) {
        aw_doc *to = fn(im, v, f);
        return to ? to : v;
    }
    return v;
}

/* An id or ${ref:ID...} in text renamed as the metadata says. */
static aw_doc *S_renamed(aw_import *im, const aw_doc *v, const aw_field *f)
{
    const char *s = S_text(v), *to = NULL;
    if (s && f->type == AW_F_REF)
        to = aw_strset_find(&im->meta->renamed, s);
    else if (s && f->type == AW_F_STRING)
        to = S_renamed_text(im, s);
    return to ? aw_itree_string(im, to, &v->loc) : NULL;
}

/* A number the metadata writes as text (cfn-lint takes no fractions in
 * Metadata) as the number. */
static aw_doc *S_number(aw_import *im, const aw_doc *v, const aw_field *f)
{
    const char *s = S_text(v);
    char *end = NULL;
    double d = s && f->type == AW_F_NUMBER && *s ? strtod(s, &end) : 0;
    return end && *end == '\0' ? aw_itree_number(im, d, &v->loc) : NULL;
}

static const aw_struct_desc *S_kind_desc(const aw_doc *node)
{
    const char *kind = S_text(aw_itree_get(node, AW_KIND_FIELD));
    aw_kind k = kind ? aw_kind_from_name(kind) : AW_KIND_COUNT;
    return k < AW_KIND_COUNT ? aw_kind_descs[k].desc : NULL;
}

/* Every imported element takes the id its metadata gives, unless another
 * element that keeps its own holds that id already. */
static void S_rename(aw_import *im)
{
    struct aw_import_meta *m = im->meta;
    aw_strset taken, wanted;
    aw_strset_init(&taken);
    aw_strset_init(&wanted);
    for (size_t i = 0; i < im->nodes->as.array.count; i++)
        aw_strset_insert(&taken, aw_itree_id(im->nodes->as.array.items[i]), im->nodes->as.array.items[i], NULL);
    aw_strset claimed;      /* an id two elements' metadata give goes to the first */
    aw_strset_init(&claimed);
    for (size_t i = 0; i < m->count; i++) {
        const char *from = aw_itree_id(m->notes[i].node), *to = S_text(aw_itree_get(m->notes[i].meta, "id"));
        if (from && to && strcmp(from, to) != 0 && aw_strset_insert(&claimed, to, (void *)from, NULL))
            aw_strset_insert(&wanted, from, (void *)to, NULL);
    }
    aw_strset_free(&claimed);
    for (size_t i = 0; i < m->count; i++) {
        const char *from = aw_itree_id(m->notes[i].node), *to = from ? aw_strset_find(&wanted, from) : NULL;
        aw_doc *holder = to ? aw_strset_find(&taken, to) : NULL;
        if (to && (!holder || aw_strset_find(&wanted, to)))
            aw_strset_insert(&m->renamed, from, (void *)to, NULL);
    }
    aw_strset_free(&wanted);
    aw_strset_free(&taken);
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        aw_doc *node = im->nodes->as.array.items[i];
        S_walk_struct(im, node, &aw_node_common_desc, S_kind_desc(node), S_renamed);
        const char *to = aw_strset_find(&m->renamed, aw_itree_id(node));
        if (to) {
            aw_itree_set_string(im, node, "id", to, &node->loc);
            aw_strset_insert(&im->ids, to, node, NULL);
        }
    }
    for (size_t i = 0; i < im->edges->as.array.count; i++)
        S_walk_struct(im, im->edges->as.array.items[i], &aw_edge_desc, NULL, S_renamed);
}

/* ---- fields ---------------------------------------------------------------------- */

/* The diagram's own tags, which a build writes on every taggable resource,
 * are the diagram's again, not each element's. */
static void S_strip_inherited_tags(aw_import *im, const aw_doc *diagram_tags)
{
    for (size_t i = 0; diagram_tags && i < im->nodes->as.array.count; i++) {
        aw_doc *tags = aw_itree_get(im->nodes->as.array.items[i], "tags");
        for (size_t k = 0; tags && tags->kind == AW_DOC_OBJECT && k < diagram_tags->as.object.count; k++) {
            const aw_doc_member *t = &diagram_tags->as.object.members[k];
            const char *own = S_text(aw_itree_get(tags, t->key)), *common = S_text(t->value);
            if (own && common && strcmp(own, common) == 0)
                aw_itree_remove(tags, t->key);
        }
        if (tags && tags->kind == AW_DOC_OBJECT && tags->as.object.count == 0)
            aw_itree_remove(im->nodes->as.array.items[i], "tags");
    }
}

/* Removes node's field d->key while it holds the value the build wrote
 * (d->value); of a map, the members that hold it, and the map once empty. */
static void S_drop_default(aw_doc *node, const aw_doc_member *d)
{
    aw_doc *have = aw_itree_get(node, d->key);
    if (have && have->kind == AW_DOC_OBJECT && d->value->kind == AW_DOC_OBJECT) {
        for (size_t i = 0; i < d->value->as.object.count; i++) {
            const aw_doc_member *want = &d->value->as.object.members[i];
            const char *text = S_text(aw_itree_get(have, want->key)), *dflt = S_text(want->value);
            if (text && dflt && strcmp(text, dflt) == 0)
                aw_itree_remove(have, want->key);
        }
        if (!have->as.object.count)
            aw_itree_remove(node, d->key);
        return;
    }
    const char *text = S_text(have), *dflt = S_text(d->value);
    if (text && dflt && strcmp(text, dflt) == 0)
        aw_itree_remove(node, d->key);
}

/* Texts a build wrote with references resolved to literal text (a
 * store's name), {"diagram": ..., "template": ...} by field (a map's by
 * key): the diagram's text again while the template holds what the build
 * wrote; a text edited since stays as edited. */
static void S_ref_texts(aw_import *im, aw_doc *holder, const aw_doc *refs)
{
    for (size_t i = 0; holder && refs->kind == AW_DOC_OBJECT && i < refs->as.object.count; i++) {
        const aw_doc_member *m = &refs->as.object.members[i];
        aw_doc *have = aw_itree_get(holder, m->key);
        /* a text with a ${param:...} is an Fn::Sub in the template, metadata included */
        const aw_doc *d = aw_itree_get(m->value, "diagram"), *t = aw_itree_get(m->value, "template");
        const char *diagram = d ? aw_import_param_text(im, d, NULL) : NULL,
                   *written = t ? aw_import_param_text(im, t, NULL) : NULL;
        if (diagram && written && S_text(have) && strcmp(S_text(have), written) == 0)
            aw_itree_set_string(im, holder, m->key, diagram, &have->loc);
        else if (!diagram && have && have->kind == AW_DOC_OBJECT)
            S_ref_texts(im, have, m->value);
    }
}

/* Members of the metadata that are no field of the element, each read by
 * its own reader. */
static bool S_not_a_field(const char *key)
{
    static const char *const keys[] = {"id", "edges", "defaults", "refs", "modelDefinitions", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

/* What the template leaves unsaid, from the metadata; "defaults" names the
 * values a build writes for fields the diagram leaves unset. */
static void S_fill(aw_import *im, aw_doc *node, const aw_doc *meta)
{
    for (size_t i = 0; i < meta->as.object.count; i++) {
        const aw_doc_member *m = &meta->as.object.members[i];
        if (strcmp(m->key, "defaults") == 0) {
            for (size_t k = 0; m->value->kind == AW_DOC_OBJECT && k < m->value->as.object.count; k++)
                S_drop_default(node, &m->value->as.object.members[k]);
        } else if (strcmp(m->key, "refs") == 0) {
            S_ref_texts(im, node, m->value);
        } else if (strcmp(m->key, "modelDefinitions") == 0) {
            S_fold_models(im, node, m->value);
        } else if (!S_not_a_field(m->key) && !aw_itree_get(node, m->key))
            aw_itree_copy_member(im, node, m);
    }
}

/* An API's default authorizer: the build names it on each route that uses
 * it, and writes no authorizer where the route says "none". */
static void S_default_authorizers(aw_import *im)
{
    aw_doc **nodes = im->nodes->as.array.items;
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const char *dflt = S_text(aw_itree_get(nodes[i], "defaultAuthorizer")), *api = aw_itree_id(nodes[i]);
        for (size_t r = 0; dflt && r < im->nodes->as.array.count; r++) {
            const char *kind = S_text(aw_itree_get(nodes[r], AW_KIND_FIELD)),
                       *of = S_text(aw_itree_get(nodes[r], "api"));
            if (!kind || strcmp(kind, "route") != 0 || !of || strcmp(of, api) != 0)
                continue;
            const aw_doc *meta = aw_strset_find(&im->meta->by_id, aw_itree_id(nodes[r]));
            const char *auth = S_text(aw_itree_get(nodes[r], "authorizer"));
            if (meta && aw_itree_get(meta, "authorizer"))
                continue;
            if (!auth)
                aw_itree_set_string(im, nodes[r], "authorizer", "none", &nodes[r]->loc);
            else if (strcmp(auth, dflt) == 0)
                aw_itree_remove(nodes[r], "authorizer");
        }
    }
}

static bool S_same_number(const aw_doc *a, const aw_doc *b, const char *key)
{
    const aw_doc *x = aw_itree_get(a, key), *y = aw_itree_get(b, key);
    return x && y && x->kind == AW_DOC_NUMBER && y->kind == AW_DOC_NUMBER && x->as.number.value == y->as.number.value;
}

/* A route's own throttle, which a build writes as every stage's per-route
 * setting: those settings are the route's, not the stage's. */
static void S_route_throttles(aw_import *im)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        aw_doc *list = aw_itree_get(im->nodes->as.array.items[i], "routeThrottles");
        const char *kind = S_text(aw_itree_get(im->nodes->as.array.items[i], AW_KIND_FIELD));
        if (!list || list->kind != AW_DOC_ARRAY || !kind || strcmp(kind, "stage") != 0)
            continue;
        size_t kept = 0;
        for (size_t k = 0; k < list->as.array.count; k++) {
            aw_doc *item = list->as.array.items[k];
            const char *route = S_text(aw_itree_get(item, "route"));
            const aw_doc *own = aw_itree_get(route ? aw_strset_find(&im->ids, route) : NULL, "throttle");
            if (!own || !S_same_number(own, item, "rate") || !S_same_number(own, item, "burst"))
                list->as.array.items[kept++] = item;
        }
        list->as.array.count = kept;
        if (!kept)
            aw_itree_remove(im->nodes->as.array.items[i], "routeThrottles");
    }
}

/* ---- what no resource holds ----------------------------------------------------- */

static bool S_same_end(const aw_doc *a, const aw_doc *b, const char *end)
{
    const char *x = S_text(aw_itree_get(a, end)), *y = S_text(aw_itree_get(b, end));
    return x && y && strcmp(x, y) == 0;
}


/* An element the import made of a name or ARN the template gives (a data
 * store, an existing function or load balancer) that is this element. */
static aw_doc *S_counterpart(aw_import *im, const aw_doc *element)
{
    static const char *const identities[] = {"arn", "resourceName", "url", NULL};
    const char *kind = S_text(aw_itree_get(element, AW_KIND_FIELD));
    for (size_t i = 0; kind && i < im->nodes->as.array.count; i++) {
        aw_doc *node = im->nodes->as.array.items[i];
        const char *other = S_text(aw_itree_get(node, AW_KIND_FIELD));
        if (!other || strcmp(other, kind) != 0)
            continue;
        bool compared = false, same = true;
        for (size_t k = 0; identities[k]; k++) {
            const char *a = S_text(aw_itree_get(element, identities[k])), *b = S_text(aw_itree_get(node, identities[k]));
            if (a && b) {
                compared = true;
                same &= strcmp(a, b) == 0;
            }
        }
        if (compared && same)
            return node;
    }
    return NULL;
}

/* The element the import made for a reference whose metadata names an
 * element no resource holds: an integration's load balancer known only by
 * its ARN, say, is that element. */
static void S_match_referenced(aw_import *im, aw_strset *elements, aw_strset *noted)
{
    struct aw_import_meta *m = im->meta;
    for (size_t i = 0; i < m->count; i++) {
        const aw_doc *meta = m->notes[i].meta;
        for (size_t k = 0; k < meta->as.object.count; k++) {
            const char *want = S_text(meta->as.object.members[k].value),
                       *have = S_text(aw_itree_get(m->notes[i].node, meta->as.object.members[k].key));
            aw_doc *e = want ? aw_strset_find(elements, want) : NULL;
            aw_doc *made = have ? aw_strset_find(&im->ids, have) : NULL;
            if (!e || !made || aw_strset_find(noted, have) ||
                !S_same_end(e, made, AW_KIND_FIELD))
                continue;
            aw_strset_insert(noted, have, made, NULL);
            aw_import_meta_note(im, made, e);
        }
    }
}

static void S_match_elements(aw_import *im, const aw_doc *elements)
{
    aw_strset by_id, noted;
    aw_strset_init(&by_id);
    aw_strset_init(&noted);
    for (size_t i = 0; i < im->meta->count; i++)
        aw_strset_insert(&noted, aw_itree_id(im->meta->notes[i].node), im->meta->notes[i].node, NULL);
    for (size_t i = 0; elements && elements->kind == AW_DOC_ARRAY && i < elements->as.array.count; i++) {
        aw_doc *e = elements->as.array.items[i];
        aw_doc *node = e->kind == AW_DOC_OBJECT ? S_counterpart(im, e) : NULL;
        if (node && !aw_strset_find(&noted, aw_itree_id(node))) {
            aw_strset_insert(&noted, aw_itree_id(node), node, NULL);
            aw_import_meta_note(im, node, e);
        } else if (!node && S_text(aw_itree_get(e, "id")))
            aw_strset_insert(&by_id, S_text(aw_itree_get(e, "id")), e, NULL);
    }
    S_match_referenced(im, &by_id, &noted);
    aw_strset_free(&by_id);
    aw_strset_free(&noted);
}

/* The elements no resource holds and the import did not make, whole. */
static void S_add_elements(aw_import *im, const aw_doc *elements)
{
    for (size_t i = 0; elements && elements->kind == AW_DOC_ARRAY && i < elements->as.array.count; i++) {
        aw_doc *e = elements->as.array.items[i];
        const char *id = S_text(aw_itree_get(e, "id"));
        if (e->kind != AW_DOC_OBJECT || !id || aw_strset_find(&im->meta->by_id, id))
            continue;
        if (aw_strset_find(&im->ids, id)) {
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-014", &e->loc,
                             "element '%s' of the template's Archway metadata is left out: an element of the "
                             "template has its id", id);
            continue;
        }
        aw_strset_insert(&im->ids, id, e, NULL);
        aw_itree_push(im, im->nodes, e);
    }
}

/* The diagram's edges: one the import drew already takes what the
 * metadata says of it, the others come whole. */
static void S_edges(aw_import *im, const aw_doc *edges, const char *from, size_t drawn)
{
    for (size_t i = 0; edges && edges->kind == AW_DOC_ARRAY && i < edges->as.array.count; i++) {
        aw_doc *e = edges->as.array.items[i];
        if (from && e->kind == AW_DOC_OBJECT && !aw_itree_get(e, "from")) {
            /* a tree of the input has no room to grow: a copy takes "from" */
            aw_doc *copy = aw_itree_object(im, &e->loc);
            aw_itree_set_string(im, copy, "from", from, &e->loc);
            for (size_t k = 0; k < e->as.object.count; k++)
                aw_itree_copy_member(im, copy, &e->as.object.members[k]);
            e = copy;
        }
        aw_doc *same = NULL;
        for (size_t k = 0; e->kind == AW_DOC_OBJECT && k < drawn && !same; k++)
            if (S_same_end(im->edges->as.array.items[k], e, "from") && S_same_end(im->edges->as.array.items[k], e, "to"))
                same = im->edges->as.array.items[k];
        if (same)
            S_fill(im, same, e);
        else if (e->kind == AW_DOC_OBJECT)
            aw_itree_push(im, im->edges, e);
    }
}

/* The numbers of every metadata object, as numbers. */
static void S_numbers(aw_import *im, const aw_doc *top)
{
    struct aw_import_meta *m = im->meta;
    for (size_t i = 0; i < m->count; i++) {
        aw_doc *meta = (aw_doc *)m->notes[i].meta;
        S_walk_struct(im, meta, &aw_node_common_desc, S_kind_desc(m->notes[i].node), S_number);
        const aw_doc *edges = aw_itree_get(meta, "edges");
        for (size_t k = 0; edges && edges->kind == AW_DOC_ARRAY && k < edges->as.array.count; k++)
            S_walk_struct(im, edges->as.array.items[k], &aw_edge_desc, NULL, S_number);
    }
    const aw_doc *elements = aw_import_get(top, "elements"), *edges = aw_import_get(top, "edges");
    for (size_t i = 0; elements && elements->kind == AW_DOC_ARRAY && i < elements->as.array.count; i++)
        S_walk_struct(im, elements->as.array.items[i], &aw_node_common_desc, S_kind_desc(elements->as.array.items[i]),
                      S_number);
    for (size_t i = 0; edges && edges->kind == AW_DOC_ARRAY && i < edges->as.array.count; i++)
        S_walk_struct(im, edges->as.array.items[i], &aw_edge_desc, NULL, S_number);
    S_walk_struct(im, (aw_doc *)aw_import_get(top, "diagram"), &aw_diagram_desc, NULL, S_number);
}

void aw_import_meta_apply(aw_import *im)
{
    const aw_doc *top = aw_import_get(aw_import_get(im->root, "Metadata"), "Archway");
    for (size_t i = 0; im->resources && im->resources->kind == AW_DOC_OBJECT && i < im->resources->as.object.count;
         i++) {
        const aw_doc_member *r = &im->resources->as.object.members[i];
        aw_import_meta_note(im, aw_strset_find(&im->made, r->key),
                            aw_import_get(aw_import_get(r->value, "Metadata"), "Archway"));
    }
    if ((!im->meta || !im->meta->count) && !top)     /* a body's schemas alone are no metadata */
        return;
    struct aw_import_meta *m = S_meta(im);
    S_numbers(im, top);
    S_match_elements(im, aw_import_get(top, "elements"));
    S_rename(im);
    const aw_doc *diagram = aw_import_get(top, "diagram");
    S_strip_inherited_tags(im, aw_import_get(diagram, "tags"));
    for (size_t i = 0; diagram && diagram->kind == AW_DOC_OBJECT && i < diagram->as.object.count; i++)
        if (!aw_itree_get(im->diagram, diagram->as.object.members[i].key))
            aw_itree_copy_member(im, im->diagram, &diagram->as.object.members[i]);
    for (size_t i = 0; i < m->count; i++) {
        S_fill(im, m->notes[i].node, m->notes[i].meta);
        aw_strset_insert(&m->by_id, aw_itree_id(m->notes[i].node), (void *)m->notes[i].meta, NULL);
    }
    S_default_authorizers(im);
    S_route_throttles(im);
    S_add_elements(im, aw_import_get(top, "elements"));
    size_t drawn = im->edges->as.array.count;
    for (size_t i = 0; i < m->count; i++)
        S_edges(im, aw_import_get(m->notes[i].meta, "edges"), aw_itree_id(m->notes[i].node), drawn);
    S_edges(im, aw_import_get(top, "edges"), NULL, drawn);
    aw_strset_free(&m->renamed);
    aw_strset_free(&m->by_id);
}
