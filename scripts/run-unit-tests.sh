#!/bin/sh
# Runs the unit-test binaries given as arguments and sums up their results.
# Each binary is a Check suite; a binary that fails or crashes counts as failed.
passed=0
failed=0
for t in "$@"; do
    out=$("$t" 2>&1)
    status=$?
    summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    checks=$(printf '%s\n' "$summary" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
    fails=$(printf '%s\n' "$summary" | sed -n 's/.*Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2/p')
    set -- $fails
    bad=$(( ${1:-0} + ${2:-0} ))
    if [ "$status" -ne 0 ] || [ -z "$checks" ]; then
        printf '%s\n' "$out"
        echo "FAIL $t (exit $status)"
        failed=$((failed + (bad > 0 ? bad : 1)))
        passed=$((passed + ${checks:-0} - bad))
    else
        echo "ok   $t: $summary"
        passed=$((passed + checks))
    fi
done
echo "unit tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
