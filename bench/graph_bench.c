/*
 * bench/graph_bench.c: the kgraph graph stage on an edge file, timed by
 * phase, to set against bench/igraph_direct.c on the same corpus.
 *
 *   graph_bench [--exact-max-nodes N] EDGES.jsonl...
 *
 * Phases: reading and merging the records (kg_graph_builder_add_file), the
 * sort and layout (kg_graph_builder_finish), the analysis (kg_graph_analyze
 * with default options unless --exact-max-nodes is given; pass the node
 * count to compare with igraph_direct, which is always exact).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kgraph/graph.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    kg_analysis_options opts = {0};
    int a = 1;
    if (a + 1 < argc && strcmp(argv[a], "--exact-max-nodes") == 0) {
        opts.exact_max_nodes = (size_t)strtoul(argv[a + 1], NULL, 10);
        a += 2;
    }
    if (a >= argc) {
        fputs("usage: graph_bench [--exact-max-nodes N] EDGES.jsonl...\n", stderr);
        return 2;
    }
    double t0 = now(), t1, t2, t3;
    kg_graph_builder *b;
    kg_graph *g = NULL;
    int rc = kg_graph_builder_new(&b, KG_GRAPH_DEFAULT_EVIDENCE);
    for (int i = a; rc == 0 && i < argc; i++) rc = kg_graph_builder_add_file(b, argv[i]);
    size_t records = kg_graph_builder_records(b);
    t1 = now();
    if (rc == 0)
        rc = kg_graph_builder_finish(&g, b);
    else
        kg_graph_builder_free(b);
    t2 = now();
    if (rc == 0) rc = kg_graph_analyze(g, &opts);
    t3 = now();
    if (rc < 0) {
        fprintf(stderr, "graph_bench: %s\n", kg_error_last());
        kg_graph_free(g);
        return 1;
    }
    printf("%-28s %8.3f s  (%zu records)\n", "read + merge", t1 - t0, records);
    printf("%-28s %8.3f s\n", "finish (sort, layout)", t2 - t1);
    printf("%-28s %8.3f s\n", "analyze", t3 - t2);
    printf("%-28s %8.3f s  (%zu nodes, %zu edges, %zu components, modularity %.6f)\n", "total",
           t3 - t0, kg_graph_node_count(g), kg_graph_edge_count(g), kg_graph_component_count(g),
           kg_graph_modularity(g));
    kg_graph_free(g);
    return 0;
}
