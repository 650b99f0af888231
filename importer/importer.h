/* The importer's inside: the state one import shares between the readers,
 * the mapping tables (CloudFormation, SAM, OpenAPI) and the diagram tree
 * they fill. Everything lives in the import's arena. */
#ifndef AW_IMPORTER_H
#define AW_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "../compiler/diag.h"
#include "../compiler/doc.h"
#include "../ir/strset.h"

/* The YAML front end: the same tree as aw_json_read(), short-form tags
 * spelt as long forms; NULL with a diagnostic on failure. */
aw_doc *aw_yaml_read(aw_arena *arena, aw_diags *diags, const char *file, const char *text, size_t len);

/* Reads a template or OpenAPI file into a tree by its first character
 * ('{' JSON, else YAML), registering it as a diagnostics source. */
aw_doc *aw_import_read(aw_arena *arena, aw_diags *diags, const char *path, const char *shown_name);
/* The same for text in memory (which must outlive the tree). */
aw_doc *aw_import_parse(aw_arena *arena, aw_diags *diags, const char *name, const char *text, size_t len);

typedef struct aw_import_counts {
    size_t resources, imported, partly, skipped;   /* template resources */
    size_t operations;                             /* OpenAPI operations read */
    size_t unmapped;                               /* properties or extensions reported */
} aw_import_counts;

/* One import: the input, the diagram tree being written, what was said. */
typedef struct aw_import {
    aw_arena *arena;
    aw_diags *diags;
    const char *file;           /* the template as named by the user */
    const char *dir;            /* its directory, resolved: includes stay under it
                                 * (NULL for standard input) */
    const char *shown_dir;      /* the same as the user named it */
    const char *external_runtime;   /* --runtime, or NULL */
    bool no_layout;                 /* --no-layout */
    const aw_doc *root;
    const aw_doc *parameters;   /* Parameters of a template, or NULL */
    const aw_doc *resources;    /* Resources of a template, or NULL */
    const aw_doc *globals;      /* SAM Globals, or NULL */
    aw_doc *diagram;            /* the diagram being written (format tree) */
    aw_doc *nodes, *edges;
    aw_strset ids;              /* diagram ids taken -> their node tree */
    aw_strset made;             /* template logical id -> the node made of it */
    aw_strset resource_index;   /* logical id -> resource, while a template is
                                 * mapped (aw_import_index_resources) */
    bool indexed;
    aw_import_counts counts;
    struct aw_import_meta *meta;    /* design facts read back (design_meta.c) */
} aw_import;

/* ---- the diagram tree (diagram_tree.c) ---- */
aw_doc *aw_itree_object(aw_import *im, const aw_loc *loc);
aw_doc *aw_itree_array(aw_import *im, const aw_loc *loc);
aw_doc *aw_itree_string(aw_import *im, const char *s, const aw_loc *loc);
aw_doc *aw_itree_number(aw_import *im, double v, const aw_loc *loc);
aw_doc *aw_itree_bool(aw_import *im, bool v, const aw_loc *loc);
/* Sets key (replacing an earlier value of that key). */
void aw_itree_set(aw_import *im, aw_doc *object, const char *key, aw_doc *value);
/* Adds member m, whose key the object does not hold yet (not looked for:
 * a big object is filled in linear time), keeping where it is written. */
void aw_itree_append(aw_import *im, aw_doc *object, const aw_doc_member *m);
/* Removes key's member, if any. */
void aw_itree_remove(aw_doc *object, const char *key);
/* Sets a member read from the input, keeping where its key is written. */
void aw_itree_copy_member(aw_import *im, aw_doc *object, const aw_doc_member *m);
void aw_itree_set_string(aw_import *im, aw_doc *object, const char *key, const char *s, const aw_loc *loc);
void aw_itree_push(aw_import *im, aw_doc *array, aw_doc *item);
aw_doc *aw_itree_get(const aw_doc *object, const char *key);
/* The value as one text, nested values included: equal texts, equal values. */
struct aw_strbuf;
void aw_itree_text(const aw_doc *v, struct aw_strbuf *out);
/* A new node of the kind under a fresh id made from name; registered. */
aw_doc *aw_itree_node(aw_import *im, const char *kind, const char *name, const aw_loc *loc);
const char *aw_itree_id(const aw_doc *node);
aw_doc *aw_itree_edge(aw_import *im, const char *from, const char *to, const aw_loc *loc);

/* The diagram id of the node made from a template resource, or NULL. */
const char *aw_import_node_id(const aw_import *im, const char *logical_id);
void aw_import_node_made(aw_import *im, const char *logical_id, aw_doc *node);

