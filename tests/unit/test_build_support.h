/* A compile built into artifacts, for the tests of what `build` writes:
 * the compilation, its artifacts and the template and first OpenAPI
 * document parsed. Header-only, static inline, as test_support.h is. */
#ifndef AW_TEST_BUILD_SUPPORT_H
#define AW_TEST_BUILD_SUPPORT_H

#include "test_support.h"
#include "test_json_support.h"

typedef struct aw_test_built {
    aw_compilation c;
    bool compiled;
    aw_artifacts artifacts;
    json_t *template;
    json_t *openapi;            /* the first OpenAPI document; NULL if none */
} aw_test_built;

static inline void aw_test_built_free(aw_test_built *b)
{
    json_decref(b->template);
    json_decref(b->openapi);
    aw_artifacts_free(&b->artifacts);
    if (b->compiled)
        aw_compilation_free(&b->c);
    memset(b, 0, sizeof *b);
}

/* Compiles text in one spelling (the file is named after it: t.json, t.xml). */
static inline aw_compile_status aw_test_built_compile(aw_test_built *b, const char *text, aw_spelling spelling)
{
    ck_assert(!b->compiled);
    b->compiled = true;
    return aw_compile_buffer(&b->c, spelling == AW_SPELLING_XML ? "t.xml" : "t.json", text, strlen(text), spelling);
}

/* Compiles and builds a diagram that must deploy without errors. */
static inline void aw_test_built_build(aw_test_built *b, const char *text, aw_spelling spelling)
{
    aw_test_assert_clean(&b->c, aw_test_built_compile(b, text, spelling));
    bool ok = aw_artifacts_build(&b->c, &b->artifacts);
    if (!ok)
        aw_test_dump_diags(&b->c.diags);
    ck_assert_msg(ok, "the diagram does not deploy");
    aw_test_json_documents(&b->artifacts, &b->template, &b->openapi);
    ck_assert_ptr_nonnull(b->template);
}

/* Declares a file's build fixture: `b`, and S_teardown(), S_compile(text,
 * spelling) and S_build(text, spelling) over it as above. */
#define AW_TEST_BUILD_FIXTURE()                                                                                 \
    static aw_test_built b;                                                                                     \
    AW_TEST_UNUSED static inline void S_teardown(void) { aw_test_built_free(&b); }                               \
    AW_TEST_UNUSED static inline aw_compile_status S_compile(const char *text, aw_spelling spelling)             \
    {                                                                                                           \
        return aw_test_built_compile(&b, text, spelling);                                                       \
    }                                                                                                           \
    AW_TEST_UNUSED static inline void S_build(const char *text, aw_spelling spelling)                            \
    {                                                                                                           \
        aw_test_built_build(&b, text, spelling);                                                                \
    }

#endif
