/* Splits a template beyond CloudFormation's per-stack limits into nested
 * stacks: child templates of whole resources, and a root template of
 * AWS::CloudFormation::Stack resources that passes each child its values. */
#include "cfn.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one child may hold: CloudFormation's limits, with room in the body
 * for the parameters and outputs the split adds. */
#define S_CHILD_BODY_BYTES AW_CFN_CHILD_BYTES
/* The outputs a child may give one value each: fewer than it could, for
 * the bundles it also gives (below), at most one per 4 KB of the bundled
 * values of its 500 resources. */
#define S_CHILD_EXPORTS (AW_CFN_MAX_OUTPUTS * 3 / 4)

/* Bundles. A function's ARN and an alias's (its Ref) are what most values
 * crossing children are: an API's body and its Lambda permissions name
 * every function its routes call; the ids of path Resources too, for a
 * REST API written as resources and spread over children. Passed one by one, each takes a
 * parameter of the child that uses it (at most 200) and a line of the root
 * (at most 1 MiB), which an estate of some 12,000 routes outgrows. So a
 * child gives such values as comma-separated lists, one output per list
 * (Fn::Join), which the root passes whole and a child takes as a
 * CommaDelimitedList parameter, picking its item with Fn::Select: AWS's
 * own advice for more values than parameters. A list holds at most a
 * parameter value's 4,096 bytes, counting each value at its longest: an
 * ARN has no comma. The value of a resource under a condition is
 * {"Fn::If": [its condition, value, "-"]}, so that the others keep their
 * places; what takes it exists under the same condition. */
#define S_BUNDLE_BYTES 4096
/* "arn:" partition (at most 16) ":lambda:" region (at most 20) ":"
 * account ":function:" name (at most 64); an alias's adds ":" and its
 * name (at most 128). */
#define S_FUNCTION_ARN_MAX (4 + 16 + 8 + 20 + 1 + 12 + 10 + 64)
#define S_ALIAS_ARN_MAX (S_FUNCTION_ARN_MAX + 1 + 128)
/* A REST API's Resource id, its Ref, is some ten letters and digits. */
#define S_PATH_ID_MAX 32

/* ---- references in a resource's text -------------------------------------- */

/* The writer spells references in a few fixed forms ({"Ref": "X"},
 * {"Fn::GetAtt": ["X", "A"]}, ${X} and ${X.A} in Fn::Sub strings, and a
 * DependsOn list after the Type), and never inside a string, where every
 * quote is escaped: the split reads them from the text without a parser. */
typedef enum { S_REF, S_GETATT, S_SUB, S_DEPENDS } S_ref_kind;

typedef struct S_ref {
    S_ref_kind kind;
    size_t start, end;          /* the text the reference takes */
    const char *name, *attr;    /* attr NULL for Ref, ${X} and DependsOn */
    size_t name_len, attr_len;
    bool resolved;              /* target found once, when the resource was read */
    const struct S_res *target; /* the resource it names; NULL for a parameter */
} S_ref;

typedef void S_visit(void *ctx, const S_ref *r);

static bool S_at(const char *t, size_t len, size_t i, const char *lit, size_t n)
{
    return i + n <= len && memcmp(t + i, lit, n) == 0;
}

#define S_AT(t, len, i, lit) S_at((t), (len), (i), (lit), sizeof(lit) - 1)

/* The quoted name at t[i] (just after its opening quote); its end. */
static size_t S_name_end(const char *t, size_t len, size_t i)
{
    while (i < len && t[i] != '"')
        i++;
    return i;
}

/* ${...} placeholders of the Fn::Sub string that starts at t[i]; returns
 * where the string ends. */
static size_t S_scan_sub(const char *t, size_t len, size_t i, S_visit *visit, void *ctx)
{
    for (; i < len && t[i] != '"'; i++) {
        if (t[i] == '\\') {
            i++;
            continue;
        }
        if (t[i] != '$' || i + 2 >= len || t[i + 1] != '{' || t[i + 2] == '!')
            continue;
        size_t start = i, name = i + 2, end = name;
        while (end < len && t[end] != '}' && t[end] != '"')
            end++;
        if (end >= len || t[end] != '}')
            break;
        const char *dot = memchr(t + name, '.', end - name);
        S_ref r = {S_SUB, start, end + 1, t + name, NULL, (dot ? (size_t)(dot - t) : end) - name, 0, false, NULL};
        if (dot && !memchr(t + name, ':', end - name)) {
            r.attr = dot + 1;
            r.attr_len = (size_t)(t + end - r.attr);
        }
        visit(ctx, &r);
        i = end;
    }
    return i;
}

/* The DependsOn member at the head of a resource (the writer puts it after
 * the Type line): from the comma that precedes it (*start) through its
 * closing bracket (*end); *items is where its items begin. */
static bool S_depends_block(const char *t, size_t len, size_t *start, size_t *items, size_t *end)
{
    static const char key[] = "\"DependsOn\": [";
    size_t nl = 0;
    for (int line = 0; line < 3; line++) {
        const char *next = memchr(t + nl, '\n', len - nl);
        if (!next)
            return false;
        size_t comma = (size_t)(next - t), i = comma + 1;
        nl = i;
        while (i < len && t[i] == ' ')
            i++;
        if (!S_at(t, len, i, key, sizeof key - 1))
            continue;
        const char *close = memchr(t + i, ']', len - i);
        if (!close || comma == 0 || t[comma - 1] != ',')
            return false;
        *start = comma - 1;
        *items = i + sizeof key - 1;
        *end = (size_t)(close - t) + 1;
        return true;
    }
    return false;
}

/* One reference per item of the DependsOn list, each taking the item. */
static void S_scan_depends(const char *t, size_t len, S_visit *visit, void *ctx)
{
    size_t start, items, end;
    if (!S_depends_block(t, len, &start, &items, &end))
        return;
    for (size_t i = items; i < end; i++) {
        if (t[i] != '"')
            continue;
        size_t name_end = S_name_end(t, len, i + 1);
        S_ref r = {S_DEPENDS, i, name_end + 1, t + i + 1, NULL, name_end - i - 1, 0, false, NULL};
        visit(ctx, &r);
        i = name_end;
    }
}

/* Every reference in a resource's (or an output's) text, in order. */
static void S_scan_values(const char *t, size_t len, S_visit *visit, void *ctx)
{
    for (const char *p = memchr(t, '{', len); p; p = memchr(p + 1, '{', len - (size_t)(p + 1 - t))) {
        size_t i = (size_t)(p - t);
        /* most braces open an object of the template's own: one look at
         * the key's first letter passes them by */
        if (i + 2 >= len || t[i + 1] != '"' || (t[i + 2] != 'R' && t[i + 2] != 'F'))
            continue;
        if (S_AT(t, len, i, "{\"Ref\": \"")) {
            size_t name = i + 9, end = S_name_end(t, len, name);
            S_ref r = {S_REF, i, end + 2, t + name, NULL, end - name, 0, false, NULL};
            visit(ctx, &r);
        } else if (S_AT(t, len, i, "{\"Fn::GetAtt\": [\"")) {
            size_t name = i + 17, end = S_name_end(t, len, name);
            size_t attr = end + 4, attr_end = S_name_end(t, len, attr);
            S_ref r = {S_GETATT, i, attr_end + 3, t + name, t + attr, end - name, attr_end - attr, false, NULL};
            visit(ctx, &r);
        } else if (S_AT(t, len, i, "{\"Fn::Sub\": \"")) {
            size_t end = S_scan_sub(t, len, i + 13, visit, ctx);
            p = t + (end < len ? end : len - 1);
        }
    }
}

static void S_scan(const char *t, size_t len, S_visit *visit, void *ctx)
{
    S_scan_depends(t, len, visit, ctx);
    S_scan_values(t, len, visit, ctx);
}

/* ---- the resources and their graph ------------------------------------------ */

typedef struct S_res {
    const aw_cfn_span *span;
    struct S_bundle *bundle;    /* the list that carries its value to other children, once one takes it */
    size_t slot;                /* its place in that list */
    unsigned short bundle_max;  /* its bundled value's longest spelling; 0: never bundled */
    bool bundle_is_ref;         /* that value is its Ref (an alias, a path), else its Arn (a function) */
    bool path;                  /* a REST API's path Resource (AWS::ApiGateway::Resource) */
    bool api_root;              /* an API's RestApi or Api resource */
    const char *text;           /* the resource's value */
    size_t len;
    size_t rank[2];             /* the API it serves, the first route that uses it */
    size_t part;                /* SIZE_MAX until placed */
    size_t waiting;             /* resources it needs, not yet placed */
    size_t users_left;          /* references to it from resources not yet placed */
    size_t exports;             /* distinct values others take from it (at most) */
    const S_ref *refs;          /* its references, resolved, in the order of its text */
    size_t ref_count, ref_first;
    const char *condition;      /* its Condition, for a resource that gives outputs (S_read_conditions) */
    size_t condition_len;
    bool condition_read;
} S_res;

/* An edge of the graph: `to` needs `from`. */
typedef struct S_edge {
    size_t from, to;
    bool value;                 /* a Ref or GetAtt, not only DependsOn */
    const char *attr;           /* NULL for a Ref */
    size_t attr_len;
} S_edge;

/* A value a child takes as a parameter: a parameter of the template, or a
 * resource's Ref or attribute that another child gives as an output. */
typedef struct S_import {
    const char *name;           /* the parameter's (and output's) name */
    const S_res *res;           /* NULL for a parameter of the template or a bundle */
    const char *attr;           /* NULL for a Ref */
    const struct S_bundle *bundle;  /* a list of values of another child, or NULL */
} S_import;

