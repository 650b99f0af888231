/* Shared plumbing of the deployment emitters: logical ids, placeholder
 * strings, ARNs and invocation URIs, reports of what cannot be expressed. */
#include "deploy.h"

#include "../ir/store_access.h"

#include "../ir/ir_fields.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void *S_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* ---- logical ids ------------------------------------------------------------ */

/* "get-order.fn_2" -> "GetOrderFn2": letters and digits, each word capitalised;
 * a leading digit gets an "N" so that the id starts with a letter. Writes
 * at most strlen(id) + 2 bytes to out; returns the stem's length. */
static size_t S_stem(const char *id, char *out)
{
    char *o = out;
    bool word_start = true;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!isalnum(c) || c > 127) {
            word_start = true;
            continue;
        }
        if (o == out && isdigit(c))
            *o++ = 'N';
        *o++ = word_start ? (char)toupper(c) : (char)c;
        word_start = false;
    }
    if (o == out)
        *o++ = 'X';
    *o = '\0';
    return (size_t)(o - out);
}

/* Resources append a word for their type ("Function", "Route"); a stem that
 * already ends with such a word for its kind drops it, so that function
 * "get-order-fn" gives "GetOrderFunction", not "GetOrderFnFunction". */
static const char *const S_kind_suffixes[AW_KIND_COUNT] = {
    [AW_KIND_API] = "RestApi Api",
    [AW_KIND_ROUTE] = "Route",
    [AW_KIND_STAGE] = "Stage",
    [AW_KIND_INTEGRATION] = "Integration",
    [AW_KIND_AUTHORIZER] = "Authorizer",
    [AW_KIND_USAGE_PLAN] = "UsagePlan Plan",
    [AW_KIND_API_KEY] = "ApiKey Key",
    [AW_KIND_FUNCTION] = "Function Fn",
    [AW_KIND_VPC_LINK] = "VpcLink Link",
};

static void S_drop_kind_suffix(char *stem, aw_kind kind)
{
    const char *list = S_kind_suffixes[kind];
    size_t len = strlen(stem);
    while (list && *list) {
        size_t n = strcspn(list, " ");
        if (len > n && strncmp(stem + len - n, list, n) == 0) {
            stem[len - n] = '\0';
            return;
        }
        list += n + (list[n] == ' ');
    }
}

/* CloudFormation's names (of resources, parameters, outputs) hold 255
 * characters, and a name may join up to three stems with words of its own
 * ("BalanceFnLiveInvokedByLoyaltyApi", then "Arn" for a nested stack's
 * parameter); ids hold 128. A stem longer than S_STEM_MAX keeps its start
 * and ends in eight hex digits of its id's hash, so that every name fits
 * and ids that share a long start stay apart (deploy.h). */
#define S_STEM_MAX 64

void aw_logical_fit(char *stem, const char *id)
{
    /* An id that fits keeps its stem, even one an "N" made 65 long. */
    if (strlen(stem) <= S_STEM_MAX || strlen(id) <= S_STEM_MAX)
        return;
    static const char hex[] = "0123456789ABCDEF";
    uint64_t hash = aw_text_hash_of(id, strlen(id));
    char *digits = stem + S_STEM_MAX - 8;
    for (int i = 0; i < 8; i++)
        digits[i] = hex[(hash >> (60 - 4 * i)) & 15];
    digits[8] = '\0';
}

/* Room for a stem of id: its letters, an "N", a number and the NUL. */
static size_t S_stem_room(const char *id)
{
    return strlen(id) + 14;
}

void aw_logical_ids_init(aw_logical_ids *ids, const aw_model *model)
{
    ids->count = model->node_count;
    ids->stems = S_alloc(ids->count * sizeof *ids->stems);
    /* Stems are unique per kind: each kind's resources end in words of
     * their own, so "get-order" the route and "get-order-fn" the function
     * may both be "GetOrder" (GetOrderRoute, GetOrderFunction). */
    aw_strset taken[AW_KIND_COUNT];
    size_t per_kind[AW_KIND_COUNT] = {0}, room = 0;
    for (size_t i = 0; i < ids->count; i++) {
        per_kind[model->nodes[i]->kind]++;
        room += S_stem_room(model->nodes[i]->id);
    }
    for (int k = 0; k < AW_KIND_COUNT; k++) {
        aw_strset_init(&taken[k]);
        aw_strset_reserve(&taken[k], per_kind[k]);
    }
    /* All stems in one block, each written where it stays. */
    char *at = ids->block = S_alloc(room);
    for (size_t i = 0; i < ids->count; i++) {
        const aw_node *node = model->nodes[i];
        char *stem = at;
        size_t size = S_stem_room(node->id);
        S_stem(node->id, stem);
        S_drop_kind_suffix(stem, node->kind);
        aw_logical_fit(stem, node->id);
        /* Ids that differ only in punctuation or in a dropped suffix
         * ("orders" and "orders-api") would meet; the later one is
         * numbered, which node order keeps deterministic. */
        size_t len = strlen(stem);
        for (unsigned n = 2; !aw_strset_insert(&taken[node->kind], stem, stem, NULL); n++)
            snprintf(stem + len, size - len, "%u", n);
        ids->stems[i] = stem;
        at += size;
    }
    for (int k = 0; k < AW_KIND_COUNT; k++)
        aw_strset_free(&taken[k]);
}

