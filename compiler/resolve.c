/* The resolver. Passes run in order over the whole model and collect
 * diagnostics; each is linear in the size of the diagram. */
#include "resolve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../ir/ir_fields.h"
#include "../ir/jwt.h"
#include "../ir/runtimes.h"
#include "../ir/strbuf.h"
#include "../ir/strset.h"
#include "resolve_mappings.h"
#include "resolve_conditions.h"
#include "resolve_num_params.h"
#include "resolve_params.h"
#include "../ir/text_refs.h"
#include "resolve_text_refs.h"
#include "function_check.h"
#include "suggest.h"

/* Room for the variants table's entries (checked where it is defined). */
#define S_MAX_VARIANTS 32

typedef struct resolver {
    aw_model *model;
    aw_diags *diags;
    aw_arena *arena;
    size_t errors;
    aw_suggest_budget suggest_budget;
    aw_strset suggested;    /* missing id + kinds -> its suggestion ("" for none) */
    /* Per variant (the table below), each field's role, made when first met. */
    const unsigned char *variant_roles[S_MAX_VARIANTS];
} resolver;

#define ERROR(r, node, code, loc, ...) S_add(r, node, AW_SEV_ERROR, code, loc, __VA_ARGS__)
#define WARN(r, node, code, loc, ...) S_add(r, node, AW_SEV_WARNING, code, loc, __VA_ARGS__)
#define NONE_ID "none"
#define MAX_ID_LEN 128

static aw_diag *S_add(resolver *r, const aw_node *node, aw_severity sev, const char *code,
                      const aw_loc *loc, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static aw_diag *S_add(resolver *r, const aw_node *node, aw_severity sev, const char *code,
                      const aw_loc *loc, const char *fmt, ...)
{
    /* The diagnostics list bounds what it echoes of ids and paths. */
    va_list ap;
    va_start(ap, fmt);
    if (sev == AW_SEV_ERROR)
        r->errors++;
    aw_diag *d = aw_diag_vadd(r->diags, sev, code, loc, fmt, ap);
    va_end(ap);
    if (node)
        d->element = node->id;
    return d;
}

/* Location of a field inside a node's sub-object, e.g. stage.cache.sizeGb. */
static const aw_loc *S_sub_loc(aw_kind kind, const char *field, const void *obj, const char *sub_field)
{
    const aw_field *f = aw_struct_field(aw_kind_descs[kind].desc, field);
    return aw_struct_field_loc(f->sub, obj, sub_field);
}

static const char *S_kind_phrase(aw_kind kind)
{
    return aw_kind_descs[kind].doc;
}

/* The indefinite article for a word in a message: "an integration", "an
 * HTTP API", but "a usage plan" and "a REST API". Kind names and API type
 * names are the only words it meets, so the first letter (and HTTP, read
 * letter by letter) decides. */
static const char *S_a(const char *word)
{
    if (strncmp(word, "HTTP", 4) == 0 || strncmp(word, "http", 4) == 0)
        return "an";
    return word[0] && strchr("aeioAEIO", word[0]) ? "an" : "a";
}

/* ---- ids ---------------------------------------------------------------- */

static bool S_valid_id(const char *id)
{
    size_t n = 0;
    for (const char *p = id; *p; p++, n++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return n > 0 && n <= MAX_ID_LEN;
}

static void S_check_ids(resolver *r)
{
    aw_model *m = r->model;
    if (!m->by_id.count)
        aw_model_index(m);     /* the builder normally built it already */
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        if (!node->id)
            continue;
        if (!S_valid_id(node->id))
            ERROR(r, node, "bad-id", aw_node_field_loc(node, "id"),
                  "id \"%s\" must be 1 to %d letters, digits, '-', '_' or '.'", node->id, MAX_ID_LEN);
        else if (strcmp(node->id, NONE_ID) == 0)
            ERROR(r, node, "bad-id", aw_node_field_loc(node, "id"),
                  "id \"none\" is reserved for routes without an authorizer");
        aw_node *first = aw_model_find(m, node->id);
        if (first && first != node) {
            aw_diag *d = ERROR(r, node, "duplicate-id", aw_node_field_loc(node, "id"), "the id \"%s\" is used twice",
                               node->id);
            aw_diag_set_related(r->diags, d, aw_node_field_loc(first, "id"), "first used here, by %s %s",
                                S_a(S_kind_phrase(first->kind)), S_kind_phrase(first->kind));
        }
    }
}

/* ---- references ------------------------------------------------------- */

static void S_kinds_phrase(aw_strbuf *b, unsigned kinds)
{
    int n = 0;
    for (int k = 0; k < AW_KIND_COUNT; k++) {
        if (!(kinds & (1u << k)))
            continue;
        aw_strbuf_printf(b, "%s%s", n++ ? " or " : "", aw_kind_descs[k].name);
    }
}

/* The id a missing reference most likely meant, among nodes of the kinds
 * the field takes. One scan per distinct missing id and kinds, paid for
 * from the compile's allowance (suggest.h): a diagram with thousands of
 * missing references costs a bounded multiple of its size. */
static const char *S_nearest_id(resolver *r, const aw_field *f, const char *id)
{
    char *key = aw_arena_printf(r->arena, "%x:%s", (unsigned)f->ref_kinds, id);
    const char *known = aw_strset_find(&r->suggested, key);
    if (known)
        return *known ? known : NULL;
    if (!aw_suggest_budget_take(&r->suggest_budget, r->model->node_count))
        return NULL;
    aw_suggest sug;
    aw_suggest_init(&sug, id);
    for (size_t i = 0; i < r->model->node_count; i++)
        if (f->ref_kinds & (1u << r->model->nodes[i]->kind))
            aw_suggest_try(&sug, r->model->nodes[i]->id);
    const char *near = aw_suggest_result(&sug);
    aw_strset_insert(&r->suggested, key, (void *)(near ? near : ""), NULL);
    return near;
}

static void S_resolve_ref(resolver *r, const aw_node *owner, const aw_field *f, aw_ref *ref)
{
    if (!ref->id)
        return;
    if (strcmp(ref->id, NONE_ID) == 0 && (f->flags & AW_FF_NONE_OK))
        return;
    aw_node *target = aw_model_find(r->model, ref->id);
    if (!target) {
        const char *near = S_nearest_id(r, f, ref->id);
        if (near)
            ERROR(r, owner, "unknown-reference", &ref->loc, "'%s' names \"%s\", which is not a node; did you mean \"%s\"?",
                  f->name, ref->id, near);
        else
            ERROR(r, owner, "unknown-reference", &ref->loc, "'%s' names \"%s\", which is not a node", f->name,
                  ref->id);
        return;
    }
    if (!(f->ref_kinds & (1u << target->kind))) {
        aw_strbuf want = AW_STRBUF_INIT;
        S_kinds_phrase(&want, f->ref_kinds);
        aw_diag *d = ERROR(r, owner, "wrong-reference", &ref->loc, "'%s' must name %s %s, but \"%s\" is %s %s",
                           f->name, S_a(want.data), want.data, ref->id, S_a(aw_kind_descs[target->kind].name),
                           aw_kind_descs[target->kind].name);
        aw_diag_set_related(r->diags, d, &target->loc, "\"%s\" is defined here", ref->id);
        aw_strbuf_free(&want);
        return;
    }
    ref->node = target;
}

static void S_resolve_struct(resolver *r, const aw_node *owner, const aw_struct_desc *desc, void *base)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        void *p = aw_field_ptr(base, f);
        switch (f->type) {
        case AW_F_REF:
            S_resolve_ref(r, owner, f, p);
            break;
        case AW_F_REFS: {
            aw_refs *refs = p;
            for (size_t k = 0; k < refs->count; k++)
                S_resolve_ref(r, owner, f, &refs->items[k]);
            break;
        }
        case AW_F_OBJECT:
            if (*(void **)p)
                S_resolve_struct(r, owner, f->sub, *(void **)p);
            break;
        case AW_F_OBJECTS: {
            char *items = *(char **)p;
            size_t count = *(size_t *)((char *)base + f->count_offset);
            for (size_t k = 0; k < count; k++)
                S_resolve_struct(r, owner, f->sub, items + k * f->sub->size);
            break;
        }
        default:
            break;
        }
    }
}

