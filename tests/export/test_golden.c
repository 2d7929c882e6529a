/*
 * tests/export/test_golden.c: the textual formats of the example graph
 * (fixtures/nhs.jsonl, edges `kgraph extract` wrote for examples/nhs) and of
 * the hostile fixture, compared with golden files; GEXF viz:position and
 * GraphML x and y masked, since they come from a Graphviz layout.
 * KG_UPDATE_GOLDEN=1 rewrites the golden files.
 *
 * fixtures/hostile.jsonl, by hand: names with markup (<script>), a DOT
 * injection ("; rankdir=LR; x="), Graphviz escapes (\N \G \L \n and a final
 * backslash), control characters (U+0001, ESC, DEL, U+0085), non-ASCII and
 * an emoji, XML entities and comment markers, a spreadsheet formula, a
 * relation and a type with quotes and <&>, a symmetric relation, and two
 * parallel edges of different relations.
 *
 * fixtures/attrs.jsonl, by hand: edges whose source_attrs / target_attrs
 * give node attributes, one node's attributes from two records.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "export/helpers.h"
#include "util/util.h"

static void golden_set(const char *fixture, const char *stem)
{
    kg_graph *g = export_load(fixture);
    static const struct { kg_format fmt; const char *ext; } fmts[] = {
        {KG_FMT_DOT, "dot"}, {KG_FMT_GRAPHML, "graphml"}, {KG_FMT_JSON, "json"},
        {KG_FMT_GEXF, "gexf"}};
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        char *text = export_mem(g, fmts[k].fmt, NULL);
        char *masked = mask_positions(text);
        char *name = kg_xasprintf("%s.%s", stem, fmts[k].ext);
        assert_golden(masked, name);
        free(name);
        free(masked);
        free(text);
    }

    char *dir = temp_dir();
    char *prefix = kg_xasprintf("%s/%s", dir, stem);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, prefix), 0, "%s", kg_error_last());
    for (int k = 0; k < 2; k++) {
        const char *part = k ? "edges" : "nodes";
        char *path = kg_xasprintf("%s.%s.csv", prefix, part);
        char *text = slurp(path);
        char *gname = kg_xasprintf("%s.%s.csv", stem, part);
        assert_golden(text, gname);
        free(gname);
        free(text);
        free(path);
    }
    rm_tree(dir);
    free(prefix);
    free(dir);
    kg_graph_free(g);
}

Test(export_golden, example)
{
    golden_set(EXPORT_FIXTURE("nhs.jsonl"), "nhs");
}

Test(export_golden, hostile)
{
    golden_set(EXPORT_FIXTURE("hostile.jsonl"), "hostile");
}

/* fixtures/attrs.jsonl: node attributes (gazetteer codes) in every format,
 * including keys that are kgraph's own field names (type, pagerank: written
 * attr_type, attr_pagerank) and a value with <&"> and a leading '='. */
Test(export_golden, node_attributes)
{
    golden_set(EXPORT_FIXTURE("attrs.jsonl"), "attrs");
}

Test(export_golden, neo4j_headers)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    char *dir = temp_dir();
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.csv_neo4j = true;
    char *sub = kg_xasprintf("%s/neo/", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, &o, sub), 0, "%s", kg_error_last());
    char *path = kg_xasprintf("%snodes.csv", sub);
    char *text = slurp(path);
    assert_golden(text, "nhs.neo4j.nodes.csv");
    free(text);
    free(path);
    path = kg_xasprintf("%sedges.csv", sub);
    text = slurp(path);
    assert_golden(text, "nhs.neo4j.edges.csv");
    free(text);
    free(path);
    free(sub);
    rm_tree(dir);
    free(dir);
    kg_graph_free(g);
}

/* Every format, twice, byte for byte (SVG included: layouts are seeded). */
Test(export_golden, deterministic)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        if (f == KG_FMT_CSV) continue;
        char *a = export_mem(g, (kg_format)f, NULL), *b = export_mem(g, (kg_format)f, NULL);
        cr_assert_str_eq(a, b, "%s differs between runs", kg_format_name((kg_format)f));
        free(a);
        free(b);
    }
    kg_graph_free(g);
}
