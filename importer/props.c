/* The property-table engine and its value converters (props.h). */
#include "props.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

void aw_import_props(aw_import *im, aw_doc *target, const aw_doc *props, const aw_iprop *rows, const char *owner)
{
    if (!props || props->kind != AW_DOC_OBJECT)
        return;
    for (size_t i = 0; i < props->as.object.count; i++) {
        const aw_doc_member *m = &props->as.object.members[i];
        const aw_iprop *row = rows;
        while (row->prop && strcmp(row->prop, m->key) != 0)
            row++;
        if (!row->prop) {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &m->key_loc,
                             "%s of %s has no place in the diagram format; it is left out", m->key, owner);
        } else if (row->put) {
            row->put(im, target, row, m->value);
        }
    }
}

static const char *S_what(aw_import *im, const aw_iprop *row)
{
    return aw_arena_printf(im->arena, "%s", row->prop);
}

void aw_iput_text(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_itree_set_string(im, target, row->field, aw_import_text(im, value, S_what(im, row)), &value->loc);
}

void aw_iput_int(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    double v;
    if (aw_import_number(im, value, &v))
        aw_itree_set(im, target, row->field, aw_itree_number(im, v, &value->loc));
    else
        aw_import_text(im, value, S_what(im, row));
}

void aw_iput_bool(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = value->kind == AW_DOC_BOOL ? NULL : aw_import_text(im, value, S_what(im, row));
    if (value->kind == AW_DOC_BOOL || (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)))
        aw_itree_set(im, target, row->field,
                     aw_itree_bool(im, value->kind == AW_DOC_BOOL ? value->as.boolean : strcmp(s, "true") == 0,
                                   &value->loc));
}

const char *aw_import_duration(aw_import *im, double ms)
{
    if (fmod(ms, 1000.0) == 0)
        return aw_arena_printf(im->arena, "%.0fs", ms / 1000.0);
    return aw_arena_printf(im->arena, "%gms", ms);
}

static void S_put_duration(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value, double scale)
{
    double v;
    if (aw_import_number(im, value, &v))
        aw_itree_set(im, target, row->field, aw_itree_string(im, aw_import_duration(im, v * scale), &value->loc));
    else
        aw_import_text(im, value, S_what(im, row));
}

void aw_iput_seconds(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    S_put_duration(im, target, row, value, 1000.0);
}

void aw_iput_millis(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    S_put_duration(im, target, row, value, 1.0);
}

static const char *S_lower(aw_import *im, const char *s)
{
    char *out = aw_arena_strdup(im->arena, s);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

void aw_iput_lower(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, S_what(im, row));
    aw_itree_set_string(im, target, row->field, s ? S_lower(im, s) : NULL, &value->loc);
}

void aw_iput_first_lower(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    if (value->kind == AW_DOC_ARRAY && value->as.array.count == 1)
        aw_iput_lower(im, target, row, value->as.array.items[0]);
    else
        aw_iput_lower(im, target, row, value);
}

static void S_pair(aw_import *im, aw_doc *map, const char *key, const aw_doc *value)
{
    const char *text = aw_import_text(im, value, key);
    if (key && text)
        aw_itree_set(im, map, key, aw_itree_string(im, text, &value->loc));
}

void aw_iput_tags(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_doc *map = aw_itree_object(im, &value->loc);
    if (value->kind == AW_DOC_ARRAY) {
        for (size_t i = 0; i < value->as.array.count; i++) {
            const aw_doc *item = value->as.array.items[i];
            const char *key = aw_import_text(im, aw_import_get(item, "Key"), "a tag's Key");
            const aw_doc *v = aw_import_get(item, "Value");
            if (v)
                S_pair(im, map, key, v);
        }
    } else {
        aw_iput_map(im, target, row, value);
        return;
    }
    if (map->as.object.count)
        aw_itree_set(im, target, row->field, map);
}

void aw_iput_map(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    if (value->kind != AW_DOC_OBJECT) {
        aw_import_text(im, value, S_what(im, row));
        return;
    }
    aw_doc *map = aw_itree_object(im, &value->loc);
    for (size_t i = 0; i < value->as.object.count; i++)
        S_pair(im, map, value->as.object.members[i].key, value->as.object.members[i].value);
    if (map->as.object.count)
        aw_itree_set(im, target, row->field, map);
}

void aw_iput_strings(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_doc *list = aw_itree_array(im, &value->loc);
    if (value->kind != AW_DOC_ARRAY) {
        const char *s = aw_import_text(im, value, S_what(im, row));
        if (s)
            aw_itree_push(im, list, aw_itree_string(im, s, &value->loc));
    }
    for (size_t i = 0; value->kind == AW_DOC_ARRAY && i < value->as.array.count; i++) {
        const char *s = aw_import_text(im, value->as.array.items[i], S_what(im, row));
        if (s)
            aw_itree_push(im, list, aw_itree_string(im, s, &value->as.array.items[i]->loc));
    }
    if (list->as.array.count)
        aw_itree_set(im, target, row->field, list);
}

void aw_iput_ref(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *id = aw_import_node_id(im, aw_import_ref(im, value));
    if (id)
        aw_itree_set_string(im, target, row->field, id, &value->loc);
    else
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "%s names nothing the diagram holds (a resource of this template that it models); "
                         "it is left out",
                         row->prop);
}

void aw_iput_object(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_doc *object = aw_itree_get(target, row->field);
    bool fresh = !object;
    if (fresh)
        object = aw_itree_object(im, &value->loc);
    aw_import_props(im, object, value, row->sub, row->prop);
    if (fresh && object->as.object.count)
        aw_itree_set(im, target, row->field, object);
}

void aw_iput_inner(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_import_props(im, target, value, row->sub, row->prop);
}

void aw_iput_derived(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    (void)im, (void)target, (void)row, (void)value;
}

void aw_iput_log_group(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const aw_doc *group = aw_import_resource(im, aw_import_ref(im, value));
    const aw_doc *name = aw_import_get(aw_import_get(group, "Properties"), "LogGroupName");
    aw_iput_text(im, target, row, name ? name : value);
}

/* The payload version is a Lambda integration's; API Gateway asks for 1.0
 * on service and private integrations too, which the diagram leaves implied. */
void aw_iput_payload(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const aw_doc *type = aw_itree_get(target, "type");
    if (type && strcmp(type->as.string.chars, "lambda") == 0)
        aw_iput_text(im, target, row, value);
}


void aw_import_prefixed_map(aw_import *im, aw_doc *target, const char *field, const aw_doc *value, const char *prefix)
{
    size_t n = strlen(prefix);
    aw_doc *map = aw_itree_object(im, &value->loc);
    for (size_t i = 0; value->kind == AW_DOC_OBJECT && i < value->as.object.count; i++) {
        const aw_doc_member *m = &value->as.object.members[i];
        const char *text = aw_import_text(im, m->value, m->key);
        if (strncmp(m->key, prefix, n) != 0) {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &m->key_loc,
                             "%s does not start with %s, as a response header does; it is left out", m->key, prefix);
        } else if (text) {
            aw_itree_set(im, map, m->key + n, aw_itree_string(im, text, &m->value->loc));
        }
    }
    if (map->as.object.count)
        aw_itree_set(im, target, field, map);
}
