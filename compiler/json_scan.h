/* The JSON front end's two parsers and the check that they agree: a fast
 * single pass used for every read, and the jansson-based reference that
 * explains whatever the fast one turns down. */
#ifndef AW_JSON_SCAN_H
#define AW_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"

/* Why a scan gave no tree, where the reason is one the scanner can tell
 * alone, without the reference parsing the whole text again. */
typedef struct aw_json_scan_stop {
    bool over_budget;       /* the tree outgrew AW_TREE_BUDGET */
    size_t tiny_number;     /* offset (after any BOM) of a number too close to
                             * zero (aw_json_number_underflows), or SIZE_MAX */
    size_t tiny_len;
} aw_json_scan_stop;

/* Parses a diagram (a leading BOM allowed) straight into a tree in arena:
 * the tree aw_json_read_reference() would give, or NULL, without saying
 * why, wherever the reference would give none. A NULL leaves unused
 * memory in the arena; nothing else. *stop (if not NULL) tells whether it
 * stopped for a reason of its own. */
aw_doc *aw_json_scan(aw_arena *arena, const char *file, const char *text, size_t len, aw_json_scan_stop *stop);

/* Whether the number literal text[0..len), read as v, is too close to zero
 * for a double to hold: a subnormal (which loses precision and cannot come
 * back through the XML spelling), or a nonzero literal read as 0
 * ("1e-999999"). Both parsers refuse such numbers. */
bool aw_json_number_underflows(const char *text, size_t len, double v);

/* The jansson-based reader (json_reader.c): the source of every JSON
 * diagnostic. Same contract as aw_json_read(). */
aw_doc *aw_json_read_reference(aw_arena *arena, aw_diags *diags, const char *file,
                               const char *text, size_t len);

/* The first difference between two trees, node by node (kinds, values,
 * strings and their lengths, locations with paths, key locations), as a
 * message in arena; NULL if they are the same. */
const char *aw_json_doc_diff(aw_arena *arena, const aw_doc *a, const aw_doc *b);

#endif
