/* The ${ref:ID.ATTR} syntax and the attributes each element offers: a
 * function its ARN and name, a data store its ARN and name, a queue also
 * its URL; and the ${param:Name} syntax. */
#include "text_refs.h"

#include <ctype.h>
#include <string.h>

/* The next `open` at or after text: its start, where its body starts,
 * its length through the closing '}' (to the end of text without one) and
 * that '}', NULL when it has none. False when there is no `open`. */
static bool S_next(const char *text, const char *open, const char **start, const char **body, size_t *len,
                   const char **end)
{
    const char *p = text ? strstr(text, open) : NULL;
    if (!p)
        return false;
    *start = p;
    *body = p + strlen(open);
    *end = strchr(*body, '}');
    *len = *end ? (size_t)(*end - p) + 1 : strlen(p);
    return true;
}

bool aw_text_ref_next(const char *text, aw_text_ref *ref)
{
    const char *end;
    memset(ref, 0, sizeof *ref);
    if (!S_next(text, AW_TEXT_REF_OPEN, &ref->start, &ref->id, &ref->len, &end))
        return false;
    const char *dot = end ? memchr(ref->id, '.', (size_t)(end - ref->id)) : NULL;
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

bool aw_text_param_next(const char *text, aw_text_param *param)
{
    const char *end;
    memset(param, 0, sizeof *param);
    if (!S_next(text, AW_TEXT_PARAM_OPEN, &param->start, &param->name, &param->len, &end))
        return false;
    if (!end)
        return true;
    for (const char *q = param->name; q < end; q++)
        if (!isalnum((unsigned char)*q))
            return true;
    param->name_len = (size_t)(end - param->name);
    return true;
}
