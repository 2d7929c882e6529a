/*
 * export/drawn.c: which part of a large graph is drawn.
 *
 * A drawing (the SVG) and the positions of GEXF and GraphML show at most
 * max_drawn nodes and max_drawn_edges edges of the graph, because Graphviz's
 * layout and rendering grow with both: the 1,000 most central nodes of a
 * 100,000-node, 1,000,000-edge graph carry over 90,000 edges among them,
 * whose SVG alone is over 10 MB.  The choice:
 *
 *   nodes  the max_drawn nodes with the highest size_by measure, ties by
 *          node order (all nodes when there are not more);
 *   edges  of the edges between drawn nodes, the max_drawn_edges with the
 *          highest weight, ties by edge order (all when not more).
 *
 * Both are a pure function of the graph and the options, so the SVG and the
 * GEXF/GraphML positions agree and output stays byte-identical from run to
 * run.  A drawn node may end up with no drawn edge; it is still drawn, so
 * that "the most central nodes" stays true.  The masks are NULL when
 * nothing is left out, which is how gv.c reads "everything".
 *
 * The sorts use local (value, index) pairs, no global comparator state, so
 * this file needs no lock.
 */
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"

typedef struct ranked {
    double v;
    size_t i;
} ranked;

/* Higher value first, then lower index: a total order, so qsort's result
 * does not depend on its algorithm. */
static int by_value_desc(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->v != b->v) return a->v > b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

size_t kgx_drawn_edge_cap(const kgx_opts *o)
{
    if (o->max_drawn_edges) return o->max_drawn_edges;
    if (o->max_drawn > SIZE_MAX / KGX_EDGES_PER_DRAWN_NODE) return SIZE_MAX;
    return o->max_drawn * KGX_EDGES_PER_DRAWN_NODE;
}

/* keep[] for the top k nodes of st by size_by (caller frees). */
static bool *top_nodes(const kgx_style *st, size_t k)
{
    size_t n = kg_graph_node_count(st->g);
    ranked *r = kg_xmalloc((n ? n : 1) * sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = (ranked){kg_graph_node(st->g, i)->measures[st->size_by], i};
    qsort(r, n, sizeof *r, by_value_desc);
    bool *keep = kg_xcalloc(n ? n : 1, sizeof *keep);
    for (size_t k2 = 0; k2 < k && k2 < n; k2++) keep[r[k2].i] = true;
    free(r);
    return keep;
}

size_t kgx_drawn_edges(bool **out, size_t *nbetween, const kg_graph *g, const bool *keep,
                       size_t cap)
{
    size_t m = kg_graph_edge_count(g), between = 0;
    *out = NULL;
    for (size_t j = 0; j < m; j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        between += !keep || (keep[e->source] && keep[e->target]);
    }
    if (nbetween) *nbetween = between;
    if (between <= cap) return between;
    ranked *r = kg_xmalloc(between * sizeof *r);
    size_t k = 0;
    for (size_t j = 0; j < m; j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        if (!keep || (keep[e->source] && keep[e->target])) r[k++] = (ranked){(double)e->weight, j};
    }
    qsort(r, between, sizeof *r, by_value_desc);
    bool *edges = kg_xcalloc(m, sizeof *edges);
    for (size_t t = 0; t < cap; t++) edges[r[t].i] = true;
    free(r);
    *out = edges;
    return cap;
}

void kgx_drawn_select(kgx_drawn *d, const kgx_style *st, const kgx_opts *o)
{
    const kg_graph *g = st->g;
    memset(d, 0, sizeof *d);
    d->n = kg_graph_node_count(g);
    d->m = kg_graph_edge_count(g);
    d->drawn_nodes = d->n;
    if (d->n > o->max_drawn) {
        d->nodes = top_nodes(st, o->max_drawn);
        d->drawn_nodes = o->max_drawn;
    }
    d->drawn_edges = kgx_drawn_edges(&d->edges, &d->between, g, d->nodes, kgx_drawn_edge_cap(o));
}

void kgx_drawn_free(kgx_drawn *d)
{
    free(d->nodes);
    free(d->edges);
    memset(d, 0, sizeof *d);
}

void kgx_grouped(char buf[32], size_t v)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", v), o = 0;
    for (int k = 0; k < len; k++) {
        if (k && (len - k) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = 0;
}

void kgx_drawn_note(const kgx_drawn *d, const kgx_style *st, const kgx_opts *o, const char *what)
{
    char dn[32], n[32], de[32], bt[32];
    kgx_grouped(dn, d->drawn_nodes);
    kgx_grouped(n, d->n);
    kgx_grouped(de, d->drawn_edges);
    kgx_grouped(bt, d->between);
    const char *by = kg_graph_measure_names[st->size_by];
    if (d->drawn_nodes < d->n && d->drawn_edges < d->between)
        kgx_note(o, "%s %s of %s nodes (the highest %s) and %s of the %s edges among them (the "
                    "heaviest); --max-drawn and --max-drawn-edges change this",
                 what, dn, n, by, de, bt);
    else if (d->drawn_nodes < d->n)
        kgx_note(o, "%s %s of %s nodes (the highest %s) and the %s edges among them; "
                    "--max-drawn changes this",
                 what, dn, n, by, de);
    else if (d->drawn_edges < d->between)
        kgx_note(o, "%s all %s nodes and %s of their %s edges (the heaviest); "
                    "--max-drawn-edges changes this",
                 what, n, de, bt);
}
