/* The diagram format's vocabulary: one descriptor table per IR struct.
 * Adding a field means adding one line here and one member in ir.h. */
#include "ir_fields.h"

#include "units.h"

#include <stdint.h>
#include <inttypes.h>
#include <string.h>

#define REQ AW_FF_REQUIRED
#define MIN AW_FF_MIN
#define MAX AW_FF_MAX
#define RANGE (AW_FF_MIN | AW_FF_MAX)
#define TEXT AW_FF_MULTILINE
#define PARAM AW_FF_PARAM
/* Names AWS accepts as map keys: Lambda's environment variables (a letter, then at least one
 * letter, digit or '_'); API Gateway's stage variables (letters, digits and '_'). */
#define AW_ENV_VARIABLE_NAME "^[A-Za-z][A-Za-z0-9_]+$"
#define AW_STAGE_VARIABLE_NAME "^[A-Za-z0-9_]+$"
#define K(kind) (1u << (kind))
#define O(member) offsetof(S, member)
#define N(array) (sizeof(array) / sizeof((array)[0]))
#define NO_LOC SIZE_MAX

#define SUB_DESC(var, name, fields, doc)                                          \
    const aw_struct_desc var = {name, sizeof(S), offsetof(S, loc),                \
                                offsetof(S, field_locs), fields, N(fields), doc}
#define KIND_DESC(var, name, fields, doc)                                         \
    static const aw_struct_desc var = {name, sizeof(S), NO_LOC, NO_LOC, fields,   \
                                       N(fields), doc}

/* ---- Enumeration names (index = enum value; 0 is "unset") ---------- */

static const char *const api_types[] = {NULL, "http", "rest", "websocket", NULL};
static const char *const endpoint_types[] = {NULL, "regional", "edge", "private", NULL};
static const char *const tls_versions[] = {NULL, "1.0", "1.2", NULL};
static const char *const key_sources[] = {NULL, "header", "authorizer", NULL};
static const char *const validations[] = {NULL, "none", "body", "params", "all", NULL};
static const char *const effects[] = {NULL, "allow", "deny", NULL};
static const char *const methods[] = {NULL, "ANY", "GET", "POST", "PUT", "PATCH",
                                      "DELETE", "HEAD", "OPTIONS", NULL};
static const char *const integration_types[] = {NULL, "lambda", "http", "private",
                                                "mock", "aws", NULL};
static const char *const payload_formats[] = {NULL, "1.0", "2.0", NULL};
static const char *const authorizer_types[] = {NULL, "iam", "cognito", "jwt", "lambda", NULL};
static const char *const lambda_auth_kinds[] = {NULL, "token", "request", NULL};
static const char *const quota_periods[] = {NULL, "day", "week", "month", NULL};
static const char *const log_levels[] = {NULL, "off", "error", "info", NULL};
static const char *const architectures[] = {NULL, "x86_64", "arm64", NULL};
static const char *const lb_types[] = {NULL, "nlb", "alb", NULL};
static const char *const lb_schemes[] = {NULL, "internal", "internet-facing", NULL};
static const char *const store_engines[] = {NULL, "dynamodb", "rds", "aurora", "s3", "sqs",
                                            "kinesis", "sns", "eventbridge", "stepfunctions", NULL};
static const char *const capacity_modes[] = {NULL, "on-demand", "provisioned", NULL};
static const char *const access_levels[] = {NULL, "read", "write", "read-write", NULL};
static const char *const invoke_withs[] = {NULL, "permission", "role", NULL};
static const char *const lambda_styles[] = {NULL, "proxy", "custom", NULL};
static const char *const content_handlings[] = {NULL, "convert-to-text", "convert-to-binary", NULL};
static const char *const param_locations[] = {NULL, "path", "query", "header", NULL};
static const char *const gateway_response_types[] = {
    NULL, "ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
    "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN",
    "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY", "INVALID_SIGNATURE",
    "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "THROTTLED",
    "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED", NULL};
static const char *const tracing_modes[] = {NULL, "active", "pass-through", NULL};
static const char *const traffic_profiles[] = {NULL, "constant", "ramp", "spike", "diurnal", NULL};

/* ---- Small shared structs ------------------------------------------- */

#define S aw_position
static const aw_field position_fields[] = {
    {"x", AW_F_NUMBER, O(x), .flags = REQ, .doc = "canvas x coordinate, in canvas units"},
    {"y", AW_F_NUMBER, O(y), .flags = REQ, .doc = "canvas y coordinate, in canvas units"},
};
static SUB_DESC(position_desc, "position", position_fields, "Where the node sits on the canvas.");
#undef S

#define S aw_throttle
static const aw_field throttle_fields[] = {
    {"rate", AW_F_NUMBER, O(rate), .flags = REQ | MIN | PARAM, .min = 0,
     .doc = "steady-state rate, requests per second (token refill rate)"},
    {"burst", AW_F_INT, O(burst), .flags = REQ | MIN | PARAM, .min = 0,
     .doc = "burst, requests (token bucket size)"},
};
static SUB_DESC(throttle_desc, "throttle", throttle_fields, "A token-bucket throttle.");
#undef S

#define S aw_latency
static const aw_field latency_fields[] = {
    {"p50", AW_F_DURATION, O(p50_ms), .flags = REQ | MIN, .min = 0, .doc = "median latency"},
    {"p99", AW_F_DURATION, O(p99_ms), .flags = REQ | MIN, .min = 0, .doc = "99th percentile latency"},
};
static SUB_DESC(latency_desc, "latency", latency_fields, "Latency percentiles of one call.");
#undef S

#define S aw_suppression
static const aw_field suppression_fields[] = {
    {"rule", AW_F_STRING, O(rule), .flags = REQ, .doc = "id of the rule to suppress, e.g. AW-SEC-001"},
    {"reason", AW_F_STRING, O(reason), .flags = REQ | TEXT, .doc = "why the finding does not apply (mandatory)"},
};
static SUB_DESC(suppression_desc, "suppression", suppression_fields,
                "A lint finding accepted on purpose, with its reason.");
#undef S

/* ---- API ------------------------------------------------------------ */

#define S aw_custom_domain
static const aw_field domain_fields[] = {
    {"domainName", AW_F_STRING, O(domain_name), .flags = REQ, .doc = "fully qualified domain name"},
    {"certificateArn", AW_F_STRING, O(certificate_arn), .doc = "ACM certificate ARN (deploy-time parameter when absent)"},
    {"minTls", AW_F_ENUM, O(min_tls), .names = tls_versions, .doc = "minimum TLS version (security policy)"},
    {"basePath", AW_F_STRING, O(base_path), .doc = "base path mapping; empty maps the root"},
    {"hostedZoneId", AW_F_STRING, O(hosted_zone_id),
     .doc = "Route 53 hosted zone id that gets an alias record of the domain"},
    {"hostedZoneName", AW_F_STRING, O(hosted_zone_name),
     .doc = "Route 53 hosted zone name, e.g. example.com, that gets an alias record (instead of hostedZoneId)"},
};
static SUB_DESC(domain_desc, "customDomain", domain_fields, "A custom domain name for the API.");
#undef S

