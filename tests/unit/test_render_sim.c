/* The simulation overlay of a picture: a real run's JSON result (made here
 * through the library, with a fixed seed) read back and drawn; the SVG,
 * parsed with libxml2, outlines the bottleneck, fills elements by how busy
 * they were and carries the run's figures in the tooltips. A result that is
 * malformed or of another diagram is refused at its line. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>

#include "../../emitters/render.h"
#include "../../sim/report.h"
#include "../../sim/sim.h"
#include "../../sim/sim_overlay.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("adoption.json")

/* Three routes on one Lambda function: get-pet throttled to 3 req/s by its
 * stage, adopt to 10 req/s by its own throttle, list-pets not at all. */
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
    "  {\"kind\": \"integration\", \"id\": \"pets-int\", \"type\": \"lambda\", \"function\": \"pets-fn\"},\n"
    "  {\"kind\": \"function\", \"id\": \"pets-fn\", \"runtime\": \"python3.12\", \"reservedConcurrency\": 20,\n"
    "   \"latency\": {\"p50\": \"150ms\", \"p99\": \"400ms\"}},\n"
    "  {\"kind\": \"datastore\", \"id\": \"pets-table\", \"engine\": \"dynamodb\"}\n"
    " ],\n"
    " \"edges\": [{\"from\": \"pets-fn\", \"to\": \"pets-table\"}]\n"
    "}\n";

/* A run of the compiled model, and its JSON report. */
typedef struct run {
    aw_arena arena;
    aw_sim_model *model;
    aw_sim_result *result;
    aw_strbuf json;
} run;

static void S_simulate(run *r, double rps, double seconds)
{
    aw_arena_init(&r->arena);
    r->model = aw_sim_model_build(comp.model, &r->arena);
    ck_assert_ptr_nonnull(r->model);
    aw_sim_options opt = {.engine = AW_SIM_DISCRETE, .seed = 1, .rps = rps, .duration_s = seconds};
    const char *error = NULL;
    r->result = aw_sim_run(r->model, &opt, &error);
    ck_assert_msg(r->result != NULL, "%s", error ? error : "");
    r->json = (aw_strbuf)AW_STRBUF_INIT;
    aw_sim_report_json(r->model, r->result, &r->json);
}

static void S_run_free(run *r)
{
    aw_sim_result_free(r->result);
    aw_strbuf_free(&r->json);
    aw_arena_free(&r->arena);
}

static const aw_sim_route_stats *S_route_stats(const run *r, const char *id)
{
    for (size_t i = 0; i < r->model->route_count; i++)
        if (strcmp(r->model->routes[i].id, id) == 0)
            return &r->result->routes[i];
    ck_abort_msg("no route %s", id);
    return NULL;
}

static xmlDoc *S_svg(const aw_sim_overlay *ov, bool collapse)
{
    aw_render_options opt = {.collapse = collapse, .loads = ov->loads, .load_count = ov->load_count,
                             .load_summary = ov->summary};
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_render(comp.model, &opt, AW_RENDER_SVG, &out, &err), AW_RENDER_OK);
    xmlDoc *doc = xmlReadMemory(out.data, (int)out.len, "picture.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    ck_assert_msg(doc != NULL, "the SVG is not well-formed XML");
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
    return doc;
}

/* One XPath string value of an SVG document (malloc'd). */
static char *S_xpath(xmlDoc *doc, const char *fmt, const char *id)
{
    char query[512];
    snprintf(query, sizeof query, fmt, id);
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://www.w3.org/1999/xlink");
    xmlXPathObject *found = xmlXPathEvalExpression(BAD_CAST query, ctx);
    char *value = strdup(found && found->stringval ? (const char *)found->stringval : "");
    xmlXPathFreeObject(found);
    xmlXPathFreeContext(ctx);
    return value;
}

static void S_assert_xpath(xmlDoc *doc, const char *fmt, const char *id, const char *expected)
{
    char *value = S_xpath(doc, fmt, id);
    ck_assert_msg(strcmp(value, expected) == 0, "%s of %s: '%s', not '%s'", fmt, id, value, expected);
    free(value);
}

static void S_assert_tooltip_has(xmlDoc *doc, const char *id, const char *text)
{
    char *tip = S_xpath(doc, "string(//s:g[@id='%s']//s:a/@x:title)", id);
    ck_assert_msg(strstr(tip, text), "tooltip of %s lacks '%s': %s", id, text, tip);
    free(tip);
}

