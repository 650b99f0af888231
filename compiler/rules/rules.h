/* The check functions of every rule family, for the catalogue table in
 * rules.c; each family lives in its own file next to this one. */
#ifndef AW_RULES_H
#define AW_RULES_H

#include "../lint.h"

/* security.c */
void aw_sec001_check(aw_lint_ctx *ctx);
void aw_sec002_check(aw_lint_ctx *ctx);
void aw_sec003_check(aw_lint_ctx *ctx);
void aw_sec004_check(aw_lint_ctx *ctx);
void aw_sec005_check(aw_lint_ctx *ctx);
void aw_sec006_check(aw_lint_ctx *ctx);
void aw_sec007_check(aw_lint_ctx *ctx);
void aw_sec008_check(aw_lint_ctx *ctx);
void aw_sec009_check(aw_lint_ctx *ctx);
void aw_sec010_check(aw_lint_ctx *ctx);
void aw_sec011_check(aw_lint_ctx *ctx);
void aw_sec012_check(aw_lint_ctx *ctx);
void aw_sec013_check(aw_lint_ctx *ctx);

#endif
