/*
 * tests/graph/helpers.c: see helpers.h.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/graph_int.h" /* docs[], edge_docs[] */
#include "graph/helpers.h"
#include "util/util.h"

kg_graph *load_graph(const char *const *paths, size_t n, size_t max_evidence, bool analyze)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, max_evidence), 0);
    for (size_t i = 0; i < n; i++) {
        int rc = kg_graph_builder_add_file(b, paths[i]);
        cr_assert_eq(rc, 0, "%s: %s", paths[i], kg_error_last());
    }
    kg_graph *g;
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0, "%s", kg_error_last());
    if (analyze) cr_assert_eq(kg_graph_analyze(g, NULL), 0, "%s", kg_error_last());
    return g;
}

kg_graph *load1(const char *path, size_t max_evidence, bool analyze)
{
    return load_graph(&path, 1, max_evidence, analyze);
}

/* ids[0, n) looked up in g->docs, joined by ",".  Asserts every id is in
 * range. */
static char *join_docs(const kg_graph *g, const uint32_t *ids, size_t n)
{
    char *out = kg_xstrdup("");
    for (size_t k = 0; k < n; k++) {
        cr_assert_lt(ids[k], g->ndocs, "document id %u of %zu", ids[k], g->ndocs);
        char *next = kg_xasprintf("%s%s%s", out, k ? "," : "", g->docs[ids[k]]);
        free(out);
        out = next;
    }
    return out;
}

char *graph_documents(const kg_graph *g)
{
    uint32_t *ids = kg_xcalloc(g->ndocs + 1, sizeof *ids);
    for (size_t d = 0; d < g->ndocs; d++) ids[d] = (uint32_t)d;
    char *out = join_docs(g, ids, g->ndocs);
    free(ids);
    return out;
}

char *edge_documents(const kg_graph *g, size_t j)
{
    cr_assert_lt(j, g->nedges);
    return join_docs(g, g->edge_docs + g->edge_docs_at[j],
                     g->edge_docs_at[j + 1] - g->edge_docs_at[j]);
}

/* NULL when the strings are equal, else "what: a vs b".  Frees a and b. */
static char *docs_diff(const char *what, char *a, char *b)
{
    char *d = strcmp(a, b) ? kg_xasprintf("%s: [%s] vs [%s]", what, a, b) : NULL;
    free(a);
    free(b);
    return d;
}

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static char *ev_diff(const char *what, size_t j, const kg_evidence *a, const kg_evidence *b)
{
    if (!same(a->doc, b->doc) || a->line != b->line || a->start != b->start ||
        a->end != b->end || !same(a->rule, b->rule) || !same(a->text, b->text))
        return kg_xasprintf("edge %zu: %s differs: %s:%zu@%zu %s vs %s:%zu@%zu %s", j, what,
                            a->doc, a->line, a->start, a->rule, b->doc, b->line, b->start,
                            b->rule);
    return NULL;
}

char *graph_diff(const kg_graph *g, const kg_graph *h)
{
    if (kg_graph_node_count(g) != kg_graph_node_count(h))
        return kg_xasprintf("node count %zu vs %zu", kg_graph_node_count(g),
                            kg_graph_node_count(h));
    if (kg_graph_edge_count(g) != kg_graph_edge_count(h))
        return kg_xasprintf("edge count %zu vs %zu", kg_graph_edge_count(g),
                            kg_graph_edge_count(h));
    if (kg_graph_component_count(g) != kg_graph_component_count(h) ||
        kg_graph_community_count(g) != kg_graph_community_count(h) ||
        memcmp(&(double){kg_graph_modularity(g)}, &(double){kg_graph_modularity(h)},
               sizeof(double)) != 0)
        return kg_xasprintf("component/community counts or modularity differ");
    if (kg_graph_document_count(g) != kg_graph_document_count(h))
        return kg_xasprintf("document count %zu vs %zu", kg_graph_document_count(g),
                            kg_graph_document_count(h));
    char *dd = docs_diff("documents", graph_documents(g), graph_documents(h));
    if (dd) return dd;
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        const kg_node *a = kg_graph_node(g, i), *b = kg_graph_node(h, i);
        if (!same(a->name, b->name) || !same(a->type, b->type))
            return kg_xasprintf("node %zu: %s/%s vs %s/%s", i, a->name, a->type, b->name,
                                b->type);
        if (a->mentions != b->mentions || a->documents != b->documents ||
            a->nforms != b->nforms || a->component != b->component ||
            a->community != b->community)
            return kg_xasprintf("node %zu (%s): counts differ", i, a->name);
        for (size_t k = 0; k < a->nforms; k++)
            if (!same(a->forms[k], b->forms[k]))
                return kg_xasprintf("node %zu (%s): form %zu differs", i, a->name, k);
        if (memcmp(a->measures, b->measures, sizeof a->measures) != 0)
            return kg_xasprintf("node %zu (%s): measures differ", i, a->name);
    }
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *a = kg_graph_edge(g, j), *b = kg_graph_edge(h, j);
        if (a->source != b->source || a->target != b->target || !same(a->relation, b->relation) ||
            a->symmetric != b->symmetric || a->weight != b->weight ||
            a->documents != b->documents || a->nrules != b->nrules ||
            a->nevidence != b->nevidence)
            return kg_xasprintf("edge %zu: %zu-%s-%zu w%zu vs %zu-%s-%zu w%zu", j, a->source,
                                a->relation, a->target, a->weight, b->source, b->relation,
                                b->target, b->weight);
        for (size_t k = 0; k < a->nrules; k++)
            if (!same(a->rules[k], b->rules[k])) return kg_xasprintf("edge %zu: rules differ", j);
        char *d = docs_diff("documents", edge_documents(g, j), edge_documents(h, j));
        if (d) {
            char *msg = kg_xasprintf("edge %zu: %s", j, d);
            free(d);
            return msg;
        }
        d = ev_diff("first evidence", j, &a->first, &b->first);
        for (size_t k = 0; !d && k < a->nevidence; k++)
            d = ev_diff("evidence", j, &a->evidence[k], &b->evidence[k]);
        if (d) return d;
    }
    return NULL;
}

char **read_lines(const char *path, size_t *n)
{
    char *text;
    size_t len;
    cr_assert_eq(kg_read_file(&text, &len, path), 0, "%s", kg_error_last());
    char **lines = NULL;
    size_t cap = 0;
    *n = 0;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        KG_GROW(lines, cap, *n + 1);
        lines[(*n)++] = kg_xstrndup(p, l);
        if (!nl) break;
        p = nl + 1;
    }
    free(text);
    return lines;
}

char *write_lines(char **lines, const size_t *perm, size_t from, size_t to)
{
    char *path = kg_xstrdup("/tmp/kg_graph_test_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    cr_assert(fp);
    for (size_t i = from; i < to; i++) fprintf(fp, "%s\n", lines[perm ? perm[i] : i]);
    cr_assert_eq(fclose(fp), 0);
    return path;
}

void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
}

size_t node_at(const kg_graph *g, const char *name, const char *type)
{
    size_t i;
    int rc = kg_graph_find_node(&i, g, name, type);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    return i;
}
