/* Resources that HTTP, WebSocket and REST APIs have in common in the
 * template: custom domain certificates, stage invoke URLs, route keys,
 * per-route stage settings, logging levels. */
#include "cfn.h"
#include "stage_url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The region field of an ARN ("arn:aws:acm:us-east-1:..."), into buf. */
static void S_arn_region(const char *arn, char *buf, size_t size)
{
    const char *p = arn;
    for (int colons = 0; *p && colons < 3; p++)
        colons += *p == ':';
    size_t n = strcspn(p, ":");
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

void aw_cfn_certificate(aw_cfn *c, const aw_node *api)
{
    const aw_custom_domain *dom = api->as.api.domain;
    /* CloudFront serves edge-optimized domains, and takes certificates from
     * us-east-1 only. */
    bool edge = api->as.api.type == AW_API_REST && api->as.api.endpoint == AW_ENDPOINT_EDGE;
    aw_subst s = AW_SUBST_INIT;
    if (dom->certificate_arn) {
        char region[64];
        S_arn_region(dom->certificate_arn, region, sizeof region);
        if (edge && *region && strcmp(region, "us-east-1") != 0)
            aw_deploy_report(&c->d, api, NULL, "the certificate of edge-optimized domain %s must be in us-east-1, "
                                               "not in '%s'", dom->domain_name, region);
        aw_subst_lit(&s, dom->certificate_arn);
    } else {
        char name[300];
        snprintf(name, sizeof name, "%sCertificateArn", aw_logical_id(&c->d.ids, api));
        aw_deploy_parameter(&c->d, &s, api, name, NULL, "ARN of the ACM certificate for %s%s", dom->domain_name,
                            edge ? " (must be in us-east-1, as the domain is edge-optimized)" : "");
    }
    aw_deploy_write_subst(&c->d, c->w, &s);
}

bool aw_cfn_mapped_path(aw_cfn *c, const aw_node *stage, aw_strbuf *out)
{
    return aw_stage_url_mapped_path(aw_cfn_domain_stage(c, stage->owner_api), stage, out);
}

/* How each family spells a mapping of a domain to a stage. */
typedef struct mapping_spelling {
    const char *type, *api_word, *api_key, *path_key, *mapping_word;
} mapping_spelling;

static const mapping_spelling S_rest_mapping = {"AWS::ApiGateway::BasePathMapping", "RestApi", "RestApiId", "BasePath",
                                                "BasePathMapping"};
static const mapping_spelling S_v2_mapping = {"AWS::ApiGatewayV2::ApiMapping", "Api", "ApiId", "ApiMappingKey",
                                              "ApiMapping"};

static void S_mapping(aw_cfn *c, const mapping_spelling *sp, const aw_node *owner, const char *domain_id,
                      const aw_node *stage, const char *path)
{
    char logical[300], api_id[300], stage_id[300];
    aw_cfn_id(c, owner, sp->mapping_word, logical, sizeof logical);
    aw_cfn_id(c, stage->owner_api, sp->api_word, api_id, sizeof api_id);
    aw_cfn_id(c, stage, "Stage", stage_id, sizeof stage_id);
    aw_cfn_resource(c, stage->owner_api, logical, sp->type);
    aw_jw_key(c->w, "DomainName");
    aw_cfn_ref(c->w, domain_id);
    aw_jw_key(c->w, sp->api_key);
    aw_cfn_ref(c->w, api_id);
    aw_jw_key(c->w, "Stage");
    aw_cfn_ref(c->w, stage_id);
    if (*path)
        aw_jw_member_string(c->w, sp->path_key, path);
    aw_cfn_resource_end(c);
}

void aw_cfn_domain_mappings(aw_cfn *c, const aw_node *api, const char *domain_id)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    const aw_node *main_stage = aw_cfn_domain_stage(c, api);
    const mapping_spelling *sp = api->as.api.type == AW_API_REST ? &S_rest_mapping : &S_v2_mapping;
    for (size_t i = 0; i < parts->stage_count; i++) {
        const aw_node *stage = parts->stages[i];
        aw_strbuf path = AW_STRBUF_INIT;
        /* The main mapping keeps the API's name; the others are the stage's. */
        if (aw_cfn_mapped_path(c, stage, &path))
            S_mapping(c, sp, stage == main_stage ? api : stage, domain_id, stage, path.len ? path.data : "");
        aw_strbuf_free(&path);
    }
    if (parts->stage_count < 2)
        return;
    if (api->as.api.disable_default_endpoint)
        aw_deploy_note(&c->d, api, NULL, "custom domain %s maps stage '%s' at its base path and, as the API's default "
                                         "endpoint is off, each other stage at '<base path>-<stage>'",
                       api->as.api.domain->domain_name, main_stage->id);
    else
        aw_deploy_note(&c->d, api, NULL, "custom domain %s maps stage '%s'; the API's other stages are reached at "
                                         "their execute-api URLs",
                       api->as.api.domain->domain_name, main_stage->id);
}

