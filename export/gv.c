/*
 * export/gv.c: the Graphviz session shared by the DOT, SVG and GEXF
 * writers.  This file and dot.c, svg.c, gexf.c are the only code of kgraph
 * that sees Graphviz.
 *
 * A kgx_gv owns a GVC context and one cgraph graph built from a kg_graph:
 *
 *   kg node i  --keep[i]-->  Agnode "n<i>"  (nodes[i], NULL when left out)
 *   kg edge j  (both ends kept)  -->  Agedge keyed "e<j>", id "e<j>"
 *
 * The graph is Agdirected, not strict, so parallel edges of different
 * relations (and symmetric loops) survive; a symmetric edge is drawn with
 * dir=none.  Every string from text goes through kgx_gv_escape (labels,
 * tooltips, data attributes alike), because cgraph quotes values but leaves
 * backslashes alone and Graphviz would expand \N, \G, ... in labels and read
 * a final backslash as escaping the closing quote.
 *
 * Node attributes (gazetteer codes) become data attributes "attr_<key>"
 * (declared with an empty default) and a line of the tooltip.
 *
 * Attributes with a common value are declared once as defaults (written as
 * `node [...]` in DOT); per-node values are set only where they vary.
 * Layouts are seeded (start=1) and cgraph writes nodes and edges in creation
 * order, which is the graph's order, so output is reproducible.
 *
 * All graphs share one GVC context, made once per process (see
 * shared_context for why).
 *
 * Errors: Graphviz reports through agerr(); while the module lock is held
 * its messages go into a buffer instead of stderr, and a failing call turns
 * them into the KG_EGRAPH message.  Graphviz keeps global state (the error
 * handler, its parser), hence the one lock around every use.
 */
#include <gvc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"

struct kgx_gv {
    GVC_t *gvc;            /* the shared context, borrowed */
    Agraph_t *g;
    Agnode_t **nodes;   /* by kg node index; NULL when not drawn */
    size_t n;
    const char *engine;
    bool laid_out;
    const kgx_style *st;   /* borrowed, for the deferred loops */
    bool data;
    bool pin;              /* lay out in two passes (kgx_gv_layout) */
    const bool *labelled;  /* page mode: nodes drawn with their name (NULL: all) */
    const bool *keep_edges; /* edges drawn (NULL: all between drawn nodes) */
};

/* ---- lock, context and error capture ---- */

static pthread_mutex_t gv_mutex = PTHREAD_MUTEX_INITIALIZER;
static kg_buf gv_messages = KG_BUF_INIT;
static agusererrf gv_old_errf;
static agerrlevel_t gv_old_level;

static int gv_capture(char *msg)
{
    if (gv_messages.len < 4096) kg_buf_puts(&gv_messages, msg);
    return 0;
}

/* The one GVC context of the process, created on first use and never
 * freed.  Graphviz 2.43's pango plugin caches a pointer into a context's
 * font table across contexts, so freeing a context and making another one
 * reads freed memory on the next layout (AddressSanitizer shows it).
 * Called with the lock held. */
static GVC_t *gv_context;

static GVC_t *shared_context(void)
{
    if (!gv_context) gv_context = gvContext();
    return gv_context;
}

void kgx_gv_lock(void)
{
    pthread_mutex_lock(&gv_mutex);
    kg_buf_clear(&gv_messages);
    gv_old_errf = agseterrf(gv_capture);
    gv_old_level = agseterr(AGWARN);
}

void kgx_gv_unlock(void)
{
    agseterrf(gv_old_errf);
    agseterr(gv_old_level);
    kg_buf_free(&gv_messages);
    pthread_mutex_unlock(&gv_mutex);
}

/* KG_EGRAPH with what Graphviz said, or `what` if it said nothing. */
static int gv_fail(const char *what)
{
    const char *m = gv_messages.ptr ? gv_messages.ptr : "";
    size_t len = strlen(m);
    while (len && (m[len - 1] == '\n' || m[len - 1] == ' ')) len--;
    if (len) return kg_error_set(KG_EGRAPH, "Graphviz: %s: %.*s", what, (int)len, m);
    return kg_error_set(KG_EGRAPH, "Graphviz: %s failed", what);
}

