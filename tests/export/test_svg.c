/*
 * tests/export/test_svg.c: the SVG diagram (export/svg.c), checked by its
 * structure, not its coordinates (layouts change between Graphviz
 * versions): one group per node and edge with stable ids and classes, a
 * tooltip title, a legend, the viewBox, no fixed size on request, the cap
 * on drawn nodes and its note, and every layout engine.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "export/helpers.h"
#include "util/util.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

Test(export_svg, structure)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    kg_export_options plain = KG_EXPORT_OPTIONS_INIT;
    plain.id_prefix = ""; /* the ids of the other formats, as they are */
    char *svg = export_mem(g, KG_FMT_SVG, &plain);
    cr_assert_eq(count(svg, "class=\"node type-"), kg_graph_node_count(g));
    cr_assert_eq(count(svg, "class=\"edge rel-"), kg_graph_edge_count(g));
    cr_assert_not_null(strstr(svg, "<g id=\"n0\" class=\"node type-COMPANY\">"));
    cr_assert_not_null(strstr(svg, "<g id=\"e0\" class=\"edge rel-merges_with\">"));
    cr_assert_not_null(strstr(svg, "<title>kgraph: 21 nodes, 16 edges</title>"));
    cr_assert_not_null(strstr(svg, "<g id=\"legend\" class=\"legend\""));
    cr_assert_not_null(strstr(svg, "class=\"legend-item type-TRUST\""));
    cr_assert_not_null(strstr(svg, "class=\"legend-item rel-funds\""));
    cr_assert_not_null(strstr(svg, "viewBox=\"0 0 "));
    cr_assert_not_null(strstr(svg, " width=\""));
    cr_assert_not_null(strstr(svg, "first evidence: examples/nhs/corpus/"));
    cr_assert_not_null(strstr(svg, ">Westmoor General</text>"), "labels wrap");
    free(svg);
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.no_fixed_size = true;
    svg = export_mem(g, KG_FMT_SVG, &o);
    char *root = strstr(svg, "<svg ");
    cr_assert_not_null(root);
    char *end = strchr(root, '>');
    *end = 0;
    cr_assert_null(strstr(root, " width="), "%s", root);
    cr_assert_null(strstr(root, " height="));
    cr_assert_not_null(strstr(root, "viewBox="));
    free(svg);
    kg_graph_free(g);
}

static void collect(void *ud, const char *msg)
{
    kg_buf *b = ud;
    kg_buf_puts(b, msg);
    kg_buf_putc(b, '\n');
}

Test(export_svg, capped_with_note)
{
    kg_graph *g = export_load(KG_TEST_DATA "/graph/fixtures/random.jsonl");
    kg_buf notes = KG_BUF_INIT;
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.max_drawn_nodes = 30;
    o.size_by = "degree";
    o.note = collect;
    o.note_ud = &notes;
    char *svg = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_eq(count(svg, "class=\"node type-"), 30);
    cr_assert_str_eq(notes.ptr, "graph has 200 nodes: drawing the 30 with the highest degree\n");
    cr_assert_not_null(strstr(svg, "showing the 30 of 200 nodes"));
    cr_assert_not_null(strstr(svg, "(30 nodes and "));
    free(svg);
    kg_buf_clear(&notes);
    o.max_drawn_nodes = 0;
    svg = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_eq(count(svg, "class=\"node type-"), 200);
    cr_assert_str_eq(notes.ptr, "drawing 200 nodes and 500 edges with neato\n");
    free(svg);
    kg_buf_free(&notes);
    kg_graph_free(g);
}

Test(export_svg, every_engine)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("hostile.jsonl"));
    static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo"};
    for (size_t k = 0; k < 5; k++) {
        kg_export_options o = KG_EXPORT_OPTIONS_INIT;
        o.layout = engines[k];
        char *svg = export_mem(g, KG_FMT_SVG, &o);
        cr_assert_eq(count(svg, "class=\"node type-"), kg_graph_node_count(g), "%s", engines[k]);
        cr_assert_eq(count(svg, "class=\"edge rel-"), kg_graph_edge_count(g), "%s", engines[k]);
        char *again = export_mem(g, KG_FMT_SVG, &o);
        cr_assert_str_eq(svg, again, "%s is not reproducible", engines[k]);
        free(again);
        free(svg);
    }
    kg_graph_free(g);
}

Test(export_svg, parallel_edges_everywhere)
{
    /* Greendale Community Health -> Meridian Health Partnership twice:
     * loses_contract_to and refuses_subcontract */
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    size_t s, t;
    cr_assert_eq(kg_graph_find_node(&s, g, "Greendale Community Health", NULL), 0);
    cr_assert_eq(kg_graph_find_node(&t, g, "Meridian Health Partnership", NULL), 0);
    size_t par = 0;
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        par += e->source == s && e->target == t;
    }
    cr_assert_eq(par, 2);
    char *dot = export_mem(g, KG_FMT_DOT, NULL);
    char *pat = kg_xasprintf("n%zu -> n%zu\t[", s, t);
    cr_assert_eq(count(dot, pat), 2, "%s", pat);
    free(pat);
    free(dot);
    char *svg = export_mem(g, KG_FMT_SVG, NULL);
    cr_assert_eq(count(svg, "class=\"edge rel-"), kg_graph_edge_count(g));
    free(svg);
    kg_graph_free(g);
}
