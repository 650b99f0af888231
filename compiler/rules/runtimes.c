/* Runtime rules (AW-COMPAT-006..007): Lambda functions on runtimes AWS has
 * deprecated, judged by the dated table in ir/runtimes.c against the run's
 * day (ctx->today), so that a fixed day gives the same findings forever.
 * Catalogue entries: rules.c. */
#include <string.h>

#include "../../ir/ir_fields.h"
#include "../../ir/runtimes.h"
#include "rules.h"

/* Whether the day `date` (NULL: not announced) has come. */
static bool S_reached(const aw_lint_ctx *ctx, const char *date)
{
    return date && strcmp(ctx->today, date) >= 0;
}

/* A function Archway deploys on a runtime whose creation is blocked: the
 * stack fails on it. Functions that exist already are not created. */
static bool S_blocked(const aw_lint_ctx *ctx, const aw_node *fn, const aw_runtime *rt)
{
    return !fn->as.function.existing && S_reached(ctx, rt->block_create);
}

static const char *S_successor(const aw_runtime *rt, char *buf, size_t size)
{
    if (rt->successor)
        snprintf(buf, size, "; move it to %s", rt->successor);
    else
        buf[0] = '\0';
    return buf;
}

/* Calls visit for every function with a runtime in the table. */
#define EACH_RUNTIME(ctx, fn, rt)                                                                               \
    for (size_t fn##_i = 0; fn##_i < (ctx)->model->node_count; fn##_i++)                                       \
        for (const aw_node *fn = (ctx)->model->nodes[fn##_i]; fn && fn->kind == AW_KIND_FUNCTION; fn = NULL)    \
            for (const aw_runtime *rt = aw_runtime_find(fn->as.function.runtime); rt; rt = NULL)

void aw_compat006_check(aw_lint_ctx *ctx)
{
    char next[64];
    EACH_RUNTIME(ctx, fn, rt) {
        if (!S_reached(ctx, rt->deprecated) || S_blocked(ctx, fn, rt))
            continue;
        char blocks[160] = "";
        if (!fn->as.function.existing && rt->block_create)
            snprintf(blocks, sizeof blocks, "; Lambda refuses to create functions on it from %s", rt->block_create);
        else if (rt->block_update && !S_reached(ctx, rt->block_update))
            snprintf(blocks, sizeof blocks, "; Lambda refuses updates to functions on it from %s", rt->block_update);
        aw_lint_report(ctx, fn, aw_node_field_loc(fn, "runtime"), NULL,
                       "function '%s' runs on %s, deprecated since %s: it gets no more security patches%s%s", fn->id,
                       rt->id, rt->deprecated, blocks, S_successor(rt, next, sizeof next));
    }
}

void aw_compat007_check(aw_lint_ctx *ctx)
{
    char next[64];
    EACH_RUNTIME(ctx, fn, rt) {
        if (S_blocked(ctx, fn, rt))
            aw_lint_report(ctx, fn, aw_node_field_loc(fn, "runtime"), NULL,
                           "function '%s' runs on %s, on which Lambda has refused to create functions since %s, so "
                           "the stack cannot create it%s",
                           fn->id, rt->id, rt->block_create, S_successor(rt, next, sizeof next));
    }
}
