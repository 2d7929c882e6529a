#!/usr/bin/env bash
# bench/extract-profile.sh: instructions per input byte of `kgraph extract`
# (issue 15), counted by callgrind, so that the figure does not depend on
# what else the machine is doing.  Not part of the test suite.
#
#   bench/extract-profile.sh KGRAPH RULES FILE...
#
# Runs callgrind twice: on an empty file (loading the rules) and on FILEs,
# and prints both counts, the bytes and (extract - load) / bytes.  Set
# KEEP=path to keep the callgrind output of the second run for
# callgrind_annotate.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 KGRAPH RULES FILE..." >&2; exit 2; }
kgraph=$1 rules=$2
shift 2
command -v valgrind >/dev/null || { echo "extract-profile: needs valgrind" >&2; exit 2; }
tmp=$(mktemp -d /tmp/kg-extract-profile.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.txt"
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$1" "${@:2}" 2>&1 |
        awk '/Collected/ {print $4}'
}
load=$(ir "$tmp/load.out" "$kgraph" extract -r "$rules" -o /dev/null "$tmp/empty.txt")
total=$(ir "${KEEP:-$tmp/run.out}" "$kgraph" extract -r "$rules" -o /dev/null "$@")
bytes=$(find "$@" -type f -exec cat {} + | wc -c)
echo "load: $load instructions"
echo "extract: $total instructions over $bytes bytes"
awk -v t="$total" -v l="$load" -v b="$bytes" 'BEGIN { printf "per byte: %.0f\n", (t - l) / b }'
