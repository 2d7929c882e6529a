/*
 * export/style.c: how a knowledge graph looks, and the text rules every
 * format shares.
 *
 * Style.  Entity types and relations are numbered by their place in the
 * graph's sorted type and relation lists (kg_graph_types,
 * kg_graph_relations), so a type keeps its colour whatever the node order.
 * Type i gets fill TYPE_FILL[i % 12] (light, so black labels stay readable),
 * a border half as bright, and shape TYPE_SHAPE[(i + i / 12) % 12], so the
 * 13th type differs from the 1st by shape.  Relation i gets colour
 * REL_COLOR[i % 10] and line style REL_STYLE[(i / 10) % 4].  A node's size
 * follows the size_by measure: kgx_node_scale maps it to [0, 1] by min-max
 * normalisation and a square root (areas, not lengths, compare); pen width
 * grows with the logarithm of the edge weight, capped at 6 points.
 *
 * Text.  Strings in a kg_graph come from documents: any of them may hold
 * markup, quotes, backslashes or control characters.  kgx_clean() is the
 * one place that makes a string storable in every format (XML 1.0 forbids
 * most C0 controls; invalid UTF-8 is replaced); each writer then escapes
 * for its own syntax, through its library where there is one (libxml2,
 * jansson, cgraph) and kgx_gv_escape() for Graphviz's escString layer
 * (\N, \G, \L, \n ...) that cgraph does not handle.
 *
 * Reals are written "%.10g" everywhere (kgx_fmt_real; jansson is set to 10
 * digits too), so outputs do not show the last-bit noise of the analysis.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"

#define NPAL_TYPE 12
#define NPAL_REL 10

static const char *const TYPE_FILL[NPAL_TYPE] = {
    "#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69",
    "#fccde5", "#ffffb3", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};
static const char *const TYPE_BORDER[NPAL_TYPE] = {
    "#466963", "#7e5a31", "#5f5d6d", "#7d4039", "#405869", "#596f34",
    "#7e6672", "#7f7f59", "#6c6c6c", "#5e405e", "#667562", "#7f7637"};
static const char *const TYPE_SHAPE[NPAL_TYPE] = {
    "ellipse", "box", "hexagon", "octagon", "house", "cylinder",
    "note", "component", "tab", "folder", "invhouse", "parallelogram"};
static const char *const REL_COLOR[NPAL_REL] = {
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
    "#e6ab02", "#a6761d", "#666666", "#1f78b4", "#e31a1c"};
static const char *const REL_STYLE[4] = {"solid", "dashed", "dotted", "bold"};

static const char *const LAYOUTS[] = {"dot", "neato", "fdp", "sfdp", "circo"};
#define NLAYOUTS (sizeof LAYOUTS / sizeof LAYOUTS[0])

/* ---- options ---- */

int kgx_opts_resolve(kgx_opts *o, const kg_export_options *in)
{
    static const kg_export_options defaults = KG_EXPORT_OPTIONS_INIT;
    if (!in) in = &defaults;
    memset(o, 0, sizeof *o);
    o->user = in;
    o->no_fixed_size = in->no_fixed_size;
    o->csv_neo4j = in->csv_neo4j;
    o->max_drawn = in->max_drawn_nodes ? in->max_drawn_nodes : KG_EXPORT_MAX_DRAWN_NODES;
    if (!in->layout || strcmp(in->layout, "auto") == 0) {
        o->layout_auto = true;
    } else {
        for (size_t i = 0; i < NLAYOUTS; i++)
            if (strcmp(in->layout, LAYOUTS[i]) == 0) o->layout = LAYOUTS[i];
        if (!o->layout) {
            const char *s = kg_did_you_mean(in->layout, LAYOUTS, NLAYOUTS);
            if (s)
                return kg_error_set(KG_ENOTFOUND, "unknown layout '%s' (did you mean '%s'?)",
                                    in->layout, s);
            return kg_error_set(KG_ENOTFOUND,
                                "unknown layout '%s' (choose dot, neato, fdp, sfdp, circo "
                                "or auto)",
                                in->layout);
        }
    }
    int m = kg_graph_measure_index(in->size_by ? in->size_by : "pagerank");
    if (m < 0) return m;
    o->size_by = m;
    return 0;
}