#define S aw_cors
static const aw_field cors_fields[] = {
    {"allowOrigins", AW_F_STRINGS, O(allow_origins), .item = "origin", .doc = "allowed origins; \"*\" for any"},
    {"allowMethods", AW_F_STRINGS, O(allow_methods), .item = "method", .doc = "allowed methods"},
    {"allowHeaders", AW_F_STRINGS, O(allow_headers), .item = "header", .doc = "allowed request headers"},
    {"exposeHeaders", AW_F_STRINGS, O(expose_headers), .item = "header", .doc = "response headers exposed to scripts"},
    {"allowCredentials", AW_F_BOOL, O(allow_credentials), .def = "false", .doc = "whether credentials are allowed"},
    {"maxAge", AW_F_DURATION, O(max_age_ms), .flags = RANGE, .min = 0, .max = 86400000.0,
     .doc = "how long browsers may cache the preflight answer"},
};
static SUB_DESC(cors_desc, "cors", cors_fields, "Cross-origin resource sharing settings.");
#undef S

#define S aw_policy_statement
static const aw_field statement_fields[] = {
    {"effect", AW_F_ENUM, O(effect), .names = effects, .flags = REQ, .doc = "allow or deny"},
    {"principals", AW_F_STRINGS, O(principals), .item = "principal", .doc = "\"*\", account ids or ARNs"},
    {"actions", AW_F_STRINGS, O(actions), .item = "action", .doc = "actions; execute-api:Invoke when empty"},
    {"resources", AW_F_STRINGS, O(resources), .item = "resource", .doc = "route patterns such as \"GET /pets/*\"; all when empty"},
    {"sourceIps", AW_F_STRINGS, O(source_ips), .item = "cidr", .doc = "condition: caller IP in these CIDR ranges"},
    {"notSourceIps", AW_F_STRINGS, O(not_source_ips), .item = "cidr", .doc = "condition: caller IP outside these ranges"},
    {"sourceVpcs", AW_F_STRINGS, O(source_vpcs), .item = "vpc", .doc = "condition: request comes from these VPCs"},
    {"sourceVpces", AW_F_STRINGS, O(source_vpces), .item = "vpce", .doc = "condition: request comes through these VPC endpoints"},
    {"sourceAccounts", AW_F_STRINGS, O(source_accounts), .item = "account", .doc = "condition: caller in these accounts"},
};
static SUB_DESC(statement_desc, "policyStatement", statement_fields, "One resource-policy statement.");
#undef S

#define S aw_resource_policy
static const aw_field policy_fields[] = {
    {"statements", AW_F_OBJECTS, O(statements), O(statement_count), &statement_desc,
     .item = "statement", .flags = REQ, .doc = "statements, evaluated as IAM does (explicit deny wins)"},
};
static SUB_DESC(policy_desc, "resourcePolicy", policy_fields, "Who may invoke the API (REST).");
#undef S

#define S aw_model_def
static const aw_field model_def_fields[] = {
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "model name, alphanumeric"},
    {"contentType", AW_F_STRING, O(content_type), .def = "application/json", .doc = "media type the model applies to"},
    {"schema", AW_F_STRING, O(schema), .flags = REQ | TEXT, .doc = "JSON Schema (draft 4) as text"},
};
static SUB_DESC(model_def_desc, "model", model_def_fields, "A request model (REST).");
#undef S

#define S aw_gateway_response
static const aw_field gateway_response_fields[] = {
    {"type", AW_F_ENUM, O(type), .names = gateway_response_types, .flags = REQ,
     .doc = "the response replaced, e.g. ACCESS_DENIED, THROTTLED, DEFAULT_4XX"},
    {"statusCode", AW_F_INT, O(status_code), .flags = RANGE, .min = 100, .max = 599,
     .doc = "status answered (the type's own when unset)"},
    {"headers", AW_F_MAP, O(headers),
     .doc = "response headers: name to 'static text', method.request.* or stageVariables.*"},
    {"templates", AW_F_MAP, O(templates), .doc = "body templates by content type, with $context variables"},
};
static SUB_DESC(gateway_response_desc, "gatewayResponse", gateway_response_fields,
                "A gateway response of the API's own (REST).");
#undef S

#define S aw_api
static const aw_field api_fields[] = {
    {"type", AW_F_ENUM, O(type), .names = api_types, .flags = REQ, .doc = "API type"},
    {"endpoint", AW_F_ENUM, O(endpoint), .names = endpoint_types, .def = "regional", .doc = "endpoint type"},
    {"disableDefaultEndpoint", AW_F_BOOL, O(disable_default_endpoint), .def = "false",
     .doc = "turn off the execute-api endpoint (use the custom domain only)"},
    {"customDomain", AW_F_OBJECT, O(domain), .sub = &domain_desc, .doc = "custom domain"},
    {"cors", AW_F_OBJECT, O(cors), .sub = &cors_desc, .doc = "CORS (built in for HTTP APIs)"},
    {"resourcePolicy", AW_F_OBJECT, O(policy), .sub = &policy_desc, .doc = "resource policy (REST)"},
    {"defaultAuthorizer", AW_F_REF, O(default_authorizer), .ref_kinds = K(AW_KIND_AUTHORIZER),
     .doc = "authorizer for routes that name none"},
    {"apiKeySource", AW_F_ENUM, O(api_key_source), .names = key_sources,
     .doc = "where API keys come from (REST; header when unset)"},
    {"requestValidation", AW_F_ENUM, O(request_validation), .names = validations,
     .doc = "default request validator for routes (REST)"},
    {"binaryMediaTypes", AW_F_STRINGS, O(binary_media_types), .item = "mediaType",
     .doc = "media types treated as binary (REST)"},
    {"routeSelectionExpression", AW_F_STRING, O(route_selection),
     .doc = "WebSocket route selection expression ($request.body.action when unset)"},
    {"apiKeySelectionExpression", AW_F_STRING, O(api_key_selection),
     .doc = "WebSocket API key selection expression"},
    {"wafWebAcl", AW_F_STRING, O(waf_web_acl), .doc = "AWS WAF web ACL ARN or name (REST)"},
    {"gatewayResponses", AW_F_OBJECTS, O(gateway_responses), O(gateway_response_count), &gateway_response_desc,
     .item = "gatewayResponse", .doc = "what API Gateway answers with its own errors, per response type (REST)"},
    {"models", AW_F_OBJECTS, O(models), O(model_count), &model_def_desc, .item = "model",
     .doc = "request models (REST)"},
};
KIND_DESC(api_desc, "api", api_fields, "An API: HTTP, REST or WebSocket.");
#undef S

/* ---- Routes and stages ------------------------------------------------ */

#define S aw_route_cache
static const aw_field route_cache_fields[] = {
    {"enabled", AW_F_BOOL, O(enabled), .def = "true", .doc = "whether the stage cache answers this method"},
    {"ttl", AW_F_DURATION, O(ttl_ms), .flags = RANGE | PARAM, .min = 0, .max = 3600000.0, .param_unit = 1000,
     .doc = "time to live of its cached responses (the stage's when unset; at most 3600s)"},
    {"keys", AW_F_STRINGS, O(keys), .item = "key",
     .doc = "further cache keys: method.request.header.NAME, method.request.querystring.NAME or method.request.path.NAME"},
};
static SUB_DESC(route_cache_desc, "routeCache", route_cache_fields,
                "How the stage caches of a REST API treat one method.");
#undef S

#define S aw_request_param
static const aw_field request_param_fields[] = {
    {"in", AW_F_ENUM, O(in), .names = param_locations, .flags = REQ, .doc = "path, query or header"},
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "parameter name"},
    {"required", AW_F_BOOL, O(required), .def = "false",
     .doc = "whether a request must carry it (checked when the route validates parameters)"},
};
static SUB_DESC(request_param_desc, "requestParameter", request_param_fields,
                "A request parameter a method declares (REST).");
#undef S

