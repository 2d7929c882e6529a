/*
 * tests/rules/test_load.c: every construct of the rule language loads into
 * the compiled structure (rules/compiled.h) as documented in docs/rules.md.
 */
#include "helpers.h"

#include "text/text.h"

Test(rules_load, minimal_type_defaults)
{
    kg_rules *r = must_load("types:\n  - name: TRUST\n    gazetteer: [Bedford Hospital]\n");
    cr_assert_eq(r->ntypes, 1);
    cr_assert_str_eq(r->types[0].name, "TRUST");
    cr_assert_str_eq(r->types[0].label, "TRUST");
    cr_assert_eq(r->types[0].norm, (unsigned)KG_NORM_ALL);
    cr_assert_eq(r->types[0].priority, 0);
    cr_assert_str_eq(r->types[0].at.file, "rules.yaml");
    cr_assert_eq(r->types[0].at.line, 2);
    cr_assert_eq(r->types[0].at.col, 11);
    cr_assert_eq(r->nfiles, 1);
    cr_assert_eq(r->nrule_files, 1);
    kg_rules_free(r);
}

Test(rules_load, type_fields)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: CODE\n"
                            "    label: product code\n"
                            "    case_sensitive: true\n"
                            "    normalize: [hyphen]\n"
                            "    priority: 3\n"
                            "  - name: PLAIN\n"
                            "    normalize: []\n"
                            "    gazetteer: [x]\n");
    cr_assert_str_eq(r->types[0].label, "product code");
    cr_assert_eq(r->types[0].norm, (unsigned)KG_NORM_HYPHEN);
    cr_assert_eq(r->types[0].priority, 3);
    cr_assert_eq(r->types[1].norm, (unsigned)KG_NORM_FOLD);
    cr_assert_eq(r->ngaz, 2, "one gazetteer per normalisation profile");
    cr_assert_eq(r->types[0].profile, 0);
    cr_assert_eq(r->types[1].profile, 1);
    cr_assert_eq(r->gaz[1].norm, (unsigned)KG_NORM_FOLD);
    kg_rules_free(r);
}

Test(rules_load, canonical_steps)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: TRUST\n"
                            "    canonical:\n"
                            "      - strip_suffix: \"NHS Foundation Trust\"\n"
                            "      - strip_prefix: the\n"
                            "      - map_suffix: {from: Clinical Commissioning Group, to: CCG}\n"
                            "      - map_prefix: {from: Saint, to: St}\n"
                            "    gazetteer: [x]\n");
    const kg_entity_type *t = &r->types[0];
    cr_assert_eq(t->ncanon, 4);
    cr_assert_eq(t->canon[0].kind, KG_CANON_STRIP_SUFFIX);
    cr_assert_str_eq(t->canon[0].from, "nhs foundation trust");
    cr_assert_eq(t->canon[0].from_tokens, 3);
    cr_assert_null(t->canon[0].to);
    cr_assert_eq(t->canon[1].kind, KG_CANON_STRIP_PREFIX);
    cr_assert_str_eq(t->canon[1].from, "the");
    cr_assert_eq(t->canon[2].kind, KG_CANON_MAP_SUFFIX);
    cr_assert_str_eq(t->canon[2].from, "clinical commissioning group");
    cr_assert_str_eq(t->canon[2].to, "CCG");
    cr_assert_eq(t->canon[3].kind, KG_CANON_MAP_PREFIX);
    cr_assert_str_eq(t->canon[3].to, "St");
    kg_rules_free(r);
}

Test(rules_load, canonical_case_sensitive_key)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: T\n"
                            "    case_sensitive: true\n"
                            "    canonical: [{strip_suffix: Ltd-Co}]\n"
                            "    gazetteer: [x]\n");
    cr_assert_str_eq(r->types[0].canon[0].from, "Ltd Co", "hyphens dropped, case kept");
    cr_assert_eq(r->types[0].canon[0].from_tokens, 2);
    kg_rules_free(r);
}

