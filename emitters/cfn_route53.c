/* The Route 53 alias record of an API's custom domain: the domain's name
 * pointed at the endpoint API Gateway made for it, in the hosted zone the
 * diagram names. */
#include "cfn.h"

#include <stdio.h>
#include <string.h>

/* Which attributes of the domain resource name its endpoint: CloudFront's
 * distribution for an edge-optimized domain, the regional endpoint else. */
static const struct {
    const char *dns_name, *zone_id;
} S_targets[] = {
    {"RegionalDomainName", "RegionalHostedZoneId"},
    {"DistributionDomainName", "DistributionHostedZoneId"},
};

void aw_cfn_domain_record(aw_cfn *c, const aw_node *api, const char *domain_id, bool edge)
{
    const aw_custom_domain *dom = api->as.api.domain;
    if (!dom->hosted_zone_id && !dom->hosted_zone_name)
        return;
    char id[300];
    aw_cfn_id(c, api, "DomainRecord", id, sizeof id);
    aw_cfn_resource(c, api, id, "AWS::Route53::RecordSet");
    if (dom->hosted_zone_id) {
        aw_jw_member_string(c->w, "HostedZoneId", dom->hosted_zone_id);
    } else {
        /* CloudFormation wants the zone's name with its final dot. */
        size_t n = strlen(dom->hosted_zone_name);
        bool dot = n && dom->hosted_zone_name[n - 1] == '.';
        aw_jw_key(c->w, "HostedZoneName");
        aw_jw_stringf(c->w, "%s%s", dom->hosted_zone_name, dot ? "" : ".");
    }
    aw_jw_member_string(c->w, "Name", dom->domain_name);
    /* API Gateway's endpoints answer IPv4 unless the domain is dual-stack,
     * which the format does not say: an A record, and no AAAA. */
    aw_jw_member_string(c->w, "Type", "A");
    aw_jw_key(c->w, "AliasTarget");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "DNSName");
    aw_cfn_getatt(c->w, domain_id, S_targets[edge].dns_name);
    aw_jw_key(c->w, "HostedZoneId");
    aw_cfn_getatt(c->w, domain_id, S_targets[edge].zone_id);
    aw_jw_member_bool(c->w, "EvaluateTargetHealth", false);
    aw_jw_end_object(c->w);
    aw_cfn_resource_end(c);
}