static void S_resolve_refs(resolver *r)
{
    aw_model *m = r->model;
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        const aw_kind_desc *kd = &aw_kind_descs[node->kind];
        S_resolve_struct(r, node, kd->desc, (char *)node + kd->union_offset);
    }
    for (size_t i = 0; i < m->edge_count; i++)
        S_resolve_struct(r, NULL, &aw_edge_desc, &m->edges[i]);
}

/* ---- variants: which fields go with which type ------------------------- */

typedef struct variant {
    aw_kind kind;
    int value;                  /* value of the kind's selector field */
    const char *required;       /* space-separated field names */
    const char *allowed;        /* further fields that apply */
} variant;

static const char *const selector_of[AW_KIND_COUNT] = {
    [AW_KIND_INTEGRATION] = "type",
    [AW_KIND_AUTHORIZER] = "type",
    [AW_KIND_DATASTORE] = "engine",
};

static const variant variants[] = {
    {AW_KIND_INTEGRATION, AW_INTEG_LAMBDA, "function",
     "timeout payloadFormat alias parameterMappings contentHandling style requestTemplate responses role invokeWith"},
    {AW_KIND_INTEGRATION, AW_INTEG_HTTP, "url", "timeout httpMethod headers backend parameterMappings contentHandling"},
    {AW_KIND_INTEGRATION, AW_INTEG_PRIVATE, "vpcLink listener",
     "timeout url httpMethod headers listenerPort parameterMappings contentHandling"},
    {AW_KIND_INTEGRATION, AW_INTEG_MOCK, "", "statusCode body requestTemplate responses"},
    {AW_KIND_INTEGRATION, AW_INTEG_AWS, "service action",
     "role timeout target requestTemplate requestParameters parameterMappings contentHandling responses path "
     "httpMethod"},
    {AW_KIND_AUTHORIZER, AW_AUTH_IAM, "", ""},
    {AW_KIND_AUTHORIZER, AW_AUTH_COGNITO, "userPool", "identitySources"},
    {AW_KIND_AUTHORIZER, AW_AUTH_JWT, "", "issuer audiences issuers algorithms identitySources tokenUrl"},
    {AW_KIND_AUTHORIZER, AW_AUTH_LAMBDA, "function",
     "lambdaType resultTtl simpleResponses payloadFormat identitySources role invokeWith"},
    {AW_KIND_DATASTORE, AW_STORE_DYNAMODB, "", "resourceName capacityMode readCapacity writeCapacity latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_RDS, "", "resourceName maxConnections poolSize latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_AURORA, "", "resourceName maxConnections poolSize latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_S3, "", "resourceName latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_SQS, "", "resourceName fifo contentBasedDeduplication visibilityTimeout "
                                          "maxReceiveCount messageGroups latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_KINESIS, "", "resourceName latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_SNS, "", "resourceName fifo contentBasedDeduplication latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_EVENTBRIDGE, "", "resourceName latency existing arn"},
    {AW_KIND_DATASTORE, AW_STORE_STEPFUNCTIONS, "", "resourceName latency existing arn"},
};

_Static_assert(sizeof variants / sizeof variants[0] <= S_MAX_VARIANTS, "S_MAX_VARIANTS holds every variant");

static bool S_word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

enum { S_FIELD_IGNORED, S_FIELD_ALLOWED, S_FIELD_REQUIRED };

/* What each field of the kind is to the variant, read from its word lists
 * once per build rather than searched for every field of every node. */
static const unsigned char *S_variant_roles(resolver *r, const variant *v, const aw_struct_desc *desc)
{
    const unsigned char **made = &r->variant_roles[v - variants];
    if (*made)
        return *made;
    unsigned char *roles = aw_arena_alloc(r->arena, desc->field_count);
    for (size_t i = 0; i < desc->field_count; i++)
        roles[i] = S_word_in(v->required, desc->fields[i].name)  ? S_FIELD_REQUIRED
                   : S_word_in(v->allowed, desc->fields[i].name) ? S_FIELD_ALLOWED
                                                                 : S_FIELD_IGNORED;
    return *made = roles;
}

static void S_check_variant(resolver *r, const aw_node *node)
{
    const char *selector = selector_of[node->kind];
    if (!selector)
        return;
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    const aw_field *sf = aw_struct_field(kd->desc, selector);
    int value = *(int *)aw_field_ptr((char *)node + kd->union_offset, sf);
    const variant *v = NULL;
    for (size_t i = 0; i < sizeof variants / sizeof variants[0] && !v; i++)
        if (variants[i].kind == node->kind && variants[i].value == value)
            v = &variants[i];
    if (!v)
        return;     /* the selector itself was missing or bad: reported already */
    const char *type_name = aw_enum_name(sf, value);
    const unsigned char *roles = S_variant_roles(r, v, kd->desc);
    const aw_loc *kind_locs = node->field_locs + aw_node_common_desc.field_count;
    const void *kind_base = (const char *)node + kd->union_offset;
    for (size_t i = 0; i < kd->desc->field_count; i++) {
        const aw_field *f = &kd->desc->fields[i];
        const char *name = f->name;
        if (f == sf)
            continue;
        bool written = kind_locs[i].line != 0;
        /* A "false" written out, as canonical output does for every
         * boolean, changes nothing and deserves no warning. */
        if (written && f->type == AW_F_BOOL && !*(const bool *)aw_field_ptr((void *)kind_base, f))
            written = false;
        if (roles[i] == S_FIELD_REQUIRED && !written)
            ERROR(r, node, "missing-field", &node->loc, "%s '%s' of %s \"%s\" needs '%s'", kd->name, node->id,
                  selector, type_name, name);
        else if (written && roles[i] == S_FIELD_IGNORED)
            WARN(r, node, "unused-field", aw_node_field_loc(node, name),
                 "'%s' does not apply to %s %s of %s \"%s\" and is ignored", name, S_a(kd->name), kd->name,
                 selector, type_name);
    }
}

/* ---- API ownership ------------------------------------------------------ */

/* Which elements each API type supports is not the resolver's concern: the
 * compatibility rules (compiler/rules/compatibility.c) report it on the
 * resolved model, where it can be tuned like any other finding. */

static aw_api_type S_api_type(const aw_node *api)
{
    return api ? api->as.api.type : AW_API_UNSET;
}

static const char *S_api_type_name(aw_api_type t)
{
    switch (t) {
    case AW_API_HTTP: return "HTTP";
    case AW_API_REST: return "REST";
    case AW_API_WEBSOCKET: return "WebSocket";
    default: return "unknown";
    }
}

static void S_assign_owners(resolver *r)
{
    aw_model *m = r->model;
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *n = m->nodes[i];
        if (n->kind == AW_KIND_API)
            n->owner_api = n;
        else if (n->kind == AW_KIND_ROUTE)
            n->owner_api = n->as.route.api.node;
        else if (n->kind == AW_KIND_STAGE)
            n->owner_api = n->as.stage.api.node;
    }
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_ROUTE || !n->owner_api)
            continue;
        aw_node *integ = n->as.route.integration.node;
        aw_node *auth = n->as.route.authorizer.node;
        /* A route with authorizer "none" does not use the API's default. */
        if (!auth && !n->as.route.authorizer.id)
            auth = n->owner_api->as.api.default_authorizer.node;
        if (integ && !integ->owner_api)
            integ->owner_api = n->owner_api;
        if (auth && !auth->owner_api)
            auth->owner_api = n->owner_api;
    }
    /* An API's default authorizer belongs to it, even when no route relies
     * on it. */
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *api = m->nodes[i];
        aw_node *auth = api->kind == AW_KIND_API ? api->as.api.default_authorizer.node : NULL;
        if (auth && !auth->owner_api)
            auth->owner_api = api;
    }
}

