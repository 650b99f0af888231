#!/bin/sh
# Writes the documentation bundle of every sample with `archway docs` and
# checks each page as a plain Markdown viewer shows it
# (tests/doc-tools/check-docs.js): markdown-it renders every table, links
# are relative and lead to files of the bundle, every route is on the page
# and in its OpenAPI document, and headless Chromium shows the picture.
# Screenshots of the pages are kept in $SHOTS (build/docs-screenshots) to
# look at. The checker is first shown a broken page, which it must refuse.
# Usage: ARCHWAY=build/archway sh scripts/validate-docs.sh
ARCHWAY=${ARCHWAY:-build/archway}
SHOTS=${SHOTS:-build/docs-screenshots}
tools=tests/doc-tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$SHOTS"
status=0

# The checker must be able to fail: a page that lost a route row and links
# out of its bundle.
"$ARCHWAY" docs -o "$tmp/broken" samples/bff-http-jwt.json >/dev/null 2>&1
"$ARCHWAY" ir samples/bff-http-jwt.json >"$tmp/broken.ir.json" 2>/dev/null
sed -i -e '/^| cart | PUT /d' -e 's|(bff-http-jwt.svg)|(/srv/bff-http-jwt.svg)|' "$tmp/broken/bff-http-jwt.md"
node "$tools/check-docs.js" --ir "$tmp/broken.ir.json" --bundle "$tmp/broken" --page bff-http-jwt.md >"$tmp/broken.out" 2>&1
if [ $? -ne 1 ] || ! grep -q "put-cart-item" "$tmp/broken.out" || ! grep -q "not relative" "$tmp/broken.out"; then
    echo "FAIL check-docs.js did not refuse a broken page:"
    cat "$tmp/broken.out"
    status=1
fi

for sample in samples/*.json samples/*.xml; do
    name=$(basename "$sample")
    stem=${name%.*}
    out="$tmp/$name"
    # A diagram with lint errors still gets its bundle (exit status 1).
    "$ARCHWAY" docs -o "$out" "$sample" >"$tmp/log" 2>&1
    code=$?
    if [ $code -gt 1 ] || [ ! -f "$out/$stem.md" ]; then
        echo "FAIL docs of $sample (exit status $code)"
        cat "$tmp/log"
        status=1
        continue
    fi
    "$ARCHWAY" ir "$sample" >"$tmp/ir.json" 2>/dev/null
    node "$tools/check-docs.js" --ir "$tmp/ir.json" --bundle "$out" --page "$stem.md" \
        --screenshot "$SHOTS/$name.png" || status=1
done
exit $status
