/*
 * export/report.c: the graph as one self-contained HTML page for analysts
 * (report.html): the diagram, the summary, the ranking and, for every edge,
 * the sentences behind it.
 *
 * The page is three parts, each made by the tool that does it best:
 *
 *   the diagram   the SVG export (svg.c), graph.svg's bytes without the
 *                 XML declaration (the page's style sheet sizes it), taken
 *                 from the options' memo when the SVG export filled it;
 *   the data      one JSON document (<script type="application/json">):
 *                 summary, types and relations with their colours and CSS
 *                 classes, and the nodes and edges with every measure and
 *                 their evidence, documents and rules interned;
 *   the program   export/report.js and export/report.css, embedded by the
 *                 build (cmake/Embed.cmake into report_assets.h), which
 *                 build the tables, the evidence panel, search, filters,
 *                 pan and zoom from the data with DOM calls (textContent,
 *                 never innerHTML).
 *
 * Safety.  No text from documents or rules is written into the HTML by this
 * file: the SVG is libxml2's serialisation (escaped, and sanitised by svg.c)
 * and everything else is JSON, written by jansson with '<', '>' and '&'
 * escaped as \u003c, \u003e, \u0026 (kg_json_write_script), so no string
 * can close the script element or open a comment in it.  The page's
 * Content-Security-Policy allows exactly the embedded script and style
 * sheet, by their SHA-256 (computed by the build), and nothing else: no
 * network, no other inline code, no plug-in, no form target.
 *
 * Size.  The tables hold every node and edge up to max_report_nodes nodes
 * (KG_EXPORT_REPORT_MAX_NODES by default) and five edges per node; above
 * that the most central nodes by size_by and the heaviest edges among them
 * (drawn.c's choice), and the page and the note callback say so.  Each edge
 * carries the evidence the graph kept (kg_graph_builder_new's max_evidence).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "export/report_assets.h"
#include "util/json.h"

/* ---- interned strings (documents, rules): first use in edge order ---- */

typedef struct strtab {
    kg_map *index;              /* string -> position in items */
    const char **items;         /* borrowed from the graph */
    size_t n, cap;
} strtab;

static size_t strtab_add(strtab *t, const char *s)
{
    bool inserted;
    size_t slot = kg_map_intern(t->index, s, strlen(s), (intptr_t)t->n, &inserted);
    if (!inserted) return (size_t)kg_map_value(t->index, slot);
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->items = kg_xrealloc(t->items, t->cap * sizeof *t->items);
    }
    t->items[t->n] = s;
    return t->n++;
}

static size_t strtab_find(const strtab *t, const char *s)
{
    intptr_t v = 0;
    kg_map_get(t->index, s, strlen(s), &v);
    return (size_t)v;
}

/* ---- what the report holds ---- */

typedef struct report {
    const kg_graph *g;
    const kgx_opts *o;
    kgx_style st;
    kgx_drawn sel;              /* the nodes and edges in the tables */
    strtab docs, rules;
} report;

static const kg_evidence *edge_evidence(const kg_gedge *e, size_t *n)
{
    if (e->nevidence) {
        *n = e->nevidence;
        return e->evidence;
    }
    *n = 1;
    return &e->first;
}

static bool node_in(const report *r, size_t i)
{
    return !r->sel.nodes || r->sel.nodes[i];
}

static bool edge_in(const report *r, size_t j)
{
    const kg_gedge *e = kg_graph_edge(r->g, j);
    return node_in(r, e->source) && node_in(r, e->target) && (!r->sel.edges || r->sel.edges[j]);
}

static void intern_strings(report *r)
{
    r->docs.index = kg_map_new();
    r->rules.index = kg_map_new();
    for (size_t j = 0; j < kg_graph_edge_count(r->g); j++) {
        if (!edge_in(r, j)) continue;
        const kg_gedge *e = kg_graph_edge(r->g, j);
        size_t n;
        const kg_evidence *ev = edge_evidence(e, &n);
        for (size_t k = 0; k < e->nrules; k++) strtab_add(&r->rules, e->rules[k]);
        for (size_t k = 0; k < n; k++) {
            strtab_add(&r->docs, ev[k].doc ? ev[k].doc : "");
            strtab_add(&r->rules, ev[k].rule ? ev[k].rule : "");
        }
    }
}

static void strtab_free(strtab *t)
{
    kg_map_free(t->index);
    free(t->items);
}

/* ---- JSON pieces ---- */

