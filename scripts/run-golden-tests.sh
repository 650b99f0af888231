#!/bin/sh
# Golden tests of what users read: diagnostics for every bad input, the
# canonical IR of the samples, round trips between the two spellings, and
# byte-identical output on repeated runs. UPDATE=1 rewrites the expected
# files (review every change by eye before committing it).
# Usage: ARCHWAY=build/archway scripts/run-golden-tests.sh
ARCHWAY=${ARCHWAY:-build/archway}
# The expected files were written judging dated rules by this day.
ARCHWAY_TODAY=2026-12-06
export ARCHWAY_TODAY
# The schema check needs jsonschema: Debian's python3-jsonschema (make deps)
# is in the system interpreter, which another python3 on PATH may hide.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# Compares actual output with an expected file (or writes it with UPDATE=1).
expect() {
    name=$1 expected=$2 actual=$3
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$actual" "$expected"
        pass
    elif [ ! -f "$expected" ]; then
        fail "$name: no expected file $expected (run with UPDATE=1 and review it)"
    elif cmp -s "$expected" "$actual"; then
        pass
    else
        fail "$name"
        diff -u "$expected" "$actual" | head -n 40
    fi
}

# 1. Diagnostics of bad inputs, exactly as the terminal shows them.
for input in tests/diagnostics/*.json tests/diagnostics/*.xml tests/diagnostics/*.txt; do
    [ -f "$input" ] || continue
    { "$ARCHWAY" check --color never "$input" 2>&1; echo "exit status: $?"; } >"$tmp/out"
    expect "diagnostics of $input" "$input.expected" "$tmp/out"
done

# 2. Every sample compiles without errors; its canonical IR is pinned.
for sample in samples/*.json samples/*.xml; do
    [ -f "$sample" ] || continue
    if "$ARCHWAY" ir "$sample" >"$tmp/ir" 2>"$tmp/err"; then
        pass
    else
        fail "sample $sample does not compile"
        cat "$tmp/err"
        continue
    fi
    expect "canonical IR of $sample" "tests/ir/$(basename "$sample").ir.json" "$tmp/ir"
    # Same bytes on a second run.
    "$ARCHWAY" ir "$sample" >"$tmp/ir2" 2>/dev/null
    if cmp -s "$tmp/ir" "$tmp/ir2"; then pass; else fail "ir of $sample differs between runs"; fi
    # Round trip through the other spelling gives the same IR.
    case $sample in *.json) other=xml ;; *) other=json ;; esac
    "$ARCHWAY" convert --to $other "$sample" >"$tmp/conv.$other" 2>"$tmp/err" &&
        "$ARCHWAY" ir "$tmp/conv.$other" >"$tmp/ir3" 2>>"$tmp/err"
    if cmp -s "$tmp/ir" "$tmp/ir3"; then pass; else fail "round trip of $sample through $other"; cat "$tmp/err"; diff "$tmp/ir" "$tmp/ir3" | head -n 20; fi
done

# 3. Samples spelt both ways mean the same thing.
for json in samples/*.json; do
    xml=${json%.json}.xml
    [ -f "$xml" ] || continue
    "$ARCHWAY" ir "$json" >"$tmp/a" 2>&1
    "$ARCHWAY" ir "$xml" >"$tmp/b" 2>&1
    if cmp -s "$tmp/a" "$tmp/b"; then pass; else fail "$json and $xml give different IR"; diff "$tmp/a" "$tmp/b" | head -n 20; fi
done

# 4. The shipped schemas and the rules page are the ones the program generates.
"$ARCHWAY" schema --format json >"$tmp/schema.json"
expect "docs/schema/diagram-1.schema.json is current" docs/schema/diagram-1.schema.json "$tmp/schema.json"
"$ARCHWAY" schema --format xsd >"$tmp/schema.xsd"
expect "docs/schema/diagram-1.xsd is current" docs/schema/diagram-1.xsd "$tmp/schema.xsd"
# ... and so is the rule catalogue's page.
"$ARCHWAY" rules --markdown >"$tmp/rules.md"
expect "docs/rules.md is current" docs/rules.md "$tmp/rules.md"

# 5. Deployable output of the samples (every file `build` writes) and what
# build says of diagrams that do not deploy as drawn.
for sample in $(cat tests/build/samples.txt); do
    # (expect() sets name, expected and actual: this loop uses other names.)
    stem=$(basename "${sample%.*}")
    rm -rf "$tmp/build"
    if "$ARCHWAY" build --color never -o "$tmp/build" "$sample" >"$tmp/out" 2>&1; then
        pass
    else
        fail "build of $sample"
        cat "$tmp/out"
        continue
    fi
    for pinned in tests/build/"$stem"/*; do
        [ -f "$tmp/build/$(basename "$pinned")" ] || fail "build of $sample no longer writes $(basename "$pinned")"
    done
    for written in "$tmp/build"/*; do
        expect "build of $sample: $(basename "$written")" "tests/build/$stem/$(basename "$written")" "$written"
    done
done
for input in tests/build/diagnostics/*.json; do
    [ -f "$input" ] || continue
    rm -rf "$tmp/build"
    { "$ARCHWAY" build --color never -o "$tmp/build" "$input" 2>&1; echo "exit status: $?"; } >"$tmp/out"
    [ ! -d "$tmp/build" ] || grep -q "^exit status: 0" "$tmp/out" || fail "build of $input wrote files despite errors"
    expect "build diagnostics of $input" "$input.expected" "$tmp/out"
done

# 6. Project configuration: each directory of tests/config/ holds a diagram,
# the archway.json beside it (or not), and in `args` any options of the run.
for dir in tests/config/*/; do
    dir=${dir%/}
    [ -f "$dir/diagram.json" ] || continue
    args=$(cat "$dir/args" 2>/dev/null)
    # shellcheck disable=SC2086 # args holds several words
    { "$ARCHWAY" check --color never $args "$dir/diagram.json" 2>&1; echo "exit status: $?"; } >"$tmp/out"
    expect "configuration case $dir" "$dir/diagram.json.expected" "$tmp/out"