void aw_logical_ids_free(aw_logical_ids *ids)
{
    free(ids->block);
    free(ids->stems);
    ids->block = NULL;
    ids->stems = NULL;
    ids->count = 0;
}

const char *aw_logical_id(const aw_logical_ids *ids, const aw_node *node)
{
    return ids->stems[node->index];
}

/* ---- strings with placeholders ------------------------------------------ */

/* Copies the text up to each "${" in one piece: most literals have none. */
void aw_subst_lit(aw_subst *s, const char *text)
{
    for (const char *p = text, *dollar; *p; p = dollar + 2) {
        dollar = strstr(p, "${");
        if (!dollar) {
            aw_strbuf_puts(&s->text, p);
            return;
        }
        aw_strbuf_put(&s->text, p, (size_t)(dollar - p));
        aw_strbuf_put(&s->text, "${!", 3);
    }
}

void aw_subst_ref(aw_subst *s, const char *name)
{
    aw_strbuf_put(&s->text, "${", 2);
    aw_strbuf_puts(&s->text, name);
    aw_strbuf_putc(&s->text, '}');
    s->has_ref = true;
}

void aw_subst_ref_of(aw_subst *s, const char *stem, const char *suffix)
{
    aw_strbuf_put(&s->text, "${", 2);
    aw_strbuf_puts(&s->text, stem);
    aw_strbuf_puts(&s->text, suffix);
    aw_strbuf_putc(&s->text, '}');
    s->has_ref = true;
}

/* The fixed parts go in as the Fn::Sub text they are: every function's
 * permissions and invocation address start so. */
void aw_subst_arn(aw_subst *s, const char *service, bool account)
{
    static const char head[] = "arn:${AWS::Partition}:", region[] = ":${AWS::Region}:",
                      owner[] = "${AWS::AccountId}:";
    aw_strbuf_put(&s->text, head, sizeof head - 1);
    aw_subst_lit(s, service);
    aw_strbuf_put(&s->text, region, sizeof region - 1);
    if (account)
        aw_strbuf_put(&s->text, owner, sizeof owner - 1);
    s->has_ref = true;
}

void aw_subst_free(aw_subst *s)
{
    aw_strbuf_free(&s->text);
    s->has_ref = false;
}

/* Literal text without the Fn::Sub escapes. */
static void S_unescaped(const aw_strbuf *text, aw_strbuf *out)
{
    for (size_t i = 0; i < text->len; i++) {
        aw_strbuf_putc(out, text->data[i]);
        if (text->data[i] == '$' && i + 2 < text->len && text->data[i + 1] == '{' && text->data[i + 2] == '!') {
            aw_strbuf_putc(out, '{');
            i += 2;
        }
    }
}

/* Whether text is one placeholder and nothing else: "${Name}" or
 * "${Resource.Attribute}"; its name goes to name. */
static bool S_lone_placeholder(const char *text, char *name, size_t size)
{
    size_t len = strlen(text);
    if (len < 4 || text[0] != '$' || text[1] != '{' || text[len - 1] != '}' || len - 3 >= size)
        return false;
    if (strchr(text + 2, '$') || memchr(text + 2, '}', len - 3))
        return false;
    memcpy(name, text + 2, len - 3);
    name[len - 3] = '\0';
    return name[0] != '!';
}

void aw_deploy_write_subst(const aw_deploy *d, aw_jw *w, aw_subst *s)
{
    const char *text = s->text.data ? s->text.data : "";
    char name[512];
    if (s->has_ref && d->in_template && S_lone_placeholder(text, name, sizeof name)) {
        /* Plain references read better as Ref and GetAtt. */
        char *dot = strchr(name, '.');
        aw_jw_object_inline(w);
        if (dot && strncmp(name, "AWS::", 5) != 0) {
            *dot = '\0';
            aw_jw_key(w, "Fn::GetAtt");
            aw_jw_array(w);
            aw_jw_string(w, name);
            aw_jw_string(w, dot + 1);
            aw_jw_end_array(w);
        } else {
            aw_jw_member_string(w, "Ref", name);
        }
        aw_jw_end_object(w);
    } else if (s->has_ref && d->in_template) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "Fn::Sub", text);
        aw_jw_end_object(w);
    } else if (s->has_ref) {
        aw_jw_string(w, text);
    } else {
        aw_strbuf plain = AW_STRBUF_INIT;
        S_unescaped(&s->text, &plain);
        aw_jw_string(w, plain.data ? plain.data : "");
        aw_strbuf_free(&plain);
    }
    aw_subst_free(s);
}

