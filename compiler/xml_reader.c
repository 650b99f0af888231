/* XML front end: a byte pre-scan guards libxml2 2.9's weak spots, libxml2
 * parses with DTDs, entities and the network off, the generated XSD
 * validates, and the tree becomes a document tree of untyped strings. */
#include "readers.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"
#include "limits.h"
#include "mem_budget.h"
#include "suggest.h"
#include "xml_util.h"

/* libxml2 2.9 checks a start tag's attributes for duplicates pairwise and
 * appends each to a list it walks from the head: quadratic in attributes per
 * tag (80,000 in one tag took 11 s). The widest element has about twenty. */
#define S_MAX_ATTRIBUTES 64

/* The structured error callback took a non-const pointer until 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError S_xml_error;
#else
typedef xmlError S_xml_error;
#endif

typedef struct xml_reader {
    aw_arena *arena;
    aw_diags *diags;
    const char *file;           /* the arena's copy */
    const char *text;
    size_t len;
    bool failed;                /* the parse already has its one diagnostic */
    size_t budget;              /* arena total plus libxml2's memory not to pass */
    const char *stray;          /* a libxml2 error raised without a context */
    int depth;                  /* of the element being parsed */
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
    size_t schema_errors;
    const xmlNode *value_node;  /* last value error: libxml2 reports a bad */
    const char *value_attr;     /* value once per facet; we report it once */
    const xmlChar *names[512];  /* interned element and attribute names */
    const char *copies[512];
} xml_reader;

/* What an element stands for in the diagram format. */
typedef enum {
    CX_UNKNOWN,
    CX_STRUCT,                  /* an object: descs[0..ndescs) */
    CX_NODES,                   /* <nodes> */
    CX_LIST,                    /* wrapper of a STRINGS, REFS or OBJECTS field */
    CX_MAP,                     /* wrapper of a MAP field */
    CX_ENTRY,                   /* a map's <entry> */
    CX_TEXT,                    /* a STRINGS or REFS item */
} cx_kind;

typedef struct xml_context {
    cx_kind kind;
    const aw_struct_desc *descs[2];
    size_t ndescs;
    const aw_field *field;      /* CX_LIST, CX_MAP */
} xml_context;

/* ---- Locations ---------------------------------------------------------- */

static unsigned S_line_at(const char *text, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

static aw_loc S_loc(const xml_reader *r, unsigned line, unsigned col, const char *path)
{
    return (aw_loc){.file = r->file, .path = path, .line = line, .col = col};
}

/* parent + sep + name (+ "[index]" when index is not 0), in the arena;
 * cheaper than a printf for the path of every value. */
static const char *S_path(xml_reader *r, const char *parent, const char *sep, const char *name,
                          size_t index)
{
    size_t lp = strlen(parent), ls = strlen(sep), ln = strlen(name);
    char *out = aw_arena_alloc(r->arena, lp + ls + ln + 24);
    memcpy(out, parent, lp);
    memcpy(out + lp, sep, ls);
    memcpy(out + lp + ls, name, ln + 1);
    if (index)
        snprintf(out + lp + ls + ln, 24, "[%zu]", index);
    return out;
}

/* Elements keep the line of their '<' in _private: libxml2 2.9 stores the
 * line of the tag's end, and caps it at 65535. */
static unsigned S_element_line(const xmlNode *el)
{
    unsigned line = (unsigned)(uintptr_t)el->_private;
    return line ? line : (unsigned)xmlGetLineNo(el);
}

/* The element's logical path: "/diagram/nodes/route[3]/throttle", with
 * "[n]" only where the parent has several children of that name. */
static const char *S_element_path(xml_reader *r, const xmlNode *el)
{
    if (!el || el->type != XML_ELEMENT_NODE)
        return "";
    const char *parent = S_element_path(r, el->parent);
    size_t before = 0;
    bool more = false;
    for (const xmlNode *s = el->prev; s; s = s->prev)
        before += s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, el->name);
    for (const xmlNode *s = el->next; s && !more && !before; s = s->next)
        more = s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, el->name);
    return S_path(r, parent, "/", (const char *)el->name, before || more ? before + 1 : 0);
}

/* ---- Pre-scan: what must be refused before libxml2 sees the bytes ------- */

static bool S_starts(const char *t, size_t len, size_t at, const char *s)
{
    size_t n = strlen(s);
    return at <= len && len - at >= n && memcmp(t + at, s, n) == 0;
}

static size_t S_find(const char *t, size_t len, size_t from, const char *s)
{
    for (size_t i = from; i < len; i++)
        if (S_starts(t, len, i, s))
            return i;
    return len;
}

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void S_error_at(xml_reader *r, const char *code, size_t off, const char *msg)
{
    aw_loc loc = S_loc(r, S_line_at(r->text, off), AW_NO_COLUMN, NULL);
    aw_diag_add(r->diags, AW_SEV_ERROR, code, &loc, "%s", msg);
}

/* Only encodings in which every byte below 0x80 is that ASCII character:
 * the scans below read bytes, and must see the '<', '=' and quotes that
 * libxml2 will see. */
static bool S_encoding_ok(const char *name, size_t len)
{
    static const char *const ok[] = {
        "UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "ISO_8859-1", "ISO8859-1",
        "LATIN1", "ISO-LATIN-1", "ISO-8859-15", "ISO_8859-15", "LATIN-9", "WINDOWS-1252",
        "CP1252",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strlen(ok[i]) == len && strncasecmp(ok[i], name, len) == 0)
            return true;
    return false;
}

