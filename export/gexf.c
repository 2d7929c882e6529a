/*
 * export/gexf.c: the graph as GEXF 1.2 (namespace http://www.gexf.net/1.2draft,
 * viz namespace .../1.2draft/viz), Gephi's own format, written with
 * libxml2's xmlTextWriter.
 *
 *   <gexf version="1.2"><meta> creator, description ("knowledge graph: N
 *     nodes, M edges; betweenness and closeness: exact", the method as
 *     kg_graph_path_method says it, "skipped" with no_paths) </meta>
 *     <graph mode="static" defaultedgetype="directed">
 *       <attributes class="node"> entity_type, mentions, documents,
 *         component, community (long), one double per measure, one string
 *         per node attribute key (gexf_attr_name) </attributes>
 *       <attributes class="edge"> relation, symmetric, documents, rules,
 *         first_doc, first_line, first_evidence </attributes>
 *       <node id="n<i>" label="name"> attvalues, viz:color (the type's
 *         colour), viz:size (kgx_node_size: 10 to 50 by size_by),
 *         viz:position (x, y in points from the Graphviz layout, z 0) </node>
 *       <edge id="e<j>" source target label="relation" kind="relation"
 *         [type="undirected"] weight="w"> ...
 *
 * Why these choices (docs/formats.md has the reader-by-reader story):
 *
 *  - version="1.2": the only value the 1.2 schema allows; Gephi warns
 *    "undefined version" on anything it does not know, such as "1.2draft".
 *    The namespace stays .../1.2draft, which is what every reader looks for.
 *  - kind="<relation>" (a GEXF 1.3 edge attribute that Gephi reads in any
 *    version): Gephi merges parallel edges of the same kind on import, so
 *    without it two relations between one pair would become one edge.
 *  - with the undirected_symmetric option, type="undirected" on the edges
 *    of symmetric relations, so Gephi draws them without arrows (the graph
 *    is then "mixed").  Off by default, because NetworkX refuses such an
 *    edge in a directed graph; docs/formats.md shows both ways.
 *  - The entity type is the node attribute "entity_type", not "type":
 *    sigma.js (and so Gephi Lite) reads a node's "type" as the name of its
 *    renderer and fails on "COMPANY".  For the same reason a gazetteer
 *    attribute named entity_type is written attr_entity_type.
 *
 * The writer streams onto the output (kgx_xml_writer, export/xmlw.c),
 * after the positions are computed, so a Graphviz failure writes nothing
 * and the document is never held whole in memory.
 *
 * Positions come from kgx_positions: the SVG's layout of what the SVG draws
 * (at most max_drawn nodes and the edge cap's edges), so they take seconds
 * however large the graph; a node the SVG leaves out has no viz:position
 * (a note says so) and Gephi places it itself.  Positions are written "%.2f", measures
 * "%.10g".
 */
#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "export/xmlw.h"

#define X(s) ((const xmlChar *)(s))

static const char *const NODE_ATTRS[][2] = {
    {"entity_type", "string"}, {"mentions", "long"}, {"documents", "long"},
    {"component", "long"}, {"community", "long"}};
static const char *const EDGE_ATTRS[][2] = {
    {"relation", "string"}, {"symmetric", "boolean"}, {"documents", "long"},
    {"rules", "string"}, {"first_doc", "string"}, {"first_line", "long"},
    {"first_evidence", "string"}};
#define NATTR(a) (sizeof(a) / sizeof((a)[0]))

/* kgx_attr_name, and attr_entity_type for a key that would take the place
 * of this format's own entity_type. */
static const char *gexf_attr_name(const char *key, char *buf)
{
    if (strcmp(key, "entity_type") == 0) {
        snprintf(buf, KGX_ATTR_NAME, "attr_%s", key);
        return buf;
    }
    return kgx_attr_name(key, buf);
}

static int w_attr_decl(xmlTextWriterPtr w, const char *name, const char *type)
{
    int rc = xmlTextWriterStartElement(w, X("attribute"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(name));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("title"), X(name));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("type"), X(type));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

static int w_attvalue(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *clean = kgx_cleandup(value);
    int rc = xmlTextWriterStartElement(w, X("attvalue"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("for"), X(name));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("value"), X(clean));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    free(clean);
    return rc;
}

