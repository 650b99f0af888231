/* Every string a diagram holds, visited through the field tables: string
 * fields, list items, map keys and values, and the strings of sub-objects,
 * each with its location. The passes over text inside strings (references,
 * deploy-time parameters) share this walk. */
#ifndef AW_STRING_WALK_H
#define AW_STRING_WALK_H

#include <stdbool.h>

#include "../ir/ir.h"
#include "../ir/ir_fields.h"

typedef struct aw_string_visit {
    const aw_node *node;        /* the element; NULL for the diagram's own fields */
    const aw_field *top;        /* the element's (or diagram's) field the string is in */
    bool common;                /* top is one of the fields every node has */
    const char *field;          /* the innermost field's name */
    const char *text;
    const aw_loc *loc;
    bool key;                   /* a map's key rather than a value */
} aw_string_visit;

typedef void (*aw_string_visitor)(void *ctx, const aw_string_visit *v);

/* Visits the strings of one element: its common fields, then its kind's. */
void aw_strings_walk_node(const aw_node *node, aw_string_visitor fn, void *ctx);
/* Visits the strings of every element that may hold a ${...} marker,
 * skipping those the builder found none in (aw_node.plain_text): the
 * passes over markers need not walk the rest. */
void aw_strings_walk_marked_nodes(const aw_model *model, aw_string_visitor fn, void *ctx);
/* The same for the diagram's own fields (name, tags, edges, parameters,
 * ...), skipped where aw_model.plain_text says none holds a marker, and
 * then for its elements. */
void aw_strings_walk_marked(const aw_model *model, aw_string_visitor fn, void *ctx);

#endif
