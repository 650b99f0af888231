/* The design-document page of a diagram: title, picture, summary, APIs,
 * routes, stages and usage plans from the IR; the figures (capacity, cost,
 * findings) come from docs_figures.c. */
#include "docs_page.h"

#include "../ir/ir_fields.h"
#include "deploy.h"
#include "markdown.h"
#include "openapi_docs.h"
#include "stage_url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each API's routes (sorted by group, path, method) and stages (diagram
 * order), gathered in one walk over the nodes. */
typedef struct api_index {
    const aw_node **routes, **stages;
    char **groups;              /* by position in routes: its documentation group */
    size_t route_count, stage_count;
} api_index;

typedef struct page {
    const aw_docs_page *p;
    aw_strbuf *out;
    api_index *apis;            /* by node index; filled for APIs */
    size_t *first_edge;         /* edges sorted by source: where each node's start */
    const aw_edge **edges;
} page;

static const char *S_enum(aw_kind kind, const char *field, int value)
{
    const char *name = aw_enum_name(aw_struct_field(aw_kind_descs[kind].desc, field), value);
    return name ? name : "";
}

static const char *const S_api_types[] = {"", "HTTP", "REST", "WebSocket"};

/* ---- indexes -------------------------------------------------------------- */

typedef struct sortable {
    const aw_node *route;
    char *group;
} sortable;

static int S_compare_routes(const void *a, const void *b)
{
    const sortable *x = a, *y = b;
    int c = strcmp(x->group, y->group);
    const aw_route *rx = &x->route->as.route, *ry = &y->route->as.route;
    if (!c)
        c = strcmp(rx->path ? rx->path : rx->route_key ? rx->route_key : "",
                   ry->path ? ry->path : ry->route_key ? ry->route_key : "");
    if (!c)
        c = (int)rx->method - (int)ry->method;
    return c ? c : strcmp(x->route->id, y->route->id);
}

static void *S_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static void S_index_api(api_index *ix)
{
    sortable *s = S_alloc(ix->route_count, sizeof *s);
    for (size_t i = 0; i < ix->route_count; i++) {
        aw_strbuf g = AW_STRBUF_INIT;
        aw_openapi_route_tag(ix->routes[i], &g);
        s[i] = (sortable){ix->routes[i], aw_strbuf_detach(&g, NULL)};
    }
    qsort(s, ix->route_count, sizeof *s, S_compare_routes);
    ix->groups = S_alloc(ix->route_count, sizeof *ix->groups);
    for (size_t i = 0; i < ix->route_count; i++)
        ix->routes[i] = s[i].route, ix->groups[i] = s[i].group;
    free(s);
}

static void S_index(page *pg)
{
    const aw_model *m = pg->p->model;
    pg->apis = S_alloc(m->node_count, sizeof *pg->apis);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < m->node_count; i++) {
            const aw_node *n = m->nodes[i];
            const aw_node *api = n->kind == AW_KIND_ROUTE ? n->as.route.api.node
                                 : n->kind == AW_KIND_STAGE ? n->as.stage.api.node : NULL;
            if (!api)
                continue;
            api_index *ix = &pg->apis[api->index];
            bool route = n->kind == AW_KIND_ROUTE;
            if (pass == 0) {
                route ? ix->route_count++ : ix->stage_count++;
            } else {
                if (!ix->routes) {
                    ix->routes = S_alloc(ix->route_count, sizeof *ix->routes);
                    ix->stages = S_alloc(ix->stage_count, sizeof *ix->stages);
                    ix->route_count = ix->stage_count = 0;
                }
                if (route)
                    ix->routes[ix->route_count++] = n;
                else
                    ix->stages[ix->stage_count++] = n;
            }
        }
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_API)
            S_index_api(&pg->apis[i]);
    /* Edges by their source node, counting sort. */
    pg->first_edge = S_alloc(m->node_count + 1, sizeof *pg->first_edge);
    pg->edges = S_alloc(m->edge_count, sizeof *pg->edges);
    for (size_t i = 0; i < m->edge_count; i++)
        if (m->edges[i].from.node)
            pg->first_edge[m->edges[i].from.node->index + 1]++;
    for (size_t i = 0; i < m->node_count; i++)
        pg->first_edge[i + 1] += pg->first_edge[i];
    size_t *fill = S_alloc(m->node_count, sizeof *fill);
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_node *from = m->edges[i].from.node;
        if (from)
            pg->edges[pg->first_edge[from->index] + fill[from->index]++] = &m->edges[i];
    }
    free(fill);
}

