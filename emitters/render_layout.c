/* Canvas positions from Graphviz's layout of the full picture, so that the
 * canvas can tidy a diagram with one click: each node where dot puts it,
 * APIs and stages kept together as the groups they are. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_graph.h"

typedef struct layout_job {
    const aw_model *model;
    aw_layout *layout;
} layout_job;

/* The cluster of an API or of a stage (inside its API's). */
static Agraph_t *S_cluster_of(Agraph_t *g, const aw_node *n)
{
    if (n->kind == AW_KIND_STAGE && n->owner_api)
        g = S_cluster_of(g, n->owner_api);
    if (!g || (n->kind != AW_KIND_API && n->kind != AW_KIND_STAGE))
        return NULL;
    aw_strbuf name = AW_STRBUF_INIT;
    aw_render_cluster_name(n, &name);
    Agraph_t *c = agsubg(g, name.data, 0);
    aw_strbuf_free(&name);
    return c;
}

static void S_groups(Agraph_t *g, const aw_model *model, aw_layout *l, double top)
{
    l->groups = calloc(model->node_count ? model->node_count : 1, sizeof *l->groups);
    if (!l->groups)
        abort();
    for (size_t i = 0; i < model->node_count; i++) {
        Agraph_t *c = S_cluster_of(g, model->nodes[i]);
        if (!c)
            continue;
        boxf bb = GD_bb(c);
        l->groups[l->group_count++] = (aw_layout_group){model->nodes[i], round(bb.LL.x), round(top - bb.UR.y),
                                                        round(bb.UR.x - bb.LL.x), round(bb.UR.y - bb.LL.y)};
    }
}

/* Graphviz's y grows upwards; the canvas's downwards from the top-left
 * corner. Whole units keep the diagram file tidy. */
static aw_render_status S_collect(GVC_t *gvc, Agraph_t *g, void *ctx)
{
    (void)gvc;
    layout_job *job = ctx;
    double top = GD_bb(g).UR.y;
    aw_layout *l = job->layout;
    l->places = calloc(job->model->node_count ? job->model->node_count : 1, sizeof *l->places);
    if (!l->places)
        abort();
    for (size_t i = 0; i < job->model->node_count; i++) {
        const aw_node *n = job->model->nodes[i];
        Agnode_t *gn = agnode(g, (char *)n->id, 0);
        if (!gn)
            continue;
        l->places[l->count++] = (aw_layout_place){n, round(ND_coord(gn).x), round(top - ND_coord(gn).y)};
    }
    S_groups(g, job->model, l, top);
    return AW_RENDER_OK;
}

aw_render_status aw_layout_compute(const aw_model *model, aw_layout *layout, aw_strbuf *err)
{
    *layout = (aw_layout){0};
    layout_job job = {model, layout};
    aw_render_status status = aw_render_laid_out(model, NULL, false, err, S_collect, &job);
    if (status != AW_RENDER_OK)
        aw_layout_free(layout);
    return status;
}

void aw_layout_free(aw_layout *layout)
{
    free(layout->places);
    free(layout->groups);
    *layout = (aw_layout){0};
}

/* One member of a "positions" or "groups" object: "id": {"x": .., ...}. */
static void S_box(aw_strbuf *out, size_t i, const aw_node *n, const double *v, size_t count)
{
    static const char *const names[] = {"x", "y", "width", "height"};
    aw_strbuf_puts(out, i ? ",\n    " : "\n    ");
    aw_strbuf_json_string(out, n->id, strlen(n->id));
    aw_strbuf_puts(out, ": {");
    for (size_t k = 0; k < count; k++) {
        aw_strbuf_printf(out, "%s\"%s\": ", k ? ", " : "", names[k]);
        aw_strbuf_number(out, v[k]);
    }
    aw_strbuf_putc(out, '}');
}

void aw_layout_write_json(const aw_layout *layout, aw_strbuf *out)
{
    aw_strbuf_puts(out, "{\n  \"positions\": {");
    for (size_t i = 0; i < layout->count; i++) {
        const aw_layout_place *p = &layout->places[i];
        S_box(out, i, p->node, (const double[]){p->x, p->y}, 2);
    }
    aw_strbuf_puts(out, layout->count ? "\n  },\n  \"groups\": {" : "},\n  \"groups\": {");
    for (size_t i = 0; i < layout->group_count; i++) {
        const aw_layout_group *gr = &layout->groups[i];
        S_box(out, i, gr->node, (const double[]){gr->x, gr->y, gr->width, gr->height}, 4);
    }
    aw_strbuf_puts(out, layout->group_count ? "\n  }\n}\n" : "}\n}\n");
}
