/* A string that differs by a diagram condition: ${if:NAME}THEN${else}ELSE${end}
 * (the ${else} part may be left out), which a template writes as Fn::If
 * and the checks read with the condition's value. Markers, not separators,
 * so that the colons of ARNs and the text of either branch need no escape. */
#ifndef AW_TEXT_IF_H
#define AW_TEXT_IF_H

#include <stdbool.h>
#include <stddef.h>

#define AW_TEXT_IF_OPEN "${if:"
#define AW_TEXT_IF_ELSE "${else}"
#define AW_TEXT_IF_END "${end}"

typedef struct aw_text_if {
    const char *start;          /* the '$' of ${if: */
    size_t len;                 /* through the '}' of ${end}; 0 when there is no ${end} */
    const char *name;           /* inside text, not terminated */
    size_t name_len;            /* 0 when malformed: no '}', empty, or not letters and digits */
    const char *then_text, *else_text;  /* else_text NULL when there is no ${else} */
    size_t then_len, else_len;
} aw_text_if;

/* Finds the next ${if:...} at or after text; false when there is none.
 * The branches end at the first ${else} and ${end} after it (no nesting). */
bool aw_text_if_next(const char *text, aw_text_if *it);

/* Whether text holds any of the three markers. */
bool aw_text_if_any(const char *text);

#endif
