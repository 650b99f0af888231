/* What a two-way WebSocket route sends back: its $default route response,
 * and the $default integration response of an integration that is no
 * proxy (a mock, an AWS service call), without which API Gateway passes
 * nothing on. */
#include "cfn.h"

#include <stdio.h>
#include <string.h>

void aw_cfn_route_response_id(const aw_cfn *c, const aw_node *route, char *buf, size_t size)
{
    aw_cfn_id(c, route, "RouteResponse", buf, size);
}

/* Opens response resource id of type, of the API api_id and of what
 * `owner_key` names (its route or integration), with the $default key:
 * the only route response key WebSocket APIs define, and the integration
 * response that answers whatever the backend returns. */
static void S_open(aw_cfn *c, const aw_node *node, const char *id, const char *type, const char *api_id,
                   const char *owner_key, const char *owner_id, const char *response_key)
{
    aw_cfn_resource(c, node, id, type);
    aw_jw_key(c->w, "ApiId");
    aw_cfn_ref(c->w, api_id);
    aw_jw_key(c->w, owner_key);
    aw_cfn_ref(c->w, owner_id);
    aw_jw_member_string(c->w, response_key, "$default");
}

void aw_cfn_route_response(aw_cfn *c, const aw_node *route, const char *api_id, const char *route_id)
{
    char id[300];
    aw_cfn_route_response_id(c, route, id, sizeof id);
    S_open(c, route, id, "AWS::ApiGatewayV2::RouteResponse", api_id, "RouteId", route_id, "RouteResponseKey");
    aw_cfn_resource_end(c);
}

bool aw_cfn_ws_answered(aw_cfn *c, const aw_node *api, const aw_node *integ)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    for (size_t i = 0; i < parts->route_count; i++)
        if (parts->routes[i]->as.route.two_way && parts->routes[i]->as.route.integration.node == integ)
            return true;
    return false;
}

void aw_cfn_integration_response_id(const char *integration_id, char *buf, size_t size)
{
    snprintf(buf, size, "%sResponse", integration_id);
}

void aw_cfn_integration_response(aw_cfn *c, const aw_node *integ, const char *api_id, const char *integration_id,
                                 const char *body)
{
    char id[700];
    aw_cfn_integration_response_id(integration_id, id, sizeof id);
    S_open(c, integ, id, "AWS::ApiGatewayV2::IntegrationResponse", api_id, "IntegrationId", integration_id,
           "IntegrationResponseKey");
    if (body) {
        /* One template for every response, selected by the escaped key. */
        aw_jw_member_string(c->w, "TemplateSelectionExpression", "\\$default");
        aw_jw_key(c->w, "ResponseTemplates");
        aw_jw_object(c->w);
        aw_jw_member_string(c->w, "$default", body);
        aw_jw_end_object(c->w);
    }
    aw_cfn_resource_end(c);
}
