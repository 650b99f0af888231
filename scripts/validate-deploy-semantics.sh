#!/bin/sh
# Our own deploy-semantics checks (tests/validators/check-deploy-semantics.js:
# stages after the routes they configure, overrides that keep the stage's
# settings, versions that follow the code, reachable stages, ...) over the
# template of every sample that deploys and every golden build.
# Usage: ARCHWAY=build/archway sh scripts/validate-deploy-semantics.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
sh "$(dirname "$0")/build-samples.sh" "$tmp" || status=1
node tests/validators/check-deploy-semantics.js "$tmp"/*/template.json tests/build/*/template.json || status=1
exit $status