/* ---- the context ------------------------------------------------------------ */

/* One pass over the diagram: each API's routes and stages, and which API
 * types use each VPC link. */
static void S_index_parts(aw_deploy *d)
{
    const aw_model *m = d->model;
    size_t n = m->node_count;
    d->parts = S_alloc(n * sizeof *d->parts);
    d->part_nodes = S_alloc(n * sizeof *d->part_nodes);
    d->link_api_types = S_alloc(n * sizeof *d->link_api_types);
    for (size_t i = 0; i < n; i++) {
        const aw_node *node = m->nodes[i];
        if (node->kind == AW_KIND_ROUTE && node->owner_api)
            d->parts[node->owner_api->index].route_count++;
        else if (node->kind == AW_KIND_STAGE && node->owner_api)
            d->parts[node->owner_api->index].stage_count++;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        aw_api_parts *p = &d->parts[i];
        p->routes = d->part_nodes + used;
        used += p->route_count;
        p->stages = d->part_nodes + used;
        used += p->stage_count;
        p->route_count = p->stage_count = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const aw_node *node = m->nodes[i];
        if (!node->owner_api || (node->kind != AW_KIND_ROUTE && node->kind != AW_KIND_STAGE))
            continue;
        aw_api_parts *p = &d->parts[node->owner_api->index];
        if (node->kind == AW_KIND_ROUTE)
            p->routes[p->route_count++] = node;
        else
            p->stages[p->stage_count++] = node;
        const aw_node *integ = node->kind == AW_KIND_ROUTE ? node->as.route.integration.node : NULL;
        if (integ && integ->as.integration.type == AW_INTEG_PRIVATE && integ->as.integration.vpc_link.node)
            d->link_api_types[integ->as.integration.vpc_link.node->index] |= 1u << node->owner_api->as.api.type;
    }
}

/* Whether node deploys exactly when api does: under no condition of its
 * own, or under the API's. */
static bool S_deploys_with(const aw_node *node, const aw_node *api)
{
    return !node || !node->condition || (api->condition && strcmp(node->condition, api->condition) == 0);
}

/* The most routes an HTTP API writes as its body. The body is one
 * resource and must fit one nested stack (1 MiB of template): the
 * generated estate's 300-route APIs take 0.35 MB, so 500 leave room for
 * longer paths and integrations; a bigger API keeps its resources, which
 * the splitter spreads over several stacks. */
#define S_BODY_MAX_ROUTES 500

/* Whether an HTTP API's OpenAPI body can say everything its resources
 * would: a body cannot leave out one route under a condition of its own,
 * and holds numbers as numbers, where a Number parameter's Ref gives text
 * (an integration timeout given at deployment); and it must fit a stack.
 * docs/deployment.md. */
static bool S_body_fits(const aw_deploy *d, const aw_node *api, const aw_api_parts *p)
{
    if (api->as.api.type != AW_API_HTTP || p->route_count > S_BODY_MAX_ROUTES)
        return false;
    for (size_t i = 0; i < p->route_count; i++) {
        const aw_node *route = p->routes[i], *integ = route->as.route.integration.node;
        if (!S_deploys_with(route, api) || !S_deploys_with(integ, api) ||
            !S_deploys_with(aw_deploy_route_authorizer(route), api))
            return false;
        if (integ && aw_model_num_param(d->model, &integ->as.integration.timeout_ms))
            return false;
    }
    return true;
}

const aw_api_parts *aw_deploy_api_parts(const aw_deploy *d, const aw_node *api)
{
    return &d->parts[api->index];
}

bool aw_deploy_api_body(const aw_deploy *d, const aw_node *api)
{
    return d->parts[api->index].body && !(d->body_taken_back && d->body_taken_back[api->index]);
}

/* The support table's rows by the kind they are about, in table order
 * (at[kind] to at[kind + 1] in rows), with each row's field index: every
 * element of the diagram is checked against its kind's rows alone. */
typedef struct aw_support_rows {
    int *indexes;
    size_t at[AW_KIND_COUNT + 1], *rows;
} S_support_rows;

