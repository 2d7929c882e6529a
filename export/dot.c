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
 * How: gv.c builds the graph the SVG draws (its `layout` attribute
 * included, since svg.c relies on it), cgraph writes it, and this file
 * reads that text back with agmemread, drops `layout`, adds
 * `kgraph_layout` and each node's `name`, and writes it again.  Going
 * through the text keeps gv.c's graph as the SVG's; the round trip is
 * faithful (cgraph writes what it reads, attributes sorted by name) and
 * deterministic.
 *
 * Text values are escString-escaped (backslash doubled, newline as \n;
 * '&' as "&amp;" in label and tooltip) and quoted by cgraph, so no value can
 * end its string early or become a Graphviz escape.
 *
 * Memory: the intermediate text goes to an anonymous temporary file, not
 * memory, and the first graph is freed before the second is read, so the
 * peak is one cgraph graph (the DOT of a 100,000-node, 1,000,000-edge graph
 * peaked at 2.1 GiB with both graphs and two copies of the text in
 * memory).  The second graph is written straight to the caller's stream:
 * kg_export_write's is a temporary file, removed if anything fails.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <gvc.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"

/* Write gv's DOT text into an anonymous temporary file (*out, rewound),
 * not memory: the text of a large graph is as large as the graph. */
static int dot_text(kgx_gv *gv, FILE **out)
{
    *out = tmpfile();
    if (!*out) return kg_error_set(KG_EOUTPUT, "DOT: cannot create a temporary file: %s",
                                   strerror(errno));
    int rc = kgx_gv_write_dot(gv, *out);
    if (rc == 0 && (fflush(*out) != 0 || fseek(*out, 0, SEEK_SET) != 0))
        rc = kg_error_set(KG_EOUTPUT, "DOT: cannot buffer output: %s", strerror(errno));
    if (rc) {
        fclose(*out);
        *out = NULL;
    }
    return rc;
}

/* Re-read the text in `in`, move the engine out of `layout`, add node
 * names, and write the result to fp.  Called with the Graphviz lock held. */
static int rewrite(const kg_graph *g, const char *engine, FILE *in, FILE *fp)
{
    Agraph_t *dg = agread(in, NULL);
    if (!dg) return kg_error_set(KG_EGRAPH, "DOT: Graphviz cannot read back its own output");
    /* agwrite leaves out an attribute whose default is empty unless its
     * print flag is set, which the parser did for layout. */
    Agsym_t *layout = agattr(dg, AGRAPH, "layout", "");
    if (layout) layout->print = 0;
    agattr(dg, AGRAPH, "kgraph_layout", (char *)engine);
    agattr(dg, AGNODE, "name", "");
    kg_buf b = KG_BUF_INIT;
    size_t n = kg_graph_node_count(g);
    for (Agnode_t *an = agfstnode(dg); an; an = agnxtnode(dg, an)) {
        const char *id = agnameof(an); /* "n<i>", as gv.c names them */
        char *end;
        size_t i = id[0] == 'n' ? strtoul(id + 1, &end, 10) : n;
        assert(i < n && *end == 0);
        kg_buf_clear(&b);
        /* not displayed by Graphviz, so no &amp; (unlike label) */
        kgx_gv_escape(&b, kg_graph_node(g, i)->name, false);
        agset(an, "name", b.ptr ? b.ptr : "");
    }
    kg_buf_free(&b);
    int rc = 0;
    if (agwrite(dg, fp) != 0 || ferror(fp)) {
        if (ferror(fp)) rc = kg_error_set(KG_EOUTPUT, "write failed");
        else rc = kg_error_set(KG_EGRAPH, "DOT: Graphviz cannot write DOT");
    }
    agclose(dg);
    return rc;
}

int kgx_write_dot(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kgx_style st;
    kgx_style_init(&st, g, o);
    const char *engine = kgx_choose_layout(o, kg_graph_node_count(g), kg_graph_edge_count(g));
    FILE *text = NULL;
    kgx_gv_lock();
    kgx_gv *gv = NULL;
    int rc = kgx_gv_new(&gv, &st, NULL, engine, KGX_GV_DOT);
    if (rc == 0) rc = dot_text(gv, &text);
    kgx_gv_free(gv); /* before the second graph is read: one at a time */
    if (rc == 0) rc = rewrite(g, engine, text, fp);
    kgx_gv_unlock();
    if (text) fclose(text);
    return rc;
}
