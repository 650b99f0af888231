#!/bin/sh
# Builds every sample that deploys and checks what `archway build` writes
# with validators we did not write: every OpenAPI document with
# swagger-parser (plus our API Gateway extension checks), every template
# against the CloudFormation resource specification of @aws-cdk/cfnspec.
# Usage: ARCHWAY=build/archway sh scripts/validate-build.sh
ARCHWAY=${ARCHWAY:-build/archway}
validators=tests/validators
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
built=0
for sample in samples/*.json samples/*.xml; do
    name=$(basename "$sample")
    # The flawed sample is meant to fail its checks; it is not deployable.
    case $name in flawed-everything.*) continue ;; esac
    if ! "$ARCHWAY" build --color never -o "$tmp/$name" "$sample" >"$tmp/$name.log" 2>&1; then
        echo "FAIL build of $sample"
        cat "$tmp/$name.log"
        status=1
        continue
    fi
    built=$((built + 1))
done
[ "$built" -ge 8 ] || { echo "FAIL only $built samples built"; status=1; }
node "$validators/check-openapi.js" "$tmp"/*/*.openapi.json || status=1
node "$validators/check-cloudformation.js" "$tmp"/*/template.json || status=1
exit $status
