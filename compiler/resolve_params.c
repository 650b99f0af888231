/* Checks the diagram's deploy-time parameters and every ${param:Name} in
 * the strings of its elements and edges (through the field tables), so that
 * the template's parameters and the placeholders that use them agree. */
#include "resolve_params.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../ir/text_refs.h"
#include "string_walk.h"
#include "suggest.h"
#include "../ir/ir_fields.h"

/* CloudFormation names a parameter with at most 255 letters and digits,
 * and a template takes at most 200 of them (its quotas page). */
#define S_MAX_NAME 255
#define S_MAX_PARAMETERS 200

typedef struct paramctx {
    const aw_model *model;
    aw_diags *diags;
    size_t errors;
    bool *used;                 /* by parameter index */
    aw_suggest_budget suggest_budget;
} paramctx;

static const char *S_id(const aw_node *node) { return node ? node->id : NULL; }

/* Reports on node (NULL: the diagram), counting errors. */
#define S_report(c, sev, code, node, ...) aw_diag_add_on((c)->diags, &(c)->errors, sev, code, S_id(node), __VA_ARGS__)

/* The nearest declared name, while the budget lasts, so that many unknown
 * names cannot cost a scan of every declaration each. */
static const char *S_suggestion(paramctx *c, const char *name)
{
    const aw_model *m = c->model;
    if (!aw_suggest_budget_take(&c->suggest_budget, m->parameter_count))
        return NULL;
    aw_suggest s;
    aw_suggest_init(&s, name);
    for (size_t i = 0; i < m->parameter_count; i++)
        if (m->parameters[i].name)
            aw_suggest_try(&s, m->parameters[i].name);
    return aw_suggest_result(&s);
}

/* "'field' of 'element'", or "'field'" for the diagram's own, for messages. */
static const char *S_field(const aw_string_visit *v, char *buf, size_t size)
{
    if (v->node)
        snprintf(buf, size, "'%s' of '%.120s'", v->field, v->node->id);
    else
        snprintf(buf, size, "'%s'", v->field);
    return buf;
}

/* Where a placeholder may stand: an element's field or an edge's, never a
 * map key (CloudFormation keys are plain text) nor the diagram's own text. */
static bool S_placement_ok(paramctx *c, const aw_string_visit *v, int n, const char *start)
{
    char field[200];
    const char *where = v->key ? "a key, which a template cannot fill in"
                        : !v->node && strcmp(v->top->name, "edges") != 0 && strcmp(v->top->name, "conditions") != 0
                            ? "a field of the diagram itself; parameters fill in fields of elements and edges"
                            : NULL;
    if (where)
        S_report(c, AW_SEV_ERROR, "bad-parameter", v->node, v->loc, "%s holds %.*s in %s", S_field(v, field, sizeof field),
                 n, start, where);
    return !where;
}

