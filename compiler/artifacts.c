/* Runs the deployment emitters over a compiled model and turns what they
 * report into diagnostics. */
#include "artifacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/emitters.h"

typedef struct sink_ctx {
    aw_compilation *c;
    aw_strset seen;             /* "node\nmessage": each report once */
    aw_arena *arena;
    bool errors;
} sink_ctx;

static void S_report(void *ctx, aw_emit_severity severity, const aw_node *node, const aw_loc *loc,
                     const char *message)
{
    sink_ctx *s = ctx;
    size_t n = strlen(node->id) + strlen(message) + 2;
    char *key = aw_arena_alloc(s->arena, n);
    snprintf(key, n, "%s\n%s", node->id, message);
    if (!aw_strset_insert(&s->seen, key, key, NULL))
        return;
    static const struct { aw_severity sev; const char *code; } kinds[] = {
        [AW_EMIT_NOTE] = {AW_SEV_NOTE, "deploy-note"},
        [AW_EMIT_WARNING] = {AW_SEV_WARNING, "deploy-approximation"},
        [AW_EMIT_ERROR] = {AW_SEV_ERROR, "not-deployable"},
    };
    aw_diag *d = aw_diag_add(&s->c->diags, kinds[severity].sev, kinds[severity].code, loc, "%s", message);
    d->element = node->id;
    s->errors |= severity == AW_EMIT_ERROR;
}

static void S_add(aw_artifacts *out, const char *name, aw_strbuf *text)
{
    aw_artifact *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    char *copy = malloc(strlen(name) + 1);
    if (!grown || !copy)
        abort();
    out->items = grown;
    strcpy(copy, name);
    aw_artifact *a = &out->items[out->count++];
    a->name = copy;
    a->data = aw_strbuf_detach(text, &a->len);
}

bool aw_artifacts_build(aw_compilation *c, aw_artifacts *out)
{
    memset(out, 0, sizeof *out);
    sink_ctx s = {c, {0}, &c->model->arena, false};
    aw_strset_init(&s.seen);
    aw_strset_reserve(&s.seen, c->model->node_count);
    aw_emit_sink sink = {S_report, &s};
    const aw_model *m = c->model;
    aw_deploy *d = aw_deploy_new(m, &sink);
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_API || n->as.api.type == AW_API_WEBSOCKET)
            continue;
        aw_strbuf text = AW_STRBUF_INIT;
        char name[300];
        snprintf(name, sizeof name, "%s.openapi.json", n->id);
        aw_emit_openapi(d, n, &text);
        S_add(out, name, &text);
    }
    aw_strbuf text = AW_STRBUF_INIT;
    aw_emit_cloudformation(d, &text);
    S_add(out, "template.json", &text);
    aw_deploy_delete(d);
    aw_strset_free(&s.seen);
    aw_diags_sort(&c->diags);
    if (s.errors)
        c->status = AW_COMPILE_ERRORS;
    return !s.errors;
}

void aw_artifacts_free(aw_artifacts *a)
{
    for (size_t i = 0; i < a->count; i++) {
        free(a->items[i].name);
        free(a->items[i].data);
    }
    free(a->items);
    memset(a, 0, sizeof *a);
}
