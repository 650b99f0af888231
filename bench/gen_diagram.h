/* Header-only generator of large, realistic diagrams, included by each bench
 * program (each is linked alone): deterministic, JSON, XML via the library. */
#ifndef AW_BENCH_GEN_DIAGRAM_H
#define AW_BENCH_GEN_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/compile.h"
#include "../emitters/emitters.h"
#include "../ir/strbuf.h"

/* AWS quota: routes (resources x methods) per API. */
#define AW_BENCH_MAX_ROUTES_PER_API 300
/* Average API size the generator aims for; sizes vary around it. */
#define AW_BENCH_ROUTES_PER_API 200
#define AW_BENCH_SEED 0x5eed2024u

typedef struct aw_bench_gen_opts {
    size_t routes;              /* routes in the whole diagram */
    size_t function_share;      /* consecutive Lambda routes sharing one function; 1 = own function */
    uint64_t seed;
} aw_bench_gen_opts;

/* ---- Generator state and tiny PRNG (splitmix64) -------------------------- */

typedef struct S_gen {
    aw_strbuf out;              /* the document being written */
    aw_strbuf edges;            /* the edges array, appended at the end */
    uint64_t rng;
    size_t nodes, edge_count;
    size_t members;             /* members written in the current object */
} S_gen;

static inline uint64_t S_gen_next(S_gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline size_t S_gen_below(S_gen *g, size_t n)
{
    return n ? (size_t)(S_gen_next(g) % n) : 0;
}

static inline bool S_gen_chance(S_gen *g, unsigned percent)
{
    return S_gen_below(g, 100) < percent;
}

#define S_GEN_PICK(g, array) ((array)[S_gen_below((g), sizeof(array) / sizeof((array)[0]))])

/* ---- JSON writing helpers ---------------------------------------------- */

#define S_GEN_COL 300               /* canvas grid pitch */
#define S_GEN_ROW 120

static inline void S_gen_key(S_gen *g, const char *key)
{
    aw_strbuf_printf(&g->out, "%s\n      \"%s\": ", g->members++ ? "," : "", key);
}

static inline void S_gen_str(S_gen *g, const char *key, const char *value)
{
    S_gen_key(g, key);
    aw_strbuf_json_string(&g->out, value, strlen(value));
}

static inline void S_gen_int(S_gen *g, const char *key, long long value)
{
    S_gen_key(g, key);
    aw_strbuf_printf(&g->out, "%lld", value);
}

static inline void S_gen_num(S_gen *g, const char *key, double value)
{
    S_gen_key(g, key);
    aw_strbuf_number(&g->out, value);
}

static inline void S_gen_bool(S_gen *g, const char *key, bool value)
{
    S_gen_key(g, key);
    aw_strbuf_puts(&g->out, value ? "true" : "false");
}

/* Any JSON text, written as is. */
static inline void S_gen_raw(S_gen *g, const char *key, const char *json)
{
    S_gen_key(g, key);
    aw_strbuf_puts(&g->out, json);
}

static inline void S_gen_node(S_gen *g, const char *kind, const char *id, const char *name, size_t col,
                              size_t row)
{
    aw_strbuf_puts(&g->out, g->nodes++ ? ",\n    {" : "\n    {");
    g->members = 0;
    S_gen_str(g, "kind", kind);
    S_gen_str(g, "id", id);
    if (name)
        S_gen_str(g, "name", name);
    S_gen_key(g, "position");
    aw_strbuf_printf(&g->out, "{\"x\": %zu, \"y\": %zu}", 60 + col * S_GEN_COL, 60 + row * S_GEN_ROW);
}

static inline void S_gen_end(S_gen *g)
{
    aw_strbuf_puts(&g->out, "\n    }");
}

static inline void S_gen_edge(S_gen *g, const char *from, const char *to, double calls, bool holds,
                              const char *label)
{
    aw_strbuf_printf(&g->edges, "%s\n    {\"from\": \"%s\", \"to\": \"%s\", \"callsPerRequest\": ",
                     g->edge_count++ ? "," : "", from, to);
    aw_strbuf_number(&g->edges, calls);
    if (holds)
        aw_strbuf_puts(&g->edges, ", \"holdsConnection\": true");
    aw_strbuf_printf(&g->edges, ", \"label\": \"%s\"}", label);
}

/* ---- Vocabulary ------------------------------------------------------------ */

static const char *const S_gen_domains[] = {
    "orders", "catalog", "billing", "identity", "shipping", "inventory", "payments", "search",
    "reviews", "notify", "loyalty", "pricing", "returns", "media", "accounts", "support",
};
static const char *const S_gen_areas[] = {
    "v1", "admin", "public", "partner", "mobile", "internal", "reports", "ops", "web", "batch",
};
/* Plural collection name and its path parameter, side by side. */
static const char *const S_gen_resources[][2] = {
    {"customers", "customerId"}, {"invoices", "invoiceId"}, {"products", "productId"},
    {"carts", "cartId"}, {"payments", "paymentId"}, {"refunds", "refundId"},
    {"shipments", "shipmentId"}, {"parcels", "parcelId"}, {"warehouses", "warehouseId"},
    {"suppliers", "supplierId"}, {"coupons", "couponCode"}, {"reviews", "reviewId"},
    {"subscriptions", "subscriptionId"}, {"users", "userId"}, {"sessions", "sessionId"},
    {"tickets", "ticketId"}, {"documents", "documentId"}, {"images", "imageId"},
    {"webhooks", "webhookId"}, {"reports", "reportId"},
};
/* The routes of one collection: method, item route or not. */
static const struct {
    const char *method, *verb;
    bool item;
} S_gen_templates[] = {
    {"GET", "list", false},  {"POST", "create", false}, {"GET", "get", true},
    {"PUT", "replace", true}, {"DELETE", "delete", true}, {"PATCH", "update", true},
};
static const char *const S_gen_runtimes[] = {
    "nodejs22.x", "nodejs22.x", "python3.12", "python3.12", "java21", "provided.al2023", "nodejs24.x",
};
static const int S_gen_memories[] = {128, 256, 512, 512, 1024, 1024, 1769, 2048};
static const char *const S_gen_access_format =
    "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
    "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
    "\"status\":\"$context.status\",\"latency\":\"$context.responseLatency\"}";

/* ---- One API and everything it uses --------------------------------------- */

typedef struct S_gen_api {
    size_t index, routes, row;          /* row: first canvas row of its block */
    bool http;
    char name[24];                      /* also the prefix of every id it owns */
    char api_id[64], prod_id[64], staging_id[64];
    char jwt_id[64], iam_id[64], lambda_auth_id[64];
    char table_ids[2][64], rds_id[64];
    bool has_rds;
} S_gen_api;

static inline void S_gen_datastores(S_gen *g, S_gen_api *a)
{
    static const char *const tables[] = {"main", "events"};
    for (size_t t = 0; t < 2; t++) {
        snprintf(a->table_ids[t], sizeof a->table_ids[t], "%s-%s-table", a->name, tables[t]);
        S_gen_node(g, "datastore", a->table_ids[t], a->table_ids[t], 5, a->row + 2 * t);
        S_gen_str(g, "engine", "dynamodb");
        char resource[80];
        snprintf(resource, sizeof resource, "%s-%s", a->name, tables[t]);
        S_gen_str(g, "resourceName", resource);
        if (t == 1) {
            S_gen_str(g, "capacityMode", "provisioned");
            S_gen_int(g, "readCapacity", 100 + (long long)S_gen_below(g, 20) * 50);
            S_gen_int(g, "writeCapacity", 50 + (long long)S_gen_below(g, 10) * 25);
        } else {
            S_gen_str(g, "capacityMode", "on-demand");
        }
        S_gen_raw(g, "latency", "{\"p50\": \"5ms\", \"p99\": \"18ms\"}");
        S_gen_end(g);
    }
    a->has_rds = a->index % 2 == 0;
    if (!a->has_rds)
        return;
    snprintf(a->rds_id, sizeof a->rds_id, "%s-db", a->name);
    S_gen_node(g, "datastore", a->rds_id, "PostgreSQL", 5, a->row + 4);
    S_gen_str(g, "description", "Relational store for reporting queries, behind RDS Proxy.");
    S_gen_str(g, "engine", "rds");
    S_gen_str(g, "resourceName", a->rds_id);
    S_gen_int(g, "maxConnections", 400);
    S_gen_int(g, "poolSize", 100);
    S_gen_raw(g, "latency", "{\"p50\": \"3ms\", \"p99\": \"40ms\"}");
    S_gen_end(g);
}

static inline void S_gen_function(S_gen *g, const S_gen_api *a, const char *id, size_t row, bool authorizer)
{
    S_gen_node(g, "function", id, id, authorizer ? 1 : 4, row);
    S_gen_str(g, "runtime", S_GEN_PICK(g, S_gen_runtimes));
    S_gen_str(g, "architecture", S_gen_chance(g, 60) ? "arm64" : "x86_64");
    S_gen_int(g, "memory", S_GEN_PICK(g, S_gen_memories));
    char buf[96];
    snprintf(buf, sizeof buf, "%zus", authorizer ? 3 : 3 + S_gen_below(g, 10) * 3);
    S_gen_str(g, "timeout", buf);
    long long reserved = S_gen_chance(g, 30) ? 10 + (long long)S_gen_below(g, 20) * 10 : 0;
    if (reserved)
        S_gen_int(g, "reservedConcurrency", reserved);
    if (S_gen_chance(g, 10)) {
        long long provisioned = 5 + (long long)S_gen_below(g, 5) * 5;
        /* Lambda refuses provisioned concurrency above the reserved. */
        S_gen_int(g, "provisionedConcurrency", reserved && provisioned > reserved ? reserved : provisioned);
    }
    size_t p50 = 10 + S_gen_below(g, 90);
    snprintf(buf, sizeof buf, "{\"p50\": \"%zums\", \"p99\": \"%zums\"}", p50, p50 * (3 + S_gen_below(g, 5)));
    S_gen_raw(g, "latency", buf);
    snprintf(buf, sizeof buf, "%zums", 200 + S_gen_below(g, 30) * 50);
    S_gen_str(g, "coldStart", buf);
    if (S_gen_chance(g, 25))
        S_gen_num(g, "errorRate", 0.001 * (double)(1 + S_gen_below(g, 5)));
    S_gen_key(g, "tags");
    aw_strbuf_printf(&g->out, "{\"service\": \"%s\", \"team\": \"team-%s\"}", a->name, a->name);
    S_gen_end(g);
}

static inline void S_gen_api_node(S_gen *g, S_gen_api *a)
{
    snprintf(a->api_id, sizeof a->api_id, "%s-api", a->name);
    S_gen_node(g, "api", a->api_id, a->api_id, 1, a->row);
    S_gen_str(g, "description", a->http ? "HTTP API for the web and mobile front ends."
                                        : "REST API for partners; keys, usage plans and request validation.");
    S_gen_str(g, "type", a->http ? "http" : "rest");
    S_gen_str(g, "endpoint", "regional");
    S_gen_str(g, "defaultAuthorizer", a->http ? a->jwt_id : a->lambda_auth_id);
    if (a->http) {
        S_gen_raw(g, "cors", "{\"allowOrigins\": [\"https://app.example.com\", \"https://www.example.com\"], "
                             "\"allowMethods\": [\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"], "
                             "\"allowHeaders\": [\"authorization\", \"content-type\"], "
                             "\"allowCredentials\": true, \"maxAge\": \"10m\"}");
    } else {
        S_gen_str(g, "apiKeySource", "header");
        S_gen_str(g, "requestValidation", "params");
        S_gen_raw(g, "binaryMediaTypes", "[\"application/pdf\", \"image/png\"]");
        S_gen_raw(g, "resourcePolicy",
                  "{\"statements\": [{\"effect\": \"allow\", \"principals\": [\"*\"], \"resources\": [\"*\"]}, "
                  "{\"effect\": \"deny\", \"principals\": [\"*\"], \"resources\": [\"*\"], "
                  "\"notSourceIps\": [\"198.51.100.0/24\", \"203.0.113.32/27\"]}]}");
    }
    S_gen_key(g, "tags");
    aw_strbuf_printf(&g->out, "{\"service\": \"%s\", \"cost-center\": \"cc-%04zu\"}", a->name,
                     1000 + a->index * 7);
    S_gen_end(g);
}

