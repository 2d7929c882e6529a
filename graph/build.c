/*
 * graph/build.c: edge records -> merged, sorted kg_graph.
 *
 * Pipeline: rules -> extract -> [graph] -> export -> cli.  The extractor
 * writes one kg_edge per relation match; this file merges them into one node
 * per (canonical name, type) and one edge per (source, relation, target),
 * the symmetric relations' edges once per unordered pair.
 *
 * Order independence is the invariant everything here serves: the graph must
 * be the same whatever order the records (or the files) came in, and two
 * halves of a corpus must build the graph of the whole.  So every attribute
 * is a function of the *set* of records:
 *
 *   - counts are counts of distinct keys (sentence = (doc, start)), never of
 *     records; the builder appends occurrences and deduplicates at the end;
 *   - lists (forms, rules) are sorted unique sets;
 *   - a node attribute that records disagree on takes the bytewise smallest
 *     value offered (so the choice does not depend on record order);
 *   - evidence is the N smallest distinct sentences by (doc, start), kept in
 *     a bounded sorted array per edge; a sentence matched by several rules
 *     keeps the smallest rule name;
 *   - nodes are sorted by (name, type), edges by (source, relation, target),
 *     all comparisons bytewise (strcmp).
 *
 * Builder layout (ids are slots of the `strings` map, in insertion order):
 *
 *   strings  "Acme" "Company" "a.txt" "employs" ...   value: relation flags
 *   nodes[]  {name id, type id}          <- node_ids  "name\0type" -> index
 *   edges[]  {src, rel, tgt, evidence[]} <- edge_ids  {src,rel,tgt} -> index
 *   nocc[]   {node, doc, start}   one per argument of each record
 *   nform[]  {node, form}         surface forms
 *   nattr[]  {node, key, value}   node attributes (source_attrs, target_attrs)
 *   eocc[]   {edge, doc, start, rule}  one per record
 *
 * Each occurrence array holds every distinct item once: an item already
 * present (the same record read twice, or ten million times) is found in the
 * array's hash set (`occset`, open addressing over indexes into the array,
 * hashed on the item's full content) and not appended.  Since every count is
 * of distinct keys, this changes no output, and memory grows with the unique
 * nodes, edges and occurrences, not with the records (merge as you read).
 *
 * kg_graph_builder_finish() sorts the occurrence arrays, counts distinct
 * keys per node and edge, and lays the result out in a kg_graph.  It also
 * keeps each edge's distinct documents (from eocc, so all of them, not only
 * those of the capped evidence) as ids into the graph's sorted document
 * list, so that a filtered graph can count the documents of its edges
 * (kg_graph_document_count; layout in graph_int.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"

typedef struct bev {
    uint32_t doc, rule;
    size_t line, start, end;
    char *text;
} bev;

typedef struct bedge {
    uint32_t src, rel, tgt;
    bev *ev;           /* sorted by (doc, start), at most b->keep items */
    size_t nev, capev;
} bedge;

typedef struct bnode {
    uint32_t name, type;
} bnode;

typedef struct nocc {
    uint32_t node, doc;
    size_t start;
} nocc;

typedef struct nform {
    uint32_t node, form;
} nform;

typedef struct nattr {
    uint32_t node, key, value;
} nattr;

typedef struct eocc {
    uint32_t edge, doc, rule;
    size_t start;
} eocc;

/* A set of the items of one occurrence array: slots hold index + 1 into the
 * array (0 is empty), capacity a power of two at most half full.  An item's
 * key is its fields widened to four uint64_t (unused ones 0), so padding
 * bytes never enter a hash or a comparison. */
typedef struct occset {
    uint32_t *slots;
    size_t cap;
} occset;

typedef void (*occ_key_fn)(const void *item, uint64_t key[4]);

static uint64_t occ_hash(const uint64_t key[4])
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 4; i++) {
        h ^= key[i] + 0x632BE59BD9B4E019u + (h << 6) + (h >> 2);
        h *= 0xFF51AFD7ED558CCDu;
    }
    return h ^ (h >> 29);
}

