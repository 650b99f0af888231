/* The look of every kind of element in a picture. Fills are light and
 * outlines darker in the same hue; red and amber are kept for findings. */
#include "render_style.h"

#include <math.h>

const aw_render_style aw_render_styles[AW_LOOK_COUNT] = {
    [AW_LOOK_CLIENT] = {"client", "ellipse", "filled", "#e8eaf6", "#3949ab"},
    [AW_LOOK_API_KEY] = {"API key", "invhouse", "filled", "#efebe9", "#6d4c41"},
    [AW_LOOK_USAGE_PLAN] = {"usage plan", "note", "filled", "#fff8e1", "#8d6e63"},
    [AW_LOOK_STAGE] = {"stage", "folder", "filled", "#ede7f6", "#5e35b1"},
    [AW_LOOK_API] = {"API", "tab", "filled", "#f3e5f5", "#7b1fa2"},
    [AW_LOOK_ROUTE] = {"route", "box", "rounded,filled", "#ffffff", "#8e24aa"},
    [AW_LOOK_AUTHORIZER] = {"authorizer", "octagon", "filled", "#f1f8e9", "#558b2f"},
    [AW_LOOK_INTEGRATION] = {"integration", "box", "filled", "#f5f5f5", "#616161"},
    [AW_LOOK_FUNCTION] = {"Lambda function", "component", "filled", "#fff3e0", "#e65100"},
    [AW_LOOK_VPC_LINK] = {"VPC link", "hexagon", "filled", "#e0f2f1", "#00695c"},
    [AW_LOOK_LOAD_BALANCER] = {"load balancer", "box", "filled,diagonals", "#e8f5e9", "#2e7d32"},
    [AW_LOOK_DATASTORE] = {"data store", "cylinder", "filled", "#e3f2fd", "#1565c0"},
    [AW_LOOK_QUEUE] = {"queue, stream or topic", "cds", "filled", "#fce4ec", "#ad1457"},
    [AW_LOOK_HTTP_BACKEND] = {"HTTP backend", "box3d", "filled", "#eceff1", "#455a64"},
};

static const aw_render_look S_by_kind[AW_KIND_COUNT] = {
    [AW_KIND_API] = AW_LOOK_API,
    [AW_KIND_ROUTE] = AW_LOOK_ROUTE,
    [AW_KIND_STAGE] = AW_LOOK_STAGE,
    [AW_KIND_INTEGRATION] = AW_LOOK_INTEGRATION,
    [AW_KIND_AUTHORIZER] = AW_LOOK_AUTHORIZER,
    [AW_KIND_USAGE_PLAN] = AW_LOOK_USAGE_PLAN,
    [AW_KIND_API_KEY] = AW_LOOK_API_KEY,
    [AW_KIND_FUNCTION] = AW_LOOK_FUNCTION,
    [AW_KIND_VPC_LINK] = AW_LOOK_VPC_LINK,
    [AW_KIND_LOAD_BALANCER] = AW_LOOK_LOAD_BALANCER,
    [AW_KIND_DATASTORE] = AW_LOOK_DATASTORE,
    [AW_KIND_HTTP_BACKEND] = AW_LOOK_HTTP_BACKEND,
    [AW_KIND_CLIENT] = AW_LOOK_CLIENT,
};

/* Engines that carry messages rather than store data. */
static const bool S_queue_engine[] = {
    [AW_STORE_SQS] = true, [AW_STORE_KINESIS] = true, [AW_STORE_SNS] = true, [AW_STORE_EVENTBRIDGE] = true,
};

aw_render_look aw_render_look_of(const aw_node *node)
{
    if (node->kind == AW_KIND_DATASTORE) {
        aw_store_engine e = node->as.datastore.engine;
        if ((size_t)e < sizeof S_queue_engine / sizeof *S_queue_engine && S_queue_engine[e])
            return AW_LOOK_QUEUE;
    }
    return S_by_kind[node->kind];
}

const char *aw_render_load_fill(double utilisation)
{
    if (isnan(utilisation))
        return NULL;
    return utilisation < AW_RENDER_LOAD_AMBER ? AW_RENDER_LOAD_LOW_FILL
           : utilisation <= AW_RENDER_LOAD_RED ? AW_RENDER_LOAD_MID_FILL
                                               : AW_RENDER_LOAD_HIGH_FILL;
}
