/* The CloudFormation emitter's parts: the template under construction and
 * the helpers its resource writers share (cloudformation.c), the
 * ApiGatewayV2 resources of HTTP and WebSocket APIs (cfn_v2.c) and the
 * ApiGateway resources of REST APIs (cfn_rest.c). */
#ifndef AW_CFN_H
#define AW_CFN_H

#include "deploy.h"

/* CloudFormation's limits on one stack (quotas page of the CloudFormation
 * user guide); the body limit is that of a template read from S3. */
#define AW_CFN_MAX_RESOURCES 500
#define AW_CFN_MAX_PARAMETERS 200
#define AW_CFN_MAX_OUTPUTS 200
#define AW_CFN_MAX_BYTES (1024 * 1024)
/* What one nested stack's resources may take, with room in its 1 MiB for
 * the parameters and outputs the split adds (cfn_split.c). */
#define AW_CFN_CHILD_BYTES (AW_CFN_MAX_BYTES - 200 * 1024)
/* The most an API's resource may take with its OpenAPI body before the API
 * is written as resources instead: a child's room, less a sixteenth for
 * what filling in the ${param:...} of its text may add afterwards. */
#define AW_CFN_BODY_RESOURCE_BYTES (AW_CFN_CHILD_BYTES - AW_CFN_CHILD_BYTES / 16)

/* Where a resource starts in the template (before its separator), so that
 * a template too big for one stack can be cut into whole resources. */
typedef struct aw_cfn_span {
    const char *id;             /* the logical id, in ids_arena */
    const aw_node *node;        /* the element it deploys; NULL for none */
    size_t start;
} aw_cfn_span;

/* A value written aside and kept, so that the same value again at the
 * same depth is copied rather than written anew (aw_cfn_kept_stale). */
typedef struct aw_cfn_kept {
    aw_strbuf text;             /* owned; empty until the first */
    int depth;
} aw_cfn_kept;

typedef struct aw_cfn {
    aw_deploy d;                /* in_template, with params */
    aw_parameters params;
    aw_jw *w;                   /* the Resources object */
    aw_jw *outputs;             /* the Outputs object */
    size_t resource_count, output_count;
    aw_strset logical_ids;      /* written so far, to catch two elements
                                 * that would share one: each id's index
                                 * in spans, plus 1 */
    aw_arena ids_arena;
    /* The edges that concern each function's access (deliveries into it,
     * its edges to data stores and APIs): edge_head by node index,
     * edge_next by edge index, SIZE_MAX ends a list. Owned; see
     * aw_cfn_access_init(). */
    size_t *edge_head, *edge_next;
    aw_cfn_span *spans;         /* every resource, in the order written; owned */
    size_t span_count, span_cap;
    size_t resources_end;       /* where the Resources object closes */
    aw_cfn_span *output_spans;  /* every output, where it starts in the Outputs text; owned */
    bool *body_taken_back;      /* d.body_taken_back, writable; owned, NULL until an API needs it */
    size_t output_span_count, output_span_cap;
    /* The condition of the resource being opened (its element's, unless
     * its writer gives another), and the diagram's conditions the template
     * uses, by index (NULL while it uses none). Owned. */
    const char *condition;
    bool *conditions_used;
    struct aw_cfn_meta *meta;   /* design_meta.c's index; owned */
    /* The Tags value written last, for whom (NULL: the diagram's tags
     * alone; else an element whose own tags it merges): a function and its
     * role carry the same tags, so the second is a copy. */
    struct {
        aw_cfn_kept kept;
        const aw_node *node;
        bool as_map;
    } tags;
    /* The trust policy written last, for which service: every function's
     * role has the same. */
    struct {
        aw_cfn_kept kept;
        const char *service;
    } assume_role;
    /* The SourceArn of the Lambda permission written last, for which API:
     * the functions of one API are permitted one after another. */
    struct {
        aw_cfn_kept kept;
        const aw_node *api;
    } permission_source;
} aw_cfn;

