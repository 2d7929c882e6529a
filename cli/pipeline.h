/*
 * cli/pipeline.h: the stages the commands share: loading rules, extracting a
 * list of documents with progress on a terminal, building and analysing a
 * graph from edge files, the filter options, and the centrality table.
 */
#ifndef KG_CLI_PIPELINE_H
#define KG_CLI_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/workers.h"
#include "kgraph/extract.h"
#include "kgraph/export.h"
#include "kgraph/graph.h"
#include "kgraph/rules.h"

/* Progress on stderr: files, bytes and edges so far, redrawn at most five
 * times a second once the job has run for half a second; only when enabled
 * (stderr is a terminal and the user did not ask for quiet). */
typedef struct kg_progress {
    bool enabled;
    bool shown;
    double start, last;
    size_t files, bytes, edges;
} kg_progress;

void kg_progress_init(kg_progress *p, bool enabled);
void kg_progress_tick(kg_progress *p);
void kg_progress_clear(kg_progress *p);
double kg_now(void);

/* Load rule files.  Every failure is a rule error (exit code 3), a rule
 * file that cannot be read included: it is not one of the inputs.  Returns
 * 0, or the exit code after printing the message. */
int kg_cli_load_rules(kg_rules **out, char **paths, size_t n, const kg_rules_options *ro);

/* Before reading standard input: when it is a terminal, say so on stderr
 * (`what` is "text" or "edge records"), since the command would otherwise
 * seem to hang. */
void kg_cli_stdin_hint(const char *what);

/* The option that bounds a document's size (extract, build, rules coverage). */
#define KG_DOC_OPTS \
    {"max-doc-size", 0, KG_OPT_VALUE, "SIZE", "skip documents larger than SIZE (default 64M; K, M, G suffixes)"}

/* --max-doc-size into *out (KG_DOC_MAX_SIZE_DEFAULT when absent).  Returns 0
 * or KG_EXIT_USAGE after printing the error. */
int kg_cli_max_doc_size(size_t *out, const kg_args *a, const kg_cmd *cmd);

/* Read one document for a command, with kg_doc_read(): 0 when *out holds its
 * text (caller frees); otherwise *out is NULL, a warning is printed
 * (binary and oversized files: unless quiet) and the result is 1 for a
 * binary file (skipped, not an error) or KG_EIO for an unreadable or
 * oversized one ("kgraph: warning: FILE: skipped: larger than --max-doc-size
 * (64 MiB)"), which makes the command exit 1. */
int kg_cli_read_doc(char **out, size_t *len, const char *path, size_t max_doc_size, bool quiet,
                    kg_progress *pg);

/* What a command does with one document's records (edges, and mentions
 * when asked for), called in document order.  0 or an error that stops. */
typedef int (*kg_cli_records_fn)(void *ud, const kg_doc_result *r);

/* Extract every document of `docs` on o->jobs threads (cli/workers.c) and
 * hand each one's records to `records` in document order, after printing
 * its warnings and the reason it was skipped, if it was (as
 * kg_cli_read_doc() does), and counting it in the progress.  Returns 0,
 * KG_EIO (some input unreadable or too large, others done) or the error
 * `records` returned. */
int kg_cli_run_docs(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                    bool quiet, kg_progress *pg, kg_cli_records_fn records, void *ud);

/* -j N into *out (default: the number of cores; 1 when standard input is
 * named twice).  Returns 0 or KG_EXIT_USAGE after printing the error. */
int kg_cli_jobs(size_t *out, const kg_args *a, const kg_cmd *cmd, const kg_doclist *docs);

/* Options shared by build, stats and export: filters and analysis. */
#define KG_FILTER_OPTS \
    {"relation", 0, KG_OPT_LIST, "REL", "keep only these relations (repeatable)"}, \
    {"exclude-relation", 0, KG_OPT_LIST, "REL", "drop these relations (repeatable)"}, \
    {"type", 0, KG_OPT_LIST, "TYPE", "keep only entities of these types (repeatable)"}, \
    {"exclude-type", 0, KG_OPT_LIST, "TYPE", "drop entities of these types (repeatable)"}, \
    {"min-weight", 0, KG_OPT_VALUE, "N", "keep edges supported by at least N sentences"}, \
    {"ego", 0, KG_OPT_VALUE, "NAME", "keep the entity NAME and its neighbourhood"}, \
    {"hops", 0, KG_OPT_VALUE, "K", "neighbourhood radius for --ego (default 1)"}, \
    {"top", 0, KG_OPT_VALUE, "K", "keep the K most central entities"}, \
    {"by", 0, KG_OPT_VALUE, "MEASURE", "measure for --top and rankings (default pagerank)"}, \
    {"largest-component", 0, KG_OPT_FLAG, NULL, "keep the largest connected component"}, \
    {"max-evidence", 0, KG_OPT_VALUE, "N", "evidence sentences kept per edge (default 5)"}, \
    {"exact-paths", 0, KG_OPT_FLAG, NULL, "exact betweenness and closeness however large the graph"}, \
    {"no-paths", 0, KG_OPT_FLAG, NULL, "skip betweenness and closeness (left at 0; paths: skipped)"}