Test(rules_load, regex_pattern)
{
    kg_buf w = KG_BUF_INIT;
    kg_rules *r = NULL;
    int rc = load_yaml(&r,
                       "types:\n"
                       "  - name: CCG\n"
                       "    priority: 1\n"
                       "    patterns:\n"
                       "      - regex: '(?<name>[A-Z][a-z]+) CCG'\n"
                       "        group: name\n"
                       "      - regex: '([A-Z]+) (Trust)'\n"
                       "        group: 2\n"
                       "        name: trust_regex\n"
                       "        priority: 5\n",
                       &w);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_eq(r->nent_rules, 2);
    const kg_entity_rule *a = &r->ent_rules[0], *b = &r->ent_rules[1];
    cr_assert_eq(a->kind, KG_ENT_REGEX);
    cr_assert_str_eq(a->name, "CCG/regex#1");
    cr_assert_eq(a->group, 1);
    cr_assert_eq(a->priority, 1, "inherits the type's priority");
    cr_assert_eq(a->at.line, 5);
    cr_assert_eq(a->at.col, 16);
    cr_assert_str_eq(b->name, "trust_regex");
    cr_assert_eq(b->group, 2);
    cr_assert_eq(b->priority, 5);
    size_t s, e;
    const char *text = "NHS Kent CCG said";
    cr_assert_eq(kg_regex_exec(a->re, NULL, text, strlen(text), 0, a->group, false, &s, &e), 1);
    cr_assert_eq(s, 4);
    cr_assert_eq(e, 8);
    cr_assert_eq(w.len, 0, "no warnings: %s", w.ptr);
    kg_buf_free(&w);
    kg_rules_free(r);
}

Test(rules_load, token_pattern)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: CCG\n"
                            "    patterns:\n"
                            "      - regex: 'x+'\n"
                            "      - tokens: \"%Cap{1,5} (CCG | Clinical Commissioning Group)\"\n");
    cr_assert_eq(r->nent_rules, 2);
    const kg_entity_rule *t = &r->ent_rules[1];
    cr_assert_eq(t->kind, KG_ENT_TOKENS);
    cr_assert_str_eq(t->name, "CCG/tokens#2", "n is the position in the patterns list");
    cr_assert_gt(t->prog.n, 0);
    cr_assert_str_eq(t->prog.source, "%Cap{1,5} (CCG | Clinical Commissioning Group)");
    cr_assert_eq(t->prog.at.line, 5);
    cr_assert_eq(t->prog.at.col, 17);
    kg_rules_free(r);
}

Test(rules_load, word_lists)
{
    kg_rules *r = must_load("lists:\n"
                            "  award_verbs: [award*, Gave, handed, \"named as preferred bidder\"]\n"
                            "types:\n"
                            "  - {name: ORG, gazetteer: [Acme]}\n"
                            "relations:\n"
                            "  - name: awards\n"
                            "    source: ORG\n"
                            "    target: ORG\n"
                            "    patterns: [\"{source} @award_verbs {target}\"]\n");
    cr_assert_eq(r->nlists, 1);
    const kg_wordlist *l = &r->lists[0];
    cr_assert_str_eq(l->name, "award_verbs");
    cr_assert(l->used);
    cr_assert_not(l->anonymous);
    cr_assert_eq(l->nprefixes, 1);
    cr_assert_str_eq(l->prefixes[0], "award");
    cr_assert(kg_map_get(l->words, "gave", 4, NULL));
    cr_assert(kg_map_get(l->words, "handed", 6, NULL));
    cr_assert_eq(l->nphrases, 1);
    cr_assert_str_eq(l->phrases[0], "named as preferred bidder");
    cr_assert_eq(l->max_tokens, 4);
    cr_assert_eq(l->at.line, 2);
    cr_assert_eq(l->at.col, 3);
    kg_rules_free(r);
}

Test(rules_load, unused_list_warns)
{
    kg_buf w = KG_BUF_INIT;
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, "lists:\n  idle: [a, b]\ntypes:\n  - {name: T, gazetteer: [x]}\n",
                           &w),
                 0);
    cr_assert_str_eq(w.ptr, "rules.yaml:2:3: warning: word list 'idle' is never used\n");
    kg_buf_free(&w);
    kg_rules_free(r);
}

Test(rules_load, relation_rule)
{
    kg_rules *r = must_load("types:\n"
                            "  - {name: COMMISSIONER, gazetteer: [NHS Kent CCG]}\n"
                            "  - {name: TRUST, gazetteer: [Bedford Hospital]}\n"
                            "  - {name: COMPANY, gazetteer: [Acme Ltd]}\n"
                            "relations:\n"
                            "  - name: award_active\n"
                            "    relation: awards_contract\n"
                            "    source: COMMISSIONER\n"
                            "    target: [TRUST, COMPANY]\n"
                            "    patterns:\n"
                            "      - \"{source} [0-3 !ENT] awarded [0-5 !ENT] to {target}\"\n"
                            "      - {pattern: \"{target} was awarded by {source}\", name: passive}\n"
                            "    attrs: {voice: active}\n"
                            "  - name: partners\n"
                            "    symmetric: true\n"
                            "    source: COMPANY\n"
                            "    target: COMPANY\n"
                            "    patterns: \"{source} and {target} partnered\"\n");
    cr_assert_eq(r->nrel_rules, 2);
    const kg_relation_rule *a = &r->rel_rules[0], *b = &r->rel_rules[1];
    cr_assert_str_eq(a->name, "award_active");
    cr_assert_str_eq(a->relation, "awards_contract");
    cr_assert_not(a->symmetric);
    cr_assert_eq(a->source_types, (kg_typeset)1);
    cr_assert_eq(a->target_types, (kg_typeset)6);
    cr_assert_eq(a->npatterns, 2);
    cr_assert_str_eq(a->pattern_names[0], "award_active#1");
    cr_assert_str_eq(a->pattern_names[1], "passive");
    cr_assert_str_eq(a->patterns[1].source, "{target} was awarded by {source}");
    cr_assert_eq(a->patterns[0].at.line, 11);
    cr_assert_eq(a->nattrs, 1);
    cr_assert_str_eq(a->attrs[0].key, "voice");
    cr_assert_str_eq(a->attrs[0].value, "active");
    cr_assert_str_eq(b->relation, "partners", "relation defaults to the name");
    cr_assert(b->symmetric);
    cr_assert_eq(b->npatterns, 1);
    cr_assert_eq(r->relation_arg_types, (kg_typeset)7);
    kg_rules_free(r);
}