static S_support_rows *S_support_rows_new(void)
{
    S_support_rows *r = S_alloc(sizeof *r);
    r->indexes = S_alloc(aw_api_support_count * sizeof *r->indexes);
    r->rows = S_alloc(aw_api_support_count * sizeof *r->rows);
    aw_api_support_indexes(r->indexes);
    memset(r->at, 0, sizeof r->at);
    for (size_t k = 0; k < aw_api_support_count; k++)
        r->at[aw_api_supports[k].kind + 1]++;
    for (int kind = 0; kind < AW_KIND_COUNT; kind++)
        r->at[kind + 1] += r->at[kind];
    size_t fill[AW_KIND_COUNT];
    memcpy(fill, r->at, sizeof fill);
    for (size_t k = 0; k < aw_api_support_count; k++)
        r->rows[fill[aw_api_supports[k].kind]++] = k;
    return r;
}

static void S_support_rows_free(S_support_rows *r)
{
    if (!r)
        return;
    free(r->indexes);
    free(r->rows);
    free(r);
}

static bool S_rest_resource_form(const aw_deploy *d, const aw_node *api);

aw_deploy *aw_deploy_new(const aw_model *model)
{
    aw_deploy *d = S_alloc(sizeof *d);
    d->model = model;
    aw_logical_ids_init(&d->ids, model);
    S_index_parts(d);
    for (size_t i = 0; i < model->node_count; i++)
        if (model->nodes[i]->kind == AW_KIND_API) {
            d->parts[i].body = S_body_fits(d, model->nodes[i], &d->parts[i]);
            d->parts[i].resource_form = S_rest_resource_form(d, model->nodes[i]);
        }
    d->users = aw_api_users_index(model);
    if (!d->users)
        abort();
    d->support = S_support_rows_new();
    return d;
}

void aw_deploy_delete(aw_deploy *d)
{
    if (!d)
        return;
    aw_logical_ids_free(&d->ids);
    free(d->parts);
    free(d->part_nodes);
    free(d->link_api_types);
    free(d->users);
    S_support_rows_free(d->support);
    free(d);
}

/* Reports the settings of node that user, the first API of type t that
 * uses it, cannot deploy. */
static void S_report_node(const aw_deploy *d, const aw_node *node, aw_api_type t, const aw_node *user,
                          const S_support_rows *rows)
{
    for (size_t i = rows->at[node->kind]; i < rows->at[node->kind + 1]; i++) {
        size_t k = rows->rows[i];
        const aw_api_support *row = &aw_api_supports[k];
        if ((row->types & AW_API_TYPE_BIT(t)) ||
            ((node->kind == AW_KIND_INTEGRATION || node->kind == AW_KIND_AUTHORIZER) &&
             strcmp(row->field, "type") == 0) ||
            !aw_api_support_applies(node, row, rows->indexes[k]))
            continue;
        aw_deploy_report(d, node, aw_node_field_loc(node, row->field),
                         "%s '%s' %s, which %s APIs do not support; the deployment of '%s' leaves it out",
                         aw_kind_descs[node->kind].doc, node->id, row->what, aw_api_type_title(t), user->id);
    }
}

void aw_deploy_report_unsupported(const aw_deploy *d, const aw_node *api)
{
    const aw_model *m = d->model;
    if (!api) {
        for (size_t i = 0; i < m->node_count; i++)
            for (int t = AW_API_HTTP; t <= AW_API_WEBSOCKET; t++)
                if (d->users[i][t])
                    S_report_node(d, m->nodes[i], (aw_api_type)t, d->users[i][t], d->support);
        return;
    }
    /* One API: only the nodes it uses, not the whole diagram once per API. */
    aw_api_type t = api->as.api.type;
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    aw_node_set used;
    aw_node_set_init(&used);
    aw_node_set_add(&used, api);
    aw_node_set_add(&used, api->as.api.default_authorizer.node);
    for (size_t i = 0; i < parts->stage_count; i++)
        aw_node_set_add(&used, parts->stages[i]);
    for (size_t i = 0; i < parts->route_count; i++) {
        aw_node_set_add(&used, parts->routes[i]);
        aw_node_set_add(&used, parts->routes[i]->as.route.integration.node);
        aw_node_set_add(&used, aw_deploy_route_authorizer(parts->routes[i]));
    }
    aw_node_set_sort(&used);
    for (size_t i = 0; i < used.count; i++)
        if (d->users[used.items[i]->index][t] == api)
            S_report_node(d, used.items[i], t, api, d->support);
    aw_node_set_free(&used);
}

static uint64_t S_hash_word(uint64_t h, uint64_t w)
{
    h ^= w * 0x9E3779B97F4A7C15ULL;
    h = (h << 31) | (h >> 33);
    return h * 0xC2B2AE3D27D4EB4FULL;
}

