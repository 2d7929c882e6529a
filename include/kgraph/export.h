/*
 * kgraph/export.h: a knowledge graph out, as files people and tools read.
 *
 * The export stage of the pipeline  rules -> extract -> graph -> export -> cli.
 * It writes a kg_graph (built, usually analysed, perhaps filtered by
 * kg_graph_filter_apply) in six formats:
 *
 *   dot      Graphviz DOT, written by cgraph, styled, with every attribute
 *   svg      a diagram drawn by Graphviz in this process, with a legend,
 *            tooltips, stable ids and CSS classes; no script, no external
 *            reference
 *   graphml  GraphML with a typed key per attribute (NetworkX, Gephi, yEd)
 *   gexf     GEXF 1.2draft with viz colour, size and position (Gephi)
 *   json     node-link JSON (NetworkX node_link_graph, D3)
 *   csv      two files, nodes.csv and edges.csv (spreadsheets, Neo4j)
 *   html     report.html: one self-contained page for people: the SVG
 *            diagram with pan and zoom, a summary, sortable and searchable
 *            tables of entities (every measure) and relations, and the
 *            evidence sentences of every edge; no network access, a
 *            Content-Security-Policy allowing only its own script and style
 *
 * Every format carries the same nodes and edges (the SVG may draw fewer, see
 * max_drawn_nodes) with the same ids: node i is "n<i>" and edge j is "e<j>"
 * in the graph's own order (in the SVG after a prefix, see id_prefix).
 * docs/exports.md specifies each format.
 *
 * Threads: Graphviz is not thread-safe, so DOT, SVG and GEXF exports hold a
 * module lock while they use it; the other formats run in parallel freely.
 */
#ifndef KGRAPH_EXPORT_H
#define KGRAPH_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kgraph/common.h"
#include "kgraph/graph.h"
#include "kgraph/rules.h"

typedef enum kg_format {
    KG_FMT_DOT,
    KG_FMT_SVG,
    KG_FMT_GRAPHML,
    KG_FMT_GEXF,
    KG_FMT_JSON,
    KG_FMT_CSV,
    KG_FMT_HTML,
    KG_FMT_COUNT
} kg_format;

/* The format called `name` ("dot", "svg", "graphml", "gexf", "json", "csv", "html";
 * case-insensitive).  KG_ENOTFOUND with
 *   unknown format 'grapml' (did you mean 'graphml'?)  */
int kg_format_from_name(kg_format *out, const char *name);

/* The format a file name's extension names (.dot or .gv, .svg, .graphml,
 * .gexf, .json; case-insensitive).  CSV is never inferred: "out.csv" is a
 * prefix for two files.  KG_ENOTFOUND, with a message naming the
 * extensions, otherwise. */
int kg_format_from_path(kg_format *out, const char *path);

/* The name of a format ("dot", ...), and the file name kg_export_write_all
 * gives it ("graph.dot", ..., "nodes.csv" for CSV, whose second file is
 * kg_format_second_file_name's "edges.csv"; NULL for the others). */
const char *kg_format_name(kg_format fmt);
const char *kg_format_file_name(kg_format fmt);
const char *kg_format_second_file_name(kg_format fmt);

/* For messages and help texts (static strings, thread-safe): the format
 * names as "dot, svg, graphml, gexf, json or csv", and the extensions of
 * kg_format_from_path as ".dot, .gv, ... or .json". */
const char *kg_format_list(void);
const char *kg_format_ext_list(void);

/* Drawing defaults (docs/exports.md, "Layout"). */
#define KG_EXPORT_DOT_MAX_NODES 100     /* auto layout: dot up to here ... */
#define KG_EXPORT_DOT_MAX_EDGES 250     /* ... and up to this many edges */
#define KG_EXPORT_NEATO_MAX_NODES 500   /* then neato, then sfdp */
#define KG_EXPORT_MAX_DRAWN_NODES 1000  /* SVG draws at most this many nodes */
#define KG_EXPORT_REPORT_MAX_NODES 5000 /* the report's tables hold at most
                                           this many nodes (5 edges each) */
