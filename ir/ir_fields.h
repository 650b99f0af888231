/* Field descriptors: a reflection table of every IR struct that the diagram
 * format spells out, with names, types, units, ranges and defaults. The
 * front ends fill the IR through it, the canonical writers print through
 * it and the schema generators describe the format from it, so the JSON
 * and XML spellings cannot drift apart. Names here are the diagram
 * format's vocabulary; no parser or writer lives in ir/. */
#ifndef AW_IR_FIELDS_H
#define AW_IR_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"
#include "strbuf.h"

typedef enum aw_ftype {
    AW_F_STRING,    /* const char * */
    AW_F_BOOL,      /* bool */
    AW_F_INT,       /* int64_t, AW_UNSET_INT when unset */
    AW_F_NUMBER,    /* double, NAN when unset */
    AW_F_DURATION,  /* double milliseconds, NAN when unset; spelt "150ms", "29s" */
    AW_F_ENUM,      /* int; names[0] is NULL for "unset" */
    AW_F_REF,       /* aw_ref */
    AW_F_STRINGS,   /* aw_strings */
    AW_F_REFS,      /* aw_refs */
    AW_F_MAP,       /* aw_map */
    AW_F_OBJECT,    /* pointer to a described struct, NULL when absent */
    AW_F_OBJECTS,   /* pointer to an array of described structs + size_t count */
} aw_ftype;

enum {
    AW_FF_REQUIRED = 1u << 0,
    AW_FF_MIN = 1u << 1,            /* value >= min */
    AW_FF_MAX = 1u << 2,            /* value <= max */
    AW_FF_NONE_OK = 1u << 3,        /* REF: the id "none" is allowed */
    AW_FF_MULTILINE = 1u << 4,      /* STRING: free text that may hold newlines */
    AW_FF_PARAM = 1u << 5,          /* INT, NUMBER, DURATION: may be "${param:NAME}", a Number
                                     * parameter that varies per environment */
};

typedef struct aw_struct_desc aw_struct_desc;

typedef struct aw_field {
    const char *name;               /* JSON key, XML attribute or element */
    aw_ftype type;
    size_t offset;
    size_t count_offset;            /* AW_F_OBJECTS: offset of the size_t count */
    const aw_struct_desc *sub;      /* AW_F_OBJECT, AW_F_OBJECTS */
    const char *const *names;       /* AW_F_ENUM: value names, [0] NULL */
    const char *item;               /* XML element name of list items */
    unsigned flags;
    double min, max;                /* durations in milliseconds */
    const char *def;                /* default, spelt as in a diagram */
    unsigned ref_kinds;             /* AW_F_REF(S): bit (1u << aw_kind) per allowed kind */
    const char *key_pattern;        /* AW_F_MAP: what every key must match (POSIX ERE, also JSON
                                     * Schema's propertyNames); NULL: any key */
    double param_unit;              /* AW_FF_PARAM durations: milliseconds per unit of the
                                     * parameter's value, the unit the template property takes */
    const char *doc;                /* one line for docs and schemas */
} aw_field;

struct aw_struct_desc {
    const char *name;               /* schema type name, e.g. "throttle" */
    size_t size;
    size_t loc_offset;              /* offset of the struct's aw_loc */
    size_t field_locs_offset;       /* offset of its aw_loc *field_locs */
    const aw_field *fields;
    size_t field_count;
    const char *doc;
};

typedef struct aw_kind_desc {
    aw_kind kind;
    const char *name;               /* "api", "route", ... */
    size_t union_offset;            /* offset of the kind's data inside aw_node */
    const aw_struct_desc *desc;     /* kind-specific fields */
    const char *doc;
} aw_kind_desc;

/* The diagram's top level, the fields every node has, and edges. Node
 * field_locs hold the common fields first, then the kind's fields. */
extern const aw_struct_desc aw_diagram_desc;
extern const aw_struct_desc aw_node_common_desc;
extern const aw_struct_desc aw_edge_desc;
extern const aw_struct_desc aw_template_param_desc;
extern const aw_struct_desc aw_condition_desc;
extern const aw_kind_desc aw_kind_descs[AW_KIND_COUNT];

/* Name of the diagram's node list and of the node kind key ("nodes", "kind"). */
#define AW_NODES_FIELD "nodes"
#define AW_KIND_FIELD "kind"
#define AW_FORMAT_VERSION 1

const aw_field *aw_struct_field(const aw_struct_desc *desc, const char *name);
/* Index of a field, or -1. */
int aw_struct_field_index(const aw_struct_desc *desc, const char *name);

/* Pointer to a field's storage inside a struct. */
static inline void *aw_field_ptr(void *base, const aw_field *f)
{
    return (char *)base + f->offset;
}

/* Location of a field of a node (common or kind-specific) by name; falls
 * back to the node's own location when the field was not written. */
const aw_loc *aw_node_field_loc(const aw_node *node, const char *field);
/* Location of a field of a described struct; falls back to the struct's. */
const aw_loc *aw_struct_field_loc(const aw_struct_desc *desc, const void *obj,
                                  const char *field);

/* Whether a field holds a value: unset scalars, NULL objects and empty
 * lists and maps count as not set; booleans are always set. */
bool aw_field_is_set(const aw_field *f, const void *base);
/* The text of a set scalar field as a diagram spells it ("29s", "1.2",
 * "true", an enum name, a reference id); for strings the raw string. */
void aw_field_format_scalar(aw_strbuf *out, const aw_field *f, const void *base);
/* For a numeric field a Number parameter gives, writes "${param:NAME}" (as
 * a diagram spells it) and returns true; otherwise writes nothing. */
bool aw_field_format_param(aw_strbuf *out, const aw_model *model, const aw_field *f, const void *base);
/* For docs and schemas, what a field that takes a parameter says of it
 * ("or ${param:NAME}, a Number parameter in seconds"); NULL for others. */
const char *aw_field_param_phrase(const aw_field *f);
/* Count and element pointer of an AW_F_OBJECTS field. */
size_t aw_field_objects(const aw_field *f, const void *base, const char **items);

/* What a value of the field's type is, for messages: "an integer",
 * "a duration with a unit, such as ...". */
const char *aw_field_type_phrase(const aw_field *f);

/* The pattern a numeric field's parameter matches (JSON Schema, XSD, readers). */
#define AW_NUM_PARAM_PATTERN "^\\$\\{param:[A-Za-z0-9]+\\}$"

/* Enum value name, or NULL for unset/out of range. */
const char *aw_enum_name(const aw_field *f, int value);

#endif
