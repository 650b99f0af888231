/* Throttling rules (AW-THR-*): whether stages, routes and usage plans set
 * token buckets that make sense against each other and against the
 * account's regional quota, and whether API keys can be used at all.
 * Catalogue entries: rules.c. */
#include <stdlib.h>
#include <string.h>

#include "../../ir/aws_limits.h"
#include "../../ir/ir_fields.h"
#include "rules.h"

/* ---- helpers ------------------------------------------------------------- */

/* One throttle wherever it is written: a stage's default, a stage's
 * override for a route, a route's own, or a usage plan's per-key one. The
 * two throttle structs differ, so this keeps what the rules compare and
 * how to find the written fields again. */
typedef struct S_limit {
    const aw_node *node;        /* the element that holds it */
    aw_kind kind;               /* that element's kind, for the field path */
    const char *path;           /* field path from the node to the object */
    const void *obj;            /* the throttle object */
    double rate;
    int64_t burst;
    const aw_node *route;       /* the route an override is for, else NULL */
} S_limit;

static S_limit S_from_throttle(const aw_node *node, const char *path, const aw_throttle *t)
{
    return (S_limit){node, node->kind, path, t, t->rate, t->burst, NULL};
}

/* A routeThrottles entry of a stage or a usage plan. */
static S_limit S_from_override(const aw_node *holder, const aw_route_throttle *rt)
{
    return (S_limit){holder, holder->kind, "routeThrottles", rt, rt->rate, rt->burst, rt->route.node};
}

static const aw_loc *S_loc(const S_limit *l, const char *field)
{
    return aw_lint_sub_field_loc(l->kind, l->path, l->obj, field);
}

/* "stage 'prod'", "the override of route 'r' in stage 'prod'", ... */
static const char *S_label(const S_limit *l, char *buf, size_t size)
{
    if (l->route)
        snprintf(buf, size, "the override of route '%s' in %s '%s'", l->route->id,
                 l->node->kind == AW_KIND_USAGE_PLAN ? "usage plan" : "stage", l->node->id);
    else
        snprintf(buf, size, "%s '%s'", l->node->kind == AW_KIND_USAGE_PLAN ? "usage plan" : aw_kind_name(l->node->kind),
                 l->node->id);
    return buf;
}

/* The account's throttle: the diagram's accountThrottle, or the lowest
 * default among its regions. */
static S_limit S_account(const aw_model *m)
{
    S_limit l = {0};
    aw_account_throttle(m, &l.rate, &l.burst, NULL);
    return l;
}

/* Where the account's throttle comes from, for a message: "" for AWS's
 * usual default. */
static const char *S_account_origin(const aw_model *m, char *buf, size_t size)
{
    double rate;
    int64_t burst;
    const char *low;
    aw_account_throttle(m, &rate, &burst, &low);
    if (m->account_throttle)
        snprintf(buf, size, " (the diagram's accountThrottle)");
    else if (low)
        snprintf(buf, size, " (the default in %s, one of the regions that start lower)", low);
    else
        buf[0] = '\0';
    return buf;
}

/* Numbers as a diagram would write them: 100, 12.5. */
static const char *S_num(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    return buf;
}

static const aw_node *S_api_of(const aw_node *node)
{
    const aw_ref *api = node->kind == AW_KIND_ROUTE ? &node->as.route.api : &node->as.stage.api;
    return api->node;
}

/* Nodes grouped by their API, in diagram order: those of the API at node
 * index a are items[start[a]] up to items[start[a + 1]]. Built in one
 * pass, so that a rule visits an API's stages or routes without walking
 * the whole diagram once per stage or route. */
typedef struct S_by_api {
    size_t *start;
    const aw_node **items;
} S_by_api;

/* Groups the nodes keep() keeps (each must have an API). False, with
 * nothing to free, on failure. */
