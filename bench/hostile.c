/* Hostile inputs against realistic diagrams of the same size: for each
 * class of input that once cost far more than its size (quadratic
 * suggestions, quoting long lines, long keys and ids, a great many tiny
 * values), the time `archway check` spends on it (compile, lint, text
 * diagnostics) per input byte, as a ratio to a generated diagram's. The
 * ratio must stay under 3. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/lint.h"
#include "bench_util.h"
#include "gen_diagram.h"

#define TARGET_BYTES (6u * 1024u * 1024u)
#define RUNS 3
#define MAX_RATIO 3.0

/* What `archway check FILE` does, with the text diagnostics written to
 * /dev/null. */
static double S_check_ms(const char *text, size_t len, aw_spelling spelling, FILE *sink, size_t *errors)
{
    double t0 = aw_bench_now_ms();
    aw_compilation c;
    if (aw_compile_buffer(&c, "input", text, len, spelling) == AW_COMPILE_OK) {
        aw_lint_config cfg = {0};
        aw_lint_run(&c, &cfg);
    }
    aw_diags_print_text(&c.diags, sink, true, false);
    double ms = aw_bench_now_ms() - t0;
    *errors = c.diags.errors;
    aw_compilation_free(&c);
    return ms;
}

static double S_median_ms(const char *text, size_t len, aw_spelling spelling, FILE *sink, size_t *errors)
{
    double runs[RUNS];
    for (int i = 0; i < RUNS; i++)
        runs[i] = S_check_ms(text, len, spelling, sink, errors);
    return aw_bench_median(runs, RUNS);
}

/* ---- the hostile inputs, each about TARGET_BYTES ----------------------------- */

static void S_head(aw_strbuf *b)
{
    aw_strbuf_puts(b, "{\"archway\": 1, \"name\": \"hostile\", \"nodes\": [\n"
                      "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"http\"}");
}

/* Routes naming integrations that do not exist, with ids as long as the
 * ones that do: every suggestion scan is a full one. Nodes carry a name and
 * a canvas position, as drawn ones do. */
static char *S_missing_references(size_t *len)
{
    aw_strbuf b = AW_STRBUF_INIT;
    S_head(&b);
    size_t n = TARGET_BYTES / 560;
    for (size_t i = 0; i < n; i++)
        aw_strbuf_printf(&b, ",\n{\"kind\": \"integration\", \"id\": \"integration-%06zu\", \"name\": \"Orders "
                             "service backend %zu\", \"position\": {\"x\": %zu, \"y\": %zu}, \"type\": \"http\", "
                             "\"url\": \"https://orders.internal.example.com/v1/items\", \"timeout\": \"10s\"}",
                         i, i, 400 + i % 7 * 120, 80 + i % 13 * 90);
    for (size_t i = 0; i < n; i++)
        aw_strbuf_printf(&b, ",\n{\"kind\": \"route\", \"id\": \"orders-route-%06zu\", \"name\": \"Get order "
                             "item %zu\", \"position\": {\"x\": %zu, \"y\": %zu}, \"api\": \"api\", \"method\": "
                             "\"GET\", \"path\": \"/orders/%zu/items/{id}\", \"integration\": \"integratiom-%06zu\"}",
                         i, i, 160 + i % 5 * 120, 80 + i % 11 * 90, i, i);
    aw_strbuf_puts(&b, "\n]}\n");
    return aw_strbuf_detach(&b, len);
}

/* A realistic diagram minified onto one line, with a misspelt field in
 * every route: thousands of diagnostics quote the same 6 MB line. */
static char *S_minified_line(size_t *len)
{
    size_t n;
    char *text = aw_bench_generate_json(TARGET_BYTES / 1250, &n);
    aw_strbuf b = AW_STRBUF_INIT;
    static const char route[] = "\"kind\": \"route\",";
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            continue;
        if (strncmp(text + i, route, sizeof route - 1) == 0) {
            aw_strbuf_puts(&b, route);
            aw_strbuf_puts(&b, " \"methd\": \"GET\",");
            i += sizeof route - 2;
            continue;
        }
        aw_strbuf_putc(&b, text[i]);
    }
    aw_strbuf_putc(&b, '\n');
    free(text);
    return aw_strbuf_detach(&b, len);
}

/* Thousands of unknown fields with 4 KiB names on one node. */
static char *S_long_unknown_fields(size_t *len)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"hostile\", \"nodes\": [{\"kind\": \"api\", \"id\": \"api\", "
                       "\"type\": \"http\"");
    char name[4097];
    memset(name, 'm', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (size_t i = 0; b.len < TARGET_BYTES; i++)
        aw_strbuf_printf(&b, ",\n\"%s%zu\": 1", name, i);
    aw_strbuf_puts(&b, "}]}\n");
    return aw_strbuf_detach(&b, len);
}

