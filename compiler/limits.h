/* Hard limits on input, documented in docs/diagram-format.md ("Limits").
 * Anything beyond them is rejected with one diagnostic, never truncated. */
#ifndef AW_LIMITS_H
#define AW_LIMITS_H

/* Largest diagram file accepted, in bytes (64 MiB: about 56,000 routes of
 * the bench generator's diagrams, as measured with bench/generate). */
#define AW_MAX_INPUT_BYTES (64u * 1024u * 1024u)
/* Deepest nesting of objects/arrays (JSON) or elements (XML). The format
 * itself needs fewer than 10 levels. */
#define AW_MAX_DEPTH 64
/* Most nodes and edges in one diagram, and items in any other list or map. */
#define AW_MAX_NODES 1000000u
/* Longest single string value, in bytes. */
#define AW_MAX_STRING_BYTES (1024u * 1024u)
/* Most memory a front end may spend on the document tree, its parser's own
 * memory included (jansson's tree, the scanner's stack: mem_budget.h): a
 * multiple of the input's size plus a fixed allowance. Real diagrams need
 * about six times their size; the cap stops inputs crafted to make logical
 * paths explode (a great many values under very long keys) or made of a
 * great many tiny values. */
#define AW_MAX_TREE_FACTOR 16u
#define AW_MAX_TREE_EXTRA (64u * 1024u * 1024u)
#define AW_TREE_BUDGET(arena, len) \
    ((arena)->total + (size_t)(len) * AW_MAX_TREE_FACTOR + AW_MAX_TREE_EXTRA)
/* The same for XML, where libxml2's document, held while the tree is built
 * from it, counts too: real diagrams need about 23 times their size. */
#define AW_MAX_XML_TREE_FACTOR 32u
#define AW_XML_TREE_BUDGET(arena, len) \
    ((arena)->total + (size_t)(len) * AW_MAX_XML_TREE_FACTOR + AW_MAX_TREE_EXTRA)
/* Most diagnostics kept per compile; the rest are counted and summarised. */
#define AW_MAX_DIAGNOSTICS 1000u

#endif
