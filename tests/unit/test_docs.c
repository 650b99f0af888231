/* The documentation side of Archway's output: Markdown that no diagram
 * text can break, the OpenAPI documents' tags, responses, servers, contact
 * and OAuth 2.0 flows, and the design page of `archway docs`. */
#include "test_support.h"

#include <jansson.h>

#include "../../compiler/docs_bundle.h"
#include "../../compiler/lint.h"
#include "../../emitters/markdown.h"

AW_TEST_COMPILE_FIXTURE("docs.json")

/* An HTTP API with a JWT authorizer, a custom domain, a grouped route and
 * a text that looks like Markdown. TOKEN_URL is spliced in. */
#define S_DIAGRAM(TOKEN_URL)                                                                                     \
    "{\"archway\": 1, \"name\": \"Parcels | *tracking*\", \"regions\": [\"eu-west-1\"],\n"                      \
    " \"description\": \"Where parcels are. <script>alert(1)</script> # not a heading\",\n"                     \
    " \"tags\": {\"owner\": \"parcels-team@example.com\", \"team\": \"parcels\"},\n"                            \
    " \"nodes\": [\n"                                                                                            \
    "  {\"kind\": \"api\", \"id\": \"parcels-api\", \"type\": \"http\", \"defaultAuthorizer\": \"couriers\",\n"  \
    "   \"customDomain\": {\"domainName\": \"api.parcels.example.com\", \"basePath\": \"v2\"}},\n"              \
    "  {\"kind\": \"stage\", \"id\": \"live\", \"name\": \"live\", \"api\": \"parcels-api\", \"throttle\": {\"rate\": 50, \"burst\": 100}},\n" \
    "  {\"kind\": \"authorizer\", \"id\": \"couriers\", \"type\": \"jwt\", \"issuer\": \"https://id.example.com/\",\n" \
    "   \"audiences\": [\"parcels\"]" TOKEN_URL "},\n"                                                          \
    "  {\"kind\": \"function\", \"id\": \"parcels-fn\", \"runtime\": \"nodejs22.x\", \"memory\": 256},\n"        \
    "  {\"kind\": \"integration\", \"id\": \"parcels-integ\", \"type\": \"lambda\", \"function\": \"parcels-fn\"},\n" \
    "  {\"kind\": \"route\", \"id\": \"get-parcel\", \"api\": \"parcels-api\", \"method\": \"GET\",\n"           \
    "   \"path\": \"/parcels/{parcelId}\", \"scopes\": [\"parcels/read\"], \"integration\": \"parcels-integ\"},\n" \
    "  {\"kind\": \"route\", \"id\": \"put-label\", \"api\": \"parcels-api\", \"method\": \"PUT\",\n"            \
    "   \"path\": \"/parcels/{parcelId}/label\", \"tag\": \"Labels\", \"scopes\": [\"parcels/write\"],\n"         \
    "   \"integration\": \"parcels-integ\"},\n"                                                                  \
    "  {\"kind\": \"route\", \"id\": \"health\", \"api\": \"parcels-api\", \"method\": \"GET\", \"path\": \"/{proxy+}\",\n" \
    "   \"authorizer\": \"none\", \"noneReason\": \"load balancer probes\", \"integration\": \"parcels-integ\"}\n" \
    " ]}\n"

static const char S_with_token_url[] = S_DIAGRAM(", \"tokenUrl\": \"https://id.example.com/oauth2/token\"");
static const char S_without_token_url[] = S_DIAGRAM("");

static aw_artifacts S_bundle(const char *text)
{
    ck_assert_int_eq(S_compile(text), AW_COMPILE_OK);
    aw_lint_config cfg = {.today = "2026-12-06"};
    aw_lint_run(&comp, &cfg);
    aw_artifacts out;
    aw_strbuf err = AW_STRBUF_INIT;
    ck_assert_msg(aw_docs_bundle_build(&comp, "docs.json", "parcels", &out, &err), "%s", err.data);
    aw_strbuf_free(&err);
    return out;
}

static const aw_artifact *S_file(const aw_artifacts *a, const char *name)
{
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->items[i].name, name) == 0)
            return &a->items[i];
    ck_abort_msg("the bundle has no %s", name);
    return NULL;
}

/* The OpenAPI document of the diagram's API, read back; the bundle is
 * freed (the document is the caller's). */