Test(rules_load, examples)
{
    kg_rules *r = must_load(
        "types:\n"
        "  - {name: CCG, gazetteer: [NHS Kent CCG]}\n"
        "  - {name: COMPANY, gazetteer: [Acme Ltd]}\n"
        "relations:\n"
        "  - {name: awards_contract, source: CCG, target: COMPANY,\n"
        "     patterns: [\"{source} awarded the contract to {target}\"]}\n"
        "examples:\n"
        "  - text: \"NHS Kent CCG awarded the contract to Acme Ltd.\"\n"
        "    edges:\n"
        "      - [awards_contract, NHS Kent CCG, Acme Ltd]\n"
        "      - {relation: awards_contract, source: X, target: Y, attrs: {value: \"£5m\"}}\n"
        "    entities: [{text: Acme Ltd, type: COMPANY}, {text: x, type: CCG, canonical: X}]\n"
        "  - text: Nothing here.\n"
        "    edges: none\n");
    cr_assert_eq(r->nexamples, 2);
    const kg_example *x = &r->examples[0];
    cr_assert_str_eq(x->text, "NHS Kent CCG awarded the contract to Acme Ltd.");
    cr_assert_eq(x->nedges, 2);
    cr_assert_str_eq(x->edges[0].relation, "awards_contract");
    cr_assert_str_eq(x->edges[0].source, "NHS Kent CCG");
    cr_assert_str_eq(x->edges[0].target, "Acme Ltd");
    cr_assert_eq(x->edges[1].nattrs, 1);
    cr_assert_str_eq(x->edges[1].attrs[0].value, "£5m");
    cr_assert_eq(x->nentities, 2);
    cr_assert_null(x->entities[0].canonical);
    cr_assert_str_eq(x->entities[1].canonical, "X");
    cr_assert_not(x->expect_none);
    cr_assert(r->examples[1].expect_none);
    cr_assert_eq(r->examples[1].nedges, 0);
    cr_assert_eq(r->examples[1].at.line, 13);
    kg_rules_free(r);
}

Test(rules_load, yaml_aliases_allowed)
{
    kg_rules *r = must_load("lists:\n"
                            "  a: &words [alpha, beta]\n"
                            "  b: *words\n"
                            "types:\n"
                            "  - {name: T, gazetteer: *words}\n");
    cr_assert_eq(r->nlists, 2);
    cr_assert_eq(r->gaz[0].nentries, 2);
    kg_rules_free(r);
}

Test(rules_load, includes_depth_first)
{
    const char *path = FIXTURES "/main.yaml";
    kg_rules *r = NULL;
    int rc = kg_rules_load(&r, &path, 1, NULL);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    /* sub/types.yaml, then lists.yaml, then main.yaml itself. */
    cr_assert_str_eq(r->files[0], FIXTURES "/main.yaml");
    cr_assert_str_eq(r->files[1], FIXTURES "/sub/types.yaml");
    cr_assert_str_eq(r->files[2], FIXTURES "/sub/names.tsv");
    cr_assert_str_eq(r->files[3], FIXTURES "/lists.yaml");
    cr_assert_eq(r->nrule_files, 3);
    cr_assert_eq(r->ntypes, 3);
    cr_assert_str_eq(r->types[0].name, "TRUST");
    cr_assert_str_eq(r->types[2].name, "CCG", "the including file's types come last");
    cr_assert_eq(r->nrel_rules, 1);
    cr_assert_eq(r->rel_rules[0].source_types, (kg_typeset)1 << 2);
    cr_assert(r->lists[0].used);
    kg_rules_summary s;
    kg_rules_summarize(r, &s);
    cr_assert_eq(s.files, 3);
    cr_assert_eq(s.types, 3);
    cr_assert_eq(s.gazetteer_names, 4);
    cr_assert_eq(s.gazetteer_aliases, 6);
    cr_assert_eq(s.entity_patterns, 1);
    cr_assert_eq(s.relation_rules, 1);
    cr_assert_eq(s.relation_patterns, 1);
    cr_assert_eq(s.relations, 1);
    cr_assert_eq(s.word_lists, 1);
    cr_assert_eq(s.examples, 1);
    kg_rules_free(r);
}

