#!/bin/sh
# Self-test of the validators in tests/validators, so that they cannot pass
# vacuously: every good-* file must pass, and every bad-* file, each broken
# in exactly one way, must give exactly one problem line that contains the
# expected fragment (table below). Every bad-* file needs an expectation,
# and every expectation a file.
# Usage: sh tests/validators/test/run.sh   (from anywhere)
here=$(cd "$(dirname "$0")" && pwd)
validators=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}

# run VALIDATOR OUT FILE...: runs a validator, output to OUT; prints its exit status.
run() {
    script=$1 out=$2
    shift 2
    node "$validators/$script" "$@" >"$out" 2>&1
    echo $?
}

# check_all_expected DIR EXPECTATIONS: every bad file of DIR has an expectation.
check_all_expected() {
    for file in "$here/$1"/bad-*.json; do
        grep -q "^$(basename "$file")|" "$2" || fail "$1/$(basename "$file"): no expectation"
    done
}

# check_good VALIDATOR DIR: the good files pass with no problem line.
check_good() {
    script=$1 dir=$2
    status=$(run "$script" "$tmp/good.out" "$here/$dir"/good-*.json)
    checks=$((checks + 1))
    if [ "$status" != 0 ] || [ "$(wc -l <"$tmp/good.out")" -ne 1 ]; then
        fail "$script on $dir/good-*.json: exit $status"
        cat "$tmp/good.out"
    fi
}

# check_bad VALIDATOR DIR EXPECTATIONS: each bad file gives exactly its one problem.
check_bad() {
    script=$1 dir=$2 expectations=$3
    status=$(run "$script" "$tmp/bad.out" "$here/$dir"/bad-*.json)
    [ "$status" = 1 ] || fail "$script on $dir/bad-*.json: exit $status, expected 1"
    while IFS='|' read -r name fragment; do
        [ -n "$name" ] || continue
        checks=$((checks + 1))
        file="$here/$dir/$name"
        if [ ! -f "$file" ]; then
            fail "$dir/$name: expected file is missing"
            continue
        fi
        grep -F "$file: " "$tmp/bad.out" >"$tmp/lines" || true
        count=$(wc -l <"$tmp/lines")
        if [ "$count" -ne 1 ]; then
            fail "$dir/$name: $count problem lines, expected 1"
            cat "$tmp/lines"
        elif ! grep -qF -- "$fragment" "$tmp/lines"; then
            fail "$dir/$name: expected \"$fragment\", got:"
            cat "$tmp/lines"
        fi
    done <"$expectations"
    check_all_expected "$dir" "$expectations"
    # Alone, a bad file makes the validator exit 1 as well.
    one=$(sed -n '1s/|.*//p' "$expectations")
    status=$(run "$script" "$tmp/one.out" "$here/$dir/$one")
    [ "$status" = 1 ] || fail "$script on $dir/$one alone: exit $status, expected 1"
}

