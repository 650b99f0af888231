/* How each kind of element looks in a picture: one row per kind (data
 * stores that are queues or streams get their own), read by the graph
 * builder and the legend. */
#ifndef AW_RENDER_STYLE_H
#define AW_RENDER_STYLE_H

#include "../ir/ir.h"
#include "render.h"

typedef enum aw_render_look {
    AW_LOOK_CLIENT,
    AW_LOOK_API_KEY,
    AW_LOOK_USAGE_PLAN,
    AW_LOOK_STAGE,
    AW_LOOK_API,
    AW_LOOK_ROUTE,
    AW_LOOK_AUTHORIZER,
    AW_LOOK_INTEGRATION,
    AW_LOOK_FUNCTION,
    AW_LOOK_VPC_LINK,
    AW_LOOK_LOAD_BALANCER,
    AW_LOOK_DATASTORE,
    AW_LOOK_QUEUE,
    AW_LOOK_HTTP_BACKEND,
    AW_LOOK_COUNT,
} aw_render_look;

typedef struct aw_render_style {
    const char *legend;     /* what the legend calls it */
    const char *shape;      /* Graphviz shape */
    const char *style;      /* Graphviz style: always filled */
    const char *fill;       /* light, so that black text stays readable */
    const char *line;       /* outline, darker shade of the same hue */
} aw_render_style;

/* Indexed by aw_render_look. */
extern const aw_render_style aw_render_styles[AW_LOOK_COUNT];

aw_render_look aw_render_look_of(const aw_node *node);

/* Outline colours of the overlays, apart from every kind's own. */
#define AW_RENDER_ERROR_COLOR "#d32f2f"
#define AW_RENDER_WARNING_COLOR "#ff8f00"
/* The simulation overlay: fills by utilisation (the bands of render.h),
 * strong enough to stand out from every kind's pale fill, and the
 * bottleneck's outline. */
#define AW_RENDER_LOAD_LOW_FILL "#a5d6a7"
#define AW_RENDER_LOAD_MID_FILL "#ffcc80"
#define AW_RENDER_LOAD_HIGH_FILL "#ef9a9a"
#define AW_RENDER_BOTTLENECK_COLOR "#b71c1c"

/* The fill of an element this busy (0..1, may pass 1); NULL for NAN. */
const char *aw_render_load_fill(double utilisation);

/* Clusters: one API, one stage. */
#define AW_RENDER_API_FILL "#faf5fc"
#define AW_RENDER_API_LINE "#9c6fb0"
#define AW_RENDER_STAGE_FILL "#f1ecf9"
#define AW_RENDER_STAGE_LINE "#8a7bb8"

#endif