static bool S_check_encoding(xml_reader *r, size_t start)
{
    const unsigned char *u = (const unsigned char *)r->text;
    size_t head = r->len < 4 ? r->len : 4;
    bool wide = memchr(u, 0, head) != NULL || (r->len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
                                                                (u[0] == 0xFF && u[1] == 0xFE)));
    if (wide || (r->len >= 4 && memcmp(u, "\x4C\x6F\xA7\x94", 4) == 0)) {
        S_error_at(r, "xml-encoding", 0, "the document is in UTF-16, UTF-32 or EBCDIC; "
                   "write it in UTF-8");
        return false;
    }
    if (!S_starts(r->text, r->len, start, "<?xml") || start + 5 >= r->len ||
        !S_is_space(r->text[start + 5]))
        return true;
    /* libxml2 acts on an encoding declaration before the first '>', even in
     * a malformed XML declaration, so check every one written there. */
    size_t end = S_find(r->text, r->len, start, ">");
    for (size_t at = S_find(r->text, end, start, "encoding"); at < end;
         at = S_find(r->text, end, at + 1, "encoding")) {
        size_t i = at + 8;
        while (i < end && S_is_space(r->text[i]))
            i++;
        if (i < end && r->text[i] == '=')
            i++;
        while (i < end && S_is_space(r->text[i]))
            i++;
        char quote = i < end ? r->text[i] : 0;
        size_t name = i + 1, j = name;
        while (j < end && (isalnum((unsigned char)r->text[j]) || (r->text[j] && strchr("._-", r->text[j]))))
            j++;
        /* A declaration libxml2 cannot read switches nothing: it reports it. */
        if ((quote != '"' && quote != '\'') || j >= end || r->text[j] != quote ||
            S_encoding_ok(r->text + name, j - name))
            continue;
        int n = (int)(j - name);
        aw_loc loc = S_loc(r, S_line_at(r->text, at), AW_NO_COLUMN, NULL);
        aw_diag_add(r->diags, AW_SEV_ERROR, "xml-encoding", &loc,
                    "unsupported encoding \"%.*s\": write the diagram in UTF-8 (ISO-8859-1, "
                    "ISO-8859-15 and windows-1252 are also read)", n > 40 ? 40 : n, r->text + name);
        return false;
    }
    return true;
}

/* A NUL byte is never XML, but libxml2 stops reading at one that follows
 * the root element and takes what came before: whatever follows it would
 * be silently ignored. */
static bool S_check_nul(xml_reader *r)
{
    const char *nul = memchr(r->text, '\0', r->len);
    if (nul)
        S_error_at(r, "xml-syntax", (size_t)(nul - r->text), "unexpected NUL byte (0x00): a NUL is never XML");
    return nul == NULL;
}

/* A DOCTYPE can only come before the root element, after comments and
 * processing instructions: refusing it here means no DTD ever reaches the
 * parser. (The SAX hooks below refuse it again should this scan miss one.) */
static bool S_check_prolog(xml_reader *r, size_t i)
{
    for (;;) {
        while (i < r->len && S_is_space(r->text[i]))
            i++;
        if (S_starts(r->text, r->len, i, "<?")) {
            i = S_find(r->text, r->len, i + 2, "?>") + 2;
        } else if (S_starts(r->text, r->len, i, "<!--")) {
            i = S_find(r->text, r->len, i + 4, "-->") + 3;
        } else if (S_starts(r->text, r->len, i, "<!DOCTYPE")) {
            S_error_at(r, "xml-dtd", i, "DTDs and entity declarations are not allowed");
            return false;
        } else {
            return true;
        }
    }
}

/* Bounds the attributes of every start tag. A tag's attributes cannot span
 * a literal '<' (libxml2 ends the tag there), and each has an '=' outside
 * quotes, so counting those from each '<' over-estimates libxml2's count
 * whatever errors or recovery happen in between. */
static bool S_check_attributes(xml_reader *r)
{
    enum { TEXT, TAG, QUOTE } state = TEXT;
    char quote = 0;
    size_t count = 0, tag = 0;
    for (size_t i = 0; i < r->len; i++) {
        char c = r->text[i];
        if (c == '<') {
            bool start = i + 1 < r->len && r->text[i + 1] && !strchr("!?/", r->text[i + 1]);
            state = start ? TAG : TEXT;
            count = 0;
            tag = i;
        } else if (state == TAG && (c == '"' || c == '\'')) {
            state = QUOTE;
            quote = c;
        } else if (state == QUOTE && c == quote) {
            state = TAG;
        } else if (state == TAG && c == '>') {
            state = TEXT;
        } else if (state == TAG && c == '=' && ++count > S_MAX_ATTRIBUTES) {
            aw_loc loc = S_loc(r, S_line_at(r->text, tag), AW_NO_COLUMN, NULL);
            aw_diag_add(r->diags, AW_SEV_ERROR, "too-many-attributes", &loc,
                        "an element has more than %d attributes", S_MAX_ATTRIBUTES);
            return false;
        }
    }
    return true;
}

/* ---- Parsing ---------------------------------------------------------------- */

