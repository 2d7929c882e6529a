/*
 * cli/pipeline.c: the stages shared by the commands (see pipeline.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/names.h"
#include "cli/pipeline.h"
#include "util/util.h"

double kg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void kg_progress_init(kg_progress *p, bool enabled)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled;
    p->start = p->last = kg_now();
}

void kg_progress_tick(kg_progress *p)
{
    if (!p->enabled) return;
    double t = kg_now();
    if (t - p->start < 0.5 || t - p->last < 0.2) return;
    p->last = t;
    p->shown = true;
    fprintf(stderr, "\rkgraph: %zu files, %.1f MB, %zu edges ", p->files, (double)p->bytes / 1e6,
            p->edges);
    fflush(stderr);
}

void kg_progress_clear(kg_progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = false;
}

int kg_cli_load_rules(kg_rules **out, char **paths, size_t n, const kg_rules_options *ro)
{
    int rc = kg_rules_load(out, (const char *const *)paths, n, ro);
    if (!rc) return 0;
    fprintf(stderr, "kgraph: %s\n", kg_error_last());
    return KG_EXIT_RULES;
}

void kg_cli_stdin_hint(const char *what)
{
    if (!isatty(0)) return;
    fprintf(stderr, "kgraph: reading %s from standard input (the terminal); end with Ctrl-D, "
                    "or give files as arguments\n", what);
}

/* "64 MiB" for a size that is a whole number of MiB, and so on. */
static char *human_size(size_t n)
{
    static const char *const units[] = {"GiB", "MiB", "KiB"};
    for (int u = 0; u < 3; u++) {
        size_t unit = (size_t)1 << (10 * (3 - u));
        if (n >= unit && n % unit == 0) return kg_xasprintf("%zu %s", n / unit, units[u]);
    }
    return kg_xasprintf("%zu bytes", n);
}

/* Say why a document was skipped: "kgraph: warning: FILE: skipped: ...". */
static void report_skip(const char *path, kg_doc_status st, const char *message,
                        size_t max_doc_size, bool quiet)
{
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    if (st == KG_DOC_UNREADABLE) {
        fprintf(stderr, "kgraph: warning: %s\n", message);
    } else if (st == KG_DOC_SKIPPED_BINARY) {
        if (!quiet) fprintf(stderr, "kgraph: warning: %s: skipped: looks like a binary file\n", name);
    } else if (!quiet) {
        char *h = human_size(max_doc_size);
        fprintf(stderr, "kgraph: warning: %s: skipped: larger than --max-doc-size (%s)\n", name, h);
        free(h);
    }
}

int kg_cli_read_doc(char **out, size_t *len, const char *path, size_t max_doc_size, bool quiet,
                    kg_progress *pg)
{
    kg_doc_kind kind;
    int rc = kg_doc_read(out, len, &kind, path, max_doc_size);
    if (rc == 0 && kind == KG_DOC_TEXT) return 0;
    kg_progress_clear(pg);
    kg_doc_status st = rc ? KG_DOC_UNREADABLE
                          : kind == KG_DOC_BINARY ? KG_DOC_SKIPPED_BINARY : KG_DOC_SKIPPED_LARGE;
    report_skip(path, st, kg_error_last(), max_doc_size, quiet);
    return st == KG_DOC_SKIPPED_BINARY ? 1 : KG_EIO;
}

