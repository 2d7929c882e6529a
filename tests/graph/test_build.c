/*
 * tests/graph/test_build.c: building a graph from edge records
 * (graph/build.c): merging entities and edges, symmetric relations, weights
 * as distinct sentences, evidence selection, and order independence
 * (shuffled records, halves of a corpus versus the whole).
 *
 * fixtures/small.jsonl, by hand; its merged graph (node indexes):
 *   0 Acme/Company  1 Alice/Person  2 Beta/Company  3 Bob/Person
 *   4 Mercury/Company  5 Mercury/Place  6 Paris/Place  7 Yarrow/Company
 *   8 Zeta/Agency
 *   0 -acquires-> 2   0 -employs-> 1 (w2)   0 -partners_with- 2 (sym, w2)
 *   1 -located_in-> 6   2 -employs-> 3   2 -partners_with- 2 (sym loop)
 *   3 -visits-> 5   4 -located_in-> 6   8 -funds-> 7
 *
 * fixtures/documents.jsonl, for the graph's document count:
 *   0 Acme/Company  1 Bob/Person  2 Cora/Company  3 Dan/Person
 *   0 -employs-> 1  doc-01 .. doc-08 (two sentences in doc-03)
 *   0 -funds-> 1    x.txt
 *   2 -funds-> 3    doc-01, z.txt
 *   10 documents; the 5 evidence items per edge show only 6 of them
 *   (doc-03 takes two of the employs edge's items).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/graph_int.h" /* kg_graph_i_builder_items */
#include "graph/helpers.h"
#include "util/util.h"

static void assert_forms(const kg_node *n, const char *const *want, size_t nwant)
{
    cr_assert_eq(n->nforms, nwant, "%s: %zu forms", n->name, n->nforms);
    for (size_t i = 0; i < nwant; i++) cr_assert_str_eq(n->forms[i], want[i]);
}

Test(graph_build, nodes_sorted_and_merged)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    static const char *const names[][2] = {
        {"Acme", "Company"},    {"Alice", "Person"},  {"Beta", "Company"},
        {"Bob", "Person"},      {"Mercury", "Company"}, {"Mercury", "Place"},
        {"Paris", "Place"},     {"Yarrow", "Company"}, {"Zeta", "Agency"},
    };
    cr_assert_eq(kg_graph_node_count(g), 9);
    for (size_t i = 0; i < 9; i++) {
        cr_assert_str_eq(kg_graph_node(g, i)->name, names[i][0]);
        cr_assert_str_eq(kg_graph_node(g, i)->type, names[i][1]);
    }
    const kg_node *acme = kg_graph_node(g, 0);
    cr_assert_eq(acme->mentions, 4); /* (a,0) (a,20) (b,0) (b,40) */
    cr_assert_eq(acme->documents, 2);
    assert_forms(acme, (const char *[]){"ACME", "Acme", "Acme Corp"}, 3);
    const kg_node *beta = kg_graph_node(g, 2);
    cr_assert_eq(beta->mentions, 4);
    cr_assert_eq(beta->documents, 4);
    assert_forms(beta, (const char *[]){"Beta", "Beta Ltd"}, 2);
    assert_forms(kg_graph_node(g, 1), (const char *[]){"Alice", "Alice B."}, 2);
    cr_assert_eq(kg_graph_node(g, 6)->mentions, 2);
    cr_assert_eq(kg_graph_node(g, 6)->documents, 1);

    size_t n;
    const char *const *rel = kg_graph_relations(g, &n);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(rel[0], "acquires");
    cr_assert_str_eq(rel[5], "visits");
    const char *const *types = kg_graph_types(g, &n);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(types[0], "Agency");
    cr_assert_str_eq(types[3], "Place");
    kg_graph_free(g);
}