/* Whether k is to be written anew: when it is empty, was written at
 * another depth than the template writer's, or !same. Then aside is
 * started on its emptied text at that depth. */
bool aw_cfn_kept_stale(const aw_cfn *c, aw_cfn_kept *k, bool same, aw_jw *aside);

/* Opens resource `logical` of `type` and its Properties. node is the
 * element the resource comes from. */
void aw_cfn_resource(aw_cfn *c, const aw_node *node, const char *logical, const char *type);
/* Opens the member of resource `logical`; reports on node when another
 * element has already taken the id (the later resource is written under a
 * numbered id, so that the template stays well-formed). */
void aw_cfn_resource_key(aw_cfn *c, const aw_node *node, const char *logical);
void aw_cfn_resource_end(aw_cfn *c);
/* The same in two steps, for a resource with attributes besides Type
 * (DependsOn): opens the resource with its Type; then its Properties. */
void aw_cfn_resource_typed(aw_cfn *c, const aw_node *node, const char *logical, const char *type);
void aw_cfn_properties(aw_cfn *c);

/* {"Ref": name}, {"Fn::GetAtt": [resource, attribute]} as values. */
void aw_cfn_ref(aw_jw *w, const char *name);
void aw_cfn_getatt(aw_jw *w, const char *resource, const char *attribute);
/* Logical id of a node's resource: its stem and a type word. */
void aw_cfn_id(const aw_cfn *c, const aw_node *node, const char *word, char *buf, size_t size);

/* Tags of the diagram and the node (the node's win): a map for
 * ApiGatewayV2, a list of {Key, Value} for the others. Written only when
 * there are any. */
void aw_cfn_tags_map(aw_cfn *c, const aw_node *node);
void aw_cfn_tags_list(aw_cfn *c, const aw_node *node);

/* An output about node (its condition, else its API's, applies): the
 * value is a placeholder string. */
void aw_cfn_output(aw_cfn *c, const aw_node *node, const char *name, const char *description, aw_subst *value);

/* A stage's access log settings as member `key` (REST and ApiGatewayV2
 * spell it differently): the destination, a log group ARN as written or
 * the Arn of the log group the template creates for a name, and the format. */
void aw_cfn_access_log(aw_cfn *c, const aw_node *stage, const char *key);

/* ThrottlingRateLimit and, when set, ThrottlingBurstLimit, as members. */
/* Rate and burst as the fields stored at rate and burst hold them: a
 * Number parameter's placeholder where one gives the field. */
void aw_cfn_throttle_members(aw_jw *w, const aw_model *m, const double *rate, const int64_t *burst);
/* Writes key: "${param:NAME}" (which aw_cfn_fill_parameters makes a Ref and
 * declares) when a Number parameter gives the numeric field stored at slot,
 * and returns true; otherwise writes nothing and returns false. */
bool aw_cfn_member_param(aw_jw *w, const aw_model *m, const char *key, const void *slot);

/* A list of strings as member key, on one line. */
void aw_cfn_string_list(aw_jw *w, const char *key, const aw_strings *list);

/* A map of strings as member key (stage variables and their overrides). */
void aw_cfn_string_map(aw_jw *w, const char *key, const aw_map *map);

/* The stage a custom domain maps at the diagram's base path: the
 * production one (named or tagged prod), else the first; NULL when the API
 * has no stage. */
const aw_node *aw_cfn_domain_stage(aw_cfn *c, const aw_node *api);

/* The base path at which the API's custom domain maps stage, appended to out
 * (nothing for the root); false when the domain does not map it. Besides the domain
 * stage, an API whose default endpoint is off has every other stage mapped
 * at "<base path>-<stage>", as nothing else could reach it. */
bool aw_cfn_mapped_path(aw_cfn *c, const aw_node *stage, aw_strbuf *out);

