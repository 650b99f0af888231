/* Leaves out of a compiled model what one set of parameter values does
 * not deploy (conditions_apply.h). */
#include "conditions_apply.h"

#include <string.h>

#include "../ir/conditions.h"
#include "../ir/strbuf.h"
#include "resolve_num_params.h"

/* Most element ids a note names before it counts the rest. */
#define S_NAMED 10

static bool S_values_fit(aw_compilation *c, const aw_map *values)
{
    const aw_model *m = c->model;
    aw_loc where = {.file = m->loc.file};
    bool fit = true;
    for (size_t i = 0; values && i < values->count; i++) {
        const aw_template_param *p = aw_model_param(m, values->items[i].key, strlen(values->items[i].key), NULL);
        bool allowed = !p || !p->allowed_values.count;
        for (size_t k = 0; p && k < p->allowed_values.count && !allowed; k++)
            allowed = strcmp(p->allowed_values.items[k], values->items[i].value) == 0;
        if (!p || !allowed)
            aw_diag_add(&c->diags, AW_SEV_ERROR, "bad-param-value", p ? &p->loc : &where,
                        !p ? "--param %.120s: the diagram declares no parameter of that name"
                           : "--param %.120s: \"%.120s\" is not one of its allowedValues",
                        values->items[i].key, values->items[i].value);
        fit &= p && allowed;
    }
    if (!fit)
        c->status = AW_COMPILE_ERRORS;
    return fit;
}

static bool S_kept(const aw_model *m, const aw_node *node, const aw_map *values)
{
    return aw_node_deployed(m, node, values) && (!node->owner_api || aw_node_deployed(m, node->owner_api, values));
}

/* "Env=prod (given), Region=eu (default); IsProd true, NotProd false". */
static void S_assumed(const aw_model *m, const aw_map *values, aw_strbuf *out)
{
    for (size_t i = 0; i < m->parameter_count; i++) {
        const aw_template_param *p = &m->parameters[i];
        const char *given = NULL;
        for (size_t k = 0; values && k < values->count && !given; k++)
            if (strcmp(values->items[k].key, p->name) == 0)
                given = values->items[k].value;
        aw_strbuf_printf(out, "%s%.60s=%.60s (%s)", out->len ? ", " : "", p->name,
                         given ? given : p->default_value ? p->default_value : "?",
                         given ? "given" : p->default_value ? "default" : "no default");
    }
    for (size_t i = 0; i < m->condition_count; i++) {
        int v = aw_condition_value(m, m->conditions[i].name, values);
        aw_strbuf_printf(out, "%s%.60s %s", i ? ", " : "; ", m->conditions[i].name,
                         v < 0 ? "unknown" : v ? "true" : "false");
    }
}

static void S_leave_out(aw_model *m, const aw_map *values, aw_strbuf *left)
{
    size_t kept = 0, named = 0, out = 0;
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        if (S_kept(m, node, values)) {
            node->index = kept;
            m->nodes[kept++] = node;
        } else if (named++ < S_NAMED) {
            aw_strbuf_printf(left, "%s'%.60s'", out++ ? ", " : "", node->id);
        }
    }
    if (named > S_NAMED)
        aw_strbuf_printf(left, " and %zu more", named - S_NAMED);
    /* Compacting first keeps S_kept's view of every node for the edges. */
    size_t edges = 0;
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_edge *e = &m->edges[i];
        bool from = !e->from.node || S_kept(m, e->from.node, values), to = !e->to.node || S_kept(m, e->to.node, values);
        if (from && to)
            m->edges[edges++] = *e;
    }
    m->node_count = kept;
    m->edge_count = edges;
    aw_model_index(m);
}

void aw_conditions_apply(aw_compilation *c, const aw_map *values)
{
    aw_model *m = c->model;
    if ((!m->condition_count && (!values || !values->count)) || !S_values_fit(c, values))
        return;
    if (values && values->count && aw_resolve_num_params(m, values, &c->diags)) {
        c->status = AW_COMPILE_ERRORS;
        return;
    }
    aw_strbuf assumed = AW_STRBUF_INIT, left = AW_STRBUF_INIT;
    S_assumed(m, values, &assumed);
    S_leave_out(m, values, &left);
    aw_diag_add(&c->diags, AW_SEV_NOTE, "conditions-assumed", &(aw_loc){.file = m->loc.file},
                "judged as deployed with %s%s%s", assumed.data ? assumed.data : "no parameters",
                left.len ? "; left out: " : "", left.len ? left.data : "");
    aw_strbuf_free(&assumed);
    aw_strbuf_free(&left);
}
