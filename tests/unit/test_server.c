/* The canvas server over real HTTP: each test starts `archway serve`'s
 * server on an ephemeral loopback port with a fresh database and speaks to
 * it through a socket — every route, every error status, preconditions,
 * concurrent writers, the change stream, static files and traversal
 * attempts, limits, slow and malformed requests. */
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "../../bench/gen_diagram.h"
#include "../../compiler/artifacts.h"
#include "../../canvas-server/checking.h"
#include "../../canvas-server/http.h"
#include "../../emitters/render.h"
#include "../../canvas-server/server.h"
#include "http_client.h"
#include "test_support.h"

static char S_dir[4096];
static aw_store *S_store;
static aw_server *S_srv;
static uint16_t S_port;

static const char S_diagram[] =
    "{\"archway\": 1, \"name\": \"Pets\", \"regions\": [\"eu-west-1\"], \"nodes\": [\n"
    "  {\"kind\": \"api\", \"id\": \"pets-api\", \"type\": \"http\"},\n"
    "  {\"kind\": \"stage\", \"id\": \"prod\", \"api\": \"pets-api\", \"name\": \"prod\"},\n"
    "  {\"kind\": \"route\", \"id\": \"list-pets\", \"api\": \"pets-api\", \"method\": \"GET\", \"path\": \"/pets\",\n"
    "   \"authorizer\": \"none\", \"noneReason\": \"Public list.\", \"integration\": \"pets-int\"},\n"
    "  {\"kind\": \"integration\", \"id\": \"pets-int\", \"type\": \"lambda\", \"function\": \"pets-fn\"},\n"
    "  {\"kind\": \"function\", \"id\": \"pets-fn\", \"runtime\": \"nodejs22.x\", \"memory\": 512}\n"
    "]}\n";

/* The diagram with a dangling reference on line 6 (integration pets-int). */
static char *S_broken(void)
{
    char *bad = strdup(S_diagram);
    memcpy(strstr(bad, "\"function\": \"pets-fn\""), "\"function\": \"pets-fx\"", 20);
    return bad;
}

static void S_write(const char *dir, const char *name, const char *text)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static size_t S_max_bodies;    /* 0: the default */
static double S_sim_seconds;    /* 0: the default */
static unsigned S_session_ttl;  /* 0: the default */
static FILE *S_log;             /* the access log, when a test wants it */

static void S_start(const char *token)
{
    aw_test_scratch_dir(S_dir, sizeof S_dir);
    char path[4300], err[256];
    snprintf(path, sizeof path, "%s/web", S_dir);
    mkdir(path, 0755);
    S_write(path, "index.html", "<!DOCTYPE html><title>canvas</title>\n");
    S_write(path, "app.js", "console.log('canvas');\n");
    S_write(path, "style.css", "body { margin: 0 }\n");
    S_write(S_dir, "secret.txt", "not for the web\n");
    snprintf(path, sizeof path, "%s/web/../web/../store.db", S_dir);
    S_store = aw_store_open(path, err, sizeof err);
    ck_assert_ptr_nonnull(S_store);
    aw_server_config cfg;
    aw_server_config_init(&cfg);
    cfg.port = 0;
    cfg.threads = 2;
    cfg.max_body = 256 * 1024;
    cfg.idle_timeout_s = 1;
    cfg.request_timeout_s = 2;
    cfg.keepalive_s = 1;
    cfg.token = token;
    if (S_max_bodies)
        cfg.max_bodies = S_max_bodies;
    if (S_sim_seconds)
        cfg.sim_seconds = S_sim_seconds;
    if (S_session_ttl)
        cfg.session_ttl_s = S_session_ttl;
    cfg.sim_max_jobs = 4;
    cfg.access_log = S_log;
    snprintf(path, sizeof path, "%s/web", S_dir);
    cfg.web_dir = path;
    S_srv = aw_server_start(&cfg, S_store, err, sizeof err);
    if (!S_srv)
        fprintf(stderr, "%s\n", err);
    ck_assert_ptr_nonnull(S_srv);
    S_port = aw_server_port(S_srv);
    ck_assert_uint_gt(S_port, 0);
}

static void S_setup(void)
{
    S_start(NULL);
}

static void S_teardown(void)
{
    aw_server_stop(S_srv);
    if (S_log)
        fclose(S_log);
    S_log = NULL;
    aw_store_close(S_store);
    aw_test_remove_dir(S_dir);
}

/* ---- helpers ---- */

static const char S_json[] = "Content-Type: application/json\r\n";

static int S_create(const char *body, aw_http_resp *r)
{
    return aw_http_request(S_port, "POST", "/api/diagrams", S_json, body, strlen(body), r);
}

/* Creates the test diagram; returns its ETag. */
static void S_create_ok(char *etag, size_t size)
{
    aw_http_resp r;
    ck_assert_int_eq(S_create(S_diagram, &r), 201);
    ck_assert_ptr_nonnull(aw_http_header(&r, "ETag", etag, size));
    aw_http_resp_free(&r);
}

static int S_put(const char *path, const char *if_match, const char *body, aw_http_resp *r)
{
    char headers[256];
    snprintf(headers, sizeof headers, "%sIf-Match: %s\r\n", S_json, if_match);
    return aw_http_request(S_port, "PUT", path, if_match ? headers : S_json, body, strlen(body), r);
}

static void S_expect(const char *method, const char *path, const char *headers, const char *body, int status,
                     const char *needle)
{
    aw_http_resp r;
    int got = aw_http_request(S_port, method, path, headers, body, body ? strlen(body) : 0, &r);
    if (got != status || (needle && !strstr(r.body, needle)))
        fprintf(stderr, "%s %s -> %d\n%s\n%s\n", method, path, got, r.head ? r.head : "", r.body ? r.body : "");
    ck_assert_int_eq(got, status);
    if (needle)
        ck_assert_ptr_nonnull(strstr(r.body, needle));
    aw_http_resp_free(&r);
}

/* ---- diagrams and revisions ---- */

START_TEST(test_create_read_update_delete)
{
    aw_http_resp r;
    char buf[256], etag[64];
    ck_assert_int_eq(S_create(S_diagram, &r), 201);
    ck_assert_str_eq(aw_http_header(&r, "Location", buf, sizeof buf), "/api/diagrams/1");
    ck_assert_str_eq(aw_http_header(&r, "ETag", etag, sizeof etag), "\"d1-r1\"");
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), "application/json");
    ck_assert_ptr_nonnull(strstr(r.body, "\"name\": \"Pets\""));
    ck_assert_ptr_nonnull(strstr(r.body, "\"findings\": {"));
    aw_http_resp_free(&r);

    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1", &r), 200);
    ck_assert_str_eq(r.body, S_diagram);
    ck_assert_str_eq(aw_http_header(&r, "ETag", buf, sizeof buf), "\"d1-r1\"");
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1", "If-None-Match: \"d1-r1\"\r\n", NULL, 304, NULL);
    S_expect("GET", "/api/diagrams", NULL, NULL, 200, "\"revision\": 1");

    /* Saving needs If-Match; a stale one is refused and changes nothing. */
    S_expect("PUT", "/api/diagrams/1", S_json, S_diagram, 428, "If-Match");
    char *renamed = strdup(S_diagram);
    memcpy(strstr(renamed, "Pets"), "Cats", 4);
    ck_assert_int_eq(S_put("/api/diagrams/1", "\"d1-r1\"", renamed, &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "ETag", buf, sizeof buf), "\"d1-r2\"");
    aw_http_resp_free(&r);
    ck_assert_int_eq(S_put("/api/diagrams/1", "\"d1-r1\"", S_diagram, &r), 412);
    ck_assert_ptr_nonnull(strstr(r.body, "\"status\": 412"));
    aw_http_resp_free(&r);
    ck_assert_int_eq(S_put("/api/diagrams/1", "\"d2-r2\"", S_diagram, &r), 412);
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1", &r), 200);
    ck_assert_str_eq(r.body, renamed);
    aw_http_resp_free(&r);
    free(renamed);

    S_expect("DELETE", "/api/diagrams/1", NULL, NULL, 428, NULL);
    S_expect("DELETE", "/api/diagrams/1", "If-Match: \"d1-r1\"\r\n", NULL, 412, NULL);
    S_expect("DELETE", "/api/diagrams/1", "If-Match: \"d1-r2\"\r\n", NULL, 204, NULL);
    S_expect("GET", "/api/diagrams/1", NULL, NULL, 404, "\"status\": 404");
    S_expect("DELETE", "/api/diagrams/1", "If-Match: *\r\n", NULL, 404, NULL);
}
END_TEST

