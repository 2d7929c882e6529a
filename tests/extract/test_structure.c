/*
 * tests/extract/test_structure.c: the `slots:` section read by the relation
 * matcher (extract/structure.c): lead phrases, brackets, appositions and
 * coordination, each switched on alone, and each off by default.
 */
#include "helpers.h"

#define TYPES \
    "types:\n" \
    "  - name: BUYER\n" \
    "    gazetteer: [Kent CCG, Surrey CCG]\n" \
    "  - name: FIRM\n" \
    "    gazetteer: [Acme Ltd, Beta Ltd, Gamma Ltd]\n" \
    "  - name: PERSON\n" \
    "    gazetteer: [Jo Roe]\n"

#define AWARD \
    "relations:\n" \
    "  - name: award\n" \
    "    source: BUYER\n" \
    "    target: FIRM\n" \
    "    patterns: [\"{source} awarded the contract to {target}\", \"{source} hired {target} for\"]\n" \
    "  - name: partner\n" \
    "    symmetric: true\n" \
    "    source: [BUYER, FIRM]\n" \
    "    target: [BUYER, FIRM]\n" \
    "    patterns: [\"{source} (and | ,) {target} [0-3] formed\"]\n"

Test(extract_structure, nothing_without_the_section)
{
    EXPECT_EDGES(TYPES AWARD, "Kent CCG awarded the contract to the firm Acme Ltd.", "");
}

Test(extract_structure, lead_phrases_before_a_slot)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  lead: [the, a, \"@desc\"]\nlists:\n  desc: [firm, \"law firm\", private]\n",
                 "Kent CCG awarded the contract to the private law firm Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, a_long_lead_may_end_in_a_comma)
{
    /* "the private firm, Acme Ltd" reaches Acme; "the, Acme Ltd" does not */
    EXPECT_EDGES(TYPES AWARD "slots:\n  lead: [the, a, private, firm]\n",
                 "Kent CCG awarded the contract to the private firm, Acme Ltd. "
                 "Surrey CCG awarded the contract to the, Beta Ltd.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, lead_phrases_are_bounded)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  lead: [the, firm]\n",
                 "Kent CCG awarded the contract to the firm the firm the Acme Ltd.", "");
}

Test(extract_structure, bracket_after_a_slot)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  brackets: true\n",
                 "Kent CCG (KCCG) hired Acme Ltd for audits. Surrey CCG (with Beta Ltd) hired Gamma Ltd for tax.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, bracket_holding_an_acronym_of_the_same_type)
{
    /* SCCG is a name of its own (another canonical name), yet in brackets
     * right after a BUYER it is that buyer's acronym */
    EXPECT_EDGES("types:\n  - name: BUYER\n    gazetteer: [Surrey CCG, SCCG]\n"
                 "  - name: FIRM\n    gazetteer: [Acme Ltd]\n" AWARD "slots:\n  brackets: true\n",
                 "Surrey CCG (SCCG) hired Acme Ltd for audits.",
                 "award Surrey CCG -> Acme Ltd\n");
}

Test(extract_structure, apposition_after_a_slot)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  appositions: true\n  lead: [a, the]\n",
                 "Kent CCG, a body with a big budget, hired Acme Ltd for audits. "
                 "Surrey CCG, the partner of Beta Ltd, hired Gamma Ltd for tax.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, coordination_gives_every_member)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  coordination: true\n",
                 "Kent CCG and Surrey CCG hired Acme Ltd for audits.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Acme Ltd\n");
}

Test(extract_structure, coordination_pairs_up_a_symmetric_list)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  coordination: true\n",
                 "Acme Ltd, Beta Ltd and Gamma Ltd have formed a venture.",
                 "partner Beta Ltd -> Gamma Ltd\npartner Acme Ltd -> Beta Ltd\n"
                 "partner Acme Ltd -> Gamma Ltd\n");
}

