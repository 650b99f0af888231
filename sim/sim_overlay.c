/* Reads a simulation result (docs/simulation-format.md, "Results") back for
 * the simulation overlay of a picture: each hop and route it names is matched
 * to the diagram element it was built from, and its figures are gathered per
 * element. A result of another diagram is refused, at the line of the first
 * id this diagram does not have. */
#include "sim_overlay.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/diag_format.h"
#include "../compiler/readers.h"
#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"

#define S_RESULT_VERSION 1
#define S_MAX_BYTES (64u << 20)     /* a day's run with its per-second series is a few MiB */
#define S_MAX_LINES 12              /* tooltip lines per element; the rest are counted */

#define ERROR(ov, loc, ...) aw_diag_add(&(ov)->diags, AW_SEV_ERROR, "bad-simulation", loc, __VA_ARGS__)

/* Which part of a hop id names the element. */
typedef enum part { S_ALL, S_BEFORE_SLASH, S_AFTER_SLASH } part;

/* How the simulator names its hops (sim/model_build.c, model_routes.c):
 * a prefix, the diagram element it stands for and what it is of it. Hops
 * of the account as a whole are drawn on no element. */
typedef struct hop_name {
    const char *prefix;
    aw_kind kind;
    part part;
    const char *what;
} hop_name;

static const hop_name S_hop_names[] = {
    {"fn:", AW_KIND_FUNCTION, S_ALL, "Lambda concurrency"},
    {"db:", AW_KIND_DATASTORE, S_ALL, "data store"},
    {"lb:", AW_KIND_LOAD_BALANCER, S_ALL, "targets"},
    {"http:", AW_KIND_HTTP_BACKEND, S_ALL, "backend"},
    {"auth:", AW_KIND_AUTHORIZER, S_ALL, "authorizer"},
    {"mock:", AW_KIND_INTEGRATION, S_ALL, "mock answer"},
    {"svc:", AW_KIND_INTEGRATION, S_ALL, "service call"},
    {"cache:", AW_KIND_STAGE, S_ALL, "stage cache"},
    /* a route's own time to live in a stage's cache: route/stage */
    {"routecache:", AW_KIND_ROUTE, S_BEFORE_SLASH, "route cache"},
    {"route:", AW_KIND_ROUTE, S_ALL, "route throttle"},
    /* the stage's throttle, which AWS applies to each route apart */
    {"stage:", AW_KIND_ROUTE, S_AFTER_SLASH, "stage throttle"},
    {"plan:", AW_KIND_USAGE_PLAN, S_BEFORE_SLASH, "usage plan throttle"},
    {"quota:", AW_KIND_USAGE_PLAN, S_BEFORE_SLASH, "quota"},
    {"account:", AW_KIND_COUNT, S_ALL, "account"},
    {"lambda:", AW_KIND_COUNT, S_ALL, "shared Lambda concurrency"},
    {"account", AW_KIND_COUNT, S_ALL, "account throttle"},
};

/* What the run said of one element, gathered from its hops and routes. */
typedef struct gather {
    double utilisation, served_rps;
    bool measured, route_served, bottleneck;
    aw_strbuf lines;
    size_t line_count;
} gather;

typedef struct reader {
    aw_sim_overlay *ov;
    const aw_model *model;
    gather *per;                /* per node index */
    double duration_s;
    const char *bottleneck;     /* hop id, or NULL */
    aw_strbuf unplaced;         /* account-wide hops, for the summary */
    size_t missing;             /* ids of elements the diagram does not have */
    aw_loc first_missing;
    const char *first_id, *first_name;
    aw_kind first_kind;
    bool bottleneck_seen;       /* the bottleneck is one of the hops */
    const aw_loc *bottleneck_loc;
} reader;

/* ---- values ------------------------------------------------------------------ */

static const aw_doc *S_member(reader *r, const aw_doc *obj, const char *key, aw_doc_kind kind, const char *what,
                              bool required)
{
    const aw_doc_member *m = aw_doc_member_find(obj, key);
    if (!m) {
        if (required)
            ERROR(r->ov, &obj->loc, "%s has no \"%s\"", what, key);
        return NULL;
    }
    if (m->value->kind != kind) {
        ERROR(r->ov, &m->value->loc, "\"%s\" of %s must be %s, found %s", key, what, aw_doc_kind_name(kind),
              aw_doc_kind_name(m->value->kind));
        return NULL;
    }
    return m->value;
}