const char *kgx_choose_layout(const kgx_opts *o, size_t n, size_t m)
{
    if (!o->layout_auto) return o->layout;
    if (n <= KG_EXPORT_DOT_MAX_NODES && m <= KG_EXPORT_DOT_MAX_EDGES) return "dot";
    if (n <= KG_EXPORT_NEATO_MAX_NODES) return "neato";
    return "sfdp";
}

void kgx_note(const kgx_opts *o, const char *fmt, ...)
{
    if (!o->user || !o->user->note) return;
    va_list ap;
    va_start(ap, fmt);
    kg_buf b = KG_BUF_INIT;
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    kg_buf_puts(&b, tmp);
    o->user->note(o->user->note_ud, b.ptr);
    kg_buf_free(&b);
}

/* ---- style ---- */

void kgx_style_init(kgx_style *st, const kg_graph *g, int size_by)
{
    memset(st, 0, sizeof *st);
    st->g = g;
    st->types = kg_graph_types(g, &st->ntypes);
    st->rels = kg_graph_relations(g, &st->nrels);
    st->size_by = size_by;
    size_t n = kg_graph_node_count(g);
    for (size_t i = 0; i < n; i++) {
        double v = kg_graph_node(g, i)->measures[size_by];
        if (i == 0 || v < st->smin) st->smin = v;
        if (i == 0 || v > st->smax) st->smax = v;
    }
}

static size_t find_sorted(const char *const *arr, size_t n, const char *s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(arr[mid], s);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0; /* not reached for names of the graph */
}

size_t kgx_type_index(const kgx_style *st, const char *type)
{
    return find_sorted(st->types, st->ntypes, type);
}

size_t kgx_rel_index(const kgx_style *st, const char *rel)
{
    return find_sorted(st->rels, st->nrels, rel);
}

const char *kgx_type_fill(size_t ti) { return TYPE_FILL[ti % NPAL_TYPE]; }
const char *kgx_type_border(size_t ti) { return TYPE_BORDER[ti % NPAL_TYPE]; }
const char *kgx_type_shape(size_t ti) { return TYPE_SHAPE[(ti + ti / NPAL_TYPE) % NPAL_TYPE]; }
const char *kgx_rel_color(size_t ri) { return REL_COLOR[ri % NPAL_REL]; }
const char *kgx_rel_style(size_t ri) { return REL_STYLE[(ri / NPAL_REL) % 4]; }

void kgx_type_rgb(size_t ti, int rgb[3])
{
    const char *c = kgx_type_fill(ti);
    for (int k = 0; k < 3; k++) {
        char h[3] = {c[1 + 2 * k], c[2 + 2 * k], 0};
        rgb[k] = (int)strtol(h, NULL, 16);
    }
}

double kgx_node_scale(const kgx_style *st, size_t i)
{
    if (!(st->smax > st->smin)) return 0.5;
    double v = kg_graph_node(st->g, i)->measures[st->size_by];
    double t = (v - st->smin) / (st->smax - st->smin);
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    return sqrt(t);
}

double kgx_node_size(const kgx_style *st, size_t i)
{
    return 10.0 + 40.0 * kgx_node_scale(st, i);
}

double kgx_edge_penwidth(size_t weight)
{
    double w = 1.0 + 1.5 * log2(weight > 1 ? (double)weight : 1.0);
    return w > 6.0 ? 6.0 : w;
}

/* ---- text ---- */

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at s (1-4), its code point in *cp, or
 * 0 if the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; min = 0x10000; }
    else return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return n;
}

void kgx_clean(kg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        unsigned cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            kg_buf_puts(b, REPLACEMENT);
            p++;
            continue;
        }
        bool bad = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                   (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
        if (bad) kg_buf_puts(b, REPLACEMENT);
        else kg_buf_put(b, p, n);
        p += n;
    }
    if (!b->ptr) kg_buf_puts(b, "");
}

char *kgx_cleandup(const char *s)
{
    kg_buf b = KG_BUF_INIT;
    kgx_clean(&b, s);
    return kg_buf_detach(&b);
}

void kgx_gv_escape(kg_buf *b, const char *s, bool entities)
{
    char *c = kgx_cleandup(s);
    for (const char *p = c; *p; p++) {
        if (*p == '\\') kg_buf_puts(b, "\\\\");
        else if (*p == '\n') kg_buf_puts(b, "\\n");
        else if (*p == '\r') continue;
        else if (*p == '\t') kg_buf_putc(b, ' ');
        else if (*p == '&' && entities) kg_buf_puts(b, "&amp;");
        else kg_buf_putc(b, *p);
    }
    if (!b->ptr) kg_buf_puts(b, "");
    free(c);
}

