/* Pictures of a diagram through Graphviz (DOT, SVG, PNG, PDF) and the
 * positions Graphviz gives each node, for tidying the canvas. Reads the IR
 * only; callers never see a Graphviz type. */
#ifndef AW_RENDER_H
#define AW_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "../ir/ir.h"
#include "../ir/strbuf.h"

/* What a layout may work on, at most: the graph's nodes and edges plus the
 * bends that dot adds to every edge skipping ranks (a node per rank
 * crossed). Graphviz's dot layout grows faster than linearly in that (about
 * 1 s at 2,500, and minutes for a graph of 300 nodes and 3,600 edges that
 * skip many ranks, which has 60,000), and a layout cannot be interrupted,
 * so a larger picture would hold a server thread for minutes. DOT output,
 * which needs no layout, has no limit. */
#define AW_RENDER_MAX_OBJECTS 4000

typedef enum aw_render_format {
    AW_RENDER_DOT,      /* the graph, not laid out */
    AW_RENDER_SVG,
    AW_RENDER_PNG,
    AW_RENDER_PDF,
} aw_render_format;

/* Returns false for a name other than dot, svg, png or pdf. */
bool aw_render_format_parse(const char *name, aw_render_format *format);

/* How bad what an overlay says of an element is: outline colour. */
typedef enum aw_render_level {
    AW_RENDER_LEVEL_WARNING,    /* amber outline */
    AW_RENDER_LEVEL_ERROR,      /* red outline */
} aw_render_level;

/* One thing an overlay says of a diagram element (node or edge, by id),
 * such as a lint finding: the element is outlined in the level's colour
 * and note (a rule id) is added to its tooltip. */
typedef struct aw_render_mark {
    const char *element;
    aw_render_level level;
    const char *note;
} aw_render_mark;

/* What a simulation run says of one diagram element (a node, by id): its
 * fill shows how busy it was on the scale below, its label the rate it
 * served, its tooltip the figures; the bottleneck gets a thick outline and
 * a label. */
typedef struct aw_render_load {
    const char *element;
    double utilisation;     /* its busiest hop, 0..1 (a bucket that starts full can pass 1); NAN: no limit */
    double served_rps;      /* requests/s it served; NAN when not measured */
    bool bottleneck;
    const char *figures;    /* tooltip lines: utilisation, served, 429/5xx, p99 ... */
} aw_render_load;

/* The utilisation scale of the simulation overlay: below AMBER green,
 * from AMBER to RED amber, above RED red. */
#define AW_RENDER_LOAD_AMBER 0.60
#define AW_RENDER_LOAD_RED 0.85

/* What to draw. The marks and loads are borrowed for the call. */
typedef struct aw_render_options {
    bool collapse;                      /* routes grouped by path prefix */
    const aw_render_mark *marks;        /* findings overlay */
    size_t mark_count;
    const aw_render_load *loads;        /* simulation overlay */
    size_t load_count;
    const char *load_summary;           /* a line under the title: what was simulated */
} aw_render_options;

typedef enum aw_render_status {
    AW_RENDER_OK,
    AW_RENDER_TOO_LARGE,    /* over AW_RENDER_MAX_OBJECTS; the message says by how much */
    AW_RENDER_FAILED,       /* Graphviz failed (a missing plugin); the message says which */
} aw_render_status;

/* Draws a resolved model in the format into out (caller-owned). On failure
 * out is left as it was and a one-line message goes into err. The same
 * model and options always give the same bytes. Safe to call from several
 * threads: Graphviz keeps process-wide state, so calls take turns. */
aw_render_status aw_render(const aw_model *model, const aw_render_options *options, aw_render_format format,
                           aw_strbuf *out, aw_strbuf *err);

/* Where Graphviz puts one node, in canvas units (the centre of the node;
 * x grows to the right and y downwards, from the top-left corner). */
typedef struct aw_layout_place {
    const aw_node *node;
    double x, y;
} aw_layout_place;

/* The box Graphviz draws around an API or a stage and what it holds, in
 * canvas units from its top-left corner. */
typedef struct aw_layout_group {
    const aw_node *node;
    double x, y, width, height;
} aw_layout_group;

/* The positions of every node of a model and the boxes of its groups, in
 * model order; malloc'd, freed by aw_layout_free(). */
typedef struct aw_layout {
    aw_layout_place *places;
    size_t count;
    aw_layout_group *groups;
    size_t group_count;
} aw_layout;

/* Lays out every node of the model as the full picture does (APIs and
 * stages kept together as groups). Same failures as aw_render(). */
aw_render_status aw_layout_compute(const aw_model *model, aw_layout *layout, aw_strbuf *err);
void aw_layout_free(aw_layout *layout);

/* The layout as JSON for the canvas, in model order:
 * {"positions": {"id": {"x": .., "y": ..}, ...},
 *  "groups": {"api-or-stage-id": {"x": .., "y": .., "width": .., "height": ..}, ...}} */
void aw_layout_write_json(const aw_layout *layout, aw_strbuf *out);

#endif
