/* Runs Graphviz over the graph of a picture: DOT straight from cgraph, and
 * every other format laid out by dot through gvc. Graphviz keeps
 * process-wide state (cgraph's string pool and error handler, the layout's
 * statics, the text layout plugin's font cache), so calls take turns on
 * one lock, and share one gvc context: with a context per call, Graphviz
 * 2.43's pango plugin compares against a font name the previous context
 * freed (AddressSanitizer: heap-use-after-free in textspan_size). One
 * context also loads the plugins once per process, not once per picture. */
#include "render.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/gvc.h>

#include "render_graph.h"

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static aw_strbuf *S_errors;     /* where Graphviz's errors go; under S_lock */
static GVC_t *S_gvc;            /* made on first use; under S_lock; kept for the process */

static const struct {
    const char *name;           /* ours */
    const char *device;         /* Graphviz's */
} S_formats[] = {
    [AW_RENDER_DOT] = {"dot", "dot"},
    [AW_RENDER_SVG] = {"svg", "svg"},
    [AW_RENDER_PNG] = {"png", "png:cairo"},
    [AW_RENDER_PDF] = {"pdf", "pdf:cairo"},
};

bool aw_render_format_parse(const char *name, aw_render_format *format)
{
    for (size_t i = 0; i < sizeof S_formats / sizeof *S_formats; i++)
        if (strcmp(S_formats[i].name, name) == 0) {
            *format = (aw_render_format)i;
            return true;
        }
    return false;
}

static int S_on_error(char *message)
{
    if (S_errors && !S_errors->len) {
        size_t len = strcspn(message, "\n");
        aw_strbuf_printf(S_errors, "Graphviz: %.*s", (int)len, message);
    }
    return 0;
}

static aw_render_status S_too_large(size_t cost, const aw_render_options *options, aw_strbuf *err)
{
    aw_strbuf_printf(err, "laying out the picture means placing %zu nodes, edges and bends of edges that skip "
                          "ranks, more than the %d that Graphviz places in a few seconds; %s",
                     cost, AW_RENDER_MAX_OBJECTS,
                     options && options->collapse
                         ? "split the diagram (it is too large even with its routes grouped)"
                         : "draw it with --collapse (routes grouped by path prefix), or split the diagram");
    return AW_RENDER_TOO_LARGE;
}

/* The graph as DOT text, not laid out. */
static aw_render_status S_write_dot(Agraph_t *g, aw_strbuf *out, aw_strbuf *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    int rc = agwrite(g, f);
    fclose(f);
    if (rc != 0) {
        aw_strbuf_puts(err, "Graphviz could not write the graph");
        free(text);
        return AW_RENDER_FAILED;
    }
    aw_strbuf_put(out, text, len);
    free(text);
    return AW_RENDER_OK;
}

/* Cairo stamps a PDF with the time it was made; the same diagram must give
 * the same bytes, so the stamp becomes the epoch. Same length, so the
 * document's cross-reference offsets stay right. */
static void S_unstamp_pdf(char *data, size_t len)
{
    static const char key[] = "/CreationDate (D:";
    static const char epoch[] = "19700101000000";
    size_t k = sizeof key - 1, e = sizeof epoch - 1;
    for (size_t i = 0; i + k + e <= len; i++)
        if (memcmp(data + i, key, k) == 0) {
            memcpy(data + i + k, epoch, e);
            return;
        }
}

typedef struct render_job {
    aw_render_format format;
    aw_strbuf *out;
} render_job;

static aw_render_status S_render(GVC_t *gvc, Agraph_t *g, void *ctx)
{
    const render_job *job = ctx;
    char *data = NULL;
    unsigned int len = 0;
    if (gvRenderData(gvc, g, S_formats[job->format].device, &data, &len) != 0) {
        if (!S_errors->len)
            aw_strbuf_printf(S_errors, "Graphviz cannot write %s here", S_formats[job->format].name);
        gvFreeRenderData(data);
        return AW_RENDER_FAILED;
    }
    if (job->format == AW_RENDER_PDF)
        S_unstamp_pdf(data, len);
    aw_strbuf_put(job->out, data, len);
    gvFreeRenderData(data);
    return AW_RENDER_OK;
}

aw_render_status aw_render_laid_out(const aw_model *model, const aw_render_options *options, bool decorated,
                                    aw_strbuf *err, aw_render_fn fn, void *ctx)
{
    pthread_mutex_lock(&S_lock);
    S_errors = err;
    agusererrf old_handler = agseterrf(S_on_error);
    agerrlevel_t old_level = agseterr(AGERR);
    Agraph_t *g = aw_render_graph_build(model, options, decorated);
    aw_render_status status;
    size_t cost = aw_render_graph_cost(g);
    if (cost > AW_RENDER_MAX_OBJECTS)
        status = S_too_large(cost, options, err);
    else {
        if (!S_gvc)
            S_gvc = gvContext();
        GVC_t *gvc = S_gvc;
        if (gvLayout(gvc, g, "dot") != 0) {
            if (!err->len)
                aw_strbuf_puts(err, "Graphviz could not lay out the picture");
            status = AW_RENDER_FAILED;
        } else {
            status = fn(gvc, g, ctx);
            gvFreeLayout(gvc, g);
        }
    }
    agclose(g);
    agseterr(old_level);
    agseterrf(old_handler);
    S_errors = NULL;
    pthread_mutex_unlock(&S_lock);
    return status;
}

aw_render_status aw_render(const aw_model *model, const aw_render_options *options, aw_render_format format,
                           aw_strbuf *out, aw_strbuf *err)
{
    if (format == AW_RENDER_DOT) {
        pthread_mutex_lock(&S_lock);
        Agraph_t *g = aw_render_graph_build(model, options, true);
        aw_render_status status = S_write_dot(g, out, err);
        agclose(g);
        pthread_mutex_unlock(&S_lock);
        return status;
    }
    render_job job = {format, out};
    return aw_render_laid_out(model, options, true, err, S_render, &job);
}
