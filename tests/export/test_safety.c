/*
 * tests/export/test_safety.c: the hostile fixture through every format.
 * Text stays text: the SVG holds no script, event attribute, external
 * reference or DOCTYPE; markup and quotes are escaped; Graphviz escapes
 * are doubled; control characters are replaced.  The real readers
 * (tests/export/readers_check.py) parse the same output again.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "export/helpers.h"
#include "util/json.h"
#include "util/util.h"

static kg_graph *hostile(void)
{
    return export_load(EXPORT_FIXTURE("hostile.jsonl"));
}

/* No C0 control other than tab, LF, CR; no DEL. */
static void assert_no_controls(const char *text, const char *what)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        cr_assert(!(*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') && *p != 0x7f,
                  "%s: control byte 0x%02x at offset %zu", what, *p,
                  (size_t)(p - (const unsigned char *)text));
}

Test(export_safety, svg_has_nothing_active)
{
    kg_graph *g = hostile();
    char *svg = export_mem(g, KG_FMT_SVG, NULL);
    cr_assert_null(strstr(svg, "<script"));
    cr_assert_null(strstr(svg, "<!DOCTYPE"));
    cr_assert_null(strstr(svg, "<!--"));
    cr_assert_null(strstr(svg, "<a "));
    cr_assert_null(strstr(svg, "href=\""));
    cr_assert_null(strstr(svg, "foreignObject"));
    /* no attribute named on...: inside each tag (text holds no raw '<'),
     * no " on" followed by letters and '=' */
    for (const char *t = svg; (t = strchr(t, '<'));) {
        const char *end = strchr(t, '>');
        cr_assert_not_null(end);
        for (const char *p = t; (p = strstr(p, " on")) && p < end;) {
            const char *q = p + 3;
            while (isalpha((unsigned char)*q)) q++;
            cr_assert(*q != '=', "event attribute near: %.40s", p);
            p = q;
        }
        t = end;
    }
    cr_assert_not_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    cr_assert_not_null(strstr(svg, "Back\\N\\G\\L\\n slash\\"));
    cr_assert_not_null(strstr(svg, "&amp;nbsp;&amp;amp;&amp;lt;]]&gt;--&gt;&lt;!--"));
    assert_no_controls(svg, "svg");
    free(svg);
    kg_graph_free(g);
}

Test(export_safety, dot_escapes)
{
    kg_graph *g = hostile();
    char *dot = export_mem(g, KG_FMT_DOT, NULL);
    /* the quote is escaped, so the injection stays inside the label */
    cr_assert_not_null(strstr(dot, "label=\"\\\"; rankdir=LR; x=\\\"\""), "%s", dot);
    /* backslashes are doubled: \N cannot expand to the node name */
    cr_assert_not_null(strstr(dot, "label=\"Back\\\\N\\\\G\\\\L\\\\n slash\\\\\""));
    /* & is an entity for Graphviz, so labels carry &amp; */
    cr_assert_not_null(strstr(dot, "&amp;nbsp;"));
    /* the only rankdir is kgraph's own (dot layout: LR) */
    const char *r = strstr(dot, "rankdir=LR");
    cr_assert_not_null(r);
    cr_assert_null(strstr(r + 1, "\trankdir="));
    assert_no_controls(dot, "dot");
    free(dot);
    kg_graph_free(g);
}

Test(export_safety, xml_formats)
{
    kg_graph *g = hostile();
    for (int k = 0; k < 2; k++) {
        char *x = export_mem(g, k ? KG_FMT_GEXF : KG_FMT_GRAPHML, NULL);
        cr_assert_null(strstr(x, "<script"));
        cr_assert_not_null(strstr(x, "&lt;script&gt;alert(1)&lt;/script&gt; CCG"));
        cr_assert_not_null(strstr(x, "\xEF\xBF\xBD"), "control characters become U+FFFD");
        cr_assert_not_null(strstr(x, "Z\xC3\xBCrich \xCE\xA9mega"), "non-ASCII kept as UTF-8");
        assert_no_controls(x, k ? "gexf" : "graphml");
        free(x);
    }
    kg_graph_free(g);
}

Test(export_safety, json_round_trip)
{
    kg_graph *g = hostile();
    char *text = export_mem(g, KG_FMT_JSON, NULL);
    kg_json *doc;
    char err[256];
    int col;
    cr_assert_eq(kg_json_parse(&doc, text, strlen(text), err, &col), 0, "%s", err);
    kg_json *nodes = kg_json_get(doc, "nodes");
    cr_assert_eq(kg_json_size(nodes), kg_graph_node_count(g));
    bool seen_script = false, seen_quote = false;
    for (size_t i = 0; i < kg_json_size(nodes); i++) {
        const char *label = kg_json_str(kg_json_get(kg_json_at(nodes, i), "label"));
        seen_script |= strcmp(label, "<script>alert(1)</script> CCG") == 0;
        seen_quote |= strcmp(label, "\"; rankdir=LR; x=\"") == 0;
        if (strncmp(label, "Ctrl", 4) == 0)
            cr_assert_str_eq(label, "Ctrl\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD[31m"
                                    "\xEF\xBF\xBD\xEF\xBF\xBD Ltd");
    }
    cr_assert(seen_script && seen_quote);
    cr_assert_eq(kg_json_size(kg_json_get(doc, "links")), kg_graph_edge_count(g));
    kg_json_free(doc);
    free(text);
    kg_graph_free(g);
}

Test(export_safety, csv_quotes_and_formulas)
{
    kg_graph *g = hostile();
    char *dir = temp_dir();
    char *sub = kg_xasprintf("%s/", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, sub), 0, "%s", kg_error_last());
    char *path = kg_xasprintf("%s/nodes.csv", dir);
    char *nodes = slurp(path);
    cr_assert_not_null(strstr(nodes, ",\"\"\"; rankdir=LR; x=\"\"\","));
    cr_assert_not_null(strstr(nodes, ",'=cmd|' /C calc'!A0,"), "formula guarded: %s", nodes);
    free(nodes);
    free(path);
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.csv_neo4j = true;
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, &o, sub), 0, "%s", kg_error_last());
    path = kg_xasprintf("%s/nodes.csv", dir);
    nodes = slurp(path);
    cr_assert_not_null(strstr(nodes, ",=cmd|' /C calc'!A0,"), "neo4j: data as is");
    free(nodes);
    free(path);
    free(sub);
    rm_tree(dir);
    free(dir);
    kg_graph_free(g);
}
