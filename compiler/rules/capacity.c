/* Capacity rules (AW-CAP-*): whether what stands behind a route can carry
 * the traffic the route's throttles let through, and whether timeouts along
 * the chain agree. The arithmetic is Little's law (in flight = rate x time);
 * every pass is linear in the diagram: per-node figures are computed once
 * into arrays indexed by node->index. Catalogue entries: rules.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../ir/aws_limits.h"
#include "../../ir/ir_fields.h"
#include "rules.h"

/* Regional default of concurrent Lambda executions, shared by every
 * function without reserved concurrency, and the integration timeout
 * ceilings: from the dated table of AWS limits. */
#define S_REGION_CONCURRENCY aw_limit_value(AW_LIMIT_LAMBDA_CONCURRENCY)
#define S_MAX_TIMEOUT_MS aw_limit_value(AW_LIMIT_TIMEOUT_REST_MS)
#define S_MAX_TIMEOUT_HTTP_MS aw_limit_value(AW_LIMIT_TIMEOUT_HTTP_MS)

/* ---- formatting ---------------------------------------------------------- */

/* The decimal digits of n into buf (room for 21 bytes); returns the end. */
static char *S_whole_digits(unsigned long long n, char *buf)
{
    char rev[21];
    size_t k = 0;
    do
        rev[k++] = (char)('0' + n % 10);
    while (n /= 10);
    for (size_t i = 0; i < k; i++)
        buf[i] = rev[k - 1 - i];
    buf[k] = '\0';
    return buf + k;
}

/* What "%.1f" writes for r (not negative), where it can be told without
 * printf: r times ten is within a few units of its last place of the true
 * product, so unless it lies next to a half its nearest whole number is
 * the correctly rounded count of tenths. False where it cannot be told. */
static bool S_tenths_digits(double r, char *buf)
{
    double t = r * 10.0, f = t - floor(t);
    if (signbit(r) || !(t < 1e12) || fabs(f - 0.5) < 1e-3)
        return false;
    unsigned long long tenths = (unsigned long long)floor(t + 0.5);
    char *end = S_whole_digits(tenths / 10, buf);
    end[0] = '.';
    end[1] = (char)('0' + tenths % 10);
    end[2] = '\0';
    return true;
}

/* A count or rate with thousands separators, whole when it is close to
 * whole, otherwise with one decimal: "1,000", "12.5". */
