/* Unit tests of the input limits (compiler/limits.h): each is refused with
 * one diagnostic, and inputs up to them are handled without deep recursion
 * or quadratic work. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/compile.h"
#include "../../compiler/limits.h"
#include "../../ir/strbuf.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("big.json")

/* The one diagnostic of the compile: an error with this code. */
static const aw_diag *S_only(const char *code)
{
    return aw_test_compile_diag(&comp, AW_SEV_ERROR, code);
}

/* ---- input size ------------------------------------------------------- */

START_TEST(test_buffer_too_large)
{
    /* calloc'd pages are never touched: the size alone decides, before any
     * copy or parse (zero bytes would otherwise be a syntax error). */
    size_t len = (size_t)AW_MAX_INPUT_BYTES + 1;
    char *text = calloc(len, 1);
    ck_assert_ptr_nonnull(text);
    S_compile_n(text, len);
    const aw_diag *d = S_only("input-too-large");
    ck_assert_str_eq(d->message, "input is 67108865 bytes, more than the limit of 67108864");
    ck_assert_str_eq(d->loc.file, "big.json");
    ck_assert_uint_eq(d->loc.line, 0);
    ck_assert_uint_eq(comp.model->node_count, 0);
    free(text);
}
END_TEST

START_TEST(test_buffer_at_limit)
{
    /* Exactly the limit is fine: a small diagram padded with spaces. */
    size_t len = AW_MAX_INPUT_BYTES;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    static const char diagram[] = "{\"archway\": 1, \"name\": \"padded\", \"nodes\": [{\"kind\": \"apiKey\", \"id\": \"k\"}]}";
    memset(text, ' ', len);
    memcpy(text, diagram, sizeof diagram - 1);
    text[len - 1] = '\n';
    aw_compile_status status = S_compile_n(text, len);
    free(text);
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    ck_assert_uint_eq(comp.model->node_count, 1);
}
END_TEST

START_TEST(test_file_too_large)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/archway-limits-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    /* A sparse file: large without writing 64 MiB. */
    ck_assert_int_eq(ftruncate(fd, (off_t)AW_MAX_INPUT_BYTES + 1), 0);
    close(fd);
    compiled = true;
    aw_compile_status status = aw_compile_file(&comp, path, AW_SPELLING_AUTO);
    unlink(path);
    ck_assert_int_eq(status, AW_COMPILE_ERRORS);
    const aw_diag *d = S_only("input-too-large");
    ck_assert_str_eq(d->message, "input is larger than the limit of 67108864 bytes");
    ck_assert_uint_eq(comp.model->node_count, 0);
}
END_TEST

/* ---- nesting and strings ---------------------------------------------- */

START_TEST(test_too_deep)
{
    size_t len = 100000;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    memset(text, '[', len);
    S_compile_n(text, len);
    free(text);
    const aw_diag *d = S_only("too-deep");
    ck_assert_uint_eq(d->loc.line, 1);
    ck_assert_uint_eq(d->loc.col, AW_MAX_DEPTH + 1);
}
END_TEST

START_TEST(test_string_too_long)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"");
    for (size_t i = 0; i <= AW_MAX_STRING_BYTES; i++)
        aw_strbuf_putc(&b, 'x');
    aw_strbuf_puts(&b, "\"}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    const aw_diag *d = S_only("string-too-long");
    ck_assert_uint_eq(d->loc.line, 1);
    ck_assert_uint_eq(d->loc.col, 24);
}
END_TEST

/* ---- counts -------------------------------------------------------------- */

START_TEST(test_too_many_nodes)
{
    /* One more item than the limit; the items need not be nodes, as the
     * count is checked before any is built. */
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"t\", \"nodes\": [0");
    for (size_t i = 1; i <= AW_MAX_NODES; i++)
        aw_strbuf_puts(&b, ",0");
    aw_strbuf_puts(&b, "]}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    const aw_diag *d = S_only("too-many-nodes");
    ck_assert_str_eq(d->message, "1000001 nodes is more than the limit of 1000000");
    ck_assert_uint_eq(d->loc.line, 1);
    ck_assert_uint_eq(d->loc.col, 38);
    ck_assert_uint_eq(comp.model->node_count, 0);
}
END_TEST

