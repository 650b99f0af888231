/* Benchmark of `archway import` on generated 1,000-route templates: a
 * CloudFormation template in JSON whose REST API holds its routes in an
 * inline OpenAPI body, and a SAM template in YAML with short-form tags and
 * 1,000 HttpApi events; AWS's cfn-lint over the same files in the same run, as the
 * reference point for how long reading a template of that size takes.
 * An estate of as many routes built by `archway build` into nested stacks,
 * imported from its root template (the parts followed), beside the same
 * estate as one template.
 * Then hostile YAML against the SAM template: an alias bomb, deep nesting
 * and a file of tiny values of the SAM template's size. Medians. */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../importer/import.h"
#include "../ir/strbuf.h"
#include "bench_util.h"
#include "gen_estate.h"

#define ROUTES 1000
#define RUNS 5
#define LINT_RUNS 3

static bool S_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    return (f && fclose(f) == 0) && ok;
}

/* A CloudFormation template in JSON: one REST API whose 1,000 operations
 * are an inline OpenAPI body (a template past 500 resources would not
 * deploy, so raw routes cannot reach 1,000 in one stack), 50 functions. */
static void S_openapi_template(aw_strbuf *b, size_t routes)
{
    aw_strbuf_puts(b, "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\n");
    for (size_t f = 0; f * 20 < routes; f++)
        aw_strbuf_printf(b, "  \"Fn%zu\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Runtime\": "
                            "\"python3.12\", \"Handler\": \"fn%zu.handler\", \"MemorySize\": 256, \"Timeout\": 5, "
                            "\"Role\": \"arn:aws:iam::111122223333:role/fn\", \"Code\": {\"S3Bucket\": \"code\", "
                            "\"S3Key\": \"fn%zu.zip\"}}},\n",
                         f, f, f);
    aw_strbuf_puts(b, "  \"Api\": {\"Type\": \"AWS::ApiGateway::RestApi\", \"Properties\": {\"Name\": \"bench\", "
                      "\"Body\": {\"openapi\": \"3.0.1\", \"info\": {\"title\": \"bench\", \"version\": \"1\"}, "
                      "\"paths\": {\n");
    for (size_t r = 0; r < routes; r++)
        aw_strbuf_printf(b, "%s    \"/r%zu/items/{id}\": {\"get\": {\"operationId\": \"op%zu\", "
                            "\"x-amazon-apigateway-integration\": {\"type\": \"aws_proxy\", \"httpMethod\": \"POST\", "
                            "\"uri\": {\"Fn::Sub\": \"arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/"
                            "2015-03-31/functions/${Fn%zu.Arn}/invocations\"}, \"timeoutInMillis\": 5000}}}",
                         r ? ",\n" : "", r, r, r / 20);
    aw_strbuf_puts(b, "\n  }}}},\n  \"Prod\": {\"Type\": \"AWS::ApiGateway::Stage\", \"Properties\": "
                      "{\"RestApiId\": {\"Ref\": \"Api\"}, \"StageName\": \"prod\", \"DeploymentId\": \"abc123\"}}\n}}\n");
}

/* A SAM template: 50 functions of 20 HttpApi events each on one API with
 * a JWT authorizer, a table each function reads. */
