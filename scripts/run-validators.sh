#!/bin/sh
# Runs independent validators (from tests/validators, installed by
# `make validators`) over what Archway writes: each check is one script
# under scripts/validate-*.sh, run in name order; any failure fails all.
# Usage: ARCHWAY=build/archway scripts/run-validators.sh
ARCHWAY=${ARCHWAY:-build/archway}
export ARCHWAY
status=0
for check in scripts/validate-*.sh; do
    [ -f "$check" ] || continue
    echo "== $check"
    sh "$check" || status=1
done
exit $status
