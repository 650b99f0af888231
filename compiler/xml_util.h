/* The XML spelling's conventions shared by the reader and the XSD generator,
 * so that what the schema declares and what the reader expects cannot drift. */
#ifndef AW_XML_UTIL_H
#define AW_XML_UTIL_H

#include <stdbool.h>

#include "../ir/ir_fields.h"

/* A MAP field is a wrapper of <entry key="..." value="..."/> elements. */
#define AW_XML_MAP_ENTRY "entry"
#define AW_XML_MAP_KEY "key"
#define AW_XML_MAP_VALUE "value"

/* Scalars are attributes; lists, maps and sub-objects are child elements. */
static inline bool aw_xml_field_is_attr(const aw_field *f)
{
    switch (f->type) {
    case AW_F_STRING:
    case AW_F_BOOL:
    case AW_F_INT:
    case AW_F_NUMBER:
    case AW_F_DURATION:
    case AW_F_ENUM:
    case AW_F_REF:
        return true;
    case AW_F_STRINGS:
    case AW_F_REFS:
    case AW_F_MAP:
    case AW_F_OBJECT:
    case AW_F_OBJECTS:
        return false;
    }
    return false;
}

#endif
