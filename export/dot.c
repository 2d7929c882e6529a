/*
 * export/dot.c: the graph as Graphviz DOT, written by cgraph (agwrite).
 *
 * The DOT file holds every node and edge of the graph (never capped) with
 * the drawing style of the SVG (colour and shape by type, size by the
 * size_by measure, colour and style by relation, pen width by weight), the
 * chosen engine as the `layout` graph attribute and start=1, so that
 * `dot -Tsvg graph.dot` draws what kgraph draws, minus the legend.  It also
 * carries every data attribute: a node has label (its name), id "n<i>",
 * type, mentions, documents, component, community and one attribute per
 * measure; an edge has key and id "e<j>", relation, symmetric, weight,
 * documents, rules (joined by ';'), first_doc, first_line, first_evidence.
 * Parallel edges stay apart by their keys.
 *
 * Text values are escString-escaped (backslash doubled, newline as \n;
 * '&' as "&amp;" in label and tooltip) and quoted by cgraph, so no value can
 * end its string early or become a Graphviz escape.  The text is built in
 * memory and written only once complete.
 */
#include <stdlib.h>

#include "export/export_int.h"

int kgx_write_dot(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kgx_style st;
    kgx_style_init(&st, g, o);
    const char *engine = kgx_choose_layout(o, kg_graph_node_count(g), kg_graph_edge_count(g));
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) abort(); /* out of memory, the documented policy */
    kgx_gv_lock();
    kgx_gv *gv = NULL;
    int rc = kgx_gv_new(&gv, &st, NULL, engine, KGX_GV_DOT);
    if (rc == 0) rc = kgx_gv_write_dot(gv, mem);
    kgx_gv_free(gv);
    kgx_gv_unlock();
    if (fclose(mem) != 0 && rc == 0) rc = kg_error_set(KG_EOUTPUT, "DOT: cannot buffer output");
    if (rc == 0) rc = kgx_fwrite(fp, text, len);
    free(text);
    return rc;
}
