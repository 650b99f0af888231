#!/bin/sh
# AWS's own CloudFormation linter over the template of every sample that
# deploys, its nested stacks' templates if any, and every golden build
# (tests/build): no error and no warning
# beyond those tests/validators/cfn-lint-allowlist.txt accepts with a
# reason. Where cfn-lint is not installed it says SKIPPED, never passes.
# Usage: ARCHWAY=build/archway sh scripts/validate-cfn-lint.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
sh "$(dirname "$0")/build-samples.sh" "$tmp" || status=1
set --
for t in "$tmp"/*/template.json "$tmp"/*/template-part*.json; do
    set -- "$@" "samples/${t#"$tmp"/}=$t"
done
for t in tests/build/*/template.json tests/build/*/template-part*.json; do
    [ -f "$t" ] && set -- "$@" "$t"
done
sh tests/validators/cfn-lint.sh "$@"
case $? in
    0) ;;
    3) echo "SKIPPED cfn-lint over $# templates" ;;
    *) status=1 ;;
esac
exit $status
