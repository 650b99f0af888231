/* The IAM actions each data store engine offers per access level, and what
 * Lambda polls a queue or stream with (service authorization reference;
 * Lambda developer guide, "Using Lambda with Amazon SQS", "... with Kinesis
 * Data Streams"). RDS and Aurora are absent: a function reaches them over
 * the network with the database's own credentials. */
#include "store_access.h"

#include <stddef.h>

static const aw_store_access S_engines[] = {
    {AW_STORE_DYNAMODB, "dynamodb", "table/", false, "/index/*",
     "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query dynamodb:Scan dynamodb:ConditionCheckItem "
     "dynamodb:DescribeTable",
     "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem dynamodb:BatchWriteItem", NULL, NULL},
    {AW_STORE_S3, "s3", "", true, "/*", "s3:GetObject s3:ListBucket", "s3:PutObject s3:DeleteObject", NULL, NULL},
    {AW_STORE_SQS, "sqs", "", false, NULL,
     "sqs:ReceiveMessage sqs:DeleteMessage sqs:ChangeMessageVisibility sqs:GetQueueAttributes sqs:GetQueueUrl",
     "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl",
     "sqs:ReceiveMessage sqs:DeleteMessage sqs:GetQueueAttributes", NULL},
    {AW_STORE_KINESIS, "kinesis", "stream/", false, NULL,
     "kinesis:GetRecords kinesis:GetShardIterator kinesis:DescribeStream kinesis:DescribeStreamSummary "
     "kinesis:ListShards",
     "kinesis:PutRecord kinesis:PutRecords",
     "kinesis:GetRecords kinesis:GetShardIterator kinesis:DescribeStream kinesis:DescribeStreamSummary "
     "kinesis:ListShards", "LATEST"},
    {AW_STORE_SNS, "sns", "", false, NULL, NULL, "sns:Publish", NULL, NULL},
    {AW_STORE_EVENTBRIDGE, "events", "event-bus/", false, NULL, NULL, "events:PutEvents", NULL, NULL},
    {AW_STORE_STEPFUNCTIONS, "states", "stateMachine:", false, NULL, "states:DescribeStateMachine states:ListExecutions",
     "states:StartExecution states:StartSyncExecution", NULL, NULL},
};

const aw_store_access *aw_store_access_find(aw_store_engine engine)
{
    for (size_t i = 0; i < sizeof S_engines / sizeof S_engines[0]; i++)
        if (S_engines[i].engine == engine)
            return &S_engines[i];
    return NULL;
}

bool aw_store_access_actions(const aw_store_access *a, aw_access_level level, const char **read, const char **write)
{
    *read = a && (level == AW_ACCESS_READ || level == AW_ACCESS_READ_WRITE) ? a->read : NULL;
    *write = a && (level == AW_ACCESS_WRITE || level == AW_ACCESS_READ_WRITE) ? a->write : NULL;
    return *read || *write;
}

bool aw_edge_delivers(const aw_edge *e)
{
    return e->from.node && e->to.node && e->from.node->kind == AW_KIND_DATASTORE && e->to.node->kind == AW_KIND_FUNCTION;
}
