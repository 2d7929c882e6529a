/*
 * kgraph/graph.h: relation edges in, a knowledge graph out.
 *
 * The graph stage of the pipeline  rules -> extract -> graph -> export -> cli.
 * It reads the edge records the extractor writes (kg_edge, one JSON line
 * each), merges them into one node per canonical entity and one edge per
 * (source, relation, target), analyses the result with igraph (degrees,
 * strengths, betweenness, harmonic closeness, PageRank, hub and authority
 * scores, weakly connected components, Louvain communities) and selects
 * parts of it with filters.  docs/ARCHITECTURE.md ("The graph model")
 * describes the model.
 *
 * Model in brief:
 *   - A node is a canonical entity, keyed by (name, type).  It counts the
 *     distinct evidence sentences (doc, start) in which it is an edge
 *     argument, the distinct documents, and keeps the sorted set of surface
 *     forms it was seen under, and its string attributes (the records'
 *     source_attrs / target_attrs: official codes and the like).  When
 *     records disagree on an attribute's value, the bytewise smallest wins.
 *   - An edge is a (source, relation, target) triple.  Its weight is the
 *     number of distinct supporting sentences (doc, start); it counts the
 *     distinct documents, keeps the sorted rule names, the first evidence
 *     (the smallest (doc, line, start)) and the N smallest evidence items.
 *     An edge of a symmetric relation is stored once per unordered pair,
 *     with source <= target in node order.
 *   - The graph counts the distinct documents that support it: those of all
 *     its edges' records (kg_graph_document_count); a filtered graph counts
 *     those of the edges it kept.
 *   - Nodes are sorted by (name, type) bytewise, edges by (source index,
 *     relation, target index).  The graph does not depend on the order in
 *     which edges were added: building from the two halves of a corpus gives
 *     exactly the graph of the whole.
 *
 * Ownership: every pointer a kg_graph hands out (names, nodes, edges,
 * evidence) is borrowed and lives as long as the graph.  A kg_graph is not
 * modified by read access and may be read from several threads; analysis and
 * filtering take an internal lock around igraph, which is not thread-safe.
 */
#ifndef KGRAPH_GRAPH_H
#define KGRAPH_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/common.h"
#include "kgraph/edges.h"

/* ---- measures ---- */

/* The node measures kg_graph_analyze() computes; see docs/ARCHITECTURE.md for
 * the exact variant of each.  The order is the order of kg_graph_measure_names
 * and of kg_node.measures. */
typedef enum kg_measure {
    KG_MEASURE_IN_DEGREE,    /* arcs in (a symmetric edge is one arc each way) */
    KG_MEASURE_OUT_DEGREE,   /* arcs out */
    KG_MEASURE_DEGREE,       /* in + out (a self-loop counts twice) */
    KG_MEASURE_IN_STRENGTH,  /* sum of weights of arcs in */
    KG_MEASURE_OUT_STRENGTH, /* sum of weights of arcs out */
    KG_MEASURE_STRENGTH,     /* in + out strength */
    KG_MEASURE_BETWEENNESS,  /* directed, unweighted, not normalised */
    KG_MEASURE_CLOSENESS,    /* harmonic, undirected, unweighted, / (n - 1) */
    KG_MEASURE_PAGERANK,     /* directed, weighted, damping 0.85, sums to 1 */
    KG_MEASURE_HUB,          /* Kleinberg hub score, weighted, max 1 */
    KG_MEASURE_AUTHORITY,    /* Kleinberg authority score, weighted, max 1 */
    KG_MEASURE_COUNT
} kg_measure;

/* "in_degree", "out_degree", "degree", "in_strength", "out_strength",
 * "strength", "betweenness", "closeness", "pagerank", "hub", "authority". */
extern const char *const kg_graph_measure_names[KG_MEASURE_COUNT];

/* The index (a kg_measure) of the measure called `name`, or KG_ENOTFOUND with
 * "unknown measure 'x' (did you mean 'y'?)". */
int kg_graph_measure_index(const char *name);

/* ---- the graph, read access ---- */

/* One supporting sentence of an edge. */
typedef struct kg_evidence {
    const char *doc;       /* document path as given to the extractor */
    size_t line;           /* 1-based line where the sentence starts */
    size_t start, end;     /* byte offsets of the sentence in the document */
    const char *rule;      /* the smallest rule name that matched it */
    const char *text;      /* the sentence, white space collapsed */
} kg_evidence;

