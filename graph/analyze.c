/*
 * graph/analyze.c: node measures, components and communities, with igraph.
 *
 * Pipeline: rules -> extract -> [graph] -> export -> cli.  kg_graph_analyze()
 * fills kg_node.measures, .component and .community and the graph's counts.
 * The variant of each measure is fixed and documented (docs/ARCHITECTURE.md);
 * tests/graph/networkx_check.py recomputes them with NetworkX.
 *
 * Three igraph views of a kg_graph are built for the length of one call:
 *
 *   arcs     directed multigraph: one arc per stored edge, and for an edge
 *            of a symmetric relation also the reverse arc (a symmetric
 *            self-loop stays one arc); arc weight = edge weight.
 *            -> degrees, strengths, PageRank, hub/authority, components
 *   simple   `arcs` with parallel arcs merged and self-loops removed,
 *            unweighted.  -> betweenness (directed), harmonic closeness
 *            (undirected).  Unweighted because weight counts evidence (more
 *            is closer, not farther) and hop counts read plainly.
 *   undirected projection: one edge per unordered pair {u, v}, u != v,
 *            weighted by the sum of the weights of the stored edges between
 *            them (a symmetric edge counts once).  -> Louvain communities.
 *
 * Determinism: component and community ids are renumbered in order of their
 * smallest node index; Louvain runs after igraph_rng_seed(default, 42).
 *
 * Error handling follows igraph's own conventions inside compute(): every
 * igraph object is registered with IGRAPH_FINALLY, every call is wrapped in
 * IGRAPH_CHECK, and our error handler (graph.c) frees the stack on failure
 * and records the message.  The public function maps the code to KG_EGRAPH.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#define KG_COMMUNITY_SEED 42

/* Renumber membership ids by first appearance over node indexes, writing
 * them into kg_node.component or .community; returns the number of ids.
 * O(V). */
static size_t renumber(kg_graph *g, const igraph_vector_int_t *memb, bool community)
{
    igraph_integer_t n = igraph_vector_int_size(memb);
    size_t *map = kg_xmalloc((size_t)(n ? n : 1) * sizeof *map);
    for (igraph_integer_t i = 0; i < n; i++) map[i] = SIZE_MAX;
    size_t next = 0;
    for (igraph_integer_t i = 0; i < n; i++) {
        igraph_integer_t m = VECTOR(*memb)[i];
        if (map[m] == SIZE_MAX) map[m] = next++;
        if (community)
            g->nodes[i].community = map[m];
        else
            g->nodes[i].component = map[m];
    }
    free(map);
    return next;
}

/* Store a measure, with rounding noise (|x| < 1e-12, e.g. hub scores of
 * nodes with no out-arcs, which igraph gives as +-1e-16) snapped to 0, so
 * that outputs show 0 rather than "-0" or "2.5e-16". */
static void store(kg_graph *g, kg_measure m, const igraph_vector_t *v)
{
    for (size_t i = 0; i < g->nnodes; i++) {
        double x = VECTOR(*v)[i];
        g->nodes[i].measures[m] = fabs(x) < 1e-12 ? 0.0 : x;
    }
}

static void store_int(kg_graph *g, kg_measure m, const igraph_vector_int_t *v)
{
    for (size_t i = 0; i < g->nnodes; i++) g->nodes[i].measures[m] = (double)VECTOR(*v)[i];
}

typedef struct pair {
    size_t u, v;
    double w;
} pair;