#define KG_EXPORT_MAX_DRAWN_EDGES 5000  /* ... and this many edges (by default
                                           5 per drawn node) */

/* Work that several exports of one graph with one set of options share:
 * the drawing laid out once for the SVG and the HTML report, the positions
 * once for GEXF and GraphML.  See kg_export_options.memo. */
typedef struct kg_export_memo kg_export_memo;

typedef struct kg_export_options {
    /* Graphviz layout engine for the SVG and the positions in GEXF and
     * GraphML (DOT records it as kgraph_layout and names no engine, so the
     * reader's command picks one): "dot", "neato", "fdp", "sfdp", "circo",
     * or NULL / "auto" to choose from the size of the graph. */
    const char *layout;
    /* The measure (kg_graph_measure_names) that sizes nodes; NULL means
     * "pagerank".  Also picks the nodes drawn when the SVG is capped. */
    const char *size_by;
    /* SVG without width and height, so that it fills its container. */
    bool no_fixed_size;
    /* The SVG draws the max_drawn_nodes nodes with the highest size_by
     * measure (ties by node order) and the edges between them (see
     * max_drawn_edges); 0 means KG_EXPORT_MAX_DRAWN_NODES, SIZE_MAX means
     * no limit.  The same nodes get positions in GEXF and GraphML (the
     * others none). */
    size_t max_drawn_nodes;
    /* CSV headers for neo4j-admin import (id:ID, :LABEL, :START_ID, ...)
     * instead of plain names; see docs/exports.md. */
    bool csv_neo4j;
    /* Called with a one-line message when the export decides something the
     * caller should know (the layout chosen for a large graph, nodes left
     * out of a drawing).  May be NULL. */
    void (*note)(void *ud, const char *msg);
    void *note_ud;
    /* The rule pack's types and relations in pack order, with their
     * `style:` (kg_rules_styles; may be NULL).  A type's or relation's
     * default colour, shape and line style come from its place in this
     * order, so it looks the same in every graph drawn with the pack; a name
     * not listed gets a default from a hash of the name.  A colour must be
     * "#rrggbb", a shape one of kg_style_shapes, a line one of
     * kg_style_lines (KG_EUSAGE otherwise). */
    /* GEXF and GraphML mark the edges of symmetric relations undirected
     * (type="undirected", directed="false"), so that Gephi draws them
     * without arrows.  Off by default: NetworkX refuses a directed file
     * holding an undirected edge (docs/formats.md). */
    bool undirected_symmetric;
    const kg_rules_style *type_styles;
    size_t ntype_styles;
    const kg_rules_style *rel_styles;
    size_t nrel_styles;
    /* Page mode for the SVG (docs/formats.md, "Figures in reports"): "a4",
     * "letter" or "WIDTHxHEIGHT" with a unit in, cm or mm ("16x20cm"); the
     * drawing is laid out to fit that box with labels printing at font_min
     * points or more (0: KG_EXPORT_FONT_MIN), leaving out the least central
     * nodes when they cannot all fit.  NULL: natural size. */
    const char *page;
    double font_min;
    /* Prefixed to every id in the SVG, so that several SVGs can be inlined
     * in one HTML page.  NULL: "kg" and 8 hex digits of a hash of the
     * drawing, then "-" (same drawing, same prefix); "": no prefix. */
    const char *id_prefix;
    /* Of the edges between drawn nodes, the SVG (and the layout behind
     * GEXF and GraphML positions) draws at most this many, the heaviest
     * (ties by edge order); 0 means 5 per drawn node
     * (KG_EXPORT_MAX_DRAWN_EDGES for the default 1,000 nodes), SIZE_MAX
     * means no limit.  The note callback says what was left out. */
    size_t max_drawn_edges;
    /* The HTML report's tables hold the max_report_nodes nodes with the
     * highest size_by measure and, of the edges among them, at most 5 per
     * node, the heaviest; 0 means KG_EXPORT_REPORT_MAX_NODES, SIZE_MAX
     * means no limit.  The note callback says what was left out. */
    size_t max_report_nodes;
    /* Shared work (kg_export_memo_new; NULL: none).  It serves the first
     * graph it is used with and is ignored for any other; it knows that
     * graph by its address, so free the memo before the graph (a new graph
     * at the freed one's address would get its drawing).  The options must
     * not change while it is used, and it is not thread-safe.
     * kg_export_write_all uses one of its own when this is NULL. */
    kg_export_memo *memo;
} kg_export_options;

