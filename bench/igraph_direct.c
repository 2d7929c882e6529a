/*
 * bench/igraph_direct.c: the graph analysis kgraph performs, done with bare
 * igraph calls, as the baseline for `kgraph build --edges` and for
 * bench/graph_bench.c.
 *
 *   igraph_direct EDGES.tsv [CUTOFF]
 *
 * With CUTOFF (> 0), betweenness and closeness follow paths of at most
 * CUTOFF hops, as kgraph does above KG_GRAPH_EXACT_MAX_NODES nodes.
 *
 * EDGES.tsv is the merged edge list bench/gen_graph.py --tsv writes: a line
 * "nodes N", then "source target weight symmetric" per merged edge.  The
 * program makes the igraph calls of graph/analyze.c, in the same order and
 * with the same variants (arcs with reverse arcs for symmetric edges;
 * degrees and strengths x3, PageRank, hub/authority, weak components;
 * betweenness and harmonic closeness on the simplified graph; Louvain on the
 * undirected weighted projection, seed 42) and prints the wall time of each
 * step.  Merging records, JSON parsing and the kgraph data model are
 * deliberately absent: the difference to graph_bench is their cost.
 *
 * This file includes <igraph.h> outside graph/: it is a benchmark of igraph
 * itself, not part of the library.  Errors abort (igraph's default handler).
 */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double t_last;

static void lap(const char *what)
{
    double t = now();
    printf("%-28s %8.3f s\n", what, t - t_last);
    t_last = t;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fputs("usage: igraph_direct EDGES.tsv [CUTOFF]\n", stderr);
        return 2;
    }
    double cutoff = argc == 3 ? atof(argv[2]) : 0;
    FILE *fp = fopen(argv[1], "r");
    if (!fp) {
        perror(argv[1]);
        return 1;
    }
    double t0 = now();
    t_last = t0;
    long n, s, t, w;
    int sym;
    if (fscanf(fp, "nodes %ld", &n) != 1) {
        fprintf(stderr, "%s: expected 'nodes N'\n", argv[1]);
        return 1;
    }
    igraph_vector_int_t arcs, pairs, ideg, memb;
    igraph_vector_t weights, pweights, res, res2, mods;
    igraph_vector_int_init(&arcs, 0);
    igraph_vector_int_init(&pairs, 0);
    igraph_vector_init(&weights, 0);
    igraph_vector_init(&pweights, 0);
    long nedges = 0;
    while (fscanf(fp, "%ld %ld %ld %d", &s, &t, &w, &sym) == 4) {
        nedges++;
        igraph_vector_int_push_back(&arcs, s);
        igraph_vector_int_push_back(&arcs, t);
        igraph_vector_push_back(&weights, (double)w);
        if (sym && s != t) {
            igraph_vector_int_push_back(&arcs, t);
            igraph_vector_int_push_back(&arcs, s);
            igraph_vector_push_back(&weights, (double)w);
        }
        if (s != t) {
            igraph_vector_int_push_back(&pairs, s < t ? s : t);
            igraph_vector_int_push_back(&pairs, s < t ? t : s);
            igraph_vector_push_back(&pweights, (double)w);
        }
    }
    fclose(fp);
    lap("read edge list");

    igraph_t g, simple, ug;
    igraph_create(&g, &arcs, n, IGRAPH_DIRECTED);
    lap("create");
    igraph_vector_int_init(&ideg, n);
    igraph_vector_init(&res, n);
    igraph_vector_init(&res2, n);
    igraph_vector_int_init(&memb, n);
    igraph_vector_init(&mods, 0);
    igraph_neimode_t modes[] = {IGRAPH_IN, IGRAPH_OUT, IGRAPH_ALL};
    for (int i = 0; i < 3; i++) {
        igraph_degree(&g, &ideg, igraph_vss_all(), modes[i], IGRAPH_LOOPS);
        igraph_strength(&g, &res, igraph_vss_all(), modes[i], IGRAPH_LOOPS, &weights);
    }
    lap("degree + strength");
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL, igraph_vss_all(),
                    IGRAPH_DIRECTED, 0.85, &weights, NULL);
    lap("pagerank");
    igraph_hub_and_authority_scores(&g, &res, &res2, NULL, true, &weights, NULL);
    lap("hub + authority");
    igraph_integer_t ncomp;
    igraph_connected_components(&g, &memb, NULL, &ncomp, IGRAPH_WEAK);
    lap("components");
    igraph_copy(&simple, &g);
    igraph_simplify(&simple, true, true, NULL);
    lap("simplify");
    if (cutoff > 0) {
        igraph_betweenness_cutoff(&simple, &res, igraph_vss_all(), IGRAPH_DIRECTED, NULL, cutoff);
        lap("betweenness (cutoff)");
        igraph_harmonic_centrality_cutoff(&simple, &res, igraph_vss_all(), IGRAPH_ALL, NULL, true,
                                          cutoff);
        lap("harmonic closeness (cutoff)");
    } else {
        igraph_betweenness(&simple, &res, igraph_vss_all(), IGRAPH_DIRECTED, NULL);
        lap("betweenness (exact)");
        igraph_harmonic_centrality(&simple, &res, igraph_vss_all(), IGRAPH_ALL, NULL, true);
        lap("harmonic closeness (exact)");
    }
    /* The projection: kgraph merges parallel pairs (summing weights) by
     * sorting; here Louvain gets the unmerged pairs, which define the same
     * modularity (parallel edges add up) at no merging cost.  Good for
     * timing; the partition found may differ slightly. */
    igraph_create(&ug, &pairs, n, IGRAPH_UNDIRECTED);
    igraph_rng_seed(igraph_rng_default(), 42);
    igraph_community_multilevel(&ug, &pweights, 1.0, &memb, NULL, &mods);
    lap("louvain");
    printf("%-28s %8.3f s  (%ld nodes, %ld edges, %" IGRAPH_PRId " components, "
           "modularity %.6f)\n",
           "total", now() - t0, n, nedges, ncomp,
           igraph_vector_size(&mods) ? igraph_vector_max(&mods) : 0.0);

    igraph_destroy(&ug);
    igraph_destroy(&simple);
    igraph_destroy(&g);
    igraph_vector_destroy(&mods);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&res2);
    igraph_vector_destroy(&res);
    igraph_vector_int_destroy(&ideg);
    igraph_vector_destroy(&pweights);
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&pairs);
    igraph_vector_int_destroy(&arcs);
    return 0;
}
