#!/bin/sh
# Builds every sample that deploys into OUTDIR/<sample file name>/, for the
# validators to read, and a generated estate of 200 routes, too big for one
# stack, into OUTDIR/generated-estate/ (a root template and its nested
# stacks), and one of 400 routes with an API under a condition into
# OUTDIR/conditional-estate/ (likewise); prints the log of each build that fails and exits 1 then, or
# when fewer than 8 samples built.
# Usage: ARCHWAY=build/archway GENERATE=build/bench/generate sh scripts/build-samples.sh OUTDIR
ARCHWAY=${ARCHWAY:-build/archway}
out=${1:?usage: build-samples.sh OUTDIR}
status=0
built=0
for sample in samples/*.json samples/*.xml; do
    name=$(basename "$sample")
    # The flawed sample is meant to fail its checks; it is not deployable.
    case $name in flawed-everything.*) continue ;; esac
    if ! "$ARCHWAY" build --color never -o "$out/$name" "$sample" >"$out/$name.log" 2>&1; then
        echo "FAIL build of $sample"
        cat "$out/$name.log"
        status=1
        continue
    fi
    built=$((built + 1))
done
[ "$built" -ge 8 ] || { echo "FAIL only $built samples built"; status=1; }
GENERATE=${GENERATE:-build/bench/generate}
if ! "$GENERATE" 200 >"$out/generated-estate.json" ||
    ! "$ARCHWAY" build --color never -o "$out/generated-estate" "$out/generated-estate.json" >"$out/estate.log" 2>&1 ||
    [ ! -f "$out/generated-estate/template-part2.json" ]; then
    echo "FAIL build of a generated estate into nested stacks"
    cat "$out/estate.log"
    status=1
fi
# The same kind of estate deployed per environment: an API only outside
# production, cut across stacks with the values it passes under its condition.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
if ! "$GENERATE" 400 >"$out/estate-400.json" ||
    ! $PYTHON tests/validators/conditional-estate.py "$out/estate-400.json" "$out/conditional-estate.json" ||
    ! "$ARCHWAY" build --color never -o "$out/conditional-estate" "$out/conditional-estate.json" \
        >"$out/conditional-estate.log" 2>&1 ||
    ! grep -q '"Fn::If"' "$out/conditional-estate/template.json"; then
    echo "FAIL build of a generated estate with conditions into nested stacks"
    tail -n 20 "$out/conditional-estate.log"
    status=1
fi
exit $status
