/* Unit tests of the generated XML Schema: libxml2 compiles it, it declares
 * every struct and field of the tables, and its simple types accept what
 * the JSON spelling accepts and nothing more. */
#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/readers.h"
#include "../../ir/ir_fields.h"
#include "test_support.h"

#if LIBXML_VERSION >= 21200
typedef const xmlError S_xml_error;
#else
typedef xmlError S_xml_error;
#endif

static char S_first_error[512];

static void S_on_error(void *ctx, S_xml_error *e)
{
    (void)ctx;
    if (!S_first_error[0])
        snprintf(S_first_error, sizeof S_first_error, "line %d: %s", e->line, e->message);
}

static xmlSchemaPtr S_compile(void)
{
    const char *xsd = aw_xsd_text();
    S_first_error[0] = '\0';
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)strlen(xsd));
    ck_assert_ptr_nonnull(pc);
    xmlSchemaSetParserStructuredErrors(pc, S_on_error, NULL);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    ck_assert_msg(schema != NULL, "the XSD does not compile: %s", S_first_error);
    return schema;
}

/* Whether libxml2 finds the document valid against the generated schema. */
static bool S_valid(const char *xml)
{
    xmlSchemaPtr schema = S_compile();
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
    S_first_error[0] = '\0';
    xmlSchemaSetValidStructuredErrors(v, S_on_error, NULL);
    int result = xmlSchemaValidateDoc(v, doc);
    xmlSchemaFreeValidCtxt(v);
    xmlFreeDoc(doc);
    xmlSchemaFree(schema);
    return result == 0;
}

static size_t S_count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A function node with one attribute under test, inside a valid diagram. */
static bool S_function_valid(const char *attribute)
{
    char xml[512];
    snprintf(xml, sizeof xml,
             "<diagram archway=\"1\" name=\"d\"><nodes>"
             "<function id=\"f\" runtime=\"nodejs22.x\" %s/>"
             "</nodes></diagram>", attribute);
    return S_valid(xml);
}

START_TEST(test_compiles)
{
    xmlSchemaFree(S_compile());
    const char *xsd = aw_xsd_text();
    printf("generated XSD: %zu bytes\n", strlen(xsd));
    ck_assert(strncmp(xsd, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
    ck_assert_ptr_eq(aw_xsd_text(), xsd);   /* built once */
}
END_TEST

START_TEST(test_two_space_indentation)
{
    const char *xsd = aw_xsd_text();
    for (const char *line = xsd; *line; line = strchr(line, '\n') + 1) {
        size_t spaces = strspn(line, " ");
        ck_assert_msg(spaces % 2 == 0, "odd indentation: %.60s", line);
        ck_assert_msg(line[spaces] != '\t', "tab in: %.60s", line);
        if (!strchr(line, '\n'))
            break;
    }
    ck_assert_int_eq(xsd[strlen(xsd) - 1], '\n');
}
END_TEST

static void S_assert_type(const char *xsd, const char *name)
{
    char decl[128];
    snprintf(decl, sizeof decl, "<xs:complexType name=\"%s\">", name);
    ck_assert_msg(S_count(xsd, decl) == 1, "%s declared %zu times", decl, S_count(xsd, decl));
}

/* Every struct of the tables has its named type, once; sub-structs are
 * reached through the fields that use them. */
static void S_assert_subtypes(const char *xsd, const aw_struct_desc *desc)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        if (f->type == AW_F_OBJECT || f->type == AW_F_OBJECTS) {
            S_assert_type(xsd, f->sub->name);
            S_assert_subtypes(xsd, f->sub);
        }
    }
}

START_TEST(test_every_struct_has_a_type)
{
    const char *xsd = aw_xsd_text();
    ck_assert(strstr(xsd, "<xs:element name=\"diagram\" type=\"diagram\"/>"));
    S_assert_type(xsd, "diagram");
    S_assert_subtypes(xsd, &aw_diagram_desc);
    S_assert_subtypes(xsd, &aw_node_common_desc);
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
        char decl[128];
        snprintf(decl, sizeof decl, "<xs:element name=\"%s\" type=\"%s\"/>", aw_kind_descs[k].name,
                 aw_kind_descs[k].desc->name);
        ck_assert_msg(strstr(xsd, decl), "no %s", decl);
        S_assert_type(xsd, aw_kind_descs[k].desc->name);
        S_assert_subtypes(xsd, aw_kind_descs[k].desc);
    }
}
END_TEST