/* Place index i (whose key is `key`) in the first free slot of its chain. */
static void occ_place(occset *s, const uint64_t key[4], size_t i)
{
    size_t mask = s->cap - 1, pos = (size_t)occ_hash(key) & mask;
    while (s->slots[pos]) pos = (pos + 1) & mask;
    s->slots[pos] = (uint32_t)(i + 1);
}

/* Is the item with `key` new among the n items of `items` (elem bytes
 * each)?  If so its index n is recorded and the caller must append it.
 * Amortised O(1). */
static bool occ_add(occset *s, const uint64_t key[4], const void *items, size_t n, size_t elem,
                    occ_key_fn key_of)
{
    if ((n + 1) * 2 > s->cap) {
        free(s->slots);
        s->cap = s->cap ? s->cap * 2 : 64;
        s->slots = kg_xcalloc(s->cap, sizeof *s->slots);
        for (size_t i = 0; i < n; i++) {
            uint64_t k[4];
            key_of((const char *)items + i * elem, k);
            occ_place(s, k, i);
        }
    }
    size_t mask = s->cap - 1, pos = (size_t)occ_hash(key) & mask;
    for (; s->slots[pos]; pos = (pos + 1) & mask) {
        uint64_t k[4];
        key_of((const char *)items + (s->slots[pos] - 1) * elem, k);
        if (memcmp(k, key, sizeof k) == 0) return false;
    }
    s->slots[pos] = (uint32_t)(n + 1);
    return true;
}

static void nocc_key(const void *p, uint64_t k[4])
{
    const nocc *o = p;
    k[0] = o->node, k[1] = o->doc, k[2] = o->start, k[3] = 0;
}

static void nform_key(const void *p, uint64_t k[4])
{
    const nform *o = p;
    k[0] = o->node, k[1] = o->form, k[2] = k[3] = 0;
}

static void nattr_key(const void *p, uint64_t k[4])
{
    const nattr *o = p;
    k[0] = o->node, k[1] = o->key, k[2] = o->value, k[3] = 0;
}

static void eocc_key(const void *p, uint64_t k[4])
{
    const eocc *o = p;
    k[0] = o->edge, k[1] = o->doc, k[2] = o->rule, k[3] = o->start;
}

/* Append `item` to arr[0, n) (capacity cap) unless an equal item is there. */
#define OCC_APPEND(set, arr, n, cap, item, key_fn)                                   \
    do {                                                                             \
        uint64_t k_[4];                                                              \
        __typeof__(item) it_ = (item);                                               \
        key_fn(&it_, k_);                                                            \
        if (occ_add(&(set), k_, (arr), (n), sizeof *(arr), key_fn)) {                \
            KG_GROW((arr), (cap), (n) + 1);                                          \
            (arr)[(n)++] = it_;                                                      \
        }                                                                            \
    } while (0)

/* Flags kept as the value of a relation's slot in `strings`; the bits from
 * REL_WHERE_SHIFT up hold 1 + the string id of the relation's first
 * "FILE:LINE" (0: read through the API). */
enum { REL_SEEN = 1, REL_SYMMETRIC = 2, REL_WHERE_SHIFT = 2 };

struct kg_graph_builder {
    size_t max_evidence, keep;  /* keep = max(max_evidence, 1) */
    kg_map *strings, *node_ids, *edge_ids;
    bnode *nodes;
    size_t nnodes, capnodes;
    bedge *edges;
    size_t nedges, capedges;
    nocc *nocc;
    size_t nnocc, capnocc;
    nform *nform;
    size_t nnform, capnform;
    nattr *nattr;
    size_t nnattr, capnattr;
    eocc *eocc;
    size_t neocc, capeocc;
    occset nocc_set, nform_set, nattr_set, eocc_set;
    size_t records;
};

