/*
 * tests/graph/test_filter.c: kg_graph_filter_apply (graph/filter.c): the
 * relation, type and weight filters that define the analysed graph, ego
 * networks, the largest component, top k, and the did-you-mean errors, on
 * fixtures/small.jsonl (drawn in test_build.c); the documents a filtered
 * graph counts, on fixtures/documents.jsonl (drawn there too).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "graph/helpers.h"

static kg_graph *small(void) { return load1(FIXTURE("small.jsonl"), 5, true); }

static kg_graph *apply(const kg_graph *g, const kg_graph_filter *f)
{
    kg_graph *h;
    int rc = kg_graph_filter_apply(&h, g, f);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    return h;
}

static void assert_nodes(const kg_graph *h, const char *const *names, size_t n)
{
    cr_assert_eq(kg_graph_node_count(h), n, "%zu nodes", kg_graph_node_count(h));
    for (size_t i = 0; i < n; i++) cr_assert_str_eq(kg_graph_node(h, i)->name, names[i]);
}

static void assert_error(const kg_graph *g, const kg_graph_filter *f, int code, const char *msg)
{
    kg_graph *h = (kg_graph *)1;
    cr_assert_eq(kg_graph_filter_apply(&h, g, f), code);
    cr_assert_null(h);
    cr_assert_str_eq(kg_error_last(), msg);
}

Test(graph_filter, unknown_names_suggest)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.include_relations = (const char *[]){"employs", "partner_with"};
    f.ninclude_relations = 2;
    assert_error(g, &f, KG_ENOTFOUND,
                 "unknown relation 'partner_with' (did you mean 'partners_with'?)");
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.exclude_relations = (const char *[]){"zzzzzzzz"};
    f.nexclude_relations = 1;
    assert_error(g, &f, KG_ENOTFOUND, "unknown relation 'zzzzzzzz'");
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.include_types = (const char *[]){"Persn"};
    f.ninclude_types = 1;
    assert_error(g, &f, KG_ENOTFOUND, "unknown type 'Persn' (did you mean 'Person'?)");
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.exclude_types = (const char *[]){"place"};
    f.nexclude_types = 1;
    assert_error(g, &f, KG_ENOTFOUND, "unknown type 'place' (did you mean 'Place'?)");
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.ego = "Acmee";
    assert_error(g, &f, KG_ENOTFOUND, "unknown entity 'Acmee' (did you mean 'Acme'?)");
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.top_k = 3;
    f.top_by = "pagerenk";
    assert_error(g, &f, KG_ENOTFOUND, "unknown measure 'pagerenk' (did you mean 'pagerank'?)");
    kg_graph_free(g);
}

Test(graph_filter, empty_filter_copies)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    kg_graph *h = apply(g, &f);
    char *d = graph_diff(g, h);
    cr_assert_null(d, "%s", d);
    kg_graph_free(h);
    kg_graph_free(g);
}

Test(graph_filter, relations_define_the_analysed_graph)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.include_relations = (const char *[]){"employs"};
    f.ninclude_relations = 1;
    kg_graph *h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Alice", "Beta", "Bob"}, 4);
    cr_assert_eq(kg_graph_edge_count(h), 2);
    cr_assert_eq(kg_graph_edge(h, 1)->source, 2);
    cr_assert_eq(kg_graph_edge(h, 1)->target, 3);
    /* Measures are those of the filtered graph; node counts those of the corpus. */
    cr_assert(kg_graph_is_analyzed(h));
    cr_assert_eq(kg_graph_node(h, 0)->measures[KG_MEASURE_OUT_DEGREE], 1);
    cr_assert_eq(kg_graph_node(h, 0)->mentions, 4);
    cr_assert_eq(kg_graph_component_count(h), 2);
    size_t n;
    kg_graph_relations(h, &n);
    cr_assert_eq(n, 1);
    kg_graph_free(h);

    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.exclude_relations = (const char *[]){"partners_with", "acquires"};
    f.nexclude_relations = 2;
    h = apply(g, &f);
    cr_assert_eq(kg_graph_edge_count(h), 6);
    cr_assert_eq(kg_graph_node_count(h), 9);
    kg_graph_free(h);
    kg_graph_free(g);
}