static json_t *S_openapi(const char *text)
{
    aw_artifacts a = S_bundle(text);
    json_error_t e;
    json_t *doc = json_loads(S_file(&a, "parcels/parcels-api.openapi.json")->data, 0, &e);
    ck_assert_msg(doc != NULL, "%s", e.text);
    aw_artifacts_free(&a);
    return doc;
}

/* A member of the operation at path and method ("get"). */
static json_t *S_op(json_t *doc, const char *path, const char *method, const char *member)
{
    json_t *op = json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
    ck_assert_msg(op != NULL, "no %s %s", method, path);
    return json_object_get(op, member);
}

static const char *S_tag_of(json_t *doc, const char *path, const char *method)
{
    return json_string_value(json_array_get(S_op(doc, path, method, "tags"), 0));
}

static json_t *S_scheme(json_t *doc)
{
    return json_object_get(json_object_get(json_object_get(doc, "components"), "securitySchemes"), "couriers");
}

/* Diagram text as Markdown: punctuation that could open markup escaped,
 * cells on one line, code spans fenced wider than the backticks inside. */
static const struct {
    void (*write)(aw_strbuf *out, const char *s, bool cell);
    const char *text;
    bool cell;
    const char *expected;
} S_markdown_cases[] = {
    {aw_md_text, "a|b *c* _d_ <e> [f](g) #h\nnext", true, "a\\|b \\*c\\* \\_d\\_ \\<e\\> \\[f\\](g) \\#h next"},
    {aw_md_text, "two\nlines", false, "two\nlines"},
    {aw_md_code, "a`b|c", true, "``a`b\\|c``"},
    {aw_md_code, "`x", false, "`` `x ``"},
};

START_TEST(test_markdown_text_cannot_make_markup)
{
    aw_strbuf b = AW_STRBUF_INIT;
    S_markdown_cases[_i].write(&b, S_markdown_cases[_i].text, S_markdown_cases[_i].cell);
    ck_assert_str_eq(b.data, S_markdown_cases[_i].expected);
    b.len = 0;
    aw_md_table_head(&b, "A|B");
    ck_assert_str_eq(b.data, "| A | B |\n|---|---|\n");
    aw_strbuf_free(&b);
}
END_TEST

START_TEST(test_openapi_tags_group_routes)
{
    json_t *doc = S_openapi(S_with_token_url);
    ck_assert_str_eq(S_tag_of(doc, "/parcels/{parcelId}", "get"), "parcels");
    ck_assert_str_eq(S_tag_of(doc, "/parcels/{parcelId}/label", "put"), "Labels");
    /* A path that starts with a variable is grouped under the API. */
    ck_assert_str_eq(S_tag_of(doc, "/{proxy+}", "get"), "parcels-api");
    /* The document lists each tag once, by name. */
    json_t *tags = json_object_get(doc, "tags");
    ck_assert_int_eq(json_array_size(tags), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(tags, 0), "name")), "Labels");
    json_decref(doc);
}
END_TEST

START_TEST(test_openapi_refusals_follow_the_authorizer)
{
    static const struct { const char *status; bool guarded, open; } expected[] = {
        {"200", true, true}, {"401", true, false}, {"403", true, false}, {"429", true, true},
    };
    json_t *doc = S_openapi(S_with_token_url);
    json_t *guarded = S_op(doc, "/parcels/{parcelId}", "get", "responses");
    json_t *open = S_op(doc, "/{proxy+}", "get", "responses");
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        ck_assert_msg((json_object_get(guarded, expected[i].status) != NULL) == expected[i].guarded, "%s, guarded",
                      expected[i].status);
        ck_assert_msg((json_object_get(open, expected[i].status) != NULL) == expected[i].open, "%s, public",
                      expected[i].status);
    }
    json_decref(doc);
}
END_TEST

START_TEST(test_openapi_servers_and_contact)
{
    json_t *doc = S_openapi(S_with_token_url);
    json_t *server = json_array_get(json_object_get(doc, "servers"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(server, "url")), "https://api.parcels.example.com/v2");
    json_t *contact = json_object_get(json_object_get(doc, "info"), "contact");
    ck_assert_str_eq(json_string_value(json_object_get(contact, "email")), "parcels-team@example.com");
    ck_assert_str_eq(json_string_value(json_object_get(contact, "name")), "parcels");
    json_decref(doc);
}
END_TEST

