/* Which Lambda function an integration or authorizer URI invokes: a
 * function of the template (directly, or through an alias or a
 * stage-variable qualifier), or a function outside it, known by its ARN,
 * which becomes an existing function of the diagram. */
#include <string.h>

#include "importer.h"

/* ":${!stageVariables.alias}" in Fn::Sub text, ":${stageVariables.alias}"
 * in a plain document: the qualifier each stage names. */
static const char *S_stage_variable_qualifier(aw_import *im, const aw_doc *uri)
{
    const aw_doc_member *sub = aw_doc_member_find(uri, "Fn::Sub");
    const aw_doc *text = sub ? sub->value : uri;
    if (text->kind == AW_DOC_ARRAY && text->as.array.count)
        text = text->as.array.items[0];
    if (text->kind != AW_DOC_STRING)
        return NULL;
    const char *at = strstr(text->as.string.chars, "stageVariables.");
    if (!at)
        return NULL;
    size_t n = strcspn(at + 15, "}");
    return aw_arena_printf(im->arena, "${stageVariables.%.*s}", (int)n, at + 15);
}

static const char *S_of_resource(aw_import *im, const char *logical, const char **alias)
{
    const aw_doc *res = aw_import_resource(im, logical);
    if (res && strcmp(aw_import_resource_type(res), "AWS::Lambda::Alias") == 0) {
        const aw_doc *props = aw_import_get(res, "Properties");
        *alias = aw_import_text(im, aw_import_get(props, "Name"), "the alias's Name");
        logical = aw_import_ref(im, aw_import_get(props, "FunctionName"));
    }
    return aw_import_node_id(im, logical);
}

/* "arn:aws:apigateway:R:lambda:path/2015-03-31/functions/ARN/invocations"
 * or the function ARN itself: an existing function, made once per ARN. */
static const char *S_of_arn(aw_import *im, const char *text, const aw_loc *loc, const char **alias)
{
    const char *fn = strstr(text, "/functions/");
    const char *arn = fn ? fn + 11 : text;
    size_t len = strcspn(arn, "/");
    const char *name = strstr(arn, ":function:");
    if (!name || (size_t)(name - arn) > len)
        return NULL;
    name += 10;
    size_t name_len = strcspn(name, ":/");
    if (name[name_len] == ':')
        *alias = aw_arena_strndup(im->arena, name + name_len + 1, len - (size_t)(name + name_len + 1 - arn));
    const char *plain_arn = aw_arena_strndup(im->arena, arn, (size_t)(name + name_len - arn));
    const char *key = aw_arena_printf(im->arena, "arn %s", plain_arn);
    const char *known = aw_import_node_id(im, key);
    if (known)
        return known;
    aw_doc *node = aw_itree_node(im, "function", aw_arena_strndup(im->arena, name, name_len), loc);
    aw_itree_set(im, node, "existing", aw_itree_bool(im, true, loc));
    aw_itree_set_string(im, node, "arn", plain_arn, loc);
    if (im->external_runtime)
        aw_itree_set_string(im, node, "runtime", im->external_runtime, loc);
    else
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-009", loc,
                         "function %s is outside the input, which does not say its runtime; give the runtime of "
                         "such functions with --runtime (e.g. --runtime nodejs22.x)",
                         aw_itree_id(node));
    aw_import_node_made(im, aw_arena_strdup(im->arena, key), node);
    return aw_itree_id(node);
}

const char *aw_import_function_target(aw_import *im, const aw_doc *uri, const char **alias)
{
    *alias = NULL;
    const char *logical = aw_import_ref(im, uri);
    if (logical) {
        const char *id = S_of_resource(im, logical, alias);
        const char *qualifier = S_stage_variable_qualifier(im, uri);
        if (qualifier)
            *alias = qualifier;
        return id;
    }
    const char *text = aw_import_text(im, uri, NULL);
    return text ? S_of_arn(im, text, &uri->loc, alias) : NULL;
}
