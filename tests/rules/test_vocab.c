/*
 * tests/rules/test_vocab.c: the compiled structures behind the matcher's
 * filters: the word-list vocabulary (kg_rules.vocab, one id per key, bits
 * for one-token entries and phrase heads, prefixes grouped by first byte),
 * regexes among a program's first-token tests, anchor sets with many
 * words (and their bloom), and which programs are bounded.
 */
#include "helpers.h"

/* The bits of key in `bits` (one or head) for list l. */
static bool vocab_bit(const kg_rules *r, const char *key, bool head, size_t l)
{
    const kg_vocab *v = &r->vocab;
    intptr_t id;
    if (!kg_map_get(v->ids, key, strlen(key), &id)) return false;
    const uint64_t *b = (head ? v->head : v->one) + (size_t)id * v->width;
    return b[l / 64] >> (l % 64) & 1;
}

static size_t list_index(const kg_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nlists; i++)
        if (r->lists[i].name && strcmp(r->lists[i].name, name) == 0) return i;
    cr_assert_fail("no list %s", name);
    return 0;
}

Test(rules_vocab, one_token_entries_and_phrase_heads)
{
    kg_rules *r = must_load("lists:\n"
                            "  a: [trust, \"the trust\", \"NHS trust\"]\n"
                            "  b: [Trust, council, \"the council\"]\n");
    size_t a = list_index(r, "a"), b = list_index(r, "b");
    cr_assert_eq(r->vocab.nlists, r->nlists);
    cr_assert(vocab_bit(r, "trust", false, a));
    cr_assert(vocab_bit(r, "trust", false, b));
    cr_assert_not(vocab_bit(r, "trust", true, a));
    cr_assert(vocab_bit(r, "the", true, a));
    cr_assert(vocab_bit(r, "the", true, b));
    cr_assert_not(vocab_bit(r, "the", false, a));
    cr_assert(vocab_bit(r, "nhs", true, a));
    cr_assert_not(vocab_bit(r, "nhs", true, b));
    cr_assert(vocab_bit(r, "council", false, b));
    cr_assert_not(vocab_bit(r, "council", false, a));
    intptr_t id;
    cr_assert_not(kg_map_get(r->vocab.ids, "council ", 8, &id));
    kg_rules_free(r);
}

/* Prefix entries are grouped by first byte, in list order within a group. */
Test(rules_vocab, prefixes_by_first_byte)
{
    kg_rules *r = must_load("lists:\n"
                            "  a: [award*, sign*, agree*]\n"
                            "  b: [appoint*]\n");
    const kg_vocab *v = &r->vocab;
    cr_assert_eq(v->nprefixes, 4);
    unsigned char ca = 'a', cs = 's';
    cr_assert_eq(v->prefix_at[ca + 1] - v->prefix_at[ca], 3);
    cr_assert_str_eq(v->prefixes[v->prefix_at[ca]].str, "award");
    cr_assert_str_eq(v->prefixes[v->prefix_at[ca] + 1].str, "agree");
    cr_assert_str_eq(v->prefixes[v->prefix_at[ca] + 2].str, "appoint");
    cr_assert_eq(v->prefixes[v->prefix_at[ca] + 2].list, list_index(r, "b"));
    cr_assert_eq(v->prefix_at[cs + 1] - v->prefix_at[cs], 1);
    cr_assert_eq(v->prefixes[v->prefix_at[cs]].len, 4);
    cr_assert_eq(v->prefix_at[256], 4);
    kg_rules_free(r);
}

/* More than 64 lists: the bitsets take several words. */
Test(rules_vocab, lists_beyond_the_first_word)
{
    kg_buf y = KG_BUF_INIT;
    kg_buf_puts(&y, "lists:\n");
    for (int i = 0; i < 70; i++) kg_buf_printf(&y, "  l%d: [w%d, \"x w%d\"]\n", i, i, i);
    kg_rules *r = must_load(y.ptr);
    cr_assert_eq(r->vocab.width, 2);
    size_t l69 = list_index(r, "l69");
    cr_assert_geq(l69, 64);
    cr_assert(vocab_bit(r, "w69", false, l69));
    cr_assert_not(vocab_bit(r, "w68", false, l69));
    cr_assert(vocab_bit(r, "x", true, l69));
    cr_assert(vocab_bit(r, "x", true, list_index(r, "l0")));
    kg_rules_free(r);
    kg_buf_free(&y);
}

#define ENT(p) \
    "types:\n" \
    "  - name: ORG\n" \
    "    patterns:\n" \
    "      - tokens: '" p "'\n"

/* A regex at the first token is one of the start filter's tests. */
Test(rules_vocab, regex_among_first_tests)
{
    kg_rules *r = must_load(ENT("(/^[0-9]+[A-Z]+$/ | =Acme) Labs"));
    const kg_program *p = &r->ent_rules[0].prog;
    cr_assert_eq(p->nfirst, 2);
    int regexes = 0;
    for (uint8_t i = 0; i < p->nfirst; i++) regexes += p->code[p->first[i]].op == KG_OP_REGEX;
    cr_assert_eq(regexes, 1);
    cr_assert(p->bounded);
    kg_rules_free(r);
}

/* Fourteen alternative words still anchor; the set is words only and its
 * bloom holds each word's hash. */
Test(rules_vocab, many_words_anchor_with_a_bloom)
{
    kg_rules *r = must_load(ENT("%Cap{1,3} (=W1 | =W2 | =W3 | =W4 | =W5 | =W6 | =W7 | =W8 | =W9 "
                                "| =W10 | =W11 | =W12 | =W13 | =W14)"));
    const kg_program *p = &r->ent_rules[0].prog;
    cr_assert_eq(p->nanchors, 1);
    cr_assert_eq(p->anchors[0].n, 14);
    cr_assert(p->anchors[0].words_only);
    cr_assert(kg_anchor_bloom(&p->anchors[0], kg_hash("w14", 3)));
    cr_assert(kg_anchor_bloom(&p->anchors[0], kg_hash("w1", 2)));
    kg_rules_free(r);
}

/* A list anchor makes the set more than words; a slot makes a program
 * unbounded (a slot takes in a whole mention). */
Test(rules_vocab, list_anchor_and_slots)
{
    kg_rules *r = must_load("types:\n"
                            "  - name: A\n"
                            "    gazetteer: [Kent CCG]\n"
                            "    patterns:\n"
                            "      - tokens: '%Cap (@ends | =Group)'\n"
                            "lists:\n"
                            "  ends: [board]\n"
                            "relations:\n"
                            "  - name: r\n"
                            "    source: A\n"
                            "    target: A\n"
                            "    patterns:\n"
                            "      - '{source} meets {target}'\n");
    const kg_program *p = &r->ent_rules[0].prog;
    cr_assert_eq(p->nanchors, 1);
    cr_assert_not(p->anchors[0].words_only);
    cr_assert(p->bounded);
    cr_assert_not(r->rel_rules[0].patterns[0].bounded);
    kg_rules_free(r);
}
