/* SAM APIs (AWS::Serverless::Api and HttpApi, and the implicit APIs SAM
 * makes for events that name none): the API, the stage SAM deploys it to,
 * its Auth authorizers and Cors, and a DefinitionBody or DefinitionUri. */
#include <string.h>

#include "cfn_types.h"

static aw_doc *S_stage(aw_import *im, const char *api_id, const char *name, const aw_loc *loc, bool http)
{
    aw_doc *stage = aw_itree_node(im, "stage", aw_arena_printf(im->arena, "%s-%s", api_id,
                                                                strcmp(name, "$default") == 0 ? "default" : name),
                                  loc);
    aw_itree_set_string(im, stage, "api", api_id, loc);
    aw_itree_set_string(im, stage, "name", name, loc);
    if (http)
        aw_itree_set(im, stage, "autoDeploy", aw_itree_bool(im, true, loc));
    return stage;
}

aw_doc *aw_sam_implicit_api(aw_import *im, bool http, const aw_loc *loc)
{
    const char *logical = http ? "ServerlessHttpApi" : "ServerlessRestApi";
    aw_doc *api = aw_strset_find(&im->made, logical);
    if (api)
        return api;
    api = aw_itree_node(im, "api", logical, loc);
    aw_itree_set_string(im, api, "type", http ? "http" : "rest", loc);
    aw_import_node_made(im, logical, api);
    const aw_doc *cors = http ? NULL : aw_import_get(aw_import_get(im->globals, "Api"), "Cors");
    if (cors)
        aw_sam_rest_cors(im, api, cors);
    /* SAM deploys its implicit REST API to stage Prod, the HTTP one to $default. */
    S_stage(im, aw_itree_id(api), http ? "$default" : "Prod", loc, http);
    return api;
}