static const char *S_num(double v, char *buf, size_t size)
{
    char digits[64];
    double r = v < 0 ? -v : v;
    bool whole = fabs(r - round(r)) < 0.05;
    /* What "%.0f" or "%.1f" writes, without printf's float formatting
     * where it can, as the thousands of capacity reports spent the lint's
     * time there. */
    if (whole && !signbit(r) && r < 1e18)
        S_whole_digits((unsigned long long)round(r), digits);
    else if (whole || !S_tenths_digits(r, digits))
        snprintf(digits, sizeof digits, whole ? "%.0f" : "%.1f", r);
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    size_t o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; digits[i] && o + 1 < size; i++) {
        if (i && i < int_len && (int_len - i) % 3 == 0 && o + 1 < size)
            buf[o++] = ',';
        if (o + 1 < size)
            buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* A duration in the unit a reader expects: "800 ms", "29 s", "1.5 s". A
 * whole figure below a million is what "%g" writes as plain digits. */
static const char *S_dur(double ms, char *buf, size_t size)
{
    double v = ms >= 1000.0 ? ms / 1000.0 : ms;
    const char *unit = ms >= 1000.0 ? " s" : " ms";
    if (size >= 32 && v >= 0 && v < 1e6 && v == floor(v) && !signbit(v))
        strcpy(S_whole_digits((unsigned long long)v, buf), unit);
    else
        snprintf(buf, size, "%g%s", v, unit);
    return buf;
}

/* ---- per-node figures ------------------------------------------------------ */

static double S_min(double a, double b)
{
    return a < b ? a : b;
}

static double S_account_rps(const aw_model *m)
{
    /* The account quota, shared by every API: the rate a route gets when
     * nothing tighter throttles it, and a ceiling on what any set of
     * routes can send together. */
    double rate;
    int64_t burst;
    aw_account_throttle(m, &rate, &burst, NULL);
    return rate;
}

/* A stage's own rate, before the account caps it: unlimited when unset. */
static double S_stage_rate(const aw_node *stage)
{
    const aw_throttle *t = stage->as.stage.throttle;
    return t && AW_IS_SET(t->rate) ? t->rate : INFINITY;
}

static const aw_latency *S_latency(const aw_node *node)
{
    switch (node->kind) {
    case AW_KIND_FUNCTION: return node->as.function.latency;
    case AW_KIND_DATASTORE: return node->as.datastore.latency;
    case AW_KIND_LOAD_BALANCER: return node->as.load_balancer.latency;
    case AW_KIND_HTTP_BACKEND: return node->as.http_backend.latency;
    default: return NULL;
    }
}

typedef struct S_override {
    const aw_node *stage;
    double rate;
} S_override;

/* The stages of one API sorted by their rate, highest first (ties in
 * diagram order, so the output does not depend on qsort). */
static int S_by_rate_desc(const void *a, const void *b)
{
    const aw_node *x = *(const aw_node *const *)a, *y = *(const aw_node *const *)b;
    double rx = S_stage_rate(x), ry = S_stage_rate(y);
    if (rx != ry)
        return rx > ry ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* What each route can let through: the highest, across the stages of its
 * API, of the tightest of the stage throttle, the stage's override for the
 * route and the route's own throttle (the account quota when none is set).
 * Stages are separate deployments that do not add up, so the busiest one
 * is what the backend must carry. rate[i] is NAN for nodes that are not
 * routes; stage[i] is the stage that allows it (NULL: no stage). */
typedef struct S_rates {
    double *rate;
    const aw_node **stage;
    double account;         /* the account's rate, which caps every route */
} S_rates;

static bool S_rates_compute(const aw_model *m, S_rates *out)
{
    size_t n = m->node_count;
    out->rate = malloc((n ? n : 1) * sizeof *out->rate);
    out->stage = calloc(n ? n : 1, sizeof *out->stage);
    size_t *api_start = calloc(n + 1, sizeof *api_start);   /* stages of API i: [start[i], start[i+1]) */
    size_t *ovr_start = calloc(n + 1, sizeof *ovr_start);   /* overrides of route i, likewise */
    size_t *fill = calloc(n + 1, sizeof *fill);
    size_t *stamp = malloc((n ? n : 1) * sizeof *stamp);
    size_t stage_total = 0, ovr_total = 0;
    double acct = out->account = S_account_rps(m);
    for (size_t i = 0; i < n; i++) {
        const aw_node *s = m->nodes[i];
        if (s->kind != AW_KIND_STAGE || !s->as.stage.api.node)
            continue;
        api_start[s->as.stage.api.node->index + 1]++;
        stage_total++;
        for (size_t k = 0; k < s->as.stage.route_throttle_count; k++)
            if (s->as.stage.route_throttles[k].route.node) {
                ovr_start[s->as.stage.route_throttles[k].route.node->index + 1]++;
                ovr_total++;
            }
    }
    const aw_node **stages = malloc((stage_total ? stage_total : 1) * sizeof *stages);
    S_override *ovrs = malloc((ovr_total ? ovr_total : 1) * sizeof *ovrs);
    if (!out->rate || !out->stage || !api_start || !ovr_start || !fill || !stamp || !stages || !ovrs) {
        free(api_start), free(ovr_start), free(fill), free(stamp), free(stages), free(ovrs);
        free(out->rate), free(out->stage);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        api_start[i + 1] += api_start[i];
        ovr_start[i + 1] += ovr_start[i];
    }
    for (size_t i = 0; i < n; i++) {
        const aw_node *s = m->nodes[i];
        stamp[i] = SIZE_MAX;
        if (s->kind != AW_KIND_STAGE || !s->as.stage.api.node)
            continue;
        size_t a = s->as.stage.api.node->index;
        stages[api_start[a] + fill[a]++] = s;
    }
    memset(fill, 0, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        const aw_node *s = m->nodes[i];
        if (s->kind != AW_KIND_STAGE || !s->as.stage.api.node)
            continue;
        for (size_t k = 0; k < s->as.stage.route_throttle_count; k++) {
            const aw_route_throttle *rt = &s->as.stage.route_throttles[k];
            if (!rt->route.node)
                continue;
            size_t r = rt->route.node->index;
            ovrs[ovr_start[r] + fill[r]++] = (S_override){s, AW_IS_SET(rt->rate) ? rt->rate : acct};
        }
    }
    for (size_t i = 0; i < n; i++)
        if (api_start[i + 1] > api_start[i] + 1)
            qsort(stages + api_start[i], api_start[i + 1] - api_start[i], sizeof *stages, S_by_rate_desc);

    for (size_t i = 0; i < n; i++) {
        const aw_node *node = m->nodes[i];
        out->rate[i] = NAN;
        if (node->kind != AW_KIND_ROUTE || !node->as.route.api.node)
            continue;
        const aw_throttle *own = node->as.route.throttle;
        double cap = own && AW_IS_SET(own->rate) ? S_min(own->rate, acct) : acct;
        double best = -1.0;
        const aw_node *best_stage = NULL;
        /* Stages overriding this route: the override tightens the stage. */
        for (size_t k = ovr_start[i]; k < ovr_start[i + 1]; k++) {
            stamp[ovrs[k].stage->index] = i;
            double v = S_min(S_min(S_stage_rate(ovrs[k].stage), acct), ovrs[k].rate);
            if (v > best)
                best = v, best_stage = ovrs[k].stage;
        }
        /* The fastest stage that does not override it; the walk passes at
         * most this route's overrides, so all routes together stay linear. */
        size_t a = node->as.route.api.node->index;
        for (size_t k = api_start[a]; k < api_start[a + 1]; k++) {
            if (stamp[stages[k]->index] == i)
                continue;
            double v = S_min(S_stage_rate(stages[k]), acct);
            if (v > best)
                best = v, best_stage = stages[k];
            break;
        }
        if (best < 0)   /* no stage at all: only the account quota applies */
            best = acct;
        out->rate[i] = S_min(best, cap);
        out->stage[i] = best_stage;
    }
    free(api_start), free(ovr_start), free(fill), free(stamp), free(stages), free(ovrs);
    return true;
}

static void S_rates_free(S_rates *r)
{
    free(r->rate);
    free(r->stage);
}

double *aw_route_rate_limits(const aw_model *model)
{
    S_rates r;
    if (!S_rates_compute(model, &r))
        return NULL;
    free(r.stage);
    return r.rate;
}

/* Where a route's traffic goes next: the function of a Lambda integration,
 * the load balancer of a private one, the target of an AWS one. */
static const aw_node *S_route_integration(const aw_node *route)
{
    const aw_node *in = route->as.route.integration.node;
    return in && in->kind == AW_KIND_INTEGRATION ? in : NULL;
}

static const char *S_rate_origin(const S_rates *rates, const aw_node *route, char *buf, size_t size)
{
    const aw_node *stage = rates->stage[route->index];
    if (stage)
        snprintf(buf, size, "on stage '%s'", stage->name ? stage->name : stage->id);
    else
        snprintf(buf, size, "with no stage throttle");
    return buf;
}

/* Traffic reaching each node from routes, summed over the routes (each at
 * the rate its busiest stage allows) and capped at the account quota, which
 * no set of routes can exceed together; top[i] is the route that sends
 * the most. Which routes count is the caller's choice. */
typedef struct S_demand {
    double *sum;
    const aw_node **top;
    double cap;             /* the account's rate */
} S_demand;

static bool S_demand_new(const aw_model *m, S_demand *d)
{
    size_t n = m->node_count ? m->node_count : 1;
    d->sum = calloc(n, sizeof *d->sum);
    d->top = calloc(n, sizeof *d->top);
    d->cap = S_account_rps(m);
    if (d->sum && d->top)
        return true;
    free(d->sum), free(d->top);
    return false;
}

static void S_demand_add(S_demand *d, const S_rates *rates, const aw_node *to, const aw_node *route, double factor)
{
    double v = rates->rate[route->index] * factor;
    d->sum[to->index] += v;
    const aw_node *top = d->top[to->index];
    if (!top || v > rates->rate[top->index] * factor)
        d->top[to->index] = route;
}

static double S_demand_of(const S_demand *d, const aw_node *node)
{
    return S_min(d->sum[node->index], d->cap);
}

static void S_demand_free(S_demand *d)
{
    free(d->sum);
    free(d->top);
}

/* The demand the routes put on the node `target` picks for each (NULL:
 * none). False, with nothing to free, on failure. */
static bool S_route_demand(const aw_model *m, const S_rates *rates, S_demand *d,
                           const aw_node *(*target)(const aw_node *route))
{
    if (!S_demand_new(m, d))
        return false;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        if (route->kind != AW_KIND_ROUTE || !AW_IS_SET(rates->rate[i]))
            continue;
        const aw_node *to = target(route);
        if (to)
            S_demand_add(d, rates, to, route, 1.0);
    }
    return true;
}

/* Where a Lambda proxy integration's traffic lands: its function. */
static const aw_node *S_lambda_target(const aw_node *route)
{
    const aw_node *in = S_route_integration(route);
    const aw_node *fn = in && in->as.integration.type == AW_INTEG_LAMBDA ? in->as.integration.function.node : NULL;
    return fn && fn->kind == AW_KIND_FUNCTION ? fn : NULL;
}

/* The Lambda authorizer function that runs on every request of a route:
 * the route's authorizer, or its API's default, with a result TTL of 0.
 * With a TTL, results are cached per identity, so the function runs once
 * per caller and TTL, which the diagram does not say; it is not counted. */
static const aw_node *S_authorizer_target(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    const aw_node *api = r->api.node;
    const aw_node *auth = r->authorizer.node;
    if (!auth && !r->auth_none && api && api->kind == AW_KIND_API)
        auth = api->as.api.default_authorizer.node;
    if (!auth || auth->kind != AW_KIND_AUTHORIZER || auth->as.authorizer.type != AW_AUTH_LAMBDA ||
        !AW_IS_SET(auth->as.authorizer.result_ttl_ms) || auth->as.authorizer.result_ttl_ms > 0)
        return NULL;
    const aw_node *fn = auth->as.authorizer.function.node;
    return fn && fn->kind == AW_KIND_FUNCTION ? fn : NULL;
}

/* What the routes ask of each Lambda function: every request of a route
 * invokes its integration's function and, uncached, its authorizer's. */
static bool S_lambda_demand(const aw_model *m, const S_rates *rates, S_demand *d)
{
    if (!S_route_demand(m, rates, d, S_lambda_target))
        return false;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *route = m->nodes[i];
        const aw_node *fn = route->kind == AW_KIND_ROUTE && AW_IS_SET(rates->rate[i]) ? S_authorizer_target(route)
                                                                                       : NULL;
        if (fn)
            S_demand_add(d, rates, fn, route, 1.0);
    }
    return true;
}

