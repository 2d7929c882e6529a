#!/usr/bin/env bash
# bench/memory-bench.sh: peak memory of `kgraph extract` as the input grows
# tenfold (issue 15: "peak RSS with 100 MB and with 1 GB of input is the same
# within 10%").  Not part of the test suite.
#
#   bench/memory-bench.sh [BUILD_DIR]        (default: build)
#   env: MB (the small input, default 100), JOBS (threads, default the cores)
#
# Inputs: bench/gen_corpus.py writes MB of news-like text as many small
# documents; the large input is the same documents named ten times (10 x MB
# read and extracted: memory behaves as for new text, since every document
# starts afresh).  The single-document rows join the corpus into one file
# and then ten copies of it into another (read in windows: kg_extract_stream).
# Each row runs once (they are long); printed: wall seconds, peak RSS and the
# ratio of the large input's peak to the small one's.
set -euo pipefail
build=${1:-build}
mb=${MB:-100}
jobs=${JOBS:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
kgraph="$root/$build/kgraph"
[ -x "$kgraph" ] || { echo "memory-bench: $kgraph not built" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "memory-bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/kg-memory-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
echo "generating $mb MB ..." >&2
/usr/bin/python3 "$root/bench/gen_corpus.py" --out "$tmp/w" --mb "$mb" --names 5000 --seed 1 >/dev/null
small=("$tmp"/w/corpus/*.txt)
large=()
for ((c = 0; c < 10; c++)); do large+=("${small[@]}"); done
cat "${small[@]}" >"$tmp/one.txt"
for ((c = 0; c < 10; c++)); do cat "$tmp/one.txt"; done >"$tmp/ten.txt"
rules="$root/examples/nhs/rules.yaml"

run() { # NAME CMD...: one timed run
    /usr/bin/time -f "%e %M" -o "$tmp/t" "${@:2}" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    read -r w m <"$tmp/t"
    printf '%-40s %8s s %8.1f MB\n' "$1" "$w" "$(awk -v k="$m" 'BEGIN{print k/1024}')"
    echo "$m" >"$tmp/rss.$2"
}
peak() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }

for j in 1 "$jobs"; do
    /usr/bin/time -f "%e %M" -o "$tmp/t1" "$kgraph" extract -j "$j" -r "$rules" -o /dev/null "${small[@]}"
    /usr/bin/time -f "%e %M" -o "$tmp/t2" "$kgraph" extract -j "$j" -r "$rules" -o /dev/null "${large[@]}"
    read -r w1 m1 <"$tmp/t1"; read -r w2 m2 <"$tmp/t2"
    printf 'extract -j%-3s %4s MB of documents: %7s s %8s MB | x10: %7s s %8s MB | peak ratio %s\n' \
        "$j" "$mb" "$w1" "$(peak "$m1")" "$w2" "$(peak "$m2")" "$(ratio "$m2" "$m1")"
done
/usr/bin/time -f "%e %M" -o "$tmp/t1" "$kgraph" extract -j 1 --max-doc-size 64G -r "$rules" -o /dev/null "$tmp/one.txt"
/usr/bin/time -f "%e %M" -o "$tmp/t2" "$kgraph" extract -j 1 --max-doc-size 64G -r "$rules" -o /dev/null "$tmp/ten.txt"
read -r w1 m1 <"$tmp/t1"; read -r w2 m2 <"$tmp/t2"
printf 'extract one document     %4s MB:          %7s s %8s MB | x10: %7s s %8s MB | peak ratio %s\n' \
    "$mb" "$w1" "$(peak "$m1")" "$w2" "$(peak "$m2")" "$(ratio "$m2" "$m1")"
