/* Resources that HTTP, WebSocket and REST APIs have in common in the
 * template: custom domain certificates, stage invoke URLs, route keys. */
#include "cfn.h"

#include <stdio.h>
#include <string.h>

void aw_cfn_certificate(aw_cfn *c, const aw_node *api)
{
    const aw_custom_domain *dom = api->as.api.domain;
    aw_subst s = AW_SUBST_INIT;
    if (dom->certificate_arn) {
        aw_subst_lit(&s, dom->certificate_arn);
    } else {
        char name[300];
        snprintf(name, sizeof name, "%sCertificateArn", aw_logical_id(&c->d.ids, api));
        aw_deploy_parameter(&c->d, &s, api, name, NULL, "ARN of the ACM certificate for %s", dom->domain_name);
    }
    aw_deploy_write_subst(&c->d, c->w, &s);
}

void aw_cfn_invoke_url(aw_cfn *c, const aw_node *stage, const char *api_id, const char *scheme)
{
    char name[300], description[512];
    aw_cfn_id(c, stage, "InvokeUrl", name, sizeof name);
    snprintf(description, sizeof description, "invoke URL of stage '%s' of API '%s'", aw_deploy_name(stage),
             stage->owner_api->id);
    aw_subst url = AW_SUBST_INIT;
    aw_subst_lit(&url, scheme);
    aw_subst_lit(&url, "://");
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
    aw_cfn_output(c, name, description, &url);
}

void aw_cfn_route_key(const aw_node *route, char *buf, size_t size)
{
    static const char *const methods[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    const aw_route *r = &route->as.route;
    if (r->route_key)
        snprintf(buf, size, "%s", r->route_key);
    else
        snprintf(buf, size, "%s %s", methods[r->method], r->path);
}