/* ---- figures shared by the rules of one lint run ---------------------------- */

/* The rates every route lets through are the start of AW-CAP-001..004 and
 * the Lambda demand that of 001 and 002: the first rule to ask computes
 * them, the engine keeps them until the run ends. */
typedef struct S_shared {
    S_rates rates;
    S_demand lambda;
    bool has_lambda;        /* lambda computed (by the first rule to ask) */
} S_shared;

static const char S_shared_key;

static void *S_shared_make(aw_lint_ctx *ctx)
{
    S_shared *sh = calloc(1, sizeof *sh);
    if (sh && S_rates_compute(ctx->model, &sh->rates))
        return sh;
    free(sh);
    return NULL;
}

static void S_shared_release(void *data)
{
    S_shared *sh = data;
    S_rates_free(&sh->rates);
    if (sh->has_lambda)
        S_demand_free(&sh->lambda);
    free(sh);
}

/* The rates of every route; NULL on failure. */
static const S_rates *S_shared_rates(aw_lint_ctx *ctx)
{
    S_shared *sh = aw_lint_shared(ctx, &S_shared_key, S_shared_make, S_shared_release);
    return sh ? &sh->rates : NULL;
}

/* Per-function Lambda demand, NULL on failure; *rates (when not NULL)
 * gets the rates it comes from. */