START_TEST(test_revisions_restore_and_diff)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    aw_http_resp r;
    char *changed = strdup(S_diagram);
    memcpy(strstr(changed, "\"memory\": 512"), "\"memory\": 256", 13);
    ck_assert_int_eq(S_put("/api/diagrams/1", etag, changed, &r), 200);
    aw_http_resp_free(&r);
    free(changed);

    S_expect("GET", "/api/diagrams/1/revisions", NULL, NULL, 200, "\"revision\": 2");
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions/1", &r), 200);
    ck_assert_str_eq(r.body, S_diagram);
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1/revisions/3", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1/diff?from=1&to=2", NULL, NULL, 200,
             "\"changed\": [\n    {\"kind\": \"function\", \"id\": \"pets-fn\", \"fields\": [\"memory\"]}");
    S_expect("GET", "/api/diagrams/1/diff?from=1", NULL, NULL, 400, NULL);
    S_expect("GET", "/api/diagrams/1/diff?from=1&to=9", NULL, NULL, 404, NULL);

    /* Restoring revision 1 makes revision 3 with its text. */
    S_expect("POST", "/api/diagrams/1/revisions/1/restore", NULL, NULL, 428, NULL);
    S_expect("POST", "/api/diagrams/1/revisions/1/restore", "If-Match: \"d1-r1\"\r\n", NULL, 412, NULL);
    S_expect("POST", "/api/diagrams/1/revisions/1/restore", "If-Match: \"d1-r2\"\r\n", NULL, 200, "\"revision\": 3");
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1", &r), 200);
    ck_assert_str_eq(r.body, S_diagram);
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1/revisions", NULL, NULL, 200, "\"note\": \"restored revision 1\"");
    /* If-Match: * saves over whatever is latest. */
    ck_assert_int_eq(S_put("/api/diagrams/1", "*", S_diagram, &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "ETag", etag, sizeof etag), "\"d1-r4\"");
    aw_http_resp_free(&r);
}
END_TEST

START_TEST(test_check_on_save_and_findings)
{
    /* A diagram with a mistake is saved, and its findings point at it. */
    char *bad = S_broken();
    aw_http_resp r;
    ck_assert_int_eq(S_create(bad, &r), 201);
    ck_assert_ptr_nonnull(strstr(r.body, "\"errors\": 1"));
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1/revisions/1/findings", NULL, NULL, 200, "\"element\": \"pets-int\"");
    S_expect("GET", "/api/diagrams/1/revisions/1/findings", NULL, NULL, 200, "\"line\": 6");
    S_expect("GET", "/api/diagrams/1/revisions/9/findings", NULL, NULL, 404, NULL);
    /* POST /api/check stores nothing. */
    S_expect("POST", "/api/check", S_json, bad, 200, "\"errors\": 1");
    S_expect("POST", "/api/check", S_json, NULL, 400, NULL);
    S_expect("GET", "/api/diagrams", NULL, NULL, 200, "\"id\": 1");
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams", &r), 200);
    ck_assert_ptr_null(strstr(r.body, "\"id\": 2"));
    aw_http_resp_free(&r);
    free(bad);
    /* Text that is not a diagram document at all is refused with why. */
    S_expect("POST", "/api/diagrams", S_json, "{\"archway\": 1,", 422, "json-syntax");
    S_expect("POST", "/api/diagrams", "Content-Type: text/plain\r\n", S_diagram, 415, NULL);
    S_expect("POST", "/api/diagrams", NULL, S_diagram, 415, NULL);
    S_expect("POST", "/api/diagrams", S_json, "", 400, NULL);
}
END_TEST

START_TEST(test_import_xml)
{
    size_t len;
    char *xml = aw_test_read_file("samples/websocket-chat.xml", &len);
    ck_assert_ptr_nonnull(xml);
    aw_http_resp r;
    ck_assert_int_eq(aw_http_request(S_port, "POST", "/api/diagrams", "Content-Type: application/xml\r\n", xml, len,
                                     &r),
                     201);
    ck_assert_ptr_nonnull(strstr(r.body, "\"name\": \"Team chat over WebSocket\""));
    aw_http_resp_free(&r);
    char type[64];
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", type, sizeof type), "application/xml");
    ck_assert_uint_eq(r.body_len, len);
    aw_http_resp_free(&r);
    free(xml);
}
END_TEST

START_TEST(test_artifacts)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts", NULL, NULL, 200,
             "{\"kind\": \"openapi\", \"name\": \"pets-api.openapi.json\"");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/pets-api.openapi.json", NULL, NULL, 200,
             "\"openapi\": \"3.0");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/template.json", NULL, NULL, 200, "AWSTemplateFormatVersion");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/diagram.ir.json", NULL, NULL, 200, "\"pets-fn\"");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/simulation.json", NULL, NULL, 200, "\"hops\"");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/other.openapi.json", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/passwd", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1/revisions/2/artifacts", NULL, NULL, 404, NULL);
    /* A revision with errors has no artifacts, and the answer says why. */
    char *bad = S_broken();
    aw_http_resp r;
    ck_assert_int_eq(S_put("/api/diagrams/1", etag, bad, &r), 200);
    aw_http_resp_free(&r);
    free(bad);
    S_expect("GET", "/api/diagrams/1/revisions/2/artifacts/template.json", NULL, NULL, 422, "\"findings\"");
}
END_TEST

/* An estate past one stack's limits builds to a root template and nested
 * children: every file `archway build` writes is listed and served, byte
 * for byte as the library builds it. */