#define S_SHAPE "string(//s:g[@id='%s']//s:a/*[self::s:path or self::s:polygon or self::s:ellipse][1]/@%s)"

START_TEST(test_bottleneck_outlined_and_figures_in_tooltips)
{
    S_compile_clean(S_adoption);
    run r;
    S_simulate(&r, 60, 20);
    int64_t b = r.result->bottleneck;
    ck_assert_int_ge(b, 0);
    /* the route whose stage throttle refused the most */
    ck_assert_str_eq(r.model->hops[b].id, "route:get-pet");
    aw_sim_overlay ov;
    ck_assert(aw_sim_overlay_load_text(&ov, comp.model, "run.json", r.json.data, r.json.len));
    xmlDoc *doc = S_svg(&ov, false);
    char fmt[256];
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke-width");
    S_assert_xpath(doc, fmt, "get-pet", "4");
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke");
    S_assert_xpath(doc, fmt, "get-pet", "#b71c1c");
    /* no other element is the bottleneck */
    S_assert_xpath(doc, "string(count(//s:g[@class='node' and @id!='/legend']//s:a/*[@stroke-width='4']))", "", "1");
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "fill");
    S_assert_xpath(doc, fmt, "get-pet", "#ef9a9a");     /* a throttle used up: red */
    S_assert_xpath(doc, fmt, "kiosk", "#e8eaf6");       /* not simulated: its kind's fill */
    char *label = S_xpath(doc, "string(//s:g[@id='%s']//s:text[last()])", "get-pet");
    ck_assert_msg(strncmp(label, "BOTTLENECK: ", 12) == 0, "label %s", label);
    free(label);
    /* the route's answers, as the run counted them */
    const aw_sim_route_stats *s = S_route_stats(&r, "get-pet");
    char text[128];
    snprintf(text, sizeof text, "%llu offered, %llu served", (unsigned long long)s->offered,
             (unsigned long long)s->served);
    S_assert_tooltip_has(doc, "get-pet", text);
    snprintf(text, sizeof text, "429: %llu", (unsigned long long)s->causes[AW_SIM_THROTTLED]);
    S_assert_tooltip_has(doc, "get-pet", text);
    S_assert_tooltip_has(doc, "get-pet", "5xx: ");
    S_assert_tooltip_has(doc, "get-pet", ", p99 ");
    S_assert_tooltip_has(doc, "get-pet", "the bottleneck of the run");
    /* the function: how busy its reserved concurrency was, and what it refused */
    int64_t fn = aw_sim_hop_find(r.model, "fn:pets-fn");
    double u = aw_sim_hop_utilisation(r.model, r.result, (size_t)fn);
    snprintf(text, sizeof text, "Lambda concurrency (fn:pets-fn): %.0f%% busy, %llu arrived", u * 100.0,
             (unsigned long long)r.result->hops[fn].arrivals);
    S_assert_tooltip_has(doc, "pets-fn", text);
    S_assert_tooltip_has(doc, "pets-table", "data store (db:pets-table)");
    xmlFreeDoc(doc);
    aw_sim_overlay_free(&ov);
    S_run_free(&r);
}
END_TEST

/* Collapsed, the group of /pets routes carries the bottleneck and each
 * route's figures. */
START_TEST(test_collapsed_group_carries_its_routes_loads)
{
    S_compile_clean(S_adoption);
    run r;
    S_simulate(&r, 60, 20);
    aw_sim_overlay ov;
    ck_assert(aw_sim_overlay_load_text(&ov, comp.model, "run.json", r.json.data, r.json.len));
    xmlDoc *doc = S_svg(&ov, true);
    char fmt[256];
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke-width");
    S_assert_xpath(doc, fmt, "adopt-api/routes/pets", "4");
    S_assert_tooltip_has(doc, "adopt-api/routes/pets", "get-pet: route: ");
    S_assert_tooltip_has(doc, "adopt-api/routes/pets", "list-pets: route: ");
    xmlFreeDoc(doc);
    aw_sim_overlay_free(&ov);
    S_run_free(&r);
}
END_TEST

/* Every hop the simulator builds from a sample lands on the element it was
 * built from (a stage's throttle of a route: on the route), so the naming
 * table cannot drift from the simulator unnoticed. */