typedef struct S_list {
    void *items;
    size_t count, cap;
} S_list;

static void *S_push(S_list *l, size_t size)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = realloc(l->items, l->cap * size);
        if (!l->items)
            abort();
    }
    return (char *)l->items + size * l->count++;
}

/* An output of the template that a child gives, the root having too many. */
typedef struct S_moved {
    const char *name, *text;    /* its name; its value, as the template holds it */
    size_t len;
} S_moved;

/* Values of one child's resources that others take, given as one list. */
typedef struct S_bundle {
    const char *name;           /* its output, and the parameter of a child that takes it (S_name_parts) */
    size_t part, index;         /* its child; its place among that child's bundles */
    S_list members;             /* const S_res *, by slot */
    size_t bytes;               /* each member's longest value and a comma */
} S_bundle;

/* One child stack. */
typedef struct S_part {
    const char *id;             /* its stack resource in the root (S_name_parts) */
    size_t first, count;        /* its resources: order[first, first + count) */
    size_t bytes, exports;      /* its resources' text; outputs it may need */
    aw_strset imported;         /* the names in imports (the values only mark them) */
    S_list imports;             /* S_import */
    S_list outputs;             /* const S_import * */
    S_list after;               /* size_t: children it waits for by DependsOn alone */
    S_list bundles;             /* S_bundle *: the lists of values it gives, in the order made */
    S_list moved;               /* S_moved: outputs of the template it gives in the root's stead */
    aw_strbuf conditions;       /* its Conditions section's value, made before the writing threads */
} S_part;

typedef struct S_split {
    aw_cfn *c;
    S_res *res;
    size_t n;
    S_edge *edges;
    size_t edge_count;
    size_t *needs_at, *needs;   /* by `to`: the edges' `from` (CSR) */
    size_t *users_at, *users;   /* by `from`: the edges' `to` (CSR) */
    S_list refs[2];             /* S_ref: the references the resources hold (S_res.refs) */
    size_t *order;              /* resources in the order they are placed */
    struct S_part *parts;
    size_t part_count, part_cap;
    aw_strset exported;         /* output name -> S_import, over all children */
    bool *spread;               /* by node index: an API written as resources too big to keep whole */
    bool *multi;                /* by node index: an API whose resources need more than one child */
    size_t *core_count, *core_bytes;    /* by node index: its core's resources and their text (S_hold_core) */
    size_t *root_of;            /* by node index: an API's RestApi or Api resource; SIZE_MAX for none */
    aw_arena arena;
    const aw_node *too_big;     /* the REST API in resource form reported as too big for a child */
} S_split;

static S_res *S_find(const S_split *s, const char *name, size_t len)
{
    char key[512];
    if (len >= sizeof key)
        return NULL;
    memcpy(key, name, len);
    key[len] = '\0';
    uintptr_t span = (uintptr_t)aw_strset_find(&s->c->logical_ids, key);
    return span ? &s->res[span - 1] : NULL;
}

/* The resource a reference names, NULL for a parameter. */
static const S_res *S_target(const S_split *s, const S_ref *r)
{
    return r->resolved ? r->target : S_find(s, r->name, r->name_len);
}

/* Calls visit for every reference of resource i that was read, in order;
 * DependsOn items too unless values_only. */
static void S_each_ref(const S_split *s, size_t i, bool values_only, S_visit *visit, void *ctx)
{
    const S_res *r = &s->res[i];
    for (size_t k = 0; k < r->ref_count; k++)
        if (!values_only || r->refs[k].kind != S_DEPENDS)
            visit(ctx, &r->refs[k]);
}

/* The reading of resources [from, to): their references, resolved, and
 * the edges of the graph they make, in the order of the text. */
typedef struct S_scan_task {
    S_split *s;
    size_t from, to, current;
    S_list *refs;               /* S_ref */
    S_list edges;               /* S_edge */
} S_scan_task;

static void S_collect_edge(void *ctx, const S_ref *r)
{
    S_scan_task *t = ctx;
    S_res *to = S_find(t->s, r->name, r->name_len);
    S_ref *kept = S_push(t->refs, sizeof *kept);
    *kept = *r;
    kept->resolved = true;
    kept->target = to;
    if (!to || (size_t)(to - t->s->res) == t->current)
        return;
    *(S_edge *)S_push(&t->edges, sizeof(S_edge)) =
        (S_edge){(size_t)(to - t->s->res), t->current, r->kind != S_DEPENDS, r->attr, r->attr_len};
}

/* Counting sort of the edges by one end into at/list. */
static void S_csr(const S_split *s, bool by_to, size_t **at, size_t **list)
{
    *at = calloc(s->n + 1, sizeof **at);
    *list = malloc((s->edge_count ? s->edge_count : 1) * sizeof **list);
    if (!*at || !*list)
        abort();
    for (size_t e = 0; e < s->edge_count; e++)
        (*at)[(by_to ? s->edges[e].to : s->edges[e].from) + 1]++;
    for (size_t i = 0; i < s->n; i++)
        (*at)[i + 1] += (*at)[i];
    size_t *fill = malloc((s->n + 1) * sizeof *fill);
    if (!fill)
        abort();
    memcpy(fill, *at, (s->n + 1) * sizeof *fill);
    for (size_t e = 0; e < s->edge_count; e++)
        (*list)[fill[by_to ? s->edges[e].to : s->edges[e].from]++] = e;
    free(fill);
}

/* Whether an API written as resources stays whole in one child from its
 * RestApi on: one with a JWT authorizer (cfn_rest_form.c, which writes
 * every REST API whose body would not fit a child as resources too), as
 * long as all it holds fits one; a bigger one is spread over children as
 * any other API (S_mark_spread). */
static bool S_kept_whole(const S_split *s, const aw_node *api)
{
    return aw_deploy_rest_resource_form(&s->c->d, api) && !(s->spread && s->spread[api->index]);
}

/* Where each node goes: with the API it serves and near the first route
 * that uses it, so that a child holds whole route ranges and imports
 * little. */
static void S_ranks(const S_split *s, size_t (*ranks)[2])
{
    const aw_model *m = s->c->d.model;
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        const aw_node *api = n->kind == AW_KIND_API ? n : n->owner_api;
        ranks[i][0] = api ? api->index : SIZE_MAX;
        ranks[i][1] = n->kind == AW_KIND_API ? 0 : n->kind == AW_KIND_STAGE ? SIZE_MAX : SIZE_MAX - 1;
    }
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *api = m->nodes[i];
        if (api->kind != AW_KIND_API)
            continue;
        /* A REST API written as resources stays whole from its RestApi on
         * (S_whole_api): what its routes use comes first, free to fill
         * children before it. */
        bool whole = S_kept_whole(s, api);
        ranks[api->index][1] = whole;
        const aw_api_parts *parts = aw_deploy_api_parts(&s->c->d, api);
        /* An API's stages go with it, as soon as it is placed (S_hold_core):
         * in the child that holds it, not wherever its routes end. */
        for (size_t k = 0; k < parts->stage_count && !whole; k++)
            ranks[parts->stages[k]->index][1] = 0;
        for (size_t k = 0; k < parts->route_count; k++) {
            const aw_node *route = parts->routes[k], *integ = route->as.route.integration.node;
            const aw_node *auth = aw_deploy_route_authorizer(route);
            const aw_node *used[] = {
                route,
                integ,
                integ && integ->as.integration.type == AW_INTEG_LAMBDA ? integ->as.integration.function.node : NULL,
                auth,
                auth && auth->as.authorizer.type == AW_AUTH_LAMBDA ? auth->as.authorizer.function.node : NULL,
            };
            for (size_t u = 0; u < sizeof used / sizeof used[0]; u++) {
                if (!used[u] || ranks[used[u]->index][1] != SIZE_MAX - 1)
                    continue;
                ranks[used[u]->index][0] = api->index;
                bool callee = u == 1 || u == 2 || u == 4;    /* integration, function, authorizer's function */
                ranks[used[u]->index][1] = whole && callee ? 0 : k + 1 + whole;
            }
        }
    }
}

/* ---- placing the resources ----------------------------------------------------- */

static bool S_before(const S_res *a, const S_res *b)
{
    if (a->rank[0] != b->rank[0])
        return a->rank[0] < b->rank[0];
    if (a->rank[1] != b->rank[1])
        return a->rank[1] < b->rank[1];
    return a < b;
}

typedef struct S_heap {
    S_res **items;
    size_t count;
} S_heap;

static void S_heap_push(S_heap *h, S_res *r)
{
    size_t i = h->count++;
    while (i && S_before(r, h->items[(i - 1) / 2])) {
        h->items[i] = h->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->items[i] = r;
}

static S_res *S_heap_pop(S_heap *h)
{
    S_res *top = h->items[0], *last = h->items[--h->count];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->count)
            break;
        if (child + 1 < h->count && S_before(h->items[child + 1], h->items[child]))
            child++;
        if (!S_before(h->items[child], last))
            break;
        h->items[i] = h->items[child];
        i = child;
    }
    if (h->count)
        h->items[i] = last;
    return top;
}

/* The name under which a child takes what reference r names, into buf:
 * the resource's id for its Ref, the id and attribute (dots dropped) for
 * an attribute, the template parameter's own name. False for what needs
 * no parameter: a pseudo parameter, or a resource of the same child. */
