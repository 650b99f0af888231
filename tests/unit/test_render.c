/* Pictures and layouts: the DOT reads back with cgraph with the nodes,
 * clusters and edges a reader expects; the SVG is well-formed and names
 * every element; collapsing, findings, the size limit, determinism, the
 * canvas layout, and positions written back into a diagram's own text. */
#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <pthread.h>

#include "../../compiler/findings_marks.h"
#include "../../compiler/lint.h"
#include "../../compiler/position_write.h"
#include "../../emitters/render.h"
#include "test_support.h"
#include "test_svg.h"

AW_TEST_COMPILE_FIXTURE("adoption.json")

/* An HTTP API with three routes (two under /pets) on one Lambda
 * integration, a stage, a client, a table and a queue. */
static const char S_adoption[] =
    "{\"archway\": 1, \"name\": \"Adoption desk\",\n"
    " \"nodes\": [\n"
    "  {\"kind\": \"client\", \"id\": \"kiosk\", \"stage\": \"live\",\n"
    "   \"traffic\": {\"profile\": \"constant\", \"rate\": 5, \"duration\": \"1m\"}},\n"
    "  {\"kind\": \"api\", \"id\": \"adopt-api\", \"name\": \"adoption\", \"type\": \"http\"},\n"
    "  {\"kind\": \"stage\", \"id\": \"live\", \"name\": \"live\", \"api\": \"adopt-api\",\n"
    "   \"routeThrottles\": [{\"route\": \"get-pet\", \"rate\": 3, \"burst\": 6}]},\n"
    "  {\"kind\": \"route\", \"id\": \"list-pets\", \"api\": \"adopt-api\", \"method\": \"GET\", \"path\": \"/pets\",\n"
    "   \"integration\": \"pets-int\"},\n"
    "  {\"kind\": \"route\", \"id\": \"get-pet\", \"api\": \"adopt-api\", \"method\": \"GET\", \"path\": \"/pets/{id}\",\n"
    "   \"integration\": \"pets-int\"},\n"
    "  {\"kind\": \"route\", \"id\": \"adopt\", \"api\": \"adopt-api\", \"method\": \"POST\", \"path\": \"/adoptions\",\n"
    "   \"integration\": \"pets-int\", \"throttle\": {\"rate\": 10, \"burst\": 20}},\n"
    "  {\"kind\": \"integration\", \"id\": \"pets-int\", \"type\": \"lambda\", \"function\": \"pets-fn\", \"timeout\": "
    "\"5s\"},\n"
    "  {\"kind\": \"function\", \"id\": \"pets-fn\", \"runtime\": \"python3.12\",\n"
    "   \"position\": {\"x\": 1, \"y\": 2}},\n"
    "  {\"kind\": \"datastore\", \"id\": \"pets-table\", \"engine\": \"dynamodb\"},\n"
    "  {\"kind\": \"datastore\", \"id\": \"adoption-queue\", \"engine\": \"sqs\"}\n"
    " ],\n"
    " \"edges\": [{\"from\": \"pets-fn\", \"to\": \"pets-table\"},\n"
    "           {\"from\": \"pets-fn\", \"to\": \"adoption-queue\", \"label\": \"adoption requests\"}]\n"
    "}\n";

static const char *const S_element_ids[] = {
    "kiosk", "adopt-api", "live", "list-pets", "get-pet", "adopt", "pets-int", "pets-fn", "pets-table",
    "adoption-queue", "pets-fn->pets-table", "pets-fn->adoption-queue",
};
#define ELEMENT_COUNT (sizeof S_element_ids / sizeof *S_element_ids)

/* The picture of the compiled diagram in a format; must succeed. */
static char *S_render(const aw_render_options *options, aw_render_format format, size_t *len)
{
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    aw_render_status status = aw_render(comp.model, options, format, &out, &err);
    ck_assert_msg(status == AW_RENDER_OK, "render failed: %s", err.data ? err.data : "");
    aw_strbuf_free(&err);
    return aw_strbuf_detach(&out, len);
}

