/* Deployment settings of a Lambda function that Lambda, IAM or
 * CloudFormation would refuse, caught at compile time with their location.
 * Limits that can be tuned (sizes, name length and uniqueness) are lint
 * rules (compiler/rules/lambda_config.c); these are not. */
#include "function_check.h"

#include <stdarg.h>
#include <string.h>

#include "../ir/ir_fields.h"

typedef struct checker {
    aw_diags *diags;
    const aw_node *node;
    size_t errors;
} checker;

static void S_report(checker *k, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void S_report(checker *k, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *d = aw_diag_vadd(k->diags, sev, code, loc, fmt, ap);
    va_end(ap);
    d->element = k->node->id;
    if (sev == AW_SEV_ERROR)
        k->errors++;
}

static const aw_loc *S_loc(const checker *k, const char *field)
{
    return aw_node_field_loc(k->node, field);
}

static bool S_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Lambda sets these itself and refuses a function that sets them
 * (configuration-envvars.html, "Defined runtime environment variables"). */
static const char *const S_reserved_variables[] = {
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS", "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
};

static bool S_reserved(const char *key)
{
    for (size_t i = 0; i < sizeof S_reserved_variables / sizeof S_reserved_variables[0]; i++)
        if (strcmp(key, S_reserved_variables[i]) == 0)
            return true;
    return false;
}

static void S_environment(checker *k)
{
    const aw_map *env = &k->node->as.function.environment;
    for (size_t i = 0; i < env->count; i++) {
        const aw_pair *p = &env->items[i];
        /* The name's spelling is the field table's key pattern, checked as the map is read. */
        if (S_reserved(p->key))
            S_report(k, AW_SEV_ERROR, "bad-value", &p->loc, "environment variable '%s' of function '%s' is one "
                     "Lambda sets itself and refuses to take; rename it", p->key, k->node->id);
    }
}

/* Inline code is placed in a file named index, for the runtimes whose
 * source runs as written: Node.js and Python. */
static void S_code(checker *k)
{
    const aw_function *fn = &k->node->as.function;
    if (fn->code_uri && fn->inline_code)
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "inlineCode"), "function '%s' gives both 'codeUri' and "
                 "'inlineCode'; give one", k->node->id);
    if (fn->code_uri && !*fn->code_uri)
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "codeUri"), "'codeUri' of function '%s' is empty; give "
                 "the directory or .zip of its code, relative to the template", k->node->id);
    if (fn->inline_code && fn->runtime && strncmp(fn->runtime, "nodejs", 6) != 0 &&
        strncmp(fn->runtime, "python", 6) != 0)
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "inlineCode"), "function '%s' runs %s, which cannot take "
                 "'inlineCode' (Node.js and Python only); give 'codeUri' instead", k->node->id, fn->runtime);
}

/* Letters, digits, '-' and '_'; the length is AW-FN-003's. */
static void S_function_name(checker *k)
{
    const char *name = k->node->as.function.function_name;
    if (!name)
        return;
    bool ok = *name != 0;
    for (const char *p = name; *p && ok; p++)
        ok = S_alnum(*p) || *p == '-' || *p == '_';
    if (!ok)
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "functionName"), "'functionName' of function '%s' is "
                 "\"%s\"; a Lambda function name holds only letters, digits, '-' and '_'", k->node->id, name);
}

/* arn:PARTITION:iam::ACCOUNT:WHAT/... */
static bool S_iam_arn(const char *text, const char *what)
{
    if (strncmp(text, "arn:", 4) != 0)
        return false;
    const char *iam = strstr(text, ":iam::");
    if (!iam)
        return false;
    const char *colon = strchr(iam + 6, ':');
    return colon && strncmp(colon + 1, what, strlen(what)) == 0 && colon[1 + strlen(what)] == '/';
}

static void S_role(checker *k)
{
    const aw_function *fn = &k->node->as.function;
    if (fn->role && !S_iam_arn(fn->role, "role"))
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "role"), "'role' of function '%s' is \"%s\"; give an IAM "
                 "role ARN (arn:aws:iam::ACCOUNT:role/NAME)", k->node->id, fn->role);
    for (size_t i = 0; i < fn->managed_policies.count; i++)
        if (!S_iam_arn(fn->managed_policies.items[i], "policy"))
            S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, "managedPolicies"), "managed policy \"%s\" of function "
                     "'%s' is no policy ARN (arn:aws:iam::aws:policy/NAME, or your account's)",
                     fn->managed_policies.items[i], k->node->id);
    if (fn->role && (fn->managed_policies.count || fn->statement_count))
        S_report(k, AW_SEV_ERROR, "bad-value", S_loc(k, fn->statement_count ? "policyStatements" : "managedPolicies"),
                 "function '%s' runs as the role it names in 'role', which the template does not create or change; "
                 "give that role these policies where it is defined, or drop 'role'", k->node->id);
}

/* Fields that configure what the template creates, and mean nothing for a
 * function that exists already. */
static const char *const S_created_only[] = {
    "codeUri", "inlineCode", "functionName", "environment", "role", "managedPolicies", "policyStatements", "vpc",
    "tracing",
};

static void S_existing(checker *k)
{
    const aw_kind_desc *kd = &aw_kind_descs[AW_KIND_FUNCTION];
    const void *base = &k->node->as.function;
    for (size_t i = 0; i < sizeof S_created_only / sizeof S_created_only[0]; i++)
        if (aw_field_is_set(aw_struct_field(kd->desc, S_created_only[i]), base))
            S_report(k, AW_SEV_WARNING, "unused-field", S_loc(k, S_created_only[i]), "'%s' does not apply to an "
                     "existing function, which the template does not create, and is ignored", S_created_only[i]);
}

size_t aw_function_check(aw_diags *diags, const aw_node *node)
{
    checker k = {diags, node, 0};
    if (node->as.function.existing) {
        S_existing(&k);
        return 0;
    }
    S_code(&k);
    S_function_name(&k);
    S_environment(&k);
    S_role(&k);
    return k.errors;
}
