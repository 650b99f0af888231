/* CloudFormation and SAM templates: the resource-type table (type -> the
 * node kind it becomes and its handler) and the two passes over Resources:
 * every modelled resource gets its node first, so that references between
 * resources resolve whatever their order, then each handler fills its node. */
#include <string.h>

#include "cfn_types.h"

typedef struct S_type {
    const char *type;
    const char *kind;           /* node made of it; NULL: it adds to others */
    aw_tpl_fill fill;           /* NULL: not imported, for the reason why gives */
    const char *why;
} S_type;

/* Resources that `archway build` makes again from the diagram's elements:
 * what they say is carried by those elements, so they are noted, not lost. */
#define DERIVED "made again by 'archway build' from the diagram's elements"

static const S_type S_types[] = {
    {"AWS::ApiGatewayV2::Api", "api", aw_tpl_v2_api, NULL},
    {"AWS::ApiGatewayV2::Route", "route", aw_tpl_v2_route, NULL},
    {"AWS::ApiGatewayV2::Integration", "integration", aw_tpl_v2_integration, NULL},
    {"AWS::ApiGatewayV2::RouteResponse", NULL, aw_tpl_v2_route_response, NULL},
    {"AWS::ApiGatewayV2::IntegrationResponse", NULL, aw_tpl_v2_integration_response, NULL},
    {"AWS::ApiGatewayV2::Stage", "stage", aw_tpl_v2_stage, NULL},
    {"AWS::ApiGatewayV2::Authorizer", "authorizer", aw_tpl_v2_authorizer, NULL},
    {"AWS::ApiGatewayV2::VpcLink", "vpcLink", aw_tpl_vpc_link, NULL},
    {"AWS::ApiGatewayV2::ApiMapping", NULL, aw_tpl_api_mapping, NULL},
    {"AWS::ApiGatewayV2::DomainName", NULL, NULL, "read with the API mapping that names it"},
    {"AWS::ApiGatewayV2::Deployment", NULL, NULL, DERIVED},
    {"AWS::ApiGateway::RestApi", "api", aw_tpl_rest_api, NULL},
    {"AWS::ApiGateway::Stage", "stage", aw_tpl_rest_stage, NULL},
    {"AWS::ApiGateway::Authorizer", "authorizer", aw_tpl_rest_authorizer, NULL},
    {"AWS::ApiGateway::Method", NULL, aw_tpl_rest_method, NULL},
    {"AWS::ApiGateway::Resource", NULL, NULL, "read with the methods under it"},
    {"AWS::ApiGateway::Model", NULL, aw_tpl_rest_model, NULL},
    {"AWS::ApiGateway::RequestValidator", NULL, NULL, "read with the methods that name it"},
    {"AWS::ApiGateway::UsagePlan", "usagePlan", aw_tpl_usage_plan, NULL},
    {"AWS::ApiGateway::UsagePlanKey", NULL, aw_tpl_usage_plan_key, NULL},
    {"AWS::ApiGateway::ApiKey", "apiKey", aw_tpl_api_key, NULL},
    {"AWS::ApiGateway::GatewayResponse", NULL, aw_tpl_gateway_response, NULL},
    {"AWS::ApiGateway::VpcLink", "vpcLink", aw_tpl_vpc_link, NULL},
    {"AWS::ApiGateway::BasePathMapping", NULL, aw_tpl_api_mapping, NULL},
    {"AWS::ApiGateway::DomainName", NULL, NULL, "read with the base path mapping that names it"},
    {"AWS::ApiGateway::Deployment", NULL, NULL, DERIVED},
    {"AWS::Lambda::Function", "function", aw_tpl_function, NULL},
    {"AWS::Lambda::Permission", NULL, NULL, DERIVED},
    {"AWS::Lambda::Version", NULL, NULL, DERIVED},
    {"AWS::Lambda::Alias", NULL, NULL, DERIVED},
    {"AWS::Lambda::EventSourceMapping", NULL, aw_tpl_event_source, NULL},
    {"AWS::IAM::Role", NULL, NULL, DERIVED " (least-privilege roles from its edges)"},
    {"AWS::IAM::Policy", NULL, NULL, DERIVED " (a function's access to what it calls)"},
    {"AWS::Logs::LogGroup", NULL, NULL, DERIVED " (a stage's access log)"},
    {"AWS::WAFv2::WebACLAssociation", NULL, aw_tpl_waf_association, NULL},
    {"AWS::Route53::RecordSet", NULL, aw_tpl_dns_record, NULL},
    {"AWS::DynamoDB::Table", "datastore", aw_tpl_datastore, NULL},
    {"AWS::SQS::Queue", "datastore", aw_tpl_datastore, NULL},
    {"AWS::SNS::Topic", "datastore", aw_tpl_datastore, NULL},
    {"AWS::S3::Bucket", "datastore", aw_tpl_datastore, NULL},
    {"AWS::Kinesis::Stream", "datastore", aw_tpl_datastore, NULL},
    {"AWS::Events::EventBus", "datastore", aw_tpl_datastore, NULL},
    {"AWS::StepFunctions::StateMachine", "datastore", aw_tpl_datastore, NULL},
    {"AWS::RDS::DBCluster", "datastore", aw_tpl_datastore, NULL},
    {"AWS::RDS::DBInstance", "datastore", aw_tpl_datastore, NULL},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "loadBalancer", aw_tpl_load_balancer, NULL},
    {"AWS::ElasticLoadBalancingV2::Listener", NULL, aw_tpl_listener, NULL},
    {"AWS::Serverless::Function", "function", aw_sam_function, NULL},
    {"AWS::Serverless::Api", "api", aw_sam_rest_api, NULL},
    {"AWS::Serverless::HttpApi", "api", aw_sam_http_api, NULL},
    {NULL, NULL, NULL, NULL},
};

