/* A REST API's models written as template resources (AWS::ApiGateway::Model),
 * each a model of its API: name, media type and JSON Schema. */
#include "cfn_types.h"
#include "openapi_parts.h"

#include "../ir/strbuf.h"

/* Schema is JSON in the template; the format holds the schema's text. */
static void S_schema(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_strbuf text = AW_STRBUF_INIT;
    if (value->kind == AW_DOC_STRING)
        aw_strbuf_puts(&text, value->as.string.chars);
    else
        aw_import_schema_text(value, &text);
    aw_itree_set_string(im, target, row->field, aw_arena_strndup(im->arena, text.data, text.len), &value->loc);
    aw_strbuf_free(&text);
}

static const aw_iprop S_model_rows[] = {
    {"RestApiId", NULL, NULL, NULL},
    {"Name", "name", aw_iput_text, NULL},
    {"ContentType", "contentType", aw_iput_text, NULL},
    {"Schema", "schema", S_schema, NULL},
    {"Description", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_rest_model(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "RestApiId", "model");
    aw_doc *api_node = api ? aw_strset_find(&im->ids, api) : NULL;
    if (!api_node)
        return;
    aw_doc *model = aw_itree_object(im, &props->loc);
    aw_import_props(im, model, props, S_model_rows, logical_id);
    aw_doc *models = aw_itree_get(api_node, "models");
    if (!models) {
        models = aw_itree_array(im, &props->loc);
        aw_itree_set(im, api_node, "models", models);
    }
    aw_itree_push(im, models, model);
}
