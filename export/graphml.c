/*
 * export/graphml.c: the graph as GraphML (http://graphml.graphdrawing.org),
 * written with libxml2's xmlTextWriter, which escapes every value.
 *
 * One <key> per attribute, typed (string, long, double, int, boolean), with
 * the attribute's name as attr.name and "n_" / "e_" plus the name as its id:
 *
 *   node: label (the name; Gephi shows it), type, mentions, documents,
 *         component, community, one double per measure, then the drawing
 *         x, y (points, the SVG's layout; only on the nodes the SVG
 *         draws, see kgx_positions), size (10 to 50 by size_by),
 *         r, g, b (the type's fill colour), and one string per node
 *         attribute key of the graph (graphml_attr_name), written only on
 *         the nodes that have it
 *   edge: label (the relation again, for Gephi), relation, symmetric,
 *         weight, documents, rules (joined by ';'), first_doc, first_line,
 *         first_evidence
 *
 * x, y, size, r, g, b are the names Gephi's GraphML importer takes as
 * position, size and colour (it looks a key up by id, then by attr.name), so
 * Gephi opens the file as the SVG draws it instead of grey and at random.
 * A gazetteer attribute with one of the names Gephi reads that way (x, y,
 * z, xpos, ypos, size, r, g, b, color) is written attr_<key>.
 *
 * The graph is directed (edgedefault="directed"); a symmetric relation's
 * edge appears once, with symmetric=true, and with the undirected_symmetric
 * option also directed="false", so Gephi and yEd draw it without an arrow
 * (off by default: NetworkX refuses such an edge in a directed graph;
 * docs/formats.md shows how to read the file anyway).  Nodes "n<i>"
 * and edges "e<j>" keep the graph's order; parallel edges stay apart by
 * their ids, which NetworkX uses as multigraph keys.  The writer streams
 * onto the output (kgx_xml_writer, export/xmlw.c), after the positions
 * are computed, so a Graphviz failure writes nothing and the document is
 * never held whole in memory.  Text is passed
 * through kgx_clean first, since XML 1.0 cannot hold most control
 * characters at all.
 */
#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "export/xmlw.h"

typedef struct key {
    const char *name, *type;
} key;

static const key NODE_KEYS[] = {
    {"label", "string"}, {"type", "string"}, {"mentions", "long"}, {"documents", "long"},
    {"component", "long"}, {"community", "long"}};
static const key EDGE_KEYS[] = {
    {"label", "string"},     {"relation", "string"}, {"symmetric", "boolean"},
    {"weight", "long"},      {"documents", "long"},  {"rules", "string"},
    {"first_doc", "string"}, {"first_line", "long"}, {"first_evidence", "string"}};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))
#define X(s) ((const xmlChar *)(s))

/* Drawing keys; x and y only when there are positions. */
static const key VIZ_KEYS[] = {
    {"x", "double"}, {"y", "double"}, {"size", "double"},
    {"r", "int"},    {"g", "int"},    {"b", "int"}};

/* kgx_attr_name, and attr_<key> for the names Gephi's GraphML importer
 * reads as drawing properties rather than as data. */
static const char *graphml_attr_name(const char *name, char *buf)
{
    static const char *const gephi[] = {"x", "y", "z", "xpos", "ypos", "size",
                                        "r", "g", "b", "color"};
    for (size_t k = 0; k < NKEYS(gephi); k++)
        if (strcmp(name, gephi[k]) == 0) {
            snprintf(buf, KGX_ATTR_NAME, "attr_%s", name);
            return buf;
        }
    return kgx_attr_name(name, buf);
}

static int w_key(xmlTextWriterPtr w, const char *for_, const char *name, const char *type)
{
    char id[KGX_ATTR_NAME + 4];
    snprintf(id, sizeof id, "%c_%s", for_[0], name);
    int rc = xmlTextWriterStartElement(w, X("key"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(id));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("for"), X(for_));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("attr.name"), X(name));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("attr.type"), X(type));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

