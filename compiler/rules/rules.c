/* The rule catalogue: every lint rule, in id order, with its category,
 * default severity, title and explanation. `archway rules` and docs/rules.md
 * are printed from this table; the checks live in one file per family. */
#include "rules.h"

#define SEC AW_CAT_SECURITY
/* The AWS documentation each rule rests on. */
#define APIGW "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
#define LAMBDA_DG "https://docs.aws.amazon.com/lambda/latest/dg/"
#define CFN_UG "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"

const aw_rule aw_rules[] = {
    {"AW-CAP-001", AW_CAT_CAPACITY, AW_SEV_WARNING, "Lambda concurrency too low for the routes in front of it",
     "By Little's law, a function serving r requests per second that take d seconds each has r x d "
     "invocations running at once. Archway takes r as what the routes calling the function may let through "
     "(per route, the busiest stage, each stage at the tightest of its throttle, its override for the route "
     "and the route's own throttle; the account quota of 10,000 requests/s, or the diagram's "
     "accountThrottle, when none is set; summed over "
     "routes and capped at that quota) and d as the function's p50 latency. Latencies skew right, so the "
     "mean that Little's law wants lies above the p50 (for a log-normal latency with a p99 five times the "
     "p50, about a quarter above): r x p50 is a floor of the concurrency needed, and a finding is never "
     "raised where the function would cope, though one whose p50 fits with little room may still be "
     "throttled at peaks. A Lambda authorizer's function counts too: with a result TTL of 0 it runs on every request of the "
     "routes it guards, at their full rate (with a TTL, once per caller and TTL, which the diagram does not "
     "tell, so it is not counted). When r x d exceeds the function's reserved concurrency, or for a function "
     "without one the regional pool (1,000 by default, less what other functions reserve, of which Lambda "
     "keeps at least 100 unreserved), the function is the bottleneck: Lambda throttles the excess and API "
     "Gateway answers 500. Functions without reserved concurrency draw on that pool together, so their needs "
     "are summed too: when each fits but all do not, the one that needs most is reported. The finding gives "
     "the concurrency needed and the rate the function really holds, its limit divided by its latency. The "
     "pool is adjustable, new accounts start with less, and Lambda also limits how fast a function scales "
     "(1,000 new execution environments every 10 seconds), so a sudden spike can be throttled below it.\n\n"
     "Fix: raise the reserved concurrency (and, for the shared pool, the account quota), make the function "
     "faster, or throttle the routes down to what the function holds.",
     aw_cap001_check, LAMBDA_DG "lambda-concurrency.html"},
    {"AW-CAP-002", AW_CAT_CAPACITY, AW_SEV_WARNING, "Lambda may need more database connections than the database or its pool gives",
     "Each running copy of a function that holds a database connection (an edge with holdsConnection) keeps "
     "one open, and one copy runs one invocation at a time, so a function takes as many connections as it "
     "has concurrent executions: its reserved concurrency, or else what its routes need by Little's law, at "
     "most the regional default of 1,000. Summed over the functions that connect to the database, this is "
     "compared with maxConnections: beyond it, new connections are refused and invocations fail under load, "
     "often taking the database down with them. Behind a connection pool (poolSize, such as RDS Proxy) "
     "clients connect to the pool, which lends its database connections only for each transaction: what "
     "counts is how many are in use at once, each function's rate times its callsPerRequest times the "
     "database's p50 latency, compared with poolSize. The excess then waits for a connection rather than "
     "failing (the proxy's borrow timeout, 120 seconds by default, is far beyond any API's), and a request "
     "whose wait passes its integration's timeout gets a 504. Without the database's latency the pooled case "
     "is not judged. Sessions pinned to a connection (session state, some prepared statements) hold it for "
     "the whole invocation, as without a pool.\n\n"
     "Fix: put a connection pool (RDS Proxy) in front of the database, cap the function's reserved "
     "concurrency at what the database can serve, raise max_connections with a larger instance, or, behind a "
     "pool, raise its share of the database's connections or make the calls shorter.",
     aw_cap002_check, "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html"},
    {"AW-CAP-003", AW_CAT_CAPACITY, AW_SEV_WARNING, "Load balancer targets cannot carry the routes' traffic",
     "A load balancer behind private integrations serves at most targets x targetCapacity requests per "
     "second. The routes whose integrations name it as their listener may send, together, the sum of what "
     "their throttles let through (per route, the busiest stage; at most the account quota, the diagram's "
     "accountThrottle or else 10,000 "
     "requests/s). When that exceeds what the targets serve, requests queue on the targets and time out, "
     "and API Gateway answers 504.\n\n"
     "Fix: add targets (or an autoscaling policy that reaches enough of them), or throttle the routes down "
     "to what the targets serve.",
     aw_cap003_check, "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html"},
    {"AW-CAP-004", AW_CAT_CAPACITY, AW_SEV_WARNING, "DynamoDB write capacity below the writes the routes can send",
     "A DynamoDB table in provisioned mode accepts writeCapacity units per second; one write of an item up "
     "to 1 KB takes one unit. Archway counts as writes the AWS service integrations that target the table "
     "with an action starting with Put, Update, Delete or BatchWrite, one unit per request (larger items and "
     "batches take more, and writes made by Lambda functions are not counted, so the real figure can only "
     "be higher). When the routes may send more writes than the table is provisioned for, DynamoDB throttles "
     "them and the API answers errors.\n\n"
     "Fix: raise writeCapacity (or enable auto scaling with a high enough maximum), switch the table to "
     "on-demand mode, or throttle the writing routes.",
     aw_cap004_check, "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html"},
    {"AW-CAP-005", AW_CAT_CAPACITY, AW_SEV_ERROR, "Integration timeout beyond the API type's hard limit",
     "API Gateway waits for an integration at most 30 seconds in HTTP APIs and 29 seconds in WebSocket and "
     "edge-optimized REST APIs, and none of these limits can be raised: API Gateway refuses a longer "
     "timeout, so the API does not deploy as drawn. (Regional and private REST APIs may have their 29 seconds "
     "raised by a quota request; AW-CAP-009 reports those.)\n\n"
     "Fix: keep the timeout within the limit, and move work that takes longer out of the request: return "
     "202 and finish it asynchronously (a queue, Step Functions), letting the client poll or be notified.",
     aw_cap005_check, APIGW "http-api-quotas.html"},
    {"AW-CAP-006", AW_CAT_CAPACITY, AW_SEV_WARNING, "Lambda timeout longer than the integration timeout",
     "A Lambda function may run longer than the integration that calls it waits. When an invocation takes "
     "that long, API Gateway gives up and answers 504, but the function keeps running until it finishes or "
     "reaches its own timeout: it is billed for the time, holds its concurrency and any database "
     "connection, and may complete work the client believes failed and retries. The finding names the "
     "calling integration with the shortest timeout.\n\n"
     "Fix: set the function's timeout at or below the integration's (a little below leaves time to "
     "answer), or make the work asynchronous.",
     aw_cap006_check, LAMBDA_DG "configuration-timeout.html"},
    {"AW-CAP-007", AW_CAT_CAPACITY, AW_SEV_WARNING, "p99 latencies along the chain add up to more than the integration timeout",
     "The integration's timeout is compared with the p99 latency of what it calls: the function, load "
     "balancer, back end or data store behind it, plus the p99 of every call that element makes (each edge's "
     "p99 times its callsPerRequest, one after another; only that element's own calls, one level down). The "
     "sum of the p99s is an upper bound of the chain's p99, not the p99 itself: every hop is rarely slow at "
     "once. When it is beyond the timeout, a slow request can time out with a 504 on an ordinary day (up to "
     "about one in a hundred, before cold starts and retries), so the finding is an early warning.\n\n"
     "Fix: make the slow calls faster or parallel, cache their results, lower the downstream timeouts so a "
     "slow call fails fast with a useful error, or move the work out of the request.",
     aw_cap007_check, APIGW "api-gateway-execution-service-limits-table.html"},
    {"AW-CAP-008", AW_CAT_CAPACITY, AW_SEV_ERROR, "Provisioned concurrency above reserved concurrency",
     "Provisioned concurrency keeps that many execution environments of a function initialised; reserved "
     "concurrency caps how many the function may run at once. Lambda refuses to provision more environments "
     "than the function may run: setting provisioned concurrency above the reserved concurrency fails, and "
     "so does the deployment that asks for it.\n\n"
     "Fix: raise reservedConcurrency to at least provisionedConcurrency, or provision fewer environments.",
     aw_cap008_check, LAMBDA_DG "provisioned-concurrency.html"},
    {"AW-CAP-009", AW_CAT_CAPACITY, AW_SEV_WARNING, "REST integration timeout beyond 29 seconds needs a quota increase",
     "A regional or private REST API waits for an integration 29 seconds by default. AWS raises the "
     "limit for an account on request (the Service Quotas entry \"Maximum integration timeout in "
     "milliseconds\"), and may lower the account's throttle in exchange. Without the raise, API Gateway "
     "refuses the longer timeout and the API does not deploy as drawn; with it, the lower throttle applies "
     "to every API of the account in the region.\n\n"
     "Fix: keep the timeout at 29 seconds or less, or, once the quota is raised, suppress the finding on the "
     "integration with the raised value and the account throttle that came with it as the reason (and give "
     "that throttle as the diagram's accountThrottle).",
     aw_cap009_check, APIGW "api-gateway-execution-service-limits-table.html"},
    {"AW-CAP-010", AW_CAT_CAPACITY, AW_SEV_WARNING, "Lambda timeout below the function's own p99",
     "The function's timeout is compared with its p99 latency plus the p99 of every call it makes (each "
     "edge's p99 times its callsPerRequest, one after another). A function without a written timeout stops "
     "after Lambda's default of 3 seconds, which is shorter than many real handlers need. When the p99s add "
     "up to more than the timeout, Lambda stops the slowest invocations: the caller gets an error (API "
     "Gateway answers 502 or 500) for requests that were merely slow, and work may be left half done. "
     "Functions marked existing with no timeout written are skipped, since their real timeout is unknown.\n\n"
     "Fix: write a \"timeout\" above the function's p99 with its calls (and within its integration's "
     "timeout, AW-CAP-006), or make the slow calls faster.",
     aw_cap010_check, LAMBDA_DG "configuration-timeout.html"},
    {"AW-COMPAT-001", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Feature HTTP APIs do not offer",
     "HTTP APIs are the leaner, cheaper kind of API and leave out much of what REST APIs offer. The diagram "
     "gives an HTTP API, or an element it uses, one of these: a mock integration, a mapping template "
     "(requestTemplate), request validation or models, API keys (apiKeyRequired, an API key source, or a "
     "usage plan covering its stage), a resource policy, a cache cluster, a canary deployment, X-Ray tracing, "
     "an AWS WAF web ACL, an edge-optimized or private endpoint, binary media types, a custom domain with the "
     "TLS 1.0 policy (HTTP APIs have TLS 1.2 only), a Cognito user pool or Lambda token authorizer, a JWT "
     "authorizer that restricts the signing algorithms, trusts several issuers or checks further claims (what "
     "a REST API's JWT authorizer does; an HTTP API's takes one issuer and its audiences), an AWS "
     "service integration other than the first-class ones (SQS SendMessage, ReceiveMessage, DeleteMessage "
     "and PurgeQueue, EventBridge PutEvents, Step Functions StartExecution, StartSyncExecution and "
     "StopExecution, Kinesis PutRecord, AppConfig GetConfiguration), or a route or API key selection "
     "expression (settings of WebSocket APIs). "
     "API Gateway rejects the setting or has nowhere to put it, so the API does not deploy as drawn. An "
     "integration or authorizer that several APIs share must fit each of them.\n\n"
     "Fix: remove the setting, or use what HTTP APIs offer instead: a JWT authorizer whose issuer is the user "
     "pool (https://cognito-idp.REGION.amazonaws.com/POOL_ID), with the app client ids as audiences, for a "
     "Cognito authorizer; a Lambda request authorizer for a token authorizer; a Lambda function or an HTTP "
     "integration for a mock or another AWS service action; \"minTls\": \"1.2\" on the domain; validation and quotas in the back end. If the API needs the REST features, "
     "make it a REST API.",
     aw_compat001_check, APIGW "http-api-vs-rest.html"},
    {"AW-COMPAT-002", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Feature REST APIs do not offer, or Archway cannot deploy on them",
     "REST APIs lack some of what the newer HTTP and WebSocket APIs offer: Lambda payload format 2.0 for "
     "integrations and authorizers, the catch-all route key $default, stages that deploy automatically "
     "(autoDeploy), and the route and API key selection expressions of WebSocket APIs. REST APIs have no "
     "route keys, so API Gateway cannot create what the diagram draws. Payload format 2.0 cannot even be "
     "asked for: a REST API always sends a Lambda function the version 1.0 event, and code written for 2.0 "
     "(rawPath, requestContext.http, cookies) fails on it. Regional, edge-optimized and private REST APIs "
     "have JWT authorizers (one or more issuers, the audiences of each, claims a token must carry), but "
     "API Gateway requires the signing algorithms such an authorizer accepts, which an HTTP API's JWT "
     "authorizer does not take, and it reads the token from a request header only: a JWT authorizer that "
     "lists no \"algorithms\", or whose identity source is a query string, cannot be created on a REST API "
     "as drawn.\n\n"
     "Fix: list the algorithms your identity provider signs with in \"algorithms\" (RS256, RS384, RS512, "
     "ES256, ES384 or ES512) and send the token in a header (method.request.header.NAME). Write the Lambda functions for payload format 1.0 and drop payloadFormat. Draw a catch-all as "
     "the routes ANY / and ANY /{proxy+}. Deploy REST stages through deployments rather than autoDeploy.",
     aw_compat002_check, APIGW "rest-api-jwt-authorizer.html"},
    {"AW-COMPAT-003", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Feature WebSocket APIs do not offer",
     "A WebSocket API keeps a connection open and routes each message by its route key, and much of what REST "
     "and HTTP APIs do per request does not exist there. It authorizes only when a connection opens, with IAM "
     "or a Lambda request authorizer on the $connect route alone: JWT, Cognito user pool and Lambda token "
     "authorizers, and authorizers on any other route, are not available. Nor are Lambda payload format 2.0, "
     "CORS settings (browsers do not apply CORS to WebSocket connections), resource policies, cache clusters, "
     "canary deployments, X-Ray tracing, AWS WAF, edge-optimized and private endpoints, binary media types, "
     "API key sources and the TLS 1.0 policy on a custom domain (TLS 1.2 only). API Gateway rejects these settings or has nowhere to put them.\n\n"
     "Fix: authorize on $connect with a Lambda request authorizer (which may verify a JWT sent in a header or "
     "the query string) or with IAM, and remove the other settings. Checks that must run per message belong "
     "in the integrations.",
     aw_compat003_check, APIGW "apigateway-websocket-api.html"},
    {"AW-COMPAT-004", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "WebSocket route drawn with a method and path",
     "A WebSocket API routes each message by its route key: API Gateway evaluates the API's route selection "
     "expression ($request.body.action unless set otherwise) on the message and picks the route with that "
     "key, or $default when none matches; $connect and $disconnect run when a connection opens and closes. "
     "Messages have no HTTP method or path, so a route given as a method and a path can never be chosen, "
     "and API Gateway has no such route for a WebSocket API.\n\n"
     "Fix: give the route a routeKey (the value of the selection expression that should reach it, such as "
     "\"sendMessage\") instead of method and path. If clients also need request-response calls, draw an "
     "HTTP or REST API beside the WebSocket one.",
     aw_compat004_check, APIGW "websocket-api-develop-routes.html"},
    {"AW-COMPAT-005", AW_CAT_COMPATIBILITY, AW_SEV_WARNING,
     "WebSocket API stores data but lacks a $connect or $disconnect route",
     "Archway takes a WebSocket API to keep state per connection when one of its routes reaches a database "
     "(a DynamoDB table, or an RDS or Aurora database): as the target of an AWS service integration, or "
     "through the Lambda function the route invokes, by an edge of the function's own or of a function it "
     "calls, at any depth. Edges do not say whether a call reads or writes, so this is a heuristic. Such "
     "state (the connection ids to post messages back to, room memberships, sessions) has to be recorded "
     "when a connection opens and removed when it closes, which is what the $connect and $disconnect routes "
     "are for. Without $disconnect, the records of closed connections stay behind: posts to them fail with "
     "410 Gone, fan-outs slow down and the table keeps growing. Without $connect, nothing learns of a "
     "connection before its first message, and there is nowhere to authorize it (AW-SEC-002).\n\n"
     "Fix: add $connect and $disconnect routes whose integrations record and remove the connection. API "
     "Gateway calls $disconnect on a best-effort basis, so give the records a time to live as well. If the "
     "API keeps nothing per connection, suppress the finding on the API with the reason.",
     aw_compat005_check, APIGW "apigateway-websocket-api-route-keys-connect-disconnect.html"},
    {"AW-COMPAT-006", AW_CAT_COMPATIBILITY, AW_SEV_WARNING, "Lambda function on a deprecated runtime",
     "AWS deprecates a Lambda runtime when its language version (or its operating system) stops receiving "
     "security updates. From that day the runtime gets no more patches and its functions no more technical "
     "support; about a month later Lambda refuses to create functions on it, and a month or two after that "
     "to update them, so a fix to the code can no longer be deployed. Archway judges by a table of runtimes "
     "and their dates taken from the AWS Lambda documentation (see ir/runtimes.c for the pages and the day "
     "they were read; where AWS moved a date, the later one is kept, so that nothing is reported early) and "
     "by today's date in UTC, or the day given with --today or the ARCHWAY_TODAY environment "
     "variable, which makes the findings reproducible. A function that already exists is reported here even "
     "when creation is blocked, since the stack does not create it.\n\n"
     "Fix: move the function to the runtime's successor (the finding names it) and test it there; runtimes "
     "are not compatible across major versions.",
     aw_compat006_check, LAMBDA_DG "lambda-runtimes.html"},
    {"AW-COMPAT-007", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Lambda function on a runtime Lambda no longer creates",
     "The function is on a runtime whose block-function-create date has passed (judged as for AW-COMPAT-006): "
     "Lambda refuses to create functions on it, so the CloudFormation stack that creates this function fails "
     "and rolls back. Functions marked existing are not created and are reported by AW-COMPAT-006 instead.\n\n"
     "Fix: move the function to the runtime's successor (the finding names it).",
     aw_compat007_check, LAMBDA_DG "lambda-runtimes.html"},
    {"AW-COMPAT-008", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Message sent to a FIFO queue without the ids it needs",
     "An AWS service integration sends to a FIFO queue (SQS SendMessage) or FIFO topic (SNS Publish). FIFO "
     "queues and topics refuse a message without a message group id, which says which messages keep their "
     "order, and without a deduplication id unless the queue or topic deduplicates by content "
     "(contentBasedDeduplication). Archway looks for MessageGroupId and MessageDeduplicationId among the "
     "integration's requestParameters (an HTTP API's, or the keys of a REST mapping) and in its "
     "requestTemplate. Without them every call fails with a 400 from SQS or SNS, which API Gateway passes on "
     "as an error (or, in a REST API without response mappings, as a 200 the client takes for success).\n\n"
     "Fix: pass MessageGroupId (a customer or order id, say) and MessageDeduplicationId (an idempotency key "
     "the client sends), or set \"contentBasedDeduplication\": true on the queue when identical bodies are "
     "duplicates.",
     aw_compat008_check, "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html"},
    {"AW-COST-001", AW_CAT_COST, AW_SEV_WARNING, "Cache cluster on a stage with too little traffic to pay for it",
     "A stage's cache cluster is billed by the hour whether or not requests hit it: the smallest, 0.5 GB, "
     "costs $0.020 an hour (about $14.60 a month) and the larger sizes from $0.038 to $3.80 an hour (us-east-1 "
     "prices, November 2026). A hit still pays API Gateway's request price; what it saves is the back-end "
     "work, roughly $0.40 per million requests for a small, fast Lambda function. At 10 requests per second "
     "(about 26 million a month) even a cache that answered every request would save about what the "
     "smallest cache costs, so below that the cache loses money whatever its hit rate. Only GET responses "
     "are cached by default, and API Gateway applies a stage's throttle to each method on its own, so "
     "Archway takes the traffic that can reach the cache as the sum, over the stage's GET (and ANY) routes, "
     "of the tightest of the stage's rate, its override for the route and the route's own throttle, at most "
     "the account's throttle; or, when the diagram draws clients of the stage that all declare their rates, "
     "the sum of their peak rates if that is lower. A stage whose routes are not all throttled and that has "
     "no such clients is not checked. The threshold is a floor: larger caches need proportionally more "
     "traffic, and cost is not the only reason for a cache (latency, sparing the back end).\n\n"
     "Fix: turn the cache off, or keep it for latency on purpose and say so with a suppression; where the "
     "load is light, cache in the client (Cache-Control) or in the back end instead.",
     aw_cost001_check, APIGW "api-gateway-caching.html"},
    {"AW-COST-002", AW_CAT_COST, AW_SEV_NOTE, "REST API that uses only what HTTP APIs also offer",
     "HTTP APIs cost $1.00 per million requests against $3.50 for REST APIs (us-east-1, first tier, November "
     "2026), about 70% less, and add less latency. A REST API earns its price through features HTTP APIs "
     "lack: usage plans and API keys, resource policies, request validation and models, caching, canary "
     "releases, edge-optimized and private endpoints, AWS WAF, X-Ray tracing, mock integrations, mapping "
     "templates, AWS service integrations other than the first-class SQS, EventBridge, Step Functions, "
     "Kinesis and AppConfig actions, Cognito user pool and token authorizers, JWT authorizers that trust "
     "several issuers or check further claims, binary media types, API key "
     "sources and TLS 1.0 domains. This API uses none of them.\n\n"
     "Fix: consider rebuilding it as an HTTP API (Lambda payload format 2.0 differs from 1.0, and the URLs "
     "change unless a custom domain hides them). If a REST-only feature is planned, suppress the finding "
     "with the reason.",
     aw_cost002_check, "https://aws.amazon.com/api-gateway/pricing/"},
    {"AW-COST-003", AW_CAT_COST, AW_SEV_WARNING, "Lambda authorizer without result caching",
     "With resultTtl 0, API Gateway caches no authorizer decision and invokes the authorizer function on "
     "every request: one more Lambda invocation per request (twice the invocations when the integration is a "
     "Lambda function too), billed, drawing on the same concurrency pool, and adding its duration, cold "
     "starts included, to every request's latency. Unset, Archway takes 300 s and writes it into the "
     "deployment (AWS documents that default for REST authorizers; an HTTP API's is not documented). "
     "WebSocket APIs are not checked: their authorizer runs once per connection. A TTL of 0 is the right "
     "choice when the decision depends on the route, which is why this is a cost finding.\n\n"
     "Fix: set resultTtl to a few minutes (at most the lifetime of a token you may need to revoke), with "
     "identity sources that identify the caller (a REST request authorizer needs them as the cache key "
     "once caching is on), so the cached decision is reused for that caller only. The decision is reused "
     "for the caller's other routes too: a REST authorizer's cached policy must allow every method and path "
     "the caller may use (wildcards in the resource ARN), or the caller's next request to another route is "
     "refused with 403; if decisions depend on the route, keep the TTL at 0 and suppress the finding.",
     aw_cost003_check, APIGW "apigateway-use-lambda-authorizer.html"},
    {"AW-FN-001", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Lambda environment or inline code over AWS's limits",
     "Lambda refuses a function whose environment variables take more than 4 KB in all, measured as the JSON "
     "object of names and values it stores ({\"NAME\":\"value\",...}), and CloudFormation refuses inline code "
     "(ZipFile) over 4 MB: the stack fails to create or update the function, and rolls back.\n\n"
     "Fix: keep configuration that does not fit in Systems Manager Parameter Store or AppConfig and read it "
     "when the function starts (its environment then names the parameter); give larger code as 'codeUri' or "
     "as a package in S3.",
     aw_fn001_check, LAMBDA_DG "gettingstarted-limits.html"},
    {"AW-FN-002", SEC, AW_SEV_WARNING, "Secret in a Lambda environment variable",
     "An environment variable of the function holds what looks like a credential: a value AW-SEC-013 would "
     "recognise (an AWS access key id, a bearer token, a private key, a password= assignment, a long "
     "random-looking string), or a literal value under a name that says it is one (ending in PASSWORD, "
     "SECRET, TOKEN, API_KEY, PRIVATE_KEY). Environment variables are written into the template and the "
     "diagram, and anyone allowed lambda:GetFunctionConfiguration reads them in clear text; they are not "
     "rotated. References never count: a CloudFormation dynamic reference ({{resolve:...}}), an ARN, or a "
     "parameter path such as /prod/db/password.\n\n"
     "Fix: keep the secret in AWS Secrets Manager or Systems Manager Parameter Store (SecureString), put its "
     "ARN or name in the variable, give the function's role secretsmanager:GetSecretValue or "
     "ssm:GetParameter on it (policyStatements), and read it when the function starts (the Parameters and "
     "Secrets Lambda extension caches it). The finding shows only the first four characters of the value.",
     aw_fn002_check, LAMBDA_DG "configuration-envvars.html"},
    {"AW-FN-003", AW_CAT_COMPATIBILITY, AW_SEV_ERROR, "Lambda function name too long or used twice",
     "A function's name (functionName) is at most 64 characters, and unique among the functions of an account "
     "and region: two functions of the diagram with one name cannot both be created, and a name over 64 "
     "characters is refused. A named function also cannot be replaced by CloudFormation while it keeps its "
     "name, and the template can then be deployed only once per account and region.\n\n"
     "Fix: shorten or change the name; leave functionName unset where nothing outside the stack needs a fixed "
     "name, and CloudFormation names the function after the stack.",
     aw_fn003_check, "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"},
    {"AW-FN-004", AW_CAT_COMPATIBILITY, AW_SEV_NOTE, "Function in a VPC calls an AWS service",
     "A function attached to a VPC sends all its traffic into that VPC, and has no internet access unless the "
     "VPC gives it one: calls to AWS services (DynamoDB, S3, SQS, SNS, Kinesis, EventBridge, Step Functions) and "
     "to the diagram's APIs go to public endpoints, which the function reaches only through a VPC endpoint of "
     "the service or a NAT gateway in a route of its subnets. The diagram does not say whether the VPC has "
     "either, so this is a note: without them, those calls time out.\n\n"
     "Fix: add a gateway endpoint (S3, DynamoDB) or an interface endpoint (the other services) to the VPC, or "
     "route the function's private subnets through a NAT gateway; or leave the function out of the VPC if it "
     "reaches nothing inside it. Suppress the finding with the endpoint named in the reason.",
     aw_fn004_check, LAMBDA_DG "configuration-vpc-internet.html"},
    {"AW-IAM-001", SEC, AW_SEV_WARNING, "Function edge to a data store that gives no access it could use",
     "archway build gives each function's execution role exactly the access its edges to data stores "
     "draw: an edge's access level (read, write or read-write) becomes the engine's IAM actions on that "
     "store only (DynamoDB items and queries on the table and its indexes, S3 objects of the bucket, "
     "SendMessage or ReceiveMessage on the queue, Publish on the topic, PutRecord or GetRecords on the "
     "stream, PutEvents on the bus, StartExecution on the state machine), or the edge names its IAM actions "
     "itself. An edge with neither, or with a level the engine has no action for (reading an SNS topic or an "
     "EventBridge bus; any level on an RDS or Aurora database, which a function reaches over the network "
     "with the database's own credentials), grants nothing, so the call the diagram draws fails with "
     "AccessDenied.\n\n"
     "Fix: give the edge the access the function needs (\"access\": \"read\"), list the exact IAM actions in "
     "'actions', or remove the level from a database edge.",
     aw_iam001_check, LAMBDA_DG "lambda-intro-execution-role.html"},
    {"AW-IAM-002", SEC, AW_SEV_WARNING, "Account id written into an integration where a reference would do",
     "An integration's URL, role, path, mapping template or parameters that spell out the ARN of a queue, "
     "table, topic, bucket, state machine or function the diagram itself draws carry the account it was "
     "written for: deployed to another account (a staging account, a customer's), the API calls a resource "
     "that is not there, or worse, one of the first account's, and the role archway build creates allows "
     "the diagram's resource, not the one the text names. A reference, ${ref:ID.arn} (or .name, .url), is "
     "built by the template from the stack's own partition, region and account.\n\n"
     "Fix: replace the ARN with ${ref:ID.arn}, naming the element the diagram draws.",
     aw_iam002_check, CFN_UG "pseudo-parameter-reference.html"},
    {"AW-OBS-001", AW_CAT_OBSERVABILITY, AW_SEV_WARNING, "Production stage without access logging",
     "Access logs are the only record of each request API Gateway served: who called, which route, what "
     "status and how long it took. Without them, an incident in production (a spike of 5xx, a client "
     "reporting 403s, a suspected abuse) cannot be investigated after the fact. A stage counts as production "
     "when its name is prod, production or live, or a tag env, environment or stage says prod or production "
     "(in any case); the finding says which of these made the stage count. A stage that is not production "
     "but is named or tagged so can be renamed or retagged, or the finding suppressed with the reason.\n\n"
     "Fix: set \"accessLog\" with a CloudWatch log group and a format that records at least the request id, "
     "the route, the status and the integration status and latency (see AW-OBS-002).",
     aw_obs001_check, APIGW "set-up-logging.html"},
    {"AW-OBS-002", AW_CAT_OBSERVABILITY, AW_SEV_WARNING, "Access log format lacks the request id or the integration status",
     "A log line without $context.requestId (or $context.extendedRequestId) cannot be matched with the "
     "execution logs, the X-Ray trace or the request id a client reports. A log line without the integration "
     "status ($context.integration.status, or $context.integrationStatus) cannot tell a failure of the back "
     "end from one of API Gateway itself (a throttle, an authorizer, a timeout), which is the first question "
     "of every incident. Every stage that writes an access log is checked.\n\n"
     "Fix: add both variables to the format, for example "
     "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\","
     "\"integrationStatus\":\"$context.integration.status\"}.",
     aw_obs002_check, APIGW "set-up-logging.html"},
    {"AW-OBS-003", AW_CAT_OBSERVABILITY, AW_SEV_NOTE, "Production REST stage without X-Ray tracing",
     "X-Ray traces show where a request's time went across API Gateway, the authorizer, the integration and "
     "the services behind it, which access logs and metrics cannot. Only REST APIs can trace; HTTP and "
     "WebSocket stages are not checked. Tracing is billed per trace recorded beyond the free tier, and the "
     "sampling rule keeps the volume down.\n\n"
     "Fix: set \"tracing\": true on the stage (and enable active tracing in the Lambda functions behind it).",
     aw_obs003_check, APIGW "apigateway-xray.html"},
    {"AW-OBS-004", AW_CAT_OBSERVABILITY, AW_SEV_NOTE, "Production stage without detailed metrics",
     "Without detailed metrics, CloudWatch reports a stage's requests, errors and latency as totals for the "
     "whole API: a single failing or slow route hides among the healthy ones, and alarms cannot target it. "
     "Detailed metrics break them down per route (per method and resource in REST APIs). They are billed as "
     "custom CloudWatch metrics, a few per route.\n\n"
     "Fix: set \"detailedMetrics\": true on the stage.",
     aw_obs004_check, APIGW "api-gateway-metrics-and-dimensions.html"},
    {"AW-OBS-005", AW_CAT_OBSERVABILITY, AW_SEV_WARNING, "Production stage without execution logging",
     "A REST or WebSocket stage writes execution logs to CloudWatch only when its logLevel is ERROR or INFO; "
     "it is off by default. Without them, an authorizer that fails, a mapping template that breaks or an "
     "integration that API Gateway cannot reach leaves nothing behind but a status code. AWS Security Hub "
     "(APIGateway.1) and Control Tower require execution logging on REST and WebSocket stages; HTTP APIs "
     "have access logs only (AW-OBS-001). Like the other observability rules, this one judges production "
     "stages (named prod, production or live, or tagged env=prod); turn it on for every stage in archway.json "
     "if your standard covers them all.\n\n"
     "Fix: set \"logLevel\": \"error\" on the stage (or \"info\" while investigating; INFO logs can hold "
     "request data, so keep it off for sensitive payloads).",
     aw_obs005_check, "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html"},
    {"AW-SEC-001", SEC, AW_SEV_WARNING, "Route of a public API without any authorization",
     "A route of an API reachable from the internet (a regional or edge-optimized endpoint) has no authorizer "
     "of its own, its API has no default authorizer, and it requires no API key. Anyone who finds the URL can "
     "call it, and API Gateway forwards every such request to the integration.\n\n"
     "Fix: give the route an authorizer (or the API a defaultAuthorizer). If the route is public on purpose, "
     "say so: set \"authorizer\": \"none\" with a \"noneReason\" that a reviewer can judge. OPTIONS routes are "
     "not checked, because browsers send CORS preflights without credentials. WebSocket routes are checked "
     "by AW-SEC-002.",
     aw_sec001_check, APIGW "apigateway-control-access-to-api.html"},
    {"AW-SEC-002", SEC, AW_SEV_WARNING, "WebSocket $connect route without an authorizer",
     "A WebSocket API can authorize only when a connection opens: the $connect route is the one place an "
     "authorizer runs. Without one, any client may connect and then send messages to every route of the API "
     "for as long as the connection lasts. A WebSocket API with no $connect route at all is reported too: "
     "the route is optional, and without it there is nowhere to authorize, so every connection is "
     "accepted.\n\n"
     "Fix: put a Lambda (request) or IAM authorizer on the $connect route, adding the route if the API has "
     "none. If anonymous connections are intended, give $connect \"authorizer\": \"none\" with a \"noneReason\".",
     aw_sec002_check, APIGW "apigateway-websocket-api-route-keys-connect-disconnect.html"},
    {"AW-SEC-003", SEC, AW_SEV_WARNING, "API key used as the only protection",
     "The route requires an API key but has no authorizer. API keys identify a caller for usage plans "
     "(throttling and quotas); they are not credentials: they travel in a header, are shared with every "
     "client of a partner, are often logged, and cannot be scoped or expire on their own. AWS advises "
     "against relying on them for access control, and a key valid for one API of a usage plan is valid for "
     "every API of that plan. WebSocket routes are not judged here: only $connect can carry an authorizer, "
     "and AW-SEC-002 reports a $connect without one.\n\n"
     "Fix: add an authorizer (IAM, Cognito, JWT or Lambda) and keep the key for metering. If the route is "
     "public on purpose and the key only meters it, set \"authorizer\": \"none\" with a \"noneReason\".",
     aw_sec003_check, APIGW "api-gateway-api-usage-plans.html"},
    {"AW-SEC-004", SEC, AW_SEV_ERROR, "JWT authorizer without audiences",
     "A JWT authorizer checks that a token was signed by its issuer and that its aud (or client_id) claim "
     "matches one of the authorizer's audiences. API Gateway has no accept-any-audience mode: CloudFormation "
     "requires the audience of an HTTP API's JWT authorizer, a REST API's JWT authorizer needs one or more "
     "audiences per issuer, and an authorizer without any either cannot be created or answers every request "
     "401 (\"the token does not have a valid audience\"). The authorizer cannot work as drawn.\n\n"
     "Fix: list the app client ids or API identifiers this API accepts in \"audiences\" (in each entry of "
     "\"issuers\", for an authorizer that trusts several).",
     aw_sec004_check, APIGW "http-api-jwt-authorizer.html"},
    {"AW-SEC-005", SEC, AW_SEV_ERROR, "JWT issuer is not an https:// URL",
     "API Gateway fetches the issuer's signing keys through its OpenID discovery document, and a token "
     "validates only when its \"iss\" claim equals the issuer. OpenID Connect issuers are https:// URLs by "
     "specification, and AWS requires an absolute https URL with a host and no user information, query or "
     "fragment for a REST API's JWT issuer, so an issuer "
     "written otherwise either does not deploy or matches no token a real identity provider issues: the "
     "authorizer authorizes nothing.\n\n"
     "Fix: use the https:// issuer URL your identity provider documents (for Cognito, "
     "https://cognito-idp.REGION.amazonaws.com/POOL_ID).",
     aw_sec005_check, APIGW "http-api-jwt-authorizer.html"},
    {"AW-SEC-006", SEC, AW_SEV_WARNING, "Resource policy allows everyone without a condition",
     "A resource policy statement allows principal \"*\" and limits it by nothing: no source IP ranges, "
     "VPCs, VPC endpoints or accounts. For a public API the statement adds no protection; for a private API "
     "it lets any VPC endpoint, in any AWS account, invoke the API. A policy that pairs the open allow with a "
     "deny of every address outside some ranges (\"notSourceIps\": \"allow everyone, deny whoever is not in "
     "these ranges\", the usual allow-list) is not reported; a deny of some addresses (\"sourceIps\", a "
     "block-list) leaves everyone else allowed and does not count.\n\n"
     "Fix: add the condition the statement is meant to express (\"sourceIps\", \"sourceVpcs\", "
     "\"sourceVpces\" or \"sourceAccounts\"), or name the principals that may call.",
     aw_sec006_check, APIGW "apigateway-resource-policies.html"},
    {"AW-SEC-007", SEC, AW_SEV_WARNING, "Resource policy allows every source IP address",
     "A resource policy statement allows source IP 0.0.0.0/0 or ::/0, which is every IPv4 or IPv6 address. "
     "It looks like an IP restriction in review but restricts nothing.\n\n"
     "Fix: list the address ranges that should reach the API, or remove the condition and say plainly that "
     "the statement is open.",
     aw_sec007_check, APIGW "apigateway-resource-policies.html"},
    {"AW-SEC-008", SEC, AW_SEV_ERROR, "Private API without a resource policy",
     "A private API is reachable only through interface VPC endpoints, and its resource policy says which "
     "endpoints, VPCs or accounts may call it. API Gateway refuses to deploy a private API that has no "
     "resource policy.\n\n"
     "Fix: add a \"resourcePolicy\" that allows execute-api:Invoke from your VPC endpoints "
     "(\"sourceVpces\") or VPCs (\"sourceVpcs\").",
     aw_sec008_check, APIGW "apigateway-resource-policies-create-attach.html"},
    {"AW-SEC-009", SEC, AW_SEV_WARNING, "Integration over plain HTTP",
     "The integration calls its backend at an http:// URL, so requests, including the caller's headers and "
     "any tokens forwarded to the backend, travel unencrypted and unauthenticated. For private integrations "
     "the traffic stays inside the VPC but is still readable by anything on the path. A private integration "
     "is plain HTTP also when it has no url (API Gateway uses HTTPS through a VPC link only when the URI "
     "names a secure server name) or when it names a load balancer listener of protocol HTTP; a TCP listener "
     "may pass TLS through to the targets and is not reported.\n\n"
     "Fix: serve the backend over https:// (for private integrations, an https:// url with a server name "
     "the certificate covers, and an HTTPS or TLS listener on the load balancer). If plain HTTP is a known, accepted step of a migration, suppress the finding on the "
     "integration with the reason.",
     aw_sec009_check, APIGW "set-up-private-integration.html"},
    {"AW-SEC-010", SEC, AW_SEV_WARNING, "REST custom domain may accept TLS 1.0",
     "The custom domain's security policy allows TLS 1.0 (and 1.1), protocol versions with known weaknesses "
     "that current compliance standards forbid. Only REST APIs choose a policy: HTTP and WebSocket APIs have "
     "TLS 1.2 only, so \"1.0\" there is a setting API Gateway refuses (AW-COMPAT-001 and AW-COMPAT-003). A "
     "custom domain of an edge-optimized or regional REST API that sets no minTls is reported too, whatever "
     "its endpoint type: nothing in the diagram then keeps TLS 1.0 off it (the default execute-api "
     "endpoints of both types negotiate TLS 1.0), and AWS Config and Control Tower controls fail such a "
     "domain. Private REST APIs use TLS 1.2 by default.\n\n"
     "Fix: set \"minTls\": \"1.2\" on the custom domain (AWS also offers enhanced policies, TLS 1.3 only or "
     "FIPS among them, which the format does not spell yet). Clients that cannot speak TLS 1.2 are rare and "
     "should be upgraded rather than accommodated.",
     aw_sec010_check, APIGW "apigateway-custom-domain-tls-version.html"},
    {"AW-SEC-011", SEC, AW_SEV_WARNING, "Default endpoint enabled next to a custom domain",
     "The API has a custom domain, but its default execute-api endpoint stays enabled. Callers can bypass "
     "the domain and everything attached to it (its TLS policy, base path mappings, mutual TLS, and any "
     "firewall rules that key on the host name); the default endpoint of an edge-optimized or regional REST "
     "API also negotiates TLS 1.0, whatever policy the domain has.\n\n"
     "Fix: set \"disableDefaultEndpoint\": true once every client uses the custom domain.",
     aw_sec011_check, APIGW "rest-api-disable-default-endpoint.html"},
    {"AW-SEC-012", SEC, AW_SEV_WARNING, "CORS allows credentials from any origin",
     "The API's CORS configuration allows any origin (\"*\", or a pattern such as \"https://*\" whose host "
     "is any host) together with credentials. Browsers refuse a "
     "credentialed response whose Access-Control-Allow-Origin is \"*\", so the configuration does not work "
     "as written; the usual workaround, echoing back whatever Origin the request carries, lets every web "
     "site make authenticated calls with a visitor's cookies.\n\n"
     "Fix: list the exact origins of your web applications in \"allowOrigins\", or turn "
     "\"allowCredentials\" off if no cookies or client certificates are needed.",
     aw_sec012_check, APIGW "http-api-cors.html"},
    {"AW-SEC-013", SEC, AW_SEV_ERROR, "Secret in configuration",
     "A stage variable, canary variable, integration header, mock body or URL holds what looks like a "
     "credential: an AWS access key id (AKIA or ASIA and 16 characters), a bearer token, a PEM private key, "
     "a password=, secret= or token= assignment, a password in a URL, or a long random-looking string "
     "(32 characters or more mixing upper case, lower case and digits, at least 4 bits of entropy per "
     "character, and not words run together like OrdersHandlerProdV2). ARNs, CloudFormation dynamic "
     "references ({{resolve:...}}) and placeholders (${stageVariables.x}) say where a secret is kept, as "
     "the fix below advises, and never count. Diagrams are committed, reviewed and shared, and these values "
     "end up in deployment templates and API Gateway's console, readable by anyone with read access to the "
     "API.\n\n"
     "Fix: rotate the credential now, then keep it in AWS Secrets Manager or Systems Manager Parameter "
     "Store and have the integration (or an authorizer) fetch it; for AWS services use an IAM role instead "
     "of keys. The finding shows only the first four characters of the value.",
     aw_sec013_check, "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"},
    {"AW-SEC-014", SEC, AW_SEV_WARNING, "CORS preflight refused by an authorizer",
     "Before a cross-origin call with an Authorization header, a JSON body or any other non-simple part, a "
     "browser sends a preflight: an OPTIONS request to the same path, without credentials. The API allows "
     "cross-origin calls (it has a CORS configuration), but the route that takes the preflight requires "
     "authorization: an authorizer of its own or the API's default (IAM included), or an API key. API "
     "Gateway then answers the preflight 401 or 403, and the browser blocks the real call, so the web "
     "application fails although every other client works. The routes that take preflights are OPTIONS "
     "routes, ANY routes (ANY /{proxy+} takes those of every path below it), and an HTTP API's $default "
     "route, which takes every request no other route matches; an ANY route is covered by an OPTIONS route "
     "of the same path that anyone may call. REST APIs get an open OPTIONS method per path from Archway "
     "except where an ANY route takes it.\n\n"
     "Fix: add an OPTIONS route for the path (OPTIONS /{proxy+} for a catch-all) with \"authorizer\": "
     "\"none\" and a noneReason, or give the routes explicit methods (GET, POST, ...) so that API Gateway "
     "answers the preflights itself.",
     aw_sec014_check, APIGW "how-to-cors.html"},
    {"AW-SEC-015", SEC, AW_SEV_WARNING, "REST stage cache not encrypted",
     "The stage caches integration responses, which often hold personal or business data, and the cache is "
     "not encrypted at rest. Anything that reads the cache's storage reads the responses, and compliance "
     "regimes that require encryption at rest (PCI DSS, HIPAA, most internal standards) count the cache as "
     "a data store.\n\n"
     "Fix: set \"encrypted\": true in the stage's cache. It costs nothing extra.",
     aw_sec015_check, APIGW "api-gateway-caching.html"},
    {"AW-SEC-016", SEC, AW_SEV_WARNING, "Internet-facing load balancer behind a private integration",
     "A private integration reaches its load balancer through a VPC link, so that the back end need not be "
     "exposed. The load balancer is internet-facing, so it has a public address too: callers who find it "
     "reach the back end directly, past the API's authorizers, API keys, throttles, resource policy, WAF and "
     "access logs.\n\n"
     "Fix: make the load balancer internal (\"scheme\": \"internal\"), or, if it must stay public for "
     "other clients, restrict its security group to the VPC link's and require something only API "
     "Gateway sends.",
     aw_sec016_check, APIGW "set-up-private-integration.html"},
    {"AW-SEC-017", SEC, AW_SEV_WARNING, "Public REST API without AWS WAF",
     "An edge-optimized or regional REST API is reachable from the whole internet, and nothing filters what "
     "reaches its production stage before authorizers and throttles: no AWS WAF web ACL (wafWebAcl) blocks "
     "injection patterns, known bad addresses or floods by rate. AWS Security Hub (APIGateway.4) and the "
     "Well-Architected serverless lens expect one. Only REST APIs can attach a web ACL; HTTP and WebSocket "
     "APIs cannot (put CloudFront with WAF in front of them instead), so they are not reported, nor are "
     "private APIs.\n\n"
     "Fix: associate a web ACL with the stage (\"wafWebAcl\" on the API, an AWS managed rule group and a "
     "rate-based rule to begin with).",
     aw_sec017_check, APIGW "apigateway-control-access-aws-waf.html"},
    {"AW-SEC-018", SEC, AW_SEV_WARNING, "JWT or Cognito route without scopes",
     "The route is guarded by a JWT or Cognito user pool authorizer but requires no authorization scopes. "
     "The authorizer then accepts any valid token of the issuer (for the authorizer's audiences), and AWS "
     "notes that there is no standard way to tell an access token from an ID token: an ID token, meant only "
     "to tell a client who the user is, opens the API too. With scopes, API Gateway requires an access token "
     "that carries one of them (a Cognito authorizer then refuses ID tokens).\n\n"
     "Fix: give the route the \"scopes\" its callers are granted (for example orders/read), issued by the "
     "identity provider for access tokens.",
     aw_sec018_check, APIGW "http-api-jwt-authorizer.html"},
    {"AW-SEC-019", SEC, AW_SEV_WARNING, "Credential in the query string",
     "The authorizer reads the caller's credential from a query string parameter. URLs are written into "
     "access logs, proxy and load balancer logs, browser histories and Referer headers, so the token is "
     "copied to places that were never meant to hold secrets, where anyone who reads them may replay it. "
     "WebSocket APIs are not reported: browsers cannot set headers on the WebSocket handshake, so a "
     "short-lived token in the $connect query string is the usual choice there.\n\n"
     "Fix: read the credential from a header (method.request.header.Authorization for REST, "
     "$request.header.Authorization for HTTP APIs).",
     aw_sec019_check, APIGW "apigateway-use-lambda-authorizer.html"},
    {"AW-THR-001", AW_CAT_THROTTLING, AW_SEV_WARNING, "Stage without a throttle",
     "The stage sets no default throttle (and not every route of its API has one of its own there), so its "
     "routes are limited only by the account's regional throttle: 10,000 requests/s with a burst of 5,000 in "
     "most regions, shared by every REST, HTTP and WebSocket API of the account in that region. One client "
     "in a loop, or one traffic spike, can then pass everything on to the back ends and use up the limit "
     "that every other API depends on, which then answers 429 Too Many Requests.\n\n"
     "Fix: give the stage a \"throttle\" sized to what its back ends hold (rate = steady requests per "
     "second, burst = the bucket size, large enough for requests that arrive together; AWS's own account default has "
     "half the rate), and route overrides where one route "
     "needs less.",
     aw_thr001_check, APIGW "api-gateway-request-throttling.html"},
    {"AW-THR-002", AW_CAT_THROTTLING, AW_SEV_WARNING, "Throttle burst too small for its rate",
     "A throttle is a token bucket: it refills at rate tokens per second and holds at most burst tokens, the "
     "requests that may arrive at the same instant. A burst of 0 refuses every request. A burst below half "
     "the rate holds less than half a second of traffic, the ratio AWS itself uses for the account (10,000 "
     "requests/s, burst 5,000), so requests that arrive close together, as real traffic does, get 429 Too "
     "Many Requests although the average stays under the rate. A burst need not reach the rate: that is not "
     "AWS guidance, and half a second of traffic is far more than ordinary arrival jitter. Checked on stage throttles, route throttles, a stage's per-route "
     "overrides and usage plan throttles. A burst at the account's own burst (5,000 unless the diagram's "
     "accountThrottle says otherwise) is as high as any can be and is never reported, whatever the rate: "
     "AWS's default of 10,000 requests/s with a burst of 5,000 is such a throttle.\n\n"
     "Fix: set the burst to at least half the rate (or at the account's burst), or lower the rate to at "
     "most twice the burst.",
     aw_thr002_check, APIGW "api-gateway-request-throttling.html"},
    {"AW-THR-003", AW_CAT_THROTTLING, AW_SEV_WARNING, "Stage or route limit above the account quota",
     "API Gateway checks a request against the usage plan's limit, then the stage's and route's, then the "
     "account's regional throttle: 10,000 requests/s with a burst of 5,000 by default, shared by all APIs of "
     "the account in the region; Cape Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain, Zurich, Tel "
     "Aviv, Calgary, Malaysia, Thailand and Mexico (Central) start at 2,500 requests/s with a burst of "
     "1,250, and the lowest default among the diagram's regions is the one used. A stage throttle, route "
     "throttle, per-route override or usage plan throttle above that promises capacity the account does "
     "not have: the excess gets 429 Too Many Requests, and any capacity planning built on the figure is "
     "wrong. The rate is adjustable (the burst follows it, set by AWS): when the account's quota was raised, "
     "the diagram's accountThrottle gives it and this rule and the capacity rules judge by it.\n\n"
     "Fix: lower the limit to what the account allows, or ask AWS for a higher account limit (a Service "
     "Quotas request) and write the raised value in the diagram's \"accountThrottle\".",
     aw_thr003_check, APIGW "limits.html"},
    {"AW-THR-004", AW_CAT_THROTTLING, AW_SEV_NOTE, "Per-route throttle above its stage's default",
     "A per-route throttle (a stage's \"routeThrottles\" entry, or a route's own \"throttle\") lets more "
     "through than the default throttle of the stage it is deployed on (or a usage plan's \"routeThrottles\" "
     "entry more than the plan's per-key throttle). The stage default is usually sized "
     "to what the back ends hold, and overrides are there to hold an expensive or fragile route below it; "
     "an override above it lifts that one route past the stage's sizing. AWS documents overrides in either "
     "direction, and giving a cheap or cached route more headroom is a normal use, so this is a note: worth "
     "a look because the value is sometimes swapped or copied from another stage, and because the capacity "
     "rules (AW-CAP-001..004) then judge the route's back end at the higher rate.\n\n"
     "Fix: lower the override to at most the stage default; if the route really needs more, raise the "
     "stage default after checking what the back ends hold, and suppress the finding with the reason.",
     aw_thr004_check, APIGW "api-gateway-request-throttling.html"},
    {"AW-THR-005", AW_CAT_THROTTLING, AW_SEV_WARNING, "Usage plan throttle above a stage it covers",
     "A usage plan's throttle applies to each API key, inside the stage's throttle, which all keys share. "
     "A per-key limit above the stage's means the promise of the plan cannot be kept: one client alone can "
     "use up the whole stage and make every other client, in every plan, receive 429 Too Many Requests.\n\n"
     "Fix: keep each plan's per-key throttle below the stage throttle (well below when several keys share "
     "the stage), or raise the stage throttle if the back ends hold it.",
     aw_thr005_check, APIGW "api-gateway-request-throttling.html"},
    {"AW-THR-006", AW_CAT_THROTTLING, AW_SEV_NOTE, "Usage plan without a quota",
     "The usage plan limits how fast each key may call but not how much: without a quota, a key may keep "
     "calling at its throttle all month. A leaked key, or a partner's runaway job, then costs requests and "
     "back-end work with nothing to stop it, and the plan gives no tier a ceiling to bill or negotiate "
     "against. Keys over a quota get 429 with \"Limit Exceeded\" until the period resets. A quota is an "
     "optional business control (internal consumers and unlimited tiers often have none), so this is a "
     "note.\n\n"
     "Fix: add a \"quota\" with a limit per day, week or month that covers the tier's expected use with "
     "some headroom, or turn the rule off for plans that are unlimited on purpose.",
     aw_thr006_check, APIGW "api-gateway-api-usage-plans.html"},
    {"AW-THR-007", AW_CAT_THROTTLING, AW_SEV_WARNING, "API key required on a stage no usage plan covers",
     "The route requires an API key, and API Gateway accepts a key only on the stages of the usage plans "
     "the key belongs to. On a stage that no usage plan covers there is no key it accepts, so every call "
     "to the route there is refused with 403 Forbidden. A plan that lists API keys, all of them disabled, "
     "accepts none and does not count.\n\n"
     "Fix: add the stage to a usage plan with the callers' keys, or stop requiring a key on the route. If "
     "usage plans are managed outside the diagram, suppress the finding on the route with the reason.",
     aw_thr007_check, APIGW "api-gateway-api-usage-plans.html"},
    {"AW-THR-008", AW_CAT_THROTTLING, AW_SEV_WARNING, "WebSocket new connections above the account's quota",
     "API Gateway accepts at most 500 new WebSocket connections per second per account and region, across "
     "all its WebSocket APIs (a quota AWS raises on request). The $connect routes' throttles (per route, the "
     "busiest stage, its override and the route's own throttle, else the account throttle) let more than "
     "that through together, so a reconnect storm after a deployment or an outage is refused above the "
     "quota, whatever the throttles promise.\n\n"
     "Fix: throttle the $connect routes (a stage's routeThrottles entry) to what the quota allows, make "
     "clients reconnect with jittered backoff, or ask AWS for a higher quota and suppress the finding with "
     "the raised value as the reason.",
     aw_thr008_check, APIGW "apigateway-execution-service-websocket-limits-table.html"},
    {"AW-THR-009", AW_CAT_THROTTLING, AW_SEV_WARNING, "Client sends an API key that cannot be accepted",
     "A client calls routes that require an API key with a key API Gateway cannot accept: the key is "
     "disabled, or no usage plan that covers the client's stage lists it (a plan that lists no keys at all is "
     "taken to have its keys managed outside the diagram). Every such call is refused with 403 Forbidden.\n\n"
     "Fix: enable the key, add it to a usage plan covering the stage, or give the client a key that is; if "
     "the key was retired on purpose, remove it from the client.",
     aw_thr009_check, APIGW "api-gateway-api-usage-plans.html"},
};

const size_t aw_rule_count = sizeof aw_rules / sizeof *aw_rules;
