/* A REST API's JWT authorizer, AWS::ApiGateway::Authorizer JwtConfiguration,
 * as the format's algorithms and issuers with their audiences and claims. */
#include <stdbool.h>
#include <string.h>

#include "cfn_types.h"

/* JwtAdditionalClaim's Format: SINGLE_STRING is its one valid value (API
 * reference, JwtAdditionalClaim), which the format leaves implied; a rule
 * of another format would check something else, so it is not carried. */
static bool S_known_format(aw_import *im, const aw_doc *claim)
{
    const aw_doc *f = aw_import_get(claim, "Format");
    const char *format = f ? aw_import_text(im, f, "Format") : NULL;
    if (!f || (format && strcmp(format, "SINGLE_STRING") == 0))
        return true;
    im->counts.unmapped++;
    const char *name = aw_import_text(im, aw_import_get(claim, "ClaimName"), NULL);
    aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &f->loc,
                     "claim rule %s has Format '%s', not SINGLE_STRING, the only one API Gateway documents; the "
                     "rule is left out", name ? name : "(unnamed)", format ? format : "?");
    return false;
}

/* A list of objects, each mapped through row->sub into an object of the
 * list under row->field; a claim rule of an unknown format is not carried
 * (an issuer has no Format, so every issuer is). */
static void S_list(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    if (value->kind != AW_DOC_ARRAY) {
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &value->loc, "%s is not a list; it is left out",
                         row->prop);
        return;
    }
    aw_doc *list = aw_itree_array(im, &value->loc);
    for (size_t i = 0; i < value->as.array.count; i++) {
        const aw_doc *from = value->as.array.items[i];
        if (!S_known_format(im, from))
            continue;
        aw_doc *item = aw_itree_object(im, &from->loc);
        aw_import_props(im, item, from, row->sub, row->prop);
        aw_itree_push(im, list, item);
    }
    if (list->as.array.count)
        aw_itree_set(im, target, row->field, list);
}

static const aw_iprop S_claim_rows[] = {
    {"ClaimName", "name", aw_iput_text, NULL},
    {"ExpectedValues", "values", aw_iput_strings, NULL},
    {"Required", "required", aw_iput_bool, NULL},
    {"Format", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_issuer_rows[] = {
    {"Issuer", "issuer", aw_iput_text, NULL},
    {"Audiences", "audiences", aw_iput_strings, NULL},
    {"AdditionalClaims", "claims", S_list, S_claim_rows},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_jwt_rows[] = {
    {"DefaultAlgorithms", "algorithms", aw_iput_strings, NULL},
    {"Issuers", "issuers", S_list, S_issuer_rows},
    {NULL, NULL, NULL, NULL},
};

void aw_iput_rest_jwt(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    aw_import_props(im, target, value, S_jwt_rows, row->prop);
}
