/*
 * cli/cmd_build.c: `kgraph build`, the main job: text (or edge files) in,
 * graph files and rankings out.
 *
 *   kgraph build -r RULES.yaml [INPUT...] -o OUTDIR     extract, then build
 *   kgraph build --edges EDGES.jsonl... -o OUTDIR       build from shards
 *
 * Extraction streams edges both into OUTDIR/edges.jsonl (so the run can be
 * rebuilt, filtered or merged later) and into the graph builder.  Then the
 * graph is analysed, filtered, and written: centrality.csv and every export
 * format.  Each file is written atomically.  On a terminal, progress is
 * shown on long inputs and a summary at the end; otherwise the command is
 * quiet unless -v is given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "rule file: extract from the INPUTs first (repeatable)"},
    {"edges", 0, KG_OPT_FLAG, NULL, "the INPUTs are edge files (JSON Lines) to build from"},
    {"output", 'o', KG_OPT_VALUE, "OUTDIR", "folder for the graph files (created if missing)"},
    {"quiet", 'q', KG_OPT_FLAG, NULL, "no progress, summary or skipped-file warnings"},
    {"verbose", 'v', KG_OPT_FLAG, NULL, "print the summary even when stderr is not a terminal"},
    {"formats", 0, KG_OPT_VALUE, "LIST", "graph files to write: all (default), none, or a list like svg,graphml"},
    KG_EXPORT_OPTS,
    KG_FILTER_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

typedef struct build_state {
    kg_out *edges;
    kg_graph_builder *builder;
    kg_progress *pg;
} build_state;

static int on_edge(void *ud, const kg_edge *e)
{
    build_state *st = ud;
    st->pg->edges++;
    if (kg_edge_write(st->edges->fp, e) != 0)
        return kg_error_set(KG_EOUTPUT, "%s: write failed: %s", st->edges->path,
                            strerror(errno ? errno : EIO));
    return kg_graph_builder_add(st->builder, e);
}

static void on_warn(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "kgraph: %s\n", msg);
}

/* Create `dir` unless it exists; *created says whether this call made it
 * (so that a failed build can take an empty folder away again). */
static int make_dir(const char *dir, bool *created)
{
    *created = false;
    if (mkdir(dir, 0777) == 0) {
        *created = true;
        return 0;
    }
    if (errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
        return kg_error_set(KG_EOUTPUT, "%s: not a folder", dir);
    }
    return kg_error_set(KG_EOUTPUT, "%s: cannot create folder: %s", dir, strerror(errno));
}

/* Extract the inputs into OUTDIR/edges.jsonl and the builder; *rules_out
 * keeps the rules for the drawing styles (caller frees). */
static int extract_into(kg_graph_builder *b, const kg_args *a, const char *outdir, bool quiet,
                        kg_progress *pg, int *input_status, kg_rules **rules_out)
{
    char **paths;
    size_t n = kg_args_list(a, "rules", &paths);
    kg_rules *rules = NULL;
    kg_extractor *ex = NULL;
    kg_doclist docs = {0};
    kg_out out = {0};
    kg_rules_options ro = {0}; /* rule warnings are for `kgraph rules check` */
    int rc = kg_rules_load(&rules, (const char *const *)paths, n, &ro);
    if (rc) goto done;
    const char *stdin_only[] = {"-"};
    *input_status = a->npos ? kg_doclist_expand(&docs, (const char *const *)a->pos, a->npos, kg_print_input_warning, NULL)
                            : kg_doclist_expand(&docs, stdin_only, 1, kg_print_input_warning, NULL);
    char *path = kg_xasprintf("%s/edges.jsonl", outdir);
    rc = kg_out_open(&out, path);
    free(path);
    if (rc) goto done;
    build_state st = {.edges = &out, .builder = b, .pg = pg};
    kg_sink sink = {.edge = on_edge, .warn = on_warn, .ud = &st};
    kg_extractor_new(&ex, rules);
    rc = kg_cli_run_docs(ex, &docs, &sink, quiet, pg);
    if (rc == KG_EIO) {
        *input_status = KG_EIO;
        rc = 0;
    }
    if (!rc) rc = kg_out_commit(&out);
done:
    kg_out_abort(&out);
    kg_extractor_free(ex);
    kg_doclist_free(&docs);
    *rules_out = rules;
    return rc;
}

static int write_centrality(const kg_graph *g, const char *outdir, kg_measure by)
{
    kg_out out;
    char *path = kg_xasprintf("%s/centrality.csv", outdir);
    int rc = kg_out_open(&out, path);
    free(path);
    if (rc) return rc;
    rc = kg_cli_write_centrality(out.fp, g, by);
    if (rc) {
        kg_out_abort(&out);
        return rc;
    }
    return kg_out_commit(&out);
}