/* Options shared by build and export: how the graph files are drawn. */
#define KG_EXPORT_OPTS \
    {"layout", 0, KG_OPT_VALUE, "ENGINE", "dot, neato, fdp, sfdp or circo (default: chosen by size)"}, \
    {"size-by", 0, KG_OPT_VALUE, "MEASURE", "measure that sizes nodes in drawings (default pagerank)"}, \
    {"no-fixed-size", 0, KG_OPT_FLAG, NULL, "SVG without width and height (fills its container)"}, \
    {"undirected-symmetric", 0, KG_OPT_FLAG, NULL, \
     "GEXF/GraphML: symmetric relations as undirected edges (Gephi; NetworkX cannot read it)"}, \
    {"max-drawn", 0, KG_OPT_VALUE, "N", "draw at most N nodes, the most central (default 1000)"}, \
    {"max-drawn-edges", 0, KG_OPT_VALUE, "N", "draw at most N edges, the heaviest (default 5 per drawn node)"}, \
    {"max-report-nodes", 0, KG_OPT_VALUE, "N", "report.html: tables of at most N entities, the most central (default 5000)"}, \
    {"neo4j", 0, KG_OPT_FLAG, NULL, "CSV headers for neo4j-admin import"}, \
    {"page", 0, KG_OPT_VALUE, "SIZE", "lay the SVG out to fit a4, letter or WxH[in|cm|mm] (figures in reports)"}, \
    {"font-min", 0, KG_OPT_VALUE, "PT", "with --page: smallest printed label, in points (default 7)"}, \
    {"id-prefix", 0, KG_OPT_VALUE, "PREFIX", "prefix of the SVG's ids (default: from a hash of the drawing)"}

/* Parse the export options into *o (strings borrowed from a). */
int kg_cli_export_options(kg_export_options *o, const kg_args *a, const kg_cmd *cmd);

/* Parse the filter options into *f (strings borrowed from a).  Returns 0 or
 * KG_EXIT_USAGE after printing the error. */
int kg_cli_filter(kg_graph_filter *f, const kg_args *a, const kg_cmd *cmd);
/* The ranking measure (--by, default pagerank); KG_EXIT_USAGE if unknown. */
int kg_cli_rank_measure(kg_measure *out, const kg_args *a);

/* Analyse g and apply the filter; *out is the graph to report (g itself
 * when no filter is set, then *owned is false).  Returns 0 or a KG_E code. */
int kg_cli_analyze_filter(kg_graph **out, bool *owned, kg_graph *g, const kg_graph_filter *f,
                          const kg_args *a);

/* Build a graph from edge files ("-" for stdin).  A file that is JSON but
 * not JSON Lines (graph.json) is reported as not being an edge file. */
int kg_cli_graph_from_files(kg_graph **out, char **paths, size_t n, size_t max_evidence);

/* Check the filter's names against g (exit code 2 with a suggestion), then
 * analyse and filter as kg_cli_analyze_filter.  Returns 0, or an exit code
 * after printing the message. */
int kg_cli_select(kg_graph **out, bool *owned, kg_graph *g, const kg_graph_filter *f,
                  const kg_args *a, bool names_checked);

/* "kgraph: warning: the graph has no edges" when it has none. */
void kg_cli_warn_empty(const kg_graph *g);

/* Node indexes sorted by `m` descending, ties by node order (caller frees). */
size_t *kg_cli_ranking(const kg_graph *g, kg_measure m);

/* Write the centrality table (docs/formats.md) to fp. */
int kg_cli_write_centrality(FILE *fp, const kg_graph *g, kg_measure by);

#endif