static Agraph_t *S_dot(const aw_render_options *options)
{
    S_compile_clean(S_adoption);
    char *text = S_render(options, AW_RENDER_DOT, NULL);
    Agraph_t *g = agmemread(text);
    free(text);
    ck_assert_ptr_nonnull(g);
    return g;
}

static Agedge_t *S_edge(Agraph_t *g, const char *tail, const char *head)
{
    Agnode_t *t = agnode(g, (char *)tail, 0), *h = agnode(g, (char *)head, 0);
    ck_assert_msg(t && h, "no nodes %s and %s", tail, head);
    Agedge_t *e = agedge(g, t, h, NULL, 0);
    ck_assert_msg(e != NULL, "no edge %s -> %s", tail, head);
    return e;
}

START_TEST(test_dot_reads_back_with_every_node_cluster_and_edge)
{
    Agraph_t *g = S_dot(NULL);
    for (size_t i = 0; i < comp.model->node_count; i++)
        ck_assert_msg(agnode(g, (char *)comp.model->nodes[i]->id, 0), "no node %s", comp.model->nodes[i]->id);
    Agraph_t *api = agsubg(g, "cluster_adopt-api", 0);
    ck_assert_ptr_nonnull(api);
    Agraph_t *stage = agsubg(api, "cluster_live", 0);
    ck_assert_ptr_nonnull(stage);
    ck_assert_ptr_nonnull(agsubnode(stage, agnode(g, "live", 0), 0));
    ck_assert_ptr_nonnull(agsubnode(api, agnode(g, "get-pet", 0), 0));
    ck_assert_ptr_null(agsubnode(api, agnode(g, "pets-fn", 0), 0));
    /* requests go left to right: client, stage, API, route, integration, function, stores */
    S_edge(g, "kiosk", "live");
    S_edge(g, "live", "adopt-api");
    S_edge(g, "adopt-api", "get-pet");
    ck_assert_str_eq(agget(S_edge(g, "get-pet", "pets-int"), "label"), "lambda, timeout 5s, live: 3 req/s, burst 6");
    ck_assert_str_eq(agget(S_edge(g, "list-pets", "pets-int"), "label"), "lambda, timeout 5s");
    ck_assert_str_eq(agget(S_edge(g, "adopt", "pets-int"), "label"), "lambda, timeout 5s, 10 req/s, burst 20");
    S_edge(g, "pets-int", "pets-fn");
    ck_assert_str_eq(agget(S_edge(g, "pets-fn", "adoption-queue"), "label"), "adoption requests");
    /* different kinds look different; a queue is not drawn as a table */
    ck_assert_str_ne(agget(agnode(g, "pets-table", 0), "shape"), agget(agnode(g, "adoption-queue", 0), "shape"));
    ck_assert_str_ne(agget(agnode(g, "pets-fn", 0), "fillcolor"), agget(agnode(g, "pets-int", 0), "fillcolor"));
    ck_assert_ptr_nonnull(strstr(agget(g, "label"), "Adoption desk"));
    const char *legend = agget(agnode(g, "/legend", 0), "label");
    ck_assert_ptr_nonnull(strstr(legend, "data store"));
    ck_assert_ptr_nonnull(strstr(legend, "queue, stream or topic"));
    ck_assert_ptr_null(strstr(legend, "VPC link"));
    agclose(g);
}
END_TEST

/* Every id attribute in an SVG document, with its element's tooltip. */
static bool S_svg_names(xmlDoc *doc, const char *id)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://www.w3.org/1999/xlink");
    char query[256];
    snprintf(query, sizeof query, "//s:g[@id='%s']//s:a[@x:title]", id);
    xmlXPathObject *found = xmlXPathEvalExpression(BAD_CAST query, ctx);
    bool ok = found && found->nodesetval && found->nodesetval->nodeNr >= 1;
    xmlXPathFreeObject(found);
    xmlXPathFreeContext(ctx);
    return ok;
}