/* A count or figure of an object; 0 when absent. */
static double S_num(reader *r, const aw_doc *obj, const char *key, const char *what)
{
    const aw_doc *v = S_member(r, obj, key, AW_DOC_NUMBER, what, false);
    return v ? v->as.number.value : 0.0;
}

static const char *S_string(reader *r, const aw_doc *v)
{
    return aw_arena_strndup(&r->ov->arena, v->as.string.chars, v->as.string.len);
}

static void S_rate(aw_strbuf *out, double rps)
{
    aw_strbuf_printf(out, rps >= 100 ? "%.0f req/s" : "%.1f req/s", rps);
}

/* ---- elements ------------------------------------------------------------------ */

/* The element named by the `len` bytes at id, of the kind expected; an
 * error at loc otherwise. */
static const aw_node *S_element(reader *r, const char *id, size_t len, aw_kind kind, const char *whole,
                                const aw_loc *loc)
{
    char *name = aw_arena_strndup(&r->ov->arena, id, len);
    const aw_node *n = aw_model_find(r->model, name);
    if (n && n->kind == kind)
        return n;
    /* A result of another diagram misses every id: the first one says so. */
    if (!r->missing++) {
        r->first_missing = *loc;
        r->first_id = whole, r->first_name = name, r->first_kind = kind;
    }
    return NULL;
}

/* The route node of a simulator route id ("get-cart", or "get-cart@prod"
 * on an API with several stages). */
static const aw_node *S_route_node(reader *r, const char *id, const char *whole, const aw_loc *loc)
{
    const char *at = strchr(id, '@');
    if (at && !S_element(r, at + 1, strlen(at + 1), AW_KIND_STAGE, whole, loc))
        return NULL;
    return S_element(r, id, strcspn(id, "@"), AW_KIND_ROUTE, whole, loc);
}

static const hop_name *S_hop_name(const char *id)
{
    for (size_t i = 0; i < sizeof S_hop_names / sizeof *S_hop_names; i++) {
        size_t n = strlen(S_hop_names[i].prefix);
        if (strncmp(id, S_hop_names[i].prefix, n) == 0 && (S_hop_names[i].prefix[n - 1] == ':' || !id[n]))
            return &S_hop_names[i];
    }
    return NULL;
}

/* The element a hop id stands for; NULL for the account's hops (and after
 * an error, which says so). */
static const aw_node *S_hop_element(reader *r, const char *id, const hop_name *hn, const aw_loc *loc)
{
    if (hn->kind == AW_KIND_COUNT)
        return NULL;
    const char *rest = id + strlen(hn->prefix);
    const char *slash = strchr(rest, '/');
    if (hn->part != S_ALL && !slash) {
        ERROR(r->ov, loc, "hop '%s' should be %sELEMENT/NAME", id, hn->prefix);
        return NULL;
    }
    if (hn->part == S_BEFORE_SLASH)
        return S_element(r, rest, (size_t)(slash - rest), hn->kind, id, loc);
    if (hn->part == S_AFTER_SLASH)
        return S_route_node(r, slash + 1, id, loc);
    return hn->kind == AW_KIND_ROUTE ? S_route_node(r, rest, id, loc)
                                     : S_element(r, rest, strlen(rest), hn->kind, id, loc);
}

static gather *S_line(reader *r, const aw_node *n)
{
    gather *g = &r->per[n->index];
    if (g->line_count++ < S_MAX_LINES && g->lines.len)
        aw_strbuf_putc(&g->lines, '\n');
    return g->line_count <= S_MAX_LINES ? g : NULL;
}

/* ---- routes and hops ----------------------------------------------------------- */

/* The 5xx answers of a status object, and its 429s. */
static void S_statuses(reader *r, const aw_doc *status, double *throttled, double *failed)
{
    *throttled = *failed = 0;
    for (size_t i = 0; status && i < status->as.object.count; i++) {
        const aw_doc_member *m = &status->as.object.members[i];
        if (m->value->kind != AW_DOC_NUMBER) {
            ERROR(r->ov, &m->value->loc, "a status count must be a number, found %s", aw_doc_kind_name(m->value->kind));
            continue;
        }
        if (strcmp(m->key, "429") == 0)
            *throttled += m->value->as.number.value;
        else if (m->key[0] == '5')
            *failed += m->value->as.number.value;
    }
}

