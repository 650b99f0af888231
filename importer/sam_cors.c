/* SAM's Cors of a REST API (AWS::Serverless::Api, Globals.Api, the implicit
 * API): the origin as a text, or a CorsConfiguration whose values are the
 * header values SAM writes into the OPTIONS mocks it adds, quotes included;
 * read as the API's cors, which a build writes as the same mocks. */
#include <stdlib.h>
#include <string.h>

#include "cfn_types.h"

/* A header value SAM writes as given: 'text' is text; anything else
 * would be a mapping expression, which a static cors cannot hold. */
static const char *S_static(aw_import *im, const aw_doc *v, const char *what)
{
    const char *s = aw_import_text(im, v, what);
    size_t n = s ? strlen(s) : 0;
    if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'')
        return aw_arena_strndup(im->arena, s + 1, n - 2);
    if (s)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &v->loc,
                         "%s '%s' is not a quoted static value ('%s'), which SAM writes as a header mapping "
                         "expression; it is left out",
                         what, s, s);
    return NULL;
}

/* A comma-separated header value as the list field. */
static void S_list(aw_import *im, aw_doc *cors, const aw_iprop *row, const aw_doc *v)
{
    const char *s = S_static(im, v, row->prop);
    if (s)
        aw_iput_source_list(im, cors, row, aw_itree_string(im, s, &v->loc));
}

static void S_max_age(aw_import *im, aw_doc *cors, const aw_iprop *row, const aw_doc *v)
{
    const char *s = S_static(im, v, row->prop);
    if (s)
        aw_iput_seconds(im, cors, row, aw_itree_string(im, s, &v->loc));
}

static const aw_iprop S_rows[] = {
    {"AllowOrigin", "allowOrigins", S_list, NULL},
    {"AllowMethods", "allowMethods", S_list, NULL},
    {"AllowHeaders", "allowHeaders", S_list, NULL},
    {"MaxAge", "maxAge", S_max_age, NULL},
    {"AllowCredentials", "allowCredentials", aw_iput_bool, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_sam_rest_cors(aw_import *im, aw_doc *api, const aw_doc *value)
{
    aw_doc *cors = aw_itree_object(im, &value->loc);
    if (value->kind == AW_DOC_OBJECT)
        aw_import_props(im, cors, value, S_rows, "Cors");
    else
        S_list(im, cors, &S_rows[0], value);
    if (!aw_itree_get(cors, "allowOrigins")) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc, "%s",
                         "Cors gives no static origin (AllowOrigin), which SAM requires; the API's Cors is left out");
        return;
    }
    /* Without AllowMethods SAM allows each path's own methods: filled in
     * once the routes are read (aw_sam_cors_methods). */
    if (!aw_itree_get(cors, "allowMethods"))
        aw_itree_set(im, cors, "allowMethods", aw_itree_array(im, &value->loc));
    aw_itree_set(im, api, "cors", cors);
}

static int S_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The methods of the API's routes and OPTIONS, ANY as every method, sorted. */
static void S_fill_methods(aw_import *im, const char *api_id, aw_doc *list)
{
    static const char *const every[] = {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"};
    const char *found[8] = {"OPTIONS"};
    size_t n = 1;
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *r = im->nodes->as.array.items[i];
        const aw_doc *api = aw_itree_get(r, "api"), *method = aw_itree_get(r, "method");
        if (!api || !method || api->kind != AW_DOC_STRING || method->kind != AW_DOC_STRING ||
            strcmp(api->as.string.chars, api_id) != 0)
            continue;
        for (size_t k = 0; k < sizeof every / sizeof every[0]; k++) {
            bool listed = false;
            for (size_t j = 0; j < n; j++)
                listed = listed || strcmp(found[j], every[k]) == 0;
            if (!listed && (strcmp(method->as.string.chars, "ANY") == 0 ||
                            strcmp(method->as.string.chars, every[k]) == 0))
                found[n++] = every[k];
        }
    }
    qsort(found, n, sizeof found[0], S_cmp);
    for (size_t j = 0; j < n; j++)
        aw_itree_push(im, list, aw_itree_string(im, found[j], &list->loc));
}

void aw_sam_cors_methods(aw_import *im)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        aw_doc *api = im->nodes->as.array.items[i];
        aw_doc *methods = aw_itree_get(aw_itree_get(api, "cors"), "allowMethods");
        if (methods && methods->kind == AW_DOC_ARRAY && !methods->as.array.count)
            S_fill_methods(im, aw_itree_id(api), methods);
    }
}
