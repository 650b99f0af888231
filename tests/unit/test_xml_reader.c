/* Unit tests of the XML front end: the document tree it builds, and one
 * exact diagnostic for each kind of bad, hostile or oversized input. */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../compiler/build.h"
#include "../../compiler/limits.h"
#include "../../compiler/readers.h"
#include "../../ir/strbuf.h"
#include "test_support.h"

AW_TEST_READER_FIXTURE(aw_xml_read, "diagram.xml")

static const aw_doc *S_item(const aw_doc *object, size_t i)
{
    ck_assert_int_eq(object->kind, AW_DOC_OBJECT);
    ck_assert_uint_lt(i, object->as.object.count);
    return object->as.object.members[i].value;
}

/* XML locations have lines but no columns. */
static void S_assert_loc(const aw_loc *loc, unsigned line, const char *path)
{
    aw_test_assert_loc(loc, "diagram.xml", line, AW_NO_COLUMN, path);
}

static void S_assert_text(const aw_doc *doc, const char *text, const char *tag)
{
    ck_assert_int_eq(doc->kind, AW_DOC_STRING);
    ck_assert(doc->untyped);
    ck_assert_str_eq(doc->as.string.chars, text);
    ck_assert_uint_eq(doc->as.string.len, strlen(text));
    if (tag)
        ck_assert_str_eq(doc->tag, tag);
    else
        ck_assert_ptr_null(doc->tag);
}

/* One xml-schema error with this wording, path and node id. */
static void S_assert_schema_error(const char *text, unsigned line, const char *path,
                                  const char *element, const char *message)
{
    const aw_diag *d = S_assert_error(S_read(text), "xml-schema", line, AW_NO_COLUMN, message);
    ck_assert_str_eq(d->loc.path, path);
    aw_test_assert_element(d, element);
}

static double S_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- The tree ------------------------------------------------------------ */

/* Line 10's route spans two lines: its location is the line of its '<'.
 * Comments, processing instructions and blank text between elements leave
 * no trace; CDATA is text; entity and character references are decoded. */
