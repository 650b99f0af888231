/* One CloudFormation template (JSON) for the whole diagram: parameters for
 * what comes from outside, the Lambda functions, VPC links and log groups
 * the diagram defines, every API (cfn_v2.c, cfn_rest.c), the permissions
 * that let API Gateway invoke the functions, and the invoke URLs. */
#include "cfn.h"
#include "design_meta.h"
#include "stage_url.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- helpers shared by the resource writers -------------------------------- */

/* Records where a resource or an output starts in its text, for a split
 * into nested stacks. */
static void S_push_span(aw_cfn_span **spans, size_t *count, size_t *cap, aw_cfn_span span)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *spans = realloc(*spans, *cap * sizeof **spans);
        if (!*spans)
            abort();
    }
    (*spans)[(*count)++] = span;
}

static void S_span(aw_cfn *c, const aw_node *node, const char *id)
{
    S_push_span(&c->spans, &c->span_count, &c->span_cap, (aw_cfn_span){id, node, c->w->out->len});
}

aw_cfn_mark aw_cfn_mark_here(const aw_cfn *c)
{
    return (aw_cfn_mark){*c->w, c->w->out->len};
}

bool aw_cfn_body_taken_back(aw_cfn *c, size_t start, const aw_cfn_mark *mark)
{
    if (c->w->out->len - start <= AW_CFN_BODY_RESOURCE_BYTES)
        return false;
    c->w->out->len = mark->len;
    c->w->out->data[mark->len] = '\0';
    *c->w = mark->w;
    return true;
}

void aw_cfn_resource_key(aw_cfn *c, const aw_node *node, const char *logical)
{
    c->resource_count++;
    char *copy = aw_arena_strdup(&c->ids_arena, logical);
    void *span = (void *)(uintptr_t)(c->span_count + 1);
    if (!aw_strset_insert(&c->logical_ids, copy, span, NULL)) {
        aw_deploy_report(&c->d, node, NULL,
                         "element '%s' gives logical id %s, which another element of the diagram has already; "
                         "rename one of them", node->id, logical);
        size_t size = strlen(logical) + 16;
        copy = aw_arena_alloc(&c->ids_arena, size);
        for (unsigned n = 2; snprintf(copy, size, "%sDuplicate%u", logical, n), aw_strset_find(&c->logical_ids, copy);)
            n++;
        aw_strset_insert(&c->logical_ids, copy, span, NULL);
    }
    S_span(c, node, copy);
    c->condition = node ? node->condition : NULL;
    aw_jw_key(c->w, copy);
}

void aw_cfn_resource_typed(aw_cfn *c, const aw_node *node, const char *logical, const char *type)
{
    aw_cfn_resource_key(c, node, logical);
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "Type", type);
}

void aw_cfn_properties(aw_cfn *c)
{
    aw_cfn_condition_member(c, c->condition);
    aw_jw_key(c->w, "Properties");
    aw_jw_object(c->w);
}

void aw_cfn_resource(aw_cfn *c, const aw_node *node, const char *logical, const char *type)
{
    aw_cfn_resource_typed(c, node, logical, type);
    aw_cfn_properties(c);
}

void aw_cfn_resource_end(aw_cfn *c)
{
    aw_jw_end_object(c->w);
    aw_cfn_design_meta_resource(c);
    aw_jw_end_object(c->w);
}

void aw_cfn_ref(aw_jw *w, const char *name)
{
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "Ref", name);
    aw_jw_end_object(w);
}

void aw_cfn_getatt(aw_jw *w, const char *resource, const char *attribute)
{
    aw_jw_object_inline(w);
    aw_jw_key(w, "Fn::GetAtt");
    aw_jw_array(w);
    aw_jw_string(w, resource);
    aw_jw_string(w, attribute);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

/* s after the at bytes of buf, cut to its size as snprintf cuts; returns
 * the new length. Ids are built for every resource: no format to parse. */
static size_t S_append(char *buf, size_t size, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at + n >= size)
        n = at + 1 < size ? size - 1 - at : 0;
    memcpy(buf + at, s, n);
    buf[at + n] = '\0';
    return at + n;
}

void aw_cfn_id(const aw_cfn *c, const aw_node *node, const char *word, char *buf, size_t size)
{
    S_append(buf, size, S_append(buf, size, 0, aw_logical_id(&c->d.ids, node)), word);
}

/* The diagram's tags overlaid with the node's, in key order, into items
 * (room for both lists); returns their number. */
