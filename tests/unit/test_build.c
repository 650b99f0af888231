/* Unit tests of the model builder: defaults from the field tables, every
 * field type, field locations, and the diagnostics for values that do not
 * fit. Diagrams are compiled from memory through the library entry point;
 * the XML-shaped document trees are also built by hand, so that the
 * builder's side of the contract with the readers is tested on its own. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/build.h"
#include "../../compiler/compile.h"
#include "../../ir/ir_fields.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------ */

AW_TEST_COMPILE_FIXTURE("t.json")

/* A diagram around one node line (line 3, so columns are easy to count). */
#define ONE_NODE(node) "{\"archway\": 1, \"name\": \"t\",\n\"nodes\": [\n" node "\n]}\n"

/* ---- defaults ----------------------------------------------------------- */

START_TEST(test_function_defaults)
{
    S_compile_clean(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"}"));
    const aw_node *n = S_node("fn");
    ck_assert_int_eq(n->kind, AW_KIND_FUNCTION);
    const aw_function *f = &n->as.function;
    ck_assert_str_eq(f->runtime, "nodejs22.x");
    ck_assert_int_eq(f->memory_mb, 128);
    ck_assert(f->timeout_ms == 3000);
    ck_assert_int_eq(f->architecture, AW_ARCH_X86_64);
    ck_assert(f->error_rate == 0);
    ck_assert(!f->existing);
    /* No default: unset stays recognisably unset. */
    ck_assert(f->reserved_concurrency == AW_UNSET_INT);
    ck_assert(f->provisioned_concurrency == AW_UNSET_INT);
    ck_assert(!AW_IS_SET(f->cold_start_ms));
    ck_assert_ptr_null(f->latency);
    ck_assert_ptr_null(f->arn);
    /* Common fields. */
    ck_assert_ptr_null(n->name);
    ck_assert_ptr_null(n->description);
    ck_assert_ptr_null(n->position);
    ck_assert_uint_eq(n->tags.count, 0);
    ck_assert_uint_eq(n->suppress.count, 0);
    ck_assert_ptr_null(n->owner_api);
}
END_TEST

START_TEST(test_cache_defaults)
{
    S_compile_clean("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
                    " {\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\"},\n"
                    " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"api\", \"cache\": {}}\n"
                    "]}");
    const aw_stage *s = &S_node("prod")->as.stage;
    ck_assert_ptr_nonnull(s->cache);
    ck_assert(s->cache->enabled);
    ck_assert(s->cache->size_gb == 0.5);
    ck_assert(s->cache->ttl_ms == 300000);
    ck_assert(!s->cache->encrypted);
    /* The stage's own defaults. */
    ck_assert_int_eq(s->log_level, AW_LOGLEVEL_OFF);
    ck_assert(!s->detailed_metrics);
    ck_assert(!s->tracing);
    ck_assert(!s->auto_deploy);
    ck_assert_ptr_null(s->throttle);
    ck_assert_ptr_null(s->canary);
    ck_assert_uint_eq(s->route_throttle_count, 0);
}
END_TEST

START_TEST(test_other_defaults)
{
    S_compile_clean(
        "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
        " {\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"cors\": {\"allowOrigins\": [\"*\"]},\n"
        "  \"models\": [{\"name\": \"Pet\", \"schema\": \"{}\"}]},\n"
        " {\"kind\": \"integration\", \"id\": \"web\", \"type\": \"http\", \"url\": \"https://example.com\"},\n"
        " {\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\", \"integration\": \"web\"},\n"
        " {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"api\"},\n"
        " {\"kind\": \"apiKey\", \"id\": \"key\"},\n"
        " {\"kind\": \"loadBalancer\", \"id\": \"nlb\", \"type\": \"nlb\"},\n"
        " {\"kind\": \"datastore\", \"id\": \"queue\", \"engine\": \"sqs\"},\n"
        " {\"kind\": \"httpBackend\", \"id\": \"legacy\", \"url\": \"https://legacy.example.com\"},\n"
        " {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
        " {\"kind\": \"client\", \"id\": \"c\", \"stage\": \"prod\", \"traffic\": {\"rate\": 5}, \"mix\": [{\"route\": \"r\"}]}\n"
        "], \"edges\": [{\"from\": \"fn\", \"to\": \"legacy\"}]}");
    const aw_api *api = &S_node("api")->as.api;
    ck_assert_int_eq(api->endpoint, AW_ENDPOINT_REGIONAL);
    ck_assert(!api->disable_default_endpoint);
    ck_assert(!api->cors->allow_credentials);
    ck_assert(!AW_IS_SET(api->cors->max_age_ms));
    ck_assert_uint_eq(api->model_count, 1);
    ck_assert_str_eq(api->models[0].content_type, "application/json");
    ck_assert_int_eq(S_node("web")->as.integration.http_method, AW_METHOD_ANY);
    ck_assert(!S_node("r")->as.route.api_key_required);
    ck_assert(S_node("key")->as.api_key.enabled);
    const aw_load_balancer *lb = &S_node("nlb")->as.load_balancer;
    ck_assert_int_eq(lb->targets, 1);
    ck_assert_int_eq(lb->scheme, AW_SCHEME_INTERNAL);
    ck_assert(lb->target_connections == AW_UNSET_INT);
    ck_assert(!AW_IS_SET(lb->target_capacity));
    ck_assert(!S_node("queue")->as.datastore.fifo);
    ck_assert(S_node("legacy")->as.http_backend.error_rate == 0);
    const aw_client *c = &S_node("c")->as.client;
    ck_assert_int_eq(c->traffic->profile, AW_PROFILE_CONSTANT);
    ck_assert(c->traffic->duration_ms == 60000);
    ck_assert(c->traffic->rate == 5);
    ck_assert(!AW_IS_SET(c->traffic->peak_rate));
    ck_assert_uint_eq(c->mix_count, 1);
    ck_assert(c->mix[0].weight == 1);
    ck_assert_uint_eq(comp.model->edge_count, 1);
    ck_assert(comp.model->edges[0].calls_per_request == 1);
    ck_assert(!comp.model->edges[0].holds_connection);
}
END_TEST