static inline void S_gen_authorizers(S_gen *g, S_gen_api *a)
{
    char fn[80];
    snprintf(a->iam_id, sizeof a->iam_id, "%s-iam", a->name);
    snprintf(a->lambda_auth_id, sizeof a->lambda_auth_id, "%s-%s-auth", a->name, a->http ? "lambda" : "token");
    snprintf(fn, sizeof fn, "%s-authz-fn", a->name);
    if (a->http) {
        snprintf(a->jwt_id, sizeof a->jwt_id, "%s-jwt", a->name);
        S_gen_node(g, "authorizer", a->jwt_id, "Cognito user tokens", 1, a->row + 3);
        S_gen_str(g, "type", "jwt");
        S_gen_raw(g, "identitySources", "[\"$request.header.Authorization\"]");
        S_gen_str(g, "issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Q7vLm2Xk9");
        S_gen_str(g, "tokenUrl", "https://estate-auth.auth.us-east-1.amazoncognito.com/oauth2/token");
        S_gen_raw(g, "audiences", "[\"3q8rbk1f0hv2example7m4s6c\"]");
        S_gen_end(g);
    }
    S_gen_node(g, "authorizer", a->iam_id, "SigV4 callers", 1, a->row + 4);
    S_gen_str(g, "type", "iam");
    S_gen_end(g);
    S_gen_node(g, "authorizer", a->lambda_auth_id, a->http ? "Partner tokens" : "Partner token check", 1,
               a->row + 5);
    S_gen_str(g, "type", "lambda");
    S_gen_str(g, "function", fn);
    if (a->http) {
        S_gen_str(g, "lambdaType", "request");
        S_gen_raw(g, "identitySources", "[\"$request.header.Authorization\", \"$context.sourceIp\"]");
        S_gen_bool(g, "simpleResponses", true);
        S_gen_str(g, "payloadFormat", "2.0");
    } else {
        S_gen_str(g, "lambdaType", "token");
        S_gen_raw(g, "identitySources", "[\"method.request.header.Authorization\"]");
    }
    S_gen_str(g, "resultTtl", "300s");
    S_gen_end(g);
    S_gen_function(g, a, fn, a->row + 6, true);
}

