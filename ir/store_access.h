/* What the IAM role of a function may be granted on each kind of data
 * store: the actions of each access level, the actions Lambda needs to
 * poll a queue or stream, and how the store's ARN is spelt. Facts that the
 * lint rules judge edges by and that the template's policies are written
 * from. Depends on the IR alone. */
#ifndef AW_STORE_ACCESS_H
#define AW_STORE_ACCESS_H

#include "ir.h"

typedef struct aw_store_access {
    aw_store_engine engine;
    const char *service;        /* in the store's ARN */
    const char *resource;       /* before the name in the ARN */
    bool global;                /* no region or account in the ARN (S3) */
    const char *sub;            /* a second resource after the ARN (indexes, objects); NULL: none */
    const char *read, *write;   /* space-separated IAM actions; NULL: none */
    const char *consume;        /* what an event source mapping polls with; NULL: no delivery */
    const char *starting;       /* the mapping's StartingPosition; NULL: none */
} aw_store_access;

/* The row of a data store's engine; NULL for engines reached over the
 * network with their own credentials rather than through IAM (RDS,
 * Aurora). */
const aw_store_access *aw_store_access_find(aw_store_engine engine);

/* The actions of an access level on an engine, read first: into the two
 * pointers (either may become NULL). Returns whether there are any. */
bool aw_store_access_actions(const aw_store_access *a, aw_access_level level, const char **read, const char **write);

/* Whether an edge is a data store delivering to a function (a queue or
 * stream Lambda polls): asynchronous, not a call made while a caller waits. */
bool aw_edge_delivers(const aw_edge *e);

#endif
