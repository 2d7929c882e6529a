/*
 * tests/graph/test_measures.c: kg_graph_analyze (graph/analyze.c) on the
 * hand-checkable graph of fixtures/small.jsonl (drawn in test_build.c),
 * and how betweenness and closeness are computed (exact, cutoff, sampled).
 *
 * As arcs (a symmetric edge is one arc each way, its self-loop one arc):
 *   0->2 acquires w1, 0->1 employs w2, 0->2 and 2->0 partners_with w2,
 *   1->6 w1, 2->3 w1, 2->2 w1, 3->5 w1, 4->6 w1, 8->7 w1
 * Simple digraph for paths: 0->1 0->2 2->0 1->6 2->3 3->5 4->6 8->7.
 * tests/graph/networkx_check.py checks the same measures on large random
 * graphs against NetworkX.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "graph/helpers.h"
#include "util/util.h"

#define M(g, i, m) (kg_graph_node((g), (i))->measures[KG_MEASURE_##m])

Test(graph_measures, names)
{
    cr_assert_eq(kg_graph_measure_index("pagerank"), KG_MEASURE_PAGERANK);
    cr_assert_eq(kg_graph_measure_index("in_degree"), KG_MEASURE_IN_DEGREE);
    cr_assert_eq(kg_graph_measure_index("authority"), KG_MEASURE_AUTHORITY);
    cr_assert_eq(kg_graph_measure_index("betweeness"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "unknown measure 'betweeness' (did you mean 'betweenness'?)");
    cr_assert_eq(kg_graph_measure_index("fame"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "unknown measure 'fame'");
    for (int i = 0; i < KG_MEASURE_COUNT; i++)
        cr_assert_eq(kg_graph_measure_index(kg_graph_measure_names[i]), i);
}

Test(graph_measures, degree_and_strength)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, true);
    cr_assert(kg_graph_is_analyzed(g));
    /* Acme: out acquires, employs, partners_with; in partners_with. */
    cr_assert_eq(M(g, 0, OUT_DEGREE), 3);
    cr_assert_eq(M(g, 0, IN_DEGREE), 1);
    cr_assert_eq(M(g, 0, DEGREE), 4);
    cr_assert_eq(M(g, 0, OUT_STRENGTH), 5);
    cr_assert_eq(M(g, 0, IN_STRENGTH), 2);
    cr_assert_eq(M(g, 0, STRENGTH), 7);
    /* Beta: in acquires, partners_with, loop; out partners_with, employs, loop. */
    cr_assert_eq(M(g, 2, IN_DEGREE), 3);
    cr_assert_eq(M(g, 2, OUT_DEGREE), 3);
    cr_assert_eq(M(g, 2, DEGREE), 6);
    cr_assert_eq(M(g, 2, IN_STRENGTH), 4);
    cr_assert_eq(M(g, 2, STRENGTH), 8);
    cr_assert_eq(M(g, 6, IN_DEGREE), 2); /* Paris */
    cr_assert_eq(M(g, 6, OUT_DEGREE), 0);
    cr_assert_eq(M(g, 8, OUT_STRENGTH), 1); /* Zeta */
    kg_graph_free(g);
}

Test(graph_measures, betweenness_and_closeness)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, true);
    /* Directed shortest paths through a node: Acme on 2->1, 2->6; Alice on
     * 0->6, 2->6; Beta on 0->3, 0->5; Bob on 0->5, 2->5. */
    static const double bt[9] = {2, 2, 2, 2, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 9; i++)
        cr_assert_float_eq(M(g, i, BETWEENNESS), bt[i], 1e-12, "node %zu: %g", i,
                           M(g, i, BETWEENNESS));
    /* Harmonic closeness, undirected, / (n - 1) = 8.  Acme: Alice, Beta at
     * 1; Paris, Bob at 2; Mercury/Company, Mercury/Place at 3. */
    cr_assert_float_eq(M(g, 0, CLOSENESS), (1 + 1 + 0.5 + 0.5 + 1.0 / 3 + 1.0 / 3) / 8, 1e-12);
    cr_assert_float_eq(M(g, 7, CLOSENESS), 1.0 / 8, 1e-12);
    kg_graph_free(g);
}