START_TEST(test_svg_is_well_formed_and_names_every_element_with_a_tooltip)
{
    S_compile_clean(S_adoption);
    size_t len;
    char *svg = S_render(NULL, AW_RENDER_SVG, &len);
    xmlDoc *doc = xmlReadMemory(svg, (int)len, "picture.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    ck_assert_msg(doc != NULL, "the SVG is not well-formed XML");
    for (size_t i = 0; i < ELEMENT_COUNT; i++)
        ck_assert_msg(S_svg_names(doc, S_element_ids[i]), "no element with id %s and a tooltip", S_element_ids[i]);
    ck_assert(S_svg_names(doc, "list-pets/integration"));
    xmlFreeDoc(doc);
    /* the same model gives the same bytes */
    size_t again_len;
    char *again = S_render(NULL, AW_RENDER_SVG, &again_len);
    ck_assert_uint_eq(len, again_len);
    ck_assert(memcmp(svg, again, len) == 0);
    free(again);
    free(svg);
}
END_TEST

START_TEST(test_collapse_groups_routes_by_path_prefix)
{
    Agraph_t *g = S_dot(&(aw_render_options){.collapse = true});
    ck_assert_ptr_null(agnode(g, "list-pets", 0));
    ck_assert_ptr_null(agnode(g, "get-pet", 0));
    Agnode_t *group = agnode(g, "adopt-api/routes/pets", 0);
    ck_assert_ptr_nonnull(group);
    const char *tip = agget(group, "tooltip");
    ck_assert_ptr_nonnull(strstr(tip, "GET /pets (list-pets)"));
    ck_assert_ptr_nonnull(strstr(tip, "GET /pets/{id} (get-pet)"));
    /* a prefix with one route stays that route */
    ck_assert_ptr_nonnull(agnode(g, "adopt", 0));
    /* the group calls the integration once */
    ck_assert_str_eq(agget(S_edge(g, "adopt-api/routes/pets", "pets-int"), "label"), "lambda, timeout 5s");
    int out = 0;
    for (Agedge_t *e = agfstout(g, group); e; e = agnxtout(g, e))
        out++;
    ck_assert_int_eq(out, 1);
    agclose(g);
}
END_TEST

START_TEST(test_findings_outline_elements_and_name_rules)
{
    const aw_render_mark marks[] = {
        {"pets-fn", AW_RENDER_LEVEL_WARNING, "AW-CAP-001"},
        {"pets-fn", AW_RENDER_LEVEL_ERROR, "AW-SEC-002"},
        {"live", AW_RENDER_LEVEL_WARNING, "AW-OBS-001"},
        {"get-pet", AW_RENDER_LEVEL_ERROR, "AW-SEC-001"},
    };
    Agraph_t *g = S_dot(&(aw_render_options){.marks = marks, .mark_count = 4});
    Agnode_t *fn = agnode(g, "pets-fn", 0);
    ck_assert_str_eq(agget(fn, "color"), "#d32f2f");
    ck_assert_ptr_nonnull(strstr(agget(fn, "tooltip"), "AW-CAP-001 (warning)\nAW-SEC-002 (error)"));
    ck_assert_str_eq(agget(agnode(g, "live", 0), "color"), "#ff8f00");
    ck_assert_str_eq(agget(agnode(g, "kiosk", 0), "color"), "#3949ab");
    ck_assert_ptr_nonnull(strstr(agget(agnode(g, "/legend", 0), "label"), "error finding"));
    agclose(g);
    aw_test_compile_free(&comp, &compiled);
    /* a finding on a collapsed route marks its group */
    g = S_dot(&(aw_render_options){.collapse = true, .marks = marks, .mark_count = 4});
    Agnode_t *group = agnode(g, "adopt-api/routes/pets", 0);
    ck_assert_str_eq(agget(group, "color"), "#d32f2f");
    ck_assert_ptr_nonnull(strstr(agget(group, "tooltip"), "get-pet: AW-SEC-001 (error)"));
    agclose(g);
}
END_TEST

/* A check's errors and warnings on elements become marks; notes, findings
 * the diagram accepts, and diagnostics of no element do not. */
START_TEST(test_findings_become_marks)
{
    S_compile_clean(S_adoption);
    const aw_lint_override overrides[] = {{aw_rule_find("AW-SEC-001"), AW_LEVEL_ERROR},
                                           {aw_rule_find("AW-OBS-001"), AW_LEVEL_NOTE}};
    aw_lint_run(&comp, &(aw_lint_config){.overrides = overrides, .override_count = 2});
    size_t count;
    aw_render_mark *marks = aw_findings_marks(&comp.diags, &count);
    bool public_route = false;
    for (size_t i = 0; i < count; i++) {
        ck_assert_ptr_nonnull(marks[i].element);
        ck_assert_str_ne(marks[i].note, "AW-OBS-001");
        if (strcmp(marks[i].element, "list-pets") == 0 && strcmp(marks[i].note, "AW-SEC-001") == 0) {
            ck_assert_int_eq(marks[i].level, AW_RENDER_LEVEL_ERROR);
            public_route = true;
        }
    }
    ck_assert(public_route);
    ck_assert_uint_eq(count, comp.diags.errors + comp.diags.warnings);
    free(marks);
}
END_TEST

/* Labels and tooltips keep a diagram's backslashes, entities and markup as
 * text: Graphviz would expand \N, \G and &amp; itself. */
START_TEST(test_names_are_text_not_graphviz_escapes_or_markup)
{
    S_compile_clean("{\"archway\": 1, \"name\": \"n\", \"nodes\": [{\"kind\": \"function\", \"id\": \"f\",\n"
                    " \"runtime\": \"java21\", \"name\": \"a\\\\N <b> &amp; \\\"q\\\"\", \"description\": \"\\\\G &lt;\"},\n"
                    " {\"kind\": \"datastore\", \"id\": \"t\", \"engine\": \"s3\"}],\n"
                    " \"edges\": [{\"from\": \"f\", \"to\": \"t\", \"label\": \"\\\\N&amp;\"}]}");
    size_t len;
    char *svg = S_render(NULL, AW_RENDER_SVG, &len);
    xmlDoc *doc = xmlReadMemory(svg, (int)len, "picture.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull(doc);
    char *label = aw_test_svg_string(doc, "string(//s:g[@id='f']//s:text[1])");
    char *tooltip = aw_test_svg_string(doc, "string(//s:g[@id='f']//s:a/@x:title)");
    char *edge = aw_test_svg_string(doc, "string(//s:g[@id='f->t']//s:text[1])");
    ck_assert_str_eq(edge, "\\N&amp;");
    free(edge);
    /* the title keeps its backslash before the N (an invisible word joiner
     * between them stops Graphviz from reading a node-name escape) */
    ck_assert_str_eq(label, "a\\\u2060N <b> &amp; \"q\"");
    ck_assert_str_eq(tooltip, "Lambda function f: \\G &lt;");
    free(label);
    free(tooltip);
    xmlFreeDoc(doc);
    free(svg);
}
END_TEST

/* A long name is cut in its box, so that it does not stretch the picture,
 * and kept whole in the tooltip. */
START_TEST(test_long_names_are_cut_in_the_box_and_whole_in_the_tooltip)
{
    char text[1024], name[301];
    memset(name, 'n', 300);
    name[300] = '\0';
    snprintf(text, sizeof text,
             "{\"archway\": 1, \"name\": \"n\", \"nodes\": [{\"kind\": \"function\", \"id\": \"f\", "
             "\"runtime\": \"java21\", \"description\": \"%s\", \"name\": \"%s\"}]}", name, name);
    Agraph_t *g = NULL;
    S_compile_clean(text);
    char *dot = S_render(NULL, AW_RENDER_DOT, NULL);
    g = agmemread(dot);
    free(dot);
    Agnode_t *f = agnode(g, "f", 0);
    ck_assert_ptr_nonnull(strstr(agget(f, "label"), "nnnn\u2026</B>"));
    ck_assert_uint_lt(strlen(agget(f, "label")), 150);
    ck_assert_ptr_nonnull(strstr(agget(f, "tooltip"), name));
    agclose(g);
}
END_TEST

/* A generated API of n routes, each on its own integration and function. */
static char *S_big_diagram(size_t routes)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"big\", \"nodes\": [{\"kind\": \"api\", \"id\": \"a\", \"type\": \"http\"}");
    for (size_t i = 0; i < routes; i++)
        aw_strbuf_printf(&b,
                         ",\n{\"kind\": \"route\", \"id\": \"r%zu\", \"api\": \"a\", \"method\": \"GET\", \"path\": "
                         "\"/p%zu/x%zu\", \"integration\": \"i%zu\"},\n{\"kind\": \"integration\", \"id\": \"i%zu\", "
                         "\"type\": \"lambda\", \"function\": \"f%zu\"},\n{\"kind\": \"function\", \"id\": \"f%zu\", "
                         "\"runtime\": \"java21\"}",
                         i, i % 20, i, i, i, i, i);
    aw_strbuf_puts(&b, "]}");
    return aw_strbuf_detach(&b, NULL);
}

