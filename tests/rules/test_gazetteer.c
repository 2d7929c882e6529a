/*
 * tests/rules/test_gazetteer.c: the gazetteer tries: token keys under each
 * profile's normalisation, entries grouped by node, dedupe, interned
 * canonical names, gazetteer files, and a 100,000-name file.
 */
#include "helpers.h"

#include "text/text.h"

/* Walk the trie of g along `phrase` (already normalised, tokens separated
 * by single spaces); returns the node or -1. */
static long walk(const kg_gazetteer *g, const char *phrase)
{
    long node = 0;
    const char *p = phrase;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        intptr_t word;
        if (!kg_map_get(g->words, p, n, &word)) return -1;
        node = kg_gaz_child(g, (uint32_t)node, (uint32_t)word);
        if (node < 0) return -1;
        p += n;
        if (*p == ' ') p++;
    }
    return node;
}

Test(rules_gazetteer, trie_and_entries)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: TRUST\n"
                            "    gazetteer:\n"
                            "      - name: Bedford Hospital NHS Trust\n"
                            "        aliases: [Bedford Hospital, Bedford Hospital Trust]\n"
                            "      - Luton & Dunstable Hospital\n");
    cr_assert_eq(r->ngaz, 1);
    const kg_gazetteer *g = &r->gaz[0];
    cr_assert_eq(g->max_depth, 4);
    long n = walk(g, "bedford hospital");
    cr_assert_gt(n, 0);
    cr_assert_eq(g->nodes[n].nentries, 1);
    const kg_gaz_entry *e = &g->entries[g->nodes[n].first_entry];
    cr_assert_str_eq(r->canon_names[e->canonical], "Bedford Hospital NHS Trust");
    cr_assert_eq(e->type, 0);
    cr_assert_eq(e->at.line, 5);
    cr_assert_eq(e->at.col, 19);
    long full = walk(g, "bedford hospital nhs trust");
    cr_assert_eq(g->nodes[full].nentries, 1);
    cr_assert_eq(g->entries[g->nodes[full].first_entry].at.line, 4);
    cr_assert_gt(walk(g, "luton and dunstable hospital"), 0, "& normalised to 'and'");
    cr_assert_eq(walk(g, "bedford"), 1);
    cr_assert_eq(g->nodes[1].nentries, 0);
    cr_assert_eq(g->nodes[0].nentries, 0);
    cr_assert_eq(g->nentries, 4);
    cr_assert_eq(r->ncanon_names, 2);
    kg_rules_free(r);
}

Test(rules_gazetteer, shared_alias_grouped_in_order)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: TRUST\n"
                            "    gazetteer: [{name: Kent Trust, aliases: [Kent]}]\n"
                            "  - name: CCG\n"
                            "    gazetteer: [{name: Kent CCG, aliases: [Kent]}, Kent CCG]\n");
    const kg_gazetteer *g = &r->gaz[0];
    long k = walk(g, "kent");
    cr_assert_eq(g->nodes[k].nentries, 2, "shared alias: two entries");
    const kg_gaz_entry *e = &g->entries[g->nodes[k].first_entry];
    cr_assert_str_eq(r->canon_names[e[0].canonical], "Kent Trust");
    cr_assert_eq(e[0].type, 0);
    cr_assert_str_eq(r->canon_names[e[1].canonical], "Kent CCG");
    cr_assert_eq(e[1].type, 1);
    long c = walk(g, "kent ccg");
    cr_assert_eq(g->nodes[c].nentries, 1, "identical (canonical, type) deduplicated");
    cr_assert_eq(g->nentries, 4);
    kg_rules_free(r);
}

Test(rules_gazetteer, profiles_by_normalisation)
{
    kg_rules *r = must_load("types:\n"
                            "  - {name: A, gazetteer: [Foo-Bar]}\n"
                            "  - {name: B, case_sensitive: true, normalize: [], gazetteer: [Foo-Bar]}\n"
                            "  - {name: C, gazetteer: [foo bar]}\n");
    cr_assert_eq(r->ngaz, 2);
    cr_assert_eq(r->types[0].profile, r->types[2].profile);
    const kg_gazetteer *g0 = &r->gaz[0], *g1 = &r->gaz[1];
    long n = walk(g0, "foo bar");
    cr_assert_gt(n, 0, "hyphen dropped, folded");
    cr_assert_eq(g0->nodes[n].nentries, 2);
    cr_assert_gt(walk(g1, "Foo - Bar"), 0, "hyphen kept, case kept");
    cr_assert_eq(walk(g1, "foo - bar"), -1);
    cr_assert_eq(r->ncanon_names, 2);
    kg_rules_free(r);
}

