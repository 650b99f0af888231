/* A revision's artifacts, from one table of kinds: each row names the files
 * it makes and the library call that makes them (the same calls `archway
 * build`, `ir`, `cost`, `render` and `layout` make). A new output format is
 * one row here. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/artifacts.h"
#include "../emitters/emitters.h"
#include "../emitters/render.h"
#include "../sim/cost_estimate.h"
#include "checking.h"
#include "http.h"

/* Makes a kind's files into out, or says in why (for a 422) and returns false. */
typedef bool (*S_maker)(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size);

typedef struct artifact_kind {
    const char *kind;
    const char *prefix;         /* its files' names begin so ... */
    const char *suffix;         /* ... and end so */
    S_maker make;
    const char *type;           /* Content-Type; NULL: application/json */
} artifact_kind;

static void S_add(aw_artifacts *out, const char *name, aw_strbuf *text)
{
    out->items = realloc(out->items, (out->count + 1) * sizeof *out->items);
    if (!out->items)
        abort();
    size_t len = text->len;
    char *data = aw_strbuf_detach(text, &len);
    out->items[out->count++] = (aw_artifact){.name = strdup(name), .data = data ? data : strdup(""), .len = len};
}

static bool S_make_deployment(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    (void)srv;
    if (aw_artifacts_build(&k->c, out))
        return true;
    snprintf(why, why_size, "the diagram does not deploy as drawn");
    return false;
}

static bool S_make_ir(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    (void)srv, (void)why, (void)why_size;
    aw_strbuf text = AW_STRBUF_INIT;
    aw_emit_json(k->c.model, &text, false);
    S_add(out, "diagram.ir.json", &text);
    return true;
}

static bool S_make_cost(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    aw_cost_request req;
    aw_cost_request_init(&req);
    aw_cost_estimate e;
    if (!srv->prices_ok || !aw_cost_estimate_run(k->c.model, "diagram", &srv->prices, &req, &e, why, why_size)) {
        if (!srv->prices_ok)
            snprintf(why, why_size, "the built-in price list could not be read");
        else
            aw_cost_estimate_free(&e);
        return false;
    }
    aw_strbuf text = AW_STRBUF_INIT;
    aw_cost_write_json(&e, &text);
    S_add(out, "cost.json", &text);
    aw_cost_estimate_free(&e);
    return true;
}

/* A picture as `archway render` draws it by default. A diagram past the
 * render's object limit is refused before any layout starts, so the
 * request answers at once instead of holding a thread. */
static bool S_make_picture(aw_checked *k, aw_render_format format, const char *name, aw_artifacts *out, char *why,
                           size_t why_size)
{
    aw_render_options ro = {0};
    aw_strbuf text = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    bool ok = aw_render(k->c.model, &ro, format, &text, &err) == AW_RENDER_OK;
    if (ok)
        S_add(out, name, &text);
    else
        snprintf(why, why_size, "the diagram cannot be drawn: %s", err.data ? err.data : "");
    aw_strbuf_free(&text);
    aw_strbuf_free(&err);
    return ok;
}

static bool S_make_dot(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    (void)srv;
    return S_make_picture(k, AW_RENDER_DOT, "diagram.dot", out, why, why_size);
}

static bool S_make_svg(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    (void)srv;
    return S_make_picture(k, AW_RENDER_SVG, "diagram.svg", out, why, why_size);
}

/* Canvas positions as `archway layout` writes them. */
static bool S_make_layout(aw_server *srv, aw_checked *k, aw_artifacts *out, char *why, size_t why_size)
{
    (void)srv;
    aw_layout layout;
    aw_strbuf err = AW_STRBUF_INIT;
    bool ok = aw_layout_compute(k->c.model, &layout, &err) == AW_RENDER_OK;
    if (ok) {
        aw_strbuf text = AW_STRBUF_INIT;
        aw_layout_write_json(&layout, &text);
        S_add(out, "layout.json", &text);
        aw_layout_free(&layout);
    } else {
        snprintf(why, why_size, "the diagram cannot be laid out: %s", err.data ? err.data : "");
    }
    aw_strbuf_free(&err);
    return ok;
}

static const artifact_kind S_kinds[] = {
    {"openapi", "", ".openapi.json", S_make_deployment, NULL},
    {"cloudformation", "", "template.json", S_make_deployment, NULL},
    /* a diagram past one stack's limits: the root's children (cfn_split.c) */
    {"cloudformation-nested", "template-part", ".json", S_make_deployment, NULL},
    {"simulation-input", "", "simulation.json", S_make_deployment, NULL},
    {"ir", "", "diagram.ir.json", S_make_ir, NULL},
    {"cost", "", "cost.json", S_make_cost, NULL},
    {"dot", "", "diagram.dot", S_make_dot, "text/vnd.graphviz; charset=utf-8"},
    {"svg", "", "diagram.svg", S_make_svg, "image/svg+xml"},
    {"layout", "", "layout.json", S_make_layout, NULL},
};
static const size_t S_kind_count = sizeof S_kinds / sizeof S_kinds[0];