/* A logical id or name as a diagram id: "OrdersTable" -> "orders-table". */
const char *aw_import_id_from(aw_import *im, const char *name);

/* ---- data stores named, not declared (stores.c) ---- */
/* The data-store element of that engine and resource name, made on first use. */
const char *aw_import_store_named(aw_import *im, const char *engine, const char *name, const aw_loc *loc);
/* The text of a value as written, Fn::Sub placeholders kept, or NULL. */
const char *aw_import_raw_text(const aw_doc *v);
/* The store an ARN or queue URL names (placeholders such as ${AWS::Region}
 * allowed), or NULL. */
const char *aw_import_store_from(aw_import *im, const aw_doc *v);

/* An AWS call's URI ("arn:aws:apigateway:R:dynamodb:action/GetItem", an
 * S3 object by path and method) as its service, action and path
 * (openapi_ops.c); a DynamoDB call's table named in its template
 * ("TableName": "orders") as its target. */
void aw_import_service_uri(aw_import *im, aw_doc *node, const aw_doc *uri, const char *method);
void aw_import_table_target(aw_import *im, aw_doc *node, const char *tmpl, const aw_loc *loc);
/* An SQS call by the query protocol (uri "...:sqs:path/ACCOUNT/QUEUE",
 * sqs_query.c): service, action (from tmpl, the request template as read,
 * at tmpl_loc, or a constant query parameter of params), target queue, and the template
 * unless a build would write it itself; false, nothing done, for any other
 * uri. Whether params hold only what such a call's build derives (the
 * form's Content-Type, the action). */
bool aw_import_is_sqs_query(const aw_doc *uri);
bool aw_import_sqs_query(aw_import *im, aw_doc *node, const aw_doc *uri, const aw_doc *params, const char *tmpl,
                         const aw_loc *tmpl_loc);
bool aw_import_sqs_derived_params(const aw_doc *params);
/* A REST method's cacheKeyParameters, less those a build adds itself (path
 * parameters, the caller's identity), as the route's cache keys. */
void aw_import_cache_keys(aw_import *im, aw_doc *route, const aw_doc *keys);

/* A service integration's request parameters into its node; the queue of
 * an SQS call becomes the integration's target. */
void aw_import_service_parameters(aw_import *im, aw_doc *node, const aw_doc *params);

/* ---- values and intrinsics (values.c) ---- */
/* The value as text when it is one or resolves to one (a parameter's
 * default, Fn::Sub of known names, Fn::Join of texts); else NULL, and with
 * what set, a note that the field could not be resolved. */
const char *aw_import_text(aw_import *im, const aw_doc *v, const char *what);
/* The same for the fields whose references a build resolves (an
 * integration's url, role, path, request template and parameters): a
 * modelled resource as ${ref:ID.ATTR}, a template parameter as
 * ${param:NAME} (declared in the diagram), an ARN or queue URL built from
 * pseudo parameters as its store's reference (text_refs.c). */
const char *aw_import_ref_text(aw_import *im, const aw_doc *v, const char *what);
/* The same with pseudo parameters kept as ${AWS::Name}, nothing reported
 * (a text taken apart before its parts are read), and the pseudo
 * parameters of such a part worked out as aw_import_ref_text() does. */
const char *aw_import_ref_text_kept(aw_import *im, const aw_doc *v);
/* The same for any other string field: template parameters as
 * ${param:NAME}, a resource reported as a value the field cannot hold. */
const char *aw_import_param_text(aw_import *im, const aw_doc *v, const char *what);
const char *aw_import_pseudo_text(aw_import *im, const char *text, const aw_loc *loc, const char *what);
/* An AWS service call without a target whose request template, request
 * parameters and mappings refer to one data store only: that store is
 * the call's target, whose access a build grants. */
void aw_import_target_from_refs(aw_import *im, aw_doc *node);
/* Declares template parameter name in the diagram's parameters, once
 * (template_params.c). */
void aw_import_param_use(aw_import *im, const char *name);
/* The logical id of the template resource a value names (Ref, Fn::GetAtt,
 * or ${Name} / ${Name.Attr} inside Fn::Sub), or NULL. */
const char *aw_import_ref(aw_import *im, const aw_doc *v);
/* The resource of that logical id, or NULL. */
const aw_doc *aw_import_resource(const aw_import *im, const char *logical_id);
/* Indexes the template's resources by logical id, so that finding one
 * does not read them all (a template of thousands names each many
 * times); with false, drops the index. */