static void S_placeholder(paramctx *c, const aw_string_visit *v, const aw_text_param *p)
{
    int n = (int)(p->len > 120 ? 120 : p->len);
    char field[200];
    if (!S_placement_ok(c, v, n, p->start))
        return;
    if (!p->name_len) {
        S_report(c, AW_SEV_ERROR, "bad-parameter", v->node, v->loc, "%s holds %.*s; write a parameter as "
                 "${param:NAME}, NAME letters and digits, such as ${param:StageName}", S_field(v, field, sizeof field),
                 n, p->start);
        return;
    }
    size_t index;
    char name[S_MAX_NAME + 1];
    snprintf(name, sizeof name, "%.*s", (int)(p->name_len < S_MAX_NAME ? p->name_len : S_MAX_NAME), p->name);
    const aw_template_param *decl = aw_model_param(c->model, p->name, p->name_len, &index);
    if (!decl) {
        const char *near = S_suggestion(c, name);
        S_report(c, AW_SEV_ERROR, "unknown-parameter", v->node, v->loc,
                 "%s uses parameter '%s', which the diagram's 'parameters' do not declare%s%s%s",
                 S_field(v, field, sizeof field), name,
                 near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        return;
    }
    c->used[index] = true;
    if (decl->type == AW_TPARAM_LIST && strlen(v->text) != p->len)
        S_report(c, AW_SEV_ERROR, "bad-parameter", v->node, v->loc, "%s holds list parameter '%s' among other "
                 "text; a CommaDelimitedList stands alone in its string", S_field(v, field, sizeof field), name);
}

static void S_visit(void *ctx, const aw_string_visit *v)
{
    aw_text_param p;
    for (const char *t = v->text; aw_text_param_next(t, &p); t = p.start + p.len)
        S_placeholder(ctx, v, &p);
}

static bool S_is_number(const char *text)
{
    char *end;
    if (!*text || isspace((unsigned char)*text))
        return false;
    strtod(text, &end);
    return *end == '\0';
}

static bool S_allowed(const aw_template_param *p, const char *value)
{
    for (size_t i = 0; i < p->allowed_values.count; i++)
        if (strcmp(p->allowed_values.items[i], value) == 0)
            return true;
    return !p->allowed_values.count;
}

static void S_check_values(paramctx *c, const aw_template_param *p)
{
    const aw_loc *def = aw_struct_field_loc(&aw_template_param_desc, p, "default");
    if (p->type == AW_TPARAM_NUMBER) {
        if (p->default_value && !S_is_number(p->default_value))
            S_report(c, AW_SEV_ERROR, "bad-parameter", NULL, def, "parameter '%s' is a Number, but its default "
                     "\"%.60s\" is not", p->name, p->default_value);
        for (size_t i = 0; i < p->allowed_values.count; i++)
            if (!S_is_number(p->allowed_values.items[i]))
                S_report(c, AW_SEV_ERROR, "bad-parameter", NULL, aw_struct_field_loc(&aw_template_param_desc, p, "allowedValues"),
                         "parameter '%s' is a Number, but its allowed value \"%.60s\" is not", p->name,
                         p->allowed_values.items[i]);
    }
    if (p->default_value && !S_allowed(p, p->default_value))
        S_report(c, AW_SEV_ERROR, "bad-parameter", NULL, def, "the default \"%.60s\" of parameter '%s' is not one "
                 "of its allowedValues", p->default_value, p->name);
}

static void S_check_declaration(paramctx *c, size_t i)
{
    const aw_template_param *p = &c->model->parameters[i];
    const aw_loc *loc = aw_struct_field_loc(&aw_template_param_desc, p, "name");
    size_t len = strlen(p->name), bad = strspn(p->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    size_t first;
    /* A refused declaration is not also pointed out as unused. */
    if (!len || bad != len || len > S_MAX_NAME) {
        S_report(c, AW_SEV_ERROR, "bad-parameter", NULL, loc, "parameter name \"%.60s\" may hold only letters and "
                 "digits, at most %d of them", p->name, S_MAX_NAME);
        c->used[i] = true;
    } else if (aw_model_param(c->model, p->name, len, &first) && first < i) {
        S_report(c, AW_SEV_ERROR, "duplicate-parameter", NULL, loc, "the diagram declares parameter '%s' twice",
                 p->name);
        c->used[i] = true;
    }
    S_check_values(c, p);
}

size_t aw_resolve_params(const aw_model *model, aw_diags *diags)
{
    if (model->parameter_count > S_MAX_PARAMETERS) {
        aw_diag_add(diags, AW_SEV_ERROR, "too-many-parameters", &model->parameters[S_MAX_PARAMETERS].loc,
                    "the diagram declares %zu parameters; a CloudFormation template takes at most %d",
                    model->parameter_count, S_MAX_PARAMETERS);
        return 1;
    }
    paramctx c = {model, diags, 0, calloc(model->parameter_count + 1, sizeof(bool)), {0}};
    if (!c.used)
        abort();
    aw_suggest_budget_init(&c.suggest_budget, model->parameter_count);
    for (size_t i = 0; i < model->parameter_count; i++)
        if (model->parameters[i].name)
            S_check_declaration(&c, i);
    aw_strings_walk_marked(model, S_visit, &c);
    for (size_t i = 0, k; i < model->num_param_count; i++)
        if (aw_model_param(model, model->num_params[i].name, strlen(model->num_params[i].name), &k))
            c.used[k] = true;
    for (size_t i = 0; i < model->parameter_count; i++)
        if (model->parameters[i].name && !c.used[i])
            S_report(&c, AW_SEV_WARNING, "unused-parameter", NULL, aw_struct_field_loc(&aw_template_param_desc, &model->parameters[i], "name"),
                     "parameter '%s' is declared but no field uses it; write ${param:%s} where its value goes, or "
                     "remove it", model->parameters[i].name, model->parameters[i].name);
    free(c.used);
    return c.errors;
}
