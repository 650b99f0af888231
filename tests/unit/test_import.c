/* archway import as a library call: the YAML reader (short forms, the core
 * schema, locations, aliases shared not copied and bounded, what it
 * refuses), values worked out from parameters, ids from logical ids,
 * templates of each kind becoming the model a user expects, and the design
 * facts a build keeps in Metadata read back under the template's word. */
#include <string.h>

#include "../../emitters/emitters.h"
#include "../../importer/import.h"
#include "../../importer/importer.h"
#include "../../compiler/readers.h"
#include "test_support.h"

static aw_import_result res;
static bool imported;

static void S_teardown(void)
{
    if (imported)
        aw_import_result_free(&res);
    imported = false;
}

static aw_compile_status S_import(const char *text)
{
    imported = true;
    aw_import_options options = {.external_runtime = "nodejs22.x"};
    return aw_import_buffer(&res, "t.yaml", text, strlen(text), &options);
}

static bool S_has_code(const char *code)
{
    for (size_t i = 0; i < res.diags.count; i++)
        if (strcmp(res.diags.items[i].code, code) == 0)
            return true;
    return false;
}

static const aw_node *S_node(const char *id)
{
    const aw_node *n = aw_model_find(res.model, id);
    ck_assert_msg(n != NULL, "no node %s", id);
    return n;
}

/* ---- the YAML reader ---------------------------------------------------- */

static aw_doc *S_yaml(aw_arena *arena, aw_diags *diags, const char *text)
{
    aw_arena_init(arena);
    aw_diags_init(diags, arena);
    return aw_yaml_read(arena, diags, "y.yaml", text, strlen(text));
}

