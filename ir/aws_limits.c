/* The dated table of AWS quotas and defaults, and the account throttle a
 * diagram starts with. Values as the cited pages give them on the date
 * below; each rule's explanation names its page (docs/rules.md). */
#include "aws_limits.h"

#include <string.h>

const char aw_limits_checked[] = "2026-12-06";

#define APIGW_QUOTAS "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"

static const aw_limit S_limits[AW_LIMIT_COUNT] = {
    [AW_LIMIT_ACCOUNT_RPS] = {10000, "requests/s", "API Gateway throttle per account and region", true,
                              APIGW_QUOTAS},
    [AW_LIMIT_ACCOUNT_BURST] = {5000, "requests", "API Gateway burst per account and region (set by AWS from the rate)",
                                false, APIGW_QUOTAS},
    [AW_LIMIT_ACCOUNT_RPS_LOW] = {2500, "requests/s", "API Gateway throttle per account in the regions that start lower",
                                  true, APIGW_QUOTAS},
    [AW_LIMIT_ACCOUNT_BURST_LOW] = {1250, "requests", "API Gateway burst per account in the regions that start lower",
                                    false, APIGW_QUOTAS},
    [AW_LIMIT_WS_NEW_CONNECTIONS] = {500, "connections/s", "WebSocket new connections per account and region", true,
                                     "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                                     "apigateway-execution-service-websocket-limits-table.html"},
    [AW_LIMIT_LAMBDA_CONCURRENCY] = {1000, "executions", "Lambda concurrent executions per region", true,
                                     "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"},
    [AW_LIMIT_LAMBDA_UNRESERVED_MIN] = {100, "executions",
                                        "Lambda concurrency that reserved concurrency leaves unreserved", false,
                                        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"},
    [AW_LIMIT_LAMBDA_DEFAULT_TIMEOUT_MS] = {3000, "ms", "Lambda function timeout when none is set", false,
                                            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"},
    [AW_LIMIT_TIMEOUT_REST_MS] = {29000, "ms", "REST integration timeout (regional and private APIs may ask for more)",
                                  true,
                                  "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                                  "api-gateway-execution-service-limits-table.html"},
    [AW_LIMIT_TIMEOUT_HTTP_MS] = {30000, "ms", "HTTP API integration timeout", false,
                                  "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"},
    [AW_LIMIT_TIMEOUT_WEBSOCKET_MS] = {29000, "ms", "WebSocket integration timeout", false,
                                       "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                                       "apigateway-execution-service-websocket-limits-table.html"},
    [AW_LIMIT_LAMBDA_ENV_BYTES] = {4096, "bytes", "Lambda environment variables of one function, in all", false,
                                   "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"},
    [AW_LIMIT_LAMBDA_INLINE_CODE_BYTES] = {4194304, "bytes", "inline (ZipFile) code of a Lambda function", false,
                                           "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                           "aws-properties-lambda-function-code.html"},
    [AW_LIMIT_LAMBDA_NAME_CHARS] = {64, "characters", "name of a Lambda function", false,
                                    "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"},
};

/* Regions whose API Gateway account throttle starts at 2,500/1,250: Cape
 * Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain, Zurich, Tel Aviv,
 * Calgary, Malaysia, Thailand, Mexico (Central). */
static const char *const S_low_regions[] = {
    "af-south-1",     "eu-south-1", "ap-southeast-3", "me-central-1", "ap-south-2",     "ap-southeast-4", "eu-south-2",
    "eu-central-2",   "il-central-1", "ca-west-1",   "ap-southeast-5", "ap-southeast-7", "mx-central-1",
};

const aw_limit *aw_limit_get(aw_limit_id id)
{
    return (unsigned)id < AW_LIMIT_COUNT ? &S_limits[id] : NULL;
}

double aw_limit_value(aw_limit_id id)
{
    return (unsigned)id < AW_LIMIT_COUNT ? S_limits[id].value : 0;
}

static const char *S_low_region(const aw_strings *regions)
{
    for (size_t i = 0; i < regions->count; i++)
        for (size_t k = 0; k < sizeof S_low_regions / sizeof *S_low_regions; k++)
            if (strcmp(regions->items[i], S_low_regions[k]) == 0)
                return regions->items[i];
    return NULL;
}

void aw_account_throttle(const aw_model *m, double *rate, int64_t *burst, const char **low_region)
{
    const char *low = m->account_throttle ? NULL : S_low_region(&m->regions);
    if (low_region)
        *low_region = low;
    const aw_throttle *t = m->account_throttle;
    *rate = t && AW_IS_SET(t->rate) ? t->rate : aw_limit_value(low ? AW_LIMIT_ACCOUNT_RPS_LOW : AW_LIMIT_ACCOUNT_RPS);
    *burst = t && t->burst != AW_UNSET_INT ? t->burst
                                           : (int64_t)aw_limit_value(low ? AW_LIMIT_ACCOUNT_BURST_LOW : AW_LIMIT_ACCOUNT_BURST);
}