/* Write the graph files named by --formats ("all", "none" or a list). */
static int write_formats(const kg_graph *g, const char *list, const kg_export_options *eo,
                         const char *outdir)
{
    if (!list || !strcmp(list, "all")) return kg_export_write_all(g, eo, outdir);
    if (!strcmp(list, "none")) return 0;
    char *copy = kg_xstrdup(list), *save = NULL;
    int rc = 0;
    for (char *name = strtok_r(copy, ",", &save); name && !rc; name = strtok_r(NULL, ",", &save)) {
        kg_format fmt;
        if ((rc = kg_format_from_name(&fmt, name))) break;
        char *path = fmt == KG_FMT_CSV ? kg_xasprintf("%s/", outdir)
                                       : kg_xasprintf("%s/%s", outdir, kg_format_file_name(fmt));
        rc = kg_export_write(g, fmt, eo, path);
        free(path);
    }
    free(copy);
    return rc;
}

static void summary(const kg_progress *pg, const kg_graph *g, bool extracted, const char *outdir)
{
    if (extracted)
        fprintf(stderr, "kgraph: %zu files, %.1f kB, %zu edge records\n", pg->files,
                (double)pg->bytes / 1e3, pg->edges);
    fprintf(stderr, "kgraph: graph: %zu nodes, %zu edges, %zu components, %zu communities\n",
            kg_graph_node_count(g), kg_graph_edge_count(g), kg_graph_component_count(g),
            kg_graph_community_count(g));
    fprintf(stderr, "kgraph: wrote %s/\n", outdir);
}

static int cmd_build(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0, rc = 0, input_status = 0;
    kg_graph_builder *b = NULL;
    kg_graph *g = NULL, *view = NULL;
    bool owned = false, created_dir = false;
    char **rules;
    size_t nrules = kg_args_list(&a, "rules", &rules);
    bool from_edges = kg_args_flag(&a, "edges"), quiet = kg_args_flag(&a, "quiet");
    const char *outdir = kg_args_value(&a, "output");
    kg_graph_filter f;
    kg_export_options eo;
    kg_measure by;
    size_t max_ev = KG_GRAPH_DEFAULT_EVIDENCE;
    kg_rules *rules_kept = NULL;
    kg_rules_style *tstyles = NULL, *rstyles = NULL;
    if (!outdir) {
        kg_usage_error(cmd, "no output folder: give one with -o OUTDIR");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (from_edges == (nrules > 0)) {
        kg_usage_error(cmd, from_edges ? "give either --edges or -r RULES.yaml, not both"
                                       : "give -r RULES.yaml to extract, or --edges to build from edge files");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (from_edges && a.npos == 0) {
        kg_usage_error(cmd, "--edges needs at least one edge file (or - for standard input)");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if ((exit_code = kg_cli_filter(&f, &a, cmd)) || (exit_code = kg_cli_rank_measure(&by, &a)) ||
        (exit_code = kg_cli_export_options(&eo, &a, cmd)))
        goto done;
    if (kg_args_value(&a, "max-evidence")) kg_args_size(kg_args_value(&a, "max-evidence"), &max_ev);
    if ((rc = make_dir(outdir, &created_dir))) goto fail;
    kg_progress pg;
    kg_progress_init(&pg, !quiet && isatty(2));
    if (from_edges) {
        rc = kg_graph_builder_new(&b, max_ev);
        for (size_t i = 0; i < a.npos && !rc; i++) rc = kg_graph_builder_add_file(b, a.pos[i]);
    } else {
        rc = kg_graph_builder_new(&b, max_ev);
        if (!rc) rc = extract_into(b, &a, outdir, quiet, &pg, &input_status, &rules_kept);
    }
    if (rules_kept) /* the pack's order and style: give every type its colour */
        kg_rules_styles(rules_kept, &tstyles, &eo.ntype_styles, &rstyles, &eo.nrel_styles);
    eo.type_styles = tstyles;
    eo.rel_styles = rstyles;
    if (rc) goto fail;
    rc = kg_graph_builder_finish(&g, b);
    b = NULL;
    if (rc || (rc = kg_cli_analyze_filter(&view, &owned, g, &f, &a))) goto fail;
    if ((rc = write_centrality(view, outdir, by)) ||
        (rc = write_formats(view, kg_args_value(&a, "formats"), &eo, outdir)))
        goto fail;
    if (!quiet && (isatty(2) || kg_args_flag(&a, "verbose"))) summary(&pg, view, !from_edges, outdir);
    exit_code = input_status ? KG_EXIT_INPUT : 0;
    goto done;
fail:
    exit_code = kg_fail(rc);
    if (created_dir) rmdir(outdir); /* only succeeds when nothing was written */
done:
    if (owned) kg_graph_free(view);
    kg_graph_free(g);
    kg_graph_builder_free(b);
    free(tstyles);
    free(rstyles);
    kg_rules_free(rules_kept);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_build = {
    "build", "-r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... -o OUTDIR",
    "Extract (or read edge files), build the graph, rank its entities, write the graph files.",
    "With -r, the INPUTs are texts (files, folders, or - for standard input) and the\n"
    "edges found are also written to OUTDIR/edges.jsonl.  With --edges, the INPUTs are\n"
    "edge files, such as shards extracted in parallel; the graph is the same as if\n"
    "the whole corpus had been extracted at once.  OUTDIR receives centrality.csv\n"
    "(entities ranked by --by) and the graph in every export format.",
    opts, cmd_build};
