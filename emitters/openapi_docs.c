/* The documentation side of an API's OpenAPI document: info and contact,
 * servers, tags, summaries, descriptions and the refusals API Gateway
 * answers for itself, so that Swagger UI, Redoc and Spectral's
 * recommended rules find what they look for (see openapi_docs.h). */
#include "openapi_docs.h"

#include "openapi.h"
#include "stage_url.h"
#include "integration_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

static const char *S_tag_value(const aw_map *tags, const char *key)
{
    for (size_t i = 0; i < tags->count; i++)
        if (strcmp(tags->items[i].key, key) == 0)
            return tags->items[i].value;
    return NULL;
}

/* A tag of the API, else of the diagram. */
static const char *S_tag(const aw_deploy *d, const aw_node *api, const char *key)
{
    const char *v = S_tag_value(&api->tags, key);
    return v ? v : S_tag_value(&d->model->tags, key);
}

static const char *S_route_path(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    return r->path ? r->path : r->route_key;
}

static const char *S_method_name(aw_method m)
{
    static const char *const names[] = {"", "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "";
}

/* The authorizer a route's document names: none for a kind the API type
 * cannot take (the emitter reports those with the security schemes). */
static const aw_node *S_authorizer(const aw_node *api, const aw_node *route)
{
    const aw_node *auth = aw_deploy_route_authorizer(route);
    aw_authorizer_type t = auth ? auth->as.authorizer.type : AW_AUTH_UNSET;
    if (api->as.api.type == AW_API_HTTP && t == AW_AUTH_COGNITO)
        return NULL;
    return auth;
}

const char *aw_openapi_route_tag_span(const aw_node *route, size_t *len)
{
    const char *tag = route->as.route.tag;
    if (!tag) {
        const char *p = route->as.route.path ? route->as.route.path : "";
        p += *p == '/';
        size_t n = strcspn(p, "/");
        if (n && *p != '{') {
            *len = n;
            return p;
        }
        tag = aw_deploy_name(route->as.route.api.node);
    }
    *len = strlen(tag);
    return tag;
}

void aw_openapi_route_tag(const aw_node *route, aw_strbuf *out)
{
    size_t len;
    const char *tag = aw_openapi_route_tag_span(route, &len);
    aw_strbuf_put(out, tag, len);
}

/* lead, then name in backquotes ("?" when unset): the phrases below are
 * written for every route, where a printf format costs more than the copies. */
static void S_put_quoted(aw_strbuf *out, const char *lead, const char *name)
{
    aw_strbuf_puts(out, lead);
    aw_strbuf_putc(out, '`');
    aw_strbuf_puts(out, name ? name : "?");
    aw_strbuf_putc(out, '`');
}

void aw_openapi_integration_phrase(const aw_node *integ, aw_strbuf *out)
{
    const aw_integration *in = &integ->as.integration;
    switch (in->type) {
    case AW_INTEG_LAMBDA:
        S_put_quoted(out, "Lambda function ", in->function.id);
        break;
    case AW_INTEG_HTTP:
        S_put_quoted(out, "the HTTP endpoint ", in->url);
        break;
    case AW_INTEG_PRIVATE:
        S_put_quoted(out, "load balancer ", in->listener.id);
        S_put_quoted(out, " through VPC link ", in->vpc_link.id);
        break;
    case AW_INTEG_MOCK:
        aw_strbuf_puts(out, "API Gateway itself (a mock answering ");
        aw_strbuf_int(out, aw_integration_status_code(integ));
        aw_strbuf_putc(out, ')');
        break;
    case AW_INTEG_AWS:
        aw_strbuf_puts(out, "the ");
        aw_strbuf_puts(out, in->service ? in->service : "AWS service");
        S_put_quoted(out, " action ", in->action);
        break;
    case AW_INTEG_UNSET:
        aw_strbuf_puts(out, "nothing yet (no integration)");
        break;
    }
}

/* ---- info ------------------------------------------------------------------ */

/* How a tag names a contact: the member it fills ("auto": by its look). */
static const struct { const char *tag, *member; } S_contact_tags[] = {
    {"contact", "auto"}, {"contact-email", "email"}, {"contact-url", "url"}, {"owner", "auto"}, {"team", "auto"},
};

static const char *S_contact_member(const char *tag_member, const char *value)
{
    if (strcmp(tag_member, "auto") != 0)
        return tag_member;
    if (strchr(value, '@'))
        return "email";
    return strncmp(value, "https://", 8) == 0 || strncmp(value, "http://", 7) == 0 ? "url" : "name";
}

static void S_contact(const aw_deploy *d, aw_jw *w, const aw_node *api)
{
    const char *members[3] = {"name", "url", "email"}, *values[3] = {NULL, NULL, NULL};
    bool any = false;
    for (size_t i = 0; i < sizeof S_contact_tags / sizeof S_contact_tags[0]; i++) {
        const char *v = S_tag(d, api, S_contact_tags[i].tag);
        if (!v || !*v)
            continue;
        const char *m = S_contact_member(S_contact_tags[i].member, v);
        for (size_t k = 0; k < 3; k++)
            if (strcmp(members[k], m) == 0 && !values[k])
                values[k] = v, any = true;
    }
    if (!any)
        return;
    aw_jw_key(w, "contact");
    aw_jw_object(w);
    for (size_t k = 0; k < 3; k++)
        if (values[k])
            aw_jw_member_string(w, members[k], values[k]);
    aw_jw_end_object(w);
}

static const char *const S_api_words[] = {"", "HTTP", "REST", "WebSocket"};

void aw_openapi_docs_api_description(const aw_deploy *d, const aw_node *api, aw_strbuf *out)
{
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    aw_strbuf_printf(out, "The %s API `%s` of %s%s%s: %zu route%s.", S_api_words[api->as.api.type], api->id,
                     d->model->name ? "the diagram \"" : "its diagram", d->model->name ? d->model->name : "",
                     d->model->name ? "\"" : "", parts->route_count, parts->route_count == 1 ? "" : "s");
}

void aw_openapi_docs_info(const aw_deploy *d, aw_jw *w, const aw_node *api)
{
    aw_jw_key(w, "info");
    aw_jw_object(w);
    aw_jw_member_string(w, "title", aw_deploy_name(api));
    aw_strbuf text = AW_STRBUF_INIT;
    if (api->description)
        aw_strbuf_puts(&text, api->description);
    else
        aw_openapi_docs_api_description(d, api, &text);
    /* openapi.c: such an API's JWT methods import as IAM-guarded. */
    if (aw_deploy_rest_resource_form(d, api))
        aw_strbuf_puts(&text, "\n\nDeploy this API with its CloudFormation template, not by importing this "
                              "document: API Gateway's import attaches no JWT authorizer to a REST method, so the "
                              "methods it guards are written here to require IAM signatures instead.");
    aw_jw_member_string(w, "description", text.data);
    aw_strbuf_free(&text);
    const char *version = S_tag_value(&api->tags, "version");
    aw_jw_member_string(w, "version", version ? version : "1.0");
    S_contact(d, w, api);
    aw_jw_end_object(w);
}

/* ---- servers --------------------------------------------------------------- */

static void S_endpoint_off(aw_jw *w)
{
    aw_jw_key(w, "x-amazon-apigateway-endpoint-configuration");
    aw_jw_object(w);
    aw_jw_member_bool(w, "disableExecuteApiEndpoint", true);
    aw_jw_end_object(w);
}

/* The variables of an execute-api URL: the API id, known once deployed,
 * and the region, one of the diagram's. */
static void S_execute_api_variables(const aw_deploy *d, aw_jw *w)
{
    const aw_strings *regions = &d->model->regions;
    aw_jw_key(w, "variables");
    aw_jw_object(w);
    aw_jw_key(w, "apiId");
    aw_jw_object(w);
    aw_jw_member_string(w, "default", "api-id");
    aw_jw_member_string(w, "description", "the id API Gateway gives the API when it is created");
    aw_jw_end_object(w);
    aw_jw_key(w, "region");
    aw_jw_object(w);
    aw_jw_member_string(w, "default", regions->count ? regions->items[0] : "us-east-1");
    if (regions->count > 1) {
        aw_jw_key(w, "enum");
        aw_jw_array_inline(w);
        for (size_t i = 0; i < regions->count; i++)
            aw_jw_string(w, regions->items[i]);
        aw_jw_end_array(w);
    }
    aw_jw_member_string(w, "description", "the region the API is deployed in");
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* One stage's server; false when no client can reach the stage. */
static bool S_stage_server(const aw_deploy *d, aw_jw *w, const aw_node *domain_stage, const aw_node *stage, bool first)
{
    aw_strbuf url = AW_STRBUF_INIT;
    if (!aw_stage_url_write(domain_stage, stage, &url))
        return aw_strbuf_free(&url), false;
    bool mapped = aw_stage_url_mapped_path(domain_stage, stage, NULL);
    aw_jw_object(w);
    aw_jw_member_string(w, "url", url.data);
    aw_jw_key(w, "description");
    aw_jw_stringf(w, "stage %s%s", aw_deploy_name(stage), mapped ? " on the custom domain" : "");
    if (!mapped)
        S_execute_api_variables(d, w);
    if (first && stage->owner_api->as.api.disable_default_endpoint)
        S_endpoint_off(w);
    aw_jw_end_object(w);
    aw_strbuf_free(&url);
    return true;
}

void aw_openapi_docs_servers(const aw_deploy *d, aw_jw *w, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    bool off = api->as.api.disable_default_endpoint;
    if (!parts->stage_count && !off)
        return;
    aw_jw_key(w, "servers");
    aw_jw_array(w);
    size_t written = 0;
    const aw_node *domain_stage = aw_stage_url_domain_stage(parts->stages, parts->stage_count);
    for (size_t i = 0; i < parts->stage_count; i++)
        written += S_stage_server(d, w, domain_stage, parts->stages[i], written == 0);
    if (!written) {
        /* Unreachable, but the import still needs to know the endpoint is off. */
        aw_jw_object(w);
        aw_jw_member_string(w, "url", "/");
        S_endpoint_off(w);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

/* ---- operations ------------------------------------------------------------ */

static void S_tags_member(aw_jw *w, const aw_node *route)
{
    size_t len;
    const char *tag = aw_openapi_route_tag_span(route, &len);
    aw_jw_key(w, "tags");
    aw_jw_array_inline(w);
    aw_jw_string_len(w, tag, len);
    aw_jw_end_array(w);
}

static void S_auth_sentence(const aw_node *api, const aw_node *route, aw_strbuf *out)
{
    static const char *const kinds[] = {"", "AWS Signature Version 4 (IAM)", "Cognito user pool authorizer",
                                        "JWT authorizer", "Lambda authorizer"};
    const aw_node *auth = S_authorizer(api, route);
    const aw_route *r = &route->as.route;
    if (!auth) {
        aw_strbuf_puts(out, " Public: no authorizer.");
    } else if (auth->as.authorizer.type == AW_AUTH_IAM) {
        aw_strbuf_puts(out, " Callers sign their requests with ");
        aw_strbuf_puts(out, kinds[AW_AUTH_IAM]);
        aw_strbuf_putc(out, '.');
    } else {
        aw_strbuf_puts(out, " Authorized by the ");
        aw_strbuf_puts(out, kinds[auth->as.authorizer.type]);
        S_put_quoted(out, " ", auth->id);
        aw_strbuf_putc(out, '.');
    }
    for (size_t i = 0; i < r->scopes.count; i++) {
        S_put_quoted(out, i ? ", " : " Scopes: ", r->scopes.items[i]);
        if (i + 1 == r->scopes.count)
            aw_strbuf_putc(out, '.');
    }
    if (api->as.api.type == AW_API_REST && r->api_key_required)
        aw_strbuf_puts(out, " Callers send an API key of a usage plan (x-api-key).");
}

void aw_openapi_docs_operation(const aw_deploy *d, aw_jw *w, const aw_node *api, const aw_node *route)
{
    (void)d;
    S_tags_member(w, route);
    aw_strbuf b = AW_STRBUF_INIT;
    if (route->name) {
        aw_jw_member_string(w, "summary", route->name);
    } else {
        aw_strbuf_puts(&b, S_method_name(route->as.route.method));
        aw_strbuf_putc(&b, ' ');
        aw_strbuf_puts(&b, S_route_path(route));
        aw_jw_key(w, "summary");
        aw_jw_string_len(w, b.data, b.len);
        b.len = 0;
    }
    if (route->description) {
        aw_strbuf_puts(&b, route->description);
    } else {
        aw_strbuf_puts(&b, "Answered by ");
        if (route->as.route.integration.node)
            aw_openapi_integration_phrase(route->as.route.integration.node, &b);
        else
            aw_strbuf_puts(&b, "no integration yet");
        aw_strbuf_putc(&b, '.');
        S_auth_sentence(api, route, &b);
    }
    aw_jw_key(w, "description");
    aw_jw_string_len(w, b.data, b.len);
    aw_strbuf_free(&b);
}

void aw_openapi_docs_preflight(aw_jw *w, const aw_node *route)
{
    S_tags_member(w, route);
    aw_jw_member_string(w, "summary", "CORS preflight");
    aw_jw_member_string(w, "description", "Answers browsers' CORS preflight requests from the API's CORS settings, "
                                          "with no authorizer.");
}

void aw_openapi_docs_preflight_id(aw_jw *w, const char *path)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "preflight");
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (word)
            aw_strbuf_putc(&b, (char)c);
        else if (b.data[b.len - 1] != '-')
            aw_strbuf_putc(&b, '-');
    }
    while (b.len > 9 && b.data[b.len - 1] == '-')
        b.data[--b.len] = '\0';
    aw_jw_string(w, b.data);
    aw_strbuf_free(&b);
}

/* ---- responses ------------------------------------------------------------- */

/* A response's object, at the writer's depth. */
static void S_response_value(aw_jw *w, const char *description, bool retry_after)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "description", description);
    if (retry_after) {
        aw_jw_key(w, "headers");
        aw_jw_object(w);
        aw_jw_key(w, "Retry-After");
        aw_jw_object(w);
        aw_jw_member_string(w, "description", "seconds to wait before trying again");
        aw_jw_key(w, "schema");
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "type", "string");
        aw_jw_end_object(w);
        aw_jw_end_object(w);
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
}