static void S_route(reader *r, const aw_doc *item)
{
    const char *what = "a route of the result";
    const aw_doc *id = S_member(r, item, "id", AW_DOC_STRING, what, true);
    const aw_node *n = id ? S_route_node(r, S_string(r, id), S_string(r, id), &id->loc) : NULL;
    if (!n)
        return;
    double offered = S_num(r, item, "offered", what), served = S_num(r, item, "served", what), throttled, failed;
    S_statuses(r, S_member(r, item, "status", AW_DOC_OBJECT, what, false), &throttled, &failed);
    const aw_doc *lat = S_member(r, item, "latencyMs", AW_DOC_OBJECT, what, false);
    gather *g = &r->per[n->index];
    g->served_rps = (g->route_served ? g->served_rps : 0.0) + served / r->duration_s;
    g->route_served = g->measured = true;
    if (!(g = S_line(r, n)))
        return;
    const char *at = strchr(S_string(r, id), '@');
    aw_strbuf_puts(&g->lines, at ? "route on " : "route");
    if (at)
        aw_echo_put(&g->lines, at + 1, SIZE_MAX, AW_ECHO_MAX);
    aw_strbuf_printf(&g->lines, ": %.0f offered, %.0f served (", offered, served);
    S_rate(&g->lines, served / r->duration_s);
    aw_strbuf_printf(&g->lines, "), 429: %.0f, 5xx: %.0f", throttled, failed);
    if (lat)
        aw_strbuf_printf(&g->lines, ", p99 %g ms", S_num(r, lat, "p99", "latencyMs"));
}

/* The status a hop's refusals give the client. */
static const char *S_refusal(const char *kind)
{
    static const struct { const char *kind, *status; } table[] = {
        {"bucket", "429"}, {"quota", "429"}, {"lambda", "500"}, {"authorizer", "500"}, {"pool", "502"},
    };
    for (size_t i = 0; kind && i < sizeof table / sizeof *table; i++)
        if (strcmp(table[i].kind, kind) == 0)
            return table[i].status;
    return "refused";
}

static void S_hop_line(reader *r, aw_strbuf *out, const char *id, const hop_name *hn, const aw_doc *item,
                       const char *kind, double u)
{
    const char *what = "a hop of the result";
    aw_strbuf_printf(out, "%s (", hn->what);
    aw_echo_put(out, id, SIZE_MAX, AW_ECHO_MAX);
    aw_strbuf_puts(out, "): ");
    if (!isnan(u))
        aw_strbuf_printf(out, "%.0f%% busy, ", u * 100.0);
    double admitted = S_num(r, item, "admitted", what);
    aw_strbuf_printf(out, "%.0f arrived, %.0f admitted (", S_num(r, item, "arrivals", what), admitted);
    S_rate(out, admitted / r->duration_s);
    aw_strbuf_puts(out, ")");
    double rejected = S_num(r, item, "rejected", what), errors = S_num(r, item, "errors", what);
    if (rejected)
        aw_strbuf_printf(out, ", %.0f refused (%s)", rejected, S_refusal(kind));
    if (errors)
        aw_strbuf_printf(out, ", %.0f failed (502)", errors);
    if (aw_doc_member_find(item, "meanTimeMs"))
        aw_strbuf_printf(out, ", mean %g ms", S_num(r, item, "meanTimeMs", what));
    if (S_num(r, item, "coldStarts", what))
        aw_strbuf_printf(out, ", %.0f cold starts", S_num(r, item, "coldStarts", what));
    const aw_doc *queue = S_member(r, item, "queue", AW_DOC_OBJECT, what, false);
    if (queue && S_num(r, queue, "queued", "queue"))
        aw_strbuf_printf(out, ", %.0f queued (%.0f timed out)", S_num(r, queue, "queued", "queue"),
                         S_num(r, queue, "timedOut", "queue"));
}

static void S_hop(reader *r, const aw_doc *item)
{
    const char *what = "a hop of the result";
    const aw_doc *idv = S_member(r, item, "id", AW_DOC_STRING, what, true);
    if (!idv)
        return;
    const char *id = S_string(r, idv);
    const hop_name *hn = S_hop_name(id);
    if (!hn) {
        ERROR(r->ov, &idv->loc, "hop '%s' is none that the simulator makes (fn:, db:, lb:, http:, auth:, stage:, ...)", id);
        return;
    }
    const aw_doc *kindv = S_member(r, item, "kind", AW_DOC_STRING, what, false);
    const char *kind = kindv ? S_string(r, kindv) : NULL;
    const aw_doc *uv = S_member(r, item, "utilisation", AW_DOC_NUMBER, what, false);
    double u = uv ? uv->as.number.value : NAN;
    if (u < 0 || u > 1000) {
        ERROR(r->ov, &uv->loc, "\"utilisation\" of hop '%s' must be between 0 and 1000 (a share: 1 is 100%%), "
              "found %g", id, u);
        return;
    }
    bool bottleneck = r->bottleneck && strcmp(r->bottleneck, id) == 0;
    r->bottleneck_seen |= bottleneck;
    const aw_node *n = S_hop_element(r, id, hn, &idv->loc);
    if (!n) {
        if (hn->kind == AW_KIND_COUNT && !isnan(u))
            aw_strbuf_printf(&r->unplaced, ", %s %.0f%%", hn->what, u * 100.0);
        return;
    }
    gather *g = &r->per[n->index];
    if (!isnan(u) && (!(g->utilisation >= 0) || u > g->utilisation))
        g->utilisation = u;
    double admitted_rps = S_num(r, item, "admitted", what) / r->duration_s;
    if (!g->route_served && (!g->measured || admitted_rps > g->served_rps))
        g->served_rps = admitted_rps;
    g->measured = true;
    g->bottleneck |= bottleneck;
    if ((g = S_line(r, n)))
        S_hop_line(r, &g->lines, id, hn, item, kind, u);
}