static const aw_iprop S_identity_rows[] = {
    {"Header", NULL, NULL, NULL},
    {"QueryStrings", NULL, NULL, NULL},
    {"Headers", NULL, NULL, NULL},
    {"ReauthorizeEvery", "resultTtl", aw_iput_seconds, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_authorizer_rows[] = {
    {"FunctionArn", NULL, NULL, NULL},
    {"FunctionPayloadType", NULL, NULL, NULL},
    {"UserPoolArn", NULL, NULL, NULL},
    {"JwtConfiguration", NULL, NULL, NULL},
    {"IdentitySource", "identitySources", aw_iput_strings, NULL},
    {"Identity", NULL, NULL, NULL},
    {"AuthorizationScopes", NULL, aw_iput_derived, NULL},
    {"AuthorizerPayloadFormatVersion", "payloadFormat", aw_iput_text, NULL},
    {"EnableSimpleResponses", "simpleResponses", aw_iput_bool, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_authorizer(aw_import *im, const char *api_logical, const aw_doc_member *m, bool http)
{
    aw_doc *node = aw_itree_node(im, "authorizer", m->key, &m->key_loc);
    aw_import_node_made(im, aw_arena_printf(im->arena, "auth %s %s", api_logical, m->key), node);
    const aw_doc *fn = aw_import_get(m->value, "FunctionArn"), *pool = aw_import_get(m->value, "UserPoolArn");
    const aw_doc *identity = aw_import_get(m->value, "Identity");
    if (fn) {
        aw_itree_set_string(im, node, "type", "lambda", &m->key_loc);
        const char *kind = aw_import_text(im, aw_import_get(m->value, "FunctionPayloadType"), NULL);
        if (!http)
            aw_itree_set_string(im, node, "lambdaType", kind && strcmp(kind, "REQUEST") == 0 ? "request" : "token",
                                &m->key_loc);
        aw_tpl_authorizer_function(im, node, fn);
    } else if (pool) {
        aw_itree_set_string(im, node, "type", "cognito", &m->key_loc);
        aw_itree_set_string(im, node, "userPool", aw_import_text(im, pool, "UserPoolArn"), &pool->loc);
    } else {
        aw_itree_set_string(im, node, "type", "jwt", &m->key_loc);
        aw_import_props(im, node, aw_import_get(m->value, "JwtConfiguration"), aw_import_jwt_rows, m->key);
    }
    const aw_doc *header = aw_import_get(identity, "Header");
    const char *h = aw_import_text(im, header, "Identity.Header");
    if (h)
        aw_iput_strings(im, node, &(aw_iprop){"Header", "identitySources", NULL, NULL},
                        aw_itree_string(im, aw_arena_printf(im->arena, "method.request.header.%s", h), &header->loc));
    aw_import_props(im, node, identity, S_identity_rows, m->key);
    aw_import_props(im, node, m->value, S_authorizer_rows, m->key);
}

static const aw_iprop S_auth_rows[] = {
    {"Authorizers", NULL, NULL, NULL},
    {"DefaultAuthorizer", NULL, NULL, NULL},
    {"ApiKeyRequired", NULL, NULL, NULL},
    {"AddDefaultAuthorizerToCorsPreflight", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_auth(aw_import *im, const char *api_logical, aw_doc *api, const aw_doc *auth, bool http)
{
    const aw_doc *list = aw_import_get(auth, "Authorizers");
    for (size_t i = 0; list && list->kind == AW_DOC_OBJECT && i < list->as.object.count; i++)
        S_authorizer(im, api_logical, &list->as.object.members[i], http);
    const aw_doc *def = aw_import_get(auth, "DefaultAuthorizer");
    const char *name = aw_import_text(im, def, "DefaultAuthorizer");
    const char *id = name ? aw_import_node_id(im, aw_arena_printf(im->arena, "auth %s %s", api_logical, name)) : NULL;
    aw_itree_set_string(im, api, "defaultAuthorizer", id, def ? &def->loc : NULL);
    if (aw_import_get(auth, "ApiKeyRequired"))
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &aw_import_get(auth, "ApiKeyRequired")->loc, "%s",
                         "Auth.ApiKeyRequired of an API has no place in the diagram format (it is per route there); "
                         "set apiKeyRequired on its routes");
    aw_import_props(im, NULL, auth, S_auth_rows, api_logical);
}

static const aw_iprop S_api_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"StageName", NULL, NULL, NULL},
    {"DefinitionBody", NULL, NULL, NULL},
    {"DefinitionUri", NULL, NULL, NULL},
    {"Auth", NULL, NULL, NULL},
    {"Cors", NULL, NULL, NULL},
    {"CorsConfiguration", "cors", aw_iput_object, aw_import_cors_rows},
    {"DisableExecuteApiEndpoint", "disableDefaultEndpoint", aw_iput_bool, NULL},
    {"BinaryMediaTypes", "binaryMediaTypes", aw_iput_strings, NULL},
    {"EndpointConfiguration", NULL, NULL, NULL},
    {"TracingEnabled", NULL, NULL, NULL},
    {"Variables", NULL, NULL, NULL},
    {"StageVariables", NULL, NULL, NULL},
    {"AccessLogSetting", NULL, NULL, NULL},
    {"AccessLogSettings", NULL, NULL, NULL},
    {"Tags", "tags", aw_iput_map, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_stage_rows[] = {
    {"TracingEnabled", "tracing", aw_iput_bool, NULL},
    {"Variables", "variables", aw_iput_map, NULL},
    {"StageVariables", "variables", aw_iput_map, NULL},
    {NULL, NULL, NULL, NULL},
};

static void S_stage_settings(aw_import *im, aw_doc *stage, const aw_doc *props)
{
    for (const aw_iprop *row = S_stage_rows; row->prop; row++) {
        const aw_doc *v = aw_import_get(props, row->prop);
        if (v)
            row->put(im, stage, row, v);
    }
    const aw_doc *log = aw_import_get(props, "AccessLogSetting");
    if (!log)
        log = aw_import_get(props, "AccessLogSettings");
    if (log)
        aw_iput_object(im, stage, &(aw_iprop){"AccessLogSetting", "accessLog", NULL, aw_import_access_log_rows}, log);
}

static void S_endpoint(aw_import *im, aw_doc *api, const aw_doc *v)
{
    const aw_doc *type = v->kind == AW_DOC_OBJECT ? aw_import_get(v, "Type") : v;
    if (type)
        aw_iput_lower(im, api, &(aw_iprop){"EndpointConfiguration", "endpoint", NULL, NULL}, type);
}

static void S_sam_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node, bool http)
{
    const aw_doc *props = aw_sam_globals_for(im, aw_import_get(res, "Properties"), http ? "HttpApi" : "Api");
    aw_itree_set_string(im, node, "type", http ? "http" : "rest", &node->loc);
    const aw_doc *stage_name = aw_import_get(props, "StageName");
    const char *stage = stage_name ? aw_import_text(im, stage_name, "StageName") : NULL;
    aw_doc *stage_node = S_stage(im, aw_itree_id(node), stage ? stage : http ? "$default" : "Prod",
                                 stage_name ? &stage_name->loc : &node->loc, http);
    S_stage_settings(im, stage_node, props);
    const aw_doc *endpoint = aw_import_get(props, "EndpointConfiguration");
    if (endpoint)
        S_endpoint(im, node, endpoint);
    const aw_doc *cors = aw_import_get(props, "Cors");
    if (cors && !http)
        aw_sam_rest_cors(im, node, cors);
    else if (cors)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &cors->loc, "%s",
                         "Cors of an HttpApi is spelt CorsConfiguration; it is left out");
    aw_import_props(im, node, props, S_api_rows, logical_id);
    S_auth(im, logical_id, node, aw_import_get(props, "Auth"), http);
    const aw_doc *body = aw_import_definition(im, aw_import_get(props, "DefinitionBody"),
                                              aw_import_get(props, "DefinitionUri"));
    if (body)
        aw_import_openapi(im, body, node, http ? "http" : "rest");
}

void aw_sam_rest_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    S_sam_api(im, logical_id, res, node, false);
}

void aw_sam_http_api(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    S_sam_api(im, logical_id, res, node, true);
}
