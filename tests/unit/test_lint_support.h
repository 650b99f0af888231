/* What the lint family tests share: compile a small diagram, lint it, and
 * check that one rule fires the expected number of times while no other
 * rule of its family does. Other families are not counted, so a rule added
 * to them cannot break another family's tests. */
#ifndef AW_TEST_LINT_SUPPORT_H
#define AW_TEST_LINT_SUPPORT_H

#include <check.h>
#include <string.h>

#include "../../compiler/lint.h"
#include "test_support.h"

/* status is what compiling the diagram into comp returned. Returns the
 * first unsuppressed finding of code, or NULL. */
static inline const aw_diag *aw_test_lint_expect(aw_compilation *comp, aw_compile_status status,
                                                 const char *code, size_t expected)
{
    if (status != AW_COMPILE_OK || comp->diags.count)
        aw_test_dump_diags(&comp->diags);
    ck_assert_int_eq(status, AW_COMPILE_OK);
    ck_assert_uint_eq(comp->diags.count, 0);
    aw_lint_run(comp, NULL);
    /* The family is the id up to its number: "AW-THR-" of "AW-THR-004". */
    const char *dash = strrchr(code, '-');
    size_t family_len = dash ? (size_t)(dash - code) + 1 : strlen(code);
    size_t n = 0, family = 0;
    const aw_diag *first = NULL;
    for (size_t i = 0; i < comp->diags.count; i++) {
        const aw_diag *d = &comp->diags.items[i];
        if (d->suppressed)
            continue;
        family += strncmp(d->code, code, family_len) == 0;
        if (strcmp(d->code, code) == 0) {
            n++;
            first = first ? first : d;
        }
    }
    if (n != expected || family != expected)
        aw_test_dump_diags(&comp->diags);
    ck_assert_uint_eq(n, expected);
    ck_assert_uint_eq(family, expected);
    return first;
}

#endif
