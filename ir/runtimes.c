/* Lambda runtimes and their deprecation dates, from the AWS Lambda
 * Developer Guide: the "Lambda runtimes" page and the runtime tables of the
 * per-language pages (Node.js, Python, Java, .NET, Ruby, OS-only), with the
 * dates AWS moved in 2026 (many block dates to 2027-02-01 and 2027-03-03;
 * a year more for the Amazon Linux 2 runtimes java8.al2, java11, java17 and
 * python3.11) as AWS's notices of that year give them. Where the page's
 * revisions disagree, the later date is kept, so that a rule never reports
 * a block before it happens; NULL marks a date the sources do not settle.
 * Update the table, and aw_runtimes_taken, when AWS changes a date or adds
 * a runtime: the dates have moved before. */
#include "runtimes.h"

#include <stdlib.h>
#include <string.h>

const char aw_runtimes_source[] = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html";
const char aw_runtimes_taken[] = "2026-12-06";

#define S_FEB_2027 "2027-02-01"     /* the block dates AWS moved most runtimes to */
#define S_MAR_2027 "2027-03-03"

/* id, deprecated, block create, block update, successor */
const aw_runtime aw_runtimes[] = {
    {"dotnet10", "2028-11-14", "2028-12-14", "2029-01-15", NULL},
    {"dotnet6", "2024-12-20", S_FEB_2027, S_MAR_2027, "dotnet10"},
    {"dotnet8", "2026-11-10", S_FEB_2027, S_MAR_2027, "dotnet10"},
    {"dotnetcore1.0", "2019-06-27", "2019-07-30", "2019-07-30", "dotnet10"},
    {"dotnetcore2.0", "2019-05-30", "2019-05-30", "2019-05-30", "dotnet10"},
    {"dotnetcore2.1", "2022-01-05", "2022-01-05", "2022-04-13", "dotnet10"},
    {"dotnetcore3.1", "2023-04-03", "2023-04-03", "2023-05-03", "dotnet10"},
    {"go1.x", "2024-01-08", "2024-02-08", NULL, "provided.al2023"},
    {"java11", "2027-06-30", "2027-07-31", "2027-08-31", "java25"},
    {"java17", "2027-06-30", "2027-07-31", "2027-08-31", "java25"},
    {"java21", "2029-06-30", "2029-07-31", "2029-08-31", "java25"},
    {"java25", "2029-06-30", "2029-07-31", "2029-08-31", NULL},
    {"java8", "2024-01-08", "2024-02-08", NULL, "java25"},
    {"java8.al2", "2027-06-30", "2027-07-31", "2027-08-31", "java25"},
    {"nodejs", "2016-10-31", "2016-10-31", "2016-10-31", "nodejs24.x"},
    {"nodejs10.x", "2021-07-30", "2021-07-30", "2022-02-14", "nodejs24.x"},
    {"nodejs12.x", "2023-03-31", "2023-03-31", "2023-04-30", "nodejs24.x"},
    {"nodejs14.x", "2023-12-04", "2024-01-09", NULL, "nodejs24.x"},
    {"nodejs16.x", "2024-06-12", S_FEB_2027, S_MAR_2027, "nodejs24.x"},
    {"nodejs18.x", "2025-09-01", S_FEB_2027, S_MAR_2027, "nodejs24.x"},
    {"nodejs20.x", "2026-04-30", S_FEB_2027, S_MAR_2027, "nodejs24.x"},
    {"nodejs22.x", "2027-04-30", "2027-06-01", "2027-07-01", "nodejs24.x"},
    {"nodejs24.x", "2028-04-30", "2028-06-01", "2028-07-01", NULL},
    {"nodejs4.3", "2020-03-05", "2020-03-05", "2020-03-05", "nodejs24.x"},
    {"nodejs4.3-edge", "2020-03-05", "2019-04-30", "2019-04-30", "nodejs24.x"},
    {"nodejs6.10", "2019-08-12", "2019-08-12", "2019-08-12", "nodejs24.x"},
    {"nodejs8.10", "2020-03-06", "2020-03-06", "2020-03-06", "nodejs24.x"},
    {"provided", "2024-01-08", "2024-02-08", NULL, "provided.al2023"},
    {"provided.al2", "2027-06-30", "2027-07-31", "2027-08-31", "provided.al2023"},
    {"provided.al2023", "2029-06-30", "2029-07-31", "2029-08-31", NULL},
    {"python2.7", "2021-07-15", "2021-07-15", "2022-05-30", "python3.14"},
    {"python3.10", "2026-10-31", S_FEB_2027, S_MAR_2027, "python3.14"},
    {"python3.11", "2027-06-30", "2027-07-31", "2027-08-31", "python3.14"},
    {"python3.12", "2028-10-31", "2028-11-30", "2029-01-10", "python3.14"},
    {"python3.13", "2029-06-30", "2029-07-31", "2029-08-31", "python3.14"},
    {"python3.14", "2029-06-30", "2029-07-31", "2029-08-31", NULL},
    {"python3.6", "2022-07-18", "2022-07-18", "2022-08-29", "python3.14"},
    {"python3.7", "2023-12-04", "2024-01-09", NULL, "python3.14"},
    {"python3.8", "2024-10-14", S_FEB_2027, S_MAR_2027, "python3.14"},
    {"python3.9", "2025-12-15", S_FEB_2027, S_MAR_2027, "python3.14"},
    {"ruby2.5", "2021-07-30", "2021-07-30", "2022-03-31", "ruby4.0"},
    {"ruby2.7", "2023-12-07", "2024-01-09", NULL, "ruby4.0"},
    {"ruby3.2", "2026-03-31", S_FEB_2027, S_MAR_2027, "ruby4.0"},
    {"ruby3.3", "2027-03-31", "2027-04-30", "2027-05-31", "ruby4.0"},
    {"ruby3.4", "2028-03-31", "2028-04-30", "2028-05-31", "ruby4.0"},
    {"ruby4.0", NULL, NULL, NULL, NULL},
};

const size_t aw_runtime_count = sizeof aw_runtimes / sizeof *aw_runtimes;

static int S_by_id(const void *key, const void *item)
{
    return strcmp(key, ((const aw_runtime *)item)->id);
}

const aw_runtime *aw_runtime_find(const char *id)
{
    return id ? bsearch(id, aw_runtimes, aw_runtime_count, sizeof *aw_runtimes, S_by_id) : NULL;
}
