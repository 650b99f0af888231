/* The rule catalogue: every lint rule, in id order, with its category,
 * default severity, title and explanation. `archway rules` and docs/rules.md
 * are printed from this table; the checks live in one file per family. */
#include "rules.h"

#define SEC AW_CAT_SECURITY

const aw_rule aw_rules[] = {
    {"AW-SEC-001", SEC, AW_SEV_WARNING, "Route of a public API without any authorization",
     "A route of an API reachable from the internet (a regional or edge-optimized endpoint) has no authorizer "
     "of its own, its API has no default authorizer, and it requires no API key. Anyone who finds the URL can "
     "call it, and API Gateway forwards every such request to the integration.\n\n"
     "Fix: give the route an authorizer (or the API a defaultAuthorizer). If the route is public on purpose, "
     "say so: set \"authorizer\": \"none\" with a \"noneReason\" that a reviewer can judge. OPTIONS routes are "
     "not checked, because browsers send CORS preflights without credentials. WebSocket routes are checked "
     "by AW-SEC-002.",
     aw_sec001_check},
    {"AW-SEC-002", SEC, AW_SEV_WARNING, "WebSocket $connect route without an authorizer",
     "A WebSocket API can authorize only when a connection opens: the $connect route is the one place an "
     "authorizer runs. Without one, any client may connect and then send messages to every route of the API "
     "for as long as the connection lasts.\n\n"
     "Fix: put a Lambda or IAM authorizer on the $connect route. If anonymous connections are intended, set "
     "\"authorizer\": \"none\" with a \"noneReason\".",
     aw_sec002_check},
    {"AW-SEC-003", SEC, AW_SEV_WARNING, "API key used as the only protection",
     "The route requires an API key but has no authorizer. API keys identify a caller for usage plans "
     "(throttling and quotas); they are not credentials: they travel in a header, are shared with every "
     "client of a partner, are often logged, and cannot be scoped or expire on their own. AWS advises "
     "against relying on them for access control.\n\n"
     "Fix: add an authorizer (IAM, Cognito, JWT or Lambda) and keep the key for metering. If the route is "
     "public on purpose and the key only meters it, set \"authorizer\": \"none\" with a \"noneReason\".",
     aw_sec003_check},
    {"AW-SEC-004", SEC, AW_SEV_WARNING, "JWT authorizer without audiences",
     "A JWT authorizer checks that a token was signed by its issuer; the audience list is what ties the token "
     "to this API. With no audiences, a token the same identity provider issued for any other application "
     "(another app client, another team's service) is accepted here.\n\n"
     "Fix: list the app client ids or API identifiers this API accepts in \"audiences\".",
     aw_sec004_check},
    {"AW-SEC-005", SEC, AW_SEV_WARNING, "JWT issuer is not an https:// URL",
     "API Gateway fetches the issuer's signing keys through its OpenID discovery document. An issuer that is "
     "not an https:// URL cannot be fetched safely: the keys could be replaced in transit, and identity "
     "providers publish their issuers over HTTPS, so the tokens' \"iss\" claim will not match either.\n\n"
     "Fix: use the https:// issuer URL your identity provider documents (for Cognito, "
     "https://cognito-idp.REGION.amazonaws.com/POOL_ID).",
     aw_sec005_check},
    {"AW-SEC-006", SEC, AW_SEV_WARNING, "Resource policy allows everyone without a condition",
     "A resource policy statement allows principal \"*\" and limits it by nothing: no source IP ranges, "
     "VPCs, VPC endpoints or accounts. For a public API the statement adds no protection; for a private API "
     "it lets any VPC endpoint, in any AWS account, invoke the API. A policy that pairs the open allow with a "
     "conditional deny (\"allow everyone, deny whoever is not in these ranges\", the usual allow-list) is "
     "not reported.\n\n"
     "Fix: add the condition the statement is meant to express (\"sourceIps\", \"sourceVpcs\", "
     "\"sourceVpces\" or \"sourceAccounts\"), or name the principals that may call.",
     aw_sec006_check},
    {"AW-SEC-007", SEC, AW_SEV_WARNING, "Resource policy allows every source IP address",
     "A resource policy statement allows source IP 0.0.0.0/0 or ::/0, which is every IPv4 or IPv6 address. "
     "It looks like an IP restriction in review but restricts nothing.\n\n"
     "Fix: list the address ranges that should reach the API, or remove the condition and say plainly that "
     "the statement is open.",
     aw_sec007_check},
    {"AW-SEC-008", SEC, AW_SEV_ERROR, "Private API without a resource policy",
     "A private API is reachable only through interface VPC endpoints, and its resource policy says which "
     "endpoints, VPCs or accounts may call it. API Gateway refuses to deploy a private API that has no "
     "resource policy.\n\n"
     "Fix: add a \"resourcePolicy\" that allows execute-api:Invoke from your VPC endpoints "
     "(\"sourceVpces\") or VPCs (\"sourceVpcs\").",
     aw_sec008_check},
    {"AW-SEC-009", SEC, AW_SEV_WARNING, "Integration over plain HTTP",
     "The integration calls its backend at an http:// URL, so requests, including the caller's headers and "
     "any tokens forwarded to the backend, travel unencrypted and unauthenticated. For private integrations "
     "the traffic stays inside the VPC but is still readable by anything on the path.\n\n"
     "Fix: serve the backend over https:// (for private integrations, a TLS listener on the load "
     "balancer). If plain HTTP is a known, accepted step of a migration, suppress the finding on the "
     "integration with the reason.",
     aw_sec009_check},
    {"AW-SEC-010", SEC, AW_SEV_WARNING, "Custom domain accepts TLS 1.0",
     "The custom domain's security policy allows TLS 1.0 (and 1.1), protocol versions with known weaknesses "
     "that current compliance standards forbid. A REST API's edge-optimized custom domain with no minTls is "
     "reported too: TLS_1_0 is the policy edge-optimized endpoints get when none is chosen, so leaving it "
     "unset silently keeps TLS 1.0.\n\n"
     "Fix: set \"minTls\": \"1.2\" on the custom domain. Clients that cannot speak TLS 1.2 are rare and "
     "should be upgraded rather than accommodated.",
     aw_sec010_check},
    {"AW-SEC-011", SEC, AW_SEV_WARNING, "Default endpoint enabled next to a custom domain",
     "The API has a custom domain, but its default execute-api endpoint stays enabled. Callers can bypass "
     "the domain and everything attached to it (its TLS policy, base path mappings, mutual TLS, and any "
     "firewall rules that key on the host name).\n\n"
     "Fix: set \"disableDefaultEndpoint\": true once every client uses the custom domain.",
     aw_sec011_check},
    {"AW-SEC-012", SEC, AW_SEV_WARNING, "CORS allows credentials from any origin",
     "The API's CORS configuration allows origin \"*\" together with credentials. Browsers refuse a "
     "credentialed response whose Access-Control-Allow-Origin is \"*\", so the configuration does not work "
     "as written; the usual workaround, echoing back whatever Origin the request carries, lets every web "
     "site make authenticated calls with a visitor's cookies.\n\n"
     "Fix: list the exact origins of your web applications in \"allowOrigins\", or turn "
     "\"allowCredentials\" off if no cookies or client certificates are needed.",
     aw_sec012_check},
    {"AW-SEC-013", SEC, AW_SEV_ERROR, "Secret in configuration",
     "A stage variable, canary variable, integration header, mock body or URL holds what looks like a "
     "credential: an AWS access key id (AKIA or ASIA and 16 characters), a bearer token, a PEM private key, "
     "a password=, secret= or token= assignment, a password in a URL, or a long random-looking string "
     "(32 characters or more mixing upper case, lower case and digits, at least 4 bits of entropy per "
     "character). Diagrams are committed, reviewed and shared, and these values end up in deployment "
     "templates and API Gateway's console, readable by anyone with read access to the API.\n\n"
     "Fix: rotate the credential now, then keep it in AWS Secrets Manager or Systems Manager Parameter "
     "Store and have the integration (or an authorizer) fetch it; for AWS services use an IAM role instead "
     "of keys. The finding shows only the first four characters of the value.",
     aw_sec013_check},
};

const size_t aw_rule_count = sizeof aw_rules / sizeof *aw_rules;
