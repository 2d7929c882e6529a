/*
 * tests/install/app.c: a program outside the tree, built against an
 * installed kgraph with `pkg-config --cflags --libs kgraph` only
 * (tests/install/check.sh).  It uses every public header and every stage:
 * rules from a string, extraction of one sentence, edge records written
 * and read back through the edge file format, a graph built and analysed,
 * and its JSON export, then prints "nodes N edges M" for the script.
 */
#include <kgraph/common.h>
#include <kgraph/edges.h>
#include <kgraph/export.h>
#include <kgraph/extract.h>
#include <kgraph/graph.h>
#include <kgraph/rules.h>
#include <kgraph/ruletest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_yaml[] =
    "types:\n"
    "  - name: ORG\n"
    "    gazetteer: [Acme, Globex]\n"
    "relations:\n"
    "  - name: buy\n"
    "    relation: acquires\n"
    "    source: ORG\n"
    "    target: ORG\n"
    "    patterns: ['{source} bought {target}']\n";

static int write_edge(void *ud, const kg_edge *e) { return kg_edge_write(ud, e); }

static int fail(const char *what)
{
    fprintf(stderr, "app: %s: %s\n", what, kg_error_last());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    const char *text = "Acme bought Globex.";
    kg_rules *rules;
    if (kg_rules_load_string(&rules, "app.yaml", rules_yaml, strlen(rules_yaml), NULL))
        return fail("rules");
    kg_extractor *ex;
    if (kg_extractor_new(&ex, rules)) return fail("extractor");
    FILE *fp = fopen(argv[1], "w");
    if (!fp) return 1;
    kg_sink sink = {.edge = write_edge, .ud = fp};
    if (kg_extract_doc(ex, "app.txt", text, strlen(text), &sink)) return fail("extract");
    fclose(fp);
    kg_extractor_free(ex);
    kg_rules_free(rules);

    kg_graph_builder *b;
    kg_graph *g;
    if (kg_graph_builder_new(&b, 3) || kg_graph_builder_add_file(b, argv[1]))
        return fail("edges");
    if (kg_graph_builder_finish(&g, b) || kg_graph_analyze(g, NULL)) return fail("graph");
    if (kg_export_write(g, KG_FMT_JSON, NULL, "-")) return fail("export");
    printf("nodes %zu edges %zu\n", kg_graph_node_count(g), kg_graph_edge_count(g));
    kg_graph_free(g);
    return 0;
}
