/* SAM functions (AWS::Serverless::Function): the function with the
 * template's Globals, and its events: Api and HttpApi events become routes
 * of the API they name or of SAM's implicit API, queue and stream events
 * become edges to the function. */
#include <string.h>

#include "cfn_types.h"

/* An intrinsic function ({"Ref": ...}, {"Fn::Sub": ...}) is one value,
 * not a map to merge. */
static bool S_is_map(const aw_doc *v)
{
    if (!v || v->kind != AW_DOC_OBJECT)
        return false;
    if (v->as.object.count != 1)
        return true;
    const char *key = v->as.object.members[0].key;
    return strcmp(key, "Ref") != 0 && strncmp(key, "Fn::", 4) != 0;
}

static aw_doc *S_merge(aw_import *im, const aw_doc *global, const aw_doc *own);

/* SAM's rule for a property in both Globals and the resource: maps merge
 * (Environment.Variables key by key), lists add up (Globals' first) except
 * Architectures, whose own list replaces, and any other value is the
 * resource's own. */
static aw_doc *S_merged_value(aw_import *im, const aw_doc *global, const aw_doc *own, const char *key)
{
    if (S_is_map(global) && S_is_map(own))
        return S_merge(im, global, own);
    if (global->kind == AW_DOC_ARRAY && own->kind == AW_DOC_ARRAY && strcmp(key, "Architectures") != 0) {
        aw_doc *list = aw_itree_array(im, &own->loc);
        for (size_t i = 0; i < global->as.array.count; i++)
            aw_itree_push(im, list, global->as.array.items[i]);
        for (size_t i = 0; i < own->as.array.count; i++)
            aw_itree_push(im, list, own->as.array.items[i]);
        return list;
    }
    return (aw_doc *)own;
}

static aw_doc *S_merge(aw_import *im, const aw_doc *global, const aw_doc *own)
{
    aw_doc *merged = aw_itree_object(im, own ? &own->loc : &global->loc);
    for (size_t i = 0; i < global->as.object.count; i++)
        aw_itree_copy_member(im, merged, &global->as.object.members[i]);
    for (size_t i = 0; own && own->kind == AW_DOC_OBJECT && i < own->as.object.count; i++) {
        aw_doc_member m = own->as.object.members[i];
        const aw_doc *before = aw_import_get(global, m.key);
        if (before)
            m.value = S_merged_value(im, before, m.value, m.key);
        aw_itree_copy_member(im, merged, &m);
    }
    return merged;
}

/* Globals.Function (or .Api, ...) under the resource's own properties. */
static const aw_doc *S_with_globals(aw_import *im, const aw_doc *props, const char *section)
{
    const aw_doc *globals = aw_import_get(im->globals, section);
    if (!globals || globals->kind != AW_DOC_OBJECT)
        return props;
    return S_merge(im, globals, props);
}