START_TEST(test_too_many_edges)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"t\", \"edges\": [0");
    for (size_t i = 1; i <= AW_MAX_NODES; i++)
        aw_strbuf_puts(&b, ",0");
    aw_strbuf_puts(&b, "]}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    const aw_diag *d = S_only("too-many-edges");
    ck_assert_str_eq(d->message, "'edges' has 1000001 items, more than the limit of 1000000");
    ck_assert_uint_eq(comp.model->edge_count, 0);
}
END_TEST

START_TEST(test_too_many_strings)
{
    /* A list of strings, not of objects, is held to the same limit. */
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"t\", \"nodes\": [{\"kind\": \"api\", \"id\": \"a\", "
                       "\"type\": \"http\", \"cors\": {\"allowOrigins\": [\"o\"");
    for (size_t i = 1; i <= AW_MAX_NODES; i++)
        aw_strbuf_puts(&b, ",\"o\"");
    aw_strbuf_puts(&b, "]}}]}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    const aw_diag *d = S_only("too-many-items");
    ck_assert_str_eq(d->message, "'allowOrigins' has 1000001 items, more than the limit of 1000000");
}
END_TEST

START_TEST(test_too_many_map_entries)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"t\", \"nodes\": [{\"kind\": \"stage\", \"id\": \"s\", "
                       "\"name\": \"s\", \"api\": \"a\", \"variables\": {\"v0\": \"x\"");
    for (size_t i = 1; i <= AW_MAX_NODES; i++)
        aw_strbuf_printf(&b, ",\"v%zu\": \"x\"", i);
    aw_strbuf_puts(&b, "}}]}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    const aw_diag *d = S_only("too-many-items");
    ck_assert_str_eq(d->message, "'variables' has 1000001 entries, more than the limit of 1000000");
}
END_TEST

START_TEST(test_diagnostics_capped)
{
    /* 1,500 bad nodes: the first 1,000 diagnostics are kept, all are counted. */
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n");
    for (int i = 0; i < 1500; i++)
        aw_strbuf_printf(&b, "%s{\"kind\": \"nope\"}\n", i ? "," : "");
    aw_strbuf_puts(&b, "]}");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
    ck_assert_uint_eq(comp.diags.count, AW_MAX_DIAGNOSTICS);
    ck_assert_uint_eq(comp.diags.errors, 1500);
    ck_assert(comp.diags.truncated);
    /* Still sorted, and the kept ones are the first. */
    ck_assert_uint_eq(comp.diags.items[0].loc.line, 2);
    ck_assert_uint_eq(comp.diags.items[AW_MAX_DIAGNOSTICS - 1].loc.line, AW_MAX_DIAGNOSTICS + 1);
}
END_TEST

/* A full list keeps every error: each one takes the place of the latest
 * warning or note kept, and the counts stay exact. */
START_TEST(test_diagnostics_cap_keeps_errors)
{
    aw_arena arena;
    aw_arena_init(&arena);
    aw_diags d;
    aw_diags_init(&d, &arena);
    for (unsigned i = 0; i < AW_MAX_DIAGNOSTICS; i++) {
        aw_loc loc = {"t.json", "", i + 1, 1};
        aw_diag_add(&d, i % 2 ? AW_SEV_NOTE : AW_SEV_WARNING, "w", &loc, "warning %u", i);
    }
    aw_loc late = {"t.json", "", AW_MAX_DIAGNOSTICS + 5, 1};
    for (int i = 0; i < 3; i++)
        aw_diag_add(&d, AW_SEV_ERROR, "late-error", &late, "error %d", i);
    aw_diag_add(&d, AW_SEV_WARNING, "w", &late, "a warning too many");
    ck_assert_uint_eq(d.count, AW_MAX_DIAGNOSTICS);
    ck_assert_uint_eq(d.errors, 3);
    ck_assert_uint_eq(d.warnings, AW_MAX_DIAGNOSTICS / 2 + 1);
    ck_assert(d.truncated);
    aw_diags_sort(&d);
    size_t errors = 0;
    for (size_t i = 0; i < d.count; i++)
        errors += strcmp(d.items[i].code, "late-error") == 0;
    ck_assert_uint_eq(errors, 3);
    /* In insertion order among themselves, after everything earlier. */
    ck_assert_str_eq(d.items[d.count - 3].message, "error 0");
    ck_assert_str_eq(d.items[d.count - 1].message, "error 2");
    /* An error after the sort still finds room, and does not evict an error. */
    aw_diag_add(&d, AW_SEV_ERROR, "late-error", &late, "error 3");
    errors = 0;
    for (size_t i = 0; i < d.count; i++)
        errors += strcmp(d.items[i].code, "late-error") == 0;
    ck_assert_uint_eq(errors, 4);
    aw_diags_free(&d);
    aw_arena_free(&arena);
}
END_TEST

