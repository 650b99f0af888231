/* The AWS quotas, limits and defaults the lint rules judge by, in one dated
 * table with the page each comes from, so an AWS change is one edit here. */
#ifndef AW_AWS_LIMITS_H
#define AW_AWS_LIMITS_H

#include <stdbool.h>

#include "ir.h"

typedef enum {
    AW_LIMIT_ACCOUNT_RPS,           /* API Gateway account throttle, most regions */
    AW_LIMIT_ACCOUNT_BURST,
    AW_LIMIT_ACCOUNT_RPS_LOW,       /* ... in the regions that start lower */
    AW_LIMIT_ACCOUNT_BURST_LOW,
    AW_LIMIT_WS_NEW_CONNECTIONS,    /* WebSocket new connections/s per account and region */
    AW_LIMIT_LAMBDA_CONCURRENCY,    /* Lambda concurrent executions per region */
    AW_LIMIT_LAMBDA_UNRESERVED_MIN, /* ... that reserved concurrency must leave to the others */
    AW_LIMIT_LAMBDA_DEFAULT_TIMEOUT_MS,
    AW_LIMIT_TIMEOUT_REST_MS,       /* integration timeout, REST (regional/private: raisable) */
    AW_LIMIT_TIMEOUT_HTTP_MS,       /* ... HTTP APIs, fixed */
    AW_LIMIT_TIMEOUT_WEBSOCKET_MS,  /* ... WebSocket APIs, fixed */
    AW_LIMIT_LAMBDA_ENV_BYTES,      /* a function's environment variables, as JSON */
    AW_LIMIT_LAMBDA_INLINE_CODE_BYTES, /* inline (ZipFile) code of a function */
    AW_LIMIT_LAMBDA_NAME_CHARS,     /* a function's name */
    AW_LIMIT_COUNT
} aw_limit_id;

/* One figure: its value in the unit named, what it is, whether AWS raises
 * it on request, and the page that says so. */
typedef struct aw_limit {
    double value;
    const char *unit;
    const char *what;
    bool adjustable;
    const char *source;
} aw_limit;

/* The day the table was last checked against the pages it cites. */
extern const char aw_limits_checked[];

const aw_limit *aw_limit_get(aw_limit_id id);
double aw_limit_value(aw_limit_id id);

/* The API Gateway account throttle a diagram's account starts with: its
 * accountThrottle when given, else the lowest default among its regions
 * (AWS's 10,000/5,000, or 2,500/1,250 in the regions that start lower).
 * low_region, when not NULL, receives the region that set a lower default,
 * or NULL. */
void aw_account_throttle(const aw_model *model, double *rate, int64_t *burst, const char **low_region);

#endif
