/*
 * export/svg.c: the graph as an SVG diagram for reports and web pages.
 *
 * Graphviz lays out and renders two graphs in this process (gvLayout,
 * gvRenderData; no `dot` command is run): the drawing and its legend.
 * libxml2 then parses both and rewrites them into one document:
 *
 *   <svg viewBox="0 0 W H" width="Wpt" height="Hpt">   (no width/height
 *     <title>kgraph: N nodes, M edges</title>            with no_fixed_size;
 *     <rect class="background" .../>                      inches in page mode)
 *     <g id="P-graph0" class="graph">                     the drawing
 *       <g id="P-n3" class="node type-COMPANY"><title>tooltip</title>...</g>
 *       <g id="P-e7" class="edge rel-funds"><title>tooltip</title>...</g>
 *     </g>
 *     <g id="P-legend" class="legend" transform="translate(Wd 0)">
 *       <g class="legend-item type-COMPANY">...</g> ...   (or translate(0 Hd):
 *     </g>                                                 under the drawing)
 *   </svg>
 *
 * Node and edge ids are those of every other format ("n<i>", "e<j>") after
 * a prefix P- (apply_id_prefix: the caller's id_prefix, or "kg" and 8 hex
 * digits of a hash of the document, so two SVGs inlined in one HTML page
 * share no id and the same drawing keeps the same bytes); the classes name
 * the entity type and the relation (kgx_css_name), so a stylesheet can
 * restyle a type or a relation, legend included.  Each node's and edge's
 * <title> (the tooltip browsers show) holds its counts and, for edges, the
 * first evidence.
 *
 * Safety: the rewrite removes the DOCTYPE (an external DTD reference), all
 * comments, any <script>, <foreignObject> or <a> element (an <a>'s children
 * are kept), any attribute named on*, and any href or xlink:href that does
 * not point inside the document.  Graphviz is given no URL, so normally
 * there is nothing to remove; the pass makes it a guarantee.
 *
 * Size: a graph with more than max_drawn_nodes nodes is drawn as its
 * max_drawn_nodes nodes with the highest size_by measure (ties by node
 * order) and, of the edges between them, at most the edge cap's heaviest
 * (drawn.c); the note callback and the legend say so.  Graphviz's SVG of a
 * large drawing can pass libxml2's 10 MB limit on a text node or document,
 * so it is parsed with XML_PARSE_HUGE (it is our own Graphviz's output,
 * not untrusted input).  The engine is chosen from the size of what is
 * drawn.  Page mode (o->page) instead fits the figure to a box with labels
 * no smaller than o->font_min: see "page mode" below.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export/export_int.h"

/* ---- which nodes to draw ---- */

static const kgx_style *sort_style;

static int by_measure_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = kg_graph_node(sort_style->g, i)->measures[sort_style->size_by];
    double y = kg_graph_node(sort_style->g, j)->measures[sort_style->size_by];
    if (x != y) return x > y ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* ---- XML helpers ---- */

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *get_attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static void set_attr(xmlNode *n, const char *name, const char *value)
{
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

/* Replace the text of n's <title> child (adding one if missing). */
static void set_title(xmlNode *n, const char *text)
{
    xmlNode *t = NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_el(c, "title")) {
            t = c;
            break;
        }
    if (!t) {
        t = xmlNewNode(n->ns, (const xmlChar *)"title");
        if (n->children) xmlAddPrevSibling(n->children, t);
        else xmlAddChild(n, t);
    }
    while (t->children) {
        xmlNode *c = t->children;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
    xmlAddChild(t, xmlNewDocText(n->doc, (const xmlChar *)text));
}

/* Remove what a safe SVG may not hold from the subtree under n. */
static void sanitize(xmlNode *n)
{
    xmlNode *c = n->children;
    while (c) {
        xmlNode *next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
            c->type == XML_ENTITY_REF_NODE || is_el(c, "script") ||
            is_el(c, "foreignObject") || is_el(c, "iframe") ||
            (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "script") == 0)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (is_el(c, "a")) {
            /* unwrap: its children take its place */
            sanitize(c);
            xmlNode *k = c->children;
            while (k) {
                xmlNode *kn = k->next;
                xmlUnlinkNode(k);
                xmlAddPrevSibling(c, k);
                k = kn;
            }
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            xmlAttr *a = c->properties;
            while (a) {
                xmlAttr *an = a->next;
                const char *name = (const char *)a->name;
                bool drop = strncasecmp(name, "on", 2) == 0;
                if (!drop && strcasecmp(name, "href") == 0) {
                    xmlChar *v = xmlNodeGetContent((xmlNode *)a);
                    drop = !v || v[0] != '#';
                    xmlFree(v);
                }
                if (drop) xmlRemoveProp(a);
                a = an;
            }
            sanitize(c);
        }
        c = next;
    }
}