static const char S_diagram[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                              /* 1 */
    "<!-- a small diagram -->\n"                                               /* 2 */
    "<diagram archway=\"1\" name=\"Pets\" description=\"a &amp; b &#233;\">\n"  /* 3 */
    "  <regions><region>us-east-1</region><region><![CDATA[eu-<west>-1]]></region></regions>\n"
    "  <tags><entry key=\"team\" value=\"pets\"/></tags>\n"                    /* 5 */
    "  <nodes>\n"                                                              /* 6 */
    "    <api id=\"api\" type=\"http\" name=\"Pets API\">\n"                   /* 7 */
    "      <?editor keep?><position x=\"10\" y=\"20\"/>\n"                     /* 8 */
    "    </api>\n"                                                             /* 9 */
    "    <route id=\"r1\" api=\"api\" method=\"GET\"\n"                        /* 10 */
    "           path=\"/pets\" integration=\"i1\">\n"                          /* 11 */
    "      <throttle rate=\"100\" burst=\"200\"/>\n"                           /* 12 */
    "    </route>\n"                                                           /* 13 */
    "    <route id=\"r2\" api=\"api\" method=\"POST\" path=\"/pets\" integration=\"i1\"/>\n"
    "    <integration id=\"i1\" type=\"lambda\" function=\"f\" timeout=\"29s\"/>\n"
    "    <function id=\"f\" runtime=\"nodejs22.x\" memory=\"256\"/>\n"         /* 16 */
    "    <stage id=\"s\" api=\"api\" name=\"prod\">\n"                         /* 17 */
    "      <routeThrottles><routeThrottle route=\"r1\" rate=\"5\" burst=\"10\"/></routeThrottles>\n"
    "      <variables/>\n"                                                     /* 19 */
    "    </stage>\n"
    "    <usagePlan id=\"plan\"><stages><stage>s</stage></stages></usagePlan>\n"
    "  </nodes>\n"
    "  <edges><edge from=\"r1\" to=\"i1\"/></edges>\n"                         /* 23 */
    "</diagram>\n";

START_TEST(test_tree_shape)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_msg(doc != NULL, "%s", diags.count ? diags.items[0].message : "-");
    ck_assert_uint_eq(diags.count, 0);
    ck_assert_int_eq(doc->kind, AW_DOC_OBJECT);
    ck_assert(!doc->untyped);
    ck_assert_str_eq(doc->tag, "diagram");
    /* Attributes in document order, then child elements in order. */
    static const char *const keys[] = {"archway", "name", "description", "regions", "tags",
                                       "nodes", "edges"};
    ck_assert_uint_eq(doc->as.object.count, 7);
    for (size_t i = 0; i < 7; i++)
        ck_assert_str_eq(doc->as.object.members[i].key, keys[i]);

    S_assert_text(aw_test_get(doc, "archway"), "1", NULL);
    S_assert_text(aw_test_get(doc, "description"), "a & b \xc3\xa9", NULL);

    const aw_doc *regions = aw_test_get(doc, "regions");
    ck_assert_str_eq(regions->tag, "regions");
    ck_assert_uint_eq(regions->as.object.count, 2);
    ck_assert_str_eq(regions->as.object.members[1].key, "region");
    S_assert_text(S_item(regions, 0), "us-east-1", "region");
    S_assert_text(S_item(regions, 1), "eu-<west>-1", "region");

    const aw_doc *entry = aw_test_get(aw_test_get(doc, "tags"), "entry");
    ck_assert_str_eq(entry->tag, "entry");
    S_assert_text(aw_test_get(entry, "key"), "team", NULL);
    S_assert_text(aw_test_get(entry, "value"), "pets", NULL);

    const aw_doc *nodes = aw_test_get(doc, "nodes");
    static const char *const kinds[] = {"api", "route", "route", "integration", "function",
                                        "stage", "usagePlan"};
    ck_assert_uint_eq(nodes->as.object.count, 7);
    for (size_t i = 0; i < 7; i++) {
        ck_assert_str_eq(nodes->as.object.members[i].key, kinds[i]);
        ck_assert_str_eq(S_item(nodes, i)->tag, kinds[i]);
    }
    const aw_doc *api = S_item(nodes, 0);
    ck_assert_uint_eq(api->as.object.count, 4);    /* the PI is skipped */
    S_assert_text(aw_test_get(aw_test_get(api, "position"), "x"), "10", NULL);

    const aw_doc *r1 = S_item(nodes, 1);
    ck_assert_uint_eq(r1->as.object.count, 6);
    ck_assert_str_eq(r1->as.object.members[5].key, "throttle");
    S_assert_text(aw_test_get(aw_test_get(r1, "throttle"), "burst"), "200", NULL);

    /* An element with neither attributes nor children is text, here empty. */
    S_assert_text(aw_test_get(S_item(nodes, 5), "variables"), "", "variables");
    S_assert_text(aw_test_get(aw_test_get(S_item(nodes, 6), "stages"), "stage"), "s", "stage");

    ck_assert_str_eq(doc->loc.file, "diagram.xml");
    ck_assert_ptr_eq(doc->loc.file, aw_test_get(r1, "id")->loc.file);    /* copied once */
}
END_TEST

START_TEST(test_lines_and_paths)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&doc->loc, 3, "/diagram");
    const aw_doc_member *name = aw_test_member(doc, "name");
    S_assert_loc(&name->key_loc, 3, "/diagram/@name");
    S_assert_loc(&name->value->loc, 3, "/diagram/@name");

    const aw_doc *regions = aw_test_get(doc, "regions");
    S_assert_loc(&regions->loc, 4, "/diagram/regions");
    S_assert_loc(&S_item(regions, 1)->loc, 4, "/diagram/regions/region[2]");
    S_assert_loc(&regions->as.object.members[1].key_loc, 4, "/diagram/regions/region[2]");
    S_assert_loc(&aw_test_get(aw_test_get(doc, "tags"), "entry")->loc, 5, "/diagram/tags/entry");

    const aw_doc *nodes = aw_test_get(doc, "nodes");
    S_assert_loc(&S_item(nodes, 0)->loc, 7, "/diagram/nodes/api");
    S_assert_loc(&aw_test_get(S_item(nodes, 0), "position")->loc, 8, "/diagram/nodes/api/position");
    const aw_doc *r1 = S_item(nodes, 1);
    S_assert_loc(&r1->loc, 10, "/diagram/nodes/route[1]");
    S_assert_loc(&aw_test_member(r1, "path")->key_loc, 10, "/diagram/nodes/route[1]/@path");
    const aw_doc *throttle = aw_test_get(r1, "throttle");
    S_assert_loc(&throttle->loc, 12, "/diagram/nodes/route[1]/throttle");
    S_assert_loc(&aw_test_get(throttle, "rate")->loc, 12, "/diagram/nodes/route[1]/throttle/@rate");
    S_assert_loc(&S_item(nodes, 2)->loc, 14, "/diagram/nodes/route[2]");
    S_assert_loc(&aw_test_get(S_item(nodes, 2), "method")->loc, 14, "/diagram/nodes/route[2]/@method");
    S_assert_loc(&S_item(nodes, 4)->loc, 16, "/diagram/nodes/function");
    S_assert_loc(&aw_test_get(S_item(nodes, 5), "variables")->loc, 19, "/diagram/nodes/stage/variables");
    S_assert_loc(&aw_test_get(aw_test_get(doc, "edges"), "edge")->loc, 23, "/diagram/edges/edge");
}
END_TEST