Test(rules_load, diamond_include_read_once)
{
    const char *paths[] = {FIXTURES "/diamond_top.yaml", FIXTURES "/diamond_base.yaml"};
    kg_rules *r = NULL;
    int rc = kg_rules_load(&r, paths, 2, NULL);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_eq(r->nrule_files, 4);
    cr_assert_eq(r->ntypes, 3);
    cr_assert_str_eq(r->types[0].name, "BASE");
    kg_rules_free(r);
}

Test(rules_load, summary_counts)
{
    kg_rules *r = must_load("lists:\n  l: [a]\n"
                            "types:\n"
                            "  - name: A\n"
                            "    gazetteer: [{name: Alpha Co, aliases: [Alpha, Alpha Company]}, Beta]\n"
                            "    patterns: [{tokens: \"@l %Cap\"}]\n"
                            "  - name: B\n"
                            "    gazetteer: [Beta]\n"
                            "relations:\n"
                            "  - {name: r1, relation: rel, source: A, target: B, patterns: [\"{source} x {target}\", \"{target} y {source}\"]}\n"
                            "  - {name: r2, relation: rel, source: B, target: A, patterns: [\"{source} z {target}\"]}\n");
    kg_rules_summary s;
    kg_rules_summarize(r, &s);
    cr_assert_eq(s.files, 1);
    cr_assert_eq(s.types, 2);
    cr_assert_eq(s.gazetteer_names, 2, "Beta is one canonical name");
    cr_assert_eq(s.gazetteer_aliases, 5);
    cr_assert_eq(s.entity_patterns, 1);
    cr_assert_eq(s.relation_rules, 2);
    cr_assert_eq(s.relation_patterns, 3);
    cr_assert_eq(s.relations, 1);
    cr_assert_eq(s.word_lists, 1);
    cr_assert_eq(s.examples, 0);
    kg_rules_free(r);
}

Test(rules_load, null_sections_are_empty)
{
    kg_rules *r = must_load("lists:\ntypes:\n  - name: T\n    gazetteer:\n    patterns:\n"
                            "relations:\nexamples:\n");
    cr_assert_eq(r->ntypes, 1);
    cr_assert_eq(r->nlists, 0);
    kg_rules_free(r);
}

Test(rules_load, names_resolved_after_all_files)
{
    /* The relation and its list come before the type and list they use. */
    char *dir = temp_dir();
    const char *a = "relations:\n"
                    "  - {name: r, source: LATE, target: LATE, patterns: [\"{source} @later {target}\"]}\n";
    const char *b = "lists: {later: [meets]}\ntypes: [{name: LATE, gazetteer: [x]}]\n";
    char *pa = write_temp(dir, "a.yaml", a, strlen(a));
    char *pb = write_temp(dir, "b.yaml", b, strlen(b));
    const char *paths[] = {pa, pb};
    kg_rules *r = NULL;
    cr_assert_eq(kg_rules_load(&r, paths, 2, NULL), 0, "%s", kg_error_last());
    cr_assert_eq(r->rel_rules[0].source_types, (kg_typeset)1);
    cr_assert(r->lists[0].used);
    kg_rules_free(r);
    unlink(pa);
    unlink(pb);
    rmdir(dir);
    free(pa);
    free(pb);
    free(dir);
}

Test(rules_load, string_includes_relative_to_name)
{
    const char *y = "include: lists.yaml\ntypes: [{name: T, gazetteer: [x], patterns: [{tokens: \"@funding_verbs\"}]}]\n";
    kg_rules *r = NULL;
    int rc = kg_rules_load_string(&r, FIXTURES "/virtual.yaml", y, strlen(y), NULL);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_str_eq(r->files[1], FIXTURES "/lists.yaml");
    cr_assert_eq(r->nlists, 1);
    kg_rules_free(r);
}

Test(rules_load, include_key_anywhere_loads_first)
{
    const char *y = "types: [{name: MINE, gazetteer: [x]}]\ninclude: diamond_base.yaml\n";
    kg_rules *r = NULL;
    int rc = kg_rules_load_string(&r, FIXTURES "/virtual.yaml", y, strlen(y), NULL);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_str_eq(r->types[0].name, "BASE");
    cr_assert_str_eq(r->types[1].name, "MINE");
    kg_rules_free(r);
}