void aw_import_index_resources(aw_import *im, bool on);
const char *aw_import_resource_type(const aw_doc *resource);
bool aw_import_number(aw_import *im, const aw_doc *v, double *out);
/* Fn::If's arguments as ${if:NAME}THEN${else}ELSE${end} when NAME is a
 * carried condition and both are texts (ELSE AWS::NoValue: no ${else}),
 * else NULL (conditions.c). */
const char *aw_import_choice(aw_import *im, const aw_doc *args);
/* Member value of an object, or NULL. */
const aw_doc *aw_import_get(const aw_doc *object, const char *key);

/* ---- reports (report.c) ---- */
void aw_import_report(aw_import *im, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Every member of props that handled does not name: reported as not carried. */
void aw_import_report_rest(aw_import *im, const aw_doc *props, const char *const *handled, const char *owner);

/* Canvas positions from the Graphviz layout (place.c); a warning if none. */
struct aw_model;
void aw_import_place(struct aw_model *model, aw_diags *diags);

/* ---- design facts of a template Archway built (design_meta.c) ---- */
/* Records node's "Archway" metadata (NULL: none) to read back. */
void aw_import_meta_note(aw_import *im, aw_doc *node, const aw_doc *meta);
/* A REST operation's x-archway-route and x-archway-integration. */
void aw_import_meta_operation(aw_import *im, aw_doc *route, aw_doc *integration, const aw_doc *op);
/* Ids, design fields, elements and edges from the metadata, where the
 * template's properties leave them unsaid; before the tree is compiled. */
void aw_import_meta_apply(aw_import *im);
/* The schemas of a REST API's body (components.schemas), in which a build
 * hoisted its models' local definitions, kept to fold them back. */
void aw_import_meta_schemas(aw_import *im, aw_doc *api, const aw_doc *schemas);
/* Folds back into the API's models the schemas a build hoisted out of
 * their local definitions, as hoisted says ({"Model": {"definition":
 * "Schema"}}), while the body holds them and nothing but that model names
 * them: they are its "definitions" again, its $refs to them "#/definitions/
 * NAME" (openapi_models.c). */
void aw_import_models_fold(aw_import *im, aw_doc *api, const aw_doc *schemas, const aw_doc *hoisted);

/* ---- the mappings ---- */
/* CloudFormation and SAM resources (cfn_map.c, sam_expand.c). */
void aw_import_template(aw_import *im);
/* An OpenAPI 3 or Swagger 2 document into the API node (openapi_map.c);
 * api_type "http" or "rest". */
void aw_import_openapi(aw_import *im, const aw_doc *doc, aw_doc *api, const char *api_type);
/* The template of a nested stack, by a local TemplateURL relative to the
 * directory of the template that names it (base, shown as shown_base;
 * NULL: the input's), inside the input's directory tree as includes are;
 * *real gets its resolved path. NULL, reported, otherwise (input_file.c). */
const aw_doc *aw_import_read_nested(aw_import *im, const aw_doc *url, const char *base, const char *shown_base,
                                    const char **real);
/* Nested stacks (AWS::CloudFormation::Stack of a local template) read as
 * one template: their resources beside the root's, parameters passed
 * down and outputs taken up replaced by what they stand for (cfn_nested.c). */
void aw_import_nested(aw_import *im);
/* A SAM or CloudFormation DefinitionBody / Body / AWS::Include location. */
const aw_doc *aw_import_definition(aw_import *im, const aw_doc *body, const aw_doc *uri);

/* The function a Lambda URI invokes, as a diagram id (lambda_target.c);
 * alias gets its qualifier, if any. NULL when it names none. */
const char *aw_import_function_target(aw_import *im, const aw_doc *uri, const char **alias);

/* An existing VPC link known by its id, and the load balancer behind it,
 * which the template does not name (vpc_links.c); returns the link's id
 * and sets *listener to the balancer's. */
const char *aw_import_existing_vpc_link(aw_import *im, const char *link_id, const aw_loc *loc, const char **listener);

/* Of an HTTP API's integration, in a template's resource or its body
 * (cfn_v2.c): the listener a private integration's uri names ({"Ref":
 * "InventoryAlbListenerArn"} names load balancer inventory-alb), and the
 * parameter mappings, a constant appended header as its headers' entry. */
void aw_import_v2_listener(aw_import *im, aw_doc *node, const aw_doc *uri);
void aw_import_v2_mappings(aw_import *im, aw_doc *node, const aw_doc *params);

/* Lambda function properties (shared by AWS::Lambda::Function and SAM). */
void aw_import_function_props(aw_import *im, aw_doc *node, const aw_doc *props, const char *const *extra_handled);

#endif
