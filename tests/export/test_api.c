/*
 * tests/export/test_api.c: export/export.c and export/style.c: format
 * names, option validation with did-you-mean messages, the layout policy,
 * and the errors of the stream interface.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "export/helpers.h"

Test(export_api, format_names)
{
    static const char *const names[] = {"dot", "svg", "graphml", "gexf", "json", "csv", "html"};
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        kg_format got;
        cr_assert_eq(kg_format_from_name(&got, names[f]), 0);
        cr_assert_eq((int)got, f);
        cr_assert_str_eq(kg_format_name(got), names[f]);
    }
    kg_format got;
    cr_assert_eq(kg_format_from_name(&got, "GraphML"), 0);
    cr_assert_eq(got, KG_FMT_GRAPHML);
    cr_assert_str_eq(kg_format_file_name(KG_FMT_GEXF), "graph.gexf");
    cr_assert_str_eq(kg_format_file_name(KG_FMT_CSV), "nodes.csv");
    cr_assert_str_eq(kg_format_second_file_name(KG_FMT_CSV), "edges.csv");
    cr_assert_null(kg_format_second_file_name(KG_FMT_SVG));
}

Test(export_api, format_table_is_complete)
{
    /* every row of the table is filled, and a one-file format's build file
     * name is an -o name that selects it again */
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        kg_format fmt = (kg_format)f, got;
        cr_assert(kg_format_name(fmt) && *kg_format_name(fmt) && strcmp(kg_format_name(fmt), "?"));
        cr_assert(kg_format_file_name(fmt) && strcmp(kg_format_file_name(fmt), "?"));
        cr_assert_not_null(strstr(kg_format_list(), kg_format_name(fmt)));
        if (kg_format_second_file_name(fmt)) continue;
        cr_assert_eq(kg_format_from_path(&got, kg_format_file_name(fmt)), 0, "%s",
                     kg_format_name(fmt));
        cr_assert_eq(got, fmt);
    }
    cr_assert_str_eq(kg_format_list(), "dot, svg, graphml, gexf, json, csv or html");
    cr_assert_str_eq(kg_format_ext_list(), ".dot, .gv, .svg, .graphml, .gexf, .json, .html or .htm");
    kg_format got;
    cr_assert_eq(kg_format_from_path(&got, "out/G.GV"), 0);
    cr_assert_eq(got, KG_FMT_DOT);
    cr_assert_eq(kg_format_from_path(&got, "out/nhs.csv"), KG_ENOTFOUND);
    cr_assert_eq(kg_format_from_path(&got, "out.d/graph"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(),
                     "out.d/graph: the name ends in none of .dot, .gv, .svg, .graphml, .gexf, .json, .html or .htm");
}

Test(export_api, unknown_format)
{
    kg_format got;
    cr_assert_eq(kg_format_from_name(&got, "grapml"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "unknown format 'grapml' (did you mean 'graphml'?)");
    cr_assert_eq(kg_format_from_name(&got, "xlsx"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(),
                     "unknown format 'xlsx' (choose dot, svg, graphml, gexf, json, csv or html)");
}

Test(export_api, unknown_layout_and_measure)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.layout = "nato";
    cr_assert_eq(kg_export_stream(g, KG_FMT_SVG, &o, stdout), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "unknown layout 'nato' (did you mean 'neato'?)");
    o.layout = "twopi";
    cr_assert_eq(kg_export_stream(g, KG_FMT_SVG, &o, stdout), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(),
                     "unknown layout 'twopi' (choose dot, neato, fdp, sfdp, circo or auto)");
    o.layout = "auto";
    o.size_by = "pagernak";
    cr_assert_eq(kg_export_stream(g, KG_FMT_SVG, &o, stdout), KG_ENOTFOUND);
    cr_assert(strstr(kg_error_last(), "'pagerank'"), "%s", kg_error_last());
    kg_graph_free(g);
}

Test(export_api, csv_needs_files)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    cr_assert_eq(kg_export_stream(g, KG_FMT_CSV, NULL, stdout), KG_EUSAGE);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, "-"), KG_EUSAGE);
    cr_assert_str_eq(kg_error_last(), "CSV export writes two files (nodes.csv and edges.csv): "
                                      "give a folder or a file prefix, not '-'");
    kg_graph_free(g);
}

Test(export_api, layout_policy)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    const char *engine;
    cr_assert_eq(kg_export_layout(&engine, g, NULL), 0);
    cr_assert_str_eq(engine, "dot"); /* 21 nodes */
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.layout = "circo";
    cr_assert_eq(kg_export_layout(&engine, g, &o), 0);
    cr_assert_str_eq(engine, "circo");
    kg_graph_free(g);
    g = export_load(KG_TEST_DATA "/graph/fixtures/random.jsonl");
    cr_assert_eq(kg_export_layout(&engine, g, NULL), 0);
    cr_assert_str_eq(engine, "neato"); /* 200 nodes, 500 edges */
    /* the choice follows what is drawn: 80 nodes and at most 200 edges */
    o.layout = NULL;
    o.max_drawn_nodes = 80;
    o.max_drawn_edges = 200;
    cr_assert_eq(kg_export_layout(&engine, g, &o), 0);
    cr_assert_str_eq(engine, "dot");
    o.max_drawn_edges = 0; /* 400 allowed */
    cr_assert_eq(kg_export_layout(&engine, g, &o), 0);
    char *svg = export_mem(g, KG_FMT_SVG, &o), said[32];
    snprintf(said, sizeof said, "layout: %s<", engine);
    cr_assert_not_null(strstr(svg, said), "the SVG's legend names the engine predicted, %s",
                       engine);
    free(svg);
    kg_graph_free(g);
}

Test(export_api, json_of_an_empty_graph)
{
    /* graph.json is streamed element by element; with no element the
     * arrays must still read as jansson writes them for a whole tree */
    kg_graph_builder *b = NULL;
    kg_graph *g = NULL;
    cr_assert_eq(kg_graph_builder_new(&b, 0), 0);
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0);
    cr_assert_eq(kg_graph_analyze(g, NULL), 0);
    char *json = export_mem(g, KG_FMT_JSON, NULL);
    cr_assert_str_eq(json, "{\n"
                           "  \"directed\": true,\n"
                           "  \"multigraph\": true,\n"
                           "  \"graph\": {\n"
                           "    \"name\": \"kgraph\",\n"
                           "    \"nodes\": 0,\n"
                           "    \"edges\": 0,\n"
                           "    \"components\": 0,\n"
                           "    \"communities\": 0,\n"
                           "    \"modularity\": 0.0,\n"
                           "    \"paths\": \"exact\"\n"
                           "  },\n"
                           "  \"nodes\": [],\n"
                           "  \"links\": []\n"
                           "}\n");
    free(json);
    kg_analysis_options ao = {0};
    ao.no_paths = true;
    cr_assert_eq(kg_graph_analyze(g, &ao), 0);
    cr_assert_str_eq(kg_graph_path_method(g), "skipped", "no paths, whatever the size");
    kg_graph_free(g);
}
