/*
 * export/json.c: the graph as node-link JSON, the layout NetworkX's
 * node_link_graph() reads and D3's force layout loads as it is:
 *
 *   {"directed": true, "multigraph": true,
 *    "graph": {"name": "kgraph", "nodes": N, "edges": M, "components": C,
 *              "communities": K, "modularity": Q, "paths": how betweenness
 *              and closeness were computed (kg_graph_path_method)},
 *    "nodes": [{"id": "n0", "label": name, "type", "mentions", "documents",
 *               "forms": [surface forms], "component", "community",
 *               one number per measure, one string per attribute of the
 *               node (its key as kgx_attr_name gives it)}, ...],
 *    "links": [{"source": "n0", "target": "n3", "key": "e0", "id": "e0",
 *               "relation", "symmetric", "weight", "documents",
 *               "rules": [...], "first_doc", "first_line",
 *               "first_evidence"}, ...]}
 *
 * Built with the util/json.h veneer (jansson), which escapes strings and
 * prints reals with 10 significant digits; written indented by 2.  The
 * multigraph flag is always true so that parallel edges of different
 * relations keep their keys.
 *
 * Streamed: one node or link is built as a jansson object, written with
 * kg_json_write_nested at its depth and freed before the next, and this
 * file writes the brackets and commas between them, so memory stays at one
 * element whatever the size of the graph (a single jansson tree of a
 * 200,000-node, 1,000,000-edge graph peaked at 3.26 GB).  The bytes are
 * those jansson writes for the whole document (tests/export golden files).
 */
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "util/json.h"

static void set_clean(kg_json *obj, const char *key, const char *s)
{
    char *c = kgx_cleandup(s ? s : "");
    kg_json_set_str(obj, key, c);
    free(c);
}

static kg_json *node_json(const kg_graph *g, size_t i)
{
    const kg_node *n = kg_graph_node(g, i);
    kg_json *o = kg_json_object();
    char id[32];
    snprintf(id, sizeof id, "n%zu", i);
    kg_json_set_str(o, "id", id);
    set_clean(o, "label", n->name);
    set_clean(o, "type", n->type);
    kg_json_set_int(o, "mentions", (long long)n->mentions);
    kg_json_set_int(o, "documents", (long long)n->documents);
    kg_json *forms = kg_json_array();
    for (size_t k = 0; k < n->nforms; k++) {
        char *c = kgx_cleandup(n->forms[k]);
        kg_json_append(forms, kg_json_string(c, strlen(c)));
        free(c);
    }
    kg_json_set(o, "forms", forms);
    kg_json_set_int(o, "component", (long long)n->component);
    kg_json_set_int(o, "community", (long long)n->community);
    for (int m = 0; m < KG_MEASURE_COUNT; m++)
        kg_json_set(o, kg_graph_measure_names[m],
                    kg_json_real(n->measures[m] == 0 ? 0.0 : n->measures[m]));
    char an[KGX_ATTR_NAME];
    for (size_t k = 0; k < n->nattrs; k++)
        set_clean(o, kgx_attr_name(n->attrs[k].key, an), n->attrs[k].value);
    return o;
}

static kg_json *link_json(const kg_graph *g, size_t j)
{
    const kg_gedge *e = kg_graph_edge(g, j);
    kg_json *o = kg_json_object();
    char buf[32];
    snprintf(buf, sizeof buf, "n%zu", e->source);
    kg_json_set_str(o, "source", buf);
    snprintf(buf, sizeof buf, "n%zu", e->target);
    kg_json_set_str(o, "target", buf);
    snprintf(buf, sizeof buf, "e%zu", j);
    kg_json_set_str(o, "key", buf);
    kg_json_set_str(o, "id", buf);
    set_clean(o, "relation", e->relation);
    kg_json_set(o, "symmetric", kg_json_bool(e->symmetric));
    kg_json_set_int(o, "weight", (long long)e->weight);
    kg_json_set_int(o, "documents", (long long)e->documents);
    kg_json *rules = kg_json_array();
    for (size_t k = 0; k < e->nrules; k++) {
        char *c = kgx_cleandup(e->rules[k]);
        kg_json_append(rules, kg_json_string(c, strlen(c)));
        free(c);
    }
    kg_json_set(o, "rules", rules);
    set_clean(o, "first_doc", e->first.doc);
    kg_json_set_int(o, "first_line", (long long)e->first.line);
    set_clean(o, "first_evidence", e->first.text);
    return o;
}

/* fputs, or KG_EOUTPUT. */
static int put(FILE *fp, const char *s)
{
    return fputs(s, fp) == EOF ? kg_error_set(KG_EOUTPUT, "write failed") : 0;
}

/* Write the root member "KEY": [...] holding elem(g, 0 .. count-1), each
 * at depth 2, as jansson writes it ("[]" when empty), then "," unless it
 * is the last member. */
static int write_array(FILE *fp, const kg_graph *g, const char *key, size_t count,
                       kg_json *(*elem)(const kg_graph *, size_t), bool last)
{
    int rc = put(fp, "  \"");
    if (rc == 0) rc = put(fp, key); /* a fixed key: nothing to escape */
    if (rc == 0) rc = put(fp, "\": [");
    for (size_t k = 0; rc == 0 && k < count; k++) {
        rc = put(fp, k ? ",\n    " : "\n    ");
        kg_json *e = elem(g, k);
        if (rc == 0) rc = kg_json_write_nested(fp, e, 2);
        kg_json_free(e);
    }
    if (rc == 0) rc = put(fp, count ? "\n  ]" : "]");
    if (rc == 0) rc = put(fp, last ? "\n" : ",\n");
    return rc;
}

int kgx_write_json(const kg_graph *g, const kgx_opts *o, FILE *fp)
{
    (void)o;
    size_t n = kg_graph_node_count(g), m = kg_graph_edge_count(g);
    kg_json *ga = kg_json_object();
    kg_json_set_str(ga, "name", "kgraph");
    kg_json_set_int(ga, "nodes", (long long)n);
    kg_json_set_int(ga, "edges", (long long)m);
    kg_json_set_int(ga, "components", (long long)kg_graph_component_count(g));
    kg_json_set_int(ga, "communities", (long long)kg_graph_community_count(g));
    double q = kg_graph_modularity(g);
    kg_json_set(ga, "modularity", kg_json_real(q == 0 ? 0.0 : q));
    kg_json_set_str(ga, "paths", kg_graph_path_method(g));
    int rc = put(fp, "{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": ");
    if (rc == 0) rc = kg_json_write_nested(fp, ga, 1);
    kg_json_free(ga);
    if (rc == 0) rc = put(fp, ",\n");
    if (rc == 0) rc = write_array(fp, g, "nodes", n, node_json, false);
    if (rc == 0) rc = write_array(fp, g, "links", m, link_json, true);
    if (rc == 0) rc = put(fp, "}\n");
    return rc;
}