START_TEST(test_nested_stacks_served)
{
    size_t len;
    char *text = aw_bench_generate_json(400, &len);
    aw_revision_input in = {.name = "estate", .format = "json", .body = text, .body_len = len};
    aw_diagram_meta m;
    ck_assert_int_eq(aw_store_create(S_store, &in, &m), AW_STORE_OK);
    aw_compilation c = {0};
    ck_assert_int_eq(aw_compile_buffer(&c, "estate.json", text, len, AW_SPELLING_JSON), AW_COMPILE_OK);
    aw_artifacts built;
    ck_assert(aw_artifacts_build(&c, &built));
    aw_http_resp list;
    char path[256];
    snprintf(path, sizeof path, "/api/diagrams/%lld/revisions/1/artifacts", (long long)m.id);
    ck_assert_int_eq(aw_http_get(S_port, path, &list), 200);
    ck_assert_ptr_nonnull(strstr(list.body, "{\"kind\": \"cloudformation-nested\", \"name\": \"template-part1.json\""));
    size_t children = 0;
    for (size_t i = 0; i < built.count; i++) {
        char listed[300];
        snprintf(listed, sizeof listed, "\"name\": \"%s\"", built.items[i].name);
        ck_assert_msg(strstr(list.body, listed), "%s is not listed", built.items[i].name);
        snprintf(path, sizeof path, "/api/diagrams/%lld/revisions/1/artifacts/%s", (long long)m.id, built.items[i].name);
        aw_http_resp r;
        ck_assert_int_eq(aw_http_get(S_port, path, &r), 200);
        ck_assert_uint_eq(r.body_len, built.items[i].len);
        ck_assert(memcmp(r.body, built.items[i].data, built.items[i].len) == 0);
        aw_http_resp_free(&r);
        children += strncmp(built.items[i].name, "template-part", 13) == 0;
    }
    ck_assert_uint_ge(children, 2);
    aw_http_resp_free(&list);
    aw_artifacts_free(&built);
    aw_compilation_free(&c);
    aw_diagram_meta_free(&m);
    free(text);
}
END_TEST

/* Pictures and the layout are made by the calls `archway render` and
 * `layout` make: the same bytes, with their own content types. */
START_TEST(test_pictures_and_layout)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts", NULL, NULL, 200,
             "{\"kind\": \"svg\", \"name\": \"diagram.svg\"");
    aw_http_resp r;
    char type[64];
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions/1/artifacts/diagram.svg", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", type, sizeof type), "image/svg+xml");
    ck_assert_ptr_nonnull(strstr(r.body, "<svg"));
    aw_checked k;
    aw_check_text(&k, "diagram-1-r1.json", S_diagram, strlen(S_diagram), "Pets");
    ck_assert_int_eq(k.c.status, AW_COMPILE_OK);
    aw_strbuf svg = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    ck_assert_int_eq(aw_render(k.c.model, NULL, AW_RENDER_SVG, &svg, &err), AW_RENDER_OK);
    ck_assert_uint_eq(r.body_len, svg.len);
    ck_assert_int_eq(memcmp(r.body, svg.data, svg.len), 0);
    aw_strbuf_free(&svg);
    aw_strbuf_free(&err);
    aw_checked_free(&k);
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions/1/artifacts/diagram.dot", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", type, sizeof type), "text/vnd.graphviz; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r.body, "digraph"));
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions/1/artifacts/layout.json", &r), 200);
    json_error_t jerr;
    json_t *layout = json_loads(r.body, 0, &jerr);
    ck_assert_ptr_nonnull(layout);
    ck_assert(json_is_number(json_object_get(json_object_get(json_object_get(layout, "positions"), "pets-fn"), "x")));
    ck_assert(json_is_object(json_object_get(json_object_get(layout, "groups"), "pets-api")));
    json_decref(layout);
    aw_http_resp_free(&r);
}
END_TEST

/* A diagram whose layout would run for minutes is refused at once with a
 * problem that says why; its DOT, which needs no layout, is still served. */
START_TEST(test_picture_too_large_to_lay_out)
{
    aw_strbuf b = AW_STRBUF_INIT;
    /* f0 -> f1 -> ... -> f99 sets 100 ranks; f0 also calls every fk, an
     * edge that crosses k - 1 ranks: about 4,900 bends in all. */
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"fan\", \"nodes\": [");
    for (int i = 0; i < 100; i++)
        aw_strbuf_printf(&b, "%s{\"kind\": \"function\", \"id\": \"f%d\", \"runtime\": \"python3.13\"}", i ? "," : "", i);
    aw_strbuf_puts(&b, "], \"edges\": [{\"from\": \"f0\", \"to\": \"f1\"}");
    for (int k = 2; k < 100; k++)
        aw_strbuf_printf(&b, ",{\"from\": \"f%d\", \"to\": \"f%d\"},{\"from\": \"f0\", \"to\": \"f%d\"}", k - 1, k, k);
    aw_strbuf_puts(&b, "]}");
    aw_http_resp r;
    ck_assert_int_eq(S_create(b.data, &r), 201);
    aw_http_resp_free(&r);
    aw_strbuf_free(&b);
    double t0 = aw_now_s();
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/diagram.svg", NULL, NULL, 422, "cannot be drawn");
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/layout.json", NULL, NULL, 422, "cannot be laid out");
    ck_assert_double_lt(aw_now_s() - t0, 5.0);
    S_expect("GET", "/api/diagrams/1/revisions/1/artifacts/diagram.dot", NULL, NULL, 200, "digraph");
    /* the listing leaves out what cannot be made */
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions/1/artifacts", &r), 200);
    ck_assert_ptr_nonnull(strstr(r.body, "diagram.dot"));
    ck_assert_ptr_null(strstr(r.body, "diagram.svg"));
    aw_http_resp_free(&r);
}
END_TEST

START_TEST(test_rules)
{
    S_expect("GET", "/api/rules", NULL, NULL, 200, "\"id\": \"AW-SEC-001\"");
    S_expect("GET", "/api/rules/aw-sec-001", NULL, NULL, 200, "\"explanation\"");
    S_expect("GET", "/api/rules/AW-NOPE-999", NULL, NULL, 404, NULL);
}
END_TEST

/* ---- the protocol ---- */

START_TEST(test_routing_errors)
{
    aw_http_resp r;
    char allow[128];
    ck_assert_int_eq(aw_http_request(S_port, "PATCH", "/api/diagrams/1", NULL, NULL, 0, &r), 405);
    ck_assert_str_eq(aw_http_header(&r, "Allow", allow, sizeof allow), "GET, HEAD, PUT, DELETE");
    ck_assert_ptr_nonnull(strstr(r.head, "application/problem+json"));
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_request(S_port, "DELETE", "/api/rules", NULL, NULL, 0, &r), 405);
    ck_assert_str_eq(aw_http_header(&r, "Allow", allow, sizeof allow), "GET, HEAD");
    aw_http_resp_free(&r);
    S_expect("GET", "/api/nothing", NULL, NULL, 404, "\"title\": \"Not Found\"");
    S_expect("GET", "/api/diagrams/0", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/01", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/-1", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/99999999999999999999999", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1", NULL, NULL, 404, NULL);
    S_expect("OPTIONS", "/api/diagrams", NULL, NULL, 204, NULL);
    S_expect("HEAD", "/healthz", NULL, NULL, 200, NULL);
}
END_TEST

