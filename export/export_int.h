/*
 * export/export_int.h: what the export files share and nothing outside
 * export/ sees: resolved options, the visual style (colours, shapes, sizes),
 * text cleaning, tooltips, number formatting, and the Graphviz session used
 * by dot.c, svg.c and gexf.c.  No third-party header here: Graphviz and
 * libxml2 types stay in the .c files that use them.
 */
#ifndef KG_EXPORT_INT_H
#define KG_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kgraph/export.h"
#include "util/util.h"

/* ---- options, resolved and validated ---- */
typedef struct kgx_opts {
    const char *layout;         /* NULL until kgx_choose_layout */
    bool layout_auto;
    int size_by;                /* kg_measure */
    bool no_fixed_size;
    size_t max_drawn;
    size_t max_drawn_edges;     /* 0: kgx_drawn_edge_cap's default */
    bool csv_neo4j;
    bool page;                  /* page mode: fit page_w x page_h */
    double page_w, page_h;      /* points */
    double font_min;            /* points, page mode */
    const kg_export_options *user;
} kgx_opts;

/* kg_export_memo: what one export computed for the next (see export.h). */
struct kg_export_memo {
    const kg_graph *g;          /* the graph it serves; NULL until first use */
    char *svg;                  /* the SVG export's bytes, or NULL */
    size_t svglen;
    double *xy;                 /* kgx_positions' result, or NULL */
    size_t n;                   /* its node count */
};

/* The memo of o for graph g: NULL when there is none or it serves
 * another graph. */
kg_export_memo *kgx_memo(const kgx_opts *o, const kg_graph *g);

/* Validate `in` (may be NULL) into *o.  KG_ENOTFOUND for an unknown layout
 * or measure. */