Test(graph_measures, pagerank_hub_authority)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, true);
    double sum = 0, maxhub = 0, maxauth = 0;
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        sum += M(g, i, PAGERANK);
        maxhub = fmax(maxhub, M(g, i, HUB));
        maxauth = fmax(maxauth, M(g, i, AUTHORITY));
        cr_assert_geq(M(g, i, HUB), 0);
        cr_assert_geq(M(g, i, AUTHORITY), 0);
    }
    cr_assert_float_eq(sum, 1.0, 1e-9);
    cr_assert_float_eq(maxhub, 1.0, 1e-9);
    cr_assert_float_eq(maxauth, 1.0, 1e-9);
    /* Zeta -> Yarrow: the target ranks higher. */
    cr_assert_gt(M(g, 7, PAGERANK), M(g, 8, PAGERANK));
    /* Acme points at the most (weighted) and is the top hub. */
    cr_assert_float_eq(M(g, 0, HUB), 1.0, 1e-9);
    kg_graph_free(g);
}

Test(graph_measures, components_and_communities)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, true);
    cr_assert_eq(kg_graph_component_count(g), 2);
    for (size_t i = 0; i <= 6; i++) cr_assert_eq(kg_graph_node(g, i)->component, 0);
    cr_assert_eq(kg_graph_node(g, 7)->component, 1);
    cr_assert_eq(kg_graph_node(g, 8)->component, 1);
    /* Communities are numbered by smallest node index and never span
     * components. */
    cr_assert_eq(kg_graph_node(g, 0)->community, 0);
    cr_assert_eq(kg_graph_node(g, 7)->community, kg_graph_node(g, 8)->community);
    cr_assert_neq(kg_graph_node(g, 7)->community, kg_graph_node(g, 0)->community);
    size_t next = 0;
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        size_t c = kg_graph_node(g, i)->community;
        cr_assert_leq(c, next, "community ids must appear in order");
        if (c == next) next++;
    }
    cr_assert_eq(next, kg_graph_community_count(g));
    cr_assert_gt(kg_graph_modularity(g), 0.0);
    kg_graph_free(g);
}

Test(graph_measures, analysis_is_repeatable)
{
    kg_graph *a = load1(FIXTURE("random.jsonl"), 5, true);
    kg_graph *b = load1(FIXTURE("random.jsonl"), 5, true);
    char *d = graph_diff(a, b);
    cr_assert_null(d, "%s", d);
    cr_assert_eq(kg_graph_analyze(b, NULL), 0); /* again, on the same graph */
    d = graph_diff(a, b);
    cr_assert_null(d, "%s", d);
    cr_assert_gt(kg_graph_community_count(a), 1);
    kg_graph_free(a);
    kg_graph_free(b);
}

Test(graph_measures, path_cutoff_above_node_limit)
{
    /* Forcing the approximate mode with a 1-hop cutoff: no path of one hop
     * has an interior node, so betweenness is 0; closeness counts only the
     * neighbours. */
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    kg_analysis_options o = {.exact_max_nodes = 1, .path_cutoff = 1};
    cr_assert_eq(kg_graph_analyze(g, &o), 0, "%s", kg_error_last());
    for (size_t i = 0; i < kg_graph_node_count(g); i++) cr_assert_eq(M(g, i, BETWEENNESS), 0);
    cr_assert_float_eq(M(g, 0, CLOSENESS), 2.0 / 8, 1e-12);
    kg_graph_free(g);
}

Test(graph_measures, no_communities_option)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    kg_analysis_options o = {.no_communities = true};
    cr_assert_eq(kg_graph_analyze(g, &o), 0);
    cr_assert_eq(kg_graph_community_count(g), 0);
    cr_assert_eq(kg_graph_component_count(g), 2);
    kg_graph_free(g);
}

/* ---- how betweenness and closeness are computed: exact, cutoff, sampled ---- */