cat >"$tmp/cloudformation.expect" <<'EOF'
bad-top-level-section.json|Output: unknown top-level section (did you mean Outputs?)
bad-unknown-type.json|Resources.Api.Type: unknown resource type AWS::ApiGatewayV2::Apii
bad-unknown-property.json|Resources.Fn.Properties.Runtim: unknown property of AWS::Lambda::Function (did you mean Runtime?)
bad-missing-required.json|Resources.Stage.Properties: missing required property StageName
bad-integer.json|RetentionInDays: expected an Integer
bad-boolean.json|AutoDeploy: expected a Boolean
bad-code-not-local.json|Properties.Code: expected an object (AWS::Lambda::Function.Code), got the string "https://
bad-double.json|DefaultRouteSettings.ThrottlingRateLimit: expected a Double
bad-list-expected.json|Architectures: expected a list, got the string "arm64"
bad-string-expected.json|StageName: expected a String, got a list
bad-map-expected.json|Variables: expected a map (an object), got a list
bad-map-value.json|Variables.backend: expected a String, got an object
bad-nested-property.json|MethodSettings[0].ThrottleBurstLimit: unknown property of AWS::ApiGateway::Stage.MethodSetting
bad-tag-missing-value.json|Tags[0]: missing required property Value
bad-route-settings.json|RouteSettings["GET /orders"].ThrottleBurstLimit: unknown property of AWS::ApiGatewayV2::Stage.RouteSettings
bad-json-not-object.json|Body: expected a JSON object, got a list
bad-json-intrinsic.json|x-amazon-apigateway-integration.uri["Fn::Sub"]: names no resource: MissingFunction
bad-ref.json|LogGroupName.Ref: names no parameter, resource or pseudo parameter: NoSuchName
bad-getatt-attribute.json|Fn (AWS::Lambda::Function) has no attribute ARN
bad-getatt-resource.json|["Fn::GetAtt"]: names no resource: Missing
bad-getatt-parameter.json|Name is a parameter, not a resource
bad-sub-name.json|${Stage} in Fn::Sub names no parameter, resource, attribute or pseudo parameter
bad-sub-attribute.json|Fn (AWS::Lambda::Function) has no attribute FunctionName
bad-sub-list.json|${Zones} is not a string
bad-list-for-string.json|LogGroupName: Fn::Split gives a list where a String is expected
bad-string-for-list.json|Architectures: Ref gives a string where a list is expected
bad-if-condition.json|["Fn::If"][0]: names no condition: IsProd
bad-if-branch.json|["Fn::If"][2]: expected an Integer
bad-condition-function-in-resource.json|Fn::Equals may only be used in Conditions
bad-condition-refers-resource.json|a condition can refer to parameters only, not to resource Logs
bad-unknown-function.json|unknown intrinsic function (did you mean Fn::Sub?)
bad-mixed-intrinsic.json|Fn::Sub must be the only key of its object
bad-depends-on.json|DependsOn[0]: names no resource: Missing
bad-resource-attribute.json|Resources.Logs.Condtion: unknown resource attribute (did you mean Condition?)
bad-deletion-policy.json|DeletionPolicy: must be one of
bad-parameter-type.json|Parameters.Name.Type: "Strin" is not a CloudFormation parameter type
bad-parameter-default.json|Parameters.Days.Default: "ten" is not a number
bad-parameter-allowed.json|Parameters.Stage.Default: "dev" is not among AllowedValues
bad-output-value.json|Outputs.LogGroup: missing Value
bad-output-list.json|Outputs.Zones.Value: Fn::GetAZs gives a list where a String is expected
bad-cycle.json|circular dependency: A -> B -> A
bad-null.json|LogGroupName: null is not allowed in a template
bad-logical-id.json|Resources.Access-Logs: logical id must be alphanumeric
bad-findinmap.json|names no mapping: Retention
bad-placeholder-outside-sub.json|${AWS::StackName} is not substituted outside Fn::Sub
bad-escape-outside-sub.json|the ${! escape means something only inside Fn::Sub
bad-required-transform.json|AWS::Serverless::Function needs "Transform": "AWS::Serverless-2016-10-31"
bad-union.json|CodeUri: matches none of the types the specification allows
bad-duplicate-key.json|Resources.Logs: key appears twice in one object
EOF

cat >"$tmp/openapi.expect" <<'EOF'
bad-version.openapi.json|openapi: expected OpenAPI 3.0.x, found "3.1.0"
bad-schema.openapi.json|paths["/x"].get: swagger-parser: must have required property 'responses'
bad-external-ref.openapi.json|external $ref "shared.json#/parameters/id": not followed
bad-dangling-ref.openapi.json|$ref "#/components/parameters/id" points at nothing in the document
bad-integration-ref.openapi.json|$ref "#/components/x-amazon-apigateway-integrations/order" points at nothing
bad-integration-type.openapi.json|x-amazon-apigateway-integration.type: "lambda" is not an integration type
bad-integration-member.openapi.json|timeoutMillis: unknown integration member (did you mean timeoutInMillis?)
bad-missing-type.openapi.json|x-amazon-apigateway-integration: missing type
bad-missing-uri.openapi.json|missing uri (a http_proxy integration needs one)
bad-http-uri.openapi.json|uri: a http_proxy integration's uri is an http(s) URL
bad-mock-on-http-api.openapi.json|HTTP APIs take only aws_proxy and http_proxy integrations, not mock
bad-lambda-method.openapi.json|httpMethod: a Lambda function is invoked with POST, not GET
bad-rest-proxy-method.openapi.json|httpMethod: a REST API's aws_proxy integration uses POST, not GET
bad-rest-missing-method.openapi.json|missing httpMethod (an aws_proxy integration of a REST API needs one)
bad-payload-format.openapi.json|payloadFormatVersion: must be "1.0" or "2.0", not "3.0"
bad-payload-format-missing.openapi.json|missing payloadFormatVersion (required for HTTP APIs)
bad-http-timeout.openapi.json|timeoutInMillis: must be an integer from 50 to 30000, not 30001
bad-rest-timeout.openapi.json|timeoutInMillis: must be an integer from 50 to 29000, not 29500
bad-vpc-link-without-connection.openapi.json|connectionType VPC_LINK needs connectionId
bad-rest-only-member-on-http.openapi.json|requestTemplates: HTTP APIs do not take this
bad-missing-integration-rest.openapi.json|no x-amazon-apigateway-integration (a REST API method needs one)
bad-unknown-security-scheme.openapi.json|security[0].shopper-jwt: names no security scheme in components.securitySchemes
bad-authorizer-type.openapi.json|x-amazon-apigateway-authorizer.type: "lambda" is not an authorizer type
bad-jwt-without-configuration.openapi.json|jwtConfiguration: must be an object with issuer and audience
bad-token-without-uri.openapi.json|missing authorizerUri (a token authorizer needs the Lambda invocation URI)
bad-cognito-without-providers.openapi.json|missing providerARNs
bad-authorizer-ttl.openapi.json|authorizerResultTtlInSeconds: must be an integer from 0 to 3600, not 7200
bad-http-request-authorizer-format.openapi.json|missing authorizerPayloadFormatVersion
bad-scopes-on-token-authorizer.openapi.json|scopes apply to jwt and cognito_user_pools authorizers only, not to token
bad-two-authorizers.openapi.json|names more than one authorizer
bad-any-method-placement.openapi.json|x-amazon-apigateway-any-method belongs directly under a path
bad-undeclared-path-parameter.openapi.json|path variable {itemId} has no parameter with "in": "path"
bad-partial-segment-variable.openapi.json|API Gateway takes a path variable only as a whole segment
bad-greedy-not-last.openapi.json|greedy variable {path+} must be the last segment
bad-sibling-variables.openapi.json|under /items sibling paths use different variables
bad-duplicate-operation-id.openapi.json|operationId same is also used at /x get
bad-extension-name.openapi.json|unknown API Gateway extension (did you mean x-amazon-apigateway-request-validator?)
bad-mixed-flavors.openapi.json|mixes HTTP API extensions
bad-request-validator.openapi.json|x-amazon-apigateway-request-validator: names no validator
bad-gateway-response-status.openapi.json|THROTTLED.statusCode: must be an HTTP status code as a string
bad-gateway-response-type.openapi.json|THROTTLING: not a gateway response type
bad-cors.openapi.json|x-amazon-apigateway-cors.allowOrigins: must be an array of strings
bad-api-key-source.openapi.json|x-amazon-apigateway-api-key-source: "QUERY" is not one of header, authorizer
bad-duplicate-key.openapi.json|paths["/x"]: key appears twice in one object
bad-not-json.openapi.json|not valid JSON
EOF

cat >"$tmp/semantics.expect" <<'EOF'
bad-ref.json|[refs] Ref names nothing: CartAuthoriser
bad-cycle.json|[cycle] circular dependency: CartIntegration -> CartRoute -> CartIntegration
bad-unused-parameter.json|Parameters.StageName: [parameters] parameter is never used
bad-stage-before-route.json|[stage-routes] the stage does not depend on route CartRoute
bad-stage-unknown-route.json|[stage-routes] no route of the stage's API has the key GET /cart
bad-deployment-before-route.json|Resources.CartDeployment5e5e5e5e: [deployments] does not wait for route(s) CartRoute
bad-deployment-before-route-response.json|Resources.CartDeployment5e5e5e5e: [deployments] does not wait for route(s) CartRouteResponse
bad-deployment-before-method.json|Resources.PetsDeployment5e5e5e5e: [deployments] does not wait for method(s) ListPetsMethod
bad-method-beside-body.json|Resources.ListPetsMethod: [deployments] is a method of PetsRestApi, which has a Body
bad-method-setting-resource.json|MethodSettings[2]: [method-settings] GET /pet is not a method of PetsRestApi's Method resources
bad-method-setting-path.json|[method-settings] GET /pet is not a method of PetsRestApi's body
bad-plan-throttle-method.json|ApiStages[0].Throttle["/pets/POST"]: [plan-throttles] POST /pets is not a method of PetsRestApi's body
bad-undeclared-cache-key.json|cacheKeyParameters[1]: [cache-keys] method.request.header.Accept-Language is not a parameter of GET /pets
bad-dns-alias-target.json|Resources.PetsDomainRecord.Properties.AliasTarget: [dns-aliases] points at PetsDomainName.RegionalDomainName
bad-route-override.json|RouteSettings["POST /cart"]: [overrides] leaves out DetailedMetricsEnabled
bad-body-mix.json|Resources.CartRoute: [body-mix] ShopApi has an OpenAPI Body
bad-body-timeout.json|timeoutInMillis: [timeouts] 31000 ms is outside 50-30000 ms, the hard limit of HTTP APIs
bad-method-override.json|MethodSettings[1]: [overrides] leaves out CachingEnabled
bad-cached-post.json|MethodSettings[2]: [overrides] turns the stage cache on for POST /~1pets
bad-missing-permission.json|Resources.CartAuthorizer: [permissions] CartApi invokes ShopAlias, but no AWS::Lambda::Permission
bad-timeout.json|[timeouts] 31000 ms is outside 50-30000 ms, the hard limit of HTTP APIs
bad-authorizer-cache.json|[authorizer-cache] caches decisions for 300 s but has no IdentitySource
bad-version-code.json|[aliases] does not change with CodeBucket, ShopCodeKey
bad-alias-version.json|[aliases] does not name the Version attribute of an AWS::Lambda::Version
bad-output-disabled-endpoint.json|Outputs.PetsProdUrl: [endpoints] gives the execute-api URL of PetsRestApi
bad-unreachable-stage.json|Resources.PetsTestStage: [endpoints] no custom domain maps this stage
bad-edge-certificate.json|[edge-certificates] an edge domain's certificate must be in us-east-1
bad-nested-output.json|Part2Stack.Properties.Parameters.ShopFunctionArn: [nested] stack Part1Stack has no output ShopFunction
bad-nested-parameter.json|Part1Stack.Properties.Parameters: [nested] parameter CodeBucket of the child is not given
bad-undeclared-response-header.json|[method-responses] maps header X-Served-By, which method response 200 does not declare
bad-undeclared-method-parameter.json|[method-parameters] maps method.request.querystring.view, which the operation does not declare as a query parameter
bad-undeclared-cache-key-resource.json|Integration.CacheKeyParameters[1]: [cache-keys] method.request.querystring.fields is not a parameter of GET /pets/{petId}
bad-undeclared-response-resource.json|Integration.IntegrationResponses[1]: [method-responses] answers 404, which the method does not declare
bad-undeclared-method-parameter-resource.json|[method-parameters] maps method.request.path.petId, which the method does not declare as a path parameter
bad-invoke-role.json|[permissions] ShopRestApi invokes PriceFunction.Arn with a role whose policies do not allow lambda:InvokeFunction
bad-vpc-role.json|[function-roles] the function runs in a VPC, but its role lacks AWSLambdaVPCAccessExecutionRole
bad-reserved-variable.json|Variables.AWS_REGION: [environment] is not a name Lambda takes
bad-function-name.json|ExportFunction.Properties.FunctionName: [function-names] "reports" is also the name of ReportFunction
bad-inline-runtime.json|[inline-code] inline code needs a Node.js or Python runtime, not java21
bad-unfilled-placeholder.json|CartTestStage.Properties.Description: [placeholders] holds ${param:Tier}, which no parameter fills in
bad-parameter-default.json|Parameters.StageName.Default: [parameter-values] "staging" is not one of its AllowedValues
bad-list-in-sub.json|[parameter-values] list parameter StageName stands in an Fn::Sub string
bad-condition-undefined.json|Resources.CartTestStage.Condition: [conditions] names no condition of the template: InHomeRegion
bad-condition-unused.json|Conditions.InHomeRegion: [conditions] condition is never used
bad-condition-reference.json|DeploymentId.Ref: [conditions] refers to CartDeployment5e5e5e5e, created only under condition InHomeRegion, from one always created
EOF

cat >"$tmp/cfn-lint.expect" <<'EOF'
bad-unused-parameter.json|W2001
bad-boolean.json|E3012
bad-deprecated-runtime.json|E2533
EOF

# cfn-lint (tests/validators/cfn-lint.sh): the good template passes, each
# bad one fails with its rule, and the allowlist accepts a finding only with
# a reason, and only one that occurs.
check_cfn_lint() {
    dir=$here/cfn-lint script=$validators/cfn-lint.sh
    # The project's allowlist names findings of the project's templates,
    # which these files do not have: they run without it.
    : >"$tmp/no-allow"
    checks=$((checks + 1))
    CFN_LINT_ALLOWLIST=$tmp/no-allow sh "$script" "$dir/good-http-api.json" >"$tmp/cl.out" 2>&1
    status=$?
    if [ "$status" = 3 ]; then
        cat "$tmp/cl.out"
        echo "validators self-test: SKIPPED the cfn-lint checks"
        return
    fi
    [ "$status" = 0 ] || { fail "cfn-lint.sh on good-http-api.json: exit $status"; cat "$tmp/cl.out"; }
    while IFS='|' read -r name rule; do
        checks=$((checks + 1))
        CFN_LINT_ALLOWLIST=$tmp/no-allow sh "$script" "$dir/$name" >"$tmp/cl.out" 2>&1
        status=$?
        if [ "$status" != 1 ] || ! grep -q ": $rule " "$tmp/cl.out"; then
            fail "cfn-lint.sh on $name: exit $status, expected 1 with $rule"
            cat "$tmp/cl.out"
        fi
    done <"$tmp/cfn-lint.expect"
    check_all_expected cfn-lint "$tmp/cfn-lint.expect"
    # Several templates in one run: each finding under its own template's label.
    checks=$((checks + 1))
    CFN_LINT_ALLOWLIST=$tmp/no-allow sh "$script" "good=$dir/good-http-api.json" "broken=$dir/bad-boolean.json" >"$tmp/cl.out" 2>&1
    if ! grep -q '^broken:[0-9]*:[0-9]*: E3012 ' "$tmp/cl.out" || grep -q '^good:' "$tmp/cl.out"; then
        fail "cfn-lint.sh: findings of several templates are not told apart"
        cat "$tmp/cl.out"
    fi
    checks=$((checks + 3))
    printf '%s\n' '# accepted for this test' 'W2001|*/bad-unused-parameter.json|the parameter is kept for a later stage' >"$tmp/allow"
    CFN_LINT_ALLOWLIST=$tmp/allow sh "$script" "$dir/bad-unused-parameter.json" >"$tmp/cl.out" 2>&1 ||
        { fail "cfn-lint.sh: an allowlisted finding still fails"; cat "$tmp/cl.out"; }
    printf '%s\n' 'W2001|*/bad-unused-parameter.json|' >"$tmp/allow"
    CFN_LINT_ALLOWLIST=$tmp/allow sh "$script" "$dir/bad-unused-parameter.json" >"$tmp/cl.out" 2>&1 &&
        fail "cfn-lint.sh: an allowlist entry without a reason is accepted"
    # An entry with a message pattern accepts that message only.
    checks=$((checks + 2))
    printf '%s\n' 'E3012|*/bad-boolean.json|*is not of type*|a message of that kind' >"$tmp/allow"
    CFN_LINT_ALLOWLIST=$tmp/allow sh "$script" "$dir/bad-boolean.json" >"$tmp/cl.out" 2>&1 ||
        { fail "cfn-lint.sh: a finding whose message the entry names still fails"; cat "$tmp/cl.out"; }
    printf '%s\n' 'E3012|*/bad-boolean.json|*was unexpected*|another message' >"$tmp/allow"
    CFN_LINT_ALLOWLIST=$tmp/allow sh "$script" "$dir/bad-boolean.json" >"$tmp/cl.out" 2>&1 &&
        fail "cfn-lint.sh: an entry accepts a finding whose message it does not name"
    printf '%s\n' 'W2001|*/good-http-api.json|never found' >"$tmp/allow"
    CFN_LINT_ALLOWLIST=$tmp/allow sh "$script" "$dir/good-http-api.json" >"$tmp/cl.out" 2>&1 &&
        fail "cfn-lint.sh: an allowlist entry that accepts nothing passes"
}

check_good check-cloudformation.js cloudformation
check_bad check-cloudformation.js cloudformation "$tmp/cloudformation.expect"
check_good check-openapi.js openapi
check_bad check-openapi.js openapi "$tmp/openapi.expect"
check_good check-deploy-semantics.js semantics
check_bad check-deploy-semantics.js semantics "$tmp/semantics.expect"
check_cfn_lint

if [ "$failures" -ne 0 ]; then
    echo "validators self-test: $failures of $checks checks failed"
    exit 1
fi
echo "validators self-test: $checks checks passed"
