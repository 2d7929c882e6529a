/*
 * cli/cmd_stats.c: `kgraph stats`, a summary of a graph built from edge
 * files: the numbers of nodes, edges and supporting documents, nodes by
 * type, edges by relation, components, communities, and the entities ranked
 * by a chosen measure.  Text for people (aligned columns), CSV or JSON for
 * machines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "util/json.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"format", 'f', KG_OPT_VALUE, "FORMAT", "text (default), csv or json"},
    {"limit", 'n', KG_OPT_VALUE, "N", "rows in the ranking (default 10, 0 for all)"},
    KG_FILTER_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

typedef struct count {
    const char *name;
    size_t n;
} count;

/* Counts of nodes per type (edges = false) or edges per relation. */
static count *tally(const kg_graph *g, bool edges, size_t *n)
{
    const char *const *names = edges ? kg_graph_relations(g, n) : kg_graph_types(g, n);
    count *c = kg_xcalloc(*n + 1, sizeof *c);
    for (size_t i = 0; i < *n; i++) c[i].name = names[i];
    size_t total = edges ? kg_graph_edge_count(g) : kg_graph_node_count(g);
    for (size_t i = 0; i < total; i++) {
        const char *key = edges ? kg_graph_edge(g, i)->relation : kg_graph_node(g, i)->type;
        for (size_t j = 0; j < *n; j++)
            if (strcmp(c[j].name, key) == 0) {
                c[j].n++;
                break;
            }
    }
    return c;
}

/* Components among the nodes shown (a filtered graph keeps the component
 * ids of the graph it was cut from): how many, and the largest's size. */
/* Distinct community ids among the nodes shown. */
static size_t communities(const kg_graph *g)
{
    size_t n = kg_graph_node_count(g), maxid = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (kg_graph_node(g, i)->community > maxid) maxid = kg_graph_node(g, i)->community;
    bool *seen = kg_xcalloc(maxid + 1, sizeof(bool));
    for (size_t i = 0; i < n; i++) {
        size_t c = kg_graph_node(g, i)->community;
        if (!seen[c]) k++;
        seen[c] = true;
    }
    free(seen);
    return n ? k : 0;
}

static void components(const kg_graph *g, size_t *ncomp, size_t *largest)
{
    size_t n = kg_graph_node_count(g), maxid = 0;
    for (size_t i = 0; i < n; i++)
        if (kg_graph_node(g, i)->component > maxid) maxid = kg_graph_node(g, i)->component;
    size_t *sizes = kg_xcalloc(maxid + 1, sizeof(size_t));
    *ncomp = *largest = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = kg_graph_node(g, i)->component;
        if (sizes[c]++ == 0) (*ncomp)++;
        if (sizes[c] > *largest) *largest = sizes[c];
    }
    free(sizes);
}

static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t w = utf8_width(s); w < width; w++) putchar(' ');
}

static void print_text(const kg_graph *g, kg_measure by, size_t limit)
{
    size_t nt, nr;
    count *types = tally(g, false, &nt), *rels = tally(g, true, &nr);
    size_t ncomp, largest;
    components(g, &ncomp, &largest);
    printf("nodes        %zu\nedges        %zu\ndocuments    %zu\n"
           "components   %zu (largest: %zu %s)\n"
           "communities  %zu (modularity %.3f)\npaths        %s (betweenness, closeness)\n",
           kg_graph_node_count(g), kg_graph_edge_count(g), kg_graph_document_count(g), ncomp,
           largest, largest == 1 ? "node" : "nodes", communities(g), kg_graph_modularity(g),
           kg_graph_path_method(g));
    printf("\nnodes by type\n");
    for (size_t i = 0; i < nt; i++) {
        printf("  ");
        pad(types[i].name, 24);
        printf("%6zu\n", types[i].n);
    }
    printf("\nedges by relation\n");
    for (size_t i = 0; i < nr; i++) {
        printf("  ");
        pad(rels[i].name, 24);
        printf("%6zu\n", rels[i].n);
    }
    size_t n = kg_graph_node_count(g), rows = limit && limit < n ? limit : n;
    size_t *idx = kg_cli_ranking(g, by);
    size_t wname = 4, wtype = 4;
    for (size_t r = 0; r < rows; r++) {
        const kg_node *nd = kg_graph_node(g, idx[r]);
        if (utf8_width(nd->name) > wname) wname = utf8_width(nd->name);
        if (utf8_width(nd->type) > wtype) wtype = utf8_width(nd->type);
    }
    if (wname > 48) wname = 48;
    printf("\ntop %zu by %s\n  rank  ", rows, kg_graph_measure_names[by]);
    pad("name", wname + 2);
    pad("type", wtype + 2);
    printf("%12s\n", kg_graph_measure_names[by]);
    for (size_t r = 0; r < rows; r++) {
        const kg_node *nd = kg_graph_node(g, idx[r]);
        printf("  %4zu  ", r + 1);
        pad(nd->name, wname + 2);
        pad(nd->type, wtype + 2);
        printf("%12.6g\n", nd->measures[by]);
    }
    free(idx);
    free(types);
    free(rels);
}