Test(graph_build, edges_sorted_and_weighted)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    static const struct {
        size_t s;
        const char *rel;
        size_t t, weight, docs, nrules;
        bool sym;
    } want[] = {
        {0, "acquires", 2, 1, 1, 1, false},     {0, "employs", 1, 2, 2, 2, false},
        {0, "partners_with", 2, 2, 2, 1, true}, {1, "located_in", 6, 1, 1, 1, false},
        {2, "employs", 3, 1, 1, 1, false},      {2, "partners_with", 2, 1, 1, 1, true},
        {3, "visits", 5, 1, 1, 1, false},       {4, "located_in", 6, 1, 1, 1, false},
        {8, "funds", 7, 1, 1, 1, false},
    };
    cr_assert_eq(kg_graph_edge_count(g), sizeof want / sizeof *want);
    for (size_t j = 0; j < sizeof want / sizeof *want; j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        cr_assert_eq(e->source, want[j].s, "edge %zu", j);
        cr_assert_str_eq(e->relation, want[j].rel, "edge %zu", j);
        cr_assert_eq(e->target, want[j].t, "edge %zu", j);
        cr_assert_eq(e->weight, want[j].weight, "edge %zu", j);
        cr_assert_eq(e->documents, want[j].docs, "edge %zu", j);
        cr_assert_eq(e->nrules, want[j].nrules, "edge %zu", j);
        cr_assert_eq(e->symmetric, want[j].sym, "edge %zu", j);
    }
    /* One sentence matched by two rules: weight 1 per sentence, both rules,
     * and the sentence's evidence names the smaller rule. */
    const kg_gedge *emp = kg_graph_edge(g, 1);
    cr_assert_str_eq(emp->rules[0], "emp_noun");
    cr_assert_str_eq(emp->rules[1], "emp_verb");
    cr_assert_eq(emp->nevidence, 2);
    cr_assert_str_eq(emp->first.doc, "a.txt");
    cr_assert_eq(emp->first.line, 1);
    cr_assert_str_eq(emp->first.rule, "emp_noun");
    cr_assert_str_eq(emp->first.text, "Acme employs Alice.");
    cr_assert_str_eq(emp->evidence[1].doc, "b.txt");
    cr_assert_eq(emp->evidence[1].start, 40);
    cr_assert_str_eq(emp->evidence[1].text, "Later, ACME hired Alice B.");
    kg_graph_free(g);
}

Test(graph_build, symmetric_pairs_merge)
{
    /* "Acme partners_with Beta" (a.txt) and "Beta partners_with Acme"
     * (b.txt) are one edge, stored from the smaller node. */
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    const kg_gedge *e = kg_graph_edge(g, 2);
    cr_assert_str_eq(e->relation, "partners_with");
    cr_assert(e->symmetric);
    cr_assert_eq(e->source, 0);
    cr_assert_eq(e->target, 2);
    cr_assert_eq(e->weight, 2);
    cr_assert_str_eq(e->first.doc, "a.txt");
    cr_assert_str_eq(e->evidence[1].text, "Beta Ltd partners with Acme.");
    /* Same pair, other relation: a distinct edge. */
    cr_assert_str_eq(kg_graph_edge(g, 0)->relation, "acquires");
    cr_assert_eq(kg_graph_edge(g, 0)->target, 2);
    kg_graph_free(g);
}

Test(graph_build, evidence_is_smallest_n)
{
    /* fixtures/evidence.jsonl: one edge in 7 records, 6 distinct sentences
     * (a,10) twice, given in scrambled order. */
    kg_graph *g = load1(FIXTURE("evidence.jsonl"), 5, false);
    cr_assert_eq(kg_graph_edge_count(g), 1);
    const kg_gedge *e = kg_graph_edge(g, 0);
    cr_assert_eq(e->weight, 6);
    cr_assert_eq(e->documents, 3);
    cr_assert_eq(e->nrules, 2);
    static const struct {
        const char *doc;
        size_t start, line;
    } want[] = {{"a.txt", 10, 1}, {"a.txt", 120, 5}, {"a.txt", 300, 9}, {"b.txt", 5, 1},
                {"b.txt", 50, 4}};
    cr_assert_eq(e->nevidence, 5);
    for (size_t k = 0; k < 5; k++) {
        cr_assert_str_eq(e->evidence[k].doc, want[k].doc, "item %zu", k);
        cr_assert_eq(e->evidence[k].start, want[k].start, "item %zu", k);
        cr_assert_eq(e->evidence[k].line, want[k].line, "item %zu", k);
    }
    cr_assert_str_eq(e->first.doc, "a.txt");
    cr_assert_eq(e->first.line, 1);
    cr_assert_eq(e->first.start, 10);
    cr_assert_str_eq(e->first.rule, "m_rule"); /* min of z_rule, m_rule */
    cr_assert_str_eq(e->first.text, "a.txt sentence at 10.");
    kg_graph_free(g);

    g = load1(FIXTURE("evidence.jsonl"), 2, false);
    e = kg_graph_edge(g, 0);
    cr_assert_eq(e->nevidence, 2);
    cr_assert_eq(e->evidence[1].start, 120);
    cr_assert_eq(e->weight, 6);
    kg_graph_free(g);

    g = load1(FIXTURE("evidence.jsonl"), 0, false);
    e = kg_graph_edge(g, 0);
    cr_assert_eq(e->nevidence, 0);
    cr_assert_eq(e->first.start, 10);
    cr_assert_str_eq(e->first.doc, "a.txt");
    kg_graph_free(g);
}

