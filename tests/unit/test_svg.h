/* XPath over the SVG of a picture, for the render tests: Graphviz's
 * elements in the SVG namespace, tooltips in xlink's (prefixes s: and x:). */
#ifndef AW_TEST_SVG_H
#define AW_TEST_SVG_H

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

/* The string value of an XPath expression (malloc'd; "" when it finds nothing). */
static inline char *aw_test_svg_string(xmlDoc *doc, const char *query)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://www.w3.org/1999/xlink");
    xmlXPathObject *found = xmlXPathEvalExpression(BAD_CAST query, ctx);
    char *value = strdup(found && found->stringval ? (const char *)found->stringval : "");
    xmlXPathFreeObject(found);
    xmlXPathFreeContext(ctx);
    return value;
}

#endif
