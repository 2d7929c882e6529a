/*
 * cli/names.h: checking the names a user gives to filters (--relation,
 * --type, --ego) against the names that exist, with a suggestion that also
 * catches a difference of case ('trust' -> 'TRUST').
 */
#ifndef KG_CLI_NAMES_H
#define KG_CLI_NAMES_H

#include <stddef.h>

#include "cli/cli.h"
#include "kgraph/graph.h"
#include "kgraph/rules.h"

/* The relation and type names a rule set can produce (borrowed from the
 * rules; the arrays are the caller's to free). */
typedef struct kg_cli_names {
    const char **relations;
    size_t nrelations;
    const char **types;
    size_t ntypes;
} kg_cli_names;

void kg_cli_names_from_rules(kg_cli_names *out, const kg_rules *rules);
void kg_cli_names_from_graph(kg_cli_names *out, const kg_graph *g);
void kg_cli_names_free(kg_cli_names *n);

/* Check every --relation, --exclude-relation, --type and --exclude-type of
 * `f` against `known`.  Returns 0, or KG_EXIT_USAGE after printing
 * "kgraph: unknown relation 'x' (did you mean 'y'?)". */
int kg_cli_check_filter_names(const kg_graph_filter *f, const kg_cli_names *known);

/* Check --ego against the entities of g, as above ("unknown entity"). */
int kg_cli_check_ego(const kg_graph_filter *f, const kg_graph *g);

/* A filter valid for the rules may name a relation or type that the corpus
 * never produced; the graph filter would call it unknown.  *out is `f`
 * with such names dropped (its arrays in *storage, freed with
 * kg_cli_filter_fit_free); an include list left empty keeps no edge. */
typedef struct kg_cli_fit {
    const char **lists[4];
} kg_cli_fit;

void kg_cli_filter_fit(kg_graph_filter *out, kg_cli_fit *storage, const kg_graph_filter *f,
                       const kg_graph *g);
void kg_cli_filter_fit_free(kg_cli_fit *storage);

#endif