static void S_sam_template(aw_strbuf *b, size_t routes)
{
    aw_strbuf_puts(b, "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
                      "Parameters:\n  Env: {Type: String, Default: bench}\n"
                      "Globals:\n  Function: {Runtime: nodejs22.x, MemorySize: 512, Timeout: 10}\n"
                      "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
                      "      StageName: !Ref Env\n      Auth:\n        DefaultAuthorizer: Users\n"
                      "        Authorizers:\n          Users:\n            JwtConfiguration:\n"
                      "              issuer: https://auth.example.com\n              audience: [bench]\n"
                      "            IdentitySource: $request.header.Authorization\n");
    for (size_t f = 0; f * 20 < routes; f++) {
        aw_strbuf_printf(b, "  Table%zu:\n    Type: AWS::DynamoDB::Table\n    Properties:\n"
                            "      TableName: !Sub \"${Env}-table-%zu\"\n      BillingMode: PAY_PER_REQUEST\n",
                         f, f);
        aw_strbuf_printf(b, "  Fn%zu:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                            "      Handler: fn%zu.handler\n      Environment: {Variables: {TABLE: !Ref Table%zu}}\n"
                            "      Events:\n",
                         f, f, f);
        for (size_t e = 0; e < 20 && f * 20 + e < routes; e++)
            aw_strbuf_printf(b, "        E%zu:\n          Type: HttpApi\n          Properties:\n"
                                "            ApiId: !Ref Api\n            Path: /r%zu/items/{id}/e%zu\n"
                                "            Method: %s\n",
                             e, f, e, e % 2 ? "post" : "get");
    }
}

static bool S_layout = true;

static double S_import_ms(const char *path, size_t *nodes, size_t *warnings)
{
    aw_import_result r;
    aw_import_options options = {.no_layout = !S_layout};
    double t0 = aw_bench_now_ms();
    aw_import_file(&r, path, &options);
    double ms = aw_bench_now_ms() - t0;
    *nodes = r.summary.nodes;
    *warnings = r.diags.warnings;
    aw_import_result_free(&r);
    return ms;
}

static double S_median_import(const char *path, size_t *nodes, size_t *warnings)
{
    double v[RUNS];
    for (size_t i = 0; i < RUNS; i++)
        v[i] = S_import_ms(path, nodes, warnings);
    return aw_bench_median(v, RUNS);
}

/* cfn-lint over files (quoted, or a pattern): median wall time of
 * LINT_RUNS runs (one when a run takes more than a minute), or < 0; a run
 * is stopped at 15 min. */
static double S_cfn_lint_ms(const char *files)
{
    if (getenv("ARCHWAY_BENCH_NO_CFN_LINT") || system("command -v cfn-lint >/dev/null 2>&1") != 0)
        return -1;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "timeout 900 cfn-lint --format parseable -- %s >/dev/null 2>&1", files);
    double v[LINT_RUNS];
    size_t n = 0;
    while (n < LINT_RUNS && (n == 0 || v[0] < 60000.0)) {
        double t0 = aw_bench_now_ms();
        if (system(cmd) == -1)
            return -1;
        v[n++] = aw_bench_now_ms() - t0;
    }
    return aw_bench_median(v, n);
}

/* The size of path, and of the nested templates beside it that it names
 * (template-partN.json), in bytes. */
static long S_bytes(const char *path, bool parts)
{
    long bytes = 0;
    for (int k = 0; k == 0 || (parts && k < 1000); k++) {
        char part[1200], dir[1100];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        if (k)
            snprintf(part, sizeof part, "%s/template-part%d.json", dir, k);
        FILE *f = fopen(k ? part : path, "rb");
        if (!f)
            break;
        if (fseek(f, 0, SEEK_END) == 0)
            bytes += ftell(f);
        fclose(f);
    }
    return bytes;
}

static void S_report(const char *what, const char *path, const char *lint_files, bool parts)
{
    size_t nodes = 0, warnings = 0;
    S_layout = false;
    double bare = S_median_import(path, &nodes, &warnings);
    S_layout = true;
    double ms = S_median_import(path, &nodes, &warnings);
    long bytes = S_bytes(path, parts);
    double lint = S_cfn_lint_ms(lint_files);
    printf("%-32s %6.1f KiB: import %6.1f ms without layout, %7.1f ms with (%zu elements, %zu warnings); ", what,
           (double)bytes / 1024.0, bare, ms, nodes, warnings);
    if (lint < 0)
        printf("cfn-lint SKIPPED (not installed, or ARCHWAY_BENCH_NO_CFN_LINT)\n");
    else if (lint >= 900000.0)
        printf("cfn-lint stopped after 900 s without finishing; import/cfn-lint < %.3f\n", ms / lint);
    else
        printf("cfn-lint %7.0f ms; import/cfn-lint %.3f (%.4f without layout)\n", lint, ms / lint, bare / lint);
}