/* Writes the mapping resources of the API's custom domain (domain_id), one
 * per mapped stage, and notes how the stages are reached. */
void aw_cfn_domain_mappings(aw_cfn *c, const aw_node *api, const char *domain_id);

/* The per-route settings of a stage, in the API's route order: the stage's
 * own throttle of a route, else the route's throttle, which applies in every
 * stage; and on a REST stage with a cache cluster, the route's caching.
 * Each override is a whole setting record (fields left out take API
 * Gateway's defaults, not the stage's), so the writers repeat the stage-wide
 * logging, metrics, throttle and cache settings in each. */
typedef struct aw_cfn_override {
    const aw_node *route;
    bool throttled;             /* rate and burst point at the route's throttle */
    const double *rate;
    const int64_t *burst;
    const aw_route_cache *cache;        /* NULL: the stage's caching */
} aw_cfn_override;

/* Fills *out (malloc'd, the caller frees) and returns the count. */
size_t aw_cfn_route_overrides(aw_cfn *c, const aw_node *stage, aw_cfn_override **out);

/* The execution log level as API Gateway spells it; NULL when unset. */
const char *aw_cfn_log_level(aw_log_level level);

/* REST and WebSocket stages that log need the account's CloudWatch Logs
 * role, which a stack should not set for the whole account: a note. */
void aw_cfn_logging_role_note(aw_cfn *c, const aw_node *stage);

/* cfn_common.c: a custom domain's certificate ARN as a value; the invoke
 * URL output of a stage; a route's key ("GET /pets", "$connect"), appended
 * to out; the method of a route that has a path ("GET", "ANY"). */
void aw_cfn_certificate(aw_cfn *c, const aw_node *api);
void aw_cfn_invoke_url(aw_cfn *c, const aw_node *stage, const char *api_id, const char *scheme);
void aw_cfn_route_key(const aw_node *route, aw_strbuf *out);
const char *aw_cfn_route_method(const aw_node *route);

/* design_meta.c: a resource's Metadata with its element's design facts
 * (when it is the resource that carries them), called as it closes; the
 * template's own Metadata with the rest. */
void aw_cfn_design_meta_resource(aw_cfn *c);
void aw_cfn_design_meta_template(aw_cfn *c, aw_jw *w);
void aw_cfn_design_meta_free(aw_cfn *c);
/* The handler a build writes for a function of runtime whose diagram gives
 * none; NULL when a parameter gives it. */
const char *aw_cfn_default_handler(const char *runtime);

/* cfn_access.c: indexes each function's delivery and access edges (and
 * frees the index); writes the Policies of a function's role for what its
 * edges draw; writes an event source mapping per delivery edge. */
void aw_cfn_access_init(aw_cfn *c);
void aw_cfn_access_free(aw_cfn *c);
void aw_cfn_role_policies(aw_cfn *c, const aw_node *fn);
void aw_cfn_event_sources(aw_cfn *c);
/* A role's AssumeRolePolicyDocument for one service principal. */
void aw_cfn_assume_role_policy(aw_cfn *c, const char *service);
/* The roles API Gateway assumes for AWS-service integrations that name
 * none (aw_deploy_integration_role). */
void aw_cfn_integration_roles(aw_cfn *c);
/* The roles the template creates for API Gateway to invoke functions with
 * (integrations and authorizers with invokeWith "role" and no 'role'):
 * lambda:InvokeFunction on that function and its versions and aliases only. */
void aw_cfn_invoke_roles(aw_cfn *c);
/* The policies that let functions call the diagram's APIs (an edge from
 * a function to an API, stage or route). */
void aw_cfn_api_policies(aw_cfn *c);
/* arn:...:execute-api:REGION:ACCOUNT:${ApiId}, the start of what an ARN of api's calls names. */
void aw_cfn_execute_api_arn(const aw_cfn *c, const aw_node *api, aw_subst *arn);
/* An AWS::Lambda::Permission `id` that lets API Gateway invoke target
 * (fn's ARN, qualified or not; freed) for any route, stage and authorizer
 * of api. */
