/* ApiGateway resources of REST APIs: the RestApi with its OpenAPI body, a
 * deployment named after the body's content, stages with method settings
 * (throttling, caching, logging, metrics), access logs, canaries, WAF,
 * custom domains; and the usage plans and API keys of every API. */
#include "cfn.h"
#include "cfn_rest_form.h"
#include "design_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "openapi.h"

typedef struct rest {
    aw_cfn *c;
    const aw_node *api;
    char api_id[300];
} rest;

static void S_rest_api_ref(rest *r)
{
    aw_jw_key(r->c->w, "RestApiId");
    aw_cfn_ref(r->c->w, r->api_id);
}

static const char *S_endpoint_type(const aw_api *a)
{
    return a->endpoint == AW_ENDPOINT_EDGE ? "EDGE" : a->endpoint == AW_ENDPOINT_PRIVATE ? "PRIVATE" : "REGIONAL";
}

/* "/pets/{id}" as a method setting's resource path: "/~1pets~1{id}". */
static void S_resource_path(aw_strbuf *b, const char *path)
{
    aw_strbuf_putc(b, '/');
    for (const char *p = path; *p; p++) {
        if (*p == '/')
            aw_strbuf_puts(b, "~1");
        else
            aw_strbuf_putc(b, *p);
    }
}

static void S_method_setting_open(aw_jw *w, const char *method, const char *resource_path)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "HttpMethod", method);
    aw_jw_member_string(w, "ResourcePath", resource_path);
}

static void S_cache_settings(aw_jw *w, const aw_model *m, bool enabled, const double *ttl_ms, bool encrypted)
{
    aw_jw_member_bool(w, "CachingEnabled", enabled);
    if (!enabled)
        return;
    if (AW_IS_SET(*ttl_ms) && !aw_cfn_member_param(w, m, "CacheTtlInSeconds", ttl_ms))
        aw_jw_member_int(w, "CacheTtlInSeconds", (int64_t)(*ttl_ms / 1000));
    if (encrypted)
        aw_jw_member_bool(w, "CacheDataEncrypted", true);
}

/* The stage-wide settings, which every per-method setting repeats. The
 * stage's cache serves GET methods only; an override that set caching on
 * another method would turn it on there (a POST answered from the cache),
 * so only the stage-wide entry and GET overrides carry it. */
static void S_stage_wide_settings(aw_jw *w, const aw_model *m, const aw_stage *st, bool caches)
{
    aw_jw_member_bool(w, "MetricsEnabled", st->detailed_metrics);
    if (st->log_level)
        aw_jw_member_string(w, "LoggingLevel", aw_cfn_log_level(st->log_level));
    if (caches && st->cache && st->cache->enabled)
        S_cache_settings(w, m, true, &st->cache->ttl_ms, st->cache->encrypted);
}

/* One method's setting: the stage-wide ones, with the route's caching (on
 * a stage with a cache cluster) and throttle in place of the stage's. */
