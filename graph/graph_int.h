/*
 * graph/graph_int.h: the private side of the graph module, shared by its
 * files (build.c, graph.c, analyze.c, filter.c) and by nothing else.  It is
 * the only header that includes <igraph.h>.
 *
 * A kg_graph owns all its memory in a few blocks:
 *
 *   strings   kg_map interning every string (names, types, relations, rule
 *             names, documents, forms, evidence sentences); the kg_node and
 *             kg_gedge fields point at its keys, which never move.
 *   nodes[]   sorted by (name, type), bytewise
 *   edges[]   sorted by (source, relation, target)
 *   forms[]   one pool; node i's forms are nodes[i].forms[0 .. nforms)
 *   attrs[]   one pool; node i's attributes are nodes[i].attrs[0 .. nattrs)
 *   rules[]   one pool for the edges' rule lists
 *   evidence[] one pool for the edges' evidence lists
 *   docs[]     the distinct documents of the edges' records, sorted bytewise,
 *              unique (interned); kg_graph_document_count() is ndocs
 *   edge_docs[] one pool of uint32_t document ids (indexes into docs[]):
 *              edge j's documents are edge_docs[edge_docs_at[j] ..
 *              edge_docs_at[j + 1]), ascending, edges[j].documents of them.
 *              These are ALL the documents of the edge's records, not only
 *              those of its capped evidence, so that a subgraph can count
 *              the documents of the edges it keeps.
 *
 *   docs[]       "a.txt"  "b.txt"  "c.txt"
 *   edge_docs[]  0 1 | 2 | 0 2        edge_docs_at[] 0 2 3 5
 *                edge0  e1   edge2
 *
 * Invariant: every document id is used by some edge, so ndocs is the number
 * of distinct documents supporting the graph (0 for a graph without edges).
 * Ids follow the sorted document names, so the graph does not depend on the
 * order records were added in.
 *
 * The pools are sized before the records point into them and are never
 * reallocated afterwards, so the borrowed pointers stay valid for the life of
 * the graph.  igraph graphs are built only for the length of an analysis.
 */
#ifndef KG_GRAPH_INT_H
#define KG_GRAPH_INT_H

#include <igraph.h>
#include <stdint.h>

#include "kgraph/graph.h"
#include "util/util.h"

struct kg_graph {
    kg_map *strings;
    kg_node *nodes;
    size_t nnodes;
    kg_gedge *edges;
    size_t nedges;
    const char **forms;
    kg_attr *attrs;
    const char **rules;
    kg_evidence *evidence;
    const char **docs;        /* sorted, unique; ndocs of them */
    size_t ndocs;
    uint32_t *edge_docs;      /* document ids, per edge ascending */
    size_t *edge_docs_at;     /* nedges + 1 offsets into edge_docs */
    const char **relations; /* sorted, unique */
    size_t nrelations;
    const char **types;     /* sorted, unique */
    size_t ntypes;
    const char **attr_keys; /* node attribute keys, sorted, unique */
    size_t nattr_keys;
    bool analyzed;
    kg_analysis_options opts; /* the options of the last analysis */
    size_t ncomponents, ncommunities;
    double modularity;
    char path_method[48];     /* kg_graph_path_method() */
};

/* A graph with room for the given numbers of nodes, edges, forms, node
 * attributes, rules, evidence items, documents and edge document ids, all
 * zeroed; the caller fills the records in order. */
kg_graph *kg_graph_i_alloc(size_t nnodes, size_t nedges, size_t nforms, size_t nattrs,
                           size_t nrules, size_t nevidence, size_t ndocs, size_t nedge_docs);
/* The graph's own copy of s (NULL stays NULL). */
const char *kg_graph_i_intern(kg_graph *g, const char *s);
/* Fill g->relations, g->types and g->attr_keys from the nodes and edges. */
void kg_graph_i_index(kg_graph *g);
/* A copy of the nodes with keep_node[i] and of the edges with keep_edge[j]
 * (NULL: all edges) whose two ends are kept, in the same order, with
 * measures, components and communities; its documents are those of the kept
 * edges' records (renumbered, still sorted).  O(V + E + D + total string
 * size) for D document ids over g's edges. */
kg_graph *kg_graph_i_subgraph(const kg_graph *g, const bool *keep_node, const bool *keep_edge);

/* "unknown <what> '<word>' (did you mean '<x>'?)" as KG_ENOTFOUND. */
int kg_graph_i_unknown(const char *what, const char *word, const char *const *cands, size_t n);

/* igraph is not thread-safe (IGRAPH_THREAD_SAFE is 0 in Debian's build):
 * every sequence of igraph calls runs under this process-wide lock. */
/* The number of items a builder holds (nodes, edges, strings and distinct
 * occurrences): it grows with unique content, not with records (tests). */
size_t kg_graph_i_builder_items(const kg_graph_builder *b);

void kg_graph_i_lock(void);
void kg_graph_i_unlock(void);
/* Map an igraph return code to 0 or KG_EGRAPH; the message was set by our
 * error handler (or is igraph_strerror when igraph gave no reason). */
int kg_graph_i_check(igraph_error_t rc);

#endif