/* ---- every field type --------------------------------------------------- */

static const char S_values[] =
    "{\n"
    "  \"archway\": 1,\n"
    "  \"name\": \"values\",\n"
    "  \"description\": \"two\\nlines\",\n"
    "  \"regions\": [\"us-east-1\", \"eu-west-1\"],\n"
    "  \"tags\": {\"team\": \"pets\", \"env\": \"prod\", \"a/b~c\": \"x\"},\n"
    "  \"nodes\": [\n"
    "    {\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"python3.12\", \"memory\": 1024, \"timeout\": \"1.5s\",\n"
    "     \"architecture\": \"arm64\", \"reservedConcurrency\": 0, \"errorRate\": 0.25, \"existing\": true,\n"
    "     \"coldStart\": \"0.1s\", \"latency\": {\"p50\": \"20ms\", \"p99\": \"2m\"},\n"
    "     \"position\": {\"x\": 10.5, \"y\": -3}, \"name\": \"Pets function\",\n"
    "     \"suppress\": [{\"rule\": \"AW-SEC-001\", \"reason\": \"internal\"}]},\n"
    "    {\"kind\": \"loadBalancer\", \"id\": \"alb\", \"type\": \"alb\",\n"
    "     \"listeners\": [{\"port\": 443, \"protocol\": \"HTTPS\"}, {\"port\": 80}]},\n"
    "    {\"kind\": \"vpcLink\", \"id\": \"link\", \"targets\": [\"alb\"], \"subnets\": [\"s-1\", \"s-2\"]},\n"
    "    {\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
    "    {\"kind\": \"stage\", \"id\": \"prod\", \"name\": \"prod\", \"api\": \"api\",\n"
    "     \"throttle\": {\"rate\": 100.5, \"burst\": 200}, \"variables\": {\"b\": \"2\", \"a\": \"1\"}}\n"
    "  ],\n"
    "  \"edges\": [\n"
    "    {\"from\": \"fn\", \"to\": \"alb\", \"callsPerRequest\": 2.5, \"holdsConnection\": true, \"label\": \"calls\"},\n"
    "    {\"id\": \"second\", \"from\": \"fn\", \"to\": \"fn-none\"}\n"
    "  ]\n"
    "}\n";

/* Drops the edge to a missing node, which would stop the compile. */
static void S_compile_values(void)
{
    char *text = strdup(S_values);
    char *bad = strstr(text, ",\n    {\"id\": \"second\"");
    char *end = strstr(bad, "}\n  ]");
    memmove(bad, end + 1, strlen(end + 1) + 1);
    S_compile_clean(text);
    free(text);
}

START_TEST(test_scalar_values)
{
    S_compile_values();
    const aw_node *n = S_node("fn");
    const aw_function *f = &n->as.function;
    ck_assert_str_eq(f->runtime, "python3.12");
    ck_assert_int_eq(f->memory_mb, 1024);
    ck_assert(f->timeout_ms == 1500);
    ck_assert_int_eq(f->architecture, AW_ARCH_ARM64);
    ck_assert_int_eq(f->reserved_concurrency, 0);
    ck_assert(f->error_rate == 0.25);
    ck_assert(f->existing);
    ck_assert(f->cold_start_ms == 100);
    ck_assert_ptr_nonnull(f->latency);
    ck_assert(f->latency->p50_ms == 20);
    ck_assert(f->latency->p99_ms == 120000);
    ck_assert_ptr_nonnull(n->position);
    ck_assert(n->position->x == 10.5);
    ck_assert(n->position->y == -3);
    ck_assert_str_eq(n->name, "Pets function");
    ck_assert_uint_eq(n->suppress.count, 1);
    ck_assert_str_eq(n->suppress.items[0].rule, "AW-SEC-001");
    ck_assert_str_eq(n->suppress.items[0].reason, "internal");
}
END_TEST