#define S aw_route
static const aw_field route_fields[] = {
    {"api", AW_F_REF, O(api), .flags = REQ, .ref_kinds = K(AW_KIND_API), .doc = "the API the route belongs to"},
    {"method", AW_F_ENUM, O(method), .names = methods, .doc = "HTTP method (HTTP and REST APIs)"},
    {"path", AW_F_STRING, O(path), .doc = "resource path, e.g. /pets/{id} or /{proxy+}"},
    {"routeKey", AW_F_STRING, O(route_key), .doc = "WebSocket route key: $connect, $disconnect, $default or custom"},
    {"authorizer", AW_F_REF, O(authorizer), .flags = AW_FF_NONE_OK, .ref_kinds = K(AW_KIND_AUTHORIZER),
     .doc = "authorizer id, or \"none\" for a deliberately public route"},
    {"noneReason", AW_F_STRING, O(none_reason), .flags = TEXT,
     .doc = "why the route is public (with authorizer \"none\")"},
    {"scopes", AW_F_STRINGS, O(scopes), .item = "scope", .doc = "authorization scopes (JWT, Cognito)"},
    {"apiKeyRequired", AW_F_BOOL, O(api_key_required), .def = "false", .doc = "whether callers must send an API key"},
    {"requestValidation", AW_F_ENUM, O(request_validation), .names = validations,
     .doc = "request validator (REST; the API's default when unset)"},
    {"requestModel", AW_F_STRING, O(request_model), .doc = "name of one of the API's models for the body (REST)"},
    {"integration", AW_F_REF, O(integration), .flags = REQ, .ref_kinds = K(AW_KIND_INTEGRATION),
     .doc = "the integration the route calls"},
    {"throttle", AW_F_OBJECT, O(throttle), .sub = &throttle_desc, .doc = "route throttle in every stage"},
    {"cache", AW_F_OBJECT, O(cache), .sub = &route_cache_desc,
     .doc = "caching of this method on every stage with a cache cluster (REST, GET)"},
    {"twoWay", AW_F_BOOL, O(two_way), .def = "false",
     .doc = "WebSocket: the route sends what its integration returns back to the client"},
    {"tag", AW_F_STRING, O(tag), .doc = "documentation group: the OpenAPI tag (the path's first segment when unset)"},
    {"parameters", AW_F_OBJECTS, O(parameters), O(parameter_count), &request_param_desc, .item = "parameter",
     .doc = "query, header and path parameters the method declares (REST)"},
};
KIND_DESC(route_desc, "route", route_fields, "A route: method and path, or a WebSocket route key.");
#undef S

#define S aw_route_throttle
static const aw_field route_throttle_fields[] = {
    {"route", AW_F_REF, O(route), .flags = REQ, .ref_kinds = K(AW_KIND_ROUTE), .doc = "the route"},
    {"rate", AW_F_NUMBER, O(rate), .flags = REQ | MIN | PARAM, .min = 0, .doc = "requests per second"},
    {"burst", AW_F_INT, O(burst), .flags = REQ | MIN | PARAM, .min = 0, .doc = "burst, requests"},
};
static SUB_DESC(route_throttle_desc, "routeThrottle", route_throttle_fields,
                "A throttle of one route, inside a stage's or a usage plan's wider one.");
#undef S

#define S aw_access_log
static const aw_field access_log_fields[] = {
    {"destination", AW_F_STRING, O(destination), .flags = REQ, .doc = "CloudWatch log group name or ARN"},
    {"format", AW_F_STRING, O(format), .flags = REQ | TEXT, .doc = "log line format with $context variables"},
};
static SUB_DESC(access_log_desc, "accessLog", access_log_fields, "Access logging.");
#undef S

#define S aw_cache
static const aw_field cache_fields[] = {
    {"enabled", AW_F_BOOL, O(enabled), .def = "true", .doc = "whether the cache cluster is on"},
    {"sizeGb", AW_F_NUMBER, O(size_gb), .def = "0.5", .flags = PARAM,
     .doc = "cache size in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237"},
    {"ttl", AW_F_DURATION, O(ttl_ms), .def = "300s", .flags = RANGE | PARAM, .min = 0, .max = 3600000.0,
     .param_unit = 1000, .doc = "time to live of cached responses (at most 3600s)"},
    {"encrypted", AW_F_BOOL, O(encrypted), .def = "false", .doc = "encrypt cached data"},
};
static SUB_DESC(cache_desc, "cache", cache_fields, "The stage's cache cluster (REST).");
#undef S

#define S aw_canary
static const aw_field canary_fields[] = {
    {"percent", AW_F_NUMBER, O(percent), .flags = REQ | RANGE, .min = 0, .max = 100,
     .doc = "share of traffic sent to the canary, percent"},
    {"variables", AW_F_MAP, O(variables), .key_pattern = AW_STAGE_VARIABLE_NAME,
     .doc = "stage variables overridden in the canary"},
};
static SUB_DESC(canary_desc, "canary", canary_fields, "A canary deployment (REST).");
#undef S

#define S aw_stage
static const aw_field stage_fields[] = {
    {"api", AW_F_REF, O(api), .flags = REQ, .ref_kinds = K(AW_KIND_API), .doc = "the API the stage deploys"},
    {"variables", AW_F_MAP, O(variables), .key_pattern = AW_STAGE_VARIABLE_NAME, .doc = "stage variables"},
    {"throttle", AW_F_OBJECT, O(throttle), .sub = &throttle_desc, .doc = "default throttle of every route"},
    {"routeThrottles", AW_F_OBJECTS, O(route_throttles), O(route_throttle_count), &route_throttle_desc,
     .item = "routeThrottle", .doc = "per-route throttle overrides"},
    {"accessLog", AW_F_OBJECT, O(access_log), .sub = &access_log_desc, .doc = "access logging"},
    {"logLevel", AW_F_ENUM, O(log_level), .names = log_levels, .def = "off", .doc = "execution logging level"},
    {"detailedMetrics", AW_F_BOOL, O(detailed_metrics), .def = "false", .doc = "per-route CloudWatch metrics"},
    {"tracing", AW_F_BOOL, O(tracing), .def = "false", .doc = "X-Ray tracing (REST)"},
    {"cache", AW_F_OBJECT, O(cache), .sub = &cache_desc, .doc = "cache cluster (REST)"},
    {"autoDeploy", AW_F_BOOL, O(auto_deploy), .def = "false", .doc = "deploy on every change (HTTP, WebSocket)"},
    {"canary", AW_F_OBJECT, O(canary), .sub = &canary_desc, .doc = "canary deployment (REST)"},
};
KIND_DESC(stage_desc, "stage", stage_fields, "A stage; its name is the node's name.");
#undef S

/* ---- Integrations and authorizers ------------------------------------- */

#define S aw_integration_response
static const aw_field integration_response_fields[] = {
    {"pattern", AW_F_STRING, O(pattern),
     .doc = "selection pattern: a regular expression on the backend's status (a Lambda error's message); the default response when unset"},
    {"statusCode", AW_F_INT, O(status_code), .flags = REQ | RANGE, .min = 100, .max = 599,
     .doc = "status the method answers with"},
    {"headers", AW_F_MAP, O(headers),
     .doc = "response headers: name to integration.response.header.*, integration.response.body.*, or 'static text'"},
    {"templates", AW_F_MAP, O(templates), .doc = "response mapping templates by content type"},
    {"contentHandling", AW_F_ENUM, O(content_handling), .names = content_handlings,
     .doc = "convert-to-text or convert-to-binary: the response body's conversion (passed through when unset)"},
};
static SUB_DESC(integration_response_desc, "integrationResponse", integration_response_fields,
                "An integration response (REST, integrations that are no proxy).");