/* The builder takes the tree as it is: the two front ends meet there. */
START_TEST(test_builds_model)
{
    aw_model *model = aw_model_new();
    aw_diags d;
    aw_diags_init(&d, &model->arena);
    aw_doc *doc = aw_xml_read(&model->arena, &d, "diagram.xml", S_diagram, strlen(S_diagram));
    ck_assert_ptr_nonnull(doc);
    size_t errors = aw_build_model(model, doc, &d);
    ck_assert_msg(errors == 0, "%s", d.count ? d.items[0].message : "-");
    ck_assert_uint_eq(model->node_count, 7);
    ck_assert_uint_eq(model->edge_count, 1);
    ck_assert_uint_eq(model->regions.count, 2);
    ck_assert_int_eq(model->nodes[1]->as.route.method, AW_METHOD_GET);
    ck_assert_int_eq(model->nodes[1]->as.route.throttle->burst, 200);
    ck_assert_uint_eq(model->nodes[1]->loc.line, 10);
    aw_diags_free(&d);
    aw_model_free(model);
}
END_TEST

START_TEST(test_latin1_declaration)
{
    /* 0xE9 is é in ISO-8859-1; the tree holds UTF-8. */
    aw_doc *doc = S_read("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                         "<diagram archway=\"1\" name=\"caf\xe9\"/>\n");
    ck_assert_ptr_nonnull(doc);
    S_assert_text(aw_test_get(doc, "name"), "caf\xc3\xa9", NULL);
    S_assert_loc(&doc->loc, 2, "/diagram");
}
END_TEST

START_TEST(test_bom_and_crlf)
{
    aw_doc *doc = S_read("\xEF\xBB\xBF<diagram archway=\"1\"\r\n name=\"d\">\r\n<regions/></diagram>");
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&doc->loc, 1, "/diagram");
    S_assert_loc(&aw_test_get(doc, "regions")->loc, 3, "/diagram/regions");
}
END_TEST

START_TEST(test_not_nul_terminated)
{
    static const char text[] = "<diagram archway=\"1\" name=\"d\"/>garbage";
    aw_doc *doc = S_read_n(text, strlen("<diagram archway=\"1\" name=\"d\"/>"));
    ck_assert_ptr_nonnull(doc);
}
END_TEST

/* ---- Schema errors, in the format's words ---------------------------------- */

#define NODES(x) "<diagram archway=\"1\" name=\"d\">\n<nodes>\n" x "\n</nodes>\n</diagram>\n"

START_TEST(test_unknown_attribute)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" methd=\"GET\" integration=\"i\"/>"), 3,
                          "/diagram/nodes/route/@methd", "r1",
                          "unknown attribute 'methd' on <route>; did you mean 'method'?");
}
END_TEST

START_TEST(test_unknown_attribute_no_suggestion)
{
    S_assert_schema_error(NODES("<apiKey id=\"k\" colour=\"red\"/>"), 3, "/diagram/nodes/apiKey/@colour",
                          "k", "unknown attribute 'colour' on <apiKey>");
}
END_TEST