START_TEST(test_list_and_map_values)
{
    S_compile_values();
    const aw_model *m = comp.model;
    ck_assert_int_eq(m->format_version, 1);
    ck_assert_str_eq(m->name, "values");
    ck_assert_str_eq(m->description, "two\nlines");
    ck_assert_uint_eq(m->regions.count, 2);
    ck_assert_str_eq(m->regions.items[0], "us-east-1");
    ck_assert_str_eq(m->regions.items[1], "eu-west-1");
    /* Maps keep the order written. */
    ck_assert_uint_eq(m->tags.count, 3);
    ck_assert_str_eq(m->tags.items[0].key, "team");
    ck_assert_str_eq(m->tags.items[0].value, "pets");
    ck_assert_str_eq(m->tags.items[1].key, "env");
    ck_assert_str_eq(m->tags.items[2].key, "a/b~c");
    const aw_stage *s = &S_node("prod")->as.stage;
    ck_assert_str_eq(s->variables.items[0].key, "b");
    ck_assert_str_eq(s->variables.items[1].key, "a");
    ck_assert(s->throttle->rate == 100.5);
    ck_assert_int_eq(s->throttle->burst, 200);
    /* Lists of objects. */
    const aw_load_balancer *lb = &S_node("alb")->as.load_balancer;
    ck_assert_uint_eq(lb->listener_count, 2);
    ck_assert_int_eq(lb->listeners[0].port, 443);
    ck_assert_str_eq(lb->listeners[0].protocol, "HTTPS");
    ck_assert_int_eq(lb->listeners[1].port, 80);
    ck_assert_ptr_null(lb->listeners[1].protocol);
    /* Lists of references: ids set, resolved by the resolver. */
    const aw_vpc_link *link = &S_node("link")->as.vpc_link;
    ck_assert_uint_eq(link->targets.count, 1);
    ck_assert_str_eq(link->targets.items[0].id, "alb");
    ck_assert_ptr_eq(link->targets.items[0].node, S_node("alb"));
    ck_assert_uint_eq(link->subnets.count, 2);
    ck_assert_str_eq(link->subnets.items[1], "s-2");
    /* Edges. */
    ck_assert_uint_eq(m->edge_count, 1);
    const aw_edge *e = &m->edges[0];
    ck_assert_uint_eq(e->index, 0);
    ck_assert(e->calls_per_request == 2.5);
    ck_assert(e->holds_connection);
    ck_assert_str_eq(e->label, "calls");
    ck_assert_str_eq(e->from.id, "fn");
    ck_assert_str_eq(e->to.id, "alb");
    /* Node order and indexes are as written. */
    ck_assert_uint_eq(m->node_count, 5);
    for (size_t i = 0; i < m->node_count; i++)
        ck_assert_uint_eq(m->nodes[i]->index, i);
    ck_assert_str_eq(m->nodes[3]->id, "api");
}
END_TEST

START_TEST(test_integral_numbers_for_int_fields)
{
    /* 1e3 and 512.0 are integers written another way; they fit int fields. */
    S_compile_clean(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\", \"memory\": 1e3, "
                             "\"reservedConcurrency\": 512.0}"));
    ck_assert_int_eq(S_node("fn")->as.function.memory_mb, 1000);
    ck_assert_int_eq(S_node("fn")->as.function.reserved_concurrency, 512);
}
END_TEST

START_TEST(test_range_bounds_inclusive)
{
    S_compile_clean(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\", \"memory\": 10240, "
                             "\"timeout\": \"900s\", \"errorRate\": 1}"));
    ck_assert_int_eq(S_node("fn")->as.function.memory_mb, 10240);
    ck_assert(S_node("fn")->as.function.timeout_ms == 900000);
}
END_TEST

START_TEST(test_empty_diagram)
{
    S_compile_clean("{\"archway\": 1, \"name\": \"empty\"}");
    ck_assert_uint_eq(comp.model->node_count, 0);
    ck_assert_uint_eq(comp.model->edge_count, 0);
}
END_TEST

/* ---- locations ---------------------------------------------------------- */

START_TEST(test_field_locations)
{
    S_compile_values();
    const aw_node *n = S_node("fn");
    /* The node: its '{' on line 8, column 5. */
    S_assert_loc(&n->loc, 8, 5, "/nodes/0");
    /* A field: where its value starts. */
    S_assert_loc(aw_node_field_loc(n, "memory"), 8, 73, "/nodes/0/memory");
    S_assert_loc(aw_node_field_loc(n, "timeout"), 8, 90, "/nodes/0/timeout");
    S_assert_loc(aw_node_field_loc(n, "architecture"), 9, 22, "/nodes/0/architecture");
    S_assert_loc(aw_node_field_loc(n, "latency"), 10, 38, "/nodes/0/latency");
    /* Common fields too, and the kind's fields after them. */
    S_assert_loc(aw_node_field_loc(n, "id"), 8, 32, "/nodes/0/id");
    S_assert_loc(aw_node_field_loc(n, "name"), 11, 48, "/nodes/0/name");
    S_assert_loc(aw_node_field_loc(n, "runtime"), 8, 49, "/nodes/0/runtime");
}
END_TEST

START_TEST(test_missing_field_location_falls_back)
{
    S_compile_values();
    const aw_node *n = S_node("fn");
    /* Not written: the node's own location, the very same object. */
    ck_assert_ptr_eq(aw_node_field_loc(n, "provisionedConcurrency"), &n->loc);
    ck_assert_ptr_eq(aw_node_field_loc(n, "description"), &n->loc);
    ck_assert_ptr_eq(aw_node_field_loc(n, "arn"), &n->loc);
    /* Not a field of this kind at all: also the node. */
    ck_assert_ptr_eq(aw_node_field_loc(n, "routeKey"), &n->loc);
    ck_assert_ptr_eq(aw_node_field_loc(n, "no-such-field"), &n->loc);
    /* Defaults do not count as written. */
    const aw_node *api = S_node("api");
    ck_assert_ptr_eq(aw_node_field_loc(api, "endpoint"), &api->loc);
}
END_TEST