START_TEST(test_service_endpoints_and_headers)
{
    aw_http_resp r;
    char buf[512];
    ck_assert_int_eq(aw_http_get(S_port, "/healthz", &r), 200);
    ck_assert_str_eq(r.body, "{\"status\": \"ok\"}\n");
    ck_assert_ptr_nonnull(aw_http_header(&r, "Content-Security-Policy", buf, sizeof buf));
    ck_assert_ptr_nonnull(strstr(buf, "frame-ancestors 'none'"));
    ck_assert_str_eq(aw_http_header(&r, "X-Content-Type-Options", buf, sizeof buf), "nosniff");
    ck_assert_str_eq(aw_http_header(&r, "X-Frame-Options", buf, sizeof buf), "DENY");
    ck_assert_str_eq(aw_http_header(&r, "Cache-Control", buf, sizeof buf), "no-store");
    aw_http_resp_free(&r);
    char etag[64];
    S_create_ok(etag, sizeof etag);
    ck_assert_int_eq(aw_http_get(S_port, "/metrics", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), "text/plain; version=0.0.4; charset=utf-8");
    ck_assert_ptr_nonnull(
        strstr(r.body, "archway_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "archway_http_requests_total{method=\"POST\",route=\"/api/diagrams\",status=\"201\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "archway_compile_duration_seconds_count 1\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "archway_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "archway_database_bytes "));
    ck_assert_ptr_nonnull(strstr(r.body, "archway_saves_total 1\n"));
    aw_http_resp_free(&r);
}
END_TEST

START_TEST(test_cross_origin_writes_refused)
{
    char headers[256];
    snprintf(headers, sizeof headers, "%sOrigin: http://elsewhere.example\r\n", S_json);
    S_expect("POST", "/api/diagrams", headers, S_diagram, 403, NULL);
    snprintf(headers, sizeof headers, "%sSec-Fetch-Site: cross-site\r\n", S_json);
    S_expect("POST", "/api/diagrams", headers, S_diagram, 403, NULL);
    snprintf(headers, sizeof headers, "%sOrigin: http://127.0.0.1:%u\r\nSec-Fetch-Site: same-origin\r\n", S_json,
             (unsigned)S_port);
    S_expect("POST", "/api/diagrams", headers, S_diagram, 201, NULL);
    /* Reading from another origin is harmless (no CORS headers are sent). */
    S_expect("GET", "/api/diagrams", "Origin: http://elsewhere.example\r\n", NULL, 200, NULL);
}
END_TEST

START_TEST(test_limits)
{
    /* Declared too large: refused before the body is read. */
    S_expect("POST", "/api/check", "Content-Type: application/json\r\nContent-Length: 999999999\r\n", NULL, 413,
             NULL);
    /* Too large in fact, sent chunked without a length. */
    size_t n = 300 * 1024;
    char *big = malloc(n);
    memset(big, ' ', n);
    int fd = aw_http_connect(S_port, 10);
    const char head[] = "POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
    ck_assert(aw_http_send(fd, head, sizeof head - 1));
    char chunk[32];
    for (size_t sent = 0; sent < n; sent += 65536) {
        snprintf(chunk, sizeof chunk, "%x\r\n", 65536);
        aw_http_send(fd, chunk, strlen(chunk));
        aw_http_send(fd, big, 65536);
        aw_http_send(fd, "\r\n", 2);
    }
    aw_http_send(fd, "0\r\n\r\n", 5);
    aw_http_resp r;
    aw_http_read(fd, &r);
    close(fd);
    ck_assert_int_eq(r.status, 413);
    aw_http_resp_free(&r);
    free(big);
    /* A request target past the limit. */
    char url[3000] = "/api/diagrams?x=";
    memset(url + strlen(url), 'a', 2500);
    url[2516] = '\0';
    S_expect("GET", url, NULL, NULL, 414, NULL);
    /* Deep nesting is a finding, not a crash. */
    char deep[2100];
    memset(deep, '[', 2000);
    deep[2000] = '\0';
    S_expect("POST", "/api/check", S_json, deep, 200, "\"errors\": 1");
}
END_TEST

START_TEST(test_malformed_and_slow_requests)
{
    /* Not HTTP at all. */
    int fd = aw_http_connect(S_port, 5);
    aw_http_send(fd, "HELLO THERE\r\n\r\n", 15);
    aw_http_resp r;
    aw_http_read(fd, &r);
    close(fd);
    ck_assert_int_ge(r.status, 400);
    aw_http_resp_free(&r);
    /* Headers that never end: the connection is closed after the idle
     * timeout, and others are served meanwhile. */
    fd = aw_http_connect(S_port, 10);
    aw_http_send(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n", 32);
    S_expect("GET", "/healthz", NULL, NULL, 200, NULL);
    double start = (double)time(NULL);
    char buf[64];
    ssize_t got = recv(fd, buf, sizeof buf, 0);
    ck_assert_int_le(got, 0);
    ck_assert((double)time(NULL) - start < 8);
    close(fd);
    /* A body that stops arriving. */
    fd = aw_http_connect(S_port, 10);
    const char head[] = "POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    aw_http_send(fd, head, sizeof head - 1);
    got = recv(fd, buf, sizeof buf, 0);
    ck_assert_int_le(got, 0);
    close(fd);
    S_expect("GET", "/healthz", NULL, NULL, 200, NULL);
}
END_TEST

/* ---- static files ---- */

START_TEST(test_static_files)
{
    aw_http_resp r;
    char buf[128], etag[64];
    ck_assert_int_eq(aw_http_get(S_port, "/", &r), 200);
    ck_assert_str_eq(r.body, "<!DOCTYPE html><title>canvas</title>\n");
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), "text/html; charset=utf-8");
    ck_assert_str_eq(aw_http_header(&r, "Cache-Control", buf, sizeof buf), "no-cache");
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_get(S_port, "/app.js", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), "text/javascript; charset=utf-8");
    ck_assert_str_eq(aw_http_header(&r, "Cache-Control", buf, sizeof buf), "public, max-age=300");
    ck_assert_ptr_nonnull(aw_http_header(&r, "Last-Modified", buf, sizeof buf));
    ck_assert_ptr_nonnull(aw_http_header(&r, "ETag", etag, sizeof etag));
    aw_http_resp_free(&r);
    char headers[128];
    snprintf(headers, sizeof headers, "If-None-Match: %s\r\n", etag);
    S_expect("GET", "/app.js", headers, NULL, 304, NULL);
    ck_assert_int_eq(aw_http_get(S_port, "/style.css", &r), 200);
    ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), "text/css; charset=utf-8");
    aw_http_resp_free(&r);
    S_expect("GET", "/missing.js", NULL, NULL, 404, NULL);
}
END_TEST

/* The canvas's build names each chunk by a hash of its content: those are
 * cached for good, the page that names them and anything unhashed are not. */
