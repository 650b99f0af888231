/* The design facts of a diagram that no deployable property holds (ids,
 * display names, simulation figures, clients, edges, ...), written into a
 * template's Metadata and a template body's x-archway-* members so that
 * `archway import` gives the diagram back (format: docs/import.md). */
#ifndef AW_DESIGN_META_H
#define AW_DESIGN_META_H

#include "deploy.h"
#include "json_writer.h"

/* Version of the "Archway" metadata format, written at template level. */
#define AW_DESIGN_META_VERSION 1

/* Member `key` holding node's id and its design-only fields that differ
 * from their defaults: {"id": ..., "coldStart": "450ms", ...}. */
void aw_design_meta_member(aw_jw *w, const char *key, const aw_deploy *d, const aw_node *node);
/* The same members, inside an object the caller has opened. */
void aw_design_meta_fields(aw_jw *w, const aw_deploy *d, const aw_node *node);

/* An operation's x-archway-route and x-archway-integration members, in a
 * template's body (REST, and HTTP APIs declared through theirs). */
void aw_design_meta_operation(aw_jw *w, const aw_deploy *d, const aw_node *route);

/* The logical id word of the resource that carries a node's metadata
 * ("Function", "Route", ...), or NULL for a kind that has none. The routes,
 * integrations and authorizers of an API with a body travel in it instead. */
const char *aw_design_meta_resource_word(const aw_deploy *d, const aw_node *node);

/* Whether an API's body carries node (a route, integration or authorizer
 * of a REST API, or of an HTTP API with a body: aw_api_parts.body). */
bool aw_design_meta_in_body(const aw_deploy *d, const aw_node *node);

/* The hash (aw_text_hash) of template or body text without its Archway
 * metadata (resource Metadata and x-archway-* members, which the writers
 * put last in their objects, each on a line of its own): deployments and
 * versions are named after what deploys, so a design fact publishes none. */
uint64_t aw_design_meta_hash(uint64_t seed, const char *text, size_t len);

/* An edge as its metadata, without the end `skip` ("from", or NULL) that
 * the place it stands in says already. */
void aw_design_meta_edge(aw_jw *w, const aw_edge *edge, const char *skip);

/* The template-level "Archway" object: the format version, the diagram's
 * own fields, and every element and edge (by its "from" element) that
 * carried(node, ctx) says no resource or body holds, written whole. */
void aw_design_meta_template(aw_jw *w, const aw_model *model, bool (*carried)(const aw_node *node, void *ctx),
                             void *ctx);

#endif