#undef S

#define S aw_integration
static const aw_field integration_fields[] = {
    {"type", AW_F_ENUM, O(type), .names = integration_types, .flags = REQ, .doc = "integration kind"},
    {"timeout", AW_F_DURATION, O(timeout_ms), .flags = RANGE | PARAM, .min = 50, .max = 900000.0,
     .param_unit = 1, .doc = "integration timeout (29s on REST and WebSocket, 30s on HTTP when unset)"},
    {"function", AW_F_REF, O(function), .ref_kinds = K(AW_KIND_FUNCTION), .doc = "lambda: the function"},
    {"alias", AW_F_STRING, O(alias),
     .doc = "lambda: the alias invoked, or ${stageVariables.NAME} for the alias each stage names"},
    {"payloadFormat", AW_F_ENUM, O(payload_format), .names = payload_formats,
     .doc = "lambda: event payload version (2.0 on HTTP, 1.0 elsewhere when unset)"},
    {"style", AW_F_ENUM, O(style), .names = lambda_styles,
     .doc = "lambda: proxy (the request is the event, the function's answer the response; when unset) or custom (mapping templates and integration responses; REST, WebSocket)"},
    {"url", AW_F_STRING, O(url), .doc = "http, private: the endpoint URL"},
    {"httpMethod", AW_F_ENUM, O(http_method), .names = methods,
     .doc = "http, private: method used towards the backend (ANY when unset)"},
    {"headers", AW_F_MAP, O(headers), .doc = "http, private: headers added to the backend request"},
    {"vpcLink", AW_F_REF, O(vpc_link), .ref_kinds = K(AW_KIND_VPC_LINK), .doc = "private: the VPC link"},
    {"listener", AW_F_REF, O(listener), .ref_kinds = K(AW_KIND_LOAD_BALANCER),
     .doc = "private: the load balancer behind the VPC link"},
    {"listenerPort", AW_F_INT, O(listener_port), .flags = RANGE, .min = 1, .max = 65535,
     .doc = "private: the listener port"},
    {"statusCode", AW_F_INT, O(status_code), .flags = RANGE, .min = 100, .max = 599,
     .doc = "mock: response status (200 when unset)"},
    {"body", AW_F_STRING, O(body), .flags = TEXT, .doc = "mock: response body"},
    {"service", AW_F_STRING, O(service), .doc = "aws: service, e.g. dynamodb, sqs, states, events, kinesis"},
    {"action", AW_F_STRING, O(action), .doc = "aws: action, e.g. PutItem, SendMessage, StartExecution"},
    {"path", AW_F_STRING, O(path),
     .doc = "aws: call the service by path, e.g. an S3 object as BUCKET/{key}, with the HTTP method the action implies (REST, WebSocket)"},
    {"role", AW_F_STRING, O(role), .doc = "aws: IAM role ARN the gateway assumes; without one, the template creates a role allowed the action on the target only; lambda: the role it invokes the function with"},
    {"invokeWith", AW_F_ENUM, O(invoke_with), .names = invoke_withs,
     .doc = "lambda: permission (a resource policy on the function; when unset) or role ('role', else one the template creates allowed lambda:InvokeFunction on the function only)"},
    {"target", AW_F_REF, O(target), .ref_kinds = K(AW_KIND_DATASTORE), .doc = "aws: the data store or service called"},
    {"backend", AW_F_REF, O(backend), .ref_kinds = K(AW_KIND_HTTP_BACKEND),
     .doc = "http: the backend node the URL reaches, for capacity and simulation"},
    {"requestTemplate", AW_F_STRING, O(request_template), .flags = TEXT,
     .doc = "aws, mock, custom lambda: request mapping template (REST, WebSocket)"},
    {"requestParameters", AW_F_MAP, O(request_parameters),
     .doc = "aws: parameters of an HTTP API's service call, e.g. MessageBody: $request.body"},
    {"parameterMappings", AW_F_MAP, O(parameter_mappings),
     .doc = "backend request parameters from the method request, context, stage variables or 'static text', spelt as API Gateway spells both"},
    {"contentHandling", AW_F_ENUM, O(content_handling), .names = content_handlings,
     .doc = "convert-to-text or convert-to-binary: the request body's conversion (REST; passed through when unset)"},
    {"responses", AW_F_OBJECTS, O(responses), O(response_count), &integration_response_desc, .item = "response",
     .doc = "integration responses, instead of the default ones (REST aws, mock, custom lambda)"},
};
KIND_DESC(integration_desc, "integration", integration_fields, "What a route calls.");
#undef S

#define S aw_jwt_claim
static const aw_field jwt_claim_fields[] = {
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "claim name (not iss, aud, exp, nbf, iat, scope or scp)"},
    {"values", AW_F_STRINGS, O(values), .item = "value",
     .doc = "accepted values, matched exactly; any value when empty"},
    {"required", AW_F_BOOL, O(required), .def = "false", .doc = "whether a token must carry the claim"},
};
static SUB_DESC(jwt_claim_desc, "jwtClaim", jwt_claim_fields, "A claim a JWT authorizer checks (REST).");
#undef S

#define S aw_jwt_issuer
static const aw_field jwt_issuer_fields[] = {
    {"issuer", AW_F_STRING, O(issuer), .flags = REQ, .doc = "issuer URL, exactly as in the tokens' iss claim"},
    {"audiences", AW_F_STRINGS, O(audiences), .item = "audience", .doc = "audiences accepted from this issuer"},
    {"claims", AW_F_OBJECTS, O(claims), O(claim_count), &jwt_claim_desc, .item = "claim",
     .doc = "further claims its tokens must carry (REST)"},
};
static SUB_DESC(jwt_issuer_desc, "jwtIssuer", jwt_issuer_fields, "An issuer a JWT authorizer trusts.");
#undef S

#define S aw_authorizer
static const aw_field authorizer_fields[] = {
    {"type", AW_F_ENUM, O(type), .names = authorizer_types, .flags = REQ, .doc = "authorizer kind"},
    {"identitySources", AW_F_STRINGS, O(identity_sources), .item = "source",
     .doc = "where the identity comes from, e.g. $request.header.Authorization"},
    {"userPool", AW_F_STRING, O(user_pool), .doc = "cognito: user pool ARN"},
    {"issuer", AW_F_STRING, O(issuer), .doc = "jwt: token issuer URL (one issuer; or list them in issuers)"},
    {"audiences", AW_F_STRINGS, O(audiences), .item = "audience", .doc = "jwt: audiences accepted from issuer"},
    {"issuers", AW_F_OBJECTS, O(issuers), O(issuer_count), &jwt_issuer_desc, .item = "trustedIssuer",
     .doc = "jwt: the issuers trusted, each with its audiences (several on REST APIs)"},
    {"algorithms", AW_F_STRINGS, O(algorithms), .item = "algorithm",
     .doc = "jwt: signing algorithms accepted, RS256..RS512, ES256..ES512 (required on REST APIs)"},
    {"function", AW_F_REF, O(function), .ref_kinds = K(AW_KIND_FUNCTION), .doc = "lambda: the authorizer function"},
    {"role", AW_F_STRING, O(role), .doc = "lambda: ARN of the IAM role API Gateway invokes the function with"},
    {"invokeWith", AW_F_ENUM, O(invoke_with), .names = invoke_withs,
     .doc = "lambda: permission (a resource policy on the function; when unset) or role ('role', else one the template creates allowed lambda:InvokeFunction on the function only)"},
    {"lambdaType", AW_F_ENUM, O(lambda_type), .names = lambda_auth_kinds,
     .doc = "lambda: token or request (request when unset)"},
    {"resultTtl", AW_F_DURATION, O(result_ttl_ms), .flags = RANGE, .min = 0, .max = 3600000.0,
     .doc = "lambda: how long results are cached (300s when unset)"},
    {"simpleResponses", AW_F_BOOL, O(simple_responses), .def = "false", .doc = "lambda on HTTP: simple responses"},
    {"payloadFormat", AW_F_ENUM, O(payload_format), .names = payload_formats,
     .doc = "lambda on HTTP: payload version"},
    {"tokenUrl", AW_F_STRING, O(token_url),
     .doc = "jwt: the OAuth 2.0 token endpoint clients get tokens from (documents the scopes)"},
};
KIND_DESC(authorizer_desc, "authorizer", authorizer_fields, "Who may call a route.");
#undef S