static int cmp_pair(const void *p, const void *q)
{
    const pair *a = p, *b = q;
    if (a->u != b->u) return a->u < b->u ? -1 : 1;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* Louvain on the undirected weighted projection.  O(E log E) to build it,
 * then igraph_community_multilevel, near-linear in practice. */
static igraph_error_t communities(kg_graph *g)
{
    igraph_integer_t n = (igraph_integer_t)g->nnodes;
    pair *pairs = kg_xcalloc(g->nedges ? g->nedges : 1, sizeof *pairs);
    IGRAPH_FINALLY(free, pairs);
    size_t np = 0;
    for (size_t j = 0; j < g->nedges; j++) {
        const kg_gedge *e = &g->edges[j];
        if (e->source == e->target) continue;
        size_t u = e->source < e->target ? e->source : e->target;
        size_t v = e->source < e->target ? e->target : e->source;
        pairs[np++] = (pair){u, v, (double)e->weight};
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        if (k && pairs[k - 1].u == pairs[i].u && pairs[k - 1].v == pairs[i].v)
            pairs[k - 1].w += pairs[i].w;
        else
            pairs[k++] = pairs[i];
    }

    igraph_vector_int_t ends, memb;
    igraph_vector_t w, mods;
    IGRAPH_VECTOR_INT_INIT_FINALLY(&ends, (igraph_integer_t)(2 * k));
    IGRAPH_VECTOR_INIT_FINALLY(&w, (igraph_integer_t)k);
    for (size_t i = 0; i < k; i++) {
        VECTOR(ends)[2 * i] = (igraph_integer_t)pairs[i].u;
        VECTOR(ends)[2 * i + 1] = (igraph_integer_t)pairs[i].v;
        VECTOR(w)[i] = pairs[i].w;
    }
    IGRAPH_VECTOR_INT_INIT_FINALLY(&memb, n);
    IGRAPH_VECTOR_INIT_FINALLY(&mods, 0);
    if (k == 0) {
        /* No edges between distinct nodes: every node alone, modularity 0. */
        for (igraph_integer_t i = 0; i < n; i++) VECTOR(memb)[i] = i;
        g->modularity = 0.0;
    } else {
        igraph_t ug;
        IGRAPH_CHECK(igraph_create(&ug, &ends, n, IGRAPH_UNDIRECTED));
        IGRAPH_FINALLY(igraph_destroy, &ug);
        IGRAPH_CHECK(igraph_rng_seed(igraph_rng_default(), KG_COMMUNITY_SEED));
        IGRAPH_CHECK(igraph_community_multilevel(&ug, &w, 1.0, &memb, NULL, &mods));
        g->modularity = igraph_vector_size(&mods) ? igraph_vector_max(&mods) : 0.0;
        igraph_destroy(&ug);
        IGRAPH_FINALLY_CLEAN(1);
    }
    g->ncommunities = renumber(g, &memb, true);

    igraph_vector_destroy(&mods);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&ends);
    free(pairs);
    IGRAPH_FINALLY_CLEAN(5);
    return IGRAPH_SUCCESS;
}

/* The k sources of the sampled path measures: indexes i * n / k, spread
 * evenly over the node order (which is sorted by name, so no region of the
 * graph is favoured), the same on every run. */
static igraph_error_t sample_sources(igraph_vector_int_t *src, igraph_integer_t n, size_t k)
{
    igraph_integer_t m = (igraph_integer_t)k < n ? (igraph_integer_t)k : n;
    IGRAPH_CHECK(igraph_vector_int_resize(src, m));
    for (igraph_integer_t i = 0; i < m; i++) VECTOR(*src)[i] = (igraph_integer_t)((double)i * (double)n / (double)m);
    return IGRAPH_SUCCESS;
}

/* Betweenness and harmonic closeness estimated from the sources in `src`,
 * on `simple`: one subset betweenness (paths from the sources to every
 * node, scaled by n / k) and one BFS per source.  O(k (V + E)). */