static void S_clean_message(aw_strbuf *out, const char *msg)
{
    /* libxml2 ends messages with a newline and sometimes has a second line
     * ("Bytes: 0xE9 ..."): one line, single spaces. */
    for (const char *p = msg ? msg : ""; *p; p++) {
        char c = S_is_space(*p) ? ' ' : *p;
        if (c == ' ' && (out->len == 0 || out->data[out->len - 1] == ' '))
            continue;
        aw_strbuf_putc(out, c);
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
}

/* libxml2 reports where it stopped, just past the bad token; move the
 * column back to the last `needle` before it on the same line, so the caret
 * points at the token itself. Columns count code points. */
static unsigned S_back_to(const xml_reader *r, int line, unsigned col, const char *needle)
{
    if (line <= 0 || col == AW_NO_COLUMN)
        return col;
    size_t start = 0;
    for (int l = 1; l < line && start < r->len; start++)
        if (r->text[start] == '\n')
            l++;
    size_t stop = start;
    for (unsigned c = 1; stop < r->len && r->text[stop] != '\n' && c < col; stop++)
        if (((unsigned char)r->text[stop] & 0xC0) != 0x80)
            c++;
    size_t n = strlen(needle);
    for (size_t at = stop; at > start; at--) {
        if (at - 1 + n <= r->len && memcmp(r->text + at - 1, needle, n) == 0) {
            unsigned c = 1;
            for (size_t i = start; i < at - 1; i++)
                if (((unsigned char)r->text[i] & 0xC0) != 0x80)
                    c++;
            return c;
        }
    }
    return col;
}

/* Our own words for the well-formedness errors people make most; other
 * errors keep libxml2's text on one line. */
static void S_plain_message(aw_strbuf *out, const S_xml_error *e)
{
    switch (e->code) {
    case XML_ERR_TAG_NAME_MISMATCH:
        if (e->str1 && e->str2) {
            aw_strbuf_printf(out, "closing tag </%s> does not match <%s>, opened on line %d", e->str2, e->str1,
                             e->int1);
            return;
        }
        break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        if (e->str1) {
            aw_strbuf_printf(out, "attribute '%s' is given twice", e->str1);
            return;
        }
        break;
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
        if (e->message && strstr(e->message, "UTF-8")) {
            aw_strbuf_puts(out, "invalid UTF-8: write the diagram in UTF-8, or declare its encoding");
            return;
        }
        break;
    default:
        break;
    }
    S_clean_message(out, e->message);
}

static void S_parse_failed(xml_reader *r, const char *code, unsigned line, unsigned col,
                           const char *msg)
{
    if (r->failed)
        return;
    r->failed = true;
    if (aw_mem_budget_exceeded()) {
        /* libxml2 ran out of its allowance: that is the error to report. */
        aw_mem_budget_report(r->diags, &(aw_loc){.file = r->file}, AW_MAX_XML_TREE_FACTOR);
        return;
    }
    aw_loc loc = S_loc(r, line, col, NULL);
    aw_diag_add(r->diags, AW_SEV_ERROR, code, &loc, "%s", msg);
}

/* The parser context's error handler: the first error becomes the one
 * diagnostic. The column is libxml2's int2, which 2.9 fills for parser
 * errors with the input column where it stopped (characters, 1-based),
 * usually just past the offending token; 0 means unknown. */
static void S_on_parse_error(void *ctx, S_xml_error *e)
{
    xmlParserCtxtPtr ctxt = ctx;
    xml_reader *r = ctxt->_private;
    if (!r || e->level < XML_ERR_ERROR || r->failed)
        return;
    if (ctxt->inSubset) {
        S_parse_failed(r, "xml-dtd", (unsigned)e->line, AW_NO_COLUMN,
                       "DTDs and entity declarations are not allowed");
        return;
    }
    aw_strbuf msg = AW_STRBUF_INIT;
    S_plain_message(&msg, e);
    unsigned col = e->int2 > 0 ? (unsigned)e->int2 : AW_NO_COLUMN;
    if (e->code == XML_ERR_TAG_NAME_MISMATCH)
        col = S_back_to(r, e->line, col, "</");
    else if (e->code == XML_ERR_ATTRIBUTE_REDEFINED && e->str1)
        col = S_back_to(r, e->line, col, e->str1);
    S_parse_failed(r, "xml-syntax", e->line > 0 ? (unsigned)e->line : 0, col,
                   msg.len ? msg.data : "the document is not well-formed XML");
    aw_strbuf_free(&msg);
}

/* Errors libxml2 raises without a context go to the thread's own handler
 * (libxml2's globals are per thread); keep the first in case the parse
 * fails without a better one. */
static void S_on_stray_error(void *ctx, S_xml_error *e)
{
    xml_reader *r = ctx;
    if (r->stray || e->level < XML_ERR_ERROR)
        return;
    aw_strbuf msg = AW_STRBUF_INIT;
    S_clean_message(&msg, e->message);
    r->stray = msg.len ? aw_arena_strdup(r->arena, msg.data) : NULL;
    aw_strbuf_free(&msg);
}

static void S_refuse_dtd(xml_reader *r, xmlParserCtxtPtr ctxt)
{
    unsigned line = ctxt->input ? (unsigned)ctxt->input->line : 0;
    S_parse_failed(r, "xml-dtd", line, AW_NO_COLUMN, "DTDs and entity declarations are not allowed");
}

/* Replacements for the SAX2 DTD handlers: a DOCTYPE is refused, and no
 * entity is ever declared or external subset loaded, so nothing can expand
 * (billion laughs) or be read from disk or network (XXE). */
static void S_on_subset(void *ctx, const xmlChar *name, const xmlChar *public_id,
                        const xmlChar *system_id)
{
    (void)name, (void)public_id, (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    S_refuse_dtd(ctxt->_private, ctxt);
}

static void S_on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                             const xmlChar *system_id, xmlChar *content)
{
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    S_refuse_dtd(ctxt->_private, ctxt);
}

static void S_on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
                                      const xmlChar *system_id, const xmlChar *notation)
{
    (void)name, (void)public_id, (void)system_id, (void)notation;
    xmlParserCtxtPtr ctxt = ctx;
    S_refuse_dtd(ctxt->_private, ctxt);
}

/* The line of the start tag's '<': libxml2 calls back once the whole tag is
 * read, and a tag's attributes may span lines. '<' cannot occur inside a
 * tag, so the nearest one before the cursor is the tag's. */
static unsigned S_tag_line(xmlParserCtxtPtr ctxt)
{
    xmlParserInputPtr in = ctxt->input;
    if (!in || !in->cur || !in->base || in->cur <= in->base)
        return in ? (unsigned)in->line : 0;
    unsigned newlines = 0;
    for (const xmlChar *p = in->cur; p-- > in->base;) {
        if (*p == '<')
            return (unsigned)in->line > newlines ? (unsigned)in->line - newlines : 1;
        newlines += *p == '\n';
    }
    return (unsigned)in->line;
}

/* Wraps the tree builder's start handler: bounds the depth (libxml2 alone
 * allows 256) and records each element's line. Elements past the limit are
 * not built at all, and the end handler skips them in step. */