/* Route j of the API: collection j / 6, template j % 6. */
static inline void S_gen_route_shape(size_t j, const char **method, char *path, size_t path_size, char *slug,
                                     size_t slug_size)
{
    size_t group = j / 6, combo = (group * 37) % 200;
    const char *area = S_gen_areas[combo / 20];
    const char *const *res = S_gen_resources[combo % 20];
    size_t t = j % 6;
    *method = S_gen_templates[t].method;
    if (S_gen_templates[t].item)
        snprintf(path, path_size, "/%s/%s/{%s}", area, res[0], res[1]);
    else
        snprintf(path, path_size, "/%s/%s", area, res[0]);
    snprintf(slug, slug_size, "%s-%s-%s%s", S_gen_templates[t].verb, area, res[0],
             S_gen_templates[t].item ? "-item" : "");
}

static inline void S_gen_stages(S_gen *g, S_gen_api *a, char (*route_ids)[128])
{
    snprintf(a->prod_id, sizeof a->prod_id, "%s-prod", a->name);
    snprintf(a->staging_id, sizeof a->staging_id, "%s-staging", a->name);
    for (int s = 0; s < 2; s++) {
        bool prod = s == 0;
        S_gen_node(g, "stage", prod ? a->prod_id : a->staging_id, prod ? "prod" : "staging", 1, a->row + 1 + s);
        S_gen_str(g, "api", a->api_id);
        S_gen_key(g, "variables");
        aw_strbuf_printf(&g->out, "{\"env\": \"%s\", \"tablePrefix\": \"%s-%s\"}", prod ? "prod" : "staging",
                         a->name, prod ? "prod" : "stg");
        size_t rate = prod ? 1000 + S_gen_below(g, 40) * 100 : 100;
        S_gen_key(g, "throttle");
        aw_strbuf_printf(&g->out, "{\"rate\": %zu, \"burst\": %zu}", rate, rate * 2);
        /* Overrides for one route in fifteen. */
        S_gen_key(g, "routeThrottles");
        aw_strbuf_putc(&g->out, '[');
        for (size_t j = 0, n = 0; j < a->routes; j += 15, n++)
            aw_strbuf_printf(&g->out, "%s\n        {\"route\": \"%s\", \"rate\": %zu, \"burst\": %zu}",
                             n ? "," : "", route_ids[j], rate / 10, rate / 5);
        aw_strbuf_puts(&g->out, "\n      ]");
        S_gen_key(g, "accessLog");
        aw_strbuf_printf(&g->out, "{\"destination\": \"arn:aws:logs:us-east-1:123456789012:log-group:/aws/"
                                  "apigateway/%s/%s\", \"format\": ",
                         a->name, prod ? "prod" : "staging");
        aw_strbuf_json_string(&g->out, S_gen_access_format, strlen(S_gen_access_format));
        aw_strbuf_putc(&g->out, '}');
        if (!a->http)   /* HTTP APIs log access only */
            S_gen_str(g, "logLevel", prod ? "error" : "info");
        S_gen_bool(g, "detailedMetrics", prod);
        if (a->http) {
            S_gen_bool(g, "autoDeploy", !prod);
        } else {
            S_gen_bool(g, "tracing", true);
            if (prod && a->index % 3 == 1)
                S_gen_raw(g, "cache", "{\"enabled\": true, \"sizeGb\": 0.5, \"ttl\": \"300s\"}");
        }
        S_gen_end(g);
    }
}