int kg_graph_builder_new(kg_graph_builder **out, size_t max_evidence)
{
    kg_graph_builder *b = kg_xcalloc(1, sizeof *b);
    b->max_evidence = max_evidence;
    b->keep = max_evidence ? max_evidence : 1;
    b->strings = kg_map_new();
    b->node_ids = kg_map_new();
    b->edge_ids = kg_map_new();
    *out = b;
    return 0;
}

void kg_graph_builder_free(kg_graph_builder *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nedges; i++) {
        for (size_t k = 0; k < b->edges[i].nev; k++) free(b->edges[i].ev[k].text);
        free(b->edges[i].ev);
    }
    kg_map_free(b->strings);
    kg_map_free(b->node_ids);
    kg_map_free(b->edge_ids);
    free(b->nodes);
    free(b->edges);
    free(b->nocc);
    free(b->nform);
    free(b->nattr);
    free(b->eocc);
    free(b->nocc_set.slots);
    free(b->nform_set.slots);
    free(b->nattr_set.slots);
    free(b->eocc_set.slots);
    free(b);
}

size_t kg_graph_i_builder_items(const kg_graph_builder *b)
{
    return b->nnodes + b->nedges + b->nnocc + b->nnform + b->nnattr + b->neocc +
           kg_map_count(b->strings);
}

size_t kg_graph_builder_records(const kg_graph_builder *b) { return b->records; }

static uint32_t intern(kg_graph_builder *b, const char *s)
{
    return (uint32_t)kg_map_intern(b->strings, s, strlen(s), 0, NULL);
}

static const char *str(const kg_graph_builder *b, uint32_t id)
{
    return kg_map_key(b->strings, id);
}

static uint32_t node_id(kg_graph_builder *b, const char *name, const char *type)
{
    size_t ln = strlen(name), lt = strlen(type);
    char *key = kg_xmalloc(ln + lt + 1);
    memcpy(key, name, ln);
    key[ln] = '\0';
    memcpy(key + ln + 1, type, lt);
    bool inserted;
    size_t slot = kg_map_intern(b->node_ids, key, ln + 1 + lt, (intptr_t)b->nnodes, &inserted);
    free(key);
    if (inserted) {
        KG_GROW(b->nodes, b->capnodes, b->nnodes + 1);
        b->nodes[b->nnodes].name = intern(b, name);
        b->nodes[b->nnodes].type = intern(b, type);
        b->nnodes++;
    }
    return (uint32_t)kg_map_value(b->node_ids, slot);
}

/* Bytewise (name, type) order of two builder nodes. */
static int node_cmp(const kg_graph_builder *b, uint32_t x, uint32_t y)
{
    int c = strcmp(str(b, b->nodes[x].name), str(b, b->nodes[y].name));
    return c ? c : strcmp(str(b, b->nodes[x].type), str(b, b->nodes[y].type));
}

static uint32_t edge_id(kg_graph_builder *b, uint32_t src, uint32_t rel, uint32_t tgt)
{
    uint32_t key[3] = {src, rel, tgt};
    bool inserted;
    size_t slot = kg_map_intern(b->edge_ids, (const char *)key, sizeof key, (intptr_t)b->nedges,
                                &inserted);
    if (inserted) {
        KG_GROW(b->edges, b->capedges, b->nedges + 1);
        b->edges[b->nedges] = (bedge){src, rel, tgt, NULL, 0, 0};
        b->nedges++;
    }
    return (uint32_t)kg_map_value(b->edge_ids, slot);
}

static int ev_cmp(const kg_graph_builder *b, uint32_t doc, size_t start, const bev *y)
{
    int c = doc == y->doc ? 0 : strcmp(str(b, doc), str(b, y->doc));
    if (c) return c;
    return start < y->start ? -1 : start > y->start;
}

/* Offer one sentence to the edge's bounded evidence set: the set always holds
 * the `keep` smallest distinct (doc, start) seen so far.  O(keep). */