static const S_type *S_type_find(const char *type)
{
    for (const S_type *t = S_types; t->type; t++)
        if (strcmp(t->type, type) == 0)
            return t;
    return NULL;
}

/* Resource attributes the diagram has no place for. */
static void S_report_attributes(aw_import *im, const aw_doc *res, const char *logical_id)
{
    static const char *const carried[] = {"Type", "Properties", "DependsOn", "Metadata", "DeletionPolicy",
                                          "UpdateReplacePolicy", "Condition", NULL};
    aw_import_report_rest(im, res, carried, logical_id);
}

static int S_pass_of(const char *type)
{
    const S_type *t = S_type_find(type);
    if (t && t->kind && strcmp(t->kind, "api") == 0)
        return 0;
    if (strcmp(type, "AWS::Route53::RecordSet") == 0)
        return 3;       /* after the mappings that give APIs their domains */
    return strstr(type, "::Stage") || strstr(type, "Mapping") || strstr(type, "UsagePlan") ? 2 : 1;
}

static void S_make_nodes(aw_import *im)
{
    for (size_t i = 0; i < im->resources->as.object.count; i++) {
        const aw_doc_member *m = &im->resources->as.object.members[i];
        const S_type *t = S_type_find(aw_import_resource_type(m->value));
        if (t && t->kind)
            aw_import_node_made(im, m->key, aw_itree_node(im, t->kind, m->key, &m->key_loc));
    }
}

/* Handlers read Properties as an object: a resource without one (or with
 * something else there, reported) is read as having none. */
static const aw_doc *S_with_properties(aw_import *im, const aw_doc_member *m)
{
    const aw_doc *props = aw_import_get(m->value, "Properties");
    if (props && props->kind == AW_DOC_OBJECT)
        return m->value;
    if (props)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &props->loc,
                         "Properties of %s is not an object; it is read as empty", m->key);
    aw_doc *copy = aw_itree_object(im, &m->value->loc);
    for (size_t i = 0; m->value->kind == AW_DOC_OBJECT && i < m->value->as.object.count; i++)
        aw_itree_copy_member(im, copy, &m->value->as.object.members[i]);
    aw_itree_set(im, copy, "Properties", aw_itree_object(im, &m->key_loc));
    return copy;
}

