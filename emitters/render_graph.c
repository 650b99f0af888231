/* Builds the Graphviz graph of a picture from the IR. Requests travel left
 * to right: clients, keys and plans, stages, APIs, routes, integrations and
 * authorizers, functions, then stores and backends. Every reference field
 * of the field tables becomes an edge, so a new reference is drawn without
 * touching this file; the table below only says which way some of them
 * point and how they look. */
#include "render_graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "render_label.h"
#include "render_style.h"

/* Code points of a title or detail line shown in a box (edge labels:
 * three times as many, wrapped). */
#define AW_RENDER_LABEL_MAX 48

/* What an overlay says of one element, all marks merged. */
typedef struct mark {
    aw_render_level level;
    const char *notes;      /* rule ids, one a line */
} mark;

typedef struct builder {
    const aw_model *model;
    const aw_render_options *opt;
    Agraph_t *g;
    Agraph_t **cluster;     /* per node index: an API's or a stage's cluster */
    Agnode_t **gnode;       /* per node index: its graph node (a collapsed route: its group's) */
    const char **gid;       /* per node index: the id its graph node carries */
    aw_strbuf *stage_throttles; /* per node index: a route's throttles set by stages, as label text */
    aw_arena arena;         /* scratch text of this build */
    aw_strset marks;        /* element id -> mark */
    aw_strset loads;        /* graph node id -> const aw_render_load * */
    aw_strset groups;       /* collapsed route groups: key -> group */
    aw_strset drawn;        /* collapsed: edges drawn already, "tail\nfield\nhead" */
    bool used[AW_LOOK_COUNT];
    aw_strbuf text;         /* scratch */
} builder;

/* A group of routes of one API under one path prefix (--collapse). */
typedef struct group {
    const char *id;
    const char *prefix;
    size_t count;
    aw_strbuf members;      /* tooltip lines */
    Agnode_t *gn;
    mark merged;
    bool marked;
    aw_render_load load;    /* its routes' loads merged */
    aw_strbuf load_lines;   /* tooltip lines of that */
    bool loaded;
} group;

/* How a reference field is drawn. Fields not listed point from the node
 * that holds them to the node they name, as a plain line. */
typedef struct edge_rule {
    aw_kind kind;
    const char *field;
    bool reverse;           /* drawn from the target to the holder, the way requests go */
    const char *style;
} edge_rule;

static const edge_rule S_edge_rules[] = {
    {AW_KIND_ROUTE, "api", true, "solid"},
    {AW_KIND_ROUTE, "authorizer", false, "dashed"},
    {AW_KIND_API, "defaultAuthorizer", false, "dashed"},
    {AW_KIND_AUTHORIZER, "function", false, "dashed"},
    {AW_KIND_USAGE_PLAN, "apiKeys", true, "dotted"},
    {AW_KIND_USAGE_PLAN, "stages", false, "dotted"},
    {AW_KIND_CLIENT, "apiKey", false, "dotted"},
};

static const edge_rule *S_edge_rule(aw_kind kind, const char *field)
{
    for (size_t i = 0; i < sizeof S_edge_rules / sizeof *S_edge_rules; i++)
        if (S_edge_rules[i].kind == kind && strcmp(S_edge_rules[i].field, field) == 0)
            return &S_edge_rules[i];
    return NULL;
}

/* ---- text ---------------------------------------------------------------- */

/* Graphviz reads entities in labels and tooltips, and expands escapes
 * such as \N and \G in them: once in plain labels (a backslash is written
 * twice to stay one), twice over in tooltips (four times). A diagram's
 * ampersands and backslashes must stay text. */
static char *S_esc(builder *b, const char *s, bool tooltip)
{
    aw_strbuf_free(&b->text);
    for (; *s; s++) {
        if (*s == '\\')
            aw_strbuf_puts(&b->text, tooltip ? "\\\\\\\\" : "\\\\");
        else if (*s == '&')
            aw_strbuf_puts(&b->text, "&amp;");
        else
            aw_strbuf_putc(&b->text, *s);
    }
    return aw_arena_strdup(&b->arena, b->text.data ? b->text.data : "");
}

static void S_set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, "");
}