void kgx_css_name(kg_buf *b, const char *prefix, const char *name)
{
    kg_buf_puts(b, prefix);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_')
            kg_buf_putc(b, (char)*p);
        else
            kg_buf_printf(b, "_%02x", *p);
    }
}

void kgx_fmt_real(char buf[32], double v)
{
    if (v == 0) v = 0; /* no "-0" */
    snprintf(buf, 32, "%.10g", v);
}

void kgx_rules_joined(kg_buf *b, const kg_gedge *e)
{
    for (size_t k = 0; k < e->nrules; k++) {
        if (k) kg_buf_putc(b, ';');
        kg_buf_puts(b, e->rules[k]);
    }
    if (!b->ptr) kg_buf_puts(b, "");
}

/* Append at most `max` bytes of s, cut at a character boundary, with "…"
 * when cut. */
static void put_truncated(kg_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        kg_buf_puts(b, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    kg_buf_put(b, s, max);
    kg_buf_puts(b, "\xE2\x80\xA6");
}

const char *kgx_attr_name(const char *key, char *buf)
{
    static const char *const own[] = {"id", "label", "name", "type", "mentions", "documents",
                                      "forms", "component", "community"};
    bool taken = false;
    for (size_t k = 0; k < sizeof own / sizeof *own && !taken; k++) taken = !strcmp(key, own[k]);
    for (int m = 0; m < KG_MEASURE_COUNT && !taken; m++)
        taken = !strcmp(key, kg_graph_measure_names[m]);
    snprintf(buf, KGX_ATTR_NAME, "%s%s", taken ? "attr_" : "", key);
    return buf;
}

void kgx_node_tooltip(kg_buf *b, const kgx_style *st, size_t i)
{
    const kg_node *n = kg_graph_node(st->g, i);
    kg_buf raw = KG_BUF_INIT;
    kg_buf_printf(&raw, "%s (%s)\nmentions %zu, documents %zu\n", n->name, n->type, n->mentions,
                  n->documents);
    kg_buf_printf(&raw, "degree %.4g, pagerank %.4g, betweenness %.4g",
                  n->measures[KG_MEASURE_DEGREE], n->measures[KG_MEASURE_PAGERANK],
                  n->measures[KG_MEASURE_BETWEENNESS]);
    if (st->size_by != KG_MEASURE_DEGREE && st->size_by != KG_MEASURE_PAGERANK &&
        st->size_by != KG_MEASURE_BETWEENNESS)
        kg_buf_printf(&raw, ", %s %.4g", kg_graph_measure_names[st->size_by],
                      n->measures[st->size_by]);
    kg_buf_printf(&raw, "\ncommunity %zu, component %zu", n->community, n->component);
    for (size_t k = 0; k < n->nattrs; k++)
        kg_buf_printf(&raw, "%s%s %s", k ? ", " : "\n", n->attrs[k].key, n->attrs[k].value);
    kgx_clean(b, raw.ptr);
    kg_buf_free(&raw);
}

void kgx_edge_tooltip(kg_buf *b, const kgx_style *st, size_t j)
{
    const kg_gedge *e = kg_graph_edge(st->g, j);
    const kg_node *s = kg_graph_node(st->g, e->source), *t = kg_graph_node(st->g, e->target);
    kg_buf raw = KG_BUF_INIT;
    kg_buf_printf(&raw, "%s -[%s]-%s %s\nweight %zu, documents %zu\nrules: ", s->name,
                  e->relation, e->symmetric ? "" : ">", t->name, e->weight, e->documents);
    kgx_rules_joined(&raw, e);
    kg_buf_printf(&raw, "\nfirst evidence: %s:%zu\n", e->first.doc, e->first.line);
    put_truncated(&raw, e->first.text ? e->first.text : "", 300);
    kgx_clean(b, raw.ptr);
    kg_buf_free(&raw);
}

/* ---- streams ---- */

int kgx_check_stream(FILE *fp, const char *what)
{
    if (fflush(fp) != 0 || ferror(fp))
        return kg_error_set(KG_EOUTPUT, "%s: write failed", what);
    return 0;
}

int kgx_fwrite(FILE *fp, const void *data, size_t len)
{
    if (len && fwrite(data, 1, len, fp) != len)
        return kg_error_set(KG_EOUTPUT, "write failed");
    return 0;
}
