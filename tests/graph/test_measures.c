/*
 * tests/graph/test_measures.c: kg_graph_analyze (graph/analyze.c) on the
 * hand-checkable graph of fixtures/small.jsonl (drawn in test_build.c).
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
