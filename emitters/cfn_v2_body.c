/* An HTTP API declared through its OpenAPI document: the Api resource
 * whose Body is the document written beside the template, so that the
 * two deploy the same definition (docs/deployment.md, "HTTP APIs"). */
#include "cfn.h"
#include "openapi.h"

bool aw_cfn_v2_body_api(aw_cfn *c, const aw_node *api, const char *api_id)
{
    size_t api_start = c->w->out->len;
    aw_cfn_resource(c, api, api_id, "AWS::ApiGatewayV2::Api");
    aw_cfn_mark properties = aw_cfn_mark_here(c);
    aw_jw_member_string(c->w, "Name", aw_deploy_name(api));
    if (api->description)
        aw_jw_member_string(c->w, "Description", api->description);
    if (api->as.api.disable_default_endpoint)
        aw_jw_member_bool(c->w, "DisableExecuteApiEndpoint", true);
    /* An import warning means API Gateway left part of the document out:
     * the stack fails rather than deploy less than the diagram draws. */
    aw_jw_member_bool(c->w, "FailOnWarnings", true);
    aw_jw_key(c->w, "Body");
    aw_openapi_write(&c->d, c->w, api);
    aw_cfn_tags_map(c, api);
    /* written where it goes and taken back, which costs nothing while it
     * fits; its reports, made again by the resources, are kept once */
    if (aw_cfn_body_taken_back(c, api_start, &properties))
        return false;
    aw_cfn_resource_end(c);
    return true;
}