/* ---- routes ------------------------------------------------------------ */

static bool S_param_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

static bool S_path_char(char c)
{
    return S_param_char(c) || c == '~' || c == '@' || c == ':' || c == '$' || c == '+' || c == ',' ||
           c == ';' || c == '=' || c == '!' || c == '*' || c == '\'' || c == '(' || c == ')';
}

/* Checks a resource path and writes its shape (parameter names erased) to
 * key, so "/pets/{id}" and "/pets/{petId}" collide as API Gateway says. */
static bool S_check_path(resolver *r, const aw_node *node, const char *path, aw_strbuf *key)
{
    const aw_loc *loc = aw_node_field_loc(node, "path");
    if (path[0] != '/') {
        ERROR(r, node, "bad-path", loc, "path \"%s\" must start with '/'", path);
        return false;
    }
    if (path[1] == '\0') {
        aw_strbuf_putc(key, '/');
        return true;
    }
    const char *p = path + 1;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) {
            ERROR(r, node, "bad-path", loc, "path \"%s\" has an empty segment", path);
            return false;
        }
        aw_strbuf_putc(key, '/');
        if (p[0] == '{') {
            bool greedy = len >= 3 && p[len - 2] == '+';
            size_t name_len = len - 2 - (greedy ? 1 : 0);
            bool ok = p[len - 1] == '}' && name_len > 0;
            for (size_t i = 1; ok && i <= name_len; i++)
                ok = S_param_char(p[i]);
            if (!ok) {
                ERROR(r, node, "bad-path", loc, "path \"%s\": \"%.*s\" is not a parameter such as {id} or {proxy+}",
                      path, (int)len, p);
                return false;
            }
            if (greedy && end && end[1] != '\0') {
                ERROR(r, node, "bad-path", loc, "path \"%s\": the greedy parameter \"%.*s\" must be the last segment",
                      path, (int)len, p);
                return false;
            }
            aw_strbuf_puts(key, greedy ? "{+}" : "{}");
        } else {
            for (size_t i = 0; i < len; i++)
                if (!S_path_char(p[i]) || p[i] == '{' || p[i] == '}') {
                    /* Quote the whole character: one byte of "é" alone is not text. */
                    size_t n = 1;
                    while (((unsigned char)p[i] & 0x80) && i + n < len && ((unsigned char)p[i + n] & 0xC0) == 0x80)
                        n++;
                    ERROR(r, node, "bad-path", loc, "path \"%s\" contains '%.*s', which a resource path may not",
                          path, (int)n, p + i);
                    return false;
                }
            aw_strbuf_put(key, p, len);
        }
        if (!end)
            break;
        if (end[1] == '\0') {
            ERROR(r, node, "bad-path", loc, "path \"%s\" must not end with '/'", path);
            return false;
        }
        p = end + 1;
    }
    return true;
}

static bool S_check_route_key(resolver *r, const aw_node *node, const char *key, aw_api_type type)
{
    const aw_loc *loc = aw_node_field_loc(node, "routeKey");
    if (key[0] == '$') {
        bool ok = strcmp(key, "$default") == 0 ||
                  (type == AW_API_WEBSOCKET && (strcmp(key, "$connect") == 0 || strcmp(key, "$disconnect") == 0));
        if (!ok)
            ERROR(r, node, "bad-route-key", loc, "route key \"%s\" is not one of %s", key,
                  type == AW_API_WEBSOCKET ? "$connect, $disconnect, $default" : "$default");
        return ok;
    }
    if (type != AW_API_WEBSOCKET) {
        ERROR(r, node, "bad-route-key", loc,
              "a route of %s %s API takes 'method' and 'path'; only \"$default\" may stand as a route key",
              S_a(S_api_type_name(type)), S_api_type_name(type));
        return false;
    }
    for (const char *p = key; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            ERROR(r, node, "bad-route-key", loc, "route key \"%s\" must not contain white space", key);
            return false;
        }
    if (!key[0])
        ERROR(r, node, "bad-route-key", loc, "route key must not be empty");
    return key[0] != '\0';
}