static void S_on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                       int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    xml_reader *r = ctxt->_private;
    unsigned line = S_tag_line(ctxt);
    if (++r->depth > AW_MAX_DEPTH) {
        if (!r->failed)
            S_parse_failed(r, "too-deep", line, AW_NO_COLUMN,
                           aw_arena_printf(r->arena, "nesting deeper than %d levels", AW_MAX_DEPTH));
        return;
    }
    xmlNodePtr before = ctxt->node;
    r->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
             attributes);
    if (ctxt->node && ctxt->node != before)
        ctxt->node->_private = (void *)(uintptr_t)line;
}

static void S_on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    xml_reader *r = ctxt->_private;
    if (r->depth-- > AW_MAX_DEPTH)
        return;
    r->end(ctx, localname, prefix, uri);
}

static xmlDocPtr S_parse(xml_reader *r)
{
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(r->text, (int)r->len);
    if (!ctxt) {
        S_parse_failed(r, "internal", 0, AW_NO_COLUMN, "out of memory creating the XML parser");
        return NULL;
    }
    /* Never XML_PARSE_NOENT (it turns entity substitution on), HUGE or
     * DTDLOAD. NOBLANKS is left out: its blank-node guess depends on a DTD,
     * and the conversion below ignores whitespace between elements itself.
     * NOCDATA makes CDATA sections plain text. */
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
    xmlCtxtUseOptions(ctxt, options);
#if LIBXML_VERSION >= 21100
    /* No entity is ever declared, so any amplification is an attack. */
    xmlCtxtSetMaxAmplification(ctxt, 1);
#endif
    ctxt->_private = r;
    xmlSAXHandlerPtr sax = ctxt->sax;
    sax->serror = S_on_parse_error;
    sax->internalSubset = S_on_subset;
    sax->externalSubset = S_on_subset;
    sax->entityDecl = S_on_entity_decl;
    sax->unparsedEntityDecl = S_on_unparsed_entity_decl;
    r->start = sax->startElementNs;
    r->end = sax->endElementNs;
    sax->startElementNs = S_on_start;
    sax->endElementNs = S_on_end;

    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    bool ok = ctxt->wellFormed && doc && !r->failed;
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);
    if (ok && (doc->intSubset || doc->extSubset))
        S_parse_failed(r, "xml-dtd", 1, AW_NO_COLUMN, "DTDs and entity declarations are not allowed");
    else if (!ok)
        S_parse_failed(r, "xml-syntax", 0, AW_NO_COLUMN,
                       r->stray ? r->stray : "the document is not well-formed XML");
    if (r->failed) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---- The diagram format's structure, for messages ----------------------- */

static const aw_field *S_context_field(const xml_context *cx, const char *name)
{
    for (size_t d = 0; d < cx->ndescs; d++) {
        const aw_field *f = aw_struct_field(cx->descs[d], name);
        if (f)
            return f;
    }
    return NULL;
}

static xml_context S_struct_context(const aw_struct_desc *a, const aw_struct_desc *b)
{
    xml_context cx = {CX_STRUCT, {a, b}, b ? 2 : 1, NULL};
    return cx;
}

/* Maps an element to what it stands for by walking down from the root. */
static xml_context S_context_of(const xmlNode *el)
{
    xml_context none = {CX_UNKNOWN, {NULL, NULL}, 0, NULL};
    if (!el || el->type != XML_ELEMENT_NODE || el->ns)
        return none;
    const char *name = (const char *)el->name;
    if (!el->parent || el->parent->type != XML_ELEMENT_NODE)
        return strcmp(name, aw_diagram_desc.name) == 0 ? S_struct_context(&aw_diagram_desc, NULL)
                                                       : none;
    xml_context up = S_context_of(el->parent);
    switch (up.kind) {
    case CX_STRUCT: {
        if (up.descs[0] == &aw_diagram_desc && strcmp(name, AW_NODES_FIELD) == 0)
            return (xml_context){CX_NODES, {NULL, NULL}, 0, NULL};
        const aw_field *f = S_context_field(&up, name);
        if (!f || aw_xml_field_is_attr(f))
            return none;
        if (f->type == AW_F_OBJECT)
            return S_struct_context(f->sub, NULL);
        return (xml_context){f->type == AW_F_MAP ? CX_MAP : CX_LIST, {NULL, NULL}, 0, f};
    }
    case CX_NODES: {
        aw_kind k = aw_kind_from_name(name);
        return k == AW_KIND_COUNT ? none : S_struct_context(&aw_node_common_desc, aw_kind_descs[k].desc);
    }
    case CX_LIST:
        if (strcmp(name, up.field->item) != 0)
            return none;
        if (up.field->type == AW_F_OBJECTS)
            return S_struct_context(up.field->sub, NULL);
        return (xml_context){CX_TEXT, {NULL, NULL}, 0, up.field};
    case CX_MAP:
        return strcmp(name, AW_XML_MAP_ENTRY) == 0 ? (xml_context){CX_ENTRY, {NULL, NULL}, 0, up.field}
                                                   : none;
    default:
        return none;
    }
}

static void S_suggest_fields(aw_suggest *s, const aw_struct_desc *desc, bool attrs)
{
    for (size_t i = 0; i < desc->field_count; i++)
        if (aw_xml_field_is_attr(&desc->fields[i]) == attrs)
            aw_suggest_try(s, desc->fields[i].name);
}

/* Every attribute or element name in the format, for elements we cannot
 * place. Sub-structs are reached through the fields that use them. */
static void S_suggest_everywhere(aw_suggest *s, const aw_struct_desc *desc, bool attrs, int depth)
{
    S_suggest_fields(s, desc, attrs);
    for (size_t i = 0; i < desc->field_count && depth < 4; i++)
        if (desc->fields[i].sub)
            S_suggest_everywhere(s, desc->fields[i].sub, attrs, depth + 1);
}

