/*
 * graph/graph.c: the kg_graph object: read access, allocation, copying, and
 * the bridge to igraph (error handlers and the lock).
 *
 * Pipeline: rules -> extract -> [graph] -> export -> cli.  build.c turns
 * edge records into a kg_graph, analyze.c adds measures, filter.c selects
 * subgraphs; this file holds what they share.  The memory layout is described
 * in graph_int.h: one string map and a few pools, filled once, never moved.
 *
 * igraph's default error handler aborts the process.  kg_graph_init()
 * replaces it (once per process) with one that copies igraph's reason into
 * the kgraph error message (KG_EGRAPH) and frees igraph's temporaries, so
 * that a failing igraph call returns its error code to us; warnings are
 * dropped (kgraph checks its inputs itself); the fatal handler, which igraph
 * requires not to return, prints "kgraph: fatal igraph error: ..." and
 * aborts.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

const char *const kg_graph_measure_names[KG_MEASURE_COUNT] = {
    "in_degree",   "out_degree", "degree",   "in_strength", "out_strength", "strength",
    "betweenness", "closeness",  "pagerank", "hub",         "authority",
};

int kg_graph_measure_index(const char *name)
{
    for (int i = 0; i < KG_MEASURE_COUNT; i++)
        if (strcmp(name, kg_graph_measure_names[i]) == 0) return i;
    return kg_graph_i_unknown("measure", name, kg_graph_measure_names, KG_MEASURE_COUNT);
}

int kg_graph_i_unknown(const char *what, const char *word, const char *const *cands, size_t n)
{
    return kg_error_set(KG_ENOTFOUND, "unknown %s '%s'%s", what, word,
                        kg_suggest(word, cands, n, false));
}

/* ---- igraph bridge ---- */

static void on_igraph_error(const char *reason, const char *file, int line,
                            igraph_error_t igraph_errno)
{
    /* igraph calls the handler once per level as the error travels up;
     * inner levels give the reason, outer ones an empty string. */
    if (reason && *reason)
        kg_error_set(KG_EGRAPH, "igraph: %s: %s", igraph_strerror(igraph_errno), reason);
    IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line) {}

static void on_igraph_fatal(const char *reason, const char *file, int line)
{
    fprintf(stderr, "kgraph: fatal igraph error: %s (%s:%d)\n", reason, file, line);
    abort();
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

static void install_handlers(void)
{
    igraph_set_error_handler(on_igraph_error);
    igraph_set_warning_handler(on_igraph_warning);
    igraph_set_fatal_handler(on_igraph_fatal);
}

void kg_graph_init(void) { pthread_once(&init_once, install_handlers); }

void kg_graph_i_lock(void)
{
    kg_graph_init();
    pthread_mutex_lock(&igraph_lock);
}

void kg_graph_i_unlock(void) { pthread_mutex_unlock(&igraph_lock); }

int kg_graph_i_check(igraph_error_t rc)
{
    if (rc == IGRAPH_SUCCESS) return 0;
    if (!*kg_error_last()) kg_error_set(KG_EGRAPH, "igraph: %s", igraph_strerror(rc));
    return KG_EGRAPH;
}

/* ---- allocation ---- */

kg_graph *kg_graph_i_alloc(size_t nnodes, size_t nedges, size_t nforms, size_t nattrs,
                           size_t nrules, size_t nevidence, size_t ndocs, size_t nedge_docs)
{
    assert(ndocs <= UINT32_MAX);
    kg_graph *g = kg_xcalloc(1, sizeof *g);
    g->strings = kg_map_new();
    g->nodes = kg_xcalloc(nnodes, sizeof *g->nodes);
    g->nnodes = nnodes;
    g->edges = kg_xcalloc(nedges, sizeof *g->edges);
    g->nedges = nedges;
    g->forms = kg_xcalloc(nforms, sizeof *g->forms);
    g->attrs = kg_xcalloc(nattrs, sizeof *g->attrs);
    g->rules = kg_xcalloc(nrules, sizeof *g->rules);
    g->evidence = kg_xcalloc(nevidence, sizeof *g->evidence);
    g->docs = kg_xcalloc(ndocs, sizeof *g->docs);
    g->ndocs = ndocs;
    g->edge_docs = kg_xcalloc(nedge_docs, sizeof *g->edge_docs);
    g->edge_docs_at = kg_xcalloc(nedges + 1, sizeof *g->edge_docs_at);
    return g;
}

const char *kg_graph_i_intern(kg_graph *g, const char *s)
{
    if (!s) return NULL;
    return kg_map_key(g->strings, kg_map_intern(g->strings, s, strlen(s), 0, NULL));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and deduplicate an array of strings in place; returns the new length. */
static size_t sort_unique(const char **v, size_t n)
{
    if (n == 0) return 0;
    qsort(v, n, sizeof *v, cmp_str);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i], v[k - 1]) != 0) v[k++] = v[i];
    return k;
}