/* Ids of 64 KiB, each echoed by its own diagnostics. */
static char *S_long_ids(size_t *len)
{
    aw_strbuf b = AW_STRBUF_INIT;
    S_head(&b);
    char *id = malloc(65537);
    memset(id, 'i', 65536);
    for (size_t i = 0; b.len < TARGET_BYTES; i++) {
        snprintf(id + 65530, 7, "%06zu", i);
        aw_strbuf_printf(&b, ",\n{\"kind\": \"route\", \"id\": \"%s\", \"api\": \"api\", \"method\": \"GET\", "
                             "\"path\": \"/p%zu\", \"integration\": \"%s\"}",
                         id, i, id);
    }
    free(id);
    aw_strbuf_puts(&b, "\n]}\n");
    return aw_strbuf_detach(&b, len);
}

/* head, then unit again and again up to TARGET_BYTES, then tail. */
static char *S_repeat(const char *head, const char *unit, const char *tail, size_t *len)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, head);
    while (b.len < TARGET_BYTES)
        aw_strbuf_puts(&b, unit);
    aw_strbuf_puts(&b, tail);
    return aw_strbuf_detach(&b, len);
}

/* A great many tiny values: the most tree per byte JSON allows. */
static char *S_tiny_values(size_t *len)
{
    return S_repeat("{\"archway\": 1, \"name\": \"hostile\", \"nodes\": [[]", ",[]", "]}\n", len);
}

/* The same in XML: empty elements, each with a text node after it. */
static char *S_tiny_elements(size_t *len)
{
    return S_repeat("<diagram archway=\"1\" name=\"hostile\"><nodes>\n", "<a/>\n", "</nodes></diagram>\n", len);
}

static const struct {
    const char *name;
    char *(*make)(size_t *len);
    aw_spelling spelling;
} S_classes[] = {
    {"missing references (suggestions)", S_missing_references, AW_SPELLING_JSON},
    {"one minified line, quoted often", S_minified_line, AW_SPELLING_JSON},
    {"unknown fields, 4 KiB names", S_long_unknown_fields, AW_SPELLING_JSON},
    {"ids of 64 KiB, echoed", S_long_ids, AW_SPELLING_JSON},
    {"tiny values (JSON memory)", S_tiny_values, AW_SPELLING_JSON},
    {"tiny elements (XML memory)", S_tiny_elements, AW_SPELLING_XML},
};

int main(void)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return 1;
    size_t routes = TARGET_BYTES / 1180, real_len, xml_len, errors;
    char why[256];
    char *real = aw_bench_generate_json(routes, &real_len);
    char *real_xml = aw_bench_generate_xml(routes, &xml_len, why, sizeof why);
    if (!real_xml) {
        fprintf(stderr, "hostile: the generated XML does not compile: %s\n", why);
        return 1;
    }
    double real_ms = S_median_ms(real, real_len, AW_SPELLING_JSON, sink, &errors);
    double xml_ms = S_median_ms(real_xml, xml_len, AW_SPELLING_XML, sink, &errors);
    printf("hostile inputs against a generated diagram of %zu routes (median of %d runs of check)\n", routes, RUNS);
    printf("  realistic JSON: %8.1f ms for %9zu bytes\n", real_ms, real_len);
    printf("  realistic XML:  %8.1f ms for %9zu bytes\n", xml_ms, xml_len);
    printf("  %-36s %9s %9s %7s %s\n", "class", "bytes", "ms", "errors", "time per byte vs realistic");
    double worst = 0;
    for (size_t i = 0; i < sizeof S_classes / sizeof S_classes[0]; i++) {
        size_t len;
        char *text = S_classes[i].make(&len);
        double ms = S_median_ms(text, len, S_classes[i].spelling, sink, &errors);
        bool xml = S_classes[i].spelling == AW_SPELLING_XML;
        double ratio = (ms / (double)len) / ((xml ? xml_ms : real_ms) / (double)(xml ? xml_len : real_len));
        worst = ratio > worst ? ratio : worst;
        printf("  %-36s %9zu %9.1f %7zu %6.2fx%s\n", S_classes[i].name, len, ms, errors, ratio,
               ratio < MAX_RATIO ? "" : "   over the 3x bound");
        free(text);
    }
    printf("  worst ratio %.2fx (bound %.0fx)\n", worst, MAX_RATIO);
    free(real);
    free(real_xml);
    fclose(sink);
    return 0;
}
