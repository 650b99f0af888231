/* What each API type of API Gateway supports, element by element: facts
 * that the compatibility rules judge a diagram by and that the deployment
 * emitters must not drop silently. Depends on the IR alone. */
#ifndef AW_API_SUPPORT_H
#define AW_API_SUPPORT_H

#include <stdbool.h>

#include "ir.h"

#define AW_API_TYPE_BIT(t) (1u << (t))

/* One row per setting that only some API types support. A row applies
 * when the diagram writes the field (a default filled in by the resolver
 * does not count), with the value given, if any, and the extra condition,
 * if any. */
typedef struct aw_api_support {
    aw_kind kind;
    const char *field;
    int value;                  /* enum: the value that matters; 0 = any */
    const char *text;           /* string: the value that matters; NULL = any */
    bool (*also)(const aw_node *node);
    unsigned types;             /* AW_API_TYPE_BIT of each API type that supports it */
    const char *what;           /* what the element does, after its name */
} aw_api_support;

extern const aw_api_support aw_api_supports[];
extern const size_t aw_api_support_count;

/* Usage plans, and so API keys, cover stages of these types. */
#define AW_USAGE_PLAN_API_TYPES (AW_API_TYPE_BIT(AW_API_REST) | AW_API_TYPE_BIT(AW_API_WEBSOCKET))

/* The longest integration timeout an API type allows, in ms: 30 s on HTTP
 * and 29 s on WebSocket APIs, hard limits; 29 s on REST APIs by default,
 * which regional and private ones may have raised (raisable set). */
double aw_api_max_timeout_ms(aw_api_type type, bool *raisable);

/* Whether an AWS service integration's service and action are one of the
 * first-class integrations (subtypes) HTTP APIs offer. */
bool aw_http_aws_subtype(const aw_integration *in);

/* "HTTP", "REST", "WebSocket" and the article that goes before each. */
const char *aw_api_type_title(aw_api_type type);
const char *aw_api_type_article(aw_api_type type);

/* Each row's field position in its kind's field table, looked up once
 * (indexes has aw_api_support_count entries). */
void aw_api_support_indexes(int *indexes);
/* Whether node writes what row is about; index is the row's field index. */
bool aw_api_support_applies(const aw_node *node, const aw_api_support *row, int index);

/* The first API of each type that uses each node, by node index. An API
 * uses itself, its routes and stages, its default authorizer, and the
 * integration and authorizer of each of its routes (a route without an
 * authorizer of its own uses the API's default unless it says "none").
 * Integrations and authorizers may serve APIs of several types and must fit
 * every one of them. The caller frees the array; NULL when out of memory. */
typedef const aw_node *aw_api_users[AW_API_WEBSOCKET + 1];
aw_api_users *aw_api_users_index(const aw_model *model);

#endif
