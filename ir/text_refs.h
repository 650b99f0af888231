/* References to other elements inside a string field: ${ref:ID.ATTR}, such
 * as ${ref:orders-queue.arn}, which the deployment emitters turn into the
 * element's ARN, name or URL in the target's own terms. The syntax and
 * which attributes each kind of element offers; no emitter lives here. */
#ifndef AW_TEXT_REFS_H
#define AW_TEXT_REFS_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

#define AW_TEXT_REF_OPEN "${ref:"

typedef struct aw_text_ref {
    const char *start;          /* the '$' */
    size_t len;                 /* through the closing '}' */
    const char *id;             /* inside text, not terminated */
    size_t id_len;
    const char *attr;
    size_t attr_len;
} aw_text_ref;

/* Finds the next ${ref:...} at or after text; false when there is none.
 * A malformed one (no '.', no '}', an empty id or attribute) is returned
 * with attr_len 0 so that the caller can report it. */
bool aw_text_ref_next(const char *text, aw_text_ref *ref);

/* Whether node offers the attribute; the attributes it offers, for
 * messages ("arn, name"), or NULL when it offers none. */
bool aw_text_ref_attr_ok(const aw_node *node, const char *attr, size_t len);
const char *aw_text_ref_attrs(const aw_node *node);

/* Deploy-time parameters inside a string field: ${param:Name}, which a
 * template turns into a Ref or an Fn::Sub placeholder of its parameter
 * and a standalone document keeps as written. */
#define AW_TEXT_PARAM_OPEN "${param:"

typedef struct aw_text_param {
    const char *start;          /* the '$' */
    size_t len;                 /* through the closing '}' */
    const char *name;           /* inside text, not terminated */
    size_t name_len;            /* 0 when malformed: no '}', empty, or not letters and digits */
} aw_text_param;

/* Finds the next ${param:...} at or after text; false when there is none. */
bool aw_text_param_next(const char *text, aw_text_param *param);

#endif