static void S_method_override(aw_jw *w, const aw_model *m, const aw_stage *st, const aw_cfn_override *o)
{
    static const char *const methods[] = {NULL, "*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    const aw_route *route = &o->route->as.route;
    aw_strbuf path = AW_STRBUF_INIT;
    S_resource_path(&path, route->path);
    S_method_setting_open(w, methods[route->method], path.data);
    aw_strbuf_free(&path);
    S_stage_wide_settings(w, m, st, route->method == AW_METHOD_GET && !o->cache);
    if (o->cache)
        S_cache_settings(w, m, o->cache->enabled, AW_IS_SET(o->cache->ttl_ms) ? &o->cache->ttl_ms : &st->cache->ttl_ms,
                         st->cache->encrypted);
    if (o->throttled)
        aw_cfn_throttle_members(w, m, o->rate, o->burst);
    else if (st->throttle)
        aw_cfn_throttle_members(w, m, &st->throttle->rate, &st->throttle->burst);
    aw_jw_end_object(w);
}

static void S_method_settings(rest *r, const aw_node *stage)
{
    const aw_stage *st = &stage->as.stage;
    aw_jw *w = r->c->w;
    const aw_model *m = r->c->d.model;
    aw_jw_key(w, "MethodSettings");
    aw_jw_array(w);
    S_method_setting_open(w, "*", "/*");
    S_stage_wide_settings(w, m, st, true);
    if (st->throttle)
        aw_cfn_throttle_members(w, m, &st->throttle->rate, &st->throttle->burst);
    aw_jw_end_object(w);
    aw_cfn_override *list;
    size_t count = aw_cfn_route_overrides(r->c, stage, &list);
    for (size_t i = 0; i < count; i++)
        if (list[i].route->as.route.path)   /* a route key REST APIs do not have is reported with the route */
            S_method_override(w, m, st, &list[i]);
    free(list);
    aw_jw_end_array(w);
}

static void S_stage(rest *r, const aw_node *node, const char *deployment)
{
    aw_cfn *c = r->c;
    const aw_stage *st = &node->as.stage;
    char id[300];
    aw_cfn_id(c, node, "Stage", id, sizeof id);
    aw_cfn_resource(c, node, id, "AWS::ApiGateway::Stage");
    S_rest_api_ref(r);
    aw_jw_key(c->w, "DeploymentId");
    aw_cfn_ref(c->w, deployment);
    aw_jw_member_string(c->w, "StageName", aw_deploy_name(node));
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    if (st->variables.count)
        aw_cfn_string_map(c->w, "Variables", &st->variables);
    if (st->tracing)
        aw_jw_member_bool(c->w, "TracingEnabled", true);
    if (st->cache && st->cache->enabled) {
        aw_jw_member_bool(c->w, "CacheClusterEnabled", true);
        if (!aw_cfn_member_param(c->w, c->d.model, "CacheClusterSize", &st->cache->size_gb)) {
            aw_jw_key(c->w, "CacheClusterSize");
            aw_jw_stringf(c->w, "%g", st->cache->size_gb);
        }
    }
    S_method_settings(r, node);
    if (st->access_log)
        aw_cfn_access_log(c, node, "AccessLogSetting");
    if (st->canary) {
        aw_jw_key(c->w, "CanarySetting");
        aw_jw_object(c->w);
        aw_jw_member_number(c->w, "PercentTraffic", st->canary->percent);
        if (st->canary->variables.count)
            aw_cfn_string_map(c->w, "StageVariableOverrides", &st->canary->variables);
        aw_jw_member_bool(c->w, "UseStageCache", false);
        aw_jw_end_object(c->w);
    }
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
    aw_cfn_invoke_url(c, node, r->api_id, "https");
    aw_cfn_logging_role_note(c, node);
    if (r->api->as.api.waf_web_acl) {
        char waf[300];
        aw_cfn_id(c, node, "WebAclAssociation", waf, sizeof waf);
        aw_cfn_resource(c, node, waf, "AWS::WAFv2::WebACLAssociation");
        aw_subst arn = AW_SUBST_INIT;
        aw_subst_arn(&arn, "apigateway", false);
        aw_subst_lit(&arn, ":/restapis/");
        aw_subst_ref(&arn, r->api_id);
        aw_subst_lit(&arn, "/stages/");
        aw_subst_ref(&arn, id);
        aw_jw_key(c->w, "ResourceArn");
        aw_deploy_write_subst(&c->d, c->w, &arn);
        aw_jw_member_string(c->w, "WebACLArn", r->api->as.api.waf_web_acl);
        aw_cfn_resource_end(c);
    }
}

static void S_domain(rest *r)
{
    aw_cfn *c = r->c;
    const aw_api *a = &r->api->as.api;
    const aw_custom_domain *dom = a->domain;
    bool edge = a->endpoint == AW_ENDPOINT_EDGE;
    char id[300];
    aw_cfn_id(c, r->api, "DomainName", id, sizeof id);
    aw_cfn_resource(c, r->api, id, "AWS::ApiGateway::DomainName");
    aw_jw_member_string(c->w, "DomainName", dom->domain_name);
    aw_jw_key(c->w, edge ? "CertificateArn" : "RegionalCertificateArn");
    aw_cfn_certificate(c, r->api);
    aw_jw_key(c->w, "EndpointConfiguration");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "Types");
    aw_jw_array_inline(c->w);
    aw_jw_string(c->w, edge ? "EDGE" : "REGIONAL");
    aw_jw_end_array(c->w);
    aw_jw_end_object(c->w);
    aw_jw_member_string(c->w, "SecurityPolicy", dom->min_tls == AW_TLS_1_0 ? "TLS_1_0" : "TLS_1_2");
    aw_cfn_tags_list(c, r->api);
    aw_cfn_resource_end(c);
    aw_cfn_domain_mappings(c, r->api, id);
    aw_cfn_domain_record(c, r->api, id, edge);
}

/* A route's caching takes effect on stages with a cache cluster only. */
static void S_report_idle_route_caches(rest *r, const aw_api_parts *parts)
{
    for (size_t i = 0; i < parts->stage_count; i++)
        if (parts->stages[i]->as.stage.cache && parts->stages[i]->as.stage.cache->enabled)
            return;
    for (size_t i = 0; i < parts->route_count; i++)
        if (parts->routes[i]->as.route.cache)
            aw_deploy_warn(&r->c->d, parts->routes[i], aw_node_field_loc(parts->routes[i], "cache"),
                           "route '%s' sets its caching, but no stage of API '%s' has a cache cluster, so it "
                           "changes nothing", parts->routes[i]->id, r->api->id);
}

