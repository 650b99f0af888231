/* Benchmark of aw_compile_buffer (parse + build + resolve) on generated
 * diagrams of 100 to 10,000 routes, against jansson's bare parse of the same text. */
#include <jansson.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "gen_diagram.h"

#define TARGET_ROUTES 10000
#define TARGET_MS 150.0
#define MAX_RUNS 64

typedef struct result {
    bool measured;              /* false: skipped, see note */
    bool rss_exact;             /* the peak could be reset before measuring */
    size_t routes, nodes, edges, input_bytes, runs, warnings;
    double median_ms, min_ms;   /* aw_compile_buffer */
    double raw_median_ms;       /* json_loadb (JSON) or xmlReadMemory (XML) */
    size_t arena_bytes;         /* the model arena's total after one compile */
    long rss_growth_kb;         /* peak RSS growth over one compile */
    char note[256];
} result;

static const struct {
    size_t routes, runs;
} S_sizes[] = {{100, 25}, {1000, 11}, {10000, 7}};

/* ---- Measuring ------------------------------------------------------------ */

static long S_maxrss_kb(void)
{
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_maxrss : 0;
}

/* Lowers the peak-RSS mark to the current RSS (Linux), so that what the
 * generator used does not hide what the compile uses. */
static bool S_reset_peak_rss(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return false;
    bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

/* The raw parse the compile is compared with, freed outside the timing. */
static double S_raw_parse_ms(const char *text, size_t len, aw_spelling spelling)
{
    double t0 = aw_bench_now_ms(), t1;
    if (spelling == AW_SPELLING_XML) {
        xmlDocPtr doc = xmlReadMemory(text, (int)len, "generated.xml", NULL, XML_PARSE_NONET);
        t1 = aw_bench_now_ms();
        xmlFreeDoc(doc);
    } else {
        json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
        t1 = aw_bench_now_ms();
        json_decref(root);
    }
    return t1 - t0;
}

/* One compile; false (with the reason in r->note) if it has errors. */
static bool S_compile_once(result *r, const char *text, size_t len, aw_spelling spelling, double *ms,
                           bool print_errors)
{
    aw_compilation c;
    double t0 = aw_bench_now_ms();
    aw_compile_status st = aw_compile_buffer(&c, "generated", text, len, spelling);
    *ms = aw_bench_now_ms() - t0;
    bool ok = st == AW_COMPILE_OK && c.diags.errors == 0;
    if (!ok) {
        snprintf(r->note, sizeof r->note, "%zu error(s), first: %s", c.diags.errors,
                 c.diags.count ? c.diags.items[0].message : "(none recorded)");
        if (print_errors)
            aw_diags_print_text(&c.diags, stderr, false, false);
    } else if (!r->arena_bytes) {
        r->arena_bytes = c.model->arena.total;
        r->nodes = c.model->node_count;
        r->edges = c.model->edge_count;
        r->warnings = c.diags.warnings;
    }
    aw_compilation_free(&c);
    return ok;
}

/* Runs in a child process: generates, warms up, then alternates timed
 * compiles and raw parses. Returns false if a compile had errors. */
static bool S_measure(result *r, size_t routes, size_t runs, aw_spelling spelling)
{
    bool xml = spelling == AW_SPELLING_XML;
    r->routes = routes;
    r->runs = runs;
    char why[256] = "";
    size_t len = 0;
    char *text = xml ? aw_bench_generate_xml(routes, &len, why, sizeof why) : aw_bench_generate_json(routes, &len);
    if (!text) {
        snprintf(r->note, sizeof r->note, "the generated diagram does not compile: %s", why);
        return false;
    }
    r->input_bytes = len;
    r->rss_exact = S_reset_peak_rss();
    long rss0 = S_maxrss_kb();
    double ms, compile_ms[MAX_RUNS], raw_ms[MAX_RUNS];
    bool ok = S_compile_once(r, text, len, spelling, &ms, !xml);
    r->rss_growth_kb = S_maxrss_kb() - rss0;
    S_raw_parse_ms(text, len, spelling);
    for (size_t i = 0; ok && i < runs; i++) {
        ok = S_compile_once(r, text, len, spelling, &compile_ms[i], !xml);
        raw_ms[i] = S_raw_parse_ms(text, len, spelling);
    }
    free(text);
    if (!ok)
        return false;
    r->median_ms = aw_bench_median(compile_ms, runs);   /* sorts: the minimum comes first */
    r->min_ms = compile_ms[0];
    r->raw_median_ms = aw_bench_median(raw_ms, runs);
    r->measured = true;
    return true;
}

/* Measures one size in a child process, so that sizes do not share a heap
 * or a peak-RSS mark. Returns false if the child failed. */
static bool S_run_child(result *r, size_t routes, size_t runs, aw_spelling spelling)
{
    memset(r, 0, sizeof *r);
    r->routes = routes;
    fflush(NULL);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(r->note, sizeof r->note, "pipe failed");
        return false;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(r->note, sizeof r->note, "fork failed");
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        result mine = {0};
        bool ok = S_measure(&mine, routes, runs, spelling);
        ssize_t w = write(fds[1], &mine, sizeof mine);
        close(fds[1]);
        _exit(ok && w == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fds[1]);
    size_t got = 0;
    while (got < sizeof *r) {
        ssize_t n = read(fds[0], (char *)r + got, sizeof *r - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (got != sizeof *r) {
        memset(r, 0, sizeof *r);
        r->routes = routes;
        if (WIFSIGNALED(status))
            snprintf(r->note, sizeof r->note, "the measuring process died of signal %d", WTERMSIG(status));
        else
            snprintf(r->note, sizeof r->note, "the measuring process exited with status %d", WEXITSTATUS(status));
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && r->measured;
}

/* ---- Reporting ------------------------------------------------------------ */

static double S_mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

static void S_header(void)
{
    printf("%-5s %7s %6s %6s %9s %4s %9s %8s %8s %8s %6s %9s %10s %8s\n", "", "routes", "nodes", "edges",
           "input MiB", "runs", "median ms", "min ms", "us/route", "raw ms", "ratio", "arena MiB", "+input MiB",
           "RSS MiB");
}

static void S_row(const char *spelling, const result *r)
{
    char routes[32];
    printf("%-5s %7s %6zu %6zu %9.2f %4zu %9.2f %8.2f %8.1f %8.2f %5.1fx %9.1f %10.1f %8.1f%s\n", spelling,
           aw_bench_commas(routes, sizeof routes, r->routes), r->nodes, r->edges, S_mib((double)r->input_bytes),
           r->runs,
           r->median_ms, r->min_ms, r->median_ms * 1000.0 / (double)r->routes, r->raw_median_ms,
           r->median_ms / r->raw_median_ms, S_mib((double)r->arena_bytes),
           S_mib((double)(r->arena_bytes + r->input_bytes)), (double)r->rss_growth_kb / 1024.0,
           r->rss_exact ? "" : " (approx.)");
}

int main(void)
{
    size_t n = sizeof S_sizes / sizeof S_sizes[0];
    result json[sizeof S_sizes / sizeof S_sizes[0]];
    printf("parse + build + resolve (aw_compile_buffer) of generated diagrams, wall clock;\n"
           "raw ms = median of json_loadb alone (xmlReadMemory for XML) on the same text, ratio = median / raw;\n"
           "arena = the model arena's bytes, +input = arena + input text, RSS = peak RSS growth over one compile\n\n");
    S_header();
    for (size_t i = 0; i < n; i++) {
        if (!S_run_child(&json[i], S_sizes[i].routes, S_sizes[i].runs, AW_SPELLING_JSON)) {
            char routes[32];
            printf("json %s routes: FAILED: %s\n", aw_bench_commas(routes, sizeof routes, S_sizes[i].routes),
                   json[i].note);
            printf("(a benchmark of a failing compile is worthless; fix the generator or the compiler)\n");
            return 1;
        }
        S_row("json", &json[i]);
        fflush(stdout);
    }
    result xml;
    bool xml_ok = S_run_child(&xml, TARGET_ROUTES, S_sizes[n - 1].runs, AW_SPELLING_XML);
    if (xml_ok)
        S_row("xml", &xml);

    const result *big = &json[n - 1], *mid = &json[n - 2];
    char routes[32];
    aw_bench_commas(routes, sizeof routes, big->routes);
    printf("\n%s routes parse+resolve: median %.1f ms (target < %.0f ms): %s", routes, big->median_ms, TARGET_MS,
           big->median_ms < TARGET_MS ? "met" : "MISSED");
    if (big->median_ms >= TARGET_MS)
        printf(", %.1fx the target", big->median_ms / TARGET_MS);
    printf("\n");
    /* The minimum is the least disturbed by other load on the machine, so
     * the verdict rests on it; the median's ratio is shown beside it. */
    double lin_median = (big->median_ms / (double)big->routes) / (mid->median_ms / (double)mid->routes);
    double lin_min = (big->min_ms / (double)big->routes) / (mid->min_ms / (double)mid->routes);
    bool unsteady = mid->median_ms > 1.25 * mid->min_ms || big->median_ms > 1.25 * big->min_ms;
    char mid_routes[32];
    printf("linearity: time per route at %s vs %s routes = %.2f by minimum, %.2f by median (1 = linear): %s\n",
           routes, aw_bench_commas(mid_routes, sizeof mid_routes, mid->routes), lin_min, lin_median,
           unsteady        ? "inconclusive, the timings are unsteady (other load on the machine?); run again"
           : lin_min > 1.25 ? "worse than linear"
           : lin_min < 0.8  ? "better than linear (fixed costs weigh on the smaller size)"
                            : "near 1, linear");
    if (xml_ok)
        printf("xml: %s routes median %.1f ms, %.2fx the JSON compile\n", routes, xml.median_ms,
               xml.median_ms / big->median_ms);
    else
        printf("xml: skipped (%s)\n", xml.note[0] ? xml.note : "unknown reason");
    for (size_t i = 0; i < n; i++)
        if (json[i].warnings)
            printf("note: the %zu-route JSON diagram compiles with %zu warning(s)\n", json[i].routes, json[i].warnings);
    if (xml_ok && xml.warnings)
        printf("note: the XML diagram compiles with %zu warning(s)\n", xml.warnings);
    return 0;
}