static size_t S_merged_tags(const aw_cfn *c, const aw_node *node, aw_pair *items)
{
    const aw_map *global = &c->d.model->tags, *own = &node->tags;
    size_t n = 0;
    for (size_t i = 0; i < global->count; i++) {
        bool overridden = false;
        for (size_t k = 0; k < own->count && !overridden; k++)
            overridden = strcmp(own->items[k].key, global->items[i].key) == 0;
        if (!overridden)
            items[n++] = global->items[i];
    }
    for (size_t k = 0; k < own->count; k++)
        items[n++] = own->items[k];
    return n;
}

static int S_compare_pairs(const void *a, const void *b)
{
    return strcmp(((const aw_pair *)a)->key, ((const aw_pair *)b)->key);
}

/* The Tags value of node, written by w, which stands where it goes. */
static void S_write_tags(const aw_cfn *c, const aw_node *node, bool as_map, aw_jw *w)
{
    size_t room = c->d.model->tags.count + node->tags.count;
    aw_pair small[16];
    aw_pair *items = room <= 16 ? small : malloc(room * sizeof *items);
    if (!items)
        abort();
    size_t n = S_merged_tags(c, node, items);
    qsort(items, n, sizeof *items, S_compare_pairs);
    if (as_map)
        aw_jw_object(w);
    else
        aw_jw_array(w);
    for (size_t i = 0; i < n; i++) {
        if (as_map) {
            aw_jw_member_string(w, items[i].key, items[i].value);
            continue;
        }
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "Key", items[i].key);
        aw_jw_member_string(w, "Value", items[i].value);
        aw_jw_end_object(w);
    }
    if (as_map)
        aw_jw_end_object(w);
    else
        aw_jw_end_array(w);
    if (items != small)
        free(items);
}

bool aw_cfn_kept_stale(const aw_cfn *c, aw_cfn_kept *k, bool same, aw_jw *aside)
{
    if (k->text.len && same && k->depth == c->w->depth)
        return false;
    k->text.len = 0;
    k->depth = c->w->depth;
    aw_jw_init_at(aside, &k->text, k->depth);
    return true;
}

/* Whether two elements' own tags are the same list (NULL: none), so that
 * the Tags value of one is the other's. */
static bool S_same_own_tags(const aw_node *a, const aw_node *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->tags.count != b->tags.count)
        return false;
    for (size_t i = 0; i < a->tags.count; i++)
        if (strcmp(a->tags.items[i].key, b->tags.items[i].key) != 0 ||
            strcmp(a->tags.items[i].value, b->tags.items[i].value) != 0)
            return false;
    return true;
}

/* Written aside and kept, so that the same tags at the same depth again
 * (a function after its role, the functions of one team one after another,
 * or any element without tags of its own after another: both carry the
 * diagram's alone) are copied rather than merged, sorted and written anew. */
static void S_tags(aw_cfn *c, const aw_node *node, bool as_map)
{
    if (!c->d.model->tags.count && !node->tags.count)
        return;
    aw_jw_key(c->w, "Tags");
    const aw_node *whose = node->tags.count ? node : NULL;
    aw_jw w;
    if (aw_cfn_kept_stale(c, &c->tags.kept, S_same_own_tags(c->tags.node, whose) && c->tags.as_map == as_map, &w)) {
        S_write_tags(c, node, as_map, &w);
        c->tags.node = whose, c->tags.as_map = as_map;
    }
    aw_jw_raw_value(c->w, c->tags.kept.text.data, c->tags.kept.text.len);
}

void aw_cfn_tags_map(aw_cfn *c, const aw_node *node) { S_tags(c, node, true); }
void aw_cfn_tags_list(aw_cfn *c, const aw_node *node) { S_tags(c, node, false); }

void aw_cfn_output(aw_cfn *c, const aw_node *node, const char *name, const char *description, aw_subst *value)
{
    const char *condition = node->condition ? node->condition : node->owner_api ? node->owner_api->condition : NULL;
    c->output_count++;
    S_push_span(&c->output_spans, &c->output_span_count, &c->output_span_cap,
                (aw_cfn_span){aw_arena_strdup(&c->ids_arena, name), node, c->outputs->out->len});
    aw_jw_key(c->outputs, name);
    aw_jw_object(c->outputs);
    if (condition) {
        aw_cfn_condition_mark(c, condition);
        aw_jw_member_string(c->outputs, "Condition", condition);
    }
    aw_jw_member_string(c->outputs, "Description", description);
    aw_jw_key(c->outputs, "Value");
    aw_deploy_write_subst(&c->d, c->outputs, value);
    aw_jw_end_object(c->outputs);
}

static bool S_is_arn(const char *s)
{
    return strncmp(s, "arn:", 4) == 0;
}

