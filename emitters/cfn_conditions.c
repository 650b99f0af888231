/* The diagram's conditions in a template: the Condition attribute of each
 * resource an element deployed under a condition gives, and the
 * Conditions section, holding those the resources and their Fn::If
 * choices use and the conditions those read. */
#include "cfn.h"

#include <stdlib.h>
#include <string.h>

#include "../ir/conditions.h"

void aw_cfn_condition_mark(aw_cfn *c, const char *name)
{
    const aw_model *m = c->d.model;
    const aw_condition *cond = name ? aw_condition_find(m, name, strlen(name)) : NULL;
    if (!cond)
        return;
    if (!c->conditions_used && !(c->conditions_used = calloc(m->condition_count, sizeof(bool))))
        abort();
    size_t i = (size_t)(cond - m->conditions);
    if (c->conditions_used[i])
        return;
    c->conditions_used[i] = true;
    /* What it reads is written too. */
    aw_cfn_condition_mark(c, cond->not_);
    for (size_t k = 0; k < cond->and_.count; k++)
        aw_cfn_condition_mark(c, cond->and_.items[k]);
    for (size_t k = 0; k < cond->or_.count; k++)
        aw_cfn_condition_mark(c, cond->or_.items[k]);
}

void aw_cfn_condition_member(aw_cfn *c, const char *name)
{
    if (!name)
        return;
    aw_cfn_condition_mark(c, name);
    aw_jw_member_string(c->w, "Condition", name);
}

static void S_operands(aw_jw *w, const char *fn, const char *const *names, size_t count)
{
    aw_jw_key(w, fn);
    aw_jw_array_inline(w);
    for (size_t i = 0; i < count; i++) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "Condition", names[i]);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

static void S_condition(aw_jw *w, const aw_condition *cond)
{
    aw_jw_key(w, cond->name);
    aw_jw_object_inline(w);
    if (cond->equals.count)
        aw_cfn_string_list(w, "Fn::Equals", &cond->equals);
    else if (cond->not_)
        S_operands(w, "Fn::Not", &cond->not_, 1);
    else if (cond->and_.count)
        S_operands(w, "Fn::And", cond->and_.items, cond->and_.count);
    else
        S_operands(w, "Fn::Or", cond->or_.items, cond->or_.count);
    aw_jw_end_object(w);
}

bool aw_cfn_conditions_text(aw_cfn *c, aw_strbuf *out)
{
    const aw_model *m = c->d.model;
    if (!c->conditions_used)
        return false;
    aw_jw w;
    aw_jw_init_at(&w, out, 1);
    aw_jw_object(&w);
    for (size_t i = 0; i < m->condition_count; i++)
        if (c->conditions_used[i])
            S_condition(&w, &m->conditions[i]);
    aw_jw_end_object(&w);
    return true;
}