static inline void S_gen_keys_and_plan(S_gen *g, const S_gen_api *a)
{
    char keys[2][80], plan[80];
    for (int k = 0; k < 2; k++) {
        snprintf(keys[k], sizeof keys[k], "%s-partner-key-%d", a->name, k + 1);
        S_gen_node(g, "apiKey", keys[k], k ? "Northwind Freight" : "Acme Logistics", 0, a->row + 2 + k);
        S_gen_end(g);
    }
    snprintf(plan, sizeof plan, "%s-gold-plan", a->name);
    S_gen_node(g, "usagePlan", plan, "Gold tier", 0, a->row + 4);
    S_gen_key(g, "stages");
    aw_strbuf_printf(&g->out, "[\"%s\"]", a->prod_id);
    S_gen_raw(g, "throttle", "{\"rate\": 50, \"burst\": 100}");
    S_gen_raw(g, "quota", "{\"limit\": 1000000, \"period\": \"month\"}");
    S_gen_key(g, "apiKeys");
    aw_strbuf_printf(&g->out, "[\"%s\", \"%s\"]", keys[0], keys[1]);
    S_gen_end(g);
}

static inline void S_gen_client(S_gen *g, const S_gen_api *a, char (*route_ids)[128])
{
    char id[80];
    snprintf(id, sizeof id, "%s-clients", a->name);
    S_gen_node(g, "client", id, "Production traffic", 0, a->row);
    S_gen_str(g, "stage", a->prod_id);
    if (!a->http) {
        char key[80];
        snprintf(key, sizeof key, "%s-partner-key-1", a->name);
        S_gen_str(g, "apiKey", key);
    }
    S_gen_raw(g, "traffic", "{\"profile\": \"diurnal\", \"rate\": 60, \"peakRate\": 240, \"duration\": \"24h\"}");
    S_gen_key(g, "mix");
    aw_strbuf_putc(&g->out, '[');
    for (size_t j = 0; j < a->routes && j < 6; j++)
        aw_strbuf_printf(&g->out, "%s{\"route\": \"%s\", \"weight\": %zu}", j ? ", " : "", route_ids[j], 6 - j);
    aw_strbuf_putc(&g->out, ']');
    S_gen_end(g);
}