START_TEST(test_too_large_a_picture_is_refused_before_layout)
{
    char *text = S_big_diagram(AW_RENDER_MAX_OBJECTS / 4);
    S_compile_clean(text);
    free(text);
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_render(comp.model, NULL, AW_RENDER_SVG, &out, &err), AW_RENDER_TOO_LARGE);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_ptr_nonnull(strstr(err.data, "--collapse"));
    aw_layout layout;
    err.len = 0;
    ck_assert_int_eq(aw_layout_compute(comp.model, &layout, &err), AW_RENDER_TOO_LARGE);
    /* DOT needs no layout and has no limit */
    ck_assert_int_eq(aw_render(comp.model, NULL, AW_RENDER_DOT, &out, &err), AW_RENDER_OK);
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
}
END_TEST

/* Few nodes, but edges that skip many ranks: dot would split them into
 * tens of thousands of bends and run for minutes. */
START_TEST(test_edges_that_skip_many_ranks_count_against_the_limit)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"dag\", \"nodes\": [");
    enum { N = 120 };
    for (int i = 0; i < N; i++)
        aw_strbuf_printf(&b, "%s{\"kind\": \"function\", \"id\": \"f%d\", \"runtime\": \"java21\"}", i ? "," : "", i);
    aw_strbuf_puts(&b, "], \"edges\": [");
    for (int i = 0; i < N - 1; i++)     /* a chain, so that ranks run 0..N-1, then long jumps */
        aw_strbuf_printf(&b, "%s{\"from\": \"f%d\", \"to\": \"f%d\"}", i ? "," : "", i, i + 1);
    for (int i = 0; i < N / 2; i++)
        aw_strbuf_printf(&b, ",{\"from\": \"f%d\", \"to\": \"f%d\"}", i, N - 1 - i % 7);
    aw_strbuf_puts(&b, "]}");
    S_compile_clean(b.data);
    aw_strbuf_free(&b);
    ck_assert_uint_lt(comp.model->node_count + comp.model->edge_count, AW_RENDER_MAX_OBJECTS / 10);
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_render(comp.model, NULL, AW_RENDER_SVG, &out, &err), AW_RENDER_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.data, "skip ranks"));
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
}
END_TEST

