/* The intermediate representation: one resolved model of a diagram, shared
 * by the checks, emitters, simulator and server. It knows nothing of JSON,
 * XML, HTTP or Graphviz. Everything lives in the model's arena and is freed
 * by aw_model_free(). References are resolved to pointers by the compiler's
 * resolver; until then only their ids are set. */
#ifndef AW_IR_H
#define AW_IR_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "loc.h"
#include "strset.h"

/* Value for an integer field the diagram did not set and that has no default. */
#define AW_UNSET_INT INT64_MIN
/* Doubles (numbers, durations in milliseconds) that are unset hold NAN. */
#define AW_IS_SET(d) (!isnan(d))

typedef struct aw_node aw_node;
typedef struct aw_model aw_model;

/* ---- Shared value types ------------------------------------------------ */

typedef struct aw_strings {
    const char **items;
    size_t count;
} aw_strings;

typedef struct aw_pair {
    const char *key;
    const char *value;
    aw_loc loc;
} aw_pair;

typedef struct aw_map {         /* ordered as written; keys unique */
    aw_pair *items;
    size_t count;
} aw_map;

/* A reference to another node by id, resolved to a pointer. */
typedef struct aw_ref {
    const char *id;             /* NULL when the field was not set */
    aw_node *node;              /* resolved target; NULL if none/unresolved */
    aw_loc loc;
} aw_ref;

typedef struct aw_refs {
    aw_ref *items;
    size_t count;
} aw_refs;

