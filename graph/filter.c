/*
 * graph/filter.c: select part of a knowledge graph.
 *
 * Pipeline: rules -> extract -> [graph] -> export -> cli.  The CLI's
 * --relation, --type, --min-weight, --ego, --hops, --largest-component and
 * --top options become one kg_graph_filter, applied here in a fixed order
 * (graph.h states it):
 *
 *   g --(relations, types, min_weight)--> analysed graph h  (measures redone)
 *     --(ego within k hops)--> --(largest component)--> --(top k by measure)-->
 *     induced subgraph of h, measures of h kept
 *
 * Every name is checked against the graph before anything is computed, so a
 * typo fails fast with a did-you-mean suggestion.  Selection never reorders:
 * kept nodes and edges stay in the sorted order of g, so a filtered graph is
 * itself a valid kg_graph (sorted, deterministic).
 */
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

/* Every name of `list` must be among `known` (sorted). */
static int check_names(const char *what, const char *const *list, size_t n,
                       const char *const *known, size_t nknown)
{
    for (size_t i = 0; i < n; i++)
        if (!in_list(list[i], known, nknown))
            return kg_graph_i_unknown(what, list[i], known, nknown);
    return 0;
}

static bool passes(const char *s, const char *const *inc, size_t ninc, const char *const *exc,
                   size_t nexc)
{
    if (ninc && !in_list(s, inc, ninc)) return false;
    return !in_list(s, exc, nexc);
}

static bool has_name(const kg_graph *g, const char *name)
{
    for (size_t i = 0; i < g->nnodes; i++)
        if (strcmp(g->nodes[i].name, name) == 0) return true;
    return false;
}

static int check_filter(const kg_graph *g, const kg_graph_filter *f, int *top_by)
{
    int rc;
    if ((rc = check_names("relation", f->include_relations, f->ninclude_relations,
                          (const char *const *)g->relations, g->nrelations)) < 0 ||
        (rc = check_names("relation", f->exclude_relations, f->nexclude_relations,
                          (const char *const *)g->relations, g->nrelations)) < 0 ||
        (rc = check_names("type", f->include_types, f->ninclude_types,
                          (const char *const *)g->types, g->ntypes)) < 0 ||
        (rc = check_names("type", f->exclude_types, f->nexclude_types,
                          (const char *const *)g->types, g->ntypes)) < 0)
        return rc;
    if (f->ego && !has_name(g, f->ego)) {
        const char **names = kg_xcalloc(g->nnodes, sizeof *names);
        for (size_t i = 0; i < g->nnodes; i++) names[i] = g->nodes[i].name;
        rc = kg_graph_i_unknown("entity", f->ego, names, g->nnodes);
        free(names);
        return rc;
    }
    *top_by = KG_MEASURE_DEGREE;
    if (f->top_by && (*top_by = kg_graph_measure_index(f->top_by)) < 0) return *top_by;
    return 0;
}

/* Step 1: the edges that pass the relation, type and weight filters and the
 * nodes they touch (all nodes when no such filter is set).  O(V + E). */
static kg_graph *analysed_subgraph(const kg_graph *g, const kg_graph_filter *f)
{
    bool any = f->ninclude_relations || f->nexclude_relations || f->ninclude_types ||
               f->nexclude_types || f->min_weight > 0;
    bool *keep_node = kg_xcalloc(g->nnodes + 1, sizeof *keep_node);
    bool *keep_edge = kg_xcalloc(g->nedges + 1, sizeof *keep_edge);
    bool *type_ok = kg_xcalloc(g->nnodes + 1, sizeof *type_ok);
    for (size_t i = 0; i < g->nnodes; i++) {
        type_ok[i] = passes(g->nodes[i].type, f->include_types, f->ninclude_types,
                            f->exclude_types, f->nexclude_types);
        keep_node[i] = !any;
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const kg_gedge *e = &g->edges[j];
        keep_edge[j] = type_ok[e->source] && type_ok[e->target] &&
                       (double)e->weight >= f->min_weight &&
                       passes(e->relation, f->include_relations, f->ninclude_relations,
                              f->exclude_relations, f->nexclude_relations);
        if (keep_edge[j]) keep_node[e->source] = keep_node[e->target] = true;
    }
    kg_graph *h = kg_graph_i_subgraph(g, keep_node, keep_edge);
    free(type_ok);
    free(keep_edge);
    free(keep_node);
    return h;
}

/* Step 2: nodes within `hops` undirected hops of a node named `ego`, among
 * the selected ones.  Breadth-first over an adjacency list.  O(V + E). */