static bool S_import_name(const S_split *s, const S_ref *r, size_t part, char *buf, size_t size)
{
    if (r->name_len + r->attr_len + 1 > size)
        return false;
    /* Most references are to a resource of the same child: known before
     * the name is looked at. A resource's logical id has no colon. */
    const S_res *res = S_target(s, r);
    if ((res && res->part == part) || (!res && memchr(r->name, ':', r->name_len)))
        return false;
    size_t n = 0;
    memcpy(buf, r->name, r->name_len);
    n = r->name_len;
    for (size_t i = 0; r->attr && i < r->attr_len; i++)
        if (r->attr[i] != '.')
            buf[n++] = r->attr[i];
    buf[n] = '\0';
    return true;
}

/* Whether res gives a value named so (attr NULL for its Ref) in a bundle. */
static bool S_bundled_value(const S_res *res, const char *attr, size_t attr_len)
{
    if (!res || !res->bundle_max)
        return false;
    return res->bundle_is_ref ? !attr : attr && attr_len == 3 && memcmp(attr, "Arn", 3) == 0;
}

static bool S_bundled(const S_split *s, const S_ref *r)
{
    return r->kind != S_DEPENDS && S_bundled_value(S_target(s, r), r->attr, r->attr_len);
}

static S_bundle *S_last_bundle(const S_part *p)
{
    return p->bundles.count ? ((S_bundle **)p->bundles.items)[p->bundles.count - 1] : NULL;
}

/* The bundle that carries res's value: the one it joined, else the last
 * of its child's while it has room, else a new one. */
static const S_bundle *S_bundle_of(S_split *s, S_res *res)
{
    if (res->bundle)
        return res->bundle;
    S_part *p = &s->parts[res->part];
    size_t need = (size_t)res->bundle_max + 1;
    S_bundle *b = S_last_bundle(p);
    if (!b || b->bytes + need > S_BUNDLE_BYTES) {
        b = aw_arena_alloc(&s->arena, sizeof *b);
        memset(b, 0, sizeof *b);
        b->part = res->part;
        b->index = p->bundles.count;
        b->name = aw_arena_printf(&s->arena, "\x01%zu.%zu", b->part, b->index);    /* named with its child */
        *(S_bundle **)S_push(&p->bundles, sizeof(S_bundle *)) = b;
    }
    res->bundle = b;
    res->slot = b->members.count;
    *(const S_res **)S_push(&b->members, sizeof(const S_res *)) = res;
    b->bytes += need;
    return b;
}

/* The child that gives what an import carries; SIZE_MAX for a parameter
 * of the template. */
static size_t S_import_part(const S_import *im)
{
    return im->bundle ? im->bundle->part : im->res ? im->res->part : SIZE_MAX;
}

/* The bundles of another child as placing one resource would leave them,
 * its bundled values packed as S_bundle_of() packs them. */
typedef struct S_pending {
    size_t part;
    size_t count, bytes;        /* its bundles, and how full the last is */
} S_pending;

/* What placing a resource in the open child would add to it: its imports
 * that the child lacks, each counted once (past the pool's room, counted
 * again, which only closes a child early), with the bundles its values
 * would join in up to 16 other children (past them, each value counted
 * as a bundle of its own, which again only closes a child early). */
typedef struct S_cost {
    S_split *s;
    size_t part;
    size_t new_imports;
    char pool[4096];
    size_t used, offsets[64], count;
    S_pending pending[16];
    size_t pending_count, beyond;
} S_cost;

static bool S_seen(S_cost *k, const char *name)
{
    for (size_t i = 0; i < k->count; i++)
        if (strcmp(k->pool + k->offsets[i], name) == 0)
            return true;
    size_t n = strlen(name) + 1;
    if (k->count < sizeof k->offsets / sizeof k->offsets[0] && k->used + n <= sizeof k->pool) {
        memcpy(k->pool + k->used, name, n);
        k->offsets[k->count++] = k->used;
        k->used += n;
    }
    return false;
}

/* The bundles of child `part` as the values counted so far leave them;
 * NULL past 16 children. */
static S_pending *S_pending_of(S_cost *k, size_t part)
{
    for (size_t i = 0; i < k->pending_count; i++)
        if (k->pending[i].part == part)
            return &k->pending[i];
    if (k->pending_count == sizeof k->pending / sizeof k->pending[0])
        return NULL;
    const S_part *p = &k->s->parts[part];
    const S_bundle *last = S_last_bundle(p);
    k->pending[k->pending_count] = (S_pending){part, p->bundles.count, last ? last->bytes : S_BUNDLE_BYTES};
    return &k->pending[k->pending_count++];
}

/* A bundled value counts as the bundle that would carry it. The resource
 * being placed is the only one not placed yet. */
static void S_count_bundle(S_cost *k, const S_res *res)
{
    if (res->part == k->part || res->part == SIZE_MAX)
        return;
    char virtual[64];
    const char *name = res->bundle ? res->bundle->name : virtual;
    if (!res->bundle) {
        S_pending *pending = S_pending_of(k, res->part);
        size_t need = (size_t)res->bundle_max + 1;
        if (!pending) {
            snprintf(virtual, sizeof virtual, "\x02%zu", k->beyond++);
        } else {
            if (pending->bytes + need > S_BUNDLE_BYTES)
                pending->count++, pending->bytes = 0;
            pending->bytes += need;
            snprintf(virtual, sizeof virtual, "\x01%zu.%zu", res->part, pending->count - 1);
        }
    }
    if (!aw_strset_find(&k->s->parts[k->part].imported, name) && !S_seen(k, name))
        k->new_imports++;
}

static void S_count_import(void *ctx, const S_ref *r)
{
    S_cost *k = ctx;
    char name[600];
    if (r->kind != S_DEPENDS && S_bundled(k->s, r)) {
        S_count_bundle(k, S_target(k->s, r));
        return;
    }
    if (r->kind == S_DEPENDS || !S_import_name(k->s, r, k->part, name, sizeof name))
        return;
    if (!aw_strset_find(&k->s->parts[k->part].imported, name) && !S_seen(k, name))
        k->new_imports++;
}

/* Adds the resource's imports to its child. */
static void S_take_import(void *ctx, const S_ref *r)
{
    S_cost *k = ctx;
    S_part *p = &k->s->parts[k->part];
    char name[600];
    if (r->kind == S_DEPENDS) {
        const S_res *res = S_target(k->s, r);
        if (res && res->part != k->part)
            *(size_t *)S_push(&p->after, sizeof(size_t)) = res->part;
        return;
    }
    if (S_bundled(k->s, r)) {
        const S_res *res = S_target(k->s, r);
        if (res->part == k->part)
            return;
        const S_bundle *b = S_bundle_of(k->s, &k->s->res[res - k->s->res]);
        if (aw_strset_find(&p->imported, b->name))
            return;
        S_import *im = S_push(&p->imports, sizeof *im);
        *im = (S_import){b->name, NULL, NULL, b};
        aw_strset_insert(&p->imported, im->name, im, NULL);
        return;
    }
    if (!S_import_name(k->s, r, k->part, name, sizeof name) || aw_strset_find(&p->imported, name))
        return;
    S_import *im = S_push(&p->imports, sizeof *im);
    im->name = aw_arena_strdup(&k->s->arena, name);
    im->res = S_target(k->s, r);
    im->attr = im->res && r->attr ? aw_arena_strndup(&k->s->arena, r->attr, r->attr_len) : NULL;
    im->bundle = NULL;
    aw_strset_insert(&p->imported, im->name, im, NULL);
}

static S_part *S_open_part(S_split *s, size_t first)
{
    if (s->part_count == s->part_cap) {
        s->part_cap = s->part_cap ? s->part_cap * 2 : 8;
        s->parts = realloc(s->parts, s->part_cap * sizeof *s->parts);
        if (!s->parts)
            abort();
    }
    S_part *p = &s->parts[s->part_count++];
    memset(p, 0, sizeof *p);
    p->first = first;
    aw_strset_init(&p->imported);
    return p;
}

/* The change in the open child's possible outputs if r joins it: r's own,
 * less those of resources in the child that r is the last to use. Takes
 * r's uses as done. */
static long S_exports_delta(S_split *s, S_res *r, size_t part)
{
    size_t i = (size_t)(r - s->res);
    long delta = r->users_left ? (long)r->exports : 0;
    for (size_t e = s->needs_at[i]; e < s->needs_at[i + 1]; e++) {
        const S_edge *edge = &s->edges[s->needs[e]];
        S_res *from = &s->res[edge->from];
        if (edge->value && --from->users_left == 0 && from->part == part)
            delta -= (long)from->exports;
    }
    return delta;
}

static void S_undo_uses(S_split *s, S_res *r)
{
    size_t i = (size_t)(r - s->res);
    for (size_t e = s->needs_at[i]; e < s->needs_at[i + 1]; e++)
        if (s->edges[s->needs[e]].value)
            s->res[s->edges[s->needs[e]].from].users_left++;
}

/* The REST API written as resources (cfn_rest_form.c) whose resources r
 * is ranked with, when its RestApi is in the open child p (what r comes
 * after); else NULL. Such an API stays in one child from its RestApi on
 * (the functions its routes call come before, S_ranks): its deployment
 * depends on every method, and a split would only move that ordering into
 * the root. */
static const aw_node *S_whole_api(const S_split *s, const S_res *r, const S_part *p)
{
    const aw_model *m = s->c->d.model;
    if (r->rank[0] >= m->node_count || !p->count)
        return NULL;
    const aw_node *api = m->nodes[r->rank[0]];
    if (api->kind != AW_KIND_API || !S_kept_whole(s, api))
        return NULL;
    for (size_t i = p->first; i < p->first + p->count; i++)
        if (s->res[s->order[i]].span->node == api && s->res[s->order[i]].rank[1] == 1)
            return api;
    return NULL;
}

