/* The authorizers of a REST API written as resources: a JWT authorizer from
 * the diagram (its JwtConfiguration, which no OpenAPI extension spells),
 * the others from the security schemes of the API's document. */
#include <string.h>

#include "../ir/jwt.h"
#include "cfn_rest_form.h"

static const aw_rest_form_row S_authorizer_rows[] = {
    {"type", NULL},     /* written first, as Type */
    {"authorizerUri", "AuthorizerUri"},
    {"authorizerCredentials", "AuthorizerCredentials"},
    {"identitySource", "IdentitySource"},
    {"authorizerResultTtlInSeconds", "AuthorizerResultTtlInSeconds"},
    {"providerARNs", "ProviderARNs"},
};

/* AWS::ApiGateway::Authorizer JwtConfiguration, JwtIssuer and
 * JwtAdditionalClaim (CloudFormation reference); a claim's Format is
 * SINGLE_STRING, the one value the API reference gives. */
static void S_jwt_configuration(aw_jw *w, const aw_authorizer *au)
{
    aw_jw_key(w, "JwtConfiguration");
    aw_jw_object(w);
    aw_cfn_string_list(w, "DefaultAlgorithms", &au->algorithms);
    aw_jw_key(w, "Issuers");
    aw_jw_array(w);
    for (size_t i = 0, n = aw_jwt_issuer_count(au); i < n; i++) {
        aw_jw_object(w);
        aw_jw_member_string(w, "Issuer", aw_jwt_issuer_url(au, i));
        aw_cfn_string_list(w, "Audiences", aw_jwt_issuer_audiences(au, i));
        const aw_jwt_claim *claims;
        size_t count = aw_jwt_issuer_claims(au, i, &claims);
        if (count) {
            aw_jw_key(w, "AdditionalClaims");
            aw_jw_array(w);
        }
        for (size_t k = 0; k < count; k++) {
            aw_jw_object(w);
            aw_jw_member_string(w, "ClaimName", claims[k].name);
            aw_jw_member_string(w, "Format", "SINGLE_STRING");
            if (claims[k].values.count)
                aw_cfn_string_list(w, "ExpectedValues", &claims[k].values);
            aw_jw_member_bool(w, "Required", claims[k].required);
            aw_jw_end_object(w);
        }
        if (count)
            aw_jw_end_array(w);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

/* A REST JWT authorizer: Type JWT, the authorization type its methods take
 * ("Attach a JWT authorizer to methods and require scopes"), reading the
 * token where the diagram says, as a Cognito authorizer reads it. */
static void S_jwt_authorizer(aw_rest_form *f, const aw_node *node)
{
    const aw_authorizer *au = &node->as.authorizer;
    aw_jw *w = f->c->w;
    aw_jw_member_string(w, "Type", "JWT");
    aw_strbuf source = AW_STRBUF_INIT;
    aw_deploy_rest_identity_sources(&au->identity_sources, &source);
    aw_jw_member_string(w, "IdentitySource", source.len ? source.data : "method.request.header.Authorization");
    aw_strbuf_free(&source);
    S_jwt_configuration(w, au);
}

/* A Lambda or Cognito authorizer from its security scheme: the names API
 * Gateway's import gives the extension's members. A token or user-pool
 * authorizer reads the header the scheme names. */
static void S_scheme_authorizer(aw_rest_form *f, const json_t *scheme)
{
    static const struct { const char *openapi, *cfn; } types[] = {
        {"token", "TOKEN"}, {"request", "REQUEST"}, {"cognito_user_pools", "COGNITO_USER_POOLS"},
    };
    aw_jw *w = f->c->w;
    const json_t *ext = json_object_get(scheme, "x-amazon-apigateway-authorizer");
    const char *type = json_string_value(json_object_get(ext, "type"));
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i].openapi) == 0)
            aw_jw_member_string(w, "Type", types[i].cfn);
    aw_rest_form_members(f, ext, S_authorizer_rows, sizeof S_authorizer_rows / sizeof S_authorizer_rows[0],
                         "an authorizer's");
    const char *header = json_string_value(json_object_get(scheme, "name"));
    if (!json_object_get(ext, "identitySource") && header) {
        aw_jw_key(w, "IdentitySource");
        aw_jw_stringf(w, "method.request.header.%s", header);
    }
}

void aw_rest_form_authorizers(aw_rest_form *f)
{
    const json_t *schemes = json_object_get(json_object_get(f->doc, "components"), "securitySchemes");
    const char *name;
    json_t *scheme;
    json_object_foreach((json_t *)schemes, name, scheme) {
        const aw_node *node = aw_model_find(f->c->d.model, name);
        if (!node || node->kind != AW_KIND_AUTHORIZER || node->as.authorizer.type == AW_AUTH_IAM)
            continue;   /* the API key's scheme; IAM is a method's authorization type alone */
        char id[300];
        aw_cfn_id(f->c, node, "Authorizer", id, sizeof id);
        aw_rest_form_part_open(f, node, id, "AWS::ApiGateway::Authorizer");
        aw_jw_member_string(f->c->w, "Name", aw_deploy_name(node));
        if (node->as.authorizer.type == AW_AUTH_JWT)
            S_jwt_authorizer(f, node);
        else
            S_scheme_authorizer(f, scheme);
        aw_rest_form_end(f, json_object_get(scheme, "x-archway-authorizer"), NULL, false);
    }
}
