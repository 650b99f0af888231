/* What a REST method answers and declares beside its integration, spelt in
 * OpenAPI with API Gateway's extensions: the diagram's integration
 * responses and the method responses they imply, the request parameters a
 * method declares or its mappings read, and the API's gateway responses. */
#ifndef AW_OPENAPI_RESPONSES_H
#define AW_OPENAPI_RESPONSES_H

#include "../ir/ir.h"
#include "json_writer.h"

/* Response headers every answer of a method carries whatever the diagram
 * maps (CORS for browsers): names and their static values, quoted. */
typedef struct aw_openapi_fixed_headers {
    const char *const *names;
    const char *const *values;
    size_t count;
} aw_openapi_fixed_headers;

/* The integration's "responses" member, from the diagram's responses;
 * fixed may be NULL. */
void aw_openapi_integration_responses(aw_jw *w, const aw_integration *in, const aw_openapi_fixed_headers *fixed);

/* The method responses those imply, one per status code in ascending
 * order, each declaring the headers mapped to it; written as members of
 * the operation's open "responses" object. */
void aw_openapi_method_responses(aw_jw *w, const aw_integration *in, const aw_openapi_fixed_headers *fixed);

/* Whether the route declares query or header parameters or its
 * integration's mappings read some (path ones come from the path). */
bool aw_openapi_has_request_params(const aw_node *route);

/* Writes those parameters as members of an open "parameters" array:
 * declared ones first, in the diagram's order, then the ones the mappings
 * read, not required. */
void aw_openapi_request_params(aw_jw *w, const aw_node *route);

/* Whether aw_openapi_request_params() writes the parameter of this key
 * ("method.request.querystring.NAME" or "method.request.header.NAME"). */
bool aw_openapi_request_param_written(const aw_node *route, const char *key);

/* x-amazon-apigateway-gateway-responses: THROTTLED with a Retry-After,
 * the CORS headers on every error when the API allows an origin, and the
 * diagram's own responses over them. */
void aw_openapi_gateway_responses(aw_jw *w, const aw_api *a);

#endif