START_TEST(test_static_hashed_assets_cached_for_good)
{
    char dir[4300], buf[128];
    snprintf(dir, sizeof dir, "%s/web/assets", S_dir);
    mkdir(dir, 0755);
    S_write(dir, "index-D2xFTabO.js", "export {};\n");
    S_write(dir, "reactflow-Dl_o-N2Q.css", ".a {}\n");
    S_write(dir, "logo.svg", "<svg/>\n");
    S_write(dir, "index-short.js", "export {};\n");
    static const struct {
        const char *path, *type, *cache;
    } cases[] = {
        {"/assets/index-D2xFTabO.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
        {"/assets/reactflow-Dl_o-N2Q.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
        {"/assets/logo.svg", "image/svg+xml", "public, max-age=300"},
        {"/assets/index-short.js", "text/javascript; charset=utf-8", "public, max-age=300"},
        {"/app.js", "text/javascript; charset=utf-8", "public, max-age=300"},
        {"/index.html", "text/html; charset=utf-8", "no-cache"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aw_http_resp r;
        ck_assert_int_eq(aw_http_get(S_port, cases[i].path, &r), 200);
        ck_assert_str_eq(aw_http_header(&r, "Content-Type", buf, sizeof buf), cases[i].type);
        ck_assert_str_eq(aw_http_header(&r, "Cache-Control", buf, sizeof buf), cases[i].cache);
        aw_http_resp_free(&r);
    }
}
END_TEST

START_TEST(test_path_traversal)
{
    static const char *const attempts[] = {
        "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/./../secret.txt",
        "/web/../../secret.txt", "//secret.txt", "/..\\secret.txt", "/%00../secret.txt", "/app.js%00.html",
        "/..", "/.%2e/secret.txt", "/app.js/", "/%2e%2e%5csecret.txt",
    };
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        aw_http_resp r;
        int status = aw_http_get(S_port, attempts[i], &r);
        if (status == 200 || strstr(r.body, "not for the web"))
            fprintf(stderr, "%s -> %d\n", attempts[i], status);
        ck_assert_int_ne(status, 200);
        ck_assert_ptr_null(strstr(r.body, "not for the web"));
        aw_http_resp_free(&r);
    }
    /* A link inside the web root that leads out of it is not followed. */
    char link[4300], target[4300];
    snprintf(link, sizeof link, "%s/web/escape.txt", S_dir);
    snprintf(target, sizeof target, "%s/secret.txt", S_dir);
    ck_assert_int_eq(symlink(target, link), 0);
    S_expect("GET", "/escape.txt", NULL, NULL, 404, NULL);
}
END_TEST

/* ---- concurrency and the change stream ---- */

enum { WRITERS = 4, TRIES = 10 };

typedef struct writer {
    int saved;
    int revisions[TRIES];
} writer;

static void *S_writer(void *arg)
{
    writer *w = arg;
    for (int i = 0; i < TRIES; i++) {
        aw_http_resp r;
        char etag[64], headers[256];
        if (aw_http_get(S_port, "/api/diagrams/1", &r) != 200 || !aw_http_header(&r, "ETag", etag, sizeof etag))
            abort();
        aw_http_resp_free(&r);
        snprintf(headers, sizeof headers, "%sIf-Match: %s\r\n", S_json, etag);
        int status = aw_http_request(S_port, "PUT", "/api/diagrams/1", headers, S_diagram, strlen(S_diagram), &r);
        if (status == 200) {
            int rev;
            aw_http_header(&r, "ETag", etag, sizeof etag);
            if (sscanf(etag, "\"d1-r%d\"", &rev) != 1)
                abort();
            w->revisions[w->saved++] = rev;
        } else if (status != 412) {
            abort();
        }
        aw_http_resp_free(&r);
    }
    return NULL;
}

START_TEST(test_concurrent_writers_lose_nothing)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    writer w[WRITERS] = {0};
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&t[i], NULL, S_writer, &w[i]);
    bool seen[WRITERS * TRIES + 2] = {false};
    int saved = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        for (int j = 0; j < w[i].saved; j++) {
            int rev = w[i].revisions[j];
            ck_assert_int_ge(rev, 2);
            ck_assert_int_le(rev, WRITERS * TRIES + 1);
            ck_assert(!seen[rev]);      /* two acknowledged saves never share a revision */
            seen[rev] = true;
        }
        saved += w[i].saved;
    }
    aw_http_resp r;
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1", &r), 200);
    char want[64];
    snprintf(want, sizeof want, "\"d1-r%d\"", saved + 1);
    ck_assert_str_eq(aw_http_header(&r, "ETag", etag, sizeof etag), want);
    aw_http_resp_free(&r);
}
END_TEST

/* Opens diagram 1's change stream and reads up to its hello event. */
static int S_stream_open(char *buf, size_t size, size_t *len)
{
    int fd = aw_http_connect(S_port, 30);
    const char req[] = "GET /api/diagrams/1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
    aw_http_send(fd, req, sizeof req - 1);
    ck_assert(aw_http_read_until(fd, buf, size, len, "event: hello"));
    return fd;
}

START_TEST(test_change_stream)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    S_expect("GET", "/api/diagrams/7/events", NULL, NULL, 404, NULL);
    const char req[] = "GET /api/diagrams/1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
    char buf[8192] = "";
    size_t len = 0;
    /* The hello event first, then another client's save. */
    int fd = S_stream_open(buf, sizeof buf, &len);
    ck_assert_ptr_nonnull(strstr(buf, "Content-Type: text/event-stream"));
    aw_http_resp r;
    ck_assert_int_eq(S_put("/api/diagrams/1", etag, S_diagram, &r), 200);
    aw_http_resp_free(&r);
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, "event: saved"));
    ck_assert_ptr_nonnull(strstr(buf, "event: saved"));
    ck_assert_ptr_nonnull(strstr(strstr(buf, "event: saved"), "\"revision\": 2"));
    /* An idle stream gets keep-alive comments (every second here). */
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, ": keep-alive"));
    close(fd);
    /* The server still stops promptly with a stream open (teardown). */
    fd = aw_http_connect(S_port, 5);
    aw_http_send(fd, req, sizeof req - 1);
    ck_assert_int_gt(recv(fd, buf, sizeof buf, 0), 0);
    close(fd);
}
END_TEST

/* ---- simulations ---- */

static const char S_sims[] = "/api/diagrams/1/revisions/1/simulations";
/* A run long enough to be cancelled: 18 million requests one by one,
 * more than a loaded test machine gets through before the test cancels. */
static const char S_long_run[] = "{\"rps\": 5000, \"duration\": 3600, \"pattern\": \"constant\", \"engine\": \"discrete\"}";

/* Starts a simulation of revision 1 with body; returns its run number. */
static int64_t S_sim_start(const char *body)
{
    aw_http_resp r;
    int got = aw_http_request(S_port, "POST", S_sims, S_json, body, strlen(body), &r);
    if (got != 202)
        fprintf(stderr, "POST %s -> %d\n%s\n", S_sims, got, r.body ? r.body : "");
    ck_assert_int_eq(got, 202);
    ck_assert_ptr_nonnull(strstr(r.body, "\"state\": \"queued\""));
    char where[128];
    ck_assert_ptr_nonnull(aw_http_header(&r, "Location", where, sizeof where));
    ck_assert_ptr_nonnull(strstr(where, "/api/diagrams/1/revisions/1/simulations/"));
    int64_t run = strtoll(strrchr(where, '/') + 1, NULL, 10);
    ck_assert_int_gt(run, 0);
    aw_http_resp_free(&r);
    return run;
}

/* Waits (30 s at most: sanitizer builds on a loaded machine) until run's
 * state is state; returns the run's JSON. */
static json_t *S_sim_wait(int64_t run, const char *state)
{
    char path[128], want[64];
    snprintf(path, sizeof path, "%s/%lld", S_sims, (long long)run);
    snprintf(want, sizeof want, "\"state\": \"%s\"", state);
    for (int i = 0; i < 1200; i++) {
        aw_http_resp r;
        ck_assert_int_eq(aw_http_get(S_port, path, &r), 200);
        if (strstr(r.body, want)) {
            json_error_t err;
            json_t *j = json_loads(r.body, 0, &err);
            aw_http_resp_free(&r);
            ck_assert_ptr_nonnull(j);
            return j;
        }
        aw_http_resp_free(&r);
        nanosleep(&(struct timespec){.tv_nsec = 25000000}, NULL);
    }
    ck_abort_msg("simulation %lld never became %s", (long long)run, state);
    return NULL;
}

/* Creates the test diagram and starts a long run of it. */
static int64_t S_sim_start_long(void)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    return S_sim_start(S_long_run);
}

/* The run's "result" member as compact JSON text (malloc'd). */
static char *S_result_text(json_t *run)
{
    json_t *result = json_object_get(run, "result");
    ck_assert_ptr_nonnull(result);
    return json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS);
}

