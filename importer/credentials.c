/* The role API Gateway calls a backend with (an integration's credentials,
 * an authorizer's authorizerCredentials): an existing role by ARN, or the
 * template's own role, which 'archway build' makes again. */
#include <string.h>

#include "props.h"

/* Whether every statement of the role's policies allows only
 * lambda:InvokeFunction, as the role a build creates for invoking does. */
static bool S_only_invokes(const aw_doc *role)
{
    const aw_doc *props = aw_import_get(role, "Properties");
    if (aw_import_get(props, "ManagedPolicyArns"))
        return false;
    const aw_doc *policies = aw_import_get(props, "Policies");
    size_t statements = 0;
    for (size_t i = 0; policies && policies->kind == AW_DOC_ARRAY && i < policies->as.array.count; i++) {
        const aw_doc *list = aw_import_get(aw_import_get(policies->as.array.items[i], "PolicyDocument"), "Statement");
        for (size_t k = 0; list && list->kind == AW_DOC_ARRAY && k < list->as.array.count; k++, statements++) {
            const aw_doc *action = aw_import_get(list->as.array.items[k], "Action");
            if (action && action->kind == AW_DOC_ARRAY && action->as.array.count == 1)
                action = action->as.array.items[0];
            if (!action || action->kind != AW_DOC_STRING || strcmp(action->as.string.chars, "lambda:InvokeFunction"))
                return false;
        }
    }
    return statements > 0;
}

void aw_iput_credentials(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *logical_id = aw_import_ref(im, value);
    const aw_doc *role = aw_import_resource(im, logical_id);
    const aw_doc *type = aw_itree_get(target, "type");
    bool lambda = type && strcmp(type->as.string.chars, "lambda") == 0;
    if (!role || strcmp(aw_import_resource_type(role), "AWS::IAM::Role") != 0) {
        aw_itree_set_string(im, target, row->field, aw_import_ref_text(im, value, row->prop), &value->loc);
    } else if (lambda && S_only_invokes(role)) {
        aw_itree_set_string(im, target, "invokeWith", "role", &value->loc);
    } else if (lambda) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "role %s of %s grants more than invoking the function, which is all the role a build "
                         "creates may do; name an existing role by its ARN instead; it is left out",
                         logical_id, row->prop);
    }
    /* An AWS service call's role of the template: a build creates the one
     * the call needs, allowed its action on its target only. */
}