/* A route whose key another route of the same API has already. Paths that
 * differ only in parameter names are the same route to API Gateway, which
 * the message says outright, as the two texts then look different. */
static void S_duplicate_route(resolver *r, const aw_node *node, const aw_node *first)
{
    const aw_route *route = &node->as.route, *other = &first->as.route;
    const char *field = route->route_key ? "routeKey" : "path";
    const aw_loc *loc = aw_node_field_loc(node, field);
    const char *method = aw_enum_name(aw_struct_field(aw_kind_descs[AW_KIND_ROUTE].desc, "method"), route->method);
    aw_diag *d;
    if (route->route_key)
        d = ERROR(r, node, "duplicate-route", loc, "route '%s' repeats the route key \"%s\" of API \"%s\"",
                  node->id, route->route_key, node->owner_api->id);
    else if (strcmp(route->path, other->path) == 0)
        d = ERROR(r, node, "duplicate-route", loc, "route '%s' repeats %s %s of API \"%s\"", node->id, method,
                  route->path, node->owner_api->id);
    else
        d = ERROR(r, node, "duplicate-route", loc,
                  "route '%s' repeats route '%s' of API \"%s\": %s %s and %s %s differ only in parameter names",
                  node->id, first->id, node->owner_api->id, method, route->path, method, other->path);
    aw_diag_set_related(r->diags, d, aw_node_field_loc(first, field), "route '%s' has it first", first->id);
}

static void S_check_routes(resolver *r)
{
    aw_model *m = r->model;
    aw_strset seen;
    aw_strset_init(&seen);
    aw_strbuf key = AW_STRBUF_INIT;
    const aw_field *method_field = aw_struct_field(aw_kind_descs[AW_KIND_ROUTE].desc, "method");
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        if (node->kind != AW_KIND_ROUTE || !node->owner_api)
            continue;
        aw_route *route = &node->as.route;
        aw_api_type type = S_api_type(node->owner_api);
        key.len = 0;
        aw_strbuf_puts(&key, node->owner_api->id);
        aw_strbuf_putc(&key, ' ');
        bool ok;
        if (route->route_key) {
            if (route->method || route->path)
                ERROR(r, node, "route-shape", aw_node_field_loc(node, route->method ? "method" : "path"),
                      "a route has either 'routeKey' or 'method' and 'path', not both");
            ok = S_check_route_key(r, node, route->route_key, type);
            aw_strbuf_puts(&key, route->route_key);
        } else if (type == AW_API_WEBSOCKET && (!route->method || !route->path)) {
            /* A route needs some key. A whole method and path on a WebSocket
             * API is a complete key of the wrong kind: it is checked below
             * like any other, and AW-COMPAT-004 reports it. */
            ERROR(r, node, "route-shape", route->method ? aw_node_field_loc(node, "method") : &node->loc,
                  "a route of a WebSocket API needs a 'routeKey' such as \"$connect\"%s",
                  route->method || route->path ? ", not 'method' and 'path'" : "");
            ok = false;
        } else if (!route->method || !route->path) {
            ERROR(r, node, "route-shape", &node->loc, "route '%s' needs both 'method' and 'path'", node->id);
            ok = false;
        } else {
            aw_strbuf_puts(&key, aw_enum_name(method_field, route->method));
            aw_strbuf_putc(&key, ' ');
            ok = S_check_path(r, node, route->path, &key);
        }
        void *first = NULL;
        if (ok && !aw_strset_insert(&seen, aw_arena_strndup(r->arena, key.data, key.len), node, &first))
            S_duplicate_route(r, node, first);
        if (route->none_reason && !(route->authorizer.id && strcmp(route->authorizer.id, NONE_ID) == 0))
            WARN(r, node, "unused-field", aw_node_field_loc(node, "noneReason"),
                 "'noneReason' only applies with authorizer \"none\"");
        route->auth_none = route->authorizer.id && strcmp(route->authorizer.id, NONE_ID) == 0;
        if (route->request_model && node->owner_api) {
            const aw_api *api = &node->owner_api->as.api;
            bool found = false;
            for (size_t k2 = 0; k2 < api->model_count && !found; k2++)
                found = strcmp(api->models[k2].name, route->request_model) == 0;
            if (!found)
                ERROR(r, node, "unknown-reference", aw_node_field_loc(node, "requestModel"),
                      "'requestModel' names \"%s\", which API \"%s\" does not define", route->request_model,
                      node->owner_api->id);
        }
    }
    aw_strbuf_free(&key);
    aw_strset_free(&seen);
}

/* ---- stages, usage plans, clients ----------------------------------- */

/* A stage name, "$default", or a deploy-time parameter alone (its value is
 * the deployer's, checked by API Gateway). */
