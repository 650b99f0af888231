/* Where clients reach a stage: which stage a custom domain maps, and at
 * what path (see stage_url.h). */
#include "stage_url.h"

#include "../emitters/deploy.h"

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

const aw_node *aw_stage_url_domain_stage(const aw_node *const *stages, size_t count)
{
    if (!count)
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (S_is_prod(stages[i]))
            return stages[i];
    return stages[0];
}

bool aw_stage_url_mapped_path(const aw_node *domain_stage, const aw_node *stage, aw_strbuf *out)
{
    const aw_node *api = stage->owner_api;
    const aw_custom_domain *dom = api->as.api.domain;
    if (!dom)
        return false;
    const char *base = dom->base_path ? dom->base_path : "";
    if (stage == domain_stage) {
        if (out)
            aw_strbuf_puts(out, base);
        return true;
    }
    if (!api->as.api.disable_default_endpoint)
        return false;
    /* "$default" is no path segment; its id is. */
    const char *name = aw_deploy_name(stage)[0] == '$' ? stage->id : aw_deploy_name(stage);
    if (out) {
        aw_strbuf_puts(out, base);
        aw_strbuf_puts(out, *base ? "-" : "");
        aw_strbuf_puts(out, name);
    }
    return true;
}

bool aw_stage_url_write(const aw_node *domain_stage, const aw_node *stage, aw_strbuf *out)
{
    const aw_node *api = stage->owner_api;
    aw_strbuf path = AW_STRBUF_INIT;
    if (aw_stage_url_mapped_path(domain_stage, stage, &path)) {
        aw_strbuf_printf(out, "https://%s%s%s", api->as.api.domain->domain_name, path.len ? "/" : "",
                         path.len ? path.data : "");
        aw_strbuf_free(&path);
        return true;
    }
    if (api->as.api.disable_default_endpoint)
        return false;
    /* The $default stage of an HTTP API is served at the root. */
    const char *name = aw_deploy_name(stage);
    aw_strbuf_printf(out, "https://{apiId}.execute-api.{region}.amazonaws.com%s%s", *name == '$' ? "" : "/",
                     *name == '$' ? "" : name);
    return true;
}
