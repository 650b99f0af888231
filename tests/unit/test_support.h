/* Shared plumbing of the unit tests (tests/unit/test_*.c, one Check program
 * each): the main() that runs a file's suite, the fixtures that compile a
 * diagram from memory or hand a front end an arena and a diagnostics list,
 * and the assertions for "exactly one diagnostic, and it is this one".
 *
 * Header-only, and every file may include it whole and use only part of it
 * under -Wall -Wextra -Werror: the functions are static inline, and fixture
 * state (file-static variables, and the helpers that reach them, marked
 * unused) is declared by a macro the file invokes once, at file scope. A
 * file uses at most one fixture macro (both declare S_teardown()):
 *
 *     #include "test_support.h"
 *
 *     AW_TEST_COMPILE_FIXTURE("t.json")     comp, compiled, S_compile(), ...
 *       or
 *     AW_TEST_READER_FIXTURE(aw_xml_read, "diagram.xml")
 *                                           arena, diags, S_read(), ...
 *     ... tests ...
 *
 *     static Suite *S_suite(void)
 *     {
 *         Suite *s = suite_create("name");
 *         TCase *tc = aw_test_tcase(s, "case", NULL, S_teardown);
 *         tcase_add_test(tc, test_one);
 *         return s;
 *     }
 *
 *     AW_TEST_MAIN(S_suite)
 */
#ifndef AW_TEST_SUPPORT_H
#define AW_TEST_SUPPORT_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/compile.h"
#include "../../compiler/readers.h"

/* Marks the helpers a fixture macro declares: a file need not use them all,
 * and clang, unlike gcc, warns of unused static inline functions that a
 * macro defines in the .c file itself. */
#define AW_TEST_UNUSED __attribute__((unused))

/* ---- running a suite ---------------------------------------------------- */

/* Runs every test of the suite; the exit status says whether all passed. */
static inline int aw_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* The program's main(): runs the suite that suite_function() builds. */
#define AW_TEST_MAIN(suite_function)                                                                            \
    int main(void)                                                                                              \
    {                                                                                                           \
        return aw_test_run(suite_function());                                                                   \
    }

/* A new test case of the suite, with a checked fixture unless both setup
 * and teardown are NULL. Tests, timeouts and more fixtures may be added to
 * it afterwards. */
static inline TCase *aw_test_tcase(Suite *suite, const char *name, SFun setup, SFun teardown)
{
    TCase *tc = tcase_create(name);
    if (setup || teardown)
        tcase_add_checked_fixture(tc, setup, teardown);
    suite_add_tcase(suite, tc);
    return tc;
}

/* ---- diagnostics -------------------------------------------------------- */

/* Prints the diagnostics (the first few of many) to stderr, to explain a
 * failed assertion about them. */
/* buf (size bytes) filled with c and ended: a name longer than any fixed
 * room a writer might keep. */
static inline void aw_test_fill(char *buf, size_t size, char c)
{
    memset(buf, c, size - 1);
    buf[size - 1] = '\0';
}

static inline void aw_test_dump_diags(const aw_diags *diags)
{
    enum { SHOWN = 10 };
    fprintf(stderr, "%zu diagnostic(s):\n", diags->count);
    for (size_t i = 0; i < diags->count && i < SHOWN; i++) {
        const aw_diag *d = &diags->items[i];
        fprintf(stderr, "  %u:%u: %s: %s [%s]\n", d->loc.line, d->loc.col, aw_severity_name(d->severity),
                d->message, d->code);
    }
    if (diags->count > SHOWN)
        fprintf(stderr, "  ... and %zu more\n", diags->count - SHOWN);
}

/* A location: this file, line and column, and this path unless path is NULL. */
static inline void aw_test_assert_loc(const aw_loc *loc, const char *file, unsigned line, unsigned col,
                                      const char *path)
{
    ck_assert_ptr_nonnull(loc);
    ck_assert_uint_eq(loc->line, line);
    ck_assert_uint_eq(loc->col, col);
    ck_assert_str_eq(loc->file, file);
    if (path) {
        ck_assert_ptr_nonnull(loc->path);
        ck_assert_str_eq(loc->path, path);
    }
}

/* The element a diagnostic names: this id, or none when element is NULL. */
static inline void aw_test_assert_element(const aw_diag *d, const char *element)
{
    if (element)
        ck_assert_str_eq(d->element ? d->element : "(none)", element);
    else
        ck_assert_ptr_null(d->element);
}

/* The list holds exactly one diagnostic, of this severity and code (and the
 * error and warning tallies agree); returns it for the caller to check its
 * place and wording. */