/* ---- attribute helpers ---- */

/* Declare attribute `name` of kind with default `def` (strings copied). */
static void decl(Agraph_t *g, int kind, const char *name, const char *def)
{
    agattr(g, kind, (char *)name, (char *)def);
}

static void set(void *obj, const char *name, const char *value)
{
    agset(obj, (char *)name, (char *)value);
}

/* Set an attribute to escString-escaped text. */
static void set_text(void *obj, const char *name, const char *text)
{
    kg_buf b = KG_BUF_INIT;
    kgx_gv_escape(&b, text, false);
    set(obj, name, b.ptr);
    kg_buf_free(&b);
}

/* Set an attribute Graphviz displays (label, tooltip): escString-escaped
 * and with '&' written "&amp;", since Graphviz expands HTML entities. */
static void set_label(void *obj, const char *name, const char *text)
{
    kg_buf b = KG_BUF_INIT;
    kgx_gv_escape(&b, text, true);
    set(obj, name, b.ptr);
    kg_buf_free(&b);
}

static void set_fmt(void *obj, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_fmt(void *obj, const char *name, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    set(obj, name, buf);
}

static void set_real(void *obj, const char *name, double v)
{
    char buf[32];
    kgx_fmt_real(buf, v);
    set(obj, name, buf);
}

/* A node label: the name, wrapped at spaces into lines of about `wrap`
 * bytes when longer than wrap + 4, escaped.  Drawings wrap at 18; page
 * mode at 12, since narrow nodes pack into a page better. */
static void label_text(kg_buf *b, const char *name, size_t wrap)
{
    char *c = kgx_cleandup(name);
    size_t len = strlen(c);
    if (len <= wrap + 4) {
        kgx_gv_escape(b, c, true);
        free(c);
        return;
    }
    kg_buf line = KG_BUF_INIT;
    size_t linelen = 0;
    for (char *w = strtok(c, " "); w; w = strtok(NULL, " ")) {
        size_t wl = strlen(w);
        if (linelen && linelen + 1 + wl > wrap) {
            kg_buf_putc(&line, '\n');
            linelen = 0;
        } else if (linelen) {
            kg_buf_putc(&line, ' ');
            linelen++;
        }
        kg_buf_puts(&line, w);
        linelen += wl;
    }
    kgx_gv_escape(b, line.ptr ? line.ptr : "", true);
    kg_buf_free(&line);
    free(c);
}

/* Shape, fill and border of a node of a type; boxes get rounded corners. */
static void set_look(void *obj, const kgx_look *look)
{
    set(obj, "shape", look->shape);
    if (strcmp(look->shape, "box") == 0 || strcmp(look->shape, "rect") == 0)
        set(obj, "style", "filled,rounded");
    set(obj, "fillcolor", look->fill);
    set(obj, "color", look->border);
}

static void css_class(void *obj, const char *prefix, const char *name)
{
    kg_buf b = KG_BUF_INIT;
    kgx_css_name(&b, prefix, name);
    set(obj, "class", b.ptr);
    kg_buf_free(&b);
}

/* ---- building ---- */


static void graph_attrs(Agraph_t *g, const char *engine, bool dot_file)
{
    /* A DOT file names no engine (dot.c): `layout` would override the
     * reader's command; the engine kgraph drew with is kgraph_layout. */
    decl(g, AGRAPH, dot_file ? "kgraph_layout" : "layout", engine);
    decl(g, AGRAPH, "start", "1");
    decl(g, AGRAPH, "outputorder", "edgesfirst");
    decl(g, AGRAPH, "pad", "0.2");
    decl(g, AGRAPH, "fontname", "Helvetica");
    decl(g, AGRAPH, "bgcolor", "white");
    if (strcmp(engine, "dot") == 0) {
        decl(g, AGRAPH, "rankdir", "LR");
        decl(g, AGRAPH, "nodesep", "0.25");
        decl(g, AGRAPH, "ranksep", "0.6");
    } else {
        decl(g, AGRAPH, "overlap", "prism");
        decl(g, AGRAPH, "sep", "+8");
        decl(g, AGRAPH, "esep", "+4");
        /* Straight edges: spline routing (splines=true) costs neato 20 s on
         * 150 nodes and 450 edges, and in Graphviz 2.43 its result depends
         * on memory addresses, so it differs from run to run. */
        decl(g, AGRAPH, "splines", "false");
    }
}

static void node_defaults(Agraph_t *g)
{
    decl(g, AGNODE, "label", "\\N");
    decl(g, AGNODE, "fontname", "Helvetica");
    decl(g, AGNODE, "fontsize", "10");
    decl(g, AGNODE, "style", "filled");
    decl(g, AGNODE, "shape", "ellipse");
    decl(g, AGNODE, "fillcolor", "#ffffff");
    decl(g, AGNODE, "color", "#000000");
    decl(g, AGNODE, "width", "0.75");
    decl(g, AGNODE, "height", "0.5");
    decl(g, AGNODE, "margin", "0.08,0.04");
    decl(g, AGNODE, "id", "");
    decl(g, AGNODE, "class", "");
}

static void edge_defaults(Agraph_t *g)
{
    decl(g, AGEDGE, "color", "#000000");
    decl(g, AGEDGE, "style", "solid");
    decl(g, AGEDGE, "penwidth", "1");
    decl(g, AGEDGE, "arrowsize", "0.7");
    decl(g, AGEDGE, "dir", "forward");
    decl(g, AGEDGE, "id", "");
    decl(g, AGEDGE, "class", "");
}

/* Node attributes in DOT are named "attr_<key>" whatever the key, so that
 * none can be taken for one of Graphviz's own (shape, color, pos ...). */
static void attr_dot_name(char *buf, size_t size, const char *key)
{
    snprintf(buf, size, "attr_%s", key);
}

static void node_data(Agnode_t *an, const kg_node *n)
{
    set_text(an, "name", n->name); /* not displayed: no &amp; (unlike label) */
    set_text(an, "type", n->type);
    set_fmt(an, "mentions", "%zu", n->mentions);
    set_fmt(an, "documents", "%zu", n->documents);
    set_fmt(an, "component", "%zu", n->component);
    set_fmt(an, "community", "%zu", n->community);
    for (int m = 0; m < KG_MEASURE_COUNT; m++)
        set_real(an, kg_graph_measure_names[m], n->measures[m]);
    char name[KGX_ATTR_NAME];
    for (size_t k = 0; k < n->nattrs; k++) {
        attr_dot_name(name, sizeof name, n->attrs[k].key);
        set_text(an, name, n->attrs[k].value);
    }
}

static void edge_data(Agedge_t *ae, const kg_gedge *e)
{
    set_text(ae, "relation", e->relation);
    set(ae, "symmetric", e->symmetric ? "true" : "false");
    set_fmt(ae, "documents", "%zu", e->documents);
    kg_buf b = KG_BUF_INIT;
    kgx_rules_joined(&b, e);
    set_text(ae, "rules", b.ptr);
    kg_buf_free(&b);
    set_text(ae, "first_doc", e->first.doc ? e->first.doc : "");
    set_fmt(ae, "first_line", "%zu", e->first.line);
    set_text(ae, "first_evidence", e->first.text ? e->first.text : "");
}

/* Create the Agedge of kg edge j, styled (and with data when gv->data). */
static void add_edge(kgx_gv *gv, size_t j)
{
    const kgx_style *st = gv->st;
    const kg_gedge *e = kg_graph_edge(st->g, j);
    char name[32];
    snprintf(name, sizeof name, "e%zu", j);
    Agedge_t *ae = agedge(gv->g, gv->nodes[e->source], gv->nodes[e->target], name, 1);
    kgx_look look = kgx_rel_look(st, kgx_rel_index(st, e->relation));
    set(ae, "id", name);
    css_class(ae, "rel-", e->relation);
    set(ae, "color", look.fill);
    set(ae, "style", look.shape);
    set_fmt(ae, "penwidth", "%.2f", kgx_edge_penwidth(e->weight));
    if (e->symmetric) set(ae, "dir", "none");
    if (gv->data) {
        set_fmt(ae, "weight", "%zu", e->weight);
        kg_buf b = KG_BUF_INIT;
        kgx_edge_tooltip(&b, st, j);
        set_label(ae, "tooltip", b.ptr);
        kg_buf_free(&b);
        edge_data(ae, e);
    }
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The order in which a DOT reader meets the nodes of the whole graph as
 * cgraph writes it when nodes were created in index order: node 0, the
 * heads of its out-edges (cgraph keeps out-edges ordered by head), node 1,
 * ... (each the first time).  The DOT file's graph is created in this
 * order.  Until December 2026 dot.c read its first DOT text back with
 * cgraph and wrote that graph again, so its nodes came in this order in
 * every DOT file kgraph wrote; creating them so keeps the bytes without the
 * second graph, its parse and a copy of the text.  Caller frees. */
static size_t *dot_order(const kg_graph *kg)
{
    size_t n = kg_graph_node_count(kg), m = kg_graph_edge_count(kg), k = 0, j = 0;
    size_t *order = kg_xmalloc((n ? n : 1) * sizeof *order);
    size_t *heads = kg_xmalloc((m ? m : 1) * sizeof *heads);
    bool *met = kg_xcalloc(n ? n : 1, sizeof *met);
    for (size_t i = 0; i < n; i++) {
        if (!met[i]) met[i] = true, order[k++] = i;
        size_t nh = 0; /* edges are sorted by source: i's are contiguous */
        for (; j < m && kg_graph_edge(kg, j)->source == i; j++)
            heads[nh++] = kg_graph_edge(kg, j)->target;
        qsort(heads, nh, sizeof *heads, size_cmp);
        for (size_t h = 0; h < nh; h++)
            if (!met[heads[h]]) met[heads[h]] = true, order[k++] = heads[h];
    }
    free(heads);
    free(met);
    return order;
}

/* Create gv->g from the kg_graph: the nodes with keep[i] (all when keep is
 * NULL) and the edges between them.  With `pos` (the second pass of a
 * pinned layout) every node gets pos[i] and every edge is added; in the
 * first pass of a pinned layout self-loops are left out.  0 or KG_EGRAPH. */
static int build(kgx_gv *gv, const bool *keep, const double *pos)
{
    const kgx_style *st = gv->st;
    const kg_graph *kg = st->g;
    bool data = gv->data;
    gv->g = agopen("kgraph", Agdirected, NULL);
    if (!gv->g) return gv_fail("cannot create a graph");
    Agraph_t *g = gv->g;
    graph_attrs(g, pos ? "nop" : gv->engine, data);
    node_defaults(g);
    edge_defaults(g);
    if (gv->labelled) decl(g, AGNODE, "fixedsize", "false");
    if (pos) {
        decl(g, AGNODE, "pos", "");
        set(g, "overlap", "true"); /* the first pass removed overlaps */
    }
    if (data) {
        decl(g, AGNODE, "tooltip", "");
        decl(g, AGNODE, "name", "");
        decl(g, AGNODE, "type", "");
        decl(g, AGNODE, "mentions", "0");
        decl(g, AGNODE, "documents", "0");
        decl(g, AGNODE, "component", "0");
        decl(g, AGNODE, "community", "0");
        for (int m = 0; m < KG_MEASURE_COUNT; m++) decl(g, AGNODE, kg_graph_measure_names[m], "0");
        size_t nak;
        const char *const *ak = kg_graph_attr_keys(kg, &nak);
        char an[KGX_ATTR_NAME];
        for (size_t k = 0; k < nak; k++) {
            attr_dot_name(an, sizeof an, ak[k]);
            decl(g, AGNODE, an, "");
        }
        decl(g, AGEDGE, "tooltip", "");
        decl(g, AGEDGE, "relation", "");
        decl(g, AGEDGE, "symmetric", "false");
        decl(g, AGEDGE, "weight", "1");
        decl(g, AGEDGE, "documents", "0");
        decl(g, AGEDGE, "rules", "");
        decl(g, AGEDGE, "first_doc", "");
        decl(g, AGEDGE, "first_line", "0");
        decl(g, AGEDGE, "first_evidence", "");
    }
    kg_buf b = KG_BUF_INIT;
    size_t *order = data ? dot_order(kg) : NULL;
    for (size_t i = 0; i < gv->n; i++) gv->nodes[i] = NULL;
    for (size_t k = 0; k < gv->n; k++) {
        size_t i = order ? order[k] : k;
        if (keep && !keep[i]) continue;
        const kg_node *n = kg_graph_node(kg, i);
        char name[32];
        snprintf(name, sizeof name, "n%zu", i);
        Agnode_t *an = agnode(g, name, 1);
        gv->nodes[i] = an;
        kgx_look look = kgx_type_look(st, kgx_type_index(st, n->type));
        double t = kgx_node_scale(st, i);
        kg_buf_clear(&b);
        label_text(&b, n->name, gv->labelled ? 12 : 18);
        set(an, "label", b.ptr);
        set(an, "id", name);
        css_class(an, "type-", n->type);
        set_look(an, &look);
        set_fmt(an, "fontsize", "%.1f", kgx_node_fontsize(st, i));
        if (gv->labelled) { /* page mode: the label sizes the node */
            set_fmt(an, "width", "%.2f", 0.3 + 0.4 * t);
            set_fmt(an, "height", "%.2f", 0.25 + 0.15 * t);
        } else {
            set_fmt(an, "width", "%.2f", 0.5 + 1.0 * t);
            set_fmt(an, "height", "%.2f", 0.3 + 0.4 * t);
        }
        if (gv->labelled && !gv->labelled[i]) {
            /* page mode: a small mark of its type, named in its tooltip */
            set(an, "label", "");
            set(an, "fixedsize", "true");
            set(an, "width", "0.22");
            set(an, "height", "0.16");
        }
        if (pos) set_fmt(an, "pos", "%.1f,%.1f", pos[2 * i], pos[2 * i + 1]);
        if (data) {
            kg_buf_clear(&b);
            kgx_node_tooltip(&b, st, i);
            set_label(an, "tooltip", b.ptr);
            node_data(an, n);
        }
    }
    kg_buf_free(&b);
    free(order);
    for (size_t j = 0; j < kg_graph_edge_count(kg); j++) {
        const kg_gedge *e = kg_graph_edge(kg, j);
        if (!gv->nodes[e->source] || !gv->nodes[e->target]) continue;
        if (gv->keep_edges && !gv->keep_edges[j]) continue;
        if (gv->pin && !pos && e->source == e->target) continue; /* second pass */
        add_edge(gv, j);
    }
    return 0;
}

int kgx_gv_new(kgx_gv **out, const kgx_style *st, const bool *keep, const char *engine,
               kgx_gv_purpose purpose)
{
    return kgx_gv_new_labelled(out, st, keep, NULL, engine, purpose);
}

int kgx_gv_new_labelled(kgx_gv **out, const kgx_style *st, const bool *keep,
                        const bool *labelled, const char *engine, kgx_gv_purpose purpose)
{
    return kgx_gv_new_drawn(out, st, keep, NULL, labelled, engine, purpose);
}

int kgx_gv_new_drawn(kgx_gv **out, const kgx_style *st, const bool *keep,
                     const bool *keep_edges, const bool *labelled, const char *engine,
                     kgx_gv_purpose purpose)
{
    kgx_gv *gv = kg_xcalloc(1, sizeof *gv);
    gv->st = st;
    gv->labelled = labelled;
    gv->keep_edges = keep_edges;
    gv->data = purpose == KGX_GV_DOT;
    /* Layouts other than dot run in two passes (kgx_gv_layout). */
    gv->pin = strcmp(engine, "dot") != 0 && purpose == KGX_GV_DRAW;
    gv->n = kg_graph_node_count(st->g);
    gv->nodes = kg_xcalloc(gv->n ? gv->n : 1, sizeof *gv->nodes);
    gv->engine = engine;
    gv->gvc = shared_context();
    int rc = gv->gvc ? build(gv, keep, NULL) : gv_fail("cannot create a context");
    if (rc) {
        kgx_gv_free(gv);
        gv = NULL;
    }
    *out = gv;
    return rc;
}

int kgx_gv_new_legend(kgx_gv **out, const kgx_style *st, const char *note, bool wide)
{
    kgx_gv *gv = kg_xcalloc(1, sizeof *gv);
    gv->engine = "dot";
    gv->gvc = shared_context();
    gv->g = gv->gvc ? agopen("legend", Agdirected, NULL) : NULL;
    if (!gv->g) {
        int rc = gv_fail("cannot create a graph");
        kgx_gv_free(gv);
        *out = NULL;
        return rc;
    }
    Agraph_t *g = gv->g;
    decl(g, AGRAPH, "rankdir", "TB");
    decl(g, AGRAPH, "nodesep", "0.15");
    decl(g, AGRAPH, "ranksep", "0.12");
    decl(g, AGRAPH, "pad", "0.2");
    decl(g, AGRAPH, "bgcolor", "white");
    decl(g, AGRAPH, "rank", "");
    node_defaults(g);
    decl(g, AGRAPH, "fontname", "Helvetica");
    decl(g, AGNODE, "fontsize", "11");
    edge_defaults(g);
    decl(g, AGEDGE, "minlen", "1");
    /* page mode: rows as close as their text allows, type marks no taller
     * than a line, headings no larger than the names */
    const char *row_h = st->page ? "0.2" : "0.3", *head_size = st->page ? "11" : "13";
    if (st->page) {
        set(g, "ranksep", "0.04");
        set(g, "nodesep", "0.1");
        set(g, "pad", "0.1");
        decl(g, AGNODE, "fontsize", "10");
    }

    /* a relation is drawn without arrowhead when its edges are symmetric */
    bool *sym = kg_xcalloc(st->nrels ? st->nrels : 1, sizeof *sym);
    for (size_t j = 0; j < kg_graph_edge_count(st->g); j++) {
        const kg_gedge *e = kg_graph_edge(st->g, j);
        if (e->symmetric) sym[kgx_rel_index(st, e->relation)] = true;
    }
    kg_buf b = KG_BUF_INIT;
    Agnode_t *prev = NULL;
    char name[48];
    /* chain(n): an invisible edge from the previous row keeps the rows in
     * one column, in order. */
#define CHAIN(node)                                                      \
    do {                                                                 \
        if (prev) {                                                      \
            Agedge_t *ce_ = agedge(g, prev, (node), NULL, 1);            \
            set(ce_, "style", "invis");                                  \
        }                                                                \
        prev = (node);                                                   \
    } while (0)

    Agnode_t *tops[4]; /* wide: the head of each column */
    size_t ntops = 0;
    Agnode_t *h = agnode(g, "legend_types", 1);
    tops[ntops++] = h;
    set(h, "shape", "plaintext");
    set(h, "style", "");
    set(h, "fontsize", head_size);
    set(h, "label", "Entity types");
    set(h, "id", "legend-types");
    CHAIN(h);
    for (size_t ti = 0; ti < st->ntypes; ti++) {
        snprintf(name, sizeof name, "legend_t%zu", ti);
        Agnode_t *an = agnode(g, name, 1);
        kg_buf_clear(&b);
        kgx_gv_escape(&b, st->types[ti], true);
        set(an, "label", b.ptr);
        snprintf(name, sizeof name, "legend-type-%zu", ti);
        set(an, "id", name);
        css_class(an, "type-", st->types[ti]);
        kgx_look look = kgx_type_look(st, ti);
        set_look(an, &look);
        set(an, "height", row_h);
        if (st->page) set(an, "margin", "0.06,0.01");
        CHAIN(an);
    }
    /* wide: relations and the note in columns of their own (dot places
     * chains that no edge links side by side) */
    if (wide) prev = NULL;
    h = agnode(g, "legend_relations", 1);
    if (wide) tops[ntops++] = h;
    set(h, "shape", "plaintext");
    set(h, "style", "");
    set(h, "fontsize", head_size);
    set(h, "label", "Relations");
    set(h, "id", "legend-relations");
    CHAIN(h);
    /* wide and more than five relations: a second column of them, under an
     * empty heading so that its rows line up with the first's */
    size_t split = wide && st->nrels > 5 ? (st->nrels + 1) / 2 : st->nrels;
    for (size_t ri = 0; ri < st->nrels; ri++) {
        if (ri == split) {
            prev = NULL;
            Agnode_t *h2 = agnode(g, "legend_relations_2", 1);
            tops[ntops++] = h2;
            set(h2, "shape", "plaintext");
            set(h2, "style", "");
            set(h2, "fontsize", head_size);
            set(h2, "label", " ");
            set(h2, "id", "legend-relations-2");
            CHAIN(h2);
        }
        snprintf(name, sizeof name, "legend_r%zu", ri);
        Agraph_t *row = agsubg(g, name, 1);
        set(row, "rank", "same");
        snprintf(name, sizeof name, "legend_r%zu_a", ri);
        Agnode_t *a = agnode(row, name, 1);
        kgx_look look = kgx_rel_look(st, ri);
        set(a, "shape", "point");
        set(a, "width", "0.04");
        set(a, "height", "0.04");
        set(a, "color", look.fill);
        set(a, "fillcolor", look.fill);
        snprintf(name, sizeof name, "legend-rel-%zu-from", ri);
        set(a, "id", name);
        snprintf(name, sizeof name, "legend_r%zu_b", ri);
        Agnode_t *z = agnode(row, name, 1);
        kg_buf_clear(&b);
        kgx_gv_escape(&b, st->rels[ri], true);
        set(z, "label", b.ptr);
        set(z, "shape", "plaintext");
        set(z, "style", "");
        set(z, "height", st->page ? "0.18" : "0.25");
        snprintf(name, sizeof name, "legend-rel-%zu", ri);
        set(z, "id", name);
        Agedge_t *ae = agedge(row, a, z, NULL, 1);
        css_class(ae, "rel-", st->rels[ri]);
        snprintf(name, sizeof name, "legend-rel-%zu-line", ri);
        set(ae, "id", name);
        set(ae, "color", look.fill);
        set(ae, "style", look.shape);
        set(ae, "penwidth", "2");
        set(ae, "minlen", "3");
        if (sym[ri]) set(ae, "dir", "none");
        CHAIN(a);
    }
    if (note && *note) {
        if (wide) prev = NULL;
        Agnode_t *nn = agnode(g, "legend_note", 1);
        if (wide) tops[ntops++] = nn;
        set(nn, "shape", "plaintext");
        set(nn, "style", "");
        set(nn, "fontsize", "10");
        set(nn, "id", "legend-note");
        kg_buf_clear(&b);
        /* one left-justified line per note line */
        char *c = kgx_cleandup(note);
        for (char *line = strtok(c, "\n"); line; line = strtok(NULL, "\n")) {
            kgx_gv_escape(&b, line, true);
            kg_buf_puts(&b, "\\l");
        }
        free(c);
        set(nn, "label", b.ptr);
        CHAIN(nn);
    }
#undef CHAIN
    if (wide && ntops > 1) {
        /* the column heads in one row, joined by invisible edges: one
         * connected graph, whose columns line up at the top (and Graphviz
         * 2.43's dot leaks in mincross on graphs of several components) */
        Agraph_t *top = agsubg(g, "legend_top", 1);
        set(top, "rank", "same");
        for (size_t k = 0; k < ntops; k++) {
            agsubnode(top, tops[k], 1);
            if (k) set(agedge(top, tops[k - 1], tops[k], NULL, 1), "style", "invis");
        }
    }
    free(sym);
    kg_buf_free(&b);
    *out = gv;
    return 0;
}

/* ---- output ---- */

int kgx_gv_write_dot(kgx_gv *gv, FILE *fp)
{
    if (agwrite(gv->g, fp) != 0 || ferror(fp)) {
        if (ferror(fp)) return kg_error_set(KG_EOUTPUT, "write failed");
        return gv_fail("writing DOT");
    }
    return 0;
}

void kgx_gv_pack(kgx_gv *gv, const char *rankdir, const char *packmode)
{
    Agraph_t *g = gv->g;
    if (rankdir && strcmp(gv->engine, "dot") == 0) {
        set(g, "rankdir", rankdir);
        set(g, "nodesep", "0.15"); /* a page has no room to spare */
        set(g, "ranksep", "0.4");
    }
    if (packmode) {
        decl(g, AGRAPH, "pack", "8");
        decl(g, AGRAPH, "packmode", packmode);
    }
}

int kgx_gv_layout(kgx_gv *gv)
{
    if (gvLayout(gv->gvc, gv->g, gv->engine) != 0) return gv_fail(gv->engine);
    gv->laid_out = true;
    if (!gv->pin) return 0;
    /* Second pass, for engines other than dot: a fresh graph with every
     * node pinned where the first pass put it, rounded to 0.1 point, and
     * every edge, self-loops included, drawn by "nop" (neato -n).  In
     * Graphviz 2.43 the first pass depends on memory addresses when there
     * are self-loops, and can vary in its last bits from run to run (even
     * "nop" on the graph the first pass leaves behind does); the fresh
     * graph and the rounding make the SVG the same on every run. */
    double *pos = kg_xcalloc(2 * (gv->n ? gv->n : 1), sizeof *pos);
    bool *keep = kg_xcalloc(gv->n ? gv->n : 1, sizeof *keep);
    for (size_t i = 0; i < gv->n; i++) {
        if (!gv->nodes[i]) continue;
        keep[i] = true;
        double x = ND_coord(gv->nodes[i]).x, y = ND_coord(gv->nodes[i]).y;
        pos[2 * i] = x == 0 ? 0 : x;
        pos[2 * i + 1] = y == 0 ? 0 : y;
    }
    gvFreeLayout(gv->gvc, gv->g);
    agclose(gv->g);
    gv->g = NULL;
    gv->laid_out = false;
    int rc = build(gv, keep, pos);
    free(pos);
    free(keep);
    if (rc) return rc;
    if (gvLayout(gv->gvc, gv->g, "nop") != 0) return gv_fail("nop");
    gv->laid_out = true;
    return 0;
}

int kgx_gv_render_svg(kgx_gv *gv, char **out, size_t *len)
{
    char *data = NULL;
    unsigned int n = 0;
    *out = NULL;
    *len = 0;
    if (gvRenderData(gv->gvc, gv->g, "svg", &data, &n) != 0 || !data) {
        if (data) gvFreeRenderData(data);
        return gv_fail("rendering SVG");
    }
    *out = kg_xmalloc((size_t)n + 1);
    memcpy(*out, data, n);
    (*out)[n] = 0;
    *len = n;
    gvFreeRenderData(data);
    return 0;
}

void kgx_gv_size(kgx_gv *gv, double *w, double *h)
{
    /* what the SVG's viewBox will be: the bounding box and the pad (0.2 in,
     * graph_attrs) on each side */
    boxf bb = GD_bb(gv->g);
    *w = bb.UR.x - bb.LL.x + 2 * 14.4;
    *h = bb.UR.y - bb.LL.y + 2 * 14.4;
}

bool kgx_gv_position(kgx_gv *gv, size_t i, double *x, double *y)
{
    if (!gv->laid_out || i >= gv->n || !gv->nodes[i]) return false;
    *x = ND_coord(gv->nodes[i]).x;
    *y = ND_coord(gv->nodes[i]).y;
    return true;
}

void kgx_gv_free(kgx_gv *gv)
{
    if (!gv) return;
    if (gv->g) {
        if (gv->laid_out) gvFreeLayout(gv->gvc, gv->g);
        agclose(gv->g);
    }
    free(gv->nodes);
    free(gv);
}