/* ---- Usage plans and keys --------------------------------------------- */

#define S aw_quota
static const aw_field quota_fields[] = {
    {"limit", AW_F_INT, O(limit), .flags = REQ | MIN | PARAM, .min = 1, .doc = "requests per period"},
    {"period", AW_F_ENUM, O(period), .names = quota_periods, .flags = REQ, .doc = "day, week or month"},
};
static SUB_DESC(quota_desc, "quota", quota_fields, "A request quota.");
#undef S

#define S aw_usage_plan
static const aw_field usage_plan_fields[] = {
    {"stages", AW_F_REFS, O(stages), .item = "stage", .ref_kinds = K(AW_KIND_STAGE), .doc = "stages the plan covers"},
    {"throttle", AW_F_OBJECT, O(throttle), .sub = &throttle_desc, .doc = "per-key throttle"},
    {"routeThrottles", AW_F_OBJECTS, O(route_throttles), O(route_throttle_count), &route_throttle_desc,
     .item = "routeThrottle", .doc = "per-key throttles of single routes (REST)"},
    {"quota", AW_F_OBJECT, O(quota), .sub = &quota_desc, .doc = "per-key quota"},
    {"apiKeys", AW_F_REFS, O(api_keys), .item = "apiKey", .ref_kinds = K(AW_KIND_API_KEY), .doc = "keys in the plan"},
};
KIND_DESC(usage_plan_desc, "usagePlan", usage_plan_fields, "A usage plan tying API keys to limits.");
#undef S

#define S aw_api_key
static const aw_field api_key_fields[] = {
    {"enabled", AW_F_BOOL, O(enabled), .def = "true", .doc = "whether the key is active"},
    {"customerId", AW_F_STRING, O(customer_id), .doc = "AWS Marketplace customer id"},
};
KIND_DESC(api_key_desc, "apiKey", api_key_fields, "An API key (its value is never stored in a diagram).");
#undef S

/* ---- Compute and data ------------------------------------------------- */

#define S aw_lambda_statement
static const aw_field lambda_statement_fields[] = {
    {"effect", AW_F_ENUM, O(effect), .names = effects, .def = "allow", .doc = "allow or deny"},
    {"actions", AW_F_STRINGS, O(actions), .item = "action", .flags = REQ,
     .doc = "IAM actions, e.g. kms:Decrypt or ssm:GetParameter"},
    {"resources", AW_F_STRINGS, O(resources), .item = "resource", .flags = REQ,
     .doc = "ARNs (or \"*\") the actions apply to"},
};
static SUB_DESC(lambda_statement_desc, "roleStatement", lambda_statement_fields,
                "A statement added to a function's execution role.");
#undef S

#define S aw_lambda_vpc
static const aw_field lambda_vpc_fields[] = {
    {"subnets", AW_F_STRINGS, O(subnets), .item = "subnet", .flags = REQ,
     .doc = "subnet ids the function's network interfaces go in (two or more zones)"},
    {"securityGroups", AW_F_STRINGS, O(security_groups), .item = "securityGroup", .flags = REQ,
     .doc = "security group ids of those interfaces"},
};
static SUB_DESC(lambda_vpc_desc, "functionVpc", lambda_vpc_fields,
                "The VPC a function runs in: its subnets and security groups.");
#undef S

#define S aw_function
static const aw_field function_fields[] = {
    {"runtime", AW_F_STRING, O(runtime), .flags = REQ, .doc = "Lambda runtime identifier, e.g. nodejs22.x, python3.12; unknown ones are refused"},
    {"handler", AW_F_STRING, O(handler), .doc = "entry point, e.g. index.handler (asked for when deploying if unset)"},
    {"architecture", AW_F_ENUM, O(architecture), .names = architectures, .def = "x86_64", .doc = "instruction set"},
    {"memory", AW_F_INT, O(memory_mb), .def = "128", .flags = RANGE | PARAM, .min = 128, .max = 10240, .doc = "memory, MB"},
    {"timeout", AW_F_DURATION, O(timeout_ms), .def = "3s", .flags = RANGE | PARAM, .min = 1000, .max = 900000.0,
     .param_unit = 1000, .doc = "function timeout (1s to 900s)"},
    {"reservedConcurrency", AW_F_INT, O(reserved_concurrency), .flags = MIN | PARAM, .min = 0,
     .doc = "reserved concurrency; the shared regional pool when unset"},
    {"provisionedConcurrency", AW_F_INT, O(provisioned_concurrency), .flags = MIN | PARAM, .min = 0,
     .doc = "provisioned (pre-warmed) concurrency"},
    {"latency", AW_F_OBJECT, O(latency), .sub = &latency_desc, .doc = "warm invocation duration"},
    {"coldStart", AW_F_DURATION, O(cold_start_ms), .flags = MIN, .min = 0, .doc = "extra time of a cold start"},
    {"errorRate", AW_F_NUMBER, O(error_rate), .def = "0", .flags = RANGE, .min = 0, .max = 1,
     .doc = "fraction of invocations that fail, 0 to 1"},
    {"existing", AW_F_BOOL, O(existing), .def = "false", .doc = "exists already: referenced, not created"},
    {"arn", AW_F_STRING, O(arn), .doc = "ARN of an existing function"},
    {"codeUri", AW_F_STRING, O(code_uri),
     .doc = "local directory or .zip of the code, uploaded by `aws cloudformation package` (instead of the CodeBucket parameters)"},
    {"inlineCode", AW_F_STRING, O(inline_code), .flags = TEXT,
     .doc = "the source itself, for Node.js and Python (file index, at most 4 MB)"},
    {"functionName", AW_F_STRING, O(function_name),
     .doc = "the function's name in Lambda (64 characters at most); CloudFormation names it when unset"},
    {"environment", AW_F_MAP, O(environment), .key_pattern = AW_ENV_VARIABLE_NAME,
     .doc = "environment variables (4 KB in all)"},
    {"role", AW_F_STRING, O(role),
     .doc = "ARN of an existing execution role, used instead of the least-privilege role the template creates"},
    {"managedPolicies", AW_F_STRINGS, O(managed_policies), .item = "policyArn",
     .doc = "managed policy ARNs added to the function's role"},
    {"policyStatements", AW_F_OBJECTS, O(statements), O(statement_count), &lambda_statement_desc,
     .item = "statement", .doc = "statements added to the function's role, beside what its edges draw"},
    {"vpc", AW_F_OBJECT, O(vpc), .sub = &lambda_vpc_desc, .doc = "the VPC the function runs in"},
    {"tracing", AW_F_ENUM, O(tracing), .names = tracing_modes,
     .doc = "X-Ray tracing: active (sample and send traces) or pass-through (only pass the caller's header on)"},
};
KIND_DESC(function_desc, "function", function_fields, "A Lambda function.");
#undef S