START_TEST(test_field_declarations)
{
    const char *xsd = aw_xsd_text();
    /* Scalars are attributes, required ones use="required". */
    ck_assert(strstr(xsd, "<xs:attribute name=\"runtime\" type=\"xs:string\" use=\"required\">"));
    ck_assert(strstr(xsd, "<xs:attribute name=\"visibilityTimeout\" type=\"duration\">"));
    /* A field a Number parameter may give is its type or the parameter's pattern. */
    ck_assert(strstr(xsd, "<xs:union memberTypes=\"duration numberParameter\"/>"));
    ck_assert(strstr(xsd, "<xs:attribute name=\"tracing\" type=\"boolean\">"));
    /* Lists are wrappers of items; objects are elements; maps are entries. */
    ck_assert(strstr(xsd, "<xs:element name=\"regions\" minOccurs=\"0\">"));
    ck_assert(strstr(xsd, "<xs:element name=\"region\" type=\"xs:string\" minOccurs=\"0\" "
                          "maxOccurs=\"unbounded\"/>"));
    ck_assert(strstr(xsd, "<xs:element name=\"routeThrottle\" type=\"routeThrottle\" minOccurs=\"0\" "
                          "maxOccurs=\"unbounded\"/>"));
    ck_assert(strstr(xsd, "<xs:element name=\"traffic\" type=\"traffic\" minOccurs=\"1\">"));
    ck_assert(strstr(xsd, "<xs:element name=\"statements\" minOccurs=\"1\">"));
    ck_assert(strstr(xsd, "<xs:element name=\"tags\" type=\"map\" minOccurs=\"0\">"));
    /* Enumerations skip the unset value; ranges become facets. */
    ck_assert(strstr(xsd, "<xs:enumeration value=\"OPTIONS\"/>"));
    ck_assert(strstr(xsd, "<xs:enumeration value=\"internet-facing\"/>"));
    ck_assert(strstr(xsd, "<xs:minInclusive value=\"128\"/>\n"
                          "              <xs:maxInclusive value=\"10240\"/>"));
    /* Documentation from the tables, with defaults and duration ranges. */
    ck_assert(strstr(xsd, "<xs:documentation>burst, requests (token bucket size). Or ${param:NAME}, a Number parameter.</xs:documentation>"));
    ck_assert(strstr(xsd, "<xs:documentation>A token-bucket throttle.</xs:documentation>"));
    ck_assert(strstr(xsd, "function timeout (1s to 900s). At least 1s. At most 900s. Default: 3s."));
    ck_assert(strstr(xsd, "Id of a node of kind authorizer. The id &quot;none&quot; is allowed."));
}
END_TEST

START_TEST(test_accepts_a_diagram)
{
    ck_assert_msg(S_valid("<diagram archway=\"1\" name=\"d\" description=\"x\">"
                          "<nodes>"
                          "<api id=\"a\" type=\"rest\"><position x=\"-1.5\" y=\"2e3\"/>"
                          "<resourcePolicy><statements><statement effect=\"deny\">"
                          "<principals><principal>*</principal></principals>"
                          "</statement></statements></resourcePolicy></api>"
                          "<route id=\"r\" api=\"a\" integration=\"i\" method=\"GET\" path=\"/\">"
                          "<throttle burst=\"2\" rate=\"1.5\"/><scopes/></route>"
                          "<integration id=\"i\" type=\"mock\" timeout=\"1.5s\" statusCode=\"200\">"
                          "<headers><entry key=\"k\" value=\"v\"/></headers></integration>"
                          "<client id=\"c\"><traffic rate=\"10\" duration=\"5m\"/>"
                          "<mix><route route=\"r\" weight=\"2\"/></mix></client>"
                          "</nodes>"
                          "<edges><edge from=\"c\" to=\"r\" holdsConnection=\"true\"/></edges>"
                          "<regions><region>us-east-1</region></regions>"
                          "</diagram>"),
                  "%s", S_first_error);
}
END_TEST