START_TEST(test_simulation_runs_and_is_stored)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    char buf[65536] = "";
    size_t len = 0;
    int fd = S_stream_open(buf, sizeof buf, &len);
    const char body[] = "{\"pattern\": \"ramp\", \"rps\": 400, \"duration\": 60, \"seed\": 7, \"targetRps\": 300}";
    int64_t run = S_sim_start(body);
    ck_assert_int_eq(run, 1);
    json_t *done = S_sim_wait(run, "done");
    /* the request as posted, the result as `archway simulate --format json`
     * writes it, the advice of --target-rps, and the headline figures */
    char *request = json_dumps(json_object_get(done, "request"), JSON_COMPACT);
    ck_assert_str_eq(request, "{\"pattern\":\"ramp\",\"rps\":400,\"duration\":60,\"seed\":7,\"targetRps\":300}");
    free(request);
    json_t *result = json_object_get(done, "result");
    ck_assert_int_eq(json_integer_value(json_object_get(result, "simulationResult")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(result, "seed")), 7);
    ck_assert_ptr_nonnull(json_object_get(result, "routes"));
    ck_assert_ptr_nonnull(json_object_get(json_object_get(done, "advice"), "changes"));
    json_t *summary = json_object_get(done, "summary");
    int64_t offered = json_integer_value(json_object_get(summary, "offered"));
    ck_assert_int_gt(offered, 0);
    ck_assert_int_eq(offered, json_integer_value(json_object_get(result, "requests")));
    ck_assert(json_is_number(json_object_get(summary, "p99Ms")));
    ck_assert(json_is_number(json_object_get(summary, "costPerMonth")));
    ck_assert(json_real_value(json_object_get(done, "progress")) == 1.0
              || json_integer_value(json_object_get(done, "progress")) == 1);
    /* the change stream told of the start, the live picture and the end */
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, "\"state\": \"done\""));
    ck_assert_ptr_nonnull(strstr(buf, "event: simulation\ndata: {\"run\": 1, \"revision\": 1, \"state\": \"queued\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"hop\": \"fn:pets-fn\", \"node\": \"pets-fn\", \"rps\": "));
    close(fd);
    /* the same seed gives the same stored result */
    int64_t again = S_sim_start(body);
    json_t *second = S_sim_wait(again, "done");
    char *a = S_result_text(done), *b = S_result_text(second);
    ck_assert_str_eq(a, b);
    free(a), free(b);
    json_decref(done), json_decref(second);
    /* the run history, newest first, without results; per revision and per diagram */
    aw_http_resp r;
    ck_assert_int_eq(aw_http_get(S_port, S_sims, &r), 200);
    char *second_at = strstr(r.body, "{\"run\": 2, \"revision\": 1, \"state\": \"done\"");
    ck_assert_ptr_nonnull(second_at);
    ck_assert_ptr_nonnull(strstr(second_at, "{\"run\": 1, \"revision\": 1"));
    ck_assert_ptr_nonnull(strstr(r.body, "\"summary\": {\"offered\": "));
    ck_assert_ptr_null(strstr(r.body, "\"result\""));
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1/simulations", NULL, NULL, 200, "{\"run\": 2, \"revision\": 1, \"state\": \"done\"");
    S_expect("GET", "/api/diagrams/9/simulations", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1/revisions/1/simulations/3", NULL, NULL, 404, NULL);
    S_expect("GET", "/api/diagrams/1/revisions/2/simulations", NULL, NULL, 404, NULL);
    S_expect("DELETE", "/api/diagrams/1/revisions/1/simulations/1", NULL, NULL, 409, "already ended");
    S_expect("DELETE", "/api/diagrams/1/revisions/1/simulations/9", NULL, NULL, 404, NULL);
}
END_TEST

START_TEST(test_simulation_cancelled)
{
    int64_t run = S_sim_start_long();
    json_decref(S_sim_wait(run, "running"));
    char path[128];
    snprintf(path, sizeof path, "%s/%lld", S_sims, (long long)run);
    double t0 = aw_now_s();
    S_expect("DELETE", path, NULL, NULL, 202, "\"run\": 1");
    json_t *j = S_sim_wait(run, "cancelled");
    ck_assert_double_lt(aw_now_s() - t0, 10.0);     /* the whole run would take minutes */
    ck_assert_ptr_null(json_object_get(j, "result"));
    json_decref(j);
    S_expect("DELETE", path, NULL, NULL, 409, "already ended (cancelled)");
}
END_TEST

START_TEST(test_simulation_limits)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    /* requests are checked before anything runs */
    S_expect("POST", S_sims, S_json, "{\"duration\": 100000}", 400, "'duration'");
    S_expect("POST", S_sims, S_json, "{\"rps\": 1e9}", 400, "'rps'");
    S_expect("POST", S_sims, S_json, "{\"seed\": 1.5}", 400, "'seed'");
    S_expect("POST", S_sims, S_json, "{\"pattern\": \"square\"}", 400, "'pattern' must be \\\"constant\\\", \\\"ramp\\\"");
    S_expect("POST", S_sims, S_json, "{\"engine\": 3}", 400, "'engine'");
    S_expect("POST", S_sims, S_json, "{\"speed\": 1}", 400, "unknown member");
    S_expect("POST", S_sims, S_json, "{\"fail\": [\"nowhere=errors:0.5\"]}", 400, "'fail' entry 1");
    S_expect("POST", S_sims, S_json, "{\"fail\": \"fn:pets-fn=errors:0.5\"}", 400, "'fail'");
    S_expect("POST", S_sims, S_json, "[1]", 400, NULL);
    S_expect("POST", S_sims, S_json, "{\"rps\": 900000, \"duration\": 3600}", 413, "at most");
    S_expect("POST", "/api/diagrams/1/revisions/9/simulations", S_json, "{}", 404, NULL);
    char *big = calloc(1, 70000);
    memset(big, ' ', 69999);
    big[0] = '{', big[69998] = '}';
    S_expect("POST", S_sims, S_json, big, 413, "at most");
    free(big);
    /* four queued or running at once (this server's limit); the fifth is refused */
    int64_t runs[4];
    for (int i = 0; i < 4; i++)
        runs[i] = S_sim_start(S_long_run);
    S_expect("POST", S_sims, S_json, "{}", 503, "the server's limit");
    for (int i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%lld", S_sims, (long long)runs[i]);
        S_expect("DELETE", path, NULL, NULL, 202, NULL);
    }
    for (int i = 0; i < 4; i++)
        json_decref(S_sim_wait(runs[i], "cancelled"));
    /* with the queue empty again, runs are taken; a fault of --fail's syntax */
    json_t *j = S_sim_wait(S_sim_start("{\"rps\": 100, \"duration\": 10, \"fail\": [\"fn:pets-fn=errors:0.5\"]}"), "done");
    ck_assert_int_gt(json_integer_value(json_object_get(json_object_get(j, "summary"), "failed")), 0);
    json_decref(j);
}
END_TEST

/* A run past the server's time limit is stopped and recorded as failed. */
START_TEST(test_simulation_time_limit)
{
    int64_t run = S_sim_start_long();
    json_t *j = S_sim_wait(run, "failed");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "error")), "limit of 1 s"));
    json_decref(j);
}
END_TEST

