/* The parts of an OpenAPI import, one file each: operations and their
 * integrations (openapi_ops.c), security schemes and models
 * (openapi_security.c). */
#ifndef AW_IMPORT_OPENAPI_PARTS_H
#define AW_IMPORT_OPENAPI_PARTS_H

#include "props.h"

typedef struct aw_openapi {
    aw_import *im;
    const aw_doc *doc;
    aw_doc *api;                /* the API node being filled */
    const char *api_id;
    bool rest;
    bool swagger;               /* Swagger 2.0 rather than OpenAPI 3 */
    aw_strset schemes;          /* security scheme name -> authorizer node */
    aw_strset integrations;     /* what an integration does -> its node, to share it */
} aw_openapi;

void aw_openapi_operation(aw_openapi *o, const char *path, const char *method, const aw_doc *op, const aw_loc *loc);
/* Fills an integration node from an x-amazon-apigateway-integration object. */
void aw_openapi_fill_integration(aw_openapi *o, aw_doc *node, const aw_doc *ext);
/* Of an integration node whose type is set (integration_mapping.c): its
 * responses, in either spelling, unless they are what a build writes by
 * itself (a mock's one response becomes its statusCode and body); REST
 * requestParameters as parameterMappings (an HTTP backend's constant
 * headers as headers). */
void aw_openapi_read_responses(aw_openapi *o, aw_doc *node, const aw_doc *value);
void aw_openapi_read_mappings(aw_openapi *o, aw_doc *node, const aw_doc *params);
/* x-amazon-apigateway-gateway-responses as the API's gatewayResponses
 * (gateway_responses.c). */
void aw_openapi_gateway_responses_read(aw_openapi *o, const aw_doc *responses);
/* A REST API's CORS from its preflight operations (rest_cors.c): the
 * first sets the API's cors, if it has none; whether an operation is a
 * preflight answering those settings, and so no route (one answering
 * others is reported and read as a route). */
void aw_openapi_rest_cors(aw_openapi *o);
bool aw_openapi_is_preflight(aw_openapi *o, const char *path, const aw_doc *op, const aw_loc *loc);
/* The CORS settings a preflight operation (its integration's responses a
 * map, or a Method resource's list) answers with, or NULL when it is no
 * such preflight. */
aw_doc *aw_openapi_preflight_cors(aw_openapi *o, const aw_doc *op);
/* A schema as JSON text, as the format's model holds it (openapi_models.c). */
void aw_import_schema_text(const aw_doc *schema, struct aw_strbuf *out);
/* The CORS headers a build adds to every answer of an API with cors (its
 * first origin, the credentials flag), removed from holder's headers:
 * they are the API's, not the response's. */
void aw_import_drop_cors_headers(const aw_doc *api, aw_doc *holder);
/* A REST method's declared query and header parameters (request_params.c):
 * OpenAPI's list, CloudFormation's map; then the optional ones the
 * integration's mappings read or the method's cache keys name, which a
 * build declares itself, removed. */
void aw_iput_parameters(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_iput_method_request_params(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_import_drop_mapped_params(aw_import *im, aw_doc *route, const aw_doc *integration, const aw_doc *cache_keys);
void aw_openapi_security_schemes(aw_openapi *o);
void aw_openapi_models(aw_openapi *o);
/* x-amazon-apigateway-policy as the API's resourcePolicy (openapi_policy.c). */
void aw_openapi_policy(aw_openapi *o, const aw_doc *policy);
/* The validator an x-amazon-apigateway-request-validator names, as the
 * format's requestValidation (all, body, params, none), or NULL. */
const char *aw_openapi_validator(aw_openapi *o, const aw_doc *name);
/* An extension or member the diagram does not hold: AW-IMPORT-003. */
void aw_openapi_unmapped(aw_openapi *o, const char *key, const aw_loc *loc, const char *where);
/* The diagram id of a security scheme's authorizer, or NULL. */
const char *aw_openapi_authorizer(aw_openapi *o, const char *scheme);

#endif
