/*
 * tests/export/test_page.c: what report authors rely on (docs/formats.md,
 * "Figures in reports"): stable styles (a type's colour does not depend on
 * the other types in the graph; the pack's style: wins), page mode (the
 * SVG's size is the print size, within the page box, and no label prints
 * under the minimum), and id prefixes (unique per drawing, deterministic,
 * or chosen).  SVG is checked by parsing its text, not its coordinates.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/helpers.h"
#include "util/util.h"

/* The value of attribute `name` in the first element that has it after
 * `from` (caller frees), or NULL. */
static char *attr_after(const char *from, const char *name)
{
    char *pat = kg_xasprintf(" %s=\"", name);
    const char *p = strstr(from, pat);
    char *v = NULL;
    if (p) {
        p += strlen(pat);
        const char *q = strchr(p, '"');
        v = kg_xasprintf("%.*s", (int)(q - p), p);
    }
    free(pat);
    return v;
}

/* The fillcolor of the first node of `type` in a DOT text (caller frees). */
static char *dot_fill_of_type(const char *dot, const char *type)
{
    char *pat = kg_xasprintf("class=\"type-%s\"", type);
    const char *p = strstr(dot, pat);
    free(pat);
    cr_assert_not_null(p, "no node of type %s", type);
    /* the node's attribute list runs from the last '[' before p to the next ']' */
    const char *open = p;
    while (open > dot && *open != '[') open--;
    const char *close = strchr(p, ']');
    char *node = kg_xasprintf("%.*s", (int)(close - open), open);
    const char *f = strstr(node, "fillcolor=\"");
    cr_assert_not_null(f, "%s", node);
    f += strlen("fillcolor=\"");
    char *fill = kg_xasprintf("%.*s", (int)(strchr(f, '"') - f), f);
    free(node);
    return fill;
}

Test(export_page, colour_is_a_function_of_the_name)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    static const char *const only[] = {"TRUST"};
    kg_graph_filter f = KG_GRAPH_FILTER_INIT;
    f.include_types = only;
    f.ninclude_types = 1;
    kg_graph *trusts;
    cr_assert_eq(kg_graph_filter_apply(&trusts, g, &f), 0, "%s", kg_error_last());
    size_t nt;
    kg_graph_types(trusts, &nt);
    cr_assert_eq(nt, 1);
    char *all = export_mem(g, KG_FMT_DOT, NULL), *one = export_mem(trusts, KG_FMT_DOT, NULL);
    char *a = dot_fill_of_type(all, "TRUST"), *b = dot_fill_of_type(one, "TRUST");
    cr_assert_str_eq(a, b, "TRUST is %s with other types, %s alone", a, b);
    free(a);
    free(b);
    free(all);
    free(one);

    /* in pack order: the first type declared gets the first palette colour
     * (a tint of Okabe-Ito blue), whatever else the graph holds */
    kg_rules_style types[] = {{"TRUST", NULL, NULL}, {"COMPANY", "#123456", "box"}};
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.type_styles = types;
    o.ntype_styles = 2;
    all = export_mem(g, KG_FMT_DOT, &o);
    one = export_mem(trusts, KG_FMT_DOT, &o);
    a = dot_fill_of_type(all, "TRUST");
    b = dot_fill_of_type(one, "TRUST");
    cr_assert_str_eq(a, "#8cc0dc");
    cr_assert_str_eq(b, "#8cc0dc");
    free(a);
    free(b);
    a = dot_fill_of_type(all, "COMPANY");
    cr_assert_str_eq(a, "#123456", "the pack's style: wins");
    free(a);
    free(all);
    free(one);
    kg_graph_free(trusts);
    kg_graph_free(g);
}

Test(export_page, bad_styles_refused)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    kg_rules_style types[] = {{"TRUST", "blue", NULL}};
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.type_styles = types;
    o.ntype_styles = 1;
    cr_assert_eq(kg_export_stream(g, KG_FMT_DOT, &o, stdout), KG_EUSAGE);
    cr_assert_str_eq(kg_error_last(), "style of 'TRUST': invalid colour 'blue' (use #rrggbb)");
    kg_graph_free(g);
}

/* Every <text> of an SVG prints at font-size times `scale`: the smallest. */
static double min_text_size(const char *svg)
{
    double min = 1e9;
    for (const char *p = svg; (p = strstr(p, "<text ")); p++) {
        const char *end = strchr(p, '>');
        const char *fs = strstr(p, "font-size=\"");
        if (!fs || fs > end) continue;
        double v = strtod(fs + strlen("font-size=\""), NULL);
        if (v < min) min = v;
    }
    return min;
}

/* Page-mode checks: the SVG's width and height are inches within the box,
 * and its smallest text prints at font_min or more.  Returns the scale. */
static double check_page(const char *svg, double box_w, double box_h, double font_min)
{
    const char *root = strstr(svg, "<svg ");
    cr_assert_not_null(root);
    char *w = attr_after(root, "width"), *h = attr_after(root, "height"),
         *vb = attr_after(root, "viewBox");
    cr_assert(strstr(w, "in") && strstr(h, "in"), "%s %s", w, h);
    double wi = strtod(w, NULL), hi = strtod(h, NULL), x, y, vw, vh;
    cr_assert_eq(sscanf(vb, "%lf %lf %lf %lf", &x, &y, &vw, &vh), 4);
    cr_assert(wi <= box_w + 0.001 && hi <= box_h + 0.001, "%s x %s in a %gx%g box", w, h,
              box_w, box_h);
    double scale = wi * 72 / vw;
    cr_assert(fabs(hi * 72 / vh - scale) < 0.01, "not scaled uniformly: %s %s %s", w, h, vb);
    double smallest = min_text_size(svg) * scale;
    cr_assert(smallest >= font_min - 0.05, "a label prints at %.2f pt", smallest);
    free(w);
    free(h);
    free(vb);
    return scale;
}

