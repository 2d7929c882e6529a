/*
 * tests/export/test_svg.c: the SVG diagram (export/svg.c), checked by its
 * structure, not its coordinates (layouts change between Graphviz
 * versions): one group per node and edge with stable ids and classes, a
 * tooltip title, a legend, the viewBox, no fixed size on request, the caps
 * on drawn nodes and edges and their notes, and every layout engine.
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
    cr_assert_str_eq(notes.ptr, "SVG: drawing 30 of 200 nodes (the highest degree) and the 93 "
                                "edges among them; --max-drawn changes this\n");
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

/* The id numbers of the drawn edges ("e<j>") in svg, as a mask. */
static bool *drawn_edges(const char *svg, size_t m)
{
    bool *seen = kg_xcalloc(m, sizeof *seen);
    for (const char *p = svg; (p = strstr(p, "<g id=\"e")); p++) {
        size_t j = strtoul(p + 8, NULL, 10);
        cr_assert_lt(j, m);
        seen[j] = true;
    }
    return seen;
}

Test(export_svg, edges_capped_heaviest_first)
{
    kg_graph *g = export_load(KG_TEST_DATA "/graph/fixtures/random.jsonl");
    size_t m = kg_graph_edge_count(g);
    kg_buf notes = KG_BUF_INIT;
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.id_prefix = "";
    o.max_drawn_nodes = 50;
    o.max_drawn_edges = 40;
    o.note = collect;
    o.note_ud = &notes;
    char *svg = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_eq(count(svg, "class=\"node type-"), 50);
    cr_assert_eq(count(svg, "class=\"edge rel-"), 40);
    cr_assert_not_null(strstr(notes.ptr, "SVG: drawing 50 of 200 nodes (the highest pagerank) and "
                                         "40 of the "), "%s", notes.ptr);
    cr_assert_not_null(strstr(notes.ptr, " edges among them (the heaviest); --max-drawn and "
                                         "--max-drawn-edges change this\n"), "%s", notes.ptr);
    cr_assert_not_null(strstr(svg, "edges: the 40 heaviest"));
    cr_assert_not_null(strstr(svg, "(50 nodes and 40 edges drawn)"));
    /* no edge left out is heavier than an edge drawn; among equals, the
     * drawn ones come first in edge order */
    bool *seen = drawn_edges(svg, m);
    char *nodes = kg_xcalloc(kg_graph_node_count(g), 1);
    for (const char *p = svg; (p = strstr(p, "<g id=\"n")); p++)
        nodes[strtoul(p + 8, NULL, 10)] = 1;
    size_t min_drawn = (size_t)-1, last_at_min = 0;
    for (size_t j = 0; j < m; j++)
        if (seen[j]) {
            const kg_gedge *e = kg_graph_edge(g, j);
            cr_assert(nodes[e->source] && nodes[e->target]);
            if (e->weight < min_drawn) min_drawn = e->weight;
        }
    for (size_t j = 0; j < m; j++)
        if (seen[j] && kg_graph_edge(g, j)->weight == min_drawn) last_at_min = j;
    for (size_t j = 0; j < m; j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        if (seen[j] || !nodes[e->source] || !nodes[e->target]) continue;
        cr_assert_leq(e->weight, min_drawn, "e%zu (weight %zu) left out", j, e->weight);
        if (e->weight == min_drawn) cr_assert_gt(j, last_at_min, "tie e%zu broken out of order", j);
    }
    char *again = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_str_eq(svg, again, "the capped drawing is not reproducible");
    free(again);
    free(seen);
    free(nodes);
    free(svg);
    /* every node drawn, edges capped */
    kg_buf_clear(&notes);
    o.max_drawn_nodes = 0;
    o.max_drawn_edges = 100;
    svg = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_eq(count(svg, "class=\"node type-"), 200);
    cr_assert_eq(count(svg, "class=\"edge rel-"), 100);
    cr_assert_not_null(strstr(notes.ptr, "SVG: drawing all 200 nodes and 100 of their 500 edges "
                                         "(the heaviest); --max-drawn-edges changes this\n"),
                       "%s", notes.ptr);
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