/* Stopping the server cancels the runs under way, and each is stored so. */
START_TEST(test_simulation_cancelled_by_shutdown)
{
    int64_t run = S_sim_start_long();
    json_decref(S_sim_wait(run, "running"));
    double t0 = aw_now_s();
    aw_server_stop(S_srv);
    ck_assert_double_lt(aw_now_s() - t0, 10.0);
    aw_run r;
    ck_assert_int_eq(aw_store_run_get(S_store, 1, 1, run, &r), AW_STORE_OK);
    ck_assert_str_eq(r.state, "cancelled");
    aw_run_free(&r);
    char err[256];
    aw_server_config cfg;
    aw_server_config_init(&cfg);
    cfg.port = 0;
    S_srv = aw_server_start(&cfg, S_store, err, sizeof err);
    ck_assert_ptr_nonnull(S_srv);
}
END_TEST

static void S_setup_short_sims(void)
{
    S_sim_seconds = 1;
    S_start(NULL);
    S_sim_seconds = 0;
}

START_TEST(test_simulation_of_a_revision_with_errors)
{
    char etag[64];
    S_create_ok(etag, sizeof etag);
    char *bad = S_broken();
    aw_http_resp r;
    ck_assert_int_eq(S_put("/api/diagrams/1", etag, bad, &r), 200);
    aw_http_resp_free(&r);
    free(bad);
    S_expect("POST", "/api/diagrams/1/revisions/2/simulations", S_json, "{}", 422, "\"findings\"");
}
END_TEST

/* The diagram format's schema, generated by the library, is the document
 * the repository keeps (the golden tests keep that one current). */
START_TEST(test_schema_of_the_diagram_format)
{
    aw_http_resp r;
    ck_assert_int_eq(aw_http_get(S_port, "/api/schema/diagram", &r), 200);
    char type[64];
    ck_assert_ptr_nonnull(aw_http_header(&r, "Content-Type", type, sizeof type));
    ck_assert_str_eq(type, "application/schema+json");
    size_t len;
    char *doc = aw_test_read_file("docs/schema/diagram-1.schema.json", &len);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(r.body, doc);
    free(doc);
    aw_http_resp_free(&r);
    S_expect("POST", "/api/schema/diagram", S_json, "{}", 405, NULL);
}
END_TEST

/* ---- the API's own documentation ---- */

/* Whether an OpenAPI path ("/api/diagrams/{id}") spells a route pattern
 * ("/api/diagrams/{n}"): the same segments, a parameter for a parameter. */
static bool S_same_path(const char *doc, const char *pattern)
{
    while (*doc && *pattern) {
        size_t a = strcspn(doc, "/"), b = strcspn(pattern, "/");
        bool both_params = doc[0] == '{' && pattern[0] == '{';
        if (!both_params && (a != b || strncmp(doc, pattern, a) != 0))
            return false;
        doc += a + (doc[a] == '/');
        pattern += b + (pattern[b] == '/');
    }
    return *doc == *pattern;
}

START_TEST(test_openapi_document_names_every_route)
{
    json_error_t err;
    json_t *doc = json_load_file("docs/server-openapi.json", 0, &err);
    ck_assert_ptr_nonnull(doc);
    json_t *paths = json_object_get(doc, "paths");
    size_t operations = 0;
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) {
        const char *key;
        json_t *op;
        json_object_foreach(item, key, op) operations += strcmp(key, "parameters") != 0;
    }
    ck_assert_uint_eq(operations, aw_http_route_count);
    for (size_t i = 0; i < aw_http_route_count; i++) {
        bool found = false;
        json_object_foreach(paths, path, item) {
            if (!S_same_path(path, aw_http_routes[i].pattern))
                continue;
            char method[16];
            size_t n = strlen(aw_http_routes[i].method);
            for (size_t c = 0; c <= n; c++)
                method[c] = (char)(aw_http_routes[i].method[c] | (c < n ? 0x20 : 0));
            found = json_object_get(item, method) != NULL;
        }
        if (!found)
            fprintf(stderr, "undocumented: %s %s\n", aw_http_routes[i].method, aw_http_routes[i].pattern);
        ck_assert(found);
    }
    json_decref(doc);
}
END_TEST

/* ---- a server that wants a token ---- */

static void S_setup_token(void)
{
    S_start("0123456789abcdef0123");
}

START_TEST(test_token_required)
{
    S_expect("GET", "/api/diagrams", NULL, NULL, 401, "Bearer");
    S_expect("GET", "/api/diagrams", "Authorization: Bearer 0123456789abcdef0124\r\n", NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", "Authorization: Bearer 0123456789abcdef012\r\n", NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", "Authorization: Bearer 0123456789abcdef01234\r\n", NULL, 401, NULL);
    S_expect("GET", "/metrics", NULL, NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", "Authorization: Bearer 0123456789abcdef0123\r\n", NULL, 200, NULL);
    S_expect("GET", "/healthz", NULL, NULL, 200, NULL);
}
END_TEST

static const char S_bearer[] = "Authorization: Bearer 0123456789abcdef0123\r\n";

/* Signs in with the token; writes "Cookie: archway_session=ID\r\n" to cookie. */
static void S_sign_in(char *cookie, size_t size)
{
    aw_http_resp r;
    char set[256];
    ck_assert_int_eq(aw_http_request(S_port, "POST", "/api/session", S_bearer, "", 0, &r), 200);
    ck_assert_ptr_nonnull(aw_http_header(&r, "Set-Cookie", set, sizeof set));
    ck_assert_ptr_nonnull(strstr(set, "; HttpOnly"));
    ck_assert_ptr_nonnull(strstr(set, "; SameSite=Strict"));
    ck_assert_ptr_nonnull(strstr(set, "; Path=/"));
    ck_assert_ptr_null(strstr(set, "0123456789abcdef0123"));     /* the cookie is not the token */
    ck_assert_ptr_nonnull(strstr(r.body, "\"expiresIn\": 43200"));
    ck_assert_int_eq(strncmp(set, "archway_session=", 16), 0);
    snprintf(cookie, size, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
    aw_http_resp_free(&r);
}

START_TEST(test_session_cookie)
{
    /* Signing in takes the token itself: none, a wrong one, or a bare cookie are refused. */
    S_expect("POST", "/api/session", NULL, "", 401, NULL);
    S_expect("POST", "/api/session", "Authorization: Bearer 0123456789abcdef0124\r\n", "", 401, NULL);
    char cookie[160], other[160];
    S_sign_in(cookie, sizeof cookie);
    S_sign_in(other, sizeof other);
    ck_assert_str_ne(cookie, other);
    S_expect("POST", "/api/session", cookie, "", 401, "Bearer");
    /* The cookie stands for the token on every route, writes included. */
    S_expect("GET", "/api/diagrams", cookie, NULL, 200, NULL);
    S_expect("GET", "/metrics", cookie, NULL, 200, NULL);
    char headers[512];
    snprintf(headers, sizeof headers, "%s%s", cookie, S_json);
    S_expect("POST", "/api/diagrams", headers, S_diagram, 201, NULL);
    /* A made-up or altered session id is not one. */
    char forged[160];
    snprintf(forged, sizeof forged, "%s", cookie);
    forged[30] = forged[30] == 'a' ? 'b' : 'a';
    S_expect("GET", "/api/diagrams", forged, NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", "Cookie: archway_session=0123456789abcdef0123\r\n", NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", "Cookie: archway_session=\r\n", NULL, 401, NULL);
    /* The change stream, which a browser opens without headers, lets the cookie in. */
    int fd = aw_http_connect(S_port, 30);
    char req[512], buf[8192] = "";
    size_t len = 0;
    int n = snprintf(req, sizeof req, "GET /api/diagrams/1/events HTTP/1.1\r\nHost: x\r\n%s\r\n", cookie);
    aw_http_send(fd, req, (size_t)n);
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, "event: hello"));
    close(fd);
    /* Signing out ends that session only, and tells the browser to drop the cookie. */
    aw_http_resp r;
    ck_assert_int_eq(aw_http_request(S_port, "DELETE", "/api/session", cookie, NULL, 0, &r), 204);
    char set[256];
    ck_assert_ptr_nonnull(aw_http_header(&r, "Set-Cookie", set, sizeof set));
    ck_assert_ptr_nonnull(strstr(set, "archway_session=; Path=/; Max-Age=0"));
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams/1/events", cookie, NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", other, NULL, 200, NULL);
    /* Behind a proxy that ends TLS, the cookie is Secure. */
    snprintf(headers, sizeof headers, "%sX-Forwarded-Proto: https\r\n", S_bearer);
    ck_assert_int_eq(aw_http_request(S_port, "POST", "/api/session", headers, "", 0, &r), 200);
    ck_assert_ptr_nonnull(strstr(aw_http_header(&r, "Set-Cookie", set, sizeof set), "; Secure"));
    aw_http_resp_free(&r);
}
END_TEST