static void S_index_free(page *pg)
{
    for (size_t i = 0; i < pg->p->model->node_count; i++) {
        api_index *ix = &pg->apis[i];
        for (size_t k = 0; ix->groups && k < ix->route_count; k++)
            free(ix->groups[k]);
        free(ix->groups);
        free(ix->routes);
        free(ix->stages);
    }
    free(pg->apis);
    free(pg->first_edge);
    free(pg->edges);
}

/* ---- small writers ---------------------------------------------------------- */

static void S_throttle(aw_strbuf *out, const aw_throttle *t, const char *none)
{
    if (!t) {
        aw_strbuf_puts(out, none);
        return;
    }
    aw_strbuf_number(out, t->rate);
    aw_strbuf_puts(out, " req/s");
    if (t->burst != AW_UNSET_INT)
        aw_strbuf_printf(out, ", burst %lld", (long long)t->burst);
}

static void S_auth_cell(aw_strbuf *out, const aw_node *route)
{
    const aw_node *auth = aw_deploy_route_authorizer(route);
    const aw_route *r = &route->as.route;
    if (!auth) {
        aw_strbuf_puts(out, "public");
    } else {
        aw_strbuf_printf(out, "%s ", S_enum(AW_KIND_AUTHORIZER, "type", auth->as.authorizer.type));
        aw_md_code(out, auth->id, true);
    }
    for (size_t i = 0; i < r->scopes.count; i++) {
        aw_strbuf_puts(out, i ? ", " : " (scopes ");
        aw_md_code(out, r->scopes.items[i], true);
    }
    if (r->scopes.count)
        aw_strbuf_putc(out, ')');
    if (r->api_key_required)
        aw_strbuf_puts(out, " + API key");
}

static void S_integration_cell(aw_strbuf *out, const aw_node *integ)
{
    if (!integ) {
        aw_strbuf_puts(out, "none");
        return;
    }
    const aw_integration *in = &integ->as.integration;
    aw_strbuf_printf(out, "%s ", S_enum(AW_KIND_INTEGRATION, "type", in->type));
    aw_md_code(out, integ->id, true);
    if (AW_IS_SET(in->timeout_ms)) {
        aw_strbuf_puts(out, ", timeout ");
        aw_strbuf_number(out, in->timeout_ms / 1000);
        aw_strbuf_puts(out, " s");
    }
}

/* What answers behind the integration: its function (and what that
 * calls), URL, load balancer, service action or mock status. */
static void S_backend_cell(const page *pg, aw_strbuf *out, const aw_node *integ)
{
    if (!integ) {
        aw_strbuf_puts(out, "none");
        return;
    }
    const aw_node *fn = integ->as.integration.function.node;
    if (!fn) {
        aw_strbuf p = AW_STRBUF_INIT;
        aw_openapi_integration_phrase(integ, &p);
        /* The phrase spells ids as code spans already; only pipes need care. */
        for (size_t i = 0; i < p.len; i++) {
            if (p.data[i] == '|')
                aw_strbuf_putc(out, '\\');
            aw_strbuf_putc(out, p.data[i]);
        }
        aw_strbuf_free(&p);
        return;
    }
    aw_strbuf_puts(out, "function ");
    aw_md_code(out, fn->id, true);
    const aw_function *f = &fn->as.function;
    if (f->runtime || f->memory_mb != AW_UNSET_INT) {
        aw_strbuf_puts(out, " (");
        if (f->runtime)
            aw_md_text(out, f->runtime, true);
        if (f->memory_mb != AW_UNSET_INT)
            aw_strbuf_printf(out, "%s%lld MB", f->runtime ? ", " : "", (long long)f->memory_mb);
        aw_strbuf_putc(out, ')');
    }
    for (size_t e = pg->first_edge[fn->index]; e < pg->first_edge[fn->index + 1]; e++) {
        aw_strbuf_puts(out, e == pg->first_edge[fn->index] ? " → " : ", ");
        aw_md_code(out, pg->edges[e]->to.id ? pg->edges[e]->to.id : "?", true);
    }
}

