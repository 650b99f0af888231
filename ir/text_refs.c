/* The ${ref:ID.ATTR} syntax and the attributes each element offers: a
 * function its ARN and name, a data store its ARN and name, a queue also
 * its URL. */
#include "text_refs.h"

#include <string.h>

bool aw_text_ref_next(const char *text, aw_text_ref *ref)
{
    const char *p = text ? strstr(text, AW_TEXT_REF_OPEN) : NULL;
    if (!p)
        return false;
    memset(ref, 0, sizeof *ref);
    ref->start = p;
    ref->id = p + sizeof AW_TEXT_REF_OPEN - 1;
    const char *end = strchr(ref->id, '}');
    const char *dot = end ? memchr(ref->id, '.', (size_t)(end - ref->id)) : NULL;
    ref->len = end ? (size_t)(end - p) + 1 : strlen(p);
    if (!end || !dot)
        return true;
    /* The id ends at the last dot: ids may hold dots, attributes do not. */
    for (const char *q = dot; q < end; q++)
        if (*q == '.')
            dot = q;
    ref->id_len = (size_t)(dot - ref->id);
    ref->attr = dot + 1;
    ref->attr_len = ref->id_len ? (size_t)(end - ref->attr) : 0;
    return true;
}

static const char *S_attrs(const aw_node *node)
{
    if (node->kind == AW_KIND_FUNCTION)
        return "arn, name";
    if (node->kind != AW_KIND_DATASTORE)
        return NULL;
    switch (node->as.datastore.engine) {
    case AW_STORE_SQS: return "arn, name, url";
    case AW_STORE_RDS:
    case AW_STORE_AURORA: return "name";
    default: return "arn, name";
    }
}

bool aw_text_ref_attr_ok(const aw_node *node, const char *attr, size_t len)
{
    const char *list = S_attrs(node);
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, attr, len) == 0)
            return true;
        p += n;
        p += strspn(p, ", ");
    }
    return false;
}

const char *aw_text_ref_attrs(const aw_node *node)
{
    return S_attrs(node);
}
