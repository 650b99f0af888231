/* The import driver: reads the input, tells a template (CloudFormation or
 * SAM) from an OpenAPI or Swagger document, maps it into a diagram tree,
 * compiles that tree as any diagram is compiled, and places its elements
 * with the Graphviz layout. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "import.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/build.h"
#include "../compiler/resolve.h"
#include "importer.h"

static void S_dirs(aw_import *im, const char *path)
{
    if (strcmp(path, "-") == 0)
        return;
    char *copy = aw_arena_strdup(im->arena, path);
    const char *shown = dirname(copy);
    im->shown_dir = aw_arena_strdup(im->arena, shown);
    char real[PATH_MAX];
    if (realpath(im->shown_dir, real))
        im->dir = aw_arena_strdup(im->arena, real);
}

/* The diagram's name: the file's, without directory or extension. */
static const char *S_name(aw_import *im, const char *path)
{
    if (strcmp(path, "-") == 0)
        return "imported";
    char *copy = aw_arena_strdup(im->arena, path);
    char *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return aw_arena_strdup(im->arena, base);
}

static bool S_is_sam(const aw_doc *root)
{
    const aw_doc *t = aw_import_get(root, "Transform");
    if (t && t->kind == AW_DOC_STRING)
        return strcmp(t->as.string.chars, "AWS::Serverless-2016-10-31") == 0;
    for (size_t i = 0; t && t->kind == AW_DOC_ARRAY && i < t->as.array.count; i++)
        if (t->as.array.items[i]->kind == AW_DOC_STRING &&
            strcmp(t->as.array.items[i]->as.string.chars, "AWS::Serverless-2016-10-31") == 0)
            return true;
    return false;
}

/* A standalone OpenAPI 3 document is an HTTP API's when it uses what only
 * HTTP APIs have (payload 2.0, built-in CORS, JWT authorizers); else REST. */
static bool S_looks_http(const aw_doc *d, unsigned depth)
{
    if (!d || depth > 16)
        return false;
    if (d->kind == AW_DOC_OBJECT)
        for (size_t i = 0; i < d->as.object.count; i++) {
            const aw_doc_member *m = &d->as.object.members[i];
            if (strcmp(m->key, "payloadFormatVersion") == 0 || strcmp(m->key, "x-amazon-apigateway-cors") == 0 ||
                strcmp(m->key, "jwtConfiguration") == 0 || S_looks_http(m->value, depth + 1))
                return true;
        }
    for (size_t i = 0; d->kind == AW_DOC_ARRAY && i < d->as.array.count; i++)
        if (S_looks_http(d->as.array.items[i], depth + 1))
            return true;
    return false;
}

static void S_openapi(aw_import *im, aw_import_summary *s)
{
    bool swagger = aw_import_get(im->root, "swagger") != NULL;
    bool http = !swagger && S_looks_http(im->root, 0);
    s->input_kind = swagger ? "Swagger 2.0 document" : "OpenAPI 3.0 document";
    const char *title = aw_import_text(im, aw_import_get(aw_import_get(im->root, "info"), "title"), NULL);
    aw_doc *api = aw_itree_node(im, "api", title ? title : "api", &im->root->loc);
    aw_import_openapi(im, im->root, api, http ? "http" : "rest");
}

static bool S_dispatch(aw_import *im, aw_import_summary *s)
{
    if (!im->root || im->root->kind != AW_DOC_OBJECT) {
        if (im->root)
            aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-010", &im->root->loc, "%s",
                             "the input is neither a template nor an OpenAPI document (not an object)");
        return false;
    }
    if (aw_import_get(im->root, "openapi") || aw_import_get(im->root, "swagger")) {
        S_openapi(im, s);
        return true;
    }
    if (!aw_import_get(im->root, "Resources") && !aw_import_get(im->root, "AWSTemplateFormatVersion")) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-010", &im->root->loc, "%s",
                         "the input is neither a template (no Resources) nor an OpenAPI document (no openapi or "
                         "swagger member)");
        return false;
    }
    bool sam = S_is_sam(im->root);
    s->input_kind = sam ? "SAM template" : "CloudFormation template";
    im->parameters = aw_import_get(im->root, "Parameters");
    im->resources = aw_import_get(im->root, "Resources");
    im->globals = sam ? aw_import_get(im->root, "Globals") : NULL;
    aw_import_template(im);
    return true;
}