/* The memo's block for this response at depth, written on first use;
 * NULL when the memo is full (a document has a handful of blocks). */
static const char *S_memo_block(aw_openapi_responses_memo *memo, int depth, const char *description, bool retry_after,
                                size_t *len)
{
    size_t i = 0;
    while (i < memo->count && (memo->blocks[i].description != description ||
                               memo->blocks[i].retry_after != retry_after || memo->blocks[i].depth != depth))
        i++;
    if (i == AW_OPENAPI_RESPONSES_MEMO)
        return NULL;
    if (i == memo->count) {
        memo->blocks[i].description = description;
        memo->blocks[i].retry_after = retry_after;
        memo->blocks[i].depth = depth;
        memo->blocks[i].at = memo->text.len;
        aw_jw block;
        aw_jw_init_at(&block, &memo->text, depth);
        S_response_value(&block, description, retry_after);
        memo->blocks[i].len = memo->text.len - memo->blocks[i].at;
        memo->count++;
    }
    *len = memo->blocks[i].len;
    return memo->text.data + memo->blocks[i].at;
}

static void S_response(aw_openapi_responses_memo *memo, aw_jw *w, const char *status, const char *description,
                       bool retry_after)
{
    aw_jw_key(w, status);
    size_t len;
    /* A block is kept as written on lines of its own, not inside a one-line container. */
    const char *block = w->inline_[w->depth] ? NULL : S_memo_block(memo, w->depth, description, retry_after, &len);
    if (block)
        aw_jw_raw_value(w, block, len);
    else
        S_response_value(w, description, retry_after);
}