/* The distinct documents of the edges' kept evidence items: what a count
 * that looked only at evidence would say.  O(n^2) over a small fixture. */
static size_t evidence_documents(const kg_graph *g)
{
    const char *seen[64];
    size_t n = 0;
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        for (size_t k = 0; k < e->nevidence; k++) {
            size_t i = 0;
            while (i < n && strcmp(seen[i], e->evidence[k].doc) != 0) i++;
            if (i == n) {
                cr_assert_lt(n, 64);
                seen[n++] = e->evidence[k].doc;
            }
        }
    }
    return n;
}

static void assert_edge_documents(const kg_graph *g, size_t j, const char *want)
{
    char *got = edge_documents(g, j);
    cr_assert_str_eq(got, want, "edge %zu", j);
    free(got);
}

Test(graph_build, document_count_covers_all_records)
{
    kg_graph *g = load1(FIXTURE("documents.jsonl"), KG_GRAPH_DEFAULT_EVIDENCE, false);
    cr_assert_eq(kg_graph_edge_count(g), 3);
    const kg_gedge *employs = kg_graph_edge(g, 0);
    cr_assert_str_eq(employs->relation, "employs");
    cr_assert_eq(employs->documents, 8);
    cr_assert_eq(employs->nevidence, KG_GRAPH_DEFAULT_EVIDENCE);
    cr_assert_eq(evidence_documents(g), 6, "the fixture must hide documents behind the cap");
    cr_assert_eq(kg_graph_document_count(g), 10);
    /* Every document once, sorted; each edge's as ascending ids. */
    char *all = graph_documents(g);
    cr_assert_str_eq(all, "doc-01.txt,doc-02.txt,doc-03.txt,doc-04.txt,doc-05.txt,doc-06.txt,"
                          "doc-07.txt,doc-08.txt,x.txt,z.txt");
    free(all);
    assert_edge_documents(g, 0, "doc-01.txt,doc-02.txt,doc-03.txt,doc-04.txt,doc-05.txt,"
                                "doc-06.txt,doc-07.txt,doc-08.txt");
    assert_edge_documents(g, 1, "x.txt");
    assert_edge_documents(g, 2, "doc-01.txt,z.txt");
    kg_graph_free(g);

    /* The evidence cap does not change the count, not even 0 (first only). */
    static const size_t caps[] = {0, 1, 100};
    for (size_t c = 0; c < 3; c++) {
        g = load1(FIXTURE("documents.jsonl"), caps[c], false);
        cr_assert_eq(kg_graph_document_count(g), 10, "max_evidence %zu", caps[c]);
        kg_graph_free(g);
    }
    g = load1(FIXTURE("small.jsonl"), 5, false);
    cr_assert_eq(kg_graph_document_count(g), 4); /* a, b, c, d */
    kg_graph_free(g);
}

/* A permutation of 0..n-1 from a small LCG, so failures reproduce. */
static size_t *shuffled(size_t n, unsigned seed)
{
    size_t *p = kg_xcalloc(n + 1, sizeof *p);
    for (size_t i = 0; i < n; i++) p[i] = i;
    unsigned long long x = seed;
    for (size_t i = n; i > 1; i--) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t j = (size_t)((x >> 33) % i);
        size_t t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    return p;
}

static void check_shuffled(const char *fixture, unsigned seed)
{
    kg_graph *whole = load1(fixture, 5, true);
    size_t n;
    char **lines = read_lines(fixture, &n);
    size_t *perm = shuffled(n, seed);
    char *path = write_lines(lines, perm, 0, n);
    kg_graph *g = load1(path, 5, true);
    char *d = graph_diff(whole, g);
    cr_assert_null(d, "%s, seed %u: %s", fixture, seed, d);
    kg_graph_free(g);
    unlink(path);
    free(path);
    free(perm);
    free_lines(lines, n);
    kg_graph_free(whole);
}

Test(graph_build, input_order_does_not_matter)
{
    for (unsigned seed = 1; seed <= 3; seed++) {
        check_shuffled(FIXTURE("small.jsonl"), seed);
        check_shuffled(FIXTURE("evidence.jsonl"), seed);
        check_shuffled(FIXTURE("random.jsonl"), seed);
    }
}

