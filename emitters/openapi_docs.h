/* What makes an API's OpenAPI document read well in documentation tools
 * (Swagger UI, Redoc, Spectral's recommended rules) besides deploying:
 * info and contact, servers, tags, summaries and descriptions, the
 * responses with which API Gateway itself refuses a call. */
#ifndef AW_OPENAPI_DOCS_H
#define AW_OPENAPI_DOCS_H

#include "deploy.h"

/* The info object: title, description, version, contact. The contact
 * comes from the API's tags, else the diagram's: "contact" (an e-mail
 * address, a URL or a name), "contact-email", "contact-url", "owner",
 * "team". */
void aw_openapi_docs_info(const aw_deploy *d, aw_jw *w, const aw_node *api);
/* The description info gives an API whose diagram gives none. */
void aw_openapi_docs_api_description(const aw_deploy *d, const aw_node *api, aw_strbuf *out);

/* The servers array: each stage's address (its custom domain mapping, or
 * its execute-api URL with the API id as a variable). The first server
 * carries the endpoint configuration when the default endpoint is off. */
void aw_openapi_docs_servers(const aw_deploy *d, aw_jw *w, const aw_node *api);

/* An operation's tags, summary and description. */
void aw_openapi_docs_operation(const aw_deploy *d, aw_jw *w, const aw_node *api, const aw_node *route);

/* The responses of aw_openapi_docs_responses() one document has written:
 * the same few blocks recur on every route, so each distinct one (and
 * depth) is written once and its text copied after. Zero it to start (the
 * document owns it); release it with aw_openapi_docs_responses_free(). */
#define AW_OPENAPI_RESPONSES_MEMO 16
typedef struct aw_openapi_responses_memo {
    aw_strbuf text;             /* every block written so far, one after another */
    size_t count;
    struct {
        const char *description;        /* a literal: a block's identity with the two below */
        bool retry_after;
        int depth;
        size_t at, len;                 /* its bytes in text */
    } blocks[AW_OPENAPI_RESPONSES_MEMO];
} aw_openapi_responses_memo;

/* Members of an operation's responses object beyond the integration's
 * own: a 2xx where the integration passes any status through, and 401,
 * 403 and 429 where an authorizer, an API key or a throttle refuses. */
void aw_openapi_docs_responses(aw_openapi_responses_memo *memo, aw_jw *w, const aw_node *api, const aw_node *route);
void aw_openapi_docs_responses_free(aw_openapi_responses_memo *memo);

/* The document's tags array: one per group of routes, in name order.
 * routes: the API's routes, as written. */
void aw_openapi_docs_tags(aw_jw *w, const aw_node *api, const aw_node *const *routes, size_t count);

/* The flows member of a JWT or Cognito authorizer's oauth2 scheme: the
 * scopes the API's routes ask for under a client-credentials flow at the
 * authorizer's tokenUrl; empty without one (AWS's own spelling). */
void aw_openapi_docs_flows(const aw_deploy *d, aw_jw *w, const aw_node *api, const aw_node *authorizer);

/* The tags, summary and description of the OPTIONS operation that
 * answers CORS preflights on the path of route. */
void aw_openapi_docs_preflight(aw_jw *w, const aw_node *route);
/* An operationId for the preflight operation of path ("preflight-a-b"). */
void aw_openapi_docs_preflight_id(aw_jw *w, const char *path);

/* The documentation group of a route, into out: its tag, else its path's
 * first literal segment, else the API's name. */
void aw_openapi_route_tag(const aw_node *route, aw_strbuf *out);
/* The same as *len bytes of a string the model owns (a path's segment is
 * not NUL-terminated), for writers that need no copy. */
const char *aw_openapi_route_tag_span(const aw_node *route, size_t *len);

/* One sentence on what answers a route ("Lambda function orders-fn"),
 * into out. */
void aw_openapi_integration_phrase(const aw_node *integ, aw_strbuf *out);

#endif