int kgx_opts_resolve(kgx_opts *o, const kg_export_options *in);
/* Parse a page spec (kg_export_options.page) into points; KG_EUSAGE. */
int kgx_parse_page(const char *spec, double *w, double *h);
/* The engine for a drawing of n nodes and m edges under o. */
const char *kgx_choose_layout(const kgx_opts *o, size_t n, size_t m);
/* Send a note to the caller's callback, if any. */
void kgx_note(const kgx_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- style ---- */
typedef struct kgx_style {
    const kg_graph *g;
    const char *const *types;
    size_t ntypes;
    const char *const *rels;
    size_t nrels;
    int size_by;
    double smin, smax;          /* range of size_by over the graph */
    const kg_export_options *user; /* the pack's styles (may be NULL) */
    double font_span;           /* label sizes: 10 to 10 + font_span points */
    bool page;                  /* page mode: compact legend */
} kgx_style;

/* How one type or relation is drawn: a value, so that writers running in
 * parallel need no shared buffer. */
typedef struct kgx_look {
    char fill[8];               /* types: "#rrggbb" fill; relations: line colour */
    char border[8];             /* types: border colour; relations: = fill */
    const char *shape;          /* types: Graphviz shape; relations: line style */
} kgx_look;

void kgx_style_init(kgx_style *st, const kg_graph *g, const kgx_opts *o);
size_t kgx_type_index(const kgx_style *st, const char *type);
size_t kgx_rel_index(const kgx_style *st, const char *rel);
/* The look of type ti / relation ri of st (indexes into st->types and
 * st->rels): the pack's `style:` where given, otherwise the default palette
 * at the name's place in the pack (a hash of the name when the pack does
 * not list it).  Never depends on which other names the graph holds. */
kgx_look kgx_type_look(const kgx_style *st, size_t ti);
kgx_look kgx_rel_look(const kgx_style *st, size_t ri);
/* The colour other formats write for node i and edge j ("#rrggbb": a node's
 * fill, an edge's line), and the node colour as RGB for GEXF viz:color. */
void kgx_node_color(const kgx_style *st, size_t i, char out[8]);
void kgx_edge_color(const kgx_style *st, size_t j, char out[8]);
void kgx_type_rgb(const kgx_style *st, size_t ti, int rgb[3]);
/* size_by of node i scaled to [0, 1] (sqrt of the min-max normalised value;
 * 0.5 for every node when all values are equal). */
double kgx_node_scale(const kgx_style *st, size_t i);
double kgx_edge_penwidth(size_t weight);
/* Label size of node i in points at natural size (10 to 18 by size_by). */
double kgx_node_fontsize(const kgx_style *st, size_t i);
/* Node diameter in points for GEXF viz:size. */
double kgx_node_size(const kgx_style *st, size_t i);

/* ---- text ---- */
/* Append s to b with what no output may hold replaced by U+FFFD: invalid
 * UTF-8, C0 controls other than tab, LF and CR, DEL, C1 controls, U+FFFE
 * and U+FFFF. */
void kgx_clean(kg_buf *b, const char *s);
/* kgx_clean into a new string (caller frees). */
char *kgx_cleandup(const char *s);
/* Append s cleaned and escaped as a Graphviz escString: backslash doubled,
 * LF written as \n, CR dropped, tab made a space, so no \N, \G, \L ...
 * escape survives; with `entities`, '&' becomes "&amp;" too (for what
 * Graphviz displays, since it expands HTML entities in labels). */
void kgx_gv_escape(kg_buf *b, const char *s, bool entities);
/* Append a CSS-safe class name: prefix then name with bytes other than
 * [A-Za-z0-9_-] written as "_xx" (two lower-case hex digits). */
void kgx_css_name(kg_buf *b, const char *prefix, const char *name);
/* Tooltip texts (clean, not escaped). */
void kgx_node_tooltip(kg_buf *b, const kgx_style *st, size_t i);
void kgx_edge_tooltip(kg_buf *b, const kgx_style *st, size_t j);
/* The name under which node attribute `key` (a gazetteer "@key=value"
 * field, [a-z_][a-z0-9_]*) is exported: the key itself, or "attr_<key>"
 * when the key is one of the exports' own node fields (id, label, name,
 * type, mentions, documents, forms, component, community, the measures), so
 * that an attribute never overwrites them.  Written into buf (at least
 * KGX_ATTR_NAME bytes); returns buf. */
#define KGX_ATTR_NAME 96
const char *kgx_attr_name(const char *key, char *buf);
/* 1234567 as "1,234,567" (for notes). */
void kgx_grouped(char buf[32], size_t v);
/* "%.10g", the one format for reals in every export. */
void kgx_fmt_real(char buf[32], double v);
/* Rules joined with ";". */
void kgx_rules_joined(kg_buf *b, const kg_gedge *e);

/* ---- what a drawing of a large graph shows (drawn.c) ---- */
/* Default edge cap per drawn node: 1,000 nodes draw at most 5,000 edges. */
#define KGX_EDGES_PER_DRAWN_NODE 5
typedef struct kgx_drawn {
    bool *nodes;                /* n flags, or NULL: every node is drawn */
    bool *edges;                /* m flags, or NULL: every edge between drawn
                                   nodes is drawn */
    size_t n, m;                /* the graph's counts */
    size_t drawn_nodes, drawn_edges;
    size_t between;             /* edges between drawn nodes, before the cap */
} kgx_drawn;

/* The edge cap of o: max_drawn_edges, or KGX_EDGES_PER_DRAWN_NODE per
 * drawn node. */
size_t kgx_drawn_edge_cap(const kgx_opts *o);
/* The nodes and edges a drawing of st's graph shows (see drawn.c): the
 * max_drawn nodes with the highest size_by measure, then the heaviest
 * edges among them up to the edge cap; ties by graph order.  Free with
 * kgx_drawn_free. */
void kgx_drawn_select(kgx_drawn *d, const kgx_style *st, const kgx_opts *o);
void kgx_drawn_free(kgx_drawn *d);
/* The edges between nodes with keep[i] (NULL: all), at most `cap` of them,
 * heaviest first, ties by edge order: *out is an m-flag mask (caller frees),
 * or NULL when every such edge fits; *nbetween (may be NULL) gets the
 * number of edges between kept nodes.  Returns how many are kept. */
size_t kgx_drawn_edges(bool **out, size_t *nbetween, const kg_graph *g, const bool *keep,
                       size_t cap);
/* When d leaves anything out, send a note such as "WHAT 1,000 of 100,000
 * nodes (the highest pagerank) and 5,000 of the 92,945 edges among them
 * (the heaviest); --max-drawn and --max-drawn-edges change this". */
void kgx_drawn_note(const kgx_drawn *d, const kgx_style *st, const kgx_opts *o, const char *what);

/* ---- Graphviz (gv.c) ---- */
typedef struct kgx_gv kgx_gv;

/* What a Graphviz graph is built for. */
typedef enum { KGX_GV_DOT, KGX_GV_DRAW, KGX_GV_LEGEND } kgx_gv_purpose;

/* Take and release the module's Graphviz lock; every kgx_gv call happens
 * between them. */
void kgx_gv_lock(void);
void kgx_gv_unlock(void);

/* Build the Graphviz graph of g restricted to the nodes with keep[i] (NULL:
 * all) and the edges between them, styled by st, with the graph attributes
 * for `engine`.  KGX_GV_DOT adds every data attribute, tooltips and each
 * node's name, records the engine as kgraph_layout instead of layout, and
 * creates the nodes in the order dot.c's files have always had (gv.c,
 * dot_order). */
int kgx_gv_new(kgx_gv **out, const kgx_style *st, const bool *keep, const char *engine,
               kgx_gv_purpose purpose);
/* kgx_gv_new for a drawing in which only the nodes with labelled[i] show
 * their name (NULL: all; borrowed until kgx_gv_free); the others are small
 * marks of their type's shape and colour. */
int kgx_gv_new_labelled(kgx_gv **out, const kgx_style *st, const bool *keep,
                        const bool *labelled, const char *engine, kgx_gv_purpose purpose);
/* kgx_gv_new_labelled drawing only the edges with keep_edges[j] (NULL:
 * every edge between kept nodes; borrowed until kgx_gv_free). */
int kgx_gv_new_drawn(kgx_gv **out, const kgx_style *st, const bool *keep,
                     const bool *keep_edges, const bool *labelled, const char *engine,
                     kgx_gv_purpose purpose);
/* Build the legend graph (types, relations, a note) laid out with dot: one
 * column, or with `wide` three side by side (to go under a drawing). */
int kgx_gv_new_legend(kgx_gv **out, const kgx_style *st, const char *note, bool wide);
/* Write the DOT text of the graph. */
int kgx_gv_write_dot(kgx_gv *gv, FILE *fp);
/* Page mode: lay the drawing out with ranks in `rankdir` ("LR", "TB") and
 * its connected components packed by Graphviz `packmode` (NULL: not
 * packed).  Before kgx_gv_layout. */
void kgx_gv_pack(kgx_gv *gv, const char *rankdir, const char *packmode);
/* Lay the graph out with its engine. */
int kgx_gv_layout(kgx_gv *gv);
/* Width and height in points of the laid-out graph's SVG. */
void kgx_gv_size(kgx_gv *gv, double *w, double *h);
/* Render the laid-out graph to SVG in memory (caller frees *out with free). */
int kgx_gv_render_svg(kgx_gv *gv, char **out, size_t *len);
/* Position of node i of the kg_graph after layout (points); false if the
 * node was not drawn. */
bool kgx_gv_position(kgx_gv *gv, size_t i, double *x, double *y);
void kgx_gv_free(kgx_gv *gv);

/* ---- node positions for the GEXF and GraphML writers (export.c) ---- */
/* Lay out what the SVG draws (kgx_drawn_select: at most max_drawn nodes
 * and the edge cap's edges) with the engine the SVG uses for it (o's
 * layout, or the choice by size) and give each drawn node's position in
 * points: (*xy)[2i], (*xy)[2i+1], -0 written as 0 (caller frees); a node
 * not drawn has NAN for both and gets no position.  A note names `what`
 * (the format) when nodes are left out.  0, or KG_EGRAPH when Graphviz
 * fails. */
int kgx_positions(double **xy, const kgx_style *st, const kgx_opts *o, const char *what);

/* ---- writers, one per format file ---- */
int kgx_write_dot(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_svg(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_graphml(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_gexf(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_json(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_html(const kg_graph *g, const kgx_opts *o, FILE *fp);
int kgx_write_csv(const kg_graph *g, const kgx_opts *o, FILE *nodes, FILE *edges);

/* KG_EOUTPUT unless fp has no error; `what` names the stream. */
int kgx_check_stream(FILE *fp, const char *what);
/* fwrite all of data or KG_EOUTPUT. */
int kgx_fwrite(FILE *fp, const void *data, size_t len);

#endif
