/* The document tree: what the JSON and XML front ends both produce before
 * the model builder maps it onto the IR. It keeps every value's source
 * location and logical path, so diagnostics from either spelling point at
 * the input. Trees live in the compile's arena. */
#ifndef AW_DOC_H
#define AW_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../ir/arena.h"
#include "../ir/loc.h"

typedef enum aw_doc_kind {
    AW_DOC_NULL,
    AW_DOC_BOOL,
    AW_DOC_NUMBER,
    AW_DOC_STRING,
    AW_DOC_ARRAY,
    AW_DOC_OBJECT,
} aw_doc_kind;

typedef struct aw_doc aw_doc;

typedef struct aw_doc_member {
    const char *key;
    aw_loc key_loc;         /* where the key (JSON) or attribute/element (XML) is */
    aw_doc *value;
} aw_doc_member;

struct aw_doc {
    aw_doc_kind kind;
    /* Set for scalars read from XML attributes or text: the value is a
     * string whose type the builder decides from the schema. */
    bool untyped;
    /* An object's members or an array's items were allocated by doubling
     * (aw_arena_grow), so one more may be added in place; the readers
     * allocate them to their count, and such a document is copied before
     * it grows. (Beside `untyped`: it costs no room.) */
    bool growable;
    /* XML element name of an array item (the node kind in <nodes>); NULL
     * for JSON. */
    const char *tag;
    aw_loc loc;
    union {
        bool boolean;
        struct {
            double value;
            bool integral;  /* written without fraction or exponent */
        } number;
        struct {
            const char *chars;
            size_t len;
        } string;
        struct {
            aw_doc **items;
            size_t count;
        } array;
        struct {
            aw_doc_member *members;
            size_t count;
        } object;
    } as;
};

/* Member lookup by key (linear; objects are small). NULL if absent. */
const aw_doc_member *aw_doc_member_find(const aw_doc *object, const char *key);

/* Logical paths. JSON: RFC 6901 pointer ("/nodes/3/throttle/rate").
 * XML: element path ("/diagram/nodes/route[4]/throttle/@rate"). */
const char *aw_doc_json_pointer_append(aw_arena *arena, const char *parent,
                                       const char *key);
const char *aw_doc_json_pointer_index(aw_arena *arena, const char *parent,
                                      size_t index);

const char *aw_doc_kind_name(aw_doc_kind kind);

#endif