static void S_report_too_big(S_split *s, const aw_node *api)
{
    if (s->too_big == api)
        return;
    s->too_big = api;
    aw_deploy_report(&s->c->d, api, NULL, "REST API '%s' is written as template resources (it has a JWT authorizer) "
                     "and stays in one nested stack, whose deployment waits for every method; its methods, "
                     "resources, stages and Lambda permissions need more than one stack holds (%d resources, %d KB of template): "
                     "split its routes into several APIs", api->id, AW_CFN_MAX_RESOURCES, S_CHILD_BODY_BYTES / 1024);
}

/* Whether r is the RestApi of an API written as resources whose
 * resources still to place, r's included, would not fit beside the open
 * child's: the API then starts a child of its own. */
static bool S_whole_api_starts(const S_split *s, const S_res *r, const S_part *p)
{
    const aw_model *m = s->c->d.model;
    const aw_node *api = r->rank[0] < m->node_count ? m->nodes[r->rank[0]] : NULL;
    if (!p->count || !api || r->span->node != api || r->rank[1] != 1 || !S_kept_whole(s, api))
        return false;
    size_t count = 0, bytes = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->res[i].rank[0] == r->rank[0] && s->res[i].part == SIZE_MAX)
            count++, bytes += s->res[i].len;
    return p->count + count > AW_CFN_MAX_RESOURCES || p->bytes + bytes > S_CHILD_BODY_BYTES;
}

/* Puts r in the open child, or in a new one when it would break a limit
 * or when it starts another API's resources. */
static void S_place(S_split *s, S_res *r, size_t placed, bool next_api)
{
    S_part *p = &s->parts[s->part_count - 1];
    size_t api = r->rank[0];
    bool core_starts = r->api_root && api < s->c->d.model->node_count && s->multi[api] &&
                       (p->count + s->core_count[api] > AW_CFN_MAX_RESOURCES ||
                        p->bytes + s->core_bytes[api] > S_CHILD_BODY_BYTES);
    if ((next_api || core_starts || S_whole_api_starts(s, r, p)) && p->count)
        p = S_open_part(s, placed);
    const aw_node *whole = S_whole_api(s, r, p);
    for (int attempt = 0; attempt < 2; attempt++) {
        S_cost k;
        k.s = s, k.part = s->part_count - 1, k.new_imports = 0, k.used = 0, k.count = 0, k.pending_count = 0,
        k.beyond = 0;
        S_each_ref(s, (size_t)(r - s->res), true, S_count_import, &k);
        long exports = (long)p->exports + S_exports_delta(s, r, s->part_count - 1);
        bool fits = p->count + 1 <= AW_CFN_MAX_RESOURCES && p->bytes + r->len <= S_CHILD_BODY_BYTES &&
                    p->imports.count + k.new_imports <= AW_CFN_MAX_PARAMETERS && exports <= S_CHILD_EXPORTS;
        if (fits || !p->count || attempt || whole) {
            if (!fits && whole)
                S_report_too_big(s, whole);
            r->part = s->part_count - 1;
            p->count++;
            p->bytes += r->len;
            p->exports = exports > 0 ? (size_t)exports : 0;
            S_cost take;
            take.s = s, take.part = r->part, take.pending_count = 0;
            S_each_ref(s, (size_t)(r - s->res), false, S_take_import, &take);
            return;
        }
        S_undo_uses(s, r);
        p = S_open_part(s, placed);
    }
}

/* Orders the resources so that each comes after what it needs, grouped by
 * API and route range, and cuts the order into children. */
static void S_partition(S_split *s)
{
    S_heap heap = {malloc((s->n ? s->n : 1) * sizeof *heap.items), 0};
    s->order = malloc((s->n ? s->n : 1) * sizeof *s->order);
    if (!heap.items || !s->order)
        abort();
    for (size_t i = 0; i < s->n; i++) {
        s->res[i].waiting = s->needs_at[i + 1] - s->needs_at[i];
        if (!s->res[i].waiting)
            S_heap_push(&heap, &s->res[i]);
    }
    S_open_part(s, 0);
    size_t placed = 0, api = 0;
    while (heap.count) {
        /* An API starts a child of its own: a REST API's body names every
         * function of its routes, which its child can then take from
         * one child before it at most (an output for each). */
        S_res *r = S_heap_pop(&heap);
        S_place(s, r, placed, placed && r->rank[0] > api);
        api = r->rank[0] > api || !placed ? r->rank[0] : api;
        s->order[placed++] = (size_t)(r - s->res);
        size_t i = (size_t)(r - s->res);
        for (size_t e = s->users_at[i]; e < s->users_at[i + 1]; e++) {
            S_res *user = &s->res[s->edges[s->users[e]].to];
            if (--user->waiting == 0)
                S_heap_push(&heap, user);
        }
    }
    free(heap.items);
}

/* ---- writing the children and the root -------------------------------------------- */

#define S_ROOT SIZE_MAX

static void S_puts_all(aw_strbuf *out, const char *const *texts)
{
    for (; *texts; texts++)
        aw_strbuf_puts(out, *texts);
}

/* The output of r's part that gives what `name` stands for. */
static void S_export(S_split *s, const S_res *res, const char *attr, const char *name)
{
    if (aw_strset_find(&s->exported, name))
        return;
    S_import *out = aw_arena_alloc(&s->arena, sizeof *out);
    *out = (S_import){aw_arena_strdup(&s->arena, name), res, attr, NULL};
    aw_strset_insert(&s->exported, out->name, out, NULL);
    *(const S_import **)S_push(&s->parts[res->part].outputs, sizeof(S_import *)) = out;
}

typedef struct S_rewriter {
    S_split *s;
    const char *t;
    size_t pos, part;
    aw_strbuf *out;
    size_t sub_end;             /* after the closing quote of the Fn::Sub text given variables; 0: none */
    aw_strbuf vars;             /* those variables so far */
} S_rewriter;

static void S_copy(S_rewriter *w, size_t to)
{
    if (to > w->pos)
        aw_strbuf_put(w->out, w->t + w->pos, to - w->pos);
    if (to > w->pos)
        w->pos = to;
}

/* Copies the text up to `to`, closing on the way an Fn::Sub made to take
 * variables: its text, then its variables. */
static void S_flush(S_rewriter *w, size_t to)
{
    if (w->sub_end && to >= w->sub_end) {
        S_copy(w, w->sub_end);
        S_puts_all(w->out, (const char *const[]){", {", w->vars.data, "}]", NULL});
        w->sub_end = 0;
        w->vars.len = 0;
    }
    S_copy(w, to);
}

/* {"Fn::Select": [slot, {"Ref": "bundle"}]}: res's value in the list that
 * its child gives. */
static void S_put_pick(aw_strbuf *out, const S_res *res)
{
    aw_strbuf_puts(out, "{\"Fn::Select\": [");
    aw_strbuf_int(out, (long long)res->slot);
    S_puts_all(out, (const char *const[]){", {\"Ref\": \"", res->bundle->name, "\"}]}", NULL});
}

/* A bundled value in a child: picked from its list. In an Fn::Sub text,
 * which has no such function, it becomes a variable of the Fn::Sub, named
 * as its parameter would be: the text {"Fn::Sub": "..."} is rewritten as
 * {"Fn::Sub": ["...", {variables}]}. The writer spells no Fn::Sub with
 * variables of its own, and the text of one holds no unescaped quote. */
static void S_rewrite_bundled(S_rewriter *w, const S_ref *r, const S_res *res, const char *name)
{
    static const char open[] = "{\"Fn::Sub\": \"";
    if (r->kind != S_SUB) {
        S_flush(w, r->start);
        w->pos = r->end;
        S_put_pick(w->out, res);
        return;
    }
    S_flush(w, r->start);
    if (!w->sub_end) {
        /* the Fn::Sub's opening, found in what is written so far, which may
         * hold other references of its text already rewritten */
        aw_strbuf *o = w->out;
        size_t at = o->len;
        while (at >= sizeof open - 1 && memcmp(o->data + at - (sizeof open - 1), open, sizeof open - 1) != 0)
            at--;
        at--;                   /* the text's opening quote */
        aw_strbuf_putc(o, '[');
        memmove(o->data + at + 1, o->data + at, o->len - 1 - at);
        o->data[at] = '[';
        size_t end = r->end;
        while (w->t[end] != '"')
            end += w->t[end] == '\\' ? 2 : 1;
        w->sub_end = end + 1;
    }
    w->pos = r->end;
    S_puts_all(w->out, (const char *const[]){"${", name, "}", NULL});
    char key[608];
    snprintf(key, sizeof key, "\"%s\": ", name);
    if (w->vars.len && strstr(w->vars.data, key))
        return;
    S_puts_all(&w->vars, (const char *const[]){w->vars.len ? ", " : "", key, NULL});
    S_put_pick(&w->vars, res);
}

/* In a child: an attribute of another child's resource becomes the
 * parameter that carries it (a Ref keeps its name). In the root: a
 * resource's value comes from its child's output. */
static void S_rewrite_ref(void *ctx, const S_ref *r)
{
    S_rewriter *w = ctx;
    const S_res *res = S_target(w->s, r);
    char name[600];
    if (w->part != S_ROOT && res && res->part != w->part && r->start >= w->pos && S_bundled(w->s, r) &&
        S_import_name(w->s, r, w->part, name, sizeof name)) {
        S_rewrite_bundled(w, r, res, name);
        return;
    }
    if (!res || res->part == w->part || r->start < w->pos ||
        (w->part != S_ROOT && !r->attr) || !S_import_name(w->s, r, w->part, name, sizeof name))
        return;
    S_flush(w, r->start);
    w->pos = r->end;
    bool sub = r->kind == S_SUB;
    if (w->part != S_ROOT) {
        S_puts_all(w->out, (const char *const[]){sub ? "${" : "{\"Ref\": \"", name, sub ? "}" : "\"}", NULL});
        return;
    }
    S_export(w->s, res, r->attr ? aw_arena_strndup(&w->s->arena, r->attr, r->attr_len) : NULL, name);
    const char *stack = w->s->parts[res->part].id;
    S_puts_all(w->out, (const char *const[]){sub ? "${" : "{\"Fn::GetAtt\": [\"", stack,
                                             sub ? ".Outputs." : "\", \"Outputs.", name, sub ? "}" : "\"]}", NULL});
}

