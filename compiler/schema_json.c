/* The JSON Schema (draft 2020-12) of diagram format version 1, generated
 * from the field tables in ir_fields.c so that it cannot drift from what the
 * readers accept. Built once, on first use, into a static buffer. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"
#include "../ir/units.h"
#include "readers.h"

#define S_SCHEMA_DIALECT "https://json-schema.org/draft/2020-12/schema"
#define S_SCHEMA_ID "https://archway.dev/schema/diagram-1.json"
/* As ir/units.c reads them: up to 12 whole digits, up to 9 decimals, a unit. */
#define S_DURATION_PATTERN "^[0-9]{1,12}(\\.[0-9]{1,9})?(ms|s|m|h)$"
#define S_ID_PATTERN "^[A-Za-z0-9_.-]+$"
#define S_ID_MAX_CHARS 128
#define S_ID_DEF "id"
#define S_NODE_DEF "node"
#define S_NONE_ID "none"       /* reserved: a route's "no authorizer" */
#define S_MAX_SUBS 64       /* distinct sub-structs; the format has about 20 */

/* ---- A small pretty-printing JSON writer (2-space indentation) --------- */

typedef struct S_writer {
    aw_strbuf buf;
    int depth;
    bool empty;             /* the innermost open container has no member yet */
} S_writer;

/* Starts a member (key set) or an array item (key NULL). */
static void S_member(S_writer *w, const char *key)
{
    if (w->buf.len > 0) {
        if (!w->empty)
            aw_strbuf_putc(&w->buf, ',');
        aw_strbuf_putc(&w->buf, '\n');
        aw_strbuf_indent(&w->buf, w->depth);
    }
    if (key) {
        aw_strbuf_json_string(&w->buf, key, strlen(key));
        aw_strbuf_puts(&w->buf, ": ");
    }
    w->empty = false;
}

static void S_open(S_writer *w, const char *key, char bracket)
{
    S_member(w, key);
    aw_strbuf_putc(&w->buf, bracket);
    w->depth++;
    w->empty = true;
}

static void S_close(S_writer *w, char bracket)
{
    w->depth--;
    if (!w->empty) {
        aw_strbuf_putc(&w->buf, '\n');
        aw_strbuf_indent(&w->buf, w->depth);
    }
    aw_strbuf_putc(&w->buf, bracket);
    w->empty = false;
}

static void S_string(S_writer *w, const char *key, const char *value)
{
    S_member(w, key);
    aw_strbuf_json_string(&w->buf, value, strlen(value));
}

static void S_literal(S_writer *w, const char *key, const char *text)
{
    S_member(w, key);
    aw_strbuf_puts(&w->buf, text);
}

static void S_number(S_writer *w, const char *key, double value)
{
    S_member(w, key);
    aw_strbuf_number(&w->buf, value);
}

/* {"$ref": "#/$defs/<name>"} as the value of key. */
static void S_ref_object(S_writer *w, const char *key, const char *def)
{
    S_open(w, key, '{');
    S_member(w, "$ref");
    aw_strbuf_printf(&w->buf, "\"#/$defs/%s\"", def);
    S_close(w, '}');
}

/* ---- Descriptions ------------------------------------------------------ */

/* Durations carry their bounds in words: the numeric bounds are in
 * milliseconds, which a string value cannot be compared against. A bound
 * that the field's doc already names is not repeated. */
static void S_put_duration_range(aw_strbuf *b, const aw_field *f)
{
    bool has_min = (f->flags & AW_FF_MIN) && f->min > 0;
    bool has_max = (f->flags & AW_FF_MAX) != 0;
    aw_strbuf lo = AW_STRBUF_INIT, hi = AW_STRBUF_INIT;
    aw_duration_format(&lo, has_min ? f->min : 0);
    aw_duration_format(&hi, has_max ? f->max : 0);
    const char *doc = f->doc ? f->doc : "";
    bool named = (!has_min || strstr(doc, lo.data)) && (!has_max || strstr(doc, hi.data));
    aw_strbuf_puts(b, "; a duration such as 250ms, 29s or 5m");
    if (has_min && has_max && !named)
        aw_strbuf_printf(b, ", from %s to %s", lo.data, hi.data);
    else if (has_min && !named)
        aw_strbuf_printf(b, ", at least %s", lo.data);
    else if (has_max && !named)
        aw_strbuf_printf(b, ", at most %s", hi.data);
    aw_strbuf_free(&lo);
    aw_strbuf_free(&hi);
}