/* ---- sections ------------------------------------------------------------------ */

static size_t S_count(const aw_model *m, aw_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < m->node_count; i++)
        n += m->nodes[i]->kind == kind;
    return n;
}

static void S_summary(const page *pg)
{
    const aw_docs_page *p = pg->p;
    const aw_model *m = p->model;
    aw_strbuf *out = pg->out;
    aw_strbuf_puts(out, "# ");
    aw_md_text(out, m->name ? m->name : p->source, true);
    aw_strbuf_puts(out, "\n\n");
    if (m->description) {
        aw_md_text(out, m->description, false);
        aw_strbuf_puts(out, "\n\n");
    }
    if (p->picture) {
        aw_strbuf_puts(out, "![The diagram ");
        aw_md_text(out, m->name ? m->name : p->source, true);
        aw_strbuf_printf(out, ", drawn by Archway](%s)\n\n", p->picture);
    }
    size_t errors = 0, warnings = 0, notes = 0;
    for (size_t i = 0; i < p->finding_count; i++)
        *(p->findings[i].severity == AW_SEV_ERROR ? &errors : p->findings[i].severity == AW_SEV_WARNING ? &warnings
                                                                                                        : &notes) += 1;
    aw_md_table_head(out, "Diagram|");
    aw_strbuf_puts(out, "| Source | ");
    aw_md_code(out, p->source, true);
    aw_strbuf_puts(out, " |\n| Regions | ");
    for (size_t i = 0; i < m->regions.count; i++) {
        aw_strbuf_puts(out, i ? ", " : "");
        aw_md_text(out, m->regions.items[i], true);
    }
    aw_strbuf_puts(out, m->regions.count ? "" : "us-east-1 (none named)");
    aw_strbuf_printf(out, " |\n| APIs | %zu |\n| Routes | %zu |\n| Open findings | %zu errors, %zu warnings, %zu notes |\n",
                     S_count(m, AW_KIND_API), S_count(m, AW_KIND_ROUTE), errors, warnings, notes);
    if (p->cost) {
        aw_strbuf_puts(out, "| Monthly cost | ");
        aw_docs_money(out, p->cost->currency ? p->cost->currency : "USD", p->cost->bill.total);
        aw_strbuf_puts(out, " at the clients' traffic |\n");
    }
    aw_strbuf_putc(out, '\n');
}

static void S_bullet(aw_strbuf *out, const char *label, const char *text)
{
    aw_strbuf_printf(out, "- %s: ", label);
    aw_md_text(out, text, false);
    aw_strbuf_putc(out, '\n');
}

static void S_api(const page *pg, const aw_node *api)
{
    aw_strbuf *out = pg->out;
    const aw_api *a = &api->as.api;
    const api_index *ix = &pg->apis[api->index];
    aw_strbuf_puts(out, "### ");
    aw_md_text(out, aw_deploy_name(api), true);
    aw_strbuf_printf(out, " (%s API)\n\n", S_api_types[a->type]);
    if (api->description) {
        aw_md_text(out, api->description, false);
        aw_strbuf_puts(out, "\n\n");
    }
    aw_strbuf_puts(out, "- Id: ");
    aw_md_code(out, api->id, false);
    aw_strbuf_printf(out, "; %zu route%s, %zu stage%s\n", ix->route_count, ix->route_count == 1 ? "" : "s",
                     ix->stage_count, ix->stage_count == 1 ? "" : "s");
    if (a->domain)
        S_bullet(out, "Custom domain", a->domain->domain_name);
    if (a->disable_default_endpoint)
        aw_strbuf_puts(out, "- The execute-api endpoint is turned off\n");
    if (a->default_authorizer.node)
        S_bullet(out, "Default authorizer", a->default_authorizer.node->id);
    if (a->cors)
        aw_strbuf_printf(out, "- CORS: %zu allowed origin%s\n", a->cors->allow_origins.count,
                         a->cors->allow_origins.count == 1 ? "" : "s");
    if (a->waf_web_acl)
        S_bullet(out, "AWS WAF web ACL", a->waf_web_acl);
    const char *doc = pg->p->openapi ? pg->p->openapi[api->index] : NULL;
    if (doc)
        aw_strbuf_printf(out, "- OpenAPI document: [%s](%s)\n", strrchr(doc, '/') ? strrchr(doc, '/') + 1 : doc, doc);
    aw_strbuf_putc(out, '\n');
}