static void offer_evidence(kg_graph_builder *b, bedge *e, const kg_edge *r, uint32_t doc,
                           uint32_t rule)
{
    size_t i = 0;
    for (; i < e->nev; i++) {
        int c = ev_cmp(b, doc, r->start, &e->ev[i]);
        if (c == 0) {
            if (strcmp(str(b, rule), str(b, e->ev[i].rule)) < 0) e->ev[i].rule = rule;
            return;
        }
        if (c < 0) break;
    }
    if (i == b->keep) return;
    if (e->nev == b->keep) free(e->ev[--e->nev].text);
    KG_GROW(e->ev, e->capev, e->nev + 1);
    memmove(&e->ev[i + 1], &e->ev[i], (e->nev - i) * sizeof *e->ev);
    e->ev[i] = (bev){doc, rule, r->line, r->start, r->end,
                     kg_xstrdup(r->evidence ? r->evidence : "")};
    e->nev++;
}

static bool empty(const char *s) { return !s || !*s; }

/* Add one record.  `path` and `line` name where it was read (NULL for a
 * record handed in by the API); a relation's slot in `strings` keeps its
 * flags and, above them, 1 + the id of the "FILE:LINE" of its first record,
 * so that a symmetric conflict names both places. */
static int add_record(kg_graph_builder *b, const kg_edge *e, const char *path, size_t line)
{
    int rc = kg_edge_check(e);
    if (rc) return rc;
    uint32_t rel = intern(b, e->relation);
    intptr_t flags = kg_map_value(b->strings, rel);
    intptr_t want = REL_SEEN | (e->symmetric ? REL_SYMMETRIC : 0);
    if ((flags & REL_SEEN) && (flags & REL_SYMMETRIC) != (want & REL_SYMMETRIC)) {
        const char *is = e->symmetric ? "" : "not ", *was = e->symmetric ? "not " : "";
        intptr_t first = flags >> REL_WHERE_SHIFT;
        if (!path)
            return kg_error_set(KG_EFORMAT,
                                "relation '%s' is %ssymmetric here but %ssymmetric in an "
                                "earlier edge",
                                e->relation, is, was);
        return kg_error_set(KG_EFORMAT,
                            "%s:%zu:1: relation '%s' is %ssymmetric here but %ssymmetric in "
                            "an earlier edge%s%s%s",
                            path, line, e->relation, is, was, first ? " (" : "",
                            first ? str(b, (uint32_t)(first - 1)) : "", first ? ")" : "");
    }
    if (!(flags & REL_SEEN) && path) {
        char *where = kg_xasprintf("%s:%zu", path, line);
        flags |= (intptr_t)(intern(b, where) + 1) << REL_WHERE_SHIFT;
        free(where);
    }
    kg_map_set_value(b->strings, rel, flags | want);

    uint32_t s = node_id(b, e->source, e->source_type);
    uint32_t t = node_id(b, e->target, e->target_type);
    uint32_t doc = intern(b, e->doc);
    uint32_t rule = intern(b, e->rule ? e->rule : "");

    OCC_APPEND(b->nocc_set, b->nocc, b->nnocc, b->capnocc, ((nocc){s, doc, e->start}), nocc_key);
    OCC_APPEND(b->nocc_set, b->nocc, b->nnocc, b->capnocc, ((nocc){t, doc, e->start}), nocc_key);
    if (!empty(e->source_text))
        OCC_APPEND(b->nform_set, b->nform, b->nnform, b->capnform,
                   ((nform){s, intern(b, e->source_text)}), nform_key);
    if (!empty(e->target_text))
        OCC_APPEND(b->nform_set, b->nform, b->nnform, b->capnform,
                   ((nform){t, intern(b, e->target_text)}), nform_key);
    for (size_t i = 0; i < e->nsource_attrs; i++)
        OCC_APPEND(b->nattr_set, b->nattr, b->nnattr, b->capnattr,
                   ((nattr){s, intern(b, e->source_attrs[i].key), intern(b, e->source_attrs[i].value)}),
                   nattr_key);
    for (size_t i = 0; i < e->ntarget_attrs; i++)
        OCC_APPEND(b->nattr_set, b->nattr, b->nnattr, b->capnattr,
                   ((nattr){t, intern(b, e->target_attrs[i].key), intern(b, e->target_attrs[i].value)}),
                   nattr_key);

    if (e->symmetric && node_cmp(b, s, t) > 0) {
        uint32_t x = s;
        s = t;
        t = x;
    }
    uint32_t id = edge_id(b, s, rel, t);
    OCC_APPEND(b->eocc_set, b->eocc, b->neocc, b->capeocc, ((eocc){id, doc, rule, e->start}), eocc_key);
    offer_evidence(b, &b->edges[id], e, doc, rule);
    b->records++;
    return 0;
}

