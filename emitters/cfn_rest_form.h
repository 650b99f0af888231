/* A REST API in resource form (aw_deploy_rest_resource_form): its OpenAPI
 * document, written as for a Body, read back and spelt as the
 * AWS::ApiGateway resources an import of it would make, so that both forms
 * say the same thing from one description. Private to cfn_rest*.c. */
#ifndef AW_CFN_REST_FORM_H
#define AW_CFN_REST_FORM_H

#include <jansson.h>

#include "cfn.h"

typedef struct aw_rest_form {
    aw_cfn *c;
    const aw_node *api;
    const char *api_id;         /* the RestApi's logical id */
    json_t *doc;                /* the API's OpenAPI document; owned */
    aw_arena arena;             /* the strings below */
    aw_strset paths;            /* path ("/a/{b}") -> the stem of its ids ("ApiAByB") */
    aw_strset stems;            /* the stems given, to keep them apart */
    aw_strset written;          /* paths whose Resource is written */
    const char **methods;       /* every Method's logical id, in order; malloc'd */
    size_t method_count, method_cap;
} aw_rest_form;

/* cfn_rest_form.c: writes the API's document as the Body path would and
 * reads it back (false, reported, when it cannot); the RestApi's
 * properties the document's extensions give (key source, binary media
 * types, policy); then every other resource of the API but its
 * deployment and stages; the deployment's DependsOn (every Method); and
 * frees what the form holds. */
bool aw_rest_form_open(aw_rest_form *f, aw_cfn *c, const aw_node *api, const char *api_id);
void aw_rest_form_api_properties(aw_rest_form *f);
void aw_rest_form_resources(aw_rest_form *f);
void aw_rest_form_depends_on(aw_rest_form *f);
void aw_rest_form_close(aw_rest_form *f);

/* A member of an object of the document and the template property it
 * becomes (NULL: read elsewhere, or documentation only). */
typedef struct aw_rest_form_row {
    const char *member, *property;
} aw_rest_form_row;

/* Writes from's members under their properties; reports each member no
 * row names (what: "an integration's", ...), so that nothing is dropped
 * unsaid, and returns false if there was one. */
bool aw_rest_form_members(aw_rest_form *f, const json_t *from, const aw_rest_form_row *rows, size_t count,
                          const char *what);
/* The ResourceId of path: its Resource, or the API's root resource. */
void aw_rest_form_resource_ref(aw_rest_form *f, const char *path);
/* The logical id of a part of the API: its stem, the words of text and
 * word ("Reading", "Model" -> "ApiReadingModel"). */
void aw_rest_form_part_id(const aw_rest_form *f, const char *text, const char *word, char *buf, size_t size);
/* Closes the resource being written, with meta (and integration_meta) as
 * its Archway metadata, the design facts of the Body's x-archway-* members,
 * and, with api_validator, that its request validator is the API's
 * default, which CloudFormation holds on each method only; meta NULL: none. */
void aw_rest_form_end(aw_rest_form *f, const json_t *meta, const json_t *integration_meta, bool api_validator);

/* A value of the document as a template value: {"Ref"}, {"Fn::GetAtt"}
 * and {"Fn::Sub"} on one line, as the writer spells references. */
void aw_rest_form_value(aw_jw *w, const json_t *v);
/* The logical id stem of a path's resource (the API's stem and the path's
 * segments, "Root" for "/"), which the Resource and the CORS preflight
 * Method are named after. */
const char *aw_rest_form_path_stem(aw_rest_form *f, const char *path);

/* Opens a resource of the API (node's, logical id id, of type type): its
 * type, then RestApiId; aw_rest_form_end closes it. */
void aw_rest_form_part_open(aw_rest_form *f, const aw_node *node, const char *id, const char *type);

/* cfn_rest_authorizers.c: the API's authorizers, JWT or of its document's
 * security schemes (an API key's and IAM take no Authorizer resource). */
void aw_rest_form_authorizers(aw_rest_form *f);

/* cfn_rest_method.c: the Method of one operation (verb its OpenAPI key) of
 * path, its Integration and responses; recorded for the deployment. */
void aw_rest_form_method(aw_rest_form *f, const char *path, const char *verb, const json_t *op);

#endif