static int w_attvalue_size(xmlTextWriterPtr w, const char *name, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    return w_attvalue(w, name, buf);
}

static int w_clean_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *clean = kgx_cleandup(value);
    int rc = xmlTextWriterWriteAttribute(w, X(name), X(clean));
    free(clean);
    return rc;
}

static int w_node(xmlTextWriterPtr w, const kgx_style *st, const double *xy, size_t i)
{
    const kg_node *n = kg_graph_node(st->g, i);
    char buf[64];
    snprintf(buf, sizeof buf, "n%zu", i);
    int rc = xmlTextWriterStartElement(w, X("node"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(buf));
    if (rc >= 0) rc = w_clean_attr(w, "label", n->name);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("attvalues"));
    if (rc >= 0) rc = w_attvalue(w, "entity_type", n->type);
    if (rc >= 0) rc = w_attvalue_size(w, "mentions", n->mentions);
    if (rc >= 0) rc = w_attvalue_size(w, "documents", n->documents);
    if (rc >= 0) rc = w_attvalue_size(w, "component", n->component);
    if (rc >= 0) rc = w_attvalue_size(w, "community", n->community);
    for (int m = 0; rc >= 0 && m < KG_MEASURE_COUNT; m++) {
        kgx_fmt_real(buf, n->measures[m]);
        rc = w_attvalue(w, kg_graph_measure_names[m], buf);
    }
    char an[KGX_ATTR_NAME];
    for (size_t k = 0; rc >= 0 && k < n->nattrs; k++)
        rc = w_attvalue(w, gexf_attr_name(n->attrs[k].key, an), n->attrs[k].value);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    int rgb[3];
    kgx_type_rgb(st, kgx_type_index(st, n->type), rgb);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("viz:color"));
    for (int k = 0; rc >= 0 && k < 3; k++) {
        snprintf(buf, sizeof buf, "%d", rgb[k]);
        rc = xmlTextWriterWriteAttribute(w, X(k == 0 ? "r" : k == 1 ? "g" : "b"), X(buf));
    }
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("viz:size"));
    kgx_fmt_real(buf, kgx_node_size(st, i));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("value"), X(buf));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    if (rc >= 0 && xy && !isnan(xy[2 * i])) { /* NAN: not drawn, no position */
        rc = xmlTextWriterStartElement(w, X("viz:position"));
        snprintf(buf, sizeof buf, "%.2f", xy[2 * i]);
        if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("x"), X(buf));
        snprintf(buf, sizeof buf, "%.2f", xy[2 * i + 1]);
        if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("y"), X(buf));
        if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("z"), X("0.0"));
        if (rc >= 0) rc = xmlTextWriterEndElement(w);
    }
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

static int w_edge(xmlTextWriterPtr w, const kg_graph *g, size_t j, bool undirected_symmetric)
{
    const kg_gedge *e = kg_graph_edge(g, j);
    char buf[32];
    int rc = xmlTextWriterStartElement(w, X("edge"));
    snprintf(buf, sizeof buf, "e%zu", j);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("id"), X(buf));
    snprintf(buf, sizeof buf, "n%zu", e->source);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("source"), X(buf));
    snprintf(buf, sizeof buf, "n%zu", e->target);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("target"), X(buf));
    if (rc >= 0) rc = w_clean_attr(w, "label", e->relation);
    if (rc >= 0) rc = w_clean_attr(w, "kind", e->relation);
    if (rc >= 0 && e->symmetric && undirected_symmetric)
        rc = xmlTextWriterWriteAttribute(w, X("type"), X("undirected"));
    snprintf(buf, sizeof buf, "%zu", e->weight);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("weight"), X(buf));
    kg_buf rules = KG_BUF_INIT;
    kgx_rules_joined(&rules, e);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("attvalues"));
    if (rc >= 0) rc = w_attvalue(w, "relation", e->relation);
    if (rc >= 0) rc = w_attvalue(w, "symmetric", e->symmetric ? "true" : "false");
    if (rc >= 0) rc = w_attvalue_size(w, "documents", e->documents);
    if (rc >= 0) rc = w_attvalue(w, "rules", rules.ptr);
    if (rc >= 0) rc = w_attvalue(w, "first_doc", e->first.doc ? e->first.doc : "");
    if (rc >= 0) rc = w_attvalue_size(w, "first_line", e->first.line);
    if (rc >= 0) rc = w_attvalue(w, "first_evidence", e->first.text ? e->first.text : "");
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    kg_buf_free(&rules);
    return rc;
}

