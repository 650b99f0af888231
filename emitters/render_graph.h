/* The graph of a picture, built with Graphviz's cgraph from the IR: one
 * node per element, clusters per API and per stage, edges for every
 * reference and every edge of the diagram, a title and a legend. Internal
 * to the renderer (render.c, render_layout.c). */
#ifndef AW_RENDER_GRAPH_H
#define AW_RENDER_GRAPH_H

#include <graphviz/gvc.h>

#include "render.h"

/* Builds the graph, with a title and a legend when decorated (a picture,
 * not a layout for the canvas); the caller closes it with agclose().
 * cgraph keeps process-wide state, so the caller holds the render lock. */
Agraph_t *aw_render_graph_build(const aw_model *model, const aw_render_options *options, bool decorated);

/* cgraph ids in the order names are first used (render_ids.c), so that
 * the same model always gives the same graph. */
extern Agiddisc_t aw_render_id_disc;

/* What dot will work on: nodes and edges, plus the virtual nodes that
 * edges spanning several ranks are split into (render_budget.c). Linear
 * in the size of the graph. */
size_t aw_render_graph_cost(Agraph_t *g);

/* The name of the cluster that holds an API's or a stage's elements. */
void aw_render_cluster_name(const aw_node *node, aw_strbuf *out);

/* What is done with a laid-out graph: written in a format, or read for
 * positions. */
typedef aw_render_status (*aw_render_fn)(GVC_t *gvc, Agraph_t *g, void *ctx);

/* Builds the graph, lays it out with dot in a context of its own and hands
 * it to fn, all under the render lock; a graph over AW_RENDER_MAX_OBJECTS
 * is refused before any layout. Graphviz's errors go into err. */
aw_render_status aw_render_laid_out(const aw_model *model, const aw_render_options *options, bool decorated,
                                    aw_strbuf *err, aw_render_fn fn, void *ctx);

#endif
