/* Pricing usage (cost.h): API requests and messages by API, connection
 * minutes, REST caches by the hour, Lambda requests, duration and
 * provisioned concurrency by function, and data transfer out, each split
 * by tier into lines a reader can multiply out. */
#include "cost.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each meter's lines say, and in what unit. */
static const struct {
    const char *what;
    const char *unit;
} S_meters[AW_METER_COUNT] = {
    [AW_METER_HTTP_REQUESTS] = {"HTTP API requests", "requests"},
    [AW_METER_REST_REQUESTS] = {"REST API requests", "requests"},
    [AW_METER_WS_MESSAGES] = {"WebSocket messages", "messages"},
    [AW_METER_WS_MINUTES] = {"WebSocket connection minutes", "minutes"},
    [AW_METER_LAMBDA_REQUESTS] = {"Lambda requests", "requests"},
    [AW_METER_LAMBDA_X86] = {"Lambda duration (x86_64)", "GB-seconds"},
    [AW_METER_LAMBDA_ARM] = {"Lambda duration (arm64)", "GB-seconds"},
    [AW_METER_PROVISIONED_X86] = {"Provisioned concurrency (x86_64)", "GB-seconds"},
    [AW_METER_PROVISIONED_ARM] = {"Provisioned concurrency (arm64)", "GB-seconds"},
    [AW_METER_PROVISIONED_DURATION_X86] = {"Duration on provisioned concurrency (x86_64)", "GB-seconds"},
    [AW_METER_PROVISIONED_DURATION_ARM] = {"Duration on provisioned concurrency (arm64)", "GB-seconds"},
    [AW_METER_DATA_OUT] = {"Data transfer out", "GB"},
};

/* ---- the breakdown ------------------------------------------------------------ */

static void *S_grow(void *items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return items;
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(items, n * size);
    if (!p)
        abort();
    *cap = n;
    return p;
}

void aw_cost_note(aw_cost_breakdown *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[2048];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    b->notes = S_grow(b->notes, &b->note_cap, b->note_count, sizeof *b->notes);
    b->notes[b->note_count++] = aw_arena_strdup(&b->arena, buf);
}

void aw_cost_breakdown_free(aw_cost_breakdown *b)
{
    free(b->lines);
    free(b->notes);
    aw_arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}

static void S_line(aw_cost_breakdown *b, aw_cost_line line)
{
    b->lines = S_grow(b->lines, &b->cap, b->count, sizeof *b->lines);
    b->lines[b->count++] = line;
    b->total += line.cost;
}

/* ---- metering -------------------------------------------------------------------- */

/* Running state of one pricing: what each meter billed so far this month,
 * and the free allowance left (meters sharing a pool share one slot). */
typedef struct S_meterage {
    const aw_region_prices *prices;
    aw_cost_breakdown *out;
    double used[AW_METER_COUNT];
    double free_slot[AW_METER_COUNT];
    size_t free_of[AW_METER_COUNT];     /* meter -> its free slot */
    bool ok;
} S_meterage;

static void S_meterage_init(S_meterage *mt, const aw_region_prices *prices, const aw_cost_options *opt,
                            aw_cost_breakdown *out)
{
    memset(mt, 0, sizeof *mt);
    mt->prices = prices;
    mt->out = out;
    mt->ok = true;
    for (size_t k = 0; k < AW_METER_COUNT; k++) {
        const aw_metered_price *m = &prices->meters[k];
        mt->free_of[k] = k;
        for (size_t j = 0; m->free_pool && j < k; j++)
            if (prices->meters[j].free_pool && strcmp(prices->meters[j].free_pool, m->free_pool) == 0) {
                mt->free_of[k] = j;
                break;
            }
        double share = opt && opt->free_share > 0 ? opt->free_share : 1;
        if (mt->free_of[k] == k)
            mt->free_slot[k] = opt && opt->free_tier && m->present ? m->free_quantity * share : 0;
    }
}

/* Bills quantity on meter k for item, tier by tier; with_free false keeps
 * the free allowance out (functions with provisioned concurrency). */
static void S_charge(S_meterage *mt, aw_meter k, const char *item, double quantity, bool with_free)
{
    if (quantity <= 0)
        return;
    const aw_metered_price *m = &mt->prices->meters[k];
    if (!m->present) {
        aw_cost_note(mt->out, "no price for %s in %s: '%s' is left out", S_meters[k].what, mt->prices->region, item);
        mt->ok = false;
        return;
    }
    aw_tier_span spans[16];
    double none = 0;
    double *free_left = with_free ? &mt->free_slot[mt->free_of[k]] : &none;
    size_t n = aw_tiered_spans(m, mt->used[k], quantity, free_left, spans, sizeof spans / sizeof *spans);
    mt->used[k] += quantity;
    for (size_t i = 0; i < n; i++)
        S_line(mt->out, (aw_cost_line){k, S_meters[k].what, item, spans[i].quantity, S_meters[k].unit,
                                       spans[i].price, m->per, spans[i].cost, spans[i].free});
}