/* The address clients reach a stage at: the custom domain where it maps
 * the stage, else the execute-api URL unless the API turned that off. */
void aw_cfn_invoke_url(aw_cfn *c, const aw_node *stage, const char *api_id, const char *scheme)
{
    const aw_node *api = stage->owner_api;
    char name[300], description[512];
    aw_cfn_id(c, stage, "InvokeUrl", name, sizeof name);
    snprintf(description, sizeof description, "invoke URL of stage '%s' of API '%s'", aw_deploy_name(stage), api->id);
    aw_subst url = AW_SUBST_INIT;
    aw_subst_lit(&url, scheme);
    aw_subst_lit(&url, "://");
    if (api->as.api.disable_default_endpoint) {
        aw_strbuf path = AW_STRBUF_INIT;
        if (!aw_cfn_mapped_path(c, stage, &path)) {
            aw_deploy_warn(&c->d, stage, NULL, "API '%s' turns its default endpoint off and has no custom domain, so "
                                               "no client can reach stage '%s'", api->id, stage->id);
            aw_subst_free(&url);
            return;
        }
        aw_subst_lit(&url, api->as.api.domain->domain_name);
        if (path.len) {
            aw_subst_lit(&url, "/");
            aw_subst_lit(&url, path.data);
        }
        aw_strbuf_free(&path);
        aw_cfn_output(c, stage, name, description, &url);
        return;
    }
    aw_subst_ref(&url, api_id);
    aw_subst_lit(&url, ".execute-api.");
    aw_subst_ref(&url, "AWS::Region");
    aw_subst_lit(&url, ".");
    aw_subst_ref(&url, "AWS::URLSuffix");
    /* The $default stage of an HTTP API is served at the root. */
    if (strcmp(aw_deploy_name(stage), "$default") != 0) {
        aw_subst_lit(&url, "/");
        aw_subst_lit(&url, aw_deploy_name(stage));
    }
    aw_cfn_output(c, stage, name, description, &url);
}

const char *aw_cfn_route_method(const aw_node *route)
{
    static const char *const methods[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    return methods[route->as.route.method];
}

void aw_cfn_route_key(const aw_node *route, aw_strbuf *out)
{
    const aw_route *r = &route->as.route;
    if (r->route_key) {
        aw_strbuf_puts(out, r->route_key);
        return;
    }
    aw_strbuf_puts(out, aw_cfn_route_method(route));
    aw_strbuf_putc(out, ' ');
    aw_strbuf_puts(out, r->path);
}

size_t aw_cfn_route_overrides(aw_cfn *c, const aw_node *stage, aw_cfn_override **out)
{
    const aw_stage *st = &stage->as.stage;
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, stage->owner_api);
    /* The stage's throttles by route id, so that each route is looked up once. */
    aw_strset own;
    aw_strset_init(&own);
    for (size_t i = 0; i < st->route_throttle_count; i++)
        aw_strset_insert(&own, st->route_throttles[i].route.node->id, (void *)&st->route_throttles[i], NULL);
    aw_cfn_override *list = malloc((parts->route_count ? parts->route_count : 1) * sizeof *list);
    if (!list)
        abort();
    size_t n = 0;
    bool caches = stage->owner_api->as.api.type == AW_API_REST && st->cache && st->cache->enabled;
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *route = parts->routes[i];
        const aw_route_throttle *rt = aw_strset_find(&own, route->id);
        const aw_throttle *t = route->as.route.throttle;
        aw_cfn_override o = {route, rt || t, rt ? &rt->rate : t ? &t->rate : NULL, rt ? &rt->burst : t ? &t->burst : NULL,
                             caches ? route->as.route.cache : NULL};
        if (o.throttled || o.cache)
            list[n++] = o;
    }
    aw_strset_free(&own);
    *out = list;
    return n;
}

const char *aw_cfn_log_level(aw_log_level level)
{
    static const char *const names[] = {NULL, "OFF", "ERROR", "INFO"};
    return (unsigned)level <= AW_LOGLEVEL_INFO ? names[level] : NULL;
}

void aw_cfn_logging_role_note(aw_cfn *c, const aw_node *stage)
{
    const aw_stage *st = &stage->as.stage;
    if (!st->access_log && (!st->log_level || st->log_level == AW_LOGLEVEL_OFF))
        return;
    aw_deploy_note(&c->d, stage, NULL,
                   "%s API logging needs the CloudWatch Logs role of the account's API Gateway settings "
                   "(AWS::ApiGateway::Account), which this template leaves alone as it is account-wide; without it "
                   "creating stage '%s' fails",
                   aw_api_type_title(stage->owner_api->as.api.type), stage->id);
}