typedef struct kg_node {
    const char *name;          /* canonical name */
    const char *type;          /* entity type */
    size_t mentions;           /* distinct evidence sentences (doc, start) */
    size_t documents;          /* distinct documents */
    const char *const *forms;  /* surface forms, sorted bytewise, unique */
    size_t nforms;
    const kg_attr *attrs;      /* string attributes, sorted by key, unique keys */
    size_t nattrs;
    /* Set by kg_graph_analyze(), 0 before: */
    size_t component;          /* weakly connected component, numbered by
                                  smallest node index: node 0 is in 0 */
    size_t community;          /* Louvain community, numbered the same way */
    double measures[KG_MEASURE_COUNT];
} kg_node;

typedef struct kg_gedge {
    size_t source, target;      /* node indexes; source <= target if symmetric */
    const char *relation;
    bool symmetric;             /* stored once for both directions */
    size_t weight;              /* distinct supporting sentences (doc, start) */
    size_t documents;           /* distinct documents */
    const char *const *rules;   /* rule names, sorted bytewise, unique */
    size_t nrules;
    kg_evidence first;          /* smallest (doc, line, start) */
    const kg_evidence *evidence; /* the nevidence smallest by (doc, start) */
    size_t nevidence;
} kg_gedge;

typedef struct kg_graph kg_graph;

size_t kg_graph_node_count(const kg_graph *g);
size_t kg_graph_edge_count(const kg_graph *g);
/* The number of distinct documents (kg_edge.doc strings, compared bytewise)
 * among all the records of g's edges: every supporting sentence counts, not
 * only the evidence items an edge keeps, so this can exceed what the
 * evidence shows.  For a graph from kg_graph_filter_apply() it counts the
 * documents of the edges that graph kept.  0 for a graph without edges.
 * O(1): computed when the graph is built or filtered. */
size_t kg_graph_document_count(const kg_graph *g);
/* The i-th node / edge (i below the count; asserted).  Borrowed. */
const kg_node *kg_graph_node(const kg_graph *g, size_t i);
const kg_gedge *kg_graph_edge(const kg_graph *g, size_t i);

/* The index of the node (name, type), or KG_ENOTFOUND with a did-you-mean
 * message.  `type` may be NULL to accept any type when the name is unique. */
int kg_graph_find_node(size_t *out, const kg_graph *g, const char *name, const char *type);

/* The distinct relation names / entity types of the graph, sorted bytewise.
 * The array is borrowed; *n receives its length. */
const char *const *kg_graph_relations(const kg_graph *g, size_t *n);
const char *const *kg_graph_types(const kg_graph *g, size_t *n);
/* The distinct node attribute keys of the graph, sorted bytewise (exports
 * make one column or key declaration per item).  Borrowed; *n its length. */
const char *const *kg_graph_attr_keys(const kg_graph *g, size_t *n);
/* The value of node attribute `key`, or NULL (borrowed).  O(attributes). */
const char *kg_node_attr(const kg_node *n, const char *key);

/* Whether kg_graph_analyze() has run on g (or on the graph g was filtered
 * from), the number of components and communities, and the modularity of
 * the community partition on the undirected weighted projection. */
bool kg_graph_is_analyzed(const kg_graph *g);
size_t kg_graph_component_count(const kg_graph *g);
size_t kg_graph_community_count(const kg_graph *g);
double kg_graph_modularity(const kg_graph *g);
/* How the last analysis computed betweenness and closeness, for outputs:
 * "exact", "cutoff (3 hops)", "sampled (128 sources)" or "skipped"; ""
 * when g was never analysed.  Borrowed, valid while g lives. */
const char *kg_graph_path_method(const kg_graph *g);

void kg_graph_free(kg_graph *g);

/* ---- building ---- */

typedef struct kg_graph_builder kg_graph_builder;

#define KG_GRAPH_DEFAULT_EVIDENCE 5

/* A new builder that keeps up to `max_evidence` evidence items per edge
 * (KG_GRAPH_DEFAULT_EVIDENCE is the usual choice; 0 keeps only the first
 * evidence).  Free with kg_graph_builder_free() unless finished. */
int kg_graph_builder_new(kg_graph_builder **out, size_t max_evidence);

/* Add one edge record.  Copies what it needs; `e` may be freed afterwards.
 * KG_EFORMAT if a required field is missing or empty, or if the relation was
 * marked symmetric in one edge and not in another. */
int kg_graph_builder_add(kg_graph_builder *b, const kg_edge *e);

/* Add every edge of a JSON Lines edge file ("-" for standard input), read
 * with kg_edge_reader.  KG_EIO / KG_EFORMAT with the reader's message. */
int kg_graph_builder_add_file(kg_graph_builder *b, const char *path);

/* Number of edge records added so far. */
size_t kg_graph_builder_records(const kg_graph_builder *b);

/* Turn the builder into a graph: sorts nodes and edges, picks evidence.
 * Consumes `b` whatever the outcome.  O((U + E) log(U + E)) for U distinct
 * occurrences and E merged edges: the builder stores each distinct
 * occurrence once, so memory follows unique content, not records. */
