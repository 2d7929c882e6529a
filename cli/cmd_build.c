/*
 * cli/cmd_build.c: `kgraph build`, the main job: text (or edge files) in,
 * graph files and rankings out.
 *
 *   kgraph build -r RULES.yaml [INPUT...] -o OUTDIR     extract, then build
 *   kgraph build --edges EDGES.jsonl... [-r RULES] -o OUTDIR   build from shards
 *
 * Extraction streams edges both into OUTDIR/edges.jsonl (so the run can be
 * rebuilt, filtered or merged later) and into the graph builder.  Then the
 * graph is analysed, filtered, and written: centrality.csv and every export
 * format.  On a terminal, progress is shown on long inputs and a summary at
 * the end; otherwise the command is quiet unless -v is given.
 *
 * Check everything before writing anything.  The steps, and what may fail
 * in each:
 *
 *   check_args          options alone (formats, measures, -o -)   exit 2
 *   prepare_extraction  rules (exit 3), filter names vs rules (2),
 *                       no input at all (1)
 *   run                 OUTDIR locked (another build: exit 8); every
 *                       output written into a temporary sibling folder,
 *                       --ego checked against the graph (2), then the
 *                       folder swapped into place as a whole.  A graph
 *                       format Graphviz fails on is reported naming its
 *                       file and left out; the others are written and
 *                       committed, and the exit code is 4.  A write error
 *                       (disk full) fails the build: exit 4, OUTDIR as it was
 *
 * Until that swap nothing in OUTDIR has changed, so a failure, SIGINT,
 * SIGTERM, SIGHUP or out of memory (cli/output.c removes the temporary
 * folder) leaves the previous OUTDIR as it was, and a reader never sees a
 * mix of two builds.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/names.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "rule file: extract from the INPUTs first (repeatable)"},
    {"edges", 0, KG_OPT_FLAG, NULL, "the INPUTs are edge files (JSON Lines) to build from"},
    {"output", 'o', KG_OPT_VALUE, "OUTDIR", "folder for the graph files (created if missing)"},
    {"quiet", 'q', KG_OPT_FLAG, NULL, "no progress, summary or skipped-file warnings"},
    {"verbose", 'v', KG_OPT_FLAG, NULL, "print the summary even when stderr is not a terminal"},
    KG_DOC_OPTS,
    KG_JOBS_OPT,
    {"formats", 0, KG_OPT_VALUE, "LIST", "graph files to write: all (default), none, or a list like svg,graphml"},
    KG_EXPORT_OPTS,
    KG_FILTER_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

/* Every file a build writes, open (as temporary files) until the end: the
 * run commits them together, so a failure or a signal at any point leaves
 * the previous outputs as they were. */
enum { MAX_OUTS = 2 + KG_FMT_COUNT + 1 };

typedef struct build {
    const kg_cmd *cmd;
    kg_args a;
    const char *outdir;
    kg_cli_outdir od;
    bool from_edges, quiet;
    bool formats[KG_FMT_COUNT];
    kg_graph_filter filter;
    kg_export_options eo;
    kg_measure by;
    size_t max_evidence, max_doc, jobs;
    kg_rules *rules;
    kg_rules_style *type_styles, *rel_styles; /* the pack's, for the drawings */
    kg_doclist docs;
    int input_status;
    kg_out outs[MAX_OUTS];
    size_t nouts;
    kg_out *edges_out;
    size_t failed;          /* graph formats that could not be written */
    kg_graph_builder *builder;
    kg_progress pg;
} build;

/* One document's edge records: into edges.jsonl as they are, and into the
 * builder read back from the same bytes, so the graph is the one a later
 * `build --edges` of that file gives. */
static int on_records(void *ud, const kg_doc_result *r)
{
    build *b = ud;
    if (!r->edges_len) return 0;
    errno = 0;
    if (fwrite(r->edges, 1, r->edges_len, b->edges_out->fp) != r->edges_len)
        return kg_error_set(KG_EOUTPUT, "%s: write failed: %s", b->edges_out->path,
                            strerror(errno ? errno : EIO));
    FILE *fp = fmemopen(r->edges, r->edges_len, "r");
    if (!fp) kg_out_of_memory();
    kg_edge_reader *rd = NULL;
    kg_edge_reader_open_stream(&rd, fp, r->path);
    const kg_edge *e;
    int rc;
    while ((rc = kg_edge_reader_next(rd, &e)) == 1 && !(rc = kg_graph_builder_add(b->builder, e))) {}
    kg_edge_reader_free(rd);
    fclose(fp);
    return rc;
}

static int usage(build *b, const char *msg)
{
    kg_usage_error(b->cmd, "%s", msg);
    return KG_EXIT_USAGE;
}

