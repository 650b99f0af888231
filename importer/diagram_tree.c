/* The diagram an import writes, as a document tree in the format's own
 * vocabulary: the model builder then reads it exactly as it reads a
 * diagram file, and every value keeps the template location it came from. */
#include <ctype.h>
#include <string.h>

#include "importer.h"

#include "../ir/strbuf.h"

static aw_doc *S_new(aw_import *im, aw_doc_kind kind, const aw_loc *loc)
{
    aw_doc *d = aw_arena_alloc(im->arena, sizeof *d);
    d->kind = kind;
    d->growable = true;
    if (loc)
        d->loc = *loc;
    return d;
}

aw_doc *aw_itree_object(aw_import *im, const aw_loc *loc) { return S_new(im, AW_DOC_OBJECT, loc); }
aw_doc *aw_itree_array(aw_import *im, const aw_loc *loc) { return S_new(im, AW_DOC_ARRAY, loc); }

aw_doc *aw_itree_string(aw_import *im, const char *s, const aw_loc *loc)
{
    aw_doc *d = S_new(im, AW_DOC_STRING, loc);
    d->as.string.chars = s;
    d->as.string.len = strlen(s);
    return d;
}

aw_doc *aw_itree_number(aw_import *im, double v, const aw_loc *loc)
{
    aw_doc *d = S_new(im, AW_DOC_NUMBER, loc);
    d->as.number.value = v;
    d->as.number.integral = v == (double)(long long)v;
    return d;
}

aw_doc *aw_itree_bool(aw_import *im, bool v, const aw_loc *loc)
{
    aw_doc *d = S_new(im, AW_DOC_BOOL, loc);
    d->as.boolean = v;
    return d;
}

/* Makes room for one more entry of a document a reader made (allocated to
 * its count): a copy in the room aw_arena_grow keeps, a power of two. */
static void *S_growable(aw_import *im, aw_doc *d, void *items, size_t count, size_t size)
{
    if (d->growable)
        return items;
    d->growable = true;
    if (!count || !(count & (count - 1)))
        return items;   /* aw_arena_grow copies it into fresh room anyway */
    size_t room = 4;
    while (room < count)
        room *= 2;
    void *copy = aw_arena_alloc(im->arena, room * size);
    if (count)
        memcpy(copy, items, count * size);
    return copy;
}

static void S_grow_members(aw_import *im, aw_doc *object)
{
    size_t n = object->as.object.count;
    object->as.object.members = aw_arena_grow(im->arena, S_growable(im, object, object->as.object.members, n,
                                                                    sizeof(aw_doc_member)), n, sizeof(aw_doc_member));
}

void aw_itree_set(aw_import *im, aw_doc *object, const char *key, aw_doc *value)
{
    for (size_t i = 0; i < object->as.object.count; i++)
        if (strcmp(object->as.object.members[i].key, key) == 0) {
            object->as.object.members[i].value = value;
            return;
        }
    S_grow_members(im, object);
    object->as.object.members[object->as.object.count++] = (aw_doc_member){key, value->loc, value};
}

void aw_itree_append(aw_import *im, aw_doc *object, const aw_doc_member *m)
{
    S_grow_members(im, object);
    object->as.object.members[object->as.object.count++] = *m;
}

void aw_itree_remove(aw_doc *object, const char *key)
{
    size_t kept = 0;
    for (size_t i = 0; i < object->as.object.count; i++)
        if (strcmp(object->as.object.members[i].key, key) != 0)
            object->as.object.members[kept++] = object->as.object.members[i];
    object->as.object.count = kept;     /* fewer than before: the room stays */
}

void aw_itree_copy_member(aw_import *im, aw_doc *object, const aw_doc_member *m)
{
    aw_itree_set(im, object, m->key, m->value);
    for (size_t i = 0; i < object->as.object.count; i++)
        if (strcmp(object->as.object.members[i].key, m->key) == 0)
            object->as.object.members[i].key_loc = m->key_loc;
}

void aw_itree_set_string(aw_import *im, aw_doc *object, const char *key, const char *s, const aw_loc *loc)
{
    if (s)
        aw_itree_set(im, object, key, aw_itree_string(im, s, loc));
}