int kg_cli_max_doc_size(size_t *out, const kg_args *a, const kg_cmd *cmd)
{
    const char *s = kg_args_value(a, "max-doc-size");
    *out = KG_DOC_MAX_SIZE_DEFAULT;
    if (s && (!kg_args_bytes(s, out) || *out == 0)) {
        kg_usage_error(cmd, "--max-doc-size needs a size such as 500K, 64M or 2G, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    return 0;
}

typedef struct run_state {
    const kg_cli_run_options *o;
    bool quiet;
    kg_progress *pg;
    kg_cli_records_fn records;
    void *ud;
    int status;
} run_state;

/* One document's results, in document order: its warnings, then its records. */
static int commit_doc(void *ud, const kg_doc_result *r)
{
    run_state *st = ud;
    if (r->partial) {
        st->pg->edges += r->nedges;
        return st->records(st->ud, r);
    }
    if (r->nwarnings) kg_progress_clear(st->pg);
    for (size_t i = 0; i < r->nwarnings; i++)
        if (!st->quiet) fprintf(stderr, "kgraph: %s\n", r->warnings[i]);
    if (r->status != KG_DOC_DONE) {
        kg_progress_clear(st->pg);
        report_skip(r->path, r->status, r->message, st->o->max_doc_size, st->quiet);
        if (r->status != KG_DOC_SKIPPED_BINARY) st->status = KG_EIO;
        /* the records of a file that failed after some of them were
         * written (the message says so) */
        return r->edges_len || r->mentions_len ? st->records(st->ud, r) : 0;
    }
    int rc = st->records(st->ud, r);
    if (rc) return rc;
    st->pg->files++;
    st->pg->bytes += r->bytes;
    st->pg->edges += r->nedges;
    kg_progress_tick(st->pg);
    return 0;
}

int kg_cli_run_docs(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                    bool quiet, kg_progress *pg, kg_cli_records_fn records, void *ud)
{
    for (size_t i = 0; i < docs->n; i++)
        if (!strcmp(docs->paths[i], "-")) kg_cli_stdin_hint("text");
    run_state st = {.o = o, .quiet = quiet, .pg = pg, .records = records, .ud = ud};
    int rc = kg_cli_extract_docs(rules, docs, o, commit_doc, &st);
    kg_progress_clear(pg);
    return rc ? rc : st.status;
}

int kg_cli_jobs(size_t *out, const kg_args *a, const kg_cmd *cmd, const kg_doclist *docs)
{
    const char *s = kg_args_value(a, "jobs");
    *out = kg_cli_default_jobs();
    if (s && !kg_cli_parse_jobs(s, out)) {
        kg_usage_error(cmd, "-j needs a number of threads from 1 to %d, not '%s'", KG_CLI_MAX_JOBS, s);
        return KG_EXIT_USAGE;
    }
    /* standard input named twice is read once, then found empty: in order */
    size_t stdin_count = 0;
    for (size_t i = 0; docs && i < docs->n; i++) stdin_count += !strcmp(docs->paths[i], "-");
    if (stdin_count > 1) *out = 1;
    return 0;
}

static bool parse_size(const char *s, size_t *out) { return kg_args_size(s, out); }

int kg_cli_filter(kg_graph_filter *f, const kg_args *a, const kg_cmd *cmd)
{
    kg_graph_filter init = KG_GRAPH_FILTER_INIT;
    *f = init;
    char **v;
    f->ninclude_relations = kg_args_list(a, "relation", &v);
    f->include_relations = (const char *const *)v;
    f->nexclude_relations = kg_args_list(a, "exclude-relation", &v);
    f->exclude_relations = (const char *const *)v;
    f->ninclude_types = kg_args_list(a, "type", &v);
    f->include_types = (const char *const *)v;
    f->nexclude_types = kg_args_list(a, "exclude-type", &v);
    f->exclude_types = (const char *const *)v;
    const char *s;
    if ((s = kg_args_value(a, "min-weight"))) {
        char *end;
        f->min_weight = strtod(s, &end);
        if (end == s || *end || !(f->min_weight >= 0)) {
            kg_usage_error(cmd, "--min-weight needs a number >= 0, not '%s'", s);
            return KG_EXIT_USAGE;
        }
    }
    f->ego = kg_args_value(a, "ego");
    if ((s = kg_args_value(a, "hops")) && !parse_size(s, &f->ego_hops)) {
        kg_usage_error(cmd, "--hops needs a whole number, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    size_t max_ev;
    if ((s = kg_args_value(a, "max-evidence")) && !parse_size(s, &max_ev)) {
        kg_usage_error(cmd, "--max-evidence needs a whole number, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    if ((s = kg_args_value(a, "top")) && (!parse_size(s, &f->top_k) || f->top_k == 0)) {
        kg_usage_error(cmd, "--top needs a whole number >= 1, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    f->top_by = kg_args_value(a, "by") ? kg_args_value(a, "by") : "pagerank";
    if (kg_graph_measure_index(f->top_by) < 0) {
        fprintf(stderr, "kgraph: %s\n", kg_error_last());
        return KG_EXIT_USAGE;
    }
    f->largest_component = kg_args_flag(a, "largest-component");
    if (kg_args_value(a, "hops") && !f->ego) {
        kg_usage_error(cmd, "--hops only applies with --ego NAME");
        return KG_EXIT_USAGE;
    }
    return 0;
}

int kg_cli_rank_measure(kg_measure *out, const kg_args *a)
{
    const char *by = kg_args_value(a, "by") ? kg_args_value(a, "by") : "pagerank";
    int m = kg_graph_measure_index(by);
    if (m < 0) {
        fprintf(stderr, "kgraph: %s\n", kg_error_last());
        return KG_EXIT_USAGE;
    }
    *out = (kg_measure)m;
    return 0;
}

static bool filter_is_empty(const kg_graph_filter *f)
{
    return !f->ninclude_relations && !f->nexclude_relations && !f->ninclude_types &&
           !f->nexclude_types && f->min_weight <= 0 && !f->ego && !f->largest_component && !f->top_k;
}

int kg_cli_analyze_filter(kg_graph **out, bool *owned, kg_graph *g, const kg_graph_filter *f,
                          const kg_args *a)
{
    *out = NULL;
    *owned = false;
    kg_analysis_options ao = {0};
    if (kg_args_flag(a, "exact-paths")) ao.exact_max_nodes = SIZE_MAX;
    /* --no-paths wins over --exact-paths: skipping is the cheaper choice,
     * and kg_graph_path_method() says "skipped" in every output */
    ao.no_paths = kg_args_flag(a, "no-paths");
    /* a ranking by a skipped measure is node order: say so (--by is an
     * option of every command that analyses) */
    const char *by = kg_args_value(a, "by");
    if (ao.no_paths && by && (!strcmp(by, "betweenness") || !strcmp(by, "closeness")))
        fprintf(stderr, "kgraph: warning: --by %s with --no-paths: %s is 0 for every node, so "
                        "the ranking is in node order\n",
                by, by);
    int rc = kg_graph_analyze(g, &ao);
    if (rc) return rc;
    if (filter_is_empty(f)) {
        *out = g;
        return 0;
    }
    rc = kg_graph_filter_apply(out, g, f);
    *owned = rc == 0;
    return rc;
}

/* Does `path` hold one JSON document spread over lines (graph.json, or any
 * pretty-printed JSON) rather than one record per line?  Looks at the first
 * line only: "{" or "[" alone, or a line starting with "[". */
static bool looks_like_json_document(const char *path)
{
    if (strcmp(path, "-") == 0) return false;
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    char line[256];
    bool doc = false;
    if (fgets(line, sizeof line, fp)) {
        size_t len = strspn(line, " \t");
        char c = line[len];
        const char *rest = line + len + 1;
        doc = c == '[' || (c == '{' && rest[strspn(rest, " \t\r")] == '\n');
    }
    fclose(fp);
    return doc;
}

/* A JSON document given where edge records were expected: say what it is,
 * and point to the edge file of the same build when there is one. */
static int not_an_edge_file(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *edges = slash ? kg_xasprintf("%.*s/edges.jsonl", (int)(slash - path), path)
                        : kg_xstrdup("edges.jsonl");
    int rc;
    if (access(edges, R_OK) == 0)
        rc = kg_error_set(KG_EFORMAT, "%s: not an edge file (edge files are JSON Lines, one edge "
                                      "per line): did you mean '%s'?", path, edges);
    else
        rc = kg_error_set(KG_EFORMAT, "%s: not an edge file (edge files are JSON Lines, one edge "
                                      "per line, such as the edges.jsonl that kgraph build writes)",
                          path);
    free(edges);
    return rc;
}

int kg_cli_graph_from_files(kg_graph **out, char **paths, size_t n, size_t max_evidence)
{
    *out = NULL;
    kg_graph_builder *b = NULL;
    int rc = kg_graph_builder_new(&b, max_evidence);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-")) kg_cli_stdin_hint("edge records");
        if ((rc = kg_graph_builder_add_file(b, paths[i]))) {
            if (rc == KG_EFORMAT && looks_like_json_document(paths[i]))
                rc = not_an_edge_file(paths[i]);
            break;
        }
    }
    if (rc) {
        kg_graph_builder_free(b);
        return rc;
    }
    return kg_graph_builder_finish(out, b);
}

int kg_cli_select(kg_graph **out, bool *owned, kg_graph *g, const kg_graph_filter *f,
                  const kg_args *a, bool names_checked)
{
    *out = NULL;
    *owned = false;
    int code = 0;
    if (!names_checked) {
        kg_cli_names known;
        kg_cli_names_from_graph(&known, g);
        code = kg_cli_check_filter_names(f, &known);
        kg_cli_names_free(&known);
    }
    if (code || (code = kg_cli_check_ego(f, g))) return code;
    kg_graph_filter fitted;
    kg_cli_fit st;
    kg_cli_filter_fit(&fitted, &st, f, g);
    int rc = kg_cli_analyze_filter(out, owned, g, &fitted, a);
    kg_cli_filter_fit_free(&st);
    return rc ? kg_fail(rc) : 0;
}

void kg_cli_warn_empty(const kg_graph *g)
{
    if (kg_graph_edge_count(g) == 0) fprintf(stderr, "kgraph: warning: the graph has no edges\n");
}

static const kg_graph *rank_graph;
static kg_measure rank_by;

static int rank_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double va = kg_graph_node(rank_graph, a)->measures[rank_by];
    double vb = kg_graph_node(rank_graph, b)->measures[rank_by];
    if (va != vb) return va > vb ? -1 : 1;
    return a < b ? -1 : a > b;
}

size_t *kg_cli_ranking(const kg_graph *g, kg_measure m)
{
    size_t n = kg_graph_node_count(g);
    size_t *idx = kg_xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++) idx[i] = i;
    /* The CLI is single-threaded; the statics only carry qsort's context. */
    rank_graph = g;
    rank_by = m;
    if (n > 1) qsort(idx, n, sizeof *idx, rank_cmp);
    return idx;
}

int kg_cli_write_centrality(FILE *fp, const kg_graph *g, kg_measure by)
{
    size_t *idx = kg_cli_ranking(g, by);
    int rc = kg_export_centrality_csv(g, idx, fp);
    free(idx);
    return rc;
}

static void export_note(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "kgraph: %s\n", msg);
}

int kg_cli_export_options(kg_export_options *o, const kg_args *a, const kg_cmd *cmd)
{
    kg_export_options init = KG_EXPORT_OPTIONS_INIT;
    *o = init;
    o->layout = kg_args_value(a, "layout");
    static const char *const engines[] = {"auto", "dot", "neato", "fdp", "sfdp", "circo"};
    bool known = !o->layout;
    for (size_t i = 0; !known && i < sizeof engines / sizeof engines[0]; i++)
        known = !strcmp(o->layout, engines[i]);
    if (!known) {
        kg_usage_error(cmd, "unknown layout '%s'%s", o->layout,
                       kg_suggest(o->layout, engines, sizeof engines / sizeof engines[0], true));
        return KG_EXIT_USAGE;
    }
    o->size_by = kg_args_value(a, "size-by");
    o->no_fixed_size = kg_args_flag(a, "no-fixed-size");
    o->undirected_symmetric = kg_args_flag(a, "undirected-symmetric");
    o->csv_neo4j = kg_args_flag(a, "neo4j");
    o->note = export_note;
    const char *s = kg_args_value(a, "max-drawn");
    if (s && (!parse_size(s, &o->max_drawn_nodes) || o->max_drawn_nodes == 0)) {
        kg_usage_error(cmd, "--max-drawn needs a whole number >= 1, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    s = kg_args_value(a, "max-drawn-edges");
    if (s && (!parse_size(s, &o->max_drawn_edges) || o->max_drawn_edges == 0)) {
        kg_usage_error(cmd, "--max-drawn-edges needs a whole number >= 1, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    s = kg_args_value(a, "max-report-nodes");
    if (s && (!parse_size(s, &o->max_report_nodes) || o->max_report_nodes == 0)) {
        kg_usage_error(cmd, "--max-report-nodes needs a whole number >= 1, not '%s'", s);
        return KG_EXIT_USAGE;
    }
    o->page = kg_args_value(a, "page");
    o->id_prefix = kg_args_value(a, "id-prefix");
    if ((s = kg_args_value(a, "font-min"))) {
        char *end;
        o->font_min = strtod(s, &end);
        if (*end || end == s || !(o->font_min >= 1 && o->font_min <= 72)) {
            kg_usage_error(cmd, "--font-min needs a size in points from 1 to 72, not '%s'", s);
            return KG_EXIT_USAGE;
        }
        if (!o->page) {
            kg_usage_error(cmd, "--font-min applies to page mode: give --page too");
            return KG_EXIT_USAGE;
        }
    }
    if (o->size_by && kg_graph_measure_index(o->size_by) < 0) {
        fprintf(stderr, "kgraph: %s\n", kg_error_last());
        return KG_EXIT_USAGE;
    }
    return 0;
}