Test(graph_filter, types_and_weight)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.exclude_types = (const char *[]){"Place", "Agency"};
    f.nexclude_types = 2;
    kg_graph *h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Alice", "Beta", "Bob"}, 4);
    cr_assert_eq(kg_graph_edge_count(h), 5); /* acquires, employs x2, partners_with, loop */
    kg_graph_free(h);

    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.include_types = (const char *[]){"Company"};
    f.ninclude_types = 1;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Beta"}, 2);
    cr_assert_eq(kg_graph_edge_count(h), 3);
    kg_graph_free(h);

    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.min_weight = 2;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Alice", "Beta"}, 3);
    cr_assert_eq(kg_graph_edge_count(h), 2);
    cr_assert_str_eq(kg_graph_edge(h, 0)->relation, "employs");
    cr_assert_str_eq(kg_graph_edge(h, 1)->relation, "partners_with");
    kg_graph_free(h);
    kg_graph_free(g);
}

Test(graph_filter, ego_network)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.ego = "Bob";
    kg_graph *h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Beta", "Bob", "Mercury"}, 3);
    cr_assert_str_eq(kg_graph_node(h, 2)->type, "Place");
    cr_assert_eq(kg_graph_edge_count(h), 3); /* employs, Beta's loop, visits */
    /* The measures are those of the whole analysed graph. */
    cr_assert_eq(kg_graph_node(h, 0)->measures[KG_MEASURE_DEGREE], 6);
    kg_graph_free(h);

    f.ego_hops = 2;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Beta", "Bob", "Mercury"}, 4);
    kg_graph_free(h);

    f.ego_hops = 0;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Bob"}, 1);
    cr_assert_eq(kg_graph_edge_count(h), 0);
    kg_graph_free(h);

    /* A name with two types: both are centres. */
    f.ego = "Mercury";
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Mercury", "Mercury"}, 2);
    kg_graph_free(h);

    f.ego = "Acme";
    f.include_relations = (const char *[]){"funds"};
    f.ninclude_relations = 1;
    assert_error(g, &f, KG_ENOTFOUND,
                 "entity 'Acme' has no edges left after the relation, type and weight filters");
    kg_graph_free(g);
}

Test(graph_filter, largest_component)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.largest_component = true;
    kg_graph *h = apply(g, &f);
    cr_assert_eq(kg_graph_node_count(h), 7);
    cr_assert_eq(kg_graph_edge_count(h), 8);
    kg_graph_free(h);

    /* Alice-Paris-Mercury (3 nodes) beats Zeta-Yarrow (2). */
    f.include_relations = (const char *[]){"located_in", "funds"};
    f.ninclude_relations = 2;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Alice", "Mercury", "Paris"}, 3);
    kg_graph_free(h);

    /* Bob-Mercury and Yarrow-Zeta tie: the one with the smaller index wins. */
    f.include_relations = (const char *[]){"visits", "funds"};
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Bob", "Mercury"}, 2);
    kg_graph_free(h);
    kg_graph_free(g);
}

Test(graph_filter, top_k_by_measure)
{
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.top_k = 2; /* by degree: Beta 6, Acme 4 */
    kg_graph *h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Beta"}, 2);
    cr_assert_eq(kg_graph_edge_count(h), 3);
    cr_assert_eq(kg_graph_node(h, 1)->measures[KG_MEASURE_DEGREE], 6);
    kg_graph_free(h);

    /* Ties go by node order. */
    f.top_k = 3;
    f.top_by = "out_degree";
    h = apply(g, &f); /* Acme 3, Beta 3, then Alice 1 (first of the 1s) */
    assert_nodes(h, (const char *[]){"Acme", "Alice", "Beta"}, 3);
    kg_graph_free(h);

    /* top_k on a graph that was never analysed analyses the result. */
    kg_graph *raw = load1(FIXTURE("small.jsonl"), 5, false);
    f.top_k = 1;
    f.top_by = "in_strength";
    h = apply(raw, &f);
    assert_nodes(h, (const char *[]){"Beta"}, 1);
    kg_graph_free(h);
    kg_graph_free(raw);
    kg_graph_free(g);
}

Test(graph_filter, pipeline_order)
{
    /* ego, then largest component, then top k, all on the analysed graph. */
    kg_graph *g = small();
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.ego = "Paris";
    f.ego_hops = 1;
    f.largest_component = true;
    f.top_k = 2;
    f.top_by = "pagerank";
    kg_graph *h = apply(g, &f);
    cr_assert_eq(kg_graph_node_count(h), 2);
    for (size_t i = 0; i < 2; i++)
        cr_assert(strcmp(kg_graph_node(h, i)->name, "Paris") == 0 ||
                  strcmp(kg_graph_node(h, i)->name, "Alice") == 0 ||
                  strcmp(kg_graph_node(h, i)->name, "Mercury") == 0);
    kg_graph_free(h);
    kg_graph_free(g);
}

