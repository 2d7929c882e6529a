/*
 * tests/graph/test_igraph_bridge.c: kgraph's igraph error handling
 * (graph/graph.c).  igraph's default handler aborts the process; after
 * kg_graph_init() a failing igraph call must return its code, with igraph's
 * reason as the kgraph error message, and leave nothing allocated (the
 * sanitizer build checks that).  This is the one test that calls igraph
 * directly: there is no way to make igraph fail through the public API.
 */
#include <criterion/criterion.h>
#include <igraph.h>
#include <string.h>

#include "graph/graph_int.h"

Test(graph_igraph, error_returns_instead_of_aborting)
{
    kg_graph_init();
    kg_error_clear();
    igraph_vector_int_t edges;
    cr_assert_eq(igraph_vector_int_init(&edges, 3), IGRAPH_SUCCESS); /* odd length */
    igraph_t g;
    igraph_error_t rc = igraph_create(&g, &edges, 2, IGRAPH_DIRECTED);
    cr_assert_neq(rc, IGRAPH_SUCCESS);
    cr_assert_eq(kg_graph_i_check(rc), KG_EGRAPH);
    cr_assert(strncmp(kg_error_last(), "igraph: ", 8) == 0, "%s", kg_error_last());
    cr_assert(strstr(kg_error_last(), "odd") != NULL, "%s", kg_error_last());
    igraph_vector_int_destroy(&edges);
}

Test(graph_igraph, nested_error_frees_temporaries)
{
    /* Betweenness allocates temporaries before it checks the weights. */
    kg_graph_init();
    kg_error_clear();
    igraph_t g;
    cr_assert_eq(igraph_ring(&g, 10, IGRAPH_DIRECTED, false, true), IGRAPH_SUCCESS);
    igraph_vector_t res, w;
    igraph_vector_init(&res, 0);
    igraph_vector_init(&w, 3); /* wrong length: 10 edges */
    igraph_error_t rc = igraph_betweenness(&g, &res, igraph_vss_all(), true, &w);
    cr_assert_eq(rc, IGRAPH_EINVAL);
    cr_assert_eq(kg_graph_i_check(rc), KG_EGRAPH);
    cr_assert(strstr(kg_error_last(), "eight") != NULL, "%s", kg_error_last());
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&res);
    igraph_destroy(&g);
}

Test(graph_igraph, success_maps_to_zero)
{
    cr_assert_eq(kg_graph_i_check(IGRAPH_SUCCESS), 0);
}