static kg_json *clean_str(const char *s)
{
    char *c = kgx_cleandup(s ? s : "");
    kg_json *v = kg_json_string(c, strlen(c));
    free(c);
    return v;
}

static kg_json *real(double v)
{
    return kg_json_real(v == 0 ? 0.0 : v);
}

static kg_json *summary_json(const report *r)
{
    const kg_graph *g = r->g;
    kg_json *s = kg_json_object();
    kg_json_set_int(s, "documents", (long long)kg_graph_document_count(g));
    kg_json_set_int(s, "entities", (long long)kg_graph_node_count(g));
    kg_json_set_int(s, "relations", (long long)kg_graph_edge_count(g));
    kg_json_set_int(s, "components", (long long)kg_graph_component_count(g));
    kg_json_set_int(s, "communities", (long long)kg_graph_community_count(g));
    kg_json_set(s, "modularity", real(kg_graph_modularity(g)));
    kg_json_set_str(s, "paths", kg_graph_path_method(g));
    kg_json_set_str(s, "size_by", kg_graph_measure_names[r->st.size_by]);
    kg_json_set_int(s, "table_entities", (long long)r->sel.drawn_nodes);
    kg_json_set_int(s, "table_relations", (long long)r->sel.drawn_edges);
    return s;
}

/* "types" or "relations": name, CSS class, colour, count, in style order. */
static kg_json *kinds_json(const report *r, bool types)
{
    const kg_graph *g = r->g;
    size_t n;
    const char *const *names = types ? kg_graph_types(g, &n) : kg_graph_relations(g, &n);
    kg_json *arr = kg_json_array();
    for (size_t k = 0; k < n; k++) {
        size_t count = 0;
        bool symmetric = false;
        if (types) {
            for (size_t i = 0; i < kg_graph_node_count(g); i++)
                count += strcmp(kg_graph_node(g, i)->type, names[k]) == 0;
        } else {
            for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
                const kg_gedge *e = kg_graph_edge(g, j);
                if (strcmp(e->relation, names[k]) == 0) {
                    count++;
                    symmetric = e->symmetric;
                }
            }
        }
        kgx_look look = types ? kgx_type_look(&r->st, kgx_type_index(&r->st, names[k]))
                              : kgx_rel_look(&r->st, kgx_rel_index(&r->st, names[k]));
        kg_buf cls = KG_BUF_INIT;
        kgx_css_name(&cls, types ? "type-" : "rel-", names[k]);
        kg_json *o = kg_json_object();
        kg_json_set(o, "name", clean_str(names[k]));
        kg_json_set_str(o, "class", cls.ptr);
        kg_json_set_str(o, "color", look.fill);
        kg_json_set_int(o, "count", (long long)count);
        if (!types) kg_json_set(o, "symmetric", kg_json_bool(symmetric));
        kg_json_append(arr, o);
        kg_buf_free(&cls);
    }
    return arr;
}

static kg_json *strtab_json(const strtab *t)
{
    kg_json *arr = kg_json_array();
    for (size_t k = 0; k < t->n; k++) kg_json_append(arr, clean_str(t->items[k]));
    return arr;
}

static kg_json *node_json(const report *r, size_t i)
{
    const kg_node *n = kg_graph_node(r->g, i);
    kg_json *o = kg_json_object();
    kg_json_set_int(o, "id", (long long)i);
    kg_json_set(o, "name", clean_str(n->name));
    kg_json_set(o, "type", clean_str(n->type));
    kg_json_set_int(o, "mentions", (long long)n->mentions);
    kg_json_set_int(o, "documents", (long long)n->documents);
    kg_json *forms = kg_json_array();
    for (size_t k = 0; k < n->nforms; k++) kg_json_append(forms, clean_str(n->forms[k]));
    kg_json_set(o, "forms", forms);
    kg_json_set_int(o, "component", (long long)n->component);
    kg_json_set_int(o, "community", (long long)n->community);
    kg_json *m = kg_json_array();
    for (int k = 0; k < KG_MEASURE_COUNT; k++) kg_json_append(m, real(n->measures[k]));
    kg_json_set(o, "m", m);
    return o;
}