/* Eight bytes as a number, the first lowest, whatever the machine's order. */
static uint64_t S_load_le(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

void aw_text_hash_init(aw_text_hash *s, uint64_t seed)
{
    *s = (aw_text_hash){.h = seed};
}

void aw_text_hash_add(aw_text_hash *s, const char *bytes, size_t len)
{
    const char *p = bytes, *end = bytes + len;
    s->len += len;
    while (s->have && p < end) {
        s->word |= (uint64_t)(unsigned char)*p++ << (8 * s->have);
        if (++s->have == 8) {
            s->h = S_hash_word(s->h, s->word);
            s->word = 0, s->have = 0;
        }
    }
    for (; end - p >= 8; p += 8)
        s->h = S_hash_word(s->h, S_load_le(p));
    while (p < end)
        s->word |= (uint64_t)(unsigned char)*p++ << (8 * s->have++);
}

uint64_t aw_text_hash_of(const char *bytes, size_t len)
{
    aw_text_hash h;
    aw_text_hash_init(&h, AW_DEPLOY_HASH_SEED);
    aw_text_hash_add(&h, bytes, len);
    return aw_text_hash_end(&h);
}

uint64_t aw_text_hash_end(const aw_text_hash *s)
{
    uint64_t h = s->have ? S_hash_word(s->h, s->word) : s->h;
    h ^= s->len;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

const char *aw_deploy_alias_variable(const aw_node *integ, size_t *len)
{
    static const char prefix[] = "${stageVariables.";
    const char *alias = integ->as.integration.alias;
    size_t n = alias ? strlen(alias) : 0;
    if (n <= sizeof prefix || strncmp(alias, prefix, sizeof prefix - 1) != 0 || alias[n - 1] != '}')
        return NULL;
    *len = n - sizeof prefix;      /* without the prefix and the closing brace */
    return alias + sizeof prefix - 1;
}

void aw_deploy_policy_path(aw_strbuf *b, const char *path)
{
    for (const char *p = path; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (end) {
            aw_strbuf_putc(b, '*');
            p = end;
            continue;
        }
        aw_strbuf_putc(b, *p);
    }
}

bool aw_deploy_integration_role(const aw_node *integ, const aw_node **store)
{
    const aw_integration *in = &integ->as.integration;
    const aw_node *target = in->target.node;
    *store = NULL;
    if (in->type != AW_INTEG_AWS || in->role || !in->service)
        return false;
    if (target && target->kind == AW_KIND_DATASTORE) {
        const aw_store_access *a = aw_store_access_find(target->as.datastore.engine);
        *store = target;
        return a && strcasecmp(a->service, in->service) == 0;
    }
    return !target && strcasecmp(in->service, "events") == 0;
}

const char *aw_deploy_preflight_path(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    const aw_node *api = route->owner_api;
    if (!api || api->as.api.type != AW_API_HTTP || !api->as.api.cors || !aw_deploy_route_authorizer(route))
        return NULL;
    if (r->route_key && strcmp(r->route_key, "$default") == 0)
        return "/{proxy+}";
    return r->method == AW_METHOD_ANY ? r->path : NULL;
}

const aw_node *aw_deploy_route_authorizer(const aw_node *route)
{
    const aw_route *r = &route->as.route;
    if (r->auth_none)
        return NULL;
    return r->authorizer.node ? r->authorizer.node : route->owner_api->as.api.default_authorizer.node;
}

bool aw_deploy_rest_resource_form(const aw_deploy *d, const aw_node *api)
{
    return api->as.api.type == AW_API_REST && aw_deploy_api_parts(d, api)->resource_form;
}

/* Worked out once, as the splitter asks for every resource it places. */
static bool S_rest_resource_form(const aw_deploy *d, const aw_node *api)
{
    if (api->as.api.type != AW_API_REST)
        return false;
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *auth = aw_deploy_route_authorizer(parts->routes[i]);
        if (auth && auth->as.authorizer.type == AW_AUTH_JWT)
            return true;
    }
    return false;
}

/* ---- node sets ------------------------------------------------------------------ */

void aw_node_set_init(aw_node_set *s)
{
    memset(s, 0, sizeof *s);
}

/* The slot that holds node, or the free one where it goes. Nodes are
 * found by their index, which numbers them in the diagram, not by their
 * ids: no string to hash or compare. */
static size_t S_node_slot(const aw_node_set *s, const aw_node *node)
{
    size_t mask = s->slot_cap - 1, i = (size_t)(((uint64_t)node->index * 0x9e3779b97f4a7c15ull) >> 32) & mask;
    while (s->slots[i] && s->slots[i] != node)
        i = (i + 1) & mask;
    return i;
}

static void S_node_slots_grow(aw_node_set *s)
{
    free(s->slots);
    s->slot_cap = s->slot_cap ? s->slot_cap * 2 : 16;
    s->slots = calloc(s->slot_cap, sizeof *s->slots);
    if (!s->slots)
        abort();
    for (size_t i = 0; i < s->count; i++)
        s->slots[S_node_slot(s, s->items[i])] = s->items[i];
}

bool aw_node_set_add(aw_node_set *s, const aw_node *node)
{
    if (!node)
        return false;
    if ((s->count + 1) * 2 > s->slot_cap)
        S_node_slots_grow(s);
    size_t slot = S_node_slot(s, node);
    if (s->slots[slot])
        return false;
    s->slots[slot] = node;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        const aw_node **grown = realloc(s->items, s->cap * sizeof *grown);
        if (!grown)
            abort();
        s->items = grown;
    }
    s->items[s->count++] = node;
    return true;
}