void aw_cfn_access_log(aw_cfn *c, const aw_node *stage, const char *key)
{
    const aw_access_log *log = stage->as.stage.access_log;
    aw_jw_key(c->w, key);
    aw_jw_object(c->w);
    aw_jw_key(c->w, "DestinationArn");
    if (log->destination && S_is_arn(log->destination)) {
        aw_jw_string(c->w, log->destination);
    } else {
        char id[300];
        aw_cfn_id(c, stage, "AccessLogs", id, sizeof id);
        aw_cfn_getatt(c->w, id, "Arn");
    }
    if (log->format)
        aw_jw_member_string(c->w, "Format", log->format);
    aw_jw_end_object(c->w);
}

bool aw_cfn_member_param(aw_jw *w, const aw_model *m, const char *key, const void *slot)
{
    const char *name = aw_model_num_param(m, slot);
    if (!name)
        return false;
    aw_jw_key(w, key);
    aw_jw_stringf(w, "${param:%s}", name);
    return true;
}

void aw_cfn_throttle_members(aw_jw *w, const aw_model *m, const double *rate, const int64_t *burst)
{
    if (!aw_cfn_member_param(w, m, "ThrottlingRateLimit", rate))
        aw_jw_member_number(w, "ThrottlingRateLimit", *rate);
    if (*burst != AW_UNSET_INT && !aw_cfn_member_param(w, m, "ThrottlingBurstLimit", burst))
        aw_jw_member_int(w, "ThrottlingBurstLimit", *burst);
}

void aw_cfn_string_map(aw_jw *w, const char *key, const aw_map *map)
{
    aw_jw_key(w, key);
    aw_jw_object(w);
    for (size_t i = 0; i < map->count; i++)
        aw_jw_member_string(w, map->items[i].key, map->items[i].value);
    aw_jw_end_object(w);
}

/* A stage's access log group, when the diagram names one to create. */
static void S_log_group(aw_cfn *c, const aw_node *stage)
{
    const aw_access_log *log = stage->as.stage.access_log;
    if (!log || (log->destination && S_is_arn(log->destination)))
        return;
    char id[300];
    aw_cfn_id(c, stage, "AccessLogs", id, sizeof id);
    aw_cfn_resource(c, stage, id, "AWS::Logs::LogGroup");
    if (log->destination)
        aw_jw_member_string(c->w, "LogGroupName", log->destination);
    aw_cfn_tags_list(c, stage);
    aw_cfn_resource_end(c);
}

const aw_node *aw_cfn_domain_stage(aw_cfn *c, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    return aw_stage_url_domain_stage(parts->stages, parts->stage_count);
}

/* ---- functions ------------------------------------------------------------------ */

/* The handler of a function whose diagram gives none: the entry point that
 * packages of the runtime family conventionally have, so that an estate of
 * thousands of functions takes no parameter per function. Java and .NET
 * handlers name a class and method that no convention fixes: the functions
 * of the family share one parameter (a function with another handler gives
 * its own in the diagram). */
static const struct {
    const char *family;         /* runtime id prefix */
    const char *handler;        /* NULL: from the parameter */
    const char *parameter, *example;
} S_default_handlers[] = {
    {"nodejs", "index.handler", NULL, NULL},    /* index.js or index.mjs exporting handler */
    {"python", "index.handler", NULL, NULL},    /* index.py defining handler */
    {"ruby", "index.handler", NULL, NULL},      /* index.rb defining handler */
    {"provided", "bootstrap", NULL, NULL},      /* custom runtimes run the bootstrap executable */
    {"java", NULL, "JavaHandler", "com.example.Handler::handleRequest"},
    {"dotnet", NULL, "DotnetHandler", "Assembly::Namespace.Function::Handler"},
};

/* The runtime family's row; NULL for a family the table lacks. */
static size_t S_family(const char *runtime)
{
    for (size_t i = 0; i < sizeof S_default_handlers / sizeof S_default_handlers[0]; i++)
        if (strncmp(runtime, S_default_handlers[i].family, strlen(S_default_handlers[i].family)) == 0)
            return i;
    return SIZE_MAX;
}

/* The parameter that gives the function's handler, into buf (declared);
 * false when the diagram or the runtime's convention gives it. */
