/* A Lambda function's deployment settings beyond its sizing: code from a
 * local directory or inline, its name, environment, VPC, tracing, and what
 * its execution role gets besides its edges' access (or the role it names
 * instead). cloudformation.c writes the function and calls these. */
#include "cfn.h"

#include <string.h>

#include "../ir/ir_fields.h"

static const char S_policy_prefix[] = ":iam::aws:policy/";

/* arn:${AWS::Partition}:iam::aws:policy/NAME, an AWS managed policy. */
static void S_aws_policy(aw_cfn *c, const char *name)
{
    aw_subst policy = AW_SUBST_INIT;
    aw_subst_lit(&policy, "arn:");
    aw_subst_ref(&policy, "AWS::Partition");
    aw_subst_lit(&policy, S_policy_prefix);
    aw_subst_lit(&policy, name);
    aw_deploy_write_subst(&c->d, c->w, &policy);
}

bool aw_cfn_lambda_code(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    if (fn->code_uri) {
        /* `aws cloudformation package` uploads the directory (zipped) or
         * .zip a string Code names, and writes its S3 location instead. */
        aw_jw_member_string(c->w, "Code", fn->code_uri);
        aw_deploy_note(&c->d, node, aw_node_field_loc(node, "codeUri"), "function '%s' takes its code from '%s': run "
                       "`aws cloudformation package` on the template before deploying it (docs/deployment.md)",
                       node->id, fn->code_uri);
        if (fn->provisioned_concurrency != AW_UNSET_INT && fn->provisioned_concurrency > 0)
            aw_deploy_warn(&c->d, node, aw_node_field_loc(node, "codeUri"), "function '%s' publishes a version for "
                           "its provisioned concurrency, which a new package of '%s' alone does not republish (the "
                           "version's properties stay the same); give the code as CodeBucket/CodePrefix parameters, "
                           "whose new values publish a new version", node->id, fn->code_uri);
        return true;
    }
    if (!fn->inline_code)
        return false;
    aw_jw_key(c->w, "Code");
    aw_jw_object(c->w);
    aw_jw_member_string(c->w, "ZipFile", fn->inline_code);
    aw_jw_end_object(c->w);
    return true;
}

bool aw_cfn_lambda_code_description(const aw_node *node, aw_subst *description)
{
    const aw_function *fn = &node->as.function;
    if (fn->inline_code) {
        /* The version's logical id hashes the function, code included. */
        aw_subst_lit(description, "inline code");
        return true;
    }
    if (!fn->code_uri)
        return false;
    aw_subst_lit(description, "code from ");
    aw_subst_lit(description, fn->code_uri);
    return true;
}

void aw_cfn_lambda_managed_policies(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    /* What Lambda itself needs for the VPC's network interfaces and for
     * sending traces, as AWS's managed policies grant it. */
    if (fn->vpc)
        S_aws_policy(c, "service-role/AWSLambdaVPCAccessExecutionRole");
    if (fn->tracing == AW_TRACING_ACTIVE)
        S_aws_policy(c, "AWSXRayDaemonWriteAccess");
    for (size_t i = 0; i < fn->managed_policies.count; i++)
        aw_jw_string(c->w, fn->managed_policies.items[i]);
}

void aw_cfn_lambda_statements(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    for (size_t i = 0; i < fn->statement_count; i++) {
        const aw_lambda_statement *st = &fn->statements[i];
        aw_jw_object(c->w);
        aw_jw_member_string(c->w, "Effect", st->effect == AW_EFFECT_DENY ? "Deny" : "Allow");
        aw_cfn_string_list(c->w, "Action", &st->actions);
        aw_cfn_string_list(c->w, "Resource", &st->resources);
        aw_jw_end_object(c->w);
    }
}

/* A role the diagram names is not the template's to change: what the
 * function's settings need of it is said, not granted. */
static void S_named_role_notes(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    const aw_loc *loc = aw_node_field_loc(node, "role");
    if (fn->vpc)
        aw_deploy_note(&c->d, node, loc, "function '%s' runs in a VPC as the role it names: that role needs the "
                       "network-interface actions of AWSLambdaVPCAccessExecutionRole, which this template does not "
                       "add to it", node->id);
    if (fn->tracing == AW_TRACING_ACTIVE)
        aw_deploy_note(&c->d, node, loc, "function '%s' sends X-Ray traces as the role it names: that role needs "
                       "xray:PutTraceSegments and xray:PutTelemetryRecords (AWSXRayDaemonWriteAccess)", node->id);
}

void aw_cfn_lambda_role(aw_cfn *c, const aw_node *node, const char *created)
{
    const aw_function *fn = &node->as.function;
    aw_jw_key(c->w, "Role");
    if (!fn->role) {
        aw_cfn_getatt(c->w, created, "Arn");
        return;
    }
    aw_jw_string(c->w, fn->role);
    S_named_role_notes(c, node);
}

static void S_vpc(aw_cfn *c, const aw_lambda_vpc *vpc)
{
    aw_jw_key(c->w, "VpcConfig");
    aw_jw_object(c->w);
    aw_cfn_string_list(c->w, "SubnetIds", &vpc->subnets);
    aw_cfn_string_list(c->w, "SecurityGroupIds", &vpc->security_groups);
    aw_jw_end_object(c->w);
}

static void S_name_note(aw_cfn *c, const aw_node *node)
{
    aw_deploy_note(&c->d, node, aw_node_field_loc(node, "functionName"), "function '%s' is named '%s' in Lambda: "
                   "CloudFormation cannot make an update that replaces a named function until the name changes, "
                   "and the template deploys once per account and region", node->id,
                   node->as.function.function_name);
}

void aw_cfn_lambda_settings(aw_cfn *c, const aw_node *node)
{
    const aw_function *fn = &node->as.function;
    if (fn->function_name)
        aw_jw_member_string(c->w, "FunctionName", fn->function_name);
    if (fn->environment.count) {
        aw_jw_key(c->w, "Environment");
        aw_jw_object(c->w);
        aw_cfn_string_map(c->w, "Variables", &fn->environment);
        aw_jw_end_object(c->w);
    }
    if (fn->vpc)
        S_vpc(c, fn->vpc);
    if (fn->tracing) {
        aw_jw_key(c->w, "TracingConfig");
        aw_jw_object_inline(c->w);
        aw_jw_member_string(c->w, "Mode", fn->tracing == AW_TRACING_ACTIVE ? "Active" : "PassThrough");
        aw_jw_end_object(c->w);
    }
    if (fn->function_name)
        S_name_note(c, node);
}
