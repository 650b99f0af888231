/* REST methods written as template resources (AWS::ApiGateway::Method
 * under AWS::ApiGateway::Resource paths) rather than an OpenAPI body: each
 * a route, its Integration an integration read as the OpenAPI extension
 * of the same meaning is read. */
#include <string.h>
#include <strings.h>

#include "cfn_types.h"
#include "openapi_parts.h"

/* The path of a resource: its PathPart under its parent's path, up to the
 * API's root; NULL past 64 levels or a parent outside the template. */
static const char *S_path(aw_import *im, const aw_doc *resource_ref, unsigned depth)
{
    const char *logical = aw_import_ref(im, resource_ref);
    const aw_doc *res = aw_import_resource(im, logical);
    if (res && strcmp(aw_import_resource_type(res), "AWS::ApiGateway::RestApi") == 0)
        return "";      /* Fn::GetAtt Api.RootResourceId */
    if (!res || depth > 64 || strcmp(aw_import_resource_type(res), "AWS::ApiGateway::Resource") != 0)
        return NULL;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *parent = S_path(im, aw_import_get(props, "ParentId"), depth + 1);
    const char *part = aw_import_text(im, aw_import_get(props, "PathPart"), "PathPart");
    return parent && part ? aw_arena_printf(im->arena, "%s/%s", parent, part) : NULL;
}

/* Integration property -> the OpenAPI extension's member of that meaning. */
static const struct {
    const char *prop, *member;
} S_integration_names[] = {
    {"Type", "type"},
    {"Uri", "uri"},
    {"IntegrationHttpMethod", "httpMethod"},
    {"ConnectionType", "connectionType"},
    {"ConnectionId", "connectionId"},
    {"Credentials", "credentials"},
    {"TimeoutInMillis", "timeoutInMillis"},
    {"PassthroughBehavior", "passthroughBehavior"},
    {"CacheKeyParameters", "cacheKeyParameters"},
    {"RequestTemplates", "requestTemplates"},
    {"RequestParameters", "requestParameters"},
    {"IntegrationResponses", "responses"},
    {"ContentHandling", "contentHandling"},
};

static aw_doc *S_as_extension(aw_import *im, const aw_doc *integration)
{
    aw_doc *ext = aw_itree_object(im, &integration->loc);
    for (size_t i = 0; integration->kind == AW_DOC_OBJECT && i < integration->as.object.count; i++) {
        const aw_doc_member *m = &integration->as.object.members[i];
        const char *member = m->key;
        for (size_t k = 0; k < sizeof S_integration_names / sizeof *S_integration_names; k++)
            if (strcmp(S_integration_names[k].prop, m->key) == 0)
                member = S_integration_names[k].member;
        aw_itree_copy_member(im, ext, &(aw_doc_member){member, m->key_loc, m->value});
    }
    return ext;
}

/* RequestModels names the model of each media type; a route has one. */
static void S_request_model(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    if (value->kind == AW_DOC_OBJECT && value->as.object.count)
        aw_iput_text(im, target, row, value->as.object.members[0].value);
}

/* A Method's Integration as the operation an OpenAPI body would hold. */
static aw_doc *S_as_operation(aw_import *im, const aw_doc *integration)
{
    aw_doc *op = aw_itree_object(im, &integration->loc);
    aw_itree_set(im, op, "x-amazon-apigateway-integration", S_as_extension(im, integration));
    return op;
}

static bool S_of_api(aw_import *im, const aw_doc *props, const char *api)
{
    const char *of = aw_import_node_id(im, aw_import_ref(im, aw_import_get(props, "RestApiId")));
    return of && strcmp(of, api) == 0;
}

void aw_tpl_rest_cors(aw_import *im, const char *api)
{
    aw_doc *node = aw_strset_find(&im->ids, api);
    if (!node || aw_itree_get(node, "cors"))
        return;
    aw_openapi o = {im, im->root, node, api, true, false, {0}, {0}};
    for (size_t i = 0; im->resources && i < im->resources->as.object.count; i++) {
        const aw_doc *res = im->resources->as.object.members[i].value;
        const aw_doc *props = aw_import_get(res, "Properties");
        const char *verb = aw_import_text(im, aw_import_get(props, "HttpMethod"), NULL);
        const aw_doc *integration = aw_import_get(props, "Integration");
        if (strcmp(aw_import_resource_type(res), "AWS::ApiGateway::Method") != 0 || !verb ||
            strcasecmp(verb, "OPTIONS") != 0 || !integration || !S_of_api(im, props, api))
            continue;
        aw_doc *cors = aw_openapi_preflight_cors(&o, S_as_operation(im, integration));
        if (cors) {
            aw_itree_set(im, node, "cors", cors);
            return;
        }
    }
}