/* Width and height from a viewBox "x y w h". */
static bool view_box(xmlNode *svg, double *w, double *h)
{
    char *vb = get_attr(svg, "viewBox");
    double x, y;
    bool ok = vb && sscanf(vb, "%lf %lf %lf %lf", &x, &y, w, h) == 4;
    xmlFree(vb);
    return ok;
}

static xmlNode *first_child_el(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name)) return c;
    return NULL;
}

/* Parse Graphviz's SVG output. */
static int parse_svg(xmlDoc **out, const char *text, size_t len)
{
    *out = xmlReadMemory(text, (int)len, "graph.svg", "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_HUGE);
    if (!*out || !xmlDocGetRootElement(*out)) {
        const xmlError *e = xmlGetLastError();
        if (*out) xmlFreeDoc(*out);
        *out = NULL;
        return kg_error_set(KG_EGRAPH, "Graphviz wrote SVG that does not parse: %s",
                            e && e->message ? e->message : "empty document");
    }
    xmlDtd *dtd = xmlGetIntSubset(*out);
    if (dtd) {
        xmlUnlinkNode((xmlNode *)dtd);
        xmlFreeDtd(dtd);
    }
    /* comments and processing instructions around the root element */
    xmlNode *c = (*out)->children;
    while (c) {
        xmlNode *next = c->next;
        if (c->type != XML_ELEMENT_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    return 0;
}

/* Rewrite the classes of the legend's items: Graphviz's leading "node" or
 * "edge" becomes "legend-item", so that `.node` and `.edge` select only the
 * graph's own nodes and edges; titles, which name internal nodes, go. */
static void legend_items(xmlNode *n)
{
    xmlNode *c = n->children;
    while (c) {
        xmlNode *next = c->next;
        if (is_el(c, "title")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            char *cls = get_attr(c, "class");
            if (cls && (strncmp(cls, "node", 4) == 0 || strncmp(cls, "edge", 4) == 0)) {
                kg_buf b = KG_BUF_INIT;
                kg_buf_printf(&b, "legend-item%s", cls + 4);
                set_attr(c, "class", b.ptr);
                kg_buf_free(&b);
            }
            xmlFree(cls);
            legend_items(c);
        }
        c = next;
    }
}

/* Put the subtree copied from the legend document into the drawing's
 * default namespace, without namespace declarations of its own, so that it
 * serialises as plain <g>, <text> ... (an HTML page inlining the SVG does
 * not understand prefixed elements). */
static void adopt_ns(xmlNode *n, xmlNode *root)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        n->ns = root->ns;
        for (xmlAttr *a = n->properties; a; a = a->next)
            if (a->ns) a->ns = xmlSearchNsByHref(root->doc, root, a->ns->href);
        if (n->nsDef) {
            xmlFreeNsList(n->nsDef);
            n->nsDef = NULL;
        }
        adopt_ns(n->children, root);
    }
}

/* Parse "n<digits>" / "e<digits>" ids. */
static bool parse_id(const char *id, char prefix, size_t *out)
{
    if (!id || id[0] != prefix || !id[1]) return false;
    char *end;
    unsigned long long v = strtoull(id + 1, &end, 10);
    if (*end) return false;
    *out = (size_t)v;
    return true;
}

/* Tooltips into the <title> of each node and edge group. */
static void titles(xmlNode *graph0, const kgx_style *st)
{
    kg_buf b = KG_BUF_INIT;
    size_t n = kg_graph_node_count(st->g), m = kg_graph_edge_count(st->g);
    for (xmlNode *c = graph0->children; c; c = c->next) {
        if (!is_el(c, "g")) continue;
        char *cls = get_attr(c, "class"), *id = get_attr(c, "id");
        size_t k;
        kg_buf_clear(&b);
        if (cls && strncmp(cls, "node", 4) == 0 && parse_id(id, 'n', &k) && k < n)
            kgx_node_tooltip(&b, st, k);
        else if (cls && strncmp(cls, "edge", 4) == 0 && parse_id(id, 'e', &k) && k < m)
            kgx_edge_tooltip(&b, st, k);
        if (b.len) set_title(c, b.ptr);
        xmlFree(cls);
        xmlFree(id);
    }
    kg_buf_free(&b);
}

/* Where the legend goes and how large the figure prints. */
typedef struct placement {
    bool under;                 /* legend under the drawing, not right of it */
    double scale;               /* page mode: print size / natural size */
} placement;

/* Merge the legend into the drawing and set sizes, titles, background. */
static int compose(xmlDoc *doc, xmlDoc *legend, const kgx_style *st, const kgx_opts *o,
                   size_t drawn_nodes, size_t drawn_edges, placement pl)
{
    xmlNode *svg = xmlDocGetRootElement(doc);
    xmlNode *lsvg = xmlDocGetRootElement(legend);
    double w, h, lw, lh;
    if (!view_box(svg, &w, &h) || !view_box(lsvg, &lw, &lh))
        return kg_error_set(KG_EGRAPH, "Graphviz wrote SVG without a viewBox");
    xmlNode *graph0 = first_child_el(svg, "g");
    xmlNode *lgraph = first_child_el(lsvg, "g");
    if (!graph0 || !lgraph) return kg_error_set(KG_EGRAPH, "Graphviz wrote SVG without a graph");
    sanitize(svg);
    sanitize(lsvg);
    titles(graph0, st);

    double tw = w + lw, th = h > lh ? h : lh;
    if (pl.under) {
        tw = w > lw ? w : lw;
        th = h + lh;
    }
    char buf[128];
    snprintf(buf, sizeof buf, "0 0 %.2f %.2f", tw, th);
    set_attr(svg, "viewBox", buf);
    if (o->page) {
        /* the size it prints at, in inches, so that pandoc and word
         * processors place it at that size */
        snprintf(buf, sizeof buf, "%.3fin", tw * pl.scale / 72);
        set_attr(svg, "width", buf);
        snprintf(buf, sizeof buf, "%.3fin", th * pl.scale / 72);
        set_attr(svg, "height", buf);
    } else if (o->no_fixed_size) {
        xmlUnsetProp(svg, (const xmlChar *)"width");
        xmlUnsetProp(svg, (const xmlChar *)"height");
    } else {
        snprintf(buf, sizeof buf, "%.0fpt", tw);
        set_attr(svg, "width", buf);
        snprintf(buf, sizeof buf, "%.0fpt", th);
        set_attr(svg, "height", buf);
    }

    /* the document's title and a white background under both parts */
    size_t n = kg_graph_node_count(st->g), m = kg_graph_edge_count(st->g);
    kg_buf t = KG_BUF_INIT;
    kg_buf_printf(&t, "kgraph: %zu nodes, %zu edges", n, m);
    if (drawn_nodes < n || drawn_edges < m)
        kg_buf_printf(&t, " (%zu nodes and %zu edges drawn)", drawn_nodes, drawn_edges);
    xmlNode *title = xmlNewNode(svg->ns, (const xmlChar *)"title");
    xmlAddChild(title, xmlNewDocText(doc, (const xmlChar *)t.ptr));
    kg_buf_free(&t);
    xmlNode *bg = xmlNewNode(svg->ns, (const xmlChar *)"rect");
    set_attr(bg, "class", "background");
    set_attr(bg, "x", "0");
    set_attr(bg, "y", "0");
    snprintf(buf, sizeof buf, "%.2f", tw);
    set_attr(bg, "width", buf);
    snprintf(buf, sizeof buf, "%.2f", th);
    set_attr(bg, "height", buf);
    set_attr(bg, "fill", "white");
    xmlAddPrevSibling(graph0, title);
    xmlAddPrevSibling(graph0, bg);
    xmlAddPrevSibling(graph0, xmlNewDocText(doc, (const xmlChar *)"\n"));

    /* the legend, moved right of the drawing */
    xmlUnlinkNode(lgraph);
    legend_items(lgraph);
    set_attr(lgraph, "id", "legend-body");
    set_attr(lgraph, "class", "legend-body");
    xmlNode *wrap = xmlNewNode(svg->ns, (const xmlChar *)"g");
    set_attr(wrap, "id", "legend");
    set_attr(wrap, "class", "legend");
    if (pl.under) snprintf(buf, sizeof buf, "translate(0 %.2f)", h);
    else snprintf(buf, sizeof buf, "translate(%.2f 0)", w);
    set_attr(wrap, "transform", buf);
    xmlNode *copy = xmlDocCopyNode(lgraph, doc, 1);
    xmlFreeNode(lgraph);
    adopt_ns(copy, svg);
    xmlAddChild(wrap, xmlNewDocText(doc, (const xmlChar *)"\n"));
    xmlAddChild(wrap, copy);
    xmlAddChild(wrap, xmlNewDocText(doc, (const xmlChar *)"\n"));
    xmlAddChild(svg, wrap);
    xmlAddChild(svg, xmlNewDocText(doc, (const xmlChar *)"\n"));
    return 0;
}

/* The legend's note: what size and width mean, and what was left out;
 * edges_capped is the number of edges drawn when the edge cap left some
 * out (0 otherwise). */
static void legend_note(kg_buf *b, const kgx_style *st, const char *engine, size_t drawn,
                        size_t n, size_t edges_capped, size_t labelled)
{
    const char *m = kg_graph_measure_names[st->size_by];
    if (st->page) {
        /* short lines: the legend must not take the drawing's room */
        kg_buf_printf(b, "size: %s, width: weight\n", m);
        if (drawn < n) kg_buf_printf(b, "showing the top %zu of %zu\n", drawn, n);
        if (edges_capped) kg_buf_printf(b, "edges: the %zu heaviest\n", edges_capped);
        if (labelled < drawn) kg_buf_printf(b, "named: the top %zu\n", labelled);
        return;
    }
    kg_buf_printf(b, "node size: %s\nline width: weight (sentences)\n", m);
    if (drawn < n)
        kg_buf_printf(b, "showing the %zu of %zu nodes\nwith the highest %s\n", drawn, n, m);
    if (edges_capped) kg_buf_printf(b, "edges: the %zu heaviest\n", edges_capped);
    if (labelled < drawn) kg_buf_printf(b, "named: the %zu with the highest %s\n", labelled, m);
    kg_buf_printf(b, "layout: %s", engine);
}

/* ---- page mode ----
 *
 * The figure must fit a box (the text block of a page) with every label
 * printing at font_min points or more.  Each attempt lays the drawing out
 * with its components packed several ways (Graphviz pack/packmode; for dot
 * also ranks left-right or top-down), puts the legend beside or under it,
 * and keeps the arrangement that prints largest: scale s = min(box w /
 * figure w, box h / figure h), at most 1 unless labels need more.  When
 * s times the smallest drawn label is under font_min, only the L most
 * central nodes keep their names; up to L / 2 + 1 of the next ones that
 * touch a named node are drawn as small unnamed marks of their type, the
 * rest left out.  L is found by bisection (then a few values past it, as
 * one more node can add a whole rank, so room is not monotone in L).
 * Text is never shrunk below the minimum; the note callback says what was
 * left out.
 */

typedef struct pack_try {
    const char *rankdir;
    const char *packmode;
} pack_try;

static const pack_try DOT_TRIES[] = {
    {"LR", NULL},      {"LR", "graph"},    {"TB", "graph"},
    {"LR", "array_u3"}, {"TB", "array_u2"}, {"TB", "array_u3"},
};
static const pack_try OTHER_TRIES[] = {{NULL, "graph"}};

typedef struct page_plan {
    size_t drawn, labelled, drawn_edges;
    const char *engine;
    pack_try how;
    placement pl;
    double min_font;            /* smallest label at natural size */
} page_plan;

/* Node indexes by size_by descending, ties by node order (caller frees);
 * called under the Graphviz lock, which guards sort_style. */
static size_t *ranked(const kgx_style *st)
{
    size_t n = kg_graph_node_count(st->g);
    size_t *idx = kg_xmalloc((n ? n : 1) * sizeof *idx);
    for (size_t i = 0; i < n; i++) idx[i] = i;
    sort_style = st;
    qsort(idx, n, sizeof *idx, by_measure_desc);
    return idx;
}

/* The best of both legend places for a drawing w x h, a one-column legend
 * lw[0] x lh[0] beside it or a wide one lw[1] x lh[1] under it. */
static placement best_place(const kgx_opts *o, double w, double h, const double lw[2],
                            const double lh[2], double cap)
{
    double bw = w + lw[0], bh = h > lh[0] ? h : lh[0];        /* beside */
    double uw = w > lw[1] ? w : lw[1], uh = h + lh[1];        /* under */
    double sb = o->page_w / bw < o->page_h / bh ? o->page_w / bw : o->page_h / bh;
    double su = o->page_w / uw < o->page_h / uh ? o->page_w / uw : o->page_h / uh;
    placement pl = {su > sb, su > sb ? su : sb};
    if (pl.scale > cap) pl.scale = cap;
    return pl;
}

/* Lay out legend `note` and return its size. */
static int legend_size(const kgx_style *st, const char *note, bool wide, double *lw,
                       double *lh)
{
    kgx_gv *lg = NULL;
    int rc = kgx_gv_new_legend(&lg, st, note, wide);
    if (rc == 0) rc = kgx_gv_layout(lg);
    if (rc == 0) kgx_gv_size(lg, lw, lh);
    kgx_gv_free(lg);
    return rc;
}

/* Mark the drawing of the L most central nodes (rank[0..L)) named, plus
 * unnamed marks for at most L / 2 + 1 of the next nodes that have an edge
 * to a named node (a mark alone says nothing). */
static void choose_nodes(const kgx_style *st, const size_t *rank, size_t D, size_t L, bool *keep,
                         bool *lab)
{
    const kg_graph *g = st->g;
    size_t n = kg_graph_node_count(g), m = kg_graph_edge_count(g);
    memset(keep, 0, n * sizeof *keep);
    memset(lab, 0, n * sizeof *lab);
    for (size_t k = 0; k < L; k++) keep[rank[k]] = lab[rank[k]] = true;
    if (L == D) return;
    bool *near = kg_xcalloc(n ? n : 1, sizeof *near);
    for (size_t j = 0; j < m; j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        if (lab[e->source]) near[e->target] = true;
        if (lab[e->target]) near[e->source] = true;
    }
    size_t marks = 0;
    for (size_t k = L; k < D && marks < L / 2 + 1; k++)
        if (near[rank[k]]) {
            keep[rank[k]] = true;
            marks++;
        }
    free(near);
}

/* Lay out the drawing of keep/lab every way (pack_try) and keep the one
 * that prints largest in *pp. */
static int page_try(page_plan *pp, const kgx_style *st, const kgx_opts *o, const bool *keep,
                    const bool *lab, kg_buf *note)
{
    const kg_graph *g = st->g;
    size_t n = kg_graph_node_count(g);
    size_t D = 0, L = 0;
    double min_font = 10; /* the legend's note */
    for (size_t i = 0; i < n; i++) {
        D += keep[i];
        L += lab[i];
        double f = kgx_node_fontsize(st, i);
        if (lab[i] && f < min_font) min_font = f;
    }
    bool *edges = NULL; /* the edge cap applies in page mode too */
    size_t de = kgx_drawn_edges(&edges, NULL, g, keep, kgx_drawn_edge_cap(o));
    const char *engine = kgx_choose_layout(o, D, de);
    double lw[2], lh[2], need = o->font_min / min_font, cap = need > 1 ? need : 1;
    kg_buf_clear(note);
    legend_note(note, st, engine, D, n, edges ? de : 0, L);
    int rc;
    if ((rc = legend_size(st, note->ptr, false, &lw[0], &lh[0])) ||
        (rc = legend_size(st, note->ptr, true, &lw[1], &lh[1]))) {
        free(edges);
        return rc;
    }
    bool dot = strcmp(engine, "dot") == 0;
    const pack_try *tries = dot ? DOT_TRIES : OTHER_TRIES;
    size_t ntries = dot ? sizeof DOT_TRIES / sizeof *DOT_TRIES : 1;
    memset(pp, 0, sizeof *pp);
    pp->pl.scale = -1;
    for (size_t t = 0; t < ntries && rc == 0; t++) {
        kgx_gv *gv = NULL;
        double w, h;
        rc = kgx_gv_new_drawn(&gv, st, keep, edges, lab, engine, KGX_GV_DRAW);
        if (rc == 0) kgx_gv_pack(gv, tries[t].rankdir, tries[t].packmode);
        if (rc == 0) rc = kgx_gv_layout(gv);
        if (rc == 0) {
            kgx_gv_size(gv, &w, &h);
            placement pl = best_place(o, w, h, lw, lh, cap);
            if (pl.scale > pp->pl.scale + 1e-9) {
                pp->pl = pl;
                pp->how = tries[t];
            }
        }
        kgx_gv_free(gv);
    }
    free(edges);
    pp->drawn = D;
    pp->labelled = L;
    pp->drawn_edges = de;
    pp->engine = engine;
    pp->min_font = min_font;
    return rc;
}

static bool page_fits(const page_plan *pp, const kgx_opts *o)
{
    return pp->pl.scale * pp->min_font >= o->font_min - 1e-6;
}

/* Choose what to draw and how (see above): the most named nodes that fit,
 * by bisection on their number; keep[] and lab[] (n each) get the drawn
 * and the named nodes.  Called under the Graphviz lock. */
static int page_plan_make(page_plan *pp, const kgx_style *st, const kgx_opts *o, bool *keep,
                          bool *lab)
{
    size_t n = kg_graph_node_count(st->g);
    size_t *rank = ranked(st);
    size_t D = n < o->max_drawn ? n : o->max_drawn;
    kg_buf note = KG_BUF_INIT;
    choose_nodes(st, rank, D, D, keep, lab);
    int rc = page_try(pp, st, o, keep, lab, &note);
    if (rc == 0 && !page_fits(pp, o) && D > 1) {
        /* lo fits (or is 1), hi does not */
        size_t lo = 1, hi = D;
        page_plan at_lo;
        choose_nodes(st, rank, D, lo, keep, lab);
        rc = page_try(&at_lo, st, o, keep, lab, &note);
        while (rc == 0 && hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            page_plan p;
            choose_nodes(st, rank, D, mid, keep, lab);
            rc = page_try(&p, st, o, keep, lab, &note);
            if (rc == 0 && page_fits(&p, o)) {
                lo = mid;
                at_lo = p;
            } else {
                hi = mid;
            }
        }
        /* room is not monotone in the number named (one more node can add
         * a rank): look a little past the bisection's answer */
        size_t best = lo;
        for (size_t k = hi + 1; rc == 0 && k <= hi + 4 && k < D; k++) {
            page_plan p;
            choose_nodes(st, rank, D, k, keep, lab);
            rc = page_try(&p, st, o, keep, lab, &note);
            if (rc == 0 && page_fits(&p, o)) {
                best = k;
                at_lo = p;
            }
        }
        choose_nodes(st, rank, D, best, keep, lab);
        *pp = at_lo;
    }
    free(rank);
    kg_buf_free(&note);
    return rc;
}

/* ---- ids ---- */

/* Prefix every id in the subtree, and every reference "#id" in href and
 * xlink:href, with p. */
static void prefix_ids(xmlNode *n, const char *p)
{
    kg_buf b = KG_BUF_INIT;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        for (xmlAttr *a = n->properties; a; a = a->next) {
            const char *name = (const char *)a->name;
            bool id = strcmp(name, "id") == 0, ref = strcmp(name, "href") == 0;
            if (!id && !ref) continue;
            xmlChar *v = xmlNodeGetContent((xmlNode *)a);
            if (v && (id || v[0] == '#')) {
                kg_buf_clear(&b);
                if (ref) kg_buf_printf(&b, "#%s%s", p, (const char *)v + 1);
                else kg_buf_printf(&b, "%s%s", p, (const char *)v);
                xmlSetNsProp(n, a->ns, a->name, (const xmlChar *)b.ptr);
            }
            xmlFree(v);
        }
        prefix_ids(n->children, p);
    }
    kg_buf_free(&b);
}

