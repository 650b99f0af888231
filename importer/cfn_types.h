/* Handlers of the template resource types the importer maps, one per type,
 * listed in the type table of cfn_map.c. Each fills the node made for the
 * resource (NULL for types that only add to other nodes). */
#ifndef AW_IMPORT_CFN_TYPES_H
#define AW_IMPORT_CFN_TYPES_H

#include "props.h"

typedef void (*aw_tpl_fill)(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);

/* conditions.c: the template's Conditions into the diagram's (before any
 * resource is read); a resource's Condition into its node (reported when
 * not carried). */
void aw_import_conditions(aw_import *im);
void aw_import_resource_condition(aw_import *im, const aw_doc *resource, aw_doc *node);
/* Once every resource is read: routes and stages take their API's
 * condition, integrations and authorizers the one all their routes share,
 * where they have none of their own. */
void aw_import_conditions_inherit(aw_import *im);

/* HTTP and WebSocket APIs (cfn_v2.c) */
void aw_tpl_v2_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_v2_route(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_v2_integration(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_v2_stage(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_v2_authorizer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_vpc_link(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_api_mapping(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
/* WebSocket route responses (cfn_v2_route_response.c); $default as twoWay. */
void aw_tpl_v2_route_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_iput_two_way(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* WebSocket integration responses, a mock's template as its body, and an
 * integration's one request template (cfn_v2_integration_response.c). */
void aw_tpl_v2_integration_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_v2_request_template(aw_import *im, aw_doc *node, const aw_doc *props, const char *owner);

/* SAM's Cors of a REST API as the API's cors (sam_cors.c). */
void aw_sam_rest_cors(aw_import *im, aw_doc *api, const aw_doc *value);
/* Once every route is read: the methods of a SAM Cors without AllowMethods
 * (each path's own, and OPTIONS, as SAM answers). */
void aw_sam_cors_methods(aw_import *im);

/* A Route 53 alias of a custom domain (cfn_dns_record.c), read after the
 * mappings that give APIs their domains. */
void aw_tpl_dns_record(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);

/* A Lambda integration's or authorizer's function from its URI. */
void aw_tpl_put_function(aw_import *im, aw_doc *node, const aw_doc *uri);
void aw_tpl_authorizer_function(aw_import *im, aw_doc *node, const aw_doc *uri);

/* REST APIs (cfn_rest.c) */
void aw_tpl_rest_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_rest_stage(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_rest_authorizer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_rest_method(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
/* The API's cors from the first CORS preflight among its Method resources
 * (cfn_rest_methods.c), read before its methods and gateway responses so
 * that the CORS headers a build adds to their answers read as the API's. */
void aw_tpl_rest_cors(aw_import *im, const char *api);
/* An AWS::ApiGateway::Model as a model of its API (cfn_rest_models.c). */
void aw_tpl_rest_model(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
/* An authorizer's JwtConfiguration as algorithms and issuers (jwt_config.c). */
void aw_iput_rest_jwt(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_tpl_usage_plan(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_usage_plan_key(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_waf_association(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_api_key(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
/* gateway_responses.c */
void aw_tpl_gateway_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);

/* Compute and data (cfn_compute.c) */
void aw_tpl_function(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_datastore(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_load_balancer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_listener(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_tpl_event_source(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);

/* SAM (sam_expand.c) */
void aw_sam_function(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_sam_rest_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
void aw_sam_http_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node);
/* A SAM resource's properties under the template's Globals section. */
const aw_doc *aw_sam_globals_for(aw_import *im, const aw_doc *props, const char *section);
/* Implicit APIs of SAM events, made on first use. */
aw_doc *aw_sam_implicit_api(aw_import *im, bool http, const aw_loc *loc);

/* The API node a property names, or NULL (reported). */
const char *aw_tpl_api_of(aw_import *im, const aw_doc *props, const char *prop, const char *owner_type);

#endif
