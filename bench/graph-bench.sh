#!/usr/bin/env bash
# bench/graph-bench.sh: `kgraph build --edges` against the same igraph calls
# made directly by bench/igraph_direct, on a generated 10,000-node,
# 50,000-edge corpus, in the same run.  Prints each run's wall time, the
# medians and the ratio kgraph / igraph.  Not part of the test suite.
#
#   bench/graph-bench.sh [BUILD_DIR] [RUNS]
#
# Two comparisons: the default analysis (betweenness and closeness with a
# 3-hop cutoff above 5,000 nodes) against igraph_direct with the same
# cutoff, and --exact-paths against igraph_direct's exact calls.
set -euo pipefail
build=${1:-build}
runs=${2:-3}
work=$(mktemp -d /tmp/kg-graph-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$(dirname "$0")/gen_graph.py" --nodes 10000 --edges 50000 --seed 1 \
    --jsonl "$work/g.jsonl" --tsv "$work/g.tsv"
echo "corpus: $(wc -l < "$work/g.jsonl") edge records, $(head -1 "$work/g.tsv")"

wall() { # wall time of a command, in seconds
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

compare() { # label, kgraph extra args, igraph_direct extra args
    local label=$1 kargs=$2 iargs=$3 k=() i=()
    for ((r = 0; r < runs; r++)); do
        k+=("$(wall "$build/kgraph" build --edges "$work/g.jsonl" -o "$work/out" -q $kargs)")
        i+=("$(wall "$build/bench/igraph_direct" "$work/g.tsv" $iargs)")
        printf '%s run %d: kgraph %.3f s, igraph %.3f s\n' "$label" $((r + 1)) "${k[-1]}" "${i[-1]}"
    done
    local km im
    km=$(printf '%s\n' "${k[@]}" | median)
    im=$(printf '%s\n' "${i[@]}" | median)
    printf '%s: median kgraph %.3f s, igraph %.3f s, ratio %.3f\n' "$label" "$km" "$im" \
        "$(echo "$km / $im" | bc -l)"
}

compare "cutoff 3" "" "3"
compare "exact" "--exact-paths" ""
