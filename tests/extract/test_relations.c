/*
 * tests/extract/test_relations.c: one test per relation-pattern construct:
 * literals, alternatives, wildcards, optional elements, bounded gaps, gaps
 * without entities, exclusions, passive role mapping, captures, word lists,
 * look-behind, constant attributes and symmetric relations.
 */
#include "helpers.h"

#define TYPES \
    "types:\n" \
    "  - name: BUYER\n" \
    "    gazetteer: [Kent CCG, Surrey CCG]\n" \
    "  - name: FIRM\n" \
    "    gazetteer: [Acme Ltd, Beta Ltd]\n" \
    "  - name: MONEY\n" \
    "    patterns: [{regex: '\xC2\xA3[0-9]+m'}]\n"

#define REL(pattern) \
    TYPES "relations:\n" \
    "  - name: award\n" \
    "    source: BUYER\n" \
    "    target: FIRM\n" \
    "    patterns: [\"" pattern "\"]\n"

Test(extract_relations, literal_words_case_insensitive)
{
    EXPECT_EDGES(REL("{source} awarded the contract to {target}"),
                 "Kent CCG AWARDED the Contract to Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, case_sensitive_literal)
{
    EXPECT_EDGES(REL("{source} =Awarded {target}"),
                 "Kent CCG awarded Acme Ltd. Surrey CCG Awarded Beta Ltd.",
                 "award Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, alternatives)
{
    EXPECT_EDGES(REL("{source} (awarded | gave | handed) {target}"),
                 "Kent CCG gave Acme Ltd a deal. Surrey CCG sold Beta Ltd a car.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, alternative_sequences)
{
    EXPECT_EDGES(REL("{source} (awarded | has given | was selling) {target}"),
                 "Kent CCG has given Acme Ltd a deal.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, prefix_wildcard)
{
    EXPECT_EDGES(REL("{source} award* {target}"),
                 "Kent CCG awards Acme Ltd a deal. Surrey CCG awarded Beta Ltd one.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, optional_element)
{
    EXPECT_EDGES(REL("{source} has? awarded {target}"),
                 "Kent CCG has awarded Acme Ltd. Surrey CCG awarded Beta Ltd.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, bounded_gap)
{
    EXPECT_EDGES(REL("{source} awarded [0-2] to {target}"),
                 "Kent CCG awarded the deal to Acme Ltd. Surrey CCG awarded a big new deal to Beta Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, gap_may_not_cross_an_entity)
{
    EXPECT_EDGES(REL("{source} [0-6 !ENT] awarded [0-3] to {target}"),
                 "Kent CCG and Surrey CCG awarded it to Acme Ltd.",
                 "award Surrey CCG -> Acme Ltd\n");
}

Test(extract_relations, gap_may_not_cross_given_types)
{
    EXPECT_EDGES(REL("{source} [0-6 !FIRM] awarded [0-3] to {target}"),
                 "Kent CCG and Surrey CCG awarded it to Acme Ltd. Kent CCG and Beta Ltd awarded it to Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Acme Ltd\n");
}

Test(extract_relations, gap_exclusions)
{
    EXPECT_EDGES(REL("{source} [0-3 -not -never] awarded [0-3] to {target}"),
                 "Kent CCG has not awarded it to Acme Ltd. Surrey CCG never awarded it to Beta Ltd. "
                 "Kent CCG has now awarded it to Beta Ltd.",
                 "award Kent CCG -> Beta Ltd\n");
}

Test(extract_relations, gap_exclusion_from_word_list)
{
    EXPECT_EDGES("lists:\n  neg: [not, \"n't\", never]\n"
                 REL("{source} [0-3 -@neg] awarded [0-3] to {target}"),
                 "Kent CCG didn't awarded it to Acme Ltd. Surrey CCG has awarded it to Beta Ltd.",
                 "award Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, passive_maps_roles)
{
    EXPECT_EDGES(REL("contract awarded to {target} by {source}"),
                 "The contract awarded to Acme Ltd by Kent CCG starts soon.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, capture_attribute)
{
    EXPECT_EDGES(REL("{source} awarded a {value:MONEY}? contract to {target}"),
                 "Kent CCG awarded a \xC2\xA3" "5m contract to Acme Ltd. Surrey CCG awarded a contract to Beta Ltd.",
                 "award Kent CCG -> Acme Ltd {value=\xC2\xA3" "5m}\n"
                 "award Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, word_list)
{
    EXPECT_EDGES("lists:\n  award_verbs: [award*, gave, \"signed a deal with\"]\n"
                 REL("{source} @award_verbs {target}"),
                 "Kent CCG signed a deal with Acme Ltd. Surrey CCG gave Beta Ltd work.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, look_behind)
{
    EXPECT_EDGES("lists:\n  cond: [if, unless]\n"
                 REL("!<@cond {source} awarded {target}"),
                 "If Kent CCG awarded Acme Ltd the deal, fine. Surrey CCG awarded Beta Ltd.",
                 "award Surrey CCG -> Beta Ltd\n");
}

Test(extract_relations, negative_lookahead)
{
    EXPECT_EDGES(REL("{source} awarded !the {target}"),
                 "Kent CCG awarded Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, constant_attributes)
{
    EXPECT_EDGES(TYPES "relations:\n"
                 "  - name: award\n    source: BUYER\n    target: FIRM\n"
                 "    attrs: {voice: active}\n"
                 "    patterns: [\"{source} awarded {target}\"]\n",
                 "Kent CCG awarded Acme Ltd.",
                 "award Kent CCG -> Acme Ltd {voice=active}\n");
}

Test(extract_relations, relation_name_and_symmetric)
{
    EXPECT_EDGES(TYPES "relations:\n"
                 "  - name: merge_rule\n    relation: merges_with\n    symmetric: true\n"
                 "    source: FIRM\n    target: FIRM\n"
                 "    patterns: [\"{source} and {target} merged\", \"{source} merged with {target}\"]\n",
                 "Acme Ltd and Beta Ltd merged, and Beta Ltd merged with Acme Ltd.",
                 "merges_with Acme Ltd -> Beta Ltd\n");
}

Test(extract_relations, one_edge_per_sentence_and_pair)
{
    EXPECT_EDGES(TYPES "relations:\n"
                 "  - name: a1\n    relation: award\n    source: BUYER\n    target: FIRM\n"
                 "    patterns: [\"{source} awarded {target}\"]\n"
                 "  - name: a2\n    relation: award\n    source: BUYER\n    target: FIRM\n"
                 "    patterns: [\"{source} [0-3] {target}\"]\n",
                 "Kent CCG awarded Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_relations, slot_types_are_enforced)
{
    EXPECT_EDGES(REL("{source} awarded {target}"),
                 "Acme Ltd awarded Beta Ltd.",
                 "");
}

Test(extract_relations, several_edges_in_one_sentence)
{
    EXPECT_EDGES(REL("{source} awarded [0-3 !ENT] {target}"),
                 "Kent CCG awarded Acme Ltd a deal and Surrey CCG awarded Beta Ltd one.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Beta Ltd\n");
}

static int write_edge(void *ud, const kg_edge *e) { return kg_edge_write(ud, e); }

Test(extract_relations, edge_provenance)
{
    kg_rules *r = load_rules(REL("{source} awarded {target}"));
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, r);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    const char *text = "\xEF\xBB\xBFIntro line.\r\n\r\nKent  CCG\nawarded Acme Ltd \x01\xFF.";
    kg_sink sink = {.edge = write_edge, .ud = fp};
    cr_assert_eq(kg_extract_doc(ex, "d.txt", text, strlen(text), &sink), 0);
    fclose(fp);
    cr_assert_str_eq(buf,
        "{\"doc\":\"d.txt\",\"line\":3,\"start\":18,\"end\":48,\"relation\":\"award\","
        "\"source\":\"Kent CCG\",\"source_type\":\"BUYER\",\"source_text\":\"Kent CCG\","
        "\"target\":\"Acme Ltd\",\"target_type\":\"FIRM\",\"target_text\":\"Acme Ltd\","
        "\"rule\":\"award\",\"rule_at\":\"rules.yaml:12\",\"evidence\":"
        "\"Kent CCG awarded Acme Ltd \\u0001\xEF\xBF\xBD.\",\"attrs\":{}}\n");
    free(buf);
    kg_extractor_free(ex);
    kg_rules_free(r);
}

/* The matcher's filters skip starts and sentences that cannot match, never
 * one that can: a phrase sharing its first word with others, a
 * case-sensitive word found only by its folded key, a sentence without it. */
Test(extract_relations, filters_keep_every_match)
{
    const char *yaml = TYPES "lists:\n"
                             "  verbs: [signed, \"signed a deal with\", \"signed with\"]\n"
                             "relations:\n"
                             "  - name: award\n"
                             "    source: BUYER\n"
                             "    target: FIRM\n"
                             "    patterns: [\"{source} @verbs {target}\", "
                             "\"{source} =Chose [0-2] {target}\"]\n";
    EXPECT_EDGES(yaml,
                 "Kent CCG signed a deal with Acme Ltd. Surrey CCG signed with Beta Ltd. "
                 "Kent CCG chose Beta Ltd. Surrey CCG Chose the firm Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Beta Ltd\n"
                 "award Surrey CCG -> Acme Ltd\n");
}