static bool S_by_api_build(const aw_model *m, bool (*keep)(const aw_node *node), S_by_api *g)
{
    size_t n = m->node_count;
    g->start = calloc(n + 2, sizeof *g->start);
    g->items = malloc((n ? n : 1) * sizeof *g->items);
    if (!g->start || !g->items) {
        free(g->start), free(g->items);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (keep(m->nodes[i]))
            g->start[S_api_of(m->nodes[i])->index + 2]++;
    for (size_t a = 0; a < n; a++)
        g->start[a + 2] += g->start[a + 1];
    /* start[a + 1] now counts what was placed before API a's items; it
     * ends, once they are placed, as start[a + 1]: the end of API a. */
    for (size_t i = 0; i < n; i++)
        if (keep(m->nodes[i]))
            g->items[g->start[S_api_of(m->nodes[i])->index + 1]++] = m->nodes[i];
    return true;
}

static void S_by_api_free(S_by_api *g)
{
    free(g->start);
    free(g->items);
}

static bool S_is_stage(const aw_node *node)
{
    return node->kind == AW_KIND_STAGE && S_api_of(node);
}

static bool S_is_throttled_route(const aw_node *node)
{
    return node->kind == AW_KIND_ROUTE && node->as.route.throttle && S_api_of(node);
}

/* Marks, in mark[] by node index, the routes the stage overrides: mark
 * holds stamp for them afterwards. Returns how many distinct routes
 * without a throttle of their own (open routes) the stage overrides. */
static size_t S_mark_overrides(const aw_node *stage, size_t *mark, size_t stamp)
{
    const aw_stage *s = &stage->as.stage;
    size_t open = 0;
    for (size_t i = 0; i < s->route_throttle_count; i++) {
        const aw_node *route = s->route_throttles[i].route.node;
        if (!route || mark[route->index] == stamp)
            continue;
        mark[route->index] = stamp;
        open += !route->as.route.throttle && S_api_of(route) == S_api_of(stage);
    }
    return open;
}

/* Calls visit on every throttle of the model, usage plans' included. */
static void S_each_limit(aw_lint_ctx *ctx, void (*visit)(aw_lint_ctx *, const S_limit *))
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *node = ctx->model->nodes[i];
        S_limit l;
        if (node->kind == AW_KIND_STAGE) {
            const aw_stage *s = &node->as.stage;
            if (s->throttle) {
                l = S_from_throttle(node, "throttle", s->throttle);
                visit(ctx, &l);
            }
            for (size_t k = 0; k < s->route_throttle_count; k++) {
                l = S_from_override(node, &s->route_throttles[k]);
                visit(ctx, &l);
            }
        } else if (node->kind == AW_KIND_ROUTE && node->as.route.throttle) {
            l = S_from_throttle(node, "throttle", node->as.route.throttle);
            visit(ctx, &l);
        } else if (node->kind == AW_KIND_USAGE_PLAN && node->as.usage_plan.throttle) {
            l = S_from_throttle(node, "throttle", node->as.usage_plan.throttle);
            visit(ctx, &l);
        }
    }
}

/* Reports `inner` when it lets through more than `outer`, the throttle it
 * is meant to sit under; `outer_what` names that one in the message ("the
 * default throttle of stage 'prod'"). */
static void S_report_above(aw_lint_ctx *ctx, const S_limit *inner, const S_limit *outer, const char *outer_what)
{
    if (inner->rate <= outer->rate && inner->burst <= outer->burst)
        return;
    char label[160], r1[32], r2[32];
    bool rate = inner->rate > outer->rate;
    const char *field = rate ? "rate" : "burst";
    aw_diag *d = aw_lint_report(ctx, inner->node, S_loc(inner, field), S_loc(outer, field),
                                "%s allows %s requests/s with a burst of %lld, more than %s (%s requests/s, burst "
                                "%lld)",
                                S_label(inner, label, sizeof label), S_num(inner->rate, r1, sizeof r1),
                                (long long)inner->burst, outer_what, S_num(outer->rate, r2, sizeof r2),
                                (long long)outer->burst);
    aw_lint_relate(ctx, d, "%s is set here", outer_what);
}

/* ---- AW-THR-001: stage without a throttle ---------------------------------- */

/* A stage without a default throttle is still bounded when every route of
 * its API has a throttle there: its own, or the stage's override. Per API,
 * routes[] counts its routes and open[] those without their own. */
void aw_thr001_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    size_t n = m->node_count ? m->node_count : 1;
    size_t *routes = calloc(n, sizeof *routes), *open = calloc(n, sizeof *open), *mark = calloc(n, sizeof *mark);
    for (size_t i = 0; routes && open && mark && i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        if (route->kind != AW_KIND_ROUTE || !S_api_of(route))
            continue;
        routes[S_api_of(route)->index]++;
        open[S_api_of(route)->index] += !route->as.route.throttle;
    }
    for (size_t i = 0; routes && open && mark && i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind != AW_KIND_STAGE || node->as.stage.throttle || !S_api_of(node))
            continue;
        size_t a = S_api_of(node)->index;
        if (routes[a] > 0 && S_mark_overrides(node, mark, i + 1) == open[a])
            continue;
        aw_lint_report(ctx, node, aw_node_field_loc(node, "throttle"), NULL,
                       "stage '%s' has no throttle, so its routes draw on the account-level limit shared by every "
                       "API in the region",
                       node->id);
    }
    free(routes), free(open), free(mark);
}

/* ---- AW-THR-002: burst too small for its rate ------------------------------- */