static inline const aw_diag *aw_test_one_diag(const aw_diags *diags, aw_severity sev, const char *code)
{
    if (diags->count != 1)
        aw_test_dump_diags(diags);
    ck_assert_uint_eq(diags->count, 1);
    const aw_diag *d = &diags->items[0];
    ck_assert_str_eq(d->code, code);
    ck_assert_int_eq(d->severity, sev);
    ck_assert_uint_eq(diags->errors, sev == AW_SEV_ERROR ? 1 : 0);
    ck_assert_uint_eq(diags->warnings, sev == AW_SEV_WARNING ? 1 : 0);
    return d;
}

/* The one diagnostic of a compile, as aw_test_one_diag(); the compile's
 * status follows its severity. */
static inline const aw_diag *aw_test_compile_diag(const aw_compilation *c, aw_severity sev, const char *code)
{
    const aw_diag *d = aw_test_one_diag(&c->diags, sev, code);
    ck_assert_int_eq(c->status, sev == AW_SEV_ERROR ? AW_COMPILE_ERRORS : AW_COMPILE_OK);
    return d;
}

/* The one diagnostic of a compile, checked whole: severity, code, place in
 * file, the element it names (NULL: none) and its message (NULL: any). */
static inline const aw_diag *aw_test_compile_diag_at(const aw_compilation *c, const char *file, aw_severity sev,
                                                     const char *code, unsigned line, unsigned col,
                                                     const char *element, const char *message)
{
    const aw_diag *d = aw_test_compile_diag(c, sev, code);
    aw_test_assert_loc(&d->loc, file, line, col, NULL);
    aw_test_assert_element(d, element);
    if (message)
        ck_assert_str_eq(d->message, message);
    return d;
}

/* A front end's refusal: no tree, and exactly one diagnostic, an error with
 * this code, place in file and wording. */
static inline const aw_diag *aw_test_read_error(const aw_diags *diags, const aw_doc *doc, const char *file,
                                                const char *code, unsigned line, unsigned col,
                                                const char *message)
{
    ck_assert_ptr_null(doc);
    const aw_diag *d = aw_test_one_diag(diags, AW_SEV_ERROR, code);
    ck_assert_str_eq(d->message, message);
    aw_test_assert_loc(&d->loc, file, line, col, NULL);
    return d;
}

/* ---- compiling from memory ---------------------------------------------- */

/* Compiles text as JSON into *c, which must not hold a compile yet. */
static inline aw_compile_status aw_test_compile(aw_compilation *c, bool *compiled, const char *file,
                                                const char *text, size_t len)
{
    ck_assert(!*compiled);
    *compiled = true;
    return aw_compile_buffer(c, file, text, len, AW_SPELLING_JSON);
}

/* Frees the compile *c holds, if any. */
static inline void aw_test_compile_free(aw_compilation *c, bool *compiled)
{
    if (*compiled)
        aw_compilation_free(c);
    *compiled = false;
}

/* A compile that went through without a single diagnostic. */
static inline void aw_test_assert_clean(const aw_compilation *c, aw_compile_status status)
{
    if (c->diags.count)
        aw_test_dump_diags(&c->diags);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    ck_assert_uint_eq(c->diags.count, 0);
}

/* The node with this id, which must exist. */
static inline aw_node *aw_test_node(const aw_compilation *c, const char *id)
{
    aw_node *n = aw_model_find(c->model, id);
    ck_assert_msg(n != NULL, "no node \"%s\"", id);
    return n;
}

/* Declares a file's compile fixture: `comp`, the compile under test (one a
 * test), `compiled`, whether it holds one, and these helpers:
 *   S_teardown()                the checked fixture's teardown: frees comp;
 *   S_compile_n(text, len)      compiles text as JSON, named file_name;
 *   S_compile(text)             the same, text NUL-terminated;
 *   S_compile_clean(text)       the same, and insists on no diagnostics;
 *   S_node(id)                  the node with this id, which must exist;
 *   S_assert_loc(loc, line, col, path)   a location in file_name;
 *   S_only_diag(sev, code, line, col, element, message)
 *   S_only_error(code, line, col, element, message)
 *                               the compile's one diagnostic, checked whole
 *                               as aw_test_compile_diag_at() does; returned.
 * A test that compiles some other way sets `compiled` itself. */
