/* REST APIs of a template (AWS::ApiGateway::*): the API and its OpenAPI
 * body, stages with their method settings, authorizers, methods written as
 * resources, usage plans and API keys. */
#include <string.h>

#include "cfn_types.h"

static const aw_iprop S_rest_api_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"DisableExecuteApiEndpoint", "disableDefaultEndpoint", aw_iput_bool, NULL},
    {"EndpointConfiguration", NULL, NULL, NULL},
    {"ApiKeySourceType", "apiKeySource", aw_iput_lower, NULL},
    {"BinaryMediaTypes", "binaryMediaTypes", aw_iput_strings, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {"Body", NULL, NULL, NULL},
    {"BodyS3Location", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_endpoint_rows[] = {
    {"Types", "endpoint", aw_iput_first_lower, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_rest_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    aw_itree_set_string(im, node, "type", "rest", &node->loc);
    aw_import_props(im, node, props, S_rest_api_rows, logical_id);
    aw_import_props(im, node, aw_import_get(props, "EndpointConfiguration"), S_endpoint_rows, logical_id);
    const aw_doc *body = aw_import_definition(im, aw_import_get(props, "Body"), NULL);
    const aw_doc *s3 = aw_import_get(props, "BodyS3Location");
    if (body)
        aw_import_openapi(im, body, node, "rest");
    if (s3)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-006", &s3->loc, "%s",
                         "BodyS3Location is a document in S3, which an import does not fetch; import the "
                         "OpenAPI file itself");
}

static const aw_iprop S_cache_rows[] = {
    {"CachingEnabled", "enabled", aw_iput_bool, NULL},
    {"CacheTtlInSeconds", "ttl", aw_iput_seconds_param, NULL},
    {"CacheDataEncrypted", "encrypted", aw_iput_bool, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_method_setting_rows[] = {
    {"HttpMethod", NULL, NULL, NULL},
    {"ResourcePath", NULL, NULL, NULL},
    {"ThrottlingRateLimit", "rate", aw_iput_int_param, NULL},
    {"ThrottlingBurstLimit", "burst", aw_iput_int_param, NULL},
    {"MetricsEnabled", NULL, NULL, NULL},
    {"LoggingLevel", NULL, NULL, NULL},
    {"DataTraceEnabled", NULL, NULL, NULL},
    {"CachingEnabled", NULL, NULL, NULL},
    {"CacheTtlInSeconds", NULL, NULL, NULL},
    {"CacheDataEncrypted", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

/* MethodSettings of every method on every path are the stage's own. */
static void S_stage_defaults(aw_import *im, aw_doc *stage, const aw_doc *setting, const char *owner)
{
    aw_doc *throttle = aw_itree_object(im, &setting->loc);
    aw_import_props(im, throttle, setting, S_method_setting_rows, owner);
    if (throttle->as.object.count)
        aw_itree_set(im, stage, "throttle", throttle);
    static const aw_iprop own[] = {
        {"MetricsEnabled", "detailedMetrics", aw_iput_bool, NULL},
        {"LoggingLevel", "logLevel", aw_iput_lower, NULL},
        {NULL, NULL, NULL, NULL},
    };
    for (const aw_iprop *row = own; row->prop; row++) {
        const aw_doc *v = aw_import_get(setting, row->prop);
        if (v)
            row->put(im, stage, row, v);
    }
    aw_doc *cache = aw_itree_get(stage, "cache");
    for (const aw_iprop *row = S_cache_rows; cache && row->prop; row++) {
        const aw_doc *v = aw_import_get(setting, row->prop);
        if (v)
            row->put(im, cache, row, v);
    }
}

/* ResourcePath "/~1pets~1{id}" is the path /pets/{id}. */
static const char *S_unescape_path(aw_import *im, const char *p)
{
    char *out = aw_arena_alloc(im->arena, strlen(p) + 1);
    size_t w = 0;
    for (size_t i = p[0] == '/' ? 1 : 0; p[i]; i++) {
        if (p[i] == '~' && p[i + 1] == '1') {
            out[w++] = '/';
            i++;
        } else {
            out[w++] = p[i];
        }
    }
    return out;
}

static const char *S_route_for(aw_import *im, const char *api, const char *method, const char *path)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *n = im->nodes->as.array.items[i];
        const aw_doc *a = aw_itree_get(n, "api"), *m = aw_itree_get(n, "method"), *p = aw_itree_get(n, "path");
        if (a && m && p && strcmp(a->as.string.chars, api) == 0 && strcmp(p->as.string.chars, path) == 0 &&
            strcmp(m->as.string.chars, method) == 0)
            return aw_itree_id(n);
    }
    return NULL;
}

static const aw_iprop S_route_cache_rows[] = {
    {"CachingEnabled", "enabled", aw_iput_bool, NULL},
    {"CacheTtlInSeconds", "ttl", aw_iput_seconds_param, NULL},
    {NULL, NULL, NULL, NULL},
};

/* A method's own caching: the route's cache, which the format applies on
 * every stage with a cache cluster; a method cached as the stage caches
 * every GET (what a build writes for each) says nothing of its own. */
static void S_route_cache(aw_import *im, aw_doc *route, const aw_doc *stage, const aw_doc *setting)
{
    aw_doc *cache = aw_itree_object(im, &setting->loc);
    for (const aw_iprop *row = S_route_cache_rows; row->prop; row++) {
        const aw_doc *v = aw_import_get(setting, row->prop);
        if (v)
            row->put(im, cache, row, v);
    }
    const aw_doc *enabled = aw_itree_get(cache, "enabled"), *ttl = aw_itree_get(cache, "ttl");
    const aw_doc *stage_ttl = aw_itree_get(aw_itree_get(stage, "cache"), "ttl");
    bool as_stage = enabled && enabled->kind == AW_DOC_BOOL && enabled->as.boolean &&
                    (!ttl || (stage_ttl && strcmp(ttl->as.string.chars, stage_ttl->as.string.chars) == 0));
    aw_doc *own = route ? aw_itree_get(route, "cache") : NULL;     /* its keys, from the body */
    for (size_t i = 0; own && !as_stage && i < cache->as.object.count; i++)
        aw_itree_copy_member(im, own, &cache->as.object.members[i]);
    if (route && !own && cache->as.object.count && !as_stage)
        aw_itree_set(im, route, "cache", cache);
}

static bool S_throttles_as_stage(const aw_doc *stage, const aw_doc *item)
{
    const aw_doc *own = aw_itree_get(stage, "throttle");
    static const char *const keys[] = {"rate", "burst"};
    for (size_t i = 0; i < 2; i++) {
        const aw_doc *a = aw_itree_get(own, keys[i]), *b = aw_itree_get(item, keys[i]);
        if ((a == NULL) != (b == NULL) || (a && (a->kind != AW_DOC_NUMBER || b->kind != AW_DOC_NUMBER ||
                                                 a->as.number.value != b->as.number.value)))
            return false;
    }
    return own != NULL;
}

static void S_method_override(aw_import *im, aw_doc *stage, const char *api, const aw_doc *setting, const char *owner)
{
    const char *method = aw_import_text(im, aw_import_get(setting, "HttpMethod"), "HttpMethod");
    const char *path = aw_import_text(im, aw_import_get(setting, "ResourcePath"), "ResourcePath");
    const char *route = method && path && api
                            ? S_route_for(im, api, strcmp(method, "*") == 0 ? "ANY" : method, S_unescape_path(im, path))
                            : NULL;
    if (!route) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &setting->loc, "%s",
                         "method settings that name no route of the stage's API are left out");
        return;
    }
    aw_doc *item = aw_itree_object(im, &setting->loc);
    aw_itree_set_string(im, item, "route", route, &setting->loc);
    aw_import_props(im, item, setting, S_method_setting_rows, owner);
    S_route_cache(im, aw_strset_find(&im->ids, route), stage, setting);
    if (item->as.object.count == 1 || S_throttles_as_stage(stage, item))
        return;     /* caching only: a build repeats the stage's throttle in each override */
    aw_doc *list = aw_itree_get(stage, "routeThrottles");
    if (!list) {
        list = aw_itree_array(im, &setting->loc);
        aw_itree_set(im, stage, "routeThrottles", list);
    }
    aw_itree_push(im, list, item);
}

static void S_method_settings(aw_import *im, aw_doc *stage, const char *api, const aw_doc *list, const char *owner)
{
    for (size_t i = 0; list->kind == AW_DOC_ARRAY && i < list->as.array.count; i++) {
        const aw_doc *s = list->as.array.items[i];
        const char *m = aw_import_text(im, aw_import_get(s, "HttpMethod"), NULL);
        const char *p = aw_import_text(im, aw_import_get(s, "ResourcePath"), NULL);
        if (m && p && strcmp(m, "*") == 0 && strcmp(p, "/*") == 0)
            S_stage_defaults(im, stage, s, owner);
        else
            S_method_override(im, stage, api, s, owner);
    }
}

static const aw_iprop S_canary_rows[] = {
    {"PercentTraffic", "percent", aw_iput_int, NULL},
    {"StageVariableOverrides", "variables", aw_iput_map, NULL},
    {"UseStageCache", NULL, aw_iput_derived, NULL},
    {"DeploymentId", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_rest_stage_rows[] = {
    {"RestApiId", NULL, NULL, NULL},
    {"DeploymentId", NULL, aw_iput_derived, NULL},
    {"StageName", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"Variables", "variables", aw_iput_map, NULL},
    {"TracingEnabled", "tracing", aw_iput_bool, NULL},
    {"MethodSettings", NULL, NULL, NULL},
    {"AccessLogSetting", "accessLog", aw_iput_object, aw_import_access_log_rows},
    {"CacheClusterEnabled", NULL, NULL, NULL},
    {"CacheClusterSize", NULL, NULL, NULL},
    {"CanarySetting", "canary", aw_iput_object, S_canary_rows},
    {"Tags", "tags", aw_iput_tags, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_stage_cache(aw_import *im, aw_doc *stage, const aw_doc *props)
{
    const aw_doc *enabled = aw_import_get(props, "CacheClusterEnabled");
    const aw_doc *size = aw_import_get(props, "CacheClusterSize");
    if (!enabled && !size)
        return;
    aw_doc *cache = aw_itree_object(im, enabled ? &enabled->loc : &size->loc);
    if (enabled)
        aw_iput_bool(im, cache, &(aw_iprop){"CacheClusterEnabled", "enabled", NULL, NULL}, enabled);
    double gb;
    if (size && !aw_import_number_param(im, cache, "sizeGb", size) && aw_import_number(im, size, &gb))
        aw_itree_set(im, cache, "sizeGb", aw_itree_number(im, gb, &size->loc));
    aw_itree_set(im, stage, "cache", cache);
}

void aw_tpl_rest_stage(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "RestApiId", "stage");
    aw_itree_set_string(im, node, "api", api, &node->loc);
    aw_import_props(im, node, props, S_rest_stage_rows, logical_id);
    S_stage_cache(im, node, props);
    const aw_doc *settings = aw_import_get(props, "MethodSettings");
    if (settings)
        S_method_settings(im, node, api, settings, logical_id);
}

static const aw_iprop S_rest_authorizer_rows[] = {
    {"RestApiId", NULL, NULL, NULL},
    {"Name", "name", aw_iput_text, NULL},
    {"Type", NULL, NULL, NULL},
    {"AuthorizerUri", NULL, NULL, NULL},
    {"IdentitySource", "identitySources", aw_iput_source_list, NULL},
    {"ProviderARNs", NULL, NULL, NULL},
    {"AuthorizerResultTtlInSeconds", "resultTtl", aw_iput_seconds, NULL},
    {"AuthorizerCredentials", "role", aw_iput_credentials, NULL},
    {"IdentityValidationExpression", NULL, NULL, NULL},
    {"JwtConfiguration", NULL, aw_iput_rest_jwt, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_rest_authorizer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *type_doc = aw_import_get(props, "Type");
    const char *type = aw_import_text(im, type_doc, "Type");
    const aw_loc *loc = type_doc ? &type_doc->loc : &node->loc;
    /* A JWT authorizer is known by its JwtConfiguration (which
     * AWS::ApiGateway::Authorizer requires of one), or a Type of JWT, the
     * name its methods' AuthorizationType gives the kind; without the
     * configuration the diagram's checks say what it lacks. */
    if (aw_import_get(props, "JwtConfiguration") || (type && strcmp(type, "JWT") == 0)) {
        aw_itree_set_string(im, node, "type", "jwt", loc);
    } else if (type && strcmp(type, "COGNITO_USER_POOLS") == 0) {
        aw_itree_set_string(im, node, "type", "cognito", loc);
        const aw_doc *pools = aw_import_get(props, "ProviderARNs");
        if (pools && pools->kind == AW_DOC_ARRAY && pools->as.array.count)
            aw_itree_set_string(im, node, "userPool", aw_import_text(im, pools->as.array.items[0], "ProviderARNs"),
                                &pools->loc);
    } else {
        aw_itree_set_string(im, node, "type", "lambda", loc);
        aw_itree_set_string(im, node, "lambdaType", type && strcmp(type, "REQUEST") == 0 ? "request" : "token", loc);
        aw_tpl_authorizer_function(im, node, aw_import_get(props, "AuthorizerUri"));
    }
    aw_import_props(im, node, props, S_rest_authorizer_rows, logical_id);
    /* CloudFormation requires a Name, which a build gives an authorizer
     * that has none as its id: that one is no name of the diagram's. */
    const aw_doc *name = aw_itree_get(node, "name");
    const aw_doc *id = aw_import_get(aw_import_get(aw_import_get(res, "Metadata"), "Archway"), "id");
    if (name && id && name->kind == AW_DOC_STRING && id->kind == AW_DOC_STRING &&
        strcmp(name->as.string.chars, id->as.string.chars) == 0)
        aw_itree_remove(node, "name");
}

static const aw_iprop S_plan_throttle_rows[] = {
    {"RateLimit", "rate", aw_iput_int_param, NULL},
    {"BurstLimit", "burst", aw_iput_int_param, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_quota_rows[] = {
    {"Limit", "limit", aw_iput_int_param, NULL},
    {"Period", "period", aw_iput_lower, NULL},
    {"Offset", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_plan_rows[] = {
    {"UsagePlanName", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"ApiStages", NULL, NULL, NULL},
    {"Throttle", "throttle", aw_iput_object, S_plan_throttle_rows},
    {"Quota", "quota", aw_iput_object, S_quota_rows},
    {"Tags", "tags", aw_iput_tags, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_api_stage_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"Stage", "stage", aw_iput_ref, NULL},
    {"Throttle", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

/* ApiStages[].Throttle: "/path/METHOD" -> the plan's throttle of that
 * route of the stage's API. */
static void S_plan_route_throttles(aw_import *im, aw_doc *plan, const aw_doc *api_stage, const char *owner)
{
    const aw_doc *throttles = aw_import_get(api_stage, "Throttle");
    const char *api = aw_import_node_id(im, aw_import_ref(im, aw_import_get(api_stage, "ApiId")));
    for (size_t i = 0; throttles && throttles->kind == AW_DOC_OBJECT && i < throttles->as.object.count; i++) {
        const aw_doc_member *m = &throttles->as.object.members[i];
        const char *slash = strrchr(m->key, '/');
        const char *path = slash ? aw_arena_strndup(im->arena, m->key, (size_t)(slash - m->key)) : NULL;
        const char *route = api && path ? S_route_for(im, api, slash + 1, path[0] ? path : "/") : NULL;
        if (!route) {
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &m->key_loc,
                             "throttle %s names no route of the stage's API; it is left out", m->key);
            continue;
        }
        aw_doc *item = aw_itree_object(im, &m->key_loc);
        aw_itree_set_string(im, item, "route", route, &m->key_loc);
        aw_import_props(im, item, m->value, S_plan_throttle_rows, owner);
        aw_doc *list = aw_itree_get(plan, "routeThrottles");
        if (!list) {
            list = aw_itree_array(im, &m->key_loc);
            aw_itree_set(im, plan, "routeThrottles", list);
        }
        aw_itree_push(im, list, item);
    }
}

void aw_tpl_usage_plan(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const aw_doc *props = aw_import_get(res, "Properties");
    aw_import_props(im, node, props, S_plan_rows, logical_id);
    const aw_doc *stages = aw_import_get(props, "ApiStages");
    aw_doc *list = aw_itree_array(im, stages ? &stages->loc : &node->loc);
    for (size_t i = 0; stages && stages->kind == AW_DOC_ARRAY && i < stages->as.array.count; i++) {
        aw_doc *one = aw_itree_object(im, &stages->as.array.items[i]->loc);
        aw_import_props(im, one, stages->as.array.items[i], S_api_stage_rows, logical_id);
        S_plan_route_throttles(im, node, stages->as.array.items[i], logical_id);
        aw_doc *stage = aw_itree_get(one, "stage");
        if (stage)
            aw_itree_push(im, list, stage);
    }
    aw_itree_set(im, node, "stages", list);
}

static const aw_iprop S_plan_key_rows[] = {
    {"KeyId", NULL, NULL, NULL},
    {"KeyType", NULL, aw_iput_derived, NULL},
    {"UsagePlanId", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_usage_plan_key(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    aw_import_props(im, NULL, props, S_plan_key_rows, logical_id);
    const char *plan = aw_import_node_id(im, aw_import_ref(im, aw_import_get(props, "UsagePlanId")));
    const aw_doc *key_doc = aw_import_get(props, "KeyId");
    const char *key = aw_import_node_id(im, aw_import_ref(im, key_doc));
    aw_doc *plan_node = plan ? aw_strset_find(&im->ids, plan) : NULL;
    if (!plan_node || !key) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &props->loc,
                         "usage plan key %s names a plan or key outside this template; it is left out", logical_id);
        return;
    }
    aw_doc *keys = aw_itree_get(plan_node, "apiKeys");
    if (!keys) {
        keys = aw_itree_array(im, &key_doc->loc);
        aw_itree_set(im, plan_node, "apiKeys", keys);
    }
    aw_itree_push(im, keys, aw_itree_string(im, key, &key_doc->loc));
}

static const aw_iprop S_api_key_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"Enabled", "enabled", aw_iput_bool, NULL},
    {"CustomerId", "customerId", aw_iput_text, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {"StageKeys", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_api_key(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    aw_import_props(im, node, aw_import_get(res, "Properties"), S_api_key_rows, logical_id);
}

static const aw_iprop S_waf_rows[] = {
    {"ResourceArn", NULL, NULL, NULL},
    {"WebACLArn", "wafWebAcl", aw_iput_text, NULL},
    {NULL, NULL, NULL, NULL},
};

/* A web ACL associated with a REST API's stage is the API's wafWebAcl. */
void aw_tpl_waf_association(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *target = aw_import_get(props, "ResourceArn");
    const char *api = aw_import_node_id(im, aw_import_ref(im, target));
    aw_doc *api_node = api ? aw_strset_find(&im->ids, api) : NULL;
    const aw_doc *kind = aw_itree_get(api_node, "kind");
    if (!kind || strcmp(kind->as.string.chars, "api") != 0) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", target ? &target->loc : &props->loc,
                         "web ACL association %s protects no REST API of this template; it is left out", logical_id);
        return;
    }
    aw_import_props(im, api_node, props, S_waf_rows, logical_id);
}