done

# 7. SARIF logs of check: findings, a suppressed one, and compile errors in
# two files of one run. The working directory's URI is written as
# file:///working-directory/ so that the pinned logs hold on any machine.
sarif_case() {
    pinned=$1
    shift
    "$ARCHWAY" check --format sarif "$@" >"$tmp/sarif.raw" 2>"$tmp/err"
    sed 's|^\( *"SRCROOT": {"uri": "\)file://[^"]*"|\1file:///working-directory/"|' "$tmp/sarif.raw" >"$tmp/sarif"
    expect "SARIF of $*" "$pinned" "$tmp/sarif"
    # Same bytes on a second run.
    if "$ARCHWAY" check --format sarif "$@" 2>/dev/null | cmp -s - "$tmp/sarif.raw"; then pass; else fail "SARIF of $* differs between runs"; fi
}
sarif_case tests/sarif/flawed-everything.sarif samples/flawed-everything.json
sarif_case tests/sarif/strangler-vpc-link.sarif samples/strangler-vpc-link.json
sarif_case tests/sarif/compile-errors.sarif tests/diagnostics/duplicate-id.json tests/diagnostics/xml-unknown-reference.xml

# 8. `archway cost`: each tests/cost/NAME.args holds the options and the
# diagram of one run; NAME.expected its output and exit status (a bill,
# or what a bad price list or option says).
for case in tests/cost/*.args; do
    [ -f "$case" ] || continue
    # shellcheck disable=SC2046 # the file holds several words
    { "$ARCHWAY" cost --color never $(cat "$case") 2>&1; echo "exit status: $?"; } >"$tmp/out"
    expect "cost $(basename "$case" .args)" "${case%.args}.expected" "$tmp/out"
    # Same bytes on a second run.
    "$ARCHWAY" cost --color never $(cat "$case") >"$tmp/out2" 2>&1
    if "$ARCHWAY" cost --color never $(cat "$case") 2>&1 | cmp -s - "$tmp/out2"; then pass; else fail "cost $(basename "$case" .args) differs between runs"; fi
done

# 9. Files that are not plain files: what -o does to what is already at its
# path (links, FIFOs, directories), and FIFOs as input.
if ARCHWAY=$ARCHWAY scripts/test-files.sh; then pass; else fail "files (scripts/test-files.sh)"; fi

# 10. Simulation: the model of every sample validates against its JSON Schema;
# simulate's report of a few samples is pinned (same seed, same bytes).
for sample in samples/*.json samples/*.xml; do
    if ! "$ARCHWAY" sim-input "$sample" >"$tmp/sim.json" 2>"$tmp/err"; then
        fail "sim-input of $sample"
    elif "$PYTHON" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
        docs/schema/simulation-1.schema.json "$tmp/sim.json"; then pass; else fail "sim-input of $sample against its schema"; fi
done
while read -r pinned args; do
    # shellcheck disable=SC2086 # args holds several words
    { "$ARCHWAY" simulate $args 2>&1; echo "exit status: $?"; } >"$tmp/out"
    expect "simulate $args" "$pinned" "$tmp/out"
done <tests/sim/cases.txt
# ... and simulate's JSON results against theirs, from both engines (queues and WebSocket included).
for args in "--duration 20 --seed 7 samples/partner-rest-usage-plans.json" "--duration 20 samples/websocket-chat.json" \
    "--duration 20 --rps 300 samples/orders-sqs-events.json" "--engine fluid --duration 20 --rps 3000 samples/orders-sqs-events.json"; do
    # shellcheck disable=SC2086 # args holds several words
    "$ARCHWAY" simulate --format json $args >"$tmp/result.json" 2>"$tmp/err"
    if "$PYTHON" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
        docs/schema/simulation-result-1.schema.json "$tmp/result.json"; then pass; else fail "simulate --format json $args against its schema"; fi
done

# 11. Pictures: the DOT of two samples (one collapsed) pinned, the canvas
# layout of a third, the README's picture current, and every sample drawn as
# SVG with the same bytes twice.
render_case() {
    pinned=$1
    shift
    { "$ARCHWAY" render --color never --format dot "$@" 2>/dev/null; echo "exit status: $?"; } >"$tmp/dot"
    expect "DOT of $*" "$pinned" "$tmp/dot"
}
render_case tests/render/bff-http-jwt.dot samples/bff-http-jwt.json
render_case tests/render/multi-stage-canary-collapsed.dot --collapse samples/multi-stage-canary.json
# The simulation overlay of a pinned result; results it refuses (exit 2).
render_case tests/render/bff-http-jwt-simulated.dot --with-simulation tests/render/bff-http-jwt.sim.json samples/bff-http-jwt.json
for result in tests/render/bad-*.sim.json tests/render/missing.sim.json; do
    { "$ARCHWAY" render --color never --format dot --with-simulation "$result" samples/bff-http-jwt.json 2>&1 >/dev/null
        echo "exit status: $?"; } >"$tmp/out"
    expect "render --with-simulation $result" "${result%.sim.json}.expected" "$tmp/out"
done
"$ARCHWAY" layout samples/websocket-chat.xml >"$tmp/layout.json" 2>&1
expect "layout of samples/websocket-chat.xml" tests/render/websocket-chat.layout.json "$tmp/layout.json"
"$ARCHWAY" render --format svg samples/bff-http-jwt.json >"$tmp/readme.svg" 2>"$tmp/err"
expect "docs/images/bff-http-jwt.svg is current" docs/images/bff-http-jwt.svg "$tmp/readme.svg"
for format in png pdf; do
    "$ARCHWAY" render --format $format -o "$tmp/a.$format" samples/bff-http-jwt.json 2>"$tmp/err" && sleep 1 &&
        "$ARCHWAY" render --format $format -o "$tmp/b.$format" samples/bff-http-jwt.json 2>>"$tmp/err"
    if cmp -s "$tmp/a.$format" "$tmp/b.$format"; then pass; else fail "$format of samples/bff-http-jwt.json differs between runs"; cat "$tmp/err"; fi
done
for sample in samples/*.json samples/*.xml; do
    "$ARCHWAY" render --format svg -o "$tmp/a.svg" "$sample" 2>"$tmp/err" &&
        "$ARCHWAY" render --format svg -o "$tmp/b.svg" "$sample" 2>>"$tmp/err"
    if cmp -s "$tmp/a.svg" "$tmp/b.svg"; then pass; else fail "SVG of $sample differs between runs"; cat "$tmp/err"; fi
done

# 12. Documentation bundles: every file `docs` writes for two samples
# pinned (tests/docs/NAME/), and every sample's bundle the same bytes twice.
for sample in samples/bff-http-jwt.json samples/partner-rest-usage-plans.json; do
    stem=$(basename "$sample" .json)
    rm -rf "$tmp/docs"
    "$ARCHWAY" docs -o "$tmp/docs" "$sample" >/dev/null 2>&1 || fail "docs of $sample"
    for written in $(cd "$tmp/docs" && find . -type f | sort); do
        [ "${UPDATE:-}" = 1 ] && mkdir -p "$(dirname "tests/docs/$stem/$written")"
        expect "docs of $sample: $written" "tests/docs/$stem/$written" "$tmp/docs/$written"
    done
    for pinned in $(cd "tests/docs/$stem" && find . -type f | sort); do
        [ -f "$tmp/docs/$pinned" ] || fail "docs of $sample no longer writes $pinned"
    done
done
for sample in samples/*.json samples/*.xml; do
    rm -rf "$tmp/docs-a" "$tmp/docs-b"
    "$ARCHWAY" docs -o "$tmp/docs-a" "$sample" >/dev/null 2>&1
    "$ARCHWAY" docs -o "$tmp/docs-b" "$sample" >/dev/null 2>&1
    if diff -r "$tmp/docs-a" "$tmp/docs-b" >/dev/null && [ -n "$(ls "$tmp/docs-a")" ]; then pass; else fail "docs of $sample differ between runs"; fi
done
# 13. archway import: templates and OpenAPI documents of every authoring
# style, hostile inputs, and the round trip of every sample.
. scripts/run-import-tests.sh

echo "golden tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