static void S_fill_one(aw_import *im, const aw_doc_member *m)
{
    const char *type = aw_import_resource_type(m->value);
    const aw_doc *type_doc = aw_import_get(m->value, "Type");
    const aw_loc *loc = type_doc ? &type_doc->loc : &m->key_loc;
    const S_type *t = S_type_find(type);
    im->counts.resources++;
    if (!t) {
        im->counts.skipped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-001", loc,
                         "resource %s of type %s has no element in the diagram format; it is left out", m->key,
                         type[0] ? type : "(none)");
        return;
    }
    if (!t->fill) {
        im->counts.imported++;
        aw_import_report(im, AW_SEV_NOTE, "AW-IMPORT-005", loc, "resource %s (%s) is %s", m->key, type, t->why);
        return;
    }
    size_t before = im->counts.unmapped;
    aw_doc *node = t->kind ? (aw_doc *)aw_strset_find(&im->made, m->key) : NULL;
    t->fill(im, m->key, S_with_properties(im, m), node);
    aw_import_resource_condition(im, m->value, node);
    S_report_attributes(im, m->value, m->key);
    if (im->counts.unmapped > before)
        im->counts.partly++;
    else
        im->counts.imported++;
}

static void S_report_sections(aw_import *im)
{
    static const char *const sections[] = {"Mappings", "Outputs", "Rules", NULL};
    for (size_t i = 0; sections[i]; i++) {
        const aw_doc_member *m = aw_doc_member_find(im->root, sections[i]);
        if (m) {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-003", &m->key_loc,
                             "the template's %s have no place in the diagram format; they are left out",
                             sections[i]);
        }
    }
}

/* A template Archway built says "NAME (deployed from an Archway diagram)":
 * the diagram's name comes back from it; another template's description
 * is the diagram's. */
static void S_description(aw_import *im)
{
    static const char mark[] = " (deployed from an Archway diagram)";
    const aw_doc *d = aw_import_get(im->root, "Description");
    const char *text = aw_import_text(im, d, NULL);
    size_t n = text ? strlen(text) : 0, k = sizeof mark - 1;
    if (n > k && strcmp(text + n - k, mark) == 0)
        aw_itree_set_string(im, im->diagram, "name", aw_arena_strndup(im->arena, text, n - k), &d->loc);
    else
        aw_itree_set_string(im, im->diagram, "description", text, d ? &d->loc : NULL);
}

void aw_import_template(aw_import *im)
{
    if (!im->resources || im->resources->kind != AW_DOC_OBJECT) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-010", &im->root->loc, "%s",
                         "the template has no Resources object");
        return;
    }
    aw_import_nested(im);
    aw_import_index_resources(im, true);
    S_description(im);
    S_report_sections(im);
    aw_import_conditions(im);
    S_make_nodes(im);
    /* APIs first (their type and authorizers decide how routes read), then
     * what they hold, then stages, which name routes, then DNS records. */
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < im->resources->as.object.count; i++) {
            const aw_doc_member *m = &im->resources->as.object.members[i];
            if (S_pass_of(aw_import_resource_type(m->value)) == pass)
                S_fill_one(im, m);
        }
    aw_sam_cors_methods(im);
    aw_import_conditions_inherit(im);
    aw_import_index_resources(im, false);
}

const char *aw_tpl_api_of(aw_import *im, const aw_doc *props, const char *prop, const char *owner_type)
{
    const aw_doc *v = aw_import_get(props, prop);
    const char *id = aw_import_node_id(im, aw_import_ref(im, v));
    if (!id)
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-011", v ? &v->loc : &props->loc,
                         "the %s's %s names no API of this template", owner_type, prop);
    return id;
}