/* --formats: "all" (the default), "none", or a comma-separated list. */
static int parse_formats(build *b)
{
    const char *list = kg_args_value(&b->a, "formats");
    bool all = !list || !strcmp(list, "all");
    for (int f = 0; f < KG_FMT_COUNT; f++) b->formats[f] = all;
    if (all || !strcmp(list, "none")) return 0;
    char *copy = kg_xstrdup(list), *save = NULL;
    int code = 0;
    size_t named = 0;
    for (char *name = strtok_r(copy, ",", &save); name && !code; name = strtok_r(NULL, ",", &save)) {
        kg_format fmt;
        if (kg_format_from_name(&fmt, name) != 0) {
            kg_usage_error(b->cmd, "--formats: %s", kg_error_last());
            code = KG_EXIT_USAGE;
        } else {
            b->formats[fmt] = true;
            named++;
        }
    }
    free(copy);
    if (!code && !named) code = usage(b, "--formats needs all, none, or a list like svg,graphml");
    return code;
}

/* Everything the command line alone can tell is checked here, before the
 * rules are loaded or an input is read. */
static int check_args(build *b)
{
    char **rules;
    size_t nrules = kg_args_list(&b->a, "rules", &rules);
    b->from_edges = kg_args_flag(&b->a, "edges");
    b->quiet = kg_args_flag(&b->a, "quiet");
    b->outdir = kg_args_value(&b->a, "output");
    b->max_evidence = KG_GRAPH_DEFAULT_EVIDENCE;
    if (!b->outdir) return usage(b, "no output folder: give one with -o OUTDIR");
    if (!strcmp(b->outdir, "-"))
        return usage(b, "build writes a folder of files (edges.jsonl, centrality.csv, graph.svg, "
                        "...), which standard output cannot hold: give a folder with -o OUTDIR, "
                        "or use 'kgraph export -f FORMAT' to write one format to standard output");
    if (!b->from_edges && nrules == 0)
        return usage(b, "give -r RULES.yaml to extract, or --edges to build from edge files");
    if (b->from_edges && b->a.npos == 0)
        return usage(b, "--edges needs at least one edge file (or - for standard input)");
    int code;
    if ((code = kg_cli_filter(&b->filter, &b->a, b->cmd)) || (code = kg_cli_rank_measure(&b->by, &b->a)) ||
        (code = kg_cli_export_options(&b->eo, &b->a, b->cmd)) || (code = parse_formats(b)) ||
        (code = kg_cli_max_doc_size(&b->max_doc, &b->a, b->cmd)))
        return code;
    if (kg_args_value(&b->a, "max-evidence")) kg_args_size(kg_args_value(&b->a, "max-evidence"), &b->max_evidence);
    return 0;
}

/* Load the -r rules and take the pack's order and style for the drawings,
 * so that every type and relation keeps its colour (with --edges the rules
 * serve only this: a merge of shards looks like the whole). */
static int load_rules(build *b)
{
    char **paths;
    size_t n = kg_args_list(&b->a, "rules", &paths);
    kg_rules_options ro = {0}; /* rule warnings are for `kgraph rules check` */
    int code = kg_cli_load_rules(&b->rules, paths, n, &ro);
    if (code) return code;
    kg_rules_styles(b->rules, &b->type_styles, &b->eo.ntype_styles, &b->rel_styles,
                    &b->eo.nrel_styles);
    b->eo.type_styles = b->type_styles;
    b->eo.rel_styles = b->rel_styles;
    return 0;
}

/* With -r: load the rules, check the filter's names against them, and list
 * the documents, all before anything is written. */
static int prepare_extraction(build *b)
{
    int code = load_rules(b);
    if (code) return code;
    kg_cli_names known;
    kg_cli_names_from_rules(&known, b->rules);
    code = kg_cli_check_filter_names(&b->filter, &known);
    kg_cli_names_free(&known);
    if (code) return code;
    const char *stdin_only[] = {"-"};
    b->input_status = b->a.npos ? kg_doclist_expand(&b->docs, (const char *const *)b->a.pos, b->a.npos,
                                                    kg_print_input_warning, NULL)
                                : kg_doclist_expand(&b->docs, stdin_only, 1, kg_print_input_warning, NULL);
    if (b->docs.n == 0) {
        fprintf(stderr, "kgraph: no input could be read; nothing written\n");
        return KG_EXIT_INPUT;
    }
    return kg_cli_jobs(&b->jobs, &b->a, b->cmd, &b->docs);
}

static int open_out(kg_out **out, build *b, const char *name)
{
    char *path = kg_cli_outdir_file(&b->od, name);
    assert(b->nouts < MAX_OUTS);
    int rc = kg_cli_out_open(&b->outs[b->nouts], path);
    free(path);
    if (rc) return rc;
    *out = &b->outs[b->nouts++];
    /* messages name the file the user will look for, not the temporary
     * folder it is written in (kg_out's path serves messages only) */
    free((*out)->path);
    (*out)->path = kg_xasprintf("%s/%s", b->od.dir, name);
    return 0;
}

