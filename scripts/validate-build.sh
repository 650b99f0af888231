#!/bin/sh
# Builds every sample that deploys and checks what `archway build` writes
# with validators we did not write: every OpenAPI document with
# swagger-parser (plus our API Gateway extension checks), every template
# against the CloudFormation resource specification of @aws-cdk/cfnspec.
# Usage: ARCHWAY=build/archway sh scripts/validate-build.sh
validators=tests/validators
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
sh "$(dirname "$0")/build-samples.sh" "$tmp" || status=1
node "$validators/check-openapi.js" "$tmp"/*/*.openapi.json || status=1
node "$validators/check-cloudformation.js" "$tmp"/*/template.json "$tmp"/*/template-part*.json || status=1
exit $status
