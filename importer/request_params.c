/* The query and header parameters a REST method declares: OpenAPI's
 * parameters and CloudFormation's RequestParameters
 * ("method.request.querystring.NAME": required) as the route's
 * parameters. Path parameters come from the path, and the optional ones a
 * build declares because the integration's mappings read them are its. */
#include <string.h>

#include "openapi_parts.h"

static void S_push(aw_import *im, aw_doc *route, const char *in, const char *name, bool required, const aw_loc *loc)
{
    aw_doc *p = aw_itree_object(im, loc);
    aw_itree_set_string(im, p, "in", in, loc);
    aw_itree_set_string(im, p, "name", name, loc);
    if (required)
        aw_itree_set(im, p, "required", aw_itree_bool(im, true, loc));
    aw_doc *list = aw_itree_get(route, "parameters");
    if (!list) {
        list = aw_itree_array(im, loc);
        aw_itree_set(im, route, "parameters", list);
    }
    aw_itree_push(im, list, p);
}

/* OpenAPI's parameters of an operation (query and header ones). */
void aw_iput_parameters(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    (void)row;
    for (size_t i = 0; value->kind == AW_DOC_ARRAY && i < value->as.array.count; i++) {
        const aw_doc *p = value->as.array.items[i];
        const char *in = aw_import_text(im, aw_import_get(p, "in"), NULL);
        const char *name = aw_import_text(im, aw_import_get(p, "name"), NULL);
        const aw_doc *required = aw_import_get(p, "required");
        if (in && name && (strcmp(in, "query") == 0 || strcmp(in, "header") == 0))
            S_push(im, target, in, name, required && required->kind == AW_DOC_BOOL && required->as.boolean, &p->loc);
    }
}

/* CloudFormation's method.request.{querystring,header}.NAME: required. */
void aw_iput_method_request_params(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    static const struct { const char *prefix, *in; } kinds[] = {
        {"method.request.querystring.", "query"}, {"method.request.header.", "header"}, {"method.request.path.", NULL},
    };
    for (size_t i = 0; value->kind == AW_DOC_OBJECT && i < value->as.object.count; i++) {
        const aw_doc_member *m = &value->as.object.members[i];
        size_t k = 0;
        while (k < sizeof kinds / sizeof *kinds && strncmp(m->key, kinds[k].prefix, strlen(kinds[k].prefix)) != 0)
            k++;
        if (k == sizeof kinds / sizeof *kinds) {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &m->key_loc,
                             "%s of %s is no query, header or path parameter; it is left out", m->key, row->prop);
        } else if (kinds[k].in) {
            S_push(im, target, kinds[k].in, m->key + strlen(kinds[k].prefix),
                   m->value->kind == AW_DOC_BOOL && m->value->as.boolean, &m->key_loc);
        }
    }
}

static bool S_names(const aw_doc *v, const char *source, size_t n, const char *name)
{
    return v && v->kind == AW_DOC_STRING && strncmp(v->as.string.chars, source, n) == 0 &&
           strcmp(v->as.string.chars + n, name) == 0;
}

/* Whether the integration's mappings read the parameter, or the method's
 * cache is keyed on it. */
static bool S_used(const aw_doc *mappings, const aw_doc *cache_keys, const char *in, const char *name)
{
    const char *source = strcmp(in, "query") == 0 ? "method.request.querystring." : "method.request.header.";
    size_t n = strlen(source);
    for (size_t i = 0; mappings && i < mappings->as.object.count; i++)
        if (S_names(mappings->as.object.members[i].value, source, n, name))
            return true;
    for (size_t i = 0; cache_keys && cache_keys->kind == AW_DOC_ARRAY && i < cache_keys->as.array.count; i++)
        if (S_names(cache_keys->as.array.items[i], source, n, name))
            return true;
    return false;
}

void aw_import_drop_mapped_params(aw_import *im, aw_doc *route, const aw_doc *integration, const aw_doc *cache_keys)
{
    aw_doc *list = aw_itree_get(route, "parameters");
    const aw_doc *mappings = aw_itree_get(integration, "parameterMappings");
    if (!list)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < list->as.array.count; i++) {
        const aw_doc *p = list->as.array.items[i];
        bool derived = !aw_itree_get(p, "required") &&
                       S_used(mappings, cache_keys, aw_itree_get(p, "in")->as.string.chars,
                              aw_itree_get(p, "name")->as.string.chars);
        if (!derived)
            list->as.array.items[kept++] = list->as.array.items[i];
    }
    list->as.array.count = kept;    /* fewer than before: the room stays */
    if (!kept)
        aw_itree_remove(route, "parameters");
    (void)im;
}

/* Whether a cache key is the caller's identity as the route's authorizer
 * reads it, which a build keys every cached method of it on. */
static bool S_identity_key(const aw_doc *authorizer, const char *key)
{
    const aw_doc *sources = aw_itree_get(authorizer, "identitySources");
    for (size_t i = 0; sources && sources->kind == AW_DOC_ARRAY && i < sources->as.array.count; i++)
        if (sources->as.array.items[i]->kind == AW_DOC_STRING &&
            strcmp(sources->as.array.items[i]->as.string.chars, key) == 0)
            return true;
    return !sources && strcmp(key, "method.request.header.Authorization") == 0;
}

void aw_import_cache_keys(aw_import *im, aw_doc *route, const aw_doc *keys)
{
    const aw_doc *auth = aw_itree_get(route, "authorizer");
    const aw_doc *authorizer =
        auth && auth->kind == AW_DOC_STRING ? aw_strset_find(&im->ids, auth->as.string.chars) : NULL;
    aw_doc *list = NULL;
    for (size_t i = 0; keys && keys->kind == AW_DOC_ARRAY && i < keys->as.array.count; i++) {
        const aw_doc *k = keys->as.array.items[i];
        if (k->kind != AW_DOC_STRING || strncmp(k->as.string.chars, "method.request.path.", 20) == 0 ||
            (authorizer && S_identity_key(authorizer, k->as.string.chars)))
            continue;
        if (!list)
            list = aw_itree_array(im, &keys->loc);
        aw_itree_push(im, list, (aw_doc *)k);
    }
    if (!list)
        return;
    aw_doc *cache = aw_itree_get(route, "cache");
    if (!cache) {
        cache = aw_itree_object(im, &keys->loc);
        aw_itree_set(im, route, "cache", cache);
    }
    aw_itree_set(im, cache, "keys", list);
}
