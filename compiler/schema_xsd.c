/* The XML Schema (XSD 1.0) of the diagram format, generated from the field
 * tables so that it describes exactly what the XML reader accepts. */
#include "readers.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"
#include "../ir/units.h"
#include "xml_util.h"

/* Named simple types and the map type. Struct types are named after their
 * descs and share the type symbol space, so no struct may use these names
 * (the unit test compiles the schema, which would catch a clash). */
#define T_BOOL "boolean"
#define T_INT "integer"
#define T_NUMBER "number"
#define T_DURATION "duration"
#define T_MAP "map"
#define T_PARAM "numberParameter"

#define S_MAX_STRUCTS 64

static char *S_text;

static void S_escaped(aw_strbuf *b, const char *s)
{
    aw_strbuf_xml_escaped(b, s, strlen(s), 1);
}

static void S_line(aw_strbuf *b, int level, const char *text)
{
    aw_strbuf_indent(b, level);
    aw_strbuf_puts(b, text);
    aw_strbuf_putc(b, '\n');
}

static void S_bound(aw_strbuf *b, const aw_field *f, double v)
{
    if (f->type == AW_F_DURATION)
        aw_duration_format(b, v);
    else
        aw_strbuf_number(b, v);
}

/* Appends text as a sentence: the tables' one-line docs have no full stop. */
static void S_sentence(aw_strbuf *b, const char *text)
{
    if (b->len)
        aw_strbuf_putc(b, ' ');
    aw_strbuf_puts(b, text);
    if (b->len && b->data[b->len - 1] != '.')
        aw_strbuf_putc(b, '.');
}

static void S_annotation(aw_strbuf *b, int level, const char *text)
{
    aw_strbuf_indent(b, level);
    aw_strbuf_puts(b, "<xs:annotation><xs:documentation>");
    S_escaped(b, text);
    aw_strbuf_puts(b, "</xs:documentation></xs:annotation>\n");
}

/* A field's documentation: its doc line, then what a reader of the schema
 * cannot see in the types (defaults, duration ranges, reference targets). */
static void S_field_doc(aw_strbuf *b, int level, const aw_field *f)
{
    aw_strbuf doc = AW_STRBUF_INIT;
    S_sentence(&doc, f->doc ? f->doc : f->name);
    if ((f->type == AW_F_REF || f->type == AW_F_REFS) && f->ref_kinds == ~0u) {
        S_sentence(&doc, f->type == AW_F_REF ? "Id of any node" : "Ids of any nodes");
    } else if (f->type == AW_F_REF || f->type == AW_F_REFS) {
        const char *sep = f->type == AW_F_REF ? " Id of a node of kind " : " Ids of nodes of kind ";
        for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
            if (f->ref_kinds & (1u << k)) {
                aw_strbuf_printf(&doc, "%s%s", sep, aw_kind_descs[k].name);
                sep = " or ";
            }
        }
        aw_strbuf_putc(&doc, '.');
    }
    if (f->flags & AW_FF_NONE_OK)
        S_sentence(&doc, "The id \"none\" is allowed");
    if (f->type == AW_F_DURATION && (f->flags & AW_FF_MIN)) {
        aw_strbuf_puts(&doc, " At least ");
        S_bound(&doc, f, f->min);
        aw_strbuf_putc(&doc, '.');
    }
    if (f->type == AW_F_DURATION && (f->flags & AW_FF_MAX)) {
        aw_strbuf_puts(&doc, " At most ");
        S_bound(&doc, f, f->max);
        aw_strbuf_putc(&doc, '.');
    }
    if (f->def)
        aw_strbuf_printf(&doc, " Default: %s.", f->def);
    if (aw_field_param_phrase(f))
        aw_strbuf_printf(&doc, " Or %s.", aw_field_param_phrase(f) + 3);
    S_annotation(b, level, doc.data);
    aw_strbuf_free(&doc);
}

static const char *S_scalar_type(const aw_field *f)
{
    switch (f->type) {
    case AW_F_BOOL: return T_BOOL;
    case AW_F_INT: return T_INT;
    case AW_F_NUMBER: return T_NUMBER;
    case AW_F_DURATION: return T_DURATION;
    default: return "xs:string";
    }
}

static void S_facet(aw_strbuf *b, int level, const char *facet, const aw_field *f, double v)
{
    aw_strbuf_indent(b, level);
    aw_strbuf_printf(b, "<xs:%s value=\"", facet);
    S_bound(b, f, v);
    aw_strbuf_puts(b, "\"/>\n");
}

