/*
 * export/style.c: how a knowledge graph looks, and the text rules every
 * format shares.
 *
 * Style.  How a type or relation looks is a function of its name and the
 * rule pack, never of which other names one graph holds, so PERSON has the
 * same colour in every figure of a report.  The pack's `style:` (passed as
 * kg_export_options.type_styles / rel_styles, in pack order) wins; else
 * the name's place p in the pack picks from a fixed palette: types are
 * filled with a light tint of Okabe-Ito colour p % 8 (black labels stay
 * readable), bordered with it darkened, shaped TYPE_SHAPE[(p + p / 8) % 8]
 * (so the 9th type differs from the 1st by shape); relation p is drawn in
 * REL_PAL[p % 8], line style REL_STYLE[(p / 8) % 4].  A name the pack does
 * not list (or every name, with no pack) takes p from a hash of the name.
 * kgx_type_look / kgx_rel_look return the look by value, so writers
 * running in parallel share nothing; kgx_node_color / kgx_edge_color give
 * GraphML, GEXF and JSON the same colours as DOT and SVG.  A node's size
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export/export_int.h"

/* Okabe and Ito's colour-blind-safe palette ("Color Universal Design",
 * 2008), ordered so that the first colours differ most.  Types are filled
 * with a light tint of their colour (black labels stay readable) and
 * bordered with it darkened; relations are drawn in the colours themselves
 * (yellow, too light for a thin line on white, gives way to grey). */
#define NPAL 8
static const unsigned char OKABE_ITO[NPAL][3] = {
    {0x00, 0x72, 0xb2}, /* blue */
    {0xe6, 0x9f, 0x00}, /* orange */
    {0x00, 0x9e, 0x73}, /* bluish green */
    {0xd5, 0x5e, 0x00}, /* vermillion */
    {0x56, 0xb4, 0xe9}, /* sky blue */
    {0xcc, 0x79, 0xa7}, /* reddish purple */
    {0xf0, 0xe4, 0x42}, /* yellow */
    {0x99, 0x99, 0x99}, /* grey */
};
static const unsigned char REL_PAL[NPAL][3] = {
    {0x00, 0x72, 0xb2}, {0xd5, 0x5e, 0x00}, {0x00, 0x9e, 0x73}, {0xcc, 0x79, 0xa7},
    {0xe6, 0x9f, 0x00}, {0x56, 0xb4, 0xe9}, {0x00, 0x00, 0x00}, {0x88, 0x88, 0x88},
};
#define NSHAPE 8
static const char *const TYPE_SHAPE[NSHAPE] = {"ellipse", "box",      "hexagon", "octagon",
                                               "house",   "cylinder", "note",    "component"};
static const char *const REL_STYLE[4] = {"solid", "dashed", "dotted", "bold"};
/* Names the pack does not list take a place from a hash of the name, past
 * the pack's own places: 64 places give 8 colours times 8 shapes. */
#define NHASHED 64

static const char *const LAYOUTS[] = {"dot", "neato", "fdp", "sfdp", "circo", "auto"};
#define NLAYOUTS (sizeof LAYOUTS / sizeof LAYOUTS[0])

/* ---- options ---- */

static bool is_hex_color(const char *c)
{
    return c && c[0] == '#' && strlen(c) == 7 && strspn(c + 1, "0123456789abcdefABCDEF") == 6;
}

/* A library caller's styles must hold what the rule loader accepts. */
static int check_styles(const kg_rules_style *s, size_t n, const char *const *names,
                        const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (!s[i].name) return kg_error_set(KG_EUSAGE, "style %zu has no name", i);
        if (s[i].color && !is_hex_color(s[i].color))
            return kg_error_set(KG_EUSAGE, "style of '%s': invalid colour '%s' (use #rrggbb)",
                                s[i].name, s[i].color);
        bool ok = !s[i].shape;
        for (size_t k = 0; !ok && names[k]; k++) ok = strcmp(s[i].shape, names[k]) == 0;
        if (!ok)
            return kg_error_set(KG_EUSAGE, "style of '%s': unknown %s '%s'", s[i].name, what,
                                s[i].shape);
    }
    return 0;
}