/* The documents and their ids do not depend on record order (graph_diff
 * compares the count, the sorted list and every edge's ids).  The file
 * starts with "z.txt", so ids in order of first appearance would not be
 * sorted; reversed, "doc-01.txt" comes first. */
Test(graph_build, documents_do_not_depend_on_order)
{
    for (unsigned seed = 1; seed <= 4; seed++) check_shuffled(FIXTURE("documents.jsonl"), seed);

    kg_graph *whole = load1(FIXTURE("documents.jsonl"), 5, true);
    size_t n;
    char **lines = read_lines(FIXTURE("documents.jsonl"), &n);
    size_t *rev = kg_xcalloc(n + 1, sizeof *rev);
    for (size_t i = 0; i < n; i++) rev[i] = n - 1 - i;
    char *path = write_lines(lines, rev, 0, n);
    kg_graph *g = load1(path, 5, true);
    char *d = graph_diff(whole, g);
    cr_assert_null(d, "reversed: %s", d);
    cr_assert_eq(kg_graph_document_count(g), 10);
    kg_graph_free(g);
    unlink(path);
    free(path);
    free(rev);
    free_lines(lines, n);
    kg_graph_free(whole);
}

Test(graph_build, halves_equal_whole)
{
    /* Split the corpus into two edge files and build from both, second half
     * first: every node and edge attribute, measure and community must be
     * that of the graph of the whole file. */
    const char *fixtures[] = {FIXTURE("random.jsonl"), FIXTURE("small.jsonl")};
    for (size_t f = 0; f < 2; f++) {
        kg_graph *whole = load1(fixtures[f], 5, true);
        size_t n;
        char **lines = read_lines(fixtures[f], &n);
        char *first = write_lines(lines, NULL, 0, n / 2);
        char *second = write_lines(lines, NULL, n / 2, n);
        const char *paths[] = {second, first};
        kg_graph *g = load_graph(paths, 2, 5, true);
        char *d = graph_diff(whole, g);
        cr_assert_null(d, "%s: %s", fixtures[f], d);
        cr_assert_gt(kg_graph_edge_count(g), 0);
        kg_graph_free(g);
        unlink(first);
        unlink(second);
        free(first);
        free(second);
        free_lines(lines, n);
        kg_graph_free(whole);
    }
}

Test(graph_build, symmetric_must_be_consistent)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    int rc = kg_graph_builder_add_file(b, FIXTURE("mixed_symmetric.jsonl"));
    cr_assert_eq(rc, KG_EFORMAT);
    cr_assert_str_eq(kg_error_last(), FIXTURE("mixed_symmetric.jsonl") ":2:1: relation "
                     "'partners_with' is not symmetric here but symmetric in an earlier edge ("
                     FIXTURE("mixed_symmetric.jsonl") ":1)");
    kg_graph_builder_free(b);
}

/* The conflict names the earlier record's file and line, also when that
 * record came from another file. */
Test(graph_build, symmetric_conflict_names_the_earlier_file)
{
    char tmp[] = "/tmp/kg-sym-XXXXXX";
    int fd = mkstemp(tmp);
    cr_assert_geq(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs("\n{\"doc\":\"b.txt\",\"line\":1,\"start\":0,\"end\":1,\"relation\":"
          "\"partners_with\",\"source\":\"X\",\"source_type\":\"Company\",\"target\":"
          "\"Y\",\"target_type\":\"Company\"}\n",
          fp);
    fclose(fp);
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    cr_assert_eq(kg_graph_builder_add_file(b, tmp), 0);
    cr_assert_eq(kg_graph_builder_add_file(b, FIXTURE("mixed_symmetric.jsonl")), KG_EFORMAT);
    char *want = kg_xasprintf("%s:1:1: relation 'partners_with' is symmetric here but not "
                              "symmetric in an earlier edge (%s:2)",
                              FIXTURE("mixed_symmetric.jsonl"), tmp);
    cr_assert_str_eq(kg_error_last(), want);
    free(want);
    kg_graph_builder_free(b);
    unlink(tmp);
}

Test(graph_build, record_needs_fields)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    kg_edge e = {.doc = "a.txt", .relation = "employs", .source = "A", .source_type = "T",
                 .target = "B", .target_type = ""};
    cr_assert_eq(kg_graph_builder_add(b, &e), KG_EFORMAT);
    cr_assert_str_eq(kg_error_last(), "empty string for 'target_type'");
    e.target_type = "T";
    cr_assert_eq(kg_graph_builder_add(b, &e), 0);
    cr_assert_eq(kg_graph_builder_records(b), 1);
    kg_graph *g;
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0);
    /* Missing optional strings become "" (and no surface form). */
    cr_assert_eq(kg_graph_node(g, 0)->nforms, 0);
    cr_assert_str_eq(kg_graph_edge(g, 0)->first.text, "");
    cr_assert_str_eq(kg_graph_edge(g, 0)->rules[0], "");
    kg_graph_free(g);
}