/* The anonymous type of an enumeration or of a number with a range;
 * duration ranges are left to the model builder (a string type cannot
 * compare them), and stated in the documentation instead. */
static void S_restricted_type(aw_strbuf *b, int level, const aw_field *f)
{
    S_line(b, level, "<xs:simpleType>");
    aw_strbuf_indent(b, level + 1);
    if (f->type == AW_F_ENUM) {
        aw_strbuf_puts(b, "<xs:restriction base=\"xs:string\">\n");
        for (size_t i = 1; f->names[i]; i++) {
            aw_strbuf_indent(b, level + 2);
            aw_strbuf_puts(b, "<xs:enumeration value=\"");
            S_escaped(b, f->names[i]);
            aw_strbuf_puts(b, "\"/>\n");
        }
    } else {
        aw_strbuf_printf(b, "<xs:restriction base=\"%s\">\n", S_scalar_type(f));
        if (f->flags & AW_FF_MIN)
            S_facet(b, level + 2, "minInclusive", f, f->min);
        if (f->flags & AW_FF_MAX)
            S_facet(b, level + 2, "maxInclusive", f, f->max);
    }
    S_line(b, level + 1, "</xs:restriction>");
    S_line(b, level, "</xs:simpleType>");
}

/* A numeric field that takes a parameter: its number type or the
 * parameter's pattern. */
static void S_param_union(aw_strbuf *b, int level, const aw_field *f, bool ranged)
{
    S_line(b, level, "<xs:simpleType>");
    aw_strbuf_indent(b, level + 1);
    if (!ranged) {
        aw_strbuf_printf(b, "<xs:union memberTypes=\"%s " T_PARAM "\"/>\n", S_scalar_type(f));
    } else {
        aw_strbuf_puts(b, "<xs:union memberTypes=\"" T_PARAM "\">\n");
        S_restricted_type(b, level + 2, f);
        S_line(b, level + 1, "</xs:union>");
    }
    S_line(b, level, "</xs:simpleType>");
}

static void S_attribute(aw_strbuf *b, int level, const aw_field *f)
{
    bool ranged = (f->type == AW_F_INT || f->type == AW_F_NUMBER) &&
                  (f->flags & (AW_FF_MIN | AW_FF_MAX));
    bool param = f->flags & AW_FF_PARAM;
    bool anonymous = ranged || f->type == AW_F_ENUM || param;
    aw_strbuf_indent(b, level);
    aw_strbuf_printf(b, "<xs:attribute name=\"%s\"", f->name);
    if (!anonymous)
        aw_strbuf_printf(b, " type=\"%s\"", S_scalar_type(f));
    if (f->flags & AW_FF_REQUIRED)
        aw_strbuf_puts(b, " use=\"required\"");
    aw_strbuf_puts(b, ">\n");
    S_field_doc(b, level + 1, f);
    if (param)
        S_param_union(b, level + 1, f, ranged);
    else if (anonymous)
        S_restricted_type(b, level + 1, f);
    S_line(b, level, "</xs:attribute>");
}

/* A list: a wrapper element holding any number of item elements. */
static void S_wrapper(aw_strbuf *b, int level, const aw_field *f, const char *item_type)
{
    aw_strbuf_indent(b, level);
    aw_strbuf_printf(b, "<xs:element name=\"%s\" minOccurs=\"%d\">\n", f->name,
                     (f->flags & AW_FF_REQUIRED) ? 1 : 0);
    S_field_doc(b, level + 1, f);
    S_line(b, level + 1, "<xs:complexType>");
    S_line(b, level + 2, "<xs:sequence>");
    aw_strbuf_indent(b, level + 3);
    aw_strbuf_printf(b, "<xs:element name=\"%s\" type=\"%s\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n",
                     f->item, item_type);
    S_line(b, level + 2, "</xs:sequence>");
    S_line(b, level + 1, "</xs:complexType>");
    S_line(b, level, "</xs:element>");
}