bool aw_node_set_has(const aw_node_set *s, const aw_node *node)
{
    return s->count && s->slots[S_node_slot(s, node)];
}

static int S_compare_index(const void *a, const void *b)
{
    size_t x = (*(const aw_node *const *)a)->index, y = (*(const aw_node *const *)b)->index;
    return (x > y) - (x < y);
}

void aw_node_set_sort(aw_node_set *s)
{
    if (s->count)
        qsort(s->items, s->count, sizeof *s->items, S_compare_index);
}

void aw_node_set_free(aw_node_set *s)
{
    free(s->items);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

static void S_report(const aw_deploy *d, aw_emit_severity sev, const aw_node *node, const aw_loc *loc,
                     const char *fmt, va_list ap)
{
    if (!d->sink || !d->sink->report)
        return;
    aw_strbuf message = AW_STRBUF_INIT;     /* whole: it may quote a path of any length */
    aw_strbuf_vprintf(&message, fmt, ap);
    if (!loc)
        loc = node ? &node->loc : &d->model->loc;
    d->sink->report(d->sink->ctx, sev, node, loc, message.data ? message.data : "");
    aw_strbuf_free(&message);
}

void aw_deploy_report(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_report(d, AW_EMIT_ERROR, node, loc, fmt, ap);
    va_end(ap);
}

void aw_deploy_warn(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_report(d, AW_EMIT_WARNING, node, loc, fmt, ap);
    va_end(ap);
}

void aw_deploy_note(const aw_deploy *d, const aw_node *node, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_report(d, AW_EMIT_NOTE, node, loc, fmt, ap);
    va_end(ap);
}

/* ---- parameters ----------------------------------------------------------------- */

void aw_parameters_init(aw_parameters *p)
{
    memset(p, 0, sizeof *p);
    aw_strset_init(&p->names);
}

void aw_parameters_free(aw_parameters *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].name);
        free(p->items[i].description);
        free(p->items[i].default_value);
    }
    free(p->items);
    aw_strset_free(&p->names);
    memset(p, 0, sizeof *p);
}

static int S_compare_parameters(const void *a, const void *b)
{
    return strcmp(((const aw_parameter *)a)->name, ((const aw_parameter *)b)->name);
}

void aw_parameters_sort(aw_parameters *p)
{
    if (!p->count)
        return;
    qsort(p->items, p->count, sizeof *p->items, S_compare_parameters);
    /* The set points at the items, which have moved. */
    aw_strset_free(&p->names);
    aw_strset_init(&p->names);
    for (size_t i = 0; i < p->count; i++)
        aw_strset_insert(&p->names, p->items[i].name, &p->items[i], NULL);
}

static char *S_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = S_alloc(n);
    memcpy(copy, s, n);
    return copy;
}

/* Declares parameter name once; a second element that needs another
 * parameter of the same name is reported. */
static void S_declare(const aw_deploy *d, const aw_node *node, const char *name, const char *default_value,
                      const char *fmt, va_list ap)
{
    aw_parameters *p = d->params;
    if (!p)
        return;
    /* Every function declares the code parameters again: a description
     * without conversions is its own text, compared without printf. */
    aw_strbuf formatted = AW_STRBUF_INIT;      /* whole: a diagram's own description may be long */
    const char *description = fmt;
    if (strchr(fmt, '%')) {
        aw_strbuf_vprintf(&formatted, fmt, ap);
        description = formatted.data ? formatted.data : "";
    }
    aw_parameter *known = aw_strset_find(&p->names, name);
    if (known) {
        if (strcmp(known->description, description) != 0)
            aw_deploy_report(d, node, NULL, "parameter %s would stand both for %s and for %s; rename '%s'", name,
                             known->description, description, node->id);
        aw_strbuf_free(&formatted);
        return;
    }
    if (p->count == p->cap) {
        /* The set holds pointers to the items: grow by moving to a new
         * block and re-pointing the set. */
        size_t cap = p->cap ? p->cap * 2 : 16;
        aw_parameter *grown = S_alloc(cap * sizeof *grown);
        if (p->count)
            memcpy(grown, p->items, p->count * sizeof *grown);
        free(p->items);
        p->items = grown;
        p->cap = cap;
        aw_strset_free(&p->names);
        aw_strset_init(&p->names);
        for (size_t i = 0; i < p->count; i++)
            aw_strset_insert(&p->names, p->items[i].name, &p->items[i], NULL);
    }
    aw_parameter *item = &p->items[p->count++];
    item->name = S_strdup(name);
    item->description = S_strdup(description);
    item->default_value = default_value ? S_strdup(default_value) : NULL;
    aw_strset_insert(&p->names, item->name, item, NULL);
    aw_strbuf_free(&formatted);
}

