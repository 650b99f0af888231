/* AW-THR-009: whether the API keys clients send can be accepted at all: a
 * disabled key, or one in no usage plan of the client's stage, is refused on
 * every call. Catalogue entry: rules.c. */
#include <stdlib.h>

#include "../../ir/ir_fields.h"
#include "rules.h"

/* The usage plans that name each node (a stage they cover, or a key they
 * list), by node index: plans of node n are plan[start[n]] up to
 * plan[start[n + 1]]. */
typedef struct S_plans_of {
    size_t *start;
    size_t *plan;
} S_plans_of;

static const aw_refs *S_refs(const aw_node *plan, bool keys)
{
    return keys ? &plan->as.usage_plan.api_keys : &plan->as.usage_plan.stages;
}

static bool S_plans_of_build(const aw_model *m, bool keys, S_plans_of *g)
{
    size_t n = m->node_count, total = 0;
    for (size_t i = 0; i < n; i++)
        total += m->nodes[i]->kind == AW_KIND_USAGE_PLAN ? S_refs(m->nodes[i], keys)->count : 0;
    g->start = calloc(n + 2, sizeof *g->start);
    g->plan = malloc((total ? total : 1) * sizeof *g->plan);
    if (!g->start || !g->plan)
        return false;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const aw_refs *refs = m->nodes[i]->kind == AW_KIND_USAGE_PLAN ? S_refs(m->nodes[i], keys) : NULL;
            for (size_t k = 0; refs && k < refs->count; k++) {
                if (!refs->items[k].node)
                    continue;
                size_t at = refs->items[k].node->index;
                if (pass == 0)
                    g->start[at + 2]++;
                else
                    g->plan[g->start[at + 1]++] = i;
            }
        }
        for (size_t a = 0; pass == 0 && a < n; a++)
            g->start[a + 2] += g->start[a + 1];
    }
    return true;
}

/* Whether a plan that covers stage lists key, or lists no key at all (its
 * keys are then managed outside the diagram); mark[] holds, per plan, the
 * stamp of the last client whose key it lists. */
static bool S_key_accepted(const aw_model *m, const S_plans_of *by_key, const S_plans_of *by_stage, size_t *mark,
                           size_t stamp, const aw_node *stage, const aw_node *key)
{
    for (size_t k = by_key->start[key->index]; k < by_key->start[key->index + 1]; k++)
        mark[by_key->plan[k]] = stamp;
    for (size_t k = by_stage->start[stage->index]; k < by_stage->start[stage->index + 1]; k++) {
        size_t plan = by_stage->plan[k];
        if (mark[plan] == stamp || m->nodes[plan]->as.usage_plan.api_keys.count == 0)
            return true;
    }
    return false;
}

/* Whether the client calls a route that requires a key: only those check
 * it. A client without a mix calls every route of its stage's API. */
static bool S_needs_key(const aw_node *client, const aw_node *stage)
{
    const aw_client *c = &client->as.client;
    for (size_t i = 0; i < c->mix_count; i++)
        if (c->mix[i].route.node && c->mix[i].route.node->as.route.api_key_required)
            return true;
    return c->mix_count == 0 && stage->owner_api;
}

static void S_check_client(aw_lint_ctx *ctx, const aw_node *client, const S_plans_of *by_key,
                           const S_plans_of *by_stage, size_t *mark)
{
    const aw_node *key = client->as.client.api_key.node, *stage = client->as.client.stage.node;
    if (!key || key->kind != AW_KIND_API_KEY || !stage || !S_needs_key(client, stage))
        return;
    aw_diag *d;
    if (!key->as.api_key.enabled) {
        d = aw_lint_report(ctx, client, aw_node_field_loc(client, "apiKey"), aw_node_field_loc(key, "enabled"),
                           "client '%s' sends API key '%s', which is disabled: API Gateway refuses every call with "
                           "403 Forbidden",
                           client->id, key->id);
        aw_lint_relate(ctx, d, "API key '%s' is disabled here", key->id);
    } else if (!S_key_accepted(ctx->model, by_key, by_stage, mark, client->index + 1, stage, key)) {
        d = aw_lint_report(ctx, client, aw_node_field_loc(client, "apiKey"), &key->loc,
                           "client '%s' sends API key '%s', which no usage plan covering stage '%s' lists: API "
                           "Gateway refuses its calls that need a key with 403 Forbidden",
                           client->id, key->id, stage->id);
        aw_lint_relate(ctx, d, "API key '%s' is declared here", key->id);
    }
}

void aw_thr009_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    S_plans_of by_key = {0}, by_stage = {0};
    size_t *mark = calloc(m->node_count ? m->node_count : 1, sizeof *mark);
    if (mark && S_plans_of_build(m, true, &by_key) && S_plans_of_build(m, false, &by_stage))
        for (size_t i = 0; i < m->node_count; i++)
            if (m->nodes[i]->kind == AW_KIND_CLIENT)
                S_check_client(ctx, m->nodes[i], &by_key, &by_stage, mark);
    free(by_key.start), free(by_key.plan), free(by_stage.start), free(by_stage.plan);
    free(mark);
}