static void S_setup_short_sessions(void)
{
    S_session_ttl = 1;
    S_start("0123456789abcdef0123");
}

START_TEST(test_session_expires)
{
    char cookie[160];
    aw_http_resp r;
    ck_assert_int_eq(aw_http_request(S_port, "POST", "/api/session", S_bearer, "", 0, &r), 200);
    char set[256];
    ck_assert_ptr_nonnull(strstr(aw_http_header(&r, "Set-Cookie", set, sizeof set), "Max-Age=1;"));
    snprintf(cookie, sizeof cookie, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
    aw_http_resp_free(&r);
    S_expect("GET", "/api/diagrams", cookie, NULL, 200, NULL);
    nanosleep(&(struct timespec){.tv_sec = 1, .tv_nsec = 300000000}, NULL);
    S_expect("GET", "/api/diagrams", cookie, NULL, 401, NULL);
    S_expect("GET", "/api/diagrams", S_bearer, NULL, 200, NULL);    /* the token itself never expires */
    S_session_ttl = 0;
}
END_TEST

START_TEST(test_session_without_token)
{
    /* A server without a token has nothing to sign in to; the canvas learns so. */
    S_expect("POST", "/api/session", NULL, "", 200, "\"tokenRequired\": false");
    S_expect("DELETE", "/api/session", NULL, NULL, 204, NULL);
}
END_TEST

/* ---- the access log ---- */

static void S_setup_logged(void)
{
    S_log = tmpfile();
    S_start(NULL);
}

START_TEST(test_one_access_log_line_per_request)
{
    S_expect("GET", "/api/diagrams?x=1", NULL, NULL, 200, NULL);
    S_expect("PATCH", "/api/rules", NULL, NULL, 405, NULL);
    S_expect("POST", "/api/check", S_json, "{\"archway\": 1}", 200, NULL);
    /* The completion callback writes the line after the answer is sent. */
    nanosleep(&(struct timespec){.tv_nsec = 200000000}, NULL);
    rewind(S_log);
    char line[1024];
    const char *want[][3] = {
        {"\"method\": \"GET\", \"path\": \"/api/diagrams\"", "\"route\": \"/api/diagrams\"", "\"status\": 200"},
        {"\"method\": \"PATCH\", \"path\": \"/api/rules\"", "\"route\": null", "\"status\": 405"},
        {"\"method\": \"POST\", \"path\": \"/api/check\"", "\"bytes_in\": 14", "\"status\": 200"},
    };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(fgets(line, sizeof line, S_log));
        ck_assert_int_eq(line[0], '{');
        ck_assert_int_eq(line[strlen(line) - 2], '}');
        for (size_t j = 0; j < 3; j++)
            ck_assert_msg(strstr(line, want[i][j]), "%s not in %s", want[i][j], line);
    }
    ck_assert_ptr_null(fgets(line, sizeof line, S_log));
}
END_TEST

/* ---- a server with little room for bodies ---- */

static void S_setup_small(void)
{
    S_max_bodies = 4096;
    S_start(NULL);
}

START_TEST(test_bodies_in_memory_are_bounded)
{
    /* One body past what all requests together may hold: 503, and the
     * server answers the next one whole once the first is gone. */
    char *body = malloc(8001);
    memset(body, ' ', 8000);
    body[8000] = '\0';
    memcpy(body, "{\"archway\": 1}", 14);
    S_expect("POST", "/api/check", S_json, body, 503, "try again");
    S_expect("POST", "/api/check", S_json, "{\"archway\": 1}", 200, "\"diagnostics\"");
    S_expect("GET", "/metrics", NULL, NULL, 200, "status=\"503\"} 1");
    free(body);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("server");
    TCase *tc = aw_test_tcase(s, "api", S_setup, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_create_read_update_delete);
    tcase_add_test(tc, test_revisions_restore_and_diff);
    tcase_add_test(tc, test_check_on_save_and_findings);
    tcase_add_test(tc, test_import_xml);
    tcase_add_test(tc, test_artifacts);
    tcase_add_test(tc, test_nested_stacks_served);
    tcase_add_test(tc, test_pictures_and_layout);
    tcase_add_test(tc, test_picture_too_large_to_lay_out);
    tcase_add_test(tc, test_rules);
    tcase_add_test(tc, test_routing_errors);
    tcase_add_test(tc, test_service_endpoints_and_headers);
    tcase_add_test(tc, test_cross_origin_writes_refused);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_malformed_and_slow_requests);
    tcase_add_test(tc, test_static_files);
    tcase_add_test(tc, test_static_hashed_assets_cached_for_good);
    tcase_add_test(tc, test_path_traversal);
    tcase_add_test(tc, test_concurrent_writers_lose_nothing);
    tcase_add_test(tc, test_change_stream);
    tcase_add_test(tc, test_simulation_runs_and_is_stored);
    tcase_add_test(tc, test_simulation_cancelled);
    tcase_add_test(tc, test_simulation_limits);
    tcase_add_test(tc, test_simulation_cancelled_by_shutdown);
    tcase_add_test(tc, test_simulation_of_a_revision_with_errors);
    tcase_add_test(tc, test_schema_of_the_diagram_format);
    tcase_add_test(tc, test_session_without_token);
    TCase *short_sims = aw_test_tcase(s, "short simulations", S_setup_short_sims, S_teardown);
    tcase_set_timeout(short_sims, 60);
    tcase_add_test(short_sims, test_simulation_time_limit);
    TCase *docs = aw_test_tcase(s, "docs", NULL, NULL);
    tcase_add_test(docs, test_openapi_document_names_every_route);
    TCase *logged = aw_test_tcase(s, "access log", S_setup_logged, S_teardown);
    tcase_add_test(logged, test_one_access_log_line_per_request);
    TCase *small = aw_test_tcase(s, "small", S_setup_small, S_teardown);
    tcase_add_test(small, test_bodies_in_memory_are_bounded);
    TCase *tok = aw_test_tcase(s, "token", S_setup_token, S_teardown);
    tcase_add_test(tok, test_token_required);
    tcase_add_test(tok, test_session_cookie);
    TCase *short_sessions = aw_test_tcase(s, "short sessions", S_setup_short_sessions, S_teardown);
    tcase_add_test(short_sessions, test_session_expires);
    return s;
}

AW_TEST_MAIN(S_suite)
