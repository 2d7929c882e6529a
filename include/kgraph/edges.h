/*
 * kgraph/edges.h: the edge and mention records and their file format.
 *
 * The extractor produces kg_edge and kg_mention records; the graph builder
 * consumes edges.  Between them sits the edge file, JSON Lines, one record a
 * line, specified in docs/formats.md.  This module is the only code that
 * knows that format: kg_edge_write() and kg_mention_write() write it with a
 * fixed key order (identical records give identical bytes), kg_edge_reader
 * reads it strictly and reports every problem as "FILE:LINE:COL: what is
 * wrong".  It sits below both stages,
 *
 *     util <- edges <- extract,   edges <- graph
 *
 * so that building a graph from edge files needs neither the rule loader nor
 * its libraries (libyaml, PCRE2).
 */
#ifndef KGRAPH_EDGES_H
#define KGRAPH_EDGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kgraph/common.h"

typedef struct kg_attr {
    const char *key;
    const char *value;
} kg_attr;

/* One relation edge.  All strings are borrowed (valid until the callback
 * returns, or until the next kg_edge_reader_next call). */
typedef struct kg_edge {
    const char *doc;          /* document path as given */
    size_t line;              /* 1-based line where the sentence starts */
    size_t start, end;        /* byte offsets of the sentence in the document */
    const char *relation;
    bool symmetric;           /* the relation was declared symmetric */
    const char *source, *source_type, *source_text;
    const char *target, *target_type, *target_text;
    const char *rule;         /* rule name */
    const char *rule_at;      /* "file:line" of the pattern that matched */
    const char *evidence;     /* the sentence, white space collapsed */
    const kg_attr *attrs;     /* the relation rule's attributes */
    size_t nattrs;
    /* The attributes of the source and target entities ("@code=RW4" fields
     * of their gazetteer lines), sorted by key; none when nsource_attrs /
     * ntarget_attrs is 0. */
    const kg_attr *source_attrs, *target_attrs;
    size_t nsource_attrs, ntarget_attrs;
    bool resolved;            /* an argument is a referring phrase ("the trust")
                                 resolved to an earlier mention by coreference */
} kg_edge;

/* One entity mention (written by --mentions). */
typedef struct kg_mention {
    const char *doc;
    size_t line, start, end;  /* byte offsets of the mention itself */
    const char *type;
    const char *canonical;
    const char *text;         /* surface text */
    const char *rule;         /* "gazetteer", or the entity rule's name */
    const char *rule_at;      /* file:line of the gazetteer entry or pattern */
    const kg_attr *attrs;     /* the entity's gazetteer attributes, sorted by key */
    size_t nattrs;
    bool resolved;            /* a referring phrase resolved by coreference */
} kg_mention;

/* Write one edge as a JSON line.  Returns 0 or KG_EOUTPUT. */
int kg_edge_write(FILE *fp, const kg_edge *e);
/* Write one mention as a JSON line.  Returns 0 or KG_EOUTPUT. */
int kg_mention_write(FILE *fp, const kg_mention *m);

typedef struct kg_edge_reader kg_edge_reader;

/* Open an edge file ("-" for standard input).  KG_EIO if it cannot be read. */
int kg_edge_reader_open(kg_edge_reader **out, const char *path);
/* Read edges from an open stream (borrowed: the caller closes it after
 * kg_edge_reader_free); `name` (copied) stands for the file in messages.
 * Returns 0. */
int kg_edge_reader_open_stream(kg_edge_reader **out, FILE *fp, const char *name);
/* Read the next edge: 1 and *edge set (borrowed until the next call), 0 at
 * the end, or KG_EFORMAT with "path:line:col: what is wrong" / KG_EIO. */
int kg_edge_reader_next(kg_edge_reader *r, const kg_edge **edge);
/* The path the reader names in its messages ("<stdin>" for "-"), borrowed. */
const char *kg_edge_reader_path(const kg_edge_reader *r);
/* The line of the edge last returned (1-based; 0 before the first). */
size_t kg_edge_reader_line(const kg_edge_reader *r);
/* Check the values every edge needs (doc, relation, source, source_type,
 * target, target_type: non-empty strings), the check the reader applies to
 * each record, for edges built in memory.  0 or KG_EFORMAT. */
int kg_edge_check(const kg_edge *e);
void kg_edge_reader_free(kg_edge_reader *r);

#endif