static const aw_iprop S_event_auth_rows[] = {
    {"Authorizer", NULL, NULL, NULL},
    {"AuthorizationScopes", "scopes", aw_iput_strings, NULL},
    {"ApiKeyRequired", "apiKeyRequired", aw_iput_bool, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_api_event_rows[] = {
    {"Path", NULL, NULL, NULL},
    {"Method", NULL, NULL, NULL},
    {"RestApiId", NULL, NULL, NULL},
    {"ApiId", NULL, NULL, NULL},
    {"Auth", NULL, NULL, NULL},
    {"PayloadFormatVersion", NULL, NULL, NULL},
    {"TimeoutInMillis", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_route_auth(aw_import *im, aw_doc *route, const char *api_logical, const aw_doc *auth, const char *owner)
{
    if (!auth)
        return;
    const aw_doc *name_doc = aw_import_get(auth, "Authorizer");
    const char *name = aw_import_text(im, name_doc, "Auth.Authorizer");
    if (name && strcmp(name, "NONE") == 0) {
        aw_itree_set_string(im, route, "authorizer", "none", &name_doc->loc);
    } else if (name) {
        const char *id = aw_import_node_id(im, aw_arena_printf(im->arena, "auth %s %s", api_logical, name));
        if (id)
            aw_itree_set_string(im, route, "authorizer", id, &name_doc->loc);
        else if (strcmp(name, "AWS_IAM") != 0)
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &name_doc->loc,
                             "authorizer '%s' is not one of the API's Auth.Authorizers; it is left out", name);
    }
    aw_import_props(im, route, auth, S_event_auth_rows, owner);
}

/* The integration of a function on an API, made once and shared by every
 * event of the function on that API. */
static const char *S_integration(aw_import *im, const char *api_id, const char *fn_id, const aw_doc *event, bool http)
{
    const char *key = aw_arena_printf(im->arena, "integration %s %s", api_id, fn_id);
    const char *known = aw_import_node_id(im, key);
    if (known)
        return known;
    aw_doc *node = aw_itree_node(im, "integration", aw_arena_printf(im->arena, "%s-%s", fn_id, api_id), &event->loc);
    aw_itree_set_string(im, node, "type", "lambda", &event->loc);
    aw_itree_set_string(im, node, "function", fn_id, &event->loc);
    const aw_doc *payload = aw_import_get(event, "PayloadFormatVersion");
    if (payload && http)
        aw_iput_text(im, node, &(aw_iprop){"PayloadFormatVersion", "payloadFormat", NULL, NULL}, payload);
    const aw_doc *timeout = aw_import_get(event, "TimeoutInMillis");
    if (timeout)
        aw_iput_millis(im, node, &(aw_iprop){"TimeoutInMillis", "timeout", NULL, NULL}, timeout);
    aw_import_node_made(im, key, node);
    return aw_itree_id(node);
}

static void S_api_event(aw_import *im, const char *fn_id, const aw_doc_member *ev, const aw_doc *props, bool http)
{
    const aw_doc *api_ref = aw_import_get(props, http ? "ApiId" : "RestApiId");
    const char *api_logical = api_ref ? aw_import_ref(im, api_ref) : (http ? "ServerlessHttpApi" : "ServerlessRestApi");
    const char *api_id = api_ref ? aw_import_node_id(im, api_logical)
                                 : aw_itree_id(aw_sam_implicit_api(im, http, &ev->key_loc));
    if (!api_id) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", &api_ref->loc,
                         "event %s names no API of this template", ev->key);
        return;
    }
    aw_doc *route = aw_itree_node(im, "route", aw_arena_printf(im->arena, "%s-%s", fn_id, ev->key), &ev->key_loc);
    aw_itree_set_string(im, route, "api", api_id, &ev->key_loc);
    const char *method = aw_import_text(im, aw_import_get(props, "Method"), "the event's Method");
    const char *path = aw_import_text(im, aw_import_get(props, "Path"), "the event's Path");
    if (http && !method && !path) {
        method = "ANY";
        path = "/{proxy+}";     /* an HttpApi event with neither is the catch-all */
    }
    if (method) {
        char *upper = aw_arena_strdup(im->arena, method);
        for (char *p = upper; *p; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        aw_itree_set_string(im, route, "method", upper, &props->loc);
    }
    aw_itree_set_string(im, route, "path", path, &props->loc);
    aw_itree_set_string(im, route, "integration", S_integration(im, api_id, fn_id, props, http), &ev->key_loc);
    S_route_auth(im, route, api_logical, aw_import_get(props, "Auth"), ev->key);
    aw_import_props(im, route, props, S_api_event_rows, ev->key);
}

static const aw_iprop S_delivery_rows[] = {
    {"Queue", NULL, NULL, NULL},
    {"Stream", NULL, NULL, NULL},
    {"BatchSize", "batchSize", aw_iput_int, NULL},
    {"MaximumBatchingWindowInSeconds", "batchWindow", aw_iput_seconds, NULL},
    {"StartingPosition", NULL, aw_iput_derived, NULL},
    {"Enabled", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_delivery_event(aw_import *im, const char *fn_id, const aw_doc_member *ev, const aw_doc *props,
                             const char *source_prop)
{
    const aw_doc *source = aw_import_get(props, source_prop);
    const char *from = aw_import_node_id(im, aw_import_ref(im, source));
    if (!from) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", source ? &source->loc : &ev->key_loc,
                         "event %s reads from a %s outside this template; add it to the diagram with its edge",
                         ev->key, source_prop);
        return;
    }
    aw_doc *edge = aw_itree_edge(im, from, fn_id, &ev->key_loc);
    aw_import_props(im, edge, props, S_delivery_rows, ev->key);
}

static void S_events(aw_import *im, const char *fn_id, const aw_doc *events)
{
    for (size_t i = 0; events && events->kind == AW_DOC_OBJECT && i < events->as.object.count; i++) {
        const aw_doc_member *ev = &events->as.object.members[i];
        const char *type = aw_import_text(im, aw_import_get(ev->value, "Type"), "the event's Type");
        const aw_doc *props = aw_import_get(ev->value, "Properties");
        if (!type)
            continue;
        if (strcmp(type, "Api") == 0 || strcmp(type, "HttpApi") == 0)
            S_api_event(im, fn_id, ev, props ? props : ev->value, strcmp(type, "HttpApi") == 0);
        else if (strcmp(type, "SQS") == 0)
            S_delivery_event(im, fn_id, ev, props, "Queue");
        else if (strcmp(type, "DynamoDB") == 0 || strcmp(type, "Kinesis") == 0)
            S_delivery_event(im, fn_id, ev, props, "Stream");
        else {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &ev->key_loc,
                             "event %s of type %s has no place in the diagram format; it is left out", ev->key, type);
        }
    }
}

static const char *const S_sam_handled[] = {"Events", "ProvisionedConcurrencyConfig", NULL};

void aw_sam_function(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)logical_id;
    const aw_doc *props = S_with_globals(im, aw_import_get(res, "Properties"), "Function");
    aw_import_function_props(im, node, props, S_sam_handled);
    const aw_doc *pc = aw_import_get(aw_import_get(props, "ProvisionedConcurrencyConfig"),
                                     "ProvisionedConcurrentExecutions");
    if (pc)
        aw_iput_int_param(im, node, &(aw_iprop){"ProvisionedConcurrentExecutions", "provisionedConcurrency", NULL, NULL}, pc);
    S_events(im, aw_itree_id(node), aw_import_get(props, "Events"));
}

const aw_doc *aw_sam_globals_for(aw_import *im, const aw_doc *props, const char *section)
{
    return S_with_globals(im, props, section);
}