START_TEST(test_sub_object_locations)
{
    S_compile_values();
    const aw_stage *s = &S_node("prod")->as.stage;
    const aw_field *tf = aw_struct_field(aw_kind_descs[AW_KIND_STAGE].desc, "throttle");
    ck_assert_ptr_nonnull(tf);
    S_assert_loc(&s->throttle->loc, 18, 18, "/nodes/4/throttle");
    S_assert_loc(aw_struct_field_loc(tf->sub, s->throttle, "rate"), 18, 27, "/nodes/4/throttle/rate");
    S_assert_loc(aw_struct_field_loc(tf->sub, s->throttle, "burst"), 18, 43, "/nodes/4/throttle/burst");
    /* An unknown sub-field falls back to the sub-object. */
    ck_assert_ptr_eq(aw_struct_field_loc(tf->sub, s->throttle, "nothing"), &s->throttle->loc);
    /* Items of lists of objects. */
    const aw_load_balancer *lb = &S_node("alb")->as.load_balancer;
    const aw_field *lf = aw_struct_field(aw_kind_descs[AW_KIND_LOAD_BALANCER].desc, "listeners");
    S_assert_loc(&lb->listeners[1].loc, 14, 56, "/nodes/1/listeners/1");
    S_assert_loc(aw_struct_field_loc(lf->sub, &lb->listeners[1], "port"), 14, 65, "/nodes/1/listeners/1/port");
    ck_assert_ptr_eq(aw_struct_field_loc(lf->sub, &lb->listeners[1], "protocol"), &lb->listeners[1].loc);
    /* Map entries, references in lists, edges and the diagram itself. */
    S_assert_loc(&s->variables.items[1].loc, 18, 78, "/nodes/4/variables/a");
    const aw_vpc_link *link = &S_node("link")->as.vpc_link;
    S_assert_loc(&link->targets.items[0].loc, 15, 51, "/nodes/2/targets/0");
    S_assert_loc(&comp.model->tags.items[2].loc, 6, 52, "/tags/a~1b~0c");
    const aw_edge *e = &comp.model->edges[0];
    S_assert_loc(&e->loc, 21, 5, "/edges/0");
    S_assert_loc(&e->to.loc, 21, 26, "/edges/0/to");
    S_assert_loc(aw_struct_field_loc(&aw_edge_desc, e, "label"), 21, 91, "/edges/0/label");
    ck_assert_ptr_eq(aw_struct_field_loc(&aw_edge_desc, e, "id"), &e->loc);
    S_assert_loc(&comp.model->loc, 1, 1, "");
    S_assert_loc(aw_struct_field_loc(&aw_diagram_desc, comp.model, "name"), 3, 11, "/name");
}
END_TEST

START_TEST(test_reference_locations)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"},\n"
              "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/\",\n"
              "   \"integration\": \"i\"},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"mock\"}\n"
              "]}");
    const aw_route *r = &S_node("r")->as.route;
    S_assert_loc(&r->api.loc, 3, 37, "/nodes/1/api");
    S_assert_loc(&r->integration.loc, 4, 19, "/nodes/1/integration");
    ck_assert_ptr_eq(aw_node_field_loc(S_node("r"), "integration"), aw_node_field_loc(S_node("r"), "integration"));
    S_assert_loc(aw_node_field_loc(S_node("r"), "integration"), 4, 19, "/nodes/1/integration");
}
END_TEST

START_TEST(test_columns_count_characters)
{
    /* "é" is two bytes and "猫" three; columns count characters. The
     * builder's error is placed by the reader's location of the value. */
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"name\": \"\xc3\xa9\xe7\x8c\xab\", "
                       "\"runtime\": \"x\", \"memory\": 1}"));
    S_only_error("out-of-range", 3, 74, "fn", "'memory' must be between 128 and 10240, found 1");
    S_assert_loc(aw_node_field_loc(S_node("fn"), "memory"), 3, 74, "/nodes/0/memory");
}
END_TEST

START_TEST(test_crlf_and_bom_locations)
{
    static const char text[] = "\xef\xbb\xbf{\"archway\": 1, \"name\": \"t\",\r\n\"nodes\": [\r\n"
                               "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\",\r\n"
                               "\t\"memory\": 100}\r\n]}\r\n";
    S_compile(text);
    S_only_error("out-of-range", 4, 12, "fn", NULL);
    /* The byte order mark is not a column. */
    S_assert_loc(&comp.model->loc, 1, 1, "");
    S_assert_loc(aw_struct_field_loc(&aw_diagram_desc, comp.model, "archway"), 1, 13, "/archway");
}
END_TEST

/* ---- diagnostics -------------------------------------------------------- */

START_TEST(test_unknown_field_suggestion)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"memroy\": 512}"));
    const aw_diag *d = S_only_error("unknown-field", 3, 50, "fn",
                                    "unknown field 'memroy' in function 'fn'; did you mean 'memory'?");
    ck_assert_str_eq(d->loc.path, "/nodes/0/memroy");
}
END_TEST

START_TEST(test_unknown_field_no_suggestion)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"colour\": \"red\"}"));
    S_only_error("unknown-field", 3, 50, "fn", "unknown field 'colour' in function 'fn'");
}
END_TEST

START_TEST(test_unknown_field_top_level)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodez\": []}");
    S_only_error("unknown-field", 1, 29, NULL, "unknown field 'nodez' in the diagram; did you mean 'nodes'?");
}
END_TEST

START_TEST(test_wrong_type)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"memory\": \"512\"}"));
    S_only_error("wrong-type", 3, 60, "fn", "'memory' must be an integer, found \"512\"");
}
END_TEST