/* Extract the documents into edges.jsonl (kept open) and the builder.
 * KG_EIO when no document at all could be read. */
static int extract(build *b)
{
    int rc = open_out(&b->edges_out, b, "edges.jsonl");
    if (rc) return rc;
    kg_cli_run_options o = {.jobs = b->jobs, .max_doc_size = b->max_doc};
    rc = kg_cli_run_docs(b->rules, &b->docs, &o, b->quiet, &b->pg, on_records, b);
    if (rc == KG_EIO) {
        b->input_status = KG_EIO;
        rc = 0;
    }
    if (!rc && b->pg.files == 0)
        rc = kg_error_set(KG_EIO, "no input could be read; nothing written");
    return rc;
}

/* KG_TEST_FAIL_FORMAT=svg,json (builds with test hooks): those formats
 * fail as a Graphviz failure would, so tests can see one failing format
 * leave the others written. */
static int test_fault(kg_format f)
{
#ifdef KG_TEST_HOOKS
    const char *s = getenv("KG_TEST_FAIL_FORMAT");
    size_t len = strlen(kg_format_name(f));
    for (const char *p = s; p && *p; p += strcspn(p, ","), p += *p == ',')
        if (strncmp(p, kg_format_name(f), len) == 0 && (p[len] == ',' || !p[len]))
            return kg_error_set(KG_EGRAPH, "Graphviz: test fault");
#else
    (void)f;
#endif
    return 0;
}

/* Write format f into its open temporary file(s).  When Graphviz cannot
 * produce it (KG_EGRAPH), the failure is reported naming the file, the file
 * is dropped from the outputs so that the new folder simply lacks it, and
 * b->failed counts it: 0 is returned and the build goes on.  Any other
 * error (a write error such as a full disk) is returned: the whole build
 * fails and OUTDIR stays as it was, since a folder missing files for want
 * of space would replace a good one. */
static int write_format(build *b, const kg_graph *g, kg_format f)
{
    size_t first = b->nouts;
    kg_out *o, *o2;
    int rc = test_fault(f);
    if (rc) {
        /* nothing opened */
    } else if (kg_format_second_file_name(f)) { /* CSV: two streams */
        if (!(rc = open_out(&o, b, kg_format_file_name(f))) &&
            !(rc = open_out(&o2, b, kg_format_second_file_name(f))))
            rc = kg_cli_export_csv_to(o, o2, g, &b->eo);
    } else if (!(rc = open_out(&o, b, kg_format_file_name(f)))) {
        rc = kg_cli_export_to(o, g, f, &b->eo);
    }
    if (rc != KG_EGRAPH) return rc;
    fprintf(stderr, "kgraph: %s/%s: not written: %s\n", b->outdir, kg_format_file_name(f),
            kg_error_last());
    while (b->nouts > first) kg_cli_out_abort(&b->outs[--b->nouts]);
    b->failed++;
    return 0;
}

/* centrality.csv and the graph files of --formats, each into its open
 * temporary file.  A graph format Graphviz fails on is left out (see
 * write_format); the others are still written. */
static int write_outputs(build *b, const kg_graph *g)
{
    kg_out *o;
    int rc = open_out(&o, b, "centrality.csv");
    if (!rc && kg_cli_write_centrality(o->fp, g, b->by))
        rc = kg_error_set(KG_EOUTPUT, "%s: write failed: %s", o->path, strerror(errno ? errno : EIO));
    /* graph.svg and report.html share one drawing, GEXF and GraphML one
     * layout */
    b->eo.memo = kg_export_memo_new();
    for (int f = 0; f < KG_FMT_COUNT && !rc; f++)
        if (b->formats[f]) rc = write_format(b, g, (kg_format)f);
    kg_export_memo_free(b->eo.memo);
    b->eo.memo = NULL;
    return rc;
}

/* The files a build writes that describe one graph: an old folder's copy
 * that this build does not rewrite (--formats) goes, so that the folder
 * never shows two graphs.  Everything else in the old folder, such as the
 * edges.jsonl a --edges build reads, is kept. */
static size_t graph_files(const char **names)
{
    size_t n = 0;
    names[n++] = "centrality.csv";
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        names[n++] = kg_format_file_name((kg_format)f);
        if (kg_format_second_file_name((kg_format)f)) names[n++] = kg_format_second_file_name((kg_format)f);
    }
    return n;
}

/* Commit every output into the temporary folder, then the folder into
 * place. */
static int commit_all(build *b)
{
    int rc = 0;
    for (size_t i = 0; i < b->nouts; i++) {
        if (!rc) rc = kg_cli_out_commit(&b->outs[i]);
        else kg_cli_out_abort(&b->outs[i]);
    }
    b->nouts = 0;
    if (rc) return rc;
    kg_cli_test_stage("written");
    const char *dropped[2 * KG_FMT_COUNT + 1];
    return kg_cli_outdir_commit(&b->od, dropped, graph_files(dropped));
}

