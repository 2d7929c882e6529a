#!/usr/bin/env bash
# tests/scaleout/shards.sh KGRAPH SOURCE_DIR WORK_DIR: a shard that is lost
# or damaged on its way to the merge is an error that names it, never a
# silently smaller graph.
#
# Extracts the example corpus in 4 shards with `kgraph-scale extract`, then
# damages one thing at a time (a missing shard, one cut at a line end, one
# cut in mid-line, a changed byte, a shard without its manifest, a shard
# outside the plan) and checks the exact message and exit code of
# `kgraph-scale merge`, and that no output folder appears.  Also checks
# what kgraph itself says when handed such files directly: a file cut in
# mid-line is a data error at file:line:col, a missing one an input error;
# a file cut at a line end is a valid, smaller edge file, which only the
# manifest can tell apart.  And the directory walk of `kgraph-scale plan`
# against kgraph's own, on names that sort differently per folder and as
# whole paths.
set -euo pipefail
kgraph=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
scale="$src/examples/scale-out/kgraph-scale"
rules=examples/nhs/rules.yaml corpus=examples/nhs/corpus

rm -rf "$work"
mkdir -p "$work"
kgraph=$(realpath "$kgraph")
cd "$src"
w="$work/w"
"$scale" plan -w "$w" -n 4 "$corpus"
for i in 3 1 0 2; do # in any order
    "$scale" extract -w "$w" -i "$i" --kgraph "$kgraph" -- -r "$rules"
done
"$scale" verify -w "$w" 2>"$work/verify.err"
[ "$(cat "$work/verify.err")" = "kgraph-scale: $w: 4 shards complete" ] || fail "verify: $(cat "$work/verify.err")"
cp -a "$w" "$work/pristine"
restore() { rm -rf "$w" && cp -a "$work/pristine" "$w"; }
merge() { "$scale" merge -w "$w" -o "$work/out" --kgraph "$kgraph" -- -r "$rules"; }
nothing="kgraph-scale: $w: shards missing or damaged: nothing merged"
s1="$w/shard-0001.jsonl"
lines1=$(wc -l <"$s1")
[ "$lines1" -ge 3 ] || fail "shard 1 has only $lines1 lines"

# A missing shard, and one never sealed (its task died before the end).
rm "$w/shard-0003.jsonl"
rm "$w/shard-0000.manifest"
expect_fail 1 "kgraph-scale: $w/shard-0000.jsonl: not sealed (no shard-0000.manifest: its extract did not finish)
kgraph-scale: $w/shard-0003.jsonl: missing
$nothing" merge
[ ! -e "$work/out" ] || fail "merge wrote $work/out"
# kgraph alone names a missing edge file too, and writes nothing.
expect_fail 1 "kgraph: $w/shard-0003.jsonl: No such file or directory" \
    "$kgraph" build --edges "$w/shard-0002.jsonl" "$w/shard-0003.jsonl" -o "$work/out"
[ ! -e "$work/out" ] || fail "build --edges wrote $work/out"
restore

# Cut at a line end: a valid edge file with fewer edges; only the
# manifest sees it.
head -n 2 "$s1" >"$work/cut" && cp "$work/cut" "$s1"
expect_fail 1 "kgraph-scale: $s1: truncated: 2 lines, expected $lines1
$nothing" merge
"$kgraph" stats "$s1" >/dev/null || fail "kgraph refused a file cut at a line end"
restore

# Cut in mid-line (the second line keeps 50 bytes): kgraph names the spot.
l1=$(head -n 1 "$s1" | wc -c)
head -c $((l1 + 50)) "$work/pristine/shard-0001.jsonl" >"$s1"
expect_fail 1 "kgraph-scale: $s1: truncated: 1 lines, expected $lines1
$nothing" merge
expect_fail 5 "kgraph: $s1:2:50: premature end of input" \
    "$kgraph" build --edges "$w/shard-0000.jsonl" "$s1" -o "$work/out"
[ ! -e "$work/out" ] || fail "build --edges wrote $work/out"
# The last line without its newline is a whole record to kgraph.
head -c -1 "$work/pristine/shard-0001.jsonl" >"$s1"
expect_fail 1 "kgraph-scale: $s1: truncated: $((lines1 - 1)) lines, expected $lines1
$nothing" merge
restore

# The same length, one byte changed.
sed -i '1s/"line":/"line" :/; 1s/"doc" *:/"doc":/' "$s1"
cmp -s "$s1" "$work/pristine/shard-0001.jsonl" && fail "sed changed nothing"
expect_fail 1 "kgraph-scale: $s1: content differs from its manifest (SHA-256)
$nothing" merge
restore

# A shard of another plan lying in the work folder.
cp "$w/shard-0002.jsonl" "$w/shard-0004.jsonl"
expect_fail 1 "kgraph-scale: $w/shard-0004.jsonl: not in the plan (4 shards)
$nothing" merge
restore

# A work folder holds one run; shards are planned only once.
expect_fail 1 "kgraph-scale: $w: not empty (a work folder holds one run; remove it or choose another)" \
    "$scale" plan -w "$w" -n 2 "$corpus"
expect_fail 1 "kgraph-scale: $work/none/plan: missing (run kgraph-scale plan first)" \
    "$scale" merge -w "$work/none" -o "$work/out"

merge 2>"$work/merge.err" || fail "merge of whole shards failed: $(cat "$work/merge.err")"
echo "shards.sh: missing, unsealed, truncated, changed and stray shards are refused by name"

# plan walks folders as kgraph does: each folder's names sorted bytewise,
# hidden entries and links to folders skipped, links to files followed.
t="$work/tree"
mkdir -p "$t/a/b" "$t/.hidden" "$t/z"
for f in a/x a-b a.b 'a b' a/b/y a/b0 .hidden/h a/.h z/Z z/a B é $'new\nline'; do
    echo "Harbour CCG has awarded a contract to Kestrel Care Limited." >"$t/$f"
done
ln -s ../B "$t/z/link"
ln -s ../a "$t/z/dirlink"
ln -s nowhere "$t/dangling"
"$scale" plan -w "$work/tw" -n 3 "$t"
cat "$work"/tw/shard-*.list >"$work/tw.all"
"$kgraph" extract -r "$rules" --mentions "$work/tw.mentions" -o "$work/tw.jsonl" "$t"
/usr/bin/python3 - "$work/tw.mentions" "$work/tw.kgraph" <<'PY'
import json, sys
docs = []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)["doc"]
    if not docs or docs[-1] != d:
        docs.append(d)
open(sys.argv[2], "wb").write(b"".join(d.encode() + b"\0" for d in docs))
PY
ndocs=$(tr -cd '\0' <"$work/tw.kgraph" | wc -c)
[ "$ndocs" -eq 12 ] || fail "kgraph found mentions in $ndocs documents, not 12"
cmp "$work/tw.all" "$work/tw.kgraph" || fail "plan's order differs from kgraph's: $(tr '\0' '|' <"$work/tw.all") vs $(tr '\0' '|' <"$work/tw.kgraph")"
# A link to the folder, given as INPUT, is followed by both.
ln -s tree "$work/treelink"
"$scale" plan -w "$work/tl" -n 2 "$work/treelink"
cat "$work"/tl/shard-*.list >"$work/tl.all"
sed -z "s#^$t/#$work/treelink/#" "$work/tw.all" >"$work/tl.expected"
cmp "$work/tl.all" "$work/tl.expected" || fail "plan of a link to the folder: $(tr '\0' '|' <"$work/tl.all")"
echo "shards.sh: plan lists documents in kgraph's order, through a link to the folder too"