void aw_openapi_docs_responses_free(aw_openapi_responses_memo *memo)
{
    aw_strbuf_free(&memo->text);
    memo->count = 0;
}

/* Whether a REST method already declares this status: one its integration
 * responses map to, else the integration's one default status. */
static bool S_taken(const aw_node *integ, bool rest, int status)
{
    if (!rest || !integ)
        return false;
    const aw_integration *in = &integ->as.integration;
    if (!in->response_count)
        return aw_integration_status_code(integ) == status;
    for (size_t i = 0; i < in->response_count; i++)
        if (in->responses[i].status_code == status)
            return true;
    return false;
}

void aw_openapi_docs_responses(aw_openapi_responses_memo *memo, aw_jw *w, const aw_node *api, const aw_node *route)
{
    const aw_node *integ = route->as.route.integration.node;
    bool rest = api->as.api.type == AW_API_REST;
    if (!rest)
        S_response(memo, w, "200", "Success: the integration's answer (any status it gives is passed through)", false);
    const aw_node *auth = S_authorizer(api, route);
    aw_authorizer_type t = auth ? auth->as.authorizer.type : AW_AUTH_UNSET;
    bool key = rest && route->as.route.api_key_required;
    if (!S_taken(integ, rest, 401) && (t == AW_AUTH_JWT || t == AW_AUTH_COGNITO || t == AW_AUTH_LAMBDA))
        S_response(memo, w, "401", "Unauthorized: the request carries no identity the authorizer can check", false);
    if (!S_taken(integ, rest, 403) && (auth || key))
        S_response(memo, w, "403",
                   key && auth ? "Forbidden: the authorizer denied the caller, or the API key is missing or unknown"
                   : key       ? "Forbidden: the API key is missing, unknown or disabled"
                               : "Forbidden: the authorizer denied the caller",
                   false);
    /* The account's regional throttle applies to every route. */
    if (!S_taken(integ, rest, 429))
        S_response(memo, w, "429",
                   key ? "Too many requests: a throttle (route, stage, usage plan or account) or the key's quota "
                         "refused the call"
                       : "Too many requests: a throttle (route, stage or account) refused the call",
                   rest);
}

