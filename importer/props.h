/* Property tables: how one template property becomes one diagram field.
 * A resource type's mapping is a list of rows; adding a format field that a
 * template property carries is one row. */
#ifndef AW_IMPORT_PROPS_H
#define AW_IMPORT_PROPS_H

#include "importer.h"

typedef struct aw_iprop aw_iprop;

/* Writes value into target under row->field. */
typedef void (*aw_iput)(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);

struct aw_iprop {
    const char *prop;           /* template property name */
    const char *field;          /* diagram field it fills */
    aw_iput put;                /* NULL: read by the resource's handler itself */
    const aw_iprop *sub;        /* aw_iput_object: the nested object's rows */
};

/* Maps every property of props through rows (ended by a row with prop
 * NULL); a property no row names is reported as not carried. */
void aw_import_props(aw_import *im, aw_doc *target, const aw_doc *props, const aw_iprop *rows, const char *owner);

void aw_iput_text(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_iput_int(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_iput_bool(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A number of seconds as a duration ("30s"). */
void aw_iput_seconds(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A number of milliseconds as a duration ("29000ms"). */
void aw_iput_millis(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* An enumeration in lower case (ARM64 -> arm64, REGIONAL -> regional). */
void aw_iput_lower(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* The first item of a list, lower case (Architectures). */
void aw_iput_first_lower(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* Tags as a list of Key/Value or as a map. */
void aw_iput_tags(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A map of texts (stage variables, request parameters). */
void aw_iput_map(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* The numeric fields a Number parameter may give: {"Ref": NAME} of a
 * template parameter of Type Number is kept as "${param:NAME}" (declared in
 * the diagram); any other value is read as aw_iput_int, aw_iput_seconds or
 * aw_iput_millis read it (template_params.c). */
void aw_iput_int_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_iput_seconds_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
void aw_iput_millis_param(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* Sets field to "${param:NAME}" when value is {"Ref": NAME} of a Number
 * parameter, and returns whether it did. */
bool aw_import_number_param(aw_import *im, aw_doc *target, const char *field, const aw_doc *value);
/* The same, a template parameter kept as ${param:NAME} (template_params.c). */
void aw_iput_param_map(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A list of texts; a single text becomes a list of one. */
void aw_iput_strings(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A reference to another resource of the template, as its diagram id. */
void aw_iput_ref(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A nested object mapped through row->sub. */
void aw_iput_object(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* An integration's payload version, kept on Lambda integrations only. */
void aw_iput_payload(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* A log group: the name of one of the template's, or the ARN as written. */
void aw_iput_log_group(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* The value's own members mapped through row->sub onto target itself
 * (Environment.Variables, TracingConfig.Mode). */
void aw_iput_inner(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* Read and deliberately not carried, for a reason docs/import.md gives
 * (the diagram's build derives it): no diagnostic. */
void aw_iput_derived(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);

/* The role API Gateway calls a backend with (credentials.c): an ARN is
 * row->field; a Lambda integration's or authorizer's role of the template
 * that only invokes functions is invokeWith: role, which a build makes
 * again; an AWS call's role of the template is made again too. */
void aw_iput_credentials(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);
/* CONVERT_TO_TEXT / CONVERT_TO_BINARY as convert-to-text / -binary
 * (integration_mapping.c). */
void aw_iput_content_handling(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);

/* A map whose keys all start with prefix ("method.response.header."), as
 * the map of what follows it (the header names) under field; a key
 * without the prefix is reported. */
void aw_import_prefixed_map(aw_import *im, aw_doc *target, const char *field, const aw_doc *value, const char *prefix);

/* A comma-separated list of identity sources, as a list. */
void aw_iput_source_list(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value);

/* Rows shared by several types (shared_rows.c). */
extern const aw_iprop aw_import_cors_rows[];        /* CorsConfiguration of HTTP APIs */
extern const aw_iprop aw_import_access_log_rows[];  /* DestinationArn, Format */
extern const aw_iprop aw_import_jwt_rows[];         /* issuer and audience, either case */

/* Duration text for a number of milliseconds ("30s", "150ms"). */
const char *aw_import_duration(aw_import *im, double ms);

#endif
