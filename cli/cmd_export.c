/*
 * cli/cmd_export.c: `kgraph export`, one graph file from edge files:
 *
 *   kgraph export -f FORMAT [filters] [drawing options] -o FILE EDGES.jsonl...
 *
 * The graph is built, analysed and filtered exactly as `kgraph build` does,
 * then written in one format (dot, svg, graphml, gexf, json, csv) to FILE
 * (atomically) or to standard output.  CSV writes two tables: FILE is a
 * folder (nodes.csv, edges.csv) or a prefix (PREFIX.nodes.csv, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/pipeline.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"format", 'f', KG_OPT_VALUE, "FORMAT", "dot, svg, graphml, gexf, json or csv"},
    {"output", 'o', KG_OPT_VALUE, "FILE", "write to FILE (default: standard output; csv needs -o)"},
    KG_EXPORT_OPTS,
    KG_FILTER_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

static int cmd_export(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0, rc;
    kg_graph *g = NULL, *view = NULL;
    bool owned = false;
    kg_graph_filter f;
    kg_export_options eo;
    kg_format fmt;
    const char *fname = kg_args_value(&a, "format"), *out = kg_args_value(&a, "output");
    if (!fname) {
        kg_usage_error(cmd, "no format: give one with -f (dot, svg, graphml, gexf, json, csv)");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (kg_format_from_name(&fmt, fname) != 0) {
        kg_usage_error(cmd, "%s", kg_error_last());
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (fmt == KG_FMT_CSV && (!out || !strcmp(out, "-"))) {
        kg_usage_error(cmd, "csv writes two files: give a folder or prefix with -o");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if ((exit_code = kg_cli_filter(&f, &a, cmd)) || (exit_code = kg_cli_export_options(&eo, &a, cmd)))
        goto done;
    char *stdin_only[] = {"-"};
    size_t max_ev = KG_GRAPH_DEFAULT_EVIDENCE;
    if (kg_args_value(&a, "max-evidence")) kg_args_size(kg_args_value(&a, "max-evidence"), &max_ev);
    rc = a.npos ? kg_cli_graph_from_files(&g, a.pos, a.npos, max_ev)
                : kg_cli_graph_from_files(&g, stdin_only, 1, max_ev);
    if (rc || (rc = kg_cli_analyze_filter(&view, &owned, g, &f, &a)) ||
        (rc = kg_export_write(view, fmt, &eo, out ? out : "-"))) {
        exit_code = kg_fail(rc);
        goto done;
    }
    if ((!out || !strcmp(out, "-")) && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "kgraph: <stdout>: write failed: %s\n", strerror(errno ? errno : EIO));
        exit_code = KG_EXIT_OUTPUT;
    }
done:
    if (owned) kg_graph_free(view);
    kg_graph_free(g);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_export = {
    "export", "-f FORMAT [options] [-o FILE] [EDGES.jsonl...]",
    "Write the graph of edge files in one format: dot, svg, graphml, gexf, json or csv.",
    "Reads edge files (standard input when none is given), builds, analyses and\n"
    "filters the graph as `kgraph build` does, and writes one format.  SVG is laid\n"
    "out by Graphviz in process; the layout engine is chosen from the graph's size\n"
    "unless --layout is given, and large graphs are drawn from their most central\n"
    "nodes (said on stderr).  docs/formats.md describes every format.",
    opts, cmd_export};
