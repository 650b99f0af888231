/* The words of a picture: each node's title and detail line, and the label
 * of the edge from a route to its integration. Plain text; the graph
 * builder escapes it for Graphviz. */
#ifndef AW_RENDER_LABEL_H
#define AW_RENDER_LABEL_H

#include "../ir/ir.h"
#include "../ir/strbuf.h"

/* What the node is called: a route by its method and path (or route key),
 * anything else by its name, else its id. */
void aw_render_node_title(const aw_node *node, aw_strbuf *out);

/* A few words on what the node is ("HTTP API", "nodejs22.x, 512 MB",
 * "DynamoDB table orders"); may be empty. */
void aw_render_node_detail(const aw_node *node, aw_strbuf *out);

/* The route's call into its integration: the integration type, and where
 * the diagram sets them, its timeout and the route's throttle (route may be
 * NULL for a group of routes, which has none of its own). */
void aw_render_call_label(const aw_node *route, const aw_node *integration, aw_strbuf *out);

/* A stage's throttle of one route, appended to a call label:
 * "prod: 50 req/s, burst 100". */
void aw_render_stage_throttle(const aw_node *stage, const aw_route_throttle *t, aw_strbuf *out);

#endif