void aw_cfn_permission(aw_cfn *c, const aw_node *api, const aw_node *fn, const char *id, aw_subst *target);
/* The permissions that let an API invoke the aliases its Lambda
 * integrations name, each alias a stage variable gives included. */
void aw_cfn_alias_permissions(aw_cfn *c, const aw_node *api);

/* cfn_route53.c: the alias record of the API's custom domain (resource
 * domain_id; edge: an edge-optimized one) in the hosted zone the domain
 * names; nothing when it names none. */
void aw_cfn_domain_record(aw_cfn *c, const aw_node *api, const char *domain_id, bool edge);

/* cfn_ws_responses.c: a two-way WebSocket route's $default route response
 * (route_id: the route's resource) and its id; whether a two-way route of
 * api calls integ; an integration's $default integration response, with
 * body (may be NULL) as its response template, and its id. */
void aw_cfn_route_response_id(const aw_cfn *c, const aw_node *route, char *buf, size_t size);
void aw_cfn_route_response(aw_cfn *c, const aw_node *route, const char *api_id, const char *route_id);
bool aw_cfn_ws_answered(aw_cfn *c, const aw_node *api, const aw_node *integ);
void aw_cfn_integration_response_id(const char *integration_id, char *buf, size_t size);
void aw_cfn_integration_response(aw_cfn *c, const aw_node *integ, const char *api_id, const char *integration_id,
                                 const char *body);
/* cfn_lambda_config.c: a function's Code when the diagram gives it as a
 * local path or inline (false: the CodeBucket parameters' package), and
 * what a version's description says of that code; the managed policies
 * its settings need (VPC, X-Ray) and those it lists, as items of the
 * role's ManagedPolicyArns; its role statements, as items of a policy's
 * Statement; its Role (the role it names, else created's Arn); and its
 * FunctionName, Environment, VpcConfig and TracingConfig. */
bool aw_cfn_lambda_code(aw_cfn *c, const aw_node *node);
bool aw_cfn_lambda_code_description(const aw_node *node, aw_subst *description);
void aw_cfn_lambda_managed_policies(aw_cfn *c, const aw_node *node);
void aw_cfn_lambda_statements(aw_cfn *c, const aw_node *node);
void aw_cfn_lambda_role(aw_cfn *c, const aw_node *node, const char *created);
void aw_cfn_lambda_settings(aw_cfn *c, const aw_node *node);

/* cfn_stage_variables.c: reports the stage variables and canaries of an
 * API's stages that change nothing. */
void aw_cfn_check_stage_variables(aw_cfn *c, const aw_node *api);

/* cloudformation.c: a template's format version and description; its
 * Parameters section (sorted, when there are any); a report for each
 * limit of one stack that file `file` breaks. */
void aw_cfn_head(aw_cfn *c, aw_jw *w);
void aw_cfn_parameters(aw_cfn *c, aw_jw *w);

/* The diagram's parameters (cfn_parameters.c): rewrites a finished part of
 * the template (its Resources, Outputs or Conditions) so that each
 * ${param:Name} is a Ref or an Fn::Sub placeholder, declaring the
 * parameters it uses; the spans of the resources (and resources_end) or of
 * the outputs follow the text. */
typedef enum { AW_CFN_FILL_RESOURCES, AW_CFN_FILL_OUTPUTS, AW_CFN_FILL_OTHER } aw_cfn_fill_kind;
void aw_cfn_fill_parameters(aw_cfn *c, aw_strbuf *text, aw_cfn_fill_kind kind);
/* A parameter's Type, Description, Default (with_default) and
 * AllowedValues members; its value as a nested stack is given it. */