/* The simple types follow the JSON spelling. */
START_TEST(test_scalar_types)
{
    ck_assert(S_function_valid("existing=\"true\""));
    ck_assert(S_function_valid("existing=\"false\""));
    ck_assert(!S_function_valid("existing=\"1\""));
    ck_assert(!S_function_valid("existing=\"yes\""));

    ck_assert(S_function_valid("memory=\"512\""));
    ck_assert(S_function_valid("memory=\" 512 \""));        /* XSD collapses spaces */
    ck_assert(!S_function_valid("memory=\"512.0\""));
    ck_assert(!S_function_valid("memory=\"+512\""));
    ck_assert(!S_function_valid("memory=\"64\""));
    ck_assert(!S_function_valid("memory=\"20000\""));
    ck_assert(!S_function_valid("reservedConcurrency=\"99999999999999999999\""));

    ck_assert(S_function_valid("errorRate=\"0.25\""));
    ck_assert(S_function_valid("errorRate=\"25e-2\""));
    ck_assert(!S_function_valid("errorRate=\"NaN\""));
    ck_assert(!S_function_valid("errorRate=\"INF\""));
    ck_assert(!S_function_valid("errorRate=\".5\""));
    ck_assert(!S_function_valid("errorRate=\"1.5\""));

    ck_assert(S_function_valid("coldStart=\"150ms\""));
    ck_assert(S_function_valid("coldStart=\"1.5s\""));
    ck_assert(S_function_valid("coldStart=\"2m\""));
    ck_assert(S_function_valid("coldStart=\"1h\""));
    ck_assert(!S_function_valid("coldStart=\"5\""));
    ck_assert(!S_function_valid("coldStart=\"5x\""));
    ck_assert(!S_function_valid("coldStart=\" 5s\""));
    ck_assert(!S_function_valid("coldStart=\"-5s\""));
    ck_assert(!S_function_valid("coldStart=\".5s\""));

    ck_assert(S_function_valid("architecture=\"arm64\""));
    ck_assert(!S_function_valid("architecture=\"ARM64\""));
}
END_TEST

START_TEST(test_numbers_stay_finite)
{
    char xml[256];
    snprintf(xml, sizeof xml, "<diagram archway=\"1\" name=\"d\"><nodes>"
             "<httpBackend id=\"h\" url=\"u\" capacity=\"%s\"/></nodes></diagram>", "1e999");
    ck_assert(!S_valid(xml));
    snprintf(xml, sizeof xml, "<diagram archway=\"1\" name=\"d\"><nodes>"
             "<httpBackend id=\"h\" url=\"u\" capacity=\"%s\"/></nodes></diagram>", "1e300");
    ck_assert(S_valid(xml));
}
END_TEST

START_TEST(test_structure)
{
    /* Child elements in any order, each at most once. */
    ck_assert(S_valid("<diagram archway=\"1\" name=\"d\"><nodes/><regions/><tags/><edges/></diagram>"));
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\"><nodes/><nodes/></diagram>"));
    /* Required attributes and elements. */
    ck_assert(!S_valid("<diagram name=\"d\"/>"));
    ck_assert(!S_valid("<diagram archway=\"2\" name=\"d\"/>"));
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\"><nodes><client id=\"c\"/></nodes></diagram>"));
    /* No text in objects, no elements in list items, no foreign names. */
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\">x</diagram>"));
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\"><regions><region><x/></region></regions>"
                       "</diagram>"));
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\"><regions><item>x</item></regions></diagram>"));
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\" extra=\"1\"/>"));
    ck_assert(!S_valid("<diagram xmlns=\"urn:x\" archway=\"1\" name=\"d\"/>"));
    /* Map entries need both attributes. */
    ck_assert(!S_valid("<diagram archway=\"1\" name=\"d\"><tags><entry key=\"k\"/></tags></diagram>"));
}
END_TEST

static void *S_get_text(void *arg)
{
    (void)arg;
    return (void *)aw_xsd_text();
}

START_TEST(test_built_once_across_threads)
{
    pthread_t threads[8];
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, S_get_text, NULL), 0);
    const char *first = NULL;
    for (int i = 0; i < 8; i++) {
        void *text;
        pthread_join(threads[i], &text);
        ck_assert_ptr_nonnull(text);
        if (!first)
            first = text;
        ck_assert_ptr_eq(text, first);
    }
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("schema_xsd");
    TCase *shape = aw_test_tcase(s, "shape", NULL, NULL);
    tcase_add_test(shape, test_compiles);
    tcase_add_test(shape, test_two_space_indentation);
    tcase_add_test(shape, test_every_struct_has_a_type);
    tcase_add_test(shape, test_field_declarations);
    tcase_add_test(shape, test_built_once_across_threads);

    TCase *types = aw_test_tcase(s, "validation", NULL, NULL);
    tcase_add_test(types, test_accepts_a_diagram);
    tcase_add_test(types, test_scalar_types);
    tcase_add_test(types, test_numbers_stay_finite);
    tcase_add_test(types, test_structure);
    return s;
}

AW_TEST_MAIN(S_suite)