/* <data key="n_name">value</data>, value cleaned. */
static int w_data(xmlTextWriterPtr w, char kind, const char *name, const char *value)
{
    char id[KGX_ATTR_NAME + 4];
    snprintf(id, sizeof id, "%c_%s", kind, name);
    char *clean = kgx_cleandup(value);
    int rc = xmlTextWriterStartElement(w, X("data"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("key"), X(id));
    if (rc >= 0) rc = xmlTextWriterWriteString(w, X(clean));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    free(clean);
    return rc;
}

static int w_data_size(xmlTextWriterPtr w, char kind, const char *name, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    return w_data(w, kind, name, buf);
}

static int w_node(xmlTextWriterPtr w, const kgx_style *st, const double *xy, size_t i)
{
    const kg_graph *g = st->g;
    const kg_node *n = kg_graph_node(g, i);
    char id[32], buf[32];
    snprintf(id, sizeof id, "n%zu", i);
    int rc = xmlTextWriterStartElement(w, X("node"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(id));
    if (rc >= 0) rc = w_data(w, 'n', "label", n->name);
    if (rc >= 0) rc = w_data(w, 'n', "type", n->type);
    if (rc >= 0) rc = w_data_size(w, 'n', "mentions", n->mentions);
    if (rc >= 0) rc = w_data_size(w, 'n', "documents", n->documents);
    if (rc >= 0) rc = w_data_size(w, 'n', "component", n->component);
    if (rc >= 0) rc = w_data_size(w, 'n', "community", n->community);
    for (int m = 0; rc >= 0 && m < KG_MEASURE_COUNT; m++) {
        kgx_fmt_real(buf, n->measures[m]);
        rc = w_data(w, 'n', kg_graph_measure_names[m], buf);
    }
    if (xy && !isnan(xy[2 * i])) { /* NAN: not drawn, no position */
        snprintf(buf, sizeof buf, "%.2f", xy[2 * i]);
        if (rc >= 0) rc = w_data(w, 'n', "x", buf);
        snprintf(buf, sizeof buf, "%.2f", xy[2 * i + 1]);
        if (rc >= 0) rc = w_data(w, 'n', "y", buf);
    }
    kgx_fmt_real(buf, kgx_node_size(st, i));
    if (rc >= 0) rc = w_data(w, 'n', "size", buf);
    int rgb[3];
    kgx_type_rgb(st, kgx_type_index(st, n->type), rgb);
    for (int k = 0; rc >= 0 && k < 3; k++) {
        snprintf(buf, sizeof buf, "%d", rgb[k]);
        rc = w_data(w, 'n', k == 0 ? "r" : k == 1 ? "g" : "b", buf);
    }
    char an[KGX_ATTR_NAME];
    for (size_t k = 0; rc >= 0 && k < n->nattrs; k++)
        rc = w_data(w, 'n', graphml_attr_name(n->attrs[k].key, an), n->attrs[k].value);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

static int w_edge(xmlTextWriterPtr w, const kg_graph *g, size_t j, bool undirected_symmetric)
{
    const kg_gedge *e = kg_graph_edge(g, j);
    char id[32], s[32], t[32];
    snprintf(id, sizeof id, "e%zu", j);
    snprintf(s, sizeof s, "n%zu", e->source);
    snprintf(t, sizeof t, "n%zu", e->target);
    kg_buf rules = KG_BUF_INIT;
    kgx_rules_joined(&rules, e);
    int rc = xmlTextWriterStartElement(w, X("edge"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(id));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("source"), X(s));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("target"), X(t));
    if (rc >= 0 && e->symmetric && undirected_symmetric)
        rc = xmlTextWriterWriteAttribute(w, X("directed"), X("false"));
    if (rc >= 0) rc = w_data(w, 'e', "label", e->relation);
    if (rc >= 0) rc = w_data(w, 'e', "relation", e->relation);
    if (rc >= 0) rc = w_data(w, 'e', "symmetric", e->symmetric ? "true" : "false");
    if (rc >= 0) rc = w_data_size(w, 'e', "weight", e->weight);
    if (rc >= 0) rc = w_data_size(w, 'e', "documents", e->documents);
    if (rc >= 0) rc = w_data(w, 'e', "rules", rules.ptr);
    if (rc >= 0) rc = w_data(w, 'e', "first_doc", e->first.doc ? e->first.doc : "");
    if (rc >= 0) rc = w_data_size(w, 'e', "first_line", e->first.line);
    if (rc >= 0) rc = w_data(w, 'e', "first_evidence", e->first.text ? e->first.text : "");
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    kg_buf_free(&rules);
    return rc;
}

int kgx_write_graphml(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kgx_style st;
    kgx_style_init(&st, g, o);
    double *xy = NULL;
    /* positions first: a Graphviz failure writes nothing */
    int out = kgx_positions(&xy, &st, o, "GraphML");
    if (out) return out;
    xmlTextWriterPtr w = kgx_xml_writer(fp);
    if (!w) {
        free(xy);
        return kg_error_set(KG_EOUTPUT, "GraphML: cannot create an XML writer");
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    int rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("graphml"));
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://graphml.graphdrawing.org/xmlns"));
    for (size_t k = 0; rc >= 0 && k < NKEYS(NODE_KEYS); k++)
        rc = w_key(w, "node", NODE_KEYS[k].name, NODE_KEYS[k].type);
    for (int m = 0; rc >= 0 && m < KG_MEASURE_COUNT; m++)
        rc = w_key(w, "node", kg_graph_measure_names[m], "double");
    for (size_t k = xy ? 0 : 2; rc >= 0 && k < NKEYS(VIZ_KEYS); k++)
        rc = w_key(w, "node", VIZ_KEYS[k].name, VIZ_KEYS[k].type);
    size_t nak;
    const char *const *ak = kg_graph_attr_keys(g, &nak);
    char an[KGX_ATTR_NAME];
    for (size_t k = 0; rc >= 0 && k < nak; k++)
        rc = w_key(w, "node", graphml_attr_name(ak[k], an), "string");
    for (size_t k = 0; rc >= 0 && k < NKEYS(EDGE_KEYS); k++)
        rc = w_key(w, "edge", EDGE_KEYS[k].name, EDGE_KEYS[k].type);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("graph"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X("kgraph"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("edgedefault"), X("directed"));
    for (size_t i = 0; rc >= 0 && i < kg_graph_node_count(g); i++) rc = w_node(w, &st, xy, i);
    for (size_t j = 0; rc >= 0 && j < kg_graph_edge_count(g); j++) rc = w_edge(w, g, j, o->user->undirected_symmetric);
    if (rc >= 0) rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w); /* flushes */
    free(xy);
    if (rc < 0 || ferror(fp))
        out = kg_error_set(KG_EOUTPUT, "%s", ferror(fp) ? "write failed"
                                                        : "GraphML: the XML writer failed");
    return out;
}
