/* Diagnostics as users read them: bounded echoes of input values, quoted
 * windows of long lines, escaped control bytes, masked secrets. */
#include <check.h>

#include "../../compiler/diag_format.h"
#include "test_support.h"

/* The message aw_diag_add() keeps for fmt and its arguments. */
static char *S_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *S_message(const char *fmt, ...)
{
    aw_strbuf b = AW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    aw_message_vformat(&b, fmt, ap);
    va_end(ap);
    return aw_strbuf_detach(&b, NULL);
}

static size_t S_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static aw_arena S_arena;
static aw_diags S_d;

static void S_setup(void)
{
    aw_arena_init(&S_arena);
    aw_diags_init(&S_d, &S_arena);
}

static void S_teardown(void)
{
    aw_diags_free(&S_d);
    aw_arena_free(&S_arena);
}

/* Text output of diags over one source. */
static char *S_render(aw_diags *d, const char *text, size_t len)
{
    aw_diags_add_source(d, "t.json", text, len);
    aw_diags_sort(d);
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    aw_diags_print_text(d, f, true, false);
    fclose(f);
    return out;
}

START_TEST(formats_like_printf)
{
    char *m = S_message("%zu %u %d %02x %08llx %.1f %g %c %% %-4s| %.*s %lld", (size_t)7, 8u, -9, 10u,
                        0xabcULL, 1.25, 0.5, 'z', "ab", 3, "abcdef", -12LL);
    ck_assert_str_eq(m, "7 8 -9 0a 00000abc 1.2 0.5 z % ab  | abc -12");
    free(m);
}
END_TEST

START_TEST(long_values_are_clipped)
{
    size_t n = 1024 * 1024;
    char *id = malloc(n + 1);
    memset(id, 'x', n);
    id[n] = '\0';
    char *m = S_message("id \"%s\" is too long", id);
    ck_assert_uint_eq(S_points(m), strlen("id \"\" is too long") + AW_ECHO_MAX);
    ck_assert_ptr_nonnull(strstr(m, "x\xE2\x80\xA6\" is too long"));
    /* A message formatted elsewhere and passed whole is bounded alike, and
     * clipping it again changes nothing. */
    char *whole = malloc(n + 64);
    snprintf(whole, n + 64, "function '%s' has no role", id);
    char *once = S_message("%s", whole);
    char *twice = S_message("%s", once);
    ck_assert_str_eq(once, twice);
    ck_assert_uint_lt(strlen(once), 4 * AW_ECHO_MAX);
    ck_assert_ptr_nonnull(strstr(once, "\xE2\x80\xA6' has no role"));
    free(id), free(m), free(whole), free(once), free(twice);
}
END_TEST

/* A finding that names thousands of routes is cut at AW_MESSAGE_MAX after
 * a whole word, and says so with an ellipsis; cutting it again changes
 * nothing. */
START_TEST(long_messages_end_in_an_ellipsis)
{
    aw_strbuf list = AW_STRBUF_INIT;
    for (int i = 0; i < 2000; i++)
        aw_strbuf_printf(&list, "%sroute-%d", i ? ", " : "", i);
    char *once = S_message("%s", list.data);
    char *twice = S_message("%s", once);
    size_t n = strlen(once);
    ck_assert_uint_ge(n, AW_MESSAGE_MAX);
    ck_assert_uint_lt(n, AW_MESSAGE_MAX + AW_ECHO_MAX);
    ck_assert_str_eq(once + n - 4, " \xE2\x80\xA6");
    ck_assert_str_eq(once, twice);
    /* and a message that fits keeps its last word */
    char *whole = S_message("%s", "routes a, b and c share one function");
    ck_assert_str_eq(whole, "routes a, b and c share one function");
    aw_strbuf_free(&list);
    free(once), free(twice), free(whole);
}
END_TEST

START_TEST(short_values_are_whole)
{
    char *m = S_message("unknown field '%s' in %s", "memroy", "function 'pets-fn'");
    ck_assert_str_eq(m, "unknown field 'memroy' in function 'pets-fn'");
    free(m);
}
END_TEST

/* A line of 4 MiB with 1,000 diagnostics: each quote is a window of about
 * 160 characters around its column, with the caret under it. */
