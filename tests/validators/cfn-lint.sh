#!/bin/sh
# Runs AWS's CloudFormation linter (cfn-lint, installed with pip by
# `make deps`) over templates: every error and warning is a problem unless
# the allowlist accepts it. Allowlist lines are "RULE|PATH-PATTERN|reason"
# (a shell pattern matched against the template's label, a reason
# required), or "RULE|PATH-PATTERN|MESSAGE-PATTERN|reason" to accept only
# findings whose message matches; an entry that accepts nothing is a
# problem too, so the list stays true. Each FILE may be given as LABEL=FILE (the label is what the
# allowlist and the output name).
# Exit 0 clean, 1 problems, 3 cfn-lint missing (SKIPPED printed), 2 bad usage.
# Usage: sh tests/validators/cfn-lint.sh [LABEL=]TEMPLATE...
#        CFN_LINT_ALLOWLIST=FILE to use another allowlist.
here=$(cd "$(dirname "$0")" && pwd)
allowlist=${CFN_LINT_ALLOWLIST:-$here/cfn-lint-allowlist.txt}
[ $# -gt 0 ] || { echo "usage: cfn-lint.sh [LABEL=]TEMPLATE..." >&2; exit 2; }
if ! command -v cfn-lint >/dev/null 2>&1; then
    echo "SKIPPED cfn-lint: not installed (make deps installs it with pip when PyPI is reachable)"
    exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/allow"
if [ -f "$allowlist" ]; then
    # Comments and blank lines aside, every entry needs a rule, a pattern and a reason.
    grep -v -e '^#' -e '^[[:space:]]*$' "$allowlist" >"$tmp/allow"
    if awk -F'|' 'NF < 3 || $1 == "" || $2 == "" || $NF ~ /^[[:space:]]*$/ { bad = 1; print "cfn-lint allowlist: line needs RULE|PATTERN|reason: " $0 } END { exit !bad }' "$tmp/allow"; then
        exit 1
    fi
fi
status=0
: >"$tmp/used"
: >"$tmp/labels"
# One cfn-lint run for all templates (it starts slowly); FILE|LABEL pairs map its lines back.
for arg in "$@"; do
    case $arg in
        *=*) label=${arg%%=*} file=${arg#*=} ;;
        *) label=$arg file=$arg ;;
    esac
    echo "$file|$label" >>"$tmp/labels"
    set -- "$@" "$file"
    shift
done
# parseable: FILE:LINE:COL:ENDLINE:ENDCOL:RULE:MESSAGE; informational findings are not counted.
cfn-lint --format parseable -- "$@" >"$tmp/out" 2>&1
rc=$?
finding='^.*:[0-9]*:[0-9]*:[0-9]*:[0-9]*:[EWI][0-9]*:'
if [ "$rc" -ne 0 ] && ! grep -q "$finding" "$tmp/out"; then
    echo "cfn-lint failed to run (exit $rc):"
    cat "$tmp/out"
    exit 1
fi
while IFS= read -r line; do
    # The file is what comes before the last five ":"-separated fields and the message.
    rest=$(echo "$line" | sed -n 's/^.*:\([0-9]*:[0-9]*:[0-9]*:[0-9]*:[EWI][0-9]*:.*\)$/\1/p')
    [ -n "$rest" ] || continue
    file=${line%":$rest"}
    rule=$(echo "$rest" | cut -d: -f5)
    case $rule in E*|W*) ;; *) continue ;; esac
    label=$(grep -F "$file|" "$tmp/labels" | head -n 1 | cut -d'|' -f2)
    label=${label:-$file}
    message=$(echo "$rest" | cut -d: -f6-)
    accepted=""
    while IFS='|' read -r arule apattern amessage areason; do
        key="$arule|$apattern"
        if [ -n "$areason" ]; then key="$key|$amessage"; else amessage='*'; fi
        # shellcheck disable=SC2254
        case $label in $apattern) case $message in $amessage) [ "$arule" = "$rule" ] && accepted=$key ;; esac ;; esac
        [ -n "$accepted" ] && break
    done <"$tmp/allow"
    if [ -n "$accepted" ]; then
        echo "$accepted" >>"$tmp/used"
        continue
    fi
    echo "$label:$(echo "$rest" | cut -d: -f1-2): $rule $(echo "$rest" | cut -d: -f6-)"
    status=1
done <"$tmp/out"
while IFS='|' read -r arule apattern amessage areason; do
    key="$arule|$apattern"
    [ -z "$areason" ] || key="$key|$amessage"
    grep -qxF "$key" "$tmp/used" || { echo "cfn-lint allowlist: $key accepts no finding; remove it"; status=1; }
done <"$tmp/allow"
[ $status -eq 0 ] && echo "cfn-lint $(cfn-lint --version | sed 's/^cfn-lint //'): $# templates, no errors or warnings"
exit $status