void aw_itree_push(aw_import *im, aw_doc *array, aw_doc *item)
{
    size_t n = array->as.array.count;
    array->as.array.items = aw_arena_grow(im->arena, S_growable(im, array, array->as.array.items, n, sizeof(aw_doc *)),
                                          n, sizeof(aw_doc *));
    array->as.array.items[array->as.array.count++] = item;
}

aw_doc *aw_itree_get(const aw_doc *object, const char *key)
{
    const aw_doc_member *m = aw_doc_member_find(object, key);
    return m ? m->value : NULL;
}

const char *aw_itree_id(const aw_doc *node)
{
    const aw_doc *id = aw_itree_get(node, "id");
    return id && id->kind == AW_DOC_STRING ? id->as.string.chars : NULL;
}

/* "OrdersTable" -> "orders-table", "HTTPApi" -> "http-api"; characters a
 * diagram id may not hold become '-'. */
const char *aw_import_id_from(aw_import *im, const char *name)
{
    size_t n = strlen(name);
    char *out = aw_arena_alloc(im->arena, n * 2 + 2);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i], prev = i ? (unsigned char)name[i - 1] : 0,
                      next = (unsigned char)name[i + 1];
        bool boundary = isupper(c) && i && (islower(prev) || isdigit(prev) || (isupper(prev) && islower(next)));
        if (boundary && w && out[w - 1] != '-')
            out[w++] = '-';
        if (isalnum(c) || c == '_' || c == '.')
            out[w++] = (char)tolower(c);
        else if (w && out[w - 1] != '-')
            out[w++] = '-';
    }
    while (w && out[w - 1] == '-')
        w--;
    if (!w)
        out[w++] = 'x';
    out[w] = '\0';
    return out;
}

static const char *S_fresh_id(aw_import *im, const char *base)
{
    if (!aw_strset_find(&im->ids, base) && strcmp(base, "none") != 0)
        return base;
    for (unsigned i = 2;; i++) {
        const char *candidate = aw_arena_printf(im->arena, "%s-%u", base, i);
        if (!aw_strset_find(&im->ids, candidate))
            return candidate;
    }
}

aw_doc *aw_itree_node(aw_import *im, const char *kind, const char *name, const aw_loc *loc)
{
    const char *id = S_fresh_id(im, aw_import_id_from(im, name));
    aw_doc *node = aw_itree_object(im, loc);
    aw_itree_set_string(im, node, "kind", kind, loc);
    aw_itree_set_string(im, node, "id", id, loc);
    aw_strset_insert(&im->ids, id, node, NULL);
    aw_itree_push(im, im->nodes, node);
    return node;
}

aw_doc *aw_itree_edge(aw_import *im, const char *from, const char *to, const aw_loc *loc)
{
    aw_doc *edge = aw_itree_object(im, loc);
    aw_itree_set_string(im, edge, "from", from, loc);
    aw_itree_set_string(im, edge, "to", to, loc);
    aw_itree_push(im, im->edges, edge);
    return edge;
}

/* A value as text, nested ones included. */
void aw_itree_text(const aw_doc *v, aw_strbuf *out)
{
    switch (v->kind) {
    case AW_DOC_STRING:
        aw_strbuf_putc(out, '"');
        aw_strbuf_put(out, v->as.string.chars, v->as.string.len);
        aw_strbuf_putc(out, '"');
        break;
    case AW_DOC_NUMBER:
        aw_strbuf_number(out, v->as.number.value);
        break;
    case AW_DOC_BOOL:
        aw_strbuf_puts(out, v->as.boolean ? "true" : "false");
        break;
    case AW_DOC_ARRAY:
        aw_strbuf_putc(out, '[');
        for (size_t i = 0; i < v->as.array.count; i++)
            aw_itree_text(v->as.array.items[i], out);
        aw_strbuf_putc(out, ']');
        break;
    case AW_DOC_OBJECT:
        aw_strbuf_putc(out, '{');
        for (size_t i = 0; i < v->as.object.count; i++) {
            aw_strbuf_puts(out, v->as.object.members[i].key);
            aw_strbuf_putc(out, '=');
            aw_itree_text(v->as.object.members[i].value, out);
        }
        aw_strbuf_putc(out, '}');
        break;
    case AW_DOC_NULL:
        break;
    }
}
