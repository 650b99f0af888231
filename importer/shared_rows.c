/* Property rows that several resource types share (CORS of HTTP APIs in
 * CloudFormation and SAM, access logs, JWT configurations), and the
 * converter of comma-separated identity sources. */
#include <string.h>

#include "props.h"

const aw_iprop aw_import_cors_rows[] = {
    {"AllowOrigins", "allowOrigins", aw_iput_strings, NULL},
    {"AllowMethods", "allowMethods", aw_iput_strings, NULL},
    {"AllowHeaders", "allowHeaders", aw_iput_strings, NULL},
    {"ExposeHeaders", "exposeHeaders", aw_iput_strings, NULL},
    {"AllowCredentials", "allowCredentials", aw_iput_bool, NULL},
    {"MaxAge", "maxAge", aw_iput_seconds, NULL},
    {"allowOrigins", "allowOrigins", aw_iput_strings, NULL},      /* x-amazon-apigateway-cors */
    {"allowMethods", "allowMethods", aw_iput_strings, NULL},
    {"allowHeaders", "allowHeaders", aw_iput_strings, NULL},
    {"exposeHeaders", "exposeHeaders", aw_iput_strings, NULL},
    {"allowCredentials", "allowCredentials", aw_iput_bool, NULL},
    {"maxAge", "maxAge", aw_iput_seconds, NULL},
    {NULL, NULL, NULL, NULL},
};

const aw_iprop aw_import_access_log_rows[] = {
    {"DestinationArn", "destination", aw_iput_log_group, NULL},
    {"Format", "format", aw_iput_text, NULL},
    {NULL, NULL, NULL, NULL},
};

const aw_iprop aw_import_jwt_rows[] = {
    {"issuer", "issuer", aw_iput_text, NULL},
    {"audience", "audiences", aw_iput_strings, NULL},
    {"Issuer", "issuer", aw_iput_text, NULL},
    {"Audience", "audiences", aw_iput_strings, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_iput_source_list(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *text = aw_import_text(im, value, row->prop);
    aw_doc *list = aw_itree_array(im, &value->loc);
    for (const char *s = text ? text : ""; *s;) {
        s += strspn(s, ", ");
        size_t n = strcspn(s, ",");
        while (n && s[n - 1] == ' ')
            n--;
        if (n)
            aw_itree_push(im, list, aw_itree_string(im, aw_arena_strndup(im->arena, s, n), &value->loc));
        s += strcspn(s, ",");
    }
    if (list->as.array.count)
        aw_itree_set(im, target, row->field, list);
}
