/*
 * rules/load_lists.c: the `lists:` and `examples:` sections.
 *
 * A word list is a named set of entries that token patterns use as @name.
 * Entries are folded like pattern words (kg_wordlist_add, shared with the
 * pattern compiler): one-word entries go to a hash set, several-word entries
 * to `phrases`, "award*" to `prefixes`.  Lists must be in kg_rules before
 * any pattern compiles, which pass 1 guarantees; whether each is used is
 * known only after pass 2.
 *
 * Examples are the rule author's tests: a text and the edges (or "none")
 * and entities it must yield.  They are only validated here: every relation
 * and type they name must exist, which is checked in pass 2 when all files
 * are read.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const example_keys[] = {"text", "edges", "entities"};
static const char *const edge_keys[] = {"relation", "source", "target", "attrs"};
static const char *const entity_keys[] = {"text", "type", "canonical"};

#define N(a) (sizeof(a) / sizeof *(a))

static bool valid_list_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static int load_list(kg_loader *ld, const kg_ynode *key, const kg_ynode *val)
{
    kg_rules *r = ld->r;
    const char *name;
    size_t count;
    int rc = kg_ld_string(ld, key, "a list name", &name);
    if (rc) return rc;
    if (!valid_list_name(name))
        return kg_ld_error(ld, key, "invalid word list name '%s' (use letters, digits and '_')",
                           name);
    intptr_t prev;
    if (kg_map_get(ld->list_names, name, strlen(name), &prev)) {
        kg_srcpos at = r->lists[prev].at;
        return kg_ld_error(ld, key, "duplicate word list '%s' (first defined at %s:%d:%d)", name,
                           at.file, at.line, at.col);
    }
    if ((rc = kg_ld_strings(ld, val, "a list of words and phrases", &count))) return rc;
    if (count == 0) return kg_ld_error(ld, key, "word list '%s' is empty", name);
    kg_map_intern(ld->list_names, name, strlen(name), (intptr_t)r->nlists, NULL);
    KG_GROW(r->lists, r->lists_cap, r->nlists + 1);
    kg_wordlist *l = &r->lists[r->nlists++];
    memset(l, 0, sizeof *l);
    l->name = kg_xstrdup(name);
    l->at = kg_ld_pos(ld, key);
    kg_buf tmp = KG_BUF_INIT;
    for (size_t i = 0; i < count && rc == 0; i++) {
        const kg_ynode *e = kg_ld_item(val, i);
        size_t len = e->len;
        if (len > 1 && e->str[len - 1] == '*') len--;
        kg_buf_clear(&tmp);
        if (kg_phrase_key(&tmp, e->str, len, KG_NORM_FOLD) == 0)
            rc = kg_ld_error(ld, e, "the entry has no words");
        else
            kg_wordlist_add(l, e->str, e->len);
    }
    kg_buf_free(&tmp);
    return rc;
}

int kg_ld_lists(kg_loader *ld, const kg_ynode *n)
{
    if (kg_ynode_is_null(n)) return 0;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a mapping of word lists");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n->n; i += 2) rc = load_list(ld, n->kids[i], n->kids[i + 1]);
    return rc;
}

static int edge_field(kg_loader *ld, const kg_ynode *n, const char *what, char **out)
{
    const char *s;
    int rc = kg_ld_string(ld, n, what, &s);
    if (rc == 0) *out = kg_xstrdup(s);
    return rc;
}

static int load_edge(kg_loader *ld, kg_example_edge *e, const kg_ynode *n)
{
    int rc;
    const kg_ynode *rel, *src, *tgt;
    if (n->kind == KG_Y_SEQ) {
        if (n->n != 3)
            return kg_ld_error(ld, n, "expected [relation, source, target], found %zu items",
                               n->n);
        rel = n->kids[0];
        src = n->kids[1];
        tgt = n->kids[2];
    } else if (n->kind == KG_Y_MAP) {
        if ((rc = kg_ld_keys(ld, n, "edge", edge_keys, N(edge_keys))) ||
            (rc = kg_ld_require(ld, n, "relation", "edge", &rel)) ||
            (rc = kg_ld_require(ld, n, "source", "edge", &src)) ||
            (rc = kg_ld_require(ld, n, "target", "edge", &tgt)) ||
            (rc = kg_ld_attrs(ld, kg_ld_get(n, "attrs"), &e->attrs, &e->nattrs)))
            return rc;
    } else {
        return kg_ld_expected(ld, n, "an edge [relation, source, target]");
    }
    if ((rc = edge_field(ld, rel, "a relation name", &e->relation)) ||
        (rc = edge_field(ld, src, "a source name", &e->source)) ||
        (rc = edge_field(ld, tgt, "a target name", &e->target)))
        return rc;
    return 0;
}

static int load_edges(kg_loader *ld, kg_example *x, const kg_ynode *n)
{
    if (!n) return 0;
    x->check_edges = true;
    if (n->kind == KG_Y_SCALAR && strcmp(n->str, "none") == 0) {
        x->expect_none = true;
        return 0;
    }
    if (n->kind != KG_Y_SEQ) return kg_ld_expected(ld, n, "a list of edges or none");
    x->edges = kg_xcalloc(n->n ? n->n : 1, sizeof *x->edges);
    for (size_t i = 0; i < n->n; i++) {
        x->nedges++;
        int rc = load_edge(ld, &x->edges[i], n->kids[i]);
        if (rc) return rc;
    }
    return 0;
}

static int load_entities(kg_loader *ld, kg_example *x, const kg_ynode *n)
{
    int rc = kg_ld_list(ld, n, "a list of entities");
    if (rc || !n || n->kind != KG_Y_SEQ) return rc;
    x->entities = kg_xcalloc(n->n ? n->n : 1, sizeof *x->entities);
    for (size_t i = 0; i < n->n; i++) {
        const kg_ynode *m = n->kids[i], *text, *type, *canon;
        kg_example_entity *en = &x->entities[x->nentities++];
        if (m->kind != KG_Y_MAP) return kg_ld_expected(ld, m, "an entity {text, type}");
        if ((rc = kg_ld_keys(ld, m, "entity", entity_keys, N(entity_keys))) ||
            (rc = kg_ld_require(ld, m, "text", "entity", &text)) ||
            (rc = kg_ld_require(ld, m, "type", "entity", &type)) ||
            (rc = edge_field(ld, text, "a text", &en->text)) ||
            (rc = edge_field(ld, type, "a type name", &en->type)))
            return rc;
        if ((canon = kg_ld_get(m, "canonical")) &&
            (rc = edge_field(ld, canon, "a canonical name", &en->canonical)))
            return rc;
    }
    return 0;
}

static int load_example(kg_loader *ld, const kg_ynode *n)
{
    kg_rules *r = ld->r;
    const kg_ynode *text;
    int rc = kg_ld_keys(ld, n, "example", example_keys, N(example_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "an example (a mapping)");
    KG_GROW(r->examples, ld->capex, r->nexamples + 1);
    kg_example *x = &r->examples[r->nexamples++];
    memset(x, 0, sizeof *x);
    x->at = kg_ld_pos(ld, n);
    if ((rc = kg_ld_require(ld, n, "text", "example", &text)) ||
        (rc = edge_field(ld, text, "a text", &x->text)) ||
        (rc = load_edges(ld, x, kg_ld_get(n, "edges"))) ||
        (rc = load_entities(ld, x, kg_ld_get(n, "entities"))))
        return rc;
    if (!x->check_edges && x->nentities == 0)
        return kg_ld_error(ld, n, "the example expects nothing: give edges (or edges: none) "
                                  "or entities");
    kg_ld_defer(ld, KG_DEF_EXAMPLE, n, r->nexamples - 1);
    return 0;
}

int kg_ld_examples(kg_loader *ld, const kg_ynode *n)
{
    int rc = kg_ld_list(ld, n, "a list of examples");
    for (size_t i = 0; rc == 0 && n && n->kind == KG_Y_SEQ && i < n->n; i++)
        rc = load_example(ld, n->kids[i]);
    return rc;
}

/* Error at `at` unless `name` is in names[0..n), suggesting the closest. */
static int check_name(kg_loader *ld, const kg_ynode *at, const char *what, const char *name,
                      const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return 0;
    return kg_ld_error_span(ld, at, "unknown %s '%s'%s", what, name, kg_suggest(name, names, n, false));
}

