/*
 * cli/names.c: filter names checked before any work is done (see names.h).
 *
 * `kgraph build -r` knows every relation and type it can produce as soon as
 * the rules are loaded, so a misspelt --relation or --type is reported
 * before a single input is read, and nothing is written.  Commands that read
 * edge files (stats, export, build --edges) know them once the graph is
 * built, still before anything is written.  Either way the message and the
 * exit code (2, usage) are the same.
 *
 * The rule set has no public accessor for its relation and type names, so
 * this file reads them from rules/compiled.h, read-only; it is the only CLI
 * file that does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/names.h"
#include "kgraph/rules.h"
#include "util/util.h"

static bool listed(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

/* The names through the rules' public listing (kg_rules_styles): the
 * types in pack order, each relation once.  The names are the rules'. */
void kg_cli_names_from_rules(kg_cli_names *out, const kg_rules *r)
{
    memset(out, 0, sizeof *out);
    kg_rules_style *ts, *rs;
    size_t nt, nr;
    kg_rules_styles(r, &ts, &nt, &rs, &nr);
    out->types = kg_xcalloc(nt + 1, sizeof(char *));
    for (size_t i = 0; i < nt; i++) out->types[out->ntypes++] = ts[i].name;
    out->relations = kg_xcalloc(nr + 1, sizeof(char *));
    for (size_t i = 0; i < nr; i++) out->relations[out->nrelations++] = rs[i].name;
    free(ts);
    free(rs);
}

void kg_cli_names_from_graph(kg_cli_names *out, const kg_graph *g)
{
    memset(out, 0, sizeof *out);
    size_t n;
    const char *const *v = kg_graph_relations(g, &n);
    out->relations = kg_xcalloc(n + 1, sizeof(char *));
    memcpy(out->relations, v, n * sizeof(char *));
    out->nrelations = n;
    v = kg_graph_types(g, &n);
    out->types = kg_xcalloc(n + 1, sizeof(char *));
    memcpy(out->types, v, n * sizeof(char *));
    out->ntypes = n;
}

void kg_cli_names_free(kg_cli_names *n)
{
    free(n->relations);
    free(n->types);
    memset(n, 0, sizeof *n);
}

static int unknown(const char *what, const char *word, const char *const *cands, size_t n)
{
    /* kg_suggest ignores case: "trust" finds the type TRUST */
    fprintf(stderr, "kgraph: unknown %s '%s'%s\n", what, word, kg_suggest(word, cands, n, false));
    return KG_EXIT_USAGE;
}

static int check_list(const char *what, const char *const *list, size_t n,
                      const char *const *known, size_t nknown)
{
    for (size_t i = 0; i < n; i++)
        if (!listed(list[i], known, nknown)) return unknown(what, list[i], known, nknown);
    return 0;
}

int kg_cli_check_filter_names(const kg_graph_filter *f, const kg_cli_names *k)
{
    int rc;
    if ((rc = check_list("relation", f->include_relations, f->ninclude_relations, k->relations,
                         k->nrelations)) ||
        (rc = check_list("relation", f->exclude_relations, f->nexclude_relations, k->relations,
                         k->nrelations)) ||
        (rc = check_list("type", f->include_types, f->ninclude_types, k->types, k->ntypes)) ||
        (rc = check_list("type", f->exclude_types, f->nexclude_types, k->types, k->ntypes)))
        return rc;
    return 0;
}

int kg_cli_check_ego(const kg_graph_filter *f, const kg_graph *g)
{
    if (!f->ego) return 0;
    size_t n = kg_graph_node_count(g);
    const char **names = kg_xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) names[i] = kg_graph_node(g, i)->name;
    int rc = listed(f->ego, names, n) ? 0 : unknown("entity", f->ego, names, n);
    free(names);
    return rc;
}

/* The names of list[0..n) that g holds, in a new array. */
static const char **present(size_t *nout, const char *const *list, size_t n,
                            const char *const *have, size_t nhave)
{
    const char **kept = kg_xcalloc(n + 1, sizeof(char *));
    *nout = 0;
    for (size_t i = 0; i < n; i++)
        if (listed(list[i], have, nhave)) kept[(*nout)++] = list[i];
    return kept;
}

void kg_cli_filter_fit(kg_graph_filter *out, kg_cli_fit *st, const kg_graph_filter *f,
                       const kg_graph *g)
{
    *out = *f;
    size_t nr, nt;
    const char *const *rels = kg_graph_relations(g, &nr);
    const char *const *types = kg_graph_types(g, &nt);
    st->lists[0] = present(&out->ninclude_relations, f->include_relations, f->ninclude_relations,
                           rels, nr);
    st->lists[1] = present(&out->nexclude_relations, f->exclude_relations, f->nexclude_relations,
                           rels, nr);
    st->lists[2] = present(&out->ninclude_types, f->include_types, f->ninclude_types, types, nt);
    st->lists[3] = present(&out->nexclude_types, f->exclude_types, f->nexclude_types, types, nt);
    out->include_relations = st->lists[0];
    out->exclude_relations = st->lists[1];
    out->include_types = st->lists[2];
    out->exclude_types = st->lists[3];
    /* "only these relations" where none of them occurs keeps nothing; an
     * empty include list would keep everything, so ask for a weight no
     * edge has instead. */
    if ((f->ninclude_relations && !out->ninclude_relations) ||
        (f->ninclude_types && !out->ninclude_types))
        out->min_weight = INFINITY;
}

void kg_cli_filter_fit_free(kg_cli_fit *st)
{
    for (int i = 0; i < 4; i++) free(st->lists[i]);
    memset(st, 0, sizeof *st);
}