static void S_child_element(aw_strbuf *b, int level, const aw_field *f)
{
    switch (f->type) {
    case AW_F_OBJECT:
    case AW_F_MAP:
        aw_strbuf_indent(b, level);
        aw_strbuf_printf(b, "<xs:element name=\"%s\" type=\"%s\" minOccurs=\"%d\">\n", f->name,
                         f->type == AW_F_MAP ? T_MAP : f->sub->name,
                         (f->flags & AW_FF_REQUIRED) ? 1 : 0);
        S_field_doc(b, level + 1, f);
        S_line(b, level, "</xs:element>");
        break;
    case AW_F_STRINGS:
    case AW_F_REFS:
        S_wrapper(b, level, f, "xs:string");
        break;
    case AW_F_OBJECTS:
        S_wrapper(b, level, f, f->sub->name);
        break;
    default:
        break;
    }
}

static void S_nodes_element(aw_strbuf *b, int level)
{
    S_line(b, level, "<xs:element name=\"" AW_NODES_FIELD "\" minOccurs=\"0\">");
    S_annotation(b, level + 1, "The nodes; each element is named after the node's kind.");
    S_line(b, level + 1, "<xs:complexType>");
    S_line(b, level + 2, "<xs:choice minOccurs=\"0\" maxOccurs=\"unbounded\">");
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
        aw_strbuf_indent(b, level + 3);
        aw_strbuf_printf(b, "<xs:element name=\"%s\" type=\"%s\"/>\n", aw_kind_descs[k].name,
                         aw_kind_descs[k].desc->name);
    }
    S_line(b, level + 2, "</xs:choice>");
    S_line(b, level + 1, "</xs:complexType>");
    S_line(b, level, "</xs:element>");
}

/* One complex type from one or two descs (a node kind is the common node
 * fields plus its own): child elements in any order, then attributes. */
static void S_complex_type(aw_strbuf *b, const aw_struct_desc *const *descs, size_t ndescs,
                           bool with_nodes)
{
    const aw_struct_desc *own = descs[ndescs - 1];
    aw_strbuf_indent(b, 1);
    aw_strbuf_printf(b, "<xs:complexType name=\"%s\">\n", own->name);
    if (own->doc)
        S_annotation(b, 2, own->doc);

    bool any_element = with_nodes;
    for (size_t d = 0; d < ndescs; d++)
        for (size_t i = 0; i < descs[d]->field_count; i++)
            any_element |= !aw_xml_field_is_attr(&descs[d]->fields[i]);
    if (any_element) {
        S_line(b, 2, "<xs:all>");
        for (size_t d = 0; d < ndescs; d++)
            for (size_t i = 0; i < descs[d]->field_count; i++)
                S_child_element(b, 3, &descs[d]->fields[i]);
        if (with_nodes)
            S_nodes_element(b, 3);
        S_line(b, 2, "</xs:all>");
    }
    for (size_t d = 0; d < ndescs; d++)
        for (size_t i = 0; i < descs[d]->field_count; i++)
            if (aw_xml_field_is_attr(&descs[d]->fields[i]))
                S_attribute(b, 2, &descs[d]->fields[i]);
    S_line(b, 1, "</xs:complexType>");
    aw_strbuf_putc(b, '\n');
}

typedef struct S_structs {
    const aw_struct_desc *items[S_MAX_STRUCTS];
    size_t count;
} S_structs;

/* Collects the sub descs reachable from desc in first-reference order, each
 * once (throttle and latency are shared by several kinds). */
static void S_collect(S_structs *seen, const aw_struct_desc *desc)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        if ((f->type != AW_F_OBJECT && f->type != AW_F_OBJECTS) || !f->sub)
            continue;
        bool known = false;
        for (size_t j = 0; j < seen->count && !known; j++)
            known = seen->items[j] == f->sub;
        if (known)
            continue;
        if (seen->count == S_MAX_STRUCTS) {
            fputs("archway: too many struct descs for the XSD generator\n", stderr);
            abort();
        }
        seen->items[seen->count++] = f->sub;
        S_collect(seen, f->sub);
    }
}

/* The scalar types follow the JSON spelling, so that both spellings accept
 * the same values: booleans are true/false only, numbers have no NaN, INF,
 * leading '+' or '.', and the bounds of the largest double keep "1e999"
 * (read as infinity) out. Durations match what aw_duration_parse reads. */
