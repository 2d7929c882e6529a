#!/usr/bin/env bash
# bench/extract-bench.sh: CPU of `kgraph extract` with the NHS pack on a
# ~1.1 MB corpus, this build against a reference binary, in the same run.
# Not part of the test suite.
#
#   bench/extract-bench.sh REFERENCE_KGRAPH [BUILD_DIR] [RUNS]
#
# The corpus is examples/nhs/corpus/*.txt copied COPIES times (default 140,
# about 1.1 MB) into a temporary folder, one file per copy, so the run has
# many documents as a real corpus would; the names and the order are fixed,
# so every run reads the same bytes.  CORPUS_DIR=dir writes it there and
# keeps it (to time or profile the same input with other tools).
#
# The reference is typically an older build, which cannot read today's pack
# (new sections such as `slots:`), so it runs the NHS pack as it was at git
# revision REF_REV (default c759592, the old build's commit), exported with
# git archive.  The two therefore find different edges and only their times
# are compared; byte-identical output is checked build against build on the
# same pack (docs/ARCHITECTURE.md, "Speed: filters before the matcher").
#
# Timing: after one warm-up run each, the two commands run in turn (new,
# reference, new, ...) RUNS times (default 11); each run's CPU (user +
# system seconds of the finished child, from getrusage) and wall time are
# recorded, and the ratio new/reference is taken pair by pair, so a drift
# in the machine's speed moves both sides of a ratio alike.  Printed: min,
# median and max of each figure; quote the median.  Outputs go to /dev/null.
set -euo pipefail
ref=${1:?usage: bench/extract-bench.sh REFERENCE_KGRAPH [BUILD_DIR] [RUNS]}
build=${2:-build}
runs=${3:-11}
copies=${COPIES:-140}
ref_rev=${REF_REV:-c759592}
root=$(cd "$(dirname "$0")/.." && pwd)
rules="$root/examples/nhs/rules.yaml"

tmp=$(mktemp -d /tmp/kg-extract-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
work=${CORPUS_DIR:-$tmp/corpus}
mkdir -p "$work"
for ((c = 0; c < copies; c++)); do
    for f in "$root"/examples/nhs/corpus/*.txt; do
        cp "$f" "$work/$(printf 'c%03d' "$c")-$(basename "$f")"
    done
done
files=("$work"/*.txt)
echo "corpus: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes in $work"
mkdir "$tmp/ref"
git -C "$root" archive "$ref_rev" examples/nhs | tar -x -C "$tmp/ref" --exclude='*/corpus/*'
ref_rules="$tmp/ref/examples/nhs/rules.yaml"

new="$(cd "$build" && pwd)/kgraph"
# Both builds must accept their pack and the corpus before their times mean anything.
"$new" extract -r "$rules" -o /dev/null "${files[@]}"
"$ref" extract -r "$ref_rules" -o /dev/null "${files[@]}"
echo "A = $new (pack of the work tree)"
echo "B = $ref (pack of $ref_rev)"

/usr/bin/python3 - "$runs" "$new" "$rules" "$ref" "$ref_rules" "${files[@]}" <<'EOF'
import os, resource, statistics, subprocess, sys, time

runs = int(sys.argv[1])
new, rules, ref, ref_rules = sys.argv[2:6]
files = sys.argv[6:]
cmds = {"A": [new, "extract", "-r", rules, "-o", "/dev/null"] + files,
        "B": [ref, "extract", "-r", ref_rules, "-o", "/dev/null"] + files}

def once(cmd):
    """CPU (user + system) and wall seconds of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall

for k in cmds:
    once(cmds[k])  # warm-up: page cache, dynamic loader
fig = {"A cpu s": [], "A wall s": [], "B cpu s": [], "B wall s": [],
       "A/B cpu": [], "A/B wall": []}
for r in range(runs):
    acpu, awall = once(cmds["A"])
    bcpu, bwall = once(cmds["B"])
    fig["A cpu s"].append(acpu); fig["A wall s"].append(awall)
    fig["B cpu s"].append(bcpu); fig["B wall s"].append(bwall)
    fig["A/B cpu"].append(acpu / bcpu); fig["A/B wall"].append(awall / bwall)
print(f"{runs} runs each, in turn (A B A B ...)")
print(f"{'':12}{'min':>10}{'median':>10}{'max':>10}")
for name, v in fig.items():
    print(f"{name:12}{min(v):10.3f}{statistics.median(v):10.3f}{max(v):10.3f}")
EOF
