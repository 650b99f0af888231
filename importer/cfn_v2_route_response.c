/* WebSocket two-way routes: a route whose RouteResponseSelectionExpression
 * is $default, or an AWS::ApiGatewayV2::RouteResponse of key $default,
 * sends what its integration returns back to the client (twoWay). */
#include <string.h>

#include "cfn_types.h"

void aw_iput_two_way(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (s && strcmp(s, "$default") == 0)
        aw_itree_set(im, target, row->field, aw_itree_bool(im, true, &value->loc));
    else if (s)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "%s '%s' selects among route responses, and the diagram's two-way route has one "
                         "($default); it is left out",
                         row->prop, s);
}

static const aw_iprop S_route_response_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"RouteId", NULL, NULL, NULL},
    {"RouteResponseKey", "twoWay", aw_iput_two_way, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_v2_route_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *route_ref = aw_import_get(props, "RouteId");
    const char *route_id = aw_import_node_id(im, aw_import_ref(im, route_ref));
    aw_doc *route = route_id ? aw_strset_find(&im->ids, route_id) : NULL;
    if (!route) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", route_ref ? &route_ref->loc : &props->loc,
                         "route response %s belongs to no route of this template; it is left out", logical_id);
        return;
    }
    aw_import_props(im, route, props, S_route_response_rows, logical_id);
}
