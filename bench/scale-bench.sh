#!/usr/bin/env bash
# bench/scale-bench.sh: kgraph's extraction speed against the tools a user
# would reach for, on the same bytes in the same run (issue 15).  Not part
# of the test suite.
#
#   bench/scale-bench.sh [BUILD_DIR] [RUNS]        (defaults: build, 5)
#   env: MB (corpus size, default 50), NAMES (gazetteer size, default 50000),
#        SEED (default 1), KEEP=dir (generate there and keep it), JOBS
#        (threads for the -j row, default the number of cores)
#
# Workload: bench/gen_corpus.py writes MB of news-like text and a gazetteer
# of NAMES invented organisations (names-KIND.txt, literals.txt).
# Rows (each run RUNS times after one warm-up, commands in turn so that a
# drift in the machine's speed touches all of them; median wall time):
#   read        cat of every file to /dev/null: the bandwidth floor
#   grep -F     LC_ALL=C grep -F -c -f literals.txt (case-sensitive)
#   rg -F       rg -j1 -F -c -f literals.txt (one thread, case-sensitive)
#   hyperscan   bench/hs_scan (hs_compile_lit_multi, block mode), and -i
#   dict        kgraph extract with a one-type pack: only the NAMES gazetteer
#               (case-insensitive, the default normalisation)
#   pack+names  kgraph extract with the NHS pack, each kind of name appended
#               to the matching gazetteer of the pack
#   pack-real   kgraph extract with the NHS pack on the example corpus copied
#               to about MB/5 (real-looking text, the pack's own names)
#   pack+names -jN   the same with N threads, when kgraph has --jobs
#   rules check kgraph rules check of the pack with the NAMES appended
#               (the gazetteer's compile time)
# Printed: median, min and max seconds, MB/s from the median, peak RSS
# (largest of the runs) and the ratio of kgraph's MB/s to each reference.
set -euo pipefail
build=${1:-build}
runs=${2:-5}
mb=${MB:-50}
names=${NAMES:-50000}
seed=${SEED:-1}
jobs=${JOBS:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
kgraph="$root/$build/kgraph"
hs="$root/$build/bench/hs_scan"
[ -x "$kgraph" ] || { echo "scale-bench: $kgraph not built" >&2; exit 2; }
for tool in rg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "scale-bench: needs $tool (apt-get install ripgrep time)" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/kg-scale-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
work=${KEEP:-$tmp/work}
if [ ! -f "$work/literals.txt" ]; then
    echo "generating $mb MB and $names names in $work ..." >&2
    /usr/bin/python3 "$root/bench/gen_corpus.py" --out "$work" --mb "$mb" --names "$names" --seed "$seed"
fi
files=("$work"/corpus/*.txt)
bytes=$(cat "${files[@]}" | wc -c)

# The NHS pack with the generated names appended to its gazetteers.
pack="$tmp/pack"
cp -r "$root/examples/nhs" "$pack"
cat "$work/names-ccg.txt" >>"$pack/gazetteers/commissioners.txt"
cat "$work/names-trust.txt" >>"$pack/gazetteers/trusts.txt"
cat "$work/names-council.txt" >>"$pack/gazetteers/councils.txt"
cat "$work/names-company.txt" >>"$pack/gazetteers/companies.txt"
# A pack of one type: the gazetteer alone.
cat >"$tmp/dict.yaml" <<EOF
types:
  - name: ORG
    label: organisation
    gazetteer_files: [$work/names.txt]
EOF
# Real-looking text: the example corpus, copied to about MB/5.
real="$tmp/real"
mkdir -p "$real"
ex_bytes=$(cat "$root"/examples/nhs/corpus/*.txt | wc -c)
copies=$(((mb * 200000) / ex_bytes + 1))
for ((c = 0; c < copies; c++)); do
    for f in "$root"/examples/nhs/corpus/*.txt; do cp "$f" "$real/$(printf %05d "$c")-$(basename "$f")"; done
done
real_files=("$real"/*.txt)
real_bytes=$(cat "${real_files[@]}" | wc -c)

names_=() cmds=() sizes=()
row() { names_+=("$1"); sizes+=("$2"); cmds+=("$3"); }
q() { printf '%q ' "$@"; }
qq() { printf '%q' "$1"; }
row "read" "$bytes" "cat $(qq "$work")/corpus/*.txt >/dev/null"
row "grep -F" "$bytes" "LC_ALL=C grep -F -c -f $(q "$work/literals.txt") $(qq "$work")/corpus/*.txt >/dev/null"
row "rg -F" "$bytes" "rg -j1 -F -c -f $(q "$work/literals.txt") $(qq "$work")/corpus/*.txt >/dev/null"
if [ -x "$hs" ]; then
    row "hyperscan" "$bytes" "$(q "$hs" "$work/literals.txt") $(qq "$work")/corpus/*.txt >/dev/null"
    row "hyperscan -i" "$bytes" "$(q "$hs" -i "$work/literals.txt") $(qq "$work")/corpus/*.txt >/dev/null"
else
    echo "scale-bench: no $hs (install libhyperscan-dev and rebuild): hyperscan rows skipped" >&2
fi
row "kgraph dict" "$bytes" "$(q "$kgraph" extract -j 1 -r "$tmp/dict.yaml" -o /dev/null "$work/corpus")"
row "kgraph pack+names" "$bytes" "$(q "$kgraph" extract -j 1 -r "$pack/rules.yaml" -o /dev/null "$work/corpus")"
row "kgraph pack-real" "$real_bytes" "$(q "$kgraph" extract -j 1 -r "$root/examples/nhs/rules.yaml" -o /dev/null "$real")"
if "$kgraph" extract --help 2>&1 | grep -q -- '--jobs'; then
    row "kgraph pack+names -j$jobs" "$bytes" "$(q "$kgraph" extract -j "$jobs" -r "$pack/rules.yaml" -o /dev/null "$work/corpus")"
fi
row "kgraph rules check" 0 "$(q "$kgraph" rules check "$pack/rules.yaml") >/dev/null"

# One timed run: wall seconds and peak RSS (kB) of the command.
timed() { /usr/bin/time -f "%e %M" -o "$tmp/t" bash -c "$1" 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }; cat "$tmp/t"; }
n=${#cmds[@]}
declare -A wall rss
for ((i = 0; i < n; i++)); do timed "${cmds[$i]}" >/dev/null; done # warm-up
for ((r = 0; r < runs; r++)); do
    for ((i = 0; i < n; i++)); do
        read -r w m < <(timed "${cmds[$i]}")
        wall[$i]+="$w "
        [ "${rss[$i]:-0}" -ge "$m" ] || rss[$i]=$m
    done
done

printf '%s MB of generated text (%s files), %s names; %s MB of example text; %s runs each\n' \
    "$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')" "${#files[@]}" "$names" \
    "$(awk -v b="$real_bytes" 'BEGIN{printf "%.1f", b/1e6}')" "$runs"
printf '%-26s %8s %8s %8s %9s %9s\n' command median min max MB/s peakMB
for ((i = 0; i < n; i++)); do
    read -r med mn mx < <(tr ' ' '\n' <<<"${wall[$i]}" | grep . | sort -g |
        awk '{v[NR]=$1} END{printf "%s %s %s\n", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2), v[1], v[NR]}')
    mbs=$(awk -v b="${sizes[$i]}" -v t="$med" 'BEGIN{ if (b > 0 && t > 0) printf "%.2f", b/1e6/t; else printf "-" }')
    printf '%-26s %8s %8s %8s %9s %9s\n' "${names_[$i]}" "$med" "$mn" "$mx" "$mbs" "$((rss[$i] / 1024))"
    speed[$i]=$mbs
done
echo
echo "ratios of MB/s (kgraph / reference):"
for ((i = 0; i < n; i++)); do
    case "${names_[$i]}" in kgraph*check) continue ;; kgraph*) ;; *) continue ;; esac
    line="  ${names_[$i]}:"
    for ((j = 0; j < n; j++)); do
        case "${names_[$j]}" in kgraph*) continue ;; esac
        line+=$(awk -v a="${speed[$i]}" -v b="${speed[$j]}" -v nm="${names_[$j]}" \
            'BEGIN{ if (b > 0) printf "  %s %.3fx", nm, a/b }')
    done
    echo "$line"
done
for ((i = 0; i < n; i++)); do
    case "${names_[$i]}" in "kgraph pack+names -j"*) ;; *) continue ;; esac
    for ((j = 0; j < n; j++)); do
        [ "${names_[$j]}" = "kgraph pack+names" ] || continue
        awk -v a="${speed[$i]}" -v b="${speed[$j]}" -v nm="${names_[$i]}" \
            'BEGIN{ if (b > 0) printf "threads: %s / one thread: %.2fx\n", nm, a/b }'
    done
done