START_TEST(test_unknown_element)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" integration=\"i\"><throtle rate=\"1\" "
                                "burst=\"1\"/></route>"),
                          3, "/diagram/nodes/route/throtle", "r1",
                          "unknown element <throtle> in <route>; did you mean 'throttle'?");
}
END_TEST

START_TEST(test_unknown_node_kind)
{
    S_assert_schema_error(NODES("<api id=\"a\" type=\"http\"/>\n<rout id=\"r1\"/>"), 4,
                          "/diagram/nodes/rout", "r1",
                          "unknown node kind <rout> in <nodes>; did you mean 'route'?");
}
END_TEST

START_TEST(test_scalar_written_as_element)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" integration=\"i\"><method>GET</method></route>"),
                          3, "/diagram/nodes/route/method", "r1",
                          "'method' must be an attribute of <route>, not a child element");
}
END_TEST

START_TEST(test_object_written_as_attribute)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" integration=\"i\" throttle=\"5\"/>"), 3,
                          "/diagram/nodes/route/@throttle", "r1",
                          "'throttle' must be a child element of <route>, not an attribute");
}
END_TEST

START_TEST(test_element_twice)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" integration=\"i\">\n"
                                "<throttle rate=\"1\" burst=\"1\"/>\n<throttle rate=\"2\" burst=\"2\"/>\n"
                                "</route>"),
                          5, "/diagram/nodes/route/throttle[2]", "r1",
                          "'throttle' is given twice in <route>");
}
END_TEST

START_TEST(test_wrong_list_item)
{
    S_assert_schema_error("<diagram archway=\"1\" name=\"d\">\n<regions><regoin>x</regoin></regions>\n"
                          "</diagram>",
                          2, "/diagram/regions/regoin", NULL, "'regions' holds <region> elements, found <regoin>");
}
END_TEST

START_TEST(test_wrong_enum)
{
    S_assert_schema_error(NODES("<route id=\"r1\" api=\"a\" integration=\"i\" method=\"get\"/>"), 3,
                          "/diagram/nodes/route/@method", "r1",
                          "'method' must be one of \"ANY\", \"GET\", \"POST\", \"PUT\", \"PATCH\", "
                          "\"DELETE\", \"HEAD\", \"OPTIONS\", found \"get\"; did you mean \"GET\"?");
}
END_TEST

START_TEST(test_bad_duration)
{
    S_assert_schema_error(NODES("<integration id=\"i\" type=\"mock\" timeout=\"29 seconds\"/>"), 3,
                          "/diagram/nodes/integration/@timeout", "i",
                          "'timeout' must be a duration with a unit, such as \"29s\" or \"150ms\", "
                          "found \"29 seconds\"");
}
END_TEST

START_TEST(test_bad_scalars)
{
    S_assert_schema_error(NODES("<apiKey id=\"k\" enabled=\"yes\"/>"), 3, "/diagram/nodes/apiKey/@enabled",
                          "k", "'enabled' must be true or false, found \"yes\"");
}
END_TEST

START_TEST(test_bad_integer)
{
    S_assert_schema_error(NODES("<stage id=\"s\" api=\"a\"><throttle rate=\"1\" burst=\"1.5\"/></stage>"), 3,
                          "/diagram/nodes/stage/throttle/@burst", "s",
                          "'burst' must be an integer, found \"1.5\"");
}
END_TEST

START_TEST(test_nan_is_not_a_number)
{
    /* libxml2 reports NaN twice (range, then pattern): one diagnostic. */
    S_assert_schema_error(NODES("<function id=\"f\" runtime=\"nodejs22.x\" errorRate=\"NaN\"/>"), 3,
                          "/diagram/nodes/function/@errorRate", "f",
                          "'errorRate' must be a number, found \"NaN\"");
}
END_TEST

START_TEST(test_out_of_range)
{
    S_assert_schema_error(NODES("<function id=\"f\" runtime=\"nodejs22.x\" memory=\"64\"/>"), 3,
                          "/diagram/nodes/function/@memory", "f",
                          "'memory' must be between 128 and 10240, found 64");
}
END_TEST

START_TEST(test_missing_attribute)
{
    S_assert_schema_error(NODES("<route id=\"r1\" integration=\"i\"/>"), 3, "/diagram/nodes/route", "r1",
                          "<route> is missing the required attribute 'api'");
}
END_TEST