static const S_demand *S_shared_lambda(aw_lint_ctx *ctx, const S_rates **rates)
{
    S_shared *sh = aw_lint_shared(ctx, &S_shared_key, S_shared_make, S_shared_release);
    if (rates)
        *rates = sh ? &sh->rates : NULL;
    if (sh && !sh->has_lambda)
        sh->has_lambda = S_lambda_demand(ctx->model, &sh->rates, &sh->lambda);
    return sh && sh->has_lambda ? &sh->lambda : NULL;
}

static bool S_reserved(const aw_function *f)
{
    return f->reserved_concurrency != AW_UNSET_INT;
}

static bool S_has_p50(const aw_latency *l)
{
    return l && AW_IS_SET(l->p50_ms) && l->p50_ms > 0;
}

/* ---- AW-CAP-001: Lambda concurrency behind the routes ------------------- */

/* The pool that functions without reserved concurrency share: the
 * region's concurrency less what the others reserve, of which Lambda keeps
 * at least 100 unreserved. */
static double S_shared_pool(const aw_model *m)
{
    double reserved = 0;
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_FUNCTION && S_reserved(&m->nodes[i]->as.function))
            reserved += (double)m->nodes[i]->as.function.reserved_concurrency;
    double pool = S_REGION_CONCURRENCY - reserved, floor = aw_limit_value(AW_LIMIT_LAMBDA_UNRESERVED_MIN);
    return pool < floor ? floor : pool;
}

/* What the function needs by Little's law, or -1 when the diagram does not
 * tell. */
static double S_needed(const S_demand *d, const aw_node *node)
{
    if (node->kind != AW_KIND_FUNCTION || !d->top[node->index] || !S_has_p50(node->as.function.latency))
        return -1;
    return S_demand_of(d, node) * node->as.function.latency->p50_ms / 1000.0;
}

static void S_report_function(aw_lint_ctx *ctx, const S_rates *rates, const S_demand *d, const aw_node *node,
                              double limit)
{
    const aw_function *f = &node->as.function;
    double rate = S_demand_of(d, node), p50 = f->latency->p50_ms, needed = rate * p50 / 1000.0;
    const aw_node *top = d->top[node->index];
    char a[32], b[32], c[32], e[32], dur[32], origin[96];
    aw_diag *diag = aw_lint_report(
        ctx, node, aw_node_field_loc(node, S_reserved(f) ? "reservedConcurrency" : "latency"), &top->loc,
        "Lambda '%s' is the bottleneck: %s requests/s at %s (p50, taken as the mean) need %s concurrent "
        "executions, but %s allows %s, so it holds only about %s requests/s",
        node->id, S_num(rate, a, sizeof a), S_dur(p50, dur, sizeof dur), S_num(needed, b, sizeof b),
        S_reserved(f) ? "its reserved concurrency" : "the regional pool it shares", S_num(limit, c, sizeof c),
        S_num(limit * 1000.0 / p50, e, sizeof e));
    aw_lint_relate(ctx, diag, "route '%s' sends it up to %s requests/s %s", top->id,
                   S_num(rates->rate[top->index], b, sizeof b), S_rate_origin(rates, top, origin, sizeof origin));
}

/* Functions without reserved concurrency that each fit the shared pool may
 * still overflow it together: reported once, on the one that needs most. */
static void S_report_pool(aw_lint_ctx *ctx, const aw_node *top, double top_need, double total, size_t count,
                          double pool)
{
    char a[32], b[32], c[32];
    aw_lint_report(ctx, top, aw_node_field_loc(top, "latency"), NULL,
                   "Lambda '%s' and %zu other function%s without reserved concurrency need %s concurrent executions "
                   "together (it alone %s), but the regional pool they share holds %s: Lambda throttles the "
                   "excess and API Gateway answers 500",
                   top->id, count - 1, count == 2 ? "" : "s", S_num(total, a, sizeof a),
                   S_num(top_need, b, sizeof b), S_num(pool, c, sizeof c));
}

