/* Route 53 alias records of custom domains: an AWS::Route53::RecordSet
 * whose alias target is a domain name of the template becomes that
 * domain's hostedZoneId or hostedZoneName on the API it is mapped to. */
#include <string.h>

#include "cfn_types.h"

/* "example.com." as Route 53 spells a zone: the format's has no final dot. */
static void S_zone_name(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    size_t n = s ? strlen(s) : 0;
    if (n)
        aw_itree_set_string(im, target, row->field, s[n - 1] == '.' ? aw_arena_strndup(im->arena, s, n - 1) : s,
                            &value->loc);
}

static const aw_iprop S_record_rows[] = {
    {"HostedZoneId", "hostedZoneId", aw_iput_text, NULL},
    {"HostedZoneName", "hostedZoneName", S_zone_name, NULL},
    /* The record's name, type and alias: what a build makes of the domain. */
    {"Name", NULL, aw_iput_derived, NULL},
    {"Type", NULL, aw_iput_derived, NULL},
    {"AliasTarget", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_dns_record(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *target = aw_import_get(aw_import_get(props, "AliasTarget"), "DNSName");
    const char *domain = aw_import_ref(im, target);
    const char *api = domain ? aw_import_node_id(im, aw_arena_printf(im->arena, "domain %s", domain)) : NULL;
    aw_doc *custom = aw_itree_get(api ? aw_strset_find(&im->ids, api) : NULL, "customDomain");
    if (!custom) {
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", target ? &target->loc : &props->loc,
                         "record %s is no alias of a custom domain of an API of this template, the one DNS record "
                         "the diagram holds; it is left out",
                         logical_id);
        return;
    }
    aw_import_props(im, custom, props, S_record_rows, logical_id);
}