/* ---- API Gateway --------------------------------------------------------------------- */

static aw_meter S_api_meter(const aw_node *api)
{
    switch (api->as.api.type) {
    case AW_API_REST: return AW_METER_REST_REQUESTS;
    case AW_API_WEBSOCKET: return AW_METER_WS_MESSAGES;
    default: return AW_METER_HTTP_REQUESTS;
    }
}

/* $connect and $disconnect open and close a connection, which connection
 * minutes pay for; they are not messages. */
static bool S_is_message(const aw_node *route)
{
    const char *key = route->as.route.route_key;
    return !key || (strcmp(key, "$connect") != 0 && strcmp(key, "$disconnect") != 0);
}

/* Metered requests of one route: each started increment of the meter's
 * size counts as one. */
static double S_metered(const aw_metered_price *m, const aw_cost_route_usage *r)
{
    double n = 1;
    if (m->increment_kb > 0 && AW_IS_SET(r->request_kb) && r->request_kb > m->increment_kb)
        n = ceil(r->request_kb / m->increment_kb);
    return r->requests * n;
}

static void S_price_apis(S_meterage *mt, const aw_model *model, const aw_cost_usage *u, double scale)
{
    size_t n = model->node_count ? model->node_count : 1;
    double *requests = calloc(n, sizeof *requests), *gb_out = calloc(n, sizeof *gb_out);
    if (!requests || !gb_out)
        abort();
    for (size_t i = 0; i < u->route_count; i++) {
        const aw_cost_route_usage *r = &u->routes[i];
        const aw_node *api = r->route->as.route.api.node;
        if (!api || (api->as.api.type == AW_API_WEBSOCKET && !S_is_message(r->route)))
            continue;
        requests[api->index] += S_metered(&mt->prices->meters[S_api_meter(api)], r) * scale;
        /* Private APIs send nothing to the internet. */
        if (AW_IS_SET(r->response_kb) && api->as.api.endpoint != AW_ENDPOINT_PRIVATE)
            gb_out[api->index] += r->requests * scale * r->response_kb / (1024.0 * 1024.0);
    }
    for (size_t i = 0; i < model->node_count; i++)
        if (model->nodes[i]->kind == AW_KIND_API)
            S_charge(mt, S_api_meter(model->nodes[i]), model->nodes[i]->id, requests[i], true);
    if (u->connection_minutes > 0)
        S_charge(mt, AW_METER_WS_MINUTES, "WebSocket APIs", u->connection_minutes * scale, true);
    for (size_t i = 0; i < model->node_count; i++)
        if (model->nodes[i]->kind == AW_KIND_API)
            S_charge(mt, AW_METER_DATA_OUT, model->nodes[i]->id, gb_out[i], true);
    free(requests);
    free(gb_out);
}

/* A cache cluster bills every hour it exists, whatever the traffic. */
static void S_price_caches(S_meterage *mt, const aw_model *model)
{
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *st = model->nodes[i];
        if (st->kind != AW_KIND_STAGE || !st->as.stage.cache || !st->as.stage.cache->enabled)
            continue;
        const aw_node *api = st->as.stage.api.node;
        if (api && api->as.api.type != AW_API_REST)
            continue;   /* only REST APIs have caches; AW-COMPAT says so */
        double size = st->as.stage.cache->size_gb;
        const aw_cache_price *p = aw_price_list_cache(mt->prices, size);
        if (!p) {
            aw_cost_note(mt->out, "no price for a %g GB cache in %s: stage '%s' is left out", size, mt->prices->region,
                         st->id);
            mt->ok = false;
            continue;
        }
        double hours = AW_COST_MONTH_S / 3600.0;
        const char *what = aw_arena_printf(&mt->out->arena, "REST cache %g GB", size);
        S_line(mt->out, (aw_cost_line){AW_METER_COUNT, what, st->id, hours, "hours", p->hourly, 1, hours * p->hourly,
                                       false});
    }
}

/* ---- Lambda ----------------------------------------------------------------------------- */

static bool S_arm(const aw_node *fn)
{
    return fn->as.function.architecture == AW_ARCH_ARM64;
}