static void S_set_text(builder *b, void *obj, const char *name, const char *text)
{
    S_set(obj, name, S_esc(b, text, strcmp(name, "tooltip") == 0));
}

static void S_set_html(builder *b, void *obj, const char *name, const char *html)
{
    char *h = agstrdup_html(b->g, (char *)html);
    S_set(obj, name, h);
    agstrfree(b->g, h);
}

/* Text inside an HTML-like label, markup escaped. Graphviz reads the
 * entities of such a label before it expands \N, \G ..., so no spelling of
 * a backslash survives that; an invisible word joiner after one keeps it
 * from forming such a pair. */
static void S_html_text(aw_strbuf *out, const char *s)
{
    for (const char *slash; (slash = strchr(s, '\\')); s = slash + 1) {
        aw_strbuf_xml_escaped(out, s, (size_t)(slash - s) + 1, 1);
        if (slash[1] && strchr("GNETHL", slash[1]))
            aw_strbuf_puts(out, "&#8288;");
    }
    aw_strbuf_xml_escaped(out, s, strlen(s), 1);
}

/* Text cut to max code points with an ellipsis: a long name would stretch
 * its box, and the picture, across the page; the tooltip keeps it whole. */
static const char *S_clip(builder *b, const char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t at = 0, points = 0;
    while (s[at] && points < max) {
        at++;
        while (((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        points++;
    }
    return s[at] ? aw_arena_printf(&b->arena, "%.*s\u2026", (int)at, s) : s;
}

/* Long edge labels broken at spaces, so that they do not push ranks apart. */
static const char *S_wrap(builder *b, const char *s, size_t width)
{
    aw_strbuf_free(&b->text);
    size_t col = 0;
    for (; *s; s++) {
        if (*s == ' ' && col >= width) {
            aw_strbuf_putc(&b->text, '\n');
            col = 0;
            continue;
        }
        aw_strbuf_putc(&b->text, *s);
        col++;
    }
    return aw_arena_strdup(&b->arena, b->text.data ? b->text.data : "");
}

/* ---- overlays ------------------------------------------------------------- */

static void S_mark_merge(builder *b, mark *into, const aw_render_mark *m, bool fresh)
{
    if (fresh || m->level > into->level)
        into->level = m->level;
    const char *level = m->level == AW_RENDER_LEVEL_ERROR ? "error" : "warning";
    into->notes = fresh ? aw_arena_printf(&b->arena, "%s (%s)", m->note, level)
                        : aw_arena_printf(&b->arena, "%s\n%s (%s)", into->notes, m->note, level);
}

static void S_index_marks(builder *b)
{
    for (size_t i = 0; i < b->opt->mark_count; i++) {
        const aw_render_mark *m = &b->opt->marks[i];
        if (!m->element)
            continue;
        mark *into = aw_strset_find(&b->marks, m->element);
        bool fresh = !into;
        if (fresh) {
            into = aw_arena_alloc(&b->arena, sizeof *into);
            aw_strset_insert(&b->marks, m->element, into, NULL);
        }
        S_mark_merge(b, into, &(aw_render_mark){m->element, m->level, m->note ? m->note : "finding"}, fresh);
    }
}

/* Outlines an object marked by an overlay and adds the notes to its tooltip. */
static void S_apply_mark(builder *b, void *obj, const mark *m, const char *tooltip)
{
    if (!m) {
        S_set_text(b, obj, "tooltip", tooltip);
        return;
    }
    S_set(obj, "color", m->level == AW_RENDER_LEVEL_ERROR ? AW_RENDER_ERROR_COLOR : AW_RENDER_WARNING_COLOR);
    S_set(obj, "penwidth", "3");
    S_set_text(b, obj, "tooltip", aw_arena_printf(&b->arena, "%s\n%s", tooltip, m->notes));
}

/* The simulation overlay's loads by element id. */
static void S_index_loads(builder *b)
{
    for (size_t i = 0; i < b->opt->load_count; i++)
        if (b->opt->loads[i].element)
            aw_strset_insert(&b->loads, b->opt->loads[i].element, (void *)&b->opt->loads[i], NULL);
}

/* The line a load adds under a node's title: how busy, how much served,
 * and whether it is the bottleneck. */
static const char *S_load_line(builder *b, const aw_render_load *ld)
{
    if (!ld)
        return NULL;
    aw_strbuf_free(&b->text);
    if (ld->bottleneck)
        aw_strbuf_puts(&b->text, "BOTTLENECK: ");
    if (!isnan(ld->utilisation))
        aw_strbuf_printf(&b->text, "%.0f%% busy", ld->utilisation * 100.0);
    if (!isnan(ld->served_rps))
        aw_strbuf_printf(&b->text, isnan(ld->utilisation) ? "%.*f req/s" : ", %.*f req/s",
                         ld->served_rps >= 100 ? 0 : 1, ld->served_rps);
    return aw_arena_strdup(&b->arena, b->text.data ? b->text.data : "");
}

static const char *S_load_tooltip(builder *b, const aw_render_load *ld, const char *tooltip)
{
    if (!ld)
        return tooltip;
    return aw_arena_printf(&b->arena, "%s\n%s%s", tooltip, ld->bottleneck ? "the bottleneck of the run\n" : "",
                           ld->figures ? ld->figures : "");
}

/* Fills a node by how busy it was; the bottleneck gets a thick dark red
 * outline, over a finding's. */
static void S_load_style(Agnode_t *gn, const aw_render_load *ld)
{
    const char *fill = ld ? aw_render_load_fill(ld->utilisation) : NULL;
    if (fill)
        S_set(gn, "fillcolor", fill);
    if (ld && ld->bottleneck) {
        S_set(gn, "color", AW_RENDER_BOTTLENECK_COLOR);
        S_set(gn, "penwidth", "4");
    }
}

/* ---- clusters ------------------------------------------------------------- */

void aw_render_cluster_name(const aw_node *node, aw_strbuf *out)
{
    aw_strbuf_printf(out, "cluster_%s", node->id);
}

static Agraph_t *S_cluster(builder *b, Agraph_t *parent, const aw_node *n, const char *label, const char *fill,
                           const char *line)
{
    aw_strbuf name = AW_STRBUF_INIT;
    aw_render_cluster_name(n, &name);
    Agraph_t *c = agsubg(parent, name.data, 1);
    aw_strbuf_free(&name);
    S_set_text(b, c, "id", aw_arena_printf(&b->arena, "%s/cluster", n->id));
    S_set_text(b, c, "label", S_clip(b, label, AW_RENDER_LABEL_MAX));
    S_set(c, "style", "rounded,filled");
    S_set(c, "fillcolor", fill);
    S_set(c, "color", line);
    S_set(c, "labeljust", "l");
    S_set_text(b, c, "tooltip", aw_arena_printf(&b->arena, "%s %s", aw_kind_descs[n->kind].doc, n->id));
    return c;
}

static void S_clusters(builder *b)
{
    aw_strbuf label = AW_STRBUF_INIT;
    for (size_t i = 0; i < b->model->node_count; i++) {
        const aw_node *n = b->model->nodes[i];
        if (n->kind != AW_KIND_API)
            continue;
        aw_render_node_title(n, &label);
        b->cluster[i] = S_cluster(b, b->g, n, label.data, AW_RENDER_API_FILL, AW_RENDER_API_LINE);
        label.len = 0;
    }
    for (size_t i = 0; i < b->model->node_count; i++) {
        const aw_node *n = b->model->nodes[i];
        if (n->kind != AW_KIND_STAGE || !n->owner_api)
            continue;
        aw_strbuf_puts(&label, "stage ");
        aw_render_node_title(n, &label);
        b->cluster[i] = S_cluster(b, b->cluster[n->owner_api->index], n, label.data, AW_RENDER_STAGE_FILL,
                                  AW_RENDER_STAGE_LINE);
        label.len = 0;
    }
    aw_strbuf_free(&label);
}

/* The graph a node is drawn in: its stage's or API's cluster, else the top. */
static Agraph_t *S_home(builder *b, const aw_node *n)
{
    if (n->kind == AW_KIND_STAGE && b->cluster[n->index])
        return b->cluster[n->index];
    if (n->kind == AW_KIND_USAGE_PLAN && n->as.usage_plan.stages.count == 1) {
        const aw_node *stage = n->as.usage_plan.stages.items[0].node;
        if (stage && b->cluster[stage->index])
            return b->cluster[stage->index];
    }
    if (n->owner_api && b->cluster[n->owner_api->index])
        return b->cluster[n->owner_api->index];
    return b->g;
}

/* ---- nodes ---------------------------------------------------------------- */

static void S_style_node(builder *b, Agnode_t *gn, aw_render_look look)
{
    const aw_render_style *s = &aw_render_styles[look];
    b->used[look] = true;
    S_set(gn, "shape", s->shape);
    S_set(gn, "style", s->style);
    S_set(gn, "fillcolor", s->fill);
    S_set(gn, "color", s->line);
}

static void S_node_label(builder *b, Agnode_t *gn, const char *title, const char *detail, const aw_render_load *ld)
{
    aw_strbuf html = AW_STRBUF_INIT;
    aw_strbuf_puts(&html, "<B>");
    S_html_text(&html, title);
    aw_strbuf_puts(&html, "</B>");
    if (detail && *detail) {
        aw_strbuf_puts(&html, "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#424242\">");
        S_html_text(&html, detail);
        aw_strbuf_puts(&html, "</FONT>");
    }
    const char *load = S_load_line(b, ld);
    if (load) {
        /* near-black on every fill: dark red on the red fill reads poorly */
        aw_strbuf_printf(&html, "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#212121\">%s", ld->bottleneck ? "<B>" : "");
        S_html_text(&html, S_clip(b, load, AW_RENDER_LABEL_MAX));
        aw_strbuf_puts(&html, ld->bottleneck ? "</B></FONT>" : "</FONT>");
    }
    S_set_html(b, gn, "label", html.data);
    aw_strbuf_free(&html);
}

static const char *S_tooltip(builder *b, const aw_node *n)
{
    const char *doc = aw_kind_descs[n->kind].doc;
    return n->description ? aw_arena_printf(&b->arena, "%s %s: %s", doc, n->id, n->description)
                          : aw_arena_printf(&b->arena, "%s %s", doc, n->id);
}

static Agnode_t *S_element_node(builder *b, const aw_node *n)
{
    Agnode_t *gn = agnode(S_home(b, n), (char *)n->id, 1);
    S_style_node(b, gn, aw_render_look_of(n));
    aw_strbuf title = AW_STRBUF_INIT, detail = AW_STRBUF_INIT;
    aw_render_node_title(n, &title);
    aw_render_node_detail(n, &detail);
    const aw_render_load *ld = aw_strset_find(&b->loads, n->id);
    S_node_label(b, gn, S_clip(b, title.data, AW_RENDER_LABEL_MAX), S_clip(b, detail.data, AW_RENDER_LABEL_MAX), ld);
    aw_strbuf_free(&title);
    aw_strbuf_free(&detail);
    S_set_text(b, gn, "id", n->id);
    S_apply_mark(b, gn, aw_strset_find(&b->marks, n->id), S_load_tooltip(b, ld, S_tooltip(b, n)));
    S_load_style(gn, ld);
    return gn;
}

/* The prefix a route is grouped under: its path's first segment. WebSocket
 * routes have route keys, not paths, and are never grouped. */
static const char *S_group_key(builder *b, const aw_node *n)
{
    const char *path = n->as.route.path;
    if (!b->opt->collapse || n->kind != AW_KIND_ROUTE || !path || !n->owner_api)
        return NULL;
    size_t len = path[0] == '/' ? 1 + strcspn(path + 1, "/") : strcspn(path, "/");
    return aw_arena_printf(&b->arena, "%s\n%.*s", n->owner_api->id, (int)len, path);
}

/* A collapsed group shows its busiest route, the rate all of them served,
 * and each route's figures in its tooltip. */
static void S_load_merge(builder *b, group *gr, const aw_node *n)
{
    const aw_render_load *ld = aw_strset_find(&b->loads, n->id);
    if (!ld)
        return;
    aw_render_load *into = &gr->load;
    if (!gr->loaded)
        *into = (aw_render_load){.element = gr->id, .utilisation = NAN, .served_rps = NAN};
    if (!isnan(ld->utilisation) && !(into->utilisation >= ld->utilisation))
        into->utilisation = ld->utilisation;
    if (!isnan(ld->served_rps))
        into->served_rps = (isnan(into->served_rps) ? 0.0 : into->served_rps) + ld->served_rps;
    into->bottleneck |= ld->bottleneck;
    aw_strbuf_printf(&gr->load_lines, "%s%s: %s", gr->loaded ? "\n" : "", n->id, ld->figures ? ld->figures : "");
    into->figures = gr->load_lines.data;
    if (!gr->loaded)
        aw_strset_insert(&b->loads, gr->id, into, NULL);
    gr->loaded = true;
}

/* Counts the routes of every group, so that a prefix with one route stays a route. */
static void S_count_groups(builder *b)
{
    for (size_t i = 0; i < b->model->node_count; i++) {
        const aw_node *n = b->model->nodes[i];
        const char *key = S_group_key(b, n);
        if (!key)
            continue;
        group *gr = aw_strset_find(&b->groups, key);
        if (!gr) {
            gr = aw_arena_alloc(&b->arena, sizeof *gr);
            gr->prefix = strchr(key, '\n') + 1;
            gr->id = aw_arena_printf(&b->arena, "%s/routes%s", n->owner_api->id, gr->prefix);
            aw_strset_insert(&b->groups, key, gr, NULL);
        }
        gr->count++;
        aw_render_node_title(n, &gr->members);
        aw_strbuf_printf(&gr->members, " (%s)\n", n->id);
        const mark *m = aw_strset_find(&b->marks, n->id);
        if (m) {
            const aw_render_mark one = {n->id, m->level, aw_arena_printf(&b->arena, "%s: %s", n->id, m->notes)};
            S_mark_merge(b, &gr->merged, &one, !gr->marked);
            gr->marked = true;
        }
        S_load_merge(b, gr, n);
    }
}

static Agnode_t *S_group_node(builder *b, const aw_node *n, group *gr)
{
    if (gr->gn)
        return gr->gn;
    gr->gn = agnode(S_home(b, n), (char *)gr->id, 1);
    S_style_node(b, gr->gn, AW_LOOK_ROUTE);
    const char *title = aw_arena_printf(&b->arena, "%s%s*", gr->prefix, strcmp(gr->prefix, "/") ? "/" : "");
    const aw_render_load *ld = gr->loaded ? &gr->load : NULL;
    S_node_label(b, gr->gn, title, aw_arena_printf(&b->arena, "%zu routes", gr->count), ld);
    S_set_text(b, gr->gn, "id", gr->id);
    gr->members.data[gr->members.len - 1] = '\0';
    const char *tip = aw_arena_printf(&b->arena, "%zu routes under %s:\n%s", gr->count, gr->prefix, gr->members.data);
    S_apply_mark(b, gr->gn, gr->marked ? &gr->merged : NULL, S_load_tooltip(b, ld, tip));
    S_load_style(gr->gn, ld);
    return gr->gn;
}

static void S_nodes(builder *b)
{
    for (size_t i = 0; i < b->model->node_count; i++) {
        const aw_node *n = b->model->nodes[i];
        const char *key = S_group_key(b, n);
        group *gr = key ? aw_strset_find(&b->groups, key) : NULL;
        if (gr && gr->count > 1) {
            b->gnode[i] = S_group_node(b, n, gr);
            b->gid[i] = gr->id;
        } else {
            b->gnode[i] = S_element_node(b, n);
            b->gid[i] = n->id;
        }
    }
}

/* ---- edges ---------------------------------------------------------------- */

/* Whether an edge between two graph nodes for this field is drawn already:
 * routes collapsed into one group share their edges. */
static bool S_drawn_before(builder *b, size_t from, const char *field, size_t to)
{
    if (b->gid[from] == b->model->nodes[from]->id && b->gid[to] == b->model->nodes[to]->id)
        return false;
    const char *key = aw_arena_printf(&b->arena, "%s\n%s\n%s", b->gid[from], field, b->gid[to]);
    return !aw_strset_insert(&b->drawn, key, (void *)key, NULL);
}

static void S_ref_edge(builder *b, const aw_node *n, const aw_field *f, const aw_node *to, bool many)
{
    if (S_drawn_before(b, n->index, f->name, to->index))
        return;
    const edge_rule *rule = S_edge_rule(n->kind, f->name);
    bool reverse = rule && rule->reverse;
    Agnode_t *tail = b->gnode[reverse ? to->index : n->index], *head = b->gnode[reverse ? n->index : to->index];
    Agedge_t *e = agedge(b->g, tail, head, NULL, 1);
    const char *id = many ? aw_arena_printf(&b->arena, "%s/%s/%s", b->gid[n->index], f->name, to->id)
                          : aw_arena_printf(&b->arena, "%s/%s", b->gid[n->index], f->name);
    S_set_text(b, e, "id", id);
    if (rule)
        S_set(e, "style", rule->style);
    aw_strbuf label = AW_STRBUF_INIT;
    if (n->kind == AW_KIND_ROUTE && to->kind == AW_KIND_INTEGRATION) {
        bool alone = b->gid[n->index] == n->id;
        aw_render_call_label(alone ? n : NULL, to, &label);
        const aw_strbuf *staged = &b->stage_throttles[n->index];
        if (alone && staged->len)
            aw_strbuf_printf(&label, "%s%s", label.len ? ", " : "", staged->data);
    }
    if (label.len)
        S_set_text(b, e, "label", label.data);
    aw_strbuf_free(&label);
    S_set_text(b, e, "tooltip", aw_arena_printf(&b->arena, "%s: %s %s", b->gid[n->index], f->name, to->id));
}

/* The throttles stages set on single routes, gathered once so that each
 * route's call label can show them. */
static void S_index_stage_throttles(builder *b)
{
    for (size_t i = 0; i < b->model->node_count; i++) {
        const aw_node *n = b->model->nodes[i];
        if (n->kind != AW_KIND_STAGE)
            continue;
        for (size_t k = 0; k < n->as.stage.route_throttle_count; k++) {
            const aw_route_throttle *t = &n->as.stage.route_throttles[k];
            if (t->route.node)
                aw_render_stage_throttle(n, t, &b->stage_throttles[t->route.node->index]);
        }
    }
}

static void S_ref_edges(builder *b, const aw_node *n)
{
    const aw_kind_desc *kd = &aw_kind_descs[n->kind];
    const char *base = (const char *)n + kd->union_offset;
    for (size_t i = 0; i < kd->desc->field_count; i++) {
        const aw_field *f = &kd->desc->fields[i];
        if (f->type == AW_F_REF) {
            const aw_ref *r = (const aw_ref *)(base + f->offset);
            if (r->node)
                S_ref_edge(b, n, f, r->node, false);
        } else if (f->type == AW_F_REFS) {
            const aw_refs *rs = (const aw_refs *)(base + f->offset);
            for (size_t k = 0; k < rs->count; k++)
                if (rs->items[k].node)
                    S_ref_edge(b, n, f, rs->items[k].node, true);
        }
    }
}

static void S_model_edge(builder *b, const aw_edge *edge)
{
    const aw_node *from = edge->from.node, *to = edge->to.node;
    if (!from || !to)
        return;
    Agedge_t *e = agedge(b->g, b->gnode[from->index], b->gnode[to->index], NULL, 1);
    S_set_text(b, e, "id", edge->id);
    S_set(e, "color", "#37474f");
    if (edge->holds_connection)
        S_set(e, "penwidth", "2");
    const char *label = edge->label;
    if (!label && edge->calls_per_request != 1)
        label = aw_arena_printf(&b->arena, "x%g per request", edge->calls_per_request);
    if (label)
        S_set_text(b, e, "label", S_wrap(b, S_clip(b, label, 3 * AW_RENDER_LABEL_MAX), 24));
    const char *tip = aw_arena_printf(&b->arena, "edge %s", edge->id);
    S_apply_mark(b, e, aw_strset_find(&b->marks, edge->id), edge->label ? aw_arena_printf(&b->arena, "%s: %s", tip, edge->label) : tip);
}

/* ---- title and legend ------------------------------------------------------ */

/* The diagram's name, and what it holds in a line under it (counts of
 * zero left out), both left-aligned. */
static void S_title(builder *b)
{
    static const struct { aw_kind kind; const char *one, *many; } counted[] = {
        {AW_KIND_API, "API", "APIs"},
        {AW_KIND_ROUTE, "route", "routes"},
        {AW_KIND_STAGE, "stage", "stages"},
        {AW_KIND_FUNCTION, "Lambda function", "Lambda functions"},
    };
    size_t count[AW_KIND_COUNT] = {0};
    for (size_t i = 0; i < b->model->node_count; i++)
        count[b->model->nodes[i]->kind]++;
    aw_strbuf html = AW_STRBUF_INIT;
    aw_strbuf_puts(&html, "<FONT POINT-SIZE=\"18\"><B>");
    S_html_text(&html, S_clip(b, b->model->name ? b->model->name : "Architecture diagram", 2 * AW_RENDER_LABEL_MAX));
    aw_strbuf_puts(&html, "</B></FONT><BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"10\" COLOR=\"#424242\">");
    const char *sep = "";
    for (size_t i = 0; i < sizeof counted / sizeof *counted; i++) {
        size_t n = count[counted[i].kind];
        if (!n)
            continue;
        aw_strbuf_printf(&html, "%s%zu %s", sep, n, n == 1 ? counted[i].one : counted[i].many);
        sep = ", ";
    }
    aw_strbuf_puts(&html, "</FONT><BR ALIGN=\"LEFT\"/>");
    if (b->opt->load_summary) {
        aw_strbuf_puts(&html, "<FONT POINT-SIZE=\"10\" COLOR=\"#424242\">");
        S_html_text(&html, S_clip(b, b->opt->load_summary, 3 * AW_RENDER_LABEL_MAX));
        aw_strbuf_puts(&html, "</FONT><BR ALIGN=\"LEFT\"/>");
    }
    S_set_html(b, b->g, "label", html.data);
    aw_strbuf_free(&html);
}

/* One legend entry: the kind's name on its own fill, inside its outline. */
static void S_legend_cell(aw_strbuf *html, const char *label, const char *fill, const char *line, int border)
{
    aw_strbuf_printf(html, "<TD BGCOLOR=\"%s\" COLOR=\"%s\" BORDER=\"%d\">", fill, line, border);
    S_html_text(html, label);
    aw_strbuf_puts(html, "</TD>");
}

/* The legend is one node holding a table of two columns, the kinds the
 * picture uses in their colours and the overlay's outlines: small enough
 * to sit beside the clients without widening the picture. */
static void S_legend(builder *b)
{
    aw_strbuf html = AW_STRBUF_INIT;
    aw_strbuf_puts(&html, "<TABLE BORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\">"
                          "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR><TR>");
    size_t cells = 0;
    for (int k = 0; k < AW_LOOK_COUNT; k++) {
        if (!b->used[k])
            continue;
        if (cells && cells % 2 == 0)
            aw_strbuf_puts(&html, "</TR><TR>");
        const aw_render_style *st = &aw_render_styles[k];
        S_legend_cell(&html, st->legend, st->fill, st->line, 1);
        cells++;
    }
    if (b->opt->mark_count) {
        aw_strbuf_puts(&html, cells % 2 ? "<TD></TD></TR><TR>" : "</TR><TR>");
        S_legend_cell(&html, "error finding", "#ffffff", AW_RENDER_ERROR_COLOR, 3);
        S_legend_cell(&html, "warning finding", "#ffffff", AW_RENDER_WARNING_COLOR, 3);
    }
    if (b->opt->load_count) {
        aw_strbuf_puts(&html, cells % 2 && !b->opt->mark_count ? "<TD></TD></TR><TR>" : "</TR><TR>");
        S_legend_cell(&html, "under 60% busy", AW_RENDER_LOAD_LOW_FILL, "#616161", 1);
        S_legend_cell(&html, "60 to 85% busy", AW_RENDER_LOAD_MID_FILL, "#616161", 1);
        aw_strbuf_puts(&html, "</TR><TR>");
        S_legend_cell(&html, "over 85% busy", AW_RENDER_LOAD_HIGH_FILL, "#616161", 1);
        S_legend_cell(&html, "bottleneck", "#ffffff", AW_RENDER_BOTTLENECK_COLOR, 4);
    }
    aw_strbuf_puts(&html, "</TR></TABLE>");
    /* a name no diagram id can take (ids have no slash) */
    Agnode_t *gn = agnode(b->g, "/legend", 1);
    S_set(gn, "shape", "plain");
    S_set(gn, "fontsize", "8");
    S_set(gn, "id", "/legend");
    S_set(gn, "tooltip", "Legend");
    S_set_html(b, gn, "label", html.data);
    aw_strbuf_free(&html);
}

/* ---- the whole graph ------------------------------------------------------- */

static void S_defaults(Agraph_t *g)
{
    static const struct { int kind; const char *name, *value; } defaults[] = {
        {AGRAPH, "rankdir", "LR"},        {AGRAPH, "fontname", "Helvetica"}, {AGRAPH, "labelloc", "t"},
        {AGRAPH, "labeljust", "l"},       {AGRAPH, "nodesep", "0.18"},       {AGRAPH, "ranksep", "0.45"},
        {AGRAPH, "pad", "0.2"}, {AGRAPH, "dpi", "72"},         {AGRAPH, "fontsize", "12"},        {AGRAPH, "newrank", "true"},
        {AGNODE, "fontname", "Helvetica"}, {AGNODE, "fontsize", "11"},       {AGNODE, "penwidth", "1.2"},
        {AGNODE, "margin", "0.1,0.03"},   {AGNODE, "height", "0.4"},         {AGEDGE, "fontname", "Helvetica"},
        {AGEDGE, "fontsize", "9"},        {AGEDGE, "color", "#78909c"},      {AGEDGE, "fontcolor", "#37474f"},
        {AGEDGE, "arrowsize", "0.6"},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        agattr(g, defaults[i].kind, (char *)defaults[i].name, (char *)defaults[i].value);
}

Agraph_t *aw_render_graph_build(const aw_model *model, const aw_render_options *options, bool decorated)
{
    static const aw_render_options none = {0};
    builder b = {.model = model, .opt = options ? options : &none};
    aw_arena_init(&b.arena);
    aw_strset_init(&b.marks);
    aw_strset_init(&b.loads);
    aw_strset_init(&b.groups);
    aw_strset_init(&b.drawn);
    size_t n = model->node_count ? model->node_count : 1;
    b.cluster = aw_arena_alloc(&b.arena, n * sizeof *b.cluster);
    b.gnode = aw_arena_alloc(&b.arena, n * sizeof *b.gnode);
    b.gid = aw_arena_alloc(&b.arena, n * sizeof *b.gid);
    b.stage_throttles = aw_arena_alloc(&b.arena, n * sizeof *b.stage_throttles);
    static Agdisc_t disc = {&AgMemDisc, &aw_render_id_disc, &AgIoDisc};
    b.g = agopen("archway", Agdirected, &disc);
    S_defaults(b.g);
    if (decorated)
        S_title(&b);
    S_index_marks(&b);
    S_index_loads(&b);
    S_clusters(&b);
    S_count_groups(&b);
    S_nodes(&b);
    S_index_stage_throttles(&b);
    for (size_t i = 0; i < model->node_count; i++)
        S_ref_edges(&b, model->nodes[i]);
    for (size_t i = 0; i < model->edge_count; i++)
        S_model_edge(&b, &model->edges[i]);
    if (decorated)
        S_legend(&b);
    for (size_t i = 0; i < b.groups.cap; i++)
        if (b.groups.keys && b.groups.keys[i]) {
            group *gr = b.groups.values[i];
            aw_strbuf_free(&gr->members);
            aw_strbuf_free(&gr->load_lines);
        }
    for (size_t i = 0; i < model->node_count; i++)
        aw_strbuf_free(&b.stage_throttles[i]);
    aw_strbuf_free(&b.text);
    aw_strset_free(&b.marks);
    aw_strset_free(&b.loads);
    aw_strset_free(&b.groups);
    aw_strset_free(&b.drawn);
    aw_arena_free(&b.arena);
    return b.g;
}
