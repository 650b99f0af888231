/* Runs the deployment emitters over a compiled model and turns what they
 * report into diagnostics. The OpenAPI documents and the CloudFormation
 * template are independent, so the template is written on a second thread
 * while the documents and the simulation model are written on this one
 * (after the lint, when a build lints here too: the lint only reads the
 * model, and the emitters only read it); what each reports is kept apart
 * and replayed in a fixed order, so the diagnostics never depend on
 * timing. */
#include "artifacts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/emitters.h"
#include "lint.h"

/* One report of an emitter, kept until the tasks are done. */
typedef struct report {
    aw_emit_severity severity;
    const aw_node *node;
    const aw_loc *loc;
    char *message;
} report;

typedef struct report_list {
    report *items;
    size_t count, cap;
} report_list;

static void S_keep(void *ctx, aw_emit_severity severity, const aw_node *node, const aw_loc *loc,
                   const char *message)
{
    report_list *list = ctx;
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        report *grown = realloc(list->items, list->cap * sizeof *grown);
        if (!grown)
            abort();
        list->items = grown;
    }
    size_t n = strlen(message) + 1;
    char *copy = malloc(n);
    if (!copy)
        abort();
    memcpy(copy, message, n);
    list->items[list->count++] = (report){severity, node, loc, copy};
}

static void S_reports_free(report_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].message);
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* Adds the reports to the compilation's diagnostics, each (element,
 * message) once; returns whether any is an error. */
static bool S_replay(aw_compilation *c, aw_strset *seen, report_list *list)
{
    static const struct { aw_severity sev; const char *code; } kinds[] = {
        [AW_EMIT_NOTE] = {AW_SEV_NOTE, "deploy-note"},
        [AW_EMIT_WARNING] = {AW_SEV_WARNING, "deploy-approximation"},
        [AW_EMIT_ERROR] = {AW_SEV_ERROR, "not-deployable"},
    };
    bool errors = false;
    for (size_t i = 0; i < list->count; i++) {
        report *r = &list->items[i];
        const char *id = r->node ? r->node->id : "";
        size_t id_len = strlen(id), message_len = strlen(r->message);
        char *key = aw_arena_alloc(&c->model->arena, id_len + message_len + 2);
        memcpy(key, id, id_len);
        key[id_len] = '\n';
        memcpy(key + id_len + 1, r->message, message_len + 1);
        if (aw_strset_insert(seen, key, key, NULL)) {
            aw_diag *d = aw_diag_add(&c->diags, kinds[r->severity].sev, kinds[r->severity].code, r->loc, "%s",
                                     r->message);
            d->element = r->node ? r->node->id : NULL;
            errors |= r->severity == AW_EMIT_ERROR;
        }
    }
    S_reports_free(list);
    return errors;
}

void aw_artifacts_add(aw_artifacts *out, const char *name, char *data, size_t len)
{
    aw_artifact *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    char *copy = malloc(strlen(name) + 1);
    if (!grown || !copy)
        abort();
    out->items = grown;
    strcpy(copy, name);
    out->items[out->count++] = (aw_artifact){copy, data, len};
}

static void S_add(aw_artifacts *out, const char *name, aw_strbuf *text)
{
    size_t len;
    char *data = aw_strbuf_detach(text, &len);
    aw_artifacts_add(out, name, data, len);
}

/* The template, as a task of its own. */
typedef struct template_task {
    const aw_deploy *d;
    aw_strbuf text;
    aw_emit_files children;     /* the nested stacks of a big diagram */
    report_list reports;
} template_task;

static void *S_write_template(void *arg)
{
    template_task *t = arg;
    aw_emit_sink sink = {S_keep, &t->reports};
    aw_emit_cloudformation(t->d, &t->text, &t->children, &sink);
    return NULL;
}

/* The lint a build runs beside its emitters: with cfg, as aw_lint_run;
 * its warnings forbid the build with werror. */
typedef struct lint_step {
    const aw_lint_config *cfg;
    bool werror;
} lint_step;

/* The build, with the lint overlapping it when lint is not NULL. */
static bool S_build(aw_compilation *c, aw_artifacts *out, const lint_step *lint)
{
    memset(out, 0, sizeof *out);
    const aw_model *m = c->model;
    aw_deploy *d = aw_deploy_new(m);
    template_task task = {d, AW_STRBUF_INIT, {0}, {0}};
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, S_write_template, &task) == 0;

    bool allowed = true;
    if (lint) {
        aw_lint_run(c, lint->cfg);
        allowed = c->status == AW_COMPILE_OK && !(lint->werror && c->diags.warnings);
    }
    report_list reports = {0};
    aw_emit_sink sink = {S_keep, &reports};
    for (size_t i = 0; allowed && i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_API || n->as.api.type == AW_API_WEBSOCKET)
            continue;
        aw_strbuf text = AW_STRBUF_INIT;
        char name[300];
        snprintf(name, sizeof name, "%s.openapi.json", n->id);
        aw_emit_openapi(d, n, &text, &sink);
        S_add(out, name, &text);
    }
    /* The simulation model, for `archway simulate` and other tools: written
     * here while the template thread runs, listed last as before. */
    aw_strbuf sim = AW_STRBUF_INIT;
    if (allowed && !aw_emit_sim_input(m, &sim))
        abort();
    if (threaded)
        pthread_join(thread, NULL);
    else if (allowed)
        S_write_template(&task);
    if (!allowed) {
        /* As if the build had not run: no files, no emitters' reports. */
        aw_strbuf_free(&task.text);
        aw_emit_files_free(&task.children);
        aw_deploy_delete(d);
        S_reports_free(&task.reports);
        aw_artifacts_free(out);
        return false;
    }
    S_add(out, "template.json", &task.text);
    for (size_t i = 0; i < task.children.count; i++)
        S_add(out, task.children.items[i].name, &task.children.items[i].text);
    aw_emit_files_free(&task.children);
    aw_deploy_delete(d);
    S_add(out, "simulation.json", &sim);

    aw_strset seen;
    aw_strset_init(&seen);
    aw_strset_reserve(&seen, reports.count + task.reports.count);
    bool errors = S_replay(c, &seen, &reports);
    errors |= S_replay(c, &seen, &task.reports);
    aw_strset_free(&seen);
    aw_diags_sort(&c->diags);
    if (errors)
        c->status = AW_COMPILE_ERRORS;
    return !errors;
}

bool aw_artifacts_build(aw_compilation *c, aw_artifacts *out)
{
    return S_build(c, out, NULL);
}

bool aw_artifacts_build_linted(aw_compilation *c, const aw_lint_config *cfg, bool werror, aw_artifacts *out)
{
    if (c->status != AW_COMPILE_OK) {
        memset(out, 0, sizeof *out);
        return false;
    }
    return S_build(c, out, &(lint_step){cfg, werror});
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
