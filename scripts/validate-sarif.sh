#!/bin/sh
# Checks what `archway check --format sarif` writes with Microsoft's SARIF
# validator (sarif-multitool, installed in tests/validators), running both
# its SARIF rules and GitHub code scanning's: the logs of every sample, of
# diagrams with errors, and of unusual inputs (standard input, paths to
# encode or resolve, an unreadable file, more diagnostics than are kept)
# must draw no error and no warning. Broken logs must draw them, so that
# this check cannot pass by not looking.
# Usage: ARCHWAY=build/archway sh scripts/validate-sarif.sh
ARCHWAY=${ARCHWAY:-build/archway}
case $ARCHWAY in /*) ;; *) ARCHWAY=$(pwd)/$ARCHWAY ;; esac
validators=tests/validators
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# The validator is a .NET program; it needs no ICU this way.
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT
# The platform's binary itself: the npm wrapper hands its arguments to a
# shell, which splits the ';' lists below.
multitool=$(cd "$validators" && node -p "require('@microsoft/sarif-multitool')" 2>/dev/null)
if [ ! -x "$multitool" ]; then
    echo "FAIL no sarif-multitool in $validators (run make validators)"
    exit 1
fi
# No network: the rule that fetches every URI in a log is off. The rule
# that asks every rule for a name, help and a help URI only notes their
# absence: here it warns, so that they are required.
cat >"$tmp/config.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
  <Properties Key="SARIF2012.ProvideRuleProperties.Options">
    <Property Key="RuleEnabled" Value="Warning" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
EOF

# Validates one log, alone (a log the validator cannot read makes it drop
# what it found in the logs after it), by the SARIF rules and GitHub's
# unless the second argument names other kinds of rules. Prints the errors
# and warnings; the exit status is 0 for none, 1 for some, 3 when the
# validator said nothing at all, not even the notes it always has for our
# logs, so did not look.
validate() {
    log=$1
    rm -f "$log.out"
    "$multitool" validate --config "$tmp/config.xml" --rule-kind "${2:-Sarif;Gh}" --level "Error;Warning;Note" \
        --output "$log.out" "$log" >"$log.console" 2>&1
    node - "$log.out" <<'EOF' || { code=$?; [ $code -ne 2 ] || tail -n 5 "$log.console"; return $code; }
const fs = require('fs');
let log;
try {
    log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8').replace(/^\uFEFF/, ''));
} catch (e) {
    console.log('  the validator wrote no log: ' + e.message);
    process.exit(2);
}
const run = log.runs[0];
const rules = run.tool.driver.rules || [];
let bad = 0;
for (const r of run.results || []) {
    const rule = rules[r.ruleIndex] || {};
    const level = r.level || (rule.defaultConfiguration || {}).level || 'warning';
    if (level !== 'error' && level !== 'warning')
        continue;
    bad++;
    let text = r.message.text || ((rule.messageStrings || {})[r.message.id] || {}).text || r.message.id;
    (r.message.arguments || []).forEach((a, i) => { text = text.split('{' + i + '}').join(a); });
    const region = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
    console.log(`  ${level} ${r.ruleId} at line ${region.startLine}: ${text}`);
}
for (const inv of run.invocations || [])
    for (const n of (inv.toolExecutionNotifications || []).concat(inv.toolConfigurationNotifications || []))
        if (n.level === 'error') {
            bad++;
            console.log('  validator error: ' + n.message.text);
        }
if (!(run.results || []).length) {
    console.log('  the validator said nothing at all: it did not analyse the log');
    process.exit(3);
}
process.exit(bad ? 1 : 0);
EOF
}

# Writes the SARIF of `check FILE...`, run in the current directory, into $tmp/NAME.sarif.
sarif() {
    name=$1
    shift
    "$ARCHWAY" check --format sarif "$@" >"$tmp/$name.sarif" 2>"$tmp/$name.err"
    case $? in
    0 | 1 | 2) ;;
    *) echo "FAIL check --format sarif of $name: crashed"; cat "$tmp/$name.err"; status=1 ;;
    esac
}

# Logs that must be clean.
sarif samples samples/*.json samples/*.xml
sarif diagnostics tests/diagnostics/duplicate-id.json tests/diagnostics/unicode-columns.json \
    tests/diagnostics/json-syntax-unclosed.json tests/diagnostics/json-path-explosion.json \
    tests/diagnostics/unused-suppression.json tests/diagnostics/plain-text.txt \
    tests/diagnostics/xml-unknown-reference.xml tests/diagnostics/xml-malformed.xml
mkdir -p "$tmp/odd/dir with space" "$tmp/odd/sub"
odd="$tmp/odd/dir with space/ünï#1.json"
cp samples/flawed-everything.json "$odd"
{
    printf '{"archway": 1, "name": "many", "nodes": [{"kind": "function", "id": "f", "runtime": "nodejs20.x"'
    i=0
    while [ $i -lt 1005 ]; do i=$((i + 1)); printf ', "x%d": 1' $i; done
    printf '}]}\n'
} >"$tmp/odd/many.json"
here=$(pwd)
cd "$tmp/odd" || exit 1
sarif odd "dir with space/ünï#1.json" "./sub/../dir with space/ünï#1.json" "$odd" "../odd/sub/../many.json" \
    missing.json
cd "$here" || exit 1
# Standard input has no URI, which GitHub requires of every result (code
# scanning only knows files): its log is held to the SARIF rules alone.
sarif stdin - samples/bff-http-jwt.json <samples/flawed-everything.json
for case in samples diagnostics odd stdin:Sarif; do
    name=${case%%:*} kinds=${case#"$name"}
    if validate "$tmp/$name.sarif" "${kinds#:}"; then
        echo "ok   $name: no errors or warnings"
    else
        echo "FAIL $name (see above)"
        status=1
    fi
done
# The unusual inputs became what they should.
grep -q '"uri": "dir%20with%20space/%C3%BCn%C3%AF%231.json", "uriBaseId": "SRCROOT"' "$tmp/odd.sarif" &&
    grep -q '"executionSuccessful": false' "$tmp/odd.sarif" &&
    grep -q 'Only the first 1000 diagnostics' "$tmp/odd.sarif" &&
    grep -q '"description": {"text": "standard input"}' "$tmp/stdin.sarif" ||
    { echo "FAIL odd, stdin: paths, standard input, the unreadable file or the cut list are not as expected"; status=1; }

# Logs that must not pass, each for its reason: the validator has to see
# what is wrong with them (a warning too), and this script has to notice
# when the validator did not look.
head -c 2000 "$tmp/samples.sarif" >"$tmp/broken-json.sarif"
# Writes log $1 into $2 without the members of the tool's driver named in $3
# ("version rules.0.help": paths with dots).
without() {
    node -e 'const fs = require("fs"), log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             for (const path of process.argv[3].split(" ")) {
                 const keys = path.split(".");
                 const last = keys.pop();
                 delete keys.reduce((v, k) => v[k], log.runs[0].tool.driver)[last];
             }
             fs.writeFileSync(process.argv[2], JSON.stringify(log, null, 2));' "$1" "$2" "$3"
}
without "$tmp/samples.sarif" "$tmp/broken-no-tool-version.sarif" "version semanticVersion"
without "$tmp/samples.sarif" "$tmp/broken-no-rule-help.sarif" "rules.0.help rules.0.helpUri"
sed 's/"level": "warning"/"level": "fatal"/' "$tmp/samples.sarif" >"$tmp/broken-level.sarif"
for case in "broken-json:error JSON0001" "broken-no-tool-version:warning SARIF2005" \
    "broken-no-rule-help:warning SARIF2012" "broken-level:said nothing"; do
    name=${case%%:*} why=${case#*:}
    if validate "$tmp/$name.sarif" >"$tmp/$name.found"; then
        echo "FAIL $name: the validator found nothing wrong with a broken log"
        status=1
    elif ! grep -q "$why" "$tmp/$name.found"; then
        echo "FAIL $name: rejected, but not for '$why':"
        head -n 5 "$tmp/$name.found"
        status=1
    else
        echo "ok   $name: rejected ($(grep -m 1 "$why" "$tmp/$name.found" | cut -c 3-90))"
    fi
done
exit $status