static bool S_valid_stage_name(const char *name)
{
    aw_text_param param;
    if (strcmp(name, "$default") == 0)
        return true;
    if (aw_text_param_next(name, &param) && param.start == name && param.len == strlen(name))
        return true;
    size_t n = 0;
    for (const char *p = name; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return n > 0 && n <= 128;
}

static void S_check_stages(resolver *r)
{
    aw_model *m = r->model;
    aw_strset seen;
    aw_strset_init(&seen);
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        if (node->kind != AW_KIND_STAGE)
            continue;
        if (!node->name) {
            ERROR(r, node, "missing-field", &node->loc, "stage '%s' needs a 'name': the stage name, e.g. \"prod\"", node->id);
        } else if (!S_valid_stage_name(node->name)) {
            ERROR(r, node, "bad-stage-name", aw_node_field_loc(node, "name"),
                  "stage name \"%s\" may hold only letters, digits, '-' and '_'", node->name);
        } else if (node->owner_api) {
            const char *key = aw_arena_printf(r->arena, "%s %s", node->owner_api->id, node->name);
            void *first = NULL;
            if (!aw_strset_insert(&seen, key, node, &first)) {
                aw_diag *d = ERROR(r, node, "duplicate-stage", aw_node_field_loc(node, "name"),
                                   "API \"%s\" has two stages named \"%s\"", node->owner_api->id, node->name);
                aw_diag_set_related(r->diags, d, aw_node_field_loc(first, "name"), "stage '%s' has it first",
                                    ((aw_node *)first)->id);
            }
        }
        aw_stage *stage = &node->as.stage;
        for (size_t k = 0; k < stage->route_throttle_count; k++) {
            aw_route_throttle *rt = &stage->route_throttles[k];
            if (rt->route.node && node->owner_api && rt->route.node->owner_api &&
                rt->route.node->owner_api != node->owner_api)
                ERROR(r, node, "foreign-route", &rt->route.loc,
                      "route \"%s\" belongs to API \"%s\", not to API \"%s\", which stage '%s' deploys",
                      rt->route.id, rt->route.node->owner_api->id, node->owner_api->id, node->id);
        }
        if (stage->cache && stage->cache->enabled) {
            static const double sizes[] = {0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237};
            bool ok = false;
            for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
                ok |= stage->cache->size_gb == sizes[k];
            if (!ok)
                ERROR(r, node, "bad-value", S_sub_loc(AW_KIND_STAGE, "cache", stage->cache, "sizeGb"),
                      "cache size %g GB is not one API Gateway offers (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)",
                      stage->cache->size_gb);
        }
    }
    aw_strset_free(&seen);
}

static void S_check_client(resolver *r, aw_node *node)
{
    const aw_client *c = &node->as.client;
    const aw_node *api = c->stage.node ? c->stage.node->owner_api : NULL;
    for (size_t k = 0; k < c->mix_count; k++) {
        const aw_node *route = c->mix[k].route.node;
        if (route && api && route->owner_api && route->owner_api != api)
            ERROR(r, node, "foreign-route", &c->mix[k].route.loc,
                  "route \"%s\" is not part of API \"%s\", which stage \"%s\" deploys", route->id, api->id,
                  c->stage.id);
    }
}

static bool S_path_has_param(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = path ? strchr(path, '{') : NULL; p; p = strchr(p + 1, '{'))
        if (strncmp(p + 1, name, n) == 0 && (p[1 + n] == '}' || (p[1 + n] == '+' && p[2 + n] == '}')))
            return true;
    return false;
}

/* A cache key is a request parameter API Gateway can read before the
 * integration runs: a header, a query string or a path parameter. */
static void S_check_cache_key(resolver *r, aw_node *node, const char *key, const aw_loc *loc)
{
    static const char *const prefixes[] = {"method.request.header.", "method.request.querystring.",
                                           "method.request.path."};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(key, prefixes[i], n) != 0 || !key[n])
            continue;
        if (i == 2 && !S_path_has_param(node->as.route.path, key + n))
            ERROR(r, node, "bad-value", loc, "cache key '%s' of route '%s' names no parameter of its path %s", key,
                  node->id, node->as.route.path ? node->as.route.path : "(none)");
        return;
    }
    ERROR(r, node, "bad-value", loc, "cache key '%s' of route '%s' is not method.request.header.NAME, "
          "method.request.querystring.NAME or method.request.path.NAME", key, node->id);
}

/* A stage cache answers GET methods: a cached answer of any other method
 * would reach callers without the call running. */
static void S_check_route_cache(resolver *r, aw_node *node)
{
    const aw_route_cache *cache = node->as.route.cache;
    if (!cache)
        return;
    const char *method = aw_enum_name(aw_struct_field(aw_kind_descs[AW_KIND_ROUTE].desc, "method"),
                                      node->as.route.method);
    if (cache->enabled && method && node->as.route.method != AW_METHOD_GET)
        ERROR(r, node, "bad-value", S_sub_loc(AW_KIND_ROUTE, "cache", cache, "enabled"),
              "route '%s' turns caching on for %s: a stage cache answers GET methods only, as a cached answer "
              "of any other would reach callers without the call running", node->id, method);
    for (size_t i = 0; i < cache->keys.count; i++)
        S_check_cache_key(r, node, cache->keys.items[i], S_sub_loc(AW_KIND_ROUTE, "cache", cache, "keys"));
}

/* Whether name is zone or a name inside it, letters in any case and a
 * final dot on either or not. */
static bool S_in_zone(const char *name, const char *zone)
{
    size_t n = strlen(name), z = strlen(zone);
    n -= n && name[n - 1] == '.';
    z -= z && zone[z - 1] == '.';
    if (!z || z > n || strncasecmp(name + n - z, zone, z) != 0)
        return false;
    return n == z || name[n - z - 1] == '.';
}

/* Route 53 keeps a record only in the zone its name falls in. */
static void S_check_domain(resolver *r, aw_node *node)
{
    const aw_custom_domain *dom = node->as.api.domain;
    if (!dom || !dom->domain_name)
        return;
    if (dom->hosted_zone_id && dom->hosted_zone_name)
        ERROR(r, node, "bad-value", S_sub_loc(AW_KIND_API, "customDomain", dom, "hostedZoneName"),
              "the custom domain of API '%s' names its hosted zone twice, by 'hostedZoneId' and "
              "'hostedZoneName'; give one", node->id);
    else if (dom->hosted_zone_name && !S_in_zone(dom->domain_name, dom->hosted_zone_name))
        ERROR(r, node, "bad-value", S_sub_loc(AW_KIND_API, "customDomain", dom, "hostedZoneName"),
              "custom domain %s of API '%s' is not in hosted zone %s, so Route 53 cannot hold its record",
              dom->domain_name, node->id, dom->hosted_zone_name);
}

/* A usage plan's route throttle counts on the stages of the route's API;
 * on a route of an API none of its stages deploys it would never apply. */
static void S_check_usage_plan(resolver *r, aw_node *node)
{
    const aw_usage_plan *up = &node->as.usage_plan;
    for (size_t k = 0; k < up->route_throttle_count; k++) {
        const aw_ref *route = &up->route_throttles[k].route;
        if (!route->node || !route->node->owner_api)
            continue;
        bool covered = false;
        for (size_t i = 0; i < up->stages.count && !covered; i++)
            covered = up->stages.items[i].node && up->stages.items[i].node->owner_api == route->node->owner_api;
        if (!covered)
            ERROR(r, node, "foreign-route", &route->loc,
                  "route \"%s\" belongs to API \"%s\", none of whose stages usage plan '%s' covers", route->id,
                  route->node->owner_api->id, node->id);
    }
}