#define KG_EXPORT_FONT_MIN 7.0          /* page mode: smallest label, points */

#define KG_EXPORT_OPTIONS_INIT \
    {NULL, NULL, false, 0, false, NULL, NULL, false, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL}

/* A new, empty memo (never NULL), and its end. */
kg_export_memo *kg_export_memo_new(void);
void kg_export_memo_free(kg_export_memo *m);

/*
 * Write g (borrowed, analysed or not: an unanalysed graph exports zero
 * measures) in `fmt` to `path`, atomically: a failed export leaves no file
 * and no temporary file.  opts may be NULL for the defaults.
 *
 * `path` "-" means standard output, except for CSV, which writes two files:
 * a path that is an existing folder or ends in '/' gets PATH/nodes.csv and
 * PATH/edges.csv (the folder is created if missing); any other path is a
 * prefix, with a final ".csv" dropped: "out/nhs.csv" and "out/nhs" both give
 * out/nhs.nodes.csv and out/nhs.edges.csv.
 *
 * Errors: KG_EUSAGE (CSV to "-"), KG_ENOTFOUND (unknown layout or measure,
 * with a did-you-mean), KG_EGRAPH (Graphviz failed, with its message),
 * KG_EOUTPUT (the file could not be written).
 */
int kg_export_write(const kg_graph *g, kg_format fmt, const kg_export_options *opts,
                    const char *path);

/* Write g in `fmt` to an open stream (not closed; the caller checks and
 * closes it).  Output is built in memory first where the format needs it, so
 * a Graphviz failure writes nothing.  CSV gives KG_EUSAGE: use
 * kg_export_csv_stream.  Errors as kg_export_write. */
int kg_export_stream(const kg_graph *g, kg_format fmt, const kg_export_options *opts, FILE *fp);

/* The two CSV tables to two open streams. */
int kg_export_csv_stream(const kg_graph *g, const kg_export_options *opts, FILE *nodes,
                         FILE *edges);

/* The centrality table (docs/formats.md, "centrality.csv") to an open
 * stream: one row per node of g, in `order` (kg_graph_node_count(g) node
 * indexes, borrowed; NULL: the graph's order), ranked 1, 2, ...  The
 * columns are nodes.csv's, with rank in place of id and no attribute
 * columns, and text cells pass the same formula guard.  KG_EOUTPUT when fp
 * has an error. */
int kg_export_centrality_csv(const kg_graph *g, const size_t *order, FILE *fp);

/* Write every format into folder `dir` (created if missing) under the names
 * of kg_format_file_name: graph.dot, graph.svg, graph.graphml, graph.gexf,
 * graph.json, nodes.csv, edges.csv.  Each file is written atomically, and
 * every format is attempted even when another failed: each failure is sent
 * to the note callback ("DIR/graph.svg: not written: why") and that file is
 * absent (an older copy is left as it was).  Returns 0 when all were
 * written, else the first failure's code with the message "N of 6 formats
 * not written: DIR/graph.svg, ...".  Option errors (unknown layout or
 * measure) and a folder that cannot be created fail before any file. */
int kg_export_write_all(const kg_graph *g, const kg_export_options *opts, const char *dir);

/* The layout engine the export would use for g with opts ("dot", ...;
 * a static string), or KG_ENOTFOUND for an unknown opts->layout. */
int kg_export_layout(const char **out, const kg_graph *g, const kg_export_options *opts);

#endif