static const char *S_suggest_name(const xml_context *cx, const char *word, bool attrs)
{
    aw_suggest s;
    aw_suggest_init(&s, word);
    if (cx->kind == CX_STRUCT) {
        for (size_t d = 0; d < cx->ndescs; d++)
            S_suggest_fields(&s, cx->descs[d], attrs);
        if (!attrs && cx->descs[0] == &aw_diagram_desc)
            aw_suggest_try(&s, AW_NODES_FIELD);
    } else if (cx->kind == CX_NODES) {
        for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++)
            aw_suggest_try(&s, aw_kind_descs[k].name);
    } else if (cx->kind == CX_ENTRY) {
        aw_suggest_try(&s, AW_XML_MAP_KEY);
        aw_suggest_try(&s, AW_XML_MAP_VALUE);
    } else if (cx->kind == CX_UNKNOWN) {
        S_suggest_everywhere(&s, &aw_diagram_desc, attrs, 0);
        S_suggest_everywhere(&s, &aw_node_common_desc, attrs, 0);
        for (int k = AW_KIND_FIRST; k <= AW_KIND_LAST; k++)
            S_suggest_everywhere(&s, aw_kind_descs[k].desc, attrs, 0);
    }
    return aw_suggest_result(&s);
}

/* ---- Validation --------------------------------------------------------- */

static xmlSchemaPtr S_schema;
static char S_schema_problem[256];

static void S_on_xsd_error(void *ctx, S_xml_error *e)
{
    (void)ctx;
    if (!S_schema_problem[0] && e->level >= XML_ERR_ERROR)
        snprintf(S_schema_problem, sizeof S_schema_problem, "line %d: %s", e->line,
                 e->message ? e->message : "error");
}

/* Once per process: libxml2's global initialisation, which is not safe to
 * race, and the schema, which validation only reads and so may be shared by
 * threads that each use their own validation context. */
static void S_init_once(void)
{
    xmlInitParser();
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, S_on_xsd_error);
    const char *xsd = aw_xsd_text();
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)strlen(xsd));
    if (pc) {
        xmlSchemaSetParserStructuredErrors(pc, S_on_xsd_error, NULL);
        S_schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    xmlSetStructuredErrorFunc(saved_ctx, saved);
}

/* libxml2 names an attribute only in its message: "Element 'e', attribute
 * 'a': ...". Namespaced names read "{uri}a". */
static const char *S_attribute_in(xml_reader *r, const char *msg)
{
    const char *at = msg ? strstr(msg, ", attribute '") : NULL;
    if (!at)
        return NULL;
    at += strlen(", attribute '");
    const char *end = strstr(at, "': ");
    return end ? aw_arena_strndup(r->arena, at, (size_t)(end - at)) : NULL;
}

static const char *S_attribute_value(xml_reader *r, const xmlNode *el, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(el, (const xmlChar *)name);
    const char *copy = aw_arena_strdup(r->arena, v ? (const char *)v : "");
    xmlFree(v);
    return copy;
}

/* The id of the node an element belongs to, for the diagnostic's element. */
static const char *S_node_id(xml_reader *r, const xmlNode *el)
{
    const xmlNode *root = xmlDocGetRootElement(el->doc);
    for (; el && el->type == XML_ELEMENT_NODE; el = el->parent) {
        const xmlNode *up = el->parent;
        if (up && up->parent == root && xmlStrEqual(up->name, BAD_CAST AW_NODES_FIELD)) {
            xmlChar *id = xmlGetNoNsProp(el, BAD_CAST "id");
            const char *copy = id ? aw_arena_strdup(r->arena, (const char *)id) : NULL;
            xmlFree(id);
            return copy;
        }
    }
    return NULL;
}


/* Whether the text is of the field's type as the XSD's simple types define
 * it (after XSD's white-space collapsing), and its value if numeric. */
static bool S_value_of_type(const aw_field *f, const char *text, double *value)
{
    while (S_is_space(*text))
        text++;
    size_t len = strlen(text);
    while (len && S_is_space(text[len - 1]))
        len--;
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    size_t i = buf[0] == '-';
    size_t digits = strspn(buf + i, "0123456789");
    if (digits == 0)
        return false;
    if (f->type == AW_F_INT) {
        if (i + digits != len)
            return false;
        errno = 0;
        long long v = strtoll(buf, NULL, 10);
        *value = (double)v;
        return errno != ERANGE;
    }
    i += digits;
    if (buf[i] == '.') {
        size_t frac = strspn(buf + i + 1, "0123456789");
        if (frac == 0)
            return false;
        i += 1 + frac;
    }
    if (buf[i] == 'e' || buf[i] == 'E') {
        i += 1 + (buf[i + 1] == '+' || buf[i + 1] == '-');
        size_t exp = strspn(buf + i, "0123456789");
        if (exp == 0)
            return false;
        i += exp;
    }
    *value = strtod(buf, NULL);
    return i == len && isfinite(*value);
}

/* A value the schema refused, in the model builder's words, so that both
 * spellings of a diagram get the same message. */