static void S_put_ref_kinds(aw_strbuf *b, const aw_field *f)
{
    bool many = f->type == AW_F_REFS;
    if (f->ref_kinds == ~0u) {
        aw_strbuf_puts(b, many ? " (node ids)" : " (a node id)");
        return;
    }
    aw_strbuf_puts(b, many ? " (ids of nodes of kind " : " (the id of a node of kind ");
    const char *sep = "";
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
        if (!(f->ref_kinds & (1u << k)))
            continue;
        aw_strbuf_printf(b, "%s%s", sep, aw_kind_descs[k].name);
        sep = " or ";
    }
    if (f->flags & AW_FF_NONE_OK)
        aw_strbuf_puts(b, ", or \"none\"");
    aw_strbuf_putc(b, ')');
}

static void S_field_description(S_writer *w, const aw_field *f)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, f->doc ? f->doc : f->name);
    if (f->type == AW_F_DURATION)
        S_put_duration_range(&text, f);
    else if (f->type == AW_F_REF || f->type == AW_F_REFS)
        S_put_ref_kinds(&text, f);
    if (aw_field_param_phrase(f))
        aw_strbuf_printf(&text, "; %s", aw_field_param_phrase(f));
    S_string(w, "description", text.data);
    aw_strbuf_free(&text);
}

/* ---- Field schemas, one writer per field type --------------------------- */

static void S_bounds(S_writer *w, const aw_field *f)
{
    bool has_min = (f->flags & AW_FF_MIN) != 0;
    bool has_max = (f->flags & AW_FF_MAX) != 0;
    if (has_min && has_max && f->min == f->max) {
        S_number(w, "const", f->min);
        return;
    }
    if (has_min)
        S_number(w, "minimum", f->min);
    if (has_max)
        S_number(w, "maximum", f->max);
}

static void S_string_items(S_writer *w)
{
    S_open(w, "items", '{');
    S_string(w, "type", "string");
    S_close(w, '}');
}

static void S_t_string(S_writer *w, const aw_field *f)
{
    (void)f;
    S_string(w, "type", "string");
}

static void S_t_bool(S_writer *w, const aw_field *f)
{
    (void)f;
    S_string(w, "type", "boolean");
}

static void S_t_int(S_writer *w, const aw_field *f)
{
    S_string(w, "type", "integer");
    S_bounds(w, f);
}

static void S_t_number(S_writer *w, const aw_field *f)
{
    S_string(w, "type", "number");
    S_bounds(w, f);
}

static void S_t_duration(S_writer *w, const aw_field *f)
{
    (void)f;
    S_string(w, "type", "string");
    S_string(w, "pattern", S_DURATION_PATTERN);
}

static void S_t_enum(S_writer *w, const aw_field *f)
{
    S_string(w, "type", "string");
    S_open(w, "enum", '[');
    for (size_t i = 1; f->names[i]; i++)
        S_string(w, NULL, f->names[i]);
    S_close(w, ']');
}

static void S_t_ref(S_writer *w, const aw_field *f)
{
    (void)f;
    S_member(w, "$ref");
    aw_strbuf_puts(&w->buf, "\"#/$defs/" S_ID_DEF "\"");
}

static void S_t_strings(S_writer *w, const aw_field *f)
{
    (void)f;
    S_string(w, "type", "array");
    S_string_items(w);
}

static void S_t_refs(S_writer *w, const aw_field *f)
{
    (void)f;
    S_string(w, "type", "array");
    S_ref_object(w, "items", S_ID_DEF);
}

static void S_t_map(S_writer *w, const aw_field *f)
{
    S_string(w, "type", "object");
    if (f->key_pattern) {
        S_open(w, "propertyNames", '{');
        S_string(w, "pattern", f->key_pattern);
        S_close(w, '}');
    }
    S_open(w, "additionalProperties", '{');
    S_string(w, "type", "string");
    S_close(w, '}');
}

static void S_t_object(S_writer *w, const aw_field *f)
{
    S_member(w, "$ref");
    aw_strbuf_printf(&w->buf, "\"#/$defs/%s\"", f->sub->name);
}

static void S_t_objects(S_writer *w, const aw_field *f)
{
    S_string(w, "type", "array");
    S_ref_object(w, "items", f->sub->name);
}

typedef void (*S_type_writer)(S_writer *w, const aw_field *f);

