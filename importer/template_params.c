/* A template's Parameters that the diagram's text names as ${param:NAME}:
 * each declared once in the diagram's parameters, with the type, default,
 * allowed values and description the template gives it. */
#include <string.h>

#include "props.h"

/* CloudFormation's parameter types as the three the format has: a list
 * type is a comma-delimited list, every other one a string. */
static const char *S_type(const char *type)
{
    if (!type || strcmp(type, "String") == 0)
        return NULL;
    if (strcmp(type, "Number") == 0)
        return "Number";
    if (strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0)
        return "CommaDelimitedList";
    return NULL;
}

static const aw_iprop S_rows[] = {
    {"Type", NULL, NULL, NULL},
    {"Default", "default", aw_iput_text, NULL},
    {"AllowedValues", "allowedValues", aw_iput_strings, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_import_param_use(aw_import *im, const char *name)
{
    aw_doc *list = aw_itree_get(im->diagram, "parameters");
    for (size_t i = 0; list && i < list->as.array.count; i++)
        if (strcmp(aw_itree_get(list->as.array.items[i], "name")->as.string.chars, name) == 0)
            return;
    const aw_doc_member *m = aw_doc_member_find(im->parameters, name);
    if (!list) {
        list = aw_itree_array(im, &m->key_loc);
        aw_itree_set(im, im->diagram, "parameters", list);
    }
    aw_doc *param = aw_itree_object(im, &m->key_loc);
    aw_itree_set_string(im, param, "name", name, &m->key_loc);
    const aw_doc *type = aw_import_get(m->value, "Type");
    const char *type_text = aw_import_text(im, type, NULL);
    if (type)
        aw_itree_set_string(im, param, "type", S_type(type_text), &type->loc);
    if (type_text && !S_type(type_text) && strcmp(type_text, "String") != 0 && strcmp(type_text, "Number") != 0)
        aw_import_report(im, AW_SEV_NOTE, "AW-IMPORT-002", &type->loc,
                         "parameter %s of type %s is read as a String: the format's parameters are String, Number "
                         "or CommaDelimitedList, and CloudFormation's check of the value's kind is left out",
                         name, type_text);
    aw_import_props(im, param, m->value, S_rows, aw_arena_printf(im->arena, "parameter %s", name));
    aw_itree_push(im, list, param);
}

void aw_iput_param_map(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_doc *map = aw_itree_object(im, &value->loc);
    if (value->kind != AW_DOC_OBJECT)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc, "%s is not a map; it is left out",
                         row->prop);
    for (size_t i = 0; value->kind == AW_DOC_OBJECT && i < value->as.object.count; i++) {
        const aw_doc_member *m = &value->as.object.members[i];
        const char *text = aw_import_param_text(im, m->value, m->key);
        if (text)
            aw_itree_set(im, map, m->key, aw_itree_string(im, text, &m->value->loc));
    }
    if (map->as.object.count)
        aw_itree_set(im, target, row->field, map);
}

bool aw_import_number_param(aw_import *im, aw_doc *target, const char *field, const aw_doc *value)
{
    const aw_doc *ref = value && value->kind == AW_DOC_OBJECT && value->as.object.count == 1
                            ? aw_import_get(value, "Ref") : NULL;
    if (!ref || ref->kind != AW_DOC_STRING || !im->parameters)
        return false;
    const aw_doc_member *m = aw_doc_member_find(im->parameters, ref->as.string.chars);
    const char *type = m ? aw_import_text(im, aw_import_get(m->value, "Type"), NULL) : NULL;
    if (!type || strcmp(type, "Number") != 0)
        return false;
    aw_import_param_use(im, m->key);
    aw_itree_set_string(im, target, field, aw_arena_printf(im->arena, "${param:%s}", m->key), &value->loc);
    return true;
}

static void S_number_or(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value, aw_iput otherwise)
{
    if (!aw_import_number_param(im, target, row->field, value))
        otherwise(im, target, row, value);
}

void aw_iput_int_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    S_number_or(im, target, row, value, aw_iput_int);
}

void aw_iput_seconds_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    S_number_or(im, target, row, value, aw_iput_seconds);
}

void aw_iput_millis_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    S_number_or(im, target, row, value, aw_iput_millis);
}
