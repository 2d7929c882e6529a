/*
 * tests/rules/test_pattern.c: the token-pattern language's compile-time
 * checks, each with its exact message: unbounded gaps and repetitions,
 * unknown lists and types (with did-you-mean), missing slots, bad regexes.
 */
#include "helpers.h"

#define HEAD \
    "types:\n" \
    "  - name: BUYER\n" \
    "    gazetteer: [Kent CCG]\n" \
    "  - name: FIRM\n" \
    "    gazetteer: [Acme Ltd]\n" \
    "lists:\n" \
    "  award_verbs: [award*]\n" \
    "relations:\n" \
    "  - name: r\n" \
    "    source: BUYER\n" \
    "    target: FIRM\n" \
    "    patterns:\n"

#define PAT(p) HEAD "      - '" p "'\n"

Test(rules_pattern, unbounded_gap_is_refused)
{
    expect_error(PAT("{source} [0-*] {target}"),
                 "rules.yaml:13:19: unbounded gap: give an upper bound such as [0-8]\n"
                 "        - '{source} [0-*] {target}'\n"
                 "                    ^");
}

Test(rules_pattern, gap_bound_too_large)
{
    expect_error(PAT("{source} [0-99] {target}"),
                 "rules.yaml:13:19: gap bounds must satisfy 0 <= min <= max <= 50\n"
                 "        - '{source} [0-99] {target}'\n"
                 "                    ^");
}

Test(rules_pattern, unbounded_repetition_is_refused)
{
    expect_error(PAT("{source} (very)+ {target}"),
                 "rules.yaml:13:25: unbounded repetition '+': give a bound such as {1,5}\n"
                 "        - '{source} (very)+ {target}'\n"
                 "                          ^");
}

Test(rules_pattern, unknown_word_list_did_you_mean)
{
    expect_error(PAT("{source} @award_verb {target}"),
                 "rules.yaml:13:19: unknown word list 'award_verb' (did you mean 'award_verbs'?)\n"
                 "        - '{source} @award_verb {target}'\n"
                 "                    ^~~~~~~~~~~");
}

Test(rules_pattern, unknown_type_in_gap)
{
    expect_error(PAT("{source} [0-3 !FRIM] {target}"),
                 "rules.yaml:13:25: unknown entity type 'FRIM' (did you mean 'FIRM'?)\n"
                 "        - '{source} [0-3 !FRIM] {target}'\n"
                 "                          ^~~~");
}

Test(rules_pattern, missing_target_slot)
{
    expect_error(PAT("{source} awarded"),
                 "rules.yaml:13:10: the pattern has no {target} slot\n"
                 "        - '{source} awarded'\n"
                 "           ^");
}

Test(rules_pattern, optional_slot_is_refused)
{
    expect_error(PAT("{source}? awarded {target}"),
                 "rules.yaml:13:10: a slot cannot be optional, repeated or negated, nor a capture negated\n"
                 "        - '{source}? awarded {target}'\n"
                 "           ^");
}

Test(rules_pattern, invalid_token_regex_has_position)
{
    expect_error(PAT("{source} /(abc/ {target}"),
                 "rules.yaml:13:24: invalid regex: missing closing parenthesis at offset 4\n"
                 "        - '{source} /(abc/ {target}'\n"
                 "                         ^");
}

Test(rules_pattern, unknown_class)
{
    expect_error(PAT("{source} %Capital {target}"),
                 "rules.yaml:13:19: unknown token class '%Capital': use %Cap, %Upper, %Lower, %Num, %Word, %Punct or %Any\n"
                 "        - '{source} %Capital {target}'\n"
                 "                    ^");
}

Test(rules_pattern, slot_in_entity_pattern)
{
    expect_error("types:\n  - name: T\n    patterns:\n      - tokens: '{source} Ltd'\n",
                 "rules.yaml:4:18: slot '{source}' is only allowed in relation patterns\n"
                 "        - tokens: '{source} Ltd'\n"
                 "                   ^");
}

Test(rules_pattern, program_shape)
{
    kg_rules *r = must_load(PAT("{source} has? @award_verbs [0-2 !ENT -not] to {target}"));
    const kg_program *p = &r->rel_rules[0].patterns[0];
    cr_assert_eq(p->n, 8);
    cr_assert_eq(p->code[0].op, KG_OP_SLOT);
    cr_assert_eq(p->code[1].op, KG_OP_SPLIT);
    cr_assert_eq(p->code[2].op, KG_OP_WORD);
    cr_assert_eq(p->code[3].op, KG_OP_LIST);
    cr_assert_eq(p->code[4].op, KG_OP_GAP);
    cr_assert(p->code[4].gap_no_entity);
    cr_assert_geq(p->code[4].gap_excl_list, 0);
    cr_assert_eq(p->code[5].op, KG_OP_WORD);
    cr_assert_eq(p->code[6].op, KG_OP_SLOT);
    cr_assert_eq(p->min_len, 4);
    cr_assert_eq(p->max_len, 7);
    kg_rules_free(r);
}