static void select_ego(const kg_graph *h, bool *sel, const char *ego, size_t hops)
{
    size_t n = h->nnodes;
    size_t *deg = kg_xcalloc(n + 1, sizeof *deg);
    for (size_t j = 0; j < h->nedges; j++) {
        deg[h->edges[j].source + 1]++;
        deg[h->edges[j].target + 1]++;
    }
    for (size_t i = 0; i < n; i++) deg[i + 1] += deg[i];
    size_t *adj = kg_xcalloc(2 * h->nedges + 1, sizeof *adj);
    size_t *fill = kg_xcalloc(n + 1, sizeof *fill);
    for (size_t j = 0; j < h->nedges; j++) {
        size_t s = h->edges[j].source, t = h->edges[j].target;
        adj[deg[s] + fill[s]++] = t;
        adj[deg[t] + fill[t]++] = s;
    }
    size_t *dist = fill; /* reuse: SIZE_MAX = not reached */
    size_t *queue = kg_xcalloc(n + 1, sizeof *queue);
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < n; i++) {
        dist[i] = SIZE_MAX;
        if (sel[i] && strcmp(h->nodes[i].name, ego) == 0) {
            dist[i] = 0;
            queue[qt++] = i;
        }
    }
    while (qh < qt) {
        size_t v = queue[qh++];
        if (dist[v] == hops) continue;
        for (size_t k = deg[v]; k < deg[v + 1]; k++) {
            size_t u = adj[k];
            if (sel[u] && dist[u] == SIZE_MAX) {
                dist[u] = dist[v] + 1;
                queue[qt++] = u;
            }
        }
    }
    for (size_t i = 0; i < n; i++) sel[i] = dist[i] != SIZE_MAX;
    free(queue);
    free(adj);
    free(fill);
    free(deg);
}

static size_t find_root(size_t *parent, size_t x)
{
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

/* Step 3: the largest weakly connected component of the selected nodes;
 * ties go to the component holding the smallest node index.  Union-find,
 * O((V + E) α(V)). */
static void select_largest_component(const kg_graph *h, bool *sel)
{
    size_t n = h->nnodes;
    size_t *parent = kg_xcalloc(n + 1, sizeof *parent);
    size_t *size = kg_xcalloc(n + 1, sizeof *size);
    for (size_t i = 0; i < n; i++) parent[i] = i;
    for (size_t j = 0; j < h->nedges; j++) {
        size_t s = h->edges[j].source, t = h->edges[j].target;
        if (!sel[s] || !sel[t]) continue;
        s = find_root(parent, s);
        t = find_root(parent, t);
        if (s != t) parent[s > t ? s : t] = s < t ? s : t; /* root = smallest index */
    }
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (!sel[i]) continue;
        size_t r = find_root(parent, i);
        size[r]++;
    }
    for (size_t i = 0; i < n; i++)
        if (sel[i] && find_root(parent, i) == i && (best == SIZE_MAX || size[i] > size[best]))
            best = i;
    for (size_t i = 0; i < n; i++) sel[i] = sel[i] && find_root(parent, i) == best;
    free(size);
    free(parent);
}

typedef struct ranked {
    double value;
    size_t index;
} ranked;

static int cmp_ranked(const void *p, const void *q)
{
    const ranked *a = p, *b = q;
    if (a->value != b->value) return a->value > b->value ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Step 4: the k selected nodes with the highest measure m.  O(V log V). */
static void select_top(const kg_graph *h, bool *sel, size_t k, int m)
{
    ranked *r = kg_xcalloc(h->nnodes + 1, sizeof *r);
    size_t nr = 0;
    for (size_t i = 0; i < h->nnodes; i++)
        if (sel[i]) r[nr++] = (ranked){h->nodes[i].measures[m], i};
    qsort(r, nr, sizeof *r, cmp_ranked);
    for (size_t i = k; i < nr; i++) sel[r[i].index] = false;
    free(r);
}

int kg_graph_filter_apply(kg_graph **out, const kg_graph *g, const kg_graph_filter *f)
{
    *out = NULL;
    int top_by = KG_MEASURE_DEGREE, rc = check_filter(g, f, &top_by);
    if (rc < 0) return rc;

    kg_graph *h = analysed_subgraph(g, f);
    bool *sel = NULL;
    if (g->analyzed || f->top_k) {
        rc = kg_graph_analyze(h, g->analyzed ? &g->opts : NULL);
        if (rc < 0) goto done;
    }
    sel = kg_xcalloc(h->nnodes + 1, sizeof *sel);
    for (size_t i = 0; i < h->nnodes; i++) sel[i] = true;
    if (f->ego) {
        if (!has_name(h, f->ego)) {
            rc = kg_error_set(KG_ENOTFOUND,
                              "entity '%s' has no edges left after the relation, type and "
                              "weight filters",
                              f->ego);
            goto done;
        }
        select_ego(h, sel, f->ego, f->ego_hops);
    }
    if (f->largest_component) select_largest_component(h, sel);
    if (f->top_k) select_top(h, sel, f->top_k, top_by);
    *out = kg_graph_i_subgraph(h, sel, NULL);
done:
    free(sel);
    kg_graph_free(h);
    return rc;
}