void aw_cap001_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const S_rates *rates;
    const S_demand *d = S_shared_lambda(ctx, &rates);
    if (!d)
        return;
    double pool = S_shared_pool(m), total = 0, top_need = -1;
    const aw_node *top = NULL;
    size_t sharing = 0;
    bool reported_shared = false;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *node = m->nodes[i];
        double needed = S_needed(d, node);
        if (needed < 0)
            continue;
        bool reserved = S_reserved(&node->as.function);
        double limit = reserved ? (double)node->as.function.reserved_concurrency : pool;
        if (!reserved) {
            total += needed, sharing++;
            if (needed > top_need)
                top = node, top_need = needed;
        }
        if (needed > limit) {
            S_report_function(ctx, rates, d, node, limit);
            reported_shared |= !reserved;
        }
    }
    if (!reported_shared && sharing > 1 && total > pool)
        S_report_pool(ctx, top, top_need, total, sharing, pool);
}

/* ---- AW-CAP-002: database connections held by Lambda -------------------- */

/* How many copies of a function may run at once: its reserved concurrency,
 * else what its routes need by Little's law, capped at the regional
 * default; -1 when the diagram does not say enough to tell. */
static double S_concurrency(const aw_node *fn, const S_demand *d)
{
    const aw_function *f = &fn->as.function;
    if (S_reserved(f))
        return (double)f->reserved_concurrency;
    if (!d->top[fn->index] || !S_has_p50(f->latency))
        return -1.0;
    return S_min(ceil(S_demand_of(d, fn) * f->latency->p50_ms / 1000.0), S_REGION_CONCURRENCY);
}

/* Connections a function keeps in use behind a pool (RDS Proxy lends one
 * per transaction): its rate x the calls per request x the database's p50,
 * by Little's law; -1 when the diagram does not tell. */
static double S_in_transaction(const S_demand *d, const aw_edge *edge)
{
    const aw_node *fn = edge->from.node, *db = edge->to.node;
    const aw_latency *l = db->as.datastore.latency;
    if (!d->top[fn->index] || !l || !AW_IS_SET(l->p50_ms))
        return -1;
    double calls = AW_IS_SET(edge->calls_per_request) ? edge->calls_per_request : 1.0;
    return S_demand_of(d, fn) * calls * l->p50_ms / 1000.0;
}

/* Behind a pool the excess does not fail at once: it waits for a pooled
 * connection (the proxy's borrow timeout is far beyond any API timeout). */
static void S_report_pool_wait(aw_lint_ctx *ctx, const S_demand *d, const aw_node *db, const aw_edge *top,
                               double top_held, double held)
{
    const aw_node *fn = top->from.node;
    char a[32], b[32], c[32], e[32], p[32];
    aw_diag *diag = aw_lint_report(
        ctx, fn, aw_node_field_loc(fn, "latency"), aw_node_field_loc(db, "poolSize"),
        "the functions that reach database '%s' through its pool keep about %s connections in use at once (Lambda "
        "'%s' %s: %s requests/s x %g calls x %s at p50), more than its poolSize of %s: the excess waits for a "
        "pooled connection, and a request whose wait passes its integration's timeout gets a 504",
        db->id, S_num(held, a, sizeof a), fn->id, S_num(top_held, b, sizeof b), S_num(S_demand_of(d, fn), c, sizeof c),
        AW_IS_SET(top->calls_per_request) ? top->calls_per_request : 1.0,
        S_dur(db->as.datastore.latency->p50_ms, e, sizeof e), S_num((double)db->as.datastore.pool_size, p, sizeof p));
    aw_lint_relate(ctx, diag, "database '%s' lends at most this many connections", db->id);
}

