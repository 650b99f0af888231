/* Node titles, detail lines and call labels of a picture, spelt as the
 * diagram format spells values ("29s", "nodejs22.x") through the field
 * tables, so that a picture and its diagram use the same words. */
#include "render_label.h"

#include <stdio.h>
#include <string.h>

#include "../ir/ir_fields.h"

typedef void (*detail_fn)(const aw_node *node, aw_strbuf *out);

/* Appends a kind-specific field as the diagram spells it, if it is set;
 * sep goes before it unless the buffer is still empty. */
static void S_field(const aw_node *node, const char *name, const char *sep, aw_strbuf *out)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    const aw_field *f = aw_struct_field(kd->desc, name);
    const void *base = (const char *)node + kd->union_offset;
    if (!f || !aw_field_is_set(f, base) || (f->type == AW_F_BOOL && !*(const bool *)aw_field_ptr((void *)base, f)))
        return;
    if (out->len)
        aw_strbuf_puts(out, sep);
    aw_field_format_scalar(out, f, base);
}

/* Whether the diagram itself wrote the field (not a default). */
static bool S_written(const aw_node *node, const char *name)
{
    return aw_node_field_loc(node, name) != &node->loc;
}

/* A count with thousands separators: a quota of 100,000,000 reads at once. */
static void S_count(aw_strbuf *out, int64_t v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && digits[i - 1] != '-' && (n - i) % 3 == 0)
            aw_strbuf_putc(out, ',');
        aw_strbuf_putc(out, digits[i]);
    }
}

/* A rate: whole numbers grouped like counts, fractions as the diagram has them. */
static void S_rate(aw_strbuf *out, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        S_count(out, (int64_t)v);
    else
        aw_strbuf_number(out, v);
}

static void S_rate_burst(aw_strbuf *out, double rate, int64_t burst)
{
    S_rate(out, rate);
    aw_strbuf_puts(out, " req/s, burst ");
    S_count(out, burst);
}

static void S_throttle(const aw_throttle *t, aw_strbuf *out)
{
    if (!t)
        return;
    if (out->len)
        aw_strbuf_puts(out, ", ");
    S_rate_burst(out, t->rate, t->burst);
}

static void S_api(const aw_node *n, aw_strbuf *out)
{
    static const char *const names[] = {"API", "HTTP API", "REST API", "WebSocket API"};
    aw_strbuf_puts(out, names[n->as.api.type]);
    if (n->as.api.domain && n->as.api.domain->domain_name)
        aw_strbuf_printf(out, ", %s", n->as.api.domain->domain_name);
}

static void S_route(const aw_node *n, aw_strbuf *out)
{
    aw_strbuf_puts(out, n->id);
    if (n->as.route.api_key_required)
        aw_strbuf_puts(out, ", API key");
}

static void S_stage(const aw_node *n, aw_strbuf *out)
{
    S_throttle(n->as.stage.throttle, out);
    if (n->as.stage.canary) {
        aw_strbuf_puts(out, out->len ? ", canary " : "canary ");
        aw_strbuf_number(out, n->as.stage.canary->percent);
        aw_strbuf_putc(out, '%');
    }
}

static void S_integration(const aw_node *n, aw_strbuf *out)
{
    S_field(n, "type", "", out);
    S_field(n, "service", " ", out);
    S_field(n, "action", ":", out);
}

static void S_authorizer(const aw_node *n, aw_strbuf *out)
{
    static const char *const names[] = {"authorizer", "IAM", "Cognito", "JWT", "Lambda"};
    aw_strbuf_printf(out, "%s authorizer", names[n->as.authorizer.type]);
}

static void S_usage_plan(const aw_node *n, aw_strbuf *out)
{
    S_throttle(n->as.usage_plan.throttle, out);
    const aw_quota *q = n->as.usage_plan.quota;
    if (q) {
        static const char *const per[] = {"", "day", "week", "month"};
        aw_strbuf_puts(out, out->len ? ", " : "");
        S_count(out, q->limit);
        aw_strbuf_printf(out, " a %s", per[q->period]);
    }
}

static void S_api_key(const aw_node *n, aw_strbuf *out)
{
    S_field(n, "customerId", "", out);
}