static bool S_handler_parameter(const aw_cfn *c, const aw_node *node, char *buf, size_t size)
{
    const aw_function *fn = &node->as.function;
    size_t family = S_family(fn->runtime);
    if (fn->handler || (family != SIZE_MAX && S_default_handlers[family].handler))
        return false;
    if (family == SIZE_MAX) {
        aw_cfn_id(c, node, "Handler", buf, size);
        aw_deploy_declare(&c->d, node, buf, NULL, "handler of function '%s' (%s)", node->id, fn->runtime);
    } else {
        snprintf(buf, size, "%s", S_default_handlers[family].parameter);
        aw_deploy_declare(&c->d, node, buf, NULL, "handler of the %s functions whose diagram gives none (e.g. %s)",
                          S_default_handlers[family].family, S_default_handlers[family].example);
    }
    return true;
}

const char *aw_cfn_default_handler(const char *runtime)
{
    size_t family = S_family(runtime);
    return family == SIZE_MAX ? NULL : S_default_handlers[family].handler;
}

static void S_handler(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    char handler[300];
    aw_jw_key(c->w, "Handler");
    if (S_handler_parameter(c, node, handler, sizeof handler))
        aw_cfn_ref(c->w, handler);
    else
        aw_jw_string(c->w, fn->handler ? fn->handler : S_default_handlers[S_family(fn->runtime)].handler);
}

/* The package's key: derived from the function's id under one prefix for
 * the whole diagram, so that a release is one parameter value whatever the
 * number of functions. */
static void S_code_key(const aw_node *node, aw_subst *s)
{
    aw_subst_ref(s, "CodePrefix");
    aw_subst_lit(s, node->id);
    aw_subst_lit(s, ".zip");
}

static void S_code(aw_cfn *c, const aw_node *node)
{
    if (aw_cfn_lambda_code(c, node))
        return;
    aw_deploy_declare(&c->d, node, "CodeBucket", NULL, "S3 bucket that holds the functions' deployment packages");
    aw_deploy_declare(&c->d, node, "CodePrefix", NULL,
                      "prefix of the functions' package keys: function F's package is <CodePrefix>F.zip "
                      "(e.g. releases/1.4.2/)");
    aw_jw_key(c->w, "Code");
    aw_jw_object(c->w);
    aw_jw_key(c->w, "S3Bucket");
    aw_cfn_ref(c->w, "CodeBucket");
    aw_subst key = AW_SUBST_INIT;
    S_code_key(node, &key);
    aw_jw_key(c->w, "S3Key");
    aw_deploy_write_subst(&c->d, c->w, &key);
    aw_jw_end_object(c->w);
}

/* A version's description names the parameters its code and settings
 * come from, which CloudFormation cannot change without publishing a new
 * version; the function's resource starts at function_start. */
static void S_version_description(aw_cfn *c, const aw_node *node, size_t function_start)
{
    aw_subst description = AW_SUBST_INIT;
    if (!aw_cfn_lambda_code_description(node, &description)) {
        aw_subst_lit(&description, "code s3://");
        aw_subst_ref(&description, "CodeBucket");
        aw_subst_lit(&description, "/");
        S_code_key(node, &description);
    }
    char handler[300];
    if (S_handler_parameter(c, node, handler, sizeof handler)) {
        aw_subst_lit(&description, ", handler ");
        aw_subst_ref(&description, handler);
    }
    aw_cfn_parameters_named(c, c->w->out->data + function_start, c->w->out->len - function_start, &description);
    aw_jw_key(c->w, "Description");
    aw_deploy_write_subst(&c->d, c->w, &description);
}