void kg_graph_i_index(kg_graph *g)
{
    free(g->relations);
    free(g->types);
    g->relations = kg_xcalloc(g->nedges, sizeof *g->relations);
    for (size_t i = 0; i < g->nedges; i++) g->relations[i] = g->edges[i].relation;
    g->nrelations = sort_unique(g->relations, g->nedges);
    g->types = kg_xcalloc(g->nnodes, sizeof *g->types);
    for (size_t i = 0; i < g->nnodes; i++) g->types[i] = g->nodes[i].type;
    g->ntypes = sort_unique(g->types, g->nnodes);
    free(g->attr_keys);
    size_t na = 0;
    for (size_t i = 0; i < g->nnodes; i++) na += g->nodes[i].nattrs;
    g->attr_keys = kg_xcalloc(na ? na : 1, sizeof *g->attr_keys);
    na = 0;
    for (size_t i = 0; i < g->nnodes; i++)
        for (size_t k = 0; k < g->nodes[i].nattrs; k++) g->attr_keys[na++] = g->nodes[i].attrs[k].key;
    g->nattr_keys = sort_unique(g->attr_keys, na);
}

static void copy_evidence(kg_graph *h, kg_evidence *dst, const kg_evidence *src)
{
    *dst = *src;
    dst->doc = kg_graph_i_intern(h, src->doc);
    dst->rule = kg_graph_i_intern(h, src->rule);
    dst->text = kg_graph_i_intern(h, src->text);
}

kg_graph *kg_graph_i_subgraph(const kg_graph *g, const bool *keep_node, const bool *keep_edge)
{
    size_t *map = kg_xmalloc((g->nnodes ? g->nnodes : 1) * sizeof *map);
    /* docmap[d]: the new id of g's document d, UINT32_MAX while no kept edge
     * has it.  Numbering the used ids in ascending order keeps h's documents
     * sorted and its id lists ascending. */
    uint32_t *docmap = kg_xmalloc((g->ndocs ? g->ndocs : 1) * sizeof *docmap);
    size_t nn = 0, ne = 0, nf = 0, na = 0, nr = 0, nev = 0, nd = 0, ned = 0;
    for (size_t d = 0; d < g->ndocs; d++) docmap[d] = UINT32_MAX;
    for (size_t i = 0; i < g->nnodes; i++) {
        map[i] = keep_node[i] ? nn++ : SIZE_MAX;
        if (keep_node[i]) nf += g->nodes[i].nforms;
        if (keep_node[i]) na += g->nodes[i].nattrs;
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const kg_gedge *e = &g->edges[j];
        if ((keep_edge && !keep_edge[j]) || map[e->source] == SIZE_MAX ||
            map[e->target] == SIZE_MAX)
            continue;
        ne++;
        nr += e->nrules;
        nev += e->nevidence;
        for (size_t k = g->edge_docs_at[j]; k < g->edge_docs_at[j + 1]; k++) {
            docmap[g->edge_docs[k]] = 0; /* used; numbered below */
            ned++;
        }
    }
    for (size_t d = 0; d < g->ndocs; d++)
        if (docmap[d] != UINT32_MAX) docmap[d] = (uint32_t)nd++;
    kg_graph *h = kg_graph_i_alloc(nn, ne, nf, na, nr, nev, nd, ned);
    for (size_t d = 0; d < g->ndocs; d++)
        if (docmap[d] != UINT32_MAX) h->docs[docmap[d]] = kg_graph_i_intern(h, g->docs[d]);
    nf = na = nr = nev = ned = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        if (map[i] == SIZE_MAX) continue;
        const kg_node *s = &g->nodes[i];
        kg_node *d = &h->nodes[map[i]];
        *d = *s;
        d->name = kg_graph_i_intern(h, s->name);
        d->type = kg_graph_i_intern(h, s->type);
        for (size_t k = 0; k < s->nforms; k++) h->forms[nf + k] = kg_graph_i_intern(h, s->forms[k]);
        d->forms = h->forms + nf;
        nf += s->nforms;
        for (size_t k = 0; k < s->nattrs; k++)
            h->attrs[na + k] = (kg_attr){kg_graph_i_intern(h, s->attrs[k].key),
                                         kg_graph_i_intern(h, s->attrs[k].value)};
        d->attrs = h->attrs + na;
        na += s->nattrs;
    }
    size_t k = 0;
    for (size_t j = 0; j < g->nedges; j++) {
        const kg_gedge *s = &g->edges[j];
        if ((keep_edge && !keep_edge[j]) || map[s->source] == SIZE_MAX ||
            map[s->target] == SIZE_MAX)
            continue;
        kg_gedge *d = &h->edges[k++];
        *d = *s;
        d->source = map[s->source];
        d->target = map[s->target];
        d->relation = kg_graph_i_intern(h, s->relation);
        for (size_t r = 0; r < s->nrules; r++) h->rules[nr + r] = kg_graph_i_intern(h, s->rules[r]);
        d->rules = h->rules + nr;
        nr += s->nrules;
        copy_evidence(h, &d->first, &s->first);
        for (size_t v = 0; v < s->nevidence; v++)
            copy_evidence(h, &h->evidence[nev + v], &s->evidence[v]);
        d->evidence = h->evidence + nev;
        nev += s->nevidence;
        for (size_t x = g->edge_docs_at[j]; x < g->edge_docs_at[j + 1]; x++)
            h->edge_docs[ned++] = docmap[g->edge_docs[x]];
        h->edge_docs_at[k] = ned; /* edge k - 1 ends here; [0] is 0 */
    }
    free(docmap);
    free(map);
    h->analyzed = g->analyzed;
    h->opts = g->opts;
    h->ncomponents = g->ncomponents;
    h->ncommunities = g->ncommunities;
    h->modularity = g->modularity;
    memcpy(h->path_method, g->path_method, sizeof h->path_method);
    kg_graph_i_index(h);
    return h;
}