static void S_apis(const page *pg)
{
    const aw_model *m = pg->p->model;
    aw_strbuf_puts(pg->out, "## APIs\n\n");
    size_t n = 0;
    for (size_t i = 0; i < m->node_count; i++)
        if (m->nodes[i]->kind == AW_KIND_API)
            S_api(pg, m->nodes[i]), n++;
    if (!n)
        aw_strbuf_puts(pg->out, "The diagram has no APIs.\n\n");
}

static void S_route_row(const page *pg, const char *group, const aw_node *route)
{
    aw_strbuf *out = pg->out;
    const aw_route *r = &route->as.route;
    aw_strbuf_puts(out, "| ");
    aw_md_text(out, group, true);
    aw_strbuf_printf(out, " | %s | ", r->method ? S_enum(AW_KIND_ROUTE, "method", r->method) : "");
    aw_md_code(out, r->path ? r->path : r->route_key ? r->route_key : "", true);
    aw_strbuf_puts(out, " | ");
    S_auth_cell(out, route);
    aw_strbuf_puts(out, " | ");
    S_throttle(out, r->throttle, "stage's");
    aw_strbuf_puts(out, " | ");
    S_integration_cell(out, r->integration.node);
    aw_strbuf_puts(out, " | ");
    S_backend_cell(pg, out, r->integration.node);
    aw_strbuf_puts(out, " |\n");
}

static void S_routes(const page *pg)
{
    const aw_model *m = pg->p->model;
    aw_strbuf *out = pg->out;
    aw_strbuf_puts(out, "## Routes\n\n");
    for (size_t i = 0; i < m->node_count; i++) {
        const api_index *ix = &pg->apis[i];
        if (m->nodes[i]->kind != AW_KIND_API || !ix->route_count)
            continue;
        aw_strbuf_puts(out, "### Routes of ");
        aw_md_text(out, aw_deploy_name(m->nodes[i]), true);
        aw_strbuf_puts(out, "\n\n");
        aw_md_table_head(out, "Group|Method|Path|Auth|Throttle|Integration|Backend");
        for (size_t k = 0; k < ix->route_count; k++)
            S_route_row(pg, ix->groups[k], ix->routes[k]);
        aw_strbuf_putc(out, '\n');
    }
}

static void S_stage_row(const page *pg, const aw_node *domain_stage, const aw_node *stage)
{
    aw_strbuf *out = pg->out;
    const aw_stage *st = &stage->as.stage;
    aw_strbuf_puts(out, "| ");
    aw_md_code(out, aw_deploy_name(stage), true);
    aw_strbuf_puts(out, " | ");
    aw_md_text(out, aw_deploy_name(stage->owner_api), true);
    aw_strbuf_puts(out, " | ");
    aw_strbuf url = AW_STRBUF_INIT;
    if (aw_stage_url_write(domain_stage, stage, &url))
        aw_md_code(out, url.data, true);
    else
        aw_strbuf_puts(out, "unreachable");
    aw_strbuf_free(&url);
    aw_strbuf_puts(out, " | ");
    S_throttle(out, st->throttle, "account's");
    if (st->route_throttle_count)
        aw_strbuf_printf(out, "; %zu route override%s", st->route_throttle_count, st->route_throttle_count == 1 ? "" : "s");
    aw_strbuf_puts(out, " | ");
    if (st->cache && st->cache->enabled) {
        aw_strbuf_number(out, st->cache->size_gb);
        aw_strbuf_puts(out, " GB");
    } else {
        aw_strbuf_puts(out, "off");
    }
    aw_strbuf_printf(out, " | %s | %s | ", st->access_log ? "access log" : "none", st->tracing ? "X-Ray" : "off");
    if (st->canary) {
        aw_strbuf_number(out, st->canary->percent);
        aw_strbuf_puts(out, " %");
    } else {
        aw_strbuf_puts(out, "none");
    }
    aw_strbuf_puts(out, " |\n");
}