/* Lambda refuses a runtime it does not know; a typo is caught here, with
 * the nearest name in the dated table (ir/runtimes.c). */
static void S_check_function(resolver *r, aw_node *node)
{
    r->errors += aw_function_check(r->diags, node);
    const char *runtime = node->as.function.runtime;
    if (!runtime || aw_runtime_find(runtime))
        return;
    aw_suggest sug;
    aw_suggest_init(&sug, runtime);
    for (size_t i = aw_runtime_count; i-- > 0;)     /* the newest of equally near names */
        aw_suggest_try(&sug, aw_runtimes[i].id);
    const char *best = aw_suggest_result(&sug);
    const aw_loc *loc = aw_node_field_loc(node, "runtime");
    if (best)
        ERROR(r, node, "unknown-runtime", loc, "unknown Lambda runtime '%s' in function '%s'; did you mean '%s'?",
              runtime, node->id, best);
    else
        ERROR(r, node, "unknown-runtime", loc,
              "unknown Lambda runtime '%s' in function '%s' (Lambda's runtimes are listed in %s)", runtime, node->id,
              aw_runtimes_source);
}

/* A Lambda integration's alias: a qualifier Lambda accepts, or the stage
 * variable that names one per stage. */
static void S_check_integration(resolver *r, aw_node *node)
{
    static const char prefix[] = "${stageVariables.";
    const char *alias = node->as.integration.alias;
    if (!alias || aw_lambda_qualifier_ok(alias))
        return;
    size_t n = strlen(alias), k = sizeof prefix - 1;
    bool variable = n > k + 1 && strncmp(alias, prefix, k) == 0 && alias[n - 1] == '}';
    for (size_t i = k; variable && i < n - 1; i++)
        variable = (alias[i] >= 'a' && alias[i] <= 'z') || (alias[i] >= 'A' && alias[i] <= 'Z') ||
                   (alias[i] >= '0' && alias[i] <= '9') || alias[i] == '_';
    if (!variable)
        ERROR(r, node, "bad-value", aw_node_field_loc(node, "alias"), "'alias' of integration '%s' is \"%s\"; give a "
              "Lambda alias (letters, digits, '-', '_') or ${stageVariables.NAME}", node->id, alias);
}

/* A JWT authorizer names its issuers one way: issuer + audiences, or the
 * issuers list; each issuer once, and what API Gateway refuses caught here
 * (JwtConfigurationInput, JwtIssuerInput, JwtAdditionalClaim). Whether an
 * issuer is https is AW-SEC-005's, so that it can be tuned. */
static const aw_struct_desc *S_jwt_issuer_desc(void)
{
    return aw_struct_field(aw_kind_descs[AW_KIND_AUTHORIZER].desc, "issuers")->sub;
}

static void S_check_jwt_claims(resolver *r, const aw_node *node, const aw_jwt_issuer *is)
{
    const aw_struct_desc *cd = aw_struct_field(S_jwt_issuer_desc(), "claims")->sub;
    aw_strset seen;
    aw_strset_init(&seen);
    for (size_t k = 0; k < is->claim_count; k++) {
        const aw_jwt_claim *c = &is->claims[k];
        const aw_loc *loc = aw_struct_field_loc(cd, c, "name");
        if (aw_jwt_claim_reserved(c->name))
            ERROR(r, node, "bad-value", loc, "authorizer '%s' lists claim '%s', which API Gateway checks itself; "
                  "a claim rule may not name iss, aud, exp, nbf, iat, scope or scp", node->id, c->name);
        if (!aw_strset_insert(&seen, c->name, NULL, NULL))
            ERROR(r, node, "duplicate", loc, "authorizer '%s' lists claim '%s' twice for issuer '%s'",
                  node->id, c->name, is->issuer);
        for (size_t v = 0; v < c->values.count; v++)
            if (!*c->values.items[v]) {
                ERROR(r, node, "bad-value", aw_struct_field_loc(cd, c, "values"), "claim '%s' of authorizer '%s' "
                      "accepts an empty value, which API Gateway refuses", c->name, node->id);
                break;
            }
    }
    aw_strset_free(&seen);
}

static void S_check_authorizer(resolver *r, aw_node *node)
{
    const aw_authorizer *a = &node->as.authorizer;
    if (a->type != AW_AUTH_JWT)
        return;
    if (!a->issuer && !a->issuer_count)
        ERROR(r, node, "missing-field", &node->loc, "authorizer '%s' of type \"jwt\" needs 'issuer' (with its "
              "'audiences') or 'issuers'", node->id);
    if (a->issuer_count && (a->issuer || a->audiences.count))
        ERROR(r, node, "bad-value", aw_node_field_loc(node, a->issuer ? "issuer" : "audiences"),
              "authorizer '%s' lists 'issuers' and also '%s': give each issuer its audiences inside 'issuers'",
              node->id, a->issuer ? "issuer" : "audiences");
    aw_strset seen;
    aw_strset_init(&seen);
    for (size_t i = 0; i < a->issuer_count; i++) {
        const aw_jwt_issuer *is = &a->issuers[i];
        if (!aw_strset_insert(&seen, is->issuer, NULL, NULL))
            ERROR(r, node, "duplicate", aw_struct_field_loc(S_jwt_issuer_desc(), is, "issuer"),
                  "authorizer '%s' trusts issuer '%s' twice; list its audiences once", node->id, is->issuer);
        S_check_jwt_claims(r, node, is);
    }
    aw_strset_free(&seen);
    for (size_t i = 0; i < a->algorithms.count; i++)
        if (!aw_jwt_algorithm_ok(a->algorithms.items[i]))
            ERROR(r, node, "bad-value", aw_node_field_loc(node, "algorithms"), "authorizer '%s' accepts algorithm "
                  "'%s', which API Gateway does not offer; give %s", node->id, a->algorithms.items[i],
                  aw_jwt_algorithms_text);
}

/* Checks of one node that need no state across nodes, by kind; they run in
 * the resolver's single pass over the nodes. */
static void (*const node_checks[AW_KIND_COUNT])(resolver *r, aw_node *node) = {
    [AW_KIND_CLIENT] = S_check_client,
    [AW_KIND_FUNCTION] = S_check_function,
    [AW_KIND_INTEGRATION] = S_check_integration,
    [AW_KIND_AUTHORIZER] = S_check_authorizer,
    [AW_KIND_USAGE_PLAN] = S_check_usage_plan,
    [AW_KIND_ROUTE] = S_check_route_cache,
    [AW_KIND_API] = S_check_domain,
};