static const aw_layout_place *S_place(const aw_layout *layout, const char *id)
{
    for (size_t i = 0; i < layout->count; i++)
        if (strcmp(layout->places[i].node->id, id) == 0)
            return &layout->places[i];
    ck_abort_msg("no position for %s", id);
    return NULL;
}

START_TEST(test_layout_places_every_node_left_to_right)
{
    S_compile_clean(S_adoption);
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_layout_compute(comp.model, &layout, &err), AW_RENDER_OK);
    ck_assert_uint_eq(layout.count, comp.model->node_count);
    static const char *const order[] = {"kiosk", "live", "adopt-api", "get-pet", "pets-int", "pets-fn", "pets-table"};
    for (size_t i = 1; i < sizeof order / sizeof *order; i++)
        ck_assert_double_lt(S_place(&layout, order[i - 1])->x, S_place(&layout, order[i])->x);
    for (size_t i = 0; i < layout.count; i++)
        ck_assert(layout.places[i].x >= 0 && layout.places[i].y >= 0);
    /* the API's box holds its routes */
    ck_assert_uint_eq(layout.group_count, 2);
    const aw_layout_group *api = &layout.groups[0];
    ck_assert_str_eq(api->node->id, "adopt-api");
    const aw_layout_place *route = S_place(&layout, "get-pet");
    ck_assert(route->x > api->x && route->x < api->x + api->width);
    ck_assert(route->y > api->y && route->y < api->y + api->height);
    aw_strbuf json = AW_STRBUF_INIT;
    aw_layout_write_json(&layout, &json);
    ck_assert_ptr_nonnull(strstr(json.data, "\"get-pet\": {\"x\": "));
    ck_assert_ptr_nonnull(strstr(json.data, "\"groups\": {\n    \"adopt-api\": {\"x\": "));
    aw_strbuf_free(&json);
    aw_layout_free(&layout);
    aw_strbuf_free(&err);
}
END_TEST

