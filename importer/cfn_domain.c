/* Custom domains: an API mapping (HTTP, WebSocket) or base path mapping
 * (REST) and the domain name it names become the API's customDomain. */
#include <string.h>

#include "cfn_types.h"

static void S_tls(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (s)
        aw_itree_set_string(im, target, row->field, strcmp(s, "TLS_1_0") == 0 ? "1.0" : "1.2", &value->loc);
}

static const aw_iprop S_domain_rows[] = {
    {"DomainName", "domainName", aw_iput_text, NULL},
    {"RegionalCertificateArn", "certificateArn", aw_iput_text, NULL},
    {"CertificateArn", "certificateArn", aw_iput_text, NULL},
    {"SecurityPolicy", "minTls", S_tls, NULL},
    {"EndpointConfiguration", NULL, aw_iput_derived, NULL},
    {"EndpointType", NULL, aw_iput_derived, NULL},
    {"DomainNameConfigurations", NULL, NULL, NULL},
    {"Tags", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_mapping_rows[] = {
    {"DomainName", NULL, NULL, NULL},
    {"ApiId", NULL, NULL, NULL},
    {"RestApiId", NULL, NULL, NULL},
    {"Stage", NULL, aw_iput_derived, NULL},
    {"ApiMappingKey", "basePath", aw_iput_text, NULL},
    {"BasePath", "basePath", aw_iput_text, NULL},
    {NULL, NULL, NULL, NULL},
};

/* Whether the mapping's base path is the one the kept mapping's extends
 * with "-<stage>", as a build maps every stage but the domain's. */
static bool S_is_domain_stage_path(aw_import *im, const aw_doc *kept, const aw_doc *props)
{
    const aw_doc *v = aw_import_get(props, aw_import_get(props, "ApiMappingKey") ? "ApiMappingKey" : "BasePath");
    const char *path = aw_import_text(im, v, NULL);
    const aw_doc *was = aw_itree_get(kept, "basePath");
    const char *old = was && was->kind == AW_DOC_STRING ? was->as.string.chars : NULL;
    size_t n = path ? strlen(path) : 0;
    return path && old && n && strncmp(old, path, n) == 0 && old[n] == '-';
}

void aw_tpl_api_mapping(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_import_node_id(
        im, aw_import_ref(im, aw_import_get(props, aw_import_get(props, "ApiId") ? "ApiId" : "RestApiId")));
    const char *domain_id = aw_import_ref(im, aw_import_get(props, "DomainName"));
    const aw_doc *domain_props = aw_import_get(aw_import_resource(im, domain_id), "Properties");
    aw_doc *api_node = api ? aw_strset_find(&im->ids, api) : NULL;
    if (!api_node || !domain_props) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &props->loc,
                         "mapping %s joins an API or domain outside this template; it is left out", logical_id);
        return;
    }
    aw_doc *kept = aw_itree_get(api_node, "customDomain");
    if (kept && S_is_domain_stage_path(im, kept, props)) {
        /* A build maps the other stages at "<base path>-<stage>": the
         * domain's own base path is this one. */
        aw_import_props(im, kept, props, S_mapping_rows, logical_id);
        return;
    }
    if (kept) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &props->loc,
                         "mapping %s is a second mapping of the API; the diagram holds one domain and base path "
                         "per API, so it is left out",
                         logical_id);
        return;
    }
    aw_doc *domain = aw_itree_object(im, &props->loc);
    aw_import_props(im, domain, domain_props, S_domain_rows, domain_id);
    const aw_doc *configs = aw_import_get(domain_props, "DomainNameConfigurations");
    if (configs && configs->kind == AW_DOC_ARRAY && configs->as.array.count)
        aw_import_props(im, domain, configs->as.array.items[0], S_domain_rows, domain_id);
    aw_import_props(im, domain, props, S_mapping_rows, logical_id);
    aw_itree_set(im, api_node, "customDomain", domain);
    aw_import_node_made(im, aw_arena_printf(im->arena, "domain %s", domain_id), api_node);
}
