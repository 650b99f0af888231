/* Checks the diagram's conditions, the elements deployed under them and
 * the strings that differ by them (resolve_conditions.h). */
#include "resolve_conditions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/conditions.h"
#include "../ir/ir_fields.h"
#include "../ir/text_if.h"
#include "string_walk.h"
#include "suggest.h"

/* CloudFormation's limits: logical names of letters and digits, at most
 * 255 of them; Fn::And and Fn::Or take 2 to 10 conditions. */
#define S_MAX_NAME 255
#define S_MIN_OPERANDS 2
#define S_MAX_OPERANDS 10

typedef struct condctx {
    const aw_model *model;
    aw_diags *diags;
    size_t errors;
    bool *used;                 /* by condition index */
    unsigned char *state;       /* cycle search: 0 new, 1 on the path, 2 done */
    aw_suggest_budget suggest_budget;
} condctx;

static const char *S_id(const aw_node *node) { return node ? node->id : NULL; }

/* Reports on node (NULL: the diagram), counting errors. */
#define S_report(c, sev, code, node, ...) aw_diag_add_on((c)->diags, &(c)->errors, sev, code, S_id(node), __VA_ARGS__)

static const aw_loc *S_cond_loc(const aw_condition *cond, const char *field)
{
    return aw_struct_field_loc(&aw_condition_desc, cond, field);
}

/* The condition `name` names, marked used; NULL (reported at loc) when the
 * diagram declares none by that name. */