void aw_cap002_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const S_demand *d = S_shared_lambda(ctx, NULL);
    if (!d)
        return;
    size_t n = m->node_count ? m->node_count : 1;
    double *held = calloc(n, sizeof *held);          /* per datastore: connections all functions may hold */
    const aw_edge **top = calloc(n, sizeof *top);    /* ... and the edge that holds the most */
    double *top_held = calloc(n, sizeof *top_held);
    for (size_t e = 0; held && top && top_held && e < m->edge_count; e++) {
        const aw_edge *edge = &m->edges[e];
        const aw_node *fn = edge->from.node, *db = edge->to.node;
        if (!edge->holds_connection || !fn || !db || fn->kind != AW_KIND_FUNCTION || db->kind != AW_KIND_DATASTORE)
            continue;
        /* One execution environment runs one invocation at a time, and its
         * calls to the database follow one another on the connection it
         * holds: one connection per running copy, whatever callsPerRequest.
         * Behind a pool, a connection is lent only for each call. */
        double c = db->as.datastore.pool_size != AW_UNSET_INT ? S_in_transaction(d, edge) : S_concurrency(fn, d);
        if (c <= 0)
            continue;
        held[db->index] += c;
        if (!top[db->index] || c > top_held[db->index])
            top[db->index] = edge, top_held[db->index] = c;
    }
    for (size_t i = 0; held && top && top_held && i < m->node_count; i++) {
        const aw_node *db = m->nodes[i];
        if (db->kind != AW_KIND_DATASTORE || !top[i])
            continue;
        const aw_datastore *ds = &db->as.datastore;
        bool pool = ds->pool_size != AW_UNSET_INT;
        int64_t limit = pool ? ds->pool_size : ds->max_connections;
        if (limit == AW_UNSET_INT || held[i] <= (double)limit)
            continue;
        if (pool) {
            S_report_pool_wait(ctx, d, db, top[i], top_held[i], held[i]);
            continue;
        }
        const aw_node *fn = top[i]->from.node;
        const aw_function *f = &fn->as.function;
        char a[32], b[32], c[32], how[160];
        if (S_reserved(f))
            snprintf(how, sizeof how, "its reserved concurrency");
        else
            snprintf(how, sizeof how, "what its routes need at p50 (%s requests/s x %s), at most %g",
                     S_num(S_demand_of(d, fn), a, sizeof a), S_dur(f->latency->p50_ms, c, sizeof c),
                     S_REGION_CONCURRENCY);
        char others[96] = "";
        if (held[i] > top_held[i])
            snprintf(others, sizeof others, "; with the other functions that connect to it, %s",
                     S_num(held[i], c, sizeof c));
        aw_diag *diag = aw_lint_report(
            ctx, fn, aw_node_field_loc(fn, S_reserved(f) ? "reservedConcurrency" : "latency"),
            aw_node_field_loc(db, "maxConnections"),
            "Lambda '%s' may run %s copies at once (%s), each holding a connection to database '%s'%s, but the "
            "database allows %s (maxConnections)",
            fn->id, S_num(top_held[i], a, sizeof a), how, db->id, others, S_num((double)limit, b, sizeof b));
        aw_lint_relate(ctx, diag, "database '%s' runs out of connections here", db->id);
    }
    free(held), free(top), free(top_held);
}

/* ---- AW-CAP-003: load balancer targets behind private integrations ------- */

/* Where a private integration's traffic lands: its listener's balancer. */
static const aw_node *S_private_target(const aw_node *route)
{
    const aw_node *in = S_route_integration(route);
    const aw_node *lb = in && in->as.integration.type == AW_INTEG_PRIVATE ? in->as.integration.listener.node : NULL;
    return lb && lb->kind == AW_KIND_LOAD_BALANCER ? lb : NULL;
}


void aw_cap003_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const S_rates *rates = S_shared_rates(ctx);
    S_demand d;
    if (!rates || !S_route_demand(m, rates, &d, S_private_target))
        return;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *lb = m->nodes[i];
        if (lb->kind != AW_KIND_LOAD_BALANCER || !d.top[i])
            continue;
        const aw_load_balancer *b = &lb->as.load_balancer;
        if (b->targets == AW_UNSET_INT || !AW_IS_SET(b->target_capacity))
            continue;
        double capacity = (double)b->targets * b->target_capacity;
        double rate = S_demand_of(&d, lb);
        if (rate <= capacity)
            continue;
        const aw_node *top = d.top[i];
        char x[32], y[32], z[32], origin[96];
        aw_diag *diag = aw_lint_report(ctx, lb, aw_node_field_loc(lb, "targetCapacity"), &top->loc,
                                       "load balancer '%s' serves %s requests/s (%s targets x %s), but the routes "
                                       "reaching it may send %s requests/s",
                                       lb->id, S_num(capacity, x, sizeof x), S_num((double)b->targets, y, sizeof y),
                                       S_num(b->target_capacity, z, sizeof z), S_num(rate, origin, sizeof origin));
        aw_lint_relate(ctx, diag, "route '%s' sends it up to %s requests/s %s", top->id,
                       S_num(rates->rate[top->index], x, sizeof x), S_rate_origin(rates, top, origin, sizeof origin));
    }
    S_demand_free(&d);
}

/* ---- AW-CAP-004: DynamoDB provisioned writes ------------------------------ */

