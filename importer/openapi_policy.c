/* A REST API's resource policy (x-amazon-apigateway-policy) as the
 * diagram's resourcePolicy: effect, principals, actions, route patterns,
 * and the source conditions the format holds; other conditions reported. */
#include <string.h>

#include "openapi_parts.h"

/* "execute-api:/STAGE/METHOD/path" -> "METHOD /path", "*" for everything. */
static const char *S_pattern(aw_import *im, const char *arn)
{
    static const char prefix[] = "execute-api:/";
    if (strncmp(arn, prefix, sizeof prefix - 1) != 0)
        return arn;
    const char *rest = arn + sizeof prefix - 1;
    const char *method = strchr(rest, '/');
    if (!method)
        return "*";
    method++;
    const char *path = strchr(method, '/');
    size_t n = path ? (size_t)(path - method) : strlen(method);
    if ((!path || strcmp(path, "/*") == 0) && n == 1 && method[0] == '*')
        return "*";
    if (n == 1 && method[0] == '*')
        return path ? path : "*";
    return aw_arena_printf(im->arena, "%.*s %s", (int)n, method, path ? path : "/*");
}

static void S_resources(aw_openapi *o, aw_doc *st, const aw_doc *v)
{
    aw_doc *list = aw_itree_array(o->im, &v->loc);
    size_t count = v->kind == AW_DOC_ARRAY ? v->as.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        const aw_doc *item = v->kind == AW_DOC_ARRAY ? v->as.array.items[i] : v;
        const char *text = aw_import_text(o->im, item, "Resource");
        if (text)
            aw_itree_push(o->im, list, aw_itree_string(o->im, S_pattern(o->im, text), &item->loc));
    }
    aw_itree_set(o->im, st, "resources", list);
}

static void S_principals(aw_openapi *o, aw_doc *st, const aw_doc *v)
{
    const aw_doc *aws = v->kind == AW_DOC_OBJECT ? aw_import_get(v, "AWS") : v;
    if (aws)
        aw_iput_strings(o->im, st, &(aw_iprop){"Principal", "principals", NULL, NULL}, aws);
    else
        aw_openapi_unmapped(o, "a principal that is not an AWS account, role or \"*\"", &v->loc, "the resource policy");
}

/* Condition operator and key -> the statement's field. */
static const struct {
    const char *op, *key, *field;
} S_conditions[] = {
    {"IpAddress", "aws:SourceIp", "sourceIps"},
    {"NotIpAddress", "aws:SourceIp", "notSourceIps"},
    {"StringEquals", "aws:SourceVpc", "sourceVpcs"},
    {"StringEquals", "aws:SourceVpce", "sourceVpces"},
    {"StringEquals", "aws:PrincipalAccount", "sourceAccounts"},
};

static void S_condition(aw_openapi *o, aw_doc *st, const aw_doc *cond)
{
    for (size_t i = 0; cond->kind == AW_DOC_OBJECT && i < cond->as.object.count; i++) {
        const aw_doc_member *op = &cond->as.object.members[i];
        for (size_t k = 0; op->value->kind == AW_DOC_OBJECT && k < op->value->as.object.count; k++) {
            const aw_doc_member *key = &op->value->as.object.members[k];
            const char *field = NULL;
            for (size_t c = 0; c < sizeof S_conditions / sizeof *S_conditions && !field; c++)
                if (strcmp(S_conditions[c].op, op->key) == 0 && strcmp(S_conditions[c].key, key->key) == 0)
                    field = S_conditions[c].field;
            if (field)
                aw_iput_strings(o->im, st, &(aw_iprop){key->key, field, NULL, NULL}, key->value);
            else
                aw_openapi_unmapped(o, aw_arena_printf(o->im->arena, "condition %s %s", op->key, key->key),
                                    &key->key_loc, "the resource policy");
        }
    }
}

static const aw_iprop S_statement_rows[] = {
    {"Sid", NULL, aw_iput_derived, NULL},
    {"Effect", "effect", aw_iput_lower, NULL},
    {"Principal", NULL, NULL, NULL},
    {"Action", NULL, NULL, NULL},
    {"Resource", NULL, NULL, NULL},
    {"Condition", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_openapi_policy(aw_openapi *o, const aw_doc *policy)
{
    const aw_doc *statements = aw_import_get(policy, "Statement");
    aw_doc *list = aw_itree_array(o->im, &policy->loc);
    size_t count = statements && statements->kind == AW_DOC_ARRAY ? statements->as.array.count : 0;
    for (size_t i = 0; i < count; i++) {
        const aw_doc *s = statements->as.array.items[i];
        aw_doc *st = aw_itree_object(o->im, &s->loc);
        aw_import_props(o->im, st, s, S_statement_rows, "a resource policy statement");
        const aw_doc *principal = aw_import_get(s, "Principal"), *resource = aw_import_get(s, "Resource"),
                     *cond = aw_import_get(s, "Condition");
        if (principal)
            S_principals(o, st, principal);
        /* execute-api:Invoke alone is the format's default: left implied. */
        const aw_doc *action = aw_import_get(s, "Action");
        const aw_doc *only = action && action->kind == AW_DOC_ARRAY && action->as.array.count == 1
                                 ? action->as.array.items[0]
                                 : action;
        const char *text = only ? aw_import_text(o->im, only, NULL) : NULL;
        if (action && !(text && strcmp(text, "execute-api:Invoke") == 0))
            aw_iput_strings(o->im, st, &(aw_iprop){"Action", "actions", NULL, NULL}, action);
        if (resource)
            S_resources(o, st, resource);
        if (cond)
            S_condition(o, st, cond);
        aw_itree_push(o->im, list, st);
    }
    aw_doc *resource_policy = aw_itree_object(o->im, &policy->loc);
    aw_itree_set(o->im, resource_policy, "statements", list);
    aw_itree_set(o->im, o->api, "resourcePolicy", resource_policy);
}