static char *S_value_message(xml_reader *r, const aw_field *f, const char *value)
{
    aw_strbuf msg = AW_STRBUF_INIT;
    double v = NAN;
    if (f->type == AW_F_ENUM) {
        aw_suggest s;
        aw_suggest_init(&s, value);
        aw_strbuf_printf(&msg, "'%s' must be one of ", f->name);
        for (size_t i = 1; f->names[i]; i++) {
            aw_strbuf_printf(&msg, "%s\"%s\"", i > 1 ? ", " : "", f->names[i]);
            aw_suggest_try(&s, f->names[i]);
        }
        aw_strbuf_printf(&msg, ", found \"%s\"", value);
        if (aw_suggest_result(&s))
            aw_strbuf_printf(&msg, "; did you mean \"%s\"?", aw_suggest_result(&s));
    } else if ((f->type == AW_F_INT || f->type == AW_F_NUMBER) && S_value_of_type(f, value, &v)) {
        aw_strbuf_printf(&msg, "'%s' ", f->name);
        if ((f->flags & AW_FF_MIN) && (f->flags & AW_FF_MAX)) {
            aw_strbuf_puts(&msg, "must be between ");
            aw_strbuf_number(&msg, f->min);
            aw_strbuf_puts(&msg, " and ");
            aw_strbuf_number(&msg, f->max);
        } else if ((f->flags & AW_FF_MIN) && v < f->min) {
            aw_strbuf_puts(&msg, "must be at least ");
            aw_strbuf_number(&msg, f->min);
        } else if (f->flags & AW_FF_MAX) {
            aw_strbuf_puts(&msg, "must be at most ");
            aw_strbuf_number(&msg, f->max);
        } else {
            aw_strbuf_puts(&msg, "is out of range");
        }
        aw_strbuf_puts(&msg, ", found ");
        aw_strbuf_number(&msg, v);
    } else {
        aw_strbuf_printf(&msg, "'%s' must be %s, found \"%.*s\"", f->name, aw_field_type_phrase(f),
                         (int)(strlen(value) > 40 ? 40 : strlen(value)), value);
    }
    char *out = aw_arena_strdup(r->arena, msg.data);
    aw_strbuf_free(&msg);
    return out;
}

/* The first required child element missing from a struct element. */
static const aw_field *S_missing_child(const xml_context *cx, const xmlNode *el)
{
    for (size_t d = 0; d < cx->ndescs; d++) {
        for (size_t i = 0; i < cx->descs[d]->field_count; i++) {
            const aw_field *f = &cx->descs[d]->fields[i];
            if (!(f->flags & AW_FF_REQUIRED) || aw_xml_field_is_attr(f))
                continue;
            const xmlNode *c = el->children;
            while (c && !(c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST f->name)))
                c = c->next;
            if (!c)
                return f;
        }
    }
    return NULL;
}

/* An element libxml2 did not expect, said in the diagram format's terms. */
static const char *S_unexpected_message(xml_reader *r, const xmlNode *el)
{
    const char *name = (const char *)el->name;
    xml_context up = S_context_of(el->parent);
    const char *parent = el->parent ? (const char *)el->parent->name : "";
    const aw_field *f = up.kind == CX_STRUCT ? S_context_field(&up, name) : NULL;
    if (f && aw_xml_field_is_attr(f))
        return aw_arena_printf(r->arena, "'%s' must be an attribute of <%s>, not a child element",
                               name, parent);
    if (f || (up.kind == CX_STRUCT && up.descs[0] == &aw_diagram_desc &&
              strcmp(name, AW_NODES_FIELD) == 0))
        return aw_arena_printf(r->arena, "'%s' is given twice in <%s>", name, parent);
    if (up.kind == CX_LIST)
        return aw_arena_printf(r->arena, "'%s' holds <%s> elements, found <%s>", up.field->name,
                               up.field->item, name);
    if (up.kind == CX_MAP)
        return aw_arena_printf(r->arena, "'%s' holds <" AW_XML_MAP_ENTRY " " AW_XML_MAP_KEY
                               "=\"...\" " AW_XML_MAP_VALUE "=\"...\"/> elements, found <%s>",
                               up.field->name, name);
    if (el->ns)
        return aw_arena_printf(r->arena, "unknown element <%s> in namespace '%s' in <%s>: the format "
                               "uses no namespace", name, (const char *)el->ns->href, parent);
    const char *near = S_suggest_name(&up, name, false);
    const char *what = up.kind == CX_NODES ? "unknown node kind" : "unknown element";
    if (near)
        return aw_arena_printf(r->arena, "%s <%s> in <%s>; did you mean '%s'?", what, name, parent, near);
    return aw_arena_printf(r->arena, "%s <%s> in <%s>", what, name, parent);
}

static const char *S_attribute_message(xml_reader *r, const xmlNode *el, const char *attr)
{
    xml_context cx = S_context_of(el);
    const aw_field *f = cx.kind == CX_STRUCT ? S_context_field(&cx, attr) : NULL;
    if (f && !aw_xml_field_is_attr(f))
        return aw_arena_printf(r->arena, "'%s' must be a child element of <%s>, not an attribute", attr,
                               (const char *)el->name);
    const char *near = attr[0] == '{' ? NULL : S_suggest_name(&cx, attr, true);
    if (near)
        return aw_arena_printf(r->arena, "unknown attribute '%s' on <%s>; did you mean '%s'?", attr,
                               (const char *)el->name, near);
    return aw_arena_printf(r->arena, "unknown attribute '%s' on <%s>", attr, (const char *)el->name);
}

/* libxml2's own words, without its "Element 'x': " prefix: the location's
 * path names the element already. */
static const char *S_libxml2_message(xml_reader *r, const char *msg)
{
    aw_strbuf out = AW_STRBUF_INIT;
    const char *rest = msg ? strstr(msg, "': ") : NULL;
    S_clean_message(&out, rest && strncmp(msg, "Element '", 9) == 0 ? rest + 3 : msg);
    const char *copy = aw_arena_strdup(r->arena, out.len ? out.data : "the document does not match "
                                                                      "the diagram schema");
    aw_strbuf_free(&out);
    return copy;
}

static bool S_is_value_error(int code)
{
    switch (code) {
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
    case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_PATTERN_VALID:
    case XML_SCHEMAV_CVC_ENUMERATION_VALID:
    case XML_SCHEMAV_CVC_ATTRIBUTE_3:
        return true;
    default:
        return false;
    }
}

/* The validation context's error handler: one diagnostic per problem, in
 * the format's terms where the element can be placed. */
