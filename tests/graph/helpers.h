/*
 * tests/graph/helpers.h: shared by the graph tests: loading fixtures,
 * comparing graphs attribute by attribute, rewriting edge files.
 */
#ifndef KG_TEST_GRAPH_HELPERS_H
#define KG_TEST_GRAPH_HELPERS_H

#include <stddef.h>

#include "kgraph/graph.h"

#define FIXTURE(name) KG_TEST_DATA "/graph/fixtures/" name

/* Build (and analyse when `analyze`) the graph of the edge files, asserting
 * success. */
kg_graph *load_graph(const char *const *paths, size_t n, size_t max_evidence, bool analyze);
kg_graph *load1(const char *path, size_t max_evidence, bool analyze);

/* NULL when g and h are identical in every node and edge attribute
 * (measures compared bitwise) and in their documents, else a description of the first difference
 * (caller frees). */
char *graph_diff(const kg_graph *g, const kg_graph *h);

/* The graph's documents (graph_int.h: docs[]), or those of edge j (its
 * document ids looked up in docs[]), in stored order, joined by ",".
 * Caller frees. */
char *graph_documents(const kg_graph *g);
char *edge_documents(const kg_graph *g, size_t j);

/* Read the lines of a file (asserting), caller frees lines and array. */
char **read_lines(const char *path, size_t *n);
/* Write lines[from, to) in the order given by perm (NULL: identity) to a new
 * temporary file; returns its path (caller unlinks and frees). */
char *write_lines(char **lines, const size_t *perm, size_t from, size_t to);
void free_lines(char **lines, size_t n);

/* Index of node (name, type), asserting it exists. */
size_t node_at(const kg_graph *g, const char *name, const char *type);

#endif