Test(extract_structure, relative_clause_after_a_slot)
{
    /* the clause may name other entities; it must close with a comma */
    EXPECT_EDGES(TYPES AWARD "slots:\n  relatives: true\n",
                 "Kent CCG, which once hired Beta Ltd for tax, hired Acme Ltd for audits. "
                 "Surrey CCG, which hired Beta Ltd for tax hired Gamma Ltd for audits.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, no_argument_from_inside_a_relative_clause)
{
    /* Beta Ltd ends the clause, yet "Beta Ltd , hired" is no match */
    EXPECT_EDGES("types:\n  - name: FIRM\n    gazetteer: [Acme Ltd, Beta Ltd, Gamma Ltd]\n"
                 "relations:\n  - name: r\n    source: FIRM\n    target: FIRM\n"
                 "    patterns: [\"{source} [0-2] hired {target}\"]\n"
                 "slots:\n  relatives: true\n",
                 "Acme Ltd, which bought Beta Ltd, hired Gamma Ltd.",
                 "r Acme Ltd -> Gamma Ltd\n");
}

Test(extract_structure, a_list_inside_a_relative_clause)
{
    /* the clause's own commas ("Beta Ltd, Gamma Ltd and ...") do not end it */
    EXPECT_EDGES("types:\n  - name: FIRM\n    gazetteer: [Acme Ltd, Beta Ltd, Gamma Ltd, Delta Ltd, Zed Ltd]\n"
                 "relations:\n  - name: r\n    source: FIRM\n    target: FIRM\n"
                 "    patterns: [\"{source} hired {target}\"]\n"
                 "slots:\n  relatives: true\n",
                 "Acme Ltd, which bought Beta Ltd, Gamma Ltd and Delta Ltd, hired Zed Ltd.",
                 "r Acme Ltd -> Zed Ltd\n");
}

Test(extract_structure, aside_phrases_open_an_apposition)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  appositions: true\n  asides: [\"together with\"]\n",
                 "Kent CCG, together with two councils, hired Acme Ltd for audits. "
                 "Surrey CCG, unlike two councils, hired Gamma Ltd for tax.",
                 "award Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, a_slot_may_take_the_whole_coordination)
{
    EXPECT_EDGES(TYPES "relations:\n  - name: award\n    source: BUYER\n    target: FIRM\n"
                 "    patterns: [\"awarded by {source} to {target}\"]\n"
                 "slots:\n  coordination: true\n",
                 "It was awarded by Kent CCG and Surrey CCG to Acme Ltd.",
                 "award Kent CCG -> Acme Ltd\naward Surrey CCG -> Acme Ltd\n");
}

Test(extract_structure, list_items_are_a_coordination)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  coordination: true\n",
                 "They formed it:\n- Acme Ltd\n- Beta Ltd\n- Gamma Ltd\n",
                 "");
    EXPECT_EDGES(TYPES "relations:\n  - name: p\n    symmetric: true\n    source: FIRM\n"
                 "    target: FIRM\n    patterns: [\"formed it : [0-1] {source} [0-2] {target}\"]\n"
                 "slots:\n  coordination: true\n",
                 "They formed it:\n- Acme Ltd\n- Beta Ltd\n- Gamma Ltd\n",
                 "p Acme Ltd -> Beta Ltd\np Acme Ltd -> Gamma Ltd\np Beta Ltd -> Gamma Ltd\n");
}

Test(extract_structure, words_inside_the_list_keep_the_edge_to_one_member)
{
    /* "(for audits)" sits between Kent CCG and the next member: the edge
     * is Kent's alone; "hired" after the list reaches both */
    EXPECT_EDGES(TYPES "relations:\n  - name: r\n    source: BUYER\n    target: FIRM\n"
                 "    patterns: [\"{source} \\\"(\\\" for audits \\\")\\\" [0-8] {target}\"]\n"
                 "slots:\n  coordination: true\n  brackets: true\n",
                 "Kent CCG (for audits) and Surrey CCG named Acme Ltd.",
                 "r Kent CCG -> Acme Ltd\n");
}

Test(extract_structure, an_acronym_in_brackets_is_no_member)
{
    EXPECT_EDGES("types:\n  - name: FIRM\n    gazetteer: [Acme Ltd, Beta Ltd, BL, Gamma Ltd]\n"
                 "relations:\n  - name: p\n    symmetric: true\n    source: FIRM\n    target: FIRM\n"
                 "    patterns: [\"{source} and {target} formed\"]\n"
                 "slots:\n  coordination: true\n  brackets: true\n",
                 "Acme Ltd, Beta Ltd (BL) and Gamma Ltd formed a venture.",
                 "p Beta Ltd -> Gamma Ltd\np Acme Ltd -> Beta Ltd\np Acme Ltd -> Gamma Ltd\n");
}

Test(extract_structure, source_alone_pairs_up_its_coordination)
{
    const char *rules = TYPES "relations:\n  - name: p\n    symmetric: true\n    source: FIRM\n"
                        "    target: FIRM\n    patterns: [\"{source} merged\"]\n"
                        "slots:\n  coordination: true\n";
    EXPECT_EDGES(rules, "Acme Ltd, Beta Ltd and Gamma Ltd merged.",
                 "p Acme Ltd -> Beta Ltd\np Acme Ltd -> Gamma Ltd\np Beta Ltd -> Gamma Ltd\n");
    EXPECT_EDGES(rules, "Acme Ltd merged.", "");
}

Test(extract_structure, commas_alone_make_no_list)
{
    EXPECT_EDGES(TYPES AWARD "slots:\n  coordination: true\n",
                 "Kent CCG, Surrey CCG hired Acme Ltd for audits.",
                 "award Surrey CCG -> Acme Ltd\n");
}

Test(extract_structure, coordination_off_by_default)
{
    EXPECT_EDGES(TYPES AWARD, "Kent CCG and Surrey CCG hired Acme Ltd for audits.",
                 "award Surrey CCG -> Acme Ltd\n");
}