void aw_deploy_declare(const aw_deploy *d, const aw_node *node, const char *name, const char *default_value,
                       const char *description_fmt, ...)
{
    va_list ap;
    va_start(ap, description_fmt);
    S_declare(d, node, name, default_value, description_fmt, ap);
    va_end(ap);
}

void aw_deploy_parameter(const aw_deploy *d, aw_subst *s, const aw_node *node, const char *name,
                         const char *default_value, const char *description_fmt, ...)
{
    aw_subst_ref(s, name);
    va_list ap;
    va_start(ap, description_fmt);
    S_declare(d, node, name, default_value, description_fmt, ap);
    va_end(ap);
}

const char *aw_deploy_name(const aw_node *node)
{
    return node->name ? node->name : node->id;
}

/* ---- ARNs ---------------------------------------------------------------------- */

static bool S_has_live_alias(const aw_node *fn)
{
    return !fn->as.function.existing && fn->as.function.provisioned_concurrency != AW_UNSET_INT &&
           fn->as.function.provisioned_concurrency > 0;
}

/* The function's own ARN, unqualified. */
static void S_function_arn(const aw_deploy *d, const aw_node *fn, aw_subst *s)
{
    const char *stem = aw_logical_id(&d->ids, fn);
    if (fn->as.function.existing && fn->as.function.arn)
        aw_subst_lit(s, fn->as.function.arn);
    else if (fn->as.function.existing) {
        char name[300];
        snprintf(name, sizeof name, "%sFunctionArn", stem);
        aw_deploy_parameter(d, s, fn, name, NULL, "ARN of the existing Lambda function '%s'", fn->id);
    } else
        aw_subst_ref_of(s, stem, "Function.Arn");
}

void aw_deploy_function_arn(const aw_deploy *d, const aw_node *fn, aw_subst *s)
{
    if (S_has_live_alias(fn))
        aw_subst_ref_of(s, aw_logical_id(&d->ids, fn), "Alias");   /* provisioned concurrency lives on the alias */
    else
        S_function_arn(d, fn, s);
}

void aw_deploy_function_alias_arn(const aw_deploy *d, const aw_node *fn, const char *alias, aw_subst *s)
{
    /* The alias this template publishes is referenced, so that what uses
     * it waits for it. */
    if (S_has_live_alias(fn) && strcmp(alias, AW_DEPLOY_LIVE_ALIAS) == 0) {
        aw_subst_ref_of(s, aw_logical_id(&d->ids, fn), "Alias");
        return;
    }
    S_function_arn(d, fn, s);
    aw_subst_lit(s, ":");
    aw_subst_lit(s, alias);
}

void aw_deploy_lambda_invocation_uri(const aw_deploy *d, const aw_node *fn, aw_subst *s)
{
    aw_deploy_lambda_alias_uri(d, fn, NULL, s);
}

void aw_deploy_lambda_alias_uri(const aw_deploy *d, const aw_node *fn, const char *alias, aw_subst *s)
{
    aw_subst_arn(s, "apigateway", false);
    aw_subst_lit(s, "lambda:path/2015-03-31/functions/");
    if (alias)
        aw_deploy_function_alias_arn(d, fn, alias, s);
    else
        aw_deploy_function_arn(d, fn, s);
    aw_subst_lit(s, "/invocations");
}

/* ---- AWS service integrations of HTTP APIs ----------------------------------- */

/* The first-class integrations HTTP APIs offer, with their required
 * parameters (API Gateway developer guide, "Integration subtype reference"). */
static const aw_service_action S_service_actions[] = {
    {"events", "PutEvents", "EventBridge-PutEvents", "Detail DetailType Source", NULL},
    {"sqs", "SendMessage", "SQS-SendMessage", "QueueUrl MessageBody", "QueueUrl"},
    {"sqs", "ReceiveMessage", "SQS-ReceiveMessage", "QueueUrl", "QueueUrl"},
    {"sqs", "DeleteMessage", "SQS-DeleteMessage", "QueueUrl ReceiptHandle", "QueueUrl"},
    {"sqs", "PurgeQueue", "SQS-PurgeQueue", "QueueUrl", "QueueUrl"},
    {"appconfig", "GetConfiguration", "AppConfig-GetConfiguration", "Application Environment Configuration ClientId",
     NULL},
    {"kinesis", "PutRecord", "Kinesis-PutRecord", "StreamName Data PartitionKey", "StreamName"},
    {"states", "StartExecution", "StepFunctions-StartExecution", "StateMachineArn", "StateMachineArn"},
    {"states", "StartSyncExecution", "StepFunctions-StartSyncExecution", "StateMachineArn", "StateMachineArn"},
    {"states", "StopExecution", "StepFunctions-StopExecution", "ExecutionArn", NULL},
};