int kg_graph_builder_add(kg_graph_builder *b, const kg_edge *e)
{
    return add_record(b, e, NULL, 0);
}

int kg_graph_builder_add_file(kg_graph_builder *b, const char *path)
{
    kg_edge_reader *r;
    int rc = kg_edge_reader_open(&r, path);
    if (rc < 0) return rc;
    const kg_edge *e;
    while ((rc = kg_edge_reader_next(r, &e)) == 1) {
        rc = add_record(b, e, kg_edge_reader_path(r), kg_edge_reader_line(r));
        if (rc < 0) break;
    }
    kg_edge_reader_free(r);
    return rc < 0 ? rc : 0;
}

/* ---- finish ---- */

/* qsort, except that an empty array may be NULL. */
static void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1) qsort(base, n, size, cmp);
}

typedef struct sortkey {
    const char *a, *b;  /* node: name, type; edge: relation, unused */
    size_t x, y;        /* edge: new source, new target */
    uint32_t old;
} sortkey;

static int cmp_node_key(const void *p, const void *q)
{
    const sortkey *u = p, *v = q;
    int c = strcmp(u->a, v->a);
    return c ? c : strcmp(u->b, v->b);
}

static int cmp_edge_key(const void *p, const void *q)
{
    const sortkey *u = p, *v = q;
    if (u->x != v->x) return u->x < v->x ? -1 : 1;
    int c = strcmp(u->a, v->a);
    if (c) return c;
    return u->y < v->y ? -1 : u->y > v->y;
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b))

static int cmp_nocc(const void *p, const void *q)
{
    const nocc *u = p, *v = q;
    if (u->node != v->node) return CMP3(u->node, v->node);
    if (u->doc != v->doc) return CMP3(u->doc, v->doc);
    return CMP3(u->start, v->start);
}

static int cmp_nform(const void *p, const void *q)
{
    const nform *u = p, *v = q;
    if (u->node != v->node) return CMP3(u->node, v->node);
    return CMP3(u->form, v->form);
}

/* The builder whose strings cmp_nattr compares (qsort has no context
 * argument; finishing is single-threaded per builder, see kg_graph_builder_finish). */
static _Thread_local const kg_graph_builder *attr_builder;

/* (node, key, value), key and value compared as strings. */
static int cmp_nattr(const void *p, const void *q)
{
    const nattr *u = p, *v = q;
    if (u->node != v->node) return CMP3(u->node, v->node);
    int c = u->key == v->key ? 0 : strcmp(str(attr_builder, u->key), str(attr_builder, v->key));
    if (c) return c;
    return u->value == v->value ? 0
                                : strcmp(str(attr_builder, u->value), str(attr_builder, v->value));
}

static int cmp_eocc_sentence(const void *p, const void *q)
{
    const eocc *u = p, *v = q;
    if (u->edge != v->edge) return CMP3(u->edge, v->edge);
    if (u->doc != v->doc) return CMP3(u->doc, v->doc);
    return CMP3(u->start, v->start);
}