START_TEST(test_missing_child_element)
{
    S_assert_schema_error(NODES("<client id=\"c\"><mix/></client>"), 3, "/diagram/nodes/client", "c",
                          "<client> is missing the required child element <traffic>");
}
END_TEST

START_TEST(test_text_in_object)
{
    S_assert_schema_error(NODES("<stage id=\"s\" api=\"a\">prod</stage>"), 3, "/diagram/nodes/stage", "s",
                          "<stage> may not contain text, only child elements");
}
END_TEST

START_TEST(test_wrong_root)
{
    S_assert_schema_error("<diagramm archway=\"1\" name=\"d\"/>", 1, "/diagramm", NULL,
                          "the root element must be <diagram>, found <diagramm>");
}
END_TEST

START_TEST(test_namespaced_root)
{
    S_assert_schema_error("<diagram xmlns=\"urn:x\" archway=\"1\" name=\"d\"/>", 1, "/diagram", NULL,
                          "the root element must be <diagram> in no namespace, found <diagram> in "
                          "namespace 'urn:x'");
}
END_TEST

START_TEST(test_several_errors)
{
    aw_doc *doc = S_read(NODES("<route id=\"r1\" api=\"a\" integration=\"i\" methd=\"GET\"/>\n"
                               "<function id=\"f\" runtime=\"nodejs22.x\" memory=\"64\"/>\n"
                               "<apiKey id=\"k\" enabled=\"1\"/>"));
    ck_assert_ptr_null(doc);
    ck_assert_uint_eq(diags.count, 3);
    ck_assert_uint_eq(diags.items[0].loc.line, 3);
    ck_assert_uint_eq(diags.items[1].loc.line, 4);
    ck_assert_uint_eq(diags.items[2].loc.line, 5);
    ck_assert_str_eq(diags.items[2].message, "'enabled' must be true or false, found \"1\"");
}
END_TEST

/* Beyond the diagnostics limit errors are counted, not kept. */
START_TEST(test_many_errors)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<diagram archway=\"1\" name=\"d\"><nodes>\n");
    for (int i = 0; i < 1500; i++)
        aw_strbuf_printf(&b, "<apiKey id=\"k%d\" enabled=\"yes\"/>\n", i);
    aw_strbuf_puts(&b, "</nodes></diagram>\n");
    aw_doc *doc = S_read_n(b.data, b.len);
    aw_strbuf_free(&b);
    ck_assert_ptr_null(doc);
    ck_assert_uint_eq(diags.count, AW_MAX_DIAGNOSTICS);
    ck_assert_str_eq(diags.items[999].loc.path, "/diagram/nodes/apiKey[1000]/@enabled");
}
END_TEST

/* ---- Syntax, encodings and hostile input ----------------------------------- */

START_TEST(test_malformed)
{
    aw_doc *doc = S_read("<diagram archway=\"1\" name=\"d\">\n  <nodes>\n</diagram>\n");
    /* The caret goes to the start of the closing tag, not past it. */
    S_assert_error(doc, "xml-syntax", 3, 1, "closing tag </diagram> does not match <nodes>, opened on line 2");
    ck_assert_ptr_null(diags.items[0].loc.path);
}
END_TEST

START_TEST(test_undefined_entity)
{
    aw_doc *doc = S_read("<diagram archway=\"1\"\n name=\"&x;\"/>");
    S_assert_error(doc, "xml-syntax", 2, 11, "Entity 'x' not defined");
}
END_TEST

START_TEST(test_empty_input)
{
    S_assert_error(S_read_n("", 0), "xml-syntax", 1, AW_NO_COLUMN,
                   "empty input: expected a <diagram> element");
}
END_TEST

START_TEST(test_blank_input)
{
    S_assert_error(S_read(" \n\t "), "xml-syntax", 1, AW_NO_COLUMN,
                   "empty input: expected a <diagram> element");
}
END_TEST

START_TEST(test_no_text)
{
    S_assert_error(aw_xml_read(&arena, &diags, "diagram.xml", NULL, 10), "xml-syntax", 1, AW_NO_COLUMN,
                   "empty input: expected a <diagram> element");
}
END_TEST