static void S_new_diagram(aw_import *im, const char *name)
{
    aw_loc loc = im->root->loc;
    im->diagram = aw_itree_object(im, &loc);
    im->nodes = aw_itree_array(im, &loc);
    im->edges = aw_itree_array(im, &loc);
    aw_itree_set(im, im->diagram, "archway", aw_itree_number(im, 1, &loc));
    aw_itree_set_string(im, im->diagram, "name", name, &loc);
}

static void S_compile(aw_import_result *r, aw_import *im)
{
    aw_import_meta_apply(im);
    aw_itree_set(im, im->diagram, "nodes", im->nodes);
    if (im->edges->as.array.count)
        aw_itree_set(im, im->diagram, "edges", im->edges);
    if (r->diags.errors)
        return;
    if (aw_build_model(r->model, im->diagram, &r->diags) == 0 && aw_resolve_model(r->model, &r->diags) == 0 &&
        !im->no_layout)
        aw_import_place(r->model, &r->diags);
}

static void S_begin(aw_import_result *r, aw_import *im, const aw_import_options *options)
{
    memset(r, 0, sizeof *r);
    r->model = aw_model_new();
    if (!r->model)
        abort();
    aw_diags_init(&r->diags, &r->model->arena);
    *im = (aw_import){.arena = &r->model->arena, .diags = &r->diags};
    im->external_runtime = options ? options->external_runtime : NULL;
    im->no_layout = options && options->no_layout;
    aw_strset_init(&im->ids);
    aw_strset_init(&im->made);
}

static aw_compile_status S_run(aw_import_result *r, aw_import *im, const char *path);

aw_compile_status aw_import_file(aw_import_result *r, const char *path, const aw_import_options *options)
{
    aw_import im;
    S_begin(r, &im, options);
    im.file = aw_arena_strdup(im.arena, strcmp(path, "-") == 0 ? "<stdin>" : path);
    S_dirs(&im, path);
    im.root = aw_import_read(im.arena, &r->diags, path, im.file);
    return S_run(r, &im, path);
}

aw_compile_status aw_import_buffer(aw_import_result *r, const char *name, const char *text, size_t len,
                                   const aw_import_options *options)
{
    aw_import im;
    S_begin(r, &im, options);
    im.file = aw_arena_strdup(im.arena, name);
    char *copy = aw_arena_strndup(im.arena, text, len);
    im.root = aw_import_parse(im.arena, &r->diags, im.file, copy, len);
    return S_run(r, &im, "-");
}

/* From the parsed input to the compiled, placed diagram. */
static aw_compile_status S_run(aw_import_result *r, aw_import *im, const char *path)
{
    bool read = im->root && im->root->kind == AW_DOC_OBJECT;
    if (im->root) {
        S_new_diagram(im, S_name(im, path));
        read = S_dispatch(im, &r->summary);
    }
    if (read)
        S_compile(r, im);
    r->summary.resources = im->counts.resources;
    r->summary.imported = im->counts.imported;
    r->summary.partly = im->counts.partly;
    r->summary.skipped = im->counts.skipped;
    r->summary.operations = im->counts.operations;
    r->summary.unmapped = im->counts.unmapped;
    r->summary.nodes = r->model->node_count;
    r->summary.edges = r->model->edge_count;
    aw_strset_free(&im->ids);
    aw_strset_free(&im->made);
    aw_diags_sort(&r->diags);
    r->status = !read ? AW_COMPILE_UNREADABLE : r->diags.errors ? AW_COMPILE_ERRORS : AW_COMPILE_OK;
    return r->status;
}

void aw_import_result_free(aw_import_result *r)
{
    aw_diags_free(&r->diags);
    aw_model_free(r->model);
    r->model = NULL;
}

void aw_import_summary_line(const aw_import_summary *s, char *buf, size_t n)
{
    int w = snprintf(buf, n, "%s: ", s->input_kind ? s->input_kind : "input");
    if (w >= 0 && (size_t)w < n && s->resources)
        w += snprintf(buf + w, n - (size_t)w, "%zu resources (%zu imported, %zu in part, %zu not), ", s->resources,
                      s->imported, s->partly, s->skipped);
    if (w >= 0 && (size_t)w < n && s->operations)
        w += snprintf(buf + w, n - (size_t)w, "%zu operations, ", s->operations);
    if (w >= 0 && (size_t)w < n)
        snprintf(buf + w, n - (size_t)w, "%zu properties or extensions left out; a diagram of %zu elements and %zu edges",
                 s->unmapped, s->nodes, s->edges);
}