static int cmp_eocc_rule(const void *p, const void *q)
{
    const eocc *u = p, *v = q;
    if (u->edge != v->edge) return CMP3(u->edge, v->edge);
    return CMP3(u->rule, v->rule);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct counts {
    size_t sentences, documents;
} counts;

/* Distinct (doc, start) and distinct doc per owner (the field `owner` of the
 * items: node or edge), from occurrences sorted by (owner, doc, start).
 * O(n). */
#define COUNT_DISTINCT(arr, n, owner, res)                                            \
    do {                                                                              \
        for (size_t i_ = 0; i_ < (n); i_++) {                                         \
            bool newdoc_ = i_ == 0 || arr[i_].owner != arr[i_ - 1].owner ||           \
                           arr[i_].doc != arr[i_ - 1].doc;                            \
            bool newsent_ = newdoc_ || arr[i_].start != arr[i_ - 1].start;            \
            res[arr[i_].owner].documents += newdoc_;                                  \
            res[arr[i_].owner].sentences += newsent_;                                 \
        }                                                                             \
    } while (0)

typedef struct docname {
    const char *name;
    uint32_t id; /* builder string id */
} docname;

static int cmp_docname(const void *p, const void *q)
{
    return strcmp(((const docname *)p)->name, ((const docname *)q)->name);
}

static int cmp_u32(const void *p, const void *q)
{
    uint32_t u = *(const uint32_t *)p, v = *(const uint32_t *)q;
    return CMP3(u, v);
}

/* The graph's documents: the distinct docs of the edge occurrences, numbered
 * by sorted name, so that the ids do not depend on the order the records
 * came in (builder string ids do).  Returns their number; *names receives
 * them sorted (builder strings, borrowed), *rank maps a builder string id to
 * its document id (UINT32_MAX for strings that are no document).  O(R + D
 * log D) for R occurrences and D documents. */
static size_t number_documents(const kg_graph_builder *b, docname **names, uint32_t **rank)
{
    size_t nstr = kg_map_count(b->strings), nd = 0;
    uint32_t *r = kg_xmalloc((nstr ? nstr : 1) * sizeof *r);
    for (size_t i = 0; i < nstr; i++) r[i] = UINT32_MAX;
    docname *v = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < b->neocc; i++) {
        uint32_t doc = b->eocc[i].doc;
        if (r[doc] != UINT32_MAX) continue;
        r[doc] = 0; /* seen; numbered below */
        KG_GROW(v, cap, nd + 1);
        v[nd++] = (docname){str(b, doc), doc};
    }
    sort_array(v, nd, sizeof *v, cmp_docname);
    for (size_t i = 0; i < nd; i++) r[v[i].id] = (uint32_t)i;
    *names = v;
    *rank = r;
    return nd;
}

/* Each builder edge's distinct documents (builder string ids), from b->eocc
 * sorted by (edge, doc, start): edge o's are the result's [at[o], at[o+1]);
 * ecnt[o].documents of them.  *at_out has nedges + 1 entries.  O(R). */
static uint32_t *edge_documents(const kg_graph_builder *b, const counts *ecnt, size_t **at_out)
{
    size_t ne = b->nedges;
    size_t *at = kg_xcalloc(ne + 1, sizeof *at);
    for (size_t o = 0; o < ne; o++) at[o + 1] = at[o] + ecnt[o].documents;
    uint32_t *docs = kg_xmalloc((at[ne] ? at[ne] : 1) * sizeof *docs);
    size_t k = 0;
    for (size_t i = 0; i < b->neocc; i++)
        if (i == 0 || b->eocc[i].edge != b->eocc[i - 1].edge ||
            b->eocc[i].doc != b->eocc[i - 1].doc)
            docs[k++] = b->eocc[i].doc;
    *at_out = at;
    return docs;
}

static void set_evidence(kg_graph *g, kg_evidence *d, const kg_graph_builder *b, const bev *s)
{
    d->doc = kg_graph_i_intern(g, str(b, s->doc));
    d->line = s->line;
    d->start = s->start;
    d->end = s->end;
    d->rule = kg_graph_i_intern(g, str(b, s->rule));
    d->text = kg_graph_i_intern(g, s->text);
}

