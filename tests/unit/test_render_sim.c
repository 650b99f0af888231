/* The simulation overlay of a picture: a real run's JSON result (made here
 * through the library, with a fixed seed) read back and drawn; the SVG,
 * parsed with libxml2, outlines the bottleneck, fills elements by how busy
 * they were and carries the run's figures in the tooltips. A result that is
 * malformed or of another diagram is refused at its line. */
#include <math.h>

#include "../../emitters/render.h"
#include "../../sim/report.h"
#include "../../sim/sim.h"
#include "../../sim/sim_overlay.h"
#include "test_support.h"
#include "test_svg.h"

AW_TEST_COMPILE_FIXTURE("loans.json")

/* A library's loans desk: three routes on one Lambda function; get-book is
 * held to 3 req/s by its stage, borrow to 10 req/s by its own throttle,
 * list-books not at all. */
static const char S_loans[] =
    "{\"archway\": 1, \"name\": \"Loans desk\", \"nodes\": [\n"
    "{\"kind\": \"api\", \"id\": \"loans-api\", \"type\": \"http\"},\n"
    "{\"kind\": \"stage\", \"id\": \"main\", \"name\": \"main\", \"api\": \"loans-api\", "
    "\"routeThrottles\": [{\"route\": \"get-book\", \"rate\": 3, \"burst\": 6}]},\n"
    "{\"kind\": \"route\", \"id\": \"list-books\", \"api\": \"loans-api\", \"method\": \"GET\", "
    "\"path\": \"/books\", \"integration\": \"desk\"},\n"
    "{\"kind\": \"route\", \"id\": \"get-book\", \"api\": \"loans-api\", \"method\": \"GET\", "
    "\"path\": \"/books/{isbn}\", \"integration\": \"desk\"},\n"
    "{\"kind\": \"route\", \"id\": \"borrow\", \"api\": \"loans-api\", \"method\": \"POST\", "
    "\"path\": \"/loans\", \"integration\": \"desk\", \"throttle\": {\"rate\": 10, \"burst\": 20}},\n"
    "{\"kind\": \"integration\", \"id\": \"desk\", \"type\": \"lambda\", \"function\": \"loans-fn\"},\n"
    "{\"kind\": \"function\", \"id\": \"loans-fn\", \"runtime\": \"python3.12\", \"reservedConcurrency\": 20, "
    "\"latency\": {\"p50\": \"150ms\", \"p99\": \"400ms\"}},\n"
    "{\"kind\": \"datastore\", \"id\": \"loans-table\", \"engine\": \"dynamodb\"},\n"
    "{\"kind\": \"client\", \"id\": \"reader-app\", \"stage\": \"main\", "
    "\"traffic\": {\"profile\": \"constant\", \"rate\": 5, \"duration\": \"1m\"}}],\n"
    "\"edges\": [{\"from\": \"loans-fn\", \"to\": \"loans-table\"}]}\n";

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

/* The loans desk run at 60 req/s for 20 s with seed 1, read back and drawn. */
static xmlDoc *S_drawn(run *r, aw_sim_overlay *ov, bool collapse)
{
    S_compile_clean(S_loans);
    S_simulate(r, 60, 20);
    ck_assert(aw_sim_overlay_load_text(ov, comp.model, "run.json", r->json.data, r->json.len));
    return S_svg(ov, collapse);
}

static void S_drawn_free(run *r, aw_sim_overlay *ov, xmlDoc *doc)
{
    xmlFreeDoc(doc);
    aw_sim_overlay_free(ov);
    S_run_free(r);
}

/* An XPath string value; fmt names the element with %s (malloc'd). */
static char *S_xpath(xmlDoc *doc, const char *fmt, const char *id)
{
    char query[512];
    snprintf(query, sizeof query, fmt, id);
    return aw_test_svg_string(doc, query);
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
    run r;
    aw_sim_overlay ov;
    xmlDoc *doc = S_drawn(&r, &ov, false);
    int64_t b = r.result->bottleneck;
    ck_assert_int_ge(b, 0);
    /* the route whose stage throttle refused the most */
    ck_assert_str_eq(r.model->hops[b].id, "route:get-book");
    char fmt[256];
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke-width");
    S_assert_xpath(doc, fmt, "get-book", "4");
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke");
    S_assert_xpath(doc, fmt, "get-book", "#b71c1c");
    /* no other element is the bottleneck */
    S_assert_xpath(doc, "string(count(//s:g[@class='node' and @id!='/legend']//s:a/*[@stroke-width='4']))", "", "1");
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "fill");
    S_assert_xpath(doc, fmt, "get-book", "#ef9a9a");     /* a throttle used up: red */
    S_assert_xpath(doc, fmt, "reader-app", "#e8eaf6");       /* not simulated: its kind's fill */
    char *label = S_xpath(doc, "string(//s:g[@id='%s']//s:text[last()])", "get-book");
    ck_assert_msg(strncmp(label, "BOTTLENECK: ", 12) == 0, "label %s", label);
    free(label);
    /* the route's answers, as the run counted them */
    const aw_sim_route_stats *s = S_route_stats(&r, "get-book");
    char text[128];
    snprintf(text, sizeof text, "%llu offered, %llu served", (unsigned long long)s->offered,
             (unsigned long long)s->served);
    S_assert_tooltip_has(doc, "get-book", text);
    snprintf(text, sizeof text, "429: %llu", (unsigned long long)s->causes[AW_SIM_THROTTLED]);
    S_assert_tooltip_has(doc, "get-book", text);
    S_assert_tooltip_has(doc, "get-book", "5xx: ");
    S_assert_tooltip_has(doc, "get-book", ", p99 ");
    S_assert_tooltip_has(doc, "get-book", "the bottleneck of the run");
    /* the function: how busy its reserved concurrency was, and what it refused */
    int64_t fn = aw_sim_hop_find(r.model, "fn:loans-fn");
    double u = aw_sim_hop_utilisation(r.model, r.result, (size_t)fn);
    snprintf(text, sizeof text, "Lambda concurrency (fn:loans-fn): %.0f%% busy, %llu arrived", u * 100.0,
             (unsigned long long)r.result->hops[fn].arrivals);
    S_assert_tooltip_has(doc, "loans-fn", text);
    S_assert_tooltip_has(doc, "loans-table", "data store (db:loans-table)");
    S_drawn_free(&r, &ov, doc);
}
END_TEST

