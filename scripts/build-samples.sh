#!/bin/sh
# Builds every sample that deploys into OUTDIR/<sample file name>/, for the
# validators to read; prints the log of each build that fails and exits 1
# then, or when fewer than 8 samples built.
# Usage: ARCHWAY=build/archway sh scripts/build-samples.sh OUTDIR
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
exit $status
