/* Plumbing shared by the deployment emitters (OpenAPI, CloudFormation):
 * logical ids derived from diagram ids, strings with CloudFormation
 * placeholders, the ARNs of things the diagram creates or references, and
 * the report of what a target cannot express. Depends on the IR alone. */
#ifndef AW_DEPLOY_H
#define AW_DEPLOY_H

#include <stdbool.h>

#include "../ir/api_support.h"
#include "../ir/ir.h"
#include "emitters.h"
#include "json_writer.h"

/* ---- logical ids --------------------------------------------------------- */

/* One readable, unique CloudFormation logical-id stem per node, derived
 * from its diagram id ("get-order-fn" -> "GetOrderFn"). Resources append a
 * type word ("GetOrderFnFunction"). Owns its strings. */
typedef struct aw_logical_ids {
    char **stems;               /* by node index, each into block */
    char *block;
    size_t count;
} aw_logical_ids;

void aw_logical_ids_init(aw_logical_ids *ids, const aw_model *model);
void aw_logical_ids_free(aw_logical_ids *ids);
const char *aw_logical_id(const aw_logical_ids *ids, const aw_node *node);
/* Shortens stem, the logical-id word made of id, to 64 characters when id
 * is longer than that: its first 56 and eight hex digits of id's hash, so
 * that names joining three such words stay within CloudFormation's 255. */
void aw_logical_fit(char *stem, const char *id);

/* ---- strings with placeholders ----------------------------------------- */

/* A string in the syntax of CloudFormation's Fn::Sub: literal text with
 * "${" escaped as "${!", and placeholders ${Name} or ${Resource.Attribute}. */
typedef struct aw_subst {
    aw_strbuf text;
    bool has_ref;
} aw_subst;

#define AW_SUBST_INIT {AW_STRBUF_INIT, false}

void aw_subst_lit(aw_subst *s, const char *text);
void aw_subst_ref(aw_subst *s, const char *name);       /* ${name} */
/* ${STEMSUFFIX}: a resource of an element, named by the element's logical id stem and the
 * resource's word ("Function.Arn", "Alias"). */
void aw_subst_ref_of(aw_subst *s, const char *stem, const char *suffix);
void aw_subst_free(aw_subst *s);
/* "arn:${AWS::Partition}:SERVICE:${AWS::Region}:" and, with account set,
 * "${AWS::AccountId}:" after it: the start of an ARN in this stack's
 * partition, region and account. */
void aw_subst_arn(aw_subst *s, const char *service, bool account);

/* ---- template parameters --------------------------------------------------- */

/* What the template takes from outside, collected while emitting. */
typedef struct aw_parameter {
    char *name;
    char *description;
    char *default_value;        /* NULL: none */
    const aw_template_param *user;  /* the diagram's, when it declares it; NULL: the template's own */
} aw_parameter;

typedef struct aw_parameters {
    aw_parameter *items;
    size_t count, cap;
    aw_strset names;
} aw_parameters;

void aw_parameters_init(aw_parameters *p);
void aw_parameters_free(aw_parameters *p);
/* Sorts by name for output. */
void aw_parameters_sort(aw_parameters *p);

/* ---- the emission context ------------------------------------------------ */

/* The routes and stages of one API, in diagram order. */
typedef struct aw_api_parts {
    const aw_node **routes;
    size_t route_count;
    const aw_node **stages;
    size_t stage_count;
    /* An HTTP API that its template declares through its OpenAPI Body,
     * as everything it holds fits there (deploy.c, S_body_fits). */
    bool body;
    /* A REST API written as resources (aw_deploy_rest_resource_form). */
    bool resource_form;
} aw_api_parts;

struct aw_deploy {
    const aw_model *model;
    aw_logical_ids ids;
    const aw_emit_sink *sink;   /* set per emission, on a copy of the shared context */
    aw_parameters *params;      /* NULL outside a template */
    aw_api_parts *parts;        /* by node index, filled for APIs */
    const aw_node **part_nodes; /* the storage the parts point into */
    unsigned *link_api_types;   /* by node index, for VPC links: bit (1u << aw_api_type)
                                 * per type of API whose private integrations use it */
    aw_api_users *users;        /* which APIs use each node (ir/api_support.h) */
    struct aw_support_rows *support;    /* that table's rows by kind, made once (deploy.c) */
    /* In a template, strings with placeholders become {"Fn::Sub": ...};
     * in a document of its own they stay text in Fn::Sub syntax. */
    bool in_template;
    /* In a template: by node index, the HTTP APIs that aw_api_parts.body
     * would write as a body but whose body would not fit a nested stack,
     * written as resources instead (cfn_v2.c); NULL while there are none. */
    const bool *body_taken_back;
};

