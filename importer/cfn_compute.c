/* Compute and data of a template: Lambda functions, the data stores and
 * services the diagram models as data-store elements, load balancers and
 * their listeners, and event source mappings (edges to a function). */
#include <string.h>

#include "cfn_types.h"

/* Provisioned concurrency lives on the function's alias in a template. */
static void S_provisioned(aw_import *im, const char *logical_id, aw_doc *node)
{
    for (size_t i = 0; i < im->resources->as.object.count; i++) {
        const aw_doc *res = im->resources->as.object.members[i].value;
        if (strcmp(aw_import_resource_type(res), "AWS::Lambda::Alias") != 0)
            continue;
        const aw_doc *props = aw_import_get(res, "Properties");
        const char *fn = aw_import_ref(im, aw_import_get(props, "FunctionName"));
        const aw_doc *pc = aw_import_get(aw_import_get(props, "ProvisionedConcurrencyConfig"),
                                         "ProvisionedConcurrentExecutions");
        if (fn && pc && strcmp(fn, logical_id) == 0)
            aw_iput_int_param(im, node, &(aw_iprop){"ProvisionedConcurrentExecutions", "provisionedConcurrency", NULL, NULL},
                        pc);
    }
}

void aw_tpl_function(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    aw_import_function_props(im, node, aw_import_get(res, "Properties"), NULL);
    S_provisioned(im, logical_id, node);
}

/* Each type of store: its engine and the property that names it. */
static const struct {
    const char *type, *engine, *name_prop;
} S_stores[] = {
    {"AWS::DynamoDB::Table", "dynamodb", "TableName"},
    {"AWS::SQS::Queue", "sqs", "QueueName"},
    {"AWS::SNS::Topic", "sns", "TopicName"},
    {"AWS::S3::Bucket", "s3", "BucketName"},
    {"AWS::Kinesis::Stream", "kinesis", "Name"},
    {"AWS::Events::EventBus", "eventbridge", "Name"},
    {"AWS::StepFunctions::StateMachine", "stepfunctions", "StateMachineName"},
    {"AWS::RDS::DBCluster", "aurora", "DBClusterIdentifier"},
    {"AWS::RDS::DBInstance", "rds", "DBInstanceIdentifier"},
};

static void S_billing(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (s)
        aw_itree_set_string(im, target, row->field, strcmp(s, "PAY_PER_REQUEST") == 0 ? "on-demand" : "provisioned",
                            &value->loc);
}

static const aw_iprop S_throughput_rows[] = {
    {"ReadCapacityUnits", "readCapacity", aw_iput_int, NULL},
    {"WriteCapacityUnits", "writeCapacity", aw_iput_int, NULL},
    {NULL, NULL, NULL, NULL},
};

/* What a store element holds; the rest of a table's or queue's settings
 * (keys, indexes, retention, ...) is reported. */