/* ---- tags and flows -------------------------------------------------------- */

static int S_compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A route's tag where the model holds it, sorted as strcmp sorts. */
typedef struct S_span {
    const char *text;
    size_t len;
} S_span;

static int S_compare_spans(const void *a, const void *b)
{
    const S_span *x = a, *y = b;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

void aw_openapi_docs_tags(aw_jw *w, const aw_node *api, const aw_node *const *routes, size_t count)
{
    (void)api;
    S_span *names = malloc((count ? count : 1) * sizeof *names);
    if (!names)
        abort();
    for (size_t i = 0; i < count; i++)
        names[i].text = aw_openapi_route_tag_span(routes[i], &names[i].len);
    qsort(names, count, sizeof *names, S_compare_spans);
    aw_jw_key(w, "tags");
    aw_jw_array(w);
    for (size_t i = 0; i < count; i++) {
        if (i && S_compare_spans(&names[i], &names[i - 1]) == 0)
            continue;
        aw_jw_object_inline(w);
        aw_jw_key(w, "name");
        aw_jw_string_len(w, names[i].text, names[i].len);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    free(names);
}

void aw_openapi_docs_flows(const aw_deploy *d, aw_jw *w, const aw_node *api, const aw_node *authorizer)
{
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    const char **scopes = malloc((parts->route_count ? parts->route_count : 1) * 8 * sizeof *scopes);
    size_t n = 0, cap = (parts->route_count ? parts->route_count : 1) * 8;
    if (!scopes)
        abort();
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *route = parts->routes[i];
        if (aw_deploy_route_authorizer(route) != authorizer)
            continue;
        for (size_t k = 0; k < route->as.route.scopes.count; k++) {
            if (n == cap && !(scopes = realloc(scopes, (cap *= 2) * sizeof *scopes)))
                abort();
            scopes[n++] = route->as.route.scopes.items[k];
        }
    }
    qsort(scopes, n, sizeof *scopes, S_compare_strings);
    const char *url = authorizer->as.authorizer.token_url;
    if (n && !url)
        aw_deploy_note(d, authorizer, NULL, "authorizer '%s' gives no tokenUrl, so API '%s''s OpenAPI document "
                       "lists its scopes under no OAuth 2.0 flow, which documentation tools flag",
                       authorizer->id, api->id);
    aw_jw_key(w, "flows");
    aw_jw_object(w);
    if (url) {
        aw_jw_key(w, "clientCredentials");
        aw_jw_object(w);
        aw_jw_member_string(w, "tokenUrl", url);
        aw_jw_key(w, "scopes");
        aw_jw_object(w);
        for (size_t i = 0; i < n; i++)
            if (!i || strcmp(scopes[i], scopes[i - 1]) != 0) {
                aw_jw_key(w, scopes[i]);
                aw_jw_stringf(w, "asked for by routes of %s", api->id);
            }
        aw_jw_end_object(w);
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
    free(scopes);
}