static kg_json *edge_json(const report *r, size_t j)
{
    const kg_gedge *e = kg_graph_edge(r->g, j);
    kg_json *o = kg_json_object();
    kg_json_set_int(o, "id", (long long)j);
    kg_json_set_int(o, "s", (long long)e->source);
    kg_json_set_int(o, "t", (long long)e->target);
    kg_json_set(o, "rel", clean_str(e->relation));
    kg_json_set_int(o, "w", (long long)e->weight);
    kg_json_set_int(o, "docs", (long long)e->documents);
    kg_json_set(o, "sym", kg_json_bool(e->symmetric));
    kg_json *rules = kg_json_array();
    for (size_t k = 0; k < e->nrules; k++)
        kg_json_append(rules, kg_json_int((long long)strtab_find(&r->rules, e->rules[k])));
    kg_json_set(o, "rules", rules);
    size_t n;
    const kg_evidence *ev = edge_evidence(e, &n);
    kg_json *list = kg_json_array();
    for (size_t k = 0; k < n; k++) {
        kg_json *item = kg_json_array();
        kg_json_append(item, kg_json_int((long long)strtab_find(&r->docs, ev[k].doc ? ev[k].doc : "")));
        kg_json_append(item, kg_json_int((long long)ev[k].line));
        kg_json_append(item, kg_json_int((long long)strtab_find(&r->rules, ev[k].rule ? ev[k].rule : "")));
        kg_json_append(item, clean_str(ev[k].text));
        kg_json_append(list, item);
    }
    kg_json_set(o, "ev", list);
    return o;
}

/* ---- writing ---- */

static int put(FILE *fp, const char *s)
{
    return kgx_fwrite(fp, s, strlen(s));
}

/* Write `v` for the data script, then free it. */
static int put_json(FILE *fp, kg_json *v)
{
    int rc = kg_json_write_script(fp, v);
    kg_json_free(v);
    return rc;
}

/* "KEY":[elem(r, i) for the selected i] */
static int put_array(FILE *fp, const report *r, const char *key, size_t count,
                     bool (*in)(const report *, size_t),
                     kg_json *(*elem)(const report *, size_t))
{
    int rc = put(fp, ",\n\"");
    if (rc == 0) rc = put(fp, key);
    if (rc == 0) rc = put(fp, "\":[");
    bool first = true;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if (!in(r, i)) continue;
        rc = put(fp, first ? "\n" : ",\n");
        first = false;
        if (rc == 0) rc = put_json(fp, elem(r, i));
    }
    if (rc == 0) rc = put(fp, "]");
    return rc;
}

/* The data document, streamed one node or edge at a time. */
static int put_data(FILE *fp, const report *r)
{
    int rc = put(fp, "{\"summary\":");
    if (rc == 0) rc = put_json(fp, summary_json(r));
    kg_json *measures = kg_json_array();
    for (int k = 0; k < KG_MEASURE_COUNT; k++)
        kg_json_append(measures, kg_json_string(kg_graph_measure_names[k],
                                                strlen(kg_graph_measure_names[k])));
    if (rc == 0) rc = put(fp, ",\n\"measures\":");
    if (rc == 0) rc = put_json(fp, measures);
    else kg_json_free(measures);
    struct { const char *key; kg_json *v; } parts[] = {
        {"types", kinds_json(r, true)}, {"relations", kinds_json(r, false)},
        {"docs", strtab_json(&r->docs)}, {"rules", strtab_json(&r->rules)}};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        if (rc == 0) rc = put(fp, ",\n\"");
        if (rc == 0) rc = put(fp, parts[k].key);
        if (rc == 0) rc = put(fp, "\":");
        if (rc == 0) rc = put_json(fp, parts[k].v);
        else kg_json_free(parts[k].v);
    }
    if (rc == 0) rc = put_array(fp, r, "nodes", kg_graph_node_count(r->g), node_in, node_json);
    if (rc == 0) rc = put_array(fp, r, "edges", kg_graph_edge_count(r->g), edge_in, edge_json);
    if (rc == 0) rc = put(fp, "}\n");
    return rc;
}

/* The SVG export of the graph (graph.svg's bytes: the page's style sheet
 * sizes it, so its width and height need not go) as one string without
 * its XML declaration (HTML has none inside a page).  A memo that holds
 * the SVG export's bytes spares a second layout, and the SVG export gave
 * the drawing's notes; otherwise the report draws it and gives them.
 * Which nodes are drawn is read off the SVG by the script (page mode
 * chooses them differently from drawn.c). */