/* A route, its integration and (for Lambda integrations) its function. */
static inline void S_gen_route(S_gen *g, const S_gen_api *a, const aw_bench_gen_opts *o, size_t j,
                               const char *route_id, size_t *lambda_routes, char *function_id, size_t fn_size)
{
    const char *method;
    char path[128], slug[80], integ[160], name[160];
    S_gen_route_shape(j, &method, path, sizeof path, slug, sizeof slug);
    size_t row = a->row + j;
    snprintf(name, sizeof name, "%s %s", method, path);
    S_gen_node(g, "route", route_id, name, 2, row);
    S_gen_str(g, "api", a->api_id);
    S_gen_str(g, "method", method);
    S_gen_str(g, "path", path);
    bool list = j % 6 == 0, writes = strcmp(method, "GET") != 0;
    unsigned roll = (unsigned)S_gen_below(g, 100);
    const char *auth_kind = a->http ? "jwt" : "lambda";
    if (list && roll < 20) {
        S_gen_str(g, "authorizer", "none");
        S_gen_str(g, "noneReason", "Public listing; responses hold only published data.");
        auth_kind = "none";
    } else if (roll < 30) {
        S_gen_str(g, "authorizer", a->iam_id);
        auth_kind = "iam";
    } else if (a->http && roll < 38) {
        S_gen_str(g, "authorizer", a->lambda_auth_id);
        auth_kind = "lambda";
    }
    if (strcmp(auth_kind, "jwt") == 0) {
        const char *res = S_gen_resources[((j / 6) * 37) % 200 % 20][0];
        S_gen_key(g, "scopes");
        aw_strbuf_printf(&g->out, "[\"%s/%s.%s\"]", a->name, res, writes ? "write" : "read");
    }
    if (!a->http) {
        if (S_gen_chance(g, 30))
            S_gen_bool(g, "apiKeyRequired", true);
        if (writes && strcmp(method, "DELETE") != 0)
            S_gen_str(g, "requestValidation", "body");
    }
    snprintf(integ, sizeof integ, "%s-integ", route_id);
    S_gen_str(g, "integration", integ);
    if (S_gen_chance(g, 5)) {
        S_gen_key(g, "throttle");
        aw_strbuf_printf(&g->out, "{\"rate\": %zu, \"burst\": %zu}", 20 + S_gen_below(g, 10) * 10,
                         100 + S_gen_below(g, 10) * 20);
    }
    S_gen_end(g);

    /* The integration: mostly Lambda proxies; some direct service calls. */
    S_gen_node(g, "integration", integ, NULL, 3, row);
    if (!a->http && j % 25 == 24) {
        S_gen_str(g, "type", "aws");
        S_gen_str(g, "service", "dynamodb");
        S_gen_str(g, "action", writes ? "PutItem" : "GetItem");
        char role[128];
        snprintf(role, sizeof role, "arn:aws:iam::123456789012:role/%s-apigw-dynamodb", a->name);
        S_gen_str(g, "role", role);
        S_gen_str(g, "target", a->table_ids[1]);
        S_gen_str(g, "timeout", "5s");
        S_gen_end(g);
        return;
    }
    if (a->http && j % 30 == 29) {
        char url[192];
        snprintf(url, sizeof url, "https://legacy.example.com/%s%s", a->name, path);
        S_gen_str(g, "type", "http");
        S_gen_str(g, "url", url);
        S_gen_str(g, "httpMethod", method);
        S_gen_str(g, "timeout", "10s");
        S_gen_end(g);
        return;
    }
    size_t share = o->function_share ? o->function_share : 1;
    size_t fn_index = *lambda_routes / share;
    bool new_function = *lambda_routes % share == 0;
    (*lambda_routes)++;
    if (new_function)
        snprintf(function_id, fn_size, "%s-fn-%zu", a->name, fn_index);
    S_gen_str(g, "type", "lambda");
    S_gen_str(g, "function", function_id);
    if (a->http)
        S_gen_str(g, "payloadFormat", "2.0");
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%zus", 6 + S_gen_below(g, 20));
    S_gen_str(g, "timeout", timeout);
    S_gen_end(g);
    if (!new_function)
        return;
    S_gen_function(g, a, function_id, row, false);
    size_t t = S_gen_below(g, 2);
    S_gen_edge(g, function_id, a->table_ids[t], 1 + (double)S_gen_below(g, 4) * 0.5, false,
               t ? "PutItem (events)" : "GetItem, Query");
    if (a->has_rds && S_gen_chance(g, 25))
        S_gen_edge(g, function_id, a->rds_id, 1, true, "SELECT via RDS Proxy");
}