/* Writes the API's OpenAPI document as the RestApi's Body, its tags, and
 * ends the resource; *hash is the body's. False, with nothing written,
 * when the resource, from api_start on, would take more than
 * AW_CFN_BODY_RESOURCE_BYTES: such an API is written as resources, which
 * the split spreads over several stacks. The document is written where it
 * goes and taken back then, which costs nothing in the common case; its
 * reports, made again by the resource form, are kept once by the build. */
static bool S_body(rest *r, size_t api_start, uint64_t *hash)
{
    aw_cfn *c = r->c;
    aw_cfn_mark before = aw_cfn_mark_here(c);
    aw_jw_key(c->w, "Body");
    size_t body_start = c->w->out->len;
    aw_openapi_write(&c->d, c->w, r->api);
    size_t body_end = c->w->out->len;
    aw_cfn_tags_list(c, r->api);
    if (aw_cfn_body_taken_back(c, api_start, &before))
        return false;
    /* Hashed without the design metadata: a design fact deploys nothing new. */
    *hash = aw_design_meta_hash(AW_DEPLOY_HASH_SEED, c->w->out->data + body_start, body_end - body_start);
    aw_cfn_resource_end(c);
    return true;
}

void aw_cfn_rest_api(aw_cfn *c, const aw_node *api)
{
    rest r = {c, api, {0}};
    const aw_api *a = &api->as.api;
    aw_cfn_id(c, api, "RestApi", r.api_id, sizeof r.api_id);
    size_t api_start = c->w->out->len;
    aw_cfn_resource(c, api, r.api_id, "AWS::ApiGateway::RestApi");
    aw_jw_member_string(c->w, "Name", aw_deploy_name(api));
    if (api->description)
        aw_jw_member_string(c->w, "Description", api->description);
    aw_jw_key(c->w, "EndpointConfiguration");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "Types");
    aw_jw_array_inline(c->w);
    aw_jw_string(c->w, S_endpoint_type(a));
    aw_jw_end_array(c->w);
    aw_jw_end_object(c->w);
    if (a->disable_default_endpoint)
        aw_jw_member_bool(c->w, "DisableExecuteApiEndpoint", true);
    /* The body is written in place, and the deployment named after its
     * text: a changed API gets a new deployment. An API in resource form
     * (cfn_rest_form.c) is named after all its resources' text alike. */
    bool resources = aw_deploy_rest_resource_form(&c->d, api);
    aw_rest_form form;
    uint64_t hash = 0;
    if (!resources && !S_body(&r, api_start, &hash))
        resources = true;
    if (resources) {
        aw_rest_form_open(&form, c, api, r.api_id);
        aw_rest_form_api_properties(&form);
        aw_cfn_tags_list(c, api);
        aw_cfn_resource_end(c);
        aw_rest_form_resources(&form);
        hash = aw_design_meta_hash(AW_DEPLOY_HASH_SEED, c->w->out->data + api_start, c->w->out->len - api_start);
    }

    char deployment[300];
    snprintf(deployment, sizeof deployment, "%sDeployment%08llx", aw_logical_id(&c->d.ids, api),
             (unsigned long long)(hash & 0xffffffffu));
    aw_cfn_resource_typed(c, api, deployment, "AWS::ApiGateway::Deployment");
    if (resources) {
        aw_rest_form_depends_on(&form);     /* a deployment of every method */
        aw_rest_form_close(&form);
    }
    aw_cfn_properties(c);
    S_rest_api_ref(&r);
    aw_jw_member_string(c->w, "Description", "the routes of the diagram");
    aw_cfn_resource_end(c);
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    for (size_t i = 0; i < parts->stage_count; i++)
        S_stage(&r, parts->stages[i], deployment);
    S_report_idle_route_caches(&r, parts);
    if (a->domain)
        S_domain(&r);
}

/* ---- usage plans and API keys ---------------------------------------------------- */

void aw_cfn_api_key(aw_cfn *c, const aw_node *node)
{
    char id[300];
    aw_cfn_id(c, node, "ApiKey", id, sizeof id);
    aw_cfn_resource(c, node, id, "AWS::ApiGateway::ApiKey");
    aw_jw_member_string(c->w, "Name", aw_deploy_name(node));
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    aw_jw_member_bool(c->w, "Enabled", node->as.api_key.enabled);
    if (node->as.api_key.customer_id)
        aw_jw_member_string(c->w, "CustomerId", node->as.api_key.customer_id);
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
}

static void S_plan_throttle(aw_jw *w, const aw_model *m, const double *rate, const int64_t *burst)
{
    aw_jw_object(w);
    if (!aw_cfn_member_param(w, m, "RateLimit", rate))
        aw_jw_member_number(w, "RateLimit", *rate);
    if (*burst != AW_UNSET_INT && !aw_cfn_member_param(w, m, "BurstLimit", burst))
        aw_jw_member_int(w, "BurstLimit", *burst);
    aw_jw_end_object(w);
}