static kg_graph *analysed(const char *fixture, kg_analysis_options o)
{
    char *path = kg_xasprintf("%s/graph/fixtures/%s", KG_TEST_DATA, fixture);
    kg_graph *g = load1(path, 5, false);
    free(path);
    cr_assert_eq(kg_graph_analyze(g, &o), 0, "%s", kg_error_last());
    return g;
}

Test(graph_measures, path_method_is_reported)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    cr_assert_str_eq(kg_graph_path_method(g), "");
    cr_assert_eq(kg_graph_analyze(g, NULL), 0);
    cr_assert_str_eq(kg_graph_path_method(g), "exact");
    kg_graph_free(g);
    g = analysed("small.jsonl", (kg_analysis_options){.exact_max_nodes = 1});
    cr_assert_str_eq(kg_graph_path_method(g), "cutoff (3 hops)");
    kg_graph_free(g);
    g = analysed("small.jsonl", (kg_analysis_options){.exact_max_nodes = 1, .sample_above = 5,
                                                      .path_samples = 4});
    cr_assert_str_eq(kg_graph_path_method(g), "sampled (4 sources)");
    /* a filtered graph is analysed again with the same options */
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.largest_component = true;
    kg_graph *h = NULL;
    cr_assert_eq(kg_graph_filter_apply(&h, g, &f), 0);
    cr_assert_str_eq(kg_graph_path_method(h), "sampled (4 sources)");
    kg_graph_free(h);
    kg_graph_free(g);
    g = analysed("small.jsonl", (kg_analysis_options){.no_paths = true});
    cr_assert_str_eq(kg_graph_path_method(g), "skipped");
    kg_graph_free(g);
}

/* Sampling every node as a source is the exact computation: the estimator
 * (sum of the sources' dependencies times n / k; mean of 1/d over the
 * sources other than the node) loses nothing when k = n. */
Test(graph_measures, sampling_all_sources_is_exact)
{
    const char *fx[] = {"small.jsonl", "random.jsonl"};
    for (size_t f = 0; f < 2; f++) {
        kg_graph *exact = analysed(fx[f], (kg_analysis_options){0});
        size_t n = kg_graph_node_count(exact);
        kg_graph *all = analysed(fx[f], (kg_analysis_options){.exact_max_nodes = 1,
                                                              .sample_above = 1,
                                                              .path_samples = n});
        char *want = kg_xasprintf("sampled (%zu sources)", n);
        cr_assert_str_eq(kg_graph_path_method(all), want);
        free(want);
        for (size_t i = 0; i < n; i++) {
            double b = M(exact, i, BETWEENNESS), c = M(exact, i, CLOSENESS);
            cr_assert(fabs(M(all, i, BETWEENNESS) - b) <= 1e-9 * (1 + b), "%s node %zu: %g != %g",
                      fx[f], i, M(all, i, BETWEENNESS), b);
            cr_assert(fabs(M(all, i, CLOSENESS) - c) <= 1e-9 * (1 + c), "%s node %zu: %g != %g",
                      fx[f], i, M(all, i, CLOSENESS), c);
        }
        kg_graph_free(exact);
        kg_graph_free(all);
    }
}

/* A sample is the same on every run, and the other measures do not change. */
Test(graph_measures, sampling_is_deterministic)
{
    kg_analysis_options o = {.exact_max_nodes = 1, .sample_above = 1, .path_samples = 7};
    kg_graph *a = analysed("random.jsonl", o), *b = analysed("random.jsonl", o);
    kg_graph *exact = analysed("random.jsonl", (kg_analysis_options){0});
    char *d = graph_diff(a, b);
    cr_assert_null(d, "%s", d);
    for (size_t i = 0; i < kg_graph_node_count(a); i++)
        cr_assert_eq(M(a, i, PAGERANK), M(exact, i, PAGERANK));
    cr_assert_eq(kg_graph_modularity(a), kg_graph_modularity(exact));
    kg_graph_free(a);
    kg_graph_free(b);
    kg_graph_free(exact);
}