/* The function's least-privilege execution role. */
static void S_role(aw_cfn *c, const aw_node *node, const char *role)
{
    aw_cfn_resource(c, node, role, "AWS::IAM::Role");
    aw_cfn_assume_role_policy(c, "lambda.amazonaws.com");
    aw_jw_key(c->w, "ManagedPolicyArns");
    aw_jw_array_inline(c->w);
    aw_subst policy = AW_SUBST_INIT;
    aw_subst_lit(&policy, "arn:");
    aw_subst_ref(&policy, "AWS::Partition");
    aw_subst_lit(&policy, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    aw_deploy_write_subst(&c->d, c->w, &policy);
    aw_cfn_lambda_managed_policies(c, node);
    aw_jw_end_array(c->w);
    aw_cfn_role_policies(c, node);
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
}

static void S_function(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    char role[300], id[300];
    aw_cfn_id(c, node, "Role", role, sizeof role);
    if (!fn->role)
        S_role(c, node, role);

    aw_cfn_id(c, node, "Function", id, sizeof id);
    size_t function_start = c->w->out->len;
    aw_cfn_resource(c, node, id, "AWS::Lambda::Function");
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    aw_jw_member_string(c->w, "Runtime", fn->runtime);
    S_handler(c, node);
    S_code(c, node);
    aw_cfn_lambda_role(c, node, role);
    if (fn->memory_mb != AW_UNSET_INT && !aw_cfn_member_param(c->w, c->d.model, "MemorySize", &fn->memory_mb))
        aw_jw_member_int(c->w, "MemorySize", fn->memory_mb);
    if (AW_IS_SET(fn->timeout_ms) && !aw_cfn_member_param(c->w, c->d.model, "Timeout", &fn->timeout_ms))
        aw_jw_member_int(c->w, "Timeout", (int64_t)((fn->timeout_ms + 999) / 1000));
    if (fn->architecture) {
        aw_jw_key(c->w, "Architectures");
        aw_jw_array_inline(c->w);
        aw_jw_string(c->w, fn->architecture == AW_ARCH_ARM64 ? "arm64" : "x86_64");
        aw_jw_end_array(c->w);
    }
    if (fn->reserved_concurrency != AW_UNSET_INT &&
        !aw_cfn_member_param(c->w, c->d.model, "ReservedConcurrentExecutions", &fn->reserved_concurrency))
        aw_jw_member_int(c->w, "ReservedConcurrentExecutions", fn->reserved_concurrency);
    aw_cfn_lambda_settings(c, node);
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
    if (AW_IS_SET(fn->timeout_ms) && (int64_t)fn->timeout_ms % 1000)
        aw_deploy_warn(&c->d, node, NULL, "Lambda timeouts are whole seconds; the template rounds %g ms up",
                       fn->timeout_ms);

    if (fn->provisioned_concurrency == AW_UNSET_INT || fn->provisioned_concurrency <= 0)
        return;
    /* Provisioned concurrency is set on an alias of a published version;
     * the APIs then invoke the alias. A version is a snapshot that
     * CloudFormation never republishes by itself: its logical id follows the
     * function as written, so that a new configuration publishes a new
     * version, and its description names the code's parameters (the
     * package's key under CodePrefix), so that new code replaces it too. */
    uint64_t hash = aw_design_meta_hash(AW_DEPLOY_HASH_SEED, c->w->out->data + function_start,
                                        c->w->out->len - function_start);
    char version[300], alias[300];
    snprintf(version, sizeof version, "%sVersion%08llx", aw_logical_id(&c->d.ids, node),
             (unsigned long long)(hash & 0xffffffffu));
    aw_cfn_resource(c, node, version, "AWS::Lambda::Version");
    aw_jw_key(c->w, "FunctionName");
    aw_cfn_ref(c->w, id);
    S_version_description(c, node, function_start);
    aw_cfn_resource_end(c);
    aw_cfn_id(c, node, "Alias", alias, sizeof alias);
    aw_cfn_resource(c, node, alias, "AWS::Lambda::Alias");
    aw_jw_key(c->w, "FunctionName");
    aw_cfn_ref(c->w, id);
    aw_jw_key(c->w, "FunctionVersion");
    aw_cfn_getatt(c->w, version, "Version");
    aw_jw_member_string(c->w, "Name", AW_DEPLOY_LIVE_ALIAS);
    aw_jw_key(c->w, "ProvisionedConcurrencyConfig");
    aw_jw_object(c->w);
    if (!aw_cfn_member_param(c->w, c->d.model, "ProvisionedConcurrentExecutions", &fn->provisioned_concurrency))
        aw_jw_member_int(c->w, "ProvisionedConcurrentExecutions", fn->provisioned_concurrency);
    aw_jw_end_object(c->w);
    aw_cfn_resource_end(c);
}

/* ---- VPC links ------------------------------------------------------------------- */

void aw_cfn_string_list(aw_jw *w, const char *key, const aw_strings *list)
{
    aw_jw_key(w, key);
    aw_jw_array_inline(w);
    for (size_t i = 0; i < list->count; i++)
        aw_jw_string(w, list->items[i]);
    aw_jw_end_array(w);
}

static void S_vpc_link(aw_cfn *c, const aw_node *node)
{
    const aw_vpc_link *link = &node->as.vpc_link;
    if (link->existing)
        return;
    /* HTTP APIs use ApiGatewayV2 VPC links (subnets and security groups),
     * REST and WebSocket APIs the older kind that targets Network Load
     * Balancers. */
    unsigned users = c->d.link_api_types[node->index];
    char id[300];
    aw_cfn_id(c, node, "VpcLink", id, sizeof id);
    if (users & (1u << AW_API_HTTP)) {
        if (users & ~(1u << AW_API_HTTP))
            aw_deploy_report(&c->d, node, NULL, "VPC link '%s' serves HTTP APIs and REST or WebSocket APIs, which need "
                                                "different kinds of link; the template creates the HTTP API kind only",
                             node->id);
        if (!link->subnets.count) {
            aw_deploy_report(&c->d, node, NULL, "an HTTP API's VPC link needs 'subnets'; '%s' has none", node->id);
            return;
        }
        aw_cfn_resource(c, node, id, "AWS::ApiGatewayV2::VpcLink");
        aw_jw_member_string(c->w, "Name", aw_deploy_name(node));
        aw_cfn_string_list(c->w, "SubnetIds", &link->subnets);
        if (link->security_groups.count)
            aw_cfn_string_list(c->w, "SecurityGroupIds", &link->security_groups);
        aw_cfn_tags_map(c, node);
        aw_cfn_resource_end(c);
        return;
    }
    aw_cfn_resource(c, node, id, "AWS::ApiGateway::VpcLink");
    aw_jw_member_string(c->w, "Name", aw_deploy_name(node));
    if (node->description)
        aw_jw_member_string(c->w, "Description", node->description);
    aw_jw_key(c->w, "TargetArns");
    aw_jw_array(c->w);
    for (size_t i = 0; i < link->targets.count; i++) {
        const aw_node *lb = link->targets.items[i].node;
        aw_subst s = AW_SUBST_INIT;
        if (lb->as.load_balancer.arn) {
            aw_subst_lit(&s, lb->as.load_balancer.arn);
        } else {
            char name[300];
            snprintf(name, sizeof name, "%sArn", aw_logical_id(&c->d.ids, lb));
            aw_deploy_parameter(&c->d, &s, lb, name, NULL, "ARN of the Network Load Balancer '%s'", lb->id);
        }
        aw_deploy_write_subst(&c->d, c->w, &s);
    }
    aw_jw_end_array(c->w);
    aw_cfn_tags_list(c, node);
    aw_cfn_resource_end(c);
}

/* ---- permissions ----------------------------------------------------------------- */

void aw_cfn_execute_api_arn(const aw_cfn *c, const aw_node *api, aw_subst *arn)
{
    char api_id[300];
    aw_cfn_id(c, api, api->as.api.type == AW_API_REST ? "RestApi" : "Api", api_id, sizeof api_id);
    aw_subst_arn(arn, "execute-api", true);
    aw_subst_ref(arn, api_id);
}

void aw_cfn_permission(aw_cfn *c, const aw_node *api, const aw_node *fn, const char *id, aw_subst *target)
{
    aw_cfn_resource_typed(c, fn, id, "AWS::Lambda::Permission");
    if (!fn->condition)     /* the resolver lets them differ only thus */
        c->condition = api->condition;
    aw_cfn_properties(c);
    aw_jw_member_string(c->w, "Action", "lambda:InvokeFunction");
    aw_jw_key(c->w, "FunctionName");
    aw_deploy_write_subst(&c->d, c->w, target);
    aw_jw_member_string(c->w, "Principal", "apigateway.amazonaws.com");
    aw_jw_key(c->w, "SourceArn");
    aw_jw aside;
    if (aw_cfn_kept_stale(c, &c->permission_source.kept, c->permission_source.api == api, &aside)) {
        aw_subst source = AW_SUBST_INIT;
        aw_cfn_execute_api_arn(c, api, &source);
        aw_subst_lit(&source, "/*");
        aw_deploy_write_subst(&c->d, &aside, &source);
        c->permission_source.api = api;
    }
    aw_jw_raw_value(c->w, c->permission_source.kept.text.data, c->permission_source.kept.text.len);
    aw_cfn_resource_end(c);
}

/* Lets API Gateway invoke fn for any route, stage and authorizer of api. */
static void S_permission(aw_cfn *c, const aw_node *api, const aw_node *fn)
{
    char id[600];
    size_t n = S_append(id, sizeof id, 0, aw_logical_id(&c->d.ids, fn));
    n = S_append(id, sizeof id, n, "InvokedBy");
    S_append(id, sizeof id, S_append(id, sizeof id, n, aw_logical_id(&c->d.ids, api)), "Permission");
    aw_subst target = AW_SUBST_INIT;
    aw_deploy_function_arn(&c->d, fn, &target);
    aw_cfn_permission(c, api, fn, id, &target);
}

static void S_permissions(aw_cfn *c, const aw_node *api)
{
    const aw_api_parts *parts = aw_deploy_api_parts(&c->d, api);
    aw_node_set invoked;
    aw_node_set_init(&invoked);
    for (size_t i = 0; i < parts->route_count; i++) {
        const aw_node *route = parts->routes[i];
        const aw_node *integ = route->as.route.integration.node, *auth = aw_deploy_route_authorizer(route);
        bool created;   /* what API Gateway invokes with a role needs no permission */
        if (integ && integ->as.integration.type == AW_INTEG_LAMBDA && !integ->as.integration.alias &&
            !aw_deploy_invokes_with_role(integ, &created))
            aw_node_set_add(&invoked, integ->as.integration.function.node);
        if (auth && auth->as.authorizer.type == AW_AUTH_LAMBDA && !aw_deploy_invokes_with_role(auth, &created))
            aw_node_set_add(&invoked, auth->as.authorizer.function.node);
    }
    aw_node_set_sort(&invoked);
    for (size_t i = 0; i < invoked.count; i++)
        S_permission(c, api, invoked.items[i]);
    aw_node_set_free(&invoked);
}

void aw_cfn_check_limits(aw_cfn *c, const char *file, size_t resources, size_t parameters, size_t outputs,
                         size_t bytes)
{
    if (resources > AW_CFN_MAX_RESOURCES)
        aw_deploy_report(&c->d, NULL, NULL, "%s has %zu resources; CloudFormation allows %d in one stack", file,
                         resources, AW_CFN_MAX_RESOURCES);
    if (parameters > AW_CFN_MAX_PARAMETERS)
        aw_deploy_report(&c->d, NULL, NULL, "%s takes %zu parameters; CloudFormation allows %d", file, parameters,
                         AW_CFN_MAX_PARAMETERS);
    if (outputs > AW_CFN_MAX_OUTPUTS)
        aw_deploy_report(&c->d, NULL, NULL, "%s has %zu outputs; CloudFormation allows %d", file, outputs,
                         AW_CFN_MAX_OUTPUTS);
    if (bytes > AW_CFN_MAX_BYTES)
        aw_deploy_report(&c->d, NULL, NULL, "%s is %zu bytes; CloudFormation reads at most %d from S3", file, bytes,
                         AW_CFN_MAX_BYTES);
}

static bool S_fits_one_stack(const aw_cfn *c, size_t bytes)
{
    return c->resource_count <= AW_CFN_MAX_RESOURCES && c->params.count <= AW_CFN_MAX_PARAMETERS &&
           c->output_count <= AW_CFN_MAX_OUTPUTS && bytes <= AW_CFN_MAX_BYTES;
}

/* ---- the template ------------------------------------------------------------------ */

void aw_cfn_head(aw_cfn *c, aw_jw *w)
{
    aw_jw_member_string(w, "AWSTemplateFormatVersion", "2010-09-09");
    aw_strbuf description = AW_STRBUF_INIT;
    aw_strbuf_printf(&description, "%s (deployed from an Archway diagram)",
                     c->d.model->name ? c->d.model->name : "APIs");
    aw_jw_member_string(w, "Description", description.data);
    aw_strbuf_free(&description);
}

void aw_cfn_parameters(aw_cfn *c, aw_jw *w)
{
    aw_parameters_sort(&c->params);
    if (!c->params.count)
        return;
    aw_jw_key(w, "Parameters");
    aw_jw_object(w);
    for (size_t i = 0; i < c->params.count; i++) {
        const aw_parameter *p = &c->params.items[i];
        aw_jw_key(w, p->name);
        aw_jw_object(w);
        aw_cfn_parameter_members(w, p, true);
        aw_jw_end_object(w);
    }
    aw_jw_end_object(w);
}

void aw_emit_files_free(aw_emit_files *files)
{
    for (size_t i = 0; i < files->count; i++) {
        free(files->items[i].name);
        aw_strbuf_free(&files->items[i].text);
    }
    free(files->items);
    memset(files, 0, sizeof *files);
}

void aw_emit_cloudformation(const aw_deploy *d, aw_strbuf *out, aw_emit_files *children, const aw_emit_sink *sink)
{
    const aw_model *model = d->model;
    aw_cfn c;
    memset(&c, 0, sizeof c);
    c.d = *d;       /* shares the logical ids and indexes; adds template state */
    c.d.sink = sink;
    c.d.in_template = true;
    aw_parameters_init(&c.params);
    c.d.params = &c.params;
    aw_strset_init(&c.logical_ids);
    aw_strset_reserve(&c.logical_ids, model->node_count * 3 / 2);   /* about the resources a node gives */
    aw_arena_init(&c.ids_arena);
    aw_cfn_access_init(&c);
    /* Resources go straight into the template; the parameters they use are
     * known only afterwards, so the Parameters section follows them
     * (CloudFormation reads the sections in any order). Outputs, small,
     * are gathered aside and come last. */
    aw_jw w, ow;
    aw_strbuf outputs = AW_STRBUF_INIT;
    aw_jw_init(&w, out);
    aw_jw_init_at(&ow, &outputs, 1);
    aw_strbuf_reserve(out, model->node_count * 1536);   /* about what a node takes */
    c.w = &w;
    c.outputs = &ow;
    aw_jw_object(&w);
    aw_cfn_head(&c, &w);
    aw_deploy_report_unsupported(&c.d, NULL);
    aw_jw_key(&w, "Resources");
    aw_jw_object(&w);
    aw_jw_object(&ow);
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind == AW_KIND_FUNCTION && !n->as.function.existing)
            S_function(&c, n);
        else if (n->kind == AW_KIND_VPC_LINK)
            S_vpc_link(&c, n);
        else if (n->kind == AW_KIND_STAGE && n->owner_api)
            S_log_group(&c, n);
    }
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind != AW_KIND_API)
            continue;
        if (n->as.api.type == AW_API_REST)
            aw_cfn_rest_api(&c, n);
        else
            aw_cfn_v2_api(&c, n);
        S_permissions(&c, n);
        aw_cfn_alias_permissions(&c, n);
        aw_cfn_check_stage_variables(&c, n);
    }
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind == AW_KIND_API_KEY)
            aw_cfn_api_key(&c, n);
        else if (n->kind == AW_KIND_USAGE_PLAN)
            aw_cfn_usage_plan(&c, n);
    }
    aw_cfn_event_sources(&c);
    aw_cfn_integration_roles(&c);
    aw_cfn_invoke_roles(&c);
    aw_cfn_api_policies(&c);
    /* An edge without access grants the function's role nothing there. */
    for (size_t i = 0; i < model->edge_count; i++) {
        const aw_node *from = model->edges[i].from.node, *to = model->edges[i].to.node;
        if (from && to && from->kind == AW_KIND_FUNCTION && !from->as.function.existing &&
            to->kind == AW_KIND_DATASTORE && !model->edges[i].access && !model->edges[i].actions.count)
            aw_deploy_note(&c.d, from, &model->edges[i].loc,
                           "the execution role of function '%s' gets no access to '%s': give the edge an 'access' "
                           "level or 'actions', or grant it in a policy of your own", from->id, to->id);
    }
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *n = model->nodes[i];
        if (n->kind == AW_KIND_DATASTORE && !n->as.datastore.existing)
            aw_deploy_note(&c.d, n, NULL, "data store '%s' is not created by this template; deploy it with its own "
                                          "stack", n->id);
        else if (n->kind == AW_KIND_LOAD_BALANCER && !n->as.load_balancer.existing)
            aw_deploy_note(&c.d, n, NULL, "load balancer '%s' is not created by this template; its ARN and address "
                                          "come in as parameters", n->id);
    }
    c.resources_end = out->len;
    aw_jw_end_object(&w);
    aw_jw_end_object(&ow);
    aw_cfn_fill_parameters(&c, out, AW_CFN_FILL_RESOURCES);
    aw_cfn_fill_parameters(&c, &outputs, AW_CFN_FILL_OUTPUTS);
    aw_strbuf conditions = AW_STRBUF_INIT;
    if (aw_cfn_conditions_text(&c, &conditions))
        aw_cfn_fill_parameters(&c, &conditions, AW_CFN_FILL_OTHER);
    aw_cfn_parameters(&c, &w);
    if (conditions.len) {
        aw_jw_key(&w, "Conditions");
        aw_jw_raw_value(&w, conditions.data, conditions.len);
    }
    aw_strbuf_free(&conditions);
    aw_cfn_design_meta_template(&c, &w);
    if (c.output_count) {
        aw_jw_key(&w, "Outputs");
        aw_jw_raw_value(&w, outputs.data, outputs.len);
    }
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
    if (!S_fits_one_stack(&c, out->len) && children)
        aw_cfn_split(&c, out, &outputs, children);
    else
        aw_cfn_check_limits(&c, "the template", c.resource_count, c.params.count, c.output_count, out->len);
    aw_strbuf_free(&outputs);
    aw_strbuf_free(&c.tags.kept.text);
    aw_strbuf_free(&c.assume_role.kept.text);
    aw_strbuf_free(&c.permission_source.kept.text);
    free(c.spans);
    free(c.output_spans);
    free(c.body_taken_back);
    free(c.conditions_used);
    aw_parameters_free(&c.params);
    aw_strset_free(&c.logical_ids);
    aw_arena_free(&c.ids_arena);
    aw_cfn_access_free(&c);
    aw_cfn_design_meta_free(&c);
}