static void S_on_schema_error(void *ctx, S_xml_error *e)
{
    xml_reader *r = ctx;
    const xmlNode *el = e->node;
    if (e->level < XML_ERR_ERROR)
        return;
    if (!el || el->type != XML_ELEMENT_NODE)
        el = NULL;
    const char *attr = S_attribute_in(r, e->message);
    const char *message = NULL;

    if (el && attr && S_is_value_error(e->code)) {
        /* A bad value draws one error per facet it breaks. */
        if (el == r->value_node && r->value_attr && strcmp(attr, r->value_attr) == 0)
            return;
        r->value_node = el;
        r->value_attr = attr;
        xml_context cx = S_context_of(el);
        const aw_field *f = cx.kind == CX_STRUCT ? S_context_field(&cx, attr) : NULL;
        if (f)
            message = S_value_message(r, f, S_attribute_value(r, el, attr));
    } else if (el && attr && (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
                              e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2 ||
                              e->code == XML_SCHEMAV_CVC_TYPE_3_1_1)) {
        message = S_attribute_message(r, el, attr);
    } else if (el && e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_4 && e->str1) {
        message = aw_arena_printf(r->arena, "<%s> is missing the required attribute '%s'",
                                  (const char *)el->name, e->str1);
        attr = NULL;    /* the path names the element: the attribute is not there */
    } else if (el && e->code == XML_SCHEMAV_ELEMENT_CONTENT && e->message &&
               strstr(e->message, "This element is not expected")) {
        message = S_unexpected_message(r, el);
    } else if (el && e->code == XML_SCHEMAV_ELEMENT_CONTENT && e->message &&
               strstr(e->message, "Missing child element")) {
        xml_context cx = S_context_of(el);
        const aw_field *f = cx.kind == CX_STRUCT ? S_missing_child(&cx, el) : NULL;
        if (f)
            message = aw_arena_printf(r->arena, "<%s> is missing the required child element <%s>",
                                      (const char *)el->name, f->name);
    } else if (el && e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3) {
        message = aw_arena_printf(r->arena, "<%s> may not contain text, only child elements",
                                  (const char *)el->name);
    } else if (el && e->code == XML_SCHEMAV_CVC_TYPE_3_1_2) {
        message = aw_arena_printf(r->arena, "<%s> holds text only, not child elements",
                                  (const char *)el->name);
    } else if (el && e->code == XML_SCHEMAV_CVC_ELT_1) {
        message = el->ns ? aw_arena_printf(r->arena, "the root element must be <%s> in no namespace, "
                                           "found <%s> in namespace '%s'", aw_diagram_desc.name,
                                           (const char *)el->name, (const char *)el->ns->href)
                         : aw_arena_printf(r->arena, "the root element must be <%s>, found <%s>",
                                           aw_diagram_desc.name, (const char *)el->name);
    }
    if (!message)
        message = S_libxml2_message(r, e->message);

    if (r->schema_errors++ >= AW_MAX_DIAGNOSTICS)
        return;
    const char *path = el ? S_element_path(r, el) : NULL;
    if (path && attr)
        path = S_path(r, path, "/@", attr, 0);
    aw_loc loc = S_loc(r, el ? S_element_line(el) : (unsigned)(e->line > 0 ? e->line : 0),
                       AW_NO_COLUMN, path);
    aw_diag *d = aw_diag_add(r->diags, AW_SEV_ERROR, "xml-schema", &loc, "%s", message);
    d->element = el ? S_node_id(r, el) : NULL;
}

static bool S_validate(xml_reader *r, xmlDocPtr doc)
{
    if (!S_schema) {
        aw_loc loc = S_loc(r, 0, AW_NO_COLUMN, NULL);
        aw_diag_add(r->diags, AW_SEV_ERROR, "internal",
                    &loc, "internal error: the built-in XML Schema does not compile (%s)",
                    S_schema_problem[0] ? S_schema_problem : "out of memory");
        return false;
    }
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(S_schema);
    if (!vctxt) {
        aw_loc loc = S_loc(r, 0, AW_NO_COLUMN, NULL);
        aw_diag_add(r->diags, AW_SEV_ERROR, "internal", &loc, "out of memory validating the XML");
        return false;
    }
    xmlSchemaSetValidStructuredErrors(vctxt, S_on_schema_error, r);
    int result = xmlSchemaValidateDoc(vctxt, doc);
    xmlSchemaFreeValidCtxt(vctxt);
    if (result != 0 && r->schema_errors == 0) {
        aw_loc loc = S_loc(r, 0, AW_NO_COLUMN, NULL);
        aw_diag_add(r->diags, AW_SEV_ERROR, "xml-schema", &loc,
                    "the document does not match the diagram schema");
    }
    return result == 0;
}

/* ---- The document tree ------------------------------------------------- */

/* Names come from libxml2's dictionary, one pointer per distinct name, so
 * a small pointer-keyed table saves a copy per element and attribute. */
static const char *S_name(xml_reader *r, const xmlChar *name)
{
    size_t n = sizeof r->names / sizeof r->names[0];
    size_t h = ((uintptr_t)name >> 4) % n;
    for (size_t probe = 0; probe < 8; probe++, h = (h + 1) % n) {
        if (r->names[h] == name)
            return r->copies[h];
        if (!r->names[h]) {
            r->names[h] = name;
            return r->copies[h] = aw_arena_strdup(r->arena, (const char *)name);
        }
    }
    return aw_arena_strdup(r->arena, (const char *)name);
}

/* Text of a node's text and CDATA children; NULL after reporting one too
 * long. */
static aw_doc *S_text_doc(xml_reader *r, const xmlNode *first, const char *tag, aw_loc loc,
                          const char *what)
{
    size_t len = 0;
    for (const xmlNode *c = first; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            len += strlen((const char *)c->content);
    if (len > AW_MAX_STRING_BYTES) {
        aw_diag_add(r->diags, AW_SEV_ERROR, "string-too-long", &loc,
                    "%s is %zu bytes, more than the limit of %u bytes (1 MiB)", what, len,
                    AW_MAX_STRING_BYTES);
        return NULL;
    }
    char *chars = aw_arena_alloc(r->arena, len + 1);
    size_t at = 0;
    for (const xmlNode *c = first; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            size_t n = strlen((const char *)c->content);
            memcpy(chars + at, c->content, n);
            at += n;
        }
    }
    aw_doc *doc = aw_arena_alloc(r->arena, sizeof *doc);
    doc->kind = AW_DOC_STRING;
    doc->untyped = true;
    doc->tag = tag;
    doc->loc = loc;
    doc->as.string.chars = chars;
    doc->as.string.len = len;
    return doc;
}