static double S_memory_gb(const aw_node *fn)
{
    int64_t mb = fn->as.function.memory_mb;
    return (mb == AW_UNSET_INT ? 128.0 : (double)mb) / 1024.0;
}

static int64_t S_provisioned(const aw_node *fn)
{
    int64_t pc = fn->as.function.provisioned_concurrency;
    return pc == AW_UNSET_INT || pc < 0 ? 0 : pc;
}

/* One function: requests, then its duration, the part its provisioned
 * environments run at their own rate and the rest on demand, then the
 * provisioned environments themselves for the whole month. */
static void S_price_function(S_meterage *mt, const aw_node *fn, const aw_cost_function_usage *fu, double scale)
{
    double invocations = fu ? fu->invocations * scale : 0;
    int64_t pc = S_provisioned(fn);
    bool arm = S_arm(fn);
    S_charge(mt, AW_METER_LAMBDA_REQUESTS, fn->id, invocations, pc == 0);
    if (invocations > 0 && fu && AW_IS_SET(fu->duration_ms)) {
        /* Duration is billed in whole milliseconds. */
        double seconds = ceil(fu->duration_ms) / 1000.0;
        double gb_s = invocations * seconds * S_memory_gb(fn);
        /* Little's law: executions in flight on average. */
        double in_flight = invocations / AW_COST_MONTH_S * seconds;
        double on_pc = pc > 0 && in_flight > 0 ? fmin(1.0, (double)pc / in_flight) : 0;
        S_charge(mt, arm ? AW_METER_PROVISIONED_DURATION_ARM : AW_METER_PROVISIONED_DURATION_X86, fn->id,
                 gb_s * on_pc, false);
        S_charge(mt, arm ? AW_METER_LAMBDA_ARM : AW_METER_LAMBDA_X86, fn->id, gb_s * (1 - on_pc), pc == 0);
    } else if (invocations > 0) {
        aw_cost_note(mt->out, "function '%s' has no latency: its duration is not priced", fn->id);
    }
    if (pc > 0)
        S_charge(mt, arm ? AW_METER_PROVISIONED_ARM : AW_METER_PROVISIONED_X86, fn->id,
                 (double)pc * S_memory_gb(fn) * AW_COST_MONTH_S, false);
}

static void S_price_functions(S_meterage *mt, const aw_model *model, const aw_cost_usage *u, double scale)
{
    const aw_cost_function_usage **by_node = calloc(model->node_count ? model->node_count : 1, sizeof *by_node);
    if (!by_node)
        abort();
    for (size_t i = 0; i < u->function_count; i++)
        by_node[u->functions[i].function->index] = &u->functions[i];
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *fn = model->nodes[i];
        if (fn->kind == AW_KIND_FUNCTION && (by_node[i] || S_provisioned(fn) > 0))
            S_price_function(mt, fn, by_node[i], scale);
    }
    free(by_node);
}

/* Lines in meter order (the order of the price list), each meter's lines in
 * the order they were billed; the REST caches after the API meters. */
static int S_line_order(const aw_cost_line *a, const aw_cost_line *b)
{
    int ra = a->meter == AW_METER_COUNT ? AW_METER_WS_MINUTES * 2 + 1 : (int)a->meter * 2;
    int rb = b->meter == AW_METER_COUNT ? AW_METER_WS_MINUTES * 2 + 1 : (int)b->meter * 2;
    return (ra > rb) - (ra < rb);
}

/* A stable insertion sort: a bill has tens of lines. */
static void S_sort_lines(aw_cost_breakdown *b)
{
    for (size_t i = 1; i < b->count; i++) {
        aw_cost_line x = b->lines[i];
        size_t j = i;
        for (; j > 0 && S_line_order(&b->lines[j - 1], &x) > 0; j--)
            b->lines[j] = b->lines[j - 1];
        b->lines[j] = x;
    }
}

bool aw_cost_price(const aw_model *model, const aw_region_prices *prices, const aw_cost_usage *usage,
                   const aw_cost_options *opt, aw_cost_breakdown *out)
{
    memset(out, 0, sizeof *out);
    aw_arena_init(&out->arena);
    S_meterage mt;
    S_meterage_init(&mt, prices, opt, out);
    double scale = usage->period_s > 0 ? AW_COST_MONTH_S / usage->period_s : 0;
    S_price_apis(&mt, model, usage, scale);
    S_price_caches(&mt, model);
    S_price_functions(&mt, model, usage, scale);
    S_sort_lines(out);
    return mt.ok;
}