/* The DynamoDB actions that consume write capacity. */
static bool S_is_write(const char *action)
{
    static const char *const prefixes[] = {"Put", "Update", "Delete", "BatchWrite"};
    for (size_t i = 0; action && i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(action, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* Where a direct DynamoDB write lands: the integration's target table. */
static const aw_node *S_write_target(const aw_node *route)
{
    const aw_node *in = S_route_integration(route);
    if (!in || in->as.integration.type != AW_INTEG_AWS || !S_is_write(in->as.integration.action))
        return NULL;
    const aw_node *table = in->as.integration.target.node;
    return table && table->kind == AW_KIND_DATASTORE ? table : NULL;
}

void aw_cap004_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const S_rates *rates = S_shared_rates(ctx);
    S_demand d;
    if (!rates || !S_route_demand(m, rates, &d, S_write_target))
        return;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *table = m->nodes[i];
        if (table->kind != AW_KIND_DATASTORE || !d.top[i])
            continue;
        const aw_datastore *ds = &table->as.datastore;
        if (ds->engine != AW_STORE_DYNAMODB || ds->capacity_mode != AW_CAPMODE_PROVISIONED ||
            ds->write_capacity == AW_UNSET_INT)
            continue;
        double writes = S_demand_of(&d, table);
        if (writes <= (double)ds->write_capacity)
            continue;
        const aw_node *top = d.top[i];
        char x[32], y[32], origin[96];
        aw_diag *diag = aw_lint_report(ctx, table, aw_node_field_loc(table, "writeCapacity"), &top->loc,
                                       "DynamoDB table '%s' is provisioned with %s write units per second, but the "
                                       "routes writing to it may send %s writes/s (1 unit each, items up to 1 KB)",
                                       table->id, S_num((double)ds->write_capacity, x, sizeof x),
                                       S_num(writes, y, sizeof y));
        aw_lint_relate(ctx, diag, "route '%s' writes up to %s items/s %s", top->id,
                       S_num(rates->rate[top->index], x, sizeof x), S_rate_origin(rates, top, origin, sizeof origin));
    }
    S_demand_free(&d);
}

/* ---- AW-CAP-005..007: timeouts along the chain ---------------------------- */

static double S_timeout_ceiling(const aw_node *integration)
{
    const aw_node *api = integration->owner_api;
    return api && api->kind == AW_KIND_API && api->as.api.type == AW_API_HTTP ? S_MAX_TIMEOUT_HTTP_MS
                                                                              : S_MAX_TIMEOUT_MS;
}

/* Only regional and private REST APIs may ask AWS for a longer timeout. */
static bool S_timeout_raisable(const aw_api *a)
{
    return a->type == AW_API_REST && a->endpoint != AW_ENDPOINT_EDGE;
}

/* Calls report for each integration whose timeout is beyond its API
 * type's default ceiling and, as `raisable` asks, can or cannot be raised. */
static void S_each_long_timeout(aw_lint_ctx *ctx, bool raisable,
                                void (*report)(aw_lint_ctx *, const aw_node *, const aw_node *, double))
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *node = ctx->model->nodes[i];
        const aw_node *api = node->owner_api;
        if (node->kind != AW_KIND_INTEGRATION || !api || api->kind != AW_KIND_API ||
            !AW_IS_SET(node->as.integration.timeout_ms))
            continue;
        double max = S_timeout_ceiling(node);
        if (node->as.integration.timeout_ms > max && S_timeout_raisable(&api->as.api) == raisable)
            report(ctx, node, api, max);
    }
}

static void S_report_timeout(aw_lint_ctx *ctx, const aw_node *node, const aw_node *api, double max)
{
    const aw_api *a = &api->as.api;
    const char *why = a->type == AW_API_HTTP        ? "a limit of HTTP APIs that cannot be raised"
                      : a->type == AW_API_WEBSOCKET ? "a limit of WebSocket APIs that cannot be raised"
                      : a->endpoint == AW_ENDPOINT_EDGE
                          ? "the limit of edge-optimized REST APIs; only regional and private ones may ask for more"
                          : "the default of REST APIs; a regional or private one may ask AWS for more by a quota "
                            "request, which may lower the account throttle";
    char x[32], y[32];
    aw_diag *diag = aw_lint_report(ctx, node, aw_node_field_loc(node, "timeout"), &api->loc,
                                   "integration '%s' waits %s, beyond the %s maximum (%s)", node->id,
                                   S_dur(node->as.integration.timeout_ms, x, sizeof x), S_dur(max, y, sizeof y), why);
    aw_lint_relate(ctx, diag, "API '%s' is %s", api->id,
                   a->type == AW_API_HTTP        ? "an HTTP API"
                   : a->type == AW_API_WEBSOCKET ? "a WebSocket API"
                   : a->endpoint == AW_ENDPOINT_EDGE ? "an edge-optimized REST API"
                                                    : "a regional or private REST API");
}

void aw_cap005_check(aw_lint_ctx *ctx)
{
    S_each_long_timeout(ctx, false, S_report_timeout);
}

void aw_cap009_check(aw_lint_ctx *ctx)
{
    S_each_long_timeout(ctx, true, S_report_timeout);
}

/* ---- AW-CAP-008: provisioned above reserved concurrency ------------------- */

void aw_cap008_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *fn = ctx->model->nodes[i];
        if (fn->kind != AW_KIND_FUNCTION)
            continue;
        const aw_function *f = &fn->as.function;
        if (f->reserved_concurrency == AW_UNSET_INT || f->provisioned_concurrency == AW_UNSET_INT ||
            f->provisioned_concurrency <= f->reserved_concurrency)
            continue;
        char x[32], y[32];
        aw_diag *d = aw_lint_report(ctx, fn, aw_node_field_loc(fn, "provisionedConcurrency"),
                                    aw_node_field_loc(fn, "reservedConcurrency"),
                                    "function '%s' asks for %s provisioned concurrent executions but reserves only %s; "
                                    "Lambda refuses provisioned concurrency above the reserved",
                                    fn->id, S_num((double)f->provisioned_concurrency, x, sizeof x),
                                    S_num((double)f->reserved_concurrency, y, sizeof y));
        aw_lint_relate(ctx, d, "reserved concurrency is set here");
    }
}

