/* The Lambda runtimes AWS has offered for .zip functions, with the dates of
 * their deprecation: one dated table (ir/runtimes.c) that the resolver
 * checks runtime names against and the compatibility rules judge by. */
#ifndef AW_RUNTIMES_H
#define AW_RUNTIMES_H

#include <stddef.h>

/* Dates are "YYYY-MM-DD", so that they compare as strings; NULL where AWS
 * has announced none, or its sources do not settle it. */
typedef struct aw_runtime {
    const char *id;             /* "nodejs22.x" */
    const char *deprecated;     /* no more security patches or support */
    const char *block_create;   /* new functions refused from this day */
    const char *block_update;   /* changes to existing functions refused */
    const char *successor;      /* the runtime to move to; NULL for the newest */
} aw_runtime;

/* The table, in alphabetical order of id, and where it comes from. */
extern const aw_runtime aw_runtimes[];
extern const size_t aw_runtime_count;
extern const char aw_runtimes_source[];     /* the AWS documentation page */
extern const char aw_runtimes_taken[];      /* the day the table was taken from it */

/* The runtime with this id (exact, as Lambda spells it), or NULL. */
const aw_runtime *aw_runtime_find(const char *id);

#endif