static int diagram(const report *r, char **svg, size_t *len)
{
    kg_export_memo *memo = kgx_memo(r->o, r->g);
    int rc = 0;
    *svg = NULL;
    *len = 0;
    if (memo && memo->svg) {
        *svg = kg_xstrndup(memo->svg, memo->svglen);
        *len = memo->svglen;
    } else {
        kg_export_options u = *r->o->user;
        u.memo = NULL; /* the SVG export fills it, notes and all */
        kgx_opts o;
        rc = kgx_opts_resolve(&o, &u);
        if (rc) return rc;
        FILE *mem = open_memstream(svg, len);
        if (!mem) return kg_error_set(KG_EOUTPUT, "report: out of memory for the diagram");
        rc = kgx_write_svg(r->g, &o, mem);
        if (fclose(mem) != 0 && rc == 0) rc = kg_error_set(KG_EOUTPUT, "report: diagram not kept");
    }
    if (rc) {
        free(*svg);
        *svg = NULL;
        return rc;
    }
    if (strncmp(*svg, "<?xml", 5) == 0) {
        char *end = strstr(*svg, "?>");
        size_t skip = end ? (size_t)(end - *svg) + 2 : 0;
        while (skip < *len && ((*svg)[skip] == '\n' || (*svg)[skip] == '\r')) skip++;
        memmove(*svg, *svg + skip, *len - skip + 1);
        *len -= skip;
    }
    return 0;
}

/* Base64 of a SHA-256 given in hex (the build computes the digest). */
static void hex_to_base64(const char *hex, char out[45])
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char raw[33] = {0};
    for (size_t k = 0; k < 32; k++) {
        unsigned v = 0;
        sscanf(hex + 2 * k, "%2x", &v);
        raw[k] = (unsigned char)v;
    }
    size_t o = 0;
    for (size_t k = 0; k < 33; k += 3) {
        uint32_t v = (uint32_t)raw[k] << 16 | (uint32_t)raw[k + 1] << 8 | raw[k + 2];
        out[o++] = b64[v >> 18 & 63];
        out[o++] = b64[v >> 12 & 63];
        out[o++] = k + 1 < 32 ? b64[v >> 6 & 63] : '=';
        out[o++] = k + 2 < 32 ? b64[v & 63] : '=';
    }
    out[o] = 0;
}

static int put_head(FILE *fp, const report *r)
{
    char js[45], css[45];
    hex_to_base64(kgx_report_js_sha256, js);
    hex_to_base64(kgx_report_css_sha256, css);
    int n = fprintf(
        fp,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'sha256-%s'; style-src 'sha256-%s'; img-src data:; base-uri 'none'; "
        "form-action 'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"kgraph\">\n"
        "<title>kgraph report: %zu entities, %zu relations</title>\n"
        "<link rel=\"icon\" href=\"data:,\">\n<style>",
        js, css, kg_graph_node_count(r->g), kg_graph_edge_count(r->g));
    return n < 0 ? kg_error_set(KG_EOUTPUT, "write failed") : 0;
}

/* The page's fixed frame; report.js fills the sections from the data. */
static const char BODY_TOP[] =
    "</style>\n</head>\n<body>\n"
    "<a class=\"kg-skip\" href=\"#kg-entities-section\">Skip to the entity table</a>\n"
    "<header class=\"kg-header\">\n"
    "<h1>Knowledge graph report</h1>\n"
    "<p class=\"kg-counts\" id=\"kg-counts\"></p>\n"
    "<div class=\"kg-find\"><label for=\"kg-search\">Find an entity</label>\n"
    "<input id=\"kg-search\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
    "placeholder=\"Name or surface form (press /)\" aria-controls=\"kg-entities\"></div>\n"
    "</header>\n<main>\n<div class=\"kg-top\">\n"
    "<section id=\"kg-diagram\" aria-label=\"Diagram\">\n"
    "<div class=\"kg-zoom\" role=\"toolbar\" aria-label=\"Zoom the diagram\">"
    "<button type=\"button\" id=\"kg-zoom-in\" title=\"Zoom in (+)\" aria-label=\"Zoom in\">+</button>"
    "<button type=\"button\" id=\"kg-zoom-out\" title=\"Zoom out (-)\" aria-label=\"Zoom out\">&#8722;</button>"
    "<button type=\"button\" id=\"kg-zoom-reset\" title=\"Show the whole diagram (0)\">Fit</button>"
    "<span class=\"kg-zoom-hint\">Drag to move, wheel to zoom, click an entity or a line</span></div>\n"
    "<div class=\"kg-canvas\" id=\"kg-canvas\" tabindex=\"0\" "
    "aria-label=\"Network diagram: arrow keys move it, + and - zoom, 0 fits it\">\n";

