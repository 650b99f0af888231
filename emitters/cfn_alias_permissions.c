/* Lambda integrations that invoke an alias: API Gateway needs a permission
 * on each alias it may call, the one the integration names or, for an
 * alias chosen by a stage variable, the value of that variable in every
 * stage of the API and in every canary that overrides it. The aliases are
 * published by the release process, not by this template. */
#include "cfn.h"

#include <stdio.h>
#include <string.h>

typedef struct alias_ctx {
    aw_cfn *c;
    const aw_node *api;
    aw_strset done;             /* "function alias" pairs written */
    aw_arena arena;
} alias_ctx;

/* "release-43" -> "Release43": a logical-id word. */
static void S_word(char *buf, size_t size, const char *alias)
{
    size_t n = 0;
    bool upper = true;
    for (const char *p = alias; *p && n + 1 < size; p++) {
        char ch = *p;
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (!alnum) {
            upper = true;
            continue;
        }
        buf[n++] = upper && ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
        upper = false;
    }
    buf[n] = '\0';
}

static void S_permission(alias_ctx *x, const aw_node *fn, const char *alias)
{
    aw_cfn *c = x->c;
    char key[600], word[200], id[900];
    snprintf(key, sizeof key, "%s %s", fn->id, alias);
    if (aw_strset_find(&x->done, key))
        return;
    aw_strset_insert(&x->done, aw_arena_strdup(&x->arena, key), (void *)fn, NULL);
    S_word(word, sizeof word, alias);
    aw_logical_fit(word, alias);       /* aliases hold 128 characters */
    snprintf(id, sizeof id, "%s%sInvokedBy%sPermission", aw_logical_id(&c->d.ids, fn), word,
             aw_logical_id(&c->d.ids, x->api));
    aw_subst target = AW_SUBST_INIT;
    aw_deploy_function_alias_arn(&c->d, fn, alias, &target);
    aw_cfn_permission(c, x->api, fn, id, &target);
}

/* The value of stage variable name in map, or NULL. */
static const char *S_value(const aw_map *map, const char *name, size_t len)
{
    for (size_t i = 0; i < map->count; i++)
        if (strlen(map->items[i].key) == len && strncmp(map->items[i].key, name, len) == 0)
            return map->items[i].value;
    return NULL;
}

/* An alias a stage (or its canary) names through a stage variable. */
static void S_stage_alias(alias_ctx *x, const aw_node *stage, const aw_node *fn, const char *alias)
{
    if (aw_lambda_qualifier_ok(alias))
        S_permission(x, fn, alias);
    else
        aw_deploy_report(&x->c->d, stage, NULL, "stage '%s' names \"%s\" as the alias of function '%s', which is no "
                         "Lambda alias name (letters, digits, '-', '_')", stage->id, alias, fn->id);
}

/* Each alias a stage variable names across the API's stages and canaries;
 * a stage that does not set it leaves its calls without a function. */
static void S_variable_aliases(alias_ctx *x, const aw_node *integ, const char *name, size_t len)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&x->c->d, x->api);
    const aw_node *fn = integ->as.integration.function.node;
    for (size_t i = 0; i < parts->stage_count; i++) {
        const aw_stage *st = &parts->stages[i]->as.stage;
        const char *value = S_value(&st->variables, name, len);
        const char *canary = st->canary ? S_value(&st->canary->variables, name, len) : NULL;
        if (!value)
            aw_deploy_report(&x->c->d, parts->stages[i], NULL, "stage '%s' does not set stage variable '%.*s', which "
                             "integration '%s' reads to choose the alias of function '%s' it invokes",
                             parts->stages[i]->id, (int)len, name, integ->id, fn->id);
        else
            S_stage_alias(x, parts->stages[i], fn, value);
        if (canary)
            S_stage_alias(x, parts->stages[i], fn, canary);
    }
}

void aw_cfn_alias_permissions(aw_cfn *c, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    alias_ctx x = {c, api, {0}, {0}};
    aw_strset_init(&x.done);
    aw_arena_init(&x.arena);
    aw_node_set seen;
    aw_node_set_init(&seen);
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *integ = parts->routes[i]->as.route.integration.node;
        if (!integ || integ->as.integration.type != AW_INTEG_LAMBDA || !integ->as.integration.alias ||
            !aw_node_set_add(&seen, integ))
            continue;
        size_t len;
        const char *name = aw_deploy_alias_variable(integ, &len);
        if (name)
            S_variable_aliases(&x, integ, name, len);
        else
            S_permission(&x, integ->as.integration.function.node, integ->as.integration.alias);
        aw_deploy_note(&c->d, integ, NULL, "integration '%s' invokes alias %s of function '%s', which this template "
                       "does not publish: create the alias%s before deploying it", integ->id,
                       integ->as.integration.alias, integ->as.integration.function.node->id,
                       name ? " each stage names" : "");
    }
    aw_node_set_free(&seen);
    aw_strset_free(&x.done);
    aw_arena_free(&x.arena);
}