START_TEST(test_every_hop_of_the_samples_is_placed)
{
    static const char *const samples[] = {"samples/bff-http-jwt.json", "samples/partner-rest-usage-plans.json",
                                          "samples/strangler-vpc-link.json", "samples/orders-sqs-events.json"};
    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
        aw_test_compile_free(&comp, &compiled);
        ck_assert_int_eq(aw_compile_file(&comp, samples[k], AW_SPELLING_AUTO), AW_COMPILE_OK);
        compiled = true;
        run r;
        S_simulate(&r, 0, 5);
        aw_sim_overlay ov;
        bool ok = aw_sim_overlay_load_text(&ov, comp.model, samples[k], r.json.data, r.json.len);
        ck_assert_msg(ok, "%s: %s", samples[k], ov.diags.count ? ov.diags.items[0].message : "");
        for (size_t h = 0; h < r.model->hop_count; h++) {
            const aw_sim_hop *hop = &r.model->hops[h];
            const aw_node *route = NULL;
            for (size_t i = 0; strcmp(hop->role, "stage") == 0 && i < r.model->route_count; i++)
                if (strchr(hop->id, '/') && strcmp(strchr(hop->id, '/') + 1, r.model->routes[i].id) == 0)
                    route = aw_model_find(comp.model, r.model->routes[i].route);
            const char *element = route ? route->id : hop->node;
            bool placed = !element;
            for (size_t i = 0; element && i < ov.load_count; i++)
                placed |= strcmp(ov.loads[i].element, element) == 0 && strstr(ov.loads[i].figures, hop->id);
            ck_assert_msg(placed, "%s: hop %s is drawn on no element", samples[k], hop->id);
        }
        aw_sim_overlay_free(&ov);
        S_run_free(&r);
    }
}
END_TEST

/* What a bad result file says, at which line. */
static void S_refused(const char *text, unsigned line, const char *message)
{
    aw_sim_overlay ov;
    ck_assert(!aw_sim_overlay_load_text(&ov, comp.model, "result.json", text, strlen(text)));
    ck_assert_uint_ge(ov.diags.errors, 1);
    const aw_diag *d = &ov.diags.items[0];
    ck_assert_str_eq(d->loc.file, "result.json");
    ck_assert_uint_eq(d->loc.line, line);
    ck_assert_msg(strstr(d->message, message), "message: %s", d->message);
    ck_assert_uint_eq(ov.load_count, 0);
    aw_sim_overlay_free(&ov);
}

START_TEST(test_bad_results_are_refused_at_their_line)
{
    S_compile_clean(S_adoption);
    S_refused("{\"simulationResult\": 2,\n \"durationS\": 1, \"routes\": [], \"hops\": []}", 1,
              "simulation result version 2; this program reads version 1");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1,\n \"routes\": [],\n \"hops\": [{\"id\": \"fn:catalog-fn\"}]}",
              3, "'fn:catalog-fn' names Lambda function 'catalog-fn', which this diagram does not have");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1,\n \"routes\": [{\"id\": \"get-cart\"}], \"hops\": []}", 2,
              "names route 'get-cart'");
    /* the kind matters too: pets-table is no function */
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [],\n\n \"hops\": [{\"id\": \"fn:pets-table\"}]}", 3,
              "names Lambda function 'pets-table'");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [], \"hops\": [\n{\"id\": \"queue:x\"}]}", 2,
              "hop 'queue:x' is none that the simulator makes");
    S_refused("{\"simulationRuns\": 1, \"routes\": []}", 1, "this is a \"simulationRuns\" document");
    S_refused("{\"simulationResult\": 1,\n \"durationS\": 0, \"routes\": [], \"hops\": []}", 2, "above 0");
    S_refused("{\"simulationResult\": 1,\n \"routes\": [], \"hops\": [],\n}", 2, "trailing comma");
    S_refused("[1]", 1, "must be a JSON object, found array");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("render_sim");
    TCase *tc = aw_test_tcase(s, "render_sim", NULL, S_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_bottleneck_outlined_and_figures_in_tooltips);
    tcase_add_test(tc, test_collapsed_group_carries_its_routes_loads);
    tcase_add_test(tc, test_every_hop_of_the_samples_is_placed);
    tcase_add_test(tc, test_bad_results_are_refused_at_their_line);
    return s;
}

AW_TEST_MAIN(S_suite)
