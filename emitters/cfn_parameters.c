/* The diagram's deploy-time parameters in a template: a pass over the
 * finished Resources and Outputs that turns each string holding
 * ${param:Name} into {"Ref": Name} or an Fn::Sub placeholder (the
 * splitter then passes them down to nested stacks as it does every
 * parameter), and their declarations with type, default and allowed values. */
#include "cfn.h"

#include <string.h>

#include "../ir/text_if.h"
#include "../ir/text_refs.h"

typedef struct fill {
    aw_cfn *c;
    const char *t;              /* the text being rewritten */
    size_t len, pos;
    aw_strbuf out;
    bool after_sub;             /* the next value is that of an Fn::Sub */
    bool plain;                 /* the next value must stay a string (an output's Description) */
    aw_cfn_span *spans;         /* where the resources or outputs start, moved as the pass reaches them */
    size_t span_count, next_span;
    size_t *end_at;             /* where the Resources object closes, moved likewise; or NULL */
    bool remap;                 /* this pass moves them (not one of a branch's text) */
    bool resources;             /* the text is the Resources (else Outputs or Conditions) */
} fill;

static const aw_template_param *S_param(const aw_model *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->parameter_count; i++)
        if (strlen(m->parameters[i].name) == len && strncmp(m->parameters[i].name, name, len) == 0)
            return &m->parameters[i];
    return NULL;
}

/* Declares the parameter a placeholder uses; one the template makes of
 * its own under the same name is a clash the diagram must resolve. */
static const aw_template_param *S_use(fill *f, const char *name, size_t len)
{
    const aw_template_param *p = S_param(f->c->d.model, name, len);
    if (!p)
        return NULL;    /* the resolver refused it */
    aw_parameter *known = aw_strset_find(&f->c->params.names, p->name);
    if (known && known->user != p)
        aw_deploy_report(&f->c->d, NULL, &p->loc, "parameter '%s' of the diagram has the name of the template's "
                         "own parameter for %s; rename it", p->name, known->description);
    if (!known) {
        aw_deploy_declare(&f->c->d, NULL, p->name, p->default_value, "%s",
                          p->description ? p->description : p->name);
        ((aw_parameter *)aw_strset_find(&f->c->params.names, p->name))->user = p;
    }
    return p;
}

/* The length of the name of a placeholder whose name starts at t[at]:
 * letters and digits up to a '}' before `to`; 0 when there is none. */
static size_t S_name_at(const fill *f, size_t at, size_t to)
{
    size_t i = at;
    while (i < to && ((f->t[i] >= 'a' && f->t[i] <= 'z') || (f->t[i] >= 'A' && f->t[i] <= 'Z') ||
                      (f->t[i] >= '0' && f->t[i] <= '9')))
        i++;
    return i < to && f->t[i] == '}' ? i - at : 0;
}

/* Where needle starts in t[from, to), or `to`. */
static size_t S_find(const fill *f, size_t from, size_t to, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= to; i++)
        if (f->t[i] == needle[0] && strncmp(f->t + i, needle, n) == 0)
            return i;
    return to;
}

/* Copies text[from, to) with every placeholder (opened by `open`) as
 * ${Name}; in literal text (escape set) every other "${" becomes
 * Fn::Sub's "${!". */
static void S_sub_text(fill *f, size_t from, size_t to, const char *open, bool escape)
{
    size_t olen = strlen(open);
    for (size_t i = from; i < to; i++) {
        size_t n = to - i > olen && strncmp(f->t + i, open, olen) == 0 ? S_name_at(f, i + olen, to) : 0;
        const aw_template_param *p = n ? S_use(f, f->t + i + olen, n) : NULL;
        if (p) {
            if (p->type == AW_TPARAM_LIST)
                aw_deploy_report(&f->c->d, NULL, &p->loc, "list parameter '%s' stands in a longer text here, where "
                                 "the template cannot join it", p->name);
            aw_strbuf_printf(&f->out, "${%s}", p->name);
            i += olen + n;      /* the '}' */
            continue;
        }
        aw_strbuf_putc(&f->out, f->t[i]);
        if (escape && f->t[i] == '$' && i + 1 < to && f->t[i + 1] == '{') {
            aw_strbuf_put(&f->out, "{!", 2);
            i++;
        }
    }
}

