/* How a Lambda function is deployed, read the same way from CloudFormation
 * and SAM: its code (a local path or inline), environment, VPC, tracing,
 * and its role (an existing one by ARN, or the template's own, whose
 * managed policies and statements the diagram holds). */
#include <string.h>

#include "cfn_types.h"

/* Lambda's spelling of a tracing mode (Active, PassThrough) in the format's. */
static void S_tracing(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (!s)
        return;
    if (strcmp(s, "Active") == 0 || strcmp(s, "PassThrough") == 0)
        aw_itree_set_string(im, target, row->field, s[0] == 'A' ? "active" : "pass-through", &value->loc);
    else
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &value->loc,
                         "%s '%s' is neither Active nor PassThrough; it is left out", row->prop, s);
}

static const aw_iprop S_zip_rows[] = {
    {"ZipFile", "inlineCode", aw_iput_text, NULL},
    /* A bucket and key name a package already uploaded: 'archway build'
     * asks for it again through its CodeBucket and CodePrefix parameters. */
    {"S3Bucket", NULL, aw_iput_derived, NULL},
    {"S3Key", NULL, aw_iput_derived, NULL},
    {"S3ObjectVersion", NULL, aw_iput_derived, NULL},
    {"Bucket", NULL, aw_iput_derived, NULL},
    {"Key", NULL, aw_iput_derived, NULL},
    {"Version", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

/* Code (CloudFormation) or CodeUri (SAM): a local path, which the package
 * step uploads, is the function's codeUri; an object is inline code or an
 * uploaded package. */
static void S_code(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    if (value->kind == AW_DOC_OBJECT && !aw_import_raw_text(value)) {
        aw_import_props(im, target, value, S_zip_rows, row->prop);
        return;
    }
    const char *path = aw_import_text(im, value, row->prop);
    if (path && strncmp(path, "s3://", 5) != 0)     /* s3:// is an uploaded package, as above */
        aw_itree_set_string(im, target, row->field, path, &value->loc);
}

static const aw_iprop S_vpc_rows[] = {
    {"SubnetIds", "subnets", aw_iput_strings, NULL},
    {"SecurityGroupIds", "securityGroups", aw_iput_strings, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_environment_rows[] = {
    {"Variables", "environment", aw_iput_param_map, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_tracing_rows[] = {
    {"Mode", "tracing", S_tracing, NULL},
    {NULL, NULL, NULL, NULL},
};

/* ---- roles ---- */

/* The AWS managed policy of that name, as its ARN in the aws partition. */
static const char *S_aws_policy_arn(aw_import *im, const char *name)
{
    return aw_arena_printf(im->arena, "arn:aws:iam::aws:policy/%s", name);
}

/* What 'archway build' adds to the role it creates from the function's
 * own settings: not the user's. */
static bool S_policy_derived(const aw_doc *fn, const char *arn)
{
    const char *name = strstr(arn, ":iam::aws:policy/");
    if (!name)
        return false;
    name += strlen(":iam::aws:policy/");
    const aw_doc *tracing = aw_itree_get(fn, "tracing");
    return strcmp(name, "service-role/AWSLambdaBasicExecutionRole") == 0 ||
           (strcmp(name, "service-role/AWSLambdaVPCAccessExecutionRole") == 0 && aw_itree_get(fn, "vpc")) ||
           (strcmp(name, "AWSXRayDaemonWriteAccess") == 0 && tracing &&
            strcmp(tracing->as.string.chars, "active") == 0);
}

/* A managed policy ARN, ${AWS::Partition} read as aws. */
static const char *S_policy_arn(aw_import *im, const aw_doc *v)
{
    const char *raw = aw_import_raw_text(v);
    const char *name = raw ? strstr(raw, ":iam::aws:policy/") : NULL;
    if (name && strncmp(raw, "arn:${AWS::Partition}", 21) == 0)
        return S_aws_policy_arn(im, name + strlen(":iam::aws:policy/"));
    return aw_import_text(im, v, "a managed policy ARN");
}

static void S_add_policy(aw_import *im, aw_doc *fn, const char *arn, const aw_loc *loc)
{
    if (!arn || S_policy_derived(fn, arn))
        return;
    aw_doc *list = aw_itree_get(fn, "managedPolicies");
    if (!list) {
        list = aw_itree_array(im, loc);
        aw_itree_set(im, fn, "managedPolicies", list);
    }
    aw_itree_push(im, list, aw_itree_string(im, arn, loc));
}

static const aw_iprop S_statement_rows[] = {
    {"Sid", NULL, aw_iput_derived, NULL},
    {"Effect", "effect", aw_iput_lower, NULL},
    {"Action", "actions", aw_iput_strings, NULL},
    {"Resource", "resources", aw_iput_strings, NULL},
    {NULL, NULL, NULL, NULL},
};

/* The first member of a statement the diagram's statements do not hold
 * (Condition, NotAction, Principal, ...), or NULL. */
static const aw_doc_member *S_foreign_member(const aw_doc *st)
{
    for (size_t i = 0; st->kind == AW_DOC_OBJECT && i < st->as.object.count; i++) {
        const aw_iprop *row = S_statement_rows;
        while (row->prop && strcmp(row->prop, st->as.object.members[i].key) != 0)
            row++;
        if (!row->prop)
            return &st->as.object.members[i];
    }
    return NULL;
}

static void S_add_statement(aw_import *im, aw_doc *fn, const aw_doc *st, bool report)
{
    const aw_doc_member *foreign = S_foreign_member(st);
    /* Without its Condition (or NotAction, ...) a statement would grant or
     * deny something else: it is left out whole. */
    if (foreign) {
        if (report) {
            im->counts.unmapped++;
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &foreign->key_loc,
                             "a policy statement with %s has no place in the diagram format (its statements hold "
                             "Effect, Action and Resource); the whole statement is left out",
                             foreign->key);
        }
        return;
    }
    if (st->kind != AW_DOC_OBJECT)
        return;
    aw_doc *item = aw_itree_object(im, &st->loc);
    aw_import_props(im, item, st, S_statement_rows, "a policy statement");
    if (!aw_itree_get(item, "actions") || !aw_itree_get(item, "resources"))
        return;
    aw_doc *list = aw_itree_get(fn, "policyStatements");
    if (!list) {
        list = aw_itree_array(im, &st->loc);
        aw_itree_set(im, fn, "policyStatements", list);
    }
    aw_itree_push(im, list, item);
}

/* The statements of a policy document (one or a list), each a roleStatement. */
static void S_add_statements(aw_import *im, aw_doc *fn, const aw_doc *document, bool report)
{
    const aw_doc *statements = aw_import_get(document, "Statement");
    if (statements && statements->kind == AW_DOC_OBJECT)
        S_add_statement(im, fn, statements, report);
    for (size_t i = 0; statements && statements->kind == AW_DOC_ARRAY && i < statements->as.array.count; i++)
        S_add_statement(im, fn, statements->as.array.items[i], report);
}

static const aw_iprop S_inline_policy_rows[] = {
    {"PolicyName", NULL, aw_iput_derived, NULL},
    {"PolicyDocument", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const aw_iprop S_role_rows[] = {
    {"AssumeRolePolicyDocument", NULL, aw_iput_derived, NULL},
    {"ManagedPolicyArns", NULL, NULL, NULL},
    {"Policies", NULL, NULL, NULL},
    {"Tags", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

/* A role of the template: what it grants beyond the basics becomes the
 * function's managed policies and statements; the role itself is made
 * again by 'archway build'. */
static void S_template_role(aw_import *im, aw_doc *fn, const char *logical_id, const aw_doc *role)
{
    const aw_doc *props = aw_import_get(role, "Properties");
    /* A role several functions share is reported once. */
    const char *seen = aw_arena_printf(im->arena, "role read %s", logical_id);
    bool report = !aw_import_node_id(im, seen);
    if (report) {
        aw_import_props(im, fn, props, S_role_rows, logical_id);
        aw_import_node_made(im, seen, fn);
    }
    const aw_doc *arns = aw_import_get(props, "ManagedPolicyArns");
    for (size_t i = 0; arns && arns->kind == AW_DOC_ARRAY && i < arns->as.array.count; i++)
        S_add_policy(im, fn, S_policy_arn(im, arns->as.array.items[i]), &arns->as.array.items[i]->loc);
    const aw_doc *policies = aw_import_get(props, "Policies");
    for (size_t i = 0; policies && policies->kind == AW_DOC_ARRAY && i < policies->as.array.count; i++) {
        const aw_doc *policy = policies->as.array.items[i];
        if (report)
            aw_import_props(im, fn, policy, S_inline_policy_rows, logical_id);
        S_add_statements(im, fn, aw_import_get(policy, "PolicyDocument"), report);
    }
}

/* Role: the template's own role, or an existing role by ARN. */
static void S_role(aw_import *im, aw_doc *fn, const aw_doc *value)
{
    const char *logical_id = aw_import_ref(im, value);
    const aw_doc *role = aw_import_resource(im, logical_id);
    if (role && strcmp(aw_import_resource_type(role), "AWS::IAM::Role") == 0)
        S_template_role(im, fn, logical_id, role);
    else
        aw_itree_set_string(im, fn, "role", aw_import_text(im, value, "Role"), &value->loc);
}

/* SAM's Policies: a managed policy's name or ARN, a policy document, or a
 * list of them; SAM's policy templates name what the diagram draws as
 * edges, and are reported. */
static void S_sam_policy(aw_import *im, aw_doc *fn, const aw_doc *item)
{
    if (aw_import_get(item, "Statement")) {
        S_add_statements(im, fn, item, true);
        return;
    }
    if (item->kind == AW_DOC_OBJECT && !aw_import_raw_text(item) && item->as.object.count == 1) {
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &item->as.object.members[0].key_loc,
                         "policy template %s has no place in the diagram format; draw the access it grants as "
                         "an edge to the store it names",
                         item->as.object.members[0].key);
        return;
    }
    const char *s = S_policy_arn(im, item);
    if (s)
        S_add_policy(im, fn, strncmp(s, "arn:", 4) == 0 ? s : S_aws_policy_arn(im, s), &item->loc);
}

static void S_access(aw_import *im, aw_doc *fn, const aw_doc *props)
{
    const aw_doc *role = aw_import_get(props, "Role");
    if (role)
        S_role(im, fn, role);
    const aw_doc *policies = aw_import_get(props, "Policies");
    if (policies && policies->kind == AW_DOC_ARRAY)
        for (size_t i = 0; i < policies->as.array.count; i++)
            S_sam_policy(im, fn, policies->as.array.items[i]);
    else if (policies)
        S_sam_policy(im, fn, policies);
}

static const aw_iprop S_function_rows[] = {
    {"FunctionName", "functionName", aw_iput_text, NULL},
    {"Description", "description", aw_iput_text, NULL},
    {"Runtime", "runtime", aw_iput_text, NULL},
    {"Handler", "handler", aw_iput_text, NULL},
    {"MemorySize", "memory", aw_iput_int_param, NULL},
    {"Timeout", "timeout", aw_iput_seconds_param, NULL},
    {"Architectures", "architecture", aw_iput_first_lower, NULL},
    {"ReservedConcurrentExecutions", "reservedConcurrency", aw_iput_int_param, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {"Code", "codeUri", S_code, NULL},
    {"CodeUri", "codeUri", S_code, NULL},
    {"InlineCode", "inlineCode", aw_iput_text, NULL},
    {"Environment", NULL, aw_iput_inner, S_environment_rows},
    {"VpcConfig", "vpc", aw_iput_object, S_vpc_rows},
    {"TracingConfig", NULL, aw_iput_inner, S_tracing_rows},
    {"Tracing", "tracing", S_tracing, NULL},
    {"Role", NULL, NULL, NULL},
    {"Policies", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

/* Rows of the shared Lambda properties, then the caller's own handled
 * names (SAM's Events, ...); the role last, since what the template's role
 * holds beyond the basics depends on the VPC and tracing read before. */
void aw_import_function_props(aw_import *im, aw_doc *node, const aw_doc *props, const char *const *extra_handled)
{
    if (!props || props->kind != AW_DOC_OBJECT)
        return;
    aw_doc *rest = aw_itree_object(im, &props->loc);
    for (size_t i = 0; i < props->as.object.count; i++) {
        const aw_doc_member *m = &props->as.object.members[i];
        bool extra = false;
        for (size_t k = 0; extra_handled && extra_handled[k] && !extra; k++)
            extra = strcmp(extra_handled[k], m->key) == 0;
        if (!extra)
            aw_itree_copy_member(im, rest, m);
    }
    aw_import_props(im, node, rest, S_function_rows, aw_itree_id(node));
    S_access(im, node, props);
}