START_TEST(test_invalid_utf8)
{
    aw_doc *doc = S_read("<diagram archway=\"1\"\n name=\"caf\xe9\"/>");
    S_assert_error(doc, "xml-syntax", 2, 11,
                   "invalid UTF-8: write the diagram in UTF-8, or declare its encoding");
}
END_TEST

START_TEST(test_unsupported_encoding)
{
    aw_doc *doc = S_read("<?xml version=\"1.0\" encoding=\"IBM037\"?>\n<diagram archway=\"1\" name=\"d\"/>");
    S_assert_error(doc, "xml-encoding", 1, AW_NO_COLUMN,
                   "unsupported encoding \"IBM037\": write the diagram in UTF-8 (ISO-8859-1, "
                   "ISO-8859-15 and windows-1252 are also read)");
}
END_TEST

START_TEST(test_utf16)
{
    static const char text[] = "\xff\xfe<\0d\0/\0>\0";
    S_assert_error(S_read_n(text, sizeof text - 1), "xml-encoding", 1, AW_NO_COLUMN,
                   "the document is in UTF-16, UTF-32 or EBCDIC; write it in UTF-8");
}
END_TEST

/* The classic: ten levels of ten references, 10^9 "lol"s if expanded. */
START_TEST(test_billion_laughs)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE diagram [\n <!ENTITY lol \"lol\">\n");
    for (int level = 1; level <= 9; level++) {
        aw_strbuf_printf(&b, " <!ENTITY lol%d \"", level);
        for (int i = 0; i < 10; i++)
            aw_strbuf_printf(&b, level == 1 ? "&lol;" : "&lol%d;", level - 1);
        aw_strbuf_puts(&b, "\">\n");
    }
    aw_strbuf_puts(&b, "]>\n<diagram archway=\"1\" name=\"&lol9;\"/>\n");
    double start = S_seconds();
    aw_doc *doc = S_read_n(b.data, b.len);
    double took = S_seconds() - start;
    aw_strbuf_free(&b);
    S_assert_error(doc, "xml-dtd", 2, AW_NO_COLUMN, "DTDs and entity declarations are not allowed");
    ck_assert_msg(took < 0.5, "took %.3f s", took);
    ck_assert_uint_lt(arena.total, 1024 * 1024);    /* nothing was expanded into it */
}
END_TEST

static void S_assert_no_passwd(void)
{
    FILE *f = fopen("/etc/passwd", "r");
    char line[256] = "root:x:0:0:";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = '\0';
        fclose(f);
        line[strcspn(line, "\n")] = '\0';
    }
    for (size_t i = 0; i < diags.count && line[0]; i++) {
        ck_assert_ptr_null(strstr(diags.items[i].message, line));
        ck_assert_ptr_null(strstr(diags.items[i].message, "root:"));
    }
}

START_TEST(test_external_entity)
{
    aw_doc *doc = S_read("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE diagram [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
                         "<diagram archway=\"1\" name=\"&xxe;\"/>\n");
    S_assert_error(doc, "xml-dtd", 2, AW_NO_COLUMN, "DTDs and entity declarations are not allowed");
    S_assert_no_passwd();
}
END_TEST

START_TEST(test_external_subset)
{
    aw_doc *doc = S_read("<?xml version=\"1.0\"?>\n<!-- x --><?pi y?>\n"
                         "<!DOCTYPE diagram SYSTEM \"file:///etc/passwd\">\n"
                         "<diagram archway=\"1\" name=\"x\"/>\n");
    S_assert_error(doc, "xml-dtd", 3, AW_NO_COLUMN, "DTDs and entity declarations are not allowed");
    S_assert_no_passwd();
}
END_TEST

START_TEST(test_doctype_after_root)
{
    aw_doc *doc = S_read("<diagram archway=\"1\" name=\"x\"/>\n<!DOCTYPE diagram>\n");
    S_assert_error(doc, "xml-syntax", 2, 1, "Extra content at the end of the document");
}
END_TEST

static char *S_nested(size_t depth, size_t *len)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<diagram archway=\"1\" name=\"d\">");
    for (size_t i = 0; i < depth; i++)
        aw_strbuf_puts(&b, "<a>");
    for (size_t i = 0; i < depth; i++)
        aw_strbuf_puts(&b, "</a>");
    aw_strbuf_puts(&b, "</diagram>");
    return aw_strbuf_detach(&b, len);
}

