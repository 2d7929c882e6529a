#!/bin/sh
# tests/install/check.sh BUILD_DIR WORK_DIR [CFLAGS...]: install the build
# into a temporary prefix, then compile and link tests/install/app.c with
# nothing but `pkg-config --cflags --libs kgraph` and run it.  Proves that
# the install holds the library, the headers and a kgraph.pc that works.
set -eu
build=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
pc=$(find "$work/prefix" -name kgraph.pc)
[ -n "$pc" ] || { echo "check.sh: no kgraph.pc installed" >&2; exit 1; }
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --libs kgraph)
echo "pkg-config --cflags --libs kgraph: $flags"
# The tree's own headers must not be what the program finds.
case "$flags" in *"$here"*|*/include/kgraph*) echo "check.sh: flags point into the tree" >&2; exit 1 ;; esac
${CC:-cc} -std=c11 -Wall -Werror "$@" "$here/app.c" $flags -o "$work/app"
"$work/app" "$work/edges.jsonl" >"$work/out.txt"
tail -1 "$work/out.txt"
[ "$(tail -1 "$work/out.txt")" = "nodes 2 edges 1" ] || { echo "check.sh: unexpected output" >&2; exit 1; }
grep -q '"relation": "acquires"' "$work/out.txt" || { echo "check.sh: no edge in the JSON" >&2; exit 1; }
grep -q '"relation":"acquires"' "$work/edges.jsonl" || { echo "check.sh: no edge record" >&2; exit 1; }
echo "check.sh: installed library, headers and kgraph.pc work"