/* The text of span sp of program p (caller frees). */
static char *span_text(const kg_program *p, kg_srcspan sp)
{
    cr_assert_leq(sp.off + sp.len, strlen(p->source));
    return kg_xstrndup(p->source + sp.off, sp.len);
}

static void expect_spans(const kg_program *p, size_t pc, const char *span, const char *top)
{
    char *a = span_text(p, p->code[pc].span), *b = span_text(p, p->code[pc].top);
    cr_assert_str_eq(a, span, "span of instruction %zu", pc);
    cr_assert_str_eq(b, top, "top of instruction %zu", pc);
    free(a);
    free(b);
}

Test(rules_pattern, instructions_carry_their_source_spans)
{
    /* the compiler records, for each instruction, the element it came from
     * and the outermost element around it (what explain shows) */
    kg_rules *r = must_load(PAT("{source} has? (=Awarded | \"gave out\") [0-2 !ENT -not] !<not to {target}"));
    const kg_program *p = &r->rel_rules[0].patterns[0];
    size_t pc = 0;
    expect_spans(p, pc++, "{source}", "{source}");
    expect_spans(p, pc++, "has?", "has?");             /* SPLIT of the '?' */
    expect_spans(p, pc++, "has", "has?");              /* WORD has */
    expect_spans(p, pc++, "(=Awarded | \"gave out\")", "(=Awarded | \"gave out\")"); /* SPLIT */
    expect_spans(p, pc++, "=Awarded", "(=Awarded | \"gave out\")");
    expect_spans(p, pc++, "(=Awarded | \"gave out\")", "(=Awarded | \"gave out\")"); /* JMP */
    expect_spans(p, pc++, "\"gave out\"", "(=Awarded | \"gave out\")");        /* gave */
    expect_spans(p, pc++, "\"gave out\"", "(=Awarded | \"gave out\")");        /* out */
    expect_spans(p, pc++, "[0-2 !ENT -not]", "[0-2 !ENT -not]");
    expect_spans(p, pc++, "!<not", "!<not");           /* NOTBEFORE */
    expect_spans(p, pc++, "not", "!<not");             /* its test */
    expect_spans(p, pc++, "to", "to");
    expect_spans(p, pc++, "{target}", "{target}");
    cr_assert_eq(p->code[pc].op, KG_OP_MATCH);
    cr_assert_eq(p->code[pc].span.len, 0);
    cr_assert_eq(pc + 1, p->n);
    kg_rules_free(r);
}

/* The matcher's filters (kg_program.first and .anchors): the slot is the
 * only test of the first token; the word list and "to" are in every
 * match, the optional "has" is not. */
Test(rules_pattern, start_and_sentence_filters)
{
    kg_rules *r = must_load(PAT("{source} has? @award_verbs [0-2 !ENT -not] to {target}"));
    const kg_program *p = &r->rel_rules[0].patterns[0];
    cr_assert_eq(p->nfirst, 1);
    cr_assert_eq(p->first[0], 0);
    cr_assert_eq(p->nanchors, 2);
    cr_assert_eq(p->anchors[0].n, 1);
    cr_assert_eq(p->anchors[0].alt[0].op, KG_OP_LIST);
    cr_assert_eq(p->anchors[0].alt[0].list, p->code[3].list);
    cr_assert_eq(p->anchors[1].n, 1);
    cr_assert_eq(p->anchors[1].alt[0].op, KG_OP_WORD);
    cr_assert_eq(p->anchors[1].alt[0].hash, kg_hash("to", 2));
    kg_rules_free(r);
}

/* A case-sensitive word anchors by its folded key; an alternation anchors
 * by the union of its branches; a gap first means no start filter. */
Test(rules_pattern, filters_of_alternatives_and_gaps)
{
    kg_rules *r = must_load(PAT("[0-2] {source} (=Awarded | gave) {target}"));
    const kg_program *p = &r->rel_rules[0].patterns[0];
    cr_assert_eq(p->nfirst, 0);
    cr_assert_eq(p->nanchors, 1);
    cr_assert_eq(p->anchors[0].n, 2);
    cr_assert_eq(p->anchors[0].alt[0].hash, kg_hash("awarded", 7));
    cr_assert_eq(p->anchors[0].alt[1].hash, kg_hash("gave", 4));
    kg_rules_free(r);
}

/* Phrases are chained by first key in list order, behind the single words. */
Test(rules_pattern, phrases_by_first_key)
{
    kg_rules *r = must_load("lists:\n"
                            "  v: [signed, \"signed a deal with\", \"agreed a deal\", "
                            "\"signed with\"]\n");
    const kg_wordlist *l = &r->lists[0];
    cr_assert_eq(l->nphrases, 3);
    intptr_t head = -1;
    cr_assert(kg_map_get(l->phrase_heads, "signed", 6, &head));
    cr_assert_eq(head, 0);
    cr_assert_eq(l->phrase_next[0], 2);
    cr_assert_eq(l->phrase_next[2], -1);
    cr_assert(kg_map_get(l->phrase_heads, "agreed", 6, &head));
    cr_assert_eq(head, 1);
    cr_assert_eq(l->phrase_next[1], -1);
    kg_rules_free(r);
}
