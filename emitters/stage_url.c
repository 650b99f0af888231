/* Where clients reach a stage: which stage a custom domain maps, and at
 * what path (see stage_url.h). */
#include "stage_url.h"

#include <stdio.h>
#include <string.h>

static bool S_is_prod(const aw_node *stage)
{
    if (strcmp(aw_deploy_name(stage), "prod") == 0 || strcmp(aw_deploy_name(stage), "production") == 0)
        return true;
    for (size_t i = 0; i < stage->tags.count; i++)
        if (strcmp(stage->tags.items[i].key, "env") == 0 && strncmp(stage->tags.items[i].value, "prod", 4) == 0)
            return true;
    return false;
}

const aw_node *aw_stage_url_domain_stage(const aw_deploy *d, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(d, api);
    if (!parts->stage_count)
        return NULL;
    for (size_t i = 0; i < parts->stage_count; i++)
        if (S_is_prod(parts->stages[i]))
            return parts->stages[i];
    return parts->stages[0];
}

bool aw_stage_url_mapped_path(const aw_deploy *d, const aw_node *stage, char *buf, size_t size)
{
    const aw_node *api = stage->owner_api;
    const aw_custom_domain *dom = api->as.api.domain;
    if (!dom)
        return false;
    const char *base = dom->base_path ? dom->base_path : "";
    if (stage == aw_stage_url_domain_stage(d, api)) {
        snprintf(buf, size, "%s", base);
        return true;
    }
    if (!api->as.api.disable_default_endpoint)
        return false;
    /* "$default" is no path segment; its id is. */
    const char *name = aw_deploy_name(stage)[0] == '$' ? stage->id : aw_deploy_name(stage);
    snprintf(buf, size, "%s%s%s", base, *base ? "-" : "", name);
    return true;
}
