#!/bin/sh
# Golden tests of `archway import`, sourced by run-golden-tests.sh (it
# provides pass, fail, expect and $tmp):
# - each directory of tests/import/cases/ holds one input (a template or an
#   OpenAPI document, with what it includes; options of the run in args);
#   the diagram it gives is pinned
#   in diagram.json and what import says, with its exit status, in
#   expected.txt; a second run gives the same bytes;
# - the round trip: import of each sample's pinned build template
#   (tests/build/NAME/template.json) gives the diagram pinned in
#   tests/import/roundtrip/NAME.json, whose IR equals the sample's:
#   tests/import/roundtrip-compare.py finds nothing missing, or, where a
#   NAME.missing is pinned, exactly the differences it lists (each a gap
#   the import does not close yet, named in docs/import.md);
# - a template edited after its build: its properties win over the metadata;
# - a template without Archway metadata imports as before (the cases above).
for case in tests/import/cases/*/; do
    input=$(find "$case" -maxdepth 1 -type f ! -name 'diagram.json' ! -name 'expected.txt' ! -name args | sort | head -n 1)
    args=$(cat "${case}args" 2>/dev/null)
    # shellcheck disable=SC2086 # args holds several words
    { "$ARCHWAY" import $args -o "$tmp/diagram.json" "$input" 2>&1; echo "exit status: $?"; } >"$tmp/out"
    expect "import of $input" "${case}expected.txt" "$tmp/out"
    if [ -f "$tmp/diagram.json" ]; then
        expect "diagram of $input" "${case}diagram.json" "$tmp/diagram.json"
        # shellcheck disable=SC2086
        "$ARCHWAY" import $args --quiet -o "$tmp/again.json" "$input" 2>/dev/null
        if cmp -s "$tmp/diagram.json" "$tmp/again.json"; then pass; else fail "import of $input differs between runs"; fi
        rm -f "$tmp/diagram.json" "$tmp/again.json"
    fi
done
# The XML spelling of one import means the same as its JSON.
"$ARCHWAY" import --quiet --to xml -o "$tmp/d.xml" tests/import/cases/sam-events/template.yaml 2>/dev/null
"$ARCHWAY" ir "$tmp/d.xml" >"$tmp/xml.ir" 2>&1
"$ARCHWAY" ir tests/import/cases/sam-events/diagram.json >"$tmp/json.ir" 2>&1
if cmp -s "$tmp/xml.ir" "$tmp/json.ir"; then pass; else fail "import --to xml differs from --to json"; fi

while read -r sample; do
    rt_name=$(basename "$sample" .json)
    "$ARCHWAY" import --quiet -o "$tmp/rt.json" "tests/build/$rt_name/template.json" 2>"$tmp/err" ||
        { fail "round trip of $sample does not import"; cat "$tmp/err"; continue; }
    expect "round trip of $sample" "tests/import/roundtrip/$rt_name.json" "$tmp/rt.json"
    "$ARCHWAY" ir "$sample" >"$tmp/sample.ir" 2>/dev/null
    "$ARCHWAY" ir "$tmp/rt.json" >"$tmp/rt.ir" 2>/dev/null
    $PYTHON tests/import/roundtrip-compare.py "$tmp/sample.ir" "$tmp/rt.ir" >"$tmp/missing" 2>&1
    if [ -f "tests/import/roundtrip/$rt_name.missing" ]; then
        expect "what the round trip of $sample misses" "tests/import/roundtrip/$rt_name.missing" "$tmp/missing"
    elif [ "$(cat "$tmp/missing")" = "nothing missing" ]; then
        pass
    else
        fail "the round trip of $sample is not exact"
        head -n 20 "$tmp/missing"
    fi
done <tests/build/samples.txt
