#!/usr/bin/env bash
# tests/scaleout/parallel.sh KGRAPH SOURCE_DIR WORK_DIR: the GNU parallel
# one-liner of docs/scale-out.md, on this machine.
#
# Runs the example corpus through `kgraph-scale plan`, `parallel` over the
# shard indexes, and `kgraph-scale merge`, with 4 shards and with one shard
# per document (one of them has no edge: an empty shard), and checks that
# every output file equals a single `kgraph build` of the corpus byte for
# byte.  (About 10 s of CPU time, most of it process start-ups: 18
# shards, each a bash, a kgraph and a checksum, and parallel's Perl.)  Then checks that `kgraph build --edges`
# writes the same graph files whatever the order of the shards.  GNU
# parallel runs with a HOME of its own, so its citation notice, or a
# user's ~/.parallel/config, cannot change what it does.
set -euo pipefail
kgraph=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
scale="$src/examples/scale-out/kgraph-scale"
rules=examples/nhs/rules.yaml corpus=examples/nhs/corpus
command -v parallel >/dev/null || fail "GNU parallel is not installed (Debian: parallel)"

rm -rf "$work"
mkdir -p "$work/home"
export HOME="$work/home"
kgraph=$(realpath "$kgraph")
cd "$src"
"$kgraph" build -q -r "$rules" "$corpus" -o "$work/single"
ndocs=$(ls "$corpus" | wc -l)

# The recipe, as docs/scale-out.md gives it (-j2: this machine's cores).
for n in 4 "$ndocs"; do
    w="$work/work-$n" out="$work/out-$n"
    "$scale" plan -w "$w" -n "$n" "$corpus" &&
        "$scale" indexes -w "$w" |
        parallel -q --will-cite -j2 --halt now,fail=1 "$scale" extract -w "$w" -i {} --kgraph "$kgraph" -- -r "$rules" &&
        "$scale" merge -w "$w" -o "$out" --kgraph "$kgraph" -- -r "$rules" ||
        fail "the recipe failed with $n shards"
    [ "$(ls "$w"/shard-*.jsonl | wc -l)" -eq "$n" ] || fail "not $n shard files"
    files=$(same_files "$work/single" "$out")
    echo "parallel.sh: $n shards: all $files files equal a single build's"
done
# One document per shard: 05-no-relations.txt gave an empty shard.
[ -n "$(find "$work/work-$ndocs" -name 'shard-*.jsonl' -empty)" ] || fail "no empty shard among $ndocs"

# More shards than documents: one per document, said on stderr.
"$scale" plan -w "$work/work-many" -n 100 "$corpus" 2>"$work/many.err"
[ "$(cat "$work/many.err")" = "kgraph-scale: 100 shards asked for $ndocs documents: planning $ndocs" ] ||
    fail "unexpected message: $(cat "$work/many.err")"
[ "$(cat "$work/work-many/plan")" = "shards $ndocs" ] || fail "plan: $(cat "$work/work-many/plan")"

# The graph files do not depend on the order of the shards.
w="$work/work-4"
"$kgraph" build -q -r "$rules" --edges "$w"/shard-0003.jsonl "$w"/shard-0001.jsonl \
    "$w"/shard-0000.jsonl "$w"/shard-0002.jsonl -o "$work/shuffled"
[ ! -e "$work/shuffled/edges.jsonl" ] || fail "build --edges wrote edges.jsonl"
files=$(same_files "$work/single" "$work/shuffled" edges.jsonl)
echo "parallel.sh: shards in another order: the $files graph files are the same"