static const aw_condition *S_use(condctx *c, const aw_node *node, const aw_loc *loc, const char *what,
                                 const char *name, size_t len)
{
    const aw_condition *cond = aw_condition_find(c->model, name, len);
    if (cond) {
        c->used[cond - c->model->conditions] = true;
        return cond;
    }
    char word[S_MAX_NAME + 1];
    snprintf(word, sizeof word, "%.*s", (int)(len < S_MAX_NAME ? len : S_MAX_NAME), name);
    const char *near = NULL;
    if (aw_suggest_budget_take(&c->suggest_budget, c->model->condition_count)) {
        aw_suggest s;
        aw_suggest_init(&s, word);
        for (size_t i = 0; i < c->model->condition_count; i++)
            if (c->model->conditions[i].name)
                aw_suggest_try(&s, c->model->conditions[i].name);
        near = aw_suggest_result(&s);
    }
    S_report(c, AW_SEV_ERROR, "unknown-condition", node, loc,
             "%s names condition '%.120s', which the diagram's 'conditions' do not declare%s%s%s", what, word,
             near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return NULL;
}

/* ---- declarations ------------------------------------------------------ */

static void S_check_operands(condctx *c, const aw_condition *cond, const char *field, const aw_strings *ops)
{
    char what[300];
    snprintf(what, sizeof what, "'%s' of condition '%.120s'", field, cond->name);
    if (ops->count < S_MIN_OPERANDS || ops->count > S_MAX_OPERANDS)
        S_report(c, AW_SEV_ERROR, "bad-condition", NULL, S_cond_loc(cond, field),
                 "%s lists %zu condition%s; CloudFormation's Fn::%s takes %d to %d", what, ops->count,
                 ops->count == 1 ? "" : "s",
                 strcmp(field, "and") == 0 ? "And" : "Or", S_MIN_OPERANDS, S_MAX_OPERANDS);
    for (size_t i = 0; i < ops->count; i++)
        S_use(c, NULL, S_cond_loc(cond, field), what, ops->items[i], strlen(ops->items[i]));
}

static void S_check_form(condctx *c, const aw_condition *cond)
{
    int forms = (cond->equals.count > 0) + (cond->not_ != NULL) + (cond->and_.count > 0) + (cond->or_.count > 0);
    if (forms != 1) {
        S_report(c, AW_SEV_ERROR, "bad-condition", NULL, &cond->loc, "condition '%.120s' %s; give exactly one of "
                 "'equals', 'not', 'and' and 'or'", cond->name, forms ? "combines several forms" : "says nothing");
        return;
    }
    if (cond->equals.count && cond->equals.count != 2)
        S_report(c, AW_SEV_ERROR, "bad-condition", NULL, S_cond_loc(cond, "equals"),
                 "'equals' of condition '%.120s' holds %zu values; it compares exactly two", cond->name,
                 cond->equals.count);
    for (size_t i = 0; i < cond->equals.count; i++)
        if (aw_text_if_any(cond->equals.items[i]))
            S_report(c, AW_SEV_ERROR, "bad-condition", NULL, S_cond_loc(cond, "equals"),
                     "'equals' of condition '%.120s' holds ${if:...}; combine conditions with 'and', 'or' and 'not'",
                     cond->name);
    char what[300];
    snprintf(what, sizeof what, "'not' of condition '%.120s'", cond->name);
    if (cond->not_)
        S_use(c, NULL, S_cond_loc(cond, "not"), what, cond->not_, strlen(cond->not_));
    if (cond->and_.count)
        S_check_operands(c, cond, "and", &cond->and_);
    if (cond->or_.count)
        S_check_operands(c, cond, "or", &cond->or_);
}

static void S_check_declaration(condctx *c, size_t i)
{
    const aw_condition *cond = &c->model->conditions[i];
    const aw_loc *loc = S_cond_loc(cond, "name");
    size_t len = strlen(cond->name);
    size_t ok = strspn(cond->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    /* A refused declaration is not also pointed out as unused. */
    if (!len || ok != len || len > S_MAX_NAME) {
        S_report(c, AW_SEV_ERROR, "bad-condition", NULL, loc, "condition name \"%.60s\" may hold only letters and "
                 "digits, at most %d of them", cond->name, S_MAX_NAME);
        c->used[i] = true;
    } else if (aw_condition_find(c->model, cond->name, len) != cond) {
        S_report(c, AW_SEV_ERROR, "duplicate-condition", NULL, loc, "the diagram declares condition '%s' twice",
                 cond->name);
        c->used[i] = true;
    }
    for (size_t k = 0; k < c->model->parameter_count; k++)
        if (c->model->parameters[k].name && strcmp(c->model->parameters[k].name, cond->name) == 0)
            S_report(c, AW_SEV_ERROR, "duplicate-condition", NULL, loc, "condition '%.120s' has the name of a "
                     "parameter; give it a name of its own", cond->name);
    S_check_form(c, cond);
}

/* The operands of a condition, whichever form it takes. */
static const aw_strings *S_operands(const aw_condition *cond, aw_strings *one, const char **slot)
{
    if (cond->not_) {
        *slot = cond->not_;
        one->items = slot;
        one->count = 1;
        return one;
    }
    return cond->and_.count ? &cond->and_ : &cond->or_;
}

/* Depth-first over the operands; a condition met again on the path closes
 * a cycle, which CloudFormation refuses. */
static bool S_cycle_from(condctx *c, size_t i)
{
    const aw_model *m = c->model;
    if (c->state[i] == 2)
        return false;
    if (c->state[i] == 1) {
        S_report(c, AW_SEV_ERROR, "condition-cycle", NULL, S_cond_loc(&m->conditions[i], "name"),
                 "condition '%.120s' depends on itself through its operands", m->conditions[i].name);
        return true;
    }
    c->state[i] = 1;
    aw_strings one;
    const char *slot;
    const aw_strings *ops = S_operands(&m->conditions[i], &one, &slot);
    bool cycle = false;
    for (size_t k = 0; k < ops->count && !cycle; k++) {
        const aw_condition *next = aw_condition_find(m, ops->items[k], strlen(ops->items[k]));
        cycle = next && S_cycle_from(c, (size_t)(next - m->conditions));
    }
    c->state[i] = 2;
    return cycle;
}

/* ---- elements -------------------------------------------------------- */

/* Elements the template does not create: a condition would change nothing. */
static bool S_deployable(const aw_node *node)
{
    return node->kind != AW_KIND_LOAD_BALANCER && node->kind != AW_KIND_DATASTORE &&
           node->kind != AW_KIND_HTTP_BACKEND;
}

static bool S_same(const char *a, const char *b)
{
    return !b || (a && strcmp(a, b) == 0);
}

/* owner uses target; target's resources exist only under its condition,
 * so owner's must too. */
static void S_check_use(condctx *c, const aw_node *owner, const aw_loc *loc, const aw_node *target)
{
    if (!target || S_same(owner->condition, target->condition))
        return;
    aw_diag *d = S_report(c, AW_SEV_ERROR, "condition-mismatch", owner, loc,
                          "'%.120s' %s uses '%.120s', which is deployed only under condition '%.120s'; give '%.120s' "
                          "'condition': \"%.120s\" too, or take the condition off '%.120s'",
                          owner->id, owner->condition ? "has another condition and" : "is always deployed but",
                          target->id, target->condition, owner->id, target->condition, target->id);
    aw_diag_set_related(c->diags, d, aw_node_field_loc(target, "condition"), "'%s' takes its condition here",
                        target->id);
}

static void S_check_refs(condctx *c, const aw_node *owner, const aw_struct_desc *desc, const void *base)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        const void *p = aw_field_ptr((void *)base, f);
        if (f->type == AW_F_REF) {
            S_check_use(c, owner, &((const aw_ref *)p)->loc, ((const aw_ref *)p)->node);
        } else if (f->type == AW_F_REFS) {
            const aw_refs *refs = p;
            for (size_t k = 0; k < refs->count; k++)
                S_check_use(c, owner, &refs->items[k].loc, refs->items[k].node);
        } else if (f->type == AW_F_OBJECT && *(void *const *)p) {
            S_check_refs(c, owner, f->sub, *(const void *const *)p);
        } else if (f->type == AW_F_OBJECTS) {
            const char *items;
            size_t n = aw_field_objects(f, base, &items);
            for (size_t k = 0; k < n; k++)
                S_check_refs(c, owner, f->sub, items + k * f->sub->size);
        }
    }
}

