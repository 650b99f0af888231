/* Puts a diagram's documentation bundle together: the OpenAPI documents
 * (the build's emitter), the picture (the render library), the capacity
 * and cost figures (the route limits of the capacity rules, a fluid run of
 * the clients' traffic and its bill), then the page that links them. */
#include "docs_bundle.h"

#include "../emitters/docs_page.h"
#include "../emitters/render.h"
#include "../sim/sim_cost.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The OpenAPI documents of the build, moved under "<stem>/"; links[api
 * index] gets each one's relative name. */
static void S_openapi(aw_compilation *c, const char *stem, aw_artifacts *out, char **links)
{
    aw_artifacts built = {0};
    aw_artifacts_build(c, &built);
    for (size_t i = 0; i < built.count; i++) {
        aw_artifact *a = &built.items[i];
        const char *suffix = strstr(a->name, ".openapi.json");
        if (!suffix || suffix[13] != '\0')
            continue;
        char id[512], name[1024];
        snprintf(id, sizeof id, "%.*s", (int)(suffix - a->name), a->name);
        snprintf(name, sizeof name, "%s/%s", stem, a->name);
        const aw_node *api = aw_model_find(c->model, id);
        if (api && !links[api->index])
            links[api->index] = strdup(name);
        aw_artifacts_add(out, name, a->data, a->len);
        a->data = NULL;
    }
    aw_artifacts_free(&built);
}

/* The clients' traffic through the fluid engine, and its bill. */
typedef struct figures {
    aw_arena arena;
    aw_sim_model *sim;
    aw_sim_result *run;
    aw_sim_cost cost;
    bool priced;
    char no_run[256], no_cost[256];
} figures;

static void S_simulate(const aw_model *model, figures *f)
{
    aw_arena_init(&f->arena);
    f->sim = aw_sim_model_build(model, &f->arena);
    aw_sim_options opt = {.engine = AW_SIM_FLUID, .duration_s = AW_DOCS_SIM_SECONDS, .seed = 1};
    const char *error = "the simulation model could not be built";
    f->run = f->sim ? aw_sim_run(f->sim, &opt, &error) : NULL;
    if (!f->run) {
        snprintf(f->no_run, sizeof f->no_run, "%s", error);
        snprintf(f->no_cost, sizeof f->no_cost, "there is no traffic to price (%s)", error);
        return;
    }
    f->priced = aw_sim_cost_price(model, f->sim, f->run, &f->cost, f->no_cost, sizeof f->no_cost);
}

static void S_figures_free(figures *f)
{
    if (f->run)
        aw_sim_cost_free(&f->cost);
    aw_sim_result_free(f->run);
    aw_arena_free(&f->arena);
}

bool aw_docs_bundle_build(aw_compilation *c, const char *source, const char *stem, aw_artifacts *out, aw_strbuf *err)
{
    memset(out, 0, sizeof *out);
    const aw_model *m = c->model;
    char **links = calloc(m->node_count ? m->node_count : 1, sizeof *links);
    double *limits = aw_route_rate_limits(m);
    if (!links || !limits) {
        free(links), free(limits);
        aw_strbuf_puts(err, "out of memory");
        return false;
    }
    S_openapi(c, stem, out, links);
    char picture[1024];
    snprintf(picture, sizeof picture, "%s.svg", stem);
    aw_strbuf svg = AW_STRBUF_INIT, why = AW_STRBUF_INIT;
    aw_render_options ro = {0};
    bool drawn = aw_render(m, &ro, AW_RENDER_SVG, &svg, &why) == AW_RENDER_OK;
    if (drawn) {
        size_t len;
        char *data = aw_strbuf_detach(&svg, &len);
        aw_artifacts_add(out, picture, data, len);
    }
    figures f = {0};
    S_simulate(m, &f);
    aw_docs_page page = {
        .model = m, .source = source, .picture = drawn ? picture : NULL, .openapi = (const char *const *)links,
        .findings = c->diags.items, .finding_count = c->diags.count, .limits = limits,
        .sim = f.run ? f.sim : NULL, .run = f.run, .no_run = f.no_run,
        .cost = f.priced ? &f.cost : NULL, .no_cost = f.no_cost,
    };
    aw_strbuf md = AW_STRBUF_INIT;
    aw_docs_page_write(&page, &md);
    char name[1024];
    snprintf(name, sizeof name, "%s.md", stem);
    size_t len;
    char *data = aw_strbuf_detach(&md, &len);
    aw_artifacts_add(out, name, data, len);
    S_figures_free(&f);
    aw_strbuf_free(&svg);
    aw_strbuf_free(&why);
    for (size_t i = 0; i < m->node_count; i++)
        free(links[i]);
    free(links);
    free(limits);
    return true;
}
