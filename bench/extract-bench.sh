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
# so every run reads the same bytes.
#
# The reference is typically an older build, which cannot read today's pack
# (new sections such as `slots:`), so it runs the NHS pack as it was at git
# revision REF_REV (default c759592, the old build's commit), exported with
# git archive.  The two therefore find different edges and only their times
# are compared; byte-identical output is checked build against build on the
# same pack (see docs/ARCHITECTURE.md, "Speed").
#
# The timer is farm-bench (pairs A and B run by run and prints min, median
# and max of wall, user, system and cpu seconds plus the A/B ratio); set
# TIMER to another command taking the same arguments if it is not here.
# Both commands write their output to /dev/null, so the pipe costs nothing.
set -euo pipefail
ref=${1:?usage: bench/extract-bench.sh REFERENCE_KGRAPH [BUILD_DIR] [RUNS]}
build=${2:-build}
runs=${3:-11}
copies=${COPIES:-140}
ref_rev=${REF_REV:-c759592}
timer=${TIMER:-farm-bench}
root=$(cd "$(dirname "$0")/.." && pwd)
rules="$root/examples/nhs/rules.yaml"

work=$(mktemp -d /tmp/kg-extract-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
for ((c = 0; c < copies; c++)); do
    for f in "$root"/examples/nhs/corpus/*.txt; do
        cp "$f" "$work/$(printf 'c%02d' "$c")-$(basename "$f")"
    done
done
files=("$work"/*.txt)
mkdir "$work/ref"
git -C "$root" archive "$ref_rev" examples/nhs | tar -x -C "$work/ref" --exclude='*/corpus/*'
ref_rules="$work/ref/examples/nhs/rules.yaml"
echo "corpus: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes"

new="$(cd "$build" && pwd)/kgraph"
# Both builds must accept the pack and the corpus before their times mean anything.
"$new" extract -r "$rules" -o /dev/null "${files[@]}"
"$ref" extract -r "$ref_rules" -o /dev/null "${files[@]}"

"$timer" -n "$runs" --warmup 1 --timeout 600 \
    --vs "$ref extract -r $ref_rules -o /dev/null ${files[*]}" \
    -- "$new" extract -r "$rules" -o /dev/null "${files[@]}"