START_TEST(test_short_forms_read_as_long_forms_with_locations)
{
    aw_arena arena;
    aw_diags diags;
    aw_doc *root = S_yaml(&arena, &diags,
                          "A: !Ref Param\n"
                          "B: !GetAtt [Fn, Arn]\n"
                          "C: !Sub \"x-${Env}\"\n"
                          "D: !Condition IsProd\n");
    ck_assert_ptr_nonnull(root);
    const aw_doc *a = aw_doc_member_find(root, "A")->value;
    ck_assert_int_eq(a->kind, AW_DOC_OBJECT);
    ck_assert_str_eq(a->as.object.members[0].key, "Ref");
    ck_assert_str_eq(a->as.object.members[0].value->as.string.chars, "Param");
    const aw_doc *b = aw_doc_member_find(root, "B")->value;
    ck_assert_str_eq(b->as.object.members[0].key, "Fn::GetAtt");
    ck_assert_int_eq(b->as.object.members[0].value->as.array.count, 2);
    ck_assert_str_eq(aw_doc_member_find(root, "C")->value->as.object.members[0].key, "Fn::Sub");
    ck_assert_str_eq(aw_doc_member_find(root, "D")->value->as.object.members[0].key, "Condition");
    /* Line and column of the value, 1-based, and its pointer path. */
    ck_assert_uint_eq(b->loc.line, 2);
    ck_assert_uint_eq(b->loc.col, 4);
    ck_assert_str_eq(aw_doc_member_find(root, "C")->value->loc.path, "/C");
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

START_TEST(test_plain_scalars_follow_the_core_schema_and_quoted_ones_stay_text)
{
    aw_arena arena;
    aw_diags diags;
    aw_doc *root = S_yaml(&arena, &diags, "n: 12\nf: 0.5\nt: true\nz: ~\ns: '12'\nv: \"2.0\"\nw: yes\n");
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(aw_doc_member_find(root, "n")->value->kind, AW_DOC_NUMBER);
    ck_assert(aw_doc_member_find(root, "n")->value->as.number.integral);
    ck_assert(!aw_doc_member_find(root, "f")->value->as.number.integral);
    ck_assert_int_eq(aw_doc_member_find(root, "t")->value->kind, AW_DOC_BOOL);
    ck_assert_int_eq(aw_doc_member_find(root, "z")->value->kind, AW_DOC_NULL);
    ck_assert_int_eq(aw_doc_member_find(root, "s")->value->kind, AW_DOC_STRING);
    ck_assert_str_eq(aw_doc_member_find(root, "v")->value->as.string.chars, "2.0");
    /* YAML 1.1's "yes" is text in the core schema, as CloudFormation reads it. */
    ck_assert_int_eq(aw_doc_member_find(root, "w")->value->kind, AW_DOC_STRING);
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

START_TEST(test_aliases_share_the_anchored_value)
{
    aw_arena arena;
    aw_diags diags;
    aw_doc *root = S_yaml(&arena, &diags, "a: &x {k: v}\nb: *x\n");
    ck_assert_ptr_nonnull(root);
    ck_assert_ptr_eq(aw_doc_member_find(root, "a")->value, aw_doc_member_find(root, "b")->value);
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

START_TEST(test_an_alias_bomb_is_refused_with_little_memory)
{
    /* Ten levels of ten aliases each: 10^10 values once expanded. */
    char text[4096] = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; i++) {
        char line[256];
        snprintf(line, sizeof line, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(text, line);
    }
    aw_arena arena;
    aw_diags diags;
    ck_assert_ptr_null(S_yaml(&arena, &diags, text));
    ck_assert_uint_eq(diags.errors, 1);
    ck_assert_str_eq(diags.items[0].code, "input-too-large");
    ck_assert_uint_lt(arena.total, 4u * 1024u * 1024u);
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

START_TEST(test_the_reader_refuses_what_it_cannot_read)
{
    static const struct {
        const char *text, *code;
    } cases[] = {
        {"a: [1, 2\n", "yaml-syntax"},
        {"a: !Custom x\n", "yaml-unsupported"},
        {"a: 1\n---\nb: 2\n", "yaml-unsupported"},
        {"a: *nowhere\n", "yaml-syntax"},
        {"? [complex, key]\n: v\n", "yaml-unsupported"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        aw_arena arena;
        aw_diags diags;
        ck_assert_ptr_null(S_yaml(&arena, &diags, cases[i].text));
        ck_assert_uint_eq(diags.errors, 1);
        ck_assert_str_eq(diags.items[0].code, cases[i].code);
        ck_assert_uint_gt(diags.items[0].loc.line, 0);
        aw_diags_free(&diags);
        aw_arena_free(&arena);
    }
}
END_TEST

START_TEST(test_nesting_past_the_limit_is_refused)
{
    char text[1024] = "a: ";
    for (int i = 0; i < 100; i++)
        strcat(text, "[");
    for (int i = 0; i < 100; i++)
        strcat(text, "]");
    aw_arena arena;
    aw_diags diags;
    ck_assert_ptr_null(S_yaml(&arena, &diags, text));
    ck_assert_str_eq(diags.items[0].code, "too-deep");
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

/* ---- templates ------------------------------------------------------------ */

static const char S_http_template[] =
    "Parameters:\n"
    "  Env: {Type: String, Default: test}\n"
    "  Secret: {Type: String}\n"
    "Resources:\n"
    "  OrdersFn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      FunctionName: !Sub \"orders-${Env}\"\n"
    "      Runtime: python3.12\n"
    "      MemorySize: 768\n"
    "      Timeout: 12\n"
    "      Environment: {Variables: {KEY: !Ref Secret, STAGE: !Ref Env, BUCKET: !GetAtt Bucket.Arn}}\n"
    "  HttpApi:\n"
    "    Type: AWS::ApiGatewayV2::Api\n"
    "    Properties: {Name: !Join ['-', [orders, !Ref Env]], ProtocolType: HTTP}\n"
    "  Integ:\n"
    "    Type: AWS::ApiGatewayV2::Integration\n"
    "    Properties:\n"
    "      ApiId: !Ref HttpApi\n"
    "      IntegrationType: AWS_PROXY\n"
    "      IntegrationUri: !GetAtt OrdersFn.Arn\n"
    "      PayloadFormatVersion: '2.0'\n"
    "  Route:\n"
    "    Type: AWS::ApiGatewayV2::Route\n"
    "    Properties: {ApiId: !Ref HttpApi, RouteKey: 'POST /orders', Target: !Sub 'integrations/${Integ}'}\n"
    "  Stage:\n"
    "    Type: AWS::ApiGatewayV2::Stage\n"
    "    Properties: {ApiId: !Ref HttpApi, StageName: !Ref Env, AutoDeploy: true}\n"
    "  Bucket:\n"
    "    Type: AWS::S3::Bucket\n";

START_TEST(test_a_template_becomes_the_model_with_values_worked_out)
{
    ck_assert_int_eq(S_import(S_http_template), AW_COMPILE_OK);
    const aw_node *fn = S_node("orders-fn");
    /* FunctionName is the name in Lambda, not the element's display name. */
    ck_assert_ptr_null(fn->name);
    ck_assert_str_eq(fn->as.function.function_name, "orders-test");
    /* A variable given by a template parameter stays that parameter, which
     * the diagram declares as the template does; one that names a resource
     * has no spelling there, and is reported where it is written. */
    ck_assert_uint_eq(fn->as.function.environment.count, 2);
    ck_assert_str_eq(fn->as.function.environment.items[0].key, "KEY");
    ck_assert_str_eq(fn->as.function.environment.items[0].value, "${param:Secret}");
    ck_assert_str_eq(fn->as.function.environment.items[1].key, "STAGE");
    ck_assert_str_eq(fn->as.function.environment.items[1].value, "${param:Env}");
    ck_assert_uint_eq(res.model->parameter_count, 2);
    ck_assert_str_eq(res.model->parameters[0].name, "Secret");
    ck_assert_str_eq(res.model->parameters[1].name, "Env");
    ck_assert(S_has_code("AW-IMPORT-004"));
    ck_assert_int_eq(fn->as.function.memory_mb, 768);
    ck_assert_double_eq(fn->as.function.timeout_ms, 12000);
    const aw_node *api = S_node("http-api");
    ck_assert_str_eq(api->name, "orders-test");
    ck_assert_int_eq(api->as.api.type, AW_API_HTTP);
    const aw_node *route = S_node("route");
    ck_assert_int_eq(route->as.route.method, AW_METHOD_POST);
    ck_assert_str_eq(route->as.route.path, "/orders");
    ck_assert_ptr_eq(route->as.route.integration.node, S_node("integ"));
    ck_assert_ptr_eq(S_node("integ")->as.integration.function.node, fn);
    ck_assert_str_eq(S_node("stage")->name, "test");
    ck_assert_int_eq(S_node("bucket")->as.datastore.engine, AW_STORE_S3);
    ck_assert_uint_eq(res.summary.resources, 6);
    /* Every element is placed on the canvas. */
    for (size_t i = 0; i < res.model->node_count; i++)
        ck_assert_ptr_nonnull(res.model->nodes[i]->position);
}
END_TEST

/* A REST API's JWT authorizer written as AWS::ApiGateway::Authorizer
 * JwtConfiguration comes in with every issuer, audience, algorithm and
 * claim rule, and the methods that name it keep their own scopes. */
static const char S_rest_jwt_template[] =
    "Resources:\n"
    "  Api:\n"
    "    Type: AWS::ApiGateway::RestApi\n"
    "    Properties: {Name: vault}\n"
    "  Seeds:\n"
    "    Type: AWS::ApiGateway::Resource\n"
    "    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: seeds}\n"
    "  Tokens:\n"
    "    Type: AWS::ApiGateway::Authorizer\n"
    "    Properties:\n"
    "      RestApiId: !Ref Api\n"
    "      Name: tokens\n"
    "      Type: JWT\n"
    "      IdentitySource: method.request.header.Authorization\n"
    "      JwtConfiguration:\n"
    "        DefaultAlgorithms: [ES384]\n"
    "        Issuers:\n"
    "          - {Issuer: 'https://id.vault.example', Audiences: [vault-api]}\n"
    "          - Issuer: https://partners.example/oauth\n"
    "            Audiences: [vault-api, vault-batch]\n"
    "            AdditionalClaims:\n"
    "              - {ClaimName: org, Format: SINGLE_STRING, ExpectedValues: [kew], Required: true}\n"
    "              - {ClaimName: shape, Format: JSON_BLOB}\n"
    "  ListSeeds:\n"
    "    Type: AWS::ApiGateway::Method\n"
    "    Properties:\n"
    "      RestApiId: !Ref Api\n"
    "      ResourceId: !Ref Seeds\n"
    "      HttpMethod: GET\n"
    "      AuthorizationType: JWT\n"
    "      AuthorizerId: !Ref Tokens\n"
    "      AuthorizationScopes: [seeds:read]\n"
    "      Integration: {Type: MOCK, RequestTemplates: {application/json: '{\"statusCode\": 200}'}}\n";

START_TEST(test_a_rest_jwt_authorizer_comes_in_whole)
{
    ck_assert_int_eq(S_import(S_rest_jwt_template), AW_COMPILE_OK);
    const aw_authorizer *au = &S_node("tokens")->as.authorizer;
    ck_assert_int_eq(au->type, AW_AUTH_JWT);
    ck_assert_uint_eq(au->algorithms.count, 1);
    ck_assert_str_eq(au->algorithms.items[0], "ES384");
    ck_assert_uint_eq(au->issuer_count, 2);
    ck_assert_str_eq(au->issuers[0].issuer, "https://id.vault.example");
    ck_assert_uint_eq(au->issuers[0].claim_count, 0);
    ck_assert_uint_eq(au->issuers[1].audiences.count, 2);
    ck_assert_str_eq(au->issuers[1].audiences.items[1], "vault-batch");
    /* The claim rule of an undocumented Format is reported and left out
     * rather than carried as a rule that checks something else. */
    ck_assert_uint_eq(au->issuers[1].claim_count, 1);
    ck_assert_str_eq(au->issuers[1].claims[0].name, "org");
    ck_assert(au->issuers[1].claims[0].required);
    ck_assert_str_eq(au->issuers[1].claims[0].values.items[0], "kew");
    ck_assert(S_has_code("AW-IMPORT-004"));
    const aw_route *r = &S_node("list-seeds")->as.route;
    ck_assert_ptr_eq(r->authorizer.node, S_node("tokens"));
    ck_assert_uint_eq(r->scopes.count, 1);
    ck_assert_str_eq(r->scopes.items[0], "seeds:read");
}
END_TEST

/* A JWT authorizer without its JwtConfiguration, which CloudFormation
 * requires, stays a JWT authorizer that the checks find wanting, not a
 * Lambda token authorizer with no function. */
START_TEST(test_a_rest_jwt_authorizer_without_configuration_is_refused_as_one)
{
    ck_assert_int_ne(S_import("Resources:\n"
                              "  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}\n"
                              "  Tok:\n"
                              "    Type: AWS::ApiGateway::Authorizer\n"
                              "    Properties: {RestApiId: !Ref Api, Name: tok, Type: JWT}\n"),
                     AW_COMPILE_OK);
    bool as_jwt = false;
    for (size_t i = 0; i < res.diags.count; i++)
        as_jwt |= strcmp(res.diags.items[i].code, "missing-field") == 0 &&
                  strstr(res.diags.items[i].message, "of type \"jwt\" needs 'issuer'") != NULL;
    ck_assert(as_jwt);
}
END_TEST

START_TEST(test_the_same_template_gives_the_same_diagram)
{
    ck_assert_int_eq(S_import(S_http_template), AW_COMPILE_OK);
    aw_strbuf a = AW_STRBUF_INIT, b = AW_STRBUF_INIT;
    aw_emit_json(res.model, &a, false);
    S_teardown();
    ck_assert_int_eq(S_import(S_http_template), AW_COMPILE_OK);
    aw_emit_json(res.model, &b, false);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.data, b.data, a.len) == 0);
    aw_strbuf_free(&a);
    aw_strbuf_free(&b);
}
END_TEST

START_TEST(test_sam_events_expand_into_routes_of_the_implicit_api)
{
    ck_assert_int_eq(S_import("Transform: AWS::Serverless-2016-10-31\n"
                              "Globals: {Function: {Runtime: java21, MemorySize: 1024}}\n"
                              "Resources:\n"
                              "  Books:\n"
                              "    Type: AWS::Serverless::Function\n"
                              "    Properties:\n"
                              "      Handler: books.Handler\n"
                              "      Events:\n"
                              "        List: {Type: Api, Properties: {Path: /books, Method: get}}\n"
                              "        Add: {Type: Api, Properties: {Path: /books, Method: post}}\n"),
                     AW_COMPILE_OK);
    const aw_node *api = S_node("serverless-rest-api");
    ck_assert_int_eq(api->as.api.type, AW_API_REST);
    ck_assert_str_eq(S_node("serverless-rest-api-prod")->name, "Prod");
    const aw_node *list = S_node("books-list"), *add = S_node("books-add");
    ck_assert_int_eq(list->as.route.method, AW_METHOD_GET);
    ck_assert_int_eq(add->as.route.method, AW_METHOD_POST);
    /* One integration shared by both events of the function on the API. */
    ck_assert_ptr_eq(list->as.route.integration.node, add->as.route.integration.node);
    ck_assert_int_eq(S_node("books")->as.function.memory_mb, 1024);
    ck_assert_str_eq(S_node("books")->as.function.runtime, "java21");
}
END_TEST

START_TEST(test_what_is_not_a_template_is_unreadable)
{
    ck_assert_int_eq(S_import("just: text\n"), AW_COMPILE_UNREADABLE);
    ck_assert(S_has_code("AW-IMPORT-010"));
    S_teardown();
    ck_assert_int_eq(S_import("[1, 2]\n"), AW_COMPILE_UNREADABLE);
}
END_TEST

START_TEST(test_ids_are_made_from_logical_ids)
{
    aw_import im = {0};
    aw_arena arena;
    aw_arena_init(&arena);
    im.arena = &arena;
    ck_assert_str_eq(aw_import_id_from(&im, "OrdersTable"), "orders-table");
    ck_assert_str_eq(aw_import_id_from(&im, "HTTPApi"), "http-api");
    ck_assert_str_eq(aw_import_id_from(&im, "Api2Stage"), "api2-stage");
    ck_assert_str_eq(aw_import_id_from(&im, "GET /pets/{id}"), "get-pets-id");
    ck_assert_str_eq(aw_import_id_from(&im, "///"), "x");
    aw_arena_free(&arena);
}
END_TEST

/* A template a build wrote, then edited: Archway metadata gives the ids and
 * what no property says, the properties win where both speak. */
static const char S_built_template[] =
    "Metadata:\n"
    "  Archway:\n"
    "    version: 1\n"
    "    diagram: {tags: {team: payments}}\n"
    "    elements:\n"
    "      - {kind: client, id: shop, stage: live, traffic: {rate: 5}}\n"
    "    edges: []\n"
    "Resources:\n"
    "  PayFunction:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties: {Runtime: nodejs22.x, Handler: main.handler, MemorySize: 1024,\n"
    "                 Code: {ZipFile: 'exports.handler = async () => ({})'}, Tags: [{Key: team, Value: payments}]}\n"
    "    Metadata:\n"
    "      Archway: {id: pay-fn, coldStart: 900ms, memory: 256, defaults: {handler: index.handler}}\n"
    "  PayApi:\n"
    "    Type: AWS::ApiGatewayV2::Api\n"
    "    Properties: {Name: pay, ProtocolType: HTTP, Tags: {team: payments, tier: gold}}\n"
    "    Metadata: {Archway: {id: pay-api}}\n"
    "  PayIntegration:\n"
    "    Type: AWS::ApiGatewayV2::Integration\n"
    "    Properties: {ApiId: !Ref PayApi, IntegrationType: AWS_PROXY, PayloadFormatVersion: '2.0',\n"
    "                 IntegrationUri: !GetAtt PayFunction.Arn}\n"
    "    Metadata: {Archway: {id: pay-integration, name: payments}}\n"
    "  PayRoute:\n"
    "    Type: AWS::ApiGatewayV2::Route\n"
    "    Properties: {ApiId: !Ref PayApi, RouteKey: 'POST /pay', Target: !Sub 'integrations/${PayIntegration}'}\n"
    "    Metadata: {Archway: {id: post-pay, name: Pay}}\n"
    "  LiveStage:\n"
    "    Type: AWS::ApiGatewayV2::Stage\n"
    "    Properties: {ApiId: !Ref PayApi, StageName: live, AutoDeploy: true}\n"
    "    Metadata: {Archway: {id: live}}\n";

START_TEST(test_archway_metadata_comes_back_and_properties_win)
{
    ck_assert_int_eq(S_import(S_built_template), AW_COMPILE_OK);
    const aw_node *fn = S_node("pay-fn");
    ck_assert_double_eq(fn->as.function.cold_start_ms, 900);
    /* Edited after the build: the template's values, not the metadata's. */
    ck_assert_int_eq(fn->as.function.memory_mb, 1024);
    ck_assert_str_eq(fn->as.function.handler, "main.handler");
    /* References follow the ids the metadata gives. */
    const aw_node *route = S_node("post-pay");
    ck_assert_str_eq(route->name, "Pay");
    ck_assert_ptr_eq(route->as.route.integration.node, S_node("pay-integration"));
    ck_assert_ptr_eq(S_node("pay-integration")->as.integration.function.node, fn);
    /* The diagram's tags are the diagram's again; the API keeps its own. */
    const aw_node *api = S_node("pay-api");
    ck_assert_uint_eq(api->tags.count, 1);
    ck_assert_str_eq(api->tags.items[0].key, "tier");
    ck_assert_uint_eq(fn->tags.count, 0);
    ck_assert_uint_eq(res.model->tags.count, 1);
    /* An element no resource holds comes whole, its references resolved. */
    ck_assert_ptr_eq(S_node("shop")->as.client.stage.node, S_node("live"));
}
END_TEST

/* A function whose handler is the one a build gives a Node.js function. */
#define S_INDEX_HANDLER_FUNCTION                                                                                \
    "Resources:\n"                                                                                              \
    "  PayFunction:\n"                                                                                          \
    "    Type: AWS::Lambda::Function\n"                                                                         \
    "    Properties: {Runtime: nodejs22.x, Handler: index.handler,\n"                                          \
    "                 Code: {ZipFile: 'exports.handler = async () => ({})'}}\n"

START_TEST(test_a_handler_the_build_wrote_is_the_default_again)
{
    ck_assert_int_eq(S_import(S_INDEX_HANDLER_FUNCTION
                              "    Metadata: {Archway: {id: pay-fn, defaults: {handler: index.handler}}}\n"),
                     AW_COMPILE_OK);
    ck_assert_ptr_null(S_node("pay-fn")->as.function.handler);
    S_teardown();
    /* Without metadata the same template says its handler. */
    ck_assert_int_eq(S_import(S_INDEX_HANDLER_FUNCTION), AW_COMPILE_OK);
    ck_assert_str_eq(S_node("pay-function")->as.function.handler, "index.handler");
}
END_TEST

/* A member or item added to a document a reader made (its room exactly
 * its count) lands in a copy, and every member before it stays intact:
 * the importer edits parsed subtrees (such as metadata it reads back). */
START_TEST(test_tree_edits_of_parsed_documents_keep_every_member)
{
    aw_arena arena;
    aw_arena_init(&arena);
    aw_diags diags = {0};
    static const char text[] = "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"list\": [1, 2, 3, 4, 5]}";
    aw_doc *doc = aw_json_read(&arena, &diags, "t.json", text, sizeof text - 1);
    ck_assert_ptr_nonnull(doc);
    aw_import im = {.arena = &arena, .diags = &diags};
    for (int i = 0; i < 40; i++) {
        char *key = aw_arena_printf(&arena, "k%d", i);
        aw_itree_set(&im, doc, key, aw_itree_number(&im, i, NULL));
        aw_itree_push(&im, aw_itree_get(doc, "list"), aw_itree_number(&im, 100 + i, NULL));
    }
    ck_assert_uint_eq(doc->as.object.count, 46);
    static const char *const first[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++)
        ck_assert_double_eq(aw_itree_get(doc, first[i])->as.number.value, i + 1);
    for (int i = 0; i < 40; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        ck_assert_double_eq(aw_itree_get(doc, key)->as.number.value, i);
    }
    const aw_doc *list = aw_itree_get(doc, "list");
    ck_assert_uint_eq(list->as.array.count, 45);
    for (size_t i = 0; i < 45; i++)
        ck_assert_double_eq(list->as.array.items[i]->as.number.value, i < 5 ? (double)i + 1 : 100.0 + (double)i - 5);
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}
END_TEST

START_TEST(test_a_rest_methods_own_cache_keys_come_back)
{
    /* A build keys a cached method on its path parameters and the caller's
     * identity itself: only the other keys are the route's. */
    static const char text[] =
        "openapi: 3.0.1\n"
        "info: {title: rewards, version: '1'}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}\n"
        "paths:\n"
        "  /members/{id}/rewards:\n"
        "    get:\n"
        "      operationId: list-rewards\n"
        "      security: [{sigv4: []}]\n"
        "      parameters:\n"
        "        - {name: id, in: path, required: true, schema: {type: string}}\n"
        "        - {name: tier, in: query, schema: {type: string}}\n"
        "      responses: {'200': {description: ok}}\n"
        "      x-amazon-apigateway-integration:\n"
        "        type: http_proxy\n"
        "        httpMethod: GET\n"
        "        uri: https://rewards.example.com/members/{id}\n"
        "        cacheKeyParameters: [method.request.path.id, method.request.header.Authorization,\n"
        "                             method.request.querystring.tier]\n";
    ck_assert_int_eq(S_import(text), AW_COMPILE_OK);
    const aw_route_cache *cache = S_node("list-rewards")->as.route.cache;
    ck_assert_ptr_nonnull(cache);
    ck_assert_uint_eq(cache->keys.count, 1);
    ck_assert_str_eq(cache->keys.items[0], "method.request.querystring.tier");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("import");
    TCase *yaml = aw_test_tcase(s, "yaml", NULL, NULL);
    tcase_add_test(yaml, test_short_forms_read_as_long_forms_with_locations);
    tcase_add_test(yaml, test_plain_scalars_follow_the_core_schema_and_quoted_ones_stay_text);
    tcase_add_test(yaml, test_aliases_share_the_anchored_value);
    tcase_add_test(yaml, test_an_alias_bomb_is_refused_with_little_memory);
    tcase_add_test(yaml, test_the_reader_refuses_what_it_cannot_read);
    tcase_add_test(yaml, test_nesting_past_the_limit_is_refused);
    TCase *tc = aw_test_tcase(s, "templates", NULL, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_template_becomes_the_model_with_values_worked_out);
    tcase_add_test(tc, test_the_same_template_gives_the_same_diagram);
    tcase_add_test(tc, test_sam_events_expand_into_routes_of_the_implicit_api);
    tcase_add_test(tc, test_what_is_not_a_template_is_unreadable);
    tcase_add_test(tc, test_ids_are_made_from_logical_ids);
    tcase_add_test(tc, test_a_rest_jwt_authorizer_comes_in_whole);
    tcase_add_test(tc, test_a_rest_jwt_authorizer_without_configuration_is_refused_as_one);
    tcase_add_test(tc, test_archway_metadata_comes_back_and_properties_win);
    tcase_add_test(tc, test_a_handler_the_build_wrote_is_the_default_again);
    tcase_add_test(tc, test_a_rest_methods_own_cache_keys_come_back);
    tcase_add_test(tc, test_tree_edits_of_parsed_documents_keep_every_member);
    return s;
}

AW_TEST_MAIN(S_suite)