static const aw_iprop S_store_rows[] = {
    {"TableName", NULL, NULL, NULL},
    {"QueueName", NULL, NULL, NULL},
    {"TopicName", NULL, NULL, NULL},
    {"BucketName", NULL, NULL, NULL},
    {"Name", NULL, NULL, NULL},
    {"StateMachineName", NULL, NULL, NULL},
    {"DBClusterIdentifier", NULL, NULL, NULL},
    {"DBInstanceIdentifier", NULL, NULL, NULL},
    {"BillingMode", "capacityMode", S_billing, NULL},
    {"ProvisionedThroughput", NULL, NULL, NULL},
    {"FifoQueue", "fifo", aw_iput_bool, NULL},
    {"FifoTopic", "fifo", aw_iput_bool, NULL},
    {"ContentBasedDeduplication", "contentBasedDeduplication", aw_iput_bool, NULL},
    {"Engine", NULL, NULL, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_datastore(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    const char *type = aw_import_resource_type(res);
    const aw_doc *props = aw_import_get(res, "Properties");
    for (size_t i = 0; i < sizeof S_stores / sizeof *S_stores; i++) {
        if (strcmp(S_stores[i].type, type) != 0)
            continue;
        aw_itree_set_string(im, node, "engine", S_stores[i].engine, &node->loc);
        const aw_doc *name = aw_import_get(props, S_stores[i].name_prop);
        aw_itree_set_string(im, node, "resourceName", name ? aw_import_text(im, name, S_stores[i].name_prop) : NULL,
                            name ? &name->loc : NULL);
    }
    aw_import_props(im, node, props, S_store_rows, logical_id);
    aw_import_props(im, node, aw_import_get(props, "ProvisionedThroughput"), S_throughput_rows, logical_id);
}

static void S_lb_type(aw_import *im, aw_doc *target, const aw_iprop *row, const aw_doc *value)
{
    const char *s = aw_import_text(im, value, row->prop);
    if (s)
        aw_itree_set_string(im, target, row->field, strcmp(s, "network") == 0 ? "nlb" : "alb", &value->loc);
}

static const aw_iprop S_lb_rows[] = {
    {"Name", "name", aw_iput_text, NULL},
    {"Type", "type", S_lb_type, NULL},
    {"Scheme", "scheme", aw_iput_lower, NULL},
    {"Tags", "tags", aw_iput_tags, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_load_balancer(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    aw_itree_set_string(im, node, "type", "alb", &node->loc);
    aw_import_props(im, node, aw_import_get(res, "Properties"), S_lb_rows, logical_id);
}

static const aw_iprop S_listener_rows[] = {
    {"LoadBalancerArn", NULL, NULL, NULL},
    {"Port", "port", aw_iput_int, NULL},
    {"Protocol", "protocol", aw_iput_text, NULL},
    {"DefaultActions", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_listener(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const char *lb = aw_import_node_id(im, aw_import_ref(im, aw_import_get(props, "LoadBalancerArn")));
    aw_doc *lb_node = lb ? aw_strset_find(&im->ids, lb) : NULL;
    if (!lb_node) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &props->loc,
                         "listener %s belongs to no load balancer of this template; it is left out", logical_id);
        return;
    }
    aw_doc *listener = aw_itree_object(im, &props->loc);
    aw_import_props(im, listener, props, S_listener_rows, logical_id);
    aw_doc *list = aw_itree_get(lb_node, "listeners");
    if (!list) {
        list = aw_itree_array(im, &props->loc);
        aw_itree_set(im, lb_node, "listeners", list);
    }
    aw_itree_push(im, list, listener);
}

static const aw_iprop S_event_source_rows[] = {
    {"EventSourceArn", NULL, NULL, NULL},
    {"FunctionName", NULL, NULL, NULL},
    {"BatchSize", "batchSize", aw_iput_int, NULL},
    {"MaximumBatchingWindowInSeconds", "batchWindow", aw_iput_seconds, NULL},
    {"Enabled", NULL, NULL, NULL},
    {"StartingPosition", NULL, aw_iput_derived, NULL},
    {NULL, NULL, NULL, NULL},
};

void aw_tpl_event_source(aw_import *im, const char *logical_id, const aw_doc *res, aw_doc *node)
{
    (void)node;
    const aw_doc *props = aw_import_get(res, "Properties");
    const aw_doc *source = aw_import_get(props, "EventSourceArn");
    const char *from = aw_import_node_id(im, aw_import_ref(im, source));
    if (!from)
        from = aw_import_store_from(im, source);
    const char *to = aw_import_node_id(im, aw_import_ref(im, aw_import_get(props, "FunctionName")));
    if (!from || !to) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", source ? &source->loc : &props->loc,
                         "event source mapping %s joins a source or function outside this template "
                         "(a literal ARN); add the store and its edge to the diagram",
                         logical_id);
        return;
    }
    aw_doc *edge = aw_itree_edge(im, from, to, &props->loc);
    aw_import_props(im, edge, props, S_event_source_rows, logical_id);
}