int kg_graph_builder_finish(kg_graph **out, kg_graph_builder *b)
{
    size_t nn = b->nnodes, ne = b->nedges;

    /* Node order and the old -> new index map.  O(V log V). */
    sortkey *nk = kg_xcalloc(nn, sizeof *nk);
    for (size_t i = 0; i < nn; i++)
        nk[i] = (sortkey){str(b, b->nodes[i].name), str(b, b->nodes[i].type), 0, 0, (uint32_t)i};
    sort_array(nk, nn, sizeof *nk, cmp_node_key);
    size_t *newidx = kg_xcalloc(nn, sizeof *newidx);
    for (size_t i = 0; i < nn; i++) newidx[nk[i].old] = i;

    /* Edge order.  Symmetric pairs were ordered by node_cmp, which the new
     * indexes follow, so source <= target holds for them.  O(E log E). */
    sortkey *ek = kg_xcalloc(ne, sizeof *ek);
    for (size_t j = 0; j < ne; j++)
        ek[j] = (sortkey){str(b, b->edges[j].rel), NULL, newidx[b->edges[j].src],
                          newidx[b->edges[j].tgt], (uint32_t)j};
    sort_array(ek, ne, sizeof *ek, cmp_edge_key);

    /* Distinct sentences and documents per node and per edge. O(R log R). */
    counts *ncnt = kg_xcalloc(nn, sizeof *ncnt);
    sort_array(b->nocc, b->nnocc, sizeof *b->nocc, cmp_nocc);
    COUNT_DISTINCT(b->nocc, b->nnocc, node, ncnt);
    counts *ecnt = kg_xcalloc(ne, sizeof *ecnt);
    sort_array(b->eocc, b->neocc, sizeof *b->eocc, cmp_eocc_sentence);
    COUNT_DISTINCT(b->eocc, b->neocc, edge, ecnt);
    /* The documents of every record of each edge, before the rule pass below
     * reorders b->eocc.  O(R + D log D). */
    docname *docs;
    uint32_t *doc_rank;
    size_t nd = number_documents(b, &docs, &doc_rank);
    size_t *edoc_at;
    uint32_t *edocs = edge_documents(b, ecnt, &edoc_at);

    /* Unique forms per node, unique rules per edge (still by id). */
    sort_array(b->nform, b->nnform, sizeof *b->nform, cmp_nform);
    size_t nf = 0;
    for (size_t i = 0; i < b->nnform; i++)
        if (i == 0 || cmp_nform(&b->nform[i], &b->nform[i - 1]) != 0) b->nform[nf++] = b->nform[i];
    sort_array(b->eocc, b->neocc, sizeof *b->eocc, cmp_eocc_rule);
    size_t nr = 0;
    for (size_t i = 0; i < b->neocc; i++)
        if (i == 0 || cmp_eocc_rule(&b->eocc[i], &b->eocc[i - 1]) != 0) b->eocc[nr++] = b->eocc[i];
    /* One value per (node, key): the smallest, the first after sorting. */
    attr_builder = b;
    sort_array(b->nattr, b->nnattr, sizeof *b->nattr, cmp_nattr);
    attr_builder = NULL;
    size_t na = 0;
    for (size_t i = 0; i < b->nnattr; i++)
        if (i == 0 || b->nattr[i].node != b->nattr[na - 1].node ||
            b->nattr[i].key != b->nattr[na - 1].key)
            b->nattr[na++] = b->nattr[i];
    size_t nev = 0;
    for (size_t j = 0; j < ne; j++)
        nev += b->edges[j].nev < b->max_evidence ? b->edges[j].nev : b->max_evidence;

    kg_graph *g = kg_graph_i_alloc(nn, ne, nf, na, nr, nev, nd, edoc_at[ne]);
    for (size_t i = 0; i < nd; i++) g->docs[i] = kg_graph_i_intern(g, docs[i].name);

    /* Where each old node's forms and each old edge's rules start. */
    size_t *form_at = kg_xcalloc(nn + 1, sizeof *form_at);
    for (size_t i = 0; i < nf; i++) form_at[b->nform[i].node + 1]++;
    for (size_t i = 0; i < nn; i++) form_at[i + 1] += form_at[i];
    size_t *attr_at = kg_xcalloc(nn + 1, sizeof *attr_at);
    for (size_t i = 0; i < na; i++) attr_at[b->nattr[i].node + 1]++;
    for (size_t i = 0; i < nn; i++) attr_at[i + 1] += attr_at[i];
    size_t *rule_at = kg_xcalloc(ne + 1, sizeof *rule_at);
    for (size_t i = 0; i < nr; i++) rule_at[b->eocc[i].edge + 1]++;
    for (size_t j = 0; j < ne; j++) rule_at[j + 1] += rule_at[j];

    size_t fpos = 0, apos = 0;
    for (size_t i = 0; i < nn; i++) {
        uint32_t o = nk[i].old;
        kg_node *d = &g->nodes[i];
        d->name = kg_graph_i_intern(g, nk[i].a);
        d->type = kg_graph_i_intern(g, nk[i].b);
        d->mentions = ncnt[o].sentences;
        d->documents = ncnt[o].documents;
        d->forms = g->forms + fpos;
        for (size_t k = form_at[o]; k < form_at[o + 1]; k++)
            g->forms[fpos++] = kg_graph_i_intern(g, str(b, b->nform[k].form));
        d->nforms = (size_t)(g->forms + fpos - d->forms);
        sort_array((void *)d->forms, d->nforms, sizeof *d->forms, cmp_cstr);
        d->attrs = g->attrs + apos;
        for (size_t k = attr_at[o]; k < attr_at[o + 1]; k++)
            g->attrs[apos++] = (kg_attr){kg_graph_i_intern(g, str(b, b->nattr[k].key)),
                                         kg_graph_i_intern(g, str(b, b->nattr[k].value))};
        d->nattrs = (size_t)(g->attrs + apos - d->attrs);
    }
    size_t rpos = 0, vpos = 0, dpos = 0;
    for (size_t j = 0; j < ne; j++) {
        uint32_t o = ek[j].old;
        const bedge *s = &b->edges[o];
        kg_gedge *d = &g->edges[j];
        d->source = ek[j].x;
        d->target = ek[j].y;
        d->relation = kg_graph_i_intern(g, ek[j].a);
        d->symmetric = (kg_map_value(b->strings, s->rel) & REL_SYMMETRIC) != 0;
        d->weight = ecnt[o].sentences;
        d->documents = ecnt[o].documents;
        d->rules = g->rules + rpos;
        for (size_t k = rule_at[o]; k < rule_at[o + 1]; k++)
            g->rules[rpos++] = kg_graph_i_intern(g, str(b, b->eocc[k].rule));
        d->nrules = (size_t)(g->rules + rpos - d->rules);
        sort_array((void *)d->rules, d->nrules, sizeof *d->rules, cmp_cstr);
        set_evidence(g, &d->first, b, &s->ev[0]);
        d->evidence = g->evidence + vpos;
        for (size_t k = 0; k < s->nev && k < b->max_evidence; k++)
            set_evidence(g, &g->evidence[vpos++], b, &s->ev[k]);
        d->nevidence = (size_t)(g->evidence + vpos - d->evidence);
        uint32_t *ids = g->edge_docs + dpos;
        for (size_t k = edoc_at[o]; k < edoc_at[o + 1]; k++)
            g->edge_docs[dpos++] = doc_rank[edocs[k]];
        sort_array(ids, (size_t)(g->edge_docs + dpos - ids), sizeof *ids, cmp_u32);
        g->edge_docs_at[j + 1] = dpos;
    }
    kg_graph_i_index(g);

    free(nk);
    free(newidx);
    free(ek);
    free(ncnt);
    free(ecnt);
    free(form_at);
    free(attr_at);
    free(rule_at);
    free(docs);
    free(doc_rank);
    free(edocs);
    free(edoc_at);
    kg_graph_builder_free(b);
    *out = g;
    return 0;
}
