/*
 * tests/graph/tools/graph_dump.c: build and analyse a graph from edge files
 * and write it as two CSV files, for tests/graph/networkx_check.py.
 *
 *   graph_dump [--evidence N] [--exact-max-nodes N] [--path-cutoff H]
 *              [--no-paths] NODES.csv EDGES.csv EDGEFILE...
 *
 * The options set kg_analysis_options (and the evidence limit).
 * NODES.csv: index,name,type,mentions,documents,component,community and one
 * column per measure (kg_graph_measure_names order), reals as %.17g so they
 * read back bit for bit.  EDGES.csv: source,target,relation,symmetric,weight,
 * documents,rules (joined by ';'),first_doc,first_line.  Standard output
 * gets one line: "modularity <%.17g> components <n> communities <n>".
 * Exit status: 0, or 1 with "graph_dump: <message>" on standard error.
 *
 * It lives in tests/graph/tools/ rather than tests/graph/ because every .c
 * file of tests/graph/ is linked into the Criterion binary test_graph.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/graph.h"

static void csv_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static int write_nodes(const kg_graph *g, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fputs("index,name,type,mentions,documents,component,community", fp);
    for (int m = 0; m < KG_MEASURE_COUNT; m++) fprintf(fp, ",%s", kg_graph_measure_names[m]);
    fputc('\n', fp);
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        const kg_node *n = kg_graph_node(g, i);
        fprintf(fp, "%zu,", i);
        csv_field(fp, n->name);
        fputc(',', fp);
        csv_field(fp, n->type);
        fprintf(fp, ",%zu,%zu,%zu,%zu", n->mentions, n->documents, n->component, n->community);
        for (int m = 0; m < KG_MEASURE_COUNT; m++) fprintf(fp, ",%.17g", n->measures[m]);
        fputc('\n', fp);
    }
    return fclose(fp) == 0 ? 0 : -1;
}

static int write_edges(const kg_graph *g, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fputs("source,target,relation,symmetric,weight,documents,rules,first_doc,first_line\n", fp);
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        fprintf(fp, "%zu,%zu,", e->source, e->target);
        csv_field(fp, e->relation);
        fprintf(fp, ",%d,%zu,%zu,", e->symmetric, e->weight, e->documents);
        size_t len = 1;
        for (size_t k = 0; k < e->nrules; k++) len += strlen(e->rules[k]) + 1;
        char *rules = calloc(1, len);
        if (!rules) abort();
        for (size_t k = 0; k < e->nrules; k++) {
            if (k) strcat(rules, ";");
            strcat(rules, e->rules[k]);
        }
        csv_field(fp, rules);
        free(rules);
        fputc(',', fp);
        csv_field(fp, e->first.doc);
        fprintf(fp, ",%zu\n", e->first.line);
    }
    return fclose(fp) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    size_t evidence = KG_GRAPH_DEFAULT_EVIDENCE;
    kg_analysis_options opts = {0};
    int a = 1;
    for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
        if (strcmp(argv[a], "--no-paths") == 0)
            opts.no_paths = true;
        else if (a + 1 < argc && strcmp(argv[a], "--evidence") == 0)
            evidence = (size_t)strtoul(argv[++a], NULL, 10);
        else if (a + 1 < argc && strcmp(argv[a], "--exact-max-nodes") == 0)
            opts.exact_max_nodes = (size_t)strtoul(argv[++a], NULL, 10);
        else if (a + 1 < argc && strcmp(argv[a], "--path-cutoff") == 0)
            opts.path_cutoff = strtod(argv[++a], NULL);
        else
            break;
    }
    if (argc - a < 3) {
        fputs("usage: graph_dump [--evidence N] [--exact-max-nodes N] [--path-cutoff H] "
              "[--no-paths] NODES.csv EDGES.csv EDGEFILE...\n",
              stderr);
        return 2;
    }
    kg_graph_builder *b;
    kg_graph *g = NULL;
    int rc = kg_graph_builder_new(&b, evidence);
    for (int i = a + 2; rc == 0 && i < argc; i++) rc = kg_graph_builder_add_file(b, argv[i]);
    if (rc == 0)
        rc = kg_graph_builder_finish(&g, b);
    else
        kg_graph_builder_free(b);
    if (rc == 0) rc = kg_graph_analyze(g, &opts);
    if (rc < 0) {
        fprintf(stderr, "graph_dump: %s\n", kg_error_last());
        kg_graph_free(g);
        return 1;
    }
    if (write_nodes(g, argv[a]) < 0 || write_edges(g, argv[a + 1]) < 0) {
        fprintf(stderr, "graph_dump: cannot write %s or %s\n", argv[a], argv[a + 1]);
        kg_graph_free(g);
        return 1;
    }
    printf("modularity %.17g components %zu communities %zu\n", kg_graph_modularity(g),
           kg_graph_component_count(g), kg_graph_community_count(g));
    kg_graph_free(g);
    return 0;
}