/* The text with every place written into it, recompiled: each node now
 * sits where the layout put it. */
static char *S_write_and_check(const char *text, aw_spelling spelling, const aw_layout *layout)
{
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_msg(aw_positions_write(text, strlen(text), layout, &out, &err), "%s", err.data);
    aw_compilation again = {0};
    aw_compile_status status = aw_compile_buffer(&again, "written", out.data, out.len, spelling);
    if (status != AW_COMPILE_OK)
        aw_test_dump_diags(&again.diags);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    for (size_t i = 0; i < layout->count; i++) {
        const aw_node *n = aw_model_find(again.model, layout->places[i].node->id);
        ck_assert_ptr_nonnull(n->position);
        ck_assert_double_eq(n->position->x, layout->places[i].x);
        ck_assert_double_eq(n->position->y, layout->places[i].y);
    }
    aw_compilation_free(&again);
    aw_strbuf_free(&err);
    return aw_strbuf_detach(&out, NULL);
}

START_TEST(test_positions_written_into_json_change_nothing_else)
{
    S_compile_clean(S_adoption);
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_layout_compute(comp.model, &layout, &err), AW_RENDER_OK);
    char *written = S_write_and_check(S_adoption, AW_SPELLING_JSON, &layout);
    /* an added position sits after the id, spaced like the next member */
    ck_assert_ptr_nonnull(strstr(written, "{\"kind\": \"client\", \"id\": \"kiosk\", \"position\": {\"x\": "));
    /* a position already there is replaced where it stands */
    const aw_layout_place *fn = S_place(&layout, "pets-fn");
    char expect[128];
    snprintf(expect, sizeof expect, "\"runtime\": \"python3.12\",\n   \"position\": {\"x\": %g, \"y\": %g}}", fn->x, fn->y);
    ck_assert_ptr_nonnull(strstr(written, expect));
    ck_assert_ptr_nonnull(strstr(written, "\"edges\": [{\"from\": \"pets-fn\", \"to\": \"pets-table\"},\n"));
    free(written);
    aw_layout_free(&layout);
    aw_strbuf_free(&err);
}
END_TEST

