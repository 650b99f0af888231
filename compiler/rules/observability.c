/* Observability rules (AW-OBS-*): whether a production stage leaves enough
 * behind (access logs, traces, per-route metrics) to explain an incident
 * after the fact. Catalogue entries: rules.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../../ir/ir_fields.h"
#include "rules.h"

#define EACH_STAGE(ctx, n)                                                                                      \
    for (size_t n##_i = 0; n##_i < (ctx)->model->node_count; n##_i++)                                          \
        for (const aw_node *n = (ctx)->model->nodes[n##_i]; n && n->kind == AW_KIND_STAGE; n = NULL)

static bool S_word_in(const char *value, const char *const *words)
{
    for (size_t i = 0; value && words[i]; i++)
        if (strcasecmp(value, words[i]) == 0)
            return true;
    return false;
}

bool aw_stage_production(const aw_node *stage, char *why, size_t size)
{
    static const char *const names[] = {"prod", "production", "live", NULL};
    static const char *const keys[] = {"env", "environment", "stage", NULL};
    static const char *const values[] = {"prod", "production", NULL};
    if (S_word_in(stage->name, names)) {
        if (why)
            snprintf(why, size, "its name is \"%s\"", stage->name);
        return true;
    }
    for (size_t i = 0; i < stage->tags.count; i++) {
        const aw_pair *tag = &stage->tags.items[i];
        if (S_word_in(tag->key, keys) && S_word_in(tag->value, values)) {
            if (why)
                snprintf(why, size, "its tag %s is \"%s\"", tag->key, tag->value);
            return true;
        }
    }
    return false;
}

static bool S_is_production(const aw_node *stage)
{
    return aw_stage_production(stage, NULL, 0);
}

static const aw_node *S_api_of(const aw_node *stage)
{
    const aw_node *api = stage->as.stage.api.node;
    return api && api->kind == AW_KIND_API ? api : NULL;
}

/* The name a stage is deployed under, for messages. */
static const char *S_stage_name(const aw_node *stage)
{
    return stage->name ? stage->name : stage->id;
}

/* ---- AW-OBS-001..002: access logs ---------------------------------------- */

void aw_obs001_check(aw_lint_ctx *ctx)
{
    EACH_STAGE(ctx, node) {
        char why[192];
        if (node->as.stage.access_log || !aw_stage_production(node, why, sizeof why))
            continue;
        const aw_node *api = S_api_of(node);
        aw_diag *d = aw_lint_report(ctx, node, &node->loc, api ? &api->loc : NULL,
                                    "production stage '%s' (%s) writes no access log; it counts as production "
                                    "because %s",
                                    node->id, S_stage_name(node), why);
        if (api)
            aw_lint_relate(ctx, d, "API '%s' is served by it", api->id);
    }
}

static bool S_has_variable(const char *format, const char *const *variables)
{
    for (size_t i = 0; variables[i]; i++)
        if (strstr(format, variables[i]))
            return true;
    return false;
}

/* Every stage, production or not: a log line that cannot be tied to a
 * request, or that hides whether the back end or API Gateway failed, is
 * of little use wherever it is written. */
void aw_obs002_check(aw_lint_ctx *ctx)
{
    static const char *const request_ids[] = {"$context.requestId", "$context.extendedRequestId", NULL};
    static const char *const integration_statuses[] = {"$context.integration.status", "$context.integrationStatus",
                                                       NULL};
    EACH_STAGE(ctx, node) {
        const aw_access_log *log = node->as.stage.access_log;
        if (!log || !log->format)
            continue;
        bool id = S_has_variable(log->format, request_ids);
        bool status = S_has_variable(log->format, integration_statuses);
        if (id && status)
            continue;
        aw_lint_report(ctx, node, aw_lint_sub_field_loc(AW_KIND_STAGE, "accessLog", log, "format"), NULL,
                       "access log format of stage '%s' lacks %s%s%s", node->id,
                       id ? "" : "the request id ($context.requestId)", id || status ? "" : " and ",
                       status ? "" : "the integration status ($context.integration.status)");
    }
}

/* ---- AW-OBS-003..004: traces and metrics ---------------------------------- */

void aw_obs003_check(aw_lint_ctx *ctx)
{
    EACH_STAGE(ctx, node) {
        const aw_node *api = S_api_of(node);
        /* Only REST APIs can send traces to X-Ray; asking the others would
         * be asking the impossible. */
        if (!api || api->as.api.type != AW_API_REST || !S_is_production(node) || node->as.stage.tracing)
            continue;
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "tracing"), &api->loc,
                                    "production stage '%s' of REST API '%s' has X-Ray tracing off", node->id,
                                    api->id);
        aw_lint_relate(ctx, d, "REST API '%s' is declared here", api->id);
    }
}

void aw_obs004_check(aw_lint_ctx *ctx)
{
    EACH_STAGE(ctx, node) {
        if (!S_is_production(node) || node->as.stage.detailed_metrics)
            continue;
        aw_lint_report(ctx, node, aw_node_field_loc(node, "detailedMetrics"), NULL,
                       "production stage '%s' (%s) has no detailed metrics: CloudWatch shows the API's totals, "
                       "not which route fails or slows",
                       node->id, S_stage_name(node));
    }
}

/* ---- AW-OBS-005: execution logging ----------------------------------------- */

/* HTTP APIs have no execution logs, only access logs (AW-OBS-001). */
void aw_obs005_check(aw_lint_ctx *ctx)
{
    EACH_STAGE(ctx, node) {
        const aw_node *api = S_api_of(node);
        aw_log_level level = node->as.stage.log_level;
        char why[192];
        if (!api || api->as.api.type == AW_API_HTTP || (level != AW_LOGLEVEL_UNSET && level != AW_LOGLEVEL_OFF) ||
            !aw_stage_production(node, why, sizeof why))
            continue;
        aw_lint_report(ctx, node, aw_node_field_loc(node, "logLevel"), NULL,
                       "production stage '%s' of %s API '%s' writes no execution log (logLevel %s); it counts as "
                       "production because %s",
                       node->id, api->as.api.type == AW_API_REST ? "REST" : "WebSocket", api->id,
                       level == AW_LOGLEVEL_OFF ? "off" : "unset, so off", why);
    }
}