void kg_graph_free(kg_graph *g)
{
    if (!g) return;
    kg_map_free(g->strings);
    free(g->nodes);
    free(g->edges);
    free(g->forms);
    free(g->attrs);
    free(g->attr_keys);
    free(g->rules);
    free(g->evidence);
    free(g->docs);
    free(g->edge_docs);
    free(g->edge_docs_at);
    free(g->relations);
    free(g->types);
    free(g);
}

/* ---- read access ---- */

size_t kg_graph_node_count(const kg_graph *g) { return g->nnodes; }
size_t kg_graph_edge_count(const kg_graph *g) { return g->nedges; }
size_t kg_graph_document_count(const kg_graph *g) { return g->ndocs; }

const kg_node *kg_graph_node(const kg_graph *g, size_t i)
{
    assert(i < g->nnodes);
    return &g->nodes[i];
}

const kg_gedge *kg_graph_edge(const kg_graph *g, size_t i)
{
    assert(i < g->nedges);
    return &g->edges[i];
}

const char *const *kg_graph_relations(const kg_graph *g, size_t *n)
{
    *n = g->nrelations;
    return g->relations;
}

const char *const *kg_graph_types(const kg_graph *g, size_t *n)
{
    *n = g->ntypes;
    return g->types;
}

const char *const *kg_graph_attr_keys(const kg_graph *g, size_t *n)
{
    *n = g->nattr_keys;
    return g->attr_keys;
}

const char *kg_node_attr(const kg_node *n, const char *key)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].key, key) == 0) return n->attrs[i].value;
    return NULL;
}

bool kg_graph_is_analyzed(const kg_graph *g) { return g->analyzed; }
size_t kg_graph_component_count(const kg_graph *g) { return g->ncomponents; }
size_t kg_graph_community_count(const kg_graph *g) { return g->ncommunities; }
double kg_graph_modularity(const kg_graph *g) { return g->modularity; }
const char *kg_graph_path_method(const kg_graph *g) { return g->path_method; }

/* First node whose name is >= name (nodes are sorted by name, then type).
 * O(log V). */
static size_t lower_bound(const kg_graph *g, const char *name)
{
    size_t lo = 0, hi = g->nnodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->nodes[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int kg_graph_find_node(size_t *out, const kg_graph *g, const char *name, const char *type)
{
    size_t i = lower_bound(g, name), found = SIZE_MAX, nfound = 0;
    for (; i < g->nnodes && strcmp(g->nodes[i].name, name) == 0; i++) {
        if (type && strcmp(g->nodes[i].type, type) != 0) continue;
        if (nfound++ == 0) found = i;
    }
    if (nfound == 1) {
        *out = found;
        return 0;
    }
    if (nfound > 1)
        return kg_error_set(KG_ENOTFOUND, "entity '%s' is ambiguous: it has %zu types", name,
                            nfound);
    if (type && i > 0 && lower_bound(g, name) < i)
        return kg_error_set(KG_ENOTFOUND, "entity '%s' has no type '%s'", name, type);
    const char **names = kg_xcalloc(g->nnodes, sizeof *names);
    for (size_t k = 0; k < g->nnodes; k++) names[k] = g->nodes[k].name;
    int rc = kg_graph_i_unknown("entity", name, names, g->nnodes);
    free(names);
    return rc;
}