/* A plan's throttles of single routes of one API stage, keyed as API
 * Gateway names a method in a usage plan: "/pets/{id}/GET". */
static void S_plan_route_throttles(aw_cfn *c, const aw_node *plan, const aw_node *api)
{
    const aw_usage_plan *up = &plan->as.usage_plan;
    bool open = false;
    for (size_t k = 0; k < up->route_throttle_count; k++) {
        const aw_route_throttle *rt = &up->route_throttles[k];
        const aw_route *route = &rt->route.node->as.route;
        if (rt->route.node->owner_api != api)
            continue;
        if (!route->path) {
            aw_deploy_report(&c->d, plan, &rt->route.loc, "usage plans throttle REST methods only; usage plan '%s' "
                             "cannot throttle route '%s', which has no path", plan->id, rt->route.id);
            continue;
        }
        if (!open)
            aw_jw_key(c->w, "Throttle"), aw_jw_object(c->w), open = true;
        aw_jw_keyf(c->w, "%s/%s", route->path, aw_cfn_route_method(rt->route.node));
        S_plan_throttle(c->w, c->d.model, &rt->rate, &rt->burst);
    }
    if (open)
        aw_jw_end_object(c->w);
}

void aw_cfn_usage_plan(aw_cfn *c, const aw_node *node)
{
    const aw_usage_plan *up = &node->as.usage_plan;
    char id[300];
    aw_cfn_id(c, node, "UsagePlan", id, sizeof id);
    aw_cfn_resource(c, node, id, "AWS::ApiGateway::UsagePlan");
    aw_jw_member_string(c->w, "UsagePlanName", aw_deploy_name(node));
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    if (up->stages.count) {
        aw_jw_key(c->w, "ApiStages");
        aw_jw_array(c->w);
        for (size_t i = 0; i < up->stages.count; i++) {
            const aw_node *stage = up->stages.items[i].node;
            if (!(AW_USAGE_PLAN_API_TYPES & AW_API_TYPE_BIT(stage->owner_api->as.api.type))) {
                aw_deploy_report(&c->d, node, &up->stages.items[i].loc,
                                 "usage plans do not cover stages of %s APIs; usage plan '%s' leaves out stage '%s'",
                                 aw_api_type_title(stage->owner_api->as.api.type), node->id, stage->id);
                continue;
            }
            char api_id[300], stage_id[300];
            aw_cfn_id(c, stage->owner_api, stage->owner_api->as.api.type == AW_API_REST ? "RestApi" : "Api", api_id,
                      sizeof api_id);
            aw_cfn_id(c, stage, "Stage", stage_id, sizeof stage_id);
            aw_jw_object(c->w);
            aw_jw_key(c->w, "ApiId");
            aw_cfn_ref(c->w, api_id);
            aw_jw_key(c->w, "Stage");
            aw_cfn_ref(c->w, stage_id);
            S_plan_route_throttles(c, node, stage->owner_api);
            aw_jw_end_object(c->w);
        }
        aw_jw_end_array(c->w);
    }
    if (up->throttle) {
        aw_jw_key(c->w, "Throttle");
        S_plan_throttle(c->w, c->d.model, &up->throttle->rate, &up->throttle->burst);
    }
    if (up->quota) {
        static const char *const periods[] = {NULL, "DAY", "WEEK", "MONTH"};
        aw_jw_key(c->w, "Quota");
        aw_jw_object(c->w);
        if (!aw_cfn_member_param(c->w, c->d.model, "Limit", &up->quota->limit))
            aw_jw_member_int(c->w, "Limit", up->quota->limit);
        if (up->quota->period)
            aw_jw_member_string(c->w, "Period", periods[up->quota->period]);
        aw_jw_end_object(c->w);
    }
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
    for (size_t i = 0; i < up->api_keys.count; i++) {
        const aw_node *key = up->api_keys.items[i].node;
        char key_id[300], link[700];
        aw_cfn_id(c, key, "ApiKey", key_id, sizeof key_id);
        snprintf(link, sizeof link, "%s%sUsagePlanKey", aw_logical_id(&c->d.ids, node), aw_logical_id(&c->d.ids, key));
        aw_cfn_resource(c, node, link, "AWS::ApiGateway::UsagePlanKey");
        aw_jw_key(c->w, "KeyId");
        aw_cfn_ref(c->w, key_id);
        aw_jw_member_string(c->w, "KeyType", "API_KEY");
        aw_jw_key(c->w, "UsagePlanId");
        aw_cfn_ref(c->w, id);
        aw_cfn_resource_end(c);
    }
}