START_TEST(test_wrong_type_kinds)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": 7, \"existing\": \"yes\","
                       " \"latency\": [], \"tags\": [\"a\"], \"timeout\": true}"));
    ck_assert_uint_eq(comp.diags.count, 5);
    ck_assert_str_eq(comp.diags.items[0].message, "'runtime' must be a string, found number");
    ck_assert_str_eq(comp.diags.items[1].message, "'existing' must be true or false, found \"yes\"");
    ck_assert_str_eq(comp.diags.items[2].message, "'latency' must be an object, found array");
    ck_assert_str_eq(comp.diags.items[3].message, "'tags' must be an object of string values, found array");
    ck_assert_str_eq(comp.diags.items[4].message,
                     "'timeout' must be a duration with a unit, such as \"29s\" or \"150ms\", found boolean");
    for (size_t i = 0; i < comp.diags.count; i++) {
        ck_assert_str_eq(comp.diags.items[i].code, "wrong-type");
        ck_assert_str_eq(comp.diags.items[i].element, "fn");
        ck_assert_uint_eq(comp.diags.items[i].loc.line, 3);
    }
}
END_TEST

START_TEST(test_long_string_clipped)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", "
                       "\"timeout\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                       "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}"));
    /* 40 bytes would split the 21st "é"; the quote stops before it. */
    S_only_error("wrong-type", 3, 61, "fn",
                 "'timeout' must be a duration with a unit, such as \"29s\" or \"150ms\", found "
                 "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"...");
}
END_TEST

START_TEST(test_missing_unit)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"timeout\": 30}"));
    S_only_error("missing-unit", 3, 61, "fn", "'timeout' needs a unit: write \"30s\" or \"30ms\"");
}
END_TEST

START_TEST(test_out_of_range)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"timeout\": \"0.5s\"}"));
    S_only_error("out-of-range", 3, 61, "fn", "'timeout' must be between 1s and 900s, found 500ms");
}
END_TEST

START_TEST(test_out_of_range_min_only)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"reservedConcurrency\": -1}"));
    S_only_error("out-of-range", 3, 73, "fn", "'reservedConcurrency' must be at least 0, found -1");
}
END_TEST

START_TEST(test_out_of_range_single_value)
{
    S_compile("{\"archway\": 3, \"name\": \"t\"}");
    S_only_error("out-of-range", 1, 13, NULL, "'archway' must be 1, found 3");
}
END_TEST

START_TEST(test_bad_enum)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"architecture\": \"x86-64\"}"));
    S_only_error("bad-value", 3, 66, "fn",
                 "'architecture' must be one of \"x86_64\", \"arm64\", found \"x86-64\"; did you mean \"x86_64\"?");
}
END_TEST

START_TEST(test_bad_enum_case)
{
    S_compile(ONE_NODE("{\"kind\": \"api\", \"id\": \"api\", \"type\": \"REST\"}"));
    S_only_error("bad-value", 3, 38, "api",
                 "'type' must be one of \"http\", \"rest\", \"websocket\", found \"REST\"; did you mean \"rest\"?");
}
END_TEST

START_TEST(test_missing_field)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\"}"));
    const aw_diag *d = S_only_error("missing-field", 3, 1, "fn",
                                    "function 'fn' is missing the required field 'runtime'");
    ck_assert_str_eq(d->loc.path, "/nodes/0");
}
END_TEST

START_TEST(test_missing_field_in_sub_object)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"latency\": {\"p50\": \"1ms\"}}"));
    S_only_error("missing-field", 3, 61, "fn", "latency is missing the required field 'p99'");
}
END_TEST

START_TEST(test_missing_field_not_repeated_after_suggestion)
{
    /* "p9" is reported as unknown with "p99" suggested; "missing 'p99'" would
     * only say the same thing again. */
    S_compile(ONE_NODE("{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", "
                       "\"latency\": {\"p50\": \"1ms\", \"p9\": \"3ms\"}}"));
    S_only_error("unknown-field", 3, 76, "fn", "unknown field 'p9' in latency; did you mean 'p99'?");
}
END_TEST

START_TEST(test_missing_id)
{
    S_compile(ONE_NODE("{\"kind\": \"function\", \"runtime\": \"x\"}"));
    S_only_error("missing-field", 3, 1, NULL, "function at /nodes/0 is missing the required field 'id'");
}
END_TEST

START_TEST(test_unknown_kind)
{
    S_compile(ONE_NODE("{\"kind\": \"stages\", \"id\": \"prod\"}"));
    S_only_error("unknown-kind", 3, 10, NULL, "unknown node kind 'stages'; did you mean 'stage'?");
}
END_TEST

START_TEST(test_missing_kind)
{
    S_compile(ONE_NODE("{\"id\": \"prod\"}"));
    S_only_error("missing-field", 3, 1, NULL, "the node at /nodes/0 is missing the required field 'kind'");
}
END_TEST

START_TEST(test_kind_not_string)
{
    S_compile(ONE_NODE("{\"kind\": 3, \"id\": \"prod\"}"));
    S_only_error("wrong-type", 3, 10, NULL, "'kind' must be a string, found number");
}
END_TEST

START_TEST(test_node_not_object)
{
    S_compile(ONE_NODE("[]"));
    S_only_error("wrong-type", 3, 1, NULL, "a node must be an object, found array");
}
END_TEST

START_TEST(test_map_value_not_string)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"tags\": {\"n\": 1}}");
    S_only_error("wrong-type", 1, 43, NULL, "'tags' values must be strings, found number for \"n\"");
}
END_TEST

START_TEST(test_list_item_not_string)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"regions\": [\"a\", null]}");
    S_only_error("wrong-type", 1, 46, NULL, "'regions' must be a list of strings, found null");
    ck_assert_uint_eq(comp.model->regions.count, 1);
}
END_TEST