/* ---- defaults that depend on the API type ------------------------------ */

static void S_fill_api_defaults(resolver *r)
{
    aw_model *m = r->model;
    for (size_t i = 0; i < m->node_count; i++) {
        aw_node *node = m->nodes[i];
        aw_api_type type = S_api_type(node->owner_api);
        switch (node->kind) {
        case AW_KIND_API:
            if (type == AW_API_REST && !node->as.api.api_key_source)
                node->as.api.api_key_source = AW_KEYSRC_HEADER;
            if (type == AW_API_WEBSOCKET && !node->as.api.route_selection)
                node->as.api.route_selection = "$request.body.action";
            break;
        case AW_KIND_INTEGRATION: {
            aw_integration *in = &node->as.integration;
            if (!AW_IS_SET(in->timeout_ms) && in->type != AW_INTEG_MOCK)
                in->timeout_ms = type == AW_API_HTTP ? 30000.0 : 29000.0;
            if (in->type == AW_INTEG_LAMBDA && !in->payload_format)
                in->payload_format = type == AW_API_HTTP ? AW_PAYLOAD_2_0 : AW_PAYLOAD_1_0;
            if (in->type == AW_INTEG_MOCK && in->status_code == AW_UNSET_INT)
                in->status_code = 200;
            if ((in->type == AW_INTEG_HTTP || in->type == AW_INTEG_PRIVATE) && !in->http_method)
                in->http_method = AW_METHOD_ANY;
            break;
        }
        case AW_KIND_AUTHORIZER: {
            aw_authorizer *a = &node->as.authorizer;
            if (a->type == AW_AUTH_LAMBDA) {
                if (!a->lambda_type)
                    a->lambda_type = AW_LAMBDA_AUTH_REQUEST;
                /* WebSocket APIs authorize each connection once, uncached. */
                if (!AW_IS_SET(a->result_ttl_ms))
                    a->result_ttl_ms = type == AW_API_WEBSOCKET ? 0.0 : 300000.0;
                if (!a->payload_format && type == AW_API_HTTP)
                    a->payload_format = AW_PAYLOAD_2_0;
            }
            /* A Lambda authorizer that caches needs identity sources, its
             * cache key; WebSocket APIs do not cache, and a source there
             * would refuse connections that lack it. */
            bool caches = a->type == AW_AUTH_LAMBDA && a->result_ttl_ms > 0 && type != AW_API_WEBSOCKET;
            if (a->identity_sources.count == 0 && (a->type == AW_AUTH_JWT || a->type == AW_AUTH_COGNITO || caches ||
                                                   (a->type == AW_AUTH_LAMBDA && a->lambda_type == AW_LAMBDA_AUTH_TOKEN))) {
                static const char *authorization_header[] = {"$request.header.Authorization"};
                static const char *method_header[] = {"method.request.header.Authorization"};
                a->identity_sources.items = type == AW_API_HTTP ? authorization_header : method_header;
                a->identity_sources.count = 1;
            }
            break;
        }
        case AW_KIND_DATASTORE: {
            aw_datastore *d = &node->as.datastore;
            if (d->engine == AW_STORE_DYNAMODB && !d->capacity_mode)
                d->capacity_mode = AW_CAPMODE_ON_DEMAND;
            bool no_read = d->read_capacity == AW_UNSET_INT, no_write = d->write_capacity == AW_UNSET_INT;
            /* Name only what is missing: "needs both" when one is there
             * sends the reader looking for a mistake in the other. */
            if (d->capacity_mode == AW_CAPMODE_PROVISIONED && (no_read || no_write))
                ERROR(r, node, "missing-field", aw_node_field_loc(node, "capacityMode"),
                      "a provisioned DynamoDB table needs %s", no_read && no_write ? "'readCapacity' and 'writeCapacity'"
                                                               : no_read ? "'readCapacity'" : "'writeCapacity'");
            break;
        }
        default:
            break;
        }
    }
}

/* ---- edges and call cycles -------------------------------------------- */

#define KB(k) (1u << (k))
/* Which kinds may call which along an edge. Structural links (route to
 * integration, integration to function, ...) are fields, not edges. */
static const unsigned edge_targets[AW_KIND_COUNT] = {
    [AW_KIND_CLIENT] = KB(AW_KIND_API) | KB(AW_KIND_STAGE) | KB(AW_KIND_ROUTE),
    [AW_KIND_FUNCTION] = KB(AW_KIND_DATASTORE) | KB(AW_KIND_HTTP_BACKEND) | KB(AW_KIND_FUNCTION) |
                         KB(AW_KIND_LOAD_BALANCER) | KB(AW_KIND_API) | KB(AW_KIND_STAGE) | KB(AW_KIND_ROUTE),
    [AW_KIND_LOAD_BALANCER] = KB(AW_KIND_HTTP_BACKEND) | KB(AW_KIND_FUNCTION),
    /* Queues, streams and topics deliver to consumers asynchronously. */
    [AW_KIND_DATASTORE] = KB(AW_KIND_FUNCTION),
    [AW_KIND_HTTP_BACKEND] = KB(AW_KIND_DATASTORE) | KB(AW_KIND_HTTP_BACKEND) | KB(AW_KIND_FUNCTION) |
                             KB(AW_KIND_LOAD_BALANCER),
};
#undef KB