static void collect(void *ud, const char *msg)
{
    kg_buf *b = ud;
    kg_buf_puts(b, msg);
    kg_buf_putc(b, '\n');
}

Test(export_page, small_graph_fits_whole)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("hostile.jsonl"));
    kg_buf notes = KG_BUF_INIT;
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.page = "a4";
    o.note = collect;
    o.note_ud = &notes;
    char *svg = export_mem(g, KG_FMT_SVG, &o);
    check_page(svg, 6.27, 9.19, 7);
    cr_assert_null(notes.ptr, "%s", notes.ptr);
    free(svg);
    kg_buf_free(&notes);
    kg_graph_free(g);
}

Test(export_page, large_graph_names_the_most_central)
{
    kg_graph *g = export_load(KG_TEST_DATA "/graph/fixtures/random.jsonl");
    kg_buf notes = KG_BUF_INIT;
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.page = "16x12cm";
    o.font_min = 8;
    o.note = collect;
    o.note_ud = &notes;
    char *svg = export_mem(g, KG_FMT_SVG, &o);
    check_page(svg, 16 / 2.54, 12 / 2.54, 8);
    cr_assert_not_null(notes.ptr);
    cr_assert_not_null(strstr(notes.ptr, "page 6.30x4.72in: naming the "), "%s", notes.ptr);
    cr_assert_not_null(strstr(notes.ptr, " nodes with the highest pagerank so that labels print "
                                         "at 8 pt or more ("),
                       "%s", notes.ptr);
    cr_assert_not_null(strstr(svg, "named: the top "));
    char *again = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_str_eq(svg, again, "page mode is not reproducible");
    free(again);
    free(svg);
    kg_buf_free(&notes);
    kg_graph_free(g);
}

Test(export_page, bad_page_refused)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("hostile.jsonl"));
    static const char *const bad[] = {"a5", "10x", "10x20", "10x20pt", "0.5x3in", "x3in"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        kg_export_options o = KG_EXPORT_OPTIONS_INIT;
        o.page = bad[k];
        cr_assert_eq(kg_export_stream(g, KG_FMT_SVG, &o, stdout), KG_EUSAGE, "%s", bad[k]);
        char *want = kg_xasprintf("invalid page '%s' (use a4, letter or WIDTHxHEIGHT with a unit "
                                  "in, cm or mm, e.g. 16x20cm; each side 1 to 100 inches)",
                                  bad[k]);
        cr_assert_str_eq(kg_error_last(), want);
        free(want);
    }
    kg_graph_free(g);
}

/* The prefix of the first node's id ("kg1234abcd-" in "kg1234abcd-n0"). */
static char *node_prefix(const char *svg)
{
    const char *p = strstr(svg, "class=\"node type-");
    cr_assert_not_null(p);
    while (p > svg && strncmp(p, " id=\"", 5) != 0) p--;
    p += 5;
    const char *end = strstr(p, "n0\"");
    cr_assert_not_null(end);
    return kg_xasprintf("%.*s", (int)(end - p), p);
}

Test(export_page, id_prefixes)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    kg_graph *h = export_load(EXPORT_FIXTURE("hostile.jsonl"));
    char *a = export_mem(g, KG_FMT_SVG, NULL), *a2 = export_mem(g, KG_FMT_SVG, NULL);
    char *b = export_mem(h, KG_FMT_SVG, NULL);
    cr_assert_str_eq(a, a2, "the default prefix is deterministic");
    char *pa = node_prefix(a), *pb = node_prefix(b);
    cr_assert_eq(strlen(pa), 11, "%s", pa);
    cr_assert_eq(strncmp(pa, "kg", 2), 0, "%s", pa);
    cr_assert_str_neq(pa, pb, "two graphs, two prefixes");
    /* every id carries it: none of Graphviz's or the legend's is left bare */
    cr_assert_null(strstr(a, " id=\"graph0\""));
    cr_assert_null(strstr(a, " id=\"legend\""));
    char *want = kg_xasprintf(" id=\"%slegend\"", pa);
    cr_assert_not_null(strstr(a, want));
    free(want);
    free(pa);
    free(pb);

    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.id_prefix = "fig2-";
    char *c = export_mem(g, KG_FMT_SVG, &o);
    cr_assert_not_null(strstr(c, "<g id=\"fig2-n0\" class=\"node type-COMPANY\">"));
    cr_assert_not_null(strstr(c, "<g id=\"fig2-e0\" class=\"edge rel-merges_with\">"));
    o.id_prefix = "2fig";
    cr_assert_eq(kg_export_stream(g, KG_FMT_SVG, &o, stdout), KG_EUSAGE);
    cr_assert_str_eq(kg_error_last(), "invalid id prefix '2fig' (use up to 64 letters, digits, "
                                      "'_', '.' and '-', starting with a letter or '_')");
    free(a);
    free(a2);
    free(b);
    free(c);
    kg_graph_free(g);
    kg_graph_free(h);
}
