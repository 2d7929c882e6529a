#!/bin/sh
# tests/layering/check.sh SOURCE_DIR GRAPH_PROGRAM: the module graph of
# docs/ARCHITECTURE.md, checked on the sources and on a linked program.
#   - cli/ is a client of the public headers: it includes kgraph/*.h, its
#     own headers and util/ (the private support layer), no module's
#     private header;
#   - graph/ and edges/ include nothing of rules/ or extract/, public or
#     private;
#   - GRAPH_PROGRAM (tests/graph/tools/graph_dump, linked with kg_graph
#     alone) needs neither libyaml nor PCRE2.
set -u
src=$1 prog=$2
status=0
bad() { echo "layering: $*" >&2; status=1; }

hits=$(grep -n '#include "\(extract\|rules\|graph\|export\|edges\|text\)/' "$src"/cli/*.c "$src"/cli/*.h)
[ -z "$hits" ] || bad "cli/ includes a module's private header:
$hits"
hits=$(grep -n '#include "\(extract\|rules\)/\|#include "kgraph/\(extract\|rules\|ruletest\|authoring\)\.h"' \
       "$src"/graph/*.c "$src"/graph/*.h "$src"/edges/*.c "$src"/include/kgraph/graph.h \
       "$src"/include/kgraph/edges.h)
[ -z "$hits" ] || bad "graph or edges includes rules or extract:
$hits"
needed=$(readelf -d "$prog" | grep NEEDED)
case "$needed" in
*libyaml*|*libpcre2*) bad "$prog links libyaml or PCRE2:
$needed" ;;
esac
[ $status -eq 0 ] && echo "layering: cli uses public headers; graph and edges stand without rules"
exit $status