/* Offset just past the string token that starts at t[start] ('"'). */
static size_t S_string_end(const fill *f, size_t start)
{
    size_t i = start + 1;
    while (i < f->len && f->t[i] != '"')
        i += f->t[i] == '\\' ? 2 : 1;
    return i + 1;
}

static size_t S_skip_space(const fill *f, size_t i)
{
    while (i < f->len && (f->t[i] == ' ' || f->t[i] == '\n'))
        i++;
    return i;
}

/* A list parameter alone in a one-item list takes the list's place;
 * elsewhere its items are joined into one string. */
static void S_list(fill *f, const aw_template_param *p, size_t end)
{
    size_t back = f->out.len, next = S_skip_space(f, end);
    while (back && (f->out.data[back - 1] == ' ' || f->out.data[back - 1] == '\n'))
        back--;
    if (back && f->out.data[back - 1] == '[' && next < f->len && f->t[next] == ']') {
        f->out.len = back - 1;
        aw_strbuf_printf(&f->out, "{\"Ref\": \"%s\"}", p->name);
        f->pos = next + 1;
        return;
    }
    aw_strbuf_printf(&f->out, "{\"Fn::Join\": [\",\", {\"Ref\": \"%s\"}]}", p->name);
    f->pos = end;
}

/* Text that CloudFormation takes as written: each placeholder becomes the
 * parameter's name in angle brackets. */
static void S_plain(fill *f, size_t start, size_t end)
{
    size_t olen = strlen(AW_TEXT_PARAM_OPEN);
    f->pos = end;
    for (size_t i = start; i < end; i++) {
        size_t n = end - i > olen && strncmp(f->t + i, AW_TEXT_PARAM_OPEN, olen) == 0 ? S_name_at(f, i + olen, end) : 0;
        if (n) {
            aw_strbuf_printf(&f->out, "<%.*s>", (int)n, f->t + i + olen);
            i += olen + n;
        } else {
            aw_strbuf_putc(&f->out, f->t[i]);
        }
    }
}

static void S_value(fill *f, size_t start, size_t end);
static const aw_node *S_node(const fill *f);

/* One branch of a choice as a value of its own: the text around the
 * choice with the branch in its place (the string token's escapes stay
 * valid, as the markers hold none). */
static void S_branch(fill *f, const aw_text_if *it, size_t start, size_t end, const char *text, size_t len)
{
    const char *head = f->t + start, *tail = it->start + it->len;
    aw_strbuf token = AW_STRBUF_INIT;
    aw_strbuf_put(&token, head, (size_t)(it->start - head));
    aw_strbuf_put(&token, text, len);
    aw_strbuf_put(&token, tail, (size_t)(f->t + end - tail));
    fill sub = *f;
    sub.t = token.data, sub.len = token.len, sub.remap = false;
    S_value(&sub, 0, token.len);
    f->out = sub.out;
    aw_strbuf_free(&token);
}

/* A string that differs by a condition: Fn::If of its two texts; with no
 * ${else}, a field that is the choice alone is left out (AWS::NoValue). */
static void S_choice(fill *f, size_t start, size_t end, const aw_text_if *it)
{
    aw_cfn_condition_mark(f->c, aw_arena_strndup(&f->c->ids_arena, it->name, it->name_len));
    aw_strbuf_printf(&f->out, "{\"Fn::If\": [\"%.*s\", ", (int)it->name_len, it->name);
    S_branch(f, it, start, end, it->then_text, it->then_len);
    aw_strbuf_puts(&f->out, ", ");
    if (it->else_text)
        S_branch(f, it, start, end, it->else_text, it->else_len);
    else if (it->start == f->t + start + 1 && it->start + it->len == f->t + end - 1)
        aw_strbuf_puts(&f->out, "{\"Ref\": \"AWS::NoValue\"}");
    else
        S_branch(f, it, start, end, "", 0);
    aw_strbuf_puts(&f->out, "]}");
    f->pos = end;
}