static void S_function(const aw_node *n, aw_strbuf *out)
{
    S_field(n, "runtime", "", out);
    if (n->as.function.memory_mb != AW_UNSET_INT)
        aw_strbuf_printf(out, "%s%lld MB", out->len ? ", " : "", (long long)n->as.function.memory_mb);
}

static void S_vpc_link(const aw_node *n, aw_strbuf *out)
{
    aw_strbuf_printf(out, "%zu subnet%s", n->as.vpc_link.subnets.count, n->as.vpc_link.subnets.count == 1 ? "" : "s");
}

static void S_load_balancer(const aw_node *n, aw_strbuf *out)
{
    static const char *const names[] = {"load balancer", "NLB", "ALB"};
    aw_strbuf_puts(out, names[n->as.load_balancer.type]);
    if (n->as.load_balancer.targets != AW_UNSET_INT)
        aw_strbuf_printf(out, ", %lld targets", (long long)n->as.load_balancer.targets);
}

static void S_datastore(const aw_node *n, aw_strbuf *out)
{
    static const char *const engines[] = {"data store", "DynamoDB", "RDS", "Aurora", "S3", "SQS",
                                          "Kinesis", "SNS", "EventBridge", "Step Functions"};
    aw_strbuf_puts(out, engines[n->as.datastore.engine]);
    S_field(n, "resourceName", " ", out);
    if (n->as.datastore.fifo)
        aw_strbuf_puts(out, " (FIFO)");
}

/* The host of a URL, which says more than the whole URL in a small box. */
static void S_http_backend(const aw_node *n, aw_strbuf *out)
{
    const char *url = n->as.http_backend.url;
    if (!url)
        return;
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    aw_strbuf_put(out, host, strcspn(host, "/?#"));
}

static void S_client(const aw_node *n, aw_strbuf *out)
{
    const aw_traffic *t = n->as.client.traffic;
    if (!t || !AW_IS_SET(t->rate))
        return;
    S_rate(out, t->rate);
    if (AW_IS_SET(t->peak_rate)) {
        aw_strbuf_puts(out, "-");
        S_rate(out, t->peak_rate);
    }
    aw_strbuf_puts(out, " req/s");
}

static const detail_fn S_details[AW_KIND_COUNT] = {
    [AW_KIND_API] = S_api,
    [AW_KIND_ROUTE] = S_route,
    [AW_KIND_STAGE] = S_stage,
    [AW_KIND_INTEGRATION] = S_integration,
    [AW_KIND_AUTHORIZER] = S_authorizer,
    [AW_KIND_USAGE_PLAN] = S_usage_plan,
    [AW_KIND_API_KEY] = S_api_key,
    [AW_KIND_FUNCTION] = S_function,
    [AW_KIND_VPC_LINK] = S_vpc_link,
    [AW_KIND_LOAD_BALANCER] = S_load_balancer,
    [AW_KIND_DATASTORE] = S_datastore,
    [AW_KIND_HTTP_BACKEND] = S_http_backend,
    [AW_KIND_CLIENT] = S_client,
};

void aw_render_node_detail(const aw_node *node, aw_strbuf *out)
{
    S_details[node->kind](node, out);
}

void aw_render_node_title(const aw_node *node, aw_strbuf *out)
{
    const aw_route *r = &node->as.route;
    if (node->kind == AW_KIND_ROUTE && r->route_key)
        aw_strbuf_puts(out, r->route_key);
    else if (node->kind == AW_KIND_ROUTE && r->path) {
        S_field(node, "method", "", out);
        aw_strbuf_printf(out, " %s", r->path);
    } else
        aw_strbuf_puts(out, node->name ? node->name : node->id);
}

void aw_render_stage_throttle(const aw_node *stage, const aw_route_throttle *t, aw_strbuf *out)
{
    aw_strbuf_printf(out, "%s%s: ", out->len ? ", " : "", stage->name ? stage->name : stage->id);
    S_rate_burst(out, t->rate, t->burst);
}

void aw_render_call_label(const aw_node *route, const aw_node *integration, aw_strbuf *out)
{
    S_field(integration, "type", "", out);
    if (S_written(integration, "timeout"))
        S_field(integration, "timeout", ", timeout ", out);
    if (route)
        S_throttle(route->as.route.throttle, out);
}