START_TEST(long_lines_quote_a_window)
{
    size_t len = 4 * 1024 * 1024;
    char *text = malloc(len + 1);
    memset(text, 'a', len);
    text[len] = '\0';
    for (unsigned i = 0; i < 1000; i++) {
        text[i * 4000 + 100] = 'Z';
        aw_diag_add(&S_d, AW_SEV_ERROR, "test", &(aw_loc){"t.json", NULL, 1, i * 4000 + 101}, "here");
    }
    char *out = S_render(&S_d, text, len);
    ck_assert_uint_lt(strlen(out), 1000 * 600);
    /* The caret is under the Z of each window. */
    const char *line = strstr(out, "\n  ...");
    ck_assert_ptr_nonnull(line);
    const char *caret = strchr(line + 1, '\n') + 1;
    size_t z = (size_t)(strchr(line + 1, 'Z') - (line + 1));
    ck_assert_uint_eq((size_t)(strchr(caret, '^') - caret), z);
    free(out);
    free(text);
}
END_TEST

START_TEST(control_bytes_are_escaped)
{
    const char *text = "{\"name\": \"a\x1b[2J\x07\xc2\x9b\xff\", \"x\": 1}\n";
    aw_diag_add(&S_d, AW_SEV_ERROR, "test", &(aw_loc){"t.json", NULL, 1, 22}, "bad \x1b[31m value");
    char *out = S_render(&S_d, text, strlen(text));
    ck_assert_ptr_null(strchr(out, '\x1b'));
    ck_assert_ptr_null(strchr(out, '\x07'));
    ck_assert_ptr_nonnull(strstr(out, "bad \\x1b[31m value"));
    ck_assert_ptr_nonnull(strstr(out, "\"a\\x1b[2J\\x07\\u009b\\xff\", \"x\": 1}\n"));
    /* Column 22 is the quote before x: the caret stays under it despite the escapes. */
    const char *quote = strstr(out, "\n  {") + 1;
    const char *caret = strchr(quote, '\n') + 1;
    ck_assert_uint_eq((size_t)(strchr(caret, '^') - caret), (size_t)(strstr(quote, "\"x\"") - quote));
    free(out);
}
END_TEST

START_TEST(secrets_are_masked_in_quotes)
{
    const char *text = "{\"a\": \"postgres://app:hunter22@db\", \"b\": \"AKIAIOSFODNN7EXAMPLE\"}\n";
    aw_diag *g = aw_diag_add(&S_d, AW_SEV_ERROR, "AW-SEC-013", &(aw_loc){"t.json", NULL, 1, 7}, "password");
    aw_diag_set_secret(&S_d, g, "app:hunter22", 12);
    g = aw_diag_add(&S_d, AW_SEV_ERROR, "AW-SEC-013", &(aw_loc){"t.json", NULL, 1, 43}, "key");
    aw_diag_set_secret(&S_d, g, "AKIAIOSFODNN7EXAMPLE", 20);
    char *out = S_render(&S_d, text, strlen(text));
    /* Both quotes of the line mask both secrets. */
    ck_assert_ptr_null(strstr(out, "hunter22"));
    ck_assert_ptr_null(strstr(out, "IOSFODNN7"));
    ck_assert_ptr_nonnull(strstr(out, "AKIA****"));
    free(out);
}
END_TEST

START_TEST(repeated_deploy_notes_are_grouped)
{
    const char *text = "{}\n";
    S_d.limit = 0;
    char id[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "store-%04d", i);
        aw_diag *g = aw_diag_add(&S_d, AW_SEV_NOTE, "deploy-note", &(aw_loc){"t.json", NULL, 1, 1},
                                 "data store '%s' is not created by this template", id);
        g->element = aw_arena_strdup(&S_arena, id);
    }
    aw_diag_add(&S_d, AW_SEV_NOTE, "deploy-note", &(aw_loc){"t.json", NULL, 1, 1}, "something else");
    char *out = S_render(&S_d, text, strlen(text));
    ck_assert_ptr_nonnull(strstr(out, "note: data store 'store-0000' is not created by this template; the same for "
                                      "4999 more: 'store-0001', 'store-0002', 'store-0003', ... [deploy-note]\n"));
    ck_assert_ptr_nonnull(strstr(out, "note: something else [deploy-note]"));
    ck_assert_ptr_null(strstr(out, "'store-0004'"));
    free(out);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("diag_text");
    TCase *tc = aw_test_tcase(s, "echo", NULL, NULL);
    tcase_add_test(tc, formats_like_printf);
    tcase_add_test(tc, long_values_are_clipped);
    tcase_add_test(tc, short_values_are_whole);
    tcase_add_test(tc, long_messages_end_in_an_ellipsis);
    tc = aw_test_tcase(s, "quote", S_setup, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, long_lines_quote_a_window);
    tcase_add_test(tc, control_bytes_are_escaped);
    tcase_add_test(tc, secrets_are_masked_in_quotes);
    tcase_add_test(tc, repeated_deploy_notes_are_grouped);
    return s;
}

AW_TEST_MAIN(S_suite)
