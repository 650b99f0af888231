/* Header-only: a generated estate built into a directory both ways, as the
 * nested stacks `archway build` writes past one stack's limits
 * (template.json and template-partN.json) and as the one template it would
 * be unsplit (flat.json), for the import's tests and bench. */
#ifndef AW_BENCH_GEN_ESTATE_H
#define AW_BENCH_GEN_ESTATE_H

#include "gen_diagram.h"

static inline bool aw_bench_estate_file(const char *dir, const char *name, const aw_strbuf *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(text->data, 1, text->len, f) == text->len;
    return (f && fclose(f) == 0) && ok;
}

static inline void aw_bench_estate_quiet(void *ctx, aw_emit_severity severity, const aw_node *node,
                                         const aw_loc *loc, const char *message)
{
    (void)ctx, (void)severity, (void)node, (void)loc, (void)message;
}

/* Writes the estate of `routes` routes into dir; the number of nested
 * stacks goes to *parts. False if it does not compile or a file cannot be
 * written. */
static inline bool aw_bench_write_estate(const char *dir, size_t routes, size_t *parts)
{
    size_t len;
    char *text = aw_bench_generate_json(routes, &len);
    aw_compilation comp;
    bool ok = aw_compile_buffer(&comp, "estate.json", text, len, AW_SPELLING_JSON) == AW_COMPILE_OK;
    free(text);
    aw_deploy *d = ok ? aw_deploy_new(comp.model) : NULL;
    aw_emit_sink sink = {aw_bench_estate_quiet, NULL};
    aw_strbuf root = AW_STRBUF_INIT, flat = AW_STRBUF_INIT;
    aw_emit_files children = {0};
    if (d) {
        aw_emit_cloudformation(d, &root, &children, &sink);
        aw_emit_cloudformation(d, &flat, NULL, &sink);
        ok = aw_bench_estate_file(dir, "template.json", &root) && aw_bench_estate_file(dir, "flat.json", &flat);
        for (size_t i = 0; ok && i < children.count; i++)
            ok = aw_bench_estate_file(dir, children.items[i].name, &children.items[i].text);
        *parts = children.count;
        aw_deploy_delete(d);
    }
    aw_emit_files_free(&children);
    aw_strbuf_free(&root);
    aw_strbuf_free(&flat);
    aw_compilation_free(&comp);
    return ok;
}

#endif