static inline void S_gen_one_api(S_gen *g, S_gen_api *a, const aw_bench_gen_opts *o)
{
    char (*route_ids)[128] = calloc(a->routes ? a->routes : 1, sizeof *route_ids);
    if (!route_ids) {
        fputs("generator: out of memory\n", stderr);
        abort();
    }
    for (size_t j = 0; j < a->routes; j++) {
        const char *method;
        char path[128], slug[80];
        S_gen_route_shape(j, &method, path, sizeof path, slug, sizeof slug);
        snprintf(route_ids[j], sizeof route_ids[j], "%s-%s", a->name, slug);
    }
    S_gen_authorizers(g, a);
    S_gen_api_node(g, a);
    S_gen_stages(g, a, route_ids);
    if (!a->http)
        S_gen_keys_and_plan(g, a);
    S_gen_client(g, a, route_ids);
    S_gen_datastores(g, a);
    size_t lambda_routes = 0;
    char function_id[64] = "";
    for (size_t j = 0; j < a->routes; j++)
        S_gen_route(g, a, o, j, route_ids[j], &lambda_routes, function_id, sizeof function_id);
    free(route_ids);
}

/* Splits the routes over APIs of about AW_BENCH_ROUTES_PER_API routes,
 * each at most AW_BENCH_MAX_ROUTES_PER_API, sizes jittered. */