/* Half a second of traffic, AWS's own ratio for the account, is enough for
 * ordinary arrival jitter. A burst may not exceed the account's (AW-THR-003),
 * so one at the account's burst is as high as it can be, whatever the rate. */
static void S_burst_too_small(aw_lint_ctx *ctx, const S_limit *l)
{
    if ((l->burst > 0 && (double)l->burst * 2.0 >= l->rate) || l->burst >= S_account(ctx->model).burst ||
        l->rate <= 0)
        return;
    char label[160], r[32];
    if (l->burst <= 0)
        aw_lint_report(ctx, l->node, S_loc(l, "burst"), NULL,
                       "%s has a burst of 0, so it refuses every request with 429 whatever its rate of %s "
                       "requests/s",
                       S_label(l, label, sizeof label), S_num(l->rate, r, sizeof r));
    else
        aw_lint_report(ctx, l->node, S_loc(l, "burst"), NULL,
                       "%s has a burst of %lld, less than half a second of its rate of %s requests/s",
                       S_label(l, label, sizeof label), (long long)l->burst, S_num(l->rate, r, sizeof r));
}

void aw_thr002_check(aw_lint_ctx *ctx)
{
    S_each_limit(ctx, S_burst_too_small);
}

/* ---- AW-THR-003: above the account quota ----------------------------------- */

static void S_above_account(aw_lint_ctx *ctx, const S_limit *l)
{
    S_limit account = S_account(ctx->model);
    if (l->rate <= account.rate && l->burst <= account.burst)
        return;
    char label[160], r[32], ar[32], whence[96];
    bool rate = l->rate > account.rate;
    aw_lint_report(ctx, l->node, S_loc(l, rate ? "rate" : "burst"), NULL,
                   "%s allows %s requests/s with a burst of %lld, beyond the account's regional quota of %s "
                   "requests/s and burst %lld%s",
                   S_label(l, label, sizeof label), S_num(l->rate, r, sizeof r), (long long)l->burst,
                   S_num(account.rate, ar, sizeof ar), (long long)account.burst, S_account_origin(ctx->model, whence,
                                                                                                  sizeof whence));
}

void aw_thr003_check(aw_lint_ctx *ctx)
{
    S_each_limit(ctx, S_above_account);
}

/* ---- AW-THR-004: route override above its stage ------------------------------ */

/* Each of a stage's or usage plan's route throttles above its holder's
 * wider throttle t; what names t ("the default throttle of stage"). */
static void S_overrides_above(aw_lint_ctx *ctx, const aw_node *holder, const aw_throttle *t, const char *what,
                              const aw_route_throttle *list, size_t count)
{
    S_limit outer = S_from_throttle(holder, "throttle", t);
    char label[200];
    snprintf(label, sizeof label, "%s '%s'", what, holder->id);
    for (size_t k = 0; k < count; k++) {
        S_limit inner = S_from_override(holder, &list[k]);
        S_report_above(ctx, &inner, &outer, label);
    }
}

void aw_thr004_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    S_by_api throttled;     /* routes with a throttle of their own */
    size_t *mark = calloc(m->node_count ? m->node_count : 1, sizeof *mark);
    if (!mark || !S_by_api_build(m, S_is_throttled_route, &throttled)) {
        free(mark);
        return;
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *stage = m->nodes[i];
        if (stage->kind != AW_KIND_STAGE || !stage->as.stage.throttle || !S_api_of(stage))
            continue;
        const aw_stage *s = &stage->as.stage;
        S_overrides_above(ctx, stage, s->throttle, "the default throttle of stage", s->route_throttles,
                          s->route_throttle_count);
        S_limit outer = S_from_throttle(stage, "throttle", s->throttle);
        char what[160];
        snprintf(what, sizeof what, "the default throttle of stage '%s'", stage->id);
        /* A route's own throttle, where the stage does not override it. */
        S_mark_overrides(stage, mark, i + 1);
        size_t a = S_api_of(stage)->index;
        for (size_t k = throttled.start[a]; k < throttled.start[a + 1]; k++) {
            const aw_node *route = throttled.items[k];
            if (mark[route->index] == i + 1)
                continue;
            S_limit inner = S_from_throttle(route, "throttle", route->as.route.throttle);
            S_report_above(ctx, &inner, &outer, what);
        }
    }
    S_by_api_free(&throttled);
    free(mark);
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_usage_plan *p = &m->nodes[i]->as.usage_plan;
        if (m->nodes[i]->kind == AW_KIND_USAGE_PLAN && p->throttle)
            S_overrides_above(ctx, m->nodes[i], p->throttle, "the per-key throttle of usage plan",
                              p->route_throttles, p->route_throttle_count);
    }
}

/* ---- AW-THR-005: usage plan above a stage it covers -------------------------- */