static void S_check_edge_kinds(resolver *r)
{
    aw_model *m = r->model;
    for (size_t i = 0; i < m->edge_count; i++) {
        aw_edge *e = &m->edges[i];
        if (!e->id && e->from.id && e->to.id)
            e->id = aw_arena_join(r->arena, (const char *const[]){e->from.id, "->", e->to.id, NULL});
        if (!e->from.node || !e->to.node)
            continue;
        if (!(edge_targets[e->from.node->kind] & (1u << e->to.node->kind))) {
            ERROR(r, NULL, "bad-edge", &e->loc, "an edge cannot go from %s %s (\"%s\") to %s %s (\"%s\")%s",
                  S_a(aw_kind_descs[e->from.node->kind].name), aw_kind_descs[e->from.node->kind].name, e->from.id,
                  S_a(aw_kind_descs[e->to.node->kind].name), aw_kind_descs[e->to.node->kind].name, e->to.id,
                  edge_targets[e->from.node->kind] ? ""
                                                   : "; links such as route to integration are fields of the node");
            e->from.node = e->to.node = NULL;   /* keep it out of the call graph */
        } else if (e->from.node->kind != AW_KIND_DATASTORE &&
                   (e->batch_size != AW_UNSET_INT || AW_IS_SET(e->batch_window_ms) ||
                    e->max_concurrency != AW_UNSET_INT)) {
            WARN(r, NULL, "unused-field", &e->loc, "'batchSize', 'batchWindow' and 'maximumConcurrency' apply to "
                 "delivery from a queue or stream to a function, not to edge \"%s\", and are ignored", e->id);
        } else if ((e->access || e->actions.count) &&
                   !(e->from.node->kind == AW_KIND_FUNCTION && e->to.node->kind == AW_KIND_DATASTORE)) {
            WARN(r, NULL, "unused-field", &e->loc, "'access' and 'actions' apply to a function's edge to a data store, "
                 "not to edge \"%s\", and are ignored", e->id);
        } else if (e->access && e->actions.count) {
            ERROR(r, NULL, "bad-value", &e->loc, "edge \"%s\" gives both 'access' and 'actions'; give one: an access "
                  "level, or the exact IAM actions", e->id);
        }
        for (size_t k = 0; k < e->actions.count; k++)
            if (!strchr(e->actions.items[k], ':') || strchr(e->actions.items[k], ' '))
                ERROR(r, NULL, "bad-value", &e->loc, "'actions' of edge \"%s\" holds \"%s\"; an IAM action is "
                      "written service:Action, such as dynamodb:GetItem", e->id, e->actions.items[k]);
    }
}

/* Most nodes a cycle diagnostic lists; longer cycles show their ends. */
#define MAX_CYCLE_SHOWN 8

/* Whether an edge is a synchronous call, one whose caller waits. Delivery
 * from a queue or stream to its consumer is not: a loop through one is a
 * feedback design, not a call that can never return. */
static bool S_sync_call(const aw_edge *e)
{
    return e->from.node && e->to.node && e->from.node->kind != AW_KIND_DATASTORE;
}

/* Finds cycles in the call graph with an iterative depth-first search, so a
 * long chain cannot overflow the stack. One diagnostic per cycle closed. */
static void S_check_cycles(resolver *r)
{
    aw_model *m = r->model;
    size_t n = m->node_count;
    if (n == 0 || m->edge_count == 0)
        return;
    /* Adjacency in compressed form: first[v] .. first[v + 1] index out[]. */
    size_t *first = calloc(n + 1, sizeof *first);
    size_t *out = calloc(m->edge_count, sizeof *out);
    unsigned char *color = calloc(n, 1);          /* 0 new, 1 on stack, 2 done */
    size_t *stack = calloc(n, sizeof *stack);      /* node indices */
    size_t *next = calloc(n, sizeof *next);        /* next out-edge to follow */
    if (!first || !out || !color || !stack || !next)
        goto done;
    for (size_t i = 0; i < m->edge_count; i++)
        if (S_sync_call(&m->edges[i]))
            first[m->edges[i].from.node->index + 1]++;
    for (size_t v = 0; v < n; v++)
        first[v + 1] += first[v];
    size_t *fill = calloc(n, sizeof *fill);
    if (!fill)
        goto done;
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_edge *e = &m->edges[i];
        if (S_sync_call(e)) {
            size_t v = e->from.node->index;
            out[first[v] + fill[v]++] = i;
        }
    }
    free(fill);
    for (size_t root = 0; root < n; root++) {
        if (color[root])
            continue;
        size_t depth = 0;
        stack[depth++] = root;
        color[root] = 1;
        next[root] = first[root];
        while (depth) {
            size_t v = stack[depth - 1];
            if (next[v] == first[v + 1]) {
                color[v] = 2;
                depth--;
                continue;
            }
            const aw_edge *e = &m->edges[out[next[v]++]];
            size_t w = e->to.node->index;
            if (color[w] == 0) {
                color[w] = 1;
                next[w] = first[w];
                stack[depth++] = w;
            } else if (color[w] == 1) {
                aw_strbuf path = AW_STRBUF_INIT;
                size_t start = depth;
                while (start > 0 && stack[start - 1] != w)
                    start--;
                /* A long cycle is shown by its ends: all of it would not fit
                 * a message, and a cut-off list reads as the whole cycle. */
                size_t len = depth - (start - 1);
                for (size_t k = start - 1; k < depth; k++) {
                    size_t nth = k - (start - 1);
                    if (len > MAX_CYCLE_SHOWN && nth == MAX_CYCLE_SHOWN / 2) {
                        aw_strbuf_printf(&path, "... (%zu more) -> ", len - MAX_CYCLE_SHOWN);
                        k += len - MAX_CYCLE_SHOWN - 1;
                        continue;
                    }
                    aw_strbuf_printf(&path, "%s -> ", m->nodes[stack[k]]->id);
                }
                aw_strbuf_puts(&path, m->nodes[w]->id);
                if (len == 1)
                    ERROR(r, m->nodes[w], "cycle", &e->loc, "\"%s\" calls itself", m->nodes[w]->id);
                else if (len > MAX_CYCLE_SHOWN)
                    ERROR(r, m->nodes[w], "cycle", &e->loc, "calls form a cycle of %zu nodes: %s", len, path.data);
                else
                    ERROR(r, m->nodes[w], "cycle", &e->loc, "calls form a cycle: %s", path.data);
                aw_strbuf_free(&path);
            }
        }
    }
done:
    free(first);
    free(out);
    free(color);
    free(stack);
    free(next);
}

size_t aw_resolve_model(aw_model *model, aw_diags *diags)
{
    resolver r = {.model = model, .diags = diags, .arena = &model->arena};
    aw_suggest_budget_init(&r.suggest_budget, model->node_count);
    aw_strset_init(&r.suggested);
    S_check_ids(&r);
    /* Before any check reads a number that a parameter gives. */
    r.errors += aw_resolve_num_params(model, NULL, diags);
    S_resolve_refs(&r);
    S_assign_owners(&r);
    for (size_t i = 0; i < model->node_count; i++) {
        aw_node *node = model->nodes[i];
        S_check_variant(&r, node);
        if (node_checks[node->kind])
            node_checks[node->kind](&r, node);
    }
    S_check_routes(&r);
    S_check_stages(&r);
    S_fill_api_defaults(&r);
    S_check_edge_kinds(&r);
    S_check_cycles(&r);
    r.errors += aw_resolve_mappings(model, diags);
    r.errors += aw_resolve_text_refs(model, diags);
    r.errors += aw_resolve_params(model, diags);
    r.errors += aw_resolve_conditions(model, diags);
    aw_strset_free(&r.suggested);
    return r.errors;
}