#define S aw_vpc_link
static const aw_field vpc_link_fields[] = {
    {"targets", AW_F_REFS, O(targets), .item = "target", .ref_kinds = K(AW_KIND_LOAD_BALANCER),
     .doc = "load balancers reached through the link"},
    {"subnets", AW_F_STRINGS, O(subnets), .item = "subnet", .doc = "subnet ids (HTTP API VPC links)"},
    {"securityGroups", AW_F_STRINGS, O(security_groups), .item = "securityGroup", .doc = "security group ids"},
    {"existing", AW_F_BOOL, O(existing), .def = "false", .doc = "exists already"},
    {"arn", AW_F_STRING, O(arn), .doc = "id or ARN of an existing link"},
};
KIND_DESC(vpc_link_desc, "vpcLink", vpc_link_fields, "A VPC link for private integrations.");
#undef S

#define S aw_listener
static const aw_field listener_fields[] = {
    {"port", AW_F_INT, O(port), .flags = REQ | RANGE, .min = 1, .max = 65535, .doc = "listener port"},
    {"protocol", AW_F_STRING, O(protocol), .doc = "TCP, TLS, HTTP or HTTPS"},
};
static SUB_DESC(listener_desc, "listener", listener_fields, "A load balancer listener.");
#undef S

#define S aw_load_balancer
static const aw_field load_balancer_fields[] = {
    {"type", AW_F_ENUM, O(type), .names = lb_types, .flags = REQ, .doc = "nlb or alb"},
    {"scheme", AW_F_ENUM, O(scheme), .names = lb_schemes, .def = "internal", .doc = "internal or internet-facing"},
    {"listeners", AW_F_OBJECTS, O(listeners), O(listener_count), &listener_desc, .item = "listener",
     .doc = "listeners"},
    {"targets", AW_F_INT, O(targets), .def = "1", .flags = MIN, .min = 0, .doc = "number of healthy targets"},
    {"targetCapacity", AW_F_NUMBER, O(target_capacity), .flags = MIN, .min = 0,
     .doc = "requests per second one target sustains"},
    {"targetConnections", AW_F_INT, O(target_connections), .flags = MIN, .min = 1,
     .doc = "concurrent connections one target accepts"},
    {"latency", AW_F_OBJECT, O(latency), .sub = &latency_desc, .doc = "target response time"},
    {"existing", AW_F_BOOL, O(existing), .def = "false", .doc = "exists already"},
    {"arn", AW_F_STRING, O(arn), .doc = "ARN of an existing load balancer"},
};
KIND_DESC(load_balancer_desc, "loadBalancer", load_balancer_fields, "A network or application load balancer.");
#undef S

#define S aw_datastore
static const aw_field datastore_fields[] = {
    {"engine", AW_F_ENUM, O(engine), .names = store_engines, .flags = REQ, .doc = "dynamodb, rds, aurora, s3, sqs, or the services kinesis, sns, eventbridge, stepfunctions"},
    {"resourceName", AW_F_STRING, O(resource_name), .doc = "table, cluster, bucket or queue name"},
    {"capacityMode", AW_F_ENUM, O(capacity_mode), .names = capacity_modes,
     .doc = "dynamodb: on-demand or provisioned (on-demand when unset)"},
    {"readCapacity", AW_F_INT, O(read_capacity), .flags = MIN, .min = 1, .doc = "dynamodb provisioned: read capacity units"},
    {"writeCapacity", AW_F_INT, O(write_capacity), .flags = MIN, .min = 1, .doc = "dynamodb provisioned: write capacity units"},
    {"maxConnections", AW_F_INT, O(max_connections), .flags = MIN, .min = 1, .doc = "rds, aurora: max_connections"},
    {"poolSize", AW_F_INT, O(pool_size), .flags = MIN, .min = 1, .doc = "rds, aurora: connection pool (e.g. RDS Proxy) size"},
    {"latency", AW_F_OBJECT, O(latency), .sub = &latency_desc, .doc = "query or request latency"},
    {"fifo", AW_F_BOOL, O(fifo), .def = "false", .doc = "sqs: FIFO queue"},
    {"contentBasedDeduplication", AW_F_BOOL, O(content_dedup), .def = "false",
     .doc = "sqs, sns FIFO: deduplicate messages by a hash of their body, so senders need no deduplication id"},
    {"visibilityTimeout", AW_F_DURATION, O(visibility_timeout_ms), .flags = RANGE, .min = 0,
     .max = 43200000.0, .doc = "sqs: how long a received message stays hidden before it may be received again (30s when unset, at most 12h)"},
    {"maxReceiveCount", AW_F_INT, O(max_receive_count), .flags = RANGE, .min = 1, .max = 1000,
     .doc = "sqs redrive policy: receives after which a message goes to the dead-letter queue"},
    {"messageGroups", AW_F_INT, O(message_groups), .flags = MIN, .min = 1,
     .doc = "sqs FIFO: distinct message group ids the senders use (unset: as many as messages)"},
    {"existing", AW_F_BOOL, O(existing), .def = "false", .doc = "exists already"},
    {"arn", AW_F_STRING, O(arn), .doc = "ARN of an existing store"},
};
KIND_DESC(datastore_desc, "datastore", datastore_fields, "A data store: DynamoDB, RDS, Aurora, S3 or SQS.");
#undef S

#define S aw_http_backend
static const aw_field http_backend_fields[] = {
    {"url", AW_F_STRING, O(url), .flags = REQ, .doc = "base URL"},
    {"capacity", AW_F_NUMBER, O(capacity), .flags = MIN, .min = 0, .doc = "requests per second it sustains"},
    {"maxConnections", AW_F_INT, O(max_connections), .flags = MIN, .min = 1, .doc = "concurrent connections it accepts"},
    {"latency", AW_F_OBJECT, O(latency), .sub = &latency_desc, .doc = "response time"},
    {"errorRate", AW_F_NUMBER, O(error_rate), .def = "0", .flags = RANGE, .min = 0, .max = 1,
     .doc = "fraction of requests that fail"},
};
KIND_DESC(http_backend_desc, "httpBackend", http_backend_fields, "An external or on-premises HTTP service.");
#undef S

#define S aw_traffic
static const aw_field traffic_fields[] = {
    {"profile", AW_F_ENUM, O(profile), .names = traffic_profiles, .def = "constant",
     .doc = "constant, ramp, spike or diurnal"},
    {"rate", AW_F_NUMBER, O(rate), .flags = REQ | MIN, .min = 0, .doc = "baseline requests per second"},
    {"peakRate", AW_F_NUMBER, O(peak_rate), .flags = MIN, .min = 0, .doc = "peak requests per second (ramp, spike, diurnal)"},
    {"duration", AW_F_DURATION, O(duration_ms), .def = "60s", .flags = MIN, .min = 1, .doc = "length of the run"},
    {"rampUp", AW_F_DURATION, O(ramp_ms), .flags = MIN, .min = 0, .doc = "time to reach the peak"},
};
static SUB_DESC(traffic_desc, "traffic", traffic_fields, "A request-rate profile.");
#undef S

#define S aw_route_weight
static const aw_field route_weight_fields[] = {
    {"route", AW_F_REF, O(route), .flags = REQ, .ref_kinds = K(AW_KIND_ROUTE), .doc = "the route"},
    {"weight", AW_F_NUMBER, O(weight), .def = "1", .flags = MIN, .min = 0, .doc = "relative share of requests"},
};
static SUB_DESC(route_weight_desc, "routeWeight", route_weight_fields, "A route's share of a client's traffic.");
#undef S