static void abort_all(build *b)
{
    for (size_t i = 0; i < b->nouts; i++) kg_cli_out_abort(&b->outs[i]);
    b->nouts = 0;
}

static void summary(const build *b, const kg_graph *g)
{
    if (!b->from_edges)
        fprintf(stderr, "kgraph: %zu files, %.1f kB, %zu edge records\n", b->pg.files,
                (double)b->pg.bytes / 1e3, b->pg.edges);
    fprintf(stderr, "kgraph: graph: %zu nodes, %zu edges, %zu components, %zu communities; "
                    "betweenness and closeness: %s\n",
            kg_graph_node_count(g), kg_graph_edge_count(g), kg_graph_component_count(g),
            kg_graph_community_count(g), kg_graph_path_method(g));
    fprintf(stderr, "kgraph: wrote %s/\n", b->outdir);
}

/* The part of a build that may leave files behind: from creating OUTDIR to
 * committing the outputs.  Returns an exit code. */
static int run(build *b)
{
    kg_graph *g = NULL, *view = NULL;
    bool owned = false;
    int code = 0, rc;
    kg_progress_init(&b->pg, !b->quiet && isatty(2));
    if ((rc = kg_cli_outdir_begin(&b->od, b->outdir))) goto fail;
    kg_cli_test_stage("begun");
    if (b->from_edges) {
        rc = kg_cli_graph_from_files(&g, b->a.pos, b->a.npos, b->max_evidence);
    } else if (!(rc = kg_graph_builder_new(&b->builder, b->max_evidence)) && !(rc = extract(b))) {
        rc = kg_graph_builder_finish(&g, b->builder);
        b->builder = NULL;
    }
    if (rc) goto fail;
    if ((code = kg_cli_select(&view, &owned, g, &b->filter, &b->a, !b->from_edges))) goto done;
    if (!b->quiet) kg_cli_warn_empty(view);
    if ((rc = write_outputs(b, view)) || (rc = commit_all(b))) goto fail;
    if (!b->quiet && (isatty(2) || kg_args_flag(&b->a, "verbose"))) summary(b, view);
    code = b->input_status ? KG_EXIT_INPUT : 0;
    if (b->failed) {
        /* the folder holds every file that could be written */
        fprintf(stderr, "kgraph: %s/: %zu graph format%s not written (see above)\n", b->outdir,
                b->failed, b->failed == 1 ? "" : "s");
        code = KG_EXIT_OUTPUT;
    }
    goto done;
fail:
    if (rc == KG_CLI_EBUSY) {
        fprintf(stderr, "kgraph: %s\n", kg_error_last());
        code = KG_EXIT_BUSY;
    } else {
        code = kg_fail(rc);
    }
done:
    abort_all(b);
    kg_cli_outdir_abort(&b->od);
    if (owned) kg_graph_free(view);
    kg_graph_free(g);
    return code;
}

static int cmd_build(const kg_cmd *cmd, int argc, char **argv)
{
    build b = {.cmd = cmd};
    int early = kg_args_start(&b.a, cmd, argc, argv);
    if (early >= 0) return early;
    int code = check_args(&b);
    if (!code && !b.from_edges) code = prepare_extraction(&b);
    else if (!code && kg_args_value(&b.a, "rules")) code = load_rules(&b);
    if (!code) code = run(&b);
    kg_graph_builder_free(b.builder);
    kg_doclist_free(&b.docs);
    free(b.type_styles);
    free(b.rel_styles);
    kg_rules_free(b.rules);
    kg_args_free(&b.a);
    return code;
}

const kg_cmd kg_cmd_build = {
    "build", "-r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... [-r RULES.yaml] -o OUTDIR",
    "Extract (or read edge files), build the graph, rank its entities, write the graph files.",
    "With -r, the INPUTs are texts (files, folders, or - for standard input) and the\n"
    "edges found are also written to OUTDIR/edges.jsonl.  With --edges, the INPUTs are\n"
    "edge files, such as shards extracted in parallel; the graph is the same as if\n"
    "the whole corpus had been extracted at once.  OUTDIR receives centrality.csv\n"
    "(entities ranked by --by) and the graph in the formats of --formats.  Options,\n"
    "and the relations and types named by filters, are checked before any input is\n"
    "read.  The files are written into a temporary folder beside OUTDIR that\n"
    "replaces it as a whole at the end, so a failed or interrupted build leaves\n"
    "OUTDIR as it was; files of your own in OUTDIR are kept.  A second build into\n"
    "the same OUTDIR while one runs is refused (exit code 8).",
    opts, cmd_build};
