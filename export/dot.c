/*
 * export/dot.c: the graph as Graphviz DOT, written by cgraph (agwrite).
 *
 * The DOT file holds every node and edge of the graph (never capped) with
 * the drawing style of the SVG (colour and shape by type, size by the
 * size_by measure, colour and style by relation, pen width by weight) and
 * start=1, so that `dot -Tsvg graph.dot` (or `neato`, ...) draws what kgraph
 * draws, minus the legend.  It also carries every data attribute: a node
 * has label (its name, wrapped for drawing), name (the name as it is), id
 * "n<i>", type, mentions, documents, component, community and one attribute
 * per measure; an edge has key and id "e<j>", relation, symmetric, weight,
 * documents, rules (joined by ';'), first_doc, first_line, first_evidence.
 * Parallel edges stay apart by their keys.
 *
 * The engine is not in the file: a `layout` graph attribute overrides the
 * command (`neato graph.dot` would run dot), so the user could not choose.
 * The engine kgraph drew with is recorded as `kgraph_layout`, which Graphviz
 * ignores, and the engine's own settings (rankdir for dot; overlap, sep,
 * splines for the others) stay, harmless to the other engines.
 *
 * How: gv.c builds the graph the SVG draws, for this file (KGX_GV_DOT)
 * with every data attribute, each node's `name`, `kgraph_layout` in place
 * of `layout`, and the nodes created in the order dot_order (gv.c) gives,
 * and cgraph writes it once, straight to the caller's stream
 * (kg_export_write's is a temporary file, removed if anything fails).
 * Until December 2026 this file wrote the graph to memory, read the text
 * back with cgraph and wrote it again; the output is byte for byte what
 * that gave (the node order is the one that round trip produced; cgraph
 * writes attributes sorted by name either way), without the second graph,
 * the parse and two copies of the text (2.1 GiB for a 100,000-node,
 * 1,000,000-edge graph).
 *
 * Text values are escString-escaped (backslash doubled, newline as \n;
 * '&' as "&amp;" in label and tooltip) and quoted by cgraph, so no value can
 * end its string early or become a Graphviz escape.
 */
#include <stdio.h>

#include "export/export_int.h"

int kgx_write_dot(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kgx_style st;
    kgx_style_init(&st, g, o);
    const char *engine = kgx_choose_layout(o, kg_graph_node_count(g), kg_graph_edge_count(g));
    kgx_gv_lock();
    kgx_gv *gv = NULL;
    int rc = kgx_gv_new(&gv, &st, NULL, engine, KGX_GV_DOT);
    if (rc == 0) rc = kgx_gv_write_dot(gv, fp);
    kgx_gv_free(gv);
    kgx_gv_unlock();
    return rc;
}