/* A route deployed under a condition its API does not have: a deployment
 * is one snapshot that waits for every route (a REST API's, whether its
 * routes are one OpenAPI body or Method resources its DependsOn names, or
 * a V2 stage's without autoDeploy), and a condition can leave none out. */
static void S_check_route(condctx *c, const aw_node *route)
{
    const aw_node *api = route->as.route.api.node;
    if (!api || api->condition)        /* another condition of the API's is a mismatch already */
        return;
    const char *why = NULL;
    if (api->as.api.type == AW_API_REST)
        why = "a REST API's stages serve a deployment, one snapshot that waits for every route and cannot leave one "
              "out by condition";
    else if (route->as.route.throttle)
        why = "its throttle is written into every stage's route settings, which cannot leave it out by condition";
    for (size_t i = 0; i < c->model->node_count && !why; i++) {
        const aw_node *n = c->model->nodes[i];
        if (n->kind == AW_KIND_STAGE && n->as.stage.api.node == api && !n->as.stage.auto_deploy)
            why = "a stage of its API without 'autoDeploy' is deployed by a snapshot that waits for every route";
    }
    if (why)
        S_report(c, AW_SEV_ERROR, "condition-mismatch", route, aw_node_field_loc(route, "condition"),
                 "route '%.120s' has condition '%.120s', which its API '%.120s' has not: %s; give the API the "
                 "condition, or draw the route in an API of its own", route->id, route->condition, api->id, why);
}

static void S_check_node(condctx *c, const aw_node *node)
{
    if (node->condition) {
        const aw_loc *loc = aw_node_field_loc(node, "condition");
        char what[300];
        snprintf(what, sizeof what, "'condition' of '%.120s'", node->id);
        if (!S_use(c, node, loc, what, node->condition, strlen(node->condition)))
            return;
        if (!S_deployable(node)) {
            S_report(c, AW_SEV_ERROR, "bad-condition", node, loc, "'%.120s' has a condition, but the template does "
                     "not create it (a %s); put the condition on the elements that use it", node->id,
                     aw_kind_descs[node->kind].doc);
            return;
        }
    }
    if (!S_deployable(node))
        return;
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    S_check_refs(c, node, kd->desc, (const char *)node + kd->union_offset);
    if (node->kind == AW_KIND_ROUTE && node->condition)
        S_check_route(c, node);
    /* An integration's or authorizer's resource names the API of the
     * routes that use it, though no field of it does. */
    if ((node->kind == AW_KIND_INTEGRATION || node->kind == AW_KIND_AUTHORIZER) && node->owner_api)
        S_check_use(c, node, &node->loc, node->owner_api);
}