/* Where the string token t[start, end) holds a choice, into *it. */
static bool S_find_choice(const fill *f, size_t start, size_t end, aw_text_if *it)
{
    size_t at = S_find(f, start, end, AW_TEXT_IF_OPEN);
    if (at == end)
        return false;
    aw_strbuf token = AW_STRBUF_INIT;
    aw_strbuf_put(&token, f->t + at, end - 1 - at);
    bool ok = aw_text_if_next(token.data, it) && it->name_len && it->len;
    if (ok) {       /* back into the template's text */
        it->name = f->t + at + (it->name - token.data);
        it->then_text = f->t + at + (it->then_text - token.data);
        if (it->else_text)
            it->else_text = f->t + at + (it->else_text - token.data);
        it->start = f->t + at;
    }
    aw_strbuf_free(&token);
    return ok;
}

/* A string value: a lone placeholder becomes a Ref, text around
 * placeholders an Fn::Sub; inside an Fn::Sub they become its own. */
static void S_value(fill *f, size_t start, size_t end)
{
    if (f->plain) {
        S_plain(f, start, end);
        return;
    }
    aw_text_if it;
    if (f->after_sub && S_find(f, start, end, "${!if:") < end)
        aw_deploy_report(&f->c->d, S_node(f), NULL, "a ${if:...} choice stands in %.*s, which the template writes "
                         "inside Fn::Sub, where it cannot choose", (int)(end - start > 120 ? 120 : end - start),
                         f->t + start);
    else if (!f->after_sub && S_find_choice(f, start, end, &it)) {
        S_choice(f, start, end, &it);
        return;
    }
    const char *open = f->after_sub ? "${!param:" : AW_TEXT_PARAM_OPEN;
    size_t olen = strlen(open), first = S_find(f, start, end, open);
    size_t n = first == start + 1 ? S_name_at(f, first + olen, end) : 0;
    f->pos = end;
    if (first == end) {
        aw_strbuf_put(&f->out, f->t + start, end - start);
    } else if (f->after_sub) {
        S_sub_text(f, start, end, open, false);
    } else if (n && first + olen + n + 2 == end && S_use(f, f->t + first + olen, n)) {
        const aw_template_param *p = S_param(f->c->d.model, f->t + first + olen, n);
        if (p->type == AW_TPARAM_LIST)
            S_list(f, p, end);
        else
            aw_strbuf_printf(&f->out, "{\"Ref\": \"%s\"}", p->name);
    } else {
        aw_strbuf_puts(&f->out, "{\"Fn::Sub\": ");
        S_sub_text(f, start, end, open, true);
        aw_strbuf_putc(&f->out, '}');
    }
}

/* The element whose resource the pass is in; NULL in the outputs. */
static const aw_node *S_node(const fill *f)
{
    return f->remap && f->resources && f->next_span ? f->spans[f->next_span - 1].node : NULL;
}

/* A key stays as written: a placeholder there (a field the template spells
 * as a key, such as a selection pattern) is reported, not left behind. */
static void S_key(fill *f, size_t start, size_t end)
{
    size_t olen = strlen(AW_TEXT_PARAM_OPEN), at = S_find(f, start, end, AW_TEXT_PARAM_OPEN);
    size_t n = at < end ? S_name_at(f, at + olen, end) : 0;
    if (n)
        aw_deploy_report(&f->c->d, S_node(f), NULL, "parameter '%.*s' stands in %.*s, which the template writes as a key, "
                         "where CloudFormation fills in nothing", (int)n, f->t + at + olen,
                         (int)(end - start > 120 ? 120 : end - start), f->t + start);
}

static void S_remap(fill *f)
{
    while (f->remap && f->next_span < f->span_count && f->spans[f->next_span].start <= f->pos)
        f->spans[f->next_span++].start = f->out.len;
    if (f->remap && f->end_at && f->pos == *f->end_at)
        *f->end_at = f->out.len;
}

