/* The OpenAPI emitter's parts, shared with the CloudFormation emitter,
 * which embeds a REST API's document as the RestApi's Body. */
#ifndef AW_OPENAPI_H
#define AW_OPENAPI_H

#include "deploy.h"

/* Writes the OpenAPI 3.0 document of an HTTP or REST API as one value. */
void aw_openapi_write(const aw_deploy *d, aw_jw *w, const aw_node *api);

/* Lowercase OpenAPI operation key of a method, or NULL for ANY. */
const char *aw_openapi_method_key(aw_method method);

/* Writes a URL's path template parameters ("/a/{id}/{proxy+}") as
 * OpenAPI path parameters: calls fn for each name. */
void aw_openapi_each_path_param(const char *path, void (*fn)(void *ctx, const char *name, size_t len), void *ctx);

/* The components.schemas name of a model's local definition: the model's
 * name and the definition's, letters and digits only ("ShipmentRequest" +
 * "party" -> "ShipmentRequestParty"). */
void aw_openapi_definition_name(aw_strbuf *b, const char *model, const char *def);

#endif