START_TEST(test_several_sorted)
{
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"function\", \"id\": \"b\", \"runtime\": \"x\", \"memory\": 1},\n"
              "{\"kind\": \"function\", \"id\": \"a\", \"runtime\": \"x\", \"timeout\": 5}\n"
              "], \"name2\": 1}");
    ck_assert_uint_eq(comp.diags.count, 3);
    ck_assert_uint_eq(comp.diags.errors, 3);
    ck_assert_uint_eq(comp.diags.items[0].loc.line, 2);
    ck_assert_str_eq(comp.diags.items[0].element, "b");
    ck_assert_uint_eq(comp.diags.items[1].loc.line, 3);
    ck_assert_str_eq(comp.diags.items[1].element, "a");
    ck_assert_uint_eq(comp.diags.items[2].loc.line, 4);
    ck_assert_ptr_null(comp.diags.items[2].element);
}
END_TEST

START_TEST(test_build_errors_stop_resolution)
{
    /* The unknown reference would be the resolver's; a build error comes
     * first, and the resolver does not run on a model that did not build. */
    S_compile("{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
              "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"x\", \"memory\": 1},\n"
              "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"nope\"}\n"
              "]}");
    S_only_error("out-of-range", 2, 60, "fn", NULL);
    ck_assert_ptr_null(S_node("i")->as.integration.function.node);
}
END_TEST

/* ---- XML-shaped trees, built by hand -------------------------------------- */

/* A tree as the XML reader makes it: scalars are untyped text, lists and
 * maps are wrapper elements, nodes are elements named after their kind. */
static aw_model *xmodel;
static aw_diags xdiags;
static unsigned xline;

static void S_xml_setup(void)
{
    xmodel = aw_model_new();
    aw_diags_init(&xdiags, &xmodel->arena);
    xline = 1;
}

static void S_xml_teardown(void)
{
    aw_diags_free(&xdiags);
    aw_model_free(xmodel);
}

static aw_doc *S_x(aw_doc_kind kind, const char *tag)
{
    aw_doc *d = aw_arena_alloc(&xmodel->arena, sizeof *d);
    d->kind = kind;
    d->tag = tag;
    d->loc = (aw_loc){"t.xml", NULL, 0, AW_NO_COLUMN};
    return d;
}

static aw_doc *S_text(const char *s)
{
    aw_doc *d = S_x(AW_DOC_STRING, NULL);
    d->untyped = true;
    d->as.string.chars = s;
    d->as.string.len = strlen(s);
    return d;
}

/* An element; members are (name, value) pairs, NULL-terminated. */
static aw_doc *S_elem(const char *tag, ...)
{
    aw_doc *d = S_x(AW_DOC_OBJECT, tag);
    aw_doc_member *members = aw_arena_alloc(&xmodel->arena, 32 * sizeof *members);
    va_list ap;
    va_start(ap, tag);
    size_t n = 0;
    for (const char *key; (key = va_arg(ap, const char *)) != NULL; n++) {
        ck_assert_uint_lt(n, 32);
        members[n].key = key;
        members[n].value = va_arg(ap, aw_doc *);
        members[n].key_loc = members[n].value->loc;
    }
    va_end(ap);
    d->as.object.members = members;
    d->as.object.count = n;
    return d;
}

/* Numbers the lines of a hand-built tree in document order (the order in
 * which C evaluates the arguments that built it is unspecified): each
 * element and each attribute value on its own line, the root on line 1. */
static void S_number(aw_doc *d)
{
    d->loc.line = xline++;
    if (d->kind != AW_DOC_OBJECT)
        return;
    for (size_t i = 0; i < d->as.object.count; i++) {
        aw_doc_member *m = &d->as.object.members[i];
        S_number(m->value);
        m->key_loc = m->value->loc;
    }
}

static size_t S_build_x(aw_doc *root)
{
    xline = 1;
    S_number(root);
    return aw_build_model(xmodel, root, &xdiags);
}

