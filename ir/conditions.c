/* Conditions by name and their values under given parameter values. */
#include "conditions.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text_refs.h"

const aw_condition *aw_condition_find(const aw_model *model, const char *name, size_t len)
{
    for (size_t i = 0; i < model->condition_count; i++) {
        const char *n = model->conditions[i].name;
        if (n && strlen(n) == len && strncmp(n, name, len) == 0)
            return &model->conditions[i];
    }
    return NULL;
}

/* The value of parameter name[0, len): given, else its default; NULL when
 * neither. */
static const char *S_param_value(const aw_model *model, const char *name, size_t len, const aw_map *values)
{
    for (size_t i = 0; values && i < values->count; i++)
        if (strlen(values->items[i].key) == len && strncmp(values->items[i].key, name, len) == 0)
            return values->items[i].value;
    const aw_template_param *p = aw_model_param(model, name, len, NULL);
    return p ? p->default_value : NULL;
}

/* text with each ${param:NAME} replaced by its value, into out; false
 * when a value is missing. */
static bool S_expand(const aw_model *model, const char *text, const aw_map *values, aw_strbuf *out)
{
    aw_text_param p;
    const char *t = text;
    for (; aw_text_param_next(t, &p); t = p.start + p.len) {
        const char *v = p.name_len ? S_param_value(model, p.name, p.name_len, values) : NULL;
        if (!v)
            return false;
        aw_strbuf_put(out, t, (size_t)(p.start - t));
        aw_strbuf_puts(out, v);
    }
    aw_strbuf_puts(out, t);
    return true;
}

static int S_equals(const aw_model *model, const aw_condition *c, const aw_map *values)
{
    if (c->equals.count != 2)
        return -1;
    aw_strbuf a = AW_STRBUF_INIT, b = AW_STRBUF_INIT;
    int value = -1;
    if (S_expand(model, c->equals.items[0], values, &a) && S_expand(model, c->equals.items[1], values, &b))
        value = a.len == b.len && memcmp(a.data ? a.data : "", b.data ? b.data : "", a.len) == 0;
    aw_strbuf_free(&a);
    aw_strbuf_free(&b);
    return value;
}

/* depth bounds a cycle the resolver has refused. */
static int S_value(const aw_model *model, const char *name, const aw_map *values, size_t depth)
{
    const aw_condition *c = name ? aw_condition_find(model, name, strlen(name)) : NULL;
    if (!c || depth > model->condition_count)
        return -1;
    if (c->equals.count)
        return S_equals(model, c, values);
    if (c->not_) {
        int v = S_value(model, c->not_, values, depth + 1);
        return v < 0 ? -1 : !v;
    }
    const aw_strings *ops = c->and_.count ? &c->and_ : &c->or_;
    int decided = c->and_.count ? 0 : 1, result = !decided;
    for (size_t i = 0; i < ops->count; i++) {
        int v = S_value(model, ops->items[i], values, depth + 1);
        if (v == decided)
            return decided;
        if (v < 0)
            result = -1;
    }
    return ops->count ? result : -1;
}

int aw_condition_value(const aw_model *model, const char *name, const aw_map *values)
{
    return S_value(model, name, values, 0);
}

bool aw_node_deployed(const aw_model *model, const aw_node *node, const aw_map *values)
{
    return !node->condition || aw_condition_value(model, node->condition, values) != 0;
}
