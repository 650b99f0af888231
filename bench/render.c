/* Benchmark of pictures: layout alone (archway layout) and a whole SVG
 * (archway render) at about 30, 300 and 1,000 elements, against the same
 * DOT laid out and written by the `dot` program in the same run, which is
 * the baseline: the library path must cost no more than the program.
 * Also about the largest picture the size limit lets through. Medians of RUNS,
 * the three timings taken in turn. */
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <graphviz/cgraph.h>

#include "../emitters/render.h"
#include "bench_util.h"
#include "gen_diagram.h"

#define RUNS 5

extern char **environ;

/* A compiled generated diagram of about `elements` nodes: the generator
 * counts routes, so the route count is scaled until the nodes fit. */
static aw_compilation S_diagram(size_t elements)
{
    size_t routes = elements / 4 ? elements / 4 : 1;
    for (int round = 0;; round++) {
        size_t len;
        char *text = aw_bench_generate_json(routes, &len);
        aw_compilation c = {0};
        if (aw_compile_buffer(&c, "generated.json", text, len, AW_SPELLING_JSON) != AW_COMPILE_OK) {
            fprintf(stderr, "generated diagram of %zu routes does not compile\n", routes);
            exit(1);
        }
        free(text);
        size_t nodes = c.model->node_count;
        size_t next = routes * elements / (nodes ? nodes : 1);
        if (round == 6 || next == routes || (nodes > elements * 95 / 100 && nodes < elements * 105 / 100))
            return c;
        aw_compilation_free(&c);
        routes = next ? next : 1;
    }
}

typedef double (*timed_fn)(const aw_model *model, const char *dot_path);

/* Layout alone (archway layout) or a whole SVG (archway render). */
static double S_time_library(const aw_model *model, bool svg)
{
    aw_layout layout;
    aw_strbuf out = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    double t0 = aw_bench_now_ms();
    aw_render_status status =
        svg ? aw_render(model, NULL, AW_RENDER_SVG, &out, &err) : aw_layout_compute(model, &layout, &err);
    double t = aw_bench_now_ms() - t0;
    if (status != AW_RENDER_OK) {
        fprintf(stderr, "%s failed: %s\n", svg ? "render" : "layout", err.data);
        exit(1);
    }
    if (!svg)
        aw_layout_free(&layout);
    aw_strbuf_free(&out);
    aw_strbuf_free(&err);
    return t;
}

static double S_time_layout(const aw_model *model, const char *dot_path)
{
    (void)dot_path;
    return S_time_library(model, false);
}

static double S_time_svg(const aw_model *model, const char *dot_path)
{
    (void)dot_path;
    return S_time_library(model, true);
}

/* The baseline: `dot -Tsvg` of the same graph, process start included, as
 * a server that shelled out would pay it. */
static double S_time_program(const aw_model *model, const char *dot_path)
{
    (void)model;
    char *argv[] = {"dot", "-Tsvg", "-o", "/dev/null", (char *)dot_path, NULL};
    pid_t pid;
    double t0 = aw_bench_now_ms();
    if (posix_spawnp(&pid, "dot", NULL, NULL, argv, environ) != 0) {
        perror("dot");
        exit(1);
    }
    int status;
    waitpid(pid, &status, 0);
    double t = aw_bench_now_ms() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "dot failed\n");
        exit(1);
    }
    return t;
}

/* Medians of the three timings, taken in turn run after run, so that
 * other work on a shared machine weighs on each alike. */
static void S_medians(const aw_model *model, const char *dot_path, double out[3])
{
    static const timed_fn fns[3] = {S_time_layout, S_time_svg, S_time_program};
    double runs[3][RUNS];
    for (int i = 0; i < RUNS; i++)
        for (int k = 0; k < 3; k++)
            runs[k][i] = fns[k](model, dot_path);
    for (int k = 0; k < 3; k++)
        out[k] = aw_bench_median(runs[k], RUNS);
}

/* The picture's DOT in a temporary file for the program; returns the
 * number of Graphviz nodes plus edges it holds. */
static size_t S_write_dot(const aw_model *model, char *path)
{
    aw_strbuf dot = AW_STRBUF_INIT, err = AW_STRBUF_INIT;
    if (aw_render(model, NULL, AW_RENDER_DOT, &dot, &err) != AW_RENDER_OK) {
        fprintf(stderr, "dot output failed: %s\n", err.data);
        exit(1);
    }
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, dot.data, dot.len) != (ssize_t)dot.len || close(fd) != 0) {
        perror(path);
        exit(1);
    }
    Agraph_t *g = agmemread(dot.data);
    size_t objects = g ? (size_t)agnnodes(g) + (size_t)agnedges(g) : 0;
    if (g)
        agclose(g);
    aw_strbuf_free(&dot);
    aw_strbuf_free(&err);
    return objects;
}

int main(void)
{
    /* The last: about the largest picture AW_RENDER_MAX_OBJECTS lets through
     * (a picture holds about 2.45 Graphviz nodes and edges per element; a margin
     * for the bends of edges that skip ranks). */
    static const size_t sizes[] = {30, 300, 1000, AW_RENDER_MAX_OBJECTS * 100 / 260};
    printf("pictures of generated diagrams (median of %d runs, milliseconds)\n", RUNS);
    printf("%9s %14s %10s %10s %10s %8s\n", "elements", "nodes+edges", "layout", "svg", "dot -Tsvg", "svg/dot");
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        aw_compilation c = S_diagram(sizes[i]);
        char path[] = "/tmp/archway-bench-XXXXXX";
        size_t objects = S_write_dot(c.model, path);
        double t[3];
        S_medians(c.model, path, t);
        printf("%9zu %14zu %10.1f %10.1f %10.1f %8.2f\n", c.model->node_count, objects, t[0], t[1], t[2],
               t[1] / t[2]);
        remove(path);
        aw_compilation_free(&c);
    }
    return 0;
}