static const aw_iprop S_method_rows[] = {
    {"RestApiId", NULL, NULL, NULL},
    {"ResourceId", NULL, NULL, NULL},
    {"HttpMethod", NULL, NULL, NULL},
    {"OperationName", NULL, aw_iput_derived, NULL},
    {"AuthorizationType", NULL, NULL, NULL},
    {"AuthorizerId", "authorizer", aw_iput_ref, NULL},
    {"AuthorizationScopes", "scopes", aw_iput_strings, NULL},
    {"ApiKeyRequired", "apiKeyRequired", aw_iput_bool, NULL},
    {"Integration", NULL, NULL, NULL},
    {"RequestParameters", "parameters", aw_iput_method_request_params, NULL},
    {"RequestModels", "requestModel", S_request_model, NULL},
    {"RequestValidatorId", NULL, NULL, NULL},   /* S_validation */
    /* Method responses declare what the integration responses map: a
     * build writes them from those, as for an OpenAPI operation's. */
    {"MethodResponses", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

/* RequestValidatorId as the route's requestValidation, by what the
 * validator checks; a build names the API's default validator on each
 * method that has none of its own (the template has no API-wide one) and
 * says so in the method's metadata: the API's requestValidation then. */
static void S_validation(aw_import *im, aw_doc *route, const char *api, const aw_doc *props, const aw_doc *meta)
{
    static const char *const names[2][2] = {{"none", "params"}, {"body", "all"}};
    const aw_doc *ref = aw_import_get(props, "RequestValidatorId");
    const aw_doc *v = ref ? aw_import_get(aw_import_resource(im, aw_import_ref(im, ref)), "Properties") : NULL;
    if (!v)
        return;
    const aw_doc *body = aw_import_get(v, "ValidateRequestBody"), *params = aw_import_get(v, "ValidateRequestParameters");
    const char *name = names[body && body->kind == AW_DOC_BOOL && body->as.boolean]
                            [params && params->kind == AW_DOC_BOOL && params->as.boolean];
    const char *from = aw_import_text(im, aw_import_get(meta, "ArchwayValidation"), NULL);
    aw_doc *api_node = aw_strset_find(&im->ids, api);
    if (from && strcmp(from, "api") == 0 && api_node) {
        if (!aw_itree_get(api_node, "requestValidation"))
            aw_itree_set_string(im, api_node, "requestValidation", name, &ref->loc);
        return;
    }
    aw_itree_set_string(im, route, "requestValidation", name, &ref->loc);
}

/* The integration node of a method: the one its metadata names when
 * another method made it already (a build shares an integration among the
 * routes that call it), else a new one. */
static aw_doc *S_integration_node(aw_import *im, const aw_doc *meta, const char *route_id, const aw_loc *loc,
                                  bool *made)
{
    const char *id = aw_import_text(im, aw_import_get(meta, "id"), NULL);
    aw_doc *seen = id ? aw_strset_find(&im->ids, id) : NULL;
    *made = !seen;
    return seen ? seen : aw_itree_node(im, "integration", id ? id : aw_arena_printf(im->arena, "%s-integration", route_id),
                                       loc);
}

void aw_tpl_rest_method(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *api = aw_tpl_api_of(im, props, "RestApiId", "method");
    const aw_doc *resource = aw_import_get(props, "ResourceId");
    const char *path = resource ? S_path(im, resource, 0) : NULL;
    if (!api || !path) {
        if (api)
            aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", resource ? &resource->loc : &props->loc,
                             "the path of method %s is not made of this template's resources", logical_id);
        return;
    }
    aw_tpl_rest_cors(im, api);
    aw_openapi o = {im, im->root, aw_strset_find(&im->ids, api), api, true, false, {0}, {0}};
    const char *method = aw_import_text(im, aw_import_get(props, "HttpMethod"), "HttpMethod");
    const aw_doc *integration = aw_import_get(props, "Integration");
    if (method && integration && strcasecmp(method, "OPTIONS") == 0 &&
        aw_openapi_is_preflight(&o, path[0] ? path : "/", S_as_operation(im, integration), &props->loc)) {
        im->counts.operations++;
        return;     /* the API's cors */
    }
    const char *op = aw_import_text(im, aw_import_get(props, "OperationName"), NULL);
    aw_doc *route = aw_itree_node(im, "route", op ? op : logical_id, &props->loc);
    aw_itree_set_string(im, route, "api", api, &props->loc);
    aw_itree_set_string(im, route, "method", method, &props->loc);
    aw_itree_set_string(im, route, "path", path[0] ? path : "/", &props->loc);
    aw_import_props(im, route, props, S_method_rows, logical_id);
    /* A build's design facts of the route and its integration, which a
     * body keeps in x-archway-route and x-archway-integration. */
    const aw_doc *meta = aw_import_get(res, "Metadata");
    aw_import_meta_note(im, route, aw_import_get(meta, "Archway"));
    S_validation(im, route, api, props, meta);
    if (!integration)
        return;
    bool made;
    const aw_doc *integ_meta = aw_import_get(meta, "ArchwayIntegration");
    aw_doc *int_node = S_integration_node(im, integ_meta, aw_itree_id(route), &integration->loc, &made);
    if (made) {
        aw_openapi_fill_integration(&o, int_node, S_as_extension(im, integration));
        aw_import_meta_note(im, int_node, integ_meta);
    }
    aw_itree_set_string(im, route, "integration", aw_itree_id(int_node), &integration->loc);
    aw_import_drop_mapped_params(im, route, int_node, aw_import_get(integration, "CacheKeyParameters"));
}