static const char BODY_REST[] =
    "</div>\n</section>\n"
    "<aside id=\"kg-details\" aria-live=\"polite\" tabindex=\"-1\">"
    "<p class=\"kg-hint\">Select an entity in the diagram or a table, or a line in the diagram, "
    "to see the sentences behind its relations.</p></aside>\n"
    "</div>\n"
    "<section id=\"kg-summary\" aria-labelledby=\"kg-summary-h\"><h2 id=\"kg-summary-h\">Summary</h2></section>\n"
    "<section id=\"kg-filters\" aria-labelledby=\"kg-filters-h\"><h2 id=\"kg-filters-h\">Show</h2>\n"
    "<fieldset id=\"kg-types\"><legend>Entity types</legend></fieldset>\n"
    "<fieldset id=\"kg-relations\"><legend>Relations</legend></fieldset>\n</section>\n"
    "<section id=\"kg-entities-section\" aria-labelledby=\"kg-entities-h\" tabindex=\"-1\">"
    "<h2 id=\"kg-entities-h\">Entities</h2><p class=\"kg-note\" id=\"kg-entities-note\"></p>\n"
    "<div class=\"kg-scroll\"><table id=\"kg-entities\"><thead></thead><tbody></tbody></table></div>\n"
    "</section>\n"
    "<section id=\"kg-edges-section\" aria-labelledby=\"kg-edges-h\">"
    "<h2 id=\"kg-edges-h\">Relations</h2><p class=\"kg-note\" id=\"kg-edges-note\"></p>\n"
    "<div class=\"kg-scroll\"><table id=\"kg-edges\"><thead></thead><tbody></tbody></table></div>\n"
    "</section>\n</main>\n"
    "<noscript><p>The tables, search and evidence of this report need JavaScript; the diagram "
    "above shows the graph without it.</p></noscript>\n"
    "<script type=\"application/json\" id=\"kg-data\">";

static int put_page(FILE *fp, const report *r, const char *svg, size_t svglen)
{
    int rc = put_head(fp, r);
    if (rc == 0) rc = kgx_fwrite(fp, kgx_report_css, kgx_report_css_len);
    if (rc == 0) rc = put(fp, BODY_TOP);
    if (rc == 0) rc = kgx_fwrite(fp, svg, svglen);
    if (rc == 0) rc = put(fp, BODY_REST);
    if (rc == 0) rc = put_data(fp, r);
    if (rc == 0) rc = put(fp, "</script>\n<script>");
    if (rc == 0) rc = kgx_fwrite(fp, kgx_report_js, kgx_report_js_len);
    if (rc == 0) rc = put(fp, "</script>\n</body>\n</html>\n");
    return rc;
}

/* The nodes and edges the tables hold: drawn.c's choice with the report's
 * caps, noted when something is left out. */
static void select_table(report *r)
{
    kgx_opts o = *r->o;
    size_t cap = r->o->user && r->o->user->max_report_nodes ? r->o->user->max_report_nodes
                                                            : KG_EXPORT_REPORT_MAX_NODES;
    o.max_drawn = cap;
    o.max_drawn_edges = cap > SIZE_MAX / KGX_EDGES_PER_DRAWN_NODE ? SIZE_MAX
                                                                  : cap * KGX_EDGES_PER_DRAWN_NODE;
    kgx_drawn_select(&r->sel, &r->st, &o);
    if (r->sel.drawn_nodes < r->sel.n || r->sel.drawn_edges < r->sel.between) {
        char tn[32], n[32], te[32], bt[32];
        kgx_grouped(tn, r->sel.drawn_nodes);
        kgx_grouped(n, r->sel.n);
        kgx_grouped(te, r->sel.drawn_edges);
        kgx_grouped(bt, r->sel.between);
        kgx_note(r->o, "report: the tables hold %s of %s entities (the highest %s) and %s of "
                       "the %s relations among them (the heaviest); --max-report-nodes changes this",
                 tn, n, kg_graph_measure_names[r->st.size_by], te, bt);
    }
}

int kgx_write_html(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    static const kg_export_options defaults = KG_EXPORT_OPTIONS_INIT;
    kgx_opts oo = *o;
    if (!oo.user) oo.user = &defaults;
    report r = {.g = g, .o = &oo};
    kgx_style_init(&r.st, g, &oo);
    char *svg = NULL;
    size_t svglen = 0;
    int rc = diagram(&r, &svg, &svglen);
    if (rc) return rc;
    select_table(&r);
    intern_strings(&r);
    rc = put_page(fp, &r, svg, svglen);
    strtab_free(&r.docs);
    strtab_free(&r.rules);
    kgx_drawn_free(&r.sel);
    free(svg);
    return rc;
}
