/* The diagram's conditions in a template: the Condition attribute of each
 * resource an element deployed under a condition gives, and the
 * Conditions section, holding those the resources and their Fn::If
 * choices use and the conditions those read. */
#define _GNU_SOURCE     /* memmem */
#include "cfn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/conditions.h"
#include "../ir/text_refs.h"

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

/* The Conditions object of the conditions marked in used, filled in
 * (parameters as Ref), into out at the indentation of a section's value. */
static void S_conditions_text(aw_cfn *c, const bool *used, aw_strbuf *out)
{
    const aw_model *m = c->d.model;
    aw_jw w;
    aw_jw_init_at(&w, out, 1);
    aw_jw_object(&w);
    for (size_t i = 0; i < m->condition_count; i++)
        if (used[i])
            S_condition(&w, &m->conditions[i]);
    aw_jw_end_object(&w);
    aw_cfn_fill_parameters(c, out, AW_CFN_FILL_OTHER);
}

bool aw_cfn_conditions_text(aw_cfn *c, aw_strbuf *out)
{
    if (!c->conditions_used)
        return false;
    S_conditions_text(c, c->conditions_used, out);
    return true;
}

/* ---- nested stacks: each template names the conditions it uses ---------- */

static void S_mark(const aw_model *m, bool *used, const char *name, size_t len);

void aw_cfn_conditions_mark(const aw_cfn *c, bool *used, const char *name, size_t len)
{
    S_mark(c->d.model, used, name, len);
}

static void S_mark(const aw_model *m, bool *used, const char *name, size_t len)
{
    const aw_condition *cond = aw_condition_find(m, name, len);
    if (!cond || used[cond - m->conditions])
        return;
    used[cond - m->conditions] = true;
    const char *not_ = cond->not_;
    aw_strings one = {&not_, not_ ? 1 : 0};
    const aw_strings *lists[] = {&one, &cond->and_, &cond->or_};
    for (size_t l = 0; l < 3; l++)
        for (size_t k = 0; k < lists[l]->count; k++)
            S_mark(m, used, lists[l]->items[k], strlen(lists[l]->items[k]));
}

/* Marks the condition named by the quoted name that follows text[at, len). */
static void S_mark_at(const aw_model *m, bool *used, const char *text, size_t len, size_t at)
{
    const char *end = memchr(text + at, '"', len - at);
    if (end)
        S_mark(m, used, text + at, (size_t)(end - (text + at)));
}

bool aw_cfn_conditions_scan(const aw_cfn *c, bool *used, const char *text, size_t len)
{
    static const char attr[] = "\"Condition\": \"", choice[] = "\"Fn::If\": [\"";
    const aw_model *m = c->d.model;
    bool any = false;
    for (size_t i = 0; m->condition_count && i < len; i++) {
        size_t n = len - i >= sizeof attr - 1 && memcmp(text + i, attr, sizeof attr - 1) == 0 ? sizeof attr - 1
                 : len - i >= sizeof choice - 1 && memcmp(text + i, choice, sizeof choice - 1) == 0 ? sizeof choice - 1
                 : 0;
        if (n) {
            S_mark_at(m, used, text, len, i + n);
            any = true;
        }
    }
    return any;
}

void aw_cfn_conditions_params(const aw_cfn *c, const bool *used, void (*fn)(void *ctx, const char *name), void *ctx)
{
    const aw_model *m = c->d.model;
    for (size_t i = 0; i < m->condition_count; i++)
        for (size_t k = 0; used[i] && k < m->conditions[i].equals.count; k++) {
            aw_text_param p;
            for (const char *t = m->conditions[i].equals.items[k]; aw_text_param_next(t, &p); t = p.start + p.len) {
                char name[256];
                snprintf(name, sizeof name, "%.*s", (int)(p.name_len < 255 ? p.name_len : 255), p.name);
                if (p.name_len)
                    fn(ctx, name);
            }
        }
}

void aw_cfn_conditions_value(aw_cfn *c, const bool *used, aw_strbuf *out)
{
    bool any = false;
    for (size_t i = 0; i < c->d.model->condition_count && !any; i++)
        any = used[i];
    if (any)
        S_conditions_text(c, used, out);
}

void aw_cfn_conditions_member(aw_cfn *c, const bool *used, aw_jw *w)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_cfn_conditions_value(c, used, &text);
    if (text.len) {
        aw_jw_key(w, "Conditions");
        aw_jw_raw_value(w, text.data, text.len);
    }
    aw_strbuf_free(&text);
}

/* Where needle first starts in text[0, len), or len. */
static size_t S_find(const char *text, size_t len, const char *needle)
{
    const char *at = memmem(text, len, needle, strlen(needle));
    return at ? (size_t)(at - text) : len;
}

const char *aw_cfn_resource_condition(const char *text, size_t len, size_t *name_len)
{
    static const char attr[] = "\"Condition\": \"";
    size_t head = S_find(text, len, "\"Properties\""), at = S_find(text, head, attr);
    if (at == head)
        return NULL;
    const char *name = text + at + sizeof attr - 1, *end = memchr(name, '"', len - (size_t)(name - text));
    *name_len = end ? (size_t)(end - name) : 0;
    return end ? name : NULL;
}