START_TEST(test_xml_untyped_scalars)
{
    aw_doc *fn = S_elem("function", "id", S_text("fn"), "runtime", S_text("java21"), "memory", S_text(" 512 "),
                        "timeout", S_text("\t1.5s\n"), "existing", S_text("1"), "errorRate", S_text("2.5e-1"),
                        "architecture", S_text("arm64"), "description", S_text(" kept as is "), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"),
                          "nodes", S_elem("nodes", "function", fn, NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 0);
    ck_assert_uint_eq(xdiags.count, 0);
    ck_assert_uint_eq(xmodel->node_count, 1);
    const aw_node *n = xmodel->nodes[0];
    ck_assert_int_eq(n->kind, AW_KIND_FUNCTION);
    ck_assert_int_eq(n->as.function.memory_mb, 512);
    ck_assert(n->as.function.timeout_ms == 1500);
    ck_assert(n->as.function.existing);
    ck_assert(n->as.function.error_rate == 0.25);
    ck_assert_int_eq(n->as.function.architecture, AW_ARCH_ARM64);
    ck_assert_str_eq(n->description, " kept as is ");
    /* Defaults still apply. */
    ck_assert(n->as.function.reserved_concurrency == AW_UNSET_INT);
    ck_assert_int_eq(xmodel->format_version, 1);
    /* Lines of the element's attributes; no columns. */
    ck_assert_uint_eq(n->loc.line, 5);
    ck_assert_uint_eq(aw_node_field_loc(n, "memory")->line, 8);
    ck_assert_uint_eq(aw_node_field_loc(n, "memory")->col, AW_NO_COLUMN);
}
END_TEST

START_TEST(test_xml_untyped_errors)
{
    aw_doc *fn = S_elem("function", "id", S_text("fn"), "runtime", S_text("x"), "memory", S_text("lots"),
                        "existing", S_text("yes"), "architecture", S_text("ARM64"), "timeout", S_text("30"),
                        "reservedConcurrency", S_text("1.5"), "errorRate", S_text("0x1p-2"),
                        "coldStart", S_text("infinity"), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"),
                          "nodes", S_elem("nodes", "function", fn, NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 7);
    ck_assert_uint_eq(xdiags.count, 7);
    ck_assert_str_eq(xdiags.items[0].message, "'memory' must be an integer, found \"lots\"");
    ck_assert_str_eq(xdiags.items[1].message, "'existing' must be true or false, found \"yes\"");
    ck_assert_str_eq(xdiags.items[2].code, "bad-value");
    ck_assert_str_eq(xdiags.items[2].message,
                     "'architecture' must be one of \"x86_64\", \"arm64\", found \"ARM64\"; did you mean \"arm64\"?");
    ck_assert_str_eq(xdiags.items[3].message,
                     "'timeout' must be a duration with a unit, such as \"29s\" or \"150ms\", found \"30\"");
    ck_assert_str_eq(xdiags.items[4].message, "'reservedConcurrency' must be an integer, found \"1.5\"");
    ck_assert_str_eq(xdiags.items[5].message, "'errorRate' must be a number, found \"0x1p-2\"");
    ck_assert_str_eq(xdiags.items[6].message,
                     "'coldStart' must be a duration with a unit, such as \"29s\" or \"150ms\", found \"infinity\"");
    for (size_t i = 0; i < xdiags.count; i++)
        ck_assert_str_eq(xdiags.items[i].element, "fn");
}
END_TEST

START_TEST(test_xml_duplicate_field)
{
    aw_doc *fn = S_elem("function", "id", S_text("fn"), "runtime", S_text("x"), "memory", S_text("256"),
                        "memory", S_text("512"), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"),
                          "nodes", S_elem("nodes", "function", fn, NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 1);
    ck_assert_str_eq(xdiags.items[0].code, "duplicate-field");
    ck_assert_str_eq(xdiags.items[0].message, "'memory' is given twice in function 'fn'");
    ck_assert_uint_eq(xdiags.items[0].loc.line, 9);
    /* The first value stands. */
    ck_assert_int_eq(xmodel->nodes[0]->as.function.memory_mb, 256);
}
END_TEST

START_TEST(test_xml_lists_and_maps)
{
    aw_doc *link = S_elem("vpcLink", "id", S_text("link"), "subnets",
                          S_elem("subnets", "subnet", S_text("s-1"), "subnet", S_text("s-2"), NULL),
                          "securityGroups", S_text(""), NULL);
    aw_doc *tags = S_elem("tags", "entry", S_elem(NULL, "key", S_text("env"), "value", S_text("prod"), NULL),
                          "entry", S_elem(NULL, "key", S_text("team"), "value", S_text("pets"), NULL), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"), "tags", tags,
                          "regions", S_elem("regions", "region", S_text("us-east-1"), NULL),
                          "nodes", S_elem("nodes", "vpcLink", link, NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 0);
    const aw_vpc_link *v = &xmodel->nodes[0]->as.vpc_link;
    ck_assert_uint_eq(v->subnets.count, 2);
    ck_assert_str_eq(v->subnets.items[1], "s-2");
    ck_assert_uint_eq(v->security_groups.count, 0);
    ck_assert_uint_eq(xmodel->tags.count, 2);
    ck_assert_str_eq(xmodel->tags.items[1].key, "team");
    ck_assert_str_eq(xmodel->tags.items[1].value, "pets");
    ck_assert_uint_eq(xmodel->regions.count, 1);
}
END_TEST

START_TEST(test_xml_list_wrong_item)
{
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"),
                          "regions", S_elem("regions", "region", S_text("a"), "zone", S_text("b"), NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 1);
    ck_assert_str_eq(xdiags.items[0].code, "unknown-field");
    ck_assert_str_eq(xdiags.items[0].message, "'regions' holds <region> elements, found <zone>");
    ck_assert_uint_eq(xmodel->regions.count, 1);
}
END_TEST

START_TEST(test_xml_bad_map_entry)
{
    aw_doc *tags = S_elem("tags", "entry", S_elem(NULL, "key", S_text("env"), NULL), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"), "tags", tags, NULL);
    ck_assert_uint_eq(S_build_x(root), 1);
    ck_assert_str_eq(xdiags.items[0].code, "wrong-type");
    ck_assert_str_eq(xdiags.items[0].message, "'tags' holds <entry key=\"...\" value=\"...\"/> elements");
}
END_TEST

START_TEST(test_xml_duplicate_map_key)
{
    aw_doc *tags = S_elem("tags", "entry", S_elem(NULL, "key", S_text("env"), "value", S_text("a"), NULL),
                          "entry", S_elem(NULL, "key", S_text("env"), "value", S_text("b"), NULL), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"), "tags", tags, NULL);
    ck_assert_uint_eq(S_build_x(root), 1);
    ck_assert_str_eq(xdiags.items[0].code, "duplicate-key");
    ck_assert_str_eq(xdiags.items[0].message, "'tags' has the key \"env\" twice");
    ck_assert_uint_eq(xmodel->tags.count, 1);
    ck_assert_str_eq(xmodel->tags.items[0].value, "a");
}
END_TEST

START_TEST(test_xml_empty_sub_object)
{
    /* <cache/> with no attributes arrives as empty text: an object of defaults. */
    aw_doc *api = S_elem("api", "id", S_text("api"), "type", S_text("rest"), NULL);
    aw_doc *stage = S_elem("stage", "id", S_text("prod"), "name", S_text("prod"), "api", S_text("api"),
                           "cache", S_text(""), NULL);
    aw_doc *root = S_elem("diagram", "archway", S_text("1"), "name", S_text("x"),
                          "nodes", S_elem("nodes", "api", api, "stage", stage, NULL), NULL);
    ck_assert_uint_eq(S_build_x(root), 0);
    const aw_cache *cache = xmodel->nodes[1]->as.stage.cache;
    ck_assert_ptr_nonnull(cache);
    ck_assert(cache->enabled);
    ck_assert(cache->size_gb == 0.5);
    ck_assert(cache->ttl_ms == 300000);
}
END_TEST

START_TEST(test_not_an_object)
{
    ck_assert_uint_eq(S_build_x(S_text("hello")), 1);
    ck_assert_str_eq(xdiags.items[0].code, "wrong-type");
    ck_assert_str_eq(xdiags.items[0].message, "a diagram must be an object, found text");
}
END_TEST

/* ---- the XML reader end to end ------------------------------------------ */

START_TEST(test_xml_compile)
{
    static const char text[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<diagram archway=\"1\" name=\"pets\">\n"
        "  <nodes>\n"
        "    <function id=\"fn\" runtime=\"nodejs22.x\" timeout=\"2.5s\">\n"
        "      <latency p50=\"10ms\" p99=\"1s\"/>\n"
        "    </function>\n"
        "  </nodes>\n"
        "</diagram>\n";
    compiled = true;
    aw_compile_status status = aw_compile_buffer(&comp, "t.xml", text, strlen(text), AW_SPELLING_AUTO);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    const aw_node *n = S_node("fn");
    ck_assert(n->as.function.timeout_ms == 2500);
    ck_assert_int_eq(n->as.function.memory_mb, 128);
    ck_assert(n->as.function.latency->p99_ms == 1000);
    ck_assert_uint_eq(n->loc.line, 4);
    ck_assert_uint_eq(aw_node_field_loc(n, "timeout")->line, 4);
    ck_assert_uint_eq(aw_node_field_loc(n, "latency")->line, 5);
    ck_assert_ptr_eq(aw_node_field_loc(n, "memory"), &n->loc);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("build");
    TCase *defaults = aw_test_tcase(s, "defaults", NULL, S_teardown);
    tcase_add_test(defaults, test_function_defaults);
    tcase_add_test(defaults, test_cache_defaults);
    tcase_add_test(defaults, test_other_defaults);

    TCase *values = aw_test_tcase(s, "values", NULL, S_teardown);
    tcase_add_test(values, test_scalar_values);
    tcase_add_test(values, test_list_and_map_values);
    tcase_add_test(values, test_integral_numbers_for_int_fields);
    tcase_add_test(values, test_range_bounds_inclusive);
    tcase_add_test(values, test_empty_diagram);

    TCase *locations = aw_test_tcase(s, "locations", NULL, S_teardown);
    tcase_add_test(locations, test_field_locations);
    tcase_add_test(locations, test_missing_field_location_falls_back);
    tcase_add_test(locations, test_sub_object_locations);
    tcase_add_test(locations, test_reference_locations);
    tcase_add_test(locations, test_columns_count_characters);
    tcase_add_test(locations, test_crlf_and_bom_locations);

    TCase *diags = aw_test_tcase(s, "diagnostics", NULL, S_teardown);
    tcase_add_test(diags, test_unknown_field_suggestion);
    tcase_add_test(diags, test_unknown_field_no_suggestion);
    tcase_add_test(diags, test_unknown_field_top_level);
    tcase_add_test(diags, test_wrong_type);
    tcase_add_test(diags, test_wrong_type_kinds);
    tcase_add_test(diags, test_long_string_clipped);
    tcase_add_test(diags, test_missing_unit);
    tcase_add_test(diags, test_out_of_range);
    tcase_add_test(diags, test_out_of_range_min_only);
    tcase_add_test(diags, test_out_of_range_single_value);
    tcase_add_test(diags, test_bad_enum);
    tcase_add_test(diags, test_bad_enum_case);
    tcase_add_test(diags, test_missing_field);
    tcase_add_test(diags, test_missing_field_in_sub_object);
    tcase_add_test(diags, test_missing_field_not_repeated_after_suggestion);
    tcase_add_test(diags, test_missing_id);
    tcase_add_test(diags, test_unknown_kind);
    tcase_add_test(diags, test_missing_kind);
    tcase_add_test(diags, test_kind_not_string);
    tcase_add_test(diags, test_node_not_object);
    tcase_add_test(diags, test_map_value_not_string);
    tcase_add_test(diags, test_list_item_not_string);
    tcase_add_test(diags, test_several_sorted);
    tcase_add_test(diags, test_build_errors_stop_resolution);

    TCase *xml = aw_test_tcase(s, "xml", S_xml_setup, S_xml_teardown);
    tcase_add_checked_fixture(xml, NULL, S_teardown);
    tcase_add_test(xml, test_xml_untyped_scalars);
    tcase_add_test(xml, test_xml_untyped_errors);
    tcase_add_test(xml, test_xml_duplicate_field);
    tcase_add_test(xml, test_xml_lists_and_maps);
    tcase_add_test(xml, test_xml_list_wrong_item);
    tcase_add_test(xml, test_xml_bad_map_entry);
    tcase_add_test(xml, test_xml_duplicate_map_key);
    tcase_add_test(xml, test_xml_empty_sub_object);
    tcase_add_test(xml, test_not_an_object);
    tcase_add_test(xml, test_xml_compile);
    return s;
}

AW_TEST_MAIN(S_suite)
