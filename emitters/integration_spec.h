/* What an integration means to API Gateway, worked out once from the IR
 * and then spelt by each emitter: OpenAPI's x-amazon-apigateway-integration
 * and CloudFormation's AWS::ApiGatewayV2::Integration. */
#ifndef AW_INTEGRATION_SPEC_H
#define AW_INTEGRATION_SPEC_H

#include "deploy.h"

typedef struct aw_spec_param {
    char *key;
    aw_subst value;
} aw_spec_param;

typedef struct aw_integration_spec {
    const char *type;               /* OpenAPI spelling: aws_proxy, http_proxy, mock, aws */
    const char *http_method;        /* towards the backend; NULL: none */
    aw_subst uri;                   /* empty: none */
    const char *payload_format;     /* "1.0", "2.0" or NULL */
    const char *subtype;            /* HTTP APIs' first-class AWS integrations */
    aw_subst credentials;           /* role ARN; empty: none */
    bool vpc_link;
    aw_subst connection_id;
    char tls_server_name[256];      /* "" : none */
    const char *passthrough;        /* REST: when_no_match, never; NULL: none */
    int64_t timeout_ms;             /* 0: none */
    aw_spec_param *params;          /* request parameters, in key order */
    size_t param_count;
    const char *request_template;   /* NULL: none */
    aw_subst request_template_refs; /* the template, when it holds ${ref:...}: written instead */
    char mock_template[48];         /* a mock's default request template */
    aw_strbuf default_template;     /* an SQS call's, when the diagram gives none */
    bool responses;                 /* REST mock and aws: integration responses */
    int status;                     /* their status code */
    bool error_classes;             /* REST aws: backend 4xx and 5xx answer 400 and 500 */
    const char *response_body;      /* mock: response template; NULL: none */
    const char *content_handling;   /* CONVERT_TO_TEXT, CONVERT_TO_BINARY or NULL */
} aw_integration_spec;

/* Works out the integration of route on an API of the given type. When
 * the API type cannot express it, reports why and returns false (spec
 * then holds nothing to free). */
bool aw_integration_spec_build(const aw_deploy *d, const aw_node *route, const aw_node *integ, aw_api_type type,
                               aw_integration_spec *spec);
void aw_integration_spec_free(aw_integration_spec *spec);

/* The status code a REST method answers with for this integration. */
int aw_integration_status_code(const aw_node *integ);
/* The overwrite:path mapping an HTTP API's private integration gets from
 * the path of its url ("/stock/{sku}" -> "/stock/$request.path.sku") into
 * out; false when the url has no path. */
bool aw_integration_path_override(const char *url, aw_strbuf *out);

#endif