Test(graph_build, missing_file)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    cr_assert_eq(kg_graph_builder_add_file(b, "/nonexistent/edges.jsonl"), KG_EIO);
    cr_assert_str_eq(kg_error_last(), "/nonexistent/edges.jsonl: No such file or directory");
    kg_graph_builder_free(b);
}

Test(graph_build, empty_graph)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    kg_graph *g;
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0);
    cr_assert_eq(kg_graph_node_count(g), 0);
    cr_assert_eq(kg_graph_edge_count(g), 0);
    cr_assert_eq(kg_graph_document_count(g), 0);
    cr_assert_eq(kg_graph_analyze(g, NULL), 0);
    kg_graph_free(g);
}

Test(graph_build, find_node)
{
    kg_graph *g = load1(FIXTURE("small.jsonl"), 5, false);
    size_t i;
    cr_assert_eq(kg_graph_find_node(&i, g, "Beta", NULL), 0);
    cr_assert_eq(i, 2);
    cr_assert_eq(kg_graph_find_node(&i, g, "Mercury", "Place"), 0);
    cr_assert_eq(i, 5);
    cr_assert_eq(kg_graph_find_node(&i, g, "Mercury", NULL), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "entity 'Mercury' is ambiguous: it has 2 types");
    cr_assert_eq(kg_graph_find_node(&i, g, "Mercury", "Planet"), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "entity 'Mercury' has no type 'Planet'");
    cr_assert_eq(kg_graph_find_node(&i, g, "Bobb", NULL), KG_ENOTFOUND);
    cr_assert_str_eq(kg_error_last(), "unknown entity 'Bobb' (did you mean 'Bob'?)");
    kg_graph_free(g);
}

/* Node attributes: from source_attrs and target_attrs, one value per key,
 * the bytewise smallest when records disagree, whatever the record order;
 * kept by filtering. */
Test(graph_build, node_attributes_smallest_value_any_order)
{
    static const kg_attr rw4[] = {{"code", "RW4"}}, rw4b[] = {{"code", "RW5"}, {"icb", "QYG"}};
    static const kg_attr ry1[] = {{"code", "RY1"}, {"successor", "RW4"}};
    kg_edge recs[3] = {
        {.doc = "a", .start = 0, .relation = "merges_with", .source = "Mersey Care",
         .source_type = "TRUST", .target = "LCH", .target_type = "TRUST", .rule = "r",
         .source_attrs = rw4b, .nsource_attrs = 2, .target_attrs = ry1, .ntarget_attrs = 2},
        {.doc = "b", .start = 5, .relation = "partners_with", .source = "Acme",
         .source_type = "COMPANY", .target = "Mersey Care", .target_type = "TRUST",
         .rule = "r", .target_attrs = rw4, .ntarget_attrs = 1},
        {.doc = "c", .start = 9, .relation = "funds", .source = "Acme", .source_type = "COMPANY",
         .target = "Zed", .target_type = "COMPANY", .rule = "r"},
    };
    static const int orders[2][3] = {{0, 1, 2}, {2, 1, 0}};
    for (int o = 0; o < 2; o++) {
        kg_graph_builder *b;
        cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
        for (int k = 0; k < 3; k++) cr_assert_eq(kg_graph_builder_add(b, &recs[orders[o][k]]), 0);
        kg_graph *g;
        cr_assert_eq(kg_graph_builder_finish(&g, b), 0);
        size_t i;
        cr_assert_eq(kg_graph_find_node(&i, g, "Mersey Care", "TRUST"), 0);
        const kg_node *n = kg_graph_node(g, i);
        cr_assert_eq(n->nattrs, 2, "order %d", o);
        cr_assert_str_eq(n->attrs[0].key, "code");
        cr_assert_str_eq(n->attrs[0].value, "RW4", "the smallest value wins");
        cr_assert_str_eq(n->attrs[1].key, "icb");
        cr_assert_str_eq(kg_node_attr(n, "icb"), "QYG");
        cr_assert_null(kg_node_attr(n, "successor"));
        cr_assert_eq(kg_graph_find_node(&i, g, "Acme", NULL), 0);
        cr_assert_eq(kg_graph_node(g, i)->nattrs, 0);
        size_t nk;
        const char *const *keys = kg_graph_attr_keys(g, &nk);
        cr_assert_eq(nk, 3);
        cr_assert_str_eq(keys[0], "code");
        cr_assert_str_eq(keys[1], "icb");
        cr_assert_str_eq(keys[2], "successor");
        /* a filtered graph keeps the attributes of the nodes it keeps */
        kg_graph_filter f = KG_GRAPH_FILTER_INIT;
        const char *rel[] = {"merges_with"};
        f.include_relations = rel;
        f.ninclude_relations = 1;
        kg_graph *h;
        cr_assert_eq(kg_graph_filter_apply(&h, g, &f), 0);
        cr_assert_eq(kg_graph_node_count(h), 2);
        cr_assert_eq(kg_graph_find_node(&i, h, "LCH", "TRUST"), 0);
        cr_assert_str_eq(kg_node_attr(kg_graph_node(h, i), "successor"), "RW4");
        kg_graph_free(h);
        kg_graph_free(g);
    }
}

