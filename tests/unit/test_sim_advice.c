/* The advice of `simulate --target-rps` as the canvas uses it: every change
 * that is a number of the diagram carries its edit (element, key path,
 * value); applying all of them to the diagram's JSON gives a diagram that
 * compiles and holds the target within the objective; a number that sets
 * several hops (a stage's throttle) is one edit; a change that is no
 * number of the diagram (the unreserved Lambda pool) carries none. */
#include <check.h>
#include <jansson.h>
#include <math.h>

#include "../../sim/advise.h"
#include "test_support.h"

/* Limits on every kind of number advice changes: the account throttle
 * (top level), a stage throttle shared by three routes, a stage's route
 * override (an array item), a route's own throttle, reserved concurrency,
 * an Aurora pool, DynamoDB read and write units, a backend's capacity. */
static const char diagram[] =
    "{\"archway\": 1, \"name\": \"advice\", \"accountThrottle\": {\"rate\": 300, \"burst\": 300},\n"
    " \"nodes\": [\n"
    "  {\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 50},\n"
    "   \"mix\": [{\"route\": \"ra\", \"weight\": 2}, {\"route\": \"rb\", \"weight\": 1}, {\"route\": \"rc\", \"weight\": 1}]},\n"
    "  {\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\"},\n"
    "  {\"kind\": \"stage\", \"id\": \"s\", \"name\": \"test\", \"api\": \"api\", \"throttle\": {\"rate\": 100, \"burst\": 100},\n"
    "   \"routeThrottles\": [{\"route\": \"ra\", \"rate\": 40, \"burst\": 40}]},\n"
    "  {\"kind\": \"route\", \"id\": \"ra\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/a\", \"integration\": \"ia\",\n"
    "   \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
    "  {\"kind\": \"route\", \"id\": \"rb\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/b\", \"integration\": \"ib\",\n"
    "   \"authorizer\": \"none\", \"noneReason\": \"test\", \"throttle\": {\"rate\": 30, \"burst\": 30}},\n"
    "  {\"kind\": \"route\", \"id\": \"rc\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/c\", \"integration\": \"ic\",\n"
    "   \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
    "  {\"kind\": \"integration\", \"id\": \"ia\", \"type\": \"lambda\", \"function\": \"fa\"},\n"
    "  {\"kind\": \"integration\", \"id\": \"ib\", \"type\": \"lambda\", \"function\": \"fb\"},\n"
    "  {\"kind\": \"integration\", \"id\": \"ic\", \"type\": \"http\", \"backend\": \"be\", \"url\": \"https://be.example.com/c\"},\n"
    "  {\"kind\": \"function\", \"id\": \"fa\", \"runtime\": \"python3.12\", \"reservedConcurrency\": 5,\n"
    "   \"latency\": {\"p50\": \"50ms\", \"p99\": \"50ms\"}},\n"
    "  {\"kind\": \"function\", \"id\": \"fb\", \"runtime\": \"python3.12\", \"reservedConcurrency\": 40,\n"
    "   \"latency\": {\"p50\": \"20ms\", \"p99\": \"20ms\"}},\n"
    "  {\"kind\": \"datastore\", \"id\": \"db\", \"engine\": \"aurora\", \"poolSize\": 4, \"latency\": {\"p50\": \"10ms\", \"p99\": \"10ms\"}},\n"
    "  {\"kind\": \"datastore\", \"id\": \"tbl\", \"engine\": \"dynamodb\", \"capacityMode\": \"provisioned\", \"readCapacity\": 40,\n"
    "   \"writeCapacity\": 10, \"latency\": {\"p50\": \"5ms\", \"p99\": \"5ms\"}},\n"
    "  {\"kind\": \"httpBackend\", \"id\": \"be\", \"url\": \"https://be.example.com\", \"capacity\": 60,\n"
    "   \"latency\": {\"p50\": \"40ms\", \"p99\": \"40ms\"}}\n"
    " ],\n"
    " \"edges\": [{\"from\": \"fb\", \"to\": \"db\", \"access\": \"read\"}, {\"from\": \"fa\", \"to\": \"tbl\", \"access\": \"read\"}]}\n";

#define TARGET 1000.0

static aw_compilation comp;
static aw_arena arena;
static aw_sim_advice advice;
static aw_strbuf advice_json;
static json_t *doc;

static void S_done(void)
{
    aw_sim_advice_free(&advice);
    aw_strbuf_free(&advice_json);
    json_decref(doc);
    doc = NULL;
    aw_arena_free(&arena);
    aw_arena_init(&arena);
    aw_compilation_free(&comp);
}

/* Compiles text (no errors allowed) and builds its model in the arena. */
static aw_sim_model *S_model(const char *text)
{
    aw_compilation_free(&comp);
    aw_compile_buffer(&comp, "t.json", text, strlen(text), AW_SPELLING_JSON);
    if (comp.diags.errors)
        aw_test_dump_diags(&comp.diags);
    ck_assert_uint_eq(comp.diags.errors, 0);
    aw_sim_model *m = aw_sim_model_build(comp.model, &arena);
    ck_assert_ptr_nonnull(m);
    return m;
}