static void S_check_edges(condctx *c)
{
    for (size_t i = 0; i < c->model->edge_count; i++) {
        const aw_edge *e = &c->model->edges[i];
        const aw_node *from = e->from.node, *to = e->to.node;
        if (from && to && S_deployable(from) && S_deployable(to))
            S_check_use(c, from, &e->loc, to);
    }
}

/* ---- strings that differ by a condition --------------------------------- */

static size_t S_count(const char *text, const char *marker)
{
    size_t n = 0;
    for (const char *t = strstr(text, marker); t; t = strstr(t + 1, marker))
        n++;
    return n;
}

/* One ${if:NAME}...${end}, with at most one ${else} between. */
static bool S_one_choice(const char *text, const aw_text_if *it)
{
    return S_count(text, AW_TEXT_IF_OPEN) == 1 && S_count(text, AW_TEXT_IF_END) == 1 &&
           S_count(text, AW_TEXT_IF_ELSE) == (it->else_text ? 1u : 0u);
}

static void S_visit(void *ctx, const aw_string_visit *v)
{
    condctx *c = ctx;
    if (!aw_text_if_any(v->text) || (v->node == NULL && strcmp(v->top->name, "conditions") == 0))
        return;
    char field[300];
    if (v->node)
        snprintf(field, sizeof field, "'%s' of '%.120s'", v->field, v->node->id);
    else
        snprintf(field, sizeof field, "'%s'", v->field);
    aw_text_if it;
    bool found = aw_text_if_next(v->text, &it);
    const char *where = v->key ? "a key, which a template cannot choose"
                        : !v->node && strcmp(v->top->name, "edges") != 0 ? "a field of the diagram itself"
                        : !found || !it.name_len || !it.len
                            ? "a malformed choice; write ${if:NAME}THEN${else}ELSE${end}, NAME a condition"
                        : !S_one_choice(v->text, &it)
                            ? "more than one choice; a string holds one ${if:NAME}...${end}"
                            : NULL;
    if (where) {
        S_report(c, AW_SEV_ERROR, "bad-condition", v->node, v->loc, "%s holds %.120s: %s", field, v->text, where);
        return;
    }
    S_use(c, v->node, v->loc, field, it.name, it.name_len);
}

size_t aw_resolve_conditions(const aw_model *model, aw_diags *diags)
{
    size_t n = model->condition_count;
    condctx c = {model, diags, 0, calloc(n + 1, sizeof(bool)), calloc(n + 1, 1), {0}};
    if (!c.used || !c.state)
        abort();
    aw_suggest_budget_init(&c.suggest_budget, n);
    for (size_t i = 0; i < n; i++)
        if (model->conditions[i].name)
            S_check_declaration(&c, i);
    for (size_t i = 0; i < n; i++)
        if (model->conditions[i].name)
            S_cycle_from(&c, i);
    for (size_t i = 0; i < model->node_count; i++)
        S_check_node(&c, model->nodes[i]);
    S_check_edges(&c);
    aw_strings_walk_marked(model, S_visit, &c);
    for (size_t i = 0; i < n; i++)
        if (model->conditions[i].name && !c.used[i])
            S_report(&c, AW_SEV_WARNING, "unused-condition", NULL, S_cond_loc(&model->conditions[i], "name"),
                     "condition '%s' is declared but no element, ${if:...} or other condition uses it; use it or "
                     "remove it", model->conditions[i].name);
    free(c.used);
    free(c.state);
    return c.errors;
}