static igraph_error_t sampled_paths(kg_graph *g, const igraph_t *simple,
                                    const igraph_vector_int_t *src, igraph_vector_t *res)
{
    igraph_integer_t n = (igraph_integer_t)g->nnodes, k = igraph_vector_int_size(src);
    IGRAPH_CHECK(igraph_betweenness_subset(simple, res, igraph_vss_all(), IGRAPH_DIRECTED,
                                           igraph_vss_vector(src), igraph_vss_all(), NULL));
    igraph_vector_scale(res, (double)n / (double)k);
    store(g, KG_MEASURE_BETWEENNESS, res);

    igraph_matrix_t d;
    IGRAPH_MATRIX_INIT_FINALLY(&d, 1, n);
    igraph_vector_null(res);
    for (igraph_integer_t i = 0; i < k; i++) {
        igraph_integer_t s = VECTOR(*src)[i];
        IGRAPH_CHECK(igraph_distances(simple, &d, igraph_vss_1(s), igraph_vss_all(), IGRAPH_ALL));
        for (igraph_integer_t v = 0; v < n; v++) {
            double dist = MATRIX(d, 0, v);
            if (v != s && isfinite(dist) && dist > 0) VECTOR(*res)[v] += 1.0 / dist;
        }
    }
    /* the mean over the sampled sources other than the node itself */
    for (igraph_integer_t i = 0; i < k; i++) VECTOR(*res)[VECTOR(*src)[i]] *= (double)k / (double)(k > 1 ? k - 1 : 1);
    igraph_vector_scale(res, 1.0 / (double)k);
    store(g, KG_MEASURE_CLOSENESS, res);
    igraph_matrix_destroy(&d);
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

/* Betweenness and closeness by the method the size calls for (see
 * kg_analysis_options), recorded in g->path_method. */
static igraph_error_t path_measures(kg_graph *g, igraph_t *simple, const kg_analysis_options *o,
                                    igraph_vector_t *res)
{
    IGRAPH_CHECK(igraph_simplify(simple, /*multiple=*/true, /*loops=*/true, NULL));
    bool exact = g->nnodes <= o->exact_max_nodes;
    bool sampled = !exact && o->sample_above != SIZE_MAX &&
                   g->nnodes + g->nedges > o->sample_above;
    if (sampled) {
        igraph_vector_int_t src;
        IGRAPH_VECTOR_INT_INIT_FINALLY(&src, 0);
        IGRAPH_CHECK(sample_sources(&src, (igraph_integer_t)g->nnodes, o->path_samples));
        IGRAPH_CHECK(sampled_paths(g, simple, &src, res));
        snprintf(g->path_method, sizeof g->path_method, "sampled (%zu sources)",
                 (size_t)igraph_vector_int_size(&src));
        igraph_vector_int_destroy(&src);
        IGRAPH_FINALLY_CLEAN(1);
        return IGRAPH_SUCCESS;
    }
    if (exact)
        IGRAPH_CHECK(igraph_betweenness(simple, res, igraph_vss_all(), IGRAPH_DIRECTED, NULL));
    else
        IGRAPH_CHECK(igraph_betweenness_cutoff(simple, res, igraph_vss_all(), IGRAPH_DIRECTED,
                                               NULL, o->path_cutoff));
    store(g, KG_MEASURE_BETWEENNESS, res);
    if (exact)
        IGRAPH_CHECK(igraph_harmonic_centrality(simple, res, igraph_vss_all(), IGRAPH_ALL, NULL,
                                                /*normalized=*/true));
    else
        IGRAPH_CHECK(igraph_harmonic_centrality_cutoff(simple, res, igraph_vss_all(), IGRAPH_ALL,
                                                       NULL, true, o->path_cutoff));
    store(g, KG_MEASURE_CLOSENESS, res);
    if (exact)
        snprintf(g->path_method, sizeof g->path_method, "exact");
    else
        snprintf(g->path_method, sizeof g->path_method, "cutoff (%g hops)", o->path_cutoff);
    return IGRAPH_SUCCESS;
}

/* Every measure.  Cost: O(V E) for betweenness and closeness (BFS from each
 * node; bounded by the hop cutoff above o->exact_max_nodes, and O(k E) for
 * k sampled sources above o->sample_above), PageRank and hub/authority
 * iterate over the E arcs until convergence, the rest O(V + E). */
static igraph_error_t compute(kg_graph *g, const kg_analysis_options *o)
{
    igraph_integer_t n = (igraph_integer_t)g->nnodes;
    igraph_integer_t narcs = 0;
    for (size_t j = 0; j < g->nedges; j++)
        narcs += 1 + (g->edges[j].symmetric && g->edges[j].source != g->edges[j].target);

    igraph_vector_int_t arcs, ideg, memb;
    igraph_vector_t w, res, res2;
    igraph_t ig, simple;
    IGRAPH_VECTOR_INT_INIT_FINALLY(&arcs, 2 * narcs);
    IGRAPH_VECTOR_INIT_FINALLY(&w, narcs);
    igraph_integer_t a = 0;
    for (size_t j = 0; j < g->nedges; j++) {
        const kg_gedge *e = &g->edges[j];
        VECTOR(arcs)[2 * a] = (igraph_integer_t)e->source;
        VECTOR(arcs)[2 * a + 1] = (igraph_integer_t)e->target;
        VECTOR(w)[a++] = (double)e->weight;
        if (e->symmetric && e->source != e->target) {
            VECTOR(arcs)[2 * a] = (igraph_integer_t)e->target;
            VECTOR(arcs)[2 * a + 1] = (igraph_integer_t)e->source;
            VECTOR(w)[a++] = (double)e->weight;
        }
    }
    IGRAPH_CHECK(igraph_create(&ig, &arcs, n, IGRAPH_DIRECTED));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_VECTOR_INT_INIT_FINALLY(&ideg, n);
    IGRAPH_VECTOR_INIT_FINALLY(&res, n);
    IGRAPH_VECTOR_INIT_FINALLY(&res2, n);
    IGRAPH_VECTOR_INT_INIT_FINALLY(&memb, n);

    static const struct {
        igraph_neimode_t mode;
        kg_measure degree, strength;
    } modes[] = {
        {IGRAPH_IN, KG_MEASURE_IN_DEGREE, KG_MEASURE_IN_STRENGTH},
        {IGRAPH_OUT, KG_MEASURE_OUT_DEGREE, KG_MEASURE_OUT_STRENGTH},
        {IGRAPH_ALL, KG_MEASURE_DEGREE, KG_MEASURE_STRENGTH},
    };
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        IGRAPH_CHECK(igraph_degree(&ig, &ideg, igraph_vss_all(), modes[i].mode, IGRAPH_LOOPS));
        store_int(g, modes[i].degree, &ideg);
        IGRAPH_CHECK(igraph_strength(&ig, &res, igraph_vss_all(), modes[i].mode, IGRAPH_LOOPS, &w));
        store(g, modes[i].strength, &res);
    }

    IGRAPH_CHECK(igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL, igraph_vss_all(),
                                 IGRAPH_DIRECTED, 0.85, &w, NULL));
    store(g, KG_MEASURE_PAGERANK, &res);

    IGRAPH_CHECK(igraph_hub_and_authority_scores(&ig, &res, &res2, NULL, /*scale=*/true, &w,
                                                 NULL));
    store(g, KG_MEASURE_HUB, &res);
    store(g, KG_MEASURE_AUTHORITY, &res2);

    igraph_integer_t ncomp;
    IGRAPH_CHECK(igraph_connected_components(&ig, &memb, NULL, &ncomp, IGRAPH_WEAK));
    g->ncomponents = renumber(g, &memb, false);

    IGRAPH_CHECK(igraph_copy(&simple, &ig));
    IGRAPH_FINALLY(igraph_destroy, &simple);
    if (!o->no_paths) {
        IGRAPH_CHECK(path_measures(g, &simple, o, &res));
    } else {
        for (size_t i = 0; i < g->nnodes; i++)
            g->nodes[i].measures[KG_MEASURE_BETWEENNESS] =
                g->nodes[i].measures[KG_MEASURE_CLOSENESS] = 0.0;
        snprintf(g->path_method, sizeof g->path_method, "skipped");
    }

    if (o->no_communities) {
        for (size_t i = 0; i < g->nnodes; i++) g->nodes[i].community = 0;
        g->ncommunities = 0;
        g->modularity = 0.0;
    } else {
        IGRAPH_CHECK(communities(g));
    }

    igraph_destroy(&simple);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&res2);
    igraph_vector_destroy(&res);
    igraph_vector_int_destroy(&ideg);
    igraph_destroy(&ig);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&arcs);
    IGRAPH_FINALLY_CLEAN(8);
    return IGRAPH_SUCCESS;
}