int kgx_parse_page(const char *spec, double *w, double *h)
{
    /* Named pages are the text block of the sheet with 1-inch margins, less
     * half an inch for a caption, so figure and caption share a page. */
    if (strcasecmp(spec, "letter") == 0) {
        *w = 6.5 * 72;
        *h = 8.5 * 72;
        return 0;
    }
    if (strcasecmp(spec, "a4") == 0) {
        *w = (210.0 - 50.8) / 25.4 * 72;
        *h = (297.0 - 50.8) / 25.4 * 72 - 36;
        return 0;
    }
    char *end;
    double a = strtod(spec, &end);
    double b = 0;
    bool ok = end != spec && (*end == 'x' || *end == 'X');
    if (ok) {
        const char *p = end + 1;
        b = strtod(p, &end);
        ok = end != p;
    }
    double unit = 0;
    if (ok && strcmp(end, "in") == 0) unit = 72;
    else if (ok && strcmp(end, "cm") == 0) unit = 72 / 2.54;
    else if (ok && strcmp(end, "mm") == 0) unit = 72 / 25.4;
    if (!unit || !(a > 0) || !(b > 0) || a * unit < 72 || b * unit < 72 || a * unit > 7200 ||
        b * unit > 7200)
        return kg_error_set(KG_EUSAGE,
                            "invalid page '%s' (use a4, letter or WIDTHxHEIGHT with a unit in, "
                            "cm or mm, e.g. 16x20cm; each side 1 to 100 inches)",
                            spec);
    *w = a * unit;
    *h = b * unit;
    return 0;
}