static kg_json *counts_json(const count *c, size_t n)
{
    kg_json *o = kg_json_object();
    for (size_t i = 0; i < n; i++) kg_json_set_int(o, c[i].name, (long long)c[i].n);
    return o;
}

static int print_json(const kg_graph *g, kg_measure by, size_t limit)
{
    size_t nt, nr;
    count *types = tally(g, false, &nt), *rels = tally(g, true, &nr);
    kg_json *o = kg_json_object();
    kg_json_set_int(o, "nodes", (long long)kg_graph_node_count(g));
    kg_json_set_int(o, "edges", (long long)kg_graph_edge_count(g));
    kg_json_set_int(o, "documents", (long long)kg_graph_document_count(g));
    size_t ncomp, largest;
    components(g, &ncomp, &largest);
    kg_json_set_int(o, "components", (long long)ncomp);
    kg_json_set_int(o, "largest_component", (long long)largest);
    kg_json_set_int(o, "communities", (long long)communities(g));
    kg_json_set(o, "modularity", kg_json_real(kg_graph_modularity(g)));
    kg_json_set_str(o, "paths", kg_graph_path_method(g));
    kg_json_set(o, "nodes_by_type", counts_json(types, nt));
    kg_json_set(o, "edges_by_relation", counts_json(rels, nr));
    kg_json_set_str(o, "ranked_by", kg_graph_measure_names[by]);
    kg_json *top = kg_json_array();
    size_t n = kg_graph_node_count(g), rows = limit && limit < n ? limit : n;
    size_t *idx = kg_cli_ranking(g, by);
    for (size_t r = 0; r < rows; r++) {
        const kg_node *nd = kg_graph_node(g, idx[r]);
        kg_json *e = kg_json_object();
        kg_json_set_int(e, "rank", (long long)r + 1);
        kg_json_set_str(e, "name", nd->name);
        kg_json_set_str(e, "type", nd->type);
        kg_json_set(e, "value", kg_json_real(nd->measures[by]));
        kg_json_append(top, e);
    }
    kg_json_set(o, "ranking", top);
    int rc = kg_json_write_pretty(stdout, o);
    kg_json_free(o);
    free(idx);
    free(types);
    free(rels);
    return rc;
}

static int cmd_stats(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0, rc;
    kg_graph *g = NULL, *view = NULL;
    bool owned = false;
    kg_graph_filter f;
    kg_measure by;
    const char *format = kg_args_value(&a, "format") ? kg_args_value(&a, "format") : "text";
    size_t limit = 10;
    if (kg_args_value(&a, "limit")) {
        if (!kg_args_size(kg_args_value(&a, "limit"), &limit)) {
            kg_usage_error(cmd, "--limit needs a whole number, not '%s'", kg_args_value(&a, "limit"));
            exit_code = KG_EXIT_USAGE;
            goto done;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json")) {
        kg_usage_error(cmd, "unknown format '%s': use text, csv or json", format);
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if ((exit_code = kg_cli_filter(&f, &a, cmd)) || (exit_code = kg_cli_rank_measure(&by, &a)))
        goto done;
    char *stdin_only[] = {"-"};
    rc = a.npos ? kg_cli_graph_from_files(&g, a.pos, a.npos, KG_GRAPH_DEFAULT_EVIDENCE)
                : kg_cli_graph_from_files(&g, stdin_only, 1, KG_GRAPH_DEFAULT_EVIDENCE);
    if (rc) {
        exit_code = kg_fail(rc);
        goto done;
    }
    if ((exit_code = kg_cli_select(&view, &owned, g, &f, &a, false))) goto done;
    if (strcmp(format, "json") == 0) {
        rc = print_json(view, by, limit);
    } else if (strcmp(format, "csv") == 0) {
        rc = kg_cli_write_centrality(stdout, view, by);
    } else {
        print_text(view, by, limit);
    }
    if (rc || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kgraph: <stdout>: write failed: %s\n", strerror(errno ? errno : EIO));
        exit_code = KG_EXIT_OUTPUT;
    }
done:
    if (owned) kg_graph_free(view);
    kg_graph_free(g);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_stats = {
    "stats", "[options] [EDGES.jsonl...]",
    "Summarise a graph built from edge files and rank its entities.",
    "Reads edge files (standard input when none is given), builds and analyses the\n"
    "graph, applies the filters, and prints the numbers of nodes, edges and\n"
    "documents (the distinct documents of the edges shown), nodes by type, edges\n"
    "by relation, components, communities and the top entities by --by (default\n"
    "pagerank).\n"
    "--format csv prints the ranking with every measure; json prints everything.",
    opts, cmd_stats};
