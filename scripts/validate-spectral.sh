#!/bin/sh
# Lints every OpenAPI document that `archway build` writes for the samples
# and for a generated estate of 300 routes with Spectral's recommended
# OpenAPI ruleset (spectral:oas, tests/doc-tools/spectral.yaml): any error
# or warning fails, so that documentation tools render them as they are,
# but the scopes of REST user-pool authorizers (see spectral-verdict.js).
# Usage: ARCHWAY=build/archway GENERATE=build/bench/generate sh scripts/validate-spectral.sh
ARCHWAY=${ARCHWAY:-build/archway}
GENERATE=${GENERATE:-build/bench/generate}
tools=tests/doc-tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for sample in samples/*.json samples/*.xml; do
    name=$(basename "$sample")
    case $name in flawed-everything.*) continue ;; esac
    "$ARCHWAY" build --color never -o "$tmp/$name" "$sample" >"$tmp/$name.log" 2>&1 ||
        { echo "FAIL build of $sample"; cat "$tmp/$name.log"; status=1; }
done
"$GENERATE" 300 >"$tmp/estate.json" && "$ARCHWAY" build --color never -o "$tmp/estate" "$tmp/estate.json" \
    >"$tmp/estate.log" 2>&1 || { echo "FAIL build of the 300-route estate"; cat "$tmp/estate.log"; status=1; }
# The linter must be able to fail: a document with no tags, descriptions,
# servers, contact or 2xx answer, and scopes on a non-OAuth scheme.
bad=$tools/test/bad-undocumented.openapi.json
if "$tools/node_modules/.bin/spectral" lint --quiet -r "$tools/spectral.yaml" -F warn -f text "$bad" >"$tmp/bad.txt" 2>&1 ||
    ! grep -q operation-tags "$tmp/bad.txt"; then
    echo "FAIL spectral passed $bad, or did not say why it failed"
    cat "$tmp/bad.txt"
    status=1
fi
docs=$(ls "$tmp"/*/*.openapi.json 2>/dev/null)
count=$(echo "$docs" | grep -c . )
[ "$count" -ge 8 ] || { echo "FAIL only $count OpenAPI documents to lint"; exit 1; }
# Every finding fails but one class AWS's spelling forces (spectral-verdict.js).
"$tools/node_modules/.bin/spectral" lint --quiet -r "$tools/spectral.yaml" -F hint -f json $docs >"$tmp/found.json" 2>"$tmp/spectral.err"
if node "$tools/spectral-verdict.js" <"$tmp/found.json" >"$tmp/verdict.txt"; then
    echo "ok   spectral:oas: $count OpenAPI documents, 0 errors, 0 warnings but $(tail -n 1 "$tmp/verdict.txt" | sed 's/^0 finding(s); //')"
else
    cat "$tmp/verdict.txt" "$tmp/spectral.err"
    echo "FAIL spectral:oas found errors or warnings in the documents above"
    status=1
fi
exit $status