Test(rules_gazetteer, gazetteer_file)
{
    const char *p = FIXTURES "/main.yaml";
    kg_rules *r = NULL;
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), 0, "%s", kg_error_last());
    const kg_gazetteer *g = &r->gaz[0];
    long n = walk(g, "bedford hospital trust");
    cr_assert_gt(n, 0);
    const kg_gaz_entry *e = &g->entries[g->nodes[n].first_entry];
    cr_assert_str_eq(e->at.file, FIXTURES "/sub/names.tsv");
    cr_assert_eq(e->at.line, 3);
    cr_assert_eq(e->at.col, 1);
    cr_assert_str_eq(r->canon_names[e->canonical], "Bedford Hospital NHS Trust");
    n = walk(g, "luton trust");
    cr_assert_eq(g->entries[g->nodes[n].first_entry].at.line, 5);
    kg_rules_free(r);
}

Test(rules_gazetteer, hundred_thousand_names)
{
    char *dir = temp_dir();
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "# generated\n");
    for (int i = 0; i < 100000; i++)
        kg_buf_printf(&b, "Company %d Holdings Ltd\tCompany %d\n", i, i);
    char *tsv = write_temp(dir, "names.tsv", b.ptr, b.len);
    const char *yaml = "types:\n  - name: COMPANY\n    gazetteer_files: names.tsv\n";
    char *rules = write_temp(dir, "rules.yaml", yaml, strlen(yaml));
    kg_rules *r = NULL;
    const char *p = rules;
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), 0, "%s", kg_error_last());
    kg_rules_summary s;
    kg_rules_summarize(r, &s);
    cr_assert_eq(s.gazetteer_names, 100000);
    cr_assert_eq(s.gazetteer_aliases, 200000);
    const kg_gazetteer *g = &r->gaz[0];
    cr_assert_eq(g->max_depth, 4);
    /* root, "company", 100,000 numbers, each with "holdings" and "ltd". */
    cr_assert_eq(g->nnodes, 2 + 3 * 100000);
    long n = walk(g, "company 99999 holdings ltd");
    cr_assert_gt(n, 0);
    cr_assert_str_eq(r->canon_names[g->entries[g->nodes[n].first_entry].canonical],
                     "Company 99999 Holdings Ltd");
    cr_assert_eq(g->entries[g->nodes[n].first_entry].at.line, 100001);
    kg_rules_free(r);
    unlink(tsv);
    unlink(rules);
    rmdir(dir);
    free(tsv);
    free(rules);
    free(dir);
    kg_buf_free(&b);
}

/* Load a rule file whose two types TRUST and CCG read the gazetteer text
 * `tsv` (TRUST) and `tsv2` (CCG, may be NULL); returns the load code and the
 * rules in *out.  The files are removed again. */
static int load_gaz_files(kg_rules **out, const char *tsv, const char *tsv2)
{
    char *dir = temp_dir();
    char *f1 = write_temp(dir, "t.tsv", tsv, strlen(tsv));
    char *f2 = write_temp(dir, "c.tsv", tsv2 ? tsv2 : "", tsv2 ? strlen(tsv2) : 0);
    const char *yaml = "types:\n  - name: TRUST\n    gazetteer_files: t.tsv\n"
                       "  - name: CCG\n    gazetteer_files: c.tsv\n";
    char *rules = write_temp(dir, "rules.yaml", yaml, strlen(yaml));
    const char *p = rules;
    int rc = kg_rules_load(out, &p, 1, NULL);
    unlink(f1);
    unlink(f2);
    unlink(rules);
    rmdir(dir);
    free(f1);
    free(f2);
    free(rules);
    free(dir);
    return rc;
}