typedef struct name_count {
    const xmlChar *name;
    size_t total, seen;
} name_count;

static aw_doc *S_element_doc(xml_reader *r, const xmlNode *el, const char *path, int depth)
{
    aw_loc loc = S_loc(r, S_element_line(el), AW_NO_COLUMN, path);
    const char *tag = S_name(r, el->name);
    if (depth > AW_MAX_DEPTH) {
        aw_diag_add(r->diags, AW_SEV_ERROR, "too-deep", &loc, "nesting deeper than %d levels",
                    AW_MAX_DEPTH);
        return NULL;
    }
    if (r->arena->total + aw_mem_budget_live() > r->budget) {
        aw_mem_budget_report(r->diags, &loc, AW_MAX_XML_TREE_FACTOR);
        return NULL;
    }
    size_t nattrs = 0, nchildren = 0;
    for (const xmlAttr *a = el->properties; a; a = a->next)
        nattrs++;
    for (const xmlNode *c = el->children; c; c = c->next)
        nchildren += c->type == XML_ELEMENT_NODE;
    if (nattrs == 0 && nchildren == 0)
        return S_text_doc(r, el->children, tag, loc, "text");

    aw_doc *doc = aw_arena_alloc(r->arena, sizeof *doc);
    doc->kind = AW_DOC_OBJECT;
    doc->tag = tag;
    doc->loc = loc;
    doc->as.object.members = aw_arena_alloc(r->arena, (nattrs + nchildren) * sizeof(aw_doc_member));
    bool ok = true;
    for (const xmlAttr *a = el->properties; a; a = a->next) {
        aw_doc_member *m = &doc->as.object.members[doc->as.object.count++];
        m->key = S_name(r, a->name);
        m->key_loc = S_loc(r, loc.line, AW_NO_COLUMN, S_path(r, path, "/@", m->key, 0));
        m->value = S_text_doc(r, a->children, NULL, m->key_loc, "an attribute value");
        ok &= m->value != NULL;
    }

    /* Validated input has few distinct child names per element. */
    name_count *names = aw_arena_alloc(r->arena, (nchildren ? nchildren : 1) * sizeof *names);
    size_t nnames = 0;
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t i = 0;
        while (i < nnames && !xmlStrEqual(names[i].name, c->name))
            i++;
        if (i == nnames)
            names[nnames++] = (name_count){c->name, 0, 0};
        names[i].total++;
    }
    for (const xmlNode *c = el->children; c && ok; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t i = 0;
        while (!xmlStrEqual(names[i].name, c->name))
            i++;
        const char *name = S_name(r, c->name);
        size_t index = names[i].total > 1 ? ++names[i].seen : 0;
        const char *child_path = S_path(r, path, "/", name, index);
        aw_doc_member *m = &doc->as.object.members[doc->as.object.count++];
        m->key = name;
        m->value = S_element_doc(r, c, child_path, depth + 1);
        if (!m->value)
            return NULL;
        m->key_loc = m->value->loc;
    }
    return ok ? doc : NULL;
}

/* ---- Entry point ---------------------------------------------------------- */

aw_doc *aw_xml_read(aw_arena *arena, aw_diags *diags, const char *file, const char *text, size_t len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    xml_reader r = {.arena = arena, .diags = diags};
    r.file = aw_arena_strdup(arena, file);
    r.text = text ? text : "";
    r.len = text ? len : 0;
    if (r.len > AW_MAX_INPUT_BYTES) {
        aw_loc loc = S_loc(&r, 0, AW_NO_COLUMN, NULL);
        aw_diag_add(diags, AW_SEV_ERROR, "input-too-large", &loc,
                    "input is %zu bytes, more than the limit of %u bytes (64 MiB)", r.len,
                    AW_MAX_INPUT_BYTES);
        return NULL;
    }
    size_t start = S_starts(r.text, r.len, 0, "\xEF\xBB\xBF") ? 3 : 0;
    size_t first = start;
    while (first < r.len && S_is_space(r.text[first]))
        first++;
    if (first == r.len) {
        aw_loc loc = S_loc(&r, 1, AW_NO_COLUMN, NULL);
        aw_diag_add(diags, AW_SEV_ERROR, "xml-syntax", &loc, "empty input: expected a <%s> element",
                    aw_diagram_desc.name);
        return NULL;
    }
    if (!S_check_encoding(&r, start) || !S_check_nul(&r) || !S_check_prolog(&r, start) || !S_check_attributes(&r))
        return NULL;

    pthread_once(&once, S_init_once);
    /* Errors libxml2 cannot tie to a context go to this thread's handler,
     * never to stderr; the caller's handler is put back afterwards. */
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&r, S_on_stray_error);

    aw_doc *root = NULL;
    r.budget = AW_XML_TREE_BUDGET(arena, r.len);
    aw_mem_budget_begin(r.budget - arena->total);
    xmlDocPtr doc = S_parse(&r);
    bool valid = doc && S_validate(&r, doc);
    if (valid && aw_mem_budget_exceeded()) {
        aw_mem_budget_report(diags, &(aw_loc){.file = r.file}, AW_MAX_XML_TREE_FACTOR);
    } else if (valid) {
        xmlNodePtr el = xmlDocGetRootElement(doc);
        root = S_element_doc(&r, el, S_path(&r, "", "/", (const char *)el->name, 0), 1);
    }
    xmlFreeDoc(doc);
    aw_mem_budget_end();
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    return root;
}