/* Hostile YAML: each written to path, timed as import reads it. */
static void S_hostile(const char *dir, size_t target_bytes)
{
    static const char *const names[] = {"alias bomb (10^12 values)", "nesting 100,000 deep", "tiny values"};
    for (int k = 0; k < 3; k++) {
        aw_strbuf b = AW_STRBUF_INIT;
        if (k == 0) {
            aw_strbuf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 12; i++)
                aw_strbuf_printf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                                 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        } else if (k == 1) {
            aw_strbuf_puts(&b, "a: ");
            for (int i = 0; i < 100000; i++)
                aw_strbuf_putc(&b, '[');
        } else {
            aw_strbuf_puts(&b, "Resources: [");
            while (b.len < target_bytes)
                aw_strbuf_puts(&b, "0,");
            aw_strbuf_puts(&b, "0]\n");
        }
        char path[1024];
        snprintf(path, sizeof path, "%s/hostile-%d.yaml", dir, k);
        size_t nodes, warnings;
        if (S_write(path, b.data, b.len))
            printf("%-32s %6.1f KiB: import %6.1f ms, refused or read without a crash\n", names[k],
                   (double)b.len / 1024.0, S_median_import(path, &nodes, &warnings));
        aw_strbuf_free(&b);
    }
}

/* The generated estate as `archway build` writes it, nested stacks and
 * all, imported from its root; and as one template. cfn-lint reads every
 * part (it does not follow TemplateURL itself). */
static void S_estate(const char *dir)
{
    char estate[1100], root[1200], flat[1200], lint[1300];
    size_t parts = 0;
    snprintf(estate, sizeof estate, "%s/estate", dir);
    snprintf(root, sizeof root, "%s/template.json", estate);
    snprintf(flat, sizeof flat, "%s/flat.json", estate);
    if (mkdir(estate, 0700) != 0 || !aw_bench_write_estate(estate, ROUTES, &parts)) {
        printf("estate of %d routes: not written\n", ROUTES);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "estate, %zu nested stacks, JSON", parts);
    snprintf(lint, sizeof lint, "'%s'/template*.json", estate);
    S_report(what, root, lint, true);
    snprintf(lint, sizeof lint, "'%s'", flat);
    S_report("the same estate unsplit, JSON", flat, lint, false);
}

int main(void)
{
    char dir[] = "/tmp/archway-bench-import-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char openapi[1100], sam[1100];
    snprintf(openapi, sizeof openapi, "%s/openapi-template.json", dir);
    snprintf(sam, sizeof sam, "%s/sam-template.yaml", dir);
    printf("archway import of %d-route templates, medians of %d runs (cfn-lint: of %d)\n", ROUTES, RUNS, LINT_RUNS);
    aw_strbuf b = AW_STRBUF_INIT;
    S_openapi_template(&b, ROUTES);
    bool ok = S_write(openapi, b.data, b.len);
    aw_strbuf_free(&b);
    char quoted[1200];
    snprintf(quoted, sizeof quoted, "'%s'", openapi);
    if (ok)
        S_report("REST API, inline OpenAPI, JSON", openapi, quoted, false);
    S_sam_template(&b, ROUTES);
    size_t sam_bytes = b.len;
    ok &= S_write(sam, b.data, b.len);
    aw_strbuf_free(&b);
    snprintf(quoted, sizeof quoted, "'%s'", sam);
    if (ok)
        S_report("SAM template, YAML short forms", sam, quoted, false);
    S_estate(dir);
    S_hostile(dir, sam_bytes);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    return ok ? 0 : 1;
}