#define AW_TEST_COMPILE_FIXTURE(file_name)                                                                      \
    static aw_compilation comp;                                                                                 \
    static bool compiled;                                                                                       \
    AW_TEST_UNUSED static inline void S_teardown(void)                                                          \
    {                                                                                                           \
        aw_test_compile_free(&comp, &compiled);                                                                 \
    }                                                                                                           \
    AW_TEST_UNUSED static inline aw_compile_status S_compile_n(const char *text, size_t len)                    \
    {                                                                                                           \
        return aw_test_compile(&comp, &compiled, file_name, text, len);                                         \
    }                                                                                                           \
    AW_TEST_UNUSED static inline aw_compile_status S_compile(const char *text)                                  \
    {                                                                                                           \
        return S_compile_n(text, strlen(text));                                                                 \
    }                                                                                                           \
    AW_TEST_UNUSED static inline void S_compile_clean(const char *text)                                         \
    {                                                                                                           \
        aw_test_assert_clean(&comp, S_compile(text));                                                           \
    }                                                                                                           \
    AW_TEST_UNUSED static inline aw_node *S_node(const char *id)                                                \
    {                                                                                                           \
        return aw_test_node(&comp, id);                                                                         \
    }                                                                                                           \
    AW_TEST_UNUSED static inline void S_assert_loc(const aw_loc *loc, unsigned line, unsigned col,              \
                                                   const char *path)                                            \
    {                                                                                                           \
        aw_test_assert_loc(loc, file_name, line, col, path);                                                    \
    }                                                                                                           \
    AW_TEST_UNUSED static inline const aw_diag *S_only_diag(aw_severity sev, const char *code, unsigned line,   \
                                                            unsigned col, const char *element,                  \
                                                            const char *message)                                \
    {                                                                                                           \
        return aw_test_compile_diag_at(&comp, file_name, sev, code, line, col, element, message);               \
    }                                                                                                           \
    AW_TEST_UNUSED static inline const aw_diag *S_only_error(const char *code, unsigned line, unsigned col,     \
                                                             const char *element, const char *message)          \
    {                                                                                                           \
        return S_only_diag(AW_SEV_ERROR, code, line, col, element, message);                                    \
    }

/* ---- reading with one front end ----------------------------------------- */

/* Declares a file's front-end fixture: `arena` and `diags`, set up fresh
 * for every test, and these helpers:
 *   S_setup(), S_teardown()     the checked fixture;
 *   S_read_n(text, len)         reads text with read_function (aw_json_read
 *                               or aw_xml_read), named file_name;
 *   S_read(text)                the same, text NUL-terminated;
 *   S_assert_error(doc, code, line, col, message)
 *                               the read failed with one error, this one,
 *                               as aw_test_read_error() checks; returned. */
#define AW_TEST_READER_FIXTURE(read_function, file_name)                                                        \
    static aw_arena arena;                                                                                      \
    static aw_diags diags;                                                                                      \
    AW_TEST_UNUSED static inline void S_setup(void)                                                             \
    {                                                                                                           \
        aw_arena_init(&arena);                                                                                  \
        aw_diags_init(&diags, &arena);                                                                          \
    }                                                                                                           \
    AW_TEST_UNUSED static inline void S_teardown(void)                                                          \
    {                                                                                                           \
        aw_diags_free(&diags);                                                                                  \
        aw_arena_free(&arena);                                                                                  \
    }                                                                                                           \
    AW_TEST_UNUSED static inline aw_doc *S_read_n(const char *text, size_t len)                                 \
    {                                                                                                           \
        return read_function(&arena, &diags, file_name, text, len);                                             \
    }                                                                                                           \
    AW_TEST_UNUSED static inline aw_doc *S_read(const char *text)                                               \
    {                                                                                                           \
        return S_read_n(text, strlen(text));                                                                    \
    }                                                                                                           \
    AW_TEST_UNUSED static inline const aw_diag *S_assert_error(const aw_doc *doc, const char *code,             \
                                                               unsigned line, unsigned col,                     \
                                                               const char *message)                             \
    {                                                                                                           \
        return aw_test_read_error(&diags, doc, file_name, code, line, col, message);                            \
    }

/* ---- document trees ----------------------------------------------------- */

/* The member of an object with this key, which must exist. */
static inline const aw_doc_member *aw_test_member(const aw_doc *object, const char *key)
{
    const aw_doc_member *m = aw_doc_member_find(object, key);
    ck_assert_msg(m != NULL, "no member \"%s\"", key);
    return m;
}

/* The value of that member. */
static inline const aw_doc *aw_test_get(const aw_doc *object, const char *key)
{
    return aw_test_member(object, key)->value;
}

#endif