const aw_service_action *aw_service_action_find(const char *service, const char *action)
{
    if (!service || !action)
        return NULL;
    for (size_t i = 0; i < sizeof S_service_actions / sizeof S_service_actions[0]; i++)
        if (strcasecmp(S_service_actions[i].service, service) == 0 &&
            strcasecmp(S_service_actions[i].action, action) == 0)
            return &S_service_actions[i];
    return NULL;
}

/* ---- identity sources -------------------------------------------------------- */

void aw_deploy_rest_identity_source(const char *source, aw_strbuf *s)
{
    static const struct { const char *http, *rest; } map[] = {
        {"$request.header.", "method.request.header."},
        {"$request.querystring.", "method.request.querystring."},
        {"$stageVariables.", "stageVariables."},
        {"$context.", "context."},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i].http);
        if (strncmp(source, map[i].http, n) == 0) {
            aw_strbuf_puts(s, map[i].rest);
            aw_strbuf_puts(s, source + n);
            return;
        }
    }
    aw_strbuf_puts(s, source);
}

void aw_deploy_rest_identity_sources(const aw_strings *sources, aw_strbuf *s)
{
    for (size_t i = 0; i < sources->count; i++) {
        if (i)
            aw_strbuf_puts(s, ", ");
        aw_deploy_rest_identity_source(sources->items[i], s);
    }
}

/* ---- invoking functions with a role ----------------------------------------------- */

static const char *S_invoke_role(const aw_node *node, aw_invoke_with *with, bool *lambda)
{
    if (node->kind == AW_KIND_INTEGRATION) {
        *with = node->as.integration.invoke_with;
        *lambda = node->as.integration.type == AW_INTEG_LAMBDA;
        return node->as.integration.role;
    }
    *with = node->as.authorizer.invoke_with;
    *lambda = node->as.authorizer.type == AW_AUTH_LAMBDA;
    return node->as.authorizer.role;
}

bool aw_deploy_invokes_with_role(const aw_node *node, bool *created)
{
    aw_invoke_with with;
    bool lambda;
    const char *role = S_invoke_role(node, &with, &lambda);
    *created = lambda && with == AW_INVOKE_ROLE && !role;
    return lambda && (with == AW_INVOKE_ROLE || role);
}

void aw_deploy_invoke_credentials(const aw_deploy *d, const aw_node *node, aw_subst *s)
{
    aw_invoke_with with;
    bool lambda;
    const char *role = S_invoke_role(node, &with, &lambda);
    if (role)
        aw_subst_text(d, node, s, role);
    else
        aw_subst_ref_of(s, aw_logical_id(&d->ids, node), "InvokeRole.Arn");
}

/* ---- data stores ------------------------------------------------------------------ */

void aw_deploy_store_arn(const aw_node *store, aw_subst *s)
{
    const aw_datastore *ds = &store->as.datastore;
    const aw_store_access *k = aw_store_access_find(ds->engine);
    if (ds->arn || !k) {
        aw_subst_lit(s, ds->arn ? ds->arn : "");
        return;
    }
    if (k->global) {
        aw_subst_lit(s, "arn:");
        aw_subst_ref(s, "AWS::Partition");
        aw_subst_lit(s, ":");
        aw_subst_lit(s, k->service);
        aw_subst_lit(s, ":::");
    } else {
        aw_subst_arn(s, k->service, true);
    }
    aw_subst_lit(s, k->resource);
    aw_subst_lit(s, aw_deploy_store_name(store));
}

const char *aw_deploy_store_name(const aw_node *store)
{
    return store->as.datastore.resource_name ? store->as.datastore.resource_name : store->id;
}

void aw_deploy_queue_url(const aw_node *queue, aw_subst *s)
{
    aw_subst_lit(s, "https://sqs.");
    aw_subst_ref(s, "AWS::Region");
    aw_subst_lit(s, ".");
    aw_subst_ref(s, "AWS::URLSuffix");
    aw_subst_lit(s, "/");
    aw_subst_ref(s, "AWS::AccountId");
    aw_subst_lit(s, "/");
    aw_subst_lit(s, aw_deploy_store_name(queue));
}
