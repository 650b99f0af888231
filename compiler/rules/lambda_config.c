/* Rules on a Lambda function's deployment settings (AW-FN-001..004): sizes
 * Lambda refuses, secrets in environment variables, function names, and
 * VPC functions that call AWS services. Catalogue entries: rules.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../../ir/aws_limits.h"
#include "../../ir/ir_fields.h"
#include "../../ir/strset.h"
#include "rules.h"
#include "secrets.h"

/* ---- AW-FN-001: environment and inline code over Lambda's limits -------------- */

/* Bytes of a string as a JSON string's content: Lambda measures the
 * variables as the JSON object {"NAME":"value",...}. */
static size_t S_json_len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += *p == '"' || *p == '\\' ? 2 : *p < 0x20 ? 6 : 1;
    return n;
}

static size_t S_environment_bytes(const aw_map *env)
{
    size_t n = 2;                           /* {} */
    for (size_t i = 0; i < env->count; i++)
        n += S_json_len(env->items[i].key) + S_json_len(env->items[i].value) + 5 + (i > 0);
    return n;
}

void aw_fn001_check(aw_lint_ctx *ctx)
{
    double env_limit = aw_limit_value(AW_LIMIT_LAMBDA_ENV_BYTES);
    double code_limit = aw_limit_value(AW_LIMIT_LAMBDA_INLINE_CODE_BYTES);
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *fn = ctx->model->nodes[i];
        if (fn->kind != AW_KIND_FUNCTION || fn->as.function.existing)
            continue;
        const aw_function *f = &fn->as.function;
        size_t env = S_environment_bytes(&f->environment);
        if (f->environment.count && env > env_limit)
            aw_lint_report(ctx, fn, aw_node_field_loc(fn, "environment"), NULL, "environment variables of function "
                           "'%s' take %zu bytes as Lambda measures them, over its %.0f-byte limit", fn->id, env,
                           env_limit);
        size_t code = f->inline_code ? strlen(f->inline_code) : 0;
        if (code > code_limit)
            aw_lint_report(ctx, fn, aw_node_field_loc(fn, "inlineCode"), NULL, "inline code of function '%s' is %zu "
                           "bytes, over the %.0f bytes CloudFormation takes inline", fn->id, code, code_limit);
    }
}

/* ---- AW-FN-002: secrets in environment variables ------------------------------ */

/* Names that say their value is a credential. */
static const char *const S_secret_suffixes[] = {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
                                                "PRIVATE_KEY", "CLIENT_SECRET"};

static bool S_secret_name(const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < sizeof S_secret_suffixes / sizeof S_secret_suffixes[0]; i++) {
        size_t k = strlen(S_secret_suffixes[i]);
        if (n >= k && strcasecmp(key + n - k, S_secret_suffixes[i]) == 0)
            return true;
    }
    return false;
}

/* A reference says where the secret is kept: a dynamic reference, an ARN
 * or a parameter path. */
static bool S_reference(const char *value)
{
    return strncmp(value, "{{resolve:", 10) == 0 || strncmp(value, "arn:", 4) == 0 || value[0] == '/' ||
           strncmp(value, "${", 2) == 0;
}

static void S_scan_variable(aw_lint_ctx *ctx, const aw_node *fn, const aw_pair *p)
{
    aw_secret_match m;
    if (aw_secret_find(p->value, &m)) {
        char masked[16];
        aw_secret_mask(p->value + m.start, m.len, masked, sizeof masked);
        aw_diag *d = aw_lint_report(ctx, fn, &p->loc, NULL, "environment variable '%s' of function '%s' holds what "
                                    "looks like %s (%s)", p->key, fn->id, m.kind, masked);
        aw_diag_set_secret(ctx->diags, d, p->value + m.start, m.len);
    } else if (*p->value && S_secret_name(p->key) && !S_reference(p->value)) {
        aw_diag *d = aw_lint_report(ctx, fn, &p->loc, NULL, "environment variable '%s' of function '%s' is named "
                                    "as a credential and holds a literal value", p->key, fn->id);
        aw_diag_set_secret(ctx->diags, d, p->value, strlen(p->value));
    }
}

void aw_fn002_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *fn = ctx->model->nodes[i];
        if (fn->kind != AW_KIND_FUNCTION)
            continue;
        for (size_t k = 0; k < fn->as.function.environment.count; k++)
            S_scan_variable(ctx, fn, &fn->as.function.environment.items[k]);
    }
}

/* ---- AW-FN-003: function names too long or used twice ------------------------- */

void aw_fn003_check(aw_lint_ctx *ctx)
{
    double limit = aw_limit_value(AW_LIMIT_LAMBDA_NAME_CHARS);
    aw_strset seen;
    aw_strset_init(&seen);
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *fn = ctx->model->nodes[i];
        const char *name = fn->kind == AW_KIND_FUNCTION ? fn->as.function.function_name : NULL;
        if (!name || fn->as.function.existing)
            continue;
        const aw_loc *loc = aw_node_field_loc(fn, "functionName");
        if (strlen(name) > limit)
            aw_lint_report(ctx, fn, loc, NULL, "function name '%s' of function '%s' has %zu characters; Lambda "
                           "takes at most %.0f", name, fn->id, strlen(name), limit);
        void *first = NULL;
        if (!aw_strset_insert(&seen, name, (void *)fn, &first)) {
            const aw_node *other = first;
            aw_diag *d = aw_lint_report(ctx, fn, loc, aw_node_field_loc(other, "functionName"), "functions '%s' and "
                                        "'%s' are both named '%s'; the second cannot be created", other->id,
                                        fn->id, name);
            aw_lint_relate(ctx, d, "function '%s' takes the name here", other->id);
        }
    }
    aw_strset_free(&seen);
}

/* ---- AW-FN-004: VPC functions calling AWS services ------------------------------ */

/* Engines reached through a public AWS endpoint rather than inside the VPC
 * (databases are in the VPC themselves). */
static bool S_public_endpoint(const aw_node *to)
{
    if (to->kind == AW_KIND_API || to->kind == AW_KIND_STAGE || to->kind == AW_KIND_ROUTE)
        return true;
    if (to->kind != AW_KIND_DATASTORE)
        return false;
    aw_store_engine e = to->as.datastore.engine;
    return e != AW_STORE_RDS && e != AW_STORE_AURORA && e != AW_STORE_UNSET;
}

void aw_fn004_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_edge *e = &m->edges[i];
        const aw_node *fn = e->from.node, *to = e->to.node;
        if (!fn || !to || fn->kind != AW_KIND_FUNCTION || !fn->as.function.vpc || fn->as.function.existing ||
            !S_public_endpoint(to))
            continue;
        aw_diag *d = aw_lint_report(ctx, fn, &e->loc, aw_node_field_loc(fn, "vpc"), "function '%s' runs in a VPC "
                                    "and calls %s '%s', which it reaches only through a VPC endpoint or a NAT "
                                    "gateway of that VPC", fn->id, aw_kind_name(to->kind), to->id);
        aw_lint_relate(ctx, d, "function '%s' is placed in the VPC here", fn->id);
    }
}