int kg_graph_builder_finish(kg_graph **out, kg_graph_builder *b);

void kg_graph_builder_free(kg_graph_builder *b);

/* ---- analysis ---- */

typedef struct kg_analysis_options {
    /* Betweenness and closeness cost O(V E): about 17 s together for 10,000
     * nodes and 55,000 arcs on a 2-core machine.  They are exact up to this
     * many nodes; above it they only follow paths of at most `path_cutoff`
     * hops (igraph_betweenness_cutoff, igraph_harmonic_centrality_cutoff).
     * 0 means KG_GRAPH_EXACT_MAX_NODES; SIZE_MAX means always exact. */
    size_t exact_max_nodes;
    /* Hops for the approximation; 0 means KG_GRAPH_PATH_CUTOFF. */
    double path_cutoff;
    /* On a small-world graph a 3-hop cutoff still reaches most nodes, so
     * the cost stays O(V E) (200,000 nodes and 1,000,000 edges: over ten
     * minutes).  Above `sample_above` nodes + edges (and above
     * exact_max_nodes nodes) both measures are estimated from
     * `path_samples` source nodes spread evenly over the node indexes
     * (deterministic): O(k E) for k sources.  Betweenness sums the
     * dependencies of the sampled sources times n / k; closeness is the mean
     * of 1/d over the sampled sources other than the node.  0 means
     * KG_GRAPH_SAMPLE_ABOVE / KG_GRAPH_PATH_SAMPLES; SIZE_MAX never samples.
     * kg_graph_path_method() says which method ran. */
    size_t sample_above;
    size_t path_samples;
    /* Skip betweenness and closeness (left at 0). */
    bool no_paths;
    /* Skip community detection (community ids left at 0, count 0). */
    bool no_communities;
} kg_analysis_options;

#define KG_GRAPH_EXACT_MAX_NODES 5000
#define KG_GRAPH_PATH_CUTOFF 3.0
#define KG_GRAPH_SAMPLE_ABOVE 100000
#define KG_GRAPH_PATH_SAMPLES 128

/* Install kgraph's igraph error, warning and fatal handlers (igraph's own
 * default aborts the process).  Idempotent; every kg_graph function that
 * calls igraph calls it first, so applications need not. */
void kg_graph_init(void);

/* Compute every measure, component and community of g (opts NULL means all
 * defaults).  Deterministic: communities use a fixed seed (42).  KG_EGRAPH
 * with igraph's message if igraph fails.  O(V E) for betweenness and
 * closeness; the rest is near-linear. */
int kg_graph_analyze(kg_graph *g, const kg_analysis_options *opts);

/* ---- filters ----
 * kg_graph_filter_apply() runs a fixed pipeline:
 *   1. Edges are kept when their relation passes include/exclude_relations,
 *      both end types pass include/exclude_types, and weight >= min_weight;
 *      nodes are kept when a kept edge touches them.  This is the analysed
 *      graph: if g was analysed (or top_k is set) the measures, components
 *      and communities are recomputed on it with g's analysis options.
 *   2. ego: the nodes named `ego` (any type) and all nodes within ego_hops
 *      hops of them, edges taken as undirected.
 *   3. largest_component: the largest weakly connected component of what is
 *      left (ties: the one holding the smallest node index).
 *   4. top_k: the k nodes with the highest `top_by` measure (NULL means
 *      "degree"), ties by node order.
 * Steps 2-4 keep the induced subgraph and the measures of step 1.  Node and
 * edge order is preserved.  Empty lists and zero values disable a step.
 * Unknown names give KG_ENOTFOUND, e.g.
 *   unknown relation 'award_contract' (did you mean 'awards_contract'?)
 */
typedef struct kg_graph_filter {
    const char *const *include_relations; size_t ninclude_relations;
    const char *const *exclude_relations; size_t nexclude_relations;
    const char *const *include_types; size_t ninclude_types;
    const char *const *exclude_types; size_t nexclude_types;
    double min_weight;
    const char *ego;         /* canonical name, or NULL */
    size_t ego_hops;         /* 0 keeps only the entity itself */
    bool largest_component;
    size_t top_k;            /* 0: no limit */
    const char *top_by;      /* measure name; NULL means "degree" */
} kg_graph_filter;

/* The filter that keeps everything, with ego_hops 1 for when ego is set. */
#define KG_GRAPH_FILTER_INIT {NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0.0, NULL, 1, false, 0, NULL}

/* Apply `f` to `g` (both borrowed) and return the selected graph in *out
 * (caller frees with kg_graph_free).  On failure *out is NULL. */
int kg_graph_filter_apply(kg_graph **out, const kg_graph *g, const kg_graph_filter *f);

#endif