/* ---- the document ------------------------------------------------------------- */

static void S_summary(reader *r, const aw_doc *root)
{
    aw_strbuf s = AW_STRBUF_INIT;
    aw_strbuf_puts(&s, "Simulated: ");
    S_rate(&s, S_num(r, root, "offeredRps", "the result"));
    aw_strbuf_printf(&s, " offered for %g s", r->duration_s);
    const aw_doc *seed = S_member(r, root, "seed", AW_DOC_NUMBER, "the result", false);
    if (seed)
        aw_strbuf_printf(&s, " (seed %.0f)", seed->as.number.value);
    aw_strbuf_puts(&s, "; bottleneck: ");
    aw_echo_put(&s, r->bottleneck ? r->bottleneck : "none", SIZE_MAX, AW_ECHO_MAX);
    if (r->unplaced.len)
        aw_strbuf_puts(&s, r->unplaced.data);
    r->ov->summary = aw_arena_strdup(&r->ov->arena, s.data);
    aw_strbuf_free(&s);
}

/* The version, and a word on the other documents `simulate` writes. */
static bool S_version(reader *r, const aw_doc *root)
{
    static const char *const others[] = {"simulationRuns", "simulationAdvice", "simulationFormat"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (aw_doc_member_find(root, others[i])) {
            ERROR(r->ov, &root->loc, "this is a \"%s\" document; the overlay needs the result of one run "
                  "(archway simulate --format json, without --runs, --slo or --target-rps)", others[i]);
            return false;
        }
    const aw_doc *v = S_member(r, root, "simulationResult", AW_DOC_NUMBER, "a simulation result", true);
    if (v && v->as.number.value != S_RESULT_VERSION)
        ERROR(r->ov, &v->loc, "simulation result version %g; this program reads version %d", v->as.number.value,
              S_RESULT_VERSION);
    return v && v->as.number.value == S_RESULT_VERSION;
}

static void S_read_root(reader *r, const aw_doc *root)
{
    if (root->kind != AW_DOC_OBJECT) {
        ERROR(r->ov, &root->loc, "a simulation result is a JSON object, found %s", aw_doc_kind_name(root->kind));
        return;
    }
    if (!S_version(r, root))
        return;
    const aw_doc *d = S_member(r, root, "durationS", AW_DOC_NUMBER, "a simulation result", true);
    const aw_doc *routes = S_member(r, root, "routes", AW_DOC_ARRAY, "a simulation result", true);
    const aw_doc *hops = S_member(r, root, "hops", AW_DOC_ARRAY, "a simulation result", true);
    if (d && !(d->as.number.value > 0))
        ERROR(r->ov, &d->loc, "\"durationS\" must be above 0");
    const aw_doc_member *b = aw_doc_member_find(root, "bottleneck");
    if (b && b->value->kind == AW_DOC_STRING)
        r->bottleneck = S_string(r, b->value), r->bottleneck_loc = &b->value->loc;
    else if (b && b->value->kind != AW_DOC_NULL)
        ERROR(r->ov, &b->value->loc, "\"bottleneck\" must be a hop id or null, found %s", aw_doc_kind_name(b->value->kind));
    if (r->ov->diags.errors || !d || !routes || !hops)
        return;
    r->duration_s = d->as.number.value;
    for (size_t i = 0; i < routes->as.array.count; i++)
        if (routes->as.array.items[i]->kind == AW_DOC_OBJECT)
            S_route(r, routes->as.array.items[i]);
    for (size_t i = 0; i < hops->as.array.count; i++)
        if (hops->as.array.items[i]->kind == AW_DOC_OBJECT)
            S_hop(r, hops->as.array.items[i]);
    const char *doc = r->missing ? aw_kind_descs[r->first_kind].doc : "";
    if (r->missing == 1)
        ERROR(r->ov, &r->first_missing, "'%s' names %s '%s', which this diagram does not have: is the result "
              "from another diagram?", r->first_id, doc, r->first_name);
    else if (r->missing)
        ERROR(r->ov, &r->first_missing, "'%s' names %s '%s', which this diagram does not have, nor %zu more the "
              "result names: it is the result of another diagram", r->first_id, doc, r->first_name, r->missing - 1);
    else if (r->bottleneck && !r->bottleneck_seen)
        ERROR(r->ov, r->bottleneck_loc, "the bottleneck '%s' is none of the result's hops", r->bottleneck);
    S_summary(r, root);
}

/* The gathered figures as loads, in model order. */
static void S_loads(reader *r)
{
    const aw_model *m = r->model;
    r->ov->loads = aw_arena_alloc(&r->ov->arena, (m->node_count ? m->node_count : 1) * sizeof *r->ov->loads);
    for (size_t i = 0; i < m->node_count; i++) {
        gather *g = &r->per[i];
        if (!g->measured)
            continue;
        if (g->line_count > S_MAX_LINES)
            aw_strbuf_printf(&g->lines, "\n... and %zu more", g->line_count - S_MAX_LINES);
        r->ov->loads[r->ov->load_count++] = (aw_render_load){
            .element = m->nodes[i]->id,
            .utilisation = g->utilisation >= 0 ? g->utilisation : NAN,
            .served_rps = g->served_rps,
            .bottleneck = g->bottleneck,
            .figures = aw_arena_strdup(&r->ov->arena, g->lines.data ? g->lines.data : ""),
        };
    }
}

bool aw_sim_overlay_load_text(aw_sim_overlay *ov, const aw_model *model, const char *file, const char *text,
                              size_t len)
{
    memset(ov, 0, sizeof *ov);
    aw_arena_init(&ov->arena);
    aw_diags_init(&ov->diags, &ov->arena);
    file = aw_arena_strdup(&ov->arena, file);
    text = aw_arena_strndup(&ov->arena, text, len);
    aw_diags_add_source(&ov->diags, file, text, len);
    reader r = {.ov = ov, .model = model};
    r.per = aw_arena_alloc(&ov->arena, (model->node_count ? model->node_count : 1) * sizeof *r.per);
    for (size_t i = 0; i < model->node_count; i++)
        r.per[i].utilisation = -1;
    aw_doc *root = aw_json_read(&ov->arena, &ov->diags, file, text, len);
    if (root)
        S_read_root(&r, root);
    if (!ov->diags.errors)
        S_loads(&r);
    for (size_t i = 0; i < model->node_count; i++)
        aw_strbuf_free(&r.per[i].lines);
    aw_strbuf_free(&r.unplaced);
    aw_diags_sort(&ov->diags);
    return ov->diags.errors == 0;
}

bool aw_sim_overlay_load_file(aw_sim_overlay *ov, const aw_model *model, const char *path)
{
    FILE *in = fopen(path, "rb");
    aw_strbuf buf = AW_STRBUF_INIT;
    char chunk[8192];
    size_t got;
    while (in && buf.len <= S_MAX_BYTES && (got = fread(chunk, 1, sizeof chunk, in)) > 0)
        aw_strbuf_put(&buf, chunk, got);
    int failed = !in ? errno : ferror(in) ? (errno ? errno : EIO) : 0;
    if (in)
        fclose(in);
    const char *why = failed ? strerror(failed) : buf.len > S_MAX_BYTES ? "larger than 64 MiB" : NULL;
    bool ok = why ? aw_sim_overlay_load_text(ov, model, path, "", 0)
                  : aw_sim_overlay_load_text(ov, model, path, buf.data ? buf.data : "", buf.len);
    aw_strbuf_free(&buf);
    if (why) {
        aw_loc loc = {path, NULL, 0, AW_NO_COLUMN};
        aw_diags_free(&ov->diags);
        aw_diags_init(&ov->diags, &ov->arena);
        aw_diag_add(&ov->diags, AW_SEV_ERROR, "unreadable", &loc, "cannot read the simulation result: %s", why);
        return false;
    }
    return ok;
}

void aw_sim_overlay_free(aw_sim_overlay *ov)
{
    aw_diags_free(&ov->diags);
    aw_arena_free(&ov->arena);
}
