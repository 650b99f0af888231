#!/bin/sh
# Validates the canvas server's own OpenAPI document (docs/server-openapi.json)
# with swagger-parser, and proves the check can fail on a copy with a
# dangling $ref. That the document names every route of the server is a
# unit test (tests/unit/test_server.c).
# Usage: sh scripts/validate-server-api.sh
validators=tests/validators
doc=docs/server-openapi.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
validate() {
    NODE_PATH="$validators/node_modules" node -e '
const SwaggerParser = require("@apidevtools/swagger-parser");
SwaggerParser.validate(process.argv[1], {resolve: {external: false}})
  .then(api => { console.log(process.argv[1] + ": valid OpenAPI " + api.openapi + ", " + Object.keys(api.paths).length + " paths"); })
  .catch(err => { console.log(process.argv[1] + ": " + err.message.split("\n")[0]); process.exit(1); });
' "$1"
}
status=0
validate "$doc" || status=1
sed 's|#/components/schemas/Findings"|#/components/schemas/Missing"|' "$doc" >"$tmp/broken.json"
if validate "$tmp/broken.json" >/dev/null; then
    echo "FAIL the server API check accepted a document with a dangling \$ref"
    status=1
fi
exit $status
