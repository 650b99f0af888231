/* Hard limits on input, documented in docs/diagram-format.md ("Limits").
 * Anything beyond them is rejected with one diagnostic, never truncated. */
#ifndef AW_LIMITS_H
#define AW_LIMITS_H

/* Largest diagram file accepted, in bytes (64 MiB: about 200,000 routes). */
#define AW_MAX_INPUT_BYTES (64u * 1024u * 1024u)
/* Deepest nesting of objects/arrays (JSON) or elements (XML). The format
 * itself needs fewer than 10 levels. */
#define AW_MAX_DEPTH 64
/* Most nodes and edges in one diagram. */
#define AW_MAX_NODES 1000000u
/* Longest single string value, in bytes. */
#define AW_MAX_STRING_BYTES (1024u * 1024u)
/* Most memory a front end may spend on the document tree: a multiple of
 * the input's size plus a fixed allowance. Real diagrams need about five
 * times their size; the cap stops inputs crafted to make logical paths
 * explode (a great many values under very long keys). */
#define AW_MAX_TREE_FACTOR 16u
#define AW_MAX_TREE_EXTRA (64u * 1024u * 1024u)
#define AW_TREE_BUDGET(arena, len) \
    ((arena)->total + (size_t)(len) * AW_MAX_TREE_FACTOR + AW_MAX_TREE_EXTRA)
/* Most diagnostics kept per compile; the rest are counted and summarised. */
#define AW_MAX_DIAGNOSTICS 1000u

#endif