/* A resource's DependsOn in its child: only what the child holds; the
 * rest is the child stack's own DependsOn in the root. */
static void S_rewrite_depends(S_rewriter *w, size_t len)
{
    size_t start, items, end, kept = 0;
    if (!S_depends_block(w->t, len, &start, &items, &end))
        return;
    S_flush(w, start);
    for (size_t i = items; i < end; i++) {
        if (w->t[i] != '"')
            continue;
        size_t name_end = S_name_end(w->t, len, i + 1);
        const S_res *res = S_find(w->s, w->t + i + 1, name_end - i - 1);
        if (!res || res->part == w->part) {
            aw_strbuf_puts(w->out, kept++ ? ",\n        " : ",\n      \"DependsOn\": [\n        ");
            aw_strbuf_put(w->out, w->t + i, name_end + 1 - i);
        }
        i = name_end;
    }
    if (kept)
        aw_strbuf_puts(w->out, "\n      ]");
    w->pos = end;
}

/* Resource i's text as child `part` holds it, or, with i SIZE_MAX, the
 * root's outputs t. */
static void S_rewrite(S_split *s, size_t i, const char *t, size_t len, size_t part, aw_strbuf *out)
{
    S_rewriter w = {s, t, 0, part, out, 0, AW_STRBUF_INIT};
    if (part != S_ROOT)
        S_rewrite_depends(&w, len);
    if (i == SIZE_MAX)
        S_scan_values(t, len, S_rewrite_ref, &w);
    else
        S_each_ref(s, i, true, S_rewrite_ref, &w);
    S_flush(&w, len);
    aw_strbuf_free(&w.vars);
}

static int S_compare_imports(const void *a, const void *b)
{
    return strcmp(((const S_import *)a)->name, ((const S_import *)b)->name);
}

static int S_compare_import_ptrs(const void *a, const void *b)
{
    return strcmp((*(const S_import *const *)a)->name, (*(const S_import *const *)b)->name);
}

