/*
 * cli/cmd_export.c: `kgraph export`, one graph file from edge files:
 *
 *   kgraph export -f FORMAT [filters] [drawing options] -o FILE EDGES.jsonl...
 *
 * The graph is built, analysed and filtered exactly as `kgraph build` does,
 * then written in one format (export.h's kg_format) to FILE
 * (atomically) or to standard output.  Without -f, the format is the one
 * the extension of -o names.  CSV writes two tables: FILE is a
 * folder (nodes.csv, edges.csv) or a prefix (PREFIX.nodes.csv, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/output.h"
#include "cli/pipeline.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"format", 'f', KG_OPT_VALUE, "FORMAT", "{formats} (default: from -o's extension)"},
    {"output", 'o', KG_OPT_VALUE, "FILE", "write to FILE (default: standard output; csv needs -o)"},
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "the rule pack whose style: and order colour the drawing"},
    KG_EXPORT_OPTS,
    KG_FILTER_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

/* The format from -f, or else from the extension of -o; a warning when the
 * two disagree (-f wins: it is the more deliberate of the two). */
static int choose_format(kg_format *fmt, const kg_cmd *cmd, const char *fname, const char *out)
{
    kg_format by_name;
    int inferred = out && strcmp(out, "-") && !kg_format_from_path(&by_name, out) ? (int)by_name : -1;
    if (!fname) {
        if (inferred < 0) {
            kg_usage_error(cmd, "no format: give one with -f (%s), or an -o FILE ending in %s",
                           kg_format_list(), kg_format_ext_list());
            return KG_EXIT_USAGE;
        }
        *fmt = (kg_format)inferred;
        return 0;
    }
    if (kg_format_from_name(fmt, fname) != 0) {
        kg_usage_error(cmd, "%s", kg_error_last());
        return KG_EXIT_USAGE;
    }
    if (inferred >= 0 && (kg_format)inferred != *fmt)
        fprintf(stderr, "kgraph: warning: %s: the name says %s but -f says %s; writing %s\n", out,
                kg_format_name((kg_format)inferred), kg_format_name(*fmt), kg_format_name(*fmt));
    return 0;
}

/* Write g to `out` (a file, atomically, or "-"). */
static int write_graph(const kg_graph *g, kg_format fmt, const kg_export_options *eo, const char *out)
{
    kg_out o = {0}, o2 = {0};
    int rc;
    if (fmt == KG_FMT_CSV) {
        char *np, *ep;
        bool need_dir;
        kg_cli_csv_paths(&np, &ep, &need_dir, out);
        rc = need_dir && mkdir(out, 0777) != 0 && errno != EEXIST
                 ? kg_error_set(KG_EOUTPUT, "%s: cannot create folder: %s", out, strerror(errno))
                 : 0;
        if (!rc && !(rc = kg_cli_out_open(&o, np)) && !(rc = kg_cli_out_open(&o2, ep)) &&
            !(rc = kg_cli_export_csv_to(&o, &o2, g, eo)) && !(rc = kg_cli_out_commit(&o)))
            rc = kg_cli_out_commit(&o2);
        free(np);
        free(ep);
    } else if (!(rc = kg_cli_out_open(&o, out)) && !(rc = kg_cli_export_to(&o, g, fmt, eo))) {
        rc = kg_cli_out_commit(&o);
    }
    kg_cli_out_abort(&o);
    kg_cli_out_abort(&o2);
    return rc;
}

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
    kg_rules *rules = NULL;
    kg_rules_style *tstyles = NULL, *rstyles = NULL;
    const char *out = kg_args_value(&a, "output");
    if ((exit_code = choose_format(&fmt, cmd, kg_args_value(&a, "format"), out))) goto done;
    if (fmt == KG_FMT_CSV && (!out || !strcmp(out, "-"))) {
        kg_usage_error(cmd, "csv writes two files: give a folder or prefix with -o");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if ((exit_code = kg_cli_filter(&f, &a, cmd)) || (exit_code = kg_cli_export_options(&eo, &a, cmd)))
        goto done;
    char **paths;
    size_t nrules = kg_args_list(&a, "rules", &paths);
    if (nrules) { /* the pack's styles, as `build -r` draws them */
        kg_rules_options ro = {0};
        if ((exit_code = kg_cli_load_rules(&rules, paths, nrules, &ro))) goto done;
        kg_rules_styles(rules, &tstyles, &eo.ntype_styles, &rstyles, &eo.nrel_styles);
        eo.type_styles = tstyles;
        eo.rel_styles = rstyles;
    }
    char *stdin_only[] = {"-"};
    size_t max_ev = KG_GRAPH_DEFAULT_EVIDENCE;
    if (kg_args_value(&a, "max-evidence")) kg_args_size(kg_args_value(&a, "max-evidence"), &max_ev);
    rc = a.npos ? kg_cli_graph_from_files(&g, a.pos, a.npos, max_ev)
                : kg_cli_graph_from_files(&g, stdin_only, 1, max_ev);
    if (rc) {
        exit_code = kg_fail(rc);
        goto done;
    }
    if ((exit_code = kg_cli_select(&view, &owned, g, &f, &a, false))) goto done;
    kg_cli_warn_empty(view);
    if ((rc = write_graph(view, fmt, &eo, out ? out : "-"))) {
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
    free(tstyles);
    free(rstyles);
    kg_rules_free(rules);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_export = {
    "export", "[-f FORMAT] [-r RULES.yaml] [options] [-o FILE] [EDGES.jsonl...]",
    "Write the graph of edge files in one format (see --format).",
    "Reads edge files (standard input when none is given), builds, analyses and\n"
    "filters the graph as `kgraph build` does, and writes one format.  SVG is laid\n"
    "out by Graphviz in process; the layout engine is chosen from the graph's size\n"
    "unless --layout is given, and large graphs are drawn from their most central\n"
    "nodes (said on stderr).  docs/formats.md describes every format.",
    opts, cmd_export};
