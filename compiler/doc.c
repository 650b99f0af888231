/* Document tree helpers: member lookup and logical-path construction. */
#include "doc.h"

#include <stdio.h>
#include <string.h>

const aw_doc_member *aw_doc_member_find(const aw_doc *object, const char *key)
{
    if (!object || object->kind != AW_DOC_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->as.object.count; i++)
        if (strcmp(object->as.object.members[i].key, key) == 0)
            return &object->as.object.members[i];
    return NULL;
}

const char *aw_doc_json_pointer_append(aw_arena *arena, const char *parent, const char *key)
{
    size_t plen = parent ? strlen(parent) : 0;
    size_t extra = 0;
    for (const char *p = key; *p; p++)
        extra += (*p == '~' || *p == '/');
    size_t klen = strlen(key);
    char *out = aw_arena_alloc(arena, plen + 1 + klen + extra + 1);
    memcpy(out, parent ? parent : "", plen);
    char *w = out + plen;
    *w++ = '/';
    /* RFC 6901: '~' becomes "~0" and '/' becomes "~1". */
    for (const char *p = key; *p; p++) {
        if (*p == '~') {
            *w++ = '~';
            *w++ = '0';
        } else if (*p == '/') {
            *w++ = '~';
            *w++ = '1';
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

const char *aw_doc_json_pointer_index(aw_arena *arena, const char *parent, size_t index)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%zu", index);
    return aw_doc_json_pointer_append(arena, parent, digits);
}

const char *aw_doc_kind_name(aw_doc_kind kind)
{
    switch (kind) {
    case AW_DOC_NULL: return "null";
    case AW_DOC_BOOL: return "boolean";
    case AW_DOC_NUMBER: return "number";
    case AW_DOC_STRING: return "string";
    case AW_DOC_ARRAY: return "array";
    case AW_DOC_OBJECT: return "object";
    }
    return "value";
}