static const artifact_kind *S_kind_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < S_kind_count; i++) {
        size_t p = strlen(S_kinds[i].prefix), m = strlen(S_kinds[i].suffix);
        if (n >= p + m && strncmp(name, S_kinds[i].prefix, p) == 0 && strcmp(name + n - m, S_kinds[i].suffix) == 0)
            return &S_kinds[i];
    }
    return NULL;
}

bool aw_revision_checked(aw_request *rq, aw_reply *rp, aw_checked *k, const char *refusal)
{
    memset(k, 0, sizeof *k);
    aw_revision r;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], rq->ids[1], &r);
    if (st != AW_STORE_OK) {
        aw_revision_free(&r);
        aw_reply_store_status(rq, rp, st);
        return false;
    }
    char file[64];
    snprintf(file, sizeof file, "diagram-%" PRId64 "-r%" PRId64 ".%s", r.diagram_id, r.number, r.format);
    aw_check_text(k, file, r.body, r.body_len, r.name);
    aw_revision_free(&r);
    aw_metrics_compile(&rq->srv->metrics, k->seconds);
    if (k->c.status == AW_COMPILE_OK)
        return true;
    aw_reply_problem_findings(rp, 422, refusal, k->findings.data);
    return false;
}

static const char S_refusal[] = "the revision has errors; artifacts are made of diagrams without errors";

/* Runs maker once into out; false with a 422 reply if it cannot. */
static bool S_run(aw_request *rq, aw_reply *rp, aw_checked *k, S_maker make, aw_artifacts *out)
{
    char why[512] = "";
    if (make(rq->srv, k, out, why, sizeof why))
        return true;
    aw_strbuf findings = AW_STRBUF_INIT;
    aw_diags_write_json(&k->c.diags, &findings);
    aw_reply_problem_findings(rp, 422, why, findings.data);
    aw_strbuf_free(&findings);
    return false;
}

void aw_api_artifacts_list(aw_request *rq, aw_reply *rp)
{
    aw_checked k;
    if (!aw_revision_checked(rq, rp, &k, S_refusal))
        return aw_checked_free(&k);
    aw_strbuf_puts(&rp->body, "{\"artifacts\": [");
    size_t listed = 0;
    for (size_t i = 0; i < S_kind_count; i++) {
        bool made_before = false;
        for (size_t j = 0; j < i; j++)
            made_before |= S_kinds[j].make == S_kinds[i].make;
        aw_artifacts out = {0};
        char why[512] = "";
        if (!made_before && S_kinds[i].make(rq->srv, &k, &out, why, sizeof why)) {
            for (size_t a = 0; a < out.count; a++) {
                const artifact_kind *of = S_kind_of(out.items[a].name);
                if (!of)
                    continue;   /* a file no row of the table serves: not listed */
                aw_strbuf_puts(&rp->body, listed++ ? ",\n  {" : "\n  {");
                aw_json_key(&rp->body, "kind");
                aw_json_str(&rp->body, of->kind);
                aw_strbuf_puts(&rp->body, ", ");
                aw_json_key(&rp->body, "name");
                aw_json_str(&rp->body, out.items[a].name);
                aw_strbuf_printf(&rp->body, ", \"bytes\": %zu}", out.items[a].len);
            }
        }
        aw_artifacts_free(&out);
    }
    aw_strbuf_puts(&rp->body, listed ? "\n]}\n" : "]}\n");
    aw_checked_free(&k);
}

void aw_api_artifact_get(aw_request *rq, aw_reply *rp)
{
    const artifact_kind *kind = S_kind_of(rq->word);
    if (!kind)
        return aw_reply_problem(rp, 404, "no artifact has that name");
    aw_checked k;
    aw_artifacts out = {0};
    if (aw_revision_checked(rq, rp, &k, S_refusal) && S_run(rq, rp, &k, kind->make, &out)) {
        size_t i = 0;
        while (i < out.count && strcmp(out.items[i].name, rq->word) != 0)
            i++;
        if (i < out.count) {
            aw_strbuf_put(&rp->body, out.items[i].data, out.items[i].len);
            rp->type = kind->type;
        } else {
            aw_reply_problem(rp, 404, "this revision has no artifact of that name");
        }
    }
    aw_artifacts_free(&out);
    aw_checked_free(&k);
}
