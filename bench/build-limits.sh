#!/usr/bin/env bash
# bench/build-limits.sh: the big cases of issue 14 ("no unbounded reads",
# "bounded memory and time in the graph"), each run under /usr/bin/time -v
# and a timeout, printing peak RSS and wall time.  Not part of the test
# suite (the tests check the same behaviour on small inputs).
#
#   bench/build-limits.sh [KGRAPH] [CASE...]
#
# KGRAPH is the binary to measure (default build-dev/kgraph), so that an
# older build can be measured the same way.  Cases (default: all):
#   devzero   kgraph extract /dev/zero           (a device that never ends)
#   sparse    kgraph extract on a 1 GB sparse file (truncate -s 1G)
#   dup1m     build --edges: one identical edge record x 1,000,000
#   dup3m     build --edges: one identical edge record x 3,000,000
#   corpus    build --edges: the example corpus's edges x 20,000
#   big       build --edges: 200,000 nodes, 1,000,000 edges (bench/gen_graph.py)
# TIMEOUT (seconds, default 600) bounds each case; /dev/zero gets
# DEVZERO_TIMEOUT (default 6): a reader that never stops grows by ~70 MB/s.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
kg=${1:-$root/build-dev/kgraph}
shift || true
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(devzero sparse dup1m dup3m corpus big)
limit=${TIMEOUT:-600}
work=$(mktemp -d /tmp/kg-limits.XXXXXX)
trap 'rm -rf "$work"' EXIT
rules=$root/examples/nhs/rules.yaml

# measure LABEL CMD...: peak RSS and wall time of CMD under the timeout.
measure() {
    local label=$1
    shift
    local t0 t1 rc
    t0=$(date +%s.%N)
    # time outside timeout: the peak RSS is reported for a killed run too
    /usr/bin/time -v -o "$work/time" timeout "${tlimit:-$limit}" "$@" >"$work/stdout" 2>"$work/err"
    rc=$?
    t1=$(date +%s.%N)
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time" 2>/dev/null)
    rm -rf "$work/out"
    if [ "$rc" = 124 ]; then
        printf '%-8s timed out after %s s (exit 124), peak RSS %s kB\n' "$label" "${tlimit:-$limit}" "${rss:-?}"
    else
        printf '%-8s exit %s, %.2f s, peak RSS %s kB\n' "$label" "$rc" "$(echo "$t1 - $t0" | bc -l)" "${rss:-?}"
    fi
    grep -m3 -v '^$' "$work/err" | sed 's/^/         /'
}

# repeat FILE N OUT: OUT holds the lines of FILE, N times over.
repeat() {
    local i
    for ((i = 0; i < $2; i++)); do cat "$1"; done >"$3"
}

for c in "${cases[@]}"; do
    case $c in
    devzero) tlimit=${DEVZERO_TIMEOUT:-6} measure devzero "$kg" extract -r "$rules" /dev/zero -o "$work/e.jsonl" ;;
    sparse)
        truncate -s 1G "$work/sparse.txt"
        measure sparse "$kg" extract -r "$rules" "$work/sparse.txt" -o "$work/e.jsonl"
        rm -f "$work/sparse.txt"
        ;;
    dup1m | dup3m)
        n=1000000
        [ "$c" = dup3m ] && n=3000000
        "$kg" extract -r "$rules" "$root/examples/nhs/corpus" 2>/dev/null | head -1 >"$work/one.jsonl"
        yes "$(cat "$work/one.jsonl")" | head -n "$n" >"$work/dup.jsonl"
        measure "$c" "$kg" build --edges "$work/dup.jsonl" -o "$work/out" --formats none -q
        rm -f "$work/dup.jsonl"
        ;;
    corpus)
        "$kg" extract -r "$rules" "$root/examples/nhs/corpus" -o "$work/c.jsonl" 2>/dev/null
        repeat "$work/c.jsonl" 100 "$work/c100.jsonl"
        repeat "$work/c100.jsonl" 200 "$work/c20k.jsonl"
        echo "corpus: $(wc -l <"$work/c.jsonl") records x 20,000"
        measure corpus "$kg" build --edges "$work/c20k.jsonl" -o "$work/out" --formats none -q
        rm -f "$work/c100.jsonl" "$work/c20k.jsonl"
        ;;
    big)
        /usr/bin/python3 "$here/gen_graph.py" --nodes 200000 --edges 1000000 --seed 1 \
            --jsonl "$work/big.jsonl"
        measure big "$kg" build --edges "$work/big.jsonl" -o "$work/out" --formats json -v
        rm -f "$work/big.jsonl"
        ;;
    *) echo "unknown case '$c'" >&2 ;;
    esac
done