/* Memory grows with unique content, not records: the same records added
 * many times leave the builder's item count where one pass left it, and the
 * graph (weights, mentions, forms, rules, attributes) unchanged. */
Test(graph_build, repeated_records_are_stored_once)
{
    static const kg_attr code[] = {{"code", "RW4"}};
    kg_edge recs[3] = {
        {.doc = "a.txt", .start = 0, .end = 10, .relation = "employs", .source = "Acme",
         .source_type = "Company", .source_text = "ACME", .target = "Bob", .target_type = "Person",
         .target_text = "Bob", .rule = "r1", .evidence = "ACME employs Bob.",
         .source_attrs = code, .nsource_attrs = 1},
        {.doc = "a.txt", .start = 0, .end = 10, .relation = "employs", .source = "Acme",
         .source_type = "Company", .source_text = "ACME", .target = "Bob", .target_type = "Person",
         .target_text = "Bob", .rule = "r2", .evidence = "ACME employs Bob."},
        {.doc = "b.txt", .start = 5, .end = 30, .relation = "meets", .symmetric = true,
         .source = "Bob", .source_type = "Person", .source_text = "Bob", .target = "Acme",
         .target_type = "Company", .target_text = "Acme", .rule = "r3", .evidence = "Bob meets Acme."},
    };
    kg_graph_builder *b = NULL;
    cr_assert_eq(kg_graph_builder_new(&b, 5), 0);
    for (size_t k = 0; k < 3; k++) cr_assert_eq(kg_graph_builder_add(b, &recs[k]), 0);
    size_t once = kg_graph_i_builder_items(b);
    for (int rep = 0; rep < 20000; rep++)
        for (size_t k = 0; k < 3; k++) cr_assert_eq(kg_graph_builder_add(b, &recs[k]), 0);
    cr_assert_eq(kg_graph_i_builder_items(b), once, "%zu items after 20,001 passes, %zu after one",
                 kg_graph_i_builder_items(b), once);
    cr_assert_eq(kg_graph_builder_records(b), 60003, "records are still counted");
    kg_graph *g = NULL;
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0);
    cr_assert_eq(kg_graph_node_count(g), 2);
    cr_assert_eq(kg_graph_edge_count(g), 2);
    const kg_node *acme = kg_graph_node(g, 0);
    cr_assert_str_eq(acme->name, "Acme");
    cr_assert_eq(acme->mentions, 2);
    cr_assert_eq(acme->documents, 2);
    assert_forms(acme, (const char *[]){"ACME", "Acme"}, 2);
    cr_assert_eq(acme->nattrs, 1);
    const kg_gedge *employs = kg_graph_edge(g, 0);
    cr_assert_str_eq(employs->relation, "employs");
    cr_assert_eq(employs->weight, 1, "one sentence, however many records");
    cr_assert_eq(employs->nrules, 2);
    cr_assert_eq(employs->nevidence, 1);
    cr_assert_eq(kg_graph_edge(g, 1)->weight, 1);
    kg_graph_free(g);
}