static void assert_documents(const kg_graph *h, size_t count, const char *names)
{
    cr_assert_eq(kg_graph_document_count(h), count, "%zu documents",
                 kg_graph_document_count(h));
    char *got = graph_documents(h);
    cr_assert_str_eq(got, names);
    free(got);
}

/* A filtered graph counts the documents of the edges it kept, all their
 * records (not the 5 evidence items), and not those of edges it dropped
 * between nodes it kept (Acme and Bob have 9 documents between them). */
Test(graph_filter, document_count_of_kept_edges)
{
    kg_graph *g = load1(FIXTURE("documents.jsonl"), 5, true);
    cr_assert_eq(kg_graph_document_count(g), 10);
    const char *eight = "doc-01.txt,doc-02.txt,doc-03.txt,doc-04.txt,doc-05.txt,doc-06.txt,"
                        "doc-07.txt,doc-08.txt";
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    kg_graph *h = apply(g, &f);
    cr_assert_eq(kg_graph_document_count(h), 10);
    kg_graph_free(h);

    f.include_relations = (const char *[]){"employs"};
    f.ninclude_relations = 1;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Bob"}, 2);
    assert_documents(h, 8, eight);
    kg_graph_free(h);

    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.exclude_relations = (const char *[]){"employs"};
    f.nexclude_relations = 1;
    h = apply(g, &f);
    assert_documents(h, 3, "doc-01.txt,x.txt,z.txt");
    /* Ids renumbered: each kept edge still names its own documents. */
    char *d0 = edge_documents(h, 0), *d1 = edge_documents(h, 1);
    cr_assert_str_eq(d0, "x.txt");
    cr_assert_str_eq(d1, "doc-01.txt,z.txt");
    free(d0);
    free(d1);
    /* Filtering a filtered graph renumbers again. */
    kg_graph_filter f2 = KG_GRAPH_FILTER_INIT;
    f2.ego = "Dan";
    kg_graph *h2 = apply(h, &f2);
    assert_documents(h2, 2, "doc-01.txt,z.txt");
    kg_graph_free(h2);
    kg_graph_free(h);

    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.ego = "Acme";
    h = apply(g, &f);
    assert_documents(h, 9, "doc-01.txt,doc-02.txt,doc-03.txt,doc-04.txt,doc-05.txt,"
                           "doc-06.txt,doc-07.txt,doc-08.txt,x.txt");
    kg_graph_free(h);

    /* Steps 1 and 2 together: the ego network within the funds edges. */
    f.include_relations = (const char *[]){"funds"};
    f.ninclude_relations = 1;
    h = apply(g, &f);
    assert_documents(h, 1, "x.txt");
    kg_graph_free(h);

    /* Top 2 by degree (Acme and Bob, 2 arcs each) and the largest component. */
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.top_k = 2;
    h = apply(g, &f);
    assert_nodes(h, (const char *[]){"Acme", "Bob"}, 2);
    cr_assert_eq(kg_graph_document_count(h), 9);
    kg_graph_free(h);

    /* No edge left: no document. */
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.ego = "Acme";
    f.ego_hops = 0;
    h = apply(g, &f);
    cr_assert_eq(kg_graph_edge_count(h), 0);
    assert_documents(h, 0, "");
    kg_graph_free(h);
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.min_weight = 100;
    h = apply(g, &f);
    cr_assert_eq(kg_graph_node_count(h), 0);
    assert_documents(h, 0, "");
    kg_graph_free(h);
    kg_graph_free(g);

    g = small();
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.include_relations = (const char *[]){"employs"};
    f.ninclude_relations = 1;
    h = apply(g, &f);
    assert_documents(h, 3, "a.txt,b.txt,c.txt");
    kg_graph_free(h);
    f = (kg_graph_filter)KG_GRAPH_FILTER_INIT;
    f.ego = "Zeta";
    h = apply(g, &f);
    assert_documents(h, 1, "d.txt");
    kg_graph_free(h);
    kg_graph_free(g);
}