static const S_type_writer S_type_writers[] = {
    [AW_F_STRING] = S_t_string,
    [AW_F_BOOL] = S_t_bool,
    [AW_F_INT] = S_t_int,
    [AW_F_NUMBER] = S_t_number,
    [AW_F_DURATION] = S_t_duration,
    [AW_F_ENUM] = S_t_enum,
    [AW_F_REF] = S_t_ref,
    [AW_F_STRINGS] = S_t_strings,
    [AW_F_REFS] = S_t_refs,
    [AW_F_MAP] = S_t_map,
    [AW_F_OBJECT] = S_t_object,
    [AW_F_OBJECTS] = S_t_objects,
};

/* The default, typed as the field is: "def" is spelt as in a diagram. */
static void S_default(S_writer *w, const aw_field *f)
{
    if (!f->def)
        return;
    switch (f->type) {
    case AW_F_BOOL:
        S_literal(w, "default", strcmp(f->def, "true") == 0 ? "true" : "false");
        break;
    case AW_F_INT:
    case AW_F_NUMBER:
        S_number(w, "default", strtod(f->def, NULL));
        break;
    default:
        S_string(w, "default", f->def);
        break;
    }
}

/* A node's own id: a string in the table, but it follows the id rule and
 * may not be the reserved "none". */
static bool S_is_node_id(const aw_struct_desc *desc, const aw_field *f)
{
    return desc == &aw_node_common_desc && strcmp(f->name, "id") == 0;
}

static void S_t_node_id(S_writer *w, const aw_field *f)
{
    S_t_ref(w, f);
    S_open(w, "not", '{');
    S_string(w, "const", S_NONE_ID);
    S_close(w, '}');
}

/* A numeric field that takes a parameter: its own schema, or the text of a
 * Number parameter's placeholder. */
static void S_param_one_of(S_writer *w, const aw_field *f, S_type_writer type_writer)
{
    S_open(w, "oneOf", '[');
    S_open(w, NULL, '{');
    type_writer(w, f);
    S_close(w, '}');
    S_open(w, NULL, '{');
    S_string(w, "type", "string");
    S_string(w, "pattern", AW_NUM_PARAM_PATTERN);
    S_close(w, '}');
    S_close(w, ']');
}

static void S_field(S_writer *w, const aw_struct_desc *desc, const aw_field *f)
{
    S_open(w, f->name, '{');
    S_field_description(w, f);
    S_type_writer type_writer = S_is_node_id(desc, f) ? S_t_node_id : S_type_writers[f->type];
    if (f->flags & AW_FF_PARAM)
        S_param_one_of(w, f, type_writer);
    else
        type_writer(w, f);
    S_default(w, f);
    S_close(w, '}');
}

static void S_fields(S_writer *w, const aw_struct_desc *desc)
{
    for (size_t i = 0; i < desc->field_count; i++)
        S_field(w, desc, &desc->fields[i]);
}

static void S_required(S_writer *w, const aw_struct_desc *const *descs, size_t n,
                       const char *first)
{
    bool any = first != NULL;
    for (size_t d = 0; d < n && !any; d++)
        for (size_t i = 0; i < descs[d]->field_count && !any; i++)
            any = (descs[d]->fields[i].flags & AW_FF_REQUIRED) != 0;
    if (!any)
        return;
    S_open(w, "required", '[');
    if (first)
        S_string(w, NULL, first);
    for (size_t d = 0; d < n; d++)
        for (size_t i = 0; i < descs[d]->field_count; i++)
            if (descs[d]->fields[i].flags & AW_FF_REQUIRED)
                S_string(w, NULL, descs[d]->fields[i].name);
    S_close(w, ']');
}

/* ---- Definitions --------------------------------------------------------- */

/* A plain described struct: {"type": "object", "properties": ...}. */
static void S_struct_def(S_writer *w, const aw_struct_desc *desc)
{
    S_open(w, desc->name, '{');
    S_string(w, "description", desc->doc);
    S_string(w, "type", "object");
    S_open(w, "properties", '{');
    S_fields(w, desc);
    S_close(w, '}');
    S_required(w, &desc, 1, NULL);
    S_literal(w, "additionalProperties", "false");
    S_close(w, '}');
}

/* Definition names of node kinds: "apiNode", "routeNode", ... */
static void S_kind_def_name(char *out, size_t size, const aw_kind_desc *kd)
{
    snprintf(out, size, "%sNode", kd->name);
}