int kg_graph_analyze(kg_graph *g, const kg_analysis_options *opts)
{
    kg_analysis_options o = opts ? *opts : (kg_analysis_options){0};
    if (o.exact_max_nodes == 0) o.exact_max_nodes = KG_GRAPH_EXACT_MAX_NODES;
    if (!(o.path_cutoff > 0)) o.path_cutoff = KG_GRAPH_PATH_CUTOFF;
    if (o.sample_above == 0) o.sample_above = KG_GRAPH_SAMPLE_ABOVE;
    if (o.path_samples == 0) o.path_samples = KG_GRAPH_PATH_SAMPLES;
    g->analyzed = false;
    g->path_method[0] = '\0';
    g->ncomponents = g->ncommunities = 0;
    g->modularity = 0.0;
    if (g->nnodes == 0) {
        snprintf(g->path_method, sizeof g->path_method, "%s", o.no_paths ? "skipped" : "exact");
        g->analyzed = true;
        g->opts = o;
        return 0;
    }
    kg_graph_i_lock();
#ifdef _OPENMP
    /* One thread: a parallel reduction adds in a different order from run
     * to run, and outputs must be byte-identical (docs/formats.md).  The
     * caller's setting comes back afterwards. */
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    kg_error_clear();
    int rc = kg_graph_i_check(compute(g, &o));
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    kg_graph_i_unlock();
    if (rc < 0) return rc;
    g->analyzed = true;
    g->opts = o;
    return 0;
}