/* Collapsed, the group of /books routes carries the bottleneck and each
 * route's figures. */
START_TEST(test_collapsed_group_carries_its_routes_loads)
{
    run r;
    aw_sim_overlay ov;
    xmlDoc *doc = S_drawn(&r, &ov, true);
    char fmt[256];
    snprintf(fmt, sizeof fmt, S_SHAPE, "%s", "stroke-width");
    S_assert_xpath(doc, fmt, "loans-api/routes/books", "4");
    S_assert_tooltip_has(doc, "loans-api/routes/books", "get-book: route: ");
    S_assert_tooltip_has(doc, "loans-api/routes/books", "list-books: route: ");
    S_drawn_free(&r, &ov, doc);
}
END_TEST

/* The same run over the same diagram gives the same picture, byte for byte. */
START_TEST(test_same_result_same_bytes)
{
    run r;
    aw_sim_overlay ov;
    xmlDoc *doc = S_drawn(&r, &ov, false);
    aw_render_options opt = {.loads = ov.loads, .load_count = ov.load_count, .load_summary = ov.summary};
    aw_strbuf one = AW_STRBUF_INIT, two = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_render(comp.model, &opt, AW_RENDER_SVG, &one, &err), AW_RENDER_OK);
    ck_assert_int_eq(aw_render(comp.model, &opt, AW_RENDER_SVG, &two, &err), AW_RENDER_OK);
    ck_assert_uint_eq(one.len, two.len);
    ck_assert(memcmp(one.data, two.data, one.len) == 0);
    aw_strbuf_free(&one);
    aw_strbuf_free(&two);
    aw_strbuf_free(&err);
    S_drawn_free(&r, &ov, doc);
}
END_TEST

/* Every hop the simulator builds from a sample lands on the element it was
 * built from (a stage's throttle of a route: on the route), so the naming
 * table cannot drift from the simulator unnoticed. */
START_TEST(test_every_hop_of_the_samples_is_placed)
{
    static const char *const samples[] = {"samples/bff-http-jwt.json", "samples/partner-rest-usage-plans.json",
                                          "samples/strangler-vpc-link.json", "samples/orders-sqs-events.json",
                                          "samples/multi-stage-canary.json", "samples/websocket-chat.json"};
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
    S_compile_clean(S_loans);
    S_refused("{\"simulationResult\": 2,\n \"durationS\": 1, \"routes\": [], \"hops\": []}", 1,
              "simulation result version 2; this program reads version 1");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1,\n \"routes\": [],\n \"hops\": [{\"id\": \"fn:catalog-fn\"}]}",
              3, "'fn:catalog-fn' names Lambda function 'catalog-fn', which this diagram does not have");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1,\n \"routes\": [{\"id\": \"get-cart\"}], \"hops\": []}", 2,
              "names route 'get-cart'");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1,\n \"routes\": [{\"id\": \"get-book@beta\"}], \"hops\": []}",
              2, "names stage 'beta'");
    /* the kind matters too: loans-table is no function */
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [],\n\n \"hops\": [{\"id\": \"fn:loans-table\"}]}", 3,
              "names Lambda function 'loans-table'");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [], \"hops\": [\n{\"id\": \"queue:x\"}]}", 2,
              "hop 'queue:x' is none that the simulator makes");
    S_refused("{\"simulationRuns\": 1, \"routes\": []}", 1, "this is a \"simulationRuns\" document");
    S_refused("{\"simulationResult\": 1,\n \"durationS\": 0, \"routes\": [], \"hops\": []}", 2, "above 0");
    S_refused("{\"simulationResult\": 1,\n \"routes\": [], \"hops\": [],\n}", 2, "trailing comma");
    S_refused("[1]", 1, "must be a JSON object, found array");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [],\n \"bottleneck\": \"fn:elsewhere\",\n"
              " \"hops\": [{\"id\": \"fn:loans-fn\"}]}", 2, "the bottleneck 'fn:elsewhere' is none of the result's hops");
    S_refused("{\"simulationResult\": 1, \"durationS\": 1, \"routes\": [], \"hops\": [\n"
              "{\"id\": \"fn:loans-fn\",\n \"utilisation\": -0.5}]}", 3, "must be between 0 and 1000");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("render_sim");
    TCase *tc = aw_test_tcase(s, "render_sim", NULL, S_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_bottleneck_outlined_and_figures_in_tooltips);
    tcase_add_test(tc, test_collapsed_group_carries_its_routes_loads);
    tcase_add_test(tc, test_same_result_same_bytes);
    tcase_add_test(tc, test_every_hop_of_the_samples_is_placed);
    tcase_add_test(tc, test_bad_results_are_refused_at_their_line);
    return s;
}

AW_TEST_MAIN(S_suite)