#define S aw_client
static const aw_field client_fields[] = {
    {"stage", AW_F_REF, O(stage), .ref_kinds = K(AW_KIND_STAGE), .doc = "the stage it calls"},
    {"apiKey", AW_F_REF, O(api_key), .ref_kinds = K(AW_KIND_API_KEY), .doc = "the API key it sends"},
    {"traffic", AW_F_OBJECT, O(traffic), .sub = &traffic_desc, .flags = REQ, .doc = "request-rate profile"},
    {"mix", AW_F_OBJECTS, O(mix), O(mix_count), &route_weight_desc, .item = "route",
     .doc = "how requests spread over routes (evenly when empty)"},
};
KIND_DESC(client_desc, "client", client_fields, "A traffic source for simulation.");
#undef S

/* ---- Node header, edges and the diagram -------------------------------- */

#define S aw_node
static const aw_field node_fields[] = {
    {"id", AW_F_STRING, O(id), .flags = REQ, .doc = "unique id: letters, digits, '-', '_', '.'"},
    {"name", AW_F_STRING, O(name), .doc = "display name (a stage's name is its stage name)"},
    {"description", AW_F_STRING, O(description), .flags = TEXT, .doc = "free text"},
    {"position", AW_F_OBJECT, O(position), .sub = &position_desc, .doc = "canvas position"},
    {"tags", AW_F_MAP, O(tags), .doc = "free-form tags"},
    {"suppress", AW_F_OBJECTS, O(suppress.items), O(suppress.count), &suppression_desc,
     .item = "suppression", .doc = "lint findings accepted on this element"},
    {"condition", AW_F_STRING, O(condition),
     .doc = "the diagram condition under which its resources are deployed (always when absent)"},
};
const aw_struct_desc aw_node_common_desc = {"node", sizeof(S), offsetof(S, loc), offsetof(S, field_locs),
                                            node_fields, N(node_fields), "Fields every node has."};
#undef S

#define S aw_edge
static const aw_field edge_fields[] = {
    {"id", AW_F_STRING, O(id), .doc = "optional id"},
    {"from", AW_F_REF, O(from), .flags = REQ, .ref_kinds = ~0u, .doc = "calling node"},
    {"to", AW_F_REF, O(to), .flags = REQ, .ref_kinds = ~0u, .doc = "called node"},
    {"callsPerRequest", AW_F_NUMBER, O(calls_per_request), .def = "1", .flags = MIN, .min = 0,
     .doc = "calls made per request of the caller"},
    {"holdsConnection", AW_F_BOOL, O(holds_connection), .def = "false",
     .doc = "whether the caller holds a connection for the whole call"},
    {"access", AW_F_ENUM, O(access), .names = access_levels,
     .doc = "function to data store: read, write or read-write; the function's role gets the engine's actions"},
    {"actions", AW_F_STRINGS, O(actions), .item = "action",
     .doc = "function to data store: the IAM actions its role gets, such as dynamodb:GetItem (instead of access)"},
    {"batchSize", AW_F_INT, O(batch_size), .flags = RANGE, .min = 1, .max = 10000,
     .doc = "delivery from a queue or stream: most records per invocation of the function"},
    {"batchWindow", AW_F_DURATION, O(batch_window_ms), .flags = RANGE, .min = 0, .max = 300000.0,
     .doc = "delivery from a queue or stream: longest wait to gather a batch (at most 300s)"},
    {"maximumConcurrency", AW_F_INT, O(max_concurrency), .flags = RANGE, .min = 2, .max = 1000,
     .doc = "delivery from an SQS queue: most concurrent invocations the event source mapping makes (2 to 1000)"},
    {"label", AW_F_STRING, O(label), .doc = "text shown on the canvas"},
};
const aw_struct_desc aw_edge_desc = {"edge", sizeof(S), offsetof(S, loc), offsetof(S, field_locs),
                                     edge_fields, N(edge_fields), "A call from one node to another."};
#undef S

#define S aw_template_param
static const char *const param_types[] = {NULL, "String", "Number", "CommaDelimitedList", NULL};
static const aw_field template_param_fields[] = {
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "the name ${param:NAME} uses: letters and digits"},
    {"type", AW_F_ENUM, O(type), .names = param_types, .def = "String",
     .doc = "String, Number or CommaDelimitedList"},
    {"default", AW_F_STRING, O(default_value), .doc = "the value when the deployer gives none"},
    {"allowedValues", AW_F_STRINGS, O(allowed_values), .item = "value", .doc = "the only values it may take"},
    {"description", AW_F_STRING, O(description), .doc = "what the deployer is asked for"},
};
SUB_DESC(aw_template_param_desc, "parameter", template_param_fields,
                "A value given when the template is deployed.");
#undef S

#define S aw_condition
static const aw_field condition_fields[] = {
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "the name elements' 'condition' and ${if:NAME} use: letters and digits"},
    {"equals", AW_F_STRINGS, O(equals), .item = "value", .doc = "two texts (${param:NAME} in them) that must be equal"},
    {"not", AW_F_STRING, O(not_), .doc = "the condition that must not hold"},
    {"and", AW_F_STRINGS, O(and_), .item = "condition", .doc = "2 to 10 conditions that must all hold"},
    {"or", AW_F_STRINGS, O(or_), .item = "condition", .doc = "2 to 10 conditions of which at least one must hold"},
};
SUB_DESC(aw_condition_desc, "condition", condition_fields,
         "A deploy-time choice over parameters and other conditions (exactly one of equals, not, and, or).");
#undef S

#define S aw_model
static const aw_field diagram_fields[] = {
    {"archway", AW_F_INT, O(format_version), .flags = REQ | RANGE, .min = 1, .max = 1,
     .doc = "diagram format version (1)"},
    {"name", AW_F_STRING, O(name), .flags = REQ, .doc = "diagram name"},
    {"description", AW_F_STRING, O(description), .flags = TEXT, .doc = "free text"},
    {"regions", AW_F_STRINGS, O(regions), .item = "region", .doc = "AWS regions, e.g. us-east-1"},
    {"tags", AW_F_MAP, O(tags), .doc = "free-form tags"},
    {"accountThrottle", AW_F_OBJECT, O(account_throttle), .sub = &throttle_desc,
     .doc = "the account's regional throttle, when a quota request raised it (default 10000/s, burst 5000)"},
    {"edges", AW_F_OBJECTS, O(edges), O(edge_count), &aw_edge_desc, .item = "edge", .doc = "calls between nodes"},
    {"parameters", AW_F_OBJECTS, O(parameters), O(parameter_count), &aw_template_param_desc, .item = "parameter",
     .doc = "values given when the template is deployed, written ${param:NAME} in string fields"},
    {"conditions", AW_F_OBJECTS, O(conditions), O(condition_count), &aw_condition_desc, .item = "condition",
     .doc = "deploy-time choices that elements' 'condition' and ${if:NAME} strings use"},
};
const aw_struct_desc aw_diagram_desc = {"diagram", sizeof(S), offsetof(S, loc), offsetof(S, field_locs),
                                        diagram_fields, N(diagram_fields), "An Archway diagram."};
#undef S