/* ---- long call chains ---------------------------------------------------- */

/* n functions f0..f(n-1), each calling the next; with `closed`, the last
 * calls the first. */
static void S_chain(size_t n, bool closed)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"archway\": 1, \"name\": \"chain\", \"nodes\": [\n");
    for (size_t i = 0; i < n; i++)
        aw_strbuf_printf(&b, "%s{\"kind\": \"function\", \"id\": \"f%zu\", \"runtime\": \"nodejs22.x\"}\n", i ? "," : "", i);
    aw_strbuf_puts(&b, "], \"edges\": [\n");
    for (size_t i = 0; i + 1 < n; i++)
        aw_strbuf_printf(&b, "%s{\"from\": \"f%zu\", \"to\": \"f%zu\"}\n", i ? "," : "", i, i + 1);
    if (closed)
        aw_strbuf_printf(&b, ",{\"from\": \"f%zu\", \"to\": \"f0\"}\n", n - 1);
    aw_strbuf_puts(&b, "]}\n");
    S_compile_n(b.data, b.len);
    aw_strbuf_free(&b);
}

START_TEST(test_long_chain)
{
    S_chain(5000, false);
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_int_eq(comp.status, AW_COMPILE_OK);
    ck_assert_uint_eq(comp.model->edge_count, 4999);
    ck_assert_ptr_eq(comp.model->edges[4998].to.node, aw_model_find(comp.model, "f4999"));
}
END_TEST

START_TEST(test_very_long_chain)
{
    /* Far deeper than any recursive walk could go on a default stack. */
    S_chain(200000, false);
    ck_assert_uint_eq(comp.diags.count, 0);
    ck_assert_int_eq(comp.status, AW_COMPILE_OK);
}
END_TEST

START_TEST(test_long_cycle_reported_once)
{
    S_chain(5000, true);
    const aw_diag *d = S_only("cycle");
    ck_assert_str_eq(d->message,
                     "calls form a cycle of 5000 nodes: f0 -> f1 -> f2 -> f3 -> ... (4992 more) -> f4996 -> f4997 "
                     "-> f4998 -> f4999 -> f0");
    ck_assert_str_eq(d->element, "f0");
    /* On the edge that closes it: the last one (line 1 opens, 5,000 node
     * lines, one line opens the edges, then an edge a line). */
    ck_assert_str_eq(d->loc.path, "/edges/4999");
    ck_assert_uint_eq(d->loc.line, 1 + 5000 + 1 + 5000);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *size = aw_test_tcase(s, "size", NULL, S_teardown);
    tcase_set_timeout(size, 120);
    tcase_add_test(size, test_buffer_too_large);
    tcase_add_test(size, test_buffer_at_limit);
    tcase_add_test(size, test_file_too_large);
    tcase_add_test(size, test_too_deep);
    tcase_add_test(size, test_string_too_long);

    TCase *counts = aw_test_tcase(s, "counts", NULL, S_teardown);
    tcase_set_timeout(counts, 120);
    tcase_add_test(counts, test_too_many_nodes);
    tcase_add_test(counts, test_too_many_edges);
    tcase_add_test(counts, test_too_many_strings);
    tcase_add_test(counts, test_too_many_map_entries);
    tcase_add_test(counts, test_diagnostics_capped);
    tcase_add_test(counts, test_diagnostics_cap_keeps_errors);

    TCase *chains = aw_test_tcase(s, "chains", NULL, S_teardown);
    tcase_set_timeout(chains, 120);
    tcase_add_test(chains, test_long_chain);
    tcase_add_test(chains, test_very_long_chain);
    tcase_add_test(chains, test_long_cycle_reported_once);
    return s;
}

AW_TEST_MAIN(S_suite)