/* FNV-1a, 64 bits. */
static uint64_t fnv64(const unsigned char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* The ids' prefix: the caller's, or one from the document itself, so that
 * two different drawings differ and the same drawing is the same. */
static void apply_id_prefix(xmlDoc *doc, const kgx_opts *o)
{
    const char *user = o->user ? o->user->id_prefix : NULL;
    char auto_prefix[32];
    if (!user) {
        xmlChar *text = NULL;
        int size = 0;
        xmlDocDumpMemoryEnc(doc, &text, &size, "UTF-8");
        uint64_t h = fnv64(text, size > 0 ? (size_t)size : 0);
        xmlFree(text);
        snprintf(auto_prefix, sizeof auto_prefix, "kg%08x-", (unsigned)(h ^ (h >> 32)));
        user = auto_prefix;
    }
    if (*user) prefix_ids(xmlDocGetRootElement(doc), user);
}

int kgx_write_svg(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kg_export_memo *memo = kgx_memo(o, g);
    if (memo && memo->svg) return kgx_fwrite(fp, memo->svg, memo->svglen);
    kgx_style st;
    kgx_style_init(&st, g, o);
    size_t n = kg_graph_node_count(g), m = kg_graph_edge_count(g);
    char *main_svg = NULL, *legend_svg = NULL;
    size_t main_len = 0, legend_len = 0;
    bool *keep = NULL, *lab = NULL, *keep_edges = NULL;
    size_t drawn = n, drawn_edges = m, labelled = n;
    xmlDoc *doc = NULL, *ldoc = NULL;
    xmlChar *outbuf = NULL;
    kgx_gv *gv = NULL, *lg = NULL;
    kg_buf note = KG_BUF_INIT;
    placement pl = {false, 1};
    pack_try how = {NULL, NULL};
    const char *engine;
    int rc = 0;

    kgx_gv_lock();
    if (o->page) {
        page_plan pp;
        keep = kg_xcalloc(n ? n : 1, sizeof *keep);
        lab = kg_xcalloc(n ? n : 1, sizeof *lab);
        rc = page_plan_make(&pp, &st, o, keep, lab);
        kgx_drawn_edges(&keep_edges, NULL, g, keep, kgx_drawn_edge_cap(o));
        drawn = pp.drawn;
        labelled = pp.labelled;
        drawn_edges = pp.drawn_edges;
        engine = pp.engine;
        how = pp.how;
        pl = pp.pl;
        if (rc == 0 && labelled < n)
            kgx_note(o, "page %.2fx%.2fin: naming the %zu nodes with the highest %s so that labels "
                        "print at %g pt or more (%zu more drawn unnamed, %zu left out)",
                     o->page_w / 72, o->page_h / 72, labelled, kg_graph_measure_names[st.size_by],
                     o->font_min, drawn - labelled, n - drawn);
        if (rc == 0 && pl.scale * pp.min_font < o->font_min - 1e-6)
            kgx_note(o, "page %.2fx%.2fin: labels print at %.1f pt, under %g pt: the page is "
                        "too small for even one name",
                     o->page_w / 72, o->page_h / 72, pl.scale * pp.min_font, o->font_min);
    } else {
        kgx_drawn d;
        kgx_drawn_select(&d, &st, o);
        keep = d.nodes;
        keep_edges = d.edges;
        drawn = labelled = d.drawn_nodes;
        drawn_edges = d.drawn_edges;
        kgx_drawn_note(&d, &st, o, "SVG: drawing");
        engine = kgx_choose_layout(o, drawn, drawn_edges);
    }
    if (rc == 0 && o->layout_auto && strcmp(engine, "dot") != 0)
        kgx_note(o, "drawing %zu nodes and %zu edges with %s", drawn, drawn_edges, engine);
    if (rc == 0) {
        legend_note(&note, &st, engine, drawn, n, keep_edges ? drawn_edges : 0, labelled);
        rc = kgx_gv_new_drawn(&gv, &st, keep, keep_edges, lab, engine, KGX_GV_DRAW);
    }
    if (rc == 0 && o->page) kgx_gv_pack(gv, how.rankdir, how.packmode);
    if (rc == 0) rc = kgx_gv_layout(gv);
    if (rc == 0) rc = kgx_gv_render_svg(gv, &main_svg, &main_len);
    if (rc == 0) rc = kgx_gv_new_legend(&lg, &st, note.ptr, pl.under);
    if (rc == 0) rc = kgx_gv_layout(lg);
    if (rc == 0) rc = kgx_gv_render_svg(lg, &legend_svg, &legend_len);
    kgx_gv_free(gv);
    kgx_gv_free(lg);
    kgx_gv_unlock();
    if (rc) goto done;

    xmlInitParser();
    if ((rc = parse_svg(&doc, main_svg, main_len)) != 0) goto done;
    if ((rc = parse_svg(&ldoc, legend_svg, legend_len)) != 0) goto done;
    if ((rc = compose(doc, ldoc, &st, o, drawn, drawn_edges, pl)) != 0) goto done;
    apply_id_prefix(doc, o);
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &outbuf, &size, "UTF-8");
    if (!outbuf) {
        rc = kg_error_set(KG_EOUTPUT, "SVG: cannot serialise the document");
        goto done;
    }
    rc = kgx_fwrite(fp, outbuf, (size_t)size);
    if (rc == 0 && memo) { /* for the HTML report of the same graph */
        memo->svg = kg_xmalloc((size_t)size + 1);
        memcpy(memo->svg, outbuf, (size_t)size);
        memo->svg[size] = 0;
        memo->svglen = (size_t)size;
    }

done:
    xmlFree(outbuf);
    if (doc) xmlFreeDoc(doc);
    if (ldoc) xmlFreeDoc(ldoc);
    free(main_svg);
    free(legend_svg);
    free(keep);
    free(keep_edges);
    free(lab);
    kg_buf_free(&note);
    return rc;
}