typedef struct aw_position {
    double x, y;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_position;

typedef struct aw_throttle {
    double rate;                /* requests per second (steady state) */
    int64_t burst;              /* bucket size, requests */
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_throttle;

typedef struct aw_latency {
    double p50_ms, p99_ms;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_latency;

typedef struct aw_suppression {
    const char *rule;
    const char *reason;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_suppression;

typedef struct aw_suppressions {
    aw_suppression *items;
    size_t count;
} aw_suppressions;

/* ---- Enumerations (0 always means "not set") ------------------------- */

typedef enum { AW_API_UNSET, AW_API_HTTP, AW_API_REST, AW_API_WEBSOCKET } aw_api_type;
typedef enum { AW_ENDPOINT_UNSET, AW_ENDPOINT_REGIONAL, AW_ENDPOINT_EDGE, AW_ENDPOINT_PRIVATE } aw_endpoint_type;
typedef enum { AW_TLS_UNSET, AW_TLS_1_0, AW_TLS_1_2 } aw_tls_version;
typedef enum { AW_KEYSRC_UNSET, AW_KEYSRC_HEADER, AW_KEYSRC_AUTHORIZER } aw_api_key_source;
typedef enum { AW_VALIDATE_UNSET, AW_VALIDATE_NONE, AW_VALIDATE_BODY, AW_VALIDATE_PARAMS, AW_VALIDATE_ALL } aw_validation;
typedef enum { AW_EFFECT_UNSET, AW_EFFECT_ALLOW, AW_EFFECT_DENY } aw_effect;
typedef enum {
    AW_METHOD_UNSET, AW_METHOD_ANY, AW_METHOD_GET, AW_METHOD_POST, AW_METHOD_PUT,
    AW_METHOD_PATCH, AW_METHOD_DELETE, AW_METHOD_HEAD, AW_METHOD_OPTIONS
} aw_method;
typedef enum {
    AW_INTEG_UNSET, AW_INTEG_LAMBDA, AW_INTEG_HTTP, AW_INTEG_PRIVATE, AW_INTEG_MOCK, AW_INTEG_AWS
} aw_integration_type;
typedef enum { AW_PAYLOAD_UNSET, AW_PAYLOAD_1_0, AW_PAYLOAD_2_0 } aw_payload_format;
typedef enum {
    AW_AUTH_UNSET, AW_AUTH_IAM, AW_AUTH_COGNITO, AW_AUTH_JWT, AW_AUTH_LAMBDA
} aw_authorizer_type;
typedef enum { AW_LAMBDA_AUTH_UNSET, AW_LAMBDA_AUTH_TOKEN, AW_LAMBDA_AUTH_REQUEST } aw_lambda_auth_kind;
typedef enum { AW_PERIOD_UNSET, AW_PERIOD_DAY, AW_PERIOD_WEEK, AW_PERIOD_MONTH } aw_quota_period;
typedef enum { AW_LOGLEVEL_UNSET, AW_LOGLEVEL_OFF, AW_LOGLEVEL_ERROR, AW_LOGLEVEL_INFO } aw_log_level;
typedef enum { AW_ARCH_UNSET, AW_ARCH_X86_64, AW_ARCH_ARM64 } aw_architecture;
typedef enum { AW_LB_UNSET, AW_LB_NLB, AW_LB_ALB } aw_lb_type;
typedef enum { AW_SCHEME_UNSET, AW_SCHEME_INTERNAL, AW_SCHEME_INTERNET_FACING } aw_lb_scheme;
typedef enum {
    AW_STORE_UNSET, AW_STORE_DYNAMODB, AW_STORE_RDS, AW_STORE_AURORA, AW_STORE_S3, AW_STORE_SQS,
    AW_STORE_KINESIS, AW_STORE_SNS, AW_STORE_EVENTBRIDGE, AW_STORE_STEPFUNCTIONS
} aw_store_engine;
typedef enum { AW_CAPMODE_UNSET, AW_CAPMODE_ON_DEMAND, AW_CAPMODE_PROVISIONED } aw_capacity_mode;
typedef enum { AW_ACCESS_UNSET, AW_ACCESS_READ, AW_ACCESS_WRITE, AW_ACCESS_READ_WRITE } aw_access_level;
typedef enum { AW_CONVERT_UNSET, AW_CONVERT_TEXT, AW_CONVERT_BINARY } aw_content_handling;
typedef enum { AW_INVOKE_UNSET, AW_INVOKE_PERMISSION, AW_INVOKE_ROLE } aw_invoke_with;
typedef enum { AW_LAMBDA_STYLE_UNSET, AW_LAMBDA_STYLE_PROXY, AW_LAMBDA_STYLE_CUSTOM } aw_lambda_style;
typedef enum { AW_PARAM_UNSET, AW_PARAM_PATH, AW_PARAM_QUERY, AW_PARAM_HEADER } aw_param_location;
/* API Gateway's gateway response types, in aw_gateway_response_names order. */
typedef enum {
    AW_GWR_UNSET, AW_GWR_ACCESS_DENIED, AW_GWR_API_CONFIGURATION_ERROR, AW_GWR_AUTHORIZER_CONFIGURATION_ERROR,
    AW_GWR_AUTHORIZER_FAILURE, AW_GWR_BAD_REQUEST_BODY, AW_GWR_BAD_REQUEST_PARAMETERS, AW_GWR_DEFAULT_4XX,
    AW_GWR_DEFAULT_5XX, AW_GWR_EXPIRED_TOKEN, AW_GWR_INTEGRATION_FAILURE, AW_GWR_INTEGRATION_TIMEOUT,
    AW_GWR_INVALID_API_KEY, AW_GWR_INVALID_SIGNATURE, AW_GWR_MISSING_AUTHENTICATION_TOKEN, AW_GWR_QUOTA_EXCEEDED,
    AW_GWR_REQUEST_TOO_LARGE, AW_GWR_RESOURCE_NOT_FOUND, AW_GWR_THROTTLED, AW_GWR_UNAUTHORIZED,
    AW_GWR_UNSUPPORTED_MEDIA_TYPE, AW_GWR_WAF_FILTERED
} aw_gateway_response_type;
typedef enum { AW_TRACING_UNSET, AW_TRACING_ACTIVE, AW_TRACING_PASS_THROUGH } aw_tracing_mode;
typedef enum {
    AW_PROFILE_UNSET, AW_PROFILE_CONSTANT, AW_PROFILE_RAMP, AW_PROFILE_SPIKE, AW_PROFILE_DIURNAL
} aw_traffic_profile;

/* ---- Node kinds ------------------------------------------------------ */

typedef enum aw_kind {
    AW_KIND_API,
    AW_KIND_ROUTE,
    AW_KIND_STAGE,
    AW_KIND_INTEGRATION,
    AW_KIND_AUTHORIZER,
    AW_KIND_USAGE_PLAN,
    AW_KIND_API_KEY,
    AW_KIND_FUNCTION,
    AW_KIND_VPC_LINK,
    AW_KIND_LOAD_BALANCER,
    AW_KIND_DATASTORE,
    AW_KIND_HTTP_BACKEND,
    AW_KIND_CLIENT,
    AW_KIND_COUNT,
    AW_KIND_FIRST = AW_KIND_API,
    AW_KIND_LAST = AW_KIND_CLIENT,
} aw_kind;

/* -- API and its parts -- */

typedef struct aw_custom_domain {
    const char *domain_name;
    const char *certificate_arn;
    aw_tls_version min_tls;
    const char *base_path;
    /* The Route 53 hosted zone that gets the domain's alias record, by id
     * or by name (at most one); NULL, NULL: DNS is managed elsewhere. */
    const char *hosted_zone_id;
    const char *hosted_zone_name;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_custom_domain;

typedef struct aw_cors {
    aw_strings allow_origins, allow_methods, allow_headers, expose_headers;
    bool allow_credentials;
    double max_age_ms;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_cors;

typedef struct aw_policy_statement {
    aw_effect effect;
    aw_strings principals;      /* "*", account ids, or ARNs */
    aw_strings actions;         /* default execute-api:Invoke */
    aw_strings resources;       /* route patterns such as "GET /pets/{id}" */
    aw_strings source_ips, not_source_ips;
    aw_strings source_vpcs, source_vpces, source_accounts;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_policy_statement;

typedef struct aw_resource_policy {
    aw_policy_statement *statements;
    size_t statement_count;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_resource_policy;

typedef struct aw_model_def {   /* REST request model */
    const char *name;
    const char *content_type;
    const char *schema;         /* JSON Schema text */
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_model_def;

/* A gateway response API Gateway answers with instead of its own (REST). */
typedef struct aw_gateway_response {
    aw_gateway_response_type type;
    int64_t status_code;        /* AW_UNSET_INT: the type's own */
    aw_map headers;             /* header name -> 'text', method.request.* or stageVariables.* */
    aw_map templates;           /* content type -> body template */
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_gateway_response;

typedef struct aw_api {
    aw_api_type type;
    aw_endpoint_type endpoint;
    bool disable_default_endpoint;
    aw_custom_domain *domain;
    aw_cors *cors;
    aw_resource_policy *policy;
    aw_ref default_authorizer;
    aw_api_key_source api_key_source;
    aw_validation request_validation;   /* default validator for routes */
    aw_strings binary_media_types;
    const char *route_selection;        /* WebSocket route selection expression */
    const char *api_key_selection;      /* WebSocket API key selection expression */
    const char *waf_web_acl;
    aw_model_def *models;
    size_t model_count;
    aw_gateway_response *gateway_responses;
    size_t gateway_response_count;
} aw_api;

/* How a REST stage's cache treats one method: on or off, for how long, and
 * on which request parameters besides those the compiler keys on (path
 * parameters, the caller's identity). Applies on every stage with a cache
 * cluster. */
typedef struct aw_route_cache {
    bool enabled;
    double ttl_ms;              /* NAN: the stage's */
    aw_strings keys;            /* method.request.{header,querystring,path}.NAME */
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_route_cache;
/* A request parameter a method declares (REST): where it comes, whether
 * a request must carry it (checked when the route validates parameters). */
typedef struct aw_request_param {
    aw_param_location in;
    const char *name;
    bool required;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_request_param;

typedef struct aw_route {
    aw_ref api;
    aw_method method;
    const char *path;
    const char *route_key;              /* WebSocket */
    aw_ref authorizer;                  /* id "none" means explicitly public */
    bool auth_none;                     /* set by the resolver for "none" */
    const char *none_reason;
    aw_strings scopes;
    bool api_key_required;
    aw_validation request_validation;
    const char *request_model;
    aw_ref integration;
    aw_throttle *throttle;
    aw_route_cache *cache;              /* REST: per-method caching */
    bool two_way;                       /* WebSocket: answers the client ($default route response) */
    const char *tag;                    /* documentation group; NULL: the path's first segment */
    aw_request_param *parameters;
    size_t parameter_count;
} aw_route;

typedef struct aw_route_throttle {
    aw_ref route;
    double rate;
    int64_t burst;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_route_throttle;

typedef struct aw_access_log {
    const char *destination;    /* log group name or ARN */
    const char *format;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_access_log;

typedef struct aw_cache {
    bool enabled;
    double size_gb;
    double ttl_ms;
    bool encrypted;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_cache;

typedef struct aw_canary {
    double percent;
    aw_map variables;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_canary;

typedef struct aw_stage {
    aw_ref api;
    aw_map variables;
    aw_throttle *throttle;
    aw_route_throttle *route_throttles;
    size_t route_throttle_count;
    aw_access_log *access_log;
    aw_log_level log_level;
    bool detailed_metrics;
    bool tracing;
    aw_cache *cache;
    bool auto_deploy;
    aw_canary *canary;
} aw_stage;

/* One integration response (REST, integrations that are no proxy): the
 * backend answers its pattern selects, and what the method answers then. */
typedef struct aw_integration_response {
    const char *pattern;        /* selection pattern; NULL: the default response */
    int64_t status_code;
    aw_map headers;             /* method response header -> mapping expression */
    aw_map templates;           /* content type -> response mapping template */
    aw_content_handling content_handling;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_integration_response;

typedef struct aw_integration {
    aw_integration_type type;
    double timeout_ms;          /* filled from the API type when unset */
    aw_ref function;            /* lambda */
    const char *alias;          /* lambda: alias invoked, or ${stageVariables.NAME}; NULL: none */
    aw_lambda_style style;      /* lambda: proxy (unset) or custom, with templates and responses */
    aw_invoke_with invoke_with; /* lambda: a permission on the function (unset) or a role (role, else created) */
    aw_payload_format payload_format;
    const char *url;            /* http, private */
    aw_method http_method;
    aw_map headers;
    aw_ref vpc_link;            /* private */
    aw_ref listener;            /* private: the load balancer */
    int64_t listener_port;
    int64_t status_code;        /* mock */
    const char *body;           /* mock */
    const char *service;        /* aws: dynamodb, sqs, states, events, ... */
    const char *action;
    const char *path;           /* aws: called by path (arn:...:SERVICE:path/PATH) instead of by action */
    const char *role;           /* aws, lambda: ARN of the role API Gateway assumes */
    aw_ref target;              /* aws: the data store or service it calls */
    aw_ref backend;             /* http: the backend node the URL points at */
    const char *request_template;
    aw_map request_parameters;  /* aws on HTTP APIs: the call's parameters */
    aw_map parameter_mappings;  /* integration request parameter -> its source, as API Gateway spells both */
    aw_content_handling content_handling;   /* REST: the request body's conversion */
    aw_integration_response *responses;     /* REST: replace the default responses */
    size_t response_count;
} aw_integration;

/* A claim a JWT authorizer checks besides iss, aud, exp, nbf and iat
 * (REST APIs): present when required, equal to one of values if any. */
typedef struct aw_jwt_claim {
    const char *name;
    aw_strings values;
    bool required;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_jwt_claim;

/* One issuer a JWT authorizer trusts, with the audiences it accepts from it. */
typedef struct aw_jwt_issuer {
    const char *issuer;
    aw_strings audiences;
    aw_jwt_claim *claims;
    size_t claim_count;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_jwt_issuer;

typedef struct aw_authorizer {
    aw_authorizer_type type;
    aw_strings identity_sources;
    const char *user_pool;      /* cognito: user pool ARN */
    const char *issuer;         /* jwt: the one issuer (NULL when issuers lists them) */
    aw_strings audiences;       /* jwt: the one issuer's audiences */
    aw_jwt_issuer *issuers;     /* jwt: several issuers, each with its audiences */
    size_t issuer_count;
    aw_strings algorithms;      /* jwt: signing algorithms accepted (REST) */
    aw_ref function;            /* lambda */
    const char *role;           /* lambda: ARN of the role API Gateway invokes it with */
    aw_invoke_with invoke_with; /* lambda: a permission on the function (unset) or a role */
    aw_lambda_auth_kind lambda_type;
    double result_ttl_ms;
    bool simple_responses;
    aw_payload_format payload_format;
    const char *token_url;      /* jwt, cognito: where clients get tokens (documentation) */
} aw_authorizer;

typedef struct aw_quota {
    int64_t limit;
    aw_quota_period period;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_quota;

typedef struct aw_usage_plan {
    aw_refs stages;
    aw_throttle *throttle;
    /* Per-method throttles of each key, on the stages of the route's API. */
    aw_route_throttle *route_throttles;
    size_t route_throttle_count;
    aw_quota *quota;
    aw_refs api_keys;
} aw_usage_plan;

typedef struct aw_api_key {
    bool enabled;
    const char *customer_id;
} aw_api_key;

/* -- Compute and data -- */

/* One statement of a function's execution role, beside what its edges
 * draw: IAM actions on resources, both as written. */
typedef struct aw_lambda_statement {
    aw_effect effect;
    aw_strings actions;
    aw_strings resources;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_lambda_statement;

/* The VPC a function's network interfaces are placed in. */
typedef struct aw_lambda_vpc {
    aw_strings subnets, security_groups;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_lambda_vpc;

typedef struct aw_function {
    const char *runtime;
    const char *handler;                /* NULL: supplied when deploying */
    aw_architecture architecture;
    int64_t memory_mb;
    double timeout_ms;
    int64_t reserved_concurrency;       /* AW_UNSET_INT: draws on the shared pool */
    int64_t provisioned_concurrency;
    aw_latency *latency;
    double cold_start_ms;
    double error_rate;                  /* fraction 0..1 */
    bool existing;
    const char *arn;
    /* Where the code comes from: a local directory or .zip that `aws
     * cloudformation package` uploads, or the source itself (ZipFile);
     * both NULL: the package under the CodeBucket/CodePrefix parameters. */
    const char *code_uri;
    const char *inline_code;
    const char *function_name;          /* NULL: CloudFormation names it */
    aw_map environment;
    const char *role;                   /* an existing role's ARN; NULL: the template's own */
    aw_strings managed_policies;        /* policy ARNs added to the template's role */
    aw_lambda_statement *statements;    /* inline statements of that role */
    size_t statement_count;
    aw_lambda_vpc *vpc;                 /* NULL: not in a VPC */
    aw_tracing_mode tracing;
} aw_function;

typedef struct aw_vpc_link {
    aw_refs targets;                    /* load balancers */
    aw_strings subnets, security_groups;
    bool existing;
    const char *arn;
} aw_vpc_link;

typedef struct aw_listener {
    int64_t port;
    const char *protocol;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_listener;

typedef struct aw_load_balancer {
    aw_lb_type type;
    aw_lb_scheme scheme;
    aw_listener *listeners;
    size_t listener_count;
    int64_t targets;
    double target_capacity;             /* requests/s per target */
    int64_t target_connections;         /* connections per target */
    aw_latency *latency;
    bool existing;
    const char *arn;
} aw_load_balancer;

typedef struct aw_datastore {
    aw_store_engine engine;
    const char *resource_name;          /* table, cluster, bucket or queue */
    aw_capacity_mode capacity_mode;
    int64_t read_capacity, write_capacity;
    int64_t max_connections;
    int64_t pool_size;
    aw_latency *latency;
    bool fifo;
    bool content_dedup;                 /* FIFO: deduplicate by a hash of the body */
    double visibility_timeout_ms;       /* sqs: a received message stays hidden this long */
    int64_t max_receive_count;          /* sqs redrive: receives before the dead-letter queue */
    int64_t message_groups;             /* sqs FIFO: distinct message groups the senders use */
    bool existing;
    const char *arn;
} aw_datastore;

typedef struct aw_http_backend {
    const char *url;
    double capacity;                    /* requests/s */
    int64_t max_connections;
    aw_latency *latency;
    double error_rate;
} aw_http_backend;

typedef struct aw_route_weight {
    aw_ref route;
    double weight;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_route_weight;

typedef struct aw_traffic {
    aw_traffic_profile profile;
    double rate;                        /* requests/s (baseline) */
    double peak_rate;
    double duration_ms;
    double ramp_ms;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_traffic;

typedef struct aw_client {
    aw_ref stage;
    aw_ref api_key;
    aw_traffic *traffic;
    aw_route_weight *mix;
    size_t mix_count;
} aw_client;

/* -- The node: common header plus kind-specific data -- */

struct aw_node {
    aw_kind kind;
    /* True when the builder saw no "${" in any of the node's strings, so the
     * passes over ${...} markers may skip it; false (the safe default) for
     * a node made any other way. */
    bool plain_text;
    size_t index;                       /* position in model->nodes */
    const char *id;
    const char *name;
    const char *description;
    aw_position *position;              /* canvas position; NULL if not placed */
    aw_map tags;
    aw_suppressions suppress;
    const char *condition;              /* the diagram condition it is deployed under; NULL: always */
    aw_loc loc;
    aw_loc *field_locs;                 /* per-field locations, see ir_fields.h */
    /* The API the node belongs to, set by the resolver: a route's or stage's
     * api; for integrations and authorizers, the API of the first route
     * that uses them. NULL for nodes outside any API. */
    aw_node *owner_api;
    union {
        aw_api api;
        aw_route route;
        aw_stage stage;
        aw_integration integration;
        aw_authorizer authorizer;
        aw_usage_plan usage_plan;
        aw_api_key api_key;
        aw_function function;
        aw_vpc_link vpc_link;
        aw_load_balancer load_balancer;
        aw_datastore datastore;
        aw_http_backend http_backend;
        aw_client client;
    } as;
};

/* An edge: a call from one node to another, carrying what flows along it. */
typedef struct aw_edge {
    size_t index;
    const char *id;                     /* optional; generated as "from->to" */
    aw_ref from, to;
    double calls_per_request;
    bool holds_connection;
    aw_access_level access;             /* function -> data store: what it may do there */
    aw_strings actions;                 /* function -> data store: IAM actions, as given */
    int64_t batch_size;                 /* delivery to a function: records per invocation */
    double batch_window_ms;             /* delivery: longest wait to fill a batch */
    int64_t max_concurrency;            /* delivery from SQS: most concurrent invocations */
    const char *label;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_edge;

/* A value the template takes when it is deployed, written ${param:Name} in
 * any string field of an element. */
typedef enum { AW_TPARAM_UNSET, AW_TPARAM_STRING, AW_TPARAM_NUMBER, AW_TPARAM_LIST } aw_template_param_type;

typedef struct aw_template_param {
    const char *name;           /* letters and digits, as CloudFormation names them */
    aw_template_param_type type; /* String, Number or CommaDelimitedList */
    const char *default_value;  /* NULL: the deployer must give one */
    aw_strings allowed_values;
    const char *description;
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_template_param;

/* A numeric field that takes a deploy-time Number parameter, written
 * "${param:Name}" where a number goes. The field's storage holds the
 * parameter's value (its default, or the one given) once resolved, so that
 * every check judges a number; the template writes {"Ref": name} there. */
typedef struct aw_num_param {
    void *slot;                 /* the field's storage inside its struct */
    const struct aw_field *field;
    const char *name;           /* the parameter, as written */
    const char *element;        /* id of the element holding it */
    aw_loc loc;
} aw_num_param;

/* A deploy-time choice: true or false once the parameters have values,
 * as CloudFormation's Conditions are. Exactly one of equals, not, and, or
 * is set; the operands of not, and, or name other conditions. */
typedef struct aw_condition {
    const char *name;           /* letters and digits, as CloudFormation names them */
    aw_strings equals;          /* two texts, ${param:NAME} in them, compared */
    const char *not_;           /* the condition it negates */
    aw_strings and_;            /* 2 to 10 conditions that must all hold */
    aw_strings or_;             /* 2 to 10 conditions of which one must hold */
    aw_loc loc;
    aw_loc *field_locs;         /* per-field, see ir_fields.h */
} aw_condition;

struct aw_model {
    aw_arena arena;                     /* owns everything below */
    int64_t format_version;
    const char *name;
    const char *description;
    aw_strings regions;
    aw_map tags;
    /* The account's regional throttle when raised by a quota request; NULL:
     * AWS's default (10,000 requests/s, burst 5,000). */
    aw_throttle *account_throttle;
    aw_node **nodes;
    size_t node_count;
    aw_edge *edges;
    size_t edge_count;
    aw_template_param *parameters;      /* deploy-time values, in the order written */
    size_t parameter_count;
    aw_condition *conditions;           /* deploy-time choices, in the order written */
    size_t condition_count;
    aw_num_param *num_params;           /* numeric fields given by a parameter, in reading order */
    size_t num_param_count;
    const aw_num_param **num_params_by_slot;  /* the same, by slot address, built by aw_model_index() */
    aw_loc loc;
    aw_loc *field_locs;
    aw_strset by_id;                    /* id -> node, built by aw_model_index() */
    bool plain_text;                    /* as aw_node's, for the diagram's own fields */
};

/* Creates an empty model with its own arena; the caller owns it. */
aw_model *aw_model_new(void);
/* Frees the model and everything in its arena. NULL is fine. */
void aw_model_free(aw_model *model);

/* Builds the id index (and the numeric parameters' index by slot);
 * returns the first duplicate id's second node, or NULL. Lookups are
 * O(1) after this. */
aw_node *aw_model_index(aw_model *model);
aw_node *aw_model_find(const aw_model *model, const char *id);
/* The declared parameter named name[0, len) (its first declaration), and
 * its index when index is not NULL; NULL when none. */
const aw_template_param *aw_model_param(const aw_model *model, const char *name, size_t len, size_t *index);
/* The Number parameter that gives the numeric field stored at slot, or
 * NULL: a binary search once aw_model_index() ran, as every emitter asks
 * for each numeric field it writes. */
const char *aw_model_num_param(const aw_model *model, const void *slot);

const char *aw_kind_name(aw_kind kind);
/* Returns AW_KIND_COUNT if unknown. */
aw_kind aw_kind_from_name(const char *name);

/* Whether text names a Lambda alias or version as a qualifier may: 1 to
 * 128 letters, digits, '-' or '_', or $LATEST. */
bool aw_lambda_qualifier_ok(const char *text);

#endif