static int w_attributes(xmlTextWriterPtr w, const kg_graph *g, const char *cls)
{
    int rc = xmlTextWriterStartElement(w, X("attributes"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("class"), X(cls));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("mode"), X("static"));
    if (strcmp(cls, "node") == 0) {
        for (size_t k = 0; rc >= 0 && k < NATTR(NODE_ATTRS); k++)
            rc = w_attr_decl(w, NODE_ATTRS[k][0], NODE_ATTRS[k][1]);
        for (int m = 0; rc >= 0 && m < KG_MEASURE_COUNT; m++)
            rc = w_attr_decl(w, kg_graph_measure_names[m], "double");
        size_t nak;
        const char *const *ak = kg_graph_attr_keys(g, &nak);
        char an[KGX_ATTR_NAME];
        for (size_t k = 0; rc >= 0 && k < nak; k++)
            rc = w_attr_decl(w, gexf_attr_name(ak[k], an), "string");
    } else {
        for (size_t k = 0; rc >= 0 && k < NATTR(EDGE_ATTRS); k++)
            rc = w_attr_decl(w, EDGE_ATTRS[k][0], EDGE_ATTRS[k][1]);
    }
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

static int write_doc(xmlTextWriterPtr w, const kgx_style *st, const double *xy,
                     bool undirected_symmetric)
{
    const kg_graph *g = st->g;
    /* how betweenness and closeness were computed, as graph.json's
     * "paths" says it (GEXF has no other graph-level field for it) */
    char desc[160];
    const char *paths = kg_graph_path_method(g);
    snprintf(desc, sizeof desc, "knowledge graph: %zu nodes, %zu edges%s%s",
             kg_graph_node_count(g), kg_graph_edge_count(g),
             *paths ? "; betweenness and closeness: " : "", paths);
    int rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("gexf"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.gexf.net/1.2draft"));
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, X("xmlns:viz"), X("http://www.gexf.net/1.2draft/viz"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("version"), X("1.2"));
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("meta"));
    if (rc >= 0) rc = xmlTextWriterWriteElement(w, X("creator"), X("kgraph"));
    if (rc >= 0) rc = xmlTextWriterWriteElement(w, X("description"), X(desc));
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("graph"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("mode"), X("static"));
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, X("defaultedgetype"), X("directed"));
    if (rc >= 0) rc = w_attributes(w, g, "node");
    if (rc >= 0) rc = w_attributes(w, g, "edge");
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("nodes"));
    for (size_t i = 0; rc >= 0 && i < kg_graph_node_count(g); i++) rc = w_node(w, st, xy, i);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    if (rc >= 0) rc = xmlTextWriterStartElement(w, X("edges"));
    for (size_t j = 0; rc >= 0 && j < kg_graph_edge_count(g); j++) rc = w_edge(w, g, j, undirected_symmetric);
    if (rc >= 0) rc = xmlTextWriterEndDocument(w);
    return rc;
}

int kgx_write_gexf(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    kgx_style st;
    kgx_style_init(&st, g, o);
    double *xy = NULL;
    /* positions first: a Graphviz failure writes nothing */
    int rc = kgx_positions(&xy, &st, o, "GEXF");
    if (rc == 0) {
        xmlTextWriterPtr w = kgx_xml_writer(fp);
        if (!w) {
            rc = kg_error_set(KG_EOUTPUT, "GEXF: cannot create an XML writer");
        } else {
            xmlTextWriterSetIndent(w, 1);
            xmlTextWriterSetIndentString(w, X("  "));
            int wr = write_doc(w, &st, xy, o->user->undirected_symmetric);
            xmlFreeTextWriter(w); /* flushes */
            if (wr < 0 || ferror(fp))
                rc = kg_error_set(KG_EOUTPUT, "%s", ferror(fp) ? "write failed"
                                                               : "GEXF: the XML writer failed");
        }
    }
    free(xy);
    return rc;
}