START_TEST(test_openapi_scopes_declared_in_a_flow)
{
    json_t *doc = S_openapi(S_with_token_url);
    ck_assert_str_eq(json_string_value(json_object_get(S_scheme(doc), "type")), "oauth2");
    json_t *flow = json_object_get(json_object_get(S_scheme(doc), "flows"), "clientCredentials");
    ck_assert_str_eq(json_string_value(json_object_get(flow, "tokenUrl")), "https://id.example.com/oauth2/token");
    json_t *scopes = json_object_get(flow, "scopes");
    ck_assert_int_eq(json_object_size(scopes), 2);
    ck_assert_ptr_nonnull(json_object_get(scopes, "parcels/read"));
    ck_assert_ptr_nonnull(json_object_get(scopes, "parcels/write"));
    json_decref(doc);
}
END_TEST

START_TEST(test_openapi_scopes_without_token_url_are_noted)
{
    json_t *doc = S_openapi(S_without_token_url);
    ck_assert_int_eq(json_object_size(json_object_get(S_scheme(doc), "flows")), 0);
    bool noted = false;
    for (size_t i = 0; i < comp.diags.count; i++)
        noted |= strstr(comp.diags.items[i].message, "gives no tokenUrl") != NULL;
    ck_assert_msg(noted, "no note that the scopes cannot be declared");
    json_decref(doc);
}
END_TEST

START_TEST(test_page_escapes_and_links_relatively)
{
    aw_artifacts a = S_bundle(S_with_token_url);
    const char *md = S_file(&a, "parcels.md")->data;
    ck_assert_ptr_nonnull(strstr(md, "# Parcels \\| \\*tracking\\*\n"));
    ck_assert_ptr_null(strstr(md, "<script>"));
    ck_assert_ptr_nonnull(strstr(md, "](parcels.svg)"));
    ck_assert_ptr_nonnull(strstr(md, "](parcels/parcels-api.openapi.json)"));
    ck_assert_ptr_null(strstr(md, "](/"));
    ck_assert_ptr_null(strstr(md, "](http"));
    /* Every route is in the route table, under its group. */
    ck_assert_ptr_nonnull(strstr(md, "| parcels | GET | `/parcels/{parcelId}` |"));
    ck_assert_ptr_nonnull(strstr(md, "| Labels | PUT | `/parcels/{parcelId}/label` |"));
    ck_assert_ptr_nonnull(strstr(md, "| parcels-api | GET | `/{proxy+}` | public |"));
    ck_assert_ptr_nonnull(strstr(md, "https://api.parcels.example.com/v2"));
    aw_artifacts_free(&a);
}
END_TEST

START_TEST(test_page_is_the_same_bytes_twice)
{
    aw_artifacts a = S_bundle(S_with_token_url);
    aw_test_compile_free(&comp, &compiled);
    aw_artifacts b = S_bundle(S_with_token_url);
    ck_assert_uint_eq(a.count, b.count);
    for (size_t i = 0; i < a.count; i++) {
        ck_assert_str_eq(a.items[i].name, b.items[i].name);
        ck_assert_uint_eq(a.items[i].len, b.items[i].len);
        ck_assert_msg(memcmp(a.items[i].data, b.items[i].data, a.items[i].len) == 0, "%s differs", a.items[i].name);
    }
    aw_artifacts_free(&a);
    aw_artifacts_free(&b);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("docs");
    TCase *tc = aw_test_tcase(s, "markdown", NULL, S_teardown);
    tcase_add_loop_test(tc, test_markdown_text_cannot_make_markup, 0,
                        (int)(sizeof S_markdown_cases / sizeof S_markdown_cases[0]));
    tc = aw_test_tcase(s, "openapi", NULL, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_openapi_tags_group_routes);
    tcase_add_test(tc, test_openapi_refusals_follow_the_authorizer);
    tcase_add_test(tc, test_openapi_servers_and_contact);
    tcase_add_test(tc, test_openapi_scopes_declared_in_a_flow);
    tcase_add_test(tc, test_openapi_scopes_without_token_url_are_noted);
    tc = aw_test_tcase(s, "page", NULL, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_page_escapes_and_links_relatively);
    tcase_add_test(tc, test_page_is_the_same_bytes_twice);
    return s;
}

AW_TEST_MAIN(S_suite)