/* The node holding field k (0 relation, 1 source, 2 target) of edge node e. */
static const kg_ynode *edge_node(const kg_ynode *e, const char *key, size_t k)
{
    return e->kind == KG_Y_SEQ ? e->kids[k] : kg_ld_get(e, key);
}

int kg_ld_example_check(kg_loader *ld, const kg_deferred *d)
{
    const kg_rules *r = ld->r;
    const kg_example *x = &r->examples[d->index];
    const char **rels = kg_xcalloc(kg_map_count(ld->relations) + 1, sizeof *rels);
    const char **types = kg_xcalloc(r->ntypes + 1, sizeof *types);
    for (size_t i = 0; i < kg_map_count(ld->relations); i++) rels[i] = kg_map_key(ld->relations, i);
    for (size_t i = 0; i < r->ntypes; i++) types[i] = r->types[i].name;
    int rc = 0;
    const kg_ynode *edges = kg_ld_get(d->node, "edges");
    for (size_t i = 0; rc == 0 && i < x->nedges; i++)
        rc = check_name(ld, edge_node(edges->kids[i], "relation", 0), "relation",
                        x->edges[i].relation, rels, kg_map_count(ld->relations));
    const kg_ynode *ents = kg_ld_get(d->node, "entities");
    for (size_t i = 0; rc == 0 && i < x->nentities; i++)
        rc = check_name(ld, kg_ld_get(ents->kids[i], "type"), "entity type",
                        x->entities[i].type, types, r->ntypes);
    free(rels);
    free(types);
    return rc;
}