static void S_fill(fill *f)
{
    while (f->pos < f->len) {
        S_remap(f);
        char ch = f->t[f->pos];
        if (ch != '"') {
            aw_strbuf_putc(&f->out, ch);
            f->pos++;
            if (ch == '{' || ch == '[' || ch == ',')
                f->after_sub = f->plain = false;
            continue;
        }
        size_t end = S_string_end(f, f->pos), next = S_skip_space(f, end);
        if (next < f->len && f->t[next] == ':') {
            S_key(f, f->pos, end);
            f->after_sub = end - f->pos == 9 && strncmp(f->t + f->pos, "\"Fn::Sub\"", 9) == 0;
            f->plain = !f->resources && end - f->pos == 13 && strncmp(f->t + f->pos, "\"Description\"", 13) == 0;
            aw_strbuf_put(&f->out, f->t + f->pos, end - f->pos);
            f->pos = end;
            continue;
        }
        S_value(f, f->pos, end);
        f->after_sub = f->plain = false;
    }
    S_remap(f);
}

void aw_cfn_fill_parameters(aw_cfn *c, aw_strbuf *text, aw_cfn_fill_kind kind)
{
    if ((!c->d.model->parameter_count && !c->d.model->condition_count) || !text->len)
        return;
    fill f = {c, text->data, text->len, 0, AW_STRBUF_INIT, false, false, NULL, 0, 0, NULL, kind != AW_CFN_FILL_OTHER,
              kind == AW_CFN_FILL_RESOURCES};
    if (kind == AW_CFN_FILL_RESOURCES)
        f.spans = c->spans, f.span_count = c->span_count, f.end_at = &c->resources_end;
    else if (kind == AW_CFN_FILL_OUTPUTS)
        f.spans = c->output_spans, f.span_count = c->output_span_count;
    aw_strbuf_reserve(&f.out, text->len + text->len / 16);
    S_fill(&f);
    aw_strbuf_free(text);
    *text = f.out;
}

void aw_cfn_parameter_members(aw_jw *w, const aw_parameter *p, bool with_default)
{
    static const char *const types[] = {"String", "String", "Number", "CommaDelimitedList"};
    const aw_template_param *user = p->user;
    aw_jw_member_string(w, "Type", user ? types[user->type] : "String");
    aw_jw_member_string(w, "Description", p->description);
    if (p->default_value && with_default)
        aw_jw_member_string(w, "Default", p->default_value);
    if (user && user->allowed_values.count) {
        aw_jw_key(w, "AllowedValues");
        aw_jw_array(w);
        for (size_t i = 0; i < user->allowed_values.count; i++)
            aw_jw_string(w, user->allowed_values.items[i]);
        aw_jw_end_array(w);
    }
}

void aw_cfn_parameter_value(aw_jw *w, const aw_parameter *p)
{
    const aw_template_param *user = p ? p->user : NULL;
    if (!user || user->type != AW_TPARAM_LIST) {
        aw_cfn_ref(w, p ? p->name : "");
        return;
    }
    /* A nested stack's parameters are strings: the list goes down joined. */
    aw_jw_object_inline(w);
    aw_jw_key(w, "Fn::Join");
    aw_jw_array_inline(w);
    aw_jw_string(w, ",");
    aw_cfn_ref(w, p->name);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

void aw_cfn_parameters_named(const aw_cfn *c, const char *text, size_t len, aw_subst *s)
{
    const char *seen[64];
    size_t seen_len[64], n = 0;
    aw_text_param p;
    for (const char *t = text; aw_text_param_next(t, &p) && p.start + p.len <= text + len; t = p.start + p.len) {
        const aw_template_param *decl = p.name_len ? S_param(c->d.model, p.name, p.name_len) : NULL;
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = seen_len[i] == p.name_len && strncmp(seen[i], p.name, p.name_len) == 0;
        /* A list cannot stand in the text; nor can more than the table holds. */
        if (!decl || known || decl->type == AW_TPARAM_LIST || n == sizeof seen / sizeof seen[0])
            continue;
        seen[n] = p.name;
        seen_len[n++] = p.name_len;
        aw_subst_lit(s, ", ");
        aw_subst_lit(s, decl->name);
        aw_subst_lit(s, " " AW_TEXT_PARAM_OPEN);
        aw_subst_lit(s, decl->name);
        aw_subst_lit(s, "}");
    }
}