START_TEST(test_too_deep_1000)
{
    size_t len;
    char *text = S_nested(1000, &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    S_assert_error(doc, "too-deep", 1, AW_NO_COLUMN, "nesting deeper than 64 levels");
}
END_TEST

START_TEST(test_depth_limit_exact)
{
    size_t len;
    char *text = S_nested(AW_MAX_DEPTH - 1, &len);  /* 64 levels with the root */
    aw_doc *doc = S_read_n(text, len);
    free(text);
    /* Not too deep, only wrong: <a> is no part of a diagram. */
    S_assert_error(doc, "xml-schema", 1, AW_NO_COLUMN, "unknown element <a> in <diagram>");
}
END_TEST

START_TEST(test_too_many_attributes)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<diagram archway=\"1\" name=\"d\">\n<nodes><api id=\"a\" type=\"http\"");
    for (int i = 0; i < 200000; i++)
        aw_strbuf_printf(&b, " a%d=\"\"", i);
    aw_strbuf_puts(&b, "/></nodes></diagram>");
    double start = S_seconds();
    aw_doc *doc = S_read_n(b.data, b.len);
    double took = S_seconds() - start;
    aw_strbuf_free(&b);
    S_assert_error(doc, "too-many-attributes", 2, AW_NO_COLUMN, "an element has more than 64 attributes");
    ck_assert_msg(took < 0.5, "took %.3f s", took);
}
END_TEST

START_TEST(test_quoted_equals_are_not_attributes)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<diagram archway=\"1\" name=\"");
    for (int i = 0; i < 500; i++)
        aw_strbuf_puts(&b, "a=b ");
    aw_strbuf_puts(&b, "\"><!-- x=1 y=2 --></diagram>");
    aw_doc *doc = S_read_n(b.data, b.len);
    aw_strbuf_free(&b);
    ck_assert_ptr_nonnull(doc);
}
END_TEST

START_TEST(test_input_too_large)
{
    size_t len = (size_t)AW_MAX_INPUT_BYTES + 1;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    memset(text, ' ', len);
    memcpy(text, "<diagram/>", 10);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    S_assert_error(doc, "input-too-large", 0, AW_NO_COLUMN,
                   "input is 67108865 bytes, more than the limit of 67108864 bytes (64 MiB)");
}
END_TEST

START_TEST(test_memory_capped)
{
    /* Five million empty elements, each with the line break after it: 25
     * MB that libxml2 would hold in about 1.2 GB. Refused within the cap of
     * 32 times the size plus 64 MiB, before the schema sees it. */
    size_t n = 5000000, len = 0;
    char *text = malloc(n * 5 + 64);
    ck_assert_ptr_nonnull(text);
    len += (size_t)sprintf(text, "<diagram archway=\"1\" name=\"x\"><nodes>");
    for (size_t i = 0; i < n; i++, len += 5)
        memcpy(text + len, "<a/>\n", 5);
    len += (size_t)sprintf(text + len, "</nodes></diagram>\n");
    aw_doc *doc = S_read_n(text, len);
    free(text);
    ck_assert_ptr_null(doc);
    ck_assert_uint_ge(diags.count, 1);
    ck_assert_str_eq(diags.items[0].code, "too-complex");
    ck_assert_ptr_nonnull(strstr(diags.items[0].message, "32 times its size"));
}
END_TEST

START_TEST(test_string_too_long)
{
    size_t n = AW_MAX_STRING_BYTES + 1;
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "<diagram archway=\"1\"\n name=\"");
    char *chunk = malloc(n);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, 'x', n);
    aw_strbuf_put(&b, chunk, n);
    free(chunk);
    aw_strbuf_puts(&b, "\"/>");
    aw_doc *doc = S_read_n(b.data, b.len);
    aw_strbuf_free(&b);
    S_assert_error(doc, "string-too-long", 1, AW_NO_COLUMN,
                   "an attribute value is 1048577 bytes, more than the limit of 1048576 bytes (1 MiB)");
    ck_assert_str_eq(diags.items[0].loc.path, "/diagram/@name");
}
END_TEST

/* ---- Threads ------------------------------------------------------------------ */

/* The server reads diagrams on several threads at once: the one-time setup
 * and libxml2's error handlers must not mix them up. */
