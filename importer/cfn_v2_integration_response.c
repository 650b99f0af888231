/* WebSocket integration responses: the $default
 * AWS::ApiGatewayV2::IntegrationResponse that lets a two-way route pass a
 * mock's or service call's answer on; a mock's one response template is
 * its body. Integrations' request templates are read here too, as both
 * spell a template map the same way. */
#include <string.h>

#include "cfn_types.h"

/* The one template of a map, selected by $default (TemplateSelectionExpression
 * \$default, or none): NULL, reported, for any other selection. */
static const aw_doc *S_one_template(aw_import *im, const aw_doc *props, const char *prop, const char *owner)
{
    const aw_doc *map = aw_import_get(props, prop);
    const aw_doc *sel = aw_import_get(props, "TemplateSelectionExpression");
    const char *sel_text = aw_import_text(im, sel, "TemplateSelectionExpression");
    if (!map)
        return NULL;
    bool one = map->kind == AW_DOC_OBJECT && map->as.object.count == 1;
    bool any = !sel_text || strcmp(sel_text, "\\$default") == 0 || strcmp(sel_text, "$default") == 0;
    if (one && (any || strcmp(map->as.object.members[0].key, "$default") == 0))
        return map->as.object.members[0].value;
    im->counts.unmapped++;
    aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &map->loc,
                     "%s of %s selects among several templates, and the diagram holds one, sent for every "
                     "message; they are left out",
                     prop, owner);
    return NULL;
}

void aw_tpl_v2_request_template(aw_import *im, aw_doc *node, const aw_doc *props, const char *owner)
{
    const aw_doc *t = S_one_template(im, props, "RequestTemplates", owner);
    if (t)
        aw_itree_set_string(im, node, "requestTemplate", aw_import_ref_text(im, t, "the request template"), &t->loc);
}

static void S_key(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    (void)target;
    const char *s = aw_import_text(im, value, row->prop);
    if (s && strcmp(s, "$default") != 0)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "integration response key '%s' answers some of the backend's answers only, and the "
                         "diagram's two-way route passes every one on ($default); it is read as $default",
                         s);
}

static const aw_iprop S_rows[] = {
    {"ApiId", NULL, NULL, NULL},
    {"IntegrationId", NULL, NULL, NULL},
    {"IntegrationResponseKey", NULL, S_key, NULL},
    {"ResponseTemplates", NULL, NULL, NULL},
    {"TemplateSelectionExpression", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_v2_integration_response(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *ref = aw_import_get(props, "IntegrationId");
    const char *id = aw_import_node_id(im, aw_import_ref(im, ref));
    aw_doc *integ = id ? aw_strset_find(&im->ids, id) : NULL;
    if (!integ) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", ref ? &ref->loc : &props->loc,
                         "integration response %s belongs to no integration of this template; it is left out",
                         logical_id);
        return;
    }
    aw_import_props(im, integ, props, S_rows, logical_id);
    const aw_doc *type = aw_itree_get(integ, "type");
    const aw_doc *tmpl = S_one_template(im, props, "ResponseTemplates", logical_id);
    if (tmpl && type && strcmp(type->as.string.chars, "mock") == 0) {
        aw_itree_set_string(im, integ, "body", aw_import_ref_text(im, tmpl, "the response template"), &tmpl->loc);
    } else if (tmpl) {
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &tmpl->loc,
                         "the response template of %s reshapes the answer of integration '%s', and the diagram "
                         "format holds one for mocks only (their body); it is left out",
                         logical_id, id);
    }
}