Test(rules_gazetteer, attributes_stored_per_entity_and_sorted)
{
    kg_rules *r = NULL;
    int rc = load_gaz_files(&r,
                            "Mersey Care\tMersey Care NHS Foundation Trust\t@code=RW4\n"
                            "Liverpool Community Health\t@successor=RW4\t@code=RY1\t"
                            "Liverpool Community Health NHS Trust\n"
                            "Mersey Care\t@code=RW4\t@closed = 2099-01-01 \n"
                            "Plain Trust\n",
                            "Kent CCG\t@code=RW4\n");
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_eq(r->nent_attrs, 3);
    const kg_entity_attrs *a = kg_rules_entity_attrs(r, 0, "Liverpool Community Health");
    cr_assert_not_null(a);
    cr_assert_eq(a->nattrs, 2);
    cr_assert_str_eq(a->attrs[0].key, "code");
    cr_assert_str_eq(a->attrs[0].value, "RY1");
    cr_assert_str_eq(a->attrs[1].key, "successor");
    cr_assert_str_eq(a->attrs[1].value, "RW4");
    a = kg_rules_entity_attrs(r, 0, "Mersey Care");
    cr_assert_eq(a->nattrs, 2, "a repeated key with the same value is one attribute");
    cr_assert_str_eq(a->attrs[0].key, "closed");
    cr_assert_str_eq(a->attrs[0].value, "2099-01-01", "blanks around key and value trimmed");
    cr_assert_null(kg_rules_entity_attrs(r, 0, "Plain Trust"));
    cr_assert_null(kg_rules_entity_attrs(r, 0, "Kent CCG"), "attributes are per type");
    cr_assert_not_null(kg_rules_entity_attrs(r, 1, "Kent CCG"));
    cr_assert_null(kg_rules_entity_attrs(r, 0, "mersey care"), "canonical names match exactly");
    /* an attribute field is not an alias */
    long n = walk(&r->gaz[0], "rw4");
    cr_assert_lt(n, 0);
    kg_rules_summary s;
    kg_rules_summarize(r, &s);
    cr_assert_eq(s.gazetteer_aliases, 6);
    kg_rules_free(r);
}

Test(rules_gazetteer, no_attributes_no_index)
{
    kg_rules *r = NULL;
    cr_assert_eq(load_gaz_files(&r, "A Trust\tA\n", NULL), 0);
    cr_assert_null(r->ent_attr_index);
    cr_assert_null(kg_rules_entity_attrs(r, 0, "A Trust"));
    kg_rules_free(r);
}

Test(rules_gazetteer, attribute_errors)
{
    static const struct {
        const char *tsv, *msg;
    } cases[] = {
        {"Mersey Care\t@code\n", "t.tsv:1:13: attribute field '@code' has no '=' (write @key=value)\n"
                                 "  Mersey Care\t@code\n"
                                 "             \t^"},
        {"Mersey Care\t@Code=RW4\n",
         "t.tsv:1:14: bad attribute key 'Code' (use lower-case letters, digits and '_', not "
         "starting with a digit)\n"
         "  Mersey Care\t@Code=RW4\n"
         "             \t ^"},
        {"Mersey Care\t@1x=RW4\n",
         "t.tsv:1:14: bad attribute key '1x' (use lower-case letters, digits and '_', not "
         "starting with a digit)\n"
         "  Mersey Care\t@1x=RW4\n"
         "             \t ^"},
        {"Mersey Care\t@=RW4\n",
         "t.tsv:1:14: bad attribute key '' (use lower-case letters, digits and '_', not "
         "starting with a digit)\n"
         "  Mersey Care\t@=RW4\n"
         "             \t ^"},
        {"Mersey Care\t@code= \n", "t.tsv:1:19: attribute 'code' has an empty value\n"
                                   "  Mersey Care\t@code= \n"
                                   "             \t      ^"},
        {"Mersey Care\t@code=RW4\nMersey Care\t@code=RX4\n",
         "t.tsv:2:13: attribute 'code' of 'Mersey Care' is already 'RW4', here 'RX4'\n"
         "  Mersey Care\t@code=RX4\n"
         "             \t^"},
        {"@code=RW4\tMersey Care\n",
         "t.tsv:1:1: the first field is the canonical name, not an attribute\n"
         "  @code=RW4\tMersey Care\n"
         "  ^"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kg_rules *r = (kg_rules *)1;
        cr_assert_eq(load_gaz_files(&r, cases[i].tsv, NULL), KG_ERULE, "case %zu", i);
        cr_assert_null(r);
        const char *msg = kg_error_last();
        const char *tail = strstr(msg, "/t.tsv:");
        cr_assert_not_null(tail, "case %zu: %s", i, msg);
        cr_assert_str_eq(tail + 1, cases[i].msg, "case %zu", i);
    }
}

Test(rules_gazetteer, attribute_limit)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "Big Trust");
    for (int i = 0; i <= KG_MAX_ENTITY_ATTRS; i++) kg_buf_printf(&b, "\t@k%d=v", i);
    kg_buf_putc(&b, '\n');
    kg_rules *r = (kg_rules *)1;
    cr_assert_eq(load_gaz_files(&r, b.ptr, NULL), KG_ERULE);
    cr_assert_not_null(strstr(kg_error_last(), "t.tsv:1:"));
    cr_assert_not_null(strstr(kg_error_last(), ": more than 16 attributes for 'Big Trust'\n"));
    kg_buf_free(&b);
}