static void *S_reader_thread(void *arg)
{
    long id = (long)(intptr_t)arg;
    for (int i = 0; i < 20; i++) {
        aw_arena a;
        aw_diags d;
        aw_arena_init(&a);
        aw_diags_init(&d, &a);
        bool good = (i + id) % 2 == 0;
        const char *text = good ? S_diagram
                                : NODES("<route id=\"r1\" api=\"a\" methd=\"GET\" integration=\"i\"/>");
        aw_doc *doc = aw_xml_read(&a, &d, "diagram.xml", text, strlen(text));
        bool ok = good ? doc && d.count == 0
                       : !doc && d.count == 1 &&
                             strcmp(d.items[0].message,
                                    "unknown attribute 'methd' on <route>; did you mean 'method'?") == 0;
        aw_diags_free(&d);
        aw_arena_free(&a);
        if (!ok)
            return (void *)1;
    }
    return NULL;
}

START_TEST(test_threads)
{
    pthread_t threads[6];
    for (long i = 0; i < 6; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, S_reader_thread, (void *)(intptr_t)i), 0);
    for (int i = 0; i < 6; i++) {
        void *result;
        pthread_join(threads[i], &result);
        ck_assert_ptr_null(result);
    }
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("xml_reader");
    TCase *tree = aw_test_tcase(s, "tree", S_setup, S_teardown);
    tcase_add_test(tree, test_tree_shape);
    tcase_add_test(tree, test_lines_and_paths);
    tcase_add_test(tree, test_builds_model);
    tcase_add_test(tree, test_latin1_declaration);
    tcase_add_test(tree, test_bom_and_crlf);
    tcase_add_test(tree, test_not_nul_terminated);
    tcase_add_test(tree, test_threads);

    TCase *schema = aw_test_tcase(s, "schema", S_setup, S_teardown);
    tcase_add_test(schema, test_unknown_attribute);
    tcase_add_test(schema, test_unknown_attribute_no_suggestion);
    tcase_add_test(schema, test_unknown_element);
    tcase_add_test(schema, test_unknown_node_kind);
    tcase_add_test(schema, test_scalar_written_as_element);
    tcase_add_test(schema, test_object_written_as_attribute);
    tcase_add_test(schema, test_element_twice);
    tcase_add_test(schema, test_wrong_list_item);
    tcase_add_test(schema, test_wrong_enum);
    tcase_add_test(schema, test_bad_duration);
    tcase_add_test(schema, test_bad_scalars);
    tcase_add_test(schema, test_bad_integer);
    tcase_add_test(schema, test_nan_is_not_a_number);
    tcase_add_test(schema, test_out_of_range);
    tcase_add_test(schema, test_missing_attribute);
    tcase_add_test(schema, test_missing_child_element);
    tcase_add_test(schema, test_text_in_object);
    tcase_add_test(schema, test_wrong_root);
    tcase_add_test(schema, test_namespaced_root);
    tcase_add_test(schema, test_several_errors);
    tcase_add_test(schema, test_many_errors);

    TCase *hostile = aw_test_tcase(s, "hostile", S_setup, S_teardown);
    tcase_set_timeout(hostile, 30);
    tcase_add_test(hostile, test_malformed);
    tcase_add_test(hostile, test_undefined_entity);
    tcase_add_test(hostile, test_empty_input);
    tcase_add_test(hostile, test_blank_input);
    tcase_add_test(hostile, test_no_text);
    tcase_add_test(hostile, test_invalid_utf8);
    tcase_add_test(hostile, test_unsupported_encoding);
    tcase_add_test(hostile, test_utf16);
    tcase_add_test(hostile, test_billion_laughs);
    tcase_add_test(hostile, test_external_entity);
    tcase_add_test(hostile, test_external_subset);
    tcase_add_test(hostile, test_doctype_after_root);
    tcase_add_test(hostile, test_too_deep_1000);
    tcase_add_test(hostile, test_depth_limit_exact);
    tcase_add_test(hostile, test_too_many_attributes);
    tcase_add_test(hostile, test_quoted_equals_are_not_attributes);
    tcase_add_test(hostile, test_input_too_large);
    tcase_add_test(hostile, test_string_too_long);
    tcase_add_test(hostile, test_memory_capped);
    return s;
}

AW_TEST_MAIN(S_suite)