/* Reports, as lost, each setting that the type of an API using the element
 * does not support (ir/api_support.h): the emitters leave such settings
 * out. For one API, or for all when api is NULL. Mock integrations and the
 * kinds of authorizers are reported where they are dropped, in their own
 * words. */
void aw_deploy_report_unsupported(const aw_deploy *d, const aw_node *api);

/* A 64-bit hash of text fed in pieces, the same whatever the pieces (and
 * on any machine): names deployments and versions after what they deploy.
 * Eight bytes a step, since it runs over every API's whole definition. */
#define AW_DEPLOY_HASH_SEED 1469598103934665603ULL
typedef struct aw_text_hash {
    uint64_t h;             /* over the whole words so far */
    uint64_t word;          /* an unfinished word's bytes, the first lowest */
    unsigned have;          /* how many bytes `word` holds */
    uint64_t len;           /* bytes fed in all */
} aw_text_hash;
void aw_text_hash_init(aw_text_hash *s, uint64_t seed);
void aw_text_hash_add(aw_text_hash *s, const char *bytes, size_t len);
uint64_t aw_text_hash_end(const aw_text_hash *s);
/* The hash of one piece of text, from AW_DEPLOY_HASH_SEED. */
uint64_t aw_text_hash_of(const char *bytes, size_t len);

/* The authorizer that protects a route: its own, else its API's default,
 * unless the route is explicitly public. */
const aw_node *aw_deploy_route_authorizer(const aw_node *route);

/* Whether a REST API is deployed in resource form (a Method resource per
 * route, no OpenAPI Body): a route of it is guarded by a JWT authorizer,
 * which CloudFormation spells and no OpenAPI extension does for REST. */
bool aw_deploy_rest_resource_form(const aw_deploy *d, const aw_node *api);

/* An HTTP API with CORS answers preflights itself, unless a route catches
 * OPTIONS first: an authorized ANY route or $default would send the
 * preflight, which carries no credentials, to its authorizer. The path
 * such a route needs an unauthenticated OPTIONS route on ("/{proxy+}" for
 * $default), or NULL when it needs none. */
const char *aw_deploy_preflight_path(const aw_node *route);

/* An AWS-service integration without a role of its own assumes one the
 * template creates, allowed its action on its target only: the target
 * data store (when the integration's service is the store's), or, for
 * EventBridge without a target, the default event bus (*store NULL).
 * Returns false when no such role can be made. */
bool aw_deploy_integration_role(const aw_node *integ, const aw_node **store);

/* The routes and stages of an API (indexed once for all documents, so that
 * no emitter walks the whole diagram once per API). */
const aw_api_parts *aw_deploy_api_parts(const aw_deploy *d, const aw_node *api);
/* Whether the template (or document) at hand writes an HTTP API as its
 * OpenAPI body: aw_api_parts.body, unless the template took the body back
 * for its size. */
bool aw_deploy_api_body(const aw_deploy *d, const aw_node *api);

/* Nodes in diagram order, each once: a small set the emitters fill while
 * walking an API's routes (authorizers, integrations, functions used). */
typedef struct aw_node_set {
    const aw_node **items;
    size_t count, cap;
    const aw_node **slots;      /* the members by index in the diagram, at most half full */
    size_t slot_cap;
} aw_node_set;

void aw_node_set_init(aw_node_set *s);
/* Adds node (NULL is ignored); returns whether it was new. */
bool aw_node_set_add(aw_node_set *s, const aw_node *node);
bool aw_node_set_has(const aw_node_set *s, const aw_node *node);
/* Sorts the members into diagram order. */
void aw_node_set_sort(aw_node_set *s);
void aw_node_set_free(aw_node_set *s);

/* Writes s as a value and frees it: text, or {"Fn::Sub": text} in a
 * template when it holds placeholders. */
void aw_deploy_write_subst(const aw_deploy *d, aw_jw *w, aw_subst *s);