START_TEST(test_positions_written_into_xml_change_nothing_else)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!-- a <function id=\"fn\"> in a comment is not the node -->\n"
        "<diagram archway=\"1\" name=\"x\">\n"
        "  <nodes>\n"
        "    <api id=\"api\" type=\"http\"/>\n"
        "    <route id=\"r\" api=\"api\" method=\"GET\" path=\"/x\" integration=\"i\">\n"
        "      <position x=\"5\" y=\"6\"/>\n"
        "    </route>\n"
        "    <integration id=\"i\" type=\"lambda\" function=\"fn\"><tags><entry key=\"a\" value=\"&gt;\"/></tags>"
        "</integration>\n"
        "    <function runtime=\"java21\" id = 'fn' description=\"a > b\"/>\n"
        "  </nodes>\n"
        "</diagram>\n";
    aw_compilation c = {0};
    ck_assert_int_eq(aw_compile_buffer(&c, "x.xml", xml, strlen(xml), AW_SPELLING_XML), AW_COMPILE_OK);
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_layout_compute(c.model, &layout, &err), AW_RENDER_OK);
    char *written = S_write_and_check(xml, AW_SPELLING_XML, &layout);
    ck_assert_ptr_nonnull(strstr(written, "<!-- a <function id=\"fn\"> in a comment is not the node -->\n"));
    ck_assert_ptr_nonnull(strstr(written, "    <api id=\"api\" type=\"http\">\n      <position x=\""));
    ck_assert_ptr_nonnull(strstr(written, "    <function runtime=\"java21\" id = 'fn' description=\"a > b\">\n"));
    ck_assert_ptr_nonnull(strstr(written, "<integration id=\"i\" type=\"lambda\" function=\"fn\">\n"
                                          "      <position x=\""));
    ck_assert_ptr_nonnull(strstr(written, "<tags><entry key=\"a\" value=\"&gt;\"/></tags></integration>\n"));
    ck_assert_ptr_null(strstr(written, "x=\"5\""));
    free(written);
    aw_layout_free(&layout);
    aw_strbuf_free(&err);
    aw_compilation_free(&c);
}
END_TEST

START_TEST(test_positions_are_not_written_into_a_changed_file)
{
    S_compile_clean(S_adoption);
    aw_layout layout;
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_layout_compute(comp.model, &layout, &err), AW_RENDER_OK);
    const char *other = "{\"archway\": 1, \"nodes\": []}";
    ck_assert(!aw_positions_write(other, strlen(other), &layout, &out, &err));
    ck_assert_ptr_nonnull(strstr(err.data, "has the file changed"));
    aw_layout_free(&layout);
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
}
END_TEST

/* Graphviz is not thread-safe; renders on several threads take turns and
 * all give the same picture. */
static void *S_render_thread(void *arg)
{
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    aw_render((const aw_model *)arg, NULL, AW_RENDER_SVG, &out, &err);
    aw_strbuf_free(&err);
    return aw_strbuf_detach(&out, NULL);
}

START_TEST(test_renders_on_several_threads_agree)
{
    S_compile_clean(S_adoption);
    pthread_t threads[4];
    char *svgs[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, S_render_thread, comp.model), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], (void **)&svgs[i]);
    for (int i = 0; i < 4; i++) {
        ck_assert_ptr_nonnull(svgs[i]);
        ck_assert_str_eq(svgs[i], svgs[0]);
    }
    for (int i = 0; i < 4; i++)
        free(svgs[i]);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = aw_test_tcase(s, "render", NULL, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_dot_reads_back_with_every_node_cluster_and_edge);
    tcase_add_test(tc, test_svg_is_well_formed_and_names_every_element_with_a_tooltip);
    tcase_add_test(tc, test_collapse_groups_routes_by_path_prefix);
    tcase_add_test(tc, test_findings_outline_elements_and_name_rules);
    tcase_add_test(tc, test_findings_become_marks);
    tcase_add_test(tc, test_names_are_text_not_graphviz_escapes_or_markup);
    tcase_add_test(tc, test_long_names_are_cut_in_the_box_and_whole_in_the_tooltip);
    tcase_add_test(tc, test_too_large_a_picture_is_refused_before_layout);
    tcase_add_test(tc, test_edges_that_skip_many_ranks_count_against_the_limit);
    tcase_add_test(tc, test_layout_places_every_node_left_to_right);
    tcase_add_test(tc, test_positions_written_into_json_change_nothing_else);
    tcase_add_test(tc, test_positions_written_into_xml_change_nothing_else);
    tcase_add_test(tc, test_positions_are_not_written_into_a_changed_file);
    tcase_add_test(tc, test_renders_on_several_threads_agree);
    return s;
}

AW_TEST_MAIN(S_suite)