int kgx_opts_resolve(kgx_opts *o, const kg_export_options *in)
{
    static const kg_export_options defaults = KG_EXPORT_OPTIONS_INIT;
    if (!in) in = &defaults;
    memset(o, 0, sizeof *o);
    o->user = in;
    o->no_fixed_size = in->no_fixed_size;
    o->csv_neo4j = in->csv_neo4j;
    o->max_drawn = in->max_drawn_nodes ? in->max_drawn_nodes : KG_EXPORT_MAX_DRAWN_NODES;
    o->max_drawn_edges = in->max_drawn_edges;
    if (!in->layout || strcmp(in->layout, "auto") == 0) {
        o->layout_auto = true;
    } else {
        for (size_t i = 0; i < NLAYOUTS; i++)
            if (strcmp(in->layout, LAYOUTS[i]) == 0) o->layout = LAYOUTS[i];
        if (!o->layout) {
            return kg_error_set(KG_ENOTFOUND, "unknown layout '%s'%s", in->layout,
                                kg_suggest(in->layout, LAYOUTS, NLAYOUTS, true));
        }
    }
    int m = kg_graph_measure_index(in->size_by ? in->size_by : "pagerank");
    if (m < 0) return m;
    o->size_by = m;
    int rc = check_styles(in->type_styles, in->ntype_styles, kg_style_shapes, "shape");
    if (rc == 0) rc = check_styles(in->rel_styles, in->nrel_styles, kg_style_lines, "line style");
    if (rc == 0 && in->page) rc = kgx_parse_page(in->page, &o->page_w, &o->page_h);
    if (rc) return rc;
    o->page = in->page != NULL;
    const char *ip = in->id_prefix;
    if (ip && *ip &&
        (!((*ip >= 'A' && *ip <= 'Z') || (*ip >= 'a' && *ip <= 'z') || *ip == '_') ||
         ip[strspn(ip, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")] ||
         strlen(ip) > 64))
        return kg_error_set(KG_EUSAGE,
                            "invalid id prefix '%s' (use up to 64 letters, digits, '_', '.' "
                            "and '-', starting with a letter or '_')",
                            ip);
    o->font_min = in->font_min > 0 ? in->font_min : KG_EXPORT_FONT_MIN;
    if (in->font_min < 0 || in->font_min > 72)
        return kg_error_set(KG_EUSAGE, "font_min %g pt is out of range (0 to 72)", in->font_min);
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

void kgx_style_init(kgx_style *st, const kg_graph *g, const kgx_opts *o)
{
    memset(st, 0, sizeof *st);
    st->g = g;
    st->types = kg_graph_types(g, &st->ntypes);
    st->rels = kg_graph_relations(g, &st->nrels);
    st->size_by = o->size_by;
    st->user = o->user;
    /* in page mode central names grow less, so more of them fit */
    st->font_span = o->page ? 4 : 8;
    st->page = o->page;
    size_t n = kg_graph_node_count(g);
    for (size_t i = 0; i < n; i++) {
        double v = kg_graph_node(g, i)->measures[st->size_by];
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

/* The place of `name` in the pack's list, or one from a hash of the name
 * (FNV-1a) when the list does not hold it; *style is its entry or NULL. */
static size_t place(const kg_rules_style *list, size_t n, const char *name,
                    const kg_rules_style **style)
{
    *style = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0) {
            *style = &list[i];
            return i;
        }
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h % NHASHED;
}

static void hex(char out[8], const unsigned char rgb[3])
{
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* rgb moved towards white (t > 0) or black (t < 0) by |t|. */
static void mix(char out[8], const unsigned char rgb[3], double t)
{
    unsigned char m[3];
    for (int k = 0; k < 3; k++) {
        double v = t >= 0 ? rgb[k] + (255 - rgb[k]) * t : rgb[k] * (1 + t);
        m[k] = (unsigned char)(v + 0.5);
    }
    hex(out, m);
}

static void parse_hex(const char *c, unsigned char rgb[3])
{
    for (int k = 0; k < 3; k++) {
        char h[3] = {c[1 + 2 * k], c[2 + 2 * k], 0};
        rgb[k] = (unsigned char)strtol(h, NULL, 16);
    }
}

kgx_look kgx_type_look(const kgx_style *st, size_t ti)
{
    kgx_look l;
    const kg_rules_style *s;
    const kg_export_options *u = st->user;
    size_t p = place(u ? u->type_styles : NULL, u ? u->ntype_styles : 0, st->types[ti], &s);
    if (s && s->color) {
        unsigned char rgb[3];
        parse_hex(s->color, rgb);
        hex(l.fill, rgb);
        mix(l.border, rgb, -0.45);
    } else {
        mix(l.fill, OKABE_ITO[p % NPAL], 0.55);
        mix(l.border, OKABE_ITO[p % NPAL], -0.3);
    }
    l.shape = s && s->shape ? s->shape : TYPE_SHAPE[(p + p / NPAL) % NSHAPE];
    return l;
}

kgx_look kgx_rel_look(const kgx_style *st, size_t ri)
{
    kgx_look l;
    const kg_rules_style *s;
    const kg_export_options *u = st->user;
    size_t p = place(u ? u->rel_styles : NULL, u ? u->nrel_styles : 0, st->rels[ri], &s);
    if (s && s->color) {
        unsigned char rgb[3];
        parse_hex(s->color, rgb);
        hex(l.fill, rgb);
    } else {
        hex(l.fill, REL_PAL[p % NPAL]);
    }
    memcpy(l.border, l.fill, sizeof l.border);
    l.shape = s && s->shape ? s->shape : REL_STYLE[(p / NPAL) % 4];
    return l;
}

void kgx_node_color(const kgx_style *st, size_t i, char out[8])
{
    kgx_look l = kgx_type_look(st, kgx_type_index(st, kg_graph_node(st->g, i)->type));
    memcpy(out, l.fill, 8);
}

void kgx_edge_color(const kgx_style *st, size_t j, char out[8])
{
    kgx_look l = kgx_rel_look(st, kgx_rel_index(st, kg_graph_edge(st->g, j)->relation));
    memcpy(out, l.fill, 8);
}

void kgx_type_rgb(const kgx_style *st, size_t ti, int rgb[3])
{
    kgx_look l = kgx_type_look(st, ti);
    unsigned char c[3];
    parse_hex(l.fill, c);
    for (int k = 0; k < 3; k++) rgb[k] = c[k];
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

double kgx_node_fontsize(const kgx_style *st, size_t i)
{
    /* one decimal, as written into DOT, so page mode measures what is drawn */
    return round((10.0 + st->font_span * kgx_node_scale(st, i)) * 10) / 10;
}

double kgx_edge_penwidth(size_t weight)
{
    double w = 1.0 + 1.5 * log2(weight > 1 ? (double)weight : 1.0);
    return w > 6.0 ? 6.0 : w;
}

/* ---- text ---- */

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

void kgx_clean(kg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *end = p + strlen((const char *)p);
    while (*p) {
        uint32_t cp;
        size_t n = kg_utf8_next(p, (size_t)(end - p), &cp);
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
