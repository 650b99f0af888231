/* Stage variables that change nothing: a variable no integration or
 * authorizer of its API reads, and a canary whose overrides are all such
 * variables, deploy fine but do not do what the diagram says (a canary
 * without a deployment of its own runs the stage's deployment). */
#include "cfn.h"
#include "../ir/ir_fields.h"

#include <string.h>

/* Adds each NAME of "stageVariables.NAME" in text to names. */
static void S_scan(const char *text, aw_strset *names, aw_arena *arena)
{
    static const char marker[] = "stageVariables.";
    for (const char *p = text ? strstr(text, marker) : NULL; p; p = strstr(p, marker)) {
        p += sizeof marker - 1;
        size_t n = 0;
        while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') ||
               p[n] == '_')
            n++;
        if (!n)
            continue;
        char *name = aw_arena_alloc(arena, n + 1);
        memcpy(name, p, n);
        name[n] = '\0';
        aw_strset_insert(names, name, name, NULL);
    }
}

static void S_scan_map(const aw_map *map, aw_strset *names, aw_arena *arena)
{
    for (size_t i = 0; i < map->count; i++)
        S_scan(map->items[i].value, names, arena);
}

/* The stage variables the API's integrations and authorizers read by
 * name; returns whether a Lambda function receives them all in its event
 * (a Lambda integration or authorizer), where its code may read any. */
static bool S_read_variables(const aw_api_parts *parts, aw_strset *names, aw_arena *arena)
{
    bool lambda = false;
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *integ = parts->routes[i]->as.route.integration.node;
        const aw_node *auth = aw_deploy_route_authorizer(parts->routes[i]);
        lambda |= auth && auth->as.authorizer.type == AW_AUTH_LAMBDA;
        if (integ) {
            const aw_integration *in = &integ->as.integration;
            lambda |= in->type == AW_INTEG_LAMBDA;
            S_scan(in->url, names, arena);
            S_scan(in->alias, names, arena);
            S_scan(in->request_template, names, arena);
            S_scan(in->role, names, arena);
            S_scan_map(&in->headers, names, arena);
            S_scan_map(&in->request_parameters, names, arena);
            S_scan_map(&in->parameter_mappings, names, arena);
            for (size_t k = 0; k < in->response_count; k++) {
                S_scan_map(&in->responses[k].headers, names, arena);
                S_scan_map(&in->responses[k].templates, names, arena);
            }
        }
        for (size_t k = 0; auth && k < auth->as.authorizer.identity_sources.count; k++)
            S_scan(auth->as.authorizer.identity_sources.items[k], names, arena);
    }
    return lambda;
}

/* The variables of map that nothing reads, as "a, b" in out; returns
 * their number. */
static size_t S_unread(const aw_map *map, const aw_strset *read, aw_strbuf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < map->count; i++) {
        if (aw_strset_find(read, map->items[i].key))
            continue;
        if (n++)
            aw_strbuf_puts(out, ", ");
        aw_strbuf_puts(out, map->items[i].key);
    }
    return n;
}

static void S_check_stage(aw_cfn *c, const aw_node *api, const aw_node *stage, const aw_strset *read, bool lambda)
{
    const aw_stage *st = &stage->as.stage;
    aw_strbuf unread = AW_STRBUF_INIT;
    if (S_unread(&st->variables, read, &unread) && !lambda)
        aw_deploy_warn(&c->d, stage, aw_node_field_loc(stage, "variables"),
                       "stage variables of stage '%s' that no integration or authorizer of API '%s' reads change "
                       "nothing: %s", stage->id, api->id, unread.data);
    aw_strbuf_free(&unread);
    if (!st->canary || api->as.api.type != AW_API_REST)
        return;
    /* Without a deployment of its own, a canary differs from the stage
     * only by the variables it overrides; a Lambda integration's URI never
     * reads one, so the canary invokes the very functions the stage does. */
    const aw_map *overrides = &st->canary->variables;
    if (S_unread(overrides, read, &unread) < overrides->count || !overrides->count) {
        if (!overrides->count)
            aw_deploy_warn(&c->d, stage, aw_node_field_loc(stage, "canary"),
                           "the canary of stage '%s' runs the stage's own deployment and overrides no stage variable, "
                           "so its %g%% of traffic behaves exactly like the rest", stage->id, st->canary->percent);
        aw_strbuf_free(&unread);
        return;
    }
    aw_deploy_warn(&c->d, stage, aw_node_field_loc(stage, "canary"),
                   "the canary of stage '%s' runs the stage's own deployment and invokes the same backends and function "
                   "versions as the rest of the stage; its %g%% of traffic differs only in stage variables %s(%s)",
                   stage->id, st->canary->percent,
                   lambda ? "that its Lambda functions receive in their events but that choose no alias (a Lambda "
                            "integration's 'alias' may read one) " : "that nothing reads ", unread.data);
    aw_strbuf_free(&unread);
}

void aw_cfn_check_stage_variables(aw_cfn *c, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    aw_strset read;
    aw_arena arena;
    aw_strset_init(&read);
    aw_arena_init(&arena);
    bool lambda = S_read_variables(parts, &read, &arena);
    for (size_t i = 0; i < parts->stage_count; i++)
        S_check_stage(c, api, parts->stages[i], &read, lambda);
    aw_strset_free(&read);
    aw_arena_free(&arena);
}