void aw_thr005_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *plan = ctx->model->nodes[i];
        if (plan->kind != AW_KIND_USAGE_PLAN || !plan->as.usage_plan.throttle)
            continue;
        const aw_usage_plan *p = &plan->as.usage_plan;
        S_limit inner = S_from_throttle(plan, "throttle", p->throttle);
        for (size_t k = 0; k < p->stages.count; k++) {
            const aw_node *stage = p->stages.items[k].node;
            if (!stage || stage->kind != AW_KIND_STAGE || !stage->as.stage.throttle)
                continue;
            S_limit outer = S_from_throttle(stage, "throttle", stage->as.stage.throttle);
            char what[160];
            snprintf(what, sizeof what, "the throttle of covered stage '%s'", stage->id);
            S_report_above(ctx, &inner, &outer, what);
        }
    }
}

/* ---- AW-THR-006: usage plan without a quota ---------------------------------- */

void aw_thr006_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *plan = ctx->model->nodes[i];
        if (plan->kind == AW_KIND_USAGE_PLAN && !plan->as.usage_plan.quota)
            aw_lint_report(ctx, plan, aw_node_field_loc(plan, "quota"), NULL,
                           "usage plan '%s' sets no quota, so a key may make unlimited requests over a day, week "
                           "or month",
                           plan->id);
    }
}

/* ---- AW-THR-007: API key required, no usage plan ----------------------------- */

/* A plan that lists keys accepts only its enabled ones; one that lists none
 * has its keys managed outside the diagram. */
static bool S_plan_accepts_keys(const aw_usage_plan *plan)
{
    for (size_t k = 0; k < plan->api_keys.count; k++) {
        const aw_node *key = plan->api_keys.items[k].node;
        if (key && key->kind == AW_KIND_API_KEY && key->as.api_key.enabled)
            return true;
    }
    return plan->api_keys.count == 0;
}

void aw_thr007_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    /* Which stages some usage plan covers, by node index: one pass over
     * the plans instead of one per route and stage. */
    bool *covered = calloc(m->node_count ? m->node_count : 1, sizeof *covered);
    S_by_api stages;
    if (!covered || !S_by_api_build(m, S_is_stage, &stages)) {
        free(covered);
        return;
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *plan = m->nodes[i];
        if (plan->kind != AW_KIND_USAGE_PLAN || !S_plan_accepts_keys(&plan->as.usage_plan))
            continue;
        for (size_t k = 0; k < plan->as.usage_plan.stages.count; k++) {
            const aw_node *stage = plan->as.usage_plan.stages.items[k].node;
            if (stage)
                covered[stage->index] = true;
        }
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        if (route->kind != AW_KIND_ROUTE || !route->as.route.api_key_required || !S_api_of(route))
            continue;
        size_t a = S_api_of(route)->index;
        for (size_t k = stages.start[a]; k < stages.start[a + 1]; k++) {
            const aw_node *stage = stages.items[k];
            if (covered[stage->index])
                continue;
            aw_diag *d = aw_lint_report(ctx, route, aw_node_field_loc(route, "apiKeyRequired"), &stage->loc,
                                        "route '%s' requires an API key, but no usage plan covers stage '%s', so "
                                        "every call to it there is refused with 403 Forbidden",
                                        route->id, stage->id);
            aw_lint_relate(ctx, d, "stage '%s' is declared here", stage->id);
        }
    }
    S_by_api_free(&stages);
    free(covered);
}

/* ---- AW-THR-008: WebSocket connections above the account's quota ------------- */

/* What every WebSocket $connect route may accept, summed: the quota of new
 * connections is the account's, across all its WebSocket APIs. */
void aw_thr008_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    double *rates = aw_route_rate_limits(m);
    double total = 0, top_rate = -1;
    const aw_node *top = NULL;
    for (size_t i = 0; rates && i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        const char *key = route->kind == AW_KIND_ROUTE ? route->as.route.route_key : NULL;
        if (!key || strcmp(key, "$connect") != 0 || !route->owner_api ||
            route->owner_api->as.api.type != AW_API_WEBSOCKET || !(rates[i] >= 0))
            continue;
        total += rates[i];
        if (rates[i] > top_rate)
            top = route, top_rate = rates[i];
    }
    double quota = aw_limit_value(AW_LIMIT_WS_NEW_CONNECTIONS);
    if (top && total > quota) {
        char t[32], r[32], q[32];
        aw_lint_report(ctx, top, &top->loc, NULL,
                       "the WebSocket $connect routes may accept %s new connections/s together ('%s' up to %s), "
                       "above the account's quota of %s new connections per second in the region",
                       S_num(total, t, sizeof t), top->id, S_num(top_rate, r, sizeof r), S_num(quota, q, sizeof q));
    }
    free(rates);
}