static const char S_simple_types[] =
    "  <xs:simpleType name=\"" T_BOOL "\">\n"
    "    <xs:annotation><xs:documentation>true or false.</xs:documentation></xs:annotation>\n"
    "    <xs:restriction base=\"xs:boolean\">\n"
    "      <xs:pattern value=\"true|false\"/>\n"
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n\n"
    "  <xs:simpleType name=\"" T_INT "\">\n"
    "    <xs:annotation><xs:documentation>A whole number, written as in JSON."
    "</xs:documentation></xs:annotation>\n"
    "    <xs:restriction base=\"xs:long\">\n"
    "      <xs:pattern value=\"-?[0-9]+\"/>\n"
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n\n"
    "  <xs:simpleType name=\"" T_NUMBER "\">\n"
    "    <xs:annotation><xs:documentation>A finite number, written as in JSON."
    "</xs:documentation></xs:annotation>\n"
    "    <xs:restriction base=\"xs:double\">\n"
    "      <xs:pattern value=\"-?[0-9]+(\\.[0-9]+)?([eE][+\\-]?[0-9]+)?\"/>\n"
    "      <xs:minInclusive value=\"-1.7976931348623157E308\"/>\n"
    "      <xs:maxInclusive value=\"1.7976931348623157E308\"/>\n"
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n\n"
    "  <xs:simpleType name=\"" T_DURATION "\">\n"
    "    <xs:annotation><xs:documentation>A duration: a number and a unit, ms, s, m or h"
    " (150ms, 29s, 1.5m, 1h).</xs:documentation></xs:annotation>\n"
    "    <xs:restriction base=\"xs:string\">\n"
    "      <xs:pattern value=\"[0-9]{1,12}(\\.[0-9]{1,9})?(ms|s|m|h)\"/>\n"
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n\n"
    "  <xs:simpleType name=\"" T_PARAM "\">\n"
    "    <xs:annotation><xs:documentation>A Number parameter of the diagram, ${param:NAME}, where a number"
    " goes.</xs:documentation></xs:annotation>\n"
    "    <xs:restriction base=\"xs:string\">\n"
    "      <xs:pattern value=\"$\\{param:[A-Za-z0-9]+\\}\"/>\n"
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n\n"
    "  <xs:complexType name=\"" T_MAP "\">\n"
    "    <xs:annotation><xs:documentation>String keys and values; each key once."
    "</xs:documentation></xs:annotation>\n"
    "    <xs:sequence>\n"
    "      <xs:element name=\"" AW_XML_MAP_ENTRY "\" minOccurs=\"0\" maxOccurs=\"unbounded\">\n"
    "        <xs:complexType>\n"
    "          <xs:attribute name=\"" AW_XML_MAP_KEY "\" type=\"xs:string\" use=\"required\"/>\n"
    "          <xs:attribute name=\"" AW_XML_MAP_VALUE "\" type=\"xs:string\" use=\"required\"/>\n"
    "        </xs:complexType>\n"
    "      </xs:element>\n"
    "    </xs:sequence>\n"
    "  </xs:complexType>\n";

static void S_build(void)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- Generated from the field tables (ir/ir_fields.c); do not edit. -->\n"
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
        "  <xs:annotation><xs:documentation>Archway diagram format, version 1, XML spelling. "
        "Scalar fields are attributes; lists, maps and objects are child elements in any order; "
        "each node is an element named after its kind.</xs:documentation></xs:annotation>\n\n");
    aw_strbuf_printf(&b, "  <xs:element name=\"%s\" type=\"%s\"/>\n\n", aw_diagram_desc.name,
                     aw_diagram_desc.name);

    const aw_struct_desc *one[1] = {&aw_diagram_desc};
    S_complex_type(&b, one, 1, true);

    /* Node kinds first, in kind order, then the structs they use. */
    S_structs subs = {.count = 0};
    S_collect(&subs, &aw_diagram_desc);
    S_collect(&subs, &aw_node_common_desc);
    for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++) {
        const aw_struct_desc *two[2] = {&aw_node_common_desc, aw_kind_descs[k].desc};
        S_complex_type(&b, two, 2, false);
        S_collect(&subs, two[1]);
    }
    for (size_t i = 0; i < subs.count; i++) {
        one[0] = subs.items[i];
        S_complex_type(&b, one, 1, false);
    }
    aw_strbuf_puts(&b, S_simple_types);
    aw_strbuf_puts(&b, "</xs:schema>\n");
    S_text = aw_strbuf_detach(&b, NULL);
}

const char *aw_xsd_text(void)
{
    /* Built once and kept for the process: the server calls this from
     * several threads, and the tables never change. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, S_build);
    return S_text;
}