void aw_cfn_parameter_members(aw_jw *w, const aw_parameter *p, bool with_default);
void aw_cfn_parameter_value(aw_jw *w, const aw_parameter *p);
/* Appends ", NAME ${param:NAME}" to s for each parameter (lists aside)
 * that text[0, len) uses, once each: a published version that names them
 * is replaced, and so republished, when one changes. */
void aw_cfn_parameters_named(const aw_cfn *c, const char *text, size_t len, aw_subst *s);
void aw_cfn_check_limits(aw_cfn *c, const char *file, size_t resources, size_t parameters, size_t outputs,
                         size_t bytes);

/* cfn_conditions.c: marks a condition, and those it reads, as used by
 * the template; writes a resource's Condition member (nothing for NULL);
 * writes the Conditions object (indented as a section's value) into out,
 * false when the template uses none. */
void aw_cfn_condition_mark(aw_cfn *c, const char *name);
void aw_cfn_condition_member(aw_cfn *c, const char *name);
bool aw_cfn_conditions_text(aw_cfn *c, aw_strbuf *out);
/* For nested stacks: marks in used (by condition index, the caller's) the
 * conditions text names as a Condition or an Fn::If, and those they read
 * (or the one named name[0, len));
 * calls fn with the name of each parameter a marked condition reads
 * (repeats possible); writes the Conditions member of the marked ones
 * (nothing when none); and finds the Condition attribute of a resource's
 * text (NULL when it has none). */
bool aw_cfn_conditions_scan(const aw_cfn *c, bool *used, const char *text, size_t len);
void aw_cfn_conditions_mark(const aw_cfn *c, bool *used, const char *name, size_t len);
void aw_cfn_conditions_params(const aw_cfn *c, const bool *used, void (*fn)(void *ctx, const char *name), void *ctx);
void aw_cfn_conditions_member(aw_cfn *c, const bool *used, aw_jw *w);
/* The value of that section into out; out stays empty when none is used. */
void aw_cfn_conditions_value(aw_cfn *c, const bool *used, aw_strbuf *out);
const char *aw_cfn_resource_condition(const char *text, size_t len, size_t *name_len);

/* cfn_split.c: replaces the finished template in out (its resources at
 * c->spans, its Outputs object in outputs) by a root template of nested
 * stacks, and adds the child templates to children, each under every
 * limit of one stack: whole resources, grouped by API and route range,
 * each child after those it takes values from. False (reported) when the
 * resources cannot be ordered. */
bool aw_cfn_split(aw_cfn *c, aw_strbuf *out, const aw_strbuf *outputs, aw_emit_files *children);

/* A place in the template written so far, to take back what follows it:
 * an API's OpenAPI body, written where it goes, when it proves too big. */
typedef struct aw_cfn_mark {
    aw_jw w;                    /* the writer's state there */
    size_t len;
} aw_cfn_mark;
aw_cfn_mark aw_cfn_mark_here(const aw_cfn *c);
/* Whether the resource begun at `start`, with its body, would take more than
 * AW_CFN_BODY_RESOURCE_BYTES; if so, the text after mark is taken back. */
bool aw_cfn_body_taken_back(aw_cfn *c, size_t start, const aw_cfn_mark *mark);
void aw_cfn_v2_api(aw_cfn *c, const aw_node *api);
/* cfn_v2_body.c: the Api resource of an HTTP API whose parts say
 * `body`, its OpenAPI document as Body (no Route, Integration or
 * Authorizer resources beside it). False when the resource would take
 * more than AW_CFN_BODY_RESOURCE_BYTES: its properties are then
 * taken back, the resource left open after aw_cfn_resource(), for the
 * caller to write the API as resources. */
bool aw_cfn_v2_body_api(aw_cfn *c, const aw_node *api, const char *api_id);
void aw_cfn_rest_api(aw_cfn *c, const aw_node *api);
void aw_cfn_api_key(aw_cfn *c, const aw_node *node);
void aw_cfn_usage_plan(aw_cfn *c, const aw_node *node);

#endif