/* "<kind>Node": the kind constant, the common fields, then the kind's. */
static void S_kind_def(S_writer *w, const aw_kind_desc *kd)
{
    const aw_struct_desc *parts[] = {&aw_node_common_desc, kd->desc};
    char name[64];
    S_kind_def_name(name, sizeof name, kd);
    S_open(w, name, '{');
    S_string(w, "description", kd->desc->doc);
    S_string(w, "type", "object");
    S_open(w, "properties", '{');
    S_open(w, AW_KIND_FIELD, '{');
    S_string(w, "description", "node kind");
    S_string(w, "const", kd->name);
    S_close(w, '}');
    S_fields(w, &aw_node_common_desc);
    S_fields(w, kd->desc);
    S_close(w, '}');
    S_required(w, parts, 2, AW_KIND_FIELD);
    S_literal(w, "additionalProperties", "false");
    S_close(w, '}');
}

static void S_node_def(S_writer *w)
{
    S_open(w, S_NODE_DEF, '{');
    S_string(w, "description", "A node: one of the kinds below, told apart by '" AW_KIND_FIELD "'.");
    S_open(w, "oneOf", '[');
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
        char def[64];
        S_kind_def_name(def, sizeof def, &aw_kind_descs[k]);
        S_ref_object(w, NULL, def);
    }
    S_close(w, ']');
    S_close(w, '}');
}

static void S_id_def(S_writer *w)
{
    S_open(w, S_ID_DEF, '{');
    S_string(w, "description",
             "A node id: letters, digits, '-', '_' and '.', unique in the diagram; \"none\" is reserved.");
    S_string(w, "type", "string");
    S_number(w, "minLength", 1);
    S_number(w, "maxLength", S_ID_MAX_CHARS);
    S_string(w, "pattern", S_ID_PATTERN);
    S_close(w, '}');
}

/* Every struct reachable from the diagram, each once, in discovery order. */
typedef struct S_subs {
    const aw_struct_desc *items[S_MAX_SUBS];
    size_t count;
} S_subs;

static void S_collect(S_subs *subs, const aw_struct_desc *desc)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_struct_desc *sub = desc->fields[i].sub;
        if (!sub)
            continue;
        bool seen = false;
        for (size_t j = 0; j < subs->count && !seen; j++)
            seen = subs->items[j] == sub;
        if (seen)
            continue;
        if (subs->count == S_MAX_SUBS)
            abort();    /* the format outgrew S_MAX_SUBS: raise it */
        subs->items[subs->count++] = sub;
        S_collect(subs, sub);
    }
}

static void S_defs(S_writer *w)
{
    S_subs subs = {.count = 0};
    S_collect(&subs, &aw_diagram_desc);
    S_collect(&subs, &aw_node_common_desc);
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++)
        S_collect(&subs, aw_kind_descs[k].desc);

    S_open(w, "$defs", '{');
    S_node_def(w);
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++)
        S_kind_def(w, &aw_kind_descs[k]);
    for (size_t i = 0; i < subs.count; i++)
        S_struct_def(w, subs.items[i]);
    S_id_def(w);
    S_close(w, '}');
}

/* ---- The document ---------------------------------------------------- */

static void S_root(S_writer *w)
{
    const aw_struct_desc *root = &aw_diagram_desc;
    S_open(w, NULL, '{');
    S_string(w, "$schema", S_SCHEMA_DIALECT);
    S_string(w, "$id", S_SCHEMA_ID);
    S_string(w, "title", "Archway diagram, format version 1");
    S_string(w, "description", root->doc);
    S_string(w, "type", "object");
    S_open(w, "properties", '{');
    S_fields(w, root);
    S_open(w, AW_NODES_FIELD, '{');
    S_string(w, "description", "the diagram's nodes, in any order");
    S_string(w, "type", "array");
    S_ref_object(w, "items", S_NODE_DEF);
    S_close(w, '}');
    S_close(w, '}');
    S_required(w, &root, 1, NULL);
    S_literal(w, "additionalProperties", "false");
    S_defs(w);
    S_close(w, '}');
    aw_strbuf_putc(&w->buf, '\n');
}

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static char *S_text;

static void S_build(void)
{
    S_writer w = {AW_STRBUF_INIT, 0, true};
    S_root(&w);
    S_text = aw_strbuf_detach(&w.buf, NULL);
}

const char *aw_json_schema_text(void)
{
    pthread_once(&S_once, S_build);
    return S_text;
}