static const aw_sim_slo *S_slo(void)
{
    static aw_sim_slo slo;
    ck_assert_ptr_null(aw_sim_slo_parse("p99=1s,errors=1%", &slo));
    return &slo;
}

/* Whether the model holds rps of its clients' mix within the objective. */
static bool S_holds(const aw_sim_model *m, double rps, uint64_t seed)
{
    aw_sim_options opt = {.duration_s = 30, .seed = seed, .rps = rps, .pattern_set = true, .pattern = AW_SIM_CONSTANT};
    const char *error;
    aw_sim_result *r = aw_sim_run(m, &opt, &error);
    ck_assert_msg(r != NULL, "%s", error);
    double p, errors;
    bool met = aw_sim_slo_met(m, r, S_slo(), &p, &errors);
    aw_sim_result_free(r);
    return met;
}

/* Advises text for TARGET; the advice's JSON parsed into doc. */
static const aw_sim_model *S_advise(const char *text)
{
    aw_sim_model *m = S_model(text);
    aw_sim_options opt = {.duration_s = 30, .seed = 7};
    const char *error;
    ck_assert_msg(aw_sim_advise(m, &opt, S_slo(), TARGET, &advice, &error), "%s", error);
    aw_sim_advice_json(m, &advice, &advice_json);
    json_error_t jerr;
    doc = json_loads(advice_json.data, 0, &jerr);
    ck_assert_msg(doc != NULL, "advice JSON: %s", jerr.text);
    return m;
}

/* The object an edit's element names in the diagram: a node by id, or the
 * diagram itself. */
static json_t *S_element(json_t *diag, json_t *element)
{
    if (json_is_null(element))
        return diag;
    size_t i;
    json_t *node;
    json_array_foreach(json_object_get(diag, "nodes"), i, node)
        if (json_equal(json_object_get(node, "id"), element))
            return node;
    ck_abort_msg("no element %s", json_string_value(element));
    return NULL;
}

/* Sets the number at the edit's path, making the objects on the way. */
static void S_apply(json_t *diag, json_t *edit)
{
    json_t *at = S_element(diag, json_object_get(edit, "element"));
    json_t *path = json_object_get(edit, "path");
    size_t n = json_array_size(path);
    ck_assert_uint_ge(n, 1);
    for (size_t i = 0; i < n; i++) {
        const char *key = json_string_value(json_array_get(path, i));
        ck_assert_ptr_nonnull(key);
        json_t *value = json_object_get(edit, "value");
        double v = json_number_value(value);
        json_t *leaf = v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
        if (json_is_array(at)) {
            char *end;
            size_t index = strtoul(key, &end, 10);
            ck_assert_msg(*end == 0 && index < json_array_size(at), "bad index %s", key);
            if (i + 1 == n)
                json_array_set_new(at, index, leaf);
            else
                json_decref(leaf), at = json_array_get(at, index);
            continue;
        }
        ck_assert(json_is_object(at));
        if (i + 1 == n) {
            json_object_set_new(at, key, leaf);
        } else {
            json_decref(leaf);
            if (!json_object_get(at, key))
                json_object_set_new(at, key, json_object());
            at = json_object_get(at, key);
        }
    }
}

static json_t *S_changes(void)
{
    json_t *changes = json_object_get(doc, "changes");
    ck_assert(json_is_array(changes));
    return changes;
}

/* Applies every edit of the advice to text and checks that the diagram
 * compiles and holds TARGET within the objective. */
static void S_edited_holds(const char *text)
{
    json_error_t jerr;
    json_t *diag = json_loads(text, 0, &jerr);
    ck_assert_ptr_nonnull(diag);
    size_t i;
    json_t *change;
    json_array_foreach(S_changes(), i, change) {
        json_t *edit = json_object_get(change, "edit");
        ck_assert_msg(json_is_object(edit), "change %zu has no edit", i);
        ck_assert(json_equal(json_object_get(edit, "value"), json_object_get(change, "to")));
        S_apply(diag, edit);
    }
    char *edited = json_dumps(diag, JSON_COMPACT);
    json_decref(diag);
    const aw_sim_model *changed = S_model(edited);
    free(edited);
    ck_assert(S_holds(changed, TARGET, 99));
}

START_TEST(test_edits_applied_to_the_diagram_hold_the_target)
{
    const aw_sim_model *m = S_advise(diagram);
    ck_assert(!S_holds(m, TARGET, 99));
    ck_assert(advice.verified);
    ck_assert_uint_ge(json_array_size(S_changes()), 8);
    S_edited_holds(diagram);
}
END_TEST

/* A Java function with a 2 s cold start at a few requests a second: cold
 * starts alone break p99 = 1 s, so the advice keeps environments warm,
 * no more than the function reserves (Lambda refuses more). */