static void S_child_parameters(S_split *s, S_part *p, aw_jw *w)
{
    if (!p->imports.count)
        return;
    qsort(p->imports.items, p->imports.count, sizeof(S_import), S_compare_imports);
    aw_strbuf description = AW_STRBUF_INIT;
    aw_jw_key(w, "Parameters");
    aw_jw_object(w);
    for (size_t i = 0; i < p->imports.count; i++) {
        const S_import *im = (const S_import *)p->imports.items + i;
        aw_jw_key(w, im->name);
        aw_jw_object(w);
        if (im->bundle) {
            aw_jw_member_string(w, "Type", "CommaDelimitedList");
            description.len = 0;
            aw_strbuf_puts(&description, "ARNs of functions and aliases, from part ");
            aw_strbuf_int(&description, (long long)im->bundle->part + 1);
            aw_jw_member_string(w, "Description", description.data);
            aw_jw_end_object(w);
            continue;
        }
        const aw_parameter *given = im->res ? NULL : aw_strset_find(&s->c->params.names, im->name);
        if (given)
            aw_cfn_parameter_members(w, given, false);
        else
            aw_jw_member_string(w, "Type", "String");
        if (im->res) {
            /* "ATTR of ID, from part N", spelled without printf for every parameter */
            description.len = 0;
            S_puts_all(&description, (const char *const[]){im->attr ? im->attr : "Ref", " of ", im->res->span->id,
                                                            ", from part ", NULL});
            aw_strbuf_int(&description, (long long)im->res->part + 1);
            aw_jw_member_string(w, "Description", description.data);
        }
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
    aw_strbuf_free(&description);
}

/* A bundle's output: its values joined by commas, in slot order. */
static void S_bundle_output(const S_bundle *b, aw_jw *w)
{
    aw_jw_key(w, b->name);
    aw_jw_object(w);
    aw_jw_key(w, "Value");
    aw_jw_object_inline(w);
    aw_jw_key(w, "Fn::Join");
    aw_jw_array(w);
    aw_jw_string(w, ",");
    aw_jw_array(w);
    for (size_t i = 0; i < b->members.count; i++) {
        const S_res *res = ((const S_res **)b->members.items)[i];
        if (res->condition) {
            /* "-" holds its place while it does not exist (nor what takes it) */
            aw_jw_object_inline(w);
            aw_jw_key(w, "Fn::If");
            aw_jw_array_inline(w);
            aw_jw_string(w, res->condition);
        }
        if (res->bundle_is_ref)
            aw_cfn_ref(w, res->span->id);
        else
            aw_cfn_getatt(w, res->span->id, "Arn");
        if (res->condition) {
            aw_jw_string(w, "-");
            aw_jw_end_array(w);
            aw_jw_end_object(w);
        }
    }
    aw_jw_end_array(w);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

static void S_child_outputs(S_split *s, size_t k, aw_jw *w)
{
    S_part *p = &s->parts[k];
    if (!p->outputs.count && !p->bundles.count && !p->moved.count)
        return;
    if (p->outputs.count)
        qsort(p->outputs.items, p->outputs.count, sizeof(S_import *), S_compare_import_ptrs);
    aw_jw_key(w, "Outputs");
    aw_jw_object(w);
    for (size_t i = 0; i < p->bundles.count; i++)
        S_bundle_output(((const S_bundle **)p->bundles.items)[i], w);
    for (size_t i = 0; i < p->outputs.count; i++) {
        const S_import *out = ((const S_import **)p->outputs.items)[i];
        aw_jw_key(w, out->name);
        aw_jw_object(w);
        if (out->res->condition)
            aw_jw_member_string(w, "Condition", out->res->condition);
        aw_jw_key(w, "Value");
        if (out->attr)
            aw_cfn_getatt(w, out->res->span->id, out->attr);
        else
            aw_cfn_ref(w, out->res->span->id);
        aw_jw_end_object(w);
    }
    for (size_t i = 0; i < p->moved.count; i++) {
        const S_moved *m = (const S_moved *)p->moved.items + i;
        aw_jw_key(w, m->name);
        aw_jw_raw_value(w, "", 0);      /* the value's place; rewritten into it */
        S_rewrite(s, SIZE_MAX, m->text, m->len, k, w->out);
    }
    aw_jw_end_object(w);
}

/* A parameter a condition of the child reads, as any parameter it takes. */
static void S_condition_param(void *ctx, const char *name)
{
    S_cost *k = ctx;
    S_part *p = &k->s->parts[k->part];
    if (aw_strset_find(&p->imported, name))
        return;
    S_import *im = S_push(&p->imports, sizeof *im);
    *im = (S_import){aw_arena_strdup(&k->s->arena, name), NULL, NULL, NULL};
    aw_strset_insert(&p->imported, im->name, im, NULL);
}

/* The conditions the child's resources use (malloc'd, by index), their
 * parameters taken as the child's. */
static bool *S_child_conditions(S_split *s, size_t k)
{
    const S_part *p = &s->parts[k];
    bool *used = calloc(s->c->d.model->condition_count + 1, sizeof *used);
    if (!used)
        abort();
    for (size_t i = p->first; i < p->first + p->count; i++)
        aw_cfn_conditions_scan(s->c, used, s->res[s->order[i]].text, s->res[s->order[i]].len);
    for (size_t i = 0; i < p->moved.count; i++)
        aw_cfn_conditions_scan(s->c, used, ((const S_moved *)p->moved.items)[i].text,
                               ((const S_moved *)p->moved.items)[i].len);
    S_cost ctx = {.s = s, .part = k};
    aw_cfn_conditions_params(s->c, used, S_condition_param, &ctx);
    return used;
}

static void S_write_child(S_split *s, size_t k, aw_strbuf *out)
{
    S_part *p = &s->parts[k];
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_string(&w, "AWSTemplateFormatVersion", "2010-09-09");
    const char *name = s->c->d.model->name ? s->c->d.model->name : "APIs";
    aw_jw_key(&w, "Description");
    aw_jw_stringf(&w, "%s, part %zu of %zu (a nested stack of template.json)", name, k + 1, s->part_count);
    S_child_parameters(s, p, &w);
    if (p->conditions.len) {
        aw_jw_key(&w, "Conditions");
        aw_jw_raw_value(&w, p->conditions.data, p->conditions.len);
    }
    aw_strbuf_free(&p->conditions);
    aw_jw_key(&w, "Resources");
    aw_jw_object(&w);
    for (size_t i = p->first; i < p->first + p->count; i++) {
        const S_res *r = &s->res[s->order[i]];
        aw_jw_key(&w, r->span->id);
        aw_jw_raw_value(&w, "", 0);     /* the value's place; rewritten into it */
        S_rewrite(s, s->order[i], r->text, r->len, k, out);
    }
    aw_jw_end_object(&w);
    S_child_outputs(s, k, &w);
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}

static int S_compare_sizes(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The children a child waits for by DependsOn alone: those it takes no
 * parameter from (a parameter orders them already). */
static void S_stack_depends(const S_split *s, const S_part *p, aw_jw *w)
{
    size_t *after = p->after.items, n = 0;
    if (!p->after.count)
        return;
    qsort(after, p->after.count, sizeof(size_t), S_compare_sizes);
    for (size_t i = 0; i < p->after.count; i++) {
        bool imported = false;
        for (size_t k = 0; k < p->imports.count && !imported; k++) {
            imported = S_import_part((const S_import *)p->imports.items + k) == after[i];
        }
        if (!imported && (!n || after[n - 1] != after[i]))
            after[n++] = after[i];
    }
    if (!n)
        return;
    aw_jw_key(w, "DependsOn");
    aw_jw_array(w);
    for (size_t i = 0; i < n; i++)
        aw_jw_string(w, s->parts[after[i]].id);
    aw_jw_end_array(w);
}

static void S_write_stack(S_split *s, size_t k, aw_jw *w)
{
    S_part *p = &s->parts[k];
    aw_jw_key(w, p->id);
    aw_jw_object(w);
    aw_jw_member_string(w, "Type", "AWS::CloudFormation::Stack");
    S_stack_depends(s, p, w);
    aw_jw_key(w, "Properties");
    aw_jw_object(w);
    aw_jw_key(w, "TemplateURL");
    aw_jw_stringf(w, "template-part%zu.json", k + 1);
    if (p->imports.count) {
        aw_jw_key(w, "Parameters");
        aw_jw_object(w);
        for (size_t i = 0; i < p->imports.count; i++) {
            const S_import *im = (const S_import *)p->imports.items + i;
            aw_jw_key(w, im->name);
            if (im->bundle) {
                aw_strbuf output = AW_STRBUF_INIT;
                S_puts_all(&output, (const char *const[]){"Outputs.", im->bundle->name, NULL});
                aw_cfn_getatt(w, s->parts[im->bundle->part].id, output.data);
                aw_strbuf_free(&output);
                continue;
            }
            if (!im->res) {
                aw_cfn_parameter_value(w, aw_strset_find(&s->c->params.names, im->name));
                continue;
            }
            const char *from = s->parts[im->res->part].id;
            static const char prefix[] = "Outputs.";
            char output[700];
            size_t n = strnlen(im->name, sizeof output - sizeof prefix);
            memcpy(output, prefix, sizeof prefix - 1);
            memcpy(output + sizeof prefix - 1, im->name, n);
            output[sizeof prefix - 1 + n] = '\0';
            const char *cond = im->res->condition;
            if (!cond) {
                aw_cfn_getatt(w, from, output);
                continue;
            }
            /* The value while the resource exists (its child's output too). */
            aw_jw_object_inline(w);
            aw_jw_key(w, "Fn::If");
            aw_jw_array_inline(w);
            aw_jw_string(w, cond);
            aw_cfn_getatt(w, from, output);
            aw_jw_string(w, "");    /* read by none: its users share the condition */
            aw_jw_end_array(w);
            aw_jw_end_object(w);
        }
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* ---- the split ----------------------------------------------------------------------- */

/* What others take from each resource: how many references to it are
 * still to be placed, and how many distinct values (Ref, attributes) they
 * take, at most. */
static bool S_same_attr(const S_edge *a, const S_edge *b)
{
    return a->attr_len == b->attr_len && (!a->attr_len || memcmp(a->attr, b->attr, a->attr_len) == 0);
}

static void S_weigh(S_split *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const S_edge *seen[8];
        size_t distinct = 0;
        for (size_t e = s->users_at[i]; e < s->users_at[i + 1]; e++) {
            const S_edge *edge = &s->edges[s->users[e]];
            if (!edge->value)
                continue;
            s->res[i].users_left++;
            if (S_bundled_value(&s->res[i], edge->attr, edge->attr_len))
                continue;       /* given in a bundle, not an output of its own */
            bool known = false;
            for (size_t k = 0; k < distinct && k < 8 && !known; k++)
                known = S_same_attr(seen[k], edge);
            if (!known && distinct < 8)
                seen[distinct] = edge;
            distinct += !known;
        }
        s->res[i].exports = distinct;
    }
}

/* ---- work in two halves ------------------------------------------------------------- */

/* Where n items cut their total size in two: the sizes are the size_t at
 * sizes, then every `stride` bytes. */
static size_t S_halfway(const size_t *sizes, size_t stride, size_t n)
{
    size_t total = 0, half = 0, mid = 0;
    for (size_t i = 0; i < n; i++)
        total += *(const size_t *)((const char *)sizes + i * stride);
    while (mid < n && half < total / 2)
        half += *(const size_t *)((const char *)sizes + mid++ * stride);
    return mid;
}

/* fn(first) on this thread and fn(second) on another at the same time;
 * both here when no thread starts. Each writes only what it is given. */
static void S_run_pair(void *(*fn)(void *), void *first, void *second)
{
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, fn, second) == 0;
    fn(first);
    if (threaded)
        pthread_join(thread, NULL);
    else
        fn(second);
}

static void *S_scan_range(void *arg)
{
    S_scan_task *t = arg;
    for (t->current = t->from; t->current < t->to; t->current++) {
        S_res *r = &t->s->res[t->current];
        r->ref_first = t->refs->count;
        S_scan(r->text, r->len, S_collect_edge, t);
        r->ref_count = t->refs->count - r->ref_first;
    }
    return NULL;
}

/* Reads every resource's references and the graph's edges: the later half
 * of the text on a second thread (the other core is idle by now), the
 * edges then joined in the order of the resources, as one pass finds them. */
static void S_scan_all(S_split *s)
{
    size_t mid = S_halfway(&s->res[0].len, sizeof *s->res, s->n);
    S_scan_task first = {s, 0, mid, 0, &s->refs[0], {0}}, second = {s, mid, s->n, 0, &s->refs[1], {0}};
    S_run_pair(S_scan_range, &first, &second);
    for (size_t i = 0; i < s->n; i++)
        if (s->res[i].ref_count)
            s->res[i].refs = (const S_ref *)s->refs[i >= mid].items + s->res[i].ref_first;
    s->edge_count = first.edges.count + second.edges.count;
    s->edges = realloc(first.edges.items, (s->edge_count ? s->edge_count : 1) * sizeof *s->edges);
    if (!s->edges)
        abort();
    if (second.edges.count)
        memcpy(s->edges + first.edges.count, second.edges.items, second.edges.count * sizeof *s->edges);
    free(second.edges.items);
}

/* A path Resource of a REST API written as resources and spread over
 * children goes with the first route that uses it, as the route's own
 * resources do, rather than with the API at its head: a child then holds
 * the paths of its own methods. A parent goes with its first child path;
 * as many passes as paths are deep. Users that belong to the API itself
 * (a CORS preflight's Method) do not count: they follow their path. (An
 * API kept in one child keeps its order.) */
static void S_rank_paths(S_split *s)
{
    bool any = false;
    for (size_t i = 0; i < s->n; i++) {
        S_res *r = &s->res[i];
        const aw_node *api = r->span->node;
        if (r->path && api && api->kind == AW_KIND_API && !S_kept_whole(s, api)) {
            r->rank[1] = SIZE_MAX - 2;
            any = true;
        }
    }
    for (bool changed = any; changed;) {
        changed = false;
        for (size_t e = 0; e < s->edge_count; e++) {
            S_res *path = &s->res[s->edges[e].from];
            const S_res *user = &s->res[s->edges[e].to];
            if (path->path && path->rank[1] != SIZE_MAX && user->rank[0] == path->rank[0] &&
                (user->path || user->span->node != path->span->node) && user->rank[1] < path->rank[1]) {
                path->rank[1] = user->rank[1];
                changed = true;
            }
        }
    }
}

/* Whether r gives a value others take in a bundle: a function's ARN, an
 * alias's, a REST path Resource's id (with its condition, read here);
 * whether it is such a Resource, or an API's RestApi or Api. */
static void S_read_kind(S_split *s, S_res *r)
{
    static const char type[] = "\"Type\": \"AWS::";
    const char *at = memchr(r->text, '"', r->len);
    size_t left = at ? r->len - (size_t)(at - r->text) : 0, cond_len;
    if (left < sizeof type - 1 + 32 || memcmp(at, type, sizeof type - 1) != 0)
        return;
    at += sizeof type - 1;
    r->api_root = memcmp(at, "ApiGateway::RestApi\"", 20) == 0 || memcmp(at, "ApiGatewayV2::Api\"", 18) == 0;
    bool function = memcmp(at, "Lambda::Function\"", 17) == 0, alias = memcmp(at, "Lambda::Alias\"", 14) == 0;
    r->path = memcmp(at, "ApiGateway::Resource\"", 21) == 0;
    if (!function && !alias && !r->path)
        return;
    r->bundle_max = function ? S_FUNCTION_ARN_MAX : alias ? S_ALIAS_ARN_MAX : S_PATH_ID_MAX;
    r->bundle_is_ref = !function;
    const char *cond = aw_cfn_resource_condition(r->text, r->len, &cond_len);
    r->condition = cond ? aw_arena_strndup(&s->arena, cond, cond_len) : NULL;
    r->condition_len = cond ? cond_len : 0;
    r->condition_read = true;
}

/* By node index (malloc'd): the APIs whose resources, those ranked from
 * `from` on, are more than one child holds. */
static bool *S_apis_past_a_child(const S_split *s, size_t from)
{
    const aw_model *m = s->c->d.model;
    size_t *count = calloc(m->node_count + 1, sizeof *count), *bytes = calloc(m->node_count + 1, sizeof *bytes);
    bool *past = calloc(m->node_count + 1, sizeof *past);
    if (!count || !bytes || !past)
        abort();
    for (size_t i = 0; i < s->n; i++) {
        const S_res *r = &s->res[i];
        if (r->rank[0] < m->node_count && r->rank[1] >= from)
            count[r->rank[0]]++, bytes[r->rank[0]] += r->len;
    }
    for (size_t i = 0; i < m->node_count; i++)
        past[i] = count[i] > AW_CFN_MAX_RESOURCES || bytes[i] > S_CHILD_BODY_BYTES;
    free(count);
    free(bytes);
    return past;
}

/* An API that needs more than one child keeps its core together, in the
 * child named after it (S_name_parts): its RestApi or Api, and whatever
 * belongs to the API or to one of its stages (deployments, stages, their
 * log groups, its domain). These wait for the API here, as an edge of the
 * graph that orders the placing without a DependsOn in the text; ranked
 * with it, they follow it at once, and the API starts a child when its
 * core would not fit beside what the open one holds (S_place). Adding
 * routes then moves the API's functions between its other children,
 * never the resources that CloudFormation would have to make again (a new
 * API id, a stage or a domain name that already exists). An API that fits
 * one child is left as it is. Marks s->multi, s->root_of and the cores'
 * sizes. */
static void S_hold_core(S_split *s)
{
    const aw_model *m = s->c->d.model;
    bool *past = S_apis_past_a_child(s, 0);
    s->multi = calloc(m->node_count + 1, sizeof *s->multi);
    s->root_of = malloc((m->node_count + 1) * sizeof *s->root_of);
    s->core_count = calloc(m->node_count + 1, sizeof *s->core_count);
    s->core_bytes = calloc(m->node_count + 1, sizeof *s->core_bytes);
    if (!s->multi || !s->root_of || !s->core_count || !s->core_bytes)
        abort();
    for (size_t i = 0; i <= m->node_count; i++)
        s->root_of[i] = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        const S_res *r = &s->res[i];
        if (r->api_root && r->rank[0] < m->node_count && r->span->node && r->span->node->index == r->rank[0] &&
            s->root_of[r->rank[0]] == SIZE_MAX)
            s->root_of[r->rank[0]] = i;
    }
    S_list held = {0};
    for (size_t i = 0; i < s->n; i++) {
        const S_res *r = &s->res[i];
        size_t api = r->rank[0];
        if (api >= m->node_count || !past[api] || s->root_of[api] == SIZE_MAX || r->api_root ||
            S_kept_whole(s, m->nodes[api]))
            continue;
        s->multi[api] = true;
        const aw_node *node = r->span->node;
        bool core = node && (node->index == api || (node->kind == AW_KIND_STAGE && node->owner_api &&
                                                    node->owner_api->index == api));
        if (core && !r->path) {
            *(S_edge *)S_push(&held, sizeof(S_edge)) = (S_edge){s->root_of[api], i, false, NULL, 0};
            s->core_count[api]++, s->core_bytes[api] += r->len;
        }
    }
    for (size_t api = 0; api < m->node_count; api++)
        if (s->multi[api])
            s->core_count[api]++, s->core_bytes[api] += s->res[s->root_of[api]].len;
    if (held.count) {
        s->edges = realloc(s->edges, (s->edge_count + held.count) * sizeof *s->edges);
        if (!s->edges)
            abort();
        memcpy(s->edges + s->edge_count, held.items, held.count * sizeof *s->edges);
        s->edge_count += held.count;
    }
    free(held.items);
    free(past);
}

static void S_apply_ranks(S_split *s, size_t (*ranks)[2])
{
    for (size_t i = 0; i < s->n; i++) {
        const aw_node *node = s->res[i].span->node;
        s->res[i].rank[0] = node ? ranks[node->index][0] : SIZE_MAX;
        s->res[i].rank[1] = node ? ranks[node->index][1] : SIZE_MAX;
    }
}

/* Marks the APIs kept whole whose resources, from the RestApi on, are
 * more than one child holds; true if any. */
static bool S_mark_spread(S_split *s)
{
    const aw_model *m = s->c->d.model;
    bool *past = S_apis_past_a_child(s, 1), any = false;
    for (size_t i = 0; i < m->node_count; i++)
        any |= past[i] && S_kept_whole(s, m->nodes[i]);
    if (any)
        for (size_t i = 0; i < m->node_count; i++)
            past[i] = past[i] && S_kept_whole(s, m->nodes[i]);
    s->spread = any ? past : NULL;
    if (!any)
        free(past);
    return any;
}

/* The resources as the template holds them, and the graph of what each
 * needs. */
static void S_read(S_split *s, const aw_strbuf *out)
{
    aw_cfn *c = s->c;
    s->n = c->span_count;
    s->res = calloc(s->n ? s->n : 1, sizeof *s->res);
    size_t (*ranks)[2] = malloc((c->d.model->node_count + 1) * sizeof *ranks);
    if (!s->res || !ranks)
        abort();
    S_ranks(s, ranks);
    for (size_t i = 0; i < s->n; i++) {
        S_res *r = &s->res[i];
        size_t start = c->spans[i].start, end = i + 1 < s->n ? c->spans[i + 1].start : c->resources_end;
        const char *value = memchr(out->data + start, '{', end - start);
        r->span = &c->spans[i];
        r->text = value;
        r->len = (size_t)(out->data + end - value);
        while (r->len && (r->text[r->len - 1] == '\n' || r->text[r->len - 1] == ' '))
            r->len--;
        r->part = SIZE_MAX;
        S_read_kind(s, r);
    }
    S_apply_ranks(s, ranks);
    if (S_mark_spread(s)) {
        S_ranks(s, ranks);
        S_apply_ranks(s, ranks);
    }
    free(ranks);
    S_scan_all(s);
    S_hold_core(s);
    S_csr(s, true, &s->needs_at, &s->needs);
    S_csr(s, false, &s->users_at, &s->users);
    S_rank_paths(s);
    S_weigh(s);
}

static void S_free(S_split *s)
{
    for (size_t k = 0; k < s->part_count; k++) {
        aw_strset_free(&s->parts[k].imported);
        free(s->parts[k].imports.items);
        free(s->parts[k].outputs.items);
        free(s->parts[k].after.items);
        for (size_t b = 0; b < s->parts[k].bundles.count; b++)
            free(((S_bundle **)s->parts[k].bundles.items)[b]->members.items);
        free(s->parts[k].bundles.items);
        free(s->parts[k].moved.items);
    }
    free(s->parts);
    free(s->spread);
    free(s->multi);
    free(s->core_count);
    free(s->core_bytes);
    free(s->root_of);
    free(s->res);
    free(s->edges);
    free(s->needs_at);
    free(s->needs);
    free(s->users_at);
    free(s->users);
    free(s->order);
    free(s->refs[0].items);
    free(s->refs[1].items);
    aw_strset_free(&s->exported);
    aw_arena_free(&s->arena);
}

static void S_add_file(aw_emit_files *files, const char *name, aw_strbuf *text)
{
    aw_emit_file *grown = realloc(files->items, (files->count + 1) * sizeof *grown);
    char *copy = malloc(strlen(name) + 1);
    if (!grown || !copy)
        abort();
    strcpy(copy, name);
    files->items = grown;
    files->items[files->count++] = (aw_emit_file){copy, *text};
    *text = (aw_strbuf)AW_STRBUF_INIT;
}

/* The conditions the root uses: its outputs', and those under which it
 * passes a value from one child to another. Malloc'd, by index. */
static bool *S_root_conditions(S_split *s, const aw_strbuf *outputs)
{
    bool *used = calloc(s->c->d.model->condition_count + 1, sizeof *used);
    if (!used)
        abort();
    aw_cfn_conditions_scan(s->c, used, outputs->data, outputs->len);
    for (size_t k = 0; k < s->part_count; k++)
        for (size_t i = 0; i < s->parts[k].imports.count; i++) {
            const S_import *im = (const S_import *)s->parts[k].imports.items + i;
            if (im->res && im->res->condition)
                aw_cfn_conditions_mark(s->c, used, im->res->condition, im->res->condition_len);
        }
    return used;
}

/* The Condition of every resource a child gives outputs of, read once
 * here, on one thread, for its outputs, the root's values passed on and
 * the root's conditions. */
static void S_read_conditions(S_split *s)
{
    for (size_t k = 0; k < s->part_count; k++)
        for (size_t i = 0; i < s->parts[k].outputs.count; i++) {
            S_res *r = &s->res[((const S_import **)s->parts[k].outputs.items)[i]->res - s->res];
            const char *cond = r->condition_read ? NULL : aw_cfn_resource_condition(r->text, r->len, &r->condition_len);
            r->condition_read = true;
            if (cond)
                r->condition = aw_arena_strndup(&s->arena, cond, r->condition_len);
        }
}

/* The children [from, to) of a split, each into its own text. */
typedef struct S_children_task {
    S_split *s;
    aw_strbuf *texts;
    size_t from, to;
} S_children_task;

static void *S_write_children_range(void *arg)
{
    S_children_task *t = arg;
    for (size_t k = t->from; k < t->to; k++) {
        /* About what the child takes: its resources, a few lines per parameter and output. */
        const S_part *p = &t->s->parts[k];
        aw_strbuf_reserve(&t->texts[k], p->bytes + 256 * (p->imports.count + p->outputs.count) + 4096);
        S_write_child(t->s, k, &t->texts[k]);
    }
    return NULL;
}

/* Every child's text (malloc'd, one per child). Placed, the children are
 * independent: the later half by size is written on a second thread, since
 * the caller's other thread has finished its documents by now, each into
 * its own text, so the bytes never depend on timing. What they report is
 * reported afterwards, in order. */
static aw_strbuf *S_write_children(S_split *s)
{
    aw_strbuf *texts = calloc(s->part_count ? s->part_count : 1, sizeof *texts);
    if (!texts)
        abort();
    /* A child's conditions add the parameters they read to its imports and
     * may report: done here, in order, on one thread. */
    for (size_t k = 0; k < s->part_count; k++) {
        bool *used = S_child_conditions(s, k);
        aw_cfn_conditions_value(s->c, used, &s->parts[k].conditions);
        free(used);
    }
    size_t mid = S_halfway(&s->parts[0].bytes, sizeof *s->parts, s->part_count);
    S_children_task first = {s, texts, 0, mid}, second = {s, texts, mid, s->part_count};
    S_run_pair(S_write_children_range, &first, &second);
    return texts;
}

static void S_write_root(S_split *s, const aw_strbuf *outputs, aw_strbuf *out)
{
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_cfn_head(s->c, &w);
    aw_jw_key(&w, "Resources");
    aw_jw_object(&w);
    for (size_t k = 0; k < s->part_count; k++)
        S_write_stack(s, k, &w);
    aw_jw_end_object(&w);
    aw_cfn_parameters(s->c, &w);
    bool *conditions = S_root_conditions(s, outputs);
    aw_cfn_conditions_member(s->c, conditions, &w);
    free(conditions);
    aw_cfn_design_meta_template(s->c, &w);
    if (outputs->len) {
        aw_jw_key(&w, "Outputs");
        aw_jw_raw_value(&w, outputs->data, outputs->len);
    }
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}

/* Whether every resource fits a child alone; one that does not (an API's
 * OpenAPI body of very many routes) is reported on its element, as no
 * split can deploy it. */
static bool S_each_fits(const S_split *s)
{
    bool ok = true;
    for (size_t i = 0; i < s->n; i++) {
        const S_res *r = &s->res[i];
        if (r->len <= S_CHILD_BODY_BYTES)
            continue;
        const aw_node *node = r->span->node;
        aw_deploy_report(&s->c->d, node, NULL, "resource %s%s%s%s is %zu bytes of template, and a nested stack "
                         "holds at most %d besides what the split adds (CloudFormation reads 1 MiB); draw its "
                         "routes in more than one API", r->span->id, node ? " (of '" : "", node ? node->id : "",
                         node ? "')" : "", r->len, S_CHILD_BODY_BYTES);
        ok = false;
    }
    return ok;
}

/* The child's name with its "Stack" left off and `tail` after it. */
static const char *S_part_word(S_split *s, const S_part *p, const char *tail, size_t n)
{
    return aw_arena_printf(&s->arena, "%.*s%s%zu", (int)(strlen(p->id) - 5), p->id, tail, n);
}

/* Names each child after what it holds, so that a change to one API
 * renames no child of another, and none of its resources changes stack:
 * the child of an API's RestApi or Api is <Api>Stack (S_hold_core keeps
 * the API's stages there too), the API's other children <Api>Part<n>Stack
 * in order, children of what belongs to no API SharedPart<n>Stack. A
 * bundle is named after its child, <Api>Arns<n>, and so is what takes it. */
static void S_name_parts(S_split *s)
{
    const aw_model *m = s->c->d.model;
    size_t *ordinal = calloc(m->node_count + 1, sizeof *ordinal);
    if (!ordinal)
        abort();
    aw_strset taken;
    aw_strset_init(&taken);
    for (size_t k = 0; k < s->part_count; k++) {
        S_part *p = &s->parts[k];
        const aw_node *root = NULL;
        for (size_t i = p->first; i < p->first + p->count && !root; i++) {
            const S_res *r = &s->res[s->order[i]];
            if (r->api_root && r->span->node && r->span->node->kind == AW_KIND_API)
                root = r->span->node;
        }
        size_t owner_index = root ? root->index : s->res[s->order[p->first]].rank[0];
        const aw_node *owner = owner_index < m->node_count ? m->nodes[owner_index] : NULL;
        const char *stem = owner ? aw_logical_id(&s->c->d.ids, owner) : "Shared";
        char *id = root ? aw_arena_printf(&s->arena, "%sStack", stem) : NULL;
        while (!id || aw_strset_find(&taken, id) || aw_strset_find(&s->c->params.names, id))
            id = aw_arena_printf(&s->arena, "%sPart%zuStack", stem, ++ordinal[owner ? owner->index : m->node_count]);
        aw_strset_insert(&taken, id, id, NULL);
        p->id = id;
        for (size_t b = 0; b < p->bundles.count; b++) {
            S_bundle *bundle = ((S_bundle **)p->bundles.items)[b];
            bundle->name = S_part_word(s, p, "Arns", bundle->index + 1);
        }
    }
    for (size_t k = 0; k < s->part_count; k++)
        for (size_t i = 0; i < s->parts[k].imports.count; i++) {
            S_import *im = (S_import *)s->parts[k].imports.items + i;
            if (im->bundle)
                im->name = im->bundle->name;
        }
    aw_strset_free(&taken);
    free(ordinal);
}

/* The first resource a text names. */
typedef struct S_first {
    const S_split *s;
    const S_res *res;
} S_first;

static void S_first_target(void *ctx, const S_ref *r)
{
    S_first *first = ctx;
    if (!first->res)
        first->res = S_find(first->s, r->name, r->name_len);
}

/* More outputs than the root may give (200; an estate of many APIs has an
 * invoke URL for each of their stages): each becomes an output of the
 * child that holds the first resource it names (its API), else of the
 * child that holds its element's first resource, which takes what else it
 * names as any resource of it would. True if they moved. */
static bool S_move_outputs(S_split *s, const aw_strbuf *outputs)
{
    aw_cfn *c = s->c;
    const aw_model *m = c->d.model;
    if (c->output_count <= AW_CFN_MAX_OUTPUTS || !c->output_span_count)
        return false;
    size_t *node_part = malloc((m->node_count + 1) * sizeof *node_part);
    if (!node_part)
        abort();
    for (size_t i = 0; i <= m->node_count; i++)
        node_part[i] = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        const aw_node *node = s->res[i].span->node;
        if (node && node_part[node->index] == SIZE_MAX)
            node_part[node->index] = s->res[i].part;
    }
    const char *close = outputs->data + outputs->len;
    while (close > outputs->data && close[-1] != '}')
        close--;
    for (size_t k = 0; k < c->output_span_count; k++) {
        const aw_cfn_span *span = &c->output_spans[k];
        const char *end = k + 1 < c->output_span_count ? outputs->data + c->output_spans[k + 1].start : close - 1;
        const char *value = memchr(outputs->data + span->start, '{', (size_t)(end - outputs->data) - span->start);
        size_t len = (size_t)(end - value);
        while (len && (value[len - 1] == '\n' || value[len - 1] == ' ' || value[len - 1] == ','))
            len--;
        S_first first = {s, NULL};
        S_scan_values(value, len, S_first_target, &first);
        size_t part = first.res ? first.res->part : span->node ? node_part[span->node->index] : SIZE_MAX;
        if (part == SIZE_MAX)
            part = 0;
        *(S_moved *)S_push(&s->parts[part].moved, sizeof(S_moved)) = (S_moved){span->id, value, len};
        S_cost take;
        take.s = s, take.part = part, take.pending_count = 0;
        S_scan_values(value, len, S_take_import, &take);
    }
    free(node_part);
    return true;
}

bool aw_cfn_split(aw_cfn *c, aw_strbuf *out, const aw_strbuf *outputs, aw_emit_files *children)
{
    S_split s;
    memset(&s, 0, sizeof s);
    s.c = c;
    aw_strset_init(&s.exported);
    aw_arena_init(&s.arena);
    S_read(&s, out);
    if (!S_each_fits(&s)) {
        S_free(&s);
        return false;
    }
    S_partition(&s);
    size_t placed = 0;
    for (size_t k = 0; k < s.part_count; k++)
        placed += s.parts[k].count;
    if (placed < s.n) {
        aw_deploy_report(&c->d, NULL, NULL, "the template's resources refer to each other in a circle, so they "
                                            "cannot be split into nested stacks");
        S_free(&s);
        return false;
    }
    S_name_parts(&s);
    bool moved = S_move_outputs(&s, outputs);
    for (size_t k = 0; k < s.part_count; k++)
        for (size_t i = 0; i < s.parts[k].imports.count; i++) {
            const S_import *im = (const S_import *)s.parts[k].imports.items + i;
            if (im->res)
                S_export(&s, im->res, im->attr, im->name);
        }
    aw_strbuf root_outputs = AW_STRBUF_INIT, root = AW_STRBUF_INIT;
    if (outputs->len && !moved)
        S_rewrite(&s, SIZE_MAX, outputs->data, outputs->len, S_ROOT, &root_outputs);
    S_read_conditions(&s);
    aw_strbuf *texts = S_write_children(&s);
    for (size_t k = 0; k < s.part_count; k++) {
        char name[64];
        snprintf(name, sizeof name, "template-part%zu.json", k + 1);
        aw_cfn_check_limits(c, name, s.parts[k].count, s.parts[k].imports.count,
                            s.parts[k].outputs.count + s.parts[k].bundles.count + s.parts[k].moved.count,
                            texts[k].len);
        S_add_file(children, name, &texts[k]);
    }
    free(texts);
    S_write_root(&s, &root_outputs, &root);
    aw_cfn_check_limits(c, "template.json", s.part_count, c->params.count, moved ? 0 : c->output_count, root.len);
    aw_strbuf_free(&root_outputs);
    aw_strbuf_free(out);
    *out = root;
    S_free(&s);
    return true;
}