/* Reports what the target cannot express, about node (at loc, NULL for the
 * node itself; node NULL for the diagram as a whole): aw_deploy_report for
 * what is lost (an error), the others for approximations and for what is
 * left to other stacks. */
void aw_deploy_report(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void aw_deploy_warn(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void aw_deploy_note(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* In a template, declares parameter name (String, with a description and
 * an optional default) for node, once; another node that needs a different
 * parameter of the same name is reported. */
void aw_deploy_declare(const aw_deploy *d, const aw_node *node, const char *name, const char *default_value,
                       const char *description_fmt, ...) __attribute__((format(printf, 5, 6)));
/* Appends ${name} to s and declares the parameter as above. */
void aw_deploy_parameter(const aw_deploy *d, aw_subst *s, const aw_node *node, const char *name,
                         const char *default_value, const char *description_fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The alias the template publishes for a function with provisioned
 * concurrency. */
#define AW_DEPLOY_LIVE_ALIAS "live"

/* The ARN of a Lambda function: a created function's Arn attribute, the
 * ARN an existing one gives, or the parameter that supplies it. */
void aw_deploy_function_arn(const aw_deploy *d, const aw_node *fn, aw_subst *s);
/* arn:PARTITION:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations */
void aw_deploy_lambda_invocation_uri(const aw_deploy *d, const aw_node *fn, aw_subst *s);

/* A data store's ARN: the diagram's, else built from its name in this
 * stack's partition, region and account (empty for engines without one). */
void aw_deploy_store_arn(const aw_node *store, aw_subst *s);
/* Its name: resourceName, else its id. */
const char *aw_deploy_store_name(const aw_node *store);
/* An SQS queue's URL in this stack's region and account. */
void aw_deploy_queue_url(const aw_node *queue, aw_subst *s);

/* Text with ${ref:ID.ATTR} references (ir/text_refs.h), appended to s with
 * each reference as the element's ARN, name or URL in this stack; what
 * cannot be said is reported against user. */
void aw_subst_text(const aw_deploy *d, const aw_node *user, aw_subst *s, const char *text);

/* Whether API Gateway invokes the Lambda function of an integration or
 * authorizer with a role rather than through a permission on the function;
 * sets *created when the template creates that role (no 'role' given). */
bool aw_deploy_invokes_with_role(const aw_node *node, bool *created);
/* The ARN of that role: the diagram's, or the created role's. */
void aw_deploy_invoke_credentials(const aw_deploy *d, const aw_node *node, aw_subst *s);
/* The function's own ARN qualified with alias (text, which may hold a
 * ${stageVariables.NAME} for API Gateway to fill in), and the invocation
 * URI of that; alias NULL: as above. */
void aw_deploy_function_alias_arn(const aw_deploy *d, const aw_node *fn, const char *alias, aw_subst *s);
void aw_deploy_lambda_alias_uri(const aw_deploy *d, const aw_node *fn, const char *alias, aw_subst *s);
/* The stage variable a lambda integration's alias reads ("${stageVariables.x}"
 * gives "x", its length into *len); NULL for a literal alias or none. */
const char *aw_deploy_alias_variable(const aw_node *integ, size_t *len);

/* An HTTP API's first-class AWS service integration: its subtype and the
 * parameters it needs. NULL when service/action is not one of them. */
typedef struct aw_service_action {
    const char *service, *action;   /* as the diagram spells them */
    const char *subtype;            /* e.g. "SQS-SendMessage" */
    const char *required;           /* space-separated parameter names */
    const char *from_target;        /* parameter the target data store can supply */
} aw_service_action;

const aw_service_action *aw_service_action_find(const char *service, const char *action);

/* The REST identity source for an HTTP-style one: "$request.header.X" ->
 * "method.request.header.X". Writes into s. */
void aw_deploy_rest_identity_source(const char *source, aw_strbuf *s);
/* A REST authorizer's identity sources so spelt, joined by ", ". */
void aw_deploy_rest_identity_sources(const aw_strings *sources, aw_strbuf *s);

/* A route path as an IAM policy matches it: policies are evaluated against
 * the request's concrete path, so each {param} or {param+} becomes *. */
void aw_deploy_policy_path(aw_strbuf *b, const char *path);

/* The API's name as deployed: the node's name, else its id. */
const char *aw_deploy_name(const aw_node *node);

#endif