const aw_kind_desc aw_kind_descs[AW_KIND_COUNT] = {
    [AW_KIND_API] = {AW_KIND_API, "api", offsetof(aw_node, as.api), &api_desc, "API"},
    [AW_KIND_ROUTE] = {AW_KIND_ROUTE, "route", offsetof(aw_node, as.route), &route_desc, "route"},
    [AW_KIND_STAGE] = {AW_KIND_STAGE, "stage", offsetof(aw_node, as.stage), &stage_desc, "stage"},
    [AW_KIND_INTEGRATION] = {AW_KIND_INTEGRATION, "integration", offsetof(aw_node, as.integration),
                             &integration_desc, "integration"},
    [AW_KIND_AUTHORIZER] = {AW_KIND_AUTHORIZER, "authorizer", offsetof(aw_node, as.authorizer),
                            &authorizer_desc, "authorizer"},
    [AW_KIND_USAGE_PLAN] = {AW_KIND_USAGE_PLAN, "usagePlan", offsetof(aw_node, as.usage_plan),
                            &usage_plan_desc, "usage plan"},
    [AW_KIND_API_KEY] = {AW_KIND_API_KEY, "apiKey", offsetof(aw_node, as.api_key), &api_key_desc, "API key"},
    [AW_KIND_FUNCTION] = {AW_KIND_FUNCTION, "function", offsetof(aw_node, as.function), &function_desc,
                          "Lambda function"},
    [AW_KIND_VPC_LINK] = {AW_KIND_VPC_LINK, "vpcLink", offsetof(aw_node, as.vpc_link), &vpc_link_desc, "VPC link"},
    [AW_KIND_LOAD_BALANCER] = {AW_KIND_LOAD_BALANCER, "loadBalancer", offsetof(aw_node, as.load_balancer),
                               &load_balancer_desc, "load balancer"},
    [AW_KIND_DATASTORE] = {AW_KIND_DATASTORE, "datastore", offsetof(aw_node, as.datastore), &datastore_desc,
                           "data store"},
    [AW_KIND_HTTP_BACKEND] = {AW_KIND_HTTP_BACKEND, "httpBackend", offsetof(aw_node, as.http_backend),
                              &http_backend_desc, "HTTP backend"},
    [AW_KIND_CLIENT] = {AW_KIND_CLIENT, "client", offsetof(aw_node, as.client), &client_desc, "client"},
};

const aw_field *aw_struct_field(const aw_struct_desc *desc, const char *name)
{
    int i = aw_struct_field_index(desc, name);
    return i < 0 ? NULL : &desc->fields[i];
}

int aw_struct_field_index(const aw_struct_desc *desc, const char *name)
{
    /* The first letters differ for most fields: a cheap test before strcmp. */
    for (size_t i = 0; i < desc->field_count; i++)
        if (desc->fields[i].name[0] == name[0] && strcmp(desc->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

static const aw_loc *S_loc_or(const aw_loc *locs, int index, const aw_loc *fallback)
{
    if (locs && index >= 0 && locs[index].line != 0)
        return &locs[index];
    return fallback;
}

const aw_loc *aw_node_field_loc(const aw_node *node, const char *field)
{
    int i = aw_struct_field_index(&aw_node_common_desc, field);
    if (i < 0) {
        int k = aw_struct_field_index(aw_kind_descs[node->kind].desc, field);
        if (k >= 0)
            i = (int)aw_node_common_desc.field_count + k;
    }
    return S_loc_or(node->field_locs, i, &node->loc);
}

const aw_loc *aw_struct_field_loc(const aw_struct_desc *desc, const void *obj, const char *field)
{
    const char *base = obj;
    const aw_loc *own = (const aw_loc *)(base + desc->loc_offset);
    aw_loc *const *locs = (aw_loc *const *)(base + desc->field_locs_offset);
    return S_loc_or(*locs, aw_struct_field_index(desc, field), own);
}

const char *aw_enum_name(const aw_field *f, int value)
{
    if (f->type != AW_F_ENUM || value <= 0)
        return NULL;
    for (int i = 1; i <= value; i++)
        if (!f->names[i])
            return NULL;
    return f->names[value];
}

bool aw_field_is_set(const aw_field *f, const void *base)
{
    const void *p = (const char *)base + f->offset;
    switch (f->type) {
    case AW_F_STRING: return *(const char *const *)p != NULL;
    case AW_F_BOOL: return true;
    case AW_F_INT: return *(const int64_t *)p != AW_UNSET_INT;
    case AW_F_NUMBER:
    case AW_F_DURATION: return AW_IS_SET(*(const double *)p);
    case AW_F_ENUM: return *(const int *)p != 0;
    case AW_F_REF: return ((const aw_ref *)p)->id != NULL;
    case AW_F_STRINGS: return ((const aw_strings *)p)->count != 0;
    case AW_F_REFS: return ((const aw_refs *)p)->count != 0;
    case AW_F_MAP: return ((const aw_map *)p)->count != 0;
    case AW_F_OBJECT: return *(void *const *)p != NULL;
    case AW_F_OBJECTS: return aw_field_objects(f, base, NULL) != 0;
    }
    return false;
}

void aw_field_format_scalar(aw_strbuf *out, const aw_field *f, const void *base)
{
    const void *p = (const char *)base + f->offset;
    switch (f->type) {
    case AW_F_STRING: aw_strbuf_puts(out, *(const char *const *)p); break;
    case AW_F_BOOL: aw_strbuf_puts(out, *(const bool *)p ? "true" : "false"); break;
    case AW_F_INT: aw_strbuf_printf(out, "%" PRId64, *(const int64_t *)p); break;
    case AW_F_NUMBER: aw_strbuf_number(out, *(const double *)p); break;
    case AW_F_DURATION: aw_duration_format(out, *(const double *)p); break;
    case AW_F_ENUM: {
        const char *name = aw_enum_name(f, *(const int *)p);
        aw_strbuf_puts(out, name ? name : "");
        break;
    }
    case AW_F_REF: aw_strbuf_puts(out, ((const aw_ref *)p)->id); break;
    default: break;
    }
}

size_t aw_field_objects(const aw_field *f, const void *base, const char **items)
{
    if (items)
        *items = *(const char *const *)((const char *)base + f->offset);
    return *(const size_t *)((const char *)base + f->count_offset);
}

bool aw_field_format_param(aw_strbuf *out, const aw_model *model, const aw_field *f, const void *base)
{
    const char *name = (f->flags & AW_FF_PARAM) ? aw_model_num_param(model, aw_field_ptr((void *)base, f)) : NULL;
    if (name)
        aw_strbuf_printf(out, "${param:%s}", name);
    return name != NULL;
}

const char *aw_field_param_phrase(const aw_field *f)
{
    if (!(f->flags & AW_FF_PARAM))
        return NULL;
    if (f->type != AW_F_DURATION)
        return "or ${param:NAME}, a Number parameter";
    return f->param_unit == 1000 ? "or ${param:NAME}, a Number parameter in seconds"
                                 : "or ${param:NAME}, a Number parameter in milliseconds";
}

const char *aw_field_type_phrase(const aw_field *f)
{
    switch (f->type) {
    case AW_F_STRING: return "a string";
    case AW_F_BOOL: return "true or false";
    case AW_F_INT: return "an integer";
    case AW_F_NUMBER: return "a number";
    case AW_F_DURATION: return "a duration with a unit, such as \"29s\" or \"150ms\"";
    case AW_F_ENUM: return "one of the listed names";
    case AW_F_REF: return "the id of another node";
    case AW_F_STRINGS: return "a list of strings";
    case AW_F_REFS: return "a list of node ids";
    case AW_F_MAP: return "an object of string values";
    case AW_F_OBJECT: return "an object";
    case AW_F_OBJECTS: return "a list of objects";
    }
    return "a value";
}