static void S_stages(const page *pg)
{
    const aw_model *m = pg->p->model;
    aw_strbuf *out = pg->out;
    aw_strbuf_puts(out, "## Stages and their limits\n\n");
    aw_md_table_head(out, "Stage|API|Address|Throttle|Cache|Logs|Tracing|Canary");
    for (size_t i = 0; i < m->node_count; i++) {
        const api_index *ix = &pg->apis[i];
        if (m->nodes[i]->kind != AW_KIND_API)
            continue;
        const aw_node *domain_stage = aw_stage_url_domain_stage(ix->stages, ix->stage_count);
        for (size_t k = 0; k < ix->stage_count; k++)
            S_stage_row(pg, domain_stage, ix->stages[k]);
    }
    aw_strbuf_puts(out, "\nAn address with `{apiId}` and `{region}` is the execute-api URL: API Gateway gives the id when "
                        "the API is created.\n\n");
}

static void S_refs_cell(aw_strbuf *out, const aw_refs *refs)
{
    for (size_t i = 0; i < refs->count; i++) {
        aw_strbuf_puts(out, i ? ", " : "");
        aw_md_code(out, refs->items[i].id ? refs->items[i].id : "?", true);
    }
    if (!refs->count)
        aw_strbuf_puts(out, "none");
}

static void S_usage_plans(const page *pg)
{
    const aw_model *m = pg->p->model;
    aw_strbuf *out = pg->out;
    aw_strbuf_puts(out, "## Usage plans\n\n");
    if (!S_count(m, AW_KIND_USAGE_PLAN)) {
        aw_strbuf_puts(out, "The diagram has no usage plans.\n\n");
        return;
    }
    aw_md_table_head(out, "Plan|Stages|Throttle per key|Quota per key|API keys");
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_USAGE_PLAN)
            continue;
        const aw_usage_plan *u = &n->as.usage_plan;
        aw_strbuf_puts(out, "| ");
        aw_md_code(out, n->id, true);
        aw_strbuf_puts(out, " | ");
        S_refs_cell(out, &u->stages);
        aw_strbuf_puts(out, " | ");
        S_throttle(out, u->throttle, "none");
        aw_strbuf_puts(out, " | ");
        static const char *const periods[] = {"period", "day", "week", "month"};
        if (u->quota)
            aw_strbuf_printf(out, "%lld per %s", (long long)u->quota->limit,
                             (unsigned)u->quota->period < 4 ? periods[u->quota->period] : "period");
        else
            aw_strbuf_puts(out, "none");
        aw_strbuf_puts(out, " | ");
        S_refs_cell(out, &u->api_keys);
        aw_strbuf_puts(out, " |\n");
    }
    aw_strbuf_putc(out, '\n');
}

void aw_docs_page_write(const aw_docs_page *p, aw_strbuf *out)
{
    page pg = {p, out, NULL, NULL, NULL};
    S_index(&pg);
    S_summary(&pg);
    S_apis(&pg);
    S_routes(&pg);
    S_stages(&pg);
    S_usage_plans(&pg);
    aw_docs_write_capacity(p, out);
    aw_docs_write_cost(p, out);
    aw_docs_write_findings(p, out);
    S_index_free(&pg);
}