static inline size_t *S_gen_api_sizes(S_gen *g, size_t routes, size_t *count)
{
    size_t n = (routes + AW_BENCH_ROUTES_PER_API - 1) / AW_BENCH_ROUTES_PER_API;
    if (n < 2 && routes >= 2)
        n = 2;          /* at least one HTTP and one REST API */
    if (n == 0)
        n = 1;
    size_t *sizes = calloc(n, sizeof *sizes);
    double *weights = calloc(n, sizeof *weights);
    if (!sizes || !weights) {
        fputs("generator: out of memory\n", stderr);
        abort();
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weights[i] = 0.7 + (double)S_gen_below(g, 600) / 1000.0;
    size_t given = 0;
    for (size_t i = 0; i < n; i++)
        given += sizes[i] = (size_t)((double)routes * weights[i] / sum);
    for (size_t i = 0; given < routes; i = (i + 1) % n)
        if (sizes[i] < AW_BENCH_MAX_ROUTES_PER_API)
            sizes[i]++, given++;
    /* Move any excess over the quota to the smallest APIs. */
    for (size_t i = 0; i < n; i++)
        while (sizes[i] > AW_BENCH_MAX_ROUTES_PER_API) {
            size_t small = 0;
            for (size_t k = 1; k < n; k++)
                if (sizes[k] < sizes[small])
                    small = k;
            sizes[i]--, sizes[small]++;
        }
    free(weights);
    *count = n;
    return sizes;
}

/* ---- Public entry points ---------------------------------------------------- */

/* A diagram in the JSON spelling (malloc'd, NUL-terminated). Written into
 * one buffer, so that generating costs little more memory than the text. */
static inline char *aw_bench_generate_json_opts(const aw_bench_gen_opts *o, size_t *len)
{
    S_gen g = {AW_STRBUF_INIT, AW_STRBUF_INIT, o->seed, 0, 0, 0};
    size_t api_count;
    size_t *sizes = S_gen_api_sizes(&g, o->routes, &api_count);
    aw_strbuf_printf(&g.out,
                     "{\n  \"archway\": 1,\n  \"name\": \"Synthetic estate: %zu routes in %zu APIs\",\n"
                     "  \"description\": \"Generated for benchmarks: HTTP and REST APIs with JWT, IAM and "
                     "Lambda authorizers, one integration per route, Lambda functions, DynamoDB and RDS "
                     "stores.\",\n  \"regions\": [\"us-east-1\", \"eu-west-1\"],\n"
                     "  \"tags\": {\"owner\": \"platform@example.com\", \"generated\": \"true\"},\n"
                     "  \"nodes\": [",
                     o->routes, api_count);
    size_t row = 0;
    for (size_t i = 0; i < api_count; i++) {
        S_gen_api a = {.index = i, .routes = sizes[i], .row = row, .http = i % 2 == 0};
        snprintf(a.name, sizeof a.name, "%s%zu", S_gen_domains[i % 16], i / 16 + 1);
        S_gen_one_api(&g, &a, o);
        row += (sizes[i] > 8 ? sizes[i] : 8) + 2;
    }
    free(sizes);
    aw_strbuf_puts(&g.out, "\n  ],\n  \"edges\": [");
    aw_strbuf_put(&g.out, g.edges.data ? g.edges.data : "", g.edges.len);
    aw_strbuf_puts(&g.out, "\n  ]\n}\n");
    aw_strbuf_free(&g.edges);
    return aw_strbuf_detach(&g.out, len);
}

static inline aw_bench_gen_opts aw_bench_default_opts(size_t routes)
{
    aw_bench_gen_opts o = {routes, 1, AW_BENCH_SEED};
    return o;
}

static inline char *aw_bench_generate_json(size_t routes, size_t *len)
{
    aw_bench_gen_opts o = aw_bench_default_opts(routes);
    return aw_bench_generate_json_opts(&o, len);
}

/* The same diagram in the XML spelling, written by the library's XML
 * emitter from the compiled JSON. NULL if the JSON does not compile; the
 * first diagnostic then goes to why. */
static inline char *aw_bench_generate_xml_opts(const aw_bench_gen_opts *o, size_t *len, char *why,
                                               size_t why_size)
{
    size_t json_len;
    char *json = aw_bench_generate_json_opts(o, &json_len);
    aw_compilation c;
    aw_compile_status st = aw_compile_buffer(&c, "generated.json", json, json_len, AW_SPELLING_JSON);
    free(json);
    char *xml = NULL;
    if (st == AW_COMPILE_OK) {
        aw_strbuf out = AW_STRBUF_INIT;
        aw_emit_xml(c.model, &out);
        xml = aw_strbuf_detach(&out, len);
    } else if (why && why_size) {
        snprintf(why, why_size, "%s", c.diags.count ? c.diags.items[0].message : "compile failed");
    }
    aw_compilation_free(&c);
    return xml;
}

static inline char *aw_bench_generate_xml(size_t routes, size_t *len, char *why, size_t why_size)
{
    aw_bench_gen_opts o = aw_bench_default_opts(routes);
    return aw_bench_generate_xml_opts(&o, len, why, why_size);
}

#endif
