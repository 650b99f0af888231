#!/bin/sh
# Files that are not plain files. Input: a FIFO with no writer is refused at
# once (exit status 2) instead of blocking; one with a writer is read as
# standard input is. Output: what -o does to what is already there: a
# regular file is replaced whole, a link planted where a temporary might go
# is never followed, a FIFO (or a device, or /dev/stdout) is written in
# place and stays what it was, a link to a regular file stays a link.
# Prints one line per failure; the exit status says whether all held.
# Usage: ARCHWAY=build/archway scripts/test-files.sh
ARCHWAY=${ARCHWAY:-build/archway}
case $ARCHWAY in /*) ;; *) ARCHWAY=$(pwd)/$ARCHWAY ;; esac
sample=$(pwd)/samples/bff-http-jwt.json
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL -o: $1"; }

"$ARCHWAY" ir "$sample" >"$dir/expected" 2>/dev/null || fail "ir of $sample"

# 1. A link planted at the temporary's name (the old name was FILE.tmpPID;
# exec keeps the shell's pid) is not followed, and FILE is a regular file.
sh -c 'ln -s "$1/victim" "$1/out.json.tmp$$"; exec "$0" ir -o "$1/out.json" "$2"' \
    "$ARCHWAY" "$dir" "$sample" 2>/dev/null
[ ! -e "$dir/victim" ] || fail "followed a link planted at the temporary's name"
[ -f "$dir/out.json" ] && [ ! -L "$dir/out.json" ] || fail "the output is not a regular file"
cmp -s "$dir/out.json" "$dir/expected" || fail "the output does not hold the IR"
rm -f "$dir"/out.json.tmp*
[ -z "$(ls "$dir" | grep '\.tmp')" ] || fail "a temporary was left behind"

# 2. A FIFO is written in place and stays a FIFO.
mkfifo "$dir/fifo"
timeout 20 cat "$dir/fifo" >"$dir/from-fifo" &
reader=$!
timeout 20 "$ARCHWAY" ir -o "$dir/fifo" "$sample" 2>/dev/null || fail "writing to a FIFO failed"
wait "$reader"
[ -p "$dir/fifo" ] || fail "the FIFO was replaced"
cmp -s "$dir/from-fifo" "$dir/expected" || fail "the reader of the FIFO did not get the IR"

# 3. A link to a regular file stays a link; the file it names is replaced.
echo old >"$dir/real.json"
ln -s real.json "$dir/link.json"
"$ARCHWAY" ir -o "$dir/link.json" "$sample" 2>/dev/null || fail "writing through a link failed"
[ -L "$dir/link.json" ] || fail "the link was replaced by a file"
cmp -s "$dir/real.json" "$dir/expected" || fail "the file the link names does not hold the IR"

# 4. A link to a FIFO (as /dev/stdout is to a pipe) is written in place.
mkfifo "$dir/fifo2"
ln -s fifo2 "$dir/stdout-like"
timeout 20 cat "$dir/fifo2" >"$dir/from-fifo2" &
reader=$!
timeout 20 "$ARCHWAY" ir -o "$dir/stdout-like" "$sample" 2>/dev/null || fail "writing through a link to a FIFO failed"
wait "$reader"
[ -L "$dir/stdout-like" ] && [ -p "$dir/fifo2" ] || fail "the link or the FIFO it names was replaced"
cmp -s "$dir/from-fifo2" "$dir/expected" || fail "the reader behind the link did not get the IR"

# 5. /dev/stdout redirected to a file is written through the descriptor:
# appended to, never replaced.
echo "first line" >"$dir/log"
"$ARCHWAY" ir -o /dev/stdout "$sample" >>"$dir/log" 2>/dev/null || fail "writing to /dev/stdout failed"
{ echo "first line"; cat "$dir/expected"; } | cmp -s - "$dir/log" || fail "-o /dev/stdout >> FILE did not append"

# 5b. A directory is refused with exit status 2 and left alone.
mkdir "$dir/a-dir"
"$ARCHWAY" ir -o "$dir/a-dir" "$sample" 2>"$dir/err"
[ $? -eq 2 ] && grep -q "cannot write" "$dir/err" || fail "a directory as -o is not refused with status 2"

# 6. A FIFO with no writer as input: refused at once, nothing waits.
mkfifo "$dir/in"
timeout 20 "$ARCHWAY" check "$dir/in" >/dev/null 2>"$dir/err"
status=$?
[ $status -eq 2 ] && grep -q "no program is writing to" "$dir/err" ||
    fail "a FIFO with no writer as input: exit status $status (124 is a hang)"

# 7. A FIFO with a writer is read to its end.
timeout 20 sh -c 'cat "$1" >"$2"' sh "$sample" "$dir/in" &
writer=$!
sleep 1
timeout 20 "$ARCHWAY" ir -o "$dir/from-in" "$dir/in" 2>/dev/null || fail "a FIFO with a writer as input"
wait "$writer"
cmp -s "$dir/from-in" "$dir/expected" || fail "the IR read from a FIFO differs"

[ "$failed" -eq 0 ]
