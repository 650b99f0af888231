/* Security rules on how callers present credentials (AW-SEC-018..019):
 * tokens accepted without the scopes that tell access tokens from ID
 * tokens, and tokens carried in the URL. Catalogue entries: rules.c. */
#include <string.h>
#include <strings.h>

#include "../../ir/ir_fields.h"
#include "rules.h"

/* The authorizer that guards a route: its own, else its API's default. */
static const aw_node *S_guard(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->authorizer.node || r->auth_none || !route->owner_api)
        return r->authorizer.node;
    return route->owner_api->as.api.default_authorizer.node;
}

/* ---- AW-SEC-018: JWT or Cognito routes without scopes ---------------------- */

void aw_sec018_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *route = ctx->model->nodes[i];
        if (route->kind != AW_KIND_ROUTE || route->as.route.scopes.count || !route->owner_api ||
            route->owner_api->as.api.type == AW_API_WEBSOCKET || route->as.route.method == AW_METHOD_OPTIONS)
            continue;
        const aw_node *auth = S_guard(route);
        if (!auth || auth->kind != AW_KIND_AUTHORIZER ||
            (auth->as.authorizer.type != AW_AUTH_JWT && auth->as.authorizer.type != AW_AUTH_COGNITO))
            continue;
        bool jwt = auth->as.authorizer.type == AW_AUTH_JWT;
        aw_diag *d = aw_lint_report(ctx, route, aw_node_field_loc(route, "scopes"), &auth->loc,
                                    "route '%s' is guarded by %s authorizer '%s' but requires no scopes: every valid "
                                    "token of the %s passes, ID tokens included",
                                    route->id, jwt ? "JWT" : "Cognito user pool", auth->id,
                                    jwt ? "issuer for the authorizer's audiences" : "user pool");
        aw_lint_relate(ctx, d, "authorizer '%s' is declared here", auth->id);
    }
}

/* ---- AW-SEC-019: credentials in the query string ---------------------------- */

/* Browsers cannot set headers on a WebSocket handshake, so the query string
 * is the usual place for a $connect token: WebSocket authorizers are not
 * judged. */
void aw_sec019_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *auth = ctx->model->nodes[i];
        if (auth->kind != AW_KIND_AUTHORIZER || !auth->owner_api || auth->owner_api->as.api.type == AW_API_WEBSOCKET)
            continue;
        const aw_strings *sources = &auth->as.authorizer.identity_sources;
        for (size_t k = 0; k < sources->count; k++) {
            if (!strstr(sources->items[k], "querystring"))
                continue;
            aw_lint_report(ctx, auth, aw_node_field_loc(auth, "identitySources"), NULL,
                           "authorizer '%s' reads its credential from the query string (%s), which access logs, "
                           "proxies and browser histories keep",
                           auth->id, sources->items[k]);
            break;
        }
    }
}