START_TEST(test_cold_starts_ask_for_provisioned_concurrency)
{
    static const char cold[] =
        "{\"archway\": 1, \"name\": \"warm\", \"nodes\": [\n"
        "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 5}},\n"
        "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
        "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"test\", \"api\": \"api\"},\n"
        "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
        "\"integration\": \"i\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
        "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
        "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"java21\", \"reservedConcurrency\": 2, "
        "\"coldStart\": \"2s\", \"latency\": {\"p50\": \"200ms\", \"p99\": \"300ms\"}}]}\n";
    const aw_sim_model *m = S_advise(cold);
    ck_assert(!S_holds(m, TARGET, 99));
    double reserved = -1, provisioned = -1;
    size_t i;
    json_t *change;
    json_array_foreach(S_changes(), i, change) {
        const char *key = json_string_value(json_array_get(json_object_get(json_object_get(change, "edit"), "path"), 0));
        double v = json_number_value(json_object_get(json_object_get(change, "edit"), "value"));
        if (key && strcmp(key, "reservedConcurrency") == 0)
            reserved = v;
        if (key && strcmp(key, "provisionedConcurrency") == 0)
            provisioned = v;
    }
    ck_assert_double_gt(provisioned, 0);
    ck_assert_double_le(provisioned, reserved);
    S_edited_holds(cold);
}
END_TEST

/* The spelling the canvas relies on, for each kind of number. */
START_TEST(test_edits_name_the_diagram_fields)
{
    S_advise(diagram);
    static const char *const expected[] = {
        "null accountThrottle.rate",    "null accountThrottle.burst", "fa reservedConcurrency",
        "db poolSize",                  "tbl readCapacity",           "tbl writeCapacity",
        "be capacity",                  "s routeThrottles.0.rate",    "s routeThrottles.0.burst",
        "s throttle.rate",              "s throttle.burst",           "rb throttle.rate",
        "rb throttle.burst",
    };
    size_t i;
    json_t *change;
    ck_assert_uint_eq(json_array_size(S_changes()), sizeof expected / sizeof *expected);
    json_array_foreach(S_changes(), i, change) {
        json_t *edit = json_object_get(change, "edit");
        json_t *element = json_object_get(edit, "element");
        char spelt[200];
        int len = snprintf(spelt, sizeof spelt, "%s ", json_is_null(element) ? "null" : json_string_value(element));
        size_t k;
        json_t *key;
        json_array_foreach(json_object_get(edit, "path"), k, key)
            len += snprintf(spelt + len, sizeof spelt - (size_t)len, "%s%s", k ? "." : "", json_string_value(key));
        ck_assert_str_eq(spelt, expected[i]);
    }
}
END_TEST

/* Three routes share the stage's throttle: one edit, to what the busiest
 * of them needs (route ra: half the target, 20% headroom). */
START_TEST(test_a_shared_number_is_one_edit)
{
    S_advise(diagram);
    size_t i, stage_rates = 0;
    json_t *change;
    json_array_foreach(S_changes(), i, change) {
        json_t *edit = json_object_get(change, "edit");
        const char *element = json_string_value(json_object_get(edit, "element"));
        if (!element || strcmp(element, "s") != 0 ||
            json_array_size(json_object_get(edit, "path")) != 2 ||
            strcmp(json_string_value(json_array_get(json_object_get(edit, "path"), 1)), "rate") != 0 ||
            strcmp(json_string_value(json_array_get(json_object_get(edit, "path"), 0)), "throttle") != 0)
            continue;
        stage_rates++;
        ck_assert_double_ge(json_number_value(json_object_get(edit, "value")), TARGET / 2 * 1.2);
    }
    ck_assert_uint_eq(stage_rates, 1);
}
END_TEST

/* A function on the unreserved pool past the regional concurrency: the
 * quota is no number of the diagram, so the change has no edit. */
START_TEST(test_a_change_outside_the_diagram_has_no_edit)
{
    S_advise("{\"archway\": 1, \"name\": \"pool\", \"accountThrottle\": {\"rate\": 5000, \"burst\": 5000}, \"nodes\": [\n"
             "{\"kind\": \"client\", \"id\": \"c\", \"stage\": \"s\", \"traffic\": {\"rate\": 100}},\n"
             "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
             "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"test\", \"api\": \"api\"},\n"
             "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
             "\"integration\": \"i\", \"authorizer\": \"none\", \"noneReason\": \"test\"},\n"
             "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
             "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", "
             "\"latency\": {\"p50\": \"1500ms\", \"p99\": \"1500ms\"}}]}\n");
    json_t *changes = S_changes();
    ck_assert_uint_eq(json_array_size(changes), 1);
    json_t *change = json_array_get(changes, 0);
    ck_assert_str_eq(json_string_value(json_object_get(change, "hop")), "lambda:unreserved");
    ck_assert_ptr_null(json_object_get(change, "edit"));
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("sim_advice");
    TCase *tc = aw_test_tcase(s, "edits", NULL, S_done);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_edits_applied_to_the_diagram_hold_the_target);
    tcase_add_test(tc, test_edits_name_the_diagram_fields);
    tcase_add_test(tc, test_cold_starts_ask_for_provisioned_concurrency);
    tcase_add_test(tc, test_a_shared_number_is_one_edit);
    tcase_add_test(tc, test_a_change_outside_the_diagram_has_no_edit);
    return s;
}

AW_TEST_MAIN(S_suite)