void aw_cap006_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    /* Per function, the calling integration with the shortest timeout: one
     * finding per function, against the tightest caller. */
    const aw_node **tightest = calloc(m->node_count ? m->node_count : 1, sizeof *tightest);
    if (!tightest)
        return;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *in = m->nodes[i];
        if (in->kind != AW_KIND_INTEGRATION || in->as.integration.type != AW_INTEG_LAMBDA ||
            !AW_IS_SET(in->as.integration.timeout_ms))
            continue;
        const aw_node *fn = in->as.integration.function.node;
        if (!fn || fn->kind != AW_KIND_FUNCTION)
            continue;
        const aw_node *t = tightest[fn->index];
        if (!t || in->as.integration.timeout_ms < t->as.integration.timeout_ms)
            tightest[fn->index] = in;
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *fn = m->nodes[i], *in = tightest[i];
        if (!in || !AW_IS_SET(fn->as.function.timeout_ms))
            continue;
        double ft = fn->as.function.timeout_ms, it = in->as.integration.timeout_ms;
        if (ft <= it)
            continue;
        char x[32], y[32];
        aw_diag *diag = aw_lint_report(ctx, fn, aw_node_field_loc(fn, "timeout"), aw_node_field_loc(in, "timeout"),
                                       "Lambda '%s' may run for %s, but integration '%s' gives up after %s: the "
                                       "client gets a 504 while the function runs on, billed",
                                       fn->id, S_dur(ft, x, sizeof x), in->id, S_dur(it, y, sizeof y));
        aw_lint_relate(ctx, diag, "integration '%s' times out after %s", in->id, y);
    }
    free(tightest);
}

/* Per node, the p99 time of the calls it makes, one after another; the
 * caller frees it. NULL when out of memory. */
static double *S_downstream_p99(const aw_model *m)
{
    double *downstream = calloc(m->node_count ? m->node_count : 1, sizeof *downstream);
    for (size_t e = 0; downstream && e < m->edge_count; e++) {
        const aw_edge *edge = &m->edges[e];
        const aw_latency *l = edge->to.node ? S_latency(edge->to.node) : NULL;
        if (edge->from.node && l && AW_IS_SET(l->p99_ms))
            downstream[edge->from.node->index] +=
                l->p99_ms * (AW_IS_SET(edge->calls_per_request) ? edge->calls_per_request : 1.0);
    }
    return downstream;
}

void aw_cap007_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    double *downstream = S_downstream_p99(m);
    if (!downstream)
        return;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *in = m->nodes[i];
        if (in->kind != AW_KIND_INTEGRATION || !AW_IS_SET(in->as.integration.timeout_ms))
            continue;
        const aw_integration *ig = &in->as.integration;
        const aw_node *next = ig->type == AW_INTEG_LAMBDA    ? ig->function.node
                              : ig->type == AW_INTEG_HTTP    ? ig->backend.node
                              : ig->type == AW_INTEG_PRIVATE ? ig->listener.node
                              : ig->type == AW_INTEG_AWS     ? ig->target.node
                                                             : NULL;
        const aw_latency *l = next ? S_latency(next) : NULL;
        if (!l || !AW_IS_SET(l->p99_ms))
            continue;
        double chain = l->p99_ms + downstream[next->index];
        if (chain <= ig->timeout_ms)
            continue;
        char x[32], y[32], z[32], w[32];
        aw_diag *diag = aw_lint_report(ctx, in, aw_node_field_loc(in, "timeout"), &next->loc,
                                       "the p99 latencies behind integration '%s' add up to %s (%s '%s' %s plus %s of "
                                       "the calls it makes), beyond its %s timeout: a slow request can get a 504",
                                       in->id, S_dur(chain, x, sizeof x), aw_kind_name(next->kind), next->id,
                                       S_dur(l->p99_ms, y, sizeof y), S_dur(downstream[next->index], z, sizeof z),
                                       S_dur(ig->timeout_ms, w, sizeof w));
        aw_lint_relate(ctx, diag, "%s '%s' answers in %s at p99", aw_kind_name(next->kind), next->id, y);
    }
    free(downstream);
}

/* ---- AW-CAP-010: a function's timeout below its own p99 ------------------- */

void aw_cap010_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    double *downstream = S_downstream_p99(m);
    for (size_t i = 0; downstream && i < m->node_count; i++) {
        const aw_node *fn = m->nodes[i];
        const aw_latency *l = fn->kind == AW_KIND_FUNCTION ? fn->as.function.latency : NULL;
        if (!l || !AW_IS_SET(l->p99_ms) || !AW_IS_SET(fn->as.function.timeout_ms))
            continue;
        double chain = l->p99_ms + downstream[i], timeout = fn->as.function.timeout_ms;
        const aw_loc *written = aw_node_field_loc(fn, "timeout");
        /* An existing function's unwritten timeout is unknown, not 3 s. */
        if (chain <= timeout || (fn->as.function.existing && written == &fn->loc))
            continue;
        char x[32], y[32];
        aw_diag *d = aw_lint_report(ctx, fn, written, aw_node_field_loc(fn, "latency"),
                                    "Lambda '%s' stops after %s%s, but its p99 with the calls it makes is %s: its "
                                    "slowest requests are cut off and answered with an error",
                                    fn->id, S_dur(timeout, x, sizeof x),
                                    written == &fn->loc ? " (Lambda's default, as no timeout is written)" : "",
                                    S_dur(chain, y, sizeof y));
        aw_lint_relate(ctx, d, "its latency is given here");
    }
    free(downstream);
}
